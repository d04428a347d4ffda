"""One enumeration stage: split a piece by one head's routing walls or one neuron's wall.

Splitting follows the counting rules of docs/theory.md §5 exactly; the cuts themselves are the
run's :class:`~polyexact.cells.piece.PieceGeometry` (:mod:`polyexact.cells.geometry_polygon`,
:mod:`polyexact.cells.geometry_dd`).
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from polyexact.cells.piece import HyperplaneKey, Piece, Row, hyperplane_key
from polyexact.certificates.cell import Wall
from polyexact.models import Head
from polyexact.numbers import Vector, dot
from polyexact.polyhedra.incremental.double_description import IntVec

__all__ = ["add_rows", "split_neuron", "split_route"]


def add_rows(parent: Piece, rows: Sequence[Row], point: Vector | None,
             **changes: object) -> Piece | None:
    """Add ``rows`` to ``parent``; return the child if full-dimensional, with irredundant rows.

    ``point`` is a known interior point of the child (the parent's, when it decides this child),
    or ``None`` to take one from the child's vertices. ``changes`` are set on the child. No LP:
    the cut is exact in the run's geometry.

    Examples
    --------
    The half-line ``x >= 0`` cut by ``x <= 2``, then by ``x <= 3`` (redundant, not kept):

    >>> from fractions import Fraction as F
    >>> from polyexact.certificates.cell import Wall
    >>> from polyexact.cells.geometry_dd import space
    >>> from polyexact.cells.split import add_rows
    >>> wall = Wall("neuron", 0, neuron=0)
    >>> half = add_rows(space(1), [((F(-1),), F(0), wall)], (F(1),))
    >>> child = add_rows(half, [((F(1),), F(2), wall), ((F(1),), F(3), wall)], None)
    >>> child.A, child.b, child.point
    (((Fraction(-1, 1),), (Fraction(1, 1),)), (Fraction(0, 1), Fraction(2, 1)), (Fraction(1, 1),))
    >>> add_rows(half, [((F(1),), F(-1), wall)], None) is None
    True
    """
    return parent.geometry.add_rows(parent, rows, point, changes)


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
    >>> from polyexact.cells.geometry_dd import space
    >>> from polyexact.cells.split import split_route
    >>> from polyexact.models import Head
    >>> line = space(1)
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
                # constant row s_j − s_m = rhs, decided exactly (docs/theory.md §5, rule 4);
                # strict for m < j: the lowest index wins ties (rule 1)
                if rhs > 0 or (rhs == 0 and m > j):
                    continue
                empty = True
                break
            rows.append((normal, rhs, Wall("route", layer, index, (j, m))))
        if empty:
            continue
        child = add_rows(piece, rows, piece.point if j == free else None, keys=(*piece.keys, j))
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
    without a split (identically 0: inactive; docs/theory.md §5, rule 2). Returns the inactive child
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
    >>> from polyexact.cells.geometry_dd import space
    >>> from polyexact.cells.split import split_neuron
    >>> line = space(1)
    >>> [(p.active, p.point) for p in split_neuron(line, (F(1),), F(0), 0, 0)]
    [((False,), (Fraction(-1, 1),)), ((True,), (Fraction(1, 1),))]
    >>> [p.active for p in split_neuron(line, (F(0),), F(0), 0, 0)]
    [(False,)]
    """
    if not any(w):
        return [piece.evolve(active=(*piece.active, c > 0))]
    return piece.geometry.split(piece, w, c, Wall("neuron", layer, neuron=neuron), cut)
