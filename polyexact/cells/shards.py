"""A certificate folder written by the workers, in memory bounded by the subtrees in flight.

:func:`write_certificate_folder` is :func:`~polyexact.cells.stream.write_certificate_streamed`
for models too big for one process. The serial prefix runs until a stage has at least
:data:`SHARD_TASKS` pieces; each piece's subtree is a task and becomes one shard. A worker
enumerates its subtree, sorts the cells, encodes them with shard-local indices and region ids
(components of the shard's own same-map adjacency), writes the gzip shard file itself into
the folder being built (a local folder, or one the Dask workers share), and returns only the
shard's manifest entry and its *border*: the pieces of the cells on a hyperplane of the subtree's
root piece, the only cells that can share a facet with another subtree's.

The parent, receiving shards in order, pairs border cells across subtrees by the carry rule as
soon as both subtrees of a root adjacency are done, and forgets a subtree's border once its last
root neighbour is done. Regions across shards are merged with a union–find over the local
regions that touch a same-map cross adjacency only; the region count is the sum of local region
counts minus the merges. What the parent holds: the borders of subtrees whose neighbours are not
all done, the cross adjacency as integer arrays (written into the manifest at the end), and the
shard entries — never a cell that is not on a border.
"""

from __future__ import annotations

import itertools
import os
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from polyexact.atomic import AtomicFolder, write_chunks_atomic
from polyexact.cells import parallel
from polyexact.cells.adjacency import _Adjacencies
from polyexact.cells.bounds import cell_count_bound
from polyexact.cells.engine import (
    CellLimitError,
    Progress,
    Stage,
    merge_across,
    ordered_tasks,
    paused_gc,
    run_task,
)
from polyexact.cells.piece import Piece
from polyexact.cells.regions import region_ids_by_key
from polyexact.cells.runner import run_tasks
from polyexact.cells.stream import StreamSummary, _records
from polyexact.certificates.cell_text import wall_text
from polyexact.certificates.folder import (
    MANIFEST,
    ShardEntry,
    check_folder_output,
    manifest_chunks,
    shard_chunks,
    write_shard,
)
from polyexact.certificates.write import adjacency_text, manifest_fields
from polyexact.models import Model

__all__ = ["SHARD_CELLS", "SHARD_TASKS", "shard_tasks", "write_certificate_folder"]

#: At most this many tasks (shards) are asked of the serial prefix ...
SHARD_TASKS = 1024
#: ... and about one per this many cells of the model's upper bound on its cell count (the
#: bound is loose, so shards are smaller than this), at least ``MIN_TASKS``.
SHARD_CELLS = 16384


@dataclass(frozen=True)
class _Shard:
    """What a worker returns for its subtree: the manifest entry and the border cells."""

    entry: ShardEntry
    regions: int
    adjacencies: int
    border: dict[int, Piece]
    border_region: dict[int, int]
    border_map: dict[int, str]


def _write_subtree_shard(model: Model, stages: list[Stage], piece: Piece,
                         max_cells: int | None, folder: str, index: int) -> _Shard:
    """Run in a worker: enumerate one subtree and write its shard file into ``folder``."""
    with paused_gc():
        rec = _records(run_task(model, stages, piece, max_cells))
        pairs = [(i, k) for i, k, _ in rec.adjacency]
        regions = region_ids_by_key(rec.maps, pairs)
        cells = (h + str(r) + t for h, r, t in zip(rec.heads, regions, rec.tails, strict=True))
        adjacency = (adjacency_text(i, k, w) for i, k, w in rec.adjacency)
        entry = write_shard(folder, index, shard_chunks(adjacency, cells), len(rec.heads))
        return _Shard(entry, max(regions, default=-1) + 1, len(rec.adjacency), rec.border,
                      {i: regions[i] for i in rec.border},
                      {i: rec.maps[i] for i in rec.border})


class _RegionMerger:
    """Union–find over (shard, local region) pairs touched by same-map cross adjacencies."""

    def __init__(self) -> None:
        self.parent: dict[tuple[int, int], tuple[int, int]] = {}
        self.merges = 0

    def _find(self, x: tuple[int, int]) -> tuple[int, int]:
        root = x
        while (up := self.parent.get(root, root)) != root:
            root = up
        while x != root:  # path compression
            self.parent[x], x = root, self.parent.get(x, x)
        return root

    def union(self, x: tuple[int, int], y: tuple[int, int]) -> None:
        rx, ry = self._find(x), self._find(y)
        if rx != ry:
            self.parent[max(rx, ry)] = min(rx, ry)
            self.merges += 1


class _CrossAdjacency:
    """The adjacencies across shards, as compact integer arrays with shared wall texts."""

    def __init__(self) -> None:
        self.first = array("q")
        self.second = array("q")
        self.wall = array("q")
        self._walls: dict[str, int] = {}
        self.wall_texts: list[str] = []

    def add(self, i: int, k: int, wall: str) -> None:
        self.first.append(i)
        self.second.append(k)
        code = self._walls.get(wall)
        if code is None:
            code = self._walls[wall] = len(self.wall_texts)
            self.wall_texts.append(wall)
        self.wall.append(code)

    def __len__(self) -> int:
        return len(self.first)

    def texts(self) -> Iterator[str]:
        """The records' canonical texts, sorted by cell pair."""
        order = sorted(range(len(self.first)), key=lambda n: (self.first[n], self.second[n]))
        for n in order:
            yield adjacency_text(self.first[n], self.second[n], self.wall_texts[self.wall[n]])


