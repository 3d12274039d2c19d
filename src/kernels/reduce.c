/*
 * Reductions whose result does not depend on the order of evaluation:
 * integer sum/prod (wrapping), min/max, any/all, count_nonzero. Kernel shape
 * (see reduce_table.h): args = {in, out}; out step 0 reduces the run into
 * *out, otherwise out[i] = out[i] OP in[i] (a row streamed into a row of
 * accumulators). Floating sum/prod are in reduce_pairwise.c.
 */
#include "reduce_kernels.h"

#include <math.h>

/* -------- sum/prod over integer and bool accumulators ------------------- */

#define RED_EW(NAME, OPM, T, TK, A, AK)                                                        \
    static void NAME(char *const *args, rp_intp n, const rp_intp *steps, const void *ctx)         \
    {                                                                                              \
        (void)ctx;                                                                                 \
        const char *ip = args[0];                                                                  \
        char *op = args[1];                                                                        \
        const rp_intp is = steps[0], os = steps[1];                                                \
        if (os == 0) {                                                                             \
            A acc = *(A *)op;                                                                      \
            if (is == sizeof(T)) {                                                                 \
                const T *a = (const T *)ip;                                                        \
                for (rp_intp i = 0; i < n; i++)                                                    \
                    acc = OPM(A, acc, RP_CONVERT(TK, AK, A, a[i]));                                \
            } else {                                                                               \
                for (rp_intp i = 0; i < n; i++, ip += is)                                          \
                    acc = OPM(A, acc, RP_CONVERT(TK, AK, A, *(const T *)ip));                      \
            }                                                                                      \
            *(A *)op = acc;                                                                        \
        } else if (is == sizeof(T) && os == sizeof(A)) {                                           \
            const T *a = (const T *)ip;                                                            \
            A *o = (A *)op;                                                                        \
            for (rp_intp i = 0; i < n; i++)                                                        \
                o[i] = OPM(A, o[i], RP_CONVERT(TK, AK, A, a[i]));                                  \
        } else {                                                                                   \
            for (rp_intp i = 0; i < n; i++, ip += is, op += os)                                    \
                *(A *)op = OPM(A, *(A *)op, RP_CONVERT(TK, AK, A, *(const T *)ip));                \
        }                                                                                          \
    }

/* (in, acc) pairs with a direct integer kernel: same dtype, and NumPy's
 * default widening to int64 / uint64. X(T, TN, TK, A, AN, AK) */
#define INT_ACC_PAIRS(X)                                                                           \
    X(rp_bool, bool, b, rp_bool, bool, b)                                                          \
    X(rp_bool, bool, b, int64_t, int64, i)                                                         \
    X(int8_t, int8, i, int8_t, int8, i)                                                            \
    X(int8_t, int8, i, int64_t, int64, i)                                                          \
    X(int16_t, int16, i, int16_t, int16, i)                                                        \
    X(int16_t, int16, i, int64_t, int64, i)                                                        \
    X(int32_t, int32, i, int32_t, int32, i)                                                        \
    X(int32_t, int32, i, int64_t, int64, i)                                                        \
    X(int64_t, int64, i, int64_t, int64, i)                                                        \
    X(uint8_t, uint8, u, uint8_t, uint8, u)                                                        \
    X(uint8_t, uint8, u, uint64_t, uint64, u)                                                      \
    X(uint16_t, uint16, u, uint16_t, uint16, u)                                                    \
    X(uint16_t, uint16, u, uint64_t, uint64, u)                                                    \
    X(uint32_t, uint32, u, uint32_t, uint32, u)                                                    \
    X(uint32_t, uint32, u, uint64_t, uint64, u)                                                    \
    X(uint64_t, uint64, u, uint64_t, uint64, u)

