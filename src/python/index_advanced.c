/*
 * Advanced indexing (integer index arrays, boolean masks) for get and set:
 * parse the key into a view of the axes basic items select plus one index
 * term per advanced axis, then let the core turn the terms into offsets and
 * gather or scatter. NumPy's rules: integers count as advanced indices once
 * any array does; the broadcast index axes replace the advanced axes in
 * place when the advanced items are next to each other, else they go first.
 */
#include "pyraptors.h"
#include "../core/index.h"

#include <string.h>

enum { K_INT, K_SLICE, K_NEWAXIS, K_ELLIPSIS, K_BOOL0, K_MASK, K_ARRAY };

#define MAXITEMS (2 * RP_MAXDIMS)

/* Above this many bytes the GIL is released for the move. */
#define NOGIL_BYTES (1 << 16)

typedef struct {
    int kind;
    rp_intp value;     /* K_INT, K_BOOL0 (0/1) */
    RpArrayObject *arr; /* K_MASK (bool), K_ARRAY (intp) */
    PyObject *obj;
} item;

typedef struct {
    int vaxis, srcaxis;
    int ndim;
    const rp_intp *data;
    rp_intp shape[RP_MAXDIMS], strides[RP_MAXDIMS];
} term;

typedef struct {
    item items[MAXITEMS];
    int nitems;
    char *data; /* the view of the basic items */
    int vnd;
    rp_intp vshape[RP_MAXDIMS], vstrides[RP_MAXDIMS];
    term terms[RP_MAXDIMS];
    int nterms;
    rp_intp *coords; /* nonzero of the masks, owned */
    rp_intp zero;
    /* result: outer + bshape + inner */
    int bnd;
    rp_intp bshape[RP_MAXDIMS];
    rp_index_plan plan;
    rp_intp *offsets; /* owned */
} parsed;

static void parsed_free(parsed *p)
{
    for (int k = 0; k < p->nitems; k++)
        Py_XDECREF(p->items[k].arr);
    PyMem_Free(p->coords);
    PyMem_Free(p->offsets);
}

static int bad_index(void)
{
    PyErr_SetString(PyExc_IndexError,
                    "only integers, slices (`:`), ellipsis (`...`), numpy.newaxis (`None`) and "
                    "integer or boolean arrays are valid indices");
    return -1;
}

static int classify(PyObject *obj, item *it)
{
    it->obj = obj;
    it->arr = NULL;
    if (PyLong_CheckExact(obj)) {
        it->kind = K_INT;
        it->value = PyLong_AsSsize_t(obj);
        if (it->value == -1 && PyErr_Occurred()) {
            PyErr_Clear();
            it->value = PY_SSIZE_T_MAX;
        }
        return 0;
    }
    if (PySlice_Check(obj))
        return it->kind = K_SLICE, 0;
    if (obj == Py_None)
        return it->kind = K_NEWAXIS, 0;
    if (obj == Py_Ellipsis)
        return it->kind = K_ELLIPSIS, 0;
    int isbool = rp_py_is_bool(obj);
    if (isbool < 0)
        return -1;
    if (isbool) {
        it->kind = K_BOOL0;
        it->value = PyObject_IsTrue(obj);
        return it->value < 0 ? -1 : 0;
    }
    if (PyIndex_Check(obj) && !RpArray_Check(obj)) {
        rp_intp v = PyNumber_AsSsize_t(obj, NULL);
        if (!(v == -1 && PyErr_Occurred()))
            return it->kind = K_INT, it->value = v, 0;
        if (!PyErr_ExceptionMatches(PyExc_TypeError))
            return -1;
        PyErr_Clear();
    }
    if (PyUnicode_Check(obj) || PyBytes_Check(obj) || PyFloat_Check(obj))
        return bad_index();
    if (!RpArray_Check(obj) && !PySequence_Check(obj) && !PyObject_CheckBuffer(obj) &&
        !PyObject_HasAttrString(obj, "__array__"))
        return bad_index();
    RpArrayObject *a = rp_py_asarray(obj, -1);
    if (!a) {
        if (PyErr_ExceptionMatches(PyExc_ValueError) || PyErr_ExceptionMatches(PyExc_TypeError)) {
            PyErr_Clear();
            return bad_index();
        }
        return -1;
    }
    char kind = rp_dtype_get(a->a.dtype)->kind;
    if (kind == 'b') {
        if (a->a.ndim == 0) {
            it->kind = K_BOOL0;
            it->value = a->a.data[0] != 0;
            Py_DECREF(a);
            return 0;
        }
        it->kind = K_MASK;
        it->arr = a;
        return 0;
    }
    bool empty_seq = !RpArray_Check(obj) && !PyObject_CheckBuffer(obj) &&
                     !PyObject_HasAttrString(obj, "__array__") && rp_array_size(&a->a) == 0;
    if (kind != 'i' && kind != 'u' && !empty_seq) {
        Py_DECREF(a);
        PyErr_SetString(PyExc_IndexError,
                        "arrays used as indices must be of integer (or boolean) type");
        return -1;
    }
    if (a->a.ndim == 0) { /* a 0-d integer array is an integer */
        RpArrayObject *b = rp_py_asarray((PyObject *)a, RP_INT64);
        Py_DECREF(a);
        if (!b)
            return -1;
        it->kind = K_INT;
        it->value = *(const int64_t *)b->a.data;
        Py_DECREF(b);
        return 0;
    }
    RpArrayObject *b = rp_py_asarray((PyObject *)a, RP_INT64);
    Py_DECREF(a);
    if (!b)
        return -1;
    it->kind = K_ARRAY;
    it->arr = b;
    return 0;
}

