"""Certificate folders: read and verified shard by shard, with digests, names and counts checked;
the same report for one process, a pool and Dask; tampered shards rejected."""

from __future__ import annotations

import copy
import gzip
import json
from pathlib import Path
from typing import Any

import pytest

import polyexact.verify.borders as borders_module
from polyexact.cells import certificate_to_data, enumerate_cells
from polyexact.certificates import read_certificate
from polyexact.certificates.read import load_certificate_data
from polyexact.cli.main import main
from polyexact.errors import FormatError
from polyexact.models import construction
from polyexact.verify import verify_certificate
from tests.verify._folders import split_to_folder

Data = dict[str, Any]
MODEL = construction(2, 4, 4, 1)  # 64 cells, 64 regions, a box: every facet is shared or on it


@pytest.fixture(scope="module")
def data() -> Data:
    out = certificate_to_data(enumerate_cells(MODEL), shard_cells=10)
    assert [len(s["cells"]) for s in out["shards"]] == [10] * 6 + [4]
    assert out["adjacency"] and all(s["adjacency"] for s in out["shards"])
    return out


def _manifest(folder: Path) -> Data:
    result: Data = json.loads((folder / "manifest.json").read_text())
    return result


def _write_manifest(folder: Path, manifest: Data) -> None:
    (folder / "manifest.json").write_text(json.dumps(manifest))


def test_folder_reads_back_the_complex_and_the_data(data: Data, tmp_path: Path) -> None:
    folder = split_to_folder(data, tmp_path / "cert")
    assert sorted(p.name for p in folder.iterdir()) == \
        ["manifest.json"] + [f"shard-{k:06d}.json.gz" for k in range(7)]
    cx = enumerate_cells(MODEL)
    for path in (folder, folder / "manifest.json", str(folder)):
        assert read_certificate(path).complex == cx
    assert load_certificate_data(folder) == data
    # an uncompressed shard file (its name does not end in .gz) is read as it is
    plain = split_to_folder(data, tmp_path / "plain", compress=False)
    assert read_certificate(plain).complex == cx


def test_folder_verifies_like_the_one_file_form(data: Data, tmp_path: Path) -> None:
    folder = split_to_folder(data, tmp_path / "cert")
    expected = verify_certificate(data)
    assert expected.valid and (expected.pattern_cells, expected.linear_regions) == (64, 64)
    seen: list[tuple[int, int]] = []
    for jobs in (1, 2):
        report = verify_certificate(folder, jobs=jobs, progress=lambda i, n: seen.append((i, n)))
        assert report == expected
    assert seen[-1] == (64, 64) and (10, 64) in seen
    assert verify_certificate(folder / "manifest.json") == expected
    assert verify_certificate(read_certificate(folder), jobs=2) == expected  # parsed, 7 shards
    assert main(["verify", str(folder), "--jobs", "2", "-q"]) == 0


