/* RAP requests (brw_rap_request_parse/build): the Parameters block of a \PIPE\LANMAN
 * transaction, for every call a browser serves, in the byte layouts of [MS-RAP] 2.5.x and
 * the examples of rap.md §6.3 and §9. CHECKLIST ids: RAP-041 to RAP-043, RAP-052 to RAP-057,
 * RAP-059 (the codec's part; the answers are test-brw-rap-server's). */
#include <browse-proto/brw-rap.h>
#include <browse-proto/brw-server-type.h>

#include <string.h>

#include "test-util.h"

/* rap.md §6.3: NetServerEnum2 level 1, 0xFFFF, all servers, WORKGROUP. */
#define ENUM2_WORKGROUP                                                                            \
    "68 00 | 57 72 4c 65 68 44 7a 00 | 42 31 36 42 42 44 7a 00 | 01 00 | ff ff | ff ff ff ff |"   \
    "57 4f 52 4b 47 52 4f 55 50 00"
/* NetServerEnum3 after FAKESRV1 (what Samba's client sends to page, rap.md §9.3). */
#define ENUM3_LABGRP_FROM_FAKESRV1                                                                 \
    "d7 00 | 57 72 4c 65 68 44 7a 7a 00 | 42 31 36 42 42 44 7a 00 | 01 00 | e0 ff | ff ff ff ff |" \
    "4c 41 42 47 52 50 00 | 46 41 4b 45 53 52 56 31 00"
/* smbclient's NetShareEnum (rap.md §9.4): level 1, 0xFFE0. */
#define SHARE_ENUM_L1 "00 00 | 57 72 4c 65 68 00 | 42 31 33 42 57 7a 00 | 01 00 | e0 ff"
#define SERVER_GET_INFO_L1 "0d 00 | 57 72 4c 68 00 | 42 31 36 42 42 44 7a 00 | 01 00 | ff ff"
#define WKSTA_GET_INFO_L10 "3f 00 | 57 72 4c 68 00 | 7a 7a 7a 42 42 7a 7a 00 | 0a 00 | ff ff"

static MsStatus
parse_hex(const char *hex, BrwRapRequest *req, GByteArray **keep)
{
    *keep = test_hex(hex);
    return brw_rap_request_parse((*keep)->data, (*keep)->len, req);
}

static void
assert_builds_to(const BrwRapRequest *req, const char *hex)
{
    g_autoptr(GByteArray) want = test_hex(hex);
    guint8 out[256];
    MsWriter w = ms_writer_init(out, sizeof out);
    CU_ASSERT_EQUAL_FATAL(brw_rap_request_build(req, &w), MS_OK);
    TEST_ASSERT_BYTES_EQUAL(out, w.len, want->data, want->len);
}

/* RAP-041: opcode 104, "WrLehDz", "B16BBDz", InfoLevel, ReceiveBufferSize, ServerType,
 * Domain; e and h are reply values, r the reply data: nothing of them is sent. */
static void
test_rap041_enum2_request(void)
{
    g_autoptr(GByteArray) b = NULL;
    BrwRapRequest req;
    CU_ASSERT_EQUAL_FATAL(parse_hex(ENUM2_WORKGROUP, &req, &b), MS_OK);
    CU_ASSERT_EQUAL(req.opcode, BRW_RAP_NET_SERVER_ENUM2);
    CU_ASSERT_EQUAL(req.level, 1);
    CU_ASSERT_EQUAL(req.receive_size, 0xFFFF);
    CU_ASSERT_EQUAL(req.server_type, BRW_SV_TYPE_ALL);
    CU_ASSERT_STRING_EQUAL(req.domain, "WORKGROUP");
    CU_ASSERT_PTR_NULL(req.first_name);
    CU_ASSERT_STRING_EQUAL(req.data_desc, "B16BBDz");
    /* the parsed strings point into the buffer: nothing is allocated */
    CU_ASSERT_TRUE((const guint8 *)req.domain > b->data &&
                   (const guint8 *)req.domain < b->data + b->len);

    BrwRapRequest built = {.opcode = BRW_RAP_NET_SERVER_ENUM2, .level = 1,
                           .receive_size = 0xFFFF, .server_type = BRW_SV_TYPE_ALL,
                           .domain = "WORKGROUP"};
    assert_builds_to(&built, ENUM2_WORKGROUP);
}

