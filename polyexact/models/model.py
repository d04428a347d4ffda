"""The conditioned tropical transformer (docs/theory.md §1) as immutable, validated objects.

A model is built by :func:`polyexact.models.load_model` (from a ``polyexact.model/1`` file), by
the builders (``construction``, ``random_model``), or directly from these dataclasses. Every
number is a :class:`~fractions.Fraction` (or an ``int``); matrices are tuples of row tuples. The
dataclasses refuse any other number (a float would make every result a float):
:func:`polyexact.models.model_from_data` converts floats, strings and arrays exactly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property
from typing import Literal

from polyexact.errors import NumberError
from polyexact.numbers import Matrix, Vector, dot, transpose

__all__ = ["FFN", "Domain", "Head", "Layer", "LayerPattern", "Model", "Pattern"]


@dataclass(frozen=True)
class Head:
    """One attention head: query map, fixed keys and values, per-key logit offsets.

    ``W_Q`` is d_k × d, ``b_Q`` has d_k entries, ``keys`` is N × d_k, ``values`` is N × d_v and
    ``logit_bias`` has N entries. Its score of key j at input x is
    ``⟨W_Q x + b_Q, k_j⟩ + c_j = ⟨a_j, x⟩ + β_j`` with ``a_j = W_Qᵀ k_j`` (the *sites*) and
    ``β_j = ⟨b_Q, k_j⟩ + c_j`` (the *heights*).

    Attributes
    ----------
    W_Q : Matrix
        The query weights.
    b_Q : Vector
        The query bias.
    keys : Matrix
        One key ``k_j`` per row.
    values : Matrix
        One value ``v_j`` per row.
    logit_bias : Vector
        The offsets ``c_j``.

    See Also
    --------
    polyexact.models.forward.route, head_power_diagram

    Notes
    -----
    docs/theory.md §1 defines the head; ties between maximal scores go to the lowest index (§5).

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.models import Head
    >>> head = Head(W_Q=((F(2),),), b_Q=(F(1),), keys=((F(1),), (F(-1),)),
    ...             values=((F(1),), (F(0),)), logit_bias=(F(0), F(1, 2)))
    >>> head.n_keys, head.d_k, head.d_v
    (2, 1, 1)
    >>> head.sites, head.heights
    (((Fraction(2, 1),), (Fraction(-2, 1),)), (Fraction(1, 1), Fraction(-1, 2)))
    >>> head.has_query_bias, head.has_logit_bias
    (True, True)
    >>> Head(W_Q=((0.5,),), b_Q=(F(0),), keys=((F(1),),), values=((F(1),),),
    ...      logit_bias=(F(0),))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    polyexact.errors.NumberError: W_Q[0][0]: expected an exact number (Fraction or int), found...
    """

    W_Q: Matrix
    b_Q: Vector
    keys: Matrix
    values: Matrix
    logit_bias: Vector

    def __post_init__(self) -> None:
        _exact(self.W_Q, "W_Q")
        _exact(self.b_Q, "b_Q")
        _exact(self.keys, "keys")
        _exact(self.values, "values")
        _exact(self.logit_bias, "logit_bias")

    @property
    def n_keys(self) -> int:
        """N, the number of keys."""
        return len(self.keys)

    @property
    def d_k(self) -> int:
        """Query/key width."""
        return len(self.W_Q)

    @property
    def d_v(self) -> int:
        """Value width."""
        return len(self.values[0]) if self.values else 0

    @cached_property
    def sites(self) -> Matrix:
        """``a_j = W_Qᵀ k_j`` for every key j (the exponents of the tropical polynomial)."""
        wt = transpose(self.W_Q)
        return tuple(tuple(dot(col, k) for col in wt) for k in self.keys)

    @cached_property
    def heights(self) -> Vector:
        """``β_j = ⟨b_Q, k_j⟩ + c_j`` for every key j."""
        return tuple(dot(self.b_Q, k) + c for k, c in zip(self.keys, self.logit_bias, strict=True))

    @property
    def has_query_bias(self) -> bool:
        """Whether ``b_Q`` is non-zero."""
        return any(self.b_Q)

    @property
    def has_logit_bias(self) -> bool:
        """Whether some logit offset is non-zero."""
        return any(self.logit_bias)


@dataclass(frozen=True)
class FFN:
    """A ReLU feed-forward block ``z = W2 · ReLU(W1 y + b1) + b2``.

    With ``residual`` the block output is ``y + z``, otherwise ``z``.

    Attributes
    ----------
    W1 : Matrix
        d_ff × d, one row per neuron.
    b1 : Vector
        The neurons' biases.
    W2 : Matrix
        d × d_ff.
    b2 : Vector
        The output bias.
    residual : bool
        Whether the block adds its input to its output (default ``False``).

    See Also
    --------
    polyexact.models.forward.ffn_map

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.models import FFN
    >>> relu = FFN(W1=((F(1),), (F(-1),)), b1=(F(0), F(0)), W2=((F(1), F(1)),), b2=(F(0),))
    >>> relu.d_ff, relu.residual
    (2, False)
    """

    W1: Matrix
    b1: Vector
    W2: Matrix
    b2: Vector
    residual: bool = False

    def __post_init__(self) -> None:
        _exact(self.W1, "W1")
        _exact(self.b1, "b1")
        _exact(self.W2, "W2")
        _exact(self.b2, "b2")

    @property
    def d_ff(self) -> int:
        """Number of neurons."""
        return len(self.W1)


@dataclass(frozen=True)
class Layer:
    """One block: heads, output projection ``W_O`` (d × Σ d_v), residual switch, optional FFN.

    The attention sublayer maps ``x`` to ``y = x + W_O · concat_h(v_{j_h})`` (without the ``x``
    when ``residual`` is false); the FFN, if any, then maps ``y`` to the layer output.

    Attributes
    ----------
    heads : tuple of Head
        The heads, in order (may be empty).
    W_O : Matrix
        The output projection.
    residual : bool
        Whether the attention sublayer adds its input (default ``True``).
    ffn : FFN or None
        The feed-forward block.

    See Also
    --------
    Model, polyexact.models.forward.attention_map

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.models import FFN, Layer
    >>> layer = Layer(heads=(), W_O=((),), ffn=FFN(((F(1),),), (F(0),), ((F(1),),), (F(0),)))
    >>> len(layer.heads), layer.residual, layer.ffn.d_ff
    (0, True, 1)
    """

    heads: tuple[Head, ...]
    W_O: Matrix
    residual: bool = True
    ffn: FFN | None = None

    def __post_init__(self) -> None:
        _exact(self.W_O, "W_O")


@dataclass(frozen=True)
class Domain:
    """The input domain: ``kind`` is ``"box"``, ``"polytope"`` or ``"all"``.

    ``A x <= b`` describes it (no rows for ``"all"``); ``box`` keeps the bounds of a box.

    Attributes
    ----------
    kind : {"box", "polytope", "all"}
        The kind of domain.
    A : Matrix
        The inequality rows.
    b : Vector
        Their right-hand sides.
    box : tuple of (lo, hi) pairs or None
        Per-coordinate bounds when ``kind`` is ``"box"``.

    See Also
    --------
    box_domain, polytope_domain, whole_space

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.models import box_domain, whole_space
    >>> box = box_domain([(F(0), F(1))])
    >>> box.kind, box.is_bounded_box, box.box
    ('box', True, ((Fraction(0, 1), Fraction(1, 1)),))
    >>> whole_space().is_bounded_box, whole_space().A
    (False, ())
    """

    kind: Literal["box", "polytope", "all"]
    A: Matrix
    b: Vector
    box: tuple[tuple[Fraction, Fraction], ...] | None = None

    def __post_init__(self) -> None:
        _exact(self.A, "A")
        _exact(self.b, "b")

    @property
    def is_bounded_box(self) -> bool:
        """Whether the domain is a box."""
        return self.kind == "box"


@dataclass(frozen=True)
class Model:
    """A conditioned tropical transformer: ``d_model``, layers, domain and an optional name.

    Attributes
    ----------
    d_model : int
        The width d of the residual stream (and of the input).
    layers : tuple of Layer
        The L >= 1 blocks, applied in order.
    domain : Domain
        The input domain.
    name : str
        A display name (default empty).

    See Also
    --------
    load_model, model_from_data, construction, random_model

    Notes
    -----
    docs/theory.md §1.

    Examples
    --------
    >>> from polyexact.models import construction
    >>> m = construction(1, 2, 2, 1)
    >>> m.d_model, m.n_layers, m.domain.kind
    (1, 1, 'box')
    >>> m.name
    'construction(d=1, N=2, d_ff=2, L=1)'
    """

    d_model: int
    layers: tuple[Layer, ...]
    domain: Domain
    name: str = ""

    @property
    def n_layers(self) -> int:
        """L."""
        return len(self.layers)


#: Per layer: the key chosen by each head, and the active bit of each FFN neuron.
@dataclass(frozen=True, order=True)
class LayerPattern:
    """The routing choice of every head and the active bit of every neuron of one layer.

    A model's :data:`Pattern` is one ``LayerPattern`` per layer; patterns are ordered
    (lexicographically), which fixes the order of cells.

    Attributes
    ----------
    keys : tuple of int
        ``keys[h]`` is the 0-based key head ``h`` routes to.
    active : tuple of bool
        ``active[i]`` says whether FFN neuron ``i`` is active (pre-activation > 0).

    See Also
    --------
    polyexact.models.forward.forward, polyexact.models.forward.affine_map_of_pattern

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.models import LayerPattern, construction
    >>> from polyexact.models.forward import forward
    >>> forward(construction(1, 2, 2, 1), (F(1, 4),)).pattern
    (LayerPattern(keys=(0,), active=(True, False)),)
    >>> LayerPattern((0,), (False,)) < LayerPattern((0,), (True,))
    True
    """

    keys: tuple[int, ...]
    active: tuple[bool, ...]


Pattern = tuple[LayerPattern, ...]


def _exact(numbers: Sequence[object], field: str) -> None:
    """Refuse any entry that is not a Fraction or an int (floats would leak into every result)."""
    for i, entry in enumerate(numbers):
        if isinstance(entry, (tuple, list)):
            _exact(entry, f"{field}[{i}]")
        elif isinstance(entry, bool) or not isinstance(entry, (Fraction, int)):
            raise NumberError(f"expected an exact number (Fraction or int), found "
                              f"{type(entry).__name__} {entry!r}; model_from_data converts "
                              "floats exactly", field=f"{field}[{i}]")
