/* The browser engine: everything [MS-BRWS] asks of one browser (or non-browser server) for
 * one machine group on one subnet, as a deterministic state machine.
 *
 * The engine does no I/O and reads no clock (docs/ARCHITECTURE.md, "the rule of the core"):
 *  - time is an argument: every entry point takes `now_us`, monotonic microseconds;
 *  - randomness (election and reply delays, backup choice) comes from the config's seed;
 *  - effects (datagrams to send, names to register or release, a list sync to run, events)
 *    are queued during a call and handed to the effect callback, in order, just before the
 *    call returns. The callback must not call back into the engine;
 *  - timers live inside: brw_engine_next_deadline() says when brw_engine_handle_timeout()
 *    next has work. Calling it early or twice is harmless.
 *
 * Frames enter as NetBIOS datagrams (brw_engine_handle_datagram); the engine parses the
 * mailslot write and the frame and counts every frame kind and every drop reason, so
 * malformed input is a counter, never an error. */
#pragma once

#include <glib.h>
#include <browse-proto/brw-frame.h>
#include <browse-proto/brw-list.h>
#include <browse-proto/brw-policy.h>
#include <libmailslot/ms-dgram.h>
#include <libmailslot/ms-name.h>

G_BEGIN_DECLS

/* Current Role ([MS-BRWS] 3.3.1, brws.md §8). */
typedef enum {
    BRW_ROLE_STOPPED = 0,    /* not started, or stopped */
    BRW_ROLE_NON_BROWSER,    /* a server that only announces itself (3.2) */
    BRW_ROLE_POTENTIAL,      /* browser that may be promoted or elected (3.3.5.1) */
    BRW_ROLE_BACKUP,         /* keeps a copy of the master's lists (3.3.5.1, 3.3.6) */
    BRW_ROLE_MASTER,         /* local master browser: owns <group><1D> (3.3.5.3-10) */
} BrwRole;

const char *brw_role_to_string(BrwRole role);

/* Timer values. brw_engine_config_init() sets the spec's; labs may shorten the long ones.
 * Each ramp of [MS-BRWS] 3.2.6 and 3.3.6 is cut at its `*_max_ms`. */
typedef struct {
    guint32 host_announce_max_ms;   /* HostAnnouncement ramp 1,1,2,4,8 then 12 min */
    guint32 local_master_max_ms;    /* LocalMasterAnnouncement ramp 2,2,4,8 then 12 min */
    guint32 domain_announce_max_ms; /* DomainAnnouncement ramp 1,1,5,5,10,10 then 15 min */
    guint32 backup_sync_ms;         /* backup's list refresh from the master, 12 min */
    guint32 announce_reply_max_ms;  /* answer to AnnouncementRequest: random 0..30 s */
    guint32 find_master_ms;         /* FindMaster, 1.5 s; three misses start an election */
    guint32 domain_sync_ms;         /* an LMB's MasterAnnouncement and list copies to and
                                     * from its domain master and peers, 12 min */
    guint32 lmb_expiry_ms;          /* a domain master forgets a silent LMB, 36 min */
} BrwTiming;

/* Remote browsers one engine may exchange lists with (sync_peers). */
#define BRW_MAX_SYNC_PEERS 16

typedef struct {
    char netbios_name[BRW_NAME_SIZE]; /* our computer name, upper case, <= 15 chars */
    char workgroup[BRW_NAME_SIZE];    /* the machine group, upper case, <= 15 chars */
    char comment[BRW_COMMENT_WIRE_MAX];
    char scope[MS_SCOPE_MAX + 1]; /* NetBIOS scope of every name we emit; "" for none */
    guint8 os_major;             /* informational, announced (Samba says 6.1) */
    guint8 os_minor;
    guint32 server_type;         /* the services we offer (WORKSTATION, SERVER, ...);
                                  * browser role bits are added by the engine */
    gboolean browser;            /* FALSE: a non-browser server ([MS-BRWS] 3.2) */
    gboolean local_master;       /* FALSE: never stand in elections (Samba `local master`) */
    gboolean backup;             /* FALSE: ignore BecomeBackup (a host that cannot copy the
                                  * master's lists, i.e. run SYNC effects, must say so) */
    gboolean preferred_master;   /* criteria bit 0x08; forces an election at start */
    gboolean domain_master;      /* criteria bit 0x80, and the domain master's duties:
                                  * <group><1B>, pulling every LMB's lists ([MS-BRWS] 3.4) */
    /* As local master of a domain ([MS-BRWS] 3.3.6): where the domain master is, when
     * known in advance (host byte order; 0: look for <group><1B> with FIND_DOMAIN_MASTER). */
    guint32 domain_master_ip;
    /* Remote browsers (an LMB or a subnet's broadcast address) that we send
     * MasterAnnouncement to and copy lists from, and whose MasterAnnouncement we accept
     * without being the domain master: Samba's "remote browse sync", but only with these. */
    guint32 sync_peers[BRW_MAX_SYNC_PEERS];
    guint n_sync_peers;
    guint8 os_level;             /* the criteria's OS byte; Samba's default is 20 */
    guint max_servers;           /* caps for the lists (0: no cap) */
    guint max_domains;
    guint64 seed;                /* for every random choice the engine makes */
    BrwTiming timing;
    BrwPolicy policy;            /* what the network may do to us (brw-policy.h) */
} BrwEngineConfig;

