/* JSON accessors and the reply envelope for browsectl (browsectl-json.h). */
#include "browsectl-json.h"

#include <string.h>

static JsonNode *
member(JsonObject *o, const char *name)
{
    return o != NULL ? json_object_get_member(o, name) : NULL;
}

const char *
browsectl_get_string(JsonObject *o, const char *name)
{
    JsonNode *n = member(o, name);
    if (n == NULL || !JSON_NODE_HOLDS_VALUE(n) || json_node_get_value_type(n) != G_TYPE_STRING)
        return NULL;
    return json_node_get_string(n);
}

gint64
browsectl_get_int(JsonObject *o, const char *name, gint64 fallback)
{
    JsonNode *n = member(o, name);
    if (n == NULL || !JSON_NODE_HOLDS_VALUE(n) || json_node_get_value_type(n) != G_TYPE_INT64)
        return fallback;
    return json_node_get_int(n);
}

gboolean
browsectl_get_bool(JsonObject *o, const char *name, gboolean fallback)
{
    JsonNode *n = member(o, name);
    if (n == NULL || !JSON_NODE_HOLDS_VALUE(n) || json_node_get_value_type(n) != G_TYPE_BOOLEAN)
        return fallback;
    return json_node_get_boolean(n);
}

JsonObject *
browsectl_get_object(JsonObject *o, const char *name)
{
    JsonNode *n = member(o, name);
    return n != NULL && JSON_NODE_HOLDS_OBJECT(n) ? json_node_get_object(n) : NULL;
}

JsonArray *
browsectl_get_array(JsonObject *o, const char *name)
{
    JsonNode *n = member(o, name);
    return n != NULL && JSON_NODE_HOLDS_ARRAY(n) ? json_node_get_array(n) : NULL;
}

JsonObject *
browsectl_array_object(JsonArray *a, guint i)
{
    if (a == NULL || i >= json_array_get_length(a))
        return NULL;
    JsonNode *n = json_array_get_element(a, i);
    return JSON_NODE_HOLDS_OBJECT(n) ? json_node_get_object(n) : NULL;
}

gboolean
browsectl_reply_parse(const char *line, BrowsectlReply *reply, GError **error)
{
    memset(reply, 0, sizeof *reply);
    g_autoptr(JsonParser) parser = json_parser_new();
    g_autoptr(GError) parse_error = NULL;
    if (!json_parser_load_from_data(parser, line, -1, &parse_error)) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                    "the daemon's answer is not JSON: %s", parse_error->message);
        return FALSE;
    }
    JsonNode *root = json_parser_get_root(parser);
    if (root == NULL || !JSON_NODE_HOLDS_OBJECT(root)) {
        g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                            "the daemon's answer is not a JSON object");
        return FALSE;
    }
    reply->root = json_node_copy(root);
    JsonObject *o = json_node_get_object(reply->root);
    if (browsectl_get_int(o, "v", 0) != 1) {
        g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                            "the daemon speaks another version of the control protocol");
        return FALSE;
    }
    if (browsectl_get_string(o, "event") != NULL) {
        reply->is_event = TRUE;
        reply->ok = TRUE;
        reply->result = o;
        return TRUE;
    }
    reply->ok = browsectl_get_bool(o, "ok", FALSE);
    if (reply->ok) {
        reply->result = browsectl_get_object(o, "result");
        if (reply->result == NULL) {
            g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                                "the daemon's answer has no result");
            return FALSE;
        }
        return TRUE;
    }
    JsonObject *e = browsectl_get_object(o, "error");
    reply->code = browsectl_get_string(e, "code");
    reply->message = browsectl_get_string(e, "message");
    if (reply->code == NULL)
        reply->code = "unknown";
    if (reply->message == NULL)
        reply->message = "the daemon reported an error without a message";
    return TRUE;
}

void
browsectl_reply_clear(BrowsectlReply *reply)
{
    g_clear_pointer(&reply->root, json_node_unref);
    reply->result = NULL;
}
