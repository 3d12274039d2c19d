/*
 * The complex64 and complex128 loops of the ufuncs, from the one-element
 * formulas of complex_scalar.h. As the real dtypes' kernels (ufunc.c) they
 * keep separate plain loops -- contiguous, exactly in place, one operand a
 * broadcast scalar, strided -- so the contiguous ones vectorize per ISA;
 * the driver guarantees an output is exactly an input or does not overlap
 * it, which is what makes the restrict-qualified loops valid.
 */
#include "isa.h"
#include "dtypes.h"
#include "complex_scalar.h"

void RP_ISA_FN(rp_fill_ufunc_complex)(rp_kernel_table *t);

/* (C, C) -> C. The in-place helpers take the output as the one pointer it
 * shares with an input, so their loops vectorize too. */
#define CX_BIN(name, C, S, F)                                                                      \
    static void name##_##S##_cc(const C *restrict a, const C *restrict b, C *restrict o,           \
                                rp_intp n)                                                         \
    {                                                                                              \
        for (rp_intp i = 0; i < n; i++)                                                            \
            o[i] = F(a[i], b[i]);                                                                  \
    }                                                                                              \
    static void name##_##S##_ia(C *io, const C *b, rp_intp n)                                      \
    {                                                                                              \
        for (rp_intp i = 0; i < n; i++)                                                            \
            io[i] = F(io[i], b[i]);                                                                \
    }                                                                                              \
    static void name##_##S##_ib(const C *a, C *io, rp_intp n)                                      \
    {                                                                                              \
        for (rp_intp i = 0; i < n; i++)                                                            \
            io[i] = F(a[i], io[i]);                                                                \
    }                                                                                              \
    static void name##_##S##_cs(const C *restrict a, C b, C *restrict o, rp_intp n)                \
    {                                                                                              \
        for (rp_intp i = 0; i < n; i++)                                                            \
            o[i] = F(a[i], b);                                                                     \
    }                                                                                              \
    static void name##_##S##_sc(C a, const C *restrict b, C *restrict o, rp_intp n)                \
    {                                                                                              \
        for (rp_intp i = 0; i < n; i++)                                                            \
            o[i] = F(a, b[i]);                                                                     \
    }                                                                                              \
    static void name##_##S##_is(C *io, C b, rp_intp n)                                             \
    {                                                                                              \
        for (rp_intp i = 0; i < n; i++)                                                            \
            io[i] = F(io[i], b);                                                                   \
    }                                                                                              \
    static void name##_##S##_si(C a, C *io, rp_intp n)                                             \
    {                                                                                              \
        for (rp_intp i = 0; i < n; i++)                                                            \
            io[i] = F(a, io[i]);                                                                   \
    }                                                                                              \
    static void name##_##S(char *const *args, rp_intp n, const rp_intp *steps, const void *ctx)    \
    {                                                                                              \
        (void)ctx;                                                                                 \
        char *p0 = args[0], *p1 = args[1], *p2 = args[2];                                          \
        const rp_intp s0 = steps[0], s1 = steps[1], s2 = steps[2], t = (rp_intp)sizeof(C);         \
        if (s2 == t && s0 == t && s1 == t) {                                                       \
            if (p2 == p0 && p2 != p1)                                                              \
                name##_##S##_ia((C *)p2, (const C *)p1, n);                                        \
            else if (p2 == p1 && p2 != p0)                                                         \
                name##_##S##_ib((const C *)p0, (C *)p2, n);                                        \
            else if (p2 != p0)                                                                     \
                name##_##S##_cc((const C *)p0, (const C *)p1, (C *)p2, n);                         \
            else                                                                                   \
                for (rp_intp i = 0; i < n; i++) /* x op x in place */                              \
                    ((C *)p2)[i] = F(((C *)p2)[i], ((C *)p2)[i]);                                  \
        } else if (s2 == t && s0 == t && s1 == 0) {                                                \
            const C b = *(const C *)p1;                                                            \
            if (p2 == p0)                                                                          \
                name##_##S##_is((C *)p2, b, n);                                                    \
            else                                                                                   \
                name##_##S##_cs((const C *)p0, b, (C *)p2, n);                                     \
        } else if (s2 == t && s0 == 0 && s1 == t) {                                                \
            const C a = *(const C *)p0;                                                            \
            if (p2 == p1)                                                                          \
                name##_##S##_si(a, (C *)p2, n);                                                    \
            else                                                                                   \
                name##_##S##_sc(a, (const C *)p1, (C *)p2, n);                                     \
        } else {                                                                                   \
            /* Two elements a step: SLP packs both into one vector (no loop \
             * vectorizer for runtime strides); loads come before stores,  \
             * so an output that is exactly an input stays right. */      \
            rp_intp i = 0;                                                                         \
            for (; i + 2 <= n; i += 2, p0 += 2 * s0, p1 += 2 * s1, p2 += 2 * s2) {                 \
                const C a0 = *(const C *)p0, a1 = *(const C *)(p0 + s0);                           \
                const C b0 = *(const C *)p1, b1 = *(const C *)(p1 + s1);                           \
                const C r0 = F(a0, b0), r1 = F(a1, b1);                                            \
                *(C *)p2 = r0;                                                                     \
                *(C *)(p2 + s2) = r1;                                                              \
            }                                                                                      \
            if (i < n)                                                                             \
                *(C *)p2 = F(*(const C *)p0, *(const C *)p1);                                      \
        }                                                                                          \
    }

