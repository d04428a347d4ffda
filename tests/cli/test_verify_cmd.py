"""``polyexact verify``: exit 0 valid, 1 invalid with the reason, 2 malformed input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from polyexact.cells import certificate_to_data, enumerate_cells, write_certificate
from polyexact.certificates import model_digest
from polyexact.cli.main import main
from polyexact.models import construction
from polyexact.models.load import write_model


@pytest.fixture
def cert_path(tmp_path: Path) -> Path:
    return write_certificate(enumerate_cells(construction(1, 2, 2, 1)), tmp_path / "c.json")


def test_valid_certificate_exits_0(cert_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify", str(cert_path)]) == 0
    digest = model_digest(construction(1, 2, 2, 1))
    assert capsys.readouterr().out == ("valid: 4 pattern cells and 4 linear regions verified\n"
                                       f"model: construction(d=1, N=2, d_ff=2, L=1) {digest}\n")


def test_json_output(cert_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify", str(cert_path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "valid": True, "reason": "4 pattern cells and 4 linear regions verified",
        "pattern_cells": 4, "linear_regions": 4, "model": "construction(d=1, N=2, d_ff=2, L=1)",
        "model_digest": model_digest(construction(1, 2, 2, 1))}


def test_model_option_checks_the_certificate_is_of_that_model(
        tmp_path: Path, cert_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    same, other = tmp_path / "same.json", tmp_path / "other.json"
    write_model(construction(1, 2, 2, 1), same)
    write_model(construction(1, 3, 2, 1), other)
    assert main(["verify", str(cert_path), "--model", str(same)]) == 0
    capsys.readouterr()
    assert main(["verify", str(cert_path), "--model", str(other)]) == 1
    out = capsys.readouterr().out
    assert out.startswith("invalid: model: the certificate is of model sha256:")


def test_tampered_certificate_exits_1_with_reason(
        cert_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads(cert_path.read_text())
    data["shards"][0]["cells"][0]["map"]["b"] = ["1/3"]
    cert_path.write_text(json.dumps(data))
    assert main(["verify", str(cert_path)]) == 1
    assert capsys.readouterr().out.splitlines()[0] == \
        "invalid: cells[0].map: not the affine map of the cell's pattern"


def test_malformed_or_other_version_exits_2(
        tmp_path: Path, cert_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify", str(tmp_path / "missing.json")]) == 2
    assert "cannot read the certificate" in capsys.readouterr().err
    data = certificate_to_data(enumerate_cells(construction(1, 2, 2, 1)))
    cert_path.write_text(json.dumps({**data, "format": "polyexact.certificate/9"}))
    assert main(["verify", str(cert_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: format: expected 'polyexact.certificate/2'")
    cert_path.write_text("{not json")
    assert main(["verify", str(cert_path)]) == 2
