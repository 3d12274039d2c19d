/*
 * Casts to and from float16 for every dtype: args = {in, out}.
 *
 * Every cast goes through a block of floats (a half is exactly a float, and
 * every integer that does not overflow a half is exactly a float, so going
 * through float rounds once): the source is widened into the block, then
 * narrowed to the target. float64 -> float16 is the exception: it rounds
 * once straight from the double (half.h), and float16 -> float64 widens
 * straight to the double, so no signalling NaN is quieted on the way.
 *
 * With F16C (the avx2 and avx512 builds) eight lanes at a time convert in
 * hardware, except where the hardware differs from NumPy's conversion:
 * signalling NaNs (F16C quiets them) and, to half, values that overflow or
 * land below the smallest normal (their flags: F16C detects tininess after
 * rounding, NumPy before). Those groups of eight take half.h's path, so the
 * bits and the flags are the baseline's on every ISA. A double reaches
 * F16C through a float rounded to odd (truncated, its last bit set when
 * anything was cut): a float keeps 13 bits below a normal half's last, so
 * rounding that float to nearest even gives the double's own nearest half
 * (the sticky bit breaks the ties a plain double -> float rounding could
 * fake), where double -> float -> half by nearest twice can be one half off.
 * The neon build takes the same lanes through AArch64's conversions (FCVTXN
 * is that rounding to odd in one instruction).
 */
#include <fenv.h>
#include <string.h>

#include "isa.h"
#include "dtypes.h"
#include "half.h"

#if defined(__F16C__)
#include <immintrin.h>
#elif defined(__ARM_NEON) && defined(__aarch64__)
#include <arm_neon.h>
#define HALF_NEON 1 /* the same lanes as F16C's, through AArch64's FCVT */
#endif

void RP_ISA_FN(rp_fill_cast_half)(rp_kernel_table *t);

enum { HB = 256 }; /* elements per block: 1 KiB of floats */

#if defined(__F16C__)
/* Whether any of eight halves is a signalling NaN (F16C would quiet it). */
static inline int any_snan(__m128i v)
{
    __m128i a = _mm_and_si128(v, _mm_set1_epi16(0x7fff));
    return _mm_movemask_epi8(_mm_and_si128(_mm_cmpgt_epi16(a, _mm_set1_epi16(0x7c00)),
                                           _mm_cmplt_epi16(a, _mm_set1_epi16(0x7e00))));
}
#endif

#if defined(HALF_NEON)
static inline int any_snan_neon(uint16x8_t v)
{
    uint16x8_t a = vandq_u16(v, vdupq_n_u16(0x7fff));
    return vmaxvq_u16(vandq_u16(vcgtq_u16(a, vdupq_n_u16(0x7c00)),
                                vcltq_u16(a, vdupq_n_u16(0x7e00)))) != 0;
}
#endif

static void half_to_float_block(const rp_half *h, float *f, rp_intp n)
{
    rp_intp i = 0;
#if defined(HALF_NEON)
    for (; i + 8 <= n; i += 8) {
        uint16x8_t v = vld1q_u16(h + i);
        if (any_snan_neon(v))
            for (int j = 0; j < 8; j++)
                f[i + j] = rp_half_to_float(h[i + j]);
        else {
            float16x8_t x = vreinterpretq_f16_u16(v);
            vst1q_f32(f + i, vcvt_f32_f16(vget_low_f16(x)));
            vst1q_f32(f + i + 4, vcvt_high_f32_f16(x));
        }
    }
#endif
#if defined(__F16C__)
    for (; i + 8 <= n; i += 8) {
        __m128i v = _mm_loadu_si128((const __m128i *)(h + i));
        if (any_snan(v))
            for (int j = 0; j < 8; j++)
                f[i + j] = rp_half_to_float(h[i + j]);
        else
            _mm256_storeu_ps(f + i, _mm256_cvtph_ps(v));
    }
#endif
    for (; i < n; i++)
        f[i] = rp_half_to_float(h[i]);
}

