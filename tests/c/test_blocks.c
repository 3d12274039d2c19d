/* repeat / tile / roll block copies (src/core/blocks.c) against naive byte
 * loops: every block size the typed loops take (1, 2, 4, 8) and others,
 * counts 0-5, per-block counts with runs of ones and zeros, serial and
 * threaded; every shift of a roll; tril/triu at every diagonal. */
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "../../src/core/blocks.h"

static void naive(const unsigned char *src, unsigned char *dst, rp_intp outer, rp_intp n,
                  size_t block, rp_intp count, const rp_intp *counts)
{
    for (rp_intp o = 0; o < outer; o++)
        for (rp_intp i = 0; i < n; i++, src += block) {
            rp_intp c = counts ? counts[i] : count;
            for (rp_intp r = 0; r < c; r++, dst += block)
                memcpy(dst, src, block);
        }
}

static void test_roll(void)
{
    unsigned char src[4 * 9 * 12], got[sizeof src + 1], want[sizeof src];
    rp_rng rng = {9};
    for (size_t b = 0; b < sizeof src; b++)
        src[b] = (unsigned char)rp_rng_next(&rng);
    for (rp_intp outer = 0; outer <= 4; outer++)
        for (rp_intp n = 1; n <= 9; n++)
            for (size_t block = 1; block <= 12; block += 5)
                for (rp_intp shift = 0; shift < n; shift++) {
                    for (rp_intp o = 0; o < outer; o++)
                        for (rp_intp i = 0; i < n; i++)
                            memcpy(want + ((size_t)(o * n + (i + shift) % n)) * block,
                                   src + (size_t)(o * n + i) * block, block);
                    size_t bytes = (size_t)(outer * n) * block;
                    memset(got, 0xA5, sizeof got);
                    rp_roll_blocks((const char *)src, (char *)got, outer, n, block, shift);
                    CHECKF(memcmp(got, want, bytes) == 0 && got[bytes] == 0xA5,
                           "roll outer %ld n %ld block %zu shift %ld", (long)outer, (long)n,
                           block, (long)shift);
                }
}

static void test_tri(void)
{
    int32_t src[2 * 7 * 6], got[2 * 7 * 6 + 1], want[2 * 7 * 6];
    for (int i = 0; i < 2 * 7 * 6; i++)
        src[i] = i + 1;
    for (rp_intp rows = 0; rows <= 7; rows++)
        for (rp_intp cols = 0; cols <= 6; cols++)
            for (rp_intp k = -9; k <= 9; k++)
                for (int lower = 0; lower < 2; lower++) {
                    rp_intp n = 2 * rows * cols;
                    for (rp_intp e = 0; e < n; e++) {
                        rp_intp i = e / cols % rows, j = e % cols;
                        want[e] = (lower ? j <= i + k : j >= i + k) ? src[e] : 0;
                    }
                    got[n] = -7;
                    rp_tri_blocks((const char *)src, (char *)got, 2, rows, cols, sizeof *src, k,
                                  lower);
                    CHECKF(memcmp(got, want, (size_t)n * sizeof *src) == 0 && got[n] == -7,
                           "tri rows %ld cols %ld k %ld lower %d", (long)rows, (long)cols,
                           (long)k, lower);
                }
}

/* concatenate's block copies against a naive row-by-row copy: up to 4
 * sources of random row lengths (0 included), serial and threaded (task
 * boundaries fall inside rows and pieces: the large case). */
