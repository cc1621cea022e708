/* The Remote Administration Protocol calls a browser serves and uses ([MS-RAP], rap.md §8-§10,
 * brws.md §11): NetShareEnum (0), NetServerGetInfo (13), NetWkstaGetInfo (63),
 * NetServerEnum2 (104) and NetServerEnum3 (215), carried in an SMB_COM_TRANSACTION to
 * \PIPE\LANMAN. This layer sees only the transaction's Parameters and Data blocks, as byte
 * ranges; the SMB session around them is libmailslot's.
 *
 * One set of codecs serves both ends, so what our server builds is read back by our client
 * in the tests and the fuzz targets:
 *  - requests: brw_rap_request_parse() (server) and brw_rap_request_build() (client);
 *  - reply parameters (status, converter, counts): brw_rap_reply_params_build()/_parse();
 *  - reply data: fixed-size records described by a DataDesc string, strings after the last
 *    record, every string a 32-bit pointer whose low 16 bits are offset + Converter
 *    ([MS-RAP] 2.5.11): brw_rap_records_pack() and brw_rap_record_get();
 *  - the server's answer (brw_rap_serve(), brw_rap_answer()) from the engine's role and lists,
 *    and the client's reading of a NetServerEnum2/3 answer into BrwListEntry values
 *    (brw_rap_server_enum_parse()).
 *
 * Pure, like the rest of browse-proto: no I/O, no clock. Parsers never read outside the
 * buffers they are given and allocate nothing; a parsed request points into its buffer. */
#pragma once

#include <glib.h>
#include <browse-proto/brw-engine.h>
#include <browse-proto/brw-list.h>
#include <libmailslot/ms-bytes.h>
#include <libmailslot/ms-status.h>

G_BEGIN_DECLS

/* RAPOpcode values ([MS-RAP] 2.5.1). */
#define BRW_RAP_NET_SHARE_ENUM 0
#define BRW_RAP_NET_SERVER_GET_INFO 13
#define BRW_RAP_NET_WKSTA_GET_INFO 63
#define BRW_RAP_NET_SERVER_ENUM2 104
#define BRW_RAP_NET_SERVER_ENUM3 215

/* Win32ErrorCode values a reply carries ([MS-RAP] 2.5.2, [MS-ERREF] 2.2; rap.md §9.7). */
#define BRW_RAP_SUCCESS 0
#define BRW_RAP_ERROR_INVALID_FUNCTION 1 /* DOMAIN_ENUM with other type bits ([MS-BRWS] 3.3.5.6) */
#define BRW_RAP_ERROR_NOT_SUPPORTED 50   /* an opcode we do not serve (as Samba) */
#define BRW_RAP_ERROR_REQ_NOT_ACCEP 71   /* enumeration asked of a non-browser (BRWS-076) */
#define BRW_RAP_ERROR_INVALID_PARAMETER 87 /* a descriptor the call does not take */
#define BRW_RAP_ERROR_INVALID_LEVEL 124
#define BRW_RAP_ERROR_MORE_DATA 234
#define BRW_RAP_NERR_DEV_NOT_REDIRECTED 2107 /* another domain's list, not relayed (BRWS-087) */
#define BRW_RAP_NERR_BUF_TOO_SMALL 2123      /* not even one record fits */
#define BRW_RAP_ERROR_NO_BROWSER_SERVERS_FOUND 6118 /* an empty list ([MS-RAP] 3.2.5.12): a client
                                                    * may get it; our lists always hold us */

/* Fixed record sizes ([MS-RAP] 2.5.5.1.x, 2.5.6.x, 2.5.10.4.1). */
#define BRW_RAP_SERVER_INFO0_SIZE 16 /* "B16" */
#define BRW_RAP_SERVER_INFO1_SIZE 26 /* "B16BBDz" */
#define BRW_RAP_SHARE_INFO0_SIZE 13  /* "B13" */
#define BRW_RAP_SHARE_INFO1_SIZE 20  /* "B13BWz" */
#define BRW_RAP_SHARE_INFO2_SIZE 40  /* "B13BWzWWWzB9B" */
#define BRW_RAP_WKSTA_INFO10_SIZE 22 /* "zzzBBzz" */

/* ReceiveBufferSize is 16 bits, so no answer carries more than 64 KiB - 1 of data
 * ([MS-RAP] 2.5.5.2.1, [MS-BRWS] 1.6: about 2000 servers). */
#define BRW_RAP_DATA_MAX 0xFFFFu
/* The ReceiveBufferSize our client asks for: Samba's share-enum size, because Windows 2000
 * answered 0xFFFF with "out of memory" (rap.md §9.4, RAP-059). */
