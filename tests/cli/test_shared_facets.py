"""One user-facing term, "shared facets", in count's table and JSON and in export's message."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from polyexact.cli.main import main
from polyexact.models.builders import construction
from polyexact.models.load import write_model


def test_count_and_export_say_shared_facets(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    # an 8 x 8 grid of boxes: 2 · 8 · 7 = 112 shared facets
    model = write_model(construction(2, 4, 4, 1), tmp_path / "m.json")
    assert main(["count", str(model), "--json", "--no-verify"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["shared_facets"] == 112 and "adjacencies" not in data
    # the dual recount applies to one attention layer over R^d only; otherwise no key at all
    assert "dual_vertices" not in data
    assert main(["count", str(model), "--no-verify"]) == 0
    assert "shared facets   112" in capsys.readouterr().out
    assert main(["export", str(model), "-o", str(tmp_path / "g.json"), "--format", "json"]) == 0
    assert "112 shared facets" in capsys.readouterr().out
