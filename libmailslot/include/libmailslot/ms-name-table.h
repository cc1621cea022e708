/* The B-node name table: the names this node holds on one subnet, and everything RFC 1001
 * §15 / RFC 1002 §5.1.1 asks of a broadcast node for them, as a deterministic state machine.
 *
 * It is shaped like the browser engine (brw-engine.h) and keeps the rule of the core
 * (docs/ARCHITECTURE.md):
 *  - time is an argument: every entry point takes `now_us`, monotonic microseconds;
 *  - randomness (the first transaction id) comes from the config's seed;
 *  - effects (name-service packets to send, and events) are queued during a call and handed
 *    to the effect callback, in order, just before the call returns. The callback must not
 *    call back into the table;
 *  - timers live inside: ms_name_table_next_deadline() says when
 *    ms_name_table_handle_timeout() next has work. Calling it early or twice is harmless.
 *
 * Packets enter as raw UDP 137 payloads (ms_name_table_handle_packet); every packet that
 * is not acted on is counted by reason, so bad input is a counter, never an error.
 *
 * What the table does (RFC 1002 §5.1.1):
 *  - registers unique and group names by broadcast (§5.1.1.1-2): a NAME REGISTRATION
 *    REQUEST every retry interval, retry-count times, one transaction id; a negative
 *    response refuses the name, silence grants it;
 *  - defends what it holds (§5.1.1.5): a unique name against any registration, a group
 *    name against a unique registration; never a group name against a group registration;
 *  - answers name queries and node status requests for the names it holds (§5.1.1.5);
 *  - obeys NAME CONFLICT DEMANDs (§5.1.1.5): the name is marked in conflict and lost;
 *  - releases names by broadcast (§5.1.1.4);
 *  - resolves unique names for its user (§5.1.1.3), with a small cache, and demands a
 *    conflict when two nodes answer for one unique name.
 * A name being registered is not held: it is neither answered, listed nor defended.
 *
 * With a WINS server in the config the table is an H-node for its names (RFC 1001 §15.4,
 * RFC 1002 §5.1.3; ms-name-table-wins.c): it registers each name with the server by unicast
 * first (RFC 1002 §4.2.2, RD, our TTL) and falls back to the broadcast registration above
 * only when the server stays silent; it refreshes what the server granted before the TTL
 * runs out (§4.2.4), releases by unicast as well as by broadcast (§4.2.9), and resolves
 * unique names by asking the server first (§4.2.12, RD, no B), then by broadcast when the
 * server says no or nothing. Responses to a WINS transaction count only from the server's
 * address. Broadcast defence and answers stay as they are. */
#pragma once

#include <glib.h>
#include <libmailslot/ms-name.h>
#include <libmailslot/ms-nbns.h>
#include <libmailslot/ms-status.h>

G_BEGIN_DECLS

/* Own addresses the table knows: packets from any of them are our own broadcasts. */
#define MS_NAME_TABLE_MAX_ADDRESSES 8
/* A node status response lists at most 255 names (NUM_NAMES is one byte). */
#define MS_NAME_TABLE_MAX_NAMES MS_NODE_STATUS_MAX_NAMES

/* RFC 1002 §6 timers. ms_name_table_config_init() sets the RFC's values. */
typedef struct {
    guint32 retry_interval_ms; /* BCAST_REQ_RETRY_TIMEOUT: 250 ms between sends */
    guint retry_count;         /* BCAST_REQ_RETRY_COUNT: 3 sends of a registration or query */
    guint release_count;       /* sends of a release: 1, as Samba and illumos (RFC: 3) */
    guint32 conflict_timer_ms; /* CONFLICT_TIMER: 1 s of listening after a query's answer */
    guint32 wack_max_ms;       /* a WACK extends a request by its TTL, at most this much */
    /* Towards a WINS server (RFC 1002 §6): UCAST_REQ_RETRY_TIMEOUT 5 s between sends,
     * UCAST_REQ_RETRY_COUNT 3 sends, then the server counts as silent. */
    guint32 wins_retry_interval_ms;
    guint wins_retry_count;
    /* A refresh the server did not answer is tried again this much later. */
    guint32 wins_refresh_retry_s;
    /* The server's WACK (only its address is believed) extends a request by its TTL, at
     * most this much: nmbd asks for 60 s while it challenges the name's old owner. */
    guint32 wins_wack_max_ms;
} MsNameTableTiming;

