/* browserd: the command line (DESIGN.md §5). */
#define _DEFAULT_SOURCE /* daemon() */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "bd-daemon.h"
#include "bd-log.h"
#include "bd-privs.h"

#ifndef BROWSERD_VERSION
#define BROWSERD_VERSION "0.0"
#endif
#define DEFAULT_CONFIG "/etc/browserd/browserd.conf"

/* Exit statuses: 0 fine, 1 a configuration problem, 2 a usage error, 3 cannot start. */
enum { EXIT_CONFIG = 1, EXIT_USAGE = 2, EXIT_START = 3 };

typedef struct {
    char *config;
    gboolean foreground;
    gboolean check;
    gboolean verbose;
    gboolean version;
} Options;

static gboolean
parse_options(int *argc, char ***argv, Options *o, int *status)
{
    GOptionEntry entries[] = {
        {"config", 'c', 0, G_OPTION_ARG_FILENAME, &o->config,
         "Configuration file (default " DEFAULT_CONFIG ")", "FILE"},
        {"foreground", 'f', 0, G_OPTION_ARG_NONE, &o->foreground,
         "Stay in the foreground and log to standard error", NULL},
        {"check-config", 0, 0, G_OPTION_ARG_NONE, &o->check,
         "Check the configuration, print what is wrong, and exit", NULL},
        {"verbose", 'v', 0, G_OPTION_ARG_NONE, &o->verbose,
         "Log at debug level; with --check-config print the effective configuration", NULL},
        {"version", 0, 0, G_OPTION_ARG_NONE, &o->version, "Print the version and exit", NULL},
        G_OPTION_ENTRY_NULL,
    };
    g_autoptr(GOptionContext) ctx = g_option_context_new(NULL);
    g_option_context_set_summary(ctx, "A CIFS Browser Protocol (network neighbourhood) daemon.");
    g_option_context_add_main_entries(ctx, entries, NULL);
    g_autoptr(GError) error = NULL;
    if (!g_option_context_parse(ctx, argc, argv, &error)) {
        fprintf(stderr, "browserd: %s (try --help)\n", error->message);
        *status = EXIT_USAGE;
        return FALSE;
    }
    if (*argc > 1) {
        fprintf(stderr, "browserd: unexpected argument '%s' (try --help)\n", (*argv)[1]);
        *status = EXIT_USAGE;
        return FALSE;
    }
    return TRUE;
}

static BdConfig *
load_config(const char *path)
{
    g_autoptr(GError) error = NULL;
    BdConfig *cfg = bd_config_load_file(path, g_get_host_name(), &error);
    if (cfg != NULL)
        return cfg;
    fprintf(stderr, "%s\n", error->message);
    if (g_error_matches(error, BD_CONFIG_ERROR, BD_CONFIG_ERROR_NO_INTERFACES)) {
        g_autofree char *have = bd_daemon_describe_interfaces();
        fprintf(stderr, "browserd: interfaces up on this host: %s\n", have);
    }
    return NULL;
}

int
main(int argc, char **argv)
{
    Options o = {0};
    int status = 0;
    gboolean parsed = parse_options(&argc, &argv, &o, &status);
    g_autofree char *config_arg = o.config; /* set even when a later option was wrong */
    if (!parsed)
        return status;
    if (o.version) {
        printf("browserd %s\n", BROWSERD_VERSION);
        return 0;
    }
    const char *path = config_arg != NULL ? config_arg : DEFAULT_CONFIG;
    g_autoptr(BdConfig) cfg = load_config(path);
    if (cfg == NULL)
        return EXIT_CONFIG;
    if (o.check) {
        if (o.verbose) {
            g_autofree char *dump = bd_config_dump(cfg);
            fputs(dump, stdout);
        }
        fprintf(stderr, "%s: configuration OK\n", path);
        return 0;
    }

    bd_log_init(o.verbose ? BD_LOG_LEVEL_DEBUG : cfg->log_level);
    g_autoptr(GError) error = NULL;
    g_autofree char *state_dir = g_strdup(cfg->state_dir);
    g_autofree char *user = g_strdup(cfg->user);
    g_autoptr(BdDaemon) d = bd_daemon_new(g_steal_pointer(&cfg), path, &error);
    if (d == NULL) {
        g_critical("cannot start: %s", error->message);
        return EXIT_START;
    }
    /* Sockets are bound; nothing else needs root. */
    if (!bd_privs_drop(user, state_dir, &error)) {
        g_critical("cannot start: %s", error->message);
        return EXIT_START;
    }
    if (!o.foreground && daemon(0, 0) != 0) {
        g_critical("cannot detach: %s", g_strerror(errno));
        return EXIT_START;
    }
    return bd_daemon_run(d);
}
