"""The stage engine: the one primitive every enumeration driver is built on.

A run splits the domain stage by stage (:func:`stages`: every head's routing, every neuron,
block after block) starting from the :func:`root` piece, whose
:class:`~polyexact.cells.piece.PieceGeometry` (:func:`choose_geometry`) every descendant
inherits. All pieces of one stage are split before the next stage starts and their facet
adjacency is carried along (:func:`run_stages`). A piece's split depends on nothing but the
piece, so the stages after a serial :func:`prefix` are independent *subtree tasks*
(:func:`ordered_tasks`), put in pattern order; :func:`run_task` runs one and hands back its
pieces sorted by pattern, their internal adjacency and the border pieces that may meet another
subtree's, which :func:`merge_across` pairs by the same carry rule.

The drivers only post-process tasks: :func:`~polyexact.cells.enumerate.enumerate_cells` runs the
whole model as one task; :mod:`~polyexact.cells.parallel` (a process pool or Dask, through
:mod:`~polyexact.cells.runner`), :mod:`~polyexact.cells.stream` and
:mod:`~polyexact.cells.shards` run many.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from polyexact.cells import adjacency
from polyexact.cells.adjacency import _Adjacencies
from polyexact.cells.coverage import is_bounded_domain
from polyexact.cells.geometry_dd import DD
from polyexact.cells.geometry_polygon import POLYGON
from polyexact.cells.model_stages import model_split, model_stages, model_transform
from polyexact.cells.network_cells import (
    network_leaves,
    network_split,
    network_stages,
    network_transform,
)
from polyexact.cells.piece import HyperplaneKey, Piece, PieceGeometry, hyperplane_key
from polyexact.certificates.cell import Wall
from polyexact.errors import DomainError, PolyexactError
from polyexact.models import Domain, LayerPattern, Model, Pattern
from polyexact.networks import Network
from polyexact.numbers import AffineMap
from polyexact.polyhedra import interior_point

__all__ = ["CellLimitError", "Progress", "Stage", "Subtree", "Task", "choose_geometry",
           "merge_across", "ordered_tasks", "paused_gc", "prefix", "root", "run_stages",
           "run_task", "stages"]

Progress = Callable[[int, int, int], None]
"""``progress(done, n_stages, n_pieces)``: ``done`` of ``n_stages`` splitting stages (one per
head and per neuron) are finished; the stage under way has ``n_pieces`` so far."""

#: ``(kind, block, index)``: ``route`` and ``neuron`` split, every other kind maps.
Stage = tuple[str, int, int]
#: A subtree task: the remaining stages, its root piece and ``max_cells``.
Task = tuple[list[Stage], Piece, int | None]
_SPLITS = ("route", "neuron")


class CellLimitError(PolyexactError):
    """The enumeration was stopped because a stage had more than ``limit`` pieces.

    Every stage refines the previous one, so the model has more than ``limit`` pattern cells.

    Parameters
    ----------
    limit : int
        The ``max_cells`` that was exceeded; kept as the attribute ``limit``.

    See Also
    --------
    polyexact.cells.enumerate_cells, polyexact.cells.count_cells

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

    Examples
    --------
    >>> import gc
    >>> with paused_gc():
    ...     gc.isenabled()
    False
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def stages(model: Model | Network) -> list[Stage]:
    """The stages of a model or block network, in order.

    Examples
    --------
    >>> from polyexact.cells.engine import stages
    >>> from polyexact.networks import mlp_network
    >>> stages(mlp_network([[[1], [2]], [[1, 1]]], [[0, 0], [0]]))[:3]
    [('affine', 0, -1), ('neuron', 1, 0), ('neuron', 1, 1)]
    """
    return network_stages(model) if isinstance(model, Network) else model_stages(model)


