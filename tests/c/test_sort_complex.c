/* complex sort (src/core/sort_complex.c): each row against a plain stable
 * insertion sort in NumPy's complex order, values and positions, over
 * lengths across the runs and merge widths, with NaN parts, infinities and
 * signed zeros (equal keys must keep their order). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "raptors/sort_complex.h"
#include "test.h"

/* NumPy's CDOUBLE_LT (npysort_common.h), on doubles for both dtypes */
static bool ref_lt(const double *a, const double *b)
{
    if (a[0] < b[0])
        return a[1] == a[1] || b[1] != b[1];
    if (a[0] > b[0])
        return b[1] != b[1] && a[1] == a[1];
    if (a[0] == b[0] || (a[0] != a[0] && b[0] != b[0]))
        return a[1] < b[1] || (b[1] != b[1] && a[1] == a[1]);
    return b[0] != b[0];
}

static void sort_case(bool f32, bool nan, rp_intp nrows, rp_intp n, rp_rng *r)
{
    static const double sp[] = {0.0, -0.0, 1.0, -1.0, 2.5, NAN, INFINITY, -INFINITY};
    const rp_intp total = nrows * n;
    double *v = malloc((size_t)(2 * total + 2) * sizeof *v);
    int64_t *pos = malloc((size_t)(total + 1) * sizeof *pos), *idx = malloc((size_t)(total + 1) * 8);
    char *data = malloc((size_t)(2 * total + 2) * 8);
    for (rp_intp i = 0; i < 2 * total; i++) {
        const unsigned k = rp_rng_next(r) % (nan ? 8 : 7); /* sp[5]: NaN */
        v[i] = sp[k + (!nan && k >= 5)];
        if (f32)
            ((float *)data)[i] = (float)v[i];
        else
            ((double *)data)[i] = v[i];
    }
    const rp_dtype dt = f32 ? RP_COMPLEX64 : RP_COMPLEX128;
    const size_t nbytes = (size_t)total * (f32 ? 8 : 16);
    char *orig = malloc(nbytes + 16), *other = malloc(nbytes + 16);
    int64_t *idx2 = malloc((size_t)(total + 1) * 8);
    memcpy(orig, data, nbytes);
    CHECK(rp_sort_complex_rows(dt, data, idx, nrows, n, true) == RP_OK);
    /* the unstable sort: the same values but for the order of equal keys'
     * bits (the stable result compares equal element by element) */
    memcpy(other, orig, nbytes);
    CHECK(rp_sort_complex_rows(dt, other, NULL, nrows, n, false) == RP_OK);
    for (rp_intp k = 0; k < 2 * total; k++) {
        const double x = f32 ? ((float *)data)[k] : ((double *)data)[k];
        const double y = f32 ? ((float *)other)[k] : ((double *)other)[k];
        CHECKF(x == y || (x != x && y != y), "unstable complex sort %s n %td at %td",
               f32 ? "c64" : "c128", n, k);
    }
    /* into another buffer: the same bits, the source untouched */
    char *into = malloc(nbytes + 16), *keep = malloc(nbytes + 16);
    memcpy(keep, orig, nbytes);
    CHECK(rp_sort_complex_rows_into(dt, orig, into, nrows, n, false) == RP_OK);
    CHECK(total == 0 || memcmp(into, other, nbytes) == 0);
    CHECK(total == 0 || memcmp(keep, orig, nbytes) == 0);
    CHECK(rp_sort_complex_rows_into(dt, orig, into, nrows, n, true) == RP_OK);
    CHECK(total == 0 || memcmp(into, data, nbytes) == 0);
    free(into), free(keep);
    /* the positions alone: the stable ones */
    memcpy(other, orig, nbytes);
    CHECK(rp_argsort_complex_only_rows(dt, other, idx2, nrows, n) == RP_OK);
    CHECK(total == 0 || memcmp(idx, idx2, (size_t)total * 8) == 0);
    free(orig), free(other), free(idx2);
    for (rp_intp row = 0; row < nrows; row++) {
        double *w = v + 2 * row * n;
        int64_t *p = pos + row * n;
        for (rp_intp i = 0; i < n; i++)
            p[i] = i;
        for (rp_intp i = 1; i < n; i++) /* stable: moves past strictly greater only */
            for (rp_intp j = i; j > 0 && ref_lt(&w[2 * j], &w[2 * (j - 1)]); j--) {
                double t0 = w[2 * j], t1 = w[2 * j + 1];
                w[2 * j] = w[2 * j - 2], w[2 * j + 1] = w[2 * j - 1];
                w[2 * j - 2] = t0, w[2 * j - 1] = t1;
                int64_t tp = p[j];
                p[j] = p[j - 1], p[j - 1] = tp;
            }
        for (rp_intp i = 0; i < n; i++) {
            const rp_intp k = row * n + i;
            const double re = f32 ? ((float *)data)[2 * k] : ((double *)data)[2 * k];
            const double im = f32 ? ((float *)data)[2 * k + 1] : ((double *)data)[2 * k + 1];
            const bool same = (re == w[2 * i] || (re != re && w[2 * i] != w[2 * i])) &&
                              (im == w[2 * i + 1] || (im != im && w[2 * i + 1] != w[2 * i + 1])) &&
                              signbit(re) == signbit(w[2 * i]) && idx[k] == p[i];
            CHECKF(same, "complex sort %s n %td row %td at %td", f32 ? "c64" : "c128", n, row, i);
        }
    }
    free(v), free(pos), free(idx), free(data);
}

void test_sort_complex(void)
{
    rp_rng r = {31};
    for (int f32 = 0; f32 < 2; f32++) {
        for (int nan = 0; nan < 2; nan++) {
            for (rp_intp n = 0; n <= 70; n++)
                sort_case(f32, nan, 3, n, &r);
            sort_case(f32, nan, 2, 1000, &r);
            sort_case(f32, nan, 1, 4099, &r);
        }
    }
    CHECK(rp_sort_complex_rows(RP_FLOAT64, NULL, NULL, 1, 1, false) == RP_ETYPE);
}
