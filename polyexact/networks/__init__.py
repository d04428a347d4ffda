"""Layer 4: general piecewise-linear networks as block sequences, their format and importers."""

from polyexact.models.model import FFN
from polyexact.networks.blocks import (
    Affine,
    Attention,
    Block,
    LeakyReLU,
    Network,
    ReLU,
    Residual,
    block_in_width,
    block_out_width,
    network_from_blocks,
)
from polyexact.networks.builders import mlp_network, random_mlp
from polyexact.networks.convert import layer_pattern_of, model_from_network, network_from_model
from polyexact.networks.exact import MAX_ENTRIES, MAX_WIDTH, WeightReader
from polyexact.networks.format import (
    NETWORK_FORMAT,
    load_network,
    network_from_data,
    network_to_data,
    write_network,
)
from polyexact.networks.forward import (
    NetworkPattern,
    NetworkResult,
    block_outputs,
    forward_network,
)
from polyexact.networks.vnnlib import VnnlibBox, read_vnnlib_box, vnnlib_box_from_text

__all__ = [
    "FFN",
    "MAX_ENTRIES",
    "MAX_WIDTH",
    "NETWORK_FORMAT",
    "Affine",
    "Attention",
    "Block",
    "LeakyReLU",
    "Network",
    "NetworkPattern",
    "NetworkResult",
    "ReLU",
    "Residual",
    "VnnlibBox",
    "WeightReader",
    "block_in_width",
    "block_out_width",
    "block_outputs",
    "forward_network",
    "layer_pattern_of",
    "load_network",
    "mlp_network",
    "model_from_network",
    "network_from_blocks",
    "network_from_data",
    "network_from_model",
    "network_to_data",
    "random_mlp",
    "read_vnnlib_box",
    "vnnlib_box_from_text",
    "write_network",
]
