"""raptors: a NumPy-compatible N-dimensional array library with a C engine.

Arrays use NumPy's dtypes (``x.dtype`` is a ``numpy.dtype``), share memory
with NumPy both ways, and follow NumPy's semantics for indexing, shapes and
results.
"""

import numpy as _np
from numpy.exceptions import AxisError

from . import _raptors
from ._raptors import ndarray, simd_enabled, simd_info, threading_info
from . import _convert  # noqa: F401  (installs the conversion hook)
from . import _methods  # noqa: F401  (attaches cold-path methods)
from ._creation import *  # noqa: F401,F403
from ._manip import *  # noqa: F401,F403
from ._array_api import *  # noqa: F401,F403
from ._threads import *  # noqa: F401,F403
from ._linalg_products import *  # noqa: F401,F403
from . import linalg  # noqa: F401
from . import fft  # noqa: F401
from ._sort import *  # noqa: F401,F403
from ._indexing import *  # noqa: F401,F403
from ._shape_ops import *  # noqa: F401,F403

# Optional parts: present once the computation work lands.
try:
    from ._ufuncs import *  # noqa: F401,F403
except ImportError as _e:  # pragma: no cover
    if getattr(_e, "name", None) != f"{__name__}._ufuncs":
        raise
try:
    from ._reductions import *  # noqa: F401,F403
except ImportError as _e:  # pragma: no cover
    if getattr(_e, "name", None) != f"{__name__}._reductions":
        raise
from ._select import *  # noqa: F401,F403
from . import _ufunc_methods  # noqa: F401,E402  (NumPy's ufunc methods on raptors.add ...)
from ._stats import *  # noqa: F401,F403
from ._histogram import *  # noqa: F401,F403
from ._complex_funcs import *  # noqa: F401,F403

# Every public function of the C module not already wrapped above.
for _name in dir(_raptors):
    if not _name.startswith("_") and _name not in globals():
        globals()[_name] = getattr(_raptors, _name)

bool_ = _np.bool_
bool = _np.bool_  # the Array API's name of the dtype  # noqa: A001
int8, int16, int32, int64 = _np.int8, _np.int16, _np.int32, _np.int64
uint8, uint16, uint32, uint64 = _np.uint8, _np.uint16, _np.uint32, _np.uint64
float32, float64 = _np.float32, _np.float64
float16 = _np.float16
dtype = _np.dtype
newaxis = None
pi, e, inf, nan = _np.pi, _np.e, _np.inf, _np.nan

__version__ = "0.1.0"

# NumPy's other public names, through NumPy (raptors/_numpy_names.py).
from ._numpy_names import numpy_fallbacks, lookup as __getattr__  # noqa: E402,F401

# The Array API namespace: raptors with 0-d arrays for NumPy scalars (last:
# it copies the names above).
from . import array_api  # noqa: E402,F401
