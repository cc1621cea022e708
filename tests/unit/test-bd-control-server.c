/* The control server on a real Unix socket in a temporary directory under /tmp (no
 * network): the server runs in this thread's GMainContext, and each test's clients are
 * plain sockets driven from the same thread, so every wait is for an event (a readable
 * client socket, a ready source), never a fixed sleep.
 *
 * Covered: request/reply, a malformed request and an overlong line (the connection goes
 * on), pipelining, a last line without newline, the client cap, the idle timeout, watch
 * streams fed by a real engine, dropping a watcher that does not read, shutting down, and
 * the socket file: stale socket removed, live one refused, mode and group, unlinked at
 * exit. */
#define _DEFAULT_SOURCE /* getgrgid */
#include <gio/gunixsocketaddress.h>
#include <glib/gstdio.h>
#include <grp.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bd-control-fake.h"
#include "bd-control-proto.h"
#include "bd-control-server.h"
#include "test-util.h"

#define SEC G_USEC_PER_SEC
#define WAIT (5 * SEC) /* what any expected line may take, at most */

typedef struct {
    char *dir;
    char *path;
    GMainContext *context;
    FakeView *fake;
    FakeLink *eth0;
    BdControlServer *server;
    BdControlLimits limits;
} Fixture;

static void
forward_event(FakeLink *link, const BrwEffect *fx, gpointer user_data)
{
    Fixture *f = user_data;
    bd_control_server_publish(f->server, link->interface, link->workgroup, fx);
}

static void
fixture_init(Fixture *f)
{
    memset(f, 0, sizeof *f);
    f->dir = g_dir_make_tmp("bd-control-XXXXXX", NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f->dir);
    f->path = g_build_filename(f->dir, "control", NULL);
    f->context = g_main_context_new();
    g_main_context_push_thread_default(f->context);
    f->fake = fake_view_new();
    f->eth0 = fake_view_add_link(f->fake, "eth0", 0x0A000105u, "WORKGROUP", "B1", TRUE, FALSE);
    f->fake->on_event = forward_event;
    f->fake->event_data = f;
    bd_control_limits_init(&f->limits);
}

static gboolean
fixture_start(Fixture *f)
{
    BdControlView view = fake_view_control(f->fake);
    g_autoptr(GError) error = NULL;
    f->server = bd_control_server_new(f->path, 0660, "", &f->limits, &view, &error);
    if (f->server == NULL)
        fprintf(stderr, "\n%s\n", error->message);
    CU_ASSERT_PTR_NOT_NULL(f->server);
    if (f->server != NULL)
        bd_control_server_start(f->server);
    return f->server != NULL;
}

static void
drain_context(Fixture *f)
{
    while (g_main_context_iteration(f->context, FALSE))
        ;
}

static void
fixture_free(Fixture *f)
{
    bd_control_server_free(f->server);
    drain_context(f); /* lets the cancelled accept release the service */
    fake_view_free(f->fake);
    g_main_context_pop_thread_default(f->context);
    g_main_context_unref(f->context);
    g_remove(f->path);
    g_rmdir(f->dir);
    g_free(f->path);
    g_free(f->dir);
}

/* ---- a client ---------------------------------------------------------------------- */

typedef struct {
    Fixture *f;
    GSocket *socket;
    GString *in;
    gboolean eof;
} Client;

static Client *
client_connect(Fixture *f)
{
    Client *c = g_new0(Client, 1);
    c->f = f;
    c->in = g_string_new(NULL);
    g_autoptr(GError) error = NULL;
    c->socket =
        g_socket_new(G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT, &error);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c->socket);
    g_socket_set_blocking(c->socket, FALSE);
    g_autoptr(GSocketAddress) address = g_unix_socket_address_new(f->path);
    CU_ASSERT_TRUE_FATAL(g_socket_connect(c->socket, address, NULL, &error));
    drain_context(f);
    return c;
}

static void
client_free(Client *c)
{
    if (c == NULL)
        return;
    g_socket_close(c->socket, NULL);
    g_object_unref(c->socket);
    g_string_free(c->in, TRUE);
    drain_context(c->f);
    g_free(c);
}

/* Runs the server until it has nothing to do, then reads what arrived; c->eof once the
 * server closed the connection. */
