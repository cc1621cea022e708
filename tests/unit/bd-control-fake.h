/* A fake daemon for the control interface's tests and fuzz target: links with real
 * engines (and optionally real name tables) on a virtual clock, behind a BdControlView.
 * Nothing here does I/O: engine sends are dropped, <1D> registrations granted at once.
 * Not CUnit-based, so the fuzz target can use it. */
#pragma once

#include "bd-control-view.h"

#define FAKE_T0 ((gint64)5000 * G_USEC_PER_SEC) /* the virtual clock's start */

typedef struct FakeView FakeView;

typedef struct {
    FakeView *view;
    char interface[16];
    guint32 ip;
    char workgroup[16];
    BrwEngine *engine;
    MsNameTable *table; /* NULL unless asked for */
    MsReasmCounters reasm;
    gint64 started_us;
    guint elect_calls;
    guint announce_calls;
    GArray *inbox; /* MsName: registrations to grant after the current engine call */
    BdSyncRecord syncs[4];
    guint n_syncs;
} FakeLink;

/* Called with every engine effect (watch tests forward them to a server). */
typedef void (*FakeEventFunc)(FakeLink *link, const BrwEffect *effect, gpointer user_data);

struct FakeView {
    gint64 now;
    GPtrArray *links; /* FakeLink* */
    BdControlDaemonInfo info;
    MsUdpCounters name_service;
    MsUdpCounters datagram;
    FakeEventFunc on_event;
    gpointer event_data;
};

FakeView *fake_view_new(void);
void fake_view_free(FakeView *v);

/* A started link whose engine is named `netbios_name` in `workgroup` (seeded by its
 * position). `browser` FALSE makes a non-browser server. With `table`, the link has a name
 * table holding the engine's names. */
FakeLink *fake_view_add_link(FakeView *v, const char *interface, guint32 ip, const char *workgroup,
                             const char *netbios_name, gboolean browser, gboolean table);

/* Runs every link's timers up to `t` in order, granting <1D> registrations. */
void fake_view_run_until(FakeView *v, gint64 t);
/* Forces an election on `l` and runs until it is master (at most 30 s). */
gboolean fake_link_make_master(FakeLink *l);

/* Adds a server (or, with `domain`, a workgroup) to the link's list, heard at `heard_us`,
 * expiring `lifetime_s` after. */
void fake_link_add_entry(FakeLink *l, gboolean domain, const char *name, guint32 type,
                         const char *comment, gint64 heard_us, gint64 lifetime_s);
/* Records a list copy from `peer` that ended at `at_us` (0: under way); `error` NULL for
 * one that worked. */
void fake_link_add_sync(FakeLink *l, const char *peer, guint32 ip, gint64 at_us,
                        guint servers, guint domains, const char *error);

BdControlView fake_view_control(FakeView *v);
