/* float16 casts: the baseline against an independent reference (all 65536
 * halves; ties, subnormals, overflow and NaNs the other way), NumPy's NaN
 * bits, and every ISA against the baseline, values and FP flags. */
#include <fenv.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "half.h"
#include "raptors/ufunc.h"
#include "test.h"

static rp_kernel_table tables[RP_ISA_COUNT];
static rp_isa tested[RP_ISA_COUNT];
static int ntested;

#define FLAGS (FE_OVERFLOW | FE_UNDERFLOW | FE_INVALID | FE_DIVBYZERO)

/* Runs a cast over n elements with element steps si, so; returns its flags. */
static int run(rp_kernel k, const void *in, rp_intp si, void *out, rp_intp so, rp_intp n,
               rp_intp fsz, rp_intp tsz)
{
    char *args[2] = {(char *)in + (si < 0 ? (n - 1) * -si * fsz : 0),
                     (char *)out + (so < 0 ? (n - 1) * -so * tsz : 0)};
    rp_intp steps[2] = {si * fsz, so * tsz};
    feclearexcept(FE_ALL_EXCEPT);
    k(args, n, steps, NULL);
    int f = fetestexcept(FLAGS);
    feclearexcept(FE_ALL_EXCEPT);
    return f;
}

/* ---- the reference: arithmetic on doubles, no bit tricks ---------------- */

static double ref_half_value(rp_half h)
{
    int e = (h >> 10) & 0x1f, m = h & 0x3ff;
    double v = e == 0 ? ldexp(m, -24) : e == 31 ? (m ? NAN : INFINITY) : ldexp(1024 + m, e - 25);
    return (h & 0x8000) ? -v : v;
}

/* Nearest half (ties to even) of a finite or infinite non-NaN x; *fe as NumPy. */
static rp_half ref_to_half(double x, int *fe)
{
    rp_half sign = signbit(x) ? 0x8000 : 0;
    double a = fabs(x);
    if (isinf(a))
        return sign | 0x7c00;
    if (a >= 65520.0) {
        *fe |= FE_OVERFLOW;
        return sign | 0x7c00;
    }
    int e;
    frexp(a, &e); /* a in [2^(e-1), 2^e) */
    e = e - 1 < -14 ? -14 : e - 1;
    double q = ldexp(a, 10 - e), r = nearbyint(q); /* in units of the half's ulp */
    if (a < 0x1p-14 && q != r)
        *fe |= FE_UNDERFLOW;
    double v = ldexp(r, e - 10);
    if (v == 0)
        return sign;
    frexp(v, &e);
    e -= 1;
    if (e < -14)
        return sign | (rp_half)ldexp(v, 24);
    return sign | (rp_half)((e + 15) << 10 | (int)(ldexp(v, 10 - e) - 1024));
}

