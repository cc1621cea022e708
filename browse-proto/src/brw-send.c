/* A SEND effect as bytes: frame -> mailslot write -> NetBIOS datagram. Shared by the daemon
 * and the simulated LAN, so both put the same bytes on their wire. */
#include <browse-proto/brw-engine.h>

#include <libmailslot/ms-mailslot.h>

MsStatus
brw_send_encode(const BrwSend *send, const MsName *source, guint32 src_ip, guint16 src_port,
                guint16 id, MsWriter *w)
{
    g_return_val_if_fail(send != NULL && source != NULL && w != NULL, MS_ERR_INVALID_ARG);
    /* Frames are small (a backup list of 64 names is the largest); the datagram limit is
     * checked by ms_mailslot_build_datagram. */
    guint8 frame[MS_DGRAM_MAX_PAYLOAD];
    MsWriter fw = ms_writer_init(frame, sizeof frame);
    MsStatus st = brw_frame_encode(&send->frame, &fw);
    if (st != MS_OK)
        return st;
    MsDgram header = {
        .type = send->group ? MS_DGRAM_DIRECT_GROUP : MS_DGRAM_DIRECT_UNIQUE,
        .flags = MS_DGRAM_FLAG_FIRST,
        .id = id,
        .source_ip = src_ip,
        .source_port = src_port,
        .source_name = *source,
        .destination_name = send->destination,
    };
    return ms_mailslot_build_datagram(w, &header, brw_frame_mailslot(&send->frame), frame,
                                      fw.len);
}
