/*
 * Memory bandwidth probe (see bandwidth.h).
 *
 * The loops are written with several independent accumulators and wide
 * vectors so that, for working sets that fit in L1/L2, the probe measures
 * the memory hierarchy and not an add-latency chain: a single scalar
 * accumulator would cap a read at one 8-byte add per ~3 cycles, far below
 * what L1 delivers. On x86-64 the same loops are also compiled for AVX2 and
 * picked when the CPU has it, because SSE2's 16-byte loads cannot reach
 * L1's bandwidth on current cores.
 */
#include "bandwidth.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Each sample moves at least this much, so even an L1-sized working set is
 * timed over tens of microseconds, far above the clock's granularity. */
#define BW_MIN_BYTES_PER_SAMPLE ((size_t)16 << 20)
/* Chunks are whole multiples of one unrolled loop step (4 x 32 bytes, two
 * steps), so the loops need no remainder handling. */
#define BW_GRAIN 256

static const char *const mode_names[RP_BW_NMODES] = {"read", "scale", "copy"};

int rp_bw_mode_from_name(const char *name)
{
    for (int m = 0; name && m < RP_BW_NMODES; m++)
        if (strcmp(name, mode_names[m]) == 0)
            return m;
    return -1;
}

const char *rp_bw_mode_name(rp_bw_mode mode)
{
    return (unsigned)mode < RP_BW_NMODES ? mode_names[mode] : "unknown";
}

/* ---- the streaming loops ------------------------------------------------ */

#if defined(__GNUC__)
typedef double bw_vec __attribute__((vector_size(32), aligned(32)));
#define BW_LANES 4

/* Chunks start on RP_ALIGN boundaries and are BW_GRAIN multiples, so the
 * vector casts below are aligned and in bounds. */
#define BW_READ_BODY                                                                   \
    const bw_vec *p = (const bw_vec *)(const void *)src;                               \
    size_t nv = nbytes / sizeof(bw_vec);                                               \
    bw_vec a0 = {0}, a1 = {0}, a2 = {0}, a3 = {0};                                     \
    for (size_t i = 0; i < nv; i += 4) {                                               \
        a0 += p[i];                                                                    \
        a1 += p[i + 1];                                                                \
        a2 += p[i + 2];                                                                \
        a3 += p[i + 3];                                                                \
    }                                                                                  \
    bw_vec s = (a0 + a1) + (a2 + a3);                                                  \
    double r = 0;                                                                      \
    for (int l = 0; l < BW_LANES; l++)                                                 \
        r += s[l];                                                                     \
    return r;

#define BW_SCALE_BODY                                                                  \
    const bw_vec *p = (const bw_vec *)(const void *)src;                               \
    bw_vec *q = (bw_vec *)(void *)dst;                                                 \
    size_t nv = nbytes / sizeof(bw_vec);                                               \
    for (size_t i = 0; i < nv; i += 4) {                                               \
        q[i] = p[i] * k;                                                               \
        q[i + 1] = p[i + 1] * k;                                                       \
        q[i + 2] = p[i + 2] * k;                                                       \
        q[i + 3] = p[i + 3] * k;                                                       \
    }

static double read_generic(const char *src, size_t nbytes) { BW_READ_BODY }
static void scale_generic(char *dst, const char *src, size_t nbytes, double k) { BW_SCALE_BODY }

#if defined(__x86_64__)
#define BW_HAVE_AVX2_VARIANT 1
__attribute__((target("avx2"))) static double read_avx2(const char *src, size_t nbytes)
{
    BW_READ_BODY
}
__attribute__((target("avx2"))) static void scale_avx2(char *dst, const char *src,
                                                        size_t nbytes, double k)
{
    BW_SCALE_BODY
}
#endif

#else /* not GNU C: plain loops with independent accumulators */

