"""The notebooks run top to bottom without errors and each shows at least one picture.

Notebooks that train with PyTorch (an optional extra) run in ``make test-torch`` instead.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
PATHS = sorted(NOTEBOOKS.glob("*.ipynb"))
#: Notebooks that need torch: run by tests/networks/test_torch.py, not here.
TORCH_NOTEBOOKS = frozenset({"06_train_tiny_transformer.ipynb"})


def _read(path: Path) -> Any:
    import nbformat

    # nbformat ships no type hints
    read: Callable[..., Any] = nbformat.read
    return read(path, as_version=4)


def _kernel_name(tmp: Path) -> str:
    """Return a kernel that runs this very interpreter (so it sees the installed package).

    A kernelspec named ``python3`` may be missing or may point at another Python; writing our
    own spec with ``sys.executable`` into a temporary data directory avoids both.
    """
    import json
    import os

    import ipykernel  # noqa: F401  (the kernel must be importable by this interpreter)

    spec = tmp / "kernels" / "polyexact-test"
    spec.mkdir(parents=True, exist_ok=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "polyexact tests",
        "language": "python",
    }))
    os.environ["JUPYTER_PATH"] = os.pathsep.join(
        [str(tmp), *filter(None, [os.environ.get("JUPYTER_PATH")])]
    )
    return "polyexact-test"


def test_there_are_the_notebooks() -> None:
    assert [p.name for p in PATHS] == [
        "01_power_diagrams.ipynb",
        "02_minkowski_sums.ipynb",
        "03_deep_construction.ipynb",
        "04_finite_temperature.ipynb",
        "05_conjecture_lab.ipynb",
        "06_train_tiny_transformer.ipynb",
        "07_trained_transformer_regions.ipynb",
    ]


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_notebook_is_stored_without_outputs(path: Path) -> None:
    import nbformat

    nb = _read(path)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None


@pytest.mark.parametrize("path", [p for p in PATHS if p.name not in TORCH_NOTEBOOKS],
                         ids=lambda p: p.stem)
def test_notebook_runs_and_shows_a_picture(path: Path, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    run_notebook(path, tmp_path, monkeypatch)


def run_notebook(path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Execute a notebook in a kernel of this interpreter; fail on an error or no picture."""
    from nbclient import NotebookClient

    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.setenv("JUPYTER_PATH", "")
    kernel = _kernel_name(tmp_path)
    nb = _read(path)
    client = NotebookClient(nb, kernel_name=kernel, timeout=120,
                            resources={"metadata": {"path": str(NOTEBOOKS)}})
    client.execute()  # raises CellExecutionError on the first failing cell
    outputs: list[Any] = [out for cell in nb.cells if cell.cell_type == "code"
                          for out in cell.outputs]
    assert not [out for out in outputs if out.output_type == "error"]
    images = [out for out in outputs if "image/png" in out.get("data", {})]
    assert images, f"{path.name} displays no picture"
