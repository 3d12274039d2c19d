/*
 * The thread pool: a fixed set of pthreads that split a range of blocks.
 *
 * Work is given as blocks whose boundaries the caller chose from the problem
 * size alone; the pool only decides which thread runs which blocks. Thread
 * t of T runs the contiguous blocks [t*n/T, (t+1)*n/T):
 *
 *     n = 10 blocks, T = 2:  thread 0: 0-4   thread 1: 5-9
 *     n = 10 blocks, T = 3:  thread 0: 0-2   thread 1: 3-5   thread 2: 6-9
 *
 * A reduction stores one partial per block and combines them in block order
 * afterwards, so its result is the same for every thread count.
 *
 * Hand-off: a job is published by storing a new job word (a sequence
 * number and the job's thread count in one atomic, so a worker never pairs
 * one job's number with another's count). Workers
 * spin on it for RAPTORS_SPIN_US (default 5 ms) after their last job and
 * only then sleep on a condition variable; the caller likewise spins on the
 * pending count before sleeping. Waking a sleeping worker costs ~25 us on
 * the reference machine, a spinning one well under 1 us, and that latency
 * is what decides the smallest array worth splitting (docs/performance.md).
 * Back-to-back calls keep the workers spinning; an idle process sleeps.
 * Why as long as 5 ms (libgomp spins for a similar time): a worker woken
 * from sleep is often placed on its waker's CPU and stays there for
 * milliseconds, so calls a few ms apart ran serially with a 200 us spin
 * (benchmarks/c/pool_vs_openmp.c; docs/performance.md, "Why a pthread
 * pool"). RAPTORS_SPIN_US trades that for idle CPU time.
 * A share no worker has claimed by the time the caller finished its own is
 * run by the caller: a worker that is asleep, or that shares the caller's
 * CPU (as a new thread does at first), costs no waiting. Which thread runs
 * a share never changes a result.
 *
 * Why not OpenMP: GNU libgomp's workers do not survive fork(); a child that
 * uses a pool its parent started hangs. Here a pthread_atfork handler marks
 * the pool as not started and the child starts its own on first use.
 */
#include "pool.h"

#include "cpu_quota.h"
#include "env.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

enum { RP_SPIN_US_DEFAULT = 5000 };

static struct {
    pthread_mutex_t lock;    /* serialises callers */
    pthread_mutex_t wake_mu; /* with wake/done: the sleeping side of the hand-off */
    pthread_cond_t wake, done;
    int nthreads;               /* requested: the caller counts as one of them */
    int started;                /* worker pthreads running */
    _Atomic unsigned long job;  /* JOB_WORD(sequence, threads) of the latest job */
    _Atomic int pending;        /* shares of the current job not finished yet */
    _Atomic int sleepers;       /* workers blocked (or about to block) on wake */
    _Atomic int caller_sleeps;  /* the caller is blocked (or about to) on done */
    _Atomic long spin_ns;       /* how long to spin before sleeping */
    /* Read only by the job's participants, which the caller waits for. */
    rp_block_fn fn;
    void *ctx;
    rp_intp nblocks;
} pool = {
    .lock = PTHREAD_MUTEX_INITIALIZER,
    .wake_mu = PTHREAD_MUTEX_INITIALIZER,
    .wake = PTHREAD_COND_INITIALIZER,
    .done = PTHREAD_COND_INITIALIZER,
};

static unsigned long born[RP_MAX_THREADS];

static void run_share(int t, int T)
{
    rp_intp begin = pool.nblocks * t / T, end = pool.nblocks * (t + 1) / T;
    if (begin < end)
        pool.fn(pool.ctx, begin, end);
}

/* Share t of job `seq` is open while claim[t] == OPEN(seq); whoever moves it
 * to TAKEN(seq) runs it. Tagging by job keeps a worker still on an old job
 * from claiming a share of the next one. */
static _Atomic unsigned long claim[RP_MAX_THREADS];
#define OPEN(seq) ((seq) * 2)
#define TAKEN(seq) ((seq) * 2 + 1)

/* Run share t of job seq unless another thread claimed it first. */
static void take_share(int t, int T, unsigned long seq)
{
    unsigned long open = OPEN(seq);
    if (!atomic_compare_exchange_strong(&claim[t], &open, TAKEN(seq)))
        return;
    run_share(t, T);
    if (atomic_fetch_sub(&pool.pending, 1) == 1 && atomic_load(&pool.caller_sleeps)) {
        pthread_mutex_lock(&pool.wake_mu);
        pthread_cond_signal(&pool.done);
        pthread_mutex_unlock(&pool.wake_mu);
    }
}