typedef struct {
    /* Our IPv4 addresses on this subnet, host byte order. addresses[0] is the one our
     * names are registered with and answered for; all of them mark our own packets. */
    guint32 addresses[MS_NAME_TABLE_MAX_ADDRESSES];
    guint n_addresses;
    char scope[MS_SCOPE_MAX + 1]; /* NetBIOS scope of every name; "" for none */
    /* Our computer name (may be ""): a node status response lists its names first, then
     * the others by their bytes, as Samba does. */
    char node_name[MS_NAME_LEN];
    guint max_names;      /* names in the table, at most MS_NAME_TABLE_MAX_NAMES */
    guint max_queries;    /* resolutions in flight */
    guint cache_size;     /* resolved names remembered; 0: no cache */
    guint32 cache_ttl_s;  /* how long at most; a shorter TTL in the answer wins */
    guint32 answer_ttl_s; /* TTL of our positive query answers (Samba: 3 days) */
    /* RFC 1002 §5.1.1.1 broadcasts a NAME OVERWRITE (update) once a registration met
     * silence; Samba does not, and neither do we unless this is set. */
    gboolean send_overwrite;
    /* The WINS server (NBNS), host byte order; 0: a pure B-node. Not one of addresses[]
     * (our own packets are dropped, so its answers would be too). Our names then carry
     * ONT H, as Samba's do with a WINS server, and ask the server for answer_ttl_s. */
    guint32 wins_server;
    guint64 seed; /* for the first transaction id */
    MsNameTableTiming timing;
} MsNameTableConfig;

/* Fills *cfg with the defaults: RFC timers, 64 names, 16 resolutions in flight, a cache of
 * 64 names for 5 minutes, answers with TTL MS_NBNS_DEFAULT_TTL, no overwrite. Addresses,
 * scope and node name are left empty. */
void ms_name_table_config_init(MsNameTableConfig *cfg);

/* Where a name stands in the table. */
typedef enum {
    MS_NAME_STATE_ABSENT = 0,
    MS_NAME_STATE_REGISTERING, /* requests on the wire; not ours yet */
    MS_NAME_STATE_HELD,        /* ours: answered, listed, defended */
    MS_NAME_STATE_CONFLICT,    /* taken by a conflict demand; listed with CNF, nothing else */
    MS_NAME_STATE_RELEASING,   /* release requests still to send; listed with DRG */
} MsNameState;

const char *ms_name_state_to_string(MsNameState state);

typedef enum {
    MS_NAME_TABLE_EFFECT_SEND,       /* a name-service packet to send: see MsNameTableSend */
    MS_NAME_TABLE_EFFECT_REGISTERED, /* a registration met no objection: the name is held */
    MS_NAME_TABLE_EFFECT_REFUSED,    /* a defender objected: the name is not ours */
    MS_NAME_TABLE_EFFECT_LOST,       /* a conflict demand took a held name */
    MS_NAME_TABLE_EFFECT_RESOLVED,   /* ms_name_table_resolve() found an address */
    MS_NAME_TABLE_EFFECT_UNRESOLVED, /* ... or nobody answered */
} MsNameTableEffectKind;

const char *ms_name_table_effect_kind_to_string(MsNameTableEffectKind kind);

/* One packet to send from UDP port 137: to the subnet's broadcast address at port 137, or
 * unicast to ip:port. */
typedef struct {
    gboolean broadcast;
    guint32 ip; /* host byte order; 0 when broadcast */
    guint16 port;
    gsize len;
    guint8 data[MS_NBNS_MAX_PACKET];
} MsNameTableSend;

/* Where a RESOLVED answer came from. */
typedef enum {
    MS_NAME_ANSWER_NETWORK = 0, /* a positive query response, just now */
    MS_NAME_ANSWER_CACHE,       /* an earlier response, still fresh */
    MS_NAME_ANSWER_SELF,        /* a unique name we hold ourselves */
} MsNameAnswerSource;

