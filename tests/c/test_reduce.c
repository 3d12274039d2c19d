/*
 * Reductions: every compiled ISA's kernels against the baseline bit for bit
 * (run and row modes, lengths 0..130 and a few multi-block sizes, strides,
 * NaN/inf), the driver under each ISA on many layouts, and the driver
 * against naive oracles (exact for integers and extremes, an n*eps bound
 * for floating sums).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kernels.h"
#include "pool.h"
#include "raptors/reduce.h"
#include "test.h"

static rp_isa isas[RP_ISA_COUNT];
static int nisa;

static void find_isas(void)
{
    nisa = 0;
    for (int i = 0; i < RP_ISA_COUNT; i++) {
        rp_isa isa = (rp_isa)i;
        if (rp_isa_compiled(isa) && rp_dispatch_init(rp_isa_name(isa)) == RP_OK)
            isas[nisa++] = isa;
    }
    printf("reduce: ISAs compared with the baseline:");
    for (int i = 1; i < nisa; i++)
        printf(" %s", rp_isa_name(isas[i]));
    printf(nisa > 1 ? "\n" : " none\n");
}

static void use_isa(rp_isa isa) { rp_dispatch_init(rp_isa_name(isa)); }

/* Mostly moderate values (so sums stay finite and rounding is exercised);
 * with `specials`, sometimes NaN, +-inf, -0.0 and subnormals. */
static void random_fill(rp_rng *r, rp_dtype dt, char *p, rp_intp n, bool specials)
{
    size_t es = rp_dtype_size(dt);
    for (rp_intp i = 0; i < n; i++, p += es) {
        uint64_t b = rp_rng_next(r);
        double f = ldexp((double)(int64_t)(b >> 11) / 0x1p53, (int)(b % 21) - 10);
        if (specials && b % 23 == 0) {
            static const double sp[] = {NAN, INFINITY, -INFINITY, -0.0, 0x1p-1070, 0x1p-140};
            f = sp[(b >> 5) % 6];
        }
        switch (dt) {
        case RP_BOOL: *(uint8_t *)p = (uint8_t)(b >> 9 & 1); break;
        case RP_INT8: *(int8_t *)p = (int8_t)b; break;
        case RP_INT16: *(int16_t *)p = (int16_t)b; break;
        case RP_INT32: *(int32_t *)p = (int32_t)b; break;
        case RP_INT64: *(int64_t *)p = (int64_t)b; break;
        case RP_UINT8: *(uint8_t *)p = (uint8_t)b; break;
        case RP_UINT16: *(uint16_t *)p = (uint16_t)b; break;
        case RP_UINT32: *(uint32_t *)p = (uint32_t)b; break;
        case RP_UINT64: *(uint64_t *)p = b; break;
        case RP_FLOAT32: *(float *)p = (float)f; break;
        case RP_FLOAT64: *(double *)p = f; break;
        case RP_COMPLEX64: /* the imaginary part: the same draw, scaled and negated */
            ((float *)p)[0] = (float)f;
            ((float *)p)[1] = (float)(f * -0.75);
            break;
        case RP_COMPLEX128:
            ((double *)p)[0] = f;
            ((double *)p)[1] = f * -0.75;
            break;
        default: break;
        }
        /* Small integers now and then, so any/all/count see zeros. */
        if (dt != RP_FLOAT32 && dt != RP_FLOAT64 && b % 5 == 0)
            memset(p, 0, es);
    }
}

/* ---- kernels of each ISA vs the baseline ---------------------------------- */

/*
 * Identical bits, except that two NaNs are the same whatever their payload
 * and sign: which operand's NaN an x86 add or multiply returns depends on
 * the operand order the compiler picked for a commutative operation, which
 * C leaves to it. Every non-NaN result must match bit for bit.
 */
static bool same_bits(const char *x, const char *y, rp_intp n, rp_dtype dt)
{
    size_t es = rp_dtype_size(dt);
    for (rp_intp i = 0; i < n; i++, x += es, y += es) {
        if (memcmp(x, y, es) == 0)
            continue;
        if (dt == RP_FLOAT32 && isnan(*(const float *)x) && isnan(*(const float *)y))
            continue;
        if (dt == RP_FLOAT64 && isnan(*(const double *)x) && isnan(*(const double *)y))
            continue;
        if (dt == RP_COMPLEX64 || dt == RP_COMPLEX128) { /* part by part */
            const rp_dtype part = dt == RP_COMPLEX64 ? RP_FLOAT32 : RP_FLOAT64;
            if (same_bits(x, y, 2, part))
                continue;
        }
        return false;
    }
    return true;
}

