/* The verb table and the dispatcher (bd-control-dispatch.h): one line in, one reply out. */
#include "bd-control-dispatch.h"

#include <string.h>

static const char *const link_args[] = {"interface", "workgroup", NULL};
static const char *const server_args[] = {"interface", "workgroup", "type", NULL};
static const char *const no_args[] = {NULL};

const BdControlVerb bd_control_verbs[] = {
    {"status", bd_control_status, link_args, FALSE},
    {"servers", bd_control_servers, server_args, FALSE},
    {"domains", bd_control_domains, link_args, FALSE},
    {"backups", bd_control_backups, link_args, FALSE},
    {"elect", bd_control_elect, link_args, FALSE},
    {"announce", bd_control_announce, link_args, FALSE},
    {"watch", bd_control_watch, no_args, TRUE},
    {"stats", bd_control_stats, link_args, FALSE},
    {NULL, NULL, NULL, FALSE},
};

const BdControlVerb *
bd_control_verb_lookup(const char *name)
{
    for (const BdControlVerb *v = bd_control_verbs; v->name != NULL; v++)
        if (strcmp(v->name, name) == 0)
            return v;
    return NULL;
}

static char *
join(const char *const *words)
{
    if (words[0] == NULL)
        return g_strdup("none");
    GString *s = g_string_new(words[0]);
    for (const char *const *w = words + 1; *w != NULL; w++)
        g_string_append_printf(s, ", %s", *w);
    return g_string_free(s, FALSE);
}

static char *
verb_names(void)
{
    GString *s = g_string_new(NULL);
    for (const BdControlVerb *v = bd_control_verbs; v->name != NULL; v++)
        g_string_append_printf(s, "%s%s", s->len ? ", " : "", v->name);
    return g_string_free(s, FALSE);
}

static gboolean
takes(const BdControlVerb *verb, const char *name)
{
    for (const char *const *a = verb->args; *a != NULL; a++)
        if (strcmp(*a, name) == 0)
            return TRUE;
    return FALSE;
}

/* Strict arguments: a misspelt filter silently ignored would list the wrong network. */
static gboolean
check_args(const BdControlVerb *verb, JsonObject *request, GError **error)
{
    JsonObjectIter it;
    const char *name;
    JsonNode *value;
    json_object_iter_init_ordered(&it, request);
    while (json_object_iter_next_ordered(&it, &name, &value)) {
        if (strcmp(name, "v") == 0 || strcmp(name, "id") == 0 || strcmp(name, "verb") == 0 ||
            takes(verb, name))
            continue;
        g_autofree char *known = join(verb->args);
        g_autofree char *cut = g_strndup(name, 48);
        g_set_error(error, BD_CONTROL_ERROR, BD_CONTROL_ERROR_INVALID_ARGUMENT,
                    "verb '%s' takes no argument '%s' (it takes: %s)", verb->name, cut, known);
        return FALSE;
    }
    return TRUE;
}

static gboolean
is_blank(const char *line, gsize len)
{
    for (gsize i = 0; i < len; i++)
        if (!g_ascii_isspace(line[i]))
            return FALSE;
    return TRUE;
}

static JsonNode *
run(const BdControlView *view, const BdControlRequest *rq, gboolean *streams, GError **error)
{
    const BdControlVerb *verb = bd_control_verb_lookup(rq->verb);
    if (verb == NULL) {
        g_autofree char *known = verb_names();
        g_autofree char *cut = g_strndup(rq->verb, 48);
        g_set_error(error, BD_CONTROL_ERROR, BD_CONTROL_ERROR_UNKNOWN_VERB,
                    "unknown verb '%s' (known: %s)", cut, known);
        return NULL;
    }
    if (!check_args(verb, rq->object, error))
        return NULL;
    *streams = verb->streams;
    JsonNode *result = verb->handler(view, rq->object, error);
    if (result == NULL && error != NULL && *error == NULL)
        g_set_error(error, BD_CONTROL_ERROR, BD_CONTROL_ERROR_INVALID_REQUEST, "verb '%s' failed",
                    verb->name); /* a handler's bug, not the client's */
    return result;
}

JsonNode *
bd_control_dispatch_line(const BdControlView *view, const char *line, gsize len,
                         BdControlOutcome *outcome)
{
    memset(outcome, 0, sizeof *outcome);
    if (is_blank(line, len))
        return NULL;
    BdControlRequest rq;
    g_autoptr(GError) error = NULL;
    JsonNode *result = NULL;
    gboolean streams = FALSE;
    if (bd_control_request_parse(line, len, &rq, &error))
        result = run(view, &rq, &streams, &error);
    outcome->has_id = rq.has_id;
    outcome->id = rq.id;
    outcome->ok = result != NULL;
    outcome->watch = result != NULL && streams;
    bd_control_request_clear(&rq);
    if (result == NULL)
        return bd_control_reply_error(outcome->has_id, outcome->id, error);
    return bd_control_reply_ok(outcome->has_id, outcome->id, result);
}
