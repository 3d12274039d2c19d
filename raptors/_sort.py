"""Sorting, searching, sets and order statistics.

The O(n log n) and selection work is C (src/core/sort.c, src/kernels/sort.c,
reached through raptors._raptors._sort_rows, _argsort_rows, _partition_rows
and _searchsorted), which works along the last axis of a C-contiguous copy.
The O(n) glue around it (moving the axis, masks of adjacent differences,
gathers, the interpolation of quantiles) runs on zero-copy NumPy views of
raptors memory, with NumPy's own rules; results come back as raptors arrays.

median/percentile/quantile reuse NumPy's implementation of the formulas on
an ndarray subclass whose ``partition`` method is raptors' introselect, so
every method, NaN rule, dtype and warning is NumPy's by construction while
the selection (the only step that is not O(result)) is raptors'.
"""

import operator
from typing import NamedTuple

import numpy as np
from numpy.exceptions import AxisError

from . import _raptors
from ._raptors import ndarray

__all__ = [
    "sort", "argsort", "partition", "argpartition", "searchsorted",
    "unique", "unique_values", "unique_counts", "unique_inverse", "unique_all",
    "isin", "intersect1d", "union1d", "setdiff1d", "setxor1d",
    "median", "percentile", "quantile", "nanmedian", "nanpercentile", "nanquantile", "bincount",
]


# ---- conversions ---------------------------------------------------------

def _view(a):
    """A NumPy view of a (converted with raptors' rules first)."""
    if not isinstance(a, ndarray):
        a = _raptors._asarray(a, None)
    return np.asarray(memoryview(a))


def _wrap(v):
    """A raptors array sharing the NumPy array v's memory."""
    return _raptors._asarray(np.asarray(v), None)


def _rp(v):
    """Wrap a NumPy result: arrays as raptors arrays, scalars kept."""
    return _wrap(v) if isinstance(v, np.ndarray) else v


def _axis(axis, ndim):
    if isinstance(axis, (bool, np.bool_)):
        raise TypeError("'bool' object cannot be interpreted as an integer")
    axis = operator.index(axis)
    if not -ndim <= axis < ndim:
        raise AxisError(axis, ndim)
    return axis % ndim


def _lanes(v, axis):
    """(contiguous copy with the axis last, axis) ; axis None flattens."""
    if axis is None:
        return np.array(v.reshape(-1), order="C", copy=True), 0
    ax = _axis(axis, v.ndim)
    if ax != v.ndim - 1:  # (np.moveaxis costs more than a 1 Ki sort)
        v = np.moveaxis(v, ax, -1)
    return np.array(v, order="C", copy=True), ax


def _unlanes(b, axis, ax):
    """b (lanes last) with the sorted axis moved back where it was."""
    return b if axis is None or ax == b.ndim - 1 else np.moveaxis(b, -1, ax)


_KINDS = {None: False, "quicksort": False, "quick": False, "heapsort": False, "heap": False,
          "mergesort": True, "merge": True, "stable": True}


def _stable_flag(kind, stable, order, dtype):
    if order is not None:
        raise ValueError("Cannot specify order when the array has no fields.")
    if kind is not None and stable is not None:
        raise ValueError("`kind` and keyword parameters can't be provided at the same time. "
                         "Use only one of them.")
    if stable is not None:
        return bool(stable)
    if not isinstance(kind, str) and kind is not None or kind not in _KINDS:
        raise ValueError(
            f"sort kind must be one of 'quick', 'heap', or 'stable' (got {kind!r})")
    return _KINDS[kind]


def _sorted_lanes(v, axis, stable, with_index, descending=False, values=True):
    """(values sorted along the lanes, indices or None, axis) as NumPy arrays
    whose last axis is the sorted one; values=False (with_index only) leaves
    the values returned in any order (the gather of them skipped)."""
    b, ax = _lanes(v, axis)
    if descending:
        # Stable descending (Array API): sort the reversed lanes and reverse
        # back, so equal keys keep their original order.
        b = np.array(b[..., ::-1], order="C")
    if b.dtype.kind == "c":
        idx = _complex_lanes(b, with_index, stable or descending)
    elif with_index:
        idx = np.asarray(memoryview(_raptors._argsort_rows(_wrap(b), values)))
    else:
        _raptors._sort_rows(_wrap(b), stable or descending)
        idx = None
    if descending:
        b = b[..., ::-1]
        if idx is not None:
            idx = (b.shape[-1] - 1) - idx[..., ::-1]
    return b, idx, ax


