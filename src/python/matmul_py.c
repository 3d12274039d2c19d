/*
 * The native side of `@` and matmul: products of raptors arrays of one dtype
 * with C-contiguous 2-D or 3-D operands run raptors' kernels when NumPy is
 * slow at them (integer and bool products, NumPy's plain loop; float
 * products of small matrices, where NumPy's per-call and per-matrix BLAS
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

/* The product, or NULL without an exception when this path does not take it. */
static PyObject *native(PyObject *x, PyObject *y)
{
    if (!RpArray_Check(x) || !RpArray_Check(y))
        return NULL;
    const RpArrayObject *A = (RpArrayObject *)x, *B = (RpArrayObject *)y;
    const rp_array *a = &A->a, *b = &B->a;
    /* a 1-D operand is a one-row (a) or one-column (b) matrix whose axis the
     * result drops, as NumPy's; two of them make a scalar: NumPy's route */
    if (a->dtype != b->dtype || a->ndim < 1 || b->ndim < 1 || a->ndim + b->ndim < 3 ||
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
    if (rp_dtype_get(a->dtype)->kind == 'f' &&
        (double)m * (double)n * (double)k >
            (a->dtype == RP_FLOAT32 ? SMALL_F32_MACS : SMALL_F64_MACS))
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

PyMethodDef rp_matmul_methods[] = {
    {"_matmul_native", (PyCFunction)(void (*)(void))mod_matmul_native, METH_FASTCALL,
     "_matmul_native(a, b): raptors' own product of two raptors arrays, or NotImplemented "
     "when NumPy's matmul is the route (other layouts, mixed dtypes, large float products)."},
    {"_set_matmul_hooks", mod_set_matmul_hooks, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL},
};
