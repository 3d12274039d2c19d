/* Kernel slots of the block copies (filled by src/kernels/blocks.c). */
#ifndef RAPTORS_BLOCKS_TABLE_H
#define RAPTORS_BLOCKS_TABLE_H

#include "raptors/raptors.h"

/*
 * repeat: each of nb consecutive blocks of src (block >= 64 bytes) written
 * count >= 2 times in a row into dst, one 64-byte line at a time, with no
 * call per copy. NULL where a call of memcpy per copy measured faster (the
 * driver, src/core/blocks.c, then calls memcpy).
 */
typedef struct {
    void (*repeat)(const char *src, char *dst, rp_intp nb, size_t block, rp_intp count);
} rp_blocks_table;

#endif
