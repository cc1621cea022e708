/* Bad input is data ([DESIGN] §2.5): cut, corrupted and random frames give a clean status
 * (never a crash, never a read past the buffer: the suite runs under ASan), and whatever
 * decodes re-encodes into something that decodes to the same fields. Covers the truncation
 * half of BRWS-017 and the length/count fields of every frame kind (BRWS-010, BRWS-018). */
#include <browse-proto/brw-frame.h>

#include <string.h>

#include "brw-samples.h"
#include "test-util.h"

static MsStatus
decode(BrwLayout layout, const guint8 *data, gsize len, BrwFrame *f)
{
    if (layout == BRW_LAYOUT_LANMAN)
        return brw_frame_decode_lanman(data, len, f);
    return brw_frame_decode_browse(data, len, f);
}

static gboolean
status_is_clean(MsStatus st)
{
    return st == MS_OK || st == MS_ERR_TRUNCATED || st == MS_ERR_UNSUPPORTED;
}

/* Decodes an exact-size heap copy of data[0..len) so ASan sees any over-read. */
static MsStatus
decode_exact(BrwLayout layout, const guint8 *data, gsize len, BrwFrame *f)
{
    g_autofree guint8 *copy = g_memdup2(data, len);
    return decode(layout, copy, len, f);
}

/* A decoded frame encodes, and the encoding decodes to the same fields (comments cut to the
 * 42 characters a sender may send). Returns FALSE (after asserting) when it does not. */
static gboolean
check_round_trip(const BrwFrame *first)
{
    static BrwFrame again, expected;
    guint8 buf[2048];
    MsWriter w = ms_writer_init(buf, sizeof buf);
    MsStatus st = brw_frame_encode(first, &w);
    CU_ASSERT_EQUAL(st, MS_OK);
    if (st != MS_OK)
        return FALSE;
    st = decode_exact(first->layout, buf, w.len, &again);
    CU_ASSERT_EQUAL(st, MS_OK);
    expected = *first;
    if (expected.kind == BRW_FRAME_HOST_ANNOUNCEMENT ||
        expected.kind == BRW_FRAME_LOCAL_MASTER_ANNOUNCEMENT)
        expected.announcement.comment[BRW_COMMENT_WIRE_MAX - 1] = '\0';
    gboolean same = st == MS_OK && brw_frame_equal(&expected, &again);
    CU_ASSERT_TRUE(same);
    return same;
}

/* Every prefix of every sample: shorter than the fixed fields and required names gives
 * MS_ERR_TRUNCATED, anything from there on decodes (the optional trailing strings may be
 * cut or missing) and round-trips. */
static void
test_truncation_every_offset(void)
{
    for (gsize i = 0; i < brw_sample_count; i++) {
        const BrwSample *s = &brw_samples[i];
        g_autoptr(GByteArray) b = test_hex(s->hex);
        for (gsize len = 0; len <= b->len; len++) {
            BrwFrame f;
            MsStatus st = decode_exact(s->layout, b->data, len, &f);
            if (len < s->min_len) {
                if (st != MS_ERR_TRUNCATED)
                    fprintf(stderr, "%s: prefix %zu gave %s\n", s->name, len,
                            ms_status_to_string(st));
                CU_ASSERT_EQUAL(st, MS_ERR_TRUNCATED);
            } else {
                if (st != MS_OK)
                    fprintf(stderr, "%s: prefix %zu gave %s\n", s->name, len,
                            ms_status_to_string(st));
                CU_ASSERT_EQUAL(st, MS_OK);
                if (st == MS_OK) {
                    CU_ASSERT_EQUAL(f.kind, s->kind);
                    check_round_trip(&f);
                }
            }
        }
    }
}

/* Every byte of every sample set to every value: opcodes, counts, the update count, the
 * periodicity, the NULs that end names and comments, the name bytes themselves. */
