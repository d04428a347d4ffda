"""Thm V.5, Thm V.7, Fig. 6(a), C2, C3, C5, C8 from exact enumeration."""

from __future__ import annotations

from polyexact.claims import Verdict, check_claims


def test_v7_construction_counts_and_missing_factor() -> None:
    (r,) = check_claims(quick=True, ids=["V.7"])
    assert r.verdict is Verdict.REFUTED
    counts = {(row["d"], row["N"], row["d_ff"], row["L"]): row["linear_regions"]
              for row in r.evidence["rows"]}
    assert counts == {(1, 2, 2, 1): 4, (1, 3, 2, 2): 36, (2, 2, 4, 1): 16, (2, 4, 4, 1): 64}
    assert r.evidence["ratio_is_2_pow_dL"] is True
    assert r.evidence["needs_query_bias"] is True


def test_c3_and_v5_on_the_same_counts() -> None:
    res = {r.id: r for r in check_claims(quick=True, ids=["C3", "V.5"])}
    assert res["C3"].evidence["sizes_agreeing"] == res["C3"].evidence["sizes_checked"]
    assert res["V.5"].verdict is Verdict.CONDITIONAL
    assert res["V.5"].evidence["violations"] == 0


def test_fig6a_and_c8_report_exact_counts_beside_the_paper() -> None:
    res = {r.id: r for r in check_claims(quick=True, ids=["fig6a", "C8"])}
    entry = res["fig6a"].evidence["counts"]["L=1,N=2"]
    assert entry["paper_monte_carlo"] == 15
    assert all(c >= r for c, r in zip(entry["pattern_cells_per_seed"],
                                      entry["linear_regions_per_seed"], strict=True))
    assert all(row["random_max_pattern_cells"] <= row["construction_regions"]
               for row in res["C8"].evidence["rows"] if row["N"] >= 3)


def test_c2_grid_heads_have_n_to_the_min_h_d_cells() -> None:
    (r,) = check_claims(quick=True, ids=["C2"])
    cells = r.evidence["cells"]
    assert cells["H=1"]["pattern_cells"] == [2, 3, 4]
    assert cells["H=2"]["pattern_cells"] == [4, 9, 16]
    assert cells["H=2"]["pattern_cells_b_Q_0"] == [1, 1, 1]


def test_c5_is_data_only() -> None:
    (r,) = check_claims(quick=True, ids=["C5"])
    assert r.verdict is Verdict.OPEN
    assert set(r.evidence["fitted_exponent"]) == {"L=1", "L=2"}
