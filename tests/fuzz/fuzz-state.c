/* Fuzzes the state file reader (browserd/src/bd-state.c): the file is the daemon's own, but
 * anyone who can write it (a bad disk, a careless edit) must not crash the daemon. Properties:
 * no crash or leak; a failed load adds nothing; the lists' caps hold; what loads saves and
 * loads again to the same entries. */
#include <string.h>

#include "bd-state.h"
#include "fuzz-common.h"

int LLVMFuzzerTestOneInput(const guint8 *data, size_t size);

#define CAP 16

int
LLVMFuzzerTestOneInput(const guint8 *data, size_t size)
{
    const gint64 now = 1000 * G_USEC_PER_SEC;
    g_autoptr(BrwList) servers = brw_list_new(CAP);
    g_autoptr(BrwList) domains = brw_list_new(CAP);
    guint loaded = 0;
    g_autoptr(GError) error = NULL;
    gboolean ok = bd_state_load_data((const char *)data, size, servers, domains, now, &loaded,
                                     &error);
    guint count = brw_list_count(servers) + brw_list_count(domains);
    FUZZ_CHECK(ok || count == 0);
    FUZZ_CHECK(count == loaded);
    FUZZ_CHECK(brw_list_count(servers) <= CAP && brw_list_count(domains) <= CAP);
    if (!ok)
        return 0;

    /* save (as JSON text, through the same builder) and load again */
    g_autofree char *dir = g_dir_make_tmp("fuzz-state-XXXXXX", NULL);
    FUZZ_CHECK(dir != NULL);
    g_autofree char *path = g_build_filename(dir, "s.json", NULL);
    BdStateHeader h = {"if", "WG", "master", "M"};
    FUZZ_CHECK(bd_state_save(path, &h, servers, domains, now, NULL));
    g_autoptr(BrwList) s2 = brw_list_new(CAP);
    g_autoptr(BrwList) d2 = brw_list_new(CAP);
    guint again = 0;
    FUZZ_CHECK(bd_state_load(path, s2, d2, now, &again, NULL));
    FUZZ_CHECK(again == loaded);
    g_autoptr(GPtrArray) a = brw_list_query(servers, 0xFFFFFFFFu, FALSE, NULL);
    for (guint i = 0; i < a->len; i++) {
        const BrwListEntry *e = g_ptr_array_index(a, i);
        const BrwListEntry *f = brw_list_lookup(s2, e->name);
        FUZZ_CHECK(f != NULL && f->server_type == e->server_type &&
                   strcmp(f->comment, e->comment) == 0 && f->source == e->source);
    }
    remove(path);
    remove(dir);
    return 0;
}
