/*
 * Elementwise kernels: every (op, dtype) of include/raptors/ops.def, built
 * from the op's scalar definition (ufunc_scalar.h) and its family's loops.
 *
 * Each kernel keeps NumPy's separate plain loops (contiguous, exactly in
 * place, one operand a broadcast scalar, strided) so the contiguous ones
 * vectorize when this file is compiled per ISA. The driver guarantees that
 * an output either is exactly an input or does not overlap it, which is
 * what makes the restrict-qualified loops valid.
 */
#include "isa.h"
#include "ufunc_scalar.h"

#define CTX_DECL                                                                                   \
    const rp_ufunc_ctx *c = (const rp_ufunc_ctx *)ctx;                                             \
    unsigned st = 0;                                                                               \
    (void)c
#define CTX_DONE                                                                                   \
    if (st && c && c->errors)                                                                      \
    *c->errors |= st

/* The loops of one binary op with output type OT. Contiguous operands get
 * restrict-qualified helpers: without aliasing the compiler vectorizes them
 * with no runtime overlap check. */
#define BIN_LOOPS(name, T, S, K, OT)                                                               \
    static inline unsigned name##_##S##_cc(const T *restrict a, const T *restrict b,               \
                                           OT *restrict o, rp_intp n, const rp_ufunc_ctx *c)       \
    {                                                                                              \
        unsigned st = 0;                                                                           \
        (void)c;                                                                                   \
        for (rp_intp i = 0; i < n; i++)                                                            \
            o[i] = name##_##K(T, S, a[i], b[i]);                                                   \
        return st;                                                                                 \
    }                                                                                              \
    static inline unsigned name##_##S##_cs(const T *restrict a, T b, OT *restrict o, rp_intp n,    \
                                           const rp_ufunc_ctx *c)                                  \
    {                                                                                              \
        unsigned st = 0;                                                                           \
        (void)c;                                                                                   \
        for (rp_intp i = 0; i < n; i++)                                                            \
            o[i] = name##_##K(T, S, a[i], b);                                                      \
        return st;                                                                                 \
    }                                                                                              \
    static inline unsigned name##_##S##_sc(T a, const T *restrict b, OT *restrict o, rp_intp n,    \
                                           const rp_ufunc_ctx *c)                                  \
    {                                                                                              \
        unsigned st = 0;                                                                           \
        (void)c;                                                                                   \
        for (rp_intp i = 0; i < n; i++)                                                            \
            o[i] = name##_##K(T, S, a, b[i]);                                                      \
        return st;                                                                                 \
    }                                                                                              \
    static void k_##name##_##S(char *const *args, rp_intp n, const rp_intp *steps,                 \
                               const void *ctx)                                                    \
    {                                                                                              \
        CTX_DECL;                                                                                  \
        char *p0 = args[0], *p1 = args[1], *p2 = args[2];                                          \
        const rp_intp s0 = steps[0], s1 = steps[1], s2 = steps[2];                                 \
        const rp_intp t = (rp_intp)sizeof(T), ot = (rp_intp)sizeof(OT);                            \
        if (s2 == ot && s0 == t && s1 == t) {                                                      \
            if ((p2 != p0 && p2 != p1) || sizeof(T) != sizeof(OT))                                 \
                st = name##_##S##_cc((const T *)p0, (const T *)p1, (OT *)p2, n, c);                \
            else {                                                                                 \
                /* Exactly in place: element i is read before it is written. */                    \
                const T *a = (const T *)p0, *b = (const T *)p1;                                    \
                OT *o = (OT *)p2;                                                                  \
                for (rp_intp i = 0; i < n; i++)                                                    \
                    o[i] = name##_##K(T, S, a[i], b[i]);                                           \
            }                                                                                      \
        } else if (s2 == ot && s0 == t && s1 == 0) {                                               \
            const T b = *(const T *)p1;                                                            \
            if (p2 != p0 || sizeof(T) != sizeof(OT))                                               \
                st = name##_##S##_cs((const T *)p0, b, (OT *)p2, n, c);                            \
            else {                                                                                 \
                T *io = (T *)p2;                                                                   \
                for (rp_intp i = 0; i < n; i++)                                                    \
                    io[i] = (T)name##_##K(T, S, io[i], b);                                         \
            }                                                                                      \
        } else if (s2 == ot && s0 == 0 && s1 == t) {                                               \
            const T a = *(const T *)p0;                                                            \
            if (p2 != p1 || sizeof(T) != sizeof(OT))                                               \
                st = name##_##S##_sc(a, (const T *)p1, (OT *)p2, n, c);                            \
            else {                                                                                 \
                T *io = (T *)p2;                                                                   \
                for (rp_intp i = 0; i < n; i++)                                                    \
                    io[i] = (T)name##_##K(T, S, a, io[i]);                                         \
            }                                                                                      \
        } else {                                                                                   \
            for (rp_intp i = 0; i < n; i++, p0 += s0, p1 += s1, p2 += s2)                          \
                *(OT *)p2 = name##_##K(T, S, *(const T *)p0, *(const T *)p1);                      \
        }                                                                                          \
        CTX_DONE;                                                                                  \
    }