/* RAP-042: "WrLehDO" (capital O: a null pointer, nothing sent) has no Domain; a zero in its
 * place is another descriptor, refused byte-exactly. */
static void
test_rap042_enum2_without_domain(void)
{
    g_autoptr(GByteArray) b = NULL, zero = NULL;
    BrwRapRequest req;
    CU_ASSERT_EQUAL_FATAL(
        parse_hex("68 00 57 72 4c 65 68 44 4f 00 42 31 36 00 00 00 ff ff 00 00 04 00", &req, &b),
        MS_OK);
    CU_ASSERT_PTR_NULL(req.domain);
    CU_ASSERT_EQUAL(req.level, 0);
    CU_ASSERT_EQUAL(req.server_type, BRW_SV_TYPE_MASTER_BROWSER);
    assert_builds_to(&req, "68 00 57 72 4c 65 68 44 4f 00 42 31 36 00 00 00 ff ff 00 00 04 00");
    CU_ASSERT_EQUAL(
        parse_hex("68 00 57 72 4c 65 68 44 30 00 42 31 36 00 00 00 ff ff 00 00 04 00", &req, &zero),
        MS_ERR_BAD_HEADER);
    CU_ASSERT_EQUAL(req.opcode, BRW_RAP_NET_SERVER_ENUM2);
}

/* RAP-043: level 0 takes "B16", level 1 "B16BBDz"; another DataDesc at those levels is
 * refused (87), and a level the call lacks parses, for the answer to say 124. */
static void
test_rap043_levels_and_data_descriptors(void)
{
    CU_ASSERT_STRING_EQUAL(brw_rap_data_desc(BRW_RAP_NET_SERVER_ENUM2, 0), "B16");
    CU_ASSERT_STRING_EQUAL(brw_rap_data_desc(BRW_RAP_NET_SERVER_ENUM3, 1), "B16BBDz");
    CU_ASSERT_PTR_NULL(brw_rap_data_desc(BRW_RAP_NET_SERVER_ENUM2, 2));
    CU_ASSERT_PTR_NULL(brw_rap_data_desc(91, 0));

    g_autoptr(GByteArray) a = NULL, b = NULL;
    BrwRapRequest req;
    /* level 0 asked with level 1's descriptor */
    CU_ASSERT_EQUAL(parse_hex("68 00 57 72 4c 65 68 44 4f 00 42 31 36 42 42 44 7a 00 00 00 ff "
                              "ff ff ff ff ff",
                              &req, &a),
                    MS_ERR_BAD_HEADER);
    /* level 2 does not exist: parsed with its descriptor kept, for the answer's 124 */
    CU_ASSERT_EQUAL(
        parse_hex("68 00 57 72 4c 65 68 44 4f 00 42 32 30 00 02 00 ff ff ff ff ff ff", &req, &b),
        MS_OK);
    CU_ASSERT_EQUAL(req.level, 2);
    CU_ASSERT_STRING_EQUAL(req.data_desc, "B20");
    /* a level we lack only builds with its descriptor given */
    BrwRapRequest odd = req;
    assert_builds_to(&odd, "68 00 57 72 4c 65 68 44 4f 00 42 32 30 00 02 00 ff ff ff ff ff ff");
    odd.data_desc = NULL;
    guint8 out[64];
    MsWriter w = ms_writer_init(out, sizeof out);
    CU_ASSERT_EQUAL(brw_rap_request_build(&odd, &w), MS_ERR_INVALID_ARG);
}

