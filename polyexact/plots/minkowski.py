"""Planar Newton polytopes and their Minkowski sum, vertices labelled (docs/theory.md §3)."""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from polyexact.errors import ShapeError
from polyexact.numbers import RationalLike, Vector, parse_rational
from polyexact.plots._figure import figure_and_axes, order_polygon, region_colour, write_figure

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["plot_minkowski", "save_minkowski"]


def plot_minkowski(
    sets: Sequence[Sequence[Sequence[RationalLike]]],
    *,
    labels: bool = True,
    title: str | None = None,
) -> Figure:
    """Draw each planar point set's convex hull and the hull of their Minkowski sum.

    One panel per set (points labelled by index, vertices filled, other points hollow) and a last
    panel with the sum, each vertex labelled ``(j_1, ..., j_H)``: the key each head routes to on
    that vertex's normal cone. The vertices and labels are exact
    (:func:`polyexact.tropical.minkowski_sum`); floats are used only to draw.

    Parameters
    ----------
    sets : sequence of 2-D point lists
        H >= 1 sets (the sites ``a_j`` of H heads).
    labels : bool
        Write the labels.
    title : str, optional
        Title of the sum's panel; by default its vertex count against the product bound.

    Returns
    -------
    matplotlib.figure.Figure
        H + 1 axes; each hull is one ``Polygon`` patch with ``gid`` ``"set-h"`` or ``"sum"``.

    Examples
    --------
    >>> fig = plot_minkowski([[[0, 0], [1, 0]], [[0, 0], [0, 1]]])
    >>> len(fig.axes), fig.axes[2].get_title()
    (3, '4 vertices (product bound 4)')
    """
    from matplotlib.patches import Polygon

    from polyexact.polyhedra import vertex_indices
    from polyexact.tropical import minkowski_sum

    pts = [[_point(p, f"sets[{h}][{k}]") for k, p in enumerate(s)] for h, s in enumerate(sets)]
    if not pts or any(not s for s in pts):
        raise ShapeError("expected at least one non-empty set", field="sets")
    total = minkowski_sum(pts)
    fig, axes = figure_and_axes(None, ncols=len(pts) + 1, size=3.6)
    bound = 1
    for h, (ax, s) in enumerate(zip(axes, pts, strict=False)):
        verts = vertex_indices(s)
        bound *= len(verts)
        _hull(ax, [s[j] for j in verts], region_colour(h), f"set-{h}", Polygon)
        for j, p in enumerate(s):
            x, y = float(p[0]), float(p[1])
            ax.plot([x], [y], "o", color="black", markersize=4,
                    markerfacecolor="black" if j in verts else "white")
            if labels:
                ax.annotate(str(j), (x, y), textcoords="offset points", xytext=(4, 4), fontsize=8)
        ax.set_title(f"set {h}: {len(verts)} vertices", fontsize=10)
        _frame(ax, s)
    ax_sum = axes[-1]
    _hull(ax_sum, list(total.vertices), region_colour(len(pts)), "sum", Polygon)
    for v, lab in zip(total.vertices, total.labels, strict=True):
        x, y = float(v[0]), float(v[1])
        ax_sum.plot([x], [y], "o", color="black", markersize=4)
        if labels:
            ax_sum.annotate("(" + ",".join(map(str, lab)) + ")", (x, y),
                            textcoords="offset points", xytext=(4, 4), fontsize=7)
    ax_sum.set_title(
        title if title is not None else f"{total.n_vertices} vertices (product bound {bound})",
        fontsize=10,
    )
    _frame(ax_sum, list(total.vertices))
    return fig


def save_minkowski(
    sets: Sequence[Sequence[Sequence[RationalLike]]],
    path: str | os.PathLike[str],
    *,
    labels: bool = True,
    dpi: int = 100,
) -> Path:
    r"""Draw :func:`plot_minkowski` and write it to ``path`` atomically (PNG, SVG or PDF).

    Parameters
    ----------
    sets : sequence of point lists
        2-D point sets, as for :func:`~polyexact.tropical.minkowski_sum`.
    path : str or path-like
        The file; its extension (``.png``, ``.svg``, ``.pdf``) chooses the format.
    labels : bool
        Write each vertex's label next to it.
    dpi : int
        Resolution.

    Returns
    -------
    Path
        The path written.

    See Also
    --------
    plot_minkowski

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from polyexact.plots import save_minkowski
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = save_minkowski([[[0, 0], [1, 0]], [[0, 0], [0, 1]]], pathlib.Path(tmp) / "m.png")
    ...     path.name, path.read_bytes()[:4]
    ('m.png', b'\x89PNG')
    """
    return write_figure(plot_minkowski(sets, labels=labels), path, dpi=dpi)


def _point(p: Sequence[RationalLike], field: str) -> Vector:
    if len(p) != 2:
        raise ShapeError(f"expected a 2-D point, found {len(p)} coordinates", field=field)
    return tuple(parse_rational(x, f"{field}[{i}]") for i, x in enumerate(p))


def _hull(ax: Axes, vertices: list[Vector], colour: tuple[float, ...], gid: str,
          polygon: type) -> None:
    # a segment or a point is drawn as a degenerate polygon: still one patch per hull
    patch = polygon(order_polygon(vertices), closed=True, facecolor=colour, edgecolor="black",
                    linewidth=0.8, alpha=0.8)
    patch.set_gid(gid)
    ax.add_patch(patch)


def _frame(ax: Axes, points: Sequence[Vector]) -> None:
    xs = [float(p[0]) for p in points]
    ys = [float(p[1]) for p in points]
    pad = max(max(xs) - min(xs), max(ys) - min(ys), 1.0) * 0.15
    ax.set_xlim(min(xs) - pad, max(xs) + pad)
    ax.set_ylim(min(ys) - pad, max(ys) + pad)
    ax.set_aspect("equal", adjustable="box")
    if not math.isfinite(pad):  # pragma: no cover - exact inputs are finite
        raise ShapeError("non-finite coordinates")
