/* The name table's state and the functions its files share. Private to libmailslot.
 *
 * Files: ms-name-table.c (life cycle, effects, transaction ids, timers, accessors),
 * ms-name-table-intake.c (packet intake and dispatch), ms-name-table-register.c (our own
 * registrations and releases, RFC 1002 §5.1.1.1, .2, .4), ms-name-table-defend.c (others'
 * registrations, releases and conflict demands against our names, §5.1.1.5),
 * ms-name-table-answer.c (name queries and node status, §5.1.1.5),
 * ms-name-table-resolve.c (find_name and the cache, §5.1.1.3), ms-name-table-wins.c (the
 * H-node's transactions with a WINS server, §5.1.2-5.1.3). */
#pragma once

#include <libmailslot/ms-name-table.h>

#define MS_NT_NEVER G_MAXINT64
#define MS_NT_MS ((gint64)1000)
#define MS_NT_SECOND ((gint64)G_USEC_PER_SEC)

/* A packet handler's verdict: handled, or the reason it is dropped. */
#define MS_NT_HANDLED MS_NAME_TABLE_DROP_REASON_COUNT
/* ... or (WINS intake) none of its business: the B-node steps decide. */
#define MS_NT_PASS (MS_NAME_TABLE_DROP_REASON_COUNT + 1)

/* One name of ours and, while it is registering or releasing, its transaction. */
typedef struct {
    MsName name;
    gboolean group;
    MsNameState state;
    guint16 trn_id;  /* REGISTERING, RELEASING */
    guint sends;     /* requests of this transaction sent so far */
    gint64 due;      /* the next send, or the end of the transaction; MS_NT_NEVER */
    gboolean wacked; /* a WACK already extended it (honoured once) */
    /* WINS (H-node): the transaction in flight (a registration while REGISTERING, a refresh
     * while HELD) goes to the server; the server granted the name, for wins_ttl_s. A HELD
     * name the server granted has `due` at its next refresh. */
    gboolean via_wins;
    gboolean wins_held;
    guint32 wins_ttl_s;
} MsNtName;

/* One resolution in flight: a broadcast query, then the conflict timer after its answer. */
typedef struct {
    MsName name;
    guint16 trn_id;
    guint sends;
    gint64 due;
    gboolean wacked;
    gboolean via_wins; /* asking the WINS server (unicast), not yet broadcasting */
    guint waiters;     /* resolve() calls it owes an answer */
    gboolean answered;
    guint32 ip; /* the first answer */
    guint16 nb_flags;
    gboolean demanded; /* a conflict demand went to demanded_ip */
    guint32 demanded_ip;
} MsNtQuery;

typedef struct {
    MsName name;
    guint32 ip;
    guint16 nb_flags;
    gint64 expires_us;
} MsNtCacheEntry;

/* Where a packet goes. */
typedef struct {
    gboolean broadcast;
    guint32 ip;
    guint16 port;
} MsNtDest;

struct MsNameTable {
    MsNameTableConfig cfg;
    MsNameTableEffectFunc effect_func;
    gpointer effect_data;
    GArray *effects; /* MsNameTableEffect, queued during a call, flushed at its end */
    GArray *names;   /* MsNtName, in registration order */
    GArray *queries; /* MsNtQuery */
    GArray *cache;   /* MsNtCacheEntry */
    guint16 next_trn_id;
    MsNameTableCounters counters;
};

/* ms-name-table.c */
void ms_name_table_emit(MsNameTable *t, const MsNameTableEffect *effect);
void ms_name_table_flush(MsNameTable *t);
/* Queues a SEND of what `w` holds, unless the builder failed (`st`). `about` names it. */
void ms_name_table_send(MsNameTable *t, MsStatus st, const MsName *about, const MsNtDest *to,
                        const MsWriter *w);
MsNtDest ms_name_table_broadcast(void);
MsNtDest ms_name_table_unicast(guint32 ip, guint16 port);
/* Where a transaction's requests go, and the pause after each: the subnet's broadcast
 * (BCAST_REQ_RETRY_TIMEOUT) or the WINS server's port 137 (UCAST_REQ_RETRY_TIMEOUT). */
MsNtDest ms_name_table_request_dest(const MsNameTable *t, gboolean via_wins);
gint64 ms_name_table_retry_pause(const MsNameTable *t, gboolean via_wins);
/* Our NB address entry for a name of this kind: G bit, ONT B, addresses[0]. */
MsNbAddrEntry ms_name_table_own_entry(const MsNameTable *t, gboolean group);
/* A transaction id no outstanding transaction uses. */
guint16 ms_name_table_new_trn_id(MsNameTable *t);
MsNtName *ms_name_table_find(const MsNameTable *t, const MsName *name, guint *index);
gboolean ms_name_table_is_wildcard(const MsName *name);
/* Time a WACK's TTL buys, capped (RFC 1002 §4.2.16, nbt.md §4.8). */
gint64 ms_name_table_wack_delay(const MsNameTable *t, guint32 ttl_s);

/* ms-name-table-register.c */
void ms_name_table_register_on_timer(MsNameTable *t, gint64 now_us, guint index);
/* A new transaction for our name: a registration (§4.2.2) or a refresh (§4.2.4), by
 * broadcast or to the WINS server; the first request goes out now. */
