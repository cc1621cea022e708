/* Browser frames: the Databytes of a mailslot write ([MS-BRWS] 2.2, brws.md §3-§4).
 *
 * One tagged value type, BrwFrame, holds any frame of either layout:
 *  - BRW_LAYOUT_BROWSE: the NT layouts on \MAILSLOT\BROWSE (8-bit opcode, periodicity in
 *    milliseconds, 16-byte NUL-filled name fields);
 *  - BRW_LAYOUT_LANMAN: the LAN Manager layouts on \MAILSLOT\LANMAN (16-bit opcode,
 *    periodicity in seconds, variable-length names; brws.md §4.10).
 * The struct owns all its bytes (fixed arrays, nothing points into the decoded buffer), so a
 * decoded frame may outlive the datagram and be copied by assignment.
 *
 * Decoders take (buffer, length), fill the frame and return an MsStatus; they never read
 * past the buffer and never allocate. They keep the bytes receivers must ignore (update
 * counts, browser version and signature bytes, reserved fields, bytes after the last field)
 * so that decoding then encoding a captured frame gives the same bytes. Strings are read up
 * to their NUL or to the end of the frame (BRWS-018) and cut, as Samba does, to what the
 * field can hold (15 characters for names).
 *
 * The encoder writes the frame's fields as they are; brw_frame_init() fills in the constants
 * a sender should use. Comments longer than 42 characters are cut on encode (BRWS-018). */
#pragma once

#include <glib.h>
#include <libmailslot/ms-bytes.h>
#include <libmailslot/ms-mailslot.h>
#include <libmailslot/ms-status.h>

G_BEGIN_DECLS

/* The opcode is the kind: [MS-BRWS] 2.2; 0x03-0x07 and 0x10 and above do not exist. */
typedef enum {
    BRW_FRAME_HOST_ANNOUNCEMENT = 0x01,
    BRW_FRAME_ANNOUNCEMENT_REQUEST = 0x02,
    BRW_FRAME_REQUEST_ELECTION = 0x08,
    BRW_FRAME_GET_BACKUP_LIST_REQUEST = 0x09,
    BRW_FRAME_GET_BACKUP_LIST_RESPONSE = 0x0A,
    BRW_FRAME_BECOME_BACKUP = 0x0B,
    BRW_FRAME_DOMAIN_ANNOUNCEMENT = 0x0C,
    BRW_FRAME_MASTER_ANNOUNCEMENT = 0x0D,
    BRW_FRAME_RESET_STATE_REQUEST = 0x0E,
    BRW_FRAME_LOCAL_MASTER_ANNOUNCEMENT = 0x0F,
} BrwFrameKind;

typedef enum {
    BRW_LAYOUT_BROWSE = 0, /* \MAILSLOT\BROWSE, every kind */
    BRW_LAYOUT_LANMAN,     /* \MAILSLOT\LANMAN: the three announcements and the request */
} BrwLayout;

/* A name field: at most 15 characters and the NUL ([MS-BRWS] 2.2.1 "16 bytes"). */
#define BRW_NAME_SIZE 16
/* A comment on the wire: at most 43 bytes with its NUL ([MS-BRWS] 2.2.1, fn 13). */
#define BRW_COMMENT_WIRE_MAX 43
/* Room for a received comment: longer ones than the wire maximum are kept (BRWS-018 reads
 * up to the NUL) up to this size with the NUL, and cut to 42 characters when sent. */
#define BRW_COMMENT_SIZE 256
/* Names a GetBackupListResponse may hold. A real LMB sends a handful (Samba 1, Windows at
 * most RequestedCount); a frame claiming more decodes as MS_ERR_UNSUPPORTED. */
#define BRW_BACKUP_LIST_MAX 64
/* Bytes after a frame's last field that are kept for re-encoding; more are dropped. */
#define BRW_EXTRA_MAX 64

/* Constants of the announcement layouts ([MS-BRWS] 2.2.1): never validated on receipt
 * (BRWS-004, BRWS-012). */
#define BRW_BROWSER_VERSION_MAJOR 0x0F
#define BRW_BROWSER_VERSION_MINOR 0x01
#define BRW_SIGNATURE 0xAA55
/* RequestElection Version ([MS-BRWS] 2.2.3); 0 in forced elections with Criteria 0. */
#define BRW_ELECTION_VERSION 0x01

/* Election Criteria ([MS-BRWS] 2.2.3, brws.md §6.1): the little-endian u32
 * (OS << 24) | (0x010F << 8) | Role, i.e. wire bytes [Role] [0x0F] [0x01] [OS] (BRWS-007). */
