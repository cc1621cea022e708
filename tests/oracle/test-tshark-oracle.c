/* External-oracle test: one frame of every kind of packet the libmailslot encoders produce is
 * written to a pcap file and dissected by tshark, whose NBNS, NBDGM, SMB, mailslot and
 * browser dissectors were written independently of us (from RFC 1002 and captures of real
 * stacks). A frame fails when tshark marks it malformed, raises an expert info of severity
 * warning or error, or reads a key field differently from what was built.
 *
 * Expected values are spelled out literally from the specs (nbt.md, mailslot.md, brws.md),
 * not computed by our own code, so the encoders are checked against the spec and tshark at
 * once. CHECKLIST ids are named on each test and frame. tshark is required: without it every
 * test fails (it is a test dependency, not an optional extra). */

#include "pcap-writer.h"
#include "test-util.h"

#include <libmailslot/ms-bytes.h>
#include <libmailslot/ms-dgram.h>
#include <libmailslot/ms-mailslot.h>
#include <libmailslot/ms-name.h>
#include <libmailslot/ms-nbns.h>

#include <glib/gstdio.h>
#include <stdarg.h>
#include <string.h>

#define TSHARK_MISSING "tshark not found: the README test command installs it"
/* Wireshark's expert severities PI_WARN and PI_ERROR (epan/proto.h): `-T fields` prints
 * _ws.expert.severity as these numbers. Chat and note (lower) are informational. */
#define EXPERT_SEVERITY_WARN 0x00600000u
#define EXPERT_SEVERITY_ERROR 0x00800000u
/* When set, the capture is kept and its path printed, to open it in Wireshark. */
#define KEEP_CAPTURE_ENV "BROWSERD_ORACLE_KEEP"

/* 10.0.0.0/24 lab addresses (host byte order). Only a file is written; nothing is sent. */
#define LAB_IP(host) (0x0A000000u | (host))
#define OUR_IP LAB_IP(10)  /* SERVER1, the browserd host */
#define PEER_IP LAB_IP(20) /* PEER20 */
#define NBNS_IP LAB_IP(1)  /* an NBNS/NBDD, for the packets only servers receive */
#define SUBNET_BROADCAST LAB_IP(255)

static const PcapUdpFlow NS_BROADCAST = {OUR_IP, MS_NBNS_PORT, SUBNET_BROADCAST, MS_NBNS_PORT};
static const PcapUdpFlow NS_TO_PEER = {OUR_IP, MS_NBNS_PORT, PEER_IP, MS_NBNS_PORT};
static const PcapUdpFlow NS_TO_NBNS = {OUR_IP, MS_NBNS_PORT, NBNS_IP, MS_NBNS_PORT};
static const PcapUdpFlow DGM_BROADCAST = {OUR_IP, MS_DGRAM_PORT, SUBNET_BROADCAST, MS_DGRAM_PORT};
static const PcapUdpFlow DGM_TO_PEER = {OUR_IP, MS_DGRAM_PORT, PEER_IP, MS_DGRAM_PORT};
static const PcapUdpFlow DGM_TO_NBDD = {OUR_IP, MS_DGRAM_PORT, NBNS_IP, MS_DGRAM_PORT};

/* ---- the oracle: expected frames, tshark run, comparison ---------------------------- */

/* Every field tshark prints, in -e order. The first four are read for every frame; the
 * others only when a check names them. */
enum { COL_FRAME_NUMBER, COL_MALFORMED, COL_EXPERT_SEVERITY, COL_EXPERT_MESSAGE };
static const char *const tshark_fields[] = {
    "frame.number", "_ws.malformed", "_ws.expert.severity", "_ws.expert.message",
    /* name service */
    "nbns.id", "nbns.flags", "nbns.count.queries", "nbns.count.answers", "nbns.count.add_rr",
    "nbns.name", "nbns.type", "nbns.ttl", "nbns.data_length", "nbns.nb_flags", "nbns.addr",
    "nbns.data", "nbns.number_of_names", "nbns.netbios_name", "nbns.name_flags", "nbns.unit_id",
    /* datagram service */
    "nbdgm.type", "nbdgm.flags", "nbdgm.dgram_id", "nbdgm.src.ip", "nbdgm.src.port",
    "nbdgm.dgram_len", "nbdgm.pkt_offset", "nbdgm.source_name", "nbdgm.destination_name",
    "nbdgm.error_code",
    /* SMB_COM_TRANSACTION carrying the mailslot write */
    "smb.cmd", "smb.flags", "smb.flags2", "smb.pid", "smb.tid", "smb.uid", "smb.mid", "smb.wct",
    "smb.tdc", "smb.pc", "smb.dc", "smb.data_offset", "smb.sc", "smb.bcc", "mailslot.opcode",
    "mailslot.priority", "mailslot.class", "mailslot.name",
    /* browser frames */
    "browser.command", "browser.period", "browser.server", "browser.os_major", "browser.os_minor",
    "browser.server_type", "browser.proto_major", "browser.proto_minor", "browser.sig",
    "browser.comment", "browser.mb_server"};

/* Fields holding a NetBIOS name, to which tshark may append the suffix's meaning, as in
 * "SERVER1<00> (Workstation/Redirector)"; the checks compare the name alone. */
static const char *const netbios_name_fields[] = {"nbns.name", "nbdgm.source_name",
                                                  "nbdgm.destination_name"};

typedef struct {
    guint column;   /* index into tshark_fields */
    char *expected; /* tshark's text: all occurrences joined by ',' */
} FieldCheck;

typedef struct {
    char *what; /* the packet, for failure messages */
    GArray *checks;
} ExpectedFrame;

typedef struct {
    PcapWriter *pcap;
    GPtrArray *frames; /* ExpectedFrame; [i] is tshark's frame i + 1 */
} Oracle;

static void
expected_frame_free(gpointer data)
{
    ExpectedFrame *f = data;
    for (guint i = 0; i < f->checks->len; i++)
        g_free(g_array_index(f->checks, FieldCheck, i).expected);
    g_array_unref(f->checks);
    g_free(f->what);
    g_free(f);
}

static Oracle *
oracle_new(void)
{
    Oracle *o = g_new0(Oracle, 1);
    o->pcap = pcap_writer_new();
    o->frames = g_ptr_array_new_with_free_func(expected_frame_free);
    return o;
}

