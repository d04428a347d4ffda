"""The streamed certificate is byte for byte the canonical JSON of the in-memory certificate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import polyexact.cells.certificate as certificate
from polyexact.cells import certificate_digest, enumerate_cells
from polyexact.cells.certificate import certificate_to_data, write_certificate
from polyexact.models.builders import construction
from tests.cells._models import relu_model


def test_streamed_certificate_equals_canonical_json(tmp_path: Path) -> None:
    for model in (construction(2, 2, 4, 1),
                  relu_model([[1, 0], [0, 1], [1, 1]], [0, 0, -1])):  # unbounded: a box
        cx = enumerate_cells(model)
        path = write_certificate(cx, tmp_path / "c.json")
        data = certificate_to_data(cx)
        text = path.read_text(encoding="utf-8")
        canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        assert text == canonical + "\n"
        assert certificate_digest(json.loads(text)) == certificate_digest(data)
        assert sorted(p.name for p in tmp_path.iterdir()) == ["c.json"]


def test_a_failed_write_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cx = enumerate_cells(construction(2, 2, 4, 1))

    def explode(*_: object) -> object:
        raise KeyboardInterrupt

    monkeypatch.setattr(certificate, "cell_text_parts", explode)
    with pytest.raises(KeyboardInterrupt):
        write_certificate(cx, tmp_path / "c.json")
    assert list(tmp_path.iterdir()) == []
