"""Reading a certificate file without holding its cells as JSON objects.

A certificate's ``cells`` list is most of the file; parsed at once it takes about ten times
the file's size in Python objects. :func:`scan_certificate` parses every other field as usual
but only locates each cell's text, so the verifier can parse (and drop) cells one batch at a
time, in the parent or in pool workers (:func:`parse_item`).

Any JSON problem sends the caller back to the ordinary reader
(:func:`polyexact.jsonfile.read_json_file`), which raises the usual one-line error.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import Any

from polyexact.errors import FormatError
from polyexact.jsonfile import no_duplicate_fields

__all__ = ["ScannedCertificate", "parse_item", "scan_certificate"]

_WS = " \t\n\r"


_DECODER = json.JSONDecoder(object_pairs_hook=no_duplicate_fields)
# only to find where a cell ends: the C scanner without the hook (cells are parsed again later)
_FAST = json.JSONDecoder()


@dataclass
class ScannedCertificate:
    """A certificate's fields, except that ``cells`` is the list of each cell's JSON text.

    Examples
    --------
    >>> s = ScannedCertificate({"format": "x"}, ['{"a":1}'])
    >>> parse_item(s.cell_texts[0])
    {'a': 1}
    """

    fields: dict[str, Any]
    cell_texts: list[str]


def parse_item(text: str) -> Any:
    """Parse one JSON value (repeated fields refused, as the file reader does).

    Examples
    --------
    >>> parse_item('{"a": [1, "1/2"]}')
    {'a': [1, '1/2']}
    >>> parse_item('{"a": 1, "a": 2}')
    Traceback (most recent call last):
    ...
    polyexact.errors.FormatError: a: duplicate field in a JSON object
    >>> parse_item('{"a": 1} 2')
    Traceback (most recent call last):
    ...
    polyexact.errors.FormatError: cells: invalid JSON in a cell: Extra data
    """
    try:
        return _DECODER.decode(text)
    except json.JSONDecodeError as err:
        # a tampered file can still scan: its cell then fails here, as an input error
        raise FormatError(f"invalid JSON in a cell: {err.msg}", field="cells") from err
    except RecursionError as err:
        raise FormatError("invalid JSON in a cell: nested too deeply", field="cells") from err


def scan_certificate(path: str | os.PathLike[str]) -> ScannedCertificate | None:
    """Scan a certificate file; ``None`` when it is not a readable JSON object.

    Then the caller should read it with the ordinary reader for the exact error.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "c.json"
    >>> _ = p.write_text('{"cells": [{"x": 1}, {"x": 2}], "format": "f"}')
    >>> s = scan_certificate(p)
    >>> s.fields, s.cell_texts
    ({'format': 'f'}, ['{"x": 1}', '{"x": 2}'])
    >>> _ = p.write_text('{"cells": [')
    >>> scan_certificate(p) is None
    True
    """
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        return _scan(text)
    except (OSError, UnicodeDecodeError, ValueError, RecursionError, _Bad):
        return None  # FormatError is a ValueError too: duplicates are reported by the reader


class _Bad(Exception):
    pass


def _skip(text: str, i: int) -> int:
    while i < len(text) and text[i] in _WS:
        i += 1
    return i


def _expect(text: str, i: int, char: str) -> int:
    i = _skip(text, i)
    if i >= len(text) or text[i] != char:
        raise _Bad
    return i + 1


def _scan(text: str) -> ScannedCertificate:
    fields: dict[str, Any] = {}
    cells: list[str] | None = None
    i = _expect(text, 0, "{")
    i = _skip(text, i)
    if i < len(text) and text[i] == "}":
        i += 1
    else:
        while True:
            i = _skip(text, i)
            key, i = _DECODER.raw_decode(text, i)
            if not isinstance(key, str) or key in fields or (key == "cells" and cells is not None):
                raise _Bad
            i = _expect(text, i, ":")
            i = _skip(text, i)
            if key == "cells" and text.startswith("[", i):
                cells, i = _scan_list(text, i + 1)
            else:
                fields[key], i = _DECODER.raw_decode(text, i)
            i = _skip(text, i)
            if i < len(text) and text[i] == ",":
                i += 1
                continue
            i = _expect(text, i, "}")
            break
    if _skip(text, i) != len(text) or cells is None:
        raise _Bad
    return ScannedCertificate(fields, cells)


def _scan_list(text: str, i: int) -> tuple[list[str], int]:
    out: list[str] = []
    i = _skip(text, i)
    if text.startswith("]", i):
        return out, i + 1
    while True:
        i = _skip(text, i)
        _, end = _FAST.raw_decode(text, i)
        out.append(text[i:end])
        i = _skip(text, end)
        if text.startswith(",", i):
            i += 1
            continue
        return out, _expect(text, i, "]")
