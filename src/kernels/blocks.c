/*
 * repeat's copies of one block count times (core/blocks.c drives them), for
 * blocks of 64 bytes or more: a 64-byte line at a time, copy after copy, in
 * place of a call of memcpy per copy (3072 calls for repeat(a, 3, axis=0)
 * of 1024 x 64 float32). The copies are stored in order: loading a line
 * once and storing it count times (copy 0, 1, 2 of line 0, then of line 1)
 * interleaves count store streams, and measured 1.2-1.6x slower than
 * memcpy once the output leaves L2 (16384 x 64 float64).
 *
 * Registered for AVX-512 only, where the line is one register. C bench
 * (1024 blocks of 256 bytes, count 3, min of 3000 calls, us, memcpy / this
 * loop): -O2 baseline, source 64-byte aligned 6.80 / 7.97, misaligned 7.68
 * / 7.75; x86-64-v3 6.54 / 8.05 and 8.55 / 8.27; x86-64-v4 6.92 / 6.64 and
 * 8.06 / 6.44 (a NumPy array's data is only 16-byte aligned).
 */
#include "isa.h"
#include "register.h"

#include <string.h>

typedef struct {
    unsigned char b[64];
} line64;

static void repeat_lines(const char *src, char *dst, rp_intp nb, size_t block, rp_intp count)
{
    /* the block's last line starts at `last`: when block is not a multiple
     * of 64 it overlaps the line before, and those bytes are stored twice
     * with the same value */
    const size_t last = block - 64;
    for (rp_intp i = 0; i < nb; i++, src += block)
        for (rp_intp r = 0; r < count; r++, dst += block)
            for (size_t o = 0;; o = o + 64 < last ? o + 64 : last) {
                line64 v;
                memcpy(&v, src + o, sizeof v);
                memcpy(dst + o, &v, sizeof v);
                if (o == last)
                    break;
            }
}

void RP_ISA_FN(rp_fill_blocks)(rp_kernel_table *t)
{
#if defined(RP_ISA_IS_AVX512)
    t->blocks.repeat = repeat_lines;
#else
    (void)t;
    (void)repeat_lines;
#endif
}
