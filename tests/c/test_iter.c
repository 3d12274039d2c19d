/* The N-D iterator against a naive index walk. */
#include <stdlib.h>
#include <string.h>

#include "test.h"

#define MAXN 4096 /* elements per case */

/* What the kernel saw: one row of operand byte offsets (from each operand's
 * data pointer) per element, in visiting order. */
typedef struct {
    int nop;
    rp_intp n, calls, bad;
    char *data[RP_MAXOPS];
    rp_intp rows[MAXN * 2][RP_MAXOPS]; /* room for a run past the end */
    rp_intp first_steps[RP_MAXOPS];
} recorder;

static void record(char *const *args, rp_intp n, const rp_intp *steps, const void *ctx)
{
    recorder *r = (recorder *)(void *)(uintptr_t)ctx;
    if (r->calls++ == 0)
        memcpy(r->first_steps, steps, sizeof(rp_intp) * (size_t)r->nop);
    if (n <= 0 || r->n + n > MAXN * 2) {
        r->bad++;
        return;
    }
    for (rp_intp i = 0; i < n; i++, r->n++)
        for (int op = 0; op < RP_MAXOPS; op++)
            r->rows[r->n][op] = op < r->nop ? (args[op] - r->data[op]) + i * steps[op] : 0;
}

static void rec_reset(recorder *r, int nop, char *const *data)
{
    r->nop = nop;
    r->n = r->calls = r->bad = 0;
    memcpy(r->data, data, sizeof(char *) * (size_t)nop);
}

/* The naive walk: every multi-index in C order, the offsets it addresses. */
static rp_intp naive(int nop, int nd, const rp_intp *shape, rp_intp strides[][RP_MAXDIMS],
                     rp_intp (*rows)[RP_MAXOPS])
{
    rp_intp idx[RP_MAXDIMS] = {0}, size = 1;
    for (int i = 0; i < nd; i++)
        size *= shape[i];
    for (rp_intp k = 0; k < size; k++) {
        for (int op = 0; op < RP_MAXOPS; op++) {
            rp_intp off = 0;
            for (int i = 0; i < nd && op < nop; i++)
                off += idx[i] * strides[op][i];
            rows[k][op] = off;
        }
        for (int i = nd - 1; i >= 0; i--) {
            if (++idx[i] < shape[i])
                break;
            idx[i] = 0;
        }
    }
    return size;
}

static int sort_nop;
static int cmp_row(const void *a, const void *b)
{
    const rp_intp *x = a, *y = b;
    for (int op = 0; op < sort_nop; op++)
        if (x[op] != y[op])
            return x[op] < y[op] ? -1 : 1;
    return 0;
}

static bool same_rows(rp_intp (*a)[RP_MAXOPS], rp_intp (*b)[RP_MAXOPS], rp_intp n)
{
    return n == 0 || memcmp(a, b, sizeof(rp_intp) * RP_MAXOPS * (size_t)n) == 0;
}

static bool same_multiset(int nop, rp_intp (*a)[RP_MAXOPS], rp_intp (*b)[RP_MAXOPS], rp_intp n)
{
    static rp_intp sa[MAXN][RP_MAXOPS], sb[MAXN][RP_MAXOPS];
    memcpy(sa, a, sizeof(rp_intp) * RP_MAXOPS * (size_t)n);
    memcpy(sb, b, sizeof(rp_intp) * RP_MAXOPS * (size_t)n);
    sort_nop = nop;
    qsort(sa, (size_t)n, sizeof sa[0], cmp_row);
    qsort(sb, (size_t)n, sizeof sb[0], cmp_row);
    return same_rows(sa, sb, n);
}

/* One operand's strides for a shape: C strides over some axis order with
 * gaps, then some axes negated or broadcast (0), or fully arbitrary (the
 * iterator must not assume distinct elements have distinct addresses). */
