/* The floating-point error bits the core returns (RP_UFUNC_*): casts
 * (rp_array_cast), reductions, accumulations, mean/var and the ufunc driver,
 * the same for every ISA and with the work on the pool. The expected bits
 * are NumPy's reports for the same inputs (tests/python/test_fp_errors.py
 * compares the Python surface with NumPy itself). */
#include <math.h>
#include <string.h>

#include "pool.h"
#include "raptors/reduce.h"
#include "raptors/ufunc.h"
#include "test.h"

enum { N = 20000 };
static double d64[2 * N];
static float f32[2 * N];
static char dst[8 * 2 * N];

/* n elements of v at the end of a run of ones (the last block, which a
 * worker reduces when the run is split), step 1 or 2. */
static rp_array fill_f64(double v, rp_intp n, rp_intp step, rp_intp *shape, rp_intp *strides)
{
    for (rp_intp i = 0; i < 2 * N; i++)
        d64[i] = 1.0;
    for (rp_intp i = N - n; i < N; i++)
        d64[i * step] = v;
    shape[0] = N;
    strides[0] = (rp_intp)sizeof(double) * step;
    return (rp_array){(char *)d64, shape, strides, 1, RP_FLOAT64};
}

static unsigned cast_bits(const rp_array *src, rp_dtype to)
{
    rp_intp dstrides[1] = {(rp_intp)rp_dtype_size(to)};
    rp_array d = {dst, src->shape, dstrides, 1, to};
    unsigned e = 12345;
    CHECK(rp_array_cast(&d, src, &e) == RP_OK);
    return e;
}

static void test_casts(const char *isa)
{
    static const struct {
        double v;
        rp_dtype to;
        unsigned want;
    } cases[] = {
        {1e300, RP_FLOAT32, RP_UFUNC_OVERFLOW}, {1e-50, RP_FLOAT32, RP_UFUNC_UNDERFLOW},
        {NAN, RP_FLOAT32, 0},                   {NAN, RP_INT32, RP_UFUNC_INVALID},
        {NAN, RP_INT8, RP_UFUNC_INVALID},       {INFINITY, RP_INT64, RP_UFUNC_INVALID},
        {1e20, RP_INT32, RP_UFUNC_INVALID},     {1e10, RP_INT8, RP_UFUNC_INVALID},
        {300.0, RP_INT8, 0},                    {-1.0, RP_UINT64, 0},
        {1e19, RP_UINT64, 0},                   {1e20, RP_UINT64, RP_UFUNC_INVALID},
        {5e9, RP_UINT32, 0},                    {-INFINITY, RP_UINT16, RP_UFUNC_INVALID},
        {NAN, RP_BOOL, 0},                      {-3e9, RP_INT64, 0},
    };
    rp_intp shape[1], strides[1];
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++)
        for (rp_intp step = 1; step <= 2; step++)
            for (rp_intp n = 1; n <= 1000; n *= 1000) {
                rp_array s = fill_f64(cases[c].v, n, step, shape, strides);
                unsigned e = cast_bits(&s, cases[c].to);
                CHECKF(e == cases[c].want, "%s: cast %g -> %s (%td, step %td): %u", isa,
                       cases[c].v, rp_dtype_get(cases[c].to)->name, n, step, e);
            }
    /* float32 sources go through the same checks */
    for (rp_intp i = 0; i < N; i++)
        f32[i] = i == N - 1 ? NAN : 1.0f;
    rp_intp fs[1] = {N}, fst[1] = {sizeof(float)};
    rp_array s = {(char *)f32, fs, fst, 1, RP_FLOAT32};
    CHECKF(cast_bits(&s, RP_UINT8) == RP_UFUNC_INVALID, "%s: float32 NaN -> uint8", isa);
    CHECKF(cast_bits(&s, RP_FLOAT64) == 0, "%s: float32 NaN -> float64", isa);
    /* rp_array_copy reports nothing, and a caller's NULL is fine */
    rp_array b = fill_f64(1e300, 3, 1, shape, strides);
    rp_intp dstr[1] = {4};
    rp_array d = {dst, shape, dstr, 1, RP_FLOAT32};
    CHECK(rp_array_cast(&d, &b, NULL) == RP_OK && rp_array_copy(&d, &b) == RP_OK);
}

