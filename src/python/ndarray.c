/* The raptors.ndarray type: storage, views, attributes, buffer export. */
#include "pyraptors.h"
#include "ufunc_call.h"

#include <structmember.h>

#include <limits.h>
#include <string.h>

PyTypeObject *RpArray_Type;

/* ---- construction ---- */

static RpArrayObject *alloc_object(int ndim)
{
    if (ndim < 0 || ndim > RP_MAXDIMS) {
        PyErr_Format(PyExc_ValueError, "maximum supported dimension for an ndarray is %d, found %d",
                     RP_MAXDIMS, ndim);
        return NULL;
    }
    RpArrayObject *self = (RpArrayObject *)RpArray_Type->tp_alloc(RpArray_Type, 0);
    if (!self)
        return NULL;
    if (ndim <= RP_INLINE_DIMS) {
        self->a.shape = self->dims;
        self->a.strides = self->dims + RP_INLINE_DIMS;
    } else {
        rp_intp *heap = PyMem_Malloc(sizeof(rp_intp) * 2 * (size_t)ndim);
        if (!heap) {
            Py_DECREF(self);
            return (RpArrayObject *)PyErr_NoMemory();
        }
        self->a.shape = heap;
        self->a.strides = heap + ndim;
    }
    self->a.ndim = ndim;
    return self;
}

void rp_py_update_flags(RpArrayObject *self)
{
    self->flags &= ~(RP_F_C_CONTIG | RP_F_F_CONTIG);
    if (rp_array_is_c_contig(&self->a))
        self->flags |= RP_F_C_CONTIG;
    if (rp_array_is_f_contig(&self->a))
        self->flags |= RP_F_F_CONTIG;
}

/* NumPy's rule: the extents other than 0 must multiply (with the itemsize)
 * to something addressable, even when a 0 extent makes the array empty,
 * so that contiguous strides never overflow. 0, or -1 with ValueError. */
static int check_extent(int ndim, const rp_intp *shape, size_t itemsize)
{
    rp_intp n = (rp_intp)itemsize;
    for (int i = 0; i < ndim; i++)
        if (shape[i] > 0 && __builtin_mul_overflow(n, shape[i], &n)) {
            rp_py_raise(RP_EVALUE, "array is too big; `arr.size * arr.dtype.itemsize` is larger "
                                   "than the maximum possible size.");
            return -1;
        }
    return 0;
}

RpArrayObject *rp_py_new(rp_dtype dt, int ndim, const rp_intp *shape, char order, int zero)
{
    size_t nbytes;
    rp_status st = rp_shape_nbytes(ndim, shape, rp_dtype_size(dt), &nbytes);
    if (st == RP_EVALUE)
        return rp_py_raise(st, "negative dimensions are not allowed");
    if (st != RP_OK || check_extent(ndim, shape, rp_dtype_size(dt)) < 0)
        return rp_py_raise(RP_EVALUE, "array is too big; `arr.size * arr.dtype.itemsize` is larger "
                                      "than the maximum possible size.");
    RpArrayObject *self = alloc_object(ndim);
    if (!self)
        return NULL;
    self->a.dtype = dt;
    if (ndim > 0) /* a 0-d caller may pass no shape at all */
        memcpy(self->a.shape, shape, sizeof(rp_intp) * (size_t)ndim);
    rp_strides_for(ndim, shape, (rp_intp)rp_dtype_size(dt), order == 'F' ? 'F' : 'C',
                   self->a.strides);
    self->a.data = zero ? rp_calloc(nbytes) : rp_alloc(nbytes);
    if (!self->a.data) {
        Py_DECREF(self);
        return (RpArrayObject *)PyErr_Format(PyExc_MemoryError,
                                             "Unable to allocate %zu bytes for an array with "
                                             "shape of %d dimension(s) and data type %s",
                                             nbytes, ndim, rp_dtype_get(dt)->name);
    }
    self->alloc_nbytes = nbytes;
    /* Fresh strides: the array is contiguous in its own order, and in the
     * other too when at most one extent exceeds 1 or it is empty (what
     * rp_py_update_flags would find, without walking the strides twice). */
    int big = 0, empty = 0;
    for (int d = 0; d < ndim; d++) {
        big += shape[d] > 1;
        empty |= shape[d] == 0;
    }
    int own = order == 'F' ? RP_F_F_CONTIG : RP_F_C_CONTIG;
    self->flags = RP_F_WRITEABLE | RP_F_OWNDATA | own |
                  (big <= 1 || empty ? RP_F_C_CONTIG | RP_F_F_CONTIG : 0);
    return self;
}

RpArrayObject *rp_py_new_strided(rp_dtype dt, int ndim, const rp_intp *shape,
                                 const rp_intp *strides, int zero)
{
    RpArrayObject *out = rp_py_new(dt, ndim, shape, 'C', zero);
    if (!out)
        return NULL;
    /* strides are contiguous in some axis order: the same bytes as C's. */
    memcpy(out->a.strides, strides, sizeof(rp_intp) * (size_t)ndim);
    rp_py_update_flags(out);
    return out;
}