static void
test_corrupt_every_byte(void)
{
    guint decoded = 0, rejected = 0;
    for (gsize i = 0; i < brw_sample_count; i++) {
        const BrwSample *s = &brw_samples[i];
        g_autoptr(GByteArray) b = test_hex(s->hex);
        for (gsize pos = 0; pos < b->len; pos++) {
            guint8 saved = b->data[pos];
            for (guint v = 0; v <= 0xFF; v++) {
                b->data[pos] = (guint8)v;
                BrwFrame f;
                MsStatus st = decode_exact(s->layout, b->data, b->len, &f);
                CU_ASSERT_TRUE(status_is_clean(st));
                if (st == MS_OK) {
                    decoded++;
                    if (!check_round_trip(&f))
                        fprintf(stderr, "%s: byte %zu = 0x%02x does not round-trip\n", s->name, pos,
                                v);
                } else {
                    rejected++;
                }
            }
            b->data[pos] = saved;
        }
    }
    CU_ASSERT_TRUE(decoded > 0 && rejected > 0);
}

/* BRWS-010: BackupServerCount against the names present: fewer names than counted is a cut
 * frame, more are bytes after the last field, more than BRW_BACKUP_LIST_MAX unsupported. */
static void
test_backup_count_corruption_brws_010(void)
{
    g_autoptr(GByteArray) b =
        test_hex("0a 03 44 33 22 11 48 31 00 42 41 43 4b 55 50 31 00 42 41 43 4b 55 50 32 00");
    for (guint count = 0; count <= 0xFF; count++) {
        b->data[1] = (guint8)count;
        BrwFrame f;
        MsStatus st = decode_exact(BRW_LAYOUT_BROWSE, b->data, b->len, &f);
        if (count <= 3) {
            CU_ASSERT_EQUAL(st, MS_OK);
            CU_ASSERT_EQUAL(f.backup_response.count, count);
            /* The uncounted names are kept as bytes after the frame, and come back out. */
            gsize names_len[] = {0, 3, 11, 19};
            CU_ASSERT_EQUAL(f.extra_len, 19 - names_len[count]);
            guint8 out[64];
            MsWriter w = ms_writer_init(out, sizeof out);
            CU_ASSERT_EQUAL(brw_frame_encode(&f, &w), MS_OK);
            TEST_ASSERT_BYTES_EQUAL(out, w.len, b->data, b->len);
        } else if (count <= BRW_BACKUP_LIST_MAX) {
            CU_ASSERT_EQUAL(st, MS_ERR_TRUNCATED);
        } else {
            CU_ASSERT_EQUAL(st, MS_ERR_UNSUPPORTED);
        }
    }
}

/* BRWS-018: strings whose NUL is gone run to the end of the frame; every NUL of every sample
 * replaced by a letter, one at a time and all at once, still decodes cleanly. */
static void
test_missing_nuls_brws_018(void)
{
    for (gsize i = 0; i < brw_sample_count; i++) {
        const BrwSample *s = &brw_samples[i];
        g_autoptr(GByteArray) all = test_hex(s->hex);
        for (gsize pos = 0; pos < all->len; pos++) {
            if (all->data[pos] != 0)
                continue;
            g_autoptr(GByteArray) one = test_hex(s->hex);
            one->data[pos] = 'X';
            all->data[pos] = 'X';
            BrwFrame f;
            MsStatus st = decode_exact(s->layout, one->data, one->len, &f);
            CU_ASSERT_TRUE(status_is_clean(st));
            if (st == MS_OK)
                check_round_trip(&f);
        }
        BrwFrame f;
        MsStatus st = decode_exact(s->layout, all->data, all->len, &f);
        CU_ASSERT_TRUE(status_is_clean(st));
        if (st == MS_OK)
            check_round_trip(&f);
    }
}

/* BRWS-026: every LM periodicity (16-bit seconds) becomes seconds * 1000 ms and encodes back
 * to the same two bytes. */
