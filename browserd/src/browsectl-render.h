/* browsectl's output for people: each verb's result (the daemon's JSON, described in
 * browserd/browsectl.schema.json) as aligned text. Every function returns a newly
 * allocated string ending in a newline, or "" when there is nothing to say; members a
 * daemon left out show as "-" rather than fail. */
#pragma once

#include <json-glib/json-glib.h>

/* "42s", "5m03s", "1h02m", "3d04h": two units at most, for columns. */
char *browsectl_duration(gint64 seconds);

char *browsectl_render_status(JsonObject *result);
char *browsectl_render_servers(JsonObject *result);
char *browsectl_render_domains(JsonObject *result);
char *browsectl_render_backups(JsonObject *result);
char *browsectl_render_stats(JsonObject *result);

/* elect and announce: "eth1 WG: no ACTION (role non-browser)" for each link the action did
 * not apply to (`member` FALSE); *applied counts the links it did apply to. */
char *browsectl_render_actions(JsonObject *result, const char *member, const char *action,
                               guint *applied);

/* watch: the state the stream starts from, then one line per event. Times are shown in
 * `tz` (NULL: local time). */
char *browsectl_render_watching(JsonObject *result);
char *browsectl_render_event(JsonObject *event, GTimeZone *tz);
