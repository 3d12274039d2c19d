/* Cast kernels of every compiled ISA against the baseline and NumPy's
 * results, and rp_array_copy (broadcast, overlap) against a naive copy. */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kernels.h"
#include "test.h"

/* One table per ISA, filled as rp_dispatch_init would for that level, so
 * every ISA's kernels can run side by side in one process. */
static rp_kernel_table tables[RP_ISA_COUNT];
static rp_isa tested[RP_ISA_COUNT];
static int ntested;

static void fill_tables(void) { ntested = rp_test_isa_tables(tables, tested, "cast"); }

/* ---- input values ------------------------------------------------------- */

static const double float_specials[] = {
    NAN, -NAN, INFINITY, -INFINITY, 0.0, -0.0, 0x1p-1074, -0x1p-1074, 0x1p-1022, -0x1p-1023,
    0x1p-149, 0x1p-127, -0x1p-130, 0.5, -0.5, 0.99, -0.99, 1.5, -1.5, 2.5, 127.5, 128.0, -128.5,
    -129.0, 255.5, 256.0, 32767.5, 32768.0, -32768.5, -32769.0, 65535.5, 65536.0, 2147483647.5,
    0x1p31, -0x1p31, -0x1p31 - 1, -0x1p31 - 0.5, 4294967295.5, 0x1p32, 0x1p53 + 2, 16777217.0,
    0x1p63, -0x1p63, 0x1p63 - 1024, -0x1p63 - 2048, 0x1p64, 0x1p64 - 2048, -0x1p64, 1e20, -1e20,
    1e300, -1e300, FLT_MAX, -FLT_MAX, 0x1.fffffefffffffp127, 3.5e38, -3.5e38, DBL_MAX, -DBL_MAX,
    300.7, -300.7,
};

static const uint64_t int_specials[] = {
    0, 1, 2, 3, (uint64_t)-1, (uint64_t)-2, 127, 128, (uint64_t)-128, (uint64_t)-129, 255, 256,
    32767, 32768, (uint64_t)-32768, (uint64_t)-32769, 65535, 65536, INT32_MAX, (uint64_t)INT32_MIN,
    UINT32_MAX, (uint64_t)1 << 32, (1u << 24) + 1, ((uint64_t)1 << 53) + 1, INT64_MAX,
    (uint64_t)INT64_MIN, (uint64_t)INT64_MIN + 1, UINT64_MAX, UINT64_MAX - 1024, UINT64_MAX - 1025,
    ((uint64_t)1 << 63) + 1, 0x8000008000000000u, 0x7ffffe8000000000u,
};

#define NSPEC(a) ((rp_intp)(sizeof(a) / sizeof((a)[0])))

static void store(rp_dtype dt, void *p, uint64_t bits, double f)
{
    switch (dt) {
    case RP_BOOL: *(uint8_t *)p = (uint8_t)(bits & 1); break;
    case RP_INT8: *(int8_t *)p = (int8_t)bits; break;
    case RP_INT16: *(int16_t *)p = (int16_t)bits; break;
    case RP_INT32: *(int32_t *)p = (int32_t)bits; break;
    case RP_INT64: *(int64_t *)p = (int64_t)bits; break;
    case RP_UINT8: *(uint8_t *)p = (uint8_t)bits; break;
    case RP_UINT16: *(uint16_t *)p = (uint16_t)bits; break;
    case RP_UINT32: *(uint32_t *)p = (uint32_t)bits; break;
    case RP_UINT64: *(uint64_t *)p = bits; break;
    case RP_FLOAT32: *(float *)p = (float)f; break;
    case RP_FLOAT64: *(double *)p = f; break;
    case RP_FLOAT16: *(uint16_t *)p = (uint16_t)bits; break; /* any half, NaNs included */
    default: break;
    }
}

/* Special values a third of the time, raw bit patterns (every NaN payload,
 * subnormals, huge values) a third, and values near the integer ranges. */
static void random_value(rp_rng *r, rp_dtype dt, void *p)
{
    if (dt == RP_COMPLEX64 || dt == RP_COMPLEX128) { /* each part drawn as its float type */
        const rp_dtype part = dt == RP_COMPLEX64 ? RP_FLOAT32 : RP_FLOAT64;
        random_value(r, part, p);
        random_value(r, part, (char *)p + rp_dtype_size(part));
        return;
    }
    uint64_t bits = rp_rng_next(r);
    int mode = (int)rp_rng_range(r, 0, 2);
    if (dt == RP_FLOAT32 || dt == RP_FLOAT64) {
        double f;
        if (mode == 0)
            f = float_specials[rp_rng_range(r, 0, NSPEC(float_specials) - 1)];
        else if (mode == 1) {
            if (dt == RP_FLOAT32) {
                uint32_t b32 = (uint32_t)bits;
                memcpy(p, &b32, 4);
            } else
                memcpy(p, &bits, 8);
            return;
        } else
            f = ldexp((double)((int64_t)bits >> 11) / 0x1p52, (int)rp_rng_range(r, -3, 66));
        store(dt, p, 0, f);
    } else if (mode == 0)
        store(dt, p, int_specials[rp_rng_range(r, 0, NSPEC(int_specials) - 1)], 0);
    else if (mode == 1)
        store(dt, p, bits, 0);
    else
        store(dt, p, (uint64_t)rp_rng_range(r, -300, 300), 0);
    if (dt == RP_BOOL)
        *(uint8_t *)p = (uint8_t)(bits >> 7 & 1);
}

