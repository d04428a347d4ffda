"""The stage-by-stage enumeration over the blocks of a :class:`~polyexact.networks.Network`.

A piece carries the exact affine map from the input to the current hidden state, of any width.
Affine blocks compose the map; ReLU and leaky ReLU blocks split by each neuron's sign (active
iff > 0); attention blocks split by each head's routing (ties → lowest index); FFN blocks by
each neuron, then apply their map; a residual connection saves the map at its input and adds it
back at its end. Stage kinds: ``route`` and ``neuron`` split, every other kind maps.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property
from math import lcm

from polyexact.cells.piece import HyperplaneKey, Piece
from polyexact.cells.split import split_neuron, split_route
from polyexact.certificates.cell import Cell
from polyexact.certificates.complex import Adjacency
from polyexact.models.forward import ffn_map
from polyexact.models.model import FFN, LayerPattern
from polyexact.networks import (
    Affine,
    Attention,
    Block,
    LeakyReLU,
    Network,
    NetworkPattern,
    ReLU,
    Residual,
)
from polyexact.numbers import AffineMap, mat_vec

__all__ = ["NetworkComplex", "compose_affine", "network_leaves", "network_split", "network_stages",
           "network_transform"]

_Stage = tuple[str, int, int]
_ZERO = Fraction(0)


@dataclass(frozen=True)
class NetworkComplex:
    """All pattern cells of a block network over its domain, with adjacency and regions.

    ``cells[i].pattern`` has one :class:`~polyexact.models.LayerPattern` per leaf block (keys of
    an attention block, active bits of a ReLU, leaky ReLU or FFN block, empty for an affine
    block); :attr:`patterns` gives them in :func:`~polyexact.networks.forward_network`'s form.
    Walls name the leaf block as their ``layer``.

    Examples
    --------
    >>> from polyexact.cells import enumerate_cells
    >>> from polyexact.networks import mlp_network
    >>> cx = enumerate_cells(mlp_network([[[1], [-1]], [[1, 1]]], [[0, 0], [0]]))
    >>> cx.n_cells, cx.n_regions, cx.patterns
    (2, 2, (((), (False, True), ()), ((), (True, False), ())))
    """

    network: Network
    cells: tuple[Cell, ...]
    adjacency: tuple[Adjacency, ...]
    region_of: tuple[int, ...]

    @property
    def model(self) -> Network:
        """The network (under the name a :class:`~polyexact.cells.CellComplex` uses)."""
        return self.network

    @property
    def n_cells(self) -> int:
        """Number of full-dimensional pattern cells."""
        return len(self.cells)

    @property
    def n_regions(self) -> int:
        """Number of maximal linear regions."""
        return len(set(self.region_of))

    @cached_property
    def patterns(self) -> tuple[NetworkPattern, ...]:
        """Each cell's pattern as :func:`~polyexact.networks.forward_network` reports it."""
        return tuple(tuple(_entry(lp) for lp in cell.pattern) for cell in self.cells)


def _entry(lp: LayerPattern) -> tuple[int, ...]:
    return lp.keys if lp.keys else lp.active


def network_leaves(net: Network) -> tuple[Block, ...]:
    """The leaf blocks (not residual connections), depth first: the pattern's entries.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.cells.network_cells import network_leaves
    >>> from polyexact.models import whole_space
    >>> from polyexact.networks import Affine, ReLU, Residual, network_from_blocks
    >>> net = network_from_blocks(1, [Residual((Affine(((F(1),),), (F(0),)), ReLU(1))),
    ...                               ReLU(1)], whole_space())
    >>> [type(b).__name__ for b in network_leaves(net)]
    ['Affine', 'ReLU', 'ReLU']
    """
    return net.leaves


