/* Advanced indexing drivers: offsets from index arrays and masks, gather, scatter. */
#include "index.h"
#include "mask_bits.h"
#include "pool.h"

#include <stdatomic.h>
#include <stdint.h>
#include <string.h>

rp_status rp_index_offsets(int nterms, const rp_index_term *terms, int ndim, const rp_intp *shape,
                           rp_intp *offsets, int *bad_term, rp_intp *bad_value)
{
    rp_intp total = 1;
    for (int k = 0; k < ndim; k++)
        total *= shape[k];
    if (total == 0)
        return RP_OK;
    rp_intp pos[RP_MAXDIMS] = {0};
    rp_intp n = 0;
    /* the innermost axis of the broadcast shape runs as a plain loop */
    rp_intp inner = ndim ? shape[ndim - 1] : 1;
    do {
        for (rp_intp j = 0; j < inner; j++)
            offsets[n + j] = 0;
        for (int t = 0; t < nterms; t++) {
            const rp_index_term *term = &terms[t];
            const char *p = (const char *)term->data;
            for (int k = 0; k < ndim - 1; k++)
                p += pos[k] * term->strides[k];
            rp_intp step = ndim ? term->strides[ndim - 1] : 0;
            rp_intp len = term->len;
            for (rp_intp j = 0; j < inner; j++, p += step) {
                rp_intp i = *(const rp_intp *)p;
                if (i < 0)
                    i += len;
                if ((size_t)i >= (size_t)len) {
                    *bad_term = t;
                    *bad_value = *(const rp_intp *)p;
                    return RP_EINDEX;
                }
                offsets[n + j] += i * term->stride;
            }
        }
        n += inner;
    } while (ndim > 1 && rp_index_next_pos(ndim - 1, shape, pos));
    return RP_OK;
}

/* Walks the true elements of mask in C order, calling emit with their
 * coordinates' running position. The innermost axis is scanned as bytes. */
#define MASK_WALK(mask, BODY)                                                                      \
    RP_INDEX_ROW_WALK(mask, {                                                                      \
        for (rp_intp j = 0; j < inner; j++) {                                                      \
            if (row[j * step]) {                                                                   \
                BODY                                                                               \
            }                                                                                      \
        }                                                                                          \
    })

rp_intp rp_index_mask_count(const rp_array *mask)
{
    rp_intp count = 0;
    RP_INDEX_ROW_WALK(mask, {
        const unsigned char *r = (const unsigned char *)row;
        if (step == 1)
            count += rp_mask_count_bytes(r, inner);
        else
            for (rp_intp j = 0; j < inner; j++)
                count += r[j * step] != 0;
    });
    return count;
}

void rp_index_mask_offsets(const rp_array *mask, const rp_intp *axis_strides, rp_intp *offsets)
{
    rp_intp n = 0;
    int nd = mask->ndim;
    rp_intp last = nd ? axis_strides[nd - 1] : 0;
    MASK_WALK(mask, {
        rp_intp off = j * last;
        for (int k = 0; k < nd - 1; k++)
            off += pos[k] * axis_strides[k];
        offsets[n++] = off;
    });
}

void rp_index_mask_coords(const rp_array *mask, rp_intp *const *coords)
{
    rp_intp n = 0;
    int nd = mask->ndim;
    MASK_WALK(mask, {
        for (int k = 0; k < nd - 1; k++)
            coords[k][n] = pos[k];
        if (nd)
            coords[nd - 1][n] = j;
        n++;
    });
}

/* One element move per itemsize, so the compiler emits plain loads and stores. */
#define MOVE_LOOPS(T)                                                                              \
    static void gather_##T(char *out, const char *src, const rp_intp *off, rp_intp n)              \
    {                                                                                              \
        T *o = (T *)out;                                                                           \
        for (rp_intp j = 0; j < n; j++)                                                            \
            memcpy(&o[j], src + off[j], sizeof(T));                                                \
    }                                                                                              \
    static void scatter_##T(char *dst, const char *in, const rp_intp *off, rp_intp n)              \
    {                                                                                              \
        const T *v = (const T *)in;                                                                \
        for (rp_intp j = 0; j < n; j++)                                                            \
            memcpy(dst + off[j], &v[j], sizeof(T));                                                \
    }                                                                                              \
    static void strided_in_##T(char *out, const char *src, rp_intp step, rp_intp n)                \
    {                                                                                              \
        for (rp_intp j = 0; j < n; j++)                                                            \
            memcpy(out + j * (rp_intp)sizeof(T), src + j * step, sizeof(T));                       \
    }                                                                                              \
    static void strided_out_##T(char *dst, const char *in, rp_intp step, rp_intp n)                \
    {                                                                                              \
        for (rp_intp j = 0; j < n; j++)                                                            \
            memcpy(dst + j * step, in + j * (rp_intp)sizeof(T), sizeof(T));                        \
    }

