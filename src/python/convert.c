/* Conversions between Python objects and the core: dtypes, scalars, arrays. */
#include "pyraptors.h"
#include "ufunc_call.h"

#include <math.h>
#include <string.h>

#include "half.h"

PyObject *rp_AxisError;
PyObject *rp_py_hook_asarray;
PyObject *rp_np_dtype_type;       /* numpy.dtype */
PyObject *rp_dtype_objs[RP_NTYPES];
PyObject *rp_scalar_types[RP_NTYPES]; /* numpy.float64, ... */

PyObject *rp_py_dtype_obj(rp_dtype dt) { return rp_dtype_objs[dt]; }

static int dtype_lookup(PyObject *obj)
{
    for (int i = 0; i < RP_NTYPES; i++)
        if (obj == rp_dtype_objs[i] || obj == rp_scalar_types[i])
            return i;
    if (obj == (PyObject *)&PyFloat_Type)
        return RP_FLOAT64;
    if (obj == (PyObject *)&PyLong_Type)
        return RP_INT64;
    if (obj == (PyObject *)&PyBool_Type)
        return RP_BOOL;
    return -1;
}

int rp_py_dtype_from_obj(PyObject *obj, rp_dtype *out)
{
    int i = dtype_lookup(obj);
    if (i >= 0) {
        *out = (rp_dtype)i;
        return 0;
    }
    if (obj == Py_None) {
        *out = RP_FLOAT64;
        return 0;
    }
    /* Everything else is spelled as NumPy spells it: let numpy.dtype parse. */
    PyObject *d = PyObject_CallOneArg(rp_np_dtype_type, obj);
    if (!d)
        return -1;
    for (i = 0; i < RP_NTYPES; i++) {
        int eq = PyObject_RichCompareBool(d, rp_dtype_objs[i], Py_EQ);
        if (eq < 0) {
            Py_DECREF(d);
            return -1;
        }
        if (eq) {
            Py_DECREF(d);
            *out = (rp_dtype)i;
            return 0;
        }
    }
    PyErr_Format(PyExc_TypeError,
                 "raptors does not support dtype %R (supported: bool, int8-64, uint8-64, "
                 "float16, float32, float64, complex64, complex128, native byte order)",
                 d);
    Py_DECREF(d);
    return -1;
}

/* ---- errors ---- */

void *rp_py_raise(rp_status st, const char *message)
{
    PyObject *type = PyExc_ValueError;
    switch (st) {
    case RP_ENOMEM: type = PyExc_MemoryError; break;
    case RP_EINDEX: type = PyExc_IndexError; break;
    case RP_ETYPE: type = PyExc_TypeError; break;
    case RP_EOVERFLOW: type = PyExc_ValueError; break;
    case RP_EAXIS: type = rp_AxisError; break;
    default: break;
    }
    PyErr_SetString(type, message ? message : rp_status_message(st));
    return NULL;
}

void *rp_py_axis_error(int axis, int ndim)
{
    PyObject *exc = PyObject_CallFunction(rp_AxisError, "ii", axis, ndim);
    if (exc) {
        PyErr_SetObject(rp_AxisError, exc);
        Py_DECREF(exc);
    }
    return NULL;
}

int rp_py_is_bool(PyObject *obj)
{
    return PyBool_Check(obj) || PyObject_TypeCheck(obj, (PyTypeObject *)rp_scalar_types[RP_BOOL]);
}

