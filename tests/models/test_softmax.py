"""Finite temperature: the soft output nears the hard one at rate e^{−δ/τ} (docs/theory.md §6)."""

from __future__ import annotations

import random
from fractions import Fraction

import mpmath
import pytest

from polyexact.errors import NumberError, ShapeError
from polyexact.models.builders import construction
from polyexact.models.domains import whole_space
from polyexact.models.forward import route
from polyexact.models.model import Head, Layer, Model
from polyexact.models.softmax import (
    log_sum_exp,
    log_sum_exp_hessian,
    soft_forward,
    soft_head_output,
    softmax,
    to_mpf,
)
from polyexact.numbers import dot, identity_matrix, zero_vector


def _q(rng: random.Random) -> Fraction:
    return Fraction(rng.randint(-8, 8), 4)


def _one_head_model(seed: int, n: int) -> Model:
    rng = random.Random(seed)
    head = Head(
        W_Q=tuple(tuple(_q(rng) for _ in range(2)) for _ in range(2)),
        b_Q=(_q(rng), _q(rng)),
        keys=tuple((_q(rng), _q(rng)) for _ in range(n)),
        values=tuple((_q(rng), _q(rng)) for _ in range(n)),
        logit_bias=zero_vector(n),
    )
    layer = Layer(heads=(head,), W_O=identity_matrix(2), residual=True)
    return Model(2, (layer,), whole_space())


@pytest.mark.parametrize("seed", range(6))
def test_soft_output_within_value_bound_at_stable_points(seed: int) -> None:
    model = _one_head_model(seed, 4)
    head = model.layers[0].heads[0]
    rng = random.Random(seed + 100)
    delta = Fraction(0)
    while delta <= 0:  # a δ-stable point needs δ > 0: redraw on ties
        x = (_q(rng), _q(rng))
        scores = [dot(a, x) + b for a, b in zip(head.sites, head.heights, strict=True)]
        i = route(head, x)
        delta = min(scores[i] - s for j, s in enumerate(scores) if j != i)
    with mpmath.workdps(60):
        spread = max(mpmath.sqrt(sum((to_mpf(a - b)) ** 2 for a, b in
                                     zip(v, head.values[i], strict=True))) for v in head.values)
    previous = None
    for tau in (Fraction(1), Fraction(1, 2), Fraction(1, 4), Fraction(1, 10), Fraction(1, 40)):
        r = soft_forward(model, x, tau, dps=60)
        with mpmath.workdps(60):
            bound = spread * 3 * mpmath.exp(-to_mpf(delta) / to_mpf(tau))
        assert r.distance <= bound
        # the difference is resolved, not lost to rounding, as long as the spread is non-zero
        assert spread == 0 or r.distance > 0
        if previous is not None:
            assert r.distance <= previous
        previous = r.distance


def test_two_keys_distance_is_exactly_the_logistic_tail() -> None:
    # one key per side: distance = |v1 - v0| / (1 + e^{δ/τ}) in closed form
    head = Head(W_Q=((Fraction(1),),), b_Q=(Fraction(0),), keys=((Fraction(1),), (Fraction(-1),)),
                values=((Fraction(0),), (Fraction(3),)), logit_bias=zero_vector(2))
    model = Model(1, (Layer(heads=(head,), W_O=identity_matrix(1), residual=False),),
                  whole_space())
    x = (Fraction(1, 2),)  # scores 1/2 and -1/2: δ = 1
    for tau in (Fraction(1, 10), Fraction(1, 50), Fraction(1, 90)):
        r = soft_forward(model, x, tau, dps=80)
        with mpmath.workdps(80):
            expected = 3 / (1 + mpmath.exp(1 / to_mpf(tau)))
            assert abs(r.distance - expected) <= expected * mpmath.mpf(10) ** -60
        assert r.hard == (Fraction(0),)
    # 3/(1 + e^{90}) ≈ 2.5e-39: lost next to 1 in floats, resolved at 80 digits
    assert r.distance > 0 and float(1 + r.distance) == 1.0


def test_log_sum_exp_value_bound_is_attained() -> None:
    # all other scores at s_i - δ: P^τ - max = τ log(1 + (N-1) e^{-δ/τ}) exactly
    n, delta, tau = 5, Fraction(3, 2), Fraction(1, 3)
    s = [Fraction(2)] + [Fraction(2) - delta] * (n - 1)
    with mpmath.workdps(50):
        gap = log_sum_exp(s, tau) - 2
        t = to_mpf(tau)
        assert abs(gap - t * mpmath.log(1 + (n - 1) * mpmath.exp(-to_mpf(delta) / t))) < \
            mpmath.mpf(10) ** -45
    assert log_sum_exp([Fraction(7)], Fraction(1, 5)) == 7


def test_softmax_gradient_and_bound() -> None:
    s = [Fraction(1), Fraction(0), Fraction(-1, 2)]
    tau = Fraction(1, 4)
    p = softmax(s, tau)
    with mpmath.workdps(50):
        assert abs(mpmath.fsum(p) - 1) < mpmath.mpf(10) ** -45
        h = mpmath.mpf(10) ** -20
        for k in range(3):
            bumped = [to_mpf(x) for x in s]
            bumped[k] += h
            numeric = (log_sum_exp(bumped, tau) - log_sum_exp(s, tau)) / h
            assert abs(numeric - p[k]) < mpmath.mpf(10) ** -15
        # ‖softmax − e_0‖_1 <= 2 (N−1) e^{−δ/τ}, δ = 1
        l1 = abs(p[0] - 1) + p[1] + p[2]
        assert l1 <= 2 * 2 * mpmath.exp(-1 / to_mpf(tau))


def test_hessian_counterexample_to_the_papers_constant() -> None:
    # N = 2, τ = 1, δ = 2, s = (2, 0): ‖∇²P‖_2 = 2 p0 p1 ≈ 0.2100 > e^{-2} ≈ 0.1353
    hess = log_sum_exp_hessian([Fraction(2), Fraction(0)], Fraction(1))
    with mpmath.workdps(50):
        norm = max(abs(x) for x in mpmath.eigsy(hess)[0])
        p1 = 1 / (1 + mpmath.e ** 2)
        assert abs(norm - 2 * p1 * (1 - p1)) < mpmath.mpf(10) ** -40
        assert norm > mpmath.exp(-2)
        assert norm <= 2 * mpmath.exp(-2)
        assert abs(hess[0, 1] - hess[1, 0]) == 0 and abs(hess[0, 0] + hess[0, 1]) < 1e-45


def test_soft_head_output_is_a_convex_combination() -> None:
    model = _one_head_model(3, 5)
    head = model.layers[0].heads[0]
    out = soft_head_output(head, (Fraction(1, 3), Fraction(-2)), Fraction(2))
    for k in range(2):
        column = [to_mpf(v[k]) for v in head.values]
        assert min(column) <= out[k] <= max(column)


def test_construction_soft_output_converges() -> None:
    model = construction(2, 3, 4, 2)
    x = (Fraction(1, 7), Fraction(5, 11))
    d1 = soft_forward(model, x, Fraction(1, 20)).distance
    d2 = soft_forward(model, x, Fraction(1, 200)).distance
    assert 0 < d2 < d1 < 1


def test_bad_arguments() -> None:
    model = construction(1, 2, 2, 1)
    with pytest.raises(NumberError, match="tau"):
        soft_forward(model, (Fraction(0),), 0)
    with pytest.raises(ShapeError, match="point"):
        soft_forward(model, (Fraction(0), Fraction(0)), 1)
