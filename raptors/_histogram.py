"""histogram, histogram_bin_edges and digitize: numpy/lib/_histograms_impl.py
and numpy.digitize on raptors arrays.

Uniform bins (an int or an estimator's name) go through one C pass
(raptors._raptors._histogram_uniform) that assigns each value to the bin
NumPy's block loop gives it, bit for bit: the keep test, subtraction and
division in the dtypes NumPy's promotions pick (resolved here from its
scalars), then the same one-step correction against the linspace edges.
Explicit edges: NumPy's sort + searchsorted per block of 65536, raptors'.
"""

import operator
import warnings

import numpy as _np

from . import _raptors

__all__ = ["histogram", "histogram_bin_edges", "digitize"]

_BLOCK = 65536
_range = range


def _rp():
    import raptors

    return raptors


# ---- bin width estimators (NumPy's _hist_bin_*) ---------------------------------


def _unsigned_ptp(x):
    # NumPy's _ptp: max - min, unsigned for signed ints (no overflow)
    rp = _rp()
    return _unsigned_subtract(rp.max(x), rp.min(x))


def _hist_bin_sqrt(x, range):
    return _unsigned_ptp(x) / _np.sqrt(x.size)


def _hist_bin_sturges(x, range):
    return _unsigned_ptp(x) / (_np.log2(x.size) + 1.0)


def _hist_bin_rice(x, range):
    return _unsigned_ptp(x) / (2.0 * x.size ** (1.0 / 3))


def _hist_bin_scott(x, range):
    return (24.0 * _np.pi**0.5 / x.size)**(1.0 / 3.0) * _rp().std(x)


def _hist_bin_stone(x, range):
    n = x.size
    ptp_x = _unsigned_ptp(x)
    if n <= 1 or ptp_x == 0:
        return 0

    def jhat(nbins):
        hh = ptp_x / nbins
        p_k = histogram(x, bins=nbins, range=range)[0] / n
        return (2 - (n + 1) * _rp().dot(p_k, p_k)) / hh

    nbins_upper_bound = max(100, int(_np.sqrt(n)))
    nbins = min(_range(1, nbins_upper_bound + 1), key=jhat)
    if nbins == nbins_upper_bound:
        warnings.warn("The number of bins estimated may be suboptimal.", RuntimeWarning,
                      stacklevel=3)
    return ptp_x / nbins


def _hist_bin_doane(x, range):
    rp = _rp()
    if x.size > 2:
        sg1 = _np.sqrt(6.0 * (x.size - 2) / ((x.size + 1.0) * (x.size + 3)))
        sigma = rp.std(x)
        if sigma > 0.0:
            temp = rp.subtract(x, rp.mean(x))
            rp.true_divide(temp, sigma, out=temp)
            rp.power(temp, 3, out=temp)
            g1 = rp.mean(temp)
            return _unsigned_ptp(x) / (1.0 + _np.log2(x.size) +
                                       _np.log2(1.0 + _np.absolute(g1) / sg1))
    return 0.0


def _hist_bin_fd(x, range):
    q75, q25 = _rp().percentile(x, [75, 25]).tolist()
    iqr = _np.subtract(*_np.array([q75, q25], dtype=_np.float64))
    return 2.0 * iqr * x.size ** (-1.0 / 3.0)


def _hist_bin_auto(x, range):
    fd_bw = _hist_bin_fd(x, range)
    sturges_bw = _hist_bin_sturges(x, range)
    sqrt_bw = _hist_bin_sqrt(x, range)
    fd_bw_corrected = max(fd_bw, sqrt_bw / 2)
    return min(fd_bw_corrected, sturges_bw)


_hist_bin_selectors = {"stone": _hist_bin_stone, "auto": _hist_bin_auto,
                       "doane": _hist_bin_doane, "fd": _hist_bin_fd, "rice": _hist_bin_rice,
                       "scott": _hist_bin_scott, "sqrt": _hist_bin_sqrt,
                       "sturges": _hist_bin_sturges}


# ---- edges -------------------------------------------------------------------------


