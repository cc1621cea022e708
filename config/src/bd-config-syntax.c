/* A recursive-descent recognizer of libconfig 1.5's grammar:
 *   configuration := setting*
 *   setting       := NAME ('=' | ':') value (';' | ',')?
 *   value         := scalar | '[' (scalar (',' scalar)*)? ']' | '(' (value (',' value)*)? ')'
 *                  | '{' setting* '}'
 *   scalar        := BOOL | INT | INT64 | FLOAT | STRING+
 * (1.5 has no trailing commas in lists or arrays; later versions accept a superset.) */
#include "bd-config-syntax.h"

#include <string.h>

#include "bd-config-lex.h"

/* Deeper nesting is no configuration of ours; the bound keeps the recursion small. */
#define MAX_DEPTH 32

typedef struct {
    BdLexer lx;
    BdTok tok; /* the lookahead */
    guint depth;
} Syntax;

typedef enum {
    ELEM_NONE,
    ELEM_BOOL,
    ELEM_INT,
    ELEM_INT64,
    ELEM_FLOAT,
    ELEM_STRING,
} ElemType;

static void
next(Syntax *sx)
{
    sx->tok = bd_lexer_next(&sx->lx);
}

/* How a message names the token it found. */
static char *
describe(const BdTok *t)
{
    switch (t->kind) {
    case BD_TOK_END:
        return g_strdup("the end of the file");
    case BD_TOK_STRING:
        return g_strdup("a string");
    case BD_TOK_INT:
    case BD_TOK_INT64:
    case BD_TOK_FLOAT:
        return g_strdup_printf("the number %.*s", (int)MIN(t->len, 24), t->start);
    case BD_TOK_BOOL:
        return g_strdup_printf("%.*s", (int)t->len, t->start);
    case BD_TOK_NAME:
        return g_strdup_printf("the name '%.*s'", (int)MIN(t->len, 48), t->start);
    case BD_TOK_GARBAGE: {
        guchar c = (guchar)t->start[0];
        return c > 0x20 && c < 0x7f ? g_strdup_printf("'%c'", c)
                                    : g_strdup_printf("byte 0x%02x", c);
    }
    default:
        return g_strdup_printf("'%c'", t->start[0]);
    }
}

/* Reports "expected <what>, found <token>" at the lookahead; always FALSE. */
static gboolean
unexpected(Syntax *sx, const char *what)
{
    if (sx->tok.kind == BD_TOK_ERROR)
        return FALSE; /* the lexer has said why */
    g_autofree char *found = describe(&sx->tok);
    bd_report_add(sx->lx.report, sx->tok.line, "expected %s, found %s", what, found);
    sx->lx.ok = FALSE;
    return FALSE;
}

static gboolean
enter(Syntax *sx)
{
    if (++sx->depth <= MAX_DEPTH)
        return TRUE;
    bd_report_add(sx->lx.report, sx->tok.line, "nested more than %d levels deep", MAX_DEPTH);
    sx->lx.ok = FALSE;
    return FALSE;
}

static gboolean value(Syntax *sx, const char *name);
static gboolean settings(Syntax *sx, BdTokKind until);

/* A scalar at the lookahead: consumes it (all adjacent strings) and returns its type, or
 * ELEM_NONE without consuming anything. */
static ElemType
scalar(Syntax *sx)
{
    ElemType type;
    switch (sx->tok.kind) {
    case BD_TOK_BOOL:
        type = ELEM_BOOL;
        break;
    case BD_TOK_INT:
        type = ELEM_INT;
        break;
    case BD_TOK_INT64:
        type = ELEM_INT64;
        break;
    case BD_TOK_FLOAT:
        type = ELEM_FLOAT;
        break;
    case BD_TOK_STRING:
        while (sx->tok.kind == BD_TOK_STRING) /* "a" "b" is one string, "ab" */
            next(sx);
        return ELEM_STRING;
    default:
        return ELEM_NONE;
    }
    next(sx);
    return type;
}