RpArrayObject *rp_py_new_like(const RpArrayObject *like, rp_dtype dt)
{
    rp_intp strides[RP_MAXDIMS];
    rp_strides_like(&like->a, NULL, (rp_intp)rp_dtype_size(dt), strides);
    return rp_py_new_strided(dt, like->a.ndim, like->a.shape, strides, 0);
}

RpArrayObject *rp_py_view(RpArrayObject *owner, char *data, int ndim, const rp_intp *shape,
                          const rp_intp *strides, rp_dtype dt)
{
    RpArrayObject *self = alloc_object(ndim);
    if (!self)
        return NULL;
    self->a.data = data;
    self->a.dtype = dt;
    if (ndim > 0) { /* a 0-d caller may pass no shape at all */
        memcpy(self->a.shape, shape, sizeof(rp_intp) * (size_t)ndim);
        memcpy(self->a.strides, strides, sizeof(rp_intp) * (size_t)ndim);
    }
    self->flags = RP_F_WRITEABLE;
    if (owner) {
        /* Point at whoever keeps the memory alive, not at a chain of views
         * (as NumPy does). An array holding a buffer export must stay: it
         * releases the export when it dies. */
        PyObject *keeper = (owner->flags & RP_F_OWNDATA) || owner->view || !owner->base
                               ? (PyObject *)owner
                               : owner->base;
        self->base = Py_NewRef(keeper);
        self->flags = owner->flags & RP_F_WRITEABLE;
    }
    rp_py_update_flags(self);
    return self;
}

static void ndarray_dealloc(RpArrayObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    if (self->weakreflist)
        PyObject_ClearWeakRefs((PyObject *)self);
    if (self->flags & RP_F_OWNDATA)
        rp_free(self->a.data, self->alloc_nbytes);
    if (self->view) {
        PyBuffer_Release(self->view);
        PyMem_Free(self->view);
    }
    Py_XDECREF(self->base);
    if (self->a.shape != self->dims)
        PyMem_Free(self->a.shape);
    tp->tp_free((PyObject *)self);
    Py_DECREF(tp);
}

static PyObject *ndarray_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"shape", "dtype", "order", NULL};
    PyObject *shape_obj, *dtype_obj = Py_None;
    const char *order = "C";
    (void)type;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "O|Os:ndarray", kwlist, &shape_obj, &dtype_obj,
                                     &order))
        return NULL;
    int ndim;
    rp_intp shape[RP_MAXDIMS];
    rp_dtype dt;
    if (rp_py_parse_shape(shape_obj, &ndim, shape) < 0 || rp_py_dtype_from_obj(dtype_obj, &dt) < 0)
        return NULL;
    return (PyObject *)rp_py_new(dt, ndim, shape, order[0], 0);
}

/* ---- attributes ---- */

static PyObject *intp_tuple(int n, const rp_intp *v)
{
    PyObject *t = PyTuple_New(n);
    for (int i = 0; t && i < n; i++) {
        PyObject *x = PyLong_FromSsize_t(v[i]);
        if (!x) {
            Py_DECREF(t);
            return NULL;
        }
        PyTuple_SET_ITEM(t, i, x);
    }
    return t;
}

#define SELF ((RpArrayObject *)self)
static PyObject *get_shape(PyObject *self, void *c) { return intp_tuple(SELF->a.ndim, SELF->a.shape); }
static PyObject *get_strides(PyObject *self, void *c)
{
    return intp_tuple(SELF->a.ndim, SELF->a.strides);
}
static PyObject *get_ndim(PyObject *self, void *c) { return PyLong_FromLong(SELF->a.ndim); }
static PyObject *get_size(PyObject *self, void *c) { return PyLong_FromSsize_t(rp_array_size(&SELF->a)); }
static PyObject *get_itemsize(PyObject *self, void *c)
{
    return PyLong_FromSize_t(rp_dtype_size(SELF->a.dtype));
}
static PyObject *get_nbytes(PyObject *self, void *c)
{
    return PyLong_FromSsize_t(rp_array_size(&SELF->a) * (rp_intp)rp_dtype_size(SELF->a.dtype));
}
static PyObject *get_dtype(PyObject *self, void *c) { return Py_NewRef(rp_py_dtype_obj(SELF->a.dtype)); }
static PyObject *get_base(PyObject *self, void *c) { return Py_NewRef(SELF->base ? SELF->base : Py_None); }
static PyObject *get_flagbits(PyObject *self, void *c) { return PyLong_FromLong(SELF->flags); }
static PyObject *get_device(PyObject *self, void *c) { return PyUnicode_FromString("cpu"); }

