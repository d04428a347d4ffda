"""Atomic file writes (layer 0): a temporary file in the same folder, then ``os.replace``."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType

from polyexact.errors import InputError

__all__ = ["AtomicFolder", "check_writable", "make_folder", "write_atomic", "write_chunks_atomic"]


def check_writable(path: str | os.PathLike[str]) -> Path:
    """Check, before any work, that ``path`` names a file that can be written; return it.

    The folder must already exist: it is never created, so a typo in a folder name is an error
    instead of a stray tree of folders.

    Raises
    ------
    InputError
        Naming the path as given, if it is a directory or its folder does not exist (or is not
        a folder).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from polyexact.atomic import check_writable
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> check_writable(d / "out.json") == d / "out.json"
    True
    >>> check_writable(d / "typo" / "out.json")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    polyexact.errors.InputError: .../typo/out.json: cannot write here: no folder .../typo
    """
    target = Path(path)
    if target.is_dir():
        raise InputError("cannot write here: it is a directory", field=str(path))
    folder = target.parent
    if not folder.is_dir():
        what = "not a folder" if folder.exists() else "no folder"
        raise InputError(f"cannot write here: {what} {folder}", field=str(path))
    return target


def make_folder(path: str | os.PathLike[str]) -> Path:
    """Create the output folder ``path`` if missing (not its parents, which must exist).

    Raises
    ------
    InputError
        Naming the path as given, if the parent folder is missing or ``path`` is a file.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from polyexact.atomic import make_folder
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> make_folder(d / "out").is_dir(), make_folder(d / "out").is_dir()
    (True, True)
    >>> make_folder(d / "a" / "b")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    polyexact.errors.InputError: .../a/b: cannot create this folder: no folder .../a
    """
    folder = Path(path)
    if folder.is_dir():
        return folder
    if folder.exists():
        raise InputError("cannot write here: it is not a folder", field=str(path))
    if not folder.parent.is_dir():
        what = "not a folder" if folder.parent.exists() else "no folder"
        raise InputError(f"cannot create this folder: {what} {folder.parent}", field=str(path))
    try:
        folder.mkdir(exist_ok=True)
    except OSError as err:
        raise InputError(f"cannot create this folder ({err.strerror or err.__class__.__name__})",
                         field=str(path)) from err
    return folder


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
        naming the path as given. A missing folder is never created (:func:`check_writable`).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from polyexact.atomic import write_chunks_atomic
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> write_chunks_atomic(d / "out.txt", ["a", b"b", "c"]).read_text()
    'abc'
    """
    # an unwritable path is the user's input error: one line naming it, never a traceback
    target = check_writable(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as err:
        raise _unwritable(path, err) from err
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
            raise _unwritable(path, err) from err
        raise
    return target


class AtomicFolder:
    """A folder that appears whole or not at all: built in a temporary sibling, then renamed.

    Use as a context manager: write into :attr:`tmp` (other processes may write there too),
    then call :meth:`commit`, which renames it to ``path``, replacing whatever is there (the
    caller decides beforehand whether that may be replaced). Leaving the block without
    :meth:`commit` (an error, Ctrl-C) removes the temporary folder.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from polyexact.atomic import AtomicFolder
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> with AtomicFolder(d / "out") as f:
    ...     _ = (f.tmp / "a.txt").write_text("a")
    ...     done = f.commit()
    >>> sorted(p.name for p in d.iterdir()), (done / "a.txt").read_text()
    (['out'], 'a')
    >>> with AtomicFolder(d / "other") as f:
    ...     _ = (f.tmp / "b.txt").write_text("b")
    >>> sorted(p.name for p in d.iterdir())
    ['out']
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        try:
            self.tmp = Path(tempfile.mkdtemp(prefix=f".{self.path.name}.", suffix=".tmp",
                                             dir=self.path.parent))
        except OSError as err:
            raise _unwritable(path, err) from err
        self._committed = False

    def __enter__(self) -> AtomicFolder:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if not self._committed:
            _remove_tree(self.tmp)

    def commit(self) -> Path:
        """Rename the folder into place (an existing ``path`` is replaced); return ``path``."""
        os.chmod(self.tmp, 0o777 & ~_current_umask())
        old = None
        if self.path.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{self.path.name}.", suffix=".old",
                                        dir=self.path.parent))
            os.replace(self.path, old / self.path.name)
        os.replace(self.tmp, self.path)
        self._committed = True
        if old is not None:
            _remove_tree(old)
        return self.path


def _remove_tree(path: Path) -> None:
    # another process may still be finishing a file in it: a second pass removes what it left
    for _ in range(2):
        shutil.rmtree(path, ignore_errors=True)


def _unwritable(path: str | os.PathLike[str], err: OSError) -> InputError:
    return InputError(f"cannot write here ({err.strerror or err.__class__.__name__})",
                      field=str(path))


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
