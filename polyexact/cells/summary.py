"""What a count is about: model variant switches and region definitions (docs/theory.md §5)."""

from __future__ import annotations

from typing import Any

from polyexact.conventions import RegionKind
from polyexact.models import Model

__all__ = ["REGION_DEFINITIONS", "model_variant"]

#: The region definitions every count states (docs/theory.md §5).
REGION_DEFINITIONS: dict[str, str] = {
    RegionKind.PATTERN_CELL.value: (
        "full-dimensional set where every head's routing (lowest index wins ties) and every "
        "ReLU's sign (active iff pre-activation > 0) are constant, within the domain"
    ),
    RegionKind.LINEAR_REGION.value: (
        "connected component of pattern cells joined across shared (d-1)-dimensional facets "
        "when their exact affine maps are identical"
    ),
}


def model_variant(model: Model) -> dict[str, Any]:
    """Return the switches that change the answers (docs/theory.md §1, §7.1–7.2), as JSON data.

    Examples
    --------
    >>> from polyexact.models.builders import construction
    >>> v = model_variant(construction(2, 4, 4, 1))
    >>> v["query_bias"], v["logit_bias"], v["residual"], v["d_ff"], v["d_k"], v["n_keys"]
    (True, False, [True], [4], [[2, 2]], [[4, 4]])
    """
    heads = [h for layer in model.layers for h in layer.heads]
    return {
        "name": model.name,
        "d_model": model.d_model,
        "n_layers": model.n_layers,
        "heads": [len(layer.heads) for layer in model.layers],
        "n_keys": [[h.n_keys for h in layer.heads] for layer in model.layers],
        "d_k": [[h.d_k for h in layer.heads] for layer in model.layers],
        "query_bias": any(h.has_query_bias for h in heads),
        "logit_bias": any(h.has_logit_bias for h in heads),
        "residual": [layer.residual for layer in model.layers],
        "ffn": [layer.ffn is not None for layer in model.layers],
        "d_ff": [layer.ffn.d_ff if layer.ffn is not None else 0 for layer in model.layers],
        "ffn_residual": [layer.ffn is not None and layer.ffn.residual for layer in model.layers],
    }
