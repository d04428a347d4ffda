"""Layer 4: model and point-set schemas, layers/heads/FFNs, hardmax and softmax(τ) forward."""

from polyexact.models.builders import construction, construction_width, random_model
from polyexact.models.domains import box_domain, check_domain, polytope_domain, whole_space
from polyexact.models.model import FFN, Domain, Head, Layer, LayerPattern, Model, Pattern

__all__ = [
    "FFN",
    "Domain",
    "Head",
    "Layer",
    "LayerPattern",
    "Model",
    "Pattern",
    "box_domain",
    "check_domain",
    "construction",
    "construction_width",
    "polytope_domain",
    "random_model",
    "whole_space",
]