/* Fills *cfg with the defaults: a browser with os level 20, not preferred, willing to be
 * master and backup, no caps, the spec's timers, WORKSTATION|SERVER|NT services, OS version 6.1. Names are left empty. */
void brw_engine_config_init(BrwEngineConfig *cfg);

typedef enum {
    BRW_EFFECT_SEND,          /* send a mailslot datagram: see BrwSend */
    BRW_EFFECT_REGISTER_NAME, /* register a NetBIOS name; answer with brw_engine_name_result */
    BRW_EFFECT_RELEASE_NAME,  /* release a NetBIOS name */
    BRW_EFFECT_SYNC,          /* fetch the master's lists; answer with brw_engine_sync_result */
    BRW_EFFECT_ROLE_CHANGED,
    BRW_EFFECT_MASTER_CHANGED, /* the local master we know changed ("" when unknown) */
    BRW_EFFECT_SERVER_ADDED,   /* the server list gained or lost an entry */
    BRW_EFFECT_SERVER_REMOVED,
    BRW_EFFECT_DOMAIN_ADDED,   /* the machine-group list gained or lost an entry */
    BRW_EFFECT_DOMAIN_REMOVED,
    BRW_EFFECT_ELECTION_WON,   /* our election ended in our favour: see `election` */
    BRW_EFFECT_ELECTION_LOST,  /* a RequestElection beat our running election or our role */
    BRW_EFFECT_DOMAIN_SYNC,    /* copy a peer's lists: see `domain_sync`; answer with
                                * brw_engine_domain_sync_result */
    BRW_EFFECT_FIND_DOMAIN_MASTER, /* find who holds <group><1B>; answer with
                                    * brw_engine_domain_master_found */
    BRW_EFFECT_RIVAL_MASTER,   /* `entry` claims to be master (LMA, MASTER_BROWSER, election
                                * criteria) and is not a trusted master; at most once per
                                * name every 10 min. Only with policy.trusted_masters set */
    BRW_EFFECT_RIVAL_DOMAIN_MASTER, /* the same for DOMAIN_MASTER or the criteria's PDC bit */
} BrwEffectKind;

const char *brw_effect_kind_to_string(BrwEffectKind kind);

/* A datagram to send: `frame` written to its mailslot, from our <name><00>, to
 * `destination`. `group` says whether that is a group name (DIRECT_GROUP, broadcast on a
 * B-node) or a unique one (DIRECT_UNIQUE). When `ip` is non-zero the datagram goes to that
 * address and port (a reply to the request's source); otherwise the sender resolves the
 * unique name or broadcasts the group one. */
typedef struct {
    MsName destination;
    gboolean group;
    guint32 ip; /* host byte order */
    guint16 port;
    BrwFrame frame;
} BrwSend;

