/* Browser frame codec: every frame of [MS-BRWS] 2.2 and the LAN Manager layout, encoded from
 * fields and decoded from hex taken from the Samba captures or built from the spec's layout
 * tables (brws.md §4). CHECKLIST ids: BRWS-001..018, BRWS-026, MAIL-011. Where an id also
 * asks something of the engine (destinations, timers, state), the codec's part is tested
 * here and the comment says what is left to the engine. */
#include <browse-proto/brw-frame.h>
#include <browse-proto/brw-server-type.h>

#include <string.h>

#include "brw-samples.h"
#include "test-util.h"

/* Decodes hex with the layout's decoder and returns the status. */
static MsStatus
decode_hex(const char *hex, BrwLayout layout, BrwFrame *f)
{
    g_autoptr(GByteArray) b = test_hex(hex);
    if (layout == BRW_LAYOUT_LANMAN)
        return brw_frame_decode_lanman(b->data, b->len, f);
    return brw_frame_decode_browse(b->data, b->len, f);
}

/* Encodes f and checks the bytes against hex. */
static void
assert_encodes_to(const BrwFrame *f, const char *hex)
{
    g_autoptr(GByteArray) want = test_hex(hex);
    guint8 buf[2048];
    MsWriter w = ms_writer_init(buf, sizeof buf);
    CU_ASSERT_EQUAL_FATAL(brw_frame_encode(f, &w), MS_OK);
    TEST_ASSERT_BYTES_EQUAL(buf, w.len, want->data, want->len);
}

/* Decodes hex, checks MS_OK, and that encoding gives the same bytes back. */
static void
assert_round_trip(const char *hex, BrwLayout layout, BrwFrame *f)
{
    CU_ASSERT_EQUAL_FATAL(decode_hex(hex, layout, f), MS_OK);
    CU_ASSERT_EQUAL(f->layout, layout);
    assert_encodes_to(f, hex);
}

/* The mailslot.md §6 worked example: HostAnnouncement of SERVER1, 43 bytes. */
#define HOST_ANNOUNCEMENT_SERVER1                                                                  \
    "01 00 60 ea 00 00 53 45 52 56 45 52 31 00 00 00 00 00 00 00 00 00 06 01 03 10 01 00"          \
    "0f 01 55 aa 53 61 6d 62 61 20 74 65 73 74 00"

/* BRWS-001: HostAnnouncement = 0x01, UpdateCount 0, Periodicity u32 LE ms, ServerName 16
 * bytes NUL-filled, OS major/minor, ServerType u32, 0F 01, 55 AA, Comment NUL-terminated. */
static void
test_host_announcement_encode_brws_001(void)
{
    BrwFrame f;
    brw_frame_init(&f, BRW_FRAME_HOST_ANNOUNCEMENT);
    f.announcement.periodicity_ms = 60000;
    g_strlcpy(f.announcement.server_name, "SERVER1", sizeof f.announcement.server_name);
    f.announcement.os_major = 6;
    f.announcement.os_minor = 1;
    f.announcement.server_type = BRW_SV_TYPE_WORKSTATION | BRW_SV_TYPE_SERVER | BRW_SV_TYPE_NT |
                                 BRW_SV_TYPE_POTENTIAL_BROWSER;
    g_strlcpy(f.announcement.comment, "Samba test", sizeof f.announcement.comment);
    assert_encodes_to(&f, HOST_ANNOUNCEMENT_SERVER1);
}

static void
test_host_announcement_decode_brws_001(void)
{
    BrwFrame f;
    assert_round_trip(HOST_ANNOUNCEMENT_SERVER1, BRW_LAYOUT_BROWSE, &f);
    CU_ASSERT_EQUAL(f.kind, BRW_FRAME_HOST_ANNOUNCEMENT);
    CU_ASSERT_EQUAL(f.announcement.update_count, 0);
    CU_ASSERT_EQUAL(f.announcement.periodicity_ms, 60000);
    CU_ASSERT_STRING_EQUAL(f.announcement.server_name, "SERVER1");
    CU_ASSERT_EQUAL(f.announcement.os_major, 6);
    CU_ASSERT_EQUAL(f.announcement.os_minor, 1);
    CU_ASSERT_EQUAL(f.announcement.server_type, 0x00011003);
    CU_ASSERT_EQUAL(f.announcement.version_major, 0x0F);
    CU_ASSERT_EQUAL(f.announcement.version_minor, 0x01);
    CU_ASSERT_EQUAL(f.announcement.signature, 0xAA55);
    CU_ASSERT_STRING_EQUAL(f.announcement.comment, "Samba test");
    CU_ASSERT_EQUAL(f.extra_len, 0);
}

/* BRWS-001: Windows sends a comment of a single NUL; the frame is then 33 bytes. A frame
 * that stops after the signature also decodes, with an empty comment. */
static void
test_host_announcement_empty_comment_brws_001(void)
{
    BrwFrame f;
    const char *hex = "01 00 60 ea 00 00 57 49 4e 00 00 00 00 00 00 00 00 00 00 00 00 00"
                      "0a 00 03 10 05 00 0f 01 55 aa 00";
    assert_round_trip(hex, BRW_LAYOUT_BROWSE, &f);
    CU_ASSERT_STRING_EQUAL(f.announcement.server_name, "WIN");
    CU_ASSERT_STRING_EQUAL(f.announcement.comment, "");
    g_autoptr(GByteArray) b = test_hex(hex);
    CU_ASSERT_EQUAL(brw_frame_decode_browse(b->data, b->len - 1, &f), MS_OK);
    CU_ASSERT_STRING_EQUAL(f.announcement.comment, "");
}

/* BRWS-002: HostAnnouncements go out on \MAILSLOT\BROWSE (the codec's part: the mailslot a
 * BROWSE-layout frame belongs to; the <group>[1D] destination is the engine's). */
static void
test_host_announcement_mailslot_brws_002(void)
{
    BrwFrame f;
    brw_frame_init(&f, BRW_FRAME_HOST_ANNOUNCEMENT);
    CU_ASSERT_STRING_EQUAL(brw_frame_mailslot(&f), MS_MAILSLOT_BROWSE);
    f.layout = BRW_LAYOUT_LANMAN;
    CU_ASSERT_STRING_EQUAL(brw_frame_mailslot(&f), MS_MAILSLOT_LANMAN);
}

/* BRWS-003: Periodicity is carried in milliseconds, 60000 = 60 ea 00 00 for the first
 * announcement; [MS-BRWS] 4.1 shows 720000 (12 min). Choosing the value is the engine's. */
static void
test_periodicity_milliseconds_brws_003(void)
{
    BrwFrame f;
    brw_frame_init(&f, BRW_FRAME_HOST_ANNOUNCEMENT);
    g_strlcpy(f.announcement.server_name, "S", sizeof f.announcement.server_name);
    f.announcement.periodicity_ms = 720000;
    guint8 buf[64];
    MsWriter w = ms_writer_init(buf, sizeof buf);
    CU_ASSERT_EQUAL_FATAL(brw_frame_encode(&f, &w), MS_OK);
    g_autoptr(GByteArray) want = test_hex("80 fc 0a 00");
    TEST_ASSERT_BYTES_EQUAL(buf + 2, 4, want->data, want->len);
}

