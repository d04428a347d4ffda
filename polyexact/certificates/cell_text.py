"""Canonical JSON text of certificate records, written directly (same bytes as ``json.dumps``).

A certificate has hundreds of thousands of cells; building a dict per cell and encoding it with
``json.dumps(..., sort_keys=True)`` dominated the writer. Here the text is assembled from the
cell's exact numbers in the canonical key order (``A, b, map, pattern, point, region,
walls``), with walls and layer patterns (a handful of distinct values) encoded once by
``json.dumps`` itself and cached. The tests compare every produced record with ``json.dumps``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from fractions import Fraction
from functools import lru_cache

from polyexact.certificates.cell import Cell, Wall
from polyexact.certificates.serial import pattern_to_data, wall_to_data
from polyexact.models import LayerPattern, Pattern

__all__ = ["cell_text_parts", "map_text", "number_text", "pattern_text", "vector_text",
           "wall_text"]


def number_text(x: Fraction) -> str:
    """A rational as canonical JSON: an integer, or the string ``"p/q"``.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> number_text(F(4, 2)), number_text(F(-1, 3))
    ('2', '"-1/3"')
    """
    try:
        if x.denominator == 1:
            return str(x.numerator)
        return f'"{x.numerator}/{x.denominator}"'
    except ValueError:
        # longer than Python's default integer-string limit: certificates have none of their own
        from polyexact.numbers import digit_limit

        with digit_limit(10**9):
            return number_text(x)


def vector_text(v: Sequence[Fraction]) -> str:
    """A vector as canonical JSON.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> vector_text((F(1), F(1, 2)))
    '[1,"1/2"]'
    """
    return "[" + ",".join([number_text(x) for x in v]) + "]"


def _matrix_text(A: Sequence[Sequence[Fraction]]) -> str:
    return "[" + ",".join([vector_text(row) for row in A]) + "]"


@lru_cache(maxsize=4096)
def wall_text(wall: Wall) -> str:
    """A wall as canonical JSON (cached: a model has few distinct walls).

    Examples
    --------
    >>> wall_text(Wall("neuron", 1, neuron=2))
    '{"kind":"neuron","layer":1,"neuron":2}'
    """
    return json.dumps(wall_to_data(wall), sort_keys=True, separators=(",", ":"))


@lru_cache(maxsize=4096)
def _layer_text(lp: LayerPattern) -> str:
    return json.dumps(pattern_to_data((lp,))[0], sort_keys=True, separators=(",", ":"))


def pattern_text(pattern: Pattern) -> str:
    """A pattern as canonical JSON.

    Examples
    --------
    >>> pattern_text((LayerPattern((1,), (True, False)),))
    '[{"active":[true,false],"keys":[1]}]'
    """
    return "[" + ",".join([_layer_text(lp) for lp in pattern]) + "]"


def map_text(cell: Cell) -> str:
    """The cell's affine map ``{"A": ..., "b": ...}`` as canonical JSON.

    Two cells have identical exact maps iff these texts are equal (numbers are in lowest terms).

    Parameters
    ----------
    cell : Cell
        The cell.

    Returns
    -------
    str
        Compact JSON, rationals as ``"p/q"`` strings and integers as ints.

    Examples
    --------
    >>> from polyexact.cells import enumerate_cells
    >>> from polyexact.certificates.cell_text import map_text
    >>> from polyexact.models import construction
    >>> map_text(enumerate_cells(construction(1, 2, 2, 1)).cells[0])
    '{"A":[[4]],"b":[0]}'
    """
    m = cell.affine_map
    return '{"A":' + _matrix_text(m.A) + ',"b":' + vector_text(m.b) + "}"


def cell_text_parts(cell: Cell, mapping: str | None = None) -> tuple[str, str]:
    """The canonical JSON of a certificate cell record, split around its region id.

    ``head + str(region) + tail`` is exactly ``json.dumps(entry, sort_keys=True,
    separators=(",", ":"), ensure_ascii=False)`` for the record ``cell_to_data(cell)`` with
    ``region`` added. ``mapping`` is :func:`map_text` of the cell, if known.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.numbers import AffineMap
    >>> cell = Cell((LayerPattern((), (True,)),), ((F(1),), (F(-1),)), (F(1), F(0)),
    ...             (Wall("domain", -1, neuron=0), Wall("neuron", 0, neuron=0)), (F(1, 2),),
    ...             AffineMap(((F(1),),), (F(0),)))
    >>> head, tail = cell_text_parts(cell)
    >>> head + "0" + tail
    '{"A":[[1],[-1]],"b":[1,0],"map":{"A":[[1]],"b":[0]},"pattern":[{"active":[true],"keys":[]}],"point":["1/2"],"region":0,"walls":[{"kind":"domain","row":0},{"kind":"neuron","layer":0,"neuron":0}]}'
    """
    if mapping is None:
        mapping = map_text(cell)
    head = ('{"A":' + _matrix_text(cell.A) + ',"b":' + vector_text(cell.b) + ',"map":' + mapping
            + ',"pattern":' + pattern_text(cell.pattern) + ',"point":' + vector_text(cell.point)
            + ',"region":')
    tail = (',"walls":['
            + ",".join([wall_text(w) for w in cell.walls]) + "]}")
    return head, tail
