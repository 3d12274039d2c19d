/*
 * Threads by cost: from how many elements an elementwise call goes to the
 * pool (docs/performance.md, "Threads by cost").
 *
 * Threads pay once a call holds about PAR_NS of arithmetic (1.5x the
 * break-even of a kernel that halves on two threads). For most ops the
 * work is moving the bytes, so the byte cutoff (rp_ufunc_serial_cutoff_bytes)
 * decides; a function whose arithmetic costs far more than its loads and
 * stores gets there with fewer elements: ceil(PAR_NS / its ns an
 * element), from the table below. Both cutoffs are floored at
 * RP_UFUNC_NOGIL_MIN elements, and whichever is reached first wins.
 *
 * The table holds instructions an element (callgrind: exact and independent
 * of the machine's load), converted to time by one measured factor,
 * INSNS_PER_NS. Kernels differ in instructions per cycle (8-25 an ns), so
 * the conversion is rough: a cutoff within 2x of break-even, where a thread
 * neither gains nor loses much.
 */
#include <math.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "raptors/ufunc.h"

/* Serial work (ns) from which a second thread pays for an arithmetic-bound
 * function, and the rate at which the AVX2 kernels run the table's
 * instructions (the median over its lines, 8-25 each: 12). A spinning
 * worker's hand-off costs about 2 us (scale at 256 KiB: 3.1 us on 1 thread,
 * 3.5 on 2), so a kernel that halves on two threads breaks even near 4 us.
 * On a quiet machine (scripts/sweep_threads.py, session 10) float32 exp ran
 * 4.7 us -> 2.9 us on two threads at 32 Ki elements and float64 exp 5.6 ->
 * 3.3 at 16 Ki; 6 us keeps a margin over break-even. (It was 25 us, the
 * break-even of float64 `a + b` at 1 MiB moved, where the second thread
 * shares the memory bandwidth: the byte cutoff's case, not this one; then
 * 12 us, which left float32 cbrt's 64 Ki call, 14 us, on one thread.)
 * Measured on the 2-core AMD EPYC reference machine, docs/performance.md. */
#define PAR_NS 6000.0
#define INSNS_PER_NS 12.0

/* A float function with no line below is taken for a libm call per element
 * (glibc's: 100-150 instructions, 5-12 ns): the pessimistic guess, which
 * threads it from the floor. */
#define LIBM 120

/* VEC: a vector kernel, twice as fast on AVX-512 as on AVX2 and half as fast
 * on 128-bit vectors (measured 1.7-2.6x per line); ONE: an element at a time
 * (libm, or a scalar loop), the same on every ISA. */
enum { ONE, VEC };

/*
 * Instructions an element of the AVX2 kernel (valgrind runs no AVX-512),
 * single-threaded, inputs in the bench suite's domains, 4096 elements x 4
 * calls:
 *   bash scripts/ufunc_cost.sh [op ...]         (TIME=1: with ns an element)
 * which runs
 *   valgrind --tool=callgrind --collect-atstart=no --toggle-collect=run_case \
 *       build/ufunc_cost OP DTYPE count avx2
 * The comment: the kernel's time (best of 200 calls on 4096 elements, AVX2
 * and AVX-512; measured with the lines, 2026-12-07). float16 loops are the
 * float32 kernel between casts and take its line. Ops not listed that are
 * not float functions (arithmetic, comparisons, ...) move bytes: the byte
 * cutoff decides. Update a line when its kernel changes. (*): the old
 * line's time times new/old measured side by side on a loaded machine
 * (branch vm, 2026-12-07), pending a quiet run. (**): the same, branch mf64
 * (best of 3 interleaved runs of build/ufunc_cost, before and after, 2026-12-07).
 * (***): branch m64, instructions re-counted, times from build/vmath_bench
 * (4096 elements, best of 1500, loaded machine, 2026-12-07).
 */
