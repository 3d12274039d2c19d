/*
 * Integer floor_divide, remainder and fmod for every integer dtype, replacing
 * the per-element C division of ufunc.c for the contiguous loops:
 *
 * - by a scalar divisor (the divisor's step is 0): one division per call
 *   precomputes a multiply-shift (Granlund and Montgomery, "Division by
 *   invariant integers using multiplication", 1994, figure 4.1: the N+1-bit
 *   multiplier variant, valid for every unsigned divisor >= 1), and the loop
 *   is multiplications, shifts and adds the compiler vectorizes. Signed
 *   floor division maps to unsigned division by |d|: for d > 0,
 *   floor(a / d) = s ^ ((a ^ s) / d) with s the sign mask of a (for a < 0,
 *   ~a = -a - 1 >= 0 and floor(a / d) = ~(~a / d)); for d < 0 the same on -a.
 *   Remainders are a - q * d.
 * - by an array divisor: 8- and 16-bit values through float32 division,
 *   32-bit values through float64 (the truncated quotient of two such
 *   integers is exact: see div_f), then the integer correction; 64-bit
 *   values divide in C.
 *
 * Every path gives the exact integer result, so every ISA gives the same
 * values as the baseline. Semantics are NumPy's (ufunc_scalar.h, fdiv_*):
 * a zero divisor gives 0 and sets RP_UFUNC_DIVBYZERO, MIN // -1 wraps to MIN
 * and sets RP_UFUNC_OVERFLOW, remainders have the divisor's sign, fmod's the
 * dividend's.
 */
#include "intdiv_magic.h"
#include "isa.h"
#include "register.h"
#include "ufunc_scalar.h"

/* The loops have no loop-carried dependence even when the output is exactly
 * an input (element i is read before it is written), which the driver
 * allows: ivdep says so instead of restrict, which that case would break. */
#define RP_IVDEP _Pragma("GCC ivdep")
/* Each loop is instantiated per op (a constant), so no op test is left in it. */
#define RP_INLINE static inline __attribute__((always_inline))

/* ---- by a scalar divisor: the vector loop, then the same formula per
 * element for the tail (or for everything in the baseline) ------------- */

enum { OP_FDIV, OP_MOD, OP_FMOD };

/* o[i] = E(x) for x = a[i]: EV on vectors of type V, ES on scalars. */
#ifdef IV_BYTES
#define RUN(V, T, EV, ES)                                                                          \
    do {                                                                                           \
        rp_intp i = 0;                                                                             \
        for (; i + (rp_intp)(IV_BYTES / sizeof(T)) <= n; i += IV_BYTES / sizeof(T)) {              \
            const V x = IV_LOAD(V, a + i);                                                         \
            IV_STORE(o + i, EV);                                                                   \
        }                                                                                          \
        for (; i < n; i++) {                                                                       \
            const T x = a[i];                                                                      \
            o[i] = ES;                                                                             \
        }                                                                                          \
    } while (0)
#else
#define RUN(V, T, EV, ES)                                                                          \
    do {                                                                                           \
        RP_IVDEP for (rp_intp i = 0; i < n; i++)                                                   \
        {                                                                                          \
            const T x = a[i];                                                                      \
            o[i] = ES;                                                                             \
        }                                                                                          \
    } while (0)
#endif
/* A vector of d (only where IV_BYTES is defined: RUN drops EV otherwise). */
#define SPLAT(V, d) ((V){0} + (d))

