/*
 * The float64 exp core's constants (vmath_exp64.inc), for every file that
 * includes the core: vmath_exp.c (exp, exp2, expm1) and vmath_hyp.c (sinh,
 * cosh, tanh on exp_core_f64).
 */
#ifndef RAPTORS_VMATH_EXP64_H
#define RAPTORS_VMATH_EXP64_H

#define EXP64_TINY 0x3c90000000000000ULL /* 2^-54 */
#define EXP64_HI 0x4086200000000000ULL   /* 708.0 */
#define EXP2_64_HI 0x408ff00000000000ULL /* 1022.0 */
#define EXP2_LN2 0x1.62e42fefa39efp-1
#define EXP2_LN2_LO 0x1.abc9e3b39803fp-56 /* ln2 - EXP2_LN2 */

#endif
