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
/* Whether a finite Python float or int (or NumPy float64) became inf when
 * stored as `stored` (float32): NumPy reports "overflow encountered in
 * cast" (and no underflow for one that became 0). */
bool rp_py_scalar_overflowed(PyObject *value, rp_dtype stored, const void *scalar);
/* The exception for a failed driver call (other than a shape mismatch). */
void *rp_ufunc_run_error(rp_status st, unsigned errors);
/* 'no' | 'equiv' | 'safe' | 'same_kind' | 'unsafe'; -1 with ValueError. */
int rp_py_parse_casting(PyObject *v, rp_casting *c);

/* a OP b as the operator computes it (operators.c). */
PyObject *rp_py_binop(rp_op op, PyObject *a, PyObject *b);

#endif