static void
oracle_free(Oracle *o)
{
    if (o == NULL)
        return;
    pcap_writer_free(o->pcap);
    g_ptr_array_unref(o->frames);
    g_free(o);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC(Oracle, oracle_free)

/* Adds the bytes an encoder wrote as the next frame. Every packet we send fits in 576 bytes
 * of UDP payload (RFC 1002 §6 MAX_DATAGRAM_LENGTH; NBT-038 for datagrams, NBT-017 for node
 * status). */
G_STATIC_ASSERT(MS_DGRAM_MAX_PAYLOAD == MS_NBNS_MAX_PACKET);
static ExpectedFrame *
oracle_add(Oracle *o, const char *what, const PcapUdpFlow *flow, const MsWriter *w)
{
    CU_ASSERT_FALSE(w->overflow);
    CU_ASSERT(w->len <= MS_DGRAM_MAX_PAYLOAD);

    ExpectedFrame *f = g_new0(ExpectedFrame, 1);
    f->what = g_strdup(what);
    f->checks = g_array_new(FALSE, TRUE, sizeof(FieldCheck));
    g_ptr_array_add(o->frames, f);
    guint number = pcap_writer_add_udp(o->pcap, flow, w->data, w->len);
    g_assert(number == o->frames->len);
    return f;
}

static guint
field_column(const char *field)
{
    for (guint i = 0; i < G_N_ELEMENTS(tshark_fields); i++) {
        if (strcmp(tshark_fields[i], field) == 0)
            return i;
    }
    g_error("field %s is not in tshark_fields", field);
}

/* Expects tshark to print exactly this text for `field` (a field occurring several times is
 * printed as its values joined by ','). */
static void expect(ExpectedFrame *f, const char *field, const char *format, ...)
    G_GNUC_PRINTF(3, 4);

static void
expect(ExpectedFrame *f, const char *field, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    FieldCheck check = {field_column(field), g_strdup_vprintf(format, args)};
    va_end(args);
    g_array_append_val(f->checks, check);
}

static GStrvBuilder *
tshark_argv(const char *tshark, const char *pcap_path)
{
    GStrvBuilder *argv = g_strv_builder_new();
    /* -n: no name resolution, so tshark never looks anything up on the network;
     * ip.check_checksum: a wrong IPv4 header checksum becomes an expert error. */
    const char *options[] = {tshark, "-n",     "-r", pcap_path,      "-o", "ip.check_checksum:TRUE",
                             "-T",   "fields", "-E", "separator=/t", "-E", "occurrence=a"};
    for (guint i = 0; i < G_N_ELEMENTS(options); i++)
        g_strv_builder_add(argv, options[i]);
    for (guint i = 0; i < G_N_ELEMENTS(tshark_fields); i++) {
        g_strv_builder_add(argv, "-e");
        g_strv_builder_add(argv, tshark_fields[i]);
    }
    return argv;
}

/* Runs tshark on the capture; its standard output, or NULL with a problem added. tshark's
 * personal configuration is pointed at `config_dir` (empty), so a user's preferences or
 * disabled protocols cannot change what it reports. */
static char *
run_tshark(const char *tshark, const char *pcap_path, const char *config_dir, GPtrArray *problems)
{
    g_autoptr(GStrvBuilder) builder = tshark_argv(tshark, pcap_path);
    g_auto(GStrv) argv = g_strv_builder_end(builder);
    g_auto(GStrv) envp =
        g_environ_setenv(g_get_environ(), "WIRESHARK_CONFIG_DIR", config_dir, TRUE);
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    g_autoptr(GError) error = NULL;
    int wait_status = 0;

    if (!g_spawn_sync(NULL, argv, envp, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &wait_status,
                      &error) ||
        !g_spawn_check_wait_status(wait_status, &error)) {
        g_ptr_array_add(problems, g_strdup_printf("running %s failed: %s; stderr: %s", tshark,
                                                  error->message, err ? err : ""));
        return NULL;
    }
    return g_steal_pointer(&out);
}

/* Writes the capture into a fresh temporary directory, runs tshark on it and removes both
 * (unless KEEP_CAPTURE_ENV is set). */
static char *
dissect_capture(const Oracle *o, const char *tshark, GPtrArray *problems)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *dir = g_dir_make_tmp("browserd-oracle-XXXXXX", &error);
    if (dir == NULL) {
        g_ptr_array_add(problems, g_strdup_printf("temporary directory: %s", error->message));
        return NULL;
    }
    g_autofree char *path = g_build_filename(dir, "oracle.pcap", NULL);
    char *out = NULL;
    if (pcap_writer_save(o->pcap, path, &error))
        out = run_tshark(tshark, path, dir, problems);
    else
        g_ptr_array_add(problems, g_strdup_printf("writing %s: %s", path, error->message));

    if (g_getenv(KEEP_CAPTURE_ENV) != NULL) {
        g_printerr("\n  capture kept: %s\n", path);
    } else {
        g_unlink(path);
        g_rmdir(dir);
    }
    return out;
}

static void
check_expert_infos(const ExpectedFrame *f, guint number, char **row, GPtrArray *problems)
{
    if (row[COL_MALFORMED][0] != '\0')
        g_ptr_array_add(problems, g_strdup_printf("frame %u (%s): tshark marks it malformed (%s)",
                                                  number, f->what, row[COL_EXPERT_MESSAGE]));

    g_auto(GStrv) severities = g_strsplit(row[COL_EXPERT_SEVERITY], ",", -1);
    g_auto(GStrv) messages = g_strsplit(row[COL_EXPERT_MESSAGE], ",", -1);
    guint n_messages = g_strv_length(messages);
    for (guint i = 0; severities[i] != NULL; i++) {
        guint64 severity = g_ascii_strtoull(severities[i], NULL, 0);
        if (severity < EXPERT_SEVERITY_WARN)
            continue;
        g_ptr_array_add(
            problems, g_strdup_printf("frame %u (%s): tshark expert info (%s): %s", number, f->what,
                                      severity >= EXPERT_SEVERITY_ERROR ? "error" : "warning",
                                      i < n_messages ? messages[i] : "?"));
    }
}

static gboolean
is_netbios_name_field(const char *field)
{
    for (guint i = 0; i < G_N_ELEMENTS(netbios_name_fields); i++) {
        if (strcmp(netbios_name_fields[i], field) == 0)
            return TRUE;
    }
    return FALSE;
}

/* "A<00>,B<1d> (Master Browser)" -> "A<00>,B<1d>": drops a " (...)" ending each occurrence.
 * Our names never contain " (". */
static char *
strip_name_descriptions(const char *value)
{
    g_auto(GStrv) names = g_strsplit(value, ",", -1);
    for (guint i = 0; names[i] != NULL; i++) {
        char *description = strstr(names[i], " (");
        if (description != NULL && g_str_has_suffix(description, ")"))
            *description = '\0';
    }
    return g_strjoinv(",", names);
}

static void
check_fields(const ExpectedFrame *f, guint number, char **row, GPtrArray *problems)
{
    for (guint i = 0; i < f->checks->len; i++) {
        const FieldCheck *c = &g_array_index(f->checks, FieldCheck, i);
        const char *field = tshark_fields[c->column];
        g_autofree char *actual = is_netbios_name_field(field)
                                      ? strip_name_descriptions(row[c->column])
                                      : g_strdup(row[c->column]);
        if (strcmp(actual, c->expected) != 0)
            g_ptr_array_add(problems,
                            g_strdup_printf("frame %u (%s): tshark reads %s as \"%s\", "
                                            "expected \"%s\"",
                                            number, f->what, field, row[c->column], c->expected));
    }
}

/* Splits tshark's output into rows of G_N_ELEMENTS(tshark_fields) columns, indexed by frame
 * number - 1; a line of any other shape is a problem. */
static GPtrArray *
parse_rows(const char *out, guint n_frames, GPtrArray *problems)
{
    GPtrArray *rows = g_ptr_array_new_full(n_frames, (GDestroyNotify)g_strfreev);
    g_ptr_array_set_size(rows, (gint)n_frames);
    g_auto(GStrv) lines = g_strsplit(out, "\n", -1);
    for (guint i = 0; lines[i] != NULL; i++) {
        if (lines[i][0] == '\0')
            continue;
        char **row = g_strsplit(lines[i], "\t", -1);
        guint64 number = g_ascii_strtoull(row[0], NULL, 10);
        if (g_strv_length(row) != G_N_ELEMENTS(tshark_fields) || number == 0 || number > n_frames ||
            g_ptr_array_index(rows, number - 1) != NULL) {
            g_ptr_array_add(problems, g_strdup_printf("unexpected tshark line: %s", lines[i]));
            g_strfreev(row);
            continue;
        }
        rows->pdata[number - 1] = row;
    }
    return rows;
}

/* Dissects every frame with tshark and returns each disagreement as one sentence (an empty
 * array when tshark agrees with everything). */
