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

from collections.abc import Sequence
from typing import Any

from polyexact.certificates.complex import Adjacency
from polyexact.verify.global_checks import Facts, Invalid, check_adjacency, check_facets
from polyexact.verify.shard_check import BorderCell, ShardSummary

__all__ = ["Borders"]


class Borders:
    """The checks across shards (see the module docstring), fed one summary at a time.

    ``cross`` is the manifest's adjacency (global indices; already checked to join cells of
    two different shards).

    Examples
    --------
    >>> b = Borders([])
    >>> b.add(ShardSummary(0, 0, 2, 1, ((0,),), ((1,),), 0, 1))
    >>> b.finish(1)
    >>> try:
    ...     b.finish(2)
    ... except Invalid as err:
    ...     print(err)
    counts.linear_regions: recorded 2, the cells form 1 regions
    """

    def __init__(self, cross: Sequence[Adjacency]) -> None:
        self.cross = cross
        self.cells: dict[int, BorderCell] = {}
        self.rows: dict[int, tuple[tuple[int, ...], ...]] = {}
        self.regions = 0
        self._high: tuple[Any, ...] | None = None
        self._high_cell = -1

    def add(self, summary: ShardSummary) -> None:
        """Take the next shard's summary (shards in order)."""
        if summary.low is not None:
            if self._high is not None and not self._high < summary.low:
                if self._high == summary.low:
                    raise Invalid(f"cells[{summary.low_cell}]: same pattern as "
                                  f"cells[{self._high_cell}]")
                raise Invalid(f"cells[{summary.low_cell}]: its pattern comes before the one of "
                              f"cells[{self._high_cell}] in an earlier shard (shards follow "
                              "pattern order)")
            self._high, self._high_cell = summary.high, summary.high_cell
        self.regions += summary.regions
        self.cells.update(summary.border)
        self.rows.update(summary.rows)

    def finish(self, linear_regions: int) -> None:
        """Check the manifest's adjacency, the border cells' facets and the region count."""
        ids = sorted(self.cells)
        ids += sorted(set(self.rows) - self.cells.keys())
        position = {c: p for p, c in enumerate(ids)}
        facts = Facts(ids=ids)
        map_ids: dict[str, int] = {}
        for c in ids:
            cell = self.cells.get(c)
            if cell is None:  # a neighbour inside a shard: only its rows (unbounded pieces)
                facts.rows.append(self.rows[c])
                facts.status.append(())
                facts.measures.append(())
                facts.walls.append(())
                facts.maps.append(-1)
                facts.regions.append(-1)
                continue
            facts.rows.append(cell.rows)
            facts.status.append(cell.status)
            facts.measures.append(cell.measures)
            facts.walls.append(cell.walls)
            facts.maps.append(map_ids.setdefault(cell.map_key, len(map_ids)))
            facts.regions.append(cell.region)
            for r, pieces in cell.pieces.items():
                facts.pieces[(position[c], r)] = [(position.get(j, -1), size)
                                                  for j, size in pieces]
        cross = [Adjacency(position[a.first], position[a.second], a.wall) for a in self.cross]
        check_adjacency(cross, facts, "adjacency[{}]".format)
        check_facets(facts)
        # regions: the shards' local regions, merged by the same-map adjacency across shards
        parent: dict[tuple[int, int], tuple[int, int]] = {}

        def find(x: tuple[int, int]) -> tuple[int, int]:
            root = x
            while parent.get(root, root) != root:
                root = parent[root]
            while x != root:
                parent[x], x = root, parent[x]
            return root

        merges = 0
        for a in cross:
            if facts.maps[a.first] != facts.maps[a.second]:
                continue
            ci, cj = self.cells[ids[a.first]], self.cells[ids[a.second]]
            x, y = find((ci.shard, ci.region)), find((cj.shard, cj.region))
            if x != y:
                parent[max(x, y)] = min(x, y)
                merges += 1
        if linear_regions != self.regions - merges:
            raise Invalid(f"counts.linear_regions: recorded {linear_regions}, the cells form "
                          f"{self.regions - merges} regions")
