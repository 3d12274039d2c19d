/*
 * NumPy's floating-point error handling for everything raptors computes:
 * the core returns RP_UFUNC_* bits, this file turns them into what
 * numpy.errstate asks for. Kept apart from the ufunc call path because
 * reductions, accumulations, casts and setitem report through it too.
 */
#include "ufunc_call.h"

#include <stdio.h>
#include <string.h>

/* numpy.geterr / numpy.geterrcall, consulted only when an error was raised */
static PyObject *np_geterr, *np_geterrcall;

int rp_fperr_init(void)
{
    PyObject *np = PyImport_ImportModule("numpy");
    if (!np)
        return -1;
    np_geterr = PyObject_GetAttrString(np, "geterr");
    np_geterrcall = np_geterr ? PyObject_GetAttrString(np, "geterrcall") : NULL;
    Py_DECREF(np);
    return np_geterrcall ? 0 : -1;
}

/* errstate 'call' (call is true) or 'log' for one kind of error. */
static int errcall(bool call, const char *text, const char *name, unsigned bits)
{
    PyObject *fn = PyObject_CallNoArgs(np_geterrcall);
    if (!fn)
        return -1;
    PyObject *r = NULL;
    if (call && PyCallable_Check(fn))
        r = PyObject_CallFunction(fn, "sI", text, bits);
    else if (!call && fn != Py_None && PyObject_HasAttrString(fn, "write"))
        r = PyObject_CallMethod(fn, "write", "N",
                                PyUnicode_FromFormat("Warning: %s encountered in %s\n", text, name));
    else if (call)
        PyErr_Format(PyExc_NameError,
                     "python callback specified for %s (in  %s) but no function found.", text,
                     name);
    else
        PyErr_Format(PyExc_NameError,
                     "log specified for %s (in %s) but no object with write method found.", text,
                     name);
    Py_DECREF(fn);
    if (!r)
        return -1;
    Py_DECREF(r);
    return 0;
}

/*
 * NumPy's handling of floating-point errors, for ufuncs ("add"), reductions
 * ("reduce"), accumulations ("accumulate") and casts ("cast"): each kind
 * raised (in NumPy's order: divide, over, under, invalid) takes the mode
 * numpy.errstate gives it -- ignore; warn (RuntimeWarning); raise
 * (FloatingPointError, the first kind only); call (numpy.seterrcall's
 * function gets the kind and all the raised bits, NumPy's 1/2/4/8 as
 * RP_UFUNC_*); print (to the C stderr, as NumPy); log (the seterrcall
 * object's write()). numpy's state is read only when an error was raised,
 * so the common path pays nothing.
 */
/* Deferred reports (under the GIL): an operation made of several ufunc
 * calls (divmod: floor_divide and remainder) gathers their errors and
 * reports them once under its own name, as NumPy's single loop does. */
static int defer_depth;
static unsigned deferred;

void rp_fperr_defer(void)
{
    if (defer_depth++ == 0)
        deferred = 0;
}

int rp_fperr_report_deferred(const char *name)
{
    if (--defer_depth > 0)
        return 0;
    unsigned e = deferred;
    deferred = 0;
    return name ? rp_ufunc_report_errors(name, e) : 0;
}

int rp_ufunc_report_errors(const char *name, unsigned errors)
{
    if (defer_depth > 0) {
        deferred |= errors;
        return 0;
    }
    static const struct {
        unsigned bit;
        const char *key, *text;
    } kinds[] = {
        {RP_UFUNC_DIVBYZERO, "divide", "divide by zero"},
        {RP_UFUNC_OVERFLOW, "over", "overflow"},
        {RP_UFUNC_UNDERFLOW, "under", "underflow"},
        {RP_UFUNC_INVALID, "invalid", "invalid value"},
    };
    const unsigned fp = errors & (RP_UFUNC_DIVBYZERO | RP_UFUNC_OVERFLOW | RP_UFUNC_UNDERFLOW |
                                  RP_UFUNC_INVALID);
    if (!fp)
        return 0;
    PyObject *modes = np_geterr ? PyObject_CallNoArgs(np_geterr) : NULL;
    if (!modes)
        PyErr_Clear();
    int rc = 0;
    for (size_t k = 0; k < sizeof kinds / sizeof *kinds && rc == 0; k++) {
        if (!(fp & kinds[k].bit))
            continue;
        const char *mode = kinds[k].bit == RP_UFUNC_UNDERFLOW ? "ignore" : "warn";
        PyObject *m = modes ? PyDict_GetItemString(modes, kinds[k].key) : NULL;
        if (m && PyUnicode_Check(m))
            mode = PyUnicode_AsUTF8(m);
        if (!mode || strcmp(mode, "ignore") == 0)
            continue;
        if (strcmp(mode, "raise") == 0) {
            PyErr_Format(PyExc_FloatingPointError, "%s encountered in %s", kinds[k].text, name);
            rc = -1;
        } else if (strcmp(mode, "print") == 0) {
            fprintf(stderr, "Warning: %s encountered in %s\n", kinds[k].text, name);
        } else if (strcmp(mode, "call") == 0 || strcmp(mode, "log") == 0) {
            rc = errcall(mode[0] == 'c', kinds[k].text, name, fp);
        } else
            rc = PyErr_WarnFormat(PyExc_RuntimeWarning, 1, "%s encountered in %s", kinds[k].text,
                                  name);
    }
    Py_XDECREF(modes);
    return rc;
}
