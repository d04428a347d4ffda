"""Size limits of model and point-set inputs, checked before anything is allocated.

A file declares sizes (``d_model``, ``dim``) and holds lists whose lengths are sizes (keys,
neurons, heads, layers). A declared size drives allocations (identity ``W_O``, zero vectors) and
every size drives the work, so each is checked against its limit first: an 81-byte file declaring
``d_model: 2000000000`` is refused at once instead of exhausting memory. The limits are far above
what exact enumeration can count; they only stop absurd or corrupt input.
"""

from __future__ import annotations

from collections.abc import Sized

from polyexact.errors import ShapeError

__all__ = [
    "MAX_HEADS",
    "MAX_KEYS",
    "MAX_LAYERS",
    "MAX_NEURONS",
    "MAX_POINTS",
    "MAX_WIDTH",
    "check_count",
]

#: Largest ``d_model``, ``d_k`` (rows of ``W_Q``), ``d_v`` (width of the values) and point
#: dimension ``dim``.
MAX_WIDTH = 1024
#: Most layers of a model.
MAX_LAYERS = 1000
#: Most heads in one layer.
MAX_HEADS = 1000
#: Most keys of one head.
MAX_KEYS = 100_000
#: Most FFN neurons (``d_ff``) in one layer.
MAX_NEURONS = 100_000
#: Most points in one point set.
MAX_POINTS = 100_000


def check_count(value: int | Sized, limit: int, what: str, field: str) -> None:
    """Refuse a declared size or a list length above ``limit`` (a :class:`ShapeError`).

    Parameters
    ----------
    value : int or sized
        The declared size, or the list whose length is the size.
    limit : int
        The largest accepted size.
    what : str
        What is counted, for the message.
    field : str
        Where in the input, for the message.

    Examples
    --------
    >>> from polyexact.models.limits import MAX_WIDTH, check_count
    >>> check_count(3, MAX_WIDTH, "d_model", "d_model")
    >>> check_count(2_000_000_000, MAX_WIDTH, "d_model", "d_model")
    Traceback (most recent call last):
    ...
    polyexact.errors.ShapeError: d_model: expected a d_model of at most 1024, found 2000000000
    """
    size = value if isinstance(value, int) else len(value)
    if size > limit:
        raise ShapeError(f"expected a {what} of at most {limit}, found {size}", field=field)
