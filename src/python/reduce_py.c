/* Reductions: to be written. */
#include "pyraptors.h"

PyMethodDef rp_reduce_methods[] = {{NULL, NULL, 0, NULL}};
PyMethodDef rp_reduce_type_methods[] = {{NULL, NULL, 0, NULL}};

int rp_reduce_init(PyObject *module) { (void)module; return 0; }
