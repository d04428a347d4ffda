"""Small hand-made complexes for the picture tests (no enumerator needed)."""

from __future__ import annotations

from fractions import Fraction as F

from polyexact.cells import Cell, CellComplex, Wall
from polyexact.models import FFN, Layer, LayerPattern, Model, box_domain
from polyexact.numbers import AffineMap

ZERO, ONE, HALF = F(0), F(1), F(1, 2)


def two_relu_walls() -> CellComplex:
    """[0,1]² cut by the ReLU walls x1 = 1/2 and x2 = 1/2 into 4 cells and 3 linear regions.

    The maps are set by hand: the two left cells share the identity (so they form one region
    across the wall x2 = 1/2), the two right cells have different shifts. Region ids 0, 0, 1, 2.
    """
    model = Model(2, (Layer((), ((), ()), True, FFN(
        W1=((ONE, ZERO), (ZERO, ONE)), b1=(-HALF, -HALF),
        W2=((ONE, ZERO), (ZERO, ZERO)), b2=(ZERO, ZERO))),), box_domain([(ZERO, ONE)] * 2))
    cells = []
    maps = [AffineMap.identity(2), AffineMap.identity(2),
            AffineMap(((ONE, ZERO), (ZERO, ONE)), (ONE, ZERO)),
            AffineMap(((ONE, ZERO), (ZERO, ONE)), (F(2), ZERO))]
    for k, (right, top) in enumerate([(False, False), (False, True), (True, False), (True, True)]):
        sx, sy = (-ONE if right else ONE), (-ONE if top else ONE)
        A = ((sx, ZERO), (ZERO, sy), (-sx, ZERO), (ZERO, -sy))
        # the half-box on the chosen side of each wall, then the outer box side
        b = (sx * HALF, sy * HALF, ONE if right else ZERO, ONE if top else ZERO)
        point = (F(3, 4) if right else F(1, 4), F(3, 4) if top else F(1, 4))
        walls = (Wall("neuron", 0, neuron=0), Wall("neuron", 0, neuron=1),
                 Wall("domain", -1), Wall("domain", -1))
        cells.append(Cell((LayerPattern((), (right, top)),), A, b, walls, point, maps[k]))
    return CellComplex(model, tuple(cells), (), (0, 0, 1, 2))
