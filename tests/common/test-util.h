/* Shared helpers for the CUnit suites: running a suite, test data, hex. */
#pragma once

#include <CUnit/CUnit.h>
#include <glib.h>

/* Runs the tests of one suite with CUnit's basic interface (its "Run Summary" is what CI
 * reads) and returns the process exit status: 0 only if every test passed. */
int test_run_suite(const char *suite_name, CU_TestInfo *tests);

/* Path of a file under tests/data (compiled in), newly allocated. */
char *test_data_path(const char *relative);

/* Parses hex ("12 34 ab", whitespace and '|' ignored) into a new byte array. */
GByteArray *test_hex(const char *hex);

/* Asserts that two byte ranges are equal and prints the first difference when they are not. */
#define TEST_ASSERT_BYTES_EQUAL(a, alen, b, blen)                                                \
    CU_ASSERT_TRUE(test_bytes_equal((a), (alen), (b), (blen), __FILE__, __LINE__))
gboolean test_bytes_equal(const guint8 *a, gsize alen, const guint8 *b, gsize blen,
                          const char *file, int line);
