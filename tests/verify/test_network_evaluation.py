"""The verifier's own evaluation of block networks agrees with the networks package's forward
pass on random exact networks and points (two implementations of the same definitions), and its
pattern rows and maps describe what the forward pass does."""

from __future__ import annotations

from fractions import Fraction as F
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from polyexact.models import FFN, Head, LayerPattern, whole_space
from polyexact.networks import (
    Affine,
    Attention,
    Block,
    LeakyReLU,
    Network,
    ReLU,
    Residual,
    forward_network,
    network_from_blocks,
)
from polyexact.numbers import dot
from polyexact.verify.evaluate import evaluate_network
from polyexact.verify.pattern_rows import NetworkRowCache

# small rationals, zero included: ties and exact zeros are where the rules matter
numbers = st.builds(F, st.integers(-4, 4), st.sampled_from([1, 2, 3]))


def matrix(draw: Any, rows: int, cols: int) -> tuple[tuple[F, ...], ...]:
    return tuple(tuple(draw(numbers) for _ in range(cols)) for _ in range(rows))


def vector(draw: Any, n: int) -> tuple[F, ...]:
    return tuple(draw(numbers) for _ in range(n))


def block(draw: Any, width: int, depth: int) -> tuple[Block, int]:
    kinds = ["affine", "relu", "leaky", "ffn", "attention"] + (["residual"] if depth < 2 else [])
    kind = draw(st.sampled_from(kinds))
    if kind == "affine":
        out = draw(st.integers(1, 3))
        return Affine(matrix(draw, out, width), vector(draw, out)), out
    if kind == "relu":
        return ReLU(width), width
    if kind == "leaky":
        return LeakyReLU(width, draw(st.sampled_from([F(1, 10), F(1, 2), F(-1, 3), F(2)]))), width
    if kind == "ffn":
        d_ff = draw(st.integers(1, 3))
        residual = draw(st.booleans())
        out = width if residual else draw(st.integers(1, 3))
        return FFN(matrix(draw, d_ff, width), vector(draw, d_ff), matrix(draw, out, d_ff),
                   vector(draw, out), residual), out
    if kind == "attention":
        heads = []
        for _ in range(draw(st.integers(1, 2))):
            n_keys, d_k, d_v = draw(st.integers(1, 3)), draw(st.integers(1, 2)), \
                draw(st.integers(1, 2))
            heads.append(Head(W_Q=matrix(draw, d_k, width), b_Q=vector(draw, d_k),
                              keys=matrix(draw, n_keys, d_k), values=matrix(draw, n_keys, d_v),
                              logit_bias=vector(draw, n_keys)))
        residual = draw(st.booleans())
        out = width if residual else draw(st.integers(1, 3))
        concat = sum(h.d_v for h in heads)
        return Attention(tuple(heads), matrix(draw, out, concat), residual), out
    body: list[Block] = []
    inner = width
    for _ in range(draw(st.integers(1, 3))):
        b, inner = block(draw, inner, depth + 1)
        body.append(b)
    # close the body back to its input width
    body.append(Affine(matrix(draw, width, inner), vector(draw, width)))
    return Residual(tuple(body)), width


@st.composite
def networks_and_points(draw: Any) -> tuple[Network, list[tuple[F, ...]]]:
    d = draw(st.integers(1, 3))
    width = d
    blocks: list[Block] = []
    for _ in range(draw(st.integers(1, 5))):
        b, width = block(draw, width, 0)
        blocks.append(b)
    net = network_from_blocks(d, blocks, whole_space())
    points = [vector(draw, d) for _ in range(4)]
    return net, points


def as_layer_patterns(net: Network, pattern: tuple[tuple[int, ...], ...]
                      ) -> tuple[LayerPattern, ...]:
    return tuple(LayerPattern(tuple(e), ()) if isinstance(b, Attention)
                 else LayerPattern((), tuple(bool(x) for x in e))
                 for b, e in zip(net.leaves, pattern, strict=True))


@settings(max_examples=150, deadline=None)
@given(networks_and_points())
def test_the_verifier_evaluates_networks_as_the_forward_pass_does(
        case: tuple[Network, list[tuple[F, ...]]]) -> None:
    net, points = case
    cache = NetworkRowCache(net)
    for x in points:
        expected = forward_network(net, x)
        pattern, output = evaluate_network(net, x)
        assert output == expected.output
        assert pattern == as_layer_patterns(net, expected.pattern)
        # the point satisfies its own pattern's rows, and the pattern's map gives the output
        rows, amap = cache.rows_and_map(pattern)
        for r in rows:
            lhs = dot(r.a, x)
            assert lhs < r.bound if r.strict else lhs <= r.bound
        assert amap(x) == expected.output
