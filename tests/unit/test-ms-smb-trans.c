/* The TRANSACTION codec both ways ([MS-CIFS] §2.2.4.33-§2.2.4.34): smbclient's and nmap's
 * requests, Samba's replies byte for byte, replies split for a small MaxBufferSize and
 * put back together (RAP-025, RAP-026, RAP-028, RAP-029). */
#include <libmailslot/ms-smb-commands.h>

#include <string.h>

#include "smb-harness.h"

/* RAP-025: smbclient's two NetServerEnum2 requests (frames 134, 136) come out of our
 * builder byte for byte: name in UTF-16 after a pad, parameters at 92, data offset 126. */
static void
test_rap025_request_builder_matches_smbclient(void)
{
    static const guint frames[] = {134, 136};
    for (gsize i = 0; i < G_N_ELEMENTS(frames); i++) {
        g_autoptr(GBytes) smb = capture_smb(frames[i]);
        gsize len;
        const guint8 *d = g_bytes_get_data(smb, &len);
        MsSmbHeader h;
        MsSmbBlock b;
        smb_parse(smb, &h, &b);
        MsSmbTransRequest r;
        CU_ASSERT_EQUAL_FATAL(ms_smb_trans_request_parse(d, &b, TRUE, &r), MS_OK);
        CU_ASSERT_TRUE(ms_smb_string_equal(&r.name, MS_SMB_PIPE_LANMAN));
        CU_ASSERT_EQUAL(r.param_offset, 92);
        CU_ASSERT_EQUAL(r.param_count, 33);
        CU_ASSERT_EQUAL(r.data_offset, 126);
        CU_ASSERT_EQUAL(r.data_count, 0);
        CU_ASSERT_EQUAL(r.max_param_count, 8);
        CU_ASSERT_EQUAL(r.max_data_count, 0xFFFF);
        CU_ASSERT_EQUAL(r.params[0], 104); /* NetServerEnum2 */

        MsSmbTransRequest again = r;
        again.name = ms_smb_str(MS_SMB_PIPE_LANMAN);
        guint8 buf[512];
        MsWriter w = ms_writer_init(buf, sizeof buf);
        ms_smb_header_write(&w, &h);
        CU_ASSERT_EQUAL(ms_smb_trans_request_write(&w, 0, TRUE, &again), MS_OK);
        TEST_ASSERT_BYTES_EQUAL(buf, w.len, d, len);
    }
}

/* nmap (frame 196): ASCII name, parameters at 80, DataOffset 0 with no data. */
static void
test_nmap_request_parses(void)
{
    g_autoptr(GBytes) smb = capture_smb(196);
    MsSmbHeader h;
    MsSmbBlock b;
    smb_parse(smb, &h, &b);
    MsSmbTransRequest r;
    CU_ASSERT_EQUAL_FATAL(ms_smb_trans_request_parse(g_bytes_get_data(smb, NULL), &b, FALSE, &r),
                          MS_OK);
    CU_ASSERT_TRUE(ms_smb_string_equal(&r.name, "\\pipe\\lanman"));
    CU_ASSERT_EQUAL(r.param_offset, 80);
    CU_ASSERT_EQUAL(r.param_count, 26);
    CU_ASSERT_EQUAL(r.data_offset, 0);
    CU_ASSERT_PTR_NULL(r.data);
    CU_ASSERT_EQUAL(r.timeout, 5000);
}

