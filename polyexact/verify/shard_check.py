"""The verifier's checks inside one shard, and what it hands to the checks across shards.

A shard is checked on its own (:func:`summarize_shard`): its cells' facts (checked one by one,
:mod:`polyexact.verify.cells`), distinct patterns, its internal adjacency (shard-local indices:
genuine shared facet pieces), the tiling of the facets of its cells that have no neighbour in
another shard, and its region ids (the components of its same-map adjacency). What the checks
across shards need is returned in a :class:`ShardSummary`: the number of cells and of local
regions, the first and last pattern, and the facts of its *border* cells (those the manifest's
adjacency names) with the pieces their facets already have inside the shard. A shard file is
checked entirely in a worker (:func:`check_shard_file`), which reads only that file.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

from polyexact.certificates.complex import Adjacency
from polyexact.certificates.read import MAX_DIGITS, adjacency_from_data, shard_file_data
from polyexact.certificates.scan import scan_shard
from polyexact.certificates.shard_files import ShardFile, read_shard_text
from polyexact.errors import FormatError, InputError
from polyexact.jsonfile import fields_of
from polyexact.numbers import digit_limit
from polyexact.verify.cells import CellChecker, CellFacts, FacetGens, run_batch
from polyexact.verify.global_checks import (
    Facts,
    Invalid,
    Piece,
    check_facets,
    check_one_adjacency,
    check_regions,
)

__all__ = ["BorderCell", "ShardSummary", "check_shard_file", "raise_failure", "shard_lists",
           "summarize_shard"]

Rows = tuple[tuple[int, ...], ...]


@dataclass
class BorderCell:
    """A cell with a neighbour in another shard: what the checks across shards need of it.

    ``pieces`` maps a row to the pieces its facet has (inside its shard, then across), as
    :data:`~polyexact.verify.global_checks.Piece` tuples; ``region`` is the shard-local id;
    ``gens`` the facets' generators (above the plane).

    Examples
    --------
    >>> BorderCell(0, ((1, 0),), (1,), ((),), "m", 0).pieces
    {}
    """

    shard: int
    rows: Rows
    status: tuple[int, ...]
    walls: tuple[tuple[Any, ...], ...]
    map_key: str
    region: int
    pieces: dict[int, list[Piece]] = field(default_factory=dict)
    gens: tuple[FacetGens | None, ...] = ()


@dataclass
class ShardSummary:
    """A checked shard, as the checks across shards see it.

    ``low`` and ``high`` are its first and last patterns in pattern order (``None`` when
    empty), ``low_cell`` and ``high_cell`` the indices of the cells that have them; ``border``
    the facts of its border cells by certificate index.

    Examples
    --------
    >>> ShardSummary(0, 0, 0, 0, None, None, -1, -1).border
    {}
    """

    index: int
    start: int
    cells: int
    regions: int
    low: tuple[Any, ...] | None
    high: tuple[Any, ...] | None
    low_cell: int
    high_cell: int
    border: dict[int, BorderCell] = field(default_factory=dict)


def raise_failure(result: Any) -> None:
    """Raise what a failed result stands for: ``("invalid", reason)`` is :class:`Invalid`,
    ``("input", class, message, field)`` that input error.

    Examples
    --------
    >>> try:
    ...     raise_failure(("invalid", "cells[0].point: not strictly inside the cell"))
    ... except Invalid as err:
    ...     print(err)
    cells[0].point: not strictly inside the cell
    """
    if result[0] == "input":
        _, cls, message, where = result
        raise cls(message, field=where)
    raise Invalid(result[1])


def shard_lists(raw: object, k: int) -> tuple[list[Any], list[Any]]:
    """The ``cells`` and ``adjacency`` lists of the raw shard ``k`` (FormatError otherwise).

    Examples
    --------
    >>> shard_lists({"adjacency": [], "cells": [1]}, 0)
    ([1], [])
    """
    obj = fields_of(raw, f"shards[{k}]", ("cells", "adjacency"))
    for key in ("cells", "adjacency"):
        if not isinstance(obj[key], list):
            raise FormatError(f"expected a list, found {type(obj[key]).__name__}",
                              field=f"shards[{k}].{key}")
    return obj["cells"], obj["adjacency"]


def summarize_shard(index: int, start: int, results: Iterable[Any],
                    adjacency: Iterable[Adjacency], border: Collection[int]) -> ShardSummary:
    """Check shard ``index`` (first cell ``start``) from its cells' results, in order, and its
    internal adjacency (shard-local indices); ``border`` are the local indices of the cells the
    manifest's adjacency names.

    Raises
    ------
    Invalid
        The first failed check (a failed result is raised as it is, :func:`raise_failure`).

    Examples
    --------
    >>> summarize_shard(0, 0, [], [], ()).cells
    0
    """
    facts = Facts(base=start)
    local = list(adjacency)
    # an adjacency is checked as soon as its later cell is in, while the other cells are still
    # being checked (in a pool, this overlaps the workers); the failure reported is the one the
    # checks in list order would meet first, after the checks that come before them
    by_second: dict[int, list[int]] = {}
    for k, adj in enumerate(local):
        if 0 <= adj.first < adj.second:
            by_second.setdefault(adj.second, []).append(k)
    pairs: set[tuple[int, int]] = set()
    name = f"shards[{index}].adjacency[{{}}]".format
    failed: tuple[int, Invalid] | None = None
    seen: dict[bytes, int] = {}
    map_ids: dict[str, int] = {}
    map_keys: list[str] = []
    duplicate: str | None = None
    low: tuple[Any, ...] | None = None
    high: tuple[Any, ...] | None = None
    low_cell = high_cell = -1
    for m, result in enumerate(results):
        if not isinstance(result, CellFacts):
            raise_failure(result)
        assert isinstance(result, CellFacts)
        first = seen.setdefault(result.pattern_key, m)
        if first != m and duplicate is None:
            duplicate = f"cells[{start + m}]: same pattern as cells[{start + first}]"
        if low is None or result.order < low:
            low, low_cell = result.order, start + m
        if high is None or result.order > high:
            high, high_cell = result.order, start + m
        facts.rows.append(result.rows)
        facts.status.append(result.status)
        facts.gens.append(result.facet_gens)
        facts.walls.append(result.walls)
        map_id = map_ids.setdefault(result.map_key, len(map_ids))
        if map_id == len(map_keys):
            map_keys.append(result.map_key)
        facts.maps.append(map_id)
        facts.regions.append(result.region)
        for k in by_second.pop(m, ()):
            if failed is None or k < failed[0]:
                try:
                    check_one_adjacency(k, local[k], facts, pairs, name)
                except Invalid as failure:
                    failed = (k, failure)
    if duplicate is not None:
        raise Invalid(duplicate)
    n = len(facts.rows)
    for k, adj in enumerate(local):
        if not 0 <= adj.first < adj.second < n:
            raise Invalid(f"shards[{index}].adjacency[{k}]: cells {adj.first}, {adj.second} are "
                          f"not two increasing indices of the shard's cells 0..{n - 1} "
                          "(shard-local indices)")
    if failed is not None:
        raise failed[1]
    check_facets(facts, skip=border)
    regions = check_regions(local, facts)
    summary = ShardSummary(index, start, n, regions, low, high, low_cell, high_cell)
    for i in sorted(border):
        pieces: dict[int, list[Piece]] = {
            r: [(size, facts.rows[j], has) for j, size, has in facts.pieces.get((i, r), [])]
            for r in range(len(facts.rows[i]))}
        summary.border[start + i] = BorderCell(
            index, facts.rows[i], facts.status[i], facts.walls[i],
            map_keys[facts.maps[i]], facts.regions[i], {r: p for r, p in pieces.items() if p},
            facts.gens[i] if facts.gens else ())
    return summary


def check_shard_file(checker: CellChecker, shard: ShardFile, start: int,
                     border: Collection[int]) -> ShardSummary | tuple[Any, ...]:
    """Read and check one shard file; its summary, or the failure as a result tuple.

    Only this shard's file is read; its digest is checked against the uncompressed bytes and
    its number of cells against the manifest's.
    """
    try:
        with digit_limit(MAX_DIGITS):
            text = read_shard_text(shard)
            k = shard.index
            fields = scan_shard(text)
            if fields is None:  # the reader names the JSON error
                fields = shard_file_data(text, k, shard.cells)
                kind = "data"
            else:
                kind = "text"
            cells, raw_adjacency = shard_lists(fields, k)
            if len(cells) != shard.cells:
                raise FormatError(f"the manifest records {shard.cells} cells, the shard file "
                                  f"holds {len(cells)}", field=f"shards[{k}].cells")
            adjacency = [adjacency_from_data(a, f"shards[{k}].adjacency[{n}]")
                         for n, a in enumerate(raw_adjacency)]
            results = run_batch(checker, start, cells, kind)
            del cells, fields, text
            return summarize_shard(k, start, results, adjacency, border)
    except Invalid as failure:
        return ("invalid", str(failure))
    except InputError as err:
        return ("input", type(err), err.message, err.field)
