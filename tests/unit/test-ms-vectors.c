/* Golden vectors: every NetBIOS name-service and datagram frame in the Samba captures of
 * tests/data/vectors must decode, encode back to the same bytes, and agree with what tshark
 * decoded in it (the .tsv beside each capture, written by refresh-vectors.sh). */
#include <libmailslot/ms-dgram.h>
#include <libmailslot/ms-mailslot.h>
#include <libmailslot/ms-nbns.h>

#include <stdio.h>
#include <string.h>

#include "pcapng.h"
#include "test-util.h"

/* Columns of the .tsv files. */
enum {
    COL_FRAME,
    COL_SPORT,
    COL_DPORT,
    COL_NBNS_ID,
    COL_NBNS_FLAGS,
    COL_NBNS_NAME,
    COL_DGM_TYPE,
    COL_DGM_ID,
    COL_DGM_SOURCE,
    COL_DGM_DESTINATION,
    COL_MAILSLOT,
    COL_MALFORMED,
    N_COLS
};

static const char *const CAPTURES[] = {
    "brws-probe",
    "nmbd-election-simultaneous-tie",
    "nmbd-election-simultaneous",
    "nmbd-election-staggered",
    "nmbd-lmb-startup-nopref",
    "nmbd-lmb-startup",
    "smb-netserverenum2",
};

/* frame number -> tab-split row */
static GHashTable *
load_tshark_fields(const char *capture)
{
    g_autofree char *rel = g_strdup_printf("vectors/%s.tsv", capture);
    g_autofree char *path = test_data_path(rel);
    g_autofree char *text = NULL;
    CU_ASSERT_FATAL(g_file_get_contents(path, &text, NULL, NULL));
    GHashTable *rows = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL,
                                             (GDestroyNotify)g_strfreev);
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
    for (char **line = lines; *line; line++) {
        if (**line == '#' || **line == '\0')
            continue;
        char **cols = g_strsplit(*line, "\t", N_COLS);
        CU_ASSERT_EQUAL_FATAL(g_strv_length(cols), N_COLS);
        g_hash_table_insert(rows, GUINT_TO_POINTER(atoi(cols[COL_FRAME])), cols);
    }
    return rows;
}

/* A name as tshark prints it: the 15 bytes with trailing spaces (not NULs) dropped, each
 * unprintable byte as <xx>, then <suffix>. */
static char *
tshark_name(const MsName *name)
{
    GString *s = g_string_new(NULL);
    gsize len = MS_NAME_LEN - 1;
    while (len > 0 && name->bytes[len - 1] == ' ')
        len--;
    for (gsize i = 0; i < len; i++) {
        guint8 c = name->bytes[i];
        if (c > 0x20 && c < 0x7F)
            g_string_append_c(s, (char)c);
        else
            g_string_append_printf(s, "<%02x>", c);
    }
    g_string_append_printf(s, "<%02x>", ms_name_suffix(name));
    return g_string_free(s, FALSE);
}

/* tshark appends a description to some names: "LABGRP<1d> (Local Master Browser)". */
static gboolean
same_name(const MsName *ours, const char *theirs)
{
    g_autofree char *mine = tshark_name(ours);
    gsize n = strlen(mine);
    return strncmp(mine, theirs, n) == 0 && (theirs[n] == '\0' || theirs[n] == ' ');
}

static gboolean
same_hex16(guint16 v, const char *theirs)
{
    return (guint16)g_ascii_strtoull(theirs, NULL, 16) == v && theirs[0] != '\0';
}

static void
check_nbns(const char *capture, const PcapFrame *f, char **row)
{
    gsize len;
    const guint8 *data = g_bytes_get_data(f->payload, &len);
    MsNbnsPacket p;
    MsStatus st = ms_nbns_decode(data, len, &p);
    if (st != MS_OK)
        fprintf(stderr, "%s frame %u: %s\n", capture, f->number, ms_status_to_string(st));
    CU_ASSERT_EQUAL_FATAL(st, MS_OK);

    guint8 buf[1024];
    MsWriter w = ms_writer_init(buf, sizeof buf);
    CU_ASSERT_EQUAL(ms_nbns_encode(&p, &w), MS_OK);
    TEST_ASSERT_BYTES_EQUAL(buf, w.len, data, len);

    CU_ASSERT_TRUE(same_hex16(p.trn_id, row[COL_NBNS_ID]));
    CU_ASSERT_TRUE(same_hex16(p.flags, row[COL_NBNS_FLAGS]));
    const MsName *first = p.has_question ? &p.question_name : &p.answer.name;
    CU_ASSERT_TRUE(same_name(first, row[COL_NBNS_NAME]));
}

