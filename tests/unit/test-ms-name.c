/* NetBIOS names: NBT-001..NBT-005 of CHECKLIST.md (RFC 1001 §14, RFC 1002 §4.1). */
#include <libmailslot/ms-name.h>

#include <string.h>

#include "test-util.h"

static gsize
write_name(const MsName *name, guint8 *buf, gsize cap)
{
    MsWriter w = ms_writer_init(buf, cap);
    ms_name_write(&w, name);
    CU_ASSERT_FALSE(w.overflow);
    return w.len;
}

/* NBT-001: 0x20, 32 letters 'A'+nibble, 0x00; the checklist's own example. */
static void
test_nbt001_first_level_encoding(void)
{
    MsName n;
    guint8 buf[64];
    CU_ASSERT_EQUAL(ms_name_init(&n, "WORKGROUP", 0x1D, NULL), MS_OK);
    gsize len = write_name(&n, buf, sizeof buf);
    CU_ASSERT_EQUAL(len, 34);
    CU_ASSERT_EQUAL(ms_name_encoded_len(&n), 34);
    CU_ASSERT_EQUAL(buf[0], 0x20);
    CU_ASSERT_EQUAL(memcmp(buf + 1, "FHEPFCELEHFCEPFFFACACACACACACABN", 32), 0);
    CU_ASSERT_EQUAL(buf[33], 0x00);
}

static void
test_first_level_round_trip_every_byte(void)
{
    for (guint b = 0; b < 256; b++) {
        guint8 raw[MS_NAME_LEN], back[MS_NAME_LEN];
        char letters[2 * MS_NAME_LEN];
        memset(raw, (int)b, sizeof raw);
        ms_name_first_level_encode(raw, letters);
        for (gsize i = 0; i < sizeof letters; i++)
            CU_ASSERT_TRUE(letters[i] >= 'A' && letters[i] <= 'P');
        CU_ASSERT_TRUE(ms_name_first_level_decode(letters, back));
        CU_ASSERT_EQUAL(memcmp(raw, back, sizeof raw), 0);
    }
}

/* NBT-002: upper-cased, space-padded; '*' NUL-padded; __MSBROWSE__<01> byte for byte. */
static void
test_nbt002_padding_rules(void)
{
    MsName n;
    CU_ASSERT_EQUAL(ms_name_init(&n, "lab-pc", 0x20, NULL), MS_OK);
    CU_ASSERT_EQUAL(memcmp(n.bytes, "LAB-PC         \x20", 16), 0);

    CU_ASSERT_EQUAL(ms_name_init(&n, "*", 0x00, NULL), MS_OK);
    static const guint8 star[16] = {'*'};
    CU_ASSERT_EQUAL(memcmp(n.bytes, star, 16), 0);
    guint8 buf[64];
    write_name(&n, buf, sizeof buf);
    CU_ASSERT_EQUAL(memcmp(buf + 1, "CKAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", 32), 0);

    ms_name_init_msbrowse(&n, NULL);
    static const guint8 msb[16] = {0x01, 0x02, 0x5F, 0x5F, 0x4D, 0x53, 0x42, 0x52,
                                   0x4F, 0x57, 0x53, 0x45, 0x5F, 0x5F, 0x02, 0x01};
    CU_ASSERT_EQUAL(memcmp(n.bytes, msb, 16), 0);
    CU_ASSERT_EQUAL(ms_name_suffix(&n), MS_SUFFIX_MSBROWSE);
}

