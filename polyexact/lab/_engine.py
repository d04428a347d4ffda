"""The two engine calls the lab makes: enumerate a model's cells, re-check them independently.

They are imported here and nowhere else in the lab, so a move of the enumerator or of the
verifier touches one file.
"""

from __future__ import annotations

from polyexact.cells import enumerate_cells
from polyexact.certificates import CellComplex, certificate_to_data
from polyexact.models import Model
from polyexact.verify import verify_certificate

__all__ = ["certify", "enumerate_model"]


def enumerate_model(model: Model) -> CellComplex:
    """Every pattern cell of ``model`` (in this process), with adjacency and regions."""
    return enumerate_cells(model)


def certify(complex_: CellComplex) -> tuple[bool, str]:
    """Re-check ``complex_`` with the independent verifier: (valid, reason)."""
    report = verify_certificate(certificate_to_data(complex_))
    return report.valid, report.reason
