/* Runs a libFuzzer target over files without libFuzzer, so any compiler (and any sanitizer)
 * can replay a corpus: replay-<name> FILE-OR-DIR... Exits non-zero if an argument cannot be
 * read or if no input was found; a crash is the sanitizer's to report. */
#include <glib.h>
#include <stdio.h>

int LLVMFuzzerTestOneInput(const guint8 *data, size_t size);

static gboolean
replay_file(const char *path, guint *count)
{
    g_autofree gchar *data = NULL;
    gsize len;
    g_autoptr(GError) error = NULL;
    if (!g_file_get_contents(path, &data, &len, &error)) {
        fprintf(stderr, "replay: %s\n", error->message);
        return FALSE;
    }
    /* Hand the target an exact-size heap copy so ASan sees any read past the end. */
    g_autofree guint8 *exact = g_memdup2(data, len);
    LLVMFuzzerTestOneInput(exact, len);
    (*count)++;
    return TRUE;
}

static gboolean
replay_path(const char *path, guint *count)
{
    if (!g_file_test(path, G_FILE_TEST_IS_DIR))
        return replay_file(path, count);
    g_autoptr(GError) error = NULL;
    g_autoptr(GDir) dir = g_dir_open(path, 0, &error);
    if (dir == NULL) {
        fprintf(stderr, "replay: %s\n", error->message);
        return FALSE;
    }
    gboolean ok = TRUE;
    const char *entry;
    while ((entry = g_dir_read_name(dir)) != NULL) {
        g_autofree char *child = g_build_filename(path, entry, NULL);
        ok = replay_path(child, count) && ok;
    }
    return ok;
}

int
main(int argc, char **argv)
{
    guint count = 0;
    gboolean ok = TRUE;
    for (int i = 1; i < argc; i++)
        ok = replay_path(argv[i], &count) && ok;
    printf("replayed %u inputs\n", count);
    return ok && count > 0 ? 0 : 1;
}
