/* libconfig 1.5's tokens (its scanner.l): names [A-Za-z*][-A-Za-z0-9_*]*, true/false in
 * any case, decimal, hex and L-suffixed integers, floats, strings with backslash escapes,
 * # and // comments to the end of the line, block comments, and single-byte punctuation.
 * Anything else is one byte of garbage, which the grammar then refuses. */
#include "bd-config-lex.h"

#include <string.h>

void
bd_lexer_init(BdLexer *lx, const char *text, gsize len, BdReport *report)
{
    lx->p = text;
    lx->end = text + len;
    lx->line = 1;
    lx->report = report;
    lx->ok = TRUE;
}

/* ---- whole lines --------------------------------------------------------------------- */

/* `@include` at the start of a line, as libconfig's `^[ \t]*@include` rule sees it. Seen
 * anywhere a line starts, even inside a comment or a string: refusing a little too much
 * is safe, opening a file is not. */
static gboolean
line_is_include(const char *line, const char *end)
{
    while (line < end && (*line == ' ' || *line == '\t'))
        line++;
    return (gsize)(end - line) >= 8 && memcmp(line, "@include", 8) == 0;
}

gboolean
bd_lexer_check_lines(const char *text, gsize len, BdReport *report)
{
    const char *end = text + len;
    gboolean ok = TRUE;
    guint line = 1;
    const char *start = text;
    for (const char *p = text; p <= end; p++) {
        if (p < end && *p != '\n' && *p != '\0')
            continue;
        if (line_is_include(start, p)) {
            bd_report_add(report, line,
                          "@include is not supported: keep the whole configuration in this "
                          "file, so that what --check-config shows is all that is in force");
            ok = FALSE;
        }
        if (p < end && *p == '\0') {
            bd_report_add(report, line, "a NUL byte: this is not a text file");
            return FALSE; /* binary data: one message is enough */
        }
        line++;
        start = p + 1;
    }
    return ok;
}

/* ---- token rules, each returning its match length at p (0: no match) ------------------ */

static gsize
digits(const char *p, const char *end)
{
    gsize n = 0;
    while (p + n < end && g_ascii_isdigit(p[n]))
        n++;
    return n;
}

static gsize
sign(const char *p, const char *end)
{
    return (p < end && (*p == '-' || *p == '+')) ? 1 : 0;
}

/* [eE][-+]?[0-9]+ */
static gsize
exponent(const char *p, const char *end)
{
    if (p >= end || (*p != 'e' && *p != 'E'))
        return 0;
    gsize n = 1 + sign(p + 1, end);
    gsize d = digits(p + n, end);
    return d > 0 ? n + d : 0;
}

/* ([-+]?[0-9]*\.[0-9]*([eE][-+]?[0-9]+)?) | ([-+]?[0-9]+(\.[0-9]*)?[eE][-+]?[0-9]+) */
static gsize
match_float(const char *p, const char *end)
{
    gsize s = sign(p, end);
    gsize int_part = digits(p + s, end);
    gsize best = 0;
    const char *dot = p + s + int_part;
    if (dot < end && *dot == '.') {
        gsize frac = digits(dot + 1, end);
        gsize n = s + int_part + 1 + frac;
        best = n + exponent(p + n, end);
    }
    if (int_part > 0) {
        gsize n = s + int_part;
        if (p + n < end && p[n] == '.')
            n += 1 + digits(p + n + 1, end);
        gsize e = exponent(p + n, end);
        if (e > 0)
            best = MAX(best, n + e);
    }
    return best;
}

/* [-+]?[0-9]+ */
static gsize
match_integer(const char *p, const char *end)
{
    gsize s = sign(p, end);
    gsize d = digits(p + s, end);
    return d > 0 ? s + d : 0;
}

/* L(L)? after a number of length n */
static gsize
long_suffix(const char *p, gsize n, const char *end)
{
    if (n == 0 || p + n >= end || p[n] != 'L')
        return 0;
    return (p + n + 1 < end && p[n + 1] == 'L') ? n + 2 : n + 1;
}

/* 0[Xx][0-9A-Fa-f]+ */
static gsize
match_hex(const char *p, const char *end)
{
    if (end - p < 3 || p[0] != '0' || (p[1] != 'x' && p[1] != 'X'))
        return 0;
    gsize n = 2;
    while (p + n < end && g_ascii_isxdigit(p[n]))
        n++;
    return n > 2 ? n : 0;
}

static gboolean
is_name_char(char c)
{
    return g_ascii_isalnum(c) || c == '-' || c == '_' || c == '*';
}

static gsize
match_name(const char *p, const char *end)
{
    if (p >= end || !(g_ascii_isalpha(*p) || *p == '*'))
        return 0;
    gsize n = 1;
    while (p + n < end && is_name_char(p[n]))
        n++;
    return n;
}

static gsize
match_word(const char *p, const char *end, const char *word)
{
    gsize n = strlen(word);
    return ((gsize)(end - p) >= n && g_ascii_strncasecmp(p, word, n) == 0) ? n : 0;
}

/* ---- range of integers ---------------------------------------------------------------- */

