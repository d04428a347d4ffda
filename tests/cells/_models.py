"""Small hand-made models for the cell tests (built directly from the model dataclasses)."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from polyexact.models import FFN, Domain, Head, Layer, Model

F = Fraction
ALL = Domain("all", (), ())


def box(d: int, lo: int = -1, hi: int = 1) -> Domain:
    """The box [lo, hi]^d as a domain."""
    rows: list[tuple[Fraction, ...]] = []
    rhs: list[Fraction] = []
    for i in range(d):
        e = tuple(F(int(k == i)) for k in range(d))
        rows += [e, tuple(-x for x in e)]
        rhs += [F(hi), F(-lo)]
    return Domain("box", tuple(rows), tuple(rhs), tuple((F(lo), F(hi)) for _ in range(d)))


def relu_model(
    W1: Sequence[Sequence[int]], b1: Sequence[int], domain: Domain = ALL,
    W2: Sequence[Sequence[int]] | None = None,
) -> Model:
    """One FFN-only layer (``heads: []``, residual on so ``y = x``)."""
    d = len(W1[0])
    n = len(W1)
    w2 = W2 if W2 is not None else [[1] * n for _ in range(d)]
    ffn = FFN(
        W1=tuple(tuple(F(x) for x in row) for row in W1),
        b1=tuple(F(x) for x in b1),
        W2=tuple(tuple(F(x) for x in row) for row in w2),
        b2=(F(0),) * d,
    )
    return Model(d, (Layer((), W_O=tuple(() for _ in range(d)), residual=True, ffn=ffn),), domain)


def site_head(sites: Sequence[Sequence[int]], heights: Sequence[int] | None = None) -> Head:
    """A head with W_Q = I, so its sites are the keys and its heights the logit offsets."""
    d = len(sites[0])
    n = len(sites)
    return Head(
        W_Q=tuple(tuple(F(int(i == k)) for k in range(d)) for i in range(d)),
        b_Q=(F(0),) * d,
        keys=tuple(tuple(F(x) for x in s) for s in sites),
        values=tuple((F(j),) for j in range(n)),
        logit_bias=tuple(F(x) for x in (heights or [0] * n)),
    )


def attention_model(heads: Sequence[Head], d: int, domain: Domain = ALL) -> Model:
    """One attention layer without FFN; W_O sums the heads' values into coordinate 0."""
    W_O = tuple(tuple(F(int(i == 0)) for _ in heads) for i in range(d))
    return Model(d, (Layer(tuple(heads), W_O=W_O, residual=True),), domain)
