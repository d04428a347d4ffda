"""Reading JSON input files (layer 0): every failure is a one-line :class:`FormatError`."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from polyexact.errors import FormatError

__all__ = ["read_json_file"]


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
        Naming the file, when it cannot be read, is not JSON (truncated, a number too long to
        convert, nesting too deep) or repeats a field in one object (plain ``json`` would keep the
        last one silently).

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
                          field=p.name) from err
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as err:
        raise FormatError(
            f"invalid JSON at line {err.lineno} column {err.colno}: {err.msg}", field=p.name
        ) from err
    except FormatError:
        raise  # a duplicate field, found by the hook
    except (ValueError, RecursionError) as err:
        # json raises these for integer literals too long to convert and for deep nesting
        raise FormatError(f"unreadable JSON: {str(err).split(';')[0]}", field=p.name) from err


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise FormatError("duplicate field in a JSON object", field=key)
        out[key] = value
    return out
