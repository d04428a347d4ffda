"""Example V.3, recomputed."""

from __future__ import annotations

from polyexact.claims import Verdict, check_claims


def test_v3_512_to_8_is_2_to_72_and_parameters() -> None:
    (r,) = check_claims(quick=True, ids=["V.3"])
    assert r.verdict is Verdict.REFUTED
    assert r.evidence["regions_512_to_8"] == 2**72 == 4722366482869645213696
    assert r.evidence["parameters_4_times_512_squared"] == 1048576
    assert r.evidence["regions_scientific"] == "4.722e+21"