/* Whether key needs the advanced path: 1 yes, 0 no, -1 error. */
int rp_index_is_advanced(PyObject *key)
{
    PyObject *const *items = &key;
    Py_ssize_t n = 1;
    if (PyTuple_Check(key)) {
        items = &PyTuple_GET_ITEM(key, 0);
        n = PyTuple_GET_SIZE(key);
    }
    for (Py_ssize_t k = 0; k < n; k++) {
        PyObject *o = items[k];
        if (PyLong_CheckExact(o) || PySlice_Check(o) || o == Py_None || o == Py_Ellipsis)
            continue;
        int b = rp_py_is_bool(o);
        if (b)
            return b;
        if (PyIndex_Check(o)) { /* a 0-d integer array (ours too) is an integer */
            rp_intp v = PyNumber_AsSsize_t(o, NULL);
            if (!(v == -1 && PyErr_Occurred()))
                continue;
            PyErr_Clear();
            if (!PySequence_Check(o) && !PyObject_CheckBuffer(o))
                continue; /* the basic path reports it */
            return 1;
        }
        if (RpArray_Check(o) || PyObject_CheckBuffer(o) ||
            (PySequence_Check(o) && !PyUnicode_Check(o) && !PyBytes_Check(o)))
            return 1;
    }
    return 0;
}

static void raise_mismatch(parsed *p)
{
    PyObject *s = PyUnicode_FromString("");
    for (int t = 0; s && t < p->nterms; t++) {
        PyObject *one = rp_py_shape_str(p->terms[t].ndim, p->terms[t].shape);
        PyObject *j = one ? PyUnicode_FromFormat("%U%U ", s, one) : NULL;
        Py_XDECREF(one);
        Py_SETREF(s, j);
    }
    if (s)
        PyErr_Format(PyExc_IndexError,
                     "shape mismatch: indexing arrays could not be broadcast together with "
                     "shapes %U",
                     s);
    Py_XDECREF(s);
}

static int add_term(parsed *p, int vaxis, int srcaxis, int ndim, const rp_intp *data,
                    const rp_intp *shape, const rp_intp *strides)
{
    term *t = &p->terms[p->nterms++];
    t->vaxis = vaxis;
    t->srcaxis = srcaxis;
    t->ndim = ndim;
    t->data = data;
    for (int k = 0; k < ndim; k++) {
        t->shape[k] = shape[k];
        t->strides[k] = strides[k];
    }
    return 0;
}

/* parse's failures: -1, or PARSE_LATE for the errors NumPy raises only
 * after an assignment's value is converted (index arrays that do not
 * broadcast together), or PARSE_BOUNDS for an index out of bounds, which
 * NumPy finds only after the value has been broadcast to the result (the
 * plan's shapes are then complete, its offsets not) */
enum { PARSE_LATE = -2, PARSE_BOUNDS = -3 };

/* NumPy checks one index array after another, each over its own shape in
 * C order, before broadcasting: the first bad value of the first array with
 * one is the one its IndexError names (the offsets loop met the bad values
 * in broadcast order, term by term within a row). Runs on the error path. */