static void test_reference(void)
{
    rp_kernel h2f = tables[RP_ISA_BASELINE].cast.k[RP_FLOAT16][RP_FLOAT32];
    rp_kernel h2d = tables[RP_ISA_BASELINE].cast.k[RP_FLOAT16][RP_FLOAT64];
    static rp_half all[65536];
    static float f[65536];
    static double d[65536];
    for (int i = 0; i < 65536; i++)
        all[i] = (rp_half)i;
    CHECK(run(h2f, all, 1, f, 1, 65536, 2, 4) == 0);
    CHECK(run(h2d, all, 1, d, 1, 65536, 2, 8) == 0);
    long bad = 0;
    for (int i = 0; i < 65536; i++) {
        double v = ref_half_value(all[i]);
        int e = (i >> 10) & 0x1f, m = i & 0x3ff;
        if (e == 31 && m) { /* NaN: payload kept, not quieted (NumPy) */
            uint32_t fb;
            uint64_t db;
            memcpy(&fb, &f[i], 4);
            memcpy(&db, &d[i], 8);
            bad += fb != ((uint32_t)(i & 0x8000) << 16 | 0x7f800000u | (uint32_t)m << 13);
            bad += db != ((uint64_t)(i & 0x8000) << 48 | 0x7ff0000000000000u | (uint64_t)m << 42);
        } else
            bad += (double)f[i] != v || d[i] != v || !signbit(f[i]) != !signbit(v) ||
                   !signbit(d[i]) != !signbit(v);
    }
    CHECKF(bad == 0, "%ld halves widen wrongly", bad);

    /* To half: every half, the midpoints to its neighbours and one float /
     * double ulp either side of them, and the far ends. */
    rp_kernel f2h = tables[RP_ISA_BASELINE].cast.k[RP_FLOAT32][RP_FLOAT16];
    rp_kernel d2h = tables[RP_ISA_BASELINE].cast.k[RP_FLOAT64][RP_FLOAT16];
    long nbad = 0, ncases = 0;
    for (int i = 0; i < 0x7c00; i++) {
        double lo = ref_half_value((rp_half)i), hi = i == 0x7bff ? 65536.0 : ref_half_value((rp_half)(i + 1));
        double mid = (lo + hi) / 2;
        double cand[] = {lo, mid, nextafter(mid, 0), nextafter(mid, 1e9), nextafterf((float)mid, 0),
                         nextafterf((float)mid, 1e9), hi, ldexp(mid, -30), ldexp(mid, 20)};
        for (size_t c = 0; c < sizeof cand / sizeof cand[0]; c++)
            for (int s = 0; s < 2; s++) {
                double x = s ? -cand[c] : cand[c];
                float xf = (float)x;
                int fe_ref = 0, fe_reff = 0;
                rp_half want = ref_to_half(x, &fe_ref), wantf = ref_to_half(xf, &fe_reff), got, gotf;
                int fe = run(d2h, &x, 1, &got, 1, 1, 8, 2);
                int fef = run(f2h, &xf, 1, &gotf, 1, 1, 4, 2);
                ncases++;
                if (got != want || fe != fe_ref || gotf != wantf || fef != fe_reff) {
                    if (nbad++ < 5)
                        fprintf(stderr, "to half %a: got %04x/%x want %04x/%x; from float %04x/%x want %04x/%x\n",
                                x, got, fe, want, fe_ref, gotf, fef, wantf, fe_reff);
                }
            }
    }
    CHECKF(nbad == 0, "%ld of %ld narrowings to half differ from the reference", nbad, ncases);

    /* NaNs as NumPy 2.4 gives them (bits pasted from NumPy). */
    static const uint32_t fin[] = {0x7f800001, 0x7fc00001, 0xff800100, 0x7f802000, 0x7fa00000};
    static const rp_half fout[] = {0x7c01, 0x7e00, 0xfc01, 0x7c01, 0x7d00};
    rp_half hout[5];
    CHECK(run(f2h, fin, 1, hout, 1, 5, 4, 2) == 0);
    CHECK(memcmp(hout, fout, sizeof hout) == 0);
    static const uint64_t din[] = {0x7ff0000000000001u, 0xfff8000000000000u, 0x7ff4000000000000u};
    static const rp_half dout[] = {0x7c01, 0xfe00, 0x7d00};
    CHECK(run(d2h, din, 1, hout, 1, 3, 8, 2) == 0);
    CHECK(memcmp(hout, dout, 3 * 2) == 0);
}

/* ---- every ISA against the baseline ------------------------------------- */

#define N 65536
#define MAXSIZE 16 /* complex128's bytes */
static unsigned char src[(N * 3 + 64) * MAXSIZE], ref[(N * 3 + 64) * MAXSIZE], got[sizeof ref];

