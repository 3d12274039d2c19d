/*
 * The native side of `@` and matmul: products of raptors arrays of one dtype
 * with C-contiguous 2-D or 3-D operands run raptors' kernels when NumPy is
 * slow at them (integer and bool products, NumPy's plain loop; float and
 * complex products of small matrices, where NumPy's per-call and per-matrix BLAS
 * overhead dominates). Everything else goes to the Python hook, which runs
 * NumPy's matmul on zero-copy views (raptors/_linalg_products.py), so
 * shapes, broadcasting, dtype pairs and errors stay NumPy's.
 */
#include "pyraptors.h"
#include "ufunc_call.h"

#include "raptors/matmul.h"

/* raptors._linalg_products._matmul_operator(a, b): the `@` of anything else;
 * _matmul_views(a, b): NumPy's matmul of two raptors arrays (the lean path) */
static PyObject *hook_operator, *hook_views;

/* Float products of at most this many multiply-adds per matrix run natively:
 * below it NumPy's call (with the views, ~0.6 us more) and BLAS set-up cost
 * more than the register-panel kernels without FMA. Measured on the bench
 * machine (AMD Zen 5, AVX-512, NumPy 2.x + OpenBLAS), native / NumPy time
 * at n x n x n: f32 ~0.4x at 32, ~0.47x at 64, ~0.5x at 128; f64 ~0.3x at 32,
 * ~0.46x at 64, ~0.63x at 128. The cut stays at 64^3: past it the FMA
 * kernels of OpenBLAS pull ahead on cores whose multiplies and adds share
 * pipes (Intel), where a separate mul and add is half the FMA rate. */
#define SMALL_F32_MACS (64.0 * 64.0 * 64.0)
#define SMALL_F64_MACS (64.0 * 64.0 * 64.0)
/* Complex products natively up to the same size (measured here, 2 busy
 * cores, AVX-512, best of 7, native / NumPy's zgemm/cgemm time: 8x8 ~0.08x,
 * 16 ~0.35x, 32 ~0.75x, 64 ~0.6-0.9x, 96 ~1.2x, 128 ~1.4x; the kernel has no
 * FMA, so OpenBLAS's pulls ahead past 64^3). */
#define SMALL_COMPLEX_MACS (64.0 * 64.0 * 64.0)

/* The product, or NULL without an exception when this path does not take it. */
static PyObject *native(PyObject *x, PyObject *y)
{
    if (!RpArray_Check(x) || !RpArray_Check(y))
        return NULL;
    const RpArrayObject *A = (RpArrayObject *)x, *B = (RpArrayObject *)y;
    const rp_array *a = &A->a, *b = &B->a;
    /* a 1-D operand is a one-row (a) or one-column (b) matrix whose axis the
     * result drops, as NumPy's; two of them make a scalar: NumPy's route */
    if (a->dtype != b->dtype || a->ndim < 1 ||
        b->ndim < 1 || a->ndim + b->ndim < 3 ||
        a->ndim > 3 || b->ndim > 3 || !(A->flags & RP_F_C_CONTIG) || !(B->flags & RP_F_C_CONTIG))
        return NULL;
    const rp_intp m = a->ndim >= 2 ? a->shape[a->ndim - 2] : 1, k = a->shape[a->ndim - 1];
    const rp_intp n = b->ndim >= 2 ? b->shape[b->ndim - 1] : 1;
    if (b->shape[b->ndim >= 2 ? b->ndim - 2 : 0] != k)
        return NULL; /* NumPy's error */
    rp_intp na = a->ndim == 3 ? a->shape[0] : 1, nb = b->ndim == 3 ? b->shape[0] : 1;
    if (na != nb && na != 1 && nb != 1)
        return NULL;
    const rp_intp nbatch = na == 1 ? nb : na;
    const rp_intp isz = (rp_intp)rp_dtype_size(a->dtype);
    const char kind = rp_dtype_get(a->dtype)->kind;
    if ((kind == 'f' && (double)m * (double)n * (double)k >
                            (a->dtype == RP_FLOAT32 ? SMALL_F32_MACS : SMALL_F64_MACS)) ||
        (kind == 'c' && (double)m * (double)n * (double)k > SMALL_COMPLEX_MACS))
        return NULL;
    const bool batched = a->ndim == 3 || b->ndim == 3;
    rp_intp shape[3];
    int ndim = 0;
    if (batched)
        shape[ndim++] = nbatch;
    if (a->ndim >= 2)
        shape[ndim++] = m;
    if (b->ndim >= 2)
        shape[ndim++] = n;
    RpArrayObject *out = rp_py_new(a->dtype, ndim, shape, 'C', 0);
    if (!out)
        return NULL;
    unsigned errors = 0;
    rp_status st;
    const double macs = (double)nbatch * (double)m * (double)n * (double)k;
    const rp_intp sa = na == 1 ? 0 : m * k * isz, sb = nb == 1 ? 0 : k * n * isz;
    if (macs >= 65536.0) {
        Py_BEGIN_ALLOW_THREADS
        st = rp_matmul_stack(a->dtype, a->data, sa, b->data, sb, out->a.data, nbatch, m, n, k,
                             &errors);
        Py_END_ALLOW_THREADS
    } else {
        st = rp_matmul_stack(a->dtype, a->data, sa, b->data, sb, out->a.data, nbatch, m, n, k,
                             &errors);
    }
    if (st != RP_OK) {
        Py_DECREF(out);
        return rp_py_raise(st, NULL);
    }
    if (errors && rp_ufunc_report_errors("matmul", errors) < 0) {
        Py_DECREF(out);
        return NULL;
    }
    return (PyObject *)out;
}

