"""Certificates of block networks (``polyexact.model/2``): counts, verification, forgeries.

Counts are checked against closed forms (Zaslavsky's count for one hidden layer in general
position) and against a brute force over every pattern; certificates of MLPs, leaky ReLU,
residual, FFN and attention networks and of the shipped trained transformer (through its block
network) verify with the verifier's own evaluation of networks; tampered ones are rejected.
"""

from __future__ import annotations

import copy
import itertools
from collections.abc import Callable
from fractions import Fraction as F
from math import comb
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from polyexact.cells import enumerate_cells
from polyexact.certificates import certificate_to_data, model_digest, write_certificate
from polyexact.models import FFN, Head, LayerPattern, box_domain, whole_space
from polyexact.networks import (
    Affine,
    Attention,
    LeakyReLU,
    Network,
    ReLU,
    Residual,
    mlp_network,
    network_from_blocks,
    random_mlp,
)
from polyexact.networks.importers import network_from_weight_file
from polyexact.polyhedra import interior_point
from polyexact.verify import verify_certificate
from polyexact.verify.pattern_rows import NetworkRowCache

SHIPPED = Path(__file__).resolve().parents[2] / "data" / "trained_in_context_nn.safetensors"


def moment_mlp(d: int, n: int, *, slope: F | None = None) -> Network:
    """One hidden layer of n neurons in R^d in general position: neuron i is
    ``x_1 + t x_2 + ... + t^(d-1) x_d - t^d`` with ``t = i + 1`` (any d of them have independent
    normals, any d + 1 no common point: Vandermonde), then a sum with non-zero weights."""
    ts = range(1, n + 1)
    W = [[t ** j for j in range(d)] for t in ts]
    b = [-(t ** d) for t in ts]
    return mlp_network([W, [[k + 1 for k in range(n)]]], [b, [0]], slope=slope,
                       name=f"moment {d}x{n}")


def zaslavsky(d: int, n: int) -> int:
    return sum(comb(n, k) for k in range(d + 1))


@pytest.mark.parametrize("d", [1, 2, 3, 4])
def test_one_hidden_layer_in_general_position_has_zaslavskys_count(d: int) -> None:
    n = 5
    for net in (moment_mlp(d, n), moment_mlp(d, n, slope=F(1, 3))):
        cx = enumerate_cells(net)
        # every neuron flips a non-zero column of the output map: regions are the cells
        assert cx.n_cells == cx.n_regions == zaslavsky(d, n)
        report = verify_certificate(certificate_to_data(cx))
        assert report.valid, report.reason
        assert report.pattern_cells == zaslavsky(d, n)


def brute_force_cells(net: Network) -> int:
    """Every pattern of bits, kept when its set (the verifier's rows, strict where strict) has
    an interior point: an exact LP per pattern, no enumeration."""
    cache = NetworkRowCache(net)
    widths = [getattr(b, "width", 0) if isinstance(b, (ReLU, LeakyReLU)) else 0
              for b in net.leaves]
    count = 0
    for bits in itertools.product((False, True), repeat=sum(widths)):
        it = iter(bits)
        pattern = tuple(LayerPattern((), tuple(next(it) for _ in range(w))) for w in widths)
        rows, _ = cache.rows_and_map(pattern)
        if any(not any(r.a) and not r.holds_constantly() for r in rows):
            continue
        live = [r for r in rows if any(r.a)]
        if interior_point([r.a for r in live], [r.bound for r in live], net.in_dim) is not None:
            count += 1
    return count


@pytest.mark.parametrize("widths,seed", [([2, 3, 3, 1], 0), ([2, 4, 2, 1], 5),
                                         ([3, 3, 2, 1], 2), ([1, 3, 3, 2], 7)])
def test_deep_mlp_counts_equal_a_brute_force_over_every_pattern(widths: list[int],
                                                                 seed: int) -> None:
    net = random_mlp(widths, seed=seed)
    assert enumerate_cells(net).n_cells == brute_force_cells(net)


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 3), st.lists(st.integers(1, 3), min_size=1, max_size=2),
       st.integers(0, 10**6), st.sampled_from([1, 2]))
