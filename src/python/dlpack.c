/*
 * DLPack export and import (the protocol's structures are in dlpack.h).
 *
 * Export: x.__dlpack__() hands out a capsule holding a managed tensor that
 * points at x's memory and owns a reference to x; whoever consumes the
 * capsule calls the deleter once, which drops that reference. A capsule
 * nobody consumed still has its original name when it is collected, and its
 * destructor calls the deleter instead (never both: consumers rename it).
 *
 * Import: _from_dlpack_capsule(capsule) wraps the tensor's memory in a
 * raptors view without copying; the view's base is a private capsule whose
 * destructor calls the producer's deleter, so the producer's memory lives
 * exactly as long as the last view of it.
 */
#include "pyraptors.h"

#include "dlpack.h"

#include <string.h>

static const char NAME_LEGACY[] = "dltensor", NAME_VERSIONED[] = "dltensor_versioned";
static const char USED_LEGACY[] = "used_dltensor", USED_VERSIONED[] = "used_dltensor_versioned";
static const char NAME_OWNER[] = "raptors.dlpack_owner";

/* ---- export ---- */

/* One allocation per export: the managed tensor (either flavour, at offset 0
 * so the deleter finds the block from its argument), the array it keeps
 * alive, and the shape and strides in elements. */
typedef struct {
    union {
        DLManagedTensor legacy;
        DLManagedTensorVersioned versioned;
    } m;
    PyObject *owner;
    int64_t dims[]; /* shape[ndim], then strides[ndim] */
} export_block;

static void release_block(export_block *b)
{
    /* Consumers may call the deleter from any thread, with or without the GIL. */
    PyGILState_STATE g = PyGILState_Ensure();
    Py_XDECREF(b->owner);
    PyMem_RawFree(b);
    PyGILState_Release(g);
}

static void delete_legacy(DLManagedTensor *self)
{
    release_block((export_block *)self);
}

static void delete_versioned(DLManagedTensorVersioned *self)
{
    release_block((export_block *)self);
}

/* A capsule collected unconsumed still carries its original name. */
static void export_capsule_destructor(PyObject *cap)
{
    if (PyCapsule_IsValid(cap, NAME_VERSIONED)) {
        DLManagedTensorVersioned *m = PyCapsule_GetPointer(cap, NAME_VERSIONED);
        if (m->deleter)
            m->deleter(m);
    } else if (PyCapsule_IsValid(cap, NAME_LEGACY)) {
        DLManagedTensor *m = PyCapsule_GetPointer(cap, NAME_LEGACY);
        if (m->deleter)
            m->deleter(m);
    }
    /* Any other name: consumed, the consumer owns the tensor now. */
    PyErr_Clear();
}

static int dl_dtype(rp_dtype dt, DLDataType *out)
{
    const rp_dtype_info *info = rp_dtype_get(dt);
    uint8_t code = info->kind == 'b' ? kDLBool : info->kind == 'i' ? kDLInt
                                           : info->kind == 'u' ? kDLUInt
                                           : info->kind == 'c' ? kDLComplex
                                                               : kDLFloat;
    *out = (DLDataType){code, (uint8_t)(8 * info->size), 1};
    return 0;
}

/* Parse a (major, minor) tuple; -1 with an exception. */
static int parse_version(PyObject *obj, long *major, long *minor)
{
    if (!PyTuple_Check(obj) || PyTuple_GET_SIZE(obj) != 2) {
        PyErr_SetString(PyExc_TypeError, "max_version must be None or a tuple (major, minor)");
        return -1;
    }
    *major = PyLong_AsLong(PyTuple_GET_ITEM(obj, 0));
    *minor = PyLong_AsLong(PyTuple_GET_ITEM(obj, 1));
    return PyErr_Occurred() ? -1 : 0;
}

/* Whether dl_device names the CPU (NumPy's rule: anything else is a
 * BufferError); -1 with an exception. */
static int check_device(PyObject *dl_device)
{
    if (dl_device == Py_None)
        return 0;
    long type = -1, id = -1;
    if (PyTuple_Check(dl_device) && PyTuple_GET_SIZE(dl_device) == 2) {
        type = PyLong_AsLong(PyTuple_GET_ITEM(dl_device, 0));
        id = PyLong_AsLong(PyTuple_GET_ITEM(dl_device, 1));
        if (PyErr_Occurred())
            return -1;
    }
    if (type != kDLCPU || id != 0) {
        PyErr_SetString(PyExc_BufferError, "unsupported device requested");
        return -1;
    }
    return 0;
}

