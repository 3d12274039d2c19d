/*
 * complex64/complex128 reductions: the driver under every ISA against a
 * plain transcription of NumPy's complex pairwise sum (over the parts, as
 * NumPy indexes them) and of its running product, bit for bit, on lengths
 * across the block and split boundaries, strides and NaN/inf; long runs on
 * 1..4 threads against the serial bits; sums along a kept inner axis (row
 * by row) on every ISA and thread count; the mean's division.
 * (tests/c/test_reduce.c compares each ISA's kernels with the baseline's.)
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pool.h"
#include "raptors/reduce.h"
#include "test.h"

/* NumPy's CDOUBLE_pairwise_sum, written over n parts (n even) with the
 * part stride `s` in bytes, exactly as numpy/_core/src/umath/loops_utils.h
 * indexes them: element i / 2 at a + i * s. */
#define REF_PW(T, SFX)                                                                             \
    static void ref_pw_##SFX(T *rr, T *ri, const char *a, rp_intp n, rp_intp s)                    \
    {                                                                                              \
        if (n < 8) {                                                                               \
            *rr = (T)-0.0;                                                                         \
            *ri = (T)-0.0;                                                                         \
            for (rp_intp i = 0; i < n; i += 2) {                                                   \
                *rr += *(const T *)(a + i * s);                                                    \
                *ri += *(const T *)(a + i * s + sizeof(T));                                        \
            }                                                                                      \
            return;                                                                                \
        }                                                                                          \
        if (n <= 128) {                                                                            \
            T r[8];                                                                                \
            for (int j = 0; j < 8; j += 2) {                                                       \
                r[j] = *(const T *)(a + j * s);                                                    \
                r[j + 1] = *(const T *)(a + j * s + sizeof(T));                                    \
            }                                                                                      \
            rp_intp i = 8;                                                                         \
            for (; i < n - n % 8; i += 8)                                                          \
                for (int j = 0; j < 8; j += 2) {                                                   \
                    r[j] += *(const T *)(a + (i + j) * s);                                         \
                    r[j + 1] += *(const T *)(a + (i + j) * s + sizeof(T));                         \
                }                                                                                  \
            *rr = (r[0] + r[2]) + (r[4] + r[6]);                                                   \
            *ri = (r[1] + r[3]) + (r[5] + r[7]);                                                   \
            for (; i < n; i += 2) {                                                                \
                *rr += *(const T *)(a + i * s);                                                    \
                *ri += *(const T *)(a + i * s + sizeof(T));                                        \
            }                                                                                      \
            return;                                                                                \
        }                                                                                          \
        T r1, i1, r2, i2;                                                                          \
        rp_intp n2 = n / 2;                                                                        \
        n2 -= n2 % 8;                                                                              \
        ref_pw_##SFX(&r1, &i1, a, n2, s);                                                          \
        ref_pw_##SFX(&r2, &i2, a + n2 * s, n - n2, s);                                             \
        *rr = r1 + r2;                                                                             \
        *ri = i1 + i2;                                                                             \
    }
REF_PW(float, c64)
REF_PW(double, c128)

static bool same_part(double x, double y)
{
    return (isnan(x) && isnan(y)) || memcmp(&x, &y, 8) == 0;
}

static void fill(rp_rng *r, char *p, rp_intp n, bool f32, bool specials)
{
    for (rp_intp i = 0; i < 2 * n; i++) {
        uint64_t b = rp_rng_next(r);
        double v = ldexp((double)(int64_t)(b >> 11) / 0x1p53, (int)(b % 41) - 20);
        if (specials && b % 29 == 0) {
            static const double sp[] = {NAN, INFINITY, -INFINITY, -0.0, 0x1p-1070};
            v = sp[(b >> 7) % 5];
        }
        if (f32)
            ((float *)p)[i] = (float)v;
        else
            ((double *)p)[i] = v;
    }
}