/* ---- every ISA against the baseline ------------------------------------- */

#define MAXLEN 4099
#define MAXSTEP 3
#define PAD 8 /* elements of slack for varying the start alignment */
#define MAXSIZE 16 /* bytes of the widest element (complex128) */
static unsigned char inbuf[(MAXLEN * MAXSTEP + PAD) * MAXSIZE];
static unsigned char ref[(MAXLEN * MAXSTEP + PAD) * MAXSIZE + 64], got[sizeof ref];
static unsigned char gathered[MAXLEN * MAXSIZE], dense[MAXLEN * MAXSIZE];

static void run(rp_kernel k, const unsigned char *in, rp_intp sin, unsigned char *out, rp_intp sout,
                rp_intp n, rp_intp fsz, rp_intp tsz)
{
    /* With a negative step the data pointer is the last element in memory. */
    char *args[2] = {(char *)in + (sin < 0 ? (n - 1) * -sin * fsz : 0),
                     (char *)out + (sout < 0 ? (n - 1) * -sout * tsz : 0)};
    rp_intp steps[2] = {sin * fsz, sout * tsz};
    k(args, n, steps, NULL);
}

static void test_isas(void)
{
    static rp_intp lens[80];
    int nlens = 0;
    for (rp_intp n = 0; n <= 67; n++)
        lens[nlens++] = n;
    lens[nlens++] = 255;
    lens[nlens++] = 1000;
    lens[nlens++] = MAXLEN;
    /* {0, 1}: one value broadcast (the fill loop), {0, 2} the strided one */
    static const rp_intp cfg[][2] = {{1, 1}, {2, 1}, {1, 3}, {-1, 1}, {1, -1}, {-2, -3}, {3, 2},
                                     {0, 1}, {0, 2}};
    enum { NCFG = sizeof cfg / sizeof cfg[0] };

    rp_rng r = {21};
    for (int from = 0; from < RP_NTYPES; from++) {
        rp_intp fsz = (rp_intp)rp_dtype_size((rp_dtype)from);
        for (rp_intp i = 0; i < MAXLEN * MAXSTEP + PAD; i++)
            random_value(&r, (rp_dtype)from, inbuf + i * fsz);
        for (int to = 0; to < RP_NTYPES; to++) {
            rp_intp tsz = (rp_intp)rp_dtype_size((rp_dtype)to);
            for (int t = 0; t < ntested; t++)
                CHECKF(tables[tested[t]].cast.k[from][to] != NULL, "%s cast %s -> %s missing",
                       rp_isa_name(tested[t]), rp_dtype_get(from)->name, rp_dtype_get(to)->name);
            rp_kernel base = tables[RP_ISA_BASELINE].cast.k[from][to];
            if (!base)
                continue;
            long mism[RP_ISA_COUNT] = {0}, guard = 0, path = 0;
            for (int li = 0; li < nlens; li++)
                for (int c = 0; c < NCFG; c++) {
                    rp_intp n = lens[li], si = cfg[c][0], so = cfg[c][1];
                    rp_intp ai = n % 4, ao = (n / 4) % 3; /* vary the alignment */
                    const unsigned char *in = inbuf + ai * fsz;
                    size_t span = (size_t)((n ? n : 1) * (so < 0 ? -so : so) * tsz + 2 * tsz);
                    memset(ref, 0xa5, span + (size_t)(ao * tsz));
                    run(base, in, si, ref + ao * tsz, so, n, fsz, tsz);
                    for (int t = 1; t < ntested; t++) {
                        rp_kernel k = tables[tested[t]].cast.k[from][to];
                        if (!k)
                            continue;
                        memset(got, 0xa5, span + (size_t)(ao * tsz));
                        run(k, in, si, got + ao * tsz, so, n, fsz, tsz);
                        if (memcmp(got, ref, span + (size_t)(ao * tsz)) != 0 && mism[t]++ == 0)
                            fprintf(stderr, "%s cast %s -> %s differs from baseline: n=%td steps=%td,%td\n",
                                    rp_isa_name(tested[t]), rp_dtype_get(from)->name,
                                    rp_dtype_get(to)->name, n, si, so);
                    }
                    /* Nothing but the elements is written... */
                    rp_intp aso = so < 0 ? -so : so;
                    for (size_t b = 0; b < span + (size_t)(ao * tsz); b++) {
                        rp_intp e = (rp_intp)b - ao * tsz;
                        bool elem = e >= 0 && (e / tsz) % aso == 0 && e / tsz / aso < n;
                        guard += !elem && ref[b] != 0xa5;
                    }
                    /* ...and the strided loop agrees with the contiguous one
                     * on the same values in the same order. */
                    if (si != 1 || so != 1) {
                        rp_intp asi = si < 0 ? -si : si;
                        for (rp_intp i = 0; i < n; i++)
                            memcpy(gathered + i * fsz, in + (si < 0 ? n - 1 - i : i) * asi * fsz, (size_t)fsz);
                        run(base, gathered, 1, dense, 1, n, fsz, tsz);
                        for (rp_intp i = 0; i < n; i++)
                            path += memcmp(dense + i * tsz,
                                           ref + ao * tsz + (so < 0 ? n - 1 - i : i) * aso * tsz,
                                           (size_t)tsz) != 0;
                    }
                }
            for (int t = 1; t < ntested; t++)
                CHECKF(mism[t] == 0, "%s cast %s -> %s: %ld mismatching runs", rp_isa_name(tested[t]),
                       rp_dtype_get(from)->name, rp_dtype_get(to)->name, mism[t]);
            CHECKF(guard == 0, "cast %s -> %s writes outside its elements", rp_dtype_get(from)->name,
                   rp_dtype_get(to)->name);
            CHECKF(path == 0, "cast %s -> %s: strided and contiguous loops differ",
                   rp_dtype_get(from)->name, rp_dtype_get(to)->name);
        }
    }
}

