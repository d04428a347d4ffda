"""The claim registry: every id has a check, results serialise to JSON data."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest

from polyexact.claims import CLAIM_IDS, Verdict, check_claims, statement_of
from polyexact.claims._data import evidence_to_data, fit_exponent
from polyexact.errors import InputError


def test_every_claim_id_has_a_statement() -> None:
    assert len(CLAIM_IDS) == 24
    assert all(statement_of(i) for i in CLAIM_IDS)


def test_unknown_id_is_an_input_error() -> None:
    with pytest.raises(InputError, match=r"unknown claim id 'V\.9'"):
        check_claims(ids=["V.9"])


def test_results_come_in_paper_order_and_are_json() -> None:
    results = check_claims(quick=True, ids=["VI.2", "V.3"])
    assert [r.id for r in results] == ["V.3", "VI.2"]
    data = json.loads(json.dumps([r.to_data() for r in results]))
    assert {tuple(sorted(d)) for d in data} == {("evidence", "id", "statement", "verdict")}
    assert {d["verdict"] for d in data} <= {v.value for v in Verdict}


def test_evidence_to_data_writes_rationals_as_strings() -> None:
    assert evidence_to_data({"x": [Fraction(3, 6), Fraction(4)]}) == {"x": ["1/2", 4]}
    assert evidence_to_data(float("nan")) is None


def test_fit_exponent_of_a_power_law() -> None:
    assert fit_exponent([3, 5, 7], [27, 125, 343]) == 3.0


#: The verdict of every claim at the quick sizes (docs/theory.md §10).
QUICK_VERDICTS = {
    "IV.3": "holds", "IV.4": "holds", "IV.6": "holds", "V.1": "holds", "V.2-standard": "holds",
    "V.2-saturated": "refuted", "fig4": "refuted", "V.3": "refuted", "V.5": "conditional",
    "V.7": "refuted", "VI.1-value": "holds", "VI.1-gradient": "holds",
    "VI.1-hessian": "refuted", "VI.2": "conditional", "fig6a": "open", "fig6b": "open",
    "C1": "open", "C2": "open", "C3": "open", "C4": "conditional", "C5": "open", "C6": "holds",
    "C7": "open", "C8": "open",
}


def test_every_claim_has_its_verdict_at_the_quick_sizes() -> None:
    results = check_claims(quick=True)
    assert [r.id for r in results] == list(CLAIM_IDS)
    assert {r.id: r.verdict.value for r in results} == QUICK_VERDICTS
    assert all(r.summary for r in results)
