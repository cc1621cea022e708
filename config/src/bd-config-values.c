/* Single-value validation: names, comment, interfaces, paths, user, log level. */
#include "bd-config-values.h"

#include <stdlib.h>
#include <string.h>
#include <sys/un.h>

#include "bd-config-report.h"

#define BD_USER_MAX 32

static gboolean
netbios_char_ok(char c)
{
    return g_ascii_isalnum(c) || (c != '\0' && strchr(BD_NETBIOS_SPECIALS, c) != NULL);
}

/* 1..max_len NetBIOS characters, or also those of `extra` (globs for a pattern);
 * `what` names the value in messages. *out (max_len + 1 bytes) gets it upper-cased. */
static gboolean
upper_name(const char *text, gsize max_len, const char *extra, const char *what, char *out,
           char **problem)
{
    g_autofree char *quoted = bd_report_quote(text);
    gsize len = strlen(text);
    if (len == 0) {
        *problem = g_strdup("must not be empty");
        return FALSE;
    }
    if (len > max_len) {
        *problem = g_strdup_printf("%s is %zu characters; a %s has at most %zu", quoted, len,
                                   what, max_len);
        return FALSE;
    }
    for (gsize i = 0; i < len; i++) {
        if (netbios_char_ok(text[i]) || strchr(extra, text[i]) != NULL)
            continue;
        guchar c = (guchar)text[i];
        g_autofree char *bad =
            c >= 0x20 && c < 0x7f ? g_strdup_printf("'%c'", c) : g_strdup_printf("byte 0x%02x", c);
        *problem = g_strdup_printf("%s holds %s, which a %s cannot hold; use "
                                   "letters, digits and %s%s",
                                   quoted, bad, what, BD_NETBIOS_SPECIALS, extra);
        return FALSE;
    }
    for (gsize i = 0; i <= len; i++)
        out[i] = g_ascii_toupper(text[i]);
    return TRUE;
}

gboolean
bd_value_netbios_name(const char *text, char out[BRW_NAME_SIZE], char **problem)
{
    return upper_name(text, BRW_NAME_SIZE - 1, "", "NetBIOS name", out, problem);
}

gboolean
bd_value_name_pattern(const char *text, char out[BRW_PATTERN_SIZE], char **problem)
{
    return upper_name(text, BRW_PATTERN_SIZE - 1, "*?", "name pattern", out, problem);
}

gboolean
bd_value_subnet(const char *text, BrwSubnet *out, char **problem)
{
    g_autofree char *quoted = bd_report_quote(text);
    g_autofree char *addr = g_strdup(text);
    char *slash = strchr(addr, '/');
    guint bits = 32;
    if (slash != NULL) {
        *slash++ = '\0';
        gboolean digits = *slash != '\0' && strlen(slash) <= 2 && g_ascii_isdigit(slash[0]) &&
                          (slash[1] == '\0' || g_ascii_isdigit(slash[1])) &&
                          !(slash[0] == '0' && slash[1] != '\0');
        bits = digits ? (guint)atoi(slash) : 33;
    }
    guint32 ip;
    if (!bd_value_ipv4(addr, &ip) || bits > 32) {
        *problem = g_strdup_printf("%s is not an IPv4 address or network (\"10.0.0.5\" or "
                                   "\"10.0.0.0/24\")",
                                   quoted);
        return FALSE;
    }
    guint32 mask = bits == 0 ? 0 : 0xFFFFFFFFu << (32 - bits);
    if ((ip & ~mask) != 0) {
        char net[16];
        g_snprintf(net, sizeof net, "%u.%u.%u.%u", (ip & mask) >> 24, ((ip & mask) >> 16) & 255,
                   ((ip & mask) >> 8) & 255, (ip & mask) & 255);
        *problem = g_strdup_printf("%s has host bits set under its /%u mask; the network is "
                                   "\"%s/%u\"",
                                   quoted, bits, net, bits);
        return FALSE;
    }
    *out = (BrwSubnet){ip, mask};
    return TRUE;
}

gboolean
bd_value_netbios_from_hostname(const char *hostname, char out[BRW_NAME_SIZE], char **problem)
{
    if (hostname == NULL || hostname[0] == '\0' || hostname[0] == '.') {
        *problem = g_strdup("is not set and there is no host name to take it from; "
                            "set netbios_name");
        return FALSE;
    }
    gsize label = strcspn(hostname, ".");
    g_autofree char *name = g_strndup(hostname, MIN(label, (gsize)(BRW_NAME_SIZE - 1)));
    g_autofree char *why = NULL;
    if (!bd_value_netbios_name(name, out, &why)) {
        g_autofree char *quoted = bd_report_quote(hostname);
        *problem = g_strdup_printf("is not set and the host name %s does not give one (%s); "
                                   "set netbios_name",
                                   quoted, why);
        return FALSE;
    }
    return TRUE;
}

