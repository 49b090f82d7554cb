/* rapport-workspace.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "rapport-account.h"
#include "rapport-provider.h"
#include "rapport-push-engine.h"
#include "rapport-store.h"
#include "rapport-sync-engine.h"

G_BEGIN_DECLS

/* How often a workspace pulls when nothing else asks it to (seconds). */
#define RAPPORT_WORKSPACE_DEFAULT_SYNC_INTERVAL 60u

/* The backend's canned responses and articles are fetched at most this often (seconds). */
#define RAPPORT_WORKSPACE_CONTENT_INTERVAL_S (15 * 60)

/* The first update of the past-answers index waits this long after the first successful pull
 * (seconds): on a large cache it is long, and the window loads its first view meanwhile. */
#define RAPPORT_WORKSPACE_INDEX_DELAY_S 3

#define RAPPORT_TYPE_WORKSPACE (rapport_workspace_get_type ())
G_DECLARE_FINAL_TYPE (RapportWorkspace, rapport_workspace, RAPPORT, WORKSPACE, GObject)

/* One account at work: its provider, the pull side (a RapportSyncEngine run in the background
 * and on demand) and the push side (a RapportPushEngine draining the outbox). What the window
 * binds to.
 *
 * Background pull: after rapport_workspace_start() a pull runs at once, then every
 * "sync-interval" seconds after the previous one ended. A failed pull is tried again after an
 * exponential backoff with jitter (base "backoff-base-ms", doubled per failure, capped at
 * "backoff-cap-ms", never less than the Retry-After a RATE_LIMITED error carries); a success
 * resets it. A change of GNetworkMonitor's availability (network back; or any change while
 * "online" is FALSE) pulls and kicks the push engine at once, unless the workspace is stopped
 * or blocked. rapport_workspace_sync_now() pulls now (joining a pull under way).
 * AUTH_REQUIRED, FORBIDDEN and INSECURE stop the background pull until
 * rapport_workspace_sync_now():
 * "blocked-reason" says why. A pull started on the sync engine directly counts like the
 * workspace's own (its end updates the properties and emits "sync-finished").
 * Timers run on the thread-default main context of the thread that created the workspace.
 *
 * Properties (read-only unless noted):
 *   "store", "account", "provider" (construct-only);
 *   "sync-engine", "push-engine";
 *   "online": FALSE after a NETWORK failure of a pull or a send (the server cannot be
 *     reached at all), TRUE after a success of either, or after something at the server's
 *     address answered a pull (AUTH_REQUIRED, FORBIDDEN, NOT_FOUND, CONFLICT, RATE_LIMITED,
 *     INVALID_INPUT, INVALID_RESPONSE, SIGN_IN_PAGE, REDIRECTED, TLS, SERVER_ERROR); TRUE at
 *     start. It
 *     follows the push engine's "online" whenever that changes;
 *   "syncing": a pull is running (the sync engine's "syncing");
 *   "pull-pending": a pull was asked for and has not ended: TRUE from the moment
 *     rapport_workspace_start() or a sync_now() asks for one (while the stored cursor is read
 *     before it starts) until it ended; FALSE once stopped. What a view waits for before it
 *     calls itself empty;
 *   "first-sync": the account has never finished a pull (no stored cursor when the workspace
 *     first pulled, and no pull has succeeded since); FALSE until the cursor has been read;
 *   "progress-done", "progress-total" (guint64): the running pull's progress as
 *     RapportSyncEngine::progress reports it (total 0 = unknown); both 0 when a pull starts,
 *     left at the last values when it ends;
 *   "blocked-reason": why, for developers (account and error message), or NULL (sign-in
 *     needed, no right: see rapport_workspace_get_blocked_code()); set before "sync-finished" is emitted, cleared by sync_now() and by a success;
 *   "pull-error" (GError): the last failed pull's error, NULL after a success (what the UI
 *     words when the server answers but not as it should);
 *   "last-error": the last failed pull's error message (for developers), NULL after a success
 *     (unless the canned content cannot be read: see "Suggestion content" below)
 *     (a cancelled pull changes nothing);
 *   "set-aside" (GPtrArray of RapportSetAside, never NULL): the records pulls could not read
 *     and set aside (RapportSyncPage), as the store holds them: read at start and after every
 *     pull that was not cancelled; each is asked for again on the next pull;
 *   "can-write": the provider has a write side;
 *   "sync-interval" (read-write, seconds, 1 … 86400), "backoff-base-ms", "backoff-cap-ms"
 *     (read-write; they set the push engine's too);
 *   "authority" (RapportAuthority, never NULL): what the signed-in user may do with money and
 *     the policy in force (rapport_authority_resolve()). Until the server answered (and
 *     whenever the provider has no fetch_authority): no role and may_decide FALSE (roles and
 *     the supervisors come from the server, never from a local setting), the policy of the
 *     settings; fetched at start(), on sync_now() and on refresh_authority_async(); a failed
 *     fetch keeps the last one. The server's last answer is kept in the store
 *     (rapport_store_save_authority(): replaced by every answer, forgotten when the server
 *     gives the user no role); start() reads it back, and until the server answers again it
 *     is in force with from_cache TRUE (answered_at: when the server gave it). The server
 *     still judges every money action and decision: a kept role moves no money. The policy
 *     settings are followed: a change of the key resolves the authority again.
 * Suggestion content: after a successful pull the past-answers index is brought up to date
 * (rapport_store_index_past_answers_async(), one run at a time however many pulls end; the
 * first RAPPORT_WORKSPACE_INDEX_DELAY_S after the first pull), and,
 * when the provider has canned responses or a knowledge base
 * (rapport_provider_can_fetch_canned_content()), its content is fetched and stored with
 * rapport_store_replace_account_candidates(): after the first successful pull, then at most
 * every RAPPORT_WORKSPACE_CONTENT_INTERVAL_S, and after the first successful pull that
 * follows a sync_now(). A fetch that fails keeps what the store has and sets "last-error"
 * (for developers; set again after each successful pull) until one succeeds; it never fails
 * nor holds up the pull.
 * Signals: "sync-finished" (GError *error or NULL), after each pull, once the properties
 *   above say how it ended; G_IO_ERROR_CANCELLED when stop() (or whoever started it)
 *   cancelled it. */
