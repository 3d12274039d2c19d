/*
 * The allocator: alignment, usable size, recycling of freed blocks (small
 * free lists and the large-buffer cache) and zeroing of recycled blocks.
 */
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>

#include "test.h"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
/* Under ASan the bytes past the request are poisoned, whatever rounding the
 * allocator did, so an overrun of an array is reported. */
static void check_tail_poisoned(const unsigned char *p, size_t n)
{
    CHECKF(n == 0 || !__asan_address_is_poisoned(p + n - 1), "last byte of %zu poisoned", n);
    CHECKF(__asan_address_is_poisoned(p + n), "byte %zu of a %zu-byte block not poisoned", n, n);
}
/* A block waiting in a free list or the cache is poisoned (use after free),
 * all but a small block's first pointer, the list's link. */
static void check_freed_poisoned(const unsigned char *p, size_t n)
{
    if (n > sizeof(void *))
        CHECKF(__asan_address_is_poisoned(p + n - 1), "freed %zu-byte block not poisoned", n);
}
#else
static void check_tail_poisoned(const unsigned char *p, size_t n) { (void)p, (void)n; }
static void check_freed_poisoned(const unsigned char *p, size_t n) { (void)p, (void)n; }
#endif

static int aligned(const void *p) { return ((uintptr_t)p & (RP_ALIGN - 1)) == 0; }

static void check_block(size_t n, int zero)
{
    unsigned char *p = zero ? rp_calloc(n) : rp_alloc(n);
    CHECKF(p && aligned(p), "size %zu", n);
    if (!p)
        return;
    int zeroed = 1;
    for (size_t i = 0; zero && i < n; i++)
        zeroed &= p[i] == 0;
    CHECKF(zeroed, "calloc(%zu) not zero", n);
    memset(p, 0xA5, n); /* the whole requested size is usable (ASan checks) */
    check_tail_poisoned(p, n);
    rp_free(p, n);
}

void test_alloc(void)
{
    static const size_t sizes[] = {0,     1,     8,     63,    64,    65,     127,    128,
                                   129,   1000,  4096,  8000,  32767, 32768,  65535,  65536,
                                   65537, 70000, 1 << 19, (1 << 20) - 1, 1 << 20, (1 << 20) + 1,
                                   3 << 20};
    for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++)
        for (int zero = 0; zero <= 1; zero++)
            check_block(sizes[i], zero);

    /* A freed block comes back for the next request of its size class
     * (small lists below 64 KiB, the large cache from 128 KiB; malloc decides
     * in between), and calloc clears what the previous owner left in it. */
    for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
        size_t n = sizes[i] ? sizes[i] : 1;
        unsigned char *p = rp_alloc(n);
        memset(p, 0x5A, n);
        rp_free(p, n);
        check_freed_poisoned(p, n);
        unsigned char *q = rp_calloc(n);
        check_tail_poisoned(q, n);
        if (n < (64 << 10) || n >= (128 << 10))
            CHECKF(q == p, "size %zu not recycled", n);
        int zeroed = 1;
        for (size_t k = 0; k < n; k++)
            zeroed &= q[k] == 0;
        CHECKF(zeroed, "recycled calloc(%zu) not zero", n);
        rp_free(q, n);
    }

    /* A cached block serves a larger request up to its page-rounded
     * capacity (within 1/8): all of that request is mapped and usable, a
     * block just past a page boundary and one just past a huge page's. */
    static const size_t grow[][2] = {{135000, 135168}, {(128 << 10) + 1, (132 << 10)},
                                     {(2 << 20) - 100, 2 << 20}, {(1 << 20) + 5, (1 << 20) + 4096}};
    for (size_t i = 0; i < sizeof grow / sizeof *grow; i++) {
        /* Linux maps top-down: the block's mapping then lands just below
         * this inaccessible one, and a write past its end faults here
         * rather than landing in a neighbour mapping */
        void *guard = mmap(NULL, 1 << 16, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        unsigned char *p = rp_alloc(grow[i][0]);
        rp_free(p, grow[i][0]);
        unsigned char *q = rp_alloc(grow[i][1]);
        CHECKF(q == p, "block of %zu not reused for %zu", grow[i][0], grow[i][1]);
        memset(q, 0xC3, grow[i][1]);
        check_tail_poisoned(q, grow[i][1]);
        rp_free(q, grow[i][1]);
        if (guard != MAP_FAILED)
            munmap(guard, 1 << 16);
    }

    /* Many live blocks of one class: all distinct, all usable. */
    enum { LIVE = 100 };
    unsigned char *live[LIVE];
    for (int i = 0; i < LIVE; i++) {
        live[i] = rp_alloc(100);
        memset(live[i], i, 100);
    }
    int intact = 1;
    for (int i = 0; i < LIVE; i++)
        for (int k = 0; k < 100; k++)
            intact &= live[i][k] == (unsigned char)i;
    CHECK(intact);
    for (int i = 0; i < LIVE; i++)
        rp_free(live[i], 100);
    rp_alloc_release_cache();
    check_block(100, 1);
}