#define COST(op, dt, insns, kind) {RP_OP_##op, RP_##dt, insns, kind},
static const struct {
    rp_op op;
    rp_dtype dt;
    uint16_t insns;
    uint8_t kind;
} costs[] = {
    /* clang-format off */
    COST(exp, FLOAT32, 4, VEC) /* 0.29 ns AVX2, 0.14 AVX-512 */
    COST(exp, FLOAT64, 13, VEC) /* 0.93 ns AVX2, 0.38 AVX-512 */
    COST(exp2, FLOAT32, 3, VEC) /* 0.23 ns AVX2, 0.12 AVX-512 */
    COST(exp2, FLOAT64, 14, VEC) /* 0.96 ns AVX2, 0.40 AVX-512 */
    COST(expm1, FLOAT32, 6, VEC) /* 0.45 ns AVX2, 0.25 AVX-512 (branch m32) */
    COST(expm1, FLOAT64, 22, VEC) /* 1.59 ns AVX2, 0.68 AVX-512 */
    COST(log, FLOAT32, 5, VEC) /* 0.33 ns AVX2, 0.18 AVX-512 (branch m32) */
    COST(log, FLOAT64, 16, VEC) /* 1.18 ns AVX2, 0.45 AVX-512 (***) */
    COST(log2, FLOAT32, 5, VEC) /* 0.38 ns AVX2, 0.21 AVX-512 (branch m32) */
    COST(log2, FLOAT64, 18, VEC) /* 1.37 ns AVX2, 0.52 AVX-512 (***) */
    COST(log10, FLOAT32, 5, VEC) /* 0.39 ns AVX2, 0.23 AVX-512 (branch m32) */
    COST(log10, FLOAT64, 18, VEC) /* 1.37 ns AVX2, 0.52 AVX-512 (***) */
    COST(log1p, FLOAT32, 8, VEC) /* 0.65 ns AVX2, 0.34 AVX-512 (branch m32) */
    COST(log1p, FLOAT64, 22, VEC) /* 1.79 ns AVX2, 0.85 AVX-512 (***) */
    COST(sin, FLOAT32, 10, VEC) /* 0.87 ns AVX2, 0.42 AVX-512 (*) */
    COST(sin, FLOAT64, 101, ONE) /* 8.00 ns AVX2, 8.08 AVX-512 */
    COST(cos, FLOAT32, 10, VEC) /* 0.84 ns AVX2, 0.42 AVX-512 (*) */
    COST(cos, FLOAT64, 105, ONE) /* 8.24 ns AVX2, 8.16 AVX-512 */
    COST(tan, FLOAT32, 6, VEC) /* 0.56 ns AVX2, 0.28 AVX-512 */
    COST(tan, FLOAT64, 27, VEC) /* 2.95 ns AVX2, 1.37 AVX-512 */
    COST(arcsin, FLOAT32, 5, VEC) /* 0.46 ns AVX2, 0.23 AVX-512 */
    COST(arcsin, FLOAT64, 18, VEC) /* 1.45 ns AVX2, 0.80 AVX-512 */
    COST(arccos, FLOAT32, 6, VEC) /* 0.40 ns AVX2, 0.23 AVX-512 */
    COST(arccos, FLOAT64, 18, VEC) /* 1.40 ns AVX2, 0.75 AVX-512 */
    COST(arctan, FLOAT32, 6, VEC) /* 0.56 ns AVX2, 0.29 AVX-512 */
    COST(arctan, FLOAT64, 37, VEC) /* 2.64 ns AVX2, 1.27 AVX-512 */
    COST(sinh, FLOAT32, 8, VEC) /* 0.66 ns AVX2, 0.32 AVX-512 (branch m32) */
    COST(sinh, FLOAT64, 23, VEC) /* 2.05 ns AVX2, 0.90 AVX-512 (***) */
    COST(cosh, FLOAT32, 7, VEC) /* 0.60 ns AVX2, 0.33 AVX-512 (*, branch mf32) */
    COST(cosh, FLOAT64, 17, VEC) /* 1.55 ns AVX2, 0.69 AVX-512 (***) */
    COST(tanh, FLOAT32, 8, VEC) /* 0.57 ns AVX2, 0.23 AVX-512 (table form, session 9) */
    COST(tanh, FLOAT64, 24, VEC) /* 2.30 ns AVX2, 0.98 AVX-512 (***) */
    COST(arcsinh, FLOAT32, 9, VEC) /* 0.88 ns AVX2, 0.47 AVX-512 (branch m32) */
    COST(arcsinh, FLOAT64, 29, VEC) /* 3.19 ns AVX2, 1.67 AVX-512 */
    COST(arccosh, FLOAT32, 9, VEC) /* 0.89 ns AVX2, 0.46 AVX-512 (branch m32) */
    COST(arccosh, FLOAT64, 32, VEC) /* 3.92 ns AVX2, 1.52 AVX-512 */
    COST(arctanh, FLOAT32, 7, VEC) /* 0.63 ns AVX2, 0.36 AVX-512 (branch m32) */
    COST(arctanh, FLOAT64, 24, VEC) /* 2.47 ns AVX2, 1.20 AVX-512 (**) */
    COST(cbrt, FLOAT32, 4, VEC) /* 0.37 ns AVX2, 0.21 AVX-512 (branch m32) */
    COST(cbrt, FLOAT64, 16, VEC) /* 1.24 ns AVX2, 0.59 AVX-512 (***) */
    COST(arctan2, FLOAT32, 7, VEC) /* 0.64 ns AVX2, 0.38 AVX-512 */
    COST(arctan2, FLOAT64, 31, VEC) /* 2.56 ns AVX2, 1.54 AVX-512 */
    COST(hypot, FLOAT32, 31, ONE) /* 2.25 ns AVX2, 1.89 AVX-512 */
    COST(hypot, FLOAT64, 62, ONE) /* 3.32 ns AVX2, 3.35 AVX-512 */
    COST(logaddexp, FLOAT32, 102, ONE) /* 7.43 ns AVX2, 7.43 AVX-512 */
    COST(logaddexp, FLOAT64, 123, ONE) /* 9.58 ns AVX2, 9.88 AVX-512 */
    COST(logaddexp2, FLOAT32, 103, ONE) /* 7.42 ns AVX2, 7.49 AVX-512 */
    COST(logaddexp2, FLOAT64, 115, ONE) /* 6.89 ns AVX2, 6.89 AVX-512 */
    COST(power, FLOAT32, 22, VEC) /* 2.67 ns AVX2, 1.39 AVX-512 */
    COST(power, FLOAT64, 48, VEC) /* 3.47 ns AVX2, 1.37 AVX-512 (***) */
    COST(fmod, FLOAT32, 102, ONE) /* 4.53 ns AVX2, 4.67 AVX-512 */
    COST(fmod, FLOAT64, 105, ONE) /* 4.23 ns AVX2, 4.23 AVX-512 */
    /* complex exp (vmath_cexp.c), 1 Mi elements, parts in [-3, 3) */
    COST(exp, COMPLEX64, 31, VEC)
    COST(exp, COMPLEX128, 40, VEC)
    /* complex arithmetic (DTYPES="complex64 complex128"); add, multiply,
     * square move bytes (2-6 instructions an element) */
    COST(divide, COMPLEX64, 30, ONE) /* 2.14 ns AVX2: Smith's branches */
    COST(divide, COMPLEX128, 30, ONE) /* 2.58 ns AVX2 */
    COST(reciprocal, COMPLEX64, 18, ONE) /* 1.72 ns AVX2 */
    COST(reciprocal, COMPLEX128, 17, ONE) /* 2.47 ns AVX2 */
    COST(sign, COMPLEX64, 49, ONE) /* 4.38 ns AVX2: libm hypot */
    COST(sign, COMPLEX128, 80, ONE) /* 7.44 ns AVX2 */
    COST(absolute, COMPLEX64, 4, VEC) /* 0.43 ns AVX2 */
    COST(absolute, COMPLEX128, 8, VEC) /* 1.00 ns AVX2 */
    /* clang-format on */
};
#undef COST

