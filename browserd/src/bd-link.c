/* One served network (bd-link.h). Every entry point reads the clock once, calls into the
 * core, applies what the core asked for, and re-arms the single deadline. */
#include "bd-link.h"

#include <string.h>
#include <time.h>

#include <browse-proto/brw-engine.h>
#include <browse-proto/brw-rap.h>
#include <browse-proto/brw-server-type.h>
#include <libmailslot/ms-name-table.h>
#include <libmailslot/ms-reasm.h>

#include "bd-copies.h"
#include "bd-log.h"
#include "bd-state.h"

/* Datagrams waiting for their unique destination to be resolved; more are dropped, oldest
 * first (a resolution takes 750 ms at most, so this is a burst, not a backlog). */
#define MAX_PENDING_SENDS 64
/* Lists are saved this long after a change, so a burst of announcements is one write. */
#define SAVE_DELAY (1 * G_USEC_PER_SEC)
/* A list copy from the master: the whole exchange, and the most entries per list (more than
 * any master holds: [MS-BRWS] 1.6 puts one reply at about 2,000 servers). */
#define SYNC_TIMEOUT_MS 20000
#define SYNC_MAX_ENTRIES 8192
#define NETBIOS_SESSION_PORT 139

/* Results the name table produced for the engine, applied once the current call into the
 * engine has returned: effects must never re-enter the core (DESIGN.md §2.4). */
typedef struct {
    enum { INPUT_NAME_RESULT, INPUT_NAME_LOST, INPUT_SYNC_FAILED, INPUT_DOMAIN_MASTER } kind;
    MsName name;
    gboolean ok;
    guint32 ip; /* DOMAIN_MASTER: who holds <group><1B>, 0 for nobody */
} EngineInput;

typedef struct {
    BrwSend send;
} PendingSend;

struct BdLink {
    const BdConfig *cfg;
    MsInterface iface;
    const BdSockets *sockets;
    char prefix[96]; /* "eth0 WORKGROUP": what every log line of this link starts with */

    BrwEngine *engine;
    MsNameTable *table;
    MsReassembler *reasm;
    GSource *timer;
    gint64 now_us;

    GArray *inbox;  /* EngineInput */
    GQueue pending; /* PendingSend* */
    guint16 next_datagram_id;
    MsName computer_name; /* <name><00>: the source of our datagrams */

    char *state_path;
    gint64 save_due;
    gint64 save_cost_us; /* CPU the last save took: spaces the next (schedule_save) */
    gint64 started_us;
    BdLinkEventFunc event_func; /* the control server's watchers */
    gpointer event_data;
    BdRateLimit list_log;
    BdRateLimit events_log; /* elections: spoofed RequestElections must not flood the log */
    BdRateLimit send_errors;
    guint64 unresolved_drops;
    gboolean warned_reply_size; /* the list nears what one 64 KiB RAP reply holds */

    /* List copies for the engine (bd-copies.h), and the names looked up for them. */
    BdCopies *copies;
    char sync_master[BRW_NAME_SIZE]; /* the master a backup copies from */
    MsName sync_name;                /* its <20>, while sync_resolving */
    gboolean sync_resolving;
    MsName dmb_name;                 /* <group><1B>, while dmb_resolving */
    gboolean dmb_resolving;
    gboolean warned_list_full;  /* a list reached its cap (logged once; counted always) */
    gboolean warned_reasm_full; /* the reassembler refused a datagram at its cap */
    gboolean warned_cache_full; /* the name cache was full of live names */
    guint reply_checked_count;  /* list size at the last check_reply_size() sum */
};

static void link_rearm(BdLink *link);
static void begin(BdLink *link);
static void end(BdLink *link);

/* ---- sending ---------------------------------------------------------------------- */

