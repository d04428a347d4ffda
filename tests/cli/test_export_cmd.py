"""``polyexact export``: the region graph of a model file, in each format."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest

from polyexact.cli.main import main
from polyexact.models import construction, write_model


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
def test_export_writes_a_readable_graph(fmt: str, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    model = write_model(construction(2, 2, 4, 1), tmp_path / "m.json")
    out = tmp_path / f"g.{fmt}"
    assert main(["export", str(model), "--format", fmt, "-o", str(out)]) == 0
    assert "16 pattern cells, 24 shared facets, 16 linear regions" in capsys.readouterr().out
    if fmt == "graphml":
        G = nx.read_graphml(out)
    elif fmt == "gexf":
        G = nx.read_gexf(out)
    else:
        G = nx.node_link_graph(json.loads(out.read_text()), edges="edges")
    # the 4 x 4 grid of boxes: 16 cells, 2 * 4 * 3 = 24 shared facets
    assert (G.number_of_nodes(), G.number_of_edges()) == (16, 24)


def test_bad_model_or_format_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "polyexact.model/1", "d_model": 0, "layers": []}')
    assert main(["export", str(bad), "-o", str(tmp_path / "g.graphml")]) == 2
    assert capsys.readouterr().err.startswith("error: d_model")
    assert main(["export", str(bad), "--format", "dot", "-o", str(tmp_path / "g.dot")]) == 2
