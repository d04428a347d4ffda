"""Layer 6: the conjecture lab — sweeps over model families, summaries, counterexample search."""

from polyexact.lab.counterexample import (
    Claim,
    Counterexample,
    find_counterexample,
    read_claim,
    save_counterexample,
)
from polyexact.lab.plot import plot_sweep
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
from polyexact.lab.summary import (
    COUNTS,
    ExponentFit,
    Series,
    closed_form,
    fit_exponent,
    point_params,
    sweep_series,
    swept_parameters,
)

__all__ = [
    "COUNTS",
    "FORMAT",
    "RESULTS",
    "Claim",
    "Counterexample",
    "ExponentFit",
    "Series",
    "SweepSpec",
    "append_row",
    "build_point",
    "closed_form",
    "count_point",
    "find_counterexample",
    "fit_exponent",
    "model_sha256",
    "plot_sweep",
    "point_params",
    "read_claim",
    "read_results",
    "read_sweep_spec",
    "row_key",
    "run_sweep",
    "save_counterexample",
    "sweep_series",
    "sweep_spec_from_data",
    "swept_parameters",
]