/* RAP-052: NetServerEnum3 = NetServerEnum2's parameters and FirstNameToReturn. */
static void
test_rap052_enum3_request(void)
{
    BrwRapRequest req;
    brw_rap_request_init_enum(&req, BRW_SV_TYPE_ALL, "LABGRP", "FAKESRV1");
    CU_ASSERT_EQUAL(req.opcode, BRW_RAP_NET_SERVER_ENUM3);
    assert_builds_to(&req, ENUM3_LABGRP_FROM_FAKESRV1);

    g_autoptr(GByteArray) b = NULL;
    BrwRapRequest parsed;
    CU_ASSERT_EQUAL_FATAL(parse_hex(ENUM3_LABGRP_FROM_FAKESRV1, &parsed, &b), MS_OK);
    CU_ASSERT_EQUAL(parsed.opcode, BRW_RAP_NET_SERVER_ENUM3);
    CU_ASSERT_STRING_EQUAL(parsed.domain, "LABGRP");
    CU_ASSERT_STRING_EQUAL(parsed.first_name, "FAKESRV1");
    CU_ASSERT_EQUAL(parsed.receive_size, BRW_RAP_CLIENT_BUFFER);

    /* Enum3 always carries both strings: missing ones go out empty ("": the server's own
     * group, from the start) */
    brw_rap_request_init_enum(&req, BRW_SV_TYPE_ALL, NULL, "");
    assert_builds_to(&req, "d7 00 57 72 4c 65 68 44 7a 7a 00 42 31 36 42 42 44 7a 00 01 00 e0 ff "
                           "ff ff ff ff 00 00");
    /* "WrLehDO" is Enum2's only */
    g_autoptr(GByteArray) c = NULL;
    CU_ASSERT_EQUAL(parse_hex("d7 00 57 72 4c 65 68 44 4f 00 42 31 36 00 00 00 ff ff ff ff ff ff",
                              &parsed, &c),
                    MS_ERR_BAD_HEADER);
}

/* RAP-053, RAP-054, RAP-055: the calls that describe the host. */
static void
test_rap053_054_055_host_calls(void)
{
    g_autoptr(GByteArray) a = NULL, b = NULL, c = NULL, d = NULL, e = NULL;
    BrwRapRequest req;
    CU_ASSERT_EQUAL_FATAL(parse_hex(SHARE_ENUM_L1, &req, &a), MS_OK);
    CU_ASSERT_EQUAL(req.opcode, BRW_RAP_NET_SHARE_ENUM);
    CU_ASSERT_EQUAL(req.level, 1);
    CU_ASSERT_EQUAL(req.receive_size, 0xFFE0);
    CU_ASSERT_PTR_NULL(req.domain);
    req.data_desc = NULL; /* the level's own */
    assert_builds_to(&req, SHARE_ENUM_L1);
    /* level 1 with level 2's descriptor: accepted, as Samba's check_share_info does */
    CU_ASSERT_EQUAL(parse_hex("00 00 57 72 4c 65 68 00 42 31 33 42 57 7a 57 57 57 7a 42 39 42 00 "
                              "01 00 e0 ff",
                              &req, &b),
                    MS_OK);
    CU_ASSERT_EQUAL(parse_hex(SERVER_GET_INFO_L1, &req, &c), MS_OK);
    CU_ASSERT_EQUAL(req.opcode, BRW_RAP_NET_SERVER_GET_INFO);
    assert_builds_to(&req, SERVER_GET_INFO_L1);
    CU_ASSERT_EQUAL(parse_hex(WKSTA_GET_INFO_L10, &req, &d), MS_OK);
    CU_ASSERT_EQUAL(req.opcode, BRW_RAP_NET_WKSTA_GET_INFO);
    CU_ASSERT_EQUAL(req.level, 10);
    assert_builds_to(&req, WKSTA_GET_INFO_L10);
    /* NetServerGetInfo with NetServerEnum2's ParamDesc */
    CU_ASSERT_EQUAL(parse_hex("0d 00 57 72 4c 65 68 00 42 31 36 00 00 00 ff ff", &req, &e),
                    MS_ERR_BAD_HEADER);
}

/* RAP-056: an opcode we do not serve parses as far as its descriptors, so it can be
 * answered 50; a ParamDesc the call does not take (case counts) is refused for 87. */
static void
test_rap056_unknown_opcode_and_wrong_descriptor(void)
{
    g_autoptr(GByteArray) a = NULL, b = NULL, c = NULL;
    BrwRapRequest req;
    /* NetRemoteTOD (91, "rL", "DDBBBBWWBBWB") */
    CU_ASSERT_EQUAL(parse_hex("5b 00 72 4c 00 44 44 42 42 42 42 57 57 42 42 57 42 00 15 00", &req,
                              &a),
                    MS_ERR_UNSUPPORTED);
    CU_ASSERT_EQUAL(req.opcode, 91);
    CU_ASSERT_EQUAL(parse_hex("68 00 77 72 4c 65 68 44 7a 00 42 31 36 00 00 00 ff ff ff ff ff ff "
                              "00",
                              &req, &b),
                    MS_ERR_BAD_HEADER);
    CU_ASSERT_EQUAL(parse_hex("68 00 57 72 4c 65 68 44 7a 7a 00 42 31 36 00 00 00 ff ff ff ff ff "
                              "ff 00 00",
                              &req, &c),
                    MS_ERR_BAD_HEADER);
    BrwRapRequest tod = {.opcode = 91};
    guint8 out[64];
    MsWriter w = ms_writer_init(out, sizeof out);
    CU_ASSERT_EQUAL(brw_rap_request_build(&tod, &w), MS_ERR_INVALID_ARG);
}

