/* Per-op counters of which backend ran an elementwise call (diagnostics). */
#ifndef RAPTORS_STATS_H
#define RAPTORS_STATS_H

#include <stdint.h>

typedef enum {
    RP_BACKEND_SCALAR,        /* baseline-ISA kernels, one thread */
    RP_BACKEND_SIMD,          /* a SIMD ISA's kernels, one thread */
    RP_BACKEND_THREADED_SIMD, /* more than one thread took part */
    RP_NBACKENDS
} rp_backend;

/* Relaxed atomics: counts are exact, their order against other memory is not. */
void rp_stats_count(int op, rp_backend b);
uint64_t rp_stats_get(int op, rp_backend b);
void rp_stats_reset(void);

#endif
