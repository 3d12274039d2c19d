/*
 * raptors: the public C API of the array core.
 *
 * The core is portable C11 with no dependency on Python. An rp_array is a
 * descriptor (data pointer, shape, strides, dtype); it does not own memory.
 * Ownership stays with whoever allocated the data (the Python layer keeps a
 * base object alive), so views are just descriptors over the same bytes.
 */
#ifndef RAPTORS_RAPTORS_H
#define RAPTORS_RAPTORS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define RP_MAXDIMS 64
/* Operands an iterator walks at once (e.g. out, in1, in2, where-mask). */
#define RP_MAXOPS 4
/* Every buffer raptors allocates starts on a cache line. */
#define RP_ALIGN 64

/* Shape and stride type: the same width as Py_ssize_t, so the Python layer
 * can hand these arrays to the buffer protocol without copying. */
typedef ptrdiff_t rp_intp;

typedef enum {
    RP_BOOL,
    RP_INT8,
    RP_INT16,
    RP_INT32,
    RP_INT64,
    RP_UINT8,
    RP_UINT16,
    RP_UINT32,
    RP_UINT64,
    RP_FLOAT32,
    RP_FLOAT64,
    /* After the others, so tables written in this order keep their indices. */
    RP_FLOAT16,
    RP_COMPLEX64,  /* two float32: real, imaginary */
    RP_COMPLEX128, /* two float64 */
    RP_NTYPES
} rp_dtype;

typedef enum {
    RP_OK = 0,
    RP_ENOMEM,    /* allocation failed, or the request exceeds the address space */
    RP_ESHAPE,    /* shapes that cannot be reshaped, broadcast or joined */
    RP_EAXIS,     /* an axis outside [-ndim, ndim) */
    RP_EINDEX,    /* an index outside its axis */
    RP_ETYPE,     /* a dtype an operation does not support */
    RP_EVALUE,    /* any other invalid argument */
    RP_EREADONLY, /* a write into read-only data */
    RP_EOVERFLOW, /* a shape product or value that does not fit */
    RP_ENOVIEW,   /* the result cannot be expressed as a view (caller copies) */
} rp_status;

const char *rp_status_message(rp_status st);

/* ---- dtypes ---------------------------------------------------------- */

typedef struct {
    const char *name; /* NumPy's name: "float32" */
    char kind;        /* NumPy's kind: 'b', 'i', 'u', 'f', 'c' */
    char format;      /* NumPy's type character (the PEP 3118 format but for
                         complex, whose format is 'Z' and the part's: "Zf") */
    uint8_t size;     /* bytes per element */
} rp_dtype_info;

const rp_dtype_info *rp_dtype_get(rp_dtype dt);

static inline size_t rp_dtype_size(rp_dtype dt)
{
    static const uint8_t sizes[RP_NTYPES] = {1, 1, 2, 4, 8, 1, 2, 4, 8, 4, 8, 2, 8, 16};
    return sizes[dt];
}

/* ---- type promotion (NumPy 2, NEP 50) --------------------------------- */

/* NumPy's casting rules, weakest first: a rule allows every cast the rules
 * before it allow. */
typedef enum {
    RP_CASTING_NO,
    RP_CASTING_EQUIV,
    RP_CASTING_SAFE,
    RP_CASTING_SAME_KIND,
    RP_CASTING_UNSAFE,
} rp_casting;

/* NEP 50 "weak" operands: Python bool/int/float scalars, which take the
 * dtype of the arrays they meet instead of taking part in promotion. */
typedef enum {
    RP_WEAK_NONE = 0,
    RP_WEAK_BOOL,
    RP_WEAK_INT,
    RP_WEAK_FLOAT,
    RP_WEAK_COMPLEX,
} rp_weak;

/* np.promote_types for two dtypes (int64 + uint64 -> float64 ...). */
rp_dtype rp_promote_types(rp_dtype a, rp_dtype b);
/* np.can_cast(from, to, casting) for two dtypes. */
bool rp_can_cast(rp_dtype from, rp_dtype to, rp_casting casting);
/* NEP 50 result of ndt strong dtypes and nweak weak scalar kinds; with no
 * strong dtype the weak kinds take NumPy's defaults (bool, int64, float64). */
rp_dtype rp_result_type(int ndt, const rp_dtype *dts, int nweak, const rp_weak *weak);
/* NumPy's kind order for same_kind: b < u < i < f < c. */
int rp_dtype_kind_rank(rp_dtype dt);