static void
test_init_rejects_what_the_wire_cannot_carry(void)
{
    MsName n;
    CU_ASSERT_EQUAL(ms_name_init(&n, "", 0, NULL), MS_ERR_INVALID_ARG);
    CU_ASSERT_EQUAL(ms_name_init(&n, "SIXTEEN-LETTERS!", 0, NULL), MS_ERR_INVALID_ARG);
    CU_ASSERT_EQUAL(ms_name_init(&n, "FIFTEEN-LETTERS", 0, NULL), MS_OK);
    CU_ASSERT_EQUAL(ms_name_init(&n, "A.B", 0, NULL), MS_ERR_INVALID_ARG);
    CU_ASSERT_EQUAL(ms_name_init(&n, "A\tB", 0, NULL), MS_ERR_INVALID_ARG);
    CU_ASSERT_EQUAL(ms_name_init(&n, "A", 0, "bad..scope"), MS_ERR_INVALID_ARG);
    CU_ASSERT_EQUAL(ms_name_init(&n, "A", 0, ".lead"), MS_ERR_INVALID_ARG);
    g_autofree char *long_label = g_strnfill(64, 'x');
    CU_ASSERT_EQUAL(ms_name_init(&n, "A", 0, long_label), MS_ERR_INVALID_ARG);
}

static void
test_equality_ignores_case_not_suffix_or_scope(void)
{
    MsName a, b;
    ms_name_init(&a, "Server1", 0x20, "Corp.Example");
    ms_name_init(&b, "SERVER1", 0x20, "corp.example");
    b.bytes[0] = 's'; /* as a peer might send it */
    CU_ASSERT_TRUE(ms_name_equal(&a, &b));
    ms_name_init(&b, "SERVER1", 0x00, "corp.example");
    CU_ASSERT_FALSE(ms_name_equal(&a, &b));
    ms_name_init(&b, "SERVER1", 0x20, NULL);
    CU_ASSERT_FALSE(ms_name_equal(&a, &b));
}

static void
test_to_string_spells_unprintables(void)
{
    MsName n;
    char s[MS_NAME_STRING_MAX];
    ms_name_init(&n, "WORKGROUP", 0x1D, NULL);
    CU_ASSERT_STRING_EQUAL(ms_name_to_string(&n, s, sizeof s), "WORKGROUP<1d>");
    ms_name_init_msbrowse(&n, NULL);
    CU_ASSERT_STRING_EQUAL(ms_name_to_string(&n, s, sizeof s), "<01><02>__MSBROWSE__<02><01>");
    ms_name_init(&n, "H1", 0x00, "lab.example");
    CU_ASSERT_STRING_EQUAL(ms_name_to_string(&n, s, sizeof s), "H1<00>.lab.example");
    char base[MS_NAME_LEN];
    CU_ASSERT_EQUAL(ms_name_base(&n, base), 2);
    CU_ASSERT_STRING_EQUAL(base, "H1");
}

/* NBT-003: first label length must be 32, letters 'A'..'P', whole name <= 255 bytes. */
static void
test_nbt003_bad_labels_are_dropped(void)
{
    MsName n, out;
    guint8 buf[300];
    ms_name_init(&n, "WORKGROUP", 0x1D, NULL);
    gsize len = write_name(&n, buf, sizeof buf);
    gsize pos;

    for (guint8 bad_len = 0; bad_len < 64; bad_len++) {
        if (bad_len == 32)
            continue;
        guint8 copy[64];
        memcpy(copy, buf, len);
        copy[0] = bad_len;
        pos = 0;
        CU_ASSERT_NOT_EQUAL(ms_name_read(copy, len, &pos, TRUE, &out, NULL), MS_OK);
        CU_ASSERT_EQUAL(pos, 0);
    }
    const char bad_letters[] = {'Q', 'a', '@', 'Z', '0'};
    for (gsize i = 0; i < sizeof bad_letters; i++) {
        guint8 copy[64];
        memcpy(copy, buf, len);
        copy[5] = (guint8)bad_letters[i];
        pos = 0;
        CU_ASSERT_EQUAL(ms_name_read(copy, len, &pos, TRUE, &out, NULL), MS_ERR_BAD_LABEL);
    }

    /* 34 bytes of name + scope labels of 63 bytes until the total passes 255. */
    MsWriter w = ms_writer_init(buf, sizeof buf);
    char letters[32];
    ms_name_first_level_encode(n.bytes, letters);
    ms_writer_put_u8(&w, 32);
    ms_writer_put_bytes(&w, letters, 32);
    for (int i = 0; i < 4; i++) {
        ms_writer_put_u8(&w, 63);
        for (int j = 0; j < 63; j++)
            ms_writer_put_u8(&w, 'x');
    }
    ms_writer_put_u8(&w, 0);
    CU_ASSERT_FALSE(w.overflow);
    pos = 0;
    CU_ASSERT_EQUAL(ms_name_read(buf, w.len, &pos, TRUE, &out, NULL), MS_ERR_NAME_TOO_LONG);
}

