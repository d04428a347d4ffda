"""Maximal linear regions: merging across facets with identical exact maps (docs/theory.md §5)."""

from __future__ import annotations

from fractions import Fraction

from polyexact.cells import enumerate_cells
from polyexact.models import Head, Layer, Model
from tests.cells._models import ALL, box, relu_model

F = Fraction


def _sign_head(axis: int) -> Head:
    """Routes to key 0 when x_axis > 0, to key 1 when x_axis < 0; values 0 and 1."""
    row = tuple(F(int(k == axis)) for k in range(2))
    return Head(W_Q=(row,), b_Q=(F(0),), keys=((F(1),), (F(-1),)), values=((F(0),), (F(1),)),
                logit_bias=(F(0), F(0)))


def test_cells_touching_in_a_point_never_merge() -> None:
    # output = [x < 0] + [y < 0]: the two quadrants with output 1 meet only at the origin
    layer = Layer((_sign_head(0), _sign_head(1)), W_O=((F(1), F(1)), (F(0), F(0))),
                  residual=False)
    cx = enumerate_cells(Model(2, (layer,), ALL))
    assert cx.n_cells == 4
    assert cx.n_regions == 4
    assert len(cx.adjacency) == 4


def test_equal_values_merge_across_the_wall() -> None:
    # three keys on a line, the outer two with the same value: 3 cells, values 0, 1, 0
    head = Head(W_Q=((F(1),),), b_Q=(F(0),), keys=((F(-1),), (F(0),), (F(1),)),
                values=((F(0),), (F(1),), (F(0),)), logit_bias=(F(0), F(1), F(0)))
    cx = enumerate_cells(Model(1, (Layer((head,), W_O=((F(1),),), residual=False),), ALL))
    assert cx.n_cells == 3
    assert cx.n_regions == 3  # the two outer cells share no facet
    same = Head(head.W_Q, head.b_Q, head.keys, ((F(0),), (F(0),), (F(1),)), head.logit_bias)
    cx = enumerate_cells(Model(1, (Layer((same,), W_O=((F(1),),), residual=False),), ALL))
    assert cx.region_of == (0, 0, 1)


def test_a_neuron_without_output_weight_merges_its_two_sides() -> None:
    model = relu_model([[1, 0], [0, 1]], [0, 0], box(2), W2=[[1, 0], [0, 0]])
    cx = enumerate_cells(model)
    assert cx.n_cells == 4
    assert cx.n_regions == 2
    by_x = {c.point[0] > 0 for c in cx.cells}
    assert by_x == {True, False}
    for i, cell in enumerate(cx.cells):
        for k, other in enumerate(cx.cells):
            same_side = (cell.point[0] > 0) == (other.point[0] > 0)
            assert (cx.region_of[i] == cx.region_of[k]) == same_side


def test_regions_are_numbered_in_order_of_their_first_cell() -> None:
    cx = enumerate_cells(relu_model([[1], [1]], [0, -1], box(1, -2, 2), W2=[[0, 1]]))
    assert cx.n_cells == 3
    assert cx.region_of == (0, 0, 1)
