"""Certified enumeration of all full-dimensional pattern cells of a model (docs/theory.md §4, §5).

The domain is split stage by stage: every head's routing, then every FFN neuron, layer after
layer (or block after block of a network). All pieces of one stage are split before the next
stage starts, and the facet adjacency of the pieces is carried along, so the final cells come
with their adjacency. The serial run is one task of the stage engine
(:mod:`polyexact.cells.engine`); with ``jobs`` or a Dask scheduler it is
:func:`~polyexact.cells.parallel.enumerate_parallel`.
"""

from __future__ import annotations

from typing import overload

# the carry rule, importable by this module's name (tests substitute it here as well)
from polyexact.cells.adjacency import _carry_adjacency  # noqa: F401
from polyexact.cells.coverage import is_bounded_domain
from polyexact.cells.engine import (
    CellLimitError,
    Progress,
    Subtree,
    choose_geometry,
    paused_gc,
    root,
    run_task,
    stages,
)
from polyexact.cells.network_cells import NetworkComplex
from polyexact.cells.parallel import enumerate_parallel
from polyexact.cells.regions import region_ids
from polyexact.certificates.cell import Cell
from polyexact.certificates.complex import Adjacency, CellComplex
from polyexact.conventions import RegionKind
from polyexact.models import Model
from polyexact.networks import Network

__all__ = ["CellLimitError", "count_cells", "enumerate_cells"]


def _assemble(model: Model | Network, subtree: Subtree) -> CellComplex | NetworkComplex:
    """The complex of the whole model's task: its cells in pattern order, with adjacency."""
    cells = tuple(Cell(pattern, p.A, p.b, p.walls, p.point, p.to_state)
                  for pattern, p in zip(subtree.patterns, subtree.pieces, strict=True))
    adjacency = tuple(Adjacency(i, k, w) for i, k, w in subtree.adjacency)
    if isinstance(model, Network):
        return NetworkComplex(model, cells, adjacency, region_ids(cells, adjacency))
    return CellComplex(model, cells, adjacency, region_ids(cells, adjacency))


@overload
def enumerate_cells(model: Model, *, progress: Progress | None = None,
                    max_cells: int | None = None, jobs: int = 1,
                    scheduler: str | None = None) -> CellComplex: ...


@overload
def enumerate_cells(model: Network, *, progress: Progress | None = None,
                    max_cells: int | None = None, jobs: int = 1,
                    scheduler: str | None = None) -> NetworkComplex: ...


def enumerate_cells(
    model: Model | Network,
    *,
    progress: Progress | None = None,
    max_cells: int | None = None,
    jobs: int = 1,
    scheduler: str | None = None,
) -> CellComplex | NetworkComplex:
    """Return every full-dimensional pattern cell of ``model`` over its domain, with adjacency.

    A pattern cell is a set with non-empty interior on which every head's routing and every
    neuron's active bit are constant (docs/theory.md §5, counting rules 1–4). Each cell carries its
    irredundant inequalities with the walls they come from, an interior point with positive
    exact slack and the exact affine map to the output. Cells sharing a facet are listed in
    ``adjacency``; ``region_of`` merges them into maximal linear regions (rule 5).

    Parameters
    ----------
    model : Model or Network
        Any model or block network (:mod:`polyexact.networks`, then a :class:`NetworkComplex`
        is returned); its domain may be a box, a polytope or all of R^d (unbounded cells).
    progress : callable, optional
        Called as ``progress(stage, n_stages, n_pieces)``.
    max_cells : int, optional
        Stop with :class:`CellLimitError` as soon as a stage has more pieces than this.
    jobs : int, default 1
        Worker processes (:mod:`polyexact.cells.parallel`); 0 means one per core. The result
        does not depend on it.
    scheduler : str, optional
        ``"local"`` or a Dask scheduler address ``tcp://HOST:PORT``: run the subtrees on Dask.

    Returns
    -------
    CellComplex
        Cells sorted by pattern.

    Raises
    ------
    CellLimitError
        If ``max_cells`` is exceeded.
    DomainError
        If the domain has empty interior.

    See Also
    --------
    count_cells, cell_count_bound

    Notes
    -----
    Exact throughout, and without LPs: a bounded 2-D piece is cut as an exact vertex cycle
    (:mod:`polyexact.polyhedra.incremental.polygon`), every other piece as a double
    description (facets and minimal generators in integers,
    :mod:`polyexact.polyhedra.incremental.double_description`), so emptiness,
    facets and interior points come from integer signs and incidence masks. Children of adjacent
    pieces are adjacent when their facets on the shared hyperplane overlap, decided from the
    generators; an exact LP is asked only when that is undecided, which needs ``d >= 4``.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.models import Domain, Head, Layer, Model
    >>> one, zero = F(1), F(0)
    >>> head = Head(W_Q=((one, zero), (zero, one)), b_Q=(zero, zero),
    ...             keys=((one, zero), (zero, one), (zero, zero)), values=((one,),) * 3,
    ...             logit_bias=(zero,) * 3)
    >>> m = Model(2, (Layer((head,), W_O=((one,), (zero,))),), Domain("all", (), ()))
    >>> cx = enumerate_cells(m)
    >>> cx.n_cells, cx.n_regions, len(cx.adjacency)
    (3, 1, 3)
    """
    if jobs != 1 or scheduler is not None:
        return enumerate_parallel(model, jobs=jobs, scheduler=scheduler, progress=progress,
                                  max_cells=max_cells)
    with paused_gc():
        # the geometry is the run's, chosen once from the domain at the root piece
        start = root(model, choose_geometry(model, is_bounded_domain))
        whole = run_task(model, stages(model), start, max_cells, progress=progress,
                         border=False)
        return _assemble(model, whole)


def count_cells(
    model: Model | Network, *, kind: RegionKind = RegionKind.PATTERN_CELL,
    max_cells: int | None = None,
) -> int:
    """Return the number of pattern cells (or of maximal linear regions) of ``model``.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.conventions import RegionKind
    >>> from polyexact.models import FFN, Domain, Layer, Model
    >>> relu = Layer(heads=(), W_O=((),), residual=True,
    ...              ffn=FFN(W1=((F(1),), (F(1),)), b1=(F(0), F(-1)), W2=((F(1), F(0)),),
    ...                      b2=(F(0),)))
    >>> m = Model(1, (relu,), Domain("all", (), ()))
    >>> count_cells(m), count_cells(m, kind=RegionKind.LINEAR_REGION)
    (3, 2)

    A block network: one hidden layer of n ReLUs in general position in R^d has
    ``Σ_{k<=d} C(n, k)`` cells (Zaslavsky), here ``1 + 3 + 3 = 7``:

    >>> from polyexact.networks import mlp_network
    >>> net = mlp_network([[[1, 0], [0, 1], [1, 1]], [[1, 2, 3]]], [[0, 0, -1], [0]])
    >>> count_cells(net)
    7
    """
    complex_ = enumerate_cells(model, max_cells=max_cells)
    return complex_.n_cells if kind is RegionKind.PATTERN_CELL else complex_.n_regions
