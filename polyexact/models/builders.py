"""Model builders: the paper's lower-bound construction and seeded random models."""

from __future__ import annotations

import random
from fractions import Fraction
from typing import Literal

from polyexact.models.domains import box_domain, whole_space
from polyexact.models.model import FFN, Domain, Head, Layer, Model
from polyexact.numbers import Matrix, Vector, identity_matrix, zero_vector

__all__ = ["construction", "construction_width", "max_head_model", "random_model"]

_HALF = Fraction(1, 2)


def construction_width(d: int, d_ff: int) -> int:
    """Return ``w = ⌊d_ff / (2d)⌋``, the number of tent pairs per coordinate of the construction.

    Examples
    --------
    >>> from polyexact.models.builders import construction_width
    >>> construction_width(2, 8), construction_width(1, 3)
    (2, 1)
    """
    return d_ff // (2 * d)


def construction(d: int, N: int, d_ff: int, L: int) -> Model:
    r"""Return the paper's lower-bound network (Thm V.7, App. F) on the box ``[0, 1]^d``.

    Each of the ``L`` identical blocks has ``H = d`` heads; head h has ``W_Q = [e_hᵀ; 0]``,
    ``b_Q = (0, 1)``, keys ``k_j = (p_j, −p_j²/2)`` with ``p_j = (j − 1/2)/N`` (so it routes to the
    grid centre nearest to ``x_h``), values ``v_j = −p_j``; ``W_O = I`` and the residual give
    ``y = x − c``. The FFN (no second residual) has neuron ``(i, m)``, ``m = 0..2w−1``, with
    ``W1`` row ``N·e_i``, ``b1 = 1/2 − m/(2w)`` and ``W2`` coefficient ``2w`` for ``m = 0``,
    ``4w(−1)^m`` otherwise, ``b2 = 0``; spare neurons are zero rows. Per coordinate the block is the
    sawtooth of ``N(x − c) + 1/2`` with ``2w`` pieces, and ``L`` blocks have exactly
    ``(2wN)^{dL}`` maximal linear regions.

    Parameters
    ----------
    d : int
        ``d_model`` (>= 1), also the number of heads.
    N : int
        Keys per head (>= 1).
    d_ff : int
        FFN width; needs ``w = ⌊d_ff/(2d)⌋ >= 1``.
    L : int
        Number of blocks (>= 1).

    Returns
    -------
    Model

    Raises
    ------
    ValueError
        If a size is too small.

    Notes
    -----
    docs/theory.md §4 and §5 rule 7. Neuron ``(i, m)`` has index ``2w·i + m``.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.models.builders import construction
    >>> from polyexact.models.forward import forward
    >>> m = construction(1, 2, 2, 1)
    >>> [str(forward(m, (F(k, 8),)).output[0]) for k in range(9)]
    ['0', '1/2', '1', '1/2', '0', '1/2', '1', '1/2', '0']
    """
    w = construction_width(d, d_ff)
    if d < 1 or N < 1 or L < 1 or w < 1:
        raise ValueError(
            f"need d, N, L >= 1 and d_ff >= 2d, found d={d}, N={N}, d_ff={d_ff}, L={L}"
        )
    centres = [(Fraction(j) - _HALF) / N for j in range(1, N + 1)]
    keys = tuple((p, -p * p / 2) for p in centres)
    values = tuple((-p,) for p in centres)
    heads = tuple(
        Head(
            W_Q=(tuple(Fraction(int(k == h)) for k in range(d)), zero_vector(d)),
            b_Q=(Fraction(0), Fraction(1)),
            keys=keys,
            values=values,
            logit_bias=zero_vector(N),
        )
        for h in range(d)
    )
    W1: list[Vector] = []
    b1: list[Fraction] = []
    W2 = [[Fraction(0)] * d_ff for _ in range(d)]
    for i in range(d):
        for m in range(2 * w):
            W1.append(tuple(Fraction(N * int(k == i)) for k in range(d)))
            b1.append(_HALF - Fraction(m, 2 * w))
            W2[i][2 * w * i + m] = Fraction(2 * w if m == 0 else 4 * w * (-1) ** m)
    # spare neurons (d_ff > 2dw) are zero rows: identically inactive, they never split a cell
    for _ in range(d_ff - 2 * d * w):
        W1.append(zero_vector(d))
        b1.append(Fraction(0))
    ffn = FFN(W1=tuple(W1), b1=tuple(b1), W2=tuple(tuple(r) for r in W2), b2=zero_vector(d))
    layer = Layer(heads=heads, W_O=identity_matrix(d), residual=True, ffn=ffn)
    unit = box_domain([(Fraction(0), Fraction(1))] * d)
    return Model(d, (layer,) * L, unit, name=f"construction(d={d}, N={N}, d_ff={d_ff}, L={L})")


