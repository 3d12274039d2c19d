/* A minimal test harness for the C core: CHECK counts, main reports. */
#ifndef RAPTORS_TEST_H
#define RAPTORS_TEST_H

#include <stdio.h>

#include "raptors/raptors.h"

extern int rp_test_failed, rp_test_passed;

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (cond)                                                                                  \
            rp_test_passed++;                                                                      \
        else {                                                                                     \
            rp_test_failed++;                                                                      \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);               \
        }                                                                                          \
    } while (0)

/* Every test file contributes one entry point, listed in test_main.c. */
void test_array(void);
void test_iter(void);
void test_cast(void);
void test_ufunc(void);
void test_reduce(void);

#endif
