"""Reading JSON input files (layer 0): every failure is a one-line :class:`FormatError`."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from polyexact.errors import FormatError, ShapeError

__all__ = ["check_file_size", "check_format", "fields_of", "no_duplicate_fields", "read_json_file"]


def read_json_file(path: str | os.PathLike[str], *, what: str) -> Any:
    """Return the parsed content of the JSON file ``path``.

    Parameters
    ----------
    path : path-like
        The file.
    what : str
        What the file should be, for messages (``"model file"``, ``"certificate"``).

    Raises
    ------
    FormatError
        Naming the file as given, when it cannot be read, is not JSON (truncated, a number too
        long to convert, nesting too deep) or repeats a field in one object (plain ``json`` would
        keep the last one silently).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from polyexact.jsonfile import read_json_file
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "m.json"
    >>> _ = p.write_text('{"a": 1, "a": 2}')
    >>> read_json_file(p, what="model file")
    Traceback (most recent call last):
    ...
    polyexact.errors.FormatError: a: duplicate field in a JSON object
    """
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise FormatError(f"cannot read the {what} ({err.__class__.__name__})",
                          field=str(path)) from err
    try:
        return json.loads(text, object_pairs_hook=no_duplicate_fields)
    except json.JSONDecodeError as err:
        raise FormatError(
            f"invalid JSON at line {err.lineno} column {err.colno}: {err.msg}", field=str(path)
        ) from err
    except FormatError:
        raise  # a duplicate field, found by the hook
    except (ValueError, RecursionError) as err:
        # json raises these for integer literals too long to convert and for deep nesting
        raise FormatError(f"unreadable JSON: {str(err).split(';')[0]}", field=str(path)) from err


def check_format(data: object, expected: str, *, field: str = "format") -> None:
    """Check the ``format`` tag of a document first, so another document type is named as such.

    A certificate given where a model is expected fails with "expected 'polyexact.model/1',
    found 'polyexact.certificate/1'", not with the certificate's first unknown field. Data that
    is not an object or has no ``format`` is left to the caller's own checks.

    Raises
    ------
    FormatError
        If ``data["format"]`` exists and differs from ``expected``.

    Examples
    --------
    >>> from polyexact.jsonfile import check_format  # doctest: +ELLIPSIS
    >>> check_format({"format": "polyexact.model/1"}, "polyexact.model/1")
    >>> check_format({"format": "polyexact.certificate/1", "adjacency": []}, "polyexact.model/1")
    Traceback (most recent call last):
    ...
    polyexact.errors.FormatError: format: expected 'polyexact.model/1', found 'polyexact.cert...
    """
    if isinstance(data, dict) and "format" in data and data["format"] != expected:
        found = data["format"]
        shown = repr(found) if isinstance(found, str) and len(found) <= 60 else \
            f"a {type(found).__name__}"
        raise FormatError(f"expected {expected!r}, found {shown}", field=field)


def no_duplicate_fields(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """``object_pairs_hook`` for :mod:`json`: an object, refusing a repeated field.

    Examples
    --------
    >>> import json
    >>> from polyexact.jsonfile import no_duplicate_fields
    >>> json.loads('{"a": 1, "b": 2}', object_pairs_hook=no_duplicate_fields)
    {'a': 1, 'b': 2}
    >>> json.loads('{"a": 1, "a": 2}', object_pairs_hook=no_duplicate_fields)
    Traceback (most recent call last):
    ...
    polyexact.errors.FormatError: a: duplicate field in a JSON object
    """
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise FormatError("duplicate field in a JSON object", field=key)
        out[key] = value
    return out


def fields_of(data: object, field: str, required: tuple[str, ...],
              optional: tuple[str, ...] = (), *, key_prefix: str | None = None
              ) -> Mapping[str, Any]:
    """Check that ``data`` is an object with all ``required`` and no unknown fields.

    Parameters
    ----------
    data : object
        The decoded JSON value.
    field : str
        Where it comes from, for error messages.
    required : tuple of str
        Fields that must be present.
    optional : tuple of str
        Fields that may be present.
    key_prefix : str, optional
        What error messages put before a field's name (default ``field + "."``; ``""`` for a
        file's top-level object, whose fields are named bare).

    Returns
    -------
    Mapping
        ``data`` itself, now known to be a dict.

    Raises
    ------
    FormatError
        If ``data`` is not an object, lacks a required field or has an unknown one.

    Examples
    --------
    >>> from polyexact.jsonfile import fields_of
    >>> fields_of({"a": 1}, "x", ("a",), ("b",))
    {'a': 1}
    >>> fields_of({"a": 1, "c": 2}, "x", ("a",), ("b",))
    Traceback (most recent call last):
    ...
    polyexact.errors.FormatError: x.c: unknown field (allowed: a, b)
    >>> fields_of({}, "x", ("a",))
    Traceback (most recent call last):
    ...
    polyexact.errors.FormatError: x.a: missing required field
    """
    prefix = f"{field}." if key_prefix is None else key_prefix
    if not isinstance(data, dict):
        raise FormatError(f"expected an object, found {type(data).__name__}", field=field)
    for key in data:
        if key not in required and key not in optional:
            raise FormatError(f"unknown field (allowed: {', '.join(required + optional)})",
                              field=f"{prefix}{key}")
    for key in required:
        if key not in data:
            raise FormatError("missing required field", field=f"{prefix}{key}")
    return data


def check_file_size(path: str | os.PathLike[str], limit: int) -> Path:
    """Return ``path`` as a :class:`~pathlib.Path` once it is known to be at most ``limit`` bytes.

    Input files are size-checked before they are read, so that a huge file is a clear error
    rather than an exhausted memory. Errors name the path as the user gave it.

    Raises
    ------
    FormatError
        The file cannot be read (missing, a folder without permission, ...).
    ShapeError
        It is larger than ``limit`` bytes.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from polyexact.jsonfile import check_file_size
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "w.bin"
    >>> _ = p.write_bytes(b"12345")
    >>> check_file_size(p, 5) == p
    True
    >>> check_file_size(p, 4)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    polyexact.errors.ShapeError: ...w.bin: expected at most 4 bytes, found 5
    """
    p = Path(path)
    try:
        size = p.stat().st_size
    except OSError as err:
        raise FormatError(f"cannot read the file: {err.strerror}", field=str(path)) from err
    if size > limit:
        raise ShapeError(f"expected at most {limit} bytes, found {size}", field=str(path))
    return p
