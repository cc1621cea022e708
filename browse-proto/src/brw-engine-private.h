/* The engine's state and the functions its files share. Private to browse-proto.
 *
 * Timers are plain due times (monotonic microseconds); BRW_NEVER means off. The files:
 * brw-engine.c (life cycle, intake, dispatch, effects, deadlines), brw-election.c,
 * brw-announce.c, brw-master.c, brw-backup.c. */
#pragma once

#include <browse-proto/brw-engine.h>

#define BRW_NEVER G_MAXINT64
#define BRW_MS ((gint64)1000)
#define BRW_SECOND ((gint64)G_USEC_PER_SEC)
#define BRW_MINUTE (60 * BRW_SECOND)

/* Time for a new master to announce itself after an election we lost; if none does, we
 * look for it (the winner may have failed to register <1D>). */
#define BRW_ELECTION_SETTLE (30 * BRW_SECOND)

/* TRUE when a timer is armed and its time has come. */
static inline gboolean
brw_due(gint64 when, gint64 now_us)
{
    return when != BRW_NEVER && when <= now_us;
}

struct BrwEngine {
    BrwEngineConfig cfg;
    BrwEffectFunc effect_func;
    gpointer effect_data;
    GArray *effects; /* BrwEffect, queued during a call, flushed at its end */
    GRand *rand;
    BrwCounters counters;

    BrwRole role;
    gint64 started_us;
    char master[BRW_NAME_SIZE]; /* the local master we follow; ours while MASTER */

    /* HostAnnouncement ([MS-BRWS] 3.2.6) */
    guint host_count;         /* announcements sent on the schedule */
    gint64 host_due;          /* next scheduled announcement */
    gint64 host_reply_due;    /* an extra one answering AnnouncementRequest */

    /* Election ([MS-BRWS] 3.3.5.8, 3.3.6) */
    gboolean electing;
    guint election_sends;
    gint64 election_due;
    guint claim_failures;     /* <1D> refusals in a row: back-off for the next try */
    gint64 claim_retry_due;   /* a new election after a refused <1D> */
    gboolean claiming;        /* won; waiting for the <1D> registration */

    /* Finding the master (brws.md §8.4) */
    guint find_master_misses;
    guint fruitless_searches;  /* FindMaster rounds in a row that heard no master */
    gint64 find_master_due;
    gint64 master_silence_due; /* no LMA by then: look for the master again */

    /* Master duties */
    guint lma_count;
    gint64 lma_due;
    gint64 lma_reply_due;      /* an LMA answering AnnouncementRequest to <1D> */
    guint domain_count;
    gint64 domain_due;
    gint64 backup_review_due;  /* re-evaluate the number of backups */
    GHashTable *promoted;      /* name -> gint64* time BecomeBackup was sent */

    /* Backup duties */
    gboolean sync_pending;     /* a SYNC effect is out, waiting for its result */
    gboolean backup_confirmed; /* announced BACKUP_BROWSER after the first sync */
    guint sync_failures;
    gint64 sync_due;

    /* Domain browsing (brw-domain.c) */
    gboolean dmb_held;         /* <group><1B> is ours */
    guint32 dmb_ip;            /* the domain master we announce to as LMB (0: none known) */
    gint64 find_dmb_due;       /* look for <group><1B> (again) */
    GHashTable *peers;         /* GUINT_TO_POINTER(ip) -> BrwPeer*: browsers we copy from */
    GHashTable *tombstones;    /* "S:NAME"/"D:NAME" -> gint64*: local entries that expired
                                * lately, not to be taken back from the domain master */

    BrwList *servers;
    BrwList *domains;

    /* Policy (brw-trust.c) */
    BrwNameFilter *name_filter;
    GHashTable *rivals; /* upper-case name -> gint64* when last reported */
};

/* brw-engine.c */
void brw_engine_emit(BrwEngine *e, const BrwEffect *effect);
void brw_engine_send(BrwEngine *e, const BrwFrame *frame, const MsName *dest, gboolean group,
                     guint32 ip, guint16 port);
void brw_engine_send_to_group(BrwEngine *e, const BrwFrame *frame, guint8 suffix);
void brw_engine_send_to_computer(BrwEngine *e, const BrwFrame *frame, const char *computer);
void brw_engine_name_op(BrwEngine *e, BrwEffectKind kind, const char *base, guint8 suffix,
                        gboolean group);
void brw_engine_set_role(BrwEngine *e, BrwRole role);
void brw_engine_set_master(BrwEngine *e, const char *name);
void brw_engine_emit_entry(BrwEngine *e, BrwEffectKind kind, const char *name);
/* Adds or refreshes an entry, emitting `added` when it is new and counting refusals. */
void brw_engine_update_entry(BrwEngine *e, BrwList *list, const BrwListEntry *entry,
                             gint64 now_us, gint64 lifetime_us, BrwEffectKind added);
/* Empties `list`, emitting `removed` for each entry. */
void brw_engine_clear_list(BrwEngine *e, BrwList *list, BrwEffectKind removed);
gint64 brw_engine_random_delay(BrwEngine *e, gint64 min_us, gint64 max_us);
gboolean brw_name_is(const char *a, const char *b);

/* brw-election.c */
guint32 brw_election_uptime_ms(const BrwEngine *e, gint64 now_us);
gboolean brw_election_we_win(const BrwEngine *e, gint64 now_us, const BrwRequestElection *rq);
void brw_election_start(BrwEngine *e, gint64 now_us);
void brw_election_stop(BrwEngine *e);
void brw_election_on_request(BrwEngine *e, gint64 now_us, const BrwRequestElection *rq);
void brw_election_on_timer(BrwEngine *e, gint64 now_us);
void brw_election_send_forced(BrwEngine *e);

