/* RAP replies as bytes: the reply parameters, records laid out by a DataDesc, the strings
 * after them and their pointers (converter arithmetic), the packer's limits, and the client's
 * reading of NetServerEnum2 replies that a hostile server crafted. CHECKLIST ids: RAP-040,
 * RAP-049 to RAP-051, RAP-059; [MS-RAP] 2.5.2, 2.5.11. */
#include <browse-proto/brw-rap.h>
#include <browse-proto/brw-server-type.h>

#include <string.h>

#include "test-util.h"

/* Frame 135 of smb-netserverenum2.pcapng, Samba's reply to smbclient: parameters and data. */
#define F135_PARAMS "00 00 00 00 02 00 02 00"
#define F135_DATA                                                                                  \
    "46 41 4b 45 53 52 56 31 00 00 00 00 00 00 00 00 00 00 03 88 01 00 34 00 00 00"               \
    "48 31 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 03 9a 84 00 50 00 00 00"               \
    "66 61 6b 65 20 73 65 72 76 65 72 20 66 72 6f 6d 20 62 72 77 73 5f 70 72 6f 62 65 00"         \
    "62 72 6c 61 62 20 48 31 00"

/* RAP-040: status then converter, then the call's returned values; an error reply may stop
 * after the converter. */
static void
test_rap040_reply_params(void)
{
    CU_ASSERT_EQUAL(brw_rap_reply_params_size(BRW_RAP_NET_SERVER_ENUM2), 8);
    CU_ASSERT_EQUAL(brw_rap_reply_params_size(BRW_RAP_NET_SERVER_ENUM3), 8);
    CU_ASSERT_EQUAL(brw_rap_reply_params_size(BRW_RAP_NET_SHARE_ENUM), 8);
    CU_ASSERT_EQUAL(brw_rap_reply_params_size(BRW_RAP_NET_SERVER_GET_INFO), 6);
    CU_ASSERT_EQUAL(brw_rap_reply_params_size(BRW_RAP_NET_WKSTA_GET_INFO), 6);
    CU_ASSERT_EQUAL(brw_rap_reply_params_size(91), 4);

    guint8 out[8];
    MsWriter w = ms_writer_init(out, sizeof out);
    BrwRapReplyParams rp = {.status = BRW_RAP_ERROR_MORE_DATA, .converter = 0x1685,
                            .count = 3, .available = 0x1234};
    CU_ASSERT_EQUAL(brw_rap_reply_params_build(BRW_RAP_NET_SERVER_ENUM2, &rp, &w), MS_OK);
    g_autoptr(GByteArray) want = test_hex("ea 00 85 16 03 00 34 12");
    TEST_ASSERT_BYTES_EQUAL(out, w.len, want->data, want->len);
    BrwRapReplyParams back;
    CU_ASSERT_EQUAL(brw_rap_reply_params_parse(BRW_RAP_NET_SERVER_ENUM2, out, w.len, &back),
                    MS_OK);
    CU_ASSERT_EQUAL(memcmp(&rp, &back, sizeof rp), 0);
    /* GetInfo: TotalBytesAvailable is the one 'h' */
    w = ms_writer_init(out, sizeof out);
    CU_ASSERT_EQUAL(brw_rap_reply_params_build(BRW_RAP_NET_SERVER_GET_INFO, &rp, &w), MS_OK);
    g_autoptr(GByteArray) want6 = test_hex("ea 00 85 16 34 12");
    TEST_ASSERT_BYTES_EQUAL(out, w.len, want6->data, want6->len);

    /* Samba's unsupported-call reply: 4 bytes; a success must carry its counts */
    g_autoptr(GByteArray) err = test_hex("32 00 00 00");
    CU_ASSERT_EQUAL(brw_rap_reply_params_parse(BRW_RAP_NET_SERVER_ENUM2, err->data, 4, &back),
                    MS_OK);
    CU_ASSERT_EQUAL(back.status, BRW_RAP_ERROR_NOT_SUPPORTED);
    g_autoptr(GByteArray) ok = test_hex("00 00 00 00 02 00");
    CU_ASSERT_EQUAL(brw_rap_reply_params_parse(BRW_RAP_NET_SERVER_ENUM2, ok->data, 6, &back),
                    MS_ERR_TRUNCATED);
    CU_ASSERT_EQUAL(brw_rap_reply_params_parse(BRW_RAP_NET_SERVER_ENUM2, ok->data, 3, &back),
                    MS_ERR_TRUNCATED);
    w = ms_writer_init(out, 7);
    CU_ASSERT_EQUAL(brw_rap_reply_params_build(BRW_RAP_NET_SERVER_ENUM2, &rp, &w),
                    MS_ERR_NO_SPACE);
}

