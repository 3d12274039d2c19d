/*
 * The CPython layer's private header: the ndarray object and the helpers
 * every binding file shares. Only files under src/python include Python.h.
 */
#ifndef RAPTORS_PYRAPTORS_H
#define RAPTORS_PYRAPTORS_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "raptors/raptors.h"

#include <stdbool.h>

/* Shapes of up to this many axes live inside the object: no extra malloc. */
#define RP_INLINE_DIMS 4

enum {
    RP_F_WRITEABLE = 1 << 0,
    RP_F_OWNDATA = 1 << 1,
    RP_F_C_CONTIG = 1 << 2,
    RP_F_F_CONTIG = 1 << 3,
};

typedef struct {
    PyObject_HEAD
    rp_array a;          /* a.shape / a.strides point at dims or at a heap block */
    int flags;           /* RP_F_* */
    size_t alloc_nbytes; /* owned data: the size given to rp_alloc */
    PyObject *base;      /* keeps the data alive; NULL when the array owns it */
    Py_buffer *view;     /* a foreign buffer export held for our lifetime */
    PyObject *weakreflist;
    rp_intp dims[2 * RP_INLINE_DIMS];
} RpArrayObject;

extern PyTypeObject *RpArray_Type;
#define RpArray_Check(o) PyObject_TypeCheck((o), RpArray_Type)

/* ---- dtypes ---- */
/* Borrowed numpy.dtype object for a dtype (cached at import). */
PyObject *rp_py_dtype_obj(rp_dtype dt);
/* Anything NumPy accepts as a dtype -> rp_dtype; TypeError for the rest.
 * Returns 0 on success, -1 with an exception set. */
int rp_py_dtype_from_obj(PyObject *obj, rp_dtype *out);

/* ---- arrays ---- */
/* A fresh C- or F-ordered array owning 64-byte aligned data (zeroed if asked).
 * Raises ValueError for negative dims, MemoryError when too large. */
RpArrayObject *rp_py_new(rp_dtype dt, int ndim, const rp_intp *shape, char order, int zero);
/* Like rp_py_new, with the layout of `like` kept when it is F-contiguous
 * and not C-contiguous (NumPy's order='K' for contiguous inputs). */
RpArrayObject *rp_py_new_like(const RpArrayObject *like, rp_dtype dt);
/* Python's or NumPy's bool: never an integer for shapes, axes or indices. */
int rp_py_is_bool(PyObject *obj);
/* A fresh array with the given strides (contiguous in some axis order). */
RpArrayObject *rp_py_new_strided(rp_dtype dt, int ndim, const rp_intp *shape,
                                 const rp_intp *strides, int zero);
/* A view of `owner`'s memory. The caller guarantees the view stays inside
 * the memory owner keeps alive. Writeability is inherited. */
RpArrayObject *rp_py_view(RpArrayObject *owner, char *data, int ndim, const rp_intp *shape,
                          const rp_intp *strides, rp_dtype dt);
/* Recompute the contiguity flags after shape/strides were written. */
void rp_py_update_flags(RpArrayObject *self);

/* Any object -> a raptors array (new reference). RpArray passes through
 * (dtype cast if dt_or_neg1 >= 0 and different); NumPy arrays and buffers
 * are wrapped without copying when possible; sequences and scalars are
 * converted with NumPy's rules. NULL with an exception on failure. */
RpArrayObject *rp_py_asarray(PyObject *obj, int dt_or_neg1);

/* Wrap an object exporting the buffer protocol, sharing its memory.
 * Returns NULL with an exception; NotImplemented-style failures (format we
 * do not know, misaligned data) return NULL with *unsupported set and no
 * exception, so callers can fall back to a converting path. */
RpArrayObject *rp_py_from_buffer(PyObject *obj, int *unsupported);

/* A Python scalar or NumPy scalar for one element (NumPy scalar types:
 * numpy.float64, numpy.int32, numpy.bool ...). */
PyObject *rp_py_scalar(rp_dtype dt, const char *ptr);
/* The element as a Python bool, int or float (what item() returns). */
PyObject *rp_py_value(rp_dtype dt, const char *ptr);

/* Store a Python scalar (bool/int/float, or anything with __index__ /
 * __float__) into one element of dtype dt with NumPy's rules: an
 * out-of-range Python int raises OverflowError, NaN into an int dtype
 * raises ValueError. Returns 0, or -1 with an exception set. */
int rp_py_store_scalar(PyObject *value, rp_dtype dt, char *ptr);

/* ---- casting (casting.c) ---- */
/* 'no' | 'equiv' | 'safe' | 'same_kind' | 'unsafe'; -1 with NumPy's
 * ValueError (unknown name) or TypeError (not a str). */
int rp_py_parse_casting(PyObject *v, rp_casting *c);
/* NumPy's TypeError "Cannot cast array data (scalar) from X to Y according
 * to the rule ..." when the rule refuses the cast; 0 when it allows it. */
int rp_py_check_cast(rp_dtype from, rp_dtype to, rp_casting casting, bool scalar);

/* Whether obj is a NumPy scalar (numpy.generic): 1, 0, or -1 on error. */
int rp_py_is_numpy_scalar(PyObject *obj);
/* module.name as a new reference (NULL with the import's or getattr's error
 * set); the first call of a cached one stores it in *slot for good. */
