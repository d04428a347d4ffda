"""Shared helpers of the finite-temperature claims: precision, exact-to-mpmath, Thm VI.1's tail.

Used by :mod:`polyexact.claims.temperature` (Thm VI.1) and
:mod:`polyexact.claims.temperature_examples` (Example VI.2, C6, C7). Scores are exact rationals;
everything derived is computed with mpmath at :data:`DIGITS` digits.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from fractions import Fraction
from typing import Any

from polyexact.claims.registry import Finding

__all__ = ["DIGITS", "Real", "hessian_norm"]

#: Working precision (decimal digits) of every temperature computation.
DIGITS = 50

Real = Any  # an mpmath mpf (mpmath is untyped)


def _mp(x: Fraction | int) -> Real:
    import mpmath

    return mpmath.mpf(x.numerator) / x.denominator if isinstance(x, Fraction) else mpmath.mpf(x)


def _high_precision(check: Callable[[bool], Finding]) -> Callable[[bool], Finding]:
    """Run a check at :data:`DIGITS` digits, restoring mpmath's precision afterwards."""

    @functools.wraps(check)
    def wrapped(quick: bool) -> Finding:
        import mpmath

        with mpmath.workdps(DIGITS):
            return check(quick)

    return wrapped


def hessian_norm(scores: list[Fraction], tau: Fraction) -> Real:
    """Spectral norm of ``∇²P^τ(s) = (diag p − p pᵀ)/τ`` (largest absolute eigenvalue).

    Examples
    --------
    >>> import mpmath
    >>> from fractions import Fraction as F
    >>> from polyexact.claims.temperature import hessian_norm
    >>> mpmath.nstr(hessian_norm([F(2), F(0)], F(1)), 4)   # the paper claims <= 0.1353
    '0.21'
    """
    import mpmath

    from polyexact.models.softmax import log_sum_exp_hessian

    with mpmath.workdps(DIGITS):
        eigenvalues = mpmath.eigsy(log_sum_exp_hessian(scores, tau, dps=DIGITS), eigvals_only=True)
        return max(abs(e) for e in eigenvalues)


def _tail(n: int, tau: Fraction, delta: Fraction) -> Real:
    """``(N − 1) e^{−δ/τ}``, the quantity every bound of Thm VI.1 is built from."""
    import mpmath

    return (n - 1) * mpmath.exp(-_mp(delta) / _mp(tau))

