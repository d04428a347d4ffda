"""check_file_size: the one size check that every input reader makes before reading."""

from __future__ import annotations

from pathlib import Path

import pytest

from polyexact.errors import FormatError, ShapeError
from polyexact.jsonfile import check_file_size


def test_a_missing_file_is_named_as_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(FormatError) as err:
        check_file_size("sub/../nope.onnx", 10)
    assert err.value.field == "sub/../nope.onnx"


def test_the_limit_is_inclusive(tmp_path: Path) -> None:
    p = tmp_path / "w.npz"
    p.write_bytes(b"x" * 10)
    assert check_file_size(str(p), 10) == p
    with pytest.raises(ShapeError, match="expected at most 9 bytes, found 10"):
        check_file_size(p, 9)
