"""The certificate folder written by the workers holds exactly the one-file certificate's facts.

The folder is re-assembled here with nothing but json, gzip and hashlib: shard-local indices and
region ids are shifted and renumbered by hand, and compared with the in-memory writer's one-shard
certificate of the same model.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

import polyexact.cells.shards as shards
from polyexact.cells import CellLimitError, enumerate_cells
from polyexact.cells.shards import write_certificate_folder
from polyexact.certificates.folder import write_shard as real
from polyexact.certificates.write import certificate_to_data
from polyexact.errors import InputError
from polyexact.models import Model
from polyexact.models.builders import construction
from tests.cells._models import box, relu_model


def _models() -> list[Model]:
    return [
        construction(2, 2, 4, 2),
        construction(1, 3, 2, 2),
        # regions merge: neurons 1-3 do not reach the output, so cells share maps
        relu_model([[1, 0], [0, 1], [1, 1], [1, -1]], [0, 0, -1, 0], box(2),
                   W2=[[1, 0, 0, 0], [0, 0, 0, 0]]),
        # 3-D: the double-description path (no polygons), regions merge too
        relu_model([[1, 0, 0], [0, 1, 0], [1, 1, 1], [1, -1, 2]], [0, 0, -1, 0], box(3),
                   W2=[[1, 1, 0, 0], [0, 0, 0, 0], [0, 0, 1, 0]]),
        # unbounded domain
        relu_model([[1, 0], [0, 1], [1, 1]], [0, 0, -1], W2=[[1, 0, 0], [0, 0, 0]]),
    ]


def _components(maps: list[Any], pairs: list[tuple[int, int]]) -> list[int]:
    """Canonical component ids of the same-map graph (numbered by first cell)."""
    parent = list(range(len(maps)))

    def find(x: int) -> int:
        while parent[x] != x:
            x = parent[x]
        return x

    for i, k in pairs:
        if maps[i] == maps[k]:
            a, b = find(i), find(k)
            parent[max(a, b)] = min(a, b)
    ids: dict[int, int] = {}
    return [ids.setdefault(find(i), len(ids)) for i in range(len(maps))]


def _reassemble(folder: Path) -> tuple[dict[str, Any], list[dict[str, Any]], list[list[int]]]:
    """The manifest, all cells (global order) and all adjacency pairs (global indices)."""
    manifest = json.loads((folder / "manifest.json").read_text())
    assert (folder / "manifest.json").read_text().endswith("}\n")
    cells: list[dict[str, Any]] = []
    pairs = [a["cells"] for a in manifest["adjacency"]]
    for n, entry in enumerate(manifest["shards"]):
        assert entry["file"] == f"shard-{n:06d}.json.gz"
        raw = gzip.decompress((folder / entry["file"]).read_bytes())
        assert entry["digest"] == "sha256:" + hashlib.sha256(raw).hexdigest()
        shard = json.loads(raw)
        assert raw.decode() == json.dumps(shard, sort_keys=True, separators=(",", ":")) + "\n"
        assert len(shard["cells"]) == entry["cells"] > 0
        local = [tuple(a["cells"]) for a in shard["adjacency"]]
        assert local == sorted(local) and all(0 <= i < k < entry["cells"] for i, k in local)
        # shard-local region ids: the canonical components of the shard's own same-map graph
        maps = [json.dumps(c["map"], sort_keys=True) for c in shard["cells"]]
        assert [c["region"] for c in shard["cells"]] == _components(maps, local)
        base = len(cells)
        pairs += [[base + i, base + k] for i, k in local]
        cells += shard["cells"]
    # cross adjacencies join two different shards and are sorted
    cross = [tuple(a["cells"]) for a in manifest["adjacency"]]
    assert cross == sorted(cross)
    return manifest, cells, pairs


@pytest.mark.parametrize("min_tasks", [1, 4, 32])
def test_folder_holds_the_facts_of_the_one_file_certificate(tmp_path: Path,
                                                            min_tasks: int) -> None:
    for n, model in enumerate(_models()):
        cx = enumerate_cells(model)
        one = certificate_to_data(cx)
        expected_cells = [{k: v for k, v in c.items() if k != "region"}
                          for c in one["shards"][0]["cells"]]
        expected_pairs = sorted(a["cells"] for a in one["shards"][0]["adjacency"])
        texts = []
        for jobs in (1, 2):
            path = tmp_path / f"m{n}-j{jobs}"
            s = write_certificate_folder(model, path, jobs=jobs, min_tasks=min_tasks)
            manifest, cells, pairs = _reassemble(path)
            assert [{k: v for k, v in c.items() if k != "region"} for c in cells] == \
                expected_cells
            assert sorted(pairs) == expected_pairs
            assert {k: v for k, v in manifest.items() if k not in ("shards", "adjacency")} == \
                {k: v for k, v in one.items() if k not in ("shards", "adjacency")}
            maps = [json.dumps(c["map"], sort_keys=True) for c in cells]
            assert max(_components(maps, [(i, k) for i, k in pairs])) + 1 == cx.n_regions
            assert (s.pattern_cells, s.linear_regions, s.adjacencies) == (
                cx.n_cells, cx.n_regions, len(cx.adjacency))
            texts.append({p.name: p.read_bytes() for p in path.iterdir()})
        assert texts[0] == texts[1]  # same bytes whatever the number of workers


def test_regions_merge_across_shards(tmp_path: Path) -> None:
    model = _models()[2]
    cx = enumerate_cells(model)
    assert 1 < cx.n_regions < cx.n_cells
    s = write_certificate_folder(model, tmp_path / "c", min_tasks=4)
    manifest, _, _ = _reassemble(s.path)
    assert len(manifest["shards"]) > 1 and manifest["adjacency"]
    assert manifest["counts"] == {"pattern_cells": cx.n_cells, "linear_regions": cx.n_regions}


def test_grid_counts_and_adjacency(tmp_path: Path) -> None:
    # construction(2, 3, 4, 2): the (2N)^{2L} = 1296-cell grid, 2·36·35 shared facets
    s = write_certificate_folder(construction(2, 3, 4, 2), tmp_path / "c", jobs=2, min_tasks=64)
    assert (s.pattern_cells, s.linear_regions, s.adjacencies) == (1296, 1296, 2 * 36 * 35)


def test_failures_leave_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(CellLimitError):
        write_certificate_folder(construction(2, 2, 4, 2), tmp_path / "c", jobs=2,
                                 max_cells=100, min_tasks=8)
    assert list(tmp_path.iterdir()) == []
    calls = []

    def interrupted(*args: Any) -> Any:
        calls.append(args)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(*args)

    monkeypatch.setattr(shards, "write_shard", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_certificate_folder(construction(2, 2, 4, 2), tmp_path / "c", min_tasks=8)
    assert list(tmp_path.iterdir()) == []


def test_replaces_a_certificate_folder_and_refuses_anything_else(tmp_path: Path) -> None:
    model = construction(1, 2, 2, 1)
    first = write_certificate_folder(model, tmp_path / "c", min_tasks=2).path
    (first / "shard-000009.json.gz").write_bytes(b"stale")
    write_certificate_folder(model, tmp_path / "c", min_tasks=2)
    assert not (first / "shard-000009.json.gz").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c"]
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "keep.txt").write_text("mine")
    with pytest.raises(InputError, match="not a certificate folder"):
        write_certificate_folder(model, tmp_path / "notes")
    assert (tmp_path / "notes" / "keep.txt").read_text() == "mine"
    with pytest.raises(InputError, match="no folder"):
        write_certificate_folder(model, tmp_path / "missing" / "c")


def test_dask_worker_processes_write_the_shards(tmp_path: Path) -> None:
    # separate worker processes write into the folder they share with the client
    distributed = pytest.importorskip("dask.distributed")
    model = _models()[2]
    local = write_certificate_folder(model, tmp_path / "local", min_tasks=4)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0") as cluster:
        on_dask = write_certificate_folder(model, tmp_path / "dask", min_tasks=4,
                                           scheduler=cluster.scheduler_address)
    assert on_dask == type(on_dask)(local.pattern_cells, local.linear_regions,
                                     local.adjacencies, tmp_path / "dask")
    assert {p.name: p.read_bytes() for p in local.path.iterdir()} == \
        {p.name: p.read_bytes() for p in on_dask.path.iterdir()}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dask", "local"]


def test_count_writes_a_folder_for_a_path_without_json(tmp_path: Path) -> None:
    from polyexact.cli.main import main
    from polyexact.models.load import write_model

    write_model(construction(2, 2, 4, 2), tmp_path / "m.json")
    assert main(["count", str(tmp_path / "m.json"), "--json", "--no-verify", "--jobs", "2",
                 "--certificate", str(tmp_path / "cert")]) == 0
    manifest, cells, _ = _reassemble(tmp_path / "cert")
    assert manifest["counts"] == {"pattern_cells": 256, "linear_regions": 256} and \
        len(cells) == 256
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "x").write_text("x")
    assert main(["count", str(tmp_path / "m.json"), "--no-verify",
                 "--certificate", str(tmp_path / "other")]) == 2


def test_written_folders_verify_and_a_tampered_shard_does_not(tmp_path: Path) -> None:
    from polyexact.verify import verify_certificate

    for n, model in enumerate(_models()):
        s = write_certificate_folder(model, tmp_path / f"c{n}", jobs=2, min_tasks=4)
        report = verify_certificate(s.path, jobs=2)
        assert report.valid, report.reason
        assert (report.pattern_cells, report.linear_regions) == (s.pattern_cells,
                                                                 s.linear_regions)
    # a shard whose last cell is dropped (manifest, digest and count adjusted) is rejected
    folder = tmp_path / "c2"
    manifest = json.loads((folder / "manifest.json").read_text())
    entry = manifest["shards"][-1]
    shard = json.loads(gzip.decompress((folder / entry["file"]).read_bytes()))
    shard["cells"].pop()
    shard["adjacency"] = [a for a in shard["adjacency"] if max(a["cells"]) < len(shard["cells"])]
    raw = (json.dumps(shard, sort_keys=True, separators=(",", ":")) + "\n").encode()
    (folder / entry["file"]).write_bytes(gzip.compress(raw, mtime=0))
    entry.update(cells=len(shard["cells"]), digest="sha256:" + hashlib.sha256(raw).hexdigest())
    manifest["counts"]["pattern_cells"] -= 1
    manifest["adjacency"] = [a for a in manifest["adjacency"]
                             if max(a["cells"]) < manifest["counts"]["pattern_cells"]]
    (folder / "manifest.json").write_text(json.dumps(manifest, sort_keys=True,
                                                     separators=(",", ":")) + "\n")
    report = verify_certificate(folder)
    # the hole is found by the facet tiling, before any count is compared
    assert not report.valid and "no recorded neighbour" in report.reason, report.reason


def test_count_on_dask_writes_and_verifies_a_folder(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    # enumeration, shard writing and the re-check all on one local Dask cluster
    pytest.importorskip("dask.distributed")
    from polyexact.cli.main import main
    from polyexact.models.load import write_model

    write_model(_models()[2], tmp_path / "m.json")
    assert main(["count", str(tmp_path / "m.json"), "--json", "--scheduler", "local",
                 "--jobs", "2", "--certificate", str(tmp_path / "cert")]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["certified"] is True
    assert (out["pattern_cells"], out["linear_regions"]) == (
        enumerate_cells(_models()[2]).n_cells, enumerate_cells(_models()[2]).n_regions)
