/* Reductions with out= of another dtype and initial= (reduce_out.c). */
#ifndef RAPTORS_REDUCE_OUT_H
#define RAPTORS_REDUCE_OUT_H

#include "ufunc_call.h"
#include "raptors/reduce.h"

rp_status rp_minmax_via_out(rp_reduce_op op, const rp_array *in, const bool *axes,
                            const rp_array *okd, rp_dtype loop, const char *initial,
                            unsigned *errors);
int rp_reduce_check_arg_out(const RpArrayObject *out);
PyObject *rp_moment_steps(const char *name, PyObject *a, PyObject *axis, PyObject *dtype,
                          PyObject *out, int keepdims, double ddof);
int rp_reduce_store_initial(PyObject *value, rp_dtype dt, char *p);
int rp_initial_through_out(char *initial, rp_dtype from, rp_dtype out_dt, rp_dtype to,
                           rp_intp out_size);

#endif
