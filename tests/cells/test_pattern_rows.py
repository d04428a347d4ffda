"""The prefix-sharing row cache gives exactly the rows and maps computed from scratch."""

from __future__ import annotations

import random
from fractions import Fraction

import pytest

from polyexact.cells import enumerate_cells
from polyexact.errors import ShapeError
from polyexact.models import LayerPattern
from polyexact.models.builders import construction
from polyexact.models.forward import affine_map_of_pattern
from polyexact.verify.pattern_rows import PatternRowCache, pattern_rows


def test_cache_equals_rows_from_scratch_in_any_order() -> None:
    model = construction(2, 2, 4, 2)
    patterns = [c.pattern for c in enumerate_cells(model).cells]
    shuffled = list(patterns)
    random.Random(0).shuffle(shuffled)
    cache = PatternRowCache(model)
    for pattern in patterns + shuffled + patterns[::-1]:
        rows, ints, amap = cache.rows_ints_and_map(pattern)
        assert rows == pattern_rows(model, pattern)
        assert amap == affine_map_of_pattern(model, pattern)
        for row, (a, q) in zip(rows, ints, strict=True):
            # a positive multiple of the exact row
            scale = Fraction(q) / row.bound if row.bound else None
            k = next(i for i, x in enumerate(row.a) if x)
            factor = Fraction(a[k]) / row.a[k]
            assert factor > 0 and all(Fraction(x) == factor * y for x, y in zip(a, row.a,
                                                                              strict=True))
            assert scale is None or scale == factor


def test_cache_rejects_a_pattern_that_does_not_fit_and_recovers() -> None:
    model = construction(1, 2, 2, 2)
    cache = PatternRowCache(model)
    good = (LayerPattern((1,), (True, False)), LayerPattern((0,), (False, True)))
    before = cache.rows_and_map(good)
    with pytest.raises(ShapeError):
        cache.rows_and_map((good[0], LayerPattern((5,), (False, True))))
    with pytest.raises(ShapeError):
        cache.rows_and_map((good[0],))
    assert cache.rows_and_map(good) == before


@pytest.mark.parametrize(
    ("residual", "ffn_residual"),
    [(True, False), (True, True), (False, False)],
    ids=["plain", "ffn-residual", "no-residual"],
)
def test_cache_maps_equal_the_models_maps_for_every_variant(
    residual: bool, ffn_residual: bool
) -> None:
    from polyexact.models.builders import random_model

    model = random_model(2, n_layers=2, heads=2, n_keys=3, d_k=2, d_v=1, d_ff=3, seed=6,
                         residual=residual, ffn_residual=ffn_residual)
    cache = PatternRowCache(model)
    patterns = [c.pattern for c in enumerate_cells(model).cells]
    assert len(patterns) >= 5
    for pattern in patterns + patterns[::-1]:
        rows, amap = cache.rows_and_map(pattern)
        assert amap == affine_map_of_pattern(model, pattern)
        assert rows == pattern_rows(model, pattern)
