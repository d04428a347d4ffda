"""The linear-region graph: one node per maximal linear region, one edge per pair of neighbours.

Pattern cells with the same region id (docs/theory.md §5, rule 5) are merged into one node with
attributes ``cells`` (the indices of its pattern cells), ``map_A`` and ``map_b`` (the region's
exact affine map, the same for each of its cells), ``bounded`` and, for a bounded region,
``volume`` (the exact sum of its cells' volumes). An unbounded region has no ``volume`` (GraphML
and GEXF have no null); the graph attribute ``volume_note`` says so. Two regions are joined when
some cell of one shares a facet with some cell of the other; the edge's ``shared_facets`` counts
those cell facets. Nothing is stored under ``weight`` (networkx would read it as a distance).
"""

from __future__ import annotations

from collections import defaultdict
from fractions import Fraction

import networkx as nx

from polyexact.cells import CellComplex
from polyexact.cells.network_cells import NetworkComplex
from polyexact.certificates.subject import input_dim
from polyexact.polyhedra import HPolyhedron, volume

__all__ = ["VOLUME_NOTE", "linear_region_graph"]

#: Why a region node may have no ``volume`` attribute.
VOLUME_NOTE = "volume: exact sum of the region's cell volumes; absent for an unbounded region"


def linear_region_graph(complex: CellComplex | NetworkComplex) -> nx.Graph:  # type: ignore[type-arg]
    """Return the graph of maximal linear regions: pattern cells merged, neighbours joined.

    Parameters
    ----------
    complex : CellComplex or NetworkComplex
        An enumeration; its ``region_of`` gives each cell's region.

    Returns
    -------
    networkx.Graph
        Node ``r`` is region ``r`` (``0 .. n_regions - 1``) with attributes ``cells``,
        ``map_A``, ``map_b``, ``bounded`` and, when bounded, ``volume`` (all exact). Edge
        ``(r, s)`` has ``shared_facets``, the number of cell facets between the two regions. The
        graph attributes hold the model name, ``d_model``, both counts and ``volume_note``.

    See Also
    --------
    polyexact.export.region_graph : one node per pattern cell

    Examples
    --------
    The construction with d = 1, N = 2, d_ff = 2 on [0, 1]: four intervals of length 1/4 in a
    row, each its own region:

    >>> from polyexact.cells import enumerate_cells
    >>> from polyexact.export import linear_region_graph
    >>> from polyexact.models import construction
    >>> G = linear_region_graph(enumerate_cells(construction(1, 2, 2, 1)))
    >>> G.number_of_nodes(), sorted(G.edges), G.nodes[0]["volume"]
    (4, [(0, 1), (1, 2), (2, 3)], Fraction(1, 4))
    >>> G.nodes[1]["cells"], G.nodes[1]["map_A"], G.edges[0, 1]
    ((1,), ((Fraction(-4, 1),),), {'shared_facets': 1})
    """
    G: nx.Graph = nx.Graph(  # type: ignore[type-arg]
        name=complex.model.name, d_model=input_dim(complex.model),
        pattern_cells=complex.n_cells, linear_regions=complex.n_regions,
        volume_note=VOLUME_NOTE,
    )
    members: dict[int, list[int]] = defaultdict(list)
    for i, region in enumerate(complex.region_of):
        members[region].append(i)
    d = input_dim(complex.model)
    for region in sorted(members):
        cells = members[region]
        polys = [HPolyhedron(complex.cells[i].A, complex.cells[i].b, d) for i in cells]
        first = complex.cells[cells[0]].affine_map
        attrs: dict[str, object] = {
            "cells": tuple(cells), "map_A": first.A, "map_b": first.b,
            "bounded": all(p.is_bounded for p in polys),
        }
        if attrs["bounded"]:
            attrs["volume"] = sum((volume(p) for p in polys), Fraction(0))
        G.add_node(region, **attrs)
    facets: dict[tuple[int, int], int] = defaultdict(int)
    for adj in complex.adjacency:
        r, s = complex.region_of[adj.first], complex.region_of[adj.second]
        if r != s:
            facets[min(r, s), max(r, s)] += 1
    for (r, s), count in sorted(facets.items()):
        G.add_edge(r, s, shared_facets=count)
    return G
