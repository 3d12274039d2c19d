/*
 * The private entry point of raptors.histogram's uniform bins
 * (raptors/_stats.py resolves NumPy's dtypes and edges, then calls this on
 * raptors arrays it made): argument checks, the GIL released, the core.
 */
#include "pyraptors.h"

#include "raptors/histogram.h"

static RpArrayObject *vec(PyObject *o, const char *what, bool contig, bool writeable)
{
    if (!RpArray_Check(o) || ((RpArrayObject *)o)->a.ndim != 1 ||
        (contig && !(((RpArrayObject *)o)->flags & RP_F_C_CONTIG)) ||
        (writeable && !(((RpArrayObject *)o)->flags & RP_F_WRITEABLE))) {
        PyErr_Format(PyExc_TypeError, "_histogram_uniform: %s must be a 1-D raptors array%s",
                     what, contig ? " (contiguous)" : "");
        return NULL;
    }
    return (RpArrayObject *)o;
}

/* _histogram_uniform(x, edges, out, lo, hi, lo_sub, denom, cmp32, sub32,
 * div32, weights=None): out (int64, or float64 with weights) += the bin
 * counts (sums) of x. */
static PyObject *py_histogram_uniform(PyObject *mod, PyObject *args)
{
    (void)mod;
    PyObject *xo, *eo, *oo, *wo = Py_None;
    rp_hist_uniform h;
    int c32, s32, d32;
    if (!PyArg_ParseTuple(args, "OOOddddppp|O", &xo, &eo, &oo, &h.lo, &h.hi, &h.lo_sub, &h.denom,
                          &c32, &s32, &d32, &wo))
        return NULL;
    RpArrayObject *x = vec(xo, "x", false, false), *e = vec(eo, "edges", true, false),
                  *o = vec(oo, "out", true, true), *w = NULL;
    if (!x || !e || !o)
        return NULL;
    if (wo != Py_None && !(w = vec(wo, "weights", false, false)))
        return NULL;
    h.nbins = o->a.shape[0];
    h.cmp_dt = c32 ? RP_FLOAT32 : RP_FLOAT64;
    h.sub_dt = s32 ? RP_FLOAT32 : RP_FLOAT64;
    h.div_dt = d32 ? RP_FLOAT32 : RP_FLOAT64;
    h.edges = e->a.data;
    const rp_intp n = x->a.shape[0];
    if (e->a.dtype != x->a.dtype || e->a.shape[0] != h.nbins + 1 ||
        o->a.dtype != (w ? RP_FLOAT64 : RP_INT64) ||
        (w && (w->a.dtype != RP_FLOAT64 || w->a.shape[0] != n))) {
        PyErr_SetString(PyExc_ValueError, "_histogram_uniform: mismatched arguments");
        return NULL;
    }
    rp_status st;
    Py_BEGIN_ALLOW_THREADS
    st = rp_histogram_uniform(&h, x->a.dtype, x->a.data, n, x->a.strides[0],
                              w ? w->a.data : NULL, w ? w->a.strides[0] : 0, o->a.data);
    Py_END_ALLOW_THREADS
    if (st != RP_OK)
        return rp_py_raise(st, NULL);
    Py_RETURN_NONE;
}

PyMethodDef rp_histogram_methods[] = {
    {"_histogram_uniform", py_histogram_uniform, METH_VARARGS,
     "Uniform-bin histogram counts as numpy.histogram assigns them (private)."},
    {NULL, NULL, 0, NULL},
};
