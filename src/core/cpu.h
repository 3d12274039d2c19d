/* What the machine has beyond its ISA (cpu.c): the sizes that byte
 * thresholds follow. */
#ifndef RAPTORS_CPU_H
#define RAPTORS_CPU_H

#include <stddef.h>

/* The last-level cache's size: sysfs (the cache CPU 0 shares), else
 * sysconf, else 32 MiB. Read once. */
size_t rp_cpu_llc_bytes(void);

#endif
