"""Whether a domain is bounded: the enumerator's drivers choose their geometry backend by it.

(Certificates no longer carry volumes: completeness is proved facet by facet, see
docs/certificate.md.)
"""

from __future__ import annotations

from polyexact.models import Domain
from polyexact.polyhedra import HPolyhedron

__all__ = ["is_bounded_domain"]


def is_bounded_domain(domain: Domain, d: int) -> bool:
    """Whether the domain is a polytope (a box, or a bounded ``A x <= b``).

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.models import box_domain, whole_space
    >>> from polyexact.cells.coverage import is_bounded_domain
    >>> is_bounded_domain(box_domain([(F(0), F(1))]), 1), is_bounded_domain(whole_space(), 1)
    (True, False)
    """
    if domain.kind == "all":
        return False
    if domain.kind == "box":
        return True
    return HPolyhedron(tuple(domain.A), tuple(domain.b), d).is_bounded