/* [MS-RAP] 2.5.1: what a data descriptor's records measure. */
static void
test_record_sizes(void)
{
    CU_ASSERT_EQUAL(brw_rap_record_size("B16"), BRW_RAP_SERVER_INFO0_SIZE);
    CU_ASSERT_EQUAL(brw_rap_record_size("B16BBDz"), BRW_RAP_SERVER_INFO1_SIZE);
    CU_ASSERT_EQUAL(brw_rap_record_size("B13"), BRW_RAP_SHARE_INFO0_SIZE);
    CU_ASSERT_EQUAL(brw_rap_record_size("B13BWz"), BRW_RAP_SHARE_INFO1_SIZE);
    CU_ASSERT_EQUAL(brw_rap_record_size("B13BWzWWWzB9B"), BRW_RAP_SHARE_INFO2_SIZE);
    CU_ASSERT_EQUAL(brw_rap_record_size("zzzBBzz"), BRW_RAP_WKSTA_INFO10_SIZE);
    CU_ASSERT_EQUAL(brw_rap_record_fields("B16BBDz"), 5);
    CU_ASSERT_EQUAL(brw_rap_record_fields("B13BWzWWWzB9B"), 10);
    /* what we do not marshal: other letters, counted W/D/z, B0, nothing, too many fields */
    const char *bad[] = {"", "B16Q", "W2", "z3", "B0", "BBBBBBBBBBBBBBBBB", "r"};
    for (gsize i = 0; i < G_N_ELEMENTS(bad); i++) {
        CU_ASSERT_EQUAL(brw_rap_record_size(bad[i]), 0);
        CU_ASSERT_EQUAL(brw_rap_record_fields(bad[i]), 0);
    }
}

/* Items for the packer: name i and a comment of i + 1 'c's ("B16BBDz"). */
typedef struct {
    char names[64][16];
    char comment[64];
} Items;

static void
fill_item(guint index, BrwRapValue *v, gpointer user_data)
{
    Items *items = user_data;
    v[0].str = items->names[index];
    v[0].len = strlen(items->names[index]);
    v[1].num = 6;
    v[2].num = 1;
    v[3].num = 0x00051003;
    v[4].str = items->comment;
    v[4].len = index + 1;
}

static Items *
items_new(void)
{
    Items *items = g_new0(Items, 1);
    for (guint i = 0; i < 64; i++)
        g_snprintf(items->names[i], sizeof items->names[i], "SRV%02u", i);
    memset(items->comment, 'c', sizeof items->comment - 1);
    return items;
}

/* RAP-051: a string pointer is offset + Converter in its low 16 bits, and the reader
 * subtracts it back: with Windows' converter 0x1685 ([MS-RAP] 4.2) as with Samba's 0. */