/* BRWS-004: unexpected BrowserVersion and Signature bytes are kept, not rejected, and the
 * frame re-encodes to the same bytes. */
static void
test_host_announcement_odd_version_brws_004(void)
{
    BrwFrame f;
    const char *hex = "01 07 60 ea 00 00 4f 4c 44 00 00 00 00 00 00 00 00 00 00 00 00 00"
                      "04 00 03 00 00 00 00 00 34 12 6f 6c 64 00";
    assert_round_trip(hex, BRW_LAYOUT_BROWSE, &f);
    CU_ASSERT_EQUAL(f.announcement.update_count, 7);
    CU_ASSERT_EQUAL(f.announcement.version_major, 0);
    CU_ASSERT_EQUAL(f.announcement.version_minor, 0);
    CU_ASSERT_EQUAL(f.announcement.signature, 0x1234);
    /* illumos' "signature" 0xaa550415 read as bytes 28..31. */
    const char *illumos = "01 00 60 ea 00 00 49 4c 00 00 00 00 00 00 00 00 00 00 00 00 00 00"
                          "05 01 03 10 00 00 15 04 55 aa 00";
    assert_round_trip(illumos, BRW_LAYOUT_BROWSE, &f);
    CU_ASSERT_EQUAL(f.announcement.version_major, 0x15);
    CU_ASSERT_EQUAL(f.announcement.version_minor, 0x04);
}

/* BRWS-005: the codec keeps ServerType as received (for byte-exact re-encoding); the
 * helpers clear the impossible bits on receipt and the filter bits on send. */
static void
test_server_type_sanitize_brws_005(void)
{
    guint32 received = 0xC0011003;
    CU_ASSERT_EQUAL(brw_server_type_sanitize_received(received), 0x00011003);
    CU_ASSERT_EQUAL(brw_server_type_sanitize_received(0x20000001), 0x20000001);
    CU_ASSERT_EQUAL(brw_server_type_sanitize_announced(0xE0051003), 0x00051003);
    BrwFrame f;
    const char *hex = "01 00 60 ea 00 00 58 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"
                      "06 01 03 10 01 c0 0f 01 55 aa 00";
    assert_round_trip(hex, BRW_LAYOUT_BROWSE, &f);
    CU_ASSERT_EQUAL(f.announcement.server_type, received);
}

/* BRWS-006, BRWS-008: RequestElection = 0x08, Version 1, Criteria, Uptime (ms, as Samba
 * sends: 6000 = 70 17 00 00), 4 zero bytes, ServerName NUL-terminated (brws-probe #26). The
 * <group>[1E] destination is the engine's. */
static void
test_request_election_brws_006_008(void)
{
    const char *hex = "08 01 0a 0f 01 14 70 17 00 00 00 00 00 00 48 31 00";
    BrwFrame f;
    brw_frame_init(&f, BRW_FRAME_REQUEST_ELECTION);
    f.election.criteria = brw_criteria_make(BRW_CRITERIA_OS_SAMBA,
                                            BRW_CRITERIA_ROLE_PREFERRED | BRW_CRITERIA_ROLE_DC);
    f.election.uptime_ms = 6000;
    g_strlcpy(f.election.server_name, "H1", sizeof f.election.server_name);
    assert_encodes_to(&f, hex);

    BrwFrame d;
    assert_round_trip(hex, BRW_LAYOUT_BROWSE, &d);
    CU_ASSERT_EQUAL(d.kind, BRW_FRAME_REQUEST_ELECTION);
    CU_ASSERT_EQUAL(d.election.version, 1);
    CU_ASSERT_EQUAL(d.election.criteria, 0x14010f0a);
    CU_ASSERT_EQUAL(d.election.uptime_ms, 6000);
    CU_ASSERT_EQUAL(d.election.reserved, 0);
    CU_ASSERT_STRING_EQUAL(d.election.server_name, "H1");
    CU_ASSERT_TRUE(brw_frame_equal(&f, &d));
}

/* BRWS-006: the forced election of a client or a departing LMB: Version 0, Criteria 0. */
static void
test_request_election_forced_brws_006(void)
{
    BrwFrame f;
    brw_frame_init(&f, BRW_FRAME_REQUEST_ELECTION);
    f.election.version = 0;
    g_strlcpy(f.election.server_name, "CLIENT", sizeof f.election.server_name);
    assert_encodes_to(&f, "08 00 00 00 00 00 00 00 00 00 00 00 00 00 43 4c 49 45 4e 54 00");
}

/* BRWS-007: Criteria on the wire is [role][0F][01][OS]; the role bits are the engine's to
 * choose, the layout is the codec's. */
static void
test_criteria_layout_brws_007(void)
{
    guint32 lmb = brw_criteria_make(20, BRW_CRITERIA_ROLE_DC | BRW_CRITERIA_ROLE_MASTER |
                                            BRW_CRITERIA_ROLE_BACKUP);
    CU_ASSERT_EQUAL(lmb, 0x14010F07);
    CU_ASSERT_EQUAL(brw_criteria_make(20, 0x8F), 0x14010F8F);
    CU_ASSERT_EQUAL(brw_criteria_make(BRW_CRITERIA_OS_WORKSTATION, 0), 0x10010F00);
    CU_ASSERT_EQUAL(brw_criteria_os(lmb), 20);
    CU_ASSERT_EQUAL(brw_criteria_role(lmb), 0x07);

    BrwFrame f;
    brw_frame_init(&f, BRW_FRAME_REQUEST_ELECTION);
    f.election.criteria = lmb;
    g_strlcpy(f.election.server_name, "H", sizeof f.election.server_name);
    guint8 buf[32];
    MsWriter w = ms_writer_init(buf, sizeof buf);
    CU_ASSERT_EQUAL_FATAL(brw_frame_encode(&f, &w), MS_OK);
    g_autoptr(GByteArray) want = test_hex("07 0f 01 14");
    TEST_ASSERT_BYTES_EQUAL(buf + 2, 4, want->data, want->len);
}

/* BRWS-009: GetBackupListRequest is exactly 6 bytes (brws-probe #42). Extra bytes from a
 * sloppy sender are kept, not rejected. */
static void
test_get_backup_list_request_brws_009(void)
{
    BrwFrame f;
    brw_frame_init(&f, BRW_FRAME_GET_BACKUP_LIST_REQUEST);
    f.backup_request.requested_count = 4;
    f.backup_request.token = 0x11223344;
    assert_encodes_to(&f, "09 04 44 33 22 11");

    BrwFrame d;
    assert_round_trip("09 04 44 33 22 11", BRW_LAYOUT_BROWSE, &d);
    CU_ASSERT_EQUAL(d.backup_request.requested_count, 4);
    CU_ASSERT_EQUAL(d.backup_request.token, 0x11223344);
    CU_ASSERT_EQUAL(d.extra_len, 0);
    assert_round_trip("09 01 01 00 00 00 ff", BRW_LAYOUT_BROWSE, &d);
    CU_ASSERT_EQUAL(d.extra_len, 1);
}