static void
client_pump(Client *c)
{
    drain_context(c->f);
    char buf[65536];
    for (;;) {
        g_autoptr(GError) error = NULL;
        gssize n = g_socket_receive(c->socket, buf, sizeof buf, NULL, &error);
        if (n > 0) {
            g_string_append_len(c->in, buf, n);
            drain_context(c->f);
            continue;
        }
        if (n == 0)
            c->eof = TRUE;
        return;
    }
}

static void
client_send_len(Client *c, const char *data, gsize len)
{
    gsize done = 0;
    gint64 deadline = g_get_monotonic_time() + WAIT;
    while (done < len && g_get_monotonic_time() < deadline) {
        g_autoptr(GError) error = NULL;
        gssize n = g_socket_send(c->socket, data + done, len - done, NULL, &error);
        if (n > 0)
            done += (gsize)n;
        else
            client_pump(c); /* the server reads while we wait to write */
    }
    CU_ASSERT_EQUAL(done, len);
    drain_context(c->f);
}

static void
client_send(Client *c, const char *text)
{
    client_send_len(c, text, strlen(text));
}

/* The next line (without "\n"), or NULL at EOF or after WAIT. */
static char *
client_line(Client *c)
{
    gint64 deadline = g_get_monotonic_time() + WAIT;
    for (;;) {
        const char *nl = memchr(c->in->str, '\n', c->in->len);
        if (nl != NULL) {
            char *line = g_strndup(c->in->str, (gsize)(nl - c->in->str));
            g_string_erase(c->in, 0, nl - c->in->str + 1);
            return line;
        }
        if (c->eof || g_get_monotonic_time() > deadline)
            return NULL;
        client_pump(c);
        if (c->eof || memchr(c->in->str, '\n', c->in->len) != NULL)
            continue;
        /* Wait for the server's answer or its next timer, whichever comes. */
        g_socket_condition_timed_wait(c->socket, G_IO_IN, 2000, NULL, NULL);
    }
}

static gboolean
client_sees_eof(Client *c)
{
    gint64 deadline = g_get_monotonic_time() + WAIT;
    while (!c->eof && c->in->len == 0 && g_get_monotonic_time() < deadline) {
        client_pump(c);
        if (!c->eof)
            g_socket_condition_timed_wait(c->socket, G_IO_IN, 2000, NULL, NULL);
    }
    return c->eof && c->in->len == 0;
}

static JsonObject *
parse(const char *line, JsonNode **root)
{
    CU_ASSERT_PTR_NOT_NULL_FATAL(line);
    g_autoptr(JsonParser) p = json_parser_new();
    g_autoptr(GError) error = NULL;
    if (!json_parser_load_from_data(p, line, -1, &error))
        fprintf(stderr, "\nnot JSON: %s\n", line);
    CU_ASSERT_PTR_NULL_FATAL(error);
    *root = json_node_copy(json_parser_get_root(p));
    return json_node_get_object(*root);
}

/* The next line must be an error reply with `code`; returns its id (-1 for null). */
static gint64
expect_error_line(Client *c, const char *code)
{
    g_autofree char *line = client_line(c);
    if (line == NULL || strstr(line, code) == NULL)
        fprintf(stderr, "\nexpected %s, got: %s\n", code, line);
    JsonNode *root;
    JsonObject *o = parse(line, &root);
    CU_ASSERT_FALSE(json_object_get_boolean_member(o, "ok"));
    JsonObject *e = json_object_get_object_member(o, "error");
    CU_ASSERT_STRING_EQUAL(json_object_get_string_member(e, "code"), code);
    gint64 id = json_object_get_null_member(o, "id") ? -1 : json_object_get_int_member(o, "id");
    json_node_unref(root);
    return id;
}

static void
expect_ok_line(Client *c, gint64 id)
{
    g_autofree char *line = client_line(c);
    JsonNode *root;
    JsonObject *o = parse(line, &root);
    CU_ASSERT_TRUE(json_object_get_boolean_member(o, "ok"));
    CU_ASSERT_EQUAL(json_object_get_int_member(o, "id"), id);
    json_node_unref(root);
}

/* ---- tests ------------------------------------------------------------------------- */

