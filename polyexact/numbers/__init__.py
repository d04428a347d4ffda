"""Layer 1: exact numbers — parsing to Fraction, vectors, matrices and affine maps."""

from polyexact.numbers.linalg import (
    AffineMap,
    Matrix,
    Vector,
    dot,
    identity_matrix,
    is_positive_multiple,
    mat_mul,
    mat_vec,
    matrix_from_data,
    matrix_to_data,
    transpose,
    vector_from_data,
    vector_to_data,
    zero_matrix,
    zero_vector,
)
from polyexact.numbers.rational import (
    FloatConversionWarning,
    Rational,
    RationalLike,
    format_rational,
    parse_rational,
)

__all__ = [
    "AffineMap",
    "FloatConversionWarning",
    "Matrix",
    "Rational",
    "RationalLike",
    "Vector",
    "dot",
    "format_rational",
    "identity_matrix",
    "is_positive_multiple",
    "mat_mul",
    "mat_vec",
    "matrix_from_data",
    "matrix_to_data",
    "parse_rational",
    "transpose",
    "vector_from_data",
    "vector_to_data",
    "zero_matrix",
    "zero_vector",
]
