"""polyexact: exact polyhedral geometry and certified region counts of tropical transformers.

Convention everywhere: max-plus (a ⊕ b = max(a, b), a ⊗ b = a + b).
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
