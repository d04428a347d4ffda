"""The model's numbers as GMP rationals, for the verifier's arithmetic.

The verifier recomputes every pattern's rows and map from the model's weights (
:mod:`polyexact.verify.pattern_rows`): millions of exact products and sums for a big certificate.
:class:`fractions.Fraction` is exact but slow (each operation runs Python code and a gcd);
``gmpy2.mpq`` is the same exact rational number in GMP, about twenty times faster. It compares
and hashes equal to the Fraction of the same value, so results can be compared with the
certificate's parsed numbers directly, and its ``numerator`` and ``denominator`` are integers.
Nothing is rounded: the conversion is exact and so is every operation.
"""

from __future__ import annotations

import dataclasses
from fractions import Fraction
from typing import TypeVar

from gmpy2 import mpq

__all__ = ["mpq", "with_mpq"]

T = TypeVar("T")


def with_mpq(obj: T) -> T:
    """A copy of a model (or any part of one) with every Fraction as an equal ``gmpy2.mpq``.

    Frozen dataclasses are copied field by field (their validation, which admits only
    Fractions and ints, is not run again: the values are the same numbers); tuples and lists
    entry by entry; anything else is kept.

    Examples
    --------
    >>> from polyexact.models import construction
    >>> m = construction(1, 2, 2, 1)
    >>> q = with_mpq(m)
    >>> type(q.layers[0].heads[0].keys[0][0]).__name__
    'mpq'
    >>> q.layers[0].heads[0].keys == m.layers[0].heads[0].keys
    True
    """
    if isinstance(obj, Fraction):
        return mpq(obj.numerator, obj.denominator)  # type: ignore[no-any-return]
    if isinstance(obj, tuple):
        return tuple(with_mpq(x) for x in obj)  # type: ignore[return-value]
    if isinstance(obj, list):
        return [with_mpq(x) for x in obj]  # type: ignore[return-value]
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        copy = object.__new__(type(obj))
        for f in dataclasses.fields(obj):
            object.__setattr__(copy, f.name, with_mpq(getattr(obj, f.name)))
        return copy
    return obj
