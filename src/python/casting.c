/*
 * NumPy's casting rules where Python meets the core: the casting= keyword,
 * how a Python scalar operand of a ufunc takes part in the cast checks
 * (NEP 50), and the exceptions NumPy raises when a cast is refused --
 * instances of NumPy's own classes (numpy._core._exceptions), so code that
 * catches UFuncTypeError catches ours.
 */
#include "ufunc_call.h"

#include <stdio.h>
#include <string.h>

static const char *const casting_names[] = {"no", "equiv", "safe", "same_kind", "unsafe"};

int rp_py_parse_casting(PyObject *v, rp_casting *c)
{
    if (!PyUnicode_Check(v)) {
        PyErr_Format(PyExc_TypeError, "casting must be str, not %.100s", Py_TYPE(v)->tp_name);
        return -1;
    }
    const char *s = PyUnicode_AsUTF8(v);
    if (!s)
        return -1;
    for (int i = 0; i < 5; i++)
        if (strcmp(s, casting_names[i]) == 0) {
            *c = (rp_casting)i;
            return 0;
        }
    PyErr_Format(PyExc_ValueError,
                 "casting must be one of 'no', 'equiv', 'safe', 'same_kind', 'unsafe' (got %R)", v);
    return -1;
}

/* ---- Python scalars as ufunc operands (NEP 50) ---- */

static rp_dtype weak_default(rp_weak w)
{
    return w == RP_WEAK_COMPLEX ? RP_COMPLEX128
           : w == RP_WEAK_FLOAT ? RP_FLOAT64
           : w == RP_WEAK_INT   ? RP_INT64
                                : RP_BOOL;
}

static bool is_logical(rp_op op)
{
    return op == RP_OP_logical_and || op == RP_OP_logical_or || op == RP_OP_logical_xor;
}

bool rp_ufunc_is_comparison(rp_op op)
{
    return op == RP_OP_equal || op == RP_OP_not_equal || op == RP_OP_less ||
           op == RP_OP_less_equal || op == RP_OP_greater || op == RP_OP_greater_equal;
}

/* NEP 50: a Python int takes an integer, float or complex dtype, a float a
 * float or complex dtype, a complex a complex dtype; a bool never adapts. */
static bool weak_adapts(rp_weak w, rp_dtype to)
{
    char k = rp_dtype_get(to)->kind;
    return (w == RP_WEAK_INT && k != 'b') || (w == RP_WEAK_FLOAT && (k == 'f' || k == 'c')) ||
           (w == RP_WEAK_COMPLEX && k == 'c');
}

static int weak_equiv_error(rp_weak w, rp_dtype to)
{
    PyErr_Format(PyExc_TypeError, "cannot cast Python %s to %s under the casting rule 'equiv'",
                 w == RP_WEAK_INT ? "int" : w == RP_WEAK_FLOAT ? "float" : "complex",
                 rp_dtype_get(to)->name);
    return -1;
}

/*
 * A Python int in an integer or float loop, or a float in a float loop,
 * takes the loop's dtype: it is "weak" and passes every cast check (its
 * value is range-checked when stored instead). A bool never does, nor a
 * scalar of a higher kind than the loop (2.7 in a uint8 loop): those are
 * arrays of their default dtype (bool, int64, float64), checked and cast
 * like any input -- NumPy: add(uint8, 2.7, dtype='u1') refuses float64 ->
 * uint8 under same_kind. A unary op's scalar is never weak (NumPy:
 * sqrt(2, casting='no') refuses int64 -> float64). Logical ops read only
 * the truth value.
 */
rp_dtype rp_ufunc_weak_dtype(rp_op op, rp_weak w, rp_dtype lin)
{
    bool adapts = rp_op_get(op)->nin > 1 && weak_adapts(w, lin);
    return adapts || is_logical(op) ? lin : weak_default(w);
}

/* casting='equiv' takes a weak Python int or float only in its default
 * dtype: NumPy says "cannot cast Python int to int8 under the casting rule
 * 'equiv'" before any other check (casting='no' lets it through: NumPy's
 * quirk, kept). Comparisons of a Python int with an integer array compare
 * true values and are exempt. */
