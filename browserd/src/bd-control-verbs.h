/* What the verb handlers share: reading arguments, choosing links, and the JSON pieces
 * several results carry (link identity, criteria, counters). Private to browserd. */
#pragma once

#include "bd-control-dispatch.h"

/* The links `request` selects by "interface" and "workgroup", as indices (guint) for the
 * view; NULL with *error when an argument has the wrong type or selects nothing. */
GArray *bd_control_select_links(const BdControlView *view, JsonObject *request, GError **error);

/* Optional arguments: absent leaves *out as the fallback and returns TRUE; present with the
 * wrong type or value is invalid-argument. */
gboolean bd_control_arg_string(JsonObject *request, const char *name, const char **out,
                               GError **error);
gboolean bd_control_arg_mask(JsonObject *request, const char *name, guint32 fallback, guint32 *out,
                             GError **error);

/* Seconds from `then_us` to `now_us`, never negative. */
gint64 bd_control_seconds(gint64 now_us, gint64 then_us);

/* Members, each preceded by its name. */
void bd_control_add_link(JsonBuilder *b, const BdControlLink *link); /* interface, address,
                                                                      * workgroup */
void bd_control_add_text(JsonBuilder *b, const char *member, const char *bytes); /* sanitized */
void bd_control_add_name_or_null(JsonBuilder *b, const char *member, const char *name);
void bd_control_add_count(JsonBuilder *b, const char *member, guint64 value);
void bd_control_add_criteria(JsonBuilder *b, const char *member, guint32 criteria);
void bd_control_add_role(JsonBuilder *b, const BdControlLink *link); /* role, master */