static void half_to_double_block(const rp_half *h, double *d, rp_intp n)
{
    rp_intp i = 0;
#if defined(HALF_NEON)
    for (; i + 8 <= n; i += 8) {
        uint16x8_t v = vld1q_u16(h + i);
        if (any_snan_neon(v))
            for (int j = 0; j < 8; j++)
                d[i + j] = rp_half_to_double(h[i + j]);
        else {
            float16x8_t x = vreinterpretq_f16_u16(v);
            float32x4_t lo = vcvt_f32_f16(vget_low_f16(x)), hi = vcvt_high_f32_f16(x);
            vst1q_f64(d + i, vcvt_f64_f32(vget_low_f32(lo)));
            vst1q_f64(d + i + 2, vcvt_high_f64_f32(lo));
            vst1q_f64(d + i + 4, vcvt_f64_f32(vget_low_f32(hi)));
            vst1q_f64(d + i + 6, vcvt_high_f64_f32(hi));
        }
    }
#endif
#if defined(__F16C__)
    for (; i + 8 <= n; i += 8) {
        __m128i v = _mm_loadu_si128((const __m128i *)(h + i));
        if (any_snan(v)) {
            for (int j = 0; j < 8; j++)
                d[i + j] = rp_half_to_double(h[i + j]);
        } else {
            __m256 f = _mm256_cvtph_ps(v);
            _mm256_storeu_pd(d + i, _mm256_cvtps_pd(_mm256_castps256_ps128(f)));
            _mm256_storeu_pd(d + i + 4, _mm256_cvtps_pd(_mm256_extractf128_ps(f, 1)));
        }
    }
#endif
    for (; i < n; i++)
        d[i] = rp_half_to_double(h[i]);
}

/* Returns the FE_* flags NumPy's conversion raises for these values. */
static int float_to_half_block(const float *f, rp_half *h, rp_intp n)
{
    int fe = 0;
    rp_intp i = 0;
#if defined(HALF_NEON)
    for (; i + 8 <= n; i += 8) {
        uint32x4_t ok = vdupq_n_u32(~0u);
        float32x4_t v[2];
        for (int k = 0; k < 2; k++) {
            v[k] = vld1q_f32(f + i + 4 * k);
            uint32x4_t a = vandq_u32(vreinterpretq_u32_f32(v[k]), vdupq_n_u32(0x7fffffff));
            uint32x4_t in = vandq_u32(vcgtq_u32(a, vdupq_n_u32(0x387fffff)),
                                      vcltq_u32(a, vdupq_n_u32(RP_HALF_OVERFLOW_F32)));
            in = vorrq_u32(in, vceqq_u32(a, vdupq_n_u32(0)));
            in = vorrq_u32(in, vceqq_u32(a, vdupq_n_u32(0x7f800000)));
            in = vorrq_u32(in, vcgtq_u32(a, vdupq_n_u32(0x7fbfffff)));
            ok = vandq_u32(ok, in);
        }
        if (vminvq_u32(ok) == ~0u)
            vst1q_u16(h + i, vreinterpretq_u16_f16(vcvt_high_f16_f32(vcvt_f16_f32(v[0]), v[1])));
        else
            for (int j = 0; j < 8; j++)
                h[i + j] = rp_float_to_half(f[i + j], &fe);
    }
#endif
#if defined(__F16C__)
    /* Lanes F16C converts as NumPy does, flags included: zero, normal
     * results that do not overflow, inf, and quiet NaNs. */
    const __m256i abs = _mm256_set1_epi32(0x7fffffff), lo = _mm256_set1_epi32(0x387fffff),
                  hi = _mm256_set1_epi32((int)RP_HALF_OVERFLOW_F32),
                  inf = _mm256_set1_epi32(0x7f800000), qnan = _mm256_set1_epi32(0x7fbfffff);
    for (; i + 8 <= n; i += 8) {
        __m256 v = _mm256_loadu_ps(f + i);
        __m256i a = _mm256_and_si256(_mm256_castps_si256(v), abs);
        __m256i ok = _mm256_and_si256(_mm256_cmpgt_epi32(a, lo), _mm256_cmpgt_epi32(hi, a));
        ok = _mm256_or_si256(ok, _mm256_cmpeq_epi32(a, _mm256_setzero_si256()));
        ok = _mm256_or_si256(ok, _mm256_cmpeq_epi32(a, inf));
        ok = _mm256_or_si256(ok, _mm256_cmpgt_epi32(a, qnan));
        if (_mm256_movemask_epi8(ok) == -1)
            _mm_storeu_si128((__m128i *)(h + i), _mm256_cvtps_ph(v, _MM_FROUND_TO_NEAREST_INT));
        else
            for (int j = 0; j < 8; j++)
                h[i + j] = rp_float_to_half(f[i + j], &fe);
    }
#endif
    for (; i < n; i++)
        h[i] = rp_float_to_half(f[i], &fe);
    return fe;
}

