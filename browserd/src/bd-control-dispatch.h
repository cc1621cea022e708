/* The control verbs: a table of plain functions from (daemon view, request) to result, and
 * the dispatcher that turns one request line into one reply. No sockets here: the server
 * (bd-control-server.h) feeds lines in and writes replies out, and tests call the handlers
 * directly.
 *
 * Every verb but watch takes the link filters "interface" (a served interface's name or
 * address) and "workgroup" (case-insensitive); without them it covers every link. A filter
 * that matches nothing is the error no-such-interface or no-such-workgroup. Results
 * (members marked ? may be null):
 *
 *   status   {"daemon":{"version","pid","uptime_s"},
 *             "links":[{LINK,"netbios_name","role","master"?,"electing",
 *                       "criteria":CRITERIA,"server_type":{"value","flags"},"uptime_s",
 *                       "servers","domains","engine":{elections_started, ...},
 *                       "name_table"?:{...},"names":[{"name","state","group"}]}]}
 *   servers  {"links":[{LINK,"role","master"?,"servers":[ENTRY...]}]}   arg "type": a mask
 *   domains  {"links":[{LINK,"role","master"?,"domains":[ENTRY...]}]}
 *   backups  {"links":[{LINK,"role","master"?,"backups":["NAME"...]}]} (a master's list)
 *   elect    {"links":[{LINK,"role","forced"}]}        forced: FALSE for a non-browser
 *   announce {"links":[{LINK,"role","requested"}]}     requested: FALSE while stopped
 *   watch    {"watching":true,"links":[{LINK,"role","master"?}]}, then events
 *   stats    {"daemon":{"unrouted","sockets":{...},"control":{...}?},
 *             "links":[{LINK,"engine":{...},"name_table"?,"reassembly"?,
 *                       "unresolved_drops"}]}
 *
 *   LINK      "interface","address","workgroup"
 *   ENTRY     {"name","type","flags","os_major","os_minor","comment","source",
 *              "last_heard_s","expires_in_s"}  flags: brw_server_type_to_string(type)
 *   CRITERIA  {"value","hex","os_level","browser_version","roles":[...]}
 *
 * browserd/browsectl.schema.json describes all of it exactly; a unit test holds the two
 * together. */
#pragma once

#include "bd-control-proto.h"
#include "bd-control-view.h"

/* Returns the result (owned) or NULL with *error (BD_CONTROL_ERROR). `request` is the
 * whole request object; handlers read only their arguments from it. */
typedef JsonNode *(*BdControlHandler)(const BdControlView *view, JsonObject *request,
                                      GError **error);

typedef struct {
    const char *name;
    BdControlHandler handler;
    const char *const *args; /* the arguments it takes, NULL-terminated */
    gboolean streams;        /* once it succeeds, the connection receives events */
} BdControlVerb;

/* Every verb, ended by a NULL name. */
extern const BdControlVerb bd_control_verbs[];
const BdControlVerb *bd_control_verb_lookup(const char *name);

typedef struct {
    gboolean ok;    /* the reply is ok:true */
    gboolean watch; /* ... to a verb that streams: the connection now watches */
    gboolean has_id;
    gint64 id;
} BdControlOutcome;

/* One request line (without its newline) to its reply; NULL for a blank line, which is
 * not a request and gets no reply. A malformed request gets an error reply like any
 * other failure. */
JsonNode *bd_control_dispatch_line(const BdControlView *view, const char *line, gsize len,
                                   BdControlOutcome *outcome);

JsonNode *bd_control_status(const BdControlView *view, JsonObject *request, GError **error);
JsonNode *bd_control_servers(const BdControlView *view, JsonObject *request, GError **error);
JsonNode *bd_control_domains(const BdControlView *view, JsonObject *request, GError **error);
JsonNode *bd_control_backups(const BdControlView *view, JsonObject *request, GError **error);
JsonNode *bd_control_elect(const BdControlView *view, JsonObject *request, GError **error);
JsonNode *bd_control_announce(const BdControlView *view, JsonObject *request, GError **error);
JsonNode *bd_control_watch(const BdControlView *view, JsonObject *request, GError **error);
JsonNode *bd_control_stats(const BdControlView *view, JsonObject *request, GError **error);
