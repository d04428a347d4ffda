"""The enumerator's double-description path (d = 3, 4) against independent exact methods.

Every piece that is not a bounded 2-D polygon is cut as a double description and its children's
adjacency is carried by
:func:`~polyexact.polyhedra.incremental.double_description.facets_overlap` (with an
LP fallback for d >= 4). Checked here against:

- the brute force of :mod:`tests.cells.test_enumerate_properties` (every pattern, LPs via
  cddlib) on small, deliberately degenerate models over a box and over R^d, including models
  whose pieces on the two sides of a wall carry different maps (attention then ReLU, ReLU then
  ReLU), so that the children's facets on the shared hyperplane genuinely differ; and the
  forward pass at every cell's interior point;
- Zaslavsky's count and the one-separating-hyperplane adjacency rule for arrangements;
- the independent certificate verifier;
- an exact LP for :func:`facets_overlap` itself, on random pairs of polyhedra;
- a hand-made 4-D model on which the LP fallback of ``_meet_on`` is really reached.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction
from itertools import combinations
from math import gcd

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import polyexact.cells.adjacency as adjacency
from polyexact.cells import enumerate_cells
from polyexact.certificates.write import certificate_to_data
from polyexact.models import FFN, Domain, Head, Layer, Model
from polyexact.models.forward import affine_map_of_pattern, forward
from polyexact.polyhedra.incremental.double_description import DDPolyhedron
from polyexact.polyhedra.incremental.facet_overlap import facets_overlap
from polyexact.polyhedra.lp import max_slack_on_hyperplane
from polyexact.verify.verifier import verify_certificate
from tests.cells._models import ALL, box, relu_model
from tests.cells.test_enumerate_properties import _check_against_brute_force

F = Fraction
IntRow = tuple[tuple[int, ...], int]  # a neuron ``⟨w, x⟩ + c``: ``(w, c)``

small = st.integers(-2, 2)
#: how a neuron row relates to the earlier ones; the degenerate kinds are the point
KINDS = ("fresh", "fresh", "copy", "multiple", "negative", "parallel", "point", "line", "zero")


def _dot(u: Sequence[int], v: Sequence[int]) -> int:
    return sum(x * y for x, y in zip(u, v, strict=True))


@st.composite
def neuron_rows(draw: st.DrawFn, d: int, n_min: int, n_max: int) -> list[IntRow]:
    """Small integer rows, often duplicated, scaled, negated, parallel, concurrent or zero."""
    p = tuple(draw(small) for _ in range(d))  # the common point
    u = tuple(draw(st.integers(-1, 1)) for _ in range(d))  # with p, the common line
    rows: list[IntRow] = []
    for _ in range(draw(st.integers(n_min, n_max))):
        kind = draw(st.sampled_from(KINDS))
        w = tuple(draw(small) for _ in range(d))
        c = draw(small)
        prev = draw(st.sampled_from(rows)) if rows else (w, c)
        if kind == "copy":
            w, c = prev
        elif kind == "multiple":
            k = draw(st.integers(2, 3))
            w, c = tuple(k * x for x in prev[0]), k * prev[1]
        elif kind == "negative":
            w, c = tuple(-x for x in prev[0]), -prev[1]
        elif kind == "parallel":
            w = prev[0]
        elif kind == "point":
            c = -_dot(w, p)
        elif kind == "line":
            # w projected orthogonally to u (in integers): the hyperplane contains p + R u
            w = tuple(_dot(u, u) * x - _dot(w, u) * y for x, y in zip(w, u, strict=True))
            c = -_dot(w, p)
        elif kind == "zero":
            w = (0,) * d
        rows.append((w, c))
    return rows


def _matrix(draw: st.DrawFn, n_rows: int, n_cols: int) -> tuple[tuple[Fraction, ...], ...]:
    return tuple(tuple(F(draw(small)) for _ in range(n_cols)) for _ in range(n_rows))


def _ffn(draw: st.DrawFn, d: int, rows: list[IntRow]) -> FFN:
    return FFN(tuple(tuple(F(x) for x in w) for w, _ in rows), tuple(F(c) for _, c in rows),
               _matrix(draw, d, len(rows)), tuple(F(draw(small)) for _ in range(d)),
               residual=draw(st.booleans()))


@st.composite
def heads(draw: st.DrawFn, d: int) -> Head:
    """A head with 2–3 keys: often W_Q = 0, duplicate keys, equal logit offsets."""
    d_k = draw(st.integers(1, 2))
    W_Q = ((F(0),) * d,) * d_k if draw(st.integers(0, 3)) == 0 else _matrix(draw, d_k, d)
    keys: list[tuple[Fraction, ...]] = []
    for _ in range(draw(st.integers(2, 3))):
        dup = keys and draw(st.integers(0, 3)) == 0
        keys.append(draw(st.sampled_from(keys)) if dup else _matrix(draw, 1, d_k)[0])
    n = len(keys)
    return Head(W_Q, tuple(F(draw(small)) for _ in range(d_k)), tuple(keys),
                _matrix(draw, n, 1), tuple(F(draw(st.integers(0, 1))) for _ in range(n)))


@st.composite
def dd_models(draw: st.DrawFn, d: int) -> Model:
    """One- and two-layer models small enough for the brute force (at most 2^5 bit patterns).

    ``relu_relu`` and ``attn_relu`` give pieces with different maps on the two sides of a wall.
    """
    shape = draw(st.sampled_from(["relu", "relu_relu", "attn_relu", "relu_attn"]))
    big = 5 if d == 3 else 4  # the brute force costs 2^n LPs and more, more so in d = 4
    layers: list[Layer] = []
    if shape == "relu":
        rows = draw(neuron_rows(d, 2, big))
        layers.append(Layer((), W_O=((),) * d, residual=True, ffn=_ffn(draw, d, rows)))
    elif shape == "relu_relu":
        for n in (big - 2, 2):
            rows = draw(neuron_rows(d, 1, n))
            layers.append(Layer((), W_O=((),) * d, residual=True, ffn=_ffn(draw, d, rows)))
    else:
        head = draw(heads(d))
        W_O = _matrix(draw, d, 1)
        residual = draw(st.sampled_from([True, True, False]))
        rows = draw(neuron_rows(d, 1, big - 2))
        ffn = _ffn(draw, d, rows)
        if shape == "attn_relu":
            # the FFN sees the routed state: its walls differ across every routing wall
            layers.append(Layer((head,), W_O, residual, ffn=ffn))
        else:
            layers += [Layer((), W_O=((),) * d, residual=True, ffn=ffn),
                       Layer((head,), W_O, residual)]
    domain: Domain = box(d) if draw(st.booleans()) else ALL
    return Model(d, tuple(layers), domain)


def _check_points_and_maps(model: Model) -> None:
    """Every cell's point is strictly inside its rows and the forward pass there agrees.

    The pattern at the point is the cell's, and its map is the one composed afresh from the
    pattern (pieces share map objects, which this would catch going wrong).
    """
    for cell in enumerate_cells(model).cells:
        for a, beta in zip(cell.A, cell.b, strict=True):
            assert sum((x * y for x, y in zip(a, cell.point, strict=True)), F(0)) < beta
        result = forward(model, cell.point)
        assert result.pattern == cell.pattern
        assert cell.affine_map == affine_map_of_pattern(model, cell.pattern)
        assert cell.affine_map(cell.point) == result.output


@settings(max_examples=200)
@given(dd_models(3))
def test_three_dimensional_models_agree_with_brute_force(model: Model) -> None:
    _check_against_brute_force(model)
    _check_points_and_maps(model)


@settings(max_examples=60)
@given(dd_models(4))
def test_four_dimensional_models_agree_with_brute_force(model: Model) -> None:
    _check_against_brute_force(model)
    _check_points_and_maps(model)


# --- arrangements: Zaslavsky's count and adjacency by one separating hyperplane -------------


def _rank(rows: Sequence[Sequence[Fraction]]) -> int:
    """The rank of a rational matrix, by exact Gaussian elimination."""
    m = [list(r) for r in rows]
    rank = 0
    for col in range(len(m[0]) if m else 0):
        pivot = next((i for i in range(rank, len(m)) if m[i][col]), None)
        if pivot is None:
            continue
        m[rank], m[pivot] = m[pivot], m[rank]
        for i in range(len(m)):
            if i != rank and m[i][col]:
                f = m[i][col] / m[rank][col]
                m[i] = [x - f * y for x, y in zip(m[i], m[rank], strict=True)]
        rank += 1
    return rank


def zaslavsky_regions(hyperplanes: Sequence[IntRow]) -> int:
    """Regions of ``{⟨w, x⟩ + c = 0}``: Σ over subsets B meeting of (−1)^(|B| − rank B).

    A repeated hyperplane does not change the sum, so ``hyperplanes`` may be a multiset.
    """
    total = 0
    for r in range(len(hyperplanes) + 1):
        for subset in combinations(hyperplanes, r):
            W = [[F(x) for x in w] for w, _ in subset]
            rank = _rank(W)
            # the intersection is non-empty iff appending the right-hand side keeps the rank
            if _rank([[*row, F(-c)] for row, (_, c) in zip(W, subset, strict=True)]) == rank:
                total += (-1) ** (r - rank)
    return total


def _distinct(rows: Sequence[IntRow]) -> list[IntRow]:
    """The hyperplanes of non-zero rows, each once (multiples and negatives merged)."""
    out: dict[tuple[int, ...], IntRow] = {}
    for w, c in rows:
        if not any(w):
            continue
        ints = (*w, c)
        lead = next(x for x in w if x)
        g = gcd(*ints) * (1 if lead > 0 else -1)
        key = tuple(x // g for x in ints)
        out[key] = (key[:-1], key[-1])
    return list(out.values())


def _check_arrangement(rows: list[IntRow]) -> None:
    cx = enumerate_cells(relu_model([list(w) for w, _ in rows], [c for _, c in rows]))
    planes = _distinct(rows)
    # a zero row is no hyperplane (empty, or all of R^d): its neuron is constant
    nonzero = [(w, c) for w, c in rows if any(w)]
    assert cx.n_cells == zaslavsky_regions(nonzero) == zaslavsky_regions(planes)
    signs = []
    for cell in cx.cells:
        values = [sum((F(x) * y for x, y in zip(w, cell.point, strict=True)), F(c))
                  for w, c in planes]
        assert all(values)  # an interior point is on no hyperplane
        signs.append(tuple(v > 0 for v in values))
    assert len(set(signs)) == len(signs)  # one cell per region
    separated_by_one = {(i, k) for i, k in combinations(range(len(signs)), 2)
                        if sum(a != b for a, b in zip(signs[i], signs[k], strict=True)) == 1}
    assert {(a.first, a.second) for a in cx.adjacency} == separated_by_one


@settings(max_examples=60)
@given(neuron_rows(3, 3, 9))
def test_arrangements_in_r3_count_and_adjacency(rows: list[IntRow]) -> None:
    _check_arrangement(rows)


@settings(max_examples=25)
@given(neuron_rows(4, 3, 9))
def test_arrangements_in_r4_count_and_adjacency(rows: list[IntRow]) -> None:
    _check_arrangement(rows)


@pytest.mark.parametrize(("rows", "regions"), [
    # the coordinate hyperplanes of R^3 and R^4: the orthants
    ([((1, 0, 0), 0), ((0, 1, 0), 0), ((0, 0, 1), 0)], 8),
    ([((1, 0, 0, 0), 0), ((0, 1, 0, 0), 0), ((0, 0, 1, 0), 0), ((0, 0, 0, 1), 0)], 16),
    # four planes in general position in R^3: 1 + 4 + 6 + 4
    ([((1, 0, 0), 0), ((0, 1, 0), 0), ((0, 0, 1), 0), ((1, 1, 1), -1)], 15),
    # three planes through one line, plus a duplicate and a negative: 6 wedges
    ([((1, 0, 0), 0), ((0, 1, 0), 0), ((1, 1, 0), 0), ((2, 2, 0), 0), ((-1, 0, 0), 0)], 6),
    # three parallel planes and a zero row: 4 slabs
    ([((1, 1, 0), 0), ((1, 1, 0), 1), ((1, 1, 0), -2), ((0, 0, 0), 1)], 4),
])
def test_hand_counted_arrangements(rows: list[IntRow], regions: int) -> None:
    assert zaslavsky_regions([(w, c) for w, c in rows if any(w)]) == regions
    _check_arrangement(rows)


# --- certificates ----------------------------------------------------------------------------


def _fallback_model(domain: Domain = ALL) -> Model:
    """Attention then one ReLU in R^4: on the two sides of the routing wall x1 + x2 + x3 = 0
    the neuron's walls are parallel hyperplanes one apart, so the children's facets on the
    wall are different unbounded half-spaces of it, which the generators leave undecided."""
    head = Head(W_Q=((F(-1), F(-1), F(-1), F(0)),), b_Q=(F(0),), keys=((F(-1),), (F(1),)),
                values=((F(1),), (F(0),)), logit_bias=(F(0), F(0)))
    ffn = FFN(W1=((F(-1), F(1), F(1), F(-1)),), b1=(F(0),),
              W2=((F(1),), (F(0),), (F(1),), (F(1),)), b2=(F(0), F(1), F(0), F(1)))
    W_O = ((F(0),), (F(1),), (F(-1),), (F(1),))
    return Model(4, (Layer((head,), W_O=W_O, residual=True, ffn=ffn),), domain)


def _relu_layer(W1: list[list[int]], b1: list[int], W2: list[list[int]]) -> Layer:
    d = len(W2)
    ffn = FFN(tuple(tuple(F(x) for x in row) for row in W1), tuple(F(x) for x in b1),
              tuple(tuple(F(x) for x in row) for row in W2), (F(0),) * d, residual=True)
    return Layer((), W_O=((),) * d, residual=True, ffn=ffn)


def _two_relu_layers(d: int, domain: Domain) -> Model:
    """ReLU then ReLU: the second layer's walls bend on the first layer's."""
    pad = [0] * (d - 2)
    first = _relu_layer([[1, 0, *pad], [0, 1, *pad], [1] * d], [0, 0, -1],
                        [[1, -1, 2]] + [[0, 2, -1]] * (d - 1))
    second = _relu_layer([[1, -1, *([1] * (d - 2))], [*pad, 0, 1]], [1, 0], [[1, 1]] * d)
    return Model(d, (first, second), domain)


CERTIFIED: dict[str, Callable[[], Model]] = {
    "central arrangement in R^3": lambda: relu_model(
        [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 1], [1, -1, 0], [-2, 2, 0]], [0] * 6),
    "arrangement in a box of R^4": lambda: relu_model(
        [[1, 0, 0, 0], [0, 1, 1, 0], [1, 1, 1, 1], [0, 0, 1, -1]], [0, 0, -1, 1], box(4)),
    "two ReLU layers over R^3": lambda: _two_relu_layers(3, ALL),
    "two ReLU layers in a box of R^4": lambda: _two_relu_layers(4, box(4)),
    "attention then ReLU over R^4": _fallback_model,
}


@pytest.mark.parametrize("name", sorted(CERTIFIED))
def test_certificates_verify_independently(name: str) -> None:
    cx = enumerate_cells(CERTIFIED[name]())
    assert cx.n_cells > 2
    report = verify_certificate(certificate_to_data(cx))
    assert report.valid, report.reason
    assert (report.pattern_cells, report.linear_regions) == (cx.n_cells, cx.n_regions)


@pytest.mark.parametrize("name", ["two ReLU layers over R^3", "two ReLU layers in a box of R^4"])
def test_certified_two_layer_models_agree_with_brute_force(name: str) -> None:
    assert _check_against_brute_force(CERTIFIED[name]()) > 4


# --- the LP fallback of _meet_on ---------------------------------------------------------------


@pytest.mark.parametrize("domain", [ALL, box(4, -2, 2)], ids=["all", "box"])
def test_lp_fallback_is_reached_and_agrees_with_brute_force(
        domain: Domain, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[Fraction] = []

    def counting(A: Sequence[Sequence[Fraction]], b: Sequence[Fraction],
                 normal: Sequence[Fraction], offset: Fraction) -> Fraction:
        calls.append(max_slack_on_hyperplane(A, b, normal, offset))
        return calls[-1]

    monkeypatch.setattr(adjacency, "max_slack_on_hyperplane", counting)
    # each side of the routing wall is split in two by the neuron; of the children's facets
    # on the wall, the generators leave one overlap open and the LP decides it
    assert _check_against_brute_force(_fallback_model(domain)) == 4
    assert calls


# --- facets_overlap against an exact LP --------------------------------------------------------


def _box_rows(draw: st.DrawFn, d: int) -> list[IntRow]:
    """``|x_k| <= r_k`` with small random ``r_k``, or nothing (then usually unbounded)."""
    if draw(st.integers(0, 2)) == 0:
        return []
    units = [tuple(s * int(k == m) for k in range(d)) for m in range(d) for s in (1, -1)]
    return [(u, draw(st.integers(1, 3))) for u in units]


@st.composite
def facet_pairs(draw: st.DrawFn) -> tuple[int, list[IntRow], list[IntRow]]:
    """Rows of two polyhedra on the two sides of ``x_d = 0`` (first or last row of each).

    Often bounded; the second often mirrors the first, moved along the hyperplane (equal,
    overlapping, touching or disjoint facets), or both end with the same cut from opposite sides
    (as the children of one split do).
    """
    d = draw(st.sampled_from([3, 3, 4]))
    unit = tuple(int(k == d - 1) for k in range(d))

    def extra() -> list[IntRow]:
        rows = [(w, c + 2) for w, c in draw(neuron_rows(d, 1, 4))] + _box_rows(draw, d)
        return list(draw(st.permutations(rows)))

    below = [(unit, 0), *extra()]
    mode = draw(st.sampled_from(["free", "mirror", "shared cut"]))
    if mode == "mirror":
        # reflected in x_d = 0 and moved along it by t: equal, overlapping, touching, apart
        t = (*(draw(st.integers(-3, 3)) for _ in range(d - 1)), 0)
        above = [((*w[:-1], -w[-1]), c + _dot(w, t)) for w, c in below]
    else:
        above = [(tuple(-x for x in unit), 0), *extra()]
    if mode == "shared cut":
        w = tuple(draw(small) for _ in range(d))
        c = draw(small)
        below.append((w, c))
        above.append((tuple(-x for x in w), -c))
    elif draw(st.booleans()):
        # the shared hyperplane as the newest cut of both, as for the two children of a split
        below, above = below[1:] + below[:1], above[1:] + above[:1]
    return d, below, above


def _dd(rows: list[IntRow]) -> tuple[DDPolyhedron, int] | None:
    """The polyhedron ``⟨w, x⟩ <= c`` and the index of its facet on ``x_d = 0``, if it has one."""
    found = DDPolyhedron.from_rows([tuple(F(x) for x in w) for w, _ in rows],
                                   [F(c) for _, c in rows])
    if found is None:
        return None
    d = len(rows[0][0])
    for sign in (1, -1):
        on = (*(0,) * (d - 1), sign, 0)
        if on in found[0].rows:
            return found[0], found[0].rows.index(on)
    return None


@settings(max_examples=300)
@given(facet_pairs())
def test_facets_overlap_agrees_with_an_exact_lp(pair: tuple[int, list[IntRow], list[IntRow]]
                                                ) -> None:
    d, below, above = pair
    one, two = _dd(below), _dd(above)
    assume(one is not None and two is not None)
    assert one is not None and two is not None
    (c, i), (e, j) = one, two
    rest = [row for dd, k in ((c, i), (e, j)) for n, row in enumerate(dd.rows) if n != k]
    unit = tuple(F(int(k == d - 1)) for k in range(d))
    expected = max_slack_on_hyperplane([tuple(F(x) for x in r[:-1]) for r in rest],
                                       [F(r[-1]) for r in rest], unit, F(0)) > 0
    for found in (facets_overlap(c, i, e, j), facets_overlap(e, j, c, i)):
        assert (found is None and d >= 4) or found == expected