static GPtrArray *
oracle_run(const Oracle *o)
{
    GPtrArray *problems = g_ptr_array_new_with_free_func(g_free);
    g_autofree char *tshark = g_find_program_in_path("tshark");
    if (tshark == NULL) {
        g_ptr_array_add(problems, g_strdup(TSHARK_MISSING));
        return problems;
    }
    g_autofree char *out = dissect_capture(o, tshark, problems);
    if (out == NULL)
        return problems;

    g_autoptr(GPtrArray) rows = parse_rows(out, o->frames->len, problems);
    for (guint i = 0; i < o->frames->len; i++) {
        const ExpectedFrame *f = g_ptr_array_index(o->frames, i);
        char **row = g_ptr_array_index(rows, i);
        if (row == NULL) {
            g_ptr_array_add(
                problems, g_strdup_printf("frame %u (%s): tshark printed nothing", i + 1, f->what));
            continue;
        }
        check_expert_infos(f, i + 1, row, problems);
        check_fields(f, i + 1, row, problems);
    }
    return problems;
}

/* One CUnit failure per problem, each printed in full (CUnit's summary truncates). */
static void
oracle_assert_agrees(const Oracle *o, const char *file, unsigned line)
{
    CU_ASSERT_TRUE_FATAL(o->frames->len > 0);
    g_autoptr(GPtrArray) problems = oracle_run(o);
    for (guint i = 0; i < problems->len; i++) {
        const char *problem = g_ptr_array_index(problems, i);
        g_printerr("\n  %s", problem);
        CU_assertImplementation(CU_FALSE, line, problem, file, "", CU_FALSE);
    }
    if (problems->len == 0)
        CU_assertImplementation(CU_TRUE, line, "tshark agrees", file, "", CU_FALSE);
}
#define ORACLE_ASSERT_AGREES(o) oracle_assert_agrees((o), __FILE__, __LINE__)

/* ---- inputs ----------------------------------------------------------------------------- */

static MsName
make_name(const char *text, guint8 suffix, const char *scope)
{
    MsName name;
    CU_ASSERT_EQUAL_FATAL(ms_name_init(&name, text, suffix, scope), MS_OK);
    return name;
}

static MsName
msbrowse_name(void)
{
    MsName name;
    ms_name_init_msbrowse(&name, NULL);
    return name;
}

static MsNbAddrEntry
nb_entry(guint16 nb_flags, guint32 addr)
{
    MsNbAddrEntry e = {nb_flags, addr};
    return e;
}

/* HostAnnouncement (0x01) and DomainAnnouncement (0x0C) share one layout ([MS-BRWS] §2.2.1,
 * §2.2.7; brws.md §4.1): opcode, UpdateCount, Periodicity (ms), 16-byte NUL-filled name,
 * OS version, ServerType, browser version 0x0F 0x01, signature 0xAA55, NUL-terminated
 * comment. The values are those of the mailslot.md §6 worked example (43 bytes). */
#define ANNOUNCE_PERIOD_MS 60000u
#define SAMBA_SERVER_TYPE 0x00011003u /* WKS | SRV | NT | POTENTIAL_BROWSER (brws.md §5) */
#define ANNOUNCE_COMMENT "Samba test"

static GByteArray *
build_announcement(guint8 opcode, const char *server, guint32 server_type, const char *comment)
{
    guint8 buf[64];
    char padded_name[16] = {0};
    MsWriter w = ms_writer_init(buf, sizeof buf);

    g_strlcpy(padded_name, server, sizeof padded_name);
    ms_writer_put_u8(&w, opcode);
    ms_writer_put_u8(&w, 0); /* UpdateCount */
    ms_writer_put_le32(&w, ANNOUNCE_PERIOD_MS);
    ms_writer_put_bytes(&w, padded_name, sizeof padded_name);
    ms_writer_put_u8(&w, 6); /* OS version 6.1, as Samba sends */
    ms_writer_put_u8(&w, 1);
    ms_writer_put_le32(&w, server_type);
    ms_writer_put_u8(&w, 0x0F); /* browser protocol version 15.1 */
    ms_writer_put_u8(&w, 0x01);
    ms_writer_put_le16(&w, 0xAA55);
    ms_writer_put_bytes(&w, comment, strlen(comment) + 1);
    CU_ASSERT_FALSE_FATAL(w.overflow);
    return g_byte_array_append(g_byte_array_new(), buf, (guint)w.len);
}

/* LAN Manager host announcement on \MAILSLOT\LANMAN (brws.md §4.10): u16 opcode 1,
 * ServerType, OS version, u16 periodicity in seconds, name and comment NUL-terminated. */
static GByteArray *
build_lanman_announcement(const char *server, const char *comment)
{
    guint8 buf[64];
    MsWriter w = ms_writer_init(buf, sizeof buf);

    ms_writer_put_le16(&w, 1);
    ms_writer_put_le32(&w, SAMBA_SERVER_TYPE);
    ms_writer_put_u8(&w, 6);
    ms_writer_put_u8(&w, 1);
    ms_writer_put_le16(&w, 60);
    ms_writer_put_bytes(&w, server, strlen(server) + 1);
    ms_writer_put_bytes(&w, comment, strlen(comment) + 1);
    CU_ASSERT_FALSE_FATAL(w.overflow);
    return g_byte_array_append(g_byte_array_new(), buf, (guint)w.len);
}

/* A B-node's unfragmented datagram from us: FLAGS = FIRST | SNT B = 0x02, SOURCE_PORT 138
 * (RFC 1002 §4.4.1; NBT-031). */
static MsDgram
dgram_header(MsDgramType type, guint16 id, const MsName *source, const MsName *destination)
{
    MsDgram d = {0};
    d.type = type;
    d.flags = MS_DGRAM_FLAG_FIRST | MS_DGRAM_SNT_B;
    d.id = id;
    d.source_ip = OUR_IP;
    d.source_port = MS_DGRAM_PORT;
    d.source_name = *source;
    d.destination_name = *destination;
    return d;
}

/* ---- expectations shared by several frames --------------------------------------------- */

/* Header of a name service packet and its counts QD/AN/AR (RFC 1002 §4.2.1.1). */
static void
expect_nbns_header(ExpectedFrame *f, const char *id, const char *flags, guint qd, guint an,
                   guint ar)
{
    expect(f, "nbns.id", "%s", id);
    expect(f, "nbns.flags", "%s", flags);
    expect(f, "nbns.count.queries", "%u", qd);
    expect(f, "nbns.count.answers", "%u", an);
    expect(f, "nbns.count.add_rr", "%u", ar);
}

/* A registration, overwrite, refresh or release request: question + the additional record
 * named by the pointer C0 0C, NB IN, RDLENGTH 6, one address entry (RFC 1002 §4.2.2-§4.2.4,
 * §4.2.9; NBT-006). tshark prints the record's name again after following the pointer. */
static void
expect_name_request_record(ExpectedFrame *f, const char *name, const char *ttl,
                           const char *nb_flags, const char *addr)
{
    expect(f, "nbns.name", "%s,%s", name, name);
    expect(f, "nbns.type", "32,32");
    expect(f, "nbns.ttl", "%s", ttl);
    expect(f, "nbns.data_length", "6");
    expect(f, "nbns.nb_flags", "%s", nb_flags);
    expect(f, "nbns.addr", "%s", addr);
}

