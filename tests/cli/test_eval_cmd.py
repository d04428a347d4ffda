"""``polyexact eval``: exact output and pattern, softmax distance, and clean errors on bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest

from polyexact.cli.main import main
from polyexact.models.builders import construction
from polyexact.models.load import write_model

MALFORMED = Path(__file__).resolve().parents[1] / "data" / "malformed"
EXPECTED: dict[str, str] = json.loads((MALFORMED / "expected.json").read_text())


@pytest.fixture
def model_path(tmp_path: Path) -> Path:
    return write_model(construction(2, 3, 4, 1), tmp_path / "c.json")


def test_eval_json_output_and_pattern(model_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", str(model_path), "--point", "1/7,0.5", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    # x_0 = 1/7: centre 1/6, z = 3(1/7 - 1/6) + 1/2 = 3/7 -> tent 6/7; x_1 = 1/2: z = 1/2 -> 1
    assert data["output"] == ["6/7", 1]
    assert data["point"] == ["1/7", "1/2"]
    assert data["pattern"] == [{"keys": [0, 1], "active": [1, 0, 1, 0]}]
    assert "soft_output" not in data


def test_eval_with_tau(model_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # both heads have score margin >= 1/18: e^{-(1/18)/τ} <= e^{-55} at τ = 1/1000
    argv = ["eval", str(model_path), "--point", "1/7,1/2", "--tau", "1/1000", "--json"]
    assert main(argv) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["tau"] == "1/1000" and len(data["soft_output"]) == 2
    distance = Fraction(data["distance"])
    assert 0 < distance < Fraction(1, 10**20)
    assert main(["eval", str(model_path), "--point", "1/7,1/2", "--tau", "1/10"]) == 0
    text = capsys.readouterr().out
    assert "output:  (6/7, 1)" in text and "distance" in text


@pytest.mark.parametrize(("point", "field"), [
    ("1/3", "--point"), ("1/3,1/2,1", "--point"), ("1/3,abc", "--point[1]"),
    ("1/0,0", "--point[0]"), (",", "--point[0]"), ("nan,0", "--point[0]"),
])
def test_bad_point_exits_2(model_path: Path, point: str, field: str,
                           capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", str(model_path), "--point", point]) == 2
    err = capsys.readouterr().err
    assert f"error: {field}:" in err and "Traceback" not in err


@pytest.mark.parametrize("tau", ["0", "-1", "x"])
def test_bad_tau_exits_2(model_path: Path, tau: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", str(model_path), "--point", "0,0", f"--tau={tau}"]) == 2
    assert "--tau" in capsys.readouterr().err


def test_corpus_is_large_and_complete() -> None:
    files = sorted(p.name for p in MALFORMED.glob("*.json") if p.name != "expected.json")
    assert len(files) >= 40 and files == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_malformed_model_exits_2_naming_the_field(name: str,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", str(MALFORMED / name), "--point", "0,0"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1
    assert EXPECTED[name] in err and "Traceback" not in err


@pytest.mark.parametrize("name", ["truncated.json", "key_nan_token.json", "d_model_bool.json",
                                  "domain_polytope_segment.json", "unknown_head_key.json"])
def test_malformed_model_in_a_subprocess(name: str) -> None:
    proc = subprocess.run([sys.executable, "-m", "polyexact", "eval", str(MALFORMED / name),
                           "--point", "0,0"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert EXPECTED[name] in proc.stderr and "Traceback" not in proc.stderr
    assert proc.stdout == ""
