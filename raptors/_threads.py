"""The thread pool's size from Python, and raptors as a threadpoolctl citizen.

Without RAPTORS_THREADS the pool follows OMP_NUM_THREADS, the affinity mask
and the container's CPU quota (src/core/pool.c). Here: set/get, a context
manager, and a threadpoolctl controller so that ``threadpool_limits(1)``
(scikit-learn, user code) limits raptors as it limits BLAS and OpenMP.
"""

import contextlib
import operator

from . import _raptors

__all__ = ["get_num_threads", "set_num_threads", "num_threads"]


def get_num_threads():
    """The number of threads raptors' pool splits work over."""
    return _raptors.threading_info()["threads"]


def set_num_threads(n):
    """Use n threads (>= 1) from now on; returns the previous count."""
    if isinstance(n, bool):
        raise TypeError("thread count must be an int, not bool")
    return _raptors._set_threads(operator.index(n))


@contextlib.contextmanager
def num_threads(n):
    """``with raptors.num_threads(1): ...`` runs the block on n threads."""
    old = set_num_threads(n)
    try:
        yield
    finally:
        set_num_threads(old)


def _register_threadpoolctl():
    try:
        import threadpoolctl
    except ImportError:
        return
    if not hasattr(threadpoolctl, "register"):  # before 3.2: no third-party API
        return

    class RaptorsController(threadpoolctl.LibController):
        """threadpoolctl's documented API for third-party pools: found by
        the prefix of the loaded extension module's file name."""

        user_api = "raptors"
        internal_api = "raptors"
        filename_prefixes = ("_raptors",)

        def get_num_threads(self):
            return get_num_threads()

        def set_num_threads(self, num_threads):
            set_num_threads(max(1, int(num_threads)))

        def get_version(self):
            from . import __version__

            return __version__

        def set_additional_attributes(self):
            self.threading_layer = "pthreads"

    threadpoolctl.register(RaptorsController)


_register_threadpoolctl()
