/* Helpers the simulated-LAN suites share: building LANs of a kind and asserting the
 * harness saw nothing abnormal. */
#pragma once

#include "sim-lan.h"

#include <CUnit/CUnit.h>

G_BEGIN_DECLS

/* A LAN with the default links (1 ms + up to 0.5 ms) and `loss`. */
SimLan *scn_lan_new(guint64 seed, double loss);

/* Adds a node of `workgroup` with the given election standing; `browser` FALSE makes a
 * non-browser server. */
guint scn_add(SimLan *lan, const char *workgroup, guint8 os_level, gboolean preferred,
              gboolean browser);

/* Asserts (CUnit) that the harness recorded no anomaly, printing any. */
void scn_assert_no_anomalies(const SimLan *lan);

G_END_DECLS
