/*
 * Backend counters for raptors.threading_info(). One relaxed atomic add per
 * call: cheap next to the call itself, and exact under concurrent callers.
 */
#include "stats.h"

#include <stdatomic.h>

#include "raptors/ufunc.h"

static _Atomic uint64_t counts[RP_NOPS][RP_NBACKENDS];

void rp_stats_count(int op, rp_backend b)
{
    if ((unsigned)op < RP_NOPS && (unsigned)b < RP_NBACKENDS)
        atomic_fetch_add_explicit(&counts[op][b], 1, memory_order_relaxed);
}

uint64_t rp_stats_get(int op, rp_backend b)
{
    if ((unsigned)op >= RP_NOPS || (unsigned)b >= RP_NBACKENDS)
        return 0;
    return atomic_load_explicit(&counts[op][b], memory_order_relaxed);
}

void rp_stats_reset(void)
{
    for (int op = 0; op < RP_NOPS; op++)
        for (int b = 0; b < RP_NBACKENDS; b++)
            atomic_store_explicit(&counts[op][b], 0, memory_order_relaxed);
}