/* (an input used in place may be only byte-aligned) */
static inline uint64_t bits64(const double *p)
{
    uint64_t b;
    memcpy(&b, p, 8);
    return b;
}

/* Returns the FE_* flags NumPy's conversion raises for these values. */
static int double_to_half_block(const double *d, rp_half *h, rp_intp n)
{
    int fe = 0;
    rp_intp i = 0;
#if defined(HALF_NEON)
    /* F16C's lanes; FCVTXN rounds the double to odd in hardware */
    for (; i + 8 <= n; i += 8) {
        uint64x2_t ok = vdupq_n_u64(~(uint64_t)0);
        float32x2_t f[4];
        for (int k = 0; k < 4; k++) {
            float64x2_t v = vld1q_f64(d + i + 2 * k);
            uint64x2_t a = vandq_u64(vreinterpretq_u64_f64(v), vdupq_n_u64(0x7fffffffffffffff));
            uint64x2_t in = vandq_u64(vcgtq_u64(a, vdupq_n_u64(0x3f0fffffffffffff)),
                                      vcltq_u64(a, vdupq_n_u64(0x40effe0000000000)));
            ok = vandq_u64(ok, vorrq_u64(in, vceqq_u64(a, vdupq_n_u64(0))));
            f[k] = vcvtx_f32_f64(v);
        }
        if (vminvq_u32(vreinterpretq_u32_u64(ok)) == ~0u) {
            float16x4_t lo = vcvt_f16_f32(vcombine_f32(f[0], f[1]));
            vst1q_u16(h + i, vreinterpretq_u16_f16(vcvt_high_f16_f32(lo, vcombine_f32(f[2], f[3]))));
        } else
            for (int j = 0; j < 8; j++)
                h[i + j] = rp_double_bits_to_half(bits64(d + i + j), &fe);
    }
#endif
#if defined(__F16C__)
    /* Lanes rounded here: zero and |d| in [2^-14, 65520), the normal
     * halves' range, where nothing overflows or underflows. */
    const __m256i abs = _mm256_set1_epi64x(0x7fffffffffffffff),
                  lo = _mm256_set1_epi64x(0x3f0fffffffffffff),
                  hi = _mm256_set1_epi64x(0x40effe0000000000),
                  cut = _mm256_set1_epi64x(0x1fffffff), one = _mm256_set1_epi64x(1),
                  rebias = _mm256_set1_epi64x((int64_t)(1023 - 127) << 23),
                  zero = _mm256_setzero_si256();
    /* the low 32 bits of each 64-bit lane, two vectors' worth in order */
    const __m256i low = _mm256_setr_epi32(0, 2, 4, 6, 0, 2, 4, 6);
    for (; i + 8 <= n; i += 8) {
        __m256i f[2], ok = _mm256_set1_epi64x(-1);
        for (int k = 0; k < 2; k++) {
            __m256i v = _mm256_loadu_si256((const __m256i *)(d + i + 4 * k));
            __m256i a = _mm256_and_si256(v, abs), sign = _mm256_xor_si256(v, a);
            __m256i is0 = _mm256_cmpeq_epi64(a, zero);
            __m256i in = _mm256_and_si256(_mm256_cmpgt_epi64(a, lo), _mm256_cmpgt_epi64(hi, a));
            ok = _mm256_and_si256(ok, _mm256_or_si256(is0, in));
            /* exponent:mantissa shifted to the float's, rebiased, sticky */
            __m256i t = _mm256_sub_epi64(_mm256_srli_epi64(a, 29), rebias);
            __m256i sticky =
                _mm256_andnot_si256(_mm256_cmpeq_epi64(_mm256_and_si256(a, cut), zero), one);
            t = _mm256_andnot_si256(is0, _mm256_or_si256(t, sticky));
            f[k] = _mm256_or_si256(t, _mm256_srli_epi64(sign, 32));
        }
        if (_mm256_movemask_epi8(ok) == -1) {
            __m128i f0 = _mm256_castsi256_si128(_mm256_permutevar8x32_epi32(f[0], low));
            __m128i f1 = _mm256_castsi256_si128(_mm256_permutevar8x32_epi32(f[1], low));
            __m256 fl = _mm256_castsi256_ps(_mm256_set_m128i(f1, f0));
            _mm_storeu_si128((__m128i *)(h + i), _mm256_cvtps_ph(fl, _MM_FROUND_TO_NEAREST_INT));
        } else
            for (int j = 0; j < 8; j++)
                h[i + j] = rp_double_bits_to_half(bits64(d + i + j), &fe);
    }
#endif
    for (; i < n; i++)
        h[i] = rp_double_bits_to_half(bits64(d + i), &fe);
    return fe;
}

