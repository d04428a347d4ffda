"""polyexact: exact polyhedral geometry and certified region counts of tropical transformers.

Convention everywhere: max-plus (a ⊕ b = max(a, b), a ⊗ b = a + b).

The names a user starts from are exported here and imported on first use, so that
``import polyexact`` (and the command line) stays fast.

Examples
--------
>>> import polyexact
>>> cx = polyexact.enumerate_cells(polyexact.construction(1, 2, 2, 1))
>>> cx.n_cells, cx.n_regions
(4, 4)
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:  # pragma: no cover
    from polyexact.cells.enumerate import count_cells, enumerate_cells
    from polyexact.certificates import read_certificate, write_certificate
    from polyexact.conventions import Addition, RegionKind
    from polyexact.export import region_graph, write_region_graph
    from polyexact.lab.counterexample import find_counterexample
    from polyexact.models.builders import construction, random_model
    from polyexact.models.forward import forward
    from polyexact.models.load import load_model, write_model
    from polyexact.models.points import read_point_sets
    from polyexact.tropical.minkowski import minkowski_sum
    from polyexact.verify import verify_certificate

_EXPORTS = {
    "Addition": "polyexact.conventions",
    "RegionKind": "polyexact.conventions",
    "construction": "polyexact.models.builders",
    "count_cells": "polyexact.cells.enumerate",
    "enumerate_cells": "polyexact.cells.enumerate",
    "find_counterexample": "polyexact.lab.counterexample",
    "forward": "polyexact.models.forward",
    "load_model": "polyexact.models.load",
    "minkowski_sum": "polyexact.tropical.minkowski",
    "random_model": "polyexact.models.builders",
    "read_certificate": "polyexact.certificates.read",
    "read_point_sets": "polyexact.models.points",
    "region_graph": "polyexact.export",
    "verify_certificate": "polyexact.verify.verifier",
    "write_certificate": "polyexact.certificates.write",
    "write_model": "polyexact.models.load",
    "write_region_graph": "polyexact.export",
}

__all__ = [
    "Addition",
    "RegionKind",
    "__version__",
    "construction",
    "count_cells",
    "enumerate_cells",
    "find_counterexample",
    "forward",
    "load_model",
    "minkowski_sum",
    "random_model",
    "read_certificate",
    "read_point_sets",
    "region_graph",
    "verify_certificate",
    "write_certificate",
    "write_model",
    "write_region_graph",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'polyexact' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


def __dir__() -> list[str]:
    return sorted(__all__)
