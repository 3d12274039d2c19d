/*
 * The elementwise call shared by the binding files: ops.c (module
 * functions and the call itself), operators.c (number slots). Private to
 * src/python.
 */
#ifndef RAPTORS_UFUNC_CALL_H
#define RAPTORS_UFUNC_CALL_H

#include "pyraptors.h"

#include <stdbool.h>

#include "raptors/ufunc.h"

/* Elements above which the kernels run without the GIL: releasing and
 * re-taking it costs about as much as a few thousand additions. The driver
 * only starts threads at this size or above, so they never run under the GIL. */
#define RP_NOGIL_MIN RP_UFUNC_NOGIL_MIN

/* Options of one call (keywords of the module functions; operators use the
 * defaults, in-place operators set out). */
typedef struct {
    PyObject *out;     /* NULL or an array-like to write into */
    int dtype;         /* -1 or the requested loop dtype */
    rp_casting casting;
    int decimals;
    bool keep0d; /* return a 0-d array, not a scalar (where, clip) */
} call_opts;

/* Run op on the inputs (arrays, array-likes, Python scalars): NumPy's type
 * resolution, broadcasting, out=/dtype=/casting=, float errors per
 * numpy.errstate. for_operator: unsupported operands give NotImplemented. */
PyObject *rp_ufunc_apply(rp_op op, PyObject *const *inputs, const call_opts *opt,
                         bool for_operator);
/* Warnings or exceptions for a call's float/integer error bits, as
 * numpy.errstate says; 0, or -1 with an exception set. */
int rp_ufunc_report_errors(const char *name, unsigned errors);
/* gather the reports of the calls in between, then report them as `name`
 * (NULL: drop them, an exception is already set) */
void rp_fperr_defer(void);
/* round(a, decimals, out=) as NumPy's function (round_py.c) */
PyObject *rp_round_apply(PyObject *a, const call_opts *o);
/* A method's fastcall arguments as its function's: self first, into all
 * (RP_METHOD_ARGS slots); -1 with a TypeError when they do not fit. */
enum { RP_METHOD_ARGS = 8 };
static inline int rp_method_args(PyObject *self, PyObject *const *args, Py_ssize_t nargs,
                                 PyObject *kwnames, PyObject **all, const char *name)
{
    Py_ssize_t nkw = kwnames ? PyTuple_GET_SIZE(kwnames) : 0;
    if (nargs + nkw > RP_METHOD_ARGS - 1) {
        PyErr_Format(PyExc_TypeError, "%s() takes too many arguments", name);
        return -1;
    }
    all[0] = self;
    for (Py_ssize_t i = 0; i < nargs + nkw; i++)
        all[i + 1] = args[i];
    return 0;
}

/* An out= argument (None, an array, a 1-tuple) into o (ops.c). */
int rp_ops_set_out(call_opts *o, PyObject *v);
PyObject *rp_round_complex(RpArrayObject *a, const call_opts *o); /* complex_parts.c */
/* out= objects that are not raptors arrays (out_arg.c) */
bool rp_is_numpy_scalar(PyObject *v);
PyObject *rp_aligned_copy(PyObject *v);
int rp_numpy_call(const char *fn, PyObject *a, PyObject *b);
int rp_fperr_report_deferred(const char *name);
/* Looks up numpy.geterr/geterrcall once (fperr.c); 0, or -1 with an exception. */
int rp_fperr_init(void);
/* Whether a finite Python float or int (or NumPy float64) became inf when
 * stored as `stored` (float32): NumPy reports "overflow encountered in
 * cast" (and no underflow for one that became 0). */
bool rp_py_scalar_overflowed(PyObject *value, rp_dtype stored, const void *scalar);
/* a Python float stored as float32 rounded among the subnormals (or to 0) */
bool rp_py_scalar_underflowed(PyObject *value, rp_dtype stored, const void *scalar);
/* The exception for a failed driver call (other than a shape mismatch). */
void *rp_ufunc_run_error(rp_status st, unsigned errors);
/* ---- casting (casting.c) ---- */
bool rp_ufunc_is_comparison(rp_op op);
/* The dtype a Python scalar operand (weak kind w) of op takes when the
 * loop's input dtype is lin: lin itself when NEP 50 lets it adapt, else its
 * default dtype (bool, int64, float64), cast and checked like an array. */
rp_dtype rp_ufunc_weak_dtype(rp_op op, rp_weak w, rp_dtype lin);
/* casting='equiv' refuses a weak scalar outside its default dtype: -1 with
 * NumPy's TypeError. */
int rp_ufunc_check_weak_equiv(rp_op op, rp_weak w, rp_dtype lin, rp_casting casting);
/* The dtype each input is cast to for a loop (where's condition: bool;
 * signed int vs uint64 comparisons: the core's exact mixed loop). */
void rp_ufunc_loop_inputs(rp_op op, rp_dtype loop, int nin, const rp_dtype *in,
                          const bool *is_array, rp_dtype *lin);
/* The dtype numpy.asarray gives a Python scalar of weak kind w (int64, or
 * uint64 above it; bool; float64); -1 with an exception. */
int rp_py_scalar_dtype(PyObject *v, rp_weak w, rp_dtype *dt);
/* Ops whose inputs are cast whatever the rule (where(), logical ops). */
bool rp_ufunc_inputs_cast_exempt(rp_op op);
/* round(x, decimals, out=) refuses the out NumPy's round refuses, with the
 * error of the step that refuses it (divide, multiply, rint, or an array
 * copy); 0 or -1 with the exception. */
int rp_round_check_out(rp_dtype in, int decimals, rp_dtype out, rp_casting casting);
/* NumPy's _UFuncNoLoopError for op on inputs `in` and output dtype out
 * (-1: none asked for); returns NULL. */
void *rp_ufunc_no_loop_error(rp_op op, const rp_dtype *in, int out);
/* TypeError for an op NumPy computes on complex that raptors has no complex
 * loop for yet (name: the ufunc or function, as the message shows it). */
void *rp_py_no_complex_loop(const char *name);
/* NumPy's _UFuncInputCastingError (input >= 0) or _UFuncOutputCastingError
 * (input < 0) for op; returns NULL. */
void *rp_ufunc_cast_error(rp_op op, int input, rp_dtype from, rp_dtype to, rp_casting casting);

/* a OP b as the operator computes it (operators.c). */
PyObject *rp_py_binop(rp_op op, PyObject *a, PyObject *b);

#endif