static void
test_rap051_converter_arithmetic(void)
{
    g_autofree Items *items = items_new();
    const guint16 converters[] = {0, 0x1685, 0x7FFF, 0xFF00};
    for (gsize c = 0; c < G_N_ELEMENTS(converters); c++) {
        guint16 conv = converters[c];
        guint8 data[512];
        MsWriter w = ms_writer_init(data, sizeof data);
        CU_ASSERT_EQUAL_FATAL(brw_rap_records_pack(&w, 0xFFFF, conv, "B16BBDz", 3, fill_item,
                                                   items),
                              3);
        /* three records, then "c\0" "cc\0" "ccc\0" in record order */
        CU_ASSERT_EQUAL(w.len, 3 * 26 + 2 + 3 + 4);
        const gsize offsets[] = {78, 80, 83};
        for (guint i = 0; i < 3; i++) {
            const guint8 *ptr = data + i * 26 + 22;
            guint32 value = ptr[0] | (ptr[1] << 8) | ((guint32)ptr[2] << 16) |
                            ((guint32)ptr[3] << 24);
            CU_ASSERT_EQUAL(value, offsets[i] + conv);
            BrwRapValue v[BRW_RAP_FIELDS_MAX];
            CU_ASSERT_EQUAL(brw_rap_record_get(data, w.len, i, "B16BBDz", conv, v), MS_OK);
            CU_ASSERT_EQUAL(v[4].len, i + 1);
            CU_ASSERT_PTR_EQUAL(v[4].str, (const char *)data + offsets[i]);
            CU_ASSERT_EQUAL(v[3].num, 0x00051003);
            CU_ASSERT_EQUAL(v[0].len, 5);
            CU_ASSERT_EQUAL(memcmp(v[0].str, items->names[i], 5), 0);
        }
    }
    /* a converter that leaves 16 bytes of pointer room: one record cannot fit */
    guint8 data[512];
    MsWriter w = ms_writer_init(data, sizeof data);
    CU_ASSERT_EQUAL(brw_rap_records_pack(&w, 0xFFFF, 0xFFF0, "B16BBDz", 3, fill_item, items), 0);
    CU_ASSERT_EQUAL(w.len, 0);
}

/* RAP-049: only whole records, each with its strings, and never more than the limit; the
 * records returned are the first ones, so a NetServerEnum3 can resume after the last. */
static void
test_rap049_whole_records_within_limit(void)
{
    g_autofree Items *items = items_new();
    /* records of 26 + 2, 26 + 3, 26 + 4 ... bytes: two take 57, three 87 */
    const struct {
        gsize limit;
        guint packed;
    } cases[] = {{87, 3}, {86, 2}, {57, 2}, {56, 1}, {28, 1}, {27, 0}, {0, 0}};
    for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
        guint8 data[512];
        memset(data, 0xEE, sizeof data);
        MsWriter w = ms_writer_init(data, sizeof data);
        guint packed =
            brw_rap_records_pack(&w, cases[i].limit, 0, "B16BBDz", 10, fill_item, items);
        CU_ASSERT_EQUAL(packed, cases[i].packed);
        CU_ASSERT_TRUE(w.len <= cases[i].limit);
        CU_ASSERT_EQUAL(w.len, packed * 26 + packed * (packed + 3) / 2);
        CU_ASSERT_EQUAL(data[w.len], 0xEE); /* nothing of a record that did not fit */
    }
    /* the writer's own space bounds it too (the transaction's MaxDataCount) */
    guint8 small[60];
    MsWriter w = ms_writer_init(small, sizeof small);
    CU_ASSERT_EQUAL(brw_rap_records_pack(&w, 0xFFFF, 0, "B16BBDz", 10, fill_item, items), 2);
    /* appended after what the writer holds */
    guint8 data[512];
    w = ms_writer_init(data, sizeof data);
    ms_writer_put_bytes(&w, "xyz", 3);
    CU_ASSERT_EQUAL(brw_rap_records_pack(&w, 0xFFFF, 0, "B16", 2, fill_item, items), 2);
    CU_ASSERT_EQUAL(w.len, 3 + 32);
}

static void
fill_big(guint index, BrwRapValue *v, gpointer user_data)
{
    (void)user_data;
    static const char comment[] = "a comment of forty-two characters, exactly";
    v[0].str = "SERVER";
    v[0].len = 6;
    v[3].num = index;
    v[4].str = comment;
    v[4].len = sizeof comment - 1;
}

/* [MS-BRWS] 1.6, BRW_RAP_DATA_MAX: whatever the limit and the space, no reply carries more
 * than 64 KiB - 1 of data: 949 records of 26 + 43 bytes. */
