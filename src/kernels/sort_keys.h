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

/* In place: float bits -> signed-int keys (to) and back, one pair per
 * width (rp_f32_to_keys/rp_f32_from_keys, rp_f64_...). Plain loops: each
 * ISA build vectorizes them. */
#define RP_FLOAT_KEYS(bits, MAG, NEG_NAN)                                                          \
    static inline void rp_f##bits##_to_keys(uint##bits##_t *a, rp_intp n)                         \
    {                                                                                              \
        for (rp_intp i = 0; i < n; i++) {                                                          \
            uint##bits##_t s = a[i];                                                               \
            s ^= (uint##bits##_t)((int##bits##_t)s >> (bits - 1)) & (MAG);                         \
            a[i] = s - (NEG_NAN);                                                                  \
        }                                                                                          \
    }                                                                                              \
    static inline void rp_f##bits##_from_keys(uint##bits##_t *a, rp_intp n)                       \
    {                                                                                              \
        for (rp_intp i = 0; i < n; i++) {                                                          \
            uint##bits##_t t = a[i] + (NEG_NAN);                                                   \
            a[i] = t ^ ((uint##bits##_t)((int##bits##_t)t >> (bits - 1)) & (MAG));                 \
        }                                                                                          \
    }
RP_FLOAT_KEYS(32, 0x7FFFFFFFu, RP_NEG_NAN32)
RP_FLOAT_KEYS(64, 0x7FFFFFFFFFFFFFFFu, RP_NEG_NAN64)
#undef RP_FLOAT_KEYS

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