static void test_reductions(const char *isa, int threads)
{
    rp_intp shape[1], strides[1], one[1] = {1}, ostr[1] = {8};
    double out[N];
    bool axes[1] = {true};
    rp_array o = {(char *)out, one, ostr, 1, RP_FLOAT64};
    static const struct {
        rp_reduce_op op;
        double v;
        rp_intp n;
        unsigned want;
    } cases[] = {
        {RP_RED_SUM, 1e308, 4, RP_UFUNC_OVERFLOW},   {RP_RED_SUM, INFINITY, 1, 0},
        {RP_RED_PROD, 1e308, 2, RP_UFUNC_OVERFLOW},  {RP_RED_PROD, 1e-300, 2, RP_UFUNC_UNDERFLOW},
        {RP_RED_MAX, NAN, 1, 0},                     {RP_RED_MIN, NAN, 7, 0},
        {RP_RED_ANY, NAN, 1, 0},                     {RP_RED_NNZ, NAN, 1, 0},
        {RP_RED_SUM, 2.0, 100, 0},
    };
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++)
        for (rp_intp step = 1; step <= 2; step++) {
            rp_array in = fill_f64(cases[c].v, cases[c].n, step, shape, strides);
            rp_dtype acc = rp_reduce_dtype(cases[c].op, RP_FLOAT64);
            rp_array oc = o;
            oc.dtype = acc;
            unsigned e = 12345;
            CHECK(rp_reduce(cases[c].op, &in, axes, &oc, &e) == RP_OK);
            CHECKF(e == cases[c].want, "%s, %d threads: %s of %g x%td (step %td): %u", isa, threads,
                   rp_reduce_op_name(cases[c].op), cases[c].v, cases[c].n, step, e);
        }
    /* inf - inf in a sum */
    rp_array in = fill_f64(INFINITY, 2, 1, shape, strides);
    d64[0] = -INFINITY;
    unsigned e = 0;
    CHECK(rp_reduce(RP_RED_SUM, &in, axes, &o, &e) == RP_OK && e == RP_UFUNC_INVALID);
    CHECK(rp_reduce_mean(&in, axes, &o, &e) == RP_OK && e == RP_UFUNC_INVALID);
    /* a float64 -> float32 conversion inside a reduction (dtype=float32) */
    in = fill_f64(1e300, 1, 1, shape, strides);
    float of;
    rp_intp ofs[1] = {4};
    rp_array o32 = {(char *)&of, one, ofs, 1, RP_FLOAT32};
    CHECKF(rp_reduce(RP_RED_SUM, &in, axes, &o32, &e) == RP_OK && e == RP_UFUNC_OVERFLOW, "%s: %u",
           isa, e);
    CHECKF(rp_reduce(RP_RED_MAX, &in, axes, &o32, &e) == RP_OK && e == RP_UFUNC_OVERFLOW, "%s: %u",
           isa, e);

    /* var: one byte per pass */
    in = fill_f64(1e308, 4, 1, shape, strides);
    CHECK(rp_reduce_var(&in, axes, &o, 0.0, false, &e) == RP_OK);
    CHECKF(e == RP_UFUNC_OVERFLOW << RP_VAR_MEAN_SHIFT, "%s: var %u", isa, e);
    in = fill_f64(2.0, 1, 1, shape, strides);
    CHECK(rp_reduce_var(&in, axes, &o, (double)N, false, &e) == RP_OK);
    CHECKF(e == RP_UFUNC_DIVBYZERO << RP_VAR_DIV_SHIFT, "%s: var ddof=n %u", isa, e);
    in = fill_f64(INFINITY, 1, 1, shape, strides);
    CHECK(rp_reduce_var(&in, axes, &o, 0.0, true, &e) == RP_OK);
    CHECKF(e == RP_UFUNC_INVALID << RP_VAR_DEV_SHIFT, "%s: var %u", isa, e);
    in = fill_f64(1e200, N / 2, 1, shape, strides);
    CHECK(rp_reduce_var(&in, axes, &o, 0.0, true, &e) == RP_OK);
    CHECKF(e == RP_UFUNC_OVERFLOW << RP_VAR_DEV_SHIFT, "%s: var %u", isa, e);

    /* accumulate */
    in = fill_f64(1e308, 4, 1, shape, strides);
    rp_intp cs[1] = {N}, cst[1] = {8};
    rp_array co = {(char *)out, cs, cst, 1, RP_FLOAT64};
    CHECK(rp_accumulate(RP_RED_SUM, &in, 0, &co, &e) == RP_OK && e == RP_UFUNC_OVERFLOW);
    CHECK(rp_accumulate(RP_RED_PROD, &in, 0, &co, &e) == RP_OK && e == RP_UFUNC_OVERFLOW);
    in = fill_f64(2.0, 1, 1, shape, strides);
    CHECK(rp_accumulate(RP_RED_SUM, &in, 0, &co, &e) == RP_OK && e == 0);
    /* converting the input (dtype=float32) is reported apart, as NumPy's cast */
    in = fill_f64(1e300, 4, 1, shape, strides);
    static float o32s[N];
    rp_intp c32[1] = {4};
    rp_array co32 = {(char *)o32s, cs, c32, 1, RP_FLOAT32};
    CHECK(rp_accumulate(RP_RED_SUM, &in, 0, &co32, &e) == RP_OK);
    CHECKF(e == RP_UFUNC_OVERFLOW << RP_ACC_CAST_SHIFT, "%s: %u", isa, e);
    d64[N - 1] = -1e300;
    CHECK(rp_accumulate(RP_RED_SUM, &in, 0, &co32, &e) == RP_OK);
    CHECKF(e == (RP_UFUNC_OVERFLOW << RP_ACC_CAST_SHIFT | RP_UFUNC_INVALID), "%s: %u", isa, e);
}