PyObject *rp_py_module_attr(const char *module, const char *name);
PyObject *rp_py_cached_attr(PyObject **slot, const char *module, const char *name);

/* Raise the Python exception for a core status (message: optional). */
void *rp_py_raise(rp_status st, const char *message);
/* NumPy's AxisError (subclasses ValueError and IndexError). */
void *rp_py_axis_error(int axis, int ndim);
extern PyObject *rp_AxisError;
/* NumPy's ComplexWarning for a cast from a complex to a real dtype (not
 * bool): 0, or -1 when the warning is an error. */
int rp_py_warn_complex_cast(rp_dtype from, rp_dtype to);

/* A shape as NumPy writes it in messages: "(3,)", "(2,3)" (ops.c). */
PyObject *rp_py_shape_str(int ndim, const rp_intp *shape);
/* Parse an int or sequence of ints into a shape; -1 with an exception. */
int rp_py_parse_shape(PyObject *obj, int *ndim, rp_intp *shape);
/* The same, allowing -1 entries (reshape infers them). */
int rp_py_parse_shape_infer(PyObject *obj, int *ndim, rp_intp *shape);

/* Hooks the Python package installs at import (see raptors/_hooks.py):
 * asarray for objects C does not convert itself. */
extern PyObject *rp_py_hook_asarray;

/* ---- methods and slots defined by the binding files ---- */
extern PyMethodDef rp_ndarray_methods[];      /* ndarray.c */
/* complex_parts.c: the .real / .imag getters and setters */
PyObject *rp_part_get_real(PyObject *self, void *c);
PyObject *rp_part_get_imag(PyObject *self, void *c);
int rp_part_set_real(PyObject *self, PyObject *value, void *c);
int rp_part_set_imag(PyObject *self, PyObject *value, void *c);
extern PyMethodDef rp_module_array_methods[]; /* creation.c: empty, zeros, asarray hooks */
PyObject *rp_py_copy_array(RpArrayObject *src, rp_dtype dt, char order);
int rp_py_parse_order(PyObject *obj, char *order, const char *allowed);
extern PyMethodDef rp_index_methods[];        /* index.c (type methods) */
extern PyMethodDef rp_ops_methods[];          /* ops.c: module-level ufuncs */
extern PyMethodDef rp_ops_type_methods[];     /* ops.c: array methods */
extern PyMethodDef rp_clip_methods[];         /* clip_py.c: _clip, _where3 */
extern PyMethodDef rp_clip_type_methods[];    /* clip_py.c: the clip method */
extern PyMethodDef rp_info_methods[];         /* info.c: promotion rules, threading_info */
extern PyMethodDef rp_casting_methods[];      /* casting.c: _check_cast */
extern PyMethodDef rp_reduce_methods[];       /* reduce_py.c: module functions */
extern PyMethodDef rp_reduce_type_methods[];  /* reduce_py.c: array methods */
extern PyMethodDef rp_sort_methods[];        /* sort_py.c: _sort_rows, ... */
extern PyMethodDef rp_sort_complex_methods[]; /* sort_complex_py.c: _sort_complex_rows */
extern PyMethodDef rp_bench_methods[];        /* bench_py.c: bandwidth probe */
extern PyMethodDef rp_dlpack_methods[];       /* dlpack.c: _from_dlpack_capsule */
extern PyMethodDef rp_dlpack_type_methods[];  /* dlpack.c: __dlpack__, __dlpack_device__ */
extern PyMethodDef rp_select_methods[];      /* select_py.c: _nonzero */
extern PyMethodDef rp_shape_methods[];       /* shape_py.c: block copies (repeat, roll, tril) */
extern PyMethodDef rp_histogram_methods[];   /* histogram_py.c: _histogram_uniform */
extern PyMethodDef rp_matmul_methods[];      /* matmul_py.c: _matmul_native, hook */
PyObject *rp_nb_matmul(PyObject *a, PyObject *b); /* matmul_py.c: the @ slot */
extern PyType_Slot rp_ops_slots[];            /* operators.c: number slots, richcompare */
int rp_ufunc_type_init(PyObject *module);     /* ufunc_object.c: raptors.ufunc */

PyObject *rp_index_getitem(PyObject *self, PyObject *key); /* index.c */
PyObject *rp_index_item(PyObject *self, Py_ssize_t i);
int rp_index_setitem(PyObject *self, PyObject *key, PyObject *value);
int rp_py_slice_axis(PyObject *slice, rp_intp extent, rp_intp stride, rp_intp *offset,
                     rp_intp *len, rp_intp *vstride); /* index.c */
/* index_advanced.c: keys with index arrays, masks or bools. */
int rp_index_is_advanced(PyObject *key);
PyObject *rp_index_advanced_get(RpArrayObject *self, PyObject *key);
int rp_index_advanced_set(RpArrayObject *self, PyObject *key, PyObject *value);

/* ndarray.c: creates RpArray_Type and adds it to the module. */
int rp_ndarray_type_init(PyObject *module);
extern PyObject *rp_np_dtype_type;
extern PyObject *rp_dtype_objs[RP_NTYPES];
extern PyObject *rp_scalar_types[RP_NTYPES];

/* Module init hooks of the binding files (0 ok, -1 error). */
int rp_ops_init(PyObject *module);
int rp_reduce_init(PyObject *module);

#endif
