"""Polygons and point sets shared by the Newton-polytope claims, with exact rational vertices.

Used by :mod:`polyexact.claims.polytopes`, :mod:`polyexact.claims.polytope_experiments` and
:mod:`polyexact.claims.attention`. Floats only propose coordinates, which are then fixed as exact
rationals.
"""

from __future__ import annotations

import math
import random
from fractions import Fraction

__all__ = ["Point", "circle_polygon", "parabola_polygon"]

Point = list[Fraction]


def _gauss_point(rng: random.Random, d: int, denominator: int = 64) -> Point:
    """A Gaussian-like point, rounded to an exact rational on the grid (1/denominator)Z^d."""
    return [Fraction(round(rng.gauss(0, 1) * denominator), denominator) for _ in range(d)]


def parabola_polygon(n: int, axes: tuple[int, ...], d: int) -> list[Point]:
    """Points ``−t² e_0 + t Σ_{a ∈ axes} e_a``, t = 0..n−1: a convex n-gon in a plane through e_0.

    All but one of its edges have outer normals with positive e_0 part, which is what makes the
    product bound attainable (Fukuda–Weibel): ``n`` such polygons in coordinate planes sharing
    the e_0 axis of R^{H+1} sum to exactly ``n^H`` vertices.

    Examples
    --------
    >>> from polyexact.claims._polygons import parabola_polygon
    >>> from polyexact.tropical import minkowski_sum
    >>> minkowski_sum([parabola_polygon(4, (1,), 3), parabola_polygon(4, (2,), 3)]).n_vertices
    16
    """
    out = []
    for t in range(n):
        p = [Fraction(0)] * d
        p[0] = Fraction(-t * t)
        for a in axes:
            p[a] += t
        out.append(p)
    return out


def circle_polygon(n: int, offset: float = 0.3) -> list[tuple[Fraction, Fraction]]:
    """An n-gon with exact rational vertices on the unit circle, in counter-clockwise order.

    Angles ``2π(k + offset)/n`` propose ``t = tan(θ/2)``; ``t`` is rounded to a rational and the
    vertex is ``((1 − t²)/(1 + t²), 2t/(1 + t²))``, exactly on the circle, so convex position is
    exact.

    Parameters
    ----------
    n : int
        Number of vertices.
    offset : float
        Rotation, in units of ``2π/n`` (only proposes angles; never decides anything).

    Returns
    -------
    list of (Fraction, Fraction)
        The vertices.

    Examples
    --------
    >>> from polyexact.claims._polygons import circle_polygon
    >>> square = circle_polygon(4)
    >>> len(square), all(x * x + y * y == 1 for x, y in square)
    (4, True)
    """
    pts = []
    for k in range(n):
        theta = 2 * math.pi * (k + offset) / n - math.pi  # in (−π, π): tan(θ/2) is finite
        t = Fraction(round(math.tan(theta / 2) * 4096), 4096)
        pts.append(((1 - t * t) / (1 + t * t), 2 * t / (1 + t * t)))
    return pts
