"""Hypothesis strategies for random *exact* models (small rational weights) in given size ranges.

The strategy draws sizes first (layers, then per layer its heads, each head's keys, ``d_k`` and
``d_v``, then the FFN width) and weights ``n/q`` with small integers, so hypothesis shrinks a
failing model towards fewer layers, heads, keys and neurons, numerators towards 0 and
denominators towards 1.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from polyexact.errors import InputError
from polyexact.models import FFN, Domain, Head, Layer, Model, box_domain, whole_space

__all__ = ["ModelRanges", "model_strategy", "size_range"]

#: A size: one value, or an inclusive (low, high) range.
Size = int | tuple[int, int]


def size_range(value: Size, field: str, *, low: int = 0) -> tuple[int, int]:
    """An inclusive ``(low, high)`` range from an int or a pair; refuses values below ``low``.

    Examples
    --------
    >>> from polyexact.lab.strategies import size_range
    >>> size_range(2, "d", low=1), size_range((0, 3), "heads")
    ((2, 2), (0, 3))
    >>> size_range((3, 1), "heads")
    Traceback (most recent call last):
    ...
    polyexact.errors.InputError: heads: expected low <= high, both >= 0, found (3, 1)
    """
    pair = (value, value) if isinstance(value, int) else tuple(value)
    if (len(pair) != 2 or not all(isinstance(v, int) and not isinstance(v, bool) for v in pair)
            or not low <= pair[0] <= pair[1]):
        raise InputError(f"expected low <= high, both >= {low}, found {value!r}", field=field)
    return pair[0], pair[1]


@dataclass(frozen=True)
class ModelRanges:
    """Validated size ranges and weight grid of the searched models.

    Examples
    --------
    >>> from polyexact.lab.strategies import ModelRanges
    >>> ModelRanges.of(heads=(0, 2)).heads
    (0, 2)
    """

    d: tuple[int, int]
    n_layers: tuple[int, int]
    heads: tuple[int, int]
    n_keys: tuple[int, int]
    d_k: tuple[int, int]
    d_v: tuple[int, int]
    d_ff: tuple[int, int]
    numerator: int
    denominator: int
    query_bias: bool
    logit_bias: bool
    domain: str

    @classmethod
    def of(cls, *, d: Size = 2, n_layers: Size = 1, heads: Size = (0, 2), n_keys: Size = (1, 4),
           d_k: Size = (1, 2), d_v: Size = 1, d_ff: Size = (0, 4), numerator: int = 3,
           denominator: int = 4, query_bias: bool = True, logit_bias: bool = False,
           domain: str = "box") -> ModelRanges:
        """Check every range (``InputError`` naming the argument) and build the ranges."""
        if isinstance(numerator, bool) or not isinstance(numerator, int) or numerator < 1:
            raise InputError(f"expected a positive integer, found {numerator!r}",
                             field="numerator")
        if isinstance(denominator, bool) or not isinstance(denominator, int) or denominator < 1:
            raise InputError(f"expected a positive integer, found {denominator!r}",
                             field="denominator")
        if domain not in ("box", "unit", "all"):
            raise InputError(f"expected 'box', 'unit' or 'all', found {domain!r}", field="domain")
        return cls(size_range(d, "d", low=1), size_range(n_layers, "n_layers", low=1),
                   size_range(heads, "heads"), size_range(n_keys, "n_keys", low=1),
                   size_range(d_k, "d_k", low=1), size_range(d_v, "d_v", low=1),
                   size_range(d_ff, "d_ff"), numerator, denominator, query_bias, logit_bias,
                   domain)


def model_strategy(ranges: ModelRanges) -> Any:
    """A hypothesis strategy of :class:`~polyexact.models.Model` within ``ranges``.

    Every weight is ``n/q`` with ``|n| <= numerator`` and ``1 <= q <= denominator``; the domain
    is ``[−1, 1]^d`` (``"box"``), ``[0, 1]^d`` (``"unit"``) or R^d (``"all"``); residuals are on;
    query biases and logit biases (per-key offsets) are drawn when switched on, else zero.

    Examples
    --------
    >>> from hypothesis import find, settings
    >>> from polyexact.lab.strategies import ModelRanges, model_strategy
    >>> ranges = ModelRanges.of(heads=(1, 2), n_keys=(1, 2), d_k=1, d_ff=(0, 1))
    >>> m = find(model_strategy(ranges), lambda m: True,
    ...          settings=settings(database=None, derandomize=True))
    >>> m.n_layers, len(m.layers[0].heads), m.layers[0].heads[0].keys, m.layers[0].ffn
    (1, 1, ((Fraction(0, 1),),), None)
    """
    from hypothesis import strategies as st

    r = ranges
    weight = st.builds(Fraction, st.integers(-r.numerator, r.numerator),
                       st.integers(1, r.denominator))

    def ints(span: tuple[int, int]) -> Any:
        return st.integers(*span)

    @st.composite
    def models(draw: Any) -> Model:
        def vec(n: int) -> tuple[Fraction, ...]:
            return tuple(draw(weight) for _ in range(n))

        def mat(rows: int, cols: int) -> tuple[tuple[Fraction, ...], ...]:
            return tuple(vec(cols) for _ in range(rows))

        d = draw(ints(r.d))
        zero = Fraction(0)
        layers = []
        for _ in range(draw(ints(r.n_layers))):
            heads = []
            for _ in range(draw(ints(r.heads))):
                n, dk, dv = draw(ints(r.n_keys)), draw(ints(r.d_k)), draw(ints(r.d_v))
                heads.append(Head(W_Q=mat(dk, d), b_Q=vec(dk) if r.query_bias else (zero,) * dk,
                                  keys=mat(n, dk), values=mat(n, dv),
                                  logit_bias=vec(n) if r.logit_bias else (zero,) * n))
            W_O = mat(d, sum(h.d_v for h in heads))
            width = draw(ints(r.d_ff))
            ffn = None
            if width:
                ffn = FFN(W1=mat(width, d), b1=vec(width), W2=mat(d, width), b2=vec(d))
            layers.append(Layer(heads=tuple(heads), W_O=W_O, residual=True, ffn=ffn))
        return Model(d, tuple(layers), _domain(r.domain, d), name="counterexample search")

    return models()


def _domain(kind: str, d: int) -> Domain:
    if kind == "all":
        return whole_space()
    lo = Fraction(-1) if kind == "box" else Fraction(0)
    return box_domain([(lo, Fraction(1))] * d)