def choose_geometry(model: Model | Network,
                    bounded: Callable[[Domain, int], bool] = is_bounded_domain
                    ) -> PieceGeometry:
    """The geometry of a run: integer polygons for a bounded 2-D domain (split without LPs or
    generators), else double descriptions. ``bounded`` tells whether a domain is a polytope.

    Examples
    --------
    >>> from polyexact.cells.engine import choose_geometry
    >>> from polyexact.models import construction
    >>> from polyexact.networks import mlp_network
    >>> choose_geometry(construction(2, 2, 4, 1)), choose_geometry(mlp_network([[[1]]], [[0]]))
    (POLYGON, DD)
    """
    d = model.in_dim if isinstance(model, Network) else model.d_model
    return POLYGON if d == 2 and bounded(model.domain, d) else DD


def root(model: Model | Network, geometry: PieceGeometry | None = None) -> Piece:
    """The piece every run starts from: the domain, with its irredundant rows, an interior
    point and the identity map, cut by ``geometry`` (default :func:`choose_geometry`).

    Raises
    ------
    DomainError
        If the domain has empty interior.

    Examples
    --------
    >>> from polyexact.cells.engine import root
    >>> from polyexact.models import construction
    >>> p = root(construction(1, 2, 2, 1))
    >>> len(p.A), p.point, p.geometry
    (2, (Fraction(1, 2),), DD)
    """
    d = model.in_dim if isinstance(model, Network) else model.d_model
    A, b = model.domain.A, model.domain.b
    point = interior_point(A, b, d)
    geometry = geometry or choose_geometry(model)
    found = None if point is None else geometry.root(A, b, d)
    if point is None or found is None:
        raise DomainError("the domain has empty interior", field="domain")
    fields, keep = found
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
        geometry=geometry,
        **fields,  # type: ignore[arg-type]
    )


def _transform(model: Model | Network, stage: Stage, pieces: list[Piece]) -> list[Piece]:
    if isinstance(model, Network):
        return network_transform(network_leaves(model), stage, pieces)
    return model_transform(model, stage, pieces)


def _split(model: Model | Network, stage: Stage, p: Piece
           ) -> tuple[list[Piece], list[tuple[int, int, HyperplaneKey]]]:
    if isinstance(model, Network):
        return network_split(network_leaves(model), stage, p)
    return model_split(model, stage, p)


def run_stages(
    model: Model | Network,
    todo: Sequence[Stage],
    pieces: list[Piece],
    adj: _Adjacencies,
    progress: Progress | None,
    max_cells: int | None,
) -> tuple[list[Piece], _Adjacencies]:
    """Split ``pieces`` (with adjacency ``adj``: ``(i, k) -> hyperplane``, ``i < k``) through
    the stages ``todo``, each piece independently; the final pieces and their adjacency.

    Raises
    ------
    CellLimitError
        As soon as a stage has more than ``max_cells`` pieces.

    Examples
    --------
    >>> from polyexact.cells.engine import root, run_stages, stages
    >>> from polyexact.models import construction
    >>> m = construction(1, 2, 2, 1)
    >>> pieces, adj = run_stages(m, stages(m), [root(m)], {}, None, None)
    >>> len(pieces), sorted(adj)
    (4, [(0, 1), (1, 2), (2, 3)])
    """
    # progress counts the splitting stages only: map updates are instant
    n_splits = sum(1 for st in todo if st[0] in _SPLITS)
    s = 0
    for stage in todo:
        if stage[0] not in _SPLITS:
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
        adjacency._carry_adjacency(adj, kids_of, new, new_adj)
        pieces, adj = new, new_adj
        s += 1
        if progress is not None:
            progress(s, n_splits, len(pieces))
    return pieces, adj