static int parse_shape(PyObject *obj, int *ndim, rp_intp *shape, bool allow_unknown)
{
    /* Bools are integers to Python but not to NumPy's shapes (TypeError). */
    if (rp_py_is_bool(obj) || (!PyIndex_Check(obj) && !PySequence_Check(obj))) {
        PyErr_Format(PyExc_TypeError,
                     "expected a sequence of integers or a single integer, got '%R'", obj);
        return -1;
    }
    /* 0-d integer arrays (ours or NumPy's) are sequences by type but
     * integers by value: try __index__ first, then the sequence. */
    PyObject *index = NULL;
    if (PyLong_Check(obj) || (PyIndex_Check(obj) && !PyTuple_Check(obj) && !PyList_Check(obj))) {
        index = PyNumber_Index(obj);
        if (!index) {
            if (!PySequence_Check(obj) || !PyErr_ExceptionMatches(PyExc_TypeError))
                return -1;
            PyErr_Clear();
        }
    }
    if (index) {
        Py_ssize_t v = PyNumber_AsSsize_t(index, PyExc_ValueError);
        Py_DECREF(index);
        if (v == -1 && PyErr_Occurred())
            return -1;
        *ndim = 1;
        shape[0] = v;
    } else {
        PyObject *seq = PySequence_Fast(obj, "shape must be an int or a sequence of ints");
        if (!seq)
            return -1;
        Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
        if (n > RP_MAXDIMS) {
            Py_DECREF(seq);
            PyErr_Format(PyExc_ValueError, "maximum supported dimension for an ndarray is %d, found %zd",
                         RP_MAXDIMS, n);
            return -1;
        }
        for (Py_ssize_t i = 0; i < n; i++) {
            PyObject *item = PySequence_Fast_GET_ITEM(seq, i);
            if (rp_py_is_bool(item)) {
                PyErr_SetString(PyExc_TypeError, "an integer is required");
                Py_DECREF(seq);
                return -1;
            }
            if (!PyIndex_Check(item)) {
                PyErr_Format(PyExc_TypeError, "'%.100s' object cannot be interpreted as an integer",
                             Py_TYPE(item)->tp_name);
                Py_DECREF(seq);
                return -1;
            }
            Py_ssize_t v = PyNumber_AsSsize_t(item, PyExc_ValueError);
            if (v == -1 && PyErr_Occurred()) {
                Py_DECREF(seq);
                return -1;
            }
            shape[i] = v;
        }
        *ndim = (int)n;
        Py_DECREF(seq);
    }
    for (int i = 0; i < *ndim; i++) {
        /* NumPy's reshape takes any negative extent as the unknown one. */
        if (shape[i] < 0 && allow_unknown) {
            shape[i] = -1;
            continue;
        }
        if (shape[i] < 0) {
            PyErr_SetString(PyExc_ValueError, "negative dimensions are not allowed");
            return -1;
        }
    }
    return 0;
}

int rp_py_parse_shape(PyObject *obj, int *ndim, rp_intp *shape)
{
    return parse_shape(obj, ndim, shape, false);
}

int rp_py_parse_shape_infer(PyObject *obj, int *ndim, rp_intp *shape)
{
    return parse_shape(obj, ndim, shape, true);
}

/* ---- scalars ---- */

PyObject *rp_py_value(rp_dtype dt, const char *p)
{
    switch (dt) {
    case RP_BOOL: return PyBool_FromLong(*(const uint8_t *)p != 0);
    case RP_INT8: return PyLong_FromLong(*(const int8_t *)p);
    case RP_INT16: return PyLong_FromLong(*(const int16_t *)p);
    case RP_INT32: return PyLong_FromLong(*(const int32_t *)p);
    case RP_INT64: return PyLong_FromLongLong(*(const int64_t *)p);
    case RP_UINT8: return PyLong_FromUnsignedLong(*(const uint8_t *)p);
    case RP_UINT16: return PyLong_FromUnsignedLong(*(const uint16_t *)p);
    case RP_UINT32: return PyLong_FromUnsignedLong(*(const uint32_t *)p);
    case RP_UINT64: return PyLong_FromUnsignedLongLong(*(const uint64_t *)p);
    case RP_FLOAT32: return PyFloat_FromDouble(*(const float *)p);
    case RP_FLOAT64: return PyFloat_FromDouble(*(const double *)p);
    case RP_FLOAT16: return PyFloat_FromDouble(rp_half_to_double(*(const rp_half *)p));
    case RP_COMPLEX64: return PyComplex_FromDoubles(((const float *)p)[0], ((const float *)p)[1]);
    case RP_COMPLEX128: return PyComplex_FromDoubles(((const double *)p)[0], ((const double *)p)[1]);
    default: PyErr_SetString(PyExc_SystemError, "bad dtype"); return NULL;
    }
}

