/* What every browser frame shares: construction, dispatch by mailslot and layout, equality
 * and names. The layouts themselves live in brw-frame-browse.c and brw-frame-lanman.c. */
#include <browse-proto/brw-frame.h>

#include <string.h>

void
brw_frame_init(BrwFrame *f, BrwFrameKind kind)
{
    memset(f, 0, sizeof *f);
    f->kind = kind;
    f->layout = BRW_LAYOUT_BROWSE;
    switch (kind) {
    case BRW_FRAME_HOST_ANNOUNCEMENT:
    case BRW_FRAME_LOCAL_MASTER_ANNOUNCEMENT:
        /* [MS-BRWS] 2.2.1; for 2.2.10 the footnote says 0x01 0x0F but the spec's own capture
         * and Samba send 0x0F 0x01 (brws.md §4.1). */
        f->announcement.version_major = BRW_BROWSER_VERSION_MAJOR;
        f->announcement.version_minor = BRW_BROWSER_VERSION_MINOR;
        f->announcement.signature = BRW_SIGNATURE;
        break;
    case BRW_FRAME_DOMAIN_ANNOUNCEMENT:
        /* [MS-BRWS] 2.2.7: SHOULD 0x0F, 0x01, 0xAA55 (BRWS-011). */
        f->domain.version_major = BRW_BROWSER_VERSION_MAJOR;
        f->domain.version_minor = BRW_BROWSER_VERSION_MINOR;
        f->domain.signature = BRW_SIGNATURE;
        break;
    case BRW_FRAME_REQUEST_ELECTION:
        f->election.version = BRW_ELECTION_VERSION;
        break;
    case BRW_FRAME_ANNOUNCEMENT_REQUEST:
    case BRW_FRAME_GET_BACKUP_LIST_REQUEST:
    case BRW_FRAME_GET_BACKUP_LIST_RESPONSE:
    case BRW_FRAME_BECOME_BACKUP:
    case BRW_FRAME_MASTER_ANNOUNCEMENT:
    case BRW_FRAME_RESET_STATE_REQUEST:
        break;
    }
}

MsStatus
brw_frame_decode_mailslot(const MsMailslotWrite *m, BrwFrame *out)
{
    /* [MS-MAIL] 2.2.1 / mailslot.md §5: the mailslot decides the layout (MAIL-011), and the
     * names compare case-insensitively. Netlogon and the rest are not ours. */
    if (ms_mailslot_name_is(m, MS_MAILSLOT_BROWSE))
        return brw_frame_decode_browse(m->data, m->data_len, out);
    if (ms_mailslot_name_is(m, MS_MAILSLOT_LANMAN))
        return brw_frame_decode_lanman(m->data, m->data_len, out);
    return MS_ERR_UNSUPPORTED;
}

MsStatus
brw_frame_encode(const BrwFrame *f, MsWriter *w)
{
    switch (f->layout) {
    case BRW_LAYOUT_BROWSE:
        return brw_frame_encode_browse(f, w);
    case BRW_LAYOUT_LANMAN:
        return brw_frame_encode_lanman(f, w);
    }
    return MS_ERR_INVALID_ARG;
}

const char *
brw_frame_mailslot(const BrwFrame *f)
{
    return f->layout == BRW_LAYOUT_LANMAN ? MS_MAILSLOT_LANMAN : MS_MAILSLOT_BROWSE;
}

gboolean
brw_frame_kind_is_valid(guint8 opcode)
{
    return opcode == 0x01 || opcode == 0x02 || (opcode >= 0x08 && opcode <= 0x0F);
}

gboolean
brw_frame_layout_has_kind(BrwLayout layout, guint8 opcode)
{
    if (layout == BRW_LAYOUT_BROWSE)
        return brw_frame_kind_is_valid(opcode);
    /* Samba handles 0x01 and 0x02 on LANMAN; Wireshark also decodes 0x0C and 0x0F so. */
    return opcode == BRW_FRAME_HOST_ANNOUNCEMENT || opcode == BRW_FRAME_ANNOUNCEMENT_REQUEST ||
           opcode == BRW_FRAME_DOMAIN_ANNOUNCEMENT || opcode == BRW_FRAME_LOCAL_MASTER_ANNOUNCEMENT;
}

static gboolean
str_eq(const char *a, const char *b, gsize size)
{
    return strncmp(a, b, size) == 0;
}

static gboolean
announcement_equal(const BrwAnnouncement *a, const BrwAnnouncement *b, gboolean lanman)
{
    if (a->update_count != b->update_count || a->periodicity_ms != b->periodicity_ms ||
        !str_eq(a->server_name, b->server_name, BRW_NAME_SIZE) || a->os_major != b->os_major ||
        a->os_minor != b->os_minor || a->server_type != b->server_type ||
        !str_eq(a->comment, b->comment, BRW_COMMENT_SIZE))
        return FALSE;
    /* The LM layout has no version or signature bytes. */
    return lanman || (a->version_major == b->version_major &&
                      a->version_minor == b->version_minor && a->signature == b->signature);
}

