"""The verifier's checks across shards, from the shards' summaries only.

Each shard is checked on its own (:mod:`polyexact.verify.shard_check`); :class:`Borders`
receives the summaries in shard order and keeps only what crosses shard borders: the facts of
the cells the manifest's adjacency names (with the pieces their facets have inside their own
shard), the number of each shard's local regions and its first and last pattern. Then:

- shards follow pattern order (the last pattern of a shard before the first of the next), so
  with the per-shard check every pattern is listed once;
- every adjacency of the manifest is a genuine shared facet piece, and across every facet of a
  border cell the pieces from both lists tile the facet;
- the number of linear regions is the sum of the shards' local regions less the merges that the
  manifest's same-map adjacencies make between them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from polyexact.certificates.complex import Adjacency
from polyexact.verify.global_checks import Invalid, check_facet, shared_piece
from polyexact.verify.shard_check import BorderCell, ShardSummary

__all__ = ["Borders"]


class Borders:
    """The checks across shards (see the module docstring), fed one summary at a time.

    ``cross`` is the manifest's adjacency (global indices; already checked to join cells of
    two different shards) and ``shard_of`` gives a cell's shard. An adjacency is checked as soon
    as the later of its two shards arrives; a border cell's facets as soon as its last
    adjacency across shards is checked, and then it is dropped: what is held is the border
    cells of the shards whose neighbours have not all arrived yet.

    Examples
    --------
    >>> b = Borders([], lambda i: 0, 1)
    >>> b.add(ShardSummary(0, 0, 2, 1, ((0,),), ((1,),), 0, 1))
    >>> b.finish(1)
    >>> try:
    ...     b.finish(2)
    ... except Invalid as err:
    ...     print(err)
    counts.linear_regions: recorded 2, the cells form 1 regions
    """

    def __init__(self, cross: Sequence[Adjacency], shard_of: Callable[[int], int],
                 shards: int) -> None:
        self.cross = cross
        # each adjacency is checked when the later of its shards arrives, each border cell
        # closed when the last of its adjacencies is
        self.ready: list[list[int]] = [[] for _ in range(shards)]
        last: dict[int, int] = {}
        for m, a in enumerate(cross):
            k = max(shard_of(a.first), shard_of(a.second))
            self.ready[k].append(m)
            for c in (a.first, a.second):
                if last.get(c, -1) < k:
                    last[c] = k
        self.closing: list[list[int]] = [[] for _ in range(shards)]
        for c, k in sorted(last.items()):
            self.closing[k].append(c)
        del last
        self.cells: dict[int, BorderCell] = {}
        self.regions = 0
        self.merges = 0
        self.peak = 0
        self._base: list[int] = []
        self._parent: dict[int, int] = {}
        self._high: tuple[Any, ...] | None = None
        self._high_cell = -1

    def add(self, summary: ShardSummary) -> None:
        """Take the next shard's summary (shards in order) and check what it completes."""
        if summary.low is not None:
            if self._high is not None and not self._high < summary.low:
                if self._high == summary.low:
                    raise Invalid(f"cells[{summary.low_cell}]: same pattern as "
                                  f"cells[{self._high_cell}]")
                raise Invalid(f"cells[{summary.low_cell}]: its pattern comes before the one of "
                              f"cells[{self._high_cell}] in an earlier shard (shards follow "
                              "pattern order)")
            self._high, self._high_cell = summary.high, summary.high_cell
        self._base.append(self.regions)
        self.regions += summary.regions
        self.cells.update(summary.border)
        self.peak = max(self.peak, len(self.cells))
        k = summary.index
        for m in self.ready[k]:
            self._check(m, self.cross[m])
        for c in self.closing[k]:
            self._close(c)
        self.ready[k] = self.closing[k] = []

    def _check(self, m: int, a: Adjacency) -> None:
        ci, cj = self.cells[a.first], self.cells[a.second]
        r, s, size, has_i, has_j = shared_piece(f"adjacency[{m}]", a.first, a.second, a.wall,
                                                (ci.rows, ci.walls), (cj.rows, cj.walls),
                                                (ci.gens, cj.gens))
        ci.pieces.setdefault(r, []).append((size, cj.rows, has_i))
        cj.pieces.setdefault(s, []).append((size, ci.rows, has_j))
        if ci.map_key == cj.map_key:
            x = self._find(self._base[ci.shard] + ci.region)
            y = self._find(self._base[cj.shard] + cj.region)
            if x != y:
                self._parent[max(x, y)] = min(x, y)
                self.merges += 1

    def _find(self, x: int) -> int:
        root = x
        while root in self._parent:
            root = self._parent[root]
        while x != root:
            self._parent[x], x = root, self._parent[x]
        return root

    def _close(self, c: int) -> None:
        """Check the facets of border cell ``c``, all of whose neighbours are known; drop it."""
        cell = self.cells.pop(c)
        for r, st in enumerate(cell.status):
            check_facet(f"cells[{c}].A[{r}]", cell.rows, r, st, cell.pieces.get(r, []))

    def finish(self, linear_regions: int) -> None:
        """Check the remaining border cells and the linear-region count."""
        for c in sorted(self.cells):
            self._close(c)
        found = self.regions - self.merges
        if linear_regions != found:
            raise Invalid(f"counts.linear_regions: recorded {linear_regions}, the cells form "
                          f"{found} regions")
