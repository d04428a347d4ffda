"""Layer 5: pattern-cell enumeration, merging into regions, certificates, the verifier."""

from polyexact.cells.cell import Cell, Wall

__all__ = ["Cell", "Wall"]
