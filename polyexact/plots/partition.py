"""Pictures of a 2-D partition: pattern cells as exact polygons, coloured by linear region."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from polyexact.certificates.subject import input_dim
from polyexact.errors import ShapeError
from polyexact.numbers import Vector
from polyexact.plots._figure import (
    add_region_legend,
    figure_and_axes,
    order_polygon,
    region_colour,
    write_figure,
)
from polyexact.plots.polygons import Box, arrangement_window, clipped_vertices
from polyexact.plots.slices import PlaneSlice, slice_cells, slice_regions
from polyexact.polyhedra import HPolyhedron

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from polyexact.cells import Cell, CellComplex
    from polyexact.cells.network_cells import NetworkComplex

__all__ = [
    "PartitionPolygons",
    "partition_polygons",
    "plot_partition",
    "plot_polygons",
    "save_partition",
]


@dataclass(frozen=True)
class PartitionPolygons:
    """What a partition picture draws, before any float: one exact polygon per 2-D cell.

    ``polygons[i]`` are the exact vertices of cell ``i`` (clipped to ``box`` when unbounded),
    ``regions[i]`` its linear-region id, ``points[i]`` its interior point, ``unbounded[i]``
    whether it was clipped.

    Attributes
    ----------
    polygons : tuple of vertex tuples
        Exact vertices of each cell (clipped).
    regions : tuple of int
        Linear-region id of each cell.
    points : tuple of Vector
        Interior point of each cell.
    unbounded : tuple of bool
        Whether each cell was clipped to ``box``.
    box : Box
        The drawing box (the window).
    windowed : bool
        Whether the window was given: every cell is then clipped to it, and a cell outside it
        has fewer than 3 vertices (it is not drawn).

    See Also
    --------
    partition_polygons, plot_polygons

    Examples
    --------
    >>> from polyexact.models import max_head_model
    >>> m = max_head_model()
    >>> from polyexact.cells import enumerate_cells
    >>> from polyexact.plots import partition_polygons
    >>> drawn = partition_polygons(enumerate_cells(m))
    >>> drawn.regions, drawn.n_regions, drawn.unbounded
    ((0, 1, 2), 3, (True, True, True))
    >>> [[str(c) for c in side] for side in drawn.box]
    [['-1', '1'], ['-1', '1']]
    """

    polygons: tuple[tuple[Vector, ...], ...]
    regions: tuple[int, ...]
    points: tuple[Vector, ...]
    unbounded: tuple[bool, ...]
    box: Box
    windowed: bool = False

    @property
    def n_regions(self) -> int:
        """Number of distinct regions drawn."""
        return len(set(self.regions))


def partition_polygons(
    complex: CellComplex | NetworkComplex, *, slice: PlaneSlice | None = None,
    window: Box | None = None,
) -> PartitionPolygons:
    """Return the exact polygons of a 2-D complex, or of the slice of a complex by a plane.

    Unbounded cells are cut by the window: ``window`` when given (then every cell is clipped to
    it), else :func:`~polyexact.plots.polygons.arrangement_window`, every cell vertex plus a
    margin.

    Parameters
    ----------
    complex : CellComplex
        Its model must be 2-D unless ``slice`` is given.
    slice : PlaneSlice, optional
        A plane from :func:`~polyexact.plots.slice_model`; ``complex`` should then be the
        enumeration of ``slice.model`` (or of the full model: the result is the same). Regions are
        those of the map restricted to the plane (:func:`~polyexact.plots.slice_regions`).
    window : Box, optional
        ``((x_lo, x_hi), (y_lo, y_hi))``, exact; in plane coordinates for a slice.

    Returns
    -------
    PartitionPolygons
        One exact polygon per cell, clipped to a box for an unbounded domain.

    Raises
    ------
    ShapeError
        If the complex is not 2-D and no slice is given.

    See Also
    --------
    plot_polygons, plot_partition

    Examples
    --------
    >>> from polyexact.models import max_head_model
    >>> m = max_head_model()
    >>> from polyexact.cells import enumerate_cells
    >>> from polyexact.plots import partition_polygons
    >>> drawn = partition_polygons(enumerate_cells(m))
    >>> [len(p) for p in drawn.polygons], drawn.points[2]
    ([4, 4, 4], (Fraction(-1, 1), Fraction(-1, 1)))
    """
    cells: Sequence[Cell]
    if slice is None:
        if input_dim(complex.model) != 2:
            raise ShapeError(
                f"a partition picture needs a 2-D domain, found d_model = "
                f"{input_dim(complex.model)};"
                " give a slice",
                field="slice",
            )
        cells = complex.cells
        regions = tuple(complex.region_of)
    else:
        pieces = slice_cells(complex, slice)
        cells = [p.cell for p in pieces]
        regions = slice_regions(pieces)
    polys = [HPolyhedron(c.A, c.b, 2) for c in cells]
    points = tuple(c.point for c in cells)
    if window is not None:
        (x_lo, x_hi), (y_lo, y_hi) = window
        if not (x_lo < x_hi and y_lo < y_hi):
            raise ShapeError("expected XMIN < XMAX and YMIN < YMAX", field="window")
    box = window if window is not None else arrangement_window(polys)
    always = window is not None
    polygons = tuple(tuple(clipped_vertices(p, box, always=always)) for p in polys)
    return PartitionPolygons(polygons, regions, points, tuple(not p.is_bounded for p in polys),
                             box, windowed=always)


def plot_partition(
    complex: CellComplex | NetworkComplex,
    *,
    ax: Axes | None = None,
    slice: PlaneSlice | None = None,
    labels: bool = False,
    title: str | None = None,
) -> Figure:
    """Draw a 2-D partition: one polygon per pattern cell, one colour per linear region.

    Cell walls are drawn as thin black edges, so pattern cells inside one region stay visible;
    region ``k`` always gets the same colour (:func:`~polyexact.plots._figure.region_colour`).
    Unbounded cells are cut by a box around every vertex and interior point.

    Parameters
    ----------
    complex : CellComplex
        The enumeration of a 2-D model, or of any model when ``slice`` is given.
    ax : matplotlib Axes, optional
        Where to draw; by default a new figure.
    slice : PlaneSlice, optional
        Draw the restriction to this plane (plane coordinates ``(s, t)`` on the axes).
    labels : bool
        Write each cell's region id at its interior point.
    title : str, optional
        Axes title; by default the counts.

    Returns
    -------
    matplotlib.figure.Figure
        The cells are one ``PolyCollection`` with ``gid == "cells"``.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.cells import Cell, CellComplex, Wall
    >>> from polyexact.models import Model, box_domain
    >>> from polyexact.numbers import AffineMap
    >>> zero, one, half = F(0), F(1), F(1, 2)
    >>> left = Cell((), ((one, zero), (-one, zero), (zero, one), (zero, -one)),
    ...             (half, zero, one, zero), (), (F(1, 4), half), AffineMap.identity(2))
    >>> right = Cell((), ((-one, zero), (one, zero), (zero, one), (zero, -one)),
    ...              (-half, one, one, zero), (), (F(3, 4), half), AffineMap.identity(2))
    >>> cx = CellComplex(Model(2, (), box_domain([(zero, one)] * 2)), (left, right), (), (0, 1))
    >>> fig = plot_partition(cx)
    >>> [len(c.get_paths()) for c in fig.axes[0].collections if c.get_gid() == "cells"]
    [2]
    """
    drawn = partition_polygons(complex, slice=slice)
    return plot_polygons(drawn, ax=ax, labels=labels, title=title, name=complex.model.name,
                         sliced=slice is not None)


def plot_polygons(
    drawn: PartitionPolygons,
    *,
    ax: Axes | None = None,
    labels: bool = False,
    title: str | None = None,
    name: str = "",
    sliced: bool = False,
) -> Figure:
    """Draw already computed partition polygons (see :func:`plot_partition`).

    The default title is ``name`` over the counts; ``sliced`` names the axes ``s, t`` (plane
    coordinates) instead of ``x1, x2``.

    Parameters
    ----------
    drawn : PartitionPolygons
        The exact polygons; converted to floats only here, for drawing.
    ax : Axes, optional
        Draw into these axes (default: a new figure).
    labels : bool
        Write each cell's region id inside it.
    title : str, optional
        Replaces the default title.
    name : str
        The model name shown in the default title.
    sliced : bool
        Label the axes as plane coordinates.

    Returns
    -------
    Figure
        The matplotlib figure.

    See Also
    --------
    partition_polygons, save_partition

    Examples
    --------
    >>> from polyexact.models import max_head_model
    >>> m = max_head_model()
    >>> from polyexact.cells import enumerate_cells
    >>> from polyexact.plots import partition_polygons, plot_polygons
    >>> fig = plot_polygons(partition_polygons(enumerate_cells(m)))
    >>> fig.axes[0].get_title()
    '3 pattern cells, 3 linear regions'
    """
    from matplotlib.collections import PolyCollection

    fig, (axes,) = figure_and_axes(ax)
    shown = [(poly, region) for poly, region in zip(drawn.polygons, drawn.regions, strict=True)
             if len(poly) >= 3]
    coll = PolyCollection(
        [order_polygon(poly) for poly, _ in shown],
        facecolors=[region_colour(r) for _, r in shown],
        edgecolors="black",
        linewidths=0.4,
    )
    coll.set_gid("cells")
    axes.add_collection(coll)
    if labels:
        for poly, region in shown:
            # the vertex average lies inside a convex polygon and is better centred than the
            # interior point (which the LP tends to put near a corner)
            cx = sum(float(v[0]) for v in poly) / len(poly)
            cy = sum(float(v[1]) for v in poly) / len(poly)
            axes.text(cx, cy, str(region), ha="center", va="center", fontsize=7)
    (x_lo, x_hi), (y_lo, y_hi) = _view(drawn)
    axes.set_xlim(x_lo, x_hi)
    axes.set_ylim(y_lo, y_hi)
    axes.set_aspect("equal", adjustable="box")
    axes.set_xlabel("s" if sliced else "x1")
    axes.set_ylabel("t" if sliced else "x2")
    if title is None:
        title = _default_title(drawn, name, sliced=sliced)
    axes.set_title(title, fontsize=10)
    cut = drawn.windowed or any(drawn.unbounded)
    add_region_legend(axes, sorted({r for _, r in shown}), wall="black edge: pattern-cell wall",
                      note="cells continue beyond the frame" if cut else None,
                      in_view=drawn.windowed)
    return fig


def save_partition(
    complex: CellComplex | NetworkComplex,
    path: str | os.PathLike[str],
    *,
    slice: PlaneSlice | None = None,
    labels: bool = False,
    dpi: int = 100,
) -> Path:
    r"""Draw :func:`plot_partition` and write it to ``path`` atomically (PNG, SVG or PDF).

    Parameters
    ----------
    complex : CellComplex
        As for :func:`partition_polygons`.
    path : str or path-like
        The file; its extension (``.png``, ``.svg``, ``.pdf``) chooses the format.
    slice : PlaneSlice, optional
        As for :func:`partition_polygons`.
    labels : bool
        Write each cell's region id inside it.
    dpi : int
        Resolution.

    Returns
    -------
    Path
        The path written.

    See Also
    --------
    plot_partition

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from polyexact.models import max_head_model
    >>> m = max_head_model()
    >>> from polyexact.cells import enumerate_cells
    >>> from polyexact.plots import save_partition
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = save_partition(enumerate_cells(m), pathlib.Path(tmp) / "p.png")
    ...     path.read_bytes()[:4]
    b'\x89PNG'
    """
    return write_figure(plot_partition(complex, slice=slice, labels=labels), path, dpi=dpi)


def _default_title(drawn: PartitionPolygons, name: str, *, sliced: bool) -> str:
    title = f"{len(drawn.polygons)} pattern cells, {drawn.n_regions} linear regions"
    if sliced:
        title += " on the plane"
    return f"{name}\n{title}" if name else title


def _view(drawn: PartitionPolygons) -> tuple[tuple[float, float], tuple[float, float]]:
    """The drawn extent: the window when given, else the polygons' own bounds."""
    if drawn.windowed:
        (x_lo, x_hi), (y_lo, y_hi) = drawn.box
        return (float(x_lo), float(x_hi)), (float(y_lo), float(y_hi))
    xs = [float(v[0]) for poly in drawn.polygons for v in poly]
    ys = [float(v[1]) for poly in drawn.polygons for v in poly]
    return (min(xs), max(xs)), (min(ys), max(ys))
