/* The UDP transport on 127.0.0.1 only (never a real interface): packets arrive with their
 * source, destination address and interface (IP_PKTINFO), sending from a named interface
 * works, oversized packets are counted and dropped, and interfaces are found by name or
 * address. Waits are on the event, with a deadline only as a failure guard. */
#include <libmailslot/ms-udp.h>

#include <string.h>

#include "test-util.h"

#define LOOPBACK 0x7F000001u
#define GUARD_MS 5000

typedef struct {
    guint count;
    guint8 data[MS_UDP_MAX_PACKET];
    MsUdpPacket last; /* data points into `data` */
} Received;

static void
on_packet(MsUdpSocket *sock, const MsUdpPacket *p, gpointer user_data)
{
    (void)sock;
    Received *r = user_data;
    memcpy(r->data, p->data, p->len);
    r->last = *p;
    r->last.data = r->data;
    r->count++;
}

static gboolean
on_guard(gpointer user_data)
{
    *(gboolean *)user_data = TRUE;
    return G_SOURCE_REMOVE;
}

/* Runs the default context until `r` has `want` packets, or the guard fires (a failure). */
static void
wait_for(Received *r, guint want)
{
    gboolean expired = FALSE;
    guint guard = g_timeout_add(GUARD_MS, on_guard, &expired);
    while (r->count < want && !expired)
        g_main_context_iteration(NULL, TRUE);
    if (!expired)
        g_source_remove(guard);
}

static gint
loopback_index(void)
{
    g_autoptr(GArray) all = ms_interfaces_list(NULL);
    MsInterface lo;
    CU_ASSERT_TRUE_FATAL(all != NULL && ms_interfaces_find(all, "127.0.0.1", &lo));
    return lo.index;
}

static void
test_unicast_with_pktinfo(void)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(MsUdpSocket) a = ms_udp_socket_new(0, 0, &error);
    g_autoptr(MsUdpSocket) b = ms_udp_socket_new(0, 0, &error);
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    CU_ASSERT_PTR_NOT_NULL_FATAL(b);
    Received r = {0};
    ms_udp_socket_attach(b, NULL, on_packet, &r);
    const guint8 msg[] = {0x11, 0x02, 0xAB, 0xCD};
    CU_ASSERT_TRUE(ms_udp_socket_send(a, 0, 0, LOOPBACK, ms_udp_socket_port(b), msg,
                                      sizeof msg, &error));
    wait_for(&r, 1);
    CU_ASSERT_EQUAL_FATAL(r.count, 1);
    TEST_ASSERT_BYTES_EQUAL(r.last.data, r.last.len, msg, sizeof msg);
    CU_ASSERT_EQUAL(r.last.src_ip, LOOPBACK);
    CU_ASSERT_EQUAL(r.last.src_port, ms_udp_socket_port(a));
    CU_ASSERT_EQUAL(r.last.dst_ip, LOOPBACK);
    CU_ASSERT_EQUAL(r.last.ifindex, loopback_index());
    CU_ASSERT_EQUAL(ms_udp_socket_counters(a)->sent, 1);
    CU_ASSERT_EQUAL(ms_udp_socket_counters(b)->received, 1);
}

/* Sending with the interface and source address named (how a subnet broadcast leaves). */
static void
test_send_from_interface(void)
{
    g_autoptr(MsUdpSocket) a = ms_udp_socket_new(0, 0, NULL);
    g_autoptr(MsUdpSocket) b = ms_udp_socket_new(LOOPBACK, 0, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    CU_ASSERT_PTR_NOT_NULL_FATAL(b);
    Received r = {0};
    ms_udp_socket_attach(b, NULL, on_packet, &r);
    const guint8 msg[] = {1, 2, 3};
    CU_ASSERT_TRUE(ms_udp_socket_send(a, loopback_index(), LOOPBACK, LOOPBACK,
                                      ms_udp_socket_port(b), msg, sizeof msg, NULL));
    wait_for(&r, 1);
    CU_ASSERT_EQUAL(r.count, 1);
    CU_ASSERT_EQUAL(r.last.src_ip, LOOPBACK);
}

/* Longer than any NetBIOS packet may be: counted, never delivered. */
static void
test_oversized_dropped(void)
{
    g_autoptr(MsUdpSocket) a = ms_udp_socket_new(0, 0, NULL);
    g_autoptr(MsUdpSocket) b = ms_udp_socket_new(0, 0, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    CU_ASSERT_PTR_NOT_NULL_FATAL(b);
    Received r = {0};
    ms_udp_socket_attach(b, NULL, on_packet, &r);
    guint8 big[MS_UDP_MAX_PACKET + 100];
    memset(big, 0x5A, sizeof big);
    const guint8 small[] = {7};
    CU_ASSERT_TRUE(ms_udp_socket_send(a, 0, 0, LOOPBACK, ms_udp_socket_port(b), big, sizeof big,
                                      NULL));
    CU_ASSERT_TRUE(ms_udp_socket_send(a, 0, 0, LOOPBACK, ms_udp_socket_port(b), small,
                                      sizeof small, NULL));
    wait_for(&r, 1);
    CU_ASSERT_EQUAL(r.count, 1);
    CU_ASSERT_EQUAL(r.last.len, 1);
    CU_ASSERT_EQUAL(ms_udp_socket_counters(b)->oversized, 1);
}

static void
test_interfaces_by_name_and_address(void)
{
    g_autoptr(GArray) all = ms_interfaces_list(NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(all);
    MsInterface by_addr, by_name, none;
    CU_ASSERT_TRUE_FATAL(ms_interfaces_find(all, "127.0.0.1", &by_addr));
    CU_ASSERT_TRUE(by_addr.loopback);
    CU_ASSERT_EQUAL(by_addr.netmask, 0xFF000000u);
    CU_ASSERT_EQUAL(by_addr.broadcast, 0x7FFFFFFFu); /* derived: lo has no broadcast flag */
    CU_ASSERT_TRUE_FATAL(ms_interfaces_find(all, by_addr.name, &by_name));
    CU_ASSERT_EQUAL(by_name.index, by_addr.index);
    CU_ASSERT_FALSE(ms_interfaces_find(all, "no-such-if0", &none));
    CU_ASSERT_FALSE(ms_interfaces_find(all, "203.0.113.77", &none));
    char buf[16];
    CU_ASSERT_STRING_EQUAL(ms_ipv4_to_string(0xC0A80105u, buf, sizeof buf), "192.168.1.5");
}

static void
test_bind_foreign_address_is_an_error(void)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(MsUdpSocket) b = ms_udp_socket_new(0xC0000201u /* 192.0.2.1, not ours */, 0,
                                                 &error);
    CU_ASSERT_PTR_NULL(b);
    CU_ASSERT_PTR_NOT_NULL(error);
}

int
main(void)
{
    CU_TestInfo tests[] = {
        {"unicast arrives with source, destination and interface", test_unicast_with_pktinfo},
        {"sending from a named interface and address", test_send_from_interface},
        {"oversized packets are counted and dropped", test_oversized_dropped},
        {"interfaces by name and by address", test_interfaces_by_name_and_address},
        {"binding an address that is not ours fails with an error",
         test_bind_foreign_address_is_an_error},
        CU_TEST_INFO_NULL,
    };
    return test_run_suite("ms-udp", tests);
}