MOVE_LOOPS(uint8_t)
MOVE_LOOPS(uint16_t)
MOVE_LOOPS(uint32_t)
MOVE_LOOPS(uint64_t)
typedef struct {
    uint64_t lo, hi;
} rp_item16; /* complex128 */
MOVE_LOOPS(rp_item16)

typedef void (*offset_loop)(char *, const char *, const rp_intp *, rp_intp);
typedef void (*strided_loop)(char *, const char *, rp_intp, rp_intp);

static int size_slot(size_t itemsize)
{
    return itemsize == 1 ? 0 : itemsize == 2 ? 1 : itemsize == 4 ? 2 : itemsize == 8 ? 3 : 4;
}

static const offset_loop gathers[] = {gather_uint8_t, gather_uint16_t, gather_uint32_t,
                                      gather_uint64_t, gather_rp_item16};
static const offset_loop scatters[] = {scatter_uint8_t, scatter_uint16_t, scatter_uint32_t,
                                       scatter_uint64_t, scatter_rp_item16};
static const strided_loop strided_ins[] = {strided_in_uint8_t, strided_in_uint16_t,
                                           strided_in_uint32_t, strided_in_uint64_t,
                                           strided_in_rp_item16};
static const strided_loop strided_outs[] = {strided_out_uint8_t, strided_out_uint16_t,
                                            strided_out_uint32_t, strided_out_uint64_t,
                                            strided_out_rp_item16};

/* Moves one inner block between src (strided) and the packed side. */
static char *move_block(const rp_index_plan *p, char *strided, char *packed, bool in)
{
    int ni = p->ninner;
    size_t isz = p->itemsize;
    int slot = size_slot(isz);
    if (ni == 0) {
        if (in)
            memcpy(packed, strided, isz);
        else
            memcpy(strided, packed, isz);
        return packed + isz;
    }
    rp_intp pos[RP_MAXDIMS] = {0};
    rp_intp inner = p->ishape[ni - 1], step = p->istrides[ni - 1];
    rp_intp total = 1;
    for (int k = 0; k < ni; k++)
        total *= p->ishape[k];
    if (total == 0)
        return packed;
    do {
        char *s = strided;
        for (int k = 0; k < ni - 1; k++)
            s += pos[k] * p->istrides[k];
        if (step == (rp_intp)isz) { /* a contiguous run: rows of a C array */
            if (in)
                memcpy(packed, s, (size_t)inner * isz);
            else
                memcpy(s, packed, (size_t)inner * isz);
        } else if (in)
            strided_ins[slot](packed, s, step, inner);
        else
            strided_outs[slot](s, packed, step, inner);
        packed += inner * (rp_intp)isz;
    } while (ni > 1 && rp_index_next_pos(ni - 1, p->ishape, pos));
    return packed;
}

static void drive(const rp_index_plan *p, char *packed, bool in)
{
    rp_intp outer = 1;
    for (int k = 0; k < p->nouter; k++)
        outer *= p->oshape[k];
    for (int k = 0; k < p->ninner; k++)
        if (p->ishape[k] == 0)
            return;
    if (outer == 0 || p->n == 0)
        return;
    int slot = size_slot(p->itemsize);
    rp_intp pos[RP_MAXDIMS] = {0};
    do {
        char *base = p->base;
        for (int k = 0; k < p->nouter; k++)
            base += pos[k] * p->ostrides[k];
        if (p->ninner == 0 && p->itemsize <= 16) {
            if (in)
                gathers[slot](packed, base, p->offsets, p->n);
            else
                scatters[slot](base, packed, p->offsets, p->n);
            packed += p->n * (rp_intp)p->itemsize;
        } else {
            for (rp_intp j = 0; j < p->n; j++)
                packed = move_block(p, base + p->offsets[j], packed, in);
        }
    } while (p->nouter > 0 && rp_index_next_pos(p->nouter, p->oshape, pos));
}

