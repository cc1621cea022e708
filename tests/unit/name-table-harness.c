#include "name-table-harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pcapng.h"

/* Harnesses not freed yet: a failed fatal assertion leaves its test before
 * nt_harness_free(), so the rest is freed at exit and valgrind sees no leak. */
static GPtrArray *live;

static void
free_leftovers(void)
{
    while (live && live->len > 0)
        nt_harness_free(g_ptr_array_index(live, live->len - 1));
    if (live)
        g_ptr_array_free(live, TRUE);
    live = NULL;
}

void
nt_config_init(MsNameTableConfig *cfg)
{
    ms_name_table_config_init(cfg);
    cfg->addresses[0] = NT_OUR_IP;
    cfg->addresses[1] = NT_OUR_SECOND_IP;
    cfg->n_addresses = 2;
    g_strlcpy(cfg->node_name, NT_NODE_NAME, sizeof cfg->node_name);
    cfg->seed = NT_SEED;
}

static void
record(const MsNameTableEffect *effect, gpointer user_data)
{
    NtHarness *h = user_data;
    NtRecorded r;
    memset(&r, 0, sizeof r);
    r.at_us = h->now_us;
    r.effect = *effect;
    g_array_append_val(h->effects, r);
}

NtHarness *
nt_harness_new(const MsNameTableConfig *cfg)
{
    NtHarness *h = g_new0(NtHarness, 1);
    if (cfg)
        h->cfg = *cfg;
    else
        nt_config_init(&h->cfg);
    h->effects = g_array_new(FALSE, TRUE, sizeof(NtRecorded));
    h->now_us = NT_T0;
    h->table = ms_name_table_new(&h->cfg, record, h);
    if (!live) {
        live = g_ptr_array_new();
        atexit(free_leftovers);
    }
    g_ptr_array_add(live, h);
    CU_ASSERT_PTR_NOT_NULL_FATAL(h->table);
    return h;
}

void
nt_harness_free(NtHarness *h)
{
    if (!h)
        return;
    if (live)
        g_ptr_array_remove_fast(live, h);
    ms_name_table_free(h->table);
    g_array_free(h->effects, TRUE);
    g_free(h);
}

void
nt_advance_to(NtHarness *h, gint64 target_us)
{
    for (int guard = 0; guard < 100000; guard++) {
        gint64 next = ms_name_table_next_deadline(h->table);
        if (next > target_us)
            break;
        h->now_us = MAX(h->now_us, next);
        ms_name_table_handle_timeout(h->table, h->now_us);
        if (ms_name_table_next_deadline(h->table) <= h->now_us) {
            CU_FAIL("a deadline stays in the past after handle_timeout");
            return;
        }
    }
    h->now_us = MAX(h->now_us, target_us);
}

void
nt_advance(NtHarness *h, gint64 delta_us)
{
    nt_advance_to(h, h->now_us + delta_us);
}

MsName
nt_name(const char *text, guint8 suffix)
{
    MsName n;
    CU_ASSERT_EQUAL_FATAL(ms_name_init(&n, text, suffix, NULL), MS_OK);
    return n;
}

MsName
nt_msbrowse(void)
{
    MsName n;
    ms_name_init_msbrowse(&n, NULL);
    return n;
}

void
nt_hold(NtHarness *h, const MsName *name, gboolean group)
{
    CU_ASSERT_EQUAL_FATAL(ms_name_table_register(h->table, h->now_us, name, group), MS_OK);
    nt_advance(h, NT_SEC);
    CU_ASSERT_TRUE_FATAL(ms_name_table_is_held(h->table, name));
}

void
nt_deliver(NtHarness *h, const guint8 *buf, gsize len, guint32 ip, guint16 port)
{
    /* An exact copy, so ASan catches any read past the payload. */
    guint8 *exact = g_memdup2(buf, len);
    ms_name_table_handle_packet(h->table, h->now_us, exact, len, ip, port);
    g_free(exact);
}

void
nt_deliver_writer(NtHarness *h, const MsWriter *w, guint32 ip, guint16 port)
{
    CU_ASSERT_FALSE_FATAL(w->overflow);
    nt_deliver(h, w->data, w->len, ip, port);
}

guint
nt_mark(const NtHarness *h)
{
    return h->effects->len;
}

const NtRecorded *
nt_effect(const NtHarness *h, guint i)
{
    CU_ASSERT_TRUE_FATAL(i < h->effects->len);
    return &g_array_index(h->effects, NtRecorded, i);
}

gint
nt_find(const NtHarness *h, guint from, MsNameTableEffectKind kind)
{
    for (guint i = from; i < h->effects->len; i++) {
        if (g_array_index(h->effects, NtRecorded, i).effect.kind == kind)
            return (gint)i;
    }
    return -1;
}

guint
nt_count(const NtHarness *h, guint from, MsNameTableEffectKind kind)
{
    guint n = 0;
    for (guint i = from; i < h->effects->len; i++)
        n += g_array_index(h->effects, NtRecorded, i).effect.kind == kind;
    return n;
}