PyObject *rp_nb_matmul(PyObject *x, PyObject *y)
{
    PyObject *r = native(x, y);
    if (r || PyErr_Occurred())
        return r;
    if (!hook_operator)
        Py_RETURN_NOTIMPLEMENTED;
    PyObject *args[2] = {x, y};
    return PyObject_Vectorcall(RpArray_Check(x) && RpArray_Check(y) ? hook_views : hook_operator,
                               args, 2, NULL);
}

/* _matmul_native(a, b): the native product, or NotImplemented */
static PyObject *mod_matmul_native(PyObject *m, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 2) {
        PyErr_SetString(PyExc_TypeError, "_matmul_native(a, b)");
        return NULL;
    }
    PyObject *r = native(args[0], args[1]);
    if (r || PyErr_Occurred())
        return r;
    Py_RETURN_NOTIMPLEMENTED;
}

static PyObject *mod_set_matmul_hooks(PyObject *m, PyObject *args)
{
    PyObject *op, *views;
    if (!PyArg_ParseTuple(args, "OO", &op, &views))
        return NULL;
    Py_XSETREF(hook_operator, Py_NewRef(op));
    Py_XSETREF(hook_views, Py_NewRef(views));
    Py_RETURN_NONE;
}

/* ---- the NumPy bridge of products and linalg ----------------------------------
 *
 * _np_call(fn, *args, **kwargs): fn (a NumPy function) on zero-copy views of
 * raptors operands, its array result wrapped as a raptors array; with a
 * non-None out= the out argument itself (NumPy wrote into its memory). The
 * Python version (raptors/_linalg_common.py) cost ~1.8 us a call in
 * generator, dict and isinstance work; the C walk ~0.3 us. Nested operands
 * (lists, tuples: einsum's, multi_dot's) and results other than a plain
 * ndarray or a scalar (tuples, namedtuples, subclasses) take the Python
 * to_np / to_rp given to _set_np_bridge, which keep the full rules. */
static PyObject *np_asarray, *np_ndarray, *py_to_np, *py_to_rp;

static PyObject *bridge_to_np(PyObject *x)
{
    if (RpArray_Check(x))
        return PyObject_Vectorcall(np_asarray, &x, 1, NULL);
    if (PyList_CheckExact(x) || PyTuple_CheckExact(x))
        return PyObject_Vectorcall(py_to_np, &x, 1, NULL);
    return Py_NewRef(x);
}