static void
test_request_reply(void)
{
    Fixture f;
    fixture_init(&f);
    CU_ASSERT_TRUE_FATAL(fixture_start(&f));
    Client *c = client_connect(&f);
    client_send(c, "{\"v\":1,\"id\":1,\"verb\":\"status\"}\n");
    g_autofree char *line = client_line(c);
    JsonNode *root;
    JsonObject *o = parse(line, &root);
    CU_ASSERT_TRUE(json_object_get_boolean_member(o, "ok"));
    JsonObject *link = json_array_get_object_element(
        json_object_get_array_member(json_object_get_object_member(o, "result"), "links"), 0);
    CU_ASSERT_STRING_EQUAL(json_object_get_string_member(link, "interface"), "eth0");
    json_node_unref(root);

    /* Malformed, unknown and overlong requests are answered; the connection goes on. */
    client_send(c, "this is not json\n");
    CU_ASSERT_EQUAL(expect_error_line(c, "parse-error"), -1);
    client_send(c, "{\"v\":1,\"id\":2,\"verb\":\"shutdown\"}\r\n");
    CU_ASSERT_EQUAL(expect_error_line(c, "unknown-verb"), 2);
    g_autofree char *huge = g_strnfill(3 * BD_CONTROL_MAX_LINE, 'x');
    client_send(c, huge);
    client_send(c, "\n");
    CU_ASSERT_EQUAL(expect_error_line(c, "line-too-long"), -1);
    client_send(c, "\n\n{\"v\":1,\"id\":3,\"verb\":\"domains\"}\n");
    expect_ok_line(c, 3);

    /* Pipelined requests are answered in order. */
    GString *many = g_string_new(NULL);
    for (int i = 10; i < 40; i++)
        g_string_append_printf(many, "{\"v\":1,\"id\":%d,\"verb\":\"servers\"}\n", i);
    client_send(c, many->str);
    g_string_free(many, TRUE);
    for (int i = 10; i < 40; i++)
        expect_ok_line(c, i);

    const BdControlCounters *k = bd_control_server_counters(f.server);
    CU_ASSERT_EQUAL(k->clients, 1);
    CU_ASSERT_EQUAL(k->lines_too_long, 1);
    CU_ASSERT_EQUAL(k->requests, 1 + 2 + 1 + 30);
    CU_ASSERT_EQUAL(k->errors, 3);
    client_free(c);
    CU_ASSERT_EQUAL(k->clients, 0);
    fixture_free(&f);
}

static void
test_last_line_without_newline(void)
{
    Fixture f;
    fixture_init(&f);
    CU_ASSERT_TRUE_FATAL(fixture_start(&f));
    Client *c = client_connect(&f);
    /* As `printf '...' | socat - UNIX-CONNECT:...` sends it: no newline, then EOF. */
    client_send(c, "{\"v\":1,\"id\":9,\"verb\":\"backups\"}");
    g_socket_shutdown(c->socket, FALSE, TRUE, NULL);
    expect_ok_line(c, 9);
    CU_ASSERT_TRUE(client_sees_eof(c));
    client_free(c);
    fixture_free(&f);
}

static void
test_client_cap(void)
{
    Fixture f;
    fixture_init(&f);
    f.limits.max_clients = 2;
    CU_ASSERT_TRUE_FATAL(fixture_start(&f));
    Client *a = client_connect(&f);
    Client *b = client_connect(&f);
    Client *c = client_connect(&f);
    CU_ASSERT_EQUAL(expect_error_line(c, "too-many-clients"), -1);
    CU_ASSERT_TRUE(client_sees_eof(c));
    client_free(c);
    /* The two admitted still work; once one leaves there is room again. */
    client_send(b, "{\"v\":1,\"id\":1,\"verb\":\"status\"}\n");
    expect_ok_line(b, 1);
    client_free(a);
    Client *d = client_connect(&f);
    client_send(d, "{\"v\":1,\"id\":2,\"verb\":\"status\"}\n");
    expect_ok_line(d, 2);
    CU_ASSERT_EQUAL(bd_control_server_counters(f.server)->refused, 1);
    CU_ASSERT_EQUAL(bd_control_server_counters(f.server)->accepted, 3);
    client_free(b);
    client_free(d);
    fixture_free(&f);
}

static void
test_idle_timeout(void)
{
    Fixture f;
    fixture_init(&f);
    f.limits.idle_us = 150 * 1000;
    CU_ASSERT_TRUE_FATAL(fixture_start(&f));
    Client *watcher = client_connect(&f);
    client_send(watcher, "{\"v\":1,\"id\":1,\"verb\":\"watch\"}\n");
    expect_ok_line(watcher, 1);
    gint64 t0 = g_get_monotonic_time();
    Client *idle = client_connect(&f);
    CU_ASSERT_EQUAL(expect_error_line(idle, "idle-timeout"), -1);
    CU_ASSERT(g_get_monotonic_time() - t0 >= 150 * 1000); /* not before its time */
    CU_ASSERT_TRUE(client_sees_eof(idle));
    CU_ASSERT_EQUAL(bd_control_server_counters(f.server)->idle_closed, 1);
    /* A watcher only listens: it is never idle. */
    CU_ASSERT_EQUAL(bd_control_server_counters(f.server)->clients, 1);
    client_free(idle);
    client_free(watcher);
    fixture_free(&f);
}