/* (C, C) -> bool. INV(a, b) is whether NumPy's loop raises "invalid" for
 * the pair (its ordered comparisons meeting a NaN), reported through ctx. */
#define CX_CMP(name, C, S, F, INV)                                                                 \
    static unsigned name##_##S##_cc(const C *restrict a, rp_intp sa, const C *restrict b,          \
                                    rp_intp sb, rp_bool *restrict o, rp_intp n)                    \
    {                                                                                              \
        unsigned inv = 0;                                                                          \
        for (rp_intp i = 0; i < n; i++) {                                                          \
            o[i] = (rp_bool)F(a[i * sa], b[i * sb]);                                               \
            inv |= (unsigned)INV(a[i * sa], b[i * sb]);                                            \
        }                                                                                          \
        return inv;                                                                                \
    }                                                                                              \
    static void name##_##S(char *const *args, rp_intp n, const rp_intp *steps, const void *ctx)    \
    {                                                                                              \
        const rp_ufunc_ctx *c = (const rp_ufunc_ctx *)ctx;                                         \
        char *p0 = args[0], *p1 = args[1], *p2 = args[2];                                          \
        const rp_intp s0 = steps[0], s1 = steps[1], s2 = steps[2], t = (rp_intp)sizeof(C);         \
        unsigned inv = 0;                                                                          \
        if (s2 == 1 && (s0 == t || s0 == 0) && (s1 == t || s1 == 0))                               \
            inv = name##_##S##_cc((const C *)p0, s0 / t, (const C *)p1, s1 / t, (rp_bool *)p2, n); \
        else                                                                                       \
            for (rp_intp i = 0; i < n; i++, p0 += s0, p1 += s1, p2 += s2) {                        \
                *(rp_bool *)p2 = (rp_bool)F(*(const C *)p0, *(const C *)p1);                       \
                inv |= (unsigned)INV(*(const C *)p0, *(const C *)p1);                              \
            }                                                                                      \
        if (inv && c && c->errors)                                                                 \
            *c->errors |= RP_UFUNC_INVALID;                                                        \
    }

/* C -> OT: contiguous, exactly in place (OT == C only) and strided. */
#define CX_UN(name, C, S, OT, F)                                                                   \
    static void name##_##S##_c(const C *restrict a, OT *restrict o, rp_intp n)                     \
    {                                                                                              \
        for (rp_intp i = 0; i < n; i++)                                                            \
            o[i] = F(a[i]);                                                                    \
    }                                                                                              \
    static void name##_##S##_i(C *io, rp_intp n)                                                   \
    {                                                                                              \
        OT *o = (OT *)io;                                                                          \
        for (rp_intp i = 0; i < n; i++)                                                            \
            o[i] = F(io[i]);                                                                   \
    }                                                                                              \
    static void name##_##S(char *const *args, rp_intp n, const rp_intp *steps, const void *ctx)    \
    {                                                                                              \
        (void)ctx;                                                                                 \
        char *p0 = args[0], *p1 = args[1];                                                         \
        const rp_intp s0 = steps[0], s1 = steps[1];                                                \
        if (s0 == (rp_intp)sizeof(C) && s1 == (rp_intp)sizeof(OT)) {                               \
            if (p0 == p1 && sizeof(OT) == sizeof(C))                                               \
                name##_##S##_i((C *)p1, n);                                                        \
            else                                                                                   \
                name##_##S##_c((const C *)p0, (OT *)p1, n);                                        \
        } else {                                                                                   \
            for (rp_intp i = 0; i < n; i++, p0 += s0, p1 += s1)                                    \
                *(OT *)p1 = F(*(const C *)p0);                                                 \
        }                                                                                          \
    }

