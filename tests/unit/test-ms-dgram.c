/* Datagram service and mailslot writes: NBT-030..NBT-039 and MAIL-001..MAIL-013 where they
 * apply to the codec (RFC 1002 §4.4, [MS-MAIL] §2.2.1, §3.2.5.1). */
#include <libmailslot/ms-dgram.h>
#include <libmailslot/ms-mailslot.h>

#include <string.h>

#include "test-util.h"

#define IP(a, b, c, d) (((guint32)(a) << 24) | ((guint32)(b) << 16) | ((guint32)(c) << 8) | (d))

/* The HostAnnouncement of nbt.md §6.6 and mailslot.md §6: datagram header and names, then
 * the SMB mailslot write with its 43-byte browser frame. */
static const char HOST_ANNOUNCEMENT_HEX[] =
    "11 02 00 01 c0 a8 01 0a 00 8a 00 c5 00 00 20 46"
    "44 45 46 46 43 46 47 45 46 46 43 44 42 43 41 43"
    "41 43 41 43 41 43 41 43 41 43 41 43 41 41 41 00"
    "20 46 48 45 50 46 43 45 4c 45 48 46 43 45 50 46"
    "46 46 41 43 41 43 41 43 41 43 41 43 41 43 41 42"
    "4e 00"
    "ff 53 4d 42 25 00 00 00 00 00 00 00 00 00 00 00"
    "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"
    "11 00 00 2b 00 00 00 00 00 00 00 00 00 00 00 00"
    "00 00 00 00 00 00 00 2b 00 56 00 03 00 01 00 01"
    "00 02 00 3c 00 5c 4d 41 49 4c 53 4c 4f 54 5c 42"
    "52 4f 57 53 45 00 01 00 60 ea 00 00 53 45 52 56"
    "45 52 31 00 00 00 00 00 00 00 00 00 06 01 03 10"
    "01 00 0f 01 55 aa 53 61 6d 62 61 20 74 65 73 74"
    "00";
#define NAMES_END (14 + 34 + 34)
#define FRAME_LEN 43

static MsDgram
host_announcement_header(void)
{
    MsDgram h = {0};
    h.type = MS_DGRAM_DIRECT_GROUP;
    h.flags = MS_DGRAM_FLAG_FIRST | MS_DGRAM_SNT_B;
    h.id = 1;
    h.source_ip = IP(192, 168, 1, 10);
    h.source_port = MS_DGRAM_PORT;
    ms_name_init(&h.source_name, "SERVER1", 0x00, NULL);
    ms_name_init(&h.destination_name, "WORKGROUP", 0x1D, NULL);
    return h;
}

static void
assert_dgram_truncations_refused(const guint8 *data, gsize len)
{
    for (gsize cut = 0; cut < len; cut++) {
        g_autofree guint8 *exact = g_memdup2(data, cut);
        MsDgram d;
        CU_ASSERT_NOT_EQUAL(ms_dgram_decode(exact, cut, &d), MS_OK);
    }
}

/* NBT-030, NBT-031, NBT-032, MAIL-001, MAIL-002, MAIL-003, MAIL-013: the whole example,
 * byte for byte, from our builders. */
static void
test_host_announcement_datagram_layout(void)
{
    g_autoptr(GByteArray) expected = test_hex(HOST_ANNOUNCEMENT_HEX);
    MsDgram h = host_announcement_header();
    guint8 buf[MS_DGRAM_MAX_PAYLOAD];
    MsWriter w = ms_writer_init(buf, sizeof buf);
    const guint8 *frame = expected->data + expected->len - FRAME_LEN;
    CU_ASSERT_EQUAL(ms_mailslot_build_datagram(&w, &h, MS_MAILSLOT_BROWSE, frame, FRAME_LEN),
                    MS_OK);
    TEST_ASSERT_BYTES_EQUAL(buf, w.len, expected->data, expected->len);
}

