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

__all__ = [
    "MAX_ONNX_BYTES",
    "SUPPORTED_OPS",
    "FaithfulnessError",
    "check_faithful",
    "network_from_onnx",
    "sample_points",
]