def prefix(model: Model | Network, min_tasks: int, geometry: PieceGeometry | None = None
           ) -> tuple[list[Piece], _Adjacencies, list[Stage]]:
    """Run stages serially from the root until a stage leaves at least ``min_tasks`` pieces
    (and the map stages right after it): the pieces, their adjacency and the stages left.

    Examples
    --------
    >>> from polyexact.cells.engine import prefix
    >>> from polyexact.models import construction
    >>> pieces, adj, rest = prefix(construction(1, 2, 2, 1), 2)
    >>> len(pieces), rest
    (2, [('neuron', 0, 0), ('neuron', 0, 1), ('ffn', 0, -1)])
    """
    todo = stages(model)
    pieces: list[Piece] = [root(model, geometry)]
    adj: _Adjacencies = {}
    k = 0
    while k < len(todo) and len(pieces) < min_tasks:
        pieces, adj = run_stages(model, [todo[k]], pieces, adj, None, None)
        k += 1
    # map updates right after the last split belong to the prefix: workers start at a split
    while k < len(todo) and todo[k][0] not in _SPLITS:
        pieces, adj = run_stages(model, [todo[k]], pieces, adj, None, None)
        k += 1
    return pieces, adj, todo[k:]


def ordered_tasks(model: Model | Network, max_cells: int | None, min_tasks: int,
                  geometry: PieceGeometry | None = None) -> tuple[list[Task], _Adjacencies]:
    """The subtree tasks in pattern order, and the adjacency of their root pieces.

    The root pieces' partial patterns (complete layers, then the current layer's keys and
    active bits so far) are pairwise distinct and of one shape, so every cell of an earlier
    subtree sorts before every cell of a later one: sorted subtrees, concatenated in this
    order, are in the order of the serial enumeration.

    Parameters
    ----------
    model : Model or Network
        The model.
    max_cells : int or None
        As for :func:`~polyexact.cells.enumerate.enumerate_cells`; passed on to every task.
    min_tasks : int
        The serial :func:`prefix` stops at the first stage with at least this many pieces
        (more tasks: smaller subtrees, so less memory per task; the result never depends on
        it).
    geometry : PieceGeometry, optional
        Default :func:`choose_geometry`.

    Returns
    -------
    tasks : list of (stages, Piece, int or None)
        One task per subtree: the remaining stages, the root piece and ``max_cells``.
    adjacency : dict
        ``(i, k) -> hyperplane`` for root pieces ``i < k`` (task indices) sharing a facet.

    Raises
    ------
    CellLimitError
        If the prefix alone has more than ``max_cells`` pieces.

    See Also
    --------
    run_task, polyexact.cells.runner.run_tasks

    Examples
    --------
    >>> from polyexact.cells.engine import ordered_tasks
    >>> from polyexact.models import construction
    >>> tasks, adjacency = ordered_tasks(construction(1, 2, 2, 1), None, 32)
    >>> len(tasks), sorted(adjacency)
    (4, [(0, 1), (1, 2), (2, 3)])
    """
    pieces, adj, rest = prefix(model, min_tasks, geometry)
    if max_cells is not None and len(pieces) > max_cells:
        raise CellLimitError(max_cells)
    patterns = [(_pattern(p), p.keys, p.active) for p in pieces]
    order = sorted(range(len(pieces)), key=patterns.__getitem__)
    rank = {old: new for new, old in enumerate(order)}
    ordered = {(rank[i], rank[k]): key for (i, k), key in adj.items()}
    return [(rest, pieces[i], max_cells) for i in order], ordered


@dataclass(frozen=True)
class Subtree:
    """What :func:`run_task` hands back: a subtree's final pieces in pattern order.

    Attributes
    ----------
    pieces : list of Piece
        The cells' pieces, sorted by pattern.
    patterns : list of Pattern
        Their patterns (``pieces[i].done`` as layer patterns).
    adjacency : list of (int, int, Wall)
        ``(first, second, wall)`` by index into ``pieces``, ``first < second``, sorted; the
        wall is the first cell's row on the shared facet.
    border : dict of int to Piece
        The pieces on a hyperplane of the task's root piece, the only ones that can share a
        facet with another subtree's (by index into ``pieces``).

    Examples
    --------
    >>> from polyexact.cells.engine import root, run_task, stages
    >>> from polyexact.models import construction
    >>> m = construction(1, 2, 2, 1)
    >>> sub = run_task(m, stages(m), root(m), None)
    >>> len(sub.pieces), [(i, k) for i, k, _ in sub.adjacency], sorted(sub.border)
    (4, [(0, 1), (1, 2), (2, 3)], [0, 3])
    """

    pieces: list[Piece]
    patterns: list[Pattern]
    adjacency: list[tuple[int, int, Wall]]
    border: dict[int, Piece]


