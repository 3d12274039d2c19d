/*
 * Aligned allocation for array data, with a cache of large buffers.
 *
 * A fresh 32 MiB result costs ~8,000 page faults (4 ms here) before a single
 * element is written: as much as the arithmetic that fills it. Small blocks
 * are recycled by malloc already; large ones go back to the OS on free. So
 * large blocks are mapped here (asking for transparent huge pages, which cut
 * the faults 512-fold where the kernel grants them), and on free they wait
 * in a small cache for the next allocation of about the same size.
 *
 * The cache is bounded (RAPTORS_CACHE_MB, default 256; 0 disables it) and
 * a block unused for TRIM_AFTER seconds is unmapped by the next call that
 * touches the cache, or by a reaper thread that runs only while the cache
 * holds something.
 */
#include "raptors/raptors.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

/* Below this, malloc's own free lists already reuse memory. */
#define LARGE ((size_t)1 << 20)
#define HUGE_PAGE ((size_t)2 << 20)
#define CACHE_SLOTS 16
#define TRIM_AFTER 1.0 /* seconds */

/* Large blocks carry their mapping in a header one cache line long, so the
 * data stays RP_ALIGN-aligned and free() needs no lookup. */
typedef struct {
    void *map;
    size_t map_size; /* what mmap returned */
    size_t capacity; /* bytes usable from the data pointer (the request, page-rounded) */
} header;
_Static_assert(sizeof(header) <= RP_ALIGN, "header must fit in one cache line");

typedef struct {
    char *data;
    double freed_at;
} slot;

static struct {
    pthread_mutex_t mu;
    slot slots[CACHE_SLOTS];
    int n;
    size_t bytes, limit;
    bool limit_read, reaper_running;
} cache = {.mu = PTHREAD_MUTEX_INITIALIZER};

static header *head_of(char *data) { return (header *)(data - RP_ALIGN); }

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static size_t cache_limit(void)
{
    if (!cache.limit_read) {
        const char *env = getenv("RAPTORS_CACHE_MB");
        long mb = env && *env ? atol(env) : 256;
        cache.limit = mb > 0 ? (size_t)mb << 20 : 0;
        cache.limit_read = true;
    }
    return cache.limit;
}

static void unmap(char *data)
{
    header *h = head_of(data);
    munmap(h->map, h->map_size);
}

