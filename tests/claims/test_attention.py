"""Thm IV.3, Cor. IV.4, Remark IV.6."""

from __future__ import annotations

from fractions import Fraction

from polyexact.claims import Verdict, check_claims


def test_iv3_routing_is_the_power_diagram_with_unbounded_bias_free_cells() -> None:
    (r,) = check_claims(quick=True, ids=["IV.3"])
    assert r.verdict is Verdict.HOLDS
    assert r.evidence["bias_free_cells"] > 0
    assert r.evidence["bias_free_bounded_cells"] == 0


def test_iv4_jump_does_not_shrink_with_epsilon() -> None:
    (r,) = check_claims(quick=True, ids=["IV.4"])
    assert r.verdict is Verdict.HOLDS
    jump = r.evidence["jumps"][0]
    sizes = {side["jump_squared"] for side in jump["sides"]}
    assert len(sizes) == 1 and sizes.pop() > 0
    for c in r.evidence["construction_d1_N2"]:
        assert c["block_jump"] == 0
        assert c["attention_jump"] == -Fraction(1, 2) + 2 * c["eps"]


def test_iv6_equal_norms_give_voronoi_and_are_needed() -> None:
    (r,) = check_claims(quick=True, ids=["IV.6"])
    assert r.verdict is Verdict.HOLDS
    assert r.evidence["equal_norm_needed"] is True
    assert all(row["equal_weights"] for row in r.evidence["rows"] if row["equal_norms"])