def test_the_parent_keeps_only_the_border_cells(data: Data, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    given: set[int] = set()
    peaks: list[int] = []
    add, finish = borders_module.Borders.add, borders_module.Borders.finish

    def spy_add(self: borders_module.Borders, summary: Any) -> None:
        given.update(summary.border)
        add(self, summary)

    def spy_finish(self: borders_module.Borders, linear_regions: int) -> None:
        peaks.append(self.peak)
        assert not self.cells  # each closed as soon as its last neighbour's shard arrived
        finish(self, linear_regions)

    monkeypatch.setattr(borders_module.Borders, "add", spy_add)
    monkeypatch.setattr(borders_module.Borders, "finish", spy_finish)
    folder = split_to_folder(data, tmp_path / "cert")
    assert verify_certificate(folder, jobs=2).valid
    named = {c for a in data["adjacency"] for c in a["cells"]}
    assert given == named and len(named) < 64
    assert 0 < peaks[0] < len(named)


def _tampered(data: Data, how: str) -> Data:
    out = copy.deepcopy(data)
    shard = out["shards"][2]
    if how == "row":
        shard["cells"][3]["b"][0] = "7/2"
    elif how == "local region":
        shard["cells"][4]["region"] = 0
    elif how == "internal adjacency":
        del shard["adjacency"][0]
    elif how == "cross adjacency":
        del out["adjacency"][len(out["adjacency"]) // 2]
    elif how == "global region ids":
        first = 20
        for m, cell in enumerate(shard["cells"]):
            cell["region"] = first + m
    return out


@pytest.mark.parametrize("how", ["row", "local region", "internal adjacency", "cross adjacency",
                                 "global region ids"])
def test_tampered_shard_is_rejected_the_same_way_for_any_jobs(data: Data, tmp_path: Path,
                                                             how: str) -> None:
    tampered = _tampered(data, how)
    folder = split_to_folder(tampered, tmp_path / "cert")
    one, two = verify_certificate(folder, jobs=1), verify_certificate(folder, jobs=2)
    assert one == two == verify_certificate(tampered) == verify_certificate(
        read_certificate(folder))
    assert not one.valid
    assert main(["verify", str(folder), "-q"]) == 1


def test_dask_gives_the_same_report(data: Data, tmp_path: Path) -> None:
    pytest.importorskip("dask.distributed")
    folder = split_to_folder(_tampered(data, "cross adjacency"), tmp_path / "bad")
    good = split_to_folder(data, tmp_path / "good")
    assert verify_certificate(good, jobs=2, scheduler="local") == verify_certificate(good)
    assert verify_certificate(folder, jobs=2, scheduler="local") == verify_certificate(folder)
    # a one-file certificate: batches of cells on the workers, its shards summarized here
    bad = _tampered(data, "local region")
    assert verify_certificate(bad, jobs=2, scheduler="local") == verify_certificate(bad)


def _broken(folder: Path, how: str) -> str:
    """Break the folder; return the field the error must name."""
    manifest = _manifest(folder)
    entry = manifest["shards"][1]
    if how == "parent name":
        entry["file"] = "../" + entry["file"]
    elif how == "path name":
        entry["file"] = "sub/" + entry["file"]
    elif how == "empty name":
        entry["file"] = ""
    elif how == "name twice":
        entry["file"] = manifest["shards"][0]["file"]
    elif how == "missing file":
        (folder / entry["file"]).unlink()
    elif how == "digest":
        entry["digest"] = "sha256:" + "0" * 64
    elif how == "malformed digest":
        entry["digest"] = "md5:00"
    elif how == "cells":
        entry["cells"] += 1
    elif how == "not gzip":
        (folder / entry["file"]).write_bytes(b"not gzip")
    elif how == "changed shard":
        path = folder / entry["file"]
        text = gzip.decompress(path.read_bytes()).replace(b'"region":0', b'"region":1', 1)
        path.write_bytes(gzip.compress(text, mtime=0))
    elif how == "inline shard":
        entry.clear()
        entry.update({"adjacency": [], "cells": []})
    _write_manifest(folder, manifest)
    field = {"cells": "cells", "digest": "digest", "malformed digest": "digest",
             "changed shard": "digest", "inline shard": "adjacency"}.get(how, "file")
    return f"shards[1].{field}"


@pytest.mark.parametrize("how", ["parent name", "path name", "empty name", "name twice",
                                 "missing file", "digest", "malformed digest", "cells",
                                 "not gzip", "changed shard", "inline shard"])
def test_broken_folder_is_a_format_error_naming_the_field(
        data: Data, tmp_path: Path, how: str, capsys: pytest.CaptureFixture[str]) -> None:
    folder = split_to_folder(data, tmp_path / "cert")
    field = _broken(folder, how)
    for read in (read_certificate, verify_certificate,
                 lambda p: verify_certificate(p, jobs=2)):
        with pytest.raises(FormatError) as err:
            read(folder)
        assert err.value.field == field, (how, err.value)
    capsys.readouterr()
    assert main(["verify", str(folder)]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {field}: "), lines


def test_verifying_data_leaves_it_unchanged(data: Data) -> None:
    before = copy.deepcopy(data)
    assert verify_certificate(data).valid
    assert data == before


def test_the_workers_folders_follow_the_format_byte_for_byte(tmp_path: Path) -> None:
    # the enumerator's folder writer against this file's independent reading of the format:
    # the same data, written again shard by shard, gives the same manifest and shard bytes
    from polyexact.cells.shards import write_certificate_folder

    written = tmp_path / "written"
    write_certificate_folder(MODEL, written, jobs=2, min_tasks=4)
    data = load_certificate_data(written)
    assert len(data["shards"]) > 1 and data["adjacency"]
    again = split_to_folder(data, tmp_path / "again")
    assert (written / "manifest.json").read_bytes() == (again / "manifest.json").read_bytes()
    names = sorted(p.name for p in written.iterdir())
    assert names == sorted(p.name for p in again.iterdir())
    for name in names:
        if name.endswith(".gz"):
            assert gzip.decompress((written / name).read_bytes()) == \
                gzip.decompress((again / name).read_bytes()), name
    assert verify_certificate(written, jobs=2) == verify_certificate(again)
    assert read_certificate(written).complex == enumerate_cells(MODEL)
