/* The simulated LAN's state, shared by sim-lan.c (nodes, clock, run loop) and sim-net.c
 * (what the network does with an engine's effects). Private to the harness. */
#pragma once

#include "sim-lan.h"
#include "sim-queue.h"

#include <libmailslot/ms-dgram.h>

typedef enum {
    SIM_EV_TIMER,   /* a node's engine deadline: the item embedded in SimNode */
    SIM_EV_START,   /* a scheduled start */
    SIM_EV_DELIVER, /* a datagram reaches one receiver; data: SimPacket */
    SIM_EV_NAME,    /* a registration is answered; data: SimNameOp */
    SIM_EV_SYNC,    /* a SYNC is answered; data: the master's name */
    SIM_EV_DOMAIN_SYNC, /* a DOMAIN_SYNC is answered; data: its BrwEffect */
    SIM_EV_FIND_DMB,    /* a FIND_DOMAIN_MASTER is answered; data: NULL */
} SimEventKind;

typedef struct {
    SimQueueItem item; /* first, so a popped item is its event */
    SimEventKind kind;
    guint node;        /* who the event is for */
    guint incarnation; /* the node's incarnation when queued: a kill makes it stale */
    gpointer data;
} SimEvent;

/* One sent datagram, shared by its deliveries (refs counts those still queued). */
typedef struct {
    guint refs;
    guint sender;
    char *dest_key;
    BrwSend send;
    gsize len;
    guint8 bytes[MS_DGRAM_MAX_PAYLOAD];
} SimPacket;

typedef struct {
    MsName name;
    gboolean group;
    char *key;
    guint64 id; /* matches the node's pending entry unless released or re-registered */
} SimNameOp;

typedef struct {
    gint64 latency_us;
    gint64 jitter_us;
    double loss;
} SimLink;

typedef struct {
    SimLan *lan;
    guint index;
    BrwEngineConfig cfg; /* as the engine keeps it (names upper-cased) */
    BrwEngine *engine;
    MsName source;       /* <name><00>: the source of every datagram we send */
    char *browse_key;    /* <workgroup><1E> */
    guint32 ip;
    guint segment;
    guint incarnation;
    gboolean alive;
    gint64 started_us;
    gint64 browsing_since_us;
    GHashTable *names;   /* name key -> NULL: the names held */
    GHashTable *pending; /* name key -> guint64 *: registrations not yet answered */
    guint16 next_dgram_id;
    SimEvent timer;
    gint64 stuck_at_us;  /* deadline loop detection: timeouts in a row at one instant */
    guint stuck_count;
} SimNode;

struct SimLan {
    SimLanConfig cfg;
    SimLink default_link;
    GRand *rand;
    SimQueue *queue;
    gint64 now_us;
    GPtrArray *nodes;      /* SimNode *, owned */
    GHashTable *holders;   /* name key -> GPtrArray of SimNode *, in registration order */
    GHashTable *by_name;   /* upper-case computer name -> SimNode * */
    GHashTable *by_ip;     /* ip -> SimNode * */
    GHashTable *links;     /* gint64 * (a << 32 | b, a < b) -> SimLink * */
    GHashTable *elections; /* upper-case workgroup -> gint64 *: last RequestElection sent */
    guint64 next_name_op;
    SimLanStats stats;
    GPtrArray *anomalies;
    GString *trace;        /* NULL while not tracing */
    SimObserverFunc observer;
    gpointer observer_data;
};

static inline SimNode *
sim_node(const SimLan *lan, guint index)
{
    return g_ptr_array_index(lan->nodes, index);
}

/* sim-lan.c */
SimEvent *sim_event_new(SimEventKind kind, const SimNode *node, gpointer data);
void sim_event_schedule(SimLan *lan, SimEvent *ev, gint64 at_us);
/* Re-reads the engine's deadline into the node's timer item; after every engine call. */
void sim_node_refresh(SimNode *n);
void sim_lan_anomaly(SimLan *lan, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
void sim_lan_trace_line(SimLan *lan, const SimNode *n, const char *fmt, ...) G_GNUC_PRINTF(3, 4);

/* sim-net.c */
char *sim_name_key(const MsName *name);
void sim_node_hold(SimNode *n, const char *key);
void sim_node_drop(SimNode *n, const char *key);
void sim_node_drop_all(SimNode *n);
/* The engine's effect callback; user_data is the SimNode. */
void sim_net_on_effect(const BrwEffect *effect, gpointer user_data);
void sim_net_deliver(SimLan *lan, const SimEvent *ev);
void sim_net_answer_name(SimLan *lan, const SimEvent *ev);
void sim_net_answer_sync(SimLan *lan, const SimEvent *ev);
void sim_net_answer_domain_sync(SimLan *lan, const SimEvent *ev);
void sim_net_answer_find_dmb(SimLan *lan, const SimEvent *ev);
void sim_net_packet_unref(SimPacket *p);
