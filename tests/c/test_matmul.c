/* Native matrix products: every ISA's kernels give the baseline's bytes
 * (integers, bool and floats alike: the sum order is fixed), the baseline
 * gives a naive triple loop's result (exact for integers with wraparound,
 * the same order for floats), and the threaded driver gives the serial one. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pool.h"
#include "raptors/matmul.h"
#include "test.h"

static rp_kernel_table tables[RP_ISA_COUNT];
static rp_isa tested[RP_ISA_COUNT];
static int ntested;

static void fill(rp_dtype dt, char *p, rp_intp count, rp_rng *r)
{
    size_t sz = rp_dtype_size(dt);
    for (rp_intp i = 0; i < count; i++) {
        uint64_t v = rp_rng_next(r);
        char *e = p + (size_t)i * sz;
        if (dt == RP_BOOL) {
            /* any nonzero byte is True */
            *(uint8_t *)e = (uint8_t)(v % 3 == 0 ? 0 : v % 3 == 1 ? 1 : 0x80);
        } else if (dt == RP_FLOAT32) {
            float f = (float)((double)(v >> 11) / 9007199254740992.0 * 4.0 - 2.0);
            memcpy(e, &f, sizeof f);
        } else if (dt == RP_FLOAT64) {
            double d = (double)(v >> 11) / 9007199254740992.0 * 4.0 - 2.0;
            memcpy(e, &d, sizeof d);
        } else {
            memcpy(e, &v, sz); /* the full range: products wrap */
        }
    }
}

/* C = A @ B the obvious way, in the order the kernels promise. */
static void naive(rp_dtype dt, const char *a, const char *b, char *c, rp_intp m, rp_intp n,
                  rp_intp k)
{
    for (rp_intp i = 0; i < m; i++)
        for (rp_intp j = 0; j < n; j++) {
#define NAIVE(T, EXPR)                                                                             \
    {                                                                                              \
        T s = 0;                                                                                   \
        for (rp_intp p = 0; p < k; p++) {                                                          \
            T x = ((const T *)a)[i * k + p], y = ((const T *)b)[p * n + j];                        \
            s = EXPR;                                                                              \
        }                                                                                          \
        ((T *)c)[i * n + j] = s;                                                                   \
    }
            switch (rp_dtype_size(dt) * (rp_dtype_get(dt)->kind == 'f' ? 10 : 1) +
                    (dt == RP_BOOL ? 100 : 0)) {
            case 101: NAIVE(uint8_t, (uint8_t)(s | (x != 0 && y != 0))) break;
            case 1: NAIVE(uint8_t, (uint8_t)(s + x * y)) break;
            case 2: NAIVE(uint16_t, (uint16_t)(s + (uint32_t)x * y)) break;
            case 4: NAIVE(uint32_t, s + x * y) break;
            case 8: NAIVE(uint64_t, s + x * y) break;
            case 40: NAIVE(float, s + x * y) break;
            case 80: NAIVE(double, s + x * y) break;
            }
#undef NAIVE
        }
}

static void test_kernels(void)
{
    static const rp_intp dims[][3] = {{1, 1, 1}, {2, 2, 2},  {4, 4, 4},   {8, 8, 8},  {16, 16, 16},
                                      {5, 3, 7}, {7, 16, 9}, {3, 8, 0},   {1, 33, 5}, {9, 4, 600},
                                      {6, 2, 3}, {5, 700, 3}, {40, 20, 300},
                                      /* the two-vector float panels (32 f32, 16 f64 columns
                                       * on AVX-512): row and column tails, p blocks */
                                      {7, 33, 300}, {13, 64, 9}, {6, 50, 270}, {64, 64, 64}};
    rp_rng r = {42};
    for (size_t d = 0; d < sizeof dims / sizeof *dims; d++) {
        rp_intp m = dims[d][0], n = dims[d][1], k = dims[d][2];
        for (int dt = 0; dt < RP_FLOAT16; dt++) { /* float16 (last): no kernels yet */
            size_t sz = rp_dtype_size((rp_dtype)dt);
            char *a = malloc((size_t)(m * k + 1) * sz), *b = malloc((size_t)(k * n + 1) * sz);
            char *want = malloc((size_t)(m * n) * sz), *got = malloc((size_t)(m * n) * sz);
            fill((rp_dtype)dt, a, m * k, &r);
            fill((rp_dtype)dt, b, k * n, &r);
            naive((rp_dtype)dt, a, b, want, m, n, k);
            for (int t = 0; t < ntested; t++) {
                memset(got, 0x5a, (size_t)(m * n) * sz);
                /* two row ranges: the kernel writes only its own rows */
                tables[tested[t]].matmul.k[dt](a, b, got, 0, m / 2, n, k);
                tables[tested[t]].matmul.k[dt](a, b, got, m / 2, m, n, k);
                CHECKF(memcmp(got, want, (size_t)(m * n) * sz) == 0, "%s %s m=%td n=%td k=%td",
                       rp_isa_name(tested[t]), rp_dtype_get((rp_dtype)dt)->name, m, n, k);
            }
            free(a), free(b), free(want), free(got);
        }
    }
}