static void first_bad(const parsed *p, int *bad_term, rp_intp *bad_value)
{
    for (int t = 0; t < p->nterms; t++) {
        const term *tm = &p->terms[t];
        rp_intp len = p->vshape[tm->vaxis];
        rp_array ta = {(char *)tm->data, (rp_intp *)tm->shape, (rp_intp *)tm->strides, tm->ndim,
                       RP_INT64};
        bool found = false;
        RP_INDEX_ROW_WALK(&ta, {
            for (rp_intp j = 0; j < inner && !found; j++) {
                rp_intp v;
                memcpy(&v, row + j * step, sizeof v);
                if (v < -len || v >= len) {
                    *bad_term = t;
                    *bad_value = v;
                    found = true;
                }
            }
            if (found)
                break;
        });
        if (found)
            return;
    }
}

static int parse(RpArrayObject *self, PyObject *key, parsed *p)
{
    memset(p, 0, sizeof *p);
    PyObject *const *objs = &key;
    Py_ssize_t n = 1;
    if (PyTuple_Check(key)) {
        objs = &PyTuple_GET_ITEM(key, 0);
        n = PyTuple_GET_SIZE(key);
    }
    if (n > MAXITEMS)
        return PyErr_SetString(PyExc_IndexError, "too many indices for array"), -1;
    int consumed = 0, ellipses = 0;
    for (Py_ssize_t k = 0; k < n; k++) {
        if (classify(objs[k], &p->items[k]) < 0)
            return -1;
        p->nitems = (int)k + 1;
        item *it = &p->items[k];
        consumed += it->kind == K_INT || it->kind == K_SLICE || it->kind == K_ARRAY;
        consumed += it->kind == K_MASK ? it->arr->a.ndim : 0;
        ellipses += it->kind == K_ELLIPSIS;
    }
    const rp_array *a = &self->a;
    if (ellipses > 1)
        return PyErr_SetString(PyExc_IndexError, "an index can only have a single ellipsis ('...')"),
               -1;
    if (consumed > a->ndim) {
        PyErr_Format(PyExc_IndexError,
                     "too many indices for array: array is %d-dimensional, but %d were indexed",
                     a->ndim, consumed);
        return -1;
    }
    /* the coordinates of every mask, in one block */
    rp_intp ncoords = 0;
    for (int k = 0; k < p->nitems; k++)
        if (p->items[k].kind == K_MASK)
            ncoords += p->items[k].arr->a.ndim * rp_index_mask_count(&p->items[k].arr->a);
    p->coords = PyMem_Malloc((size_t)(ncoords ? ncoords : 1) * sizeof(rp_intp));
    if (!p->coords)
        return PyErr_NoMemory(), -1;
    rp_intp *coords = p->coords;

    p->data = a->data;
    int src = 0, dst = 0, first_adv = -1, last_adv = -1;
    bool separated = false;
    for (int k = 0; k < p->nitems; k++) {
        item *it = &p->items[k];
        bool adv = it->kind == K_INT || it->kind == K_BOOL0 || it->kind == K_MASK ||
                   it->kind == K_ARRAY;
        if (adv) {
            if (last_adv >= 0 && last_adv != k - 1)
                separated = true;
            if (first_adv < 0)
                first_adv = k;
            last_adv = k;
        }
        if (dst + (it->kind == K_MASK ? it->arr->a.ndim : 1) > RP_MAXDIMS)
            return PyErr_SetString(PyExc_IndexError,
                                   "number of dimensions must be within [0, 64]"),
                   -1;
        switch (it->kind) {
        case K_INT:
        case K_ARRAY: {
            p->vshape[dst] = a->shape[src];
            p->vstrides[dst] = a->strides[src];
            static const rp_intp none[1] = {0};
            if (it->kind == K_INT)
                add_term(p, dst, src, 0, &it->value, none, none);
            else
                add_term(p, dst, src, it->arr->a.ndim, (const rp_intp *)it->arr->a.data,
                         it->arr->a.shape, it->arr->a.strides);
            dst++, src++;
            break;
        }
        case K_SLICE: {
            rp_intp offset;
            if (rp_py_slice_axis(it->obj, a->shape[src], a->strides[src], &offset,
                                 &p->vshape[dst], &p->vstrides[dst]) < 0)
                return -1;
            p->data += offset;
            dst++, src++;
            break;
        }
        case K_NEWAXIS:
            p->vshape[dst] = 1;
            p->vstrides[dst++] = 0;
            break;
        case K_ELLIPSIS:
            for (int j = 0; j < a->ndim - consumed; j++, dst++, src++) {
                p->vshape[dst] = a->shape[src];
                p->vstrides[dst] = a->strides[src];
            }
            break;
        case K_BOOL0: {
            /* a new axis of length 1 indexed by [0] (True) or [] (False) */
            rp_intp len = it->value ? 1 : 0, zstride = 0;
            p->vshape[dst] = 1;
            p->vstrides[dst] = 0;
            add_term(p, dst, -1, 1, &p->zero, &len, &zstride);
            dst++;
            break;
        }
        case K_MASK: {
            const rp_array *m = &it->arr->a;
            /* NumPy lets a mask axis of length 0 stand for any axis (nothing is selected) */
            for (int j = 0; j < m->ndim; j++)
                if (m->shape[j] != a->shape[src + j] && m->shape[j] != 0) {
                    PyErr_Format(PyExc_IndexError,
                                 "boolean index did not match indexed array along axis %d; size "
                                 "of axis is %zd but size of corresponding boolean axis is %zd",
                                 src + j, a->shape[src + j], m->shape[j]);
                    return -1;
                }
            rp_intp count = rp_index_mask_count(m), stride = sizeof(rp_intp);
            rp_intp *cols[RP_MAXDIMS];
            for (int j = 0; j < m->ndim; j++) {
                cols[j] = coords + j * count;
                p->vshape[dst + j] = a->shape[src + j];
                p->vstrides[dst + j] = a->strides[src + j];
                add_term(p, dst + j, src + j, 1, cols[j], &count, &stride);
            }
            rp_index_mask_coords(m, cols);
            coords += m->ndim * count;
            dst += m->ndim;
            src += m->ndim;
            break;
        }
        }
    }
    for (; src < a->ndim; dst++, src++) {
        if (dst >= RP_MAXDIMS)
            return PyErr_SetString(PyExc_IndexError,
                                   "number of dimensions must be within [0, 64]"),
                   -1;
        p->vshape[dst] = a->shape[src];
        p->vstrides[dst] = a->strides[src];
    }
    p->vnd = dst;
    /* integers are checked even when the broadcast index is empty, after the masks (NumPy) */
    for (int t = 0; t < p->nterms; t++) {
        const term *tm = &p->terms[t];
        if (tm->ndim != 0)
            continue; /* an index array's data may be empty (NumPy allocates 1 byte) */
        rp_intp len = p->vshape[tm->vaxis], v = tm->data[0];
        if (v < -len || v >= len) {
            PyErr_Format(PyExc_IndexError, "index %zd is out of bounds for axis %d with size %zd",
                         v, tm->srcaxis, len);
            return -1;
        }
    }

    /* broadcast the index terms */
    int ndims[RP_MAXDIMS];
    const rp_intp *shapes[RP_MAXDIMS];
    for (int t = 0; t < p->nterms; t++) {
        ndims[t] = p->terms[t].ndim;
        shapes[t] = p->terms[t].shape;
    }
    if (rp_broadcast_shapes(p->nterms, ndims, shapes, &p->bnd, p->bshape) != RP_OK)
        return raise_mismatch(p), PARSE_LATE;
    rp_index_term cterms[RP_MAXDIMS];
    rp_intp bstrides[RP_MAXDIMS][RP_MAXDIMS];
    bool is_adv[RP_MAXDIMS] = {false};
    for (int t = 0; t < p->nterms; t++) {
        term *tm = &p->terms[t];
        rp_array ta = {(char *)tm->data, tm->shape, tm->strides, tm->ndim, RP_INT64};
        rp_broadcast_strides(&ta, p->bnd, p->bshape, bstrides[t]);
        cterms[t] = (rp_index_term){tm->data, bstrides[t], p->vshape[tm->vaxis],
                                    p->vstrides[tm->vaxis]};
        is_adv[tm->vaxis] = true;
    }
    rp_intp total = 1;
    for (int k = 0; k < p->bnd; k++)
        total *= p->bshape[k];
    p->offsets = PyMem_Malloc((size_t)(total ? total : 1) * sizeof(rp_intp));
    if (!p->offsets)
        return PyErr_NoMemory(), -1;
    int bad_term = 0, st = 0;
    rp_intp bad_value = 0;
    if (rp_index_offsets(p->nterms, cterms, p->bnd, p->bshape, p->offsets, &bad_term,
                         &bad_value) != RP_OK) {
        first_bad(p, &bad_term, &bad_value);
        term *tm = &p->terms[bad_term];
        PyErr_Format(PyExc_IndexError, "index %zd is out of bounds for axis %d with size %zd",
                     bad_value, tm->srcaxis, p->vshape[tm->vaxis]);
        st = PARSE_BOUNDS;
    }

    /* the plan: outer axes, the offsets, inner axes */
    rp_index_plan *pl = &p->plan;
    pl->base = p->data;
    pl->itemsize = rp_dtype_size(a->dtype);
    pl->n = total;
    pl->offsets = p->offsets;
    int first_vaxis = p->terms[0].vaxis;
    for (int v = 0; v < p->vnd; v++) {
        if (is_adv[v])
            continue;
        if (!separated && v < first_vaxis) {
            pl->oshape[pl->nouter] = p->vshape[v];
            pl->ostrides[pl->nouter++] = p->vstrides[v];
        } else {
            pl->ishape[pl->ninner] = p->vshape[v];
            pl->istrides[pl->ninner++] = p->vstrides[v];
        }
    }
    if (pl->nouter + p->bnd + pl->ninner > RP_MAXDIMS) {
        PyErr_Clear(); /* NumPy's dimension check comes before the bounds */
        return PyErr_SetString(PyExc_IndexError, "number of dimensions must be within [0, 64]"),
               -1;
    }
    return st;
}

