"""What checking costs: the default ``polyexact count`` against ``--no-verify``, and against Sage.

For each workload, in fresh processes (best of ``--repeat``), the command a user runs,

    polyexact count m.json --jobs 2 -q --json                # enumerate + independent check
    polyexact count m.json --jobs 2 -q --json --no-verify    # enumerate only

and prints one JSON line: both wall times, their ratio (goal <= 2), the counts (checked equal
between the two runs, and against the closed form where there is one). Workloads:

- ``construction``: ``construction(2, 4, 4, 2)``, 4,096 cells on [0, 1]² (``--big`` adds L = 3,
  262,144 cells);
- ``catalan``: the Catalan arrangement ``x_i - x_j ∈ {-1, 0, 1}`` (i < j) in R⁴ and R⁵ as one FFN
  layer over all of R^d; its regions number ``d! · C(2d, d) / (d + 1)`` (336 and 5,040);
- ``trained``: FFN-only models in R⁴ on the box [-1, 1]⁴ whose float64 weights come from a few
  seeded steps of gradient descent (numpy) on a toy regression, converted exactly.

Where Sage is importable (``passagemath-polyhedra`` on ``PYTHONPATH``, or in the folder given
by ``--sage-path``, used for the Sage runs only; never a dependency), the Catalan lines also get
``sage_seconds`` for ``HyperplaneArrangement.regions()`` on the same arrangement in a fresh
process, best of ``--repeat``, with the count checked, and ``sage_ratio`` = Sage / verified
count (goal >= 3). Sage's figure leaves out its start-up and imports (about 0.7 s), while
``seconds`` includes polyexact's (about 0.4 s): the like-for-like ratio is ``sage_work_ratio``
= Sage / ``work_seconds``, the verified command's own ``seconds`` field (enumeration and check,
after start-up), also best of ``--repeat``.

Run ``python bench/bench_certified.py [--quick] [--big] [--repeat N] [--sage-path DIR]``.
"""

from __future__ import annotations

import argparse
import importlib.util
import itertools
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from fractions import Fraction
from pathlib import Path

import numpy as np

from polyexact.models import FFN, Domain, Layer, Model
from polyexact.models.builders import construction
from polyexact.models.load import write_model

__all__ = ["catalan_model", "main", "trained_model"]

_SAGE = """
import sys, time, itertools
from sage.all__sagemath_polyhedra import QQ, HyperplaneArrangements
d = int(sys.argv[1]); repeat = int(sys.argv[2])
H = HyperplaneArrangements(QQ, tuple(f"x{i}" for i in range(d)))
xs = H.gens()
best = None
for _ in range(repeat):
    # a fresh arrangement each time: regions() is cached on it
    A = H(*[xs[i] - xs[j] - c for i, j in itertools.combinations(range(d), 2)
            for c in (-1, 0, 1)])
    t = time.perf_counter(); n = len(A.regions()); s = time.perf_counter() - t
    best = s if best is None else min(best, s)
print(n, best)
"""


def catalan_model(d: int) -> Model:
    """The Catalan arrangement in R^d as one FFN layer over all of R^d (output: the input).

    Examples
    --------
    >>> catalan_model(3).layers[0].ffn.d_ff
    9
    """
    W1, b1 = [], []
    for i, j in itertools.combinations(range(d), 2):
        for c in (-1, 0, 1):
            W1.append(tuple(Fraction(int(k == i) - int(k == j)) for k in range(d)))
            b1.append(Fraction(-c))
    ffn = FFN(W1=tuple(W1), b1=tuple(b1), W2=tuple((Fraction(0),) * len(W1) for _ in range(d)),
              b2=(Fraction(0),) * d)
    return Model(d, (Layer((), W_O=tuple(() for _ in range(d)), residual=True, ffn=ffn),),
                 Domain("all", (), ()))


def trained_model(d: int, d_ff: int, layers: int, seed: int) -> Model:
    """FFN layers in R^d on [-1, 1]^d with float64 weights from seeded gradient descent.

    Every float64 is a dyadic rational: the model is the trained network exactly.

    Examples
    --------
    >>> m = trained_model(4, 6, 1, 0)
    >>> m.d_model, m.layers[0].ffn.d_ff, m.layers[0].ffn.W1[0][0].denominator > 1000
    (4, 6, True)
    """
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1, 1, size=(256, d))
    target = np.sin(3 * x).sum(axis=1, keepdims=True) * np.ones((1, d)) / d
    params = [(rng.normal(0, 1 / math.sqrt(d), (d_ff, d)), rng.normal(0, 0.3, d_ff),
               rng.normal(0, 1 / math.sqrt(d_ff), (d, d_ff)), np.zeros(d)) for _ in range(layers)]
    for _ in range(30):  # a few steps of full-batch gradient descent, residual ReLU layers
        h, cache = x, []
        for W1, b1, W2, b2 in params:
            pre = h @ W1.T + b1
            cache.append((h, pre))
            h = h + np.maximum(pre, 0) @ W2.T + b2
        grad = 2 * (h - target) / len(x)
        for n in reversed(range(layers)):
            W1, b1, W2, b2 = params[n]
            h_in, pre = cache[n]
            act = np.maximum(pre, 0)
            g_pre = (grad @ W2) * (pre > 0)
            params[n] = (W1 - 0.1 * g_pre.T @ h_in, b1 - 0.1 * g_pre.sum(0),
                         W2 - 0.1 * grad.T @ act, b2 - 0.1 * grad.sum(0))
            grad = grad + g_pre @ W1

    def exact(a: np.ndarray) -> tuple[Fraction, ...]:
        return tuple(Fraction(float(v)) for v in a)  # float64 -> its exact dyadic value

    box = [tuple(Fraction(int(k == i) * s) for k in range(d)) for i in range(d) for s in (1, -1)]
    domain = Domain("box", tuple(box), (Fraction(1),) * (2 * d),
                    tuple((Fraction(-1), Fraction(1)) for _ in range(d)))
    out = []
    for W1, b1, W2, b2 in params:
        ffn = FFN(W1=tuple(exact(r) for r in W1), b1=exact(b1), W2=tuple(exact(r) for r in W2),
                  b2=exact(b2))
        out.append(Layer((), W_O=tuple(() for _ in range(d)), residual=True, ffn=ffn))
    return Model(d, tuple(out), domain)