typedef struct {
    BrwEffectKind kind;
    union {
        BrwSend send;                    /* SEND */
        struct {
            MsName name;
            gboolean group;
        } name;                          /* REGISTER_NAME, RELEASE_NAME */
        char master[BRW_NAME_SIZE];      /* SYNC: whom to ask; MASTER_CHANGED: new master */
        struct {
            BrwRole old_role;
            BrwRole new_role;
        } role;                          /* ROLE_CHANGED */
        char entry[BRW_NAME_SIZE];       /* SERVER_ and DOMAIN_ ADDED/REMOVED */
        struct {
            guint32 our_criteria;
            guint32 our_uptime_ms;
            char winner[BRW_NAME_SIZE];  /* LOST: who beat us, and with what */
            guint32 winner_criteria;
            guint32 winner_uptime_ms;
        } election;                      /* ELECTION_WON, ELECTION_LOST */
        struct {
            guint32 ip;                  /* the peer, host byte order */
            char peer[BRW_NAME_SIZE];    /* its name when known ("": call *SMBSERVER) */
            guint32 server_type;         /* the servers query: ALL from a domain master,
                                          * LOCAL_LIST_ONLY from a local master */
            guint32 domain_type;         /* the groups query: DOMAIN_ENUM (| LOCAL_LIST_ONLY) */
        } domain_sync;                   /* DOMAIN_SYNC */
    };
} BrwEffect;

typedef void (*BrwEffectFunc)(const BrwEffect *effect, gpointer user_data);

/* Why a datagram was dropped, or a frame ignored. Every reason is counted. */
typedef enum {
    BRW_DROP_NOT_MAILSLOT = 0, /* datagram type without user data, or not a mailslot write */
    BRW_DROP_OTHER_MAILSLOT,   /* a mailslot other than BROWSE or LANMAN */
    BRW_DROP_TRUNCATED,        /* the frame ends inside a field */
    BRW_DROP_UNKNOWN_OPCODE,   /* [MS-BRWS] 3.3.5: ignored silently */
    BRW_DROP_MALFORMED,        /* any other decoder refusal */
    BRW_DROP_NOT_FOR_US,       /* addressed to another group or computer */
    BRW_DROP_OWN,              /* sent by our own name (a looped-back broadcast) */
    BRW_DROP_ROLE,             /* valid, but our role does not act on it (3.3.5) */
    BRW_DROP_STOPPED,          /* arrived while the engine was stopped */
    BRW_DROP_LIST_FULL,        /* an announcement refused by a list cap */
    BRW_DROP_UNTRUSTED,        /* policy: a ResetStateRequest not from reset_from; a frame
                                * from an untrusted master that we would otherwise obey */
    BRW_DROP_NAME_POLICY,      /* policy: a list entry whose name names_allow/deny refuse */
    BRW_DROP_REASON_COUNT
} BrwDropReason;

const char *brw_drop_reason_to_string(BrwDropReason reason);

typedef struct {
    guint64 received[16];  /* by opcode: frames decoded, before role checks */
    guint64 sent[16];      /* by opcode */
    guint64 dropped[BRW_DROP_REASON_COUNT];
    guint64 elections_started;
    guint64 elections_won;
    guint64 elections_lost;
    guint64 name_failures;  /* <1D> registrations refused or names lost */
    guint64 syncs_ok;
    guint64 syncs_failed;
    guint64 rivals;         /* RIVAL_MASTER and RIVAL_DOMAIN_MASTER events emitted */
} BrwCounters;

typedef struct BrwEngine BrwEngine;

/* Copies *cfg (names are upper-cased). Nothing happens until brw_engine_start(). The
 * callback receives every effect; user_data is passed to it. Returns NULL (with a debug
 * message) when cfg has an empty or overlong name. */
BrwEngine *brw_engine_new(const BrwEngineConfig *cfg, BrwEffectFunc effect, gpointer user_data);
void brw_engine_free(BrwEngine *e);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(BrwEngine, brw_engine_free)

/* Starts service at now_us: registers the group names, announces at once and follows the
 * host-announcement ramp; a browser becomes POTENTIAL and looks for its master (a preferred
 * master forces an election instead). Calling it on a started engine does nothing. */
void brw_engine_start(BrwEngine *e, gint64 now_us);

/* Stops service. A master forces an election with Version 0 and Criteria 0 and releases
 * <group><1D> and __MSBROWSE__; then a last HostAnnouncement: ServerType 0 when
 * `leaving` (the server goes away, [MS-BRWS] 3.2.7), or with the browser bits cleared
 * (only the browser stops, 3.3.7); then the group names are released. The lists are kept
 * (for the caller to save), and the role becomes STOPPED directly. */
void brw_engine_stop(BrwEngine *e, gint64 now_us, gboolean leaving);

/* A whole NetBIOS datagram (reassembled) that arrived on our subnet; `src_ip`/`src_port`
 * are where it came from (UDP source, host byte order), which replies go back to. The
 * datagram's buffers are borrowed for the call only. */
