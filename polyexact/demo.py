"""The main job on the built-in default model: count, certify, verify, export, draw (layer 6)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from polyexact.atomic import make_folder
from polyexact.models import Model

__all__ = ["DemoReport", "default_model", "run_demo"]


def default_model() -> Model:
    """The built-in default model: two blocks on the box [-1, 1]², each with two heads of three
    keys, a query bias, a residual and a three-neuron FFN — small enough to draw, rich enough that
    pattern cells and maximal linear regions differ.

    Examples
    --------
    >>> from polyexact.demo import default_model
    >>> m = default_model()
    >>> m.d_model, len(m.layers), len(m.layers[0].heads), m.layers[0].ffn.d_ff
    (2, 2, 2, 3)
    """
    from polyexact.models.builders import random_model

    model = random_model(2, n_layers=2, heads=2, n_keys=3, d_k=2, d_v=1, d_ff=3, seed=15)
    return Model(model.d_model, model.layers, model.domain, name="polyexact default model")


@dataclass
class DemoReport:
    r"""What the demo computed and wrote.

    Attributes
    ----------
    model : str
        The model's name.
    pattern_cells, linear_regions : int
        The two counts.
    verified : bool
        Whether the independent verifier accepted the certificate.
    reason : str
        The verifier's reason.
    seconds : float
        Enumeration time (a timing, never a decision).
    files : dict of str to Path
        What was written, by role.

    See Also
    --------
    run_demo

    Examples
    --------
    >>> from pathlib import Path
    >>> from polyexact.demo import DemoReport
    >>> report = DemoReport("m", 4, 3, True, "ok", 0.5, {"model": Path("model.json")})
    >>> print("\n".join(report.lines()))
    model: m
    pattern cells:   4
    linear regions:  3
    certificate:     verified (ok)
    time:            0.50 s
    wrote:
      model         model.json
    """

    model: str
    pattern_cells: int
    linear_regions: int
    verified: bool
    reason: str
    seconds: float
    files: dict[str, Path] = field(default_factory=dict)

    def lines(self) -> list[str]:
        """Human-readable summary lines."""
        out = [
            f"model: {self.model}",
            f"pattern cells:   {self.pattern_cells}",
            f"linear regions:  {self.linear_regions}",
            f"certificate:     {'verified' if self.verified else 'INVALID'} ({self.reason})",
            f"time:            {self.seconds:.2f} s",
            "wrote:",
        ]
        out += [f"  {what:<13} {path}" for what, path in self.files.items()]
        return out


def run_demo(out_dir: str | Path) -> DemoReport:
    """Run the main job on :func:`default_model` and write its outputs into ``out_dir``.

    Enumerates the cells, writes the model, the certificate, the region graph (GraphML) and a
    picture of the partition, and re-checks the certificate with the independent verifier.

    Parameters
    ----------
    out_dir : str or Path
        Created if missing.

    Returns
    -------
    DemoReport
        Counts, verdict, timing and the files written.

    See Also
    --------
    default_model

    Examples
    --------
    >>> import tempfile
    >>> from polyexact.demo import run_demo
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     report = run_demo(tmp)
    >>> report.pattern_cells, report.linear_regions, report.verified
    (34, 29, True)
    >>> sorted(p.name for p in report.files.values())
    ['certificate.json', 'model.json', 'partition.png', 'regions.graphml']
    """
    from polyexact.cells.enumerate import enumerate_cells
    from polyexact.certificates.write import write_certificate
    from polyexact.export import write_region_graph
    from polyexact.models.load import write_model
    from polyexact.plots import save_partition
    from polyexact.verify.verifier import verify_certificate

    out = make_folder(out_dir)
    model = default_model()
    start = time.perf_counter()
    complex_ = enumerate_cells(model)
    seconds = time.perf_counter() - start
    files = {
        "model": write_model(model, out / "model.json"),
        "certificate": out / "certificate.json",
        "region graph": out / "regions.graphml",
        "picture": out / "partition.png",
    }
    write_certificate(complex_, files["certificate"])
    report = verify_certificate(files["certificate"])
    write_region_graph(complex_, files["region graph"], format="graphml")
    save_partition(complex_, files["picture"])
    return DemoReport(model.name, complex_.n_cells, complex_.n_regions, report.valid,
                      report.reason, seconds, files)
