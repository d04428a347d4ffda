"""Layer 3: tropical geometry (max-plus): Newton polytopes, upper hulls, Minkowski sums, fans."""

from polyexact.tropical.fans import NormalFan, common_refinement, normal_fan
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
    "NormalFan",
    "common_refinement",
    "iter_minkowski_labels",
    "lift_points",
    "lifted_polytope",
    "minkowski_labels_brute_force",
    "minkowski_sum",
    "newton_polytope",
    "normal_fan",
    "upper_vertices",
]