/* Edge values of every width, then random bits. */
static void fill(rp_dtype dt, rp_intp n)
{
    static const double edges[] = {0.0, -0.0, 1.0, 0.5, 65504.0, 65519.99, 65520.0, 65536.0, 1e6,
                                   0x1p-14, 0x1.ffcp-15, 0x1.ffep-15, 0x1p-24, 0x1p-25, 0x1.8p-25,
                                   0x1p-26, 1e-10, 0x1p-149, INFINITY, NAN, 2049.0, 2051.0, 300.5};
    rp_rng r = {dt + 7u};
    size_t sz = rp_dtype_size(dt);
    for (rp_intp i = 0; i < n; i++) {
        uint64_t bits = rp_rng_next(&r);
        unsigned char *p = src + (size_t)i * sz;
        if (dt == RP_FLOAT16) {
            rp_half h = (rp_half)i; /* all 65536 halves, in order */
            memcpy(p, &h, 2);
        } else if ((dt == RP_FLOAT32 || dt == RP_FLOAT64) && i % 3 == 0) {
            double v = edges[(size_t)i / 3 % (sizeof edges / sizeof edges[0])] * (i & 8 ? -1 : 1);
            v = i % 7 == 0 ? nextafter(v, 0) : v;
            if (dt == RP_FLOAT32) {
                float fv = (float)v;
                memcpy(p, &fv, 4);
            } else
                memcpy(p, &v, 8);
        } else if (rp_dtype_get(dt)->kind == 'c') { /* random bits in both parts */
            for (size_t b = 0; b < sz; b += 8) {
                uint64_t w = rp_rng_next(&r);
                memcpy(p + b, &w, 8);
            }
        } else if (rp_dtype_get(dt)->kind != 'f' && i % 2 == 0) {
            int64_t v = (int64_t)rp_rng_range(&r, -70000, 70000);
            memcpy(p, &v, sz); /* little-endian: the low bytes */
        } else
            memcpy(p, &bits, sz);
        if (dt == RP_BOOL)
            *p &= 1;
    }
}

static void compare_isas(rp_dtype from, rp_dtype to)
{
    static const rp_intp lens[] = {0, 1, 7, 8, 9, 15, 17, 255, 256, 257, 1000, N};
    static const rp_intp cfg[][2] = {{1, 1}, {3, 1}, {1, 2}, {-1, 1}, {1, -3}};
    rp_intp fsz = (rp_intp)rp_dtype_size(from), tsz = (rp_intp)rp_dtype_size(to);
    long mism = 0;
    for (size_t l = 0; l < sizeof lens / sizeof lens[0]; l++)
        for (size_t c = 0; c < sizeof cfg / sizeof cfg[0]; c++) {
            rp_intp n = lens[l], si = cfg[c][0], so = cfg[c][1];
            if (n * (si < 0 ? -si : si) > N * 3)
                continue;
            size_t span = (size_t)((n ? n : 1) * (so < 0 ? -so : so) * tsz);
            memset(ref, 0xa5, span);
            int fref = run(tables[RP_ISA_BASELINE].cast.k[from][to], src, si, ref, so, n, fsz, tsz);
            for (int t = 1; t < ntested; t++) {
                memset(got, 0xa5, span);
                int f = run(tables[tested[t]].cast.k[from][to], src, si, got, so, n, fsz, tsz);
                if ((memcmp(got, ref, span) != 0 || f != fref) && mism++ < 3)
                    fprintf(stderr, "%s cast %s -> %s differs: n=%td steps=%td,%td flags %x/%x\n",
                            rp_isa_name(tested[t]), rp_dtype_get(from)->name, rp_dtype_get(to)->name,
                            n, si, so, f, fref);
            }
        }
    CHECKF(mism == 0, "cast %s -> %s: %ld runs differ from the baseline", rp_dtype_get(from)->name,
           rp_dtype_get(to)->name, mism);
}

static void test_isas(void)
{
    for (int dt = 0; dt < RP_NTYPES; dt++) {
        fill(RP_FLOAT16, N * 3);
        compare_isas(RP_FLOAT16, (rp_dtype)dt);
        fill((rp_dtype)dt, N * 3);
        compare_isas((rp_dtype)dt, RP_FLOAT16);
    }
}

/* ---- float16 loops ------------------------------------------------------- */

/* The non-NaN halves in increasing value, one zero (+0.0): the reference
 * nextafter steps along it. */
