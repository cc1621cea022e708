/* NetBIOS name service packets (UDP 137), RFC 1002 §4.2: decode any packet a B-node sends
 * or must understand, and build each of them.
 *
 * A decoded packet points into the buffer it was decoded from (RDATA is not copied), so
 * the buffer must outlive it. B-node packets carry at most one question, one answer and
 * one additional record; more, or any authority record, is MS_ERR_UNSUPPORTED. */
#pragma once

#include <glib.h>
#include <libmailslot/ms-bytes.h>
#include <libmailslot/ms-name.h>
#include <libmailslot/ms-status.h>

G_BEGIN_DECLS

#define MS_NBNS_PORT 137
#define MS_NBNS_HEADER_LEN 12
/* RFC 1002 §4.2.18: a node status response lists at most this many names in 576 bytes. */
#define MS_NBNS_MAX_PACKET 576

/* Header flags word (RFC 1002 §4.2.1.1). */
enum {
    MS_NBNS_FLAG_RESPONSE = 0x8000,
    MS_NBNS_OPCODE_MASK = 0x7800,
    MS_NBNS_FLAG_AA = 0x0400,
    MS_NBNS_FLAG_TC = 0x0200,
    MS_NBNS_FLAG_RD = 0x0100,
    MS_NBNS_FLAG_RA = 0x0080,
    MS_NBNS_FLAG_MBZ = 0x0060,
    MS_NBNS_FLAG_BROADCAST = 0x0010,
    MS_NBNS_RCODE_MASK = 0x000F,
};

typedef enum {
    MS_NBNS_OP_QUERY = 0,
    MS_NBNS_OP_REGISTRATION = 5,
    MS_NBNS_OP_RELEASE = 6,
    MS_NBNS_OP_WACK = 7,
    MS_NBNS_OP_REFRESH = 8,
    MS_NBNS_OP_REFRESH_ALT = 9, /* RFC 1002 ambiguity; NT may use it */
    MS_NBNS_OP_MULTIHOMED = 15, /* Microsoft extension, WINS only */
} MsNbnsOpcode;

typedef enum {
    MS_NBNS_RCODE_OK = 0,
    MS_NBNS_RCODE_FMT_ERR = 1,
    MS_NBNS_RCODE_SRV_ERR = 2,
    MS_NBNS_RCODE_NAM_ERR = 3,
    MS_NBNS_RCODE_IMP_ERR = 4,
    MS_NBNS_RCODE_RFS_ERR = 5,
    MS_NBNS_RCODE_ACT_ERR = 6,
    MS_NBNS_RCODE_CFT_ERR = 7,
} MsNbnsRcode;

/* Question and resource record types and the one class (RFC 1002 §4.2.1.2, §4.2.1.3). */
enum {
    MS_NBNS_TYPE_A = 0x0001,
    MS_NBNS_TYPE_NS = 0x0002,
    MS_NBNS_TYPE_NULL = 0x000A,
    MS_NBNS_TYPE_NB = 0x0020,
    MS_NBNS_TYPE_NBSTAT = 0x0021,
    MS_NBNS_CLASS_IN = 0x0001,
};

/* NB_FLAGS of an address entry and NAME_FLAGS of a node status entry. */
enum {
    MS_NB_FLAG_GROUP = 0x8000,
    MS_NB_ONT_MASK = 0x6000,
    MS_NB_ONT_B = 0x0000,
    MS_NB_ONT_P = 0x2000,
    MS_NB_ONT_M = 0x4000,
    MS_NB_ONT_H = 0x6000,
    MS_NAME_FLAG_DRG = 0x1000, /* being deregistered */
    MS_NAME_FLAG_CNF = 0x0800, /* in conflict */
    MS_NAME_FLAG_ACT = 0x0400, /* active: set on every listed name */
    MS_NAME_FLAG_PRM = 0x0200, /* permanent node name */
};

/* Owner node types of an NB_FLAGS/NAME_FLAGS word. */
#define MS_NB_ONT(flags) ((guint16)((flags) & MS_NB_ONT_MASK))

/* TTL a B-node answers with for its own names: Samba's 3 days. */
#define MS_NBNS_DEFAULT_TTL 259200u

typedef struct {
    MsName name;
    /* The name was (or is to be) sent as the pointer C0 0C to the question name: what
     * RFC 1002 requires for the additional record of registration, refresh and release
     * requests. */
    gboolean name_is_question_pointer;
    guint16 type;
    guint16 klass;
    guint32 ttl;
    const guint8 *rdata; /* rdlength bytes; not owned */
    guint16 rdlength;
} MsNbnsRecord;

typedef struct {
    guint16 trn_id;
    guint16 flags; /* the whole word: R, OPCODE, NM_FLAGS, RCODE */
    gboolean has_question;
    MsName question_name;
    guint16 question_type;
    guint16 question_class;
    gboolean has_answer;
    MsNbnsRecord answer;
    gboolean has_additional;
    MsNbnsRecord additional;
} MsNbnsPacket;

/* One NB address entry (RFC 1002 §4.2.1.3): flags and IPv4 address in host byte order. */
typedef struct {
    guint16 nb_flags;
    guint32 addr;
} MsNbAddrEntry;

static inline gboolean
ms_nbns_is_response(const MsNbnsPacket *p)
{
    return (p->flags & MS_NBNS_FLAG_RESPONSE) != 0;
}

