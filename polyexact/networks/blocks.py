"""A piecewise-linear network as a sequence of blocks, each with its own input and output width.

Blocks: :class:`Affine` (``x ↦ W x + b``), :class:`ReLU`, :class:`LeakyReLU` (a rational slope
below zero), :class:`Attention` (the conditioned hard-argmax heads, ``W_O`` and the residual of
docs/theory.md §1), :class:`~polyexact.models.FFN` (the ReLU feed-forward block) and
:class:`Residual` (a skip connection around a sub-sequence: ``x ↦ x + body(x)``). Every ReLU or
leaky ReLU neuron, every FFN neuron and every head is part of the pattern.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property

from polyexact.errors import ShapeError
from polyexact.models.model import FFN, Domain, Head
from polyexact.numbers import Matrix, Vector

__all__ = [
    "Affine",
    "Attention",
    "Block",
    "LeakyReLU",
    "Network",
    "ReLU",
    "Residual",
    "block_in_width",
    "block_out_width",
    "network_from_blocks",
]


@dataclass(frozen=True)
class Affine:
    """The affine block ``x ↦ W x + b``; ``W`` is out × in.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.networks import Affine, block_in_width, block_out_width
    >>> a = Affine(W=((F(1), F(2)),), b=(F(0),))
    >>> block_in_width(a), block_out_width(a)
    (2, 1)
    """

    W: Matrix
    b: Vector


@dataclass(frozen=True)
class ReLU:
    """``x ↦ max(x, 0)`` coordinate-wise on ``width`` neurons; active iff the input is > 0.

    Examples
    --------
    >>> from polyexact.networks import ReLU, block_out_width
    >>> block_out_width(ReLU(3))
    3
    """

    width: int


@dataclass(frozen=True)
class LeakyReLU:
    """``x ↦ x`` where ``x > 0`` (active), else ``slope · x``, on ``width`` neurons.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.networks import LeakyReLU
    >>> LeakyReLU(2, F(1, 100)).slope
    Fraction(1, 100)
    """

    width: int
    slope: Fraction


@dataclass(frozen=True)
class Attention:
    """Conditioned hard-argmax attention: heads, output projection ``W_O``, residual switch.

    Maps ``x`` to ``[x +] W_O · concat_h(v_{j_h})`` where head ``h`` routes to the lowest index
    of maximal score (docs/theory.md §1, §5). The input width is the heads' query width (``W_Q``
    columns); the output width is the rows of ``W_O``.

    Examples
    --------
    >>> from polyexact.models import construction
    >>> from polyexact.networks import Attention, block_out_width
    >>> layer = construction(1, 2, 2, 1).layers[0]
    >>> block_out_width(Attention(layer.heads, layer.W_O, layer.residual))
    1
    """

    heads: tuple[Head, ...]
    W_O: Matrix
    residual: bool = True


@dataclass(frozen=True)
class Residual:
    """A skip connection: ``x ↦ x + body(x)``, the body a block sequence of equal in/out width.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.networks import Affine, ReLU, Residual, block_out_width
    >>> skip = Residual((Affine(((F(1),),), (F(0),)), ReLU(1)))
    >>> block_out_width(skip)
    1
    """

    body: tuple[Block, ...]


Block = Affine | ReLU | LeakyReLU | Attention | FFN | Residual


@dataclass(frozen=True)
class Network:
    """A piecewise-linear network: input width, blocks, input domain and a display name.

    Built by :func:`network_from_blocks`, which checks that the widths chain.

    Attributes
    ----------
    in_dim : int
        The input width d.
    blocks : tuple of Block
        Applied in order.
    domain : Domain
        The input domain.
    name : str
        A display name.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.models import whole_space
    >>> from polyexact.networks import Affine, ReLU, network_from_blocks
    >>> net = network_from_blocks(2, [Affine(((F(1), F(-1)),), (F(0),)), ReLU(1)], whole_space())
    >>> net.in_dim, net.out_dim, len(net.blocks)
    (2, 1, 2)
    """

    in_dim: int
    blocks: tuple[Block, ...]
    domain: Domain
    name: str = ""

    @cached_property
    def leaves(self) -> tuple[Block, ...]:
        """The leaf blocks (residual bodies opened), depth first: one pattern entry each."""
        out: list[Block] = []

        def walk(blocks: tuple[Block, ...]) -> None:
            for block in blocks:
                if isinstance(block, Residual):
                    walk(block.body)
                else:
                    out.append(block)

        walk(self.blocks)
        return tuple(out)

    @property
    def out_dim(self) -> int:
        """The output width."""
        width = self.in_dim
        for block in self.blocks:
            width = block_out_width(block, width)
        return width


def block_in_width(block: Block) -> int | None:
    """The input width a block requires (``None`` for a residual, which takes its body's).

    Examples
    --------
    >>> from polyexact.networks import ReLU, block_in_width
    >>> block_in_width(ReLU(4))
    4
    """
    if isinstance(block, Affine):
        return len(block.W[0]) if block.W else 0
    if isinstance(block, (ReLU, LeakyReLU)):
        return block.width
    if isinstance(block, Attention):
        return len(block.heads[0].W_Q[0]) if block.heads else len(block.W_O)
    if isinstance(block, FFN):
        return len(block.W1[0])
    return block_in_width(block.body[0]) if block.body else None


def block_out_width(block: Block, in_width: int | None = None) -> int:
    """The output width of a block (``in_width`` is needed only for an empty residual body).

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.networks import Affine, block_out_width
    >>> block_out_width(Affine(((F(1),), (F(2),), (F(3),)), (F(0),) * 3))
    3
    """
    if isinstance(block, Affine):
        return len(block.W)
    if isinstance(block, (ReLU, LeakyReLU)):
        return block.width
    if isinstance(block, Attention):
        return len(block.W_O)
    if isinstance(block, FFN):
        return len(block.W2)
    width = in_width
    for inner in block.body:
        width = block_out_width(inner, width)
    if width is None:
        raise ShapeError("an empty residual body has no width", field="blocks")
    return width


def network_from_blocks(in_dim: int, blocks: Sequence[Block], domain: Domain, *,
                        name: str = "") -> Network:
    """Return a :class:`Network`, checking that every block's input width is the width before it.

    Raises
    ------
    ShapeError
        Naming the first block (``blocks[i]``, ``blocks[i].body[k]``) whose width does not fit,
        a residual whose body changes the width, or an attention block whose heads or ``W_O``
        do not fit.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.models import whole_space
    >>> from polyexact.networks import Affine, ReLU, network_from_blocks
    >>> network_from_blocks(2, [Affine(((F(1), F(-1)),), (F(0),)), ReLU(2)], whole_space())
    Traceback (most recent call last):
    ...
    polyexact.errors.ShapeError: blocks[1]: expected input width 1, found 2
    """
    if in_dim < 1:
        raise ShapeError(f"expected a positive integer, found {in_dim}", field="input_dim")
    _check_chain(in_dim, blocks, "blocks")
    return Network(in_dim, tuple(blocks), domain, name=name)


def _check_chain(width: int, blocks: Sequence[Block], field: str) -> int:
    for i, block in enumerate(blocks):
        where = f"{field}[{i}]"
        if isinstance(block, Residual):
            out = _check_chain(width, block.body, f"{where}.body")
            if out != width:
                raise ShapeError(f"expected the body to keep width {width}, found {out}",
                                 field=where)
            continue
        need = block_in_width(block)
        if need != width:
            raise ShapeError(f"expected input width {width}, found {need}", field=where)
        _check_block(block, width, where)
        width = block_out_width(block, width)
    return width


def _check_block(block: Block, width: int, where: str) -> None:
    if isinstance(block, Affine) and (len(block.b) != len(block.W) or not block.W):
        raise ShapeError(f"expected {len(block.W)} >= 1 bias entries, found {len(block.b)}",
                         field=f"{where}.b")
    if isinstance(block, Attention):
        for h, head in enumerate(block.heads):
            if len(head.W_Q[0]) != width:
                raise ShapeError(f"expected query width {width}", field=f"{where}.heads[{h}]")
        concat = sum(head.d_v for head in block.heads)
        if any(len(row) != concat for row in block.W_O):
            raise ShapeError(f"expected rows of Σ d_v = {concat} entries", field=f"{where}.W_O")
        if block.residual and len(block.W_O) != width:
            raise ShapeError(f"expected {width} rows (the residual adds the input)",
                             field=f"{where}.W_O")
    if isinstance(block, FFN) and block.residual and len(block.W2) != width:
        raise ShapeError(f"expected {width} rows (the residual adds the input)",
                         field=f"{where}.W2")
