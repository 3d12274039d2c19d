/* The driver of the native matrix products: splits a stack of products into
 * blocks of rows (whole small matrices, or row bands of a large one) for the
 * pool. Each C element is computed by one task, in the kernel's fixed order,
 * so the split never changes a bit. */
#include "raptors/matmul.h"

#include "fpe.h"
#include "kernels.h"
#include "pool.h"

/* Rows of C per task: enough work per task to amortize the hand-off. */
#define MM_ROWS_PER_BLOCK 16

typedef struct {
    rp_matmul_kernel kern;
    const char *a, *b;
    char *c;
    rp_intp sa, sb, sc, m, n, k, isz, row_blocks;
} mm_job;

static void run_blocks(void *ctx, rp_intp begin, rp_intp end)
{
    const mm_job *j = (const mm_job *)ctx;
    for (rp_intp u = begin; u < end; u++) {
        rp_intp s = u / j->row_blocks, r = u % j->row_blocks;
        rp_intp i0 = r * MM_ROWS_PER_BLOCK;
        rp_intp i1 = i0 + MM_ROWS_PER_BLOCK < j->m ? i0 + MM_ROWS_PER_BLOCK : j->m;
        j->kern(j->a + s * j->sa, j->b + s * j->sb, j->c + s * j->sc, i0, i1, j->n, j->k);
    }
}

rp_status rp_matmul_stack(rp_dtype dt, const char *a, rp_intp sa, const char *b, rp_intp sb,
                          char *c, rp_intp nbatch, rp_intp m, rp_intp n, rp_intp k,
                          unsigned *errors)
{
    *errors = 0;
    if ((unsigned)dt >= RP_NTYPES || !rp_kt.matmul.k[dt])
        return RP_ETYPE;
    if (nbatch <= 0 || m <= 0 || n <= 0)
        return RP_OK;
    const rp_intp isz = (rp_intp)rp_dtype_size(dt);
    mm_job j = {rp_kt.matmul.k[dt], a, b, c, sa, sb, m * n * isz, m, n, k, isz,
                (m + MM_ROWS_PER_BLOCK - 1) / MM_ROWS_PER_BLOCK};
    const rp_intp nblocks = nbatch * j.row_blocks;
    const bool fp = rp_dtype_get(dt)->kind == 'f' || rp_dtype_get(dt)->kind == 'c';
    /* the work in multiply-adds, saturating (a huge k alone is enough) */
    double macs = (double)nbatch * (double)m * (double)n * (double)(k > 0 ? k : 1);
    if (fp)
        rp_fpe_start();
    if (nblocks > 1 && macs >= (double)RP_MATMUL_PARALLEL_MACS && rp_threads_get() > 1) {
        if (fp)
            rp_fpe_parallel_blocks(nblocks, RP_MAX_THREADS, run_blocks, &j);
        else
            rp_parallel_blocks(nblocks, RP_MAX_THREADS, run_blocks, &j);
    } else {
        run_blocks(&j, 0, nblocks);
    }
    if (fp)
        *errors = rp_fpe_bits();
    return RP_OK;
}
