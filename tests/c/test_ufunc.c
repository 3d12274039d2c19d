/* Promotion tables and the elementwise kernels of every compiled ISA
 * against the baseline. */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kernels.h"
#include "raptors/ufunc.h"
#include "test.h"

/* NumPy 2.4's np.promote_types / np.can_cast over the fourteen dtypes, in
 * rp_dtype order (float16, complex64, complex128 last), promotions as NumPy's
 * type characters (generated with numpy, pasted as data). */
static const char *const promote_ref[RP_NTYPES] = {
    "?bhilBHILfdeFD", "bbhilhildfdeFD", "hhhilhildfdfFD", "iiiiliilddddDD",
    "llllllllddddDD", "BhhilBHILfdeFD", "HiiilHHILfdfFD", "IllllIIILdddDD",
    "LddddLLLLdddDD", "fffddffddfdfFD", "ddddddddddddDD", "eefddefddfdeFD",
    "FFFDDFFDDFDFFD", "DDDDDDDDDDDDDD",
};
static const char *const safe_ref[RP_NTYPES] = {
    "11111111111111", ".1111....11111", "..111....11.11", "...11.....1..1",
    "....1.....1..1", "..111111111111", "...11.11111.11", "....1..11.1..1",
    "........1.1..1", ".........11.11", "..........1..1", ".........11111",
    "............11", ".............1",
};
static const char *const same_kind_ref[RP_NTYPES] = {
    "11111111111111", ".1111....11111", ".1111....11111", ".1111....11111",
    ".1111....11111", ".1111111111111", ".1111111111111", ".1111111111111",
    ".1111111111111", ".........11111", ".........11111", ".........11111",
    "............11", "............11",
};

static void test_promotion(void)
{
    for (int a = 0; a < RP_NTYPES; a++)
        for (int b = 0; b < RP_NTYPES; b++) {
            CHECK(rp_dtype_get(rp_promote_types((rp_dtype)a, (rp_dtype)b))->format ==
                  promote_ref[a][b]);
            CHECK(rp_can_cast((rp_dtype)a, (rp_dtype)b, RP_CASTING_SAFE) ==
                  (safe_ref[a][b] == '1'));
            CHECK(rp_can_cast((rp_dtype)a, (rp_dtype)b, RP_CASTING_SAME_KIND) ==
                  (same_kind_ref[a][b] == '1'));
            CHECK(rp_can_cast((rp_dtype)a, (rp_dtype)b, RP_CASTING_UNSAFE));
            CHECK(rp_can_cast((rp_dtype)a, (rp_dtype)b, RP_CASTING_NO) == (a == b));
        }
    /* NEP 50 weak scalars. */
    rp_dtype i8 = RP_INT8, b = RP_BOOL, f4 = RP_FLOAT32, u8 = RP_UINT8;
    rp_weak wi = RP_WEAK_INT, wf = RP_WEAK_FLOAT, wb = RP_WEAK_BOOL;
    CHECK(rp_result_type(1, &i8, 1, &wi) == RP_INT8);
    CHECK(rp_result_type(1, &b, 1, &wi) == RP_INT64);
    CHECK(rp_result_type(1, &i8, 1, &wf) == RP_FLOAT64);
    CHECK(rp_result_type(1, &f4, 1, &wf) == RP_FLOAT32);
    CHECK(rp_result_type(1, &u8, 1, &wb) == RP_UINT8);
    /* a Python complex: complex of the float kind's size, complex128 past float32 */
    rp_weak wc = RP_WEAK_COMPLEX;
    rp_dtype h = RP_FLOAT16, c8 = RP_COMPLEX64;
    CHECK(rp_result_type(1, &f4, 1, &wc) == RP_COMPLEX64);
    CHECK(rp_result_type(1, &h, 1, &wc) == RP_COMPLEX64);
    CHECK(rp_result_type(1, &i8, 1, &wc) == RP_COMPLEX128);
    CHECK(rp_result_type(1, &b, 1, &wc) == RP_COMPLEX128);
    CHECK(rp_result_type(1, &c8, 1, &wf) == RP_COMPLEX64);
    CHECK(rp_result_type(0, NULL, 1, &wc) == RP_COMPLEX128);
    CHECK(rp_result_type(0, NULL, 1, &wf) == RP_FLOAT64);
    CHECK(rp_result_type(0, NULL, 1, &wi) == RP_INT64);
    CHECK(rp_result_type(0, NULL, 1, &wb) == RP_BOOL);
    rp_dtype f2 = RP_FLOAT16;
    CHECK(rp_result_type(1, &f2, 1, &wf) == RP_FLOAT16);
    CHECK(rp_result_type(1, &f2, 1, &wi) == RP_FLOAT16);
}