def test_random_degenerate_mlps_match_the_brute_force(d: int, hidden: list[int], seed: int,
                                                      denominator: int) -> None:
    # weights k/1 or k/2 with |k| small: parallel, coincident and zero neurons are common
    net = random_mlp([d, *hidden, 1], seed=seed, denominator=denominator)
    cx = enumerate_cells(net)
    assert cx.n_cells == brute_force_cells(net)
    assert verify_certificate(certificate_to_data(cx)).valid


def residual_net() -> Network:
    body = (Affine(((F(1), F(-1)), (F(1, 2), F(1))), (F(0), F(-1, 2))), ReLU(2),
            Affine(((F(1), F(2)), (F(-1), F(1))), (F(1, 4), F(0))))
    return network_from_blocks(2, [Residual(body), LeakyReLU(2, F(1, 10)),
                                   Affine(((F(1), F(-3)),), (F(0),))],
                               box_domain([(F(-2), F(2)), (F(-2), F(2))]), name="residual")


def attention_mlp() -> Network:
    """An attention block (two heads) feeding an FFN and a width-changing MLP head: no
    version-1 transformer holds it."""
    h0 = Head(W_Q=((F(1), F(0)),), b_Q=(F(0),), keys=((F(1),), (F(-1),), (F(0),)),
              values=((F(1), F(0)), (F(0), F(1)), (F(-1), F(-1))), logit_bias=(F(0), F(0), F(1)))
    h1 = Head(W_Q=((F(0), F(1)),), b_Q=(F(1, 2),), keys=((F(2),), (F(-1),)),
              values=((F(1),), (F(-2),)), logit_bias=(F(0), F(0)))
    W_O = ((F(1), F(0), F(1)), (F(0), F(1), F(-1)))
    ffn = FFN(W1=((F(1), F(1)), (F(1), F(-1))), b1=(F(0), F(-1, 2)),
              W2=((F(1), F(0)), (F(0), F(1))), b2=(F(0), F(0)), residual=True)
    return network_from_blocks(2, [Attention((h0, h1), W_O, True), ffn,
                                   Affine(((F(1), F(2)), (F(-1), F(1)), (F(2), F(0))),
                                          (F(0), F(1), F(-1))), ReLU(3),
                                   Affine(((F(1), F(1), F(1)),), (F(0),))],
                               box_domain([(F(-3), F(3)), (F(-3), F(3))]), name="attention mlp")


NETWORKS: dict[str, Callable[[], Network]] = {
    "mlp 2-layer": lambda: random_mlp([2, 4, 3, 1], seed=1),
    "leaky relu": lambda: mlp_network([[[1, 1], [1, -1], [2, "1/2"]], [[1, -1, 1]]],
                                      [[0, "1/2", -1], [0]], slope="1/4"),
    "residual": residual_net,
    "attention mlp": attention_mlp,
    "mlp 3-d": lambda: random_mlp([3, 3, 2, 1], seed=4),
    "trained transformer": lambda: network_from_weight_file(SHIPPED),
}


@pytest.fixture(scope="module", params=sorted(NETWORKS))
def certified(request: pytest.FixtureRequest) -> tuple[Network, dict[str, Any]]:
    net = NETWORKS[request.param]()
    return net, certificate_to_data(enumerate_cells(net))


def test_network_certificates_verify_and_name_their_network(
        certified: tuple[Network, dict[str, Any]], tmp_path: Path) -> None:
    net, data = certified
    assert data["model"]["format"] == "polyexact.model/2"
    assert data["model_digest"] == model_digest(net)
    report = verify_certificate(data, model=net)
    assert report.valid, report.reason
    assert report.pattern_cells == data["counts"]["pattern_cells"] > 1
    # the file, read back as text shard by shard, in a pool of two
    path = write_certificate(enumerate_cells(net), tmp_path / "c.json")
    assert verify_certificate(path, jobs=2).valid
    other = random_mlp([net.in_dim, 2, 1], seed=9)
    assert "not of the given model" in verify_certificate(data, model=other).reason


