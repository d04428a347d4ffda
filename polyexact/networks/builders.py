"""Build MLP networks from weight lists or arrays, and seeded random MLPs for tests."""

from __future__ import annotations

import random
from collections.abc import Sequence
from fractions import Fraction
from itertools import pairwise

from polyexact.errors import ShapeError
from polyexact.models.domains import whole_space
from polyexact.models.model import Domain
from polyexact.networks.blocks import Affine, Block, LeakyReLU, Network, ReLU, network_from_blocks
from polyexact.networks.exact import WeightReader

__all__ = ["mlp_network", "random_mlp"]


def mlp_network(weights: Sequence[object], biases: Sequence[object], *,
                relu_output: bool = False, slope: object | None = None,
                domain: Domain | None = None, reader: WeightReader | None = None,
                name: str = "") -> Network:
    """Return the MLP ``affine, ReLU, affine, ReLU, ..., affine`` from its weights.

    Parameters
    ----------
    weights : sequence of matrices
        ``weights[i]`` is out × in (nested lists or numpy arrays; floats converted exactly).
    biases : sequence of vectors
        One per weight matrix.
    relu_output : bool
        Whether a ReLU follows the last affine block too.
    slope : rational, optional
        Use leaky ReLUs with this negative-side slope instead of ReLUs.
    domain : Domain, optional
        The input domain (default R^d).
    reader : WeightReader, optional
        The number converter (pass one to read its summary or to rationalize).
    name : str
        A display name.

    Examples
    --------
    >>> from polyexact.networks import forward_network, mlp_network
    >>> net = mlp_network([[[1], [-1]], [[1, 1]]], [[0, 0], [0]])
    >>> [type(b).__name__ for b in net.blocks]
    ['Affine', 'ReLU', 'Affine']
    >>> forward_network(net, (-3,)).output
    (Fraction(3, 1),)
    """
    if len(weights) != len(biases) or not weights:
        raise ShapeError(f"expected as many bias vectors as weight matrices (>= 1), found "
                         f"{len(biases)} and {len(weights)}", field="biases")
    read = reader if reader is not None else WeightReader()
    leak = None if slope is None else read.number(slope, "slope")
    blocks: list[Block] = []
    for i, (W, b) in enumerate(zip(weights, biases, strict=True)):
        matrix = read.matrix(W, f"weights[{i}]")
        if not matrix or not matrix[0]:
            raise ShapeError("expected a non-empty matrix", field=f"weights[{i}]")
        blocks.append(Affine(matrix, read.vector(b, f"biases[{i}]", length=len(matrix))))
        if i < len(weights) - 1 or relu_output:
            blocks.append(ReLU(len(matrix)) if leak is None else LeakyReLU(len(matrix), leak))
    d = len(blocks[0].W[0]) if isinstance(blocks[0], Affine) else 0
    return network_from_blocks(d, blocks, domain if domain is not None else whole_space(),
                               name=name)


def random_mlp(widths: Sequence[int], *, seed: int, denominator: int = 4,
               relu_output: bool = False) -> Network:
    """Return an MLP of the given widths (input first) with seeded random rational weights.

    Weights and biases are ``k / denominator`` with ``|k| <= 2 * denominator``.

    Examples
    --------
    >>> from polyexact.networks import random_mlp
    >>> net = random_mlp([4, 8, 8, 1], seed=0)
    >>> net.in_dim, net.out_dim, len(net.blocks)
    (4, 1, 5)
    >>> random_mlp([4, 8, 8, 1], seed=0) == net
    True
    """
    rng = random.Random(seed)

    def num() -> Fraction:
        return Fraction(rng.randint(-2 * denominator, 2 * denominator), denominator)

    weights = [[[num() for _ in range(n_in)] for _ in range(n_out)]
               for n_in, n_out in pairwise(widths)]
    biases = [[num() for _ in range(n_out)] for n_out in widths[1:]]
    return mlp_network(weights, biases, relu_output=relu_output,
                       name=f"random_mlp({'-'.join(map(str, widths))}, seed={seed})")
