/* The per-family registrars of one ISA (names suffixed by RP_ISA_FN). */
#ifndef RAPTORS_REGISTER_H
#define RAPTORS_REGISTER_H
#include "isa.h"

void RP_ISA_FN(rp_fill_cast)(rp_kernel_table *t);
void RP_ISA_FN(rp_fill_ufunc)(rp_kernel_table *t);
void RP_ISA_FN(rp_fill_ufunc_half)(rp_kernel_table *t);
void RP_ISA_FN(rp_fill_ufunc_complex)(rp_kernel_table *t);
void RP_ISA_FN(rp_fill_ufunc_cmath)(rp_kernel_table *t);
void RP_ISA_FN(rp_fill_intdiv)(rp_kernel_table *t);
void RP_ISA_FN(rp_fill_reduce)(rp_kernel_table *t);
void RP_ISA_FN(rp_fill_matmul)(rp_kernel_table *t);
void RP_ISA_FN(rp_fill_sort)(rp_kernel_table *t);
void RP_ISA_FN(rp_fill_qsort)(rp_kernel_table *t);
void RP_ISA_FN(rp_fill_search)(rp_kernel_table *t);
void RP_ISA_FN(rp_fill_count)(rp_kernel_table *t);
void RP_ISA_FN(rp_fill_unique)(rp_kernel_table *t);
void RP_ISA_FN(rp_fill_blocks)(rp_kernel_table *t);
/* Vectorized math (vmath_<family>.c): override the generic float loops. */
void RP_ISA_FN(rp_fill_vmath_exp)(rp_kernel_table *t);
void RP_ISA_FN(rp_fill_vmath_log)(rp_kernel_table *t);
void RP_ISA_FN(rp_fill_vmath_trig)(rp_kernel_table *t);
void RP_ISA_FN(rp_fill_vmath_pow)(rp_kernel_table *t);
void RP_ISA_FN(rp_fill_vmath_atan)(rp_kernel_table *t);
void RP_ISA_FN(rp_fill_vmath_cbrt)(rp_kernel_table *t);
void RP_ISA_FN(rp_fill_vmath_tan)(rp_kernel_table *t);
void RP_ISA_FN(rp_fill_vmath_hyp)(rp_kernel_table *t);
void RP_ISA_FN(rp_fill_vmath_ahyp)(rp_kernel_table *t);
void RP_ISA_FN(rp_fill_vmath_atan64)(rp_kernel_table *t);
void RP_ISA_FN(rp_fill_vmath_tan64)(rp_kernel_table *t);
void RP_ISA_FN(rp_fill_vmath_cexp)(rp_kernel_table *t);

#endif
