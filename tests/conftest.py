"""Hypothesis profiles: "ci" (default) and "deep"; choose with KGRULES_HYPOTHESIS_PROFILE."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci", max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("deep", settings.get_profile("ci"), max_examples=2000)
settings.load_profile(os.environ.get("KGRULES_HYPOTHESIS_PROFILE", "ci"))
