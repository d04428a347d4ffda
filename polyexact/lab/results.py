"""Sweep results: one row per grid point, counted by :func:`count_point`, kept in ``results.jsonl``.

A row is a JSON object: ``builder``, ``params`` (the point's keyword arguments), the exact counts
``pattern_cells``, ``linear_regions`` and ``adjacencies``, ``certified`` (the independent verifier
accepted the cells; ``false`` with ``--no-verify``), ``model_sha256`` (of the model's canonical
JSON), ``sizes`` (``d_model``, ``n_layers``, ``heads``, ``n_keys``, ``d_ff`` read off the model)
and ``seconds``. Every field but ``seconds`` depends only on the point and the verify switch,
never on the worker that counted it.

Rows are appended to ``results.jsonl`` one line at a time, each with a single ``write`` of the
complete line followed by ``fsync``: a crash can leave at most a torn last line, which
:func:`read_results` drops (and the next run recounts).
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from polyexact.errors import FormatError, InternalCheckError
from polyexact.lab._engine import certify, enumerate_model
from polyexact.lab.spec import build_point, model_sha256

__all__ = ["RESULTS", "append_row", "count_point", "read_results", "row_key"]

#: The results file inside a sweep's output folder.
RESULTS = "results.jsonl"


def count_point(builder: str, params: Mapping[str, Any], base: str = ".", *,
                verify: bool = True) -> dict[str, Any]:
    """Build one grid point's model, count its cells and regions, re-check them.

    Parameters
    ----------
    builder : str
        As in the spec.
    params : mapping
        The point's keyword arguments (``{"file": ...}`` for a files builder).
    base : str
        The folder model files are relative to.
    verify : bool, default True
        Re-check the cells with the independent verifier (``certified``).

    Returns
    -------
    dict
        The row (see the module docstring).

    Raises
    ------
    InternalCheckError
        If the verifier rejects the enumerator's cells.

    Examples
    --------
    >>> from polyexact.lab import count_point
    >>> row = count_point("construction", {"d": 1, "N": 3, "d_ff": 2, "L": 2})
    >>> row["pattern_cells"], row["linear_regions"], row["certified"]
    (36, 36, True)
    """
    start = time.perf_counter()
    model = build_point(builder, params, base)
    complex_ = enumerate_model(model)
    certified = False
    if verify:
        certified, reason = certify(complex_)
        if not certified:
            raise InternalCheckError(f"the verifier rejects {builder}({dict(params)}): {reason}")
    return {
        "builder": builder,
        "params": dict(params),
        "pattern_cells": complex_.n_cells,
        "linear_regions": complex_.n_regions,
        "adjacencies": len(complex_.adjacency),
        "certified": certified,
        "model_sha256": model_sha256(model),
        "sizes": {
            "d_model": model.d_model,
            "n_layers": model.n_layers,
            "heads": [len(layer.heads) for layer in model.layers],
            "n_keys": [[h.n_keys for h in layer.heads] for layer in model.layers],
            "d_ff": [layer.ffn.d_ff if layer.ffn else 0 for layer in model.layers],
        },
        "seconds": round(time.perf_counter() - start, 6),
    }


def row_key(builder: str, params: Mapping[str, Any]) -> str:
    """The identity of a grid point: its builder and keyword arguments as canonical JSON.

    Examples
    --------
    >>> from polyexact.lab import row_key
    >>> row_key("construction", {"N": 2, "d": 1}) == row_key("construction", {"d": 1, "N": 2})
    True
    """
    return json.dumps([builder, dict(params)], sort_keys=True, separators=(",", ":"))


def append_row(directory: str | os.PathLike[str], row: Mapping[str, Any]) -> None:
    """Append ``row`` as one line of ``directory/results.jsonl`` (one write, then fsync).

    Examples
    --------
    >>> import tempfile
    >>> from polyexact.lab import append_row, read_results
    >>> d = tempfile.mkdtemp()
    >>> append_row(d, {"builder": "b", "params": {"x": 1}})
    >>> read_results(d)
    [{'builder': 'b', 'params': {'x': 1}}]
    """
    line = (json.dumps(row, sort_keys=True, separators=(",", ":")) + "\n").encode()
    path = Path(directory) / RESULTS
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666)
    try:
        # one write of the whole line: readers and a crash see the line whole or not at all
        written = os.write(fd, line)
        if written != len(line):  # pragma: no cover - a full disk
            raise OSError(f"short write to {path}")
        os.fsync(fd)
    finally:
        os.close(fd)


def read_results(directory: str | os.PathLike[str], *, repair: bool = False
                 ) -> list[dict[str, Any]]:
    """The rows of ``directory/results.jsonl`` in file order (none when it does not exist).

    A torn last line (no final newline: the writer was killed mid-line) is not returned; with
    ``repair`` (the sweep runner, about to append) it is also cut off the file. Any other
    unreadable line is an error naming it.

    Raises
    ------
    FormatError
        If a complete line is not a JSON object with ``builder`` and ``params``.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from polyexact.lab import read_results
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "results.jsonl").write_text('{"builder": "b", "params": {}}\\n{"buil')
    >>> read_results(d)
    [{'builder': 'b', 'params': {}}]
    >>> (d / "results.jsonl").read_text()[-6:]
    '{"buil'
    >>> _ = read_results(d, repair=True)
    >>> (d / "results.jsonl").read_text()
    '{"builder": "b", "params": {}}\\n'
    """
    path = Path(directory) / RESULTS
    if not path.exists():
        return []
    raw = path.read_bytes()
    cut = raw.rfind(b"\n") + 1
    if repair and cut < len(raw):
        _drop_torn_tail(path, cut)
    rows = []
    for number, line in enumerate(raw[:cut].decode().splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as err:
            raise FormatError(f"not JSON: {err.msg}", field=f"{path.name}:{number}") from err
        if not isinstance(row, dict) or "builder" not in row or "params" not in row:
            raise FormatError("expected a row object with builder and params",
                              field=f"{path.name}:{number}")
        rows.append(row)
    return rows


def _drop_torn_tail(path: Path, size: int) -> None:
    """Cut ``path`` to its first ``size`` bytes, so that the next append starts a new line."""
    with open(path, "r+b") as fh:
        fh.truncate(size)
        fh.flush()
        os.fsync(fh.fileno())
