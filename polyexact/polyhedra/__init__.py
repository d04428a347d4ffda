"""Layer 2: exact polyhedra (the only layer that talks to cddlib, through ``_cdd``)."""

from polyexact.polyhedra.hpolyhedron import (
    HPolyhedron,
    interior_point,
    is_strictly_inside,
    polyhedron_from_inequalities,
)
from polyexact.polyhedra.volume import volume

__all__ = [
    "HPolyhedron",
    "interior_point",
    "is_strictly_inside",
    "polyhedron_from_inequalities",
    "volume",
]
