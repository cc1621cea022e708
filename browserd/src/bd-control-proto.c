/* The control protocol's envelope (bd-control-proto.h): request lines in, reply lines out.
 * Everything a client sends is untrusted: each check here ends in an error reply, never in
 * a closed connection or a log line. */
#include "bd-control-proto.h"
#include "bd-entry-json.h"

#include <string.h>

G_DEFINE_QUARK(bd - control - error - quark, bd_control_error)

const char *
bd_control_error_code_to_string(BdControlErrorCode code)
{
    static const char *const names[BD_CONTROL_ERROR_CODE_COUNT] = {
        [BD_CONTROL_ERROR_PARSE] = "parse-error",
        [BD_CONTROL_ERROR_INVALID_REQUEST] = "invalid-request",
        [BD_CONTROL_ERROR_UNSUPPORTED_VERSION] = "unsupported-version",
        [BD_CONTROL_ERROR_UNKNOWN_VERB] = "unknown-verb",
        [BD_CONTROL_ERROR_INVALID_ARGUMENT] = "invalid-argument",
        [BD_CONTROL_ERROR_NO_SUCH_INTERFACE] = "no-such-interface",
        [BD_CONTROL_ERROR_NO_SUCH_WORKGROUP] = "no-such-workgroup",
        [BD_CONTROL_ERROR_LINE_TOO_LONG] = "line-too-long",
        [BD_CONTROL_ERROR_TOO_MANY_CLIENTS] = "too-many-clients",
        [BD_CONTROL_ERROR_IDLE_TIMEOUT] = "idle-timeout",
        [BD_CONTROL_ERROR_TOO_SLOW] = "too-slow",
        [BD_CONTROL_ERROR_SHUTTING_DOWN] = "shutting-down",
    };
    if ((guint)code >= BD_CONTROL_ERROR_CODE_COUNT)
        return "invalid-request";
    return names[code];
}

/* The deepest nesting of arrays and objects, outside strings. The text is valid UTF-8, so
 * '"', '\\', '[' and '{' bytes are those characters. */
static guint
nesting_depth(const char *text, gsize len)
{
    guint depth = 0, deepest = 0;
    gboolean in_string = FALSE;
    for (gsize i = 0; i < len; i++) {
        char c = text[i];
        if (in_string) {
            if (c == '\\')
                i++; /* the escaped character cannot end the string */
            else if (c == '"')
                in_string = FALSE;
        } else if (c == '"') {
            in_string = TRUE;
        } else if (c == '[' || c == '{') {
            depth++;
            deepest = MAX(deepest, depth);
        } else if ((c == ']' || c == '}') && depth > 0) {
            depth--;
        }
    }
    return deepest;
}

static gboolean
fail(GError **error, BdControlErrorCode code, const char *message)
{
    g_set_error_literal(error, BD_CONTROL_ERROR, (gint)code, message);
    return FALSE;
}

/* TRUE when `node` is a JSON integer (not a float, string or boolean). */
static gboolean
is_integer(JsonNode *node)
{
    return node != NULL && JSON_NODE_HOLDS_VALUE(node) &&
           json_node_get_value_type(node) == G_TYPE_INT64;
}

