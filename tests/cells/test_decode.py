"""Certificate JSON decoding: long integers, with or without Python's own integer parsing."""

from __future__ import annotations

import pytest

from polyexact.certificates.decode import MAX_DIGITS, decode_certificate_text, decode_json
from polyexact.errors import FormatError
from polyexact.numbers import digit_limit


@pytest.mark.parametrize("digits", [1, 3999, 4000, 4001, 6000])
def test_integers_of_any_accepted_length_decode_exactly(digits: int) -> None:
    # runs up to 4000 digits take the native decoder, longer ones the capped one: both exact
    with digit_limit(MAX_DIGITS):
        n = int("9" * digits)
        text = f'{{"a": [{n}, -{n}, "{n}/7"], "b": {{"c": {n}}}}}'
        assert decode_certificate_text(text) == {"a": [n, -n, f"{n}/7"], "b": {"c": n}}


def test_many_long_runs_below_the_threshold() -> None:
    # digit runs just under the threshold, many of them: decoded natively (the run check is
    # linear in the text)
    n = int("8" * 3999)
    text = "[" + ", ".join(["8" * 3999] * 200) + "]"
    assert decode_certificate_text(text) == [n] * 200


def test_an_integer_beyond_the_cap_is_a_format_error() -> None:
    with pytest.raises(FormatError):
        decode_json("[" + "1" * (MAX_DIGITS + 1) + "]", "cells")


def test_repeated_fields_are_refused_on_both_paths() -> None:
    for value in ("1", "1" * 4500):
        with pytest.raises(FormatError):
            decode_json(f'{{"a": {value}, "a": 2}}', "cells")
