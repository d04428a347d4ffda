"""Importers: ONNX graphs, ``.npz`` / safetensors weights with an architecture, PyTorch modules.

Every import converts the weights exactly and checks the exact network against the source
framework's float forward pass at seeded points (:func:`check_faithful`).
"""

from polyexact.networks.importers.faithfulness import (
    FaithfulnessError,
    check_faithful,
    sample_points,
)
from polyexact.networks.importers.onnx_import import (
    MAX_ONNX_BYTES,
    SUPPORTED_OPS,
    network_from_onnx,
)
from polyexact.networks.importers.torch_import import from_torch
from polyexact.networks.importers.weights import (
    ARCHITECTURE_METADATA,
    MAX_WEIGHTS_BYTES,
    load_architecture,
    load_weights,
    network_from_weight_file,
    network_from_weights,
)

__all__ = [
    "ARCHITECTURE_METADATA",
    "MAX_ONNX_BYTES",
    "MAX_WEIGHTS_BYTES",
    "SUPPORTED_OPS",
    "FaithfulnessError",
    "check_faithful",
    "from_torch",
    "load_architecture",
    "load_weights",
    "network_from_onnx",
    "network_from_weight_file",
    "network_from_weights",
    "sample_points",
]
