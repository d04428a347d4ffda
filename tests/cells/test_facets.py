"""Facets from a V-representation (tight-generator masks) against hand-computed facts and the LP."""

from __future__ import annotations

import copy
import math
from collections.abc import Sequence
from fractions import Fraction
from math import lcm
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import polyexact.verify.verifier as verify_module
from polyexact.cells import certificate_to_data, enumerate_cells
from polyexact.models import FFN, Layer, Model, box_domain, random_model, whole_space
from polyexact.models.model import Domain
from polyexact.numbers import dot
from polyexact.polyhedra import HPolyhedron, integer_generators
from polyexact.verify import verify_certificate
from polyexact.verify.cells import FACET_INSIDE, FACET_ON_BOUNDARY, CellChecker
from polyexact.verify.facets import (
    HomogeneousPoint,
    face_point,
    facet_masks,
    relative_interior_point,
)

F = Fraction
Row = tuple[int, ...]


def _ints(v: Sequence[Fraction]) -> tuple[tuple[int, ...], int]:
    w = lcm(*(x.denominator for x in v))
    return tuple(int(x * w) for x in v), w


def _facets(rows: Sequence[Row]) -> list[HomogeneousPoint | None]:
    """Per row, a relative-interior point of its facet (``None``: no facet), from the integer
    V-representation cddlib gives for ``rows``."""
    points, rays, _ = integer_generators(rows, len(rows[0]) - 1)
    return [None if mask is None else face_point(mask, points, rays)
            for mask in facet_masks(rows, points, rays)]


@settings(max_examples=80, deadline=None)
@given(st.integers(2, 4).flatmap(lambda d: st.lists(
    st.tuples(*[st.integers(-2, 2)] * d, st.integers(-1, 2)).filter(lambda r: any(r[:-1])),
    min_size=1, max_size=7)))
def test_integer_generators_are_the_fraction_ones(rows: list[Row]) -> None:
    # the integer entry point and the Fraction one describe the same generators
    d = len(rows[0]) - 1
    poly = HPolyhedron(tuple(tuple(F(x) for x in r[:-1]) for r in rows),
                       tuple(F(r[-1]) for r in rows), d)
    assume(not poly.is_empty)
    points, rays, lines = integer_generators(rows, d)
    as_fractions = {tuple(F(x, W) for x in X) for X, W in points}
    expected = set(poly.vertices) or {(F(0),) * d}  # a cone's apex, left implicit by cdd
    assert as_fractions == expected
    assert sorted(rays) == sorted(_primitive(_ints(r)[0]) for r in poly.rays)
    assert len(lines) == len(poly.lines)
    assert all(W > 0 for _, W in points)


