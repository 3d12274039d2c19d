/*
 * Aligned allocation for array data, with a cache of large buffers.
 *
 * A fresh 32 MiB result costs ~8,000 page faults (4 ms here) before a single
 * element is written: as much as the arithmetic that fills it. Small blocks
 * are recycled by malloc already; large ones (from 128 KiB, glibc's first
 * mmap threshold) go back to the OS on free or with the heap's trimming. So
 * large blocks are mapped here (from 1 MiB asking for transparent huge
 * pages, which cut the faults 512-fold where the kernel grants them), and on
 * free they wait in a small cache for the next allocation of about the same
 * size.
 *
 * The cache is bounded (RAPTORS_CACHE_MB, default 256; 0 disables it) and
 * a block unused for TRIM_AFTER seconds is unmapped by the next call that
 * touches the cache, or by a reaper thread that runs only while the cache
 * holds something.
 *
 * Small blocks (below SMALL_MAX) come from per-size-class free lists: the
 * result of `a + b` on 16 elements spent ~900 instructions in glibc's
 * memalign and free, twice what the rest of its allocation and the
 * arithmetic cost. A class keeps at most SMALL_KEEP_BYTES (and at most
 * SMALL_KEEP_MAX blocks) of free blocks; the rest go back to malloc.
 */
#include "raptors/raptors.h"

#include "env.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

/* Under AddressSanitizer the bytes of a block beyond what was asked for
 * (size-class and page rounding, the tail of a mapping) are poisoned, and so
 * is a block waiting in a free list or the cache: an overrun of an array or a
 * use after rp_free is then reported, as it would be with plain malloc. The
 * shadow of a mapping is cleared before it is unmapped, so a later mapping
 * at the same address starts clean. */
#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#define POISON(p, n) ASAN_POISON_MEMORY_REGION(p, n)
#define UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION(p, n)
#else
#define POISON(p, n) ((void)(p), (void)(n))
#define UNPOISON(p, n) ((void)(p), (void)(n))
#endif

/* Below this, malloc's own free lists reuse memory. Above, glibc maps
 * and unmaps a block per call or trims the heap it came from (128 KiB is
 * its first mmap threshold), and every call then pays the page faults
 * again: an argsort of 20000 float64 took 0.17 ms where 16384 took 0.07. */
#define LARGE ((size_t)1 << 17)
#define HUGE_MIN ((size_t)1 << 20) /* blocks asking the kernel for huge pages */
#define HUGE_PAGE ((size_t)2 << 20)
#define CACHE_SLOTS 32
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

#define SMALL_CLASSES 11 /* 64 B, 128 B, ... 64 KiB */
#define SMALL_MAX ((size_t)RP_ALIGN << (SMALL_CLASSES - 1))
#define SMALL_KEEP_BYTES ((size_t)256 << 10)
#define SMALL_KEEP_MAX 32

typedef struct small_block {
    struct small_block *next;
} small_block;

/* The lists are guarded by a spinlock: its critical sections are a few
 * loads and stores, and a mutex pair cost more than the rest of a small
 * allocation (~100 instructions). */
static struct {
    atomic_flag busy;
    small_block *head[SMALL_CLASSES];
    int count[SMALL_CLASSES];
} small = {.busy = ATOMIC_FLAG_INIT};

static void small_lock(void)
{
    while (atomic_flag_test_and_set_explicit(&small.busy, memory_order_acquire))
        sched_yield();
}

static void small_unlock(void) { atomic_flag_clear_explicit(&small.busy, memory_order_release); }

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
        long long mb = rp_env_int("RAPTORS_CACHE_MB", 256);
        cache.limit = mb > 0 ? (size_t)mb << 20 : 0;
        cache.limit_read = true;
    }
    return cache.limit;
}

static void unmap(char *data)
{
    header *h = head_of(data);
    void *map = h->map;
    size_t map_size = h->map_size;
    UNPOISON(map, map_size);
    munmap(map, map_size);
}

/* The bytes of a large block past `nbytes`, up to the end of its mapping. */
static void poison_large_tail(char *data, size_t nbytes)
{
    header *h = head_of(data);
    POISON(data + nbytes, (size_t)((char *)h->map + h->map_size - (data + nbytes)));
    (void)h;
}

