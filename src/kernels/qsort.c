/*
 * The unstable sort of 32- and 64-bit rows (int, uint, float) on x86 with
 * AVX2 or AVX-512: a vectorized quicksort (qsort.inc) over signed integer
 * keys. Unsigned ints and floats are mapped to signed keys in place and
 * back (sort_keys.h), so one algorithm per width serves six dtypes and the
 * result is the unique key order on every ISA (the baseline's radix sort of
 * the same keys gives the same bytes).
 *
 * Per ISA only the vocabulary differs:
 *   AVX-512: partition 32-bit lanes by vpcompressd into a register and a
 *            masked store, 64-bit lanes by a permute from a table of 256
 *            (a compress straight to memory is slow on AMD Zen 4);
 *   AVX2:    a permutation table puts the lanes <= pivot first and the rest
 *            last; the whole vector is stored at both ends.
 * The baseline registers nothing here: sort.c keeps its kernels.
 */
#include "isa.h"
#include "dtypes.h"
#include "register.h"
#include "sort_keys.h"

#include <string.h>

#if defined(RP_ISA_IS_AVX512) || defined(RP_ISA_IS_AVX2)
#include <immintrin.h>

#if defined(RP_ISA_IS_AVX512)

typedef __m512i V;
#define LOADU(p) _mm512_loadu_si512((const void *)(p))
#define STOREU(p, v) _mm512_storeu_si512((void *)(p), v)