static inline MsNbnsOpcode
ms_nbns_opcode(const MsNbnsPacket *p)
{
    return (MsNbnsOpcode)((p->flags & MS_NBNS_OPCODE_MASK) >> 11);
}

static inline MsNbnsRcode
ms_nbns_rcode(const MsNbnsPacket *p)
{
    return (MsNbnsRcode)(p->flags & MS_NBNS_RCODE_MASK);
}

const char *ms_nbns_opcode_to_string(MsNbnsOpcode opcode);

/* Decodes `len` bytes at `buf` into *out (which then points into buf). Checks the header,
 * the counts, every name (label pointers allowed) and that every record's RDATA is inside
 * the buffer; NB RDATA must be a whole number of address entries. Bytes after the last
 * record are ignored. Returns MS_OK or why the packet is to be dropped. */
MsStatus ms_nbns_decode(const guint8 *buf, gsize len, MsNbnsPacket *out);

/* Encodes *p. The counts come from has_question/has_answer/has_additional. */
MsStatus ms_nbns_encode(const MsNbnsPacket *p, MsWriter *w);

/* The number of address entries in an NB record, and the i-th of them. */
guint ms_nbns_nb_entry_count(const MsNbnsRecord *rr);
gboolean ms_nbns_nb_entry(const MsNbnsRecord *rr, guint index, MsNbAddrEntry *out);

/* Node status RDATA (RFC 1002 §4.2.18). */
#define MS_NODE_STATUS_STATS_LEN 46
#define MS_NODE_STATUS_MAX_NAMES 255

typedef struct {
    guint8 name[MS_NAME_LEN]; /* 15 bytes padded with spaces + suffix */
    guint16 flags;            /* NAME_FLAGS */
} MsNodeStatusEntry;

typedef struct {
    guint num_names;
    MsNodeStatusEntry names[MS_NODE_STATUS_MAX_NAMES];
    guint8 statistics[MS_NODE_STATUS_STATS_LEN]; /* UNIT_ID (MAC) first; zeros are fine */
} MsNodeStatus;

/* Parses node status RDATA. Samba sends exactly 1 + 18n + 46 bytes; shorter statistics
 * are accepted (zero-filled) because old stacks truncate them, fewer name bytes are not. */
MsStatus ms_node_status_parse(const guint8 *rdata, gsize len, MsNodeStatus *out);

/* Builders: each writes one complete packet. `broadcast` sets the B flag (and a broadcast
 * registration or release carries TTL 0, RFC 1002 §4.2.2). Address entries and TTLs are in
 * host order. */
MsStatus ms_nbns_build_name_query(MsWriter *w, guint16 trn_id, const MsName *name,
                                  gboolean broadcast);
MsStatus ms_nbns_build_node_status_request(MsWriter *w, guint16 trn_id, const MsName *name,
                                           gboolean broadcast);
/* Registration (op 5, RD), overwrite (op 5, no RD), refresh (op 8) and release (op 6)
 * requests all share one layout: question + additional record as the pointer C0 0C. */
MsStatus ms_nbns_build_name_request(MsWriter *w, MsNbnsOpcode opcode, gboolean recursion,
                                    guint16 trn_id, const MsName *name,
                                    const MsNbAddrEntry *entry, guint32 ttl, gboolean broadcast);
MsStatus ms_nbns_build_registration(MsWriter *w, guint16 trn_id, const MsName *name,
                                    const MsNbAddrEntry *entry, guint32 ttl, gboolean broadcast);
MsStatus ms_nbns_build_release(MsWriter *w, guint16 trn_id, const MsName *name,
                               const MsNbAddrEntry *entry, gboolean broadcast);
/* Positive (rcode 0) or negative registration response; rcode CFT_ERR is the name conflict
 * demand (RFC 1002 §4.2.8). The answer echoes the name and the requester's entry. */
MsStatus ms_nbns_build_registration_response(MsWriter *w, guint16 trn_id, MsNbnsRcode rcode,
                                             const MsName *name, const MsNbAddrEntry *entry,
                                             guint32 ttl);
MsStatus ms_nbns_build_release_response(MsWriter *w, guint16 trn_id, MsNbnsRcode rcode,
                                        const MsName *name, const MsNbAddrEntry *entry);
/* Positive name query response with 1..n address entries (all that fit in 576 bytes; TC
 * is set when some were left out). */
MsStatus ms_nbns_build_query_response(MsWriter *w, guint16 trn_id, const MsName *name,
                                      const MsNbAddrEntry *entries, guint n_entries,
                                      guint32 ttl);
/* Negative name query response: a NULL record, TTL 0, no RDATA (RFC 1002 §4.2.14). */
MsStatus ms_nbns_build_negative_query_response(MsWriter *w, guint16 trn_id, MsNbnsRcode rcode,
                                               const MsName *name);
/* WACK: tells the requester to wait `ttl` more seconds; RDATA echoes its flags word. */
MsStatus ms_nbns_build_wack(MsWriter *w, guint16 trn_id, const MsName *name, guint32 ttl,
                            guint16 request_flags);
/* Node status response; lists as many names as fit in 576 bytes (TC set if cut). */
MsStatus ms_nbns_build_node_status_response(MsWriter *w, guint16 trn_id, const MsName *name,
                                            const MsNodeStatus *status);

G_END_DECLS
