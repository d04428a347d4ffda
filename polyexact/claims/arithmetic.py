"""Claims about plain arithmetic in the paper's examples (Example V.3; Example VI.2's figures
are checked in :mod:`polyexact.claims.temperature_examples`)."""

from __future__ import annotations

from fractions import Fraction

from polyexact.claims.registry import Finding, Verdict, register

__all__: list[str] = []

#: The paper's stated figure for 512^8 (Example V.3).
PAPER_REGIONS = Fraction(11, 10) * 10**21


@register(
    "V.3",
    "Example V.3: with N = 512 keys and exponent 8 the region bound 512^8 is about 1.1e21, "
    "for a model with 4·512² parameters.",
)
def _check_v3(quick: bool) -> Finding:
    """Recompute Example V.3 exactly: ``512^8 = 2^72`` and ``4·512²``."""
    regions = 512**8
    log2 = regions.bit_length() - 1
    # 512 = 2^9, so the power is exactly 2^72: check it rather than assume it
    exact_power_of_two = regions == 1 << log2
    params = 4 * 512**2
    ratio = Fraction(regions) / PAPER_REGIONS
    verdict = Verdict.REFUTED if Fraction(regions) != PAPER_REGIONS else Verdict.HOLDS
    return Finding(
        verdict,
        f"512^8 = 2^{log2} = {regions:.3e}, not 1.1e21 (ratio {float(ratio):.2f}); "
        f"4·512² = {params:,}",
        {
            "regions_512_to_8": regions,
            "is_power_of_two": exact_power_of_two,
            "log2": log2,
            "regions_scientific": f"{regions:.3e}",
            "paper_value": "1.1e21",
            "ratio_to_paper": ratio,
            "ratio_to_paper_decimal": f"{float(ratio):.4f}",
            "parameters_4_times_512_squared": params,
        },
    )
