/*
 * The elementwise driver: op registry, NumPy's loop selection, and the run
 * over N-D operands (broadcast -> overlap copies -> iterator -> kernel, with
 * casts done block by block through small stack buffers).
 */
#include "raptors/ufunc.h"

#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

#include "copy.h"
#include "env.h"
#include "fpe.h"
#include "kernels.h"
#include "pool.h"
#include "stats.h"
#include "stream.h"

static const rp_op_info op_infos[RP_NOPS] = {
#define RP_OP(name, nin, family, loops, flags) {#name, nin, RP_FAM_##family, flags},
#include "raptors/ops.def"
#undef RP_OP
};

const rp_op_info *rp_op_get(rp_op op)
{
    return (unsigned)op < RP_NOPS ? &op_infos[op] : NULL;
}

int rp_op_lookup(const char *name)
{
    for (int i = 0; i < RP_NOPS; i++)
        if (strcmp(op_infos[i].name, name) == 0)
            return i;
    return -1;
}

/*
 * The kernel that runs op's loop for dtype dt, and the dtype it computes in
 * (*kdt). A float16 loop with no kernel of its own is NumPy's float16 loop:
 * the inputs widened to float32 (exactly), the float32 kernel, the result
 * rounded once to float16 -- the driver's cast blocks do the widening and
 * the rounding (with its overflow), so every op with a float32 kernel has
 * it. NULL when op has no loop for dt.
 */
static rp_kernel loop_kernel(rp_op op, rp_dtype dt, rp_dtype *kdt)
{
    *kdt = dt;
    if ((unsigned)op >= RP_NOPS || (unsigned)dt >= RP_NTYPES)
        return NULL;
    if (!rp_kt.ufunc.k[op][dt] && dt == RP_FLOAT16) {
        *kdt = RP_FLOAT32;
        return rp_kt.ufunc.k[op][RP_FLOAT32];
    }
    return rp_kt.ufunc.k[op][dt];
}

bool rp_ufunc_has_loop(rp_op op, rp_dtype dt)
{
    rp_dtype kdt;
    return loop_kernel(op, dt, &kdt) != NULL;
}

/* NumPy's loop order ("?bBhHiIlLqQefdgFDG" without the types we lack): the
 * first loop every input casts to safely is the one NumPy picks. */
static const rp_dtype loop_order[RP_NTYPES] = {
    RP_BOOL,   RP_INT8,  RP_UINT8,  RP_INT16,   RP_UINT16,  RP_INT32,
    RP_UINT32, RP_INT64, RP_UINT64, RP_FLOAT16, RP_FLOAT32, RP_FLOAT64,
    RP_COMPLEX64, RP_COMPLEX128,
};

/* The output's dtype for a loop: bool for comparisons and predicates;
 * absolute of a complex loop is its real part type (NumPy's F->f, D->d). */
rp_dtype rp_ufunc_out_dtype(rp_op op, rp_dtype loop)
{
    const rp_op_info *info = rp_op_get(op);
    if (info && (info->family == RP_FAM_CMP || info->family == RP_FAM_PRED))
        return RP_BOOL;
    if (op == RP_OP_absolute && (loop == RP_COMPLEX64 || loop == RP_COMPLEX128))
        return loop == RP_COMPLEX64 ? RP_FLOAT32 : RP_FLOAT64;
    return loop;
}

/* Whether a loop's float flags become warnings (integer loops report
 * through the ctx word instead). */
static bool loop_fpe(const rp_op_info *info, rp_dtype loop)
{
    const char k = rp_dtype_get(loop)->kind;
    return (info->flags & RP_OPF_FPE) != 0 && (k == 'f' || k == 'c');
}