#define JOB_WORD(seq, threads) ((seq) << 16 | (unsigned long)(threads))
#define JOB_SEQ(word) ((word) >> 16)
#define JOB_THREADS(word) ((int)((word) & 0xffff))

static inline void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield" ::: "memory");
#endif
}

static long now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long)ts.tv_sec * 1000000000L + ts.tv_nsec;
}

/* Spin until ready(arg) or the spin budget is spent; true if it became ready. */
static int spin_until(int (*ready)(const void *), const void *arg)
{
    long spin = atomic_load_explicit(&pool.spin_ns, memory_order_relaxed);
    if (spin <= 0)
        return 0;
    long t0 = now_ns();
    for (unsigned i = 1;; i++) {
        if (ready(arg))
            return 1;
        cpu_relax();
        if ((i & 63) == 0) {
            if (now_ns() - t0 > spin)
                return 0;
            /* The thread we wait for may share our CPU (a new worker
             * starts beside its creator; other work may crowd it out):
             * let it run rather than burn its time slice. */
            if ((i & 1023) == 0)
                sched_yield();
        }
    }
}

static int job_posted(const void *seen)
{
    return atomic_load_explicit(&pool.job, memory_order_acquire) !=
           *(const unsigned long *)seen;
}

static int job_done(const void *unused)
{
    (void)unused;
    return atomic_load_explicit(&pool.pending, memory_order_acquire) == 0;
}

static unsigned long wait_for_job(unsigned long seen)
{
    unsigned long g;
    if (spin_until(job_posted, &seen))
        return atomic_load_explicit(&pool.job, memory_order_acquire);
    pthread_mutex_lock(&pool.wake_mu);
    atomic_fetch_add(&pool.sleepers, 1);
    /* seq_cst against the caller's publish-then-read-sleepers: either this
     * load sees the new job or the caller sees a sleeper and broadcasts
     * under wake_mu, which this thread holds until it waits. */
    while ((g = atomic_load(&pool.job)) == seen)
        pthread_cond_wait(&pool.wake, &pool.wake_mu);
    atomic_fetch_sub(&pool.sleepers, 1);
    pthread_mutex_unlock(&pool.wake_mu);
    return g;
}

static void *worker(void *arg)
{
    int id = (int)(intptr_t)arg; /* 1..nthreads-1; the caller is 0 */
    /* The job word when this worker was created: a job posted before it
     * first ran is still newer than this, so it is not missed. */
    unsigned long seen = born[id];
    for (;;) {
        seen = wait_for_job(seen);
        int T = JOB_THREADS(seen);
        /* Outside this job: the caller does not wait for this thread, and
         * the job's fields may already be the next job's. */
        if (id >= T)
            continue;
        take_share(id, T, JOB_SEQ(seen));
    }
    return NULL;
}

static int clamp_threads(long n)
{
    return n < 1 ? 1 : n > RP_MAX_THREADS ? RP_MAX_THREADS : (int)n;
}

/*
 * Without RAPTORS_THREADS, follow what other compute pools follow, so that
 * raptors beside them (or inside a Dask worker) does not oversubscribe:
 * OMP_NUM_THREADS (its first entry; Dask's workers and many schedulers set
 * it to 1), else the CPUs the affinity mask allows, capped by the
 * container's CPU quota rounded up (cpu_quota.c).
 */
static int default_threads(void)
{
    long long n = rp_env_int("RAPTORS_THREADS", 0);
    if (n >= 1)
        return clamp_threads((long)n);
    n = rp_env_int("OMP_NUM_THREADS", 0); /* strtoll stops at a ',' */
    if (n >= 1)
        return clamp_threads((long)n);
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
#ifdef CPU_COUNT
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0)
        cpus = CPU_COUNT(&set);
#endif
    double quota = rp_cpu_quota();
    if (quota > 0 && quota < (double)cpus) {
        long q = (long)quota;
        cpus = q + (quota > (double)q);
    }
    return clamp_threads(cpus);
}

