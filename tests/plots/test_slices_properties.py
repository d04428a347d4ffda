"""Property: the pieces of a plane slice tile the domain's section exactly (no gap, no overlap)."""

from __future__ import annotations

from fractions import Fraction as F

from hypothesis import given, reject, settings
from hypothesis import strategies as st

from polyexact.cells.enumerate import enumerate_cells
from polyexact.errors import ShapeError
from polyexact.models import construction
from polyexact.plots import slice_cells, slice_model
from polyexact.polyhedra import HPolyhedron, volume

MODEL = construction(3, 2, 6, 1)
small = st.fractions(min_value=-2, max_value=2, max_denominator=4)
inside = st.fractions(min_value=F(1, 8), max_value=F(7, 8), max_denominator=8)


@settings(max_examples=12, deadline=None)
@given(origin=st.tuples(inside, inside, inside), u=st.tuples(small, small, small),
       v=st.tuples(small, small, small))
def test_slice_pieces_tile_the_section(origin: tuple[F, F, F], u: tuple[F, F, F],
                                       v: tuple[F, F, F]) -> None:
    try:
        plane = slice_model(MODEL, origin, u, v)
    except ShapeError:
        reject()  # parallel or zero directions: no plane
    pieces = slice_cells(enumerate_cells(plane.model), plane)
    section = volume(HPolyhedron(plane.domain.A, plane.domain.b, 2))
    assert section > 0
    assert sum(volume(HPolyhedron(p.cell.A, p.cell.b, 2)) for p in pieces) == section
    # pieces are pairwise interior-disjoint: every interior point lies in exactly one piece
    for p in pieces:
        owners = [q for q in pieces if all(
            sum(a * x for a, x in zip(row, p.cell.point, strict=True)) <= b
            for row, b in zip(q.cell.A, q.cell.b, strict=True))]
        assert owners == [p]