#define BRW_RAP_CLIENT_BUFFER 0xFFE0u
/* The most values one record or one request may have (the longest descriptor we use,
 * "B13BWzWWWzB9B", has 10). */
#define BRW_RAP_FIELDS_MAX 16
/* Reply parameters are at most status, converter and two counts. */
#define BRW_RAP_REPLY_PARAMS_MAX 8

/* ---- Requests ------------------------------------------------------------------------- */

/* A request's fields. ParamDesc is implied by the opcode (and, for NetServerEnum2, by whether
 * a domain is given); parse checks it and build writes it. */
typedef struct {
    guint16 opcode;
    guint16 level;        /* InfoLevel */
    guint16 receive_size; /* ReceiveBufferSize: the most data bytes the reply may carry */
    guint32 server_type;  /* NetServerEnum2/3: the ServerType filter (brw-server-type.h) */
    const char *domain;   /* NetServerEnum2/3; NULL: absent ("WrLehDO", Enum2 only) */
    const char *first_name; /* NetServerEnum3: FirstNameToReturn */
    const char *data_desc;  /* parse: as received; build: NULL writes the level's own */
} BrwRapRequest;

/* Reads the Parameters block of a \PIPE\LANMAN transaction. Strings point into `params`.
 *  MS_OK               a call we serve, with the descriptors it takes; the level may still
 *                      be one the call does not have (brw_rap_answer() says 124);
 *  MS_ERR_UNSUPPORTED  an opcode we do not serve (out->opcode is set; answer 50, RAP-056);
 *  MS_ERR_BAD_HEADER   a ParamDesc, or a DataDesc for a known level, that the call does not
 *                      take (out->opcode is set; answer 87, [MS-RAP] 3.2.5.x step 1);
 *  MS_ERR_TRUNCATED    fewer than 2 bytes, an unterminated descriptor, or the parameters
 *                      end inside a field: the SMB layer answers STATUS_INVALID_PARAMETER
 *                      (RAP-057).
 * Bytes after the last parameter are ignored. The Data block carries nothing for these
 * calls (none has an 's' descriptor), so it is not an argument here. */
MsStatus brw_rap_request_parse(const guint8 *params, gsize len, BrwRapRequest *out);

/* Writes the Parameters block of `req`: the call's ParamDesc ("WrLehDO" for a
 * NetServerEnum2 without domain), req->data_desc or the level's own, then the parameters.
 * NetServerEnum3 always carries both strings; NULL ones go out empty. MS_ERR_INVALID_ARG for
 * an opcode we do not know or a level without DataDesc; MS_ERR_NO_SPACE when `w` is too
 * small. */
MsStatus brw_rap_request_build(const BrwRapRequest *req, MsWriter *w);

/* A client's NetServerEnum2 (first_name NULL) or NetServerEnum3 request: level 1, receive
 * buffer BRW_RAP_CLIENT_BUFFER (RAP-059). `domain` NULL means our own ("WrLehDO"); Enum3
 * needs one, "" for the server's own. The strings are borrowed. */
void brw_rap_request_init_enum(BrwRapRequest *req, guint32 server_type, const char *domain,
                               const char *first_name);

/* The DataDesc a call takes at a level ("B16BBDz" for NetServerEnum2 level 1), or NULL when
 * the call has no such level. */
const char *brw_rap_data_desc(guint16 opcode, guint16 level);

/* ---- Reply parameters ------------------------------------------------------------------- */

/* Win32ErrorCode, Converter, then the values ParamDesc marks as returned: EntriesReturned
 * ('e') and EntriesAvailable ('h') for the enumerations, TotalBytesAvailable ('h') for the
 * GetInfo calls ([MS-RAP] 2.5.2). */
typedef struct {
    guint16 status;
    guint16 converter;
    guint16 count;     /* 'e': EntriesReturned; 0 for calls without one */
    guint16 available; /* 'h': EntriesAvailable or TotalBytesAvailable */
} BrwRapReplyParams;

/* Bytes of reply parameters a call has: 8 for the enumerations, 6 for the GetInfo calls, 4
 * (status and converter only) for an opcode we do not know. */
gsize brw_rap_reply_params_size(guint16 opcode);

/* Writes the reply parameters of `opcode`. MS_ERR_NO_SPACE when `w` is too small. */
MsStatus brw_rap_reply_params_build(guint16 opcode, const BrwRapReplyParams *rp, MsWriter *w);

/* Reads reply parameters. At least status and converter are needed (MS_ERR_TRUNCATED);
 * a success or ERROR_MORE_DATA reply also needs the call's counts. Missing counts of an
 * error reply read as 0. */
