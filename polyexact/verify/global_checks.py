"""The verifier's checks across cells: adjacency, complete facets and regions.

They run on compact exact facts per cell (:class:`Facts`): inside one shard on the shard's
cells (:mod:`polyexact.verify.shard_check`, possibly in a worker), and in the parent on the
cells of the shards' borders. What each check establishes is stated in docs/certificate.md:

- :func:`check_adjacency` — every recorded adjacency is a genuine shared facet piece: the two
  cells have opposite rows on one hyperplane (not the domain's boundary) and their intersection
  has positive ``(d - 1)``-measure (:mod:`polyexact.verify.facet_measure`);
- :func:`check_facets` — every row is a facet, and across every facet inside the domain the
  recorded neighbours' pieces tile the facet: one neighbour containing the whole facet (its
  generators, :func:`contains`), or pieces whose measures add up to the facet's;
- :func:`check_regions` — the recorded (shard-local) region ids are the components of the
  same-map adjacencies, numbered 0, 1, ... in order of their first cell; it returns their number.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from operator import mul
from typing import Any

from polyexact.certificates.cell import Wall
from polyexact.certificates.complex import Adjacency
from polyexact.verify.cells import FACET_INSIDE, NOT_A_FACET, FacetGens, wall_text
from polyexact.verify.facet_measure import Section, enclosing_box, measure, section

__all__ = ["Facts", "Invalid", "Piece", "check_adjacency", "check_facet", "check_facets",
           "check_one_adjacency",
           "check_regions", "contains", "shared_piece"]


class Invalid(Exception):
    """A check failed: the certificate is invalid (a result, not an error)."""


@dataclass
class Facts:
    """The compact per-cell facts the global checks need, one list entry per cell.

    Cells are numbered by their position in these lists; ``ids`` (when given) are their
    indices in the certificate, else ``base + position``: reasons name those. ``pieces``
    gathers, per facet ``(cell, row)``, each recorded neighbour across it with the exact measure
    of the piece they share (``None`` when unbounded or not needed) and whether the neighbour
    contains the whole facet (``None``: not tested), filled by :func:`check_adjacency`. The
    piece itself is not kept (at 10⁵ cells the sections would dominate the memory): when it is
    needed again it is recomputed from the two cells' rows. ``gens`` holds each cell's
    :attr:`~polyexact.verify.cells.CellFacts.facet_gens` (above the plane).

    Examples
    --------
    >>> Facts().rows
    []
    """

    rows: list[tuple[tuple[int, ...], ...]] = field(default_factory=list)
    status: list[tuple[int, ...]] = field(default_factory=list)
    walls: list[tuple[tuple[Any, ...], ...]] = field(default_factory=list)
    maps: list[int] = field(default_factory=list)
    regions: list[int] = field(default_factory=list)
    pieces: dict[tuple[int, int], list[tuple[int, Fraction | None, bool | None]]] = field(
        default_factory=dict)
    gens: list[tuple[FacetGens | None, ...]] = field(default_factory=list)
    base: int = 0
    ids: list[int] | None = None

    def cell(self, i: int) -> int:
        """The certificate index of the cell at position ``i``."""
        return self.base + i if self.ids is None else self.ids[i]


def _swapped_key(w: tuple[Any, ...]) -> tuple[Any, ...]:
    return w[0], w[1], w[2], (w[3][1], w[3][0]), w[4]


def check_adjacency(adjacency: Sequence[Adjacency], facts: Facts,
                    name: Callable[[int], str] = "adjacency[{}]".format) -> None:
    """Check each recorded adjacency (cells by position in ``facts``) and gather its piece.

    ``name(n)`` names ``adjacency[n]`` in a failure's reason (no label is kept per adjacency:
    a certificate may have millions).

    Examples
    --------
    >>> from polyexact.certificates.cell import Wall
    >>> facts = Facts(rows=[((1, 0),), ((-1, 0),)], status=[(1,), (1,)],
    ...               walls=[(("neuron", 0, -1, (-1, -1), 0),)] * 2, maps=[0, 1], regions=[0, 1])
    >>> check_adjacency([Adjacency(0, 1, Wall("neuron", 0, neuron=0))], facts)
    >>> sorted(facts.pieces)
    [(0, 0), (1, 0)]
    """
    pairs: set[tuple[int, int]] = set()
    for n, adj in enumerate(adjacency):
        check_one_adjacency(n, adj, facts, pairs, name)


def check_one_adjacency(n: int, adj: Adjacency, facts: Facts, pairs: set[tuple[int, int]],
                        name: Callable[[int], str] = "adjacency[{}]".format) -> None:
    """:func:`check_adjacency` of ``adjacency[n]`` alone (``pairs``: the pairs checked so far,
    to which it is added); its two cells' facts must be in ``facts``.

    Examples
    --------
    >>> from polyexact.certificates.cell import Wall
    >>> facts = Facts(rows=[((1, 0),), ((-1, 0),)], status=[(1,), (1,)],
    ...               walls=[(("neuron", 0, -1, (-1, -1), 0),)] * 2, maps=[0, 1], regions=[0, 1])
    >>> pairs: set[tuple[int, int]] = set()
    >>> check_one_adjacency(0, Adjacency(0, 1, Wall("neuron", 0, neuron=0)), facts, pairs)
    >>> pairs
    {(0, 1)}
    """
    i, j, wall = adj.first, adj.second, adj.wall
    ci, cj = facts.cell(i), facts.cell(j)
    if (i, j) in pairs:
        raise Invalid(f"{name(n)}: cells {ci} and {cj} are listed twice")
    pairs.add((i, j))
    gens = facts.gens[i] if facts.gens else (), facts.gens[j] if facts.gens else ()
    r, s, size, has_i, has_j = shared_piece(
        name(n), ci, cj, wall, (facts.rows[i], facts.walls[i]),
        (facts.rows[j], facts.walls[j]), gens)
    facts.pieces.setdefault((i, r), []).append((j, size, has_i))
    facts.pieces.setdefault((j, s), []).append((i, size, has_j))


Rows = tuple[tuple[int, ...], ...]
Walls = tuple[tuple[Any, ...], ...]
#: A facet's piece shared with one neighbour: its measure (``None`` when unbounded or not
#: computed), the neighbour's rows, and whether the neighbour contains the whole facet
#: (``None``: not tested).
Piece = tuple[Fraction | None, Rows | None, bool | None]


def contains(gens: FacetGens, rows: Rows) -> bool:
    """Whether the polyhedron ``rows`` (primitive ``(a, q)``: ``⟨a, x⟩ <= q``) contains the
    face generated by ``gens`` (its points, rays and lines, :data:`FacetGens`).

    A convex set contains ``conv(points) + cone(rays) + lin(lines)`` iff it contains every
    point and is unbounded along every ray and both ways along every line: decided in integers.

    Examples
    --------
    >>> square_side = ((((1, 0), 1), ((1, 1), 1)), (), ())   # the segment x = 1, 0 <= y <= 1
    >>> contains(square_side, ((-1, 0, -1), (0, 1, 1)))       # x >= 1, y <= 1
    True
    >>> contains(square_side, ((-1, 0, -1), (0, 2, 1)))       # y <= 1/2: only part of it
    False
    """
    points, rays, lines = gens
    for row in rows:
        a, q = row[:-1], row[-1]
        if (any(sum(map(mul, a, X)) > q * W for X, W in points)
                or any(sum(map(mul, a, r)) > 0 for r in rays)
                or any(sum(map(mul, a, ln)) != 0 for ln in lines)):
            return False
    return True


def shared_piece(where: str, ci: int, cj: int, wall: Wall, first: tuple[Rows, Walls],
                 second: tuple[Rows, Walls],
                 gens: tuple[Sequence[FacetGens | None], Sequence[FacetGens | None]] = ((), ())
                 ) -> tuple[int, int, Fraction | None, bool | None, bool | None]:
    """Check that cells ``ci`` and ``cj`` (their rows and walls) share a facet piece on
    ``wall``; return the two rows, the piece's measure (``None`` when unbounded or not needed)
    and whether each cell's facet lies whole in the other cell.

    ``gens`` are the two cells' facet generators (above the plane): when one cell contains the
    other's whole facet, the piece is that facet, of positive measure, and is not computed.

    Examples
    --------
    >>> from polyexact.certificates.cell import Wall
    >>> w = (("neuron", 0, -1, (-1, -1), 0),)
    >>> shared_piece("a", 0, 1, Wall("neuron", 0, neuron=0), (((1, 0),), w), (((-1, 0),), w))
    (0, 0, Fraction(1, 1), None, None)
    """
    (rows_i, walls_i), (rows_j, walls_j) = first, second
    if wall.kind == "domain":
        raise Invalid(f"{where}: the domain boundary is not a shared facet")
    # primitive integer rows: a positive multiple of the opposite row is the same tuple
    opposite: dict[tuple[int, ...], int] = {}
    for s, row in enumerate(rows_j):
        opposite.setdefault(tuple(-x for x in row), s)
    match = next(((r, opposite[row]) for r, row in enumerate(rows_i) if row in opposite), None)
    if match is None:
        raise Invalid(f"{where}: cells {ci} and {cj} have no facet hyperplane in common")
    r, s = match
    key = (wall.kind, wall.layer, wall.head, wall.keys, wall.neuron)
    wi, wj = walls_i[r], walls_j[s]
    if key not in {wi, wj, _swapped_key(wi), _swapped_key(wj)}:
        raise Invalid(f"{where}: the shared facet does not lie on wall {wall_text(wall)}")
    gens_i, gens_j = gens
    has_i = _holds(gens_i, r, rows_j, rows_i)
    has_j = _holds(gens_j, s, rows_i, rows_j)
    if has_i or has_j:
        # the common part contains a whole facet of one of them: (d-1)-dimensional
        return r, s, None, has_i, has_j
    # the closures meet inside the hyperplane (they lie on its two sides): their common part
    # is the piece of the facet, a shared facet iff it has positive (d-1)-measure
    piece = section(rows_i[r], (*rows_i, *rows_j))
    size = None if piece is None or not piece.is_bounded else measure(piece)
    if piece is None or piece.is_empty or size == 0:
        raise Invalid(f"{where}: cells {ci} and {cj} do not share a (d-1)-dimensional facet")
    return r, s, size, has_i, has_j


def _holds(gens: Sequence[FacetGens | None], r: int, rows: Rows, own: Rows) -> bool | None:
    """Whether the polyhedron ``rows`` contains facet ``r`` of the cell ``own`` (``None``: its
    generators unknown).

    The rows the two cells have in common hold on the whole cell ``own``, and the row opposite
    to the facet's holds on it with equality: only the others are tested.
    """
    facet = gens[r] if r < len(gens) else None
    if facet is None:
        return None
    skip = {*own, tuple(-x for x in own[r])}
    return contains(facet, tuple(row for row in rows if row not in skip))



def check_facets(facts: Facts, skip: Container[int] = ()) -> None:
    """Every row is a facet; every inner facet is tiled by its recorded neighbours' pieces.

    Cells at the positions in ``skip`` are left out (their pieces are kept): a shard leaves its
    border cells to the parent, which knows their neighbours in other shards.

    Examples
    --------
    >>> facts = Facts(rows=[((1, 0),)], status=[(1,)], walls=[()], maps=[0], regions=[0])
    >>> try:
    ...     check_facets(facts)
    ... except Invalid as err:
    ...     print(err)
    cells[0].A[0]: facet with no recorded neighbour across it
    """
    for i, per_row in enumerate(facts.status):
        if i in skip:
            continue
        rows = facts.rows[i]
        for r, st in enumerate(per_row):
            pieces = facts.pieces.pop((i, r), [])
            check_facet(f"cells[{facts.cell(i)}].A[{r}]", rows, r, st,
                        [(size, facts.rows[j], has) for j, size, has in pieces])


def check_facet(where: str, rows: Rows, r: int, status: int, pieces: Sequence[Piece]) -> None:
    """Row ``r`` of a cell (its ``rows``, the row's status) is a facet, and if it is inside the
    domain the recorded neighbours' ``pieces`` tile it.

    ``pieces`` are :data:`Piece` tuples. One neighbour tiles the facet iff it contains it (when
    that was tested, no measure is needed); otherwise the pieces' measures must add up to the
    facet's (pieces not measured yet are recomputed from the neighbour's rows).

    Examples
    --------
    The segment ``x = 1, 0 <= y <= 1`` of the unit square, and two neighbours' pieces:

    >>> sq = ((1, 0, 1), (-1, 0, 0), (0, 1, 1), (0, -1, 0))
    >>> check_facet("c", sq, 0, FACET_INSIDE, [(Fraction(1, 2), None, None)] * 2)
    >>> try:
    ...     check_facet("c", sq, 0, FACET_INSIDE, [(Fraction(1, 2), None, None)])
    ... except Invalid as err:
    ...     print(err)
    c: the recorded neighbours cover 1/2 of the facet's measure 1 (adjacency incomplete)
    """
    if status == NOT_A_FACET:
        raise Invalid(f"{where}: not a facet (redundant row)")
    if status != FACET_INSIDE:
        if pieces:
            raise Invalid(f"{where}: a facet on the domain's boundary has a recorded neighbour")
        return
    if not pieces:
        raise Invalid(f"{where}: facet with no recorded neighbour across it")
    if len(pieces) == 1 and pieces[0][2] is not None:
        # interiors are disjoint: one neighbour tiles the facet iff it contains all of it
        if not pieces[0][2]:
            raise Invalid(f"{where}: its one recorded neighbour holds only part of the facet "
                          "(adjacency incomplete)")
        return
    whole = section(rows[r], rows)
    if whole is None:
        raise Invalid(f"{where}: not a facet (its hyperplane misses the cell)")

    def piece(other: Rows | None) -> Section:
        assert other is not None  # given whenever the facet's measure is not known
        found = section(rows[r], (*rows, *other))
        assert found is not None  # shared_piece found it non-empty
        return found

    # pieces lie in the facet: a bounded facet needs no box (and its pieces are bounded)
    if whole.is_bounded:
        box = None
        parts = [size if size is not None else measure(piece(other))
                 for size, other, _ in pieces]
    else:
        sections = [piece(other) for _, other, _ in pieces]
        box = enclosing_box([whole, *sections])
        parts = [measure(p, box) for p in sections]
    if any(x == 0 for x in parts):
        raise Invalid(f"{where}: a recorded neighbour shares no (d-1)-dimensional piece of this "
                      "facet")
    total = sum(parts, Fraction(0))
    full = measure(whole, box)
    if total != full:
        raise Invalid(f"{where}: the recorded neighbours cover {total} of the facet's measure "
                      f"{full} (adjacency incomplete)")


def check_regions(adjacency: list[Adjacency], facts: Facts) -> int:
    """The recorded region ids are the components of same-map adjacencies, numbered 0, 1, ...
    in order of their first cell; return their number.

    Examples
    --------
    >>> from polyexact.certificates.cell import Wall
    >>> facts = Facts(maps=[0, 0], regions=[0, 0])
    >>> check_regions([Adjacency(0, 1, Wall("neuron", 0, neuron=0))], facts)
    1
    >>> try:
    ...     check_regions([], facts)
    ... except Invalid as err:
    ...     print(err)
    cells[1].region: region 0 is not connected by shared facets with identical maps
    """
    maps = facts.maps
    parent = list(range(len(maps)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for adj in adjacency:
        if maps[adj.first] == maps[adj.second]:
            parent[find(adj.first)] = find(adj.second)
    component_region: dict[int, int] = {}
    region_component: dict[int, int] = {}
    for i, region in enumerate(facts.regions):
        root = find(i)
        c = facts.cell(i)
        if component_region.setdefault(root, region) != region:
            raise Invalid(f"cells[{c}].region: joined to a cell of region "
                          f"{component_region[root]} (shared facet, same map)")
        if region not in region_component and region != len(region_component):
            raise Invalid(f"cells[{c}].region: regions are numbered 0, 1, ... in order of their "
                          f"first cell; expected {len(region_component)}, found {region}")
        if region_component.setdefault(region, root) != root:
            raise Invalid(f"cells[{c}].region: region {region} is not connected by shared "
                          "facets with identical maps")
    return len(component_region)
