"""Carrying the facet adjacency of split pieces from one stage to the next (theory.md §4).

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
from polyexact.polyhedra.facet_overlap import facets_overlap
from polyexact.polyhedra.lp import max_slack_on_hyperplane
from polyexact.polyhedra.polygon import edge_span

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
    old: _Adjacencies, kids_of: Sequence[Sequence[int]], new: _Pieces, into: _Adjacencies
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
