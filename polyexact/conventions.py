"""Named conventions: tropical addition, region kinds, the fixed tie rules (docs/theory.md §5)."""

from __future__ import annotations

from enum import Enum

__all__ = ["RELU_ZERO_IS_ACTIVE", "TIE_LOWEST_INDEX_WINS", "Addition", "RegionKind"]


class Addition(Enum):
    """Tropical addition, with polymake's orientation as value (the sign of the tropical zero).

    polyexact computes in max-plus only; ``MIN`` exists for exchanging data with min-plus tools,
    which see negated coefficients.

    Examples
    --------
    >>> from polyexact.conventions import Addition
    >>> Addition.MAX.orientation, Addition.MAX.dual
    (-1, <Addition.MIN: 1>)
    """

    MAX = -1
    MIN = 1

    @property
    def orientation(self) -> int:
        """-1 for max-plus, +1 for min-plus."""
        return int(self.value)

    @property
    def dual(self) -> Addition:
        """The other addition."""
        return Addition.MIN if self is Addition.MAX else Addition.MAX


class RegionKind(Enum):
    """Which region definition a count uses (docs/theory.md §5).

    Examples
    --------
    >>> from polyexact.conventions import RegionKind
    >>> RegionKind.LINEAR_REGION.value
    'linear_region'
    """

    PATTERN_CELL = "pattern_cell"
    LINEAR_REGION = "linear_region"


#: Routing ties: the lowest index among the maximal scores wins (docs/theory.md §5, rule 1).
TIE_LOWEST_INDEX_WINS = True
#: ReLU: active iff the pre-activation is > 0; exactly 0 is inactive (docs/theory.md §5, rule 2).
RELU_ZERO_IS_ACTIVE = False
