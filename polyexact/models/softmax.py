r"""Finite temperature: softmax attention in high precision (docs/theory.md §6).

At temperature τ > 0 a head outputs ``Σ_j softmax(s/τ)_j v_j`` instead of the value of the
arg-max key. The differences to the hard output are of size ``e^{−δ/τ}``, far below float
resolution, so everything here runs in :mod:`mpmath` at a chosen number of decimal digits
``dps``. Nothing here decides a count: these are measurements.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import mpmath

from polyexact.errors import NumberError, ShapeError
from polyexact.models.forward import forward
from polyexact.models.model import FFN, Head, Model
from polyexact.numbers import RationalLike, parse_rational

__all__ = [
    "SoftResult",
    "log_sum_exp",
    "log_sum_exp_hessian",
    "soft_forward",
    "soft_head_output",
    "softmax",
    "to_mpf",
]

MpfVector = tuple[Any, ...]
"""A tuple of :class:`mpmath.mpf` (mpmath is untyped)."""


@dataclass(frozen=True)
class SoftResult:
    """Soft output at temperature ``tau``, the exact hard output, and their Euclidean distance.

    Attributes
    ----------
    output : tuple of mpf
        The softmax-attention output.
    hard : tuple of Fraction
        The exact hardmax output at the same point.
    distance : mpf
        ``‖output − hard‖₂``.
    tau : Fraction
        The temperature.
    dps : int
        The working precision in decimal digits.

    See Also
    --------
    soft_forward

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> import mpmath
    >>> from polyexact.models import construction, soft_forward
    >>> r = soft_forward(construction(1, 2, 2, 1), (F(1, 4),), F(1, 100))
    >>> r.hard, r.tau, r.dps
    ((Fraction(1, 1),), Fraction(1, 100), 50)
    >>> mpmath.nstr(r.distance, 3)
    '7.45e-6'
    """

    output: MpfVector
    hard: tuple[Fraction, ...]
    distance: Any
    tau: Fraction
    dps: int


def to_mpf(x: object) -> Any:
    """Return ``x`` (a Fraction, int, str or mpmath number) as an mpf at the current precision.

    Examples
    --------
    >>> from fractions import Fraction
    >>> from polyexact.models.softmax import to_mpf
    >>> to_mpf(Fraction(1, 4))
    mpf('0.25')
    """
    if isinstance(x, Fraction):
        return mpmath.mpf(x.numerator) / x.denominator
    return mpmath.mpf(x)


def softmax(scores: Sequence[object], tau: object, *, dps: int = 50) -> MpfVector:
    r"""Return ``softmax(s/τ)``, the gradient of :func:`log_sum_exp`.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> import mpmath
    >>> from polyexact.models.softmax import softmax
    >>> p = softmax([F(2), F(0)], 1)
    >>> [mpmath.nstr(x, 6) for x in p]
    ['0.880797', '0.119203']
    """
    with mpmath.workdps(dps):
        t = to_mpf(tau)
        s = [to_mpf(x) / t for x in scores]
        top = max(s)
        # shift by the maximum: e^{s/τ} overflows long before the ratios do
        e = [mpmath.exp(x - top) for x in s]
        total = mpmath.fsum(e)
        return tuple(+(x / total) for x in e)


def log_sum_exp(scores: Sequence[object], tau: object, *, dps: int = 50) -> Any:
    r"""Return ``P^τ(s) = τ · log Σ_j e^{s_j/τ}`` (the smooth max; ``P^0 = max``).

    Examples
    --------
    >>> import mpmath
    >>> from polyexact.models.softmax import log_sum_exp
    >>> mpmath.nstr(log_sum_exp([0, 0], 1), 8)   # log 2
    '0.69314718'
    """
    with mpmath.workdps(dps):
        t = to_mpf(tau)
        s = [to_mpf(x) for x in scores]
        top = max(s)
        return +(top + t * mpmath.log(mpmath.fsum(mpmath.exp((x - top) / t) for x in s)))


def log_sum_exp_hessian(scores: Sequence[object], tau: object, *, dps: int = 50) -> Any:
    r"""Return the Hessian of :func:`log_sum_exp`: ``(diag(p) − p pᵀ) / τ`` as an mpmath matrix.

    Examples
    --------
    >>> import mpmath
    >>> from polyexact.models.softmax import log_sum_exp_hessian
    >>> h = log_sum_exp_hessian([2, 0], 1)
    >>> mpmath.nstr(max(abs(x) for x in mpmath.eigsy(h)[0]), 4)  # the paper claims <= 0.1353
    '0.21'
    """
    p = softmax(scores, tau, dps=dps)
    with mpmath.workdps(dps):
        t = to_mpf(tau)
        n = len(p)
        h = mpmath.matrix(n, n)
        for i in range(n):
            for j in range(n):
                h[i, j] = ((p[i] if i == j else 0) - p[i] * p[j]) / t
        return h


def soft_head_output(head: Head, x: Sequence[object], tau: object, *, dps: int = 50) -> MpfVector:
    """Return one head's output ``Σ_j softmax(s(x)/τ)_j v_j`` at hidden state ``x``.

    Parameters
    ----------
    head : Head
        The head.
    x : sequence of rationals
        The hidden state (Fractions, ints, strings or mpmath numbers).
    tau : rational
        The temperature, > 0.
    dps : int
        Decimal digits of working precision.

    Returns
    -------
    tuple of mpf
        One entry per value coordinate (``d_v`` entries).

    See Also
    --------
    softmax, soft_forward

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> import mpmath
    >>> from polyexact.models import Head, soft_head_output
    >>> head = Head(W_Q=((F(1),),), b_Q=(F(0),), keys=((F(1),), (F(-1),)),
    ...             values=((F(1),), (F(0),)), logit_bias=(F(0), F(0)))
    >>> [mpmath.nstr(v, 6) for v in soft_head_output(head, (F(1),), 1)]
    ['0.880797']
    """
    with mpmath.workdps(dps):
        xs = [to_mpf(c) for c in x]
        scores = [mpmath.fsum(to_mpf(a) * c for a, c in zip(site, xs, strict=True)) + to_mpf(beta)
                  for site, beta in zip(head.sites, head.heights, strict=True)]
    p = softmax(scores, tau, dps=dps)
    with mpmath.workdps(dps):
        return tuple(+mpmath.fsum(pj * to_mpf(v[k]) for pj, v in zip(p, head.values, strict=True))
                     for k in range(head.d_v))


def soft_forward(
    model: Model, x: Sequence[Fraction], tau: RationalLike, *, dps: int = 50
) -> SoftResult:
    r"""Evaluate the model with softmax attention at temperature ``tau`` (in mpmath).

    ReLUs, residuals and ``W_O`` are as in :func:`~polyexact.models.forward.forward`; only the
    heads change. Also returns the exact hard output and the Euclidean distance between the two.

    Parameters
    ----------
    model : Model
    x : sequence of Fraction
        The input point (``d_model`` coordinates).
    tau : rational
        Temperature, > 0 (anything :func:`~polyexact.numbers.parse_rational` accepts).
    dps : int
        Decimal digits of working precision; pick it so that ``e^{−δ/τ}`` is well above
        ``10^{−dps}`` when the distance must be visible.

    Returns
    -------
    SoftResult

    Raises
    ------
    ShapeError
        If ``x`` has the wrong length.
    NumberError
        If ``tau`` is not a positive rational.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.models.builders import construction
    >>> import mpmath
    >>> from polyexact.models.softmax import soft_forward
    >>> r = soft_forward(construction(1, 2, 2, 1), (F(1, 8),), F(1, 100))
    >>> r.hard, mpmath.nstr(r.output[0], 8), mpmath.nstr(r.distance, 3)
    ((Fraction(1, 2),), '0.49999999', '1.44e-8')
    """
    if len(x) != model.d_model:
        raise ShapeError(f"expected {model.d_model} coordinates, found {len(x)}", field="point")
    tau_q = parse_rational(tau, "tau")
    if tau_q <= 0:
        raise NumberError(f"expected a positive temperature, found {tau_q}", field="tau")
    hard = forward(model, x).output
    with mpmath.workdps(dps):
        state = [to_mpf(c) for c in x]
        for layer in model.layers:
            concat: list[Any] = []
            for head in layer.heads:
                concat.extend(soft_head_output(head, state, tau_q, dps=dps))
            y = [mpmath.fsum(to_mpf(w) * c for w, c in zip(row, concat, strict=True))
                 for row in layer.W_O]
            if layer.residual:
                y = [a + b for a, b in zip(y, state, strict=True)]
            if layer.ffn is not None:
                z = _soft_ffn(layer.ffn, y)
                state = [a + b for a, b in zip(y, z, strict=True)] if layer.ffn.residual else z
            else:
                state = y
        distance = mpmath.sqrt(mpmath.fsum((s - to_mpf(h)) ** 2 for s, h in zip(state, hard,
                                                                              strict=True)))
        return SoftResult(tuple(state), hard, +distance, tau_q, dps)


def _soft_ffn(ffn: FFN, y: Sequence[Any]) -> list[Any]:
    """``W2 · ReLU(W1 y + b1) + b2`` in mpmath (the caller sets the precision)."""
    hidden = [max(mpmath.mpf(0), _affine(row, y, b)) for row, b in zip(ffn.W1, ffn.b1,
                                                                         strict=True)]
    return [_affine(row, hidden, b) for row, b in zip(ffn.W2, ffn.b2, strict=True)]


def _affine(row: Sequence[Fraction], x: Sequence[Any], b: Fraction) -> Any:
    return mpmath.fsum(to_mpf(w) * c for w, c in zip(row, x, strict=True)) + to_mpf(b)
