/* NetBIOS names (RFC 1001 §14, RFC 1002 §4.1) and their wire encoding.
 *
 * An MsName is the 16-byte NetBIOS name (15 bytes padded + a suffix byte) plus the scope it
 * lives in. Names are kept exactly as received (case and padding), so a decoded name encodes
 * back to the same bytes; comparisons are case-insensitive as Samba and Windows compare. */
#pragma once

#include <glib.h>
#include <libmailslot/ms-bytes.h>
#include <libmailslot/ms-status.h>

G_BEGIN_DECLS

#define MS_NAME_LEN 16
/* An encoded name, scope and terminating zero included, is at most 255 bytes (RFC 1002
 * §4.1); the 34 bytes of the name itself leave 221 for the scope labels, i.e. a dotted
 * scope of at most 220 characters. */
#define MS_NAME_ENCODED_MAX 255
#define MS_SCOPE_MAX 220
#define MS_SCOPE_LABEL_MAX 63
/* Samba gives up after 10 label pointers; so do we. */
#define MS_NAME_MAX_POINTER_HOPS 10
/* The string form "NAME<xx>" with every byte spelled as <xx>, at worst, plus scope. */
#define MS_NAME_STRING_MAX (MS_NAME_LEN * 4 + 1 + MS_SCOPE_MAX + 1)

typedef struct {
    guint8 bytes[MS_NAME_LEN];  /* bytes[15] is the suffix */
    char scope[MS_SCOPE_MAX + 1]; /* dotted, "" for the default (empty) scope */
} MsName;

/* Suffixes a browser meets ([MS-BRWS] §2.1.1, nbt.md §1.1). */
enum {
    MS_SUFFIX_WORKSTATION = 0x00,
    MS_SUFFIX_MSBROWSE = 0x01,
    MS_SUFFIX_MESSENGER = 0x03,
    MS_SUFFIX_DOMAIN_MASTER = 0x1B,
    MS_SUFFIX_DOMAIN_CONTROLLERS = 0x1C,
    MS_SUFFIX_MASTER_BROWSER = 0x1D,
    MS_SUFFIX_BROWSER_ELECTION = 0x1E,
    MS_SUFFIX_SERVER = 0x20,
};

/* Builds a name from text: upper-cased (ASCII), padded with spaces to 15 bytes, `suffix`
 * appended. The text "*" gives the wildcard, padded with NULs instead (RFC 1002 §4.1).
 * `scope` may be NULL or "" for the default scope.
 * Returns MS_ERR_INVALID_ARG when `text` is empty, longer than 15 bytes or holds a '.' or a
 * control byte, or when the scope is not valid (see ms_scope_is_valid()). */
MsStatus ms_name_init(MsName *name, const char *text, guint8 suffix, const char *scope);

/* The group name of all local master browsers: 01 02 "__MSBROWSE__" 02 01 ([MS-BRWS] §2.1.1). */
void ms_name_init_msbrowse(MsName *name, const char *scope);

/* TRUE if `scope` is NULL, "" or dot-separated labels of 1..63 printable bytes, at most
 * MS_SCOPE_MAX characters in all. */
gboolean ms_scope_is_valid(const char *scope);

static inline guint8
ms_name_suffix(const MsName *name)
{
    return name->bytes[MS_NAME_LEN - 1];
}

/* Case-insensitive comparison of the 16 bytes and of the scope. */
gboolean ms_name_equal(const MsName *a, const MsName *b);

/* Case-insensitive comparison of the scope alone (a packet from another scope is dropped). */
gboolean ms_name_scope_equal(const MsName *name, const char *scope);

/* The first 15 bytes without their padding (trailing spaces or NULs), NUL-terminated, into
 * `out` (at least 16 bytes). Returns the length. */
gsize ms_name_base(const MsName *name, char out[MS_NAME_LEN]);

/* "WORKGROUP<1d>", with any unprintable byte of the base as <xx> and ".scope" appended;
 * into `out` of at least MS_NAME_STRING_MAX bytes. Returns `out`. */
char *ms_name_to_string(const MsName *name, char *out, gsize out_size);

/* First-level encoding (RFC 1001 §14.1): each nibble n becomes 'A' + n. */
void ms_name_first_level_encode(const guint8 raw[MS_NAME_LEN], char out[2 * MS_NAME_LEN]);
/* The inverse; FALSE if a character is outside 'A'..'P'. */
gboolean ms_name_first_level_decode(const char in[2 * MS_NAME_LEN], guint8 raw[MS_NAME_LEN]);

/* Length of the full (uncompressed) wire form: 34 bytes plus the scope labels. */
gsize ms_name_encoded_len(const MsName *name);

/* Appends the full wire form: 0x20, 32 letters, scope labels, 0x00. */
void ms_name_write(MsWriter *w, const MsName *name);

/* Reads a wire-form name that starts at `*pos` inside `msg` (the whole message, because
 * label pointers count from its first byte) and moves *pos past it. With `allow_pointers`
 * (name service) `C0 xx` pointers are followed, backwards only and at most
 * MS_NAME_MAX_POINTER_HOPS times; the datagram and session services never compress and
 * pass FALSE. *was_pointer (may be NULL) tells whether the name began with a pointer.
 * On error nothing is written to *pos. */
MsStatus ms_name_read(const guint8 *msg, gsize msg_len, gsize *pos, gboolean allow_pointers,
                      MsName *out, gboolean *was_pointer);

G_END_DECLS