static const rp_intp lengths_big[] = {255, 256, 257, 511, 1000, 4097, 70001};
enum { MAXSIZE = 16 }; /* bytes of the widest element (complex128) */

static void kernels_vs_baseline(void)
{
    if (nisa < 2)
        return;
    rp_kernel_table base;
    use_isa(RP_ISA_BASELINE);
    base = rp_kt;
    rp_rng r = {42};
    const rp_intp maxn = 70001, maxstride = 3;
    char *in = rp_alloc((size_t)maxn * MAXSIZE * maxstride);
    char *o1 = rp_alloc((size_t)maxn * MAXSIZE * 2), *o2 = rp_alloc((size_t)maxn * MAXSIZE * 2);
    for (int ii = 1; ii < nisa; ii++) {
        use_isa(isas[ii]);
        const rp_kernel_table *t = &rp_kt;
        for (int nidx = 0; nidx < 131 + 7; nidx++) {
            rp_intp n = nidx < 131 ? nidx : lengths_big[nidx - 131];
            for (int dt = 0; dt < RP_NTYPES; dt++) {
                size_t es = rp_dtype_size((rp_dtype)dt);
                bool specials = nidx % 3 == 0;
                random_fill(&r, (rp_dtype)dt, in, n * maxstride, specials);
                for (int sidx = 0; sidx < 3; sidx++) {
                    /* strides: contiguous, every third, backwards */
                    rp_intp step = sidx == 0 ? (rp_intp)es : sidx == 1 ? 3 * (rp_intp)es : -(rp_intp)es;
                    char *start = step < 0 && n > 0 ? in + (n - 1) * es : in;
                    for (int op = 0; op < RP_RED_NOPS; op++)
                        for (int acc = 0; acc < RP_NTYPES; acc++) {
                            rp_kernel kb = base.reduce.k[op][dt][acc], kt = t->reduce.k[op][dt][acc];
                            if (!kb)
                                continue;
                            CHECK(kt != NULL);
                            size_t as = rp_dtype_size((rp_dtype)acc);
                            /* run mode: out step 0, starting from an element */
                            random_fill(&r, (rp_dtype)acc, o1, 1, false);
                            memcpy(o2, o1, as);
                            char *a1[2] = {start, o1}, *a2[2] = {start, o2};
                            rp_intp st0[2] = {step, 0};
                            kb(a1, n, st0, NULL);
                            kt(a2, n, st0, NULL);
                            CHECKF(same_bits(o1, o2, 1, (rp_dtype)acc), "run op %d in %d acc %d n %td step %td",
                                   op, dt, acc, n, step);
                            if ((op == RP_RED_SUM || op == RP_RED_PROD) &&
                                base.reduce.rows[op][dt][acc]) {
                                /* the pairwise kernels' serial context: prefetching
                                 * ahead must not change a bit */
                                const rp_reduce_par pf = {NULL, 0, true};
                                memcpy(o2, o1, as);
                                kb(a1, n, st0, NULL);
                                kt(a2, n, st0, &pf);
                                CHECKF(same_bits(o1, o2, 1, (rp_dtype)acc),
                                       "prefetched run op %d in %d acc %d n %td step %td", op, dt,
                                       acc, n, step);
                            }
                            /* row mode: out[i] op= in[i] */
                            if (n > 4000)
                                continue;
                            random_fill(&r, (rp_dtype)acc, o1, n, false);
                            memcpy(o2, o1, (size_t)n * as);
                            rp_intp st1[2] = {step, (rp_intp)as};
                            kb(a1, n, st1, NULL);
                            kt(a2, n, st1, NULL);
                            CHECKF(same_bits(o1, o2, n, (rp_dtype)acc),
                                   "row op %d in %d acc %d n %td step %td", op, dt, acc, n, step);
                        }
                    for (int w = 0; w < 2 && n > 0 && base.reduce.arg[w][dt]; w++) { /* none for float16 yet */
                        rp_intp i1 = base.reduce.arg[w][dt](start, n, step);
                        rp_intp i2 = t->reduce.arg[w][dt](start, n, step);
                        CHECKF(i1 == i2, "arg %d dt %d n %td", w, dt, n);
                        if (n > 4000)
                            continue;
                        char *c1[2] = {start, o1}, *c2[2] = {start, o2};
                        rp_intp cs[2] = {step, (rp_intp)es};
                        if (!base.reduce.cum[w][dt])
                            continue;
                        base.reduce.cum[w][dt](c1, n, cs, NULL);
                        t->reduce.cum[w][dt](c2, n, cs, NULL);
                        CHECKF(same_bits(o1, o2, n, (rp_dtype)dt), "cum %d dt %d n %td", w, dt, n);
                    }
                }
            }
        }
    }
    rp_free(in, (size_t)maxn * MAXSIZE * maxstride);
    rp_free(o1, (size_t)maxn * MAXSIZE * 2);
    rp_free(o2, (size_t)maxn * MAXSIZE * 2);
    rp_dispatch_init(NULL);
}

