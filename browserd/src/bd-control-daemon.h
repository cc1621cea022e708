/* The control interface's view (bd-control-view.h) of the running daemon: its links, its
 * sockets' counters, and operator actions run through the links. */
#pragma once

#include "bd-control-view.h"
#include "bd-daemon.h"

/* A view of `d`, valid as long as `d` is; it reads the links anew on every call, so it
 * stays true across a reload. */
BdControlView bd_control_daemon_view(BdDaemon *d);
