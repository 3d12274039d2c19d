/* The bandwidth probe's binding: to be written. */
#include "pyraptors.h"

PyMethodDef rp_bench_methods[] = {{NULL, NULL, 0, NULL}};
