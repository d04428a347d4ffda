"""Figure plumbing shared by the pictures: the Agg canvas, stable colours, atomic PNG writes.

Matplotlib is imported inside the functions (as networkx's drawing module does), so importing
:mod:`polyexact.plots` costs nothing until a picture is drawn.
"""

from __future__ import annotations

import colorsys
import io
import math
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from polyexact.atomic import write_atomic

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["figure_and_axes", "figure_to_png", "order_polygon", "region_colour", "write_png"]

# 1/φ: consecutive multiples mod 1 never repeat and stay well spread, so region k gets the same,
# distinct hue in every picture regardless of how many regions there are
_GOLDEN = (math.sqrt(5) - 1) / 2


def region_colour(k: int) -> tuple[float, float, float, float]:
    """Return the RGBA colour of region ``k``: deterministic and distinct for distinct ``k``.

    Examples
    --------
    >>> from polyexact.plots._figure import region_colour
    >>> region_colour(0) == region_colour(0), region_colour(0) != region_colour(1)
    (True, True)
    """
    hue = (0.6 + k * _GOLDEN) % 1.0
    # two saturation/value bands tell neighbours apart even when their hues are close
    sat, val = (0.45, 0.95) if k % 2 == 0 else (0.6, 0.85)
    r, g, b = colorsys.hsv_to_rgb(hue, sat, val)
    return (r, g, b, 1.0)


def figure_and_axes(
    ax: Axes | None, *, ncols: int = 1, size: float = 5.0
) -> tuple[Figure, list[Axes]]:
    """Return ``(figure, axes)``: the figure of ``ax`` when given, else a new Agg figure.

    A new figure is made with :class:`matplotlib.figure.Figure` directly (not ``pyplot``), so no
    global state or GUI backend is touched.
    """
    if ax is not None:
        fig = ax.get_figure()
        if fig is None:  # pragma: no cover - an axes always belongs to a figure
            raise ValueError("the axes belong to no figure")
        return fig, [ax]  # type: ignore[return-value]
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(size * ncols, size))
    FigureCanvasAgg(fig)
    axes = [fig.add_subplot(1, ncols, k + 1) for k in range(ncols)]
    return fig, axes


def figure_to_png(fig: Figure, *, dpi: int = 100) -> bytes:
    """Render a figure to PNG bytes (Agg; metadata fixed so equal figures give equal bytes)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    if not isinstance(fig.canvas, FigureCanvasAgg):
        FigureCanvasAgg(fig)
    buf = io.BytesIO()
    # no "Software" stamp: same input, same bytes
    fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": None}, bbox_inches="tight")
    return buf.getvalue()


def write_png(fig: Figure, path: str | os.PathLike[str], *, dpi: int = 100) -> Path:
    """Write a figure to ``path`` as PNG, atomically; return the path."""
    return write_atomic(path, figure_to_png(fig, dpi=dpi))


def order_polygon(points: Sequence[Sequence[Any]]) -> list[tuple[float, float]]:
    """Return 2-D points as floats in counter-clockwise order around their centroid.

    Floats only for drawing: the points are already the exact vertices of a convex polygon.

    Examples
    --------
    >>> from polyexact.plots._figure import order_polygon
    >>> order_polygon([(1, 1), (0, 0), (0, 1), (1, 0)])
    [(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0)]
    """
    pts = [(float(p[0]), float(p[1])) for p in points]
    if not pts:
        return []
    cx = sum(p[0] for p in pts) / len(pts)
    cy = sum(p[1] for p in pts) / len(pts)
    return sorted(pts, key=lambda p: math.atan2(p[1] - cy, p[0] - cx))
