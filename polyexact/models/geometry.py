r"""Per-head geometry: sites, heights, routing cells and the power diagram (docs/theory.md §2).

Head h scores key j at hidden state y by ``⟨a_j, y⟩ + β_j``. When y is an affine function
``A x + b`` of the model input (a cell of earlier layers), the same scores are
``⟨Aᵀ a_j, x⟩ + (⟨a_j, b⟩ + β_j)``: sites and heights *pulled back* through the map.
"""

from __future__ import annotations

from polyexact.models.model import Head
from polyexact.numbers import AffineMap, Matrix, Vector, is_positive_multiple
from polyexact.polyhedra import interior_point
from polyexact.tropical.power_diagram import (
    Inequalities,
    PowerDiagram,
    power_diagram_from_heights,
    routing_cell_inequalities,
)

__all__ = [
    "full_dim_routing_cells",
    "head_power_diagram",
    "head_routing_cells",
    "head_sites",
    "routing_cells_are_power_cells",
]


def head_sites(head: Head, through: AffineMap | None = None) -> tuple[Matrix, Vector]:
    """Return the sites ``a_j`` and heights ``β_j`` of a head, pulled back through ``through``.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.models.builders import construction
    >>> from polyexact.models.geometry import head_sites
    >>> from polyexact.numbers import AffineMap
    >>> head = construction(1, 2, 2, 1).layers[0].heads[0]
    >>> head_sites(head)
    (((Fraction(1, 4),), (Fraction(3, 4),)), (Fraction(-1, 32), Fraction(-9, 32)))
    >>> head_sites(head, AffineMap(((F(2),),), (F(1),)))[1]
    (Fraction(7, 32), Fraction(15, 32))
    """
    if through is None:
        return head.sites, head.heights
    pulled = [through.pull_back(a, beta) for a, beta in zip(head.sites, head.heights,
                                                             strict=True)]
    return tuple(a for a, _ in pulled), tuple(beta for _, beta in pulled)


def head_power_diagram(head: Head, through: AffineMap | None = None) -> PowerDiagram:
    """Return the power diagram of a head: sites ``a_j``, weights ``‖a_j‖² + 2β_j``.

    Parameters
    ----------
    head : Head
        The head.
    through : AffineMap, optional
        A map from the model input to the head's input; sites and heights are pulled back
        through it (default: the head's own input space).

    Returns
    -------
    PowerDiagram
        Its cell ``j`` is the routing cell of key ``j`` (ties aside).

    See Also
    --------
    head_sites, head_routing_cells

    Examples
    --------
    >>> from polyexact.models import construction, head_power_diagram
    >>> head_power_diagram(construction(1, 2, 2, 1).layers[0].heads[0]).weights
    (Fraction(0, 1), Fraction(0, 1))
    """
    sites, heights = head_sites(head, through)
    return power_diagram_from_heights(sites, heights)


def head_routing_cells(head: Head, through: AffineMap | None = None) -> list[Inequalities]:
    """Return every key's closed routing cell ``{x : s_j(x) >= s_l(x) ∀ l}`` as ``A x <= b``.

    Parameters
    ----------
    head : Head
        The head.
    through : AffineMap, optional
        A map from the model input to the head's input (default: the identity).

    Returns
    -------
    list of Inequalities
        One ``(A, b)`` pair per key, index-aligned with ``head.keys``; a cell may be empty or
        lower-dimensional.

    See Also
    --------
    full_dim_routing_cells, head_power_diagram

    Examples
    --------
    >>> from polyexact.models import construction, head_routing_cells
    >>> head_routing_cells(construction(1, 2, 2, 1).layers[0].heads[0])
    [(((Fraction(1, 2),),), (Fraction(1, 4),)), (((Fraction(-1, 2),),), (Fraction(-1, 4),))]
    """
    sites, heights = head_sites(head, through)
    return [routing_cell_inequalities(sites, heights, j) for j in range(len(sites))]


def full_dim_routing_cells(head: Head, through: AffineMap | None = None) -> tuple[int, ...]:
    """Return the keys whose routing cell is full-dimensional (exact interior point).

    A key whose ``(a_j, β_j)`` repeats an earlier key's owns nothing: lowest index wins ties
    (docs/theory.md §5, rule 1).

    Examples
    --------
    >>> from polyexact.models.builders import construction
    >>> from polyexact.models.geometry import full_dim_routing_cells
    >>> full_dim_routing_cells(construction(2, 3, 4, 1).layers[0].heads[0])
    (0, 1, 2)
    """
    sites, heights = head_sites(head, through)
    dim = len(sites[0])
    lifts = list(zip(sites, heights, strict=True))
    owners = []
    for j, (A, b) in enumerate(head_routing_cells(head, through)):
        if lifts[j] in lifts[:j]:
            continue
        # a later exact copy gives the row 0 <= 0, which no point satisfies with slack: drop it
        others = [l for l in range(len(lifts)) if l != j]
        keep = [i for i, l in enumerate(others) if lifts[l] != lifts[j]]
        if interior_point([A[i] for i in keep], [b[i] for i in keep], dim) is not None:
            owners.append(j)
    return tuple(owners)


def routing_cells_are_power_cells(head: Head, through: AffineMap | None = None) -> bool:
    """Whether every routing cell equals its power cell row by row, up to a positive factor.

    This is paper Thm IV.3 checked exactly: the power row for ``(j, l)`` must be a positive
    multiple (in fact twice) the routing row.

    Examples
    --------
    >>> from polyexact.models.builders import random_model
    >>> from polyexact.models.geometry import routing_cells_are_power_cells
    >>> m = random_model(2, n_layers=1, heads=1, n_keys=4, d_k=2, d_v=1, d_ff=0, seed=1)
    >>> routing_cells_are_power_cells(m.layers[0].heads[0])
    True
    """
    diagram = head_power_diagram(head, through)
    for j, (A, b) in enumerate(head_routing_cells(head, through)):
        P, c = diagram.cell_inequalities(j)
        if len(P) != len(A):
            return False
        for row, rhs, prow, prhs in zip(A, b, P, c, strict=True):
            if not is_positive_multiple(row, rhs, prow, prhs):
                return False
    return True
