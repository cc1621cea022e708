/* The control protocol's envelope and framing (bd-control-proto.h, bd-control-lines.h):
 * requests parsed or refused with the right code (and the id kept for the reply whenever it
 * could be read), replies built and written as one line, network text made safe for JSON,
 * and lines split with the length cap. */
#include <string.h>

#include "bd-control-lines.h"
#include "bd-control-proto.h"
#include "bd-entry-json.h"
#include "test-util.h"

/* Parses `line`; returns the error code, or -1 when it parsed. */
static gint
parse_code(const char *line, BdControlRequest *rq)
{
    g_autoptr(GError) error = NULL;
    gboolean ok = bd_control_request_parse(line, strlen(line), rq, &error);
    CU_ASSERT_EQUAL(ok, error == NULL);
    if (ok)
        return -1;
    CU_ASSERT_EQUAL(error->domain, BD_CONTROL_ERROR);
    return error->code;
}

static void
expect_code(const char *line, BdControlErrorCode code)
{
    BdControlRequest rq;
    gint got = parse_code(line, &rq);
    if (got != (gint)code)
        fprintf(stderr, "\n%s: expected %s, got %d\n", line, bd_control_error_code_to_string(code),
                got);
    CU_ASSERT_EQUAL(got, (gint)code);
    bd_control_request_clear(&rq);
}

static void
test_parse_valid(void)
{
    BdControlRequest rq;
    CU_ASSERT_EQUAL(parse_code("{\"v\":1,\"id\":7,\"verb\":\"servers\",\"workgroup\":\"WG\"}", &rq),
                    -1);
    CU_ASSERT_TRUE(rq.has_id);
    CU_ASSERT_EQUAL(rq.id, 7);
    CU_ASSERT_STRING_EQUAL(rq.verb, "servers");
    CU_ASSERT_STRING_EQUAL(json_object_get_string_member(rq.object, "workgroup"), "WG");
    bd_control_request_clear(&rq);
    CU_ASSERT_PTR_NULL(rq.root);

    /* The id is optional, may be negative or large; whitespace is JSON's business. */
    CU_ASSERT_EQUAL(parse_code(" { \"verb\" : \"status\" , \"v\" : 1 } ", &rq), -1);
    CU_ASSERT_FALSE(rq.has_id);
    bd_control_request_clear(&rq);
    CU_ASSERT_EQUAL(parse_code("{\"v\":1,\"id\":-9007199254740993,\"verb\":\"x\"}", &rq), -1);
    CU_ASSERT_EQUAL(rq.id, G_GINT64_CONSTANT(-9007199254740993));
    bd_control_request_clear(&rq);
}

static void
test_parse_refused(void)
{
    expect_code("", BD_CONTROL_ERROR_INVALID_REQUEST);
    expect_code("status", BD_CONTROL_ERROR_PARSE);
    expect_code("{\"v\":1,\"verb\":\"status\"", BD_CONTROL_ERROR_PARSE);
    expect_code("{\"v\":1,\"verb\":\"status\"}}", BD_CONTROL_ERROR_PARSE);
    expect_code("{\"v\":1,\"verb\":\"status\",}", BD_CONTROL_ERROR_PARSE);
    expect_code("[1,2]", BD_CONTROL_ERROR_INVALID_REQUEST);
    expect_code("42", BD_CONTROL_ERROR_INVALID_REQUEST);
    expect_code("\"status\"", BD_CONTROL_ERROR_INVALID_REQUEST);
    expect_code("null", BD_CONTROL_ERROR_INVALID_REQUEST);
    expect_code("{\"verb\":\"status\"}", BD_CONTROL_ERROR_INVALID_REQUEST);
    expect_code("{\"v\":\"1\",\"verb\":\"status\"}", BD_CONTROL_ERROR_INVALID_REQUEST);
    expect_code("{\"v\":1.0,\"verb\":\"status\"}", BD_CONTROL_ERROR_INVALID_REQUEST);
    expect_code("{\"v\":2,\"verb\":\"status\"}", BD_CONTROL_ERROR_UNSUPPORTED_VERSION);
    expect_code("{\"v\":0,\"verb\":\"status\"}", BD_CONTROL_ERROR_UNSUPPORTED_VERSION);
    expect_code("{\"v\":1}", BD_CONTROL_ERROR_INVALID_REQUEST);
    expect_code("{\"v\":1,\"verb\":7}", BD_CONTROL_ERROR_INVALID_REQUEST);
    expect_code("{\"v\":1,\"verb\":null}", BD_CONTROL_ERROR_INVALID_REQUEST);
    expect_code("{\"v\":1,\"verb\":[\"status\"]}", BD_CONTROL_ERROR_INVALID_REQUEST);
    const char *bad_ids[] = {"\"1\"", "1.5", "true", "null", "[]", "{}"};
    for (gsize i = 0; i < G_N_ELEMENTS(bad_ids); i++) {
        g_autofree char *line =
            g_strdup_printf("{\"v\":1,\"id\":%s,\"verb\":\"status\"}", bad_ids[i]);
        BdControlRequest rq;
        CU_ASSERT_EQUAL(parse_code(line, &rq), BD_CONTROL_ERROR_INVALID_REQUEST);
        CU_ASSERT_FALSE(rq.has_id);
        bd_control_request_clear(&rq);
    }
}