/* BRWS-010: GetBackupListResponse = 0x0A, count, Token, count x NUL-terminated names. */
static void
test_get_backup_list_response_brws_010(void)
{
    BrwFrame f;
    brw_frame_init(&f, BRW_FRAME_GET_BACKUP_LIST_RESPONSE);
    f.backup_response.token = 0x11223344;
    f.backup_response.count = 3;
    g_strlcpy(f.backup_response.names[0], "H1", BRW_NAME_SIZE);
    g_strlcpy(f.backup_response.names[1], "BACKUP1", BRW_NAME_SIZE);
    g_strlcpy(f.backup_response.names[2], "BACKUP2", BRW_NAME_SIZE);
    const char *hex = "0a 03 44 33 22 11 48 31 00 42 41 43 4b 55 50 31 00 42 41 43 4b 55 50 32 00";
    assert_encodes_to(&f, hex);

    BrwFrame d;
    assert_round_trip(hex, BRW_LAYOUT_BROWSE, &d);
    CU_ASSERT_EQUAL(d.backup_response.count, 3);
    CU_ASSERT_EQUAL(d.backup_response.token, 0x11223344);
    CU_ASSERT_STRING_EQUAL(d.backup_response.names[0], "H1");
    CU_ASSERT_STRING_EQUAL(d.backup_response.names[2], "BACKUP2");

    /* Samba's answer (brws-probe #43): exactly its own name. */
    assert_round_trip("0a 01 44 33 22 11 48 31 00", BRW_LAYOUT_BROWSE, &d);
    CU_ASSERT_EQUAL(d.backup_response.count, 1);
    /* An empty list is a valid answer. */
    assert_round_trip("0a 00 01 00 00 00", BRW_LAYOUT_BROWSE, &d);
    CU_ASSERT_EQUAL(d.backup_response.count, 0);
}

/* BRWS-010: more names than BRW_BACKUP_LIST_MAX: refused on encode, unsupported on decode. */
static void
test_get_backup_list_response_limits_brws_010(void)
{
    BrwFrame f;
    brw_frame_init(&f, BRW_FRAME_GET_BACKUP_LIST_RESPONSE);
    for (guint i = 0; i < BRW_BACKUP_LIST_MAX; i++)
        g_snprintf(f.backup_response.names[i], BRW_NAME_SIZE, "B%u", i);
    f.backup_response.count = BRW_BACKUP_LIST_MAX;
    guint8 buf[2048];
    MsWriter w = ms_writer_init(buf, sizeof buf);
    CU_ASSERT_EQUAL_FATAL(brw_frame_encode(&f, &w), MS_OK);
    BrwFrame d;
    CU_ASSERT_EQUAL(brw_frame_decode_browse(buf, w.len, &d), MS_OK);
    CU_ASSERT_TRUE(brw_frame_equal(&f, &d));

    buf[1] = BRW_BACKUP_LIST_MAX + 1;
    CU_ASSERT_EQUAL(brw_frame_decode_browse(buf, w.len, &d), MS_ERR_UNSUPPORTED);
    f.backup_response.count = BRW_BACKUP_LIST_MAX + 1;
    w = ms_writer_init(buf, sizeof buf);
    CU_ASSERT_EQUAL(brw_frame_encode(&f, &w), MS_ERR_INVALID_ARG);
    CU_ASSERT_EQUAL(w.len, 0);
}

/* BRWS-011: DomainAnnouncement = 0x0C, UpdateCount, Periodicity ms, MachineGroup[16], version
 * bytes, ServerType with 0x80000000, 0F 01 55 AA, LMB name (brws-probe #41, Samba). The
 * __MSBROWSE__<01> destination is the engine's. */
static void
test_domain_announcement_brws_011(void)
{
    const char *hex = "0c 02 c0 d4 01 00 4c 41 42 47 52 50 00 00 00 00 00 00 00 00 00 00"
                      "06 01 00 10 00 80 0f 01 55 aa 48 31 00";
    BrwFrame f;
    brw_frame_init(&f, BRW_FRAME_DOMAIN_ANNOUNCEMENT);
    f.domain.update_count = 2;
    f.domain.periodicity_ms = 120000;
    g_strlcpy(f.domain.machine_group, "LABGRP", BRW_NAME_SIZE);
    f.domain.config_version_major = 6;
    f.domain.config_version_minor = 1;
    f.domain.server_type = BRW_SV_TYPE_DOMAIN_ENUM | BRW_SV_TYPE_NT;
    g_strlcpy(f.domain.master_name, "H1", BRW_NAME_SIZE);
    assert_encodes_to(&f, hex);

    BrwFrame d;
    assert_round_trip(hex, BRW_LAYOUT_BROWSE, &d);
    CU_ASSERT_EQUAL(d.kind, BRW_FRAME_DOMAIN_ANNOUNCEMENT);
    CU_ASSERT_STRING_EQUAL(d.domain.machine_group, "LABGRP");
    CU_ASSERT_STRING_EQUAL(d.domain.master_name, "H1");
    CU_ASSERT_EQUAL(d.domain.server_type, 0x80001000);
    CU_ASSERT_EQUAL(d.domain.periodicity_ms, 120000);
    CU_ASSERT_TRUE(brw_frame_equal(&f, &d));
}

/* BRWS-012: Windows leaves bytes 28..31 of a DomainAnnouncement uninitialised; they are
 * ignored (kept raw), never a reason to drop the frame. */
static void
test_domain_announcement_garbage_brws_012(void)
{
    const char *hex = "0c 00 e0 93 04 00 57 4f 52 4b 47 52 4f 55 50 00 00 00 00 00 00 00"
                      "03 0a 00 10 00 80 de ad be ef 57 49 4e 31 30 00";
    BrwFrame d;
    assert_round_trip(hex, BRW_LAYOUT_BROWSE, &d);
    CU_ASSERT_STRING_EQUAL(d.domain.machine_group, "WORKGROUP");
    CU_ASSERT_EQUAL(d.domain.config_version_major, 3);
    CU_ASSERT_EQUAL(d.domain.config_version_minor, 10);
    CU_ASSERT_EQUAL(d.domain.version_major, 0xde);
    CU_ASSERT_EQUAL(d.domain.version_minor, 0xad);
    CU_ASSERT_EQUAL(d.domain.signature, 0xefbe);
    CU_ASSERT_STRING_EQUAL(d.domain.master_name, "WIN10");
}

