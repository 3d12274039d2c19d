/* Shape arithmetic, contiguity, extents, broadcasting and reshape views. */
#include <stdlib.h>
#include <string.h>

#include "test.h"

#define ND(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* Byte offsets (from the first element) of every element of a strided
 * layout, in C order or F order: the naive oracle every check below uses. */
static rp_intp walk(int nd, const rp_intp *shape, const rp_intp *strides, char order,
                    rp_intp *out)
{
    rp_intp idx[RP_MAXDIMS] = {0}, size = 1;
    for (int i = 0; i < nd; i++)
        size *= shape[i];
    for (rp_intp k = 0; k < size; k++) {
        rp_intp off = 0;
        for (int i = 0; i < nd; i++)
            off += idx[i] * strides[i];
        out[k] = off;
        for (int j = 0; j < nd; j++) {
            int ax = order == 'C' ? nd - 1 - j : j;
            if (++idx[ax] < shape[ax])
                break;
            idx[ax] = 0;
        }
    }
    return size;
}

static rp_array desc(int nd, rp_intp *shape, rp_intp *strides, rp_dtype dt, char *data)
{
    rp_array a = {data, shape, strides, nd, dt};
    return a;
}

static void test_shape_size(void)
{
    rp_intp n = -7;
    CHECK(rp_shape_size(0, NULL, &n) == RP_OK && n == 1);
    rp_intp s1[] = {2, 3, 4};
    CHECK(rp_shape_size(3, s1, &n) == RP_OK && n == 24);
    rp_intp s2[] = {5, 0, 7};
    CHECK(rp_shape_size(3, s2, &n) == RP_OK && n == 0);
    /* A zero extent wins over an overflowing product, before or after it. */
    rp_intp s3[] = {(rp_intp)1 << 40, (rp_intp)1 << 40, 0};
    CHECK(rp_shape_size(3, s3, &n) == RP_OK && n == 0);
    rp_intp s4[] = {0, (rp_intp)1 << 40, (rp_intp)1 << 40};
    CHECK(rp_shape_size(3, s4, &n) == RP_OK && n == 0);
    CHECK(rp_shape_size(2, s3, &n) == RP_EOVERFLOW);
    CHECK(rp_shape_size(2, s4 + 1, &n) == RP_EOVERFLOW);
    rp_intp s5[] = {PTRDIFF_MAX, 1};
    CHECK(rp_shape_size(2, s5, &n) == RP_OK && n == PTRDIFF_MAX);
    rp_intp s6[] = {PTRDIFF_MAX / 2 + 1, 2};
    CHECK(rp_shape_size(2, s6, &n) == RP_EOVERFLOW);
    rp_intp s7[] = {(rp_intp)1 << 31, (rp_intp)1 << 31, 2};
    CHECK(rp_shape_size(3, s7, &n) == RP_EOVERFLOW);
    CHECK(rp_shape_size(2, s7, &n) == RP_OK && n == (rp_intp)1 << 62);
    /* Negative extents are invalid whatever else the shape holds. */
    rp_intp s8[] = {2, -1};
    CHECK(rp_shape_size(2, s8, &n) == RP_EVALUE);
    rp_intp s9[] = {0, -1};
    CHECK(rp_shape_size(2, s9, &n) == RP_EVALUE);
    rp_intp s10[] = {(rp_intp)1 << 40, (rp_intp)1 << 40, -3};
    CHECK(rp_shape_size(3, s10, &n) == RP_EVALUE);
    rp_intp s11[] = {-1, 0};
    CHECK(rp_shape_size(2, s11, &n) == RP_EVALUE);

    size_t nb = 12345;
    CHECK(rp_shape_nbytes(0, NULL, 8, &nb) == RP_OK && nb == 8);
    CHECK(rp_shape_nbytes(3, s1, 8, &nb) == RP_OK && nb == 192);
    CHECK(rp_shape_nbytes(3, s3, 8, &nb) == RP_OK && nb == 0);
    CHECK(rp_shape_nbytes(2, s3, 8, &nb) == RP_EOVERFLOW);
    CHECK(rp_shape_nbytes(2, s8, 8, &nb) == RP_EVALUE);
    /* The element count fits, the byte count does not: too big to allocate. */
    rp_intp s12[] = {PTRDIFF_MAX / 8 + 1};
    CHECK(rp_shape_nbytes(1, s12, 8, &nb) == RP_ENOMEM);
    CHECK(rp_shape_nbytes(1, s12, 4, &nb) == RP_OK && nb == (size_t)(PTRDIFF_MAX / 8 + 1) * 4);
    rp_intp s13[] = {PTRDIFF_MAX};
    CHECK(rp_shape_nbytes(1, s13, 1, &nb) == RP_OK && nb == (size_t)PTRDIFF_MAX);
    CHECK(rp_shape_nbytes(1, s13, 2, &nb) == RP_ENOMEM);
}

static bool same(int n, const rp_intp *a, const rp_intp *b)
{
    return n == 0 || memcmp(a, b, sizeof(rp_intp) * (size_t)n) == 0;
}

static void test_strides_for(void)
{
    rp_intp shape[] = {2, 3, 4}, st[3];
    rp_strides_for(3, shape, 8, 'C', st);
    CHECK(same(3, st, (rp_intp[]){96, 32, 8}));
    rp_strides_for(3, shape, 8, 'F', st);
    CHECK(same(3, st, (rp_intp[]){8, 16, 48}));
    rp_strides_for(3, shape, 1, 'C', st);
    CHECK(same(3, st, (rp_intp[]){12, 4, 1}));
    rp_intp one[] = {5}, st1[1];
    rp_strides_for(1, one, 4, 'F', st1);
    CHECK(st1[0] == 4);
    rp_strides_for(0, NULL, 4, 'C', NULL);

    /* Whatever strides a fresh array gets, it must be contiguous in its
     * order, also with size-0 and size-1 extents. */
    rp_rng r = {1};
    for (int t = 0; t < 300; t++) {
        int nd = (int)rp_rng_range(&r, 0, 6);
        rp_intp sh[6], s[6];
        for (int i = 0; i < nd; i++)
            sh[i] = rp_rng_range(&r, 0, 12) == 0 ? 0 : rp_rng_range(&r, 1, 4);
        rp_dtype dt = (rp_dtype)rp_rng_range(&r, 0, RP_NTYPES - 1);
        char order = t & 1 ? 'F' : 'C';
        rp_strides_for(nd, sh, (rp_intp)rp_dtype_size(dt), order, s);
        rp_array a = desc(nd, sh, s, dt, NULL);
        CHECKF(order == 'C' ? rp_array_is_c_contig(&a) : rp_array_is_f_contig(&a), "case %d", t);
    }
}

