"""A ``polyexact.model/1`` transformer as a block network, and its pattern as a v1 pattern."""

from __future__ import annotations

from polyexact.models.model import LayerPattern, Model, Pattern
from polyexact.networks.blocks import Attention, Block, Network, network_from_blocks
from polyexact.networks.forward import NetworkPattern

__all__ = ["layer_pattern_of", "network_from_model"]


def network_from_model(model: Model) -> Network:
    """Return the block network of a v1 transformer: per layer an attention block, then its FFN.

    The network has the model's width, domain and name; its forward pass equals
    :func:`polyexact.models.forward.forward` with the pattern regrouped by
    :func:`layer_pattern_of`.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.models import construction
    >>> from polyexact.models.forward import forward
    >>> from polyexact.networks import forward_network, layer_pattern_of, network_from_model
    >>> model = construction(1, 2, 2, 1)
    >>> net = network_from_model(model)
    >>> [type(b).__name__ for b in net.blocks]
    ['Attention', 'FFN']
    >>> r = forward_network(net, (F(1, 4),))
    >>> r.output == forward(model, (F(1, 4),)).output
    True
    >>> layer_pattern_of(model, r.pattern) == forward(model, (F(1, 4),)).pattern
    True
    """
    blocks: list[Block] = []
    for layer in model.layers:
        blocks.append(Attention(layer.heads, layer.W_O, layer.residual))
        if layer.ffn is not None:
            blocks.append(layer.ffn)
    return network_from_blocks(model.d_model, blocks, model.domain, name=model.name)


def layer_pattern_of(model: Model, pattern: NetworkPattern) -> Pattern:
    """Regroup the pattern of :func:`network_from_model`'s network into one entry per layer.

    Examples
    --------
    >>> from polyexact.models import LayerPattern, construction
    >>> layer_pattern_of(construction(1, 2, 2, 1), ((1,), (True, True)))
    (LayerPattern(keys=(1,), active=(True, True)),)
    """
    out: list[LayerPattern] = []
    entries = iter(pattern)
    for layer in model.layers:
        keys = tuple(next(entries))
        active = tuple(bool(a) for a in next(entries)) if layer.ffn is not None else ()
        out.append(LayerPattern(keys, active))
    return tuple(out)