/* NumPy's scalar through its type's constructor (the slow, always right way). */
static PyObject *scalar_by_call(rp_dtype dt, const char *p)
{
    PyObject *v = rp_py_value(dt, p);
    if (!v)
        return NULL;
    PyObject *s = PyObject_CallOneArg(rp_scalar_types[dt], v);
    Py_DECREF(v);
    return s;
}

/*
 * A NumPy scalar object is an object header followed by the value, and
 * NumPy's own PyArray_Scalar makes one as tp_alloc(type) and then a copy of
 * the element's bytes into it: so do we, skipping the constructor call
 * (half the cost of x[3]). The value's place is not taken on trust: it is
 * probed once per type on two scalars NumPy built from known bytes, and
 * the constructor stays in use when the probe does not find exactly that
 * layout. bool's two scalars are NumPy's singletons, kept.
 */
static Py_ssize_t scalar_offset[RP_NTYPES]; /* 0: not probed yet, -1: call the type */
static PyObject *bool_scalars[2];

static Py_ssize_t probe_offset(rp_dtype dt)
{
    PyTypeObject *tp = (PyTypeObject *)rp_scalar_types[dt];
    size_t size = rp_dtype_size(dt);
    Py_ssize_t off = (Py_ssize_t)sizeof(PyObject);
    if (!PyType_Check(tp) || tp->tp_alloc == NULL || tp->tp_itemsize != 0 ||
        tp->tp_basicsize != off + (Py_ssize_t)size || size > 16)
        return -1;
    static const unsigned char patterns[2] = {0x5A, 0x3C}; /* finite as floats too */
    for (int k = 0; k < 2; k++) {
        unsigned char bytes[16];
        memset(bytes, patterns[k], sizeof bytes);
        PyObject *s = scalar_by_call(dt, (const char *)bytes);
        if (!s) {
            PyErr_Clear();
            return -1;
        }
        bool ok = Py_TYPE(s) == tp && memcmp((const char *)s + off, bytes, size) == 0;
        Py_DECREF(s);
        if (!ok)
            return -1;
    }
    return off;
}

PyObject *rp_py_scalar(rp_dtype dt, const char *p)
{
    if (dt == RP_BOOL) {
        uint8_t v = *(const uint8_t *)p != 0;
        if (!bool_scalars[v] && !(bool_scalars[v] = scalar_by_call(dt, (const char *)&v)))
            return NULL;
        return Py_NewRef(bool_scalars[v]);
    }
    if ((unsigned)dt >= RP_NTYPES) {
        PyErr_SetString(PyExc_SystemError, "bad dtype");
        return NULL;
    }
    if (scalar_offset[dt] == 0)
        scalar_offset[dt] = probe_offset(dt);
    if (scalar_offset[dt] < 0)
        return scalar_by_call(dt, p);
    PyTypeObject *tp = (PyTypeObject *)rp_scalar_types[dt];
    PyObject *s = tp->tp_alloc(tp, 0);
    if (!s)
        return NULL;
    char *v = (char *)s + scalar_offset[dt];
    switch (rp_dtype_size(dt)) { /* constant sizes: moves, not a memcpy call */
    case 1: memcpy(v, p, 1); break;
    case 2: memcpy(v, p, 2); break;
    case 4: memcpy(v, p, 4); break;
    case 8: memcpy(v, p, 8); break;
    default: memcpy(v, p, 16); break;
    }
    return s;
}

static int int_out_of_bounds(PyObject *value, rp_dtype dt)
{
    PyErr_Format(PyExc_OverflowError, "Python integer %R out of bounds for %s", value,
                 rp_dtype_get(dt)->name);
    return -1;
}

