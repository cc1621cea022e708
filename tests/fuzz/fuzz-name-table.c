/* Fuzzes the B-node name table as the network and the daemon drive it: the input is a
 * script of steps, each `op` (1 byte), `delay` (u16 BE; milliseconds, or seconds when op
 * has bit 0x80) and `len` (u16 BE) bytes of payload:
 *   op 0: a UDP 137 packet (payload[1..]) from 10.213.0.<payload[0]>, port 137 (we are
 *         10.213.0.50: payload[0] 50 is our own packet coming back);
 *   op 1: the timers run;
 *   op 2: register NAMES[payload[0] % N], as a group when payload[1] bit 0 is set;
 *   op 3: release NAMES[payload[0] % N];    op 4: resolve NAMES[payload[0] % N];
 *   op 5: release every name;
 *   op 6: start over with a new table that is a WINS client (H-node) of 10.213.0.1 (so op 0
 *         with payload[0] 1 comes from the server), with short WINS timers;
 *   op 7: the server answers the last request we sent it: payload[0] low nibble the rcode,
 *         bit 0x10 a WACK instead, payload[1..2] (BE) the TTL; a query's positive answer
 *         names 10.213.0.<payload[3]>.
 * Properties: nothing crashes or leaks; once the timers ran at `now`, nothing is due at or
 * before `now`; every packet sent decodes and fits 576 bytes; a name is never both held
 * and in conflict: after a call, every REGISTERED name is held, every LOST name is in
 * conflict, and every positive answer was about a held name; node status never lists a
 * name still registering and never more names than the table has; a WINS client sends
 * every unicast request to its server and nothing to any server otherwise. */
#include <libmailslot/ms-name-table.h>

#include <string.h>

#include "fuzz-common.h"

int LLVMFuzzerTestOneInput(const guint8 *data, size_t size);

#define OUR_IP 0x0AD50032u /* 10.213.0.50 */
#define SUBNET 0x0AD50000u /* 10.213.0.0/24, the captures' */
#define MAX_NAMES 6        /* fewer than NAMES: the cap is exercised too */
#define MAX_RECORDED 64
#define WINS_IP 0x0AD50001u /* 10.213.0.1 */

/* The names of the Samba captures (H1 is the node there too), and one more. */
static const struct {
    const char *text; /* NULL: __MSBROWSE__ */
    guint8 suffix;
} NAMES[] = {
    {"H1", 0x00},     {"H1", 0x03},     {"H1", 0x20}, {"LABGRP", 0x00},
    {"LABGRP", 0x1D}, {"LABGRP", 0x1E}, {NULL, 0x01}, {"H2", 0x20},
};

typedef struct {
    MsNameTableEffect effects[MAX_RECORDED];
    guint n;
    guint32 wins_server; /* the table's; 0 for a B-node */
    /* The last request sent to the server, for op 7. */
    gboolean has_request;
    guint8 request[MS_NBNS_MAX_PACKET];
    gsize request_len;
} Recorder;

static void
on_effect(const MsNameTableEffect *fx, gpointer user_data)
{
    Recorder *rec = user_data;
    if (fx->kind == MS_NAME_TABLE_EFFECT_SEND) {
        MsNbnsPacket p;
        FUZZ_CHECK(fx->send.len <= MS_NBNS_MAX_PACKET);
        FUZZ_CHECK(ms_nbns_decode(fx->send.data, fx->send.len, &p) == MS_OK);
        FUZZ_CHECK(fx->send.broadcast ? fx->send.port == MS_NBNS_PORT : fx->send.ip != 0);
        if (!fx->send.broadcast && !ms_nbns_is_response(&p)) {
            FUZZ_CHECK(rec->wins_server != 0 && fx->send.ip == rec->wins_server);
            rec->has_request = TRUE;
            memcpy(rec->request, fx->send.data, fx->send.len);
            rec->request_len = fx->send.len;
        }
    }
    if (rec->n < MAX_RECORDED)
        rec->effects[rec->n++] = *fx;
}

