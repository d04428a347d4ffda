"""The claim registry: one check function per claim id, verdicts, and :func:`check_claims`.

Every check computes its evidence during the run; the paper's own stated numbers appear only as
the thing being checked.
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from polyexact.claims._data import evidence_to_data
from polyexact.errors import InputError

__all__ = [
    "CLAIM_IDS",
    "ClaimResult",
    "Finding",
    "Verdict",
    "check_claim",
    "check_claims",
    "register",
    "statement_of",
]

#: Every claim id, in the paper's order (contract: ``claims --json``).
CLAIM_IDS: tuple[str, ...] = (
    "IV.3", "IV.4", "IV.6", "V.1", "V.2-standard", "V.2-saturated", "fig4", "V.3", "V.5", "V.7",
    "VI.1-value", "VI.1-gradient", "VI.1-hessian", "VI.2", "fig6a", "fig6b",
    "C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8",
)

#: The modules that register checks, one per family of claims.
_FAMILIES = (
    "arithmetic", "temperature", "temperature_examples", "polytopes",
    "polytope_experiments", "attention", "depth", "depth_experiments")


class Verdict(Enum):
    """What the computation says about a claim.

    Examples
    --------
    >>> from polyexact.claims import Verdict
    >>> [v.value for v in Verdict]
    ['holds', 'refuted', 'conditional', 'open']
    """

    HOLDS = "holds"
    REFUTED = "refuted"
    #: holds only under stated extra assumptions
    CONDITIONAL = "conditional"
    #: data only, no decision
    OPEN = "open"


@dataclass(frozen=True)
class Finding:
    """What one check function returns: a verdict, a one-line summary and the evidence.

    Attributes
    ----------
    verdict : Verdict
        What the computation says.
    summary : str
        One line for people.
    evidence : dict
        The data computed during the run (exact where possible).

    See Also
    --------
    register, ClaimResult

    Examples
    --------
    >>> from polyexact.claims import Verdict
    >>> from polyexact.claims.registry import Finding
    >>> Finding(Verdict.OPEN, "data only", {"cells": 4})
    Finding(verdict=<Verdict.OPEN: 'open'>, summary='data only', evidence={'cells': 4})
    """

    verdict: Verdict
    summary: str
    evidence: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ClaimResult:
    """The checked claim: ``id``, the paper's ``statement``, ``verdict``, computed ``evidence``.

    Attributes
    ----------
    id : str
        The claim id, one of :data:`CLAIM_IDS`.
    statement : str
        The paper's statement being checked.
    verdict : Verdict
        What the computation says.
    summary : str
        One line for people.
    evidence : dict
        The computed data.
    seconds : float
        How long the check took (a timing, never a decision).

    See Also
    --------
    check_claim, check_claims

    Examples
    --------
    >>> from polyexact.claims import check_claim
    >>> result = check_claim("V.3", quick=True)
    >>> result.id, result.verdict.value
    ('V.3', 'refuted')
    """

    id: str
    statement: str
    verdict: Verdict
    summary: str
    evidence: dict[str, Any]
    seconds: float

    def to_data(self) -> dict[str, Any]:
        """Return the record as JSON data (rationals ``"p/q"``, high-precision reals as strings).

        Examples
        --------
        >>> from polyexact.claims import check_claims
        >>> data = check_claims(ids=["V.3"], quick=True)[0].to_data()
        >>> sorted(data), data["verdict"], data["evidence"]["regions_512_to_8"]
        (['evidence', 'id', 'statement', 'verdict'], 'refuted', 4722366482869645213696)
        """
        evidence = dict(evidence_to_data(self.evidence))
        evidence["summary"] = self.summary
        return {
            "id": self.id,
            "statement": self.statement,
            "verdict": self.verdict.value,
            "evidence": evidence,
        }


CheckFunction = Callable[[bool], Finding]

_REGISTRY: dict[str, tuple[str, CheckFunction]] = {}


def register(claim_id: str, statement: str) -> Callable[[CheckFunction], CheckFunction]:
    """Decorator: register ``check(quick) -> Finding`` as the check of ``claim_id``.

    Every check has this one signature, documented here once: ``quick`` (bool) selects the
    smaller sizes used by ``claims --quick`` and the tests; the returned :class:`Finding` holds
    the verdict, a one-line summary and the evidence computed during the run (never typed-in
    results). Checks are run through :func:`check_claim` / :func:`check_claims`.

    Parameters
    ----------
    claim_id : str
        One of :data:`CLAIM_IDS`.
    statement : str
        The paper's statement the check decides.

    Returns
    -------
    callable
        A decorator that records the check and returns it unchanged.

    Raises
    ------
    ValueError
        If ``claim_id`` is unknown, or (when decorating) already has a check.

    Examples
    --------
    >>> from polyexact.claims.registry import register
    >>> register("V.9", "no such claim")
    Traceback (most recent call last):
    ...
    ValueError: unknown claim id 'V.9'
    """
    if claim_id not in CLAIM_IDS:
        raise ValueError(f"unknown claim id {claim_id!r}")

    def decorate(check: CheckFunction) -> CheckFunction:
        if claim_id in _REGISTRY:
            raise ValueError(f"claim {claim_id!r} registered twice")
        _REGISTRY[claim_id] = (statement, check)
        return check

    return decorate


def _load_families() -> None:
    for name in _FAMILIES:
        importlib.import_module(f"polyexact.claims.{name}")


def statement_of(claim_id: str) -> str:
    """Return the paper's statement checked under ``claim_id``.

    Parameters
    ----------
    claim_id : str
        One of :data:`CLAIM_IDS`.

    Returns
    -------
    str
        The statement as registered.

    Raises
    ------
    InputError
        If the id is unknown.

    See Also
    --------
    check_claim

    Examples
    --------
    >>> from polyexact.claims.registry import statement_of
    >>> isinstance(statement_of("V.3"), str)
    True
    >>> statement_of("V.9")
    Traceback (most recent call last):
    ...
    polyexact.errors.InputError: id: unknown claim id 'V.9'
    """
    _load_families()
    if claim_id not in _REGISTRY:
        raise InputError(f"unknown claim id {claim_id!r}", field="id")
    return _REGISTRY[claim_id][0]


def check_claim(claim_id: str, *, quick: bool = False) -> ClaimResult:
    """Run the check of one claim and return its result.

    Parameters
    ----------
    claim_id : str
        One of :data:`CLAIM_IDS`.
    quick : bool
        Smaller sizes.

    Returns
    -------
    ClaimResult
        Verdict, summary, evidence and timing.

    Raises
    ------
    InputError
        If the id is unknown.

    See Also
    --------
    check_claims, statement_of

    Examples
    --------
    >>> from polyexact.claims import check_claim
    >>> check_claim("VI.1-hessian", quick=True).verdict.value
    'refuted'
    """
    statement = statement_of(claim_id)
    start = time.perf_counter()
    finding = _REGISTRY[claim_id][1](quick)
    return ClaimResult(
        id=claim_id,
        statement=statement,
        verdict=finding.verdict,
        summary=finding.summary,
        evidence=finding.evidence,
        seconds=time.perf_counter() - start,
    )


def check_claims(
    *,
    quick: bool = False,
    ids: Iterable[str] | None = None,
    progress: Callable[[str], None] | None = None,
) -> list[ClaimResult]:
    """Check the paper's claims and return one :class:`ClaimResult` per id, in paper order.

    Parameters
    ----------
    quick : bool
        Smaller sizes (the whole run in well under a minute).
    ids : iterable of str, optional
        Only these claim ids (default: all of :data:`CLAIM_IDS`).
    progress : callable, optional
        Called with each claim id before its check runs.

    Returns
    -------
    list of ClaimResult

    Raises
    ------
    InputError
        If an id is unknown.

    Examples
    --------
    >>> from polyexact.claims import check_claims
    >>> [(r.id, r.verdict.value) for r in check_claims(ids=["VI.1-hessian", "V.3"], quick=True)]
    [('V.3', 'refuted'), ('VI.1-hessian', 'refuted')]
    """
    wanted = list(CLAIM_IDS) if ids is None else list(ids)
    for i, claim_id in enumerate(wanted):
        if claim_id not in CLAIM_IDS:
            known = ", ".join(CLAIM_IDS)
            raise InputError(f"unknown claim id {claim_id!r} (known: {known})", field=f"ids[{i}]")
    results = []
    for claim_id in CLAIM_IDS:
        if claim_id in wanted:
            if progress is not None:
                progress(claim_id)
            results.append(check_claim(claim_id, quick=quick))
    return results
