from __future__ import annotations

import math
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from polyexact.errors import NumberError
from polyexact.numbers import FloatConversionWarning, format_rational, parse_rational
from polyexact.numbers.rational import parse_json_rational


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0.1", Fraction(1, 10)),
        ("-2.5e-3", Fraction(-1, 400)),
        ("1/3", Fraction(1, 3)),
        (" -4 / 6 ", Fraction(-2, 3)),
        ("5", Fraction(5)),
        ("1e3", Fraction(1000)),
        (".5", Fraction(1, 2)),
        (12, Fraction(12)),
    ],
)
def test_accepted_forms_are_exact(text: object, expected: Fraction) -> None:
    assert parse_rational(text) == expected


def test_float_converts_to_its_dyadic_value() -> None:
    with pytest.warns(FloatConversionWarning):
        value = parse_rational(0.1)
    assert value == Fraction(3602879701896397, 36028797018963968)
    assert value != Fraction(1, 10)


@pytest.mark.parametrize(
    "bad", ["", "  ", "1/0", "abc", "nan", "inf", "1/2/3", "0x10", True, None, [1], math.nan,
            math.inf, -math.inf, "1.2.3"]
)
def test_rejected_forms_name_the_field(bad: object) -> None:
    with pytest.raises(NumberError, match=r"^layers\[0\]\.b_Q\[1\]: "):
        parse_rational(bad, "layers[0].b_Q[1]")


def test_format_rational_round_trips() -> None:
    for value in [Fraction(0), Fraction(-7), Fraction(22, 7), Fraction(-1, 400)]:
        assert parse_rational(format_rational(value)) == value


_JSON_ENTRIES = st.one_of(
    st.integers(-10**30, 10**30),
    st.builds(lambda p, q: f"{p}/{q}", st.integers(-10**20, 10**20), st.integers(-5, 10**20)),
    st.text(alphabet="0123456789-+/ .e٣²", max_size=12),
)


@settings(max_examples=400, deadline=None)
@given(_JSON_ENTRIES)
def test_json_fast_path_agrees_with_parse_rational(value: int | str) -> None:
    # the fast path for integers and "p/q" must give the same value, and refuse what
    # parse_rational refuses (signs on q, zero denominators, Unicode digits, garbage)
    try:
        expected: Fraction | None = parse_rational(value)
    except NumberError:
        expected = None
    if expected is None:
        with pytest.raises(NumberError):
            parse_json_rational(value)
    else:
        assert parse_json_rational(value) == expected


def test_json_fast_path_keeps_the_digit_cap() -> None:
    with pytest.raises(NumberError, match="digits"):
        parse_json_rational("1/" + "7" * 5000)
