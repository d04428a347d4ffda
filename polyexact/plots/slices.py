"""Exact 2-D slices of models of any dimension: the plane ``x = origin + s·u + t·v``.

Route (the simplest one that is exact for every model). Folding the plane into the first layer
(``W_Q ← W_Q·[u v]``, ``b_Q ← b_Q + W_Q·origin``) would give a 2-D model only when no later step
needs the full ``x``; a residual connection carries ``x`` itself into every later layer, so in
general no 2-D model exists. Instead the *cells* are restricted: the model's domain is cut down to
a thin slab around the plane (:func:`slice_model`), the enumerator runs on that (any slab width is
exact: a cell meets the plane in a 2-D set iff that set lies in the slab), and each cell
``A x <= b`` becomes ``A M w <= b - A·origin`` in plane coordinates ``w = (s, t)``
(:func:`slice_cells`). The map on the plane is the cell's exact affine map composed with the
embedding; pieces are merged into the linear regions *of the restricted map* by the rule of
docs/theory.md §5 in dimension 2 (:func:`slice_regions`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import TYPE_CHECKING

from polyexact.errors import DomainError, ShapeError
from polyexact.models import Domain, Model
from polyexact.numbers import AffineMap, Matrix, Vector, dot, parse_rational
from polyexact.polyhedra import HPolyhedron, interior_point

if TYPE_CHECKING:
    from polyexact.cells import Cell, CellComplex, Wall
    from polyexact.cells.network_cells import NetworkComplex
    from polyexact.networks import Network
    from polyexact.verify.pattern_rows import PatternRow

__all__ = ["PlaneSlice", "SliceCell", "slice_cells", "slice_model", "slice_regions"]

_ZERO = Fraction(0)


@dataclass(frozen=True)
class PlaneSlice:
    """The plane ``x = origin + s·u + t·v`` through a model's domain.

    ``model`` is the original model with its domain cut to a slab of half-width ``slab`` around
    the plane (enumerate it to get every cell meeting the plane); ``domain`` is the original
    domain in plane coordinates ``(s, t)``.

    Attributes
    ----------
    model : Model or Network
        The model on the slab.
    origin, u, v : Vector
        The plane's origin and direction vectors.
    domain : Domain
        The original domain in plane coordinates.

    See Also
    --------
    slice_model, slice_cells

    Examples
    --------
    >>> from polyexact.models import max_head_model
    >>> m = max_head_model()
    >>> from fractions import Fraction as F
    >>> from polyexact.plots import slice_model
    >>> plane = slice_model(m, [0, 0], [1, 1], [0, 1])
    >>> plane.u, plane.domain.kind
    ((Fraction(1, 1), Fraction(1, 1)), 'all')
    >>> plane.embedding((F(2), F(1, 2)))
    (Fraction(2, 1), Fraction(5, 2))
    """

    model: Model | Network
    origin: Vector
    u: Vector
    v: Vector
    domain: Domain

    @property
    def embedding(self) -> AffineMap:
        """The exact map ``(s, t) ↦ origin + s·u + t·v``."""
        return AffineMap(tuple(zip(self.u, self.v, strict=True)), self.origin)


@dataclass(frozen=True)
class SliceCell:
    """A cell restricted to the plane.

    Attributes
    ----------
    source : int
        The cell's index in the full complex.
    cell : Cell
        The cell in plane coordinates ``(s, t)``.

    See Also
    --------
    slice_cells, slice_regions

    Examples
    --------
    >>> from polyexact.models import max_head_model
    >>> m = max_head_model()
    >>> from polyexact.cells import enumerate_cells
    >>> from polyexact.plots import slice_cells, slice_model
    >>> plane = slice_model(m, [0, 0], [1, 0], [0, 1])
    >>> pieces = slice_cells(enumerate_cells(plane.model), plane)
    >>> [p.source for p in pieces], pieces[0].cell.point
    ([0, 1, 2], (Fraction(1, 1), Fraction(0, 1)))
    """

    source: int
    cell: Cell


def slice_model(
    model: Model | Network,
    origin: Sequence[object],
    u: Sequence[object],
    v: Sequence[object],
    *,
    slab: Fraction = Fraction(1, 64),
) -> PlaneSlice:
    """Return the plane ``origin + s·u + t·v`` through ``model``'s domain, ready to enumerate.

    Parameters
    ----------
    model : Model or Network
        Any model or block network; its input dimension fixes the length of the three vectors.
    origin, u, v : sequences of rationals
        A point and two linearly independent directions (anything ``parse_rational`` accepts).
    slab : Fraction
        Half-width of the slab around the plane that the returned model's domain is cut to (any
        positive value gives the same slice; smaller ones enumerate fewer cells).

    Returns
    -------
    PlaneSlice

    Raises
    ------
    ShapeError
        If a vector has the wrong length or ``u`` and ``v`` are parallel.
    DomainError
        If the plane does not cross the interior of the domain in a 2-D set.

    Examples
    --------
    >>> from polyexact.models import construction
    >>> plane = slice_model(construction(3, 2, 6, 1), ["0", "0", "1/3"], [1, 0, 0], [0, 1, 0])
    >>> from fractions import Fraction as F
    >>> [str(c) for c in plane.embedding((F(1, 2), F(1, 4)))]
    ['1/2', '1/4', '1/3']
    >>> len(plane.model.domain.A), len(plane.domain.A)
    (8, 4)
    """
    from polyexact.certificates.subject import input_dim

    d = input_dim(model)
    o, uu, vv = (_vector(x, d, name) for x, name in ((origin, "origin"), (u, "u"), (v, "v")))
    normals = _null_space((uu, vv), d)
    if len(normals) != d - 2:
        raise ShapeError("u and v must be linearly independent", field="slice")
    half = parse_rational(slab, "slab")
    if half <= 0:
        raise ShapeError(f"expected a positive slab width, found {half}", field="slab")
    dom = model.domain
    A2 = tuple(tuple(dot(row, col) for col in (uu, vv)) for row in dom.A)
    b2 = tuple(bi - dot(row, o) for row, bi in zip(dom.A, dom.b, strict=True))
    if interior_point(A2, b2, 2) is None:
        raise DomainError("the plane does not cross the interior of the domain", field="slice")
    rows: list[Vector] = list(dom.A)
    rhs: list[Fraction] = list(dom.b)
    for n in normals:
        c = dot(n, o)
        rows += [n, tuple(-x for x in n)]
        rhs += [c + half, -c + half]
    near = replace(model, domain=Domain("polytope", tuple(rows), tuple(rhs))) if normals else model
    # rows constant on the plane hold with positive slack (the interior point says so): drop them
    keep = [i for i, row in enumerate(A2) if any(row)]
    rows2, rhs2 = tuple(A2[i] for i in keep), tuple(b2[i] for i in keep)
    domain = Domain("polytope", rows2, rhs2) if keep else Domain("all", (), ())
    return PlaneSlice(near, o, uu, vv, domain)


def slice_cells(complex: CellComplex | NetworkComplex, plane: PlaneSlice) -> tuple[SliceCell, ...]:
    """Restrict every cell of ``complex`` to the plane; keep those that are 2-D there.

    The restriction is taken of the cell's closure intersected with the pattern's set (every
    routing and neuron row with its strictness,
    :func:`polyexact.verify.pattern_rows.pattern_rows`), so a plane lying inside a wall is given
    to the pattern the tie rules choose. Each kept piece has irredundant inequalities in plane
    coordinates, an interior point with positive exact slack, and the exact map
    ``(s, t) ↦ output`` (cell map after the embedding).

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.cells import Cell, CellComplex, Wall
    >>> from polyexact.models import Model, box_domain
    >>> from polyexact.numbers import AffineMap
    >>> one, zero = F(1), F(0)
    >>> model = Model(3, (), box_domain([(zero, one)] * 3))
    >>> lower = Cell((), ((zero, zero, one),), (F(1, 2),), (Wall("domain", -1),),
    ...             (F(1, 4),) * 3, AffineMap.identity(3))
    >>> upper = Cell((), ((zero, zero, -one),), (F(-1, 2),), (Wall("domain", -1),),
    ...             (F(3, 4),) * 3, AffineMap.identity(3))
    >>> cx = CellComplex(model, (lower, upper), (), (0, 1))
    >>> plane = slice_model(model, [0, 0, "1/4"], [1, 0, 0], [0, 1, 0])
    >>> [piece.source for piece in slice_cells(cx, plane)]
    [0]
    """
    from polyexact.cells import Cell
    from polyexact.verify.pattern_rows import PatternRow, row_cache

    emb = plane.embedding
    own_rows = row_cache(complex.model)
    pieces: list[SliceCell] = []
    for index, cell in enumerate(complex.cells):
        # the cell's closure rows, then the pattern's own rows with their strictness
        own = [PatternRow(w, a, bi, False) for w, a, bi in zip(cell.walls, cell.A, cell.b,
                                                                 strict=True)]
        piece = _restrict(own + own_rows.rows_and_map(cell.pattern)[0], plane)
        if piece is None:
            continue
        A2, b2, walls, point = piece
        pieces.append(SliceCell(index, Cell(cell.pattern, A2, b2, walls, point,
                                            emb.then(cell.affine_map))))
    return tuple(pieces)


def slice_regions(pieces: Sequence[SliceCell]) -> tuple[int, ...]:
    """Return the linear-region id of each piece of a slice (docs/theory.md §5 in dimension 2).

    Pieces join when their exact maps on the plane are identical and their closures meet in a
    segment (affine dimension exactly 1); regions are the connected components, numbered 0.. in
    order of their first piece.

    Parameters
    ----------
    pieces : sequence of SliceCell
        The pieces, from :func:`slice_cells`.

    Returns
    -------
    tuple of int
        The region id of each piece.

    See Also
    --------
    slice_cells, polyexact.cells.region_ids

    Notes
    -----
    Only pieces with equal maps are compared, so the cost is quadratic in the size of the largest
    group of equal maps, not in the number of pieces.

    Examples
    --------
    >>> from polyexact.models import max_head_model
    >>> m = max_head_model()
    >>> from polyexact.cells import enumerate_cells
    >>> from polyexact.plots import slice_cells, slice_model, slice_regions
    >>> plane = slice_model(m, [0, 0], [1, 0], [0, 1])
    >>> slice_regions(slice_cells(enumerate_cells(plane.model), plane))
    (0, 1, 2)
    """
    parent = list(range(len(pieces)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    groups: dict[AffineMap, list[int]] = {}
    for i, piece in enumerate(pieces):
        groups.setdefault(piece.cell.affine_map, []).append(i)
    for members in groups.values():
        for a_pos, i in enumerate(members):
            for j in members[a_pos + 1:]:
                ci, cj = pieces[i].cell, pieces[j].cell
                if find(i) != find(j) and HPolyhedron(ci.A + cj.A, ci.b + cj.b, 2).dim == 1:
                    parent[find(j)] = find(i)
    ids: dict[int, int] = {}
    return tuple(ids.setdefault(find(i), len(ids)) for i in range(len(pieces)))


def _restrict(
    rows: Sequence[PatternRow], plane: PlaneSlice
) -> tuple[Matrix, Vector, tuple[Wall, ...], Vector] | None:
    """The pattern's set on the plane: irredundant rows, walls and an interior point, or None."""
    A2: list[Vector] = []
    b2: list[Fraction] = []
    walls: list[Wall] = []
    for row in rows:
        a = (dot(row.a, plane.u), dot(row.a, plane.v))
        bound = row.bound - dot(row.a, plane.origin)
        if not any(a):
            # constant on the plane, decided exactly with its strictness: a plane lying in a
            # wall belongs to the side the tie rules give it (docs/theory.md §5, rules 1, 2 and 4)
            if bound > 0 or (bound == 0 and not row.strict):
                continue
            return None
        A2.append(a)
        b2.append(bound)
        walls.append(row.wall)
    point = interior_point(A2, b2, 2)
    if point is None:
        return None
    keep = HPolyhedron(tuple(A2), tuple(b2), 2).irredundant_rows
    return (tuple(A2[i] for i in keep), tuple(b2[i] for i in keep), tuple(walls[i] for i in keep),
            point)


