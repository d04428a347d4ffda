"""Layer 5: pattern-cell enumeration, merging into regions, certificates, the verifier."""

from polyexact.cells.bounds import cell_count_bound
from polyexact.cells.cell import Cell, Wall
from polyexact.cells.certificate import (
    CERTIFICATE_FORMAT,
    Certificate,
    certificate_from_data,
    read_certificate,
)
from polyexact.cells.certificate_write import (
    certificate_digest,
    certificate_to_data,
    write_certificate,
)
from polyexact.cells.complex import Adjacency, CellComplex
from polyexact.cells.enumerate import CellLimitError, count_cells, enumerate_cells
from polyexact.cells.regions import region_ids
from polyexact.cells.stream import iter_cells, write_certificate_streamed
from polyexact.cells.verify import VerificationReport, verify_certificate

__all__ = [
    "CERTIFICATE_FORMAT",
    "Adjacency",
    "Cell",
    "CellComplex",
    "CellLimitError",
    "Certificate",
    "VerificationReport",
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
    "verify_certificate",
    "write_certificate",
    "write_certificate_streamed",
]
