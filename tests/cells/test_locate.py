"""``CellComplex.locate``: the cell and the linear region of a point, decided exactly."""

from __future__ import annotations

from fractions import Fraction as F

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from polyexact.cells import Location, enumerate_cells
from polyexact.models import construction, random_model
from polyexact.models.forward import forward
from polyexact.numbers import dot

GRID = enumerate_cells(construction(2, 2, 4, 1))  # the 4 x 4 grid of boxes of side 1/4 on [0,1]²
RANDOM = enumerate_cells(random_model(2, n_layers=2, heads=1, n_keys=3, d_k=2, d_v=2, d_ff=2,
                                      seed=3))

fractions = st.fractions(min_value=-3, max_value=3, max_denominator=64)


def _closure_contains(complex_: object, index: int, x: tuple[F, ...]) -> bool:
    cell = complex_.cells[index]  # type: ignore[attr-defined]
    return all(dot(a, x) <= b for a, b in zip(cell.A, cell.b, strict=True))


@settings(max_examples=60, deadline=None)
@given(st.tuples(fractions, fractions))
def test_located_cell_contains_the_point_and_gives_the_output(x: tuple[F, F]) -> None:
    for complex_ in (GRID, RANDOM):
        where = complex_.locate(x)
        inside = all(dot(a, x) <= b for a, b in zip(complex_.model.domain.A,
                                                     complex_.model.domain.b, strict=True))
        if not inside:
            assert where is None
            continue
        assert where is not None
        assert _closure_contains(complex_, where.cell, x)
        assert where.region == complex_.region_of[where.cell]
        cell = complex_.cells[where.cell]
        assert where.interior == all(dot(a, x) < b for a, b in zip(cell.A, cell.b, strict=True))
        holders = [i for i in range(complex_.n_cells) if _closure_contains(complex_, i, x)]
        if where.interior:
            assert holders == [where.cell]
        # on a wall: the cell of the forward pass's pattern when it is a cell holding x, so that
        # the cell's exact map is the model's output at x
        result = forward(complex_.model, x)
        own = [i for i in holders if complex_.cells[i].pattern == result.pattern]
        if own:
            assert own == [where.cell]
            assert cell.affine_map(x) == result.output
        else:
            assert where.cell == holders[0]


def test_grid_cells_by_hand() -> None:
    # boxes [i/4, (i+1)/4] x [j/4, (j+1)/4]: an interior point is in exactly one of them
    seen = set()
    for i in range(4):
        for j in range(4):
            where = GRID.locate((F(2 * i + 1, 8), F(2 * j + 1, 8)))
            assert where is not None and where.interior
            seen.add(where.cell)
    assert seen == set(range(16))
    # on a wall and at a corner: not interior, still a cell holding the point
    for x in ((F(1, 4), F(1, 8)), (F(1, 2), F(1, 2)), (F(0), F(0)), (F(1), F(1))):
        where = GRID.locate(x)
        assert where is not None and not where.interior
        assert _closure_contains(GRID, where.cell, x)
    assert GRID.locate((F(-1, 100), F(1, 2))) is None
    assert GRID.locate((2, "1/2")) is None


@pytest.mark.filterwarnings("ignore::polyexact.numbers.FloatConversionWarning")
def test_locate_converts_its_input_exactly() -> None:
    assert GRID.locate(("1/8", 0.125)) == GRID.locate((F(1, 8), F(1, 8)))
    assert isinstance(GRID.locate([0.375, 0.625]), Location)