def _vector(data: Sequence[object], d: int, name: str) -> Vector:
    if len(data) != d:
        raise ShapeError(f"expected {d} entries, found {len(data)}", field=f"slice.{name}")
    return tuple(parse_rational(x, f"slice.{name}[{k}]") for k, x in enumerate(data))


def _null_space(rows: Sequence[Vector], n: int) -> list[Vector]:
    """An exact basis of ``{x : row·x = 0 for every row}`` (Gauss–Jordan elimination)."""
    m = [list(r) for r in rows]
    pivots: list[int] = []
    rank = 0
    for c in range(n):
        p = next((i for i in range(rank, len(m)) if m[i][c] != 0), None)
        if p is None:
            continue
        m[rank], m[p] = m[p], m[rank]
        lead = m[rank][c]
        m[rank] = [x / lead for x in m[rank]]
        for i in range(len(m)):
            if i != rank and m[i][c] != 0:
                f = m[i][c]
                m[i] = [x - f * y for x, y in zip(m[i], m[rank], strict=True)]
        pivots.append(c)
        rank += 1
    basis: list[Vector] = []
    for free in (c for c in range(n) if c not in pivots):
        x = [_ZERO] * n
        x[free] = Fraction(1)
        for r, c in enumerate(pivots):
            x[c] = -m[r][free]
        basis.append(tuple(x))
    return basis