void brw_engine_handle_datagram(BrwEngine *e, gint64 now_us, const MsDgram *dgram,
                                guint32 src_ip, guint16 src_port);

/* Runs every timer that is due at now_us. */
void brw_engine_handle_timeout(BrwEngine *e, gint64 now_us);

/* When handle_timeout() next has work (monotonic microseconds); G_MAXINT64 for never. */
gint64 brw_engine_next_deadline(const BrwEngine *e);

/* The outcome of a REGISTER_NAME effect: `ok` FALSE when a defender objected. */
void brw_engine_name_result(BrwEngine *e, gint64 now_us, const MsName *name, gboolean ok);

/* A name we held was taken from us (a conflict demand, [RFC 1002] 4.2.17 / 5.1.3.5). */
void brw_engine_name_lost(BrwEngine *e, gint64 now_us, const MsName *name);

/* The outcome of a SYNC effect: the master's servers and machine groups as NetServerEnum2
 * returned them (name, type, version and comment are used), or ok = FALSE when the master
 * could not be reached. Arrays are borrowed. A result that no SYNC is waiting for is
 * ignored. */
void brw_engine_sync_result(BrwEngine *e, gint64 now_us, gboolean ok,
                            const BrwListEntry *servers, guint n_servers,
                            const BrwListEntry *domains, guint n_domains);

/* The outcome of a DOMAIN_SYNC effect for the peer at `ip`, as brw_engine_sync_result().
 * Entries from a peer never replace what we heard ourselves (BRWS-084); a peer's entries
 * that its next copy no longer lists go. */
void brw_engine_domain_sync_result(BrwEngine *e, gint64 now_us, guint32 ip, gboolean ok,
                                   const BrwListEntry *servers, guint n_servers,
                                   const BrwListEntry *domains, guint n_domains);

/* The outcome of FIND_DOMAIN_MASTER: the address that holds <group><1B>, 0 for none. */
void brw_engine_domain_master_found(BrwEngine *e, gint64 now_us, guint32 ip);

/* TRUE while we hold <group><1B> (the domain master's name). */
gboolean brw_engine_is_domain_master(const BrwEngine *e);

/* Asks for an election now, as an operator would ([MS-BRWS] 3.3.5.8 triggers). */
void brw_engine_force_election(BrwEngine *e, gint64 now_us);

/* Asks every server of the group to announce itself now, as an operator would: one
 * AnnouncementRequest to <group><00> naming us ([MS-BRWS] 2.2.2). Each server answers
 * within its reply delay (3.2.5.1), so the master's list fills without waiting for the
 * servers' schedules. Our own schedules do not move. Returns FALSE, sending nothing, while
 * the engine is stopped. */
gboolean brw_engine_request_announcements(BrwEngine *e, gint64 now_us);

BrwRole brw_engine_role(const BrwEngine *e);
/* The local master we know of, "" when none; our own name while we are master. */
const char *brw_engine_master(const BrwEngine *e);
const BrwEngineConfig *brw_engine_config(const BrwEngine *e);
/* Our election criteria as we would send them now. */
guint32 brw_engine_criteria(const BrwEngine *e);
/* The ServerType we announce now: services plus the bits of our role. */
guint32 brw_engine_server_type(const BrwEngine *e);
/* TRUE while an election of ours is running. */
gboolean brw_engine_electing(const BrwEngine *e);
/* The servers and machine groups we know (master: heard on the subnet; backup: the
 * master's copy). Owned by the engine, valid until its next call. */
BrwList *brw_engine_servers(BrwEngine *e);
BrwList *brw_engine_domains(BrwEngine *e);
/* The names a GetBackupListResponse would carry now (ourselves first while master), at
 * most `max` (0: no limit). Returns how many were written to names[]. */
guint brw_engine_backup_list(const BrwEngine *e, char (*names)[BRW_NAME_SIZE], guint max);
const BrwCounters *brw_engine_counters(const BrwEngine *e);

/* Encodes a SEND effect as a whole datagram: the mailslot write of send->frame, from
 * `source` (our <name><00>) at src_ip:src_port, with datagram id `id`. The type is
 * DIRECT_GROUP or DIRECT_UNIQUE as send->group says. Returns MS_OK or the encoder's error
 * (a frame that does not fit one datagram is never fragmented). */
MsStatus brw_send_encode(const BrwSend *send, const MsName *source, guint32 src_ip,
                         guint16 src_port, guint16 id, MsWriter *w);

G_END_DECLS
