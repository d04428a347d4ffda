"""The streamed certificate is byte for byte the canonical JSON of the in-memory certificate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import polyexact.cells.parallel as parallel
import polyexact.certificates.write as certificate
from polyexact.cells import (
    CellLimitError,
    certificate_digest,
    enumerate_cells,
)
from polyexact.cells.stream import iter_cells, write_certificate_streamed
from polyexact.certificates.cell_text import cell_text_parts
from polyexact.certificates.serial import cell_to_data
from polyexact.certificates.write import certificate_to_data, write_certificate
from polyexact.models import Model
from polyexact.models.builders import construction
from polyexact.verify import verify_certificate
from tests.cells._models import box, relu_model


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


# --- cells one subtree at a time: iter_cells and the streamed certificate writer -----------

def _models() -> list[Model]:
    return [
        construction(2, 2, 4, 2),
        construction(1, 3, 2, 2),
        # regions merge: neurons 1-3 do not reach the output, so cells share maps
        relu_model([[1, 0], [0, 1], [1, 1], [1, -1]], [0, 0, -1, 0], box(2),
                   W2=[[1, 0, 0, 0], [0, 0, 0, 0]]),
        # 3-D: the double-description path (no polygons)
        relu_model([[1, 0, 0], [0, 1, 0], [1, 1, 1], [1, -1, 2]], [0, 0, -1, 0], box(3),
                   W2=[[1, 1, 0, 0], [0, 0, 0, 0], [0, 0, 1, 0]]),
    ]


@pytest.mark.parametrize("min_tasks", [1, 2, parallel.MIN_TASKS])
def test_iter_cells_gives_the_cells_of_enumerate_cells_in_order(
        monkeypatch: pytest.MonkeyPatch, min_tasks: int) -> None:
    # a small MIN_TASKS makes even small models run as many subtrees
    monkeypatch.setattr(parallel, "MIN_TASKS", min_tasks)
    for model in [*_models(), relu_model([[1, 0], [0, 1], [1, 1]], [0, 0, -1])]:  # unbounded
        cells = enumerate_cells(model).cells
        assert tuple(iter_cells(model)) == cells
        assert tuple(iter_cells(model, jobs=2)) == cells


@pytest.mark.parametrize("min_tasks", [1, 2, parallel.MIN_TASKS])
def test_streamed_writer_gives_the_same_bytes_for_jobs_1_and_2(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, min_tasks: int) -> None:
    monkeypatch.setattr(parallel, "MIN_TASKS", min_tasks)
    for model in _models():
        cx = enumerate_cells(model)
        expected = write_certificate(cx, tmp_path / "complex.json").read_bytes()
        for jobs in (1, 2):
            summary = write_certificate_streamed(model, tmp_path / f"s{jobs}.json", jobs=jobs)
            assert summary.path.read_bytes() == expected
            assert (summary.pattern_cells, summary.linear_regions, summary.adjacencies) == (
                cx.n_cells, cx.n_regions, len(cx.adjacency))
    merged = _models()[2]
    assert 1 < enumerate_cells(merged).n_regions < enumerate_cells(merged).n_cells


def test_streamed_certificate_of_the_grid_verifies(tmp_path: Path) -> None:
    # construction(2, 3, 4, 2): the (2N)^{2L} = 1296-cell grid, one region per cell
    summary = write_certificate_streamed(construction(2, 3, 4, 2), tmp_path / "c.json", jobs=2)
    assert (summary.pattern_cells, summary.linear_regions) == (1296, 1296)
    assert summary.adjacencies == 2 * 36 * 35
    assert verify_certificate(summary.path).valid


def test_streamed_writer_unbounded_domain_and_cell_limit(tmp_path: Path) -> None:
    model = relu_model([[1, 0], [0, 1], [1, 1]], [0, 0, -1])
    summary = write_certificate_streamed(model, tmp_path / "c.json", jobs=2)
    assert summary.path.read_bytes() == write_certificate(
        enumerate_cells(model), tmp_path / "d.json").read_bytes()
    with pytest.raises(CellLimitError):
        write_certificate_streamed(construction(2, 2, 4, 2), tmp_path / "e.json", jobs=2,
                                   max_cells=100)
    assert not (tmp_path / "e.json").exists()


def test_direct_cell_text_equals_json_dumps() -> None:
    for model in _models():
        for k, cell in enumerate(enumerate_cells(model).cells):
            entry = cell_to_data(cell)
            entry["region"] = k
            head, tail = cell_text_parts(cell)
            assert head + str(k) + tail == json.dumps(entry, sort_keys=True,
                                                      separators=(",", ":"),
                                                      ensure_ascii=False)