/* A Python int into an integer dtype: NEP 50 says out of range is an error. */
static int store_pyint(PyObject *value, rp_dtype dt, char *p)
{
    int overflow = 0;
    long long v = PyLong_AsLongLongAndOverflow(value, &overflow);
    if (v == -1 && PyErr_Occurred())
        return -1;
    if (overflow) {
        /* Beyond int64 NumPy reads the int as a C long, then (for uint32
         * and uint64, whose C types are unsigned int and long) as an
         * unsigned long, and says which failed. */
        bool is_unsigned = rp_dtype_get(dt)->kind == 'u' && rp_dtype_size(dt) >= 4;
        unsigned long long u = is_unsigned && overflow > 0 ? PyLong_AsUnsignedLongLong(value) : 0;
        if (!is_unsigned || overflow < 0 || (u == (unsigned long long)-1 && PyErr_Occurred())) {
            PyErr_Clear();
            PyErr_SetString(PyExc_OverflowError, "Python int too large to convert to C long");
            return -1;
        }
        if (dt != RP_UINT64)
            return int_out_of_bounds(value, dt);
        memcpy(p, &u, 8);
        return 0;
    }
    switch (dt) {
#define CASE(E, T, LO, HI)                                                                         \
    case E:                                                                                        \
        if (v < (long long)(LO) || (v > 0 && (unsigned long long)v > (unsigned long long)(HI)))    \
            return int_out_of_bounds(value, dt);                                                   \
        *(T *)p = (T)v;                                                                            \
        return 0;
        CASE(RP_INT8, int8_t, INT8_MIN, INT8_MAX)
        CASE(RP_INT16, int16_t, INT16_MIN, INT16_MAX)
        CASE(RP_INT32, int32_t, INT32_MIN, INT32_MAX)
        CASE(RP_INT64, int64_t, INT64_MIN, INT64_MAX)
        CASE(RP_UINT8, uint8_t, 0, UINT8_MAX)
        CASE(RP_UINT16, uint16_t, 0, UINT16_MAX)
        CASE(RP_UINT32, uint32_t, 0, UINT32_MAX)
        CASE(RP_UINT64, uint64_t, 0, INT64_MAX)
#undef CASE
    default: break;
    }
    PyErr_SetString(PyExc_SystemError, "store_pyint: not an integer dtype");
    return -1;
}

/* A Python complex's parts into a complex dtype. */
static void store_complex(double re, double im, rp_dtype dt, char *p)
{
    if (dt == RP_COMPLEX64) {
        float v[2] = {(float)re, (float)im};
        memcpy(p, v, sizeof v);
    } else {
        double v[2] = {re, im};
        memcpy(p, v, sizeof v);
    }
}

static void store_double(double d, rp_dtype dt, char *p)
{
    int fe = 0; /* overflow is reported by the callers (rp_py_scalar_overflowed) */
    if (rp_dtype_get(dt)->kind == 'c')
        store_complex(d, 0.0, dt, p);
    else if (dt == RP_FLOAT32)
        *(float *)p = (float)d;
    else if (dt == RP_FLOAT16)
        *(rp_half *)p = rp_double_to_half(d, &fe);
    else
        *(double *)p = d;
    (void)fe;
}

int rp_py_store_scalar(PyObject *value, rp_dtype dt, char *p)
{
    char kind = rp_dtype_get(dt)->kind;
    if (kind == 'b') {
        if (!(PyBool_Check(value) || PyLong_CheckExact(value) || PyFloat_CheckExact(value)))
            return 1;
        int t = PyObject_IsTrue(value);
        if (t < 0)
            return -1;
        *(uint8_t *)p = (uint8_t)t;
        return 0;
    }
    if (PyComplex_CheckExact(value)) {
        if (kind != 'c')
            return 1; /* NumPy's conversion: TypeError for numbers, bool's truth */
        store_complex(PyComplex_RealAsDouble(value), PyComplex_ImagAsDouble(value), dt, p);
        return 0;
    }
    if (PyBool_Check(value) || PyLong_CheckExact(value)) {
        if (kind == 'f' || kind == 'c') {
            double d = PyLong_AsDouble(value);
            if (d == -1.0 && PyErr_Occurred())
                return -1;
            store_double(d, dt, p);
            return 0;
        }
        return store_pyint(value, dt, p);
    }
    if (PyFloat_CheckExact(value)) {
        if (kind == 'f' || kind == 'c') {
            store_double(PyFloat_AS_DOUBLE(value), dt, p);
            return 0;
        }
        /* NumPy goes through int(): NaN and inf raise, then range checks. */
        PyObject *i = PyNumber_Long(value);
        if (!i)
            return -1;
        int r = store_pyint(i, dt, p);
        Py_DECREF(i);
        return r;
    }
    return 1;
}

