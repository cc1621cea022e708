/* The name table's life cycle, effects, transaction ids, timers and accessors. The protocol
 * steps live in ms-name-table-register.c, -defend.c, -answer.c and -resolve.c; packets
 * enter through ms-name-table-intake.c. */
#include "ms-name-table-private.h"

#include <string.h>

void
ms_name_table_config_init(MsNameTableConfig *cfg)
{
    g_return_if_fail(cfg != NULL);
    memset(cfg, 0, sizeof *cfg);
    cfg->max_names = 64;
    cfg->max_queries = 16;
    cfg->cache_size = 64;
    cfg->cache_ttl_s = 300;
    cfg->answer_ttl_s = MS_NBNS_DEFAULT_TTL;
    /* RFC 1002 §6: BCAST_REQ_RETRY_TIMEOUT 250 ms, BCAST_REQ_RETRY_COUNT 3,
     * CONFLICT_TIMER 1 s. Releases are sent once, as Samba and illumos do: nobody answers
     * them, and at shutdown there is no time for retries. */
    cfg->timing.retry_interval_ms = 250;
    cfg->timing.retry_count = 3;
    cfg->timing.release_count = 1;
    cfg->timing.conflict_timer_ms = 1000;
    /* Only an NBNS sends WACK; a B-node never needs one, so it may delay us a little. */
    cfg->timing.wack_max_ms = 10000;
    /* RFC 1002 §6: UCAST_REQ_RETRY_TIMEOUT 5 s, UCAST_REQ_RETRY_COUNT 3. */
    cfg->timing.wins_retry_interval_ms = 5000;
    cfg->timing.wins_retry_count = 3;
    cfg->timing.wins_refresh_retry_s = 60;
    cfg->timing.wins_wack_max_ms = 120000;
}

const char *
ms_name_state_to_string(MsNameState state)
{
    switch (state) {
    case MS_NAME_STATE_ABSENT:
        return "absent";
    case MS_NAME_STATE_REGISTERING:
        return "registering";
    case MS_NAME_STATE_HELD:
        return "held";
    case MS_NAME_STATE_CONFLICT:
        return "conflict";
    case MS_NAME_STATE_RELEASING:
        return "releasing";
    }
    return "unknown";
}

const char *
ms_name_table_effect_kind_to_string(MsNameTableEffectKind kind)
{
    switch (kind) {
    case MS_NAME_TABLE_EFFECT_SEND:
        return "send";
    case MS_NAME_TABLE_EFFECT_REGISTERED:
        return "registered";
    case MS_NAME_TABLE_EFFECT_REFUSED:
        return "refused";
    case MS_NAME_TABLE_EFFECT_LOST:
        return "lost";
    case MS_NAME_TABLE_EFFECT_RESOLVED:
        return "resolved";
    case MS_NAME_TABLE_EFFECT_UNRESOLVED:
        return "unresolved";
    }
    return "unknown";
}

const char *
ms_name_table_drop_reason_to_string(MsNameTableDropReason reason)
{
    static const char *const names[MS_NAME_TABLE_DROP_REASON_COUNT] = {
        [MS_NAME_TABLE_DROP_OWN] = "own",
        [MS_NAME_TABLE_DROP_MALFORMED] = "malformed",
        [MS_NAME_TABLE_DROP_INCOMPLETE] = "incomplete",
        [MS_NAME_TABLE_DROP_SCOPE] = "scope",
        [MS_NAME_TABLE_DROP_OPCODE] = "opcode",
        [MS_NAME_TABLE_DROP_UNSOLICITED] = "unsolicited",
        [MS_NAME_TABLE_DROP_IGNORED] = "ignored",
        [MS_NAME_TABLE_DROP_NOT_OURS] = "not-ours",
        [MS_NAME_TABLE_DROP_UNICAST_REQUEST] = "unicast-request",
        [MS_NAME_TABLE_DROP_NOT_WINS] = "not-wins",
    };
    if ((guint)reason >= MS_NAME_TABLE_DROP_REASON_COUNT)
        return "unknown";
    return names[reason];
}

