"""Atomic file writes (layer 0): a temporary file in the same folder, then ``os.replace``."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from polyexact.errors import InputError

__all__ = ["write_atomic", "write_chunks_atomic"]


def write_atomic(path: str | os.PathLike[str], data: bytes | str) -> Path:
    """Write ``data`` to ``path``: readers see the old file or the whole new one, never a part.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from polyexact.atomic import write_atomic
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> write_atomic(d / "out.json", '{"a": 1}').read_text()
    '{"a": 1}'
    >>> sorted(p.name for p in d.iterdir())
    ['out.json']
    >>> write_atomic(d, "x")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    polyexact.errors.InputError: ...: cannot write here: it is a directory
    """
    return write_chunks_atomic(path, (data,))


def write_chunks_atomic(path: str | os.PathLike[str], chunks: Iterable[bytes | str]) -> Path:
    """Write the concatenation of ``chunks`` to ``path`` atomically, one chunk at a time.

    Memory stays bounded by the largest chunk, so a large document can be streamed. If the
    iteration fails or is interrupted (Ctrl-C included), the temporary file is removed and the
    old ``path``, if any, is untouched.

    Raises
    ------
    InputError
        If ``path`` cannot be written (a directory, a missing or read-only folder, a full disk),
        naming the path.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from polyexact.atomic import write_chunks_atomic
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> write_chunks_atomic(d / "out.txt", ["a", b"b", "c"]).read_text()
    'abc'
    """
    target = Path(path)
    # an unwritable path is the user's input error: one line naming it, never a traceback
    if target.is_dir():
        raise InputError("cannot write here: it is a directory", field=str(target))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as err:
        raise _unwritable(target, err) from err
    try:
        with os.fdopen(fd, "wb") as fh:
            # mkstemp creates the file 0600; give it the mode a plain open() would
            os.fchmod(fh.fileno(), 0o666 & ~_current_umask())
            for chunk in chunks:
                fh.write(chunk.encode() if isinstance(chunk, str) else chunk)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException as err:
        # nothing half-written survives, Ctrl-C included
        Path(tmp).unlink(missing_ok=True)
        if isinstance(err, OSError):
            raise _unwritable(target, err) from err
        raise
    return target


def _unwritable(target: Path, err: OSError) -> InputError:
    return InputError(f"cannot write here ({err.strerror or err.__class__.__name__})",
                      field=str(target))


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
