"""Layer 4: model and point-set schemas, layers/heads/FFNs, hardmax and softmax(τ) forward."""

from polyexact.models.builders import (
    construction,
    construction_width,
    max_head_model,
    random_model,
)
from polyexact.models.domains import box_domain, check_domain, polytope_domain, whole_space
from polyexact.models.geometry import (
    full_dim_routing_cells,
    head_power_diagram,
    head_routing_cells,
    head_sites,
    routing_cells_are_power_cells,
)
from polyexact.models.load import (
    MODEL_FORMAT,
    load_model,
    model_from_data,
    model_to_data,
    write_model,
)
from polyexact.models.model import FFN, Domain, Head, Layer, LayerPattern, Model, Pattern
from polyexact.models.softmax import (
    SoftResult,
    log_sum_exp,
    log_sum_exp_hessian,
    soft_forward,
    soft_head_output,
    softmax,
)

__all__ = [
    "FFN",
    "MODEL_FORMAT",
    "Domain",
    "Head",
    "Layer",
    "LayerPattern",
    "Model",
    "Pattern",
    "SoftResult",
    "box_domain",
    "check_domain",
    "construction",
    "construction_width",
    "full_dim_routing_cells",
    "head_power_diagram",
    "head_routing_cells",
    "head_sites",
    "load_model",
    "log_sum_exp",
    "log_sum_exp_hessian",
    "max_head_model",
    "model_from_data",
    "model_to_data",
    "polytope_domain",
    "random_model",
    "routing_cells_are_power_cells",
    "soft_forward",
    "soft_head_output",
    "softmax",
    "whole_space",
    "write_model",
]