/* The driver: a stack with a broadcast operand (below the threading cutoff:
 * serial whatever the count), then one product above it, threads on and off. */
static void test_driver(void)
{
    const rp_intp nb = 37, m = 8, n = 8, k = 8;
    rp_rng r = {7};
    for (int dt = 0; dt < RP_FLOAT16; dt++) { /* float16 (last): no kernels yet */
        size_t sz = rp_dtype_size((rp_dtype)dt), mat = (size_t)(m * n) * sz;
        char *a = malloc(nb * mat), *b = malloc(mat), *c1 = malloc(nb * mat), *c2 = malloc(nb * mat);
        char *want = malloc(mat);
        fill((rp_dtype)dt, a, nb * m * k, &r);
        fill((rp_dtype)dt, b, k * n, &r);
        unsigned err;
        int threads = rp_threads_get();
        rp_threads_set(1);
        CHECK(rp_matmul_stack((rp_dtype)dt, a, (rp_intp)mat, b, 0, c1, nb, m, n, k, &err) == RP_OK);
        rp_threads_set(4);
        CHECK(rp_matmul_stack((rp_dtype)dt, a, (rp_intp)mat, b, 0, c2, nb, m, n, k, &err) == RP_OK);
        rp_threads_set(threads);
        CHECK(memcmp(c1, c2, nb * mat) == 0);
        for (rp_intp s = 0; s < nb; s++) {
            naive((rp_dtype)dt, a + s * mat, b, want, m, n, k);
            CHECKF(memcmp(c1 + s * mat, want, mat) == 0, "%s batch %td",
                   rp_dtype_get((rp_dtype)dt)->name, s);
        }
        free(a), free(b), free(c1), free(c2), free(want);
    }
    /* threaded row bands of one large product equal the serial product */
    const rp_intp M = 130, N = 70, K = 260;
    double *A = malloc(M * K * sizeof *A), *B = malloc(K * N * sizeof *B);
    double *C1 = malloc(M * N * sizeof *C1), *C2 = malloc(M * N * sizeof *C2);
    fill(RP_FLOAT64, (char *)A, M * K, &r);
    fill(RP_FLOAT64, (char *)B, K * N, &r);
    unsigned e1, e2;
    int threads = rp_threads_get();
    rp_threads_set(1);
    rp_matmul_stack(RP_FLOAT64, (char *)A, 0, (char *)B, 0, (char *)C1, 1, M, N, K, &e1);
    rp_threads_set(3);
    rp_matmul_stack(RP_FLOAT64, (char *)A, 0, (char *)B, 0, (char *)C2, 1, M, N, K, &e2);
    rp_threads_set(threads);
    CHECK(memcmp(C1, C2, M * N * sizeof *C1) == 0 && e1 == 0 && e2 == 0);
    /* float errors are reported: overflow */
    A[0] = 1e300, B[0] = 1e300;
    rp_matmul_stack(RP_FLOAT64, (char *)A, 0, (char *)B, 0, (char *)C1, 1, 1, 1, 1, &e1);
    CHECK((e1 & RP_UFUNC_OVERFLOW) != 0);
    free(A), free(B), free(C1), free(C2);
}

/* inf and NaN in the operands: every ISA gives the baseline's result (NaN
 * compared as NaN: its payload is not part of NumPy's contract). */
static int same_float(const double *x, const double *y, rp_intp count)
{
    for (rp_intp i = 0; i < count; i++)
        if (!(x[i] != x[i] && y[i] != y[i]) && memcmp(&x[i], &y[i], sizeof x[i]) != 0)
            return 0;
    return 1;
}

static void test_specials(void)
{
    const rp_intp m = 9, n = 37, k = 11;
    double *a = malloc(m * k * sizeof *a), *b = malloc(k * n * sizeof *b);
    double *want = malloc(m * n * sizeof *want), *got = malloc(m * n * sizeof *got);
    rp_rng r = {99};
    fill(RP_FLOAT64, (char *)a, m * k, &r);
    fill(RP_FLOAT64, (char *)b, k * n, &r);
    a[3] = INFINITY, a[20] = -INFINITY, b[5] = NAN, b[40] = INFINITY, b[k * n - 1] = NAN;
    naive(RP_FLOAT64, (char *)a, (char *)b, (char *)want, m, n, k);
    for (int t = 0; t < ntested; t++) {
        tables[tested[t]].matmul.k[RP_FLOAT64]((char *)a, (char *)b, (char *)got, 0, m, n, k);
        CHECKF(same_float(got, want, m * n), "%s float64 inf/nan", rp_isa_name(tested[t]));
    }
    free(a), free(b), free(want), free(got);
}

/* complex64/complex128: each term NumPy's complex multiply without FMA
 * (ar br - ai bi, ar bi + ai br), added in order of p from zero; every ISA
 * and every split against this, NaN as NaN; inf/NaN parts included. */
