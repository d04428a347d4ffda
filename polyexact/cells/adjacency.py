"""Carrying the facet adjacency of split pieces from one stage to the next (docs/theory.md §4).

When a stage splits pieces, the children of two adjacent parents can only meet on the parents'
shared hyperplane; :func:`_carry_adjacency` finds which of them do, exactly (an interval overlap
for polygons, a separating row or shared relative-interior point from the generators otherwise,
an LP slack only when those leave it open). Used by :mod:`polyexact.cells.enumerate` and its
streaming and parallel drivers.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from fractions import Fraction

from polyexact.cells.piece import HyperplaneKey, Piece
from polyexact.polyhedra.incremental.double_description import IntVec
from polyexact.polyhedra.incremental.facet_overlap import facets_overlap
from polyexact.polyhedra.incremental.polygon import edge_span
from polyexact.polyhedra.lp import max_slack_on_hyperplane

__all__: list[str] = []

_Adjacencies = dict[tuple[int, int], HyperplaneKey]
#: Pieces by index: a list, or a mapping holding only the pieces a merge can touch.
_Pieces = Sequence[Piece] | Mapping[int, Piece]


def _meet_on(c: Piece, e: Piece, key: HyperplaneKey) -> bool:
    """Whether the closures of ``c`` and ``e`` meet in a (d−1)-set of hyperplane ``key``."""
    if c.vertices is not None and e.vertices is not None:
        # both facets are segments of the line: they overlap in a segment iff their spans
        # along a coordinate that varies on the line overlap in an interval (exact)
        t = 0 if key[1] != 0 else 1
        lo_c, hi_c = edge_span((c.vertices, ()), c.hyperplanes.index(key), t)
        lo_e, hi_e = edge_span((e.vertices, ()), e.hyperplanes.index(key), t)
        return max(lo_c, lo_e) < min(hi_c, hi_e)
    if c.dd is not None and e.dd is not None:
        found = facets_overlap(c.dd, c.hyperplanes.index(key), e.dd, e.hyperplanes.index(key))
        if found is not None:
            return found
    # undecided by the generators (d >= 4): an exact LP on the hyperplane
    rows = [(a, bi) for p in (c, e) for a, bi, k in zip(p.A, p.b, p.hyperplanes, strict=True)
            if k != key]
    normal = tuple(Fraction(x) for x in key[:-1])
    slack = max_slack_on_hyperplane([r[0] for r in rows], [r[1] for r in rows], normal,
                                    Fraction(key[-1]))
    return slack > 0


def _carry_adjacency(
    old: _Adjacencies, kids_of: Sequence[Sequence[int]] | Mapping[int, Sequence[int]],
    new: _Pieces, into: _Adjacencies
) -> None:
    """Children of adjacent parents can only meet on the parents' shared hyperplane."""
    for (i, k), key in old.items():
        ci = [c for c in kids_of[i] if key in new[c].hyperplanes]
        ck = [e for e in kids_of[k] if key in new[e].hyperplanes]
        if len(ci) == 1 and len(ck) == 1:
            # each side's facet on the hyperplane is covered by its only child having it
            into[(min(ci[0], ck[0]), max(ci[0], ck[0]))] = key
            continue
        if all(new[c].vertices is not None for c in (*ci, *ck)):
            for c, e in _overlapping_edges(new, ci, ck, key):
                into[(min(c, e), max(c, e))] = key
            continue
        if len(ci) * len(ck) > 4 and all(new[c].dd is not None for c in (*ci, *ck)):
            for c, e in _overlapping_facets(new, ci, ck, key):
                into[(min(c, e), max(c, e))] = key
            continue
        for c in ci:
            for e in ck:
                if _meet_on(new[c], new[e], key):
                    into[(min(c, e), max(c, e))] = key


def _overlapping_edges(new: _Pieces, ci: list[int], ck: list[int],
                       key: HyperplaneKey) -> Iterator[tuple[int, int]]:
    """Pairs of polygons, one from each side, whose edges on line ``key`` overlap in a segment.

    The edges of one side have disjoint interiors (their cells do), so a sweep along the line
    finds every overlapping pair in ``O(n log n)`` instead of testing all ``n²`` pairs; each
    overlap is decided exactly as in :func:`_meet_on`.
    """
    t = 0 if key[1] != 0 else 1

    def spans(side: list[int]) -> list[tuple[Fraction, Fraction, int]]:
        out = []
        for c in side:
            p = new[c]
            lo, hi = edge_span((p.vertices or (), ()), p.hyperplanes.index(key), t)
            out.append((lo, hi, c))
        return sorted(out)

    one, two = spans(ci), spans(ck)
    i = j = 0
    while i < len(one) and j < len(two):
        lo_c, hi_c, c = one[i]
        lo_e, hi_e, e = two[j]
        if max(lo_c, lo_e) < min(hi_c, hi_e):
            yield c, e
        if hi_c <= hi_e:
            i += 1
        else:
            j += 1


