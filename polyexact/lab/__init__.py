"""Layer 6: the conjecture lab — sweeps over model families, summaries, counterexample search."""

from polyexact.lab.results import RESULTS, append_row, count_point, read_results, row_key
from polyexact.lab.run import run_sweep
from polyexact.lab.spec import (
    FORMAT,
    SweepSpec,
    build_point,
    model_sha256,
    read_sweep_spec,
    sweep_spec_from_data,
)

__all__ = [
    "FORMAT",
    "RESULTS",
    "SweepSpec",
    "append_row",
    "build_point",
    "count_point",
    "model_sha256",
    "read_results",
    "read_sweep_spec",
    "row_key",
    "run_sweep",
    "sweep_spec_from_data",
]
