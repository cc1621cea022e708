/* NetServerEnum2 and NetServerEnum3 answered from the browse lists ([MS-RAP] 3.2.5.12,
 * 3.2.5.15; [MS-BRWS] 3.3.5.6; brws.md §11): which list, which entries, in which order. */
#include "brw-rap-private.h"

#include <browse-proto/brw-server-type.h>
#include <string.h>

/* What the records are made of. */
typedef struct {
    GPtrArray *entries;   /* const BrwListEntry *, sorted by name, no duplicates */
    guint32 type_set;     /* bits every returned type carries (DOMAIN_ENUM for groups) */
    guint comment_max;
} EnumFill;

static void
fill_entry(guint index, BrwRapValue *v, gpointer user_data)
{
    const EnumFill *f = user_data;
    const BrwListEntry *e = g_ptr_array_index(f->entries, index);
    /* "B16BBDz" ([MS-RAP] 2.5.5.2.2 NetServerInfo1); level 0 is the name alone */
    v[0] = brw_rap_string(e->name, 0);
    v[1].num = e->version_major;
    v[2].num = e->version_minor;
    /* brws.md §11: LOCAL_LIST_ONLY never appears in a returned type (Samba clears it) */
    v[3].num = (e->server_type | f->type_set) & ~BRW_SV_TYPE_LOCAL_LIST_ONLY;
    v[4] = brw_rap_string(e->comment, f->comment_max);
}

gsize
brw_rap_server_info1_bytes(const GPtrArray *entries, guint comment_max)
{
    gsize bytes = 0;
    for (guint i = 0; i < entries->len; i++) {
        const BrwListEntry *e = g_ptr_array_index(entries, i);
        BrwRapValue comment = brw_rap_string(e->comment, comment_max);
        bytes += BRW_RAP_SERVER_INFO1_SIZE + comment.len + 1;
    }
    return bytes;
}

/* Names compare as brw-list sorts them: ASCII upper case, byte by byte (so '_' sorts after
 * 'Z', unlike with g_ascii_strcasecmp()). `b` counts by its first 15 bytes, as
 * brw_list_query() reads a NetServerEnum3 FirstNameToReturn. */
static int
name_cmp(const char *a, const char *b)
{
    char key[BRW_LIST_NAME_MAX + 1];
    g_strlcpy(key, b, sizeof key);
    for (gsize i = 0;; i++) {
        guchar x = (guchar)g_ascii_toupper(a[i]);
        guchar y = (guchar)g_ascii_toupper(key[i]);
        if (x != y || x == '\0')
            return (int)x - (int)y;
    }
}

/* Adds our own entry where the sorted order puts it, unless the list has it (the list's
 * copy is then the truth) or the query would not return it. */
static void
add_own(GPtrArray *out, BrwList *list, BrwListEntry *own, guint32 mask,
        const char *from)
{
    if (list && brw_list_lookup(list, own->name))
        return;
    if (mask != BRW_SV_TYPE_ALL && (own->server_type & mask) == 0)
        return;
    if (from && from[0] && name_cmp(own->name, from) < 0)
        return;
    guint at = 0;
    while (at < out->len &&
           name_cmp(((const BrwListEntry *)g_ptr_array_index(out, at))->name, own->name) < 0)
        at++;
    g_ptr_array_insert(out, (gint)at, own);
}

/* The Domain parameter names our group: absent, empty (smbclient sends "" when the session
 * setup gave it no domain, rap.md §0.1) or ours (RAP-042). */
static gboolean
our_domain(const char *domain, const char *workgroup)
{
    return domain == NULL || domain[0] == '\0' || g_ascii_strcasecmp(domain, workgroup) == 0;
}

/* The list a ServerType asks for ([MS-BRWS] 3.3.5.6, brws.md §11): returns the status, 0
 * when *mask, *local_only and *groups say what to return. */
