"""Exact parsing of every accepted number form into :class:`fractions.Fraction`."""

from __future__ import annotations

import decimal
import functools
import math
import operator
import re
import sys
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from fractions import Fraction
from typing import Protocol, SupportsInt

from polyexact.errors import NumberError

__all__ = [
    "FloatConversionWarning",
    "Rational",
    "RationalLike",
    "digit_limit",
    "format_rational",
    "parse_json_rational",
    "parse_rational",
]

#: The scalar of layers 1–6.
Rational = Fraction


class _HasNumeratorDenominator(Protocol):
    @property
    def numerator(self) -> int: ...
    @property
    def denominator(self) -> int: ...


#: What the public functions accept where a rational is expected.
RationalLike = int | Fraction | str | float | _HasNumeratorDenominator | SupportsInt

_FRACTION = re.compile(r"^\s*([+-]?\d+)\s*/\s*([+-]?\d+)\s*$")
#: Longest accepted digit string and largest decimal exponent (Python's own limit for
#: converting digit strings to integers): beyond, parsing alone could take minutes.
_MAX_DIGITS = 4300
#: The digit limit in force (:func:`digit_limit` raises it for files polyexact writes itself).
_LIMIT = [_MAX_DIGITS]
_DECIMAL = re.compile(r"^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$")


class FloatConversionWarning(UserWarning):
    """A JSON float was converted exactly to its dyadic rational value.

    Emitted by :func:`parse_rational` when a non-integral float is accepted: the float ``0.1``
    is not one tenth, so write ``"0.1"`` (a string) to mean the decimal.

    See Also
    --------
    parse_rational

    Examples
    --------
    >>> import warnings
    >>> from polyexact.numbers import FloatConversionWarning, parse_rational
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     parse_rational(0.25)
    Fraction(1, 4)
    >>> caught[0].category is FloatConversionWarning
    True
    """


def parse_rational(value: object, field: str | None = None) -> Fraction:
    """Return ``value`` as an exact :class:`~fractions.Fraction`.

    Accepted: integers, Fractions, strings ``"p/q"``, decimal strings (``"0.1"`` is exactly 1/10,
    ``"-2.5e-3"`` exactly -1/400), :class:`decimal.Decimal` and finite floats (numpy's
    included), converted exactly (a float is a dyadic rational; a
    :class:`FloatConversionWarning` says so when the value is not an integer). Numpy integers
    count as integers.

    Parameters
    ----------
    value : object
        The input value.
    field : str, optional
        Where the value comes from, used in error messages.

    Returns
    -------
    Fraction

    Raises
    ------
    NumberError
        For booleans, NaN, infinities, empty strings, zero denominators and garbage.

    Examples
    --------
    >>> from polyexact.numbers import parse_rational
    >>> parse_rational("0.1"), parse_rational("-2.5e-3"), parse_rational("3/-6"), parse_rational(7)
    (Fraction(1, 10), Fraction(-1, 400), Fraction(-1, 2), Fraction(7, 1))
    >>> parse_rational(0.5)
    Fraction(1, 2)
    >>> import decimal, numpy
    >>> parse_rational(decimal.Decimal("-0.1")), parse_rational(numpy.int64(-3))
    (Fraction(-1, 10), Fraction(-3, 1))
    >>> parse_rational("1/0", field="b_Q[0]")
    Traceback (most recent call last):
    ...
    polyexact.errors.NumberError: b_Q[0]: expected a finite rational, found '1/0' (zero denominator)
    """
    # bool is an int subclass: JSON true must not become 1
    if isinstance(value, bool):
        raise NumberError(f"expected a number, found boolean {str(value).lower()}", field=field)
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, float):
        return _from_float(value, field)
    if isinstance(value, str):
        return _from_string(value, field)
    if hasattr(value, "__index__"):
        # numpy's integers and other exact integer types
        return Fraction(operator.index(value))
    if hasattr(value, "numerator") and hasattr(value, "denominator"):
        num, den = value.numerator, value.denominator
        if isinstance(num, int) and isinstance(den, int) and den != 0:
            return Fraction(num, den)
    if hasattr(value, "as_integer_ratio"):
        # Decimal and numpy's floats other than float64 (a float subclass, handled above)
        return _from_ratio(value, field)
    raise NumberError(f"expected a number, found {type(value).__name__} {value!r}", field=field)


def parse_json_rational(value: int | str) -> Fraction:
    """:func:`parse_rational` for a JSON entry (an ``int`` or a ``str``), faster on the forms
    polyexact writes: integers and ``"p/q"`` with ASCII digits (no sign on ``q``, no spaces).
    Anything else, errors included, goes through :func:`parse_rational` (without a field name).

    Examples
    --------
    >>> parse_json_rational(-3), parse_json_rational("-6/4"), parse_json_rational(" 0.5")
    (Fraction(-3, 1), Fraction(-3, 2), Fraction(1, 2))
    """
    if type(value) is int or (type(value) is str and len(value) <= _SHORT):
        return _parse_short(value)
    return _parse_json(value)


