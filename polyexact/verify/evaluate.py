r"""The verifier's own evaluation of a model, written from the definitions (docs/theory.md §2, §5).

Nothing here calls the model package's forward pass or its layer maps: the verifier is an
adversary of the enumerator, so a mistake there must not be repeated here. Only the model's data
(weights, domain) is shared. A layer ``l`` with input ``x_l`` computes, per head ``h``, the
scores $s_j = \langle W_Q x_l + b_Q, k_j\rangle + c_j$ and routes to the lowest index of
maximal score; the attention output is $W_O\,(v_{j_1}, \dots, v_{j_H})$, plus ``x_l`` when the
layer is residual, giving ``y``. A feed-forward block computes the pre-activations
$p = W_1 y + b_1$; neuron ``i`` is active iff $p_i > 0$; its output is $W_2\,\max(p, 0) + b_2$,
plus ``y`` when the block is residual.

A block network (``polyexact.model/2``) is evaluated block by block from the same definitions
(:func:`evaluate_network`): an affine block computes ``W x + b``; a ReLU neuron is active iff its
input is ``> 0`` and outputs it, else 0; a leaky ReLU neuron outputs ``slope · v`` when inactive;
attention and FFN blocks are as above; a residual connection adds its input to its body's
output. The pattern has one entry per leaf block (residual bodies opened, depth first).

Affine maps are pairs ``(M, c)`` meaning ``x ↦ M x + c`` from the model input; everything is
exact: :class:`fractions.Fraction`, or for speed ``gmpy2.mpq`` throughout (the verifier's
row cache converts the model once, :mod:`polyexact.verify.fast_rationals`); zeros are made of
the numbers at hand (``x * 0``) so the two kinds are never mixed.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from polyexact.models import FFN, Head, Layer, LayerPattern, Model, Pattern
from polyexact.networks.blocks import Affine, Attention, Block, LeakyReLU, Network, ReLU

__all__ = [
    "Map",
    "attention_output",
    "evaluate",
    "evaluate_network",
    "ffn_output",
    "head_scores",
    "preactivations",
    "pull_back",
]

#: ``(M, c)``: the map ``x ↦ M x + c`` (``M`` has one row per output coordinate).
Map = tuple[tuple[tuple[Fraction, ...], ...], tuple[Fraction, ...]]


def _identity(n: int, one: Fraction = Fraction(1)) -> Map:
    zero = one * 0
    return tuple(tuple(one if i == k else zero for k in range(n)) for i in range(n)), (zero,) * n


def pull_back(w: Sequence[Fraction], offset: Fraction, m: Map) -> tuple[tuple[Fraction, ...],
                                                                        Fraction]:
    """The function ``x ↦ ⟨w, M x + c⟩ + offset`` as ``(a, const)`` with ``a = Mᵀ w``.

    Examples
    --------
    >>> F = Fraction
    >>> pull_back((F(1), F(2)), F(3), (((F(1), F(0)), (F(1), F(1))), (F(0), F(5))))
    ((Fraction(3, 1), Fraction(2, 1)), Fraction(13, 1))
    """
    M, c = m
    n = len(M[0]) if M else 0
    a = [offset * 0] * n
    const = offset
    for wi, row, ci in zip(w, M, c, strict=True):
        if wi:
            for k, x in enumerate(row):
                if x:
                    a[k] += wi * x
            const += wi * ci
    return tuple(a), const


def head_scores(head: Head, m: Map) -> list[tuple[tuple[Fraction, ...], Fraction]]:
    r"""Each key's score $\langle W_Q x_l + b_Q, k_j\rangle + c_j$ as an affine function of the
    model input, where ``m`` maps the input to ``x_l``.

    Examples
    --------
    >>> F = Fraction
    >>> from polyexact.models import Head
    >>> head = Head(W_Q=((F(2),),), b_Q=(F(1),), keys=((F(1),), (F(-1),)),
    ...             values=((F(0),), (F(0),)), logit_bias=(F(0), F(5)))
    >>> head_scores(head, (((F(1),),), (F(0),)))
    [((Fraction(2, 1),), Fraction(1, 1)), ((Fraction(-2, 1),), Fraction(4, 1))]
    """
    # the query q = W_Q x_l + b_Q as a map of the input, then ⟨q, k_j⟩ + c_j per key
    query = tuple(pull_back(row, bq, m) for row, bq in zip(head.W_Q, head.b_Q, strict=True))
    q_map: Map = (tuple(a for a, _ in query), tuple(c for _, c in query))
    return [pull_back(k, bias, q_map) for k, bias in zip(head.keys, head.logit_bias, strict=True)]


def attention_output(layer: Layer | Attention, keys: Sequence[int], m: Map) -> Map:
    """The attention sublayer's output ``y`` as a map of the input, for routing ``keys``.

    Examples
    --------
    >>> F = Fraction
    >>> from polyexact.models import Head, Layer
    >>> head = Head(W_Q=((F(1),),), b_Q=(F(0),), keys=((F(1),), (F(-1),)),
    ...             values=((F(3),), (F(4),)), logit_bias=(F(0), F(0)))
    >>> attention_output(Layer((head,), ((F(1),),)), (1,), (((F(1),),), (F(0),)))
    (((Fraction(1, 1),),), (Fraction(4, 1),))
    """
    M, c = m
    zero = c[0] * 0 if c else Fraction(0)
    values = [x for head, j in zip(layer.heads, keys, strict=True) for x in head.values[j]]
    shift = [sum((w * v for w, v in zip(row, values, strict=True)), zero) for row in layer.W_O]
    if layer.residual:
        return M, tuple(ci + s for ci, s in zip(c, shift, strict=True))
    n = len(M[0]) if M else 0
    return tuple((zero,) * n for _ in shift), tuple(shift)


def preactivations(ffn: FFN, y: Map) -> list[tuple[tuple[Fraction, ...], Fraction]]:
    """Each neuron's pre-activation ``⟨W1_i, y⟩ + b1_i`` as an affine function of the input.

    Examples
    --------
    >>> F = Fraction
    >>> from polyexact.models import FFN
    >>> ffn = FFN(W1=((F(2),),), b1=(F(-1),), W2=((F(1),),), b2=(F(0),))
    >>> preactivations(ffn, (((F(1),),), (F(0),)))
    [((Fraction(2, 1),), Fraction(-1, 1))]
    """
    return [pull_back(w, b, y) for w, b in zip(ffn.W1, ffn.b1, strict=True)]


def ffn_output(ffn: FFN, active: Sequence[bool], y: Map,
               pre: Sequence[tuple[tuple[Fraction, ...], Fraction]]) -> Map:
    """The block's output ``W2 relu(p) + b2 (+ y)`` as a map of the input, for the bits given.

    Examples
    --------
    >>> F = Fraction
    >>> from polyexact.models import FFN
    >>> ffn = FFN(W1=((F(2),),), b1=(F(-1),), W2=((F(3),),), b2=(F(1),))
    >>> y = (((F(1),),), (F(0),))
    >>> ffn_output(ffn, (True,), y, preactivations(ffn, y))
    (((Fraction(6, 1),),), (Fraction(-2, 1),))
    """
    M, c = y
    n = len(M[0]) if M else 0
    zero = c[0] * 0 if c else Fraction(0)
    rows = [[zero] * n for _ in ffn.W2]
    consts = list(ffn.b2)
    for i, (on, (a, const)) in enumerate(zip(active, pre, strict=True)):
        if not on:
            continue
        for r, w_row in enumerate(ffn.W2):
            w = w_row[i]
            if w:
                rows[r] = [x + w * ak for x, ak in zip(rows[r], a, strict=True)]
                consts[r] += w * const
    if ffn.residual:
        rows = [[x + z for x, z in zip(row, m_row, strict=True)]
                for row, m_row in zip(rows, M, strict=True)]
        consts = [x + z for x, z in zip(consts, c, strict=True)]
    return tuple(tuple(r) for r in rows), tuple(consts)


def evaluate(model: Model, x: Sequence[Fraction]) -> tuple[Pattern, tuple[Fraction, ...]]:
    """The exact pattern and output of ``model`` at the input ``x``.

    Examples
    --------
    >>> from polyexact.models import construction
    >>> pattern, out = evaluate(construction(1, 2, 2, 1), (Fraction(1, 8),))
    >>> [(lp.keys, lp.active) for lp in pattern], out
    ([((0,), (True, False))], (Fraction(1, 2),))
    """
    state = tuple(Fraction(v) for v in x)
    pattern: list[LayerPattern] = []
    for layer in model.layers:
        keys: list[int] = []
        values: list[Fraction] = []
        for head in layer.heads:
            query = [_dot(row, state) + bq for row, bq in zip(head.W_Q, head.b_Q, strict=True)]
            scores = [_dot(k, query) + c for k, c in zip(head.keys, head.logit_bias, strict=True)]
            j = scores.index(max(scores))  # the lowest index of maximal score
            keys.append(j)
            values.extend(head.values[j])
        out = [_dot(row, values) for row in layer.W_O]
        y = tuple(s + o for s, o in zip(state, out, strict=True)) if layer.residual \
            else tuple(out)
        active: tuple[bool, ...] = ()
        if layer.ffn is not None:
            ffn = layer.ffn
            pre = [_dot(w, y) + b for w, b in zip(ffn.W1, ffn.b1, strict=True)]
            active = tuple(p > 0 for p in pre)
            hidden = [p if on else Fraction(0) for p, on in zip(pre, active, strict=True)]
            z = [_dot(row, hidden) + b for row, b in zip(ffn.W2, ffn.b2, strict=True)]
            state = tuple(a + b for a, b in zip(y, z, strict=True)) if ffn.residual \
                else tuple(z)
        else:
            state = y
        pattern.append(LayerPattern(tuple(keys), active))
    return tuple(pattern), state


def _dot(u: Sequence[Fraction], v: Sequence[Fraction]) -> Fraction:
    return sum((a * b for a, b in zip(u, v, strict=True) if a), Fraction(0))


def identity_map(n: int, one: Fraction = Fraction(1)) -> Map:
    """The identity of ``R^n`` as a :data:`Map` (its entries ``one`` and ``one * 0``).

    Examples
    --------
    >>> identity_map(2)[0]
    ((Fraction(1, 1), Fraction(0, 1)), (Fraction(0, 1), Fraction(1, 1)))
    """
    return _identity(n, one)


def evaluate_network(net: Network, x: Sequence[Fraction]) -> tuple[Pattern, tuple[Fraction, ...]]:
    """The exact pattern (one entry per leaf block) and output of a block network at ``x``.

    An attention block's entry holds its heads' keys, a ReLU, leaky ReLU or FFN block's entry
    its neurons' active bits, an affine block's entry nothing.

    Examples
    --------
    >>> F = Fraction
    >>> from polyexact.models import whole_space
    >>> from polyexact.networks import Affine, LeakyReLU, network_from_blocks
    >>> net = network_from_blocks(1, [Affine(((F(1),), (F(-1),)), (F(0), F(0))),
    ...                               LeakyReLU(2, F(1, 2))], whole_space())
    >>> pattern, out = evaluate_network(net, (F(2),))
    >>> [(lp.keys, lp.active) for lp in pattern], out
    ([((), ()), ((), (True, False))], (Fraction(2, 1), Fraction(-1, 1)))
    """
    pattern: list[LayerPattern] = []
    out = _run_blocks(net.blocks, tuple(Fraction(v) for v in x), pattern)
    return tuple(pattern), out


def _run_blocks(blocks: Sequence[Block], state: tuple[Fraction, ...],
                pattern: list[LayerPattern]) -> tuple[Fraction, ...]:
    for block in blocks:
        if isinstance(block, Affine):
            state = tuple(_dot(row, state) + b for row, b in zip(block.W, block.b, strict=True))
            pattern.append(LayerPattern((), ()))
        elif isinstance(block, (ReLU, LeakyReLU)):
            slope = block.slope if isinstance(block, LeakyReLU) else Fraction(0)
            active = tuple(v > 0 for v in state)  # exactly 0 is inactive
            pattern.append(LayerPattern((), active))
            state = tuple(v if on else slope * v for v, on in zip(state, active, strict=True))
        elif isinstance(block, Attention):
            keys: list[int] = []
            values: list[Fraction] = []
            for head in block.heads:
                query = [_dot(row, state) + bq for row, bq in zip(head.W_Q, head.b_Q,
                                                                  strict=True)]
                scores = [_dot(k, query) + c for k, c in zip(head.keys, head.logit_bias,
                                                             strict=True)]
                j = scores.index(max(scores))  # the lowest index of maximal score
                keys.append(j)
                values.extend(head.values[j])
            shift = [_dot(row, values) for row in block.W_O]
            pattern.append(LayerPattern(tuple(keys), ()))
            state = tuple(s + o for s, o in zip(state, shift, strict=True)) if block.residual \
                else tuple(shift)
        elif isinstance(block, FFN):
            pre = [_dot(w, state) + b for w, b in zip(block.W1, block.b1, strict=True)]
            active = tuple(p > 0 for p in pre)
            pattern.append(LayerPattern((), active))
            hidden = [p if on else Fraction(0) for p, on in zip(pre, active, strict=True)]
            z = [_dot(row, hidden) + b for row, b in zip(block.W2, block.b2, strict=True)]
            state = tuple(a + b for a, b in zip(state, z, strict=True)) if block.residual \
                else tuple(z)
        else:  # a residual connection: its input plus its body's output
            body = _run_blocks(block.body, state, pattern)
            state = tuple(a + b for a, b in zip(state, body, strict=True))
    return state
