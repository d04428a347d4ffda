"""Test-suite settings shared by every folder.

Hypothesis: exact LPs on a busy 2-core machine can take longer than hypothesis's default 200 ms
per example, which says nothing about correctness, so there is no deadline. Under CI (the ``CI``
environment variable) the examples are derandomised, so that a run is reproducible; locally they
vary from run to run and keep exploring.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "polyexact", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("ci", parent=settings.get_profile("polyexact"), derandomize=True)
settings.load_profile("ci" if os.environ.get("CI") else "polyexact")