def network_stages(net: Network) -> list[_Stage]:
    """The stages of a network: splits (``route``, ``neuron``) and maps, in order.

    Examples
    --------
    >>> from polyexact.cells.network_cells import network_stages
    >>> from polyexact.networks import mlp_network
    >>> network_stages(mlp_network([[[1], [2]], [[1, 1]]], [[0, 0], [0]]))
    [('affine', 0, -1), ('neuron', 1, 0), ('neuron', 1, 1), ('relu', 1, -1), ('affine', 2, -1)]
    """
    stages: list[_Stage] = []
    ell = 0

    def walk(blocks: tuple[Block, ...]) -> None:
        nonlocal ell
        for block in blocks:
            if isinstance(block, Residual):
                stages.append(("push", -1, -1))
                walk(block.body)
                stages.append(("pop", -1, -1))
                continue
            if isinstance(block, Affine):
                stages.append(("affine", ell, -1))
            elif isinstance(block, (ReLU, LeakyReLU)):
                stages.extend(("neuron", ell, i) for i in range(block.width))
                stages.append(("relu", ell, -1))
            elif isinstance(block, Attention):
                stages.extend(("route", ell, h) for h in range(len(block.heads)))
                stages.append(("attention", ell, -1))
            else:
                stages.extend(("neuron", ell, i) for i in range(block.d_ff))
                stages.append(("ffn", ell, -1))
            ell += 1

    walk(net.blocks)
    return stages


def network_transform(leaves: tuple[Block, ...], stage: _Stage,
                      pieces: list[Piece]) -> list[Piece]:
    """Apply a map stage to every piece (their splits for the block are complete).

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.cells.network_cells import network_transform
    >>> from polyexact.cells.geometry_dd import space
    >>> from polyexact.networks import Affine
    >>> [p] = network_transform((Affine(((F(2),),), (F(1),)),), ("affine", 0, -1),
    ...                         [space(1)])
    >>> p.to_state, p.done
    (AffineMap(A=((Fraction(2, 1),),), b=(Fraction(1, 1),)), (((), ()),))
    """
    kind, ell, _ = stage
    if kind == "push":
        return [p.evolve(saved=(*p.saved, p.to_state)) for p in pieces]
    if kind == "pop":
        return [p.evolve(to_state=_add(p.to_state, p.saved[-1]), saved=p.saved[:-1])
                for p in pieces]
    block = leaves[ell]
    out: list[Piece] = []
    scaled = _integer_rows(block.W) if isinstance(block, Affine) else None
    for p in pieces:
        entry: tuple[tuple[int, ...], tuple[bool, ...]]
        if isinstance(block, Affine):
            assert scaled is not None
            to_next = compose_affine(scaled, block.b, p.to_state)
            entry = ((), ())
        elif isinstance(block, (ReLU, LeakyReLU)):
            slope = block.slope if isinstance(block, LeakyReLU) else _ZERO
            to_next = _rectify(p.to_state, p.active, slope)
            entry = ((), p.active)
        elif isinstance(block, Attention):
            to_next = _attend(block, p.keys, p.to_state)
            entry = (p.keys, ())
        else:
            assert isinstance(block, FFN)
            to_next = ffn_map(block, p.active, p.to_state)
            entry = ((), p.active)
        out.append(p.evolve(done=(*p.done, entry), keys=(), active=(), to_state=to_next,
                            pre=None, pre_rows=None))
    return out


def network_split(leaves: tuple[Block, ...], stage: _Stage, p: Piece
                  ) -> tuple[list[Piece], list[tuple[int, int, HyperplaneKey]]]:
    """Split a piece by one head's routing or one neuron's sign (see the module docstring).

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.cells.network_cells import network_split
    >>> from polyexact.cells.geometry_dd import space
    >>> from polyexact.networks import ReLU
    >>> kids, adjacency = network_split((ReLU(1),), ("neuron", 0, 0), space(1))
    >>> [k.active for k in kids], [(a, b) for a, b, _ in adjacency]
    ([(False,), (True,)], [(0, 1)])
    """
    kind, ell, index = stage
    block = leaves[ell]
    if kind == "route":
        assert isinstance(block, Attention)
        return split_route(p, block.heads[index], ell, index)
    if isinstance(block, FFN):
        w, c = p.to_state.pull_back(block.W1[index], block.b1[index])
    else:
        w, c = p.to_state.A[index], p.to_state.b[index]
    kids = split_neuron(p, w, c, ell, index)
    if len(kids) < 2:
        return kids, []
    # one hyperplane cutting a convex piece into two full-dimensional sides: always a facet
    return kids, [(0, 1, p.geometry.cut_key(kids, w, c))]


