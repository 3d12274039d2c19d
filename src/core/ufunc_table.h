/* Kernel slots of the elementwise functions (filled by src/kernels). */
#ifndef RAPTORS_UFUNC_TABLE_H
#define RAPTORS_UFUNC_TABLE_H

typedef struct {
    int unused;
} rp_ufunc_table;

#endif