static MsName
name_at(guint8 index)
{
    MsName n;
    guint i = index % G_N_ELEMENTS(NAMES);
    if (NAMES[i].text == NULL)
        ms_name_init_msbrowse(&n, "");
    else
        ms_name_init(&n, NAMES[i].text, NAMES[i].suffix, "");
    return n;
}

/* A positive name query response we sent: its answer's name. */
static gboolean
positive_answer(const MsNameTableEffect *fx, MsNbnsPacket *p)
{
    return fx->kind == MS_NAME_TABLE_EFFECT_SEND &&
           ms_nbns_decode(fx->send.data, fx->send.len, p) == MS_OK && ms_nbns_is_response(p) &&
           ms_nbns_opcode(p) == MS_NBNS_OP_QUERY && ms_nbns_rcode(p) == MS_NBNS_RCODE_OK &&
           p->has_answer && p->answer.type == MS_NBNS_TYPE_NB;
}

static void
check_call(const MsNameTable *t, Recorder *rec)
{
    for (guint i = 0; i < rec->n; i++) {
        const MsNameTableEffect *fx = &rec->effects[i];
        MsNbnsPacket p;
        if (fx->kind == MS_NAME_TABLE_EFFECT_REGISTERED)
            FUZZ_CHECK(ms_name_table_is_held(t, &fx->name));
        else if (fx->kind == MS_NAME_TABLE_EFFECT_LOST)
            FUZZ_CHECK(ms_name_table_state(t, &fx->name, NULL) == MS_NAME_STATE_CONFLICT);
        else if (positive_answer(fx, &p))
            FUZZ_CHECK(ms_name_table_is_held(t, &p.answer.name));
    }
    rec->n = 0;

    static MsName names[MS_NAME_TABLE_MAX_NAMES];
    static MsNameState states[MS_NAME_TABLE_MAX_NAMES];
    guint n = ms_name_table_list(t, names, states, NULL, MS_NAME_TABLE_MAX_NAMES);
    FUZZ_CHECK(n <= MAX_NAMES);
    guint listed = 0;
    for (guint i = 0; i < n; i++) {
        gboolean held = ms_name_table_is_held(t, &names[i]);
        FUZZ_CHECK(held == (states[i] == MS_NAME_STATE_HELD));
        FUZZ_CHECK(!(held && states[i] == MS_NAME_STATE_CONFLICT));
        listed += states[i] != MS_NAME_STATE_REGISTERING;
    }
    static MsNodeStatus status;
    ms_name_table_node_status(t, &status);
    FUZZ_CHECK(status.num_names == listed);
    for (guint i = 0; i < status.num_names; i++) {
        guint16 f = status.names[i].flags;
        FUZZ_CHECK(f & MS_NAME_FLAG_ACT);
        FUZZ_CHECK(!((f & MS_NAME_FLAG_CNF) && (f & MS_NAME_FLAG_DRG)));
    }
}

