"""Partition pictures: one polygon per cell, one colour per region, exact clipped polygons."""

from __future__ import annotations

from fractions import Fraction as F
from pathlib import Path

import numpy as np
import pytest
from matplotlib.collections import Collection
from matplotlib.figure import Figure

from polyexact.cells.enumerate import enumerate_cells
from polyexact.errors import ShapeError
from polyexact.models import FFN, Head, Layer, Model, box_domain, construction, whole_space
from polyexact.plots import partition_polygons, plot_partition, region_colour, save_partition
from tests.plots._complexes import ONE, ZERO, two_relu_walls


def _cells_collection(fig: Figure) -> Collection:
    (ax,) = fig.axes
    (coll,) = [c for c in ax.collections if c.get_gid() == "cells"]
    return coll


def _faces(coll: Collection) -> list[tuple[float, ...]]:
    return [tuple(float(x) for x in row) for row in np.asarray(coll.get_facecolor())]


def _n_colours(coll: Collection) -> int:
    return len(set(_faces(coll)))


def test_two_relu_walls_draw_four_polygons_in_three_colours() -> None:
    fig = plot_partition(two_relu_walls())
    coll = _cells_collection(fig)
    assert len(coll.get_paths()) == 4
    assert _n_colours(coll) == 3


def test_polygons_are_the_exact_quarter_squares() -> None:
    drawn = partition_polygons(two_relu_walls())
    h = F(1, 2)
    expected = {
        frozenset({(ZERO, ZERO), (h, ZERO), (ZERO, h), (h, h)}),
        frozenset({(ZERO, h), (h, h), (ZERO, ONE), (h, ONE)}),
        frozenset({(h, ZERO), (ONE, ZERO), (h, h), (ONE, h)}),
        frozenset({(h, h), (ONE, h), (h, ONE), (ONE, ONE)}),
    }
    assert {frozenset(p) for p in drawn.polygons} == expected
    assert drawn.regions == (0, 0, 1, 2)
    assert drawn.unbounded == (False,) * 4


def test_region_colours_are_stable_and_follow_region_ids() -> None:
    coll = _cells_collection(plot_partition(two_relu_walls()))
    faces = _faces(coll)
    assert faces == [region_colour(r) for r in (0, 0, 1, 2)]
    assert len({region_colour(k) for k in range(500)}) == 500


def test_construction_d2_n2_has_16_polygons_in_16_colours() -> None:
    cx = enumerate_cells(construction(2, 2, 4, 1))
    coll = _cells_collection(plot_partition(cx, labels=True))
    assert len(coll.get_paths()) == 16
    assert _n_colours(coll) == 16


def test_dead_neuron_splits_cells_but_not_colours() -> None:
    # neuron with a zero output weight: 2 pattern cells, 1 linear region (docs/theory.md §5, rule 3)
    ffn = FFN(W1=((ONE, ZERO),), b1=(F(-1, 3),), W2=((ZERO,), (ZERO,)), b2=(ZERO, ZERO))
    model = Model(2, (Layer((), ((), ()), True, ffn),), box_domain([(ZERO, ONE)] * 2))
    cx = enumerate_cells(model)
    coll = _cells_collection(plot_partition(cx))
    assert (cx.n_cells, cx.n_regions) == (2, 1)
    assert len(coll.get_paths()) == 2
    assert _n_colours(coll) == 1


def test_unbounded_fan_is_clipped_to_a_box_around_the_apex() -> None:
    eye = ((ONE, ZERO), (ZERO, ONE))
    head = Head(eye, (ZERO, ZERO), ((ONE, ZERO), (ZERO, ONE), (-ONE, -ONE)),
                ((ONE,), (F(2),), (F(3),)), (ZERO,) * 3)
    model = Model(2, (Layer((head,), ((ONE,), (ZERO,))),), whole_space())
    drawn = partition_polygons(enumerate_cells(model))
    assert len(drawn.polygons) == 3
    assert drawn.unbounded == (True,) * 3
    (x_lo, x_hi), (y_lo, y_hi) = drawn.box
    assert x_lo < 0 < x_hi and y_lo < 0 < y_hi
    # every clipped cone keeps its apex, the origin, as a vertex
    assert all((ZERO, ZERO) in poly for poly in drawn.polygons)


def test_higher_dimensional_complex_needs_a_slice() -> None:
    cx = enumerate_cells(construction(3, 1, 6, 1))
    with pytest.raises(ShapeError, match="slice"):
        plot_partition(cx)


def test_save_partition_writes_png_atomically_and_reproducibly(tmp_path: Path) -> None:
    target = tmp_path / "part.png"
    save_partition(two_relu_walls(), target)
    first = target.read_bytes()
    assert first.startswith(b"\x89PNG\r\n\x1a\n") and len(first) > 1000
    save_partition(two_relu_walls(), target)
    assert target.read_bytes() == first
    assert [p.name for p in tmp_path.iterdir()] == ["part.png"]


def test_plot_partition_draws_into_given_axes() -> None:
    fig = Figure()
    ax = fig.add_subplot(1, 2, 1)
    assert plot_partition(two_relu_walls(), ax=ax) is fig