static void
test_host_announcement_datagram_decodes(void)
{
    g_autoptr(GByteArray) bytes = test_hex(HOST_ANNOUNCEMENT_HEX);
    MsDgram d;
    CU_ASSERT_EQUAL_FATAL(ms_dgram_decode(bytes->data, bytes->len, &d), MS_OK);
    CU_ASSERT_EQUAL(d.type, MS_DGRAM_DIRECT_GROUP);
    CU_ASSERT_TRUE(ms_dgram_is_whole(&d));
    CU_ASSERT_EQUAL(d.source_ip, IP(192, 168, 1, 10));
    CU_ASSERT_EQUAL(d.source_port, 138);
    MsDgram h = host_announcement_header();
    CU_ASSERT_TRUE(ms_name_equal(&d.source_name, &h.source_name));
    CU_ASSERT_TRUE(ms_name_equal(&d.destination_name, &h.destination_name));
    CU_ASSERT_EQUAL(d.data_len, bytes->len - NAMES_END);

    MsMailslotWrite m;
    CU_ASSERT_EQUAL_FATAL(ms_mailslot_parse(d.data, d.data_len, &m), MS_OK);
    CU_ASSERT_TRUE(ms_mailslot_name_is(&m, MS_MAILSLOT_BROWSE));
    CU_ASSERT_EQUAL(m.data - d.data, 86);
    CU_ASSERT_EQUAL(m.data_len, FRAME_LEN);
    CU_ASSERT_EQUAL(m.data[0], 0x01);
    CU_ASSERT_EQUAL(m.priority, 1);
    CU_ASSERT_EQUAL(m.klass, 2);
    assert_dgram_truncations_refused(bytes->data, bytes->len);
}

/* NBT-030: DGM_LENGTH counts both names and the data; it, not the buffer, bounds the data. */
static void
test_nbt030_dgm_length_rules(void)
{
    g_autoptr(GByteArray) bytes = test_hex(HOST_ANNOUNCEMENT_HEX);
    MsDgram d;
    for (guint v = 0; v <= 0x1FF; v++) {
        g_autofree guint8 *copy = g_memdup2(bytes->data, bytes->len);
        copy[10] = (guint8)(v >> 8);
        copy[11] = (guint8)v;
        MsStatus st = ms_dgram_decode(copy, bytes->len, &d);
        if (v < 68 || v > bytes->len - 14) {
            CU_ASSERT_EQUAL(st, MS_ERR_BAD_LENGTH);
        } else {
            CU_ASSERT_EQUAL(st, MS_OK);
            CU_ASSERT_EQUAL(d.data_len, v - 68);
        }
    }
    /* trailing bytes after DGM_LENGTH are not user data */
    g_autoptr(GByteArray) longer = test_hex(HOST_ANNOUNCEMENT_HEX);
    g_byte_array_append(longer, (const guint8 *)"junk", 4);
    CU_ASSERT_EQUAL(ms_dgram_decode(longer->data, longer->len, &d), MS_OK);
    CU_ASSERT_EQUAL(d.data_len, bytes->len - NAMES_END);
}

/* NBT-036: SNT and reserved flag bits do not matter; only FIRST and MORE do. */
static void
test_nbt036_flags_ignored_but_first_and_more(void)
{
    g_autoptr(GByteArray) bytes = test_hex(HOST_ANNOUNCEMENT_HEX);
    MsDgram d;
    static const guint8 whole_flags[] = {0x02, 0x06, 0x0A, 0x0E, 0xF2, 0xFE};
    for (gsize i = 0; i < G_N_ELEMENTS(whole_flags); i++) {
        bytes->data[1] = whole_flags[i];
        CU_ASSERT_EQUAL(ms_dgram_decode(bytes->data, bytes->len, &d), MS_OK);
        CU_ASSERT_TRUE(ms_dgram_is_whole(&d));
    }
    static const guint8 fragment_flags[] = {0x00, 0x01, 0x03, 0x0F};
    for (gsize i = 0; i < G_N_ELEMENTS(fragment_flags); i++) {
        bytes->data[1] = fragment_flags[i];
        CU_ASSERT_EQUAL(ms_dgram_decode(bytes->data, bytes->len, &d), MS_OK);
        CU_ASSERT_FALSE(ms_dgram_is_whole(&d));
    }
}

/* NBT-034: 0x10, 0x11 and 0x12 decode the same way whatever the destination name. */
static void
test_nbt034_data_types_alike(void)
{
    g_autoptr(GByteArray) bytes = test_hex(HOST_ANNOUNCEMENT_HEX);
    for (guint8 t = 0x10; t <= 0x12; t++) {
        MsDgram d;
        bytes->data[0] = t;
        CU_ASSERT_EQUAL(ms_dgram_decode(bytes->data, bytes->len, &d), MS_OK);
        CU_ASSERT_EQUAL(d.data_len, bytes->len - NAMES_END);
    }
}

