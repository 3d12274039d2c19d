/* The strided N-D iterator (see raptors.h for the contract). */
#include "raptors/raptors.h"

#include <string.h>

static rp_intp absi(rp_intp x) { return x < 0 ? -x : x; }

/*
 * Whether axis a should run inside axis b: some operand steps less far along
 * a than along b, and none steps farther. Operands with a zero stride on
 * either axis (broadcast inputs, reduced outputs) have no say. When the
 * operands disagree or nobody has a say, the caller's order stands.
 */
static bool runs_inside(const rp_intp *const *strides, int nop, int a, int b)
{
    bool inside = false;
    for (int op = 0; op < nop; op++) {
        rp_intp sa = absi(strides[op][a]), sb = absi(strides[op][b]);
        if (sa == 0 || sb == 0)
            continue;
        if (sa > sb)
            return false;
        inside |= sa < sb;
    }
    return inside;
}

rp_status rp_iter_init(rp_iter *it, int nop, char *const *data, int ndim, const rp_intp *shape,
                       const rp_intp *const *strides, unsigned flags)
{
    if (nop < 1 || nop > RP_MAXOPS || ndim < 0 || ndim > RP_MAXDIMS)
        return RP_EVALUE;
    memset(it->strides, 0, sizeof it->strides);
    it->nop = nop;
    for (int op = 0; op < nop; op++)
        it->data[op] = data[op];
    rp_status st = rp_shape_size(ndim, shape, &it->size);
    if (st != RP_OK)
        return st;

    /* Axes of length > 1, innermost (last in C order) first. */
    int axes[RP_MAXDIMS], n = 0;
    for (int i = ndim - 1; i >= 0; i--)
        if (shape[i] != 1)
            axes[n++] = i;
    if (it->size == 0 || n == 0) {
        it->ndim = 1;
        it->shape[0] = it->size;
        return RP_OK;
    }
    if (!(flags & RP_ITER_C_ORDER)) {
        /* Insertion sort: stable, so ties keep C order. */
        for (int i = 1; i < n; i++)
            for (int j = i; j > 0 && runs_inside(strides, nop, axes[j], axes[j - 1]); j--) {
                int t = axes[j];
                axes[j] = axes[j - 1];
                axes[j - 1] = t;
            }
    }
    /* Merge an axis into the one inside it when every operand steps over
     * the inner axis exactly as far as one step of the outer one. */
    int d = 0;
    it->shape[0] = shape[axes[0]];
    for (int op = 0; op < nop; op++)
        it->strides[0][op] = strides[op][axes[0]];
    for (int k = 1; k < n; k++) {
        int ax = axes[k];
        bool merge = true;
        for (int op = 0; op < nop && merge; op++)
            merge = strides[op][ax] == it->strides[d][op] * it->shape[d];
        if (merge) {
            it->shape[d] *= shape[ax];
            continue;
        }
        d++;
        it->shape[d] = shape[ax];
        for (int op = 0; op < nop; op++)
            it->strides[d][op] = strides[op][ax];
    }
    it->ndim = d + 1;
    return RP_OK;
}

void rp_iter_run(const rp_iter *it, rp_intp start, rp_intp end, rp_kernel k, const void *ctx)
{
    if (end > it->size)
        end = it->size;
    if (start >= end)
        return;
    const int nop = it->nop;
    rp_intp idx[RP_MAXDIMS];
    char *row[RP_MAXOPS], *ptr[RP_MAXOPS];
    rp_intp rem = start;
    for (int op = 0; op < nop; op++)
        row[op] = it->data[op];
    for (int d = 0; d < it->ndim; d++) {
        idx[d] = rem % it->shape[d];
        rem /= it->shape[d];
        if (d > 0)
            for (int op = 0; op < nop; op++)
                row[op] += idx[d] * it->strides[d][op];
    }
    rp_intp left = end - start;
    for (;;) {
        rp_intp n = it->shape[0] - idx[0];
        if (n > left)
            n = left;
        for (int op = 0; op < nop; op++)
            ptr[op] = row[op] + idx[0] * it->strides[0][op];
        k(ptr, n, it->strides[0], ctx);
        left -= n;
        if (left == 0)
            return;
        idx[0] = 0;
        for (int d = 1; d < it->ndim; d++) {
            for (int op = 0; op < nop; op++)
                row[op] += it->strides[d][op];
            if (++idx[d] < it->shape[d])
                break;
            for (int op = 0; op < nop; op++)
                row[op] -= it->strides[d][op] * it->shape[d];
            idx[d] = 0;
        }
    }
}
