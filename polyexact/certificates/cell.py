"""Cells (full-dimensional pattern cells) and walls, the records the enumerator produces."""

from __future__ import annotations

from dataclasses import dataclass

from polyexact.models import Pattern
from polyexact.numbers import AffineMap, Matrix, Vector

__all__ = ["Cell", "Wall"]


@dataclass(frozen=True, order=True)
class Wall:
    """The model-level source of a facet.

    ``kind`` is ``"route"`` (head ``head`` of ``layer``, between keys ``keys = (j, l)``),
    ``"neuron"`` (FFN neuron ``neuron`` of ``layer``) or ``"domain"`` (row ``neuron`` of the
    domain's inequalities; then ``layer = -1``).

    Attributes
    ----------
    kind : {"route", "neuron", "domain"}
        What the wall comes from.
    layer : int
        0-based layer index, -1 for a domain row.
    head : int
        Head index of a routing wall, else -1.
    keys : (int, int)
        ``(j, l)`` of a routing wall: the cell routes to ``j`` and the wall is ``s_j = s_l``.
    neuron : int
        Neuron index of a neuron wall, or the row index of a domain wall, else -1.

    See Also
    --------
    Cell, polyexact.certificates.serial.wall_to_data

    Examples
    --------
    >>> from polyexact.cells import Wall
    >>> Wall("route", 0, 1, (2, 0))
    Wall(kind='route', layer=0, head=1, keys=(2, 0), neuron=-1)
    >>> Wall("domain", -1, neuron=3) < Wall("neuron", 0, neuron=0)
    True
    """

    kind: str
    layer: int
    head: int = -1
    keys: tuple[int, int] = (-1, -1)
    neuron: int = -1


@dataclass(frozen=True)
class Cell:
    """A full-dimensional pattern cell.

    ``A x <= b`` are its irredundant inequalities (its closure), ``walls[i]`` the source of row
    ``i``, ``point`` an interior point with positive exact slack in every row, and ``affine_map``
    the exact map from the model input to the output ``x_{L+1}`` on the cell.

    Attributes
    ----------
    pattern : Pattern
        The routing and activation pattern constant on the cell.
    A : Matrix
        Irredundant inequality rows.
    b : Vector
        Their right-hand sides.
    walls : tuple of Wall
        ``walls[i]`` is the source of row ``i``.
    point : Vector
        An interior point.
    affine_map : AffineMap
        The exact map from input to output on the cell.

    See Also
    --------
    enumerate_cells, CellComplex

    Notes
    -----
    docs/theory.md §5 fixes which cells are counted (rules 1–4).

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.cells import enumerate_cells
    >>> from polyexact.models import construction
    >>> cell = enumerate_cells(construction(1, 2, 2, 1)).cells[0]
    >>> cell.A, cell.b, cell.point
    (((Fraction(-1, 1),), (Fraction(2, 1),)), (Fraction(0, 1), Fraction(1, 2)), (Fraction(1, 8),))
    >>> [w.kind for w in cell.walls], cell.affine_map((F(1, 8),))
    (['domain', 'neuron'], (Fraction(1, 2),))
    """

    pattern: Pattern
    A: Matrix
    b: Vector
    walls: tuple[Wall, ...]
    point: Vector
    affine_map: AffineMap
