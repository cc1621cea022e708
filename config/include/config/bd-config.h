/* browserd's configuration: a libconfig file read into an immutable, validated BdConfig.
 *
 * Every problem is reported as "FILE:LINE: message" (problems of the file as a whole, such
 * as a required key that is missing, at line 1), and all of them at once: a load that fails
 * returns one GError of domain BD_CONFIG_ERROR whose message holds every problem, one per
 * line, in the order of the file (a syntax error ends the list: past it the structure of
 * the file is unknown). Unknown keys are errors, with a "did you mean" hint when a
 * known key is close, because a misspelt key silently left at its default is how a browser
 * ends up serving the wrong network.
 *
 * The keys, their defaults and ranges are documented in config/browserd.conf. */
#pragma once

#include <glib.h>
#include <browse-proto/brw-engine.h>

G_BEGIN_DECLS

#define BD_CONFIG_ERROR (bd_config_error_quark())
GQuark bd_config_error_quark(void);

typedef enum {
    BD_CONFIG_ERROR_IO,            /* the file could not be read */
    BD_CONFIG_ERROR_SYNTAX,        /* not libconfig syntax, or what libconfig 1.5 would get
                                    * wrong (a NUL byte, @include, an integer it would wrap,
                                    * an unclosed comment); reported up to the first syntax
                                    * error, and no key was checked */
    BD_CONFIG_ERROR_INVALID,       /* parsed, but keys, types or values are wrong */
    BD_CONFIG_ERROR_NO_INTERFACES, /* as INVALID, and one of the problems is that
                                    * `interfaces` is missing or empty: the caller may add
                                    * the interfaces that exist to the message */
} BdConfigError;

/* The threshold of what the daemon logs: this level and the more severe ones. */
typedef enum {
    BD_LOG_LEVEL_ERROR = 0,
    BD_LOG_LEVEL_WARNING,
    BD_LOG_LEVEL_MESSAGE,
    BD_LOG_LEVEL_INFO,
    BD_LOG_LEVEL_DEBUG,
} BdLogLevel;

/* "error", "warning", "message", "info", "debug" (the spelling the config uses). */
const char *bd_log_level_to_string(BdLogLevel level);

/* The file's largest accepted size: a configuration is a few kilobytes, anything bigger is
 * a wrong path given to -c. */
#define BD_CONFIG_MAX_SIZE (1024 * 1024)

/* One entry of `interfaces`, as written: an interface name ("eth0") or the IPv4 address of
 * one ("192.168.1.10"), which the daemon resolves to its interface. */
typedef struct {
    char *text;       /* owned by the BdConfig */
    gboolean is_ipv4; /* TRUE: `text` is a dotted quad and `ipv4` its value */
    guint32 ipv4;     /* host byte order; 0 when !is_ipv4 */
} BdInterface;

/* Ports to bind; other than the standard ones only in labs and tests. */
typedef struct {
    guint16 name_service; /* UDP, 137 */
    guint16 datagram;     /* UDP, 138 */
    guint16 session;      /* TCP, 139: NetBIOS sessions for legacy clients; 0: off */
    guint16 smb;          /* TCP, 445: direct SMB for legacy clients; 0: off */
} BdPorts;

/* What the network may do (docs/SECURITY.md): the engine's policy (reset_state_from,
 * trusted_masters, names_allow, names_deny), who may talk to us at all, and caps. */
typedef struct {
    BrwPolicy policy;
    BrwSubnet peers[BRW_POLICY_LIST_MAX]; /* accepted besides the interfaces' subnets */
    guint n_peers;
    BrwSubnet smb_from[BRW_POLICY_LIST_MAX]; /* SMB clients; none: any served subnet */
    guint n_smb_from;
    guint rate_per_source;  /* UDP packets per second from one address; 0: no limit */
    guint rate_burst;       /* packets one address may send at once */
    guint max_sources;      /* addresses rate-limited one by one; the rest share one */
    guint max_fragments;    /* datagrams under reassembly at once, per link */
    guint max_cached_names; /* resolved names remembered, per link */
} BdSecurity;

