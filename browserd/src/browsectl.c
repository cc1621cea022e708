/* browsectl: asks browserd what it knows and tells it what to do (DESIGN.md §6).
 *
 *   browsectl [--socket PATH] [--json] COMMAND [OPTION...]
 *
 * Each command is one request on the control socket (bd-control-dispatch.h); --json prints
 * the daemon's reply line as it came, tables are for people. The commands and exit
 * statuses are documented in --help and in browsectl(1). */
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "browsectl-client.h"
#include "browsectl-json.h"
#include "browsectl-network.h"
#include "browsectl-render.h"
#include "browsectl-types.h"

#ifndef BROWSERD_VERSION
#define BROWSERD_VERSION "0.0"
#endif

/* Exit statuses, as --help and the man page state them. */
enum {
    EXIT_OK = 0,
    EXIT_DAEMON_ERROR = 1, /* the daemon answered with an error, or did nothing */
    EXIT_USAGE = 2,
    EXIT_UNREACHABLE = 3, /* no daemon answered, or it went away */
    EXIT_NO_SUCH = 4,     /* no such workgroup or interface */
    /* 5, 6, 7: --network steps (browsectl-network.h) */
};

/* A reply must come quickly; a watch waits as long as it takes. */
#define REPLY_TIMEOUT_S 30

typedef struct {
    char *socket;
    gboolean json;
    gboolean network;
    gboolean version;
    gboolean list_types;
    char *interface;
    char *workgroup;
    char **types;
    int timeout;
    char *bind;
} Options;

typedef struct Command Command;
struct Command {
    const char *name;
    const char *summary;
    gboolean link_filters; /* -i, -w */
    gboolean type_filter;  /* -t */
    int (*run)(const Command *cmd, const Options *o, JsonObject *args);
};

static int run_simple(const Command *cmd, const Options *o, JsonObject *args);
static int run_action(const Command *cmd, const Options *o, JsonObject *args);
static int run_watch(const Command *cmd, const Options *o, JsonObject *args);
static int run_masters(const Command *cmd, const Options *o, JsonObject *args);

static const Command commands[] = {
    {"status", "roles, masters, elections and names, per interface", TRUE, FALSE, run_simple},
    {"servers", "the servers in the browse list", TRUE, TRUE, run_simple},
    {"domains", "the workgroups (and domains) in the browse list", TRUE, FALSE, run_simple},
    {"masters", "with --network: each workgroup and its master browser", TRUE, FALSE,
     run_masters},
    {"backups", "the backup browsers the master hands to clients", TRUE, FALSE, run_simple},
    {"elect", "force a browser election", TRUE, FALSE, run_action},
    {"announce", "ask every server to announce itself now", TRUE, FALSE, run_action},
    {"watch", "print role, master, election and list changes as they happen", FALSE, FALSE,
     run_watch},
    {"stats", "every counter: frames, drops, names, sockets", TRUE, FALSE, run_simple},
};

static const char exit_help[] =
    "Exit status:\n"
    "  0  success\n"
    "  1  browserd answered with an error (or the action applied nowhere)\n"
    "  2  usage error\n"
    "  3  browserd cannot be reached (not running, wrong --socket, no permission), or it\n"
    "     went away\n"
    "  4  browserd serves no such workgroup or interface\n"
    "  5  --network: no master browser answered the name query for WG<1d>\n"
    "  6  --network: the master could not be reached over TCP 139, or the SMB1 session\n"
    "     failed (the message names the step)\n"
    "  7  --network: the master answered the enumeration with an error\n";

static void fail(const char *fmt, ...) G_GNUC_PRINTF(1, 2);

static void
fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    g_autofree char *message = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    fprintf(stderr, "%s: %s\n", g_get_prgname(), message);
}

static void
add_common(GOptionContext *ctx, Options *o)
{
    GOptionEntry entries[] = {
        {"socket", 's', 0, G_OPTION_ARG_FILENAME, &o->socket,
         "browserd's control socket (default " BROWSECTL_DEFAULT_SOCKET ")", "PATH"},
        {"json", 'j', 0, G_OPTION_ARG_NONE, &o->json,
         "Print browserd's JSON replies as they come, one per line", NULL},
        {"bind", 0, 0, G_OPTION_ARG_STRING, &o->bind,
         "--network: send from this local address (and its interface)", "ADDR"},
        {"timeout", 0, 0, G_OPTION_ARG_INT, &o->timeout,
         "--network: seconds each network step may take (default 2)", "SECONDS"},
        {"network", 'n', 0, G_OPTION_ARG_NONE, &o->network,
         "Ask the network (the workgroup's master browser over SMB1) instead of the local browserd; servers, domains and masters only", NULL},
        G_OPTION_ENTRY_NULL,
    };
    g_option_context_add_main_entries(ctx, entries, NULL);
}

