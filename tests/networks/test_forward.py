"""The block forward pass: hand-computed values, and equality with the v1 forward pass."""

from __future__ import annotations

import random
from fractions import Fraction as F

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from polyexact.models import construction, random_model, whole_space
from polyexact.models.forward import forward
from polyexact.networks import (
    Affine,
    LeakyReLU,
    ReLU,
    Residual,
    block_outputs,
    forward_network,
    layer_pattern_of,
    mlp_network,
    network_from_blocks,
    network_from_model,
)

fractions = st.fractions(min_value=-4, max_value=4, max_denominator=12)


def test_mlp_by_hand() -> None:
    # y = relu(x1 - x2) + 2 relu(x2) - 1
    net = mlp_network([[[1, -1], [0, 1]], [[1, 2]]], [[0, 0], [-1]])
    r = forward_network(net, (F(3), F(1)))
    assert r.output == (F(3 - 1 + 2 - 1),)
    assert r.pattern == ((), (True, True), ())
    # a zero pre-activation is inactive
    assert forward_network(net, (F(1), F(1))).pattern[1] == (False, True)
    assert forward_network(net, (F(0), F(-2))).output == (F(1),)


def test_leaky_relu_and_residual_by_hand() -> None:
    # x ↦ x + leaky(x - 1) with slope 1/4
    skip = Residual((Affine(((F(1),),), (F(-1),)), LeakyReLU(1, F(1, 4))))
    net = network_from_blocks(1, [skip], whole_space())
    assert forward_network(net, (F(3),)).output == (F(5),)
    assert forward_network(net, (F(-3),)).output == (F(-3) + F(-4, 4),)
    assert forward_network(net, (F(-3),)).pattern == ((), (False,))
    assert block_outputs(net, (F(3),)) == [(F(5),)]


def test_widths_must_chain() -> None:
    with pytest.raises(Exception, match=r"blocks\[0\].body: expected|blocks\[0\]: expected"):
        network_from_blocks(1, [Residual((Affine(((F(1),), (F(1),)), (F(0), F(0))),))],
                            whole_space())
    with pytest.raises(Exception, match=r"blocks\[1\]: expected input width 2, found 3"):
        network_from_blocks(1, [Affine(((F(1),), (F(1),)), (F(0), F(0))), ReLU(3)],
                            whole_space())


def _points(d: int, rng: random.Random, n: int) -> list[tuple[F, ...]]:
    return [tuple(F(rng.randint(-40, 40), rng.randint(1, 9)) for _ in range(d)) for _ in range(n)]


@pytest.mark.parametrize("seed", range(12))
def test_v1_models_agree_with_block_forward(seed: int) -> None:
    rng = random.Random(seed)
    model = random_model(rng.randint(1, 3), n_layers=rng.randint(1, 3), heads=rng.randint(0, 2),
                         n_keys=rng.randint(1, 4), d_k=rng.randint(1, 2), d_v=1,
                         d_ff=rng.randint(0, 4), seed=seed, logit_bias=bool(seed % 2),
                         residual=seed % 3 != 0, ffn_residual=seed % 4 == 1)
    net = network_from_model(model)
    for x in _points(model.d_model, rng, 60):
        ours, theirs = forward_network(net, x), forward(model, x)
        assert ours.output == theirs.output
        assert layer_pattern_of(model, ours.pattern) == theirs.pattern


def test_construction_agrees_on_a_grid_with_ties() -> None:
    model = construction(2, 3, 4, 2)
    net = network_from_model(model)
    grid = [F(i, 8) for i in range(9)]
    for a in grid:
        for b in grid:
            ours, theirs = forward_network(net, (a, b)), forward(model, (a, b))
            assert ours.output == theirs.output
            assert layer_pattern_of(model, ours.pattern) == theirs.pattern


@settings(max_examples=60, deadline=None)
@given(st.tuples(fractions, fractions))
def test_random_v1_model_agrees_at_any_point(x: tuple[F, F]) -> None:
    model = random_model(2, n_layers=2, heads=2, n_keys=3, d_k=2, d_v=1, d_ff=3, seed=5,
                         logit_bias=True)
    ours, theirs = forward_network(network_from_model(model), x), forward(model, x)
    assert ours.output == theirs.output
    assert layer_pattern_of(model, ours.pattern) == theirs.pattern