def _integer_rows(W: tuple[tuple[Fraction, ...], ...]) -> tuple[tuple[tuple[int, ...], ...], int]:
    """``W`` as integer rows over one common denominator."""
    den = lcm(*(x.denominator for row in W for x in row)) if W and W[0] else 1
    return tuple(tuple(int(x * den) for x in row) for row in W), den


def compose_affine(scaled: tuple[tuple[tuple[int, ...], ...], int], c: tuple[Fraction, ...],
                   f: AffineMap) -> AffineMap:
    """``x ↦ W f(x) + c`` with ``W`` given as integer rows over one denominator.

    Equal to ``f.then(AffineMap(W, c))``; each column of ``f`` is brought to one denominator
    first, so every entry costs integer products and a single reduction.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.cells.network_cells import _integer_rows, compose_affine
    >>> from polyexact.numbers import AffineMap
    >>> f = AffineMap(((F(1, 2), F(1)), (F(0), F(1, 3))), (F(1), F(-1, 6)))
    >>> W = ((F(2), F(3, 4)),)
    >>> compose_affine(_integer_rows(W), (F(1),), f) == f.then(AffineMap(W, (F(1),)))
    True
    """
    rows, den = scaled
    columns = [*zip(*f.A, strict=True), f.b] if f.A and f.A[0] else [f.b]
    out_cols: list[list[Fraction]] = []
    for col in columns:
        d = lcm(*(x.denominator for x in col))
        ints = [x.numerator * (d // x.denominator) for x in col]
        out_cols.append([Fraction(sum(w * v for w, v in zip(row, ints, strict=True)), den * d)
                         for row in rows])
    *a_cols, b_col = out_cols
    A = tuple(tuple(col[i] for col in a_cols) for i in range(len(rows)))
    return AffineMap(A, tuple(v + ci for v, ci in zip(b_col, c, strict=True)))


def _add(f: AffineMap, g: AffineMap) -> AffineMap:
    return AffineMap(tuple(tuple(x + y for x, y in zip(r, s, strict=True))
                           for r, s in zip(f.A, g.A, strict=True)),
                     tuple(x + y for x, y in zip(f.b, g.b, strict=True)))


def _rectify(f: AffineMap, active: tuple[bool, ...], slope: Fraction) -> AffineMap:
    if not slope:  # a ReLU: inactive rows are zero (one shared zero row, no arithmetic)
        zero = (_ZERO,) * f.in_dim
        return AffineMap(tuple(r if on else zero for r, on in zip(f.A, active, strict=True)),
                         tuple(c if on else _ZERO for c, on in zip(f.b, active, strict=True)))
    rows = tuple(r if on else tuple(slope * x for x in r)
                 for r, on in zip(f.A, active, strict=True))
    consts = tuple(c if on else slope * c for c, on in zip(f.b, active, strict=True))
    return AffineMap(rows, consts)


def _attend(block: Attention, keys: tuple[int, ...], f: AffineMap) -> AffineMap:
    concat: list[Fraction] = []
    for head, j in zip(block.heads, keys, strict=True):
        concat.extend(head.values[j])
    shift = mat_vec(block.W_O, concat) if concat else (_ZERO,) * len(block.W_O)
    if block.residual:
        return AffineMap(f.A, tuple(c + s for c, s in zip(f.b, shift, strict=True)))
    n = f.in_dim
    return AffineMap(tuple((_ZERO,) * n for _ in shift), shift)
