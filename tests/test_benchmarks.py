"""The benchmark scripts keep running and keep printing one JSON object per measurement.

These are not timed tests (figures live in docs/performance.md); they only keep the scripts from
rotting, on their smallest settings.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"


@pytest.mark.parametrize(
    ("script", "args"),
    [("minkowski.py", ["--quick"]), ("bench_cells_construction.py", []),
     ("bench_mlp.py", ["--quick"]), ("bench_folder.py", ["--quick"]),
     ("bench_certified.py", ["--quick"])],
)
def test_benchmark_prints_json_lines(script: str, args: list[str]) -> None:
    out = subprocess.run([sys.executable, str(BENCH / script), *args], capture_output=True,
                         text=True, check=True, timeout=300).stdout
    lines = [json.loads(line) for line in out.splitlines() if line.strip()]
    assert lines
    for line in lines:
        assert {"bench", "params", "seconds"} <= set(line)
        assert line["seconds"] >= 0
