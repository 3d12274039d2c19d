"""Fit the polynomials of the float64 arctan/arctan2 and arcsin/arccos kernels
(src/kernels/vmath_atan64.inc) and print their coefficients and constants.

Lawson's iteration (weighted least squares whose weights grow where the error
is largest, converging to the minimax polynomial) in Python's decimal module at
50 digits; the target functions come from their Taylor series, exact to that
precision. Coefficients are rounded to double one at a time, the rest refitted
to the rounded ones (so the rounding of the first, largest ones is absorbed).

    python scripts/vmath_fit64.py
"""

from __future__ import annotations

from decimal import Decimal, getcontext

getcontext().prec = 50


def atan_series(u: Decimal) -> Decimal:
    """(atan r - r) / r^3 for u = r^2 (|r| < 1)."""
    total, term, k = Decimal(0), Decimal(1), 1
    while abs(term) > Decimal(10) ** -45:
        total += term / (2 * k + 1) * (-1 if k % 2 else 1)
        term *= u
        k += 1
    return total


def asin_series(z: Decimal) -> Decimal:
    """(asin s - s) / s^3 for z = s^2 (s < 1): sum of (2k)!/(4^k k!^2 (2k+1)) z^(k-1)."""
    total, c, zk, k = Decimal(0), Decimal(1), Decimal(1), 1
    while True:
        c = c * (2 * k - 1) / (2 * k)  # (2k)! / (4^k k!^2)
        term = c / (2 * k + 1) * zk
        total += term
        if term < Decimal(10) ** -45:
            return total
        zk *= z
        k += 1


def _pw(x: Decimal, k: int) -> Decimal:
    return Decimal(1) if k == 0 else x**k


def solve(a: list[list[Decimal]], b: list[Decimal]) -> list[Decimal]:
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[p] = m[p], m[c]
        for r in range(c + 1, n):
            f = m[r][c] / m[c][c]
            for k in range(c, n + 1):
                m[r][k] -= f * m[c][k]
    x = [Decimal(0)] * n
    for r in range(n - 1, -1, -1):
        x[r] = (m[r][n] - sum(m[r][k] * x[k] for k in range(r + 1, n))) / m[r][r]
    return x


def lawson(xs, ys, ws, deg, fixed, iters=40):
    """Coefficients c[len(fixed)..deg] minimizing max w |sum c_k x^k - y| with
    c[0..len(fixed)) given."""
    nf = len(fixed)
    rhs = [y - sum(f * _pw(x, k) for k, f in enumerate(fixed)) for x, y in zip(xs, ys)]
    basis = [[_pw(x, k) for k in range(nf, deg + 1)] for x in xs]
    lw = [Decimal(1) / len(xs)] * len(xs)
    best = None
    for _ in range(iters):
        n = deg + 1 - nf
        a = [[sum(lw[i] * ws[i] ** 2 * basis[i][p] * basis[i][q] for i in range(len(xs)))
              for q in range(n)] for p in range(n)]
        b = [sum(lw[i] * ws[i] ** 2 * basis[i][p] * rhs[i] for i in range(len(xs))) for p in range(n)]
        c = solve(a, b)
        err = [abs(ws[i] * (sum(ck * bk for ck, bk in zip(c, basis[i])) - rhs[i]))
               for i in range(len(xs))]
        e = max(err)
        if best is None or e < best[0]:
            best = (e, c)
        lw = [lw[i] * err[i] for i in range(len(xs))]
        s = sum(lw)
        lw = [v / s for v in lw]
    return best[1]


def fit(fn, lo: float, hi: float, deg: int, weight, npts: int = 160):
    import math

    xs = [Decimal(lo + (hi - lo) * (1 - math.cos(math.pi * (i + 0.5) / npts)) / 2) for i in range(npts)]
    xs += [Decimal(lo), Decimal(hi)]
    ys = [fn(x) for x in xs]
    ws = [weight(x) for x in xs]
    fixed: list[Decimal] = []
    while len(fixed) <= deg:
        c = lawson(xs, ys, ws, deg, fixed, iters=25 if len(fixed) < deg else 1)
        fixed.append(Decimal(float(c[0])))
    err = max(abs(w * (sum(f * _pw(x, k) for k, f in enumerate(fixed)) - y)) for x, y, w in zip(xs, ys, ws))
    return [float(f) for f in fixed], float(err)


def main() -> None:
    import math

    # arctan: atan r = r + r u P(u), |r| <= 3/16; the error of the tail relative
    # to atan r is u (P - f) (atan r ~ r)
    c, e = fit(atan_series, 0.0, (3 / 16) ** 2, 7, lambda u: u)
    print(f"ATAN_P (degree 7 on [0, (3/16)^2]), max relative error 2^{math.log2(e):.1f}:")
    print(", ".join(x.hex() for x in c))
    # arcsin: asin s = s + s z Q(z), z = s^2 <= 1/4
    c, e = fit(asin_series, 0.0, 0.25, 12, lambda z: z)
    print(f"ASIN_Q (degree 12 on [0, 1/4]), max relative error 2^{math.log2(e):.1f}:")
    print(", ".join(x.hex() for x in c))


if __name__ == "__main__":
    main()
