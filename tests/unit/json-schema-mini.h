/* A JSON Schema validator for the subset browserd/browsectl.schema.json uses, for tests:
 * $ref (to "#/$defs/NAME"), type, enum, const, minimum, maximum, pattern, properties,
 * required, additionalProperties (boolean or schema), items, anyOf, oneOf. Annotations
 * ($schema, $id, $defs, title, description) are skipped; any other keyword makes
 * validation fail, so the schema can never rely on a keyword this would silently ignore. */
#pragma once

#include <json-glib/json-glib.h>

/* Validates `instance` against the schema at `pointer` ("#" or "#/$defs/NAME") of the
 * schema document `root`. On failure, *why (may be NULL) gets where and why. */
gboolean jsm_validate(JsonNode *root, const char *pointer, JsonNode *instance, GString *why);