def _complex_lanes(b, with_index, stable=True):
    """Sort the lanes of the complex NumPy array b (C-contiguous, last axis)
    in place in NumPy's complex order (src/core/sort_complex.c), stable when
    asked or with_index; the indices when with_index."""
    idx = _raptors._sort_complex_rows(_wrap(b), with_index, stable)
    return None if idx is None else np.asarray(memoryview(idx))


# ---- sort / argsort --------------------------------------------------------

def sort(a, axis=-1, kind=None, order=None, *, stable=None, descending=False):
    """numpy.sort (and the Array API's sort with descending/stable)."""
    v = _view(a)
    st = _stable_flag(kind, stable, order, v.dtype)
    b, _, ax = _sorted_lanes(v, axis, st, False, descending)
    return _wrap(_unlanes(b, axis, ax))


def argsort(a, axis=-1, kind=None, order=None, *, stable=None, descending=False):
    """numpy.argsort: always stable here (a valid answer for every kind)."""
    v = _view(a)
    _stable_flag(kind, stable, order, v.dtype)
    if v.ndim == 0 and axis is not None:
        v = v.reshape(1)  # NumPy: argsort of a 0-d array is [0]
    _, idx, ax = _sorted_lanes(v, axis, True, True, descending, values=False)
    return _wrap(_unlanes(idx, axis, ax))


def _sort_method(self, axis=-1, kind=None, order=None, *, stable=None):
    if not self.flags.writeable:
        raise ValueError("sort array is read-only")
    self[...] = sort(self, axis, kind, order, stable=stable)


def _argsort_method(self, axis=-1, kind=None, order=None, *, stable=None):
    return argsort(self, axis, kind, order, stable=stable)


# ---- partition -------------------------------------------------------------

def _kth(kth, n):
    k = np.asarray(kth)
    if k.dtype == bool:
        raise ValueError("Booleans unacceptable as partition index")
    if k.dtype.kind not in "iu":
        raise TypeError("Partition index must be integer")
    out = []
    for x in k.reshape(-1).tolist():
        y = x + n if x < 0 else x
        if not 0 <= y < n:
            raise ValueError(f"kth(={y}) out of bounds ({n})")
        out.append(y)
    return tuple(sorted(set(out)))


def _partition_lanes(b, kth, with_index):
    """Partition the lanes of a C-contiguous NumPy array b in place."""
    k = _kth(kth, b.shape[-1])
    if b.dtype.kind == "c":  # no complex select kernel: NumPy's, on the lanes
        if not with_index:
            b.partition(k, axis=-1)
            return None
        return np.argpartition(b, k, axis=-1)
    r = _wrap(b)
    idx = _raptors._partition_rows(r, k, with_index)
    return None if idx is None else np.asarray(memoryview(idx))


def _select_kind(kind, order):
    if kind != "introselect":
        raise ValueError(f"select kind must be 'introselect' (got {kind!r})")
    if order is not None:
        raise ValueError("Cannot specify order when the array has no fields.")


def partition(a, kth, axis=-1, kind="introselect", order=None):
    v = _view(a)
    _select_kind(kind, order)
    b, ax = _lanes(v, axis)
    _partition_lanes(b, kth, False)
    return _wrap(b if axis is None else np.moveaxis(b, -1, ax))


def argpartition(a, kth, axis=-1, kind="introselect", order=None):
    v = _view(a)
    _select_kind(kind, order)
    if v.ndim == 0 and axis is not None:
        v = v.reshape(1)
    b, ax = _lanes(v, axis)
    idx = _partition_lanes(b, kth, True)
    return _wrap(idx if axis is None else np.moveaxis(idx, -1, ax))


