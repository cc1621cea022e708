/* A tokenizer that splits text exactly as libconfig 1.5's flex scanner does (longest
 * match, ties to the earlier rule), so bd-config-syntax.c can check the grammar before
 * libconfig sees the text. */
#pragma once

#include <glib.h>

#include "bd-config-report.h"

typedef enum {
    BD_TOK_END = 0,
    BD_TOK_NAME,
    BD_TOK_BOOL,
    BD_TOK_INT,   /* decimal or hex, 32-bit */
    BD_TOK_INT64, /* with an L suffix */
    BD_TOK_FLOAT,
    BD_TOK_STRING,
    BD_TOK_EQUALS, /* '=' or ':' */
    BD_TOK_COMMA,
    BD_TOK_SEMICOLON,
    BD_TOK_GROUP_START,
    BD_TOK_GROUP_END,
    BD_TOK_ARRAY_START,
    BD_TOK_ARRAY_END,
    BD_TOK_LIST_START,
    BD_TOK_LIST_END,
    BD_TOK_GARBAGE, /* one byte no rule takes */
    BD_TOK_ERROR,   /* a problem already reported: an unclosed string or comment */
} BdTokKind;

typedef struct {
    BdTokKind kind;
    const char *start; /* into the text */
    gsize len;
    guint line; /* where the token starts */
} BdTok;

typedef struct {
    const char *p;
    const char *end;
    guint line;
    BdReport *report;
    gboolean ok; /* FALSE once a problem was reported */
} BdLexer;

void bd_lexer_init(BdLexer *lx, const char *text, gsize len, BdReport *report);

/* The next token. Reports (and makes lx->ok FALSE) an unclosed string or block comment,
 * and an integer without an L suffix that libconfig 1.5 would wrap (it reads 4294967316 as
 * 20); such an integer is still returned as BD_TOK_INT, so checking goes on. */
BdTok bd_lexer_next(BdLexer *lx);

/* Reports a NUL byte (libconfig would stop reading there) and any @include line. Returns
 * TRUE when there is none. */
gboolean bd_lexer_check_lines(const char *text, gsize len, BdReport *report);