static int set_writeable(PyObject *self, PyObject *value, void *c)
{
    int w = value ? PyObject_IsTrue(value) : -1;
    if (w < 0) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_TypeError, "cannot delete the writeable flag");
        return -1;
    }
    if (w && !(SELF->flags & RP_F_WRITEABLE)) {
        /* Only an array that owns its data can be made writeable again:
         * read-only views of foreign or broadcast memory stay read-only. */
        if (!(SELF->flags & RP_F_OWNDATA)) {
            PyErr_SetString(PyExc_ValueError, "cannot set WRITEABLE flag to True of this array");
            return -1;
        }
        SELF->flags |= RP_F_WRITEABLE;
    } else if (!w)
        SELF->flags &= ~RP_F_WRITEABLE;
    return 0;
}
static PyObject *get_writeable(PyObject *self, void *c)
{
    return PyBool_FromLong(SELF->flags & RP_F_WRITEABLE);
}

static PyObject *get_array_interface(PyObject *self, void *c)
{
    const rp_dtype_info *info = rp_dtype_get(SELF->a.dtype);
    char typestr[8];
    snprintf(typestr, sizeof typestr, "%c%c%u", info->size == 1 ? '|' : '<', info->kind,
             (unsigned)info->size);
    PyObject *shape = intp_tuple(SELF->a.ndim, SELF->a.shape);
    PyObject *strides = intp_tuple(SELF->a.ndim, SELF->a.strides);
    PyObject *d = NULL;
    if (shape && strides)
        d = Py_BuildValue("{s:N,s:N,s:s,s:(NO),s:i}", "shape", shape, "strides", strides,
                          "typestr", typestr, "data",
                          PyLong_FromVoidPtr(SELF->a.data),
                          (SELF->flags & RP_F_WRITEABLE) ? Py_False : Py_True, "version", 3);
    else {
        Py_XDECREF(shape);
        Py_XDECREF(strides);
    }
    return d;
}

static PyObject *transpose_axes(RpArrayObject *self, const int *perm);

static PyObject *get_T(PyObject *self, void *c)
{
    int perm[RP_MAXDIMS];
    for (int i = 0; i < SELF->a.ndim; i++)
        perm[i] = SELF->a.ndim - 1 - i;
    return transpose_axes(SELF, perm);
}