/* sum over a 1-D view (n elements, element step `step`) through rp_reduce,
 * against the reference; out starts from the identity as NumPy's does. A
 * backwards view is summed from its first element, as NumPy's reduction
 * (which keeps the stride's sign) does. */
static void sum_case(rp_dtype dt, const char *buf, rp_intp n, rp_intp step)
{
    const bool f32 = dt == RP_COMPLEX64;
    const rp_intp es = f32 ? 8 : 16;
    const char *start = step < 0 && n > 0 ? buf + (n - 1) * es : buf;
    rp_intp shape[1] = {n}, strides[1] = {step * es}, oshape[1] = {1}, ostr[1] = {es};
    rp_array in = {(char *)start, shape, strides, 1, dt};
    _Alignas(16) char got[16];
    rp_array out = {got, oshape, ostr, 1, dt};
    const bool axes[1] = {true};
    CHECK(rp_reduce(RP_RED_SUM, &in, axes, &out, NULL) == RP_OK);
    double want[2], have[2];
    if (f32) {
        float rr, ri;
        ref_pw_c64(&rr, &ri, start, 2 * n, step * es / 2);
        want[0] = 0.0f + rr; /* the identity 0 + the run's sum */
        want[1] = 0.0f + ri;
        have[0] = ((float *)got)[0];
        have[1] = ((float *)got)[1];
    } else {
        double rr, ri;
        ref_pw_c128(&rr, &ri, start, 2 * n, step * es / 2);
        want[0] = 0.0 + rr;
        want[1] = 0.0 + ri;
        have[0] = ((double *)got)[0];
        have[1] = ((double *)got)[1];
    }
    CHECKF(same_part(want[0], have[0]) && same_part(want[1], have[1]),
           "sum %s n %td step %td: (%a, %a) want (%a, %a)", rp_isa_name(rp_isa_selected()), n,
           step, have[0], have[1], want[0], want[1]);
}

/* prod: (1 + 0j) times each element in turn, NumPy's scalar formula. */
static void prod_case(rp_dtype dt, const char *buf, rp_intp n)
{
    const bool f32 = dt == RP_COMPLEX64;
    const rp_intp es = f32 ? 8 : 16;
    rp_intp shape[1] = {n}, strides[1] = {es}, oshape[1] = {1}, ostr[1] = {es};
    rp_array in = {(char *)buf, shape, strides, 1, dt};
    _Alignas(16) char got[16];
    rp_array out = {got, oshape, ostr, 1, dt};
    const bool axes[1] = {true};
    CHECK(rp_reduce(RP_RED_PROD, &in, axes, &out, NULL) == RP_OK);
    bool ok;
    if (f32) {
        float re = 1, im = 0;
        for (rp_intp i = 0; i < n; i++) {
            const float c = ((const float *)buf)[2 * i], d = ((const float *)buf)[2 * i + 1];
            const float nr = re * c - im * d, ni = re * d + im * c;
            re = nr;
            im = ni;
        }
        ok = same_part(re, ((float *)got)[0]) && same_part(im, ((float *)got)[1]);
    } else {
        double re = 1, im = 0;
        for (rp_intp i = 0; i < n; i++) {
            const double c = ((const double *)buf)[2 * i], d = ((const double *)buf)[2 * i + 1];
            const double nr = re * c - im * d, ni = re * d + im * c;
            re = nr;
            im = ni;
        }
        ok = same_part(re, ((double *)got)[0]) && same_part(im, ((double *)got)[1]);
    }
    CHECKF(ok, "prod dt %d n %td", (int)dt, n);
}