typedef struct {
    MsNameTableEffectKind kind;
    MsName name;    /* the name concerned; for SEND, the name the packet is about */
    gboolean group; /* REGISTERED, REFUSED, LOST: the kind of our name; RESOLVED: G bit */
    union {
        MsNameTableSend send; /* SEND */
        struct {
            guint32 ip; /* the defender (UDP source of its response) */
            guint16 port;
            MsNbnsRcode rcode;
        } refused; /* REFUSED */
        struct {
            guint32 ip; /* who sent the conflict demand */
        } lost;         /* LOST */
        struct {
            guint32 ip; /* the first address entry of the answer */
            guint16 nb_flags;
            guint32 ttl_s; /* as answered (NETWORK), or what is left (CACHE) */
            MsNameAnswerSource source;
        } resolved; /* RESOLVED */
    };
} MsNameTableEffect;

typedef void (*MsNameTableEffectFunc)(const MsNameTableEffect *effect, gpointer user_data);

/* Why a packet was not acted on. Every reason is counted. */
typedef enum {
    MS_NAME_TABLE_DROP_OWN = 0,         /* from one of our addresses: our own broadcast (NBT-011) */
    MS_NAME_TABLE_DROP_MALFORMED,       /* ms_nbns_decode refused it (see decode_errors) */
    MS_NAME_TABLE_DROP_INCOMPLETE,      /* decoded, but lacks the question or record it needs */
    MS_NAME_TABLE_DROP_SCOPE,           /* about a name of another scope (NBT-004) */
    MS_NAME_TABLE_DROP_OPCODE,          /* an operation a B-node does not serve (NBT-023) */
    MS_NAME_TABLE_DROP_UNSOLICITED,     /* a response to no transaction of ours (NBT-023) */
    MS_NAME_TABLE_DROP_IGNORED,         /* a response to one, of a kind a B-node ignores */
    MS_NAME_TABLE_DROP_NOT_OURS,        /* about a name we do not hold (NBT-013) */
    MS_NAME_TABLE_DROP_UNICAST_REQUEST, /* a registration, refresh or release sent to us as if
                                         * we were an NBNS: answered FMT_ERR (NBT-024) */
    MS_NAME_TABLE_DROP_NOT_WINS,        /* a response to a transaction with the WINS server,
                                         * from another address: spoofed or stray */
    MS_NAME_TABLE_DROP_REASON_COUNT
} MsNameTableDropReason;

const char *ms_name_table_drop_reason_to_string(MsNameTableDropReason reason);

typedef struct {
    guint64 received; /* packets handed in */
    guint64 dropped[MS_NAME_TABLE_DROP_REASON_COUNT];
    guint64 decode_errors[MS_STATUS_COUNT]; /* MALFORMED drops, by decoder status */
    guint64 sent;                           /* SEND effects */
    guint64 registered;
    guint64 refused;
    guint64 lost;
    guint64 defended;           /* negative registration responses we sent */
    guint64 queries_answered;   /* positive query responses we sent */
    guint64 negative_answers;   /* negative query responses (unicast, unknown name) */
    guint64 status_answered;    /* node status responses */
    guint64 releases_refused;   /* negative release responses for our names */
    guint64 conflicts_demanded; /* NAME CONFLICT DEMANDs we sent (NBT-018) */
    guint64 resolved;           /* RESOLVED effects, any source */
    guint64 unresolved;
    guint64 cache_full; /* answers not cached: the cache was full of live names */
    /* WINS client (zero without a server). */
    guint64 wins_registered;      /* positive registration or refresh responses */
    guint64 wins_refused;         /* negative registration responses from the server */
    guint64 wins_silent;          /* registrations the server never answered: broadcast */
    guint64 wins_refresh_failed;  /* refreshes unanswered (retried) or refused */
    guint64 wins_released;        /* unicast releases sent to the server */
    guint64 wins_resolved;        /* positive query responses from the server */
    guint64 wins_query_fallbacks; /* queries the server denied or ignored: broadcast */
} MsNameTableCounters;