MsStatus brw_rap_reply_params_parse(guint16 opcode, const guint8 *params, gsize len,
                                    BrwRapReplyParams *out);

/* ---- Reply data: records described by a DataDesc ([MS-RAP] 2.5.1, 2.5.11) ---------------- */

/* One field of a record (or one parameter of a request), in descriptor order. */
typedef struct {
    guint32 num;     /* 'B' (one byte), 'W', 'D' */
    const char *str; /* 'B<n>' with n > 1: the bytes (NUL-filled to n on the wire);
                      * 'z': the string. Building, NULL writes "" ('z') or zeros ('B<n>').
                      * Parsing, "" for a null pointer and NULL for a pointer outside the
                      * data; otherwise it points into the data buffer */
    gsize len;       /* bytes of `str` without any NUL */
} BrwRapValue;

/* The fixed size of one record described by `desc`, 0 if `desc` has anything but B<n>, W,
 * D and z, or more than BRW_RAP_FIELDS_MAX fields. */
gsize brw_rap_record_size(const char *desc);

/* How many values a record of `desc` has (0 as for brw_rap_record_size()). */
guint brw_rap_record_fields(const char *desc);

/* Gives the values of item `index` for brw_rap_records_pack(). It is called twice per item
 * (measuring, then writing) and must give the same values both times. */
typedef void (*BrwRapFillFunc)(guint index, BrwRapValue *values, gpointer user_data);

/* Appends to `w` as many whole records of items 0, 1, ... n-1 as fit: fixed records packed
 * from the first byte, then their strings in record order (as Samba sends them; [MS-RAP]
 * 2.5.11 allows strings anywhere after the records). A record counts only with its strings
 * (RAP-049). The data never exceeds `limit`, the space left in `w`, BRW_RAP_DATA_MAX, or
 * what keeps every offset + converter within 16 bits. Returns how many were packed. */
guint brw_rap_records_pack(MsWriter *w, gsize limit, guint16 converter, const char *desc,
                           guint n, BrwRapFillFunc fill, gpointer user_data);

/* Reads record `index` (at index * record size) of a reply's data into values[] (room for
 * brw_rap_record_fields(desc)). A string pointer is followed only to an offset inside the
 * data ((ptr & 0xFFFF) - converter, [MS-RAP] 2.5.2), its length bounded by the data's end.
 * MS_ERR_INVALID_ARG for a descriptor we cannot read, MS_ERR_TRUNCATED when the record
 * does not lie inside the data, MS_ERR_BAD_POINTER when a pointer lies outside (every
 * value is still filled; that one's str is NULL). */
MsStatus brw_rap_record_get(const guint8 *data, gsize len, gsize index, const char *desc,
                            guint16 converter, BrwRapValue *values);

/* ---- The server's answer ------------------------------------------------------------------ */

/* What the answer is made from: the engine's state and our names. */
typedef struct {
    BrwRole role;
    const char *netbios_name; /* ours, upper case */
    const char *workgroup;    /* ours, upper case */
    const char *master;       /* our group's local master ("" unknown): its list comment */
    const char *comment;      /* our server comment */
    guint32 server_type;      /* what we announce now: brw_engine_server_type() */
    guint8 version_major;
    guint8 version_minor;
    BrwList *servers;         /* brw_engine_servers(); NULL as empty */
    BrwList *domains;         /* brw_engine_domains(); NULL as empty */
    guint comment_max;        /* 0: comments whole; else cut to this many bytes (Windows
                               * 9x shows at most 48) */
    guint16 converter;        /* 0, as Samba: its client drops entries whose pointer is 0
                               * under a non-zero converter (rap.md §8.4) */
} BrwRapServer;

/* Fills *srv from an engine (the lists stay the engine's: valid until its next call);
 * comment_max and converter are 0. */
void brw_rap_server_from_engine(BrwRapServer *srv, BrwEngine *e);

/* Answers a parsed request (brw_rap_request_parse() gave MS_OK): reply parameters to
 * `params`, reply data to `data`. The data is bounded by the request's ReceiveBufferSize and
 * by the space left in `data` (the transaction's MaxDataCount, so that bound gives
 * ERROR_MORE_DATA too); when `params` cannot take the call's parameters but can take 4
 * bytes, the answer is NERR_BufTooSmall without data, as Samba's. MS_ERR_NO_SPACE when not
 * even that fits. */
MsStatus brw_rap_answer(const BrwRapRequest *req, const BrwRapServer *srv, MsWriter *params,
                        MsWriter *data);