/* BRWS-013: MasterAnnouncement = 0x0D + the LMB's name (brws-probe #56). */
static void
test_master_announcement_brws_013(void)
{
    BrwFrame f;
    brw_frame_init(&f, BRW_FRAME_MASTER_ANNOUNCEMENT);
    g_strlcpy(f.master.master_name, "BRPROBE", BRW_NAME_SIZE);
    assert_encodes_to(&f, "0d 42 52 50 52 4f 42 45 00");
    BrwFrame d;
    assert_round_trip("0d 42 52 50 52 4f 42 45 00", BRW_LAYOUT_BROWSE, &d);
    CU_ASSERT_STRING_EQUAL(d.master.master_name, "BRPROBE");
}

/* BRWS-014: ResetStateRequest is 2 bytes; unknown bits are kept (for the engine to ignore). */
static void
test_reset_state_brws_014(void)
{
    BrwFrame f;
    brw_frame_init(&f, BRW_FRAME_RESET_STATE_REQUEST);
    f.reset.flags = BRW_RESET_CLEAR_ALL;
    assert_encodes_to(&f, "0e 02");
    BrwFrame d;
    assert_round_trip("0e 01", BRW_LAYOUT_BROWSE, &d);
    CU_ASSERT_EQUAL(d.reset.flags, BRW_RESET_STOP_MASTER);
    assert_round_trip("0e fc", BRW_LAYOUT_BROWSE, &d);
    CU_ASSERT_EQUAL(d.reset.flags & BRW_RESET_STOP, BRW_RESET_STOP);
    CU_ASSERT_EQUAL(d.reset.flags, 0xfc);
    CU_ASSERT_EQUAL(decode_hex("0e", BRW_LAYOUT_BROWSE, &d), MS_ERR_TRUNCATED);
}

/* BRWS-015: LocalMasterAnnouncement has the HostAnnouncement layout with 0x0F and
 * MASTER_BROWSER set ([MS-BRWS] 4.1: 720000 ms, type 0x00051003, 0F 01). The <group>[1E]
 * destination is the engine's. */
static void
test_local_master_announcement_brws_015(void)
{
    BrwFrame f;
    brw_frame_init(&f, BRW_FRAME_LOCAL_MASTER_ANNOUNCEMENT);
    f.announcement.periodicity_ms = 720000;
    g_strlcpy(f.announcement.server_name, "W2K3", BRW_NAME_SIZE);
    f.announcement.os_major = 5;
    f.announcement.os_minor = 2;
    f.announcement.server_type = BRW_SV_TYPE_WORKSTATION | BRW_SV_TYPE_SERVER | BRW_SV_TYPE_NT |
                                 BRW_SV_TYPE_POTENTIAL_BROWSER | BRW_SV_TYPE_MASTER_BROWSER;
    assert_encodes_to(&f, "0f 00 80 fc 0a 00 57 32 4b 33 00 00 00 00 00 00 00 00 00 00 00 00"
                          "05 02 03 10 05 00 0f 01 55 aa 00");

    /* Samba's (brws-probe #40), with its update counter. */
    BrwFrame d;
    assert_round_trip("0f 02 c0 d4 01 00 48 31 00 00 00 00 00 00 00 00 00 00 00 00 00 00"
                      "06 01 03 9a 84 00 0f 01 55 aa 62 72 6c 61 62 20 48 31 00",
                      BRW_LAYOUT_BROWSE, &d);
    CU_ASSERT_EQUAL(d.kind, BRW_FRAME_LOCAL_MASTER_ANNOUNCEMENT);
    CU_ASSERT_EQUAL(d.announcement.update_count, 2);
    CU_ASSERT_TRUE(d.announcement.server_type & BRW_SV_TYPE_MASTER_BROWSER);
    CU_ASSERT_STRING_EQUAL(d.announcement.comment, "brlab H1");
}

/* BRWS-016: AnnouncementRequest = 0x02, reserved byte, ResponseName (ignored by receivers).
 * Samba writes its name one byte late, after the NUL of an empty name, and cuts the frame
 * before the name's own NUL (brws-probe #39): it must decode and re-encode byte for byte. */
static void
test_announcement_request_brws_016(void)
{
    BrwFrame f;
    brw_frame_init(&f, BRW_FRAME_ANNOUNCEMENT_REQUEST);
    g_strlcpy(f.request.response_name, "BRPROBE", BRW_NAME_SIZE);
    assert_encodes_to(&f, "02 00 42 52 50 52 4f 42 45 00");

    BrwFrame d;
    assert_round_trip("02 01 00 48 31", BRW_LAYOUT_BROWSE, &d);
    CU_ASSERT_EQUAL(d.kind, BRW_FRAME_ANNOUNCEMENT_REQUEST);
    CU_ASSERT_EQUAL(d.request.reserved, 1);
    CU_ASSERT_STRING_EQUAL(d.request.response_name, "");
    CU_ASSERT_EQUAL(d.extra_len, 2);
    CU_ASSERT_EQUAL(memcmp(d.extra, "H1", 2), 0);

    /* No name at all still asks for announcements. */
    CU_ASSERT_EQUAL(decode_hex("02 00", BRW_LAYOUT_BROWSE, &d), MS_OK);
    CU_ASSERT_STRING_EQUAL(d.request.response_name, "");
    CU_ASSERT_EQUAL(decode_hex("02", BRW_LAYOUT_BROWSE, &d), MS_ERR_TRUNCATED);
}

/* BRWS-017: opcodes outside the ten frames (0x00, 0x03-0x07, 0x10 and above, notably the
 * Netlogon 0x12..0x19 values such as 0x17) are unsupported; empty and cut frames truncated. */
static void
test_unknown_opcodes_brws_017(void)
{
    guint8 buf[64] = {0};
    BrwFrame f;
    guint known = 0;
    for (guint op = 0; op <= 0xFF; op++) {
        buf[0] = (guint8)op;
        MsStatus st = brw_frame_decode_browse(buf, sizeof buf, &f);
        gboolean valid = op == 0x01 || op == 0x02 || (op >= 0x08 && op <= 0x0F);
        CU_ASSERT_EQUAL(brw_frame_kind_is_valid((guint8)op), valid);
        if (valid) {
            CU_ASSERT_EQUAL(st, MS_OK);
            known++;
        } else {
            CU_ASSERT_EQUAL(st, MS_ERR_UNSUPPORTED);
        }
    }
    CU_ASSERT_EQUAL(known, 10);
    CU_ASSERT_EQUAL(brw_frame_decode_browse(buf, 0, &f), MS_ERR_TRUNCATED);
    CU_ASSERT_EQUAL(brw_frame_decode_lanman(buf, 0, &f), MS_ERR_TRUNCATED);
    CU_ASSERT_EQUAL(decode_hex("17 00 00 00", BRW_LAYOUT_BROWSE, &f), MS_ERR_UNSUPPORTED);
    CU_ASSERT_EQUAL(decode_hex("16 00 00 00", BRW_LAYOUT_BROWSE, &f), MS_ERR_UNSUPPORTED);
    /* A HostAnnouncement cut inside the ServerName. */
    CU_ASSERT_EQUAL(decode_hex("01 00 60 ea 00 00 48 31", BRW_LAYOUT_BROWSE, &f), MS_ERR_TRUNCATED);
}

