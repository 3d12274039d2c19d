/*
 * out= objects that are not raptors arrays: NumPy scalars (refused, as
 * NumPy does) and unaligned NumPy arrays (written through an aligned copy).
 */
#include "ufunc_call.h"

static PyObject *numpy_attr(const char *name) { return rp_py_module_attr("numpy", name); }

/* numpy.<fn>(a, b), its result dropped: 0, or -1 with an exception */
int rp_numpy_call(const char *fn, PyObject *a, PyObject *b)
{
    PyObject *f = numpy_attr(fn);
    PyObject *r = f ? PyObject_CallFunctionObjArgs(f, a, b, NULL) : NULL;
    Py_XDECREF(f);
    Py_XDECREF(r);
    return r ? 0 : -1;
}

/* A writeable, aligned copy of an unaligned writeable NumPy array of a
 * supported dtype (NULL, no exception, for anything else). */
PyObject *rp_aligned_copy(PyObject *v)
{
    PyObject *flags = PyObject_GetAttrString(v, "flags");
    PyObject *al = flags ? PyObject_GetAttrString(flags, "aligned") : NULL;
    PyObject *wr = flags ? PyObject_GetAttrString(flags, "writeable") : NULL;
    PyObject *copy = NULL;
    if (al == Py_False && wr == Py_True)
        copy = PyObject_CallMethod(v, "copy", NULL);
    Py_XDECREF(flags);
    Py_XDECREF(al);
    Py_XDECREF(wr);
    PyErr_Clear();
    return copy;
}

/* numpy.generic: NumPy's scalars, which export a buffer but are no out= */
bool rp_is_numpy_scalar(PyObject *v)
{
    static PyObject *generic;
    if (!generic) {
        generic = numpy_attr("generic");
        if (!generic) {
            PyErr_Clear();
            return false;
        }
    }
    int r = PyObject_IsInstance(v, generic);
    if (r < 0)
        PyErr_Clear();
    return r > 0;
}