void rp_index_gather(const rp_index_plan *p, char *out)
{
    drive(p, out, true);
}

void rp_index_scatter(const rp_index_plan *p, const char *in)
{
    drive(p, (char *)in, false);
}

/* The compress of one mask over the whole of src (same shape): one pass, no
 * offsets array. Contiguous mask rows are read a word at a time. A sparse
 * mask (under one element in 8 selected) goes 32 bytes per test and visits
 * the set bits of a nonzero block: a branch per selected element, where the
 * dense loop pays a store per element. A dense one goes 8 bytes at a time:
 * an empty word skipped, a full one block-copied, a mixed one branch-free
 * (every element stored, the output moving on by the mask byte). The tail
 * is branch-free per element (once the output is full the stores go to a
 * sink). */
#define COMPRESS_LOOP(T)                                                                           \
    static void compress_##T(const rp_array *mask, const char *src, const rp_intp *strides,       \
                             char *out, rp_intp count, bool sparse)                                \
    {                                                                                              \
        T *o = (T *)out, *end = o + count, sink;                                                   \
        int nd = mask->ndim;                                                                       \
        rp_intp inner = mask->shape[nd - 1], mstep = mask->strides[nd - 1];                        \
        rp_intp last = strides[nd - 1];                                                            \
        rp_intp pos[RP_MAXDIMS] = {0};                                                             \
        if (count == 0)                                                                            \
            return;                                                                                \
        do {                                                                                       \
            const unsigned char *m = (const unsigned char *)mask->data;                            \
            const char *s = src;                                                                   \
            for (int k = 0; k < nd - 1; k++) {                                                     \
                m += pos[k] * mask->strides[k];                                                    \
                s += pos[k] * strides[k];                                                          \
            }                                                                                      \
            rp_intp j = 0;                                                                         \
            if (mstep == 1 && sparse)                                                              \
                for (; j + 32 <= inner; j += 32) {                                                 \
                    if (rp_mask_zero32(m + j))                                                     \
                        continue;                                                                  \
                    const char *sj = s + j * last;                                                 \
                    /* o < end: a mask changed since the count cannot overrun */                   \
                    for (uint32_t bits = rp_mask_bits32(m + j); bits && o < end; bits &= bits - 1) \
                        memcpy(o++, sj + __builtin_ctz(bits) * last, sizeof(T));                   \
                }                                                                                  \
            else if (mstep == 1)                                                                   \
                for (; j + 8 <= inner && o + 8 <= end; j += 8) {                                   \
                    uint64_t w;                                                                    \
                    memcpy(&w, m + j, 8);                                                          \
                    if (w == 0)                                                                    \
                        continue;                                                                  \
                    if (w == 0x0101010101010101u && last == (rp_intp)sizeof(T)) {                 \
                        memcpy(o, s + j * last, 8 * sizeof(T));                                    \
                        o += 8;                                                                    \
                        continue;                                                                  \
                    }                                                                              \
                    for (int b = 0; b < 8; b++) {                                                  \
                        memcpy(o, s + (j + b) * last, sizeof(T));                                  \
                        o += m[j + b] != 0;                                                        \
                    }                                                                              \
                }                                                                                  \
            for (; j < inner; j++) {                                                               \
                T v;                                                                               \
                memcpy(&v, s + j * last, sizeof(T));                                               \
                *(o < end ? o : &sink) = v;                                                        \
                o += m[j * mstep] != 0;                                                            \
            }                                                                                      \
        } while (nd > 1 && rp_index_next_pos(nd - 1, mask->shape, pos));                           \
    }

COMPRESS_LOOP(uint8_t)
COMPRESS_LOOP(uint16_t)
COMPRESS_LOOP(uint32_t)
COMPRESS_LOOP(uint64_t)