#define CX_QUIET(a, b) 0
#define CX_POS(a) (a)
#define CX_EQ(a, b) ((a).re == (b).re && (a).im == (b).im)
#define CX_NE(a, b) ((a).re != (b).re || (a).im != (b).im)
#define CX_ISINF(a) (isinf((a).re) || isinf((a).im))
#define CX_ISFINITE(a) (isfinite((a).re) && isfinite((a).im))
/* NumPy's nc_rint: each part to the nearest integer, ties to even (the
 * current rounding mode); a float part through double is exact. */
#define CX_RINT(C, F) ((C){(F)rint((double)(a).re), (F)rint((double)(a).im)})

/* Every loop of one complex type: C the element, F its part, S the suffix. */
#define CX_LOOPS(C, F, S)                                                                          \
    static inline bool land_##S(C a, C b) { return rp_cnonzero_##S(a) && rp_cnonzero_##S(b); }    \
    static inline bool lor_##S(C a, C b) { return rp_cnonzero_##S(a) || rp_cnonzero_##S(b); }     \
    static inline bool lxor_##S(C a, C b) { return rp_cnonzero_##S(a) != rp_cnonzero_##S(b); }    \
    static inline bool lnot_##S(C a) { return !rp_cnonzero_##S(a); }                              \
    CX_BIN(add, C, S, rp_cadd_##S)                                                                 \
    CX_BIN(subtract, C, S, rp_csub_##S)                                                            \
    CX_BIN(multiply, C, S, rp_cmul_##S)                                                            \
    CX_BIN(divide, C, S, rp_cdiv_##S)                                                              \
    CX_BIN(maximum, C, S, rp_cmax_##S)                                                             \
    CX_BIN(minimum, C, S, rp_cmin_##S)                                                             \
    CX_BIN(fmax, C, S, rp_cfmax_##S)                                                               \
    CX_BIN(fmin, C, S, rp_cfmin_##S)                                                               \
    CX_CMP(equal, C, S, CX_EQ, CX_QUIET)                                                           \
    CX_CMP(not_equal, C, S, CX_NE, CX_QUIET)                                                       \
    CX_CMP(less, C, S, rp_clt_##S, rp_cord_invalid_##S)                                            \
    CX_CMP(less_equal, C, S, rp_cle_##S, rp_cord_invalid_##S)                                      \
    CX_CMP(greater, C, S, rp_cgt_##S, rp_cord_invalid_##S)                                         \
    CX_CMP(greater_equal, C, S, rp_cge_##S, rp_cord_invalid_##S)                                   \
    CX_CMP(logical_and, C, S, land_##S, CX_QUIET)                                                  \
    CX_CMP(logical_or, C, S, lor_##S, CX_QUIET)                                                    \
    CX_CMP(logical_xor, C, S, lxor_##S, CX_QUIET)                                                  \
    CX_UN(negative, C, S, C, rp_cneg_##S)                                                          \
    CX_UN(positive, C, S, C, CX_POS)                                                               \
    CX_UN(conjugate, C, S, C, rp_cconj_##S)                                                        \
    CX_UN(square, C, S, C, rp_csquare_##S)                                                         \
    CX_UN(reciprocal, C, S, C, rp_crecip_##S)                                                      \
    CX_UN(sign, C, S, C, rp_csign_##S)                                                             \
    CX_UN(absolute, C, S, F, rp_cabs_##S)                                                          \
    CX_UN(isnan, C, S, rp_bool, rp_cisnan_##S)                                                     \
    CX_UN(isinf, C, S, rp_bool, CX_ISINF)                                                          \
    CX_UN(isfinite, C, S, rp_bool, CX_ISFINITE)                                                    \
    CX_UN(logical_not, C, S, rp_bool, lnot_##S)                                                    \
    static inline C rint_part_##S(C a) { return CX_RINT(C, F); }                                   \
    CX_UN(rint, C, S, C, rint_part_##S)

CX_LOOPS(rp_cfloat, float, c64)
CX_LOOPS(rp_cdouble, double, c128)

/* clip(x, lo, hi) = min(max(x, lo), hi) as NumPy's clip loop computes it:
 * its own lexicographic order, which compares the imaginary parts only when
 * the real parts are equal and tests no NaN (unlike the ordering ufuncs:
 * inf + 0j beats 1 + nan j there), an operand max/min keeps when it has a
 * NaN part or wins, the other one (the bound, on a tie) otherwise; no
 * floating-point warnings (NumPy clears the flags). One strided loop:
 * complex clip is rare. */
#define CLIP_ONE(C, S)                                                                             \
    static inline bool clip_gt_##S(C a, C b) { return a.re == b.re ? a.im > b.im : a.re > b.re; }  \
    static inline C clip1_##S(C x, C lo, C hi)                                                     \
    {                                                                                              \
        const C y = rp_cisnan_##S(x) || clip_gt_##S(x, lo) ? x : lo;                               \
        return rp_cisnan_##S(y) || clip_gt_##S(hi, y) ? y : hi;                                    \
    }
CLIP_ONE(rp_cfloat, c64)
CLIP_ONE(rp_cdouble, c128)

/* The three-operand ops, one strided loop each: out = F(p0, p1, p2) with the
 * operand pointers as the arguments. */
#define TERNARY_LOOP(name, C, S, F)                                                                \
    static void name##_##S(char *const *args, rp_intp n, const rp_intp *steps, const void *ctx)    \
    {                                                                                              \
        (void)ctx;                                                                                 \
        const char *p0 = args[0], *p1 = args[1], *p2 = args[2];                                    \
        char *p3 = args[3];                                                                        \
        for (rp_intp i = 0; i < n; i++, p0 += steps[0], p1 += steps[1], p2 += steps[2],           \
                     p3 += steps[3])                                                               \
            *(C *)p3 = F(C, S, p0, p1, p2);                                                        \
    }
#define CLIP_AT(C, S, p0, p1, p2) clip1_##S(*(const C *)(p0), *(const C *)(p1), *(const C *)(p2))
/* where(cond, x, y): a move per element, as the real dtypes' loops. */
#define WHERE_AT(C, S, p0, p1, p2) (*(const rp_bool *)(p0) ? *(const C *)(p1) : *(const C *)(p2))
TERNARY_LOOP(clip, rp_cfloat, c64, CLIP_AT)
TERNARY_LOOP(clip, rp_cdouble, c128, CLIP_AT)
TERNARY_LOOP(where, rp_cfloat, c64, WHERE_AT)
TERNARY_LOOP(where, rp_cdouble, c128, WHERE_AT)

void RP_ISA_FN(rp_fill_ufunc_complex)(rp_kernel_table *t)
{
#define SET(op)                                                                                    \
    t->ufunc.k[RP_OP_##op][RP_COMPLEX64] = op##_c64;                                               \
    t->ufunc.k[RP_OP_##op][RP_COMPLEX128] = op##_c128;
    SET(where)
    SET(add)
    SET(subtract)
    SET(multiply)
    SET(divide)
    SET(maximum)
    SET(minimum)
    SET(fmax)
    SET(fmin)
    SET(equal)
    SET(not_equal)
    SET(less)
    SET(less_equal)
    SET(greater)
    SET(greater_equal)
    SET(logical_and)
    SET(logical_or)
    SET(logical_xor)
    SET(negative)
    SET(positive)
    SET(conjugate)
    SET(square)
    SET(reciprocal)
    SET(sign)
    SET(absolute)
    SET(isnan)
    SET(isinf)
    SET(isfinite)
    SET(logical_not)
    SET(rint)
    SET(clip)
#undef SET
}