static gboolean
config_is_valid(const MsNameTableConfig *cfg)
{
    if (cfg->n_addresses == 0 || cfg->n_addresses > MS_NAME_TABLE_MAX_ADDRESSES)
        return FALSE;
    if (cfg->scope[sizeof cfg->scope - 1] != '\0' || !ms_scope_is_valid(cfg->scope))
        return FALSE;
    if (cfg->node_name[sizeof cfg->node_name - 1] != '\0')
        return FALSE;
    for (guint i = 0; i < cfg->n_addresses; i++) {
        if (cfg->wins_server != 0 && cfg->addresses[i] == cfg->wins_server)
            return FALSE; /* its answers would be dropped as our own packets */
    }
    if (cfg->wins_server != 0 && cfg->timing.wins_retry_count == 0)
        return FALSE;
    return cfg->max_names <= MS_NAME_TABLE_MAX_NAMES && cfg->timing.retry_count > 0 &&
           cfg->timing.release_count > 0;
}

MsNameTable *
ms_name_table_new(const MsNameTableConfig *cfg, MsNameTableEffectFunc effect, gpointer user_data)
{
    g_return_val_if_fail(cfg != NULL && effect != NULL, NULL);
    if (!config_is_valid(cfg)) {
        g_debug("name table: no address, bad scope, no retries, too many names or a WINS "
                "server among our addresses");
        return NULL;
    }
    MsNameTable *t = g_new0(MsNameTable, 1);
    t->cfg = *cfg;
    t->effect_func = effect;
    t->effect_data = user_data;
    t->effects = g_array_new(FALSE, FALSE, sizeof(MsNameTableEffect));
    t->names = g_array_new(FALSE, FALSE, sizeof(MsNtName));
    t->queries = g_array_new(FALSE, FALSE, sizeof(MsNtQuery));
    t->cache = g_array_new(FALSE, FALSE, sizeof(MsNtCacheEntry));
    /* A random first id (from the seed), then one more per transaction, as Samba does:
     * two nodes started together then do not pick the same ids. */
    guint32 seed[2] = {(guint32)cfg->seed, (guint32)(cfg->seed >> 32)};
    GRand *rand = g_rand_new_with_seed_array(seed, 2);
    t->next_trn_id = (guint16)g_rand_int_range(rand, 0, 0x10000);
    g_rand_free(rand);
    return t;
}

void
ms_name_table_free(MsNameTable *t)
{
    if (t == NULL)
        return;
    g_array_free(t->effects, TRUE);
    g_array_free(t->names, TRUE);
    g_array_free(t->queries, TRUE);
    g_array_free(t->cache, TRUE);
    g_free(t);
}

/* Effects leave at the end of the public call that caused them, so a callback always sees
 * the table in a consistent state (as the browser engine does). */
void
ms_name_table_emit(MsNameTable *t, const MsNameTableEffect *effect)
{
    g_array_append_val(t->effects, *effect);
}

void
ms_name_table_flush(MsNameTable *t)
{
    for (guint i = 0; i < t->effects->len; i++)
        t->effect_func(&g_array_index(t->effects, MsNameTableEffect, i), t->effect_data);
    g_array_set_size(t->effects, 0);
}

void
ms_name_table_send(MsNameTable *t, MsStatus st, const MsName *about, const MsNtDest *to,
                   const MsWriter *w)
{
    if (st != MS_OK || w->overflow) {
        /* Our own names and the echoed ones always fit 576 bytes; this is a bug guard. */
        g_debug("name table: packet not built: %s", ms_status_to_string(st));
        return;
    }
    MsNameTableEffect fx;
    memset(&fx, 0, sizeof fx);
    fx.kind = MS_NAME_TABLE_EFFECT_SEND;
    fx.name = *about;
    fx.send.broadcast = to->broadcast;
    fx.send.ip = to->broadcast ? 0 : to->ip;
    fx.send.port = to->port;
    fx.send.len = w->len;
    memcpy(fx.send.data, w->data, w->len);
    t->counters.sent++;
    ms_name_table_emit(t, &fx);
}