static PyGetSetDef ndarray_getset[] = {
    {"shape", get_shape, NULL, "Tuple of array dimensions.", NULL},
    {"strides", get_strides, NULL, "Bytes to step in each dimension.", NULL},
    {"ndim", get_ndim, NULL, "Number of array dimensions.", NULL},
    {"size", get_size, NULL, "Number of elements.", NULL},
    {"itemsize", get_itemsize, NULL, "Bytes per element.", NULL},
    {"nbytes", get_nbytes, NULL, "Bytes consumed by the elements.", NULL},
    {"dtype", get_dtype, NULL, "Data type (a numpy.dtype).", NULL},
    {"base", get_base, NULL, "The object whose memory this array uses, or None.", NULL},
    {"device", get_device, NULL, "Always 'cpu'.", NULL},
    {"T", get_T, NULL, "The transposed array (a view).", NULL},
    {"real", rp_part_get_real, rp_part_set_real,
     "The real part: a view of the real parts for complex dtypes, the array itself for real "
     "dtypes.",
     NULL},
    {"imag", rp_part_get_imag, rp_part_set_imag,
     "The imaginary part: a view for complex dtypes, read-only zeros for real dtypes.", NULL},
    {"_flagbits", get_flagbits, NULL, NULL, NULL},
    {"_writeable", get_writeable, set_writeable, NULL, NULL},
    {"__array_interface__", get_array_interface, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

/* ---- buffer protocol (PEP 3118) ---- */

static const char *const formats[RP_NTYPES] = {"?", "b", "h", "i", "l", "B", "H",
                                               "I", "L", "f", "d", "e", "Zf", "Zd"};

static int ndarray_getbuffer(PyObject *self, Py_buffer *view, int flags)
{
    RpArrayObject *a = SELF;
    if ((flags & PyBUF_WRITABLE) == PyBUF_WRITABLE && !(a->flags & RP_F_WRITEABLE)) {
        PyErr_SetString(PyExc_BufferError, "raptors array is read-only");
        return -1;
    }
    bool c = a->flags & RP_F_C_CONTIG, f = a->flags & RP_F_F_CONTIG;
    if (((flags & PyBUF_C_CONTIGUOUS) == PyBUF_C_CONTIGUOUS && !c) ||
        ((flags & PyBUF_F_CONTIGUOUS) == PyBUF_F_CONTIGUOUS && !f) ||
        ((flags & PyBUF_ANY_CONTIGUOUS) == PyBUF_ANY_CONTIGUOUS && !c && !f) ||
        ((flags & PyBUF_STRIDES) != PyBUF_STRIDES && !c)) {
        PyErr_SetString(PyExc_BufferError, "raptors array is not contiguous");
        return -1;
    }
    view->buf = a->a.data;
    view->obj = Py_NewRef(self);
    view->itemsize = (Py_ssize_t)rp_dtype_size(a->a.dtype);
    view->len = rp_array_size(&a->a) * view->itemsize;
    view->readonly = !(a->flags & RP_F_WRITEABLE);
    view->format = (flags & PyBUF_FORMAT) ? (char *)formats[a->a.dtype] : NULL;
    view->ndim = a->a.ndim;
    view->shape = (flags & PyBUF_ND) == PyBUF_ND ? a->a.shape : NULL;
    view->strides = (flags & PyBUF_STRIDES) == PyBUF_STRIDES ? a->a.strides : NULL;
    view->suboffsets = NULL;
    view->internal = NULL;
    return 0;
}

/* ---- methods: views and copies ---- */

static PyObject *transpose_axes(RpArrayObject *self, const int *perm)
{
    rp_intp shape[RP_MAXDIMS], strides[RP_MAXDIMS];
    for (int i = 0; i < self->a.ndim; i++) {
        shape[i] = self->a.shape[perm[i]];
        strides[i] = self->a.strides[perm[i]];
    }
    return (PyObject *)rp_py_view(self, self->a.data, self->a.ndim, shape, strides, self->a.dtype);
}

/* Parse axes given as f(*axes) or f(axes) into ints; returns count or -1. */
static int parse_int_args(PyObject *const *args, Py_ssize_t nargs, int *out, int max)
{
    PyObject *seq = NULL;
    if (nargs == 1 && !PyIndex_Check(args[0])) {
        seq = PySequence_Fast(args[0], "an integer or a sequence of integers is required");
        if (!seq)
            return -1;
        nargs = PySequence_Fast_GET_SIZE(seq);
        args = PySequence_Fast_ITEMS(seq);
    }
    if (nargs > max) {
        Py_XDECREF(seq);
        PyErr_SetString(PyExc_ValueError, "axes don't match array");
        return -1;
    }
    for (Py_ssize_t i = 0; i < nargs; i++) {
        if (rp_py_is_bool(args[i])) {
            Py_XDECREF(seq);
            PyErr_SetString(PyExc_TypeError, "an integer is required");
            return -1;
        }
        long v = PyLong_AsLong(args[i]);
        if (v == -1 && PyErr_Occurred()) {
            Py_XDECREF(seq);
            return -1;
        }
        /* Past int's range is out of bounds for any axis, not a wrapped one. */
        out[i] = v > INT_MAX ? INT_MAX : v < INT_MIN ? INT_MIN : (int)v;
    }
    Py_XDECREF(seq);
    return (int)nargs;
}

static PyObject *ndarray_transpose(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    int nd = SELF->a.ndim, perm[RP_MAXDIMS];
    if (nargs == 0 || (nargs == 1 && args[0] == Py_None))
        return get_T(self, NULL);
    int n = parse_int_args(args, nargs, perm, RP_MAXDIMS);
    if (n < 0)
        return NULL;
    if (n != nd) {
        PyErr_SetString(PyExc_ValueError, "axes don't match array");
        return NULL;
    }
    bool seen[RP_MAXDIMS] = {false};
    for (int i = 0; i < nd; i++) {
        if (rp_normalize_axis(&perm[i], nd) != RP_OK)
            return rp_py_axis_error(perm[i], nd);
        if (seen[perm[i]]) {
            PyErr_SetString(PyExc_ValueError, "repeated axis in transpose");
            return NULL;
        }
        seen[perm[i]] = true;
    }
    return transpose_axes(SELF, perm);
}

PyObject *rp_py_copy_array(RpArrayObject *src, rp_dtype dt, char order)
{
    if (rp_py_warn_complex_cast(src->a.dtype, dt) < 0)
        return NULL;
    RpArrayObject *out;
    if (order == 'K' || order == 'A')
        out = order == 'A' && !(src->flags & RP_F_F_CONTIG && !(src->flags & RP_F_C_CONTIG))
                  ? rp_py_new(dt, src->a.ndim, src->a.shape, 'C', 0)
                  : rp_py_new_like(src, dt);
    else
        out = rp_py_new(dt, src->a.ndim, src->a.shape, order, 0);
    if (!out)
        return NULL;
    rp_status st;
    unsigned errors = 0;
    Py_BEGIN_ALLOW_THREADS
    st = rp_array_cast(&out->a, &src->a, &errors);
    Py_END_ALLOW_THREADS
    if (st != RP_OK) {
        Py_DECREF(out);
        return rp_py_raise(st, NULL);
    }
    if (rp_ufunc_report_errors("cast", errors) < 0) {
        Py_DECREF(out);
        return NULL;
    }
    return (PyObject *)out;
}

int rp_py_parse_order(PyObject *obj, char *order, const char *allowed)
{
    if (!obj || obj == Py_None)
        return 0;
    const char *s = PyUnicode_Check(obj) ? PyUnicode_AsUTF8(obj) : NULL;
    if (!s || strlen(s) != 1 || !strchr(allowed, s[0] & ~0x20)) {
        PyErr_Format(PyExc_ValueError, "order must be one of '%s', got %R", allowed, obj);
        return -1;
    }
    *order = (char)(s[0] & ~0x20);
    return 0;
}

static PyObject *ndarray_copy(PyObject *self, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"order", NULL};
    PyObject *order_obj = NULL;
    char order = 'C';
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "|O:copy", kwlist, &order_obj) ||
        rp_py_parse_order(order_obj, &order, "CFAK") < 0)
        return NULL;
    return rp_py_copy_array(SELF, SELF->a.dtype, order);
}

