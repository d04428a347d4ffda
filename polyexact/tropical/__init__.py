"""Layer 3: tropical geometry (max-plus): Newton polytopes, upper hulls, Minkowski sums, fans."""

from polyexact.tropical.minkowski import (
    MinkowskiSum,
    iter_minkowski_labels,
    minkowski_labels_brute_force,
    minkowski_sum,
)
from polyexact.tropical.newton import (
    lift_points,
    lifted_polytope,
    newton_polytope,
    upper_vertices,
)

__all__ = [
    "MinkowskiSum",
    "iter_minkowski_labels",
    "lift_points",
    "lifted_polytope",
    "minkowski_labels_brute_force",
    "minkowski_sum",
    "newton_polytope",
    "upper_vertices",
]