/* Contiguity by definition: the elements, walked in that order, sit one
 * itemsize after another (vacuously true when there are none). */
static bool contig_oracle(const rp_array *a, char order)
{
    static rp_intp offs[4096];
    rp_intp n = walk(a->ndim, a->shape, a->strides, order, offs);
    for (rp_intp i = 0; i < n; i++)
        if (offs[i] != i * (rp_intp)rp_dtype_size(a->dtype))
            return false;
    return true;
}

static void test_contiguity(void)
{
    struct {
        int nd;
        rp_intp shape[3], strides[3];
        rp_dtype dt;
        bool c, f;
    } cases[] = {
        {3, {2, 3, 4}, {96, 32, 8}, RP_FLOAT64, true, false},
        {3, {2, 3, 4}, {8, 16, 48}, RP_FLOAT64, false, true},
        {2, {1, 3}, {999, 8}, RP_FLOAT64, true, true},  /* size-1 axes never matter */
        {2, {3, 1}, {8, -5}, RP_FLOAT64, true, true},
        {2, {1, 1}, {7, -7}, RP_INT8, true, true},
        {3, {2, 0, 3}, {7, 13, -4}, RP_INT32, true, true}, /* size 0 is both */
        {0, {0}, {0}, RP_UINT16, true, true},
        {1, {3}, {16}, RP_FLOAT64, false, false},
        {1, {3}, {-8}, RP_FLOAT64, false, false},
        {1, {3}, {8}, RP_INT32, false, false},
        {1, {3}, {4}, RP_INT32, true, true},
        {2, {2, 3}, {8, 16}, RP_FLOAT64, false, true},
        {2, {2, 2}, {8, 8}, RP_FLOAT64, false, false},
        {2, {2, 3}, {0, 8}, RP_FLOAT64, false, false},
        {3, {2, 1, 3}, {24, 0, 8}, RP_FLOAT64, true, false},
    };
    for (int i = 0; i < ND(cases); i++) {
        rp_array a = desc(cases[i].nd, cases[i].shape, cases[i].strides, cases[i].dt, NULL);
        CHECKF(rp_array_is_c_contig(&a) == cases[i].c, "case %d", i);
        CHECKF(rp_array_is_f_contig(&a) == cases[i].f, "case %d", i);
    }

    /* Random layouts near contiguity: C or F strides, then some axes
     * perturbed (scaled, negated, size-1 strides scrambled). */
    rp_rng r = {2};
    int nc = 0, nf = 0;
    for (int t = 0; t < 600; t++) {
        int nd = (int)rp_rng_range(&r, 0, 5);
        rp_intp sh[5], st[5];
        for (int i = 0; i < nd; i++)
            sh[i] = rp_rng_range(&r, 0, 15) == 0 ? 0 : rp_rng_range(&r, 1, 4);
        rp_dtype dt = (rp_dtype)rp_rng_range(&r, 0, RP_NTYPES - 1);
        rp_strides_for(nd, sh, (rp_intp)rp_dtype_size(dt), rp_rng_range(&r, 0, 1) ? 'F' : 'C', st);
        for (int i = 0; i < nd; i++) {
            switch (rp_rng_range(&r, 0, 7)) {
            case 0: st[i] = -st[i]; break;
            case 1: st[i] *= 2; break;
            case 2: st[i] = rp_rng_range(&r, -40, 40); break;
            default: break;
            }
        }
        rp_array a = desc(nd, sh, st, dt, NULL);
        bool c = contig_oracle(&a, 'C'), f = contig_oracle(&a, 'F');
        nc += c;
        nf += f;
        CHECKF(rp_array_is_c_contig(&a) == c, "case %d", t);
        CHECKF(rp_array_is_f_contig(&a) == f, "case %d", t);
        static rp_intp offs[4096];
        CHECKF(rp_array_size(&a) == walk(nd, sh, st, 'C', offs), "case %d", t);
    }
    /* The generator must exercise both answers, or the loop proves little. */
    CHECK(nc > 100 && nc < 500 && nf > 100 && nf < 500);
}