MsNtDest
ms_name_table_broadcast(void)
{
    /* Requests and demands go to the well-known port (RFC 1002 §4.2.1.1 "packet types"). */
    MsNtDest d = {TRUE, 0, MS_NBNS_PORT};
    return d;
}

MsNtDest
ms_name_table_unicast(guint32 ip, guint16 port)
{
    MsNtDest d = {FALSE, ip, port};
    return d;
}

MsNtDest
ms_name_table_request_dest(const MsNameTable *t, gboolean via_wins)
{
    return via_wins ? ms_name_table_unicast(t->cfg.wins_server, MS_NBNS_PORT)
                    : ms_name_table_broadcast();
}

gint64
ms_name_table_retry_pause(const MsNameTable *t, gboolean via_wins)
{
    guint32 ms = via_wins ? t->cfg.timing.wins_retry_interval_ms : t->cfg.timing.retry_interval_ms;
    return (gint64)ms * MS_NT_MS;
}

MsNbAddrEntry
ms_name_table_own_entry(const MsNameTable *t, gboolean group)
{
    /* RFC 1002 §4.2.1.3: G for a group name, ONT 00 for a B-node; an H-node (a WINS server
     * configured) says ONT 11, as Samba does then (nbt.md §4.1). */
    guint16 ont = ms_name_table_has_wins(t) ? MS_NB_ONT_H : MS_NB_ONT_B;
    MsNbAddrEntry e = {(guint16)((group ? MS_NB_FLAG_GROUP : 0) | ont), t->cfg.addresses[0]};
    return e;
}

static gboolean
trn_id_in_use(const MsNameTable *t, guint16 id)
{
    for (guint i = 0; i < t->names->len; i++) {
        const MsNtName *n = &g_array_index(t->names, MsNtName, i);
        if ((n->state == MS_NAME_STATE_REGISTERING || n->state == MS_NAME_STATE_RELEASING ||
             n->via_wins) &&
            n->trn_id == id)
            return TRUE;
    }
    for (guint i = 0; i < t->queries->len; i++) {
        if (g_array_index(t->queries, MsNtQuery, i).trn_id == id)
            return TRUE;
    }
    return FALSE;
}

guint16
ms_name_table_new_trn_id(MsNameTable *t)
{
    /* At most 255 names and a bounded number of queries are outstanding, so a free id is
     * always found within a few steps of 65536. */
    guint16 id;
    do {
        id = t->next_trn_id++;
    } while (trn_id_in_use(t, id));
    return id;
}

MsNtName *
ms_name_table_find(const MsNameTable *t, const MsName *name, guint *index)
{
    for (guint i = 0; i < t->names->len; i++) {
        MsNtName *n = &g_array_index(t->names, MsNtName, i);
        if (ms_name_equal(&n->name, name)) {
            if (index)
                *index = i;
            return n;
        }
    }
    return NULL;
}

gboolean
ms_name_table_is_wildcard(const MsName *name)
{
    /* "*" padded with NULs (RFC 1002 §4.1); spaces are accepted too, as Samba trims both. */
    char base[MS_NAME_LEN];
    return ms_name_base(name, base) == 1 && base[0] == '*' && ms_name_suffix(name) == 0x00;
}

gint64
ms_name_table_wack_delay(const MsNameTable *t, guint32 ttl_s)
{
    gint64 delay = (gint64)ttl_s * MS_NT_SECOND;
    return MIN(delay, (gint64)t->cfg.timing.wack_max_ms * MS_NT_MS);
}

