"""A piece of the enumeration: a full-dimensional cell part-way through the stages.

A *piece* holds its irredundant rows ``A x <= b`` (each with its :class:`Wall` and the normalised
hyperplane it lies on), an interior point with positive exact slack, the exact affine map from
the input to the current hidden state, and one exact representation to cut it by: a vertex
cycle for a bounded 2-D piece, a double description otherwise.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from math import gcd, lcm

from polyexact.certificates.cell import Wall
from polyexact.numbers import AffineMap, Vector
from polyexact.polyhedra.incremental.double_description import DDPolyhedron, IntVec
from polyexact.polyhedra.incremental.polygon import Point

__all__ = ["HyperplaneKey", "Piece", "hyperplane_key"]

HyperplaneKey = tuple[int, ...]


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
    saved : tuple of AffineMap
        For a block network, the maps to the inputs of the enclosing residual connections.

    See Also
    --------
    split_route, split_neuron

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.cells.piece import Piece
    >>> from polyexact.cells.split import split_neuron
    >>> off, on = split_neuron(Piece.space(1), (F(1),), F(0), 0, 0)
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
    #: Block networks: the maps to the inputs of the residual connections the piece is inside,
    #: innermost last (each is added back when its body ends).
    saved: tuple[AffineMap, ...] = ()

    @classmethod
    def space(cls, d: int) -> Piece:
        """All of ``R^d`` before any stage: no rows, the origin, the identity map.

        Examples
        --------
        >>> from polyexact.cells.piece import Piece
        >>> line = Piece.space(1)
        >>> line.A, line.point, line.dd.lines
        ((), (Fraction(0, 1),), ((1, 0),))
        """
        return cls(done=(), keys=(), active=(), A=(), b=(), walls=(), hyperplanes=(),
                   point=(Fraction(0),) * d, to_state=AffineMap.identity(d),
                   dd=DDPolyhedron.space(d))

    def evolve(self, **changes: object) -> Piece:
        """A copy with ``changes``: :func:`dataclasses.replace` without its per-field cost.

        Pieces are created by the hundred thousand; ``replace`` re-runs ``__init__`` through
        the frozen ``__setattr__`` for every field, a copy of the attribute dict does not.

        Examples
        --------
        >>> from polyexact.cells.piece import Piece
        >>> p = Piece.space(1)
        >>> p.evolve(active=(True,)).active, p.active
        ((True,), ())
        """
        new = object.__new__(Piece)
        state = new.__dict__
        state.update(self.__dict__)
        state.update(changes)
        return new