#define UN_LOOPS(name, T, S, K, OT)                                                                \
    static inline unsigned name##_##S##_c(const T *restrict a, OT *restrict o, rp_intp n,          \
                                          const rp_ufunc_ctx *c)                                   \
    {                                                                                              \
        unsigned st = 0;                                                                           \
        (void)c;                                                                                   \
        for (rp_intp i = 0; i < n; i++)                                                            \
            o[i] = name##_##K(T, S, a[i]);                                                         \
        return st;                                                                                 \
    }                                                                                              \
    static void k_##name##_##S(char *const *args, rp_intp n, const rp_intp *steps,                 \
                               const void *ctx)                                                    \
    {                                                                                              \
        CTX_DECL;                                                                                  \
        char *p0 = args[0], *p1 = args[1];                                                         \
        const rp_intp s0 = steps[0], s1 = steps[1];                                                \
        if (s0 == (rp_intp)sizeof(T) && s1 == (rp_intp)sizeof(OT)) {                               \
            if (p0 != p1 || sizeof(T) != sizeof(OT))                                               \
                st = name##_##S##_c((const T *)p0, (OT *)p1, n, c);                                \
            else {                                                                                 \
                T *io = (T *)p1;                                                                   \
                for (rp_intp i = 0; i < n; i++)                                                    \
                    io[i] = (T)name##_##K(T, S, io[i]);                                            \
            }                                                                                      \
        } else {                                                                                   \
            for (rp_intp i = 0; i < n; i++, p0 += s0, p1 += s1)                                    \
                *(OT *)p1 = name##_##K(T, S, *(const T *)p0);                                      \
        }                                                                                          \
        CTX_DONE;                                                                                  \
    }

#define FAM_BIN(name, T, S, E, K) BIN_LOOPS(name, T, S, K, T)
#define FAM_CMP(name, T, S, E, K) BIN_LOOPS(name, T, S, K, rp_bool)
#define FAM_UN(name, T, S, E, K) UN_LOOPS(name, T, S, K, T)
#define FAM_PRED(name, T, S, E, K) UN_LOOPS(name, T, S, K, rp_bool)

/* Ternary ops are rarer: contiguous (with scalar bounds) and strided. */
#define CLIP_LOOPS(name, T, S, K)                                                                  \
    static void k_##name##_##S(char *const *args, rp_intp n, const rp_intp *steps,                 \
                               const void *ctx)                                                    \
    {                                                                                              \
        (void)ctx;                                                                                 \
        char *p0 = args[0], *p1 = args[1], *p2 = args[2], *p3 = args[3];                           \
        const rp_intp t = (rp_intp)sizeof(T);                                                      \
        if (steps[0] == t && steps[1] == 0 && steps[2] == 0 && steps[3] == t) {                    \
            const T lo = *(const T *)p1, hi = *(const T *)p2;                                      \
            const T *a = (const T *)p0;                                                            \
            T *o = (T *)p3;                                                                        \
            for (rp_intp i = 0; i < n; i++)                                                        \
                o[i] = name##_##K(T, S, a[i], lo, hi);                                             \
        } else {                                                                                   \
            for (rp_intp i = 0; i < n;                                                             \
                 i++, p0 += steps[0], p1 += steps[1], p2 += steps[2], p3 += steps[3])              \
                *(T *)p3 = name##_##K(T, S, *(const T *)p0, *(const T *)p1, *(const T *)p2);       \
        }                                                                                          \
    }

#define WHERE_LOOPS(name, T, S, K)                                                                 \
    static void k_##name##_##S(char *const *args, rp_intp n, const rp_intp *steps,                 \
                               const void *ctx)                                                    \
    {                                                                                              \
        (void)ctx;                                                                                 \
        char *p0 = args[0], *p1 = args[1], *p2 = args[2], *p3 = args[3];                           \
        const rp_intp t = (rp_intp)sizeof(T);                                                      \
        if (steps[0] == 1 && steps[1] == t && steps[2] == t && steps[3] == t) {                    \
            const rp_bool *m = (const rp_bool *)p0;                                                \
            const T *x = (const T *)p1, *y = (const T *)p2;                                        \
            T *o = (T *)p3;                                                                        \
            for (rp_intp i = 0; i < n; i++)                                                        \
                o[i] = m[i] ? x[i] : y[i];                                                         \
        } else {                                                                                   \
            for (rp_intp i = 0; i < n;                                                             \
                 i++, p0 += steps[0], p1 += steps[1], p2 += steps[2], p3 += steps[3])              \
                *(T *)p3 = *(const rp_bool *)p0 ? *(const T *)p1 : *(const T *)p2;                 \
        }                                                                                          \
    }

