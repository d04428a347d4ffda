"""A small conditioned attention module for PyTorch that :func:`from_torch` imports exactly.

Requires torch (the optional ``polyexact[torch]`` extra); nothing else in the package does.
"""

from __future__ import annotations

import torch
from torch import nn

__all__ = ["HardArgmaxAttention"]


class HardArgmaxAttention(nn.Module):
    r"""Attention of a query ``x`` over a fixed (conditioned) context, hard argmax by default.

    Head ``h`` scores key ``j`` as ``⟨W_Q[h] x + b_Q[h], keys[h, j]⟩ + logit_bias[h, j]``
    and returns ``values[h, j*]`` for the maximal score (the first, i.e. lowest index, on
    ties — ``torch.argmax``'s rule and docs/theory.md §5's); the block output is
    ``[x +] W_O · concat_h(values[h, j*_h])``. With ``temperature`` set, the argmax becomes a
    softmax at that temperature (for training); :func:`from_torch` imports the hard limit.

    Parameters
    ----------
    d : int
        Input width.
    n_heads, n_keys, d_k, d_v : int
        Heads, keys per head, query/key width, value width.
    residual : bool
        Whether the input is added to the output (then ``W_O`` has ``d`` rows).
    d_out : int, optional
        Rows of ``W_O`` (default ``d``).

    Examples
    --------
    >>> import torch
    >>> from polyexact.networks.importers.torch_modules import HardArgmaxAttention
    >>> att = HardArgmaxAttention(2, n_heads=1, n_keys=3, d_k=2, d_v=2)
    >>> att(torch.zeros(5, 2)).shape
    torch.Size([5, 2])
    """

    def __init__(self, d: int, *, n_heads: int, n_keys: int, d_k: int, d_v: int,
                 residual: bool = True, d_out: int | None = None) -> None:
        super().__init__()
        out = d if d_out is None else d_out
        self.residual = residual
        self.temperature: float | None = None
        self.W_Q = nn.Parameter(torch.randn(n_heads, d_k, d) / d ** 0.5)
        self.b_Q = nn.Parameter(torch.zeros(n_heads, d_k))
        self.keys = nn.Parameter(torch.randn(n_heads, n_keys, d_k))
        self.values = nn.Parameter(torch.randn(n_heads, n_keys, d_v))
        self.logit_bias = nn.Parameter(torch.zeros(n_heads, n_keys))
        self.W_O = nn.Parameter(torch.randn(out, n_heads * d_v) / (n_heads * d_v) ** 0.5)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Map a batch ``(B, d)`` to ``(B, d_out)``."""
        query = torch.einsum("hkd,bd->bhk", self.W_Q, x) + self.b_Q
        scores = torch.einsum("bhk,hnk->bhn", query, self.keys) + self.logit_bias
        if self.temperature is None:
            weights = nn.functional.one_hot(scores.argmax(dim=-1), scores.shape[-1])
            weights = weights.to(x.dtype)
        else:
            weights = torch.softmax(scores / self.temperature, dim=-1)
        mixed = torch.einsum("bhn,hnv->bhv", weights, self.values).reshape(x.shape[0], -1)
        y = mixed @ self.W_O.T
        return x + y if self.residual else y
