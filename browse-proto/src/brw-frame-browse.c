/* The NT browser frames on \MAILSLOT\BROWSE: [MS-BRWS] 2.2.1-2.2.10, brws.md §4.1-§4.9.
 * Every multi-byte field is little-endian ([MS-BRWS] 2.2); frames are packed. */
#include <browse-proto/brw-frame.h>

#include <string.h>

#include "brw-frame-private.h"
#include "brw-wire.h"

/* Opcode .. Signature of the announcement layout (HostAnnouncement, LocalMasterAnnouncement,
 * DomainAnnouncement): 32 bytes before the trailing string ([MS-BRWS] 2.2.1). */
#define ANNOUNCEMENT_FIXED_LEN 32
/* RequestElection: opcode, Version, Criteria, Uptime, Unused, then ServerName (2.2.3). */
#define ELECTION_FIXED_LEN 14
/* GetBackupListRequest and the head of GetBackupListResponse (2.2.4, 2.2.5). */
#define BACKUP_FIXED_LEN 6

/* The fixed part after the opcode. For DomainAnnouncement the same bytes are MachineGroup
 * and BrowserConfigVersion (2.2.7); the caller maps them. Nothing is validated: the version
 * and signature bytes MUST NOT be checked (BRWS-004), and Windows leaves them uninitialised
 * in DomainAnnouncement (BRWS-012). */
static gboolean
get_announcement_fixed(MsReader *r, BrwAnnouncement *a)
{
    if (ms_reader_remaining(r) < ANNOUNCEMENT_FIXED_LEN - 1)
        return FALSE;
    ms_reader_get_u8(r, &a->update_count);
    ms_reader_get_le32(r, &a->periodicity_ms);
    brw_wire_get_name16(r, a->server_name);
    ms_reader_get_u8(r, &a->os_major);
    ms_reader_get_u8(r, &a->os_minor);
    ms_reader_get_le32(r, &a->server_type);
    ms_reader_get_u8(r, &a->version_major);
    ms_reader_get_u8(r, &a->version_minor);
    ms_reader_get_le16(r, &a->signature);
    return TRUE;
}

static void
put_announcement_fixed(MsWriter *w, guint8 opcode, const BrwAnnouncement *a)
{
    ms_writer_put_u8(w, opcode);
    ms_writer_put_u8(w, a->update_count);
    ms_writer_put_le32(w, a->periodicity_ms);
    brw_wire_put_name16(w, a->server_name);
    ms_writer_put_u8(w, a->os_major);
    ms_writer_put_u8(w, a->os_minor);
    ms_writer_put_le32(w, a->server_type);
    ms_writer_put_u8(w, a->version_major);
    ms_writer_put_u8(w, a->version_minor);
    /* [MS-BRWS] 2.2.1: 0xAA55, i.e. the bytes 55 AA. */
    ms_writer_put_le16(w, a->signature);
}

static MsStatus
decode_announcement(MsReader *r, BrwAnnouncement *a)
{
    if (!get_announcement_fixed(r, a))
        return MS_ERR_TRUNCATED;
    /* Windows sends a lone NUL; a frame that stops right after the signature has an empty
     * comment rather than none at all. */
    brw_wire_get_string(r, a->comment, sizeof a->comment, FALSE);
    return MS_OK;
}

static MsStatus
decode_domain_announcement(MsReader *r, BrwDomainAnnouncement *d)
{
    BrwAnnouncement a;
    if (!get_announcement_fixed(r, &a))
        return MS_ERR_TRUNCATED;
    brw_domain_from_announcement(d, &a);
    brw_wire_get_string(r, d->master_name, sizeof d->master_name, FALSE);
    return MS_OK;
}

static MsStatus
decode_announcement_request(MsReader *r, BrwAnnouncementRequest *q)
{
    if (!ms_reader_get_u8(r, &q->reserved))
        return MS_ERR_TRUNCATED;
    /* [MS-BRWS] 2.2.2: receivers ignore ResponseName, so it may be missing or empty (Samba
     * sends an empty one followed by its name without a NUL; those bytes land in `extra`). */
    brw_wire_get_string(r, q->response_name, sizeof q->response_name, FALSE);
    return MS_OK;
}

static MsStatus
decode_election(MsReader *r, BrwRequestElection *e)
{
    if (ms_reader_remaining(r) < ELECTION_FIXED_LEN - 1)
        return MS_ERR_TRUNCATED;
    ms_reader_get_u8(r, &e->version);
    ms_reader_get_le32(r, &e->criteria);
    ms_reader_get_le32(r, &e->uptime_ms);
    ms_reader_get_le32(r, &e->reserved);
    /* The name decides exact ties (brws.md §6.2), so it must be there. */
    if (!brw_wire_get_string(r, e->server_name, sizeof e->server_name, TRUE))
        return MS_ERR_TRUNCATED;
    return MS_OK;
}