/* RAP-057: fewer than 2 bytes, an unterminated descriptor or string, or parameters that end
 * inside a field are not a RAP request: every proper prefix of every request is refused
 * as truncated. Bytes after the last parameter are ignored. */
static void
test_rap057_truncated_requests(void)
{
    const char *requests[] = {ENUM2_WORKGROUP, ENUM3_LABGRP_FROM_FAKESRV1, SHARE_ENUM_L1,
                              SERVER_GET_INFO_L1, WKSTA_GET_INFO_L10,
                              "68 00 57 72 4c 65 68 44 4f 00 42 31 36 00 00 00 ff ff 00 00 04 00"};
    for (gsize i = 0; i < G_N_ELEMENTS(requests); i++) {
        g_autoptr(GByteArray) b = test_hex(requests[i]);
        BrwRapRequest req;
        for (gsize n = 0; n < b->len; n++)
            CU_ASSERT_EQUAL(brw_rap_request_parse(b->data, n, &req), MS_ERR_TRUNCATED);
        CU_ASSERT_EQUAL(brw_rap_request_parse(b->data, b->len, &req), MS_OK);
        g_byte_array_append(b, (const guint8 *)"\x01\x02\x03", 3);
        CU_ASSERT_EQUAL(brw_rap_request_parse(b->data, b->len, &req), MS_OK);
    }
    /* the unknown opcode needs its descriptors whole too */
    g_autoptr(GByteArray) tod = test_hex("5b 00 72 4c 00 44 44 42");
    BrwRapRequest req;
    CU_ASSERT_EQUAL(brw_rap_request_parse(tod->data, tod->len, &req), MS_ERR_TRUNCATED);
    CU_ASSERT_EQUAL(brw_rap_request_parse(NULL, 0, &req), MS_ERR_TRUNCATED);
}

/* RAP-059: our client asks level 1 with a buffer of at most 0xFFE0. */
static void
test_rap059_client_request_defaults(void)
{
    BrwRapRequest req;
    brw_rap_request_init_enum(&req, BRW_SV_TYPE_LOCAL_LIST_ONLY | BRW_SV_TYPE_DOMAIN_ENUM,
                              "LABGRP", NULL);
    CU_ASSERT_EQUAL(req.opcode, BRW_RAP_NET_SERVER_ENUM2);
    CU_ASSERT_EQUAL(req.level, 1);
    CU_ASSERT_TRUE(req.receive_size <= 0xFFE0);
    assert_builds_to(&req, "68 00 57 72 4c 65 68 44 7a 00 42 31 36 42 42 44 7a 00 01 00 e0 ff "
                           "00 00 00 c0 4c 41 42 47 52 50 00");
    /* a writer too small fails at the end, as every encoder does */
    guint8 out[20];
    MsWriter w = ms_writer_init(out, sizeof out);
    CU_ASSERT_EQUAL(brw_rap_request_build(&req, &w), MS_ERR_NO_SPACE);
}

int
main(void)
{
    CU_TestInfo tests[] = {
        {"rap041_enum2_request", test_rap041_enum2_request},
        {"rap042_enum2_without_domain", test_rap042_enum2_without_domain},
        {"rap043_levels_and_data_descriptors", test_rap043_levels_and_data_descriptors},
        {"rap052_enum3_request", test_rap052_enum3_request},
        {"rap053_054_055_host_calls", test_rap053_054_055_host_calls},
        {"rap056_unknown_opcode_and_wrong_descriptor",
         test_rap056_unknown_opcode_and_wrong_descriptor},
        {"rap057_truncated_requests", test_rap057_truncated_requests},
        {"rap059_client_request_defaults", test_rap059_client_request_defaults},
        CU_TEST_INFO_NULL,
    };
    return test_run_suite("brw-rap-request", tests);
}