static void test_extent_overlap(void)
{
    static char buf[4096];
    char *lo, *hi;
    rp_intp sh1[] = {3}, st1[] = {-8};
    rp_array a = desc(1, sh1, st1, RP_FLOAT64, buf + 16);
    rp_array_extent(&a, &lo, &hi);
    CHECK(lo == buf && hi == buf + 24);
    rp_intp sh2[] = {2, 3}, st2[] = {-24, 8};
    a = desc(2, sh2, st2, RP_FLOAT64, buf + 24);
    rp_array_extent(&a, &lo, &hi);
    CHECK(lo == buf && hi == buf + 48);
    rp_intp sh3[] = {4, 0}, st3[] = {-8, 8};
    a = desc(2, sh3, st3, RP_INT16, buf + 100);
    rp_array_extent(&a, &lo, &hi);
    CHECK(lo == hi);
    a = desc(0, NULL, NULL, RP_INT32, buf + 8);
    rp_array_extent(&a, &lo, &hi);
    CHECK(lo == buf + 8 && hi == buf + 12);

    /* x[::2] and x[1::2] interleave: their extents overlap, so the
     * conservative answer is "may overlap"; x[:4] and x[4:] do not. */
    rp_intp sh4[] = {4}, st4[] = {16}, st5[] = {8};
    rp_array even = desc(1, sh4, st4, RP_FLOAT64, buf), odd = desc(1, sh4, st4, RP_FLOAT64, buf + 8);
    CHECK(rp_arrays_may_overlap(&even, &odd));
    rp_array left = desc(1, sh4, st5, RP_FLOAT64, buf), right = desc(1, sh4, st5, RP_FLOAT64, buf + 32);
    CHECK(!rp_arrays_may_overlap(&left, &right) && !rp_arrays_may_overlap(&right, &left));
    CHECK(rp_arrays_may_overlap(&left, &left));
    rp_array empty = desc(2, sh3, st3, RP_INT16, buf + 8);
    CHECK(!rp_arrays_may_overlap(&empty, &left) && !rp_arrays_may_overlap(&left, &empty));

    /* Random pairs: the extent is exactly [first byte, last byte + 1), and
     * arrays sharing a byte are always reported as possibly overlapping. */
    rp_rng r = {3};
    static rp_intp offs[2][4096];
    static unsigned char touched[4096];
    for (int t = 0; t < 400; t++) {
        rp_array v[2];
        rp_intp sh[2][4], st[2][4];
        for (int k = 0; k < 2; k++) {
            int nd = (int)rp_rng_range(&r, 0, 4);
            rp_dtype dt = (rp_dtype)rp_rng_range(&r, 0, RP_NTYPES - 1);
            rp_intp item = (rp_intp)rp_dtype_size(dt), neg = 0;
            for (int i = 0; i < nd; i++) {
                sh[k][i] = rp_rng_range(&r, 0, 20) == 0 ? 0 : rp_rng_range(&r, 1, 4);
                st[k][i] = item * rp_rng_range(&r, -6, 6);
                if (st[k][i] < 0)
                    neg -= st[k][i] * (sh[k][i] ? sh[k][i] - 1 : 0);
            }
            v[k] = desc(nd, sh[k], st[k], dt, buf + neg + item * rp_rng_range(&r, 0, 60));
            rp_intp n = walk(nd, sh[k], st[k], 'C', offs[k]);
            rp_array_extent(&v[k], &lo, &hi);
            rp_intp mn = 0, mx = 0;
            for (rp_intp i = 0; i < n; i++) {
                mn = offs[k][i] < mn ? offs[k][i] : mn;
                mx = offs[k][i] > mx ? offs[k][i] : mx;
            }
            if (n == 0)
                CHECKF(lo == hi, "case %d", t);
            else
                CHECKF(lo == v[k].data + mn && hi == v[k].data + mx + item, "case %d op %d", t, k);
        }
        memset(touched, 0, sizeof touched);
        bool shared = false;
        for (int k = 0; k < 2; k++) {
            rp_intp n = walk(v[k].ndim, sh[k], st[k], 'C', offs[k]);
            for (rp_intp i = 0; i < n; i++)
                for (size_t b = 0; b < rp_dtype_size(v[k].dtype); b++) {
                    size_t at = (size_t)(v[k].data - buf + offs[k][i]) + b;
                    if (k == 0)
                        touched[at] = 1;
                    else
                        shared |= touched[at];
                }
        }
        bool may = rp_arrays_may_overlap(&v[0], &v[1]);
        CHECKF(may == rp_arrays_may_overlap(&v[1], &v[0]), "case %d", t);
        CHECKF(!shared || may, "case %d", t);
    }
}

static rp_status bshape(int n, const int *nds, const rp_intp *const *shapes, int *ond, rp_intp *out)
{
    return rp_broadcast_shapes(n, nds, shapes, ond, out);
}