/* A response whose one answer is an NB record with one address entry. */
static void
expect_nb_answer(ExpectedFrame *f, const char *name, const char *ttl, const char *nb_flags,
                 const char *addr)
{
    expect(f, "nbns.name", "%s", name);
    expect(f, "nbns.type", "32");
    expect(f, "nbns.ttl", "%s", ttl);
    expect(f, "nbns.data_length", "6");
    expect(f, "nbns.nb_flags", "%s", nb_flags);
    expect(f, "nbns.addr", "%s", addr);
}

/* The 14-byte header of a data-carrying datagram from us and both names (RFC 1002 §4.4.1;
 * NBT-030 DGM_LENGTH = names + user data, PACKET_OFFSET 0; NBT-031 FLAGS 0x02, port 138). */
static void
expect_dgram_header(ExpectedFrame *f, guint type, const char *id, guint dgram_len,
                    const char *source, const char *destination)
{
    expect(f, "nbdgm.type", "%u", type); /* tshark prints it in decimal */
    expect(f, "nbdgm.flags", "0x02");
    expect(f, "nbdgm.dgram_id", "%s", id);
    expect(f, "nbdgm.src.ip", "10.0.0.10");
    expect(f, "nbdgm.src.port", "138");
    expect(f, "nbdgm.dgram_len", "%u", dgram_len);
    expect(f, "nbdgm.pkt_offset", "0");
    expect(f, "nbdgm.source_name", "%s", source);
    expect(f, "nbdgm.destination_name", "%s", destination);
}

/* The SMB_COM_TRANSACTION of a mailslot write to a 16-character mailslot name (mailslot.md
 * §2-§4): MAIL-001 one transaction, WordCount 17, SetupCount 3, Setup {1, 1, 2};
 * MAIL-002 TotalDataCount = DataCount = frame length, ParameterCount 0, DataOffset 86,
 * ByteCount = 17 + frame length; MAIL-013 header fields other than Protocol/Command zero. */
static void
expect_mailslot_write(ExpectedFrame *f, const char *mailslot, guint frame_len)
{
    expect(f, "smb.cmd", "0x25");
    expect(f, "smb.flags", "0x00");
    expect(f, "smb.flags2", "0x0000");
    expect(f, "smb.pid", "0");
    expect(f, "smb.tid", "0");
    expect(f, "smb.uid", "0");
    expect(f, "smb.mid", "0");
    expect(f, "smb.wct", "17");
    expect(f, "smb.tdc", "%u", frame_len);
    expect(f, "smb.pc", "0");
    expect(f, "smb.dc", "%u", frame_len);
    expect(f, "smb.data_offset", "86");
    expect(f, "smb.sc", "3");
    expect(f, "smb.bcc", "%u", 17 + frame_len);
    expect(f, "mailslot.opcode", "1");
    expect(f, "mailslot.priority", "1");
    expect(f, "mailslot.class", "2");
    expect(f, "mailslot.name", "%s", mailslot);
}

/* tshark decoded our announcement frame field by field (brws.md §4.1). */
static void
expect_announcement(ExpectedFrame *f, const char *command, const char *server)
{
    expect(f, "browser.command", "%s", command);
    expect(f, "browser.period", "%u", ANNOUNCE_PERIOD_MS);
    expect(f, "browser.server", "%s", server);
    expect(f, "browser.os_major", "6");
    expect(f, "browser.os_minor", "1");
    expect(f, "browser.server_type", "0x00011003");
    expect(f, "browser.proto_major", "15");
    expect(f, "browser.proto_minor", "1");
    expect(f, "browser.sig", "0xaa55");
}

/* ---- name service: requests --------------------------------------------------------- */

/* NBT-001/NBT-002: tshark decodes our first-level encoding back to the upper-cased,
 * space-padded name (or NUL-padded `*`); RFC 1002 §4.2.12 name query (0x0110 broadcast,
 * 0x0100 unicast) and §4.2.17 node status request (type NBSTAT 0x21, no RD). */
static void
test_name_query_and_node_status_request_nbt001_nbt002(void)
{
    g_autoptr(Oracle) o = oracle_new();
    guint8 buf[MS_NBNS_MAX_PACKET];
    MsWriter w;
    ExpectedFrame *f;

    MsName group_lmb = make_name("labgrp", MS_SUFFIX_MASTER_BROWSER, NULL); /* lower on input */
    w = ms_writer_init(buf, sizeof buf);
    CU_ASSERT_EQUAL(ms_nbns_build_name_query(&w, 0x0101, &group_lmb, TRUE), MS_OK);
    f = oracle_add(o, "broadcast name query LABGRP<1d> (NBT-001, NBT-002)", &NS_BROADCAST, &w);
    expect_nbns_header(f, "0x0101", "0x0110", 1, 0, 0);
    expect(f, "nbns.name", "LABGRP<1d>");
    expect(f, "nbns.type", "32");

    MsName peer = make_name("PEER20", MS_SUFFIX_SERVER, NULL);
    w = ms_writer_init(buf, sizeof buf);
    CU_ASSERT_EQUAL(ms_nbns_build_name_query(&w, 0x0102, &peer, FALSE), MS_OK);
    f = oracle_add(o, "unicast name query PEER20<20>", &NS_TO_PEER, &w);
    expect_nbns_header(f, "0x0102", "0x0100", 1, 0, 0);
    expect(f, "nbns.name", "PEER20<20>");
    expect(f, "nbns.type", "32");

    MsName star = make_name("*", MS_SUFFIX_WORKSTATION, NULL);
    w = ms_writer_init(buf, sizeof buf);
    CU_ASSERT_EQUAL(ms_nbns_build_node_status_request(&w, 0x0103, &star, FALSE), MS_OK);
    f = oracle_add(o, "node status request for * (NBT-002, NBT-016)", &NS_TO_PEER, &w);
    expect_nbns_header(f, "0x0103", "0x0000", 1, 0, 0);
    expect(f, "nbns.name", "*<00><00><00><00><00><00><00><00><00><00><00><00><00><00><00>");
    expect(f, "nbns.type", "33");

    ORACLE_ASSERT_AGREES(o);
}

/* NBT-006: broadcast registration 0x2910, QD=1/AR=1, AR = C0 0C, TTL 0, RDLENGTH 6, NB_FLAGS
 * G for groups and ONT B, our IP; with them the other requests of the same layout:
 * overwrite 0x2810 (RFC 1002 §4.2.3), refresh 0x4000 (§4.2.4) and release 0x3010, TTL 0
 * (§4.2.9). NBT-002 for `__MSBROWSE__<01>`, NBT-001 for a name with a scope. */