static void test_concat(void)
{
    rp_rng rng = {19};
    for (int iter = 0; iter < 300; iter++) {
        int nin = (int)rp_rng_range(&rng, 1, 4);
        rp_intp outer = rp_rng_range(&rng, 0, 6);
        if (iter % 50 == 1) /* odd: threaded */
            outer = 3001; /* bytes above the threaded split's task size */
        size_t bytes[4], row = 0;
        unsigned char *srcs[4];
        for (int k = 0; k < nin; k++) {
            bytes[k] = (size_t)rp_rng_range(&rng, 0, iter % 50 == 1 ? 300 : 40);
            row += bytes[k];
            srcs[k] = malloc(bytes[k] * (size_t)outer + 1);
            for (size_t b = 0; b < bytes[k] * (size_t)outer; b++)
                srcs[k][b] = (unsigned char)rp_rng_next(&rng);
        }
        size_t total = row * (size_t)outer;
        unsigned char *want = malloc(total + 1), *got = malloc(total + 1), *w = want;
        for (rp_intp o = 0; o < outer; o++)
            for (int k = 0; k < nin; k++) {
                memcpy(w, srcs[k] + (size_t)o * bytes[k], bytes[k]);
                w += bytes[k];
            }
        memset(got, 0xA5, total + 1);
        rp_concat_blocks(nin, (const char *const *)srcs, bytes, outer, (char *)got,
                         iter % 2 ? 0 : (size_t)-1);
        CHECKF(memcmp(got, want, total) == 0 && got[total] == 0xA5, "concat iter %d nin %d outer %ld",
               iter, nin, (long)outer);
        for (int k = 0; k < nin; k++)
            free(srcs[k]);
        free(want);
        free(got);
    }
}

void test_repeat(void)
{
    test_concat();
    test_roll();
    test_tri();
    static const size_t blocks[] = {1, 2, 3, 4, 8, 12, 16, 24, 64, 520};
    rp_rng rng = {7};
    for (int iter = 0; iter < 400; iter++) {
        size_t block = blocks[iter % (sizeof blocks / sizeof *blocks)];
        rp_intp outer = rp_rng_range(&rng, 0, 5), n = rp_rng_range(&rng, 0, 40);
        bool per_block = iter % 3 == 0;
        rp_intp count = rp_rng_range(&rng, 0, 5), counts[40], reps = 0;
        for (rp_intp i = 0; i < n; i++) { /* mostly ones, so runs of ones occur */
            rp_intp u = rp_rng_range(&rng, 0, 5);
            counts[i] = u < 3 ? 1 : u - 3;
            reps += counts[i];
        }
        size_t in_bytes = (size_t)(outer * n) * block;
        size_t out_bytes = (size_t)outer * block * (size_t)(per_block ? reps : n * count);
        unsigned char *src = malloc(in_bytes + 1), *want = malloc(out_bytes + 1),
                      *got = malloc(out_bytes + 1);
        for (size_t b = 0; b < in_bytes; b++)
            src[b] = (unsigned char)rp_rng_next(&rng);
        naive(src, want, outer, n, block, count, per_block ? counts : NULL);
        /* par_bytes 0 on odd iterations: the threaded split (scalar counts) */
        size_t par = iter % 2 ? 0 : (size_t)-1;
        memset(got, 0xA5, out_bytes + 1);
        rp_repeat_blocks((const char *)src, (char *)got, outer, n, block, count,
                         per_block ? counts : NULL, par);
        CHECKF(memcmp(got, want, out_bytes) == 0 && got[out_bytes] == 0xA5,
               "iter %d: outer %ld n %ld block %zu count %ld per_block %d", iter, (long)outer,
               (long)n, block, (long)count, (int)per_block);
        free(src);
        free(want);
        free(got);
    }
    /* a large threaded case: tasks end inside the block range */
    rp_intp n = 300001;
    double *src = malloc((size_t)n * sizeof *src), *got = malloc((size_t)n * 3 * sizeof *got);
    for (rp_intp i = 0; i < n; i++)
        src[i] = (double)i * 0.5;
    rp_repeat_blocks((const char *)src, (char *)got, 1, n, sizeof(double), 3, NULL, 0);
    bool ok = true;
    for (rp_intp i = 0; i < 3 * n; i++)
        ok &= got[i] == src[i / 3];
    CHECK(ok);
    free(src);
    free(got);
}
