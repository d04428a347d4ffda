"""The enumerator against a deliberately simple brute force over all patterns (hypothesis)."""

from __future__ import annotations

import itertools
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from polyexact.cells import enumerate_cells
from polyexact.models import FFN, Domain, Head, Layer, LayerPattern, Model, Pattern
from polyexact.models.forward import attention_map, ffn_map, ffn_preactivations
from polyexact.numbers import AffineMap, Vector
from polyexact.polyhedra import interior_point
from polyexact.polyhedra.lp import max_slack_on_hyperplane
from tests.cells._models import ALL, box

F = Fraction
Row = tuple[Vector, Fraction]


def _add(rows: list[Row], normal: Vector, rhs: Fraction, strict: bool) -> bool:
    """Add ``⟨normal, x⟩ <= rhs`` (``<`` if strict); False when a constant row is violated."""
    if any(normal):
        rows.append((normal, rhs))
        return True
    return rhs > 0 or (rhs == 0 and not strict)


def _system(model: Model, pattern: Pattern) -> list[Row] | None:
    """The full inequality system of one pattern, built directly layer by layer."""
    rows: list[Row] = list(zip(model.domain.A, model.domain.b, strict=True))
    cur = AffineMap.identity(model.d_model)
    for layer, lp in zip(model.layers, pattern, strict=True):
        for head, j in zip(layer.heads, lp.keys, strict=True):
            s = [cur.pull_back(a, beta) for a, beta in zip(head.sites, head.heights, strict=True)]
            for m in range(len(s)):
                if m != j:
                    normal = tuple(x - y for x, y in zip(s[m][0], s[j][0], strict=True))
                    if not _add(rows, normal, s[j][1] - s[m][1], strict=m < j):
                        return None
        cur = attention_map(layer, lp.keys, cur)
        if layer.ffn is not None:
            for (w, c), on in zip(ffn_preactivations(layer.ffn, cur), lp.active, strict=True):
                ok = (_add(rows, tuple(-x for x in w), c, strict=True) if on
                      else _add(rows, w, -c, strict=False))
                if not ok:
                    return None
            cur = ffn_map(layer.ffn, lp.active, cur)
    return rows


def brute_force(model: Model) -> dict[Pattern, list[Row]]:
    """Every pattern whose set has non-empty interior, with its inequality system."""
    per_layer = []
    for layer in model.layers:
        keys = itertools.product(*(range(h.n_keys) for h in layer.heads))
        n = layer.ffn.d_ff if layer.ffn is not None else 0
        bits = itertools.product((False, True), repeat=n)
        per_layer.append([LayerPattern(k, a) for k, a in itertools.product(list(keys), bits)])
    found: dict[Pattern, list[Row]] = {}
    for pattern in itertools.product(*per_layer):
        rows = _system(model, pattern)
        if rows is not None and interior_point([r[0] for r in rows], [r[1] for r in rows],
                                               model.d_model) is not None:
            found[pattern] = rows
    return found


def brute_adjacent(d: int, first: list[Row], second: list[Row]) -> bool:
    """Whether two cells' closures meet in dimension d − 1: try every row of the first."""
    for normal, rhs in first:
        others = [r for r in first + second if r != (normal, rhs)]
        # rows on the same hyperplane (any scaling, either side) leave the LP
        def same(r: Row, normal: Vector = normal, rhs: Fraction = rhs) -> bool:
            k = next(i for i, x in enumerate(normal) if x)
            if r[0][k] == 0:
                return False
            t = r[0][k] / normal[k]
            return all(x == t * y for x, y in zip(r[0], normal, strict=True)) and r[1] == t * rhs
        rest = [r for r in others if not same(r)]
        if max_slack_on_hyperplane([r[0] for r in rest], [r[1] for r in rest], normal, rhs) > 0:
            return True
    return False


# zero is common on purpose: duplicate keys, W_Q = 0, zero rows, walls through vertices
small = st.sampled_from([-2, -1, 0, 1, 2, 3, 0, 1]).map(Fraction)


@st.composite
def models(draw: st.DrawFn) -> Model:
    d = draw(st.integers(1, 2))
    n_layers = draw(st.integers(1, 2))
    layers = []
    for ell in range(n_layers):
        n_heads = draw(st.integers(1 if ell == 0 else 0, 2 if n_layers == 1 else 1))
        heads = []
        for _ in range(n_heads):
            n = draw(st.integers(2, 3))
            d_k = draw(st.integers(1, 2))
            zero_q = draw(st.booleans()) and draw(st.booleans())
            W_Q = tuple(tuple(F(0) if zero_q else draw(small) for _ in range(d))
                        for _ in range(d_k))
            keys = tuple(tuple(draw(small) for _ in range(d_k)) for _ in range(n))
            heads.append(Head(W_Q, tuple(draw(small) for _ in range(d_k)), keys,
                              tuple((draw(small),) for _ in range(n)),
                              tuple(draw(small) for _ in range(n))))
        W_O = tuple(tuple(draw(small) for _ in heads) for _ in range(d))
        ffn = None
        n_ff = draw(st.integers(0, 2 if n_layers == 1 else 1))
        if n_ff:
            ffn = FFN(tuple(tuple(draw(small) for _ in range(d)) for _ in range(n_ff)),
                      tuple(draw(small) for _ in range(n_ff)),
                      tuple(tuple(draw(small) for _ in range(n_ff)) for _ in range(d)),
                      tuple(draw(small) for _ in range(d)), residual=draw(st.booleans()))
        layers.append(Layer(tuple(heads), W_O, residual=draw(st.booleans()), ffn=ffn))
    domain: Domain = box(d) if draw(st.booleans()) else ALL
    return Model(d, tuple(layers), domain)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(models())
def test_enumerator_agrees_with_brute_force(model: Model) -> None:
    _check_against_brute_force(model)


def _check_against_brute_force(model: Model) -> int:
    cx = enumerate_cells(model)
    expected = brute_force(model)
    assert [c.pattern for c in cx.cells] == sorted(expected)
    assert cx.n_regions <= cx.n_cells
    systems = [expected[c.pattern] for c in cx.cells]
    pairs = {(a.first, a.second) for a in cx.adjacency}
    for i in range(len(systems)):
        for k in range(i + 1, len(systems)):
            assert ((i, k) in pairs) == brute_adjacent(model.d_model, systems[i], systems[k])
    return cx.n_cells


@pytest.mark.parametrize("denominator", [1, 3])
@pytest.mark.parametrize(
    "shape",
    [
        {"d": 2, "n_layers": 1, "heads": 2, "n_keys": 3, "d_k": 2, "d_v": 1, "d_ff": 2},
        {"d": 2, "n_layers": 2, "heads": 1, "n_keys": 2, "d_k": 2, "d_v": 1, "d_ff": 1},
        {"d": 1, "n_layers": 2, "heads": 1, "n_keys": 3, "d_k": 1, "d_v": 1, "d_ff": 2},
        {"d": 3, "n_layers": 1, "heads": 1, "n_keys": 4, "d_k": 2, "d_v": 2, "d_ff": 2},
    ],
)
def test_random_models_agree_with_brute_force(shape: dict[str, int], denominator: int) -> None:
    from polyexact.models.builders import random_model

    total = 0
    for seed in range(8):
        for domain in ("box", "all"):
            model = random_model(**shape, seed=seed, domain=domain,  # type: ignore[arg-type]
                                 denominator=denominator, logit_bias=seed % 2 == 0,
                                 ffn_residual=seed % 3 == 0)
            total += _check_against_brute_force(model)
    # the seeds give genuinely split models, not only one-cell ones
    assert total > 2 * 16
