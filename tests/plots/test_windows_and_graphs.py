"""Plot windows (automatic and given), SVG/PDF by extension, 1-D function graphs, legends."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from polyexact.cells import enumerate_cells
from polyexact.cli.main import build_parser, main
from polyexact.cli.plot_cmd import parse_window
from polyexact.errors import InputError
from polyexact.models import Model, box_domain, construction, random_model, whole_space
from polyexact.models.load import write_model
from polyexact.plots import (
    graph_segments,
    partition_polygons,
    plot_function_graph,
    plot_polygons,
)
from polyexact.polyhedra import HPolyhedron
from tests.cells._complexes import _ffn_layer

F = Fraction


def _unbounded_2d() -> Model:
    return random_model(2, n_layers=1, heads=2, n_keys=3, d_k=2, d_v=1, d_ff=3, seed=5,
                        domain="all")


def test_automatic_window_is_every_vertex_plus_a_quarter_margin() -> None:
    cx = enumerate_cells(_unbounded_2d())
    drawn = partition_polygons(cx)
    vertices = [v for c in cx.cells for v in HPolyhedron(c.A, c.b, 2).vertices]
    xs, ys = [v[0] for v in vertices], [v[1] for v in vertices]
    extent = max(max(xs) - min(xs), max(ys) - min(ys))
    assert drawn.box == ((min(xs) - extent / 4, max(xs) + extent / 4),
                         (min(ys) - extent / 4, max(ys) + extent / 4))
    # interior points of unbounded cells lie outside: they no longer set the scale
    assert any(not (drawn.box[0][0] <= c.point[0] <= drawn.box[0][1]) for c in cx.cells)
    assert all(len(p) >= 3 for p in drawn.polygons)


def test_parallel_walls_without_vertices_stay_in_view() -> None:
    # ReLU(x1) and ReLU(x1 - 2) over R^2: three strips, no vertex at all
    layer = _ffn_layer([[1, 0], [1, 0]], [0, -2], [[1, 1], [0, 0]])
    drawn = partition_polygons(enumerate_cells(Model(2, (layer,), whole_space())))
    assert drawn.box == ((F(-1, 2), F(5, 2)), (F(-1, 2), F(1, 2)))
    assert len(drawn.polygons) == 3 and all(len(p) == 4 for p in drawn.polygons)


def test_given_window_clips_every_cell_and_skips_cells_outside() -> None:
    cx = enumerate_cells(construction(2, 2, 4, 1))  # 16 boxes of side 1/4 on [0, 1]^2
    window = ((F(0), F(1, 2)), (F(0), F(1, 4)))
    drawn = partition_polygons(cx, window=window)
    assert drawn.windowed and drawn.box == window
    assert sum(1 for p in drawn.polygons if len(p) >= 3) == 2
    fig = plot_polygons(drawn)
    (cells,) = [c for c in fig.axes[0].collections if c.get_gid() == "cells"]
    assert len(cells.get_paths()) == 2
    assert fig.axes[0].get_xlim() == (0.0, 0.5)
    box_legend = fig.axes[0].get_legend()
    assert box_legend is not None
    legend = [t.get_text() for t in box_legend.get_texts()]
    assert legend[0] == "fill: one colour per maximal linear region (2 in view)"


def test_window_parsing_is_exact_and_checked() -> None:
    assert parse_window("-1/3,0.5,-2,2", 2) == ((F(-1, 3), F(1, 2)), (F(-2), F(2)))
    with pytest.raises(InputError, match="XMIN,XMAX,YMIN,YMAX"):
        parse_window("0,1", 2)
    with pytest.raises(InputError, match="YMIN < YMAX"):
        parse_window("0,1,2,2", 2)
    # a value starting with '-': with '=' (any option) and, for plot, also as the next argument
    parse = build_parser().parse_args
    assert parse(["plot", "m.json", "-o", "p.png", "--window=-1,1,-1,1"]).window == "-1,1,-1,1"
    assert parse(["plot", "m.json", "--window", "-1/2,1,-1e-1,1", "-o", "p.png"]).window == \
        "-1/2,1,-1e-1,1"
    assert parse(["plot", "m.json", "-o", "p.png", "--slice", "-1,0,0;1,0,0;0,1,0"]).slice == \
        "-1,0,0;1,0,0;0,1,0"
    with pytest.raises(InputError, match="--window: expected one argument"):
        parse(["plot", "m.json", "-o", "p.png", "--window", "--labels"])


def test_graph_of_the_one_dimensional_construction_is_its_sawtooth() -> None:
    # d = 1, N = 3, d_ff = 2, L = 2: 36 pieces of width 1/36, each onto [0, 1]
    g = graph_segments(enumerate_cells(construction(1, 3, 2, 2)))
    assert g.window == (F(0), F(1)) and len(g.segments) == 36
    assert all(x1 - x0 == F(1, 36) for (x0, _), (x1, _) in g.segments)
    assert all({y0, y1} == {F(0), F(1)} for (_, y0), (_, y1) in g.segments)
    assert g.walls == tuple(F(k, 36) for k in range(37))


def test_graph_of_an_unbounded_relu_and_its_window() -> None:
    # ReLU(x) + ReLU(x - 1) on R: walls 0 and 1, window widened by 1/4 each side
    layer = _ffn_layer([[1], [1]], [0, -1], [[1, 1]])
    cx = enumerate_cells(Model(1, (layer,), whole_space()))
    g = graph_segments(cx)
    assert g.window == (F(-1, 4), F(5, 4))
    assert g.segments == (((F(-1, 4), F(0)), (F(0), F(0))), ((F(0), F(0)), (F(1), F(1))),
                          ((F(1), F(1)), (F(5, 4), F(3, 2))))
    inside = graph_segments(cx, window=(F(1, 2), F(2)))
    assert inside.segments[0] == ((F(1, 2), F(1, 2)), (F(1), F(1))) and inside.walls == (F(1),)
    graph_legend = plot_function_graph(cx).axes[0].get_legend()
    assert graph_legend is not None
    legend = [t.get_text() for t in graph_legend.get_texts()]
    assert legend == ["line: one colour per maximal linear region (3)",
                      "dotted: pattern-cell boundary", "the graph continues beyond the frame"]


def test_graph_needs_a_one_dimensional_model() -> None:
    with pytest.raises(InputError, match="1-D"):
        graph_segments(enumerate_cells(construction(2, 2, 4, 1)))
    with pytest.raises(InputError, match="XMIN < XMAX"):
        graph_segments(enumerate_cells(construction(1, 2, 2, 1)), window=(F(1), F(1)))


@pytest.mark.parametrize(("suffix", "magic"), [(".svg", b"<?xml"), (".pdf", b"%PDF-"),
                                                (".png", b"\x89PNG")])
def test_cli_writes_the_format_of_the_extension_reproducibly(
        suffix: str, magic: bytes, tmp_path: Path) -> None:
    model = write_model(construction(2, 2, 4, 1), tmp_path / "m.json")
    a, b = tmp_path / f"a{suffix}", tmp_path / f"b{suffix}"
    assert main(["plot", str(model), "-o", str(a), "--window=-1/2,1,-1/2,1"]) == 0
    assert main(["plot", str(model), "-o", str(b), "--window=-1/2,1,-1/2,1"]) == 0
    assert a.read_bytes().startswith(magic) and a.read_bytes() == b.read_bytes()


def test_cli_plots_a_one_dimensional_model_as_a_graph(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    model = write_model(construction(1, 2, 2, 1), tmp_path / "m.json")
    out = tmp_path / "g.svg"
    assert main(["plot", str(model), "-o", str(out), "--window=-1,2"]) == 0
    assert "4 pattern cells, 4 linear regions (output against input)" in capsys.readouterr().out
    assert b"<svg" in out.read_bytes()


def test_cli_refuses_other_extensions_and_bad_windows(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    model = write_model(Model(2, (_ffn_layer([[1, 0]], [0], [[1], [0]]),),
                              box_domain([(F(0), F(1))] * 2)), tmp_path / "m.json")
    assert main(["plot", str(model), "-o", str(tmp_path / "p.jpg")]) == 2
    assert main(["plot", str(model), "-o", str(tmp_path / "p.png"), "--window=0,1,1,0"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err == ["error: --output: expected a .png, .svg or .pdf file name, found "
                   f"'{tmp_path / 'p.jpg'}'",
                   "error: --window: expected YMIN < YMAX, found 1 and 0"]
    assert not list(tmp_path.glob("p.*"))
