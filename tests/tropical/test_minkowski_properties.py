"""Property tests: the output-sensitive search agrees with the brute force on small sets."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from polyexact.tropical import minkowski_labels_brute_force, minkowski_sum

coord = st.integers(-2, 2).map(Fraction)


@st.composite
def point_sets(draw: st.DrawFn) -> tuple[list[list[tuple[Fraction, ...]]], int]:
    d = draw(st.integers(1, 3))
    h = draw(st.integers(1, 3))
    point = st.tuples(*([coord] * d))
    sets = []
    for _ in range(h):
        base = draw(st.lists(point, min_size=1, max_size=5))
        # duplicates on purpose
        if draw(st.booleans()):
            base.append(draw(st.sampled_from(base)))
        # squash some sets into a line through the origin: lower-dimensional summands
        if d > 1 and draw(st.booleans()):
            base = [tuple(p[0] * (k + 1) for k in range(d)) for p in base]
        sets.append(base)
    return sets, d


@settings(max_examples=60, deadline=None)
@given(point_sets())
def test_search_matches_brute_force_without_heights(data: tuple[list[list[tuple[Fraction, ...]]],
                                                                int]) -> None:
    sets, _ = data
    assert list(minkowski_sum(sets).labels) == minkowski_labels_brute_force(sets)


@settings(max_examples=60, deadline=None)
@given(point_sets(), st.data())
def test_search_matches_brute_force_with_heights(
    data: tuple[list[list[tuple[Fraction, ...]]], int], more: st.DataObject
) -> None:
    sets, _ = data
    heights = [more.draw(st.lists(coord, min_size=len(s), max_size=len(s))) for s in sets]
    for upper in (False, True):
        fast = list(minkowski_sum(sets, heights, upper=upper).labels)
        assert fast == minkowski_labels_brute_force(sets, heights, upper=upper)