static void
test_rap049_data_capped_at_64k(void)
{
    gsize cap = 3 * BRW_RAP_DATA_MAX;
    g_autofree guint8 *data = g_malloc(cap);
    MsWriter w = ms_writer_init(data, cap);
    guint packed = brw_rap_records_pack(&w, cap, 0, "B16BBDz", 5000, fill_big, NULL);
    CU_ASSERT_EQUAL(packed, BRW_RAP_DATA_MAX / 69);
    CU_ASSERT_TRUE(w.len <= BRW_RAP_DATA_MAX);
    CU_ASSERT_EQUAL(w.len, packed * 69);
}

/* RAP-051: strings that are empty still get a pointer, to their NUL; the fixed part of a
 * GetInfo whose strings do not fit uses null pointers, read back as "". */
static void
test_rap051_empty_and_null_strings(void)
{
    g_autoptr(GByteArray) b = test_hex("48 31 00 00 00 00 00 00 00 00 00 00 00 00 00 00 "
                                       "06 01 03 10 00 00 00 00 00 00 "
                                       "48 32 00 00 00 00 00 00 00 00 00 00 00 00 00 00 "
                                       "06 01 03 10 00 00 34 00 00 00 00");
    BrwRapValue v[BRW_RAP_FIELDS_MAX];
    CU_ASSERT_EQUAL(brw_rap_record_get(b->data, b->len, 0, "B16BBDz", 0, v), MS_OK);
    CU_ASSERT_STRING_EQUAL(v[4].str, "");
    CU_ASSERT_EQUAL(brw_rap_record_get(b->data, b->len, 1, "B16BBDz", 0, v), MS_OK);
    CU_ASSERT_PTR_EQUAL(v[4].str, (const char *)b->data + 52);
    CU_ASSERT_EQUAL(v[4].len, 0);
    CU_ASSERT_EQUAL(brw_rap_record_get(b->data, b->len, 2, "B16BBDz", 0, v), MS_ERR_TRUNCATED);
    CU_ASSERT_EQUAL(brw_rap_record_get(b->data, b->len, 0, "B16Q", 0, v), MS_ERR_INVALID_ARG);
}

/* Parses params/data hex as a level-1 NetServerEnum2 reply into at most `max` entries. */
static MsStatus
parse_enum(const char *params, const char *data, guint max, BrwListEntry *entries,
           BrwRapEnumResult *res)
{
    g_autoptr(GByteArray) p = test_hex(params);
    g_autoptr(GByteArray) d = test_hex(data);
    return brw_rap_server_enum_parse(p->data, p->len, d->data, d->len, 1, entries, max, res);
}

/* RAP-059: a reply read into entries; error statuses carry none; more than asked for is cut
 * at the caller's room. */
static void
test_rap059_client_reads_replies(void)
{
    BrwListEntry e[4];
    BrwRapEnumResult res;
    CU_ASSERT_EQUAL_FATAL(parse_enum(F135_PARAMS, F135_DATA, 4, e, &res), MS_OK);
    CU_ASSERT_EQUAL(res.n_entries, 2);
    CU_ASSERT_STRING_EQUAL(e[0].name, "FAKESRV1");
    CU_ASSERT_STRING_EQUAL(e[0].comment, "fake server from brws_probe");
    CU_ASSERT_STRING_EQUAL(e[1].name, "H1");
    CU_ASSERT_EQUAL(e[1].server_type, 0x00849a03);
    CU_ASSERT_STRING_EQUAL(e[1].comment, "brlab H1");

    CU_ASSERT_EQUAL(parse_enum(F135_PARAMS, F135_DATA, 1, e, &res), MS_OK);
    CU_ASSERT_EQUAL(res.n_entries, 1);
    CU_ASSERT_EQUAL(res.params.count, 2);

    /* ERROR_MORE_DATA comes with records */
    CU_ASSERT_EQUAL(parse_enum("ea 00 00 00 01 00 02 00", F135_DATA, 4, e, &res), MS_OK);
    CU_ASSERT_EQUAL(res.n_entries, 1);
    CU_ASSERT_EQUAL(res.params.available, 2);
    /* ERROR_REQ_NOT_ACCEP (BRWS-076) and NERR_BufTooSmall come without */
    CU_ASSERT_EQUAL(parse_enum("47 00 00 00", "", 4, e, &res), MS_OK);
    CU_ASSERT_EQUAL(res.params.status, BRW_RAP_ERROR_REQ_NOT_ACCEP);
    CU_ASSERT_EQUAL(res.n_entries, 0);
    CU_ASSERT_EQUAL(parse_enum("4b 08 00 00 05 00 09 00", F135_DATA, 4, e, &res), MS_OK);
    CU_ASSERT_EQUAL(res.n_entries, 0);
    CU_ASSERT_EQUAL(res.params.available, 9);

    /* level 0: names only */
    g_autoptr(GByteArray) d0 = test_hex("41 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 "
                                        "42 42 00 00 00 00 00 00 00 00 00 00 00 00 00 00");
    g_autoptr(GByteArray) p0 = test_hex("00 00 00 00 02 00 02 00");
    CU_ASSERT_EQUAL(brw_rap_server_enum_parse(p0->data, p0->len, d0->data, d0->len, 0, e, 4, &res),
                    MS_OK);
    CU_ASSERT_EQUAL(res.n_entries, 2);
    CU_ASSERT_STRING_EQUAL(e[1].name, "BB");
    CU_ASSERT_EQUAL(e[1].server_type, 0);
    CU_ASSERT_EQUAL(brw_rap_server_enum_parse(p0->data, p0->len, d0->data, d0->len, 2, e, 4, &res),
                    MS_ERR_INVALID_ARG);
}

