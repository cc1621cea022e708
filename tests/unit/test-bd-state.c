/* Persistence of the browse lists (browserd/src/bd-state.c): what is saved comes back with
 * its remaining lifetime, the write is atomic and private, and the file is read as the
 * untrusted input it is (a bad file loads nothing, bad entries are skipped, lifetimes and
 * caps hold). */
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "bd-log.h"
#include "bd-state.h"
#include "test-util.h"

#define T0 ((gint64)5000 * G_USEC_PER_SEC)

static char *
temp_dir(void)
{
    g_autoptr(GError) error = NULL;
    char *dir = g_dir_make_tmp("bd-state-XXXXXX", &error);
    CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
    return dir;
}

static void
remove_dir(char *dir)
{
    g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
    const char *name;
    while (d != NULL && (name = g_dir_read_name(d)) != NULL) {
        g_autofree char *p = g_build_filename(dir, name, NULL);
        g_unlink(p);
    }
    g_rmdir(dir);
    g_free(dir);
}

static BrwListEntry
entry(const char *name, guint32 type, BrwListSource source)
{
    BrwListEntry e = {.server_type = type, .version_major = 6, .version_minor = 1, .source = source};
    g_strlcpy(e.name, name, sizeof e.name);
    g_strlcpy(e.comment, "a comment", sizeof e.comment);
    return e;
}

static const BdStateHeader HEADER = {"eth0", "WG", "master", "B1"};

static void
test_round_trip_keeps_remaining_lifetime(void)
{
    char *dir = temp_dir();
    g_autofree char *path = bd_state_path(dir, "eth0", "WG");
    g_autoptr(BrwList) servers = brw_list_new(0);
    g_autoptr(BrwList) domains = brw_list_new(0);
    BrwListEntry a = entry("ALPHA", 0x00011003, BRW_SOURCE_LOCAL);
    BrwListEntry b = entry("BETA", 0x00000003, BRW_SOURCE_SYNC);
    BrwListEntry g = entry("OTHERWG", 0x80001000, BRW_SOURCE_LOCAL);
    brw_list_update(servers, &a, T0, (gint64)180 * G_USEC_PER_SEC);
    brw_list_update(servers, &b, T0, (gint64)36 * 60 * G_USEC_PER_SEC);
    brw_list_update(domains, &g, T0, (gint64)45 * 60 * G_USEC_PER_SEC);
    g_autoptr(GError) error = NULL;
    /* saved 60 s later: ALPHA has 120 s left */
    CU_ASSERT_TRUE_FATAL(bd_state_save(path, &HEADER, servers, domains, T0 + 60 * G_USEC_PER_SEC,
                                       &error));
    struct stat st;
    CU_ASSERT_EQUAL_FATAL(g_stat(path, &st), 0);
    CU_ASSERT_EQUAL(st.st_mode & 0777, 0640);

    /* loaded by a new process whose clock starts elsewhere */
    const gint64 later = 42 * G_USEC_PER_SEC;
    g_autoptr(BrwList) s2 = brw_list_new(0);
    g_autoptr(BrwList) d2 = brw_list_new(0);
    guint loaded = 0;
    CU_ASSERT_TRUE_FATAL(bd_state_load(path, s2, d2, later, &loaded, &error));
    CU_ASSERT_EQUAL(loaded, 3);
    const BrwListEntry *la = brw_list_lookup(s2, "alpha");
    CU_ASSERT_PTR_NOT_NULL_FATAL(la);
    CU_ASSERT_EQUAL(la->server_type, 0x00011003);
    CU_ASSERT_EQUAL(la->version_major, 6);
    CU_ASSERT_STRING_EQUAL(la->comment, "a comment");
    CU_ASSERT_EQUAL(la->source, BRW_SOURCE_LOCAL);
    CU_ASSERT_EQUAL(la->expires_us, later + 120 * G_USEC_PER_SEC);
    CU_ASSERT_EQUAL(brw_list_lookup(s2, "BETA")->source, BRW_SOURCE_SYNC);
    CU_ASSERT_STRING_EQUAL(brw_list_lookup(d2, "OTHERWG")->comment, "a comment");
    remove_dir(dir);
}

/* The file is written as text (not by json-glib): names and comments that need escaping, and
 * a comment in a code page that is not UTF-8, still make a file that loads. */