static RpArrayObject *new_result(const parsed *p, rp_dtype dt)
{
    rp_intp shape[RP_MAXDIMS];
    int nd = 0;
    for (int k = 0; k < p->plan.nouter; k++)
        shape[nd++] = p->plan.oshape[k];
    for (int k = 0; k < p->bnd; k++)
        shape[nd++] = p->bshape[k];
    for (int k = 0; k < p->plan.ninner; k++)
        shape[nd++] = p->plan.ishape[k];
    return rp_py_new(dt, nd, shape, 'C', 0);
}

/* x[mask] with a mask of x's own shape: count, then one compress pass.
 * NULL without an exception when the key is not that. */
static PyObject *whole_mask_get(RpArrayObject *self, PyObject *key)
{
    if (PyTuple_Check(key) && PyTuple_GET_SIZE(key) == 1)
        key = PyTuple_GET_ITEM(key, 0);
    if (!RpArray_Check(key) && !PyObject_CheckBuffer(key))
        return NULL;
    RpArrayObject *m = rp_py_asarray(key, -1);
    if (!m) {
        PyErr_Clear();
        return NULL;
    }
    RpArrayObject *out = NULL;
    const rp_array *a = &self->a;
    if (m->a.dtype == RP_BOOL && m->a.ndim == a->ndim && a->ndim > 0 &&
        memcmp(m->a.shape, a->shape, (size_t)a->ndim * sizeof(rp_intp)) == 0) {
        rp_intp count;
        if (rp_array_size(&m->a) > NOGIL_BYTES) {
            Py_BEGIN_ALLOW_THREADS
            count = rp_index_mask_count(&m->a);
            Py_END_ALLOW_THREADS
        } else
            count = rp_index_mask_count(&m->a);
        out = rp_py_new(a->dtype, 1, &count, 'C', 0);
        if (out) {
            bool done;
            Py_BEGIN_ALLOW_THREADS
            done = rp_index_compress(&m->a, a->data, a->strides, rp_dtype_size(a->dtype),
                                     out->a.data, count);
            Py_END_ALLOW_THREADS
            if (!done)
                Py_CLEAR(out);
        }
        if (!out && !PyErr_Occurred())
            out = NULL;
    }
    Py_DECREF(m);
    return (PyObject *)out;
}

