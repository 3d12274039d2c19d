/* Kernel dispatch: baseline first, then each supported ISA overrides. */
#include "kernels.h"

#include <string.h>

rp_kernel_table rp_kt;
static rp_isa selected = RP_ISA_BASELINE;

bool rp_isa_compiled(rp_isa isa)
{
    switch (isa) {
    case RP_ISA_BASELINE: return true;
#ifdef RP_HAVE_AVX2
    case RP_ISA_AVX2: return true;
#endif
#ifdef RP_HAVE_AVX512
    case RP_ISA_AVX512: return true;
#endif
#ifdef RP_HAVE_NEON
    case RP_ISA_NEON: return true;
#endif
    default: return false;
    }
}

rp_isa rp_isa_selected(void) { return selected; }

/* ISAs in the order they build on each other on this architecture. */
static const rp_isa ladder[] = {
#if defined(__aarch64__)
    RP_ISA_BASELINE, RP_ISA_NEON,
#else
    RP_ISA_BASELINE, RP_ISA_AVX2, RP_ISA_AVX512,
#endif
};
enum { NLADDER = sizeof ladder / sizeof ladder[0] };

static int rung(rp_isa isa)
{
    for (int i = 0; i < NLADDER; i++)
        if (ladder[i] == isa)
            return i;
    return -1;
}

static void fill(rp_kernel_table *t, rp_isa isa)
{
    switch (isa) {
    case RP_ISA_BASELINE: rp_kernels_fill_baseline(t); break;
#ifdef RP_HAVE_AVX2
    case RP_ISA_AVX2: rp_kernels_fill_avx2(t); break;
#endif
#ifdef RP_HAVE_AVX512
    case RP_ISA_AVX512: rp_kernels_fill_avx512(t); break;
#endif
#ifdef RP_HAVE_NEON
    case RP_ISA_NEON: rp_kernels_fill_neon(t); break;
#endif
    default: break;
    }
}

/* The highest rung this CPU supports and this build compiled. */
static int best_rung(void)
{
    int best = rung(rp_cpu_best_isa());
    while (best > 0 && !rp_isa_compiled(ladder[best]))
        best--;
    return best;
}

bool rp_kernels_table_for(rp_isa isa, rp_kernel_table *t)
{
    int want = rung(isa);
    if (want < 0 || want > best_rung() || !rp_isa_compiled(isa))
        return false;
    memset(t, 0, sizeof *t);
    for (int i = 0; i <= want; i++)
        fill(t, ladder[i]);
    return true;
}

rp_status rp_dispatch_init(const char *request)
{
    int want = best_rung();
    if (request && *request && strcmp(request, "1") != 0 && strcmp(request, "auto") != 0) {
        if (strcmp(request, "0") == 0 || strcmp(request, "baseline") == 0 ||
            strcmp(request, "scalar") == 0)
            want = 0;
        else {
            want = -1;
            for (int i = 0; i < NLADDER; i++)
                if (strcmp(request, rp_isa_name(ladder[i])) == 0)
                    want = i;
            if (want < 0 || want > best_rung())
                return RP_EVALUE;
        }
    }
    /* Build aside and copy, so the live table is never half empty. */
    static rp_kernel_table t;
    rp_kernels_table_for(ladder[want], &t);
    rp_kt = t;
    selected = ladder[want];
    return RP_OK;
}