static char *map_large(size_t nbytes)
{
    /* Over-map by a huge page so the data can start on a 2 MiB boundary,
     * where the kernel can back it with huge pages. */
    size_t need = nbytes + RP_ALIGN;
    size_t map_size = (need + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE + HUGE_PAGE;
    char *map = mmap(NULL, map_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (map == MAP_FAILED)
        return NULL;
    char *start = (char *)(((uintptr_t)map + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1));
#ifdef MADV_HUGEPAGE
    madvise(start, map_size - (size_t)(start - map), MADV_HUGEPAGE);
#endif
    char *data = start + RP_ALIGN;
    header *h = head_of(data);
    h->map = map;
    h->map_size = map_size;
    /* The mapping is larger (alignment slack), but the cache matches blocks
     * by what was asked for: the next request of the same size must fit. */
    h->capacity = (nbytes + 4095) & ~(size_t)4095;
    return data;
}

/* Drop blocks idle for too long. Caller holds cache.mu. */
static void trim_locked(double t)
{
    int k = 0;
    for (int i = 0; i < cache.n; i++) {
        if (t - cache.slots[i].freed_at > TRIM_AFTER) {
            cache.bytes -= head_of(cache.slots[i].data)->capacity;
            unmap(cache.slots[i].data);
        } else
            cache.slots[k++] = cache.slots[i];
    }
    cache.n = k;
}

static void *reaper(void *arg)
{
    (void)arg;
    for (;;) {
        struct timespec ts = {0, 250 * 1000 * 1000};
        nanosleep(&ts, NULL);
        pthread_mutex_lock(&cache.mu);
        trim_locked(now());
        if (cache.n == 0) {
            cache.reaper_running = false;
            pthread_mutex_unlock(&cache.mu);
            return NULL;
        }
        pthread_mutex_unlock(&cache.mu);
    }
}

static void after_fork_child(void)
{
    pthread_mutex_init(&cache.mu, NULL);
    cache.reaper_running = false;
}

static pthread_once_t once = PTHREAD_ONCE_INIT;
static void init_once(void) { pthread_atfork(NULL, NULL, after_fork_child); }

/* A cached block whose capacity fits nbytes without wasting over 1/8. */
static char *take_cached(size_t nbytes)
{
    char *found = NULL;
    pthread_mutex_lock(&cache.mu);
    int best = -1;
    for (int i = 0; i < cache.n; i++) {
        size_t cap = head_of(cache.slots[i].data)->capacity;
        if (cap >= nbytes && cap - nbytes <= nbytes / 8 &&
            (best < 0 || cap < head_of(cache.slots[best].data)->capacity))
            best = i;
    }
    if (best >= 0) {
        found = cache.slots[best].data;
        cache.bytes -= head_of(found)->capacity;
        cache.slots[best] = cache.slots[--cache.n];
    }
    pthread_mutex_unlock(&cache.mu);
    return found;
}

static void *alloc_large(size_t nbytes, bool zero)
{
    char *data = take_cached(nbytes);
    if (data) {
        if (zero)
            memset(data, 0, nbytes);
        return data;
    }
    return map_large(nbytes); /* fresh anonymous pages are already zero */
}

static void free_large(char *data)
{
    pthread_once(&once, init_once);
    size_t cap = head_of(data)->capacity;
    pthread_mutex_lock(&cache.mu);
    size_t limit = cache_limit();
    double t = now();
    trim_locked(t);
    if (cap > limit) {
        pthread_mutex_unlock(&cache.mu);
        unmap(data);
        return;
    }
    /* Make room: evict the oldest blocks. */
    while (cache.n > 0 && (cache.n == CACHE_SLOTS || cache.bytes + cap > limit)) {
        int oldest = 0;
        for (int i = 1; i < cache.n; i++)
            if (cache.slots[i].freed_at < cache.slots[oldest].freed_at)
                oldest = i;
        cache.bytes -= head_of(cache.slots[oldest].data)->capacity;
        unmap(cache.slots[oldest].data);
        cache.slots[oldest] = cache.slots[--cache.n];
    }
    cache.slots[cache.n++] = (slot){data, t};
    cache.bytes += cap;
    if (!cache.reaper_running) {
        pthread_t th;
        pthread_attr_t attr;
        pthread_attr_init(&attr);
        pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
        cache.reaper_running = pthread_create(&th, &attr, reaper, NULL) == 0;
        pthread_attr_destroy(&attr);
    }
    pthread_mutex_unlock(&cache.mu);
}

/* Round up so aligned_alloc's size is a multiple of the alignment; zero-byte
 * requests still get a unique pointer, as malloc(0) may not. */
static size_t padded(size_t nbytes)
{
    return (nbytes + RP_ALIGN - 1) / RP_ALIGN * RP_ALIGN + (nbytes == 0) * RP_ALIGN;
}

void *rp_alloc(size_t nbytes)
{
    if (nbytes > (size_t)PTRDIFF_MAX - 2 * HUGE_PAGE)
        return NULL;
    if (nbytes >= LARGE)
        return alloc_large(nbytes, false);
    return aligned_alloc(RP_ALIGN, padded(nbytes));
}

void *rp_calloc(size_t nbytes)
{
    if (nbytes > (size_t)PTRDIFF_MAX - 2 * HUGE_PAGE)
        return NULL;
    if (nbytes >= LARGE)
        return alloc_large(nbytes, true);
    void *p = aligned_alloc(RP_ALIGN, padded(nbytes));
    if (p)
        memset(p, 0, nbytes);
    return p;
}

void rp_free(void *p, size_t nbytes)
{
    if (!p)
        return;
    if (nbytes >= LARGE)
        free_large(p);
    else
        free(p);
}

void rp_alloc_release_cache(void)
{
    pthread_mutex_lock(&cache.mu);
    for (int i = 0; i < cache.n; i++)
        unmap(cache.slots[i].data);
    cache.n = 0;
    cache.bytes = 0;
    pthread_mutex_unlock(&cache.mu);
}
