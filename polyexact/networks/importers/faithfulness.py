"""The faithfulness check of an import: the exact forward pass against the source's float one.

After an import, the exact block outputs (:func:`~polyexact.networks.block_outputs`) are
compared, at seeded points of the domain, with the hidden values the source framework
(onnxruntime, torch) computes in floating point. A disagreement beyond float tolerance refuses
the import and names the first block that disagrees. The floats decide nothing about the
network itself: they only test that the exact network is the one the framework runs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction

import numpy as np

from polyexact.errors import InputError
from polyexact.networks.blocks import Network
from polyexact.networks.forward import block_outputs

__all__ = ["MIN_POINTS", "FaithfulnessError", "check_faithful", "sample_points"]

#: Fewest points an import is checked at.
MIN_POINTS = 100
#: Relative and absolute tolerances (float32 accumulations of a few thousand terms).
RTOL = 1e-4
ATOL = 1e-5

#: Reference hidden values of one point: one array per network block (``None``: not compared).
Reference = Callable[[np.ndarray], Sequence[np.ndarray | None]]


class FaithfulnessError(InputError):
    """The imported network disagrees with its source framework: the import is refused.

    Examples
    --------
    >>> from polyexact.errors import InputError
    >>> from polyexact.networks.importers import FaithfulnessError
    >>> issubclass(FaithfulnessError, InputError)
    True
    """


def sample_points(net: Network, n_points: int, *, seed: int) -> np.ndarray:
    """Return ``n_points`` seeded float64 points of the domain (a box, else a Gaussian cloud).

    Examples
    --------
    >>> from polyexact.networks import random_mlp
    >>> from polyexact.networks.importers import sample_points
    >>> sample_points(random_mlp([3, 2], seed=0), 5, seed=1).shape
    (5, 3)
    """
    rng = np.random.default_rng(seed)
    box = net.domain.box
    if box is not None:
        lo = np.array([float(a) for a, _ in box])
        hi = np.array([float(b) for _, b in box])
        out: np.ndarray = lo + (hi - lo) * rng.random((n_points, net.in_dim))
        return out
    cloud: np.ndarray = rng.normal(0.0, 2.0, (n_points, net.in_dim))
    return cloud


def check_faithful(net: Network, reference: Reference, *, names: Sequence[str],
                   n_points: int = 100, seed: int = 0) -> int:
    """Compare exact block outputs with the reference at seeded points; return points checked.

    Parameters
    ----------
    net : Network
        The imported network.
    reference : callable
        Given one float64 point, the source framework's value after each block (``None`` where
        the source has no matching value).
    names : sequence of str
        A name per block (the source node or module), for the error message.
    n_points : int
        How many points (at least :data:`MIN_POINTS`, 100).
    seed : int
        Seed of the points.

    Raises
    ------
    FaithfulnessError
        Naming the first block, in the order of the network, whose exact output differs from
        the reference beyond ``|a - b| <= ATOL·(1 + max|b|) + RTOL·|b|`` at some point.
    InputError
        If ``n_points`` is below :data:`MIN_POINTS`.

    Examples
    --------
    >>> import numpy as np
    >>> from polyexact.networks import mlp_network
    >>> from polyexact.networks.importers import check_faithful
    >>> net = mlp_network([[[2.0]], [[1.0]]], [[0.0], [1.0]])
    >>> ok = lambda x: [2 * x, np.maximum(2 * x, 0), np.maximum(2 * x, 0) + 1]
    >>> check_faithful(net, ok, names=["fc1", "relu", "fc2"])
    100
    >>> bad = lambda x: [2 * x, np.maximum(2 * x, 0), np.maximum(2 * x, 0) + 1.5]
    >>> check_faithful(net, bad, names=["fc1", "relu", "fc2"])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    polyexact.networks.importers.faithfulness.FaithfulnessError: blocks[2] (fc2): ...
    """
    if n_points < MIN_POINTS:
        raise InputError(f"expected at least {MIN_POINTS} points, found {n_points}",
                         field="n_points")
    points = sample_points(net, n_points, seed=seed)
    first: tuple[int, str] | None = None  # the earliest disagreeing block over all points
    for p in points:
        exact = block_outputs(net, tuple(Fraction(float(v)) for v in p))
        ref = reference(p)
        limit = len(exact) if first is None else first[0]
        for i, (ours, theirs) in enumerate(zip(exact[:limit], ref[:limit], strict=True)):
            if theirs is None:
                continue
            problem = _compare(ours, theirs, p)
            if problem is not None:
                first = (i, problem)
                break
        if first is not None and first[0] == 0:
            break
    if first is not None:
        i, problem = first
        raise FaithfulnessError(problem, field=f"blocks[{i}] ({names[i]})")
    return len(points)


def _compare(ours: Sequence[Fraction], theirs: np.ndarray, p: np.ndarray) -> str | None:
    """The disagreement of one block at one point, described, or ``None``."""
    b = np.asarray(theirs, dtype=np.float64).reshape(-1)
    a = np.array([float(v) for v in ours])
    if a.shape != b.shape:
        return f"the source has {b.size} values here, the exact network {a.size}"
    scale = float(np.max(np.abs(b))) if b.size else 0.0
    gap = np.abs(a - b)
    if not np.any(gap > ATOL * (1 + scale) + RTOL * np.abs(b)):
        return None
    k = int(np.argmax(gap))
    return (f"exact output differs from the source framework's at point "
            f"{np.array2string(p, precision=4)}: entry {k} is {a[k]:.6g} exactly, "
            f"{b[k]:.6g} in the source; import refused")