static void
test_name_requests_nbt006(void)
{
    g_autoptr(Oracle) o = oracle_new();
    guint8 buf[MS_NBNS_MAX_PACKET];
    MsWriter w;
    ExpectedFrame *f;
    MsNbAddrEntry unique_entry = nb_entry(MS_NB_ONT_B, OUR_IP);
    MsNbAddrEntry group_entry = nb_entry(MS_NB_FLAG_GROUP | MS_NB_ONT_B, OUR_IP);

    MsName server = make_name("SERVER1", MS_SUFFIX_WORKSTATION, NULL);
    w = ms_writer_init(buf, sizeof buf);
    CU_ASSERT_EQUAL(
        ms_nbns_build_registration(&w, 0x0201, &server, &unique_entry, MS_NBNS_DEFAULT_TTL, TRUE),
        MS_OK);
    /* 12 + 34 + 4 + 18: the additional record's RR_NAME is the 2-byte pointer C0 0C, which
     * tshark follows without comment (NBT-006; nbt.md §3.5 example, 0x44 bytes). */
    CU_ASSERT_EQUAL(w.len, 68);
    f = oracle_add(o, "broadcast registration SERVER1<00> (NBT-006)", &NS_BROADCAST, &w);
    expect_nbns_header(f, "0x0201", "0x2910", 1, 0, 1);
    expect_name_request_record(f, "SERVER1<00>", "0", "0x0000", "10.0.0.10");

    MsName election = make_name("LABGRP", MS_SUFFIX_BROWSER_ELECTION, NULL);
    w = ms_writer_init(buf, sizeof buf);
    CU_ASSERT_EQUAL(
        ms_nbns_build_registration(&w, 0x0202, &election, &group_entry, MS_NBNS_DEFAULT_TTL, TRUE),
        MS_OK);
    f = oracle_add(o, "broadcast registration of group LABGRP<1e> (NBT-006)", &NS_BROADCAST, &w);
    expect_nbns_header(f, "0x0202", "0x2910", 1, 0, 1);
    expect_name_request_record(f, "LABGRP<1e>", "0", "0x8000", "10.0.0.10");

    MsName msbrowse = msbrowse_name();
    w = ms_writer_init(buf, sizeof buf);
    CU_ASSERT_EQUAL(
        ms_nbns_build_registration(&w, 0x0203, &msbrowse, &group_entry, MS_NBNS_DEFAULT_TTL, TRUE),
        MS_OK);
    f = oracle_add(o, "broadcast registration of group __MSBROWSE__<01> (NBT-002, NBT-006)",
                   &NS_BROADCAST, &w);
    expect_nbns_header(f, "0x0203", "0x2910", 1, 0, 1);
    expect_name_request_record(f, "<01><02>__MSBROWSE__<02><01>", "0", "0x8000", "10.0.0.10");

    MsName scoped = make_name("SERVER1", MS_SUFFIX_SERVER, "corp.example");
    w = ms_writer_init(buf, sizeof buf);
    CU_ASSERT_EQUAL(
        ms_nbns_build_registration(&w, 0x0204, &scoped, &unique_entry, MS_NBNS_DEFAULT_TTL, TRUE),
        MS_OK);
    f = oracle_add(o, "broadcast registration SERVER1<20> in scope corp.example (NBT-001)",
                   &NS_BROADCAST, &w);
    expect_nbns_header(f, "0x0204", "0x2910", 1, 0, 1);
    expect_name_request_record(f, "SERVER1<20>.corp.example", "0", "0x0000", "10.0.0.10");

    w = ms_writer_init(buf, sizeof buf);
    CU_ASSERT_EQUAL(ms_nbns_build_name_request(&w, MS_NBNS_OP_REGISTRATION, FALSE, 0x0205, &server,
                                               &unique_entry, 0, TRUE),
                    MS_OK);
    f = oracle_add(o, "broadcast overwrite demand SERVER1<00>", &NS_BROADCAST, &w);
    expect_nbns_header(f, "0x0205", "0x2810", 1, 0, 1);
    expect_name_request_record(f, "SERVER1<00>", "0", "0x0000", "10.0.0.10");

    w = ms_writer_init(buf, sizeof buf);
    CU_ASSERT_EQUAL(ms_nbns_build_name_request(&w, MS_NBNS_OP_REFRESH, FALSE, 0x0206, &server,
                                               &unique_entry, MS_NBNS_DEFAULT_TTL, FALSE),
                    MS_OK);
    f = oracle_add(o, "unicast refresh SERVER1<00> (opcode 8)", &NS_TO_NBNS, &w);
    expect_nbns_header(f, "0x0206", "0x4000", 1, 0, 1);
    expect_name_request_record(f, "SERVER1<00>", "259200", "0x0000", "10.0.0.10");

    w = ms_writer_init(buf, sizeof buf);
    CU_ASSERT_EQUAL(ms_nbns_build_release(&w, 0x0207, &election, &group_entry, TRUE), MS_OK);
    f = oracle_add(o, "broadcast release of group LABGRP<1e>", &NS_BROADCAST, &w);
    expect_nbns_header(f, "0x0207", "0x3010", 1, 0, 1);
    expect_name_request_record(f, "LABGRP<1e>", "0", "0x8000", "10.0.0.10");

    ORACLE_ASSERT_AGREES(o);
}

/* ---- name service: responses -------------------------------------------------------- */

/* What a B-node sends while defending its names (nbt.md §3.5, §4.2): registration
 * responses 0xAD80 / 0xAD86 ACT_ERR, the conflict demand 0xAD87 CFT_ERR (RFC 1002 §4.2.5,
 * §4.2.6, §4.2.8), release responses 0xB400 / 0xB406 (§4.2.10, §4.2.11) and WACK 0xBC00 with
 * a NULL record whose RDATA is the request's flags word (§4.2.16). Each echoes the
 * requester's address entry (PEER20 at 10.0.0.20). */
static void
test_registration_and_release_responses(void)
{
    g_autoptr(Oracle) o = oracle_new();
    guint8 buf[MS_NBNS_MAX_PACKET];
    MsWriter w;
    ExpectedFrame *f;
    MsName server = make_name("SERVER1", MS_SUFFIX_WORKSTATION, NULL);
    MsNbAddrEntry requester = nb_entry(MS_NB_ONT_B, PEER_IP);

    w = ms_writer_init(buf, sizeof buf);
    CU_ASSERT_EQUAL(ms_nbns_build_registration_response(&w, 0x0301, MS_NBNS_RCODE_OK, &server,
                                                        &requester, MS_NBNS_DEFAULT_TTL),
                    MS_OK);
    f = oracle_add(o, "positive registration response", &NS_TO_PEER, &w);
    expect_nbns_header(f, "0x0301", "0xad80", 0, 1, 0);
    expect_nb_answer(f, "SERVER1<00>", "259200", "0x0000", "10.0.0.20");

    w = ms_writer_init(buf, sizeof buf);
    CU_ASSERT_EQUAL(ms_nbns_build_registration_response(&w, 0x0302, MS_NBNS_RCODE_ACT_ERR, &server,
                                                        &requester, 0),
                    MS_OK);
    f = oracle_add(o, "negative registration response ACT_ERR", &NS_TO_PEER, &w);
    expect_nbns_header(f, "0x0302", "0xad86", 0, 1, 0);
    expect_nb_answer(f, "SERVER1<00>", "0", "0x0000", "10.0.0.20");

    w = ms_writer_init(buf, sizeof buf);
    CU_ASSERT_EQUAL(ms_nbns_build_registration_response(&w, 0x0303, MS_NBNS_RCODE_CFT_ERR, &server,
                                                        &requester, 0),
                    MS_OK);
    f = oracle_add(o, "name conflict demand CFT_ERR", &NS_TO_PEER, &w);
    expect_nbns_header(f, "0x0303", "0xad87", 0, 1, 0);
    expect_nb_answer(f, "SERVER1<00>", "0", "0x0000", "10.0.0.20");

    w = ms_writer_init(buf, sizeof buf);
    CU_ASSERT_EQUAL(
        ms_nbns_build_release_response(&w, 0x0304, MS_NBNS_RCODE_OK, &server, &requester), MS_OK);
    f = oracle_add(o, "positive release response", &NS_TO_PEER, &w);
    expect_nbns_header(f, "0x0304", "0xb400", 0, 1, 0);
    expect_nb_answer(f, "SERVER1<00>", "0", "0x0000", "10.0.0.20");

    w = ms_writer_init(buf, sizeof buf);
    CU_ASSERT_EQUAL(
        ms_nbns_build_release_response(&w, 0x0305, MS_NBNS_RCODE_ACT_ERR, &server, &requester),
        MS_OK);
    f = oracle_add(o, "negative release response ACT_ERR", &NS_TO_PEER, &w);
    expect_nbns_header(f, "0x0305", "0xb406", 0, 1, 0);
    expect_nb_answer(f, "SERVER1<00>", "0", "0x0000", "10.0.0.20");

    w = ms_writer_init(buf, sizeof buf);
    CU_ASSERT_EQUAL(ms_nbns_build_wack(&w, 0x0306, &server, 30, 0x2910), MS_OK);
    f = oracle_add(o, "WACK for a registration", &NS_TO_PEER, &w);
    expect_nbns_header(f, "0x0306", "0xbc00", 0, 1, 0);
    expect(f, "nbns.name", "SERVER1<00>");
    expect(f, "nbns.type", "10");
    expect(f, "nbns.ttl", "30");
    expect(f, "nbns.data_length", "2");
    expect(f, "nbns.data", "2910");

    ORACLE_ASSERT_AGREES(o);
}

