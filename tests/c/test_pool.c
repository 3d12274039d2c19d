/*
 * The thread pool: every block of every job runs exactly once, on at most
 * the requested threads, whether the workers are spinning or asleep when a
 * job arrives and whether the caller finishes first or last.
 */
#include <stdatomic.h>
#include <time.h>

#include "pool.h"
#include "test.h"

enum { MAX_BLOCKS = 64 };

typedef struct {
    _Atomic int runs[MAX_BLOCKS];
    _Atomic int calls;
    long slow_ns; /* blocks past the first half sleep this long */
    rp_intp nblocks;
} job;

static void nap(long ns)
{
    struct timespec ts = {ns / 1000000000L, ns % 1000000000L};
    nanosleep(&ts, NULL);
}

static void count_blocks(void *ctx, rp_intp begin, rp_intp end)
{
    job *j = ctx;
    atomic_fetch_add(&j->calls, 1);
    for (rp_intp b = begin; b < end; b++) {
        atomic_fetch_add(&j->runs[b], 1);
        if (j->slow_ns && 2 * b >= j->nblocks)
            nap(j->slow_ns);
    }
}

/* One job: each block once, one call per taking-part thread. */
static void check_job(rp_intp nblocks, int max_threads, long slow_ns, long gap_ns)
{
    job j = {.slow_ns = slow_ns, .nblocks = nblocks};
    for (int b = 0; b < MAX_BLOCKS; b++)
        atomic_init(&j.runs[b], 0);
    atomic_init(&j.calls, 0);
    if (gap_ns)
        nap(gap_ns);
    int used = rp_parallel_blocks(nblocks, max_threads, count_blocks, &j);
    int once = 1;
    for (rp_intp b = 0; b < MAX_BLOCKS; b++)
        once &= atomic_load(&j.runs[b]) == (b < nblocks);
    int want = rp_threads_get() < max_threads ? rp_threads_get() : max_threads;
    CHECKF(once, "nblocks %ld, max %d, threads %d", (long)nblocks, max_threads, rp_threads_get());
    CHECKF(used >= 1 && used <= want && (nblocks == 0 || used <= nblocks),
           "used %d of %d for %ld blocks", used, want, (long)nblocks);
    CHECK(atomic_load(&j.calls) == (nblocks > 0 ? used : 0));
}

void test_pool(void)
{
    int saved_threads = rp_threads_get();
    long saved_spin = rp_threads_spin_us();
    const long spins[] = {0, 200, 5};
    for (int s = 0; s < 3; s++) {
        rp_threads_set_spin_us(spins[s]);
        for (int threads = 1; threads <= 4; threads++) {
            rp_threads_set(threads);
            /* back to back: workers catch jobs while spinning (or not) */
            for (rp_intp n = 0; n <= 37; n++)
                for (int max = 1; max <= 5; max++)
                    check_job(n, max, 0, 0);
            /* after the spin budget: workers have gone to sleep */
            for (rp_intp n = 1; n <= 9; n += 4)
                check_job(n, RP_MAX_THREADS, 0, 300000);
            /* the caller's share finishes first and waits for a slow worker,
             * past its own spin budget */
            check_job(8, RP_MAX_THREADS, 400000, 0);
        }
    }
    /* many tiny jobs: a lost wake-up would hang here */
    rp_threads_set(2);
    rp_threads_set_spin_us(1);
    for (int i = 0; i < 20000; i++)
        check_job(2, 2, 0, 0);
    rp_threads_set_spin_us(saved_spin);
    rp_threads_set(saved_threads);
}