/* Parses a \PIPE\LANMAN transaction's Parameters and Data blocks and answers: a call we
 * serve as brw_rap_answer(); an unknown opcode with ERROR_NOT_SUPPORTED and a wrong
 * descriptor with ERROR_INVALID_PARAMETER, both as 4 parameter bytes and no data (RAP-056).
 * Returns MS_ERR_TRUNCATED, writing nothing, for parameters that are not a RAP request (the
 * SMB layer answers STATUS_INVALID_PARAMETER, RAP-057); MS_ERR_NO_SPACE as
 * brw_rap_answer(). The Data block (a request's send buffer, [MS-RAP] 2.5.1) is used by no
 * call we serve, only the Set and Add calls have one. */
MsStatus brw_rap_serve(const guint8 *params, gsize params_len, const guint8 *data,
                       gsize data_len, const BrwRapServer *srv, MsWriter *out_params,
                       MsWriter *out_data);

/* The data bytes a level-1 NetServerEnum2 answer takes for `entries` (const BrwListEntry *):
 * a 26-byte record each and its comment with the NUL, cut to comment_max when that is not
 * 0. What an operator is warned about when it nears the 64 KiB one reply can hold
 * ([MS-BRWS] 1.6). */
gsize brw_rap_server_info1_bytes(const GPtrArray *entries, guint comment_max);

/* ---- The client's reading of NetServerEnum2/3 answers -------------------------------------- */

typedef struct {
    BrwRapReplyParams params; /* as received */
    guint n_entries;          /* entries written */
    guint skipped;            /* records with an empty name: not returned */
    guint bad_pointers;       /* comments whose pointer lay outside the data: left empty */
} BrwRapEnumResult;

/* Reads a NetServerEnum2/3 reply asked at `level` (0 or 1) into at most `max_entries`
 * entries (name, type without LOCAL_LIST_ONLY, version, comment cut to
 * BRW_LIST_COMMENT_MAX; source BRW_SOURCE_SYNC, times 0). Records are read only when the
 * status is success or ERROR_MORE_DATA, and only min(EntriesReturned, max_entries) of them.
 * MS_ERR_TRUNCATED: reply parameters too short; MS_ERR_BAD_LENGTH: EntriesReturned records
 * do not fit in the data; MS_ERR_INVALID_ARG: another level. A hostile reply never makes it
 * read outside `params` or `data`. */
MsStatus brw_rap_server_enum_parse(const guint8 *params, gsize params_len, const guint8 *data,
                                   gsize data_len, guint16 level, BrwListEntry *entries,
                                   guint max_entries, BrwRapEnumResult *out);

/* ---- The client's paging through a whole list ------------------------------------------- */

/* One server list read from another browser, whatever its size: a NetServerEnum2, then, as
 * long as the answer is ERROR_MORE_DATA, NetServerEnum3 calls that resume after the last
 * name received ([MS-RAP] 3.2.5.13; rap.md §10.6). Sans IO: the caller sends what
 * brw_rap_pager_request() writes and hands every reply to brw_rap_pager_reply(). Used by
 * browsectl --network and by a backup's or a domain master's list copy. Bounded: at most
 * `max_entries` entries and BRW_RAP_PAGER_MAX_ROUNDS calls, so a server that keeps saying
 * "more" cannot keep us asking. */
#define BRW_RAP_PAGER_MAX_ROUNDS 64

typedef enum {
    BRW_RAP_PAGER_MORE,      /* send the next request */
    BRW_RAP_PAGER_DONE,      /* the list is whole (or as whole as the bounds allow) */
    BRW_RAP_PAGER_MALFORMED, /* a reply we cannot read (parse_error says why) */
    BRW_RAP_PAGER_REFUSED,   /* an error status (status says which) */
} BrwRapPagerStep;

typedef struct {
    guint32 server_type;
    const char *domain; /* borrowed; NULL: the server's own */
    guint max_entries;
    guint round;        /* requests answered so far */
    GArray *entries;    /* BrwListEntry, as brw_rap_server_enum_parse() fills them */
    guint16 status;     /* the last reply's Win32 status */
    MsStatus parse_error;
} BrwRapPager;

/* `domain` NULL asks for the server's own group. */
void brw_rap_pager_init(BrwRapPager *p, guint32 server_type, const char *domain,
                        guint max_entries);
void brw_rap_pager_clear(BrwRapPager *p);
/* The Parameters block of the next request. MS_ERR_NO_SPACE when `w` is too small (512
 * bytes always suffice). */
MsStatus brw_rap_pager_request(const BrwRapPager *p, MsWriter *w);
/* Takes the reply to the last request. */
BrwRapPagerStep brw_rap_pager_reply(BrwRapPager *p, const guint8 *params, gsize plen,
                                    const guint8 *data, gsize dlen);

G_END_DECLS