static void
test_nbt003_truncated_anywhere_is_a_clean_error(void)
{
    MsName n, out;
    guint8 buf[128];
    ms_name_init(&n, "H1", 0x00, "lab.example");
    gsize len = write_name(&n, buf, sizeof buf);
    for (gsize cut = 0; cut < len; cut++) {
        g_autofree guint8 *exact = g_memdup2(buf, cut);
        gsize pos = 0;
        CU_ASSERT_EQUAL(ms_name_read(exact, cut, &pos, TRUE, &out, NULL), MS_ERR_TRUNCATED);
    }
    gsize pos = 0;
    CU_ASSERT_EQUAL(ms_name_read(buf, len, &pos, TRUE, &out, NULL), MS_OK);
    CU_ASSERT_EQUAL(pos, len);
}

/* NBT-004: the scope travels with the name and takes part in comparisons. */
static void
test_nbt004_scope_round_trip(void)
{
    MsName n, out;
    guint8 buf[128];
    ms_name_init(&n, "H1", 0x00, "corp.example");
    gsize len = write_name(&n, buf, sizeof buf);
    CU_ASSERT_EQUAL(len, 34 + 13);
    CU_ASSERT_EQUAL(buf[33], 4);
    CU_ASSERT_EQUAL(memcmp(buf + 34, "corp\x07" "example\x00", 13), 0);
    gsize pos = 0;
    CU_ASSERT_EQUAL(ms_name_read(buf, len, &pos, FALSE, &out, NULL), MS_OK);
    CU_ASSERT_STRING_EQUAL(out.scope, "corp.example");
    CU_ASSERT_TRUE(ms_name_scope_equal(&out, "CORP.example"));
    CU_ASSERT_FALSE(ms_name_scope_equal(&out, ""));
    CU_ASSERT_FALSE(ms_name_scope_equal(&out, "corp"));

    /* the first zero length byte ends the name: what follows is not part of it */
    buf[33] = 0;
    pos = 0;
    CU_ASSERT_EQUAL(ms_name_read(buf, len, &pos, FALSE, &out, NULL), MS_OK); /* ends at 34 */
    CU_ASSERT_EQUAL(pos, 34);
    CU_ASSERT_STRING_EQUAL(out.scope, "");
}

/* NBT-005: label pointers are followed backwards, bounded in hops and inside the message. */
static void
test_nbt005_pointers(void)
{
    MsName n, out;
    guint8 msg[128] = {0};
    ms_name_init(&n, "WORKGROUP", 0x1D, NULL);
    /* a 12-byte header, the name at 12, then a pointer C0 0C at 46 */
    gsize len = 12 + write_name(&n, msg + 12, sizeof msg - 12);
    msg[len] = 0xC0;
    msg[len + 1] = 0x0C;
    gsize ptr_at = len;
    len += 2;

    gsize pos = ptr_at;
    gboolean was_pointer = FALSE;
    CU_ASSERT_EQUAL(ms_name_read(msg, len, &pos, TRUE, &out, &was_pointer), MS_OK);
    CU_ASSERT_TRUE(was_pointer);
    CU_ASSERT_EQUAL(pos, ptr_at + 2);
    CU_ASSERT_TRUE(ms_name_equal(&out, &n));

    /* datagram and session names never use pointers */
    pos = ptr_at;
    CU_ASSERT_EQUAL(ms_name_read(msg, len, &pos, FALSE, &out, NULL), MS_ERR_BAD_LABEL);

    /* pointing at itself, forwards, or past the end */
    static const guint16 bad_targets[] = {46, 47, 100, 0x3FFF};
    for (gsize i = 0; i < G_N_ELEMENTS(bad_targets); i++) {
        msg[ptr_at] = (guint8)(0xC0 | (bad_targets[i] >> 8));
        msg[ptr_at + 1] = (guint8)bad_targets[i];
        pos = ptr_at;
        CU_ASSERT_EQUAL(ms_name_read(msg, len, &pos, TRUE, &out, NULL), MS_ERR_BAD_POINTER);
        CU_ASSERT_EQUAL(pos, ptr_at);
    }
    /* a pointer cut in half */
    msg[ptr_at] = 0xC0;
    pos = ptr_at;
    CU_ASSERT_EQUAL(ms_name_read(msg, ptr_at + 1, &pos, TRUE, &out, NULL), MS_ERR_TRUNCATED);
    /* reserved label types 0x40 and 0x80 */
    msg[ptr_at] = 0x40;
    pos = ptr_at;
    CU_ASSERT_EQUAL(ms_name_read(msg, len, &pos, TRUE, &out, NULL), MS_ERR_BAD_LABEL);
}

