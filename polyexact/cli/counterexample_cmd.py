"""``polyexact counterexample CLAIM.py [--d N] [--layers N] [--heads LO:HI] [--keys LO:HI]
[--d-ff LO:HI] [--d-k LO:HI] [--max-examples N] [--seed N] [--save FIXTURE.json] [--json]``.

``CLAIM.py`` defines ``claim(model, cell_complex) -> bool``. Exit status: 0 no counterexample
found; 1 a counterexample was found (the claim is refuted; printed, and saved with ``--save``);
2 bad input.
"""

from __future__ import annotations

import argparse
from typing import Any

__all__ = ["add_parser", "run"]


def add_parser(sub: Any) -> None:
    """Register the subcommand."""
    p = sub.add_parser("counterexample",
                       help="search random exact models for one refuting a claim")
    p.add_argument("claim", metavar="CLAIM.py",
                   help="a Python file defining claim(model, cell_complex) -> bool")
    for flag, dest, default in (("--d", "d", "2"), ("--layers", "n_layers", "1"),
                                ("--heads", "heads", "0:2"), ("--keys", "n_keys", "1:4"),
                                ("--d-ff", "d_ff", "0:4"), ("--d-k", "d_k", "1:2")):
        p.add_argument(flag, dest=dest, metavar="N|LO:HI", default=default,
                       help=f"a size or an inclusive range (default {default})")
    p.add_argument("--max-examples", metavar="N", type=int, default=300,
                   help="models to try (default 300)")
    p.add_argument("--seed", metavar="N", type=int, default=None,
                   help="seed of the search (default: derandomized, the same every run)")
    p.add_argument("--save", metavar="FIXTURE.json", default=None,
                   help="write a found counterexample as a polyexact.fixture/1 file")
    p.add_argument("--json", action="store_true", help="print one JSON document")
    p.set_defaults(run=run)


def _size(text: str, flag: str) -> int | tuple[int, int]:
    from polyexact.errors import InputError

    try:
        parts = [int(x) for x in text.split(":")]
    except ValueError:
        parts = []
    if len(parts) == 1:
        return parts[0]
    if len(parts) == 2:
        return parts[0], parts[1]
    raise InputError(f"expected N or LO:HI, found {text!r}", field=flag)


def run(args: argparse.Namespace) -> int:
    """Search, print the shrunk counterexample (or that none was found), optionally save it."""
    import json

    from polyexact.cli._io import print_json
    from polyexact.errors import InputError, PolyexactError
    from polyexact.lab import find_counterexample, read_claim, save_counterexample
    from polyexact.models.load import model_to_data

    flags = {"d": "--d", "n_layers": "--layers", "heads": "--heads", "n_keys": "--keys",
             "d_ff": "--d-ff", "d_k": "--d-k"}
    sizes: dict[str, Any] = {dest: _size(getattr(args, dest), flag)
                             for dest, flag in flags.items()}
    claim = read_claim(args.claim)
    try:
        found = find_counterexample(claim, **sizes, max_examples=args.max_examples,
                                    seed=args.seed)
    except InputError as err:
        # name the command-line flag rather than the keyword argument
        if err.field in flags:
            raise InputError(str(err).split(": ", 1)[1], field=flags[err.field]) from err
        if err.field == "max_examples":
            raise InputError(str(err).split(": ", 1)[1], field="--max-examples") from err
        raise
    except PolyexactError:
        raise
    except Exception as err:  # the user's claim failed on some model: their input error
        reason = " ".join(str(err).split())  # one line
        raise InputError(f"claim raised {type(err).__name__}: {reason}",
                         field=args.claim) from err
    saved = None
    if found is not None and args.save is not None:
        saved = str(save_counterexample(found, args.save))
    if args.json:
        data: dict[str, Any] = {"found": found is not None, "max_examples": args.max_examples}
        if found is not None:
            data.update(model=model_to_data(found.model), pattern_cells=found.pattern_cells,
                        linear_regions=found.linear_regions, certified=True, fixture=saved)
        print_json(data)
    elif found is None:
        print(f"no counterexample in {args.max_examples} examples")
    else:
        print(f"counterexample: {found.pattern_cells} pattern cells, "
              f"{found.linear_regions} linear regions (certified)")
        print(json.dumps(model_to_data(found.model)))
        if saved is not None:
            print(f"saved as a fixture: {saved}")
    return 0 if found is None else 1
