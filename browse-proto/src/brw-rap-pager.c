/* Paging through another browser's whole server list (brw-rap.h): NetServerEnum2 first,
 * then NetServerEnum3 from the last name held while the server says ERROR_MORE_DATA. A
 * 64 KiB reply holds about 2,500 level-1 records ([MS-BRWS] 1.6), so a bigger list needs
 * the resume; old servers that lack NetServerEnum3 answer it with an error, and what the
 * first reply held is kept. */
#include "brw-rap-private.h"

#include <string.h>

void
brw_rap_pager_init(BrwRapPager *p, guint32 server_type, const char *domain, guint max_entries)
{
    memset(p, 0, sizeof *p);
    p->server_type = server_type;
    p->domain = domain;
    p->max_entries = max_entries;
    p->entries = g_array_new(FALSE, TRUE, sizeof(BrwListEntry));
}

void
brw_rap_pager_clear(BrwRapPager *p)
{
    if (p->entries != NULL)
        g_array_free(p->entries, TRUE);
    p->entries = NULL;
}

static const char *
last_name(const BrwRapPager *p)
{
    if (p->entries->len == 0)
        return "";
    return g_array_index(p->entries, BrwListEntry, p->entries->len - 1).name;
}

MsStatus
brw_rap_pager_request(const BrwRapPager *p, MsWriter *w)
{
    BrwRapRequest req;
    if (p->round == 0)
        brw_rap_request_init_enum(&req, p->server_type, p->domain, NULL);
    else /* Enum3 needs a domain: "" is the server's own */
        brw_rap_request_init_enum(&req, p->server_type, p->domain ? p->domain : "", last_name(p));
    return brw_rap_request_build(&req, w);
}

BrwRapPagerStep
brw_rap_pager_reply(BrwRapPager *p, const guint8 *params, gsize plen, const guint8 *data,
                    gsize dlen)
{
    guint held = p->entries->len;
    guint room = p->max_entries > held ? p->max_entries - held : 0;
    if (p->round > 0)
        room++; /* Enum3 repeats the name it resumes from; it is dropped below */
    /* a reply carries at most 64 KiB of 26-byte records; no need for more room than that */
    room = MIN(room, BRW_RAP_DATA_MAX / BRW_RAP_SERVER_INFO0_SIZE + 1);
    g_array_set_size(p->entries, held + room);
    BrwListEntry *tail = &g_array_index(p->entries, BrwListEntry, held);
    BrwRapEnumResult res;
    p->parse_error = brw_rap_server_enum_parse(params, plen, data, dlen, 1, tail, room, &res);
    g_array_set_size(p->entries, held + (p->parse_error == MS_OK ? res.n_entries : 0));
    if (p->parse_error != MS_OK)
        return BRW_RAP_PAGER_MALFORMED;
    p->status = res.params.status;
    gboolean more = p->status == BRW_RAP_ERROR_MORE_DATA;
    if (p->status != BRW_RAP_SUCCESS && !more) {
        /* an old server without NetServerEnum3: what the first reply held is the list */
        return p->round++ == 0 ? BRW_RAP_PAGER_REFUSED : BRW_RAP_PAGER_DONE;
    }
    /* Enum3 starts with FirstNameToReturn itself, which we hold already. */
    if (p->round > 0 && held > 0 && p->entries->len > held &&
        g_ascii_strcasecmp(g_array_index(p->entries, BrwListEntry, held).name,
                           g_array_index(p->entries, BrwListEntry, held - 1).name) == 0)
        g_array_remove_index(p->entries, held);
    if (p->entries->len > p->max_entries)
        g_array_set_size(p->entries, p->max_entries);
    p->round++;
    gboolean progressed = p->entries->len > held;
    if (!more || !progressed || p->entries->len >= p->max_entries ||
        p->round >= BRW_RAP_PAGER_MAX_ROUNDS)
        return BRW_RAP_PAGER_DONE;
    return BRW_RAP_PAGER_MORE;
}