/* BRWS-018: comments longer than 42 characters are cut on send (43 bytes with the NUL). */
static void
test_long_comment_cut_on_encode_brws_018(void)
{
    BrwFrame f;
    brw_frame_init(&f, BRW_FRAME_HOST_ANNOUNCEMENT);
    g_strlcpy(f.announcement.server_name, "S", BRW_NAME_SIZE);
    memset(f.announcement.comment, 'c', 100);
    f.announcement.comment[100] = '\0';
    guint8 buf[256];
    MsWriter w = ms_writer_init(buf, sizeof buf);
    CU_ASSERT_EQUAL_FATAL(brw_frame_encode(&f, &w), MS_OK);
    CU_ASSERT_EQUAL(w.len, 32 + BRW_COMMENT_WIRE_MAX);
    CU_ASSERT_EQUAL(buf[w.len - 1], 0);
    CU_ASSERT_EQUAL(buf[w.len - 2], 'c');

    /* Exactly 42 characters go out whole; a comment filling the buffer without a NUL too is
     * cut, never overrun. */
    memset(f.announcement.comment, 'd', sizeof f.announcement.comment);
    w = ms_writer_init(buf, sizeof buf);
    CU_ASSERT_EQUAL(brw_frame_encode(&f, &w), MS_OK);
    CU_ASSERT_EQUAL(w.len, 32 + BRW_COMMENT_WIRE_MAX);
}

/* BRWS-018: received comments are read up to the NUL or the end of the frame, long ones whole
 * (up to BRW_COMMENT_SIZE - 1); names are read the same way and cut to 15 characters. */
static void
test_strings_read_to_nul_or_end_brws_018(void)
{
    BrwFrame f;
    /* Comment without a NUL, ending the frame. */
    CU_ASSERT_EQUAL(decode_hex("01 00 60 ea 00 00 48 31 00 00 00 00 00 00 00 00 00 00 00 00"
                               "00 00 06 01 03 9a 81 00 0f 01 55 aa 6e 6f 20 6e 75 6c",
                               BRW_LAYOUT_BROWSE, &f),
                    MS_OK);
    CU_ASSERT_STRING_EQUAL(f.announcement.comment, "no nul");
    CU_ASSERT_EQUAL(f.extra_len, 0);

    /* A 60-character comment (beyond the 43-byte wire maximum) is kept whole. */
    GByteArray *b = test_hex("01 00 60 ea 00 00 48 31 00 00 00 00 00 00 00 00 00 00 00 00"
                             "00 00 06 01 03 9a 81 00 0f 01 55 aa");
    for (int i = 0; i < 60; i++)
        g_byte_array_append(b, (const guint8 *)"x", 1);
    g_byte_array_append(b, (const guint8 *)"\0", 1);
    CU_ASSERT_EQUAL(brw_frame_decode_browse(b->data, b->len, &f), MS_OK);
    CU_ASSERT_EQUAL(strlen(f.announcement.comment), 60);
    g_byte_array_unref(b);

    /* A 16-character ServerName fills the field with no NUL: 15 are kept (as Samba). */
    CU_ASSERT_EQUAL(decode_hex("01 00 60 ea 00 00 41 42 43 44 45 46 47 48 49 4a 4b 4c 4d 4e"
                               "4f 50 06 01 03 9a 81 00 0f 01 55 aa 00",
                               BRW_LAYOUT_BROWSE, &f),
                    MS_OK);
    CU_ASSERT_STRING_EQUAL(f.announcement.server_name, "ABCDEFGHIJKLMNO");
    /* Bytes after the NUL of a name field are ignored. */
    CU_ASSERT_EQUAL(decode_hex("01 00 60 ea 00 00 48 31 00 58 58 58 58 58 58 58 58 58 58 58"
                               "58 58 06 01 03 9a 81 00 0f 01 55 aa 00",
                               BRW_LAYOUT_BROWSE, &f),
                    MS_OK);
    CU_ASSERT_STRING_EQUAL(f.announcement.server_name, "H1");
    /* An election name without its NUL; a 20-character one is cut to 15. */
    CU_ASSERT_EQUAL(
        decode_hex("08 01 0a 0f 01 14 70 17 00 00 00 00 00 00 48 31", BRW_LAYOUT_BROWSE, &f),
        MS_OK);
    CU_ASSERT_STRING_EQUAL(f.election.server_name, "H1");
    CU_ASSERT_EQUAL(decode_hex("0b 41 42 43 44 45 46 47 48 49 4a 4b 4c 4d 4e 4f 50 51 52 53 54"
                               "00 ff",
                               BRW_LAYOUT_BROWSE, &f),
                    MS_OK);
    CU_ASSERT_STRING_EQUAL(f.become_backup.browser_to_promote, "ABCDEFGHIJKLMNO");
    CU_ASSERT_EQUAL(f.extra_len, 1);
    /* The last backup name may end with the frame. */
    CU_ASSERT_EQUAL(decode_hex("0a 02 01 00 00 00 41 00 42", BRW_LAYOUT_BROWSE, &f), MS_OK);
    CU_ASSERT_STRING_EQUAL(f.backup_response.names[1], "B");
}

/* BecomeBackup (0x0B): the name of the browser to promote (brws-probe #54). */
static void
test_become_backup(void)
{
    BrwFrame f;
    brw_frame_init(&f, BRW_FRAME_BECOME_BACKUP);
    g_strlcpy(f.become_backup.browser_to_promote, "H1", BRW_NAME_SIZE);
    assert_encodes_to(&f, "0b 48 31 00");
    BrwFrame d;
    assert_round_trip("0b 48 31 00", BRW_LAYOUT_BROWSE, &d);
    CU_ASSERT_STRING_EQUAL(d.become_backup.browser_to_promote, "H1");
    CU_ASSERT_EQUAL(decode_hex("0b", BRW_LAYOUT_BROWSE, &d), MS_ERR_TRUNCATED);
}

/* BRWS-026: the LAN Manager HostAnnouncement: u16 opcode, ServerType, OS, periodicity in
 * seconds (720 s -> 720000 ms), variable-length name and comment. */
