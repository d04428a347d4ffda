"""The result of an enumeration: cells, their facet adjacency and the maximal linear regions."""

from __future__ import annotations

from dataclasses import dataclass

from polyexact.cells.cell import Cell, Wall
from polyexact.models import Model

__all__ = ["Adjacency", "CellComplex"]


@dataclass(frozen=True, order=True)
class Adjacency:
    """Cells ``first < second`` (indices into ``CellComplex.cells``) share a facet on ``wall``."""

    first: int
    second: int
    wall: Wall


@dataclass(frozen=True)
class CellComplex:
    """All pattern cells of a model over its domain, with adjacency and linear regions.

    ``cells`` are in a deterministic order (sorted by pattern); ``region_of[i]`` is the
    linear-region id of cell ``i`` (regions numbered 0.. in order of their first cell).
    """

    model: Model
    cells: tuple[Cell, ...]
    adjacency: tuple[Adjacency, ...]
    region_of: tuple[int, ...]

    @property
    def n_cells(self) -> int:
        """Number of pattern cells."""
        return len(self.cells)

    @property
    def n_regions(self) -> int:
        """Number of maximal linear regions."""
        return len(set(self.region_of))