/* RAP-026: every inconsistency of a well-formed block is refused by the parser. */
static void
test_rap026_request_inconsistencies(void)
{
    g_autoptr(GBytes) smb = capture_smb(134);
    gsize len;
    const guint8 *orig = g_bytes_get_data(smb, &len);
    /* word offsets (from the WordCount byte at 32) and values */
    static const struct {
        gsize at;
        guint16 value;
        MsStatus expect;
    } cases[] = {
        {33 + 18, 34, MS_ERR_BAD_LENGTH},   /* ParameterCount > TotalParameterCount */
        {33 + 22, 1, MS_ERR_BAD_LENGTH},    /* DataCount > TotalDataCount */
        {33 + 20, 93 + 33, MS_ERR_BAD_LENGTH}, /* parameters past the end */
        {33 + 20, 40, MS_ERR_BAD_LENGTH},   /* parameters inside the words */
        {33 + 20, 0xFFFF, MS_ERR_BAD_LENGTH},
        {33 + 26, 1, MS_ERR_BAD_HEADER},    /* SetupCount 1 with WordCount 14 */
    };
    for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree guint8 *d = g_memdup2(orig, len);
        if (cases[i].at == 33 + 26) {
            d[cases[i].at] = (guint8)cases[i].value;
        } else {
            d[cases[i].at] = (guint8)cases[i].value;
            d[cases[i].at + 1] = (guint8)(cases[i].value >> 8);
        }
        MsSmbBlock b;
        CU_ASSERT_EQUAL_FATAL(ms_smb_block_parse(d, len, MS_SMB_HEADER_LEN, 0x25, &b), MS_OK);
        MsSmbTransRequest r;
        CU_ASSERT_EQUAL(ms_smb_trans_request_parse(d, &b, TRUE, &r), cases[i].expect);
    }
    /* WordCount below 14, and a name without its terminator */
    MsSmbBlock b;
    CU_ASSERT_EQUAL_FATAL(ms_smb_block_parse(orig, len, MS_SMB_HEADER_LEN, 0x25, &b), MS_OK);
    MsSmbBlock few = b;
    few.word_count = 13;
    MsSmbTransRequest r;
    CU_ASSERT_EQUAL(ms_smb_trans_request_parse(orig, &few, TRUE, &r), MS_ERR_BAD_HEADER);
    MsSmbBlock short_name = b;
    short_name.byte_count = 20;
    short_name.end = short_name.bytes_offset + 20;
    CU_ASSERT_NOT_EQUAL(ms_smb_trans_request_parse(orig, &short_name, TRUE, &r), MS_OK);
}

/* Samba's replies (frames 135, 137, 197) parse, and our reply writer lays the same
 * parameters and data out byte for byte: pad to 56, data on a 4-byte boundary. */
static void
test_reply_writer_matches_samba(void)
{
    static const guint frames[] = {135, 137, 197};
    for (gsize i = 0; i < G_N_ELEMENTS(frames); i++) {
        g_autoptr(GBytes) smb = capture_smb(frames[i]);
        gsize len;
        const guint8 *d = g_bytes_get_data(smb, &len);
        MsSmbHeader h;
        MsSmbBlock b;
        smb_parse(smb, &h, &b);
        MsSmbTransPart p;
        CU_ASSERT_EQUAL_FATAL(ms_smb_trans_reply_parse(d, &b, &p), MS_OK);
        CU_ASSERT_EQUAL(p.param_offset, 56);
        CU_ASSERT_EQUAL(p.param_count, 8);
        CU_ASSERT_EQUAL(p.data_offset, 64);
        CU_ASSERT_EQUAL(p.total_data_count, p.data_count);

        guint8 buf[512];
        MsWriter w = ms_writer_init(buf, sizeof buf);
        ms_smb_header_write(&w, &h);
        gsize pd = 0, dd = 0;
        CU_ASSERT_EQUAL(ms_smb_trans_reply_write(&w, 0, 16644, p.params, p.param_count, p.data,
                                                 p.data_count, &pd, &dd),
                        MS_OK);
        CU_ASSERT_EQUAL(pd, p.param_count);
        CU_ASSERT_EQUAL(dd, p.data_count);
        TEST_ASSERT_BYTES_EQUAL(buf, w.len, d, len);
    }
}

/* Writes the whole reply in parts of at most max_message bytes, parses each back and
 * reassembles; returns the number of parts. */
