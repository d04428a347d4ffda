"""A cheap upper bound on the number of pattern cells, checked before enumerating."""

from __future__ import annotations

from math import comb, prod

from polyexact.models import FFN, Model
from polyexact.networks import Attention, LeakyReLU, Network, ReLU

__all__ = ["cell_count_bound"]


def cell_count_bound(model: Model | Network) -> int:
    """Return an upper bound on the number of pattern cells, cheap to compute.

    Per layer, a cell is cut by at most ``Σ_h C(N_h, 2)`` routing hyperplanes and then, in each
    routing piece, by ``d_ff`` neuron hyperplanes; an arrangement of n hyperplanes in R^d has at
    most ``Σ_{k<=d} C(n, k)`` regions (Zaslavsky). The routing pieces of one cell are also at
    most ``Π_h N_h``: each key tuple's set is an intersection of convex sets, so one piece.

    Examples
    --------
    >>> from polyexact.models import FFN, Domain, Layer, Model
    >>> from fractions import Fraction as F
    >>> relu = Layer(heads=(), W_O=((),), ffn=FFN(W1=((F(1),),) * 3, b1=(F(0),) * 3,
    ...                                           W2=((F(0),) * 3,), b2=(F(0),)))
    >>> cell_count_bound(Model(1, (relu, relu), Domain("all", (), ())))
    16

    A block network is bounded leaf by leaf the same way: each attention block as a layer's
    heads, each ReLU, leaky ReLU or FFN block by its neurons (an MLP 2-3-1 in R^2 has at most
    1 + 3 + 3 = 7 cells).

    >>> from polyexact.networks import random_mlp
    >>> cell_count_bound(random_mlp([2, 3, 1], seed=0))
    7
    """
    if isinstance(model, Network):
        return _network_bound(model)
    d = model.d_model

    def regions(n: int) -> int:
        return sum(comb(n, k) for k in range(d + 1))

    bound = 1
    for layer in model.layers:
        walls = sum(comb(h.n_keys, 2) for h in layer.heads)
        tuples = prod(h.n_keys for h in layer.heads)
        neurons = layer.ffn.d_ff if layer.ffn is not None else 0
        bound *= min(regions(walls), tuples) * regions(neurons)
    return bound


def _network_bound(net: Network) -> int:
    d = net.in_dim
    bound = 1
    for block in net.leaves:
        if isinstance(block, Attention):
            walls = sum(comb(h.n_keys, 2) for h in block.heads)
            tuples = prod(h.n_keys for h in block.heads)
            bound *= min(sum(comb(walls, k) for k in range(d + 1)), tuples)
        elif isinstance(block, (ReLU, LeakyReLU, FFN)):
            n = block.d_ff if isinstance(block, FFN) else block.width
            bound *= sum(comb(n, k) for k in range(d + 1))
    return bound
