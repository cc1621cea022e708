/* What a `watch` connection receives: one JSON object per line for each event of an engine,
 *
 *   {"v":1,"event":"role-changed","time":"2024-05-01T12:00:01.5Z","interface":"eth0",
 *    "workgroup":"WG","old":"potential","new":"master"}
 *
 * with, after the common members:
 *   role-changed     "old", "new"                        (roles as brw_role_to_string)
 *   master-changed   "master" (null: no master known)
 *   election-won     "criteria" (CRITERIA), "uptime_ms"
 *   election-lost    "criteria", "uptime_ms", "winner", "winner_criteria",
 *                    "winner_uptime_ms"
 *   server-added, server-removed, domain-added, domain-removed   "name"
 * (CRITERIA as in bd-control-dispatch.h). "time" is UTC, ISO 8601. */
#pragma once

#include <browse-proto/brw-engine.h>
#include <json-glib/json-glib.h>

/* The event for `fx`, or NULL for an effect that is no event (a datagram to send, a name
 * to register or release, a sync to run). `wall_us` is the real time (g_get_real_time()).
 * Returns a new node. */
JsonNode *bd_control_event_new(const char *interface, const char *workgroup, const BrwEffect *fx,
                               gint64 wall_us);