static rp_half by_value[65536];
static int nvalues;

static int cmp_half_value(const void *a, const void *b)
{
    double x = ref_half_value(*(const rp_half *)a), y = ref_half_value(*(const rp_half *)b);
    return x < y ? -1 : x > y;
}

static void sort_by_value(void)
{
    nvalues = 0;
    for (int h = 0; h < 65536; h++)
        if (!isnan(ref_half_value((rp_half)h)) && h != 0x8000)
            by_value[nvalues++] = (rp_half)h;
    qsort(by_value, (size_t)nvalues, sizeof by_value[0], cmp_half_value);
}

/* nextafter by values: the neighbour of x in value order toward y (a zero
 * result keeps x's sign, as NumPy's bit step does); NaN operands give
 * 0x7e00. */
static rp_half ref_nextafter(rp_half x, rp_half y, int *fe)
{
    double vx = ref_half_value(x), vy = ref_half_value(y);
    if (isnan(vx) || isnan(vy))
        return 0x7e00;
    if (vx == vy)
        return x;
    int lo = 0, hi = nvalues - 1; /* position of vx */
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (ref_half_value(by_value[mid]) < vx)
            lo = mid + 1;
        else
            hi = mid;
    }
    rp_half r = by_value[vy > vx ? lo + 1 : lo - 1];
    double vr = ref_half_value(r);
    if (vr == 0)
        r = x & 0x8000u;
    if (isinf(vr) && !isinf(vx))
        *fe |= FE_OVERFLOW;
    return r;
}

/* Every ISA's float16 nextafter against the reference: every x toward a
 * spread of y (zeros, subnormals, infinities, NaN), with the flags. */
static void test_nextafter(void)
{
    static const rp_half ys[] = {0x0000, 0x8000, 0x0001, 0x8001, 0x3c00, 0xbc00, 0x7bff,
                                 0xfbff, 0x7c00, 0xfc00, 0x7e00, 0x4248, 0xc248};
    enum { NY = sizeof ys / sizeof ys[0] };
    static rp_half xs[65536], yv[65536], out[65536], want[NY][65536];
    static int wfe[NY];
    sort_by_value();
    for (int i = 0; i < 65536; i++)
        xs[i] = (rp_half)i;
    for (int k = 0; k < NY; k++) {
        wfe[k] = 0;
        for (int i = 0; i < 65536; i++)
            want[k][i] = ref_nextafter(xs[i], ys[k], &wfe[k]);
    }
    for (int t = 0; t < ntested; t++) {
        rp_kernel k = tables[tested[t]].ufunc.k[RP_OP_nextafter][RP_FLOAT16];
        CHECK(k != NULL);
        if (!k)
            continue;
        long bad = 0;
        for (int j = 0; j < NY; j++) {
            for (int i = 0; i < 65536; i++)
                yv[i] = ys[j];
            char *args[3] = {(char *)xs, (char *)yv, (char *)out};
            rp_intp steps[3] = {2, 2, 2};
            feclearexcept(FE_ALL_EXCEPT);
            k(args, 65536, steps, NULL);
            int fe = fetestexcept(FLAGS);
            bad += memcmp(out, want[j], sizeof out) != 0 || fe != wfe[j];
        }
        CHECKF(bad == 0, "%s float16 nextafter: %ld of %d y differ", rp_isa_name(tested[t]), bad,
               (int)NY);
    }
}

/* The driver's float16 loop (the float32 kernel between cast blocks):
 * add and multiply of every half with a spread of halves, strided, into
 * float16 and into a float64 out, against float32 arithmetic rounded by
 * the reference; overflow reported as the rounding raises it. */