static void
test_escaped_text_round_trips(void)
{
    char *dir = temp_dir();
    g_autofree char *path = bd_state_path(dir, "eth0", "WG");
    g_autoptr(BrwList) servers = brw_list_new(0);
    g_autoptr(BrwList) domains = brw_list_new(0);
    BrwListEntry a = entry("QUOTE\"BS\\", 3, BRW_SOURCE_LOCAL);
    g_strlcpy(a.comment, "tab\there \"q\" \\ caf\xc3\xa9", sizeof a.comment);
    BrwListEntry b = entry("LATIN1", 3, BRW_SOURCE_LOCAL);
    g_strlcpy(b.comment, "caf\xe9", sizeof b.comment); /* CP1252/Latin-1: not UTF-8 */
    brw_list_update(servers, &a, T0, (gint64)180 * G_USEC_PER_SEC);
    brw_list_update(servers, &b, T0, (gint64)180 * G_USEC_PER_SEC);
    g_autoptr(GError) error = NULL;
    CU_ASSERT_TRUE_FATAL(bd_state_save(path, &HEADER, servers, domains, T0, &error));
    g_autoptr(BrwList) s2 = brw_list_new(0);
    g_autoptr(BrwList) d2 = brw_list_new(0);
    guint loaded = 0;
    CU_ASSERT_TRUE_FATAL(bd_state_load(path, s2, d2, T0, &loaded, &error));
    CU_ASSERT_EQUAL(loaded, 2);
    const BrwListEntry *la = brw_list_lookup(s2, "QUOTE\"BS\\");
    CU_ASSERT_PTR_NOT_NULL_FATAL(la);
    CU_ASSERT_STRING_EQUAL(la->comment, "tab\there \"q\" \\ caf\xc3\xa9");
    /* each byte of a non-UTF-8 comment comes back as the code point of the same value */
    CU_ASSERT_STRING_EQUAL(brw_list_lookup(s2, "LATIN1")->comment, "caf\xc3\xa9");
    remove_dir(dir);
}

static void
test_missing_file_loads_nothing(void)
{
    g_autoptr(BrwList) s = brw_list_new(0);
    g_autoptr(BrwList) d = brw_list_new(0);
    guint loaded = 7;
    g_autoptr(GError) error = NULL;
    CU_ASSERT_TRUE(bd_state_load("/nonexistent/browserd/x.json", s, d, T0, &loaded, &error));
    CU_ASSERT_EQUAL(loaded, 0);
    CU_ASSERT_PTR_NULL(error);
}

static gboolean
load_text(const char *text, BrwList *s, BrwList *d, guint *loaded, GError **error)
{
    char *dir = temp_dir();
    g_autofree char *path = g_build_filename(dir, "x.json", NULL);
    g_file_set_contents(path, text, -1, NULL);
    gboolean ok = bd_state_load(path, s, d, T0, loaded, error);
    remove_dir(dir);
    return ok;
}

static void
test_bad_files_load_nothing(void)
{
    static const char *bad[] = {
        "", "{", "[]", "{\"v\":2,\"servers\":[{\"name\":\"A\",\"type\":1,\"expires_in_s\":9}]}",
        "{\"servers\":[{\"name\":\"A\",\"type\":1,\"expires_in_s\":9}]}", "\x01\x02garbage",
    };
    for (gsize i = 0; i < G_N_ELEMENTS(bad); i++) {
        g_autoptr(BrwList) s = brw_list_new(0);
        g_autoptr(BrwList) d = brw_list_new(0);
        guint loaded = 7;
        g_autoptr(GError) error = NULL;
        CU_ASSERT_FALSE(load_text(bad[i], s, d, &loaded, &error));
        CU_ASSERT_PTR_NOT_NULL(error);
        CU_ASSERT_EQUAL(brw_list_count(s), 0);
    }
}

/* Entries are checked one by one: wrong names, types, lifetimes and shapes are skipped;
 * overlong comments are cut; lifetimes are clamped to the lists' hour; the cap holds. */
