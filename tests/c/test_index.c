/* Advanced-indexing drivers: offsets, mask count/compress and gather/scatter
 * against naive loops over random shapes, strides and mask bytes. */
#include <stdlib.h>
#include <string.h>

#include "index.h"
#include "pool.h"
#include "test.h"

/* A random mask (bytes 0, 1 or another nonzero value, as a reinterpreted
 * uint8 buffer may hold) of shape n0 x n1 with row stride rs >= n1. */
static void fill_mask(rp_rng *r, unsigned char *buf, size_t len, int density)
{
    for (size_t i = 0; i < len; i++) {
        int v = (int)rp_rng_range(r, 0, 99) < density;
        buf[i] = v ? (rp_rng_range(r, 0, 7) == 0 ? (unsigned char)rp_rng_range(r, 2, 255) : 1)
                   : 0;
    }
}

static void test_masks(void)
{
    rp_rng r = {42};
    static const int densities[] = {0, 1, 50, 99, 100};
    for (int iter = 0; iter < 200; iter++) {
        /* now and then rows long enough for the 32-byte blocks of a sparse mask */
        rp_intp n0 = rp_rng_range(&r, 0, 9), n1 = rp_rng_range(&r, 0, iter % 7 == 0 ? 700 : 40);
        rp_intp ms = rp_rng_range(&r, 1, 2); /* mask column step */
        rp_intp mrow = n1 * ms + rp_rng_range(&r, 0, 3);
        size_t mlen = (size_t)(n0 * mrow + 1);
        unsigned char *mbuf = malloc(mlen);
        fill_mask(&r, mbuf, mlen, densities[iter % 5]);
        rp_intp mshape[2] = {n0, n1}, mstr[2] = {mrow, ms};
        rp_array mask = {(char *)mbuf, mshape, mstr, 2, RP_BOOL};
        rp_intp naive = 0;
        for (rp_intp i = 0; i < n0; i++)
            for (rp_intp j = 0; j < n1; j++)
                naive += mbuf[i * mrow + j * ms] != 0;
        CHECKF(rp_index_mask_count(&mask) == naive, "iter %d", iter);

        /* the source: doubles with a column step of 1 or 3 */
        rp_intp cs = rp_rng_range(&r, 0, 1) ? 1 : 3;
        size_t slen = (size_t)(n0 * n1 * cs + 1);
        double *src = malloc(slen * sizeof(double));
        for (size_t i = 0; i < slen; i++)
            src[i] = (double)rp_rng_next(&r);
        rp_intp sstr[2] = {n1 * cs * 8, cs * 8};
        double *want = malloc((size_t)(naive + 1) * sizeof(double));
        rp_intp k = 0;
        for (rp_intp i = 0; i < n0; i++)
            for (rp_intp j = 0; j < n1; j++)
                if (mbuf[i * mrow + j * ms])
                    want[k++] = src[i * n1 * cs + j * cs];
        double *got = malloc((size_t)(naive + 1) * sizeof(double));
        CHECK(rp_index_compress(&mask, (const char *)src, sstr, 8, (char *)got, naive));
        CHECKF(memcmp(got, want, (size_t)naive * 8) == 0, "compress iter %d", iter);
        /* the offsets path gives the same bits */
        rp_intp *off = malloc((size_t)(naive + 1) * sizeof(rp_intp));
        rp_index_mask_offsets(&mask, sstr, off);
        rp_index_plan p = {.base = (char *)src, .itemsize = 8, .n = naive, .offsets = off};
        memset(got, 0, (size_t)(naive + 1) * 8);
        rp_index_gather(&p, (char *)got);
        CHECKF(memcmp(got, want, (size_t)naive * 8) == 0, "gather iter %d", iter);
        /* coordinates */
        rp_intp *c0 = malloc((size_t)(naive + 1) * sizeof(rp_intp));
        rp_intp *c1 = malloc((size_t)(naive + 1) * sizeof(rp_intp));
        rp_intp *coords[2] = {c0, c1};
        rp_index_mask_coords(&mask, coords);
        bool ok = true;
        for (rp_intp i = 0; i < naive; i++)
            ok &= src[c0[i] * n1 * cs + c1[i] * cs] == want[i];
        CHECKF(ok, "coords iter %d", iter);
        free(mbuf), free(src), free(want), free(got), free(off), free(c0), free(c1);
    }
}

