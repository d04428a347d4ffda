"""One enumeration stage: split a piece by one head's routing walls or one neuron's wall.

A *piece* is a full-dimensional cell of the enumeration so far: its irredundant rows
``A x <= b`` (each with its :class:`Wall` and the normalised hyperplane it lies on), an interior
point with positive exact slack, and the exact affine map from the input to the current hidden
state. Splitting follows the counting rules of theory.md §5 exactly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from math import gcd, lcm

from polyexact.cells.cell import Wall
from polyexact.models import Head
from polyexact.numbers import AffineMap, Vector, dot
from polyexact.polyhedra.double_description import (
    DDPolyhedron,
    IntVec,
    intersect,
    row_sign,
    split,
)
from polyexact.polyhedra.double_description import int_row as dd_row
from polyexact.polyhedra.polygon import Point, Polygon, centroid, cut_polygon, int_row

__all__ = ["Piece", "hyperplane_key", "split_neuron", "split_route"]

HyperplaneKey = tuple[int, ...]


def hyperplane_key(a: Sequence[Fraction], c: Fraction) -> HyperplaneKey:
    """Return the hyperplane ``⟨a, x⟩ = c`` as a primitive integer vector with a fixed sign.

    Both orientations of a row give the same key, so two cells on opposite sides of a wall
    name their shared hyperplane identically.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.cells.split import hyperplane_key
    >>> hyperplane_key((F(-1, 2), F(1)), F(3, 4)), hyperplane_key((F(2), F(-4)), F(-3))
    ((2, -4, -3), (2, -4, -3))
    """
    entries = (*a, c)
    den = lcm(*(x.denominator for x in entries))
    ints = [int(x * den) for x in entries]
    g = gcd(*ints)
    lead = next(x for x in ints[:-1] if x != 0)
    if lead < 0:
        g = -g
    return tuple(x // g for x in ints)


@dataclass(frozen=True)
class Piece:
    """A full-dimensional cell part-way through the enumeration (see the module docstring).

    Attributes
    ----------
    done : tuple
        The ``(keys, active)`` pattern of every completed layer.
    keys, active : tuple
        The current layer's routing choices and active bits so far.
    A : tuple of Vector
        Irredundant rows of ``A x <= b``.
    b : Vector
        Their right-hand sides.
    walls : tuple of Wall
        The source of each row.
    hyperplanes : tuple of HyperplaneKey
        The normalised hyperplane of each row (see :func:`hyperplane_key`).
    point : Vector
        An interior point with positive exact slack.
    to_state : AffineMap
        The exact map from the input to the current hidden state.
    vertices : tuple of Point or None
        For a bounded 2-D piece, its vertex cycle (edge ``i`` lies on row ``i``).
    dd : DDPolyhedron or None
        For every other piece, its rows and minimal generators (row ``i`` is ``dd.rows[i]``).
    pre : tuple or None
        The current layer's FFN pre-activations pulled back to the input, when computed.
    pre_rows : tuple or None
        With ``pre``: per neuron the integer row of its inactive side and the negated weights.

    See Also
    --------
    split_route, split_neuron

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.cells.split import Piece, split_neuron
    >>> from polyexact.numbers import AffineMap
    >>> from polyexact.polyhedra.double_description import DDPolyhedron
    >>> line = Piece(done=(), keys=(), active=(), A=(), b=(), walls=(), hyperplanes=(),
    ...              point=(F(0),), to_state=AffineMap.identity(1), dd=DDPolyhedron.space(1))
    >>> off, on = split_neuron(line, (F(1),), F(0), 0, 0)
    >>> off.active, off.A, off.b
    ((False,), ((Fraction(1, 1),),), (Fraction(0, 1),))
    >>> on.active, on.A, on.walls[0].kind
    ((True,), ((Fraction(-1, 1),),), 'neuron')
    """

    done: tuple[tuple[tuple[int, ...], tuple[bool, ...]], ...]
    keys: tuple[int, ...]
    active: tuple[bool, ...]
    A: tuple[Vector, ...]
    b: Vector
    walls: tuple[Wall, ...]
    hyperplanes: tuple[HyperplaneKey, ...]
    point: Vector
    to_state: AffineMap
    #: For a bounded 2-D piece, its vertex cycle: edge i (from vertex i to i + 1) lies on row i.
    vertices: tuple[Point, ...] | None = None
    #: The current layer's FFN pre-activations pulled back to the input, computed once per
    #: routing piece and shared by its neuron-stage descendants (same map, same rows).
    pre: tuple[tuple[Vector, Fraction], ...] | None = None
    #: The same pre-activations as the cut a split makes: the primitive integer row of
    #: ``⟨w, x⟩ <= −c`` and ``−w`` (computed with ``pre``, shared the same way).
    pre_rows: tuple[tuple[IntVec, Vector], ...] | None = None
    #: Otherwise the double description of the piece: its rows in order and its generators,
    #: so that cuts, facets and interior points need no LP.
    dd: DDPolyhedron | None = None

    def evolve(self, **changes: object) -> Piece:
        """A copy with ``changes``: :func:`dataclasses.replace` without its per-field cost.

        Pieces are created by the hundred thousand; ``replace`` re-runs ``__init__`` through
        the frozen ``__setattr__`` for every field, a copy of the attribute dict does not.

        Examples
        --------
        >>> from fractions import Fraction as F
        >>> from polyexact.cells.split import Piece
        >>> from polyexact.numbers import AffineMap
        >>> p = Piece(done=(), keys=(), active=(), A=(), b=(), walls=(), hyperplanes=(),
        ...           point=(F(0),), to_state=AffineMap.identity(1))
        >>> p.evolve(active=(True,)).active, p.active
        ((True,), ())
        """
        new = object.__new__(Piece)
        state = new.__dict__
        state.update(self.__dict__)
        state.update(changes)
        return new


def _polygon_child(
    parent: Piece,
    rows: list[tuple[Vector, Fraction, Wall]],
    point: Vector | None,
    changes: dict[str, object],
) -> Piece | None:
    """:func:`_child` for a polygon: exact cuts of the vertex cycle, no LP, no redundancy test."""
    assert parent.vertices is not None
    n = len(parent.A)
    poly: Polygon | None = (parent.vertices, tuple(range(n)))
    for k, (a, beta, _) in enumerate(rows):
        assert poly is not None
        poly = cut_polygon(poly, int_row(a, beta), n + k)
        if poly is None:
            return None
    assert poly is not None
    verts, labels = poly
    if point is None:
        point = centroid(poly)

    def row(i: int) -> tuple[Vector, Fraction, Wall, HyperplaneKey]:
        if i < n:
            return parent.A[i], parent.b[i], parent.walls[i], parent.hyperplanes[i]
        a, beta, wall = rows[i - n]
        return a, beta, wall, hyperplane_key(a, beta)

    kept = [row(i) for i in labels]
    return parent.evolve(
        A=tuple(r[0] for r in kept),
        b=tuple(r[1] for r in kept),
        walls=tuple(r[2] for r in kept),
        hyperplanes=tuple(r[3] for r in kept),
        point=point,
        vertices=verts,
        **changes,
    )


def _dd_child(
    parent: Piece,
    rows: list[tuple[Vector, Fraction, Wall]],
    point: Vector | None,
    changes: dict[str, object],
) -> Piece | None:
    """:func:`_child` for a double description: exact cuts of the generators, no LP."""
    dd = parent.dd
    assert dd is not None
    added: list[tuple[Vector, Fraction, Wall, HyperplaneKey]] = []
    for a, beta, wall in rows:
        row = dd_row(a, beta)
        cut = intersect(dd, row)
        if cut is None:
            return None
        if cut is not dd:
            added.append((a, beta, wall, _key_of(row)))  # one new slot per proper cut
            dd = cut
    return _with_rows(parent, dd, added, point, changes)


def _with_rows(
    parent: Piece,
    dd: DDPolyhedron,
    added: list[tuple[Vector, Fraction, Wall, HyperplaneKey]],
    point: Vector | None,
    changes: dict[str, object],
) -> Piece:
    """The child with double description ``dd``: its rows are ``dd``'s live slots, in order.

    ``added`` holds the rows of the slots ``dd`` has beyond the parent's, in slot order.
    """
    assert parent.dd is not None
    old, first = parent.dd.slots, len(parent.dd.slacks)
    # live slots keep their order: surviving parent rows first, then surviving added rows
    m = next((k for k, t in enumerate(dd.slots) if t >= first), len(dd.slots))
    A, b, walls, hyps = parent.A, parent.b, parent.walls, parent.hyperplanes
    if m < len(old):
        alive = set(dd.slots[:m])
        idx = [i for i, t in enumerate(old) if t in alive]
        A, b = tuple(A[i] for i in idx), tuple(b[i] for i in idx)
        walls, hyps = tuple(walls[i] for i in idx), tuple(hyps[i] for i in idx)
    new = [added[t - first] for t in dd.slots[m:]]
    return parent.evolve(
        A=A + tuple(r[0] for r in new),
        b=b + tuple(r[1] for r in new),
        walls=walls + tuple(r[2] for r in new),
        hyperplanes=hyps + tuple(r[3] for r in new),
        point=dd.interior_point() if point is None else point,
        dd=dd,
        **changes,
    )


def _key_of(row: IntVec) -> HyperplaneKey:
    """:func:`hyperplane_key` of a primitive integer row: the same vector, sign fixed."""
    lead = next(x for x in row[:-1] if x != 0)
    return row if lead > 0 else tuple(-x for x in row)


def _child(
    parent: Piece,
    rows: list[tuple[Vector, Fraction, Wall]],
    point: Vector | None,
    **changes: object,
) -> Piece | None:
    """Add ``rows`` to ``parent``; return the child if full-dimensional, with irredundant rows.

    ``point`` is a known interior point of the child (the parent's, when it decides this child),
    or ``None`` to take one from the child's vertices.
    """
    if parent.vertices is not None:
        return _polygon_child(parent, rows, point, changes)
    return _dd_child(parent, rows, point, changes)


def split_route(
    piece: Piece, head: Head, layer: int, index: int
) -> tuple[list[Piece], list[tuple[int, int, HyperplaneKey]]]:
    """Split ``piece`` by the routing of ``head`` (head ``index`` of ``layer``).

    Child j is ``{s_j − s_l > 0 for l < j, s_j − s_l >= 0 for l > j}`` with the scores pulled
    back through ``piece.to_state``; only full-dimensional children are returned, in key order,
    with the facet adjacencies among them as ``(child, child, hyperplane)``.

    Parameters
    ----------
    piece : Piece
        The piece to split.
    head : Head
        The head whose routing splits it.
    layer, index : int
        The layer and head index, recorded in the new walls.

    Returns
    -------
    children : list of Piece
        The full-dimensional children, in key order, ``keys`` extended by their key.
    adjacency : list of (int, int, HyperplaneKey)
        Pairs of children (indices into ``children``) sharing a facet, and its hyperplane.

    See Also
    --------
    split_neuron, polyexact.models.forward.route

    Notes
    -----
    Children j and m are adjacent iff both have ``{s_j = s_m}`` as a facet: on child j's facet
    there ``s_m = s_j >= s_l`` for all l, so it lies in the closure of child m. No LP is needed.

    Examples
    --------
    The scores ``x``, ``−x`` and ``1`` split the line into three cells:

    >>> from fractions import Fraction as F
    >>> from polyexact.cells.split import Piece, split_route
    >>> from polyexact.models import Head
    >>> from polyexact.numbers import AffineMap
    >>> from polyexact.polyhedra.double_description import DDPolyhedron
    >>> line = Piece(done=(), keys=(), active=(), A=(), b=(), walls=(), hyperplanes=(),
    ...              point=(F(0),), to_state=AffineMap.identity(1), dd=DDPolyhedron.space(1))
    >>> head = Head(W_Q=((F(1),),), b_Q=(F(0),), keys=((F(1),), (F(-1),), (F(0),)),
    ...             values=((F(0),),) * 3, logit_bias=(F(0), F(0), F(1)))
    >>> children, adjacency = split_route(line, head, 0, 0)
    >>> [(c.keys, c.point) for c in children]
    [((0,), (Fraction(2, 1),)), ((1,), (Fraction(-2, 1),)), ((2,), (Fraction(0, 1),))]
    >>> [(i, k) for i, k, _ in adjacency]
    [(0, 2), (1, 2)]
    """
    scores = [piece.to_state.pull_back(a, beta) for a, beta in zip(head.sites, head.heights,
                                                                     strict=True)]
    at_point = [dot(p, piece.point) + q for p, q in scores]
    best = max(at_point)
    winners = [j for j, s in enumerate(at_point) if s == best]
    # a strict argmax at the parent's point hands that child the point: no LP needed
    free = winners[0] if len(winners) == 1 else -1
    children: list[Piece] = []
    owners: list[int] = []
    for j, (pj, qj) in enumerate(scores):
        rows: list[tuple[Vector, Fraction, Wall]] = []
        empty = False
        for m, (pm, qm) in enumerate(scores):
            if m == j:
                continue
            normal = tuple(x - y for x, y in zip(pm, pj, strict=True))
            rhs = qj - qm
            if not any(normal):
                # constant row s_j − s_m = rhs, decided exactly (theory.md §5, rule 4);
                # strict for m < j: the lowest index wins ties (rule 1)
                if rhs > 0 or (rhs == 0 and m > j):
                    continue
                empty = True
                break
            rows.append((normal, rhs, Wall("route", layer, index, (j, m))))
        if empty:
            continue
        child = _child(piece, rows, piece.point if j == free else None, keys=(*piece.keys, j))
        if child is not None:
            children.append(child)
            owners.append(j)
    inner: list[tuple[int, int, HyperplaneKey]] = []
    for x in range(len(children)):
        for y in range(x + 1, len(children)):
            (pj, qj), (pm, qm) = scores[owners[x]], scores[owners[y]]
            normal = tuple(u - v for u, v in zip(pm, pj, strict=True))
            if not any(normal):
                continue
            key = hyperplane_key(normal, qj - qm)
            if key in children[x].hyperplanes and key in children[y].hyperplanes:
                inner.append((x, y, key))
    return children, inner


def split_neuron(piece: Piece, w: Vector, c: Fraction, layer: int, neuron: int, *,
                 cut: tuple[IntVec, Vector] | None = None) -> list[Piece]:
    """Split ``piece`` by the pre-activation ``⟨w, x⟩ + c`` (already pulled back to the input).

    Active iff the pre-activation is > 0; a pre-activation constant on the piece decides the bit
    without a split (identically 0: inactive; theory.md §5, rule 2). Returns the inactive child
    first.

    Parameters
    ----------
    piece : Piece
        The piece to split.
    w : Vector
        The pulled-back weights of the neuron.
    c : Fraction
        The pulled-back bias.
    layer, neuron : int
        Recorded in the new wall.
    cut : (IntVec, Vector), optional
        The primitive integer row of ``⟨w, x⟩ <= −c`` and ``−w``, when the caller has them.

    Returns
    -------
    list of Piece
        The full-dimensional children (one or two), ``active`` extended by their bit.

    See Also
    --------
    split_route

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.cells.split import Piece, split_neuron
    >>> from polyexact.numbers import AffineMap
    >>> from polyexact.polyhedra.double_description import DDPolyhedron
    >>> line = Piece(done=(), keys=(), active=(), A=(), b=(), walls=(), hyperplanes=(),
    ...              point=(F(0),), to_state=AffineMap.identity(1), dd=DDPolyhedron.space(1))
    >>> [(p.active, p.point) for p in split_neuron(line, (F(1),), F(0), 0, 0)]
    [((False,), (Fraction(-1, 1),)), ((True,), (Fraction(1, 1),))]
    >>> [p.active for p in split_neuron(line, (F(0),), F(0), 0, 0)]
    [(False,)]
    """
    if not any(w):
        return [piece.evolve(active=(*piece.active, c > 0))]
    off = Wall("neuron", layer, neuron=neuron)
    if piece.vertices is None:
        return _split_dd(piece, w, c, off, cut or (dd_row(w, -c), tuple(-x for x in w)))
    value = dot(w, piece.point) + c
    neg_w = tuple(-x for x in w)
    children: list[Piece] = []
    for on in (False, True):
        # inactive: ⟨w, x⟩ <= −c; active: −⟨w, x⟩ < c (closure: <=)
        row = (neg_w, c, off) if on else (w, -c, off)
        free = value != 0 and (value > 0) == on
        child = _child(piece, [row], piece.point if free else None,
                       active=(*piece.active, on))
        if child is not None:
            children.append(child)
    return children


def _split_dd(piece: Piece, w: Vector, c: Fraction, wall: Wall,
              cut: tuple[IntVec, Vector]) -> list[Piece]:
    """:func:`split_neuron` for a double description: both sides from one exact cut."""
    dd = piece.dd
    assert dd is not None
    row, neg_w = cut
    sides = split(dd, row)
    if sides[0] is dd or sides[1] is dd:
        # the wall misses the interior: one child, the piece itself, on the side it is on
        return [piece.evolve(active=(*piece.active, sides[1] is dd))]
    # the sign of the pre-activation at the parent's point: > 0 iff the row's slack is < 0
    value = -row_sign(row, piece.point)
    key = _key_of(row)
    children: list[Piece] = []
    for on, side in ((False, sides[0]), (True, sides[1])):
        if side is None:  # pragma: no cover - a proper cut has both sides
            continue
        added = ((neg_w, c) if on else (w, -c)) + (wall, key)
        free = value != 0 and (value > 0) == on
        children.append(_with_rows(piece, side, [added], piece.point if free else None,
                                   {"active": (*piece.active, on)}))
    return children
