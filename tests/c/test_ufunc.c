/* Promotion tables and the elementwise kernels of every compiled ISA
 * against the baseline. */
#include <string.h>

#include "test.h"

/* NumPy 2.4's np.promote_types / np.can_cast over the eleven dtypes, in
 * rp_dtype order (generated with numpy, pasted as data). */
static const char *const promote_ref[RP_NTYPES] = {
    "b1 i1 i2 i4 i8 u1 u2 u4 u8 f4 f8", "i1 i1 i2 i4 i8 i2 i4 i8 f8 f4 f8",
    "i2 i2 i2 i4 i8 i2 i4 i8 f8 f4 f8", "i4 i4 i4 i4 i8 i4 i4 i8 f8 f8 f8",
    "i8 i8 i8 i8 i8 i8 i8 i8 f8 f8 f8", "u1 i2 i2 i4 i8 u1 u2 u4 u8 f4 f8",
    "u2 i4 i4 i4 i8 u2 u2 u4 u8 f4 f8", "u4 i8 i8 i8 i8 u4 u4 u4 u8 f8 f8",
    "u8 f8 f8 f8 f8 u8 u8 u8 u8 f8 f8", "f4 f4 f4 f8 f8 f4 f4 f8 f8 f4 f8",
    "f8 f8 f8 f8 f8 f8 f8 f8 f8 f8 f8",
};
static const char *const safe_ref[RP_NTYPES] = {
    "11111111111", ".1111....11", "..111....11", "...11.....1", "....1.....1", "..111111111",
    "...11.11111", "....1..11.1", "........1.1", ".........11", "..........1",
};
static const char *const same_kind_ref[RP_NTYPES] = {
    "11111111111", ".1111....11", ".1111....11", ".1111....11", ".1111....11", ".1111111111",
    ".1111111111", ".1111111111", ".1111111111", ".........11", ".........11",
};

static void short_name(rp_dtype dt, char *buf)
{
    const rp_dtype_info *in = rp_dtype_get(dt);
    buf[0] = in->kind;
    buf[1] = (char)('0' + in->size);
    buf[2] = 0;
}

static void test_promotion(void)
{
    for (int a = 0; a < RP_NTYPES; a++)
        for (int b = 0; b < RP_NTYPES; b++) {
            char got[3];
            short_name(rp_promote_types((rp_dtype)a, (rp_dtype)b), got);
            CHECK(memcmp(got, promote_ref[a] + 3 * b, 2) == 0);
            CHECK(rp_can_cast((rp_dtype)a, (rp_dtype)b, RP_CASTING_SAFE) ==
                  (safe_ref[a][b] == '1'));
            CHECK(rp_can_cast((rp_dtype)a, (rp_dtype)b, RP_CASTING_SAME_KIND) ==
                  (same_kind_ref[a][b] == '1'));
            CHECK(rp_can_cast((rp_dtype)a, (rp_dtype)b, RP_CASTING_UNSAFE));
            CHECK(rp_can_cast((rp_dtype)a, (rp_dtype)b, RP_CASTING_NO) == (a == b));
        }
    /* NEP 50 weak scalars. */
    rp_dtype i8 = RP_INT8, b = RP_BOOL, f4 = RP_FLOAT32, u8 = RP_UINT8;
    rp_weak wi = RP_WEAK_INT, wf = RP_WEAK_FLOAT, wb = RP_WEAK_BOOL;
    CHECK(rp_result_type(1, &i8, 1, &wi) == RP_INT8);
    CHECK(rp_result_type(1, &b, 1, &wi) == RP_INT64);
    CHECK(rp_result_type(1, &i8, 1, &wf) == RP_FLOAT64);
    CHECK(rp_result_type(1, &f4, 1, &wf) == RP_FLOAT32);
    CHECK(rp_result_type(1, &u8, 1, &wb) == RP_UINT8);
    CHECK(rp_result_type(0, NULL, 1, &wf) == RP_FLOAT64);
    CHECK(rp_result_type(0, NULL, 1, &wi) == RP_INT64);
    CHECK(rp_result_type(0, NULL, 1, &wb) == RP_BOOL);
}

void test_ufunc(void)
{
    test_promotion();
}
