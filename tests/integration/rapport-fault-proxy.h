/* rapport-fault-proxy.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* What the proxy did to one request. */
typedef enum
{
  RAPPORT_FAULT_NONE,        /* forwarded, and the server's answer passed on */
  RAPPORT_FAULT_DROP,        /* forwarded (the server acted on it), then the connection was
                              * closed without a byte of the answer */
  RAPPORT_FAULT_500_BEFORE,  /* answered 500 with an empty body; never forwarded */
  RAPPORT_FAULT_500_AFTER,   /* forwarded (the server acted on it); its answer replaced by a 500
                              * with an empty body */
  RAPPORT_FAULT_429,         /* answered 429 with Retry-After: 1; never forwarded */
  RAPPORT_FAULT_STALL,       /* forwarded, then the answer held for the stall time (longer than
                              * the client's timeout) and the connection closed */
  RAPPORT_FAULT_TRUNCATE,    /* forwarded; the head with the full Content-Length, then half the
                              * body, then the connection closed */
  RAPPORT_FAULT_N_KINDS,
} RapportFaultKind;

const char *rapport_fault_kind_to_string (RapportFaultKind kind);

#define RAPPORT_TYPE_FAULT_PROXY (rapport_fault_proxy_get_type ())
G_DECLARE_FINAL_TYPE (RapportFaultProxy, rapport_fault_proxy, RAPPORT, FAULT_PROXY, GObject)

/* A loopback HTTP/1.1 proxy for tests: listens on a free port of 127.0.0.1 and forwards each
 * request to @upstream_url ("http://127.0.0.1:PORT", plain HTTP), one upstream connection per
 * request (with Connection: close), while it keeps the client's connection alive as HTTP/1.1
 * allows. The Host header is passed on unchanged, so URLs the server builds from it point back
 * at the proxy.
 *
 * A fault plan decides per request, drawing from a GRand seeded with @seed: with probability
 * "rate" (0 at first) one of the kinds of RapportFaultKind is applied, each kind equally
 * likely. Requests are served on threads of their own (GThreadedSocketService), so the caller's
 * main loop does not have to run; everything here is thread-safe. Counters can be read at any
 * time.
 *
 * Requests with a chunked body are not supported (answered 411). */
RapportFaultProxy *rapport_fault_proxy_new            (const char        *upstream_url,
                                                       guint32            seed,
                                                       GError           **error);
/* "http://127.0.0.1:PORT" */
const char        *rapport_fault_proxy_get_url        (RapportFaultProxy *self);
guint32            rapport_fault_proxy_get_seed       (RapportFaultProxy *self);

/* Probability 0…1 that a request gets a fault. */
void               rapport_fault_proxy_set_rate       (RapportFaultProxy *self,
                                                       double             rate);
/* How long a STALL holds the answer (default 5000 ms). */
void               rapport_fault_proxy_set_stall_ms   (RapportFaultProxy *self,
                                                       guint              stall_ms);
/* Holds the answer to every POST that was forwarded without a fault this long before passing it
 * on (0, the default: no delay), so that a test can catch a client while the server has
 * already acted on its request. */
void               rapport_fault_proxy_set_post_delay_ms (RapportFaultProxy *self,
                                                          guint              delay_ms);

/* Holds every POST this long before forwarding it (0, the default: none), as a server busy
 * elsewhere would; the request reaches the server afterwards even when the client has gone. */
void               rapport_fault_proxy_set_post_forward_delay_ms (RapportFaultProxy *self,
                                                                  guint              delay_ms);

/* Rewrites the body of a successful answer that is passed on without a fault: called on a
 * request thread (it must be thread-safe) with the request's path (with its query) and the
 * server's body; returns the body to send instead (transfer full), or NULL to send it as it
 * is. NULL @func: no rewrite (the default). */
typedef GBytes *(*RapportFaultRewrite) (const char *path,
                                        GBytes     *body,
                                        gpointer    user_data);
void               rapport_fault_proxy_set_rewrite    (RapportFaultProxy  *self,
                                                       RapportFaultRewrite func,
                                                       gpointer            user_data);

guint              rapport_fault_proxy_get_n_requests (RapportFaultProxy *self);
guint              rapport_fault_proxy_get_n_forwarded (RapportFaultProxy *self);
/* POST requests that reached the server. */
guint              rapport_fault_proxy_get_n_posts_forwarded (RapportFaultProxy *self);
guint              rapport_fault_proxy_get_n_faults   (RapportFaultProxy *self,
                                                       RapportFaultKind   kind);
/* All faults of every kind. */
guint              rapport_fault_proxy_get_n_faults_total (RapportFaultProxy *self);
/* Requests the server did not answer in full (not injected: the client got a 502). */
guint              rapport_fault_proxy_get_n_upstream_errors (RapportFaultProxy *self);
/* POST answers being held right now (see set_post_delay_ms()). */
guint              rapport_fault_proxy_get_n_holding  (RapportFaultProxy *self);
/* POST requests being held before forwarding right now (see set_post_forward_delay_ms()). */
guint              rapport_fault_proxy_get_n_holding_requests (RapportFaultProxy *self);
/* "drop 3, 500-before 2, …" */
char              *rapport_fault_proxy_describe_faults (RapportFaultProxy *self);

/* Stops listening, closes every client connection and waits for the request threads. Called
 * by dispose too. */
void               rapport_fault_proxy_stop           (RapportFaultProxy *self);

G_END_DECLS
