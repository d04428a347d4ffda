"""``polyexact count`` of a block network that no version-1 transformer can hold.

Called by :mod:`polyexact.cli.count_cmd` once the model is loaded; same options, same output
fields. The certificate's ``model`` is the ``polyexact.model/2`` data, and the re-check is the
independent verifier's own evaluation of the network. The ``model`` field of the JSON output
describes the network: ``name``, ``input_dim``, ``output_dim``, ``blocks`` (the leaf blocks'
types, depth first) and ``neurons`` (ReLU, leaky ReLU and FFN neurons; heads are counted in
``heads``).
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

__all__ = ["count_network", "network_variant"]

#: As in count_cmd: above this bound on the cell count it is announced first, and up to
#: _SERIAL_UP_TO cells (by the bound) the default --jobs 0 enumerates in-process.
_ANNOUNCE_ABOVE = 1000
_SERIAL_UP_TO = 4096


def network_variant(net: Any) -> dict[str, Any]:
    """The network's shape as JSON data (the ``model`` field of ``count --json``).

    Examples
    --------
    >>> from polyexact.networks import random_mlp
    >>> v = network_variant(random_mlp([2, 3, 1], seed=0))
    >>> v["input_dim"], v["output_dim"], v["blocks"], v["neurons"], v["heads"]
    (2, 1, ['affine', 'relu', 'affine'], 3, 0)
    """
    from polyexact.networks import Attention, LeakyReLU, ReLU

    kinds = {"Affine": "affine", "ReLU": "relu", "LeakyReLU": "leaky_relu",
             "Attention": "attention", "FFN": "ffn"}
    neurons = sum(b.width if isinstance(b, (ReLU, LeakyReLU)) else getattr(b, "d_ff", 0)
                  for b in net.leaves)
    heads = sum(len(b.heads) for b in net.leaves if isinstance(b, Attention))
    return {"name": net.name, "input_dim": net.in_dim, "output_dim": net.out_dim,
            "blocks": [kinds[type(b).__name__] for b in net.leaves], "neurons": neurons,
            "heads": heads}


def count_network(net: Any, args: argparse.Namespace) -> int:
    """Enumerate, certify and print the counts of a block network (see the module docstring)."""
    from polyexact.cells import CellLimitError, cell_count_bound, enumerate_cells
    from polyexact.cli._io import EnumerationBar, Phase, show_progress
    from polyexact.cli.count_cmd import (
        _stopped,
        _verify,
        _verify_file,
        _write_streamed,
    )

    bound = cell_count_bound(net)
    bar = show_progress(args)
    if not args.json and bound > _ANNOUNCE_ABOVE:
        print(f"upper bound on the number of pattern cells: {bound}", file=sys.stderr)
    jobs = 1 if args.jobs == 0 and bound <= _SERIAL_UP_TO else args.jobs
    start = time.perf_counter()
    if args.certificate is not None and not args.certificate.endswith(".json"):
        # a folder of shards, written by the workers (count_cmd's path, for networks too)
        try:
            with EnumerationBar(enabled=bar, what="enumerating and writing the certificate"
                                ) as progress:
                counts = _write_streamed(net, args, jobs, progress, True)
        except CellLimitError as err:
            return _stopped(err, args.json)
        certified = (False if args.no_verify else
                     _verify_file(args.certificate, args.jobs, bar, args.scheduler))
        return _report(net, args, counts, certified, start)
    try:
        with EnumerationBar(enabled=bar) as progress:
            complex_ = enumerate_cells(net, progress=progress, max_cells=args.max_cells,
                                       jobs=jobs, scheduler=args.scheduler)
    except CellLimitError as err:
        return _stopped(err, args.json)
    if args.certificate is not None:
        from polyexact.certificates.write import write_certificate

        # what is certified is what is written: the file is read back and verified
        with Phase(f"writing the certificate of {complex_.n_cells} cells", enabled=bar):
            write_certificate(complex_, args.certificate)
        certified = (False if args.no_verify else
                     _verify_file(args.certificate, args.jobs, bar, args.scheduler))
    else:
        certified = False if args.no_verify else _verify(complex_, args.jobs, bar)
    return _report(net, args, (complex_.n_cells, complex_.n_regions, len(complex_.adjacency)),
                   certified, start)


def _report(net: Any, args: argparse.Namespace, counts: tuple[int, int, int], certified: bool,
            start: float) -> int:
    from polyexact.cells.summary import REGION_DEFINITIONS
    from polyexact.cli._io import print_json
    from polyexact.cli.count_cmd import _print_table
    from polyexact.models.load import domain_to_data

    data: dict[str, Any] = {
        "pattern_cells": counts[0],
        "linear_regions": counts[1],
        "shared_facets": counts[2],
        "domain": domain_to_data(net.domain),
        "certified": certified,
        "seconds": round(time.perf_counter() - start, 6),
        "model": network_variant(net),
        "region_definition": REGION_DEFINITIONS,
    }
    if args.certificate is not None:
        data["certificate"] = str(args.certificate)
    if args.json:
        print_json(data)
    else:
        _print_table(data)
    return 0