static void sums_every_isa(void)
{
    static const rp_intp big[] = {255, 256, 257, 1023, 1024, 1025, 4097, 70001};
    rp_rng r = {7};
    const rp_intp maxn = 70001;
    char *buf = malloc((size_t)maxn * 16 * 3);
    for (int isa = 0; isa < RP_ISA_COUNT; isa++) {
        if (!rp_isa_compiled((rp_isa)isa) || rp_dispatch_init(rp_isa_name((rp_isa)isa)) != RP_OK)
            continue;
        for (int d = 0; d < 2; d++) {
            const rp_dtype dt = d ? RP_COMPLEX128 : RP_COMPLEX64;
            for (int ni = 0; ni < 200 + 8; ni++) {
                const rp_intp n = ni < 200 ? ni : big[ni - 200];
                fill(&r, buf, 3 * n, dt == RP_COMPLEX64, ni % 4 == 0);
                for (int sidx = 0; sidx < 3; sidx++)
                    sum_case(dt, buf, n, sidx == 0 ? 1 : sidx == 1 ? 3 : -1);
                if (n < 300) {
                    fill(&r, buf, n, dt == RP_COMPLEX64, ni % 4 == 0);
                    prod_case(dt, buf, n);
                }
            }
        }
    }
    rp_dispatch_init(NULL);
    free(buf);
}

/* sum/nansum along axis 0 of a (rows x cols) view with column step cstep
 * (elements): each output (((0 + x0) + x1) + ...) row by row, NumPy's order,
 * under every ISA and 1..3 threads (the columns split on the pool). */
static void columns_case(rp_dtype dt, rp_reduce_op op, const char *buf, rp_intp rows,
                         rp_intp cols, rp_intp cstep, char *got)
{
    const bool f32 = dt == RP_COMPLEX64;
    const rp_intp es = f32 ? 8 : 16;
    rp_intp shape[2] = {rows, cols}, strides[2] = {cols * cstep * es, cstep * es};
    rp_intp oshape[2] = {1, cols}, ostr[2] = {0, es};
    rp_array in = {(char *)buf, shape, strides, 2, dt}, out = {got, oshape, ostr, 2, dt};
    const bool axes[2] = {true, false};
    CHECK(rp_reduce(op, &in, axes, &out, NULL) == RP_OK);
    for (rp_intp j = 0; j < cols; j++) {
        double want[2] = {0, 0}, have[2];
        for (int part = 0; part < 2; part++) {
            float wf = 0;
            double wd = 0;
            for (rp_intp r = 0; r < rows; r++) {
                const rp_intp at = 2 * (r * cols * cstep + j * cstep);
                const double re = f32 ? ((const float *)buf)[at] : ((const double *)buf)[at];
                const double im = f32 ? ((const float *)buf)[at + 1] : ((const double *)buf)[at + 1];
                const bool zero = op == RP_RED_NANSUM && (isnan(re) || isnan(im));
                const double v = zero ? 0.0 : part ? im : re;
                if (f32)
                    wf += (float)v;
                else
                    wd += v;
            }
            want[part] = f32 ? wf : wd;
            have[part] = f32 ? ((float *)got)[2 * j + part] : ((double *)got)[2 * j + part];
        }
        CHECKF(same_part(want[0], have[0]) && same_part(want[1], have[1]),
               "%s columns %s rows %td cols %td step %td threads %d at %td",
               rp_reduce_op_name(op), rp_isa_name(rp_isa_selected()), rows, cols, cstep,
               rp_threads_get(), j);
    }
}

static void columns_every_isa(void)
{
    /* (one column is one reduced run: the pairwise sum) */
    static const rp_intp colset[] = {2, 3, 5, 64, 129, 1023, 1024, 1025, 2049};
    rp_rng r = {13};
    const int saved = rp_threads_get();
    const rp_intp saved_bytes = rp_reduce_set_par_bytes(1024);
    char *buf = malloc((size_t)13 * 2049 * 2 * 16), *got = malloc((size_t)2049 * 16);
    for (int isa = 0; isa < RP_ISA_COUNT; isa++) {
        if (!rp_isa_compiled((rp_isa)isa) || rp_dispatch_init(rp_isa_name((rp_isa)isa)) != RP_OK)
            continue;
        for (int d = 0; d < 2; d++) {
            const rp_dtype dt = d ? RP_COMPLEX128 : RP_COMPLEX64;
            for (rp_intp rows = 0; rows <= 13; rows++)
                for (size_t ci = 0; ci < sizeof colset / sizeof colset[0]; ci++) {
                    const rp_intp cols = colset[ci];
                    fill(&r, buf, rows * cols * 2, !d, (rows + ci) % 3 == 0);
                    for (int t = 1; t <= 3; t++) {
                        rp_threads_set(t);
                        for (rp_intp cstep = 1; cstep <= 2; cstep++) {
                            columns_case(dt, RP_RED_SUM, buf, rows, cols, cstep, got);
                            columns_case(dt, RP_RED_NANSUM, buf, rows, cols, cstep, got);
                        }
                    }
                }
        }
    }
    rp_dispatch_init(NULL);
    rp_threads_set(saved);
    rp_reduce_set_par_bytes(saved_bytes);
    free(buf);
    free(got);
}