gboolean
nt_effect_equal(const MsNameTableEffect *a, const MsNameTableEffect *b)
{
    if (a->kind != b->kind || !ms_name_equal(&a->name, &b->name) || a->group != b->group)
        return FALSE;
    switch (a->kind) {
    case MS_NAME_TABLE_EFFECT_SEND:
        return a->send.broadcast == b->send.broadcast && a->send.ip == b->send.ip &&
               a->send.port == b->send.port && a->send.len == b->send.len &&
               memcmp(a->send.data, b->send.data, a->send.len) == 0;
    case MS_NAME_TABLE_EFFECT_REFUSED:
        return a->refused.ip == b->refused.ip && a->refused.port == b->refused.port &&
               a->refused.rcode == b->refused.rcode;
    case MS_NAME_TABLE_EFFECT_LOST:
        return a->lost.ip == b->lost.ip;
    case MS_NAME_TABLE_EFFECT_RESOLVED:
        return a->resolved.ip == b->resolved.ip && a->resolved.nb_flags == b->resolved.nb_flags &&
               a->resolved.ttl_s == b->resolved.ttl_s && a->resolved.source == b->resolved.source;
    case MS_NAME_TABLE_EFFECT_REGISTERED:
    case MS_NAME_TABLE_EFFECT_UNRESOLVED:
        return TRUE;
    }
    return FALSE;
}

MsNbnsPacket
nt_sent_packet(const NtHarness *h, guint i)
{
    const NtRecorded *r = nt_effect(h, i);
    MsNbnsPacket p;
    CU_ASSERT_EQUAL_FATAL(r->effect.kind, MS_NAME_TABLE_EFFECT_SEND);
    CU_ASSERT_EQUAL_FATAL(ms_nbns_decode(r->effect.send.data, r->effect.send.len, &p), MS_OK);
    return p;
}

guint8 *
nt_capture_frame(const char *capture, guint number, gsize *len, guint32 *src_ip, guint16 *src_port)
{
    g_autofree char *rel = g_strdup_printf("vectors/%s.pcapng", capture);
    g_autofree char *path = test_data_path(rel);
    GError *error = NULL;
    GPtrArray *frames = pcapng_read_frames(path, &error);
    if (!frames) {
        fprintf(stderr, "%s: %s\n", path, error->message);
        g_error_free(error);
    }
    CU_ASSERT_PTR_NOT_NULL_FATAL(frames);
    guint8 *out = NULL;
    for (guint i = 0; i < frames->len; i++) {
        const PcapFrame *f = g_ptr_array_index(frames, i);
        if (f->number != number || f->ip_proto != 17)
            continue;
        gsize n;
        const guint8 *data = g_bytes_get_data(f->payload, &n);
        out = g_memdup2(data, n);
        *len = n;
        if (src_ip)
            *src_ip = f->src_ip;
        if (src_port)
            *src_port = f->src_port;
    }
    g_ptr_array_unref(frames);
    CU_ASSERT_PTR_NOT_NULL(out);
    return out;
}

void
nt_snapshot(const NtHarness *h, NtSnapshot *s)
{
    memset(s, 0, sizeof *s);
    s->n_names = ms_name_table_list(h->table, s->names, s->states, NULL, G_N_ELEMENTS(s->names));
    s->deadline = ms_name_table_next_deadline(h->table);
    s->effects = nt_mark(h);
    s->counters = *ms_name_table_counters(h->table);
}

gboolean
nt_only_dropped(const NtHarness *h, const NtSnapshot *before, MsNameTableDropReason reason)
{
    NtSnapshot *after = g_new(NtSnapshot, 1);
    nt_snapshot(h, after);
    MsNameTableCounters want = before->counters;
    want.received++;
    want.dropped[reason]++;
    gboolean ok = after->n_names == before->n_names && after->deadline == before->deadline &&
                  after->effects == before->effects &&
                  memcmp(after->states, before->states, sizeof after->states) == 0;
    for (guint i = 0; ok && i < after->n_names; i++)
        ok = ms_name_equal(&after->names[i], &before->names[i]);
    /* decode_errors move with MALFORMED; the caller checks which one. */
    memcpy(want.decode_errors, after->counters.decode_errors, sizeof want.decode_errors);
    ok = ok && memcmp(&want, &after->counters, sizeof want) == 0;
    if (!ok)
        fprintf(stderr, "expected only a '%s' drop\n", ms_name_table_drop_reason_to_string(reason));
    g_free(after);
    return ok;
}

/* ---- packets ------------------------------------------------------------------------- */

static NtPacket
finish(MsWriter *w, MsStatus st)
{
    NtPacket p;
    CU_ASSERT_EQUAL(st, MS_OK);
    CU_ASSERT_FALSE(w->overflow);
    memcpy(p.data, w->data, w->len);
    p.len = w->len;
    return p;
}

#define NT_BUILD(call)                                                                             \
    guint8 buf[MS_NBNS_MAX_PACKET];                                                                \
    MsWriter w = ms_writer_init(buf, sizeof buf);                                                  \
    MsStatus st = (call);                                                                          \
    return finish(&w, st)

