/* rapport-push-engine.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "rapport-outbox.h"
#include "rapport-provider.h"
#include "rapport-store.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_PUSH_ENGINE (rapport_push_engine_get_type ())
G_DECLARE_FINAL_TYPE (RapportPushEngine, rapport_push_engine, RAPPORT, PUSH_ENGINE, GObject)

/* How long after an interrupted send (a crash, a timeout, a connection lost after the request
 * went out) the server may still be carrying it out: the op's effect is looked for in the
 * ticket's history only after this (milliseconds). */
#define RAPPORT_PUSH_ENGINE_DEFAULT_SETTLE_MS 15000u

/* Most ops in flight at once, across tickets (one per ticket at most). */
#define RAPPORT_PUSH_ENGINE_MAX_IN_FLIGHT 2

/* The push side of sync for one account: sends the outbox (rapport-outbox.h) through the
 * provider. Ends undo windows when their time comes; runs each ticket's ops first in first
 * out (an op runs only when no earlier held, ready, in_flight or unknown op of its ticket is
 * ahead; a failed op does not hold back the ones after it), at most
 * RAPPORT_PUSH_ENGINE_MAX_IN_FLIGHT tickets at a time; marks an op in_flight in the store
 * before the provider is called. Failures:
 *   RATE_LIMITED, NETWORK, INVALID_RESPONSE of an update, anything unexpected → ready again
 *     after exponential backoff with jitter (at least the Retry-After a RATE_LIMITED error
 *     carries, see rapport_provider_error_get_retry_after());
 *   OUTCOME_UNKNOWN (and INVALID_RESPONSE to a post) → unknown: after "settle-ms" (the
 *     server may still be working on the request) and before it is sent again, the ticket's
 *     history is read and searched for the effect (rapport_outbox_resolve_unknown());
 *     an update whose outcome is unknown is simply sent again (it is idempotent);
 *   NOT_FOUND, FORBIDDEN, INVALID_INPUT, CONFLICT (and a backend that cannot write) → failed,
 *     with the error and the text kept;
 *   AUTH_REQUIRED → the op waits (ready) and the engine stops: "blocked-reason" says why
 *     until rapport_push_engine_kick().
 * The engine looks at the outbox again whenever the store reports a change of the account
 * (an enqueue, undo, retry), and when a timer it set (undo window, backoff) fires.
 * On start, ops left in_flight by a previous run become unknown (looked for "settle-ms" after
 * their attempt began). All SQL runs on worker
 * threads; timers run on the thread-default main context of the thread that created it.
 *
 * Properties: "store", "provider", "account-id" (construct-only); "online" (boolean, FALSE
 *   after a NETWORK failure, TRUE after a success); "blocked-reason" (string, NULL when not
 *   blocked); "running" (boolean); "backoff-base-ms", "backoff-cap-ms" (uint: the first retry
 *   waits about base, each next one twice as long, never more than cap); "settle-ms" (uint,
 *   default RAPPORT_PUSH_ENGINE_DEFAULT_SETTLE_MS).
 * Signals: "op-changed" (gint64 op_id, RapportOutboxState state): after the store recorded a
 *   new state of an op this engine moved. */
RapportPushEngine *rapport_push_engine_new                (RapportStore      *store,
                                                           RapportProvider   *provider,
                                                           gint64             account_id);
/* Recovers interrupted sends and starts draining the outbox; idempotent. */
void               rapport_push_engine_start              (RapportPushEngine *self);
/* Stops scheduling new sends (sends under way finish). */
void               rapport_push_engine_stop               (RapportPushEngine *self);
/* Try now: clears "blocked-reason" and every backoff, then looks at the outbox again. Call it
 * after signing in again, or when the network came back. */
void               rapport_push_engine_kick               (RapportPushEngine *self);

gboolean           rapport_push_engine_get_running        (RapportPushEngine *self);
gboolean           rapport_push_engine_get_online         (RapportPushEngine *self);
const char        *rapport_push_engine_get_blocked_reason (RapportPushEngine *self);
guint              rapport_push_engine_get_n_in_flight    (RapportPushEngine *self);
guint              rapport_push_engine_get_backoff_base_ms (RapportPushEngine *self);
void               rapport_push_engine_set_backoff_base_ms (RapportPushEngine *self,
                                                            guint              base_ms);
guint              rapport_push_engine_get_settle_ms      (RapportPushEngine *self);
void               rapport_push_engine_set_settle_ms      (RapportPushEngine *self,
                                                           guint              settle_ms);
guint              rapport_push_engine_get_backoff_cap_ms (RapportPushEngine *self);
void               rapport_push_engine_set_backoff_cap_ms (RapportPushEngine *self,
                                                           guint              cap_ms);

G_END_DECLS
