"""ReLU MLPs of one and several hidden layers over R^2 … R^4: exact cells per second.

Seeded ``random_mlp`` networks, enumerated over all of ``R^d`` in one process: weights ``k / 3``
(degenerate: some neurons' hyperplanes coincide) and ``k / 1024`` (generic, and every weight is a
double, so a float64 copy is the same network). Prints one JSON line per network: widths, cells,
linear regions, shared facets, seconds (best of ``--repeat``) and cells per second.

When the optional public enumerator ``relucent`` (and torch, which it reads networks from) is
installed, the same networks run through it in the same run: its float64 copy of each network
(``k / 3`` rounded to the nearest double, ``k / 1024`` exact), ``Complex(net).bfs(...)`` from a
generic start point in one worker with its default verification, best of ``--repeat`` after one
warm-up. The counts are checked equal and the line gets relucent's seconds and the time ratio;
a network relucent refuses is reported with its error. What is timed on the polyexact side is
``enumerate_cells`` (exact cells, shared facets and maximal linear regions), uncertified as on
relucent's side (``polyexact count NET --certificate`` certifies an MLP; docs/performance.md has
its cost). relucent is never a dependency; absent, it is reported as skipped.

Each line also gets ``certified_seconds``: the default path of ``polyexact count NET`` in
process, best of ``--repeat`` — enumeration, the certificate's data, and the independent
verifier's check of it in one process (``verify_certificate(data, jobs=1)``), with the count
checked — and, beside relucent, ``certified_ratio`` = relucent's seconds / certified seconds
(the goal: at least 10).

Run ``python bench/bench_mlp.py [--repeat N] [--quick] [--no-peer] [--denominators 3,1024]``.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import time
from typing import Any

from polyexact.cells import certificate_to_data, enumerate_cells
from polyexact.networks import Affine, Network, random_mlp
from polyexact.verify import verify_certificate

__all__ = ["main"]

NETS = ([2, 8, 1], [2, 8, 8, 1], [3, 10, 1], [3, 8, 8, 1], [4, 8, 1], [4, 8, 8, 1])
QUICK = ([2, 8, 1], [2, 8, 8, 1])
#: relucent starts its search from a point; a generic one avoids its "on a hyperplane" refusal.
START = (0.1234567, 0.3456789, -0.2345678, 0.4567891)


def main() -> None:
    """Time every network and print the JSON lines."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=3, help="runs per case (best is kept)")
    parser.add_argument("--quick", action="store_true", help="the two smallest networks, once")
    parser.add_argument("--no-peer", action="store_true", help="do not run relucent")
    parser.add_argument("--denominators", default="3,1024",
                        help="weight denominators, comma-separated (default 3,1024)")
    args = parser.parse_args()
    peer = not args.no_peer and all(importlib.util.find_spec(m) is not None
                                    for m in ("relucent", "torch"))
    repeat = 1 if args.quick else args.repeat
    if peer:
        import torch

        # torch's idle intra-op threads keep spinning on the cores that polyexact is timed
        # on (seen: polyexact's certified count of 4-8-8-1 1.4x slower once torch had run);
        # relucent runs with one worker and small matrices, so one thread costs it nothing
        torch.set_num_threads(1)
        _relucent_count(random_mlp([2, 3, 1], seed=0, denominator=3))  # warm-up (solver start)
    denominators = [int(q) for q in args.denominators.split(",")]
    for denominator in denominators[:1] if args.quick else denominators:
        for widths in QUICK if args.quick else NETS:
            _run(widths, denominator, repeat, peer)


def _run(widths: list[int], denominator: int, repeat: int, peer: bool) -> None:
    """Time one network (and relucent on it) and print its JSON line."""
    net = random_mlp(widths, seed=11, denominator=denominator)
    best = float("inf")
    cx = None
    for _ in range(repeat):
        start = time.perf_counter()
        cx = enumerate_cells(net)
        best = min(best, time.perf_counter() - start)
    assert cx is not None
    certified = min(_certified_seconds(net, cx.n_cells) for _ in range(repeat))
    line: dict[str, Any] = {
        "bench": "mlp", "params": {"widths": widths, "seed": 11, "denominator": denominator,
                                  "domain": "all"},
        "cells": cx.n_cells, "regions": cx.n_regions, "shared_facets": len(cx.adjacency),
        "seconds": round(best, 4), "cells_per_second": round(cx.n_cells / best, 1),
        "certified_seconds": round(certified, 4),
    }
    if peer:
        peer_best = float("inf")
        for _ in range(repeat):
            start = time.perf_counter()
            n_peer = _relucent_count(net)
            peer_best = min(peer_best, time.perf_counter() - start)
        if isinstance(n_peer, str):
            line["relucent"] = {"refused": n_peer, "seconds": round(peer_best, 4)}
        elif n_peer != cx.n_cells:
            raise SystemExit(f"relucent counts {n_peer} cells of {widths}, polyexact "
                             f"{cx.n_cells}")
        else:
            line["relucent"] = {"cells": n_peer, "seconds": round(peer_best, 4),
                                "cells_per_second": round(n_peer / peer_best, 1),
                                "ratio": round(peer_best / best, 1),
                                "certified_ratio": round(peer_best / certified, 1)}
    else:
        line["relucent"] = "not installed (or --no-peer): skipped"
    print(json.dumps(line), flush=True)


def _certified_seconds(net: Network, cells: int) -> float:
    """Seconds of ``polyexact count NET``'s default path in process: enumerate, then verify the
    certificate's data with the independent verifier (one process)."""
    start = time.perf_counter()
    cx = enumerate_cells(net)
    result = verify_certificate(certificate_to_data(cx), jobs=1)
    seconds = time.perf_counter() - start
    if not result.valid or result.pattern_cells != cells:
        raise SystemExit(f"the certified count of {net.name} failed: {result}")
    return seconds


def _relucent_count(net: Network) -> int | str:
    """The number of cells relucent finds on the float64 copy of ``net`` (timed end to end).

    A network relucent refuses (its ``NonGenericArrangementError``: two neurons' hyperplanes
    coincide, which it cannot cross by one sign flip; its ``AmbiguousGeometryError``: float64
    cannot decide whether a cell is empty) gives the error and its message's first clause.
    """
    import numpy as np
    import relucent
    import torch

    layers: list[Any] = []
    for block in net.blocks:
        if isinstance(block, Affine):
            linear = torch.nn.Linear(len(block.W[0]), len(block.W), dtype=torch.float64)
            with torch.no_grad():
                linear.weight.copy_(torch.tensor([[float(v) for v in row] for row in block.W],
                                                 dtype=torch.float64))
                linear.bias.copy_(torch.tensor([float(v) for v in block.b], dtype=torch.float64))
            layers.append(linear)
        else:
            layers.append(torch.nn.ReLU())
    complex_ = relucent.Complex(torch.nn.Sequential(*layers))
    try:
        result = complex_.bfs(start=np.array([START[:net.in_dim]]), nworkers=1, verbose=0)
    except (relucent.NonGenericArrangementError, relucent.AmbiguousGeometryError) as err:
        return f"{type(err).__name__}: {str(err).split(':')[0]}"
    if not result.complete:
        raise SystemExit(f"relucent did not complete the search of {net.name}")
    return len(complex_)


if __name__ == "__main__":
    main()
