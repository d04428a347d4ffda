"""``polyexact export MODEL -o FILE [--format graphml|gexf|json] [--level cells|regions]``.

The format follows the file's extension (``.graphml``, ``.gexf``, ``.json``) unless ``--format``
is given; a ``--format`` that contradicts a known extension is an error (exit 2). ``--level``
chooses the nodes: pattern cells (the default) or maximal linear regions.
"""

from __future__ import annotations

import argparse
from pathlib import PurePath
from typing import Any, Literal

from polyexact.cli._io import EnumerationBar, add_quiet, check_outputs, show_progress

__all__ = ["FORMATS", "add_parser", "format_of", "run"]

Format = Literal["graphml", "gexf", "json"]
#: File extension → format.
FORMATS: dict[str, Format] = {".graphml": "graphml", ".gexf": "gexf", ".json": "json"}


def add_parser(sub: Any) -> None:
    """Register the subcommand."""
    p = sub.add_parser("export", help="write the region adjacency graph (GraphML, GEXF or JSON)")
    p.add_argument("model", metavar="MODEL", help="a polyexact.model/1 or /2 JSON file, an .onnx "
                                                  "file or .safetensors weights carrying their "
                                                  "architecture (imported exactly and checked)")
    p.add_argument("--format", choices=("graphml", "gexf", "json"), default=None,
                   help="file format (default: from the extension .graphml, .gexf or .json)")
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="where to write it")
    add_quiet(p)
    p.add_argument("--level", choices=("cells", "regions"), default="cells",
                   help="one node per pattern cell (default) or per maximal linear region")
    p.set_defaults(run=run)


def format_of(output: str, given: Format | None) -> Format:
    """The format to write ``output`` in: ``given``, else the one its extension names.

    Raises
    ------
    InputError
        If ``given`` contradicts a known extension, or neither names a format.

    Examples
    --------
    >>> from polyexact.cli.export_cmd import format_of
    >>> format_of("x.GEXF", None), format_of("y.json", "json"), format_of("z.out", "graphml")
    ('gexf', 'json', 'graphml')
    >>> format_of("y.graphml", "json")
    Traceback (most recent call last):
    ...
    polyexact.errors.InputError: --format: json contradicts the extension of 'y.graphml' (graphml)
    """
    from polyexact.errors import InputError

    by_extension = FORMATS.get(PurePath(output).suffix.lower())
    if given is None:
        if by_extension is None:
            raise InputError(f"cannot tell the format of {output!r} from its extension: name it "
                             ".graphml, .gexf or .json, or give --format", field="--format")
        return by_extension
    if by_extension is not None and by_extension != given:
        raise InputError(f"{given} contradicts the extension of {output!r} ({by_extension})",
                         field="--format")
    return given


def run(args: argparse.Namespace) -> int:
    """Enumerate the model's cells and write their adjacency graph."""
    from polyexact.cells.enumerate import enumerate_cells
    from polyexact.cli._model import load_model_arg
    from polyexact.export import write_region_graph

    check_outputs([args.model], {"--output": args.output})
    model = load_model_arg(args.model, note=not args.quiet)
    fmt = format_of(args.output, args.format)
    with EnumerationBar(enabled=show_progress(args)) as progress:
        complex = enumerate_cells(model, progress=progress)
    path = write_region_graph(complex, args.output, format=fmt, level=args.level)
    nodes = "one node per linear region" if args.level == "regions" else "one node per cell"
    print(f"{complex.n_cells} pattern cells, {len(complex.adjacency)} shared facets, "
          f"{complex.n_regions} linear regions: wrote {path} ({nodes})")
    return 0