int rp_ufunc_check_weak_equiv(rp_op op, rp_weak w, rp_dtype lin, rp_casting casting)
{
    if (casting != RP_CASTING_EQUIV || w == RP_WEAK_BOOL || w == RP_WEAK_NONE || is_logical(op))
        return 0;
    rp_dtype sdt = rp_ufunc_weak_dtype(op, w, lin);
    if (sdt != lin || lin == weak_default(w))
        return 0;
    if (rp_ufunc_is_comparison(op) && w == RP_WEAK_INT && rp_dtype_get(lin)->kind != 'f')
        return 0;
    return weak_equiv_error(w, lin);
}

void rp_ufunc_loop_inputs(rp_op op, rp_dtype loop, int nin, const rp_dtype *in,
                          const bool *is_array, rp_dtype *lin)
{
    for (int i = 0; i < nin; i++)
        lin[i] = rp_op_get(op)->family == RP_FAM_WHERE && i == 0 ? RP_BOOL : loop;
    /* A signed integer array compared with a uint64 array runs the core's
     * exact mixed loop (int64, uint64), as NumPy 2's does, not float64. */
    if (rp_ufunc_is_comparison(op) && loop == RP_FLOAT64 && is_array[0] && is_array[1]) {
        for (int i = 0; i < 2; i++)
            if (in[i] == RP_UINT64 && rp_dtype_get(in[1 - i])->kind == 'i') {
                lin[i] = RP_UINT64;
                lin[1 - i] = RP_INT64;
            }
    }
}

bool rp_ufunc_inputs_cast_exempt(rp_op op)
{
    /* where() takes no casting rule: its condition is read as bool and its
     * values cast to the result's dtype whatever they are; logical ops cast
     * every input to bool (NumPy's logical promoter). */
    return is_logical(op) || rp_op_get(op)->family == RP_FAM_WHERE;
}

int rp_py_scalar_dtype(PyObject *v, rp_weak w, rp_dtype *dt)
{
    int overflow = 0;
    if (w == RP_WEAK_INT && PyLong_AsLongLongAndOverflow(v, &overflow) == -1 && PyErr_Occurred())
        return -1;
    /* beyond uint64 NumPy makes an object array: storing it as uint64
     * raises NumPy's OverflowError instead */
    *dt = overflow > 0 ? RP_UINT64 : weak_default(w);
    return 0;
}

/* ---- NumPy's exceptions ---- */

static PyObject *np_exceptions; /* numpy._core._exceptions, on the first error */

/* The object NumPy's ufunc exceptions read __name__, nin and nout from:
 * NumPy's ufunc of the same name, or a stand-in for an op NumPy has as a
 * plain function (round). */
static PyObject *numpy_ufunc(const rp_op_info *info)
{
    PyObject *u = rp_py_module_attr("numpy._core.umath", info->name);
    if (u)
        return u;
    PyErr_Clear();
    PyObject *ns = rp_py_module_attr("types", "SimpleNamespace");
    PyObject *kw = ns ? Py_BuildValue("{sssisi}", "__name__", info->name, "nin", info->nin,
                                      "nout", 1)
                      : NULL;
    PyObject *empty = kw ? PyTuple_New(0) : NULL;
    u = empty ? PyObject_Call(ns, empty, kw) : NULL;
    Py_XDECREF(empty);
    Py_XDECREF(kw);
    Py_XDECREF(ns);
    return u;
}

/* NumPy's exception class `name` called with args (a new tuple, stolen),
 * set as the current exception; the fallback is a TypeError with `msg`. */
static void *raise_numpy(const char *name, PyObject *args, PyObject *fallback_msg)
{
    if (!np_exceptions)
        np_exceptions = PyImport_ImportModule("numpy._core._exceptions");
    PyObject *cls = np_exceptions && args ? PyObject_GetAttrString(np_exceptions, name) : NULL;
    PyObject *exc = cls ? PyObject_Call(cls, args, NULL) : NULL;
    if (exc) {
        PyErr_SetObject(cls, exc);
        Py_DECREF(exc);
    } else {
        PyErr_Clear();
        if (fallback_msg)
            PyErr_SetObject(PyExc_TypeError, fallback_msg);
    }
    Py_XDECREF(cls);
    Py_XDECREF(args);
    Py_XDECREF(fallback_msg);
    return NULL;
}

