/* Native matrix products (src/core/matmul.c): integer, bool and small float
 * products, which NumPy runs with a plain loop or a per-matrix BLAS call.
 * Large float products stay with the BLAS NumPy loaded (the Python layer). */
#ifndef RAPTORS_MATMUL_H
#define RAPTORS_MATMUL_H

#include "raptors/raptors.h"

/*
 * C[s] = A[s] @ B[s] for s < nbatch: A[s] (m x k) at a + s * sa, B[s]
 * (k x n) at b + s * sb (a batch stride of 0 broadcasts one matrix), C a
 * fresh C-contiguous (nbatch, m, n) block; A and B C-contiguous matrices.
 * Integers wrap as NumPy's; floats sum in order of k, bit-identical for
 * every ISA and thread count. *errors gets the RP_UFUNC_* float error bits.
 * Threads above a work size (RAPTORS_THREADS).
 */
rp_status rp_matmul_stack(rp_dtype dt, const char *a, rp_intp sa, const char *b, rp_intp sb,
                          char *c, rp_intp nbatch, rp_intp m, rp_intp n, rp_intp k,
                          unsigned *errors);

/* Multiply-adds above which rp_matmul_stack runs on the thread pool. */
#define RP_MATMUL_PARALLEL_MACS ((rp_intp)1 << 20)

#endif
