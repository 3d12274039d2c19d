/*
 * The floating-point exception flags the drivers turn into RP_UFUNC_* error
 * bits (include/raptors/ufunc.h). Clearing them costs ~100 cycles on x86-64
 * (glibc saves and reloads the whole x87 environment) against a few for
 * testing, so they are cleared only when set: after each call that raised
 * one, and before a call if other code left one set. FE_INEXACT, raised by
 * most arithmetic, is neither reported nor looked at.
 *
 * The flags are per thread: work handed to the pool collects each task's
 * flags (rp_fpe_task) and raises their union on the calling thread, so a
 * driver reads one thread's flags whatever the thread count.
 */
#ifndef RAPTORS_FPE_H
#define RAPTORS_FPE_H

#include <fenv.h>
#include <stdatomic.h>

#include "pool.h"
#include "raptors/ufunc.h"

#define RP_FPE_REPORTED (FE_DIVBYZERO | FE_OVERFLOW | FE_UNDERFLOW | FE_INVALID)

static inline void rp_fpe_start(void)
{
    if (fetestexcept(RP_FPE_REPORTED))
        feclearexcept(RP_FPE_REPORTED);
}

/* The flags raised since rp_fpe_start as RP_UFUNC_* bits; clears them. */
static inline unsigned rp_fpe_bits(void)
{
    int f = fetestexcept(RP_FPE_REPORTED);
    if (f)
        feclearexcept(RP_FPE_REPORTED);
    return (f & FE_DIVBYZERO ? RP_UFUNC_DIVBYZERO : 0u) | (f & FE_OVERFLOW ? RP_UFUNC_OVERFLOW : 0u) |
           (f & FE_UNDERFLOW ? RP_UFUNC_UNDERFLOW : 0u) | (f & FE_INVALID ? RP_UFUNC_INVALID : 0u);
}

/* A pool job whose tasks' flags end up on the thread that started it. */
typedef struct {
    rp_block_fn fn;
    void *ctx;
    _Atomic int flags;
} rp_fpe_task;

static inline void rp_fpe_task_fn(void *ctx, rp_intp begin, rp_intp end)
{
    rp_fpe_task *t = (rp_fpe_task *)ctx;
    rp_fpe_start();
    t->fn(t->ctx, begin, end);
    int f = fetestexcept(RP_FPE_REPORTED);
    if (f)
        atomic_fetch_or_explicit(&t->flags, f, memory_order_relaxed);
}

/* rp_parallel_blocks, with every task's float flags raised on the caller
 * afterwards (the caller's own flags from before are kept). */
static inline int rp_fpe_parallel_blocks(rp_intp nblocks, int max_threads, rp_block_fn fn,
                                         void *ctx)
{
    int before = fetestexcept(RP_FPE_REPORTED);
    rp_fpe_task t = {fn, ctx, 0};
    int used = rp_parallel_blocks(nblocks, max_threads, rp_fpe_task_fn, &t);
    int all = before | atomic_load_explicit(&t.flags, memory_order_relaxed);
    if (all)
        feraiseexcept(all);
    return used;
}

#endif