#define DEF_WIDTH(N, FT)                                                                           \
    RP_INLINE unsigned sdiv_scalar_##N(const int##N##_t *a, int##N##_t d, int##N##_t *o,           \
                                       rp_intp n, int op)                                          \
    {                                                                                              \
        typedef int##N##_t T;                                                                      \
        typedef uint##N##_t U;                                                                     \
        if (d == 0) {                                                                              \
            for (rp_intp i = 0; i < n; i++)                                                        \
                o[i] = 0;                                                                          \
            return n ? RP_UFUNC_DIVBYZERO : 0;                                                     \
        }                                                                                          \
        if (d == 1 || d == -1) {                                                                   \
            /* x or -x (MIN // -1 wraps to MIN and overflows); remainders 0 */                     \
            unsigned char min = 0;                                                                 \
            RP_IVDEP for (rp_intp i = 0; i < n; i++)                                               \
            {                                                                                      \
                const T x = a[i];                                                                  \
                min |= x == (T)((U)1 << (N - 1));                                                  \
                o[i] = op != OP_FDIV ? 0 : d == 1 ? x : (T)(0 - (U)x);                             \
            }                                                                                      \
            return min && d == -1 && op == OP_FDIV ? RP_UFUNC_OVERFLOW : 0;                        \
        }                                                                                          \
        const U ud = d < 0 ? (U)(0 - (U)d) : (U)d;                                                 \
        const udiv_magic g = sdiv_prepare(ud, N);                                                  \
        if (op == OP_FMOD)                                                                         \
            RUN(vs##N, T, stmod_##N##v(x, g, SPLAT(vu##N, ud)), stmod_##N(x, g, ud));              \
        else if (op == OP_FDIV && d > 0)                                                           \
            RUN(vs##N, T, sfloor_pos_##N##v(x, g), sfloor_pos_##N(x, g));                          \
        else if (op == OP_FDIV)                                                                    \
            RUN(vs##N, T, sfloor_neg_##N##v(x, g), sfloor_neg_##N(x, g));                          \
        else if (d > 0)                                                                            \
            RUN(vs##N, T, srem_##N##v(x, sfloor_pos_##N##v(x, g), SPLAT(vs##N, d)),                \
                srem_##N(x, sfloor_pos_##N(x, g), d));                                             \
        else                                                                                       \
            RUN(vs##N, T, srem_##N##v(x, sfloor_neg_##N##v(x, g), SPLAT(vs##N, d)),                \
                srem_##N(x, sfloor_neg_##N(x, g), d));                                             \
        return 0;                                                                                  \
    }                                                                                              \
    RP_INLINE unsigned udiv_scalar_##N(const uint##N##_t *a, uint##N##_t d, uint##N##_t *o,        \
                                       rp_intp n, int op)                                          \
    {                                                                                              \
        typedef uint##N##_t U;                                                                     \
        if (d == 0) {                                                                              \
            for (rp_intp i = 0; i < n; i++)                                                        \
                o[i] = 0;                                                                          \
            return n ? RP_UFUNC_DIVBYZERO : 0;                                                     \
        }                                                                                          \
        const udiv_magic g = udiv_prepare(d, N);                                                   \
        if (op == OP_FDIV)                                                                         \
            RUN(vu##N, U, udivu_##N##v(x, g), udivu_##N(x, g));                                    \
        else                                                                                       \
            RUN(vu##N, U, urem_##N##v(x, g, SPLAT(vu##N, d)), urem_##N(x, g, d));                  \
        return 0;                                                                                  \
    }                                                                                              \
    DEF_ARRAY_##N(N, FT)
/* Array divisor: 8/16-bit through float32, 32-bit through float64. The
 * truncated quotient of integers |a|, |b| < 2^k through a type with p > k+1
 * significand bits is exact: a non-integer a/b lies at least 1/|b| below the
 * next integer, relatively more than 2^-(k+1), while rounding moves it by at
 * most 2^-p relatively; an integer a/b is exact. In 32-bit lanes
 * the remainder fits, so x - q * y wraps to it exactly. A -1 divisor is
 * taken as 1 then negated (MIN / -1 would not fit the conversion). */
#define DEF_ARRAY_F(N, FT)                                                                         \
    RP_INLINE unsigned sdiv_array_##N(const int##N##_t *a, const int##N##_t *b, int##N##_t *o,     \
                                      rp_intp n, int op)                                           \
    {                                                                                              \
        typedef int##N##_t T;                                                                      \
        typedef uint32_t W;                                                                        \
        unsigned char zero = 0, min = 0;                                                           \
        RP_IVDEP for (rp_intp i = 0; i < n; i++)                                                   \
        {                                                                                          \
            const int32_t x = a[i], y = b[i];                                                      \
            zero |= y == 0;                                                                        \
            min |= (x == (T)((uint##N##_t)1 << (N - 1))) & (y == -1);                              \
            const W neg = -(W)(y == -1);                                                           \
            const int32_t yy = (int32_t)((W)(y | (y == 0)) ^ (neg & ~(W)1));                       \
            const W q0 = (W)(int32_t)((FT)x / (FT)yy);                                             \
            W q = (q0 ^ neg) - neg;                                                                \
            W r = (W)x - q * (W)y;                                                                 \
            /* branch-free, so that the division is not conditional */                             \
            const W fix = op == OP_FMOD ? 0 : -(W)((r != 0) & ((int32_t)(r ^ (W)y) < 0));          \
            q += fix;                                                                              \
            r += fix & (W)y;                                                                       \
            o[i] = (T)((op == OP_FDIV ? q : r) & -(W)(y != 0));                                    \
        }                                                                                          \
        return (zero ? RP_UFUNC_DIVBYZERO : 0u) | (min && op == OP_FDIV ? RP_UFUNC_OVERFLOW : 0u); \
    }                                                                                              \
    RP_INLINE unsigned udiv_array_##N(const uint##N##_t *a, const uint##N##_t *b, uint##N##_t *o,  \
                                      rp_intp n, int op)                                           \
    {                                                                                              \
        typedef uint32_t W;                                                                        \
        unsigned char zero = 0;                                                                    \
        RP_IVDEP for (rp_intp i = 0; i < n; i++)                                                   \
        {                                                                                          \
            const W x = a[i], y = b[i];                                                            \
            zero |= y == 0;                                                                        \
            const W q = UQUOT_##N(FT, x, y | (y == 0));                                            \
            o[i] = (uint##N##_t)((op == OP_FDIV ? q : x - q * y) & -(W)(y != 0));                  \
        }                                                                                          \
        return zero ? RP_UFUNC_DIVBYZERO : 0u;                                                     \
    }
/* Unsigned quotients: up to 16 bits as int32; 32 bits through int32 too,
 * less 2^31 when at least 2^31 (the vector ISAs before AVX-512 convert
 * only signed), the quotient being non-negative so truncation is floor. */
#define UQUOT_8(FT, x, y) ((W)(int32_t)((FT)(int32_t)(x) / (FT)(int32_t)(y)))
#define UQUOT_16 UQUOT_8
#define U2D(x) ((double)(int32_t)((x) ^ 0x80000000u) + 2147483648.0)
#define UQUOT_32(FT, x, y) uquot_32(U2D(x) / U2D(y))
static inline uint32_t uquot_32(double v)
{
    const uint32_t hi = v >= 2147483648.0 ? 0x80000000u : 0;
    return (uint32_t)(int32_t)(v - (double)hi) + hi;
}
#define DEF_ARRAY_8 DEF_ARRAY_F
#define DEF_ARRAY_16 DEF_ARRAY_F
#define DEF_ARRAY_32 DEF_ARRAY_F
/* 64-bit: C's division per element (as ufunc_scalar.h). */
#define DEF_ARRAY_64(N, FT)                                                                        \
    RP_INLINE unsigned sdiv_array_64(const int64_t *a, const int64_t *b, int64_t *o, rp_intp n,    \
                                  int op)                                                          \
    {                                                                                              \
        unsigned st = 0;                                                                           \
        for (rp_intp i = 0; i < n; i++)                                                            \
            o[i] = op == OP_FDIV  ? fdiv_int64(a[i], b[i], &st)                                    \
                   : op == OP_MOD ? mod_int64(a[i], b[i], &st)                                     \
                                  : tmod_int64(a[i], b[i], &st);                                   \
        return st;                                                                                 \
    }                                                                                              \
    RP_INLINE unsigned udiv_array_64(const uint64_t *a, const uint64_t *b, uint64_t *o, rp_intp n, \
                                  int op)                                                          \
    {                                                                                              \
        unsigned st = 0;                                                                           \
        for (rp_intp i = 0; i < n; i++)                                                            \
            o[i] = op == OP_FDIV ? fdiv_uint64(a[i], b[i], &st) : mod_uint64(a[i], b[i], &st);     \
        return st;                                                                                 \
    }

DEF_WIDTH(8, float)
DEF_WIDTH(16, float)
DEF_WIDTH(32, double)
DEF_WIDTH(64, double)

/* ---- kernels: the fast contiguous loops, else ufunc_scalar.h per element */

#define PER_ELEMENT(T, S, K)                                                                       \
    (K == OP_FDIV  ? fdiv_##S(*(const T *)p0, *(const T *)p1, &st)                                 \
     : K == OP_MOD ? mod_##S(*(const T *)p0, *(const T *)p1, &st)                                  \
                   : FMOD_##S(*(const T *)p0, *(const T *)p1, &st))

#define KERNEL(name, K, T, S, KIND, N)                                                             \
    static void k_##name##_##S(char *const *args, rp_intp n, const rp_intp *steps,                 \
                               const void *ctx)                                                    \
    {                                                                                              \
        const rp_ufunc_ctx *c = (const rp_ufunc_ctx *)ctx;                                         \
        char *p0 = args[0], *p1 = args[1], *p2 = args[2];                                          \
        const rp_intp s0 = steps[0], s1 = steps[1], s2 = steps[2], t = (rp_intp)sizeof(T);         \
        unsigned st = 0;                                                                           \
        if (s0 == t && s2 == t && s1 == 0)                                                         \
            st = KIND##div_scalar_##N((const T *)p0, *(const T *)p1, (T *)p2, n, K);               \
        else if (s0 == t && s1 == t && s2 == t)                                                    \
            st = KIND##div_array_##N((const T *)p0, (const T *)p1, (T *)p2, n, K);                 \
        else                                                                                       \
            for (rp_intp i = 0; i < n; i++, p0 += s0, p1 += s1, p2 += s2)                          \
                *(T *)p2 = PER_ELEMENT(T, S, K);                                                   \
        if (st && c && c->errors)                                                                  \
            *c->errors |= st;                                                                      \
    }

#define FMOD_int8 tmod_int8
#define FMOD_int16 tmod_int16
#define FMOD_int32 tmod_int32
#define FMOD_int64 tmod_int64
#define FMOD_uint8 mod_uint8
#define FMOD_uint16 mod_uint16
#define FMOD_uint32 mod_uint32
#define FMOD_uint64 mod_uint64

#define INT_TYPES(X, name, K)                                                                      \
    X(name, K, int8_t, int8, s, 8)                                                                 \
    X(name, K, int16_t, int16, s, 16)                                                              \
    X(name, K, int32_t, int32, s, 32)                                                              \
    X(name, K, int64_t, int64, s, 64)                                                              \
    X(name, K, uint8_t, uint8, u, 8)                                                               \
    X(name, K, uint16_t, uint16, u, 16)                                                            \
    X(name, K, uint32_t, uint32, u, 32)                                                            \
    X(name, K, uint64_t, uint64, u, 64)

INT_TYPES(KERNEL, floor_divide, OP_FDIV)
INT_TYPES(KERNEL, remainder, OP_MOD)
INT_TYPES(KERNEL, fmod, OP_FMOD)

/* Runs after rp_fill_ufunc and replaces its integer division kernels. */
void RP_ISA_FN(rp_fill_intdiv)(rp_kernel_table *t)
{
#define SET(name, K, T, S, KIND, N) \
    t->ufunc.k[RP_OP_##name][RP_DT_##S] = k_##name##_##S;
    INT_TYPES(SET, floor_divide, OP_FDIV)
    INT_TYPES(SET, remainder, OP_MOD)
    INT_TYPES(SET, fmod, OP_FMOD)
#undef SET
}