def _count(model_path: Path, verify: bool, repeat: int
           ) -> tuple[float, float, dict[str, int]]:
    """Best wall seconds of the command, best of its own ``seconds`` (the work after start-up
    and imports), and the counts."""
    cmd = [sys.executable, "-m", "polyexact", "count", str(model_path), "--jobs", "2", "-q",
           "--json"] + ([] if verify else ["--no-verify"])
    best, work, out = math.inf, math.inf, {}
    for _ in range(repeat):
        start = time.perf_counter()
        run = subprocess.run(cmd, capture_output=True, text=True, check=True)
        best = min(best, time.perf_counter() - start)
        data = json.loads(run.stdout)
        work = min(work, data["seconds"])
        if verify and not data["certified"]:
            raise SystemExit(f"{model_path}: the check failed")
        out = {"pattern_cells": data["pattern_cells"], "linear_regions": data["linear_regions"]}
    return best, work, out


def _sage(d: int, repeat: int, path: str | None) -> tuple[int, float] | None:
    env = None
    if path is not None:
        env = {**os.environ, "PYTHONPATH": path}
    else:
        # find_spec of a submodule imports its parent package: ask for the parent first
        if (importlib.util.find_spec("sage") is None
                or importlib.util.find_spec("sage.all__sagemath_polyhedra") is None):
            return None
    run = subprocess.run([sys.executable, "-c", _SAGE, str(d), str(repeat)], capture_output=True,
                         text=True, check=True, env=env)
    n, seconds = run.stdout.split()
    return int(n), float(seconds)


def main(argv: list[str] | None = None) -> None:
    """Run the workloads and print one JSON line each."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--quick", action="store_true", help="the smallest workloads, once")
    ap.add_argument("--big", action="store_true", help="also the 262,144-cell construction")
    ap.add_argument("--repeat", type=int, default=3, help="runs per command (best is kept)")
    ap.add_argument("--sage-path", metavar="DIR", default=None,
                    help="a folder holding passagemath-polyhedra, for the Sage runs only")
    args = ap.parse_args(argv)
    repeat = 1 if args.quick else args.repeat
    work: list[tuple[str, dict[str, int], Model, int | None]] = [
        ("construction", {"d": 2, "N": 4, "L": 2}, construction(2, 4, 4, 2), 4096),
        ("catalan", {"d": 4}, catalan_model(4), 336),
    ]
    if not args.quick:
        work += [("catalan", {"d": 5}, catalan_model(5), 5040),
                 ("trained", {"d": 4, "d_ff": 16, "layers": 1}, trained_model(4, 16, 1, 0), None),
                 ("trained", {"d": 4, "d_ff": 8, "layers": 2}, trained_model(4, 8, 2, 1), None)]
    if args.big:
        work.append(("construction", {"d": 2, "N": 4, "L": 3}, construction(2, 4, 4, 3), 262144))
    with tempfile.TemporaryDirectory() as tmp:
        for name, params, model, expected in work:
            path = Path(tmp) / "m.json"
            write_model(model, path)
            plain, _, counts = _count(path, False, repeat)
            checked, checked_work, counts2 = _count(path, True, repeat)
            if counts != counts2 or (expected is not None and counts["pattern_cells"] != expected):
                raise SystemExit(f"{name} {params}: counts {counts} / {counts2}, "
                                 f"expected {expected}")
            line: dict[str, object] = {
                "bench": f"certified_{name}", "params": params, **counts,
                "seconds": round(checked, 3), "no_verify_seconds": round(plain, 3),
                "ratio": round(checked / plain, 2),
            }
            if name == "catalan":
                sage = _sage(params["d"], repeat, args.sage_path)
                if sage is not None:
                    if sage[0] != counts["pattern_cells"]:
                        raise SystemExit(f"Sage counts {sage[0]} regions")
                    line.update(sage_seconds=round(sage[1], 3),
                                sage_ratio=round(sage[1] / checked, 2),
                                work_seconds=round(checked_work, 3),
                                sage_work_ratio=round(sage[1] / checked_work, 2))
            print(json.dumps(line), flush=True)


if __name__ == "__main__":
    main()
