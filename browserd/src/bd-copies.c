/* A link's list copies (bd-copies.h): one slot per peer, its record beside it. */
#include "bd-copies.h"

#include <libmailslot/ms-udp.h>

typedef struct {
    BdCopies *owner;
    gboolean domain;
    BdListFetch *fetch; /* running, or NULL */
} Slot;

struct BdCopies {
    BdCopiesConfig cfg;
    GMainContext *context;
    BdCopyDone done;
    gpointer user_data;
    GPtrArray *slots; /* Slot*, index for index with... */
    GArray *records;  /* ...BdSyncRecord, what bd_copies_records() hands out */
};

BdCopies *
bd_copies_new(const BdCopiesConfig *cfg, GMainContext *context, BdCopyDone done, gpointer user_data)
{
    BdCopies *c = g_new0(BdCopies, 1);
    c->cfg = *cfg;
    c->context = context;
    c->done = done;
    c->user_data = user_data;
    c->slots = g_ptr_array_new();
    c->records = g_array_new(FALSE, TRUE, sizeof(BdSyncRecord));
    return c;
}

static void
slot_free(Slot *s)
{
    bd_list_fetch_cancel(s->fetch);
    g_free(s);
}

void
bd_copies_free(BdCopies *c)
{
    if (c == NULL)
        return;
    for (guint i = 0; i < c->slots->len; i++)
        slot_free(g_ptr_array_index(c->slots, i));
    g_ptr_array_unref(c->slots);
    g_array_unref(c->records);
    g_free(c);
}

static BdSyncRecord *
record_at(BdCopies *c, guint i)
{
    return &g_array_index(c->records, BdSyncRecord, i);
}

/* The slot of a peer: the backup's one, or a domain copy's by address. -1 when none. */
static gint
find(const BdCopies *c, gboolean domain, guint32 ip)
{
    for (guint i = 0; i < c->slots->len; i++) {
        const Slot *s = g_ptr_array_index(c->slots, i);
        if (s->domain == domain &&
            (!domain || g_array_index(c->records, BdSyncRecord, i).peer_ip == ip))
            return (gint)i;
    }
    return -1;
}

/* A slot for the peer, made when new; when all are taken the oldest idle one goes (a
 * domain master hears from any number of LMBs; the status shows the latest 32). */
static guint
slot_for(BdCopies *c, gboolean domain, guint32 ip)
{
    gint i = find(c, domain, ip);
    if (i >= 0)
        return (guint)i;
    if (c->slots->len >= BD_COPIES_MAX) {
        for (guint k = 0; k < c->slots->len; k++) {
            Slot *s = g_ptr_array_index(c->slots, k);
            if (s->fetch == NULL) {
                slot_free(s);
                g_ptr_array_remove_index(c->slots, k);
                g_array_remove_index(c->records, k);
                break;
            }
        }
        if (c->slots->len >= BD_COPIES_MAX) /* all running: replace the first */
            return 0;
    }
    Slot *s = g_new0(Slot, 1);
    s->owner = c;
    s->domain = domain;
    g_ptr_array_add(c->slots, s);
    BdSyncRecord r = {.peer_ip = ip};
    g_array_append_val(c->records, r);
    return c->slots->len - 1;
}

static void
on_fetch_done(const BdListFetchResult *result, gpointer user_data)
{
    Slot *s = user_data;
    BdCopies *c = s->owner;
    s->fetch = NULL;
    guint i;
    if (!g_ptr_array_find(c->slots, s, &i))
        return;
    BdSyncRecord *r = record_at(c, i);
    r->at_us = g_get_monotonic_time();
    r->ok = result->ok;
    r->servers = result->n_servers;
    r->domains = result->n_domains;
    r->elapsed_us = result->elapsed_us;
    g_strlcpy(r->error, result->ok ? "" : result->error, sizeof r->error);
    c->done(s->domain, r->peer_ip, result, c->user_data);
}

void
bd_copies_start(BdCopies *c, gboolean domain, guint32 ip, const char *peer, guint32 server_type,
                guint32 domain_type)
{
    guint i = slot_for(c, domain, ip);
    Slot *s = g_ptr_array_index(c->slots, i);
    bd_list_fetch_cancel(s->fetch);
    s->fetch = NULL;
    BdSyncRecord *r = record_at(c, i);
    *r = (BdSyncRecord){.peer_ip = ip};
    char text[16];
    gboolean named = peer != NULL && peer[0] != '\0';
    g_strlcpy(r->peer, named ? peer : ms_ipv4_to_string(ip, text, sizeof text), sizeof r->peer);
    BdListFetchRequest req = {
        .local_ip = c->cfg.local_ip,
        .peer_ip = ip,
        .peer_port = c->cfg.peer_port,
        .peer_name = named ? peer : NULL,
        .our_name = c->cfg.our_name,
        .workgroup = c->cfg.workgroup,
        .timeout_ms = c->cfg.timeout_ms,
        .server_type = server_type,
        .domain_type = domain_type,
        .max_entries = c->cfg.max_entries,
    };
    s->fetch = bd_list_fetch_start(&req, c->context, on_fetch_done, s);
}

void
bd_copies_record_backup_failure(BdCopies *c, const char *peer, const char *why)
{
    guint i = slot_for(c, FALSE, 0);
    Slot *s = g_ptr_array_index(c->slots, i);
    bd_list_fetch_cancel(s->fetch);
    s->fetch = NULL;
    BdSyncRecord *r = record_at(c, i);
    *r = (BdSyncRecord){.at_us = g_get_monotonic_time()};
    g_strlcpy(r->peer, peer, sizeof r->peer);
    g_strlcpy(r->error, why, sizeof r->error);
}

void
bd_copies_cancel_backup(BdCopies *c)
{
    gint i = find(c, FALSE, 0);
    if (i < 0)
        return;
    Slot *s = g_ptr_array_index(c->slots, (guint)i);
    bd_list_fetch_cancel(s->fetch);
    s->fetch = NULL;
}

const BdSyncRecord *
bd_copies_records(const BdCopies *c, guint *n)
{
    *n = c->records->len;
    return (const BdSyncRecord *)(const void *)c->records->data;
}