static void
test_parse_keeps_id_for_the_reply(void)
{
    /* Everything checked after the id can be answered with it. */
    const char *lines[] = {
        "{\"id\":5}",
        "{\"id\":5,\"v\":3,\"verb\":\"status\"}",
        "{\"id\":5,\"v\":1,\"verb\":false}",
    };
    for (gsize i = 0; i < G_N_ELEMENTS(lines); i++) {
        BdControlRequest rq;
        CU_ASSERT_NOT_EQUAL(parse_code(lines[i], &rq), -1);
        CU_ASSERT_TRUE(rq.has_id);
        CU_ASSERT_EQUAL(rq.id, 5);
        bd_control_request_clear(&rq);
    }
}

static void
test_parse_bytes(void)
{
    /* A NUL inside the line, bytes that are not UTF-8, and deep nesting never reach
     * json-glib. */
    const char nul[] = "{\"v\":1,\"verb\":\"st\0atus\"}";
    BdControlRequest rq;
    g_autoptr(GError) e1 = NULL;
    CU_ASSERT_FALSE(bd_control_request_parse(nul, sizeof nul - 1, &rq, &e1));
    CU_ASSERT_TRUE(g_error_matches(e1, BD_CONTROL_ERROR, BD_CONTROL_ERROR_PARSE));
    bd_control_request_clear(&rq);
    expect_code("{\"v\":1,\"verb\":\"\xff\xfe\"}", BD_CONTROL_ERROR_PARSE);
    expect_code("{\"v\":1,\"verb\":\"\xc3\"}", BD_CONTROL_ERROR_PARSE);

    g_autoptr(GString) deep = g_string_new("{\"v\":1,\"verb\":\"status\",\"x\":");
    for (int i = 0; i < BD_CONTROL_MAX_DEPTH; i++)
        g_string_append_c(deep, '[');
    for (int i = 0; i < BD_CONTROL_MAX_DEPTH; i++)
        g_string_append_c(deep, ']');
    g_string_append_c(deep, '}');
    expect_code(deep->str, BD_CONTROL_ERROR_PARSE); /* 1 + MAX_DEPTH levels */
    g_autoptr(GString) fits = g_string_new("{\"v\":1,\"verb\":\"status\",\"x\":");
    for (int i = 1; i < BD_CONTROL_MAX_DEPTH; i++)
        g_string_append(fits, "[");
    for (int i = 1; i < BD_CONTROL_MAX_DEPTH; i++)
        g_string_append(fits, "]");
    g_string_append_c(fits, '}');
    CU_ASSERT_EQUAL(parse_code(fits->str, &rq), -1);
    bd_control_request_clear(&rq);
    /* Brackets inside strings are text, not nesting. */
    g_autoptr(GString) text = g_string_new("{\"v\":1,\"verb\":\"");
    for (int i = 0; i < 100; i++)
        g_string_append(text, "[{\\\"");
    g_string_append(text, "\"}");
    CU_ASSERT_EQUAL(parse_code(text->str, &rq), -1);
    bd_control_request_clear(&rq);
}