static inline __m512i i32_iota(void)
{
    return _mm512_set_epi32(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
}
static inline __m512i i32_perm_xor(__m512i v, int j)
{
    return _mm512_permutexvar_epi32(_mm512_xor_si512(i32_iota(), _mm512_set1_epi32(j)), v);
}
static inline __m512i i32_blend(unsigned bits, __m512i a, __m512i b)
{
    return _mm512_mask_blend_epi32((__mmask16)bits, a, b);
}
static inline void i32_part(__m512i v, __m512i p, int32_t *a, rp_intp *lw, rp_intp *rw)
{
    __mmask16 gt = _mm512_cmpgt_epi32_mask(v, p), le = (__mmask16)~gt;
    int ngt = __builtin_popcount(gt), nle = 16 - ngt;
    *rw -= ngt;
    /* the whole vector on the left: part() may write all of [lw, lw + L) */
    _mm512_storeu_si512(a + *lw, _mm512_maskz_compress_epi32(le, v));
    _mm512_mask_storeu_epi32(a + *rw, (__mmask16)((1u << ngt) - 1), _mm512_maskz_compress_epi32(gt, v));
    *lw += nle;
}
/* The first cnt lanes (0 < cnt <= L) loaded, the rest TMAX; stored. */
static inline __m512i i32_load_part(const int32_t *p, rp_intp cnt)
{
    return _mm512_mask_loadu_epi32(_mm512_set1_epi32(INT32_MAX), (__mmask16)((1u << cnt) - 1), p);
}
static inline void i32_store_part(int32_t *p, __m512i v, rp_intp cnt)
{
    _mm512_mask_storeu_epi32(p, (__mmask16)((1u << cnt) - 1), v);
}
#define i32_set1 _mm512_set1_epi32
#define i32_min _mm512_min_epi32
#define i32_max _mm512_max_epi32
#define L32 16

static inline __m512i i64_perm_xor(__m512i v, int j)
{
    const __m512i iota = _mm512_set_epi64(7, 6, 5, 4, 3, 2, 1, 0);
    return _mm512_permutexvar_epi64(_mm512_xor_si512(iota, _mm512_set1_epi64(j)), v);
}
static inline __m512i i64_blend(unsigned bits, __m512i a, __m512i b)
{
    return _mm512_mask_blend_epi64((__mmask8)bits, a, b);
}
/* part8[m]: the lane indices that put the lanes whose bit is clear in m
 * first and the others last, in lane order (bytes, widened on use). With 8
 * lanes one permute from this table and two whole-vector stores, as on
 * AVX2, beat the two compresses and a masked store. */
static uint8_t part8[256][8] __attribute__((aligned(64)));

static void fill_part8(void)
{
    for (unsigned m = 0; m < 256; m++) {
        int q = 0;
        for (unsigned side = 0; side < 2; side++)
            for (int i = 0; i < 8; i++)
                if (((m >> i) & 1) == side)
                    part8[m][q++] = (uint8_t)i;
    }
}

static inline void i64_part(__m512i v, __m512i p, int64_t *a, rp_intp *lw, rp_intp *rw)
{
    __mmask8 gt = _mm512_cmpgt_epi64_mask(v, p);
    int ngt = __builtin_popcount(gt);
    __m512i w = _mm512_permutexvar_epi64(_mm512_cvtepu8_epi64(_mm_loadl_epi64((const __m128i *)part8[gt])), v);
    _mm512_storeu_si512(a + *lw, w);
    _mm512_storeu_si512(a + *rw - 8, w);
    *rw -= ngt;
    *lw += 8 - ngt;
}
static inline __m512i i64_load_part(const int64_t *p, rp_intp cnt)
{
    return _mm512_mask_loadu_epi64(_mm512_set1_epi64(INT64_MAX), (__mmask8)((1u << cnt) - 1), p);
}
static inline void i64_store_part(int64_t *p, __m512i v, rp_intp cnt)
{
    _mm512_mask_storeu_epi64(p, (__mmask8)((1u << cnt) - 1), v);
}
#define i64_set1(x) _mm512_set1_epi64((long long)(x))
#define i64_min _mm512_min_epi64
#define i64_max _mm512_max_epi64
#define L64 8

#else /* AVX2 */

typedef __m256i V;
#define LOADU(p) _mm256_loadu_si256((const __m256i *)(p))
#define STOREU(p, v) _mm256_storeu_si256((__m256i *)(p), v)

/* perm[m]: the 32-bit lane indices that put the lanes whose bit is clear
 * in m first and the others last (both in lane order), whole vectors so the
 * partition loads one instead of unpacking it. 64-bit lanes use the table
 * of 4-lane masks with index pairs. */
static int32_t perm32[256][8] __attribute__((aligned(32))), perm64[16][8] __attribute__((aligned(32)));

static void fill_perm(int32_t (*t)[8], int lanes, int width)
{
    for (unsigned m = 0; m < (1u << lanes); m++) {
        int q = 0;
        for (int side = 0; side < 2; side++)
            for (int i = 0; i < lanes; i++)
                if ((int)((m >> i) & 1) == side)
                    for (int h = 0; h < width; h++, q++)
                        t[m][q] = width * i + h;
    }
}
static inline __m256i lane_iota32(void) { return _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7); }
/* The whole vector (lanes <= p first) at a + lw, and again ending at a + rw. */
static inline void part_any(__m256i v, __m256i gtv, int lanes, int32_t (*perm)[8], char *a,
                            int isz, rp_intp *lw, rp_intp *rw)
{
    unsigned gt = (unsigned)_mm256_movemask_ps(_mm256_castsi256_ps(gtv));
    if (lanes == 4)
        gt = (unsigned)_mm256_movemask_pd(_mm256_castsi256_pd(gtv));
    int ngt = __builtin_popcount(gt);
    __m256i w = _mm256_permutevar8x32_epi32(v, LOADU(perm[gt]));
    STOREU(a + *lw * isz, w);
    STOREU(a + (*rw - lanes) * isz, w);
    *lw += lanes - ngt;
    *rw -= ngt;
}

