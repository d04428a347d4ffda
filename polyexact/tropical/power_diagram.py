r"""Power diagrams: one head's routing partition as a weighted Voronoi diagram (docs/theory.md §2).

For sites ``a_j`` and weights ``w_j`` the power cell of ``j`` is
``{x : ‖x − a_j‖² − w_j ≤ ‖x − a_l‖² − w_l for all l}``; the quadratic term cancels, so it is
the polyhedron ``2⟨a_l − a_j, x⟩ ≤ (‖a_l‖² − w_l) − (‖a_j‖² − w_j)``. With
``w_j = ‖a_j‖² + 2β_j`` these are the routing cells of ``max_j ⟨a_j, x⟩ + β_j`` (paper Thm IV.3),
each inequality exactly twice the routing one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property

from polyexact.errors import ShapeError
from polyexact.numbers import Matrix, Vector, dot, matrix_from_data, vector_from_data
from polyexact.polyhedra import interior_point

__all__ = [
    "Inequalities",
    "PowerDiagram",
    "power_diagram_from_heights",
    "power_diagram_from_weights",
    "routing_cell_inequalities",
]

Inequalities = tuple[Matrix, Vector]
"""``(A, b)`` meaning ``A x <= b``."""


@dataclass(frozen=True)
class PowerDiagram:
    """Sites ``a_j`` in R^d with weights ``w_j``; build with a ``power_diagram_from_*`` factory.

    Examples
    --------
    >>> from polyexact.tropical.power_diagram import power_diagram_from_weights
    >>> pd = power_diagram_from_weights([[0], [2], [4]], [0, 0, 0])
    >>> pd.cell_inequalities(1)
    (((Fraction(-4, 1),), (Fraction(4, 1),)), (Fraction(-4, 1), Fraction(12, 1)))
    >>> pd.full_dim_cells, pd.n_cells
    ((0, 1, 2), 3)
    """

    sites: Matrix
    weights: Vector
    ambient_dim: int

    def cell_inequalities(self, j: int) -> Inequalities:
        """The power cell of site ``j`` as ``A x <= b``, one row per other site ``l``."""
        aj, pj = self.sites[j], dot(self.sites[j], self.sites[j]) - self.weights[j]
        rows: list[Vector] = []
        rhs: list[Fraction] = []
        for l, (al, wl) in enumerate(zip(self.sites, self.weights, strict=True)):
            if l != j:
                rows.append(tuple(2 * (x - y) for x, y in zip(al, aj, strict=True)))
                rhs.append(dot(al, al) - wl - pj)
        return tuple(rows), tuple(rhs)

    @cached_property
    def full_dim_cells(self) -> tuple[int, ...]:
        """Indices of the sites whose power cell has non-empty interior.

        A site equal to an earlier one with the same weight owns nothing (lowest index wins,
        docs/theory.md §5 rule 1); a later copy does not stop the earlier one from owning its cell.
        """
        owners = []
        for j in range(len(self.sites)):
            if self._copy_of_earlier(j):
                continue
            A, b = self.cell_inequalities(j)
            # exact copies (a zero row with zero right-hand side) would forbid every interior
            kept = [(r, c) for r, c in zip(A, b, strict=True) if any(r) or c != 0]
            if interior_point([r for r, _ in kept], [c for _, c in kept],
                              self.ambient_dim) is not None:
                owners.append(j)
        return tuple(owners)

    @property
    def n_cells(self) -> int:
        """The number of full-dimensional power cells."""
        return len(self.full_dim_cells)

    def _copy_of_earlier(self, j: int) -> bool:
        return any(self.sites[l] == self.sites[j] and self.weights[l] == self.weights[j]
                   for l in range(j))


def power_diagram_from_weights(sites: Sequence[Sequence[object]],
                               weights: Sequence[object]) -> PowerDiagram:
    """Build a power diagram from sites and weights (anything ``parse_rational`` accepts).

    Parameters
    ----------
    sites : sequence of rational vectors
        The sites ``a_j``, all of one dimension d >= 1.
    weights : sequence of rationals
        One weight per site.

    Returns
    -------
    PowerDiagram
        The diagram, with exact Fraction data.

    Raises
    ------
    ShapeError
        If there are no sites, they differ in dimension, or there is not one weight per site.

    See Also
    --------
    power_diagram_from_heights

    Examples
    --------
    >>> from polyexact.tropical.power_diagram import power_diagram_from_weights
    >>> pd = power_diagram_from_weights([[0], [2]], [0, "1/2"])
    >>> pd.weights, pd.n_cells
    ((Fraction(0, 1), Fraction(1, 2)), 2)
    >>> power_diagram_from_weights([[0], [2]], [0])
    Traceback (most recent call last):
    ...
    polyexact.errors.ShapeError: weights: expected 2 entries, found 1
    """
    A, w = _parse(sites, weights, "weights")
    return PowerDiagram(A, w, len(A[0]))


def power_diagram_from_heights(sites: Sequence[Sequence[object]],
                               heights: Sequence[object]) -> PowerDiagram:
    r"""Return the power diagram of ``max_j ⟨a_j, x⟩ + β_j``: weights ``‖a_j‖² + 2β_j``.

    Examples
    --------
    >>> from polyexact.tropical.power_diagram import power_diagram_from_heights
    >>> power_diagram_from_heights([[1, 0], [0, 1]], [0, "1/2"]).weights
    (Fraction(1, 1), Fraction(2, 1))
    """
    A, beta = _parse(sites, heights, "heights")
    return PowerDiagram(A, tuple(dot(a, a) + 2 * h for a, h in zip(A, beta, strict=True)),
                        len(A[0]))


def routing_cell_inequalities(sites: Sequence[Sequence[Fraction]], heights: Sequence[Fraction],
                              j: int) -> Inequalities:
    r"""The routing cell of ``j``: ``⟨a_l − a_j, x⟩ ≤ β_j − β_l`` for every ``l ≠ j``.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.tropical.power_diagram import routing_cell_inequalities
    >>> routing_cell_inequalities([(F(0),), (F(1),)], [F(0), F(0)], 0)
    (((Fraction(1, 1),),), (Fraction(0, 1),))
    """
    rows = tuple(tuple(x - y for x, y in zip(al, sites[j], strict=True))
                 for l, al in enumerate(sites) if l != j)
    rhs = tuple(heights[j] - hl for l, hl in enumerate(heights) if l != j)
    return rows, rhs


def _parse(sites: Sequence[Sequence[object]], extra: Sequence[object],
           name: str) -> tuple[Matrix, Vector]:
    A = matrix_from_data(list(map(list, sites)), "sites")
    if not A or not A[0]:
        raise ShapeError("expected at least one site of dimension >= 1", field="sites")
    return A, vector_from_data(list(extra), name, length=len(A))