static gboolean
array(Syntax *sx)
{
    next(sx); /* [ */
    if (sx->tok.kind == BD_TOK_ARRAY_END) {
        next(sx);
        return TRUE;
    }
    ElemType first = ELEM_NONE;
    for (;;) {
        guint line = sx->tok.line;
        ElemType type = scalar(sx);
        if (type == ELEM_NONE)
            return unexpected(sx, "a number, a boolean or a string in the array (an array "
                                  "holds scalars; a list in ( ) holds anything)");
        if (first == ELEM_NONE) {
            first = type;
        } else if (type != first) {
            bd_report_add(sx->lx.report, line,
                          "the elements of an array must all have the same type (use a list "
                          "in ( ) to mix types)");
            sx->lx.ok = FALSE;
            return FALSE;
        }
        if (sx->tok.kind == BD_TOK_ARRAY_END) {
            next(sx);
            return TRUE;
        }
        if (sx->tok.kind != BD_TOK_COMMA)
            return unexpected(sx, "',' or ']' in the array");
        next(sx);
    }
}

static gboolean
list(Syntax *sx)
{
    next(sx); /* ( */
    if (sx->tok.kind == BD_TOK_LIST_END) {
        next(sx);
        return TRUE;
    }
    for (;;) {
        if (!value(sx, NULL))
            return FALSE;
        if (sx->tok.kind == BD_TOK_LIST_END) {
            next(sx);
            return TRUE;
        }
        if (sx->tok.kind != BD_TOK_COMMA)
            return unexpected(sx, "',' or ')' in the list");
        next(sx);
    }
}

/* A value of the setting `name` (as messages quote it; NULL inside a list). */
static gboolean
value(Syntax *sx, const char *name)
{
    if (scalar(sx) != ELEM_NONE)
        return TRUE;
    gboolean ok;
    switch (sx->tok.kind) {
    case BD_TOK_ARRAY_START:
        if (!enter(sx))
            return FALSE;
        ok = array(sx);
        break;
    case BD_TOK_LIST_START:
        if (!enter(sx))
            return FALSE;
        ok = list(sx);
        break;
    case BD_TOK_GROUP_START:
        if (!enter(sx))
            return FALSE;
        next(sx);
        ok = settings(sx, BD_TOK_GROUP_END);
        if (ok)
            next(sx); /* } */
        break;
    default: {
        g_autofree char *what =
            name ? g_strdup_printf("a value for %s", name) : g_strdup("a value in the list");
        return unexpected(sx, what);
    }
    }
    sx->depth--;
    return ok;
}

/* Settings up to `until` (END at the top, GROUP_END in a group), which is left as the
 * lookahead. A name set twice in one group is refused, as libconfig would. */
static gboolean
settings(Syntax *sx, BdTokKind until)
{
    g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    while (sx->tok.kind != until) {
        if (sx->tok.kind != BD_TOK_NAME)
            return unexpected(sx, until == BD_TOK_END ? "a key name"
                                                      : "a key name or '}' closing the group");
        g_autofree char *name = g_strndup(sx->tok.start, sx->tok.len);
        g_autofree char *shown = bd_report_quote(name); /* names have no length limit */
        guint line = sx->tok.line;
        if (!g_hash_table_add(seen, g_strdup(name))) {
            bd_report_add(sx->lx.report, line, "%s is set twice", shown);
            sx->lx.ok = FALSE;
            return FALSE;
        }
        next(sx);
        if (sx->tok.kind != BD_TOK_EQUALS) {
            g_autofree char *what = g_strdup_printf("'=' after %s", shown);
            return unexpected(sx, what);
        }
        next(sx);
        if (!value(sx, shown))
            return FALSE;
        if (sx->tok.kind == BD_TOK_SEMICOLON || sx->tok.kind == BD_TOK_COMMA)
            next(sx);
    }
    return TRUE;
}

gboolean
bd_config_check_syntax(const char *text, gsize len, BdReport *report)
{
    if (!bd_lexer_check_lines(text, len, report))
        return FALSE;
    Syntax sx = {.depth = 0};
    bd_lexer_init(&sx.lx, text, len, report);
    next(&sx);
    gboolean ok = settings(&sx, BD_TOK_END);
    return ok && sx.lx.ok;
}
