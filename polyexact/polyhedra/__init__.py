"""Layer 2: exact polyhedra (the only layer that talks to cddlib, through ``_cdd``)."""

from polyexact.polyhedra.hpolyhedron import (
    HPolyhedron,
    IntegerGenerators,
    integer_generators,
    interior_point,
    is_strictly_inside,
    polyhedron_from_inequalities,
)
from polyexact.polyhedra.linprog import LPSolution, feasible_point, is_feasible, maximize
from polyexact.polyhedra.volume import volume
from polyexact.polyhedra.vpolytope import polyhedron_from_points, vertex_adjacency, vertex_indices

__all__ = [
    "HPolyhedron",
    "IntegerGenerators",
    "LPSolution",
    "feasible_point",
    "integer_generators",
    "interior_point",
    "is_feasible",
    "is_strictly_inside",
    "maximize",
    "polyhedron_from_inequalities",
    "polyhedron_from_points",
    "vertex_adjacency",
    "vertex_indices",
    "volume",
]
