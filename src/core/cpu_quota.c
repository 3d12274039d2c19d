/*
 * The CPU quota of the process's cgroup: how many CPUs' worth of time the
 * container may use, whatever the affinity mask says. A container limited
 * to 2 CPUs on a 64-core host sees 64 CPUs in its affinity mask; a pool of
 * 64 threads there spends its time descheduled (the quota is enforced per
 * period, so a thread that runs out waits for the next 100 ms).
 *
 * cgroup v2:  <root>/<path>/cpu.max             "200000 100000" or "max 100000"
 * cgroup v1:  <root>/cpu/<path>/cpu.cfs_quota_us  "200000" (-1: none)
 *             <root>/cpu/<path>/cpu.cfs_period_us "100000"
 *
 * <path> is the process's cgroup from /proc/self/cgroup; inside a container
 * with its own cgroup namespace it is "/", the mount root, so the root is
 * always looked at too. Every ancestor's limit applies; the smallest wins.
 * RAPTORS_CGROUP_ROOT replaces /sys/fs/cgroup (tests point it at fake files).
 */
#include "cpu_quota.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { PATH_MAX_LEN = 1024 };

double rp_cpu_quota_parse_v2(const char *text)
{
    char quota[32];
    double period = 0;
    if (sscanf(text, "%31s %lf", quota, &period) < 1)
        return 0;
    if (strcmp(quota, "max") == 0)
        return 0;
    double q = strtod(quota, NULL);
    if (period <= 0)
        period = 100000;
    return q > 0 ? q / period : 0;
}

double rp_cpu_quota_parse_v1(const char *quota_text, const char *period_text)
{
    double q = strtod(quota_text, NULL), p = strtod(period_text, NULL);
    return q > 0 && p > 0 ? q / p : 0;
}

static int read_small(const char *path, char *buf, size_t n)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    size_t got = fread(buf, 1, n - 1, f);
    fclose(f);
    buf[got] = '\0';
    return 0;
}

static double min_quota(double a, double b)
{
    return a <= 0 ? b : b <= 0 ? a : (a < b ? a : b);
}

/* The limit in dir/<file(s)> for one cgroup directory, 0 when none. */
static double quota_in(const char *root, const char *sub, const char *path)
{
    char f[PATH_MAX_LEN], a[64], b[64];
    snprintf(f, sizeof f, "%s%s%s/cpu.max", root, sub, path);
    if (!*sub && read_small(f, a, sizeof a) == 0)
        return rp_cpu_quota_parse_v2(a);
    if (!*sub)
        return 0;
    snprintf(f, sizeof f, "%s%s%s/cpu.cfs_quota_us", root, sub, path);
    if (read_small(f, a, sizeof a) < 0)
        return 0;
    snprintf(f, sizeof f, "%s%s%s/cpu.cfs_period_us", root, sub, path);
    if (read_small(f, b, sizeof b) < 0)
        return 0;
    return rp_cpu_quota_parse_v1(a, b);
}

/* Walk path and its ancestors (and the root) under root/sub. */
static double quota_up(const char *root, const char *sub, char *path)
{
    double q = quota_in(root, sub, "");
    for (;;) {
        size_t n = strlen(path);
        while (n > 0 && path[n - 1] == '/')
            path[--n] = '\0';
        if (n == 0)
            return q;
        q = min_quota(q, quota_in(root, sub, path));
        char *slash = strrchr(path, '/');
        if (!slash)
            return q;
        *slash = '\0';
    }
}

double rp_cpu_quota(void)
{
    const char *root = getenv("RAPTORS_CGROUP_ROOT");
    if (!root || !*root)
        root = "/sys/fs/cgroup";
    char v2[PATH_MAX_LEN] = "", v1[PATH_MAX_LEN] = "", line[PATH_MAX_LEN];
    FILE *f = fopen("/proc/self/cgroup", "r");
    while (f && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        /* "hierarchy-id:controllers:path" */
        char *c1 = strchr(line, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
        if (!c2)
            continue;
        *c2 = '\0';
        const char *ctrl = c1 + 1, *path = c2 + 1;
        if (strcmp(line, "0") == 0 && !*ctrl)
            snprintf(v2, sizeof v2, "%s", path);
        else {
            /* "cpu" alone or in a list such as "cpu,cpuacct" */
            char list[256];
            snprintf(list, sizeof list, ",%s,", ctrl);
            if (strstr(list, ",cpu,"))
                snprintf(v1, sizeof v1, "%s", path);
        }
    }
    if (f)
        fclose(f);
    double q = quota_up(root, "", v2);
    q = min_quota(q, quota_up(root, "/cpu", v1));
    q = min_quota(q, quota_up(root, "/cpu,cpuacct", v1));
    return q;
}