void ms_name_table_start_request(MsNameTable *t, gint64 now_us, MsNtName *n, MsNbnsOpcode opcode,
                                 gboolean via_wins);
/* The next request of the transaction (same id). */
void ms_name_table_send_request(MsNameTable *t, gint64 now_us, MsNtName *n, MsNbnsOpcode opcode);
/* A registration ended by a negative response from ip:port: REFUSED, entry removed. */
void ms_name_table_refuse(MsNameTable *t, guint index, guint32 ip, guint16 port, MsNbnsRcode rcode);
/* A registration ended well: HELD, REGISTERED. */
void ms_name_table_grant(MsNameTable *t, MsNtName *n);
/* Returns TRUE when the entry at `index` was removed. */
gboolean ms_name_table_release_on_timer(MsNameTable *t, gint64 now_us, guint index);
MsNameTableDropReason ms_name_table_on_registration_response(MsNameTable *t, const MsNbnsPacket *p,
                                                             guint32 src_ip, guint16 src_port);
MsNameTableDropReason ms_name_table_on_own_release_response(MsNameTable *t, const MsNbnsPacket *p);
/* A WACK for a registration of ours; MS_NAME_TABLE_DROP_UNSOLICITED when none matches. */
MsNameTableDropReason ms_name_table_register_on_wack(MsNameTable *t, gint64 now_us,
                                                     const MsNbnsPacket *p);

/* ms-name-table-defend.c */
MsNameTableDropReason ms_name_table_on_registration_request(MsNameTable *t, const MsNbnsPacket *p,
                                                            guint32 src_ip, guint16 src_port);
MsNameTableDropReason ms_name_table_on_release_request(MsNameTable *t, const MsNbnsPacket *p,
                                                       guint32 src_ip, guint16 src_port);
MsNameTableDropReason ms_name_table_on_conflict_demand(MsNameTable *t, const MsNbnsPacket *p,
                                                       guint32 src_ip);
/* NBT-024: a registration, refresh or release sent to us unicast. */
MsNameTableDropReason ms_name_table_on_unicast_request(MsNameTable *t, const MsNbnsPacket *p,
                                                       guint32 src_ip, guint16 src_port);

/* ms-name-table-answer.c */
MsNameTableDropReason ms_name_table_on_name_query(MsNameTable *t, const MsNbnsPacket *p,
                                                  guint32 src_ip, guint16 src_port);
MsNameTableDropReason ms_name_table_on_node_status_request(MsNameTable *t, const MsNbnsPacket *p,
                                                           guint32 src_ip, guint16 src_port);

/* ms-name-table-resolve.c */
void ms_name_table_query_on_timer(MsNameTable *t, gint64 now_us, guint index);
/* A new query transaction, by broadcast (§5.1.1.3) or to the WINS server (§5.1.3); the
 * first request goes out now. */
void ms_name_table_start_query(MsNameTable *t, gint64 now_us, MsNtQuery *q, gboolean via_wins);
/* The next query of the transaction (same id). */
void ms_name_table_send_query(MsNameTable *t, gint64 now_us, MsNtQuery *q);
/* A positive answer (first NB entry `entry`, TTL ttl_s) for every waiter, cached. */
void ms_name_table_query_answer(MsNameTable *t, gint64 now_us, MsNtQuery *q,
                                const MsNbAddrEntry *entry, guint32 ttl_s);
MsNameTableDropReason ms_name_table_on_query_response(MsNameTable *t, gint64 now_us,
                                                      const MsNbnsPacket *p, guint32 src_ip);
MsNameTableDropReason ms_name_table_query_on_wack(MsNameTable *t, gint64 now_us,
                                                  const MsNbnsPacket *p);
void ms_name_table_cache_purge(MsNameTable *t, gint64 now_us);
/* A broadcast release of `name` by `addr`: forget it if that is the address we cached. */
gboolean ms_name_table_cache_forget(MsNameTable *t, const MsName *name, guint32 addr);
/* A name update (overwrite) from its new owner: refresh an entry we already have. */
gboolean ms_name_table_cache_update(MsNameTable *t, const MsName *name, const MsNbAddrEntry *entry);

/* ms-name-table-wins.c: nothing here runs without cfg.wins_server. */
static inline gboolean
ms_name_table_has_wins(const MsNameTable *t)
{
    return t->cfg.wins_server != 0;
}
/* A held name's next try with the server: wins_refresh_retry_s from now. */
void ms_name_table_wins_retry_later(const MsNameTable *t, gint64 now_us, MsNtName *n);
/* The timer of a name with a WINS transaction or a refresh due. */
void ms_name_table_wins_on_timer(MsNameTable *t, gint64 now_us, MsNtName *n);
/* A query timer while asking the server. */
void ms_name_table_wins_query_on_timer(MsNameTable *t, gint64 now_us, MsNtQuery *q);
/* A response: MS_NT_PASS unless it answers a transaction with the server. */
MsNameTableDropReason ms_name_table_wins_on_response(MsNameTable *t, gint64 now_us,
                                                     const MsNbnsPacket *p, guint32 src_ip);
