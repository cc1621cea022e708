/* Mailslot writes ([MS-MAIL] §2.2.1): an SMB_COM_TRANSACTION carried as the user data of
 * one NetBIOS datagram, with no session and no reply. */
#pragma once

#include <glib.h>
#include <libmailslot/ms-bytes.h>
#include <libmailslot/ms-dgram.h>
#include <libmailslot/ms-status.h>

G_BEGIN_DECLS

#define MS_MAILSLOT_BROWSE "\\MAILSLOT\\BROWSE"
#define MS_MAILSLOT_LANMAN "\\MAILSLOT\\LANMAN"
/* Every mailslot name starts with this, in any case ([MS-MAIL] §2.2.1). */
#define MS_MAILSLOT_PREFIX "\\MAILSLOT\\"

/* Offsets from the first byte of the SMB header, which is what DataOffset counts from. */
#define MS_MAILSLOT_NAME_OFFSET 69 /* after the 32-byte header, 17 words and ByteCount */
/* Second-class (unreliable, broadcastable) mailslot: the only class browsers use. */
#define MS_MAILSLOT_CLASS_SECOND 2
/* Samba's priority; Windows sends 0 and every receiver ignores it. */
#define MS_MAILSLOT_DEFAULT_PRIORITY 1

typedef struct {
    const char *name;   /* the mailslot name inside the buffer, not NUL-terminated here */
    gsize name_len;     /* without the NUL */
    const guint8 *data; /* DataCount bytes at DataOffset, inside the buffer */
    gsize data_len;
    guint16 priority;
    guint16 klass;
} MsMailslotWrite;

/* Parses an SMB mailslot write (`smb` starts at the 0xFF). Checks, in [MS-MAIL] §3.2.5.1
 * order: magic, command 0x25, WordCount 17, SetupCount 3, opcode 1, a NUL-terminated name
 * that starts with \MAILSLOT\, and a non-empty data block wholly inside the message that
 * does not overlap the name. Every other header field is ignored (MAIL-008) and any padding
 * is accepted (MAIL-005). *out points into smb. */
MsStatus ms_mailslot_parse(const guint8 *smb, gsize len, MsMailslotWrite *out);

/* Case-insensitive comparison of the parsed name with `name` (MAIL-007). */
gboolean ms_mailslot_name_is(const MsMailslotWrite *m, const char *name);

/* Builds a mailslot write as Samba and the [MS-BRWS] §4.1 Windows capture do: header fields
 * zero but Protocol and Command, no padding (DataOffset 86 for a 16-character name). */
MsStatus ms_mailslot_build(MsWriter *w, const char *mailslot, guint16 priority,
                           const guint8 *data, gsize data_len);

/* Builds a whole datagram carrying one mailslot write: `header` supplies type, flags, id,
 * source address and port and both names (its data fields are ignored). Fails with
 * MS_ERR_NO_SPACE rather than exceed MS_DGRAM_MAX_PAYLOAD: a mailslot write is never
 * fragmented ([MS-MAIL] §3.1.4.1, MAIL-010). */
MsStatus ms_mailslot_build_datagram(MsWriter *w, const MsDgram *header, const char *mailslot,
                                    const guint8 *data, gsize data_len);

G_END_DECLS
