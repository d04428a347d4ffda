"""``polyexact count``: JSON and table output, certificate, --max-cells, exit statuses."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from polyexact.cli.main import main
from polyexact.models.builders import construction
from polyexact.models.load import write_model
from tests.cells._models import attention_model, site_head


def _model_file(tmp_path: Path, name: str = "model.json") -> Path:
    path = tmp_path / name
    write_model(construction(2, 2, 4, 1), path)
    return path


def test_json_has_exact_counts_and_the_variant(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["count", str(_model_file(tmp_path)), "--json"]) == 0
    out, err = capsys.readouterr()
    data = json.loads(out)
    assert data["pattern_cells"] == 16
    assert data["linear_regions"] == 16
    assert data["certified"] is True
    assert data["domain"] == {"box": [[0, 1], [0, 1]]}
    assert isinstance(data["seconds"], float)
    assert data["model"]["query_bias"] is True
    assert data["model"]["d_k"] == [[2, 2]]
    assert set(data["region_definition"]) == {"pattern_cell", "linear_region"}
    assert err == ""


def test_table_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["count", str(_model_file(tmp_path))]) == 0
    out = capsys.readouterr().out
    assert "pattern cells   16" in out
    assert "linear regions  16" in out


def test_one_attention_layer_is_recounted_dually(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "max.json"
    write_model(attention_model([site_head([[1, 0], [0, 1], [0, 0]])], 2), path)
    assert main(["count", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["pattern_cells"] == data["dual_vertices"] == 3
    assert data["domain"] == "all"


def test_certificate_is_written(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cert = tmp_path / "cert.json"
    assert main(["count", str(_model_file(tmp_path)), "--certificate", str(cert)]) == 0
    assert len(json.loads(cert.read_text())["shards"][0]["cells"]) == 16


def test_max_cells_stops_with_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "big.json"
    write_model(construction(2, 4, 4, 2), path)
    assert main(["count", str(path), "--max-cells", "10"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert "upper bound on the number of pattern cells: " in err
    assert "stopped: more than 10 cells" in err


def test_bad_input_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["count", str(_model_file(tmp_path)), "--max-cells", "0"]) == 2
    assert "--max-cells" in capsys.readouterr().err
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "polyexact.model/1", "d_model": 0, "layers": []}')
    assert main(["count", str(bad)]) == 2


@pytest.mark.parametrize(("jobs", "n", "expected"), [
    ("0", 2, 1),   # 16 cells (bound 16): enumerated in-process
    ("2", 2, 2),   # an explicit count is obeyed
    ("0", 3, 0),   # 1,296 cells, bound above 4,096: all cores
])
def test_default_jobs_enumerate_small_models_in_process(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: str, n: int,
        expected: int) -> None:
    import polyexact.cells as cells_package
    from polyexact.cells import CellComplex, cell_count_bound

    model = construction(2, n, 4, n - 1)
    assert (cell_count_bound(model) <= 4096) == (n == 2)
    seen: list[object] = []
    real = cells_package.enumerate_cells

    def spy(*args: Any, **kwargs: Any) -> CellComplex:
        seen.append(kwargs["jobs"])
        result: CellComplex = real(*args, **kwargs)
        return result

    monkeypatch.setattr(cells_package, "enumerate_cells", spy)
    path = tmp_path / "m.json"
    write_model(model, path)
    assert main(["count", str(path), "--json", "--no-verify", "--jobs", jobs]) == 0
    assert seen == [expected]


@pytest.mark.parametrize("params", [(2, 2, 4, 1), (2, 2, 4, 2)], ids=["in-memory", "streamed"])
def test_what_is_certified_is_the_file_written(params: tuple[int, int, int, int], tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    # the verifier reads the bytes on disk back: a writer that corrupts the file is caught
    import polyexact.atomic as atomic

    real = atomic.write_chunks_atomic

    def corrupting(path: Any, chunks: Any) -> Any:
        text = "".join(chunks)
        return real(path, [text.replace('"region":1,', '"region":0,', 1)])

    model_path = tmp_path / "m.json"
    write_model(construction(*params), model_path)
    cert = tmp_path / "c.json"
    assert main(["count", str(model_path), "--json", "--certificate", str(cert)]) == 0
    assert json.loads(capsys.readouterr().out)["certified"] is True
    monkeypatch.setattr(atomic, "write_chunks_atomic", corrupting)
    import polyexact.certificates.write as writer

    monkeypatch.setattr(writer, "write_chunks_atomic", corrupting)
    assert main(["count", str(model_path), "--json", "--certificate", str(cert)]) == 0
    assert json.loads(capsys.readouterr().out)["certified"] is False