def _ravel_and_check_weights(a, weights):
    rp = _rp()
    a = rp.asarray(a)
    if a.dtype == _np.bool_:
        warnings.warn(f"Converting input from {a.dtype} to {_np.uint8} for compatibility.",
                      RuntimeWarning, stacklevel=3)
        a = a.astype(_np.uint8)
    if weights is not None:
        weights = rp.asarray(weights)
        if weights.shape != a.shape:
            raise ValueError("weights should have the same shape as a.")
        weights = weights.ravel()
    return a.ravel(), weights


def _get_outer_edges(a, range):
    rp = _rp()
    if range is not None:
        first_edge, last_edge = range
        if first_edge > last_edge:
            raise ValueError("max must be larger than min in range parameter.")
        if not (_np.isfinite(first_edge) and _np.isfinite(last_edge)):
            raise ValueError(f"supplied range of [{first_edge}, {last_edge}] is not finite")
    elif a.size == 0:
        first_edge, last_edge = 0, 1
    else:
        first_edge, last_edge = rp.min(a), rp.max(a)
        if not (_np.isfinite(first_edge) and _np.isfinite(last_edge)):
            raise ValueError(
                f"autodetected range of [{first_edge}, {last_edge}] is not finite")
    if first_edge == last_edge:
        first_edge = first_edge - 0.5
        last_edge = last_edge + 0.5
    return first_edge, last_edge


_SIGNED_TO_UNSIGNED = {_np.byte: _np.ubyte, _np.short: _np.ushort, _np.intc: _np.uintc,
                       _np.int_: _np.uint, _np.longlong: _np.ulonglong}


def _unsigned_subtract(a, b):
    """NumPy's: a - b (a >= b) of scalars, unsigned for signed integers."""
    dt = _np.result_type(a, b)
    unsigned_dt = _SIGNED_TO_UNSIGNED.get(dt.type)
    if unsigned_dt is None:
        return _np.subtract(a, b, dtype=dt)
    return _np.subtract(_np.asarray(a, dtype=dt), _np.asarray(b, dtype=dt), casting="unsafe",
                        dtype=unsigned_dt)


def _result_type(*args):
    # arrays by their dtype: NumPy's promotion of scalars and arrays
    rp = _rp()
    return _np.result_type(*[x.dtype if isinstance(x, rp.ndarray) else x for x in args])


def _get_bin_edges(a, bins, range, weights):
    rp = _rp()
    n_equal_bins = None
    bin_edges = None
    if isinstance(bins, str):
        bin_name = bins
        if bin_name not in _hist_bin_selectors:
            raise ValueError(f"{bin_name!r} is not a valid estimator for `bins`")
        if weights is not None:
            raise TypeError("Automated estimation of the number of "
                            "bins is not supported for weighted data")
        first_edge, last_edge = _get_outer_edges(a, range)
        if range is not None:
            keep = rp.logical_and(rp.greater_equal(a, first_edge), rp.less_equal(a, last_edge))
            if not rp.all(keep):
                a = a[keep]
        if a.size == 0:
            n_equal_bins = 1
        else:
            width = _hist_bin_selectors[bin_name](a, (first_edge, last_edge))
            if width:
                if a.dtype.kind in "iu" and width < 1:
                    width = 1
                delta = _unsigned_subtract(last_edge, first_edge)
                n_equal_bins = int(_np.ceil(delta / width))
            else:
                n_equal_bins = 1
    elif _np.ndim(bins) == 0:
        try:
            n_equal_bins = operator.index(bins)
        except TypeError as e:
            raise TypeError("`bins` must be an integer, a string, or an array") from e
        if n_equal_bins < 1:
            raise ValueError("`bins` must be positive, when an integer")
        first_edge, last_edge = _get_outer_edges(a, range)
    elif _np.ndim(bins) == 1:
        bin_edges = rp.asarray(bins)
        if rp.any(rp.greater(bin_edges[:-1], bin_edges[1:])):
            raise ValueError("`bins` must increase monotonically, when an array")
    else:
        raise ValueError("`bins` must be 1d, when an array")

    if n_equal_bins is not None:
        bin_type = _result_type(first_edge, last_edge, a)
        if bin_type.kind in "iu":
            bin_type = _np.result_type(bin_type, float)
        bin_edges = rp.linspace(first_edge, last_edge, n_equal_bins + 1, endpoint=True,
                                dtype=bin_type)
        if rp.any(rp.greater_equal(bin_edges[:-1], bin_edges[1:])):
            raise ValueError(f"Too many bins for data range. Cannot create {n_equal_bins} "
                             f"finite-sized bins.")
        return bin_edges, (first_edge, last_edge, n_equal_bins)
    return bin_edges, None


