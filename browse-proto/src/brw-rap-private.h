/* What the brw-rap*.c files share: descriptor walking, the per-call descriptor table, one
 * record's writer, and the server's answer per call. Private. */
#pragma once

#include <browse-proto/brw-rap.h>

#include <string.h>

/* One item of a descriptor string: a letter and its count ([MS-RAP] 2.5.1: "B16" is 16
 * bytes, "B" one; `counted` says whether digits followed). */
typedef struct {
    char letter;
    guint count;
    gboolean counted;
} BrwRapDescItem;

/* Reads the item at *cursor and advances past it; FALSE at the end of the string. */
gboolean brw_rap_desc_next(const char **cursor, BrwRapDescItem *item);

/* A request's parameters as its ParamDesc lays them out ([MS-RAP] 2.5.1): W and L are 16
 * bits, D 32, z an inline NUL-terminated string; r, e, h and O are not sent. get() fills
 * values[] with the sent ones in order (*n of them, at most BRW_RAP_FIELDS_MAX) and fails on
 * truncation, an unterminated string or a letter it does not know; put() writes them. */
gboolean brw_rap_params_get(MsReader *r, const char *desc, BrwRapValue *values, guint *n);
void brw_rap_params_put(MsWriter *w, const char *desc, const BrwRapValue *values);

/* The ParamDesc of a call we know (NetServerEnum2 without a domain: "WrLehDO"), or NULL. */
const char *brw_rap_param_desc(guint16 opcode, gboolean with_domain);

/* Bytes the strings of one record take (each z value and its NUL). */
gsize brw_rap_record_strings_size(const char *desc, const BrwRapValue *values);

/* Writes one record of `desc` (already checked by brw_rap_record_size()) to `fixed` and its
 * strings to `strings`, whose first byte is at offset `base` of the reply data; pointers
 * are offset + converter. With `strings` NULL every pointer is null (0): the fixed part of a
 * GetInfo answer whose strings do not fit ([MS-RAP] 2.5.11). */
void brw_rap_record_put(MsWriter *fixed, MsWriter *strings, gsize base, guint16 converter,
                        const char *desc, const BrwRapValue *values);

/* An enumeration's status once `packed` of `available` records went out ([MS-RAP] 2.5.11):
 * all of them, some (ERROR_MORE_DATA, RAP-049), or none although there were some
 * (NERR_BufTooSmall, RAP-050). */
static inline guint16
brw_rap_enum_status(guint packed, guint available)
{
    if (packed == available)
        return BRW_RAP_SUCCESS;
    return packed ? BRW_RAP_ERROR_MORE_DATA : BRW_RAP_NERR_BUF_TOO_SMALL;
}

/* A string value: its bytes, cut to `max` when max is not 0. */
static inline BrwRapValue
brw_rap_string(const char *s, gsize max)
{
    BrwRapValue v = {.str = s, .len = strlen(s)};
    if (max && v.len > max)
        v.len = max;
    return v;
}

/* The answer to each call: reply data to `data` within `limit` bytes, the reply parameters'
 * values to *rp (status and counts; the converter is the caller's). */
void brw_rap_answer_server_enum(const BrwRapRequest *req, const BrwRapServer *srv,
                                MsWriter *data, gsize limit, BrwRapReplyParams *rp);
void brw_rap_answer_share_enum(const BrwRapRequest *req, const BrwRapServer *srv,
                               MsWriter *data, gsize limit, BrwRapReplyParams *rp);
void brw_rap_answer_get_info(const BrwRapRequest *req, const BrwRapServer *srv,
                             MsWriter *data, gsize limit, BrwRapReplyParams *rp);