static PyObject *ndarray_dlpack(PyObject *self_obj, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"stream", "max_version", "dl_device", "copy", NULL};
    PyObject *stream = Py_None, *max_version = Py_None, *dl_device = Py_None, *copy = Py_None;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "|$OOOO:__dlpack__", kwlist, &stream,
                                     &max_version, &dl_device, &copy))
        return NULL;
    if (stream != Py_None) {
        PyErr_SetString(PyExc_RuntimeError, "raptors only supports stream=None.");
        return NULL;
    }
    long major = 0, minor = 0;
    if (max_version != Py_None && parse_version(max_version, &major, &minor) < 0)
        return NULL;
    if (check_device(dl_device) < 0)
        return NULL;
    int want_copy = copy == Py_None ? 0 : PyObject_IsTrue(copy);
    if (want_copy < 0)
        return NULL;
    bool versioned = major >= 1;

    RpArrayObject *self = (RpArrayObject *)self_obj;
    bool readonly = !(self->flags & RP_F_WRITEABLE);
    if (readonly && !versioned && !want_copy) {
        PyErr_SetString(PyExc_BufferError,
                        "Cannot export readonly array since signalling readonly is unsupported "
                        "by DLPack (supported by newer DLPack version).");
        return NULL;
    }
    RpArrayObject *src = want_copy ? (RpArrayObject *)rp_py_copy_array(self, self->a.dtype, 'K')
                                   : (RpArrayObject *)Py_NewRef(self);
    if (!src)
        return NULL;
    int ndim = src->a.ndim;
    size_t itemsize = rp_dtype_size(src->a.dtype);
    for (int i = 0; i < ndim; i++)
        if (src->a.shape[i] > 1 && src->a.strides[i] % (rp_intp)itemsize) {
            Py_DECREF(src);
            PyErr_SetString(PyExc_BufferError,
                            "DLPack only supports strides which are a multiple of itemsize.");
            return NULL;
        }
    export_block *b = PyMem_RawCalloc(1, sizeof *b + 2 * (size_t)ndim * sizeof(int64_t) + 1);
    if (!b) {
        Py_DECREF(src);
        return PyErr_NoMemory();
    }
    b->owner = (PyObject *)src; /* the reference taken above */
    for (int i = 0; i < ndim; i++) {
        b->dims[i] = src->a.shape[i];
        b->dims[ndim + i] = src->a.strides[i] / (rp_intp)itemsize;
    }
    DLTensor t = {.data = src->a.data,
                  .device = {kDLCPU, 0},
                  .ndim = ndim,
                  .shape = b->dims,
                  .strides = b->dims + ndim,
                  .byte_offset = 0};
    dl_dtype(src->a.dtype, &t.dtype);
    void *ptr;
    const char *name;
    if (versioned) {
        b->m.versioned = (DLManagedTensorVersioned){
            .version = {RP_DLPACK_MAJOR, RP_DLPACK_MINOR},
            .manager_ctx = b,
            .deleter = delete_versioned,
            .flags = (readonly && !want_copy ? DLPACK_FLAG_BITMASK_READ_ONLY : 0) |
                     (want_copy ? DLPACK_FLAG_BITMASK_IS_COPIED : 0),
            .dl_tensor = t,
        };
        ptr = &b->m.versioned;
        name = NAME_VERSIONED;
    } else {
        b->m.legacy = (DLManagedTensor){.dl_tensor = t, .manager_ctx = b, .deleter = delete_legacy};
        ptr = &b->m.legacy;
        name = NAME_LEGACY;
    }
    PyObject *cap = PyCapsule_New(ptr, name, export_capsule_destructor);
    if (!cap)
        release_block(b);
    return cap;
}

static PyObject *ndarray_dlpack_device(PyObject *self, PyObject *unused)
{
    (void)self;
    (void)unused;
    return Py_BuildValue("(ii)", kDLCPU, 0);
}

PyMethodDef rp_dlpack_type_methods[] = {
    {"__dlpack__", (PyCFunction)(void (*)(void))ndarray_dlpack, METH_VARARGS | METH_KEYWORDS,
     "__dlpack__($self, /, *, stream=None, max_version=None, dl_device=None, copy=None)\n--\n\n"
     "Export the array as a DLPack capsule (versioned when max_version >= (1, 0))."},
    {"__dlpack_device__", ndarray_dlpack_device, METH_NOARGS,
     "__dlpack_device__($self, /)\n--\n\n(device type, device id): (1, 0), the CPU."},
    {NULL, NULL, 0, NULL},
};

/* ---- import ---- */

/* The base of an imported view: calls the producer's deleter when the last
 * view goes. The pointer is the managed tensor; the context says which kind. */
enum { OWNER_NONE, OWNER_LEGACY, OWNER_VERSIONED };

static void owner_destructor(PyObject *cap)
{
    void *ptr = PyCapsule_GetPointer(cap, NAME_OWNER);
    int kind = (int)(intptr_t)PyCapsule_GetContext(cap);
    if (!ptr || kind == OWNER_NONE) {
        PyErr_Clear();
        return;
    }
    if (kind == OWNER_VERSIONED) {
        DLManagedTensorVersioned *m = ptr;
        if (m->deleter)
            m->deleter(m);
    } else {
        DLManagedTensor *m = ptr;
        if (m->deleter)
            m->deleter(m);
    }
}

