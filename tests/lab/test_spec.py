"""Sweep specs: validation names the field; the grid expands in order."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from polyexact.errors import FormatError, InputError
from polyexact.lab import build_point, model_sha256, read_sweep_spec, sweep_spec_from_data
from polyexact.models import construction, write_model


def _spec(builder: str, **grid: Any) -> dict[str, Any]:
    return {"format": "polyexact.sweep/1", "builder": builder, "grid": grid}


RANDOM: dict[str, Any] = {"d": [2], "n_layers": [1, 2], "heads": [1, 2], "n_keys": [2, 3],
                          "d_k": [2], "d_v": [1], "d_ff": [0, 3], "seed": [0, 1, 2]}


def test_issue_example_has_48_points_first_key_slowest() -> None:
    spec = sweep_spec_from_data(_spec("random_model", **RANDOM))
    assert spec.n_points == 2 * 2 * 2 * 2 * 3
    assert spec.points[0] == {"d": 2, "n_layers": 1, "heads": 1, "n_keys": 2, "d_k": 2,
                              "d_v": 1, "d_ff": 0, "seed": 0}
    assert [p["seed"] for p in spec.points[:4]] == [0, 1, 2, 0]
    assert spec.points[-1]["n_layers"] == 2


@pytest.mark.parametrize(("data", "field"), [
    ({"format": "polyexact.sweep/2", "builder": "construction"}, "format"),
    ({"format": "polyexact.sweep/1"}, "builder"),
    ({"format": "polyexact.sweep/1", "builder": 3}, "builder"),
    ({"format": "polyexact.sweep/1", "builder": "construction", "grid": []}, "grid"),
    (_spec("construction", d=[1], N=[2], d_ff=[2], L=[1], M=[1]), "grid.M"),
    (_spec("construction", d=[1], N=[2], d_ff=[2]), "grid.L"),
    (_spec("construction", d=[1], N=[], d_ff=[2], L=[1]), "grid.N"),
    (_spec("construction", d=[1], N=3, d_ff=[2], L=[1]), "grid.N"),
    (_spec("construction", d=[1], N=[2, 2], d_ff=[2], L=[1]), "grid.N"),
    (_spec("construction", d=[1], N=[2, True], d_ff=[2], L=[1]), "grid.N[1]"),
    (_spec("construction", d=[1], N=[2, 1.5], d_ff=[2], L=[1]), "grid.N[1]"),
    (_spec("construction", d=[1], N=[2], d_ff=[1], L=[1]), "grid"),  # w = 0: refused
    (_spec("random_model", **{**RANDOM, "domain": ["box", 3]}), "grid.domain[1]"),
    (_spec("random_model", **{**RANDOM, "query_bias": [1]}), "grid.query_bias[0]"),
    (_spec("random_model", **{**RANDOM, "domain": ["ball"]}), "grid"),
    (_spec("nowhere/*.json"), "builder"),
    ({"format": "polyexact.sweep/1", "builder": "construction", "extra": 1}, "extra"),
])
def test_bad_specs_name_the_field(data: dict[str, Any], field: str) -> None:
    with pytest.raises(InputError) as info:
        sweep_spec_from_data(data)
    assert info.value.field == field


def test_wrong_format_is_a_format_error() -> None:
    with pytest.raises(FormatError, match=r"polyexact\.sweep/1"):
        sweep_spec_from_data({"format": "x", "builder": "construction"})


def test_files_builder_folder_and_glob_relative_to_the_spec(tmp_path: Path) -> None:
    models = tmp_path / "models"
    models.mkdir()
    for n in (3, 1, 2):
        write_model(construction(1, n, 2, 1), models / f"m{n}.json")
    (models / "notes.txt").write_text("not a model")
    spec_file = tmp_path / "spec.json"
    spec_file.write_text(json.dumps({"format": "polyexact.sweep/1", "builder": "models"}))
    spec = read_sweep_spec(spec_file)
    assert [p["file"] for p in spec.points] == ["models/m1.json", "models/m2.json",
                                                "models/m3.json"]
    spec_file.write_text(json.dumps({"format": "polyexact.sweep/1", "builder": "models/m[12].*"}))
    spec = read_sweep_spec(spec_file)
    assert [p["file"] for p in spec.points] == ["models/m1.json", "models/m2.json"]
    assert build_point(spec.builder, spec.points[1], spec.base) == construction(1, 2, 2, 1)
    spec_file.write_text(json.dumps({"format": "polyexact.sweep/1", "builder": "models",
                                     "grid": {"seed": [1]}}))
    with pytest.raises(InputError, match="grid: a folder or glob"):
        read_sweep_spec(spec_file)


def test_model_sha256_separates_models_and_ignores_building_route(tmp_path: Path) -> None:
    a, b = construction(1, 2, 2, 1), construction(1, 3, 2, 1)
    assert model_sha256(a) != model_sha256(b)
    from polyexact.models import load_model

    assert model_sha256(load_model(write_model(a, tmp_path / "a.json"))) == model_sha256(a)


def test_a_bad_model_file_is_named(tmp_path: Path) -> None:
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "bad.json").write_text(json.dumps(
        {"format": "polyexact.model/1", "d_model": 2, "layers": [], "extra": 1}))
    spec_file = tmp_path / "spec.json"
    spec_file.write_text(json.dumps({"format": "polyexact.sweep/1", "builder": "models"}))
    with pytest.raises(InputError) as info:
        read_sweep_spec(spec_file)
    assert info.value.field == "models/bad.json" and "extra" in str(info.value)