static void test_broadcast(void)
{
    int ond = -1;
    rp_intp out[RP_MAXDIMS];
    {
        rp_intp a[] = {3, 1}, b[] = {1, 4};
        CHECK(bshape(2, (int[]){2, 2}, (const rp_intp *[]){a, b}, &ond, out) == RP_OK && ond == 2 &&
              same(2, out, (rp_intp[]){3, 4}));
    }
    {
        /* NumPy's documented example: (8,1,6,1) with (7,1,5) is (8,7,6,5). */
        rp_intp a[] = {8, 1, 6, 1}, b[] = {7, 1, 5};
        CHECK(bshape(2, (int[]){4, 3}, (const rp_intp *[]){a, b}, &ond, out) == RP_OK && ond == 4 &&
              same(4, out, (rp_intp[]){8, 7, 6, 5}));
    }
    {
        rp_intp a[] = {5, 1, 4}, b[] = {3, 1}, c[] = {4}, d[1] = {0};
        CHECK(bshape(4, (int[]){3, 2, 1, 0}, (const rp_intp *[]){a, b, c, d}, &ond, out) == RP_OK &&
              ond == 3 && same(3, out, (rp_intp[]){5, 3, 4}));
    }
    {
        /* Length 1 stretches to 0; 0 against anything else but 1 fails. */
        rp_intp a[] = {0}, b[] = {1}, c[] = {3}, d[] = {2, 0}, e[] = {2, 1};
        CHECK(bshape(2, (int[]){1, 1}, (const rp_intp *[]){a, b}, &ond, out) == RP_OK && ond == 1 &&
              out[0] == 0);
        CHECK(bshape(2, (int[]){2, 2}, (const rp_intp *[]){d, e}, &ond, out) == RP_OK && ond == 2 &&
              same(2, out, (rp_intp[]){2, 0}));
        CHECK(bshape(2, (int[]){1, 1}, (const rp_intp *[]){a, c}, &ond, out) == RP_ESHAPE);
        CHECK(bshape(3, (int[]){1, 1, 1}, (const rp_intp *[]){b, c, a}, &ond, out) == RP_ESHAPE);
    }
    {
        rp_intp a[] = {2, 3}, b[] = {3, 2}, c[] = {2, 1}, d[] = {4, 3}, e[] = {1, 3};
        CHECK(bshape(2, (int[]){2, 2}, (const rp_intp *[]){a, b}, &ond, out) == RP_ESHAPE);
        /* Each pair is compatible, the three together are not. */
        CHECK(bshape(3, (int[]){2, 2, 2}, (const rp_intp *[]){c, e, d}, &ond, out) == RP_ESHAPE);
        CHECK(bshape(1, (int[]){2}, (const rp_intp *[]){b}, &ond, out) == RP_OK && ond == 2 &&
              same(2, out, b));
        CHECK(bshape(0, NULL, NULL, &ond, out) == RP_OK && ond == 0);
        CHECK(bshape(2, (int[]){0, 0}, (const rp_intp *[]){a, b}, &ond, out) == RP_OK && ond == 0);
    }

    /* Random operand sets: a naive per-axis rule (all extents other than 1
     * agree) decides; operands are derived from a target shape, some with
     * a conflicting extent planted. */
    rp_rng r = {4};
    int nfail = 0;
    for (int t = 0; t < 500; t++) {
        int n = (int)rp_rng_range(&r, 1, 4), nd = (int)rp_rng_range(&r, 0, 5), nds[4];
        rp_intp target[5], shp[4][5];
        const rp_intp *ptrs[4];
        for (int i = 0; i < nd; i++)
            target[i] = rp_rng_range(&r, 0, 8) == 0 ? 0 : rp_rng_range(&r, 1, 4);
        for (int k = 0; k < n; k++) {
            nds[k] = (int)rp_rng_range(&r, 0, nd);
            for (int i = 0; i < nds[k]; i++) {
                shp[k][i] = rp_rng_range(&r, 0, 2) == 0 ? 1 : target[nd - nds[k] + i];
                if (rp_rng_range(&r, 0, 12) == 0)
                    shp[k][i] = rp_rng_range(&r, 0, 5);
            }
            ptrs[k] = shp[k];
        }
        int want_nd = 0;
        for (int k = 0; k < n; k++)
            want_nd = nds[k] > want_nd ? nds[k] : want_nd;
        rp_intp want[5];
        bool ok = true;
        for (int i = 0; i < want_nd; i++) {
            want[i] = 1;
            for (int k = 0; k < n; k++) {
                int j = i - (want_nd - nds[k]);
                if (j < 0 || shp[k][j] == 1)
                    continue;
                if (want[i] != 1 && want[i] != shp[k][j])
                    ok = false;
                want[i] = shp[k][j];
            }
        }
        rp_status st = bshape(n, nds, ptrs, &ond, out);
        nfail += !ok;
        CHECKF(st == (ok ? RP_OK : RP_ESHAPE), "case %d", t);
        if (ok && st == RP_OK) {
            CHECKF(ond == want_nd && same(ond, out, want), "case %d", t);
            /* Each operand then broadcasts to the result, and its broadcast
             * strides address element idx[-nd_k:] with 1-axes pinned to 0. */
            for (int k = 0; k < n; k++) {
                rp_intp ost[5], bst[RP_MAXDIMS];
                rp_strides_for(nds[k], shp[k], 8, 'C', ost);
                for (int i = 0; i < nds[k]; i++)
                    ost[i] += rp_rng_range(&r, -1, 1) * 16;
                rp_array a = desc(nds[k], shp[k], ost, RP_FLOAT64, NULL);
                CHECKF(rp_broadcast_strides(&a, ond, out, bst) == RP_OK, "case %d op %d", t, k);
                bool good = true;
                for (int i = 0; i < ond; i++) {
                    int j = i - (ond - nds[k]);
                    if (out[i] <= 1)
                        continue;
                    good &= j < 0 || shp[k][j] == 1 ? bst[i] == 0 : bst[i] == ost[j];
                }
                CHECKF(good, "case %d op %d", t, k);
            }
        }
    }
    CHECKF(nfail > 20 && nfail < 400, "%d", nfail);

    /* rp_broadcast_strides on its own. */
    rp_intp ash[] = {3, 1}, ast[] = {8, 8}, bst[3];
    rp_array a = desc(2, ash, ast, RP_FLOAT64, NULL);
    CHECK(rp_broadcast_strides(&a, 3, (rp_intp[]){2, 3, 4}, bst) == RP_OK && bst[0] == 0 &&
          bst[1] == 8 && bst[2] == 0);
    CHECK(rp_broadcast_strides(&a, 2, (rp_intp[]){3, 1}, bst) == RP_OK && bst[0] == 8);
    CHECK(rp_broadcast_strides(&a, 2, (rp_intp[]){3, 0}, bst) == RP_OK && bst[0] == 8);
    CHECK(rp_broadcast_strides(&a, 2, (rp_intp[]){4, 5}, bst) == RP_ESHAPE);
    CHECK(rp_broadcast_strides(&a, 1, (rp_intp[]){3}, bst) == RP_ESHAPE);
    CHECK(rp_broadcast_strides(&a, 2, (rp_intp[]){1, 1}, bst) == RP_ESHAPE);
    rp_intp csh[] = {2}, cst[] = {-4};
    rp_array c = desc(1, csh, cst, RP_INT32, NULL);
    CHECK(rp_broadcast_strides(&c, 2, (rp_intp[]){2, 0}, bst) == RP_ESHAPE);
    CHECK(rp_broadcast_strides(&c, 2, (rp_intp[]){5, 2}, bst) == RP_OK && bst[0] == 0 && bst[1] == -4);
    rp_array z = desc(0, NULL, NULL, RP_INT32, NULL);
    CHECK(rp_broadcast_strides(&z, 2, (rp_intp[]){5, 2}, bst) == RP_OK && bst[0] == 0 && bst[1] == 0);
    CHECK(rp_broadcast_strides(&z, 0, NULL, bst) == RP_OK);
}

/* ---- reshape ------------------------------------------------------------ */

typedef struct {
    int nd;
    rp_intp shape[8], strides[8];
    rp_dtype dt;
} layout;

/* A view of a C-contiguous block as NumPy code makes them: each axis sliced
 * with a step (possibly negative), axes permuted, length-1 axes inserted
 * with arbitrary strides, now and then an axis broadcast (stride 0). */