rp_status rp_ufunc_resolve(rp_op op, const rp_dtype *in, const rp_weak *weak, rp_dtype *loop,
                           rp_dtype *out)
{
    const rp_op_info *info = rp_op_get(op);
    if (!info)
        return RP_EVALUE;
    /* The common call: one dtype T among the arrays, and any Python scalar of
     * T's kind or lower. T casts safely to no type before it in loop_order,
     * so NumPy's search would stop at T's own loop; skip the promotion. */
    int s0 = 0;
    while (s0 < info->nin && weak && weak[s0] != RP_WEAK_NONE)
        s0++;
    if (info->family != RP_FAM_WHERE && s0 < info->nin && (unsigned)in[s0] < RP_NTYPES) {
        const rp_dtype t = in[s0];
        const char kind = rp_dtype_get(t)->kind;
        const int rank = kind == 'c' ? 4 : kind == 'f' ? 3 : kind == 'b' ? 1 : 2;
        bool same = rp_ufunc_has_loop(op, t) && !(info->flags & RP_OPF_INT_F64 && kind != 'f' && kind != 'c') &&
                    !(info->flags & RP_OPF_NO_BOOL && t == RP_BOOL);
        bool strong = false;
        for (int i = 0; i < info->nin && same; i++) {
            if (weak && weak[i] != RP_WEAK_NONE)
                same = (int)weak[i] <= rank; /* RP_WEAK_BOOL 1, INT 2, FLOAT 3, COMPLEX 4 */
            else {
                same = in[i] == t;
                strong = true;
            }
        }
        if (same && strong) {
            *loop = t;
            *out = rp_ufunc_out_dtype(op, t);
            return RP_OK;
        }
    }
    /* The condition of `where` is cast to bool and takes no part. */
    const int first = info->family == RP_FAM_WHERE;
    rp_dtype strong[RP_MAXOPS], dts[RP_MAXOPS];
    rp_weak weaks[RP_MAXOPS];
    int nstrong = 0, nweak = 0;
    for (int i = first; i < info->nin; i++) {
        if (weak && weak[i] != RP_WEAK_NONE)
            weaks[nweak++] = weak[i];
        else
            strong[nstrong++] = in[i];
    }
    /* NEP 50: a Python scalar takes the dtype the arrays promote to when it
     * is of the same or a lower kind, else its kind's default (a Python
     * float meeting ints is float64; with no array at all, ints are int64). */
    rp_dtype all = rp_result_type(nstrong, strong, nweak, weaks);
    bool any_float = false;
    for (int i = first; i < info->nin; i++) {
        if (weak && weak[i] != RP_WEAK_NONE)
            dts[i] = rp_result_type(nstrong, strong, 1, &weak[i]);
        else
            dts[i] = in[i];
        any_float |= rp_dtype_get(dts[i])->kind == 'f' || rp_dtype_get(dts[i])->kind == 'c';
    }
    if ((info->flags & RP_OPF_NO_BOOL) && all == RP_BOOL)
        return RP_ETYPE;

    rp_dtype pick = RP_NTYPES;
    if ((info->flags & RP_OPF_INT_F64) && !any_float)
        pick = RP_FLOAT64;
    for (int k = 0; k < RP_NTYPES && pick == RP_NTYPES; k++) {
        rp_dtype cand = loop_order[k];
        if (!rp_ufunc_has_loop(op, cand))
            continue;
        bool ok = true;
        for (int i = first; i < info->nin && ok; i++)
            ok = rp_can_cast(dts[i], cand, RP_CASTING_SAFE);
        if (ok)
            pick = cand;
    }
    if (pick == RP_NTYPES)
        return RP_ETYPE;
    *loop = pick;
    *out = rp_ufunc_out_dtype(op, pick);
    return RP_OK;
}

/* A loop whose float arithmetic raises the flags NumPy reports: the real
 * and the complex floats (complex math calls libm, whose flags they are). */
/* ---- buffered casting ---------------------------------------------------- */

/* Elements per block: 256 x 8 bytes per operand stays in L1 with room
 * (twice that for complex128, the widest item). */