/* astype's casting= also takes NumPy 2.4's 'same_value' (cast, and raise
 * if any value changed): a cold path done by NumPy on a zero-copy view
 * (raptors._methods._astype_same_value). */
static PyObject *astype_same_value(PyObject *self, PyObject *args, PyObject *kwds)
{
    PyObject *fn = rp_py_module_attr("raptors._methods", "_astype_same_value");
    PyObject *head = fn ? PyTuple_Pack(1, self) : NULL;
    PyObject *all = head ? PySequence_Concat(head, args) : NULL;
    PyObject *r = all ? PyObject_Call(fn, all, kwds) : NULL;
    Py_XDECREF(head);
    Py_XDECREF(all);
    Py_XDECREF(fn);
    return r;
}

static PyObject *ndarray_astype(PyObject *self, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"dtype", "order", "casting", "subok", "copy", NULL};
    PyObject *dtype_obj, *order_obj = NULL, *casting_obj = NULL, *subok = NULL;
    int copy = 1;
    char order = 'K';
    rp_dtype dt;
    rp_casting casting = RP_CASTING_UNSAFE;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "O|OOOp:astype", kwlist, &dtype_obj, &order_obj,
                                     &casting_obj, &subok, &copy))
        return NULL;
    if (casting_obj && PyUnicode_Check(casting_obj) &&
        PyUnicode_CompareWithASCIIString(casting_obj, "same_value") == 0)
        return astype_same_value(self, args, kwds);
    if (casting_obj && rp_py_parse_casting(casting_obj, &casting) < 0) {
        if (PyErr_ExceptionMatches(PyExc_ValueError)) /* NumPy lists same_value here */
            PyErr_Format(PyExc_ValueError,
                         "casting must be one of 'no', 'equiv', 'safe', 'same_kind', 'unsafe', "
                         "'same_value' (got %R)",
                         casting_obj);
        return NULL;
    }
    if (rp_py_parse_order(order_obj, &order, "CFAK") < 0 || rp_py_dtype_from_obj(dtype_obj, &dt) < 0 ||
        rp_py_check_cast(SELF->a.dtype, dt, casting, false) < 0)
        return NULL;
    if (!copy && dt == SELF->a.dtype)
        return Py_NewRef(self);
    return rp_py_copy_array(SELF, dt, order);
}

/* NumPy's message for a reshape that cannot work, naming the array's shape
 * as well as the requested one. */
static void *reshape_error(RpArrayObject *self, int ndim, const rp_intp *shape)
{
    PyObject *t = intp_tuple(ndim, shape), *from = intp_tuple(self->a.ndim, self->a.shape);
    if (t && from)
        PyErr_Format(PyExc_ValueError,
                     "cannot reshape array of size %zd into shape %R (array shape %R)",
                     rp_array_size(&self->a), t, from);
    Py_XDECREF(t);
    Py_XDECREF(from);
    return NULL;
}

