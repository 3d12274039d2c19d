/*
 * Module functions that answer questions rather than compute arrays: dtype
 * promotion and casting rules (for raptors.result_type / can_cast) and the
 * thread pool's settings and per-op backend counters.
 */
#include "ufunc_call.h"

#include <limits.h>

#include "cpu.h"
#include "pool.h"
#include "reduce_table.h"
#include "stats.h"
#include "stream.h"

static PyObject *py_result_type_dt(PyObject *m, PyObject *const *args, Py_ssize_t nargs)
{
    /* _result_type(dtypes..., weak kinds...) for raptors.result_type: pairs of
     * (dtype object or None, weak kind int). */
    (void)m;
    rp_dtype dts[64];
    rp_weak weak[64];
    int nd = 0, nw = 0;
    if (nargs > 64)
        return rp_py_raise(RP_EVALUE, "too many arguments");
    for (Py_ssize_t i = 0; i < nargs; i++) {
        PyObject *v = args[i];
        if (PyBool_Check(v))
            weak[nw++] = RP_WEAK_BOOL;
        else if (PyLong_CheckExact(v))
            weak[nw++] = RP_WEAK_INT;
        else if (PyFloat_CheckExact(v))
            weak[nw++] = RP_WEAK_FLOAT;
        else if (PyComplex_CheckExact(v))
            weak[nw++] = RP_WEAK_COMPLEX;
        else {
            rp_dtype dt;
            if (rp_py_dtype_from_obj(v, &dt) < 0)
                return NULL;
            dts[nd++] = dt;
        }
    }
    return Py_NewRef(rp_py_dtype_obj(rp_result_type(nd, dts, nw, weak)));
}

static PyObject *py_can_cast_dt(PyObject *m, PyObject *const *args, Py_ssize_t nargs)
{
    (void)m;
    rp_dtype from, to;
    rp_casting c = RP_CASTING_SAFE;
    if (nargs < 2 || nargs > 3) {
        PyErr_SetString(PyExc_TypeError, "_can_cast(from, to, casting)");
        return NULL;
    }
    if (rp_py_dtype_from_obj(args[0], &from) < 0 || rp_py_dtype_from_obj(args[1], &to) < 0)
        return NULL;
    if (nargs == 3 && rp_py_parse_casting(args[2], &c) < 0)
        return NULL;
    return PyBool_FromLong(rp_can_cast(from, to, c));
}

/* raptors.threading_info(): the pool, its thresholds, and per-op counts of
 * the backend each elementwise call ran on (ops never called are left out). */
static PyObject *py_threading_info(PyObject *m, PyObject *unused)
{
    (void)m;
    (void)unused;
    static const char *const names[RP_NBACKENDS] = {"scalar", "simd", "threaded_simd"};
    PyObject *counters = PyDict_New(), *res = NULL;
    if (!counters)
        return NULL;
    for (int op = 0; op < RP_NOPS; op++) {
        uint64_t n[RP_NBACKENDS], any = 0;
        for (int b = 0; b < RP_NBACKENDS; b++)
            any |= n[b] = rp_stats_get(op, (rp_backend)b);
        if (!any)
            continue;
        PyObject *d = Py_BuildValue("{sKsKsK}", names[0], (unsigned long long)n[0], names[1],
                                    (unsigned long long)n[1], names[2], (unsigned long long)n[2]);
        if (!d || PyDict_SetItemString(counters, rp_op_get((rp_op)op)->name, d) < 0) {
            Py_XDECREF(d);
            Py_DECREF(counters);
            return NULL;
        }
        Py_DECREF(d);
    }
    /* "never" is reported as None */
    size_t stream = rp_stream_min_bytes();
    rp_intp prefetch = rp_reduce_prefetch_bytes();
    PyObject *stream_obj = stream == SIZE_MAX ? Py_NewRef(Py_None) : PyLong_FromSize_t(stream);
    PyObject *prefetch_obj =
        prefetch == PTRDIFF_MAX ? Py_NewRef(Py_None) : PyLong_FromSsize_t((Py_ssize_t)prefetch);
    if (!stream_obj || !prefetch_obj) {
        Py_XDECREF(stream_obj);
        Py_XDECREF(prefetch_obj);
        Py_DECREF(counters);
        return NULL;
    }
    res = Py_BuildValue("{sisssnsnsnslsnsNsNsO}", "threads", rp_threads_get(), "pool", "pthreads",
                        "serial_cutoff_bytes", (Py_ssize_t)rp_ufunc_serial_cutoff_bytes(),
                        "reduce_cutoff_bytes", (Py_ssize_t)rp_reduce_par_bytes(), "block_bytes",
                        (Py_ssize_t)rp_ufunc_block_bytes(), "spin_us", rp_threads_spin_us(),
                        "llc_bytes", (Py_ssize_t)rp_cpu_llc_bytes(), "stream_min_bytes", stream_obj,
                        "reduce_prefetch_bytes", prefetch_obj, "counters", counters);
    Py_DECREF(counters);
    return res;
}

/* raptors._set_threads(n): the pool size from now on; returns the old one
 * (sweeps compare thread counts inside one process). */
static PyObject *py_set_threads(PyObject *m, PyObject *arg)
{
    (void)m;
    long n = PyLong_AsLong(arg);
    if (n == -1 && PyErr_Occurred())
        return NULL;
    if (n < 1) {
        PyErr_SetString(PyExc_ValueError, "thread count must be >= 1");
        return NULL;
    }
    int old = rp_threads_get();
    rp_threads_set((int)(n > INT_MAX ? INT_MAX : n));
    return PyLong_FromLong(old);
}

PyMethodDef rp_info_methods[] = {
    {"threading_info", py_threading_info, METH_NOARGS, NULL},
    {"_set_threads", py_set_threads, METH_O, NULL},
    {"_result_type", (PyCFunction)(void (*)(void))py_result_type_dt, METH_FASTCALL, NULL},
    {"_can_cast", (PyCFunction)(void (*)(void))py_can_cast_dt, METH_FASTCALL, NULL},
    {NULL, NULL, 0, NULL},
};

