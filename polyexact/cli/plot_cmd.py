"""``polyexact plot MODEL -o FILE.png [--slice "origin;u;v"] [--labels] [--json]``."""

from __future__ import annotations

import argparse
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

__all__ = ["add_parser", "parse_slice", "run"]


def add_parser(sub: Any) -> None:
    """Register the subcommand."""
    p = sub.add_parser("plot", help="picture of the partition (2-D domains, or a 2-D slice)")
    p.add_argument("model", metavar="MODEL", help="a polyexact.model/1 JSON file")
    p.add_argument("-o", "--output", required=True, metavar="FILE.png", help="PNG file to write")
    p.add_argument("--slice", default=None, metavar='"ORIGIN;U;V"',
                   help='the plane origin + s*u + t*v, e.g. "0,0,1/2;1,0,0;0,1,0" '
                        "(required unless d_model = 2)")
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


def run(args: argparse.Namespace) -> int:
    """Enumerate the cells (of a slab around the plane when sliced) and draw them."""
    from polyexact.cells import enumerate_cells
    from polyexact.models.load import load_model
    from polyexact.plots import partition_polygons, plot_polygons, slice_model, write_png

    if not str(args.output).lower().endswith(".png"):
        raise InputError(f"expected a .png file name, found {args.output!r}", field="--output")
    if args.dpi < 10:
        raise InputError(f"expected a resolution of at least 10, found {args.dpi}", field="--dpi")
    check_outputs([args.model], {"--output": args.output})
    model = load_model(args.model)
    plane = None
    if args.slice is not None:
        origin, u, v = parse_slice(args.slice, model.d_model)
        plane = slice_model(model, origin, u, v)
    elif model.d_model != 2:
        raise ShapeError(
            f"the model is {model.d_model}-dimensional; pictures are 2-D: give a plane with "
            '--slice "origin;u;v"',
            field="--slice",
        )
    with EnumerationBar(enabled=show_progress(args)) as progress:
        complex_ = enumerate_cells(plane.model if plane is not None else model, progress=progress)
    drawn = partition_polygons(complex_, slice=plane)
    fig = plot_polygons(drawn, labels=args.labels, name=model.name, sliced=plane is not None)
    path = write_png(fig, args.output, dpi=args.dpi)
    if args.json:
        print_json({"file": str(path), "pattern_cells": len(drawn.polygons),
                    "linear_regions": drawn.n_regions, "sliced": plane is not None})
    else:
        where = " on the plane" if plane is not None else ""
        print(f"wrote {path}: {len(drawn.polygons)} pattern cells, {drawn.n_regions} linear "
              f"regions{where}")
    return 0