static inline __m256i i32_perm_xor(__m256i v, int j)
{
    return _mm256_permutevar8x32_epi32(v, _mm256_xor_si256(lane_iota32(), _mm256_set1_epi32(j)));
}
static inline __m256i i32_blend(unsigned bits, __m256i a, __m256i b)
{
    const __m256i lb = _mm256_setr_epi32(1, 2, 4, 8, 16, 32, 64, 128);
    __m256i m = _mm256_cmpeq_epi32(_mm256_and_si256(_mm256_set1_epi32((int)bits), lb), lb);
    return _mm256_blendv_epi8(a, b, m);
}
static inline void i32_part(__m256i v, __m256i p, int32_t *a, rp_intp *lw, rp_intp *rw)
{
    part_any(v, _mm256_cmpgt_epi32(v, p), 8, perm32, (char *)a, 4, lw, rw);
}
/* Lanes below cnt: the masked loads' and stores' lane mask. */
static inline __m256i lanes_below32(rp_intp cnt)
{
    return _mm256_cmpgt_epi32(_mm256_set1_epi32((int)cnt), lane_iota32());
}
static inline __m256i i32_load_part(const int32_t *p, rp_intp cnt)
{
    const __m256i m = lanes_below32(cnt);
    return _mm256_blendv_epi8(_mm256_set1_epi32(INT32_MAX), _mm256_maskload_epi32((const int *)p, m), m);
}
static inline void i32_store_part(int32_t *p, __m256i v, rp_intp cnt)
{
    _mm256_maskstore_epi32((int *)p, lanes_below32(cnt), v);
}
#define i32_set1 _mm256_set1_epi32
#define i32_min _mm256_min_epi32
#define i32_max _mm256_max_epi32
#define L32 8

static inline __m256i i64_perm_xor(__m256i v, int j)
{
    return _mm256_permutevar8x32_epi32(v, _mm256_xor_si256(lane_iota32(), _mm256_set1_epi32(2 * j)));
}
static inline __m256i i64_blend(unsigned bits, __m256i a, __m256i b)
{
    const __m256i lb = _mm256_setr_epi64x(1, 2, 4, 8);
    __m256i m = _mm256_cmpeq_epi64(_mm256_and_si256(_mm256_set1_epi64x(bits), lb), lb);
    return _mm256_blendv_epi8(a, b, m);
}
static inline __m256i i64_min(__m256i a, __m256i b)
{
    return _mm256_blendv_epi8(a, b, _mm256_cmpgt_epi64(a, b));
}
static inline __m256i i64_max(__m256i a, __m256i b)
{
    return _mm256_blendv_epi8(b, a, _mm256_cmpgt_epi64(a, b));
}
static inline void i64_part(__m256i v, __m256i p, int64_t *a, rp_intp *lw, rp_intp *rw)
{
    part_any(v, _mm256_cmpgt_epi64(v, p), 4, perm64, (char *)a, 8, lw, rw);
}
static inline __m256i lanes_below64(rp_intp cnt)
{
    return _mm256_cmpgt_epi64(_mm256_set1_epi64x(cnt), _mm256_setr_epi64x(0, 1, 2, 3));
}
static inline __m256i i64_load_part(const int64_t *p, rp_intp cnt)
{
    const __m256i m = lanes_below64(cnt);
    return _mm256_blendv_epi8(_mm256_set1_epi64x(INT64_MAX),
                              _mm256_maskload_epi64((const long long *)p, m), m);
}
static inline void i64_store_part(int64_t *p, __m256i v, rp_intp cnt)
{
    _mm256_maskstore_epi64((long long *)p, lanes_below64(cnt), v);
}
#define i64_set1(x) _mm256_set1_epi64x((long long)(x))
#define L64 4

#endif

#define i32_load LOADU
#define i32_store STOREU
#define i64_load LOADU
#define i64_store STOREU

#define T int32_t
#define TMIN INT32_MIN
#define TMAX INT32_MAX
#define L L32
#define S(x) i32_##x
#include "qsort.inc"
#undef UNROLL_FAR
#undef T
#undef TMIN
#undef TMAX
#undef L
#undef S

#define T int64_t
#define TMIN INT64_MIN
#define TMAX INT64_MAX
#define L L64
#define S(x) i64_##x
#if defined(RP_ISA_IS_AVX512)
#define UNROLL_FAR 8 /* (32-bit lanes: no gain, 256 Ki int32 within noise) */
#endif
#include "qsort.inc"
#undef T
#undef TMIN
#undef TMAX
#undef L
#undef S

