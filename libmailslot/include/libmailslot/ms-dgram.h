/* NetBIOS datagram service packets (UDP 138), RFC 1002 §4.4. */
#pragma once

#include <glib.h>
#include <libmailslot/ms-bytes.h>
#include <libmailslot/ms-name.h>
#include <libmailslot/ms-status.h>

G_BEGIN_DECLS

#define MS_DGRAM_PORT 138
/* The header of the data-carrying types: MSG_TYPE .. PACKET_OFFSET. */
#define MS_DGRAM_HEADER_LEN 14
/* RFC 1002 §6 MAX_DATAGRAM_LENGTH; Samba refuses to build a UDP payload larger than this,
 * and we never send one (NBT-038). */
#define MS_DGRAM_MAX_PAYLOAD 576

typedef enum {
    MS_DGRAM_DIRECT_UNIQUE = 0x10,
    MS_DGRAM_DIRECT_GROUP = 0x11,
    MS_DGRAM_BROADCAST = 0x12,
    MS_DGRAM_ERROR = 0x13,
    MS_DGRAM_QUERY_REQUEST = 0x14,
    MS_DGRAM_POSITIVE_QUERY_RESPONSE = 0x15,
    MS_DGRAM_NEGATIVE_QUERY_RESPONSE = 0x16,
} MsDgramType;

/* FLAGS byte (RFC 1002 §4.4.1). */
enum {
    MS_DGRAM_FLAG_MORE = 0x01,
    MS_DGRAM_FLAG_FIRST = 0x02,
    MS_DGRAM_SNT_MASK = 0x0C,
    MS_DGRAM_SNT_B = 0x00,
    MS_DGRAM_SNT_P = 0x04,
    MS_DGRAM_SNT_M = 0x08,
    MS_DGRAM_SNT_NBDD = 0x0C, /* also sent by Windows h-nodes ([MS-MAIL] fn 13) */
};

/* DATAGRAM ERROR codes (RFC 1002 §4.4.3). */
enum {
    MS_DGRAM_ERR_NO_DESTINATION = 0x82,
    MS_DGRAM_ERR_BAD_SOURCE = 0x83,
    MS_DGRAM_ERR_BAD_DESTINATION = 0x84,
};

typedef struct {
    MsDgramType type;
    guint8 flags;
    guint16 id;
    guint32 source_ip; /* host byte order */
    guint16 source_port;
    /* Types 0x10..0x12 only. */
    guint16 packet_offset;
    MsName source_name;
    /* Types 0x10..0x12 and 0x14..0x16. */
    MsName destination_name;
    const guint8 *data; /* user data (a mailslot SMB); points into the decoded buffer */
    gsize data_len;
    /* Type 0x13 only. */
    guint8 error_code;
} MsDgram;

static inline gboolean
ms_dgram_type_carries_data(MsDgramType type)
{
    return type == MS_DGRAM_DIRECT_UNIQUE || type == MS_DGRAM_DIRECT_GROUP ||
           type == MS_DGRAM_BROADCAST;
}

/* TRUE for a datagram that is not a fragment: FIRST set and MORE clear (RFC 1002 §5.3.3). */
static inline gboolean
ms_dgram_is_whole(const MsDgram *d)
{
    return (d->flags & (MS_DGRAM_FLAG_FIRST | MS_DGRAM_FLAG_MORE)) == MS_DGRAM_FLAG_FIRST;
}

const char *ms_dgram_type_to_string(MsDgramType type);

/* Decodes one datagram. For the data-carrying types DGM_LENGTH must cover both names and
 * must not exceed the buffer; it, not the buffer length, bounds the user data (trailing
 * bytes are ignored). Names may not use label pointers. SNT and reserved flag bits are
 * ignored (NBT-036). *out points into buf. */
MsStatus ms_dgram_decode(const guint8 *buf, gsize len, MsDgram *out);

/* Encodes *d; DGM_LENGTH is computed from the names and data_len. */
MsStatus ms_dgram_encode(const MsDgram *d, MsWriter *w);

G_END_DECLS
