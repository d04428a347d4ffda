"""Layer 5: the certificate format — records, canonical encoding, digests, reading, writing.

Enumeration (:mod:`polyexact.cells`) writes certificates and the verifier
(:mod:`polyexact.verify`) reads them; they share this data, never each other's machinery.
"""

from polyexact.certificates.canonical import canonical_json, certificate_digest, model_digest
from polyexact.certificates.cell import Cell, Wall
from polyexact.certificates.complex import Adjacency, CellComplex, Location
from polyexact.certificates.read import (
    CERTIFICATE_FORMAT,
    REGION_DEFINITION,
    Certificate,
    Shard,
    certificate_from_data,
    read_certificate,
)
from polyexact.certificates.write import certificate_to_data, write_certificate

__all__ = [
    "CERTIFICATE_FORMAT",
    "REGION_DEFINITION",
    "Adjacency",
    "Cell",
    "CellComplex",
    "Certificate",
    "Location",
    "Shard",
    "Wall",
    "canonical_json",
    "certificate_digest",
    "certificate_from_data",
    "certificate_to_data",
    "model_digest",
    "read_certificate",
    "write_certificate",
]