static void sort_int32(void *v, rp_intp n, void *scratch) { i32_qsort((int32_t *)v, n); }
static void sort_int64(void *v, rp_intp n, void *scratch) { i64_qsort((int64_t *)v, n); }
static void split_int32(void *v, rp_intp n, rp_intp *cut, int parts)
{
    cut[0] = 0;
    cut[parts] = n;
    i32_split((int32_t *)v, 0, n, cut, parts);
}
static void split_int64(void *v, rp_intp n, rp_intp *cut, int parts)
{
    cut[0] = 0;
    cut[parts] = n;
    i64_split((int64_t *)v, 0, n, cut, parts);
}
static void select_int32(void *v, rp_intp n, rp_intp k) { i32_select((int32_t *)v, n, k); }
static void select_int64(void *v, rp_intp n, rp_intp k) { i64_select((int64_t *)v, n, k); }
static void keys_same(void *v, rp_intp n, void *scratch) { (void)v, (void)n, (void)scratch; }
static void keys_uint32(void *v, rp_intp n, void *scratch) { rp_u32_keys((uint32_t *)v, n); }
static void keys_uint64(void *v, rp_intp n, void *scratch) { rp_u64_keys((uint64_t *)v, n); }
static void to_keys_float32(void *v, rp_intp n, void *scratch) { rp_f32_to_keys((uint32_t *)v, n); }
static void to_keys_float64(void *v, rp_intp n, void *scratch) { rp_f64_to_keys((uint64_t *)v, n); }
static void from_keys_float32(void *v, rp_intp n, void *scratch) { rp_f32_from_keys((uint32_t *)v, n); }
static void from_keys_float64(void *v, rp_intp n, void *scratch) { rp_f64_from_keys((uint64_t *)v, n); }

/* Keys in, sorted, keys out: the unstable sort of a whole row. */
#define KEYED(SFX, IN, OUT, W)                                                                     \
    static void sort_##SFX(void *v, rp_intp n, void *scratch)                                      \
    {                                                                                              \
        IN(v, n, scratch);                                                                         \
        sort_int##W(v, n, scratch);                                                                \
        OUT(v, n, scratch);                                                                        \
    }
KEYED(uint32, keys_uint32, keys_uint32, 32)
KEYED(uint64, keys_uint64, keys_uint64, 64)
KEYED(float32, to_keys_float32, from_keys_float32, 32)
KEYED(float64, to_keys_float64, from_keys_float64, 64)
#undef KEYED

void RP_ISA_FN(rp_fill_qsort)(rp_kernel_table *t)
{
#if defined(RP_ISA_IS_AVX512)
    fill_part8();
#endif
#if defined(RP_ISA_IS_AVX2)
    fill_perm(perm32, 8, 1);
    fill_perm(perm64, 4, 2);
#endif
    t->sort.sort[RP_INT32] = sort_int32;
    t->sort.sort[RP_INT64] = sort_int64;
    t->sort.sort[RP_UINT32] = sort_uint32;
    t->sort.sort[RP_UINT64] = sort_uint64;
    t->sort.sort[RP_FLOAT32] = sort_float32;
    t->sort.sort[RP_FLOAT64] = sort_float64;
    /* the pieces of one long row (sort.c's driver spreads them over threads) */
#define PIECES(DT, IN, OUT, W)                                                                     \
    t->sort.to_keys[DT] = IN;                                                                      \
    t->sort.from_keys[DT] = OUT;                                                                   \
    t->sort.split[DT] = split_int##W;                                                              \
    t->sort.sort_keys[DT] = sort_int##W;                                                           \
    t->sort.select_keys[DT] = select_int##W;
    PIECES(RP_INT32, keys_same, keys_same, 32)
    PIECES(RP_INT64, keys_same, keys_same, 64)
    PIECES(RP_UINT32, keys_uint32, keys_uint32, 32)
    PIECES(RP_UINT64, keys_uint64, keys_uint64, 64)
    PIECES(RP_FLOAT32, to_keys_float32, from_keys_float32, 32)
    PIECES(RP_FLOAT64, to_keys_float64, from_keys_float64, 64)
#undef PIECES
}

#else

void RP_ISA_FN(rp_fill_qsort)(rp_kernel_table *t) { (void)t; }

#endif