static int rp_from_dl_dtype(DLDataType t, rp_dtype *out)
{
    if (t.lanes != 1)
        return -1;
    for (int dt = 0; dt < RP_NTYPES; dt++) {
        DLDataType d;
        dl_dtype((rp_dtype)dt, &d);
        if (d.code == t.code && d.bits == t.bits) {
            *out = (rp_dtype)dt;
            return 0;
        }
    }
    return -1;
}

/* _from_dlpack_capsule(capsule) -> (array, copied): a view of the tensor. */
static PyObject *mod_from_dlpack_capsule(PyObject *m, PyObject *cap)
{
    (void)m;
    int versioned;
    if (PyCapsule_IsValid(cap, NAME_VERSIONED))
        versioned = 1;
    else if (PyCapsule_IsValid(cap, NAME_LEGACY))
        versioned = 0;
    else {
        PyErr_SetString(PyExc_ValueError,
                        "A DLPack tensor object cannot be consumed multiple times (or the object "
                        "is not a DLPack capsule)");
        return NULL;
    }
    void *ptr = PyCapsule_GetPointer(cap, versioned ? NAME_VERSIONED : NAME_LEGACY);
    DLTensor *t;
    uint64_t flags = 0;
    if (versioned) {
        DLManagedTensorVersioned *mv = ptr;
        if (mv->version.major > RP_DLPACK_MAJOR) {
            PyErr_Format(PyExc_BufferError,
                         "from_dlpack(): the producer's DLPack version %u.%u is newer than the "
                         "supported %d.%d",
                         mv->version.major, mv->version.minor, RP_DLPACK_MAJOR, RP_DLPACK_MINOR);
            return NULL;
        }
        t = &mv->dl_tensor;
        flags = mv->flags;
    } else {
        t = &((DLManagedTensor *)ptr)->dl_tensor;
    }
    if (t->device.device_type != kDLCPU && t->device.device_type != kDLCUDAHost) {
        PyErr_SetString(PyExc_BufferError, "Unsupported device in DLTensor.");
        return NULL;
    }
    rp_dtype dt;
    if (rp_from_dl_dtype(t->dtype, &dt) < 0) {
        PyErr_SetString(PyExc_BufferError, "Unsupported dtype in DLTensor.");
        return NULL;
    }
    if (t->ndim < 0 || t->ndim > RP_MAXDIMS) {
        PyErr_Format(PyExc_BufferError, "DLTensor has %d dimensions; raptors supports at most %d",
                     (int)t->ndim, RP_MAXDIMS);
        return NULL;
    }
    int ndim = t->ndim;
    size_t itemsize = rp_dtype_size(dt);
    rp_intp shape[RP_MAXDIMS], strides[RP_MAXDIMS];
    for (int i = 0; i < ndim; i++)
        shape[i] = (rp_intp)t->shape[i];
    if (t->strides)
        for (int i = 0; i < ndim; i++)
            strides[i] = (rp_intp)t->strides[i] * (rp_intp)itemsize;
    else
        rp_strides_for(ndim, shape, itemsize, 'C', strides);
    char *data = (char *)t->data + t->byte_offset;
    size_t nbytes;
    if (rp_shape_nbytes(ndim, shape, itemsize, &nbytes) != RP_OK) {
        PyErr_SetString(PyExc_BufferError, "DLTensor's shape does not fit in the address space");
        return NULL;
    }
    /* (complex elements are aligned as their parts, as in NumPy) */
    if (nbytes && (uintptr_t)data % (rp_dtype_get(dt)->kind == 'c' ? itemsize / 2 : itemsize)) {
        PyErr_SetString(PyExc_BufferError, "DLTensor's data is not aligned to its itemsize");
        return NULL;
    }
    /* From here on the tensor is ours: the capsule is renamed so that
     * neither its destructor nor another consumer touches it again. */
    PyObject *owner = PyCapsule_New(ptr, NAME_OWNER, owner_destructor);
    if (!owner)
        return NULL;
    if (PyCapsule_SetName(cap, versioned ? USED_VERSIONED : USED_LEGACY) < 0) {
        Py_DECREF(owner); /* context still OWNER_NONE: the producer keeps the tensor */
        return NULL;
    }
    PyCapsule_SetContext(owner, (void *)(intptr_t)(versioned ? OWNER_VERSIONED : OWNER_LEGACY));
    RpArrayObject *a = rp_py_view(NULL, data, ndim, shape, strides, dt);
    if (!a) {
        Py_DECREF(owner); /* calls the deleter: the tensor was consumed */
        return NULL;
    }
    a->base = owner;
    if (flags & DLPACK_FLAG_BITMASK_READ_ONLY)
        a->flags &= ~RP_F_WRITEABLE;
    else
        a->flags |= RP_F_WRITEABLE;
    return Py_BuildValue("(NO)", (PyObject *)a,
                         (flags & DLPACK_FLAG_BITMASK_IS_COPIED) ? Py_True : Py_False);
}

PyMethodDef rp_dlpack_methods[] = {
    {"_from_dlpack_capsule", mod_from_dlpack_capsule, METH_O, NULL},
    {NULL, NULL, 0, NULL},
};