static MsStatus
decode_backup_request(MsReader *r, BrwBackupListRequest *q)
{
    if (ms_reader_remaining(r) < BACKUP_FIXED_LEN - 1)
        return MS_ERR_TRUNCATED;
    ms_reader_get_u8(r, &q->requested_count);
    ms_reader_get_le32(r, &q->token);
    return MS_OK;
}

static MsStatus
decode_backup_response(MsReader *r, BrwBackupListResponse *p)
{
    if (ms_reader_remaining(r) < BACKUP_FIXED_LEN - 1)
        return MS_ERR_TRUNCATED;
    ms_reader_get_u8(r, &p->count);
    ms_reader_get_le32(r, &p->token);
    if (p->count > BRW_BACKUP_LIST_MAX)
        return MS_ERR_UNSUPPORTED;
    /* [MS-BRWS] 2.2.5: BackupServerCount names follow; a frame that holds fewer is cut short.
     * The last one may lack its NUL (BRWS-018). */
    for (guint i = 0; i < p->count; i++)
        if (!brw_wire_get_string(r, p->names[i], BRW_NAME_SIZE, TRUE))
            return MS_ERR_TRUNCATED;
    return MS_OK;
}

static MsStatus
decode_name(MsReader *r, char out[BRW_NAME_SIZE])
{
    /* BecomeBackup 2.2.6 and MasterAnnouncement 2.2.8: the name is the whole point. */
    return brw_wire_get_string(r, out, BRW_NAME_SIZE, TRUE) ? MS_OK : MS_ERR_TRUNCATED;
}

MsStatus
brw_frame_decode_browse(const guint8 *data, gsize len, BrwFrame *out)
{
    MsReader r = ms_reader_init(data, len);
    guint8 opcode;

    memset(out, 0, sizeof *out);
    if (!ms_reader_get_u8(&r, &opcode))
        return MS_ERR_TRUNCATED;
    /* [MS-BRWS] 3.3.5: anything that is not one of the ten frames is ignored (BRWS-017);
     * there are no opcodes 0x03-0x07 nor 0x10 and above. */
    if (!brw_frame_kind_is_valid(opcode))
        return MS_ERR_UNSUPPORTED;
    out->kind = (BrwFrameKind)opcode;
    out->layout = BRW_LAYOUT_BROWSE;

    MsStatus st = MS_ERR_UNSUPPORTED;
    switch (out->kind) {
    case BRW_FRAME_HOST_ANNOUNCEMENT:
    case BRW_FRAME_LOCAL_MASTER_ANNOUNCEMENT:
        st = decode_announcement(&r, &out->announcement);
        break;
    case BRW_FRAME_ANNOUNCEMENT_REQUEST:
        st = decode_announcement_request(&r, &out->request);
        break;
    case BRW_FRAME_REQUEST_ELECTION:
        st = decode_election(&r, &out->election);
        break;
    case BRW_FRAME_GET_BACKUP_LIST_REQUEST:
        st = decode_backup_request(&r, &out->backup_request);
        break;
    case BRW_FRAME_GET_BACKUP_LIST_RESPONSE:
        st = decode_backup_response(&r, &out->backup_response);
        break;
    case BRW_FRAME_BECOME_BACKUP:
        st = decode_name(&r, out->become_backup.browser_to_promote);
        break;
    case BRW_FRAME_DOMAIN_ANNOUNCEMENT:
        st = decode_domain_announcement(&r, &out->domain);
        break;
    case BRW_FRAME_MASTER_ANNOUNCEMENT:
        st = decode_name(&r, out->master.master_name);
        break;
    case BRW_FRAME_RESET_STATE_REQUEST:
        /* [MS-BRWS] 2.2.9: two bytes; every Type bit is kept, unknown ones too (BRWS-014). */
        st = ms_reader_get_u8(&r, &out->reset.flags) ? MS_OK : MS_ERR_TRUNCATED;
        break;
    }
    if (st != MS_OK)
        return st;
    brw_wire_get_extra(&r, out);
    return MS_OK;
}