def _partition_method(self, kth, axis=-1, kind="introselect", order=None):
    if not self.flags.writeable:
        raise ValueError("partition array is read-only")
    self[...] = partition(self, kth, axis, kind, order)


def _argpartition_method(self, kth, axis=-1, kind="introselect", order=None):
    return argpartition(self, kth, axis, kind, order)


# ---- searchsorted ----------------------------------------------------------

def searchsorted(a, v, side="left", sorter=None):
    av = _view(a)
    if side not in ("left", "right"):
        if not isinstance(side, str) or side[:1].lower() not in ("l", "r"):
            raise ValueError(f"search side must be 'left' or 'right' (got {side!r})")
        side = "left" if side[0].lower() == "l" else "right"
    if av.ndim != 1:
        raise ValueError("object too deep for desired array" if av.ndim > 1
                         else "object of too small depth for desired array")
    vv = np.asarray(v) if not isinstance(v, ndarray) else _view(v)
    dt = np.result_type(av, vv)
    if sorter is not None:
        s = _view(sorter) if isinstance(sorter, ndarray) else np.asarray(sorter)
        if s.dtype.kind not in "iu":
            raise TypeError("sorter must only contain integers")
        if s.ndim != 1 or s.size != av.size:
            raise ValueError("sorter.size must equal a.size")
        if s.size and (s.min() < 0 or s.max() >= av.size):
            raise ValueError("Sorter index out of range.")
        av = av[s]
    if dt.kind not in "biuf" or dt.char not in "?bhilqBHILQfd":
        return _rp(np.searchsorted(av, vv, side=side))
    srt = np.ascontiguousarray(av, dtype=dt)
    keys = np.array(vv, dtype=dt, order="C", copy=True)
    if not srt.flags.writeable:
        srt = srt.copy()
    out = _raptors._searchsorted(_wrap(srt), _wrap(keys.reshape(-1)), side == "right")
    out = np.asarray(memoryview(out)).reshape(keys.shape)
    return out[()] if out.ndim == 0 else _wrap(out)


def _searchsorted_method(self, v, side="left", sorter=None):
    return searchsorted(self, v, side, sorter)


# ---- unique ----------------------------------------------------------------

class UniqueAllResult(NamedTuple):
    values: ndarray
    indices: ndarray
    inverse_indices: ndarray
    counts: ndarray


class UniqueCountsResult(NamedTuple):
    values: ndarray
    counts: ndarray


class UniqueInverseResult(NamedTuple):
    values: ndarray
    inverse_indices: ndarray


_COUNTED = frozenset("?bhilqBHILQfd")  # the dtypes of rp_unique_counted
_COUNTED_MIN = 2048  # below, sorting costs less than the table