/* ---- array descriptors ----------------------------------------------- */

typedef struct {
    char *data;
    rp_intp *shape;
    rp_intp *strides; /* in bytes; may be zero or negative */
    int ndim;
    rp_dtype dtype;
} rp_array;

/* Product of a shape, checked against overflow (RP_EOVERFLOW), negative
 * extents (RP_EVALUE) and, with an itemsize, the largest allocatable size. */
rp_status rp_shape_size(int ndim, const rp_intp *shape, rp_intp *size);
rp_status rp_shape_nbytes(int ndim, const rp_intp *shape, size_t itemsize, size_t *nbytes);

/* Row-major ('C') or column-major ('F') strides for a fresh array. */
void rp_strides_for(int ndim, const rp_intp *shape, rp_intp itemsize, char order,
                    rp_intp *strides);

/* NumPy's contiguity rules: axes of length 1 never matter, size 0 is both. */
bool rp_array_is_c_contig(const rp_array *a);
bool rp_array_is_f_contig(const rp_array *a);
rp_intp rp_array_size(const rp_array *a);

/* Lowest and one-past-highest byte the array touches ([lo, hi), lo == hi
 * when it is empty); two arrays may share memory only if these overlap. */
void rp_array_extent(const rp_array *a, char **lo, char **hi);
bool rp_arrays_may_overlap(const rp_array *a, const rp_array *b);

/* Whether two different elements of a may share a byte (np.as_strided views
 * such as shape (4, 4) strides (8, 8), zero strides). Conservative: false
 * means no two elements overlap; true may be a layout that does not (the
 * callers then only take a slower, still correct path). */
bool rp_array_may_self_overlap(const rp_array *a);

/* NumPy's order='K' strides for a fresh array shaped like `like` (shape:
 * like->ndim extents, NULL for like's own): C strides if like is
 * C-contiguous, F strides if F-contiguous, else its axes ordered by
 * decreasing |stride|, ties in axis order (PyArray_CreateSortedStridePerm):
 * what empty_like, copy and astype give. */
void rp_strides_like(const rp_array *like, const rp_intp *shape, rp_intp itemsize,
                     rp_intp *strides);

/* The strides of the output NumPy allocates for a ufunc of nop operands
 * (broadcast to shape): C (F) when every operand is 0-d or of that shape and
 * all are C- (F-) contiguous; else the axes in the order NumPy's iterator
 * walks them (an axis moves inside another only when every operand with
 * non-zero strides on both steps less along it; conflicts and zero strides
 * keep C order), contiguous in that order. nop <= RP_MAXOPS. */
void rp_strides_for_operands(int nop, const rp_array *const *ops, int ndim,
                             const rp_intp *shape, rp_intp itemsize, rp_intp *out);

/* The broadcast shape of n shapes (right-aligned, NumPy rules). */
rp_status rp_broadcast_shapes(int n, const int *ndims, const rp_intp *const *shapes, int *out_ndim,
                              rp_intp *out_shape);

/* Strides that view a as the (broadcast-compatible) shape; 0 on broadcast
 * axes. RP_ESHAPE if a cannot be broadcast to it. */
rp_status rp_broadcast_strides(const rp_array *a, int ndim, const rp_intp *shape,
                               rp_intp *strides);

/* Strides for viewing a with a new shape of the same size, reading elements
 * in the given order ('C' or 'F'). RP_ENOVIEW when a copy is unavoidable. */
rp_status rp_reshape_strides(const rp_array *a, int ndim, const rp_intp *shape, char order,
                             rp_intp *strides);

/* stride * step for a view taking every step-th element of an axis. The
 * product fits whenever the view has two elements or more (it stays inside
 * the array); for a single element it is never used, and may not fit: it
 * then wraps as NumPy's (whose strides are what C's unsigned product gives),
 * without signed overflow. */
rp_intp rp_stride_times(rp_intp stride, rp_intp step);

/* RP_OK if every byte offset of a's elements, its size and its byte size
 * fit in rp_intp (so the unchecked stride arithmetic elsewhere cannot
 * overflow); RP_EOVERFLOW if not, RP_EVALUE for a negative extent. For
 * descriptors from outside (buffers of other libraries). */
rp_status rp_array_check(const rp_array *a);