static void test_ufuncs(const char *isa)
{
    rp_intp shape[1], strides[1];
    rp_array a = fill_f64(1e-300, 5, 1, shape, strides);
    static double res[N];
    rp_intp rst[1] = {8};
    rp_array o = {(char *)res, shape, rst, 1, RP_FLOAT64};
    const rp_array *ins[2] = {&a, &a};
    unsigned e = 0;
    /* underflow is reported (errstate decides whether it shows) */
    CHECK(rp_ufunc_run(RP_OP_multiply, RP_FLOAT64, ins, &o, NULL, &e) == RP_OK);
    CHECKF(e == RP_UFUNC_UNDERFLOW, "%s: multiply %u", isa, e);
    /* a cast input: NaN compares in maximum report nothing, casts do */
    for (rp_intp i = 0; i < N; i++)
        f32[i] = i % 7 ? 1.0f : NAN;
    rp_intp fst[1] = {sizeof(float)};
    rp_array b = {(char *)f32, shape, fst, 1, RP_FLOAT32};
    a = fill_f64(NAN, 3, 1, shape, strides);
    const rp_array *mixed[2] = {&b, &a};
    CHECK(rp_ufunc_run(RP_OP_maximum, RP_FLOAT64, mixed, &o, NULL, &e) == RP_OK);
    CHECKF(e == 0, "%s: maximum %u", isa, e);
    rp_intp ist[1] = {4};
    rp_array oi = {dst, shape, ist, 1, RP_INT32};
    CHECK(rp_ufunc_run(RP_OP_maximum, RP_FLOAT64, mixed, &oi, NULL, &e) == RP_OK);
    CHECKF(e == RP_UFUNC_INVALID, "%s: maximum into int32 %u", isa, e);
    /* logaddexp of a NaN is invalid, NaN // 0 nothing, 1 // 0 divide */
    a = fill_f64(NAN, 1, 1, shape, strides);
    CHECK(rp_ufunc_run(RP_OP_logaddexp, RP_FLOAT64, ins, &o, NULL, &e) == RP_OK &&
          e == RP_UFUNC_INVALID);
    rp_intp zs[1] = {0};
    double zero = 0.0;
    rp_array z = {(char *)&zero, shape, zs, 1, RP_FLOAT64};
    const rp_array *fd[2] = {&a, &z};
    CHECK(rp_ufunc_run(RP_OP_floor_divide, RP_FLOAT64, fd, &o, NULL, &e) == RP_OK &&
          e == RP_UFUNC_DIVBYZERO); /* the ones; the NaN adds nothing */
}

void test_fpe(void)
{
    rp_isa saved = rp_isa_selected();
    int saved_threads = rp_threads_get();
    rp_intp saved_par = rp_reduce_set_par_bytes(1024);
    for (int isa = 0; isa < RP_ISA_COUNT; isa++) {
        if (rp_dispatch_init(rp_isa_name((rp_isa)isa)) != RP_OK)
            continue;
        for (int threads = 1; threads <= 2; threads++) {
            rp_threads_set(threads);
            test_casts(rp_isa_name((rp_isa)isa));
            test_reductions(rp_isa_name((rp_isa)isa), threads);
            test_ufuncs(rp_isa_name((rp_isa)isa));
        }
    }
    rp_reduce_set_par_bytes(saved_par);
    rp_threads_set(saved_threads);
    rp_dispatch_init(rp_isa_name(saved));
}