/* The effective configuration: every default filled in, every value validated. It is never
 * modified after a load: treat every field as read-only and free it with bd_config_free(). */
typedef struct {
    char workgroup[BRW_NAME_SIZE];            /* upper case, 1-15 NetBIOS characters */
    char netbios_name[BRW_NAME_SIZE];         /* upper case, 1-15 NetBIOS characters */
    char server_string[BRW_COMMENT_WIRE_MAX]; /* printable ASCII, <= 42 chars */
    BdInterface *interfaces;                  /* n_interfaces >= 1 entries, no duplicates */
    guint n_interfaces;
    guint8 os_level;
    gboolean preferred_master;
    gboolean local_master;
    gboolean domain_master;
    char *state_dir;      /* absolute path */
    char *control_socket; /* absolute path that fits a sockaddr_un */
    guint control_mode;   /* permission bits of the control socket, <= 0777 */
    char *control_group;  /* group given the control socket; "" leaves it alone */
    char *user;           /* user to run as after binding; "" to stay who we are */
    guint max_servers;    /* list caps, >= 1 */
    guint max_domains;
    /* WINS client mode: the WINS server (NBNS) our names are registered with and unique
     * names are asked of first (H-node); host byte order, 0 (key absent or "") for none. */
    guint32 wins_server;
    BdPorts ports;
    /* The SMB responder that answers NetServerEnum2 (browserd/src/bd-smb.c). */
    struct {
        guint max_connections; /* at once, over both ports */
        guint idle_timeout_s;  /* a silent connection is closed after this */
        guint comment_max;     /* comments cut to this in replies (0: whole; Windows 9x: 48) */
    } smb;
    /* Browsing across subnets ([MS-BRWS] 3.3.6, 3.4). */
    struct {
        guint32 master_address; /* an LMB's domain master (host byte order); 0: look for
                                 * <workgroup><1B> */
        guint32 sync_peers[BRW_MAX_SYNC_PEERS]; /* remote browsers to exchange lists with */
        guint n_sync_peers;
    } domain;
    BrwTiming timing;
    BdLogLevel log_level;
    char *samba_browse_dat; /* absolute path: the list in Samba's browse.dat format; "": off */
    BdSecurity security;
} BdConfig;

/* Reads and validates the configuration file at `path`. `hostname` gives the default
 * netbios_name (its first label, upper-cased, cut to 15 characters); the daemon passes
 * g_get_host_name(). It may be NULL when the file sets netbios_name.
 * Returns a new BdConfig, or NULL with *error set (domain BD_CONFIG_ERROR). */
BdConfig *bd_config_load_file(const char *path, const char *hostname, GError **error);

/* As bd_config_load_file() for text held in memory; `virtual_filename` is the FILE that
 * messages name. @include is refused, so nothing outside `text` is ever read. */
BdConfig *bd_config_load_string(const char *text, const char *virtual_filename,
                                const char *hostname, GError **error);

void bd_config_free(BdConfig *cfg);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(BdConfig, bd_config_free)

/* TRUE when every field of a and b is equal (e.g. to tell whether a reload changes
 * anything). */
gboolean bd_config_equal(const BdConfig *a, const BdConfig *b);

/* The effective configuration in libconfig syntax, every key present: what
 * `browserd --check-config -v` prints. Loading it again gives an equal BdConfig, whatever
 * the host name. Returns a newly allocated string. */
char *bd_config_dump(const BdConfig *cfg);

/* Every key the configuration knows, as paths: "workgroup", ..., "ports",
 * "ports.name_service", ... Returns a new NULL-terminated array (free with g_strfreev). */
char **bd_config_key_paths(void);

/* Fills *out for brw_engine_new(): the engine's defaults (brw_engine_config_init()) with
 * the names, comment, election settings, caps and timers of `cfg`, and `seed` for the
 * engine's random choices. */
void bd_config_to_engine_config(const BdConfig *cfg, guint64 seed, BrwEngineConfig *out);

G_END_DECLS