def _unique_flat(v, want_index, want_inverse, want_counts, equal_nan):
    """NumPy arrays (values, index, inverse, counts) of the flattened v."""
    flat = v.reshape(-1)
    n = flat.size
    if (not (want_index or want_inverse) and n >= _COUNTED_MIN and flat.dtype.char in _COUNTED
            and (equal_nan or flat.dtype.kind != "f")):
        # Few distinct values: counted in a hash table, only they sorted
        # (src/core/unique.c); None when there are too many.
        r = _raptors._unique_counted(_wrap(np.ascontiguousarray(flat)))
        if r is not None:
            values, counts = (np.asarray(memoryview(x)) for x in r)
            return values, None, None, counts if want_counts else None
    if want_index or want_inverse:
        s, perm, _ = _sorted_lanes(flat, None, True, True)
    else:
        # Values and counts only: any sort will do (equal values are one
        # run either way; which zero sign or NaN payload leads a run is
        # NumPy's unstable choice too), and the unstable one is the fast one.
        s, perm, _ = _sorted_lanes(flat, None, False, False)
        if s.dtype.char in _COUNTED:
            # one pass over the sorted copy, in place (src/kernels/unique.c)
            m, counts = _raptors._unique_sorted(_wrap(s), want_counts, equal_nan)
            values = s[:m] if 2 * m >= n else s[:m].copy()  # (few: not n held for m)
            if counts is not None:
                counts = np.asarray(memoryview(counts))
            return values, None, None, counts
    mask = np.empty(n, dtype=bool)
    if n:
        mask[0] = True
        np.not_equal(s[1:], s[:-1], out=mask[1:])
        if equal_nan and s.dtype.kind == "f" and s[-1] != s[-1]:
            first_nan = int(searchsorted(_wrap(s), s[-1:])[0])
            mask[first_nan + 1:] = False
        elif equal_nan and s.dtype.kind == "c" and np.isnan(s[-1]):
            # NumPy's rule for complex: a NaN in either part makes one value
            first_nan = int(np.argmax(np.isnan(s)))
            mask[first_nan] = True
            mask[first_nan + 1:] = False
    values = s[mask]
    index = inverse = counts = None
    if want_index:
        index = perm[mask]
    if want_inverse:
        inverse = np.empty(n, dtype=np.intp)
        inverse[perm] = np.cumsum(mask) - 1
        inverse = inverse.reshape(v.shape)
    if want_counts:
        starts = np.flatnonzero(mask)
        counts = np.diff(np.append(starts, n))
    return values, index, inverse, counts


def unique(ar, return_index=False, return_inverse=False, return_counts=False, axis=None, *,
           equal_nan=True, sorted=True):
    v = _view(ar)
    if axis is not None or v.dtype.kind == "c":
        # Unique slices along an axis: NumPy's algorithm (row-wise
        # comparisons) on the view, not a raptors kernel yet. Complex too:
        # NumPy's equal_nan folds every value with a NaN in either part.
        r = np.unique(v, return_index, return_inverse, return_counts, axis, equal_nan=equal_nan)
        return tuple(_wrap(x) for x in r) if isinstance(r, tuple) else _wrap(r)
    values, index, inverse, counts = _unique_flat(v, return_index, return_inverse,
                                                  return_counts, equal_nan)
    out = [_wrap(values)]
    for want, x in ((return_index, index), (return_inverse, inverse), (return_counts, counts)):
        if want:
            out.append(_wrap(x))
    return out[0] if len(out) == 1 else tuple(out)


def unique_values(x):
    """Array API unique_values: distinct values sorted, every NaN distinct."""
    return _wrap(_unique_flat(_view(x), False, False, False, False)[0])


def unique_counts(x):
    values, _, _, counts = _unique_flat(_view(x), False, False, True, False)
    return UniqueCountsResult(_wrap(values), _wrap(counts))


def unique_inverse(x):
    values, _, inverse, _ = _unique_flat(_view(x), False, True, False, False)
    return UniqueInverseResult(_wrap(values), _wrap(inverse))


def unique_all(x):
    values, index, inverse, counts = _unique_flat(_view(x), True, True, True, False)
    return UniqueAllResult(_wrap(values), _wrap(index), _wrap(inverse), _wrap(counts))


# ---- sets ------------------------------------------------------------------

def _common(a, b):
    av, bv = _view(a), _view(b)
    dt = np.result_type(av, bv)
    return av.astype(dt, copy=False), bv.astype(dt, copy=False)


def _isin_flat(e, t):
    """Boolean NumPy array: which of e (any shape) occur in t (1-D, same dtype)."""
    if t.dtype.kind == "c":  # no complex searchsorted kernel yet: NumPy's
        return np.isin(e, t)
    s, _, _ = _sorted_lanes(t.reshape(-1), None, True, False)
    if s.size == 0:
        return np.zeros(e.shape, dtype=bool)
    keys = np.array(e, order="C", copy=True)
    pos = np.asarray(memoryview(_raptors._searchsorted(_wrap(s), _wrap(keys.reshape(-1)), False)))
    pos = pos.reshape(e.shape)
    found = s[np.minimum(pos, s.size - 1)] == e
    return found & (pos < s.size)


