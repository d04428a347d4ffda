"""The result of an enumeration: cells, their facet adjacency and the maximal linear regions."""

from __future__ import annotations

from dataclasses import dataclass

from polyexact.certificates.cell import Cell, Wall
from polyexact.models import Model

__all__ = ["Adjacency", "CellComplex"]


@dataclass(frozen=True, order=True)
class Adjacency:
    """Cells ``first < second`` (indices into ``CellComplex.cells``) share a facet on ``wall``.

    Attributes
    ----------
    first, second : int
        The two cells, ``first < second``.
    wall : Wall
        The source of the shared facet.

    See Also
    --------
    CellComplex

    Examples
    --------
    >>> from polyexact.cells import enumerate_cells
    >>> from polyexact.models import construction
    >>> adj = enumerate_cells(construction(1, 2, 2, 1)).adjacency
    >>> [(a.first, a.second, a.wall.kind) for a in adj]
    [(0, 1, 'neuron'), (1, 2, 'route'), (2, 3, 'neuron')]
    """

    first: int
    second: int
    wall: Wall


@dataclass(frozen=True)
class CellComplex:
    """All pattern cells of a model over its domain, with adjacency and linear regions.

    ``cells`` are in a deterministic order (sorted by pattern); ``region_of[i]`` is the
    linear-region id of cell ``i`` (regions numbered 0.. in order of their first cell).

    Attributes
    ----------
    model : Model
        The model enumerated.
    cells : tuple of Cell
        The full-dimensional pattern cells.
    adjacency : tuple of Adjacency
        Every pair of cells sharing a facet, sorted.
    region_of : tuple of int
        The linear region of each cell.

    See Also
    --------
    enumerate_cells, region_ids, certificate_to_data

    Notes
    -----
    ``n_cells`` counts ``RegionKind.PATTERN_CELL``, ``n_regions`` ``RegionKind.LINEAR_REGION``
    (theory.md §5).

    Examples
    --------
    >>> from polyexact.cells import enumerate_cells
    >>> from polyexact.models import construction
    >>> complex_ = enumerate_cells(construction(1, 2, 2, 1))
    >>> complex_.n_cells, complex_.n_regions, complex_.region_of
    (4, 4, (0, 1, 2, 3))
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
