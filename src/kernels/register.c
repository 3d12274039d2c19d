/* One ISA's table fill: every kernel family's registrar, compiled for it. */
#include "isa.h"
#include "register.h"

void RP_ISA_FN(rp_kernels_fill)(rp_kernel_table *t)
{
    RP_ISA_FN(rp_fill_cast)(t);
    RP_ISA_FN(rp_fill_ufunc)(t);
    RP_ISA_FN(rp_fill_ufunc_half)(t);
    RP_ISA_FN(rp_fill_ufunc_complex)(t);
    RP_ISA_FN(rp_fill_ufunc_cmath)(t);
    RP_ISA_FN(rp_fill_intdiv)(t);
    RP_ISA_FN(rp_fill_vmath_exp)(t);
    RP_ISA_FN(rp_fill_vmath_log)(t);
    RP_ISA_FN(rp_fill_vmath_trig)(t);
    RP_ISA_FN(rp_fill_vmath_pow)(t);
    RP_ISA_FN(rp_fill_vmath_atan)(t);
    RP_ISA_FN(rp_fill_vmath_cbrt)(t);
    RP_ISA_FN(rp_fill_vmath_tan)(t);
    RP_ISA_FN(rp_fill_vmath_hyp)(t);
    RP_ISA_FN(rp_fill_vmath_ahyp)(t);
    RP_ISA_FN(rp_fill_vmath_atan64)(t);
    RP_ISA_FN(rp_fill_vmath_tan64)(t);
    RP_ISA_FN(rp_fill_vmath_cexp)(t); /* after rp_fill_ufunc_cmath: overrides its exp */
    RP_ISA_FN(rp_fill_reduce)(t);
    RP_ISA_FN(rp_fill_matmul)(t);
    RP_ISA_FN(rp_fill_sort)(t);
    RP_ISA_FN(rp_fill_qsort)(t); /* after rp_fill_sort: overrides its unstable sorts */
    RP_ISA_FN(rp_fill_search)(t);
    RP_ISA_FN(rp_fill_count)(t);
    RP_ISA_FN(rp_fill_unique)(t);
    RP_ISA_FN(rp_fill_blocks)(t);
}