static void
test_lanman_periodicity_field_brws_026(void)
{
    g_autoptr(GByteArray) b =
        test_hex("01 00 03 02 00 00 24 00 d0 02 4f 53 32 53 52 56 00 4c 4d 20 68 6f 73 74 00");
    guint8 out[64];
    for (guint s = 0; s <= G_MAXUINT16; s++) {
        b->data[8] = (guint8)s;
        b->data[9] = (guint8)(s >> 8);
        BrwFrame f;
        if (brw_frame_decode_lanman(b->data, b->len, &f) != MS_OK ||
            f.announcement.periodicity_ms != s * 1000u) {
            CU_FAIL("LM periodicity");
            break;
        }
        MsWriter w = ms_writer_init(out, sizeof out);
        if (brw_frame_encode(&f, &w) != MS_OK || w.len != b->len ||
            memcmp(out, b->data, b->len) != 0) {
            CU_FAIL("LM periodicity re-encoding");
            break;
        }
    }
}

/* Bytes after the last field: kept up to BRW_EXTRA_MAX, the rest dropped, never an error. */
static void
test_long_trailer(void)
{
    g_autoptr(GByteArray) b = test_hex("0e 01");
    for (int i = 0; i < 300; i++) {
        guint8 v = (guint8)i;
        g_byte_array_append(b, &v, 1);
    }
    BrwFrame f;
    CU_ASSERT_EQUAL_FATAL(decode_exact(BRW_LAYOUT_BROWSE, b->data, b->len, &f), MS_OK);
    CU_ASSERT_EQUAL(f.extra_len, BRW_EXTRA_MAX);
    CU_ASSERT_EQUAL(memcmp(f.extra, b->data + 2, BRW_EXTRA_MAX), 0);
    check_round_trip(&f);
}

/* Random frames from a fixed seed: a valid opcode and random bytes of random length (up to a
 * full datagram's worth), through both decoders. */
static void
test_random_frames(void)
{
    static const guint8 opcodes[] = {0x01, 0x02, 0x08, 0x09, 0x0A, 0x0B,
                                     0x0C, 0x0D, 0x0E, 0x0F, 0x03, 0x17};
    g_autoptr(GRand) rand = g_rand_new_with_seed(0x62727773);
    guint8 buf[600];
    guint ok = 0;
    for (int round = 0; round < 20000; round++) {
        gsize len = (gsize)g_rand_int_range(rand, 0, sizeof buf);
        for (gsize i = 0; i < len; i++) {
            /* Mostly printable with some NULs, so names and comments end at varied places. */
            guint32 r = g_rand_int(rand);
            buf[i] = (r % 8 == 0) ? 0 : (guint8)(0x20 + (r >> 8) % 0x60);
        }
        if (len)
            buf[0] = opcodes[g_rand_int_range(rand, 0, G_N_ELEMENTS(opcodes))];
        if (len > 1 && g_rand_boolean(rand))
            buf[1] = (guint8)g_rand_int_range(rand, 0, 8);
        for (int layout = BRW_LAYOUT_BROWSE; layout <= BRW_LAYOUT_LANMAN; layout++) {
            BrwFrame f;
            MsStatus st = decode_exact((BrwLayout)layout, buf, len, &f);
            CU_ASSERT_TRUE(status_is_clean(st));
            if (st == MS_OK) {
                ok++;
                check_round_trip(&f);
            }
        }
    }
    CU_ASSERT_TRUE(ok > 1000);
}

int
main(void)
{
    CU_TestInfo tests[] = {
        {"truncation_every_offset_brws_017", test_truncation_every_offset},
        {"corrupt_every_byte", test_corrupt_every_byte},
        {"backup_count_corruption_brws_010", test_backup_count_corruption_brws_010},
        {"missing_nuls_brws_018", test_missing_nuls_brws_018},
        {"lanman_periodicity_field_brws_026", test_lanman_periodicity_field_brws_026},
        {"long_trailer", test_long_trailer},
        {"random_frames", test_random_frames},
        CU_TEST_INFO_NULL,
    };
    return test_run_suite("brw-frame-robust", tests);
}
