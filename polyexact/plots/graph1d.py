"""Pictures of 1-D models: the graph of the output against the input, coloured by linear region.

A 1-D model's pattern cells are intervals and its output is affine on each, so the picture is
exact up to the last step: each cell's endpoints and the output there are computed as
fractions, and only the drawn segments are floats. Jumps (zero-temperature attention is
discontinuous) show as gaps between segments.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

from polyexact.certificates.subject import input_dim
from polyexact.errors import ShapeError

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from polyexact.cells import CellComplex
    from polyexact.cells.network_cells import NetworkComplex

__all__ = ["GraphSegments", "graph_segments", "plot_function_graph"]

_MARGIN = Fraction(1, 4)


@dataclass(frozen=True)
class GraphSegments:
    """The exact pieces of a 1-D model's graph within a window.

    Attributes
    ----------
    segments : tuple of ((x0, y0), (x1, y1))
        For each cell meeting the window in an interval, the graph over it, exact.
    regions : tuple of int
        The linear-region id of each segment's cell.
    walls : tuple of Fraction
        The finite cell endpoints inside the window (where the pattern changes).
    window : tuple of (Fraction, Fraction)
        ``(x_lo, x_hi)``, the input range drawn.

    See Also
    --------
    graph_segments, plot_function_graph

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.plots.graph1d import GraphSegments
    >>> g = GraphSegments((((F(0), F(0)), (F(1), F(1))),), (0,), (F(0), F(1)), (F(0), F(1)))
    >>> g.segments[0][1], g.window
    ((Fraction(1, 1), Fraction(1, 1)), (Fraction(0, 1), Fraction(1, 1)))
    """

    segments: tuple[tuple[tuple[Fraction, Fraction], tuple[Fraction, Fraction]], ...]
    regions: tuple[int, ...]
    walls: tuple[Fraction, ...]
    window: tuple[Fraction, Fraction]


def graph_segments(
    complex: CellComplex | NetworkComplex, *, window: tuple[Fraction, Fraction] | None = None
) -> GraphSegments:
    """Return the exact graph of a 1-D model over ``window`` (default: every wall, plus a margin).

    Parameters
    ----------
    complex : CellComplex
        The enumeration of a model with ``d_model = 1``.
    window : (Fraction, Fraction), optional
        The input range; by default the finite cell endpoints widened by a quarter of their
        spread on each side (by 1 when there is at most one endpoint).

    Returns
    -------
    GraphSegments
        One exact segment per cell that meets the window in an interval.

    Raises
    ------
    ShapeError
        If the model is not 1-D or the window is empty.

    Examples
    --------
    The construction with d = 1, N = 2, d_ff = 2 on [0, 1]: four pieces, each mapping its
    quarter onto [0, 1] (a sawtooth, continuous):

    >>> from polyexact.cells import enumerate_cells
    >>> from polyexact.models import construction
    >>> from polyexact.plots.graph1d import graph_segments
    >>> g = graph_segments(enumerate_cells(construction(1, 2, 2, 1)))
    >>> [[str(t) for p in s for t in p] for s in g.segments[:2]]
    [['0', '0', '1/4', '1'], ['1/4', '1', '1/2', '0']]
    >>> [str(w) for w in g.walls], g.regions
    (['0', '1/4', '1/2', '3/4', '1'], (0, 1, 2, 3))
    """
    if input_dim(complex.model) != 1:
        raise ShapeError(f"a function graph needs a 1-D model, found d_model = "
                         f"{input_dim(complex.model)}", field="model")
    intervals = [_interval(cell.A, cell.b) for cell in complex.cells]
    ends = sorted({e for lo, hi in intervals for e in (lo, hi) if e is not None})
    if window is None:
        if len(ends) >= 2:
            pad = _MARGIN * (ends[-1] - ends[0])
            window = (ends[0] - pad, ends[-1] + pad) if not _bounded(intervals) else \
                (ends[0], ends[-1])
        else:
            centre = ends[0] if ends else Fraction(0)
            window = (centre - 1, centre + 1)
    x_lo, x_hi = window
    if not x_lo < x_hi:
        raise ShapeError("expected XMIN < XMAX", field="window")
    segments = []
    regions = []
    for (lo, hi), cell, region in zip(intervals, complex.cells, complex.region_of, strict=True):
        a = x_lo if lo is None else max(lo, x_lo)
        b = x_hi if hi is None else min(hi, x_hi)
        if a < b:
            fa, fb = cell.affine_map((a,))[0], cell.affine_map((b,))[0]
            segments.append(((a, fa), (b, fb)))
            regions.append(region)
    walls = tuple(e for e in ends if x_lo <= e <= x_hi)
    return GraphSegments(tuple(segments), tuple(regions), walls, (x_lo, x_hi))


def plot_function_graph(
    complex: CellComplex | NetworkComplex,
    *,
    window: tuple[Fraction, Fraction] | None = None,
    y_window: tuple[Fraction, Fraction] | None = None,
    ax: Axes | None = None,
    labels: bool = False,
    title: str | None = None,
) -> Figure:
    """Draw a 1-D model's output against its input, one colour per linear region.

    Pattern-cell boundaries are dotted vertical lines, so cells inside one region stay visible.

    Parameters
    ----------
    complex : CellComplex
        The enumeration of a 1-D model.
    window, y_window : (Fraction, Fraction), optional
        The input range (see :func:`graph_segments`) and the output range (default: fitted).
    ax : Axes, optional
        Draw into these axes (default: a new figure).
    labels : bool
        Write each segment's region id above its middle.
    title : str, optional
        Replaces the default title (the model name over the counts).

    Returns
    -------
    Figure
        The segments are one ``LineCollection`` with ``gid == "graph"``.

    Examples
    --------
    >>> from polyexact.cells import enumerate_cells
    >>> from polyexact.models import construction
    >>> from polyexact.plots.graph1d import plot_function_graph
    >>> fig = plot_function_graph(enumerate_cells(construction(1, 2, 2, 1)))
    >>> [len(c.get_segments()) for c in fig.axes[0].collections if c.get_gid() == "graph"]
    [4]
    """
    from matplotlib.collections import LineCollection

    from polyexact.plots._figure import add_region_legend, figure_and_axes, region_colour

    g = graph_segments(complex, window=window)
    fig, (axes,) = figure_and_axes(ax, size=5.0)
    lines = [[(float(x), float(y)) for x, y in seg] for seg in g.segments]
    coll = LineCollection(lines, colors=[region_colour(r) for r in g.regions], linewidths=2.5)
    coll.set_gid("graph")
    axes.add_collection(coll)
    for x in g.walls:
        axes.axvline(float(x), color="black", linestyle=":", linewidth=0.8)
    if labels:
        for seg, region in zip(lines, g.regions, strict=True):
            axes.text((seg[0][0] + seg[1][0]) / 2, (seg[0][1] + seg[1][1]) / 2, str(region),
                      ha="center", va="bottom", fontsize=7)
    axes.set_xlim(float(g.window[0]), float(g.window[1]))
    ys = [y for seg in lines for _, y in seg]
    if y_window is not None:
        axes.set_ylim(float(y_window[0]), float(y_window[1]))
    elif ys:
        spread = (max(ys) - min(ys)) or 1.0
        axes.set_ylim(min(ys) - spread / 10, max(ys) + spread / 10)
    axes.set_xlabel("input x")
    axes.set_ylabel("output")
    if title is None:
        name = complex.model.name
        counts = f"{complex.n_cells} pattern cells, {complex.n_regions} linear regions"
        title = f"{name}\n{counts}" if name else counts
    axes.set_title(title, fontsize=10)
    unbounded = any(lo is None or hi is None for lo, hi in
                    (_interval(c.A, c.b) for c in complex.cells))
    add_region_legend(axes, sorted(set(g.regions)), region_text="line",
                      wall="dotted: pattern-cell boundary",
                      note="the graph continues beyond the frame" if unbounded else None,
                      in_view=window is not None)
    return fig


def _interval(
    A: tuple[tuple[Fraction, ...], ...], b: tuple[Fraction, ...]
) -> tuple[Fraction | None, Fraction | None]:
    """``{x : A x <= b}`` in one dimension as ``(lo, hi)``, ``None`` for an infinite end."""
    lo: Fraction | None = None
    hi: Fraction | None = None
    for (a,), c in zip(A, b, strict=True):
        if a > 0:
            hi = c / a if hi is None else min(hi, c / a)
        elif a < 0:
            lo = c / a if lo is None else max(lo, c / a)
    return lo, hi


def _bounded(intervals: list[tuple[Fraction | None, Fraction | None]]) -> bool:
    return all(lo is not None and hi is not None for lo, hi in intervals)