#: A span ``(lo, hi)`` of one coordinate over a facet; ``None`` for an infinite end.
_Span = tuple[Fraction | None, Fraction | None]


def _overlapping_facets(new: _Pieces, ci: list[int], ck: list[int],
                        key: HyperplaneKey) -> Iterator[tuple[int, int]]:
    """Pairs of double-description pieces, one from each side, whose facets on ``key`` overlap.

    The facets of one side have disjoint relative interiors (their cells do). A facet equal to
    one of the other side (the same generators, pointed) overlaps that one and no other; the
    rest are swept along a coordinate that varies on the hyperplane, and a pair is decided by
    :func:`_meet_on` only if its exact spans overlap in an open interval on every such
    coordinate (a common relative-interior point would lie in all of them). Merging subtrees
    meets hundreds of facets per side, where testing every pair was quadratic.
    """
    normal = key[:-1]
    varying = [m for m in range(len(normal)) if any(x for k, x in enumerate(normal) if k != m)]
    if not varying:  # d = 1: the facets are the hyperplane itself
        yield from ((c, e) for c in ci for e in ck)
        return
    facets = {c: _facet(new[c], key) for c in (*ci, *ck)}
    by_points = {frozenset(facets[c][0]): c for c in ci if not facets[c][1]}
    left, right = set(ci), []
    for e in ck:
        c = by_points.get(frozenset(facets[e][0])) if not facets[e][1] else None
        if c is not None and c in left:
            left.discard(c)
            yield c, e
        else:
            right.append(e)
    spans = {c: [_span(*facets[c], m) for m in varying] for c in (*left, *right)}
    events = sorted([(0, c) for c in left] + [(1, e) for e in right],
                    key=lambda t: _low_key(spans[t[1]][0][0]))
    active: tuple[list[int], list[int]] = ([], [])
    for side, c in events:
        lo = spans[c][0][0]
        others = active[1 - side]
        # drop the other side's spans that end before this one starts (they meet nothing later)
        others[:] = [o for o in others if not _ends_by(spans[o][0][1], lo)]
        for o in others:
            if all(_open_overlap(u, v) for u, v in zip(spans[c], spans[o], strict=True)):
                first, second = (c, o) if side == 0 else (o, c)
                if _meet_on(new[first], new[second], key):
                    yield first, second
        active[side].append(c)


def _facet(p: Piece, key: HyperplaneKey) -> tuple[list[IntVec], tuple[IntVec, ...]]:
    assert p.dd is not None
    return p.dd.facet_generators(p.hyperplanes.index(key))


def _span(points: list[IntVec], lines: tuple[IntVec, ...], m: int) -> _Span:
    """Exact ``(min, max)`` of coordinate ``m`` over a facet from its homogeneous generators."""
    if any(x[m] for x in lines):
        return None, None
    values = [Fraction(p[m], p[-1]) for p in points if p[-1] > 0]
    lo: Fraction | None = min(values)
    hi: Fraction | None = max(values)
    if any(p[-1] == 0 and p[m] < 0 for p in points):
        lo = None
    if any(p[-1] == 0 and p[m] > 0 for p in points):
        hi = None
    return lo, hi


def _low_key(lo: Fraction | None) -> tuple[bool, Fraction]:
    return (lo is not None, lo if lo is not None else Fraction(0))


def _ends_by(hi: Fraction | None, lo: Fraction | None) -> bool:
    """Whether a span ending at ``hi`` has no open overlap with any span starting at ``lo``."""
    return hi is not None and lo is not None and hi <= lo


def _open_overlap(u: _Span, v: _Span) -> bool:
    lo = [x for x in (u[0], v[0]) if x is not None]
    hi = [x for x in (u[1], v[1]) if x is not None]
    return not lo or not hi or max(lo) < min(hi)