/* RAP-059: what a hostile server can send, read without leaving the buffers. */
static void
test_rap059_hostile_replies(void)
{
    BrwListEntry e[4];
    BrwRapEnumResult res;
    /* parameters cut short */
    CU_ASSERT_EQUAL(parse_enum("00 00 00", F135_DATA, 4, e, &res), MS_ERR_TRUNCATED);
    CU_ASSERT_EQUAL(parse_enum("00 00 00 00 02 00", F135_DATA, 4, e, &res), MS_ERR_TRUNCATED);
    /* more records claimed than the data holds */
    CU_ASSERT_EQUAL(parse_enum("00 00 00 00 04 00 04 00", F135_DATA, 4, e, &res),
                    MS_ERR_BAD_LENGTH);
    CU_ASSERT_EQUAL(parse_enum("00 00 00 00 ff ff ff ff", "", 4, e, &res), MS_ERR_BAD_LENGTH);

    /* a pointer past the data, one before it (the converter exceeds it), one in the high
     * bits only: the first two leave the comment empty and are counted */
    const char *one = "53 31 00 00 00 00 00 00 00 00 00 00 00 00 00 00 06 01 03 00 04 40 ";
    g_autofree char *past = g_strconcat(one, "e8 03 00 00 78 00", NULL);
    CU_ASSERT_EQUAL(parse_enum("00 00 00 00 01 00 01 00", past, 4, e, &res), MS_OK);
    CU_ASSERT_EQUAL(res.n_entries, 1);
    CU_ASSERT_EQUAL(res.bad_pointers, 1);
    CU_ASSERT_STRING_EQUAL(e[0].comment, "");
    /* LOCAL_LIST_ONLY is a query bit, never a server's */
    CU_ASSERT_EQUAL(e[0].server_type, 0x00040003);
    g_autofree char *before = g_strconcat(one, "1a 00 00 00 78 00", NULL);
    CU_ASSERT_EQUAL(parse_enum("00 00 00 01 01 00 01 00", before, 4, e, &res), MS_OK);
    CU_ASSERT_EQUAL(res.bad_pointers, 1);
    g_autofree char *high = g_strconcat(one, "1a 00 ff ff 78 00", NULL);
    CU_ASSERT_EQUAL(parse_enum("00 00 00 00 01 00 01 00", high, 4, e, &res), MS_OK);
    CU_ASSERT_EQUAL(res.bad_pointers, 0);
    CU_ASSERT_STRING_EQUAL(e[0].comment, "x");

    /* a comment without its NUL runs to the data's end; a long one is cut to 43 */
    g_autofree char *open = g_strconcat(one, "1a 00 00 00 61 62 63", NULL);
    CU_ASSERT_EQUAL(parse_enum("00 00 00 00 01 00 01 00", open, 4, e, &res), MS_OK);
    CU_ASSERT_STRING_EQUAL(e[0].comment, "abc");
    GString *longer = g_string_new(one);
    g_string_append(longer, "1a 00 00 00");
    for (guint i = 0; i < 100; i++)
        g_string_append(longer, " 6c");
    CU_ASSERT_EQUAL(parse_enum("00 00 00 00 01 00 01 00", longer->str, 4, e, &res), MS_OK);
    CU_ASSERT_EQUAL(strlen(e[0].comment), BRW_LIST_COMMENT_MAX);
    g_string_free(longer, TRUE);

    /* a 16-byte name without its NUL is read as 15; an empty one is no entry */
    CU_ASSERT_EQUAL(parse_enum("00 00 00 00 02 00 02 00",
                               "41 41 41 41 41 41 41 41 41 41 41 41 41 41 41 41 06 01 03 00 00 00"
                               "00 00 00 00 "
                               "00 41 41 41 41 41 41 41 41 41 41 41 41 41 41 41 06 01 03 00 00 00"
                               "00 00 00 00",
                               4, e, &res),
                    MS_OK);
    CU_ASSERT_EQUAL(res.n_entries, 1);
    CU_ASSERT_EQUAL(res.skipped, 1);
    CU_ASSERT_STRING_EQUAL(e[0].name, "AAAAAAAAAAAAAAA");
}

