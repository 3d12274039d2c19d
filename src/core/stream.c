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

#include "env.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

static size_t llc_bytes, min_bytes;
static pthread_once_t once = PTHREAD_ONCE_INIT;

/* The largest data or unified cache of CPU 0 in sysfs ("32768K"), or 0.
 * sysfs first: glibc's sysconf reports the whole socket's L3 on AMD parts
 * (384 MiB on the reference machine, whose cores share 32 MiB). */
static size_t sysfs_llc(void)
{
    size_t best = 0;
    for (int i = 0; i < 8; i++) {
        char path[80], type[32] = "", size[32] = "";
        snprintf(path, sizeof path, "/sys/devices/system/cpu/cpu0/cache/index%d/type", i);
        FILE *f = fopen(path, "r");
        if (!f)
            continue;
        int ok = fscanf(f, "%31s", type) == 1;
        fclose(f);
        snprintf(path, sizeof path, "/sys/devices/system/cpu/cpu0/cache/index%d/size", i);
        f = ok && strcmp(type, "Instruction") != 0 ? fopen(path, "r") : NULL;
        if (!f)
            continue;
        ok = fscanf(f, "%31s", size) == 1;
        fclose(f);
        char *end;
        unsigned long long v = ok ? strtoull(size, &end, 10) : 0;
        if (v && (*end == 'K' || *end == 'k'))
            v <<= 10;
        else if (v && (*end == 'M' || *end == 'm'))
            v <<= 20;
        if (v > best)
            best = (size_t)v;
    }
    return best;
}

static void init_once(void)
{
    long llc = (long)sysfs_llc();
#ifdef _SC_LEVEL3_CACHE_SIZE
    if (llc <= 0)
        llc = sysconf(_SC_LEVEL3_CACHE_SIZE);
    if (llc <= 0)
        llc = sysconf(_SC_LEVEL2_CACHE_SIZE);
#endif
    llc_bytes = llc > 0 ? (size_t)llc : (size_t)32 << 20;
    long long v = rp_env_int("RAPTORS_STREAM_BYTES", -1);
    min_bytes = v < 0 ? 2 * llc_bytes : v ? (size_t)v : SIZE_MAX;
}

size_t rp_llc_bytes(void)
{
    pthread_once(&once, init_once);
    return llc_bytes;
}

size_t rp_stream_min_bytes(void)
{
    pthread_once(&once, init_once);
    return min_bytes;
}