/* NBT-012: positive name query response 0x8500 with NB IN, TTL, RDLENGTH 6·n and the entries
 * (one for a unique name, several for a group, RFC 1002 §4.2.13); the negative response
 * 0x8503 NAM_ERR carries a NULL record, TTL 0, no RDATA (§4.2.14). */
static void
test_query_responses_nbt012(void)
{
    g_autoptr(Oracle) o = oracle_new();
    guint8 buf[MS_NBNS_MAX_PACKET];
    MsWriter w;
    ExpectedFrame *f;

    MsName server = make_name("SERVER1", MS_SUFFIX_SERVER, NULL);
    MsNbAddrEntry ours = nb_entry(MS_NB_ONT_B, OUR_IP);
    w = ms_writer_init(buf, sizeof buf);
    CU_ASSERT_EQUAL(
        ms_nbns_build_query_response(&w, 0x0401, &server, &ours, 1, MS_NBNS_DEFAULT_TTL), MS_OK);
    f = oracle_add(o, "positive query response, 1 entry (NBT-012)", &NS_TO_PEER, &w);
    expect_nbns_header(f, "0x0401", "0x8500", 0, 1, 0);
    expect_nb_answer(f, "SERVER1<20>", "259200", "0x0000", "10.0.0.10");

    MsName group = make_name("LABGRP", MS_SUFFIX_WORKSTATION, NULL);
    const MsNbAddrEntry members[] = {nb_entry(MS_NB_FLAG_GROUP | MS_NB_ONT_B, OUR_IP),
                                     nb_entry(MS_NB_FLAG_GROUP | MS_NB_ONT_B, PEER_IP),
                                     nb_entry(MS_NB_FLAG_GROUP | MS_NB_ONT_H, LAB_IP(30))};
    w = ms_writer_init(buf, sizeof buf);
    CU_ASSERT_EQUAL(ms_nbns_build_query_response(&w, 0x0402, &group, members, G_N_ELEMENTS(members),
                                                 MS_NBNS_DEFAULT_TTL),
                    MS_OK);
    f = oracle_add(o, "positive query response for a group, 3 entries (NBT-012)", &NS_TO_PEER, &w);
    expect_nbns_header(f, "0x0402", "0x8500", 0, 1, 0);
    expect(f, "nbns.name", "LABGRP<00>");
    expect(f, "nbns.type", "32");
    expect(f, "nbns.ttl", "259200");
    expect(f, "nbns.data_length", "18");
    expect(f, "nbns.nb_flags", "0x8000,0x8000,0xe000");
    expect(f, "nbns.addr", "10.0.0.10,10.0.0.20,10.0.0.30");

    MsName absent = make_name("NOSUCH", MS_SUFFIX_SERVER, NULL);
    w = ms_writer_init(buf, sizeof buf);
    CU_ASSERT_EQUAL(
        ms_nbns_build_negative_query_response(&w, 0x0403, MS_NBNS_RCODE_NAM_ERR, &absent), MS_OK);
    f = oracle_add(o, "negative query response NAM_ERR", &NS_TO_PEER, &w);
    expect_nbns_header(f, "0x0403", "0x8503", 0, 1, 0);
    expect(f, "nbns.name", "NOSUCH<20>");
    expect(f, "nbns.type", "10");
    expect(f, "nbns.ttl", "0");
    expect(f, "nbns.data_length", "0");

    ORACLE_ASSERT_AGREES(o);
}

static void
add_status_entry(MsNodeStatus *status, const MsName *name, guint16 flags)
{
    g_assert(status->num_names < MS_NODE_STATUS_MAX_NAMES);
    MsNodeStatusEntry *e = &status->names[status->num_names++];
    memcpy(e->name, name->bytes, MS_NAME_LEN);
    e->flags = flags;
}

/* NBT-016: node status response 0x8400 for `*`: NUM_NAMES, 18-byte entries (space-padded
 * name, suffix, flags with ACT and G for groups), 46 bytes of statistics starting with the
 * unit id, RDLENGTH 1 + 18n + 46 (RFC 1002 §4.2.18). NBT-017: with more names than fit in
 * 576 bytes the response lists what fits and sets TC (0x8600). */
static void
test_node_status_responses_nbt016_nbt017(void)
{
    g_autoptr(Oracle) o = oracle_new();
    guint8 buf[MS_NBNS_MAX_PACKET];
    MsWriter w;
    ExpectedFrame *f;
    MsName star = make_name("*", MS_SUFFIX_WORKSTATION, NULL);
    static MsNodeStatus status; /* 4.6 KiB: not on the stack */
    static const guint8 unit_id[6] = {0x02, 0x00, 0x0A, 0x00, 0x00, 0x0A};
    const guint16 unique = MS_NAME_FLAG_ACT | MS_NB_ONT_B;
    const guint16 group = MS_NB_FLAG_GROUP | MS_NAME_FLAG_ACT | MS_NB_ONT_B;

    memset(&status, 0, sizeof status);
    MsName n1 = make_name("SERVER1", MS_SUFFIX_WORKSTATION, NULL);
    MsName n2 = make_name("SERVER1", MS_SUFFIX_SERVER, NULL);
    MsName n3 = make_name("LABGRP", MS_SUFFIX_WORKSTATION, NULL);
    MsName n4 = make_name("LABGRP", MS_SUFFIX_BROWSER_ELECTION, NULL);
    MsName n5 = make_name("LABGRP", MS_SUFFIX_MASTER_BROWSER, NULL);
    MsName n6 = msbrowse_name();
    add_status_entry(&status, &n1, unique);
    add_status_entry(&status, &n2, unique);
    add_status_entry(&status, &n3, group);
    add_status_entry(&status, &n4, group);
    add_status_entry(&status, &n5, unique);
    add_status_entry(&status, &n6, group);
    memcpy(status.statistics, unit_id, sizeof unit_id);
    w = ms_writer_init(buf, sizeof buf);
    CU_ASSERT_EQUAL(ms_nbns_build_node_status_response(&w, 0x0501, &star, &status), MS_OK);
    f = oracle_add(o, "node status response, 6 names (NBT-016)", &NS_TO_PEER, &w);
    expect_nbns_header(f, "0x0501", "0x8400", 0, 1, 0);
    expect(f, "nbns.name", "*<00><00><00><00><00><00><00><00><00><00><00><00><00><00><00>");
    expect(f, "nbns.type", "33");
    expect(f, "nbns.ttl", "0");
    expect(f, "nbns.data_length", "155");
    expect(f, "nbns.number_of_names", "6");
    expect(f, "nbns.netbios_name", "SERVER1,SERVER1,LABGRP,LABGRP,LABGRP,<01><02>__MSBROWSE__<02>");
    expect(f, "nbns.name_flags", "0x0400,0x0400,0x8400,0x8400,0x0400,0x8400");
    expect(f, "nbns.unit_id", "02:00:0a:00:00:0a");

    /* 26 entries fill 12 + 34 + 10 + 1 + 26 * 18 + 46 = 571 bytes; a 27th would not fit. */
    memset(&status, 0, sizeof status);
    for (guint i = 0; i < 40; i++) {
        g_autofree char *text = g_strdup_printf("HOST%02u", i);
        MsName host = make_name(text, MS_SUFFIX_WORKSTATION, NULL);
        add_status_entry(&status, &host, unique);
    }
    w = ms_writer_init(buf, sizeof buf);
    CU_ASSERT_EQUAL(ms_nbns_build_node_status_response(&w, 0x0502, &star, &status), MS_OK);
    CU_ASSERT_EQUAL(w.len, 571);
    f = oracle_add(o, "node status response cut to 576 bytes (NBT-017)", &NS_TO_PEER, &w);
    expect_nbns_header(f, "0x0502", "0x8600", 0, 1, 0);
    expect(f, "nbns.number_of_names", "26");
    expect(f, "nbns.data_length", "515");

    ORACLE_ASSERT_AGREES(o);
}