#: Entries at most this long are remembered (:func:`_parse_short`): far below any digit limit,
#: so a remembered value is valid under every limit in force.
_SHORT = 64


@functools.lru_cache(maxsize=1 << 16, typed=True)
def _parse_short(value: int | str) -> Fraction:
    """:func:`_parse_json`, remembered: certificates repeat the same few numbers (a wall's
    coefficients in every cell it bounds), and Fractions are immutable."""
    return _parse_json(value)


def _parse_json(value: int | str) -> Fraction:
    if type(value) is int:
        return Fraction(value)
    if type(value) is str:
        num, sep, den = value.partition("/")
        digits = num[1:] if num[:1] == "-" else num
        if (sep and len(value) <= _LIMIT[0] and den.isascii() and den.isdigit()
                and digits.isascii() and digits.isdigit()):
            q = int(den)
            if q:
                return Fraction(int(num), q)
    return parse_rational(value)


def _from_ratio(value: object, field: str | None) -> Fraction:
    try:
        num, den = value.as_integer_ratio()  # type: ignore[attr-defined]
    except (ValueError, OverflowError, TypeError) as err:
        raise NumberError(f"expected a finite rational, found {value}", field=field) from err
    exact = Fraction(num, den)
    if exact.denominator != 1 and not isinstance(value, decimal.Decimal):
        where = f" at {field}" if field else ""
        warnings.warn(f"float {value!r}{where} converted exactly to {exact}",
                      FloatConversionWarning, stacklevel=3)
    return exact


def _from_float(value: float, field: str | None) -> Fraction:
    if not math.isfinite(value):
        raise NumberError(f"expected a finite rational, found {value}", field=field)
    exact = Fraction(value)
    if exact.denominator != 1:
        where = f" at {field}" if field else ""
        warnings.warn(
            f"float {value!r}{where} converted exactly to {exact}; write \"{value!r}\" as a "
            "string to mean the decimal",
            FloatConversionWarning,
            stacklevel=3,
        )
    return exact


def _from_string(text: str, field: str | None) -> Fraction:
    found = repr(text)
    if not text.strip():
        raise NumberError("expected a finite rational, found an empty string", field=field)
    # counting digits one character at a time is slow on long numbers: only when it can matter
    digits = sum(ch.isdigit() for ch in text) if len(text) > _LIMIT[0] else 0
    if digits > _LIMIT[0]:
        raise NumberError(f"expected at most {_LIMIT[0]} digits, found {digits}", field=field)
    match = _FRACTION.match(text)
    if match:
        num, den = int(match.group(1)), int(match.group(2))
        if den == 0:
            raise NumberError(
                f"expected a finite rational, found {found} (zero denominator)", field=field
            )
        return Fraction(num, den)
    decimal = _DECIMAL.match(text)
    if decimal:
        # an exponent like 1e999999999 would build a huge power of ten: refuse it up front
        exponent = int(decimal.group(3)[1:]) if decimal.group(3) else 0
        if abs(exponent) > _MAX_DIGITS:
            raise NumberError(f"expected an exponent of at most {_MAX_DIGITS} in absolute value, "
                              f"found {exponent}", field=field)
        # Fraction parses decimal strings exactly, exponent included
        return Fraction(text.strip())
    raise NumberError(
        f"expected a finite rational ('p/q' or a decimal), found {found}", field=field
    )


def format_rational(value: Fraction) -> int | str:
    """Return ``value`` for JSON output: an ``int`` when integral, else the string ``"p/q"``.

    Examples
    --------
    >>> from fractions import Fraction
    >>> from polyexact.numbers import format_rational
    >>> format_rational(Fraction(4, 2)), format_rational(Fraction(-1, 3))
    (2, '-1/3')
    """
    if value.denominator == 1:
        return value.numerator
    return f"{value.numerator}/{value.denominator}"


@contextmanager
def digit_limit(limit: int) -> Iterator[None]:
    """Within the block, parse numbers of up to ``limit`` digits (default limit: 4300).

    For files whose size already bounds their numbers, such as certificates, where exact
    arithmetic on trained weights produces rationals far longer than a hand-written input.
    The previous limits (this module's and Python's integer-string limit) are restored.

    Examples
    --------
    >>> text = "1/" + "3" * 5000
    >>> with digit_limit(10_000):
    ...     parse_rational(text).denominator % 1000
    333
    >>> try:
    ...     parse_rational(text)
    ... except NumberError as err:
    ...     print(err.message)
    expected at most 4300 digits, found 5001
    """
    old_limit, old_sys = _LIMIT[0], sys.get_int_max_str_digits()
    _LIMIT[0] = limit
    sys.set_int_max_str_digits(0 if limit > old_sys else old_sys)
    try:
        yield
    finally:
        _LIMIT[0] = old_limit
        sys.set_int_max_str_digits(old_sys)
