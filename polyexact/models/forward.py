"""Exact zero-temperature forward pass and the affine maps of patterns (docs/theory.md §1, §5).

One block, input ``x_l``: each head routes to ``argmax_j ⟨a_j, x_l⟩ + β_j`` (lowest index wins
ties), ``y = [x_l +] W_O · concat(v_{j_h})``, then ``z = W2 · (mask ⊙ (W1 y + b1)) + b2`` with
``mask_i = [pre-activation_i > 0]`` and ``x_{l+1} = [y +] z``.

Everything here works on :class:`~polyexact.numbers.AffineMap` objects from the model input ``x``
to the current hidden state, so the same code serves a point (a constant map) and a cell.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from polyexact.models.model import FFN, Head, Layer, LayerPattern, Model, Pattern
from polyexact.numbers import AffineMap, Vector, VectorLike, dot, mat_vec, vector_from_data

__all__ = [
    "ForwardResult",
    "affine_map_of_pattern",
    "attention_map",
    "ffn_map",
    "ffn_preactivations",
    "forward",
    "route",
]


@dataclass(frozen=True)
class ForwardResult:
    """Output ``x_{L+1}`` and the pattern at one input point.

    Attributes
    ----------
    output : Vector
        The exact model output.
    pattern : Pattern
        The routing and activation pattern met on the way.

    See Also
    --------
    forward

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.models import construction
    >>> from polyexact.models.forward import forward
    >>> r = forward(construction(1, 2, 2, 1), (F(1, 4),))
    >>> r.output, r.pattern
    ((Fraction(1, 1),), (LayerPattern(keys=(0,), active=(True, False)),))
    """

    output: Vector
    pattern: Pattern


def route(head: Head, x: Sequence[Fraction]) -> int:
    """Return the key a head routes to at hidden state ``x``: the lowest index of maximal score.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.models import Head
    >>> one = (F(1),)
    >>> head = Head(W_Q=(one,), b_Q=(F(0),), keys=((F(1),), (F(1),), (F(-1),)),
    ...             values=(one, one, one), logit_bias=(F(0),) * 3)
    >>> route(head, (F(2),)), route(head, (F(-2),)), route(head, (F(0),))
    (0, 2, 0)
    """
    scores = [dot(a, x) + beta for a, beta in zip(head.sites, head.heights, strict=True)]
    best = max(scores)
    # lowest index among the maximal scores wins (docs/theory.md §5, rule 1)
    return scores.index(best)


def attention_map(layer: Layer, keys: Sequence[int], to_input: AffineMap) -> AffineMap:
    """Return the map ``x ↦ y`` of one layer's attention sublayer for fixed routing ``keys``.

    ``to_input`` maps the model input to this layer's input ``x_l``. With fixed values the
    attention output is the constant ``W_O · concat(v_{j_h})``; the residual adds ``x_l``.

    Parameters
    ----------
    layer : Layer
        The layer.
    keys : sequence of int
        The key chosen by each head of the layer.
    to_input : AffineMap
        The map from the model input to the layer input.

    Returns
    -------
    AffineMap
        The map from the model input to the attention sublayer's output ``y``.

    See Also
    --------
    ffn_map, affine_map_of_pattern

    Examples
    --------
    >>> from polyexact.models import construction
    >>> from polyexact.models.forward import attention_map
    >>> from polyexact.numbers import AffineMap
    >>> layer = construction(1, 2, 2, 1).layers[0]
    >>> attention_map(layer, (1,), AffineMap.identity(1))
    AffineMap(A=((Fraction(1, 1),),), b=(Fraction(-3, 4),))
    """
    concat: list[Fraction] = []
    for head, j in zip(layer.heads, keys, strict=True):
        concat.extend(head.values[j])
    d = to_input.out_dim
    shift = mat_vec(layer.W_O, concat) if concat else (Fraction(0),) * d
    n = to_input.in_dim
    if layer.residual:
        return AffineMap(to_input.A, tuple(c + s for c, s in zip(to_input.b, shift, strict=True)))
    return AffineMap(tuple((Fraction(0),) * n for _ in range(d)), shift)


def ffn_preactivations(ffn: FFN, to_y: AffineMap) -> list[tuple[Vector, Fraction]]:
    """Each neuron's pre-activation ``⟨w_i, y⟩ + b1_i`` pulled back to the model input.

    Parameters
    ----------
    ffn : FFN
        The feed-forward block.
    to_y : AffineMap
        The map from the model input to the FFN input ``y``.

    Returns
    -------
    list of (Vector, Fraction)
        One ``(a_i, c_i)`` per neuron: its pre-activation is ``⟨a_i, x⟩ + c_i``.

    See Also
    --------
    ffn_map

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.models import FFN
    >>> from polyexact.models.forward import ffn_preactivations
    >>> from polyexact.numbers import AffineMap
    >>> ffn = FFN(W1=((F(2),),), b1=(F(1),), W2=((F(1),),), b2=(F(0),))
    >>> ffn_preactivations(ffn, AffineMap(((F(1),),), (F(-1, 2),)))
    [((Fraction(2, 1),), Fraction(0, 1))]
    """
    return [to_y.pull_back(w, c) for w, c in zip(ffn.W1, ffn.b1, strict=True)]


def ffn_map(
    ffn: FFN,
    active: Sequence[bool],
    to_y: AffineMap,
    *,
    pre: Sequence[tuple[Vector, Fraction]] | None = None,
) -> AffineMap:
    """Return the map ``x ↦ x_{l+1}`` given the neurons' active bits and the map ``x ↦ y``.

    Parameters
    ----------
    ffn : FFN
        The feed-forward block.
    active : sequence of bool
        One bit per neuron; inactive neurons contribute nothing.
    to_y : AffineMap
        The map from the model input to the FFN input ``y``.
    pre : sequence of (row, constant), optional
        The neurons' pre-activations already pulled back through ``to_y``
        (:func:`ffn_preactivations`), when the caller has them: they are not recomputed.

    Returns
    -------
    AffineMap
        The exact affine map from the model input to the block output (``y + z`` with
        ``ffn.residual``, else ``z``).

    See Also
    --------
    ffn_preactivations, attention_map

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.models import FFN
    >>> from polyexact.models.forward import ffn_map
    >>> from polyexact.numbers import AffineMap
    >>> ffn = FFN(W1=((F(1),), (F(-1),)), b1=(F(0), F(0)), W2=((F(1), F(1)),), b2=(F(0),))
    >>> ffn_map(ffn, (False, True), AffineMap.identity(1))
    AffineMap(A=((Fraction(-1, 1),),), b=(Fraction(0, 1),))
    """
    n = to_y.in_dim
    d = to_y.out_dim
    if pre is None:
        pre = ffn_preactivations(ffn, to_y)
    rows: list[list[Fraction]] = [[Fraction(0)] * n for _ in range(d)]
    consts = list(ffn.b2)
    for i, (on, (a, c)) in enumerate(zip(active, pre, strict=True)):
        if not on:
            continue
        for r in range(d):
            w = ffn.W2[r][i]
            if w:
                rows[r] = [x + w * ak for x, ak in zip(rows[r], a, strict=True)]
                consts[r] += w * c
    if ffn.residual:
        rows = [[x + y for x, y in zip(row, yrow, strict=True)] for row, yrow in zip(rows, to_y.A,
                                                                                       strict=True)]
        consts = [c + yb for c, yb in zip(consts, to_y.b, strict=True)]
    return AffineMap(tuple(tuple(r) for r in rows), tuple(consts))


def affine_map_of_pattern(model: Model, pattern: Pattern) -> AffineMap:
    """Return the exact affine map ``x ↦ x_{L+1}`` that holds on the cell of ``pattern``.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.models import FFN, Domain, Layer, LayerPattern, Model
    >>> relu = Layer(heads=(), W_O=((),), residual=True,
    ...              ffn=FFN(W1=((F(1),),), b1=(F(0),), W2=((F(2),),), b2=(F(0),)))
    >>> m = Model(1, (relu,), Domain("all", (), ()))
    >>> affine_map_of_pattern(m, (LayerPattern((), (True,)),))
    AffineMap(A=((Fraction(2, 1),),), b=(Fraction(0, 1),))
    """
    current = AffineMap.identity(model.d_model)
    for layer, lp in zip(model.layers, pattern, strict=True):
        current = attention_map(layer, lp.keys, current)
        if layer.ffn is not None:
            current = ffn_map(layer.ffn, lp.active, current)
    return current


def forward(model: Model, x: VectorLike) -> ForwardResult:
    """Exact zero-temperature forward pass: the output ``x_{L+1}`` and the pattern at ``x``.

    The coordinates are converted exactly first (:func:`~polyexact.numbers.parse_rational`):
    Fractions, integers, ``"p/q"`` and decimal strings, and floats (a float is a dyadic
    rational; a warning says so), also as a numpy array. The output is always exact Fractions,
    never floats.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.models import FFN, Domain, Layer, Model
    >>> relu = Layer(heads=(), W_O=((),), residual=True,
    ...              ffn=FFN(W1=((F(1),),), b1=(F(0),), W2=((F(2),),), b2=(F(0),)))
    >>> m = Model(1, (relu,), Domain("all", (), ()))
    >>> forward(m, (F(3),)).output, forward(m, (F(0),)).pattern[0].active
    ((Fraction(6, 1),), (False,))
    >>> import numpy
    >>> forward(m, numpy.array([2.0])).output
    (Fraction(4, 1),)
    >>> forward(m, ["-1/3"]).output, forward(m, [7]).output
    ((Fraction(0, 1),), (Fraction(14, 1),))
    """
    state: Vector = vector_from_data(x, "point", length=model.d_model)
    pattern: list[LayerPattern] = []
    for layer in model.layers:
        keys = tuple(route(head, state) for head in layer.heads)
        y = attention_map(layer, keys, _const(state))(())
        active: tuple[bool, ...] = ()
        if layer.ffn is not None:
            pre = [dot(w, y) + c for w, c in zip(layer.ffn.W1, layer.ffn.b1, strict=True)]
            # active iff pre-activation > 0; exactly 0 is inactive (docs/theory.md §5, rule 2)
            active = tuple(p > 0 for p in pre)
            state = ffn_map(layer.ffn, active, _const(y))(())
        else:
            state = y
        pattern.append(LayerPattern(keys, active))
    return ForwardResult(state, tuple(pattern))


def _const(v: Vector) -> AffineMap:
    """The constant map from R^0 with value ``v`` (a point seen as a map)."""
    return AffineMap(tuple(() for _ in v), v)