/* ---- NumPy's results ------------------------------------------------------
 *
 * Recorded from NumPy 2.4 on x86-64, casting arrays and scalars. Where
 * NumPy's own answer depends on its code path (float -> uint32 out of
 * range: the contiguous SIMD loop differs from the strided and scalar
 * loops) the entry is marked 'x' in `skip` and not checked.
 */
static const double numpy_in[24] = {
    300.7, -1.5, NAN, INFINITY, -INFINITY, -0.0, 1e20, -1e20, 0x1p31, -0x1p31 - 1, 0x1p32, 0x1p63,
    0x1p64, -0x1p63, 65535.9, -129.5, 4294967295.5, 4.9e-324, 0.99, -0.99, 3.5e38, 255.5, -32768.7,
    0x1p53 + 1,
};

static const struct {
    rp_dtype from, to;
    const char *skip;
    int64_t want[24]; /* uint64 results as their int64 bit pattern */
} numpy_float_to_int[] = {
    {RP_FLOAT64, RP_BOOL, "........................", {1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}},
    {RP_FLOAT64, RP_INT8, "........................", {44, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, 127, 0, 0, 0, 0, 0, -1, 0, 0}},
    {RP_FLOAT64, RP_INT16, "........................", {300, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -129, 0, 0, 0, 0, 0, 255, -32768, 0}},
    {RP_FLOAT64, RP_INT32, "........................", {300, -1, INT32_MIN, INT32_MIN, INT32_MIN, 0, INT32_MIN, INT32_MIN, INT32_MIN, INT32_MIN, INT32_MIN, INT32_MIN, INT32_MIN, INT32_MIN, 65535, -129, INT32_MIN, 0, 0, 0, INT32_MIN, 255, -32768, INT32_MIN}},
    {RP_FLOAT64, RP_INT64, "........................", {300, -1, INT64_MIN, INT64_MIN, INT64_MIN, 0, INT64_MIN, INT64_MIN, 2147483648, -2147483649, 4294967296, INT64_MIN, INT64_MIN, INT64_MIN, 65535, -129, 4294967295, 0, 0, 0, INT64_MIN, 255, -32768, 9007199254740992}},
    {RP_FLOAT64, RP_UINT8, "........................", {44, 255, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 127, 0, 0, 0, 0, 0, 255, 0, 0}},
    {RP_FLOAT64, RP_UINT16, "........................", {300, 65535, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 65535, 65407, 0, 0, 0, 0, 0, 255, 32768, 0}},
    {RP_FLOAT64, RP_UINT32, "..x.x..x.x...x..........", {300, 4294967295, 0, 0, 0, 0, 0, 0, 2147483648, 2147483647, 0, 0, 0, 0, 65535, 4294967167, 4294967295, 0, 0, 0, 0, 255, 4294934528, 0}},
    {RP_FLOAT64, RP_UINT64, "........................", {300, -1, INT64_MIN, 0, INT64_MIN, 0, 0, INT64_MIN, 2147483648, -2147483649, 4294967296, INT64_MIN, 0, INT64_MIN, 65535, -129, 4294967295, 0, 0, 0, 0, 255, -32768, 9007199254740992}},
    {RP_FLOAT32, RP_BOOL, "........................", {1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1}},
    {RP_FLOAT32, RP_INT8, "........................", {44, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, 127, 0, 0, 0, 0, 0, -1, 0, 0}},
    {RP_FLOAT32, RP_INT16, "........................", {300, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -129, 0, 0, 0, 0, 0, 255, -32768, 0}},
    {RP_FLOAT32, RP_INT32, "........................", {300, -1, INT32_MIN, INT32_MIN, INT32_MIN, 0, INT32_MIN, INT32_MIN, INT32_MIN, INT32_MIN, INT32_MIN, INT32_MIN, INT32_MIN, INT32_MIN, 65535, -129, INT32_MIN, 0, 0, 0, INT32_MIN, 255, -32768, INT32_MIN}},
    {RP_FLOAT32, RP_INT64, "........................", {300, -1, INT64_MIN, INT64_MIN, INT64_MIN, 0, INT64_MIN, INT64_MIN, 2147483648, -2147483648, 4294967296, INT64_MIN, INT64_MIN, INT64_MIN, 65535, -129, 4294967296, 0, 0, 0, INT64_MIN, 255, -32768, 9007199254740992}},
    {RP_FLOAT32, RP_UINT8, "........................", {44, 255, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 127, 0, 0, 0, 0, 0, 255, 0, 0}},
    {RP_FLOAT32, RP_UINT16, "........................", {300, 65535, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 65535, 65407, 0, 0, 0, 0, 0, 255, 32768, 0}},
    {RP_FLOAT32, RP_UINT32, "..x.x..x.....x..........", {300, 4294967295, 0, 0, 0, 0, 0, 0, 2147483648, 2147483648, 0, 0, 0, 0, 65535, 4294967167, 0, 0, 0, 0, 0, 255, 4294934528, 0}},
    {RP_FLOAT32, RP_UINT64, "........................", {300, -1, INT64_MIN, 0, INT64_MIN, 0, 0, INT64_MIN, 2147483648, -2147483648, 4294967296, INT64_MIN, 0, INT64_MIN, 65535, -129, 4294967296, 0, 0, 0, 0, 255, -32768, 9007199254740992}},
};

