"""The numpy paths of the double description (many generators) agree with the plain loops.

The vectorised adjacency and facet tests only run on large polyhedra; with their thresholds at
zero every cut of the random, degenerate systems of the main test module takes them, and the
results must be the very same polyhedra as with the plain Python loops (and as cddlib's).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import polyexact.polyhedra.incremental.double_description as dd_module
from polyexact.polyhedra.incremental.double_description import DDPolyhedron
from tests.polyhedra.test_double_description import (
    System,
    _check_against_cdd,
    _check_incidence,
    apex_systems,
    systems,
    test_rays_on_d_minus_1_common_rows_need_not_span_an_edge,
)


def _build(system: System) -> DDPolyhedron | None:
    found = DDPolyhedron.from_rows(*system)
    return None if found is None else found[0]


@settings(max_examples=80)
@given(st.integers(1, 4).flatmap(lambda d: systems(d, max_rows=9)) | st.sampled_from([4, 5])
       .flatmap(apex_systems))
def test_vectorised_paths_give_the_same_polyhedra(system: System) -> None:
    plain = _build(system)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(dd_module, "_VECTOR_PAIRS", 0)
        patch.setattr(dd_module, "_VECTOR_POINTS", 0)
        vectorised = _build(system)
    assert vectorised == plain
    if vectorised is not None:
        _check_incidence(vectorised)
        _check_against_cdd(vectorised, *system)


def test_vectorised_combinatorial_test_rejects_a_non_edge() -> None:
    # the main module's R^4 case where two rays share enough tight rows without spanning an
    # edge: the numpy path must reject the pair too (a count filter alone would not)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(dd_module, "_VECTOR_PAIRS", 0)
        patch.setattr(dd_module, "_VECTOR_POINTS", 0)
        test_rays_on_d_minus_1_common_rows_need_not_span_an_edge()