RapportWorkspace  *rapport_workspace_new                (RapportStore      *store,
                                                         RapportAccount    *account,
                                                         RapportProvider   *provider);

RapportStore      *rapport_workspace_get_store          (RapportWorkspace  *self);
RapportAccount    *rapport_workspace_get_account        (RapportWorkspace  *self);
gint64             rapport_workspace_get_account_id     (RapportWorkspace  *self);
RapportProvider   *rapport_workspace_get_provider       (RapportWorkspace  *self);
RapportSyncEngine *rapport_workspace_get_sync_engine    (RapportWorkspace  *self);
RapportPushEngine *rapport_workspace_get_push_engine    (RapportWorkspace  *self);

const RapportAuthority *rapport_workspace_get_authority (RapportWorkspace *self);
/* Asks the provider for the authority now; TRUE once "authority" holds its answer. */
void               rapport_workspace_refresh_authority_async  (RapportWorkspace    *self,
                                                               GCancellable        *cancellable,
                                                               GAsyncReadyCallback  callback,
                                                               gpointer             user_data);
gboolean           rapport_workspace_refresh_authority_finish (RapportWorkspace    *self,
                                                               GAsyncResult        *result,
                                                               GError             **error);

/* Starts the push engine and the background pull; idempotent. */
void               rapport_workspace_start              (RapportWorkspace  *self);
/* Stops timers and cancels a running pull (refreshes waiting for it fail with
 * G_IO_ERROR_CANCELLED); sends under way finish. start() again resumes. */
void               rapport_workspace_stop               (RapportWorkspace  *self);
/* Pull now (and kick the push engine): clears "blocked-reason" and the backoff. */
void               rapport_workspace_sync_now           (RapportWorkspace  *self);

/* One pull now, reported to the caller (joins a pull under way, then its result is this
 * one's). Used before sending to look for messages that arrived meanwhile. Works whether
 * started or not; does not clear "blocked-reason" (a success does). Cancelling
 * @cancellable ends the wait with G_IO_ERROR_CANCELLED, not the pull. */
void               rapport_workspace_refresh_async      (RapportWorkspace  *self,
                                                         GCancellable      *cancellable,
                                                         GAsyncReadyCallback callback,
                                                         gpointer           user_data);
gboolean           rapport_workspace_refresh_finish     (RapportWorkspace  *self,
                                                         GAsyncResult      *result,
                                                         GError           **error);

gboolean           rapport_workspace_get_online         (RapportWorkspace  *self);
gboolean           rapport_workspace_get_syncing        (RapportWorkspace  *self);
gboolean           rapport_workspace_get_pull_pending   (RapportWorkspace  *self);
gboolean           rapport_workspace_get_first_sync     (RapportWorkspace  *self);
guint64            rapport_workspace_get_progress_done  (RapportWorkspace  *self);
guint64            rapport_workspace_get_progress_total (RapportWorkspace  *self);
const char        *rapport_workspace_get_blocked_reason (RapportWorkspace  *self);
/* The RapportProviderError code behind "blocked-reason" (AUTH_REQUIRED, FORBIDDEN or
 * INSECURE), or -1
 * when not blocked: what the UI words for the user. */
int                rapport_workspace_get_blocked_code   (RapportWorkspace  *self);
const char        *rapport_workspace_get_last_error     (RapportWorkspace  *self);
/* The error of the last failed pull ("pull-error"), NULL after a success or before any. */
const GError      *rapport_workspace_get_pull_error     (RapportWorkspace  *self);

/* (transfer none) (element-type RapportSetAside): "set-aside". */
GPtrArray         *rapport_workspace_get_set_aside      (RapportWorkspace  *self);
gboolean           rapport_workspace_get_can_write      (RapportWorkspace  *self);
guint              rapport_workspace_get_sync_interval  (RapportWorkspace  *self);
void               rapport_workspace_set_sync_interval  (RapportWorkspace  *self,
                                                         guint              seconds);

G_END_DECLS
