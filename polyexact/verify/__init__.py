"""Layer 6: the verifier, an adversary of the enumerator.

It reads certificates (:mod:`polyexact.certificates`) and re-establishes their counts with its
own evaluation of the model (:mod:`polyexact.verify.evaluate`) and its own exact geometry
(cddlib-backed polyhedra, integer ranks) — never the enumerator (:mod:`polyexact.cells`) or
its incremental kernels (:mod:`polyexact.polyhedra.incremental`).
"""

from polyexact.verify.verifier import VerificationReport, verify_certificate

__all__ = ["VerificationReport", "verify_certificate"]
