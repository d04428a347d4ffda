"""Command-line input: negative numbers as option values, errors naming the path as given and the
document type found, JSON error documents, a user-facing top-level help."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from polyexact.cli.main import build_parser
from polyexact.models import construction, write_model
from tests.reliability._cli import assert_one_line_error, run_main, run_subprocess


@pytest.fixture()
def model(tmp_path: Path) -> Path:
    return write_model(construction(2, 2, 4, 1), tmp_path / "m.json")


@pytest.mark.parametrize("point", ["-1/2,1/3", "-.5,1/3", "-0.5,+1/3", "-1e-1,1/3"])
def test_negative_point_coordinates(point: str, model: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run_main(["eval", str(model), "--point", point, "--json"], capsys)
    assert status == 0, err
    first = {"-1/2,1/3": "-1/2", "-.5,1/3": "-1/2", "-0.5,+1/3": "-1/2",
             "-1e-1,1/3": "-1/10"}[point]
    assert json.loads(out)["point"] == [first, "1/3"]
    # the same as the = spelling
    status, same, _ = run_main(["eval", str(model), f"--point={point}", "--json"], capsys)
    assert same == out


def test_every_numeric_option_takes_negative_values() -> None:
    parser = build_parser()
    args = parser.parse_args(["plot", "m.json", "-o", "p.png", "--slice", "-1,0,0;1,0,0;0,-1,0"])
    assert args.slice == "-1,0,0;1,0,0;0,-1,0"
    args = parser.parse_args(["eval", "m.json", "--point", "-1", "--tau", "-1/2"])
    assert (args.point, args.tau) == ("-1", "-1/2")
    args = parser.parse_args(["count", "m.json", "--max-cells", "-3", "--jobs", "-1"])
    assert (args.max_cells, args.jobs) == (-3, -1)


def test_negative_values_reach_the_value_checks(model: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    # parsed as values, then refused by the command's own check, naming the option
    status, _, err = run_main(["eval", str(model), "--point", "0,0", "--tau", "-1/2"], capsys)
    assert_one_line_error(status, err, "--tau: expected a positive temperature, found -1/2")
    status, _, err = run_main(["count", str(model), "--jobs", "-2"], capsys)
    assert_one_line_error(status, err, "--jobs: expected 0 (all cores) or a positive integer")


def test_an_unknown_option_is_still_an_option(model: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run_main(["eval", str(model), "--point", "0,0", "-x"], capsys)
    assert_one_line_error(status, err, "unrecognized arguments: -x")


def test_errors_name_the_path_as_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "runs").mkdir()
    (tmp_path / "runs" / "bad.json").write_text("{")
    for verb in (["count"], ["verify"], ["minkowski"], ["eval", "--point", "0"]):
        for given in ("runs/nope.json", "./runs/bad.json"):
            status, _, err = run_main([verb[0], given, *verb[1:]], capsys)
            assert_one_line_error(status, err, f"error: {given}: ")


def test_a_certificate_given_as_a_model_is_named(model: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    cert = tmp_path / "m.cert.json"
    assert run_main(["count", str(model), "--certificate", str(cert)], capsys)[0] == 0
    for argv in (["count", str(cert)], ["export", str(cert), "-o", str(tmp_path / "g.gexf")],
                 ["plot", str(cert), "-o", str(tmp_path / "p.png")]):
        status, _, err = run_main(argv, capsys)
        assert err == ("error: format: expected 'polyexact.model/1', found "
                       "'polyexact.certificate/2' (a model is a 'polyexact.model/1' or "
                       "'polyexact.model/2' file, or an .onnx graph)\n")
        assert status == 2
    status, _, err = run_main(["minkowski", str(model)], capsys)
    assert err == "error: format: expected 'polyexact.points/1', found 'polyexact.model/1'\n"


@pytest.mark.parametrize("argv", [
    ["count", "{missing}", "--json"],
    ["count", "{model}", "--json", "--max-cells", "x"],
    ["eval", "{model}", "--point", "1,2,3", "--json"],
    ["verify", "{model}", "--json"],
    ["minkowski", "{model}", "--json"],
    ["claims", "--json", "--only", "nope"],
    ["fixtures", "--check", "--json", "--only", "nope"],
    ["plot", "{model}", "-o", "{tmp}/nope/p.png", "--json"],
    ["--json"],
])
def test_json_failures_are_one_document_on_stdout(argv: list[str], model: Path,
                                                  tmp_path: Path) -> None:
    args = [a.format(model=model, missing=tmp_path / "missing.json", tmp=tmp_path)
            for a in argv]
    proc = run_subprocess(args)
    assert_one_line_error(proc.returncode, proc.stderr)
    document = json.loads(proc.stdout)  # exactly one document, nothing else
    assert list(document) == ["error"] and sorted(document["error"]) == ["field", "message"]
    field, message = document["error"]["field"], document["error"]["message"]
    assert proc.stderr == f"error: {field + ': ' if field else ''}{message}\n"


def test_without_json_failures_print_nothing_on_stdout(model: Path, tmp_path: Path) -> None:
    proc = run_subprocess(["eval", str(model), "--point", "1,2,3"])
    assert_one_line_error(proc.returncode, proc.stderr, "--point")
    assert proc.stdout == ""


def test_top_level_help_is_for_users() -> None:
    proc = run_subprocess(["--help"])
    assert proc.returncode == 0
    text = proc.stdout
    # no developer note from the module docstring
    assert "No mathematics here" not in text and "render" not in text
    assert "Exact polyhedral geometry" in text
    for status in ("0 success", "1 a check failed", "2 bad input", "130 interrupted",
                   "143 terminated"):
        assert status in " ".join(text.split())
