/*
 * Type promotion with NumPy 2's results (NEP 50).
 *
 * Promotion is a lattice: bool < every number; within a kind the wider
 * type wins; a signed and an unsigned integer meet at the smallest signed
 * type holding both (uint64 has none, so it meets any signed int at
 * float64); an integer meets a float at the narrowest float at least as
 * wide whose significand holds every value of the integer (int8 + float16
 * -> float16, int16 + float16 -> float32, int32 + float32 -> float64).
 * A complex type meets anything at the complex type of what its part
 * (float32 or float64) meets: complex64 + int32 -> complex128, as float32 +
 * int32 -> float64; there is no complex float16, so float16 parts widen.
 */
#include "raptors/raptors.h"

int rp_dtype_kind_rank(rp_dtype dt)
{
    switch (rp_dtype_get(dt)->kind) {
    case 'b': return 0;
    case 'u': return 1;
    case 'i': return 2;
    case 'f': return 3;
    default: return 4;
    }
}

static rp_dtype complex_part(rp_dtype c)
{
    return c == RP_COMPLEX64 ? RP_FLOAT32 : c == RP_COMPLEX128 ? RP_FLOAT64 : c;
}

static rp_dtype complex_of(rp_dtype f)
{
    return f == RP_FLOAT64 ? RP_COMPLEX128 : RP_COMPLEX64;
}

static rp_dtype signed_of_size(size_t size)
{
    switch (size) {
    case 1: return RP_INT8;
    case 2: return RP_INT16;
    case 4: return RP_INT32;
    default: return RP_INT64;
    }
}

rp_dtype rp_promote_types(rp_dtype a, rp_dtype b)
{
    if (a == b)
        return a;
    char ka = rp_dtype_get(a)->kind, kb = rp_dtype_get(b)->kind;
    size_t sa = rp_dtype_size(a), sb = rp_dtype_size(b);
    if (ka == 'b')
        return b;
    if (kb == 'b')
        return a;
    if (ka == 'c' || kb == 'c')
        return complex_of(rp_promote_types(complex_part(a), complex_part(b)));
    if (ka == kb)
        return sa >= sb ? a : b;
    if (ka == 'f' || kb == 'f') {
        rp_dtype f = ka == 'f' ? a : b;
        size_t isize = ka == 'f' ? sb : sa;
        /* The narrowest float from f's width up whose significand holds
         * every value of the integer: 8-bit ints fit float16, 16-bit ints
         * float32, the rest float64. */
        size_t need = isize == 1 ? 2 : isize == 2 ? 4 : 8;
        size_t fsize = rp_dtype_size(f) > need ? rp_dtype_size(f) : need;
        return fsize == 2 ? RP_FLOAT16 : fsize == 4 ? RP_FLOAT32 : RP_FLOAT64;
    }
    /* One signed, one unsigned. */
    size_t ssize = ka == 'i' ? sa : sb, usize = ka == 'u' ? sa : sb;
    if (ssize > usize)
        return ka == 'i' ? a : b;
    if (usize == 8)
        return RP_FLOAT64;
    return signed_of_size(usize * 2);
}

bool rp_can_cast(rp_dtype from, rp_dtype to, rp_casting casting)
{
    if (from == to)
        return true;
    switch (casting) {
    case RP_CASTING_NO:
    case RP_CASTING_EQUIV: return false;
    case RP_CASTING_SAFE: return rp_promote_types(from, to) == to;
    case RP_CASTING_SAME_KIND:
        return rp_promote_types(from, to) == to ||
               rp_dtype_kind_rank(from) <= rp_dtype_kind_rank(to);
    default: return true;
    }
}

rp_dtype rp_result_type(int ndt, const rp_dtype *dts, int nweak, const rp_weak *weak)
{
    rp_weak w = RP_WEAK_NONE;
    for (int i = 0; i < nweak; i++)
        if (weak[i] > w)
            w = weak[i];
    if (ndt == 0) {
        switch (w) {
        case RP_WEAK_INT: return RP_INT64;
        case RP_WEAK_FLOAT: return RP_FLOAT64;
        case RP_WEAK_COMPLEX: return RP_COMPLEX128;
        default: return RP_BOOL;
        }
    }
    rp_dtype r = dts[0];
    for (int i = 1; i < ndt; i++)
        r = rp_promote_types(r, dts[i]);
    /* A weak scalar only matters when it is of a higher kind: a Python int
     * turns bool into the default int, a Python float turns any integer or
     * bool into the default float, a Python complex turns a float into its
     * complex type (float16 and float32 into complex64) and anything lower
     * into the default complex. */
    int rank = rp_dtype_kind_rank(r);
    if (w == RP_WEAK_COMPLEX && rank < 4)
        return r == RP_FLOAT32 || r == RP_FLOAT16 ? RP_COMPLEX64 : RP_COMPLEX128;
    if (w == RP_WEAK_FLOAT && rank < 3)
        return RP_FLOAT64;
    if (w == RP_WEAK_INT && rank == 0)
        return RP_INT64;
    return r;
}