def _pattern(p: Piece) -> Pattern:
    return tuple(LayerPattern(k, a) for k, a in p.done)


def run_task(model: Model | Network, todo: list[Stage], piece: Piece, max_cells: int | None,
             *, progress: Progress | None = None, border: bool = True) -> Subtree:
    """Run one subtree task: split ``piece`` through ``todo``, sort the cells by pattern.

    A serial enumeration is one task (the whole model from the :func:`root`, ``border=False``);
    a parallel, streamed or sharded one runs the tasks of :func:`ordered_tasks`.

    Raises
    ------
    CellLimitError
        As soon as a stage has more than ``max_cells`` pieces.

    Examples
    --------
    >>> from polyexact.cells.engine import ordered_tasks, run_task
    >>> from polyexact.models import construction
    >>> m = construction(1, 2, 2, 1)
    >>> tasks, _ = ordered_tasks(m, None, 2)
    >>> [len(run_task(m, *t).pieces) for t in tasks]
    [2, 2]
    """
    pieces, adj = run_stages(model, todo, [piece], {}, progress, max_cells)
    patterns = [_pattern(p) for p in pieces]
    order = sorted(range(len(pieces)), key=patterns.__getitem__)
    rank = {old: new for new, old in enumerate(order)}
    pairs: list[tuple[int, int, Wall]] = []
    for (i, k), key in adj.items():
        first, second = sorted((rank[i], rank[k]))
        p = pieces[order[first]]
        pairs.append((first, second, p.walls[p.hyperplanes.index(key)]))
    pairs.sort(key=lambda t: (t[0], t[1]))
    ordered = [pieces[i] for i in order]
    edge: dict[int, Piece] = {}
    if border:
        # descendants can meet another subtree's cells only on a hyperplane of the root piece
        outer = set(piece.hyperplanes)
        edge = {n: p for n, p in enumerate(ordered) if not outer.isdisjoint(p.hyperplanes)}
    return Subtree(ordered, [patterns[i] for i in order], pairs, edge)


def merge_across(root_adj: _Adjacencies, kids_of: Mapping[int, Sequence[int]]
                 | Sequence[Sequence[int]], border: Mapping[int, Piece]
                 ) -> list[tuple[int, int, Wall]]:
    """The facet adjacencies between cells of different subtrees, by the carry rule.

    ``root_adj`` is the adjacency of the tasks' root pieces (from :func:`ordered_tasks`),
    ``kids_of[t]`` the global indices of task ``t``'s border cells and ``border`` their pieces.
    Returns ``(first, second, wall)`` sorted by cell pair, the wall named by the first cell.

    Examples
    --------
    >>> from polyexact.cells.engine import merge_across, ordered_tasks, run_task
    >>> from polyexact.models import construction
    >>> m = construction(1, 2, 2, 1)
    >>> tasks, root_adj = ordered_tasks(m, None, 2)
    >>> a, b = (run_task(m, *t) for t in tasks)
    >>> kids_of = [sorted(a.border), [2 + i for i in sorted(b.border)]]
    >>> border = {**a.border, **{2 + i: p for i, p in b.border.items()}}
    >>> [(i, k) for i, k, _ in merge_across(root_adj, kids_of, border)]
    [(1, 2)]
    """
    found: _Adjacencies = {}
    adjacency._carry_adjacency(root_adj, kids_of, border, found)
    pairs = []
    for (i, k), key in sorted(found.items()):
        p = border[i]  # i < k: the wall is named by the first cell, as in the serial run
        pairs.append((i, k, p.walls[p.hyperplanes.index(key)]))
    return pairs