/* ---- every ISA's kernels against the baseline, bit for bit ------------- */

static rp_kernel_table tables[RP_ISA_COUNT];
static rp_isa tested[RP_ISA_COUNT];
static int ntested;

static void fill_tables(void) { ntested = rp_test_isa_tables(tables, tested, "ufunc"); }

static const double fspecial[] = {
    NAN, -NAN, INFINITY, -INFINITY, 0.0, -0.0, 0x1p-1074, -0x1p-1074, 0x1p-1022, 0x1p-149,
    0.5, -0.5, 1.0, -1.0, 1.5, -2.5, 2.0, 3.0, -3.0, 0.75, 1e-7, 1e300, -1e300, FLT_MAX,
    DBL_MAX, 88.7, 709.8, -745.2, 1e10, 3.14159, -7.0, 100.0,
};
static const int64_t ispecial[] = {
    0, 1, -1, 2, -2, 3, 7, -7, 8, 63, 64, 65, 127, -128, 255, 32767, -32768, 65535, INT32_MAX,
    INT32_MIN, INT64_MAX, INT64_MIN, 5, -5, 31, 32, 33,
};
#define NARR(a) ((int)(sizeof(a) / sizeof((a)[0])))

static void fill_value(rp_rng *r, rp_dtype dt, char *p)
{
    uint64_t bits = rp_rng_next(r);
    int mode = (int)rp_rng_range(r, 0, 3);
    switch (dt) {
    case RP_FLOAT32:
    case RP_FLOAT64: {
        double f;
        if (mode == 0)
            f = fspecial[rp_rng_range(r, 0, NARR(fspecial) - 1)];
        else if (mode == 1) {
            if (dt == RP_FLOAT32) {
                uint32_t b = (uint32_t)bits;
                memcpy(p, &b, 4);
            } else
                memcpy(p, &bits, 8);
            return;
        } else
            f = (double)((int64_t)bits >> 11) / 0x1p52 * (mode == 2 ? 4.0 : 300.0);
        if (dt == RP_FLOAT32) {
            float g = (float)f;
            memcpy(p, &g, 4);
        } else
            memcpy(p, &f, 8);
        return;
    }
    case RP_BOOL: *p = (char)(bits & 1); return;
    case RP_COMPLEX64:
    case RP_COMPLEX128: { /* each part drawn as its float type */
        const rp_dtype part = dt == RP_COMPLEX64 ? RP_FLOAT32 : RP_FLOAT64;
        fill_value(r, part, p);
        fill_value(r, part, p + rp_dtype_size(part));
        return;
    }
    default: {
        int64_t v = mode == 0   ? ispecial[rp_rng_range(r, 0, NARR(ispecial) - 1)]
                    : mode == 1 ? (int64_t)bits
                                : (int64_t)rp_rng_range(r, -20, 70);
        memcpy(p, &v, rp_dtype_size(dt)); /* little endian: the low bytes */
    }
    }
}

enum { MAXN = 1100, SPAN = MAXN * 3 + 8, MAXSIZE = 16 /* complex128's bytes */ };
static char inbuf[3][SPAN * MAXSIZE];
static char ref[SPAN * MAXSIZE], got[SPAN * MAXSIZE];

/* Layouts: per operand (inputs..., output) the element step; 0 = scalar;
 * 9 = exactly in place on input 0, 10 = on input 1. */
static const int layouts[][4] = {
    {1, 1, 1, 1}, {1, 0, 0, 1}, {0, 1, 0, 1}, {1, 1, 1, 9}, {1, 1, 1, 10},
    {2, -1, 3, 1}, {-1, 2, 1, -2}, {0, 0, 0, 1}, {1, 1, 0, 3},
};

