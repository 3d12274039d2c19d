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
 * Why not OpenMP: GNU libgomp's workers do not survive fork(); a child that
 * uses a pool its parent started hangs. Here a pthread_atfork handler marks
 * the pool as not started and the child starts its own on first use.
 */
#include "pool.h"

#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <unistd.h>

static struct {
    pthread_mutex_t lock;     /* serialises callers and guards the fields below */
    pthread_mutex_t wake_mu;  /* with wake/done: handing out and collecting jobs */
    pthread_cond_t wake, done;
    int nthreads;             /* requested: the caller counts as one of them */
    int started;              /* worker pthreads running (nthreads - 1 when ready) */
    unsigned long generation; /* bumped per job, so workers see a new one */
    int pending;              /* workers still running the current job */
    rp_block_fn fn;
    void *ctx;
    rp_intp nblocks;
    int nworkers_job;         /* threads taking part in the current job */
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

static void *worker(void *arg)
{
    int id = (int)(intptr_t)arg; /* 1..nthreads-1; the caller is 0 */
    pthread_mutex_lock(&pool.wake_mu);
    /* The generation when this worker was created: a job posted before
     * it first ran is still newer than this, so it is not missed. */
    unsigned long seen = born[id];
    for (;;) {
        while (pool.generation == seen)
            pthread_cond_wait(&pool.wake, &pool.wake_mu);
        seen = pool.generation;
        int T = pool.nworkers_job;
        pthread_mutex_unlock(&pool.wake_mu);
        if (id < T)
            run_share(id, T);
        pthread_mutex_lock(&pool.wake_mu);
        if (id < T && --pool.pending == 0)
            pthread_cond_signal(&pool.done);
    }
    return NULL;
}

static int default_threads(void)
{
    const char *env = getenv("RAPTORS_THREADS");
    if (env && *env) {
        int n = atoi(env);
        if (n >= 1)
            return n > RP_MAX_THREADS ? RP_MAX_THREADS : n;
    }
#ifdef CPU_COUNT
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0) {
        int n = CPU_COUNT(&set);
        return n < 1 ? 1 : n > RP_MAX_THREADS ? RP_MAX_THREADS : n;
    }
#endif
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > RP_MAX_THREADS ? RP_MAX_THREADS : (int)n;
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
    pool.pending = 0;
}

static pthread_once_t once = PTHREAD_ONCE_INIT;
static void init_once(void)
{
    pool.nthreads = default_threads();
    pthread_atfork(NULL, NULL, after_fork_child);
}

int rp_threads_get(void)
{
    pthread_once(&once, init_once);
    return pool.nthreads;
}

void rp_threads_set(int n)
{
    pthread_once(&once, init_once);
    pthread_mutex_lock(&pool.lock);
    pool.nthreads = n < 1 ? 1 : n > RP_MAX_THREADS ? RP_MAX_THREADS : n;
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
        pthread_mutex_lock(&pool.wake_mu);
        born[pool.started + 1] = pool.generation;
        pthread_mutex_unlock(&pool.wake_mu);
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
    pthread_mutex_lock(&pool.wake_mu);
    pool.fn = fn;
    pool.ctx = ctx;
    pool.nblocks = nblocks;
    pool.nworkers_job = T;
    pool.pending = T - 1;
    pool.generation++;
    pthread_cond_broadcast(&pool.wake);
    pthread_mutex_unlock(&pool.wake_mu);

    run_share(0, T);

    pthread_mutex_lock(&pool.wake_mu);
    while (pool.pending > 0)
        pthread_cond_wait(&pool.done, &pool.wake_mu);
    pthread_mutex_unlock(&pool.wake_mu);
    pthread_mutex_unlock(&pool.lock);
    return T;
}