NtPacket
nt_pkt_registration(guint16 trn, const MsName *name, guint16 nb_flags, guint32 ip,
                    gboolean broadcast)
{
    MsNbAddrEntry e = {nb_flags, ip};
    NT_BUILD(ms_nbns_build_registration(&w, trn, name, &e, 300000, broadcast));
}

NtPacket
nt_pkt_overwrite(guint16 trn, const MsName *name, guint16 nb_flags, guint32 ip)
{
    MsNbAddrEntry e = {nb_flags, ip};
    NT_BUILD(
        ms_nbns_build_name_request(&w, MS_NBNS_OP_REGISTRATION, FALSE, trn, name, &e, 0, TRUE));
}

NtPacket
nt_pkt_release(guint16 trn, const MsName *name, guint16 nb_flags, guint32 ip, gboolean broadcast)
{
    MsNbAddrEntry e = {nb_flags, ip};
    NT_BUILD(ms_nbns_build_release(&w, trn, name, &e, broadcast));
}

NtPacket
nt_pkt_refresh(guint16 trn, const MsName *name, guint16 nb_flags, guint32 ip, gboolean broadcast)
{
    MsNbAddrEntry e = {nb_flags, ip};
    NT_BUILD(
        ms_nbns_build_name_request(&w, MS_NBNS_OP_REFRESH, FALSE, trn, name, &e, 300, broadcast));
}

NtPacket
nt_pkt_registration_response(guint16 trn, MsNbnsRcode rcode, const MsName *name, guint16 nb_flags,
                             guint32 ip)
{
    MsNbAddrEntry e = {nb_flags, ip};
    NT_BUILD(ms_nbns_build_registration_response(&w, trn, rcode, name, &e, 0));
}

NtPacket
nt_pkt_release_response(guint16 trn, MsNbnsRcode rcode, const MsName *name, guint16 nb_flags,
                        guint32 ip)
{
    MsNbAddrEntry e = {nb_flags, ip};
    NT_BUILD(ms_nbns_build_release_response(&w, trn, rcode, name, &e));
}

NtPacket
nt_pkt_query(guint16 trn, const MsName *name, gboolean broadcast)
{
    NT_BUILD(ms_nbns_build_name_query(&w, trn, name, broadcast));
}

NtPacket
nt_pkt_query_response(guint16 trn, const MsName *name, guint16 nb_flags, guint32 ip, guint32 ttl)
{
    MsNbAddrEntry e = {nb_flags, ip};
    NT_BUILD(ms_nbns_build_query_response(&w, trn, name, &e, 1, ttl));
}

NtPacket
nt_pkt_negative_query_response(guint16 trn, const MsName *name)
{
    NT_BUILD(ms_nbns_build_negative_query_response(&w, trn, MS_NBNS_RCODE_NAM_ERR, name));
}

NtPacket
nt_pkt_status_request(guint16 trn, const MsName *name, gboolean broadcast)
{
    NT_BUILD(ms_nbns_build_node_status_request(&w, trn, name, broadcast));
}

NtPacket
nt_pkt_wack(guint16 trn, const MsName *name, guint32 ttl)
{
    NT_BUILD(ms_nbns_build_wack(&w, trn, name, ttl, 0x2910));
}

MsName
nt_wildcard(void)
{
    return nt_name("*", 0x00);
}

void
nt_pkt_set_flags(NtPacket *p, guint16 flags)
{
    p->data[2] = (guint8)(flags >> 8);
    p->data[3] = (guint8)flags;
}

void
nt_send_pkt(NtHarness *h, const NtPacket *p, guint32 ip, guint16 port)
{
    nt_deliver(h, p->data, p->len, ip, port);
}

gboolean
nt_sent_is(const NtHarness *h, gint i, const NtPacket *expected, guint32 ip, guint16 port)
{
    if (i < 0 || (guint)i >= h->effects->len) {
        fprintf(stderr, "no effect at %d\n", i);
        return FALSE;
    }
    const MsNameTableEffect *fx = &nt_effect(h, (guint)i)->effect;
    if (fx->kind != MS_NAME_TABLE_EFFECT_SEND) {
        fprintf(stderr, "effect %d is %s\n", i, ms_name_table_effect_kind_to_string(fx->kind));
        return FALSE;
    }
    gboolean dest_ok = ip == 0
                           ? (fx->send.broadcast && fx->send.port == MS_NBNS_PORT)
                           : (!fx->send.broadcast && fx->send.ip == ip && fx->send.port == port);
    if (!dest_ok)
        fprintf(stderr, "effect %d goes to %08x:%u (broadcast %d)\n", i, fx->send.ip, fx->send.port,
                fx->send.broadcast);
    return dest_ok && test_bytes_equal(fx->send.data, fx->send.len, expected->data, expected->len,
                                       __FILE__, __LINE__);
}

guint16
nt_sent_trn(const NtHarness *h, gint i)
{
    CU_ASSERT_TRUE_FATAL(i >= 0);
    return nt_sent_packet(h, (guint)i).trn_id;
}
