/*
 * raptors elementwise functions: the op registry (ops.def), NumPy's type
 * resolution for them, and the driver that runs an op over N-D operands.
 * Python-free: the CPython layer parses arguments, allocates the output and
 * maps the returned status and error bits to exceptions and warnings.
 */
#ifndef RAPTORS_UFUNC_H
#define RAPTORS_UFUNC_H

#include "raptors/raptors.h"

#ifdef __cplusplus
extern "C" {
#endif

enum {
    RP_OPF_FPE = 1 << 0,     /* floating-point error flags become warnings */
    RP_OPF_INT_F64 = 1 << 1, /* integer and bool inputs compute in float64 */
    RP_OPF_NO_BOOL = 1 << 2, /* bool inputs are a TypeError */
};

typedef enum {
#define RP_OP(name, nin, family, loops, flags) RP_OP_##name,
#include "raptors/ops.def"
#undef RP_OP
    RP_NOPS
} rp_op;

typedef enum {
    RP_FAM_BIN,   /* (T, T) -> T */
    RP_FAM_CMP,   /* (T, T) -> bool */
    RP_FAM_UN,    /* T -> T */
    RP_FAM_PRED,  /* T -> bool */
    RP_FAM_CLIP,  /* (T, T, T) -> T */
    RP_FAM_WHERE, /* (bool, T, T) -> T */
} rp_op_family;

typedef struct {
    const char *name; /* NumPy's name: "floor_divide" */
    int nin;
    rp_op_family family;
    unsigned flags; /* RP_OPF_* */
} rp_op_info;

const rp_op_info *rp_op_get(rp_op op);
/* Op by NumPy name (canonical names only, e.g. "absolute"); -1 if none. */
int rp_op_lookup(const char *name);

/* Error bits the driver reports (NumPy's floating-point error classes, plus
 * what integer kernels detect themselves). */
enum {
    RP_UFUNC_DIVBYZERO = 1 << 0,
    RP_UFUNC_OVERFLOW = 1 << 1,
    RP_UFUNC_UNDERFLOW = 1 << 2,
    RP_UFUNC_INVALID = 1 << 3,
    RP_UFUNC_NEGPOW = 1 << 4, /* integer to a negative integer power */
};

/*
 * Choose the loop for op given its inputs' dtypes; weak[i] != RP_WEAK_NONE
 * marks input i as a Python scalar (NEP 50: its dtype is ignored, it takes
 * the dtype of the arrays it meets). *loop is the dtype every input is cast
 * to (WHERE: the condition is cast to bool instead), *out the result dtype.
 * RP_ETYPE when the op has no loop for these inputs. `weak` may be NULL.
 */
rp_status rp_ufunc_resolve(rp_op op, const rp_dtype *in, const rp_weak *weak, rp_dtype *loop,
                           rp_dtype *out);

/* The output dtype of op's `loop`: bool for comparisons and predicates, the
 * part type for absolute of a complex loop, else the loop's. */
rp_dtype rp_ufunc_out_dtype(rp_op op, rp_dtype loop);

/* Whether op has a kernel for loop dtype dt. */
bool rp_ufunc_has_loop(rp_op op, rp_dtype dt);

/* Per-call arguments a kernel may need (round's decimals). */
typedef struct {
    int decimals;
} rp_ufunc_params;

/*
 * out = op(ins...): every input is broadcast to out's shape (RP_ESHAPE if
 * one cannot be) and cast to `loop` on the fly in small blocks; the result
 * is cast to out's dtype the same way. Inputs that share memory with out
 * without being exactly out are read from a private copy first, so
 * `a[1:] += a[:-1]` reads the old values as NumPy does. *errors receives
 * RP_UFUNC_* bits (floating-point flags only for ops with RP_OPF_FPE).
 * Thread-safe and Python-free: the caller may release the GIL around it.
 */
rp_status rp_ufunc_run(rp_op op, rp_dtype loop, const rp_array *const *ins, const rp_array *out,
                       const rp_ufunc_params *params, unsigned *errors);

/*
 * The small-call path: op's `loop` kernel once over n elements, without
 * casts, broadcasting, the iterator or threads. Every input has the loop's
 * dtype and is contiguous (step = item size) or one element repeated (step
 * 0); the output (args[nin], step = its item size) is exactly an input or
 * overlaps none. Float errors are reported as rp_ufunc_run reports them.
 */
rp_status rp_ufunc_run_contig(rp_op op, rp_dtype loop, char *const *args, const rp_intp *steps,
                              rp_intp n, const rp_ufunc_params *params, unsigned *errors);

/*
 * Threads: a call runs on the pool when its operands span at least
 * RP_UFUNC_SERIAL_CUTOFF bytes (elements x the sum of the operands' item
 * sizes), or a float function holds enough work by its cost an element
 * (rp_ufunc_serial_cutoff_for below), and at least RP_UFUNC_NOGIL_MIN
 * elements (so a caller that releases the GIL from that size on never runs
 * threads with the GIL held), split in blocks of RP_UFUNC_BLOCK_BYTES of the
 * widest operand.
 * The cutoff is measured (docs/performance.md, "Threads"): on the 2-core
 * reference machine, with workers that spin between jobs, 2 threads against
 * 1 for float64 `a * c` / `a + b` ran 0.90x/0.93x at 512/768 KiB moved,
 * 1.07x/2.95x at 1/1.5 MiB, 2.5x/2.2x at 2/3 MiB (best of 30 runs).
 */
#define RP_UFUNC_NOGIL_MIN 16384
#define RP_UFUNC_SERIAL_CUTOFF ((size_t)1 << 20)
#define RP_UFUNC_BLOCK_BYTES ((size_t)64 << 10)
size_t rp_ufunc_serial_cutoff_bytes(void);
/* Elements from which a call of op's `loop` whose operands span elem_bytes
 * an element goes to the pool: the byte cutoff, or fewer for a function
 * whose arithmetic costs more than its bytes (src/core/ufunc_cost.c), and
 * never below RP_UFUNC_NOGIL_MIN. */
rp_intp rp_ufunc_serial_cutoff_for(rp_op op, rp_dtype loop, size_t elem_bytes);
/* The serial time (ns) an element of op's `loop` costs beyond moving its
 * bytes, on the selected ISA, from that table (0: the bytes decide). */
double rp_ufunc_cost_ns(rp_op op, rp_dtype loop);
size_t rp_ufunc_block_bytes(void);

#ifdef __cplusplus
}
#endif

#endif
