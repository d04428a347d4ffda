"""``polyexact plot MODEL -o FILE [--slice "origin;u;v"] [--window=XMIN,XMAX,YMIN,YMAX] ...``.

The file's extension (``.png``, ``.svg``, ``.pdf``) chooses the format. A 2-D model (or a 2-D
slice) is drawn as its partition, a 1-D model as the graph of its output.
"""

from __future__ import annotations

import argparse
import re
from fractions import Fraction
from typing import Any

from polyexact.cli._io import (
    EnumerationBar,
    add_quiet,
    check_outputs,
    print_json,
    show_progress,
)
from polyexact.errors import InputError, ShapeError

__all__ = ["add_parser", "parse_slice", "parse_window", "run"]

#: An argument that starts with '-' and continues as numbers ("-1,1,-1,1", "-1/2,0;1,0;0,1") is
#: a value (of --window or --slice), not an option: plot has no option spelled like a number.
_NUMBERS = re.compile(r"^-[\d./][\d.,;/eE+\- ]*$")


def add_parser(sub: Any) -> None:
    """Register the subcommand."""
    p = sub.add_parser("plot", help="picture of the partition (2-D, a 2-D slice, or a 1-D graph)")
    # argparse reads an argument matching this as a value (its own pattern is integers only)
    p._negative_number_matcher = _NUMBERS
    p.add_argument("model", metavar="MODEL", help="a polyexact.model/1 or /2 JSON file, an .onnx "
                                                  "file or .safetensors weights carrying their "
                                                  "architecture (imported exactly and checked)")
    p.add_argument("-o", "--output", required=True, metavar="FILE",
                   help="picture to write: .png, .svg or .pdf")
    p.add_argument("--slice", default=None, metavar='"ORIGIN;U;V"',
                   help='the plane origin + s*u + t*v, e.g. "0,0,1/2;1,0,0;0,1,0" '
                        "(required unless d_model is 1 or 2)")
    p.add_argument("--window", default=None, metavar="XMIN,XMAX,YMIN,YMAX",
                   help="the drawn window, e.g. --window=-1,1,-1,1 (write it with '=' when it "
                        "starts with '-'); plane coordinates s, t with --slice; a 1-D graph "
                        "takes XMIN,XMAX or all four; default: every cell vertex plus a margin")
    p.add_argument("--labels", action="store_true", help="write each cell's region id")
    p.add_argument("--dpi", type=int, default=100, help="resolution (default: 100)")
    p.add_argument("--json", action="store_true", help="print one JSON document")
    add_quiet(p)
    p.set_defaults(run=run)


def parse_slice(text: str, dim: int) -> tuple[list[Fraction], list[Fraction], list[Fraction]]:
    """Parse ``"origin;u;v"`` into three vectors of ``dim`` exact coordinates.

    Examples
    --------
    >>> from polyexact.cli.plot_cmd import parse_slice
    >>> [[str(c) for c in vec] for vec in parse_slice("0,0,1/2; 1,0,0; 0,0.5,0", 3)]
    [['0', '0', '1/2'], ['1', '0', '0'], ['0', '1/2', '0']]
    """
    from polyexact.numbers import parse_rational

    parts = text.split(";")
    if len(parts) != 3:
        raise ShapeError(f'expected "origin;u;v" (3 parts), found {len(parts)} part(s)',
                         field="--slice")
    vectors: list[list[Fraction]] = []
    for name, part in zip(("origin", "u", "v"), parts, strict=True):
        coords = [c.strip() for c in part.split(",")]
        if len(coords) != dim:
            raise ShapeError(f"expected {dim} comma-separated coordinates, found {len(coords)}",
                             field=f"--slice.{name}")
        vectors.append([parse_rational(c, f"--slice.{name}[{k}]") for k, c in enumerate(coords)])
    return vectors[0], vectors[1], vectors[2]