enum { BLOCK = 256, MAX_ITEM = 16 };

/* An operand's cast is one or two steps: an input to the loop dtype, then
 * (a float16 loop) widened to the kernel's float32; the output from the
 * kernel's float32 rounded to the loop's float16, then to out's dtype. */
typedef struct {
    rp_kernel k;
    const rp_ufunc_ctx *c;
    int nop;                      /* inputs + the output (last) */
    rp_kernel cast[RP_MAXOPS];    /* to the kernel's dtype; for the output, from it */
    rp_kernel cast2[RP_MAXOPS];   /* the second step, or NULL */
    rp_intp size[RP_MAXOPS];      /* itemsize of the dtype the kernel sees */
    rp_intp midsize[RP_MAXOPS];   /* itemsize between the two steps */
    bool kernel_fpe;              /* the kernel's own float flags are reported */
} bufctx;

/* m elements of operand j from src to dst through its casts; mid holds the
 * values between two steps. */
static void cast_steps(const bufctx *b, int j, char *src, rp_intp sstep, char *dst,
                       rp_intp dstep, rp_intp m, char *mid)
{
    const bool two = b->cast2[j] != NULL;
    char *a[2] = {src, two ? mid : dst};
    rp_intp s[2] = {sstep, two ? b->midsize[j] : dstep};
    b->cast[j](a, m, s, NULL);
    if (two) {
        char *a2[2] = {mid, dst};
        rp_intp s2[2] = {b->midsize[j], dstep};
        b->cast2[j](a2, m, s2, NULL);
    }
}

/* Operand j's casts from -> via -> to, in one step where via adds nothing:
 * it is one of the ends, or both steps keep every value (int8 -> float16 ->
 * float32 is int8 -> float32). Returns whether there is a cast. */
static bool set_casts(bufctx *b, int j, rp_dtype from, rp_dtype via, rp_dtype to)
{
    if (from == via || via == to ||
        (rp_can_cast(from, via, RP_CASTING_SAFE) && rp_can_cast(via, to, RP_CASTING_SAFE)))
        via = to;
    if (via == to && from == to) /* (float32 through float16 rounds: not a no-op) */
        return false;
    b->cast[j] = rp_kt.cast.k[from][via];
    b->cast2[j] = via == to ? NULL : rp_kt.cast.k[via][to];
    b->midsize[j] = (rp_intp)rp_dtype_size(via);
    return true;
}

static void buffered(char *const *args, rp_intp n, const rp_intp *steps, const void *ctx)
{
    const bufctx *b = (const bufctx *)ctx;
    _Alignas(64) char buf[RP_MAXOPS][BLOCK * MAX_ITEM], mid[BLOCK * MAX_ITEM];
    const int nin = b->nop - 1;
    char *kargs[RP_MAXOPS];
    rp_intp ksteps[RP_MAXOPS];
    /* A broadcast (stride 0) input is cast once and stays a scalar, which
     * keeps the kernel on its scalar-operand loop. */
    for (int j = 0; j < nin; j++)
        if (b->cast[j] && steps[j] == 0)
            cast_steps(b, j, args[j], 0, buf[j], 0, 1, mid);
    for (rp_intp i0 = 0; i0 < n; i0 += BLOCK) {
        rp_intp m = n - i0 < BLOCK ? n - i0 : BLOCK;
        for (int j = 0; j < nin; j++) {
            char *src = args[j] + i0 * steps[j];
            if (!b->cast[j]) {
                kargs[j] = src;
                ksteps[j] = steps[j];
            } else if (steps[j] == 0) {
                kargs[j] = buf[j];
                ksteps[j] = 0;
            } else {
                cast_steps(b, j, src, steps[j], buf[j], b->size[j], m, mid);
                kargs[j] = buf[j];
                ksteps[j] = b->size[j];
            }
        }
        char *dst = args[nin] + i0 * steps[nin];
        if (b->cast[nin]) {
            kargs[nin] = buf[nin];
            ksteps[nin] = b->size[nin];
        } else {
            kargs[nin] = dst;
            ksteps[nin] = steps[nin];
        }
        if (b->kernel_fpe)
            b->k(kargs, m, ksteps, b->c);
        else {
            /* only the casts report: maximum's NaN compare raises nothing
             * in NumPy */
            int f = fetestexcept(RP_FPE_REPORTED);
            b->k(kargs, m, ksteps, b->c);
            if (fetestexcept(RP_FPE_REPORTED) != f) {
                feclearexcept(RP_FPE_REPORTED);
                if (f)
                    feraiseexcept(f);
            }
        }
        if (b->cast[nin])
            cast_steps(b, nin, buf[nin], b->size[nin], dst, steps[nin], m, mid);
    }
}

