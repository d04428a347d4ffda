"""Helpers shared by the claim checks: JSON-ready evidence and log-log exponent fits."""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from polyexact.numbers import format_rational

__all__ = ["evidence_to_data", "fit_exponent", "mp_str"]


def mp_str(value: Any, digits: int = 6) -> str:
    """Return a high-precision real (mpmath ``mpf``) as a decimal string with ``digits`` digits.

    Examples
    --------
    >>> import mpmath
    >>> from polyexact.claims._data import mp_str
    >>> mp_str(mpmath.e ** -16, 4)
    '1.125e-7'
    """
    import mpmath

    return str(mpmath.nstr(value, digits))


def evidence_to_data(value: Any) -> Any:
    """Return evidence as JSON data: Fractions as ``"p/q"`` (ints stay ints), mpf as strings.

    Examples
    --------
    >>> from fractions import Fraction
    >>> from polyexact.claims._data import evidence_to_data
    >>> evidence_to_data({"a": Fraction(1, 3), "b": (Fraction(4, 2), 1.5), "c": None})
    {'a': '1/3', 'b': [2, 1.5], 'c': None}
    """
    if isinstance(value, float) and not math.isfinite(value):
        return None  # JSON has no NaN
    if value is None or isinstance(value, (bool, str, int, float)):
        return value
    if isinstance(value, Fraction):
        return format_rational(value)
    if isinstance(value, dict):
        return {str(k): evidence_to_data(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [evidence_to_data(v) for v in value]
    if type(value).__module__.startswith("mpmath"):
        return mp_str(value, 10)
    raise TypeError(f"evidence of type {type(value).__name__} is not JSON data")


def fit_exponent(sizes: Sequence[int | float | Fraction],
                 counts: Sequence[int | float | Fraction]) -> float:
    """Least-squares slope of ``log count`` against ``log size`` (reporting only, never deciding).

    Examples
    --------
    >>> from polyexact.claims._data import fit_exponent
    >>> round(fit_exponent([2, 4, 8], [4, 16, 64]), 6)
    2.0
    """
    pts = [(math.log(n), math.log(c)) for n, c in zip(sizes, counts, strict=True) if c > 0]
    if len(pts) < 2:
        return float("nan")
    mx = sum(p[0] for p in pts) / len(pts)
    my = sum(p[1] for p in pts) / len(pts)
    sxx = sum((p[0] - mx) ** 2 for p in pts)
    sxy = sum((p[0] - mx) * (p[1] - my) for p in pts)
    return round(sxy / sxx, 4) if sxx else float("nan")
