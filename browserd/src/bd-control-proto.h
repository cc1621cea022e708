/* The control protocol's envelope: one JSON object per line, versioned.
 *
 *   request  {"v":1,"id":7,"verb":"servers","workgroup":"WG"}
 *   reply    {"v":1,"id":7,"ok":true,"result":{...}}
 *            {"v":1,"id":7,"ok":false,"error":{"code":"no-such-workgroup","message":"..."}}
 *   event    {"v":1,"event":"role-changed",...}          (to `watch` connections only)
 *
 * "id" is optional and echoed (null when the request had none or it could not be read);
 * "v" and "verb" are required; every other member is an argument of the verb. Error codes
 * are stable tokens (bd_control_error_code_to_string) for scripts; messages are for
 * people. The verbs and their results are in bd-control-dispatch.h. */
#pragma once

#include <json-glib/json-glib.h>

#define BD_CONTROL_VERSION 1
/* The longest request line, newline excluded. Requests are a few dozen bytes; the cap
 * bounds what one client can make the daemon hold. */
#define BD_CONTROL_MAX_LINE 4096
/* Requests are flat objects; deeper nesting is refused before json-glib sees it, so
 * parsing never recurses more than this. */
#define BD_CONTROL_MAX_DEPTH 8

#define BD_CONTROL_ERROR (bd_control_error_quark())
GQuark bd_control_error_quark(void);

typedef enum {
    BD_CONTROL_ERROR_PARSE = 0,       /* not JSON, not UTF-8, or nested too deep */
    BD_CONTROL_ERROR_INVALID_REQUEST, /* JSON, but not a request: v, id or verb is wrong */
    BD_CONTROL_ERROR_UNSUPPORTED_VERSION,
    BD_CONTROL_ERROR_UNKNOWN_VERB,
    BD_CONTROL_ERROR_INVALID_ARGUMENT, /* an argument the verb does not take, or a bad value */
    BD_CONTROL_ERROR_NO_SUCH_INTERFACE,
    BD_CONTROL_ERROR_NO_SUCH_WORKGROUP,
    BD_CONTROL_ERROR_LINE_TOO_LONG,    /* the line was discarded; the connection stays */
    BD_CONTROL_ERROR_TOO_MANY_CLIENTS, /* sent once, then the connection is closed */
    BD_CONTROL_ERROR_IDLE_TIMEOUT,     /* sent once, then the connection is closed */
    BD_CONTROL_ERROR_TOO_SLOW,         /* a watcher that did not read: last line */
    BD_CONTROL_ERROR_SHUTTING_DOWN,    /* the daemon is stopping: last line */
    BD_CONTROL_ERROR_CODE_COUNT
} BdControlErrorCode;

/* "parse-error", "invalid-request", "unsupported-version", "unknown-verb",
 * "invalid-argument", "no-such-interface", "no-such-workgroup", "line-too-long",
 * "too-many-clients", "idle-timeout", "too-slow", "shutting-down". */
const char *bd_control_error_code_to_string(BdControlErrorCode code);

typedef struct {
    JsonNode *root;     /* owned; the request object once parsed */
    JsonObject *object; /* borrowed from root; NULL unless the parse succeeded */
    const char *verb;   /* borrowed from object */
    gboolean has_id;    /* set as soon as the id was read, also when parsing fails later */
    gint64 id;
} BdControlRequest;

/* Parses one line (without its newline; `line` need not be NUL-terminated). FALSE with
 * *error (BD_CONTROL_ERROR) when it is not a request; rq->has_id and rq->id then say
 * whether the reply can echo an id. Free with bd_control_request_clear() either way. */
gboolean bd_control_request_parse(const char *line, gsize len, BdControlRequest *rq,
                                  GError **error);
void bd_control_request_clear(BdControlRequest *rq);

/* Replies; `result` is taken. An error of another domain than BD_CONTROL_ERROR is a bug
 * and is reported as code "invalid-request". */
JsonNode *bd_control_reply_ok(gboolean has_id, gint64 id, JsonNode *result);
JsonNode *bd_control_reply_error(gboolean has_id, gint64 id, const GError *error);

/* A reply or event as one line: compact JSON and "\n". *len (may be NULL) gets its length.
 * Newly allocated. */
char *bd_control_node_to_line(JsonNode *node, gsize *len);

