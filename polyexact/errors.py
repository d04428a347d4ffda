"""The exception hierarchy of polyexact (one file, as in networkx)."""

from __future__ import annotations

__all__ = [
    "DomainError",
    "FormatError",
    "InputError",
    "InternalCheckError",
    "NumberError",
    "PolyexactError",
    "ShapeError",
]


class PolyexactError(Exception):
    """Root of every error raised by polyexact.

    Catch it to handle any polyexact failure; its two families are :class:`InputError` (the
    user's data is wrong) and :class:`InternalCheckError` (a bug).

    See Also
    --------
    InputError, InternalCheckError

    Examples
    --------
    >>> from polyexact.errors import InternalCheckError, PolyexactError, ShapeError
    >>> issubclass(ShapeError, PolyexactError), issubclass(InternalCheckError, PolyexactError)
    (True, True)
    """


class InputError(PolyexactError, ValueError):
    """The user's data or arguments are wrong.

    Parameters
    ----------
    message : str
        What was expected and what was found.
    field : str, optional
        Where in the input the problem is, e.g. ``layers[0].heads[1].keys[3][0]``.

    Examples
    --------
    >>> from polyexact.errors import InputError
    >>> str(InputError("expected a number, found 'abc'", field="d_model"))
    "d_model: expected a number, found 'abc'"
    """

    def __init__(self, message: str, *, field: str | None = None) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}" if field else message)


class NumberError(InputError):
    """A value is not a finite rational number.

    See Also
    --------
    polyexact.numbers.parse_rational

    Examples
    --------
    >>> from polyexact.errors import NumberError
    >>> from polyexact.numbers import parse_rational
    >>> try:
    ...     parse_rational("1/0", "b[0]")
    ... except NumberError as err:
    ...     print(err.field, isinstance(err, ValueError))
    b[0] True
    """


class ShapeError(InputError):
    """A vector or matrix has the wrong shape.

    Examples
    --------
    >>> from polyexact.numbers import vector_from_data
    >>> vector_from_data([1, 2, 3], "keys[0]", length=2)
    Traceback (most recent call last):
    ...
    polyexact.errors.ShapeError: keys[0]: expected 2 entries, found 3
    """


class DomainError(InputError):
    """A domain is empty or lower-dimensional (the question makes no sense).

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.errors import DomainError
    >>> from polyexact.models import polytope_domain
    >>> try:
    ...     polytope_domain(((F(1),), (F(-1),)), (F(0), F(0)))
    ... except DomainError as err:
    ...     print(type(err).__name__, err.field)
    DomainError domain.polytope
    """


class FormatError(InputError):
    """An unknown ``format`` tag, an unknown or missing field, or unreadable JSON.

    Examples
    --------
    >>> from polyexact.errors import FormatError
    >>> from polyexact.models import model_from_data
    >>> try:
    ...     model_from_data({"format": "polyexact.model/9", "d_model": 1, "layers": []})
    ... except FormatError as err:
    ...     print(err.field)
    format
    """


class InternalCheckError(PolyexactError, RuntimeError):
    """An invariant the engine checks on itself failed: this is a bug, never catch it to go on.

    Raised instead of ``assert`` (which ``python -O`` strips), e.g. when a primal and a dual count
    disagree; the CLI maps it to exit status 1.

    Examples
    --------
    >>> from polyexact.errors import InternalCheckError
    >>> err = InternalCheckError("primal and dual counts differ")
    >>> isinstance(err, RuntimeError), str(err)
    (True, 'primal and dual counts differ')
    """