/* ---- the driver on many layouts: each ISA vs the baseline, and oracles ---- */

typedef struct {
    int ndim;
    rp_intp shape[4];
    int perm[4];   /* axis order of the underlying C buffer */
    int flip;      /* bit i: axis i runs backwards */
    rp_intp every; /* step over the innermost buffer axis */
} layout;

/* A view with the layout's strides over a buffer of its (permuted) shape. */
static void make_view(const layout *L, char *buf, rp_dtype dt, rp_array *a, rp_intp *shape,
                      rp_intp *strides)
{
    rp_intp bshape[4], bstr[4];
    for (int i = 0; i < L->ndim; i++)
        bshape[i] = L->shape[L->perm[i]];
    if (L->ndim > 0)
        bshape[L->ndim - 1] *= L->every;
    rp_strides_for(L->ndim, bshape, (rp_intp)rp_dtype_size(dt), 'C', bstr);
    if (L->ndim > 0)
        bstr[L->ndim - 1] *= L->every;
    char *data = buf;
    for (int i = 0; i < L->ndim; i++) {
        int ax = L->perm[i];
        shape[ax] = L->shape[ax];
        strides[ax] = bstr[i];
        if (L->flip >> ax & 1 && shape[ax] > 0) {
            data += (shape[ax] - 1) * strides[ax];
            strides[ax] = -strides[ax];
        }
    }
    *a = (rp_array){data, shape, strides, L->ndim, dt};
}

/* Element at a multi-index, as double (exact for the test's integers). */
static double get(const rp_array *a, const rp_intp *idx)
{
    const char *p = a->data;
    for (int i = 0; i < a->ndim; i++)
        p += idx[i] * a->strides[i];
    switch (a->dtype) {
    case RP_INT32: return *(const int32_t *)p;
    case RP_FLOAT32: return *(const float *)p;
    case RP_FLOAT64: return *(const double *)p;
    case RP_INT64: return (double)*(const int64_t *)p;
    default: return 0;
    }
}

static bool next_index(int ndim, const rp_intp *shape, rp_intp *idx)
{
    for (int i = ndim - 1; i >= 0; i--) {
        if (++idx[i] < shape[i])
            return true;
        idx[i] = 0;
    }
    return false;
}

