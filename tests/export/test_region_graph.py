"""Region graph: one node per cell, one edge per shared facet, readable back by networkx."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import networkx as nx
import pytest

from polyexact.cells import CellComplex, enumerate_cells
from polyexact.export import region_graph, region_graph_to_data, write_region_graph
from polyexact.models import construction, random_model
from tests.cells._complexes import quadrants, relu_1d, routing_1d

F = Fraction


def _complexes() -> list[CellComplex]:
    return [relu_1d(), quadrants(), routing_1d(), enumerate_cells(construction(2, 2, 4, 1)),
            enumerate_cells(random_model(2, n_layers=1, heads=2, n_keys=3, d_k=2, d_v=1,
                                         d_ff=2, seed=5))]


def test_nodes_and_edges_carry_cells_and_walls() -> None:
    G = region_graph(relu_1d())
    assert sorted(G.nodes) == [0, 1, 2] and sorted(G.edges) == [(0, 1), (1, 2)]
    assert G.nodes[2]["pattern"] == [{"keys": [], "active": [True, True]}]
    assert G.nodes[2]["point"] == (F(3, 2),)
    assert G.nodes[2]["map_A"] == ((F(1),),) and G.nodes[2]["map_b"] == (F(0),)
    assert [G.nodes[i]["region"] for i in range(3)] == [0, 1, 1]
    assert G.edges[1, 2] == {"wall_kind": "neuron", "layer": 0, "neuron": 1}
    assert G.graph["pattern_cells"] == 3 and G.graph["linear_regions"] == 2


def test_routing_edge_names_head_and_keys_and_no_weight() -> None:
    G = region_graph(routing_1d())
    assert G.edges[0, 1] == {"wall_kind": "route", "layer": 0, "head": 0, "keys": (0, 1)}
    for cx in _complexes():
        assert all("weight" not in attrs for _, _, attrs in region_graph(cx).edges(data=True))


def test_same_map_components_are_the_linear_regions() -> None:
    for cx in _complexes():
        G = region_graph(cx)
        same = G.edge_subgraph([(u, v) for u, v in G.edges
                                if G.nodes[u]["map_A"] == G.nodes[v]["map_A"]
                                and G.nodes[u]["map_b"] == G.nodes[v]["map_b"]]).copy()
        same.add_nodes_from(G.nodes)
        assert nx.number_connected_components(same) == cx.n_regions


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
def test_files_read_back_with_one_node_per_cell_and_one_edge_per_adjacency(
        fmt: str, tmp_path: Path) -> None:
    for k, cx in enumerate(_complexes()):
        path = write_region_graph(cx, tmp_path / f"g{k}.{fmt}", format=fmt)  # type: ignore[arg-type]
        if fmt == "graphml":
            G = nx.read_graphml(path)
        elif fmt == "gexf":
            G = nx.read_gexf(path)
        else:
            G = nx.node_link_graph(json.loads(path.read_text()), edges="edges")
        assert G.number_of_nodes() == cx.n_cells
        assert G.number_of_edges() == len(cx.adjacency)
        node = G.nodes[next(iter(G.nodes))]
        assert set(node) >= {"pattern", "point", "map_A", "map_b", "region"}


def test_graphml_values_are_exact_strings(tmp_path: Path) -> None:
    G = nx.read_graphml(write_region_graph(relu_1d(), tmp_path / "g.graphml"))
    assert G.nodes["0"]["point"] == '["-1/2"]'
    assert json.loads(G.nodes["2"]["map_A"]) == [[1]]
    assert G.nodes["2"]["region"] == 1
    assert G.edges["1", "2"]["wall_kind"] == "neuron"
    R = nx.read_graphml(write_region_graph(routing_1d(), tmp_path / "r.graphml"))
    assert json.loads(R.edges["0", "1"]["keys"]) == [0, 1]


def test_json_is_node_link_data_with_rational_strings() -> None:
    data = region_graph_to_data(region_graph(relu_1d()))
    assert data["nodes"][0]["point"] == ["-1/2"]
    assert data["nodes"][0]["id"] == 0
    assert {(e["source"], e["target"]) for e in data["edges"]} == {(0, 1), (1, 2)}
    json.dumps(data)  # plain JSON, nothing exotic left


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
def test_same_complex_same_bytes(fmt: str, tmp_path: Path) -> None:
    one = write_region_graph(quadrants(), tmp_path / "a", format=fmt)  # type: ignore[arg-type]
    two = write_region_graph(quadrants(), tmp_path / "b", format=fmt)  # type: ignore[arg-type]
    assert one.read_bytes() == two.read_bytes()


def test_unknown_format_is_refused_before_writing(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="graphml, gexf, json"):
        write_region_graph(relu_1d(), tmp_path / "g.dot", format="dot")  # type: ignore[arg-type]
    assert not (tmp_path / "g.dot").exists()
