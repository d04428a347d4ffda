"""The shipped trained transformer (notebooks 6 and 7): exact counts, certificate, accuracy.

The numbers are the exact count of ``data/trained_in_context_nn.safetensors``; they are
cross-checked by the block-network enumerator and by a grid of exact forward passes.
"""

from __future__ import annotations

from fractions import Fraction as F
from pathlib import Path

import pytest

import polyexact
from polyexact.errors import FormatError, ShapeError
from polyexact.models.forward import forward
from polyexact.models.model import Model
from polyexact.networks import Network, model_from_network, random_mlp
from polyexact.networks.importers import load_weights, network_from_weight_file

SHIPPED = Path(__file__).resolve().parents[2] / "data" / "trained_in_context_nn.safetensors"
CELLS, REGIONS, CORRECT, QUERIES = 13, 13, 492, 500


@pytest.fixture(scope="module")
def loaded() -> tuple[Network, Model]:
    net = network_from_weight_file(SHIPPED)
    return net, model_from_network(net)


def test_shipped_file_is_small_and_carries_its_architecture(loaded: tuple[Network, Model]) -> None:
    net, model = loaded
    assert SHIPPED.stat().st_size < 8192
    assert net.in_dim == 2 and net.domain.box == ((F(-1), F(1)), (F(-1), F(1)))
    layer = model.layers[0]
    assert (model.n_layers, len(layer.heads), len(layer.heads[0].keys)) == (1, 1, 12)
    assert layer.ffn is not None and layer.ffn.d_ff == 4 and layer.ffn.residual


def test_counts_certificate_and_the_block_engine_agree(loaded: tuple[Network, Model],
                                                       tmp_path: Path) -> None:
    net, model = loaded
    cx = polyexact.enumerate_cells(model)
    assert (cx.n_cells, cx.n_regions) == (CELLS, REGIONS)
    blocks = polyexact.enumerate_cells(net)
    assert (blocks.n_cells, blocks.n_regions) == (CELLS, REGIONS)
    report = polyexact.verify_certificate(polyexact.write_certificate(cx, tmp_path / "c.json"))
    assert report.valid and (report.pattern_cells, report.linear_regions) == (CELLS, REGIONS)


def test_a_grid_of_exact_forward_passes_finds_exactly_the_enumerated_patterns(
        loaded: tuple[Network, Model]) -> None:
    _, model = loaded
    cells = {cell.pattern for cell in polyexact.enumerate_cells(model).cells}
    n = 40
    seen = {forward(model, (F(2 * i, n) - 1, F(2 * j, n) - 1)).pattern
            for i in range(n + 1) for j in range(n + 1)}
    assert seen == cells and len(seen) == CELLS


def test_hard_limit_accuracy_on_the_shipped_queries(loaded: tuple[Network, Model]) -> None:
    _, model = loaded
    arrays = load_weights(SHIPPED)
    points = [tuple(F(float(v)) for v in p) for p in arrays["context.points"]]
    labels = [int(c) for c in arrays["context.labels"]]
    correct = 0
    for q in arrays["test.queries"]:
        x = tuple(F(float(v)) for v in q)
        distances = [sum((a - b) ** 2 for a, b in zip(x, p, strict=True)) for p in points]
        out = forward(model, x).output
        correct += out.index(max(out)) == labels[distances.index(min(distances))]
    assert (correct, len(arrays["test.queries"])) == (CORRECT, QUERIES)


def test_model_from_network_names_the_block_version_1_cannot_hold() -> None:
    with pytest.raises(ShapeError, match=r"blocks\[0\]"):
        model_from_network(random_mlp([2, 3, 2], seed=0))


def test_an_architecture_is_required_for_weights_without_one(tmp_path: Path) -> None:
    import numpy as np

    np.savez(tmp_path / "w.npz", W=np.eye(2))
    with pytest.raises(FormatError, match="architecture"):
        network_from_weight_file(tmp_path / "w.npz")
