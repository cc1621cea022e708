/* Validation of single values, independent of libconfig. Each returns TRUE when the value
 * is acceptable; otherwise *problem is a new string saying why, without the key's name
 * (the caller prefixes it), e.g. "'A B' holds ' ', which a NetBIOS name cannot hold". */
#pragma once

#include <glib.h>
#include <config/bd-config.h>

/* The NetBIOS characters we accept besides letters and digits. Windows also forbids
 * \ / : * ? " < > | and Samba the '.', which ms_name_init() refuses (it separates the
 * scope); a space would be lost in the space padding. */
#define BD_NETBIOS_SPECIALS "!#$%&'()-@^_{}~"

#define BD_STATE_DIR_MAX 4095 /* PATH_MAX less the NUL */

/* 1-15 NetBIOS characters; *out is the upper-cased name. */
gboolean bd_value_netbios_name(const char *text, char out[BRW_NAME_SIZE], char **problem);

/* The default netbios_name: the host name's first label, upper-cased, cut to 15. */
gboolean bd_value_netbios_from_hostname(const char *hostname, char out[BRW_NAME_SIZE],
                                        char **problem);

/* At most 42 printable ASCII characters: the comment travels in the client's OEM code
 * page, which we cannot know, so only ASCII shows the same everywhere. */
gboolean bd_value_comment(const char *text, char out[BRW_COMMENT_WIRE_MAX], char **problem);

/* A strict dotted quad, "192.168.1.10": four decimal parts 0-255 without leading zeros
 * (inet_aton would read "010" as octal 8). *out in host byte order. */
gboolean bd_value_ipv4(const char *text, guint32 *out);

/* "" (none: *out 0) or the unicast IPv4 address of a WINS server. */
gboolean bd_value_wins_server(const char *text, guint32 *out, char **problem);

/* An interface name or a unicast IPv4 address; fills out->is_ipv4 and out->ipv4, leaves
 * out->text alone. */
gboolean bd_value_interface(const char *text, BdInterface *out, char **problem);

/* An absolute path of at most max_len bytes without control characters. */
gboolean bd_value_path(const char *text, gsize max_len, char **problem);

/* The longest control_socket path a sockaddr_un holds. */
gsize bd_value_socket_path_max(void);

/* "" or a user name as useradd accepts it: [A-Za-z_][A-Za-z0-9_.-]* with an optional final
 * '$', at most 32 characters. */
gboolean bd_value_user(const char *text, char **problem);

/* "" or a group name, with the same syntax as a user name. */
gboolean bd_value_group(const char *text, char **problem);

/* A permission mode as octal digits, "660" or "0660" (one to four digits); *out is its
 * value, which must not exceed `max` (0777: no set-id or sticky bits). */
gboolean bd_value_mode(const char *text, guint max, guint *out, char **problem);

/* One of error, warning, message, info, debug (any case). */
gboolean bd_value_log_level(const char *text, BdLogLevel *out, char **problem);

/* An IPv4 network "192.168.1.0/24" or one address "192.168.1.10" (a /32), strict dotted
 * quad; host bits under the mask must be 0, so a typo that widens or narrows the network
 * is caught. */
gboolean bd_value_subnet(const char *text, BrwSubnet *out, char **problem);

/* A name pattern of the name policy: 1-31 NetBIOS characters (see BD_NETBIOS_SPECIALS) or
 * the globs '*' and '?'. *out is the pattern upper-cased. */
gboolean bd_value_name_pattern(const char *text, char out[BRW_PATTERN_SIZE], char **problem);
