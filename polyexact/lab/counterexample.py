"""Counterexample search: random exact models on which a claim about their cells is false.

A *claim* is a function ``claim(model, cell_complex) -> bool``. :func:`find_counterexample`
lets hypothesis draw models (:mod:`polyexact.lab.strategies`), counts each one's cells exactly
and, when the claim is false, shrinks the model to a smallest one on which it is still false.
The result is re-checked by the independent verifier before it is returned, and can be kept as
a ground-truth fixture with :func:`save_counterexample`.

Hypothesis is a runtime dependency of polyexact for this module.
"""

from __future__ import annotations

import os
import runpy
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from polyexact.certificates import CellComplex
from polyexact.errors import InputError, InternalCheckError
from polyexact.lab._engine import certify, enumerate_model
from polyexact.lab.strategies import ModelRanges, Size, model_strategy
from polyexact.models import Model

__all__ = ["Claim", "Counterexample", "find_counterexample", "read_claim", "save_counterexample"]

#: ``claim(model, cell_complex)`` is True when the claim holds on the model.
Claim = Callable[[Model, CellComplex], bool]


@dataclass(frozen=True)
class Counterexample:
    """A model on which the claim is false, with its cells re-checked by the verifier.

    Attributes
    ----------
    model : Model
        The shrunk model.
    complex : CellComplex
        Its cells, adjacency and regions (certified: the independent verifier accepted them).
    reason : str
        The verifier's report.
    examples : int
        The ``max_examples`` budget of the search.

    Examples
    --------
    >>> from polyexact.lab import find_counterexample
    >>> found = find_counterexample(lambda m, cx: cx.n_cells == 1, heads=0, d_ff=(0, 1),
    ...                             max_examples=20)
    >>> found.pattern_cells, found.linear_regions, found.reason
    (2, 1, '2 pattern cells and 1 linear regions verified')
    """

    model: Model
    complex: CellComplex
    reason: str
    examples: int

    @property
    def pattern_cells(self) -> int:
        """The certified number of pattern cells."""
        return self.complex.n_cells

    @property
    def linear_regions(self) -> int:
        """The certified number of maximal linear regions."""
        return self.complex.n_regions


def find_counterexample(
    claim: Claim,
    *,
    d: Size = 2,
    n_layers: Size = 1,
    heads: Size = (0, 2),
    n_keys: Size = (1, 4),
    d_ff: Size = (0, 4),
    d_k: Size = (1, 2),
    d_v: Size = 1,
    numerator: int = 3,
    denominator: int = 4,
    query_bias: bool = True,
    logit_bias: bool = False,
    domain: str = "box",
    max_examples: int = 300,
    seed: int | None = None,
) -> Counterexample | None:
    """Search random exact models for one where ``claim(model, cell_complex)`` is false.

    Parameters
    ----------
    claim : callable
        ``claim(model, cell_complex) -> bool``; the complex is exact (pattern cells, adjacency,
        maximal linear regions).
    d, n_layers, heads, n_keys, d_ff, d_k, d_v : int or (low, high)
        Sizes, one value or an inclusive range; ``heads`` is per layer, ``n_keys``, ``d_k``,
        ``d_v`` per head, ``d_ff`` per layer (0: no FFN).
    numerator, denominator : int
        Weights are ``n/q`` with ``|n| <= numerator`` and ``1 <= q <= denominator``.
    query_bias, logit_bias : bool, default True, False
        Draw query biases, per-key logit offsets (else they are zero).
    domain : {"box", "unit", "all"}
        ``[−1, 1]^d``, ``[0, 1]^d`` or R^d.
    max_examples : int, default 300
        Models to try before giving up.
    seed : int, optional
        Seed of the search; by default the search is derandomized (the same every run).

    Returns
    -------
    Counterexample or None
        The shrunk model with its certified complex, or ``None`` if none was found.

    Raises
    ------
    InputError
        If a range is invalid or ``max_examples < 1``.
    InternalCheckError
        If the verifier rejects the counterexample's cells.

    See Also
    --------
    save_counterexample, polyexact.lab.strategies.model_strategy

    Examples
    --------
    >>> from polyexact import find_counterexample
    >>> found = find_counterexample(lambda m, cx: cx.n_regions == cx.n_cells, heads=0,
    ...                             d_ff=(0, 2), max_examples=50)
    >>> found.pattern_cells, found.linear_regions, found.model.layers[0].ffn.d_ff
    (2, 1, 1)
    >>> find_counterexample(lambda m, cx: cx.n_regions <= cx.n_cells, heads=(0, 1),
    ...                     d_ff=(0, 1), max_examples=20) is None
    True
    """
    from hypothesis import HealthCheck, find, settings
    from hypothesis.errors import NoSuchExample

    ranges = ModelRanges.of(d=d, n_layers=n_layers, heads=heads, n_keys=n_keys, d_k=d_k,
                            d_v=d_v, d_ff=d_ff, numerator=numerator, denominator=denominator,
                            query_bias=query_bias, logit_bias=logit_bias, domain=domain)
    if isinstance(max_examples, bool) or not isinstance(max_examples, int) or max_examples < 1:
        raise InputError(f"expected a positive integer, found {max_examples!r}",
                         field="max_examples")
    complexes: dict[Model, CellComplex] = {}

    def complex_of(model: Model) -> CellComplex:
        if model not in complexes:  # shrinking revisits models: count each once
            complexes[model] = enumerate_model(model)
        return complexes[model]

    def refutes(model: Model) -> bool:
        return not claim(model, complex_of(model))

    config = settings(max_examples=max_examples, database=None, deadline=None,
                      derandomize=seed is None, suppress_health_check=list(HealthCheck),
                      report_multiple_bugs=False)
    import random

    try:
        model = find(model_strategy(ranges), refutes, settings=config,
                     random=None if seed is None else random.Random(seed))
    except NoSuchExample:
        return None
    complex_ = complex_of(model)
    valid, reason = certify(complex_)
    if not valid:
        raise InternalCheckError(f"the verifier rejects the counterexample's cells: {reason}")
    return Counterexample(model, complex_, reason, max_examples)


