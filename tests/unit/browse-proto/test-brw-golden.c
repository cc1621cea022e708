/* Golden vectors: every browser frame of every capture in tests/data/vectors, taken from the
 * UDP/138 datagrams with libmailslot (ms_dgram_decode, ms_mailslot_parse) and decoded with
 * brw_frame_decode_mailslot(). All of them must decode, re-encode to the very same bytes, and
 * agree with what tshark decoded (vectors/<capture>.browser.tsv, written by
 * tests/data/refresh-browser-fields.sh). Covers BRWS-001, 004, 006, 009-016 and MAIL-011 on
 * real Samba traffic. */
#include <browse-proto/brw-frame.h>
#include <libmailslot/ms-dgram.h>
#include <libmailslot/ms-mailslot.h>

#include <stdio.h>
#include <string.h>

#include "pcapng.h"
#include "test-util.h"

/* One row of a .browser.tsv: column name -> value (owned by the table). */
typedef GHashTable TsvRow;

/* Reads a .browser.tsv into frame number -> TsvRow. The first line names the columns. */
static GHashTable *
read_browser_tsv(const char *path)
{
    g_autofree char *text = NULL;
    g_autoptr(GError) error = NULL;
    if (!g_file_get_contents(path, &text, NULL, &error)) {
        fprintf(stderr, "%s\n", error->message);
        return NULL;
    }
    GHashTable *rows = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL,
                                             (GDestroyNotify)g_hash_table_unref);
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
    g_auto(GStrv) columns = NULL;
    for (char **line = lines; *line; line++) {
        if (**line == '\0')
            continue;
        if (columns == NULL) {
            g_assert(g_str_has_prefix(*line, "# "));
            columns = g_strsplit(*line + 2, "\t", -1);
            continue;
        }
        g_auto(GStrv) cells = g_strsplit(*line, "\t", -1);
        TsvRow *row = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
        for (guint i = 0; columns[i] && cells[i]; i++)
            g_hash_table_insert(row, g_strdup(columns[i]), g_strdup(cells[i]));
        guint number = (guint)g_ascii_strtoull(cells[0], NULL, 10);
        g_hash_table_insert(rows, GUINT_TO_POINTER(number), row);
    }
    return rows;
}

static const char *
cell(TsvRow *row, const char *column)
{
    const char *v = g_hash_table_lookup(row, column);
    return v ? v : "";
}

/* A numeric tshark field ("0x00819a03", "60000"). */
static guint64
cell_num(TsvRow *row, const char *column)
{
    return g_ascii_strtoull(cell(row, column), NULL, 0);
}

typedef struct {
    const char *capture;
    guint number;
} Where;

static gboolean
check_str(const Where *at, TsvRow *row, const char *column, const char *ours)
{
    if (strcmp(cell(row, column), ours) == 0)
        return TRUE;
    fprintf(stderr, "%s #%u: %s: tshark '%s', we '%s'\n", at->capture, at->number, column,
            cell(row, column), ours);
    return FALSE;
}

static gboolean
check_num(const Where *at, TsvRow *row, const char *column, guint64 ours)
{
    if (*cell(row, column) != '\0' && cell_num(row, column) == ours)
        return TRUE;
    fprintf(stderr, "%s #%u: %s: tshark '%s', we %" G_GUINT64_FORMAT "\n", at->capture, at->number,
            column, cell(row, column), ours);
    return FALSE;
}

