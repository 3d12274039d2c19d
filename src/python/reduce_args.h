/*
 * The reductions' arguments (reduce_args.c): NumPy's signature of each
 * function as a table of slots, one parser for all of them, and the
 * conversions of axis= and out= that every reduction shares.
 */
#ifndef RAPTORS_REDUCE_ARGS_H
#define RAPTORS_REDUCE_ARGS_H

#include "ufunc_call.h"

enum {
    A_A,
    A_AXIS,
    A_DTYPE,
    A_OUT,
    A_KEEPDIMS,
    A_DDOF,
    A_INITIAL,
    A_WHERE,
    A_INCLUDE_INITIAL,
    A_CORRECTION,
    A_MEAN,
    A_N
};
typedef enum {
    F_SUM,
    F_PROD,
    F_MIN,
    F_MAX,
    F_ANY,
    F_ALL,
    F_NNZ,
    F_MEAN,
    F_VAR,
    F_STD,
    F_ARGMIN,
    F_ARGMAX,
    F_CUMSUM,
    F_CUMPROD,
    F_NANSUM, /* private: raptors._stats builds nansum/nanmin/nanmax on these */
    F_FMIN,
    F_FMAX,
    F_NANCNT,
} fkind;

#define BIT(x) (1u << (x))
typedef struct {
    const char *name;
    fkind kind;
    signed char pos[8]; /* positional order, -1 ends; pos[0] is always A_A */
    unsigned kw;        /* slots accepted by keyword */
} spec;

extern const spec rp_reduce_specs[];
enum {
    S_SUM, S_PROD, S_MIN, S_MAX, S_ANY, S_ALL, S_NNZ, S_MEAN, S_VAR, S_STD, S_ARGMIN,
    S_ARGMAX, S_CUMSUM, S_CUMPROD, S_CUMULATIVE_SUM, S_CUMULATIVE_PROD, S_SUM_AXIS, S_MEAN_AXIS,
    S_NANSUM, S_FMIN, S_FMAX, S_NANCNT,
};


static inline bool rp_red_given(PyObject *o) { return o && o != Py_None; }

/* v[A_N]: the arguments by slot (NULL where not given); self: the array of
 * a method call, which takes slot A_A. */
int rp_reduce_parse(const spec *sp, const char *fname, PyObject *self, PyObject *const *args,
                    Py_ssize_t nargs, PyObject *kwnames, PyObject **v);
int rp_reduce_parse_axes(PyObject *obj, const rp_array *in, fkind f, bool *axes, bool *all,
                         int *pending, double *count);
/* keepdims= and the like: 0 when not given, -1 on error. */
int rp_reduce_truth(PyObject *o);
RpArrayObject *rp_reduce_parse_out(PyObject *o, PyObject **orig);
/* The given arguments as keywords (for the Python fallbacks). */
PyObject *rp_reduce_args_dict(PyObject **v);
int rp_reduce_args_init(void);

#endif