static void driver_layouts(void)
{
    static const layout layouts[] = {
        {0, {0}, {0}, 0, 1},
        {1, {1}, {0}, 0, 1},
        {1, {1000}, {0}, 0, 1},
        {1, {777}, {0}, 1, 2},
        {2, {37, 300}, {0, 1}, 0, 1},
        {2, {300, 37}, {1, 0}, 0, 1},
        {2, {64, 513}, {0, 1}, 2, 1},
        {2, {129, 17}, {0, 1}, 1, 3},
        {2, {5, 0}, {0, 1}, 0, 1},
        {2, {0, 5}, {0, 1}, 0, 1},
        {3, {7, 9, 33}, {0, 1, 2}, 0, 1},
        {3, {7, 9, 33}, {2, 0, 1}, 5, 1},
        {3, {31, 1, 70}, {1, 2, 0}, 0, 2},
        {4, {3, 4, 5, 6}, {3, 1, 0, 2}, 9, 1},
    };
    const rp_dtype dts[] = {RP_INT32, RP_FLOAT32, RP_FLOAT64};
    rp_rng r = {7};
    for (size_t li = 0; li < sizeof layouts / sizeof layouts[0]; li++) {
        const layout *L = &layouts[li];
        rp_intp total = 1;
        for (int i = 0; i < L->ndim; i++)
            total *= L->shape[i];
        for (size_t di = 0; di < sizeof dts / sizeof dts[0]; di++) {
            rp_dtype dt = dts[di];
            size_t es = rp_dtype_size(dt);
            size_t bytes = (size_t)(total * L->every + 1) * es;
            char *buf = rp_alloc(bytes);
            random_fill(&r, dt, buf, total * L->every, false);
            if (dt == RP_INT32)
                for (rp_intp i = 0; i < total * L->every; i++)
                    ((int32_t *)buf)[i] %= 1000;
            rp_array a;
            rp_intp shape[4], strides[4];
            make_view(L, buf, dt, &a, shape, strides);
            /* every subset of axes */
            for (unsigned mask = 0; mask < (1u << L->ndim) || (L->ndim == 0 && mask == 0); mask++) {
                bool axes[4] = {false};
                rp_intp oshape[4], ostr[4], osize = 1;
                for (int i = 0; i < L->ndim; i++) {
                    axes[i] = mask >> i & 1;
                    oshape[i] = axes[i] ? 1 : shape[i];
                    osize *= oshape[i];
                }
                for (int op = 0; op < 4; op++) {
                    /* sum, mean, max, min */
                    rp_dtype acc = op == 1 ? rp_reduce_mean_dtype(dt)
                                           : rp_reduce_dtype(op == 0   ? RP_RED_SUM
                                                             : op == 2 ? RP_RED_MAX
                                                                       : RP_RED_MIN,
                                                             dt);
                    size_t as = rp_dtype_size(acc), ob = (size_t)(osize ? osize : 1) * as;
                    char *ref = rp_alloc(ob), *res = rp_alloc(ob);
                    rp_strides_for(L->ndim, oshape, (rp_intp)as, 'C', ostr);
                    rp_status st0 = RP_OK;
                    for (int ii = 0; ii < nisa; ii++) {
                        use_isa(isas[ii]);
                        rp_array o = {ii == 0 ? ref : res, oshape, ostr, L->ndim, acc};
                        rp_status st;
                        if (op == 0)
                            st = rp_reduce(RP_RED_SUM, &a, axes, &o, NULL);
                        else if (op == 1)
                            st = rp_reduce_mean(&a, axes, &o, NULL);
                        else
                            st = rp_reduce(op == 2 ? RP_RED_MAX : RP_RED_MIN, &a, axes, &o, NULL);
                        if (ii == 0)
                            st0 = st;
                        else
                            CHECKF(st == st0 && (st != RP_OK || same_bits(ref, res, osize, acc)),
                                   "layout %zu dtype %d mask %u op %d isa %s", li, dt, mask, op,
                                   rp_isa_name(isas[ii]));
                    }
                    rp_dispatch_init(NULL);
                    /* oracle: every output against a long double walk */
                    rp_intp count = rp_reduce_count(&a, axes);
                    bool empty_extreme = (op >= 2) && count == 0;
                    CHECKF(empty_extreme ? st0 == RP_EVALUE : st0 == RP_OK,
                           "status %d layout %zu mask %u op %d", st0, li, mask, op);
                    if (st0 == RP_OK && osize > 0) {
                        /* one pass over the input, accumulating per output */
                        rp_array o = {ref, oshape, ostr, L->ndim, acc};
                        long double *s = calloc((size_t)osize, sizeof *s);
                        long double *sabs = calloc((size_t)osize, sizeof *sabs);
                        double *m = malloc((size_t)osize * sizeof *m);
                        for (rp_intp q = 0; q < osize; q++)
                            m[q] = op == 2 ? -INFINITY : INFINITY;
                        rp_intp idx[4] = {0};
                        if (count > 0)
                            do {
                                rp_intp q = 0;
                                for (int i = 0; i < L->ndim; i++)
                                    q = q * oshape[i] + (axes[i] ? 0 : idx[i]);
                                double v = get(&a, idx);
                                s[q] += v;
                                sabs[q] += fabsl(v);
                                m[q] = op == 2 ? fmax(m[q], v) : fmin(m[q], v);
                            } while (next_index(L->ndim, shape, idx));
                        rp_intp oi[4] = {0}, q = 0;
                        do {
                            double got = get(&o, oi);
                            if (op == 0 && dt == RP_INT32)
                                CHECKF(got == (double)s[q], "int sum layout %zu mask %u", li, mask);
                            else if (op <= 1) {
                                long double want = op == 1 ? s[q] / count : s[q];
                                long double bound = (op == 1 ? sabs[q] / count : sabs[q]) *
                                                    (acc == RP_FLOAT32 ? 0x1p-24 : 0x1p-53) *
                                                    (24 + log2((double)count + 1));
                                if (count == 0)
                                    CHECKF(op == 0 ? got == 0 : isnan(got), "empty layout %zu", li);
                                else
                                    CHECKF(fabsl(got - want) <= bound,
                                           "float sum layout %zu dt %d mask %u op %d: %.17g vs %.17Lg",
                                           li, dt, mask, op, got, want);
                            } else if (count > 0)
                                CHECKF(got == m[q], "extreme layout %zu mask %u op %d", li, mask, op);
                            q++;
                        } while (next_index(L->ndim, oshape, oi));
                        free(s);
                        free(sabs);
                        free(m);
                    }
                    rp_free(ref, ob);
                    rp_free(res, ob);
                }
            }
            rp_free(buf, bytes);
        }
    }
}

