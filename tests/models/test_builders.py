"""The construction block against its closed form; random models are seeded and well-shaped."""

from __future__ import annotations

import math
import random
from fractions import Fraction

import pytest

from polyexact.models.builders import construction, construction_width, random_model
from polyexact.models.forward import forward
from polyexact.models.model import Model

SIZES = [(1, 2, 2), (1, 3, 2), (2, 2, 4), (2, 4, 4), (2, 3, 8), (3, 2, 7), (1, 5, 6)]


def _tent(z: Fraction, w: int) -> Fraction:
    """Closed form of the 2w-piece sawtooth on [0, 1], independent of the ReLU sum."""
    t = 2 * w * z
    k = math.floor(t)
    frac = t - k
    return frac if k % 2 == 0 else 1 - frac


def _block_closed_form(x: tuple[Fraction, ...], N: int, w: int) -> tuple[Fraction, ...]:
    out = []
    for xi in x:
        # nearest centre p_j = (j - 1/2)/N; a tie (x = j/N) goes to the lower index
        j = max(1, min(N, math.ceil(xi * N)))
        c = (Fraction(j) - Fraction(1, 2)) / N
        out.append(_tent(N * (xi - c) + Fraction(1, 2), w))
    return tuple(out)


@pytest.mark.parametrize(("d", "N", "d_ff"), SIZES)
def test_construction_block_matches_closed_form(d: int, N: int, d_ff: int) -> None:
    model = construction(d, N, d_ff, 1)
    w = construction_width(d, d_ff)
    rng = random.Random(d * 100 + N * 10 + d_ff)
    points = [tuple(Fraction(rng.randint(0, 97), 97) for _ in range(d)) for _ in range(60)]
    # grid walls and tent breakpoints, where ties decide the routing
    points += [tuple(Fraction(k, 2 * w * N) for _ in range(d)) for k in range(2 * w * N + 1)]
    for x in points:
        y = forward(model, x).output
        assert y == _block_closed_form(x, N, w)
        assert all(0 <= yi <= 1 for yi in y)


@pytest.mark.parametrize(("d", "N", "d_ff"), SIZES)
def test_construction_block_is_onto_the_unit_box(d: int, N: int, d_ff: int) -> None:
    model = construction(d, N, d_ff, 1)
    w = construction_width(d, d_ff)
    rng = random.Random(7)
    for _ in range(20):
        t = tuple(Fraction(rng.randint(0, 50), 50) for _ in range(d))
        # first grid cell, first tent piece: the block is x -> 2wN x there
        x = tuple(ti / (2 * w * N) for ti in t)
        assert forward(model, x).output == t


def test_construction_weights_follow_rule_7() -> None:
    model = construction(2, 3, 9, 2)
    layer = model.layers[0]
    assert model.n_layers == 2 and len(layer.heads) == 2
    head = layer.heads[1]
    zero, one = Fraction(0), Fraction(1)
    assert ((zero, one), (zero, zero)) == head.W_Q
    assert head.b_Q == (zero, one)
    assert head.keys[0] == (Fraction(1, 6), -Fraction(1, 72))
    assert head.values[2] == (-Fraction(5, 6),)
    ffn = layer.ffn
    assert ffn is not None and ffn.d_ff == 9 and not ffn.residual
    w = 2
    assert ffn.W1[5] == (zero, Fraction(3)) and ffn.b1[5] == Fraction(1, 2) - Fraction(1, 4)
    assert [ffn.W2[1][4 + m] for m in range(4)] == [2 * w, -4 * w, 4 * w, -4 * w]
    assert ffn.W1[8] == (zero, zero) and ffn.b1[8] == 0
    assert ffn.W2[0][8] == ffn.W2[1][8] == 0
    assert model.domain.box == ((Fraction(0), Fraction(1)), (Fraction(0), Fraction(1)))


def test_construction_rejects_too_narrow_ffn() -> None:
    with pytest.raises(ValueError, match="d_ff"):
        construction(2, 3, 3, 1)


def test_random_model_is_deterministic_and_shaped() -> None:
    def make(seed: int) -> Model:
        return random_model(2, n_layers=2, heads=3, n_keys=4, d_k=2, d_v=1, d_ff=5, seed=seed)

    a = make(1)
    assert a == make(1)
    assert a != make(2)
    head = a.layers[1].heads[2]
    assert len(head.W_Q) == 2 and len(head.W_Q[0]) == 2 and len(head.keys) == 4
    assert not head.has_logit_bias
    assert all(x.denominator in (1, 2, 4) and abs(x) <= 1 for row in head.keys for x in row)
    assert len(a.layers[0].W_O) == 2 and len(a.layers[0].W_O[0]) == 3


def test_random_model_switches() -> None:
    m = random_model(3, n_layers=1, heads=0, n_keys=1, d_k=1, d_v=1, d_ff=0, seed=0,
                     query_bias=False, domain="all")
    assert m.layers[0].heads == () and m.layers[0].ffn is None and m.domain.kind == "all"
    m = random_model(1, n_layers=1, heads=1, n_keys=3, d_k=1, d_v=1, d_ff=2, seed=3,
                     query_bias=False, ffn_residual=True, domain="unit")
    assert not m.layers[0].heads[0].has_query_bias and m.layers[0].ffn is not None
    assert m.layers[0].ffn.residual and m.domain.box == ((Fraction(0), Fraction(1)),)
    assert forward(m, (Fraction(1, 3),)).output == forward(m, (Fraction(1, 3),)).output