static void after_fork_child(void)
{
    /* Only the forking thread exists in the child: forget the workers and
     * reinitialise the locks they may have held. */
    pthread_mutex_init(&pool.lock, NULL);
    pthread_mutex_init(&pool.wake_mu, NULL);
    pthread_cond_init(&pool.wake, NULL);
    pthread_cond_init(&pool.done, NULL);
    pool.started = 0;
    atomic_store(&pool.pending, 0);
    atomic_store(&pool.sleepers, 0);
    atomic_store(&pool.caller_sleeps, 0);
}

static pthread_once_t once = PTHREAD_ONCE_INIT;
static void init_once(void)
{
    pool.nthreads = default_threads();
    long long us = rp_env_int("RAPTORS_SPIN_US", RP_SPIN_US_DEFAULT);
    atomic_store_explicit(&pool.spin_ns, us > 0 ? us * 1000L : 0, memory_order_relaxed);
    pthread_atfork(NULL, NULL, after_fork_child);
}

int rp_threads_get(void)
{
    pthread_once(&once, init_once);
    return pool.nthreads;
}

long rp_threads_spin_us(void)
{
    pthread_once(&once, init_once);
    return atomic_load_explicit(&pool.spin_ns, memory_order_relaxed) / 1000;
}

void rp_threads_set_spin_us(long us)
{
    pthread_once(&once, init_once);
    atomic_store_explicit(&pool.spin_ns, us > 0 ? us * 1000L : 0, memory_order_relaxed);
}

void rp_threads_set(int n)
{
    pthread_once(&once, init_once);
    pthread_mutex_lock(&pool.lock);
    pool.nthreads = clamp_threads(n);
    pthread_mutex_unlock(&pool.lock);
}

/* Start workers up to nthreads - 1; returns how many threads can take part. */
static int ensure_workers(void)
{
    while (pool.started < pool.nthreads - 1) {
        pthread_t th;
        pthread_attr_t attr;
        pthread_attr_init(&attr);
        pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
        born[pool.started + 1] = atomic_load(&pool.job);
        int err = pthread_create(&th, &attr, worker, (void *)(intptr_t)(pool.started + 1));
        pthread_attr_destroy(&attr);
        if (err)
            break;
        pool.started++;
    }
    int T = pool.started + 1;
    return T < pool.nthreads ? T : pool.nthreads;
}

int rp_parallel_blocks(rp_intp nblocks, int max_threads, rp_block_fn fn, void *ctx)
{
    if (nblocks <= 0)
        return 1;
    pthread_once(&once, init_once);
    int want = pool.nthreads < max_threads ? pool.nthreads : max_threads;
    if (want > nblocks)
        want = (int)nblocks;
    /* Serial when asked, or when another caller holds the pool (a nested
     * or concurrent call runs on its own thread rather than wait). */
    if (want <= 1 || pthread_mutex_trylock(&pool.lock) != 0) {
        fn(ctx, 0, nblocks);
        return 1;
    }
    int T = ensure_workers();
    if (T > want)
        T = want;
    if (T <= 1) {
        pthread_mutex_unlock(&pool.lock);
        fn(ctx, 0, nblocks);
        return 1;
    }
    pool.fn = fn;
    pool.ctx = ctx;
    pool.nblocks = nblocks;
    atomic_store(&pool.pending, T - 1);
    unsigned long seq = JOB_SEQ(atomic_load_explicit(&pool.job, memory_order_relaxed)) + 1;
    for (int t = 1; t < T; t++)
        atomic_store_explicit(&claim[t], OPEN(seq), memory_order_relaxed);
    atomic_store(&pool.job, JOB_WORD(seq, T)); /* seq_cst: publishes the fields above */
    if (atomic_load(&pool.sleepers) > 0) {
        pthread_mutex_lock(&pool.wake_mu);
        pthread_cond_broadcast(&pool.wake);
        pthread_mutex_unlock(&pool.wake_mu);
    }

    run_share(0, T);
    /* Shares no worker has started yet (it may be asleep, or crowded out
     * of its CPU) are run here rather than waited for. */
    for (int t = 1; t < T; t++)
        take_share(t, T, seq);

    if (!spin_until(job_done, NULL)) {
        pthread_mutex_lock(&pool.wake_mu);
        atomic_store(&pool.caller_sleeps, 1);
        while (atomic_load(&pool.pending) > 0)
            pthread_cond_wait(&pool.done, &pool.wake_mu);
        atomic_store(&pool.caller_sleeps, 0);
        pthread_mutex_unlock(&pool.wake_mu);
    }
    pthread_mutex_unlock(&pool.lock);
    return T;
}