bool rp_index_compress(const rp_array *mask, const char *src, const rp_intp *strides,
                       size_t itemsize, char *out, rp_intp count)
{
    if (mask->ndim == 0 || itemsize > 8)
        return false;
    bool sparse = count < rp_array_size(mask) / 8;
    switch (size_slot(itemsize)) {
    case 0: compress_uint8_t(mask, src, strides, out, count, sparse); break;
    case 1: compress_uint16_t(mask, src, strides, out, count, sparse); break;
    case 2: compress_uint32_t(mask, src, strides, out, count, sparse); break;
    default: compress_uint64_t(mask, src, strides, out, count, sparse); break;
    }
    return true;
}

/* i is in [-len, len) when v = i + len (unsigned) is below 2 len, that is
 * when v's top bit is clear and v - 2 len's is set (len < 2^62): and-ed
 * over vectors of type V (W lanes), two at a time. */
#define BOUNDS_BODY(V, W)                                                                          \
    const uint64_t u = (uint64_t)len, lim = 2 * u;                                                 \
    const V uv = (V){0} + u, limv = (V){0} + lim;                                                  \
    V ok0 = ~(V){0}, ok1 = ok0, neg0 = {0}, neg1 = neg0;                                           \
    rp_intp j = 0;                                                                                 \
    for (; j + 2 * (W) <= n; j += 2 * (W)) {                                                       \
        V x0, x1;                                                                                  \
        memcpy(&x0, idx + j, sizeof x0);                                                           \
        memcpy(&x1, idx + j + (W), sizeof x1);                                                     \
        V v0 = x0 + uv, v1 = x1 + uv;                                                              \
        ok0 &= ~v0 & (v0 - limv);                                                                  \
        ok1 &= ~v1 & (v1 - limv);                                                                  \
        neg0 |= x0;                                                                                \
        neg1 |= x1;                                                                                \
    }                                                                                              \
    ok0 &= ok1;                                                                                    \
    neg0 |= neg1;                                                                                  \
    uint64_t ok = ~(uint64_t)0, neg = 0;                                                           \
    for (int k = 0; k < (W); k++) {                                                                \
        ok &= ok0[k];                                                                              \
        neg |= neg0[k];                                                                            \
    }                                                                                              \
    for (; j < n; j++) {                                                                           \
        uint64_t v = (uint64_t)idx[j] + u;                                                         \
        ok &= ~v & (v - lim);                                                                      \
        neg |= (uint64_t)idx[j];                                                                   \
    }                                                                                              \
    return !(ok >> 63) ? 0 : neg >> 63 ? 1 : 2;

static int bounds_generic(const rp_intp *idx, rp_intp n, rp_intp len) { BOUNDS_BODY(rp_u64x2, 2) }

#if defined(__x86_64__) && defined(__GNUC__)
/* x[idx] = v checks every index before its first store: with four lanes the
 * check is half the instructions (64 Ki int64, callgrind: 4.75 -> ~2.4 per
 * index). */
typedef uint64_t u64x4 __attribute__((vector_size(32)));
__attribute__((target("avx2"))) static int bounds_avx2(const rp_intp *idx, rp_intp n,
                                                       rp_intp len)
{
    BOUNDS_BODY(u64x4, 4)
}
#endif

int rp_index_bounds(const rp_intp *idx, rp_intp n, rp_intp len)
{
#if defined(__x86_64__) && defined(__GNUC__)
    rp_isa isa = n >= 64 ? rp_isa_selected() : RP_ISA_BASELINE;
    if (isa == RP_ISA_AVX2 || isa == RP_ISA_AVX512)
        return bounds_avx2(idx, n, len);
#endif
    return bounds_generic(idx, n, len);
}

/* take along the first axis, each index checked as it is used, as NumPy's
 * take loop does: a separate vectorized checking pass over each chunk
 * stalled the gather (a third of the time at 64 Ki); a check that branches
 * out (never taken, so predicted) costs nothing beside the loads' misses.
 * Unrolled four times (64 Ki float32, C bench: 50.6 -> 40.2 us; 1 Mi
 * float64 1.97 -> 1.45 ms). A negative index is normalised by a mask and
 * an add. */
#define TAKE_ONE(T, k)                                                                             \
    do {                                                                                           \
        rp_intp i_ = idx[j + (k)];                                                                 \
        i_ += (i_ >> 63) & len;                                                                    \
        if (__builtin_expect((uint64_t)i_ >= (uint64_t)len, 0))                                    \
            return j + (k);                                                                        \
        memcpy(&o[j + (k)], src + i_ * stride, sizeof(T));                                         \
    } while (0)
