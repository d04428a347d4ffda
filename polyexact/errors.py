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
    """Root of every error raised by polyexact."""


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
    """A value is not a finite rational number."""


class ShapeError(InputError):
    """A vector or matrix has the wrong shape."""


class DomainError(InputError):
    """A domain is empty or lower-dimensional (the question makes no sense)."""


class FormatError(InputError):
    """An unknown ``format`` tag, an unknown or missing field, or unreadable JSON."""


class InternalCheckError(PolyexactError, RuntimeError):
    """An invariant the engine checks on itself failed: this is a bug, never catch it to go on."""