static void random_strides(rp_rng *r, int nd, const rp_intp *shape, rp_intp *st)
{
    rp_intp item = (rp_intp)1 << rp_rng_range(r, 0, 3);
    int kind = (int)rp_rng_range(r, 0, 9);
    if (kind == 0) {
        for (int i = 0; i < nd; i++)
            st[i] = item * rp_rng_range(r, -9, 9);
        return;
    }
    int perm[RP_MAXDIMS];
    for (int i = 0; i < nd; i++)
        perm[i] = i;
    if (kind <= 4)
        for (int i = nd - 1; i > 0; i--) {
            int j = (int)rp_rng_range(r, 0, i), t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
    rp_intp s = item * (kind == 5 ? rp_rng_range(r, 1, 3) : 1);
    for (int k = nd - 1; k >= 0; k--) {
        int ax = perm[k];
        st[ax] = s;
        s *= (shape[ax] ? shape[ax] : 1) * (rp_rng_range(r, 0, 5) == 0 ? 2 : 1);
    }
    for (int i = 0; i < nd; i++) {
        int m = (int)rp_rng_range(r, 0, 9);
        if (m == 0)
            st[i] = -st[i];
        else if (m == 1)
            st[i] = 0;
    }
}

#define BUFSZ (1 << 16)

/* A real buffer for an operand, with its data pointer placed so that every
 * element lies inside (negative strides reach below the data pointer);
 * NULL if the layout does not fit. */
static char *place(char *buf, int nd, const rp_intp *shape, const rp_intp *st)
{
    rp_intp below = 0, above = 0;
    for (int i = 0; i < nd; i++)
        if (shape[i] > 0) {
            if (st[i] < 0)
                below -= st[i] * (shape[i] - 1);
            else
                above += st[i] * (shape[i] - 1);
        }
    return below + above + 8 <= BUFSZ ? buf + below : NULL;
}

static void test_random(void)
{
    static recorder rec, part;
    static rp_intp want[MAXN][RP_MAXOPS];
    static char bufs[RP_MAXOPS][BUFSZ];
    rp_rng r = {11};
    int ncases = 0, nsplit = 0;
    for (int t = 0; t < 1500; t++) {
        int nd = (int)rp_rng_range(&r, 0, 6), nop = (int)rp_rng_range(&r, 1, 3);
        if (t % 50 == 0)
            nop = RP_MAXOPS;
        rp_intp shape[RP_MAXDIMS], size = 1;
        for (int i = 0; i < nd; i++) {
            int k = (int)rp_rng_range(&r, 0, 19);
            shape[i] = k == 0 ? 0 : k < 5 ? 1 : rp_rng_range(&r, 2, nd > 4 ? 4 : 7);
            size *= shape[i];
        }
        if (size > MAXN)
            continue;
        rp_intp strides[RP_MAXOPS][RP_MAXDIMS];
        const rp_intp *sp[RP_MAXOPS];
        char *data[RP_MAXOPS];
        bool fits = true;
        for (int op = 0; op < nop; op++) {
            random_strides(&r, nd, shape, strides[op]);
            sp[op] = strides[op];
            data[op] = place(bufs[op], nd, shape, strides[op]);
            fits &= data[op] != NULL;
        }
        if (!fits)
            continue;
        ncases++;
        rp_intp n = naive(nop, nd, shape, strides, want);

        unsigned flags = t % 3 == 0 ? RP_ITER_C_ORDER : 0;
        rp_iter it;
        CHECKF(rp_iter_init(&it, nop, data, nd, shape, sp, flags) == RP_OK, "case %d", t);
        CHECKF(it.size == n && it.ndim >= 1 && it.ndim <= (nd ? nd : 1), "case %d", t);
        rec_reset(&rec, nop, data);
        rp_iter_run(&it, 0, it.size, record, &rec);
        CHECKF(rec.bad == 0 && rec.n == n, "case %d: %td of %td elements", t, rec.n, n);
        if (rec.bad || rec.n != n)
            continue;
        CHECKF(same_multiset(nop, rec.rows, want, n), "case %d", t);
        if (flags & RP_ITER_C_ORDER)
            CHECKF(same_rows(rec.rows, want, n), "case %d: not in C order", t);

        /* Random ranges covering [0, size) (some empty, the last possibly
         * running past the end) replay the full run's order exactly. */
        for (int rep = 0; rep < 2; rep++) {
            rp_intp cuts[8];
            int nc = (int)rp_rng_range(&r, 0, 6);
            for (int i = 0; i < nc; i++)
                cuts[i] = rp_rng_range(&r, 0, n);
            for (int i = 1; i < nc; i++)
                for (int j = i; j > 0 && cuts[j] < cuts[j - 1]; j--) {
                    rp_intp x = cuts[j];
                    cuts[j] = cuts[j - 1];
                    cuts[j - 1] = x;
                }
            rec_reset(&part, nop, data);
            rp_intp lo = 0;
            for (int i = 0; i <= nc; i++) {
                rp_intp hi = i < nc ? cuts[i] : n + rp_rng_range(&r, 0, 3);
                rp_iter_run(&it, lo, hi, record, &part);
                lo = hi;
            }
            nsplit++;
            CHECKF(part.bad == 0 && part.n == n && same_rows(part.rows, rec.rows, n),
                   "case %d: split run differs", t);
        }
    }
    CHECK(ncases > 1000 && nsplit > 2000);
}

static void test_fixed(void)
{
    static recorder rec;
    static double buf[4096];
    rp_iter it;

    /* 0-d: one element; size 0: no kernel call at all. */
    char *d1[1] = {(char *)buf};
    CHECK(rp_iter_init(&it, 1, d1, 0, NULL, (const rp_intp *[]){NULL}, 0) == RP_OK && it.size == 1);
    rec_reset(&rec, 1, d1);
    rp_iter_run(&it, 0, 1, record, &rec);
    CHECK(rec.n == 1 && rec.rows[0][0] == 0 && rec.calls == 1);
    rp_intp zsh[] = {3, 0, 2}, zst[] = {8, 8, 8};
    CHECK(rp_iter_init(&it, 1, d1, 3, zsh, (const rp_intp *[]){zst}, 0) == RP_OK && it.size == 0);
    rec_reset(&rec, 1, d1);
    rp_iter_run(&it, 0, 5, record, &rec);
    CHECK(rec.calls == 0);
    rp_intp osh[] = {2, 3}, ost[] = {24, 8};
    CHECK(rp_iter_init(&it, 1, d1, 2, osh, (const rp_intp *[]){ost}, 0) == RP_OK);
    rec_reset(&rec, 1, d1);
    rp_iter_run(&it, 4, 4, record, &rec);
    rp_iter_run(&it, 5, 2, record, &rec);
    rp_iter_run(&it, 6, 9, record, &rec);
    CHECK(rec.calls == 0);
    CHECK(rp_iter_init(&it, 0, d1, 2, osh, (const rp_intp *[]){ost}, 0) == RP_EVALUE);
    CHECK(rp_iter_init(&it, RP_MAXOPS + 1, d1, 2, osh, (const rp_intp *[]){ost}, 0) == RP_EVALUE);
    rp_intp nsh[] = {2, -3};
    CHECK(rp_iter_init(&it, 1, d1, 2, nsh, (const rp_intp *[]){ost}, 0) == RP_EVALUE);

    /* Contiguous operands of one layout coalesce into a single run, in
     * either order; a broadcast scalar does not prevent that. */
    rp_intp sh[] = {3, 4, 5}, c[] = {160, 40, 8}, f[] = {8, 24, 96}, z[] = {0, 0, 0};
    char *d3[3] = {(char *)buf, (char *)(buf + 1024), (char *)(buf + 2048)};
    const rp_intp *cc[3] = {c, c, z};
    CHECK(rp_iter_init(&it, 3, d3, 3, sh, cc, 0) == RP_OK && it.ndim == 1);
    rec_reset(&rec, 3, d3);
    rp_iter_run(&it, 0, it.size, record, &rec);
    CHECK(rec.calls == 1 && rec.n == 60 && rec.first_steps[0] == 8 && rec.first_steps[2] == 0);
    const rp_intp *ff[2] = {f, f};
    CHECK(rp_iter_init(&it, 2, d3, 3, sh, ff, 0) == RP_OK && it.ndim == 1);
    rec_reset(&rec, 2, d3);
    rp_iter_run(&it, 0, it.size, record, &rec);
    CHECK(rec.calls == 1 && rec.n == 60 && rec.first_steps[0] == 8);
    /* ...but in forced C order the F layout cannot coalesce. */
    CHECK(rp_iter_init(&it, 2, d3, 3, sh, ff, RP_ITER_C_ORDER) == RP_OK && it.ndim == 3);
    /* C order with a reversed array still coalesces: a[::-1, ::-1, ::-1]. */
    rp_intp rc[] = {-160, -40, -8};
    char *dr[1] = {(char *)(buf + 59)};
    CHECK(rp_iter_init(&it, 1, dr, 3, sh, (const rp_intp *[]){rc}, 0) == RP_OK && it.ndim == 1);
    /* One operand: the innermost run follows the smallest stride, and the
     * axes of strides 40 and 120 (= 40 * 3) merge into one of length 15. */
    rp_intp p[] = {40, 8, 120};
    CHECK(rp_iter_init(&it, 1, d1, 3, sh, (const rp_intp *[]){p}, 0) == RP_OK && it.ndim == 2);
    rec_reset(&rec, 1, d1);
    rp_iter_run(&it, 0, it.size, record, &rec);
    CHECK(rec.first_steps[0] == 8 && rec.calls == 15);
    /* Length-1 axes are dropped whatever their strides. */
    rp_intp sh1[] = {1, 6, 1}, st1[] = {999, 8, -5};
    CHECK(rp_iter_init(&it, 1, d1, 3, sh1, (const rp_intp *[]){st1}, 0) == RP_OK && it.ndim == 1 &&
          it.shape[0] == 6 && it.strides[0][0] == 8);
}

void test_iter(void)
{
    test_fixed();
    test_random();
}