static gboolean
has_event(const char *line, const char *event)
{
    g_autofree char *needle = g_strdup_printf("\"event\":\"%s\"", event);
    return line != NULL && strstr(line, needle) != NULL;
}

static void
test_watch_stream(void)
{
    Fixture f;
    fixture_init(&f);
    CU_ASSERT_TRUE_FATAL(fixture_start(&f));
    Client *w = client_connect(&f);
    client_send(w, "{\"v\":1,\"id\":5,\"verb\":\"watch\"}\n");
    g_autofree char *first = client_line(w);
    CU_ASSERT_PTR_NOT_NULL(strstr(first, "\"watching\":true"));
    CU_ASSERT_PTR_NOT_NULL(strstr(first, "\"role\":\"potential\""));

    /* Another client forces an election; the engine runs; the watcher sees it all. */
    Client *op = client_connect(&f);
    client_send(op, "{\"v\":1,\"id\":6,\"verb\":\"elect\"}\n");
    expect_ok_line(op, 6);
    fake_view_run_until(f.fake, f.fake->now + 20 * SEC);
    drain_context(&f);
    CU_ASSERT_EQUAL(brw_engine_role(f.eth0->engine), BRW_ROLE_MASTER);
    gboolean won = FALSE, role = FALSE, master = FALSE;
    for (char *line; !(won && role && master) && (line = client_line(w)) != NULL; g_free(line)) {
        JsonNode *root;
        JsonObject *o = parse(line, &root);
        CU_ASSERT_EQUAL(json_object_get_int_member(o, "v"), 1);
        CU_ASSERT_STRING_EQUAL(json_object_get_string_member(o, "interface"), "eth0");
        CU_ASSERT_TRUE(json_object_has_member(o, "time"));
        json_node_unref(root);
        won = won || has_event(line, "election-won");
        if (has_event(line, "role-changed") && strstr(line, "\"new\":\"master\"") != NULL)
            role = TRUE;
        if (has_event(line, "master-changed") && strstr(line, "\"master\":\"B1\"") != NULL)
            master = TRUE;
    }
    CU_ASSERT_TRUE(won && role && master);

    /* Server list changes, in order; what a watcher sends is ignored. */
    client_send(w, "{\"v\":1,\"id\":7,\"verb\":\"status\"}\n");
    BrwEffect fx = {.kind = BRW_EFFECT_SERVER_ADDED};
    g_strlcpy(fx.entry, "NEWBOX", sizeof fx.entry);
    bd_control_server_publish(f.server, "eth0", "WORKGROUP", &fx);
    fx.kind = BRW_EFFECT_SERVER_REMOVED;
    bd_control_server_publish(f.server, "eth0", "WORKGROUP", &fx);
    fx.kind = BRW_EFFECT_SEND; /* not an event */
    bd_control_server_publish(f.server, "eth0", "WORKGROUP", &fx);
    /* (the engine's own events of becoming master may come first) */
    g_autofree char *added = NULL;
    while ((added = client_line(w)) != NULL && strstr(added, "NEWBOX") == NULL)
        g_free(added);
    CU_ASSERT_TRUE(has_event(added, "server-added"));
    g_autofree char *removed = client_line(w);
    CU_ASSERT_TRUE(has_event(removed, "server-removed"));
    CU_ASSERT_PTR_NOT_NULL(strstr(removed, "\"name\":\"NEWBOX\""));
    CU_ASSERT_EQUAL(bd_control_server_counters(f.server)->watchers, 1);

    /* The operator's connection saw no event. */
    client_send(op, "{\"v\":1,\"id\":8,\"verb\":\"stats\"}\n");
    g_autofree char *stats = client_line(op);
    CU_ASSERT_TRUE(g_str_has_prefix(stats, "{\"v\":1,\"id\":8,\"ok\":true"));
    CU_ASSERT_PTR_NOT_NULL(strstr(stats, "\"watchers\":1"));
    client_free(op);
    client_free(w);
    CU_ASSERT_EQUAL(bd_control_server_counters(f.server)->watchers, 0);
    fixture_free(&f);
}