/* ---- datagram service ----------------------------------------------------------------- */

/* Adds a datagram carrying a mailslot write built by ms_mailslot_build_datagram. */
static ExpectedFrame *
add_mailslot_datagram(Oracle *o, const char *what, const PcapUdpFlow *flow, const MsDgram *header,
                      const char *mailslot, const GByteArray *frame)
{
    guint8 buf[MS_DGRAM_MAX_PAYLOAD];
    MsWriter w = ms_writer_init(buf, sizeof buf);
    CU_ASSERT_EQUAL(ms_mailslot_build_datagram(&w, header, mailslot, frame->data, frame->len),
                    MS_OK);
    return oracle_add(o, what, flow, &w);
}

/* A HostAnnouncement (mailslot.md §6 / nbt.md §6.6: 43-byte frame, 129-byte SMB, DGM_LENGTH
 * 34 + 34 + 129 = 197) in each of the three data-carrying datagram types: DIRECT_GROUP to
 * <group>[1D] broadcast as Samba sends it (NBT-032), DIRECT_UNIQUE unicast as replies go
 * (NBT-033), BROADCAST to `*`; a DomainAnnouncement to __MSBROWSE__<01> (NBT-032); the same
 * with scoped names (34 + 13 bytes each); and a LAN Manager announcement on \MAILSLOT\LANMAN.
 * NBT-030/031 for the datagram headers; MAIL-001/002/003/013 for the SMB part. */
static void
test_mailslot_datagrams_nbt030_to_nbt033_mail001_to_mail003_mail013(void)
{
    g_autoptr(Oracle) o = oracle_new();
    ExpectedFrame *f;
    MsName server = make_name("SERVER1", MS_SUFFIX_WORKSTATION, NULL);
    MsName lmb = make_name("LABGRP", MS_SUFFIX_MASTER_BROWSER, NULL);
    MsName peer = make_name("PEER20", MS_SUFFIX_WORKSTATION, NULL);
    MsName star = make_name("*", MS_SUFFIX_WORKSTATION, NULL);
    MsName msbrowse = msbrowse_name();
    g_autoptr(GByteArray) host =
        build_announcement(0x01, "SERVER1", SAMBA_SERVER_TYPE, ANNOUNCE_COMMENT);
    CU_ASSERT_EQUAL_FATAL(host->len, 43);
    MsDgram d;

    d = dgram_header(MS_DGRAM_DIRECT_GROUP, 0x0601, &server, &lmb);
    f = add_mailslot_datagram(o, "DIRECT_GROUP HostAnnouncement to LABGRP<1d> (NBT-032)",
                              &DGM_BROADCAST, &d, MS_MAILSLOT_BROWSE, host);
    expect_dgram_header(f, 0x11, "0x0601", 197, "SERVER1<00>", "LABGRP<1d>");
    expect_mailslot_write(f, "\\MAILSLOT\\BROWSE", 43);
    expect_announcement(f, "0x01", "SERVER1");
    expect(f, "browser.comment", ANNOUNCE_COMMENT);

    d = dgram_header(MS_DGRAM_DIRECT_UNIQUE, 0x0602, &server, &peer);
    f = add_mailslot_datagram(o, "DIRECT_UNIQUE HostAnnouncement to PEER20<00> (NBT-033)",
                              &DGM_TO_PEER, &d, MS_MAILSLOT_BROWSE, host);
    expect_dgram_header(f, 0x10, "0x0602", 197, "SERVER1<00>", "PEER20<00>");
    expect_mailslot_write(f, "\\MAILSLOT\\BROWSE", 43);
    expect_announcement(f, "0x01", "SERVER1");

    d = dgram_header(MS_DGRAM_BROADCAST, 0x0603, &server, &star);
    f = add_mailslot_datagram(o, "BROADCAST HostAnnouncement to *", &DGM_BROADCAST, &d,
                              MS_MAILSLOT_BROWSE, host);
    expect_dgram_header(f, 0x12, "0x0603", 197, "SERVER1<00>",
                        "*<00><00><00><00><00><00><00><00><00><00><00><00><00><00><00>");
    expect_mailslot_write(f, "\\MAILSLOT\\BROWSE", 43);
    expect_announcement(f, "0x01", "SERVER1");

    /* DomainAnnouncement: ServerName is the workgroup, the comment the LMB's name. */
    g_autoptr(GByteArray) domain = build_announcement(0x0C, "LABGRP", 0x80001000u, "SERVER1");
    d = dgram_header(MS_DGRAM_DIRECT_GROUP, 0x0604, &server, &msbrowse);
    f = add_mailslot_datagram(o, "DIRECT_GROUP DomainAnnouncement to __MSBROWSE__<01> (NBT-032)",
                              &DGM_BROADCAST, &d, MS_MAILSLOT_BROWSE, domain);
    expect_dgram_header(f, 0x11, "0x0604", 34 + 34 + 69 + 17 + domain->len, "SERVER1<00>",
                        "<01><02>__MSBROWSE__<02><01>");
    expect_mailslot_write(f, "\\MAILSLOT\\BROWSE", domain->len);
    expect(f, "browser.command", "0x0c");
    expect(f, "browser.server", "LABGRP");
    expect(f, "browser.mb_server", "SERVER1");

    MsName scoped_server = make_name("SERVER1", MS_SUFFIX_WORKSTATION, "corp.example");
    MsName scoped_lmb = make_name("LABGRP", MS_SUFFIX_MASTER_BROWSER, "corp.example");
    d = dgram_header(MS_DGRAM_DIRECT_GROUP, 0x0605, &scoped_server, &scoped_lmb);
    f = add_mailslot_datagram(o, "DIRECT_GROUP HostAnnouncement in scope corp.example",
                              &DGM_BROADCAST, &d, MS_MAILSLOT_BROWSE, host);
    expect_dgram_header(f, 0x11, "0x0605", 47 + 47 + 129, "SERVER1<00>.corp.example",
                        "LABGRP<1d>.corp.example");
    expect_mailslot_write(f, "\\MAILSLOT\\BROWSE", 43);
    expect_announcement(f, "0x01", "SERVER1");

    MsName workgroup = make_name("LABGRP", MS_SUFFIX_WORKSTATION, NULL);
    g_autoptr(GByteArray) lanman = build_lanman_announcement("SERVER1", ANNOUNCE_COMMENT);
    d = dgram_header(MS_DGRAM_DIRECT_GROUP, 0x0606, &server, &workgroup);
    f = add_mailslot_datagram(o, "DIRECT_GROUP LAN Manager announcement on \\MAILSLOT\\LANMAN",
                              &DGM_BROADCAST, &d, MS_MAILSLOT_LANMAN, lanman);
    expect_dgram_header(f, 0x11, "0x0606", 34 + 34 + 69 + 17 + lanman->len, "SERVER1<00>",
                        "LABGRP<00>");
    expect_mailslot_write(f, "\\MAILSLOT\\LANMAN", lanman->len);
    /* tshark's LAN Manager decoder reports the periodicity in milliseconds too. */
    expect(f, "browser.command", "0x01");
    expect(f, "browser.period", "%u", ANNOUNCE_PERIOD_MS);
    expect(f, "browser.server", "SERVER1");
    expect(f, "browser.os_major", "6");
    expect(f, "browser.os_minor", "1");
    expect(f, "browser.server_type", "0x00011003");
    expect(f, "browser.comment", ANNOUNCE_COMMENT);

    ORACLE_ASSERT_AGREES(o);
}

