"""Maximal linear regions: pattern cells merged across shared facets with one affine map."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence

from polyexact.certificates.cell import Cell
from polyexact.certificates.complex import Adjacency

__all__ = ["region_ids", "region_ids_by_key"]


def region_ids(cells: Sequence[Cell], adjacency: Sequence[Adjacency]) -> tuple[int, ...]:
    """Return the maximal-linear-region id of every cell (docs/theory.md §5, rule 5).

    Two cells join when they share a facet (an entry of ``adjacency``) and their exact output
    maps ``x ↦ A x + b`` are identical; regions are the connected components, numbered
    ``0, 1, ...`` in the order of their first cell. Cells meeting only in dimension ``<= d − 2``
    never join, so this is right for discontinuous maps too.

    Parameters
    ----------
    cells : sequence of Cell
        The pattern cells.
    adjacency : sequence of Adjacency
        Pairs of cells sharing a facet (indices into ``cells``).

    Returns
    -------
    tuple of int
        ``region_of[i]`` for every cell ``i``.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.cells import Adjacency, Cell, Wall
    >>> from polyexact.numbers import AffineMap
    >>> one = AffineMap(((F(1),),), (F(0),))
    >>> zero = AffineMap(((F(0),),), (F(0),))
    >>> cells = [Cell((), (), (), (), (F(0),), m) for m in (one, one, zero)]
    >>> wall = Wall("neuron", 0, neuron=0)
    >>> region_ids(cells, [Adjacency(0, 1, wall), Adjacency(1, 2, wall)])
    (0, 0, 1)
    """
    return region_ids_by_key([c.affine_map for c in cells],
                             [(a.first, a.second) for a in adjacency])


def region_ids_by_key(keys: Sequence[Hashable], pairs: Iterable[tuple[int, int]]
                      ) -> tuple[int, ...]:
    """:func:`region_ids` with each cell's map given by an exact key (equal iff maps equal).

    Examples
    --------
    >>> region_ids_by_key(["x", "x", "y", "x"], [(0, 1), (1, 2), (2, 3)])
    (0, 0, 1, 2)
    """
    parent = list(range(len(keys)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for first, second in pairs:
        if keys[first] == keys[second]:
            ri, rk = find(first), find(second)
            if ri != rk:
                parent[max(ri, rk)] = min(ri, rk)
    ids: dict[int, int] = {}
    return tuple(ids.setdefault(find(i), len(ids)) for i in range(len(keys)))
