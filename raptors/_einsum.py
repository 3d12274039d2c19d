"""einsum of two operands as one (batched) matrix product.

NumPy's einsum (optimize=False, its default) runs a sum-of-products loop
that never reaches BLAS: `einsum('bij,bjk->bik')` of (100, 32, 32) stacks is
~60x slower than the same `matmul` in NumPy. Every two-operand contraction
whose labels split into batch (both operands and the output), contracted
(both operands, not the output) and free ones (one operand and the output)
is a matmul of the operands transposed and reshaped to (batch, free,
contracted) and (batch, contracted, free), which raptors runs natively for
small and integer products and through NumPy's BLAS otherwise.

Anything else (ellipses, repeated labels in one operand, a label summed
from one operand alone, mixed dtypes, out=/dtype=/casting=, size
mismatches, whose errors are NumPy's to report) goes to NumPy's einsum.

Integer and bool results are NumPy's exactly (wrapping sums, OR of ANDs,
in any order); float sums are BLAS's order, as NumPy's own einsum gives
with optimize=True.
"""

import functools
from math import prod

from ._raptors import ndarray

# Below this many multiply-adds the Python planning costs more than
# NumPy's loop saves (measured: 'ij,jk' at 8x8x8 is even, at 16^3 ~2x).
MIN_MACS = 4096

@functools.lru_cache(maxsize=256)
def _plan(subs, sa, sb):
    """(perm_a, shape3_a, perm_b, shape3_b, shape_out, perm_out, macs) for
    subscripts `subs` over shapes sa, sb, or None when einsum is not a
    plain matmul there."""
    subs = subs.replace(" ", "")
    if "." in subs:
        return None
    lhs, arrow, out = subs.partition("->")
    ins = lhs.split(",")
    if len(ins) != 2:
        return None
    la, lb = ins
    labels = la + lb
    # (ASCII letters only: NumPy refuses the others)
    if not (labels + out).isascii() or not labels.isalpha() or \
            (arrow and out and not out.isalpha()):
        return None
    if len(set(la)) != len(la) or len(set(lb)) != len(lb) or len(la) != len(sa) \
            or len(lb) != len(sb):
        return None
    if not arrow:
        # implicit mode: the labels seen once, in alphabetical order
        out = "".join(sorted(c for c in set(labels) if labels.count(c) == 1))
    if len(set(out)) != len(out) or not set(out) <= set(labels):
        return None
    size = {}
    for lab, n in list(zip(la, sa)) + list(zip(lb, sb)):
        if size.setdefault(lab, n) != n:
            return None  # NumPy's error (or its broadcasting of 1s)
    batch = [c for c in out if c in la and c in lb]
    left = [c for c in out if c in la and c not in lb]
    right = [c for c in out if c in lb and c not in la]
    contr = [c for c in la if c in lb and c not in out]
    if len(batch) + len(left) + len(contr) != len(la) or \
            len(batch) + len(right) + len(contr) != len(lb):
        return None  # a label summed from one operand alone
    nb, nl, nr, nk = (prod(size[c] for c in g) for g in (batch, left, right, contr))
    perm_a = tuple(la.index(c) for c in batch + left + contr)
    perm_b = tuple(lb.index(c) for c in batch + contr + right)
    mid = batch + left + right
    shape_mid = tuple(size[c] for c in mid)
    perm_out = tuple(mid.index(c) for c in out)
    return perm_a, (nb, nl, nk), perm_b, (nb, nk, nr), shape_mid, perm_out, nb * nl * nr * nk


def as_matmul(subs, a, b, matmul):
    """einsum(subs, a, b) through matmul, or None (then NumPy's einsum)."""
    if type(a) is not ndarray or type(b) is not ndarray:
        return None
    plan = _plan(subs, a.shape, b.shape)
    if plan is None or plan[6] < MIN_MACS or min(plan[1][1], plan[3][2], plan[1][2]) < 2 \
            or a.dtype != b.dtype:
        # (a dot or outer product per batch element: NumPy's loop is as
        # fast as a matmul of one row or one column)
        return None
    perm_a, s3a, perm_b, s3b, shape_mid, perm_out, _ = plan
    r = matmul(a.transpose(perm_a).reshape(s3a), b.transpose(perm_b).reshape(s3b))
    r = r.reshape(shape_mid)
    if perm_out != tuple(range(len(perm_out))):
        # a transposed view of a new array (NumPy's einsum output follows
        # its inputs' layout too, not always C order)
        r = r.transpose(perm_out)
    return r