def random_model(
    d: int,
    *,
    n_layers: int,
    heads: int,
    n_keys: int,
    d_k: int,
    d_v: int,
    d_ff: int,
    seed: int,
    query_bias: bool = True,
    logit_bias: bool = False,
    residual: bool = True,
    ffn_residual: bool = False,
    domain: Literal["box", "unit", "all"] = "box",
    denominator: int = 4,
    scale: int = 1,
) -> Model:
    """Return a model with seeded small rational weights (the same model for the same arguments).

    Every weight is ``n / denominator`` with an integer ``n`` uniform in
    ``[−scale·denominator, scale·denominator]``. Switched-off biases are exactly zero.

    Parameters
    ----------
    d : int
        ``d_model``.
    n_layers, heads, n_keys, d_k, d_v, d_ff : int
        Sizes; ``heads = 0`` gives FFN-only layers, ``d_ff = 0`` no FFN.
    seed : int
        Seed of the private random generator.
    query_bias, logit_bias, residual, ffn_residual : bool
        Model variant switches (docs/theory.md §1).
    domain : {"box", "unit", "all"}
        ``[−1, 1]^d``, ``[0, 1]^d`` or R^d.
    denominator, scale : int
        Grid and range of the weights.

    Returns
    -------
    Model

    Examples
    --------
    >>> from polyexact.models.builders import random_model
    >>> a = random_model(2, n_layers=1, heads=2, n_keys=3, d_k=2, d_v=1, d_ff=4, seed=7)
    >>> b = random_model(2, n_layers=1, heads=2, n_keys=3, d_k=2, d_v=1, d_ff=4, seed=7)
    >>> a == b, a.layers[0].heads[0].n_keys, a.layers[0].ffn.d_ff
    (True, 3, 4)
    """
    if min(d, n_layers, n_keys, d_k, d_v, denominator, scale) < 1 or heads < 0 or d_ff < 0:
        raise ValueError("sizes must be positive (heads, d_ff may be 0)")
    rng = random.Random(seed)
    top = scale * denominator

    def num() -> Fraction:
        return Fraction(rng.randint(-top, top), denominator)

    def vec(n: int, on: bool = True) -> Vector:
        return tuple(num() for _ in range(n)) if on else zero_vector(n)

    def mat(r: int, c: int) -> Matrix:
        return tuple(vec(c) for _ in range(r))

    layers = []
    for _ in range(n_layers):
        hs = tuple(
            Head(
                W_Q=mat(d_k, d),
                b_Q=vec(d_k, query_bias),
                keys=mat(n_keys, d_k),
                values=mat(n_keys, d_v),
                logit_bias=vec(n_keys, logit_bias),
            )
            for _ in range(heads)
        )
        W_O = mat(d, heads * d_v)
        ffn = None
        if d_ff:
            ffn = FFN(W1=mat(d_ff, d), b1=vec(d_ff), W2=mat(d, d_ff), b2=vec(d),
                      residual=ffn_residual)
        layers.append(Layer(heads=hs, W_O=W_O, residual=residual, ffn=ffn))
    dom: Domain
    if domain == "box":
        dom = box_domain([(Fraction(-1), Fraction(1))] * d)
    elif domain == "unit":
        dom = box_domain([(Fraction(0), Fraction(1))] * d)
    elif domain == "all":
        dom = whole_space()
    else:
        raise ValueError(f"domain must be 'box', 'unit' or 'all', found {domain!r}")
    return Model(d, tuple(layers), dom, name=f"random(d={d}, seed={seed})")


def max_head_model() -> Model:
    """One head on R² routing by ``max(x, y, 0)``: three cones at the origin.

    The smallest model with a non-trivial attention partition, used by the examples: ``W_Q = I``,
    keys ``e_1, e_2, 0`` (no biases), values ``e_1, e_2, 0``, ``W_O = I``, residual on.

    Returns
    -------
    Model

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.models.builders import max_head_model
    >>> from polyexact.models.forward import forward
    >>> m = max_head_model()
    >>> [forward(m, p).pattern[0].keys for p in [(F(2), F(1)), (F(1), F(2)), (F(-1), F(-1))]]
    [(0,), (1,), (2,)]
    """
    one, zero = Fraction(1), Fraction(0)
    basis = ((one, zero), (zero, one), (zero, zero))
    head = Head(W_Q=identity_matrix(2), b_Q=zero_vector(2), keys=basis, values=basis,
                logit_bias=zero_vector(3))
    return Model(2, (Layer((head,), W_O=identity_matrix(2)),), whole_space())
