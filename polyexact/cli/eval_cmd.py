"""``polyexact eval MODEL --point "1/3,1/2" [--tau T] [--dps D] [--json]``.

Besides the exact output and pattern, it says which pattern cell and which maximal linear region
the point is in (indices as in ``count``'s certificate and ``export``'s graph; on a wall, the
cell of the pattern the forward pass takes there: see ``CellComplex.locate``), and warns when
the point is outside the model's domain. Locating enumerates the cells, so it is skipped
(``cell`` and ``region`` null, with a note) above a bound of 20,000 cells.

A block network (a ``polyexact.model/2`` file or an ``.onnx`` graph that no version-1
transformer holds) gets the same answer, its pattern one entry per leaf block:
``{"block": i, "type": "relu", "keys": [], "active": [1, 0]}`` (keys for an attention block,
active bits for ReLU, leaky ReLU and FFN blocks, both empty for an affine block).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from polyexact.cli._io import print_json
from polyexact.errors import NumberError, ShapeError

__all__ = ["add_parser", "parse_point", "run"]

#: Cells and regions are located only when the bound on the cell count is at most this.
_LOCATE_UP_TO = 20_000


def add_parser(sub: Any) -> None:
    """Register the subcommand."""
    p = sub.add_parser("eval", help="exact output and pattern at a point (softmax with --tau)")
    p.add_argument("model", metavar="MODEL", help="a polyexact.model/1 or /2 JSON file, an .onnx "
                                                  "file or .safetensors weights carrying their "
                                                  "architecture (imported exactly and checked)")
    p.add_argument("--point", required=True,
                   help='comma-separated coordinates, e.g. "1/3,1/2", -1/2,1/3 or "0.25,-1e-2"')
    p.add_argument("--tau", default=None,
                   help="also evaluate with softmax at this temperature (> 0), e.g. 1/10")
    p.add_argument("--dps", type=int, default=50,
                   help="decimal digits of working precision for --tau (default: 50)")
    p.add_argument("--json", action="store_true", help="print one JSON document")
    p.set_defaults(run=run)


def parse_point(text: str, dim: int) -> tuple[Any, ...]:
    """Parse ``"p/q,..."`` into exact coordinates; errors name ``--point``.

    Examples
    --------
    >>> from polyexact.cli.eval_cmd import parse_point
    >>> parse_point("1/3, 0.5", 2)
    (Fraction(1, 3), Fraction(1, 2))
    """
    from polyexact.numbers import parse_rational

    parts = text.split(",")
    if len(parts) != dim:
        raise ShapeError(f"expected {dim} comma-separated coordinates, found {len(parts)}",
                         field="--point")
    return tuple(parse_rational(s, f"--point[{i}]") for i, s in enumerate(parts))


def _locate(model: Any, x: tuple[Any, ...]) -> dict[str, Any]:
    """The ``in_domain``, ``cell``, ``region``, ``interior`` and count fields of the answer."""
    from polyexact.cells import cell_count_bound, enumerate_cells
    from polyexact.numbers import dot

    inside = all(dot(a, x) <= b for a, b in zip(model.domain.A, model.domain.b, strict=True))
    out: dict[str, Any] = {"in_domain": inside, "cell": None, "region": None,
                           "interior": None, "pattern_cells": None, "linear_regions": None}
    if not out["in_domain"] or cell_count_bound(model) > _LOCATE_UP_TO:
        return out
    complex_ = enumerate_cells(model)
    where = complex_.locate(x) if hasattr(complex_, "locate") else _locate_in_network(complex_, x)
    if where is not None:
        out.update(cell=where.cell, region=where.region, interior=where.interior,
                   pattern_cells=complex_.n_cells, linear_regions=complex_.n_regions)
    return out


def _locate_in_network(complex_: Any, x: tuple[Any, ...]) -> Any:
    """As ``CellComplex.locate`` for a network's complex: the cell of the forward pass's pattern
    when it contains ``x``, else the first cell whose closure does."""
    from polyexact.certificates import Location
    from polyexact.networks import forward_network
    from polyexact.numbers import dot

    def contains(cell: Any, strict: bool) -> bool:
        return all((dot(a, x) < b) if strict else (dot(a, x) <= b)
                   for a, b in zip(cell.A, cell.b, strict=True))

    pattern = forward_network(complex_.network, x).pattern
    index = next((i for i, p in enumerate(complex_.patterns)
                  if p == pattern and contains(complex_.cells[i], False)), None)
    if index is None:
        index = next((i for i, c in enumerate(complex_.cells) if contains(c, False)), None)
    if index is None:  # pragma: no cover - the cells cover the domain
        return None
    return Location(index, complex_.region_of[index], contains(complex_.cells[index], True))


def _evaluate(model: Any, x: tuple[Any, ...]) -> tuple[Any, list[dict[str, Any]]]:
    """The exact output and the pattern as data (per layer, or per leaf block of a network)."""
    from polyexact.models.forward import forward
    from polyexact.networks import Network, forward_network

    if not isinstance(model, Network):
        result = forward(model, x)
        return result.output, [{"keys": list(lp.keys), "active": [int(a) for a in lp.active]}
                               for lp in result.pattern]
    kinds = {"Affine": "affine", "ReLU": "relu", "LeakyReLU": "leaky_relu",
             "Attention": "attention", "FFN": "ffn"}
    net_result = forward_network(model, x)
    pattern = []
    for i, (block, entry) in enumerate(zip(model.leaves, net_result.pattern, strict=True)):
        kind = kinds[type(block).__name__]
        keys = list(entry) if kind == "attention" else []
        active = [] if kind == "attention" else [int(a) for a in entry]
        pattern.append({"block": i, "type": kind, "keys": keys, "active": active})
    return net_result.output, pattern


def run(args: argparse.Namespace) -> int:
    """Evaluate the model at the point."""
    from polyexact.certificates.subject import input_dim
    from polyexact.cli._model import load_model_arg, require_transformer
    from polyexact.numbers import format_rational, parse_rational, vector_to_data

    model = load_model_arg(args.model, note=not args.json)
    if args.tau is not None:
        require_transformer(model, "--tau (softmax attention)")
    x = parse_point(args.point, input_dim(model))
    output, pattern = _evaluate(model, x)
    data: dict[str, Any] = {
        "point": vector_to_data(x),
        "output": vector_to_data(output),
        "pattern": pattern,
    }
    data.update(_locate(model, x))
    if not data["in_domain"]:
        print("warning: the point is outside the model's domain; the output is the model's "
              "formula evaluated there, in no counted cell", file=sys.stderr)
    elif data["cell"] is None:
        print(f"note: cell and region not located (more than {_LOCATE_UP_TO} cells by the "
              "upper bound)", file=sys.stderr)
    if args.tau is not None:
        import mpmath

        from polyexact.models.softmax import soft_forward

        tau = parse_rational(args.tau, "--tau")
        if tau <= 0:
            raise NumberError(f"expected a positive temperature, found {tau}", field="--tau")
        # beyond 10000 digits mpmath's exponentials take minutes: refuse rather than hang
        if not 15 <= args.dps <= 10000:
            raise NumberError(f"expected 15 to 10000 digits, found {args.dps}", field="--dps")
        soft = soft_forward(model, x, tau, dps=args.dps)
        digits = min(args.dps, 30)
        data["tau"] = format_rational(tau)
        data["soft_output"] = [mpmath.nstr(v, digits) for v in soft.output]
        data["distance"] = mpmath.nstr(soft.distance, digits)
    if args.json:
        print_json(data)
        return 0
    print(f"output:  ({', '.join(str(v) for v in data['output'])})")
    for i, lp in enumerate(data["pattern"]):
        bits = "".join(str(a) for a in lp["active"]) or "-"
        if "block" in lp:
            what = f": keys {lp['keys']}" if lp["type"] == "attention" else \
                "" if lp["type"] == "affine" else f": active {bits}"
            print(f"block {i} ({lp['type']}){what}")
        else:
            print(f"layer {i}: keys {lp['keys']}  active {bits}")
    if data["cell"] is not None:
        where = "interior" if data["interior"] else "on a wall"
        print(f"pattern cell {data['cell']} of {data['pattern_cells']} ({where}), linear region "
              f"{data['region']} of {data['linear_regions']}")
    elif not data["in_domain"]:
        print("outside the domain: in no pattern cell")
    if args.tau is not None:
        print(f"softmax at tau = {data['tau']}: ({', '.join(data['soft_output'])})")
        print(f"distance to the hard output: {data['distance']}")
    return 0
