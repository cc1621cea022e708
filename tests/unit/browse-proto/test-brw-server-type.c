/* ServerType bits spelled out for people, and the masks of BRWS-005. */
#include <browse-proto/brw-server-type.h>

#include "test-util.h"

static void
test_to_string(void)
{
    g_autofree char *samba = brw_server_type_to_string(0x00819a03);
    CU_ASSERT_STRING_EQUAL(samba, "WORKSTATION|SERVER|PRINTQ_SERVER|SERVER_UNIX|NT|SERVER_NT|"
                                  "POTENTIAL_BROWSER|DFS");
    g_autofree char *lmb = brw_server_type_to_string(0x00051003);
    CU_ASSERT_STRING_EQUAL(lmb, "WORKSTATION|SERVER|NT|POTENTIAL_BROWSER|MASTER_BROWSER");
    g_autofree char *group = brw_server_type_to_string(0x80001000);
    CU_ASSERT_STRING_EQUAL(group, "NT|DOMAIN_ENUM");
    g_autofree char *none = brw_server_type_to_string(0);
    CU_ASSERT_STRING_EQUAL(none, "NONE");
    g_autofree char *all = brw_server_type_to_string(BRW_SV_TYPE_ALL);
    CU_ASSERT_STRING_EQUAL(all, "ALL");
    g_autofree char *unused = brw_server_type_to_string(0x08000001);
    CU_ASSERT_STRING_EQUAL(unused, "WORKSTATION|0x08000000");
    g_autofree char *only_unused = brw_server_type_to_string(0x08000000);
    CU_ASSERT_STRING_EQUAL(only_unused, "0x08000000");
}

static void
test_bit_names(void)
{
    guint named = 0;
    for (guint i = 0; i < 32; i++) {
        const char *name = brw_server_type_bit_name(1u << i);
        if (name == NULL) {
            CU_ASSERT_EQUAL(1u << i, 0x08000000u);
            continue;
        }
        named++;
        g_autofree char *s = brw_server_type_to_string(1u << i);
        CU_ASSERT_STRING_EQUAL(s, name);
    }
    CU_ASSERT_EQUAL(named, 31);
    CU_ASSERT_STRING_EQUAL(brw_server_type_bit_name(BRW_SV_TYPE_MASTER_BROWSER), "MASTER_BROWSER");
    CU_ASSERT_PTR_NULL(brw_server_type_bit_name(0x3));
    CU_ASSERT_PTR_NULL(brw_server_type_bit_name(0));
}

/* BRWS-005: received types lose LOCAL_LIST_ONLY and DOMAIN_ENUM; announced ones all three
 * request-filter bits; the browser roles mask covers the bits a stopping browser clears. */
static void
test_sanitize_brws_005(void)
{
    CU_ASSERT_EQUAL(brw_server_type_sanitize_received(0xFFFFFFFF), 0x3FFFFFFF);
    CU_ASSERT_EQUAL(brw_server_type_sanitize_announced(0xFFFFFFFF), 0x1FFFFFFF);
    CU_ASSERT_EQUAL(brw_server_type_sanitize_announced(0x00051003), 0x00051003);
    CU_ASSERT_EQUAL(BRW_SV_TYPE_BROWSER_ROLES, 0x00070000);
    CU_ASSERT_EQUAL(0x00051003 & ~BRW_SV_TYPE_BROWSER_ROLES, 0x00001003);
}

int
main(void)
{
    CU_TestInfo tests[] = {
        {"to_string", test_to_string},
        {"bit_names", test_bit_names},
        {"sanitize_brws_005", test_sanitize_brws_005},
        CU_TEST_INFO_NULL,
    };
    return test_run_suite("brw-server-type", tests);
}
