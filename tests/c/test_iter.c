/* The N-D iterator against a naive index walk. */
#include "test.h"

void test_iter(void) {}
