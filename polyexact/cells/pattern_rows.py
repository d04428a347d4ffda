"""The inequalities that define a pattern's set, computed straight from the model.

This is the verifier's own description of a pattern cell (theory.md §5), written independently
of the enumerator: given a pattern, every head's routing rows and every neuron's sign row are
pulled back to the input through the pattern's per-layer affine maps, and the domain's rows are
added. The pattern's set is ``{x : every row holds}`` with the strict rows strict.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from polyexact.cells.cell import Wall
from polyexact.models import Model, Pattern
from polyexact.models.forward import attention_map, ffn_map, ffn_preactivations
from polyexact.numbers import AffineMap, Vector

__all__ = ["PatternRow", "pattern_rows"]


@dataclass(frozen=True)
class PatternRow:
    """One row ``⟨a, x⟩ <= bound`` (``<`` when ``strict``) of a pattern's set, with its wall."""

    wall: Wall
    a: Vector
    bound: Fraction
    strict: bool

    @property
    def is_constant(self) -> bool:
        """Whether the row does not depend on ``x`` (then it is decided exactly)."""
        return not any(self.a)

    def holds_constantly(self) -> bool:
        """For a constant row: whether ``0 <= bound`` (``0 < bound`` when strict) holds."""
        return self.bound > 0 or (self.bound == 0 and not self.strict)


def pattern_rows(model: Model, pattern: Pattern) -> list[PatternRow]:
    r"""Return every row of the set of inputs that follow ``pattern`` (domain rows included).

    Head h of layer l routing to ``j`` contributes, for each other key ``m``, the row
    $\langle a_m - a_j, x_l\rangle \le \beta_j - \beta_m$ (strict for ``m < j``: the lowest index
    wins ties) pulled back to the input, with wall ``("route", l, h, (j, m))``. A neuron with
    pre-activation ``p(x)`` contributes ``-p(x) < 0`` when active and ``p(x) <= 0`` when inactive.

    Raises
    ------
    ShapeError
        If the pattern does not fit the model (wrong number of layers, heads, keys or neurons).

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.models import FFN, Domain, Layer, LayerPattern, Model
    >>> from polyexact.cells.pattern_rows import pattern_rows
    >>> relu = Layer(heads=(), W_O=((),), ffn=FFN(W1=((F(2),),), b1=(F(-1),), W2=((F(1),),),
    ...                                           b2=(F(0),)))
    >>> m = Model(1, (relu,), Domain("all", (), ()))
    >>> rows = pattern_rows(m, (LayerPattern((), (True,)),))
    >>> [(str(r.a[0]), str(r.bound), r.strict) for r in rows]
    [('-2', '-1', True)]
    """
    from polyexact.errors import ShapeError

    if len(pattern) != model.n_layers:
        raise ShapeError(f"expected {model.n_layers} layers, found {len(pattern)}", field="pattern")
    rows: list[PatternRow] = []
    current = AffineMap.identity(model.d_model)
    for layer_index, (layer, lp) in enumerate(zip(model.layers, pattern, strict=True)):
        field = f"pattern[{layer_index}]"
        if len(lp.keys) != len(layer.heads):
            raise ShapeError(f"expected {len(layer.heads)} keys, found {len(lp.keys)}",
                             field=f"{field}.keys")
        for h, (head, j) in enumerate(zip(layer.heads, lp.keys, strict=True)):
            if j >= head.n_keys:
                raise ShapeError(f"head {h} has {head.n_keys} keys, found key {j}",
                                 field=f"{field}.keys[{h}]")
            for m in range(head.n_keys):
                if m == j:
                    continue
                diff = tuple(x - y for x, y in zip(head.sites[m], head.sites[j], strict=True))
                a, c = current.pull_back(diff, head.heights[m] - head.heights[j])
                # strict for m < j: the lowest index wins ties (theory.md §5, rule 1)
                rows.append(PatternRow(Wall("route", layer_index, h, (j, m)), a, -c, m < j))
        to_y = attention_map(layer, lp.keys, current)
        n_ff = layer.ffn.d_ff if layer.ffn is not None else 0
        if len(lp.active) != n_ff:
            raise ShapeError(f"expected {n_ff} active bits, found {len(lp.active)}",
                             field=f"{field}.active")
        if layer.ffn is None:
            current = to_y
            continue
        for i, ((a, c), on) in enumerate(zip(ffn_preactivations(layer.ffn, to_y), lp.active,
                                             strict=True)):
            wall = Wall("neuron", layer_index, neuron=i)
            # active iff the pre-activation is > 0; exactly 0 is inactive (theory.md §5, rule 2)
            if on:
                rows.append(PatternRow(wall, tuple(-x for x in a), c, True))
            else:
                rows.append(PatternRow(wall, a, -c, False))
        current = ffn_map(layer.ffn, lp.active, to_y)
    for r, (a, bound) in enumerate(zip(model.domain.A, model.domain.b, strict=True)):
        rows.append(PatternRow(Wall("domain", -1, neuron=r), tuple(a), bound, False))
    return rows