static void run_kernel(rp_kernel k, int nin, rp_dtype loop, rp_dtype odt, const int *lay, rp_intp n,
                       char *out, unsigned *err)
{
    char *args[4];
    rp_intp steps[4];
    for (int i = 0; i <= nin; i++) {
        int s = lay[i < nin ? i : 3];
        rp_dtype dt = i < nin ? loop : odt;
        rp_intp sz = (rp_intp)rp_dtype_size(dt);
        char *base = i < nin ? inbuf[i] : out;
        if (i == nin && s >= 9) {
            args[i] = args[s - 9];
            steps[i] = steps[s - 9];
            continue;
        }
        args[i] = base + (s < 0 ? (n - 1) * -s * sz : 0);
        steps[i] = s * sz;
    }
    rp_ufunc_ctx c = {100.0, 2, err};
    k(args, n, steps, &c);
}

/* Whether n bytes of a complex loop's output agree: bit for bit, but for
 * NaN parts, which only have to be NaN on both sides -- which NaN an FMA
 * passes on depends on the operand order the compiler picks, and NumPy's own
 * SIMD and scalar loops differ in the payloads too. part: the part type. */
static bool same_complex_out(const char *a, const char *b, rp_dtype part, size_t n)
{
    if (part == RP_BOOL)
        return memcmp(a, b, n) == 0;
    const size_t psz = rp_dtype_size(part);
    for (size_t i = 0; i + psz <= n; i += psz) {
        bool na, nb;
        if (part == RP_FLOAT32) {
            float x, y;
            memcpy(&x, a + i, 4);
            memcpy(&y, b + i, 4);
            na = x != x, nb = y != y;
        } else {
            double x, y;
            memcpy(&x, a + i, 8);
            memcpy(&y, b + i, 8);
            na = x != x, nb = y != y;
        }
        if (na != nb || (!na && memcmp(a + i, b + i, psz) != 0))
            return false;
    }
    return n % psz == 0 || memcmp(a + n / psz * psz, b + n / psz * psz, n % psz) == 0;
}

static void test_isas(void)
{
    fill_tables();
    rp_rng r = {7};
    static const rp_intp lens[] = {0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 257, 1025};
    for (int op = 0; op < RP_NOPS; op++) {
        const rp_op_info *info = rp_op_get((rp_op)op);
        for (int dt = 0; dt < RP_NTYPES; dt++) {
            rp_kernel base = tables[RP_ISA_BASELINE].ufunc.k[op][dt];
            for (int t = 1; t < ntested; t++)
                CHECKF((tables[tested[t]].ufunc.k[op][dt] != NULL) == (base != NULL),
                       "%s %s/%s slot differs from baseline", rp_isa_name(tested[t]), info->name,
                       rp_dtype_get(dt)->name);
            if (!base)
                continue;
            rp_dtype odt = rp_ufunc_out_dtype((rp_op)op, (rp_dtype)dt);
            const bool cx = dt == RP_COMPLEX64 || dt == RP_COMPLEX128;
            const rp_dtype part = odt == RP_BOOL ? RP_BOOL
                                  : dt == RP_COMPLEX64 ? RP_FLOAT32 : RP_FLOAT64;
            rp_intp sz = (rp_intp)rp_dtype_size((rp_dtype)dt), osz = (rp_intp)rp_dtype_size(odt);
            long mism[RP_ISA_COUNT] = {0};
            for (int i = 0; i < info->nin; i++) {
                rp_dtype idt = info->family == RP_FAM_WHERE && i == 0 ? RP_BOOL : (rp_dtype)dt;
                for (rp_intp e = 0; e < SPAN; e++)
                    fill_value(&r, idt, inbuf[i] + e * (rp_intp)rp_dtype_size(idt));
            }
            static char saved[3][SPAN * MAXSIZE];
            memcpy(saved, inbuf, sizeof saved);
            for (int li = 0; li < NARR(lens); li++)
                for (int l = 0; l < NARR(layouts); l++) {
                    const int *lay = layouts[l];
                    rp_intp n = lens[li];
                    if (lay[3] >= 9 && (lay[3] - 9 >= info->nin || odt != (rp_dtype)dt))
                        continue;
                    /* In-place runs overwrite an input: restore it each time. */
                    bool inplace = lay[3] >= 9;
                    if (inplace)
                        memcpy(inbuf, saved, sizeof saved);
                    unsigned eref = 0;
                    memset(ref, 0x5a, (size_t)(SPAN * osz));
                    run_kernel(base, info->nin, (rp_dtype)dt, odt, lay, n, ref, &eref);
                    static char refin[SPAN * MAXSIZE];
                    if (inplace)
                        memcpy(refin, inbuf[lay[3] - 9], (size_t)(SPAN * sz));
                    for (int t = 1; t < ntested; t++) {
                        if (inplace)
                            memcpy(inbuf, saved, sizeof saved);
                        unsigned eg = 0;
                        memset(got, 0x5a, (size_t)(SPAN * osz));
                        run_kernel(tables[tested[t]].ufunc.k[op][dt], info->nin, (rp_dtype)dt, odt,
                                   lay, n, got, &eg);
                        const char *gv = inplace ? inbuf[lay[3] - 9] : got;
                        const char *rv = inplace ? refin : ref;
                        const size_t nb = (size_t)(SPAN * (inplace ? sz : osz));
                        bool same = cx ? same_complex_out(gv, rv, part, nb) : memcmp(gv, rv, nb) == 0;
                        same = same && eg == eref;
                        if (!same && mism[t]++ == 0)
                            fprintf(stderr, "%s %s/%s differs from baseline: n=%td layout %d\n",
                                    rp_isa_name(tested[t]), info->name, rp_dtype_get(dt)->name, n, l);
                    }
                    if (inplace)
                        memcpy(inbuf, saved, sizeof saved);
                }
            for (int t = 1; t < ntested; t++)
                CHECKF(mism[t] == 0, "%s %s/%s: %ld runs differ from the baseline",
                       rp_isa_name(tested[t]), info->name, rp_dtype_get(dt)->name, mism[t]);
        }
    }
}