def _primitive(v: tuple[int, ...]) -> tuple[int, ...]:
    g = math.gcd(*v) or 1
    return tuple(x // g for x in v)


def _point(p: HomogeneousPoint | None) -> tuple[Fraction, ...] | None:
    return None if p is None else tuple(F(x, p[1]) for x in p[0])


CUBE: list[Row] = [(1, 0, 0, 1), (-1, 0, 0, 0), (0, 1, 0, 1), (0, -1, 0, 0), (0, 0, 1, 1),
                   (0, 0, -1, 0)]


def test_a_facet_recorded_twice_is_a_facet_twice() -> None:
    # equal tight sets mean equal faces: both copies of x <= 1 (one scaled) are facets, while
    # x + y <= 2, tight only at the vertex (1, 1), lies inside both of their faces
    got = _facets([(1, 0, 1), (2, 0, 2), (-1, 0, 0), (0, 1, 1), (0, -1, 0), (1, 1, 2)])
    half = F(1, 2)
    expected: list[tuple[Fraction, ...] | None] = [(F(1), half), (F(1), half), (F(0), half),
                                                   (half, F(1)), (half, F(0)), None]
    assert [_point(p) for p in got] == expected


def test_cube_rows_are_facets_and_edge_vertex_rows_are_not() -> None:
    got = _facets([*CUBE, (1, 1, 0, 2), (1, 1, 1, 3), (1, 0, 0, 2), (1, -1, 0, 1)])
    half = F(1, 2)
    assert [_point(p) for p in got[:6]] == [
        (1, half, half), (0, half, half), (half, 1, half), (half, 0, half), (half, half, 1),
        (half, half, 0)]
    # x + y <= 2 touches the edge x = y = 1, x + y + z <= 3 the vertex (1, 1, 1), x <= 2
    # nothing, x - y <= 1 the edge x = 1, y = 0
    assert got[6:] == [None, None, None, None]


def test_duplicated_and_scaled_rows_share_the_facet() -> None:
    got = _facets([*CUBE, (2, 0, 0, 2)])
    assert got[0] == got[6] == ((2, 1, 1), 2)


def test_wedge_apex_and_ray_rows() -> None:
    # y >= |x| (a cone: apex implicit in cddlib's output) and the redundant y >= 0 at the apex
    wedge = _facets([(-1, -1, 0), (1, -1, 0), (0, -1, 0)])
    assert [_point(p) for p in wedge] == [(F(-1), F(1)), (F(1), F(1)), None]
    # the positive octant's -x - y <= 0 is tight at the apex and along the z-axis: an edge
    octant = _facets([(-1, 0, 0, 0), (0, -1, 0, 0), (0, 0, -1, 0), (-1, -1, 0, 0)])
    assert [_point(p) for p in octant] == [(F(0), F(1), F(1)), (F(1), F(0), F(1)),
                                          (F(1), F(1), F(0)), None]


def test_slab_and_half_space_with_lines() -> None:
    # 0 <= y <= 1 in R^3: lineality x and z; -y <= 1 is parallel to it (tight nowhere)
    slab = _facets([(0, -1, 0, 0), (0, 1, 0, 1), (0, -1, 0, 1)])
    low, high = _point(slab[0]), _point(slab[1])
    assert low is not None and high is not None and slab[2] is None
    assert low[1] == 0 and high[1] == 1  # on the planes y = 0 and y = 1
    # z >= 0 in R^3: two lines; z >= -1 is tight only at infinity (along the lines)
    half = _facets([(0, 0, -1, 0), (0, 0, -1, 1)])
    bottom = _point(half[0])
    assert half[1] is None and bottom is not None and bottom[2] == 0


def test_quadrant_row_tight_only_along_a_ray() -> None:
    # x, y >= 0: the row x >= -1 is parallel to the ray (0, 1) but touches no point
    got = _facets([(-1, 0, 0), (0, -1, 0), (-1, 0, 1)])
    assert [_point(p) for p in got] == [(F(0), F(1)), (F(1), F(0)), None]


def test_zero_normal_is_an_error() -> None:
    with pytest.raises(ValueError):
        facet_masks([(0, 0, 1)], [((0, 0), 1)])


@settings(max_examples=120, deadline=None)
@given(st.integers(2, 4).flatmap(lambda d: st.lists(
    st.tuples(*[st.integers(-2, 2)] * d, st.integers(-1, 2)).filter(lambda r: any(r[:-1])),
    min_size=1, max_size=7)), st.booleans())
def test_rank_test_agrees_with_the_lp(rows: list[Row], boxed: bool) -> None:
    # random degenerate polyhedra, unbounded (rays, lines) or cut by the box [-2, 2]^d: the
    # same rows are facets, and the two relative-interior points are tight on the same rows
    # (both lie in the facet's relative interior)
    d = len(rows[0]) - 1
    if boxed:
        rows = rows + [(*(s * (k == m) for m in range(d)), 2)
                       for k in range(d) for s in (1, -1)]
    A = [tuple(F(x) for x in r[:-1]) for r in rows]
    b = [F(r[-1]) for r in rows]
    assume(HPolyhedron(tuple(A), tuple(b), d).interior_point is not None)
    for r, got in enumerate(_facets(rows)):
        lp = relative_interior_point(A, b, A[r], b[r])
        assert (got is None) == (lp is None)
        if got is None or lp is None:
            continue
        p = _point(got)
        assert p is not None and all(dot(a, p) <= c for a, c in zip(A, b, strict=True))
        assert [dot(a, p) == c for a, c in zip(A, b, strict=True)] == \
               [dot(a, lp) == c for a, c in zip(A, b, strict=True)]


# -- the verifier's general path --------------------------------------------------------------


def _ffn_3d(domain: Domain) -> Model:
    # ReLU of x, x - 1, y, z, x + y - 1: in cells with x >= 1 the row x >= 0 is implied but
    # redundant (it misses the cell), and with also y >= 0 so is x + y >= 1 (through an edge)
    W1 = ((F(1), F(0), F(0)), (F(1), F(0), F(0)), (F(0), F(1), F(0)), (F(0), F(0), F(1)),
          (F(1), F(1), F(0)))
    W2 = ((F(1), F(0), F(1), F(0), F(1)), (F(0), F(1), F(0), F(0), F(0)),
          (F(0), F(0), F(0), F(1), F(-1)))
    return Model(3, (Layer(heads=(), W_O=((), (), ()), residual=True,
                           ffn=FFN(W1=W1, b1=(F(0), F(-1), F(0), F(0), F(-1)), W2=W2,
                                   b2=(F(0),) * 3)),), domain)


MODELS = [_ffn_3d(whole_space()), _ffn_3d(box_domain([(F(-2), F(3))] * 3)),
          random_model(3, n_layers=1, heads=1, n_keys=3, d_k=2, d_v=1, d_ff=2, seed=3),
          random_model(2, n_layers=2, heads=1, n_keys=3, d_k=2, d_v=1, d_ff=2, seed=2,
                       domain="all")]


@pytest.mark.parametrize("model", MODELS, ids=["relu3d_all", "relu3d_box", "random3d", "all2d"])
def test_general_path_status_agrees_with_the_lp(model: Model) -> None:
    cx = enumerate_cells(model)
    assert verify_certificate(certificate_to_data(cx)).valid
    checker = CellChecker(model)
    dom = model.domain
    for i, cell in enumerate(cx.cells):
        status = checker.check(cell, f"cells[{i}]").status
        expected = []
        for a, c in zip(cell.A, cell.b, strict=True):
            p = relative_interior_point(cell.A, cell.b, a, c)
            assert p is not None  # an enumerated cell lists facets only
            on = any(dot(da, p) == db for da, db in zip(dom.A, dom.b, strict=True))
            expected.append(FACET_ON_BOUNDARY if on else FACET_INSIDE)
        assert status == tuple(expected)


def _with_row(data: dict[str, Any], active: list[bool | None], a: list[int], b: int,
              neuron: int) -> int:
    """Add the row ``⟨a, x⟩ <= b`` of ``neuron`` to the first cell with the given activity."""
    k = next(k for k, c in enumerate(data["shards"][0]["cells"])
             if all(s is None or s == t for s, t in zip(active, c["pattern"][0]["active"],
                                                       strict=True)))
    cell = data["shards"][0]["cells"][k]
    assert {"kind": "neuron", "layer": 0, "neuron": neuron} not in cell["walls"]
    cell["A"].append(a)
    cell["b"].append(b)
    cell["walls"].append({"kind": "neuron", "layer": 0, "neuron": neuron})
    return k


@pytest.mark.parametrize("model", MODELS[:2], ids=["all", "box"])
def test_redundant_rows_are_rejected_with_or_without_an_adjacency(
        model: Model, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(verify_module, "BATCH", 4)  # jobs = 2 then runs in a pool
    clean = certificate_to_data(enumerate_cells(model))
    # x + y >= 1 where x >= 1 and y >= 0: tight along the edge x = 1, y = 0 only
    edge = copy.deepcopy(clean)
    k = _with_row(edge, [True, True, True, None, True], [-1, -1, 0], -1, 4)
    # x >= 0 where x >= 1: tight nowhere
    missing = copy.deepcopy(clean)
    m = _with_row(missing, [True, True, None, None, None], [-1, 0, 0], 0, 0)
    for data, i in ((edge, k), (missing, m)):
        row = len(data["shards"][0]["cells"][i]["A"]) - 1
        for jobs in (1, 2):
            report = verify_certificate(data, jobs=jobs)
            assert not report.valid
            assert report.reason == f"cells[{i}].A[{row}]: not a facet (redundant row)"
    # recorded as a facet shared with a cell across x = 0: the two only face each other
    j = next(j for j, c in enumerate(missing["shards"][0]["cells"]) if [1, 0, 0] in c["A"]
             and c["b"][c["A"].index([1, 0, 0])] == 0)
    missing["shards"][0]["adjacency"].append({"cells": sorted([j, m]),
                                 "wall": {"kind": "neuron", "layer": 0, "neuron": 0}})
    for jobs in (1, 2):
        report = verify_certificate(missing, jobs=jobs)
        assert not report.valid
        assert "do not share a (d-1)-dimensional facet" in report.reason


def test_fake_adjacency_in_an_arrangement_is_refused() -> None:
    # cells of an arrangement share whole facets; two cells on the two sides of one neuron's
    # hyperplane but also separated by a second one meet in a (d - 2)-set at most: refused
    rows = [(1, 2, -1, 1), (2, -1, 1, 0), (-1, 1, 3, 2), (1, 1, 1, -1), (3, 0, -1, 1)]
    W1 = tuple(tuple(Fraction(x) for x in r[:3]) for r in rows)
    ffn = FFN(W1, tuple(Fraction(r[3]) for r in rows),
              tuple(tuple(Fraction(int(i == k)) for i in range(5)) for k in range(3)),
              (Fraction(0),) * 3)
    model = Model(3, (Layer((), ((),) * 3, residual=True, ffn=ffn),), whole_space())
    data = certificate_to_data(enumerate_cells(model))
    assert verify_certificate(data).valid
    cells = data["shards"][0]["cells"]

    def neurons(k: int) -> set[int]:
        return {w["neuron"] for w in cells[k]["walls"]}

    def bits(k: int) -> list[bool]:
        return list(cells[k]["pattern"][0]["active"])

    a, b, n = next((a, b, n) for a in range(len(cells)) for b in range(a + 1, len(cells))
                   for n in neurons(a) & neurons(b)
                   if sum(x != y for x, y in zip(bits(a), bits(b), strict=True)) == 2
                   and bits(a)[n] != bits(b)[n])
    tampered = copy.deepcopy(data)
    tampered["shards"][0]["adjacency"].append(
        {"cells": [a, b], "wall": {"kind": "neuron", "layer": 0, "neuron": n}})
    tampered["shards"][0]["adjacency"].sort(key=lambda adj: tuple(adj["cells"]))
    report = verify_certificate(tampered)
    assert not report.valid and "do not share a (d-1)-dimensional facet" in report.reason, report