gboolean
bd_value_comment(const char *text, char out[BRW_COMMENT_WIRE_MAX], char **problem)
{
    gsize len = strlen(text);
    for (gsize i = 0; i < len; i++) {
        guchar c = (guchar)text[i];
        if (c < 0x20 || c >= 0x7f) {
            *problem = g_strdup_printf("byte 0x%02x at offset %zu: only printable ASCII is "
                                       "allowed, the wire says nothing of character sets",
                                       c, i);
            return FALSE;
        }
    }
    if (len > BRW_COMMENT_WIRE_MAX - 1) {
        *problem = g_strdup_printf("%zu characters; at most %d fit in an announcement", len,
                                   BRW_COMMENT_WIRE_MAX - 1);
        return FALSE;
    }
    memcpy(out, text, len + 1);
    return TRUE;
}

gboolean
bd_value_ipv4(const char *text, guint32 *out)
{
    guint32 value = 0;
    const char *p = text;
    for (int part = 0; part < 4; part++) {
        if (part > 0 && *p++ != '.')
            return FALSE;
        if (!g_ascii_isdigit(*p) || (p[0] == '0' && g_ascii_isdigit(p[1])))
            return FALSE;
        guint octet = 0;
        for (int digits = 0; g_ascii_isdigit(*p); digits++, p++) {
            if (digits == 3)
                return FALSE;
            octet = octet * 10 + (guint)(*p - '0');
        }
        if (octet > 255)
            return FALSE;
        value = value << 8 | octet;
    }
    if (*p != '\0')
        return FALSE;
    *out = value;
    return TRUE;
}

static gboolean
interface_address(const char *text, BdInterface *out, char **problem)
{
    g_autofree char *quoted = bd_report_quote(text);
    guint32 ip;
    if (!bd_value_ipv4(text, &ip)) {
        *problem = g_strdup_printf("%s is not a valid IPv4 address (four numbers 0-255 "
                                   "without leading zeros)",
                                   quoted);
        return FALSE;
    }
    if (ip == 0) {
        /* The rule of serving only named networks would be void. */
        *problem = g_strdup("0.0.0.0 would mean every network; name an interface or one "
                            "of its addresses");
        return FALSE;
    }
    if (ip >= 0xE0000000u) {
        *problem = g_strdup_printf("%s is not a unicast address (multicast, reserved or "
                                   "broadcast)",
                                   quoted);
        return FALSE;
    }
    out->is_ipv4 = TRUE;
    out->ipv4 = ip;
    return TRUE;
}

gboolean
bd_value_wins_server(const char *text, guint32 *out, char **problem)
{
    *out = 0;
    if (text[0] == '\0')
        return TRUE;
    g_autofree char *quoted = bd_report_quote(text);
    guint32 ip;
    if (!bd_value_ipv4(text, &ip)) {
        *problem = g_strdup_printf("%s is not a valid IPv4 address (four numbers 0-255 "
                                   "without leading zeros); \"\" turns WINS off",
                                   quoted);
        return FALSE;
    }
    /* RFC 1002 §5.1.2: requests to the NBNS are unicast, so it needs a unicast address. */
    if (ip == 0 || ip >= 0xE0000000u) {
        *problem = g_strdup_printf("%s is not a unicast address; \"\" turns WINS off", quoted);
        return FALSE;
    }
    *out = ip;
    return TRUE;
}

gboolean
bd_value_interface(const char *text, BdInterface *out, char **problem)
{
    out->is_ipv4 = FALSE;
    out->ipv4 = 0;
    gsize len = strlen(text);
    if (len == 0) {
        *problem = g_strdup("an empty interface name");
        return FALSE;
    }
    /* Digits and dots only: meant as an address, never a (Linux-valid but absurd) name. */
    if (strspn(text, "0123456789.") == len)
        return interface_address(text, out, problem);
    g_autofree char *quoted = bd_report_quote(text);
    if (strchr(text, ':') != NULL) {
        *problem = g_strdup_printf("%s is an IP alias, not an interface: name the interface, "
                                   "or the alias's IPv4 address",
                                   quoted);
        return FALSE;
    }
    /* Linux's dev_valid_name(), restricted to ASCII: IFNAMSIZ - 1, no '/', no space. */
    if (len > 15) {
        *problem =
            g_strdup_printf("%s is %zu characters; an interface name has at most 15", quoted, len);
        return FALSE;
    }
    for (gsize i = 0; i < len; i++) {
        guchar c = (guchar)text[i];
        if (c <= 0x20 || c >= 0x7f || c == '/') {
            *problem = g_strdup_printf("%s is not an interface name (printable ASCII "
                                       "without '/', ':' or spaces)",
                                       quoted);
            return FALSE;
        }
    }
    if (strcmp(text, ".") == 0 || strcmp(text, "..") == 0) {
        *problem = g_strdup_printf("%s is not an interface name", quoted);
        return FALSE;
    }
    return TRUE;
}

