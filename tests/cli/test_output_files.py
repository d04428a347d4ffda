"""Output files: the format follows the extension, folders are never created, no command writes
over one of its own inputs."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest

from polyexact.cells import enumerate_cells, write_certificate
from polyexact.models import construction, write_model
from tests.reliability._cli import assert_one_line_error, run_main


@pytest.fixture()
def model(tmp_path: Path) -> Path:
    """The 4 x 4 grid of boxes: 16 pattern cells, 24 shared facets."""
    return write_model(construction(2, 2, 4, 1), tmp_path / "m.json")


@pytest.mark.parametrize("name", ["x.gexf", "y.graphml", "z.json", "W.GEXF"])
def test_export_format_follows_the_extension(name: str, model: Path, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / name
    status, _, err = run_main(["export", str(model), "-o", str(out)], capsys)
    assert status == 0, err
    suffix = out.suffix.lower()
    text = out.read_text()
    # each reader accepts only its own format: a GraphML file is not valid GEXF
    if suffix == ".gexf":
        assert "<gexf" in text and "<graphml" not in text
        G = nx.read_gexf(out)
    elif suffix == ".graphml":
        assert "<graphml" in text
        G = nx.read_graphml(out)
    else:
        G = nx.node_link_graph(json.loads(text), edges="edges")
    assert (G.number_of_nodes(), G.number_of_edges()) == (16, 24)


@pytest.mark.parametrize(("fmt", "name"), [("json", "y.graphml"), ("graphml", "x.gexf"),
                                           ("gexf", "z.json")])
def test_export_format_contradicting_the_extension_is_exit_2(
        fmt: str, name: str, model: Path, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run_main(["export", str(model), "--format", fmt, "-o",
                                 str(tmp_path / name)], capsys)
    assert_one_line_error(status, err, f"--format: {fmt} contradicts the extension")
    assert out == "" and not (tmp_path / name).exists()


def test_export_unknown_extension_needs_format(model: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run_main(["export", str(model), "-o", str(tmp_path / "g.out")], capsys)
    assert_one_line_error(status, err, "--format: cannot tell the format")
    # with --format, any extension that names no other format is fine
    status, _, _ = run_main(["export", str(model), "--format", "gexf", "-o",
                             str(tmp_path / "g.out")], capsys)
    assert status == 0 and "<gexf" in (tmp_path / "g.out").read_text()


@pytest.mark.parametrize("argv", [
    ["count", "{model}", "--certificate", "{missing}/c.json"],
    ["export", "{model}", "-o", "{missing}/g.graphml"],
    ["plot", "{model}", "-o", "{missing}/p.png"],
    ["fixtures", "--only", "relu_parallel_3", "--out", "{missing}/fixtures"],
    ["demo", "--out", "{missing}/demo"],
])
def test_missing_folders_are_an_error_and_never_created(argv: list[str], model: Path,
                                                        tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]
                                                        ) -> None:
    missing = tmp_path / "typo"
    args = [a.format(model=model, missing=missing) for a in argv]
    status, out, err = run_main(args, capsys)
    assert_one_line_error(status, err, f"no folder {missing}")
    assert out == ""
    assert not missing.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.json"]


def test_count_certificate_error_comes_before_the_work(model: Path, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]
                                                       ) -> None:
    # a 262,144-cell model: refused at once, not after minutes of enumeration
    big = write_model(construction(2, 4, 4, 3), tmp_path / "big.json")
    status, _, err = run_main(["count", str(big), "--certificate",
                               str(tmp_path / "nope" / "c.json")], capsys)
    assert_one_line_error(status, err, "no folder")


def test_fixtures_out_creates_only_its_own_folder(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "fixtures"
    status, _, err = run_main(["fixtures", "--only", "relu_parallel_3", "--out", str(out)],
                              capsys)
    assert status == 0, err
    assert [p.name for p in out.iterdir()] == ["relu_parallel_3.json"]


@pytest.mark.parametrize("argv", [
    ["count", "{model}", "--certificate", "{model}"],
    ["count", "{model}", "--certificate", "{relative}"],
    ["count", "{model}", "--certificate", "{link}"],
    ["export", "{model}", "-o", "{model}"],
    ["export", "{model}", "--format", "json", "-o", "{relative}"],
])
def test_no_command_writes_over_its_input(argv: list[str], model: Path, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    link = tmp_path / "link.json"
    link.symlink_to(model)
    before = model.read_bytes()
    args = [a.format(model=model, relative="./sub/../m.json", link=link) for a in argv]
    (tmp_path / "sub").mkdir()
    status, out, err = run_main(args, capsys)
    assert_one_line_error(status, err, "refusing to write over an input")
    assert out == ""
    assert model.read_bytes() == before


def test_plot_does_not_write_over_its_input(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    # a model file that happens to be named like a picture
    model = write_model(construction(2, 2, 4, 1), tmp_path / "m.png")
    before = model.read_bytes()
    status, _, err = run_main(["plot", str(model), "-o", str(model)], capsys)
    assert_one_line_error(status, err, "--output: ")
    assert "refusing to write over an input" in err
    assert model.read_bytes() == before


def test_distinct_outputs_are_still_written(model: Path, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    cert = tmp_path / "m.cert.json"
    status, _, err = run_main(["count", str(model), "--certificate", str(cert), "--json"],
                              capsys)
    assert status == 0, err
    assert json.loads(cert.read_text())["format"] == "polyexact.certificate/2"
    # writing over an earlier output (not an input) is allowed: it is replaced atomically
    old = write_certificate(enumerate_cells(construction(1, 2, 2, 1)), cert)
    status, _, _ = run_main(["count", str(model), "--certificate", str(old)], capsys)
    assert status == 0 and json.loads(cert.read_text())["counts"]["pattern_cells"] == 16


def test_import_checks_its_output_first(model: Path, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    before = model.read_bytes()
    # converting a model file in place would replace the source with its conversion
    status, _, err = run_main(["import", str(model), "-o", str(model)], capsys)
    assert_one_line_error(status, err, "--output: ")
    assert "refusing to write over an input" in err and model.read_bytes() == before
    arch = tmp_path / "arch.json"
    arch.write_text("{}")
    status, _, err = run_main(["import", str(tmp_path / "w.npz"), "--arch", str(arch), "-o",
                               str(arch)], capsys)
    assert_one_line_error(status, err, f"is the input {arch}")
    status, _, err = run_main(["import", str(model), "-o", str(tmp_path / "typo" / "m2.json")],
                              capsys)
    assert_one_line_error(status, err, f"no folder {tmp_path / 'typo'}")
    assert not (tmp_path / "typo").exists()
    # a distinct output in an existing folder is written
    status, _, err = run_main(["import", str(model), "-o", str(tmp_path / "m2.json")], capsys)
    assert status == 0, err
    assert json.loads((tmp_path / "m2.json").read_text())["format"] == "polyexact.model/2"