/* Normalise a possibly negative axis; RP_EAXIS if outside [-ndim, ndim). */
rp_status rp_normalize_axis(int *axis, int ndim);

/* ---- memory ---------------------------------------------------------- */

/* RP_ALIGN-aligned allocation. rp_free takes the size rp_alloc was given. */
void *rp_alloc(size_t nbytes);
void *rp_calloc(size_t nbytes);
void rp_free(void *p, size_t nbytes);
/* Unmap every cached large block now (they are also dropped after ~1 s idle). */
void rp_alloc_release_cache(void);

/* ---- the N-D iterator ---------------------------------------------------
 *
 * The inner-loop shape every kernel has (NumPy's): args[i] points at the
 * first element of operand i, steps[i] is its byte stride, n elements.
 */
typedef void (*rp_kernel)(char *const *args, rp_intp n, const rp_intp *steps, const void *ctx);

/*
 * After rp_iter_init the operands are laid out for the fastest walk: axes of
 * length 1 dropped, axes ordered so the smallest strides are innermost
 * (index 0), and adjacent axes merged where every operand allows. The kernel
 * then receives the longest runs the memory layout permits.
 */
typedef struct {
    int nop;
    int ndim;     /* >= 1; axis 0 is the innermost */
    rp_intp size; /* total number of elements */
    rp_intp shape[RP_MAXDIMS];
    rp_intp strides[RP_MAXDIMS][RP_MAXOPS]; /* strides[axis][operand] */
    char *data[RP_MAXOPS];
} rp_iter;

enum {
    /* Keep the caller's axis order (C order): needed where the visiting order
     * is observable, e.g. filling an output from a flat sequence. */
    RP_ITER_C_ORDER = 1u << 0,
};

/* Operands share one shape (already broadcast: stride 0 on broadcast axes). */
rp_status rp_iter_init(rp_iter *it, int nop, char *const *data, int ndim, const rp_intp *shape,
                       const rp_intp *const *strides, unsigned flags);

/* Run k over the elements [start, end) of the iteration space, in its order.
 * Any split of [0, size) into ranges visits every element exactly once. */
void rp_iter_run(const rp_iter *it, rp_intp start, rp_intp end, rp_kernel k, const void *ctx);

/* ---- copying ------------------------------------------------------------ */

/* dst[...] = src: broadcast src to dst's shape and cast to its dtype, with
 * NumPy's casting results. Safe when the two overlap. */
rp_status rp_array_copy(const rp_array *dst, const rp_array *src);

/* rp_array_copy reporting the floating-point errors of the cast as
 * RP_UFUNC_* bits (raptors/ufunc.h) in *errors: a float64 -> float32
 * overflow or underflow, a NaN or out-of-range float -> integer ("invalid"),
 * as NumPy's casts report them. rp_array_copy leaves the flags raised on the
 * calling thread. */
rp_status rp_array_cast(const rp_array *dst, const rp_array *src, unsigned *errors);

/* ---- CPU features and kernel dispatch ----------------------------------- */

typedef enum {
    RP_ISA_BASELINE = 0, /* SSE2 on x86-64, plain C elsewhere */
    RP_ISA_AVX2,         /* x86-64-v3: AVX2 + FMA + BMI2 */
    RP_ISA_AVX512,       /* x86-64-v4: AVX-512 F/BW/DQ/VL */
    RP_ISA_NEON,         /* aarch64 Advanced SIMD */
    RP_ISA_COUNT
} rp_isa;

const char *rp_isa_name(rp_isa isa);
/* Best ISA this CPU and OS support (CPUID + XGETBV on x86). */
rp_isa rp_cpu_best_isa(void);
/* Whether a given ISA's kernels were compiled into this build. */
bool rp_isa_compiled(rp_isa isa);
/* The ISA whose kernels are in the table now. */
rp_isa rp_isa_selected(void);

/*
 * Fill the kernel table: baseline first, then every compiled ISA up to the
 * request that the CPU supports overwrites what it does better. `request` is
 * what RAPTORS_SIMD says: NULL or "" or "1" or "auto" = best available,
 * "0" = baseline, or an ISA name. A named ISA the CPU lacks is RP_EVALUE.
 */
rp_status rp_dispatch_init(const char *request);

#ifdef __cplusplus
}
#endif

#endif /* RAPTORS_RAPTORS_H */