static void
test_slow_watcher_dropped(void)
{
    Fixture f;
    fixture_init(&f);
    f.limits.max_watch_queue = 8192;
    CU_ASSERT_TRUE_FATAL(fixture_start(&f));
    Client *w = client_connect(&f);
    client_send(w, "{\"v\":1,\"id\":11,\"verb\":\"watch\"}\n");
    expect_ok_line(w, 11);
    /* Far more than the socket buffer and the queue hold, and the client reads nothing. */
    BrwEffect fx = {.kind = BRW_EFFECT_SERVER_ADDED};
    guint published = 0;
    for (; published < 100000 && bd_control_server_counters(f.server)->slow_dropped == 0;
         published++) {
        g_snprintf(fx.entry, sizeof fx.entry, "S%u", published);
        bd_control_server_publish(f.server, "eth0", "WORKGROUP", &fx);
    }
    CU_ASSERT_EQUAL(bd_control_server_counters(f.server)->slow_dropped, 1);
    CU_ASSERT(published > 100); /* the socket took a good deal first */
    /* Later events go nowhere. */
    bd_control_server_publish(f.server, "eth0", "WORKGROUP", &fx);
    /* Whole events in order, then the error with the watch's id, then the end. */
    guint events = 0;
    gint64 last_id = -2;
    for (char *line; (line = client_line(w)) != NULL; g_free(line)) {
        JsonNode *root;
        JsonObject *o = parse(line, &root);
        if (json_object_has_member(o, "event")) {
            g_autofree char *want = g_strdup_printf("S%u", events);
            CU_ASSERT_STRING_EQUAL(json_object_get_string_member(o, "name"), want);
            events++;
        } else {
            JsonObject *e = json_object_get_object_member(o, "error");
            CU_ASSERT_STRING_EQUAL(json_object_get_string_member(e, "code"), "too-slow");
            last_id = json_object_get_int_member(o, "id");
        }
        json_node_unref(root);
    }
    CU_ASSERT_EQUAL(last_id, 11);
    CU_ASSERT(events > 0 && events < published);
    CU_ASSERT_TRUE(client_sees_eof(w));
    CU_ASSERT_EQUAL(bd_control_server_counters(f.server)->watchers, 0);
    client_free(w);
    fixture_free(&f);
}

static void
test_replies_pile_up(void)
{
    /* A client that sends many requests and reads nothing is no longer read from once its
     * replies pile up; when it reads, every reply arrives, in order. */
    Fixture f;
    fixture_init(&f);
    f.limits.read_pause = 1024;
    CU_ASSERT_TRUE_FATAL(fixture_start(&f));
    for (int i = 0; i < 40; i++) {
        char name[16];
        g_snprintf(name, sizeof name, "SRV%02d", i);
        fake_link_add_entry(f.eth0, FALSE, name, 3, "a comment to make the replies long enough",
                            f.fake->now, 600);
    }
    Client *c = client_connect(&f);
    GString *many = g_string_new(NULL);
    for (int i = 0; i < 300; i++)
        g_string_append_printf(many, "{\"v\":1,\"id\":%d,\"verb\":\"servers\"}\n", i);
    client_send(c, many->str);
    g_string_free(many, TRUE);
    for (int i = 0; i < 300; i++)
        expect_ok_line(c, i);
    client_free(c);
    fixture_free(&f);
}

static void
test_shutdown(void)
{
    Fixture f;
    fixture_init(&f);
    CU_ASSERT_TRUE_FATAL(fixture_start(&f));
    Client *w = client_connect(&f);
    client_send(w, "{\"v\":1,\"id\":3,\"verb\":\"watch\"}\n");
    expect_ok_line(w, 3);
    Client *idle = client_connect(&f);
    bd_control_server_free(f.server);
    f.server = NULL;
    CU_ASSERT_EQUAL(expect_error_line(w, "shutting-down"), 3);
    CU_ASSERT_TRUE(client_sees_eof(w));
    CU_ASSERT_EQUAL(expect_error_line(idle, "shutting-down"), -1);
    CU_ASSERT_FALSE(g_file_test(f.path, G_FILE_TEST_EXISTS)); /* unlinked */
    client_free(w);
    client_free(idle);
    fixture_free(&f);
}