static void
test_lanman_host_announcement_brws_026(void)
{
    const char *hex = "01 00 03 02 00 00 24 00 d0 02 4f 53 32 53 52 56 00 4c 4d 20 68 6f 73"
                      "74 00";
    BrwFrame d;
    assert_round_trip(hex, BRW_LAYOUT_LANMAN, &d);
    CU_ASSERT_EQUAL(d.kind, BRW_FRAME_HOST_ANNOUNCEMENT);
    CU_ASSERT_EQUAL(d.announcement.server_type, 0x00000203);
    CU_ASSERT_EQUAL(d.announcement.os_major, 36);
    CU_ASSERT_EQUAL(d.announcement.os_minor, 0);
    CU_ASSERT_EQUAL(d.announcement.periodicity_ms, 720000);
    CU_ASSERT_STRING_EQUAL(d.announcement.server_name, "OS2SRV");
    CU_ASSERT_STRING_EQUAL(d.announcement.comment, "LM host");
    CU_ASSERT_STRING_EQUAL(brw_frame_mailslot(&d), MS_MAILSLOT_LANMAN);

    /* Built from fields: the same bytes, periodicity rounded to whole seconds. */
    BrwFrame f;
    brw_frame_init(&f, BRW_FRAME_HOST_ANNOUNCEMENT);
    f.layout = BRW_LAYOUT_LANMAN;
    f.announcement.server_type = 0x203;
    f.announcement.os_major = 36;
    f.announcement.periodicity_ms = 720400;
    g_strlcpy(f.announcement.server_name, "OS2SRV", BRW_NAME_SIZE);
    g_strlcpy(f.announcement.comment, "LM host", BRW_COMMENT_SIZE);
    assert_encodes_to(&f, hex);
    CU_ASSERT_TRUE(brw_frame_equal(&d, &d));
}

/* BRWS-026: LM bytes are never read with the NT layout when they come on LANMAN (a short
 * one is too short for it, a long one would give nonsense fields), and NT-only frames do not
 * exist on LANMAN. */
static void
test_lanman_not_nt_brws_026(void)
{
    const char *hex = "01 00 03 02 00 00 24 00 d0 02 4f 53 32 53 52 56 00 4c 4d 20 68 6f 73"
                      "74 00";
    BrwFrame lm, nt;
    CU_ASSERT_EQUAL(decode_hex(hex, BRW_LAYOUT_BROWSE, &nt), MS_ERR_TRUNCATED);
    const char *long_hex = "01 00 03 02 00 00 24 00 d0 02 4f 53 32 53 52 56 00 4c 6f 6e 67 20"
                           "63 6f 6d 6d 65 6e 74 20 6f 66 20 61 6e 20 4f 53 2f 32 20 68 6f 73 74"
                           "00";
    CU_ASSERT_EQUAL_FATAL(decode_hex(long_hex, BRW_LAYOUT_LANMAN, &lm), MS_OK);
    CU_ASSERT_EQUAL_FATAL(decode_hex(long_hex, BRW_LAYOUT_BROWSE, &nt), MS_OK);
    CU_ASSERT_FALSE(brw_frame_equal(&lm, &nt));
    CU_ASSERT_EQUAL(lm.announcement.periodicity_ms, 720000);
    CU_ASSERT_STRING_EQUAL(lm.announcement.server_name, "OS2SRV");
    CU_ASSERT_STRING_EQUAL(lm.announcement.comment, "Long comment of an OS/2 host");
    CU_ASSERT_NOT_EQUAL(nt.announcement.periodicity_ms, 720000);
    CU_ASSERT_STRING_NOT_EQUAL(nt.announcement.server_name, "OS2SRV");

    BrwFrame f;
    CU_ASSERT_EQUAL(
        decode_hex("08 01 0a 0f 01 14 70 17 00 00 00 00 00 00 48 31 00", BRW_LAYOUT_LANMAN, &f),
        MS_ERR_UNSUPPORTED);
    CU_ASSERT_EQUAL(decode_hex("0e 01", BRW_LAYOUT_LANMAN, &f), MS_ERR_UNSUPPORTED);

    /* Encoding a kind the LM layout lacks is refused. */
    brw_frame_init(&f, BRW_FRAME_REQUEST_ELECTION);
    f.layout = BRW_LAYOUT_LANMAN;
    guint8 buf[64];
    MsWriter w = ms_writer_init(buf, sizeof buf);
    CU_ASSERT_EQUAL(brw_frame_encode(&f, &w), MS_ERR_INVALID_ARG);
    CU_ASSERT_EQUAL(w.len, 0);
}

/* BRWS-026: LocalMasterAnnouncement, DomainAnnouncement and AnnouncementRequest on LANMAN. */
static void
test_lanman_other_kinds_brws_026(void)
{
    BrwFrame d;
    assert_round_trip("0c 00 00 00 00 80 24 00 84 03 4c 4d 47 52 4f 55 50 00 4f 53 32 4c 4d"
                      "42 00",
                      BRW_LAYOUT_LANMAN, &d);
    CU_ASSERT_EQUAL(d.kind, BRW_FRAME_DOMAIN_ANNOUNCEMENT);
    CU_ASSERT_STRING_EQUAL(d.domain.machine_group, "LMGROUP");
    CU_ASSERT_STRING_EQUAL(d.domain.master_name, "OS2LMB");
    CU_ASSERT_EQUAL(d.domain.periodicity_ms, 900000);
    CU_ASSERT_EQUAL(d.domain.server_type, BRW_SV_TYPE_DOMAIN_ENUM);

    assert_round_trip("0f 00 03 00 04 00 24 00 3c 00 4f 53 32 4c 4d 42 00 00", BRW_LAYOUT_LANMAN,
                      &d);
    CU_ASSERT_EQUAL(d.kind, BRW_FRAME_LOCAL_MASTER_ANNOUNCEMENT);
    CU_ASSERT_EQUAL(d.announcement.periodicity_ms, 60000);

    assert_round_trip("02 00", BRW_LAYOUT_LANMAN, &d);
    CU_ASSERT_EQUAL(d.kind, BRW_FRAME_ANNOUNCEMENT_REQUEST);
    assert_round_trip("02 00 4f 53 32 00", BRW_LAYOUT_LANMAN, &d);
    CU_ASSERT_EQUAL(d.extra_len, 4);
    /* The name is required here; the periodicity must fit 16 bits of seconds. */
    CU_ASSERT_EQUAL(decode_hex("01 00 03 02 00 00 24 00 d0 02", BRW_LAYOUT_LANMAN, &d),
                    MS_ERR_TRUNCATED);
    brw_frame_init(&d, BRW_FRAME_HOST_ANNOUNCEMENT);
    d.layout = BRW_LAYOUT_LANMAN;
    g_strlcpy(d.announcement.server_name, "X", BRW_NAME_SIZE);
    d.announcement.periodicity_ms = 65535u * 1000u;
    guint8 buf[64];
    MsWriter w = ms_writer_init(buf, sizeof buf);
    CU_ASSERT_EQUAL(brw_frame_encode(&d, &w), MS_OK);
    d.announcement.periodicity_ms = 65536u * 1000u;
    w = ms_writer_init(buf, sizeof buf);
    CU_ASSERT_EQUAL(brw_frame_encode(&d, &w), MS_ERR_INVALID_ARG);
    d.announcement.periodicity_ms = G_MAXUINT32;
    CU_ASSERT_EQUAL(brw_frame_encode(&d, &w), MS_ERR_INVALID_ARG);
}