/* Everything that could make the encoder fail other than space, checked before writing. */
static MsStatus
check_browse(const BrwFrame *f)
{
    if (f->extra_len > BRW_EXTRA_MAX)
        return MS_ERR_INVALID_ARG;
    switch (f->kind) {
    case BRW_FRAME_HOST_ANNOUNCEMENT:
    case BRW_FRAME_LOCAL_MASTER_ANNOUNCEMENT:
        return brw_wire_name_ok(f->announcement.server_name) ? MS_OK : MS_ERR_INVALID_ARG;
    case BRW_FRAME_ANNOUNCEMENT_REQUEST:
        return brw_wire_name_ok(f->request.response_name) ? MS_OK : MS_ERR_INVALID_ARG;
    case BRW_FRAME_REQUEST_ELECTION:
        return brw_wire_name_ok(f->election.server_name) ? MS_OK : MS_ERR_INVALID_ARG;
    case BRW_FRAME_GET_BACKUP_LIST_REQUEST:
    case BRW_FRAME_RESET_STATE_REQUEST:
        return MS_OK;
    case BRW_FRAME_GET_BACKUP_LIST_RESPONSE:
        if (f->backup_response.count > BRW_BACKUP_LIST_MAX)
            return MS_ERR_INVALID_ARG;
        for (guint i = 0; i < f->backup_response.count; i++)
            if (!brw_wire_name_ok(f->backup_response.names[i]))
                return MS_ERR_INVALID_ARG;
        return MS_OK;
    case BRW_FRAME_BECOME_BACKUP:
        return brw_wire_name_ok(f->become_backup.browser_to_promote) ? MS_OK : MS_ERR_INVALID_ARG;
    case BRW_FRAME_DOMAIN_ANNOUNCEMENT:
        return brw_wire_name_ok(f->domain.machine_group) && brw_wire_name_ok(f->domain.master_name)
                   ? MS_OK
                   : MS_ERR_INVALID_ARG;
    case BRW_FRAME_MASTER_ANNOUNCEMENT:
        return brw_wire_name_ok(f->master.master_name) ? MS_OK : MS_ERR_INVALID_ARG;
    }
    return MS_ERR_INVALID_ARG;
}

static void
put_name_string(MsWriter *w, const char *name)
{
    brw_wire_put_string(w, name, strlen(name));
}

MsStatus
brw_frame_encode_browse(const BrwFrame *f, MsWriter *w)
{
    MsStatus st = check_browse(f);
    if (st != MS_OK)
        return st;

    switch (f->kind) {
    case BRW_FRAME_HOST_ANNOUNCEMENT:
    case BRW_FRAME_LOCAL_MASTER_ANNOUNCEMENT: {
        /* 2.2.1 / 2.2.10: the same layout; LocalMasterAnnouncement calls bytes 28/29
         * BrowserConfigVersion, still sent 0x0F 0x01 (brws.md §4.1). */
        const BrwAnnouncement *a = &f->announcement;
        put_announcement_fixed(w, (guint8)f->kind, a);
        brw_wire_put_string(w, a->comment, brw_wire_comment_len(a->comment));
        break;
    }
    case BRW_FRAME_ANNOUNCEMENT_REQUEST:
        ms_writer_put_u8(w, BRW_FRAME_ANNOUNCEMENT_REQUEST);
        ms_writer_put_u8(w, f->request.reserved);
        put_name_string(w, f->request.response_name);
        break;
    case BRW_FRAME_REQUEST_ELECTION:
        ms_writer_put_u8(w, BRW_FRAME_REQUEST_ELECTION);
        ms_writer_put_u8(w, f->election.version);
        ms_writer_put_le32(w, f->election.criteria);
        ms_writer_put_le32(w, f->election.uptime_ms);
        ms_writer_put_le32(w, f->election.reserved);
        put_name_string(w, f->election.server_name);
        break;
    case BRW_FRAME_GET_BACKUP_LIST_REQUEST:
        /* 2.2.4: exactly 6 bytes (BRWS-009). */
        ms_writer_put_u8(w, BRW_FRAME_GET_BACKUP_LIST_REQUEST);
        ms_writer_put_u8(w, f->backup_request.requested_count);
        ms_writer_put_le32(w, f->backup_request.token);
        break;
    case BRW_FRAME_GET_BACKUP_LIST_RESPONSE:
        ms_writer_put_u8(w, BRW_FRAME_GET_BACKUP_LIST_RESPONSE);
        ms_writer_put_u8(w, f->backup_response.count);
        ms_writer_put_le32(w, f->backup_response.token);
        for (guint i = 0; i < f->backup_response.count; i++)
            put_name_string(w, f->backup_response.names[i]);
        break;
    case BRW_FRAME_BECOME_BACKUP:
        ms_writer_put_u8(w, BRW_FRAME_BECOME_BACKUP);
        put_name_string(w, f->become_backup.browser_to_promote);
        break;
    case BRW_FRAME_DOMAIN_ANNOUNCEMENT: {
        BrwAnnouncement a;
        brw_domain_to_announcement(&a, &f->domain);
        put_announcement_fixed(w, BRW_FRAME_DOMAIN_ANNOUNCEMENT, &a);
        put_name_string(w, f->domain.master_name);
        break;
    }
    case BRW_FRAME_MASTER_ANNOUNCEMENT:
        ms_writer_put_u8(w, BRW_FRAME_MASTER_ANNOUNCEMENT);
        put_name_string(w, f->master.master_name);
        break;
    case BRW_FRAME_RESET_STATE_REQUEST:
        ms_writer_put_u8(w, BRW_FRAME_RESET_STATE_REQUEST);
        ms_writer_put_u8(w, f->reset.flags);
        break;
    }
    brw_wire_put_extra(w, f);
    return brw_wire_status(w);
}