static guint16
read_server_type(guint32 type, guint32 *mask, gboolean *local_only, gboolean *groups)
{
    *groups = FALSE;
    if (type == BRW_SV_TYPE_ALL) {
        /* "the complete list of servers": all bits set does not mean DOMAIN_ENUM or
         * LOCAL_LIST_ONLY (Samba, RAP-045) */
        *mask = BRW_SV_TYPE_ALL;
        *local_only = FALSE;
        return BRW_RAP_SUCCESS;
    }
    *local_only = (type & BRW_SV_TYPE_LOCAL_LIST_ONLY) != 0;
    guint32 rest = type & ~BRW_SV_TYPE_LOCAL_LIST_ONLY;
    if (rest & BRW_SV_TYPE_DOMAIN_ENUM) {
        /* RAP-046: DOMAIN_ENUM with any other bit is refused (Samba differs) */
        if (rest != BRW_SV_TYPE_DOMAIN_ENUM)
            return BRW_RAP_ERROR_INVALID_FUNCTION;
        *groups = TRUE;
        *mask = BRW_SV_TYPE_ALL;
        return BRW_RAP_SUCCESS;
    }
    /* LOCAL_LIST_ONLY alone asks for every local server (Samba, and the LMB -> DMB sync's
     * 0x40000000, BRWS-081); otherwise types sharing a bit with the filter */
    *mask = rest == 0 && *local_only ? BRW_SV_TYPE_ALL : rest;
    return BRW_RAP_SUCCESS;
}

void
brw_rap_answer_server_enum(const BrwRapRequest *req, const BrwRapServer *srv,
                           MsWriter *data, gsize limit, BrwRapReplyParams *rp)
{
    const char *desc = brw_rap_data_desc(req->opcode, req->level);
    if (!desc) {
        rp->status = BRW_RAP_ERROR_INVALID_LEVEL; /* RAP-043 */
        return;
    }
    /* [MS-BRWS] 3.3.5.6, BRWS-076: only backups and masters hold a list to give */
    if (srv->role != BRW_ROLE_BACKUP && srv->role != BRW_ROLE_MASTER) {
        rp->status = BRW_RAP_ERROR_REQ_NOT_ACCEP;
        return;
    }
    guint32 mask;
    gboolean local_only, groups;
    rp->status = read_server_type(req->server_type, &mask, &local_only, &groups);
    if (rp->status != BRW_RAP_SUCCESS)
        return;
    /* Another group's servers are that group's browsers' to give; relaying needs a
     * connection, which is not the core's, so refuse as an unreachable relay (BRWS-087).
     * The machine-group list is the same whoever asks, so a domain does not matter there
     * (Samba ignores it too). */
    if (!groups && !our_domain(req->domain, srv->workgroup)) {
        rp->status = BRW_RAP_NERR_DEV_NOT_REDIRECTED;
        return;
    }

    /* Our own entry is always in the list we serve (brws.md §11: a master's is, Samba's
     * too), and so is our group, with its master's name as comment (RAP-044). */
    BrwListEntry own = {.source = BRW_SOURCE_LOCAL};
    BrwList *list;
    if (groups) {
        list = srv->domains;
        g_strlcpy(own.name, srv->workgroup, sizeof own.name);
        own.server_type = BRW_SV_TYPE_DOMAIN_ENUM | BRW_SV_TYPE_NT; /* Samba's 0x80001000 */
        g_strlcpy(own.comment, srv->master, sizeof own.comment);
    } else {
        list = srv->servers;
        g_strlcpy(own.name, srv->netbios_name, sizeof own.name);
        own.server_type = brw_server_type_sanitize_announced(srv->server_type);
        g_strlcpy(own.comment, srv->comment, sizeof own.comment);
    }
    own.version_major = srv->version_major;
    own.version_minor = srv->version_minor;

    /* sorted by name, one entry per name (RAP-048); NetServerEnum3 starts at the first name
     * >= FirstNameToReturn, inclusive ([MS-RAP] fn 88, RAP-052) */
    const char *from = req->opcode == BRW_RAP_NET_SERVER_ENUM3 ? req->first_name : NULL;
    g_autoptr(GPtrArray) entries =
        list ? brw_list_query(list, mask, local_only, from) : g_ptr_array_new();
    add_own(entries, list, &own, mask, from);

    EnumFill fill = {entries, groups ? BRW_SV_TYPE_DOMAIN_ENUM : 0, srv->comment_max};
    guint available = MIN(entries->len, (guint)G_MAXUINT16);
    guint packed =
        brw_rap_records_pack(data, limit, srv->converter, desc, available, fill_entry, &fill);
    rp->count = (guint16)packed;
    rp->available = (guint16)available;
    rp->status = brw_rap_enum_status(packed, available);
}