def read_claim(path: str | os.PathLike[str]) -> Claim:
    """The function ``claim`` defined by the Python file ``path``.

    Raises
    ------
    InputError
        If the file cannot be run or defines no callable ``claim`` (naming the file).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from polyexact.lab import read_claim
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "claim.py"
    >>> _ = p.write_text("def claim(model, cx):\\n    return cx.n_cells >= 1\\n")
    >>> read_claim(p).__name__
    'claim'
    """
    target = Path(path)
    if not target.is_file():
        raise InputError("no such file", field=str(target))
    try:
        namespace = runpy.run_path(str(target))
    except (Exception, SystemExit) as err:  # the user's file: any failure is their input error
        raise InputError(f"cannot run it: {type(err).__name__}: {err}", field=str(target)) from err
    claim = namespace.get("claim")
    if not callable(claim):
        raise InputError("defines no function claim(model, cell_complex)", field=str(target))
    result: Claim = claim
    return result


def save_counterexample(found: Counterexample, path: str | os.PathLike[str], *,
                        name: str | None = None, description: str | None = None) -> Path:
    """Write ``found`` as a ground-truth fixture (``polyexact.fixture/1``) that
    ``polyexact fixtures --check`` re-verifies.

    Examples
    --------
    >>> import json, pathlib, tempfile
    >>> from polyexact.fixtures import check_fixture_file
    >>> from polyexact.lab import find_counterexample, save_counterexample
    >>> found = find_counterexample(lambda m, cx: cx.n_regions == cx.n_cells, heads=0,
    ...                             d_ff=(0, 2), max_examples=50)
    >>> p = save_counterexample(found, pathlib.Path(tempfile.mkdtemp()) / "merge.json")
    >>> json.loads(p.read_text())["expected"]
    {'linear_regions': 1, 'pattern_cells': 2}
    >>> check_fixture_file(p).ok
    True
    """
    import json

    from polyexact.atomic import write_atomic
    from polyexact.fixtures.catalog import FixtureSpec
    from polyexact.fixtures.run import fixture_to_data

    target = Path(path)
    label = name or target.stem
    spec = FixtureSpec(label, "model", description or
                       f"counterexample: {found.pattern_cells} pattern cells, "
                       f"{found.linear_regions} linear regions", lambda: found.model,
                       found.pattern_cells)
    data: dict[str, Any] = fixture_to_data(spec)
    return write_atomic(target, json.dumps(data, indent=1, sort_keys=True) + "\n")
