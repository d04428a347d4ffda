"""Bad command-line arguments for every subcommand: exit 2, one ``error:`` line, no traceback.

Unwritable outputs are paths below a regular file (``plain.txt/out.json``) or existing
directories: permission bits would not stop a superuser.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from polyexact.cells import enumerate_cells, write_certificate
from polyexact.models.builders import construction, random_model
from polyexact.models.load import write_model
from polyexact.models.points import PointSets, write_point_sets
from polyexact.numbers import parse_rational
from tests.reliability._cli import assert_one_line_error, run_main, run_subprocess


@pytest.fixture()
def files(tmp_path: Path) -> dict[str, str]:
    """A valid 2-D model, 3-D model, point-set file, certificate, a plain file and a folder."""
    model2 = write_model(construction(2, 2, 4, 1), tmp_path / "model2.json")
    model3 = write_model(random_model(3, n_layers=1, heads=1, n_keys=2, d_k=1, d_v=1, d_ff=0,
                                      seed=0), tmp_path / "model3.json")
    points = write_point_sets(PointSets(1, (((parse_rational(0),), (parse_rational(1),)),)),
                              tmp_path / "points.json")
    cert = write_certificate(enumerate_cells(construction(1, 2, 2, 1)), tmp_path / "cert.json")
    plain = tmp_path / "plain.txt"
    plain.write_text("not a folder\n")
    folder = tmp_path / "folder.png"
    folder.mkdir()
    return {"m2": str(model2), "m3": str(model3), "points": str(points), "cert": str(cert),
            "plain": str(plain), "dir": str(folder), "missing": str(tmp_path / "missing.json"),
            "under_file": str(plain / "out.json"), "under_file_png": str(plain / "out.png"),
            # a folder with files that are not a certificate's: never replaced
            "full_dir": str(tmp_path), "under_file_dir": str(plain / "cert")}


# (arguments with {placeholders}, text the error line must contain)
BAD: list[tuple[str, str]] = [
    ("", "COMMAND"),
    ("bogus", "COMMAND"),
    ("count", "MODEL"),
    ("count {missing}", "missing.json: cannot read the model file"),
    ("count {dir}", "folder.png: cannot read the model file"),
    ("count {m2} --max-cells abc", "--max-cells"),
    ("count {m2} --max-cells 0", "--max-cells"),
    ("count {m2} --max-cells -3", "--max-cells"),
    ("count {m2} --certificate {full_dir}", "is not a certificate folder"),
    ("count {m2} --certificate {under_file_dir}", "cert: cannot write here"),
    ("count {m2} --certificate {under_file}", "out.json: cannot write here"),
    ("count {m2} --json --bogus", "--bogus"),
    ("eval {m2}", "--point"),
    ("eval {m2} --point", "--point"),
    ("eval {m2} --point abc,0", "--point[0]"),
    ("eval {m2} --point 1/2", "--point"),
    ("eval {m2} --point 1/2,1/3,1", "--point"),
    ("eval {m2} --point nan,0", "--point[0]"),
    ("eval {m2} --point 0,inf", "--point[1]"),
    ("eval {m2} --point 1/0,0", "--point[0]"),
    ("eval {m2} --point=,", "--point[0]"),
    ("eval {m2} --point 0,0 --tau 0", "--tau"),
    ("eval {m2} --point 0,0 --tau -1/2", "--tau"),
    ("eval {m2} --point 0,0 --tau nan", "--tau"),
    ("eval {m2} --point 0,0 --tau inf", "--tau"),
    ("eval {m2} --point 0,0 --tau warm", "--tau"),
    ("eval {m2} --point 0,0 --tau 1 --dps 3", "--dps"),
    ("eval {m2} --point 0,0 --tau 1 --dps 100000000", "--dps"),
    ("eval {m2} --point 0,0 --tau 1 --dps many", "--dps"),
    ("eval {missing} --point 0,0", "missing.json"),
    ("verify", "CERT"),
    ("verify {missing}", "missing.json: cannot read the certificate"),
    ("verify {dir}", "folder.png: cannot read the certificate"),
    ("verify {m2}", "format: expected 'polyexact.certificate/2'"),
    ("verify {points}", "format: expected 'polyexact.certificate/2'"),
    ("minkowski {missing}", "missing.json: cannot read the point-set file"),
    ("minkowski {dir}", "folder.png: cannot read the point-set file"),
    ("minkowski {m2}", "format: expected 'polyexact.points/1', found 'polyexact.model/1'"),
    ("count {cert}", "format: expected 'polyexact.model/1', found 'polyexact.certificate/2'"),
    ("eval {cert} --point 0", "format: expected 'polyexact.model/1', found 'polyexact.cert"),
    ("export {points} -o g.graphml", "format: expected 'polyexact.model/1', found 'polyexact"),
    ("minkowski {points} --upper", "heights"),
    ("export {m2}", "--output"),
    ("export {m2} --format xml -o {plain}", "--format"),
    ("export {m2} --format GRAPHML -o {plain}", "--format"),
    ("export {m2} -o {dir}", "folder.png: cannot write here"),
    ("export {m2} -o {under_file}", "out.json: cannot write here"),
    ("export {missing} -o {plain}", "missing.json"),
    ("plot {m2}", "--output"),
    ("plot {m2} -o picture.jpg", "--output"),
    ("plot {m2} -o x.png --window=0,1,0", "--window"),
    ("plot {m2} -o x.png --window=0,1,1/2,-1", "--window"),
    ("plot {m2} -o x.png --window=0,1,0,y", "--window[3]"),
    ("plot {m2} -o {dir}", "folder.png: cannot write here"),
    ("plot {m2} -o {under_file_png}", "out.png: cannot write here"),
    ("plot {m2} -o x.png --dpi 0", "--dpi"),
    ("plot {m2} -o x.png --dpi high", "--dpi"),
    ("plot {m3} -o x.png", "--slice"),
    ("plot {m3} -o x.png --slice 0,0,0;1,0,0", "--slice"),
    ("plot {m3} -o x.png --slice 0,0;1,0,0;0,1,0", "--slice.origin"),
    ("plot {m3} -o x.png --slice 0,0,0;1,0,0;0,y,0", "--slice.v[1]"),
    ("plot {m3} -o x.png --slice 0,0,0;1,0,0;2,0,0", "slice"),
    ("claims --only XYZ", "unknown claim id 'XYZ'"),
    ("claims --bogus", "--bogus"),
    ("fixtures --only no-such-fixture --out {dir}", "--only: unknown fixture"),
    ("fixtures --out {under_file}", "out.json"),
    ("demo --out {under_file}", "out.json"),
]


@pytest.mark.parametrize(("template", "needle"), BAD)
def test_bad_arguments_exit_2_with_one_line(template: str, needle: str, files: dict[str, str],
                                            capsys: pytest.CaptureFixture[str],
                                            monkeypatch: pytest.MonkeyPatch, tmp_path: Path
                                            ) -> None:
    monkeypatch.chdir(tmp_path)  # relative outputs (x.png) land in the test's folder
    argv = [part.format(**files) for part in template.split()]
    status, out, err = run_main(argv, capsys)
    assert_one_line_error(status, err, needle)
    if "--json" in argv:  # the same error as one JSON document on stdout
        error = json.loads(out)["error"]
        where = f"{error['field']}: " if error["field"] is not None else ""
        assert err == f"error: {where}{error['message']}\n"
    else:
        assert out == ""


def test_failed_writes_leave_nothing_behind(files: dict[str, str],
                                            capsys: pytest.CaptureFixture[str]) -> None:
    folder = Path(files["dir"])
    before = sorted(p.name for p in folder.parent.iterdir())
    for argv in (["count", files["m2"], "--certificate", files["full_dir"]],
                 ["export", files["m2"], "-o", files["dir"]]):
        status, _, err = run_main(argv, capsys)
        assert_one_line_error(status, err)
    assert sorted(p.name for p in folder.parent.iterdir()) == before
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("argv", [
    ["count", "{missing}"],
    ["eval", "{m2}", "--point", "1/2,x"],
    ["count", "{m2}", "--certificate", "{under_file}"],
    ["export", "{m2}", "--format", "pdf", "-o", "{plain}"],
])
def test_bad_arguments_in_a_subprocess(argv: list[str], files: dict[str, str]) -> None:
    proc = run_subprocess([a.format(**files) for a in argv])
    assert_one_line_error(proc.returncode, proc.stderr)
    assert proc.stdout == ""


def test_valid_arguments_still_work(files: dict[str, str],
                                    capsys: pytest.CaptureFixture[str]) -> None:
    # the guards above must not reject good input
    status, out, _ = run_main(["eval", files["m2"], "--point", "1/3,0.25", "--json"], capsys)
    assert status == 0 and json.loads(out)["point"] == ["1/3", "1/4"]
    status, out, _ = run_main(["verify", files["cert"]], capsys)
    assert status == 0 and out.startswith("valid")
