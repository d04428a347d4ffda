"""Carrying the facet adjacency of split pieces from one stage to the next (docs/theory.md §4).

When a stage splits pieces, the children of two adjacent parents can only meet on the parents'
shared hyperplane; :func:`_carry_adjacency` finds which of them do, exactly. The run's
:class:`~polyexact.cells.piece.PieceGeometry` pairs the facets (an interval sweep for polygons,
equal facets and a span sweep over generators for double descriptions); an exact LP decides
only what the generators leave open. Used by the stage engine (:mod:`polyexact.cells.engine`)
for every stage and for merging subtrees across their borders.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from fractions import Fraction

from polyexact.cells.geometry_dd import overlapping_facets
from polyexact.cells.piece import HyperplaneKey, Piece, Pieces
from polyexact.polyhedra.lp import max_slack_on_hyperplane

__all__: list[str] = []

_Adjacencies = dict[tuple[int, int], HyperplaneKey]
#: Pieces by index: a list, or a mapping holding only the pieces a merge can touch.
_Pieces = Pieces


def _meet_on(c: Piece, e: Piece, key: HyperplaneKey) -> bool:
    """Whether the closures of ``c`` and ``e`` meet in a (d−1)-set of hyperplane ``key``."""
    found = c.geometry.facets_meet(c, e, key)
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
        if not ci or not ck:
            continue
        if len(ci) == 1 and len(ck) == 1:
            # each side's facet on the hyperplane is covered by its only child having it
            into[(min(ci[0], ck[0]), max(ci[0], ck[0]))] = key
            continue
        for c, e in new[ci[0]].geometry.facet_pairs(new, ci, ck, key, _meet_on):
            into[(min(c, e), max(c, e))] = key


def _overlapping_facets(new: _Pieces, ci: list[int], ck: list[int],
                        key: HyperplaneKey) -> Iterator[tuple[int, int]]:
    """:func:`~polyexact.cells.geometry_dd.overlapping_facets` with pairs decided exactly
    (generators, then an LP)."""
    return overlapping_facets(new, ci, ck, key, _meet_on)