#define BRW_CRITERIA_BROWSER_VERSION 0x010Fu
enum {
    BRW_CRITERIA_ROLE_BACKUP = 0x01,    /* currently running backup (Samba: set while LMB) */
    BRW_CRITERIA_ROLE_DC = 0x02,        /* browser on a DC; Samba always sets it */
    BRW_CRITERIA_ROLE_MASTER = 0x04,    /* currently running master */
    BRW_CRITERIA_ROLE_PREFERRED = 0x08, /* preferred master */
    BRW_CRITERIA_ROLE_WINS = 0x20,      /* uses a WINS server */
    BRW_CRITERIA_ROLE_PDC = 0x80,       /* browser on the PDC / domain master */
};
enum {
    BRW_CRITERIA_OS_WORKSTATION = 0x10, /* Windows clients */
    BRW_CRITERIA_OS_SERVER = 0x20,      /* Windows servers acting as PDC */
    BRW_CRITERIA_OS_SAMBA = 20,         /* Samba's default `os level` */
};

static inline guint32
brw_criteria_make(guint8 os, guint8 role)
{
    return ((guint32)os << 24) | (BRW_CRITERIA_BROWSER_VERSION << 8) | role;
}

static inline guint8
brw_criteria_os(guint32 criteria)
{
    return (guint8)(criteria >> 24);
}

static inline guint8
brw_criteria_role(guint32 criteria)
{
    return (guint8)criteria;
}

/* ResetStateRequest Type bits ([MS-BRWS] 2.2.9); other bits are ignored (BRWS-014). */
enum {
    BRW_RESET_STOP_MASTER = 0x01, /* master -> potential browser */
    BRW_RESET_CLEAR_ALL = 0x02,   /* stop browsing activities, back to potential */
    BRW_RESET_STOP = 0x04,        /* stop the browser service (Windows ignores the frame) */
};

/* HostAnnouncement (0x01) and LocalMasterAnnouncement (0x0F): [MS-BRWS] 2.2.1, 2.2.10. */
typedef struct {
    guint8 update_count;    /* sent 0, ignored on receipt */
    guint32 periodicity_ms; /* ms until the next announcement; LANMAN carries seconds */
    char server_name[BRW_NAME_SIZE];
    guint8 os_major;
    guint8 os_minor;
    guint32 server_type;  /* BRW_SV_TYPE_* bits, as received */
    guint8 version_major; /* BrowserVersionMajor, 0x0F; not on LANMAN */
    guint8 version_minor; /* BrowserVersionMinor, 0x01; not on LANMAN */
    guint16 signature;    /* 0xAA55; not on LANMAN */
    char comment[BRW_COMMENT_SIZE];
} BrwAnnouncement;

/* AnnouncementRequest (0x02): [MS-BRWS] 2.2.2. */
typedef struct {
    guint8 reserved;                   /* sent 0; Samba puts a token byte here */
    char response_name[BRW_NAME_SIZE]; /* receivers ignore it (BRWS-016); not on LANMAN */
} BrwAnnouncementRequest;

/* RequestElection (0x08): [MS-BRWS] 2.2.3. */
typedef struct {
    guint8 version;    /* BRW_ELECTION_VERSION, 0 in forced elections */
    guint32 criteria;  /* see brw_criteria_make() */
    guint32 uptime_ms; /* Samba and Wireshark use ms, the spec says s (BRWS-008) */
    guint32 reserved;  /* the 4 unused bytes, sent 0 */
    char server_name[BRW_NAME_SIZE];
} BrwRequestElection;

/* GetBackupListRequest (0x09): [MS-BRWS] 2.2.4. */
typedef struct {
    guint8 requested_count;
    guint32 token;
} BrwBackupListRequest;

/* GetBackupListResponse (0x0A): [MS-BRWS] 2.2.5. */
typedef struct {
    guint8 count;  /* BackupServerCount: names[0..count-1] are valid */
    guint32 token; /* copied from the request */
    char names[BRW_BACKUP_LIST_MAX][BRW_NAME_SIZE];
} BrwBackupListResponse;

/* BecomeBackup (0x0B): [MS-BRWS] 2.2.6. */
typedef struct {
    char browser_to_promote[BRW_NAME_SIZE];
} BrwBecomeBackup;

/* DomainAnnouncement (0x0C): [MS-BRWS] 2.2.7. */
typedef struct {
    guint8 update_count;
    guint32 periodicity_ms;
    char machine_group[BRW_NAME_SIZE];
    guint8 config_version_major; /* Windows 0x03, Samba its OS version 6; informational */
    guint8 config_version_minor; /* Windows 0x0A, Samba 1 */
    guint32 server_type;         /* Samba: DOMAIN_ENUM | NT */
    guint8 version_major;        /* bytes 28..31: Windows leaves them uninitialised (BRWS-012) */
    guint8 version_minor;
    guint16 signature;
    char master_name[BRW_NAME_SIZE]; /* LocalMasterBrowserName */
} BrwDomainAnnouncement;

/* MasterAnnouncement (0x0D): [MS-BRWS] 2.2.8. */
typedef struct {
    char master_name[BRW_NAME_SIZE]; /* MasterBrowserServerName */
} BrwMasterAnnouncement;