/* ---- streamed output ------------------------------------------------------ */

/* Bytes of output computed into L1 before being streamed out. */
enum { STREAM_CHUNK = 4096 };

typedef struct {
    rp_kernel k;
    const void *c; /* the kernel's context */
    int nin;
    rp_intp osz;
} streamctx;

/* Runs the kernel into a stack buffer and writes it with non-temporal
 * stores (src/core/stream.c says when that pays). Element i depends only
 * on the inputs' element i, so chunking changes no result bit. */
static void streamed(char *const *args, rp_intp n, const rp_intp *steps, const void *ctx)
{
    const streamctx *s = (const streamctx *)ctx;
    const int nin = s->nin;
    if (steps[nin] != s->osz) {
        s->k(args, n, steps, s->c);
        return;
    }
    _Alignas(64) char buf[STREAM_CHUNK];
    const rp_intp per = STREAM_CHUNK / s->osz;
    char *kargs[RP_MAXOPS];
    for (rp_intp i0 = 0; i0 < n; i0 += per) {
        rp_intp m = n - i0 < per ? n - i0 : per;
        for (int j = 0; j < nin; j++)
            kargs[j] = args[j] + i0 * steps[j];
        kargs[nin] = buf;
        s->k(kargs, m, steps, s->c);
        rp_stream_store(args[nin] + i0 * s->osz, buf, (size_t)(m * s->osz));
    }
}

/* ---- the run ------------------------------------------------------------- */

static bool same_walk(const rp_array *out, const rp_intp *bstrides, const rp_array *in)
{
    if (in->data != out->data || rp_dtype_size(in->dtype) != rp_dtype_size(out->dtype))
        return false;
    for (int d = 0; d < out->ndim; d++)
        if (out->shape[d] > 1 && bstrides[d] != out->strides[d])
            return false;
    return true;
}

/* ---- threads -------------------------------------------------------------- */

/*
 * Work is split into blocks of RP_UFUNC_BLOCK_BYTES of the widest operand
 * (a multiple of every cache line for aligned outputs); which thread runs
 * which block never changes a result bit, since every element is computed
 * alone. Float flags and the kernels' error word are per thread: each task
 * collects its own and ORs them into the call's word.
 */
static size_t serial_cutoff = RP_UFUNC_SERIAL_CUTOFF;
static pthread_once_t cutoff_once = PTHREAD_ONCE_INIT;

/* RAPTORS_UFUNC_PAR_BYTES moves the cutoff, so sweeps can measure it and
 * tests can reach the threaded path with small arrays. */
static void cutoff_init(void)
{
    long long v = rp_env_int("RAPTORS_UFUNC_PAR_BYTES", -1);
    if (v >= 0)
        serial_cutoff = (size_t)v;
}

size_t rp_ufunc_serial_cutoff_bytes(void)
{
    pthread_once(&cutoff_once, cutoff_init);
    return serial_cutoff;
}
size_t rp_ufunc_block_bytes(void) { return RP_UFUNC_BLOCK_BYTES; }