static void
check_int_range(BdLexer *lx, const BdTok *t, gboolean hex)
{
    g_autofree char *text = g_strndup(t->start, t->len);
    gboolean fits;
    if (hex) {
        guint64 v;
        fits = g_ascii_string_to_unsigned(text + 2, 16, 0, G_MAXINT32, &v, NULL);
    } else {
        gint64 v;
        fits = g_ascii_string_to_signed(text, 10, G_MININT32, G_MAXINT32, &v, NULL);
    }
    if (fits)
        return;
    bd_report_add(lx->report, t->line, "integer %s is out of range (%s)", text,
                  hex ? "0x0 to 0x7fffffff" : "-2147483648 to 2147483647");
    lx->ok = FALSE;
}

/* ---- skipping -------------------------------------------------------------------------- */

static void
advance(BdLexer *lx, gsize n)
{
    for (gsize i = 0; i < n; i++)
        if (lx->p[i] == '\n')
            lx->line++;
    lx->p += n;
}

/* Whitespace and comments; FALSE after an unclosed block comment. */
static gboolean
skip_blank(BdLexer *lx)
{
    while (lx->p < lx->end) {
        char c = *lx->p;
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
            advance(lx, 1);
        } else if (c == '#' || (c == '/' && lx->p + 1 < lx->end && lx->p[1] == '/')) {
            /* libconfig's rule is (#|//).*$: without a line break after it, it is no
             * comment but garbage. (Loading adds a final line break.) */
            const char *eol = memchr(lx->p, '\n', (gsize)(lx->end - lx->p));
            if (eol == NULL)
                return TRUE;
            lx->p = eol;
        } else if (c == '/' && lx->p + 1 < lx->end && lx->p[1] == '*') {
            guint opened = lx->line;
            const char *close = g_strstr_len(lx->p + 2, lx->end - (lx->p + 2), "*/");
            if (close == NULL) {
                /* libconfig 1.5 accepts it and silently drops the rest of the file. */
                bd_report_add(lx->report, opened, "this comment is never closed (no */)");
                lx->ok = FALSE;
                return FALSE;
            }
            advance(lx, (gsize)(close + 2 - lx->p));
        } else {
            return TRUE;
        }
    }
    return TRUE;
}

/* From the opening quote; a backslash escapes the byte after it. */
static gboolean
skip_string(BdLexer *lx, BdTok *t)
{
    const char *q = lx->p + 1;
    while (q < lx->end && *q != '"')
        q += (*q == '\\' && q + 1 < lx->end) ? 2 : 1;
    if (q >= lx->end) {
        bd_report_add(lx->report, t->line, "this string is never closed (no \")");
        lx->ok = FALSE;
        return FALSE;
    }
    advance(lx, (gsize)(q + 1 - lx->p));
    return TRUE;
}

BdTok
bd_lexer_next(BdLexer *lx)
{
    BdTok t = {.kind = BD_TOK_END, .start = lx->p, .len = 0, .line = lx->line};
    if (!skip_blank(lx)) {
        t.kind = BD_TOK_ERROR;
        return t;
    }
    t.start = lx->p;
    t.line = lx->line;
    if (lx->p >= lx->end)
        return t;
    static const char punct[] = "=:,;{}[]()";
    static const BdTokKind punct_kind[] = {
        BD_TOK_EQUALS,      BD_TOK_EQUALS,    BD_TOK_COMMA,       BD_TOK_SEMICOLON,
        BD_TOK_GROUP_START, BD_TOK_GROUP_END, BD_TOK_ARRAY_START, BD_TOK_ARRAY_END,
        BD_TOK_LIST_START,  BD_TOK_LIST_END,
    };
    const char *hit = strchr(punct, *lx->p);
    if (hit != NULL && *lx->p != '\0') {
        t.kind = punct_kind[hit - punct];
        t.len = 1;
        advance(lx, 1);
        return t;
    }
    if (*lx->p == '"') {
        gboolean closed = skip_string(lx, &t);
        t.kind = closed ? BD_TOK_STRING : BD_TOK_ERROR;
        t.len = (gsize)(lx->p - t.start);
        return t;
    }
    /* Flex takes the longest match; on a tie the rule listed first: true, false, name,
     * float, integer, integer64, hex, hex64. */
    const char *p = lx->p, *end = lx->end;
    gsize integer = match_integer(p, end), hex = match_hex(p, end);
    struct {
        BdTokKind kind;
        gsize len;
        gboolean is_hex;
    } rules[] = {
        {BD_TOK_BOOL, match_word(p, end, "true"), FALSE},
        {BD_TOK_BOOL, match_word(p, end, "false"), FALSE},
        {BD_TOK_NAME, match_name(p, end), FALSE},
        {BD_TOK_FLOAT, match_float(p, end), FALSE},
        {BD_TOK_INT, integer, FALSE},
        {BD_TOK_INT64, long_suffix(p, integer, end), FALSE},
        {BD_TOK_INT, hex, TRUE},
        {BD_TOK_INT64, long_suffix(p, hex, end), TRUE},
    };
    gsize best = 0;
    for (gsize i = 1; i < G_N_ELEMENTS(rules); i++)
        if (rules[i].len > rules[best].len)
            best = i;
    if (rules[best].len == 0) {
        t.kind = BD_TOK_GARBAGE;
        t.len = 1;
        advance(lx, 1);
        return t;
    }
    t.kind = rules[best].kind;
    t.len = rules[best].len;
    advance(lx, t.len);
    if (t.kind == BD_TOK_INT)
        check_int_range(lx, &t, rules[best].is_hex);
    return t;
}