/* The float functions the LIBM default covers. */
static bool float_function(rp_op op)
{
    switch (op) {
    case RP_OP_exp: case RP_OP_exp2: case RP_OP_expm1: case RP_OP_log: case RP_OP_log1p:
    case RP_OP_log2: case RP_OP_log10: case RP_OP_sin: case RP_OP_cos: case RP_OP_tan:
    case RP_OP_arcsin: case RP_OP_arccos: case RP_OP_arctan: case RP_OP_sinh: case RP_OP_cosh:
    case RP_OP_tanh: case RP_OP_arcsinh: case RP_OP_arccosh: case RP_OP_arctanh:
    case RP_OP_cbrt: case RP_OP_arctan2: case RP_OP_hypot: case RP_OP_logaddexp:
    case RP_OP_logaddexp2: case RP_OP_power: case RP_OP_fmod: return true;
    default: return false;
    }
}

static uint16_t insns[RP_NOPS][RP_NTYPES];
static uint8_t kinds[RP_NOPS][RP_NTYPES];
static pthread_once_t costs_once = PTHREAD_ONCE_INIT;

static void costs_init(void)
{
    for (int op = 0; op < RP_NOPS; op++) {
        for (rp_dtype dt = RP_FLOAT32; dt <= RP_FLOAT64; dt++)
            insns[op][dt] = float_function((rp_op)op) ? LIBM : 0;
        /* glibc's complex functions (ufunc_cmath.c): complex128 sqrt 141
         * instructions an element, log1p 276, tanh 387, log 400, arcsin 538
         * (callgrind, parts in [-3, 3)): taken as three times LIBM */
        for (rp_dtype dt = RP_COMPLEX64; dt <= RP_COMPLEX128; dt++)
            insns[op][dt] = float_function((rp_op)op) ? 3 * LIBM : 0;
    }
    for (size_t i = 0; i < sizeof costs / sizeof costs[0]; i++) {
        insns[costs[i].op][costs[i].dt] = costs[i].insns;
        kinds[costs[i].op][costs[i].dt] = costs[i].kind;
    }
}

