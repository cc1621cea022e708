/* The test validator (json-schema-mini.h). */
#include "json-schema-mini.h"

#include <string.h>

typedef struct {
    JsonNode *root;
    GString *why;
    guint depth;
} Ctx;

static gboolean check(Ctx *c, JsonNode *schema, JsonNode *node, const char *path);

static gboolean bad(Ctx *c, const char *path, const char *fmt, ...) G_GNUC_PRINTF(3, 4);

static gboolean
bad(Ctx *c, const char *path, const char *fmt, ...)
{
    if (c->why != NULL) {
        va_list ap;
        va_start(ap, fmt);
        g_autofree char *m = g_strdup_vprintf(fmt, ap);
        va_end(ap);
        g_string_printf(c->why, "%s: %s", path[0] ? path : "(top)", m);
    }
    return FALSE;
}

static JsonNode *
resolve(JsonNode *root, const char *pointer)
{
    if (strcmp(pointer, "#") == 0)
        return root;
    static const char prefix[] = "#/$defs/";
    if (!g_str_has_prefix(pointer, prefix))
        return NULL;
    JsonObject *defs = json_object_get_object_member(json_node_get_object(root), "$defs");
    return defs != NULL ? json_object_get_member(defs, pointer + sizeof prefix - 1) : NULL;
}

static gboolean
is_type(JsonNode *n, const char *type)
{
    GType vt = JSON_NODE_HOLDS_VALUE(n) ? json_node_get_value_type(n) : G_TYPE_INVALID;
    if (strcmp(type, "object") == 0)
        return JSON_NODE_HOLDS_OBJECT(n);
    if (strcmp(type, "array") == 0)
        return JSON_NODE_HOLDS_ARRAY(n);
    if (strcmp(type, "null") == 0)
        return JSON_NODE_HOLDS_NULL(n);
    if (strcmp(type, "string") == 0)
        return vt == G_TYPE_STRING;
    if (strcmp(type, "boolean") == 0)
        return vt == G_TYPE_BOOLEAN;
    if (strcmp(type, "integer") == 0)
        return vt == G_TYPE_INT64;
    if (strcmp(type, "number") == 0)
        return vt == G_TYPE_INT64 || vt == G_TYPE_DOUBLE;
    return FALSE;
}

static gboolean
number(JsonNode *n, double *out)
{
    if (!JSON_NODE_HOLDS_VALUE(n))
        return FALSE;
    if (json_node_get_value_type(n) == G_TYPE_INT64)
        *out = (double)json_node_get_int(n);
    else if (json_node_get_value_type(n) == G_TYPE_DOUBLE)
        *out = json_node_get_double(n);
    else
        return FALSE;
    return TRUE;
}

static gboolean
check_type(Ctx *c, JsonNode *spec, JsonNode *n, const char *path)
{
    if (JSON_NODE_HOLDS_ARRAY(spec)) {
        JsonArray *a = json_node_get_array(spec);
        for (guint i = 0; i < json_array_get_length(a); i++)
            if (is_type(n, json_array_get_string_element(a, i)))
                return TRUE;
        return bad(c, path, "not of any type allowed");
    }
    const char *type = json_node_get_string(spec);
    return is_type(n, type) ? TRUE : bad(c, path, "not of type %s", type);
}

static gboolean
check_object(Ctx *c, JsonObject *s, JsonNode *n, const char *path)
{
    if (!JSON_NODE_HOLDS_OBJECT(n))
        return TRUE; /* "type" says whether it must be one */
    JsonObject *o = json_node_get_object(n);
    JsonObject *props = json_object_has_member(s, "properties")
                            ? json_object_get_object_member(s, "properties")
                            : NULL;
    if (json_object_has_member(s, "required")) {
        JsonArray *req = json_object_get_array_member(s, "required");
        for (guint i = 0; i < json_array_get_length(req); i++) {
            const char *name = json_array_get_string_element(req, i);
            if (!json_object_has_member(o, name))
                return bad(c, path, "lacks the required member '%s'", name);
        }
    }
    JsonNode *extra = json_object_get_member(s, "additionalProperties");
    JsonObjectIter it;
    const char *name;
    JsonNode *value;
    json_object_iter_init_ordered(&it, o);
    while (json_object_iter_next_ordered(&it, &name, &value)) {
        g_autofree char *sub = g_strdup_printf("%s.%s", path, name);
        JsonNode *ps = props != NULL ? json_object_get_member(props, name) : NULL;
        if (ps != NULL) {
            if (!check(c, ps, value, sub))
                return FALSE;
        } else if (extra != NULL) {
            if (JSON_NODE_HOLDS_VALUE(extra) && !json_node_get_boolean(extra))
                return bad(c, sub, "is not allowed here");
            if (JSON_NODE_HOLDS_OBJECT(extra) && !check(c, extra, value, sub))
                return FALSE;
        }
    }
    return TRUE;
}

