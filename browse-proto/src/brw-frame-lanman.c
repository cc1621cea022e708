/* The LAN Manager announcements on \MAILSLOT\LANMAN (brws.md §4.10; Samba
 * send_lm_announcement / process_lm_host_announce, Wireshark dissect_mailslot_lanman).
 *
 *   0  u16  opcode (the opcode byte, then a byte Wireshark calls the update count)
 *   2  u32  ServerType
 *   6  u8   OS major
 *   7  u8   OS minor
 *   8  u16  Periodicity in seconds
 *  10  var  ServerName (MachineGroup for 0x0C), NUL-terminated
 *  ..  var  Comment (the LMB name for 0x0C), NUL-terminated
 *
 * No browser version, no signature, no fixed-width names: it must never be read with the NT
 * layout (BRWS-026), which is why the mailslot name picks the decoder (MAIL-011). */
#include <browse-proto/brw-frame.h>

#include <string.h>

#include "brw-frame-private.h"
#include "brw-wire.h"

#define LM_FIXED_LEN 10
#define MS_PER_SECOND 1000u

/* Reads the announcement layout into *a (periodicity converted to ms) and the trailing
 * string into `tail`. */
static MsStatus
decode_lm_announcement(MsReader *r, BrwAnnouncement *a, char *tail, gsize tail_size)
{
    guint16 seconds = 0; /* the length check makes every read below succeed */
    if (ms_reader_remaining(r) < LM_FIXED_LEN - 1)
        return MS_ERR_TRUNCATED;
    ms_reader_get_u8(r, &a->update_count);
    ms_reader_get_le32(r, &a->server_type);
    ms_reader_get_u8(r, &a->os_major);
    ms_reader_get_u8(r, &a->os_minor);
    ms_reader_get_le16(r, &seconds);
    /* brws.md §4.10: seconds here, milliseconds everywhere else; the frame keeps ms. */
    a->periodicity_ms = (guint32)seconds * MS_PER_SECOND;
    if (!brw_wire_get_string(r, a->server_name, sizeof a->server_name, TRUE))
        return MS_ERR_TRUNCATED;
    brw_wire_get_string(r, tail, tail_size, FALSE);
    return MS_OK;
}

MsStatus
brw_frame_decode_lanman(const guint8 *data, gsize len, BrwFrame *out)
{
    MsReader r = ms_reader_init(data, len);
    guint8 opcode;

    memset(out, 0, sizeof *out);
    if (!ms_reader_get_u8(&r, &opcode))
        return MS_ERR_TRUNCATED;
    if (!brw_frame_layout_has_kind(BRW_LAYOUT_LANMAN, opcode))
        return MS_ERR_UNSUPPORTED;
    out->kind = (BrwFrameKind)opcode;
    out->layout = BRW_LAYOUT_LANMAN;

    MsStatus st;
    if (out->kind == BRW_FRAME_ANNOUNCEMENT_REQUEST) {
        /* Samba reads nothing past the opcode (process_lm_announce_request); what follows
         * the 16-bit opcode is kept verbatim. */
        st = ms_reader_get_u8(&r, &out->request.reserved) ? MS_OK : MS_ERR_TRUNCATED;
    } else if (out->kind == BRW_FRAME_DOMAIN_ANNOUNCEMENT) {
        BrwAnnouncement a = {0};
        st =
            decode_lm_announcement(&r, &a, out->domain.master_name, sizeof out->domain.master_name);
        brw_domain_from_announcement(&out->domain, &a);
    } else {
        st = decode_lm_announcement(&r, &out->announcement, out->announcement.comment,
                                    sizeof out->announcement.comment);
    }
    if (st != MS_OK)
        return st;
    brw_wire_get_extra(&r, out);
    return MS_OK;
}

static void
put_lm_announcement(MsWriter *w, guint8 opcode, const BrwAnnouncement *a, guint16 seconds)
{
    ms_writer_put_u8(w, opcode);
    ms_writer_put_u8(w, a->update_count);
    ms_writer_put_le32(w, a->server_type);
    ms_writer_put_u8(w, a->os_major);
    ms_writer_put_u8(w, a->os_minor);
    ms_writer_put_le16(w, seconds);
    brw_wire_put_string(w, a->server_name, strlen(a->server_name));
}

MsStatus
brw_frame_encode_lanman(const BrwFrame *f, MsWriter *w)
{
    if ((guint)f->kind > G_MAXUINT8 || !brw_frame_layout_has_kind(BRW_LAYOUT_LANMAN, (guint8)f->kind) ||
        f->extra_len > BRW_EXTRA_MAX)
        return MS_ERR_INVALID_ARG;

    if (f->kind == BRW_FRAME_ANNOUNCEMENT_REQUEST) {
        ms_writer_put_u8(w, BRW_FRAME_ANNOUNCEMENT_REQUEST);
        ms_writer_put_u8(w, f->request.reserved);
        brw_wire_put_extra(w, f);
        return brw_wire_status(w);
    }

    BrwAnnouncement domain_as_announcement;
    const BrwAnnouncement *a = &f->announcement;
    const char *tail = f->announcement.comment;
    gsize tail_len;
    if (f->kind == BRW_FRAME_DOMAIN_ANNOUNCEMENT) {
        brw_domain_to_announcement(&domain_as_announcement, &f->domain);
        a = &domain_as_announcement;
        tail = f->domain.master_name;
        if (!brw_wire_name_ok(tail))
            return MS_ERR_INVALID_ARG;
        tail_len = strlen(tail);
    } else {
        tail_len = brw_wire_comment_len(tail);
    }
    if (!brw_wire_name_ok(a->server_name))
        return MS_ERR_INVALID_ARG;
    /* Rounded to the nearest second; a u16 of seconds holds a little over 18 hours. */
    guint64 seconds = ((guint64)a->periodicity_ms + MS_PER_SECOND / 2) / MS_PER_SECOND;
    if (seconds > G_MAXUINT16)
        return MS_ERR_INVALID_ARG;

    put_lm_announcement(w, (guint8)f->kind, a, (guint16)seconds);
    brw_wire_put_string(w, tail, tail_len);
    brw_wire_put_extra(w, f);
    return brw_wire_status(w);
}
