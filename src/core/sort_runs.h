/* Stable sort / argsort of a row made of a few runs (sort_runs.c). */
#ifndef RAPTORS_SORT_RUNS_H
#define RAPTORS_SORT_RUNS_H

#include "raptors/raptors.h"

#include <stdbool.h>
#include <stdint.h>

/* Rows shorter than this go to the kernels (their insertion sort wins). */
enum { RP_RUNS_MIN = 64 };

/* The stable sort of v[0, n) (idx NULL) or its argsort (idx: filled here,
 * v sorted too) when the row is at most a few maximal runs (callers check
 * for a row in order first: the whole-row check is vectorized, this scan not), ascending or
 * non-increasing (ties included), merged over up to nthreads threads; the
 * result is the one stable order, whatever the thread count. Returns false,
 * v untouched, when the row has more runs (or memory ran out): the caller
 * sorts it another way. scratch: NULL or rp_sort_scratch(dt, n, idx != 0)
 * bytes. */
bool rp_sort_by_runs(rp_dtype dt, char *v, int64_t *idx, rp_intp n, int nthreads, void *scratch);

#endif
