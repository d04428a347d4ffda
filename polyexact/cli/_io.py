"""Shared CLI helpers: JSON rendering, output checks, progress switches."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["EnumerationBar", "Phase", "add_quiet", "check_outputs", "print_json", "show_progress"]


def print_json(data: Any) -> None:
    """Print exactly one JSON document on stdout (sorted keys: same input, same bytes)."""
    print(json.dumps(data, indent=2, sort_keys=True))


def check_outputs(inputs: Sequence[str], outputs: Mapping[str, str | None]) -> None:
    """Before any work, check each output (option name → path; ``None`` when not asked for).

    Its folder must exist (never created) and it must not be one of ``inputs``: no command
    writes over its own input (``count m.json --certificate m.json`` is refused).

    Raises
    ------
    InputError
        Naming the output as given.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from polyexact.cli._io import check_outputs
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> model = d / "m.json"
    >>> _ = model.write_text("{}")
    >>> check_outputs([str(model)], {"--certificate": str(d / "c.json"), "--other": None})
    >>> check_outputs([str(model)], {"--certificate": str(d / "." / "m.json")})
    ... # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    polyexact.errors.InputError: --certificate: .../m.json is the input .../m.json: ...
    """
    from polyexact.atomic import check_writable
    from polyexact.errors import InputError

    for option, path in outputs.items():
        if path is None:
            continue
        check_writable(path)
        for source in inputs:
            if _same_file(source, path):
                raise InputError(f"{path} is the input {source}: refusing to write over an input",
                                 field=option)


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist (yet)
        return os.path.realpath(a) == os.path.realpath(b)


def add_quiet(parser: argparse.ArgumentParser) -> None:
    """Add ``--quiet``: no progress bars or progress lines on stderr."""
    parser.add_argument("--quiet", "-q", action="store_true",
                        help="no progress bars or progress lines on stderr")


def show_progress(args: argparse.Namespace) -> bool:
    """Whether to draw progress on stderr: a terminal, and neither ``--json`` nor ``--quiet``."""
    return (not getattr(args, "json", False) and not getattr(args, "quiet", False)
            and sys.stderr.isatty())


class Phase:
    """A spinner with the elapsed time on stderr while a phase without its own progress runs.

    Nothing is drawn unless ``enabled`` (see :func:`show_progress`); the line is removed when the
    phase ends.

    Examples
    --------
    >>> from polyexact.cli._io import Phase
    >>> with Phase("verifying 4 cells", enabled=False):
    ...     pass
    """

    def __init__(self, label: str, *, enabled: bool) -> None:
        self.label = label
        self.enabled = enabled
        self._bar: Any = None

    def __enter__(self) -> None:
        if not self.enabled:
            return
        from rich.console import Console
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self._bar = Progress(SpinnerColumn(), TextColumn("{task.description}"),
                             TimeElapsedColumn(), console=Console(stderr=True), transient=True)
        self._bar.start()
        self._bar.add_task(self.label, total=None)

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()


class EnumerationBar:
    """A rich progress bar on stderr when enabled; yields the enumerator's callback or None.

    Examples
    --------
    >>> from polyexact.cli._io import EnumerationBar
    >>> with EnumerationBar(enabled=False) as progress:
    ...     progress is None
    True
    """

    def __init__(self, *, enabled: bool, what: str = "enumerating") -> None:
        self.enabled = enabled
        self.what = what
        self._bar: Any = None

    def __enter__(self) -> Any:
        if not self.enabled:
            return None
        from rich.console import Console
        from rich.progress import Progress

        self._bar = Progress(console=Console(stderr=True), transient=True)
        self._bar.start()
        task = self._bar.add_task(self.what, total=None)

        def update(done: int, n_stages: int, n_pieces: int) -> None:
            self._bar.update(task, completed=done, total=n_stages,
                             description=f"{self.what}: stage {done}/{n_stages}, "
                                         f"{n_pieces} cells")

        return update

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()