static void random_view(rp_rng *r, layout *v)
{
    v->dt = (rp_dtype)rp_rng_range(r, 0, RP_NTYPES - 1);
    rp_intp item = (rp_intp)rp_dtype_size(v->dt);
    int nd = (int)rp_rng_range(r, 0, 5);
    rp_intp base[5] = {0}, bst[5];
    for (int i = 0; i < nd; i++)
        base[i] = rp_rng_range(r, 1, 6);
    rp_strides_for(nd, base, item, 'C', bst);
    static const rp_intp steps[] = {1, 1, 1, 1, 2, 3, -1, -2};
    for (int i = 0; i < nd; i++) {
        rp_intp step = steps[rp_rng_range(r, 0, 7)];
        rp_intp most = (base[i] - 1) / (step < 0 ? -step : step) + 1;
        v->shape[i] = rp_rng_range(r, 0, 4) == 0 ? most : rp_rng_range(r, 1, most);
        v->strides[i] = bst[i] * step;
        if (rp_rng_range(r, 0, 25) == 0)
            v->strides[i] = 0;
    }
    if (rp_rng_range(r, 0, 1)) {
        for (int i = nd - 1; i > 0; i--) {
            int j = (int)rp_rng_range(r, 0, i);
            rp_intp t = v->shape[i];
            v->shape[i] = v->shape[j];
            v->shape[j] = t;
            t = v->strides[i];
            v->strides[i] = v->strides[j];
            v->strides[j] = t;
        }
    }
    while (nd < 8 && rp_rng_range(r, 0, 2) == 0) {
        int at = (int)rp_rng_range(r, 0, nd);
        memmove(v->shape + at + 1, v->shape + at, sizeof(rp_intp) * (size_t)(nd - at));
        memmove(v->strides + at + 1, v->strides + at, sizeof(rp_intp) * (size_t)(nd - at));
        v->shape[at] = 1;
        v->strides[at] = item * rp_rng_range(r, -50, 50);
        nd++;
    }
    if (rp_rng_range(r, 0, 30) == 0 && nd > 0)
        v->shape[rp_rng_range(r, 0, nd - 1)] = 0;
    v->nd = nd;
}

/* A target shape with the same size: usually the old extents with a few
 * splits, merges and 1s inserted or removed, sometimes a fresh random
 * factorisation of the size. */
static int random_target(rp_rng *r, const layout *v, rp_intp *out)
{
    rp_intp size = 1;
    for (int i = 0; i < v->nd; i++)
        size *= v->shape[i];
    int nd = 0;
    if (size == 0 || rp_rng_range(r, 0, 3) == 0) {
        rp_intp left = size;
        for (rp_intp p = 2; left > 1 && p <= left; p++)
            while (left % p == 0 && nd < 12) {
                out[nd++] = p;
                left /= p;
            }
        if (size == 0)
            out[nd++] = 0;
        for (int i = nd - 1; i > 0; i--) {
            int j = (int)rp_rng_range(r, 0, i);
            rp_intp t = out[i];
            out[i] = out[j];
            out[j] = t;
        }
        for (int m = (int)rp_rng_range(r, 0, nd); m > 0 && nd > 1; m--) {
            int i = (int)rp_rng_range(r, 0, nd - 2);
            out[i] *= out[i + 1];
            memmove(out + i + 1, out + i + 2, sizeof(rp_intp) * (size_t)(nd - i - 2));
            nd--;
        }
    } else {
        for (int i = 0; i < v->nd; i++)
            out[nd++] = v->shape[i];
        for (int m = (int)rp_rng_range(r, 0, 3); m > 0; m--) {
            int op = (int)rp_rng_range(r, 0, 3), i = nd ? (int)rp_rng_range(r, 0, nd - 1) : 0;
            if (op == 0 && nd > 1 && i < nd - 1) { /* merge i, i+1 */
                out[i] *= out[i + 1];
                memmove(out + i + 1, out + i + 2, sizeof(rp_intp) * (size_t)(nd - i - 2));
                nd--;
            } else if (op == 1 && nd > 0 && nd < 12) { /* split i at a factor */
                rp_intp f = 0;
                for (rp_intp p = 2; p < out[i]; p++)
                    if (out[i] % p == 0 && (f == 0 || rp_rng_range(r, 0, 1)))
                        f = p;
                if (f) {
                    memmove(out + i + 1, out + i, sizeof(rp_intp) * (size_t)(nd - i));
                    out[i] = f;
                    out[i + 1] /= f;
                    nd++;
                }
            } else if (op == 2 && nd < 12) {
                int at = (int)rp_rng_range(r, 0, nd);
                memmove(out + at + 1, out + at, sizeof(rp_intp) * (size_t)(nd - at));
                out[at] = 1;
                nd++;
            } else if (op == 3 && nd > 0 && out[i] == 1) {
                memmove(out + i, out + i + 1, sizeof(rp_intp) * (size_t)(nd - i - 1));
                nd--;
            }
        }
    }
    return nd;
}

/* Whether some strides let `shape` address seq (the old elements in that
 * order): the strides are forced (an axis' stride is where its unit index
 * lands), so it is enough to derive them and check every element. */
static bool view_exists(const rp_intp *seq, rp_intp size, int nd, const rp_intp *shape, char order)
{
    static rp_intp got[4096];
    if (size == 0)
        return true;
    rp_intp st[12], lin = 1;
    for (int k = 0; k < nd; k++) {
        int ax = order == 'C' ? nd - 1 - k : k;
        st[ax] = shape[ax] > 1 ? seq[lin] : 0;
        lin *= shape[ax];
    }
    walk(nd, shape, st, order, got);
    return memcmp(got, seq, sizeof(rp_intp) * (size_t)size) == 0;
}

