"""``polyexact export MODEL --format graphml|gexf|json -o FILE``: the region adjacency graph."""

from __future__ import annotations

import argparse
from typing import Any

__all__ = ["add_parser", "run"]


def add_parser(sub: Any) -> None:
    """Register the subcommand."""
    p = sub.add_parser("export", help="write the region adjacency graph (GraphML, GEXF or JSON)")
    p.add_argument("model", metavar="MODEL", help="a polyexact.model/1 JSON file")
    p.add_argument("--format", choices=("graphml", "gexf", "json"), default="graphml",
                   help="file format (default: graphml)")
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="where to write it")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Enumerate the model's cells and write their adjacency graph."""
    from polyexact.cells.enumerate import enumerate_cells
    from polyexact.export import write_region_graph
    from polyexact.models import load_model

    complex = enumerate_cells(load_model(args.model))
    path = write_region_graph(complex, args.output, format=args.format)
    print(f"{complex.n_cells} pattern cells, {len(complex.adjacency)} shared facets, "
          f"{complex.n_regions} linear regions: wrote {path}")
    return 0
