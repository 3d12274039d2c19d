/*
 * raptors.ufunc: the type of raptors.add, raptors.sin, ... .
 *
 * NumPy's ufuncs are objects with methods (np.add.reduce, np.maximum.accumulate,
 * np.add.at, np.multiply.outer) and attributes (nin, nout, identity), and code
 * written for NumPy calls them. A builtin function has neither, so each
 * module-level elementwise function is wrapped in one of these. The call goes
 * straight to the same C entry point through vectorcall (one indirect call
 * more than the builtin, no argument repacking), so calls cost what they did.
 * The methods and attributes are Python (raptors/_ufunc_methods.py): they are
 * cold paths, and NumPy's own ufunc of the same name already routes every
 * method back to raptors' kernels through __array_ufunc__.
 */
#include "pyraptors.h"

#include <stddef.h>
#include <structmember.h>

/* METH_FASTCALL | METH_KEYWORDS (CPython names the type only from 3.13 on). */
typedef PyObject *(*fastcall_kw)(PyObject *, PyObject *const *, Py_ssize_t, PyObject *);

typedef struct {
    PyObject_HEAD
    vectorcallfunc vectorcall;
    fastcall_kw fn;                  /* the builtin's C function */
    PyObject *fn_self;              /* and its self (the module) */
    PyObject *name;
    PyObject *dict;                 /* __doc__ and whatever Python attaches */
} RpUfuncObject;

static PyObject *ufunc_vectorcall(PyObject *callable, PyObject *const *args, size_t nargsf,
                                  PyObject *kwnames)
{
    RpUfuncObject *u = (RpUfuncObject *)callable;
    return u->fn(u->fn_self, args, PyVectorcall_NARGS(nargsf), kwnames);
}

/* ufunc(builtin, name=None): wraps a METH_FASTCALL | METH_KEYWORDS builtin
 * function, under its own name or another (NumPy's radians is deg2rad's
 * loop under a name of its own). */
static PyObject *ufunc_new(PyTypeObject *type, PyObject *args, PyObject *kwargs)
{
    PyObject *fn, *name = Py_None;
    if (kwargs && PyDict_GET_SIZE(kwargs)) {
        PyErr_SetString(PyExc_TypeError, "ufunc() takes no keyword arguments");
        return NULL;
    }
    if (!PyArg_ParseTuple(args, "O|O:ufunc", &fn, &name))
        return NULL;
    if (name != Py_None && !PyUnicode_Check(name)) {
        PyErr_SetString(PyExc_TypeError, "ufunc() name must be a str");
        return NULL;
    }
    if (!PyCFunction_Check(fn) ||
        (PyCFunction_GET_FLAGS(fn) & (METH_FASTCALL | METH_KEYWORDS | METH_O | METH_NOARGS |
                                      METH_VARARGS)) != (METH_FASTCALL | METH_KEYWORDS)) {
        PyErr_SetString(PyExc_TypeError,
                        "ufunc() wraps one of raptors' C elementwise functions");
        return NULL;
    }
    RpUfuncObject *u = (RpUfuncObject *)type->tp_alloc(type, 0);
    if (!u)
        return NULL;
    if (name != Py_None)
        Py_INCREF(name);
    u->name = name != Py_None ? name : PyObject_GetAttrString(fn, "__name__");
    if (!u->name) {
        Py_DECREF(u);
        return NULL;
    }
    u->vectorcall = ufunc_vectorcall;
    u->fn = (fastcall_kw)(void (*)(void))PyCFunction_GET_FUNCTION(fn);
    u->fn_self = PyCFunction_GET_SELF(fn);
    Py_XINCREF(u->fn_self);
    return (PyObject *)u;
}

static int ufunc_traverse(PyObject *self, visitproc visit, void *arg)
{
    RpUfuncObject *u = (RpUfuncObject *)self;
    Py_VISIT(Py_TYPE(self));
    Py_VISIT(u->fn_self);
    Py_VISIT(u->dict);
    return 0;
}

static int ufunc_clear(PyObject *self)
{
    RpUfuncObject *u = (RpUfuncObject *)self;
    Py_CLEAR(u->fn_self);
    Py_CLEAR(u->name);
    Py_CLEAR(u->dict);
    return 0;
}

static void ufunc_dealloc(PyObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    ufunc_clear(self);
    tp->tp_free(self);
    Py_DECREF(tp);
}

static PyObject *ufunc_repr(PyObject *self)
{
    return PyUnicode_FromFormat("<ufunc '%U'>", ((RpUfuncObject *)self)->name);
}

static PyObject *ufunc_get_name(PyObject *self, void *closure)
{
    (void)closure;
    PyObject *name = ((RpUfuncObject *)self)->name;
    Py_INCREF(name);
    return name;
}

static PyGetSetDef ufunc_getset[] = {
    {"__name__", ufunc_get_name, NULL, NULL, NULL},
    {"__qualname__", ufunc_get_name, NULL, NULL, NULL},
    {"__dict__", PyObject_GenericGetDict, PyObject_GenericSetDict, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static PyMemberDef ufunc_members[] = {
    {"__vectorcalloffset__", T_PYSSIZET, offsetof(RpUfuncObject, vectorcall), READONLY, NULL},
    {"__dictoffset__", T_PYSSIZET, offsetof(RpUfuncObject, dict), READONLY, NULL},
    {NULL, 0, 0, 0, NULL},
};

static PyType_Slot ufunc_slots[] = {
    {Py_tp_new, ufunc_new},
    {Py_tp_dealloc, ufunc_dealloc},
    {Py_tp_traverse, ufunc_traverse},
    {Py_tp_clear, ufunc_clear},
    {Py_tp_repr, ufunc_repr},
    {Py_tp_call, PyVectorcall_Call},
    {Py_tp_getset, ufunc_getset},
    {Py_tp_members, ufunc_members},
    {Py_tp_doc, "ufunc(builtin): a raptors elementwise function with NumPy's ufunc methods "
                "(reduce, accumulate, reduceat, outer, at) and attributes."},
    {0, NULL},
};

/* Not immutable: raptors/_ufunc_methods.py adds the methods from Python. */
static PyType_Spec ufunc_spec = {
    "raptors.ufunc",
    sizeof(RpUfuncObject),
    0,
    Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_HAVE_VECTORCALL,
    ufunc_slots,
};

int rp_ufunc_type_init(PyObject *module)
{
    PyObject *type = PyType_FromSpec(&ufunc_spec);
    if (!type)
        return -1;
    if (PyModule_AddObject(module, "ufunc", type) < 0) {
        Py_DECREF(type);
        return -1;
    }
    return 0;
}
