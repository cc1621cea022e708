/* Frames taken from the Samba captures in tests/data/vectors (frame numbers of
 * brws-probe.pcapng) and, for the LAN Manager layout the captures lack, built by hand from
 * brws.md §4.10. */
#include "brw-samples.h"

const BrwSample brw_samples[] = {
    /* brws-probe #6: Samba's first HostAnnouncement (60 000 ms, type 0x00819a03). */
    {"host-announcement", BRW_LAYOUT_BROWSE, BRW_FRAME_HOST_ANNOUNCEMENT,
     "01 00 60 ea 00 00 48 31 00 00 00 00 00 00 00 00 00 00 00 00 00 00 06 01"
     "03 9a 81 00 0f 01 55 aa 62 72 6c 61 62 20 48 31 00",
     32},
    /* brws-probe #39: Samba's AnnouncementRequest, an empty name and "H1" past its NUL. */
    {"announcement-request-samba", BRW_LAYOUT_BROWSE, BRW_FRAME_ANNOUNCEMENT_REQUEST,
     "02 01 00 48 31", 2},
    /* brws-probe #45 */
    {"announcement-request", BRW_LAYOUT_BROWSE, BRW_FRAME_ANNOUNCEMENT_REQUEST,
     "02 00 42 52 50 52 4f 42 45 00", 2},
    /* brws-probe #26 */
    {"request-election", BRW_LAYOUT_BROWSE, BRW_FRAME_REQUEST_ELECTION,
     "08 01 0a 0f 01 14 70 17 00 00 00 00 00 00 48 31 00", 15},
    /* brws-probe #42 */
    {"get-backup-list-request", BRW_LAYOUT_BROWSE, BRW_FRAME_GET_BACKUP_LIST_REQUEST,
     "09 04 44 33 22 11", 6},
    /* three names, built from the layout of brws-probe #43 */
    {"get-backup-list-response", BRW_LAYOUT_BROWSE, BRW_FRAME_GET_BACKUP_LIST_RESPONSE,
     "0a 03 44 33 22 11 48 31 00 42 41 43 4b 55 50 31 00 42 41 43 4b 55 50 32 00", 18},
    /* brws-probe #54 */
    {"become-backup", BRW_LAYOUT_BROWSE, BRW_FRAME_BECOME_BACKUP, "0b 48 31 00", 2},
    /* brws-probe #41 */
    {"domain-announcement", BRW_LAYOUT_BROWSE, BRW_FRAME_DOMAIN_ANNOUNCEMENT,
     "0c 02 c0 d4 01 00 4c 41 42 47 52 50 00 00 00 00 00 00 00 00 00 00 06 01"
     "00 10 00 80 0f 01 55 aa 48 31 00",
     32},
    /* brws-probe #56 */
    {"master-announcement", BRW_LAYOUT_BROWSE, BRW_FRAME_MASTER_ANNOUNCEMENT,
     "0d 42 52 50 52 4f 42 45 00", 2},
    /* brws-probe #82 */
    {"reset-state-request", BRW_LAYOUT_BROWSE, BRW_FRAME_RESET_STATE_REQUEST, "0e 01", 2},
    /* brws-probe #40 */
    {"local-master-announcement", BRW_LAYOUT_BROWSE, BRW_FRAME_LOCAL_MASTER_ANNOUNCEMENT,
     "0f 02 c0 d4 01 00 48 31 00 00 00 00 00 00 00 00 00 00 00 00 00 00 06 01"
     "03 9a 84 00 0f 01 55 aa 62 72 6c 61 62 20 48 31 00",
     32},
    /* LAN Manager HostAnnouncement from an OS/2 server: type 0x203, OS 36.0, 720 s. */
    {"lm-host-announcement", BRW_LAYOUT_LANMAN, BRW_FRAME_HOST_ANNOUNCEMENT,
     "01 00 03 02 00 00 24 00 d0 02 4f 53 32 53 52 56 00 4c 4d 20 68 6f 73 74 00", 11},
    {"lm-local-master-announcement", BRW_LAYOUT_LANMAN, BRW_FRAME_LOCAL_MASTER_ANNOUNCEMENT,
     "0f 00 03 00 04 00 24 00 3c 00 4f 53 32 4c 4d 42 00 00", 11},
    {"lm-domain-announcement", BRW_LAYOUT_LANMAN, BRW_FRAME_DOMAIN_ANNOUNCEMENT,
     "0c 00 00 00 00 80 24 00 84 03 4c 4d 47 52 4f 55 50 00 4f 53 32 4c 4d 42 00", 11},
    {"lm-announcement-request", BRW_LAYOUT_LANMAN, BRW_FRAME_ANNOUNCEMENT_REQUEST, "02 00", 2},
};

const gsize brw_sample_count = G_N_ELEMENTS(brw_samples);
