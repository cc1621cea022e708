/* ServerType words (browsectl-types.h), [MS-RAP] 2.5.5.2.1. */
#include "browsectl-types.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    guint32 bit;
    const char *word;
} words[] = {
    {0x00000001u, "workstation"},
    {0x00000002u, "server"},
    {0x00000004u, "sql"},
    {0x00000008u, "domain-controller"},
    {0x00000010u, "backup-controller"},
    {0x00000020u, "time-source"},
    {0x00000040u, "apple"},
    {0x00000080u, "novell"},
    {0x00000100u, "domain-member"},
    {0x00000200u, "print"},
    {0x00000400u, "dial-in"},
    {0x00000800u, "unix"},
    {0x00001000u, "nt"},
    {0x00002000u, "wfw"},
    {0x00004000u, "mfpn"},
    {0x00008000u, "nt-server"},
    {0x00010000u, "potential-browser"},
    {0x00020000u, "backup-browser"},
    {0x00040000u, "master-browser"},
    {0x00080000u, "domain-master"},
    {0x00100000u, "osf"},
    {0x00200000u, "vms"},
    {0x00400000u, "windows-9x"},
    {0x00800000u, "dfs"},
    {0x01000000u, "cluster"},
    {0x02000000u, "terminal-server"},
    {0x04000000u, "cluster-virtual"},
    {0x10000000u, "dce"},
    {0x20000000u, "alternate-transport"},
    {0x40000000u, "local-list-only"},
    {0x80000000u, "domain-enum"},
};

const char *
browsectl_type_word(guint32 bit)
{
    for (gsize i = 0; i < G_N_ELEMENTS(words); i++)
        if (words[i].bit == bit)
            return words[i].word;
    return NULL;
}

char *
browsectl_type_words(guint32 type)
{
    if (type == 0)
        return g_strdup("none");
    GString *s = g_string_new(NULL);
    guint32 unknown = type;
    for (gsize i = 0; i < G_N_ELEMENTS(words); i++) {
        if (!(type & words[i].bit))
            continue;
        g_string_append_printf(s, "%s%s", s->len ? ", " : "", words[i].word);
        unknown &= ~words[i].bit;
    }
    if (unknown != 0)
        g_string_append_printf(s, "%s0x%08x", s->len ? ", " : "", unknown);
    return g_string_free(s, FALSE);
}

static gboolean
parse_number(const char *text, guint32 *out)
{
    if (!g_ascii_isdigit(text[0]))
        return FALSE;
    errno = 0;
    char *end = NULL;
    guint64 v = g_ascii_strtoull(text, &end, 0); /* 0x... hex, else decimal */
    if (errno != 0 || end == NULL || *end != '\0' || v > G_MAXUINT32)
        return FALSE;
    /* A leading 0 would make strtoull read octal: 0660 is not what anyone means here. */
    if (text[0] == '0' && text[1] != '\0' && text[1] != 'x' && text[1] != 'X')
        return FALSE;
    *out = (guint32)v;
    return TRUE;
}

static gboolean
parse_one(const char *item, guint32 *out)
{
    if (g_ascii_strcasecmp(item, "all") == 0) {
        *out = 0xFFFFFFFFu;
        return TRUE;
    }
    for (gsize i = 0; i < G_N_ELEMENTS(words); i++) {
        if (g_ascii_strcasecmp(item, words[i].word) == 0) {
            *out = words[i].bit;
            return TRUE;
        }
    }
    return parse_number(item, out);
}

gboolean
browsectl_type_parse(const char *text, guint32 *mask, char **problem)
{
    if (text[0] == '\0') {
        *problem = g_strdup("an empty server type (see --list-types)");
        return FALSE;
    }
    g_auto(GStrv) items = g_strsplit(text, ",", -1);
    guint32 m = 0;
    for (char **p = items; *p != NULL; p++) {
        g_strstrip(*p);
        guint32 one;
        if (!parse_one(*p, &one) || one == 0) {
            *problem = g_strdup_printf("'%s' is not a server type (see --list-types, or give "
                                       "a number such as 0x00000200)",
                                       *p);
            return FALSE;
        }
        m |= one;
    }
    *mask = m;
    return TRUE;
}

char *
browsectl_type_list(void)
{
    GString *s = g_string_new(NULL);
    for (gsize i = 0; i < G_N_ELEMENTS(words); i++)
        g_string_append_printf(s, "%s\n", words[i].word);
    return g_string_free(s, FALSE);
}