/* Integer results widened to int64 (uint64 as its bit pattern). */
static int64_t load_int(rp_dtype dt, const void *p)
{
    switch (dt) {
    case RP_BOOL: return *(const uint8_t *)p;
    case RP_INT8: return *(const int8_t *)p;
    case RP_INT16: return *(const int16_t *)p;
    case RP_INT32: return *(const int32_t *)p;
    case RP_INT64: return *(const int64_t *)p;
    case RP_UINT8: return *(const uint8_t *)p;
    case RP_UINT16: return *(const uint16_t *)p;
    case RP_UINT32: return *(const uint32_t *)p;
    default: {
        int64_t v;
        memcpy(&v, p, 8);
        return v;
    }
    }
}

/* Run one ISA's cast on n values, contiguous and then with a negative
 * input step, and return whether both agree; the result lands in out. */
static bool cast_both_ways(rp_isa isa, rp_dtype from, rp_dtype to, const void *in, rp_intp n,
                           unsigned char *out)
{
    rp_intp fsz = (rp_intp)rp_dtype_size(from), tsz = (rp_intp)rp_dtype_size(to);
    static unsigned char rev[64 * 8], out2[64 * 8];
    for (rp_intp i = 0; i < n; i++)
        memcpy(rev + (n - 1 - i) * fsz, (const char *)in + i * fsz, (size_t)fsz);
    run(tables[isa].cast.k[from][to], in, 1, out, 1, n, fsz, tsz);
    run(tables[isa].cast.k[from][to], rev, -1, out2, 1, n, fsz, tsz);
    return memcmp(out, out2, (size_t)(n * tsz)) == 0;
}