static void test_offsets_and_scatter(void)
{
    /* a 5 x 4 int32 array; rows [4, -1, 0, 4] of columns [[1], [3]]: broadcast (2, 4) */
    int32_t a[20];
    for (int i = 0; i < 20; i++)
        a[i] = i;
    rp_intp rows[4] = {4, -1, 0, 4}, cols[2] = {1, 3};
    rp_intp rstr[2] = {0, 8}, cstr[2] = {8, 0};
    rp_index_term t[2] = {{rows, rstr, 5, 16}, {cols, cstr, 4, 4}};
    rp_intp shape[2] = {2, 4}, off[8];
    int bad = -1;
    rp_intp badv = 0;
    CHECK(rp_index_offsets(2, t, 2, shape, off, &bad, &badv) == RP_OK);
    int32_t got[8];
    rp_index_plan p = {.base = (char *)a, .itemsize = 4, .n = 8, .offsets = off};
    rp_index_gather(&p, (char *)got);
    static const int32_t want[8] = {17, 17, 1, 17, 19, 19, 3, 19};
    CHECK(memcmp(got, want, sizeof want) == 0);
    /* repeated offsets: the last write wins */
    static const int32_t vals[8] = {100, 101, 102, 103, 104, 105, 106, 107};
    rp_index_scatter(&p, (const char *)vals);
    CHECK(a[17] == 103 && a[1] == 102 && a[19] == 107 && a[3] == 106);
    /* out of bounds: the first in C order */
    rows[2] = -6;
    CHECK(rp_index_offsets(2, t, 2, shape, off, &bad, &badv) == RP_EINDEX);
    CHECK(bad == 0 && badv == -6);
    /* inner blocks: rows of a 3 x 5 float array, gathered by [2, 0, 2] */
    float f[15], fg[15];
    for (int i = 0; i < 15; i++)
        f[i] = (float)i;
    rp_intp roff[3] = {40, 0, 40};
    rp_index_plan q = {.base = (char *)f, .itemsize = 4, .ninner = 1, .n = 3, .offsets = roff};
    q.ishape[0] = 5;
    q.istrides[0] = 4;
    rp_index_gather(&q, (char *)fg);
    bool ok = true;
    for (int i = 0; i < 15; i++)
        ok &= fg[i] == f[(i / 5 == 1 ? 0 : 10) + i % 5];
    CHECK(ok);
    q.istrides[0] = -4; /* a reversed row */
    q.base = (char *)(f + 4);
    rp_index_gather(&q, (char *)fg);
    CHECK(fg[0] == 14 && fg[4] == 10 && fg[5] == 4);
}

/* nonzero of a strided 2-D view (negative row step included) of every
 * dtype, against a naive walk that tests each element by value. */
static bool naive_nonzero(rp_dtype dt, const char *p)
{
    switch (dt) {
    case RP_FLOAT64: { double v; memcpy(&v, p, 8); return v != 0; }
    case RP_FLOAT32: { float v; memcpy(&v, p, 4); return v != 0; }
    default: break;
    }
    unsigned char z[8] = {0};
    return memcmp(p, z, (size_t)rp_dtype_get(dt)->size) != 0;
}

