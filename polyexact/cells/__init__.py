"""Layer 5: pattern-cell enumeration, merging into regions, certificates, the verifier."""

from polyexact.cells.cell import Cell, Wall
from polyexact.cells.complex import Adjacency, CellComplex
from polyexact.cells.enumerate import CellLimitError, cell_count_bound, count_cells, enumerate_cells
from polyexact.cells.regions import region_ids

__all__ = [
    "Adjacency",
    "Cell",
    "CellComplex",
    "CellLimitError",
    "Wall",
    "cell_count_bound",
    "count_cells",
    "enumerate_cells",
    "region_ids",
]
