"""Claims about finite temperature: Thm VI.1 (value, gradient, Hessian).

On scores s ∈ R^N, ``P^τ(s) = τ log Σ e^{s_j/τ}`` and the stable region
``R_i^δ = {s : s_i ≥ s_j + δ for j ≠ i}`` (docs/theory.md §6). Scores are exact rationals;
everything derived is computed with mpmath at :data:`DIGITS` digits (``e^{−δ/τ}`` underflows
floats long before the bounds become uninteresting). Nothing here is geometry:
no count depends on it.
Example VI.2, C6 and C7 are checked in :mod:`polyexact.claims.temperature_examples`.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from fractions import Fraction
from typing import Any

from polyexact.claims._data import mp_str
from polyexact.claims._temperature import (
    DIGITS,
    Real,
    _high_precision,
    _mp,
    _tail,
    hessian_norm,
)
from polyexact.claims.registry import Finding, Verdict, register

__all__ = ["DIGITS", "hessian_norm"]


def _gap(scores: list[Fraction], tau: Fraction) -> Real:
    """``P^τ(s) − max(s)`` (exact maximum, mpmath log-sum-exp)."""
    from polyexact.models.softmax import log_sum_exp

    return log_sum_exp(scores, tau, dps=DIGITS) - _mp(max(scores))


def _softmax(scores: list[Fraction], tau: Fraction) -> list[Real]:
    from polyexact.models.softmax import softmax

    return list(softmax(scores, tau, dps=DIGITS))


def _grid(quick: bool, *, hessian: bool = False) -> Iterator[tuple[int, Fraction, Fraction]]:
    sizes = [2, 3, 8] if quick else [2, 3, 8, 16] if hessian else [2, 3, 8, 64, 512]
    taus = [Fraction(1, 8), Fraction(1), Fraction(8)] if quick else [
        Fraction(1, 8), Fraction(1, 2), Fraction(1), Fraction(8)]
    deltas = [Fraction(1, 2), Fraction(2)] if quick else [
        Fraction(1, 4), Fraction(1), Fraction(2), Fraction(4)]
    for n in sizes:
        for tau in taus:
            for delta in deltas:
                yield n, tau, delta


def _samples(n: int, delta: Fraction, rng: random.Random, count: int) -> Iterator[list[Fraction]]:
    """Score vectors in R_0^δ: s_0 = 0, the others ≤ −δ (some exactly −δ, on the boundary)."""
    yield [Fraction(0)] + [-delta] * (n - 1)  # the extremal configuration
    for _ in range(count):
        yield [Fraction(0)] + [-delta - Fraction(rng.randint(0, 40), 8) for _ in range(n - 1)]


@register(
    "VI.1-value",
    "Thm VI.1(1): on R_i^δ, 0 ≤ P^τ(s) − max(s) ≤ τ·log(1 + (N−1)e^{−δ/τ}).",
)
@_high_precision
def _check_value(quick: bool) -> Finding:
    """Check the value bound on a grid of (N, τ, δ) and seeded samples; equality when extremal."""
    import mpmath

    rng = random.Random(61)
    checked, violations, worst_ratio, worst_equality_gap = 0, 0, mpmath.mpf(0), mpmath.mpf(0)
    for n, tau, delta in _grid(quick):
        bound = _mp(tau) * mpmath.log(1 + _tail(n, tau, delta))
        for k, s in enumerate(_samples(n, delta, rng, 3 if quick else 10)):
            gap = _gap(s, tau)
            checked += 1
            if gap < 0 or gap > bound * (1 + mpmath.mpf(10) ** (10 - DIGITS)):
                violations += 1
            if bound > 0:
                worst_ratio = max(worst_ratio, gap / bound)
            if k == 0:  # extremal: the bound is attained
                worst_equality_gap = max(worst_equality_gap, abs(gap - bound) / bound)
    holds = violations == 0 and worst_equality_gap < mpmath.mpf(10) ** (20 - DIGITS)
    return Finding(
        Verdict.HOLDS if holds else Verdict.REFUTED,
        f"{checked} score vectors, {violations} violations; max gap/bound = "
        f"{mp_str(worst_ratio, 8)}, attained at the extremal configuration",
        {
            "vectors_checked": checked,
            "violations": violations,
            "max_gap_over_bound": worst_ratio,
            "max_relative_gap_at_extremal": worst_equality_gap,
            "digits": DIGITS,
        },
    )


@register(
    "VI.1-gradient",
    "Thm VI.1(2): on R_i^δ, ‖softmax(s/τ) − e_i‖₁ ≤ 2(N−1)e^{−δ/τ}.",
)
@_high_precision
def _check_gradient(quick: bool) -> Finding:
    """Check the gradient bound; report how close the extremal configuration comes."""
    import mpmath

    rng = random.Random(62)
    checked, violations, worst_ratio = 0, 0, mpmath.mpf(0)
    for n, tau, delta in _grid(quick):
        bound = 2 * _tail(n, tau, delta)
        for s in _samples(n, delta, rng, 3 if quick else 10):
            p = _softmax(s, tau)
            dist = abs(p[0] - 1) + mpmath.fsum(p[1:])
            checked += 1
            violations += dist > bound * (1 + mpmath.mpf(10) ** (10 - DIGITS))
            worst_ratio = max(worst_ratio, dist / bound)
    return Finding(
        Verdict.HOLDS if violations == 0 else Verdict.REFUTED,
        f"{checked} score vectors, {violations} violations; max ‖p − e_i‖₁ / bound = "
        f"{mp_str(worst_ratio, 8)}",
        {"vectors_checked": checked, "violations": violations, "max_ratio": worst_ratio},
    )


def _counterexample() -> dict[str, Any]:
    import mpmath

    s, n, delta = [Fraction(2), Fraction(0)], 2, Fraction(2)
    norm = hessian_norm(s, Fraction(1))
    claimed = _tail(n, Fraction(1), delta)
    return {
        "N": n, "tau": 1, "delta": 2, "scores": [2, 0],
        "hessian_norm": mpmath.nstr(norm, 4, strip_zeros=False),
        "claimed_bound": mpmath.nstr(claimed, 4, strip_zeros=False),
        "corrected_bound": mpmath.nstr(2 * claimed, 4, strip_zeros=False),
        "ratio": mpmath.nstr(norm / claimed, 6),
        "_exceeds": norm > claimed,
    }


@register(
    "VI.1-hessian",
    "Thm VI.1(3): on R_i^δ, ‖∇²P^τ(s)‖₂ ≤ (1/τ)(N−1)e^{−δ/τ}.",
)
@_high_precision
def _check_hessian(quick: bool) -> Finding:
    """Exhibit the counterexample N=2, τ=1, δ=2, s=(2,0); check the constant 2/τ on samples."""
    import mpmath

    example = _counterexample()
    rng = random.Random(63)
    checked, over_paper, over_corrected = 0, 0, 0
    worst = mpmath.mpf(0)
    for n, tau, delta in _grid(quick, hessian=True):
        claimed = _tail(n, tau, delta) / _mp(tau)
        for s in _samples(n, delta, rng, 2 if quick else 5):
            norm = hessian_norm(s, tau)
            checked += 1
            over_paper += norm > claimed
            over_corrected += norm > 2 * claimed * (1 + mpmath.mpf(10) ** (10 - DIGITS))
            worst = max(worst, norm / claimed)
    refuted = bool(example.pop("_exceeds"))
    return Finding(
        Verdict.REFUTED if refuted else Verdict.HOLDS,
        f"N=2, τ=1, δ=2, s=(2,0): ‖∇²P^τ‖₂ = {example['hessian_norm']} > claimed "
        f"{example['claimed_bound']}; the constant 2/τ holds on all {checked} samples "
        f"(max ratio to the paper's bound {mp_str(worst, 5)})",
        {
            "counterexample": example,
            "vectors_checked": checked,
            "exceed_paper_bound": over_paper,
            "exceed_corrected_bound": over_corrected,
            "max_ratio_to_paper_bound": worst,
        },
    )