static guint
split_and_join(const guint8 *params, gsize plen, const guint8 *data, gsize dlen,
               gsize max_message)
{
    MsSmbTransAssembly a;
    ms_smb_trans_assembly_init(&a, 200000);
    gsize pd = 0, dd = 0;
    guint parts = 0;
    MsSmbAssemblyResult res = MS_SMB_ASSEMBLY_MORE;
    do {
        guint8 buf[70000];
        MsWriter w = ms_writer_init(buf, sizeof buf);
        MsSmbHeader h = req_header(MS_SMB_COM_TRANSACTION, 0, 1, 2, 3);
        ms_smb_header_write(&w, &h);
        CU_ASSERT_EQUAL_FATAL(ms_smb_trans_reply_write(&w, 0, max_message, params, plen, data,
                                                       dlen, &pd, &dd),
                              MS_OK);
        CU_ASSERT_TRUE(w.len <= max_message);
        MsSmbBlock b;
        CU_ASSERT_EQUAL_FATAL(ms_smb_block_parse(buf, w.len, MS_SMB_HEADER_LEN, 0x25, &b), MS_OK);
        MsSmbTransPart p;
        CU_ASSERT_EQUAL_FATAL(ms_smb_trans_reply_parse(buf, &b, &p), MS_OK);
        CU_ASSERT_EQUAL(p.param_offset % 4, 0);
        if (p.data_count > 0)
            CU_ASSERT_EQUAL(p.data_offset % 4, 0);
        /* parameters first: no data before the last parameter byte is out */
        if (p.data_count > 0)
            CU_ASSERT_EQUAL(p.param_displacement + p.param_count, plen);
        res = ms_smb_trans_assembly_add(&a, &p);
        parts++;
    } while (pd < plen || dd < dlen);
    CU_ASSERT_EQUAL(res, MS_SMB_ASSEMBLY_DONE);
    CU_ASSERT_EQUAL(a.total_params, plen);
    CU_ASSERT_EQUAL(a.total_data, dlen);
    TEST_ASSERT_BYTES_EQUAL(a.params, plen, params, plen);
    TEST_ASSERT_BYTES_EQUAL(ms_smb_trans_assembly_data(&a), dlen, data, dlen);
    ms_smb_trans_assembly_clear(&a);
    return parts;
}

/* RAP-029: a reply bigger than the client's buffer goes out in parts, each within it,
 * parameters first, and comes back whole. */
static void
test_rap029_split_replies(void)
{
    g_autofree guint8 *params = g_malloc(1000);
    g_autofree guint8 *data = g_malloc(65535);
    for (gsize i = 0; i < 65535; i++)
        data[i] = (guint8)(i * 31 + 7);
    for (gsize i = 0; i < 1000; i++)
        params[i] = (guint8)(i ^ 0x5A);
    CU_ASSERT_EQUAL(split_and_join(params, 8, data, 3000, 500), 7);
    CU_ASSERT_EQUAL(split_and_join(params, 1000, data, 100, 300), 5);
    CU_ASSERT_EQUAL(split_and_join(params, 8, data, 65535, 65535), 2);
    CU_ASSERT_EQUAL(split_and_join(params, 8, data, 65535, 16644), 4);
    CU_ASSERT_EQUAL(split_and_join(params, 0, data, 0, 500), 1);
    CU_ASSERT_EQUAL(split_and_join(params, 3, data, 1, 57), 4);
    /* no room for a single byte */
    guint8 buf[100];
    MsWriter w = ms_writer_init(buf, sizeof buf);
    MsSmbHeader h = req_header(MS_SMB_COM_TRANSACTION, 0, 1, 2, 3);
    ms_smb_header_write(&w, &h);
    gsize pd = 0, dd = 0;
    CU_ASSERT_EQUAL(ms_smb_trans_reply_write(&w, 0, 56, params, 8, data, 8, &pd, &dd),
                    MS_ERR_NO_SPACE);
    CU_ASSERT_EQUAL(ms_smb_trans_reply_write(&w, 0, 500, params, 70000, data, 8, &pd, &dd),
                    MS_ERR_INVALID_ARG);
}