static void test_reshape(void)
{
    static rp_intp seq[4096], got[4096];
    rp_rng r = {5};
    int nview = 0, nnoview = 0;
    for (int t = 0; t < 3000; t++) {
        layout v;
        random_view(&r, &v);
        rp_intp nsh[12], nst[12];
        int nnd = random_target(&r, &v, nsh);
        char order = rp_rng_range(&r, 0, 2) == 0 ? 'F' : 'C';
        rp_array a = desc(v.nd, v.shape, v.strides, v.dt, NULL);
        rp_intp size = walk(v.nd, v.shape, v.strides, order, seq);
        rp_status st = rp_reshape_strides(&a, nnd, nsh, order, nst);
        bool possible = view_exists(seq, size, nnd, nsh, order);
        CHECKF(st == (possible ? RP_OK : RP_ENOVIEW), "case %d: status %d, view %s", t, (int)st,
               possible ? "exists" : "impossible");
        if (st == RP_OK) {
            walk(nnd, nsh, nst, order, got);
            CHECKF(memcmp(got, seq, sizeof(rp_intp) * (size_t)size) == 0, "case %d", t);
        }
        nview += st == RP_OK;
        nnoview += st == RP_ENOVIEW;
    }
    CHECK(nview > 1000 && nnoview > 300);

    /* Cases that must be views whatever the algorithm. */
    rp_intp st[8];
    {
        /* (6, 4)[::2] split and merged: (3, 4) -> (3, 2, 2), (12,) is a copy. */
        rp_intp sh[] = {3, 4}, sd[] = {64, 8};
        rp_array a = desc(2, sh, sd, RP_FLOAT64, NULL);
        CHECK(rp_reshape_strides(&a, 3, (rp_intp[]){3, 2, 2}, 'C', st) == RP_OK &&
              same(3, st, (rp_intp[]){64, 16, 8}));
        CHECK(rp_reshape_strides(&a, 1, (rp_intp[]){12}, 'C', st) == RP_ENOVIEW);
        CHECK(rp_reshape_strides(&a, 4, (rp_intp[]){1, 3, 1, 4}, 'C', st) == RP_OK &&
              st[1] == 64 && st[3] == 8);
        CHECK(rp_reshape_strides(&a, 2, (rp_intp[]){4, 3}, 'C', st) == RP_ENOVIEW);
        CHECK(rp_reshape_strides(&a, 2, (rp_intp[]){2, 6}, 'C', st) == RP_ENOVIEW);
    }
    {
        /* (8, 3, 4)[::2] = (4, 3, 4) strides (192, 32, 8): last two merge. */
        rp_intp sh[] = {4, 3, 4}, sd[] = {192, 32, 8};
        rp_array a = desc(3, sh, sd, RP_FLOAT64, NULL);
        CHECK(rp_reshape_strides(&a, 2, (rp_intp[]){4, 12}, 'C', st) == RP_OK &&
              same(2, st, (rp_intp[]){192, 8}));
        CHECK(rp_reshape_strides(&a, 4, (rp_intp[]){2, 2, 3, 4}, 'C', st) == RP_OK &&
              same(4, st, (rp_intp[]){384, 192, 32, 8}));
        /* In F order the same array is not mergeable, but F-splits are. */
        CHECK(rp_reshape_strides(&a, 2, (rp_intp[]){12, 4}, 'F', st) == RP_ENOVIEW);
        CHECK(rp_reshape_strides(&a, 4, (rp_intp[]){2, 2, 3, 4}, 'F', st) == RP_OK &&
              same(4, st, (rp_intp[]){192, 384, 32, 8}));
    }
    {
        /* A transposed C array is F-contiguous: any F-order reshape is a view. */
        rp_intp sh[] = {4, 3, 2}, sd[] = {4, 16, 48};
        rp_array a = desc(3, sh, sd, RP_INT32, NULL);
        CHECK(rp_reshape_strides(&a, 1, (rp_intp[]){24}, 'F', st) == RP_OK && st[0] == 4);
        CHECK(rp_reshape_strides(&a, 3, (rp_intp[]){2, 6, 2}, 'F', st) == RP_OK &&
              same(3, st, (rp_intp[]){4, 8, 48}));
        CHECK(rp_reshape_strides(&a, 1, (rp_intp[]){24}, 'C', st) == RP_ENOVIEW);
    }
    /* Contiguous input: every target shape of the same size is a view. */
    for (int t = 0; t < 300; t++) {
        layout v;
        random_view(&r, &v);
        char order = t & 1 ? 'F' : 'C';
        rp_strides_for(v.nd, v.shape, (rp_intp)rp_dtype_size(v.dt), order, v.strides);
        rp_intp nsh[12], nst[12];
        int nnd = random_target(&r, &v, nsh);
        rp_array a = desc(v.nd, v.shape, v.strides, v.dt, NULL);
        CHECKF(rp_reshape_strides(&a, nnd, nsh, order, nst) == RP_OK, "case %d", t);
        rp_array b = desc(nnd, nsh, nst, v.dt, NULL);
        CHECKF(order == 'C' ? rp_array_is_c_contig(&b) : rp_array_is_f_contig(&b), "case %d", t);
    }
    /* Any strided view: inserting or removing length-1 axes is a view. */
    for (int t = 0; t < 300; t++) {
        layout v;
        random_view(&r, &v);
        rp_intp nsh[12], nst[12];
        int nnd = 0;
        for (int i = 0; i < v.nd; i++) {
            if (v.shape[i] != 1)
                nsh[nnd++] = v.shape[i];
            if (rp_rng_range(&r, 0, 2) == 0)
                nsh[nnd++] = 1;
        }
        rp_array a = desc(v.nd, v.shape, v.strides, v.dt, NULL);
        char order = t & 1 ? 'F' : 'C';
        CHECKF(rp_reshape_strides(&a, nnd, nsh, order, nst) == RP_OK, "case %d", t);
        rp_intp size = walk(v.nd, v.shape, v.strides, order, seq);
        walk(nnd, nsh, nst, order, got);
        CHECKF(memcmp(got, seq, sizeof(rp_intp) * (size_t)size) == 0, "case %d", t);
    }
    /* Size mismatches and invalid shapes. */
    rp_intp sh[] = {2, 3}, sd[] = {24, 8};
    rp_array a = desc(2, sh, sd, RP_FLOAT64, NULL);
    CHECK(rp_reshape_strides(&a, 1, (rp_intp[]){5}, 'C', st) == RP_ESHAPE);
    CHECK(rp_reshape_strides(&a, 2, (rp_intp[]){-2, -3}, 'C', st) == RP_EVALUE);
    CHECK(rp_reshape_strides(&a, 0, NULL, 'C', st) == RP_ESHAPE);
    rp_intp one[] = {1}, ones[] = {7};
    rp_array s1 = desc(1, one, ones, RP_FLOAT64, NULL);
    CHECK(rp_reshape_strides(&s1, 0, NULL, 'C', st) == RP_OK);
    CHECK(rp_reshape_strides(&s1, 3, (rp_intp[]){1, 1, 1}, 'F', st) == RP_OK);
    /* 0-d descriptors may carry NULL shape and strides. */
    rp_array z0 = desc(0, NULL, NULL, RP_FLOAT64, NULL);
    CHECK(rp_reshape_strides(&z0, 0, NULL, 'C', st) == RP_OK);
    CHECK(rp_reshape_strides(&z0, 2, (rp_intp[]){1, 1}, 'F', st) == RP_OK);
    rp_intp zsh[] = {0, 3}, zst[] = {24, -8};
    rp_array z = desc(2, zsh, zst, RP_FLOAT64, NULL);
    CHECK(rp_reshape_strides(&z, 3, (rp_intp[]){5, 0, 2}, 'C', st) == RP_OK);
    CHECK(rp_reshape_strides(&z, 1, (rp_intp[]){1}, 'C', st) == RP_ESHAPE);
}

