"""``polyexact import NET -o MODEL [--domain D | --vnnlib FILE] [--rationalize N] [--arch A]``.

Converts an ONNX graph, ``.npz`` / ``.safetensors`` weights (with ``--arch``) or a model file to
an exact ``polyexact.model/2`` file, after checking it against the source's float forward pass.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from polyexact.cli._io import check_outputs
from polyexact.errors import FormatError, ShapeError

__all__ = ["add_parser", "parse_domain", "run"]


def add_parser(sub: Any) -> None:
    """Register the subcommand."""
    p = sub.add_parser("import", help="convert an ONNX / .npz / .safetensors network exactly "
                                      "to a polyexact.model/2 file")
    p.add_argument("network", metavar="NET",
                   help="an .onnx file, .npz or .safetensors weights (with --arch, or for "
                        "safetensors an architecture in the file's metadata), or a "
                        "polyexact.model/1 or /2 JSON file")
    p.add_argument("-o", "--output", required=True, metavar="MODEL",
                   help="the polyexact.model/2 file to write (atomically)")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--domain", default=None,
                       help='"all" (R^d, the default) or a box "LO:HI,LO:HI,..." (one LO:HI '
                            'for every coordinate), e.g. --domain=-1:1 or --domain="0:1,-1/2:1/2"')
    where.add_argument("--vnnlib", default=None, metavar="FILE",
                       help="take the domain from the input box of a VNN-LIB property file")
    p.add_argument("--arch", default=None, metavar="JSON",
                   help="architecture description for .npz / .safetensors weights")
    p.add_argument("--rationalize", type=int, default=None, metavar="N",
                   help="round every weight to the nearest fraction with denominator <= N "
                        "(the largest change is printed; the float check still applies)")
    p.add_argument("--points", type=int, default=100,
                   help="points of the faithfulness check (>= 100, default 100)")
    p.add_argument("--seed", type=int, default=0, help="seed of the check's points")
    p.set_defaults(run=run)


def parse_domain(text: str, dim: int) -> Any:
    """Parse ``"all"`` or ``"LO:HI,..."`` (exact numbers) into a domain of dimension ``dim``.

    Examples
    --------
    >>> from polyexact.cli.import_cmd import parse_domain
    >>> parse_domain("-1:1", 2).box
    ((Fraction(-1, 1), Fraction(1, 1)), (Fraction(-1, 1), Fraction(1, 1)))
    >>> parse_domain("0:1,1/2:0.75", 2).box[1]
    (Fraction(1, 2), Fraction(3, 4))
    """
    from polyexact.models.domains import box_domain, whole_space
    from polyexact.numbers import parse_rational

    if text.strip() == "all":
        return whole_space()
    parts = text.split(",")
    if len(parts) == 1:
        parts = parts * dim
    if len(parts) != dim:
        raise ShapeError(f"expected 1 or {dim} LO:HI ranges, found {len(parts)}",
                         field="--domain")
    pairs = []
    for i, part in enumerate(parts):
        ends = part.split(":")
        if len(ends) != 2:
            raise FormatError(f"expected LO:HI, found {part.strip()!r}", field=f"--domain[{i}]")
        pairs.append((parse_rational(ends[0], f"--domain[{i}].lo"),
                      parse_rational(ends[1], f"--domain[{i}].hi")))
    return box_domain(pairs, field="--domain")


def run(args: argparse.Namespace) -> int:
    """Import, check and write the network."""
    from polyexact.networks import WeightReader, write_network

    if args.points < 100:
        raise ShapeError(f"expected at least 100 points, found {args.points}", field="--points")
    # before any work: the output's folder exists and the output is none of the inputs
    inputs = [a for a in (args.network, args.arch, args.vnnlib) if a is not None]
    check_outputs(inputs, {"--output": args.output})
    reader = WeightReader(rationalize=args.rationalize)
    path = Path(args.network)
    kind = path.suffix.lower()
    net, source = _read(path, kind, args, reader)
    if args.vnnlib is not None:
        from polyexact.networks import read_vnnlib_box

        box = read_vnnlib_box(args.vnnlib)
        if box.n_inputs != net.in_dim:
            raise ShapeError(f"expected {net.in_dim} inputs X_0..X_{net.in_dim - 1}, found "
                             f"{box.n_inputs}", field="--vnnlib")
        domain = box.domain
        note = (f"domain: the input box of {args.vnnlib} ({box.n_output_assertions} output "
                "assertions skipped)")
    elif args.domain is not None:
        domain = parse_domain(args.domain, net.in_dim)
        note = f"domain: {args.domain}"
    else:
        domain = net.domain
        note = "domain: " + ("R^d" if domain.kind == "all" else domain.kind)
    if domain is not net.domain:
        net, source = _read(path, kind, args, WeightReader(rationalize=args.rationalize),
                            domain=domain)
    written = write_network(net, args.output)
    kinds = ", ".join(type(b).__name__ for b in net.blocks)
    print(f"imported {path.name}: {net.in_dim} -> {net.out_dim}, {len(net.blocks)} blocks "
          f"({kinds})")
    print(reader.summary())
    print(note)
    if source:
        print(f"checked against {source} at {args.points} seeded points: exact and float "
              "forward passes agree within float tolerance")
    print(f"wrote {written}")
    return 0


def _read(path: Path, kind: str, args: argparse.Namespace, reader: Any,
          domain: Any = None) -> tuple[Any, str]:
    """The network and the name of the framework it was checked against ('' for none)."""
    try:
        return _read_with(path, kind, args, reader, domain)
    except ModuleNotFoundError as err:
        if err.name not in ("onnx", "onnxruntime", "safetensors"):
            raise
        raise FormatError(f"needs the optional 'import' extra (pip install "
                          f"'polyexact[import]'): {err.name} is missing", field="NET") from err


def _read_with(path: Path, kind: str, args: argparse.Namespace, reader: Any,
               domain: Any) -> tuple[Any, str]:
    from polyexact.networks import importers

    options = {"reader": reader, "n_points": args.points, "seed": args.seed}
    if kind == ".onnx":
        return importers.network_from_onnx(path, domain=domain, **options), "onnxruntime"
    if kind in (".npz", ".safetensors"):
        if args.arch is None and kind == ".npz":
            raise FormatError("weights need an architecture description (--arch FILE)",
                              field="--arch")
        if args.arch is None:  # a safetensors file may carry it in its metadata
            try:
                importers.load_architecture(path)
            except FormatError as err:
                raise FormatError(f"weights need an architecture description (--arch FILE): "
                                  f"{err}", field="--arch") from err
        net = importers.network_from_weight_file(path, args.arch, **options)
        if domain is not None:
            from polyexact.networks import network_from_blocks

            net = network_from_blocks(net.in_dim, net.blocks, domain, name=net.name)
        return net, "a float64 evaluation of the description"
    if kind == ".json":
        from polyexact.networks import load_network, network_from_blocks

        net = load_network(path, reader=reader)
        if domain is not None:
            net = network_from_blocks(net.in_dim, net.blocks, domain, name=net.name)
        return net, ""
    raise FormatError(f"expected .onnx, .npz, .safetensors or .json, found "
                      f"{kind or 'no suffix'!r}", field="NET")