/* NBT-039: error and query types decode to their few fields; unknown types are refused. */
static void
test_nbt039_error_and_query_types(void)
{
    MsDgram e = {0}, d;
    guint8 buf[128];
    e.type = MS_DGRAM_ERROR;
    e.flags = 0;
    e.id = 9;
    e.source_ip = IP(10, 0, 0, 1);
    e.source_port = 138;
    e.error_code = MS_DGRAM_ERR_NO_DESTINATION;
    MsWriter w = ms_writer_init(buf, sizeof buf);
    CU_ASSERT_EQUAL(ms_dgram_encode(&e, &w), MS_OK);
    CU_ASSERT_EQUAL(w.len, 11);
    CU_ASSERT_EQUAL(ms_dgram_decode(buf, w.len, &d), MS_OK);
    CU_ASSERT_EQUAL(d.error_code, 0x82);
    assert_dgram_truncations_refused(buf, w.len);

    for (guint8 t = MS_DGRAM_QUERY_REQUEST; t <= MS_DGRAM_NEGATIVE_QUERY_RESPONSE; t++) {
        e.type = (MsDgramType)t;
        ms_name_init(&e.destination_name, "LABGRP", 0x1D, NULL);
        w = ms_writer_init(buf, sizeof buf);
        CU_ASSERT_EQUAL(ms_dgram_encode(&e, &w), MS_OK);
        CU_ASSERT_EQUAL(w.len, 10 + 34);
        CU_ASSERT_EQUAL(ms_dgram_decode(buf, w.len, &d), MS_OK);
        CU_ASSERT_TRUE(ms_name_equal(&d.destination_name, &e.destination_name));
        assert_dgram_truncations_refused(buf, w.len);
    }
    static const guint8 unknown[] = {0x00, 0x0F, 0x17, 0x20, 0xFF};
    for (gsize i = 0; i < G_N_ELEMENTS(unknown); i++) {
        buf[0] = unknown[i];
        CU_ASSERT_EQUAL(ms_dgram_decode(buf, w.len, &d), MS_ERR_BAD_HEADER);
    }
}

static void
test_datagram_names_may_not_be_pointers(void)
{
    g_autoptr(GByteArray) bytes = test_hex(HOST_ANNOUNCEMENT_HEX);
    MsDgram d;
    bytes->data[48] = 0xC0; /* destination name replaced by a pointer to the source name */
    bytes->data[49] = 0x0E;
    CU_ASSERT_EQUAL(ms_dgram_decode(bytes->data, bytes->len, &d), MS_ERR_BAD_LABEL);
}

/* NBT-038, MAIL-010: a write that would not fit one 576-byte datagram is not built. */
static void
test_nbt038_never_more_than_576(void)
{
    MsDgram h = host_announcement_header();
    guint8 frame[600] = {0x0A};
    guint8 buf[2048];
    gsize max_frame = 576 - NAMES_END - 86;
    MsWriter w = ms_writer_init(buf, sizeof buf);
    CU_ASSERT_EQUAL(ms_mailslot_build_datagram(&w, &h, MS_MAILSLOT_BROWSE, frame, max_frame),
                    MS_OK);
    CU_ASSERT_EQUAL(w.len, 576);
    w = ms_writer_init(buf, sizeof buf);
    CU_ASSERT_EQUAL(
        ms_mailslot_build_datagram(&w, &h, MS_MAILSLOT_BROWSE, frame, max_frame + 1),
        MS_ERR_NO_SPACE);
    h.type = MS_DGRAM_ERROR;
    w = ms_writer_init(buf, sizeof buf);
    CU_ASSERT_EQUAL(ms_mailslot_build_datagram(&w, &h, MS_MAILSLOT_BROWSE, frame, 10),
                    MS_ERR_INVALID_ARG);
}

/* ---- mailslot writes ------------------------------------------------------------------ */

static GByteArray *
smb_of_example(void)
{
    GByteArray *bytes = test_hex(HOST_ANNOUNCEMENT_HEX);
    g_byte_array_remove_range(bytes, 0, NAMES_END);
    return bytes;
}

