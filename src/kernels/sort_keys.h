/*
 * Order-preserving maps between float bits and signed integers, used by the
 * unstable sort of every ISA so that its result is one array, bit for bit.
 *
 * The map is a bijection onto the signed integers ordered as
 *   -inf < negatives < -0.0 < +0.0 < positives < +inf < +NaNs < -NaNs
 * (flip the magnitude bits of negatives: IEEE's total order; then rotate by
 * the count of negative NaNs so that they wrap from the bottom to the top).
 * NumPy's order is this one with -0.0 == +0.0 and every NaN equal: sorting
 * the keys sorts the floats as NumPy does and breaks NumPy's ties (zero
 * signs, NaN payloads) the same way on every ISA, thread count and
 * algorithm, since distinct keys leave one sorted order.
 */
#ifndef RAPTORS_SORT_KEYS_H
#define RAPTORS_SORT_KEYS_H

#include <stdint.h>

#include "raptors/raptors.h"

/* Negative NaNs: all bit patterns past -inf (sign, full exponent, mantissa != 0). */
#define RP_NEG_NAN32 0x007FFFFFu
#define RP_NEG_NAN64 0x000FFFFFFFFFFFFFu

/* In place: float32 bits -> int32 keys (to) and back. Plain loops: each ISA
 * build vectorizes them. */
static inline void rp_f32_to_keys(uint32_t *a, rp_intp n)
{
    for (rp_intp i = 0; i < n; i++) {
        uint32_t s = a[i];
        s ^= (uint32_t)((int32_t)s >> 31) & 0x7FFFFFFFu;
        a[i] = s - RP_NEG_NAN32;
    }
}
static inline void rp_f32_from_keys(uint32_t *a, rp_intp n)
{
    for (rp_intp i = 0; i < n; i++) {
        uint32_t t = a[i] + RP_NEG_NAN32;
        a[i] = t ^ ((uint32_t)((int32_t)t >> 31) & 0x7FFFFFFFu);
    }
}
static inline void rp_f64_to_keys(uint64_t *a, rp_intp n)
{
    for (rp_intp i = 0; i < n; i++) {
        uint64_t s = a[i];
        s ^= (uint64_t)((int64_t)s >> 63) & 0x7FFFFFFFFFFFFFFFu;
        a[i] = s - RP_NEG_NAN64;
    }
}
static inline void rp_f64_from_keys(uint64_t *a, rp_intp n)
{
    for (rp_intp i = 0; i < n; i++) {
        uint64_t t = a[i] + RP_NEG_NAN64;
        a[i] = t ^ ((uint64_t)((int64_t)t >> 63) & 0x7FFFFFFFFFFFFFFFu);
    }
}
/* Unsigned ints as signed keys: the sign bit flipped (its own inverse). */
static inline void rp_u32_keys(uint32_t *a, rp_intp n)
{
    for (rp_intp i = 0; i < n; i++)
        a[i] ^= 0x80000000u;
}
static inline void rp_u64_keys(uint64_t *a, rp_intp n)
{
    for (rp_intp i = 0; i < n; i++)
        a[i] ^= 0x8000000000000000u;
}

#endif
