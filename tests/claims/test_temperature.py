"""Thm VI.1, Example VI.2, C6 and C7 in high precision."""

from __future__ import annotations

from fractions import Fraction

from polyexact.claims import Verdict, check_claims


def test_value_and_gradient_bounds_hold_with_equality_at_the_extremal_point() -> None:
    res = check_claims(quick=True, ids=["VI.1-value", "VI.1-gradient"])
    assert [r.verdict for r in res] == [Verdict.HOLDS, Verdict.HOLDS]
    value = res[0].evidence
    assert value["violations"] == 0
    assert value["max_relative_gap_at_extremal"] < 1e-30


def test_hessian_counterexample_to_four_digits() -> None:
    (r,) = check_claims(quick=True, ids=["VI.1-hessian"])
    assert r.verdict is Verdict.REFUTED
    ex = r.evidence["counterexample"]
    assert (ex["hessian_norm"], ex["claimed_bound"], ex["corrected_bound"]) == (
        "0.2100", "0.1353", "0.2707")
    assert r.evidence["exceed_paper_bound"] > 0
    assert r.evidence["exceed_corrected_bound"] == 0


def test_vi2_figures_match_tau_one_eighth_and_are_vacuous_at_tau_eight() -> None:
    (r,) = check_claims(quick=True, ids=["VI.2"])
    assert r.verdict is Verdict.CONDITIONAL
    assert r.evidence["paper_figure_matched_by"] == {
        "7.18e-6": "value_bound", "1.15e-4": "gradient_bound", "4.6e-4": "hessian_bound_paper"}
    assert r.evidence["top_weight_percent_tau_0.125"].startswith("99.994")
    assert str(r.evidence["bounds"]["tau=sqrt(d_k)=8"]["value_bound"]).startswith("47.9")


def test_c6_ratio_tends_to_two() -> None:
    (r,) = check_claims(quick=True, ids=["C6"])
    assert r.verdict is Verdict.HOLDS
    row = r.evidence["ratio_by_N_and_delta_over_tau"]["N=2"]
    assert row["16"].startswith("1.99999")


def test_c7_stable_fraction_is_exact_and_grows_to_one() -> None:
    (r,) = check_claims(quick=True, ids=["C7"])
    fractions = r.evidence["stable_fraction"]
    assert all(isinstance(f, Fraction) for f in fractions)
    assert fractions == sorted(fractions) and fractions[-1] < 1
    assert r.evidence["max_soft_error_over_bound"] <= 1
