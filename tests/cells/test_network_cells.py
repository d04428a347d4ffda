"""Counting block networks: hand counts, Zaslavsky's formula, brute force, the v1 engine."""

from __future__ import annotations

import random
from fractions import Fraction as F
from itertools import combinations
from math import comb

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from polyexact.cells import count_cells, enumerate_cells
from polyexact.conventions import RegionKind
from polyexact.models import box_domain, random_model
from polyexact.networks import (
    Affine,
    LeakyReLU,
    Network,
    ReLU,
    Residual,
    forward_network,
    layer_pattern_of,
    mlp_network,
    network_from_blocks,
    network_from_model,
    random_mlp,
)
from polyexact.numbers import AffineMap


def _one_hidden_layer(d: int, n: int, seed: int) -> tuple[Network, list[list[int]], list[int]]:
    """A d-n-1 MLP with integer weights whose hidden hyperplanes are in general position."""
    rng = random.Random(seed)
    while True:
        W = [[rng.randint(-9, 9) for _ in range(d)] for _ in range(n)]
        b = [rng.randint(-9, 9) for _ in range(n)]
        if _general_position(W, b, d):
            return mlp_network([W, [[1] * n]], [b, [0]]), W, b


def _general_position(W: list[list[int]], b: list[int], d: int) -> bool:
    rows = range(len(W))
    # every k <= d normals independent, and no d + 1 hyperplanes through one point
    for k in range(1, min(d, len(W)) + 1):
        for sub in combinations(rows, k):
            if sympy.Matrix([W[i] for i in sub]).rank() < k:
                return False
    return all(sympy.Matrix([[*W[i], b[i]] for i in sub]).det() != 0
               for sub in combinations(rows, d + 1))


@pytest.mark.parametrize(("d", "n", "seed"), [(1, 3, 0), (2, 4, 1), (2, 6, 2), (3, 5, 3),
                                              (4, 6, 4)])
def test_one_hidden_layer_matches_zaslavsky(d: int, n: int, seed: int) -> None:
    net, _, _ = _one_hidden_layer(d, n, seed)
    cx = enumerate_cells(net)
    assert cx.n_cells == sum(comb(n, k) for k in range(d + 1))
    # every cell's interior point has the cell's pattern (the forward pass agrees)
    for cell, pattern in zip(cx.cells, cx.patterns, strict=True):
        assert forward_network(net, cell.point).pattern == pattern
    assert len(set(cx.patterns)) == cx.n_cells


def test_hand_counts_leaky_and_residual() -> None:
    # y = leaky(x) with slope 1: two cells (x > 0, x <= 0), one linear region
    same = network_from_blocks(1, [LeakyReLU(1, F(1))], box_domain([(F(-1), F(1))]))
    assert count_cells(same) == 2
    assert count_cells(same, kind=RegionKind.LINEAR_REGION) == 1
    # slope 1/2: two regions
    bent = network_from_blocks(1, [LeakyReLU(1, F(1, 2))], box_domain([(F(-1), F(1))]))
    assert count_cells(bent, kind=RegionKind.LINEAR_REGION) == 2
    # x + relu(x - 1), then relu(· - 3): walls at x = 1 and at 2x - 1 = 3, i.e. x = 2; the
    # output is 0 on x <= 1 and on 1 < x <= 2 (one region of two cells), 2x - 4 beyond
    skip = Residual((Affine(((F(1),),), (F(-1),)), ReLU(1)))
    net = network_from_blocks(1, [skip, Affine(((F(1),),), (F(-3),)), ReLU(1)],
                              box_domain([(F(-5), F(5))]))
    cx = enumerate_cells(net)
    assert cx.n_cells == 3 and cx.n_regions == 2
    assert cx.patterns == (((), (False,), (), (False,)), ((), (True,), (), (False,)),
                           ((), (True,), (), (True,)))
    assert {c.affine_map for c in cx.cells} == {AffineMap(((F(0),),), (F(0),)),
                                                AffineMap(((F(2),),), (F(-4),))}