static PyObject *ndarray_reshape(PyObject *self, PyObject *const *args, Py_ssize_t nargs,
                                 PyObject *kwnames)
{
    char order = 'C';
    int copy = -1; /* None: view if possible */
    for (Py_ssize_t k = 0; kwnames && k < PyTuple_GET_SIZE(kwnames); k++) {
        const char *name = PyUnicode_AsUTF8(PyTuple_GET_ITEM(kwnames, k));
        PyObject *v = args[nargs + k];
        if (name && strcmp(name, "order") == 0) {
            if (rp_py_parse_order(v, &order, "CFA") < 0)
                return NULL;
        } else if (name && strcmp(name, "copy") == 0) {
            if (v != Py_None && (copy = PyObject_IsTrue(v)) < 0)
                return NULL;
        } else if (name && strcmp(name, "shape") == 0 && nargs == 0) {
            args = &args[nargs + k];
            nargs = 1;
            break;
        } else {
            PyErr_Format(PyExc_TypeError, "reshape() got an unexpected keyword argument '%s'", name);
            return NULL;
        }
    }
    if (order == 'A')
        order = (SELF->flags & RP_F_F_CONTIG) && !(SELF->flags & RP_F_C_CONTIG) ? 'F' : 'C';
    if (nargs == 0) {
        PyErr_SetString(PyExc_TypeError, "reshape() missing required argument 'shape'");
        return NULL;
    }
    int ndim;
    rp_intp shape[RP_MAXDIMS];
    if (nargs == 1 && args[0] == Py_None) {
        /* NumPy's reshape(None): the array's own shape. */
        ndim = SELF->a.ndim;
        memcpy(shape, SELF->a.shape, sizeof(rp_intp) * (size_t)ndim);
    } else if (nargs == 1) {
        if (rp_py_parse_shape_infer(args[0], &ndim, shape) < 0)
            return NULL;
    } else {
        PyObject *t = PyTuple_New(nargs);
        for (Py_ssize_t i = 0; t && i < nargs; i++)
            PyTuple_SET_ITEM(t, i, Py_NewRef(args[i]));
        int r = t ? rp_py_parse_shape_infer(t, &ndim, shape) : -1;
        Py_XDECREF(t);
        if (r < 0)
            return NULL;
    }
    /* The same shape again is a plain view, strides untouched (NumPy). */
    bool same = ndim == SELF->a.ndim && copy != 1;
    for (int i = 0; same && i < ndim; i++)
        same = shape[i] == SELF->a.shape[i];
    if (same)
        return (PyObject *)rp_py_view(SELF, SELF->a.data, ndim, shape, SELF->a.strides,
                                      SELF->a.dtype);
    /* Infer one -1 from the size. */
    rp_intp size = rp_array_size(&SELF->a), known = 1;
    int unknown = -1;
    for (int i = 0; i < ndim; i++) {
        if (shape[i] == -1) {
            if (unknown >= 0) {
                PyErr_SetString(PyExc_ValueError, "can only specify one unknown dimension");
                return NULL;
            }
            unknown = i;
        } else if (shape[i] < 0) {
            PyErr_SetString(PyExc_ValueError, "negative dimensions not allowed");
            return NULL;
        } else if (__builtin_mul_overflow(known, shape[i], &known)) {
            return reshape_error(SELF, ndim, shape);
        }
    }
    if (unknown >= 0) {
        if (known == 0 || size % known != 0)
            return reshape_error(SELF, ndim, shape);
        shape[unknown] = size / known;
    }
    if (check_extent(ndim, shape, rp_dtype_size(SELF->a.dtype)) < 0)
        return NULL;
    rp_intp strides[RP_MAXDIMS];
    rp_status st = rp_reshape_strides(&SELF->a, ndim, shape, order, strides);
    if (st == RP_ESHAPE || st == RP_EOVERFLOW || st == RP_EVALUE)
        return reshape_error(SELF, ndim, shape);
    if (st == RP_OK && copy != 1)
        return (PyObject *)rp_py_view(SELF, SELF->a.data, ndim, shape, strides, SELF->a.dtype);
    if (copy == 0) {
        PyErr_SetString(PyExc_ValueError, "Unable to avoid creating a copy while reshaping.");
        return NULL;
    }
    /* Copy in the reading order, then view the fresh block with the shape. */
    RpArrayObject *c = (RpArrayObject *)rp_py_copy_array(SELF, SELF->a.dtype, order);
    if (!c)
        return NULL;
    st = rp_reshape_strides(&c->a, ndim, shape, order, strides);
    PyObject *r = st == RP_OK ? (PyObject *)rp_py_view(c, c->a.data, ndim, shape, strides,
                                                        c->a.dtype)
                              : rp_py_raise(st, NULL);
    Py_DECREF(c);
    return r;
}

static PyObject *ndarray_broadcast_to(PyObject *self, PyObject *shape_obj)
{
    int ndim;
    rp_intp shape[RP_MAXDIMS], strides[RP_MAXDIMS];
    if (rp_py_parse_shape(shape_obj, &ndim, shape) < 0 ||
        check_extent(ndim, shape, rp_dtype_size(SELF->a.dtype)) < 0)
        return NULL;
    if (ndim < SELF->a.ndim || rp_broadcast_strides(&SELF->a, ndim, shape, strides) != RP_OK) {
        PyObject *from = intp_tuple(SELF->a.ndim, SELF->a.shape), *to = intp_tuple(ndim, shape);
        if (from && to)
            PyErr_Format(PyExc_ValueError,
                         "operands could not be broadcast together with remapped shapes "
                         "[original->remapped]: %R and requested shape %R",
                         from, to);
        Py_XDECREF(from);
        Py_XDECREF(to);
        return NULL;
    }
    RpArrayObject *v = rp_py_view(SELF, SELF->a.data, ndim, shape, strides, SELF->a.dtype);
    if (v)
        v->flags &= ~RP_F_WRITEABLE; /* NumPy's broadcast views are read-only */
    return (PyObject *)v;
}

