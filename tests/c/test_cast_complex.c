/* The complex casts (src/kernels/cast_complex.c) of every compiled ISA
 * against the real casts of the same ISA, bit for bit and flag for flag:
 * complex -> X is the real part's cast to X (bool: either part non-zero),
 * X -> complex is X's cast to the part type with a +0 imaginary part, and
 * complex -> complex converts each part as float32 <-> float64 does.
 * (test_cast.c compares every ISA's complex casts with the baseline's.) */
#include <fenv.h>
#include <math.h>
#include <string.h>

#include "test.h"

static rp_kernel_table tables[RP_ISA_COUNT];
static rp_isa tested[RP_ISA_COUNT];
static int ntested;

enum { N = 515 }; /* not a multiple of any vector width: the tails run */

static const double part_specials[] = {
    0.0, -0.0, NAN, -NAN, INFINITY, -INFINITY, 1.5, -2.5, 127.5, 300.7, -129.0, 65535.5, 0x1p31,
    0x1p63, 0x1p64, -0x1p63, 1e20, 3.5e38, -3.5e38, 0x1p-149, 0x1p-1074, 65520.0, 0x1p-25, 0.99,
};
enum { NSPEC = sizeof part_specials / sizeof part_specials[0] };

/* One part of a complex of part type `part`: a special value half the time,
 * random bits (any NaN payload, subnormals) otherwise. */
static void random_part(rp_rng *r, rp_dtype part, char *p)
{
    uint64_t bits = rp_rng_next(r);
    double v = part_specials[bits % NSPEC];
    if (part == RP_FLOAT32) {
        float f = (float)v;
        uint32_t b = (uint32_t)(bits >> 32);
        memcpy(p, (bits >> 5 & 1) ? (const void *)&b : (const void *)&f, 4);
    } else if (bits >> 5 & 1)
        memcpy(p, &bits, 8);
    else
        memcpy(p, &v, 8);
}

static void run(rp_kernel k, const char *in, char *out, rp_intp n, rp_intp fsz, rp_intp tsz)
{
    char *args[2] = {(char *)in, out};
    rp_intp steps[2] = {fsz, tsz};
    k(args, n, steps, NULL);
}

/* k on n elements with the FP flags it raised. */
static int run_flags(rp_kernel k, const char *in, char *out, rp_intp n, rp_intp fsz, rp_intp tsz)
{
    feclearexcept(FE_ALL_EXCEPT);
    run(k, in, out, n, fsz, tsz);
    int f = fetestexcept(FE_INVALID | FE_OVERFLOW | FE_DIVBYZERO);
    feclearexcept(FE_ALL_EXCEPT);
    return f;
}

static char cin[N * 16], parts[N * 8], rin[N * 8], want[N * 16], got[N * 16];

static void complex_to_real(const rp_kernel_table *t, const char *isa, rp_dtype c, rp_dtype part)
{
    const rp_intp csz = (rp_intp)rp_dtype_size(c), psz = (rp_intp)rp_dtype_size(part);
    for (rp_intp i = 0; i < N; i++) /* the real parts alone, and the truth values */
        memcpy(parts + i * psz, cin + i * csz, (size_t)psz);
    for (int to = 0; to < RP_NTYPES; to++) {
        if (rp_dtype_get((rp_dtype)to)->kind == 'c')
            continue;
        const rp_intp tsz = (rp_intp)rp_dtype_size((rp_dtype)to);
        rp_kernel kc = t->cast.k[c][to], kr = t->cast.k[part][to];
        CHECKF(kc && kr, "%s: %s -> %s missing", isa, rp_dtype_get(c)->name,
               rp_dtype_get(to)->name);
        if (!kc || !kr)
            continue;
        int fc = run_flags(kc, cin, got, N, csz, tsz), fr = run_flags(kr, parts, want, N, psz, tsz);
        if (to == RP_BOOL)
            for (rp_intp i = 0; i < N; i++) {
                const char *e = cin + i * csz;
                bool nz = part == RP_FLOAT32 ? (((const float *)e)[0] != 0 || ((const float *)e)[1] != 0)
                                             : (((const double *)e)[0] != 0 || ((const double *)e)[1] != 0);
                want[i] = (char)nz;
            }
        CHECKF(memcmp(got, want, (size_t)(N * tsz)) == 0, "%s: %s -> %s is not the real part's cast",
               isa, rp_dtype_get(c)->name, rp_dtype_get(to)->name);
        CHECKF(to == RP_BOOL || fc == fr, "%s: %s -> %s flags %#x, the real cast's %#x", isa,
               rp_dtype_get(c)->name, rp_dtype_get(to)->name, (unsigned)fc, (unsigned)fr);
    }
}

