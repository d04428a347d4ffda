"""The inequalities that define a pattern's set, computed straight from the model.

This is the verifier's own description of a pattern cell (docs/theory.md §5), written independently
of the enumerator (its arithmetic is :mod:`polyexact.verify.evaluate`): given a pattern, every
head's routing rows and every neuron's sign row are pulled back to the input through the
pattern's per-layer affine maps, and the domain's rows are added. The pattern's set is
``{x : every row holds}`` with the strict rows strict.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from math import gcd, lcm

from polyexact.certificates.cell import Wall
from polyexact.models import FFN, LayerPattern, Model, Pattern
from polyexact.networks.blocks import Affine, Attention, Block, LeakyReLU, Network, ReLU
from polyexact.numbers import AffineMap, Vector
from polyexact.verify.evaluate import (
    Map,
    attention_output,
    ffn_output,
    head_scores,
    identity_map,
    preactivations,
    pull_back,
)
from polyexact.verify.fast_rationals import mpq, with_mpq

__all__ = ["IntRow", "NetworkRowCache", "PatternRow", "PatternRowCache", "WallRows",
           "pattern_rows", "row_cache", "rows_by_wall"]


@dataclass(frozen=True)
class PatternRow:
    """One row ``⟨a, x⟩ <= bound`` (``<`` when ``strict``) of a pattern's set, with its wall.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> row = PatternRow(Wall("neuron", 0, neuron=0), (F(0),), F(-1), True)
    >>> row.is_constant, row.holds_constantly()
    (True, False)
    >>> PatternRow(Wall("neuron", 0, neuron=0), (F(2),), F(1), False).is_constant
    False
    """

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
    >>> from polyexact.verify.pattern_rows import pattern_rows
    >>> relu = Layer(heads=(), W_O=((),), ffn=FFN(W1=((F(2),),), b1=(F(-1),), W2=((F(1),),),
    ...                                           b2=(F(0),)))
    >>> m = Model(1, (relu,), Domain("all", (), ()))
    >>> rows = pattern_rows(m, (LayerPattern((), (True,)),))
    >>> [(str(r.a[0]), str(r.bound), r.strict) for r in rows]
    [('-2', '-1', True)]
    """
    rows, _ = PatternRowCache(model).rows_and_map(pattern)
    return rows


#: A layer's rows by wall: the primitive integer tuple ``(a..., q)``, ``None`` for a constant row.
WallRows = dict[Wall, "tuple[int, ...] | None"]


def rows_by_wall(rows: list[PatternRow], ints: list[IntRow]) -> WallRows:
    """Rows by their walls, each as the primitive tuple ``(a_1, ..., a_d, q)`` (``None`` when
    the row is constant: no recorded row can be a multiple of it).

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> w = Wall("neuron", 0, neuron=0)
    >>> rows_by_wall([PatternRow(w, (F(2), F(0)), F(1), False)], [((2, 0), 1)])
    {Wall(kind='neuron', layer=0, head=-1, keys=(-1, -1), neuron=0): (2, 0, 1)}
    """
    return {row.wall: (*ia, iq) if any(ia) else None
            for row, (ia, iq) in zip(rows, ints, strict=True)}


class _WallTables:
    """Per layer (or leaf) done, its rows by wall, and the domain's: filled by the row caches
    below as they build each layer, so that a cell's walls are looked up in their own layer's
    table (built once per layer) rather than in a table of the whole pattern built per cell."""

    _by_wall: list[WallRows]
    _domain_by_wall: WallRows

    def wall_rows(self, layer: int) -> WallRows:
        """The rows of layer (or leaf) ``layer`` (``-1``: the domain's) of the last pattern
        given to ``rows_ints_and_map``, by wall (see :func:`rows_by_wall`); empty for no such
        layer."""
        if layer == -1:
            return self._domain_by_wall
        return self._by_wall[layer] if 0 <= layer < len(self._by_wall) else {}