/* A block of n elements of size sz at p with byte step st, gathered into
 * buf (returned) unless already contiguous (then p itself). */
static const void *gather(const char *p, rp_intp st, rp_intp sz, rp_intp n, void *buf)
{
    if (st == sz)
        return p;
    for (rp_intp i = 0; i < n; i++)
        memcpy((char *)buf + i * sz, p + i * st, (size_t)sz);
    return buf;
}

static void scatter(char *p, rp_intp st, rp_intp sz, rp_intp n, const void *buf)
{
    for (rp_intp i = 0; i < n; i++)
        memcpy(p + i * st, (const char *)buf + i * sz, (size_t)sz);
}

/* float16 -> T through a block of floats; float -> T as the float32 cast
 * does (NaN and out-of-range integers raise "invalid"). */
#define FROM_HALF(TT, TN, TE, TK)                                                                  \
    static void cast_float16_##TN(char *const *args, rp_intp n, const rp_intp *steps,             \
                                  const void *ctx)                                                 \
    {                                                                                              \
        (void)ctx;                                                                                 \
        rp_half hb[HB];                                                                            \
        float fb[HB];                                                                              \
        TT ob[HB];                                                                                 \
        int bad = 0;                                                                               \
        for (rp_intp i0 = 0; i0 < n; i0 += HB) {                                                   \
            rp_intp m = n - i0 < HB ? n - i0 : HB;                                                 \
            const rp_half *h = gather(args[0] + i0 * steps[0], steps[0], 2, m, hb);               \
            half_to_float_block(h, fb, m);                                                         \
            TT *o = steps[1] == sizeof(TT) ? (TT *)(args[1] + i0 * steps[1]) : ob;                 \
            for (rp_intp j = 0; j < m; j++) {                                                      \
                o[j] = RP_CONVERT(f, TK, TT, fb[j]);                                               \
                bad |= RP_CONVERT_BAD(f, TK, TT, fb[j]);                                           \
            }                                                                                      \
            if (o == ob)                                                                           \
                scatter(args[1] + i0 * steps[1], steps[1], sizeof(TT), m, ob);                     \
        }                                                                                          \
        if (bad)                                                                                   \
            feraiseexcept(FE_INVALID);                                                             \
    }

/* T -> float16 through a block of floats (exact for every T but float64,
 * which has its own kernel below). */
#define TO_HALF(TT, TN, TE, TK)                                                                    \
    static void cast_##TN##_float16(char *const *args, rp_intp n, const rp_intp *steps,           \
                                    const void *ctx)                                               \
    {                                                                                              \
        (void)ctx;                                                                                 \
        TT ib[HB];                                                                                 \
        float fb[HB];                                                                              \
        rp_half ob[HB];                                                                            \
        int fe = 0;                                                                                \
        for (rp_intp i0 = 0; i0 < n; i0 += HB) {                                                   \
            rp_intp m = n - i0 < HB ? n - i0 : HB;                                                 \
            const TT *a = gather(args[0] + i0 * steps[0], steps[0], sizeof(TT), m, ib);           \
            for (rp_intp j = 0; j < m; j++)                                                        \
                fb[j] = RP_CONVERT(TK, f, float, a[j]);                                            \
            rp_half *o = steps[1] == 2 ? (rp_half *)(args[1] + i0 * steps[1]) : ob;               \
            fe |= float_to_half_block(fb, o, m);                                                   \
            if (o == ob)                                                                           \
                scatter(args[1] + i0 * steps[1], steps[1], 2, m, ob);                              \
        }                                                                                          \
        if (fe)                                                                                    \
            feraiseexcept(fe);                                                                     \
    }

