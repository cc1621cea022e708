/* A browse-list entry as JSON, the same for browserd's control replies and for browsectl
 * --network, so that `browsectl --json servers` has one shape whatever it asked. */
#pragma once

#include <browse-proto/brw-list.h>
#include <json-glib/json-glib.h>

/* Text from the network as valid, printable UTF-8: the wire says nothing of character sets
 * (a comment is in the sender's OEM code page), so what is not UTF-8, and control
 * characters, become U+FFFD. Newly allocated. */
char *bd_entry_json_text(const char *bytes);

/* The members every entry has, into the object being built: name, type, flags (in words),
 * os_major, os_minor, comment, source. The caller opens and closes the object and may add
 * members of its own. */
void bd_entry_json_add_fields(JsonBuilder *b, const BrwListEntry *e);
