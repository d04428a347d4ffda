"""The region adjacency graph of a cell complex, and its GraphML, GEXF and JSON files.

One node per pattern cell (attributes ``pattern``, ``point``, ``map_A``, ``map_b``, ``region``),
one edge per shared facet (attributes ``wall_kind``, ``layer`` and either ``head`` and ``keys``
(a routing wall between two keys) or ``neuron``; a domain row is never a shared facet). For a
block network (:class:`~polyexact.cells.network_cells.NetworkComplex`) the pattern has one entry
per leaf block and ``layer`` is the leaf block's index. Nothing is
stored under the edge key ``weight``: networkx algorithms would read it as a distance.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping, Sequence
from fractions import Fraction
from pathlib import Path
from typing import Any, Literal

import networkx as nx

from polyexact.atomic import write_atomic
from polyexact.cells import CellComplex
from polyexact.cells.network_cells import NetworkComplex
from polyexact.certificates.serial import pattern_to_data
from polyexact.certificates.subject import input_dim
from polyexact.export.linear_regions import linear_region_graph
from polyexact.numbers import format_rational

__all__ = [
    "GRAPH_FORMATS", "GRAPH_LEVELS", "region_graph", "region_graph_to_data", "write_region_graph",
]

#: The file formats :func:`write_region_graph` writes.
GRAPH_FORMATS = ("graphml", "gexf", "json")

#: What a node is: a pattern cell (:func:`region_graph`) or a maximal linear region
#: (:func:`~polyexact.export.linear_regions.linear_region_graph`).
GRAPH_LEVELS = ("cells", "regions")


def region_graph(complex: CellComplex | NetworkComplex) -> nx.Graph:  # type: ignore[type-arg]
    """Return the region adjacency graph: nodes are cells, edges are shared facets.

    Node ``i`` is ``complex.cells[i]``. Attribute values are exact: rationals stay
    :class:`~fractions.Fraction`, vectors and matrices are tuples, the pattern is data
    (``[{"keys": [...], "active": [...]}, ...]``). The graph attributes hold the model name and
    the two counts.

    Examples
    --------
    >>> from polyexact.cells import enumerate_cells
    >>> from polyexact.export import region_graph
    >>> from polyexact.models import construction
    >>> G = region_graph(enumerate_cells(construction(1, 2, 2, 1)))
    >>> G.number_of_nodes(), G.number_of_edges(), G.graph["linear_regions"]
    (4, 3, 4)
    >>> G.nodes[1]["map_A"], G.nodes[1]["region"], G.edges[0, 1]["wall_kind"]
    (((Fraction(-4, 1),),), 1, 'neuron')
    """
    G: nx.Graph = nx.Graph(  # type: ignore[type-arg]
        name=complex.model.name, d_model=input_dim(complex.model),
        pattern_cells=complex.n_cells, linear_regions=complex.n_regions,
    )
    for i, (cell, region) in enumerate(zip(complex.cells, complex.region_of, strict=True)):
        G.add_node(i, pattern=pattern_to_data(cell.pattern), point=cell.point,
                   map_A=cell.affine_map.A, map_b=cell.affine_map.b, region=region)
    for adj in complex.adjacency:
        wall = adj.wall
        attrs: dict[str, Any] = {"wall_kind": wall.kind, "layer": wall.layer}
        if wall.kind == "route":
            attrs.update(head=wall.head, keys=wall.keys)
        else:
            attrs["neuron"] = wall.neuron
        G.add_edge(adj.first, adj.second, **attrs)
    return G


def region_graph_to_data(G: nx.Graph) -> dict[str, Any]:  # type: ignore[type-arg]
    """Return the graph as ``nx.node_link_data`` with JSON values (``"p/q"`` rationals, lists).

    Examples
    --------
    >>> from polyexact.cells import enumerate_cells
    >>> from polyexact.export import region_graph, region_graph_to_data
    >>> from polyexact.models import construction
    >>> data = region_graph_to_data(region_graph(enumerate_cells(construction(1, 2, 2, 1))))
    >>> data["nodes"][1]["map_A"], data["nodes"][1]["map_b"], len(data["edges"])
    ([[-4]], [2], 3)
    """
    H = _converted(G, _json_value)
    return nx.node_link_data(H, edges="edges")


def write_region_graph(
    complex_or_graph: CellComplex | NetworkComplex | nx.Graph,  # type: ignore[type-arg]
    path: str | os.PathLike[str],
    *,
    format: Literal["graphml", "gexf", "json"] = "graphml",
    level: Literal["cells", "regions"] = "cells",
) -> Path:
    """Write the region graph to ``path`` atomically as GraphML, GEXF or JSON (node-link).

    ``level="cells"`` (the default) writes :func:`region_graph` of a complex, one node per
    pattern cell; ``level="regions"`` writes
    :func:`~polyexact.export.linear_regions.linear_region_graph`, one node per maximal linear
    region. A graph given instead of a complex is written as it is.

    GraphML and GEXF take scalar attributes only, so rationals become ``"p/q"`` strings and
    tuples (points, maps, the pattern, key pairs) JSON strings. Same input, same bytes.

    Raises
    ------
    ValueError
        If ``format`` is not one of :data:`GRAPH_FORMATS` or ``level`` not one of
        :data:`GRAPH_LEVELS` (checked before any work).

    Examples
    --------
    >>> import tempfile, pathlib, networkx as nx
    >>> from polyexact.cells import enumerate_cells
    >>> from polyexact.export import write_region_graph
    >>> from polyexact.models import construction
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "g.graphml"
    >>> _ = write_region_graph(enumerate_cells(construction(1, 2, 2, 1)), path)
    >>> G = nx.read_graphml(path)
    >>> G.number_of_nodes(), G.nodes["1"]["map_A"], G.nodes["1"]["pattern"]
    (4, '[[-4]]', '[{"active": [true, true], "keys": [0]}]')
    """
    if format not in GRAPH_FORMATS:
        raise ValueError(f"format must be one of {', '.join(GRAPH_FORMATS)}, found {format!r}")
    if level not in GRAPH_LEVELS:
        raise ValueError(f"level must be one of {', '.join(GRAPH_LEVELS)}, found {level!r}")
    if isinstance(complex_or_graph, nx.Graph):
        G = complex_or_graph
    elif level == "regions":
        G = linear_region_graph(complex_or_graph)
    else:
        G = region_graph(complex_or_graph)
    if format == "json":
        text = json.dumps(region_graph_to_data(G), sort_keys=True, indent=1) + "\n"
    elif format == "graphml":
        text = "\n".join(nx.generate_graphml(_converted(G, _scalar))) + "\n"
    else:
        text = "\n".join(nx.generate_gexf(_converted(G, _scalar))) + "\n"
        # the writer stamps today's date: drop it so that the same graph gives the same bytes
        text = re.sub(r' lastmodifieddate="[^"]*"', "", text)
    return write_atomic(path, text)


def _converted(G: nx.Graph, convert: Any) -> nx.Graph:  # type: ignore[type-arg]
    H: nx.Graph = nx.Graph()  # type: ignore[type-arg]
    H.graph.update({k: convert(v) for k, v in G.graph.items()})
    H.add_nodes_from((n, {k: convert(v) for k, v in attrs.items()})
                     for n, attrs in G.nodes(data=True))
    H.add_edges_from((u, v, {k: convert(x) for k, x in attrs.items()})
                     for u, v, attrs in G.edges(data=True))
    return H


def _json_value(value: Any) -> Any:
    """Exact values as JSON data: rationals as ``"p/q"`` (integers as ints), tuples as lists."""
    if isinstance(value, Fraction):
        return format_rational(value)
    if isinstance(value, Mapping):
        return {str(k): _json_value(v) for k, v in value.items()}
    if isinstance(value, Sequence) and not isinstance(value, str):
        return [_json_value(v) for v in value]
    return value


def _scalar(value: Any) -> Any:
    """A GraphML/GEXF value: rationals as ``"p/q"`` strings, containers as JSON strings."""
    if isinstance(value, Fraction):
        return str(value)
    if isinstance(value, (Mapping, list, tuple)):
        return json.dumps(_json_value(value), sort_keys=True)
    return value
