"""Minkowski-sum pictures: one panel per summand and one for the sum, vertices labelled."""

from __future__ import annotations

from pathlib import Path

import pytest

from polyexact.errors import ShapeError
from polyexact.plots import plot_minkowski, save_minkowski


def _texts(fig: object, k: int) -> list[str]:
    from matplotlib.figure import Figure

    assert isinstance(fig, Figure)
    return sorted(t.get_text() for t in fig.axes[k].texts)


def test_two_triangles_sum_to_a_pentagon_with_labels() -> None:
    # parallel bottom edges merge: 3 + 3 edges minus one parallel pair = 5 vertices
    fig = plot_minkowski([[[0, 0], [2, 0], [1, 2], [1, "1/2"]], [[0, 0], [1, 1], [2, 0]]])
    assert len(fig.axes) == 3
    assert fig.axes[2].get_title() == "5 vertices (product bound 9)"
    assert _texts(fig, 2) == ["(0,0)", "(1,2)", "(2,0)", "(2,1)", "(2,2)"]
    # every point of a summand is labelled, interior ones too
    assert _texts(fig, 0) == ["0", "1", "2", "3"]
    assert fig.axes[0].get_title() == "set 0: 3 vertices"


def test_each_hull_is_one_patch() -> None:
    fig = plot_minkowski([[[0, 0], [1, 0]], [[0, 0], [0, 1]], [[0, 0], [1, 1]]])
    gids = [p.get_gid() for ax in fig.axes for p in ax.patches]
    assert gids == ["set-0", "set-1", "set-2", "sum"]
    assert fig.axes[3].get_title() == "6 vertices (product bound 8)"


def test_non_planar_sets_are_refused() -> None:
    with pytest.raises(ShapeError, match="2-D"):
        plot_minkowski([[[0, 0, 0]]])


def test_save_minkowski_writes_a_png(tmp_path: Path) -> None:
    out = save_minkowski([[[0, 0], [1, 0]], [[0, 0], [0, 1]]], tmp_path / "mk.png")
    assert out.read_bytes().startswith(b"\x89PNG") and out.stat().st_size > 1000
