"""Exact forward pass of a :class:`~polyexact.networks.Network`: output and pattern.

The pattern has one entry per leaf block, depth first through residual bodies: the key each head
routes to (ties → lowest index) for an attention block, the active bit of each neuron
(pre-activation > 0) for a ReLU, leaky ReLU or FFN block, and ``()`` for an affine block — the
counting rules of docs/theory.md §5.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from polyexact.errors import ShapeError
from polyexact.models.forward import route
from polyexact.models.model import FFN
from polyexact.networks.blocks import Affine, Attention, Block, LeakyReLU, Network, ReLU
from polyexact.numbers import Vector, VectorLike, dot, mat_vec, vector_from_data

__all__ = ["NetworkPattern", "NetworkResult", "block_outputs", "forward_network"]

#: One tuple per leaf block: head keys (attention) or active bits (neurons); ``()`` for affine.
NetworkPattern = tuple[tuple[int, ...], ...]


@dataclass(frozen=True)
class NetworkResult:
    """The exact output and the pattern of a network at one input point.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.models import whole_space
    >>> from polyexact.networks import Affine, ReLU, forward_network, network_from_blocks
    >>> net = network_from_blocks(1, [Affine(((F(1),), (F(-1),)), (F(0), F(0))), ReLU(2)],
    ...                           whole_space())
    >>> r = forward_network(net, (F(3),))
    >>> r.output, r.pattern
    ((Fraction(3, 1), Fraction(0, 1)), ((), (True, False)))
    """

    output: Vector
    pattern: NetworkPattern


def forward_network(net: Network, x: VectorLike) -> NetworkResult:
    """Exact forward pass: the output and the pattern at ``x``.

    The coordinates are converted exactly first (floats as their dyadic value, with a warning;
    strings, integers, numpy arrays), so the output is exact Fractions, never floats.

    Raises
    ------
    ShapeError
        If ``x`` does not have ``net.in_dim`` coordinates.

    See Also
    --------
    block_outputs, polyexact.models.forward.forward

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.models import whole_space
    >>> from polyexact.networks import LeakyReLU, forward_network, network_from_blocks
    >>> net = network_from_blocks(2, [LeakyReLU(2, F(1, 10))], whole_space())
    >>> forward_network(net, (F(5), F(-5))).output
    (Fraction(5, 1), Fraction(-1, 2))
    >>> forward_network(net, (2.0, "-1/3")).output
    (Fraction(2, 1), Fraction(-1, 30))
    """
    pattern: list[tuple[int, ...]] = []
    state = _run(net.blocks, _point(net, x), pattern)
    return NetworkResult(state, tuple(pattern))


def block_outputs(net: Network, x: VectorLike) -> list[Vector]:
    """The exact hidden state after each top-level block (the last one is the output).

    Used to name the first block where an imported network and its source framework disagree.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.models import whole_space
    >>> from polyexact.networks import Affine, ReLU, block_outputs, network_from_blocks
    >>> net = network_from_blocks(1, [Affine(((F(-2),),), (F(1),)), ReLU(1)], whole_space())
    >>> block_outputs(net, (F(1),))
    [(Fraction(-1, 1),), (Fraction(0, 1),)]
    """
    state: Vector = _point(net, x)
    out: list[Vector] = []
    for block in net.blocks:
        state = _run((block,), state, [])
        out.append(state)
    return out


def _point(net: Network, x: VectorLike) -> Vector:
    """``x`` as exact coordinates (converted exactly), checking their number."""
    point = vector_from_data(x, "point")
    if len(point) != net.in_dim:
        raise ShapeError(f"expected {net.in_dim} coordinates, found {len(point)}", field="point")
    return point


def _run(blocks: Sequence[Block], state: Vector, pattern: list[tuple[int, ...]]) -> Vector:
    for block in blocks:
        if isinstance(block, Affine):
            state = tuple(v + c for v, c in zip(mat_vec(block.W, state), block.b, strict=True))
            pattern.append(())
        elif isinstance(block, ReLU):
            # active iff > 0; exactly 0 is inactive (docs/theory.md §5, rule 2)
            pattern.append(tuple(v > 0 for v in state))
            state = tuple(v if v > 0 else Fraction(0) for v in state)
        elif isinstance(block, LeakyReLU):
            pattern.append(tuple(v > 0 for v in state))
            state = tuple(v if v > 0 else block.slope * v for v in state)
        elif isinstance(block, Attention):
            keys = tuple(route(head, state) for head in block.heads)
            pattern.append(keys)
            state = _attend(block, keys, state)
        elif isinstance(block, FFN):
            pre = [dot(w, state) + c for w, c in zip(block.W1, block.b1, strict=True)]
            active = tuple(p > 0 for p in pre)
            pattern.append(active)
            hidden = [p if a else Fraction(0) for p, a in zip(pre, active, strict=True)]
            z = tuple(v + c for v, c in zip(mat_vec(block.W2, hidden), block.b2, strict=True))
            state = tuple(s + v for s, v in zip(state, z, strict=True)) if block.residual else z
        else:
            body = _run(block.body, state, pattern)
            state = tuple(s + v for s, v in zip(state, body, strict=True))
    return state


def _attend(block: Attention, keys: Sequence[int], state: Vector) -> Vector:
    concat: list[Fraction] = []
    for head, j in zip(block.heads, keys, strict=True):
        concat.extend(head.values[j])
    shift = mat_vec(block.W_O, concat) if concat else (Fraction(0),) * len(block.W_O)
    if block.residual:
        return tuple(s + v for s, v in zip(state, shift, strict=True))
    return shift
