"""The polyexact.points/1 reader: round trip and every refusal names its field."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from polyexact.errors import FormatError, NumberError, ShapeError
from polyexact.models.points import (
    POINTS_FORMAT,
    point_sets_from_data,
    point_sets_to_data,
    read_point_sets,
    write_point_sets,
)

GOOD: dict[str, Any] = {"format": POINTS_FORMAT, "dim": 2,
                        "sets": [[[0, 0], ["1/2", "0.25"]], [[1, -1]]],
                        "heights": [[0, "-3/2"], ["1e-1"]]}


def test_round_trip_through_a_file(tmp_path: Path) -> None:
    ps = point_sets_from_data(GOOD)
    assert ps.sets[0][1] == (Fraction(1, 2), Fraction(1, 4))
    assert ps.heights is not None and ps.heights[1] == (Fraction(1, 10),)
    path = write_point_sets(ps, tmp_path / "p.json")
    assert read_point_sets(path) == ps
    assert point_sets_from_data(point_sets_to_data(ps)) == ps


@pytest.mark.parametrize(
    ("change", "error", "field"),
    [
        ({"format": "polyexact.points/2"}, FormatError, "format"),
        ({"colour": 1}, FormatError, "colour"),
        ({"dim": 0}, ShapeError, "dim"),
        ({"dim": True}, ShapeError, "dim"),
        ({"sets": []}, ShapeError, "sets"),
        ({"sets": [[[0, 0]], []]}, ShapeError, r"sets\[1\]"),
        ({"sets": [[[0, 0]], [[1, 2, 3]]]}, ShapeError, r"sets\[1\]\[0\]"),
        ({"sets": [[[0, 0]], [[1, "x"]]]}, NumberError, r"sets\[1\]\[0\]\[1\]"),
        ({"sets": [[[0, 0]], [[1, 2], [3, "1/0"]]]}, NumberError, r"sets\[1\]\[1\]\[1\]"),
        ({"heights": [[0, 0]]}, ShapeError, "heights"),
        ({"heights": [[0], [1]]}, ShapeError, r"heights\[0\]"),
        ({"heights": [[0, 0], ["nan"]]}, NumberError, r"heights\[1\]\[0\]"),
    ],
)
def test_bad_files_name_the_field(change: dict[str, Any], error: type[Exception],
                                  field: str) -> None:
    with pytest.raises(error, match=field):
        point_sets_from_data({**GOOD, **change})


def test_missing_fields_and_non_objects() -> None:
    with pytest.raises(FormatError, match="sets"):
        point_sets_from_data({"format": POINTS_FORMAT, "dim": 1})
    with pytest.raises(FormatError, match="points"):
        point_sets_from_data([1, 2])


def test_unreadable_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(FormatError, match=r"bad\.json"):
        read_point_sets(bad)
    with pytest.raises(FormatError, match=r"missing\.json"):
        read_point_sets(tmp_path / "missing.json")
    assert json.loads(json.dumps(point_sets_to_data(point_sets_from_data(GOOD))))["dim"] == 2
