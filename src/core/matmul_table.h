/* Kernel slots of the native matrix products (filled by src/kernels/matmul.c). */
#ifndef RAPTORS_MATMUL_TABLE_H
#define RAPTORS_MATMUL_TABLE_H

#include "raptors/raptors.h"

/*
 * Rows [i0, i1) of C = A @ B for one matrix of a stack: A is m x k, B k x n,
 * C m x n, all C-contiguous (row strides k, n, n elements). C[i, j] is
 * accumulated in increasing k from zero, one multiply and one add per term
 * (no FMA), so every ISA and every split gives the same bits. Integers wrap
 * (NumPy's result); bool is OR of AND.
 */
typedef void (*rp_matmul_kernel)(const char *a, const char *b, char *c, rp_intp i0, rp_intp i1,
                                 rp_intp n, rp_intp k);

typedef struct {
    rp_matmul_kernel k[RP_NTYPES];
} rp_matmul_table;

#endif