static void test_driver_loop(void)
{
    static rp_half xs[65536 * 2], ys[65536], out[65536];
    static double dout[65536];
    static const rp_half yv[] = {0x3c00, 0x7bff, 0xc000, 0x0001, 0x3555, 0x7c00};
    for (int i = 0; i < 65536; i++)
        xs[2 * i] = (rp_half)i;
    rp_intp shape[1] = {65536}, xst[1] = {4}, st2[1] = {2}, st8[1] = {8};
    for (int op = 0; op < 2; op++) {
        long bad = 0;
        for (size_t j = 0; j < sizeof yv / sizeof yv[0]; j++) {
            for (int i = 0; i < 65536; i++)
                ys[i] = yv[j];
            rp_array X = {(char *)xs, shape, xst, 1, RP_FLOAT16};
            rp_array Y = {(char *)ys, shape, st2, 1, RP_FLOAT16};
            rp_array O = {(char *)out, shape, st2, 1, RP_FLOAT16};
            rp_array D = {(char *)dout, shape, st8, 1, RP_FLOAT64};
            const rp_array *ins[2] = {&X, &Y};
            const rp_op rop = op ? RP_OP_multiply : RP_OP_add;
            unsigned err = 0, derr = 0;
            CHECK(rp_ufunc_run(rop, RP_FLOAT16, ins, &O, NULL, &err) == RP_OK);
            CHECK(rp_ufunc_run(rop, RP_FLOAT16, ins, &D, NULL, &derr) == RP_OK);
            int fe = 0;
            for (int i = 0; i < 65536; i++) {
                float a = (float)ref_half_value((rp_half)i), b = (float)ref_half_value(yv[j]);
                float r = op ? a * b : a + b;
                rp_half w = isnan(r) ? out[i] : ref_to_half((double)r, &fe);
                bad += out[i] != w || (!isnan(r) && dout[i] != ref_half_value(w) &&
                                       !(isnan(dout[i]) && isnan(ref_half_value(w))));
                bad += isnan(r) != isnan(ref_half_value(out[i]));
            }
            bad += ((err & RP_UFUNC_OVERFLOW) != 0) != ((fe & FE_OVERFLOW) != 0);
            bad += (err & RP_UFUNC_OVERFLOW) != (derr & RP_UFUNC_OVERFLOW);
        }
        CHECKF(bad == 0, "float16 %s through float32: %ld differences", op ? "multiply" : "add",
               bad);
    }
    rp_dtype loop, outdt;
    const rp_dtype i8h[2] = {RP_INT8, RP_FLOAT16}, f32h[2] = {RP_FLOAT32, RP_FLOAT16};
    CHECK(rp_ufunc_resolve(RP_OP_add, i8h, NULL, &loop, &outdt) == RP_OK && loop == RP_FLOAT16 &&
          outdt == RP_FLOAT16);
    CHECK(rp_ufunc_resolve(RP_OP_add, f32h, NULL, &loop, &outdt) == RP_OK && loop == RP_FLOAT32);
    const rp_dtype i8[1] = {RP_INT8};
    CHECK(rp_ufunc_resolve(RP_OP_sqrt, i8, NULL, &loop, &outdt) == RP_OK && loop == RP_FLOAT16);
    CHECK(rp_ufunc_has_loop(RP_OP_sin, RP_FLOAT16) && !rp_ufunc_has_loop(RP_OP_bitwise_and, RP_FLOAT16));
}

/* Every ISA's float16 round against the baseline's, all halves, each
 * decimals: bits and flags (NumPy's values: tests/python/test_float16_ops.py). */