/* Axis-0 sums of many rows stay accurate: the rows kernel adds blocks of
 * rows pairwise (NumPy's row-by-row loop would drift by ~n*eps). */
static void rows_accuracy(void)
{
    const rp_intp R = 1 << 16, C = 3;
    float *x = rp_alloc((size_t)(R * C) * sizeof(float));
    for (rp_intp i = 0; i < R * C; i++)
        x[i] = 0.1f;
    rp_intp shape[2] = {R, C}, st[2] = {C * 4, 4}, oshape[2] = {1, C}, ost[2] = {4, 4};
    rp_array a = {(char *)x, shape, st, 2, RP_FLOAT32};
    float out[3];
    rp_array o = {(char *)out, oshape, ost, 2, RP_FLOAT32};
    bool axes[2] = {true, false};
    CHECK(rp_reduce(RP_RED_SUM, &a, axes, &o, NULL) == RP_OK);
    double want = (double)0.1f * R;
    for (int j = 0; j < 3; j++)
        CHECKF(fabs(out[j] - want) <= want * 0x1p-24 * 20, "%.9g vs %.9g", out[j], want);
    rp_free(x, (size_t)(R * C) * sizeof(float));
}

static void argmax_and_cumsum(void)
{
    double v[] = {1, 5, 5, NAN, 7, NAN};
    rp_intp n = 6, s = 8, one = 1, os = 8;
    rp_array a = {(char *)v, &n, &s, 1, RP_FLOAT64};
    int64_t idx;
    rp_array o = {(char *)&idx, &one, &os, 1, RP_INT64};
    CHECK(rp_argreduce(true, &a, -1, &o) == RP_OK && idx == 3);
    CHECK(rp_argreduce(false, &a, -1, &o) == RP_OK && idx == 3);
    n = 3;
    CHECK(rp_argreduce(true, &a, 0, &o) == RP_OK && idx == 1);
    CHECK(rp_argreduce(false, &a, 0, &o) == RP_OK && idx == 0);
    n = 0;
    CHECK(rp_argreduce(true, &a, -1, &o) == RP_EVALUE);

    /* cumsum of a 2-D int32 along both axes, and flattened, to int64 */
    int32_t m[3][4];
    for (int i = 0; i < 12; i++)
        m[i / 4][i % 4] = i * i - 7;
    rp_intp sh[2] = {3, 4}, st[2] = {16, 4};
    rp_array ma = {(char *)m, sh, st, 2, RP_INT32};
    int64_t out[12];
    rp_intp ost[2] = {32, 8};
    rp_array oa = {(char *)out, sh, ost, 2, RP_INT64};
    for (int axis = 0; axis < 2; axis++) {
        CHECK(rp_accumulate(RP_RED_SUM, &ma, axis, &oa, NULL) == RP_OK);
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 4; j++) {
                int64_t want = 0;
                for (int k = 0; k <= (axis ? j : i); k++)
                    want += axis ? m[i][k] : m[k][j];
                CHECK(out[i * 4 + j] == want);
            }
    }
    rp_intp flat = 12, fst = 8;
    rp_array fa = {(char *)out, &flat, &fst, 1, RP_INT64};
    st[0] = 4; /* a transposed view: the flattened order is the view's C order */
    st[1] = 16;
    sh[0] = 4;
    sh[1] = 3;
    CHECK(rp_accumulate(RP_RED_PROD, &ma, -1, &fa, NULL) == RP_OK);
    int64_t p = 1;
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 3; j++) {
            p *= m[j][i];
            CHECK(out[i * 3 + j] == p);
        }
}

