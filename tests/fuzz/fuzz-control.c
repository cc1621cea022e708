/* Fuzzes the control protocol's request path: the bytes a client sends, split into lines
 * with the server's cap (bd-control-lines.c), each line dispatched (bd-control-dispatch.c)
 * to a fake daemon with real engines (tests/unit/bd-control-fake.c). Properties: no crash or
 * leak; a blank line gets no reply and every other line exactly one; a reply is one line of
 * valid UTF-8 JSON: an object with "v" 1, "id" null or an integer, "ok" a boolean, and then
 * "result" (an object) or "error" with a known "code" and a "message"; an overlong line is
 * line-too-long; the line buffer never holds more than the cap plus one push. */
#include <string.h>

#include "bd-control-dispatch.h"
#include "bd-control-fake.h"
#include "bd-control-lines.h"
#include "fuzz-common.h"

int LLVMFuzzerTestOneInput(const guint8 *data, size_t size);

/* Small, so that inputs of a few hundred bytes reach the cap. */
#define MAX_LINE 512
/* The server reads at most this much at once; inputs are fed the same way. */
#define CHUNK 97

static gboolean
known_code(const char *code)
{
    for (gint c = 0; c < BD_CONTROL_ERROR_CODE_COUNT; c++)
        if (strcmp(code, bd_control_error_code_to_string((BdControlErrorCode)c)) == 0)
            return TRUE;
    return FALSE;
}

/* Checks one reply; returns its error code ("" when ok). */
static const char *
check_reply(JsonNode *reply, char *code, gsize code_size)
{
    gsize len;
    g_autofree char *line = bd_control_node_to_line(reply, &len);
    FUZZ_CHECK(len == strlen(line) && len >= 2 && line[len - 1] == '\n');
    FUZZ_CHECK(memchr(line, '\n', len - 1) == NULL);
    FUZZ_CHECK(g_utf8_validate(line, (gssize)len, NULL));
    g_autoptr(JsonParser) p = json_parser_new();
    FUZZ_CHECK(json_parser_load_from_data(p, line, (gssize)len - 1, NULL));
    JsonNode *root = json_parser_get_root(p);
    FUZZ_CHECK(root != NULL && JSON_NODE_HOLDS_OBJECT(root));
    JsonObject *o = json_node_get_object(root);
    FUZZ_CHECK(json_object_get_int_member_with_default(o, "v", 0) == 1);
    JsonNode *id = json_object_get_member(o, "id");
    FUZZ_CHECK(id != NULL &&
               (JSON_NODE_HOLDS_NULL(id) || json_node_get_value_type(id) == G_TYPE_INT64));
    JsonNode *ok = json_object_get_member(o, "ok");
    FUZZ_CHECK(ok != NULL && json_node_get_value_type(ok) == G_TYPE_BOOLEAN);
    code[0] = '\0';
    if (json_node_get_boolean(ok)) {
        JsonNode *result = json_object_get_member(o, "result");
        FUZZ_CHECK(result != NULL && JSON_NODE_HOLDS_OBJECT(result));
        FUZZ_CHECK(!json_object_has_member(o, "error"));
        return code;
    }
    JsonNode *error = json_object_get_member(o, "error");
    FUZZ_CHECK(error != NULL && JSON_NODE_HOLDS_OBJECT(error));
    JsonObject *e = json_node_get_object(error);
    const char *c = json_object_get_string_member_with_default(e, "code", "");
    FUZZ_CHECK(known_code(c));
    FUZZ_CHECK(json_object_get_string_member_with_default(e, "message", NULL) != NULL);
    g_strlcpy(code, c, code_size);
    return code;
}

static gboolean
blank(const char *line, gsize len)
{
    for (gsize i = 0; i < len; i++)
        if (!g_ascii_isspace(line[i]))
            return FALSE;
    return TRUE;
}

int
LLVMFuzzerTestOneInput(const guint8 *data, size_t size)
{
    FakeView *fake = fake_view_new();
    FakeLink *eth0 = fake_view_add_link(fake, "eth0", 0x0A000105u, "WORKGROUP", "B1", TRUE, TRUE);
    fake_view_add_link(fake, "eth1", 0xC0A80002u, "LAB", "B1", FALSE, FALSE);
    fake_link_add_entry(eth0, FALSE, "FILES", 0x1003, "caf\x82", fake->now, 720);
    fake_link_add_entry(eth0, TRUE, "OTHER", 0x80001000u, "OM", fake->now, 720);
    BdControlView view = fake_view_control(fake);

    BdControlLines lines;
    bd_control_lines_init(&lines, MAX_LINE);
    for (gsize off = 0; off <= size; off += CHUNK) {
        gsize n = MIN((gsize)CHUNK, size - off);
        if (off == size) /* the end of input ends the last line, as EOF does */
            bd_control_lines_push(&lines, (const guint8 *)"\n", 1);
        else
            bd_control_lines_push(&lines, data + off, n);
        FUZZ_CHECK(bd_control_lines_pending(&lines) <= MAX_LINE + 1 + CHUNK);
        const char *line;
        gsize len;
        BdControlLinesResult r;
        while ((r = bd_control_lines_next(&lines, &line, &len)) != BD_CONTROL_LINES_NONE) {
            if (r == BD_CONTROL_LINES_TOO_LONG)
                continue; /* the server answers line-too-long itself */
            FUZZ_CHECK(len <= MAX_LINE);
            BdControlOutcome outcome;
            g_autoptr(JsonNode) reply = bd_control_dispatch_line(&view, line, len, &outcome);
            FUZZ_CHECK((reply == NULL) == blank(line, len));
            if (reply == NULL)
                continue;
            char code[32];
            check_reply(reply, code, sizeof code);
            FUZZ_CHECK(outcome.ok == (code[0] == '\0'));
            FUZZ_CHECK(!outcome.watch || outcome.ok);
            /* Time passes between requests, so the engines' timers run too. */
            fake_view_run_until(fake, fake->now + 700 * 1000);
        }
        if (off == size)
            break;
    }
    bd_control_lines_clear(&lines);
    fake_view_free(fake);
    return 0;
}
