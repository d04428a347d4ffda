"""Layer 5: pattern-cell enumeration, merging into regions, certificates, the verifier."""

from polyexact.cells.cell import Cell, Wall
from polyexact.cells.complex import Adjacency, CellComplex

__all__ = ["Adjacency", "Cell", "CellComplex", "Wall"]