static gboolean
check_alternatives(Ctx *c, JsonArray *alts, JsonNode *n, const char *path, gboolean one)
{
    guint matched = 0;
    GString *first = NULL;
    for (guint i = 0; i < json_array_get_length(alts); i++) {
        GString *why = g_string_new(NULL);
        Ctx sub = {c->root, why, c->depth};
        if (check(&sub, json_array_get_element(alts, i), n, path))
            matched++;
        if (first == NULL)
            first = why;
        else
            g_string_free(why, TRUE);
    }
    gboolean ok = one ? matched == 1 : matched >= 1;
    if (!ok)
        bad(c, path, "%s (first alternative: %s)",
            matched == 0 ? "matches no alternative" : "matches more than one alternative",
            first != NULL ? first->str : "none");
    if (first != NULL)
        g_string_free(first, TRUE);
    return ok;
}

static gboolean
check(Ctx *c, JsonNode *schema, JsonNode *n, const char *path)
{
    if (++c->depth > 64) {
        c->depth--;
        return bad(c, path, "schema nested too deeply (a $ref loop?)");
    }
    gboolean ok = TRUE;
    JsonObject *s = json_node_get_object(schema);
    JsonObjectIter it;
    const char *key;
    JsonNode *v;
    json_object_iter_init_ordered(&it, s);
    while (ok && json_object_iter_next_ordered(&it, &key, &v)) {
        if (strcmp(key, "$schema") == 0 || strcmp(key, "$id") == 0 || strcmp(key, "$defs") == 0 ||
            strcmp(key, "title") == 0 || strcmp(key, "description") == 0 ||
            strcmp(key, "properties") == 0 || strcmp(key, "required") == 0 ||
            strcmp(key, "additionalProperties") == 0) {
            continue; /* annotations, or handled with the object below */
        } else if (strcmp(key, "$ref") == 0) {
            JsonNode *target = resolve(c->root, json_node_get_string(v));
            ok = target != NULL ? check(c, target, n, path)
                                : bad(c, path, "unresolvable $ref %s", json_node_get_string(v));
        } else if (strcmp(key, "type") == 0) {
            ok = check_type(c, v, n, path);
        } else if (strcmp(key, "enum") == 0) {
            JsonArray *a = json_node_get_array(v);
            ok = FALSE;
            for (guint i = 0; !ok && i < json_array_get_length(a); i++)
                ok = json_node_equal(json_array_get_element(a, i), n);
            if (!ok)
                bad(c, path, "not one of the enumerated values");
        } else if (strcmp(key, "const") == 0) {
            ok = json_node_equal(v, n) ? TRUE : bad(c, path, "not the constant value");
        } else if (strcmp(key, "minimum") == 0 || strcmp(key, "maximum") == 0) {
            double x, limit = 0;
            if (!number(v, &limit))
                ok = bad(c, path, "the schema's %s is not a number", key);
            else if (number(n, &x) && (key[1] == 'i' ? x < limit : x > limit))
                ok = bad(c, path, "beyond its %s", key);
        } else if (strcmp(key, "pattern") == 0) {
            if (JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == G_TYPE_STRING &&
                !g_regex_match_simple(json_node_get_string(v), json_node_get_string(n), 0, 0))
                ok = bad(c, path, "'%s' does not match %s", json_node_get_string(n),
                         json_node_get_string(v));
        } else if (strcmp(key, "items") == 0) {
            if (JSON_NODE_HOLDS_ARRAY(n)) {
                JsonArray *a = json_node_get_array(n);
                for (guint i = 0; ok && i < json_array_get_length(a); i++) {
                    g_autofree char *sub = g_strdup_printf("%s[%u]", path, i);
                    ok = check(c, v, json_array_get_element(a, i), sub);
                }
            }
        } else if (strcmp(key, "anyOf") == 0 || strcmp(key, "oneOf") == 0) {
            ok = check_alternatives(c, json_node_get_array(v), n, path, key[0] == 'o');
        } else {
            ok = bad(c, path, "the schema uses '%s', which this validator does not know", key);
        }
    }
    if (ok)
        ok = check_object(c, s, n, path);
    c->depth--;
    return ok;
}

gboolean
jsm_validate(JsonNode *root, const char *pointer, JsonNode *instance, GString *why)
{
    Ctx c = {root, why, 0};
    JsonNode *schema = resolve(root, pointer);
    if (schema == NULL)
        return bad(&c, "", "no schema at %s", pointer);
    return check(&c, schema, instance, "");
}