/* x[idx] with one intp index array (C-contiguous, >= 1-d) on the first
 * axis of an x whose rows are contiguous: bounds check and copy in one
 * pass, no offsets array. NULL without an exception when the key is not
 * that. */
static PyObject *first_axis_take(RpArrayObject *self, PyObject *key)
{
    if (PyTuple_Check(key) && PyTuple_GET_SIZE(key) == 1)
        key = PyTuple_GET_ITEM(key, 0);
    const rp_array *a = &self->a;
    if (a->ndim == 0 || !(RpArray_Check(key) || PyObject_CheckBuffer(key)))
        return NULL;
    RpArrayObject *ix = rp_py_asarray(key, -1);
    if (!ix) {
        PyErr_Clear();
        return NULL;
    }
    size_t row = rp_dtype_size(a->dtype);
    bool ok = ix->a.dtype == RP_INT64 && ix->a.ndim >= 1 && rp_array_is_c_contig(&ix->a) &&
              ix->a.ndim + a->ndim - 1 <= RP_MAXDIMS;
    for (int k = a->ndim - 1; ok && k >= 1; k--) { /* rows: C order after the first axis */
        ok = a->shape[k] == 1 || a->strides[k] == (rp_intp)row;
        row *= (size_t)a->shape[k];
    }
    RpArrayObject *out = NULL;
    if (ok && row > 0) {
        rp_intp shape[RP_MAXDIMS], n = rp_array_size(&ix->a);
        int nd = 0;
        for (int k = 0; k < ix->a.ndim; k++)
            shape[nd++] = ix->a.shape[k];
        for (int k = 1; k < a->ndim; k++)
            shape[nd++] = a->shape[k];
        out = rp_py_new(a->dtype, nd, shape, 'C', 0);
        if (out) {
            const rp_intp *idx = (const rp_intp *)ix->a.data;
            rp_intp done;
            if ((size_t)n * row > NOGIL_BYTES) {
                Py_BEGIN_ALLOW_THREADS
                done = rp_index_take_first(a->data, a->shape[0], a->strides[0], row, idx, n,
                                           out->a.data);
                Py_END_ALLOW_THREADS
            } else
                done = rp_index_take_first(a->data, a->shape[0], a->strides[0], row, idx, n,
                                           out->a.data);
            if (done < n) {
                PyErr_Format(PyExc_IndexError,
                             "index %zd is out of bounds for axis 0 with size %zd", idx[done],
                             a->shape[0]);
                Py_CLEAR(out);
            }
        }
    }
    Py_DECREF(ix);
    return (PyObject *)out;
}

