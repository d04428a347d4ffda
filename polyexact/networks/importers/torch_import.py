"""Import a PyTorch ``nn.Sequential`` as an exact block network (needs the torch extra).

Accepted children: ``Linear``, ``ReLU``, ``LeakyReLU``, ``Identity``, ``Flatten`` (of a
``(batch, width)`` tensor), nested ``Sequential`` and :class:`HardArgmaxAttention` at its hard
limit. Any other module is refused by name. Parameters are read in float64 (every float32 is
one exactly) and converted exactly; a LeakyReLU slope is taken in the parameters' precision, as
torch applies it (``float32(0.1)`` in a float32 network). The import is then checked against
torch's own forward pass, child by child, at seeded points.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np

from polyexact.errors import FormatError
from polyexact.models.domains import check_domain, whole_space
from polyexact.models.model import Domain, Head
from polyexact.networks.blocks import (
    Affine,
    Attention,
    Block,
    LeakyReLU,
    Network,
    ReLU,
    block_out_width,
    network_from_blocks,
)
from polyexact.networks.exact import WeightReader
from polyexact.networks.importers.faithfulness import check_faithful

__all__ = ["from_torch"]


def from_torch(module: Any, *, input_dim: int | None = None, domain: Domain | None = None,
               reader: WeightReader | None = None, check: bool = True, n_points: int = 100,
               seed: int = 0, name: str = "") -> Network:
    """Return the exact block network of an ``nn.Sequential``, checked against torch.

    Parameters
    ----------
    module : torch.nn.Sequential
        The network (its parameters are only read).
    input_dim : int, optional
        The input width, needed only when the first weight-bearing child does not fix it.
    domain : Domain, optional
        The input domain (default R^d).
    reader : WeightReader, optional
        Converts the parameters (pass one to get its summary or to rationalize).
    check : bool
        Compare with torch's forward pass, child by child, at ``n_points`` seeded points.
    n_points, seed : int
        The check's points.
    name : str
        A display name.

    Raises
    ------
    FormatError
        A child module that is not supported, named by its path (``module[2] (Tanh)``).
    FaithfulnessError
        The exact network disagrees with torch (the first block named).

    Examples
    --------
    >>> import torch
    >>> from polyexact.networks.importers import from_torch
    >>> _ = torch.manual_seed(0)
    >>> net = from_torch(torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.ReLU(),
    ...                                      torch.nn.Linear(8, 1)))
    >>> net.in_dim, [type(b).__name__ for b in net.blocks]
    (4, ['Affine', 'ReLU', 'Affine'])
    """
    import torch

    if not isinstance(module, torch.nn.Sequential):
        raise FormatError(f"expected an nn.Sequential, found {type(module).__name__}",
                          field="module")
    read = reader if reader is not None else WeightReader()
    children = list(_leaves(module, "module"))
    single = next((p.dtype for p in module.parameters()), torch.float32) == torch.float32
    blocks: list[Block] = []
    names: list[str] = []
    owners: list[int] = []  # the child index whose output follows each block
    width = input_dim
    for index, (path, child) in enumerate(children):
        block = _block(child, path, width, read, single)
        if block is None:
            continue
        blocks.append(block)
        names.append(path)
        owners.append(index)
        width = block_out_width(block, width)
    if not blocks:
        raise FormatError("expected at least one Linear or attention module", field="module")
    first = blocks[0]
    d = input_dim if input_dim is not None else \
        len(first.W[0]) if isinstance(first, Affine) else \
        len(first.heads[0].W_Q[0]) if isinstance(first, Attention) and first.heads else 0
    dom = domain if domain is not None else whole_space()
    check_domain(dom, d)
    net = network_from_blocks(d, blocks, dom, name=name or type(module).__name__)
    if check:
        check_faithful(net, _torch_reference([c for _, c in children], owners), names=names,
                       n_points=n_points, seed=seed)
    return net


def _leaves(module: Any, path: str) -> Any:
    import torch

    for i, child in enumerate(module):
        where = f"{path}[{i}]"
        if isinstance(child, torch.nn.Sequential):
            yield from _leaves(child, where)
        else:
            yield where, child


def _array(tensor: Any) -> np.ndarray:
    out: np.ndarray = tensor.detach().cpu().double().numpy()
    return out


def _block(child: Any, path: str, width: int | None, read: WeightReader,
           single: bool) -> Block | None:
    import torch

    from polyexact.networks.importers.torch_modules import HardArgmaxAttention

    where = f"{path} ({type(child).__name__})"
    if isinstance(child, torch.nn.Linear):
        W = read.matrix(_array(child.weight), f"{where}.weight")
        b = read.vector(_array(child.bias), f"{where}.bias", length=len(W)) \
            if child.bias is not None else tuple(Fraction(0) for _ in W)
        return Affine(W, b)
    if isinstance(child, (torch.nn.ReLU, torch.nn.LeakyReLU)):
        if width is None:
            raise FormatError("expected a Linear before it (the width is unknown)", field=where)
        if isinstance(child, torch.nn.ReLU):
            return ReLU(width)
        # torch applies the slope in the tensors' precision: float32(0.1) for a float32 net
        slope = float(child.negative_slope)
        if single:
            slope = float(np.float32(slope))
        return LeakyReLU(width, read.number(slope, f"{where}.slope"))
    if isinstance(child, HardArgmaxAttention):
        if child.temperature is not None:
            raise FormatError("expected the hard limit (temperature None), found temperature "
                              f"{child.temperature}", field=where)
        heads = tuple(
            Head(W_Q=read.matrix(_array(child.W_Q[h]), f"{where}.W_Q[{h}]"),
                 b_Q=read.vector(_array(child.b_Q[h]), f"{where}.b_Q[{h}]"),
                 keys=read.matrix(_array(child.keys[h]), f"{where}.keys[{h}]"),
                 values=read.matrix(_array(child.values[h]), f"{where}.values[{h}]"),
                 logit_bias=read.vector(_array(child.logit_bias[h]), f"{where}.logit_bias[{h}]"))
            for h in range(child.W_Q.shape[0]))
        return Attention(heads, read.matrix(_array(child.W_O), f"{where}.W_O"), child.residual)
    if isinstance(child, torch.nn.Identity):
        return None
    if isinstance(child, torch.nn.Flatten) and child.start_dim == 1 and child.end_dim == -1:
        return None
    raise FormatError("module not supported (supported: Linear, ReLU, LeakyReLU, Identity, "
                      "Flatten, Sequential, HardArgmaxAttention)", field=where)


def _torch_reference(children: list[Any], owners: list[int]) -> Any:
    import torch

    dtype = next((p.dtype for c in children for p in c.parameters()), torch.float32)

    def run(x: np.ndarray) -> list[np.ndarray]:
        h = torch.as_tensor(x, dtype=dtype).reshape(1, -1)
        seen: list[np.ndarray] = []
        with torch.no_grad():
            for child in children:
                h = child(h)
                seen.append(h.double().numpy().reshape(-1))
        return [seen[i] for i in owners]

    return run
