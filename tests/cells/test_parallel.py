"""Parallel enumeration gives exactly the serial result; the 2-D polygon path agrees with the
double-description path."""

from __future__ import annotations

import random
from fractions import Fraction

import pytest

import polyexact.cells.enumerate as enumerate_module
from polyexact.cells import CellComplex, enumerate_cells
from polyexact.cells.parallel import MIN_TASKS, enumerate_parallel
from polyexact.certificates.write import write_certificate
from polyexact.models.builders import construction
from polyexact.verify.verifier import verify_certificate
from tests.cells._models import box, relu_model


def _facets(cx: CellComplex) -> set[tuple[object, frozenset[tuple[Fraction, ...]]]]:
    """Each cell as (pattern, its set of rows): independent of row order and interior points."""
    return {(c.pattern, frozenset((*a, b) for a, b in zip(c.A, c.b, strict=True)))
            for c in cx.cells}


def _adjacent_patterns(cx: CellComplex) -> set[tuple[object, object]]:
    return {(cx.cells[a.first].pattern, cx.cells[a.second].pattern) for a in cx.adjacency}


def test_jobs_2_gives_the_identical_complex_and_certificate(tmp_path: object) -> None:
    from pathlib import Path

    model = construction(2, 2, 4, 2)
    serial = enumerate_cells(model)
    pooled = enumerate_cells(model, jobs=2)
    assert serial.n_cells == 256 and len(serial.adjacency) == 2 * 16 * 15
    assert pooled == serial
    out = Path(str(tmp_path))
    write_certificate(serial, out / "one.json")
    write_certificate(pooled, out / "two.json")
    assert (out / "one.json").read_bytes() == (out / "two.json").read_bytes()


def test_in_process_subtrees_match_serial_on_an_unbounded_domain() -> None:
    # "all" of R^2: the double-description path, subtrees merged across their borders
    rng = random.Random(7)
    model = relu_model([[rng.randint(-4, 4) or 1, rng.randint(-4, 4)] for _ in range(10)],
                       [rng.randint(-3, 3) for _ in range(10)])
    serial = enumerate_cells(model)
    assert serial.n_cells > MIN_TASKS
    assert enumerate_parallel(model, jobs=1) == serial


def test_dask_cluster_gives_the_serial_result() -> None:
    distributed = pytest.importorskip("dask.distributed")
    model = construction(2, 2, 4, 2)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=":0") as cluster:
        on_dask = enumerate_cells(model, scheduler=cluster.scheduler_address)
    assert on_dask == enumerate_cells(model)


def test_cli_jobs_1_and_2_write_the_same_certificate(tmp_path: object) -> None:
    from pathlib import Path

    from polyexact.cli.main import main
    from polyexact.models.load import write_model

    out = Path(str(tmp_path))
    write_model(construction(2, 2, 4, 2), out / "m.json")
    for jobs in ("1", "2"):
        assert main(["count", str(out / "m.json"), "--json", "--no-verify", "--jobs", jobs,
                     "--certificate", str(out / f"c{jobs}.json")]) == 0
    assert (out / "c1.json").read_bytes() == (out / "c2.json").read_bytes()
    assert main(["count", str(out / "m.json"), "--jobs", "-1"]) == 2


def _dd_path(model: object, monkeypatch: pytest.MonkeyPatch) -> CellComplex:
    with monkeypatch.context() as m:
        m.setattr(enumerate_module, "is_bounded_domain", lambda *_: False)
        result: CellComplex = enumerate_cells(model)  # type: ignore[call-overload]
        return result


@pytest.mark.parametrize("seed", range(6))
def test_polygon_path_equals_the_dd_path(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(seed)
    n = rng.randint(2, 6)
    W1 = [[rng.randint(-3, 3) or 1, rng.randint(-3, 3)] for _ in range(n)]
    # repeated and concurrent lines are the degenerate cases the cuts must get right
    W1[-1] = W1[0]
    b1 = [rng.randint(-2, 2) for _ in range(n)]
    model = relu_model(W1, b1, domain=box(2), W2=[[rng.randint(-2, 2) for _ in range(n)]] * 2)
    fast = enumerate_cells(model)
    slow = _dd_path(model, monkeypatch)
    assert fast.n_cells == slow.n_cells and fast.n_regions == slow.n_regions
    assert _facets(fast) == _facets(slow)
    assert _adjacent_patterns(fast) == _adjacent_patterns(slow)
    assert verify_certificate(_certificate(fast)).valid


def test_construction_polygon_path_equals_dd_path(monkeypatch: pytest.MonkeyPatch) -> None:
    model = construction(2, 3, 4, 1)
    fast, slow = enumerate_cells(model), _dd_path(model, monkeypatch)
    assert fast.n_cells == slow.n_cells == 36
    assert _facets(fast) == _facets(slow) and _adjacent_patterns(fast) == _adjacent_patterns(slow)


def _certificate(cx: CellComplex) -> dict[str, object]:
    from polyexact.certificates.write import certificate_to_data

    return certificate_to_data(cx)
