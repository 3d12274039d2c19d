/* Stores that bypass the cache, for outputs larger than it (see stream.c). */
#ifndef RAPTORS_STREAM_H
#define RAPTORS_STREAM_H

#include <stddef.h>

/* Copy n bytes to dst with non-temporal stores where the CPU has them
 * (plain memcpy elsewhere). Call rp_stream_fence before other threads read
 * dst. */
void rp_stream_store(char *dst, const char *src, size_t n);
void rp_stream_fence(void);

/* Outputs of at least this many bytes are written with rp_stream_store:
 * RAPTORS_STREAM_BYTES if set (0 = never), else twice the last-level cache. */
size_t rp_stream_min_bytes(void);

#endif
