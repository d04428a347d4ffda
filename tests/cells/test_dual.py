"""Primal cell enumeration against dual Minkowski-sum vertex counting (docs/theory.md §3)."""

from __future__ import annotations

import dataclasses
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from polyexact.cells import enumerate_cells
from polyexact.cells.dual import check_dual, dual_applies, dual_labels
from polyexact.errors import InternalCheckError
from polyexact.models import Head, Model
from polyexact.models.builders import construction, random_model
from tests.cells._models import attention_model, site_head

F = Fraction


def test_max_of_x_y_and_0_has_three_upper_vertices() -> None:
    model = attention_model([site_head([[1, 0], [0, 1], [0, 0]])], 2)
    assert check_dual(enumerate_cells(model)) == 3


def test_dual_only_applies_to_one_attention_layer_over_all_space() -> None:
    assert not dual_applies(construction(2, 2, 4, 1))
    assert dual_applies(attention_model([site_head([[1], [0]])], 1))
    with pytest.raises(ValueError, match="one attention layer"):
        dual_labels(construction(2, 2, 4, 1))


def test_a_missing_cell_is_caught() -> None:
    cx = enumerate_cells(attention_model([site_head([[1, 0], [0, 1], [0, 0]])], 2))
    broken = dataclasses.replace(cx, cells=cx.cells[1:], region_of=cx.region_of[1:])
    with pytest.raises(InternalCheckError, match="3 upper vertices"):
        check_dual(broken)


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("biases", [False, True])
def test_random_one_layer_models_agree(seed: int, biases: bool) -> None:
    model = random_model(2, n_layers=1, heads=2, n_keys=4, d_k=2, d_v=1, d_ff=0, seed=seed,
                         query_bias=biases, logit_bias=biases, domain="all", denominator=3)
    cx = enumerate_cells(model)
    assert check_dual(cx) == cx.n_cells


coord = st.integers(-2, 2)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.lists(st.tuples(coord, coord, coord), min_size=1, max_size=4), min_size=1,
             max_size=3),
    st.booleans(),
)
def test_degenerate_heads_agree(sets: list[list[tuple[int, int, int]]], zero_query: bool) -> None:
    # (x, y, height) triples; small integers give duplicate sites, equal lifts, collinear sites
    heads: list[Head] = []
    for pts in sets:
        head = site_head([[p[0], p[1]] for p in pts], [p[2] for p in pts])
        if zero_query:
            head = dataclasses.replace(head, W_Q=((F(0), F(0)), (F(0), F(0))))
        heads.append(head)
    model: Model = attention_model(heads, 2)
    cx = enumerate_cells(model)
    assert check_dual(cx) == cx.n_cells
    if zero_query:
        assert cx.n_cells == 1