static void real_to_complex(const rp_kernel_table *t, const char *isa, rp_rng *r, rp_dtype c,
                            rp_dtype part)
{
    const rp_intp csz = (rp_intp)rp_dtype_size(c), psz = (rp_intp)rp_dtype_size(part);
    for (int from = 0; from < RP_NTYPES; from++) {
        if (rp_dtype_get((rp_dtype)from)->kind == 'c')
            continue;
        const rp_intp fsz = (rp_intp)rp_dtype_size((rp_dtype)from);
        for (rp_intp i = 0; i < N * fsz; i += 8) {
            uint64_t b = rp_rng_next(r);
            memcpy(rin + i, &b, 8);
        }
        if (from == RP_FLOAT32 || from == RP_FLOAT64)
            for (rp_intp i = 0; i < N; i += 3)
                random_part(r, (rp_dtype)from, rin + i * fsz);
        if (from == RP_BOOL)
            for (rp_intp i = 0; i < N; i++)
                rin[i] &= 1;
        rp_kernel kc = t->cast.k[from][c], kr = t->cast.k[from][part];
        CHECKF(kc && kr, "%s: %s -> %s missing", isa, rp_dtype_get(from)->name,
               rp_dtype_get(c)->name);
        if (!kc || !kr)
            continue;
        int fc = run_flags(kc, rin, got, N, fsz, csz), fr = run_flags(kr, rin, parts, N, fsz, psz);
        memset(want, 0, (size_t)(N * csz)); /* +0 imaginary parts */
        for (rp_intp i = 0; i < N; i++)
            memcpy(want + i * csz, parts + i * psz, (size_t)psz);
        CHECKF(memcmp(got, want, (size_t)(N * csz)) == 0, "%s: %s -> %s is not (cast, +0)", isa,
               rp_dtype_get(from)->name, rp_dtype_get(c)->name);
        CHECKF(fc == fr, "%s: %s -> %s flags %#x, the real cast's %#x", isa,
               rp_dtype_get(from)->name, rp_dtype_get(c)->name, (unsigned)fc, (unsigned)fr);
    }
}

/* complex64 <-> complex128 (and each to itself): float32 <-> float64 per part. */
static void complex_to_complex(const rp_kernel_table *t, const char *isa, rp_dtype c, rp_dtype part)
{
    const rp_intp csz = (rp_intp)rp_dtype_size(c), psz = (rp_intp)rp_dtype_size(part);
    for (rp_dtype to = RP_COMPLEX64; to <= RP_COMPLEX128; to++) {
        const rp_dtype tpart = to == RP_COMPLEX64 ? RP_FLOAT32 : RP_FLOAT64;
        const rp_intp tsz = (rp_intp)rp_dtype_size(to), tpsz = (rp_intp)rp_dtype_size(tpart);
        rp_kernel kc = t->cast.k[c][to], kr = t->cast.k[part][tpart];
        CHECKF(kc && kr, "%s: %s -> %s missing", isa, rp_dtype_get(c)->name,
               rp_dtype_get(to)->name);
        if (!kc || !kr)
            continue;
        int fc = run_flags(kc, cin, got, N, csz, tsz);
        int fr = run_flags(kr, cin, want, 2 * N, psz, tpsz); /* the parts as one float run */
        CHECKF(memcmp(got, want, (size_t)(N * tsz)) == 0, "%s: %s -> %s differs from its parts' casts",
               isa, rp_dtype_get(c)->name, rp_dtype_get(to)->name);
        CHECKF(fc == fr, "%s: %s -> %s flags %#x, the parts' %#x", isa, rp_dtype_get(c)->name,
               rp_dtype_get(to)->name, (unsigned)fc, (unsigned)fr);
    }
}

void test_cast_complex(void)
{
    ntested = rp_test_isa_tables(tables, tested, "cast_complex");
    rp_rng r = {1717};
    for (int ti = 0; ti < ntested; ti++) {
        const rp_kernel_table *t = &tables[tested[ti]];
        const char *isa = rp_isa_name(tested[ti]);
        for (rp_dtype c = RP_COMPLEX64; c <= RP_COMPLEX128; c++) {
            const rp_dtype part = c == RP_COMPLEX64 ? RP_FLOAT32 : RP_FLOAT64;
            const rp_intp psz = (rp_intp)rp_dtype_size(part);
            for (rp_intp i = 0; i < 2 * N; i++)
                random_part(&r, part, cin + i * psz);
            complex_to_real(t, isa, c, part);
            real_to_complex(t, isa, &r, c, part);
            complex_to_complex(t, isa, c, part);
        }
    }
}