static void
test_bad_entries_skipped_and_clamped(void)
{
    g_autofree char *long_comment = g_strnfill(300, 'c');
    g_autofree char *text = g_strdup_printf(
        "{\"v\":1,\"servers\":["
        "{\"name\":\"GOOD\",\"type\":3,\"comment\":\"%s\",\"expires_in_s\":100000},"
        "{\"name\":\"\",\"type\":3,\"expires_in_s\":10},"
        "{\"name\":\"SIXTEENCHARSLONG\",\"type\":3,\"expires_in_s\":10},"
        "{\"name\":\"ZEROTYPE\",\"type\":0,\"expires_in_s\":10},"
        "{\"name\":\"EXPIRED\",\"type\":3,\"expires_in_s\":0},"
        "{\"name\":\"NEGTYPE\",\"type\":-5,\"expires_in_s\":10},"
        "{\"name\":7,\"type\":3,\"expires_in_s\":10},"
        "\"not an object\","
        "{\"name\":\"SECOND\",\"type\":3,\"expires_in_s\":10},"
        "{\"name\":\"THIRD\",\"type\":3,\"expires_in_s\":10}],"
        "\"domains\":{\"not\":\"an array\"}}",
        long_comment);
    g_autoptr(BrwList) s = brw_list_new(2);
    g_autoptr(BrwList) d = brw_list_new(0);
    guint loaded = 0;
    g_autoptr(GError) error = NULL;
    CU_ASSERT_TRUE_FATAL(load_text(text, s, d, &loaded, &error));
    CU_ASSERT_EQUAL(loaded, 2);
    CU_ASSERT_EQUAL(brw_list_count(s), 2); /* the cap of 2: THIRD refused */
    const BrwListEntry *good = brw_list_lookup(s, "GOOD");
    CU_ASSERT_PTR_NOT_NULL_FATAL(good);
    CU_ASSERT_EQUAL(strlen(good->comment), BRW_LIST_COMMENT_MAX);
    CU_ASSERT_EQUAL(good->expires_us, T0 + BRW_LIST_MAX_LIFETIME_US);
    CU_ASSERT_PTR_NOT_NULL(brw_list_lookup(s, "SECOND"));
    CU_ASSERT_EQUAL(brw_list_count(d), 0);
}

static void
test_path_keeps_to_the_state_dir(void)
{
    g_autofree char *p = bd_state_path("/var/lib/browserd", "../../etc/x", "WG");
    CU_ASSERT_STRING_EQUAL(p, "/var/lib/browserd/.._.._etc_x-WG.json");
}

static void
test_rate_limit(void)
{
    BdRateLimit rl = BD_RATE_LIMIT_INIT(3, 1);
    guint64 suppressed = 99;
    gint64 t = G_USEC_PER_SEC;
    for (int i = 0; i < 3; i++)
        CU_ASSERT_TRUE(bd_rate_limit_allow(&rl, t, &suppressed));
    CU_ASSERT_EQUAL(suppressed, 0);
    CU_ASSERT_FALSE(bd_rate_limit_allow(&rl, t, NULL));
    CU_ASSERT_FALSE(bd_rate_limit_allow(&rl, t + 500000, NULL));
    CU_ASSERT_TRUE(bd_rate_limit_allow(&rl, t + 1000001, &suppressed));
    CU_ASSERT_EQUAL(suppressed, 2);
    /* a long quiet refills to the burst, not beyond */
    t += (gint64)3600 * G_USEC_PER_SEC;
    for (int i = 0; i < 3; i++)
        CU_ASSERT_TRUE(bd_rate_limit_allow(&rl, t, NULL));
    CU_ASSERT_FALSE(bd_rate_limit_allow(&rl, t, NULL));
}

int
main(void)
{
    CU_TestInfo tests[] = {
        {"round trip keeps the remaining lifetime", test_round_trip_keeps_remaining_lifetime},
        {"escaped and non-UTF-8 text round-trips", test_escaped_text_round_trips},
        {"a missing file loads nothing", test_missing_file_loads_nothing},
        {"bad files load nothing", test_bad_files_load_nothing},
        {"bad entries skipped, comments cut, lifetimes clamped, caps hold",
         test_bad_entries_skipped_and_clamped},
        {"the file name keeps to the state directory", test_path_keeps_to_the_state_dir},
        {"log rate limit", test_rate_limit},
        CU_TEST_INFO_NULL,
    };
    return test_run_suite("bd-state", tests);
}