/* ---- the driver: broadcasting, casting blocks, overlap, errors --------- */

static void test_driver(void)
{
    /* int8 (3,1) + float64 (4,) -> float64 (3,4): casts and broadcasting. */
    int8_t a[3] = {1, -2, 3};
    double b[4] = {0.5, 1.5, -2.0, 100.0}, o[12];
    rp_intp ash[2] = {3, 1}, ast[2] = {1, 1}, bsh[1] = {4}, bst[1] = {8}, osh[2] = {3, 4},
            ost[2] = {32, 8};
    rp_array A = {(char *)a, ash, ast, 2, RP_INT8}, Bv = {(char *)b, bsh, bst, 1, RP_FLOAT64},
             O = {(char *)o, osh, ost, 2, RP_FLOAT64};
    const rp_array *ins[2] = {&A, &Bv};
    rp_dtype in[2] = {RP_INT8, RP_FLOAT64}, loop, out;
    CHECK(rp_ufunc_resolve(RP_OP_add, in, NULL, &loop, &out) == RP_OK && loop == RP_FLOAT64);
    unsigned err;
    CHECK(rp_ufunc_run(RP_OP_add, loop, ins, &O, NULL, &err) == RP_OK && err == 0);
    bool ok = true;
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 4; j++)
            ok &= o[i * 4 + j] == a[i] + b[j];
    CHECK(ok);
    /* A shape that does not broadcast. */
    rp_intp bad[1] = {3};
    rp_array Bb = {(char *)b, bad, bst, 1, RP_FLOAT64};
    const rp_array *ins2[2] = {&A, &Bb};
    rp_array O2 = {(char *)o, osh, ost, 2, RP_FLOAT64};
    rp_intp ash2[2] = {3, 4}, ast2[2] = {0, 0};
    (void)ash2, (void)ast2;
    CHECK(rp_ufunc_run(RP_OP_add, RP_FLOAT64, ins2, &O2, NULL, &err) == RP_ESHAPE);

    /* x[1:] += x[:-1] reads the old values (NumPy's result), over a long
     * run so the copy matters across blocks. */
    enum { N = 1000 };
    static int64_t x[N], want[N];
    for (int i = 0; i < N; i++)
        x[i] = want[i] = i * 3 - 7;
    for (int i = N - 1; i >= 1; i--)
        want[i] = x[i] + x[i - 1];
    rp_intp n1[1] = {N - 1}, s8[1] = {8};
    rp_array X1 = {(char *)(x + 1), n1, s8, 1, RP_INT64}, X0 = {(char *)x, n1, s8, 1, RP_INT64};
    const rp_array *ins3[2] = {&X1, &X0};
    CHECK(rp_ufunc_run(RP_OP_add, RP_INT64, ins3, &X1, NULL, &err) == RP_OK);
    CHECK(memcmp(x, want, sizeof x) == 0);

    /* An output whose elements share memory (as_strided (3, 3), strides
     * (8, 16) over 7 doubles): each element computed once from the old
     * values; NumPy's duplicates: C order for np.add(v9, 1, out=ov), its
     * assignment order for ov += v9 (values from NumPy 2). */
    double v9[9], ov[8], want_out[7] = {1, 4, 7, 5, 8, 6, 9}, want_inplace[7] = {0, 4, 3, 7, 6, 10, 14};
    for (int i = 0; i < 9; i++)
        v9[i] = i;
    rp_intp sh9[2] = {3, 3}, cst9[2] = {24, 8}, ost9[2] = {8, 16}, one_sh[1] = {1}, one_st[1] = {0};
    double one = 1;
    rp_array V9 = {(char *)v9, sh9, cst9, 2, RP_FLOAT64}, OV = {(char *)ov, sh9, ost9, 2, RP_FLOAT64},
             One = {(char *)&one, one_sh, one_st, 1, RP_FLOAT64};
    const rp_array *vo[2] = {&V9, &One}, *ovv[2] = {&OV, &V9};
    for (int i = 0; i < 8; i++)
        ov[i] = -1;
    CHECK(rp_ufunc_run(RP_OP_add, RP_FLOAT64, vo, &OV, NULL, &err) == RP_OK);
    CHECK(memcmp(ov, want_out, sizeof want_out) == 0 && ov[7] == -1);
    for (int i = 0; i < 8; i++)
        ov[i] = i;
    CHECK(rp_ufunc_run(RP_OP_add, RP_FLOAT64, ovv, &OV, NULL, &err) == RP_OK);
    CHECK(memcmp(ov, want_inplace, sizeof want_inplace) == 0 && ov[7] == 7);

    /* Integer division by zero -> 0 and the divide-by-zero bit; float
     * errors from the flags; negative integer powers are an error. */
    int32_t p[4] = {7, -7, 1, 0}, q[4] = {2, 2, 0, 0}, r[4];
    rp_intp n4[1] = {4}, s4[1] = {4};
    rp_array P = {(char *)p, n4, s4, 1, RP_INT32}, Q = {(char *)q, n4, s4, 1, RP_INT32},
             R = {(char *)r, n4, s4, 1, RP_INT32};
    const rp_array *pq[2] = {&P, &Q};
    CHECK(rp_ufunc_run(RP_OP_floor_divide, RP_INT32, pq, &R, NULL, &err) == RP_OK);
    CHECK(r[0] == 3 && r[1] == -4 && r[2] == 0 && r[3] == 0 && err == RP_UFUNC_DIVBYZERO);
    q[0] = -1;
    CHECK(rp_ufunc_run(RP_OP_power, RP_INT32, pq, &R, NULL, &err) == RP_EVALUE);
    double f[2] = {1.0, -1.0}, g[2] = {0.0, 0.0}, h[2];
    rp_intp n2[1] = {2}, sd[1] = {8};
    rp_array F = {(char *)f, n2, sd, 1, RP_FLOAT64}, G = {(char *)g, n2, sd, 1, RP_FLOAT64},
             H = {(char *)h, n2, sd, 1, RP_FLOAT64};
    const rp_array *fg[2] = {&F, &G};
    CHECK(rp_ufunc_run(RP_OP_divide, RP_FLOAT64, fg, &H, NULL, &err) == RP_OK);
    CHECK(isinf(h[0]) && h[0] > 0 && isinf(h[1]) && h[1] < 0 && err == RP_UFUNC_DIVBYZERO);
    const rp_array *ff[2] = {&G, &G};
    CHECK(rp_ufunc_run(RP_OP_divide, RP_FLOAT64, ff, &H, NULL, &err) == RP_OK);
    CHECK(isnan(h[0]) && err == RP_UFUNC_INVALID);
    /* Comparisons raise no error on NaN. */
    uint8_t bo[2];
    rp_array BO = {(char *)bo, n2, (rp_intp[]){1}, 1, RP_BOOL};
    CHECK(rp_ufunc_run(RP_OP_less, RP_FLOAT64, ff, &BO, NULL, &err) == RP_OK && err == 0);
    CHECK(bo[0] == 0 && bo[1] == 0);

    /* int64 against uint64 compares exact values, not float64 roundings. */
    int64_t si[4] = {(int64_t)1 << 53, -1, INT64_MAX, 5};
    uint64_t ui[4] = {((uint64_t)1 << 53) + 1, UINT64_MAX, (uint64_t)INT64_MAX + 1, 5};
    uint8_t lt[4], eq[4];
    rp_intp n4b[1] = {4}, s8b[1] = {8}, s1b[1] = {1};
    rp_array SI = {(char *)si, n4b, s8b, 1, RP_INT64}, UI = {(char *)ui, n4b, s8b, 1, RP_UINT64},
             LT = {(char *)lt, n4b, s1b, 1, RP_BOOL}, EQ = {(char *)eq, n4b, s1b, 1, RP_BOOL};
    const rp_array *su[2] = {&SI, &UI}, *us[2] = {&UI, &SI};
    rp_dtype sud[2] = {RP_INT64, RP_UINT64};
    CHECK(rp_ufunc_resolve(RP_OP_less, sud, NULL, &loop, &out) == RP_OK && loop == RP_FLOAT64);
    CHECK(rp_ufunc_run(RP_OP_less, loop, su, &LT, NULL, &err) == RP_OK);
    CHECK(lt[0] == 1 && lt[1] == 1 && lt[2] == 1 && lt[3] == 0);
    CHECK(rp_ufunc_run(RP_OP_equal, loop, us, &EQ, NULL, &err) == RP_OK);
    CHECK(eq[0] == 0 && eq[1] == 0 && eq[2] == 0 && eq[3] == 1);
    CHECK(rp_ufunc_run(RP_OP_greater, loop, us, &LT, NULL, &err) == RP_OK);
    CHECK(lt[0] == 1 && lt[1] == 1 && lt[2] == 1 && lt[3] == 0);

    /* Loop selection follows NumPy's legacy resolver (no float16: the
     * small integer types that NumPy sends to float16 get float32). */
    struct {
        rp_op op;
        rp_dtype a, b, loop, out;
    } cases[] = {
        {RP_OP_divide, RP_INT8, RP_INT8, RP_FLOAT64, RP_FLOAT64},
        {RP_OP_divide, RP_INT16, RP_FLOAT32, RP_FLOAT32, RP_FLOAT32},
        {RP_OP_floor_divide, RP_BOOL, RP_BOOL, RP_INT8, RP_INT8},
        {RP_OP_arctan2, RP_INT16, RP_UINT16, RP_FLOAT32, RP_FLOAT32},
        {RP_OP_arctan2, RP_INT32, RP_INT8, RP_FLOAT64, RP_FLOAT64},
        {RP_OP_less, RP_INT64, RP_UINT8, RP_INT64, RP_BOOL},
        {RP_OP_add, RP_INT64, RP_UINT64, RP_FLOAT64, RP_FLOAT64},
        {RP_OP_left_shift, RP_BOOL, RP_BOOL, RP_INT8, RP_INT8},
    };
    for (int i = 0; i < NARR(cases); i++) {
        rp_dtype io[2] = {cases[i].a, cases[i].b};
        CHECKF(rp_ufunc_resolve(cases[i].op, io, NULL, &loop, &out) == RP_OK &&
                   loop == cases[i].loop && out == cases[i].out,
               "resolve case %d", i);
    }
    rp_dtype bb[2] = {RP_BOOL, RP_BOOL}, ff2[2] = {RP_FLOAT64, RP_INT64};
    CHECK(rp_ufunc_resolve(RP_OP_subtract, bb, NULL, &loop, &out) == RP_ETYPE);
    CHECK(rp_ufunc_resolve(RP_OP_bitwise_and, ff2, NULL, &loop, &out) == RP_ETYPE);
    rp_weak w[2] = {RP_WEAK_NONE, RP_WEAK_FLOAT};
    rp_dtype i8f[2] = {RP_INT8, RP_FLOAT64}, f4[2] = {RP_FLOAT32, RP_FLOAT64};
    CHECK(rp_ufunc_resolve(RP_OP_multiply, i8f, w, &loop, &out) == RP_OK && loop == RP_FLOAT64);
    CHECK(rp_ufunc_resolve(RP_OP_multiply, f4, w, &loop, &out) == RP_OK && loop == RP_FLOAT32);
}