static JsonObject *
parse_line(const char *line, JsonNode **root)
{
    g_autoptr(JsonParser) p = json_parser_new();
    CU_ASSERT_TRUE_FATAL(json_parser_load_from_data(p, line, -1, NULL));
    *root = json_node_copy(json_parser_get_root(p));
    return json_node_get_object(*root);
}

static void
test_replies(void)
{
    g_autoptr(JsonBuilder) b = json_builder_new();
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "text");
    json_builder_add_string_value(b, "two\nlines");
    json_builder_end_object(b);
    g_autoptr(JsonNode) ok = bd_control_reply_ok(TRUE, 12, json_builder_get_root(b));
    gsize len;
    g_autofree char *line = bd_control_node_to_line(ok, &len);
    CU_ASSERT_EQUAL(strlen(line), len);
    CU_ASSERT_STRING_EQUAL(
        line, "{\"v\":1,\"id\":12,\"ok\":true,\"result\":{\"text\":\"two\\nlines\"}}\n");

    g_autoptr(GError) error =
        g_error_new_literal(BD_CONTROL_ERROR, BD_CONTROL_ERROR_NO_SUCH_WORKGROUP, "no \x01 WG");
    g_autoptr(JsonNode) bad = bd_control_reply_error(FALSE, 0, error);
    g_autofree char *bad_line = bd_control_node_to_line(bad, NULL);
    CU_ASSERT_STRING_EQUAL(bad_line,
                           "{\"v\":1,\"id\":null,\"ok\":false,\"error\":{\"code\":"
                           "\"no-such-workgroup\",\"message\":\"no \xef\xbf\xbd WG\"}}\n");
    JsonNode *root;
    JsonObject *o = parse_line(bad_line, &root);
    CU_ASSERT_TRUE(json_object_get_null_member(o, "id"));
    json_node_unref(root);

    /* An error of another domain is a bug; it still makes a well-formed reply. */
    g_autoptr(GError) other = g_error_new_literal(G_IO_ERROR, G_IO_ERROR_FAILED, "x");
    g_autoptr(JsonNode) odd = bd_control_reply_error(TRUE, 1, other);
    g_autofree char *odd_line = bd_control_node_to_line(odd, NULL);
    CU_ASSERT_PTR_NOT_NULL(strstr(odd_line, "\"code\":\"invalid-request\""));
}

static void
test_error_codes(void)
{
    GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
    for (gint c = 0; c < BD_CONTROL_ERROR_CODE_COUNT; c++) {
        const char *s = bd_control_error_code_to_string((BdControlErrorCode)c);
        CU_ASSERT_TRUE(s[0] != '\0');
        CU_ASSERT_FALSE(g_hash_table_contains(seen, s));
        g_hash_table_add(seen, (gpointer)(guintptr)s);
    }
    g_hash_table_unref(seen);
    CU_ASSERT_STRING_EQUAL(bd_control_error_code_to_string(BD_CONTROL_ERROR_CODE_COUNT),
                           "invalid-request");
    CU_ASSERT_STRING_EQUAL(bd_control_error_code_to_string(BD_CONTROL_ERROR_TOO_SLOW), "too-slow");
}

static void
test_text(void)
{
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"plain", "plain"},
        {"", ""},
        {"caf\xc3\xa9", "caf\xc3\xa9"}, /* UTF-8 stays */
        {"caf\x82", "caf\xef\xbf\xbd"}, /* CP850 e-acute: not UTF-8 */
        {"a\tb\nc\x7f", "a\xef\xbf\xbd"
                        "b\xef\xbf\xbd"
                        "c\xef\xbf\xbd"}, /* controls */
        {"\xc2\x85", "\xef\xbf\xbd"},     /* C1 control (NEL) */
    };
    for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *t = bd_entry_json_text(cases[i].in);
        CU_ASSERT_STRING_EQUAL(t, cases[i].out);
        CU_ASSERT_TRUE(g_utf8_validate(t, -1, NULL));
    }
}