static void
test_nbt005_pointer_chains_are_bounded(void)
{
    MsName n, out;
    guint8 msg[256] = {0};
    ms_name_init(&n, "H1", 0x00, NULL);
    gsize len = write_name(&n, msg, sizeof msg); /* name at 0 */
    /* pointer k at 34+2k points to pointer k-1 (pointer 0 points to the name) */
    for (guint k = 0; k < 20; k++) {
        gsize target = k == 0 ? 0 : 34 + 2 * (k - 1);
        msg[len++] = (guint8)(0xC0 | (target >> 8));
        msg[len++] = (guint8)target;
    }
    for (guint k = 0; k < 20; k++) {
        gsize pos = 34 + 2 * k;
        MsStatus st = ms_name_read(msg, len, &pos, TRUE, &out, NULL);
        guint hops = k + 1;
        CU_ASSERT_EQUAL(st, hops <= MS_NAME_MAX_POINTER_HOPS ? MS_OK : MS_ERR_POINTER_LOOP);
    }
}

static void
test_nbt005_pointer_to_scope_suffix(void)
{
    /* RFC 1002 §4.1 lets a pointer replace the tail of a name: here the second name's
     * scope labels are a pointer to the first name's scope. */
    MsName n, out;
    guint8 msg[128];
    ms_name_init(&n, "H1", 0x00, "corp.example");
    gsize len = write_name(&n, msg, sizeof msg);
    MsName other;
    ms_name_init(&other, "H2", 0x20, NULL);
    gsize second = len;
    len += write_name(&other, msg + len, sizeof msg - len) - 1; /* drop its 0x00 */
    msg[len++] = 0xC0;
    msg[len++] = 33; /* the scope labels of the first name */
    gsize pos = second;
    CU_ASSERT_EQUAL(ms_name_read(msg, len, &pos, TRUE, &out, NULL), MS_OK);
    CU_ASSERT_EQUAL(pos, len);
    CU_ASSERT_STRING_EQUAL(out.scope, "corp.example");
    CU_ASSERT_EQUAL(ms_name_suffix(&out), 0x20);
}

static CU_TestInfo tests[] = {
    {"NBT-001 first-level encoding", test_nbt001_first_level_encoding},
    {"first-level round trip of every byte", test_first_level_round_trip_every_byte},
    {"NBT-002 padding rules", test_nbt002_padding_rules},
    {"init rejects unencodable names", test_init_rejects_what_the_wire_cannot_carry},
    {"equality ignores case only", test_equality_ignores_case_not_suffix_or_scope},
    {"to_string", test_to_string_spells_unprintables},
    {"NBT-003 bad labels", test_nbt003_bad_labels_are_dropped},
    {"NBT-003 truncation", test_nbt003_truncated_anywhere_is_a_clean_error},
    {"NBT-004 scope", test_nbt004_scope_round_trip},
    {"NBT-005 pointers", test_nbt005_pointers},
    {"NBT-005 pointer chains bounded", test_nbt005_pointer_chains_are_bounded},
    {"NBT-005 pointer to a scope suffix", test_nbt005_pointer_to_scope_suffix},
    CU_TEST_INFO_NULL,
};

int
main(void)
{
    return test_run_suite("ms-name", tests);
}
