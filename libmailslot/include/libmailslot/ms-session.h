/* The NetBIOS session service (RFC 1002 §4.3, §5.2) that carries SMB on TCP 139, and the
 * direct-hosted framing of TCP 445 ([MS-SMB] §2.1, [MS-CIFS] §2.1.1.2): byte streams in,
 * whole frames out, with no socket in sight.
 *
 * Layers, each usable alone:
 *  - MsFramer cuts a byte stream into frames: the 4-byte header, the 17-bit length (the E
 *    bit of FLAGS adds 65536, RFC 1002 §4.3.1) or the 24-bit length of direct TCP, a
 *    configured maximum (anything larger breaks the stream: the connection must close).
 *  - The session request / response codecs (RFC 1002 §4.3.2-§4.3.4), both directions.
 *  - MsSession, the server end of one connection: the SESSION REQUEST must come first on
 *    port 139 and name us (or *SMBSERVER); keep-alives are dropped (RFC 1002 §4.3.7); every
 *    SESSION MESSAGE after that is handed out as an SMB message. Responses to send are
 *    appended to a caller's GByteArray. Every reason to close is counted. */
#pragma once

#include <glib.h>
#include <libmailslot/ms-bytes.h>
#include <libmailslot/ms-name.h>
#include <libmailslot/ms-status.h>

G_BEGIN_DECLS

#define MS_SESSION_HEADER_LEN 4
/* RFC 1002 §4.3.1: 16-bit LENGTH plus the E bit. */
#define MS_NBSS_MAX_LENGTH 0x1FFFF
/* [MS-SMB] §2.1: direct TCP carries a 24-bit length after a zero byte. */
#define MS_DIRECT_MAX_LENGTH 0xFFFFFF
/* A session request holds two encoded names (RFC 1002 §4.3.2), each at most 255 bytes. */
#define MS_NBSS_REQUEST_MAX_LENGTH (2 * MS_NAME_ENCODED_MAX)

/* Packet types (RFC 1002 §4.3.1). */
enum {
    MS_NBSS_SESSION_MESSAGE = 0x00,
    MS_NBSS_SESSION_REQUEST = 0x81,
    MS_NBSS_POSITIVE_RESPONSE = 0x82,
    MS_NBSS_NEGATIVE_RESPONSE = 0x83,
    MS_NBSS_RETARGET_RESPONSE = 0x84,
    MS_NBSS_KEEP_ALIVE = 0x85,
};
#define MS_NBSS_FLAG_E 0x01

/* NEGATIVE SESSION RESPONSE error codes (RFC 1002 §4.3.4). */
enum {
    MS_NBSS_ERR_NOT_LISTENING_ON_CALLED = 0x80,
    MS_NBSS_ERR_NOT_LISTENING_FOR_CALLING = 0x81,
    MS_NBSS_ERR_CALLED_NOT_PRESENT = 0x82,
    MS_NBSS_ERR_INSUFFICIENT_RESOURCES = 0x83,
    MS_NBSS_ERR_UNSPECIFIED = 0x8F,
};

/* The wildcard called name NT clients use when they connect by address (rap.md §1.3). */
#define MS_NBSS_SMBSERVER "*SMBSERVER"

typedef enum {
    MS_FRAMING_NBSS,   /* TCP 139: RFC 1002 session packets */
    MS_FRAMING_DIRECT, /* TCP 445: 0x00 + 24-bit length, every frame an SMB message */
} MsFraming;

typedef struct {
    guint8 type;           /* RFC 1002 packet type; MS_NBSS_SESSION_MESSAGE for direct TCP */
    const guint8 *payload; /* valid until the next call on the framer, or into the input */
    gsize len;
} MsFrame;

typedef enum {
    MS_FRAMER_NEED_MORE, /* every byte given was consumed and no frame is complete */
    MS_FRAMER_FRAME,     /* *frame is whole */
    MS_FRAMER_ERROR,     /* the stream cannot be framed any more: close the connection */
} MsFramerResult;

/* Why a stream broke. */
typedef enum {
    MS_FRAMER_OK = 0,
    MS_FRAMER_TOO_LARGE, /* a frame longer than the configured maximum (RAP-004) */
    MS_FRAMER_BAD_TYPE,  /* an unknown NBSS type, or a non-zero first byte on direct TCP */
    MS_FRAMER_BAD_LENGTH /* a length the type does not allow (a keep-alive with a body...) */
} MsFramerError;