static void test_nonzero(void)
{
    rp_rng r = {7};
    static const rp_dtype dts[] = {RP_BOOL, RP_INT8, RP_UINT16, RP_INT32, RP_INT64,
                                   RP_FLOAT32, RP_FLOAT64};
    static const double fvals[] = {0.0, -0.0, 1.0, -2.5, 1e-320, 0.0, 0.0};
    for (int iter = 0; iter < 300; iter++) {
        rp_dtype dt = dts[iter % 7];
        size_t isz = (size_t)rp_dtype_get(dt)->size;
        int nd = (int)rp_rng_range(&r, 0, 2);
        rp_intp n0 = rp_rng_range(&r, 0, 7), n1 = rp_rng_range(&r, 0, 37);
        rp_intp cs = rp_rng_range(&r, 1, 2), row = n1 * cs + rp_rng_range(&r, 0, 2);
        size_t len = (size_t)((n0 + 1) * row + 1) * isz;
        char *buf = calloc(len, 1);
        for (size_t i = 0; i < len / isz; i++) {
            char *q = buf + i * isz;
            int pick = (int)rp_rng_range(&r, 0, 6);
            if (dt == RP_FLOAT64) {
                double v = pick == 6 ? 0.0 / 0.0 : fvals[pick];
                memcpy(q, &v, 8);
            } else if (dt == RP_FLOAT32) {
                float v = pick == 6 ? 0.0f / 0.0f : (float)fvals[pick];
                memcpy(q, &v, 4);
            } else if (pick >= 4)
                q[rp_rng_range(&r, 0, (rp_intp)isz - 1)] = (char)(dt == RP_BOOL ? 1 : pick);
        }
        /* rows walked backwards half of the time */
        bool back = iter & 1;
        rp_intp shape[2] = {n0, n1};
        rp_intp str[2] = {(back ? -row : row) * (rp_intp)isz, cs * (rp_intp)isz};
        char *base = buf + (back && n0 ? (size_t)((n0 - 1) * row) * isz : 0);
        rp_array a = nd == 2 ? (rp_array){base, shape, str, 2, dt}
                   : nd == 1 ? (rp_array){base, shape + 1, str + 1, 1, dt}
                             : (rp_array){base, NULL, NULL, 0, dt};
        rp_intp rows = nd == 2 ? n0 : 1, cols = nd ? n1 : 1;
        rp_intp want = 0;
        for (rp_intp i = 0; i < rows; i++)
            for (rp_intp j = 0; j < cols; j++)
                want += naive_nonzero(dt, base + (nd == 2 ? i * str[0] : 0) + (nd ? j * str[1] : 0));
        rp_intp got = rp_index_nonzero_count(&a);
        CHECKF(got == want, "iter %d: %ld != %ld", iter, (long)got, (long)want);
        rp_intp *flat = malloc((size_t)(want + 1) * sizeof *flat);
        rp_intp *c0 = malloc((size_t)(want + 1) * sizeof *c0), *c1 = malloc((size_t)(want + 1) * sizeof *c1);
        rp_intp *coords[2] = {nd == 2 ? c0 : c1, c1};
        rp_index_nonzero_fill(&a, coords, flat, want);
        if (nd)
            rp_index_nonzero_fill(&a, coords, NULL, want);
        rp_intp k = 0;
        bool ok = true;
        for (rp_intp i = 0; i < rows; i++)
            for (rp_intp j = 0; j < cols; j++)
                if (naive_nonzero(dt, base + (nd == 2 ? i * str[0] : 0) + (nd ? j * str[1] : 0))) {
                    ok &= flat[k] == i * cols + j;
                    if (nd)
                        ok &= c1[k] == j && (nd < 2 || c0[k] == i);
                    k++;
                }
        CHECKF(ok, "iter %d: coordinates", iter);
        free(flat);
        free(c0);
        free(c1);
        free(buf);
    }
}

/* nonzero of long contiguous arrays: the blocks counted and filled on
 * threads (1 and 2 threads), at densities from empty to full, sparse and
 * dense fills, against a naive walk. */
static void test_nonzero_long(void)
{
    rp_rng r = {9};
    int saved = rp_threads_get();
    static const rp_dtype dts[] = {RP_BOOL, RP_INT8, RP_FLOAT64};
    static const int permille[] = {0, 1, 20, 500, 1000};
    for (int iter = 0; iter < 30; iter++) {
        rp_dtype dt = dts[iter % 3];
        size_t isz = (size_t)rp_dtype_get(dt)->size;
        rp_intp n = rp_rng_range(&r, 1 << 16, 3 << 17);
        char *buf = calloc((size_t)n, isz);
        int pm = permille[iter % 5];
        rp_intp want = 0;
        for (rp_intp i = 0; i < n; i++)
            if (rp_rng_range(&r, 0, 999) < pm) {
                if (dt == RP_FLOAT64)
                    ((double *)(void *)buf)[i] = -1.5;
                else
                    buf[i] = (char)(dt == RP_BOOL ? 1 : rp_rng_range(&r, 1, 127));
                want++;
            }
        rp_array a = {buf, &n, (rp_intp[]){(rp_intp)isz}, 1, dt};
        rp_intp *flat = malloc((size_t)(want + 1) * sizeof *flat);
        for (int threads = 1; threads <= 2; threads++) {
            rp_threads_set(threads);
            CHECKF(rp_index_nonzero_count(&a) == want, "iter %d threads %d", iter, threads);
            memset(flat, 0xff, (size_t)(want + 1) * sizeof *flat);
            rp_index_nonzero_fill(&a, (rp_intp *[]){flat}, NULL, want);
            rp_intp k = 0;
            bool ok = flat[want] == -1; /* nothing written past the end */
            for (rp_intp i = 0; i < n && ok; i++)
                if (naive_nonzero(dt, buf + (size_t)i * isz))
                    ok = flat[k++] == i;
            CHECKF(ok && k == want, "iter %d threads %d: fill", iter, threads);
        }
        free(flat);
        free(buf);
    }
    rp_threads_set(saved);
}