/* How the kernel walks the elements: through cast buffers, streamed out,
 * or straight into the output. */
typedef struct {
    rp_kernel k;
    const bufctx *b; /* when casting (its context is replaced by the walk's) */
    int nin;
    rp_intp osz;     /* output item size */
    bool stream;     /* write the output with non-temporal stores */
} walkspec;

/* Elements [begin, end) of it, with kernel context c. */
static void walk(const walkspec *w, const rp_iter *it, rp_intp begin, rp_intp end,
                 const rp_ufunc_ctx *c)
{
    if (w->b) {
        bufctx b = *w->b;
        b.c = c;
        rp_iter_run(it, begin, end, buffered, &b);
    } else if (w->stream) {
        streamctx sc = {w->k, c, w->nin, w->osz};
        rp_iter_run(it, begin, end, streamed, &sc);
        rp_stream_fence();
    } else
        rp_iter_run(it, begin, end, w->k, c);
}

typedef struct {
    const rp_iter *it;
    rp_intp block;         /* elements per block */
    walkspec w;
    rp_ufunc_ctx c;        /* template: each task copies it with its own error word */
    bool fpe;
    _Atomic unsigned errors;
} partask;

static void run_blocks(void *ctx, rp_intp begin, rp_intp end)
{
    partask *p = (partask *)ctx;
    unsigned kerr = 0;
    rp_ufunc_ctx c = p->c;
    c.errors = &kerr;
    if (p->fpe)
        rp_fpe_start();
    walk(&p->w, p->it, begin * p->block, end * p->block, &c);
    if (p->fpe)
        kerr |= rp_fpe_bits();
    if (kerr)
        atomic_fetch_or_explicit(&p->errors, kerr, memory_order_relaxed);
}

/* Step of an operand that walks out's shape as one flat run: its item size
 * (C-contiguous) or 0 (one element broadcast everywhere); -1 otherwise. */
static rp_intp flat_step(int ndim, const rp_intp *shape, const rp_intp *strides, rp_intp isz)
{
    bool zero = true, contig = true;
    rp_intp want = isz;
    for (int d = ndim - 1; d >= 0; d--) {
        if (shape[d] == 1)
            continue;
        zero &= strides[d] == 0;
        contig &= strides[d] == want;
        want *= shape[d];
    }
    return contig ? isz : zero ? 0 : -1;
}

/* The kernels' context: round's decimals and 10^|decimals|, and the word
 * the kernel ORs its error bits into. */
static rp_ufunc_ctx make_ctx(const rp_ufunc_params *params, unsigned *kerr)
{
    rp_ufunc_ctx c = {1.0, 0, kerr};
    if (params && params->decimals) {
        c.decimals = params->decimals;
        int d = params->decimals < 0 ? -params->decimals : params->decimals;
        for (int k = 0; k < d; k++)
            c.scale *= 10.0;
    }
    return c;
}

/* One kernel call over a flat run, with the float flags and the backend
 * counter a call without threads needs. */
static rp_status run_once(rp_op op, const rp_op_info *info, rp_dtype loop, rp_kernel kernel,
                          char *const *args, const rp_intp *steps, rp_intp n,
                          const rp_ufunc_params *params, unsigned *errors)
{
    unsigned kerr = 0;
    rp_ufunc_ctx c = make_ctx(params, &kerr);
    const bool fpe = loop_fpe(info, loop);
    if (fpe)
        rp_fpe_start();
    kernel(args, n, steps, &c);
    if (fpe)
        kerr |= rp_fpe_bits();
    rp_stats_count(op, rp_isa_selected() == RP_ISA_BASELINE ? RP_BACKEND_SCALAR : RP_BACKEND_SIMD);
    if (errors)
        *errors = kerr;
    return kerr & RP_UFUNC_NEGPOW ? RP_EVALUE : RP_OK;
}

