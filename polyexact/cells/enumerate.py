"""Certified enumeration of all full-dimensional pattern cells of a model (docs/theory.md §4, §5).

The domain is split stage by stage: every head's routing, then every FFN neuron, layer after
layer. All pieces of one stage are split before the next stage starts, and the facet adjacency
of the pieces is carried along, so the final cells come with their adjacency.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from fractions import Fraction
from typing import overload

from polyexact.cells.adjacency import _Adjacencies, _carry_adjacency
from polyexact.cells.coverage import is_bounded_domain
from polyexact.cells.network_cells import (
    NetworkComplex,
    network_leaves,
    network_split,
    network_stages,
    network_transform,
)
from polyexact.cells.piece import HyperplaneKey, Piece, hyperplane_key
from polyexact.cells.regions import region_ids
from polyexact.cells.split import split_neuron, split_route
from polyexact.certificates.cell import Cell, Wall
from polyexact.certificates.complex import Adjacency, CellComplex
from polyexact.conventions import RegionKind
from polyexact.errors import DomainError, PolyexactError
from polyexact.models import LayerPattern, Model
from polyexact.models.forward import attention_map, ffn_map
from polyexact.networks import Network
from polyexact.numbers import AffineMap
from polyexact.polyhedra import interior_point
from polyexact.polyhedra.incremental.double_description import DDPolyhedron
from polyexact.polyhedra.incremental.double_description import int_row as dd_row
from polyexact.polyhedra.incremental.polygon import polygon_from_rows

__all__ = ["CellLimitError", "count_cells", "enumerate_cells"]

Progress = Callable[[int, int, int], None]
"""``progress(done, n_stages, n_pieces)``: ``done`` of ``n_stages`` splitting stages (one per
head and per neuron) are finished; the stage under way has ``n_pieces`` so far."""

_Stage = tuple[str, int, int]
_ZERO = Fraction(0)


class CellLimitError(PolyexactError):
    """The enumeration was stopped because a stage had more than ``limit`` pieces.

    Every stage refines the previous one, so the model has more than ``limit`` pattern cells.

    Parameters
    ----------
    limit : int
        The ``max_cells`` that was exceeded; kept as the attribute ``limit``.

    See Also
    --------
    enumerate_cells, count_cells

    Examples
    --------
    >>> from polyexact.cells import CellLimitError, enumerate_cells
    >>> from polyexact.models import construction
    >>> try:
    ...     enumerate_cells(construction(1, 2, 2, 1), max_cells=2)
    ... except CellLimitError as err:
    ...     print(err, err.limit)
    stopped: more than 2 cells 2
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        super().__init__(f"stopped: more than {limit} cells")

    def __reduce__(self) -> tuple[type[CellLimitError], tuple[int]]:
        # rebuilt from the limit, not the message, when it crosses from a worker process
        return (CellLimitError, (self.limit,))


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for a bulk build of acyclic objects.

    The enumeration creates millions of tuples and Fractions and no reference cycles; with the
    collector on, each full collection walks every live object again, which cost up to a third
    of the run time (and more when a previous large complex is still alive). Restores the
    collector's previous state.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _stages(model: Model | Network) -> list[_Stage]:
    if isinstance(model, Network):
        return network_stages(model)
    stages: list[_Stage] = []
    for ell, layer in enumerate(model.layers):
        stages += [("route", ell, h) for h in range(len(layer.heads))]
        stages.append(("attention", ell, -1))
        if layer.ffn is not None:
            stages += [("neuron", ell, i) for i in range(layer.ffn.d_ff)]
            stages.append(("ffn", ell, -1))
    return stages


def _root(model: Model | Network) -> Piece:
    d = model.in_dim if isinstance(model, Network) else model.d_model
    A, b = model.domain.A, model.domain.b
    point = interior_point(A, b, d)
    if point is None:
        raise DomainError("the domain has empty interior", field="domain")
    vertices = dd = None
    if d == 2 and is_bounded_domain(model.domain, d):
        # a bounded 2-D domain: pieces carry their vertex cycle and split without LPs
        poly = polygon_from_rows(A, b)
        if poly is None:  # pragma: no cover - the interior point above exists
            raise DomainError("the domain has empty interior", field="domain")
        vertices, keep = poly[0], list(poly[1])
    else:
        # every other domain: the double description (facets and generators), cut exactly
        found = DDPolyhedron.from_rows(A, b, d)
        if found is None:  # pragma: no cover - the interior point above exists
            raise DomainError("the domain has empty interior", field="domain")
        dd, keep = found
    return Piece(
        done=(),
        keys=(),
        active=(),
        A=tuple(A[i] for i in keep),
        b=tuple(b[i] for i in keep),
        walls=tuple(Wall("domain", -1, neuron=i) for i in keep),
        hyperplanes=tuple(hyperplane_key(A[i], b[i]) for i in keep),
        point=point,
        to_state=AffineMap.identity(d),
        vertices=vertices,
        dd=dd,
    )


