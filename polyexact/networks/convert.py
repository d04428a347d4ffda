"""A ``polyexact.model/1`` transformer as a block network and back, its pattern as a v1 pattern."""

from __future__ import annotations

from dataclasses import replace

from polyexact.errors import ShapeError
from polyexact.models.model import FFN, Layer, LayerPattern, Model, Pattern
from polyexact.networks.blocks import (
    Attention,
    Block,
    Network,
    block_out_width,
    network_from_blocks,
)
from polyexact.networks.forward import NetworkPattern

__all__ = ["layer_pattern_of", "model_from_network", "network_from_model"]


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


def model_from_network(net: Network) -> Model:
    """Return the ``polyexact.model/1`` transformer of a network, when it is one.

    A network is a version-1 transformer when its input width is kept by every block and its
    blocks are attention blocks, each optionally followed by one FFN block (one layer each); the
    certificate writer and the independent verifier then apply to it. The inverse of
    :func:`network_from_model`.

    Raises
    ------
    ShapeError
        Naming the first block (``blocks[i]``) that no version-1 layer can hold.

    Examples
    --------
    >>> from polyexact.models import construction
    >>> from polyexact.networks import model_from_network, network_from_model, random_mlp
    >>> model = construction(2, 2, 4, 2)
    >>> model_from_network(network_from_model(model)) == model
    True
    >>> model_from_network(random_mlp([2, 3, 1], seed=0))
    Traceback (most recent call last):
    ...
    polyexact.errors.ShapeError: blocks[0]: expected an attention block (a version-1 layer), ...
    """
    layers: list[Layer] = []
    for i, block in enumerate(net.blocks):
        if isinstance(block, FFN) and layers and layers[-1].ffn is None:
            layers[-1] = replace(layers[-1], ffn=block)
        elif isinstance(block, Attention):
            layers.append(Layer(block.heads, block.W_O, block.residual))
        else:
            raise ShapeError(f"expected an attention block (a version-1 layer), found "
                             f"{type(block).__name__}", field=f"blocks[{i}]")
        if block_out_width(block, net.in_dim) != net.in_dim:
            raise ShapeError(f"expected width {net.in_dim} kept (version 1 has one width), found "
                             f"{block_out_width(block, net.in_dim)}", field=f"blocks[{i}]")
    if not layers:
        raise ShapeError("expected at least one attention block", field="blocks")
    return Model(net.in_dim, tuple(layers), net.domain, name=net.name)