static void
transmit(BdLink *link, const BrwSend *send, guint32 ip, guint16 port)
{
    guint8 buf[MS_DGRAM_MAX_PAYLOAD];
    MsWriter w = ms_writer_init(buf, sizeof buf);
    guint16 src_port = ms_udp_socket_port(link->sockets->datagram);
    if (brw_send_encode(send, &link->computer_name, link->iface.ip, src_port,
                        link->next_datagram_id++, &w) != MS_OK) {
        g_debug("%s: a %s frame does not encode; dropped", link->prefix,
                brw_frame_kind_to_string(send->frame.kind));
        return;
    }
    g_autoptr(GError) error = NULL;
    guint64 suppressed = 0;
    if (!ms_udp_socket_send(link->sockets->datagram, link->iface.index, link->iface.ip, ip, port,
                            buf, w.len, &error) &&
        bd_rate_limit_allow(&link->send_errors, link->now_us, &suppressed))
        g_warning("%s: %s (and %" G_GUINT64_FORMAT " more)", link->prefix, error->message,
                  suppressed);
}

static void
send_datagram(BdLink *link, const BrwSend *send)
{
    if (send->ip != 0) {
        /* a reply to where the request came from (GetBackupListResponse) */
        transmit(link, send, send->ip,
                 send->port != 0 ? send->port : link->sockets->datagram_port);
        return;
    }
    guint8 suffix = ms_name_suffix(&send->destination);
    if (send->group || suffix == 0x1D) {
        /* A B-node reaches a group, and the unknown holder of <group><1D>, by broadcast;
         * Samba sends these as DIRECT_GROUP, and so do we (its receivers expect it). */
        BrwSend b = *send;
        b.group = TRUE;
        transmit(link, &b, link->iface.broadcast, link->sockets->datagram_port);
        return;
    }
    /* A computer's <00>: find its address (RFC 1002 §5.1.1.3), then send to it. */
    if (g_queue_get_length(&link->pending) >= MAX_PENDING_SENDS) {
        g_free(g_queue_pop_head(&link->pending));
        link->unresolved_drops++;
    }
    PendingSend *p = g_new(PendingSend, 1);
    p->send = *send;
    g_queue_push_tail(&link->pending, p);
    ms_name_table_resolve(link->table, link->now_us, &send->destination);
}

/* Sends (ip != 0) or drops (ip == 0) every datagram waiting for `name`. */
static void
flush_pending(BdLink *link, const MsName *name, guint32 ip)
{
    for (GList *l = link->pending.head; l != NULL;) {
        GList *next = l->next;
        PendingSend *p = l->data;
        if (ms_name_equal(&p->send.destination, name)) {
            if (ip != 0)
                transmit(link, &p->send, ip, link->sockets->datagram_port);
            else
                link->unresolved_drops++;
            g_queue_delete_link(&link->pending, l);
            g_free(p);
        }
        l = next;
    }
}

/* ---- list copies ([MS-BRWS] 3.3.6, 3.4) ------------------------------------------------- */

static void
on_copy_done(gboolean domain, guint32 ip, const BdListFetchResult *r, gpointer user_data)
{
    BdLink *link = user_data;
    begin(link);
    char peer[16];
    ms_ipv4_to_string(ip, peer, sizeof peer);
    if (r->ok)
        g_info("%s: copied %u server%s and %u domain%s from %s in %" G_GINT64_FORMAT " ms",
               link->prefix, r->n_servers, r->n_servers == 1 ? "" : "s", r->n_domains,
               r->n_domains == 1 ? "" : "s", domain ? peer : link->sync_master,
               r->elapsed_us / 1000);
    else
        g_warning("%s: list copy from %s failed: %s", link->prefix,
                  domain ? peer : link->sync_master, r->error);
    if (domain)
        brw_engine_domain_sync_result(link->engine, link->now_us, ip, r->ok, r->servers,
                                      r->n_servers, r->domains, r->n_domains);
    else
        brw_engine_sync_result(link->engine, link->now_us, r->ok, r->servers, r->n_servers,
                               r->domains, r->n_domains);
    end(link);
}

/* Names the link looks up for the engine: the master's <20> before a backup's copy, and
 * <group><1B> for a local master looking for its domain master. */