static char *
global_summary(void)
{
    GString *s = g_string_new("Ask browserd, the CIFS Browser Protocol daemon, what it knows of "
                              "the network\nneighbourhood, and tell it what to do.\n\n"
                              "Commands:\n");
    for (gsize i = 0; i < G_N_ELEMENTS(commands); i++)
        g_string_append_printf(s, "  %-9s %s\n", commands[i].name, commands[i].summary);
    g_string_append(s, "\nRun 'browsectl COMMAND --help' for the options of a command.");
    return g_string_free(s, FALSE);
}

static const Command *
find_command(const char *name)
{
    for (gsize i = 0; i < G_N_ELEMENTS(commands); i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

/* The command's own options; they may repeat the common ones. */
static gboolean
parse_command(const Command *cmd, int *argc, char ***argv, Options *o, Options *sub)
{
    g_autofree char *prgname = g_strdup_printf("browsectl %s", cmd->name);
    g_set_prgname(prgname);
    g_autoptr(GOptionContext) ctx = g_option_context_new(NULL);
    g_autofree char *summary = g_strdup_printf("browsectl %s: %s.", cmd->name, cmd->summary);
    g_option_context_set_summary(ctx, summary);
    g_option_context_set_description(ctx, exit_help);
    add_common(ctx, sub);
    GOptionEntry links[] = {
        {"interface", 'i', 0, G_OPTION_ARG_STRING, &o->interface,
         "Only this interface (its name or address)", "IFACE"},
        {"workgroup", 'w', 0, G_OPTION_ARG_STRING, &o->workgroup, "Only this workgroup", "WG"},
        G_OPTION_ENTRY_NULL,
    };
    GOptionEntry types[] = {
        {"type", 't', 0, G_OPTION_ARG_STRING_ARRAY, &o->types,
         "Only servers of this type: a word (workstation, server, sql, print, nt, "
         "master-browser, ...; see --list-types), a number, or a comma-separated list; "
         "repeatable",
         "TYPE"},
        G_OPTION_ENTRY_NULL,
    };
    if (cmd->link_filters)
        g_option_context_add_main_entries(ctx, links, NULL);
    if (cmd->type_filter)
        g_option_context_add_main_entries(ctx, types, NULL);
    g_autoptr(GError) error = NULL;
    if (!g_option_context_parse(ctx, argc, argv, &error)) {
        fail("%s (try --help)", error->message);
        return FALSE;
    }
    if (*argc > 1) {
        fail("unexpected argument '%s' (try --help)", (*argv)[1]);
        return FALSE;
    }
    if (sub->socket != NULL) {
        g_free(o->socket);
        o->socket = g_steal_pointer(&sub->socket);
    }
    o->json = o->json || sub->json;
    o->network = o->network || sub->network;
    if (sub->timeout > 0)
        o->timeout = sub->timeout;
    if (sub->bind != NULL) {
        g_free(o->bind);
        o->bind = g_steal_pointer(&sub->bind);
    }
    return TRUE;
}

/* The request's arguments from the options; FALSE on a bad -t. */
static gboolean
build_args(const Options *o, JsonObject *args)
{
    if (o->interface != NULL)
        json_object_set_string_member(args, "interface", o->interface);
    if (o->workgroup != NULL)
        json_object_set_string_member(args, "workgroup", o->workgroup);
    if (o->types != NULL) {
        guint32 mask = 0;
        for (char **t = o->types; *t != NULL; t++) {
            guint32 m;
            g_autofree char *problem = NULL;
            if (!browsectl_type_parse(*t, &m, &problem)) {
                fail("%s", problem);
                return FALSE;
            }
            mask |= m;
        }
        json_object_set_int_member(args, "type", mask);
    }
    return TRUE;
}

/* ---- talking to the daemon --------------------------------------------------------- */

typedef struct {
    BrowsectlClient *client;
    char *line; /* the reply as it came */
    BrowsectlReply reply;
} Exchange;

static void
exchange_clear(Exchange *x)
{
    browsectl_reply_clear(&x->reply);
    g_free(x->line);
    browsectl_client_free(x->client);
}

/* Sends the request and reads the reply; returns EXIT_OK or the status to exit with. */
static int
transact(const Command *cmd, const Options *o, JsonObject *args, Exchange *x)
{
    memset(x, 0, sizeof *x);
    g_autoptr(GError) error = NULL;
    const char *path = o->socket != NULL ? o->socket : BROWSECTL_DEFAULT_SOCKET;
    x->client = browsectl_client_connect(path, REPLY_TIMEOUT_S, &error);
    if (x->client == NULL) {
        fail("%s", error->message);
        return EXIT_UNREACHABLE;
    }
    g_autofree char *request = browsectl_request_line(cmd->name, args);
    if (!browsectl_client_send(x->client, request, &error) ||
        (x->line = browsectl_client_read_line(x->client, &error)) == NULL) {
        fail("no answer from browserd at %s: %s", path, error->message);
        return EXIT_UNREACHABLE;
    }
    if (!browsectl_reply_parse(x->line, &x->reply, &error)) {
        fail("%s", error->message);
        return EXIT_DAEMON_ERROR;
    }
    if (o->json) {
        printf("%s\n", x->line);
        fflush(stdout);
    }
    if (x->reply.ok && !x->reply.is_event)
        return EXIT_OK;
    fail("%s", x->reply.message != NULL ? x->reply.message : "unexpected answer");
    if (g_strcmp0(x->reply.code, "no-such-interface") == 0 ||
        g_strcmp0(x->reply.code, "no-such-workgroup") == 0)
        return EXIT_NO_SUCH;
    return EXIT_DAEMON_ERROR;
}

static void
print(char *text)
{
    fputs(text, stdout);
    g_free(text);
}

static int
run_simple(const Command *cmd, const Options *o, JsonObject *args)
{
    Exchange x;
    int status = transact(cmd, o, args, &x);
    if (status == EXIT_OK && !o->json) {
        JsonObject *r = x.reply.result;
        if (strcmp(cmd->name, "status") == 0)
            print(browsectl_render_status(r));
        else if (strcmp(cmd->name, "servers") == 0)
            print(browsectl_render_servers(r));
        else if (strcmp(cmd->name, "domains") == 0)
            print(browsectl_render_domains(r));
        else if (strcmp(cmd->name, "backups") == 0)
            print(browsectl_render_backups(r));
        else
            print(browsectl_render_stats(r));
    }
    exchange_clear(&x);
    return status;
}

/* elect, announce: silent on success; says where the action did not apply, and fails if it
 * applied nowhere. */
static int
run_action(const Command *cmd, const Options *o, JsonObject *args)
{
    Exchange x;
    int status = transact(cmd, o, args, &x);
    if (status == EXIT_OK) {
        gboolean elect = strcmp(cmd->name, "elect") == 0;
        guint applied = 0;
        g_autofree char *notes =
            browsectl_render_actions(x.reply.result, elect ? "forced" : "requested",
                                     elect ? "election" : "announcement request", &applied);
        if (!o->json)
            fputs(notes, stderr);
        if (applied == 0)
            status = EXIT_DAEMON_ERROR;
    }
    exchange_clear(&x);
    return status;
}

static int
run_watch(const Command *cmd, const Options *o, JsonObject *args)
{
    Exchange x;
    int status = transact(cmd, o, args, &x);
    if (status != EXIT_OK) {
        exchange_clear(&x);
        return status;
    }
    if (!o->json)
        print(browsectl_render_watching(x.reply.result));
    fflush(stdout);
    browsectl_client_set_timeout(x.client, 0); /* events come when they come */
    for (;;) {
        g_autoptr(GError) error = NULL;
        g_autofree char *line = browsectl_client_read_line(x.client, &error);
        if (line == NULL) {
            fail("%s", error->message);
            status = EXIT_UNREACHABLE;
            break;
        }
        BrowsectlReply r;
        if (!browsectl_reply_parse(line, &r, &error)) {
            fail("%s", error->message);
            browsectl_reply_clear(&r);
            status = EXIT_DAEMON_ERROR;
            break;
        }
        if (o->json)
            printf("%s\n", line);
        else if (r.is_event)
            print(browsectl_render_event(r.result, NULL));
        fflush(stdout);
        if (!r.is_event && !r.ok) {
            /* The daemon's last word: it is stopping, or we did not keep up. */
            fail("%s", r.message);
            status = g_strcmp0(r.code, "shutting-down") == 0 ? EXIT_UNREACHABLE : EXIT_DAEMON_ERROR;
            browsectl_reply_clear(&r);
            break;
        }
        browsectl_reply_clear(&r);
    }
    exchange_clear(&x);
    return status;
}

/* masters reads the network; the daemon's view of the same is `domains`. */
static int
run_masters(const Command *cmd, const Options *o, JsonObject *args)
{
    (void)cmd;
    (void)o;
    (void)args;
    fail("masters needs --network (browserd's own view is 'browsectl domains')");
    return EXIT_USAGE;
}

/* ---- main -------------------------------------------------------------------------- */

static void
options_clear(Options *o)
{
    g_free(o->socket);
    g_free(o->bind);
    g_free(o->interface);
    g_free(o->workgroup);
    g_strfreev(o->types);
}

static int
run(int argc, char **argv, Options *o)
{
    g_set_prgname("browsectl");
    g_autoptr(GOptionContext) ctx = g_option_context_new("COMMAND [OPTION…]");
    /* Options after the command belong to the command. */
    g_option_context_set_strict_posix(ctx, TRUE);
    g_autofree char *summary = global_summary();
    g_option_context_set_summary(ctx, summary);
    g_option_context_set_description(ctx, exit_help);
    add_common(ctx, o);
    GOptionEntry global[] = {
        {"version", 0, 0, G_OPTION_ARG_NONE, &o->version, "Print the version and exit", NULL},
        {"list-types", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &o->list_types,
         "Print the server type words -t accepts", NULL},
        G_OPTION_ENTRY_NULL,
    };
    g_option_context_add_main_entries(ctx, global, NULL);
    g_autoptr(GError) error = NULL;
    if (!g_option_context_parse(ctx, &argc, &argv, &error)) {
        fail("%s (try --help)", error->message);
        return EXIT_USAGE;
    }
    if (o->version) {
        printf("browsectl %s\n", BROWSERD_VERSION);
        return EXIT_OK;
    }
    if (o->list_types) {
        print(browsectl_type_list());
        return EXIT_OK;
    }
    if (argc < 2) {
        fail("a command is needed: status, servers, domains, masters, backups, elect, announce, "
             "watch or stats (try --help)");
        return EXIT_USAGE;
    }
    const Command *cmd = find_command(argv[1]);
    if (cmd == NULL) {
        fail("unknown command '%s' (try --help)", argv[1]);
        return EXIT_USAGE;
    }
    int sub_argc = argc - 1;
    char **sub_argv = argv + 1;
    Options sub = {0};
    gboolean parsed = parse_command(cmd, &sub_argc, &sub_argv, o, &sub);
    options_clear(&sub);
    if (!parsed)
        return EXIT_USAGE;
    if (o->network) {
        if (strcmp(cmd->name, "servers") != 0 && strcmp(cmd->name, "domains") != 0 &&
            strcmp(cmd->name, "masters") != 0) {
            fail("--network serves servers, domains and masters only");
            return EXIT_USAGE;
        }
        guint32 mask = 0;
        for (char **t = o->types; t != NULL && *t != NULL; t++) {
            guint32 m;
            g_autofree char *problem = NULL;
            if (!browsectl_type_parse(*t, &m, &problem)) {
                fail("%s", problem);
                return EXIT_USAGE;
            }
            mask |= m;
        }
        BrowsectlNetworkOptions no = {cmd->name, o->bind, o->interface, o->workgroup,
                                      o->timeout > 0 ? (guint)o->timeout : 2, o->json, mask};
        return browsectl_network_run(&no);
    }
    g_autoptr(JsonObject) args = json_object_new();
    if (!build_args(o, args))
        return EXIT_USAGE;
    return cmd->run(cmd, o, args);
}

int
main(int argc, char **argv)
{
    setlocale(LC_ALL, "");
    Options o = {0};
    int status = run(argc, argv, &o);
    options_clear(&o);
    return status;
}