/* The server's answer to rec->request (op 7). */
static gboolean
server_answer(const Recorder *rec, const guint8 *p, gsize len, MsWriter *w)
{
    MsNbnsPacket req;
    MsNbAddrEntry entry;
    if (!rec->has_request || ms_nbns_decode(rec->request, rec->request_len, &req) != MS_OK)
        return FALSE;
    MsNbnsRcode rcode = (MsNbnsRcode)(len > 0 ? p[0] & 0x0F : 0);
    guint32 ttl = len > 2 ? (guint32)((p[1] << 8) | p[2]) : 600;
    if (len > 0 && (p[0] & 0x10))
        return ms_nbns_build_wack(w, req.trn_id, &req.question_name, ttl, req.flags) == MS_OK;
    if (ms_nbns_opcode(&req) == MS_NBNS_OP_QUERY) {
        entry.nb_flags = MS_NB_ONT_H;
        entry.addr = SUBNET | (len > 3 ? p[3] : 9);
        MsStatus st =
            rcode == MS_NBNS_RCODE_OK
                ? ms_nbns_build_query_response(w, req.trn_id, &req.question_name, &entry, 1, ttl)
                : ms_nbns_build_negative_query_response(w, req.trn_id, rcode, &req.question_name);
        return st == MS_OK;
    }
    if (!req.has_additional || !ms_nbns_nb_entry(&req.additional, 0, &entry))
        return FALSE;
    if (ms_nbns_opcode(&req) == MS_NBNS_OP_RELEASE)
        return ms_nbns_build_release_response(w, req.trn_id, rcode, &req.question_name, &entry) ==
               MS_OK;
    return ms_nbns_build_registration_response(w, req.trn_id, rcode, &req.question_name, &entry,
                                               ttl) == MS_OK;
}

static MsNameTable *
new_table(Recorder *rec, gboolean wins)
{
    MsNameTableConfig cfg;
    ms_name_table_config_init(&cfg);
    cfg.addresses[0] = OUR_IP;
    cfg.n_addresses = 1;
    g_strlcpy(cfg.node_name, "H1", sizeof cfg.node_name);
    cfg.max_names = MAX_NAMES;
    cfg.max_queries = 2;
    cfg.cache_size = 2;
    cfg.timing.release_count = 2; /* so that DRG names exist */
    cfg.seed = 7;
    if (wins) {
        cfg.wins_server = WINS_IP;
        cfg.timing.wins_retry_interval_ms = 500;
        cfg.timing.wins_refresh_retry_s = 2;
    }
    rec->n = 0;
    rec->wins_server = cfg.wins_server;
    rec->has_request = FALSE;
    MsNameTable *t = ms_name_table_new(&cfg, on_effect, rec);
    FUZZ_CHECK(t != NULL);
    return t;
}

int
LLVMFuzzerTestOneInput(const guint8 *data, size_t size)
{
    static Recorder rec;
    MsNameTable *t = new_table(&rec, FALSE);

    gint64 now = 1000000;
    gsize pos = 0;
    while (pos + 5 <= size) {
        guint8 op = data[pos];
        gint64 delay = (gint64)((data[pos + 1] << 8) | data[pos + 2]);
        gsize len = (gsize)((data[pos + 3] << 8) | data[pos + 4]);
        pos += 5;
        len = MIN(len, size - pos);
        const guint8 *p = data + pos;
        pos += len;
        now += delay * ((op & 0x80) ? G_USEC_PER_SEC : 1000);
        MsName name = name_at(len > 0 ? p[0] : 0);

        switch (op & 0x7F) {
        case 0:
            if (len > 0)
                ms_name_table_handle_packet(t, now, p + 1, len - 1, SUBNET | p[0], 137);
            break;
        case 1:
            ms_name_table_handle_timeout(t, now);
            FUZZ_CHECK(ms_name_table_next_deadline(t) > now);
            break;
        case 2:
            ms_name_table_register(t, now, &name, len > 1 && (p[1] & 1));
            break;
        case 3:
            ms_name_table_release(t, now, &name);
            break;
        case 4:
            ms_name_table_resolve(t, now, &name);
            break;
        case 5:
            ms_name_table_release_all(t, now);
            break;
        case 6:
            ms_name_table_free(t);
            t = new_table(&rec, TRUE);
            break;
        case 7: {
            guint8 buf[MS_NBNS_MAX_PACKET];
            MsWriter w = ms_writer_init(buf, sizeof buf);
            if (server_answer(&rec, p, len, &w))
                ms_name_table_handle_packet(t, now, w.data, w.len, WINS_IP, 137);
            break;
        }
        default:
            break;
        }
        check_call(t, &rec);
    }
    ms_name_table_free(t);
    return 0;
}
