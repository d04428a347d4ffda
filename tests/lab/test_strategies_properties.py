"""Every drawn model lies in the requested ranges, with weights on the requested grid."""

from __future__ import annotations

from hypothesis import given, settings

from polyexact.lab.strategies import ModelRanges, model_strategy
from polyexact.models import Model
from polyexact.models.load import model_from_data, model_to_data

RANGES = ModelRanges.of(d=(1, 3), n_layers=(1, 2), heads=(0, 3), n_keys=(1, 3), d_k=(1, 2),
                        d_v=(1, 2), d_ff=(0, 3), numerator=2, denominator=3)


@settings(max_examples=60, deadline=None, database=None)
@given(model_strategy(RANGES))
def test_drawn_models_are_in_range_and_round_trip(model: Model) -> None:
    assert 1 <= model.d_model <= 3 and 1 <= model.n_layers <= 2
    for layer in model.layers:
        assert 0 <= len(layer.heads) <= 3
        assert layer.ffn is None or 1 <= layer.ffn.d_ff <= 3
        for head in layer.heads:
            assert 1 <= head.n_keys <= 3 and 1 <= head.d_k <= 2 and 1 <= head.d_v <= 2
            for w in [*head.b_Q, *(x for row in head.keys for x in row)]:
                assert abs(w.numerator) <= 2 and w.denominator <= 3
    # a valid model: the file format accepts it and gives it back unchanged
    assert model_from_data(model_to_data(model)) == model