typedef struct MsFramer MsFramer;

/* `max_message` bounds the payload of a SESSION MESSAGE; it is clamped to what the framing
 * can express. Nothing is buffered beyond one frame. */
MsFramer *ms_framer_new(MsFraming framing, gsize max_message);
void ms_framer_free(MsFramer *f);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MsFramer, ms_framer_free)

/* Takes bytes of the stream from `data` up to the end of the next frame and says how many
 * in *consumed (the caller feeds the rest again). A frame that arrived whole in one call
 * points into `data`; one that straddled calls points into the framer. After an error
 * every call fails again, consuming nothing. */
MsFramerResult ms_framer_feed(MsFramer *f, const guint8 *data, gsize len, gsize *consumed,
                              MsFrame *frame);
MsFramerError ms_framer_error(const MsFramer *f);
const char *ms_framer_error_to_string(MsFramerError error);

/* Appends a frame header: type, FLAGS with the E bit, big-endian length (RFC 1002 §4.3.1);
 * or for direct TCP 0x00 and a 24-bit length (type must be a SESSION MESSAGE). */
MsStatus ms_session_write_header(MsWriter *w, MsFraming framing, guint8 type, gsize len);

/* SESSION REQUEST (RFC 1002 §4.3.2): the payload is the called then the calling name, both
 * in full wire form without label pointers; nothing may follow them. */
MsStatus ms_nbss_session_request_parse(const guint8 *payload, gsize len, MsName *called,
                                       MsName *calling);
/* The whole packet, header included. */
MsStatus ms_nbss_session_request_build(MsWriter *w, const MsName *called, const MsName *calling);
/* `82 00 00 00` (§4.3.3) and `83 00 00 01 <code>` (§4.3.4). */
void ms_nbss_positive_response_build(MsWriter *w);
void ms_nbss_negative_response_build(MsWriter *w, guint8 code);
void ms_nbss_keep_alive_build(MsWriter *w);
/* A client reads the answer to its request: MS_OK for a positive response; for a negative
 * one MS_ERR_UNSUPPORTED with *code set; MS_ERR_BAD_HEADER for anything else (a retarget
 * included: we never follow them). */
MsStatus ms_nbss_session_response_parse(const MsFrame *frame, guint8 *code);

/* ---- The server end of one connection ---- */

typedef struct {
    MsFraming framing;
    gsize max_message;  /* the largest SMB message accepted */
    const char *name;   /* our NetBIOS name: the called name <20> we answer on port 139 */
    const char *scope;  /* NULL or "" for the default scope */
} MsSessionConfig;

typedef enum {
    MS_SESSION_NEED_MORE, /* all bytes consumed, nothing to hand out */
    MS_SESSION_SMB,       /* *smb is one SMB message (a SESSION MESSAGE's payload) */
    MS_SESSION_CLOSE,     /* send what `out` holds, then close the connection */
} MsSessionResult;

typedef struct {
    guint64 messages;        /* SMB messages handed out */
    guint64 keep_alives;     /* dropped, as RFC 1002 §4.3.7 says (RAP-005) */
    guint64 accepted;        /* positive session responses (RAP-001, RAP-002) */
    guint64 refused_name;    /* negative 0x82: a called name that is not ours */
    guint64 malformed;       /* negative 0x8F: a request whose names do not parse (RAP-003) */
    guint64 too_large;       /* a frame beyond max_message (RAP-004) */
    guint64 bad_frame;       /* an unknown type or an impossible length */
    guint64 not_requested;   /* a session message before the session request */
    guint64 second_request;  /* a session request on an established session (RAP-006) */
    guint64 unexpected_type; /* a response or retarget sent to a server */
} MsSessionCounters;

typedef struct MsSession MsSession;

/* Copies *cfg. NULL when the name is not a valid NetBIOS name. */
MsSession *ms_session_new(const MsSessionConfig *cfg);
void ms_session_free(MsSession *s);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MsSession, ms_session_free)

/* Takes bytes received on the connection, as ms_framer_feed() does, and appends to `out`
 * any session response to send. Once CLOSE has been returned, every call returns it. */
MsSessionResult ms_session_feed(MsSession *s, const guint8 *data, gsize len, gsize *consumed,
                                MsFrame *smb, GByteArray *out);

/* TRUE once SMB messages may flow (at once on direct TCP). */
gboolean ms_session_established(const MsSession *s);
const MsSessionCounters *ms_session_counters(const MsSession *s);

G_END_DECLS
