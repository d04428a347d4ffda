"""A piece of the enumeration: a full-dimensional cell part-way through the stages.

A *piece* holds its irredundant rows ``A x <= b`` (each with its :class:`Wall` and the normalised
hyperplane it lies on), an interior point with positive exact slack, the exact affine map from
the input to the current hidden state, and one exact representation to cut it by: a vertex
cycle for a bounded 2-D piece, a double description otherwise. Which one is the run's
:class:`PieceGeometry`, chosen once at the root piece and inherited by every descendant; the
splitting and adjacency code asks the geometry and never looks at the representation itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from math import gcd, lcm
from typing import Protocol, runtime_checkable

from polyexact.certificates.cell import Wall
from polyexact.numbers import AffineMap, Vector
from polyexact.polyhedra.incremental.double_description import DDPolyhedron, IntVec
from polyexact.polyhedra.incremental.polygon import Point

__all__ = ["HyperplaneKey", "Piece", "PieceGeometry", "Row", "hyperplane_key"]

HyperplaneKey = tuple[int, ...]
#: A row to add to a piece: ``⟨a, x⟩ <= beta`` and the wall it comes from.
Row = tuple[Vector, Fraction, Wall]
#: Pieces by index: a list, or a mapping holding only the pieces a merge can touch.
Pieces = Sequence["Piece"] | Mapping[int, "Piece"]
#: Whether the closures of two pieces meet in a (d−1)-set of a hyperplane (exact).
Meet = Callable[["Piece", "Piece", HyperplaneKey], bool]


def hyperplane_key(a: Sequence[Fraction], c: Fraction) -> HyperplaneKey:
    """Return the hyperplane ``⟨a, x⟩ = c`` as a primitive integer vector with a fixed sign.

    Both orientations of a row give the same key, so two cells on opposite sides of a wall
    name their shared hyperplane identically.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.cells.piece import hyperplane_key
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


@runtime_checkable
class PieceGeometry(Protocol):
    """The exact geometry of the pieces of one run: how they are cut and how facets compare.

    Two implementations, chosen once per run from the domain (:func:`choose_geometry` in
    :mod:`polyexact.cells.engine`): a bounded 2-D domain is cut as integer vertex cycles
    (:data:`polyexact.cells.geometry_polygon.POLYGON`), every other domain as double
    descriptions (:data:`polyexact.cells.geometry_dd.DD`). Both are thin layers over the
    incremental kernels of :mod:`polyexact.polyhedra.incremental`; neither needs an LP except
    where :meth:`facets_meet` answers ``None``.

    Examples
    --------
    >>> from polyexact.cells.geometry_dd import DD
    >>> from polyexact.cells.geometry_polygon import POLYGON
    >>> from polyexact.cells.piece import PieceGeometry
    >>> isinstance(DD, PieceGeometry), isinstance(POLYGON, PieceGeometry), DD.name
    (True, True, 'double description')
    """

    #: A short name, for messages.
    name: str

    def root(self, A: Sequence[Vector], b: Vector, d: int
             ) -> tuple[dict[str, object], list[int]] | None:
        """The domain ``A x <= b`` in ``R^d``: the fields to set on the root piece and the
        indices of its irredundant rows, or ``None`` if it has empty interior."""
        ...

    def add_rows(self, parent: Piece, rows: Sequence[Row], point: Vector | None,
                 changes: dict[str, object]) -> Piece | None:
        """``parent`` with ``rows`` added, if full-dimensional (irredundant rows, an interior
        point: ``point`` if given, else one of the child's own), with ``changes`` set."""
        ...

    def split(self, piece: Piece, w: Vector, c: Fraction, wall: Wall,
              cut: tuple[IntVec, Vector] | None) -> list[Piece]:
        """Both sides of ``⟨w, x⟩ + c = 0`` (``w ≠ 0``): inactive (``<= 0``) first, ``active``
        extended by each side's bit; a wall missing the interior gives one child. ``cut``, when
        the caller has it, is the primitive integer row of ``⟨w, x⟩ <= −c`` and ``−w``."""
        ...

    def cut_key(self, kids: Sequence[Piece], w: Vector, c: Fraction) -> HyperplaneKey:
        """The hyperplane of the facet two children of :meth:`split` share."""
        ...

    def facets_meet(self, c: Piece, e: Piece, key: HyperplaneKey) -> bool | None:
        """Whether the facets of ``c`` and ``e`` on ``key`` overlap in a (d−1)-set, or
        ``None`` when the representation leaves it open (then an exact LP decides)."""
        ...

    def facet_pairs(self, new: Pieces, ci: Sequence[int], ck: Sequence[int],
                    key: HyperplaneKey, meet: Meet) -> Iterator[tuple[int, int]]:
        """Pairs ``(c, e)``, ``c`` from ``ci`` and ``e`` from ``ck`` (pieces on the two sides of
        ``key``, each with a facet on it), whose facets overlap; ``meet`` decides a pair."""
        ...


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
    geometry : PieceGeometry
        How the piece is cut and compared: the run's, inherited from the root piece.
    vertices : tuple of Point or None
        For a bounded 2-D piece, its vertex cycle (edge ``i`` lies on row ``i``).
    dd : DDPolyhedron or None
        For every other piece, its rows and minimal generators (row ``i`` is ``dd.rows[i]``).
    pre : tuple or None
        The current layer's FFN pre-activations pulled back to the input, when computed.
    pre_rows : tuple or None
        With ``pre``: per neuron the integer row of its inactive side and the negated weights.
    saved : tuple of AffineMap
        For a block network, the maps to the inputs of the enclosing residual connections.

    See Also
    --------
    split_route, split_neuron

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.cells.geometry_dd import space
    >>> from polyexact.cells.split import split_neuron
    >>> off, on = split_neuron(space(1), (F(1),), F(0), 0, 0)
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
    #: The run's geometry (polygon or double description), chosen at the root piece.
    geometry: PieceGeometry
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
    #: Block networks: the maps to the inputs of the residual connections the piece is inside,
    #: innermost last (each is added back when its body ends).
    saved: tuple[AffineMap, ...] = ()

    def evolve(self, **changes: object) -> Piece:
        """A copy with ``changes``: :func:`dataclasses.replace` without its per-field cost.

        Pieces are created by the hundred thousand; ``replace`` re-runs ``__init__`` through
        the frozen ``__setattr__`` for every field, a copy of the attribute dict does not.

        Examples
        --------
        >>> from polyexact.cells.geometry_dd import space
        >>> p = space(1)
        >>> p.evolve(active=(True,)).active, p.active
        ((True,), ())
        """
        new = object.__new__(Piece)
        state = new.__dict__
        state.update(self.__dict__)
        state.update(changes)
        return new
