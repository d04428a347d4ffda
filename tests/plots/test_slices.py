"""Plane slices: restricting cells of a d-dimensional model to a plane, exactly."""

from __future__ import annotations

from fractions import Fraction as F

import pytest

from polyexact.cells.enumerate import enumerate_cells
from polyexact.errors import DomainError, ShapeError
from polyexact.models import FFN, Layer, Model, box_domain, construction
from polyexact.plots import (
    partition_polygons,
    slice_cells,
    slice_model,
    slice_regions,
)
from polyexact.polyhedra import is_strictly_inside

ZERO, ONE = F(0), F(1)


def _relu_3d(out: F) -> Model:
    """One neuron with wall x3 = 1/2 on [0,1]^3; output weight ``out`` on x1."""
    ffn = FFN(W1=((ZERO, ZERO, ONE),), b1=(F(-1, 2),), W2=((out,), (ZERO,), (ZERO,)),
              b2=(ZERO,) * 3, residual=True)
    return Model(3, (Layer((), ((), (), ()), True, ffn),), box_domain([(ZERO, ONE)] * 3))


def test_horizontal_slice_of_3d_construction_is_the_2d_grid() -> None:
    plane = slice_model(construction(3, 2, 6, 1), [0, 0, "1/3"], [1, 0, 0], [0, 1, 0])
    sliced = partition_polygons(enumerate_cells(plane.model), slice=plane)
    flat = partition_polygons(enumerate_cells(construction(2, 2, 4, 1)))
    assert {frozenset(p) for p in sliced.polygons} == {frozenset(p) for p in flat.polygons}
    assert len(sliced.polygons) == 16 and sliced.n_regions == 16


def test_slab_and_full_enumeration_give_the_same_slice() -> None:
    model = construction(3, 2, 6, 1)
    plane = slice_model(model, [0, 0, 0], [1, 1, 0], [0, 0, 1])
    near = {frozenset(p) for p in partition_polygons(enumerate_cells(plane.model),
                                                     slice=plane).polygons}
    full = {frozenset(p) for p in partition_polygons(enumerate_cells(model),
                                                     slice=plane).polygons}
    assert near == full and len(near) == 16


def test_slice_pieces_have_interior_points_and_composed_maps() -> None:
    model = construction(3, 2, 6, 1)
    plane = slice_model(model, [0, 0, "1/3"], [1, 0, 0], [0, 1, 0])
    cx = enumerate_cells(plane.model)
    for piece in slice_cells(cx, plane):
        assert is_strictly_inside(piece.cell.point, piece.cell.A, piece.cell.b)
        full = cx.cells[piece.source]
        x = plane.embedding(piece.cell.point)
        assert piece.cell.affine_map(piece.cell.point) == full.affine_map(x)


def test_dead_neuron_wall_splits_the_slice_but_not_its_regions() -> None:
    for out, regions in ((ZERO, 1), (ONE, 2)):
        model = _relu_3d(out)
        plane = slice_model(model, [0, "1/2", 0], [1, 0, 0], [0, 0, 1])
        pieces = slice_cells(enumerate_cells(plane.model), plane)
        assert len(pieces) == 2
        assert len(set(slice_regions(pieces))) == regions


def test_plane_parallel_to_the_wall_meets_one_cell() -> None:
    plane = slice_model(_relu_3d(ONE), [0, 0, "1/4"], [1, 0, 0], [0, 1, 0])
    assert len(slice_cells(enumerate_cells(plane.model), plane)) == 1


def test_plane_inside_a_wall_belongs_to_the_inactive_side() -> None:
    # on x3 = 1/2 the pre-activation is exactly 0: inactive (docs/theory.md §5, rule 2)
    plane = slice_model(_relu_3d(ONE), [0, 0, "1/2"], [1, 0, 0], [0, 1, 0])
    cx = enumerate_cells(plane.model)
    pieces = slice_cells(cx, plane)
    assert [cx.cells[p.source].pattern[0].active for p in pieces] == [(False,)]


def test_parallel_directions_are_refused() -> None:
    with pytest.raises(ShapeError, match="independent"):
        slice_model(construction(3, 1, 6, 1), [0, 0, 0], [1, 0, 0], [2, 0, 0])


def test_wrong_length_is_refused() -> None:
    with pytest.raises(ShapeError, match=r"slice\.u"):
        slice_model(construction(3, 1, 6, 1), [0, 0, 0], [1, 0], [0, 1, 0])


def test_plane_outside_the_domain_is_refused() -> None:
    with pytest.raises(DomainError, match="plane"):
        slice_model(construction(3, 1, 6, 1), [0, 0, 2], [1, 0, 0], [0, 1, 0])
