"""Degenerate geometry, counted exactly: every expected count is derived by hand in a comment
and cross-checked by an independent method (brute force over all patterns in ``certified``,
upper vertices of the lifted sites, Zaslavsky), and every certificate verifies.

Counting rules (docs/theory.md §5): the lowest index among maximal scores wins; a ReLU is active iff
its pre-activation is > 0; only full-dimensional cells count.
"""

from __future__ import annotations

from fractions import Fraction

from polyexact.models import LayerPattern
from polyexact.polyhedra import HPolyhedron, volume
from polyexact.tropical import upper_vertices
from tests.reliability._models import certified, head, model

F = Fraction
I2 = [[1, 0], [0, 1]]
UNIT_SQUARE = {"box": [[0, 1], [0, 1]]}


def _keys(cx: object) -> list[tuple[int, ...]]:
    return sorted(c.pattern[0].keys for c in cx.cells)  # type: ignore[attr-defined]


def test_collinear_sites_middle_key_never_wins() -> None:
    # scores 0, x, 2x on R: x > 0 → key 2, x < 0 → key 0; key 1 only ties at x = 0 (where
    # key 0 wins anyway). 2 cells, maps x + 0 and x + 2: 2 regions.
    m = model(1, [{"heads": [head([[1]], [[0], [1], [2]])], "W_O": [[1]]}])
    cx = certified(m)
    assert (cx.n_cells, cx.n_regions) == (2, 2)
    assert _keys(cx) == [(0,), (2,)] and upper_vertices([[0], [1], [2]], [0, 0, 0]) == [0, 2]


def test_collinear_sites_lifted_by_heights_all_win() -> None:
    # heights 0, 1, 0: key 1 wins where x + 1 > 0 and x + 1 > 2x, i.e. -1 < x < 1: 3 cells,
    # as the lifts (0,0), (1,1), (2,0) are all upper vertices.
    m = model(1, [{"heads": [head([[1]], [[0], [1], [2]], logit_bias=[0, 1, 0])], "W_O": [[1]]}])
    cx = certified(m)
    assert cx.n_cells == 3 == len(upper_vertices([[0], [1], [2]], [0, 1, 0]))


def test_duplicate_keys_lowest_index_owns_the_cell() -> None:
    # keys e1, e2, e1, e2 with W_Q = I: scores x, y, x, y. x > y: keys 0 and 2 tie → 0;
    # x < y: keys 1 and 3 tie → 1. Two cells; keys 2 and 3 own nothing.
    m = model(2, [{"heads": [head(I2, [[1, 0], [0, 1], [1, 0], [0, 1]])],
                   "W_O": [[1], [0]]}])
    cx = certified(m)
    assert _keys(cx) == [(0,), (1,)]


def test_equal_sites_through_the_kernel_of_W_Q() -> None:
    # W_Q = [[1], [0]] reads only k[0]: keys (1,5), (1,-5), (-1,0) have sites 1, 1, -1 and no
    # heights (b_Q = 0): keys 0 and 1 tie everywhere → key 0 for x > 0, key 2 for x < 0.
    keys = [[1, 5], [1, -5], [-1, 0]]
    cx = certified(model(1, [{"heads": [head([[1], [0]], keys)], "W_O": [[1]]}]))
    assert _keys(cx) == [(0,), (2,)]
    # with b_Q = (0, 1) the heights are 5, -5, 0: key 0 beats key 1 everywhere and beats key 2
    # where x + 5 > -x, i.e. x > -5/2; still 2 cells, now split at -5/2
    cx = certified(model(1, [{"heads": [head([[1], [0]], keys, b_Q=[0, 1])], "W_O": [[1]]}]))
    assert _keys(cx) == [(0,), (2,)]
    walls = {(c.A[0][0], c.b[0]) for c in cx.cells} | {(-c.A[0][0], -c.b[0]) for c in cx.cells}
    assert any(b / a == F(-5, 2) for a, b in walls)


