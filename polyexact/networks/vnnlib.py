"""The input box of a VNN-LIB property file, parsed exactly.

Accepted: ``(declare-const X_i Real)`` / ``(declare-const Y_j Real)`` and assertions bounding
inputs, ``(assert (<= X_0 0.5))``, ``(assert (>= X_0 -1/2))`` (either operand order, numbers
as decimals, ``p/q`` or ``(- c)``), also as a conjunction ``(and ...)`` of such bounds or an
``(or ...)`` with that one conjunction. Assertions that mention only outputs ``Y_j`` are the
property to verify, not the domain: they are skipped and counted. Anything else that mentions
an input — a disjunction of boxes, a linear constraint, strict or equality comparisons — is
refused by name, since the domain would not be a box.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from fractions import Fraction

from polyexact.errors import FormatError, NumberError
from polyexact.jsonfile import check_file_size
from polyexact.models.domains import box_domain
from polyexact.models.model import Domain
from polyexact.numbers import parse_rational

__all__ = ["VnnlibBox", "read_vnnlib_box", "vnnlib_box_from_text"]

#: Largest property file read.
MAX_VNNLIB_BYTES = 16 * 2**20
_INPUT = re.compile(r"^X_(\d+)$")
_OUTPUT = re.compile(r"^Y_(\d+)$")
Sexp = str | list["Sexp"]


@dataclass(frozen=True)
class VnnlibBox:
    """The input box of a property file, and how many output assertions were skipped.

    Examples
    --------
    >>> from polyexact.networks import vnnlib_box_from_text
    >>> box = vnnlib_box_from_text("(declare-const X_0 Real)(assert (<= X_0 1))"
    ...                            "(assert (>= X_0 -0.5))(assert (<= Y_0 0))")
    >>> box.domain.box, box.n_output_assertions
    (((Fraction(-1, 2), Fraction(1, 1)),), 1)
    """

    domain: Domain
    n_inputs: int
    n_output_assertions: int


def read_vnnlib_box(path: str | os.PathLike[str]) -> VnnlibBox:
    """Read a VNN-LIB file and return its input box (see :func:`vnnlib_box_from_text`).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from polyexact.networks import read_vnnlib_box
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     p = pathlib.Path(tmp) / "prop.vnnlib"
    ...     _ = p.write_text("(declare-const X_0 Real)\\n(assert (>= X_0 0))\\n(assert (<= X_0 1))")
    ...     read_vnnlib_box(p).n_inputs
    1
    """
    p = check_file_size(path, MAX_VNNLIB_BYTES)
    return vnnlib_box_from_text(p.read_text(encoding="utf-8", errors="replace"),
                                field=str(path))


def vnnlib_box_from_text(text: str, *, field: str = "vnnlib") -> VnnlibBox:
    """Return the input box that the assertions of a VNN-LIB text define.

    Raises
    ------
    FormatError
        Unbalanced parentheses, an assertion on the inputs that is not a simple bound (named,
        e.g. ``assertion 3 (or ...)``), or an input without both bounds.

    Examples
    --------
    >>> from polyexact.networks import vnnlib_box_from_text
    >>> vnnlib_box_from_text("(declare-const X_0 Real)(assert (or (<= X_0 1) (>= X_0 2)))")
    Traceback (most recent call last):
    ...
    polyexact.errors.FormatError: vnnlib: assertion 0: expected a bound (<= X_i c) or \
(>= X_i c), found (or ...); only boxes are accepted
    """
    inputs: set[int] = set()
    lo: dict[int, Fraction] = {}
    hi: dict[int, Fraction] = {}
    skipped = 0
    n_assert = 0
    for form in _parse(text, field):
        if not isinstance(form, list) or not form or not isinstance(form[0], str):
            raise FormatError(f"expected a command, found {_show(form)}", field=field)
        head = form[0]
        if head == "declare-const" and len(form) == 3 and isinstance(form[1], str):
            match = _INPUT.match(form[1])
            if match:
                inputs.add(int(match.group(1)))
            continue
        if head != "assert" or len(form) != 2:
            raise FormatError(f"expected declare-const or assert, found {_show(form)}",
                              field=field)
        where = f"{field}: assertion {n_assert}"
        n_assert += 1
        names = _symbols(form[1])
        if not any(_INPUT.match(s) for s in names):
            skipped += 1
            continue
        for index, value, is_upper in _bounds(form[1], where):
            if is_upper:
                hi[index] = min(hi.get(index, value), value)
            else:
                lo[index] = max(lo.get(index, value), value)
    if not inputs:
        raise FormatError("expected declared inputs X_0, X_1, ...", field=field)
    n = max(inputs) + 1
    pairs = []
    for i in range(n):
        if i not in lo or i not in hi:
            raise FormatError(f"expected a lower and an upper bound on X_{i}", field=field)
        pairs.append((lo[i], hi[i]))
    return VnnlibBox(box_domain(pairs, field=field), n, skipped)


def _parse(text: str, field: str) -> list[Sexp]:
    tokens = re.findall(r"\(|\)|[^\s()]+", re.sub(r";[^\n]*", "", text))
    stack: list[list[Sexp]] = [[]]
    for tok in tokens:
        if tok == "(":
            stack.append([])
        elif tok == ")":
            if len(stack) == 1:
                raise FormatError("unbalanced ')'", field=field)
            done = stack.pop()
            stack[-1].append(done)
        else:
            stack[-1].append(tok)
    if len(stack) != 1:
        raise FormatError("unbalanced '(': the file ends inside an expression", field=field)
    return stack[0]


def _symbols(form: Sexp) -> list[str]:
    if isinstance(form, str):
        return [form]
    return [s for part in form for s in _symbols(part)]


def _bounds(form: Sexp, where: str) -> list[tuple[int, Fraction, bool]]:
    """The bounds of a conjunction (``and``, or an ``or`` of one ``and``) of input bounds."""
    if isinstance(form, list) and form and form[0] == "and":
        return [b for part in form[1:] for b in _bounds(part, where)]
    if isinstance(form, list) and len(form) == 2 and form[0] == "or":
        return _bounds(form[1], where)
    return [_bound(form, where)]


def _bound(form: Sexp, where: str) -> tuple[int, Fraction, bool]:
    """``(<= X_i c)`` → (i, c, upper); ``(>= c X_i)`` is the same bound the other way round."""
    refuse = FormatError(f"expected a bound (<= X_i c) or (>= X_i c), found {_show(form)}; "
                         "only boxes are accepted", field=where)
    if not isinstance(form, list) or len(form) != 3 or form[0] not in ("<=", ">="):
        raise refuse
    op, left, right = form
    upper = op == "<="
    if isinstance(left, str) and _INPUT.match(left):
        var, const = left, right
    elif isinstance(right, str) and _INPUT.match(right):
        var, const, upper = right, left, not upper
    else:
        raise refuse
    match = _INPUT.match(var)
    assert match is not None
    return int(match.group(1)), _number(const, where, refuse), upper


def _number(form: Sexp, where: str, refuse: FormatError) -> Fraction:
    try:
        if isinstance(form, str):
            return parse_rational(form, where)
        if len(form) == 2 and form[0] == "-" and isinstance(form[1], str):
            return -parse_rational(form[1], where)
    except NumberError as err:  # another variable, or garbage: not a constant bound
        raise refuse from err
    raise refuse


def _show(form: Sexp) -> str:
    if isinstance(form, str):
        return form
    return f"({form[0] if form and isinstance(form[0], str) else ''} ...)"