typedef struct MsNameTable MsNameTable;

/* Copies *cfg. Returns NULL (with a debug message) when it has no address, an invalid
 * scope, no retry, or more names than a node status can list. */
MsNameTable *ms_name_table_new(const MsNameTableConfig *cfg, MsNameTableEffectFunc effect,
                               gpointer user_data);
void ms_name_table_free(MsNameTable *t);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MsNameTable, ms_name_table_free)

/* Starts registering `name` (in the table's scope) as a unique or group name: the first
 * request goes out now; REGISTERED or REFUSED follows. A name already held is confirmed at
 * once (REGISTERED again); one being registered keeps its transaction; one in conflict or
 * being released is registered anew. Returns MS_ERR_INVALID_ARG for another scope, the
 * wildcard, or a name held with the other kind, and MS_ERR_NO_SPACE when the table is
 * full. */
MsStatus ms_name_table_register(MsNameTable *t, gint64 now_us, const MsName *name, gboolean group);

/* Gives `name` up: a held name is released by broadcast (RFC 1002 §5.1.1.4), and by
 * unicast to the WINS server when the server granted it (§5.1.2); a name being
 * registered is abandoned and a name in conflict forgotten, both silently (we never owned
 * the first, and another node owns the second). Returns FALSE when the table lacked it. */
gboolean ms_name_table_release(MsNameTable *t, gint64 now_us, const MsName *name);

/* Releases every name, as at shutdown. */
void ms_name_table_release_all(MsNameTable *t, gint64 now_us);

/* Finds the address of a unique name: from our own names or the cache at once, otherwise
 * by broadcast query (RFC 1002 §5.1.1.3). Exactly one RESOLVED or UNRESOLVED follows for
 * each call (resolutions of one name share a query). */
void ms_name_table_resolve(MsNameTable *t, gint64 now_us, const MsName *name);

/* One UDP payload that arrived on port 137 from src_ip:src_port (host byte order). The
 * bytes are borrowed for the call only. */
void ms_name_table_handle_packet(MsNameTable *t, gint64 now_us, const guint8 *buf, gsize len,
                                 guint32 src_ip, guint16 src_port);

/* Runs every timer that is due at now_us. */
void ms_name_table_handle_timeout(MsNameTable *t, gint64 now_us);

/* When handle_timeout() next has work (monotonic microseconds); G_MAXINT64 for never. */
gint64 ms_name_table_next_deadline(const MsNameTable *t);

/* The state of `name` (case-insensitive, scope included); *group (may be NULL) tells its
 * kind when it is present. */
MsNameState ms_name_table_state(const MsNameTable *t, const MsName *name, gboolean *group);

/* TRUE when `name` is held: registered, and neither in conflict nor being released. */
gboolean ms_name_table_is_held(const MsNameTable *t, const MsName *name);

/* TRUE when `name` is held and the WINS server granted it (not a broadcast fallback);
 * *ttl_s (may be NULL) is the TTL the server granted. */
gboolean ms_name_table_is_wins_registered(const MsNameTable *t, const MsName *name, guint32 *ttl_s);

/* The names present in any state, in table order, at most `max`; returns how many were
 * written (states and groups may be NULL). */
guint ms_name_table_list(const MsNameTable *t, MsName *names, MsNameState *states, gboolean *groups,
                         guint max);

/* The node status we would answer now (RFC 1002 §4.2.18): held names, names in conflict
 * (CNF) and names being released (DRG), all ACT, statistics zero (the MAC field too). */
void ms_name_table_node_status(const MsNameTable *t, MsNodeStatus *out);

/* The cached address of `name`, if fresh at now_us. */
gboolean ms_name_table_cache_lookup(const MsNameTable *t, gint64 now_us, const MsName *name,
                                    guint32 *ip, guint16 *nb_flags);

const MsNameTableConfig *ms_name_table_config(const MsNameTable *t);
const MsNameTableCounters *ms_name_table_counters(const MsNameTable *t);

G_END_DECLS
