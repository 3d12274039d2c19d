/* Non-temporal copies: every length and destination alignment, exact bytes,
 * nothing written outside [dst, dst + n). */
#include <string.h>

#include "stream.h"
#include "test.h"

void test_stream(void)
{
    enum { MAXN = 300, PAD = 64 };
    _Alignas(64) char src[MAXN + PAD], dst[MAXN + 2 * PAD + 16];
    for (int i = 0; i < (int)sizeof src; i++)
        src[i] = (char)(i * 7 + 3);
    for (int off = 0; off < 16; off++)
        for (int soff = 0; soff < 3; soff++)
            for (int n = 0; n <= MAXN; n++) {
                memset(dst, 0x55, sizeof dst);
                rp_stream_store(dst + PAD + off, src + soff, (size_t)n);
                rp_stream_fence();
                int ok = memcmp(dst + PAD + off, src + soff, (size_t)n) == 0;
                for (int i = 0; i < PAD + off; i++)
                    ok &= dst[i] == 0x55;
                for (int i = PAD + off + n; i < (int)sizeof dst; i++)
                    ok &= dst[i] == 0x55;
                CHECKF(ok, "n %d, dst offset %d, src offset %d", n, off, soff);
            }
    CHECK(rp_stream_min_bytes() > 0);
}