/* rp_index_take_first against a naive copy: every row width the typed
 * loops take and others, forward and reversed first axes, negative
 * indices, and the position of the first index out of bounds. */
static void test_take_first(void)
{
    static const size_t rows[] = {1, 2, 4, 8, 3, 12, 40};
    rp_rng r = {41};
    static unsigned char src[50 * 40], got[600 * 40], want[600 * 40];
    for (size_t b = 0; b < sizeof src; b++)
        src[b] = (unsigned char)rp_rng_next(&r);
    for (int iter = 0; iter < 300; iter++) {
        size_t row = rows[iter % 7];
        rp_intp len = rp_rng_range(&r, 1, 50), n = rp_rng_range(&r, 0, iter % 3 ? 64 : 600);
        bool reversed = iter % 2;
        const char *base = (const char *)src + (reversed ? (size_t)(len - 1) * row : 0);
        rp_intp stride = reversed ? -(rp_intp)row : (rp_intp)row;
        rp_intp idx[600], bad = n;
        for (rp_intp j = 0; j < n; j++) {
            idx[j] = rp_rng_range(&r, -len, len - 1);
            if (iter % 5 == 0 && rp_rng_range(&r, 0, 20 + n) == 0) /* now and then out of bounds */
                idx[j] = rp_rng_range(&r, 0, 1) ? len + j : -len - 1 - j;
        }
        for (rp_intp j = 0; j < n && bad == n; j++) {
            rp_intp i = idx[j] < 0 ? idx[j] + len : idx[j];
            if (i < 0 || i >= len)
                bad = j;
            else
                memcpy(want + (size_t)j * row, base + i * stride, row);
        }
        rp_intp done = rp_index_take_first(base, len, stride, row, idx, n, (char *)got);
        CHECKF(done == bad && memcmp(got, want, (size_t)bad * row) == 0,
               "iter %d: row %zu len %ld n %ld: %ld != %ld", iter, row, (long)len, (long)n,
               (long)done, (long)bad);
    }
}

/* The split take (above its cost cutoff, over the pool): the same bytes and
 * the same first bad position at 1, 2 and 3 threads, bad indices placed in
 * one or several ranges; and an empty axis, where every index is bad. */
static void test_take_first_split(void)
{
    enum { LEN = 5000, N = 60000 };
    static const size_t rows[] = {1, 2, 4, 8, 24};
    static unsigned char src[LEN * 24], got[(size_t)N * 24], want[(size_t)N * 24];
    static rp_intp idx[N];
    rp_rng r = {43};
    int saved = rp_threads_get();
    for (size_t b = 0; b < sizeof src; b++)
        src[b] = (unsigned char)rp_rng_next(&r);
    for (int iter = 0; iter < 20; iter++) {
        size_t row = rows[iter % 5];
        for (rp_intp j = 0; j < N; j++)
            idx[j] = rp_rng_range(&r, -LEN, LEN - 1);
        rp_intp bad = N;
        for (int k = 0; k < iter % 4; k++) { /* 0-3 bad indices anywhere */
            rp_intp at = rp_rng_range(&r, 0, N - 1);
            idx[at] = k % 2 ? LEN + at : -LEN - 1;
            bad = at < bad ? at : bad;
        }
        for (rp_intp j = 0; j < bad; j++)
            memcpy(want + (size_t)j * row, src + (idx[j] < 0 ? idx[j] + LEN : idx[j]) * row, row);
        for (int t = 1; t <= 3; t++) {
            rp_threads_set(t);
            rp_intp done = rp_index_take_first((const char *)src, LEN, (rp_intp)row, row, idx, N,
                                               (char *)got);
            CHECKF(done == bad && memcmp(got, want, (size_t)bad * row) == 0,
                   "iter %d threads %d: %ld != %ld", iter, t, (long)done, (long)bad);
        }
        rp_threads_set(saved);
        CHECK(rp_index_take_first((const char *)src, 0, (rp_intp)row, row, idx, N, (char *)got) ==
              0);
        CHECK(rp_index_take_first((const char *)src, 0, (rp_intp)row, row, idx, 0, (char *)got) ==
              0);
    }
}

