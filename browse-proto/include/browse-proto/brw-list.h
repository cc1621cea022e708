/* A browse list: the servers (or the workgroups) one browser knows of, as NetServerEnum2
 * serves them ([MS-BRWS] §3.3.1, [MS-RAP] §3.2.5.12).
 *
 * Names are keys, compared case-insensitively. Updating an entry is O(1): a hash table finds
 * it and a timing wheel of one-second slots orders expiry, so an announcement flood costs
 * the same per announcement at 100 entries as at 100,000. Queries return entries sorted by
 * name from a snapshot that is rebuilt only after an entry was added or removed.
 *
 * Pure: time is an argument (monotonic microseconds); nothing here reads a clock. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define BRW_LIST_NAME_MAX 15
/* HostAnnouncement comments are at most 43 bytes with the NUL ([MS-BRWS] §2.2.1); a domain
 * entry's comment is its local master's name. */
#define BRW_LIST_COMMENT_MAX 43
/* The farthest ahead an entry may expire: announced periodicities are clamped so that
 * 3 x periodicity fits (the longest real one, DomainAnnouncement's 15 min, gives 45 min). */
#define BRW_LIST_MAX_LIFETIME_US ((gint64)3600 * G_USEC_PER_SEC)

typedef enum {
    BRW_SOURCE_LOCAL, /* heard announce itself on this subnet */
    BRW_SOURCE_SYNC,  /* learned from another browser's list */
} BrwListSource;

typedef struct {
    char name[BRW_LIST_NAME_MAX + 1];
    guint32 server_type;
    guint8 version_major;
    guint8 version_minor;
    char comment[BRW_LIST_COMMENT_MAX + 1];
    BrwListSource source;
    gint64 last_heard_us;
    gint64 expires_us;
} BrwListEntry;

typedef enum {
    BRW_LIST_ADDED,
    BRW_LIST_UPDATED,
    BRW_LIST_REFUSED_FULL,  /* at the cap: new entries are refused, existing ones kept */
    BRW_LIST_REFUSED_LOCAL, /* a synced entry may not overwrite a local one ([MS-BRWS] fn 58) */
    BRW_LIST_REFUSED_NAME,  /* empty or longer than 15 bytes */
} BrwListResult;

typedef struct BrwList BrwList;

/* Called for each entry that expire() removes, before it is freed. */
typedef void (*BrwListExpiredFunc)(const BrwListEntry *entry, gpointer user_data);

/* `max_entries` caps the list (0: no cap). */
BrwList *brw_list_new(guint max_entries);
void brw_list_free(BrwList *list);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(BrwList, brw_list_free)

/* Adds or updates the entry called `entry->name` with `entry`'s fields, to expire at
 * now + lifetime (clamped to (0, BRW_LIST_MAX_LIFETIME_US]). */
BrwListResult brw_list_update(BrwList *list, const BrwListEntry *entry, gint64 now_us,
                              gint64 lifetime_us);

/* Removes the entry called `name`; FALSE if there was none. */
gboolean brw_list_remove(BrwList *list, const char *name);

/* Removes every entry learned by sync (e.g. when the browser it came from is gone). */
guint brw_list_remove_source(BrwList *list, BrwListSource source);

/* Removes what expired at or before now; returns how many. */
guint brw_list_expire(BrwList *list, gint64 now_us, BrwListExpiredFunc func,
                      gpointer user_data);

/* The earliest time at which expire() has work, or G_MAXINT64 for an empty list. */
gint64 brw_list_next_expiry(const BrwList *list);

const BrwListEntry *brw_list_lookup(const BrwList *list, const char *name);
guint brw_list_count(const BrwList *list);
/* Changes with every add, update and removal (expiry included): an answer built from the
 * list is current as long as this stays the same. */
guint64 brw_list_version(const BrwList *list);

/* Entries whose type has a bit of `type_mask` in common (all entries for 0xFFFFFFFF),
 * local ones only if `local_only`, sorted case-insensitively by name, starting at the first
 * name >= `from` (NULL or "": from the start; NetServerEnum3 resumes this way).
 * Returns a new array of pointers into the list, valid until the list next changes. */
GPtrArray *brw_list_query(BrwList *list, guint32 type_mask, gboolean local_only,
                          const char *from);

G_END_DECLS