static gboolean
domain_equal(const BrwDomainAnnouncement *a, const BrwDomainAnnouncement *b, gboolean lanman)
{
    if (a->update_count != b->update_count || a->periodicity_ms != b->periodicity_ms ||
        !str_eq(a->machine_group, b->machine_group, BRW_NAME_SIZE) ||
        a->config_version_major != b->config_version_major ||
        a->config_version_minor != b->config_version_minor || a->server_type != b->server_type ||
        !str_eq(a->master_name, b->master_name, BRW_NAME_SIZE))
        return FALSE;
    return lanman || (a->version_major == b->version_major &&
                      a->version_minor == b->version_minor && a->signature == b->signature);
}

static gboolean
kind_fields_equal(const BrwFrame *a, const BrwFrame *b)
{
    gboolean lanman = a->layout == BRW_LAYOUT_LANMAN;
    switch (a->kind) {
    case BRW_FRAME_HOST_ANNOUNCEMENT:
    case BRW_FRAME_LOCAL_MASTER_ANNOUNCEMENT:
        return announcement_equal(&a->announcement, &b->announcement, lanman);
    case BRW_FRAME_ANNOUNCEMENT_REQUEST:
        return a->request.reserved == b->request.reserved &&
               (lanman ||
                str_eq(a->request.response_name, b->request.response_name, BRW_NAME_SIZE));
    case BRW_FRAME_REQUEST_ELECTION:
        return a->election.version == b->election.version &&
               a->election.criteria == b->election.criteria &&
               a->election.uptime_ms == b->election.uptime_ms &&
               a->election.reserved == b->election.reserved &&
               str_eq(a->election.server_name, b->election.server_name, BRW_NAME_SIZE);
    case BRW_FRAME_GET_BACKUP_LIST_REQUEST:
        return a->backup_request.requested_count == b->backup_request.requested_count &&
               a->backup_request.token == b->backup_request.token;
    case BRW_FRAME_GET_BACKUP_LIST_RESPONSE:
        if (a->backup_response.count != b->backup_response.count ||
            a->backup_response.token != b->backup_response.token)
            return FALSE;
        for (guint i = 0; i < a->backup_response.count && i < BRW_BACKUP_LIST_MAX; i++)
            if (!str_eq(a->backup_response.names[i], b->backup_response.names[i], BRW_NAME_SIZE))
                return FALSE;
        return TRUE;
    case BRW_FRAME_BECOME_BACKUP:
        return str_eq(a->become_backup.browser_to_promote, b->become_backup.browser_to_promote,
                      BRW_NAME_SIZE);
    case BRW_FRAME_DOMAIN_ANNOUNCEMENT:
        return domain_equal(&a->domain, &b->domain, lanman);
    case BRW_FRAME_MASTER_ANNOUNCEMENT:
        return str_eq(a->master.master_name, b->master.master_name, BRW_NAME_SIZE);
    case BRW_FRAME_RESET_STATE_REQUEST:
        return a->reset.flags == b->reset.flags;
    }
    return FALSE;
}

gboolean
brw_frame_equal(const BrwFrame *a, const BrwFrame *b)
{
    if (a->kind != b->kind || a->layout != b->layout || a->extra_len != b->extra_len ||
        a->extra_len > BRW_EXTRA_MAX || memcmp(a->extra, b->extra, a->extra_len) != 0)
        return FALSE;
    return kind_fields_equal(a, b);
}

const char *
brw_frame_kind_to_string(BrwFrameKind kind)
{
    switch (kind) {
    case BRW_FRAME_HOST_ANNOUNCEMENT:
        return "host-announcement";
    case BRW_FRAME_ANNOUNCEMENT_REQUEST:
        return "announcement-request";
    case BRW_FRAME_REQUEST_ELECTION:
        return "request-election";
    case BRW_FRAME_GET_BACKUP_LIST_REQUEST:
        return "get-backup-list-request";
    case BRW_FRAME_GET_BACKUP_LIST_RESPONSE:
        return "get-backup-list-response";
    case BRW_FRAME_BECOME_BACKUP:
        return "become-backup";
    case BRW_FRAME_DOMAIN_ANNOUNCEMENT:
        return "domain-announcement";
    case BRW_FRAME_MASTER_ANNOUNCEMENT:
        return "master-announcement";
    case BRW_FRAME_RESET_STATE_REQUEST:
        return "reset-state-request";
    case BRW_FRAME_LOCAL_MASTER_ANNOUNCEMENT:
        return "local-master-announcement";
    }
    return "unknown";
}

const char *
brw_frame_layout_to_string(BrwLayout layout)
{
    switch (layout) {
    case BRW_LAYOUT_BROWSE:
        return "browse";
    case BRW_LAYOUT_LANMAN:
        return "lanman";
    }
    return "unknown";
}
