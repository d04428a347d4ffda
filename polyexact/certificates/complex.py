"""The result of an enumeration: cells, their facet adjacency and the maximal linear regions."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

from polyexact.certificates.cell import Cell, Wall
from polyexact.models import Model, Pattern
from polyexact.models.forward import forward
from polyexact.numbers import Vector, VectorLike, dot, vector_from_data

__all__ = ["Adjacency", "CellComplex", "Location", "component_ids", "in_domain"]


@dataclass(frozen=True)
class Location:
    """Where a point lies in a :class:`CellComplex` (see :meth:`CellComplex.locate`).

    Attributes
    ----------
    cell : int
        The pattern cell (an index into ``CellComplex.cells``).
    region : int
        Its maximal linear region (``CellComplex.region_of[cell]``).
    interior : bool
        Whether the point is in the cell's interior (else on a wall: a facet or a lower face).

    Examples
    --------
    >>> from polyexact.cells import enumerate_cells
    >>> from polyexact.models import construction
    >>> enumerate_cells(construction(1, 2, 2, 1)).locate(["1/8"])
    Location(cell=0, region=0, interior=True)
    """

    cell: int
    region: int
    interior: bool


def in_domain(model: Model, x: VectorLike) -> bool:
    """Whether ``x`` lies in the closed domain of ``model`` (exact; always true for ``"all"``).

    Examples
    --------
    >>> from polyexact.certificates.complex import in_domain
    >>> from polyexact.models import construction
    >>> m = construction(1, 2, 2, 1)  # the box [0, 1]
    >>> in_domain(m, [1]), in_domain(m, ["-1/2"])
    (True, False)
    """
    point = vector_from_data(x, "point", length=model.d_model)
    return all(dot(a, point) <= b for a, b in zip(model.domain.A, model.domain.b, strict=True))


@dataclass(frozen=True, order=True)
class Adjacency:
    """Cells ``first < second`` (indices into ``CellComplex.cells``) share a facet on ``wall``.

    Attributes
    ----------
    first, second : int
        The two cells, ``first < second``.
    wall : Wall
        The source of the shared facet.

    See Also
    --------
    CellComplex

    Examples
    --------
    >>> from polyexact.cells import enumerate_cells
    >>> from polyexact.models import construction
    >>> adj = enumerate_cells(construction(1, 2, 2, 1)).adjacency
    >>> [(a.first, a.second, a.wall.kind) for a in adj]
    [(0, 1, 'neuron'), (1, 2, 'route'), (2, 3, 'neuron')]
    """

    first: int
    second: int
    wall: Wall


@dataclass(frozen=True)
class CellComplex:
    """All pattern cells of a model over its domain, with adjacency and linear regions.

    ``cells`` are in a deterministic order (sorted by pattern); ``region_of[i]`` is the
    linear-region id of cell ``i`` (regions numbered 0.. in order of their first cell).

    Attributes
    ----------
    model : Model
        The model enumerated.
    cells : tuple of Cell
        The full-dimensional pattern cells.
    adjacency : tuple of Adjacency
        Every pair of cells sharing a facet, sorted.
    region_of : tuple of int
        The linear region of each cell.

    See Also
    --------
    enumerate_cells, region_ids, certificate_to_data

    Notes
    -----
    ``n_cells`` counts ``RegionKind.PATTERN_CELL``, ``n_regions`` ``RegionKind.LINEAR_REGION``
    (docs/theory.md §5).

    Examples
    --------
    >>> from polyexact.cells import enumerate_cells
    >>> from polyexact.models import construction
    >>> complex_ = enumerate_cells(construction(1, 2, 2, 1))
    >>> complex_.n_cells, complex_.n_regions, complex_.region_of
    (4, 4, (0, 1, 2, 3))
    """

    model: Model
    cells: tuple[Cell, ...]
    adjacency: tuple[Adjacency, ...]
    region_of: tuple[int, ...]

    @property
    def n_cells(self) -> int:
        """Number of pattern cells."""
        return len(self.cells)

    @property
    def n_regions(self) -> int:
        """Number of maximal linear regions."""
        return len(set(self.region_of))

    @cached_property
    def _cell_of_pattern(self) -> dict[Pattern, int]:
        return {cell.pattern: i for i, cell in enumerate(self.cells)}

    def locate(self, x: VectorLike) -> Location | None:
        """The pattern cell and the maximal linear region containing ``x``, decided exactly.

        ``x`` is converted exactly (Fractions, integers, ``"p/q"`` or decimal strings, floats as
        their dyadic value). A point in a cell's interior is in exactly that cell. A point on a
        wall is in the closure of several cells; the one returned is the cell of the pattern the
        forward pass takes at ``x`` under the counting rules (lowest key index wins a routing
        tie, a neuron at exactly 0 is inactive), so that ``cells[loc.cell].affine_map(x)`` is the
        model's output at ``x``. When that pattern has no full-dimensional cell (a point on a
        lower-dimensional piece where several walls meet), it is the first cell, in the
        complex's order, whose closure contains ``x``; ``interior`` is then false.

        Parameters
        ----------
        x : sequence of rational-like
            A point of R^d_model.

        Returns
        -------
        Location or None
            ``None`` when ``x`` is outside the model's (closed) domain.

        Raises
        ------
        ShapeError
            If ``x`` does not have ``d_model`` coordinates.
        NumberError
            If a coordinate is not a finite rational.

        Examples
        --------
        >>> from polyexact.cells import enumerate_cells
        >>> from polyexact.models import construction
        >>> cx = enumerate_cells(construction(1, 2, 2, 1))  # walls at 1/4, 1/2, 3/4 on [0, 1]
        >>> [cx.locate([t]) for t in ("1/3", "1/2")]
        [Location(cell=1, region=1, interior=True), Location(cell=1, region=1, interior=False)]
        >>> from fractions import Fraction as F
        >>> from polyexact.models.forward import forward
        >>> half = (F(1, 2),)  # on the routing wall: key 0 wins the tie, as in the forward pass
        >>> cx.cells[1].affine_map(half) == forward(cx.model, half).output
        True
        >>> cx.locate([2]) is None
        True
        """
        point = vector_from_data(x, "point", length=self.model.d_model)
        if not in_domain(self.model, point):
            return None
        index = self._cell_of_pattern.get(forward(self.model, point).pattern)
        if index is None or not _contains(self.cells[index], point):
            index = next((i for i, c in enumerate(self.cells) if _contains(c, point)), None)
            if index is None:  # pragma: no cover - the cells cover the domain
                return None
        cell = self.cells[index]
        interior = all(dot(a, point) < b for a, b in zip(cell.A, cell.b, strict=True))
        return Location(index, self.region_of[index], interior)


def component_ids(keys: Sequence[Hashable], pairs: Iterable[tuple[int, int]]) -> list[int]:
    """Canonical region ids: components of the pairs whose two items have equal keys.

    ``keys[i]`` is item ``i``'s key (its exact map, or a text that is equal iff the maps are);
    ``pairs`` are adjacencies ``(i, j)``. Components are numbered 0, 1, ... in order of their
    first item, as certificates number linear regions (globally, or inside one shard).

    Examples
    --------
    >>> component_ids(["a", "b", "a", "a"], [(0, 1), (1, 2), (2, 3)])
    [0, 1, 2, 2]
    >>> component_ids(["a", "b", "a"], [(0, 2)])
    [0, 1, 0]
    """
    parent = list(range(len(keys)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, j in pairs:
        if keys[i] == keys[j]:
            a, b = find(i), find(j)
            if a != b:
                parent[max(a, b)] = min(a, b)
    ids: dict[int, int] = {}
    return [ids.setdefault(find(i), len(ids)) for i in range(len(keys))]


def _contains(cell: Cell, x: Vector) -> bool:
    """Whether ``x`` is in the closure of ``cell`` (exact)."""
    return all(dot(a, x) <= b for a, b in zip(cell.A, cell.b, strict=True))