/* ---- arrays from objects ---- */

static int dtype_from_format(const char *fmt, Py_ssize_t itemsize)
{
    if (*fmt == '@' || *fmt == '=')
        fmt++;
#if PY_LITTLE_ENDIAN
    else if (*fmt == '<')
        fmt++;
#else
    else if (*fmt == '>' || *fmt == '!')
        fmt++;
#endif
    if (fmt[0] == 'Z' && fmt[1] && !fmt[2]) { /* complex: 'Z' and the part's format */
        int dt = fmt[1] == 'f' ? RP_COMPLEX64 : fmt[1] == 'd' ? RP_COMPLEX128 : -1;
        return dt >= 0 && (Py_ssize_t)rp_dtype_size((rp_dtype)dt) == itemsize ? dt : -1;
    }
    if (!fmt[0] || fmt[1])
        return -1;
    int dt;
    switch (fmt[0]) {
    case '?': dt = RP_BOOL; break;
    case 'b': dt = RP_INT8; break;
    case 'B': dt = RP_UINT8; break;
    case 'h': dt = RP_INT16; break;
    case 'H': dt = RP_UINT16; break;
    case 'i': dt = RP_INT32; break;
    case 'I': dt = RP_UINT32; break;
    case 'l': case 'q': dt = RP_INT64; break;
    case 'L': case 'Q': dt = RP_UINT64; break;
    case 'f': dt = RP_FLOAT32; break;
    case 'd': dt = RP_FLOAT64; break;
    case 'e': dt = RP_FLOAT16; break;
    default: return -1;
    }
    return (Py_ssize_t)rp_dtype_size((rp_dtype)dt) == itemsize ? dt : -1;
}

RpArrayObject *rp_py_from_buffer(PyObject *obj, int *unsupported)
{
    *unsupported = 0;
    Py_buffer *view = PyMem_Malloc(sizeof *view);
    if (!view)
        return (RpArrayObject *)PyErr_NoMemory();
    if (PyObject_GetBuffer(obj, view, PyBUF_RECORDS_RO) < 0) {
        PyMem_Free(view);
        PyErr_Clear();
        *unsupported = 1;
        return NULL;
    }
    int dt = dtype_from_format(view->format ? view->format : "B", view->itemsize);
    /* Kernels read elements through typed pointers: the data must be
     * aligned to the itemsize (to the part's size for complex, as NumPy's
     * alignment). Misaligned buffers are not shared: the asarray hook copies
     * them, read-only (README, deviations). */
    Py_ssize_t align = view->itemsize ? view->itemsize : 1;
    if (dt >= 0 && rp_dtype_get((rp_dtype)dt)->kind == 'c')
        align /= 2;
    bool aligned = ((uintptr_t)view->buf % (uintptr_t)align) == 0;
    for (int i = 0; view->strides && i < view->ndim; i++)
        aligned &= view->strides[i] % align == 0;
    /* No element of a zero-size buffer is ever read: its pointer may sit at
     * any offset (distributed rebuilds arrays from frames at arbitrary
     * offsets, and NumPy calls such arrays aligned). */
    aligned |= view->len == 0;
    if (dt < 0 || !aligned || view->suboffsets || view->ndim > RP_MAXDIMS) {
        PyBuffer_Release(view);
        PyMem_Free(view);
        *unsupported = 1;
        return NULL;
    }
    rp_intp strides[RP_MAXDIMS], shape[RP_MAXDIMS];
    for (int i = 0; i < view->ndim; i++) {
        shape[i] = view->shape ? view->shape[i] : view->len / view->itemsize;
        strides[i] = view->strides ? view->strides[i] : 0;
    }
    /* A layout whose size or offsets would not fit is not shared: NumPy's
     * own conversion then refuses it with its error. */
    size_t nbytes;
    bool fits = rp_shape_nbytes(view->ndim, shape, (size_t)view->itemsize, &nbytes) == RP_OK;
    if (fits && !view->strides)
        rp_strides_for(view->ndim, shape, view->itemsize, 'C', strides);
    rp_array probe = {view->buf, shape, strides, view->ndim, (rp_dtype)dt};
    if (!fits || rp_array_check(&probe) != RP_OK) {
        PyBuffer_Release(view);
        PyMem_Free(view);
        *unsupported = 1;
        return NULL;
    }
    RpArrayObject *a = rp_py_view(NULL, view->buf, view->ndim, shape, strides, (rp_dtype)dt);
    if (!a) {
        PyBuffer_Release(view);
        PyMem_Free(view);
        return NULL;
    }
    a->view = view;
    a->base = Py_NewRef(view->obj ? view->obj : obj);
    a->flags = view->readonly ? (a->flags & ~RP_F_WRITEABLE) : (a->flags | RP_F_WRITEABLE);
    return a;
}

