"""Layer 4: model and point-set schemas, layers/heads/FFNs, hardmax and softmax(τ) forward."""

from polyexact.models.model import FFN, Domain, Head, Layer, LayerPattern, Model, Pattern

__all__ = ["FFN", "Domain", "Head", "Layer", "LayerPattern", "Model", "Pattern"]