static double read_generic(const char *src, size_t nbytes)
{
    const double *p = (const double *)(const void *)src;
    size_t n = nbytes / sizeof(double);
    double a[8] = {0};
    for (size_t i = 0; i < n; i += 8)
        for (int j = 0; j < 8; j++)
            a[j] += p[i + j];
    return ((a[0] + a[1]) + (a[2] + a[3])) + ((a[4] + a[5]) + (a[6] + a[7]));
}

static void scale_generic(char *dst, const char *src, size_t nbytes, double k)
{
    const double *p = (const double *)(const void *)src;
    double *q = (double *)(void *)dst;
    size_t n = nbytes / sizeof(double);
    for (size_t i = 0; i < n; i++)
        q[i] = p[i] * k;
}
#endif

/* ---- a barrier that macOS has too (it lacks pthread_barrier_t) ---------- */

typedef struct {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int count;        /* participants */
    int arrived;      /* in the current generation */
    unsigned gen;
} bw_barrier;

static void barrier_release_locked(bw_barrier *b)
{
    b->arrived = 0;
    b->gen++;
    pthread_cond_broadcast(&b->cv);
}

static void barrier_wait(bw_barrier *b)
{
    pthread_mutex_lock(&b->mu);
    unsigned gen = b->gen;
    if (++b->arrived >= b->count)
        barrier_release_locked(b);
    else
        while (gen == b->gen)
            pthread_cond_wait(&b->cv, &b->mu);
    pthread_mutex_unlock(&b->mu);
}

/* Shrink the party after a failed pthread_create: those already waiting
 * must not wait for threads that will never come. */
static void barrier_shrink(bw_barrier *b, int count)
{
    pthread_mutex_lock(&b->mu);
    b->count = count;
    if (b->arrived > 0 && b->arrived >= b->count)
        barrier_release_locked(b);
    pthread_mutex_unlock(&b->mu);
}

/* ---- one measurement ----------------------------------------------------- */

typedef struct {
    rp_bw_mode mode;
    char *src, *dst;
    size_t chunk; /* bytes per thread per buffer */
    size_t passes;
    int repeats;
    int use_avx2;
    volatile int aborted;
    volatile double scale_k; /* volatile: the compiler may not fold k == 1 */
    bw_barrier bar;
    double best_seconds;
} bw_job;

typedef struct {
    bw_job *job;
    int id;
    double sink; /* keeps the read loop's result observable */
} bw_worker;

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static double one_pass(const bw_job *job, char *dst, const char *src, double k)
{
    switch (job->mode) {
    case RP_BW_READ:
#ifdef BW_HAVE_AVX2_VARIANT
        if (job->use_avx2)
            return read_avx2(src, job->chunk);
#endif
        return read_generic(src, job->chunk);
    case RP_BW_SCALE:
#ifdef BW_HAVE_AVX2_VARIANT
        if (job->use_avx2) {
            scale_avx2(dst, src, job->chunk, k);
            return 0;
        }
#endif
        scale_generic(dst, src, job->chunk, k);
        return 0;
    case RP_BW_COPY:
        memcpy(dst, src, job->chunk);
        return 0;
    default:
        return 0;
    }
}

static void *worker_main(void *arg)
{
    bw_worker *w = arg;
    bw_job *job = w->job;
    char *src = job->src + (size_t)w->id * job->chunk;
    char *dst = job->dst ? job->dst + (size_t)w->id * job->chunk : NULL;

    /* Touch our own chunk first: fresh pages all map the shared zero page
     * until written, and reading those would measure nothing real. Each
     * thread touching its own chunk also puts it on its own NUMA node. */
    double *s = (double *)(void *)src;
    for (size_t i = 0; i < job->chunk / sizeof(double); i++)
        s[i] = 1.0;
    if (dst)
        memset(dst, 0, job->chunk);

    barrier_wait(&job->bar);
    if (job->aborted)
        return NULL;
    double k = job->scale_k;
    w->sink += one_pass(job, dst, src, k); /* warm the caches and the TLB */

    for (int r = 0; r < job->repeats; r++) {
        double t0 = 0;
        barrier_wait(&job->bar);
        if (w->id == 0)
            t0 = now_seconds();
        for (size_t p = 0; p < job->passes; p++)
            w->sink += one_pass(job, dst, src, k);
        barrier_wait(&job->bar);
        if (w->id == 0) {
            double t = now_seconds() - t0;
            if (t < job->best_seconds)
                job->best_seconds = t;
        }
    }
    return NULL;
}