def parse_window(text: str, dim: int) -> tuple[tuple[Fraction, Fraction], ...]:
    """Parse ``"XMIN,XMAX,YMIN,YMAX"`` (or ``"XMIN,XMAX"`` for a 1-D graph) into exact ranges.

    Examples
    --------
    >>> from polyexact.cli.plot_cmd import parse_window
    >>> [[str(c) for c in r] for r in parse_window("-1/2, 2, -1, 0.5", 2)]
    [['-1/2', '2'], ['-1', '1/2']]
    >>> [[str(c) for c in r] for r in parse_window("-3,3", 1)]
    [['-3', '3']]
    >>> parse_window("1,0,0,1", 2)
    Traceback (most recent call last):
    polyexact.errors.InputError: --window: expected XMIN < XMAX, found 1 and 0
    """
    from polyexact.numbers import parse_rational

    parts = [c.strip() for c in text.split(",")]
    allowed = (2, 4) if dim == 1 else (4,)
    if len(parts) not in allowed:
        want = "XMIN,XMAX or XMIN,XMAX,YMIN,YMAX" if dim == 1 else "XMIN,XMAX,YMIN,YMAX"
        raise ShapeError(f"expected {want}, found {len(parts)} number(s)", field="--window")
    values = [parse_rational(c, f"--window[{k}]") for k, c in enumerate(parts)]
    ranges = tuple((values[k], values[k + 1]) for k in range(0, len(values), 2))
    for (lo, hi), axis in zip(ranges, "XY", strict=False):
        if not lo < hi:
            raise InputError(f"expected {axis}MIN < {axis}MAX, found {lo} and {hi}",
                             field="--window")
    return ranges


def run(args: argparse.Namespace) -> int:
    """Enumerate the cells (of a slab around the plane when sliced) and draw them."""
    from polyexact.cells import enumerate_cells
    from polyexact.certificates.subject import input_dim
    from polyexact.cli._model import load_model_arg
    from polyexact.plots import partition_polygons, plot_polygons, slice_model, write_figure
    from polyexact.plots._figure import figure_format

    if figure_format(args.output) is None:
        raise InputError(f"expected a .png, .svg or .pdf file name, found {args.output!r}",
                         field="--output")
    if args.dpi < 10:
        raise InputError(f"expected a resolution of at least 10, found {args.dpi}", field="--dpi")
    check_outputs([args.model], {"--output": args.output})
    model = load_model_arg(args.model, note=not (args.json or args.quiet))
    d = input_dim(model)
    if d == 1 and args.slice is None:
        return _graph(model, args)
    window = parse_window(args.window, 2) if args.window is not None else None
    plane = None
    if args.slice is not None:
        origin, u, v = parse_slice(args.slice, d)
        plane = slice_model(model, origin, u, v)
    elif d != 2:
        raise ShapeError(
            f"the model is {d}-dimensional; pictures are 2-D (or 1-D graphs): give "
            "a plane with "
            '--slice "origin;u;v"',
            field="--slice",
        )
    with EnumerationBar(enabled=show_progress(args)) as progress:
        complex_ = enumerate_cells(plane.model if plane is not None else model, progress=progress)
    drawn = partition_polygons(complex_, slice=plane, window=window)  # type: ignore[arg-type]
    fig = plot_polygons(drawn, labels=args.labels, name=model.name, sliced=plane is not None)
    path = write_figure(fig, args.output, dpi=args.dpi)
    if args.json:
        print_json({"file": str(path), "pattern_cells": len(drawn.polygons),
                    "linear_regions": drawn.n_regions, "sliced": plane is not None})
    else:
        where = " on the plane" if plane is not None else ""
        print(f"wrote {path}: {len(drawn.polygons)} pattern cells, {drawn.n_regions} linear "
              f"regions{where}")
    return 0


def _graph(model: Any, args: argparse.Namespace) -> int:
    """A 1-D model: its output against its input, coloured by linear region."""
    from polyexact.cells import enumerate_cells
    from polyexact.plots import plot_function_graph, write_figure

    ranges = parse_window(args.window, 1) if args.window is not None else None
    complex_ = enumerate_cells(model)
    fig = plot_function_graph(complex_, window=ranges[0] if ranges else None,
                              y_window=ranges[1] if ranges and len(ranges) > 1 else None,
                              labels=args.labels)
    path = write_figure(fig, args.output, dpi=args.dpi)
    if args.json:
        print_json({"file": str(path), "pattern_cells": complex_.n_cells,
                    "linear_regions": complex_.n_regions, "sliced": False})
    else:
        print(f"wrote {path}: {complex_.n_cells} pattern cells, {complex_.n_regions} linear "
              "regions (output against input)")
    return 0
