/*
 * Memory bandwidth probe: how fast this machine can stream a working set of a
 * given size, so the benchmark harness can put a physical floor beside every
 * row. Python-free; threads are plain pthreads so the probe does not depend
 * on (or disturb) the library's own thread pool.
 */
#ifndef RAPTORS_BANDWIDTH_H
#define RAPTORS_BANDWIDTH_H

#include <stddef.h>

#include "raptors/raptors.h"

/*
 * What one pass over the working set does. In every mode the working set is
 * `nbytes` in total and one pass moves exactly `nbytes` bytes:
 *   READ   sum of one nbytes buffer of doubles (a reduction's access pattern)
 *   SCALE  dst = k * src, two nbytes/2 buffers (an elementwise op's pattern:
 *          ordinary stores, so the destination is read for ownership too,
 *          exactly as an op writing a fresh result pays it)
 *   COPY   memcpy of two nbytes/2 buffers (the C library may use
 *          non-temporal stores for large copies: an upper bound, not what
 *          an ordinary loop reaches)
 */
typedef enum {
    RP_BW_READ = 0,
    RP_BW_SCALE,
    RP_BW_COPY,
    RP_BW_NMODES
} rp_bw_mode;

/* "read", "scale", "copy" -> mode; -1 for anything else. */
int rp_bw_mode_from_name(const char *name);
const char *rp_bw_mode_name(rp_bw_mode mode);

/*
 * Best of `repeats` timed samples, in bytes per second, of `threads` threads
 * streaming an nbytes working set split into contiguous per-thread chunks.
 * Each sample makes enough passes to last well above the clock's resolution.
 * nbytes is rounded down to a multiple of 256 per thread (at least 256).
 * RP_EVALUE for threads < 1 or repeats < 1, RP_ENOMEM when the buffers or
 * threads cannot be had.
 */
rp_status rp_bandwidth_measure(size_t nbytes, rp_bw_mode mode, int threads, int repeats,
                               double *bytes_per_sec);

#endif /* RAPTORS_BANDWIDTH_H */
