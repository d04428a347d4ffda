"""Small models written as ``polyexact.model/1`` data, and an independent pattern brute force."""

from __future__ import annotations

from itertools import product
from typing import Any

from polyexact.cells import CellComplex, enumerate_cells
from polyexact.certificates.write import certificate_to_data
from polyexact.models import LayerPattern, Model, Pattern, model_from_data
from polyexact.polyhedra import interior_point
from polyexact.verify.pattern_rows import pattern_rows
from polyexact.verify.verifier import verify_certificate

Data = dict[str, Any]


def head(W_Q: list[list[Any]], keys: list[list[Any]], *, b_Q: list[Any] | None = None,
         logit_bias: list[Any] | None = None, values: list[list[Any]] | None = None) -> Data:
    """A head; values default to ``[[j]]`` for key ``j`` (so different keys, different maps)."""
    data: Data = {"W_Q": W_Q, "keys": keys,
                  "values": values if values is not None else [[j] for j in range(len(keys))]}
    if b_Q is not None:
        data["b_Q"] = b_Q
    if logit_bias is not None:
        data["logit_bias"] = logit_bias
    return data


def model(d: int, layers: list[Data], domain: Any = "all") -> Model:
    """Build (and so validate) a model from layer dicts."""
    return model_from_data({"format": "polyexact.model/1", "d_model": d, "domain": domain,
                            "layers": layers})


def brute_force_patterns(m: Model) -> set[Pattern]:
    """Every pattern whose set has non-empty interior, tried one by one (no enumerator).

    Each candidate's rows come from :func:`pattern_rows`; constant rows are decided exactly and
    the others must admit a point with positive slack (the interior of the strict set).
    """
    per_layer = []
    for layer in m.layers:
        keys = list(product(*(range(h.n_keys) for h in layer.heads)))
        bits = list(product((False, True), repeat=layer.ffn.d_ff if layer.ffn else 0))
        per_layer.append([LayerPattern(k, a) for k in keys for a in bits])
    found = set()
    for pattern in product(*per_layer):
        rows = pattern_rows(m, pattern)
        if not all(r.holds_constantly() for r in rows if r.is_constant):
            continue
        live = [r for r in rows if not r.is_constant]
        if interior_point([r.a for r in live], [r.bound for r in live], m.d_model) is not None:
            found.add(pattern)
    return found


def certified(m: Model) -> CellComplex:
    """Enumerate ``m``; check its certificate verifies and the brute force finds the same cells."""
    cx = enumerate_cells(m)
    report = verify_certificate(certificate_to_data(cx))
    assert report.valid, report.reason
    assert (report.pattern_cells, report.linear_regions) == (cx.n_cells, cx.n_regions)
    assert {c.pattern for c in cx.cells} == brute_force_patterns(m)
    return cx