/* ---- lines --------------------------------------------------------------------------- */

static void
push(BdControlLines *l, const char *text)
{
    bd_control_lines_push(l, (const guint8 *)text, strlen(text));
}

/* The next result; a line is copied to *out (may be NULL). */
static BdControlLinesResult
next(BdControlLines *l, char **out)
{
    const char *line = NULL;
    gsize len = 0;
    BdControlLinesResult r = bd_control_lines_next(l, &line, &len);
    if (out != NULL)
        *out = r == BD_CONTROL_LINES_LINE ? g_strndup(line, len) : NULL;
    return r;
}

static void
expect_line(BdControlLines *l, const char *want)
{
    g_autofree char *got = NULL;
    CU_ASSERT_EQUAL_FATAL(next(l, &got), BD_CONTROL_LINES_LINE);
    CU_ASSERT_STRING_EQUAL(got, want);
}

static void
test_lines_split(void)
{
    BdControlLines l;
    bd_control_lines_init(&l, 16);
    CU_ASSERT_EQUAL(next(&l, NULL), BD_CONTROL_LINES_NONE);
    push(&l, "one\ntwo\r\nth");
    expect_line(&l, "one");
    expect_line(&l, "two");
    CU_ASSERT_EQUAL(next(&l, NULL), BD_CONTROL_LINES_NONE);
    push(&l, "ree\n\n");
    expect_line(&l, "three");
    expect_line(&l, "");
    CU_ASSERT_EQUAL(next(&l, NULL), BD_CONTROL_LINES_NONE);
    CU_ASSERT_EQUAL(bd_control_lines_pending(&l), 0);
    bd_control_lines_clear(&l);
}

static void
test_lines_cap(void)
{
    BdControlLines l;
    bd_control_lines_init(&l, 8);
    push(&l, "12345678\n123456789\nok\n");
    expect_line(&l, "12345678"); /* exactly the cap */
    CU_ASSERT_EQUAL(next(&l, NULL), BD_CONTROL_LINES_TOO_LONG);
    expect_line(&l, "ok"); /* the connection goes on */

    /* Reported as soon as it is too long, once; the rest is dropped as it arrives. */
    push(&l, "0123456789");
    CU_ASSERT_EQUAL(next(&l, NULL), BD_CONTROL_LINES_TOO_LONG);
    CU_ASSERT_EQUAL(bd_control_lines_pending(&l), 0);
    for (int i = 0; i < 100; i++) {
        push(&l, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
        CU_ASSERT_EQUAL(next(&l, NULL), BD_CONTROL_LINES_NONE);
        CU_ASSERT_EQUAL(bd_control_lines_pending(&l), 0);
    }
    push(&l, "tail\nnext\n");
    expect_line(&l, "next");
    CU_ASSERT_EQUAL(next(&l, NULL), BD_CONTROL_LINES_NONE);

    /* A CRLF line of exactly the cap is not too long while its '\n' is on the way. */
    push(&l, "12345678\r");
    CU_ASSERT_EQUAL(next(&l, NULL), BD_CONTROL_LINES_NONE);
    push(&l, "\n");
    expect_line(&l, "12345678");
    bd_control_lines_clear(&l);
}

static CU_TestInfo tests[] = {
    {"parse a valid request", test_parse_valid},
    {"refuse what is not a request", test_parse_refused},
    {"keep the id for the reply", test_parse_keeps_id_for_the_reply},
    {"NUL, bad UTF-8, deep nesting", test_parse_bytes},
    {"replies", test_replies},
    {"error codes", test_error_codes},
    {"network text", test_text},
    {"lines: split", test_lines_split},
    {"lines: length cap", test_lines_cap},
    CU_TEST_INFO_NULL,
};

int
main(void)
{
    return test_run_suite("bd-control-proto", tests);
}