/* Builds a mailslot write around hex and decodes it through the dispatcher. */
static MsStatus
decode_via_mailslot(const char *mailslot, const char *hex, BrwFrame *f)
{
    g_autoptr(GByteArray) data = test_hex(hex);
    guint8 smb[512];
    MsWriter w = ms_writer_init(smb, sizeof smb);
    CU_ASSERT_EQUAL_FATAL(ms_mailslot_build(&w, mailslot, 0, data->data, data->len), MS_OK);
    MsMailslotWrite m;
    CU_ASSERT_EQUAL_FATAL(ms_mailslot_parse(smb, w.len, &m), MS_OK);
    return brw_frame_decode_mailslot(&m, f);
}

/* MAIL-011: BROWSE gets the NT layouts, LANMAN the LM layout, whatever the case of the name;
 * NETLOGON and other mailslots are not browser traffic. */
static void
test_mailslot_dispatch_mail_011(void)
{
    const char *lm = "01 00 03 02 00 00 24 00 d0 02 4f 53 32 53 52 56 00 4c 4d 20 68 6f 73 74"
                     "00";
    BrwFrame f;
    CU_ASSERT_EQUAL(decode_via_mailslot("\\MAILSLOT\\LANMAN", lm, &f), MS_OK);
    CU_ASSERT_EQUAL(f.layout, BRW_LAYOUT_LANMAN);
    CU_ASSERT_EQUAL(f.announcement.periodicity_ms, 720000);
    CU_ASSERT_EQUAL(decode_via_mailslot("\\mailslot\\lanman", lm, &f), MS_OK);
    CU_ASSERT_EQUAL(f.layout, BRW_LAYOUT_LANMAN);

    CU_ASSERT_EQUAL(decode_via_mailslot("\\MAILSLOT\\BROWSE", "0e 01", &f), MS_OK);
    CU_ASSERT_EQUAL(f.layout, BRW_LAYOUT_BROWSE);
    CU_ASSERT_EQUAL(f.kind, BRW_FRAME_RESET_STATE_REQUEST);
    CU_ASSERT_EQUAL(decode_via_mailslot("\\MailSlot\\Browse", "0e 01", &f), MS_OK);
    CU_ASSERT_EQUAL(decode_via_mailslot("\\MAILSLOT\\LANMAN", "0e 01", &f), MS_ERR_UNSUPPORTED);

    /* A Netlogon SAM logon response (opcode 0x17) and the like are not ours. */
    CU_ASSERT_EQUAL(decode_via_mailslot("\\MAILSLOT\\NET\\NETLOGON", "17 00 00 00", &f),
                    MS_ERR_UNSUPPORTED);
    CU_ASSERT_EQUAL(decode_via_mailslot("\\MAILSLOT\\NET\\NETLOGON", "0e 01", &f),
                    MS_ERR_UNSUPPORTED);
    CU_ASSERT_EQUAL(decode_via_mailslot("\\MAILSLOT\\TEMP\\NETLOGON", "01 00", &f),
                    MS_ERR_UNSUPPORTED);
    CU_ASSERT_EQUAL(decode_via_mailslot("\\MAILSLOT\\BROWSER", "0e 01", &f), MS_ERR_UNSUPPORTED);
}

/* Every sample decodes and re-encodes to its own bytes; the layout picks the mailslot. */
static void
test_samples_round_trip(void)
{
    for (gsize i = 0; i < brw_sample_count; i++) {
        const BrwSample *s = &brw_samples[i];
        BrwFrame f;
        assert_round_trip(s->hex, s->layout, &f);
        CU_ASSERT_EQUAL(f.kind, s->kind);
        CU_ASSERT_STRING_EQUAL(brw_frame_mailslot(&f), s->layout == BRW_LAYOUT_LANMAN
                                                           ? MS_MAILSLOT_LANMAN
                                                           : MS_MAILSLOT_BROWSE);
    }
}

/* The encoder never writes past its buffer: every size short of the frame gives
 * MS_ERR_NO_SPACE, the exact size MS_OK. */
static void
test_encode_no_space(void)
{
    for (gsize i = 0; i < brw_sample_count; i++) {
        BrwFrame f;
        CU_ASSERT_EQUAL_FATAL(decode_hex(brw_samples[i].hex, brw_samples[i].layout, &f), MS_OK);
        g_autoptr(GByteArray) want = test_hex(brw_samples[i].hex);
        for (gsize cap = 0; cap <= want->len; cap++) {
            g_autofree guint8 *buf = g_malloc(cap ? cap : 1);
            MsWriter w = ms_writer_init(buf, cap);
            MsStatus st = brw_frame_encode(&f, &w);
            CU_ASSERT_EQUAL(st, cap == want->len ? MS_OK : MS_ERR_NO_SPACE);
        }
    }
}

/* Names the wire cannot carry (no NUL within 16 bytes) are refused before anything is
 * written; so is an oversized `extra`. */
static void
test_encode_invalid_names(void)
{
    guint8 buf[256];
    BrwFrame f;
    const BrwFrameKind kinds[] = {
        BRW_FRAME_HOST_ANNOUNCEMENT,        BRW_FRAME_LOCAL_MASTER_ANNOUNCEMENT,
        BRW_FRAME_ANNOUNCEMENT_REQUEST,     BRW_FRAME_REQUEST_ELECTION,
        BRW_FRAME_GET_BACKUP_LIST_RESPONSE, BRW_FRAME_BECOME_BACKUP,
        BRW_FRAME_DOMAIN_ANNOUNCEMENT,      BRW_FRAME_MASTER_ANNOUNCEMENT,
    };
    for (gsize i = 0; i < G_N_ELEMENTS(kinds); i++) {
        brw_frame_init(&f, kinds[i]);
        /* Every name field of every kind lies in the union: fill it all. */
        memset(&f.backup_response, 'N', sizeof f.backup_response);
        f.backup_response.count = 1;
        if (kinds[i] == BRW_FRAME_DOMAIN_ANNOUNCEMENT)
            memset(f.domain.machine_group, 'N', BRW_NAME_SIZE);
        MsWriter w = ms_writer_init(buf, sizeof buf);
        CU_ASSERT_EQUAL(brw_frame_encode(&f, &w), MS_ERR_INVALID_ARG);
        CU_ASSERT_EQUAL(w.len, 0);
    }
    brw_frame_init(&f, BRW_FRAME_RESET_STATE_REQUEST);
    f.extra_len = BRW_EXTRA_MAX + 1;
    MsWriter w = ms_writer_init(buf, sizeof buf);
    CU_ASSERT_EQUAL(brw_frame_encode(&f, &w), MS_ERR_INVALID_ARG);
    f.layout = BRW_LAYOUT_LANMAN;
    f.kind = BRW_FRAME_ANNOUNCEMENT_REQUEST;
    CU_ASSERT_EQUAL(brw_frame_encode(&f, &w), MS_ERR_INVALID_ARG);
    f.extra_len = 0;
    f.layout = (BrwLayout)7;
    CU_ASSERT_EQUAL(brw_frame_encode(&f, &w), MS_ERR_INVALID_ARG);
    CU_ASSERT_EQUAL(w.len, 0);
}