static Py_ssize_t ndarray_len(PyObject *self)
{
    if (SELF->a.ndim == 0) {
        PyErr_SetString(PyExc_TypeError, "len() of unsized object");
        return -1;
    }
    return SELF->a.shape[0];
}

/* Only 0-d arrays convert to Python numbers: NumPy 2.4 refuses a size-1
 * array of any other shape too (2.0 to 2.3 warned DeprecationWarning). */
static PyObject *single_element(PyObject *self)
{
    if (SELF->a.ndim != 0) {
        PyErr_SetString(PyExc_TypeError,
                        "only 0-dimensional arrays can be converted to Python scalars");
        return NULL;
    }
    /* Complex as a Python complex: float()/int() of it then raise NumPy's
     * TypeError (a NumPy complex scalar would warn and drop the imaginary part). */
    if (rp_dtype_get(SELF->a.dtype)->kind == 'c')
        return rp_py_value(SELF->a.dtype, SELF->a.data);
    return rp_py_scalar(SELF->a.dtype, SELF->a.data);
}

static PyObject *ndarray_item(PyObject *self, PyObject *const *args, Py_ssize_t nargs);

/* An integer argument of item(): Python's bool is refused, as NumPy does. */
static int item_index(PyObject *o, rp_intp *v)
{
    if (PyBool_Check(o) || !PyIndex_Check(o)) {
        if (PyFloat_Check(o))
            PyErr_Format(PyExc_TypeError, "'%s' object cannot be interpreted as an integer",
                         Py_TYPE(o)->tp_name);
        else
            PyErr_SetString(PyExc_TypeError, "an integer is required");
        return -1;
    }
    *v = PyNumber_AsSsize_t(o, PyExc_IndexError);
    return *v == -1 && PyErr_Occurred() ? -1 : 0;
}

/* item(i): the element at C-order flat index i; item(i, j, ...) or
 * item((i, j, ...)): the element at those coordinates (NumPy's errors). */
static PyObject *item_at(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    const rp_array *a = &SELF->a;
    if (nargs == 1 && PyTuple_Check(args[0])) {
        nargs = PyTuple_GET_SIZE(args[0]);
        args = &PyTuple_GET_ITEM(args[0], 0);
        if (nargs == 0)
            return ndarray_item(self, NULL, 0);
    }
    const char *p = a->data;
    if (nargs == 1) {
        rp_intp i, size = rp_array_size(a);
        if (item_index(args[0], &i) < 0)
            return NULL;
        if (i < -size || i >= size) {
            PyErr_Format(PyExc_IndexError, "index %zd is out of bounds for size %zd", i, size);
            return NULL;
        }
        if (i < 0)
            i += size;
        for (int k = a->ndim - 1; k >= 0; k--) {
            p += (i % a->shape[k]) * a->strides[k];
            i /= a->shape[k];
        }
    } else {
        if (nargs != a->ndim) {
            PyErr_SetString(PyExc_ValueError, "incorrect number of indices for array");
            return NULL;
        }
        for (int k = 0; k < a->ndim; k++) {
            rp_intp i;
            if (item_index(args[k], &i) < 0)
                return NULL;
            if (i < -a->shape[k] || i >= a->shape[k]) {
                PyErr_Format(PyExc_IndexError, "index %zd is out of bounds for axis %d with size %zd",
                             i, k, a->shape[k]);
                return NULL;
            }
            p += (i < 0 ? i + a->shape[k] : i) * a->strides[k];
        }
    }
    return rp_py_value(a->dtype, p);
}

static PyObject *ndarray_item(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 0)
        return item_at(self, args, nargs);
    if (rp_array_size(&SELF->a) != 1) {
        PyErr_SetString(PyExc_ValueError, "can only convert an array of size 1 to a Python scalar");
        return NULL;
    }
    /* item() gives a plain Python object, not a NumPy scalar. */
    return rp_py_value(SELF->a.dtype, SELF->a.data);
}

#define NUMBER_CONVERSION(name, conv)                                                              \
    static PyObject *name(PyObject *self)                                                          \
    {                                                                                              \
        PyObject *s = single_element(self);                                                        \
        if (!s)                                                                                    \
            return NULL;                                                                           \
        PyObject *r = conv(s);                                                                     \
        Py_DECREF(s);                                                                              \
        return r;                                                                                  \
    }
NUMBER_CONVERSION(ndarray_float, PyNumber_Float)
NUMBER_CONVERSION(ndarray_int, PyNumber_Long)

static PyObject *ndarray_index(PyObject *self)
{
    const char kind = rp_dtype_get(SELF->a.dtype)->kind;
    if (kind == 'f' || kind == 'b' || kind == 'c' || SELF->a.ndim != 0) {
        PyErr_SetString(PyExc_TypeError,
                        "only integer scalar arrays can be converted to a scalar index");
        return NULL;
    }
    return ndarray_int(self);
}

