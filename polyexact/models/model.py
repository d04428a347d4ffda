"""The conditioned tropical transformer (theory.md §1) as immutable, validated objects.

A model is built by :func:`polyexact.models.load_model` (from a ``polyexact.model/1`` file), by
the builders (``construction``, ``random_model``), or directly from these dataclasses. Every
number is a :class:`~fractions.Fraction`; matrices are tuples of row tuples.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property
from typing import Literal

from polyexact.numbers import Matrix, Vector, dot, transpose

__all__ = ["FFN", "Domain", "Head", "Layer", "LayerPattern", "Model", "Pattern"]


@dataclass(frozen=True)
class Head:
    """One attention head: ``W_Q`` (d_k × d), ``b_Q`` (d_k), keys (N × d_k), values (N × d_v),
    per-key logit offsets ``logit_bias`` (N).

    Its score of key j at input x is ``⟨W_Q x + b_Q, k_j⟩ + c_j = ⟨a_j, x⟩ + β_j`` with
    ``a_j = W_Qᵀ k_j`` (the *sites*) and ``β_j = ⟨b_Q, k_j⟩ + c_j`` (the *heights*).
    """

    W_Q: Matrix
    b_Q: Vector
    keys: Matrix
    values: Matrix
    logit_bias: Vector

    @property
    def n_keys(self) -> int:
        """N, the number of keys."""
        return len(self.keys)

    @property
    def d_k(self) -> int:
        """Query/key width."""
        return len(self.W_Q)

    @property
    def d_v(self) -> int:
        """Value width."""
        return len(self.values[0]) if self.values else 0

    @cached_property
    def sites(self) -> Matrix:
        """``a_j = W_Qᵀ k_j`` for every key j (the exponents of the tropical polynomial)."""
        wt = transpose(self.W_Q)
        return tuple(tuple(dot(col, k) for col in wt) for k in self.keys)

    @cached_property
    def heights(self) -> Vector:
        """``β_j = ⟨b_Q, k_j⟩ + c_j`` for every key j."""
        return tuple(dot(self.b_Q, k) + c for k, c in zip(self.keys, self.logit_bias, strict=True))

    @property
    def has_query_bias(self) -> bool:
        """Whether ``b_Q`` is non-zero."""
        return any(self.b_Q)

    @property
    def has_logit_bias(self) -> bool:
        """Whether some logit offset is non-zero."""
        return any(self.logit_bias)


@dataclass(frozen=True)
class FFN:
    """``z = W2 · ReLU(W1 y + b1) + b2``; with ``residual`` the block output is ``y + z``."""

    W1: Matrix
    b1: Vector
    W2: Matrix
    b2: Vector
    residual: bool = False

    @property
    def d_ff(self) -> int:
        """Number of neurons."""
        return len(self.W1)


@dataclass(frozen=True)
class Layer:
    """One block: heads, output projection ``W_O`` (d × Σ d_v), residual switch, optional FFN."""

    heads: tuple[Head, ...]
    W_O: Matrix
    residual: bool = True
    ffn: FFN | None = None


@dataclass(frozen=True)
class Domain:
    """The input domain: ``kind`` is ``"box"``, ``"polytope"`` or ``"all"``.

    ``A x <= b`` describes it (no rows for ``"all"``); ``box`` keeps the bounds of a box.
    """

    kind: Literal["box", "polytope", "all"]
    A: Matrix
    b: Vector
    box: tuple[tuple[Fraction, Fraction], ...] | None = None

    @property
    def is_bounded_box(self) -> bool:
        """Whether the domain is a box."""
        return self.kind == "box"


@dataclass(frozen=True)
class Model:
    """A conditioned tropical transformer: ``d_model``, layers, domain and an optional name."""

    d_model: int
    layers: tuple[Layer, ...]
    domain: Domain
    name: str = ""

    @property
    def n_layers(self) -> int:
        """L."""
        return len(self.layers)


#: Per layer: the key chosen by each head, and the active bit of each FFN neuron.
@dataclass(frozen=True, order=True)
class LayerPattern:
    """The routing choice of every head and the active bit of every neuron of one layer."""

    keys: tuple[int, ...]
    active: tuple[bool, ...]


Pattern = tuple[LayerPattern, ...]