/* mask fill and expand (index_set.c) against a naive walk: every itemsize,
 * contiguous and strided masks and destinations, densities 0..100%, rows of
 * lengths around the 8-byte words, 0-size shapes. */
static void test_mask_set(void)
{
    rp_rng r = {7};
    static const int densities[] = {0, 1, 50, 99, 100};
    static const size_t sizes[] = {1, 2, 4, 8};
    for (int iter = 0; iter < 400; iter++) {
        size_t isz = sizes[iter % 4];
        rp_intp n0 = rp_rng_range(&r, 0, 5), n1 = rp_rng_range(&r, 0, 37);
        rp_intp ms = rp_rng_range(&r, 1, 2), mrow = n1 * ms + rp_rng_range(&r, 0, 3);
        size_t mlen = (size_t)(n0 * mrow + 1);
        unsigned char *mbuf = malloc(mlen);
        fill_mask(&r, mbuf, mlen, densities[(iter / 4) % 5]);
        rp_intp mshape[2] = {n0, n1}, mstr[2] = {mrow, ms};
        rp_array mask = {(char *)mbuf, mshape, mstr, 2, RP_BOOL};
        rp_intp count = rp_index_mask_count(&mask);
        rp_intp cs = rp_rng_range(&r, 0, 1) ? 1 : 2; /* destination column step */
        bool neg = rp_rng_range(&r, 0, 1);           /* rows reversed */
        size_t dlen = (size_t)(n0 * n1 * cs + 1) * isz;
        unsigned char *d1 = malloc(dlen), *d2 = malloc(dlen), *src = malloc((size_t)(count + 1) * isz);
        for (size_t i = 0; i < dlen; i++)
            d1[i] = d2[i] = (unsigned char)rp_rng_next(&r);
        for (size_t i = 0; i < (size_t)(count + 1) * isz; i++)
            src[i] = (unsigned char)rp_rng_next(&r);
        rp_intp rowb = n1 * cs * (rp_intp)isz;
        char *base = (char *)d2 + (neg && n0 ? (n0 - 1) * rowb : 0);
        rp_intp dstr[2] = {neg ? -rowb : rowb, cs * (rp_intp)isz};
        bool fill = iter % 8 < 4;
        /* naive */
        rp_intp k = 0;
        for (rp_intp i = 0; i < n0; i++)
            for (rp_intp j = 0; j < n1; j++)
                if (mbuf[i * mrow + j * ms]) {
                    rp_intp row = neg ? n0 - 1 - i : i;
                    memcpy(d1 + (size_t)(row * rowb + j * cs * (rp_intp)isz),
                           fill ? src : src + (size_t)k * isz, isz);
                    k++;
                }
        bool ok = fill ? rp_index_mask_fill(&mask, base, dstr, isz, (const char *)src)
                       : rp_index_expand(&mask, base, dstr, isz, (const char *)src, count);
        CHECKF(ok && memcmp(d1, d2, dlen) == 0, "iter %d isz %zu %ldx%ld fill %d", iter, isz,
               (long)n0, (long)n1, fill);
        free(mbuf);
        free(d1);
        free(d2);
        free(src);
    }
    rp_array zero_d = {NULL, NULL, NULL, 0, RP_BOOL};
    char v[16] = {0};
    rp_intp st[1] = {0};
    CHECK(!rp_index_mask_fill(&zero_d, v, st, 8, v));
    rp_intp sh1[1] = {1}, s1[1] = {1};
    rp_array one = {v, sh1, s1, 1, RP_BOOL};
    CHECK(!rp_index_expand(&one, v, st, 16, v, 0)); /* no itemsize 16 loop */
}

/* rp_index_put_first against a naive loop: row sizes 1..24 bytes, repeated
 * and negative indices (last write wins), a broadcast row, out of bounds
 * (nothing written). */
