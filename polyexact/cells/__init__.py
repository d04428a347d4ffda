"""Layer 6: pattern-cell enumeration and merging into regions.

The records it produces (cells, walls, complexes) and their certificate files live in
:mod:`polyexact.certificates`; they are re-exported here for convenience. The verifier is
:mod:`polyexact.verify`.
"""

from polyexact.cells.bounds import cell_count_bound
from polyexact.cells.enumerate import CellLimitError, count_cells, enumerate_cells
from polyexact.cells.regions import region_ids
from polyexact.cells.stream import iter_cells, write_certificate_streamed
from polyexact.certificates import (
    CERTIFICATE_FORMAT,
    Adjacency,
    Cell,
    CellComplex,
    Certificate,
    Location,
    Wall,
    certificate_digest,
    certificate_from_data,
    certificate_to_data,
    read_certificate,
    write_certificate,
)

__all__ = [
    "CERTIFICATE_FORMAT",
    "Adjacency",
    "Cell",
    "CellComplex",
    "CellLimitError",
    "Certificate",
    "Location",
    "Wall",
    "cell_count_bound",
    "certificate_digest",
    "certificate_from_data",
    "certificate_to_data",
    "count_cells",
    "enumerate_cells",
    "iter_cells",
    "read_certificate",
    "region_ids",
    "write_certificate",
    "write_certificate_streamed",
]
