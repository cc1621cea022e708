#include "test-util.h"

#include <CUnit/Basic.h>
#include <stdio.h>

int
test_run_suite(const char *suite_name, CU_TestInfo *tests)
{
    CU_SuiteInfo suites[] = {{suite_name, NULL, NULL, NULL, NULL, tests}, CU_SUITE_INFO_NULL};
    if (CU_initialize_registry() != CUE_SUCCESS)
        return 2;
    if (CU_register_suites(suites) != CUE_SUCCESS) {
        CU_cleanup_registry();
        return 2;
    }
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    unsigned failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
    unsigned ran = CU_get_number_of_tests_run();
    CU_cleanup_registry();
    return (failed == 0 && ran > 0) ? 0 : 1;
}

char *
test_data_path(const char *relative)
{
    return g_build_filename(BROWSERD_TEST_DATA_DIR, relative, NULL);
}

GByteArray *
test_hex(const char *hex)
{
    GByteArray *out = g_byte_array_new();
    int nibble = -1;
    for (const char *p = hex; *p; p++) {
        if (!g_ascii_isxdigit(*p))
            continue;
        int v = g_ascii_xdigit_value(*p);
        if (nibble < 0) {
            nibble = v;
        } else {
            guint8 b = (guint8)((nibble << 4) | v);
            g_byte_array_append(out, &b, 1);
            nibble = -1;
        }
    }
    return out;
}

gboolean
test_bytes_equal(const guint8 *a, gsize alen, const guint8 *b, gsize blen, const char *file,
                 int line)
{
    if (alen == blen && (alen == 0 || memcmp(a, b, alen) == 0))
        return TRUE;
    gsize i = 0;
    while (i < alen && i < blen && a[i] == b[i])
        i++;
    fprintf(stderr, "%s:%d: bytes differ: lengths %zu and %zu, first difference at %zu", file,
            line, alen, blen, i);
    if (i < alen && i < blen)
        fprintf(stderr, " (%02x vs %02x)", a[i], b[i]);
    fprintf(stderr, "\n");
    return FALSE;
}