static void test_round_isas(void)
{
    static rp_half xs[65536], ref[65536], got[65536];
    for (int i = 0; i < 65536; i++)
        xs[i] = (rp_half)i;
    long bad = 0;
    int first_isa = -1, first_d = 0;
    for (int d = -5; d <= 4; d++) {
        unsigned err = 0;
        rp_ufunc_ctx c = {1.0, d, &err};
        for (int k = 0; k < (d < 0 ? -d : d); k++)
            c.scale *= 10.0;
        char *args[2] = {(char *)xs, (char *)ref};
        rp_intp steps[2] = {2, 2};
        feclearexcept(FE_ALL_EXCEPT);
        tables[RP_ISA_BASELINE].ufunc.k[RP_OP_round][RP_FLOAT16](args, 65536, steps, &c);
        int fref = fetestexcept(FLAGS);
        for (int t = 0; t < ntested; t++) {
            args[1] = (char *)got;
            feclearexcept(FE_ALL_EXCEPT);
            tables[tested[t]].ufunc.k[RP_OP_round][RP_FLOAT16](args, 65536, steps, &c);
            int fgot = fetestexcept(FLAGS);
            if (memcmp(got, ref, sizeof got) != 0 || fgot != fref) {
                if (!bad++) {
                    first_isa = (int)tested[t];
                    first_d = d;
                    for (int i = 0; i < 65536; i++)
                        if (got[i] != ref[i]) {
                            printf("  round %s decimals %d: %04x -> %04x, baseline %04x\n",
                                   rp_isa_name(tested[t]), d, (unsigned)i, got[i], ref[i]);
                            break;
                        }
                    printf("  flags %x, baseline %x\n", fgot, fref);
                }
            }
        }
    }
    CHECKF(bad == 0, "float16 round: %ld (ISA, decimals) differ from the baseline, first %s %d",
           bad, first_isa >= 0 ? rp_isa_name((rp_isa)first_isa) : "-", first_d);
}

/* float16 cumsum/cumprod: every partial rounded to half (the reference:
 * float arithmetic of the previous partial and the element, rounded by
 * ref_to_half), strided and in place, with the flags; every ISA's kernel
 * against the baseline's, bit for bit. */
static void test_cum_isas(void)
{
    enum { CN = 3000 };
    static rp_half xs[2 * CN], ref[CN], got[2 * CN];
    srand(17);
    /* finite non-zero halves (subnormals too): partials overflow to inf and
     * underflow to zero, never NaN (the reference rounds no NaN) */
    for (int i = 0; i < 2 * CN; i++) {
        rp_half h = (rp_half)(i < 40 ? 0x3c00 + 37 * i : rand() & 0xffff);
        if ((h & 0x7c00) == 0x7c00)
            h &= 0xbfff;
        xs[i] = (h & 0x7fff) ? h : (rp_half)(h | 1);
    }
    const rp_reduce_op ops[2] = {RP_RED_SUM, RP_RED_PROD};
    for (int o = 0; o < 2; o++) {
        const rp_reduce_op op = ops[o];
        int fe = 0;
        rp_half acc = xs[0];
        ref[0] = acc;
        for (int i = 1; i < CN; i++) {
            const float a = (float)ref_half_value(acc), x = (float)ref_half_value(xs[2 * i]);
            acc = ref_to_half(op == RP_RED_SUM ? (double)(a + x) : (double)(a * x), &fe);
            ref[i] = acc;
        }
        for (int t = -1; t < ntested; t++) {
            const rp_isa isa = t < 0 ? RP_ISA_BASELINE : tested[t];
            rp_kernel k = tables[isa].reduce.cum[op][RP_FLOAT16];
            CHECK(k != NULL);
            if (!k)
                continue;
            char *args[2] = {(char *)xs, (char *)got};
            const rp_intp steps[2] = {4, 2}; /* every other input */
            feclearexcept(FE_ALL_EXCEPT);
            k(args, CN, steps, NULL);
            const int fgot = fetestexcept(FLAGS);
            CHECKF(memcmp(got, ref, sizeof ref) == 0 && fgot == fe, "cum op %d %s: flags %x/%x",
                   op, rp_isa_name(isa), fgot, fe);
            /* in place, as the driver calls it (out is a copy of in) */
            for (int i = 0; i < CN; i++)
                got[i] = xs[2 * i];
            char *inplace[2] = {(char *)got, (char *)got};
            const rp_intp s2[2] = {2, 2};
            k(inplace, CN, s2, NULL);
            CHECKF(memcmp(got, ref, sizeof ref) == 0, "cum op %d %s in place", op,
                   rp_isa_name(isa));
        }
    }
}

