/* Runs every C test group and prints the closing line CI reads. */
#include <stdlib.h>

#include "test.h"

int rp_test_failed, rp_test_passed;

int main(void)
{
    if (rp_dispatch_init(getenv("RAPTORS_SIMD")) != RP_OK)
        rp_dispatch_init(NULL);
    test_array();
    test_iter();
    test_cast();
    test_ufunc();
    test_reduce();
    printf("%d passed, %d failed\n", rp_test_passed, rp_test_failed);
    return rp_test_failed != 0;
}