def isin(element, test_elements, assume_unique=False, invert=False, *, kind=None):
    if kind not in (None, "sort", "table"):
        raise ValueError(f"Invalid kind: {kind!r}. Please use None, 'sort' or 'table'.")
    e, t = _common(element, test_elements)
    if kind == "table" and e.dtype.kind not in "biu":
        raise ValueError("The 'table' method is only supported for boolean or integer arrays. "
                         "Please select 'sort' or None for kind.")
    found = _isin_flat(e, t)
    return _wrap(~found if invert else found)


def intersect1d(ar1, ar2, assume_unique=False, return_indices=False):
    a, b = _common(ar1, ar2)
    ua, ia, _, _ = _unique_flat(a, True, False, False, True)
    ub, ib, _, _ = _unique_flat(b, True, False, False, True)
    if ua.dtype.kind == "f" and ua.size and ua[-1] != ua[-1]:
        # NumPy's intersect1d compares sorted neighbours: NaN never matches.
        ua, ia = ua[:-1], ia[:-1]
    keep = _isin_flat(ua, ub)
    common = ua[keep]
    if not return_indices:
        return _wrap(common)
    if ub.dtype.kind == "c":  # no complex searchsorted kernel yet
        pos = np.searchsorted(ub, common)
    else:
        pos = np.asarray(memoryview(_raptors._searchsorted(
            _wrap(np.ascontiguousarray(ub)), _wrap(np.array(common, order="C")), False)))
    return _wrap(common), _wrap(ia[keep]), _wrap(ib[pos])


def union1d(ar1, ar2):
    a, b = _common(ar1, ar2)
    return unique(np.concatenate((a.reshape(-1), b.reshape(-1))))


def setdiff1d(ar1, ar2, assume_unique=False):
    a = _view(ar1)
    if assume_unique:
        a = a.reshape(-1)
    else:
        a = _unique_flat(a, False, False, False, True)[0]
    a2, b = _common(a, ar2)
    return _wrap(a[~_isin_flat(a2, b)])


def setxor1d(ar1, ar2, assume_unique=False):
    a, b = _common(ar1, ar2)
    if not assume_unique:
        a = _unique_flat(a, False, False, False, True)[0]
        b = _unique_flat(b, False, False, False, True)[0]
    aux = np.concatenate((a.reshape(-1), b.reshape(-1)))
    if aux.size == 0:
        return _wrap(aux)
    s, _, _ = _sorted_lanes(aux, None, True, False)
    flag = np.concatenate(([True], s[1:] != s[:-1], [True]))
    return _wrap(s[flag[1:] & flag[:-1]])


# ---- order statistics --------------------------------------------------------

class _Selectable(np.ndarray):
    """An ndarray whose partition method is raptors' introselect, so that
    NumPy's median/quantile code selects with raptors' kernels.

    Lanes across the memory order are selected in a C-ordered copy, and only
    the kth positions are written back: NumPy's median and quantile read
    nothing else of the partitioned array (they put every index they take,
    the NaN check's -1 included, in kth), and the rest would be a second
    transposing copy of the whole array (the tests compare every method and
    axis with NumPy's own, so a NumPy that read more would fail them)."""

    def partition(self, kth, axis=-1, kind="introselect", order=None):
        _select_kind(kind, order)
        base = self.view(np.ndarray)
        ax = _axis(axis, base.ndim)
        moved = np.moveaxis(base, ax, -1)
        if moved.flags.c_contiguous and moved.flags.writeable:
            _partition_lanes(moved, kth, False)
        else:
            b = np.array(moved, order="C", copy=True)
            _partition_lanes(b, kth, False)
            k = list(_kth(kth, b.shape[-1]))
            moved[..., k] = b[..., k]


def _plain(r):
    if isinstance(r, np.ndarray):
        r = r.view(np.ndarray)
        return r[()] if r.ndim == 0 else _wrap(r)
    return r


def _selectable(a):
    v = _view(a)
    if v.dtype.kind not in "biuf":
        return v
    return v.view(_Selectable)


def _out_view(out):
    return None if out is None else _view(out)


