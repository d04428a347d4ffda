"""Sweep summaries: counts against each swept parameter, fitted exponents, known closed forms.

For a swept parameter ``p`` the rows are grouped by every *other* parameter except ``seed``;
each group is a :class:`Series` over the values of ``p``, with the maximum and the mean count
over seeds. On log-log axes a count growing like ``C·p^e`` is a line of slope ``e``:
:func:`fit_exponent` fits it by least squares on the logarithms and gives a 95 % interval from
the slope's standard error (Student t with ``n − 2`` degrees of freedom). Fits and pictures use
floats; the counts themselves are the exact integers of the rows.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from polyexact.errors import InputError
from polyexact.lab.spec import BUILDERS
from polyexact.models.builders import construction_width

__all__ = [
    "COUNTS",
    "ExponentFit",
    "Series",
    "closed_form",
    "fit_exponent",
    "point_params",
    "sweep_series",
    "swept_parameters",
]

#: The counts a row carries.
COUNTS = ("pattern_cells", "linear_regions")


@dataclass(frozen=True)
class ExponentFit:
    """``log y ≈ intercept + slope·log x``, with a 95 % interval for the slope.

    ``low`` and ``high`` are ``None`` with two points (an exact fit has no error estimate).

    Examples
    --------
    >>> from polyexact.lab import fit_exponent
    >>> fit = fit_exponent([2, 4, 8], [4, 16, 64])
    >>> round(fit.slope, 9), fit.n
    (2.0, 3)
    """

    slope: float
    intercept: float
    low: float | None
    high: float | None
    n: int


@dataclass(frozen=True)
class Series:
    """One curve: a count against ``param``, the other parameters fixed (``fixed``).

    ``max`` and ``mean`` are over seeds (``mean`` exact); ``closed_form`` is the known count at
    each ``x`` (``None`` where no closed form is known); ``fit`` is fitted to ``max``.

    Examples
    --------
    >>> from polyexact.lab import count_point, sweep_series
    >>> rows = [count_point("construction", {"d": 1, "N": n, "d_ff": 2, "L": 2}, verify=False)
    ...         for n in (1, 2)]
    >>> (s,) = sweep_series(rows, "N")
    >>> s.param, s.fixed, s.x, s.max, s.closed_form
    ('N', {'d': 1, 'd_ff': 2, 'L': 2}, (1, 2), (4, 16), (4, 16))
    """

    param: str
    fixed: dict[str, Any]
    x: tuple[int, ...]
    max: tuple[int, ...]
    mean: tuple[Fraction, ...]
    seeds: int
    closed_form: tuple[int, ...] | None
    fit: ExponentFit | None


def fit_exponent(x: Sequence[float], y: Sequence[float]) -> ExponentFit:
    """Fit ``y ≈ C·x^e`` by least squares on logarithms.

    Raises
    ------
    InputError
        With fewer than two distinct positive ``x`` or a non-positive value.

    Examples
    --------
    >>> import math
    >>> from polyexact.lab import fit_exponent
    >>> fit = fit_exponent([1, 2, 4, 8], [3, 12, 48, 192])
    >>> round(fit.slope, 9), round(math.exp(fit.intercept), 9), round(fit.high - fit.low, 9)
    (2.0, 3.0, 0.0)
    >>> fit = fit_exponent([1, 2, 3, 4], [1, 5, 8, 17])
    >>> fit.low < fit.slope < fit.high
    True
    >>> fit_exponent([2, 4], [4, 16]).low is None
    True
    """
    if len(x) != len(y) or len(set(x)) < 2 or min(*x, *y) <= 0:
        raise InputError("need two or more distinct positive x with positive y", field="x")
    lx, ly = [math.log(v) for v in x], [math.log(v) for v in y]
    n = len(lx)
    mx, my = sum(lx) / n, sum(ly) / n
    sxx = sum((a - mx) ** 2 for a in lx)
    slope = sum((a - mx) * (b - my) for a, b in zip(lx, ly, strict=True)) / sxx
    intercept = my - slope * mx
    if n < 3:
        return ExponentFit(slope, intercept, None, None, n)
    from scipy.stats import t

    ssr = sum((b - intercept - slope * a) ** 2 for a, b in zip(lx, ly, strict=True))
    half = float(t.ppf(0.975, n - 2)) * math.sqrt(ssr / (n - 2) / sxx)
    return ExponentFit(slope, intercept, slope - half, slope + half, n)


def point_params(row: dict[str, Any]) -> dict[str, Any]:
    """The parameters a row is plotted against: its grid point, or sizes for model files.

    Examples
    --------
    >>> from polyexact.lab import point_params
    >>> point_params({"builder": "models/*.json", "params": {"file": "models/a.json"},
    ...               "sizes": {"d_model": 2, "n_layers": 1, "heads": [2],
    ...                         "n_keys": [[3, 4]], "d_ff": [0]}})
    {'d_model': 2, 'n_layers': 1, 'heads': 2, 'n_keys': 4, 'd_ff': 0}
    """
    if row["builder"] in BUILDERS:
        return dict(row["params"])
    s = row["sizes"]
    return {"d_model": s["d_model"], "n_layers": s["n_layers"], "heads": max(s["heads"]),
            "n_keys": max((k for ks in s["n_keys"] for k in ks), default=0),
            "d_ff": max(s["d_ff"])}


def closed_form(builder: str, params: dict[str, Any]) -> int | None:
    """The known count of a point (equal for pattern cells and linear regions), if any.

    ``construction``: ``(2wN)^(dL)`` with ``w = ⌊d_ff/(2d)⌋`` (docs/theory.md §7.5, C3).

    Examples
    --------
    >>> from polyexact.lab import closed_form
    >>> closed_form("construction", {"d": 2, "N": 3, "d_ff": 8, "L": 1})
    144
    >>> closed_form("random_model", {"d": 2}) is None
    True
    """
    if builder != "construction":
        return None
    w = construction_width(params["d"], params["d_ff"])
    return int((2 * w * params["N"]) ** (params["d"] * params["L"]))


def swept_parameters(rows: Sequence[dict[str, Any]]) -> list[str]:
    """The integer parameters (not ``seed``) taking two or more positive values, in row order.

    Examples
    --------
    >>> from polyexact.lab import swept_parameters
    >>> rows = [{"builder": "construction", "params": {"d": 1, "N": n, "d_ff": 2, "L": 1}}
    ...         for n in (1, 2)]
    >>> swept_parameters(rows)
    ['N']
    """
    values: dict[str, set[Any]] = {}
    for row in rows:
        for k, v in point_params(row).items():
            values.setdefault(k, set()).add(v)
    return [k for k, vs in values.items() if k != "seed"
            and all(isinstance(v, int) and not isinstance(v, bool) for v in vs)
            and len({v for v in vs if v > 0}) >= 2]


def sweep_series(rows: Sequence[dict[str, Any]], param: str, *,
                 count: str = "linear_regions") -> list[Series]:
    """The curves of ``count`` against ``param``, one per setting of the other parameters.

    Points with ``param <= 0`` (no heads, no FFN) cannot sit on log-log axes and are left out.

    Parameters
    ----------
    rows : sequence of dict
        Sweep rows (:func:`~polyexact.lab.run.run_sweep`, :func:`~polyexact.lab.read_results`).
    param : str
        A swept parameter (:func:`swept_parameters`).
    count : {"linear_regions", "pattern_cells"}

    Returns
    -------
    list of Series
        Sorted by the fixed parameters.

    Examples
    --------
    >>> from polyexact.lab import sweep_series
    >>> rows = [{"builder": "random_model", "params": {"N": n, "seed": s},
    ...          "linear_regions": n * n + s} for n in (1, 2, 4) for s in (0, 1)]
    >>> (series,) = sweep_series(rows, "N")
    >>> series.x, series.max, [str(m) for m in series.mean], round(series.fit.slope, 2)
    ((1, 2, 4), (2, 5, 17), ['3/2', '9/2', '33/2'], 1.54)
    """
    if count not in COUNTS:
        raise InputError(f"expected one of {', '.join(COUNTS)}, found {count!r}", field="count")
    groups: dict[str, dict[int, list[int]]] = {}
    fixed_of: dict[str, dict[str, Any]] = {}
    forms: dict[str, dict[int, int | None]] = {}
    seeds: dict[str, set[Any]] = {}
    for row in rows:
        params = point_params(row)
        x = params.get(param)
        if not isinstance(x, int) or x <= 0:
            continue
        fixed = {k: v for k, v in params.items() if k not in (param, "seed")}
        key = json.dumps(fixed, sort_keys=True)
        fixed_of[key] = fixed
        groups.setdefault(key, {}).setdefault(x, []).append(int(row[count]))
        forms.setdefault(key, {})[x] = closed_form(row["builder"], params)
        seeds.setdefault(key, set()).add(params.get("seed"))
    out = []
    for key in sorted(groups):
        xs = tuple(sorted(groups[key]))
        top = tuple(max(groups[key][x]) for x in xs)
        mean = tuple(Fraction(sum(groups[key][x]), len(groups[key][x])) for x in xs)
        known = [forms[key][x] for x in xs]
        form = tuple(int(k) for k in known if k is not None) if None not in known else None
        fit = fit_exponent(xs, top) if len(xs) >= 2 and min(top) > 0 else None
        out.append(Series(param, fixed_of[key], xs, top, mean, len(seeds[key]), form, fit))
    return out