def _transform(model: Model | Network, stage: _Stage, pieces: list[Piece]) -> list[Piece]:
    """Apply a layer's attention or FFN map to pieces whose pattern for it is complete."""
    if isinstance(model, Network):
        return network_transform(network_leaves(model), stage, pieces)
    kind, ell, _ = stage
    layer = model.layers[ell]
    if kind == "attention":
        out = []
        for p in pieces:
            to_y = attention_map(layer, p.keys, p.to_state)
            out.append(p.evolve(to_state=to_y) if layer.ffn is not None else
                       p.evolve(done=(*p.done, (p.keys, ())), keys=(), active=(), to_state=to_y))
        return out
    ffn = layer.ffn
    if ffn is None:  # pragma: no cover - "ffn" stages exist only for layers with an FFN
        raise ValueError("FFN stage for a layer without FFN")
    # the map depends only on the bits of neurons with a non-zero output column: pieces from
    # one routing piece (same map in, same pre-activations) that agree there share one map
    # object, computed once (and compared in O(1) when regions are merged)
    used = [i for i in range(ffn.d_ff) if any(row[i] for row in ffn.W2)]
    memo: dict[tuple[int, int, tuple[bool, ...]], AffineMap] = {}
    out = []
    for p in pieces:
        key = (id(p.to_state), id(p.pre), tuple(p.active[i] for i in used))
        to_next = memo.get(key)
        if to_next is None:
            to_next = memo[key] = ffn_map(ffn, p.active, p.to_state, pre=p.pre)
        out.append(p.evolve(done=(*p.done, (p.keys, p.active)), keys=(), active=(),
                            to_state=to_next, pre=None, pre_rows=None))
    return out


def _split(model: Model | Network, stage: _Stage, p: Piece
           ) -> tuple[list[Piece], list[tuple[int, int, HyperplaneKey]]]:
    if isinstance(model, Network):
        return network_split(network_leaves(model), stage, p)
    kind, ell, index = stage
    layer = model.layers[ell]
    if kind == "route":
        return split_route(p, layer.heads[index], ell, index)
    if layer.ffn is None:  # pragma: no cover - neuron stages exist only for layers with an FFN
        raise ValueError("neuron stage for a layer without FFN")
    if p.pre is None:
        pre = tuple(p.to_state.pull_back(w1, c1)
                    for w1, c1 in zip(layer.ffn.W1, layer.ffn.b1, strict=True))
        rows = tuple((dd_row(w1, -c1), tuple(-x for x in w1)) if any(w1) else ((), w1)
                     for w1, c1 in pre)
        p = p.evolve(pre=pre, pre_rows=rows)
    assert p.pre is not None and p.pre_rows is not None
    w, c = p.pre[index]
    kids = split_neuron(p, w, c, ell, index, cut=p.pre_rows[index])
    if len(kids) < 2:
        return kids, []
    # one hyperplane cutting a convex piece into two full-dimensional sides: always a facet
    # (a double description lists the new row last)
    key = kids[0].hyperplanes[-1] if kids[0].dd is not None else hyperplane_key(w, -c)
    return kids, [(0, 1, key)]


def _run_stages(
    model: Model | Network,
    stages: list[_Stage],
    pieces: list[Piece],
    adj: _Adjacencies,
    progress: Progress | None,
    max_cells: int | None,
) -> tuple[list[Piece], _Adjacencies]:
    """Split ``pieces`` (with adjacency ``adj``) through ``stages``; each piece independently."""
    # progress counts the splitting stages only: map updates are instant
    n_splits = sum(1 for st in stages if st[0] in ("route", "neuron"))
    s = 0
    for stage in stages:
        if stage[0] not in ("route", "neuron"):
            pieces = _transform(model, stage, pieces)
            continue
        new: list[Piece] = []
        kids_of: list[range] = []
        new_adj: _Adjacencies = {}
        for n, p in enumerate(pieces):
            kids, inner = _split(model, stage, p)
            base = len(new)
            kids_of.append(range(base, base + len(kids)))
            new.extend(kids)
            for x, y, key in inner:
                new_adj[(base + x, base + y)] = key
            if max_cells is not None and len(new) > max_cells:
                raise CellLimitError(max_cells)
            if progress is not None and n % 256 == 255:
                progress(s, n_splits, len(new))
        _carry_adjacency(adj, kids_of, new, new_adj)
        pieces, adj = new, new_adj
        s += 1
        if progress is not None:
            progress(s, n_splits, len(pieces))
    return pieces, adj


def _run(
    model: Model | Network, progress: Progress | None, max_cells: int | None
) -> tuple[list[Piece], _Adjacencies]:
    return _run_stages(model, _stages(model), [_root(model)], {}, progress, max_cells)


def _assemble(model: Model | Network, pieces: list[Piece], adj: _Adjacencies
              ) -> CellComplex | NetworkComplex:
    """Sort the final pieces by pattern into cells; adjacency by the sorted indices."""
    patterns = [tuple(LayerPattern(k, a) for k, a in p.done) for p in pieces]
    order = sorted(range(len(pieces)), key=lambda i: patterns[i])
    rank = {old: new for new, old in enumerate(order)}
    cells = tuple(
        Cell(patterns[i], pieces[i].A, pieces[i].b, pieces[i].walls, pieces[i].point,
             pieces[i].to_state)
        for i in order
    )
    adjacency: list[Adjacency] = []
    for (i, k), key in adj.items():
        first, second = sorted((rank[i], rank[k]))
        p = pieces[order[first]]
        wall = p.walls[p.hyperplanes.index(key)]
        adjacency.append(Adjacency(first, second, wall))
    adjacency.sort()
    if isinstance(model, Network):
        return NetworkComplex(model, cells, tuple(adjacency), region_ids(cells, adjacency))
    return CellComplex(model, cells, tuple(adjacency), region_ids(cells, adjacency))


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
        from polyexact.cells.parallel import enumerate_parallel

        return enumerate_parallel(model, jobs=jobs, scheduler=scheduler, progress=progress,
                                  max_cells=max_cells)
    with paused_gc():
        pieces, adj = _run(model, progress, max_cells)
        return _assemble(model, pieces, adj)


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
