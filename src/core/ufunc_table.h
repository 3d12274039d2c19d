/* Kernel slots of the elementwise functions (filled by src/kernels). */
#ifndef RAPTORS_UFUNC_TABLE_H
#define RAPTORS_UFUNC_TABLE_H

#include "raptors/ufunc.h"

/* What every elementwise kernel gets as ctx: per-call parameters and a word
 * it ORs RP_UFUNC_* bits into (integer division by zero, negative powers). */
typedef struct {
    double scale; /* round: 10**|decimals| */
    int decimals; /* round */
    unsigned *errors;
} rp_ufunc_ctx;

/* The six comparisons in ops.def order (equal ... greater_equal). */
enum { RP_NCMP = 6 };

/* k[op][loop dtype]; NULL where the op has no loop for that dtype.
 * cmp_mixed[c][0] compares (int64, uint64), [1] (uint64, int64) exactly:
 * NumPy 2 does not round such comparisons through float64. */
typedef struct {
    rp_kernel k[RP_NOPS][RP_NTYPES];
    rp_kernel cmp_mixed[RP_NCMP][2];
} rp_ufunc_table;

#endif
