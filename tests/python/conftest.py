"""pytest setup for the differential tests against NumPy.

Hypothesis profiles (HYPOTHESIS_PROFILE=NAME picks one):
  ci        derandomized (each test draws the same examples on every run, a
            seed taken from the test itself) and no example database, so a
            result never depends on an earlier run's .hypothesis directory.
            The default when CI is set, and what `make test` uses: it must give
            the same result every time.
  random    fresh random examples on every run, failures saved to (and
            replayed from) .hypothesis/; the default for a bare `pytest`
            outside CI, and `make test-random`. A failure it finds gets an
            explicit @example so that `make test` checks it from then on.
  thorough  as random with 1000 examples per test, for a long local run.
  asan      as ci with fewer examples: the suite under the sanitizers
            (scripts/test_python_asan.sh) runs several times slower.
No deadlines: the machine is shared and noisy.
"""

import os
import sys

import numpy as np
import pytest
from hypothesis import HealthCheck, settings

sys.path.insert(0, os.path.dirname(__file__))  # `from strategies import ...`
# scikit-learn's Array API path (test_sklearn.py) needs it before SciPy is first imported.
os.environ.setdefault("SCIPY_ARRAY_API", "1")

_common = dict(deadline=None, print_blob=True,
               suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                      HealthCheck.filter_too_much])
settings.register_profile("ci", max_examples=40, derandomize=True, database=None, **_common)
settings.register_profile("random", max_examples=40, **_common)
settings.register_profile("thorough", max_examples=1000, **_common)
settings.register_profile("asan", max_examples=20, derandomize=True, database=None, **_common)
_in_ci = os.environ.get("CI", "").lower() not in ("", "0", "false", "no")
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if _in_ci else "random"))


@pytest.fixture(autouse=True)
def _numpy_errors_quiet():
    # NumPy warns on casts whose value it leaves undefined (NaN -> int);
    # the tests compare behaviour, not warnings.
    with np.errstate(all="ignore"):
        yield
