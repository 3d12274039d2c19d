/* Reduction kernels of every compiled ISA against the baseline. */
#include "test.h"

void test_reduce(void) {}
