/*
 * Included first by every kernel source. Each kernel file is compiled once per
 * ISA with -DRP_ISA=<name> and that ISA's flags; RP_ISA_FN suffixes the
 * exported names so the variants can be linked side by side. Everything else
 * in a kernel file must be static: an external inline compiled with -mavx2
 * could become the copy the baseline code calls.
 */
#ifndef RAPTORS_ISA_H
#define RAPTORS_ISA_H

#ifndef RP_ISA
#error "kernel sources are compiled per ISA: pass -DRP_ISA=<isa> (see meson.build)"
#endif

#if defined(RP_ISA_IS_AVX2) && !(defined(__AVX2__) && defined(__FMA__))
#error "the avx2 kernels need -march=x86-64-v3"
#endif
#if defined(RP_ISA_IS_AVX512) && !(defined(__AVX512F__) && defined(__AVX512BW__))
#error "the avx512 kernels need -march=x86-64-v4"
#endif
#if defined(RP_ISA_IS_NEON) && !defined(__ARM_NEON)
#error "the neon kernels need an aarch64 target"
#endif

#define RP_CAT_(a, b) a##_##b
#define RP_CAT(a, b) RP_CAT_(a, b)
#define RP_ISA_FN(name) RP_CAT(name, RP_ISA)

#include "kernels.h"

#endif
