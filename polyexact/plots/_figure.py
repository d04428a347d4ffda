"""Figure plumbing shared by the pictures: the Agg canvas, stable colours, atomic writes.

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

__all__ = [
    "FIGURE_FORMATS",
    "add_region_legend",
    "figure_and_axes",
    "figure_format",
    "figure_to_bytes",
    "figure_to_png",
    "order_polygon",
    "region_colour",
    "write_figure",
    "write_png",
]

#: File formats a picture is written in, by file-name extension.
FIGURE_FORMATS = ("png", "svg", "pdf")

# no timestamps or tool stamps, fixed SVG ids: same figure, same bytes
_METADATA: dict[str, dict[str, None]] = {
    "png": {"Software": None},
    "svg": {"Date": None},
    "pdf": {"CreationDate": None},
}

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
    return figure_to_bytes(fig, "png", dpi=dpi)


def write_png(fig: Figure, path: str | os.PathLike[str], *, dpi: int = 100) -> Path:
    """Write a figure to ``path`` as PNG, atomically; return the path."""
    return write_atomic(path, figure_to_png(fig, dpi=dpi))


def figure_format(path: str | os.PathLike[str]) -> str | None:
    """Return the picture format named by ``path``'s extension, or ``None`` if it names none.

    Examples
    --------
    >>> from polyexact.plots._figure import figure_format
    >>> figure_format("a.PNG"), figure_format("b.svg"), figure_format("c.pdf"), figure_format("d")
    ('png', 'svg', 'pdf', None)
    """
    suffix = Path(path).suffix.lower().lstrip(".")
    return suffix if suffix in FIGURE_FORMATS else None


def figure_to_bytes(fig: Figure, format: str, *, dpi: int = 100) -> bytes:
    """Render a figure as PNG, SVG or PDF bytes, without timestamps (same figure, same bytes).

    Examples
    --------
    >>> from polyexact.plots._figure import figure_and_axes, figure_to_bytes
    >>> fig, _ = figure_and_axes(None)
    >>> figure_to_bytes(fig, "svg")[:5], figure_to_bytes(fig, "pdf")[:5]
    (b'<?xml', b'%PDF-')
    """
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    if format not in FIGURE_FORMATS:
        raise ValueError(f"format must be one of {', '.join(FIGURE_FORMATS)}, found {format!r}")
    if not isinstance(fig.canvas, FigureCanvasAgg):
        FigureCanvasAgg(fig)
    buf = io.BytesIO()
    with matplotlib.rc_context({"svg.hashsalt": "polyexact"}):
        fig.savefig(buf, format=format, dpi=dpi, metadata=_METADATA[format], bbox_inches="tight")
    return buf.getvalue()


def write_figure(fig: Figure, path: str | os.PathLike[str], *, dpi: int = 100) -> Path:
    """Write a figure atomically in the format its extension names (``.png``, ``.svg``, ``.pdf``).

    Raises
    ------
    ValueError
        If the extension names none of :data:`FIGURE_FORMATS`.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from polyexact.plots._figure import figure_and_axes, write_figure
    >>> fig, _ = figure_and_axes(None)
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     write_figure(fig, pathlib.Path(tmp) / "f.pdf").read_bytes()[:5]
    b'%PDF-'
    """
    format = figure_format(path)
    if format is None:
        raise ValueError(f"expected a file name ending in .png, .svg or .pdf, found {str(path)!r}")
    return write_atomic(path, figure_to_bytes(fig, format, dpi=dpi))


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


def add_region_legend(
    axes: Axes, regions: Sequence[int], *, wall: str, note: str | None = None,
    region_text: str = "fill", in_view: bool = False,
) -> None:
    """Say what the colours mean, under the axes: one colour per linear region, walls, the frame.

    The first entry shows the colours of up to five regions side by side ("fill: one colour per
    maximal linear region (N)"); ``wall`` describes the cell walls; ``note`` (if any) is a last
    line, e.g. that unbounded cells are cut by the frame. ``in_view`` says that the count is of
    the regions inside a window, not of all regions.

    Examples
    --------
    >>> from polyexact.plots._figure import add_region_legend, figure_and_axes
    >>> fig, (ax,) = figure_and_axes(None)
    >>> add_region_legend(ax, [0, 1, 2], wall="black edge: pattern-cell wall")
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['fill: one colour per maximal linear region (3)', 'black edge: pattern-cell wall']
    """
    from matplotlib.legend_handler import HandlerTuple
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    swatches = tuple(Patch(facecolor=region_colour(r), edgecolor="none") for r in regions[:5])
    handles: list[Any] = [swatches or Patch(facecolor="white", edgecolor="none"),
                          Line2D([], [], color="black", linewidth=0.8,
                                 linestyle=":" if region_text == "line" else "-")]
    count = f"{len(regions)} in view" if in_view else str(len(regions))
    labels = [f"{region_text}: one colour per maximal linear region ({count})", wall]
    if note:
        handles.append(Patch(facecolor="none", edgecolor="none"))
        labels.append(note)
    axes.legend(handles, labels, handler_map={tuple: HandlerTuple(ndivide=None, pad=0)},
                loc="upper center", bbox_to_anchor=(0.5, -0.13), fontsize=8, frameon=False,
                handlelength=max(2.0, 0.8 * len(swatches)))
