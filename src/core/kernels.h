/*
 * The kernel table: one slot per (family, op, dtype). Private to the core and
 * the kernels; each kernel family declares its slots in its own header.
 */
#ifndef RAPTORS_KERNELS_H
#define RAPTORS_KERNELS_H

#include "raptors/raptors.h"

/* Casts: args = {in, out}; cast[from][to]. */
typedef struct {
    rp_kernel k[RP_NTYPES][RP_NTYPES];
} rp_cast_table;

#include "ufunc_table.h"
#include "reduce_table.h"
#include "matmul_table.h"
#include "sort_table.h"
#include "blocks_table.h"

typedef struct {
    rp_cast_table cast;
    rp_ufunc_table ufunc;
    rp_reduce_table reduce;
    rp_matmul_table matmul;
    rp_sort_table sort;
    rp_blocks_table blocks;
} rp_kernel_table;

/* The live table; rp_dispatch_init fills it. Read-only everywhere else. */
extern rp_kernel_table rp_kt;

/* The table rp_dispatch_init builds for isa (baseline, then each rung up to
 * it); false if this build lacks isa or the CPU cannot run it. Tests use it
 * to compare every ISA's kernels with the baseline's in one process. */
bool rp_kernels_table_for(rp_isa isa, rp_kernel_table *t);

/* One fill function per compiled ISA, each overwriting what it improves. */
void rp_kernels_fill_baseline(rp_kernel_table *t);
void rp_kernels_fill_avx2(rp_kernel_table *t);
void rp_kernels_fill_avx512(rp_kernel_table *t);
void rp_kernels_fill_neon(rp_kernel_table *t);

#endif
