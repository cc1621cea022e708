/* A stand-in for browserd in browsectl's tests: the real control server (bd-control-server.h)
 * on the Unix socket given as argument, in front of the unit tests' fake daemon (real
 * engines on a virtual clock, no network). Runs until SIGTERM or SIGINT, or until stdin
 * closes, so a test script that dies takes it along.
 *   fake-browserd SOCKET */
#include <glib-unix.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include "bd-control-fake.h"
#include "bd-control-server.h"

typedef struct {
    BdControlServer *server;
    GMainLoop *loop;
    FakeView *fake;
} Daemon;

/* The engines live a virtual second every 50 ms, so an election forced through the socket
 * is won, and watched, within a fraction of a real second. */
static gboolean
on_tick(gpointer user_data)
{
    FakeView *fake = ((Daemon *)user_data)->fake;
    fake_view_run_until(fake, fake->now + G_USEC_PER_SEC);
    return G_SOURCE_CONTINUE;
}

static gboolean
on_signal(gpointer user_data)
{
    g_main_loop_quit(((Daemon *)user_data)->loop);
    return G_SOURCE_CONTINUE;
}

static gboolean
on_stdin(gint fd, GIOCondition condition, gpointer user_data)
{
    char buf[64];
    (void)condition;
    if (read(fd, buf, sizeof buf) <= 0)
        g_main_loop_quit(((Daemon *)user_data)->loop); /* removed once the loop ends */
    return G_SOURCE_CONTINUE;
}

static void
forward(FakeLink *link, const BrwEffect *fx, gpointer user_data)
{
    bd_control_server_publish(((Daemon *)user_data)->server, link->interface, link->workgroup, fx);
}

int
main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: fake-browserd SOCKET\n");
        return 2;
    }
    Daemon d = {0};
    FakeView *fake = fake_view_new();
    FakeLink *eth0 = fake_view_add_link(fake, "eth0", 0x0A000105u, "WORKGROUP", "B1", TRUE, TRUE);
    fake_view_add_link(fake, "eth1", 0xC0A80002u, "WORKGROUP", "B1", FALSE, FALSE);
    if (!fake_link_make_master(eth0))
        return 1;
    fake_view_run_until(fake, fake->now + 2 * G_USEC_PER_SEC);
    gint64 heard = fake->now - 30 * G_USEC_PER_SEC;
    fake_link_add_entry(eth0, FALSE, "FILES", 0x00001003u, "Samba 4", heard, 720);
    fake_link_add_entry(eth0, FALSE, "PRINTSRV", 0x00000202u, "laser \x1b[31mred", heard, 720);
    fake_link_add_entry(eth0, TRUE, "OTHERGRP", 0x80001000u, "OMASTER", heard, 900);
    fake->on_event = forward;
    fake->event_data = &d;
    d.fake = fake;

    BdControlView view = fake_view_control(fake);
    g_autoptr(GError) error = NULL;
    d.server = bd_control_server_new(argv[1], 0600, "", NULL, &view, &error);
    if (d.server == NULL) {
        fprintf(stderr, "fake-browserd: %s\n", error->message);
        return 1;
    }
    d.loop = g_main_loop_new(NULL, FALSE);
    bd_control_server_start(d.server);
    guint term = g_unix_signal_add(SIGTERM, on_signal, &d);
    guint intr = g_unix_signal_add(SIGINT, on_signal, &d);
    guint in = g_unix_fd_add(0, G_IO_IN | G_IO_HUP, on_stdin, &d);
    guint tick = g_timeout_add(50, on_tick, &d);
    fprintf(stderr, "fake-browserd: listening on %s\n", argv[1]);
    g_main_loop_run(d.loop);
    g_source_remove(term);
    g_source_remove(intr);
    g_source_remove(in);
    g_source_remove(tick);
    bd_control_server_free(d.server);
    while (g_main_context_iteration(NULL, FALSE))
        ;
    g_main_loop_unref(d.loop);
    fake_view_free(fake);
    return 0;
}