#define INT_SUMPROD(T, TN, TK, A, AN, AK)                                                          \
    RED_EW(sum_##TN##_##AN, RP_ADD_##AK, T, TK, A, AK)                                          \
    RED_EW(prod_##TN##_##AN, RP_MUL_##AK, T, TK, A, AK)
INT_ACC_PAIRS(INT_SUMPROD)

/* -------- min / max ------------------------------------------------------ */

/* Integers: one accumulator; the compiler vectorizes the select. */
#define INT_MINMAX(T, TN, E, K)                                                                    \
    RED_EW(min_##TN, RP_MIN_##K, T, K, T, K)                                                    \
    RED_EW(max_##TN, RP_MAX_##K, T, K, T, K)

/*
 * Floats: NaN-propagating selects over 32 lanes in a fixed assignment
 * (element i of a contiguous run goes to lane i % 32), so the vectorized
 * loop computes what the source says on every ISA, NaN included.
 */
/* Row mode of the float extremes: out[i] = OPM(out[i], in[i]). */
#define FLOAT_ROWS(OPM, T, ip, op, n, is, os)                                                      \
    do {                                                                                           \
        if ((is) == sizeof(T) && (os) == sizeof(T)) {                                              \
            const T *a_ = (const T *)(ip);                                                         \
            T *o_ = (T *)(op);                                                                     \
            for (rp_intp i_ = 0; i_ < (n); i_++)                                                   \
                o_[i_] = OPM(T, o_[i_], a_[i_]);                                                   \
        } else {                                                                                   \
            for (rp_intp i_ = 0; i_ < (n); i_++)                                                   \
                *(T *)((op) + i_ * (os)) =                                                         \
                    OPM(T, *(T *)((op) + i_ * (os)), *(const T *)((ip) + i_ * (is)));              \
        }                                                                                          \
    } while (0)

#define FLOAT_MINMAX1(NAME, OPM, T)                                                                \
    static void NAME(char *const *args, rp_intp n, const rp_intp *steps, const void *ctx)         \
    {                                                                                              \
        (void)ctx;                                                                                 \
        const char *ip = args[0];                                                                  \
        char *op = args[1];                                                                        \
        const rp_intp is = steps[0], os = steps[1];                                                \
        if (os == 0) {                                                                             \
            T m = *(T *)op;                                                                        \
            if (is == sizeof(T) && n >= 32) {                                                      \
                const T *a = (const T *)ip;                                                        \
                T l[32];                                                                           \
                for (int j = 0; j < 32; j++)                                                       \
                    l[j] = a[j];                                                                   \
                rp_intp i = 32;                                                                    \
                for (; i + 32 <= n; i += 32)                                                       \
                    for (int j = 0; j < 32; j++)                                                   \
                        l[j] = OPM(T, l[j], a[i + j]);                                             \
                for (int j = 0; i + j < n; j++)                                                    \
                    l[j] = OPM(T, l[j], a[i + j]);                                                 \
                for (int w = 16; w > 0; w /= 2)                                                     \
                    for (int j = 0; j < w; j++)                                                    \
                        l[j] = OPM(T, l[j], l[j + w]);                                             \
                m = OPM(T, m, l[0]);                                                               \
            } else {                                                                               \
                for (rp_intp i = 0; i < n; i++, ip += is)                                          \
                    m = OPM(T, m, *(const T *)ip);                                                 \
            }                                                                                      \
            *(T *)op = m;                                                                          \
        } else                                                                                     \
            FLOAT_ROWS(OPM, T, ip, op, n, is, os);                                                 \
    }
/*
 * fmin/fmax of floats (NaN skipped): over a run the lanes start at the
 * infinity that never wins (+inf for fmin) and take an element only when it
 * compares better, which a NaN never does: `x > m ? x : m`, one max
 * instruction on x86, no NaN tests in the loop. A run whose result is still
 * that infinity is read again: all NaN gives NaN (as NumPy's fmax.reduce),
 * else the infinity was a value. Rows streamed into accumulators (which may
 * hold NaN) use the NaN-aware select.
 */
#define FLOAT_FMINMAX1(NAME, OPM, BETTER, START, T)                                                \
    static void NAME(char *const *args, rp_intp n, const rp_intp *steps, const void *ctx)         \
    {                                                                                              \
        (void)ctx;                                                                                 \
        const char *ip = args[0];                                                                  \
        char *op = args[1];                                                                        \
        const rp_intp is = steps[0], os = steps[1];                                                \
        if (os == 0) {                                                                             \
            if (n == 0)                                                                            \
                return;                                                                            \
            T l[32];                                                                               \
            for (int j = 0; j < 32; j++)                                                           \
                l[j] = (START);                                                                    \
            if (is == sizeof(T)) {                                                                 \
                const T *a = (const T *)ip;                                                        \
                rp_intp i = 0;                                                                     \
                for (; i + 32 <= n; i += 32)                                                       \
                    for (int j = 0; j < 32; j++)                                                   \
                        l[j] = BETTER(a[i + j], l[j]) ? a[i + j] : l[j];                           \
                for (int j = 0; i + j < n; j++)                                                    \
                    l[j] = BETTER(a[i + j], l[j]) ? a[i + j] : l[j];                               \
            } else {                                                                               \
                for (rp_intp i = 0; i < n; i++) {                                                  \
                    const T x = *(const T *)(ip + i * is);                                         \
                    l[0] = BETTER(x, l[0]) ? x : l[0];                                             \
                }                                                                                  \
            }                                                                                      \
            for (int w = 16; w > 0; w /= 2)                                                        \
                for (int j = 0; j < w; j++)                                                        \
                    l[j] = BETTER(l[j + w], l[j]) ? l[j + w] : l[j];                               \
            T m = l[0];                                                                            \
            if (m == (START)) {                                                                    \
                rp_intp i = 0;                                                                     \
                while (i < n && *(const T *)(ip + i * is) != *(const T *)(ip + i * is))           \
                    i++;                                                                           \
                if (i == n)                                                                        \
                    m = (T)NAN;                                                                    \
            }                                                                                      \
            *(T *)op = OPM(T, *(T *)op, m);                                                        \
        } else                                                                                     \
            FLOAT_ROWS(OPM, T, ip, op, n, is, os);                                                 \
    }
#define RP_GT(x, m) ((x) > (m))
#define RP_LT(x, m) ((x) < (m))

#define FLOAT_MINMAX(T, TN)                                                                        \
    FLOAT_MINMAX1(min_##TN, RP_MIN_f, T)                                                           \
    FLOAT_MINMAX1(max_##TN, RP_MAX_f, T)                                                           \
    FLOAT_FMINMAX1(fmin_##TN, RP_FMIN_f, RP_LT, (T)INFINITY, T)                                    \
    FLOAT_FMINMAX1(fmax_##TN, RP_FMAX_f, RP_GT, (T)-INFINITY, T)

INT_MINMAX(rp_bool, bool, RP_BOOL, b)
INT_MINMAX(int8_t, int8, RP_INT8, i)
INT_MINMAX(int16_t, int16, RP_INT16, i)
INT_MINMAX(int32_t, int32, RP_INT32, i)
INT_MINMAX(int64_t, int64, RP_INT64, i)
INT_MINMAX(uint8_t, uint8, RP_UINT8, u)
INT_MINMAX(uint16_t, uint16, RP_UINT16, u)
INT_MINMAX(uint32_t, uint32, RP_UINT32, u)
INT_MINMAX(uint64_t, uint64, RP_UINT64, u)
FLOAT_MINMAX(float, float32)
FLOAT_MINMAX(double, float64)

/* -------- any / all / count_nonzero ---------------------------------------- */

/* any/all stop at the first chunk that decides the answer; the chunk keeps
 * the test loop branch-free so it vectorizes. NaN counts as nonzero. STOP is
 * the element truth that decides (any: 1, all: 0). */
#define TRUTH_KERNEL(T, FN, STOP)                                                                  \
    static void FN(char *const *args, rp_intp n, const rp_intp *steps, const void *ctx)            \
    {                                                                                              \
        (void)ctx;                                                                                 \
        const char *ip = args[0];                                                                  \
        rp_bool *o = (rp_bool *)args[1];                                                           \
        const rp_intp is = steps[0], os = steps[1];                                                \
        if (os == 0) {                                                                             \
            if (*o == STOP)                                                                        \
                return;                                                                            \
            if (is == sizeof(T)) {                                                                 \
                const T *a = (const T *)ip;                                                        \
                for (rp_intp i = 0; i < n; i += 512) {                                             \
                    rp_intp m = n - i < 512 ? n - i : 512;                                         \
                    int f = 0;                                                                     \
                    for (rp_intp j = 0; j < m; j++)                                                \
                        f |= (a[i + j] != 0) == STOP;                                              \
                    if (f) {                                                                       \
                        *o = STOP;                                                                 \
                        return;                                                                    \
                    }                                                                              \
                }                                                                                  \
            } else {                                                                               \
                for (rp_intp i = 0; i < n; i++, ip += is)                                          \
                    if ((*(const T *)ip != 0) == STOP) {                                           \
                        *o = STOP;                                                                 \
                        return;                                                                    \
                    }                                                                              \
            }                                                                                      \
        } else if (is == sizeof(T) && os == 1) {                                                   \
            const T *a = (const T *)ip;                                                            \
            for (rp_intp i = 0; i < n; i++)                                                        \
                o[i] = STOP ? (o[i] | (a[i] != 0)) : (o[i] & (a[i] != 0));                         \
        } else {                                                                                   \
            char *op = (char *)o;                                                                  \
            for (rp_intp i = 0; i < n; i++, ip += is, op += os) {                                  \
                rp_bool t = *(const T *)ip != 0;                                                   \
                *(rp_bool *)op = STOP ? (*(rp_bool *)op | t) : (*(rp_bool *)op & t);               \
            }                                                                                      \
        }                                                                                          \
    }

/* Elements for which PRED holds (nonzero for count_nonzero, x == x -- a quiet
 * compare -- for the non-NaN count), added into int64. */
#define NONZERO(v) ((v) != 0)
#define NOT_NAN(v) ((v) == (v))
#define COUNT_KERNEL(T, name, PRED)                                                                \
    static void name(char *const *args, rp_intp n, const rp_intp *steps, const void *ctx)          \
    {                                                                                              \
        (void)ctx;                                                                                 \
        const char *ip = args[0];                                                                  \
        char *op = args[1];                                                                        \
        const rp_intp is = steps[0], os = steps[1];                                                \
        if (os == 0) {                                                                             \
            int64_t c = 0;                                                                         \
            if (is == sizeof(T)) {                                                                 \
                const T *a = (const T *)ip;                                                        \
                for (rp_intp i = 0; i < n; i++)                                                    \
                    c += PRED(a[i]);                                                               \
            } else {                                                                               \
                for (rp_intp i = 0; i < n; i++, ip += is)                                          \
                    c += PRED(*(const T *)ip);                                                     \
            }                                                                                      \
            *(int64_t *)op += c;                                                                   \
        } else if (is == sizeof(T) && os == sizeof(int64_t)) {                                     \
            const T *a = (const T *)ip;                                                            \
            int64_t *o = (int64_t *)op;                                                            \
            for (rp_intp i = 0; i < n; i++)                                                        \
                o[i] += PRED(a[i]);                                                                \
        } else {                                                                                   \
            for (rp_intp i = 0; i < n; i++, ip += is, op += os)                                    \
                *(int64_t *)op += PRED(*(const T *)ip);                                            \
        }                                                                                          \
    }

#define TRUTH_KERNELS(T, TN, E, K)                                                                 \
    TRUTH_KERNEL(T, any_##TN, 1) /* pasted here: passed alone, `bool` would become _Bool */        \
    TRUTH_KERNEL(T, all_##TN, 0)                                                                   \
    COUNT_KERNEL(T, nnz_##TN, NONZERO)
RP_DTYPES(TRUTH_KERNELS)

COUNT_KERNEL(float, nancnt_float32, NOT_NAN)
COUNT_KERNEL(double, nancnt_float64, NOT_NAN)

void RP_ISA_FN(rp_fill_reduce)(rp_kernel_table *t)
{
    rp_reduce_table *r = &t->reduce;
#define SET_INT(T, TN, TK, A, AN, AK)                                                              \
    r->k[RP_RED_SUM][RP_DTYPE_OF_##TN][RP_DTYPE_OF_##AN] = sum_##TN##_##AN;                         \
    r->k[RP_RED_PROD][RP_DTYPE_OF_##TN][RP_DTYPE_OF_##AN] = prod_##TN##_##AN;
#define RP_DTYPE_OF_bool RP_BOOL
#define RP_DTYPE_OF_int8 RP_INT8
#define RP_DTYPE_OF_int16 RP_INT16
#define RP_DTYPE_OF_int32 RP_INT32
#define RP_DTYPE_OF_int64 RP_INT64
#define RP_DTYPE_OF_uint8 RP_UINT8
#define RP_DTYPE_OF_uint16 RP_UINT16
#define RP_DTYPE_OF_uint32 RP_UINT32
#define RP_DTYPE_OF_uint64 RP_UINT64
    INT_ACC_PAIRS(SET_INT)
#define SET_EACH(T, TN, E, K)                                                                      \
    r->k[RP_RED_MIN][E][E] = min_##TN;                                                             \
    r->k[RP_RED_MAX][E][E] = max_##TN;                                                             \
    r->k[RP_RED_FMIN][E][E] = min_##TN; /* integers: fmin is min; floats below */               \
    r->k[RP_RED_FMAX][E][E] = max_##TN;                                                            \
    r->k[RP_RED_ANY][E][RP_BOOL] = any_##TN;                                                       \
    r->k[RP_RED_ALL][E][RP_BOOL] = all_##TN;                                                       \
    r->k[RP_RED_NNZ][E][RP_INT64] = nnz_##TN;
    RP_DTYPES(SET_EACH)
    r->k[RP_RED_NANCNT][RP_FLOAT32][RP_INT64] = nancnt_float32;
    r->k[RP_RED_NANCNT][RP_FLOAT64][RP_INT64] = nancnt_float64;
    r->k[RP_RED_FMIN][RP_FLOAT32][RP_FLOAT32] = fmin_float32;
    r->k[RP_RED_FMAX][RP_FLOAT32][RP_FLOAT32] = fmax_float32;
    r->k[RP_RED_FMIN][RP_FLOAT64][RP_FLOAT64] = fmin_float64;
    r->k[RP_RED_FMAX][RP_FLOAT64][RP_FLOAT64] = fmax_float64;
    RP_ISA_FN(rp_fill_reduce_pairwise)(t);
    RP_ISA_FN(rp_fill_reduce_index)(t);
    RP_ISA_FN(rp_fill_reduce_complex)(t);
}
