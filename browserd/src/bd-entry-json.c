/* A browse-list entry as JSON (bd-entry-json.h). */
#include "bd-entry-json.h"

#include <string.h>

#include <browse-proto/brw-server-type.h>

char *
bd_entry_json_text(const char *bytes)
{
    g_autofree char *valid = g_utf8_make_valid(bytes, -1);
    GString *out = g_string_sized_new(strlen(valid));
    for (char *p = valid; *p != '\0'; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0))
            g_string_append_unichar(out, 0xFFFD);
        else
            g_string_append_len(out, p, g_utf8_next_char(p) - p);
    }
    return g_string_free(out, FALSE);
}

static void
add_text(JsonBuilder *b, const char *member, const char *bytes)
{
    g_autofree char *text = bd_entry_json_text(bytes);
    json_builder_set_member_name(b, member);
    json_builder_add_string_value(b, text);
}

static void
add_int(JsonBuilder *b, const char *member, gint64 value)
{
    json_builder_set_member_name(b, member);
    json_builder_add_int_value(b, value);
}

void
bd_entry_json_add_fields(JsonBuilder *b, const BrwListEntry *e)
{
    add_text(b, "name", e->name);
    add_int(b, "type", e->server_type);
    g_autofree char *flags = brw_server_type_to_string(e->server_type);
    json_builder_set_member_name(b, "flags");
    json_builder_add_string_value(b, flags);
    add_int(b, "os_major", e->version_major);
    add_int(b, "os_minor", e->version_minor);
    add_text(b, "comment", e->comment);
    json_builder_set_member_name(b, "source");
    json_builder_add_string_value(b, e->source == BRW_SOURCE_SYNC ? "sync" : "local");
}
