"""The linear-region graph: pattern cells merged into maximal linear regions, neighbours joined."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import networkx as nx
import pytest

from polyexact.cells import CellComplex, enumerate_cells
from polyexact.cli.main import main
from polyexact.export import linear_region_graph, region_graph, write_region_graph
from polyexact.models import Model, box_domain, construction, random_model, whole_space
from polyexact.models.load import write_model
from polyexact.polyhedra import HPolyhedron, volume
from tests.cells._complexes import _ffn_layer, quadrants, relu_1d

F = Fraction


def _first_coordinate_relu(domain_box: bool = True) -> CellComplex:
    """(ReLU(x1), 0) with a second, silent neuron on x2: 4 quadrant cells, 2 half-plane regions."""
    layer = _ffn_layer([[1, 0], [0, 1]], [0, 0], [[1, 0], [0, 0]])
    domain = box_domain([(F(-1), F(1))] * 2) if domain_box else whole_space()
    return enumerate_cells(Model(2, (layer,), domain))


def test_silent_neuron_merges_quadrants_into_half_planes() -> None:
    cx = _first_coordinate_relu()
    assert (cx.n_cells, cx.n_regions) == (4, 2)
    G = linear_region_graph(cx)
    assert sorted(G.nodes) == [0, 1] and list(G.edges) == [(0, 1)]
    # the wall x1 = 0 is cut by x2 = 0 into two cell facets
    assert G.edges[0, 1] == {"shared_facets": 2}
    maps = {G.nodes[r]["map_A"] for r in G}
    assert maps == {((F(0), F(0)), (F(0), F(0))), ((F(1), F(0)), (F(0), F(0)))}
    assert [len(G.nodes[r]["cells"]) for r in G] == [2, 2]
    assert [G.nodes[r]["volume"] for r in G] == [F(2), F(2)]
    assert sorted(c for r in G for c in G.nodes[r]["cells"]) == [0, 1, 2, 3]


def test_unbounded_regions_have_no_volume_and_say_why() -> None:
    G = linear_region_graph(_first_coordinate_relu(domain_box=False))
    assert G.number_of_nodes() == 2
    assert all(G.nodes[r]["bounded"] is False and "volume" not in G.nodes[r] for r in G)
    assert "unbounded" in G.graph["volume_note"]


def test_hand_counts_of_small_complexes() -> None:
    G = linear_region_graph(relu_1d())  # cells [-1,0], [0,1], [1,2]; the last two merge
    assert dict(G.nodes(data="cells")) == {0: (0,), 1: (1, 2)}
    assert dict(G.nodes(data="volume")) == {0: F(1), 1: F(2)}
    assert list(G.edges(data="shared_facets")) == [(0, 1, 1)]
    Q = linear_region_graph(quadrants())  # four quadrants, four maps: a 4-cycle
    assert Q.number_of_nodes() == 4 and Q.number_of_edges() == 4
    assert all(degree == 2 for _, degree in Q.degree)


@pytest.mark.parametrize("cx", [
    enumerate_cells(construction(2, 2, 4, 1)),
    enumerate_cells(random_model(2, n_layers=1, heads=2, n_keys=3, d_k=2, d_v=1, d_ff=2, seed=5)),
])
def test_region_graph_is_the_quotient_of_the_cell_graph(cx: CellComplex) -> None:
    cells = region_graph(cx)
    G = linear_region_graph(cx)
    assert G.number_of_nodes() == cx.n_regions == G.graph["linear_regions"]
    quotient = nx.quotient_graph(cells, [set(G.nodes[r]["cells"]) for r in G], relabel=True)
    assert nx.is_isomorphic(quotient, G)
    crossing = sum(1 for a in cx.adjacency if cx.region_of[a.first] != cx.region_of[a.second])
    assert sum(G.edges[e]["shared_facets"] for e in G.edges) == crossing
    domain = cx.model.domain
    assert domain.kind == "box"  # the volumes tile the domain
    assert sum(G.nodes[r]["volume"] for r in G) == volume(HPolyhedron(domain.A, domain.b, 2))
    assert all("weight" not in attrs for _, _, attrs in G.edges(data=True))


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
def test_cli_regions_level_reads_back(fmt: str, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    model = tmp_path / "m.json"
    write_model(construction(2, 2, 4, 1), model)
    out = tmp_path / f"g.{fmt}"
    assert main(["export", str(model), "--format", fmt, "--level", "regions", "-o", str(out)]) == 0
    assert "one node per linear region" in capsys.readouterr().out
    if fmt == "graphml":
        G = nx.read_graphml(out)
    elif fmt == "gexf":
        G = nx.read_gexf(out)
    else:
        G = nx.node_link_graph(json.loads(out.read_text()), edges="edges")
    assert G.number_of_nodes() == 16 and G.number_of_edges() == 24  # a 4 x 4 grid of boxes
    node = G.nodes[next(iter(G.nodes))]
    assert set(node) >= {"cells", "map_A", "map_b", "volume", "bounded"}
    assert str(node["volume"]) == "1/16"


def test_cells_stay_the_default_level(tmp_path: Path) -> None:
    path = write_region_graph(relu_1d(), tmp_path / "g.json", format="json")
    assert len(json.loads(path.read_text())["nodes"]) == 3
    path = write_region_graph(relu_1d(), tmp_path / "r.json", format="json", level="regions")
    assert len(json.loads(path.read_text())["nodes"]) == 2
    with pytest.raises(ValueError, match="cells, regions"):
        write_region_graph(relu_1d(), tmp_path / "x.json", level="pieces")  # type: ignore[arg-type]
