"""Layer 6: the paper's claims, each checked by a computation and given a verdict.

``check_claims()`` runs every check (``quick=True`` for small sizes); each result records the
claim id, the paper's statement, a :class:`Verdict` and the evidence computed in the run.
"""

from polyexact.claims.registry import (
    CLAIM_IDS,
    ClaimResult,
    Finding,
    Verdict,
    check_claim,
    check_claims,
    register,
    statement_of,
)

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