/* float32/float64 -> float16 where the F16C lanes run (every lane of a
 * group of eight in the normal halves' range, or zero): each normal half's
 * neighbourhood (itself, the midpoint to the next, one ulp of the source
 * either side of that midpoint, a random point between), both signs, zeros
 * sprinkled in; every ISA against the reference, contiguous and strided.
 * A double one ulp above a midpoint rounds to the float midpoint, so a
 * double -> float -> half path would tie to even here. */
static void test_narrow_in_range(void)
{
    enum { PER = 5, NH = 0x7c00 - 0x0400, NV = NH * PER * 2 };
    double *d = malloc(NV * sizeof *d);
    float *f = malloc(NV * sizeof *f);
    rp_half *want = malloc(NV * 2), *wantf = malloc(NV * 2), *got = malloc(2 * NV * 2);
    double *d2 = malloc(2 * NV * sizeof *d2);
    CHECK(d && f && want && wantf && got && d2);
    if (!(d && f && want && wantf && got && d2))
        goto done;
    srand(23);
    for (int i = 0; i < NH; i++) {
        rp_half h = (rp_half)(0x0400 + i);
        double lo = ref_half_value(h);
        double hi = h == 0x7bff ? 65520.0 : ref_half_value((rp_half)(h + 1));
        double mid = (lo + hi) / 2;
        double c[PER] = {lo, mid, nextafter(mid, 0), nextafter(mid, 1e9),
                         lo + (hi - lo) * ((double)rand() / RAND_MAX) * 0.999};
        for (int k = 0; k < PER; k++)
            for (int s = 0; s < 2; s++) {
                size_t j = ((size_t)i * PER + (size_t)k) * 2 + (size_t)s;
                d[j] = rand() % 97 == 0 ? 0.0 : c[k];
                d[j] = s ? -d[j] : d[j];
            }
    }
    int fe_ref = 0, fe_reff = 0;
    for (int j = 0; j < NV; j++) {
        f[j] = (float)d[j];
        want[j] = ref_to_half(d[j], &fe_ref);
        wantf[j] = ref_to_half(f[j], &fe_reff);
        d2[2 * j] = d[j];
        d2[2 * j + 1] = 1e300; /* skipped by the strided runs */
    }
    CHECK(fe_ref == 0 && fe_reff == 0);
    for (int t = -1; t < ntested; t++) {
        const rp_isa isa = t < 0 ? RP_ISA_BASELINE : tested[t];
        rp_kernel d2h = tables[isa].cast.k[RP_FLOAT64][RP_FLOAT16];
        rp_kernel f2h = tables[isa].cast.k[RP_FLOAT32][RP_FLOAT16];
        CHECKF(run(d2h, d, 1, got, 1, NV, 8, 2) == 0 && memcmp(got, want, NV * 2) == 0,
               "%s float64 -> float16 in range", rp_isa_name(isa));
        CHECKF(run(d2h, d2, 2, got, 1, NV, 8, 2) == 0 && memcmp(got, want, NV * 2) == 0,
               "%s float64 -> float16 in range, strided", rp_isa_name(isa));
        CHECKF(run(f2h, f, 1, got, 1, NV, 4, 2) == 0 && memcmp(got, wantf, NV * 2) == 0,
               "%s float32 -> float16 in range", rp_isa_name(isa));
        /* each tail length after whole groups of eight */
        for (rp_intp n = 1; n <= 17; n++) {
            memset(got, 0xa5, 40);
            CHECKF(run(d2h, d + 3, 1, got, 1, n, 8, 2) == 0 &&
                       memcmp(got, want + 3, (size_t)n * 2) == 0 && got[n] == 0xa5a5,
                   "%s float64 -> float16 n=%td", rp_isa_name(isa), n);
        }
    }
done:
    free(d);
    free(f);
    free(want);
    free(wantf);
    free(got);
    free(d2);
}

void test_half(void)
{
    ntested = rp_test_isa_tables(tables, tested, "half");
    test_narrow_in_range();
    test_cum_isas();
    test_reference();
    test_isas();
    test_nextafter();
    test_driver_loop();
    test_round_isas();
}