static void test_normalize_axis(void)
{
    for (int nd = 0; nd <= 5; nd++)
        for (int ax = -8; ax <= 8; ax++) {
            int a = ax;
            rp_status st = rp_normalize_axis(&a, nd);
            if (ax >= -nd && ax < nd)
                CHECKF(st == RP_OK && a == (ax < 0 ? ax + nd : ax), "ndim %d axis %d", nd, ax);
            else
                CHECKF(st == RP_EAXIS, "ndim %d axis %d", nd, ax);
        }
}

/* Whether two elements of a layout share a byte: the naive oracle. */
static bool overlaps_naive(int nd, rp_intp *shape, rp_intp *strides, rp_intp item)
{
    static rp_intp off[4096];
    rp_intp n = walk(nd, shape, strides, 'C', off);
    for (rp_intp i = 0; i < n; i++)
        for (rp_intp j = i + 1; j < n; j++)
            if ((off[i] > off[j] ? off[i] - off[j] : off[j] - off[i]) < item)
                return true;
    return false;
}

static void test_self_overlap(void)
{
    /* Every small 2-D layout of 8-byte items: never "no" when two elements
     * share a byte; "no" for every layout whose axes nest (C, F, sliced,
     * reversed, transposed). */
    for (rp_intp n0 = 0; n0 <= 3; n0++)
        for (rp_intp n1 = 1; n1 <= 3; n1++)
            for (rp_intp s0 = -28; s0 <= 28; s0 += 4)
                for (rp_intp s1 = -28; s1 <= 28; s1 += 4) {
                    rp_intp shape[] = {n0, n1}, strides[] = {s0, s1};
                    rp_array a = desc(2, shape, strides, RP_FLOAT64, NULL);
                    bool may = rp_array_may_self_overlap(&a);
                    CHECKF(may || !overlaps_naive(2, shape, strides, 8), "(%td,%td) (%td,%td)",
                           n0, n1, s0, s1);
                    rp_intp a0 = s0 < 0 ? -s0 : s0, a1 = s1 < 0 ? -s1 : s1;
                    bool nested = n0 * n1 <= 1 || (n0 == 1 && a1 >= 8) || (n1 == 1 && a0 >= 8) ||
                                  (a1 >= 8 && a0 >= a1 * n1) || (a0 >= 8 && a1 >= a0 * n0);
                    if (nested)
                        CHECKF(!may, "(%td,%td) (%td,%td)", n0, n1, s0, s1);
                }
    /* The as_strided example of the docs: shape (4, 4), strides (8, 8). */
    rp_intp sh[] = {4, 4}, st[] = {8, 8};
    rp_array a = desc(2, sh, st, RP_FLOAT64, NULL);
    CHECK(rp_array_may_self_overlap(&a));
    /* Partial overlap of wide items: int32 elements 2 bytes apart. */
    rp_intp sh1[] = {3}, st1[] = {2};
    a = desc(1, sh1, st1, RP_INT32, NULL);
    CHECK(rp_array_may_self_overlap(&a));
    st1[0] = 4;
    CHECK(!rp_array_may_self_overlap(&a));
    /* Reaches past the address space answer "may" rather than overflow. */
    rp_intp sh2[] = {3, 3}, st2[] = {PTRDIFF_MAX / 2, PTRDIFF_MAX / 2 + 1};
    a = desc(2, sh2, st2, RP_INT8, NULL);
    CHECK(rp_array_may_self_overlap(&a));
    /* Empty and 0-d arrays have no two elements. */
    rp_intp sh3[] = {0, 4}, st3[] = {0, 0};
    a = desc(2, sh3, st3, RP_INT8, NULL);
    CHECK(!rp_array_may_self_overlap(&a));
    a = desc(0, NULL, NULL, RP_INT8, NULL);
    CHECK(!rp_array_may_self_overlap(&a));
}

/* Expected values are what NumPy 2 gives (np.empty_like(p).strides and
 * (p + 1).strides for the same p). */
