/* CPU feature detection: what the hardware has and the OS lets us use. */
#include "raptors/raptors.h"

#include <stdbool.h>

#if defined(__x86_64__) || defined(_M_X64)
#include <cpuid.h>

static unsigned long long xgetbv0(void)
{
    unsigned eax, edx;
    __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
    return ((unsigned long long)edx << 32) | eax;
}

static rp_isa detect(void)
{
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d))
        return RP_ISA_BASELINE;
    bool osxsave = c & (1u << 27), avx = c & (1u << 28), fma = c & (1u << 12);
    if (!osxsave || !avx || !fma)
        return RP_ISA_BASELINE;
    /* The CPU may have AVX while the OS does not save the YMM/ZMM state on
     * a context switch; XCR0 says which register files the OS manages. */
    unsigned long long xcr0 = xgetbv0();
    if ((xcr0 & 0x6) != 0x6)
        return RP_ISA_BASELINE;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d))
        return RP_ISA_BASELINE;
    bool avx2 = b & (1u << 5), bmi2 = b & (1u << 8);
    if (!avx2 || !bmi2)
        return RP_ISA_BASELINE;
    bool f = b & (1u << 16), dq = b & (1u << 17), bw = b & (1u << 30), vl = b & (1u << 31);
    if (f && dq && bw && vl && (xcr0 & 0xe6) == 0xe6)
        return RP_ISA_AVX512;
    return RP_ISA_AVX2;
}
#elif defined(__aarch64__)
/* Advanced SIMD is architectural on AArch64. */
static rp_isa detect(void) { return RP_ISA_NEON; }
#else
static rp_isa detect(void) { return RP_ISA_BASELINE; }
#endif

rp_isa rp_cpu_best_isa(void)
{
    static int cached = -1;
    if (cached < 0)
        cached = (int)detect();
    return (rp_isa)cached;
}

const char *rp_isa_name(rp_isa isa)
{
    switch (isa) {
#if defined(__x86_64__)
    case RP_ISA_BASELINE: return "sse2";
#else
    case RP_ISA_BASELINE: return "baseline";
#endif
    case RP_ISA_AVX2: return "avx2";
    case RP_ISA_AVX512: return "avx512";
    case RP_ISA_NEON: return "neon";
    default: return "unknown";
    }
}
