"""Benchmark: output-sensitive labelled Minkowski sums against the per-tuple brute force.

Prints one JSON line per grid point: ``bench``, ``params`` (H, d, N, seed), ``seconds``,
``vertices``, ``vertices_per_s``, ``brute_seconds`` and ``ratio`` (brute / search) when the brute
force ran in the same process (it is skipped once N^H exceeds ``--brute-cap`` tuples).

    python bench/minkowski.py            # H = 3, d = 3..4, N = 8, 16, 32, 64
    python bench/minkowski.py --quick    # a tiny grid
"""

from __future__ import annotations

import argparse
import json
import random
import time
from fractions import Fraction

from polyexact.tropical import minkowski_labels_brute_force, minkowski_sum


def _sets(h: int, d: int, n: int, seed: int) -> list[list[tuple[Fraction, ...]]]:
    """Random rational points on a sphere-like surface (mostly in convex position)."""
    rng = random.Random(seed)
    out = []
    for _ in range(h):
        pts = []
        for _ in range(n):
            # inverse stereographic projection of a random rational point: on the unit sphere
            y = [Fraction(rng.randint(-60, 60), 31) for _ in range(d - 1)]
            s = sum((c * c for c in y), Fraction(0))
            pts.append(tuple([2 * c / (1 + s) for c in y] + [(s - 1) / (1 + s)]))
        out.append(pts)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="a tiny grid")
    parser.add_argument("--brute-cap", type=int, default=32768,
                        help="brute force only when N^H <= this (default 32768, ~30 s)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    grid = [(3, 3, 4), (3, 3, 6)] if args.quick else [
        (3, d, n) for d in (3, 4) for n in (8, 16, 32, 64)]
    for h, d, n in grid:
        sets = _sets(h, d, n, args.seed)
        t0 = time.perf_counter()
        res = minkowski_sum(sets)
        seconds = time.perf_counter() - t0
        row: dict[str, object] = {
            "bench": "tropical_minkowski",
            "params": {"H": h, "d": d, "N": n, "seed": args.seed},
            "seconds": round(seconds, 4),
            "vertices": res.n_vertices,
            "vertices_per_s": round(res.n_vertices / seconds, 1),
        }
        if n**h <= args.brute_cap:
            t0 = time.perf_counter()
            brute = minkowski_labels_brute_force(sets)
            brute_seconds = time.perf_counter() - t0
            if brute != list(res.labels):
                raise SystemExit(f"search and brute force disagree at {row['params']}")
            row["brute_seconds"] = round(brute_seconds, 4)
            row["ratio"] = round(brute_seconds / seconds, 2)
        else:
            row["ratio"] = None
        print(json.dumps(row), flush=True)


if __name__ == "__main__":
    main()
