/* Shape arithmetic, contiguity, broadcasting and reshape views. */
#include "test.h"

void test_array(void)
{
    rp_intp shape[3] = {2, 3, 4}, n = 0;
    CHECK(rp_shape_size(3, shape, &n) == RP_OK && n == 24);
    rp_intp huge[3] = {(rp_intp)1 << 40, (rp_intp)1 << 40, 0};
    CHECK(rp_shape_size(3, huge, &n) == RP_OK && n == 0);
    CHECK(rp_shape_size(2, huge, &n) == RP_EOVERFLOW);
}