static void
test_socket_file(void)
{
    Fixture f;
    fixture_init(&f);
    /* A stale socket (nobody listening) is replaced. */
    {
        g_autoptr(GSocket) s = g_socket_new(G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_DEFAULT, NULL);
        g_autoptr(GSocketAddress) a = g_unix_socket_address_new(f.path);
        CU_ASSERT_TRUE_FATAL(g_socket_bind(s, a, FALSE, NULL));
        g_socket_close(s, NULL);
    }
    CU_ASSERT_TRUE(g_file_test(f.path, G_FILE_TEST_EXISTS));
    f.limits.max_clients = 4;
    CU_ASSERT_TRUE_FATAL(fixture_start(&f));
    struct stat st;
    CU_ASSERT_EQUAL_FATAL(lstat(f.path, &st), 0);
    CU_ASSERT_TRUE(S_ISSOCK(st.st_mode));
    CU_ASSERT_EQUAL(st.st_mode & 07777, 0660);

    /* A live one is not: another daemon answers there. */
    BdControlView view = fake_view_control(f.fake);
    g_autoptr(GError) error = NULL;
    BdControlServer *second = bd_control_server_new(f.path, 0600, "", NULL, &view, &error);
    CU_ASSERT_PTR_NULL(second);
    CU_ASSERT_TRUE(g_error_matches(error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE));
    CU_ASSERT_PTR_NOT_NULL(strstr(error->message, "another daemon is listening"));
    g_clear_error(&error);
    Client *c = client_connect(&f); /* and the first still serves */
    client_send(c, "{\"v\":1,\"id\":1,\"verb\":\"status\"}\n");
    expect_ok_line(c, 1);
    client_free(c);

    /* Freed, the server removes its socket. */
    bd_control_server_free(f.server);
    f.server = NULL;
    CU_ASSERT_FALSE(g_file_test(f.path, G_FILE_TEST_EXISTS));

    /* A file that is not a socket is left alone. */
    CU_ASSERT_TRUE(g_file_set_contents(f.path, "precious", -1, NULL));
    CU_ASSERT_PTR_NULL(bd_control_server_new(f.path, 0600, "", NULL, &view, &error));
    CU_ASSERT_PTR_NOT_NULL(error != NULL ? strstr(error->message, "is not a socket") : NULL);
    g_clear_error(&error);
    g_remove(f.path);

    /* Mode and group as configured: our own group may always be given. */
    struct group *gr = getgrgid(getegid());
    CU_ASSERT_PTR_NOT_NULL_FATAL(gr);
    g_autofree char *group = g_strdup(gr->gr_name);
    BdControlServer *s = bd_control_server_new(f.path, 0600, group, NULL, &view, &error);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_EQUAL_FATAL(lstat(f.path, &st), 0);
    CU_ASSERT_EQUAL(st.st_mode & 07777, 0600);
    CU_ASSERT_EQUAL(st.st_gid, getegid());
    bd_control_server_free(s);
    CU_ASSERT_PTR_NULL(
        bd_control_server_new(f.path, 0600, "no-such-group-xyz", NULL, &view, &error));
    CU_ASSERT_PTR_NOT_NULL(error != NULL ? strstr(error->message, "group 'no-such-group-xyz' does "
                                                                  "not exist")
                                         : NULL);
    CU_ASSERT_FALSE(g_file_test(f.path, G_FILE_TEST_EXISTS)); /* not left behind */
    g_clear_error(&error);

    /* A missing directory is made. */
    g_autofree char *deep = g_build_filename(f.dir, "sub", "control", NULL);
    s = bd_control_server_new(deep, 0600, "", NULL, &view, &error);
    CU_ASSERT_PTR_NOT_NULL(s);
    bd_control_server_free(s);
    g_autofree char *sub = g_build_filename(f.dir, "sub", NULL);
    g_rmdir(sub);
    fixture_free(&f);
}

static CU_TestInfo tests[] = {
    {"request and reply", test_request_reply},
    {"last line without newline", test_last_line_without_newline},
    {"client cap", test_client_cap},
    {"idle timeout", test_idle_timeout},
    {"watch stream", test_watch_stream},
    {"slow watcher dropped", test_slow_watcher_dropped},
    {"replies pile up", test_replies_pile_up},
    {"shutdown", test_shutdown},
    {"socket file", test_socket_file},
    CU_TEST_INFO_NULL,
};

int
main(void)
{
    return test_run_suite("bd-control-server", tests);
}