static void
put_le16(guint8 *p, guint16 v)
{
    p[0] = (guint8)v;
    p[1] = (guint8)(v >> 8);
}

/* MAIL-004: wrong magic, command, WordCount, SetupCount or opcode: dropped. */
static void
test_mail004_header_checks(void)
{
    static const struct {
        gsize offset;
        guint8 value;
    } corruptions[] = {{0, 0xFE}, {1, 'X'}, {4, 0x32}, {32, 16}, {32, 18}, {59, 2},
                       {59, 4},   {61, 2}, {61, 0}, {62, 1}};
    MsMailslotWrite m;
    for (gsize i = 0; i < G_N_ELEMENTS(corruptions); i++) {
        g_autoptr(GByteArray) smb = smb_of_example();
        smb->data[corruptions[i].offset] = corruptions[i].value;
        CU_ASSERT_EQUAL(ms_mailslot_parse(smb->data, smb->len, &m), MS_ERR_BAD_HEADER);
    }
    g_autoptr(GByteArray) smb = smb_of_example();
    memcpy(smb->data + 69, "\\PIPE\\LANMAN\0", 13); /* not a mailslot */
    CU_ASSERT_EQUAL(ms_mailslot_parse(smb->data, smb->len, &m), MS_ERR_BAD_HEADER);
}

/* MAIL-005: the data is found through DataOffset alone; any padding is accepted. */
static void
test_mail005_padding_accepted(void)
{
    g_autoptr(GByteArray) example = smb_of_example();
    g_autoptr(GByteArray) smb = g_byte_array_new();
    static const guint8 pad[2] = {0xAA, 0xBB};
    g_byte_array_append(smb, example->data, 86);
    g_byte_array_append(smb, pad, sizeof pad); /* DataOffset 88, 4-byte aligned */
    g_byte_array_append(smb, example->data + 86, example->len - 86);
    put_le16(smb->data + 57, 88);
    MsMailslotWrite m;
    CU_ASSERT_EQUAL(ms_mailslot_parse(smb->data, smb->len, &m), MS_OK);
    CU_ASSERT_EQUAL(m.data - smb->data, 88);
    CU_ASSERT_EQUAL(m.data[0], 0x01);
    CU_ASSERT_EQUAL(m.data_len, FRAME_LEN);
}

/* MAIL-006: data outside the message, no data, an unterminated name, a short message. */
static void
test_mail006_bounds(void)
{
    g_autoptr(GByteArray) smb = smb_of_example();
    MsMailslotWrite m;
    for (gsize cut = 0; cut < smb->len; cut++) {
        g_autofree guint8 *exact = g_memdup2(smb->data, cut);
        CU_ASSERT_NOT_EQUAL(ms_mailslot_parse(exact, cut, &m), MS_OK);
    }
    guint8 *p = smb->data;
    put_le16(p + 55, FRAME_LEN + 1); /* DataCount one too many */
    CU_ASSERT_EQUAL(ms_mailslot_parse(p, smb->len, &m), MS_ERR_TRUNCATED);
    put_le16(p + 55, 0);
    CU_ASSERT_EQUAL(ms_mailslot_parse(p, smb->len, &m), MS_ERR_BAD_LENGTH);
    put_le16(p + 55, FRAME_LEN);
    put_le16(p + 57, 85); /* overlapping the name's NUL */
    CU_ASSERT_EQUAL(ms_mailslot_parse(p, smb->len, &m), MS_ERR_BAD_LENGTH);
    put_le16(p + 57, 0xFFFF);
    CU_ASSERT_EQUAL(ms_mailslot_parse(p, smb->len, &m), MS_ERR_TRUNCATED);
    put_le16(p + 57, 86);
    CU_ASSERT_EQUAL(ms_mailslot_parse(p, smb->len, &m), MS_OK);
    /* a name that runs to the end without a NUL */
    memset(p + 69, 'A', smb->len - 69);
    CU_ASSERT_EQUAL(ms_mailslot_parse(p, smb->len, &m), MS_ERR_TRUNCATED);
}

