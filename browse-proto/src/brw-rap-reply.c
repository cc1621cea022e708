/* Reply parameters: Win32ErrorCode, Converter, then the values the call's ParamDesc marks
 * as returned, 'e' (EntriesReturned) and 'h' (EntriesAvailable or TotalBytesAvailable)
 * ([MS-RAP] 2.5.2, 2.5.5.2.2, 2.5.5.1.2; rap.md §8.2). */
#include "brw-rap-private.h"

#include <string.h>

/* The ParamDesc that lays out a reply: NetServerEnum2's two forms return the same. */
static const char *
reply_desc(guint16 opcode)
{
    return brw_rap_param_desc(opcode, TRUE);
}

gsize
brw_rap_reply_params_size(guint16 opcode)
{
    const char *desc = reply_desc(opcode);
    gsize size = 4;
    BrwRapDescItem item;
    while (desc && brw_rap_desc_next(&desc, &item)) {
        if (item.letter == 'e' || item.letter == 'h')
            size += 2;
    }
    return size;
}

MsStatus
brw_rap_reply_params_build(guint16 opcode, const BrwRapReplyParams *rp, MsWriter *w)
{
    ms_writer_put_le16(w, rp->status);
    ms_writer_put_le16(w, rp->converter);
    const char *desc = reply_desc(opcode);
    BrwRapDescItem item;
    while (desc && brw_rap_desc_next(&desc, &item)) {
        if (item.letter == 'e')
            ms_writer_put_le16(w, rp->count);
        else if (item.letter == 'h')
            ms_writer_put_le16(w, rp->available);
    }
    return w->overflow ? MS_ERR_NO_SPACE : MS_OK;
}

MsStatus
brw_rap_reply_params_parse(guint16 opcode, const guint8 *params, gsize len,
                           BrwRapReplyParams *out)
{
    memset(out, 0, sizeof *out);
    MsReader r = ms_reader_init(params, len);
    if (!ms_reader_get_le16(&r, &out->status) || !ms_reader_get_le16(&r, &out->converter))
        return MS_ERR_TRUNCATED;
    /* Data, and so the counts, come only with success or ERROR_MORE_DATA ([MS-RAP] 2.5.2);
     * an error reply may stop after the converter (Samba's unsupported-call reply does). */
    gboolean counts_needed =
        out->status == BRW_RAP_SUCCESS || out->status == BRW_RAP_ERROR_MORE_DATA;
    const char *desc = reply_desc(opcode);
    BrwRapDescItem item;
    while (desc && brw_rap_desc_next(&desc, &item)) {
        guint16 *field = item.letter == 'e'   ? &out->count
                         : item.letter == 'h' ? &out->available
                                              : NULL;
        if (field && !ms_reader_get_le16(&r, field) && counts_needed)
            return MS_ERR_TRUNCATED;
    }
    return MS_OK;
}
