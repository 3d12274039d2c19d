/* CPU feature detection: what the hardware has and the OS lets us use. */
#include "raptors/raptors.h"

#include "cpu.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/* ---- the last-level cache ------------------------------------------------ */

/* The largest data or unified cache of CPU 0 in sysfs ("32768K"), or 0.
 * sysfs first: glibc's sysconf reports the whole socket's L3 on AMD parts
 * (384 MiB on the reference machine, whose cores share 32 MiB). */
static size_t sysfs_llc(void)
{
    size_t best = 0;
    for (int i = 0; i < 8; i++) {
        char path[80], type[32] = "", size[32] = "";
        snprintf(path, sizeof path, "/sys/devices/system/cpu/cpu0/cache/index%d/type", i);
        FILE *f = fopen(path, "r");
        if (!f)
            continue;
        int ok = fscanf(f, "%31s", type) == 1;
        fclose(f);
        snprintf(path, sizeof path, "/sys/devices/system/cpu/cpu0/cache/index%d/size", i);
        f = ok && strcmp(type, "Instruction") != 0 ? fopen(path, "r") : NULL;
        if (!f)
            continue;
        ok = fscanf(f, "%31s", size) == 1;
        fclose(f);
        char *end;
        unsigned long long v = ok ? strtoull(size, &end, 10) : 0;
        if (v && (*end == 'K' || *end == 'k'))
            v <<= 10;
        else if (v && (*end == 'M' || *end == 'm'))
            v <<= 20;
        if (v > best)
            best = (size_t)v;
    }
    return best;
}

static size_t llc_bytes;
static pthread_once_t llc_once = PTHREAD_ONCE_INIT;

static void llc_init(void)
{
    long llc = (long)sysfs_llc();
#ifdef _SC_LEVEL3_CACHE_SIZE
    if (llc <= 0)
        llc = sysconf(_SC_LEVEL3_CACHE_SIZE);
    if (llc <= 0)
        llc = sysconf(_SC_LEVEL2_CACHE_SIZE);
#endif
    llc_bytes = llc > 0 ? (size_t)llc : (size_t)32 << 20;
}

size_t rp_cpu_llc_bytes(void)
{
    pthread_once(&llc_once, llc_init);
    return llc_bytes;
}