def median(a, axis=None, out=None, overwrite_input=False, keepdims=False):
    r = np.median(_selectable(a), axis=axis, out=_out_view(out), overwrite_input=False,
                  keepdims=keepdims)
    return out if out is not None else _plain(r)


def quantile(a, q, axis=None, out=None, overwrite_input=False, method="linear",
             keepdims=False, *, weights=None, interpolation=None):
    kw = {} if interpolation is None else {"interpolation": interpolation}
    r = np.quantile(_selectable(a), _q(q), axis=axis, out=_out_view(out), overwrite_input=False,
                    method=method, keepdims=keepdims, weights=_q(weights), **kw)
    return out if out is not None else _plain(r)


def percentile(a, q, axis=None, out=None, overwrite_input=False, method="linear",
               keepdims=False, *, weights=None, interpolation=None):
    kw = {} if interpolation is None else {"interpolation": interpolation}
    r = np.percentile(_selectable(a), _q(q), axis=axis, out=_out_view(out),
                      overwrite_input=False, method=method, keepdims=keepdims,
                      weights=_q(weights), **kw)
    return out if out is not None else _plain(r)


def nanmedian(a, axis=None, out=None, overwrite_input=False, keepdims=np._NoValue):
    r = np.nanmedian(_selectable(a), axis=axis, out=_out_view(out), overwrite_input=False,
                     keepdims=keepdims)
    return out if out is not None else _plain(r)


def nanquantile(a, q, axis=None, out=None, overwrite_input=False, method="linear",
                keepdims=np._NoValue, *, weights=None, interpolation=None):
    kw = {} if interpolation is None else {"interpolation": interpolation}
    r = np.nanquantile(_selectable(a), _q(q), axis=axis, out=_out_view(out),
                       overwrite_input=False, method=method, keepdims=keepdims,
                       weights=_q(weights), **kw)
    return out if out is not None else _plain(r)


def nanpercentile(a, q, axis=None, out=None, overwrite_input=False, method="linear",
                  keepdims=np._NoValue, *, weights=None, interpolation=None):
    kw = {} if interpolation is None else {"interpolation": interpolation}
    r = np.nanpercentile(_selectable(a), _q(q), axis=axis, out=_out_view(out),
                         overwrite_input=False, method=method, keepdims=keepdims,
                         weights=_q(weights), **kw)
    return out if out is not None else _plain(r)


def _q(q):
    return _view(q) if isinstance(q, ndarray) else q


# ---- counting ----------------------------------------------------------------

_BINCOUNT_DTYPES = frozenset("?bhilqBHI")  # the dtypes NumPy casts to intp safely


def bincount(x, weights=None, minlength=0):
    """numpy.bincount: 1-D arrays of the integer dtypes above (weights
    float64 or None) counted in C (src/core/count.c); every other input
    goes to NumPy's, on zero-copy views, for its conversions and errors."""
    xv = _view(x) if isinstance(x, ndarray) else x
    wv = _view(weights) if isinstance(weights, ndarray) else weights
    if (isinstance(xv, np.ndarray) and xv.ndim == 1 and xv.dtype.char in _BINCOUNT_DTYPES
            and type(minlength) is int and minlength >= 0
            and (wv is None or isinstance(wv, np.ndarray) and wv.dtype == np.float64
                 and wv.shape == xv.shape)):
        xc = np.ascontiguousarray(xv)
        wc = None if wv is None else _wrap(np.ascontiguousarray(wv))
        r = _raptors._bincount(_wrap(xc), wc, minlength)
        if r is not None:
            return r
    return _wrap(np.bincount(xv, wv, minlength))


def _attach():
    # sort, argsort and the two methods are C entries (src/python/sort_py.c)
    # for the common call, deferring to the Python ones above for the rest
    global sort, argsort
    _raptors._set_sort_fallbacks(sort, argsort, _sort_method, _argsort_method)
    sort, argsort = _raptors._sort, _raptors._argsort
    ndarray.partition = _partition_method
    ndarray.argpartition = _argpartition_method
    ndarray.searchsorted = _searchsorted_method


_attach()