static void test_put_first(void)
{
    rp_rng r = {11};
    static const size_t rows[] = {1, 2, 4, 8, 3, 24};
    for (int iter = 0; iter < 300; iter++) {
        size_t row = rows[iter % 6];
        rp_intp len = rp_rng_range(&r, 1, 20), n = rp_rng_range(&r, 0, 40);
        size_t dlen = (size_t)len * row;
        unsigned char *want = malloc(dlen), *got = malloc(dlen), *src = malloc((size_t)(n + 1) * row);
        for (size_t i = 0; i < dlen; i++)
            want[i] = got[i] = (unsigned char)rp_rng_next(&r);
        for (size_t i = 0; i < (size_t)(n + 1) * row; i++)
            src[i] = (unsigned char)rp_rng_next(&r);
        rp_intp idx[40], bad = n;
        for (rp_intp j = 0; j < n; j++) {
            idx[j] = rp_rng_range(&r, -len, len - 1);
            if (iter % 7 == 0 && rp_rng_range(&r, 0, 10) == 0)
                idx[j] = rp_rng_range(&r, 0, 1) ? len + j : -len - 1 - j;
        }
        for (rp_intp j = 0; j < n && bad == n; j++)
            if (idx[j] < -len || idx[j] >= len)
                bad = j;
        rp_intp step = iter % 5 == 0 ? 0 : (rp_intp)row;
        bool reversed = iter % 2;
        char *base = (char *)got + (reversed ? (size_t)(len - 1) * row : 0);
        rp_intp stride = reversed ? -(rp_intp)row : (rp_intp)row;
        if (bad == n)
            for (rp_intp j = 0; j < n; j++) {
                rp_intp i = idx[j] < 0 ? idx[j] + len : idx[j];
                rp_intp at = reversed ? len - 1 - i : i;
                memcpy(want + (size_t)at * row, src + (size_t)(j * step), row);
            }
        rp_intp done = rp_index_put_first(base, len, stride, row, idx, n, (const char *)src, step);
        CHECKF(done == bad && memcmp(got, want, dlen) == 0, "iter %d row %zu", iter, row);
        free(want);
        free(got);
        free(src);
    }
}

/* Long puts: the naive in-order result at 1, 2 and 3 threads (any split
 * over the pool must keep it), with
 * many repeated indices (the last write wins), short and long first axes,
 * reversed strides, a broadcast row, and nothing written for a bad index. */
static void test_put_first_split(void)
{
    enum { N = 40000 };
    static const size_t rows[] = {1, 2, 4, 8, 24};
    static const rp_intp lens[] = {1, 2, 3, 997, 6000};
    static rp_intp idx[N];
    rp_rng r = {12};
    int saved = rp_threads_get();
    for (int iter = 0; iter < 25; iter++) {
        size_t row = rows[iter % 5];
        rp_intp len = lens[iter / 5], step = iter % 3 == 0 ? 0 : (rp_intp)row;
        size_t dlen = (size_t)len * row;
        unsigned char *init = malloc(dlen), *want = malloc(dlen), *got = malloc(dlen);
        unsigned char *src = malloc((size_t)N * row);
        for (size_t i = 0; i < dlen; i++)
            init[i] = want[i] = (unsigned char)rp_rng_next(&r);
        for (size_t i = 0; i < (size_t)N * row; i++)
            src[i] = (unsigned char)rp_rng_next(&r);
        for (rp_intp j = 0; j < N; j++)
            idx[j] = rp_rng_range(&r, -len, len - 1);
        bool reversed = iter % 2;
        for (rp_intp j = 0; j < N; j++) {
            rp_intp i = idx[j] < 0 ? idx[j] + len : idx[j];
            rp_intp at = reversed ? len - 1 - i : i;
            memcpy(want + (size_t)at * row, src + (size_t)(j * step), row);
        }
        for (int t = 1; t <= 3; t++) {
            rp_threads_set(t);
            memcpy(got, init, dlen);
            char *base = (char *)got + (reversed ? (size_t)(len - 1) * row : 0);
            rp_intp stride = reversed ? -(rp_intp)row : (rp_intp)row;
            rp_intp done =
                rp_index_put_first(base, len, stride, row, idx, N, (const char *)src, step);
            CHECKF(done == N && memcmp(got, want, dlen) == 0, "iter %d threads %d", iter, t);
            rp_intp keep = idx[N / 2 + iter];
            idx[N / 2 + iter] = len + iter; /* now one is out of bounds: nothing written */
            memcpy(got, init, dlen);
            done = rp_index_put_first(base, len, stride, row, idx, N, (const char *)src, step);
            CHECKF(done == N / 2 + iter && memcmp(got, init, dlen) == 0, "iter %d threads %d bad",
                   iter, t);
            idx[N / 2 + iter] = keep;
        }
        rp_threads_set(saved);
        free(init);
        free(want);
        free(got);
        free(src);
    }
}

void test_index(void)
{
    test_mask_set();
    test_put_first();
    test_put_first_split();
    test_take_first();
    test_take_first_split();
    test_masks();
    test_offsets_and_scatter();
    test_nonzero();
    test_nonzero_long();
}
