"""Prop. V.1, Thm V.2, Fig. 4, Fig. 6(b), C1, C4."""

from __future__ import annotations

from polyexact.claims import Verdict, check_claims
from polyexact.claims._polygons import circle_polygon, parabola_polygon
from polyexact.tropical import minkowski_sum


def test_circle_polygon_is_exactly_on_the_unit_circle() -> None:
    assert all(x * x + y * y == 1 for x, y in circle_polygon(7))


def test_parabola_polygons_attain_the_product_bound() -> None:
    sets = [parabola_polygon(3, (k,), 4) for k in (1, 2, 3)]
    assert minkowski_sum(sets).n_vertices == 27


def test_v1_and_v2_standard_hold() -> None:
    res = {r.id: r for r in check_claims(quick=True, ids=["V.1", "V.2-standard"])}
    assert res["V.1"].verdict is Verdict.HOLDS
    assert res["V.1"].evidence["primal_equals_dual"] == res["V.1"].evidence["instances"]
    assert res["V.2-standard"].verdict is Verdict.HOLDS
    assert all(r["vertices"] == r["N^H"]
               for r in res["V.2-standard"].evidence["attainment_H_eq_d_minus_1"])


def test_v2_saturated_counts_are_quadratic() -> None:
    (r,) = check_claims(quick=True, ids=["V.2-saturated"])
    assert r.verdict is Verdict.REFUTED
    rows = r.evidence["rows"]
    # two N-gons in the xy- and yz-planes: N²/2 + 2N − 2 (docs/theory.md §7.3: 14/28/46)
    assert [row["H=2 vertices"] for row in rows] == [n * n // 2 + 2 * n - 2 for n in (4, 6, 8, 10)]
    assert all(row["fan formula"] == row["H=2 vertices"] for row in rows)
    assert all(row["H=4 vertices"] > row["N*H (H=4)"] for row in rows)


def test_fig4_best_found_is_far_below_216() -> None:
    (r,) = check_claims(quick=True, ids=["fig4"])
    assert r.verdict is Verdict.REFUTED
    assert 0 < r.evidence["best_random"] < 216
    assert r.evidence["coordinate_plane_hexagons"] < 216


def test_fig6b_h1_counts_are_at_most_n_and_h2_at_most_n_squared() -> None:
    (r,) = check_claims(quick=True, ids=["fig6b"])
    assert r.verdict is Verdict.OPEN
    for key, entry in r.evidence["counts"].items():
        assert all(c <= entry["N^H"] for c in entry["per_seed"]), key
    assert r.evidence["counts"]["H=2,N=2"]["per_seed"] == [4, 4]


def test_c1_bias_free_plane_is_3n_and_c4_is_conditional() -> None:
    res = {r.id: r for r in check_claims(quick=True, ids=["C1", "C4"])}
    assert res["C1"].evidence["d2_H3"]["cells"] == [12, 24, 48]
    assert res["C1"].evidence["d3_parabola_polygons"]["H=2"] == [9, 16, 25]
    assert res["C4"].verdict is Verdict.CONDITIONAL
    assert max(res["C4"].evidence["cells_without_offsets"]) <= 2
