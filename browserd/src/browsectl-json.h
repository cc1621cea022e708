/* Reading the daemon's JSON in browsectl: accessors that return a default for a member that
 * is missing or of another type (a newer or older daemon is not a reason to crash or to
 * print GLib criticals), and the reply envelope. */
#pragma once

#include <json-glib/json-glib.h>

const char *browsectl_get_string(JsonObject *o, const char *member); /* NULL if not a string */
gint64 browsectl_get_int(JsonObject *o, const char *member, gint64 fallback);
gboolean browsectl_get_bool(JsonObject *o, const char *member, gboolean fallback);
JsonObject *browsectl_get_object(JsonObject *o, const char *member);
JsonArray *browsectl_get_array(JsonObject *o, const char *member);
/* The i-th element of `a` when it is an object, else NULL. */
JsonObject *browsectl_array_object(JsonArray *a, guint i);

typedef struct {
    JsonNode *root; /* owned */
    gboolean ok;
    JsonObject *result; /* ok: the result (borrowed from root) */
    const char *code;   /* !ok: the error's code and message (borrowed) */
    const char *message;
    gboolean is_event; /* a watch event rather than a reply */
} BrowsectlReply;

/* Parses one line from the daemon. FALSE with *error when it is not a reply or event of
 * protocol version 1. Clear with browsectl_reply_clear() either way. */
gboolean browsectl_reply_parse(const char *line, BrowsectlReply *reply, GError **error);
void browsectl_reply_clear(BrowsectlReply *reply);