static void test_numpy_values(void)
{
    unsigned char in[24 * 8], out[24 * 8];
    for (int t = 0; t < ntested; t++) {
        rp_isa isa = tested[t];
        for (size_t c = 0; c < sizeof numpy_float_to_int / sizeof numpy_float_to_int[0]; c++) {
            rp_dtype from = numpy_float_to_int[c].from, to = numpy_float_to_int[c].to;
            for (int i = 0; i < 24; i++)
                store(from, in + i * rp_dtype_size(from), 0, numpy_in[i]);
            CHECK(cast_both_ways(isa, from, to, in, 24, out));
            for (int i = 0; i < 24; i++) {
                if (numpy_float_to_int[c].skip[i] == 'x')
                    continue;
                int64_t v = load_int(to, out + i * rp_dtype_size(to));
                CHECKF(v == numpy_float_to_int[c].want[i], "%s: %s(%.17g) -> %s is %lld, NumPy gives %lld",
                       rp_isa_name(isa), rp_dtype_get(from)->name, numpy_in[i], rp_dtype_get(to)->name,
                       (long long)v, (long long)numpy_float_to_int[c].want[i]);
            }
        }

        /* Integer and float targets: wrap-around, rounding to nearest even,
         * overflow to inf, subnormals flushed by the narrower format only. */
        static const struct {
            rp_dtype from;
            uint64_t bits;
            double fin;
            rp_dtype to;
            int64_t want;
            double fwant;
        } more[] = {
            {RP_INT64, (uint64_t)-1, 0, RP_UINT64, -1, 0},
            {RP_UINT64, UINT64_MAX, 0, RP_INT64, -1, 0},
            {RP_UINT64, UINT64_MAX, 0, RP_FLOAT64, 0, 0x1p64},
            {RP_UINT64, UINT64_MAX, 0, RP_FLOAT32, 0, 0x1p64},
            {RP_UINT64, UINT64_MAX - 1024, 0, RP_FLOAT32, 0, 0x1p64},
            {RP_UINT64, ((uint64_t)1 << 63) + 1, 0, RP_FLOAT64, 0, 0x1p63},
            {RP_INT64, INT64_MAX, 0, RP_FLOAT64, 0, 0x1p63},
            {RP_INT64, (uint64_t)INT64_MIN, 0, RP_FLOAT32, 0, -0x1p63},
            {RP_INT64, ((uint64_t)1 << 53) + 1, 0, RP_FLOAT64, 0, 0x1p53},
            {RP_INT64, (1u << 24) + 1, 0, RP_FLOAT32, 0, 0x1p24},
            {RP_INT32, (uint64_t)INT32_MIN, 0, RP_INT16, 0, 0},
            {RP_INT16, (uint64_t)-1, 0, RP_UINT32, 4294967295, 0},
            {RP_INT16, (uint64_t)-300, 0, RP_INT8, -44, 0},
            {RP_INT8, (uint64_t)-128, 0, RP_UINT8, 128, 0},
            {RP_UINT8, 255, 0, RP_INT8, -1, 0},
            {RP_UINT32, UINT32_MAX, 0, RP_INT32, -1, 0},
            {RP_INT64, 3, 0, RP_BOOL, 1, 0},
            {RP_INT64, 0, 0, RP_BOOL, 0, 0},
            {RP_UINT16, 65535, 0, RP_FLOAT32, 0, 65535.0},
            {RP_BOOL, 1, 0, RP_FLOAT64, 0, 1.0},
            {RP_BOOL, 1, 0, RP_INT64, 1, 0},
            {RP_FLOAT64, 0, 1e-320, RP_FLOAT32, 0, 0.0},
            {RP_FLOAT64, 0, -1e-320, RP_FLOAT32, 0, -0.0},
            {RP_FLOAT64, 0, 3.5e38, RP_FLOAT32, 0, INFINITY},
            {RP_FLOAT64, 0, -3.5e38, RP_FLOAT32, 0, -INFINITY},
            {RP_FLOAT64, 0, 0x1p-140, RP_FLOAT32, 0, 0x1p-140},
            {RP_FLOAT64, 0, 1.0 + 0x1p-24, RP_FLOAT32, 0, 1.0},
            {RP_FLOAT64, 0, 1.0 + 0x1p-24 + 0x1p-52, RP_FLOAT32, 0, 1.0 + 0x1p-23},
            {RP_FLOAT32, 0, -0.0, RP_FLOAT64, 0, -0.0},
            {RP_FLOAT32, 0, 0x1p-149, RP_FLOAT64, 0, 0x1p-149},
            {RP_FLOAT64, 0, NAN, RP_BOOL, 1, 0},
            {RP_FLOAT64, 0, -0.0, RP_BOOL, 0, 0},
        };
        for (size_t c = 0; c < sizeof more / sizeof more[0]; c++) {
            rp_dtype from = more[c].from, to = more[c].to;
            store(from, in, more[c].bits, more[c].fin);
            CHECK(cast_both_ways(isa, from, to, in, 1, out));
            bool ok;
            if (to == RP_FLOAT64) {
                double w = more[c].fwant, v;
                memcpy(&v, out, 8);
                ok = memcmp(&v, &w, 8) == 0;
            } else if (to == RP_FLOAT32) {
                float w = (float)more[c].fwant, v;
                memcpy(&v, out, 4);
                ok = memcmp(&v, &w, 4) == 0;
            } else
                ok = load_int(to, out) == more[c].want;
            CHECKF(ok, "%s: case %zu (%s -> %s)", rp_isa_name(isa), c, rp_dtype_get(from)->name,
                   rp_dtype_get(to)->name);
        }

        /* NaN stays NaN through float64 <-> float32 and keeps its sign. */
        store(RP_FLOAT64, in, 0, -NAN);
        cast_both_ways(isa, RP_FLOAT64, RP_FLOAT32, in, 1, out);
        float f;
        memcpy(&f, out, 4);
        CHECK(isnan(f) && signbit(f));
    }
}

/* ---- rp_array_copy -------------------------------------------------------- */