/* MAIL-007: mailslot names compare case-insensitively. */
static void
test_mail007_case_insensitive_names(void)
{
    g_autoptr(GByteArray) smb = smb_of_example();
    memcpy(smb->data + 69, "\\mailslot\\browse", 16);
    MsMailslotWrite m;
    CU_ASSERT_EQUAL(ms_mailslot_parse(smb->data, smb->len, &m), MS_OK);
    CU_ASSERT_TRUE(ms_mailslot_name_is(&m, MS_MAILSLOT_BROWSE));
    CU_ASSERT_FALSE(ms_mailslot_name_is(&m, MS_MAILSLOT_LANMAN));
    CU_ASSERT_FALSE(ms_mailslot_name_is(&m, "\\MAILSLOT\\BROWS"));
}

/* MAIL-008: header and transaction fields other than those checked change nothing. */
static void
test_mail008_other_fields_ignored(void)
{
    /* Status, Flags, Flags2, PIDHigh, signature, TID, PID, UID, MID, and in the
     * transaction: TotalParameterCount .. ParameterOffset, Priority, Class, ByteCount. */
    static const gsize ignored[] = {5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
                                    21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 33, 34, 35, 36,
                                    37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51,
                                    52, 53, 54, 60, 63, 64, 65, 66, 67, 68};
    GRand *rand = g_rand_new_with_seed(42);
    for (int round = 0; round < 50; round++) {
        g_autoptr(GByteArray) smb = smb_of_example();
        for (gsize i = 0; i < G_N_ELEMENTS(ignored); i++)
            smb->data[ignored[i]] = (guint8)g_rand_int_range(rand, 0, 256);
        MsMailslotWrite m;
        CU_ASSERT_EQUAL(ms_mailslot_parse(smb->data, smb->len, &m), MS_OK);
        CU_ASSERT_EQUAL(m.data - smb->data, 86);
        CU_ASSERT_EQUAL(m.data_len, FRAME_LEN);
    }
    g_rand_free(rand);
}

static void
test_mailslot_build_refuses_bad_arguments(void)
{
    guint8 buf[256];
    guint8 data[1] = {1};
    MsWriter w = ms_writer_init(buf, sizeof buf);
    CU_ASSERT_EQUAL(ms_mailslot_build(&w, MS_MAILSLOT_BROWSE, 1, data, 0), MS_ERR_INVALID_ARG);
    CU_ASSERT_EQUAL(ms_mailslot_build(&w, "\\PIPE\\LANMAN", 1, data, 1), MS_ERR_INVALID_ARG);
    CU_ASSERT_EQUAL(ms_mailslot_build(&w, MS_MAILSLOT_LANMAN, 0, data, 1), MS_OK);
    MsMailslotWrite m;
    CU_ASSERT_EQUAL(ms_mailslot_parse(buf, w.len, &m), MS_OK);
    CU_ASSERT_TRUE(ms_mailslot_name_is(&m, MS_MAILSLOT_LANMAN));
    CU_ASSERT_EQUAL(m.priority, 0);
}

static CU_TestInfo tests[] = {
    {"NBT-030/031/032 MAIL-001/002/003/013 host announcement layout",
     test_host_announcement_datagram_layout},
    {"host announcement decodes", test_host_announcement_datagram_decodes},
    {"NBT-030 DGM_LENGTH rules", test_nbt030_dgm_length_rules},
    {"NBT-036 flags", test_nbt036_flags_ignored_but_first_and_more},
    {"NBT-034 data types alike", test_nbt034_data_types_alike},
    {"NBT-039 error and query types", test_nbt039_error_and_query_types},
    {"datagram names are never pointers", test_datagram_names_may_not_be_pointers},
    {"NBT-038 MAIL-010 576 bytes", test_nbt038_never_more_than_576},
    {"MAIL-004 header checks", test_mail004_header_checks},
    {"MAIL-005 padding", test_mail005_padding_accepted},
    {"MAIL-006 bounds", test_mail006_bounds},
    {"MAIL-007 case-insensitive names", test_mail007_case_insensitive_names},
    {"MAIL-008 other fields ignored", test_mail008_other_fields_ignored},
    {"mailslot build arguments", test_mailslot_build_refuses_bad_arguments},
    CU_TEST_INFO_NULL,
};

int
main(void)
{
    return test_run_suite("ms-dgram", tests);
}
