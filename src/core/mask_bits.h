/*
 * Bool bytes as bits, portably (the core is compiled for the baseline ISA):
 * eight bytes fold to an 8-bit mask with a few 64-bit operations, so the
 * mask walks of compress and nonzero look at 32 elements per branch and
 * visit only the set ones. A byte counts as true when any bit is set
 * (NumPy's bool view of arbitrary bytes).
 */
#ifndef RAPTORS_CORE_MASK_BITS_H
#define RAPTORS_CORE_MASK_BITS_H

#include <stdint.h>
#include <string.h>

#define RP_LO7 0x7f7f7f7f7f7f7f7fu

/* Two 64-bit lanes (GCC/Clang vector extensions: one SSE2 register on the
 * x86-64 baseline, one NEON register on aarch64; wider types would be
 * kept on the stack where the baseline lacks the registers). */
typedef uint64_t rp_u64x2 __attribute__((vector_size(16)));

/* 0x80 in each byte of w that is nonzero, 0 elsewhere (no carry crosses a byte). */
static inline uint64_t rp_mask_high_bits(uint64_t w)
{
    return (((w & RP_LO7) + RP_LO7) | w) & ~RP_LO7;
}

/* Bit k set when byte k (memory order) of p[0..8) is nonzero: the high
 * bits are gathered into the top byte by one multiply whose partial
 * products never overlap. */
static inline unsigned rp_mask_bits8(const unsigned char *p)
{
    uint64_t w;
    memcpy(&w, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    w = __builtin_bswap64(w);
#endif
    return (unsigned)(((rp_mask_high_bits(w) >> 7) * 0x0102040810204080u) >> 56);
}

/* Bits of p[0..32). */
static inline uint32_t rp_mask_bits32(const unsigned char *p)
{
    return (uint32_t)rp_mask_bits8(p) | (uint32_t)rp_mask_bits8(p + 8) << 8 |
           (uint32_t)rp_mask_bits8(p + 16) << 16 | (uint32_t)rp_mask_bits8(p + 24) << 24;
}

/* Whether 32 bytes are all zero. */
static inline int rp_mask_zero32(const unsigned char *p)
{
    uint64_t a, b, c, d;
    memcpy(&a, p, 8);
    memcpy(&b, p + 8, 8);
    memcpy(&c, p + 16, 8);
    memcpy(&d, p + 24, 8);
    return (a | b | c | d) == 0;
}

/* The nonzero bytes of p[0..n): 32 bytes a round in two vectors, their 0/1
 * bytes added up per byte lane (at most 248 rounds, so no byte overflows). */
static inline uint64_t rp_mask_byte_sum(uint64_t a)
{
    a = (a & 0x00ff00ff00ff00ffu) + ((a >> 8) & 0x00ff00ff00ff00ffu); /* 16-bit lanes */
    return (a * 0x0001000100010001u) >> 48;
}

static inline int64_t rp_mask_count_bytes(const unsigned char *p, int64_t n)
{
    enum { ROUNDS = 248 };
    const rp_u64x2 lo7 = {RP_LO7, RP_LO7};
    int64_t c = 0, j = 0;
    while (j + 32 <= n) {
        rp_u64x2 a0 = {0, 0}, a1 = {0, 0};
        for (int r = 0; r < ROUNDS && j + 32 <= n; r++, j += 32) {
            rp_u64x2 w0, w1;
            memcpy(&w0, p + j, sizeof w0);
            memcpy(&w1, p + j + 16, sizeof w1);
            a0 += ((((w0 & lo7) + lo7) | w0) & ~lo7) >> 7;
            a1 += ((((w1 & lo7) + lo7) | w1) & ~lo7) >> 7;
        }
        c += (int64_t)(rp_mask_byte_sum(a0[0]) + rp_mask_byte_sum(a0[1]) +
                       rp_mask_byte_sum(a1[0]) + rp_mask_byte_sum(a1[1]));
    }
    for (; j < n; j++)
        c += p[j] != 0;
    return c;
}

#endif