def test_the_trained_transformer_has_its_known_count_as_a_network() -> None:
    data = certificate_to_data(enumerate_cells(network_from_weight_file(SHIPPED)))
    assert data["counts"] == {"pattern_cells": 13, "linear_regions": 13}


def _first_cell(data: dict[str, Any]) -> dict[str, Any]:
    cell: dict[str, Any] = data["shards"][0]["cells"][0]
    return cell


def _tamper_row(data: dict[str, Any]) -> None:
    cell = _first_cell(data)
    # move one inner facet's offset (a neuron or routing wall, not the domain's)
    r = next(i for i, w in enumerate(cell["walls"]) if w["kind"] != "domain")
    cell["b"][r] = str(F(cell["b"][r]) + F(1, 7))


def _tamper_map(data: dict[str, Any]) -> None:
    cell = _first_cell(data)
    cell["map"]["b"][0] = str(F(cell["map"]["b"][0]) + 1)


def _tamper_bit(data: dict[str, Any]) -> None:
    cell = _first_cell(data)
    entry = next(e for e in cell["pattern"] if e["active"])
    entry["active"][0] = not entry["active"][0]


def _drop_adjacency(data: dict[str, Any]) -> None:
    data["shards"][0]["adjacency"].pop(len(data["shards"][0]["adjacency"]) // 2)


@pytest.mark.parametrize("tamper,reason", [
    (_tamper_row, "not implied by the pattern"),
    (_tamper_map, "not the affine map of the cell's pattern"),
    (_tamper_bit, "the model's pattern there is another one"),
    (_drop_adjacency, "facet with no recorded neighbour across it"),
], ids=["row", "map", "pattern bit", "dropped adjacency"])
def test_tampered_network_certificates_are_rejected(
        certified: tuple[Network, dict[str, Any]], tamper: Any, reason: str) -> None:
    _, data = certified
    bad = copy.deepcopy(data)
    tamper(bad)
    report = verify_certificate(bad)
    assert not report.valid and reason in report.reason, report.reason


def test_a_tampered_weight_changes_the_digest_and_is_rejected(
        certified: tuple[Network, dict[str, Any]]) -> None:
    _, data = certified
    bad = copy.deepcopy(data)
    block = next(b for b in bad["model"]["blocks"] if b["type"] in ("affine", "ffn"))
    bias = block["b"] if block["type"] == "affine" else block["b1"]
    bias[0] = str(F(bias[0]) + F(1, 3))
    assert verify_certificate(bad).reason.startswith("model_digest:")
    # with the digest recomputed, the cells no longer fit the weights
    from polyexact.certificates.subject import subject_from_data

    bad["model_digest"] = model_digest(subject_from_data(bad["model"]))
    assert not verify_certificate(bad).valid


def test_a_pattern_that_does_not_fit_the_network_is_named() -> None:
    net = random_mlp([2, 3, 1], seed=0)
    data = certificate_to_data(enumerate_cells(net))
    _first_cell(data)["pattern"].pop()
    assert verify_certificate(data).reason.startswith("cells[0].pattern: does not fit the model")


def test_whole_space_networks_verify() -> None:
    net = network_from_blocks(1, [Affine(((F(1),), (F(-1),)), (F(0), F(1))), ReLU(2)],
                              whole_space())
    report = verify_certificate(certificate_to_data(enumerate_cells(net)))
    assert report.valid and report.pattern_cells == 3


def test_the_cell_count_bound_holds_for_every_certified_network(
        certified: tuple[Network, dict[str, Any]]) -> None:
    from polyexact.cells import cell_count_bound

    net, data = certified
    assert cell_count_bound(net) >= data["counts"]["pattern_cells"]


@pytest.mark.parametrize("d", [1, 2, 3])
def test_the_bound_is_zaslavskys_count_for_one_hidden_layer(d: int) -> None:
    from polyexact.cells import cell_count_bound

    assert cell_count_bound(moment_mlp(d, 5)) == zaslavsky(d, 5)