PyObject *rp_index_advanced_get(RpArrayObject *self, PyObject *key)
{
    PyObject *fast = whole_mask_get(self, key);
    if (fast || PyErr_Occurred())
        return fast;
    fast = first_axis_take(self, key);
    if (fast || PyErr_Occurred())
        return fast;
    parsed p;
    RpArrayObject *out = NULL;
    if (parse(self, key, &p) == 0 && (out = new_result(&p, self->a.dtype))) {
        if (rp_array_size(&out->a) * (rp_intp)p.plan.itemsize > NOGIL_BYTES) {
            Py_BEGIN_ALLOW_THREADS
            rp_index_gather(&p.plan, out->a.data);
            Py_END_ALLOW_THREADS
        } else
            rp_index_gather(&p.plan, out->a.data);
    }
    parsed_free(&p);
    return (PyObject *)out;
}

static bool is_plain_sequence(PyObject *o)
{
    return (PyList_Check(o) || PyTuple_Check(o)) && !RpArray_Check(o);
}

/* NumPy assigns through a lone boolean array of x's ndim with a value of
 * at most one dimension: more is its TypeError, even (1, 1); for a 0-d x
 * a Python bool is such a mask too (x[True] = [[1]]). */
static int check_lone_mask_value(const RpArrayObject *self, PyObject *key, PyObject *v)
{
    if (PyTuple_Check(key) && PyTuple_GET_SIZE(key) == 1)
        key = PyTuple_GET_ITEM(key, 0);
    bool lone = PyBool_Check(key) && self->a.ndim == 0;
    if (!lone) {
        if (PyTuple_Check(key) || PyBool_Check(key) ||
            !(RpArray_Check(key) || PyList_Check(key) || PyObject_CheckBuffer(key)))
            return 0;
        RpArrayObject *m = rp_py_asarray(key, -1);
        if (!m) {
            PyErr_Clear();
            return 0;
        }
        lone = m->a.dtype == RP_BOOL && m->a.ndim == self->a.ndim;
        Py_DECREF(m);
    }
    if (!lone || !(RpArray_Check(v) || (PyObject_CheckBuffer(v) && !PyBytes_Check(v))))
        return 0;
    RpArrayObject *va = rp_py_asarray(v, -1);
    if (!va)
        return -1;
    const int nd = va->a.ndim;
    Py_DECREF(va);
    if (nd <= 1)
        return 0;
    PyErr_Format(PyExc_TypeError, "NumPy boolean array indexing assignment requires a 0 or "
                 "1-dimensional input, input has %d dimensions", nd);
    return -1;
}

/* After a parse failed late (PARSE_LATE): NumPy converts a value that is
 * not an array to x's dtype before it broadcasts the index arrays together
 * and checks their bounds, so that conversion's error (x_int[idx] = 1e39:
 * OverflowError) comes first. The parse's error stays otherwise. */
static void value_error_first(const RpArrayObject *self, PyObject *value)
{
    if (RpArray_Check(value) || (PyObject_CheckBuffer(value) && !PyBytes_Check(value)))
        return;
    PyObject *et, *ev, *tb;
    PyErr_Fetch(&et, &ev, &tb);
    RpArrayObject *v = rp_py_asarray(value, (int)self->a.dtype);
    if (v || !PyErr_Occurred()) {
        Py_XDECREF(v);
        PyErr_Restore(et, ev, tb);
        return;
    }
    Py_XDECREF(et);
    Py_XDECREF(ev);
    Py_XDECREF(tb);
}