static void cast_one(rp_dtype from, const void *in, rp_dtype to, void *out)
{
    char *args[2] = {(char *)in, (char *)out};
    rp_intp steps[2] = {0, 0};
    tables[RP_ISA_BASELINE].cast.k[from][to](args, 1, steps, NULL);
}

/* A view of a block of `dt` elements at `at`: each axis stepped by 1..2
 * (sign random), axes permuted; distinct elements, never overlapping. */
static void random_layout(rp_rng *r, int nd, const rp_intp *shape, rp_dtype dt, rp_intp *strides,
                          rp_intp *first)
{
    rp_intp item = (rp_intp)rp_dtype_size(dt), s = item, lo = 0;
    int perm[8];
    for (int i = 0; i < nd; i++)
        perm[i] = i;
    for (int i = nd - 1; i > 0 && rp_rng_range(r, 0, 1); i--) {
        int j = (int)rp_rng_range(r, 0, i), t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
    }
    for (int k = nd - 1; k >= 0; k--) {
        int ax = perm[k];
        rp_intp step = rp_rng_range(r, 1, 2);
        strides[ax] = s * step * (rp_rng_range(r, 0, 3) == 0 ? -1 : 1);
        s *= step * (shape[ax] ? shape[ax] : 1);
        if (strides[ax] < 0 && shape[ax] > 0)
            lo += -strides[ax] * (shape[ax] - 1);
    }
    *first = lo; /* offset of the first element from the block start */
}

/* dst's data points into out, src's into in; element by element. */
static void naive_copy(const rp_array *dst, const rp_array *src, unsigned char *out,
                       const unsigned char *in)
{
    rp_intp idx[8] = {0}, size = rp_array_size(dst);
    int off = dst->ndim - src->ndim;
    for (rp_intp k = 0; k < size; k++) {
        rp_intp d = dst->data - (char *)out, s = src->data - (const char *)in;
        for (int i = 0; i < dst->ndim; i++) {
            d += idx[i] * dst->strides[i];
            if (i >= off && src->shape[i - off] != 1)
                s += idx[i] * src->strides[i - off];
        }
        cast_one(src->dtype, in + s, dst->dtype, out + d);
        for (int i = dst->ndim - 1; i >= 0; i--) {
            if (++idx[i] < dst->shape[i])
                break;
            idx[i] = 0;
        }
    }
}

static void canonical_bools(const rp_array *a)
{
    rp_intp idx[8] = {0}, size = rp_array_size(a);
    for (rp_intp k = 0; k < size; k++) {
        char *p = a->data;
        for (int i = 0; i < a->ndim; i++)
            p += idx[i] * a->strides[i];
        *p &= 1;
        for (int i = a->ndim - 1; i >= 0; i--) {
            if (++idx[i] < a->shape[i])
                break;
            idx[i] = 0;
        }
    }
}