class PatternRowCache(_WallTables):
    """:func:`pattern_rows` and the pattern's exact affine map, sharing work between patterns.

    Rows and maps of a layer depend only on the pattern up to that layer, so the layers a
    pattern shares with the previous call are not recomputed (cells listed in pattern order
    share long prefixes). Only the last pattern's layers are kept. Each row also comes as a
    primitive integer row (a positive multiple), for exact integer evaluation.

    Examples
    --------
    >>> from polyexact.models.builders import construction
    >>> from polyexact.models.forward import affine_map_of_pattern
    >>> from polyexact.models import LayerPattern
    >>> m = construction(1, 2, 2, 2)
    >>> p = (LayerPattern((1,), (True, False)), LayerPattern((0,), (False, True)))
    >>> cache = PatternRowCache(m)
    >>> rows, amap = cache.rows_and_map(p)
    >>> rows == pattern_rows(m, p) and amap == affine_map_of_pattern(m, p)
    True
    """

    def __init__(self, model: Model) -> None:
        self.model = model
        # the arithmetic in GMP rationals (exact, and much faster than Fractions)
        self._q = with_mpq(model)
        # per layer done: (layer pattern, its rows, their integer forms, map after the layer)
        self._layers: list[tuple[LayerPattern, list[PatternRow], list[IntRow], Map]] = []
        # per layer done, its rows by wall (built once per layer, see wall_rows)
        self._by_wall: list[WallRows] = []
        self._domain = [PatternRow(Wall("domain", -1, neuron=r), tuple(a), bound, False)
                        for r, (a, bound) in enumerate(zip(self._q.domain.A, self._q.domain.b,
                                                           strict=True))]
        self._domain_int = [_int_row(r) for r in self._domain]
        self._domain_by_wall = rows_by_wall(self._domain, self._domain_int)
        # per layer: keys -> routing rows, their integer forms, attention map and pre-activations,
        # valid while the layers before it are unchanged (cells differing only in a layer's
        # active bits share its keys: its attention and pre-activations are computed once)
        self._memo: list[dict[tuple[int, ...], _Routed]] = [{} for _ in model.layers]

    def rows_and_map(self, pattern: Pattern) -> tuple[list[PatternRow], AffineMap]:
        """The pattern's rows (as :func:`pattern_rows`) and its map ``x -> x_{L+1}``."""
        rows, _, amap = self.rows_ints_and_map(pattern)
        return rows, amap

    def rows_ints_and_map(self, pattern: Pattern
                          ) -> tuple[list[PatternRow], list[IntRow], AffineMap]:
        """As :meth:`rows_and_map`, with every row also as a primitive integer row."""
        from polyexact.errors import ShapeError

        model = self._q
        if len(pattern) != model.n_layers:
            raise ShapeError(f"expected {model.n_layers} layers, found {len(pattern)}",
                             field="pattern")
        k = 0
        while k < len(self._layers) and self._layers[k][0] == pattern[k]:
            k += 1
        if k < len(self._layers):
            del self._layers[k:], self._by_wall[k:]
            # the input of layers after k changed (layer k's input did not)
            for memo in self._memo[k + 1:]:
                memo.clear()
        current = self._layers[-1][3] if self._layers else identity_map(model.d_model, mpq(1))
        for layer_index in range(k, model.n_layers):
            lp = pattern[layer_index]
            memo = self._memo[layer_index]
            routed = memo.get(lp.keys)
            if routed is None:
                routed = _route_rows(model, layer_index, lp.keys, current)
                memo[lp.keys] = routed
            rows, ints, current = _ffn_rows(model, layer_index, lp.active, routed)
            self._layers.append((lp, rows, ints, current))
            self._by_wall.append(rows_by_wall(rows, ints))
            if layer_index + 1 < model.n_layers:
                self._memo[layer_index + 1].clear()
        all_rows = [r for entry in self._layers for r in entry[1]] + self._domain
        ints = [r for entry in self._layers for r in entry[2]] + self._domain_int
        return all_rows, ints, AffineMap(current[0], current[1])




#: ``(a, q)`` with integer ``a`` and ``q``: the primitive positive multiple of ``⟨a, x⟩ <= q``.
IntRow = tuple[tuple[int, ...], int]