/* Whether a's rows (the axes after the first) are one C-ordered run each;
 * *row gets their length in bytes. */
static bool contiguous_rows(const rp_array *a, size_t *row)
{
    *row = rp_dtype_size(a->dtype);
    for (int k = a->ndim - 1; k >= 1; k--) {
        if (a->shape[k] != 1 && a->strides[k] != (rp_intp)*row)
            return false;
        *row *= (size_t)a->shape[k];
    }
    return true;
}

/* The value of an assignment as x's dtype over `shape`, converted and cast
 * as the general path does (a sequence whole, a buffer as an array, the
 * rest by the basic assignment's rules): value itself (a new reference)
 * when it is already that array and shares no memory with x. */
static RpArrayObject *set_value(RpArrayObject *self, PyObject *v, int nd, const rp_intp *shape)
{
    if (RpArray_Check(v)) {
        RpArrayObject *va = (RpArrayObject *)v;
        if (va->a.dtype == self->a.dtype && va->a.ndim == nd && rp_array_is_c_contig(&va->a) &&
            (nd == 0 || memcmp(va->a.shape, shape, (size_t)nd * sizeof(rp_intp)) == 0) &&
            !rp_arrays_may_overlap(&va->a, &self->a))
            return (RpArrayObject *)Py_NewRef(v);
    }
    RpArrayObject *tmp = rp_py_new(self->a.dtype, nd, shape, 'C', 0);
    if (tmp && rp_index_setitem((PyObject *)tmp, Py_Ellipsis, v) < 0)
        Py_CLEAR(tmp);
    return tmp;
}

/* x[mask] = v with a mask of x's shape, and x[idx] = v with one intp
 * index array on the first axis of an x whose rows are contiguous: the
 * value cast once (to one element or one row when it is a scalar), then
 * one pass of the core, no offsets array. 1 done, 0 not such a key, -1
 * error. */
static int fast_set(RpArrayObject *self, PyObject *key, PyObject *value)
{
    PyObject *k = PyTuple_Check(key) && PyTuple_GET_SIZE(key) == 1 ? PyTuple_GET_ITEM(key, 0)
                                                                  : key;
    const rp_array *a = &self->a;
    if (a->ndim == 0 || !(RpArray_Check(k) || PyObject_CheckBuffer(k)))
        return 0;
    RpArrayObject *ix = rp_py_asarray(k, -1);
    if (!ix) {
        PyErr_Clear();
        return 0;
    }
    size_t row;
    /* (the mask loops move items of up to 8 bytes: complex128 takes the
     * general path) */
    bool mask = ix->a.dtype == RP_BOOL && ix->a.ndim == a->ndim && rp_dtype_size(a->dtype) <= 8 &&
                memcmp(ix->a.shape, a->shape, (size_t)a->ndim * sizeof(rp_intp)) == 0;
    bool take = ix->a.dtype == RP_INT64 && ix->a.ndim >= 1 && rp_array_is_c_contig(&ix->a) &&
                ix->a.ndim + a->ndim - 1 <= RP_MAXDIMS && contiguous_rows(a, &row) && row > 0;
    if (!mask && !take) {
        Py_DECREF(ix);
        return 0;
    }
    if (take && rp_arrays_may_overlap(&ix->a, &self->a)) {
        /* x[x] = v: the indices as they were before the first store (NumPy
         * copies an index overlapping the target), never a value just
         * written, which the check has not seen */
        RpArrayObject *copy = rp_py_new(RP_INT64, ix->a.ndim, ix->a.shape, 'C', 0);
        if (copy)
            memcpy(copy->a.data, ix->a.data, (size_t)rp_array_size(&ix->a) * sizeof(rp_intp));
        Py_SETREF(ix, copy);
        if (!ix)
            return -1;
    }
    PyObject *v;
    if (is_plain_sequence(value))
        v = (PyObject *)rp_py_asarray(value, (int)a->dtype);
    else if (!RpArray_Check(value) && PyObject_CheckBuffer(value) && !PyBytes_Check(value))
        v = (PyObject *)rp_py_asarray(value, -1);
    else
        v = Py_NewRef(value);
    int r = -1;
    RpArrayObject *src = NULL;
    if (!v || (mask && check_lone_mask_value(self, key, v) < 0))
        goto done;
    /* a scalar is cast once: one element (mask) or one row (take) */
    bool one = RpArray_Check(v) ? ((RpArrayObject *)v)->a.ndim == 0
                                : PyLong_Check(v) || PyFloat_Check(v);
    rp_intp shape[RP_MAXDIMS], count = 0;
    int nd = 0;
    size_t isz = rp_dtype_size(a->dtype);
    if (mask) {
        if (!one) {
            count = rp_index_mask_count(&ix->a);
            shape[nd++] = count;
        }
    } else {
        for (int j = 0; !one && j < ix->a.ndim; j++)
            shape[nd++] = ix->a.shape[j];
        for (int j = 1; j < a->ndim; j++)
            shape[nd++] = a->shape[j];
    }
    if (!(src = set_value(self, v, nd, shape)))
        goto done;
    rp_intp n = mask ? rp_array_size(a) : rp_array_size(&ix->a);
    bool nogil = (size_t)n * isz > NOGIL_BYTES;
    PyThreadState *ts = nogil ? PyEval_SaveThread() : NULL;
    rp_intp put = 0;
    if (mask && one)
        rp_index_mask_fill(&ix->a, a->data, a->strides, isz, src->a.data);
    else if (mask)
        rp_index_expand(&ix->a, a->data, a->strides, isz, src->a.data, count);
    else
        put = rp_index_put_first(a->data, a->shape[0], a->strides[0], row,
                                 (const rp_intp *)ix->a.data, n, src->a.data,
                                 one ? 0 : (rp_intp)row);
    if (ts)
        PyEval_RestoreThread(ts);
    if (!mask && put < n)
        PyErr_Format(PyExc_IndexError, "index %zd is out of bounds for axis 0 with size %zd",
                     ((const rp_intp *)ix->a.data)[put], a->shape[0]);
    else
        r = 1;
done:
    Py_XDECREF(src);
    Py_XDECREF(v);
    Py_DECREF(ix);
    return r;
}