def histogram_bin_edges(a, bins=10, range=None, weights=None):
    """The bin edges numpy.histogram would use (numpy.histogram_bin_edges)."""
    a, weights = _ravel_and_check_weights(a, weights)
    bin_edges, _ = _get_bin_edges(a, bins, range, weights)
    return bin_edges


# ---- counts -------------------------------------------------------------------------


def _uniform_plan(a, bin_edges, first_edge, last_edge, n_equal_bins):
    """The kernel's arguments for NumPy's arithmetic, or None where its
    dtypes are not the kernel's (then the block loop runs)."""
    bt = bin_edges.dtype
    if bt.kind != "f":
        return None
    norm_denom = _unsigned_subtract(last_edge, first_edge)
    # NumPy: keep = a >= first_edge (a's own dtype), x = a.astype(bt),
    # f = ((x - first_edge) / norm_denom) * n
    cmp_dt = _result_type(a, first_edge)
    sub_dt = _result_type(bin_edges, first_edge)
    div_dt = _np.result_type(sub_dt, norm_denom)
    if cmp_dt != _result_type(a, last_edge):
        return None
    if a.dtype.kind == "f" and cmp_dt != bt:
        return None  # (float32 data with float64 edges compare in float64 = bt)
    if a.dtype.kind in "iu" and bt != _np.float64:
        return None  # (integers compare in float64 here: exact below 2**53)
    if sub_dt != bt or div_dt.kind != "f" or div_dt.itemsize < sub_dt.itemsize:
        return None
    lo = float(bt.type(first_edge))
    hi = float(bt.type(last_edge))
    return (lo, hi, lo, float(norm_denom), bt == _np.float32, sub_dt == _np.float32,
            div_dt == _np.float32)


def _hist_uniform_blocks(a, weights, bin_edges, first_edge, last_edge, n_equal_bins, ntype):
    """NumPy's block loop, line by line, on raptors arrays (the cases the
    kernel does not take)."""
    rp = _rp()
    n = rp.zeros(n_equal_bins, ntype)
    norm_denom = _unsigned_subtract(last_edge, first_edge)
    for i in _range(0, len(a), _BLOCK):
        tmp_a = a[i:i + _BLOCK]
        tmp_w = None if weights is None else weights[i:i + _BLOCK]
        keep = rp.logical_and(rp.greater_equal(tmp_a, first_edge),
                              rp.less_equal(tmp_a, last_edge))
        if not rp.all(keep):
            tmp_a = tmp_a[keep]
            if tmp_w is not None:
                tmp_w = tmp_w[keep]
        tmp_a = tmp_a.astype(bin_edges.dtype, copy=False)
        diff = rp.subtract(tmp_a, first_edge)
        f_indices = rp.multiply(rp.divide(diff, norm_denom), n_equal_bins)
        indices = f_indices.astype(_np.intp)
        indices = rp.where(indices == n_equal_bins, indices - 1, indices)
        indices = rp.where(tmp_a < bin_edges[indices], indices - 1, indices)
        inc = rp.logical_and(tmp_a >= bin_edges[indices + 1], indices != n_equal_bins - 1)
        indices = rp.where(inc, indices + 1, indices)
        part = rp.bincount(indices, weights=tmp_w, minlength=n_equal_bins)
        n = rp.add(n, part.astype(ntype), out=n)
    return n


def _hist_uniform(a, weights, bin_edges, uniform_bins, ntype):
    rp = _rp()
    first_edge, last_edge, n_equal_bins = uniform_bins
    plan = _uniform_plan(a, bin_edges, first_edge, last_edge, n_equal_bins)
    if plan is None:
        return _hist_uniform_blocks(a, weights, bin_edges, first_edge, last_edge, n_equal_bins,
                                    ntype)
    x = a if a.dtype == bin_edges.dtype else a.astype(bin_edges.dtype)
    edges = bin_edges if bin_edges.flags.c_contiguous else bin_edges.copy()
    if weights is None:
        n = rp.zeros(n_equal_bins, _np.intp)
        _raptors._histogram_uniform(x, edges, n, *plan)
        return n
    # NumPy's bincount per block sums the weights (as float64) in element
    # order, then adds the block's sums into the result in its dtype
    w = weights.astype(_np.float64, copy=False)
    n = rp.zeros(n_equal_bins, ntype)
    part = rp.zeros(n_equal_bins, _np.float64)
    for i in _range(0, len(a), _BLOCK):
        if i:
            part.fill(0)
        _raptors._histogram_uniform(x[i:i + _BLOCK], edges, part, *plan, w[i:i + _BLOCK])
        rp.add(n, part.astype(ntype, copy=False), out=n, casting="unsafe")
    return n