void
ms_name_table_handle_timeout(MsNameTable *t, gint64 now_us)
{
    g_return_if_fail(t != NULL);
    /* Index loops: a step may remove the entry it runs on, never one before it. */
    for (guint i = 0; i < t->names->len;) {
        MsNtName *n = &g_array_index(t->names, MsNtName, i);
        if (n->due > now_us) {
            i++;
        } else if (n->state == MS_NAME_STATE_REGISTERING) {
            ms_name_table_register_on_timer(t, now_us, i);
            i++;
        } else if (n->state == MS_NAME_STATE_RELEASING) {
            if (!ms_name_table_release_on_timer(t, now_us, i))
                i++;
        } else if (n->state == MS_NAME_STATE_HELD && ms_name_table_has_wins(t)) {
            ms_name_table_wins_on_timer(t, now_us, n); /* a refresh */
            i++;
        } else {
            n->due = MS_NT_NEVER;
            i++;
        }
    }
    for (guint i = 0; i < t->queries->len;) {
        guint before = t->queries->len;
        if (g_array_index(t->queries, MsNtQuery, i).due <= now_us)
            ms_name_table_query_on_timer(t, now_us, i);
        if (t->queries->len == before)
            i++;
    }
    ms_name_table_cache_purge(t, now_us);
    ms_name_table_flush(t);
}

gint64
ms_name_table_next_deadline(const MsNameTable *t)
{
    g_return_val_if_fail(t != NULL, MS_NT_NEVER);
    gint64 next = MS_NT_NEVER;
    for (guint i = 0; i < t->names->len; i++)
        next = MIN(next, g_array_index(t->names, MsNtName, i).due);
    for (guint i = 0; i < t->queries->len; i++)
        next = MIN(next, g_array_index(t->queries, MsNtQuery, i).due);
    /* Cache entries expire lazily (every lookup checks the time); they need no wake-up. */
    return next;
}

MsNameState
ms_name_table_state(const MsNameTable *t, const MsName *name, gboolean *group)
{
    g_return_val_if_fail(t != NULL && name != NULL, MS_NAME_STATE_ABSENT);
    const MsNtName *n = ms_name_table_find(t, name, NULL);
    if (n == NULL)
        return MS_NAME_STATE_ABSENT;
    if (group)
        *group = n->group;
    return n->state;
}

gboolean
ms_name_table_is_held(const MsNameTable *t, const MsName *name)
{
    return ms_name_table_state(t, name, NULL) == MS_NAME_STATE_HELD;
}

gboolean
ms_name_table_is_wins_registered(const MsNameTable *t, const MsName *name, guint32 *ttl_s)
{
    g_return_val_if_fail(t != NULL && name != NULL, FALSE);
    const MsNtName *n = ms_name_table_find(t, name, NULL);
    if (n == NULL || n->state != MS_NAME_STATE_HELD || !n->wins_held)
        return FALSE;
    if (ttl_s)
        *ttl_s = n->wins_ttl_s;
    return TRUE;
}

guint
ms_name_table_list(const MsNameTable *t, MsName *names, MsNameState *states, gboolean *groups,
                   guint max)
{
    g_return_val_if_fail(t != NULL, 0);
    guint n = MIN(max, t->names->len);
    for (guint i = 0; i < n; i++) {
        const MsNtName *e = &g_array_index(t->names, MsNtName, i);
        if (names)
            names[i] = e->name;
        if (states)
            states[i] = e->state;
        if (groups)
            groups[i] = e->group;
    }
    return n;
}

const MsNameTableConfig *
ms_name_table_config(const MsNameTable *t)
{
    g_return_val_if_fail(t != NULL, NULL);
    return &t->cfg;
}

const MsNameTableCounters *
ms_name_table_counters(const MsNameTable *t)
{
    g_return_val_if_fail(t != NULL, NULL);
    return &t->counters;
}
