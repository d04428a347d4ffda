"""A subtree's cells in a compact form for the trip from a worker process to the parent.

Pickling pieces as they are made the parent spend most of its time rebuilding them: every
``Fraction``, ``Wall`` and dataclass is re-created one by one. A subtree repeats few distinct
values, so the worker sends each distinct rational (as an integer pair), wall and layer pattern
once, and every cell as tuples of small integers indexing those tables; the parent builds each
distinct value once and the cells from shared objects. Cells are sorted by pattern in the
worker, and their adjacency is given by those sorted indices. The values are exactly the
pieces' values, so the parent's cells are equal to the serial run's.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from polyexact.cells.engine import Subtree
from polyexact.cells.piece import Piece
from polyexact.certificates.cell import Cell, Wall
from polyexact.models import LayerPattern
from polyexact.numbers import AffineMap

__all__ = ["PackedCells", "pack_cells", "unpack_cells"]

_Vec = tuple[int, ...]
_Mat = tuple[_Vec, ...]
#: pattern, A, b, walls, point, map A, map b: indices into the tables
_Row = tuple[_Vec, _Mat, _Vec, _Vec, _Vec, _Mat, _Vec]


@dataclass(frozen=True)
class PackedCells:
    """A subtree's cells in pattern order, as indices into tables of distinct values.

    Workers send this instead of cells: each distinct number, wall and layer pattern crosses the
    process boundary once.

    Attributes
    ----------
    numbers : tuple of (int, int)
        Distinct rationals as ``(numerator, denominator)``.
    walls : tuple of Wall
        Distinct walls.
    layers : tuple of (keys, active) pairs
        Distinct layer patterns.
    cells : tuple
        One row of indices per cell (pattern, A, b, walls, point, map A, map b).
    adjacency : tuple of (int, int, int)
        ``(first, second, wall index)`` by sorted index.
    border : dict of int to Piece
        The pieces that may meet another subtree's cells.

    See Also
    --------
    pack_cells, unpack_cells

    Examples
    --------
    >>> from polyexact.cells.engine import root, run_task, stages
    >>> from polyexact.cells.packed import pack_cells
    >>> from polyexact.models import construction
    >>> m = construction(1, 2, 2, 1)
    >>> packed = pack_cells(run_task(m, stages(m), root(m), None, border=False))
    >>> len(packed.cells), len(packed.walls), packed.layers[:2]
    (4, 5, (((0,), (True, False)), ((0,), (True, True))))
    >>> packed.adjacency
    ((0, 1, 1), (1, 2, 2), (2, 3, 1))
    """

    numbers: tuple[tuple[int, int], ...]
    walls: tuple[Wall, ...]
    layers: tuple[tuple[tuple[int, ...], tuple[bool, ...]], ...]
    cells: tuple[_Row, ...]
    #: ``(first, second, wall index)`` by sorted index, ``first < second``, sorted
    adjacency: tuple[tuple[int, int, int], ...]
    #: the pieces (by sorted index) that may meet another subtree's cells
    border: dict[int, Piece]


def pack_cells(subtree: Subtree) -> PackedCells:
    """Pack a subtree's cells (in its pattern order), adjacency and border pieces.

    Examples
    --------
    >>> from polyexact.cells.engine import root, run_task, stages
    >>> from polyexact.models.builders import construction
    >>> m = construction(1, 2, 2, 1)
    >>> packed = pack_cells(run_task(m, stages(m), root(m), None, border=False))
    >>> cells, adjacency, _ = unpack_cells(packed)
    >>> len(cells), [(a, b) for a, b, _ in adjacency]
    (4, [(0, 1), (1, 2), (2, 3)])
    """
    numbers: dict[tuple[int, int], int] = {}
    walls: dict[Wall, int] = {}
    layers: dict[tuple[tuple[int, ...], tuple[bool, ...]], int] = {}

    def num(x: Fraction) -> int:
        key = (x.numerator, x.denominator)
        i = numbers.get(key)
        if i is None:
            i = numbers[key] = len(numbers)
        return i

    def vec(v: tuple[Fraction, ...]) -> _Vec:
        return tuple([num(x) for x in v])

    def wall(w: Wall) -> int:
        i = walls.get(w)
        if i is None:
            i = walls[w] = len(walls)
        return i

    def layer(lp: tuple[tuple[int, ...], tuple[bool, ...]]) -> int:
        i = layers.get(lp)
        if i is None:
            i = layers[lp] = len(layers)
        return i

    rows: list[_Row] = []
    for p in subtree.pieces:
        rows.append((tuple([layer(lp) for lp in p.done]), tuple([vec(a) for a in p.A]),
                     vec(p.b), tuple([wall(w) for w in p.walls]), vec(p.point),
                     tuple([vec(a) for a in p.to_state.A]), vec(p.to_state.b)))
    adjacency = tuple((i, k, wall(w)) for i, k, w in subtree.adjacency)
    return PackedCells(tuple(numbers), tuple(walls), tuple(layers), tuple(rows), adjacency,
                       subtree.border)


def unpack_cells(packed: PackedCells) -> tuple[list[Cell], list[tuple[int, int, Wall]],
                                               dict[int, Piece]]:
    """The cells (in pattern order), their adjacency and the border pieces of a packed subtree.

    Parameters
    ----------
    packed : PackedCells
        What :func:`pack_cells` produced.

    Returns
    -------
    cells : list of Cell
        The cells, in pattern order.
    adjacency : list of (int, int, Wall)
        Facet adjacencies by index into ``cells``.
    border : dict of int to Piece
        As ``packed.border``.

    See Also
    --------
    pack_cells

    Examples
    --------
    >>> from polyexact.cells import enumerate_cells
    >>> from polyexact.cells.engine import root, run_task, stages
    >>> from polyexact.cells.packed import pack_cells, unpack_cells
    >>> from polyexact.models import construction
    >>> m = construction(1, 2, 2, 1)
    >>> subtree = run_task(m, stages(m), root(m), None, border=False)
    >>> cells, adjacency, border = unpack_cells(pack_cells(subtree))
    >>> tuple(cells) == enumerate_cells(m).cells, border
    (True, {})
    """
    F = [Fraction(n, d) for n, d in packed.numbers]
    layers = [LayerPattern(k, a) for k, a in packed.layers]
    walls = packed.walls

    def vec(v: _Vec) -> tuple[Fraction, ...]:
        return tuple([F[i] for i in v])

    cells = [
        Cell(tuple([layers[i] for i in pat]), tuple([vec(a) for a in A]), vec(b),
             tuple([walls[i] for i in ws]), vec(point),
             AffineMap(tuple([vec(a) for a in mA]), vec(mb)))
        for pat, A, b, ws, point, mA, mb in packed.cells
    ]
    adjacency = [(i, k, walls[w]) for i, k, w in packed.adjacency]
    return cells, adjacency, packed.border
