"""Every malformed input file is answered by one line naming the field, exit 2, no traceback.

Three corpora under ``tests/data``: model files (``malformed/``, run through ``count``), point-set
files (``malformed_points/``, through ``minkowski``) and certificates
(``malformed_certificates/``, through ``verify``). Each folder's ``expected.json`` maps a file
name to the field its error message must name.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.reliability._cli import DATA, assert_one_line_error, run_main, run_subprocess

CORPORA = {
    "malformed": "count",
    "malformed_points": "minkowski",
    "malformed_certificates": "verify",
}


def _expected(folder: str) -> dict[str, str]:
    data: dict[str, str] = json.loads((DATA / folder / "expected.json").read_text())
    return data


def _cases() -> list[tuple[str, str, str]]:
    return [(folder, name, field) for folder in CORPORA
            for name, field in sorted(_expected(folder).items())]


@pytest.mark.parametrize("folder", sorted(CORPORA))
def test_every_corpus_file_has_an_expected_field(folder: str) -> None:
    files = sorted(p.name for p in (DATA / folder).glob("*.json") if p.name != "expected.json")
    assert files == sorted(_expected(folder))


def test_corpus_sizes() -> None:
    sizes = {folder: len(_expected(folder)) for folder in CORPORA}
    assert sizes["malformed_points"] >= 15
    assert sizes["malformed_certificates"] >= 10
    assert sum(sizes.values()) >= 40


@pytest.mark.filterwarnings("ignore::UserWarning")
@pytest.mark.parametrize(("folder", "name", "field"), _cases())
def test_malformed_file_exits_2_naming_the_field(folder: str, name: str, field: str,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    path = str(DATA / folder / name)
    status, out, err = run_main([CORPORA[folder], path], capsys)
    # a file-level error names the file as the user gave it, not only its last component
    assert_one_line_error(status, err, f"error: {path if field == name else field}")
    assert out == ""


@pytest.mark.parametrize(("folder", "name"), [
    ("malformed", "truncated.json"),
    ("malformed_points", "nan_token.json"),
    ("malformed_points", "huge_integer_literal.json"),
    ("malformed_certificates", "other_version.json"),
    ("malformed_certificates", "model_d_model_zero.json"),
])
def test_malformed_file_in_a_subprocess(folder: str, name: str) -> None:
    path = str(DATA / folder / name)
    proc = run_subprocess([CORPORA[folder], path])
    field = _expected(folder)[name]
    assert_one_line_error(proc.returncode, proc.stderr,
                          f"error: {path if field == name else field}")
    assert proc.stdout == ""


def test_json_mode_prints_one_error_document(capsys: pytest.CaptureFixture[str]) -> None:
    path = DATA / "malformed_points" / "mixed_dimension.json"
    status, out, err = run_main(["minkowski", str(path), "--json"], capsys)
    assert_one_line_error(status, err, "sets[1][0]")
    # the same error, as one JSON document on stdout, for a pipe into a JSON tool
    assert json.loads(out) == {"error": {"field": "sets[1][0]",
                                         "message": "expected 2 entries, found 3"}}


def test_deeply_nested_json_is_a_format_error(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    # the json module itself gives up with RecursionError: still one line, exit 2
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000)
    for verb in ("count", "minkowski", "verify"):
        status, _, err = run_main([verb, str(deep)], capsys)
        assert_one_line_error(status, err, "deep.json: unreadable JSON")