static void test_copy(void)
{
    /* Broadcast and cast: float64 (3, 1) into int32 (2, 3, 4). */
    {
        double src[3] = {1.5, -2.5, 300.7};
        int32_t dst[24];
        rp_intp ssh[] = {3, 1}, sst[] = {8, 8}, dsh[] = {2, 3, 4}, dst_st[] = {48, 16, 4};
        rp_array s = {(char *)src, ssh, sst, 2, RP_FLOAT64}, d = {(char *)dst, dsh, dst_st, 3, RP_INT32};
        CHECK(rp_array_copy(&d, &s) == RP_OK);
        bool ok = true;
        for (int i = 0; i < 24; i++)
            ok &= dst[i] == (int32_t[]){1, -2, 300}[(i / 4) % 3];
        CHECK(ok);
        /* A 0-d source fills everything. */
        uint8_t one = 1;
        rp_array z = {(char *)&one, NULL, NULL, 0, RP_BOOL};
        CHECK(rp_array_copy(&d, &z) == RP_OK);
        ok = true;
        for (int i = 0; i < 24; i++)
            ok &= dst[i] == 1;
        CHECK(ok);
        /* 0-d arrays may come without shape and stride pointers. */
        double x = -7.9;
        int32_t y = 5;
        rp_array zx = {(char *)&x, NULL, NULL, 0, RP_FLOAT64}, zy = {(char *)&y, NULL, NULL, 0, RP_INT32};
        CHECK(rp_array_copy(&zy, &zx) == RP_OK && y == -7);
        CHECK(rp_array_copy(&zx, &zx) == RP_OK && x == -7.9);
        rp_array zxi = {(char *)&x, NULL, NULL, 0, RP_INT64}; /* same bytes, other dtype */
        int64_t xi;
        memcpy(&xi, &x, 8);
        CHECK(rp_array_copy(&zx, &zxi) == RP_OK && x == (double)xi);
        /* Incompatible shapes change nothing. */
        rp_intp bsh[] = {4, 1};
        rp_array bad = {(char *)src, bsh, sst, 2, RP_FLOAT64};
        CHECK(rp_array_copy(&d, &bad) == RP_ESHAPE);
        ok = true;
        for (int i = 0; i < 24; i++)
            ok &= dst[i] == 1;
        CHECK(ok);
    }
    /* Shifting a buffer by one element either way, and reversing in place,
     * read every source element before it is overwritten (as NumPy's
     * a[1:] = a[:-1] does). */
    {
        int64_t a[100];
        rp_intp sh[] = {99}, st[] = {8}, rsh[] = {100}, rst[] = {-8};
        for (int i = 0; i < 100; i++)
            a[i] = i;
        rp_array d = {(char *)(a + 1), sh, st, 1, RP_INT64}, s = {(char *)a, sh, st, 1, RP_INT64};
        CHECK(rp_array_copy(&d, &s) == RP_OK);
        bool ok = a[0] == 0;
        for (int i = 1; i < 100; i++)
            ok &= a[i] == i - 1;
        CHECK(ok);
        for (int i = 0; i < 100; i++)
            a[i] = i;
        CHECK(rp_array_copy(&s, &d) == RP_OK);
        ok = a[99] == 99;
        for (int i = 0; i < 99; i++)
            ok &= a[i] == i + 1;
        CHECK(ok);
        for (int i = 0; i < 100; i++)
            a[i] = i;
        rp_array all = {(char *)a, rsh, st, 1, RP_INT64}, rev = {(char *)(a + 99), rsh, rst, 1, RP_INT64};
        CHECK(rp_array_copy(&all, &rev) == RP_OK);
        ok = true;
        for (int i = 0; i < 100; i++)
            ok &= a[i] == 99 - i;
        CHECK(ok);
        /* In-place transpose of a square matrix. */
        rp_intp msh[] = {10, 10}, mst[] = {80, 8}, tst[] = {8, 80};
        for (int i = 0; i < 100; i++)
            a[i] = i;
        rp_array m = {(char *)a, msh, mst, 2, RP_INT64}, mt = {(char *)a, msh, tst, 2, RP_INT64};
        CHECK(rp_array_copy(&m, &mt) == RP_OK);
        ok = true;
        for (int i = 0; i < 100; i++)
            ok &= a[i] == (i % 10) * 10 + i / 10;
        CHECK(ok);
        /* Widening in place: int32 elements read as int64 one slot on. */
        int32_t *w = (int32_t *)(void *)a;
        for (int i = 0; i < 50; i++)
            w[i] = -i;
        rp_intp wsh[] = {49}, w32[] = {4}, w64[] = {8};
        rp_array dw = {(char *)(a + 1), wsh, w64, 1, RP_INT64}, sw = {(char *)w, wsh, w32, 1, RP_INT32};
        CHECK(rp_array_copy(&dw, &sw) == RP_OK);
        ok = true;
        for (int i = 0; i < 49; i++)
            ok &= a[1 + i] == -i;
        CHECK(ok);
    }

    /* Random views of random dtypes, in one shared buffer (overlapping) or
     * two, sources broadcast: the result equals reading every source element
     * first and then writing every converted destination element. */
    enum { MEM = 1 << 14 };
    static unsigned char mem[2][MEM], snap[2][MEM], want[2][MEM];
    rp_rng r = {31};
    int noverlap = 0;
    for (int t = 0; t < 1500; t++) {
        for (int b = 0; b < 2; b++)
            for (int i = 0; i < MEM; i += 8) {
                uint64_t x = rp_rng_next(&r);
                memcpy(&mem[b][i], &x, 8);
            }
        int nd = (int)rp_rng_range(&r, 0, 4);
        rp_intp dsh[4], dst_st[4], ssh[4], sst[4], dfirst, sfirst;
        for (int i = 0; i < nd; i++)
            dsh[i] = rp_rng_range(&r, 0, 12) == 0 ? 0 : rp_rng_range(&r, 1, 5);
        rp_dtype ddt = (rp_dtype)rp_rng_range(&r, 0, RP_NTYPES - 1);
        rp_dtype sdt = rp_rng_range(&r, 0, 3) == 0 ? ddt : (rp_dtype)rp_rng_range(&r, 0, RP_NTYPES - 1);
        int snd = (int)rp_rng_range(&r, 0, nd);
        for (int i = 0; i < snd; i++)
            ssh[i] = rp_rng_range(&r, 0, 3) == 0 ? 1 : dsh[nd - snd + i];
        random_layout(&r, nd, dsh, ddt, dst_st, &dfirst);
        random_layout(&r, snd, ssh, sdt, sst, &sfirst);
        /* Blocks are at most 5^4 * 2^4 * 8 bytes = 80000 > MEM only for the
         * largest shapes: skip those. */
        rp_intp dspan = 0, sspan = 0;
        for (int i = 0; i < nd; i++)
            dspan += (dst_st[i] < 0 ? -dst_st[i] : dst_st[i]) * (dsh[i] ? dsh[i] - 1 : 0);
        for (int i = 0; i < snd; i++)
            sspan += (sst[i] < 0 ? -sst[i] : sst[i]) * (ssh[i] ? ssh[i] - 1 : 0);
        if (dspan + MAXSIZE > MEM / 2 || sspan + MAXSIZE > MEM / 2)
            continue;
        int sb = (int)rp_rng_range(&r, 0, 1);
        rp_intp dat = 8 * rp_rng_range(&r, 0, (MEM / 2 - dspan - MAXSIZE) / 8);
        rp_intp sat = sb == 0 ? dat + 8 * rp_rng_range(&r, -4, 4) : 8 * rp_rng_range(&r, 0, (MEM / 2 - sspan - MAXSIZE) / 8);
        if (sat < 0)
            sat = 0;
        if (rp_rng_range(&r, 0, 9) == 0 && nd == snd && ddt == sdt) { /* exactly in place */
            memcpy(ssh, dsh, sizeof dsh);
            memcpy(sst, dst_st, sizeof sst);
            sfirst = dfirst;
            sat = dat;
            sb = 0;
        }
        rp_array d = {(char *)mem[0] + dat + dfirst, dsh, dst_st, nd, ddt};
        rp_array s = {(char *)mem[sb] + sat + sfirst, ssh, sst, snd, sdt};
        noverlap += sb == 0 && rp_arrays_may_overlap(&d, &s);
        if (sdt == RP_BOOL) /* only 0 and 1 are bools: an exact self-copy keeps bytes as they are */
            canonical_bools(&s);
        memcpy(snap, mem, sizeof mem);
        memcpy(want, mem, sizeof mem);
        d.data = (char *)want[0] + dat + dfirst;
        s.data = (char *)snap[sb] + sat + sfirst;
        naive_copy(&d, &s, want[0], snap[sb]);
        d.data = (char *)mem[0] + dat + dfirst;
        s.data = (char *)mem[sb] + sat + sfirst;
        CHECKF(rp_array_copy(&d, &s) == RP_OK, "case %d", t);
        CHECKF(memcmp(mem, want, sizeof mem) == 0, "case %d: %s -> %s, nd %d, %s buffer", t,
               rp_dtype_get(sdt)->name, rp_dtype_get(ddt)->name, nd, sb ? "separate" : "shared");
    }
    CHECKF(noverlap > 200, "%d", noverlap);
}

