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

/* k[op][loop dtype]; NULL where the op has no loop for that dtype. */
typedef struct {
    rp_kernel k[RP_NOPS][RP_NTYPES];
} rp_ufunc_table;

#endif