gboolean
bd_control_request_parse(const char *line, gsize len, BdControlRequest *rq, GError **error)
{
    memset(rq, 0, sizeof *rq);
    /* json-glib would stop at a NUL, and its messages for bad UTF-8 vary: say it here. */
    if (memchr(line, '\0', len) != NULL || !g_utf8_validate(line, (gssize)len, NULL))
        return fail(error, BD_CONTROL_ERROR_PARSE, "the line is not UTF-8 text");
    if (nesting_depth(line, len) > BD_CONTROL_MAX_DEPTH)
        return fail(error, BD_CONTROL_ERROR_PARSE, "the request is nested too deeply");
    g_autoptr(JsonParser) parser = json_parser_new();
    g_autoptr(GError) parse_error = NULL;
    if (!json_parser_load_from_data(parser, line, (gssize)len, &parse_error)) {
        g_set_error(error, BD_CONTROL_ERROR, BD_CONTROL_ERROR_PARSE, "not JSON: %s",
                    parse_error->message);
        return FALSE;
    }
    JsonNode *root = json_parser_get_root(parser);
    if (root == NULL || !JSON_NODE_HOLDS_OBJECT(root))
        return fail(error, BD_CONTROL_ERROR_INVALID_REQUEST, "a request is a JSON object");
    rq->root = json_node_copy(root);
    JsonObject *o = json_node_get_object(rq->root);

    /* The id first, so that every later complaint can be matched to its request. */
    if (json_object_has_member(o, "id")) {
        JsonNode *id = json_object_get_member(o, "id");
        if (!is_integer(id))
            return fail(error, BD_CONTROL_ERROR_INVALID_REQUEST, "\"id\" must be an integer");
        rq->has_id = TRUE;
        rq->id = json_node_get_int(id);
    }
    JsonNode *v = json_object_get_member(o, "v");
    if (!is_integer(v))
        return fail(error, BD_CONTROL_ERROR_INVALID_REQUEST,
                    "\"v\" (the protocol version, 1) must be an integer");
    if (json_node_get_int(v) != BD_CONTROL_VERSION) {
        g_set_error(error, BD_CONTROL_ERROR, BD_CONTROL_ERROR_UNSUPPORTED_VERSION,
                    "this daemon speaks version %d of the control protocol", BD_CONTROL_VERSION);
        return FALSE;
    }
    JsonNode *verb = json_object_get_member(o, "verb");
    if (verb == NULL || !JSON_NODE_HOLDS_VALUE(verb) ||
        json_node_get_value_type(verb) != G_TYPE_STRING)
        return fail(error, BD_CONTROL_ERROR_INVALID_REQUEST, "\"verb\" must be a string");
    rq->object = o;
    rq->verb = json_node_get_string(verb);
    return TRUE;
}

void
bd_control_request_clear(BdControlRequest *rq)
{
    g_clear_pointer(&rq->root, json_node_unref);
    rq->object = NULL;
    rq->verb = NULL;
}

static void
envelope(JsonBuilder *b, gboolean has_id, gint64 id, gboolean ok)
{
    json_builder_set_member_name(b, "v");
    json_builder_add_int_value(b, BD_CONTROL_VERSION);
    json_builder_set_member_name(b, "id");
    if (has_id)
        json_builder_add_int_value(b, id);
    else
        json_builder_add_null_value(b);
    json_builder_set_member_name(b, "ok");
    json_builder_add_boolean_value(b, ok);
}

JsonNode *
bd_control_reply_ok(gboolean has_id, gint64 id, JsonNode *result)
{
    g_autoptr(JsonBuilder) b = json_builder_new();
    json_builder_begin_object(b);
    envelope(b, has_id, id, TRUE);
    json_builder_set_member_name(b, "result");
    json_builder_add_value(b, result); /* takes it */
    json_builder_end_object(b);
    return json_builder_get_root(b);
}

JsonNode *
bd_control_reply_error(gboolean has_id, gint64 id, const GError *error)
{
    BdControlErrorCode code = error->domain == BD_CONTROL_ERROR ? (BdControlErrorCode)error->code
                                                                : BD_CONTROL_ERROR_INVALID_REQUEST;
    g_autoptr(JsonBuilder) b = json_builder_new();
    json_builder_begin_object(b);
    envelope(b, has_id, id, FALSE);
    json_builder_set_member_name(b, "error");
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "code");
    json_builder_add_string_value(b, bd_control_error_code_to_string(code));
    json_builder_set_member_name(b, "message");
    g_autofree char *message = bd_entry_json_text(error->message);
    json_builder_add_string_value(b, message);
    json_builder_end_object(b);
    json_builder_end_object(b);
    return json_builder_get_root(b);
}

char *
bd_control_node_to_line(JsonNode *node, gsize *len)
{
    g_autoptr(JsonGenerator) gen = json_generator_new();
    json_generator_set_pretty(gen, FALSE); /* one line: strings escape their newlines */
    json_generator_set_root(gen, node);
    gsize n = 0;
    char *text = json_generator_to_data(gen, &n);
    text = g_realloc(text, n + 2);
    text[n] = '\n';
    text[n + 1] = '\0';
    if (len != NULL)
        *len = n + 1;
    return text;
}

