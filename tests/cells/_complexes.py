"""Hand-computed cell complexes for the certificate, verifier and export tests.

Every cell here is written down by hand (its rows, walls, interior point and exact map), so
the tests do not depend on the enumerator.
"""

from __future__ import annotations

from fractions import Fraction

from polyexact.cells import Adjacency, Cell, CellComplex, Wall
from polyexact.models import (
    FFN,
    Domain,
    Head,
    Layer,
    LayerPattern,
    Model,
    box_domain,
    whole_space,
)
from polyexact.numbers import AffineMap

F = Fraction


def _ffn_layer(W1: list[list[int]], b1: list[int], W2: list[list[int]]) -> Layer:
    d = len(W2)
    return Layer(heads=(), W_O=tuple(() for _ in range(d)), residual=True,
                 ffn=FFN(W1=tuple(tuple(F(x) for x in r) for r in W1),
                         b1=tuple(F(x) for x in b1),
                         W2=tuple(tuple(F(x) for x in r) for r in W2),
                         b2=(F(0),) * d))


def _dom(row: int) -> Wall:
    return Wall("domain", -1, neuron=row)


def _neuron(i: int) -> Wall:
    return Wall("neuron", 0, neuron=i)


def relu_1d() -> CellComplex:
    """ReLU(x) + 0·ReLU(x − 1) on [−1, 2]: walls at 0 and 1, 3 cells, 2 regions.

    The second neuron does not change the output, so the cells on [0, 1] and [1, 2] share the
    map ``x ↦ x`` and merge into one linear region.
    """
    model = Model(1, (_ffn_layer([[1], [1]], [0, -1], [[1, 0]]),),
                  box_domain([(F(-1), F(2))]))
    zero = AffineMap(((F(0),),), (F(0),))
    ident = AffineMap(((F(1),),), (F(0),))
    cells = (
        # box rows: 0 is x <= 2, 1 is -x <= 1
        Cell((LayerPattern((), (False, False)),), ((F(-1),), (F(1),)), (F(1), F(0)),
             (_dom(1), _neuron(0)), (F(-1, 2),), zero),
        Cell((LayerPattern((), (True, False)),), ((F(-1),), (F(1),)), (F(0), F(1)),
             (_neuron(0), _neuron(1)), (F(1, 2),), ident),
        Cell((LayerPattern((), (True, True)),), ((F(-1),), (F(1),)), (F(-1), F(2)),
             (_neuron(1), _dom(0)), (F(3, 2),), ident),
    )
    adjacency = (Adjacency(0, 1, _neuron(0)), Adjacency(1, 2, _neuron(1)))
    return CellComplex(model, cells, adjacency, (0, 1, 1))


def quadrants(domain: Domain | None = None) -> CellComplex:
    """(ReLU(x), ReLU(y)) on [−1, 1]² (or on ``domain``): 4 quadrant cells, 4 regions.

    Cells are in the order (off, off), (off, on), (on, off), (on, on); with the domain R^2 the
    cells are the closed quadrants (cones at the origin, no domain rows).
    """
    dom = domain if domain is not None else box_domain([(F(-1), F(1))] * 2)
    model = Model(2, (_ffn_layer([[1, 0], [0, 1]], [0, 0], [[1, 0], [0, 1]]),), dom)
    cells = []
    for sx in (False, True):
        for sy in (False, True):
            A: list[tuple[Fraction, ...]] = []
            b: list[Fraction] = []
            walls: list[Wall] = []
            for k, on in enumerate((sx, sy)):
                e = tuple(F(int(i == k)) for i in range(2))
                sign = -1 if on else 1
                # active: -x_k <= 0; inactive: x_k <= 0
                A.append(tuple(sign * x for x in e))
                b.append(F(0))
                walls.append(_neuron(k))
                if dom.kind == "box":
                    # box rows: 2k is x_k <= 1, 2k + 1 is -x_k <= 1
                    A.append(tuple(-sign * x for x in e))
                    b.append(F(1))
                    walls.append(_dom(2 * k + (0 if on else 1)))
            point = (F(1, 2) if sx else F(-1, 2), F(1, 2) if sy else F(-1, 2))
            amap = AffineMap(((F(int(sx)), F(0)), (F(0), F(int(sy)))), (F(0), F(0)))
            cells.append(Cell((LayerPattern((), (sx, sy)),), tuple(A), tuple(b), tuple(walls),
                              point, amap))
    adjacency = (
        Adjacency(0, 1, _neuron(1)), Adjacency(0, 2, _neuron(0)),
        Adjacency(1, 3, _neuron(0)), Adjacency(2, 3, _neuron(1)),
    )
    return CellComplex(model, tuple(cells), adjacency, (0, 1, 2, 3))


def routing_1d() -> CellComplex:
    """One head on R, scores (x, −x), values (1, 0), no residual: output 1 on x >= 0, else 0.

    At x = 0 the scores tie and key 0 (lowest index) wins, so key 0 owns ``[0, ∞)``.
    """
    head = Head(W_Q=((F(1),),), b_Q=(F(0),), keys=((F(1),), (F(-1),)),
                values=((F(1),), (F(0),)), logit_bias=(F(0), F(0)))
    model = Model(1, (Layer(heads=(head,), W_O=((F(1),),), residual=False),), whole_space())
    cells = (
        # key 0: s_1 - s_0 = -2x <= 0
        Cell((LayerPattern((0,), ()),), ((F(-2),),), (F(0),), (Wall("route", 0, 0, (0, 1)),),
             (F(1),), AffineMap(((F(0),),), (F(1),))),
        # key 1: s_0 - s_1 = 2x < 0
        Cell((LayerPattern((1,), ()),), ((F(2),),), (F(0),), (Wall("route", 0, 0, (1, 0)),),
             (F(-1),), AffineMap(((F(0),),), (F(0),))),
    )
    return CellComplex(model, cells, (Adjacency(0, 1, Wall("route", 0, 0, (0, 1))),), (0, 1))
