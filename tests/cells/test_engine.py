"""The stage engine under every driver: no import cycle among the cells modules, one geometry
interface, and subtree tasks that reassemble into the serial enumeration."""

from __future__ import annotations

import ast
import pickle
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from polyexact.cells import enumerate_cells
from polyexact.cells.engine import (
    choose_geometry,
    merge_across,
    ordered_tasks,
    root,
    run_task,
    stages,
)
from polyexact.cells.geometry_dd import DD
from polyexact.cells.geometry_polygon import POLYGON
from polyexact.cells.piece import PieceGeometry
from polyexact.certificates.cell import Cell
from polyexact.models import Model
from polyexact.models.builders import construction
from polyexact.networks import Network, mlp_network
from tests.cells._models import box, relu_model
from tests.cells.test_double_description_path import dd_models

CELLS = Path(__file__).resolve().parents[2] / "polyexact" / "cells"
PACKAGE = "polyexact.cells"


def _imported(path: Path, modules: set[str]) -> set[str]:
    """The cells modules ``path`` imports, anywhere in the file (inside functions too)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # ``from polyexact.cells import parallel`` imports the submodule, not a name of
            # the package
            subs = {f"{node.module}.{alias.name}" for alias in node.names} & modules
            found.update(subs)
            if len(subs) < len(node.names):
                found.add(node.module)
    return found & modules


def import_graph() -> dict[str, set[str]]:
    """Module -> the cells modules it imports (the package itself is ``polyexact.cells``)."""
    paths = {(PACKAGE if p.stem == "__init__" else f"{PACKAGE}.{p.stem}"): p
             for p in CELLS.glob("*.py")}
    modules = set(paths)
    return {name: _imported(path, modules) - {name} for name, path in paths.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle of ``graph`` as a path ``[a, b, ..., a]``, or ``None``."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt):], nxt]
            if nxt not in state and (found := visit(nxt)) is not None:
                return found
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (found := visit(start)) is not None:
            return found
    return None


def test_the_cycle_finder_finds_cycles() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) is None


def test_the_import_parser_sees_lazy_imports(tmp_path: Path) -> None:
    source = tmp_path / "m.py"
    source.write_text("def f():\n    from polyexact.cells import parallel\n"
                      "    import polyexact.cells.stream\n"
                      "from polyexact.cells import enumerate_cells\n", encoding="utf-8")
    modules = {PACKAGE, f"{PACKAGE}.parallel", f"{PACKAGE}.stream", f"{PACKAGE}.engine"}
    assert _imported(source, modules) == {PACKAGE, f"{PACKAGE}.parallel", f"{PACKAGE}.stream"}


def test_no_cells_module_imports_one_of_its_importers() -> None:
    graph = import_graph()
    assert f"{PACKAGE}.engine" in graph and len(graph) > 15
    assert find_cycle(graph) is None, " -> ".join(find_cycle(graph) or [])


@pytest.mark.parametrize("driver", ["enumerate", "parallel", "stream", "shards"])
def test_every_driver_is_built_on_the_engine(driver: str) -> None:
    graph = import_graph()
    assert f"{PACKAGE}.engine" in graph[f"{PACKAGE}.{driver}"]
    # the engine knows no driver
    assert f"{PACKAGE}.{driver}" not in graph[f"{PACKAGE}.engine"]


def test_only_the_geometries_look_at_the_representation() -> None:
    # the splitting, adjacency and driver code ask the run's geometry, never which one it is
    pattern = re.compile(r"\.(vertices|dd) is (not )?None")
    users = sorted(p.name for p in CELLS.glob("*.py") if pattern.search(p.read_text("utf-8")))
    assert users == ["geometry_dd.py", "geometry_polygon.py"]


# --- the geometry interface ---------------------------------------------------------------


def test_geometry_is_chosen_once_at_the_root_and_inherited() -> None:
    square = construction(2, 2, 4, 1)  # [0, 1]^2: polygons
    line = relu_model([[1, 0], [0, 1]], [0, 0])  # all of R^2: double descriptions
    cube = relu_model([[1, 0, 0]], [0], box(3))  # bounded but 3-D: double descriptions
    assert (choose_geometry(square), choose_geometry(line), choose_geometry(cube)) == (
        POLYGON, DD, DD)
    for model, geometry in ((square, POLYGON), (line, DD), (cube, DD)):
        pieces = run_task(model, stages(model), root(model), None, border=False).pieces
        assert len(pieces) > 1
        assert all(p.geometry is geometry for p in pieces)
        assert all((p.vertices is not None) == (geometry is POLYGON) for p in pieces)
        assert all((p.dd is not None) == (geometry is DD) for p in pieces)


def test_geometries_implement_the_protocol_and_pickle_as_themselves() -> None:
    for geometry in (POLYGON, DD):
        assert isinstance(geometry, PieceGeometry)
        assert pickle.loads(pickle.dumps(geometry)) is geometry
    assert not isinstance(object(), PieceGeometry)


def test_forcing_the_other_geometry_gives_the_same_cells() -> None:
    model = construction(2, 2, 4, 1)
    fast = run_task(model, stages(model), root(model, POLYGON), None, border=False)
    slow = run_task(model, stages(model), root(model, DD), None, border=False)
    assert len(fast.pieces) == len(slow.pieces) == 16
    assert fast.patterns == slow.patterns
    assert [(i, k) for i, k, _ in fast.adjacency] == [(i, k) for i, k, _ in slow.adjacency]
    for p, q in zip(fast.pieces, slow.pieces, strict=True):
        assert set(zip(p.A, p.b, strict=True)) == set(zip(q.A, q.b, strict=True))


# --- subtree tasks reassemble into the serial run ------------------------------------------


def _cells(model: Model | Network, min_tasks: int) -> tuple[list[Cell], set[tuple[int, int]]]:
    """The cells and adjacency from the ordered tasks, run one by one and merged."""
    tasks, root_adj = ordered_tasks(model, None, min_tasks)
    cells: list[Cell] = []
    pairs: set[tuple[int, int]] = set()
    kids_of: list[list[int]] = []
    border = {}
    for task in tasks:
        sub = run_task(model, *task)
        base = len(cells)
        cells += [Cell(pat, p.A, p.b, p.walls, p.point, p.to_state)
                  for pat, p in zip(sub.patterns, sub.pieces, strict=True)]
        pairs |= {(base + i, base + k) for i, k, _ in sub.adjacency}
        kids_of.append([base + i for i in sorted(sub.border)])
        border.update({base + i: p for i, p in sub.border.items()})
    pairs |= {(i, k) for i, k, _ in merge_across(root_adj, kids_of, border)}
    return cells, pairs


@pytest.mark.parametrize("min_tasks", [1, 2, 5, 40])
@pytest.mark.parametrize("model", [
    construction(2, 2, 4, 1),
    relu_model([[1, 0], [0, 1], [1, 1], [1, -1]], [0, 0, -1, 0]),
    mlp_network([[[1, 0], [0, 1], [1, 1]], [[1, -1, 2], [0, 1, 1]], [[1, 1]]],
                [[0, 0, -1], [1, 0], [0]]),
], ids=["polygons", "unbounded", "network"])
def test_ordered_tasks_reassemble_into_the_serial_enumeration(
        model: Model | Network, min_tasks: int) -> None:
    serial = enumerate_cells(model)
    cells, pairs = _cells(model, min_tasks)
    assert tuple(cells) == serial.cells
    assert pairs == {(a.first, a.second) for a in serial.adjacency}
    assert serial.n_cells > 4 and len(serial.adjacency) > 4


@settings(max_examples=40, deadline=None)
@given(dd_models(3), st.integers(1, 12))
def test_degenerate_3d_models_reassemble_for_any_split(model: Model, min_tasks: int) -> None:
    # duplicated, parallel and concurrent walls: the border merge must still find every facet
    serial = enumerate_cells(model)
    cells, pairs = _cells(model, min_tasks)
    assert tuple(cells) == serial.cells
    assert pairs == {(a.first, a.second) for a in serial.adjacency}
