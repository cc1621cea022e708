/* A simulated LAN: many browser engines in one process, on a virtual clock.
 *
 * Every node is a BrwEngine plus what its link would give it: an IP address (10.0.x.y), a
 * segment (delivery happens only within one; tests split and heal by changing segments) and
 * the NetBIOS names it holds. The harness plays the network for the engines:
 *  - a SEND effect is encoded with brw_send_encode() (frame -> mailslot write -> datagram),
 *    and after the link's latency each receiver decodes it with ms_dgram_decode() and gets
 *    brw_engine_handle_datagram(). Receivers are the live nodes of the sender's segment that
 *    hold the destination name: all holders of a group name, the first holder of a unique
 *    one, or the node at BrwSend.ip when it is set. Loss is drawn per delivery;
 *  - REGISTER_NAME is answered after `name_delay_us` (B-node registration: three broadcasts
 *    250 ms apart); a unique name is refused when another live node of the segment holds it.
 *    The name is held, i.e. datagrams reach it, from the answer on;
 *  - SYNC is answered after `sync_delay_us` with the named master's lists, if that node is
 *    alive, in the same segment and MASTER (NetServerEnum2 over a reliable TCP session);
 *  - each node's brw_engine_next_deadline() is one item in the event queue, refreshed after
 *    every call into that node ("one deadline, pulled"); time jumps from event to event.
 * Everything random comes from the seed, and events due at the same microsecond run in the
 * order they were queued, so a run is reproducible bit for bit. */
#pragma once

#include <browse-proto/brw-engine.h>
#include <glib.h>

G_BEGIN_DECLS

#define SIM_MS ((gint64)1000)
#define SIM_SEC ((gint64)G_USEC_PER_SEC)
#define SIM_MIN (60 * SIM_SEC)

typedef struct {
    guint64 seed;
    gint64 latency_us;    /* every link: this fixed delay ... */
    gint64 jitter_us;     /* ... plus a uniform draw from [0, jitter_us) */
    double loss;          /* probability that one delivery is lost */
    gint64 name_delay_us; /* answer to a name registration */
    gint64 sync_delay_us; /* answer to a SYNC (one NetServerEnum2 exchange) */
    /* Segments are subnets joined by a router: a datagram to an address (BrwSend.ip) and a
     * DOMAIN_SYNC reach a node on any segment; broadcasts and names stay in their own. A
     * FIND_DOMAIN_MASTER finds the holder of <group><1B> on any segment, as WINS would.
     * FALSE (the default): segments are partitions, nothing crosses them. */
    gboolean routed;
} SimLanConfig;

/* 1 ms latency, 0.5 ms jitter, no loss, names answered after 750 ms, syncs after 20 ms. */
void sim_lan_config_init(SimLanConfig *cfg, guint64 seed);

typedef struct SimLan SimLan;

SimLan *sim_lan_new(const SimLanConfig *cfg);
void sim_lan_free(SimLan *lan);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(SimLan, sim_lan_free)

/* Fills *cfg for the next node to be added: brw_engine_config_init() defaults, the name
 * NODE001, NODE002, ... (by index), `workgroup`, and an engine seed drawn from the LAN's. */
void sim_lan_node_config(SimLan *lan, const char *workgroup, BrwEngineConfig *cfg);

/* Adds a node (not started) in segment 0 and returns its index. *cfg is copied. */
guint sim_lan_add_node(SimLan *lan, const BrwEngineConfig *cfg);

/* sim_lan_node_config() + sim_lan_add_node() for the common case. */
guint sim_lan_add_browser(SimLan *lan, const char *workgroup);

/* Starts the node at `at_us` (now if earlier): its computer names <name><00> and
 * <name><20> are held from then on, then brw_engine_start(). */
void sim_lan_start(SimLan *lan, guint node, gint64 at_us);

/* Starts nodes [first, first + count) at times drawn uniformly from
 * [from_us, from_us + window_us) with `r` (the caller's generator, so the LAN's own draws
 * stay as they were). */
void sim_lan_start_within(SimLan *lan, GRand *r, guint first, guint count, gint64 from_us,
                          gint64 window_us);

/* The node dies now without a word: it stops receiving, its names vanish, anything in
 * flight to it is lost. Its engine stays readable until a restart. */
void sim_lan_kill(SimLan *lan, guint node);

/* Graceful stop now: brw_engine_stop() (its last frames go out, its group names are
 * released); the link stays up, so the computer names remain. */
