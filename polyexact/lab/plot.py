"""The sweep picture: each count against each swept parameter, log-log, with fits and closed forms.

One column per swept parameter, one row per count (pattern cells, linear regions). Each series
(the other parameters fixed) is drawn as its maximum over seeds (solid, filled markers) and,
when there are several seeds, its mean (dashed, hollow markers); its legend entry gives the
fitted exponent with its 95 % interval. Known closed forms are drawn as dotted black lines.
"""

from __future__ import annotations

import io
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from polyexact.atomic import write_atomic
from polyexact.errors import InputError
from polyexact.lab.summary import COUNTS, Series, sweep_series, swept_parameters

__all__ = ["plot_sweep"]

#: Legend entries per panel; further series are drawn but not labelled.
_LABELLED = 8


def plot_sweep(rows: Sequence[dict[str, Any]], path: str | os.PathLike[str], *,
               params: Sequence[str] | None = None) -> Path:
    """Draw ``rows`` (see :func:`~polyexact.lab.run.run_sweep`) to ``path`` (.png or .svg).

    Parameters
    ----------
    rows : sequence of dict
        Sweep rows.
    path : path-like
        Written atomically; the suffix picks the format.
    params : sequence of str, optional
        The parameters to plot against (default: :func:`swept_parameters`).

    Returns
    -------
    Path
        ``path``.

    Raises
    ------
    InputError
        If the suffix is neither .png nor .svg, or no parameter takes two positive values.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from polyexact.lab import count_point, plot_sweep
    >>> rows = [count_point("construction", {"d": 1, "N": n, "d_ff": 2, "L": 1})
    ...         for n in (1, 2, 3)]
    >>> out = plot_sweep(rows, pathlib.Path(tempfile.mkdtemp()) / "sweep.png")
    >>> out.read_bytes()[:4]
    b'\\x89PNG'
    """
    target = Path(path)
    kind = target.suffix.lower().lstrip(".")
    if kind not in ("png", "svg"):
        raise InputError("expected a file name ending in .png or .svg", field=str(target))
    names = list(params) if params is not None else swept_parameters(rows)
    if not names:
        raise InputError("no parameter of the sweep takes two or more positive values",
                         field="grid")
    from matplotlib import rc_context
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(4.6 * len(names), 4.0 * len(COUNTS)))
    FigureCanvasAgg(fig)
    for i, count in enumerate(COUNTS):
        for j, name in enumerate(names):
            ax = fig.add_subplot(len(COUNTS), len(names), i * len(names) + j + 1)
            _panel(ax, sweep_series(rows, name, count=count), name, count)
    fig.tight_layout()
    buf = io.BytesIO()
    # no "Software"/date stamps: the same rows give the same bytes
    meta: dict[str, Any] = {"Software": None} if kind == "png" else {"Date": None}
    with rc_context({"svg.hashsalt": "polyexact"}):  # stable SVG element ids
        fig.savefig(buf, format=kind, dpi=100, metadata=meta)
    return write_atomic(target, buf.getvalue())


def _panel(ax: Any, series: list[Series], name: str, count: str) -> None:
    formed = False
    # name only the fixed parameters that differ between this panel's series
    varying = [k for k in (series[0].fixed if series else {})
               if len({repr(s.fixed.get(k)) for s in series}) > 1]
    for k, s in enumerate(series):
        colour = f"C{k % 10}"
        label = _label(s, varying) if k < _LABELLED else None
        ax.plot(s.x, s.max, "o-", color=colour, label=label)
        if s.seeds > 1:
            ax.plot(s.x, [float(m) for m in s.mean], "o--", color=colour, mfc="none", alpha=0.7)
        if s.closed_form is not None:
            ax.plot(s.x, s.closed_form, ":", color="black", lw=2,
                    label=None if formed else "closed form (2wN)^(dL)")
            formed = True
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(name)
    ax.set_ylabel(count.replace("_", " ") + " (max over seeds)")
    from matplotlib.ticker import LogLocator

    ax.set_xticks(sorted({x for s in series for x in s.x}))
    ax.get_xaxis().set_major_formatter("{x:g}")
    ax.minorticks_off()
    # 1-2-5 ticks with plain labels: small counts still get readable axes
    ax.get_yaxis().set_major_locator(LogLocator(subs=(1.0, 2.0, 5.0)))
    ax.get_yaxis().set_major_formatter("{x:g}")
    if series:
        ax.legend(fontsize=7, loc="upper left")


def _label(s: Series, varying: list[str]) -> str:
    fixed = ", ".join(f"{k}={s.fixed[k]}" for k in varying)
    if s.fit is None:
        return fixed or "all"
    slope = f"e = {s.fit.slope:.2f}"
    if s.fit.low is not None and s.fit.high is not None:
        slope += f" [{s.fit.low:.2f}, {s.fit.high:.2f}]"
    return f"{fixed}: {slope}" if fixed else slope