def test_zero_query_one_cell_owned_by_the_lowest_best_height() -> None:
    # W_Q = 0, b_Q = (1): every score is the constant k_j = 1, 3, 3, 2. Keys 1 and 2 tie for
    # the maximum → key 1 owns all of R^2: one unbounded cell (the whole plane).
    m = model(2, [{"heads": [head([[0, 0]], [[1], [3], [3], [2]], b_Q=[1])],
                   "W_O": [[1], [0]]}])
    cx = certified(m)
    assert _keys(cx) == [(1,)] and cx.cells[0].A == ()
    # and with b_Q = 0 all scores are 0: key 0 wins
    m = model(2, [{"heads": [head([[0, 0]], [[1], [3], [3], [2]])], "W_O": [[1], [0]]}])
    assert _keys(certified(m)) == [(0,)]


def test_zero_ffn_rows_never_split() -> None:
    # neuron 0 is x (splits at x = 0); neurons 1-3 have zero rows and pre-activations
    # identically 0 (inactive), 1 (active) and -1 (inactive): 2 cells.
    ffn = {"W1": [[1, 0], [0, 0], [0, 0], [0, 0]], "b1": [0, 0, 1, -1],
           "W2": [[1, 1, 1, 1], [0, 0, 0, 0]]}
    cx = certified(model(2, [{"heads": [], "ffn": ffn}]))
    assert sorted(c.pattern[0].active for c in cx.cells) == [
        (False, False, True, False), (True, False, True, False)]


def test_walls_through_the_vertices_of_the_square() -> None:
    # on [0,1]^2 the diagonals x - y = 0 and x + y - 1 = 0 pass through the four corners and
    # cut the square into 4 triangles of area 1/4; x + y = 0 only touches the corner (0, 0)
    # (pre-activation > 0 inside: always active) and splits nothing.
    ffn = {"W1": [[1, -1], [1, 1], [1, 1]], "b1": [0, -1, 0], "W2": [[1, 2, 0], [0, 0, 0]]}
    cx = certified(model(2, [{"heads": [], "ffn": ffn}], UNIT_SQUARE))
    areas = [volume(HPolyhedron(c.A, c.b, 2)) for c in cx.cells]
    assert cx.n_cells == 4 and areas == [Fraction(1, 4)] * 4
    assert all(c.pattern[0].active[2] for c in cx.cells)


def test_walls_on_the_domain_boundary_do_not_split() -> None:
    # on [0,1]^2: the routing wall between sites (0,0) and (1,0) is x = 0 and the neuron walls
    # are x = 0 and y = 1, all on the boundary. Inside, x > 0 (key 1 wins, neuron 0 active)
    # and y - 1 < 0 (neuron 1 inactive): one cell, no shared facet.
    layer = {"heads": [head(I2, [[0, 0], [1, 0]])], "W_O": [[1], [0]],
             "ffn": {"W1": [[1, 0], [0, 1]], "b1": [0, -1], "W2": [[1, 1], [0, 0]]}}
    cx = certified(model(2, [layer], UNIT_SQUARE))
    assert cx.n_cells == 1 and cx.adjacency == ()
    assert cx.cells[0].pattern == (LayerPattern((1,), (True, False)),)


def test_segment_newton_polytope_gives_parallel_unbounded_strips() -> None:
    # sites (j, j), j = 0..3, are collinear (Newt is a segment in R^2). Heights -j^2/2: key j
    # wins where j is nearest to x + y: walls x + y = 1/2, 3/2, 5/2, four strips, each
    # containing the line direction (1, -1). The lifts lie on a parabola: 4 upper vertices.
    sites = [[j, j] for j in range(4)]
    heights = [F(-j * j, 2) for j in range(4)]
    m = model(2, [{"heads": [head(I2, sites, logit_bias=[str(h) for h in heights])],
                   "W_O": [[1], [0]]}])
    cx = certified(m)
    assert cx.n_cells == 4 == len(upper_vertices(sites, heights))
    for cell in cx.cells:
        lines = HPolyhedron(cell.A, cell.b, 2).lines
        assert len(lines) == 1 and lines[0][0] == -lines[0][1]
    # bias-free: the normal fan of a segment has 2 cones (x + y > 0: key 3; < 0: key 0)
    cx = certified(model(2, [{"heads": [head(I2, sites)], "W_O": [[1], [0]]}]))
    assert _keys(cx) == [(0,), (3,)]