/* The key fields of each kind against tshark's decode. */
static gboolean
check_fields(const Where *at, const BrwFrame *f, TsvRow *row)
{
    gboolean ok = check_num(at, row, "browser.command", (guint)f->kind) &&
                  check_str(at, row, "_ws.malformed", "");
    switch (f->kind) {
    case BRW_FRAME_HOST_ANNOUNCEMENT:
    case BRW_FRAME_LOCAL_MASTER_ANNOUNCEMENT: {
        const BrwAnnouncement *a = &f->announcement;
        ok = ok && check_num(at, row, "browser.update_count", a->update_count) &&
             check_num(at, row, "browser.period", a->periodicity_ms) &&
             check_str(at, row, "browser.server", a->server_name) &&
             check_num(at, row, "browser.os_major", a->os_major) &&
             check_num(at, row, "browser.os_minor", a->os_minor) &&
             check_num(at, row, "browser.server_type", a->server_type) &&
             check_str(at, row, "browser.comment", a->comment);
        if (f->layout == BRW_LAYOUT_BROWSE)
            ok = ok && check_num(at, row, "browser.proto_major", a->version_major) &&
                 check_num(at, row, "browser.proto_minor", a->version_minor) &&
                 check_num(at, row, "browser.sig", a->signature);
        break;
    }
    case BRW_FRAME_DOMAIN_ANNOUNCEMENT: {
        const BrwDomainAnnouncement *d = &f->domain;
        ok = ok && check_num(at, row, "browser.update_count", d->update_count) &&
             check_num(at, row, "browser.period", d->periodicity_ms) &&
             check_str(at, row, "browser.server", d->machine_group) &&
             check_str(at, row, "browser.mb_server", d->master_name) &&
             check_num(at, row, "browser.os_major", d->config_version_major) &&
             check_num(at, row, "browser.os_minor", d->config_version_minor) &&
             check_num(at, row, "browser.server_type", d->server_type);
        /* Wireshark shows bytes 28..31 as a "Mysterious Field" unless they end in 55 AA. */
        if (f->layout == BRW_LAYOUT_BROWSE && d->signature == BRW_SIGNATURE)
            ok = ok && check_num(at, row, "browser.proto_major", d->version_major) &&
                 check_num(at, row, "browser.proto_minor", d->version_minor) &&
                 check_num(at, row, "browser.sig", d->signature);
        else if (f->layout == BRW_LAYOUT_BROWSE)
            ok = ok && check_num(at, row, "browser.mysterious_field",
                                 d->version_major | (guint32)d->version_minor << 8 |
                                     (guint32)d->signature << 16);
        break;
    }
    case BRW_FRAME_ANNOUNCEMENT_REQUEST:
        if (f->layout == BRW_LAYOUT_BROWSE)
            ok = ok && check_num(at, row, "browser.unused", f->request.reserved) &&
                 check_str(at, row, "browser.response_computer_name", f->request.response_name);
        break;
    case BRW_FRAME_REQUEST_ELECTION:
        ok = ok && check_num(at, row, "browser.election.version", f->election.version) &&
             check_num(at, row, "browser.election.criteria", f->election.criteria) &&
             check_num(at, row, "browser.uptime", f->election.uptime_ms) &&
             check_str(at, row, "browser.server", f->election.server_name);
        break;
    case BRW_FRAME_GET_BACKUP_LIST_REQUEST:
        ok = ok && check_num(at, row, "browser.backup.count", f->backup_request.requested_count) &&
             check_num(at, row, "browser.backup.token", f->backup_request.token);
        break;
    case BRW_FRAME_GET_BACKUP_LIST_RESPONSE: {
        g_autoptr(GString) names = g_string_new(NULL);
        for (guint i = 0; i < f->backup_response.count; i++)
            g_string_append_printf(names, "%s%s", i ? "," : "", f->backup_response.names[i]);
        ok = ok && check_num(at, row, "browser.backup.count", f->backup_response.count) &&
             check_num(at, row, "browser.backup.token", f->backup_response.token) &&
             check_str(at, row, "browser.backup.server", names->str);
        break;
    }
    case BRW_FRAME_BECOME_BACKUP:
        ok = ok &&
             check_str(at, row, "browser.browser_to_promote", f->become_backup.browser_to_promote);
        break;
    case BRW_FRAME_MASTER_ANNOUNCEMENT:
        ok = ok && check_str(at, row, "browser.mb_server", f->master.master_name);
        break;
    case BRW_FRAME_RESET_STATE_REQUEST:
        ok = ok && check_num(at, row, "browser.reset_cmd", f->reset.flags);
        break;
    }
    return ok;
}

typedef struct {
    guint frames;
    guint kinds[256];
} Totals;