int rp_index_advanced_set(RpArrayObject *self, PyObject *key, PyObject *value)
{
    int fast = fast_set(self, key, value);
    if (fast)
        return fast < 0 ? -1 : 0;
    parsed p;
    int r = -1;
    int st = parse(self, key, &p);
    if (st != 0 && st != PARSE_BOUNDS) {
        parsed_free(&p);
        if (st == PARSE_LATE)
            value_error_first(self, value);
        return -1;
    }
    /* out of bounds: the value is still broadcast to the result first, and
     * its error (a shape mismatch: ValueError) is the one NumPy reports */
    PyObject *et = NULL, *ev = NULL, *tb = NULL;
    if (st == PARSE_BOUNDS)
        PyErr_Fetch(&et, &ev, &tb);
    /* the value, broadcast and cast as a basic assignment would, then scattered */
    RpArrayObject *tmp = new_result(&p, self->a.dtype);
    /* NumPy converts a sequence value whole (no depth limit: its extra
     * leading unit axes are then dropped by the broadcast), where a
     * basic assignment limits the depth to the target's ndim */
    PyObject *v = value;
    if (tmp && is_plain_sequence(value))
        v = (PyObject *)rp_py_asarray(value, (int)self->a.dtype);
    else if (tmp && !RpArray_Check(value) && PyObject_CheckBuffer(value) && !PyBytes_Check(value))
        /* a NumPy scalar (or array) is cast as an array, unsafely: NaN into
         * an int is "invalid value in cast", not a basic assignment's error */
        v = (PyObject *)rp_py_asarray(value, -1);
    else
        Py_INCREF(v);
    if (tmp && v && check_lone_mask_value(self, key, v) == 0 &&
        rp_index_setitem((PyObject *)tmp, Py_Ellipsis, v) == 0) {
        if (st == PARSE_BOUNDS) {
            PyErr_Restore(et, ev, tb);
            et = ev = tb = NULL;
        } else if (rp_array_size(&tmp->a) * (rp_intp)p.plan.itemsize > NOGIL_BYTES) {
            Py_BEGIN_ALLOW_THREADS
            rp_index_scatter(&p.plan, tmp->a.data);
            Py_END_ALLOW_THREADS
            r = 0;
        } else {
            rp_index_scatter(&p.plan, tmp->a.data);
            r = 0;
        }
    }
    Py_XDECREF(et);
    Py_XDECREF(ev);
    Py_XDECREF(tb);
    Py_XDECREF(v);
    Py_XDECREF(tmp);
    parsed_free(&p);
    return r;
}
