/* Kernel slots of the reductions (filled by src/kernels). */
#ifndef RAPTORS_REDUCE_TABLE_H
#define RAPTORS_REDUCE_TABLE_H

typedef struct {
    int unused;
} rp_reduce_table;

#endif
