/* Fuzzes the browser engine as the network and the daemon drive it: the input is a script
 * of steps, each `op` (1 byte), `delay` (u16 BE; milliseconds, or seconds when op has bit
 * 0x80) and `len` (u16 BE) bytes of payload:
 *   op 0: a datagram (the payload, decoded by ms_dgram_decode) from 10.0.0.<payload[0]>;
 *   op 1: the timers run;
 *   op 2: the answer to the newest name registration (payload[0] bit 0: granted);
 *   op 3: a sync result (payload[0] bit 0: ok; the rest cut into 16-byte server names);
 *   op 4: <LABGRP><1D> taken from us;   op 5: stop (payload[0] bit 0: leaving), then start;
 *   op 6: an operator's forced election.
 * Properties: nothing crashes or leaks; once the timers ran at `now`, nothing is due at or
 * before `now` (a deadline in the past would spin the daemon's main loop); a master knows
 * itself as master; the lists stay within their caps; every SEND effect encodes.
 * Inputs of odd length run under a policy (brw-policy.h: trusted master LMB, resets only
 * from 10.0.0.0/25, names with an X denied), and no name with an X may then enter a list. */
#include <browse-proto/brw-engine.h>

#include <string.h>

#include "fuzz-common.h"

int LLVMFuzzerTestOneInput(const guint8 *data, size_t size);

#define WORKGROUP "LABGRP" /* the group of the Samba captures, whose datagrams seed this */
#define MAX_SERVERS 64
#define MAX_DOMAINS 16

typedef struct {
    MsName pending;     /* newest REGISTER_NAME */
    gboolean has_pending;
    guint sends;
} Recorder;

static void
on_effect(const BrwEffect *fx, gpointer user_data)
{
    Recorder *rec = user_data;
    if (fx->kind == BRW_EFFECT_REGISTER_NAME) {
        rec->pending = fx->name.name;
        rec->has_pending = TRUE;
    } else if (fx->kind == BRW_EFFECT_SEND) {
        MsName source;
        ms_name_init(&source, "FUZZNODE", 0x00, "");
        guint8 buf[MS_DGRAM_MAX_PAYLOAD];
        MsWriter w = ms_writer_init(buf, sizeof buf);
        FUZZ_CHECK(brw_send_encode(&fx->send, &source, 0x0A000001, 138, 1, &w) == MS_OK);
        rec->sends++;
    }
}

static void
sync_result(BrwEngine *e, gint64 now, const guint8 *p, gsize len)
{
    BrwListEntry servers[8];
    guint n = 0;
    memset(servers, 0, sizeof servers);
    for (gsize off = 1; off + 16 <= len && n < G_N_ELEMENTS(servers); off += 16, n++) {
        memcpy(servers[n].name, p + off, 15);
        servers[n].server_type = (guint32)p[off + 15] << 16;
    }
    brw_engine_sync_result(e, now, len > 0 && (p[0] & 1), servers, n, servers, n / 2);
}

static gboolean
any_name_with_x(BrwList *list)
{
    g_autoptr(GPtrArray) all = brw_list_query(list, 0xFFFFFFFFu, FALSE, NULL);
    for (guint i = 0; i < all->len; i++) {
        const BrwListEntry *entry = g_ptr_array_index(all, i);
        if (strchr(entry->name, 'X') != NULL || strchr(entry->name, 'x') != NULL)
            return TRUE;
    }
    return FALSE;
}

static void
check_invariants(BrwEngine *e)
{
    if (brw_engine_config(e)->policy.n_names_deny > 0) {
        FUZZ_CHECK(!any_name_with_x(brw_engine_servers(e)));
        FUZZ_CHECK(!any_name_with_x(brw_engine_domains(e)));
    }
    if (brw_engine_role(e) == BRW_ROLE_MASTER)
        FUZZ_CHECK(strcmp(brw_engine_master(e), "FUZZNODE") == 0);
    FUZZ_CHECK(brw_list_count(brw_engine_servers(e)) <= MAX_SERVERS);
    FUZZ_CHECK(brw_list_count(brw_engine_domains(e)) <= MAX_DOMAINS);
}

int
LLVMFuzzerTestOneInput(const guint8 *data, size_t size)
{
    BrwEngineConfig cfg;
    brw_engine_config_init(&cfg);
    g_strlcpy(cfg.netbios_name, "FUZZNODE", sizeof cfg.netbios_name);
    g_strlcpy(cfg.workgroup, WORKGROUP, sizeof cfg.workgroup);
    cfg.max_servers = MAX_SERVERS;
    cfg.max_domains = MAX_DOMAINS;
    cfg.seed = 7;
    if (size % 2 == 1) {
        g_strlcpy(cfg.policy.trusted_masters[0], "LMB", BRW_NAME_SIZE);
        cfg.policy.n_trusted_masters = 1;
        cfg.policy.reset_from[0] = (BrwSubnet){0x0A000000u, 0xFFFFFF80u};
        cfg.policy.n_reset_from = 1;
        g_strlcpy(cfg.policy.names_deny[0], "*X*", BRW_PATTERN_SIZE);
        cfg.policy.n_names_deny = 1;
    }
    Recorder rec = {0};
    g_autoptr(BrwEngine) e = brw_engine_new(&cfg, on_effect, &rec);
    FUZZ_CHECK(e != NULL);
    MsName master_name;
    ms_name_init(&master_name, WORKGROUP, 0x1D, "");

    gint64 now = 1000000;
    brw_engine_start(e, now);
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

        switch (op & 0x7F) {
        case 0: {
            MsDgram dgram;
            if (ms_dgram_decode(p, len, &dgram) == MS_OK)
                brw_engine_handle_datagram(e, now, &dgram, 0x0A000000u | (len ? p[0] : 2u), 138);
            break;
        }
        case 1:
            brw_engine_handle_timeout(e, now);
            FUZZ_CHECK(brw_engine_next_deadline(e) > now);
            break;
        case 2:
            if (rec.has_pending)
                brw_engine_name_result(e, now, &rec.pending, len > 0 && (p[0] & 1));
            rec.has_pending = FALSE;
            break;
        case 3:
            sync_result(e, now, p, len);
            break;
        case 4:
            brw_engine_name_lost(e, now, &master_name);
            break;
        case 5:
            brw_engine_stop(e, now, len > 0 && (p[0] & 1));
            FUZZ_CHECK(brw_engine_role(e) == BRW_ROLE_STOPPED);
            brw_engine_start(e, now);
            break;
        case 6:
            brw_engine_force_election(e, now);
            break;
        default:
            break;
        }
        check_invariants(e);
    }
    return 0;
}
