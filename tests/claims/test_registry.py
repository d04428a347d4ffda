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