/* RAP-059: Samba's reply cut at every length and with every byte set to each of a few
 * values: every outcome is a status, every entry a terminated name and comment. */
static void
test_rap059_every_cut_and_corruption(void)
{
    g_autoptr(GByteArray) p = test_hex(F135_PARAMS);
    g_autoptr(GByteArray) d = test_hex(F135_DATA);
    BrwListEntry e[4];
    BrwRapEnumResult res;
    for (gsize n = 0; n <= d->len; n++) {
        g_autofree guint8 *cut = g_memdup2(d->data, n); /* exactly n bytes, for ASan */
        MsStatus st = brw_rap_server_enum_parse(p->data, p->len, cut, n, 1, e, 4, &res);
        CU_ASSERT_TRUE(st == MS_OK || st == MS_ERR_BAD_LENGTH);
        CU_ASSERT_EQUAL(st == MS_OK, n >= 52);
    }
    const guint8 values[] = {0x00, 0x01, 0x34, 0x7F, 0x80, 0xFF};
    for (gsize at = 0; at < d->len + p->len; at++) {
        for (gsize k = 0; k < G_N_ELEMENTS(values); k++) {
            g_autofree guint8 *pp = g_memdup2(p->data, p->len);
            g_autofree guint8 *dd = g_memdup2(d->data, d->len);
            if (at < p->len)
                pp[at] = values[k];
            else
                dd[at - p->len] = values[k];
            brw_rap_server_enum_parse(pp, p->len, dd, d->len, 1, e, 4, &res);
            CU_ASSERT_TRUE(res.n_entries <= 4);
            for (guint i = 0; i < res.n_entries; i++) {
                CU_ASSERT_TRUE(memchr(e[i].name, '\0', sizeof e[i].name) != NULL);
                CU_ASSERT_TRUE(memchr(e[i].comment, '\0', sizeof e[i].comment) != NULL);
            }
        }
    }
}

int
main(void)
{
    CU_TestInfo tests[] = {
        {"rap040_reply_params", test_rap040_reply_params},
        {"record_sizes", test_record_sizes},
        {"rap051_converter_arithmetic", test_rap051_converter_arithmetic},
        {"rap049_whole_records_within_limit", test_rap049_whole_records_within_limit},
        {"rap049_data_capped_at_64k", test_rap049_data_capped_at_64k},
        {"rap051_empty_and_null_strings", test_rap051_empty_and_null_strings},
        {"rap059_client_reads_replies", test_rap059_client_reads_replies},
        {"rap059_hostile_replies", test_rap059_hostile_replies},
        {"rap059_every_cut_and_corruption", test_rap059_every_cut_and_corruption},
        CU_TEST_INFO_NULL,
    };
    return test_run_suite("brw-rap-reply", tests);
}
