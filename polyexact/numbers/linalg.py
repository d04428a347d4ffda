"""Exact vectors, matrices and affine maps over :class:`~fractions.Fraction`, with field paths."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Protocol

from polyexact.errors import NumberError, ShapeError
from polyexact.numbers.rational import (
    RationalLike,
    format_rational,
    parse_json_rational,
    parse_rational,
)

__all__ = [
    "AffineMap",
    "Matrix",
    "Vector",
    "VectorLike",
    "dot",
    "identity_matrix",
    "is_positive_multiple",
    "mat_mul",
    "mat_vec",
    "matrix_from_data",
    "matrix_to_data",
    "transpose",
    "vector_from_data",
    "vector_to_data",
    "zero_matrix",
    "zero_vector",
]

Vector = tuple[Fraction, ...]
Matrix = tuple[Vector, ...]


class _HasToList(Protocol):
    def tolist(self) -> Any: ...


#: What the public functions accept as a point: a sequence of rational-likes or an array (any
#: object with ``tolist``, e.g. numpy's), converted exactly by :func:`vector_from_data`.
VectorLike = Sequence[RationalLike] | _HasToList


def vector_from_data(data: object, field: str, *, length: int | None = None) -> Vector:
    """Parse a list of numbers into an exact vector, checking its length.

    A list, a tuple or an array (anything with ``tolist``, e.g. a 1-D numpy array) is accepted;
    every entry is converted exactly by :func:`~polyexact.numbers.parse_rational`.

    Examples
    --------
    >>> from polyexact.numbers import vector_from_data
    >>> vector_from_data(["1/2", 3], "b")
    (Fraction(1, 2), Fraction(3, 1))
    >>> import numpy
    >>> vector_from_data(numpy.array([-2, 7]), "b")
    (Fraction(-2, 1), Fraction(7, 1))
    >>> vector_from_data([1], "b", length=2)
    Traceback (most recent call last):
    ...
    polyexact.errors.ShapeError: b: expected 2 entries, found 1
    """
    data = _as_list(data)
    if not isinstance(data, (list, tuple)):
        raise ShapeError(f"expected a list of numbers, found {type(data).__name__}", field=field)
    if length is not None and len(data) != length:
        raise ShapeError(f"expected {length} entries, found {len(data)}", field=field)
    if all(type(x) is int or type(x) is str for x in data):
        # JSON's numbers (no float, hence no warning that should name its field): one pass
        # without a field name per entry, which certificates of millions of cells feel
        try:
            return tuple(map(parse_json_rational, data))
        except NumberError:
            pass  # parsed again below, for the message naming the entry
    return tuple(parse_rational(x, f"{field}[{i}]") for i, x in enumerate(data))


def matrix_from_data(
    data: object, field: str, *, rows: int | None = None, cols: int | None = None
) -> Matrix:
    """Parse a list of rows into an exact matrix, checking its shape (all rows of one length).

    Nested lists or tuples, or a 2-D array (anything with ``tolist``, e.g. numpy), are accepted.

    Examples
    --------
    >>> from polyexact.numbers import matrix_from_data
    >>> matrix_from_data([[1, "0.5"]], "W")
    ((Fraction(1, 1), Fraction(1, 2)),)
    >>> matrix_from_data([[1, 2], [3]], "W")
    Traceback (most recent call last):
    ...
    polyexact.errors.ShapeError: W[1]: expected 2 entries, found 1
    """
    data = _as_list(data)
    if not isinstance(data, (list, tuple)):
        raise ShapeError(f"expected a list of rows, found {type(data).__name__}", field=field)
    if rows is not None and len(data) != rows:
        raise ShapeError(f"expected {rows} rows, found {len(data)}", field=field)
    out: list[Vector] = []
    for i, row in enumerate(data):
        width = cols if cols is not None else (len(out[0]) if out else None)
        out.append(vector_from_data(row, f"{field}[{i}]", length=width))
    return tuple(out)


def _as_list(data: object) -> object:
    """An array (numpy's, or anything with ``tolist``) as nested lists; other data unchanged.

    ``tolist`` turns numpy numbers into Python ints and floats of the same exact value.
    """
    if not isinstance(data, (list, tuple, str, bytes, dict)) and hasattr(data, "tolist"):
        return data.tolist()
    return data


def vector_to_data(v: Sequence[Fraction]) -> list[int | str]:
    """Return a vector as JSON data (``"p/q"`` strings, integers as ints).

    Parameters
    ----------
    v : sequence of Fraction
        The vector to serialise.

    Returns
    -------
    list of int or str
        One entry per coordinate, formatted by :func:`format_rational`.

    See Also
    --------
    vector_from_data, matrix_to_data

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.numbers import vector_to_data
    >>> vector_to_data((F(1, 2), F(3), F(-4, 6)))
    ['1/2', 3, '-2/3']
    """
    return [format_rational(x) for x in v]


def matrix_to_data(m: Sequence[Sequence[Fraction]]) -> list[list[int | str]]:
    """Return a matrix as JSON data (rows of ``"p/q"`` strings and ints).

    Parameters
    ----------
    m : sequence of sequences of Fraction
        The matrix, row by row.

    Returns
    -------
    list of list of int or str
        One list per row, each entry formatted by :func:`format_rational`.

    See Also
    --------
    matrix_from_data, vector_to_data

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.numbers import matrix_to_data
    >>> matrix_to_data(((F(1), F(1, 3)), (F(0), F(-2))))
    [[1, '1/3'], [0, -2]]
    """
    return [vector_to_data(row) for row in m]


def zero_vector(n: int) -> Vector:
    """The zero vector of length ``n``.

    Parameters
    ----------
    n : int
        The length (0 gives the empty vector).

    Returns
    -------
    Vector
        A tuple of ``n`` zero Fractions.

    Examples
    --------
    >>> from polyexact.numbers import zero_vector
    >>> zero_vector(2)
    (Fraction(0, 1), Fraction(0, 1))
    >>> zero_vector(0)
    ()
    """
    return (Fraction(0),) * n


def zero_matrix(rows: int, cols: int) -> Matrix:
    """The ``rows × cols`` zero matrix.

    Parameters
    ----------
    rows, cols : int
        The shape.

    Returns
    -------
    Matrix
        ``rows`` tuples of ``cols`` zero Fractions.

    See Also
    --------
    zero_vector, identity_matrix

    Examples
    --------
    >>> from polyexact.numbers import zero_matrix
    >>> zero_matrix(1, 2)
    ((Fraction(0, 1), Fraction(0, 1)),)
    """
    return tuple(zero_vector(cols) for _ in range(rows))


def identity_matrix(n: int) -> Matrix:
    """The ``n × n`` identity.

    Parameters
    ----------
    n : int
        The size.

    Returns
    -------
    Matrix
        Ones on the diagonal, zeros elsewhere, as Fractions.

    See Also
    --------
    zero_matrix, AffineMap.identity

    Examples
    --------
    >>> from polyexact.numbers import identity_matrix, matrix_to_data
    >>> matrix_to_data(identity_matrix(2))
    [[1, 0], [0, 1]]
    """
    return tuple(tuple(Fraction(int(i == j)) for j in range(n)) for i in range(n))


def is_positive_multiple(row: Sequence[Fraction], rhs: Fraction, other: Sequence[Fraction],
                         other_rhs: Fraction) -> bool:
    """Whether ``⟨other, x⟩ ≤ other_rhs`` is ``⟨row, x⟩ ≤ rhs`` times some ``t > 0`` (exact).

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.numbers import is_positive_multiple
    >>> is_positive_multiple((F(1), F(-1)), F(2), (F(2), F(-2)), F(4))
    True
    >>> is_positive_multiple((F(1), F(0)), F(1), (F(-1), F(0)), F(-1))
    False
    """
    first = [*row, rhs]
    second = [*other, other_rhs]
    pivot = next((i for i, x in enumerate(first) if x != 0), None)
    if pivot is None:
        return all(x == 0 for x in second)
    t = second[pivot] / first[pivot]
    return t > 0 and all(t * x == y for x, y in zip(first, second, strict=True))


def dot(u: Sequence[Fraction], v: Sequence[Fraction]) -> Fraction:
    """Exact inner product.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.numbers import dot
    >>> dot((F(1, 2), F(1)), (F(2), F(3)))
    Fraction(4, 1)
    """
    return sum((a * b for a, b in zip(u, v, strict=True)), Fraction(0))


def mat_vec(m: Sequence[Sequence[Fraction]], v: Sequence[Fraction]) -> Vector:
    """Exact matrix–vector product.

    Parameters
    ----------
    m : sequence of sequences of Fraction
        The matrix, row by row; every row as long as ``v``.
    v : sequence of Fraction
        The vector.

    Returns
    -------
    Vector
        ``m @ v``, one entry per row of ``m``.

    Raises
    ------
    ValueError
        If a row and ``v`` differ in length.

    See Also
    --------
    dot, mat_mul

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.numbers import mat_vec
    >>> mat_vec(((F(1), F(2)), (F(0), F(1, 2))), (F(1), F(1)))
    (Fraction(3, 1), Fraction(1, 2))
    """
    return tuple(dot(row, v) for row in m)


def transpose(m: Sequence[Sequence[Fraction]], cols: int | None = None) -> Matrix:
    """Transpose; ``cols`` gives the width when ``m`` has no rows.

    Parameters
    ----------
    m : sequence of sequences of Fraction
        The matrix, row by row; all rows of one length.
    cols : int, optional
        The number of columns of ``m``, used only when ``m`` is empty (the transpose of a
        ``0 × cols`` matrix has ``cols`` empty rows).

    Returns
    -------
    Matrix
        The transposed matrix.

    Raises
    ------
    ValueError
        If the rows differ in length.

    See Also
    --------
    mat_mul

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.numbers import matrix_to_data, transpose
    >>> matrix_to_data(transpose(((F(1), F(2)), (F(3), F(4)))))
    [[1, 3], [2, 4]]
    >>> transpose((), cols=2)
    ((), ())
    """
    if not m:
        return tuple(() for _ in range(cols or 0))
    return tuple(tuple(col) for col in zip(*m, strict=True))


def mat_mul(a: Sequence[Sequence[Fraction]], b: Sequence[Sequence[Fraction]]) -> Matrix:
    """Exact matrix product ``a @ b``.

    Parameters
    ----------
    a : sequence of sequences of Fraction
        The left factor, ``m × k``.
    b : sequence of sequences of Fraction
        The right factor, ``k × n``.

    Returns
    -------
    Matrix
        The ``m × n`` product.

    See Also
    --------
    mat_vec, transpose

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.numbers import mat_mul, matrix_to_data
    >>> a = ((F(1), F(1, 2)),)
    >>> b = ((F(2),), (F(4),))
    >>> matrix_to_data(mat_mul(a, b))
    [[4]]
    """
    bt = transpose(b)
    return tuple(tuple(dot(row, col) for col in bt) for row in a)


@dataclass(frozen=True)
class AffineMap:
    """An exact affine map ``x ↦ A x + b`` from R^n to R^m.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.numbers import AffineMap
    >>> f = AffineMap.identity(2).then(AffineMap(((F(1), F(1)),), (F(-1),)))
    >>> f((F(2), F(3)))
    (Fraction(4, 1),)
    """

    A: Matrix
    b: Vector

    @classmethod
    def identity(cls, n: int) -> AffineMap:
        """The identity on R^n."""
        return cls(identity_matrix(n), zero_vector(n))

    @property
    def in_dim(self) -> int:
        """Dimension of the source (0 columns when the target is R^0 is not representable)."""
        return len(self.A[0]) if self.A else 0

    @property
    def out_dim(self) -> int:
        """Dimension of the target."""
        return len(self.b)

    def __call__(self, x: VectorLike) -> Vector:
        """The image of ``x``, exact: other numbers (floats, strings, arrays) are converted first.

        Examples
        --------
        >>> from fractions import Fraction as F
        >>> from polyexact.numbers import AffineMap
        >>> f = AffineMap(((F(2), F(0)),), (F(1),))
        >>> f((2.0, 7)), f(["1/3", "0"])
        ((Fraction(5, 1),), (Fraction(5, 3),))
        """
        # the common case (a tuple of Fractions) is used as it is: this is called in hot loops
        if not (isinstance(x, tuple) and all(type(v) is Fraction for v in x)):
            x = vector_from_data(x, "x")
        return tuple(dot(row, x) + c for row, c in zip(self.A, self.b, strict=True))

    def then(self, other: AffineMap) -> AffineMap:
        """Return ``other ∘ self`` (first ``self``, then ``other``)."""
        return AffineMap(mat_mul(other.A, self.A), other(self.b))

    def pull_back(self, a: Sequence[Fraction], beta: Fraction) -> tuple[Vector, Fraction]:
        """Pull the affine function ``y ↦ ⟨a, y⟩ + beta`` back through the map.

        Returns ``(a', beta')`` with ``⟨a, A x + b⟩ + beta = ⟨a', x⟩ + beta'``.
        """
        n = len(self.A[0]) if self.A else 0
        a_new = tuple(
            sum((a[i] * self.A[i][k] for i in range(len(a))), Fraction(0)) for k in range(n)
        )
        return a_new, dot(a, self.b) + beta