/* Threads by cost (src/core/ufunc_cost.c): per family, from how many
 * elements a call goes to the pool. */
static void test_thread_cutoffs(void)
{
    const rp_intp floor = RP_UFUNC_NOGIL_MIN;
    const size_t bytes = rp_ufunc_serial_cutoff_bytes();
    if (bytes != RP_UFUNC_SERIAL_CUTOFF) /* RAPTORS_UFUNC_PAR_BYTES moved it */
        return;
    /* Arithmetic, comparisons, integer division: the bytes decide (add of
     * float64 moves 24 bytes an element, of int8 3). */
    CHECK(rp_ufunc_cost_ns(RP_OP_add, RP_FLOAT64) == 0);
    CHECK(rp_ufunc_serial_cutoff_for(RP_OP_add, RP_FLOAT64, 24) == (rp_intp)((bytes + 23) / 24));
    CHECK(rp_ufunc_serial_cutoff_for(RP_OP_add, RP_INT8, 3) == (rp_intp)((bytes + 2) / 3));
    CHECK(rp_ufunc_serial_cutoff_for(RP_OP_less, RP_FLOAT32, 9) == (rp_intp)((bytes + 8) / 9));
    CHECK(rp_ufunc_serial_cutoff_for(RP_OP_floor_divide, RP_INT64, 24) ==
          (rp_intp)((bytes + 23) / 24));
    /* never under the floor, however few bytes an element moves */
    CHECK(rp_ufunc_serial_cutoff_for(RP_OP_add, RP_FLOAT64, 1024) == floor);
    const rp_isa saved = rp_isa_selected();
    for (int isa = 0; isa < RP_ISA_COUNT; isa++) {
        if (!rp_isa_compiled((rp_isa)isa) || rp_dispatch_init(rp_isa_name((rp_isa)isa)) != RP_OK)
            continue;
        /* An element at a time (libm or a scalar loop: 5-12 ns) is past
         * break-even at the floor. */
        const rp_op slow[] = {RP_OP_sin, RP_OP_hypot, RP_OP_logaddexp, RP_OP_fmod};
        for (size_t i = 0; i < sizeof slow / sizeof slow[0]; i++)
            CHECKF(rp_ufunc_serial_cutoff_for(slow[i], RP_FLOAT64, 16) == floor, "op %d isa %d",
                   (int)slow[i], isa);
        /* The vector kernels cost 0.1-2 ns: their cutoffs lie between the
         * floor and the byte cutoff, cheaper ones later (on AVX-512, the
         * fastest, float32 exp's is above the floor). */
        const rp_intp e32 = rp_ufunc_serial_cutoff_for(RP_OP_exp, RP_FLOAT32, 8);
        const rp_intp e64 = rp_ufunc_serial_cutoff_for(RP_OP_exp, RP_FLOAT64, 16);
        const rp_intp t64 = rp_ufunc_serial_cutoff_for(RP_OP_tanh, RP_FLOAT64, 16);
        CHECKF(floor <= t64 && t64 <= e64 && e64 <= e32 && e32 <= (rp_intp)(bytes / 8),
               "isa %d: %lld %lld %lld", isa, (long long)e32, (long long)e64, (long long)t64);
        CHECK((isa != RP_ISA_AVX2 && isa != RP_ISA_AVX512) || (e64 < e32 && floor < e32));
        /* below the byte cutoff, n x ns an element is the same break-even */
        const double w32 = (double)e32 * rp_ufunc_cost_ns(RP_OP_exp, RP_FLOAT32);
        const double w64 = (double)e64 * rp_ufunc_cost_ns(RP_OP_exp, RP_FLOAT64);
        CHECKF(e32 == (rp_intp)(bytes / 8) || e64 == floor || fabs(w32 / w64 - 1) < 1e-3,
               "isa %d", isa);
        /* float16 loops are float32's kernel between casts */
        CHECK(rp_ufunc_cost_ns(RP_OP_exp, RP_FLOAT16) == rp_ufunc_cost_ns(RP_OP_exp, RP_FLOAT32));
        /* a vector kernel is twice as fast on AVX-512 as on AVX2; a libm
         * call costs the same on every ISA */
        if (isa == RP_ISA_AVX2 || isa == RP_ISA_AVX512) {
            const double sin64 = rp_ufunc_cost_ns(RP_OP_sin, RP_FLOAT64);
            const double ratio = rp_ufunc_cost_ns(RP_OP_exp, RP_FLOAT64) / sin64;
            static double vec_ratio[RP_ISA_COUNT];
            vec_ratio[isa] = ratio;
            if (isa == RP_ISA_AVX512 && vec_ratio[RP_ISA_AVX2] > 0)
                CHECK(fabs(vec_ratio[RP_ISA_AVX2] / ratio - 2) < 1e-9);
        }
    }
    CHECK(rp_dispatch_init(rp_isa_name(saved)) == RP_OK);
}