/* One capture: every UDP/138 datagram carrying a browser mailslot write. */
static void
check_capture(const char *dir, const char *pcap_name, Totals *totals)
{
    g_autofree char *base = g_strndup(pcap_name, strlen(pcap_name) - strlen(".pcapng"));
    g_autofree char *pcap_path = g_build_filename(dir, pcap_name, NULL);
    g_autofree char *tsv_name = g_strconcat(base, ".browser.tsv", NULL);
    g_autofree char *tsv_path = g_build_filename(dir, tsv_name, NULL);

    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) frames = pcapng_read_frames(pcap_path, &error);
    CU_ASSERT_PTR_NOT_NULL_FATAL(frames);
    GHashTable *rows = read_browser_tsv(tsv_path);
    CU_ASSERT_PTR_NOT_NULL_FATAL(rows);

    guint matched = 0;
    for (guint i = 0; i < frames->len; i++) {
        const PcapFrame *pf = g_ptr_array_index(frames, i);
        if (pf->ip_proto != 17 || (pf->src_port != MS_DGRAM_PORT && pf->dst_port != MS_DGRAM_PORT))
            continue;
        Where at = {pcap_name, pf->number};
        gsize len;
        const guint8 *payload = g_bytes_get_data(pf->payload, &len);
        MsDgram d;
        CU_ASSERT_EQUAL_FATAL(ms_dgram_decode(payload, len, &d), MS_OK);
        if (!ms_dgram_type_carries_data(d.type))
            continue;
        CU_ASSERT_TRUE(ms_dgram_is_whole(&d));
        MsMailslotWrite m;
        CU_ASSERT_EQUAL_FATAL(ms_mailslot_parse(d.data, d.data_len, &m), MS_OK);
        if (!ms_mailslot_name_is(&m, MS_MAILSLOT_BROWSE) &&
            !ms_mailslot_name_is(&m, MS_MAILSLOT_LANMAN))
            continue;

        /* 100% of the browser frames decode... */
        BrwFrame f;
        MsStatus st = brw_frame_decode_mailslot(&m, &f);
        if (st != MS_OK)
            fprintf(stderr, "%s #%u: %s\n", pcap_name, pf->number, ms_status_to_string(st));
        CU_ASSERT_EQUAL(st, MS_OK);
        if (st != MS_OK)
            continue;
        totals->frames++;
        totals->kinds[f.kind & 0xFF]++;

        /* ...re-encode byte for byte... */
        guint8 out[MS_DGRAM_MAX_PAYLOAD];
        MsWriter w = ms_writer_init(out, sizeof out);
        CU_ASSERT_EQUAL(brw_frame_encode(&f, &w), MS_OK);
        TEST_ASSERT_BYTES_EQUAL(out, w.len, m.data, m.data_len);
        CU_ASSERT_TRUE(ms_mailslot_name_is(&m, brw_frame_mailslot(&f)));

        /* ...and agree with tshark. */
        TsvRow *row = g_hash_table_lookup(rows, GUINT_TO_POINTER(pf->number));
        if (row == NULL) {
            fprintf(stderr, "%s #%u: no row in %s\n", pcap_name, pf->number, tsv_name);
            CU_FAIL("frame missing from the tshark fields");
            continue;
        }
        matched++;
        CU_ASSERT_TRUE(g_ascii_strcasecmp(cell(row, "mailslot.name"), brw_frame_mailslot(&f)) == 0);
        CU_ASSERT_TRUE(check_fields(&at, &f, row));
    }
    /* Nothing tshark saw as a browser frame went unseen here. */
    CU_ASSERT_EQUAL(matched, g_hash_table_size(rows));
    g_hash_table_unref(rows);
}

static void
test_captures_match_tshark(void)
{
    g_autofree char *dir = test_data_path("vectors");
    g_autoptr(GError) error = NULL;
    g_autoptr(GDir) d = g_dir_open(dir, 0, &error);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
    const char *entry;
    while ((entry = g_dir_read_name(d)) != NULL)
        if (g_str_has_suffix(entry, ".pcapng"))
            g_ptr_array_add(names, g_strdup(entry));
    CU_ASSERT_TRUE_FATAL(names->len > 0);

    Totals totals = {0};
    for (guint i = 0; i < names->len; i++)
        check_capture(dir, g_ptr_array_index(names, i), &totals);
    /* The captures hold every one of the ten frames at least once. */
    CU_ASSERT_TRUE(totals.frames > 100);
    for (guint op = 0; op <= 0xFF; op++)
        if (brw_frame_kind_is_valid((guint8)op)) {
            if (totals.kinds[op] == 0)
                fprintf(stderr, "no %s in the captures\n",
                        brw_frame_kind_to_string((BrwFrameKind)op));
            CU_ASSERT_TRUE(totals.kinds[op] > 0);
        }
}

int
main(void)
{
    CU_TestInfo tests[] = {
        {"captures_match_tshark", test_captures_match_tshark},
        CU_TEST_INFO_NULL,
    };
    return test_run_suite("brw-golden", tests);
}
