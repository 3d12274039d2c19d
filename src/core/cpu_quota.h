/* The container's CPU quota (cgroup v2 cpu.max, v1 CFS quota); cpu_quota.c. */
#ifndef RAPTORS_CPU_QUOTA_H
#define RAPTORS_CPU_QUOTA_H

/* CPUs' worth of time per period the process's cgroup (or an ancestor)
 * allows, e.g. 1.5; 0 when there is no limit or none could be read. */
double rp_cpu_quota(void);

/* The parsers, on a file's text: cpu.max ("max 100000", "150000 100000"),
 * and cpu.cfs_quota_us with cpu.cfs_period_us. 0 for "no limit". */
double rp_cpu_quota_parse_v2(const char *text);
double rp_cpu_quota_parse_v1(const char *quota_text, const char *period_text);

#endif
