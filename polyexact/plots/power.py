"""Pictures of power diagrams (docs/theory.md §2: one head's routing is a power diagram)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from polyexact.errors import ShapeError
from polyexact.numbers import RationalLike, Vector, parse_rational
from polyexact.plots._figure import figure_and_axes, order_polygon, region_colour, write_figure
from polyexact.plots.polygons import Box, bounding_box, box_rows
from polyexact.polyhedra import HPolyhedron, interior_point

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["plot_power_diagram", "power_cells", "save_power_diagram"]


def power_cells(
    sites: Sequence[Sequence[RationalLike]],
    weights: Sequence[RationalLike],
    *,
    box: Box | None = None,
) -> tuple[Box, dict[int, tuple[Vector, ...]]]:
    r"""Return the clip box and the exact polygon of every power cell that is 2-D inside it.

    The cells are those of :class:`polyexact.tropical.power_diagram.PowerDiagram`: cell j is
    $\{x : \|x - a_j\|^2 - w_j \le \|x - a_l\|^2 - w_l\ \forall l\}$, a polyhedron. Among equal
    (site, weight) pairs only the lowest index owns a cell (docs/theory.md §5, rule 1).

    Parameters
    ----------
    sites : sequence of 2-D rational points
    weights : sequence of rationals, one per site
    box : Box, optional
        The clip box; by default one around the sites (with a quarter margin).

    Returns
    -------
    (Box, dict)
        The box, and ``{j: vertices}`` for every site whose clipped cell has non-empty interior.

    Examples
    --------
    >>> box, cells = power_cells([[0, 0], [2, 0]], [0, 0])
    >>> [[str(c) for c in side] for side in box]
    [['-1/2', '5/2'], ['-1/2', '1/2']]
    >>> sorted(tuple(map(str, v)) for v in cells[0])
    [('-1/2', '-1/2'), ('-1/2', '1/2'), ('1', '-1/2'), ('1', '1/2')]
    >>> sorted(power_cells([[0, 0], [2, 0]], [0, 8])[1])  # a heavy site swallows the box
    [1]
    """
    from polyexact.tropical.power_diagram import power_diagram_from_weights

    for k, site in enumerate(sites):
        if len(site) != 2:
            raise ShapeError(f"expected a 2-D site, found {len(site)} coordinates",
                             field=f"sites[{k}]")
    diagram = power_diagram_from_weights(sites, weights)
    if box is None:
        box = bounding_box([], list(diagram.sites))
    bA, bb = box_rows(box)
    cells: dict[int, tuple[Vector, ...]] = {}
    for j in range(len(diagram.sites)):
        if any(diagram.sites[l] == diagram.sites[j] and diagram.weights[l] == diagram.weights[j]
               for l in range(j)):
            continue  # a copy of an earlier site: the lowest index owns the cell
        A, b = diagram.cell_inequalities(j)
        # a later exact copy gives the row 0 <= 0, which would forbid every interior point
        kept = [(r, c) for r, c in zip(A, b, strict=True) if any(r) or c != 0]
        rows = bA + tuple(r for r, _ in kept)
        rhs = bb + tuple(c for _, c in kept)
        if interior_point(rows, rhs, 2) is not None:
            cells[j] = tuple(HPolyhedron(rows, rhs, 2).vertices)
    return box, cells


def plot_power_diagram(
    sites: Sequence[Sequence[RationalLike]],
    weights: Sequence[RationalLike],
    *,
    box: Box | None = None,
    ax: Axes | None = None,
    labels: bool = True,
    title: str | None = None,
) -> Figure:
    """Draw the power diagram of weighted sites in the plane, clipped to a box.

    Cell j gets colour ``region_colour(j)``; sites are black dots (hollow when their cell is
    empty in the box), labelled by their index.

    Returns
    -------
    matplotlib.figure.Figure
        The cells are one ``PolyCollection`` with ``gid == "cells"``.

    Examples
    --------
    >>> fig = plot_power_diagram([[0, 0], [2, 0], [1, 2]], [0, 0, 1])
    >>> [len(c.get_paths()) for c in fig.axes[0].collections if c.get_gid() == "cells"]
    [3]
    """
    from matplotlib.collections import PolyCollection

    box, cells = power_cells(sites, weights, box=box)
    fig, (axes,) = figure_and_axes(ax)
    coll = PolyCollection(
        [order_polygon(v) for v in cells.values()],
        facecolors=[region_colour(j) for j in cells],
        edgecolors="black",
        linewidths=0.6,
    )
    coll.set_gid("cells")
    axes.add_collection(coll)
    for j, site in enumerate(sites):
        x, y = float(parse_rational(site[0])), float(parse_rational(site[1]))
        axes.plot([x], [y], "o", color="black", markerfacecolor="black" if j in cells else "white",
                  markersize=4)
        if labels:
            axes.annotate(str(j), (x, y), textcoords="offset points", xytext=(4, 4), fontsize=8)
    (x_lo, x_hi), (y_lo, y_hi) = box
    axes.set_xlim(float(x_lo), float(x_hi))
    axes.set_ylim(float(y_lo), float(y_hi))
    axes.set_aspect("equal", adjustable="box")
    if title is None:
        title = f"power diagram: {len(cells)} cells"
    axes.set_title(title, fontsize=10)
    return fig


def save_power_diagram(
    sites: Sequence[Sequence[RationalLike]],
    weights: Sequence[RationalLike],
    path: str | os.PathLike[str],
    *,
    box: Box | None = None,
    dpi: int = 100,
) -> Path:
    r"""Draw :func:`plot_power_diagram` and write it to ``path`` atomically (PNG, SVG or PDF).

    Parameters
    ----------
    sites : sequence of rational 2-vectors
        The sites.
    weights : sequence of rationals
        One weight per site.
    path : str or path-like
        The file; its extension (``.png``, ``.svg``, ``.pdf``) chooses the format.
    box : Box, optional
        The drawing box (default: from :func:`power_cells`).
    dpi : int
        Resolution.

    Returns
    -------
    Path
        The path written.

    See Also
    --------
    plot_power_diagram, power_cells

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from polyexact.plots import save_power_diagram
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = save_power_diagram([[0, 0], [2, 0]], [0, 0], pathlib.Path(tmp) / "pd.png")
    ...     path.read_bytes()[:4]
    b'\x89PNG'
    """
    return write_figure(plot_power_diagram(sites, weights, box=box), path, dpi=dpi)

