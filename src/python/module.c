/* The raptors._raptors extension module: wiring and diagnostics. */
#include "pyraptors.h"

#include <stdlib.h>

static int simd_init(void)
{
    const char *req = getenv("RAPTORS_SIMD");
    if (rp_dispatch_init(req) == RP_OK)
        return 0;
    /* An ISA this CPU lacks (or a typo) must not stop the import: say so
     * and run the best kernels we can. */
    if (PyErr_WarnFormat(PyExc_RuntimeWarning, 1,
                         "RAPTORS_SIMD=%s is not available on this CPU/build; using %s", req,
                         rp_isa_name(rp_cpu_best_isa())) < 0)
        return -1;
    return rp_dispatch_init(NULL) == RP_OK ? 0 : -1;
}

static PyObject *mod_simd_info(PyObject *m, PyObject *unused)
{
    PyObject *compiled = PyList_New(0);
    for (int i = 0; compiled && i < RP_ISA_COUNT; i++)
        if (rp_isa_compiled((rp_isa)i)) {
            PyObject *s = PyUnicode_FromString(rp_isa_name((rp_isa)i));
            if (!s || PyList_Append(compiled, s) < 0) {
                Py_XDECREF(s);
                Py_CLEAR(compiled);
                break;
            }
            Py_DECREF(s);
        }
    if (!compiled)
        return NULL;
    const char *req = getenv("RAPTORS_SIMD");
    return Py_BuildValue("{s:s,s:s,s:N,s:s}", "detected", rp_isa_name(rp_cpu_best_isa()), "selected",
                         rp_isa_name(rp_isa_selected()), "compiled", compiled, "requested",
                         req ? req : "auto");
}

static PyObject *mod_simd_enabled(PyObject *m, PyObject *unused)
{
    return PyBool_FromLong(rp_isa_selected() != RP_ISA_BASELINE);
}

/* Re-run the dispatch fill (tests compare ISAs within one process). */
static PyObject *mod_set_simd(PyObject *m, PyObject *arg)
{
    const char *req = arg == Py_None ? NULL : PyUnicode_AsUTF8(arg);
    if (!req && arg != Py_None)
        return NULL;
    if (rp_dispatch_init(req) != RP_OK) {
        PyErr_Format(PyExc_ValueError, "ISA %R is not available on this CPU/build", arg);
        return NULL;
    }
    return PyUnicode_FromString(rp_isa_name(rp_isa_selected()));
}

static PyMethodDef module_methods[] = {
    {"simd_info", mod_simd_info, METH_NOARGS, "Detected, selected and compiled ISAs."},
    {"simd_enabled", mod_simd_enabled, METH_NOARGS, "Whether SIMD kernels beyond the baseline run."},
    {"_set_simd", mod_set_simd, METH_O, NULL},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef moduledef = {
    PyModuleDef_HEAD_INIT, "raptors._raptors", "The C engine of raptors.", -1, module_methods,
};

static int import_numpy_objects(void)
{
    PyObject *np = PyImport_ImportModule("numpy");
    if (!np)
        return -1;
    int r = -1;
    rp_np_dtype_type = PyObject_GetAttrString(np, "dtype");
    PyObject *exc = PyImport_ImportModule("numpy.exceptions");
    if (exc) {
        rp_AxisError = PyObject_GetAttrString(exc, "AxisError");
        Py_DECREF(exc);
    }
    if (!rp_np_dtype_type || !rp_AxisError)
        goto done;
    for (int i = 0; i < RP_NTYPES; i++) {
        rp_dtype_objs[i] = PyObject_CallFunction(rp_np_dtype_type, "s", rp_dtype_get(i)->name);
        if (!rp_dtype_objs[i] || !(rp_scalar_types[i] = PyObject_GetAttrString(rp_dtype_objs[i], "type")))
            goto done;
    }
    r = 0;
done:
    Py_DECREF(np);
    return r;
}

PyMODINIT_FUNC PyInit__raptors(void)
{
    if (import_numpy_objects() < 0 || simd_init() < 0)
        return NULL;
    PyObject *m = PyModule_Create(&moduledef);
    if (!m)
        return NULL;
    if (PyModule_AddFunctions(m, rp_module_array_methods) < 0 ||
        PyModule_AddFunctions(m, rp_ops_methods) < 0 ||
        PyModule_AddFunctions(m, rp_clip_methods) < 0 ||
        PyModule_AddFunctions(m, rp_info_methods) < 0 ||
        PyModule_AddFunctions(m, rp_casting_methods) < 0 ||
        PyModule_AddFunctions(m, rp_reduce_methods) < 0 ||
        PyModule_AddFunctions(m, rp_sort_methods) < 0 ||
        PyModule_AddFunctions(m, rp_sort_complex_methods) < 0 ||
        PyModule_AddFunctions(m, rp_select_methods) < 0 ||
        PyModule_AddFunctions(m, rp_shape_methods) < 0 ||
        PyModule_AddFunctions(m, rp_matmul_methods) < 0 ||
        PyModule_AddFunctions(m, rp_histogram_methods) < 0 ||
        PyModule_AddFunctions(m, rp_bench_methods) < 0 ||
        PyModule_AddFunctions(m, rp_dlpack_methods) < 0 || rp_ndarray_type_init(m) < 0 ||
        rp_ops_init(m) < 0 || rp_reduce_init(m) < 0 || rp_ufunc_type_init(m) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