/* ---- complex: the baseline against NumPy's formulas, written out here ---- */

/* complex128 multiply, divide and absolute of every ISA against the formulas
 * of docs/ufuncs.md computed here element by element (fma() from libm), on
 * pairs of parts drawn from the special values and random bits; a NaN part
 * only has to be NaN. */
static void test_complex_formulas(void)
{
    fill_tables();
    enum { N = 2000 };
    static double x[2 * N], y[2 * N], got[2 * N], want[2 * N];
    rp_rng r = {11};
    for (int i = 0; i < 2 * N; i++) {
        fill_value(&r, RP_FLOAT64, (char *)&x[i]);
        fill_value(&r, RP_FLOAT64, (char *)&y[i]);
    }
    const rp_op ops[] = {RP_OP_multiply, RP_OP_divide, RP_OP_absolute};
    for (int k = 0; k < 3; k++) {
        const rp_op op = ops[k];
        for (int i = 0; i < N; i++) {
            const double a = x[2 * i], b = x[2 * i + 1], c = y[2 * i], d = y[2 * i + 1];
            double re = 0, im = 0;
            if (op == RP_OP_multiply)
                re = fma(a, c, -(b * d)), im = fma(a, d, b * c);
            else if (op == RP_OP_divide) {
                if (fabs(c) >= fabs(d)) {
                    if (c == 0 && d == 0)
                        re = a / fabs(c), im = b / fabs(d);
                    else {
                        const double t = d / c, s = 1.0 / (c + d * t);
                        re = (a + b * t) * s, im = (b - a * t) * s;
                    }
                } else {
                    const double t = c / d, s = 1.0 / (d + c * t);
                    re = (a * t + b) * s, im = (b * t - a) * s;
                }
            } else {
                const double p = fabs(a), q = fabs(b);
                if (p == INFINITY || q == INFINITY)
                    re = INFINITY;
                else if (p != p || q != q)
                    re = NAN;
                else {
                    const double big = p > q ? p : q, small = p > q ? q : p;
                    const double t = big == 0 ? 0 : small / big;
                    re = sqrt(fma(t, t, 1.0)) * big;
                }
            }
            want[2 * i] = re, want[2 * i + 1] = im;
        }
        const rp_intp osz = op == RP_OP_absolute ? 8 : 16;
        const int nparts = op == RP_OP_absolute ? 1 : 2;
        for (int t = 0; t < ntested; t++) {
            rp_kernel kern = tables[tested[t]].ufunc.k[op][RP_COMPLEX128];
            char *args[3] = {(char *)x, (char *)y, (char *)got};
            rp_intp steps[3] = {16, 16, osz};
            if (op == RP_OP_absolute)
                args[1] = (char *)got, steps[1] = osz;
            unsigned err = 0;
            rp_ufunc_ctx c = {1.0, 0, &err};
            kern(args, N, steps, &c);
            long bad = 0;
            for (int i = 0; i < N; i++)
                for (int j = 0; j < nparts; j++) {
                    const double g = got[nparts * i + j], w = want[2 * i + j];
                    bad += g != g ? w == w : memcmp(&g, &w, 8) != 0;
                }
            CHECKF(bad == 0, "%s %s/complex128: %ld parts differ from NumPy's formula",
                   rp_isa_name(tested[t]), rp_op_get(op)->name, bad);
        }
    }
}

void test_ufunc(void)
{
    test_thread_cutoffs();
    test_promotion();
    test_driver();
    test_isas();
    test_complex_formulas();
}