static void test_strides_like(void)
{
    struct {
        int nd;
        rp_intp shape[3], strides[3], like[3], ufunc[3];
    } cases[] = {
        /* np.ones((2, 3, 4)).transpose(1, 2, 0) */
        {3, {3, 4, 2}, {32, 8, 96}, {32, 8, 96}, {32, 8, 96}},
        /* np.ones((3, 1, 4))[:, :, ::-1]: signs dropped, ties in axis order */
        {3, {3, 1, 4}, {32, 32, -8}, {32, 32, 8}, {32, 32, 8}},
        /* np.broadcast_to(np.ones(3), (4, 3)): a zero stride sorts last for
         * empty_like but has no say in the iterator */
        {2, {4, 3}, {0, 8}, {8, 32}, {24, 8}},
        /* np.ones((2, 3, 4))[:, ::2].transpose(2, 0, 1) */
        {3, {4, 2, 2}, {8, 96, 64}, {8, 64, 32}, {8, 64, 32}},
        /* np.ones((4, 1, 3)).transpose(2, 1, 0): F-contiguous, so F (the
         * length-1 axis included) */
        {3, {3, 1, 4}, {8, 24, 24}, {8, 24, 24}, {8, 24, 24}},
        /* C and F contiguous */
        {2, {3, 4}, {32, 8}, {32, 8}, {32, 8}},
        {2, {3, 4}, {8, 24}, {8, 24}, {8, 24}},
    };
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        rp_array a = desc(cases[c].nd, cases[c].shape, cases[c].strides, RP_FLOAT64, NULL);
        rp_intp got[3];
        rp_strides_like(&a, NULL, 8, got);
        CHECKF(memcmp(got, cases[c].like, sizeof(rp_intp) * (size_t)a.ndim) == 0, "like %zu", c);
        const rp_array *ops[1] = {&a};
        rp_strides_for_operands(1, ops, a.ndim, a.shape, 8, got);
        CHECKF(memcmp(got, cases[c].ufunc, sizeof(rp_intp) * (size_t)a.ndim) == 0, "ufunc %zu", c);
    }
    /* A new shape keeps the prototype's axis order (empty_like(p, shape=)). */
    rp_intp shape[] = {3, 4, 2}, strides[] = {32, 8, 96}, nshape[] = {5, 6, 7}, got[3];
    rp_array a = desc(3, shape, strides, RP_INT32, NULL);
    rp_strides_like(&a, nshape, 4, got);
    CHECK(got[1] == 4 && got[0] == 24 && got[2] == 120);
    /* Operands that disagree: C order wins (np.ones((3, 4)) + F-ordered);
     * F with a broadcast row: F (the row has no say on axis 0). */
    rp_intp cst[] = {32, 8}, fst[] = {8, 24}, shp[] = {3, 4}, rsh[] = {4}, rst[] = {8};
    rp_array C = desc(2, shp, cst, RP_FLOAT64, NULL), F = desc(2, shp, fst, RP_FLOAT64, NULL),
             R = desc(1, rsh, rst, RP_FLOAT64, NULL);
    const rp_array *two[2] = {&C, &F};
    rp_strides_for_operands(2, two, 2, shp, 8, got);
    CHECK(got[0] == 32 && got[1] == 8);
    two[0] = &F;
    rp_strides_for_operands(2, two, 2, shp, 8, got);
    CHECK(got[0] == 8 && got[1] == 24);
    two[1] = &R;
    rp_strides_for_operands(2, two, 2, shp, 4, got);
    CHECK(got[0] == 4 && got[1] == 12);
}

/* Assigning into a destination whose elements share memory: the last
 * write wins in NumPy's order (values from np.lib.stride_tricks.as_strided
 * views of np.full(12, -1.) assigned np.arange(9.).reshape(3, 3)). */
static void test_copy_self_overlapping(void)
{
    struct {
        rp_intp strides[2], offset;
        double want[9];
    } cases[] = {
        {{8, 16}, 0, {0, 3, 1, 4, 2, 5, 8, -1, -1}},
        {{16, 8}, 0, {0, 1, 3, 4, 6, 7, 8, -1, -1}},
        {{-8, 16}, 2, {6, 3, 7, 4, 8, 5, 2, -1, -1}},
        {{8, -16}, 4, {2, 5, 1, 4, 0, 3, 6, -1, -1}},
        {{-16, -8}, 6, {8, 7, 5, 4, 2, 1, 0, -1, -1}},
        {{0, 8}, 0, {6, 7, 8, -1, -1, -1, -1, -1, -1}},
    };
    double vals[9], buf[12];
    for (int i = 0; i < 9; i++)
        vals[i] = i;
    rp_intp shape[] = {3, 3}, cst[] = {24, 8};
    rp_array src = desc(2, shape, cst, RP_FLOAT64, (char *)vals);
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        for (int i = 0; i < 12; i++)
            buf[i] = -1;
        rp_array dst = desc(2, shape, cases[c].strides, RP_FLOAT64,
                            (char *)(buf + cases[c].offset));
        CHECK(rp_array_copy(&dst, &src) == RP_OK);
        CHECKF(memcmp(buf, cases[c].want, sizeof cases[c].want) == 0, "case %zu", c);
    }
}

/* Checked stride arithmetic: no signed overflow for any input. */
static void test_stride_arith(void)
{
    CHECK(rp_stride_times(32, 3) == 96 && rp_stride_times(-8, -2) == 16);
    CHECK(rp_stride_times(PTRDIFF_MAX, -1) == -PTRDIFF_MAX);
    /* Past the range: NumPy's wrapped value (x[1:2:2**62] of 32-byte rows
     * has stride 0 in NumPy). */
    CHECK(rp_stride_times(32, (rp_intp)1 << 62) == 0);
    CHECK(rp_stride_times(PTRDIFF_MIN, -1) == PTRDIFF_MIN);
    CHECK(rp_stride_times(3, PTRDIFF_MAX) == (rp_intp)((size_t)3 * (size_t)PTRDIFF_MAX));

    rp_intp shape[] = {3, 4}, strides[] = {32, 8};
    rp_array a = desc(2, shape, strides, RP_FLOAT64, NULL);
    CHECK(rp_array_check(&a) == RP_OK);
    strides[0] = -PTRDIFF_MAX / 2; /* two steps back, then forward: too far apart */
    CHECK(rp_array_check(&a) == RP_EOVERFLOW);
    strides[0] = PTRDIFF_MAX / 4;  /* fits alone, not with the other axis */
    strides[1] = PTRDIFF_MAX / 4;
    CHECK(rp_array_check(&a) == RP_EOVERFLOW);
    strides[0] = PTRDIFF_MAX / 3; /* lo and hi fit, their distance does not */
    strides[1] = -PTRDIFF_MAX / 5;
    CHECK(rp_array_check(&a) == RP_EOVERFLOW);
    rp_intp big[] = {(rp_intp)1 << 62, 4}, zst[] = {0, 0};
    a = desc(2, big, zst, RP_FLOAT64, NULL);
    CHECK(rp_array_check(&a) == RP_EOVERFLOW); /* the size itself */
    big[1] = 0;                                /* empty: nothing to address */
    strides[0] = PTRDIFF_MAX;
    a = desc(2, big, strides, RP_FLOAT64, NULL);
    CHECK(rp_array_check(&a) == RP_OK);
    rp_intp neg[] = {-1, 2};
    a = desc(2, neg, zst, RP_FLOAT64, NULL);
    CHECK(rp_array_check(&a) == RP_EVALUE);
}

void test_array(void)
{
    test_shape_size();
    test_strides_for();
    test_contiguity();
    test_extent_overlap();
    test_broadcast();
    test_reshape();
    test_normalize_axis();
    test_self_overlap();
    test_strides_like();
    test_copy_self_overlapping();
    test_stride_arith();
}