def _int_row(row: PatternRow) -> IntRow:
    # primitive (gcd 1): positive multiples of one row give the same tuple; Python ints (not
    # gmpy2's mpz) so that they mix with the certificate's numbers everywhere
    den = lcm(*(int(x.denominator) for x in row.a), int(row.bound.denominator))
    ints = [int(x.numerator) * (den // int(x.denominator)) for x in (*row.a, row.bound)]
    g = gcd(*ints) or 1
    return tuple(x // g for x in ints[:-1]), ints[-1] // g


#: A layer's routing rows (and integer forms), its attention map, its FFN pre-activations and
#: the neuron rows made from them so far, by ``(neuron, active)`` (each built once per keys).
_Routed = tuple[list[PatternRow], list[IntRow], Map, list[tuple[Vector, Fraction]] | None,
                dict[tuple[int, bool], tuple[PatternRow, IntRow]]]


def _route_rows(model: Model, layer_index: int, keys: tuple[int, ...], current: Map
                ) -> _Routed:
    """A layer's routing rows pulled back through ``current``, its attention map ``x -> y``
    and its neurons' pre-activations (the part of the layer that depends on the keys only)."""
    from polyexact.errors import ShapeError

    layer = model.layers[layer_index]
    rows: list[PatternRow] = []
    field = f"pattern[{layer_index}]"
    lp = LayerPattern(keys, ())
    if len(lp.keys) != len(layer.heads):
        raise ShapeError(f"expected {len(layer.heads)} keys, found {len(lp.keys)}",
                         field=f"{field}.keys")
    for h, (head, j) in enumerate(zip(layer.heads, lp.keys, strict=True)):
        if j >= head.n_keys:
            raise ShapeError(f"head {h} has {head.n_keys} keys, found key {j}",
                             field=f"{field}.keys[{h}]")
        scores = head_scores(head, current)
        a_j, c_j = scores[j]
        for m, (a_m, c_m) in enumerate(scores):
            if m == j:
                continue
            # s_m(x) - s_j(x) <= 0, strict for m < j: the lowest index wins ties (rule 1)
            a = tuple(p - q for p, q in zip(a_m, a_j, strict=True))
            rows.append(PatternRow(Wall("route", layer_index, h, (j, m)), a, c_j - c_m, m < j))
    to_y = attention_output(layer, lp.keys, current)
    pre = None if layer.ffn is None else preactivations(layer.ffn, to_y)
    return rows, [_int_row(r) for r in rows], to_y, pre, {}


def _ffn_rows(model: Model, layer_index: int, active: tuple[bool, ...], routed: _Routed
              ) -> tuple[list[PatternRow], list[IntRow], Map]:
    """All rows of a layer (routing, then neurons), their integer forms, the map after it."""
    from polyexact.errors import ShapeError

    layer = model.layers[layer_index]
    route_rows, route_ints, to_y, pre, made = routed
    n_ff = layer.ffn.d_ff if layer.ffn is not None else 0
    if len(active) != n_ff:
        raise ShapeError(f"expected {n_ff} active bits, found {len(active)}",
                         field=f"pattern[{layer_index}].active")
    if layer.ffn is None or pre is None:
        return route_rows, route_ints, to_y
    rows, ints = list(route_rows), list(route_ints)
    for i, ((a, c), on) in enumerate(zip(pre, active, strict=True)):
        row_int = made.get((i, on))
        if row_int is None:
            wall = Wall("neuron", layer_index, neuron=i)
            # active iff the pre-activation is > 0; exactly 0 is inactive
            # (docs/theory.md §5, rule 2)
            row = (PatternRow(wall, tuple(-x for x in a), c, True) if on
                   else PatternRow(wall, a, -c, False))
            row_int = made[(i, on)] = row, _int_row(row)
        rows.append(row_int[0])
        ints.append(row_int[1])
    return rows, ints, ffn_output(layer.ffn, active, to_y, pre)


def row_cache(model: Model | Network) -> PatternRowCache | NetworkRowCache:
    """The row cache for a certificate's model: a v1 transformer or a block network.

    Examples
    --------
    >>> from polyexact.networks import random_mlp
    >>> type(row_cache(random_mlp([2, 3, 1], seed=0))).__name__
    'NetworkRowCache'
    """
    return NetworkRowCache(model) if isinstance(model, Network) else PatternRowCache(model)


#: A step of a network's program: a leaf block (its index), or opening / closing a residual.
_Op = tuple[str, int, Block | None]


class NetworkRowCache(_WallTables):
    r"""The rows of a block network's pattern and its exact affine map, from the definitions.

    The pattern has one entry per leaf block (residual bodies opened, depth first). With ``m``
    the map from the input to a leaf's input: an attention leaf ``l`` contributes its heads'
    routing rows (as for a v1 layer, walls ``("route", l, h, (j, m))``); a ReLU or leaky ReLU
    neuron ``i`` with pre-activation $p(x) = m_i(x)$, and an FFN neuron with $p(x) = \langle
    W_{1,i}, m(x)\rangle + b_{1,i}$, contribute ``-p(x) < 0`` when active and ``p(x) <= 0``
    when inactive (wall ``("neuron", l, i)``); an affine leaf contributes nothing. The map is
    then carried through the block for the pattern's entry: ``W m + b`` (affine), the active
    rows kept and the others zeroed or scaled by the slope (ReLU, leaky ReLU), the attention or
    FFN output; a residual connection adds the map at its input to its body's. Rows depend on
    the pattern up to their leaf only, so a prefix shared with the previous call is reused.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.models import LayerPattern, box_domain
    >>> from polyexact.networks import Affine, ReLU, network_from_blocks
    >>> net = network_from_blocks(1, [Affine(((F(2),),), (F(-1),)), ReLU(1)],
    ...                           box_domain([(F(0), F(1))]))
    >>> rows, _, amap = NetworkRowCache(net).rows_ints_and_map(
    ...     (LayerPattern((), ()), LayerPattern((), (True,))))
    >>> [(str(r.a[0]), str(r.bound), r.strict, r.wall.kind) for r in rows]
    [('-2', '-1', True, 'neuron'), ('1', '1', False, 'domain'), ('-1', '0', False, 'domain')]
    >>> amap.A == ((F(2),),) and amap.b == (F(-1),)   # exact GMP rationals (gmpy2.mpq)
    True
    """

    def __init__(self, net: Network) -> None:
        self.model = net
        self._ops: list[_Op] = []
        self._leaf_op: list[int] = []
        # the arithmetic in GMP rationals (exact, and much faster than Fractions)
        q = with_mpq(net)
        self._walk(q.blocks)
        self._domain = [PatternRow(Wall("domain", -1, neuron=r), tuple(a), bound, False)
                        for r, (a, bound) in enumerate(zip(q.domain.A, q.domain.b,
                                                           strict=True))]
        self._domain_int = [_int_row(r) for r in self._domain]
        # done so far: the pattern's entries, per leaf its rows (and integer forms), and per op
        # the map and the stack of residual inputs after it
        self._entries: list[LayerPattern] = []
        self._rows: list[tuple[list[PatternRow], list[IntRow]]] = []
        self._by_wall: list[WallRows] = []
        self._domain_by_wall = rows_by_wall(self._domain, self._domain_int)
        self._states: list[tuple[Map, tuple[Map, ...]]] = []

    def _walk(self, blocks: tuple[Block, ...]) -> None:
        from polyexact.networks.blocks import Residual

        for block in blocks:
            if isinstance(block, Residual):
                self._ops.append(("push", -1, None))
                self._walk(block.body)
                self._ops.append(("pop", -1, None))
            else:
                self._leaf_op.append(len(self._ops))
                self._ops.append(("leaf", len(self._leaf_op) - 1, block))

    def rows_and_map(self, pattern: Pattern) -> tuple[list[PatternRow], AffineMap]:
        """The pattern's rows (domain rows last) and its map from the input to the output."""
        rows, _, amap = self.rows_ints_and_map(pattern)
        return rows, amap

    def rows_ints_and_map(self, pattern: Pattern
                          ) -> tuple[list[PatternRow], list[IntRow], AffineMap]:
        """As :meth:`rows_and_map`, with every row also as a primitive integer row."""
        from polyexact.errors import ShapeError

        if len(pattern) != len(self._leaf_op):
            raise ShapeError(f"expected {len(self._leaf_op)} entries (one per leaf block), "
                             f"found {len(pattern)}", field="pattern")
        k = 0
        while k < len(self._entries) and self._entries[k] == pattern[k]:
            k += 1
        del self._entries[k:], self._rows[k:], self._by_wall[k:]
        # resume at leaf k's op (or where the states end: the ops before the first leaf, the
        # residual openings, run once)
        start = min(self._leaf_op[k] if k < len(self._leaf_op) else len(self._ops),
                    len(self._states))
        del self._states[start:]
        for op in range(start, len(self._ops)):
            kind, leaf, block = self._ops[op]
            m, stack = self._states[-1] if self._states else \
                (identity_map(self.model.in_dim, mpq(1)), ())
            if kind == "push":
                self._states.append((m, (*stack, m)))
                continue
            if kind == "pop":
                self._states.append((_add(m, stack[-1]), stack[:-1]))
                continue
            assert block is not None
            rows, after = _leaf_rows(block, leaf, pattern[leaf], m)
            self._entries.append(pattern[leaf])
            self._rows.append((rows, [_int_row(r) for r in rows]))
            self._by_wall.append(rows_by_wall(*self._rows[-1]))
            self._states.append((after, stack))
        final = self._states[-1][0] if self._states else identity_map(self.model.in_dim, mpq(1))
        all_rows = [r for rows, _ in self._rows for r in rows] + self._domain
        ints = [i for _, ints in self._rows for i in ints] + self._domain_int
        return all_rows, ints, AffineMap(final[0], final[1])


def _add(f: Map, g: Map) -> Map:
    return (tuple(tuple(x + y for x, y in zip(r, s, strict=True))
                  for r, s in zip(f[0], g[0], strict=True)),
            tuple(x + y for x, y in zip(f[1], g[1], strict=True)))


def _neuron_rows(leaf: int, pre: list[tuple[Vector, Fraction]], active: tuple[bool, ...]
                 ) -> list[PatternRow]:
    rows: list[PatternRow] = []
    for i, ((a, c), on) in enumerate(zip(pre, active, strict=True)):
        wall = Wall("neuron", leaf, neuron=i)
        # active iff the pre-activation is > 0; exactly 0 is inactive (docs/theory.md §5, rule 2)
        rows.append(PatternRow(wall, tuple(-x for x in a), c, True) if on
                    else PatternRow(wall, a, -c, False))
    return rows


def _leaf_rows(block: Block, leaf: int, entry: LayerPattern, m: Map
               ) -> tuple[list[PatternRow], Map]:
    """A leaf block's rows for its pattern entry and the map after it (``m``: before it)."""
    from polyexact.errors import ShapeError

    field = f"pattern[{leaf}]"
    heads = block.heads if isinstance(block, Attention) else ()
    n_bits = block.width if isinstance(block, (ReLU, LeakyReLU)) else \
        block.d_ff if isinstance(block, FFN) else 0
    if len(entry.keys) != len(heads):
        raise ShapeError(f"expected {len(heads)} keys, found {len(entry.keys)}",
                         field=f"{field}.keys")
    if len(entry.active) != n_bits:
        raise ShapeError(f"expected {n_bits} active bits, found {len(entry.active)}",
                         field=f"{field}.active")
    if isinstance(block, Affine):
        rows_b = [pull_back(w, b, m) for w, b in zip(block.W, block.b, strict=True)]
        return [], (tuple(a for a, _ in rows_b), tuple(c for _, c in rows_b))
    if isinstance(block, (ReLU, LeakyReLU)):
        slope = block.slope if isinstance(block, LeakyReLU) else 0
        M, c = m
        rows = _neuron_rows(leaf, list(zip(M, c, strict=True)), entry.active)
        return rows, (tuple(r if on else tuple(slope * x for x in r)
                            for r, on in zip(M, entry.active, strict=True)),
                      tuple(v if on else slope * v for v, on in zip(c, entry.active,
                                                                    strict=True)))
    if isinstance(block, FFN):
        pre = preactivations(block, m)
        return _neuron_rows(leaf, pre, entry.active), ffn_output(block, entry.active, m, pre)
    assert isinstance(block, Attention)
    rows = []
    for h, (head, j) in enumerate(zip(heads, entry.keys, strict=True)):
        if j >= head.n_keys:
            raise ShapeError(f"head {h} has {head.n_keys} keys, found key {j}",
                             field=f"{field}.keys[{h}]")
        scores = head_scores(head, m)
        a_j, c_j = scores[j]
        for other, (a_m, c_m) in enumerate(scores):
            if other != j:
                # s_m(x) - s_j(x) <= 0, strict for m < j: the lowest index wins ties (rule 1)
                a = tuple(p - q for p, q in zip(a_m, a_j, strict=True))
                rows.append(PatternRow(Wall("route", leaf, h, (j, other)), a, c_j - c_m,
                                       other < j))
    return rows, attention_output(block, entry.keys, m)
