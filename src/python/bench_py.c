/* The bandwidth probe's binding: raptors._raptors.bandwidth. */
#include "pyraptors.h"

#include "bandwidth.h"

static PyObject *bench_bandwidth(PyObject *mod, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"nbytes", "mode", "threads", "repeats", NULL};
    Py_ssize_t nbytes;
    const char *mode_name = "read";
    int threads = 1, repeats = 10;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "n|sii:bandwidth", kwlist, &nbytes, &mode_name,
                                     &threads, &repeats))
        return NULL;
    int mode = rp_bw_mode_from_name(mode_name);
    if (mode < 0) {
        PyErr_Format(PyExc_ValueError, "bandwidth: mode must be 'read', 'scale' or 'copy', not '%s'",
                     mode_name);
        return NULL;
    }
    if (nbytes < 0 || threads < 1 || repeats < 1) {
        PyErr_SetString(PyExc_ValueError,
                        "bandwidth: nbytes must be >= 0, threads and repeats >= 1");
        return NULL;
    }
    double bps = 0;
    rp_status st;
    /* The probe runs for a while and touches no Python object. */
    Py_BEGIN_ALLOW_THREADS
    st = rp_bandwidth_measure((size_t)nbytes, (rp_bw_mode)mode, threads, repeats, &bps);
    Py_END_ALLOW_THREADS
    if (st != RP_OK)
        return rp_py_raise(st, "bandwidth probe failed");
    return PyFloat_FromDouble(bps / 1e9);
}

PyMethodDef rp_bench_methods[] = {
    {"bandwidth", (PyCFunction)(void (*)(void))bench_bandwidth, METH_VARARGS | METH_KEYWORDS,
     "bandwidth(nbytes, mode='read', threads=1, repeats=10)\n--\n\n"
     "Best-of-`repeats` memory bandwidth in GB/s (1e9 bytes/s) for a working set\n"
     "of `nbytes` streamed by `threads` threads. mode: 'read' (sum of one buffer),\n"
     "'scale' (dst = k * src over two nbytes/2 buffers) or 'copy' (memcpy).\n"
     "Bytes moved per pass = nbytes (rounded down to 256 per thread and buffer)."},
    {NULL, NULL, 0, NULL},
};