def _search_sorted_inclusive(a, v):
    rp = _rp()
    return rp.concatenate((rp.searchsorted(a, v[:-1], side="left"),
                           rp.searchsorted(a, v[-1:], side="right")))


def _hist_edges(a, weights, bin_edges, ntype):
    rp = _rp()
    cum_n = rp.zeros(bin_edges.shape, ntype)
    if weights is None:
        for i in _range(0, len(a), _BLOCK):
            sa = rp.sort(a[i:i + _BLOCK])
            rp.add(cum_n, _search_sorted_inclusive(sa, bin_edges), out=cum_n, casting="unsafe")
    else:
        zero = rp.zeros(1, dtype=ntype)
        for i in _range(0, len(a), _BLOCK):
            tmp_a = a[i:i + _BLOCK]
            tmp_w = weights[i:i + _BLOCK]
            sorting_index = rp.argsort(tmp_a)
            sa = rp.take(tmp_a, sorting_index)
            sw = rp.take(tmp_w, sorting_index)
            cw = rp.concatenate((zero, rp.cumsum(sw)))
            bin_index = _search_sorted_inclusive(sa, bin_edges)
            rp.add(cum_n, rp.take(cw, bin_index), out=cum_n, casting="unsafe")
    return rp.diff(cum_n)


def histogram(a, bins=10, range=None, density=None, weights=None):
    """Histogram of the flattened data (numpy.histogram)."""
    rp = _rp()
    a, weights = _ravel_and_check_weights(a, weights)
    bin_edges, uniform_bins = _get_bin_edges(a, bins, range, weights)
    ntype = _np.dtype(_np.intp) if weights is None else weights.dtype
    if uniform_bins is not None:
        n = _hist_uniform(a, weights, bin_edges, uniform_bins, ntype)
    else:
        n = _hist_edges(a, weights, bin_edges, ntype)
    if density:
        db = rp.diff(bin_edges).astype(float)
        return n / db / rp.sum(n), bin_edges
    return n, bin_edges


# ---- digitize -------------------------------------------------------------------------


def _monotonicity(bins):
    """NumPy's check_array_monotonic on the bins as float64: 1 increasing,
    -1 decreasing, 0 neither (its NaN quirks included: after the leading
    run of equal values the first step's direction decides)."""
    rp = _rp()
    if bins.ndim != 1:
        raise ValueError("object too deep for desired array" if bins.ndim > 1
                         else "object of too small depth for desired array")
    b = bins.astype(_np.float64, copy=False)
    n = b.shape[0]
    if n == 0:
        return 1
    differs = rp.flatnonzero(rp.not_equal(b[1:], b[0]))
    if differs.size == 0:
        return 1
    i = int(differs[0]) + 1
    rest_last, rest_next = b[i:-1], b[i + 1:]
    if b[0] < b[i]:
        return 0 if rp.any(rp.greater(rest_last, rest_next)) else 1
    return 0 if rp.any(rp.less(rest_last, rest_next)) else -1


def digitize(x, bins, right=False):
    """Indices of the bins each value falls in (numpy.digitize)."""
    rp = _rp()
    x = rp.asarray(x)
    bins = rp.asarray(bins)
    if x.dtype.kind == "c":  # NumPy's check, before the bins'
        raise TypeError("x may not be complex")
    mono = _monotonicity(bins)
    if mono == 0:
        raise ValueError("bins must be monotonically increasing or decreasing")
    side = "left" if right else "right"
    if mono == -1:
        return rp.subtract(len(bins), rp.searchsorted(bins[::-1], x, side=side))
    return rp.searchsorted(bins, x, side=side)