def test_coplanar_sites_in_r3_give_wedges_along_the_normal() -> None:
    # sites (±1, ±1, 0) span the plane z = 0: bias-free, the cells are the normal cones of the
    # square's 4 vertices, each a quadrant times the z-axis (it contains the line of e3).
    I3 = [[1, 0, 0], [0, 1, 0], [0, 0, 1]]
    sites = [[1, 1, 0], [1, -1, 0], [-1, 1, 0], [-1, -1, 0]]
    cx = certified(model(3, [{"heads": [head(I3, sites)], "W_O": [[1], [0], [0]]}]))
    assert cx.n_cells == 4 and len(cx.adjacency) == 4  # quadrants meet along 4 half-planes
    for cell in cx.cells:
        lines = HPolyhedron(cell.A, cell.b, 3).lines
        assert len(lines) == 1 and lines[0][0] == lines[0][1] == 0


def test_generic_lines_bounded_and_unbounded_cells_match_zaslavsky() -> None:
    # x = 0, y = 0, x + y = 1, x - 2y = 3: no two parallel, no three concurrent (the six
    # intersection points (0,0), (0,1), (0,-3/2), (1,0), (3,0), (5/3,-2/3) are distinct).
    # Zaslavsky: 1 + 4 + C(4,2) = 11 regions, of which C(4-1, 2) = 3 are bounded.
    ffn = {"W1": [[1, 0], [0, 1], [1, 1], [1, -2]], "b1": [0, 0, -1, -3],
           "W2": [[1, 1, 1, 1], [0, 0, 0, 0]]}
    cx = certified(model(2, [{"heads": [], "ffn": ffn}]))
    assert cx.n_cells == 11
    assert sum(HPolyhedron(c.A, c.b, 2).is_bounded for c in cx.cells) == 3
    # each wall changes the map by a non-zero rank-one term: no two cells merge
    assert cx.n_regions == 11


def test_polytope_domain_that_is_a_single_cell() -> None:
    # the triangle x, y >= 0, x + y <= 1 (area 1/2). Scores 0 and x + y - 5: key 0 everywhere;
    # neuron x + y - 2 < 0 (inactive) and x + y + 1 > 0 (active) throughout: one cell.
    triangle = {"polytope": {"A": [[-1, 0], [0, -1], [1, 1]], "b": [0, 0, 1]}}
    layer = {"heads": [head(I2, [[0, 0], [1, 1]], logit_bias=[0, -5])], "W_O": [[1], [0]],
             "ffn": {"W1": [[1, 1], [1, 1]], "b1": [-2, 1], "W2": [[1, 1], [0, 0]]}}
    cx = certified(model(2, [layer], triangle))
    assert (cx.n_cells, cx.n_regions) == (1, 1)
    assert volume(HPolyhedron(cx.cells[0].A, cx.cells[0].b, 2)) == Fraction(1, 2)
    assert cx.cells[0].pattern == (LayerPattern((0,), (False, True)),)


def test_ties_created_by_a_degenerate_earlier_layer() -> None:
    # layer 0 has no heads and no residual (y = 0), so its neuron's pre-activation is
    # identically 0 (inactive) and its output is b2 = 0. Layer 1's head then sees scores
    # 0, 0, 0 for every x: key 0 wins. One cell over R.
    layer0 = {"heads": [], "residual": False,
              "ffn": {"W1": [[1]], "b1": [0], "W2": [[1]]}}
    layer1 = {"heads": [head([[1]], [[1], [-1], [2]])]}
    cx = certified(model(1, [layer0, layer1]))
    assert cx.n_cells == 1
    assert cx.cells[0].pattern == (LayerPattern((), (False,)), LayerPattern((0,), ()))