/* Small contiguous calls skip the iterator, the copies and the pool: the
 * kernel runs once over the flat run. Returns false when the call needs the
 * general path (casts, other layouts, inputs partly overlapping the output,
 * or enough work for threads). */
static bool run_flat(rp_op op, rp_dtype loop, const rp_op_info *info, rp_kernel kernel,
                     const rp_dtype *want,
                     const rp_array *const *ins, const rp_intp (*bstrides)[RP_MAXDIMS],
                     const rp_array *out, rp_intp size, const rp_ufunc_params *params,
                     unsigned *errors, rp_status *st)
{
    const int nin = info->nin;
    char *args[RP_MAXOPS];
    rp_intp steps[RP_MAXOPS];
    const rp_intp osz = (rp_intp)rp_dtype_size(out->dtype);
    if (out->dtype != want[nin] || flat_step(out->ndim, out->shape, out->strides, osz) != osz)
        return false;
    size_t bytes = (size_t)osz; /* an element's, over the operands */
    const char *o0 = out->data, *o1 = out->data + size * osz;
    for (int i = 0; i < nin; i++) {
        const rp_intp isz = (rp_intp)rp_dtype_size(ins[i]->dtype);
        if (ins[i]->dtype != want[i])
            return false;
        steps[i] = flat_step(out->ndim, out->shape, bstrides[i], isz);
        if (steps[i] < 0)
            return false;
        args[i] = ins[i]->data;
        const char *p1 = args[i] + (steps[i] ? size * isz : isz);
        if (args[i] < o1 && o0 < p1 && !(args[i] == o0 && steps[i] == osz))
            return false;
        bytes += (size_t)isz;
    }
    if (size >= RP_UFUNC_NOGIL_MIN && size >= rp_ufunc_serial_cutoff_for(op, loop, bytes))
        return false;
    args[nin] = out->data;
    steps[nin] = osz;
    *st = run_once(op, info, loop, kernel, args, steps, size, params, errors);
    return true;
}

rp_status rp_ufunc_run_contig(rp_op op, rp_dtype loop, char *const *args, const rp_intp *steps,
                              rp_intp n, const rp_ufunc_params *params, unsigned *errors)
{
    const rp_op_info *info = rp_op_get(op);
    if (errors)
        *errors = 0;
    rp_dtype kdt;
    rp_kernel k = loop_kernel(op, loop, &kdt);
    if (!info || !k || kdt != loop) /* (a float16 loop needs rp_ufunc_run's casts) */
        return RP_ETYPE;
    return run_once(op, info, loop, k, args, steps, n, params, errors);
}

/*
 * An output writing some bytes more than once (`x += 1` on an as_strided
 * view) is computed into a fresh array, every input read before any byte of
 * out changes, then written back, so each element is computed once from the
 * original values as in NumPy. Which duplicate stays follows NumPy: its
 * buffered ufunc writes back in C order, but when an input shares memory
 * with the output (`x += v`) it walks as its assignments do.
 */
static rp_status run_self_overlapping(rp_op op, rp_dtype loop, const rp_array *const *ins,
                                      const rp_array *out,
                                      const rp_ufunc_params *params, unsigned *errors)
{
    const int nin = rp_op_get(op)->nin;
    rp_intp tstrides[RP_MAXDIMS];
    size_t nbytes;
    rp_status st = rp_shape_nbytes(out->ndim, out->shape, rp_dtype_size(out->dtype), &nbytes);
    if (st != RP_OK)
        return st;
    void *buf = rp_alloc(nbytes);
    if (!buf)
        return RP_ENOMEM;
    rp_strides_for(out->ndim, out->shape, (rp_intp)rp_dtype_size(out->dtype), 'C', tstrides);
    rp_array tmp = {buf, out->shape, tstrides, out->ndim, out->dtype};
    st = rp_ufunc_run(op, loop, ins, &tmp, params, errors);
    bool shared = false;
    for (int i = 0; i < nin; i++)
        shared |= rp_arrays_may_overlap(out, ins[i]);
    if (st == RP_OK)
        st = rp_copy_in_order(out, &tmp, tstrides, !shared);
    rp_free(buf, nbytes);
    return st;
}

