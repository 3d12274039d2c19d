/* Kernel slots of sorting and selection (filled by src/kernels/sort*.c). */
#ifndef RAPTORS_SORT_TABLE_H
#define RAPTORS_SORT_TABLE_H

#include "raptors/raptors.h"

#include <stdbool.h>
#include <stdint.h>

/*
 * All kernels work on one contiguous row of n elements, in NumPy's order:
 * NaNs last, -0.0 equal to +0.0.
 *   sort:     unstable sort in place; scratch: rp_sort_scratch(dt, n, 0).
 *   stable:   stable sort in place (equal keys keep their order, so -0.0
 *             and +0.0 and NaN payloads stay where NumPy's stable sort puts
 *             them); same scratch.
 *   argsort:  stable; idx receives the permutation and vals is sorted along
 *             with it; scratch: rp_sort_scratch(dt, n, 1).
 *   select:   introselect: a[kth] is the element a full sort would put
 *             there, smaller ones (NaN counting largest) before it, larger
 *             ones after it; idx (may be NULL) is permuted alongside.
 *             Only [lo, n) is touched (kth >= lo).
 *   search:   out[i] = first position in sorted[0..n) where key i could be
 *             inserted keeping order (side left; right: after equal keys).
 */
typedef void (*rp_sort_kernel)(void *vals, rp_intp n, void *scratch);
typedef void (*rp_argsort_kernel)(void *vals, int64_t *idx, rp_intp n, void *scratch);
typedef void (*rp_select_kernel)(void *vals, int64_t *idx, rp_intp lo, rp_intp n, rp_intp kth);
/* Stable merge of two sorted runs (ties from a first) into out; ia/ib/iout
 * are the indices travelling with the values, or all NULL. */
typedef void (*rp_merge_kernel)(const void *a, const int64_t *ia, rp_intp na, const void *b,
                                const int64_t *ib, rp_intp nb, void *out, int64_t *iout);
/* Cuts keys[0, n) into parts (a power of two) pieces, each piece's keys <=
 * the next's: piece p is [cut[p], cut[p + 1]), cut[0] = 0, cut[parts] = n. */
typedef void (*rp_split_kernel)(void *keys, rp_intp n, rp_intp *cut, int parts);
/* The packed argsort's passes (src/kernels/sort.c explains the packing):
 * key_range (n >= 1) writes st[0..5] = the smallest key of vals[0, n), the
 * largest, the first, the last, the count of i with key i < key i-1
 * (0: sorted; n - 1: strictly descending) and the OR of every key XOR the
 * first (its low bits zero: no key differs from another there); pack writes out[i] = window of key i - kmin (shifted right by
 * shift <= 32) in the high half and base + i in the low half; fix re-sorts
 * the runs of equal windows of a sorted packed row by their full keys
 * (sort64: an int64 sort). */
typedef void (*rp_range_kernel)(const void *vals, rp_intp n, uint64_t *st);
typedef void (*rp_pack_kernel)(const void *vals, rp_intp n, rp_intp base, uint64_t kmin,
                               int shift, int64_t *out);
typedef void (*rp_fix_kernel)(const void *vals, int64_t *packed, rp_intp n, uint64_t kmin,
                              int shift, rp_sort_kernel sort64);
typedef void (*rp_search_kernel)(const void *sorted, rp_intp n, const void *keys, rp_intp m,
                                 rp_intp kstep, int64_t *out);
/* 1: vals[0, n) is non-descending in NumPy's order (its own stable sort);
 * -1: strictly descending (its stable sort is the reversal); 0: neither.
 * Stops early on rows that are neither. */
typedef int (*rp_order_kernel)(const void *vals, rp_intp n);

typedef struct {
    rp_sort_kernel sort[RP_NTYPES];
    rp_sort_kernel stable[RP_NTYPES];
    rp_argsort_kernel argsort[RP_NTYPES];
    rp_select_kernel select[RP_NTYPES];
    rp_merge_kernel merge[RP_NTYPES];
    rp_search_kernel search[2][RP_NTYPES]; /* [0] side='left', [1] 'right' */
    /* The unstable sort of one long row as pieces (NULL where no ISA has them):
     * to_keys maps the values in place to keys whose sorted order is the
     * sort's result (one order: the keys are distinct for distinct bits),
     * split cuts them, sort_keys sorts each piece, from_keys maps back. */
    rp_sort_kernel to_keys[RP_NTYPES], from_keys[RP_NTYPES], sort_keys[RP_NTYPES];
    rp_split_kernel split[RP_NTYPES];
    /* Selection over the same keys (to_keys first): keys[kth] the key a
     * sort would put there, smaller keys before, larger after. */
    void (*select_keys[RP_NTYPES])(void *keys, rp_intp n, rp_intp kth);
    rp_range_kernel key_range[RP_NTYPES];
    rp_pack_kernel pack[RP_NTYPES];
    rp_fix_kernel fix[RP_NTYPES];
    rp_order_kernel order[RP_NTYPES];
    /* true when any two elements of vals[0, n) that NumPy holds equal have
     * the same bits (no -0.0 beside +0.0, no NaN: checked conservatively as
     * no -0.0 and no NaN at all): any sort of such a row is its stable sort. */
    bool (*bitwise_ties[RP_NTYPES])(const void *vals, rp_intp n);
    /* dst[k] = src[m - 1 - k] for elements of 1 << w bytes ([w], w < 4),
     * dst and src not overlapping */
    void (*reverse_copy[4])(void *dst, const void *src, rp_intp m);
    /* out[i] = first + i * step, i < m (the indices of an ordered row) */
    void (*ramp)(int64_t *out, rp_intp m, int64_t first, int64_t step);
    /* Runs of a row (src/kernels/sort.c explains both): runs finds up to
     * maxruns of them (bounds[0..k], a non-increasing run's end negated),
     * flip puts a non-increasing run into its stable order. */
    rp_intp (*runs[RP_NTYPES])(const void *vals, rp_intp n, rp_intp *bounds, rp_intp maxruns);
    void (*flip[RP_NTYPES])(void *vals, int64_t *idx, rp_intp n);
    /* bincount's passes (src/kernels/count.c; integer dtypes but uint64) */
    void (*int_range[RP_NTYPES])(const void *x, rp_intp n, int64_t *lohi);
    void (*count[RP_NTYPES])(const void *x, rp_intp n, int64_t *counts, rp_intp nbins, int ways);
    void (*wsum[RP_NTYPES])(const void *x, const double *w, rp_intp n, double *sums);
    /* unique by counting (src/kernels/unique.c explains the table) */
    rp_intp (*distinct[RP_NTYPES])(const void *x, rp_intp n, uint64_t *keys, int64_t *counts,
                                   int logcap, uint64_t *nan);
    rp_intp (*distinct_merge)(uint64_t *keys, int64_t *counts, const uint64_t *skeys,
                              const int64_t *scounts, int logcap, rp_intp nd);
    /* unique of a sorted row, in place (src/kernels/unique.c: dedup) */
    rp_intp (*dedup[RP_NTYPES])(void *v, rp_intp n, int64_t *counts, bool equal_nan);
} rp_sort_table;

/* Scratch bytes the sort kernels need for a row of n (with indices or not). */
static inline size_t rp_sort_scratch(rp_dtype dt, rp_intp n, int with_idx)
{
    return (size_t)n * (rp_dtype_size(dt) + (with_idx ? 8 : 0)) + 64;
}

#endif
