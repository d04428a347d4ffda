"""``polyexact minkowski POINTS [--json] [--upper]``: labelled vertices of a Minkowski sum."""

from __future__ import annotations

import argparse
from typing import Any

from polyexact.cli._io import print_json

__all__ = ["add_parser", "run"]


def add_parser(sub: Any) -> None:
    """Register the subcommand."""
    p = sub.add_parser("minkowski", help="exact vertices of a Minkowski sum, with labels")
    p.add_argument("points", metavar="POINTS", help="a polyexact.points/1 JSON file")
    p.add_argument("--upper", action="store_true",
                   help="only vertices of the upper hull of the lifted sets (needs heights)")
    p.add_argument("--json", action="store_true", help="print one JSON document")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Read the point sets, enumerate the labelled vertices, render them."""
    from polyexact.errors import InputError
    from polyexact.models.points import read_point_sets
    from polyexact.numbers import vector_to_data
    from polyexact.tropical import minkowski_sum

    ps = read_point_sets(args.points)
    if args.upper and ps.heights is None:
        raise InputError("--upper needs heights in the point-set file", field="heights")
    res = minkowski_sum(ps.sets, ps.heights, upper=args.upper)
    points = [vector_to_data(v) for v in res.vertices]
    labels = [list(lab) for lab in res.labels]
    if args.json:
        print_json({"vertices": res.n_vertices, "labels": labels, "points": points,
                    "summands": len(ps.sets), "dim": len(res.vertices[0]) if res.vertices
                    else ps.dim, "upper": bool(args.upper), "lifted": ps.heights is not None})
        return 0
    kind = "upper vertices" if args.upper else "vertices"
    print(f"{res.n_vertices} {kind} of the Minkowski sum of {len(ps.sets)} set(s)")
    for lab, pt in zip(labels, points, strict=True):
        print(f"  label {tuple(lab)}  point ({', '.join(str(x) for x in pt)})")
    return 0
