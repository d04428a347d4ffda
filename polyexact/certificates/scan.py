"""Reading a certificate file without holding its cells as JSON objects.

The cells are most of a certificate; parsed at once they take about ten times the file's size in
Python objects. :func:`scan_certificate` parses every field as usual except each shard's
``cells`` list, whose items it only locates (as text), so a reader can parse and drop cells one
batch at a time, in its own process or in pool workers (:func:`parse_item`).

Any JSON problem sends the caller back to the ordinary reader
(:func:`polyexact.certificates.read.load_certificate_data`), which raises the usual error.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import Any

from polyexact.certificates.read import decode_certificate_text, raw_decode
from polyexact.errors import FormatError

__all__ = [
    "ScannedCertificate",
    "parse_item",
    "scan_certificate",
    "scan_certificate_text",
    "scan_shard",
]

_WS = " \t\n\r"
# only to find where a cell ends: the C scanner (cells are parsed again, fully, later)
_FAST = json.JSONDecoder()


@dataclass
class ScannedCertificate:
    """A certificate's fields; in each shard of ``fields["shards"]``, ``cells`` is the list of
    each cell's JSON text.

    Examples
    --------
    >>> s = ScannedCertificate({"shards": [{"cells": ['{"a":1}'], "adjacency": []}]})
    >>> parse_item(s.fields["shards"][0]["cells"][0])
    {'a': 1}
    """

    fields: dict[str, Any]


def parse_item(text: str) -> Any:
    """Parse one cell's JSON text (repeated fields refused, long integers read).

    Examples
    --------
    >>> parse_item('{"a": [1, "1/2"]}')
    {'a': [1, '1/2']}
    >>> parse_item('{"a": 1} 2')
    Traceback (most recent call last):
    ...
    polyexact.errors.FormatError: cells: invalid JSON in a cell: Extra data
    """
    try:
        return decode_certificate_text(text)
    except json.JSONDecodeError as err:
        raise FormatError(f"invalid JSON in a cell: {err.msg}", field="cells") from err
    except RecursionError as err:
        raise FormatError("invalid JSON in a cell: nested too deeply", field="cells") from err


def scan_certificate(path: str | os.PathLike[str]) -> ScannedCertificate | None:
    """Scan a certificate file; ``None`` when it is not a readable JSON object of that shape.

    Then the caller should read it with the ordinary reader for the exact error.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "c.json"
    >>> _ = p.write_text('{"shards": [{"adjacency": [], "cells": [{"x": 1}, {"x": 2}]}], '
    ...                  '"format": "f"}')
    >>> scan_certificate(p).fields
    {'shards': [{'adjacency': [], 'cells': ['{"x": 1}', '{"x": 2}']}], 'format': 'f'}
    >>> _ = p.write_text('{"shards": [')
    >>> scan_certificate(p) is None
    True
    """
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except (OSError, UnicodeDecodeError):
        return None
    return scan_certificate_text(text)


def scan_certificate_text(text: str) -> ScannedCertificate | None:
    """:func:`scan_certificate` of a certificate's JSON text already in memory.

    Examples
    --------
    >>> scan_certificate_text('{"shards": [{"adjacency": [], "cells": [{"x": 1}]}]}').fields
    {'shards': [{'adjacency': [], 'cells': ['{"x": 1}']}]}
    >>> scan_certificate_text('[1]') is None
    True
    """
    try:
        fields, i = _object(text, _skip(text, 0), top=True)
        if _skip(text, i) != len(text):
            return None
        return ScannedCertificate(fields)
    except (ValueError, RecursionError, _Bad):
        return None  # FormatError is a ValueError too: duplicates are reported by the reader


def scan_shard(text: str) -> dict[str, Any] | None:
    """Scan one shard's JSON text (a shard file of a certificate folder): its fields, with
    ``cells`` as the list of each cell's JSON text; ``None`` when it is not of that shape.

    Examples
    --------
    >>> scan_shard('{"adjacency":[],"cells":[{"x":1},{"x":2}]}\\n')
    {'adjacency': [], 'cells': ['{"x":1}', '{"x":2}']}
    >>> scan_shard('{"cells":[') is None
    True
    """
    try:
        fields, i = _object(text, _skip(text, 0), top=False)
        if _skip(text, i) != len(text):
            return None
        return fields
    except (ValueError, RecursionError, _Bad):
        return None


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


def _object(text: str, i: int, *, top: bool) -> tuple[dict[str, Any], int]:
    """An object from ``text[i]``; at the top its ``shards``, in a shard its ``cells``, scanned."""
    fields: dict[str, Any] = {}
    i = _expect(text, i, "{")
    i = _skip(text, i)
    if text.startswith("}", i):
        return fields, i + 1
    while True:
        i = _skip(text, i)
        key, i = raw_decode(text, i)
        if not isinstance(key, str) or key in fields:
            raise _Bad
        i = _skip(text, _expect(text, i, ":"))
        if top and key == "shards" and text.startswith("[", i):
            fields[key], i = _shards(text, i + 1)
        elif not top and key == "cells" and text.startswith("[", i):
            fields[key], i = _texts(text, i + 1)
        else:
            fields[key], i = raw_decode(text, i)
        i = _skip(text, i)
        if text.startswith(",", i):
            i += 1
            continue
        return fields, _expect(text, i, "}")


def _shards(text: str, i: int) -> tuple[list[Any], int]:
    out: list[Any] = []
    i = _skip(text, i)
    if text.startswith("]", i):
        return out, i + 1
    while True:
        i = _skip(text, i)
        if text.startswith("{", i):
            shard, i = _object(text, i, top=False)
        else:
            shard, i = raw_decode(text, i)  # not an object: the reader names the error
        out.append(shard)
        i = _skip(text, i)
        if text.startswith(",", i):
            i += 1
            continue
        return out, _expect(text, i, "]")


def _texts(text: str, i: int) -> tuple[list[str], int]:
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
