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
    """

    pattern: Pattern
    A: Matrix
    b: Vector
    walls: tuple[Wall, ...]
    point: Vector
    affine_map: AffineMap
