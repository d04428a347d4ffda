"""The stages of a transformer :class:`~polyexact.models.Model`: what each one does to a piece.

Layer after layer: every head's routing splits (``route``), the attention map is applied
(``attention``), then every FFN neuron splits (``neuron``) and the FFN map is applied (``ffn``).
Block networks have their own stages (:mod:`polyexact.cells.network_cells`); the stage engine
(:mod:`polyexact.cells.engine`) runs either.
"""

from __future__ import annotations

from polyexact.cells.piece import HyperplaneKey, Piece
from polyexact.cells.split import split_neuron, split_route
from polyexact.models import Model
from polyexact.models.forward import attention_map, ffn_map
from polyexact.numbers import AffineMap
from polyexact.polyhedra.incremental.double_description import int_row as dd_row

__all__ = ["model_split", "model_stages", "model_transform"]

_Stage = tuple[str, int, int]


def model_stages(model: Model) -> list[_Stage]:
    """The stages of ``model``: splits (``route``, ``neuron``) and maps, in order.

    Examples
    --------
    >>> from polyexact.cells.model_stages import model_stages
    >>> from polyexact.models import construction
    >>> model_stages(construction(1, 2, 2, 1))
    [('route', 0, 0), ('attention', 0, -1), ('neuron', 0, 0), ('neuron', 0, 1), ('ffn', 0, -1)]
    """
    stages: list[_Stage] = []
    for ell, layer in enumerate(model.layers):
        stages += [("route", ell, h) for h in range(len(layer.heads))]
        stages.append(("attention", ell, -1))
        if layer.ffn is not None:
            stages += [("neuron", ell, i) for i in range(layer.ffn.d_ff)]
            stages.append(("ffn", ell, -1))
    return stages


def model_transform(model: Model, stage: _Stage, pieces: list[Piece]) -> list[Piece]:
    """Apply a layer's attention or FFN map to pieces whose pattern for it is complete.

    Examples
    --------
    >>> from polyexact.cells.engine import root
    >>> from polyexact.cells.model_stages import model_transform
    >>> from polyexact.models import construction
    >>> [p] = model_transform(construction(1, 2, 2, 1), ("attention", 0, -1),
    ...                       [root(construction(1, 2, 2, 1)).evolve(keys=(0,))])
    >>> p.to_state.b, p.done
    ((Fraction(-1, 4),), ())
    """
    kind, ell, _ = stage
    layer = model.layers[ell]
    if kind == "attention":
        out = []
        for p in pieces:
            to_y = attention_map(layer, p.keys, p.to_state)
            out.append(p.evolve(to_state=to_y) if layer.ffn is not None else
                       p.evolve(done=(*p.done, (p.keys, ())), keys=(), active=(), to_state=to_y))
        return out
    ffn = layer.ffn
    if ffn is None:  # pragma: no cover - "ffn" stages exist only for layers with an FFN
        raise ValueError("FFN stage for a layer without FFN")
    # the map depends only on the bits of neurons with a non-zero output column: pieces from
    # one routing piece (same map in, same pre-activations) that agree there share one map
    # object, computed once (and compared in O(1) when regions are merged)
    used = [i for i in range(ffn.d_ff) if any(row[i] for row in ffn.W2)]
    memo: dict[tuple[int, int, tuple[bool, ...]], AffineMap] = {}
    out = []
    for p in pieces:
        key = (id(p.to_state), id(p.pre), tuple(p.active[i] for i in used))
        to_next = memo.get(key)
        if to_next is None:
            to_next = memo[key] = ffn_map(ffn, p.active, p.to_state, pre=p.pre)
        out.append(p.evolve(done=(*p.done, (p.keys, p.active)), keys=(), active=(),
                            to_state=to_next, pre=None, pre_rows=None))
    return out


def model_split(model: Model, stage: _Stage, p: Piece
                ) -> tuple[list[Piece], list[tuple[int, int, HyperplaneKey]]]:
    """Split a piece by one head's routing or one FFN neuron's sign; with the children's
    facet adjacencies as ``(child, child, hyperplane)``.

    Examples
    --------
    >>> from polyexact.cells.engine import root
    >>> from polyexact.cells.model_stages import model_split
    >>> from polyexact.models import construction
    >>> kids, adjacency = model_split(construction(1, 2, 2, 1), ("route", 0, 0),
    ...                               root(construction(1, 2, 2, 1)))
    >>> [k.keys for k in kids], [(a, b) for a, b, _ in adjacency]
    ([(0,), (1,)], [(0, 1)])
    """
    kind, ell, index = stage
    layer = model.layers[ell]
    if kind == "route":
        return split_route(p, layer.heads[index], ell, index)
    if layer.ffn is None:  # pragma: no cover - neuron stages exist only for layers with an FFN
        raise ValueError("neuron stage for a layer without FFN")
    if p.pre is None:
        pre = tuple(p.to_state.pull_back(w1, c1)
                    for w1, c1 in zip(layer.ffn.W1, layer.ffn.b1, strict=True))
        rows = tuple((dd_row(w1, -c1), tuple(-x for x in w1)) if any(w1) else ((), w1)
                     for w1, c1 in pre)
        p = p.evolve(pre=pre, pre_rows=rows)
    assert p.pre is not None and p.pre_rows is not None
    w, c = p.pre[index]
    kids = split_neuron(p, w, c, ell, index, cut=p.pre_rows[index])
    if len(kids) < 2:
        return kids, []
    # one hyperplane cutting a convex piece into two full-dimensional sides: always a facet
    return kids, [(0, 1, p.geometry.cut_key(kids, w, c))]
