"""Exact, silent conversion of weights (nested lists or numpy arrays) to Fractions.

A trained network has thousands of float weights; each is a dyadic rational and is converted
exactly. Instead of one warning per number, a :class:`WeightReader` counts what it converted and
says so in one summary line. An optional explicit rounding (``rationalize``, a maximum
denominator) replaces each weight by its best approximation with that denominator bound and
records the largest change it made.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

from polyexact.errors import InputError, NumberError, ShapeError
from polyexact.numbers import Matrix, Vector, parse_rational

__all__ = ["MAX_ENTRIES", "MAX_WIDTH", "WeightReader"]

#: Largest width (rows or columns) of one weight matrix.
MAX_WIDTH = 4096
#: Largest number of weights in one network.
MAX_ENTRIES = 2_000_000


class WeightReader:
    """Convert weights to exact vectors and matrices, counting floats; optionally rationalize.

    Parameters
    ----------
    rationalize : int, optional
        When given, every weight is replaced by the closest Fraction whose denominator is at
        most this (``Fraction.limit_denominator``); :attr:`largest_change` records the largest
        absolute change.

    Attributes
    ----------
    n_weights : int
        Numbers read so far.
    n_floats : int
        Non-integral floats among them (converted exactly to dyadic rationals).
    largest_change : Fraction
        The largest ``|rounded - exact|`` (zero without ``rationalize``).

    See Also
    --------
    polyexact.numbers.parse_rational

    Examples
    --------
    >>> import numpy as np
    >>> from polyexact.networks import WeightReader
    >>> reader = WeightReader()
    >>> reader.matrix(np.array([[0.5, 1.0], [-0.25, 3.0]]), "W")
    ((Fraction(1, 2), Fraction(1, 1)), (Fraction(-1, 4), Fraction(3, 1)))
    >>> reader.summary()
    '4 weights read, 2 floats converted exactly to dyadic rationals'
    >>> rounded = WeightReader(rationalize=10)
    >>> rounded.vector([0.1], "b")
    (Fraction(1, 10),)
    >>> rounded.largest_change == Fraction(0.1) - Fraction(1, 10)
    True
    """

    def __init__(self, *, rationalize: int | None = None) -> None:
        if rationalize is not None and (isinstance(rationalize, bool) or rationalize < 1):
            raise InputError(f"expected a positive integer, found {rationalize!r}",
                             field="rationalize")
        self.rationalize = rationalize
        self.n_weights = 0
        self.n_floats = 0
        self.largest_change = Fraction(0)

    def number(self, value: object, field: str) -> Fraction:
        """Return one weight as an exact Fraction (floats silently, exactly; then rounding)."""
        if hasattr(value, "item") and hasattr(value, "dtype"):
            value = value.item()  # a numpy scalar: its Python value, exactly
        if isinstance(value, float):
            if not math.isfinite(value):
                raise NumberError(f"expected a finite rational, found {value}", field=field)
            exact = Fraction(value)
            if exact.denominator != 1:
                self.n_floats += 1
        else:
            exact = parse_rational(value, field)
        self.n_weights += 1
        if self.n_weights > MAX_ENTRIES:
            raise ShapeError(f"expected at most {MAX_ENTRIES} weights in one network",
                             field=field)
        if self.rationalize is None:
            return exact
        rounded = exact.limit_denominator(self.rationalize)
        self.largest_change = max(self.largest_change, abs(rounded - exact))
        return rounded

    def vector(self, data: object, field: str, *, length: int | None = None) -> Vector:
        """Return a list or 1-D array of numbers as an exact vector, checking its length."""
        items = _as_list(data, field, depth=1)
        if len(items) > MAX_WIDTH:
            raise ShapeError(f"expected at most {MAX_WIDTH} entries, found {len(items)}",
                             field=field)
        if length is not None and len(items) != length:
            raise ShapeError(f"expected {length} entries, found {len(items)}", field=field)
        return tuple(self.number(x, f"{field}[{i}]") for i, x in enumerate(items))

    def matrix(self, data: object, field: str, *, rows: int | None = None,
               cols: int | None = None) -> Matrix:
        """Return a list of rows or a 2-D array as an exact matrix, checking its shape.

        Sizes are checked before any number is converted.
        """
        items = _as_list(data, field, depth=2)
        if len(items) > MAX_WIDTH:
            raise ShapeError(f"expected at most {MAX_WIDTH} rows, found {len(items)}",
                             field=field)
        if rows is not None and len(items) != rows:
            raise ShapeError(f"expected {rows} rows, found {len(items)}", field=field)
        width = cols
        for i, row in enumerate(items):
            if not isinstance(row, (list, tuple)) and not _is_array(row):
                raise ShapeError(f"expected a list of numbers, found {type(row).__name__}",
                                 field=f"{field}[{i}]")
            if width is None:
                width = len(row)
            if len(row) != width:
                raise ShapeError(f"expected {width} entries, found {len(row)}",
                                 field=f"{field}[{i}]")
        if len(items) * (width or 0) + self.n_weights > MAX_ENTRIES:
            raise ShapeError(f"expected at most {MAX_ENTRIES} weights in one network",
                             field=field)
        return tuple(self.vector(row, f"{field}[{i}]") for i, row in enumerate(items))

    def summary(self) -> str:
        """One line: how many weights were read, converted and (if asked) rounded, and by how much.

        Examples
        --------
        >>> from polyexact.networks import WeightReader
        >>> reader = WeightReader(rationalize=3)
        >>> reader.vector([0.5, "1/7"], "b")
        (Fraction(1, 2), Fraction(0, 1))
        >>> reader.summary()
        '2 weights read, 1 float converted exactly to dyadic rationals; rationalized to \
denominators <= 3, largest change 1/7 (~1.43e-01)'
        """
        floats = "float" if self.n_floats == 1 else "floats"
        text = (f"{self.n_weights} weights read, {self.n_floats} {floats} converted exactly "
                "to dyadic rationals")
        if self.rationalize is not None:
            change = self.largest_change
            text += (f"; rationalized to denominators <= {self.rationalize}, largest change "
                     f"{change} (~{float(change):.2e})")
        return text


def _is_array(data: object) -> bool:
    return hasattr(data, "ndim") and hasattr(data, "tolist") and hasattr(data, "shape")


def _as_list(data: object, field: str, *, depth: int) -> list[Any]:
    """Return ``data`` as a Python list, accepting numpy arrays of the right number of axes."""
    if _is_array(data):
        array: Any = data
        shape = tuple(array.shape)
        if len(shape) != depth:
            raise ShapeError(f"expected an array with {depth} axes, found shape {shape}",
                             field=field)
        if any(n > MAX_WIDTH for n in shape):
            raise ShapeError(f"expected at most {MAX_WIDTH} entries per axis, found shape "
                             f"{shape}", field=field)
        kind = getattr(getattr(array, "dtype", None), "kind", "")
        if kind not in ("f", "i", "u"):
            raise NumberError(f"expected an array of numbers, found dtype {array.dtype}",
                              field=field)
        out: list[Any] = array.tolist()  # float32 widens to float64 exactly
        return out
    if isinstance(data, (list, tuple)):
        return list(data)
    what = "a list of rows" if depth == 2 else "a list of numbers"
    raise ShapeError(f"expected {what}, found {type(data).__name__}", field=field)