rp_status rp_ufunc_run(rp_op op, rp_dtype loop, const rp_array *const *ins, const rp_array *out,
                       const rp_ufunc_params *params, unsigned *errors)
{
    const rp_op_info *info = rp_op_get(op);
    if (errors)
        *errors = 0;
    rp_dtype kdt;
    rp_kernel kernel = loop_kernel(op, loop, &kdt);
    if (!info || !kernel)
        return RP_ETYPE;
    const int nin = info->nin, nop = nin + 1;
    if (out->ndim > RP_MAXDIMS)
        return RP_EVALUE;

    /* want: each operand's dtype in the loop; kw: in the kernel (float32
     * where a float16 loop runs the float32 kernel). */
    rp_dtype want[RP_MAXOPS], kw[RP_MAXOPS];
    for (int i = 0; i < nin; i++)
        want[i] = info->family == RP_FAM_WHERE && i == 0 ? RP_BOOL : loop;
    want[nin] = rp_ufunc_out_dtype(op, loop);
    for (int i = 0; i < nop; i++)
        kw[i] = want[i] == loop ? kdt : want[i];

    /* A signed integer compared with a uint64 promotes to float64, where
     * large values round together; NumPy 2 compares the exact values. */
    int cmp = (int)op - (int)RP_OP_equal;
    if (cmp >= 0 && cmp < RP_NCMP && loop == RP_FLOAT64) {
        char k0 = rp_dtype_get(ins[0]->dtype)->kind, k1 = rp_dtype_get(ins[1]->dtype)->kind;
        int side = k0 == 'i' && ins[1]->dtype == RP_UINT64   ? 0
                   : ins[0]->dtype == RP_UINT64 && k1 == 'i' ? 1
                                                             : -1;
        if (side >= 0 && rp_kt.ufunc.cmp_mixed[cmp][side]) {
            kernel = rp_kt.ufunc.cmp_mixed[cmp][side];
            want[0] = side == 0 ? RP_INT64 : RP_UINT64;
            want[1] = side == 0 ? RP_UINT64 : RP_INT64;
        }
    }

    rp_intp bstrides[RP_MAXOPS][RP_MAXDIMS];
    rp_array use[RP_MAXOPS];
    void *tmp[RP_MAXOPS] = {0};
    size_t tmpsize[RP_MAXOPS] = {0};
    rp_intp tstrides[RP_MAXOPS][RP_MAXDIMS];
    rp_status st = RP_OK;
    for (int i = 0; i < nin && st == RP_OK; i++) {
        use[i] = *ins[i];
        st = rp_broadcast_strides(ins[i], out->ndim, out->shape, bstrides[i]);
    }
    if (st != RP_OK)
        return st;
    rp_intp size = rp_array_size(out);
    if (size == 0)
        return RP_OK;
    if (kdt == loop && run_flat(op, loop, info, kernel, want, ins, (const rp_intp(*)[RP_MAXDIMS])bstrides, out, size,
                 params, errors, &st))
        return st;

    if (rp_array_may_self_overlap(out))
        return run_self_overlapping(op, loop, ins, out, params, errors);

    /* An input sharing memory with the output, other than exactly it, is
     * copied first (cast to the loop dtype on the way), so every element is
     * read before any is written: `a[1:] += a[:-1]` as NumPy computes it. */
    for (int i = 0; i < nin && st == RP_OK; i++) {
        if (same_walk(out, bstrides[i], ins[i]) || !rp_arrays_may_overlap(out, ins[i]))
            continue;
        st = rp_shape_nbytes(ins[i]->ndim, ins[i]->shape, rp_dtype_size(want[i]), &tmpsize[i]);
        if (st != RP_OK)
            break;
        if (!(tmp[i] = rp_alloc(tmpsize[i] ? tmpsize[i] : 1))) {
            st = RP_ENOMEM;
            break;
        }
        rp_strides_for(ins[i]->ndim, ins[i]->shape, (rp_intp)rp_dtype_size(want[i]), 'C',
                       tstrides[i]);
        use[i].data = tmp[i];
        use[i].strides = tstrides[i];
        use[i].dtype = want[i];
        st = rp_array_copy(&use[i], ins[i]);
        if (st == RP_OK)
            st = rp_broadcast_strides(&use[i], out->ndim, out->shape, bstrides[i]);
    }

    if (st == RP_OK) {
        char *data[RP_MAXOPS];
        const rp_intp *strides[RP_MAXOPS];
        for (int i = 0; i < nin; i++) {
            data[i] = use[i].data;
            strides[i] = bstrides[i];
        }
        data[nin] = out->data;
        strides[nin] = out->strides;
        rp_iter it;
        st = rp_iter_init(&it, nop, data, out->ndim, out->shape, strides, 0);
        if (st == RP_OK) {
            unsigned kerr = 0;
            rp_ufunc_ctx c = make_ctx(params, &kerr);
            bufctx b = {kernel, &c, nop, {0}, {0}, {0}, {0},
                        loop_fpe(info, loop)};
            bool cast = false;
            for (int i = 0; i < nop; i++) {
                b.size[i] = (rp_intp)rp_dtype_size(kw[i]);
                cast |= i < nin ? set_casts(&b, i, use[i].dtype, want[i], kw[i])
                                : set_casts(&b, i, kw[i], want[i], out->dtype);
            }
            /* Integer loops report through kerr; only float arithmetic and
             * casts raise the flags, so integer calls skip the fenv calls.
             * Casts report for every op, as NumPy's (maximum into an int32
             * out= from a NaN: "invalid value encountered in maximum"). */
            const bool fpe = cast || loop_fpe(info, loop);
            size_t isz = 0, wide = 1;
            for (int i = 0; i < nop; i++) {
                size_t z = rp_dtype_size(i < nin ? use[i].dtype : out->dtype);
                isz += z;
                wide = z > wide ? z : wide;
            }
            const rp_intp osz = (rp_intp)rp_dtype_size(out->dtype);
            const walkspec w = {kernel, cast ? &b : NULL, nin, osz,
                                !cast && (size_t)it.size * (size_t)osz >= rp_stream_min_bytes()};
            rp_backend backend =
                rp_isa_selected() == RP_ISA_BASELINE ? RP_BACKEND_SCALAR : RP_BACKEND_SIMD;
            if (it.size >= rp_ufunc_serial_cutoff_for(op, loop, isz) && rp_threads_get() > 1) {
                partask p = {&it, (rp_intp)(RP_UFUNC_BLOCK_BYTES / wide), w, c, fpe, 0};
                rp_intp nblocks = (it.size + p.block - 1) / p.block;
                if (rp_parallel_blocks(nblocks, RP_MAX_THREADS, run_blocks, &p) > 1)
                    backend = RP_BACKEND_THREADED_SIMD;
                kerr = atomic_load_explicit(&p.errors, memory_order_relaxed);
            } else {
                if (fpe)
                    rp_fpe_start();
                walk(&w, &it, 0, it.size, &c);
                if (fpe)
                    kerr |= rp_fpe_bits();
            }
            rp_stats_count(op, backend);
            if (errors)
                *errors = kerr;
            if (kerr & RP_UFUNC_NEGPOW)
                st = RP_EVALUE;
        }
    }
    for (int i = 0; i < nin; i++)
        if (tmp[i])
            rp_free(tmp[i], tmpsize[i] ? tmpsize[i] : 1);
    return st;
}