void *rp_ufunc_cast_error(rp_op op, int input, rp_dtype from, rp_dtype to, rp_casting casting)
{
    const rp_op_info *info = rp_op_get(op);
    PyObject *f = rp_py_dtype_obj(from), *t = rp_py_dtype_obj(to);
    char which[24] = ""; /* NumPy numbers the input only when there are several */
    if (input >= 0 && info->nin > 1)
        snprintf(which, sizeof which, "%d ", input);
    PyObject *msg =
        PyUnicode_FromFormat("Cannot cast ufunc '%s' %s %sfrom %R to %R with casting rule '%s'",
                             info->name, input < 0 ? "output" : "input", which, f, t,
                             casting_names[casting]);
    if (!msg)
        return NULL;
    PyObject *uf = numpy_ufunc(info);
    PyObject *args = uf ? Py_BuildValue("(NsOOi)", uf, casting_names[casting], f, t,
                                        input < 0 ? 0 : input)
                        : NULL;
    return raise_numpy(input < 0 ? "_UFuncOutputCastingError" : "_UFuncInputCastingError", args,
                       msg);
}

void *rp_py_no_complex_loop(const char *name)
{
    PyErr_Format(PyExc_TypeError,
                 "%s: raptors has no complex loop for it yet (complex64/complex128 compute "
                 "arithmetic, math functions and most reductions; not this one)",
                 name);
    return NULL;
}

void *rp_ufunc_no_loop_error(rp_op op, const rp_dtype *in, int out)
{
    const rp_op_info *info = rp_op_get(op);
    PyObject *types = PyTuple_New(info->nin + 1);
    for (int i = 0; types && i <= info->nin; i++) {
        PyObject *t = i < info->nin ? (PyObject *)Py_TYPE(rp_py_dtype_obj(in[i]))
                      : out >= 0    ? (PyObject *)Py_TYPE(rp_py_dtype_obj((rp_dtype)out))
                                    : Py_None;
        PyTuple_SET_ITEM(types, i, Py_NewRef(t));
    }
    PyObject *uf = types ? numpy_ufunc(info) : NULL;
    PyObject *args = uf ? Py_BuildValue("(NN)", uf, types) : (Py_XDECREF(types), NULL);
    return raise_numpy("_UFuncNoLoopError", args,
                       PyUnicode_FromFormat("ufunc '%s' did not contain a loop with signature "
                                            "matching the input types",
                                            info->name));
}

int rp_round_check_out(rp_dtype in, int decimals, rp_dtype out, rp_casting casting)
{
    /* NumPy's round is not a ufunc: an integer array with decimals >= 0 is
     * copied into out (an array cast), anything else goes through ufuncs
     * into out -- true_divide (float64 for integers and bools), multiply or
     * rint (float16 for a bool: float32 here, raptors has no float16) --
     * whose output cast is the one refused. */
    char kind = rp_dtype_get(in)->kind;
    if ((kind == 'i' || kind == 'u') && decimals >= 0)
        return rp_py_check_cast(in, out, casting, false);
    rp_dtype from = kind == 'f' ? in : kind == 'b' && decimals == 0 ? RP_FLOAT32 : RP_FLOAT64;
    rp_op step = decimals < 0 ? RP_OP_divide : decimals > 0 ? RP_OP_multiply : RP_OP_rint;
    if (rp_can_cast(from, out, casting))
        return 0;
    rp_ufunc_cast_error(step, -1, from, out, casting);
    return -1;
}

/* ---- array casts (astype, concatenate, copyto) ---- */

int rp_py_check_cast(rp_dtype from, rp_dtype to, rp_casting casting, bool scalar)
{
    if (rp_can_cast(from, to, casting))
        return 0;
    PyErr_Format(PyExc_TypeError, "Cannot cast %s from %R to %R according to the rule '%s'",
                 scalar ? "scalar" : "array data", rp_py_dtype_obj(from), rp_py_dtype_obj(to),
                 casting_names[casting]);
    return -1;
}

/* The (source, to, casting) arguments of the checks below: the rule is
 * validated first, as NumPy does. */