/* argmin/argmax along each axis of a matrix (rows streamed when the axis
 * is outer) against a naive first-index scan, NaN first, on every ISA. */
static void arg_axes(void)
{
    enum { R = 37, C = 300 };
    static double m[R][C];
    rp_rng r = {11};
    for (int i = 0; i < R; i++)
        for (int j = 0; j < C; j++) {
            uint64_t b = rp_rng_next(&r);
            m[i][j] = b % 97 == 0 ? NAN : (double)(b % 13); /* ties and NaNs */
        }
    rp_intp sh[2] = {R, C}, st[2] = {C * 8, 8};
    rp_array a = {(char *)m, sh, st, 2, RP_FLOAT64};
    int64_t got[C];
    for (int ii = 0; ii < nisa; ii++) {
        use_isa(isas[ii]);
        for (int is_max = 0; is_max < 2; is_max++)
            for (int axis = 0; axis < 2; axis++) {
                rp_intp osh[2] = {axis == 0 ? 1 : R, axis == 1 ? 1 : C};
                rp_intp ost[2] = {axis == 0 ? 0 : 8, axis == 0 ? 8 : 0};
                rp_array o = {(char *)got, osh, ost, 2, RP_INT64};
                CHECK(rp_argreduce(is_max, &a, axis, &o) == RP_OK);
                int nout = axis == 0 ? C : R, len = axis == 0 ? R : C;
                for (int q = 0; q < nout; q++) {
                    int best = 0;
                    for (int t = 0; t < len; t++) {
                        double v = axis == 0 ? m[t][q] : m[q][t];
                        double b = axis == 0 ? m[best][q] : m[q][best];
                        if (isnan(b))
                            break;
                        if (isnan(v) || (is_max ? v > b : v < b))
                            best = t;
                    }
                    CHECKF(got[q] == best, "isa %s max %d axis %d q %d: %lld vs %d",
                           rp_isa_name(isas[ii]), is_max, axis, q, (long long)got[q], best);
                }
            }
    }
    rp_dispatch_init(NULL);
}

/* ---- threads: the same bits for 1, 2, 3 and 4 threads ---------------------- */

typedef struct {
    rp_reduce_op op;
    rp_dtype in, acc;
} thr_case;

/* Reduces the (rows x cols) view with column stride cstep (elements) over
 * axes, with the given thread count, into out (keepdims, C order). */
static rp_status thr_reduce(const thr_case *c, char *buf, rp_intp rows, rp_intp cols, rp_intp cstep,
                            bool transpose, const bool *axes, char *out, int nthreads)
{
    size_t es = rp_dtype_size(c->in), as = rp_dtype_size(c->acc);
    rp_intp shape[2] = {rows, cols}, strides[2] = {cols * cstep * (rp_intp)es, cstep * (rp_intp)es};
    if (transpose) {
        /* a Fortran-order walk of the same buffer */
        strides[0] = cstep * (rp_intp)es;
        strides[1] = rows * cstep * (rp_intp)es;
    }
    rp_array a = {buf, shape, strides, 2, c->in};
    rp_intp oshape[2] = {axes[0] ? 1 : rows, axes[1] ? 1 : cols};
    rp_intp ostrides[2] = {oshape[1] * (rp_intp)as, (rp_intp)as};
    rp_array o = {out, oshape, ostrides, 2, c->acc};
    rp_threads_set(nthreads);
    return rp_reduce(c->op, &a, axes, &o, NULL);
}

