/* Aligned allocation for array data. */
#include "raptors/raptors.h"

#include <stdlib.h>
#include <string.h>

/* Round up so aligned_alloc's size is a multiple of the alignment; zero-byte
 * requests still get a unique pointer, as malloc(0) may not. */
static size_t padded(size_t nbytes)
{
    return (nbytes + RP_ALIGN - 1) / RP_ALIGN * RP_ALIGN + (nbytes == 0) * RP_ALIGN;
}

void *rp_alloc(size_t nbytes)
{
    if (nbytes > (size_t)PTRDIFF_MAX - RP_ALIGN)
        return NULL;
    return aligned_alloc(RP_ALIGN, padded(nbytes));
}

void *rp_calloc(size_t nbytes)
{
    void *p = rp_alloc(nbytes);
    if (p)
        memset(p, 0, nbytes);
    return p;
}

void rp_free(void *p, size_t nbytes)
{
    (void)nbytes;
    free(p);
}