#define FAM_CLIP(name, T, S, E, K) CLIP_LOOPS(name, T, S, K)
#define FAM_WHERE(name, T, S, E, K) WHERE_LOOPS(name, T, S, K)

/* Loop sets of ops.def: X(name, C type, dtype name, rp_dtype, kind). */
#define RP_LOOPS_ALL(X, name) RP_DTYPES_WITH(X, name)
#define RP_LOOPS_INT(X, name)                                                                      \
    X(name, int8_t, int8, RP_INT8, i)                                                              \
    X(name, int16_t, int16, RP_INT16, i)                                                           \
    X(name, int32_t, int32, RP_INT32, i)                                                           \
    X(name, int64_t, int64, RP_INT64, i)                                                           \
    X(name, uint8_t, uint8, RP_UINT8, u)                                                           \
    X(name, uint16_t, uint16, RP_UINT16, u)                                                        \
    X(name, uint32_t, uint32, RP_UINT32, u)                                                        \
    X(name, uint64_t, uint64, RP_UINT64, u)
#define RP_LOOPS_FLT(X, name)                                                                      \
    X(name, float, float32, RP_FLOAT32, f)                                                         \
    X(name, double, float64, RP_FLOAT64, f)
#define RP_LOOPS_INTB(X, name) X(name, rp_bool, bool, RP_BOOL, b) RP_LOOPS_INT(X, name)
#define RP_LOOPS_NUM(X, name) RP_LOOPS_INT(X, name) RP_LOOPS_FLT(X, name)

#define RP_OP(name, nin, family, loops, flags) RP_LOOPS_##loops(FAM_##family, name)
#include "raptors/ops.def"
#undef RP_OP

/* Exact int64 / uint64 comparisons: a negative int64 is below every
 * uint64; otherwise both are compared as uint64. */
#define MIX_equal(s, u) ((s) >= 0 && (uint64_t)(s) == (u))
#define MIX_not_equal(s, u) (!MIX_equal(s, u))
#define MIX_less(s, u) ((s) < 0 || (uint64_t)(s) < (u))
#define MIX_less_equal(s, u) ((s) < 0 || (uint64_t)(s) <= (u))
#define MIX_greater(s, u) (!MIX_less_equal(s, u))
#define MIX_greater_equal(s, u) (!MIX_less(s, u))
/* One operand order: the int64 is args[SI], the uint64 args[UI]. */
#define MIX_KERNEL(name, suffix, cmp, SI, UI)                                                      \
    static void k_##name##_##suffix(char *const *args, rp_intp n, const rp_intp *steps,            \
                                    const void *ctx)                                               \
    {                                                                                              \
        (void)ctx;                                                                                 \
        const char *ps = args[SI], *pu = args[UI];                                                 \
        char *po = args[2];                                                                        \
        for (rp_intp i = 0; i < n; i++, ps += steps[SI], pu += steps[UI], po += steps[2])          \
            *(rp_bool *)po = (rp_bool)MIX_##cmp(*(const int64_t *)ps, *(const uint64_t *)pu);      \
    }
/* u64 OP i64 is i64 rev-OP u64 (less <-> greater). */
#define MIX_KERNELS(name, rev)                                                                     \
    MIX_KERNEL(name, i64u64, name, 0, 1) MIX_KERNEL(name, u64i64, rev, 1, 0)
MIX_KERNELS(equal, equal)
MIX_KERNELS(not_equal, not_equal)
MIX_KERNELS(less, greater)
MIX_KERNELS(less_equal, greater_equal)
MIX_KERNELS(greater, less)
MIX_KERNELS(greater_equal, less_equal)

void RP_ISA_FN(rp_fill_ufunc)(rp_kernel_table *t)
{
#define SET_MIX(c, name)                                                                           \
    t->ufunc.cmp_mixed[c][0] = k_##name##_i64u64;                                                  \
    t->ufunc.cmp_mixed[c][1] = k_##name##_u64i64;
    SET_MIX(0, equal)
    SET_MIX(1, not_equal)
    SET_MIX(2, less)
    SET_MIX(3, less_equal)
    SET_MIX(4, greater)
    SET_MIX(5, greater_equal)
#undef SET_MIX
/* Through a second macro so `bool` expands (to _Bool) as in FAM_*. */
#define SET_(name, S, E) t->ufunc.k[RP_OP_##name][E] = k_##name##_##S;
#define SET(name, T, S, E, K) SET_(name, S, E)
#define RP_OP(name, nin, family, loops, flags) RP_LOOPS_##loops(SET, name)
#include "raptors/ops.def"
#undef RP_OP
#undef SET
#undef SET_
}
