"""Atomic file writes (layer 0): a temporary file in the same folder, then ``os.replace``."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

__all__ = ["write_atomic"]


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
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode() if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        # nothing half-written survives, Ctrl-C included
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
