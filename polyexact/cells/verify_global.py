"""The verifier's global checks: coverage, adjacency, facets and regions (steps 4–6).

:func:`polyexact.cells.verify.verify_certificate` gathers compact exact facts per cell
(:class:`_Facts`, possibly from a process pool) and then runs these checks in the parent, in
cell order, so the report does not depend on the number of processes. Like the rest of the
verifier, nothing here uses the enumerator.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from polyexact.cells.certificate import Certificate
from polyexact.cells.coverage import (
    clipped_volume,
    is_bounded_domain,
    minimal_face_points,
    strictly_inside_box,
)
from polyexact.cells.facets import HomogeneousPoint, relative_interior_point
from polyexact.cells.verify_cells import FACET_INSIDE, NOT_A_FACET

__all__: list[str] = []


class _Invalid(Exception):
    """A check failed: the certificate is invalid (a result, not an error)."""


@dataclass
class _Facts:
    """The compact per-cell facts the global checks need, one list entry per cell."""

    rows: list[tuple[tuple[int, ...], ...]]
    spans: list[tuple[tuple[int, int, int, int], ...]]
    status: list[tuple[int, ...]]
    walls: list[tuple[tuple[Any, ...], ...]]
    maps: list[int]
    regions: list[int]
    centres: list[tuple[HomogeneousPoint | None, ...]]


def _check_coverage(cert: Certificate, outside: int | None, volume_error: str | None,
                    total: Fraction) -> None:
    model = cert.complex.model
    d, domain = model.d_model, model.domain
    box = cert.box
    if box is None and not is_bounded_domain(domain, d):
        raise _Invalid("coverage.box: needed for an unbounded domain, found none")
    if box is not None:
        if outside is not None:
            raise _Invalid(f"coverage.box: a minimal face of cells[{outside}] is not inside it")
        if not all(strictly_inside_box(p, box)
                   for p in minimal_face_points(domain.A, domain.b, d)):
            raise _Invalid("coverage.box: a minimal face of the domain is not inside it")
    # every cell lies in the domain (checked per cell), so clipping to it changes nothing
    if volume_error is not None:
        raise _Invalid(volume_error)
    whole = clipped_volume(domain.A, domain.b, d, box)
    if whole != cert.total_volume:
        raise _Invalid(f"coverage.volume: recorded {cert.total_volume}, exact volume {whole}")
    if total != whole:
        raise _Invalid(f"coverage: cell volumes add up to {total}, the domain has volume {whole}")


def _swapped_key(w: tuple[Any, ...]) -> tuple[Any, ...]:
    return w[0], w[1], w[2], (w[3][1], w[3][0]), w[4]


def _check_adjacency(cert: Certificate, facts: _Facts) -> list[int]:
    """Check each recorded adjacency; return per cell the bit set of its covered rows."""
    covered = [0] * len(facts.rows)
    pairs: set[tuple[int, int]] = set()
    for k, adj in enumerate(cert.complex.adjacency):
        i, j, wall = adj.first, adj.second, adj.wall
        where = f"adjacency[{k}]"
        if (i, j) in pairs:
            raise _Invalid(f"{where}: cells {i} and {j} are listed twice")
        pairs.add((i, j))
        if wall.kind == "domain":
            raise _Invalid(f"{where}: the domain boundary is not a shared facet")
        rows_i, rows_j = facts.rows[i], facts.rows[j]
        # primitive integer rows: a positive multiple of the opposite row is the same tuple
        opposite: dict[tuple[int, ...], int] = {}
        for s, row in enumerate(rows_j):
            if any(row[:-1]):
                opposite.setdefault(tuple(-x for x in row), s)
        match = next(((r, opposite[row]) for r, row in enumerate(rows_i) if row in opposite),
                     None)
        if match is None:
            raise _Invalid(f"{where}: cells {i} and {j} have no facet hyperplane in common")
        r, s = match
        key = (wall.kind, wall.layer, wall.head, wall.keys, wall.neuron)
        wi, wj = facts.walls[i][r], facts.walls[j][s]
        if key not in {wi, wj, _swapped_key(wi), _swapped_key(wj)}:
            from polyexact.cells.verify_cells import wall_text

            raise _Invalid(f"{where}: the shared facet does not lie on wall {wall_text(wall)}")
        if not _share_facet(facts, i, r, j, s):
            raise _Invalid(f"{where}: cells {i} and {j} do not share a (d-1)-dimensional facet")
        covered[i] |= 1 << r
        covered[j] |= 1 << s
    return covered


def _share_facet(facts: _Facts, i: int, r: int, j: int, s: int) -> bool:
    """Whether cell i's row r and cell j's (opposite) row s meet in dimension ``d - 1``."""
    spans_i, spans_j = facts.spans[i], facts.spans[j]
    if spans_i and spans_j:
        if facts.status[i][r] == NOT_A_FACET or facts.status[j][s] == NOT_A_FACET:
            return False
        # both facets are segments of one line, measured along the same coordinate: they meet
        # in a segment of positive length iff each starts before the other ends
        a_lo, a_lw, a_hi, a_hw = spans_i[r]
        b_lo, b_lw, b_hi, b_hw = spans_j[s]
        return a_lo * b_hw < b_hi * a_lw and b_lo * a_hw < a_hi * b_lw
    # a relative-interior point of one facet strictly inside the other cell's remaining rows
    # lies in both facets' relative interiors: they share a (d - 1)-set (no LP needed)
    for (c, k), (e, m) in (((i, r), (j, s)), ((j, s), (i, r))):
        centre = facts.centres[c][k] if facts.centres[c] else None
        if centre is not None and _strictly_inside(centre, facts.rows[e], m):
            return True
    A = [tuple(Fraction(x) for x in row[:-1]) for row in (*facts.rows[i], *facts.rows[j])]
    b = [Fraction(row[-1]) for row in (*facts.rows[i], *facts.rows[j])]
    return relative_interior_point(A, b, A[r], b[r]) is not None


def _strictly_inside(point: HomogeneousPoint, rows: tuple[tuple[int, ...], ...],
                     skip: int) -> bool:
    X, W = point
    return all(row[-1] * W > sum(a * x for a, x in zip(row, X, strict=False))
               for k, row in enumerate(rows) if k != skip)


def _check_facets(status: list[tuple[int, ...]], covered: list[int]) -> None:
    for i, per_row in enumerate(status):
        for r, st in enumerate(per_row):
            if st == NOT_A_FACET:
                raise _Invalid(f"cells[{i}].A[{r}]: not a facet (redundant row)")
            if st == FACET_INSIDE and not covered[i] >> r & 1:
                raise _Invalid(f"cells[{i}].A[{r}]: facet with no recorded neighbour across it")


def _check_regions(cert: Certificate, facts: _Facts) -> None:
    cx = cert.complex
    maps = facts.maps
    parent = list(range(len(maps)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for adj in cx.adjacency:
        if maps[adj.first] == maps[adj.second]:
            parent[find(adj.first)] = find(adj.second)
    component_region: dict[int, int] = {}
    region_component: dict[int, int] = {}
    for i, region in enumerate(facts.regions):
        root = find(i)
        if component_region.setdefault(root, region) != region:
            raise _Invalid(f"cells[{i}].region: joined to a cell of region "
                           f"{component_region[root]} (shared facet, same map)")
        if region_component.setdefault(region, root) != root:
            raise _Invalid(f"cells[{i}].region: region {region} is not connected by shared "
                           "facets with identical maps")
    if cert.linear_regions != len(component_region):
        raise _Invalid(f"counts.linear_regions: recorded {cert.linear_regions}, the cells form "
                       f"{len(component_region)} regions")
