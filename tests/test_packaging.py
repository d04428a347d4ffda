"""pyproject.toml: the licence is an SPDX expression (a TOML table makes setuptools print a
deprecation banner on every install) and the build backend is new enough to read it."""

from __future__ import annotations

import re
from pathlib import Path

import tomllib

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"


def test_license_is_an_spdx_string() -> None:
    data = tomllib.loads(PYPROJECT.read_text())
    assert data["project"]["license"] == "BSD-3-Clause"
    # a string licence needs setuptools 77 (PEP 639); older ones reject it
    (setuptools,) = [r for r in data["build-system"]["requires"] if r.startswith("setuptools")]
    match = re.fullmatch(r"setuptools>=(\d+)(\.\d+)*", setuptools)
    assert match is not None and int(match.group(1)) >= 77
    classifiers = data["project"].get("classifiers", [])
    assert not any(c.startswith("License ::") for c in classifiers)  # forbidden with PEP 639