/* RAP-028: a request split into a primary and secondaries is put back together; the
 * interim response parses as "not a reply yet". */
static void
test_rap028_secondaries_assemble(void)
{
    guint8 params[40], data[300];
    for (gsize i = 0; i < sizeof params; i++)
        params[i] = (guint8)i;
    for (gsize i = 0; i < sizeof data; i++)
        data[i] = (guint8)(255 - i);
    MsSmbTransAssembly a;
    ms_smb_trans_assembly_init(&a, 1000);
    /* the primary carries 10 parameter bytes; two secondaries bring the rest */
    MsSmbTransPart parts[] = {
        {40, 300, params, 10, 0, 0, NULL, 0, 0, 0},
        {40, 300, params + 10, 30, 0, 10, data, 100, 0, 0},
        {40, 300, NULL, 0, 0, 0, data + 100, 200, 0, 100},
    };
    for (gsize i = 1; i < G_N_ELEMENTS(parts); i++) {
        /* through the wire and back */
        guint8 buf[1024];
        MsWriter w = ms_writer_init(buf, sizeof buf);
        MsSmbHeader h = req_header(MS_SMB_COM_TRANSACTION_SECONDARY, 0, 1, 2, 3);
        ms_smb_header_write(&w, &h);
        CU_ASSERT_EQUAL(ms_smb_trans_secondary_write(&w, 0, &parts[i]), MS_OK);
        MsSmbBlock b;
        CU_ASSERT_EQUAL_FATAL(ms_smb_block_parse(buf, w.len, MS_SMB_HEADER_LEN, 0x26, &b), MS_OK);
        MsSmbTransPart back;
        CU_ASSERT_EQUAL_FATAL(ms_smb_trans_secondary_parse(buf, &b, &back), MS_OK);
        CU_ASSERT_EQUAL(back.param_count, parts[i].param_count);
        CU_ASSERT_EQUAL(back.data_displacement, parts[i].data_displacement);
        parts[i].params = back.params;
        parts[i].data = back.data;
        if (i == 1)
            CU_ASSERT_EQUAL(ms_smb_trans_assembly_add(&a, &parts[0]), MS_SMB_ASSEMBLY_MORE);
        CU_ASSERT_EQUAL(ms_smb_trans_assembly_add(&a, &back),
                        i == 2 ? MS_SMB_ASSEMBLY_DONE : MS_SMB_ASSEMBLY_MORE);
    }
    TEST_ASSERT_BYTES_EQUAL(a.params, 40, params, 40);
    TEST_ASSERT_BYTES_EQUAL(ms_smb_trans_assembly_data(&a), 300, data, 300);
    ms_smb_trans_assembly_clear(&a);

    /* the interim response: WordCount 0 */
    guint8 buf[64];
    MsWriter w = ms_writer_init(buf, sizeof buf);
    MsSmbHeader h = req_header(MS_SMB_COM_TRANSACTION, 0, 1, 2, 3);
    ms_smb_header_write(&w, &h);
    ms_smb_empty_write(&w);
    MsSmbBlock b;
    CU_ASSERT_EQUAL_FATAL(ms_smb_block_parse(buf, w.len, MS_SMB_HEADER_LEN, 0x25, &b), MS_OK);
    MsSmbTransPart p;
    CU_ASSERT_EQUAL(ms_smb_trans_reply_parse(buf, &b, &p), MS_ERR_UNSUPPORTED);
}

/* The assembly's bounds: totals may shrink (the data moves down), never grow; a slice
 * outside the totals, or totals beyond the limit, fail. */
