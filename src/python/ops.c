/* Elementwise functions and operators: to be written. */
#include "pyraptors.h"

PyMethodDef rp_ops_methods[] = {{NULL, NULL, 0, NULL}};
PyMethodDef rp_ops_type_methods[] = {{NULL, NULL, 0, NULL}};
PyType_Slot rp_ops_slots[] = {{0, NULL}};

int rp_ops_init(PyObject *module) { (void)module; return 0; }
