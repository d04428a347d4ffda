"""The double description's combinatorial tests on numpy arrays, for large polyhedra.

Incidence masks of at most 64 bits fit ``uint64``; the tests are the same integer bit
operations as the plain loops of
:mod:`polyexact.polyhedra.incremental.double_description` (exact, no float),
done for all pairs or all generators at once. numpy is imported only when a polyhedron is large.
"""

from __future__ import annotations

__all__ = ["edges", "not_facets"]


def edges(pos: list[int], neg: list[int], inc: tuple[int, ...], need: int
          ) -> list[tuple[int, int, int]]:
    """Adjacent ``(p, n, common mask)`` pairs: every pair's count first, then the candidates.

    A pair is adjacent iff its common mask has at least ``need`` bits and lies in no third
    generator's mask. Candidates are checked in blocks of about 4 M mask comparisons.

    Examples
    --------
    A square's vertices (masks over its four sides): 0 and 1 share side 1, 0 and 2 share none.

    >>> from polyexact.polyhedra.incremental._masks import edges
    >>> edges([0], [1, 2], (0b1010, 0b0110, 0b0101, 0b1001), 1)
    [(0, 1, 2)]
    """
    import numpy as np

    masks = np.array(inc, dtype=np.uint64)
    z = masks[pos][:, None] & masks[neg][None, :]
    ip, jn = np.nonzero(np.bitwise_count(z) >= need)
    common = z[ip, jn]
    keep = np.empty(len(common), dtype=bool)
    block = max(1, (1 << 22) // len(inc))
    for start in range(0, len(common), block):
        zc = common[start:start + block, None]
        holders = ((masks[None, :] & zc) == zc).sum(axis=1)
        keep[start:start + block] = holders == 2
    return [(pos[a], neg[b], int(m)) for a, b, m in zip(ip[keep].tolist(), jn[keep].tolist(),
                                                        common[keep].tolist(), strict=True)]


def not_facets(slots: list[int], live: int, inc: tuple[int, ...]) -> list[int]:
    """The rows among ``slots`` (bit ``s + 1``) tight at no vertex or inside another live row.

    Bit 0 of a mask marks a generator at infinity (a ray).

    Examples
    --------
    Row 0 is tight only at a ray, row 1 at a vertex and nowhere else:

    >>> from polyexact.polyhedra.incremental._masks import not_facets
    >>> not_facets([0, 1], 0b110, (0b011, 0b100))
    [0]
    """
    import numpy as np

    masks = np.array(inc, dtype=np.uint64)
    out = []
    for t in slots:
        bit = 1 << (t + 1)
        on = masks[(masks & np.uint64(bit)) != 0]
        common = int(np.bitwise_and.reduce(on)) if len(on) else 0
        if not np.any((on & np.uint64(1)) == 0) or common & live & ~bit:
            out.append(t)
    return out
