/*
 * Integer floor_divide / remainder / fmod (src/kernels/intdiv.c) in every ISA,
 * the baseline included, against C's division per element (ufunc_scalar.h's
 * fdiv_*, mod_*, tmod_*: NumPy's rules), values and error bits: by scalar
 * divisors (every 8-bit one; zero, +-1, powers of two, MIN, MAX and random
 * ones for wider types), by array divisors, exactly in place, at lengths that
 * exercise every vector tail.
 */
#include <string.h>

#include "test.h"
#include "ufunc_scalar.h"

enum { OPS = 3, LEN = 1031 };
static const rp_op ops[OPS] = {RP_OP_floor_divide, RP_OP_remainder, RP_OP_fmod};

/* The reference: one element of op on dtype dt, via C's division. */
#define REF_CASE(T, S, FM)                                                                         \
    {                                                                                              \
        T x, y, z;                                                                                 \
        memcpy(&x, a, sizeof x);                                                                   \
        memcpy(&y, b, sizeof y);                                                                   \
        z = op == 0 ? fdiv_##S(x, y, st) : op == 1 ? mod_##S(x, y, st) : FM##_##S(x, y, st);       \
        memcpy(o, &z, sizeof z);                                                                   \
        return;                                                                                    \
    }
static void ref_one(int op, rp_dtype dt, const char *a, const char *b, char *o, unsigned *st)
{
    switch (dt) {
    case RP_INT8: REF_CASE(int8_t, int8, tmod)
    case RP_INT16: REF_CASE(int16_t, int16, tmod)
    case RP_INT32: REF_CASE(int32_t, int32, tmod)
    case RP_INT64: REF_CASE(int64_t, int64, tmod)
    case RP_UINT8: REF_CASE(uint8_t, uint8, mod)
    case RP_UINT16: REF_CASE(uint16_t, uint16, mod)
    case RP_UINT32: REF_CASE(uint32_t, uint32, mod)
    case RP_UINT64: REF_CASE(uint64_t, uint64, mod)
    default: return;
    }
}

static int64_t special(int i, int bits, bool sgn)
{
    const int64_t max = sgn ? (int64_t)(UINT64_MAX >> (65 - bits)) : -1;
    const int64_t min = sgn ? -max - 1 : 0;
    const int64_t p2 = (int64_t)1 << (bits - 2), ph = (int64_t)1 << (bits / 2);
    const int64_t v[] = {0,   1,   -1,      2,       -2, 3,      -3,     7,
                         -7,  10,  max,     min,     max - 1, min + 1, p2, -p2,
                         (int64_t)((uint64_t)1 << (bits - 1)), ph, ph + 1, 641};
    return v[i % (int)(sizeof v / sizeof *v)];
}
enum { NSPECIAL = 20 };

static char av[LEN * 8], bv[LEN * 8], got[LEN * 8], want[LEN * 8];

static void fill(rp_rng *r, rp_dtype dt, char *p, rp_intp n, bool sgn)
{
    const int bits = 8 * (int)rp_dtype_size(dt);
    for (rp_intp i = 0; i < n; i++) {
        int mode = (int)rp_rng_range(r, 0, 3);
        int64_t v = mode == 0   ? special((int)rp_rng_range(r, 0, NSPECIAL - 1), bits, sgn)
                    : mode == 1 ? (int64_t)rp_rng_range(r, -300, 300)
                                : (int64_t)rp_rng_next(r);
        memcpy(p + i * (rp_intp)rp_dtype_size(dt), &v, rp_dtype_size(dt));
    }
}

/* Kernel k over n elements (a, b with step sb, out at o) against ref_one. */
static bool check(rp_kernel k, int op, rp_dtype dt, rp_intp n, rp_intp sb, char *o, const char *a0,
                  const char *b0)
{
    const rp_intp sz = (rp_intp)rp_dtype_size(dt);
    unsigned want_st = 0, got_st = 0;
    for (rp_intp i = 0; i < n; i++)
        ref_one(op, dt, a0 + i * sz, b0 + (sb ? i * sz : 0), want + i * sz, &want_st);
    char *args[3] = {av, bv, o};
    rp_intp steps[3] = {sz, sb, sz};
    rp_ufunc_ctx c = {1.0, 0, &got_st};
    k(args, n, steps, &c);
    return memcmp(o, want, (size_t)(n * sz)) == 0 && got_st == want_st;
}

void test_intdiv(void)
{
    rp_kernel_table tables[RP_ISA_COUNT];
    rp_isa tested[RP_ISA_COUNT];
    const int nt = rp_test_isa_tables(tables, tested, "intdiv");
    static const rp_dtype dts[] = {RP_INT8,  RP_INT16,  RP_INT32,  RP_INT64,
                                   RP_UINT8, RP_UINT16, RP_UINT32, RP_UINT64};
    static char a0[LEN * 8], b0[LEN * 8];
    for (int t = 0; t < nt; t++)
        for (size_t d = 0; d < sizeof dts / sizeof *dts; d++) {
            const rp_dtype dt = dts[d];
            const rp_intp sz = (rp_intp)rp_dtype_size(dt);
            const bool sgn = rp_dtype_get(dt)->kind == 'i';
            const int bits = 8 * (int)sz;
            rp_rng r = {42 + d};
            for (int op = 0; op < OPS; op++) {
                rp_kernel k = tables[tested[t]].ufunc.k[ops[op]][dt];
                const char *name = rp_op_get(ops[op])->name, *tn = rp_dtype_get(dt)->name;
                const char *isa = rp_isa_name(tested[t]);
                /* scalar divisors: all 256 for 8 bits, else specials and random */
                const int ndiv = bits == 8 ? 256 : NSPECIAL + 300;
                long bad = 0;
                for (int j = 0; j < ndiv; j++) {
                    int64_t v = bits == 8               ? j
                                : j < NSPECIAL          ? special(j, bits, sgn)
                                : j < NSPECIAL + 150    ? (int64_t)rp_rng_range(&r, -1000, 1000)
                                                        : (int64_t)rp_rng_next(&r);
                    memcpy(bv, &v, (size_t)sz);
                    memcpy(b0, bv, (size_t)sz);
                    rp_intp n = j < 40 ? j % 20 : LEN - j % 7; /* every tail length */
                    fill(&r, dt, av, n, sgn);
                    memcpy(a0, av, (size_t)(n * sz));
                    bad += !check(k, op, dt, n, 0, got, a0, b0);
                    bad += !check(k, op, dt, n, 0, av, a0, b0); /* in place */
                }
                CHECKF(bad == 0, "%s %s/%s by a scalar: %ld runs wrong", isa, name, tn, bad);
                /* array divisors, zeros and -1 included; in place on either side */
                bad = 0;
                for (int j = 0; j < 40; j++) {
                    rp_intp n = j < 20 ? j : LEN - j;
                    fill(&r, dt, av, n, sgn);
                    fill(&r, dt, bv, n, sgn);
                    memcpy(a0, av, (size_t)(n * sz));
                    memcpy(b0, bv, (size_t)(n * sz));
                    bad += !check(k, op, dt, n, sz, got, a0, b0);
                    bad += !check(k, op, dt, n, sz, av, a0, b0);
                    memcpy(av, a0, (size_t)(n * sz));
                    bad += !check(k, op, dt, n, sz, bv, a0, b0);
                }
                CHECKF(bad == 0, "%s %s/%s by an array: %ld runs wrong", isa, name, tn, bad);
            }
        }
}