void sim_lan_stop(SimLan *lan, guint node, gboolean leaving);

/* Kills the node if it runs, gives it a fresh engine (same config, a new seed) and starts
 * it at `at_us`. */
void sim_lan_restart(SimLan *lan, guint node, gint64 at_us);

/* brw_engine_force_election() on a live node now, as an operator would. */
void sim_lan_force_election(SimLan *lan, guint node);

void sim_lan_set_segment(SimLan *lan, guint node, guint segment);
guint sim_lan_segment(const SimLan *lan, guint node);

/* Overrides latency, jitter and loss for the link between nodes a and b (both ways). */
void sim_lan_set_link(SimLan *lan, guint a, guint b, gint64 latency_us, gint64 jitter_us,
                      double loss);

/* Runs every event due at or before t_us, then sets the clock to t_us. */
void sim_lan_run_until(SimLan *lan, gint64 t_us);
void sim_lan_run_for(SimLan *lan, gint64 duration_us);
gint64 sim_lan_now(const SimLan *lan);

guint sim_lan_node_count(const SimLan *lan);
BrwEngine *sim_lan_engine(SimLan *lan, guint node);
const char *sim_lan_node_name(const SimLan *lan, guint node);
guint32 sim_lan_node_ip(const SimLan *lan, guint node);
/* Started and not killed (a gracefully stopped node is alive: its link is up). */
gboolean sim_lan_node_alive(const SimLan *lan, guint node);
/* When the node was last started; G_MAXINT64 before its first start. */
gint64 sim_lan_node_started_us(const SimLan *lan, guint node);
/* When the node's <workgroup><1E> registration completed, i.e. since when elections reach
 * it; G_MAXINT64 when it does not hold the name. */
gint64 sim_lan_node_browsing_since(const SimLan *lan, guint node);
/* TRUE while the node holds `name`. */
gboolean sim_lan_node_holds(const SimLan *lan, guint node, const MsName *name);
/* The node called `name` (case-insensitive), or -1. */
gint sim_lan_find_node(const SimLan *lan, const char *name);

/* When the last RequestElection for `workgroup` was sent, G_MININT64 if none was. */
gint64 sim_lan_last_election_us(const SimLan *lan, const char *workgroup);

typedef struct {
    guint64 events;      /* queue events processed: deliveries, timers, names, syncs, starts */
    guint64 timeouts;    /* brw_engine_handle_timeout() calls */
    guint64 sent;        /* SEND effects */
    guint64 deliveries;  /* datagrams handed to an engine */
    guint64 lost;        /* deliveries dropped by the loss draw */
    guint64 unresolved;  /* unique destinations nobody in the segment held */
    guint64 name_refusals;
    guint64 syncs_ok;
    guint64 syncs_failed;
    guint64 role_changes;
} SimLanStats;

const SimLanStats *sim_lan_stats(const SimLan *lan);

/* Things that should never happen: an encode or decode failure, an engine whose deadline
 * stays in the past after handle_timeout(). Each is a line of text; tests assert there are
 * none. The array is owned by the LAN. */
const GPtrArray *sim_lan_anomalies(const SimLan *lan);

/* The trace: one line per sent frame, role change and start/stop/kill, e.g.
 *   t=000012.345 NODE002 send request-election -> WG<1e>
 *   t=000016.010 NODE002 role potential -> master
 * Off by default; turning it on starts an empty trace. Owned by the LAN. */
void sim_lan_set_tracing(SimLan *lan, gboolean on);
const GString *sim_lan_trace(const SimLan *lan);

typedef enum {
    SIM_OBS_EFFECT,    /* `node` emitted `effect` (inside an engine call: do not call any engine) */
    SIM_OBS_DELIVERED, /* `node` was handed `send` from `sender` (the engine call has returned) */
} SimObservationKind;

typedef struct {
    SimObservationKind kind;
    gint64 now_us;
    guint node;
    const BrwEffect *effect; /* EFFECT */
    guint sender;            /* DELIVERED */
    const BrwSend *send;     /* DELIVERED */
} SimObservation;

/* Called for every effect and every delivery. It must not run the LAN. */
typedef void (*SimObserverFunc)(SimLan *lan, const SimObservation *obs, gpointer user_data);
void sim_lan_set_observer(SimLan *lan, SimObserverFunc func, gpointer user_data);

G_END_DECLS