/* brw-announce.c */
void brw_announce_start(BrwEngine *e, gint64 now_us);
void brw_announce_host(BrwEngine *e, gint64 now_us, guint32 server_type);
void brw_announce_on_timers(BrwEngine *e, gint64 now_us);
void brw_announce_on_request(BrwEngine *e, gint64 now_us, gboolean to_master_name);
void brw_announce_master_start(BrwEngine *e, gint64 now_us);
void brw_announce_fill(const BrwEngine *e, BrwFrame *f, BrwFrameKind kind,
                       guint32 periodicity_ms, guint32 server_type);
guint32 brw_announce_host_gap_ms(const BrwEngine *e, guint count);
guint32 brw_announce_lma_gap_ms(const BrwEngine *e, guint count);
guint32 brw_announce_domain_gap_ms(const BrwEngine *e, guint count);

/* brw-master.c */
void brw_master_claim(BrwEngine *e, gint64 now_us);
void brw_master_on_claim_result(BrwEngine *e, gint64 now_us, gboolean ok);
/* Master -> POTENTIAL ([MS-BRWS] 3.3 transition 1; we are never a DC, so never BACKUP),
 * said at once in a HostAnnouncement; the lists are emptied. */
void brw_master_step_down(BrwEngine *e, gint64 now_us);
/* What ending the master role always takes: its names released, its timers stopped. The
 * role and the lists are the caller's business. */
void brw_master_leave(BrwEngine *e);
void brw_master_on_host_announcement(BrwEngine *e, gint64 now_us, const BrwAnnouncement *a,
                                     gboolean local_master_frame);
void brw_master_on_domain_announcement(BrwEngine *e, gint64 now_us,
                                       const BrwDomainAnnouncement *d);
void brw_master_on_backup_request(BrwEngine *e, const BrwBackupListRequest *rq,
                                  const MsName *requester, guint32 ip, guint16 port);
void brw_master_review_backups(BrwEngine *e, gint64 now_us);
void brw_master_refresh_self(BrwEngine *e, gint64 now_us);
guint brw_master_backups_wanted(guint servers);

/* brw-domain.c */
void brw_domain_init(BrwEngine *e);
void brw_domain_free(BrwEngine *e);
/* At start: a domain master registers <group><1B>. */
void brw_domain_start(BrwEngine *e);
/* We became local master: announce to our domain master and peers, copy their lists. */
void brw_domain_on_master(BrwEngine *e, gint64 now_us);
/* The master role ended: peers forgotten, their entries dropped unless `keep_lists`. */
void brw_domain_end(BrwEngine *e, gboolean keep_lists);
/* Registration result or loss of a name; FALSE when it is not <group><1B>. */
gboolean brw_domain_on_name(BrwEngine *e, const MsName *name, gboolean held);
/* A MasterAnnouncement from src_ip; FALSE when we take none from it. */
gboolean brw_domain_on_master_announcement(BrwEngine *e, gint64 now_us,
                                           const BrwMasterAnnouncement *m, guint32 src_ip);
void brw_domain_on_timers(BrwEngine *e, gint64 now_us);
gint64 brw_domain_next_deadline(const BrwEngine *e);
void brw_domain_on_sync_result(BrwEngine *e, gint64 now_us, guint32 ip, gboolean ok,
                               const BrwListEntry *servers, guint n_servers,
                               const BrwListEntry *domains, guint n_domains);
void brw_domain_on_found(BrwEngine *e, gint64 now_us, guint32 ip);
/* A list entry expired; a local one is not taken back from our domain master's copy for a
 * while (its copy of it is older than our own knowledge). */
void brw_domain_on_expired(BrwEngine *e, const BrwListEntry *entry, gboolean domain);
/* brw-trust.c: the administrator's trusted masters at intake. FALSE: drop `f` as
 * untrusted. Reports rival masters (BRW_EFFECT_RIVAL_*) as a side effect. `source` is the
 * datagram's source name. */
gboolean brw_trust_admit(BrwEngine *e, gint64 now_us, const BrwFrame *f, const char *source);

/* brw-backup.c */
void brw_backup_look_for_master(BrwEngine *e, gint64 now_us);
/* How long to wait for a master to show before looking again: BRW_ELECTION_SETTLE, doubled
 * for each fruitless search in a row, at most 12 min. */
gint64 brw_backup_search_delay(const BrwEngine *e);
void brw_backup_on_find_master_timer(BrwEngine *e, gint64 now_us);
/* `name` is the master; it speaks again within periodicity_ms. */
void brw_backup_note_master(BrwEngine *e, gint64 now_us, const char *name,
                            guint32 periodicity_ms);
void brw_backup_on_local_master(BrwEngine *e, gint64 now_us, const BrwAnnouncement *a);
void brw_backup_on_become_backup(BrwEngine *e, gint64 now_us, const BrwBecomeBackup *b);
void brw_backup_on_sync_timer(BrwEngine *e, gint64 now_us);
void brw_backup_on_sync_result(BrwEngine *e, gint64 now_us, gboolean ok,
                               const BrwListEntry *servers, guint n_servers,
                               const BrwListEntry *domains, guint n_domains);
void brw_backup_on_reset(BrwEngine *e, gint64 now_us, guint8 flags);
/* Ends the backup duties (syncs); the copied lists go unless `keep_lists`. */
void brw_backup_end(BrwEngine *e, gboolean keep_lists);
