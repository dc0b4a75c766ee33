"""Test configuration: hypothesis profiles.

``ci`` is thorough and deterministic (derandomized, no example database); ``dev`` is quick.
The profile is chosen by ``HYPOTHESIS_PROFILE``; without it, ``ci`` when the ``CI`` environment
variable is set and ``dev`` otherwise.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    max_examples=300,
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=30, deadline=None)

# Figures are drawn off-screen in the tests and doctests (set before matplotlib is imported).
os.environ.setdefault("MPLBACKEND", "Agg")

_default = "ci" if os.environ.get("CI") else "dev"
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", _default))