static void
resolve_for_engine(BdLink *link, MsName *slot, gboolean *pending, const char *base,
                   guint8 suffix)
{
    *pending = ms_name_init(slot, base, suffix, "") == MS_OK;
    if (*pending)
        ms_name_table_resolve(link->table, link->now_us, slot);
}

/* The engine asks for its master's lists: find the master's address first (its server
 * name, <20>, the name its SMB service answers to). */
static void
start_sync(BdLink *link, const char *master)
{
    bd_copies_cancel_backup(link->copies); /* a copy from a former master is of no use */
    g_strlcpy(link->sync_master, master, sizeof link->sync_master);
    resolve_for_engine(link, &link->sync_name, &link->sync_resolving, master, 0x20);
    if (!link->sync_resolving) {
        EngineInput in = {.kind = INPUT_SYNC_FAILED};
        g_array_append_val(link->inbox, in);
    }
}

/* A name the link asked the table for has an address (0: nobody answered). */
static void
engine_name_resolved(BdLink *link, const MsName *name, guint32 ip)
{
    if (link->dmb_resolving && ms_name_equal(name, &link->dmb_name)) {
        link->dmb_resolving = FALSE;
        char text[16];
        if (ip != 0)
            g_info("%s: domain master at %s", link->prefix,
                   ms_ipv4_to_string(ip, text, sizeof text));
        else
            g_info("%s: no domain master found (<%s><1B> does not resolve)", link->prefix,
                   link->cfg->workgroup);
        EngineInput in = {.kind = INPUT_DOMAIN_MASTER, .ip = ip};
        g_array_append_val(link->inbox, in);
    }
    if (!link->sync_resolving || !ms_name_equal(name, &link->sync_name))
        return;
    link->sync_resolving = FALSE;
    if (ip != 0) {
        bd_copies_start(link->copies, FALSE, ip, link->sync_master, BRW_SV_TYPE_ALL,
                        BRW_SV_TYPE_DOMAIN_ENUM);
        return;
    }
    const char *why = "its name did not resolve";
    bd_copies_record_backup_failure(link->copies, link->sync_master, why);
    g_warning("%s: list copy from %s failed: %s", link->prefix, link->sync_master, why);
    EngineInput in = {.kind = INPUT_SYNC_FAILED};
    g_array_append_val(link->inbox, in);
}

/* ---- effects ---------------------------------------------------------------------- */

/* The write interval: a change is on disk SAVE_DELAY after it, so a crash (kill -9) loses
 * at most that much (issue 8, interop-crash-safety). A save writes the whole list and
 * blocks the loop while it does (about 3 us of CPU per entry), so a large list is saved at
 * most every 100 times the CPU its last save took (at most 1% of the daemon's time; a 50,000-entry
 * list, 0.15 s a save, every 15 s): the 8 MiB socket buffers hold what arrives meanwhile,
 * even during a flood (BENCHMARKS.md). */
#define SAVE_COST_FACTOR 100

/* CPU time, not wall time: the fsync of a save waits for the disk, which costs the daemon
 * nothing and must not stretch the write interval on a slow disk. */
