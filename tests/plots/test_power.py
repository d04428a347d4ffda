"""Power-diagram pictures: exact clipped cells, the lowest index owning copies."""

from __future__ import annotations

from fractions import Fraction as F
from pathlib import Path

import pytest

from polyexact.errors import ShapeError
from polyexact.plots import plot_power_diagram, power_cells, save_power_diagram
from polyexact.polyhedra import polyhedron_from_points, volume


def _area(vertices: tuple[tuple[F, ...], ...]) -> F:
    return volume(polyhedron_from_points(list(vertices)))


def test_equal_weights_give_the_voronoi_bisector() -> None:
    box = ((F(-1), F(3)), (F(-1), F(1)))
    _, cells = power_cells([[0, 0], [2, 0]], [0, 0], box=box)
    assert sorted(cells) == [0, 1]
    assert max(v[0] for v in cells[0]) == 1 == min(v[0] for v in cells[1])
    assert _area(cells[0]) == _area(cells[1]) == 4


def test_weight_moves_the_wall_by_the_power_distance() -> None:
    # the wall: x^2 - 2 = (x - 2)^2, i.e. 4x = 6
    _, cells = power_cells([[0, 0], [2, 0]], [2, 0], box=((F(-1), F(3)), (F(-1), F(1))))
    assert max(v[0] for v in cells[0]) == F(3, 2)


def test_cells_tile_the_box() -> None:
    box = ((F(-2), F(4)), (F(-2), F(4)))
    _, cells = power_cells([[0, 0], [2, 0], [1, 2], [1, "1/2"]], [0, 0, 1, "-1/2"], box=box)
    assert sum(_area(v) for v in cells.values()) == 36


def test_a_copied_site_owns_nothing() -> None:
    _, cells = power_cells([[0, 0], [2, 0], [0, 0]], [0, 0, 0])
    assert sorted(cells) == [0, 1]


def test_picture_has_one_polygon_per_cell() -> None:
    fig = plot_power_diagram([[0, 0], [2, 0], [1, 2], [1, "1/2"]], [0, 0, 1, "-1/2"])
    (coll,) = [c for c in fig.axes[0].collections if c.get_gid() == "cells"]
    assert len(coll.get_paths()) == 4


def test_three_dimensional_sites_are_refused() -> None:
    with pytest.raises(ShapeError, match="2-D"):
        power_cells([[0, 0, 0], [1, 0, 0]], [0, 0])


def test_save_power_diagram_writes_a_png(tmp_path: Path) -> None:
    out = save_power_diagram([[0, 0], [1, 1]], [0, 0], tmp_path / "pd.png")
    assert out.read_bytes().startswith(b"\x89PNG") and out.stat().st_size > 1000
    assert [p.name for p in tmp_path.iterdir()] == ["pd.png"]