gboolean
bd_value_path(const char *text, gsize max_len, char **problem)
{
    g_autofree char *quoted = bd_report_quote(text);
    gsize len = strlen(text);
    if (text[0] != '/') {
        *problem = g_strdup_printf("%s is not an absolute path (the daemon's working "
                                   "directory is /)",
                                   quoted);
        return FALSE;
    }
    if (len > max_len) {
        *problem = g_strdup_printf("%zu characters; at most %zu", len, max_len);
        return FALSE;
    }
    for (gsize i = 0; i < len; i++) {
        guchar c = (guchar)text[i];
        if (c < 0x20 || c == 0x7f) {
            *problem = g_strdup_printf("%s holds a control character", quoted);
            return FALSE;
        }
    }
    return TRUE;
}

gsize
bd_value_socket_path_max(void)
{
    struct sockaddr_un sun;
    return sizeof sun.sun_path - 1;
}

/* useradd's and groupadd's rule: [A-Za-z_][A-Za-z0-9_.-]* with an optional final '$'. */
static gboolean
account_name_ok(const char *text)
{
    gsize len = strlen(text);
    gboolean ok = len <= BD_USER_MAX && (g_ascii_isalpha(text[0]) || text[0] == '_');
    for (gsize i = 1; ok && i < len; i++) {
        char c = text[i];
        ok = g_ascii_isalnum(c) || c == '_' || c == '.' || c == '-' || (c == '$' && i == len - 1);
    }
    return ok;
}

gboolean
bd_value_user(const char *text, char **problem)
{
    if (text[0] == '\0')
        return TRUE;
    gboolean ok = account_name_ok(text);
    if (!ok) {
        g_autofree char *quoted = bd_report_quote(text);
        *problem = g_strdup_printf("%s is not a user name (a letter or '_', then letters, "
                                   "digits, '_', '.', '-', at most %d characters; \"\" to "
                                   "stay the user that started browserd)",
                                   quoted, BD_USER_MAX);
    }
    return ok;
}

gboolean
bd_value_group(const char *text, char **problem)
{
    if (text[0] == '\0' || account_name_ok(text))
        return TRUE;
    g_autofree char *quoted = bd_report_quote(text);
    *problem = g_strdup_printf("%s is not a group name (a letter or '_', then letters, "
                               "digits, '_', '.', '-', at most %d characters; \"\" to leave "
                               "the socket's group alone)",
                               quoted, BD_USER_MAX);
    return FALSE;
}

gboolean
bd_value_mode(const char *text, guint max, guint *out, char **problem)
{
    gsize len = strlen(text);
    guint value = 0;
    gboolean ok = len >= 1 && len <= 4;
    for (gsize i = 0; ok && i < len; i++) {
        ok = text[i] >= '0' && text[i] <= '7';
        if (ok)
            value = value * 8 + (guint)(text[i] - '0');
    }
    g_autofree char *quoted = bd_report_quote(text);
    if (!ok) {
        *problem = g_strdup_printf("%s is not an octal mode such as \"0660\" (one to four "
                                   "digits 0-7)",
                                   quoted);
        return FALSE;
    }
    if (value > max) {
        /* Set-id and sticky bits mean nothing on a socket; asking for them is a typo. */
        *problem = g_strdup_printf("%s sets bits beyond 0%o (set-id or sticky), which a socket "
                                   "does not use",
                                   quoted, max);
        return FALSE;
    }
    *out = value;
    return TRUE;
}

gboolean
bd_value_log_level(const char *text, BdLogLevel *out, char **problem)
{
    for (BdLogLevel level = BD_LOG_LEVEL_ERROR; level <= BD_LOG_LEVEL_DEBUG; level++) {
        if (g_ascii_strcasecmp(text, bd_log_level_to_string(level)) == 0) {
            *out = level;
            return TRUE;
        }
    }
    g_autofree char *quoted = bd_report_quote(text);
    *problem = g_strdup_printf("%s is not one of error, warning, message, info, debug", quoted);
    return FALSE;
}
