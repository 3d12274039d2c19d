/*
 * The dtype list as an X-macro, and value conversions with NumPy's results.
 * X(c type, name, rp_dtype, kind)
 */
#ifndef RAPTORS_DTYPES_H
#define RAPTORS_DTYPES_H

#include <stdint.h>

/* bool is stored as a byte; reading it as uint8_t keeps any byte pattern
 * from being undefined behaviour (a C _Bool holding 2 is). */
typedef uint8_t rp_bool;

/* The rp_dtype of a dtype's name as kernels paste it into identifiers
 * (`boolean` for bool, whose name `bool` expands to _Bool in C). */
#define RP_DT_boolean RP_BOOL
#define RP_DT_int8 RP_INT8
#define RP_DT_int16 RP_INT16
#define RP_DT_int32 RP_INT32
#define RP_DT_int64 RP_INT64
#define RP_DT_uint8 RP_UINT8
#define RP_DT_uint16 RP_UINT16
#define RP_DT_uint32 RP_UINT32
#define RP_DT_uint64 RP_UINT64
#define RP_DT_float32 RP_FLOAT32
#define RP_DT_float64 RP_FLOAT64

#define RP_DTYPES(X)                                                                               \
    X(rp_bool, bool, RP_BOOL, b)                                                                   \
    X(int8_t, int8, RP_INT8, i)                                                                    \
    X(int16_t, int16, RP_INT16, i)                                                                 \
    X(int32_t, int32, RP_INT32, i)                                                                 \
    X(int64_t, int64, RP_INT64, i)                                                                 \
    X(uint8_t, uint8, RP_UINT8, u)                                                                 \
    X(uint16_t, uint16, RP_UINT16, u)                                                              \
    X(uint32_t, uint32, RP_UINT32, u)                                                              \
    X(uint64_t, uint64, RP_UINT64, u)                                                              \
    X(float, float32, RP_FLOAT32, f)                                                               \
    X(double, float64, RP_FLOAT64, f)

/* The same list passing leading arguments through, for pairs of dtypes:
 * RP_DTYPES(F) with F expanding RP_DTYPES_WITH(G, a, b) visits every
 * (from, to). A second copy because a macro cannot expand inside itself. */
#define RP_DTYPES_WITH(X, ...)                                                                     \
    X(__VA_ARGS__, rp_bool, bool, RP_BOOL, b)                                                      \
    X(__VA_ARGS__, int8_t, int8, RP_INT8, i)                                                       \
    X(__VA_ARGS__, int16_t, int16, RP_INT16, i)                                                    \
    X(__VA_ARGS__, int32_t, int32, RP_INT32, i)                                                    \
    X(__VA_ARGS__, int64_t, int64, RP_INT64, i)                                                    \
    X(__VA_ARGS__, uint8_t, uint8, RP_UINT8, u)                                                    \
    X(__VA_ARGS__, uint16_t, uint16, RP_UINT16, u)                                                 \
    X(__VA_ARGS__, uint32_t, uint32, RP_UINT32, u)                                                 \
    X(__VA_ARGS__, uint64_t, uint64, RP_UINT64, u)                                                 \
    X(__VA_ARGS__, float, float32, RP_FLOAT32, f)                                                  \
    X(__VA_ARGS__, double, float64, RP_FLOAT64, f)

/*
 * Float to integer. C leaves out-of-range and NaN conversions undefined;
 * NumPy (through the hardware) returns the "integer indefinite" value. We
 * return the same defined values x86 gives: in range, truncation toward
 * zero; otherwise INT32_MIN / INT64_MIN. Narrow targets go through int32 and
 * wrap, 32-bit unsigned through int64, as NumPy's results on x86 do.
 */
static inline int32_t rp_f2i32(double v)
{
    return v > -2147483649.0 && v < 2147483648.0 ? (int32_t)v : INT32_MIN;
}
static inline int64_t rp_f2i64(double v)
{
    return v >= -0x1p63 && v < 0x1p63 ? (int64_t)v : INT64_MIN;
}
/* x86 has no float -> uint64 instruction before AVX-512; compilers convert
 * v >= 2^63 as (int64)(v - 2^63) ^ 2^63, so from 2^64 up (and +inf) that is
 * the indefinite value xor 2^63 = 0, which is what NumPy returns. */
