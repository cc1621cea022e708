/* The problems found while loading one configuration, each "FILE:LINE: message", collected
 * so the operator sees all of them at once instead of fixing one per restart. */
#pragma once

#include <glib.h>
#include <config/bd-config.h>

typedef struct {
    guint line;
    char *text; /* "FILE:LINE: message" */
} BdProblem;

typedef struct {
    const char *file;       /* borrowed: the name messages carry */
    GPtrArray *problems;    /* owned BdProblem, in the order found */
    gboolean no_interfaces; /* one of them is a missing or empty `interfaces` */
} BdReport;

void bd_report_init(BdReport *r, const char *file);
void bd_report_clear(BdReport *r);

/* Adds "FILE:LINE: <formatted>". Line 0 (libconfig's for the root) is reported as 1. */
void bd_report_add(BdReport *r, guint line, const char *fmt, ...) G_GNUC_PRINTF(3, 4);

gboolean bd_report_empty(const BdReport *r);

/* Sets *error to every problem, ordered by line (problems of one line in the order found),
 * joined by newlines, with `code` (NO_INTERFACES instead of INVALID when that problem is
 * among them). */
void bd_report_to_error(BdReport *r, BdConfigError code, GError **error);

/* A value from the file as messages quote it: 'text' with control and non-ASCII bytes
 * escaped (the file may hold anything, the message must stay one printable line) and cut
 * after 48 characters. Returns a new string. */
char *bd_report_quote(const char *value);