/* ResetStateRequest (0x0E): [MS-BRWS] 2.2.9. */
typedef struct {
    guint8 flags; /* BRW_RESET_* bits, unknown bits kept as received */
} BrwResetState;

typedef struct {
    BrwFrameKind kind;
    BrwLayout layout;
    union {
        BrwAnnouncement announcement; /* HOST_ANNOUNCEMENT, LOCAL_MASTER_ANNOUNCEMENT */
        BrwAnnouncementRequest request;
        BrwRequestElection election;
        BrwBackupListRequest backup_request;
        BrwBackupListResponse backup_response;
        BrwBecomeBackup become_backup;
        BrwDomainAnnouncement domain;
        BrwMasterAnnouncement master;
        BrwResetState reset;
    };
    /* Bytes after the last field (e.g. Samba's AnnouncementRequest name, written past the
     * NUL of an empty ResponseName). Receivers ignore them; the encoder appends them. */
    guint8 extra[BRW_EXTRA_MAX];
    gsize extra_len;
} BrwFrame;

/* Clears *f and sets it up as a frame of `kind` in the BROWSE layout with the constants a
 * sender uses: browser version 0x0F 0x01 and signature 0xAA55 in the announcements, Version 1
 * in RequestElection. Every other field is zero or empty. */
void brw_frame_init(BrwFrame *f, BrwFrameKind kind);

/* Decodes the Databytes of a \MAILSLOT\BROWSE write (NT layouts). `data` is borrowed and
 * may be freed once this returns. Returns MS_OK and fills *out; MS_ERR_TRUNCATED when the
 * frame ends inside a fixed field or before a required name; MS_ERR_UNSUPPORTED for an
 * opcode that is not a browser frame (BRWS-017) or a backup list longer than
 * BRW_BACKUP_LIST_MAX. On failure *out is unspecified. */
MsStatus brw_frame_decode_browse(const guint8 *data, gsize len, BrwFrame *out);

/* Decodes the Databytes of a \MAILSLOT\LANMAN write (LAN Manager layouts, brws.md §4.10):
 * opcodes 0x01, 0x0F, 0x0C (announcement layout, periodicity converted from seconds to
 * milliseconds) and 0x02 (AnnouncementRequest: the bytes after the 16-bit opcode are kept in
 * `extra`). Results and ownership as brw_frame_decode_browse(). */
MsStatus brw_frame_decode_lanman(const guint8 *data, gsize len, BrwFrame *out);

/* Decodes a parsed mailslot write by its mailslot name, compared case-insensitively
 * (MAIL-011): \MAILSLOT\BROWSE with the NT layouts, \MAILSLOT\LANMAN with the LM layouts;
 * any other mailslot (NETLOGON, ...) gives MS_ERR_UNSUPPORTED. Otherwise as above. */
MsStatus brw_frame_decode_mailslot(const MsMailslotWrite *m, BrwFrame *out);

/* Appends *f in the layout f->layout names. Returns MS_OK; MS_ERR_NO_SPACE when the writer
 * overflowed (w->overflow is set, its contents are then unusable); MS_ERR_INVALID_ARG, with
 * nothing written, for a kind the layout does not have, a name without its NUL within
 * BRW_NAME_SIZE bytes, a backup count above BRW_BACKUP_LIST_MAX, extra_len above
 * BRW_EXTRA_MAX, or (LANMAN) a periodicity above 65535 s. Comments are cut to 42 characters. */
MsStatus brw_frame_encode(const BrwFrame *f, MsWriter *w);

/* brw_frame_encode() with the layout forced to BROWSE or LANMAN whatever f->layout says. */
MsStatus brw_frame_encode_browse(const BrwFrame *f, MsWriter *w);
MsStatus brw_frame_encode_lanman(const BrwFrame *f, MsWriter *w);

/* The mailslot a frame of f->layout is written to: MS_MAILSLOT_BROWSE or MS_MAILSLOT_LANMAN
 * (static strings). */
const char *brw_frame_mailslot(const BrwFrame *f);

/* TRUE when a and b have the same kind, layout, fields of that kind and extra bytes.
 * Strings compare up to their NUL; fields that the layout does not carry are ignored. */
gboolean brw_frame_equal(const BrwFrame *a, const BrwFrame *b);

/* TRUE for the opcodes of BrwFrameKind. */
gboolean brw_frame_kind_is_valid(guint8 opcode);

/* TRUE for the opcodes a layout carries: every BrwFrameKind on BROWSE; on LANMAN the three
 * announcements and the AnnouncementRequest (brws.md §4.10). */
gboolean brw_frame_layout_has_kind(BrwLayout layout, guint8 opcode);

/* A stable lower-case token ("host-announcement", ...) for logs and counters; "unknown" for
 * a value outside BrwFrameKind. */
const char *brw_frame_kind_to_string(BrwFrameKind kind);

/* "browse" or "lanman"; "unknown" for a value outside BrwLayout. */
const char *brw_frame_layout_to_string(BrwLayout layout);

G_END_DECLS
