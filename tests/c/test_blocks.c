/* repeat / tile / roll block copies (src/core/blocks.c) and np.pad's copying
 * modes (src/core/pad.c) against naive byte
 * loops: every block size the typed loops take (1, 2, 4, 8) and others,
 * counts 0-5, per-block counts with runs of ones and zeros, serial and
 * threaded; every shift of a roll; tril/triu at every diagonal. */
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "../../src/core/blocks.h"
#include "../../src/core/kernels.h"
#include "../../src/core/pad.h"
#include "../../src/core/pool.h"

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
                for (rp_intp shift = 0; shift < 2 * n; shift++) {
                    /* shifts >= n repeat the others with par_bytes 0: the threaded split */
                    size_t par = shift < n ? (size_t)-1 : 0;
                    for (rp_intp o = 0; o < outer; o++)
                        for (rp_intp i = 0; i < n; i++)
                            memcpy(want + ((size_t)(o * n + (i + shift % n) % n)) * block,
                                   src + (size_t)(o * n + i) * block, block);
                    size_t bytes = (size_t)(outer * n) * block;
                    memset(got, 0xA5, sizeof got);
                    rp_roll_blocks((const char *)src, (char *)got, outer, n, block, shift % n, par);
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


/* rp_pad against a naive walk of the result in C order: every mode, pads
 * wider than the axis (the periodic extension), empty axes, 1-4 byte and
 * 8 byte elements, sources with permuted and negative strides, serial and
 * threaded (row tasks and pieces of one long row). */
static bool pad_case(rp_rng *rng, int nd, const rp_intp *shape, size_t isz, rp_pad_mode mode,
                     size_t par, bool c_order)
{
    static const rp_dtype types[9] = {0, RP_INT8, RP_INT16, 0, RP_INT32, 0, 0, 0, RP_INT64};
    rp_intp before[3], after[3], strides[3], oshape[3], sh[3], size = 1, osize = 1;
    bool empty_padded = false;
    for (int k = 0; k < nd; k++) {
        before[k] = rp_rng_range(rng, 0, 8);
        after[k] = rp_rng_range(rng, 0, 8);
        oshape[k] = before[k] + shape[k] + after[k];
        empty_padded |= shape[k] == 0 && (before[k] || after[k]);
        size *= shape[k];
        osize *= oshape[k];
        sh[k] = shape[k];
    }
    /* a C buffer seen as is or through reversed axes, the middle one negated */
    unsigned char *buf = malloc((size_t)size * isz + 1), *base = buf;
    for (rp_intp b = 0; b < size * (rp_intp)isz; b++)
        buf[b] = (unsigned char)rp_rng_next(rng);
    rp_intp step = (rp_intp)isz;
    for (int k = nd - 1; k >= 0; k--) { /* axis nd-1-k of the buffer is axis k */
        int ax = c_order ? k : nd - 1 - k;
        strides[ax] = step;
        step *= shape[ax] ? shape[ax] : 1;
    }
    if (nd == 3 && shape[1] > 0) {
        base += (shape[1] - 1) * strides[1];
        strides[1] = -strides[1];
    }
    rp_array src = {(char *)base, sh, strides, nd, types[isz]};
    unsigned char values[6 * 8];
    for (size_t b = 0; b < sizeof values; b++)
        values[b] = (unsigned char)rp_rng_next(rng);
    size_t obytes = (size_t)osize * isz;
    unsigned char *got = malloc(obytes + 1), *want = malloc(obytes + 1);
    memset(got, 0xA5, obytes + 1);
    rp_status st = rp_pad(&src, (char *)got, before, after, mode, (const char *)values, par);
    bool ok;
    if (mode != RP_PAD_CONSTANT && empty_padded) {
        ok = st == RP_EVALUE;
    } else {
        for (rp_intp e = 0; e < osize; e++) {
            rp_intp rest = e, off = 0;
            int last_pad = -1, side = 0;
            for (int k = nd - 1; k >= 0; k--) {
                rp_intp pos = rest % oshape[k] - before[k];
                rest /= oshape[k];
                if (pos < 0 || pos >= shape[k]) {
                    if (last_pad < k)
                        last_pad = k, side = pos < 0 ? 0 : 1;
                    if (mode == RP_PAD_CONSTANT)
                        continue;
                }
                off += rp_pad_source(pos, shape[k], mode) * strides[k];
            }
            const unsigned char *from = mode == RP_PAD_CONSTANT && last_pad >= 0
                                            ? values + (size_t)(2 * last_pad + side) * isz
                                            : base + off;
            memcpy(want + (size_t)e * isz, from, isz);
        }
        ok = st == RP_OK && memcmp(got, want, obytes) == 0 && got[obytes] == 0xA5;
    }
    free(buf);
    free(got);
    free(want);
    return ok;
}

static void test_pad(void)
{
    rp_rng rng = {11};
    int saved = rp_threads_get();
    rp_threads_set(3);
    for (int iter = 0; iter < 1500; iter++) {
        int nd = 1 + iter % 3;
        rp_intp shape[3];
        for (int k = 0; k < nd; k++)
            shape[k] = rp_rng_range(&rng, 0, 6);
        size_t isz = (size_t)1 << (iter / 3 % 4);
        rp_pad_mode mode = (rp_pad_mode)(iter / 12 % 5);
        size_t par = iter % 2 ? 0 : (size_t)-1;
        CHECKF(pad_case(&rng, nd, shape, isz, mode, par, iter % 4 < 2), "pad iter %d nd %d mode %d isz %zu",
               iter, nd, (int)mode, isz);
    }
    /* large threaded cases: one long row in pieces, many rows in tasks */
    static const rp_intp shapes[2][3] = {{200001, 0, 0}, {1500, 3, 77}};
    for (int c = 0; c < 2; c++)
        for (int mode = 0; mode < 5; mode++)
            CHECKF(pad_case(&rng, c ? 3 : 1, shapes[c], 4, (rp_pad_mode)mode, 0, true),
                   "large pad case %d mode %d", c, mode);
    /* the mapping's periods: wrap n, symmetric 2n, reflect 2n - 2 */
    for (rp_intp n = 1; n <= 5; n++)
        for (rp_intp j = -12; j < 12 + n; j++) {
            CHECK(rp_pad_source(j, n, RP_PAD_WRAP) == rp_pad_source(j + n, n, RP_PAD_WRAP));
            CHECK(rp_pad_source(j, n, RP_PAD_SYMMETRIC) == rp_pad_source(-1 - j, n, RP_PAD_SYMMETRIC));
            CHECK(rp_pad_source(j, n, RP_PAD_REFLECT) == (n == 1 ? 0 : rp_pad_source(-j, n, RP_PAD_REFLECT)));
            CHECK(rp_pad_source(j, n, RP_PAD_EDGE) == (j < 0 ? 0 : j >= n ? n - 1 : j));
        }
    rp_threads_set(saved);
}

/* Every ISA's repeat kernel (src/kernels/blocks.c; NULL where memcpy is
 * used) against the naive copies: blocks of whole lines and not, each
 * source offset within a line, counts 2-5, bytes after dst untouched. */
static void test_repeat_kernels(void)
{
    static rp_kernel_table tables[RP_ISA_COUNT];
    rp_isa tested[RP_ISA_COUNT];
    int nt = rp_test_isa_tables(tables, tested, "repeat");
    static const size_t blocks[] = {64, 65, 100, 128, 191, 256, 520, 576, 1000, 4096};
    rp_rng rng = {11};
    for (int t = 0; t < nt; t++) {
        void (*k)(const char *, char *, rp_intp, size_t, rp_intp) = tables[tested[t]].blocks.repeat;
        if (!k)
            continue;
        for (size_t bi = 0; bi < sizeof blocks / sizeof *blocks; bi++)
            for (rp_intp count = 2; count <= 5; count++) {
                size_t block = blocks[bi], off = (size_t)rp_rng_range(&rng, 0, 64);
                rp_intp nb = rp_rng_range(&rng, 1, 9);
                size_t in = (size_t)nb * block, out = in * (size_t)count;
                unsigned char *src = malloc(in + 64), *want = malloc(out), *got = malloc(out + 1);
                for (size_t b = 0; b < in + 64; b++)
                    src[b] = (unsigned char)rp_rng_next(&rng);
                naive(src + off, want, 1, nb, block, count, NULL);
                memset(got, 0xA5, out + 1);
                k((const char *)src + off, (char *)got, nb, block, count);
                CHECKF(memcmp(got, want, out) == 0 && got[out] == 0xA5,
                       "%s: block %zu count %ld nb %ld offset %zu", rp_isa_name(tested[t]), block,
                       (long)count, (long)nb, off);
                free(src), free(want), free(got);
            }
    }
}

void test_repeat(void)
{
    test_repeat_kernels();
    test_pad();
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
    /* large threaded roll and tile: tasks end inside rows and blocks */
    {
        rp_intp rn = 1000, rblock = 203, rshift = 377;
        size_t rbytes = (size_t)(3 * rn * rblock);
        unsigned char *rs = malloc(rbytes), *rg = malloc(rbytes), *rw = malloc(rbytes);
        for (size_t b = 0; b < rbytes; b++)
            rs[b] = (unsigned char)rp_rng_next(&rng);
        for (rp_intp o = 0; o < 3; o++)
            for (rp_intp i = 0; i < rn; i++)
                memcpy(rw + (size_t)((o * rn + (i + rshift) % rn) * rblock),
                       rs + (size_t)((o * rn + i) * rblock), (size_t)rblock);
        rp_roll_blocks((const char *)rs, (char *)rg, 3, rn, (size_t)rblock, rshift, 0);
        CHECK(memcmp(rg, rw, rbytes) == 0);
        unsigned char *tg = malloc(3 * rbytes), *tw = malloc(3 * rbytes);
        naive(rs, tw, 1, 1, rbytes, 3, NULL);
        rp_repeat_blocks((const char *)rs, (char *)tg, 1, 1, rbytes, 3, NULL, 0);
        CHECK(memcmp(tg, tw, 3 * rbytes) == 0);
        free(rs), free(rg), free(rw), free(tg), free(tw);
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