double rp_ufunc_cost_ns(rp_op op, rp_dtype loop)
{
    if ((unsigned)op >= RP_NOPS || (unsigned)loop >= RP_NTYPES)
        return 0;
    pthread_once(&costs_once, costs_init);
    const rp_dtype k = loop == RP_FLOAT16 ? RP_FLOAT32 : loop;
    double ns = insns[op][k] / INSNS_PER_NS;
    if (kinds[op][k] == VEC) {
        const rp_isa isa = rp_isa_selected();
        ns *= isa == RP_ISA_AVX512 ? 0.5 : isa == RP_ISA_AVX2 ? 1.0 : 2.0;
    }
    return ns;
}

rp_intp rp_ufunc_serial_cutoff_for(rp_op op, rp_dtype loop, size_t elem_bytes)
{
    const size_t bytes = rp_ufunc_serial_cutoff_bytes();
    const size_t by_bytes = (bytes + elem_bytes - 1) / (elem_bytes ? elem_bytes : 1);
    double n = (double)by_bytes;
    const double ns = rp_ufunc_cost_ns(op, loop);
    /* the work moves with RAPTORS_UFUNC_PAR_BYTES: 0 threads everything
     * from the floor, a huge value nothing */
    const double by_work = PAR_NS * ((double)bytes / (double)RP_UFUNC_SERIAL_CUTOFF) / ns;
    if (ns > 0 && by_work < n)
        n = ceil(by_work);
    if (n >= 0x1p62)
        return (rp_intp)1 << 62;
    return n > RP_UFUNC_NOGIL_MIN ? (rp_intp)n : RP_UFUNC_NOGIL_MIN;
}