static inline uint64_t rp_f2u64(double v)
{
    if (v >= 0x1p63)
        return v < 0x1p64 ? (uint64_t)v : 0;
    return (uint64_t)rp_f2i64(v);
}

/* RP_CONVERT(from kind, to kind, to type, value) */
#define RP_CONVERT(FK, TK, TT, v) RP_CONVERT_##FK##TK(TT, v)
#define RP_FLOAT_TO_INT(TT, v)                                                                     \
    _Generic((TT)0,                                                                                \
        int8_t: (TT)rp_f2i32(v),                                                                   \
        int16_t: (TT)rp_f2i32(v),                                                                  \
        int32_t: (TT)rp_f2i32(v),                                                                  \
        uint8_t: (TT)rp_f2i32(v),                                                                  \
        uint16_t: (TT)rp_f2i32(v),                                                                 \
        uint32_t: (TT)rp_f2i64(v),                                                                 \
        int64_t: (TT)rp_f2i64(v),                                                                  \
        default: (TT)rp_f2u64(v))
/* Whether a float -> integer conversion takes the out-of-range ("integer
 * indefinite") path above: where NumPy's conversion raises "invalid". */
#define RP_FLOAT_TO_INT_BAD(TT, v)                                                                 \
    _Generic((TT)0,                                                                                \
        uint32_t: !((v) >= -0x1p63 && (v) < 0x1p63),                                               \
        int64_t: !((v) >= -0x1p63 && (v) < 0x1p63),                                                \
        uint64_t: !((v) >= -0x1p63 && (v) < 0x1p64),                                               \
        default: !((v) > -2147483649.0 && (v) < 2147483648.0))
/* RP_CONVERT_BAD(from kind, to kind, to type, value): the same for any pair
 * (0 unless float -> integer). */
#define RP_CONVERT_BAD(FK, TK, TT, v) RP_CONVERT_BAD_##FK##TK(TT, v)
#define RP_CONVERT_BAD_fi(TT, v) RP_FLOAT_TO_INT_BAD(TT, v)
#define RP_CONVERT_BAD_fu(TT, v) RP_FLOAT_TO_INT_BAD(TT, v)
#define RP_CONVERT_BAD_bb(TT, v) 0
#define RP_CONVERT_BAD_bi(TT, v) 0
#define RP_CONVERT_BAD_bu(TT, v) 0
#define RP_CONVERT_BAD_bf(TT, v) 0
#define RP_CONVERT_BAD_ib(TT, v) 0
#define RP_CONVERT_BAD_ii(TT, v) 0
#define RP_CONVERT_BAD_iu(TT, v) 0
#define RP_CONVERT_BAD_if(TT, v) 0
#define RP_CONVERT_BAD_ub(TT, v) 0
#define RP_CONVERT_BAD_ui(TT, v) 0
#define RP_CONVERT_BAD_uu(TT, v) 0
#define RP_CONVERT_BAD_uf(TT, v) 0
#define RP_CONVERT_BAD_fb(TT, v) 0
#define RP_CONVERT_BAD_ff(TT, v) 0
#define RP_CONVERT_bb(TT, v) (TT)((v) != 0)
#define RP_CONVERT_ib(TT, v) (TT)((v) != 0)
#define RP_CONVERT_ub(TT, v) (TT)((v) != 0)
#define RP_CONVERT_fb(TT, v) (TT)((v) != 0)
#define RP_CONVERT_bi(TT, v) (TT)((v) != 0)
#define RP_CONVERT_bu(TT, v) (TT)((v) != 0)
#define RP_CONVERT_bf(TT, v) (TT)((v) != 0)
#define RP_CONVERT_ii(TT, v) (TT)(v)
#define RP_CONVERT_iu(TT, v) (TT)(v)
#define RP_CONVERT_ui(TT, v) (TT)(v)
#define RP_CONVERT_uu(TT, v) (TT)(v)
#define RP_CONVERT_if(TT, v) (TT)(v)
#define RP_CONVERT_uf(TT, v) (TT)(v)
#define RP_CONVERT_ff(TT, v) (TT)(v)
#define RP_CONVERT_fi(TT, v) RP_FLOAT_TO_INT(TT, v)
#define RP_CONVERT_fu(TT, v) RP_FLOAT_TO_INT(TT, v)

#endif