/* brw_frame_init() sets the sender's constants. */
static void
test_init_defaults(void)
{
    BrwFrame f;
    brw_frame_init(&f, BRW_FRAME_LOCAL_MASTER_ANNOUNCEMENT);
    CU_ASSERT_EQUAL(f.layout, BRW_LAYOUT_BROWSE);
    CU_ASSERT_EQUAL(f.announcement.version_major, 0x0F);
    CU_ASSERT_EQUAL(f.announcement.version_minor, 0x01);
    CU_ASSERT_EQUAL(f.announcement.signature, 0xAA55);
    CU_ASSERT_EQUAL(f.announcement.update_count, 0);
    brw_frame_init(&f, BRW_FRAME_DOMAIN_ANNOUNCEMENT);
    CU_ASSERT_EQUAL(f.domain.signature, 0xAA55);
    brw_frame_init(&f, BRW_FRAME_REQUEST_ELECTION);
    CU_ASSERT_EQUAL(f.election.version, 1);
    CU_ASSERT_EQUAL(f.extra_len, 0);
}

/* brw_frame_equal() looks at the kind's fields and `extra`, not at other union members. */
static void
test_equal(void)
{
    BrwFrame a, b;
    CU_ASSERT_EQUAL_FATAL(decode_hex("0e 01", BRW_LAYOUT_BROWSE, &a), MS_OK);
    b = a;
    CU_ASSERT_TRUE(brw_frame_equal(&a, &b));
    b.reset.flags = 2;
    CU_ASSERT_FALSE(brw_frame_equal(&a, &b));
    b = a;
    b.extra[0] = 1;
    b.extra_len = 1;
    CU_ASSERT_FALSE(brw_frame_equal(&a, &b));
    b = a;
    b.layout = BRW_LAYOUT_LANMAN;
    CU_ASSERT_FALSE(brw_frame_equal(&a, &b));

    /* LANMAN carries no version or signature: they do not count there. */
    CU_ASSERT_EQUAL_FATAL(
        decode_hex("0f 00 03 00 04 00 24 00 3c 00 4f 53 32 4c 4d 42 00 00", BRW_LAYOUT_LANMAN, &a),
        MS_OK);
    b = a;
    b.announcement.signature = BRW_SIGNATURE;
    CU_ASSERT_TRUE(brw_frame_equal(&a, &b));
    b.announcement.os_minor = 9;
    CU_ASSERT_FALSE(brw_frame_equal(&a, &b));
}

static void
test_kind_to_string(void)
{
    CU_ASSERT_STRING_EQUAL(brw_frame_kind_to_string(BRW_FRAME_HOST_ANNOUNCEMENT),
                           "host-announcement");
    CU_ASSERT_STRING_EQUAL(brw_frame_kind_to_string(BRW_FRAME_GET_BACKUP_LIST_RESPONSE),
                           "get-backup-list-response");
    CU_ASSERT_STRING_EQUAL(brw_frame_kind_to_string(BRW_FRAME_LOCAL_MASTER_ANNOUNCEMENT),
                           "local-master-announcement");
    CU_ASSERT_STRING_EQUAL(brw_frame_kind_to_string((BrwFrameKind)0x17), "unknown");
    /* Every kind has its own token. */
    const char *tokens[16];
    guint n = 0;
    for (guint op = 0; op <= 0xFF; op++) {
        if (!brw_frame_kind_is_valid((guint8)op))
            continue;
        const char *s = brw_frame_kind_to_string((BrwFrameKind)op);
        CU_ASSERT_STRING_NOT_EQUAL(s, "unknown");
        for (guint j = 0; j < n; j++)
            CU_ASSERT_STRING_NOT_EQUAL(s, tokens[j]);
        if (n < G_N_ELEMENTS(tokens))
            tokens[n++] = s;
    }
    CU_ASSERT_EQUAL(n, 10);
    CU_ASSERT_STRING_EQUAL(brw_frame_layout_to_string(BRW_LAYOUT_BROWSE), "browse");
    CU_ASSERT_STRING_EQUAL(brw_frame_layout_to_string(BRW_LAYOUT_LANMAN), "lanman");
    CU_ASSERT_STRING_EQUAL(brw_frame_layout_to_string((BrwLayout)9), "unknown");
}

int
main(void)
{
    CU_TestInfo tests[] = {
        {"host_announcement_encode_brws_001", test_host_announcement_encode_brws_001},
        {"host_announcement_decode_brws_001", test_host_announcement_decode_brws_001},
        {"host_announcement_empty_comment_brws_001", test_host_announcement_empty_comment_brws_001},
        {"host_announcement_mailslot_brws_002", test_host_announcement_mailslot_brws_002},
        {"periodicity_milliseconds_brws_003", test_periodicity_milliseconds_brws_003},
        {"host_announcement_odd_version_brws_004", test_host_announcement_odd_version_brws_004},
        {"server_type_sanitize_brws_005", test_server_type_sanitize_brws_005},
        {"request_election_brws_006_008", test_request_election_brws_006_008},
        {"request_election_forced_brws_006", test_request_election_forced_brws_006},
        {"criteria_layout_brws_007", test_criteria_layout_brws_007},
        {"get_backup_list_request_brws_009", test_get_backup_list_request_brws_009},
        {"get_backup_list_response_brws_010", test_get_backup_list_response_brws_010},
        {"get_backup_list_response_limits_brws_010", test_get_backup_list_response_limits_brws_010},
        {"domain_announcement_brws_011", test_domain_announcement_brws_011},
        {"domain_announcement_garbage_brws_012", test_domain_announcement_garbage_brws_012},
        {"master_announcement_brws_013", test_master_announcement_brws_013},
        {"reset_state_brws_014", test_reset_state_brws_014},
        {"local_master_announcement_brws_015", test_local_master_announcement_brws_015},
        {"announcement_request_brws_016", test_announcement_request_brws_016},
        {"unknown_opcodes_brws_017", test_unknown_opcodes_brws_017},
        {"long_comment_cut_on_encode_brws_018", test_long_comment_cut_on_encode_brws_018},
        {"strings_read_to_nul_or_end_brws_018", test_strings_read_to_nul_or_end_brws_018},
        {"become_backup", test_become_backup},
        {"lanman_host_announcement_brws_026", test_lanman_host_announcement_brws_026},
        {"lanman_not_nt_brws_026", test_lanman_not_nt_brws_026},
        {"lanman_other_kinds_brws_026", test_lanman_other_kinds_brws_026},
        {"mailslot_dispatch_mail_011", test_mailslot_dispatch_mail_011},
        {"samples_round_trip", test_samples_round_trip},
        {"encode_no_space", test_encode_no_space},
        {"encode_invalid_names", test_encode_invalid_names},
        {"init_defaults", test_init_defaults},
        {"equal", test_equal},
        {"kind_to_string", test_kind_to_string},
        CU_TEST_INFO_NULL,
    };
    return test_run_suite("brw-frame", tests);
}