/* Long runs split on the pool give the serial bits, any thread count. */
static void threads_identical(void)
{
    static const rp_intp lengths[] = {1025, 4096 + 65, 300001, 1 << 20};
    rp_rng r = {11};
    const int saved = rp_threads_get();
    const rp_intp saved_bytes = rp_reduce_set_par_bytes(1024);
    char *buf = malloc((size_t)(1 << 20) * 16);
    for (int d = 0; d < 2; d++) {
        const rp_dtype dt = d ? RP_COMPLEX128 : RP_COMPLEX64;
        const rp_intp es = d ? 16 : 8;
        for (size_t li = 0; li < sizeof lengths / sizeof lengths[0]; li++) {
            const rp_intp n = lengths[li];
            fill(&r, buf, n, !d, false);
            for (int op = 0; op < 2; op++) {
                const rp_reduce_op rop = op ? RP_RED_NANSUM : RP_RED_SUM;
                rp_intp shape[1] = {n}, strides[1] = {es}, oshape[1] = {1}, ostr[1] = {es};
                rp_array in = {buf, shape, strides, 1, dt};
                _Alignas(16) char ref[16], got[16];
                rp_array o1 = {ref, oshape, ostr, 1, dt}, o2 = {got, oshape, ostr, 1, dt};
                const bool axes[1] = {true};
                rp_threads_set(1);
                CHECK(rp_reduce(rop, &in, axes, &o1, NULL) == RP_OK);
                for (int t = 2; t <= 4; t++) {
                    rp_threads_set(t);
                    memset(got, 0xA5, sizeof got);
                    CHECK(rp_reduce(rop, &in, axes, &o2, NULL) == RP_OK);
                    CHECKF(memcmp(ref, got, (size_t)es) == 0, "%s dt %d n %td threads %d",
                           rp_reduce_op_name(rop), (int)dt, n, t);
                }
            }
        }
    }
    free(buf);
    rp_threads_set(saved);
    rp_reduce_set_par_bytes(saved_bytes);
}

/* mean = sum / (n + 0j) by NumPy's complex division: an infinite real
 * part makes the imaginary one NaN (inf * 0 in Smith's method). */
static void mean_division(void)
{
    double v[4] = {INFINITY, 0, 1, 2};
    rp_intp shape[1] = {2}, strides[1] = {16}, oshape[1] = {1}, ostr[1] = {16};
    rp_array in = {(char *)v, shape, strides, 1, RP_COMPLEX128};
    double got[2];
    rp_array out = {(char *)got, oshape, ostr, 1, RP_COMPLEX128};
    const bool axes[1] = {true};
    unsigned errors = 0;
    CHECK(rp_reduce_mean(&in, axes, &out, &errors) == RP_OK);
    CHECK(got[0] == INFINITY && isnan(got[1]));
    CHECK((errors >> RP_VAR_MEAN_DIV_SHIFT & RP_UFUNC_INVALID) != 0);
    v[0] = 3;
    CHECK(rp_reduce_mean(&in, axes, &out, &errors) == RP_OK);
    CHECK(got[0] == 2 && got[1] == 1 && errors == 0);
}

void test_reduce_complex(void)
{
    sums_every_isa();
    columns_every_isa();
    threads_identical();
    mean_division();
}
