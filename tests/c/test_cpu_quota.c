/* The cgroup quota parsers (cpu_quota.c) on the texts the kernel writes. */
#include "cpu_quota.h"
#include "test.h"

void test_cpu_quota(void)
{
    CHECK(rp_cpu_quota_parse_v2("max 100000\n") == 0);
    CHECK(rp_cpu_quota_parse_v2("max\n") == 0);
    CHECK(rp_cpu_quota_parse_v2("200000 100000\n") == 2.0);
    CHECK(rp_cpu_quota_parse_v2("150000 100000") == 1.5);
    CHECK(rp_cpu_quota_parse_v2("50000 100000\n") == 0.5);
    CHECK(rp_cpu_quota_parse_v2("100000\n") == 1.0); /* period omitted: the default */
    CHECK(rp_cpu_quota_parse_v2("") == 0);
    CHECK(rp_cpu_quota_parse_v2("garbage") == 0);
    CHECK(rp_cpu_quota_parse_v1("-1\n", "100000\n") == 0);
    CHECK(rp_cpu_quota_parse_v1("300000\n", "100000\n") == 3.0);
    CHECK(rp_cpu_quota_parse_v1("25000", "50000") == 0.5);
    CHECK(rp_cpu_quota_parse_v1("100000", "0") == 0);
    /* The process's own quota: none or positive, never negative. */
    CHECK(rp_cpu_quota() >= 0);
}
