/* The browse list in Samba's browse.dat format, so that an smbd running beside browserd
 * (with nmbd disabled) answers NetServerEnum2 from browserd's list (docs/SAMBA.md).
 *
 * nmbd writes that file and smbd only reads it (lanman.c, on every NetServerEnum2), one
 * entry per line, four whitespace-separated tokens, each in double quotes except the type:
 *
 *   "NAME"                    TYPE-IN-8-HEX-DIGITS "COMMENT"                     "GROUP"
 *
 * A server's GROUP is its workgroup; a workgroup's own line has SV_TYPE_DOMAIN_ENUM set,
 * its local master's name as COMMENT and itself as GROUP. smbd keeps the lines whose type
 * matches the request and whose GROUP is the one asked for, and strips
 * SV_TYPE_LOCAL_LIST_ONLY (which marks what was heard on the local subnet) from replies.
 *
 * The file is written only when `samba_browse_dat` is set: atomically (temporary file and
 * rename), only when its text changed, and at most every BD_BROWSE_DAT_INTERVAL_S. A
 * reload that turns the key off or names another file removes the file written before. */
#pragma once

#include <browse-proto/brw-list.h>
#include <glib.h>

typedef struct BdDaemon BdDaemon;

#define BD_BROWSE_DAT_INTERVAL_S 5

/* What one served network contributes to the file. */
typedef struct {
    const char *workgroup;
    const char *master; /* its local master browser's name; "" when unknown */
    GPtrArray *servers; /* const BrwListEntry*, as brw_list_query() returns them */
    GPtrArray *domains; /* likewise: the machine groups heard of */
} BdBrowseDatLink;

/* The file's text for these links, pure. Each link gives its workgroup's line first, then
 * its servers, then the other workgroups. A name already written (by an earlier link: two
 * interfaces see the same server) is written once, as nmbd does. Names a quoted token
 * cannot hold (a '"' or a control character) are left out; in comments such characters
 * become spaces ('"' an apostrophe). Newly allocated. */
char *bd_browse_dat_format(const BdBrowseDatLink *links, guint n_links);

/* The daemon's writer: one GLib timeout in the default context that reads the daemon's
 * configuration and links on every tick, so a reload needs nothing from it. */
typedef struct BdBrowseDat BdBrowseDat;
BdBrowseDat *bd_browse_dat_new(BdDaemon *d);
void bd_browse_dat_free(BdBrowseDat *w);
/* One tick now: writes the file if it is configured and its text changed. */
void bd_browse_dat_update(BdBrowseDat *w);
