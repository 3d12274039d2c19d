/* The core's tunables from the environment (RAPTORS_*). */
#ifndef RAPTORS_ENV_H
#define RAPTORS_ENV_H

#include <stdlib.h>

/* The integer in environment variable `name`, or `fallback` when it is
 * unset or empty. Read once per tunable, at first use. */
static inline long long rp_env_int(const char *name, long long fallback)
{
    const char *v = getenv(name);
    return v && *v ? strtoll(v, NULL, 10) : fallback;
}

#endif