static void
test_assembly_bounds(void)
{
    guint8 bytes[64];
    for (gsize i = 0; i < sizeof bytes; i++)
        bytes[i] = (guint8)(i + 1);
    MsSmbTransAssembly a;
    ms_smb_trans_assembly_init(&a, 100);
    MsSmbTransPart first = {20, 20, bytes, 4, 0, 0, bytes + 10, 5, 0, 0};
    CU_ASSERT_EQUAL(ms_smb_trans_assembly_add(&a, &first), MS_SMB_ASSEMBLY_MORE);
    MsSmbTransPart shrink = {10, 5, bytes + 4, 6, 0, 4, NULL, 0, 0, 0};
    CU_ASSERT_EQUAL(ms_smb_trans_assembly_add(&a, &shrink), MS_SMB_ASSEMBLY_DONE);
    TEST_ASSERT_BYTES_EQUAL(a.params, 10, bytes, 10);
    TEST_ASSERT_BYTES_EQUAL(ms_smb_trans_assembly_data(&a), 5, bytes + 10, 5);
    ms_smb_trans_assembly_clear(&a);

    MsSmbTransPart grow = {30, 20, NULL, 0, 0, 0, NULL, 0, 0, 0};
    MsSmbTransPart outside = {20, 20, bytes, 5, 0, 16, NULL, 0, 0, 0};
    MsSmbTransPart shrink_below = {3, 20, NULL, 0, 0, 0, NULL, 0, 0, 0};
    MsSmbTransPart *bad[] = {&grow, &outside, &shrink_below};
    for (gsize i = 0; i < G_N_ELEMENTS(bad); i++) {
        ms_smb_trans_assembly_init(&a, 100);
        CU_ASSERT_EQUAL(ms_smb_trans_assembly_add(&a, &first), MS_SMB_ASSEMBLY_MORE);
        CU_ASSERT_EQUAL(ms_smb_trans_assembly_add(&a, bad[i]), MS_SMB_ASSEMBLY_ERROR);
        ms_smb_trans_assembly_clear(&a);
    }
    ms_smb_trans_assembly_init(&a, 39);
    CU_ASSERT_EQUAL(ms_smb_trans_assembly_add(&a, &first), MS_SMB_ASSEMBLY_ERROR);
    ms_smb_trans_assembly_clear(&a);
}

/* Reply parts whose displacements leave the totals are refused by the client parser. */
static void
test_reply_parse_refuses_bad_parts(void)
{
    g_autoptr(GBytes) smb = capture_smb(135);
    gsize len;
    const guint8 *orig = g_bytes_get_data(smb, &len);
    static const gsize fields[] = {33 + 0, 33 + 6, 33 + 8, 33 + 10, 33 + 14, 33 + 16};
    for (gsize i = 0; i < G_N_ELEMENTS(fields); i++) {
        g_autofree guint8 *d = g_memdup2(orig, len);
        /* shrink the parameter total below its count, or push a count, offset or
         * displacement out */
        d[fields[i]] = fields[i] == 33 ? 4 : 0xF0;
        d[fields[i] + 1] = fields[i] == 33 ? 0 : 0x0F;
        MsSmbBlock b;
        CU_ASSERT_EQUAL_FATAL(ms_smb_block_parse(d, len, MS_SMB_HEADER_LEN, 0x25, &b), MS_OK);
        MsSmbTransPart p;
        CU_ASSERT_EQUAL(ms_smb_trans_reply_parse(d, &b, &p), MS_ERR_BAD_LENGTH);
    }
}

static CU_TestInfo tests[] = {
    {"RAP-025 request builder = smbclient (134/136)", test_rap025_request_builder_matches_smbclient},
    {"nmap request parses (196)", test_nmap_request_parses},
    {"RAP-026 request inconsistencies", test_rap026_request_inconsistencies},
    {"reply writer = Samba (135/137/197)", test_reply_writer_matches_samba},
    {"RAP-029 split replies", test_rap029_split_replies},
    {"RAP-028 secondaries assemble", test_rap028_secondaries_assemble},
    {"assembly bounds", test_assembly_bounds},
    {"reply parser refuses bad parts", test_reply_parse_refuses_bad_parts},
    CU_TEST_INFO_NULL,
};

int
main(void)
{
    return test_run_suite("ms-smb-trans", tests);
}