static gint64
thread_cpu_us(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
        return 0;
    return (gint64)ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static void
schedule_save(BdLink *link)
{
    gint64 delay = MAX(SAVE_DELAY, SAVE_COST_FACTOR * link->save_cost_us);
    link->save_due = MIN(link->save_due, link->now_us + delay);
}

static void
log_list_change(BdLink *link, const char *what, const char *name)
{
    guint64 suppressed = 0;
    if (!bd_rate_limit_allow(&link->list_log, link->now_us, &suppressed))
        return; /* a flood of announcements must not become a flood of log lines */
    if (suppressed > 0)
        g_message("%s: %" G_GUINT64_FORMAT " list changes not logged", link->prefix, suppressed);
    g_message("%s: %s %s", link->prefix, what, name);
}

/* A NetServerEnum2 level 1 reply is 26 bytes per server plus its comment, in at most
 * 64 KiB ([MS-BRWS] 1.6); past that, clients see only part of the list (and old ones, which
 * do not follow ERROR_MORE_DATA with NetServerEnum3, never the rest). Say so once, before
 * it happens, so the operator can split the workgroup. */
#define REPLY_WARN_PERCENT 90
/* The sum walks the whole (sorted) list: redo it only after this many more entries, or a
 * flood of new names pays O(n) per name until the warning is given. */
#define REPLY_CHECK_STEP 64

static void
check_reply_size(BdLink *link)
{
    BrwList *servers = brw_engine_servers(link->engine);
    guint n = brw_list_count(servers);
    /* Below this many entries even 43-byte comments fit: no need to add them up. */
    if (link->warned_reply_size || n * (BRW_RAP_SERVER_INFO1_SIZE + BRW_COMMENT_WIRE_MAX) <
                                       BRW_RAP_DATA_MAX * REPLY_WARN_PERCENT / 100)
        return;
    if (link->reply_checked_count != 0 && n < link->reply_checked_count + REPLY_CHECK_STEP)
        return;
    link->reply_checked_count = n;
    g_autoptr(GPtrArray) all = brw_list_query(servers, BRW_SV_TYPE_ALL, FALSE, NULL);
    gsize bytes = brw_rap_server_info1_bytes(all, link->cfg->smb.comment_max);
    if (bytes * 100 < (gsize)BRW_RAP_DATA_MAX * REPLY_WARN_PERCENT)
        return;
    link->warned_reply_size = TRUE;
    g_warning("%s: %u servers take %" G_GSIZE_FORMAT " bytes in a NetServerEnum2 reply, near "
              "its 64 KiB limit: clients that do not page with NetServerEnum3 (Windows 9x, "
              "DOS) will see only part of the list; consider splitting the workgroup",
              link->prefix, n, bytes);
}

/* Issue 8: at a cap new entries are refused and counted; the operator hears it once. */
static void
warn_caps(BdLink *link)
{
    if (!link->warned_list_full &&
        brw_engine_counters(link->engine)->dropped[BRW_DROP_LIST_FULL] > 0) {
        link->warned_list_full = TRUE;
        g_warning("%s: a browse list reached its cap (max_servers %u, max_domains %u): new "
                  "names are refused and counted (list-full), known ones kept",
                  link->prefix, link->cfg->max_servers, link->cfg->max_domains);
    }
    if (!link->warned_reasm_full && ms_reassembler_counters(link->reasm)->refused_full > 0) {
        link->warned_reasm_full = TRUE;
        g_warning("%s: fragment reassembly reached its cap (security.max_fragments %u): new "
                  "fragmented datagrams are refused and counted",
                  link->prefix, link->cfg->security.max_fragments);
    }
    if (!link->warned_cache_full && ms_name_table_counters(link->table)->cache_full > 0) {
        link->warned_cache_full = TRUE;
        g_warning("%s: the name cache is full of live names (security.max_cached_names %u): "
                  "further answers are used but not remembered, and counted",
                  link->prefix, link->cfg->security.max_cached_names);
    }
}

static void
on_engine_effect(const BrwEffect *fx, gpointer user_data)
{
    BdLink *link = user_data;
    switch (fx->kind) {
    case BRW_EFFECT_SEND:
        send_datagram(link, &fx->send);
        break;
    case BRW_EFFECT_REGISTER_NAME:
        ms_name_table_register(link->table, link->now_us, &fx->name.name, fx->name.group);
        break;
    case BRW_EFFECT_RELEASE_NAME:
        ms_name_table_release(link->table, link->now_us, &fx->name.name);
        break;
    case BRW_EFFECT_SYNC:
        start_sync(link, fx->master);
        break;
    case BRW_EFFECT_DOMAIN_SYNC:
        bd_copies_start(link->copies, TRUE, fx->domain_sync.ip, fx->domain_sync.peer,
                        fx->domain_sync.server_type, fx->domain_sync.domain_type);
        break;
    case BRW_EFFECT_FIND_DOMAIN_MASTER:
        resolve_for_engine(link, &link->dmb_name, &link->dmb_resolving, link->cfg->workgroup,
                           0x1B);
        break;
    case BRW_EFFECT_ROLE_CHANGED:
        g_message("%s: role %s -> %s", link->prefix, brw_role_to_string(fx->role.old_role),
                  brw_role_to_string(fx->role.new_role));
        schedule_save(link);
        break;
    case BRW_EFFECT_MASTER_CHANGED:
        if (fx->master[0] != '\0')
            g_message("%s: master is %s", link->prefix, fx->master);
        else
            g_info("%s: master unknown", link->prefix);
        break;
    case BRW_EFFECT_SERVER_ADDED:
        log_list_change(link, "server added", fx->entry);
        check_reply_size(link);
        schedule_save(link);
        break;
    case BRW_EFFECT_SERVER_REMOVED:
        log_list_change(link, "server removed", fx->entry);
        schedule_save(link);
        break;
    case BRW_EFFECT_DOMAIN_ADDED:
        log_list_change(link, "domain added", fx->entry);
        schedule_save(link);
        break;
    case BRW_EFFECT_DOMAIN_REMOVED:
        log_list_change(link, "domain removed", fx->entry);
        schedule_save(link);
        break;
    case BRW_EFFECT_ELECTION_WON:
        if (bd_rate_limit_allow(&link->events_log, link->now_us, NULL))
            g_message("%s: election won with criteria 0x%08x, uptime %u s", link->prefix,
                      fx->election.our_criteria, fx->election.our_uptime_ms / 1000);
        break;
    case BRW_EFFECT_ELECTION_LOST:
        if (bd_rate_limit_allow(&link->events_log, link->now_us, NULL))
            g_message("%s: election lost to %s: criteria 0x%08x uptime %u s against our "
                      "0x%08x uptime %u s", link->prefix, fx->election.winner,
                      fx->election.winner_criteria, fx->election.winner_uptime_ms / 1000,
                      fx->election.our_criteria, fx->election.our_uptime_ms / 1000);
        break;
    case BRW_EFFECT_RIVAL_MASTER: /* policy.trusted_masters: the engine reports each rarely */
    case BRW_EFFECT_RIVAL_DOMAIN_MASTER:
        g_warning("%s: untrusted %s %s appeared", link->prefix,
                  fx->kind == BRW_EFFECT_RIVAL_MASTER ? "master" : "domain master", fx->entry);
        break;
    }
    if (link->event_func != NULL)
        link->event_func(link, fx, link->event_data);
}

static void
on_table_effect(const MsNameTableEffect *fx, gpointer user_data)
{
    BdLink *link = user_data;
    char name[MS_NAME_STRING_MAX];
    switch (fx->kind) {
    case MS_NAME_TABLE_EFFECT_SEND: {
        const MsNameTableSend *s = &fx->send;
        guint32 ip = s->broadcast ? link->iface.broadcast : s->ip;
        guint16 port = s->broadcast ? link->sockets->name_service_port : s->port;
        g_autoptr(GError) error = NULL;
        guint64 suppressed = 0;
        if (!ms_udp_socket_send(link->sockets->name_service, link->iface.index, link->iface.ip,
                                ip, port, s->data, s->len, &error) &&
            bd_rate_limit_allow(&link->send_errors, link->now_us, &suppressed))
            g_warning("%s: %s", link->prefix, error->message);
        break;
    }
    case MS_NAME_TABLE_EFFECT_REGISTERED:
    case MS_NAME_TABLE_EFFECT_REFUSED: {
        gboolean ok = fx->kind == MS_NAME_TABLE_EFFECT_REGISTERED;
        ms_name_to_string(&fx->name, name, sizeof name);
        if (ok) {
            g_info("%s: registered %s", link->prefix, name);
        } else {
            char ip[16];
            g_warning("%s: %s is held by %s", link->prefix, name,
                      ms_ipv4_to_string(fx->refused.ip, ip, sizeof ip));
        }
        EngineInput in = {.kind = INPUT_NAME_RESULT, .name = fx->name, .ok = ok};
        g_array_append_val(link->inbox, in);
        break;
    }
    case MS_NAME_TABLE_EFFECT_LOST: {
        ms_name_to_string(&fx->name, name, sizeof name);
        g_warning("%s: lost %s to a conflict", link->prefix, name);
        EngineInput in = {.kind = INPUT_NAME_LOST, .name = fx->name};
        g_array_append_val(link->inbox, in);
        break;
    }
    case MS_NAME_TABLE_EFFECT_RESOLVED:
        flush_pending(link, &fx->name, fx->resolved.ip);
        engine_name_resolved(link, &fx->name, fx->resolved.ip);
        break;
    case MS_NAME_TABLE_EFFECT_UNRESOLVED:
        flush_pending(link, &fx->name, 0);
        engine_name_resolved(link, &fx->name, 0);
        break;
    }
}

/* Applies what the table produced for the engine; each may produce more. */
static void
drain_inbox(BdLink *link)
{
    for (guint i = 0; i < link->inbox->len; i++) {
        EngineInput in = g_array_index(link->inbox, EngineInput, i);
        switch (in.kind) {
        case INPUT_NAME_RESULT:
            brw_engine_name_result(link->engine, link->now_us, &in.name, in.ok);
            break;
        case INPUT_NAME_LOST:
            brw_engine_name_lost(link->engine, link->now_us, &in.name);
            break;
        case INPUT_SYNC_FAILED:
            brw_engine_sync_result(link->engine, link->now_us, FALSE, NULL, 0, NULL, 0);
            break;
        case INPUT_DOMAIN_MASTER:
            brw_engine_domain_master_found(link->engine, link->now_us, in.ip);
            break;
        }
    }
    g_array_set_size(link->inbox, 0);
}

/* ---- persistence ------------------------------------------------------------------ */

static void
save_state(BdLink *link)
{
    link->save_due = G_MAXINT64;
    BdStateHeader h = {
        .interface = link->iface.name,
        .workgroup = link->cfg->workgroup,
        .role = brw_role_to_string(brw_engine_role(link->engine)),
        .master = brw_engine_master(link->engine),
    };
    g_autoptr(GError) error = NULL;
    gint64 t0 = thread_cpu_us();
    if (!bd_state_save(link->state_path, &h, brw_engine_servers(link->engine),
                       brw_engine_domains(link->engine), link->now_us, &error))
        g_warning("%s: cannot save the lists: %s", link->prefix, error->message);
    link->save_cost_us = thread_cpu_us() - t0;
}

static void
load_state(BdLink *link)
{
    guint loaded = 0;
    g_autoptr(GError) error = NULL;
    if (!bd_state_load(link->state_path, brw_engine_servers(link->engine),
                       brw_engine_domains(link->engine), link->now_us, &loaded, &error))
        g_warning("%s: ignoring saved lists: %s", link->prefix, error->message);
    else if (loaded > 0)
        g_message("%s: loaded %u saved entries from %s", link->prefix, loaded, link->state_path);
    check_reply_size(link); /* a list saved near the limit is as near after a restart */
}

/* ---- time ------------------------------------------------------------------------- */

/* Every public entry point: one clock reading, then the work, then the results for the
 * engine, then the deadline. */
static void
begin(BdLink *link)
{
    link->now_us = g_get_monotonic_time();
}

static void
end(BdLink *link)
{
    warn_caps(link); /* the caps a packet or a timer may have reached, said once */
    drain_inbox(link);
    link_rearm(link);
}

static gboolean
on_timer(gpointer user_data)
{
    BdLink *link = user_data;
    begin(link);
    brw_engine_handle_timeout(link->engine, link->now_us);
    drain_inbox(link);
    ms_name_table_handle_timeout(link->table, link->now_us);
    drain_inbox(link);
    ms_reassembler_expire(link->reasm, link->now_us);
    if (link->save_due <= link->now_us)
        save_state(link);
    end(link);
    return G_SOURCE_CONTINUE;
}

static gboolean
timer_dispatch(GSource *source, GSourceFunc callback, gpointer user_data)
{
    (void)source;
    return callback(user_data);
}

static GSourceFuncs timer_funcs = {.dispatch = timer_dispatch};

static void
link_rearm(BdLink *link)
{
    if (link->timer == NULL)
        return;
    gint64 next = MIN(brw_engine_next_deadline(link->engine),
                      ms_name_table_next_deadline(link->table));
    next = MIN(next, ms_reassembler_next_deadline(link->reasm));
    next = MIN(next, link->save_due);
    /* The deadline is on the monotonic clock, as GLib's ready time is. */
    g_source_set_ready_time(link->timer, next == G_MAXINT64 ? -1 : next);
}

/* ---- life cycle ------------------------------------------------------------------- */

BdLink *
bd_link_new(const BdConfig *cfg, const MsInterface *iface, const BdSockets *sockets,
            guint64 seed)
{
    BdLink *link = g_new0(BdLink, 1);
    link->cfg = cfg;
    link->iface = *iface;
    link->sockets = sockets;
    g_snprintf(link->prefix, sizeof link->prefix, "%s %s", iface->name, cfg->workgroup);
    link->inbox = g_array_new(FALSE, FALSE, sizeof(EngineInput));
    g_queue_init(&link->pending);
    link->save_due = G_MAXINT64;
    link->list_log = (BdRateLimit)BD_RATE_LIMIT_INIT(50, 10);
    link->events_log = (BdRateLimit)BD_RATE_LIMIT_INIT(10, 1);
    link->send_errors = (BdRateLimit)BD_RATE_LIMIT_INIT(5, 1);
    link->state_path = bd_state_path(cfg->state_dir, iface->name, cfg->workgroup);
    ms_name_init(&link->computer_name, cfg->netbios_name, 0x00, "");

    BrwEngineConfig ecfg;
    bd_config_to_engine_config(cfg, seed, &ecfg);
    link->engine = brw_engine_new(&ecfg, on_engine_effect, link);

    MsNameTableConfig tcfg;
    ms_name_table_config_init(&tcfg);
    tcfg.addresses[0] = iface->ip;
    tcfg.n_addresses = 1;
    g_strlcpy(tcfg.node_name, cfg->netbios_name, sizeof tcfg.node_name);
    tcfg.seed = seed ^ 0x9E3779B97F4A7C15u;
    tcfg.cache_size = cfg->security.max_cached_names;
    /* WINS client mode (H-node); never towards ourselves (the config check sees only
     * interfaces given as addresses). */
    if (cfg->wins_server != iface->ip)
        tcfg.wins_server = cfg->wins_server;
    link->table = ms_name_table_new(&tcfg, on_table_effect, link);
    MsReasmLimits limits = {.max_pending = cfg->security.max_fragments}; /* 0s: defaults */
    link->reasm = ms_reassembler_new(&limits);
    g_assert(link->engine != NULL && link->table != NULL); /* the config was validated */
    return link;
}

void
bd_link_free(BdLink *link)
{
    if (link == NULL)
        return;
    if (link->timer != NULL) {
        g_source_destroy(link->timer);
        g_source_unref(link->timer);
    }
    brw_engine_free(link->engine);
    ms_name_table_free(link->table);
    ms_reassembler_free(link->reasm);
    bd_copies_free(link->copies);
    g_queue_clear_full(&link->pending, g_free);
    g_array_free(link->inbox, TRUE);
    g_free(link->state_path);
    g_free(link);
}

void
bd_link_start(BdLink *link, GMainContext *context)
{
    begin(link);
    BdCopiesConfig ccfg = {
        .local_ip = link->iface.ip,
        .peer_port = link->cfg->ports.session ? link->cfg->ports.session : NETBIOS_SESSION_PORT,
        .our_name = link->cfg->netbios_name,
        .workgroup = link->cfg->workgroup,
        .timeout_ms = SYNC_TIMEOUT_MS,
        .max_entries = SYNC_MAX_ENTRIES,
    };
    link->copies = bd_copies_new(&ccfg, context, on_copy_done, link);
    char ip[16];
    g_message("%s: serving %s (%s)", link->prefix, link->iface.name,
              ms_ipv4_to_string(link->iface.ip, ip, sizeof ip));
    load_state(link);
    /* The computer names belong to the link ([MS-BRWS] 2.1.1.2); the engine registers
     * the group and role names itself. */
    MsName n20;
    ms_name_init(&n20, link->cfg->netbios_name, 0x20, "");
    ms_name_table_register(link->table, link->now_us, &link->computer_name, FALSE);
    ms_name_table_register(link->table, link->now_us, &n20, FALSE);
    brw_engine_start(link->engine, link->now_us);
    link->started_us = link->now_us;
    link->timer = g_source_new(&timer_funcs, sizeof(GSource));
    g_source_set_callback(link->timer, on_timer, link, NULL);
    g_source_set_name(link->timer, "browserd link deadline");
    g_source_attach(link->timer, context);
    end(link);
}

void
bd_link_stop(BdLink *link)
{
    begin(link);
    /* [MS-BRWS] 3.3.7: the browser and the server go away together. */
    brw_engine_stop(link->engine, link->now_us, TRUE);
    drain_inbox(link);
    ms_name_table_release_all(link->table, link->now_us);
    save_state(link);
    end(link);
}

gboolean
bd_link_accepts(const BdLink *link, gint ifindex, guint32 src_ip)
{
    if (ifindex != 0 && ifindex != link->iface.index)
        return FALSE;
    /* The WINS server may sit behind a router; its answers are this link's. */
    if (link->cfg->wins_server != 0 && src_ip == link->cfg->wins_server)
        return TRUE;
    /* B-node peers share our subnet; two links on one interface split by it. */
    return (src_ip & link->iface.netmask) == (link->iface.ip & link->iface.netmask);
}

void
bd_link_handle_name_packet(BdLink *link, const MsUdpPacket *packet)
{
    begin(link);
    ms_name_table_handle_packet(link->table, link->now_us, packet->data, packet->len,
                                packet->src_ip, packet->src_port);
    end(link);
}

void
bd_link_handle_datagram_packet(BdLink *link, const MsUdpPacket *packet)
{
    if (packet->src_ip == link->iface.ip)
        return; /* our own broadcast, looped back */
    begin(link);
    MsDgram dgram, whole;
    if (ms_dgram_decode(packet->data, packet->len, &dgram) == MS_OK &&
        ms_dgram_type_carries_data(dgram.type) &&
        ms_reassembler_push(link->reasm, &dgram, link->now_us, &whole) == MS_REASM_COMPLETE)
        brw_engine_handle_datagram(link->engine, link->now_us, &whole, packet->src_ip,
                                   packet->src_port);
    end(link);
}

const MsInterface *
bd_link_interface(const BdLink *link)
{
    return &link->iface;
}

const char *
bd_link_workgroup(const BdLink *link)
{
    return link->cfg->workgroup;
}

BrwEngine *
bd_link_engine(BdLink *link)
{
    return link->engine;
}

const MsNameTable *
bd_link_name_table(const BdLink *link)
{
    return link->table;
}

const MsReasmCounters *
bd_link_reasm_counters(const BdLink *link)
{
    return ms_reassembler_counters(link->reasm);
}

gint64
bd_link_started_us(const BdLink *link)
{
    return link->started_us;
}

guint64
bd_link_unresolved_drops(const BdLink *link)
{
    return link->unresolved_drops;
}

const BdSyncRecord *
bd_link_syncs(const BdLink *link, guint *n)
{
    if (link->copies == NULL) {
        *n = 0;
        return NULL;
    }
    return bd_copies_records(link->copies, n);
}

void
bd_link_force_election(BdLink *link)
{
    begin(link);
    brw_engine_force_election(link->engine, link->now_us);
    end(link);
}

gboolean
bd_link_request_announcements(BdLink *link)
{
    begin(link);
    gboolean sent = brw_engine_request_announcements(link->engine, link->now_us);
    end(link);
    return sent;
}

void
bd_link_set_event_func(BdLink *link, BdLinkEventFunc func, gpointer user_data)
{
    link->event_func = func;
    link->event_data = user_data;
}