#define TAKE_LOOP(T)                                                                               \
    static rp_intp take_##T(const char *src, rp_intp len, rp_intp stride, const rp_intp *idx,     \
                            rp_intp n, char *out)                                                  \
    {                                                                                              \
        T *o = (T *)(void *)out;                                                                   \
        rp_intp j = 0;                                                                             \
        for (; j + 4 <= n; j += 4) {                                                               \
            TAKE_ONE(T, 0);                                                                        \
            TAKE_ONE(T, 1);                                                                        \
            TAKE_ONE(T, 2);                                                                        \
            TAKE_ONE(T, 3);                                                                        \
        }                                                                                          \
        for (; j < n; j++)                                                                         \
            TAKE_ONE(T, 0);                                                                        \
        return n;                                                                                  \
    }
TAKE_LOOP(uint8_t)
TAKE_LOOP(uint16_t)
TAKE_LOOP(uint32_t)
TAKE_LOOP(uint64_t)

static rp_intp take_rows(const char *src, rp_intp len, rp_intp stride, const rp_intp *idx,
                         rp_intp n, size_t row, char *out)
{
    for (rp_intp j = 0; j < n; j++, out += row) {
        rp_intp i = idx[j];
        i += i < 0 ? len : 0;
        if ((size_t)i >= (size_t)len)
            return j;
        memcpy(out, src + i * stride, row);
    }
    return n;
}

static rp_intp take_serial(const char *src, rp_intp len, rp_intp stride, size_t row,
                           const rp_intp *idx, rp_intp n, char *out)
{
    switch (row) {
    case 1: return take_uint8_t(src, len, stride, idx, n, out);
    case 2: return take_uint16_t(src, len, stride, idx, n, out);
    case 4: return take_uint32_t(src, len, stride, idx, n, out);
    case 8: return take_uint64_t(src, len, stride, idx, n, out);
    default: return take_rows(src, len, stride, idx, n, row, out);
    }
}

/* A random gather waits on cache misses, and one core has only so many in
 * flight: a second core doubles them (1 Mi float64, 2.0 -> ~1.1 ms). The
 * cost is taken as ~1 ns an index plus the bytes at ~16 GB/s; the pool's
 * hand-off (a few us) pays from ~16 us of it. Each task is a fixed range of
 * indices, so the result does not depend on the thread count. */
#define TAKE_PAR_NS 16384
#define TAKE_TASK_NS 4096

typedef struct {
    const char *src;
    rp_intp len, stride;
    size_t row;
    const rp_intp *idx;
    rp_intp n, per;
    char *out;
    _Atomic rp_intp bad; /* the first index out of bounds (n: none) */
} take_job;

static void take_tasks(void *ctx, rp_intp begin, rp_intp end)
{
    take_job *j = ctx;
    rp_intp lo = begin * j->per, hi = end * j->per < j->n ? end * j->per : j->n;
    if (lo >= hi || lo > atomic_load_explicit(&j->bad, memory_order_relaxed))
        return;
    rp_intp done = take_serial(j->src, j->len, j->stride, j->row, j->idx + lo, hi - lo,
                               j->out + (size_t)lo * j->row);
    if (done < hi - lo) { /* keep the earliest: NumPy reports the first in order */
        rp_intp at = lo + done, cur = atomic_load(&j->bad);
        while (at < cur && !atomic_compare_exchange_weak(&j->bad, &cur, at))
            ;
    }
}

rp_intp rp_index_take_first(const char *src, rp_intp len, rp_intp stride, size_t row,
                            const rp_intp *idx, rp_intp n, char *out)
{
    double ns_each = 1.0 + (double)row / 16.0;
    if ((double)n * ns_each < TAKE_PAR_NS || rp_threads_get() <= 1)
        return take_serial(src, len, stride, row, idx, n, out);
    rp_intp per = (rp_intp)(TAKE_TASK_NS / ns_each);
    per = per < 1 ? 1 : per;
    take_job j = {src, len, stride, row, idx, n, per, out, n};
    rp_parallel_blocks((n + per - 1) / per, rp_threads_get(), take_tasks, &j);
    return atomic_load(&j.bad);
}