rp_status rp_bandwidth_measure(size_t nbytes, rp_bw_mode mode, int threads, int repeats,
                               double *bytes_per_sec)
{
    if (threads < 1 || repeats < 1 || (unsigned)mode >= RP_BW_NMODES || !bytes_per_sec)
        return RP_EVALUE;
    if (threads > 1024)
        return RP_EVALUE;

    size_t buffers = mode == RP_BW_READ ? 1 : 2;
    size_t chunk = nbytes / buffers / (size_t)threads / BW_GRAIN * BW_GRAIN;
    if (chunk < BW_GRAIN)
        chunk = BW_GRAIN;
    size_t total = chunk * (size_t)threads; /* per buffer */
    if (total / (size_t)threads != chunk)
        return RP_ENOMEM;
    size_t moved = total * buffers; /* per pass */

    bw_job job;
    memset(&job, 0, sizeof job);
    job.mode = mode;
    job.chunk = chunk;
    job.passes = (BW_MIN_BYTES_PER_SAMPLE + moved - 1) / moved;
    job.repeats = repeats;
    job.scale_k = 1.0;
    job.best_seconds = 1e300;
#ifdef BW_HAVE_AVX2_VARIANT
    rp_isa isa = rp_cpu_best_isa();
    job.use_avx2 = isa == RP_ISA_AVX2 || isa == RP_ISA_AVX512;
#endif

    job.src = rp_alloc(total);
    job.dst = buffers == 2 ? rp_alloc(total) : NULL;
    bw_worker *workers = calloc((size_t)threads, sizeof *workers);
    pthread_t *tids = calloc((size_t)threads, sizeof *tids);
    rp_status st = RP_OK;
    if (!job.src || (buffers == 2 && !job.dst) || !workers || !tids) {
        st = RP_ENOMEM;
        goto done;
    }

    pthread_mutex_init(&job.bar.mu, NULL);
    pthread_cond_init(&job.bar.cv, NULL);
    job.bar.count = threads;

    int started = 1; /* the calling thread is worker 0 */
    for (int i = 0; i < threads; i++) {
        workers[i].job = &job;
        workers[i].id = i;
    }
    for (int i = 1; i < threads; i++) {
        if (pthread_create(&tids[i], NULL, worker_main, &workers[i]) != 0) {
            job.aborted = 1;
            break;
        }
        started++;
    }
    if (job.aborted) {
        barrier_shrink(&job.bar, started);
        /* worker 0 runs only to release the others' first barrier */
        barrier_wait(&job.bar);
        st = RP_ENOMEM;
    } else {
        worker_main(&workers[0]);
    }
    for (int i = 1; i < started; i++)
        pthread_join(tids[i], NULL);
    pthread_cond_destroy(&job.bar.cv);
    pthread_mutex_destroy(&job.bar.mu);

    if (st == RP_OK) {
        double sink = 0;
        for (int i = 0; i < threads; i++)
            sink += workers[i].sink;
        /* A read of all-ones buffers sums to a positive count; anything else
         * would mean the loop was not run as written. */
        if (mode == RP_BW_READ && !(sink > 0))
            st = RP_EVALUE;
        else
            *bytes_per_sec = (double)moved * (double)job.passes / job.best_seconds;
    }

done:
    free(tids);
    free(workers);
    rp_free(job.src, total);
    if (job.dst)
        rp_free(job.dst, total);
    return st;
}
