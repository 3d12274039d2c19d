/* The thread pool (see pool.c for how work is split). */
#ifndef RAPTORS_POOL_H
#define RAPTORS_POOL_H

#include "raptors/raptors.h"

#define RP_MAX_THREADS 256

/* Runs blocks [begin, end) of a job; must not call back into the pool. */
typedef void (*rp_block_fn)(void *ctx, rp_intp begin, rp_intp end);

/*
 * Run fn over blocks [0, nblocks) on up to max_threads threads (the caller
 * included) and wait for all of them. Each thread gets one contiguous range
 * of blocks. Returns the number of threads that took part.
 */
int rp_parallel_blocks(rp_intp nblocks, int max_threads, rp_block_fn fn, void *ctx);

/* Thread count: RAPTORS_THREADS, else OMP_NUM_THREADS, else the CPUs this
 * process may run on, capped by its cgroup's CPU quota (pool.c). */
int rp_threads_get(void);
void rp_threads_set(int n);

/* How long idle workers and a waiting caller spin before sleeping
 * (RAPTORS_SPIN_US, default 5000; 0 = sleep at once). */
long rp_threads_spin_us(void);
void rp_threads_set_spin_us(long us);

#endif
