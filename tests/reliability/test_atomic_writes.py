"""Nothing lost: every output goes through :func:`polyexact.atomic.write_atomic`, which leaves
either the old file or the whole new one, never a part and never a temporary file."""

from __future__ import annotations

import ast
import os
from pathlib import Path

import pytest

import polyexact
from polyexact.atomic import write_atomic
from polyexact.errors import InputError

PACKAGE = Path(polyexact.__file__).resolve().parent

#: (module, function) pairs allowed to write without write_atomic, and why.
ALLOWED = {
    ("atomic.py", "write_chunks_atomic"),  # the one place that writes: temp file, fsync, rename
    ("plots/_figure.py", "figure_to_bytes"),  # savefig into an in-memory buffer
    ("lab/plot.py", "plot_sweep"),  # savefig into an in-memory buffer, then write_atomic
    # the sweep's results log is append-only: one write of one whole line, then fsync; a line
    # torn by a crash is never read as a row and is cut off before the next append
    ("lab/results.py", "append_row"),
    ("lab/results.py", "_drop_torn_tail"),
}


def _writes(tree: ast.AST) -> list[tuple[str, int, str]]:
    """Calls that can write a file directly: (enclosing function, line, what)."""
    found = []
    functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
    owner = {id(c): f.name for f in functions for c in ast.walk(f)}
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        what = None
        if name in ("write_text", "write_bytes", "savefig", "dump", "fdopen", "copyfile",
                    "copy", "move"):
            what = name
        elif name == "open":
            modes = [a for a in node.args[1:2]] + [k.value for k in node.keywords
                                                    if k.arg == "mode"]
            for mode in modes:
                if not isinstance(mode, ast.Constant) or set(str(mode.value)) & set("wax+"):
                    what = "open for writing"
        if what is not None:
            found.append((owner.get(id(node), "<module>"), node.lineno, what))
    return sorted(found, key=lambda w: w[1])


def test_every_file_write_in_the_package_is_atomic() -> None:
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        for function, line, what in _writes(ast.parse(path.read_text(), str(path))):
            if (rel, function) not in ALLOWED:
                offenders.append(f"{rel}:{line} {function}: {what}")
    assert offenders == []


def test_the_scan_finds_direct_writes() -> None:
    code = ("def f(p, fig, data):\n    open(p, 'w').write('x')\n    p.write_text('x')\n"
            "    fig.savefig(p)\n    open(p).read()\n")
    assert [w[2] for w in _writes(ast.parse(code))] == ["open for writing", "write_text",
                                                       "savefig"]


def _listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_interrupted_write_keeps_the_old_file(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "cert.json"
    target.write_text("old\n")

    def interrupted(src: str, dst: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, "new\n" * 1000)
    assert target.read_text() == "old\n" and _listing(tmp_path) == ["cert.json"]


def test_failed_write_is_an_input_error_and_leaves_nothing(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(InputError, match=r"out\.json: cannot write here \(No space left"):
        write_atomic(tmp_path / "out.json", b"data")
    assert _listing(tmp_path) == []


def test_unwritable_targets_name_the_path(tmp_path: Path) -> None:
    plain = tmp_path / "plain.txt"
    plain.write_text("x")
    with pytest.raises(InputError, match=r"plain\.txt/out\.json: cannot write here"):
        write_atomic(plain / "out.json", "data")
    with pytest.raises(InputError, match="cannot write here: it is a directory"):
        write_atomic(tmp_path, "data")
    assert _listing(tmp_path) == ["plain.txt"]


def test_a_missing_folder_is_an_error_and_never_created(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "out.bin"
    with pytest.raises(InputError, match=r"a/b/out\.bin: cannot write here: no folder .*/a/b$"):
        write_atomic(target, b"\x00\x01")
    assert _listing(tmp_path) == []
    (tmp_path / "a" / "b").mkdir(parents=True)
    assert write_atomic(target, b"\x00\x01") == target
    assert target.read_bytes() == b"\x00\x01" and _listing(target.parent) == ["out.bin"]


def test_written_files_get_the_usual_permissions(tmp_path: Path) -> None:
    # a temporary file is private; the final file must be readable as if opened normally
    mask = os.umask(0o022)
    try:
        target = write_atomic(tmp_path / "model.json", "{}")
    finally:
        os.umask(mask)
    assert target.stat().st_mode & 0o777 == 0o644