def write_certificate_folder(
    model: Model,
    path: str | os.PathLike[str],
    *,
    jobs: int = 1,
    scheduler: str | None = None,
    progress: Progress | None = None,
    max_cells: int | None = None,
    min_tasks: int | None = None,
) -> StreamSummary:
    """Enumerate ``model`` and write its certificate as a folder of shards (format in
    docs/certificate.md), holding only the subtrees in flight and their borders.

    Parameters
    ----------
    model : Model
    path : str or PathLike
        The certificate folder: created atomically; an existing certificate folder is replaced,
        any other existing path refused.
    jobs, scheduler, progress, max_cells
        As for :func:`~polyexact.cells.stream.write_certificate_streamed`. With Dask, the
        workers write their shards into a temporary folder next to ``path``, which they must be
        able to reach (a shared file system).
    min_tasks : int, optional
        The serial prefix stops at the first stage with at least this many pieces; one shard
        per piece. Default: :func:`shard_tasks`.

    Returns
    -------
    StreamSummary
        The counts and the folder.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from polyexact.models.builders import construction
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     s = write_certificate_folder(construction(2, 2, 4, 2), pathlib.Path(tmp) / "cert",
    ...                                  min_tasks=16)
    ...     files = sorted(p.name for p in s.path.iterdir())
    >>> s.pattern_cells, s.linear_regions, len(files), files[0], files[-1]
    (256, 256, 17, 'manifest.json', 'shard-000015.json.gz')
    """
    check_folder_output(path)
    with paused_gc(), AtomicFolder(path) as folder:
        tasks = shard_tasks(model) if min_tasks is None else min_tasks
        summary = _write_folder(model, folder, jobs, scheduler, progress, max_cells, tasks)
        folder.commit()
        return summary


def shard_tasks(model: Model) -> int:
    """How many pieces the serial prefix should reach: one per :data:`SHARD_CELLS` cells of
    :func:`~polyexact.cells.bounds.cell_count_bound`, between ``MIN_TASKS`` and
    :data:`SHARD_TASKS`. Small models get few shards (a shard costs a file and a task); big
    ones about a thousand, so that a task's memory is a small part of the model's.

    Examples
    --------
    >>> from polyexact.models.builders import construction
    >>> shard_tasks(construction(2, 3, 4, 2)), shard_tasks(construction(2, 4, 4, 4))
    (32, 1024)
    """
    bound = cell_count_bound(model)
    return max(parallel.MIN_TASKS, min(SHARD_TASKS, bound // SHARD_CELLS))


def _write_folder(model: Model, folder: AtomicFolder, jobs: int, scheduler: str | None,
                  progress: Progress | None, max_cells: int | None, min_tasks: int
                  ) -> StreamSummary:
    tasks, root_adj = ordered_tasks(model, max_cells, min_tasks)
    last_neighbour = list(range(len(tasks)))
    later: list[list[tuple[int, int]]] = [[] for _ in tasks]  # root pairs by their later task
    for i, k in root_adj:
        last_neighbour[i] = max(last_neighbour[i], k)
        later[k].append((i, k))
    shard_tasks = [(*t, str(folder.tmp), n) for n, t in enumerate(tasks)]
    entries: list[ShardEntry] = []
    base: list[int] = []
    kids_of: dict[int, list[int]] = {}
    border: dict[int, Piece] = {}
    about: dict[int, tuple[int, int, str]] = {}  # global index -> (shard, local region, map)
    cross = _CrossAdjacency()
    merger = _RegionMerger()
    n_cells = n_regions = n_adjacencies = 0
    for t, shard in enumerate(run_tasks(model, shard_tasks, jobs, scheduler,
                                        _write_subtree_shard)):
        entries.append(shard.entry)
        base.append(n_cells)
        kids_of[t] = [n_cells + i for i in sorted(shard.border)]
        for i, p in shard.border.items():
            border[n_cells + i] = p
            about[n_cells + i] = (t, shard.border_region[i], shard.border_map[i])
        n_cells += shard.entry.cells
        n_regions += shard.regions
        n_adjacencies += shard.adjacencies
        if max_cells is not None and n_cells > max_cells:
            raise CellLimitError(max_cells)
        _merge_across(later[t], root_adj, kids_of, border, about, cross, merger)
        for i in {i for i, _ in later[t]} | {t}:
            if last_neighbour[i] <= t:
                _forget(kids_of.pop(i, []), border, about)
        if progress is not None:
            progress(t + 1, len(tasks), n_cells)
    n_regions -= merger.merges
    manifest = manifest_chunks(manifest_fields(model, n_cells, n_regions), entries, cross.texts())
    write_chunks_atomic(folder.tmp / MANIFEST, itertools.chain(manifest, ("\n",)))
    return StreamSummary(n_cells, n_regions, n_adjacencies + len(cross), folder.path)


def _merge_across(pairs: Sequence[tuple[int, int]], root_adj: _Adjacencies,
                  kids_of: dict[int, list[int]], border: dict[int, Piece],
                  about: dict[int, tuple[int, int, str]], cross: _CrossAdjacency,
                  merger: _RegionMerger) -> None:
    """Pair the border cells of subtree pairs that just became complete (the carry rule)."""
    for i, k, wall in merge_across({pair: root_adj[pair] for pair in pairs}, kids_of, border):
        cross.add(i, k, wall_text(wall))
        (si, ri, mi), (sk, rk, mk) = about[i], about[k]
        if mi == mk:
            merger.union((si, ri), (sk, rk))


def _forget(cells: list[int], border: dict[int, Piece],
            about: dict[int, tuple[int, int, str]]) -> None:
    for c in cells:
        del border[c], about[c]
