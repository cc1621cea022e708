/* The host's IPv4 interfaces, for naming the networks browserd serves (an operator lists
 * interfaces by name or address; browserd refuses to guess, brws.md §1: unauthenticated). */
#define _DEFAULT_SOURCE /* IFF_* flags from <net/if.h>; before any include */
#include <libmailslot/ms-udp.h>

#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <string.h>

static guint32
ipv4_of(const struct sockaddr *sa)
{
    if (sa == NULL || sa->sa_family != AF_INET)
        return 0;
    struct sockaddr_in sin;
    memcpy(&sin, sa, sizeof sin);
    return ntohl(sin.sin_addr.s_addr);
}

GArray *
ms_interfaces_list(GError **error)
{
    struct ifaddrs *all;
    if (getifaddrs(&all) != 0) {
        int err = errno;
        g_set_error(error, G_IO_ERROR, g_io_error_from_errno(err), "getifaddrs: %s",
                    g_strerror(err));
        return NULL;
    }
    GArray *out = g_array_new(FALSE, TRUE, sizeof(MsInterface));
    for (const struct ifaddrs *a = all; a != NULL; a = a->ifa_next) {
        if (a->ifa_addr == NULL || a->ifa_addr->sa_family != AF_INET || !(a->ifa_flags & IFF_UP))
            continue;
        MsInterface i = {0};
        g_strlcpy(i.name, a->ifa_name, sizeof i.name);
        i.index = (gint)if_nametoindex(a->ifa_name);
        i.ip = ipv4_of(a->ifa_addr);
        i.netmask = ipv4_of(a->ifa_netmask);
        i.loopback = (a->ifa_flags & IFF_LOOPBACK) != 0;
        /* Without IFF_BROADCAST (loopback, point-to-point) derive it from the mask. */
        i.broadcast = (a->ifa_flags & IFF_BROADCAST) ? ipv4_of(a->ifa_broadaddr)
                                                      : (i.ip | ~i.netmask);
        g_array_append_val(out, i);
    }
    freeifaddrs(all);
    return out;
}

gboolean
ms_interfaces_find(const GArray *interfaces, const char *spec, MsInterface *out)
{
    g_return_val_if_fail(interfaces != NULL && spec != NULL && out != NULL, FALSE);
    struct in_addr parsed;
    gboolean is_address = inet_pton(AF_INET, spec, &parsed) == 1;
    for (guint k = 0; k < interfaces->len; k++) {
        const MsInterface *i = &g_array_index(interfaces, MsInterface, k);
        if (is_address ? i->ip == ntohl(parsed.s_addr) : strcmp(i->name, spec) == 0) {
            *out = *i;
            return TRUE;
        }
    }
    return FALSE;
}