#define CNAIVE(T, SFX)                                                                             \
    static void cnaive_##SFX(const T *a, const T *b, T *c, rp_intp m, rp_intp n, rp_intp k)        \
    {                                                                                              \
        for (rp_intp i = 0; i < m; i++)                                                            \
            for (rp_intp j = 0; j < n; j++) {                                                      \
                T sr = 0, si = 0;                                                                  \
                for (rp_intp p = 0; p < k; p++) {                                                  \
                    const T ar = a[2 * (i * k + p)], ai = a[2 * (i * k + p) + 1];                  \
                    const T br = b[2 * (p * n + j)], bi = b[2 * (p * n + j) + 1];                  \
                    const T tr = ar * br - ai * bi, ti = ar * bi + ai * br;                        \
                    sr = sr + tr;                                                                  \
                    si = si + ti;                                                                  \
                }                                                                                  \
                c[2 * (i * n + j)] = sr;                                                           \
                c[2 * (i * n + j) + 1] = si;                                                       \
            }                                                                                      \
    }
CNAIVE(float, c64)
CNAIVE(double, c128)

static int same_parts(const char *x, const char *y, rp_intp nparts, bool f32)
{
    for (rp_intp i = 0; i < nparts; i++) {
        const double u = f32 ? ((const float *)x)[i] : ((const double *)x)[i];
        const double v = f32 ? ((const float *)y)[i] : ((const double *)y)[i];
        if (!(u != u && v != v) && memcmp(x + i * (f32 ? 4 : 8), y + i * (f32 ? 4 : 8),
                                          f32 ? 4 : 8) != 0)
            return 0;
    }
    return 1;
}

static void test_complex(void)
{
    static const rp_intp dims[][3] = {{1, 1, 1}, {2, 2, 2}, {4, 4, 4}, {8, 8, 8}, {5, 3, 7},
                                      {7, 16, 9}, {3, 8, 0}, {1, 33, 5}, {9, 4, 600},
                                      {6, 13, 3}, {13, 15, 270}, {64, 64, 64}};
    rp_rng r = {5};
    for (size_t d = 0; d < sizeof dims / sizeof *dims; d++) {
        const rp_intp m = dims[d][0], n = dims[d][1], k = dims[d][2];
        for (int f32 = 0; f32 < 2; f32++) {
            const rp_dtype dt = f32 ? RP_COMPLEX64 : RP_COMPLEX128;
            const rp_dtype part = f32 ? RP_FLOAT32 : RP_FLOAT64;
            const size_t sz = rp_dtype_size(dt);
            char *a = malloc((size_t)(m * k + 1) * sz), *b = malloc((size_t)(k * n + 1) * sz);
            char *want = malloc((size_t)(m * n) * sz), *got = malloc((size_t)(m * n) * sz);
            fill(part, a, 2 * m * k, &r);
            fill(part, b, 2 * k * n, &r);
            if (d % 3 == 1 && m * k > 3 && k * n > 5) { /* inf and NaN parts */
                static const double sp[] = {INFINITY, -INFINITY, NAN, 0.0, -0.0};
                for (int s = 0; s < 5; s++) {
                    const rp_intp ia = (rp_intp)(rp_rng_next(&r) % (uint64_t)(2 * m * k));
                    const rp_intp ib = (rp_intp)(rp_rng_next(&r) % (uint64_t)(2 * k * n));
                    if (f32) {
                        ((float *)a)[ia] = (float)sp[s];
                        ((float *)b)[ib] = (float)sp[4 - s];
                    } else {
                        ((double *)a)[ia] = sp[s];
                        ((double *)b)[ib] = sp[4 - s];
                    }
                }
            }
            if (f32)
                cnaive_c64((float *)a, (float *)b, (float *)want, m, n, k);
            else
                cnaive_c128((double *)a, (double *)b, (double *)want, m, n, k);
            for (int t = 0; t < ntested; t++) {
                memset(got, 0x5a, (size_t)(m * n) * sz);
                tables[tested[t]].matmul.k[dt](a, b, got, 0, m / 2, n, k);
                tables[tested[t]].matmul.k[dt](a, b, got, m / 2, m, n, k);
                CHECKF(same_parts(got, want, 2 * m * n, f32), "%s %s m=%td n=%td k=%td",
                       rp_isa_name(tested[t]), rp_dtype_get(dt)->name, m, n, k);
            }
            /* the driver on 1 and 3 threads: the same bytes */
            char *c1 = malloc((size_t)(m * n) * sz + 1), *c3 = malloc((size_t)(m * n) * sz + 1);
            unsigned e1, e3;
            const int threads = rp_threads_get();
            rp_threads_set(1);
            CHECK(rp_matmul_stack(dt, a, 0, b, 0, c1, 1, m, n, k, &e1) == RP_OK);
            rp_threads_set(3);
            CHECK(rp_matmul_stack(dt, a, 0, b, 0, c3, 1, m, n, k, &e3) == RP_OK);
            rp_threads_set(threads);
            CHECK(memcmp(c1, c3, (size_t)(m * n) * sz) == 0 && e1 == e3);
            free(a), free(b), free(want), free(got), free(c1), free(c3);
        }
    }
}

void test_matmul(void)
{
    ntested = rp_test_isa_tables(tables, tested, "matmul");
    test_kernels();
    test_specials();
    test_driver();
    test_complex();
}
