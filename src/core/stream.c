/*
 * Non-temporal stores for outputs that do not fit in the cache.
 *
 * A normal store first reads the line it writes (write-allocate), so
 * `o = a * c` over arrays far larger than the cache moves three bytes per
 * two it needs, and its output evicts data still wanted. Streaming stores
 * skip both. Measured on the reference machine (float64 scale, 2 threads,
 * GB/s of reads + writes): 16 MiB out 95 plain / 77 streamed, 32 MiB 56 /
 * 62, 64 MiB 47 / 56, 128 MiB 43 / 54 -- a loss while the data fits in
 * the last-level cache (32 MiB). Called again on the same buffers, as the
 * benchmark harness does, outputs near the cache's size keep part of
 * themselves cached for the next call's stores, and streaming them was a
 * wash or a loss (2048x2048 float64, 32 MiB out: broadcast_add 2.59-2.73x
 * NumPy plain, 2.22-2.56x streamed); from twice its size on nothing of a
 * plain output survives a pass (4096x4096 float32, 64 MiB out: scale 1.80x
 * -> 2.13-2.29x; float64, 128 MiB: 1.68x -> 1.95-2.00x). Hence the default
 * threshold of twice the last-level cache.
 *
 * The elementwise driver runs a kernel into a small buffer in L1 and
 * streams the buffer out, so no kernel needs a streaming variant.
 */
#include "stream.h"

#include "cpu.h"
#include "env.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

void rp_stream_store(char *dst, const char *src, size_t n)
{
#if defined(__SSE2__)
    size_t head = (16 - ((uintptr_t)dst & 15)) & 15;
    if (head > n)
        head = n;
    memcpy(dst, src, head);
    dst += head;
    src += head;
    n -= head;
    for (; n >= 64; n -= 64, dst += 64, src += 64) {
        __m128i a = _mm_loadu_si128((const __m128i *)(const void *)src);
        __m128i b = _mm_loadu_si128((const __m128i *)(const void *)(src + 16));
        __m128i c = _mm_loadu_si128((const __m128i *)(const void *)(src + 32));
        __m128i d = _mm_loadu_si128((const __m128i *)(const void *)(src + 48));
        _mm_stream_si128((__m128i *)(void *)dst, a);
        _mm_stream_si128((__m128i *)(void *)(dst + 16), b);
        _mm_stream_si128((__m128i *)(void *)(dst + 32), c);
        _mm_stream_si128((__m128i *)(void *)(dst + 48), d);
    }
#endif
    memcpy(dst, src, n);
}

void rp_stream_fence(void)
{
#if defined(__SSE2__)
    _mm_sfence();
#endif
}

static size_t min_bytes;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void init_once(void)
{
    long long v = rp_env_int("RAPTORS_STREAM_BYTES", -1);
    min_bytes = v < 0 ? 2 * rp_cpu_llc_bytes() : v ? (size_t)v : SIZE_MAX;
}

size_t rp_stream_min_bytes(void)
{
    pthread_once(&once, init_once);
    return min_bytes;
}