/* NumPy's result r (a new reference, consumed) as raptors'. */
static PyObject *bridge_to_rp(PyObject *r)
{
    if (Py_IS_TYPE(r, (PyTypeObject *)np_ndarray)) {
        int unsupported;
        RpArrayObject *a = rp_py_from_buffer(r, &unsupported);
        if (a || !unsupported) {
            Py_DECREF(r);
            return (PyObject *)a;
        }
    } else if (!PyTuple_Check(r) && !PyList_Check(r) &&
               !PyObject_TypeCheck(r, (PyTypeObject *)np_ndarray)) {
        return r; /* NumPy scalars, Python numbers, None: as they are */
    }
    PyObject *x = PyObject_Vectorcall(py_to_rp, &r, 1, NULL);
    Py_DECREF(r);
    return x;
}

#define BRIDGE_MAX_ARGS 16

static PyObject *mod_np_call(PyObject *m, PyObject *const *args, size_t nargsf, PyObject *kwnames)
{
    const Py_ssize_t nargs = PyVectorcall_NARGS(nargsf);
    const Py_ssize_t nkw = kwnames ? PyTuple_GET_SIZE(kwnames) : 0;
    if (nargs < 1) {
        PyErr_SetString(PyExc_TypeError, "_np_call(fn, *args, **kwargs)");
        return NULL;
    }
    if (!np_asarray) {
        PyErr_SetString(PyExc_RuntimeError, "_np_call: the bridge is not set up");
        return NULL;
    }
    const Py_ssize_t total = nargs - 1 + nkw;
    PyObject *small[BRIDGE_MAX_ARGS];
    PyObject **conv = total <= BRIDGE_MAX_ARGS ? small : PyMem_Malloc(sizeof *conv * (size_t)total);
    if (!conv)
        return PyErr_NoMemory();
    PyObject *out = NULL, *r = NULL;
    Py_ssize_t done = 0;
    for (; done < total; done++) {
        PyObject *x = args[1 + done];
        if (done >= nargs - 1 && x != Py_None &&
            PyUnicode_CompareWithASCIIString(PyTuple_GET_ITEM(kwnames, done - (nargs - 1)),
                                             "out") == 0)
            out = x;
        if (!(conv[done] = bridge_to_np(x)))
            goto finish;
    }
    r = PyObject_Vectorcall(args[0], conv, (size_t)(nargs - 1), kwnames);
    if (r && out) {
        Py_DECREF(r);
        /* a 1-tuple out (the ufunc form) gives its array back */
        r = Py_NewRef(PyTuple_Check(out) && PyTuple_GET_SIZE(out) == 1 ? PyTuple_GET_ITEM(out, 0)
                                                                       : out);
    } else if (r) {
        r = bridge_to_rp(r);
    }
finish:
    for (Py_ssize_t i = 0; i < done; i++)
        Py_DECREF(conv[i]);
    if (conv != small)
        PyMem_Free(conv);
    return r;
}

static PyObject *mod_set_np_bridge(PyObject *m, PyObject *args)
{
    PyObject *asarray, *nd, *tonp, *torp;
    if (!PyArg_ParseTuple(args, "OO!OO", &asarray, &PyType_Type, &nd, &tonp, &torp))
        return NULL;
    Py_XSETREF(np_asarray, Py_NewRef(asarray));
    Py_XSETREF(np_ndarray, Py_NewRef(nd));
    Py_XSETREF(py_to_np, Py_NewRef(tonp));
    Py_XSETREF(py_to_rp, Py_NewRef(torp));
    Py_RETURN_NONE;
}

PyMethodDef rp_matmul_methods[] = {
    {"_matmul_native", (PyCFunction)(void (*)(void))mod_matmul_native, METH_FASTCALL,
     "_matmul_native(a, b): raptors' own product of two raptors arrays, or NotImplemented "
     "when NumPy's matmul is the route (other layouts, mixed dtypes, large float products)."},
    {"_set_matmul_hooks", mod_set_matmul_hooks, METH_VARARGS, NULL},
    {"_np_call", (PyCFunction)(void (*)(void))mod_np_call, METH_FASTCALL | METH_KEYWORDS,
     "_np_call(fn, *args, **kwargs): NumPy's fn on zero-copy views of raptors operands; "
     "array results as raptors arrays, out= returned itself."},
    {"_set_np_bridge", mod_set_np_bridge, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL},
};
