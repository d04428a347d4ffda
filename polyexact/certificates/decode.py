"""Decoding certificate JSON: integers of any length up to :data:`MAX_DIGITS`, no duplicate
fields, errors as :class:`~polyexact.errors.FormatError` naming where they are.

:mod:`polyexact.certificates.read` builds the certificate from what this decodes; the
verifier's text scan (:mod:`polyexact.certificates.scan`) decodes one cell at a time with
:func:`raw_decode`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from polyexact.errors import FormatError
from polyexact.jsonfile import no_duplicate_fields

__all__ = ["MAX_DIGITS", "decode_certificate_text", "decode_json", "raw_decode", "read_json"]

#: Longest integer (in digits) a certificate may hold: far beyond what exact models produce in
#: practice, and still parsed in well under a second.
MAX_DIGITS = 1_000_000


def _parse_int(text: str) -> int:
    """JSON integers of any length up to :data:`MAX_DIGITS` (Python's default stops at 4300)."""
    digits = len(text) - (text[0] == "-")
    if digits > MAX_DIGITS:
        raise ValueError(f"an integer of {digits} digits exceeds {MAX_DIGITS}")
    if digits <= 4000:
        return int(text)
    import sys

    old = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)
    try:
        return int(text)
    finally:
        sys.set_int_max_str_digits(old)


_DECODER = json.JSONDecoder(object_pairs_hook=no_duplicate_fields, parse_int=_parse_int)
#: Python's own integer parsing, in C: for texts with no run of over 4000 digits (the common
#: case), where it gives what ``_parse_int`` would, several times faster.
_NATIVE = json.JSONDecoder(object_pairs_hook=no_duplicate_fields)
#: Tried only where a digit run starts (the look-behind): linear in the text, where a bare
#: ``\d{4001}`` would rescan every run from each of its digits.
_LONG_RUN = re.compile(r"(?<!\d)\d{4001}")


def _decoder(text: str) -> json.JSONDecoder:
    """The decoder for a whole text: the native one unless a long digit run needs the cap."""
    return _DECODER if _LONG_RUN.search(text) else _NATIVE


def raw_decode(text: str, i: int) -> tuple[Any, int]:
    """Decode one JSON value of ``text`` starting at ``i``; return it and where it ends.

    Examples
    --------
    >>> raw_decode('[1, {"a": 2}] x', 0)
    ([1, {'a': 2}], 13)
    """
    value, end = _DECODER.raw_decode(text, i)
    return value, end


def decode_certificate_text(text: str) -> Any:
    """Decode a certificate's JSON text (integers of up to :data:`MAX_DIGITS` digits).

    Examples
    --------
    >>> decode_certificate_text('{"a": [1, "1/2"]}')
    {'a': [1, '1/2']}
    """
    return _decoder(text).decode(text)


def decode_json(text: str, field: str) -> Any:
    """Decode a certificate's JSON text; errors are FormatErrors naming ``field``.

    Examples
    --------
    >>> try:
    ...     decode_json("[1,", "shards[0].file")
    ... except FormatError as err:
    ...     print(err.field)
    shards[0].file
    """
    try:
        return _decoder(text).decode(text)
    except json.JSONDecodeError as err:
        raise FormatError(f"invalid JSON at line {err.lineno} column {err.colno}: {err.msg}",
                          field=field) from err
    except FormatError:
        raise  # a duplicate field, found by the hook
    except (ValueError, RecursionError) as err:
        raise FormatError(f"unreadable JSON: {str(err).split(';')[0]}", field=field) from err


def read_json(path: Path, what: str, field: str) -> Any:
    """Read and decode the JSON file ``path`` (``what`` it is, for the message); errors are
    FormatErrors naming ``field``.

    Examples
    --------
    >>> try:
    ...     read_json(Path("no/such.json"), "the certificate", "c.json")
    ... except FormatError as err:
    ...     print(err)
    c.json: cannot read the certificate (FileNotFoundError)
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise FormatError(f"cannot read {what} ({err.__class__.__name__})", field=field) from err
    return decode_json(text, field)