static int check_args(PyObject *const *args, Py_ssize_t nargs, const char *usage, rp_dtype *to,
                      rp_casting *c)
{
    if (nargs != 3) {
        PyErr_SetString(PyExc_TypeError, usage);
        return -1;
    }
    return rp_py_parse_casting(args[2], c) < 0 || rp_py_dtype_from_obj(args[1], to) < 0 ? -1 : 0;
}

/* _check_cast(from, to, casting): None, or NumPy's TypeError for a cast
 * the rule refuses (ValueError for an unknown rule). */
static PyObject *py_check_cast(PyObject *m, PyObject *const *args, Py_ssize_t nargs)
{
    (void)m;
    rp_dtype from, to;
    rp_casting c;
    if (check_args(args, nargs, "_check_cast(from, to, casting)", &to, &c) < 0 ||
        rp_py_dtype_from_obj(args[0], &from) < 0 || rp_py_check_cast(from, to, c, false) < 0)
        return NULL;
    Py_RETURN_NONE;
}

/* _check_scalar_cast(value, to, casting): the check copyto makes for a
 * scalar source. A Python int or float of a kind `to` has is weak (NEP 50:
 * True is returned, the value is range-checked when stored); under 'equiv'
 * only in the dtype NumPy would give the value alone (int64, or uint64
 * above it; float64). Anything else is checked with its dtype ("Cannot
 * cast scalar from ...", a Python int read as int64 first) and False is
 * returned: the caller stores it as an array of that dtype, cast. */
static PyObject *py_check_scalar_cast(PyObject *m, PyObject *const *args, Py_ssize_t nargs)
{
    (void)m;
    rp_dtype from, to;
    rp_casting c;
    if (check_args(args, nargs, "_check_scalar_cast(value, to, casting)", &to, &c) < 0)
        return NULL;
    PyObject *v = args[0];
    rp_weak w = PyBool_Check(v) ? RP_WEAK_BOOL
                : PyLong_CheckExact(v) ? RP_WEAK_INT
                : PyFloat_CheckExact(v) ? RP_WEAK_FLOAT
                : PyComplex_CheckExact(v) ? RP_WEAK_COMPLEX
                                          : RP_WEAK_NONE;
    int overflow = 0;
    if (w == RP_WEAK_INT && PyLong_AsLongLongAndOverflow(v, &overflow) == -1 && PyErr_Occurred())
        return NULL;
    /* the dtype NumPy gives the value alone: int64, uint64 above it, and
     * none of ours (object) beyond */
    int natural = overflow == 0 ? (int)weak_default(w) : -1;
    if (overflow > 0 &&
        !(PyLong_AsUnsignedLongLong(v) == (unsigned long long)-1 && PyErr_Occurred()))
        natural = RP_UINT64;
    PyErr_Clear();
    if (w != RP_WEAK_NONE && weak_adapts(w, to)) {
        if (c == RP_CASTING_EQUIV && (int)to != natural)
            return weak_equiv_error(w, to), NULL;
        Py_RETURN_TRUE;
    }
    if (overflow) { /* read as int64 on the way to bool */
        if (c == RP_CASTING_EQUIV)
            return weak_equiv_error(w, RP_INT64), NULL;
        PyErr_SetString(PyExc_OverflowError, "Python int too large to convert to C long");
        return NULL;
    }
    if (w != RP_WEAK_NONE)
        from = weak_default(w);
    else {
        PyObject *dt = PyObject_GetAttrString(v, "dtype");
        int r = dt ? rp_py_dtype_from_obj(dt, &from) : -1;
        Py_XDECREF(dt);
        if (r < 0)
            return NULL;
    }
    if (rp_py_check_cast(from, to, c, true) < 0)
        return NULL;
    Py_RETURN_FALSE;
}

PyMethodDef rp_casting_methods[] = {
    {"_check_scalar_cast", (PyCFunction)(void (*)(void))py_check_scalar_cast, METH_FASTCALL,
     "_check_scalar_cast(value, to, casting): copyto's check for a scalar source."},
    {"_check_cast", (PyCFunction)(void (*)(void))py_check_cast, METH_FASTCALL,
     "_check_cast(from, to, casting): raise NumPy's TypeError if the rule refuses the cast."},
    {NULL, NULL, 0, NULL},
};
