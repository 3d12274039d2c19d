"""pytest setup for the differential tests against NumPy.

Hypothesis profiles: "default" (modest example counts, the whole suite in
well under a minute on 2 cores) and "thorough" (HYPOTHESIS_PROFILE=thorough,
for a longer local run). No deadlines: the machine is shared and noisy.
"""

import os
import sys

import numpy as np
import pytest
from hypothesis import HealthCheck, settings

sys.path.insert(0, os.path.dirname(__file__))  # `from strategies import ...`

settings.register_profile(
    "default", max_examples=40, deadline=None, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                           HealthCheck.filter_too_much])
settings.register_profile(
    "thorough", max_examples=1000, deadline=None, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                           HealthCheck.filter_too_much])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(autouse=True)
def _numpy_errors_quiet():
    # NumPy warns on casts whose value it leaves undefined (NaN -> int);
    # the tests compare behaviour, not warnings.
    with np.errstate(all="ignore"):
        yield