#define HALF_PAIR(TT, TN, TE, TK) FROM_HALF(TT, TN, TE, TK) TO_HALF(TT, TN, TE, TK)
TO_HALF(rp_bool, _Bool, RP_BOOL, b) /* the name `bool` expands to */
HALF_PAIR(int8_t, int8, RP_INT8, i)
HALF_PAIR(int16_t, int16, RP_INT16, i)
HALF_PAIR(int32_t, int32, RP_INT32, i)
HALF_PAIR(int64_t, int64, RP_INT64, i)
HALF_PAIR(uint8_t, uint8, RP_UINT8, u)
HALF_PAIR(uint16_t, uint16, RP_UINT16, u)
HALF_PAIR(uint32_t, uint32, RP_UINT32, u)
HALF_PAIR(uint64_t, uint64, RP_UINT64, u)
HALF_PAIR(float, float32, RP_FLOAT32, f)

static void cast_float16_float64(char *const *args, rp_intp n, const rp_intp *steps,
                                 const void *ctx)
{
    (void)ctx;
    rp_half hb[HB];
    double ob[HB];
    for (rp_intp i0 = 0; i0 < n; i0 += HB) {
        rp_intp m = n - i0 < HB ? n - i0 : HB;
        const rp_half *h = gather(args[0] + i0 * steps[0], steps[0], 2, m, hb);
        double *o = steps[1] == 8 ? (double *)(args[1] + i0 * steps[1]) : ob;
        half_to_double_block(h, o, m);
        if (o == ob)
            scatter(args[1] + i0 * steps[1], steps[1], 8, m, ob);
    }
}

static void cast_float64_float16(char *const *args, rp_intp n, const rp_intp *steps,
                                 const void *ctx)
{
    (void)ctx;
    double ib[HB];
    rp_half ob[HB];
    int fe = 0;
    for (rp_intp i0 = 0; i0 < n; i0 += HB) {
        rp_intp m = n - i0 < HB ? n - i0 : HB;
        const double *a = gather(args[0] + i0 * steps[0], steps[0], 8, m, ib);
        rp_half *o = steps[1] == 2 ? (rp_half *)(args[1] + i0 * steps[1]) : ob;
        fe |= double_to_half_block(a, o, m);
        if (o == ob)
            scatter(args[1] + i0 * steps[1], steps[1], 2, m, ob);
    }
    if (fe)
        feraiseexcept(fe);
}

/* From the bits: a signalling NaN compared as a float would raise invalid. */
static void cast_float16__Bool(char *const *args, rp_intp n, const rp_intp *steps, const void *ctx)
{
    (void)ctx;
    for (rp_intp i = 0; i < n; i++)
        args[1][i * steps[1]] = (*(const rp_half *)(args[0] + i * steps[0]) & 0x7fffu) != 0;
}

static void cast_float16_float16(char *const *args, rp_intp n, const rp_intp *steps,
                                 const void *ctx)
{
    (void)ctx;
    if (steps[0] == 2 && steps[1] == 2) {
        memmove(args[1], args[0], (size_t)n * 2);
        return;
    }
    for (rp_intp i = 0; i < n; i++)
        *(rp_half *)(args[1] + i * steps[1]) = *(const rp_half *)(args[0] + i * steps[0]);
}

void RP_ISA_FN(rp_fill_cast_half)(rp_kernel_table *t)
{
/* Through SET_ so that `bool` is expanded (to _Bool) as in the definitions. */
#define SET_(TN, TE)                                                                               \
    t->cast.k[RP_FLOAT16][TE] = cast_float16_##TN;                                                 \
    t->cast.k[TE][RP_FLOAT16] = cast_##TN##_float16;
#define SET(TT, TN, TE, TK) SET_(TN, TE)
    RP_DTYPES(SET)
    SET(rp_half, float16, RP_FLOAT16, f)
#undef SET
}