static void threads_identical(void)
{
    static const thr_case cases[] = {
        {RP_RED_SUM, RP_FLOAT64, RP_FLOAT64}, {RP_RED_SUM, RP_FLOAT32, RP_FLOAT32},
        {RP_RED_SUM, RP_FLOAT32, RP_FLOAT64}, {RP_RED_PROD, RP_FLOAT64, RP_FLOAT64},
        {RP_RED_MAX, RP_FLOAT64, RP_FLOAT64}, {RP_RED_MIN, RP_FLOAT32, RP_FLOAT32},
        {RP_RED_SUM, RP_INT32, RP_INT64},     {RP_RED_SUM, RP_INT64, RP_INT64},
        {RP_RED_NNZ, RP_INT64, RP_INT64},     {RP_RED_ANY, RP_UINT8, RP_BOOL},
        {RP_RED_ALL, RP_FLOAT64, RP_BOOL},    {RP_RED_MAX, RP_INT16, RP_INT16},
    };
    /* (rows, cols): one long run in several chunk counts (16-block chunks,
     * 2^k + 1 blocks, an odd tail), tall, wide, square */
    static const rp_intp dims[][2] = {{1, 300001}, {1, 1 << 20}, {1, (1 << 19) + 512 * 16 + 77},
                                      {4099, 130},  {90, 6011},  {700, 600}};
    rp_rng r = {99};
    int saved = rp_threads_get();
    rp_intp saved_bytes = rp_reduce_set_par_bytes(1 << 20);
    rp_intp saved_pf = rp_reduce_prefetch_bytes();
    for (size_t ci = 0; ci < sizeof cases / sizeof cases[0]; ci++) {
        const thr_case *c = &cases[ci];
        if (!rp_kt.reduce.k[c->op][c->in][c->acc])
            continue;
        for (size_t di = 0; di < sizeof dims / sizeof dims[0]; di++)
            for (int cstep = 1; cstep <= 2; cstep++)
                for (int tr = 0; tr < 2; tr++)
                    for (int ax = 0; ax < 3; ax++) {
                        rp_intp rows = dims[di][0], cols = dims[di][1];
                        size_t es = rp_dtype_size(c->in), as = rp_dtype_size(c->acc);
                        rp_intp n = rows * cols * cstep;
                        char *buf = malloc((size_t)n * es);
                        random_fill(&r, c->in, buf, n, false);
                        if (c->op == RP_RED_PROD)
                            for (rp_intp i = 0; i < n; i++) /* near 1: a finite product */
                                ((double *)buf)[i] = 1.0 + ((double *)buf)[i] * 0x1p-12;
                        const bool axes[2] = {ax != 1, ax != 0};
                        rp_intp nout = (axes[0] ? 1 : rows) * (axes[1] ? 1 : cols);
                        char *ref = malloc((size_t)nout * as), *got = malloc((size_t)nout * as);
                        rp_reduce_set_prefetch_bytes(PTRDIFF_MAX);
                        CHECK(thr_reduce(c, buf, rows, cols, cstep, tr, axes, ref, 1) == RP_OK);
                        /* every thread count, without and with prefetching ahead */
                        for (int t = 1; t <= 4; t++)
                            for (int pf = t == 1; pf < 2; pf++) {
                                rp_reduce_set_prefetch_bytes(pf ? 1 : PTRDIFF_MAX);
                                memset(got, 0xA5, (size_t)nout * as);
                                CHECK(thr_reduce(c, buf, rows, cols, cstep, tr, axes, got, t) ==
                                      RP_OK);
                                CHECKF(memcmp(ref, got, (size_t)nout * as) == 0,
                                       "%s dtype %d->%d %lldx%lld cstep %d tr %d axes %d threads "
                                       "%d prefetch %d",
                                       rp_reduce_op_name(c->op), (int)c->in, (int)c->acc,
                                       (long long)rows, (long long)cols, cstep, tr, ax, t, pf);
                            }
                        free(ref);
                        free(got);
                        free(buf);
                    }
    }
    rp_threads_set(saved);
    rp_reduce_set_par_bytes(saved_bytes);
    rp_reduce_set_prefetch_bytes(saved_pf);
}

void test_reduce(void)
{
    find_isas();
    kernels_vs_baseline();
    driver_layouts();
    rp_dispatch_init(NULL);
    rows_accuracy();
    argmax_and_cumsum();
    arg_axes();
    threads_identical();
    if (rp_dispatch_init(getenv("RAPTORS_SIMD")) != RP_OK)
        rp_dispatch_init(NULL);
}