/* The datagram types without user data (RFC 1002 §4.4.3, §4.4.4; nbt.md §6.2): DATAGRAM
 * ERROR 0x13 is the 10-byte header + ERROR_CODE (11 bytes); the NBDD query request and its
 * positive and negative responses (0x14-0x16) are the header + DESTINATION_NAME. */
static void
test_datagram_error_and_queries_nbt030(void)
{
    g_autoptr(Oracle) o = oracle_new();
    guint8 buf[MS_DGRAM_MAX_PAYLOAD];
    MsWriter w;
    ExpectedFrame *f;
    MsName server = make_name("SERVER1", MS_SUFFIX_WORKSTATION, NULL);
    MsName lmb = make_name("LABGRP", MS_SUFFIX_MASTER_BROWSER, NULL);
    MsDgram d;

    /* DATAGRAM ERROR: neither FIRST nor MORE (it is no fragment), destination not present. */
    d = dgram_header(MS_DGRAM_ERROR, 0x0701, &server, &server);
    d.flags = MS_DGRAM_SNT_B;
    d.error_code = MS_DGRAM_ERR_NO_DESTINATION;
    w = ms_writer_init(buf, sizeof buf);
    CU_ASSERT_EQUAL(ms_dgram_encode(&d, &w), MS_OK);
    CU_ASSERT_EQUAL(w.len, 11);
    f = oracle_add(o, "DATAGRAM ERROR 0x82", &DGM_TO_PEER, &w);
    expect(f, "nbdgm.type", "19"); /* 0x13; tshark prints the type in decimal */
    expect(f, "nbdgm.flags", "0x00");
    expect(f, "nbdgm.dgram_id", "0x0701");
    expect(f, "nbdgm.src.ip", "10.0.0.10");
    expect(f, "nbdgm.src.port", "138");
    expect(f, "nbdgm.error_code", "0x82");

    static const struct {
        MsDgramType type;
        guint wire_type; /* RFC 1002 §4.4.1 MSG_TYPE */
        const char *what;
    } queries[] = {
        {MS_DGRAM_QUERY_REQUEST, 0x14, "DATAGRAM QUERY REQUEST"},
        {MS_DGRAM_POSITIVE_QUERY_RESPONSE, 0x15, "DATAGRAM POSITIVE QUERY RESPONSE"},
        {MS_DGRAM_NEGATIVE_QUERY_RESPONSE, 0x16, "DATAGRAM NEGATIVE QUERY RESPONSE"},
    };
    for (guint i = 0; i < G_N_ELEMENTS(queries); i++) {
        guint16 id = (guint16)(0x0702 + i);
        d = dgram_header(queries[i].type, id, &server, &lmb);
        w = ms_writer_init(buf, sizeof buf);
        CU_ASSERT_EQUAL(ms_dgram_encode(&d, &w), MS_OK);
        CU_ASSERT_EQUAL(w.len, 10 + 34);
        f = oracle_add(o, queries[i].what, &DGM_TO_NBDD, &w);
        expect(f, "nbdgm.type", "%u", queries[i].wire_type);
        expect(f, "nbdgm.flags", "0x02");
        expect(f, "nbdgm.dgram_id", "0x%04x", id);
        expect(f, "nbdgm.src.ip", "10.0.0.10");
        expect(f, "nbdgm.destination_name", "LABGRP<1d>");
    }

    ORACLE_ASSERT_AGREES(o);
}

/* ---- the oracle itself ------------------------------------------------------------------ */

static gboolean
problems_mention(const GPtrArray *problems, const char *needle)
{
    for (guint i = 0; i < problems->len; i++) {
        if (strstr(g_ptr_array_index(problems, i), needle) != NULL)
            return TRUE;
    }
    return FALSE;
}

/* The checks above must be able to fail: a truncated packet has to be reported as malformed
 * and a field that differs from the expectation as a mismatch. */
static void
test_oracle_reports_broken_frames(void)
{
    g_autoptr(Oracle) o = oracle_new();
    guint8 buf[MS_NBNS_MAX_PACKET];
    MsName server = make_name("SERVER1", MS_SUFFIX_WORKSTATION, NULL);
    MsNbAddrEntry entry = nb_entry(MS_NB_ONT_B, OUR_IP);

    MsWriter w = ms_writer_init(buf, sizeof buf);
    CU_ASSERT_EQUAL(ms_nbns_build_registration(&w, 0x0801, &server, &entry, 0, TRUE), MS_OK);
    w.len -= 20; /* cut inside the additional record */
    oracle_add(o, "truncated registration", &NS_BROADCAST, &w);

    w = ms_writer_init(buf, sizeof buf);
    CU_ASSERT_EQUAL(ms_nbns_build_name_query(&w, 0x0802, &server, TRUE), MS_OK);
    ExpectedFrame *f = oracle_add(o, "name query with a wrong expectation", &NS_BROADCAST, &w);
    expect(f, "nbns.id", "0x0bad");

    g_autoptr(GPtrArray) problems = oracle_run(o);
    if (problems_mention(problems, TSHARK_MISSING)) {
        CU_assertImplementation(CU_FALSE, __LINE__, TSHARK_MISSING, __FILE__, "", CU_TRUE);
        return;
    }
    CU_ASSERT_TRUE(problems_mention(problems, "frame 1 (truncated registration): tshark marks "
                                              "it malformed"));
    CU_ASSERT_TRUE(problems_mention(problems, "frame 2 (name query with a wrong expectation): "
                                              "tshark reads nbns.id as \"0x0802\""));
    CU_ASSERT_EQUAL(problems->len, 3); /* malformed, its error expert info, the mismatch */
}

int
main(void)
{
    CU_TestInfo tests[] = {
        {"oracle_reports_broken_frames", test_oracle_reports_broken_frames},
        {"name_query_and_node_status_request_nbt001_nbt002",
         test_name_query_and_node_status_request_nbt001_nbt002},
        {"name_requests_nbt006", test_name_requests_nbt006},
        {"registration_and_release_responses", test_registration_and_release_responses},
        {"query_responses_nbt012", test_query_responses_nbt012},
        {"node_status_responses_nbt016_nbt017", test_node_status_responses_nbt016_nbt017},
        {"mailslot_datagrams_nbt030_to_nbt033_mail001_to_mail003_mail013",
         test_mailslot_datagrams_nbt030_to_nbt033_mail001_to_mail003_mail013},
        {"datagram_error_and_queries_nbt030", test_datagram_error_and_queries_nbt030},
        CU_TEST_INFO_NULL,
    };
    return test_run_suite("tshark_oracle", tests);
}