/* rp_dispatch_init: requests, refusals, and that the live table holds the
 * kernels of the ISA it reports (the tables above mirror it level by level). */
static void test_dispatch(void)
{
    rp_isa saved = rp_isa_selected();
    rp_isa best = tested[ntested - 1];
    CHECK(rp_isa_compiled(RP_ISA_BASELINE));
    CHECK(rp_cpu_best_isa() == rp_cpu_best_isa());
#if defined(__x86_64__)
    CHECK(!rp_isa_compiled(RP_ISA_NEON));
    CHECK(rp_dispatch_init("neon") == RP_EVALUE);
#elif defined(__aarch64__)
    CHECK(rp_isa_compiled(RP_ISA_NEON) && rp_cpu_best_isa() == RP_ISA_NEON);
    CHECK(!rp_isa_compiled(RP_ISA_AVX2) && rp_dispatch_init("avx2") == RP_EVALUE);
#endif
    CHECK(rp_dispatch_init("no-such-isa") == RP_EVALUE);
    const char *best_requests[] = {NULL, "", "1", "auto", rp_isa_name(best)};
    for (int i = 0; i < 5; i++) {
        CHECKF(rp_dispatch_init(best_requests[i]) == RP_OK && rp_isa_selected() == best,
               "request %s", best_requests[i] ? best_requests[i] : "NULL");
        CHECK(memcmp(&rp_kt.cast, &tables[best].cast, sizeof rp_kt.cast) == 0);
    }
    for (int t = 0; t < ntested; t++) {
        CHECKF(rp_dispatch_init(rp_isa_name(tested[t])) == RP_OK && rp_isa_selected() == tested[t],
               "%s", rp_isa_name(tested[t]));
        CHECK(memcmp(&rp_kt.cast, &tables[tested[t]].cast, sizeof rp_kt.cast) == 0);
    }
    CHECK(rp_dispatch_init("0") == RP_OK && rp_isa_selected() == RP_ISA_BASELINE);
    CHECK(rp_dispatch_init("baseline") == RP_OK && rp_isa_selected() == RP_ISA_BASELINE);
    /* A refused request leaves the table as it was. */
    CHECK(rp_dispatch_init("bogus") == RP_EVALUE && rp_isa_selected() == RP_ISA_BASELINE);
    CHECK(rp_dispatch_init(rp_isa_name(saved)) == RP_OK && rp_isa_selected() == saved);
}

void test_cast(void)
{
    fill_tables();
    test_dispatch();
    test_isas();
    test_numpy_values();
    test_copy();
}