static int ndarray_bool(PyObject *self)
{
    rp_intp n = rp_array_size(&SELF->a);
    if (n != 1) {
        PyErr_SetString(PyExc_ValueError,
                        n == 0 ? "The truth value of an empty array is ambiguous. Use `array.size > "
                                 "0` to check that an array is not empty."
                               : "The truth value of an array with more than one element is "
                                 "ambiguous. Use a.any() or a.all()");
        return -1;
    }
    PyObject *s = rp_py_scalar(SELF->a.dtype, SELF->a.data);
    int r = s ? PyObject_IsTrue(s) : -1;
    Py_XDECREF(s);
    return r;
}

PyMethodDef rp_ndarray_methods[] = {
    {"transpose", (PyCFunction)(void (*)(void))ndarray_transpose, METH_FASTCALL,
     "a.transpose(*axes): a view with the axes permuted."},
    {"reshape", (PyCFunction)(void (*)(void))ndarray_reshape, METH_FASTCALL | METH_KEYWORDS,
     "a.reshape(shape, order='C', copy=None): a view when the strides allow, else a copy."},
    {"copy", (PyCFunction)(void (*)(void))ndarray_copy, METH_VARARGS | METH_KEYWORDS,
     "a.copy(order='C')"},
    {"astype", (PyCFunction)(void (*)(void))ndarray_astype, METH_VARARGS | METH_KEYWORDS,
     "a.astype(dtype, order='K', casting='unsafe', copy=True)"},
    {"_broadcast_to", ndarray_broadcast_to, METH_O, NULL},
    {"item", (PyCFunction)(void (*)(void))ndarray_item, METH_FASTCALL, "a.item()"},
    {NULL, NULL, 0, NULL},
};

/* ---- the type ---- */

static PyMethodDef *merge_methods(void)
{
    PyMethodDef *lists[] = {rp_ndarray_methods,     rp_index_methods,       rp_ops_type_methods,
                            rp_clip_type_methods,   rp_reduce_type_methods, rp_dlpack_type_methods};
    size_t n = 0;
    for (size_t l = 0; l < sizeof lists / sizeof *lists; l++)
        for (PyMethodDef *d = lists[l]; d->ml_name; d++)
            n++;
    PyMethodDef *all = PyMem_Calloc(n + 1, sizeof *all);
    if (!all)
        return NULL;
    n = 0;
    for (size_t l = 0; l < sizeof lists / sizeof *lists; l++)
        for (PyMethodDef *d = lists[l]; d->ml_name; d++)
            all[n++] = *d;
    return all;
}

static PyMemberDef ndarray_members[] = {
    {"__weaklistoffset__", T_PYSSIZET, offsetof(RpArrayObject, weakreflist), READONLY, NULL},
    {NULL, 0, 0, 0, NULL},
};

int rp_ndarray_type_init(PyObject *module)
{
    PyMethodDef *methods = merge_methods();
    if (!methods)
        return -1;
    PyType_Slot base_slots[] = {
        {Py_tp_dealloc, ndarray_dealloc},
        {Py_tp_new, ndarray_new},
        {Py_tp_getset, ndarray_getset},
        {Py_tp_methods, methods},
        {Py_tp_members, ndarray_members},
        {Py_bf_getbuffer, ndarray_getbuffer},
        {Py_mp_subscript, rp_index_getitem},
        {Py_mp_ass_subscript, rp_index_setitem},
        {Py_mp_length, ndarray_len},
        {Py_sq_length, ndarray_len},
        {Py_sq_item, rp_index_item},
        {Py_nb_float, ndarray_float},
        {Py_nb_int, ndarray_int},
        {Py_nb_index, ndarray_index},
        {Py_nb_bool, ndarray_bool},
        {Py_tp_doc, "raptors.ndarray: an N-dimensional array whose engine is a C library."},
    };
    enum { NBASE = sizeof base_slots / sizeof *base_slots };
    size_t nops = 0;
    while (rp_ops_slots[nops].slot)
        nops++;
    PyType_Slot *slots = PyMem_Calloc(NBASE + nops + 1, sizeof *slots);
    if (!slots)
        return -1;
    memcpy(slots, base_slots, sizeof base_slots);
    memcpy(slots + NBASE, rp_ops_slots, nops * sizeof *slots);
    PyType_Spec spec = {
        .name = "raptors.ndarray",
        .basicsize = sizeof(RpArrayObject),
        .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
        .slots = slots,
    };
    RpArray_Type = (PyTypeObject *)PyType_FromSpec(&spec);
    PyMem_Free(slots);
    if (!RpArray_Type)
        return -1;
    return PyModule_AddObjectRef(module, "ndarray", (PyObject *)RpArray_Type);
}