PyObject *rp_py_module_attr(const char *module, const char *name)
{
    PyObject *m = PyImport_ImportModule(module);
    PyObject *a = m ? PyObject_GetAttrString(m, name) : NULL;
    Py_XDECREF(m);
    return a;
}

PyObject *rp_py_cached_attr(PyObject **slot, const char *module, const char *name)
{
    if (!*slot)
        *slot = rp_py_module_attr(module, name);
    return *slot;
}

int rp_py_warn_complex_cast(rp_dtype from, rp_dtype to)
{
    if (rp_dtype_get(from)->kind != 'c' || rp_dtype_get(to)->kind == 'c' || to == RP_BOOL)
        return 0;
    static PyObject *cls;
    if (!rp_py_cached_attr(&cls, "numpy.exceptions", "ComplexWarning"))
        return -1;
    return PyErr_WarnEx(cls, "Casting complex values to real discards the imaginary part", 1);
}

static RpArrayObject *cast_copy(RpArrayObject *src, rp_dtype dt)
{
    if (rp_py_warn_complex_cast(src->a.dtype, dt) < 0)
        return NULL;
    RpArrayObject *out = rp_py_new_like(src, dt);
    if (!out)
        return NULL;
    unsigned errors = 0;
    rp_status st = rp_array_cast(&out->a, &src->a, &errors);
    if (st != RP_OK) {
        Py_DECREF(out);
        return rp_py_raise(st, NULL);
    }
    if (rp_ufunc_report_errors("cast", errors) < 0) {
        Py_DECREF(out);
        return NULL;
    }
    return out;
}

/* NumPy scalars export a read-only buffer, but asarray(np.float32(1)) is a
 * fresh writeable array in NumPy: they must be copied, not wrapped. */
int rp_py_is_numpy_scalar(PyObject *obj)
{
    static PyObject *generic;
    if (!rp_py_cached_attr(&generic, "numpy", "generic"))
        return -1;
    return PyObject_IsInstance(obj, generic);
}

RpArrayObject *rp_py_asarray(PyObject *obj, int dt)
{
    RpArrayObject *a;
    if (RpArray_Check(obj)) {
        a = (RpArrayObject *)Py_NewRef(obj);
    } else {
        int unsupported = 0;
        a = NULL;
        int scalar = PyObject_CheckBuffer(obj) ? rp_py_is_numpy_scalar(obj) : 0;
        if (scalar < 0)
            return NULL;
        if (PyObject_CheckBuffer(obj) && !PyBytes_Check(obj) && !PyUnicode_Check(obj) && !scalar) {
            a = rp_py_from_buffer(obj, &unsupported);
            if (!a && !unsupported)
                return NULL;
        }
        if (!a) {
            /* Python scalars, nested sequences, foreign byte orders and
             * anything else: NumPy's own conversion rules, done in Python. */
            PyObject *dto = dt >= 0 ? rp_dtype_objs[dt] : Py_None;
            PyObject *r = PyObject_CallFunctionObjArgs(rp_py_hook_asarray, obj, dto, NULL);
            if (!r)
                return NULL;
            if (!RpArray_Check(r)) {
                Py_DECREF(r);
                PyErr_SetString(PyExc_SystemError, "asarray hook returned a non-array");
                return NULL;
            }
            a = (RpArrayObject *)r;
        }
    }
    if (dt >= 0 && a->a.dtype != (rp_dtype)dt) {
        RpArrayObject *c = cast_copy(a, (rp_dtype)dt);
        Py_DECREF(a);
        return c;
    }
    return a;
}
