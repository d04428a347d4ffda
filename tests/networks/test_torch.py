"""from_torch: nn.Sequential and the hard-argmax attention module (skipped without torch)."""

from __future__ import annotations

import warnings
from fractions import Fraction as F
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from polyexact.errors import FormatError
from polyexact.models import construction
from polyexact.models.forward import forward
from polyexact.networks import Affine, Attention, LeakyReLU, WeightReader, forward_network

torch = pytest.importorskip("torch")
from polyexact.networks.importers import FaithfulnessError, from_torch  # noqa: E402
from polyexact.networks.importers.torch_modules import HardArgmaxAttention  # noqa: E402


def test_sequential_4_8_8_1_matches_torch_exactly_up_to_float() -> None:
    torch.manual_seed(0)
    module = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.ReLU(),
                                 torch.nn.Sequential(torch.nn.Linear(8, 8),
                                                     torch.nn.LeakyReLU(0.125)),
                                 torch.nn.Identity(), torch.nn.Linear(8, 1))
    reader = WeightReader()
    net = from_torch(module, reader=reader)
    assert [type(b).__name__ for b in net.blocks] == ["Affine", "ReLU", "Affine", "LeakyReLU",
                                                       "Affine"]
    leaky = net.blocks[3]
    assert isinstance(leaky, LeakyReLU) and leaky.slope == F(1, 8)
    first = net.blocks[0]
    assert isinstance(first, Affine)
    assert first.W[2][3] == F(float(module[0].weight.detach()[2, 3]))
    assert reader.n_weights == 4 * 8 + 8 + 64 + 8 + 8 + 1 + 1
    x = torch.randn(30, 4)
    with torch.no_grad():
        ref = module(x).double().numpy()
    for xi, r in zip(x.double().numpy(), ref, strict=True):
        exact = forward_network(net, tuple(F(float(v)) for v in xi)).output
        assert float(exact[0]) == pytest.approx(float(r[0]), rel=1e-4, abs=1e-5)


def test_unsupported_module_is_named() -> None:
    module = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.Tanh())
    with pytest.raises(FormatError, match="not supported") as err:
        from_torch(module)
    assert err.value.field == "module[1] (Tanh)"
    with pytest.raises(FormatError, match=r"nn\.Sequential"):
        from_torch(torch.nn.Linear(2, 2))


def test_coarse_rounding_refused_at_first_block() -> None:
    torch.manual_seed(1)
    module = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.ReLU(), torch.nn.Linear(4, 1))
    with pytest.raises(FaithfulnessError) as err:
        from_torch(module, reader=WeightReader(rationalize=2))
    assert err.value.field == "blocks[0] (module[0])"


def test_hard_attention_module_imports_as_the_v1_construction() -> None:
    # put the hand-written construction(1, 2, 2, 1) head into the module: same forward pass
    model = construction(1, 2, 2, 1)
    layer = model.layers[0]
    head = layer.heads[0]
    att = HardArgmaxAttention(1, n_heads=1, n_keys=head.n_keys, d_k=head.d_k, d_v=head.d_v)

    def t(rows: object) -> Any:
        return torch.tensor(np.array(rows, dtype=float), dtype=torch.float64)

    with torch.no_grad():
        att.W_Q.copy_(t([[[float(v) for v in r] for r in head.W_Q]]))
        att.b_Q.copy_(t([[float(v) for v in head.b_Q]]))
        att.keys.copy_(t([[[float(v) for v in r] for r in head.keys]]))
        att.values.copy_(t([[[float(v) for v in r] for r in head.values]]))
        att.logit_bias.copy_(t([[float(v) for v in head.logit_bias]]))
        att.W_O.copy_(t([[float(v) for v in r] for r in layer.W_O]))
    net = from_torch(torch.nn.Sequential(att))
    block = net.blocks[0]
    assert isinstance(block, Attention)
    assert block.heads[0].sites == head.sites and block.heads[0].heights == head.heights
    for k in range(17):
        x = (F(k, 16),)
        ours = forward_network(net, x)
        theirs = forward(model, x)
        assert ours.pattern[0] == theirs.pattern[0].keys
    att.temperature = 0.5
    with pytest.raises(FormatError, match="hard limit"):
        from_torch(torch.nn.Sequential(att))


def test_torch_onnx_export_and_from_torch_give_the_same_network(tmp_path: Path) -> None:
    pytest.importorskip("onnx")
    pytest.importorskip("onnxruntime")
    from polyexact.networks.importers import network_from_onnx

    torch.manual_seed(3)
    module = torch.nn.Sequential(torch.nn.Linear(3, 6), torch.nn.ReLU(), torch.nn.Linear(6, 6),
                                 torch.nn.LeakyReLU(0.1), torch.nn.Linear(6, 2))
    path = tmp_path / "m.onnx"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the legacy exporter announces its deprecation
        torch.onnx.export(module, (torch.randn(1, 3),), str(path), dynamo=False,
                          input_names=["x"], output_names=["y"],
                          dynamic_axes={"x": {0: "batch"}})
    via_onnx = network_from_onnx(path)
    via_torch = from_torch(module)
    assert via_onnx.blocks == via_torch.blocks
    slope = via_torch.blocks[3]
    assert isinstance(slope, LeakyReLU)
    assert slope.slope == F(float(np.float32(0.1))) != F(0.1)  # the slope torch applies


def test_training_notebook_reproduces_the_shipped_weights(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.test_notebooks import NOTEBOOKS, run_notebook

    out = tmp_path / "trained.safetensors"
    monkeypatch.setenv("POLYEXACT_TRAINED_OUT", str(out))
    run_notebook(NOTEBOOKS / "06_train_tiny_transformer.ipynb", tmp_path, monkeypatch)
    shipped = NOTEBOOKS.parent / "data" / "trained_in_context_nn.safetensors"
    assert out.read_bytes() == shipped.read_bytes()