static char *map_large(size_t nbytes)
{
    /* From HUGE_MIN, over-map by a huge page so the data can start on a
     * 2 MiB boundary, where the kernel can back it with huge pages; below,
     * a first touch would zero a whole huge page for a smaller block. */
    const bool huge = nbytes >= HUGE_MIN;
    /* room for the capacity the cache will hand out, not only nbytes */
    const size_t capacity = (nbytes + 4095) & ~(size_t)4095, need = capacity + RP_ALIGN;
    size_t map_size = huge ? (need + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE + HUGE_PAGE
                           : (need + 4095) & ~(size_t)4095;
    char *map = mmap(NULL, map_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (map == MAP_FAILED)
        return NULL;
    char *start = huge ? (char *)(((uintptr_t)map + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1))
                       : map;
#ifdef MADV_HUGEPAGE
    if (huge)
        madvise(start, map_size - (size_t)(start - map), MADV_HUGEPAGE);
#endif
    char *data = start + RP_ALIGN;
    header *h = head_of(data);
    h->map = map;
    h->map_size = map_size;
    /* The mapping is larger (alignment slack), but the cache matches blocks
     * by what was asked for: the next request of the same size must fit. */
    h->capacity = capacity;
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
    atomic_flag_clear(&small.busy);
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
        UNPOISON(data, nbytes);
        poison_large_tail(data, nbytes);
        if (zero)
            memset(data, 0, nbytes);
        return data;
    }
    data = map_large(nbytes); /* fresh anonymous pages are already zero */
    if (data)
        poison_large_tail(data, nbytes);
    return data;
}

static void free_large(char *data)
{
    pthread_once(&once, init_once);
    size_t cap = head_of(data)->capacity;
    poison_large_tail(data, 0);
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

/* ---- small blocks ---- */

/* The class whose blocks (RP_ALIGN << c bytes) hold nbytes (< SMALL_MAX). */
static int small_class(size_t nbytes)
{
    size_t units = nbytes <= RP_ALIGN ? 1 : (nbytes + RP_ALIGN - 1) / RP_ALIGN;
    return units == 1 ? 0 : (int)(sizeof(unsigned long) * 8) - __builtin_clzl(units - 1);
}

static int small_keep(int c)
{
    size_t n = SMALL_KEEP_BYTES / ((size_t)RP_ALIGN << c);
    return n > SMALL_KEEP_MAX ? SMALL_KEEP_MAX : (int)n;
}

static void *alloc_small(size_t nbytes)
{
    pthread_once(&once, init_once);
    int c = small_class(nbytes);
    size_t size = (size_t)RP_ALIGN << c;
    small_lock();
    small_block *b = small.head[c];
    if (b) {
        UNPOISON(b, size);
        small.head[c] = b->next;
        small.count[c]--;
    }
    small_unlock();
    if (!b)
        b = aligned_alloc(RP_ALIGN, size);
    if (b)
        POISON((char *)b + nbytes, size - nbytes);
    return b;
}

static void free_small(void *p, size_t nbytes)
{
    int c = small_class(nbytes);
    small_lock();
    if (small.count[c] < small_keep(c)) {
        small_block *b = p;
        UNPOISON(p, sizeof *b);
        b->next = small.head[c];
        small.head[c] = b;
        small.count[c]++;
        /* The link stays readable: LeakSanitizer ignores pointers held in
         * poisoned memory and would report the rest of the list leaked. */
        POISON((char *)p + sizeof *b, ((size_t)RP_ALIGN << c) - sizeof *b);
        p = NULL;
    }
    small_unlock();
    if (p)
        UNPOISON(p, (size_t)RP_ALIGN << c);
    free(p);
}

static void release_small(void)
{
    small_lock();
    for (int c = 0; c < SMALL_CLASSES; c++) {
        while (small.head[c]) {
            small_block *b = small.head[c];
            UNPOISON(b, (size_t)RP_ALIGN << c);
            small.head[c] = b->next;
            free(b);
        }
        small.count[c] = 0;
    }
    small_unlock();
}

/* ---- the API ---- */

/* Round up so aligned_alloc's size is a multiple of the alignment; zero-byte
 * requests still get a unique pointer, as malloc(0) may not. */
static size_t padded(size_t nbytes)
{
    return (nbytes + RP_ALIGN - 1) / RP_ALIGN * RP_ALIGN + (nbytes == 0) * RP_ALIGN;
}

static void *alloc_medium(size_t nbytes)
{
    char *p = aligned_alloc(RP_ALIGN, padded(nbytes));
    if (p)
        POISON(p + nbytes, padded(nbytes) - nbytes);
    return p;
}

void *rp_alloc(size_t nbytes)
{
    if (nbytes > (size_t)PTRDIFF_MAX - 2 * HUGE_PAGE)
        return NULL;
    if (nbytes >= LARGE)
        return alloc_large(nbytes, false);
    if (nbytes < SMALL_MAX)
        return alloc_small(nbytes);
    return alloc_medium(nbytes);
}

void *rp_calloc(size_t nbytes)
{
    if (nbytes > (size_t)PTRDIFF_MAX - 2 * HUGE_PAGE)
        return NULL;
    if (nbytes >= LARGE)
        return alloc_large(nbytes, true);
    void *p = nbytes < SMALL_MAX ? alloc_small(nbytes) : alloc_medium(nbytes);
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
    else if (nbytes < SMALL_MAX)
        free_small(p, nbytes);
    else {
        UNPOISON(p, padded(nbytes));
        free(p);
    }
}

void rp_alloc_release_cache(void)
{
    release_small();
    pthread_mutex_lock(&cache.mu);
    for (int i = 0; i < cache.n; i++)
        unmap(cache.slots[i].data);
    cache.n = 0;
    cache.bytes = 0;
    pthread_mutex_unlock(&cache.mu);
}