def test_deeper_mlp_against_brute_force_grid() -> None:
    net = random_mlp([2, 4, 4, 1], seed=7, denominator=2, relu_output=True)
    net = network_from_blocks(2, net.blocks, box_domain([(F(-2), F(2))] * 2))
    cx = enumerate_cells(net)
    cells = set(cx.patterns)
    seen = set()
    for i in range(101):
        for j in range(101):
            # an offset off every rational wall with small denominators
            x = (F(-2) + F(i, 25) + F(1, 977), F(-2) + F(j, 25) + F(1, 1009))
            if max(abs(v) for v in x) <= 2:
                seen.add(forward_network(net, x).pattern)
    assert seen <= cells
    assert seen == cells, f"{len(cells - seen)} cells not met by the grid"
    for cell, pattern in zip(cx.cells, cx.patterns, strict=True):
        assert forward_network(net, cell.point).pattern == pattern


def test_mlp_4_8_8_1_cells_agree_with_sampling() -> None:
    net = random_mlp([4, 8, 8, 1], seed=11, denominator=3)
    cx = enumerate_cells(net)
    assert len(set(cx.patterns)) == cx.n_cells > 163  # more than its first layer alone
    for cell, pattern in zip(cx.cells, cx.patterns, strict=True):
        assert forward_network(net, cell.point).pattern == pattern
    rng = random.Random(0)
    cells = set(cx.patterns)
    for _ in range(1000):
        x = tuple(F(rng.randint(-4000, 4000), 997) for _ in range(4))
        assert forward_network(net, x).pattern in cells
    assert cx.n_regions <= cx.n_cells


@pytest.mark.parametrize("seed", range(4))
def test_v1_models_as_networks_count_the_same(seed: int) -> None:
    model = random_model(2, n_layers=2, heads=1, n_keys=3, d_k=2, d_v=1, d_ff=2, seed=seed,
                         residual=seed % 2 == 0, ffn_residual=seed % 3 == 0)
    v1 = enumerate_cells(model)
    net = enumerate_cells(network_from_model(model))
    assert net.n_cells == v1.n_cells
    assert net.n_regions == v1.n_regions
    assert sorted(layer_pattern_of(model, p) for p in net.patterns) == \
        [c.pattern for c in v1.cells]
    assert len(net.adjacency) == len(v1.adjacency)


def test_parallel_enumeration_of_networks_is_identical() -> None:
    mlp = random_mlp([3, 6, 6, 1], seed=5, denominator=3)
    skip = Residual((Affine(((F(1), F(-1)), (F(1, 2), F(1))), (F(0), F(-1))), ReLU(2)))
    model = random_model(2, n_layers=1, heads=2, n_keys=3, d_k=2, d_v=1, d_ff=2, seed=1)
    mixed = network_from_blocks(2, [skip, *network_from_model(model).blocks, LeakyReLU(2, F(1, 3))],
                                box_domain([(F(-3), F(3))] * 2))
    for net in (mlp, mixed):
        serial = enumerate_cells(net)
        assert serial.n_cells > 32  # more than the serial prefix: subtrees run on workers
        assert enumerate_cells(net, jobs=2) == serial


def test_dask_enumeration_of_a_network_is_identical() -> None:
    distributed = pytest.importorskip("dask.distributed")
    net = random_mlp([3, 6, 6, 1], seed=5, denominator=3)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=":0") as cluster:
        on_dask = enumerate_cells(net, scheduler=cluster.scheduler_address)
    assert on_dask == enumerate_cells(net)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(-3, 3), st.integers(-6, 6)), min_size=1, max_size=6))
def test_one_input_cells_are_the_distinct_breakpoints(neurons: list[tuple[int, int]]) -> None:
    # on the line, neuron i (w_i x + b_i) breaks at -b_i / w_i when w_i != 0; nothing else
    net = mlp_network([[[w] for w, _ in neurons], [[1] * len(neurons)]],
                      [[b for _, b in neurons], [0]])
    breaks = {F(-b, w) for w, b in neurons if w != 0}
    assert count_cells(net) == len(breaks) + 1


small = st.fractions(min_value=-5, max_value=5, max_denominator=9)


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 3), st.integers(1, 3), st.integers(1, 3), st.data())
def test_compose_affine_equals_then(n: int, m: int, k: int, data: st.DataObject) -> None:
    from polyexact.cells.network_cells import _integer_rows, compose_affine

    def mat(r: int, c: int) -> tuple[tuple[F, ...], ...]:
        return tuple(tuple(data.draw(small) for _ in range(c)) for _ in range(r))

    f = AffineMap(mat(m, n), tuple(data.draw(small) for _ in range(m)))
    W, c = mat(k, m), tuple(data.draw(small) for _ in range(k))
    assert compose_affine(_integer_rows(W), c, f) == f.then(AffineMap(W, c))