static void
check_dgram(const char *capture, const PcapFrame *f, char **row)
{
    gsize len;
    const guint8 *data = g_bytes_get_data(f->payload, &len);
    MsDgram d;
    MsStatus st = ms_dgram_decode(data, len, &d);
    if (st != MS_OK)
        fprintf(stderr, "%s frame %u: %s\n", capture, f->number, ms_status_to_string(st));
    CU_ASSERT_EQUAL_FATAL(st, MS_OK);

    guint8 buf[1024];
    MsWriter w = ms_writer_init(buf, sizeof buf);
    CU_ASSERT_EQUAL(ms_dgram_encode(&d, &w), MS_OK);
    TEST_ASSERT_BYTES_EQUAL(buf, w.len, data, len);

    CU_ASSERT_EQUAL((guint)d.type, (guint)atoi(row[COL_DGM_TYPE]));
    CU_ASSERT_TRUE(same_hex16(d.id, row[COL_DGM_ID]));
    CU_ASSERT_TRUE(same_name(&d.source_name, row[COL_DGM_SOURCE]));
    CU_ASSERT_TRUE(same_name(&d.destination_name, row[COL_DGM_DESTINATION]));

    MsMailslotWrite m;
    CU_ASSERT_EQUAL_FATAL(ms_mailslot_parse(d.data, d.data_len, &m), MS_OK);
    CU_ASSERT_TRUE(ms_mailslot_name_is(&m, row[COL_MAILSLOT]));
}

/* The codecs decode 100% of the NetBIOS frames of every capture. */
static void
test_every_netbios_frame_of_the_captures(void)
{
    guint total_nbns = 0, total_dgram = 0;
    for (gsize c = 0; c < G_N_ELEMENTS(CAPTURES); c++) {
        g_autoptr(GHashTable) rows = load_tshark_fields(CAPTURES[c]);
        g_autofree char *rel = g_strdup_printf("vectors/%s.pcapng", CAPTURES[c]);
        g_autofree char *path = test_data_path(rel);
        g_autoptr(GError) error = NULL;
        g_autoptr(GPtrArray) frames = pcapng_read_frames(path, &error);
        CU_ASSERT_PTR_NOT_NULL_FATAL(frames);
        guint udp_seen = 0;
        for (guint i = 0; i < frames->len; i++) {
            const PcapFrame *f = g_ptr_array_index(frames, i);
            if (f->ip_proto != 17)
                continue;
            udp_seen++;
            char **row = g_hash_table_lookup(rows, GUINT_TO_POINTER(f->number));
            CU_ASSERT_PTR_NOT_NULL_FATAL(row);
            CU_ASSERT_STRING_EQUAL(row[COL_MALFORMED], "");
            if (f->src_port == 137 || f->dst_port == 137) {
                check_nbns(CAPTURES[c], f, row);
                total_nbns++;
            } else if (f->src_port == 138 || f->dst_port == 138) {
                check_dgram(CAPTURES[c], f, row);
                total_dgram++;
            } else {
                CU_FAIL("a UDP frame that is neither name service nor datagram service");
            }
        }
        /* every UDP frame tshark saw was looked at */
        CU_ASSERT_EQUAL(udp_seen, g_hash_table_size(rows));
    }
    printf("\n  decoded %u name-service and %u datagram frames\n", total_nbns, total_dgram);
    /* the captures hold 411 and 149 (tshark's count); fewer means frames were skipped */
    CU_ASSERT_EQUAL(total_nbns, 411);
    CU_ASSERT_EQUAL(total_dgram, 149);
}

static CU_TestInfo tests[] = {
    {"every NetBIOS frame of the captures", test_every_netbios_frame_of_the_captures},
    CU_TEST_INFO_NULL,
};

int
main(void)
{
    return test_run_suite("ms-vectors", tests);
}
