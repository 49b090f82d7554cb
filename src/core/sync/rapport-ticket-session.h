/* rapport-ticket-session.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "rapport-candidate.h"
#include "rapport-outbox.h"
#include "rapport-workspace.h"

G_BEGIN_DECLS

/* The collision check waits at most this long for the pull before it reads the cache. */
#define RAPPORT_TICKET_SESSION_REFRESH_TIMEOUT_S 5
/* Store changes are followed this long after the first of a burst (a sync applies page after
 * page). */
#define RAPPORT_TICKET_SESSION_RELOAD_DELAY_MS   150
/* What joins a text given back to the agent to the text (or draft) already there. */
#define RAPPORT_TICKET_SESSION_TEXT_SEPARATOR    "\n\n"

#define RAPPORT_TYPE_TICKET_SESSION (rapport_ticket_session_get_type ())
G_DECLARE_FINAL_TYPE (RapportTicketSession, rapport_ticket_session, RAPPORT, TICKET_SESSION,
                      GObject)

/* One ticket of one workspace, as the agent works on it: what the conversation, the composer,
 * the ticket actions and the customer panel show, and what they do. Everything goes through
 * the store's async API; the session has no thread of its own.
 *
 * Loading: on creation, and again RAPPORT_TICKET_SESSION_RELOAD_DELAY_MS after the first store
 * "changed" of the workspace's account (or push engine "op-changed") of a burst, the session
 * reads the ticket row, its messages and outbox ops, its customer and the customer's unified
 * history. A newer load cancels the one under way; results of a superseded load are dropped.
 * The customer part is published only once the ticket row of the same load confirmed the
 * customer (the requester may have changed). The ticket object given at creation is kept
 * current with rapport_ticket_update_from(), so every view of it updates; a list's placeholder
 * ("loaded" FALSE) is left for its list to fill, the session goes by the row it read meanwhile.
 * Values are replaced (and notified) only when they changed.
 *
 * Properties (read-only unless noted; notified on change):
 *   "workspace", "ticket" (construct-only);
 *   "messages" (GPtrArray of RapportMessage, oldest first; NULL until loaded);
 *   "ops" (GPtrArray of RapportOutboxOp: the ticket's ops that are not done; NULL until loaded);
 *   "customer" (RapportCustomer, NULL until loaded or without a customer);
 *   "history" (GPtrArray of RapportHistoryEntry, newest first; NULL until loaded; its pages
 *     below), "history-complete" (its oldest entry is in), "history-total" (entries of the
 *     whole history);
 *   "loading" (a load is under way);
 *   "error" (GError: the last load of the ticket or its messages failed; NULL after a success);
 *   "customer-error" (GError: the same for the customer or the history);
 *   "draft", "draft-visibility": the ticket's draft as last read or written by the session
 *     (NULL: none, or not read yet);
 *   "money-actions" (GPtrArray of RapportMoneyAction: the customer's refunds and credits
 *     created within the policy's customer window, and this ticket's that await a decision
 *     or the server, newest first (rapport_store_list_recent_customer_actions()); NULL until
 *     loaded or without a customer; not the whole ledger);
 *   "money-summary" (RapportMoneySummary of the whole ledger over the policy's customer
 *     window, read from the store with the actions; NULL likewise);
 *   "agent-actions" (GPtrArray of RapportMoneyAction: the signed-in user's actions since the
 *     start of the agent's day in the policy's zone; NULL until loaded);
 *   "authority" (RapportAuthority: the workspace's, followed).
 * They are loaded with the customer part (money-actions, money-summary) and the ticket part
 * (agent-actions) and notified when they changed.
 *
 * Actions: every store write (and the draft's reads) of the sessions of one store runs after
 * the ones asked for before it, so a draft saved just before a send cannot land after the send
 * deleted it, and a draft saved by the session of a ticket the agent left is there for the
 * next session of it. While writes are waiting, the default GApplication (when there is one) is
 * held, so a draft saved as the window closes reaches the disk before the process ends; a write
 * holds its session until it is done, whoever let go of it. Cancelling a write's @cancellable
 * only stops waiting for its answer. */
RapportTicketSession *rapport_ticket_session_new                   (RapportWorkspace     *workspace,
                                                                    RapportTicket        *ticket);

RapportWorkspace     *rapport_ticket_session_get_workspace         (RapportTicketSession *self);
RapportStore         *rapport_ticket_session_get_store             (RapportTicketSession *self);
RapportAccount       *rapport_ticket_session_get_account           (RapportTicketSession *self);
RapportTicket        *rapport_ticket_session_get_ticket            (RapportTicketSession *self);
gint64                rapport_ticket_session_get_ticket_id         (RapportTicketSession *self);
/* The ticket's customer (tickets.customer_id): the ticket object's once loaded, else the row's
 * the session read; 0 while unknown. */
gint64                rapport_ticket_session_get_customer_id       (RapportTicketSession *self);
GPtrArray            *rapport_ticket_session_get_messages          (RapportTicketSession *self);
GPtrArray            *rapport_ticket_session_get_ops               (RapportTicketSession *self);
RapportCustomer      *rapport_ticket_session_get_customer          (RapportTicketSession *self);
GPtrArray            *rapport_ticket_session_get_history           (RapportTicketSession *self);
gboolean              rapport_ticket_session_get_loading           (RapportTicketSession *self);
const GError         *rapport_ticket_session_get_error             (RapportTicketSession *self);
const GError         *rapport_ticket_session_get_customer_error    (RapportTicketSession *self);
const char           *rapport_ticket_session_get_draft             (RapportTicketSession *self);
RapportVisibility     rapport_ticket_session_get_draft_visibility  (RapportTicketSession *self);

const RapportAuthority *rapport_ticket_session_get_authority   (RapportTicketSession *self);
GPtrArray            *rapport_ticket_session_get_money_actions (RapportTicketSession *self);
const RapportMoneySummary *
                      rapport_ticket_session_get_money_summary (RapportTicketSession *self);
GPtrArray            *rapport_ticket_session_get_agent_actions (RapportTicketSession *self);

/* The live verdict of a refund or credit of @amount by the signed-in user for this ticket's
 * customer at @now_us (µs; the dialog passes g_get_real_time ()): rapport_policy_evaluate()
 * with the authority's policy and role (no role: DENIED, reason role), the loaded
 * money-actions as the customer history and agent-actions as the agent history. Before they
 * are loaded the histories are empty. Provisional unless the server enforces the policy
 * (authority->enforced) and answers: the server decides when the action syncs. */
RapportVerdict    rapport_ticket_session_evaluate_money (RapportTicketSession    *self,
                                                         RapportMoneyKind         kind,
                                                         const RapportMoney      *amount,
                                                         gint64                   now_us,
                                                         RapportPolicyEvaluation *out);

/* Queues a refund or credit for this ticket's customer (rapport_outbox_enqueue_money() with
 * the live verdict at the time of the call as the provisional one). */
void              rapport_ticket_session_request_money_async  (RapportTicketSession  *self,
                                                               RapportMoneyKind       kind,
                                                               const RapportMoney    *amount,
                                                               const char            *reason,
                                                               const char            *order_reference,
                                                               GCancellable          *cancellable,
                                                               GAsyncReadyCallback    callback,
                                                               gpointer               user_data);
RapportOutboxOp  *rapport_ticket_session_request_money_finish (RapportTicketSession  *self,
                                                               GAsyncResult          *result,
                                                               GError               **error);

/* Queues a decision on the approval of ledger row @action_id (rapport_outbox_enqueue_decision());
 * not only this ticket's: the Approvals view may decide through any session of the account, or
 * call rapport_outbox_enqueue_decision_async() on the workspace's store itself. */
void              rapport_ticket_session_decide_async  (RapportTicketSession  *self,
                                                        gint64                 action_id,
                                                        RapportDecision        decision,
                                                        const char            *note,
                                                        GCancellable          *cancellable,
                                                        GAsyncReadyCallback    callback,
                                                        gpointer               user_data);
RapportOutboxOp  *rapport_ticket_session_decide_finish (RapportTicketSession  *self,
                                                        GAsyncResult          *result,
                                                        GError               **error);

/* Long tickets and long histories are read in pages. "messages" holds the newest
 * RAPPORT_TICKET_SESSION_MESSAGES_PAGE messages at first (oldest first as always), and one page
 * more each time rapport_ticket_session_load_older_messages() is asked; a reload keeps the number
 * of pages loaded. "messages-complete" (notified) is TRUE once the oldest message is in. Bodies
 * longer than RAPPORT_MESSAGE_BODY_PREVIEW_CHARS come cut at a character boundary
 * (rapport_message_get_body_truncated()); the whole body is read with
 * rapport_store_load_message_body_async(). "history" likewise: the newest
 * RAPPORT_TICKET_SESSION_HISTORY_PAGE entries, one page more per
 * rapport_ticket_session_load_more_history(), "history-complete" once the oldest is in. Asking
 * for more while everything is loaded, or while that part is loading, does nothing. */
#define RAPPORT_TICKET_SESSION_MESSAGES_PAGE 200
#define RAPPORT_TICKET_SESSION_HISTORY_PAGE  200
gboolean          rapport_ticket_session_get_messages_complete (RapportTicketSession *self);
void              rapport_ticket_session_load_older_messages   (RapportTicketSession *self);
gboolean          rapport_ticket_session_get_history_complete  (RapportTicketSession *self);
void              rapport_ticket_session_load_more_history     (RapportTicketSession *self);
/* The number of entries of the customer's whole history ("history-total", notified), loaded
 * or not; 0 until the history is loaded. */
guint             rapport_ticket_session_get_history_total     (RapportTicketSession *self);

/* Loads again now (cancelling the load under way). */
void              rapport_ticket_session_reload (RapportTicketSession *self);

/* Queues a public reply (@visibility PUBLIC) or internal note with an undo-send window of
 * @hold_ms (0: none), as rapport_outbox_enqueue_message(); the draft goes with it. */
void              rapport_ticket_session_enqueue_message_async  (RapportTicketSession  *self,
                                                                 RapportVisibility      visibility,
                                                                 const char            *body,
                                                                 guint                  hold_ms,
                                                                 GCancellable          *cancellable,
                                                                 GAsyncReadyCallback    callback,
                                                                 gpointer               user_data);
RapportOutboxOp  *rapport_ticket_session_enqueue_message_finish (RapportTicketSession  *self,
                                                                 GAsyncResult          *result,
                                                                 GError               **error);

/* Queues a change of the ticket (rapport_outbox_enqueue_update()); done once the ticket object
 * shows it (or the reload after it failed, which is only logged). */
void              rapport_ticket_session_enqueue_update_async  (RapportTicketSession        *self,
                                                                const RapportTicketChanges  *changes,
                                                                GCancellable                *cancellable,
                                                                GAsyncReadyCallback          callback,
                                                                gpointer                     user_data);
RapportOutboxOp  *rapport_ticket_session_enqueue_update_finish (RapportTicketSession        *self,
                                                                GAsyncResult                *result,
                                                                GError                     **error);

/* Takes back a held reply or note: its text (rapport_outbox_undo()). */
void              rapport_ticket_session_undo_async  (RapportTicketSession  *self,
                                                      gint64                 op_id,
                                                      GCancellable          *cancellable,
                                                      GAsyncReadyCallback    callback,
                                                      gpointer               user_data);
char             *rapport_ticket_session_undo_finish (RapportTicketSession  *self,
                                                      GAsyncResult          *result,
                                                      GError               **error);

/* Keeps a held reply or note held until @until_ms at least (rapport_outbox_extend_hold()):
 * the undo-send window restarts when the agent can see it. Returns the op as stored. */
void              rapport_ticket_session_extend_hold_async  (RapportTicketSession  *self,
                                                             gint64                 op_id,
                                                             gint64                 until_ms,
                                                             GCancellable          *cancellable,
                                                             GAsyncReadyCallback    callback,
                                                             gpointer               user_data);
RapportOutboxOp  *rapport_ticket_session_extend_hold_finish (RapportTicketSession  *self,
                                                             GAsyncResult          *result,
                                                             GError               **error);

/* A failed op goes back to "ready" (rapport_outbox_retry()). */
void              rapport_ticket_session_retry_async  (RapportTicketSession  *self,
                                                       gint64                 op_id,
                                                       GCancellable          *cancellable,
                                                       GAsyncReadyCallback    callback,
                                                       gpointer               user_data);
gboolean          rapport_ticket_session_retry_finish (RapportTicketSession  *self,
                                                       GAsyncResult          *result,
                                                       GError               **error);

/* A failed op is dropped (rapport_outbox_discard()): the text of a reply or note, NULL for an
 * update. */
void              rapport_ticket_session_discard_async  (RapportTicketSession  *self,
                                                         gint64                 op_id,
                                                         GCancellable          *cancellable,
                                                         GAsyncReadyCallback    callback,
                                                         gpointer               user_data);
char             *rapport_ticket_session_discard_finish (RapportTicketSession  *self,
                                                         GAsyncResult          *result,
                                                         GError               **error);

/* Finishes once every write asked of @store's sessions so far (of any session, any ticket:
 * a draft saved as a composer let go of its ticket, a reply queued …) has ended: what they
 * wrote is in the store, or they failed. Writes asked for later are not waited for. A
 * cancelled wait finishes with G_IO_ERROR_CANCELLED once the writes ended. */
void              rapport_ticket_session_wait_for_writes_async  (RapportStore          *store,
                                                                 GCancellable          *cancellable,
                                                                 GAsyncReadyCallback    callback,
                                                                 gpointer               user_data);
gboolean          rapport_ticket_session_wait_for_writes_finish (RapportStore          *store,
                                                                 GAsyncResult          *result,
                                                                 GError               **error);

/* Drafts. save: @body NULL or "" deletes the draft; nothing is written when the stored draft is
 * already that. load: NULL without error when there is none. append: @text goes at the end of
 * the draft (after RAPPORT_TICKET_SESSION_TEXT_SEPARATOR, keeping the draft's visibility), or
 * becomes the draft with @visibility. */
void              rapport_ticket_session_save_draft_async       (RapportTicketSession  *self,
                                                                 RapportVisibility      visibility,
                                                                 const char            *body,
                                                                 GCancellable          *cancellable,
                                                                 GAsyncReadyCallback    callback,
                                                                 gpointer               user_data);
gboolean          rapport_ticket_session_save_draft_finish      (RapportTicketSession  *self,
                                                                 GAsyncResult          *result,
                                                                 GError               **error);
void              rapport_ticket_session_load_draft_async       (RapportTicketSession  *self,
                                                                 GCancellable          *cancellable,
                                                                 GAsyncReadyCallback    callback,
                                                                 gpointer               user_data);
char             *rapport_ticket_session_load_draft_finish      (RapportTicketSession  *self,
                                                                 GAsyncResult          *result,
                                                                 RapportVisibility     *visibility,
                                                                 GError               **error);
void              rapport_ticket_session_delete_draft_async     (RapportTicketSession  *self,
                                                                 GCancellable          *cancellable,
                                                                 GAsyncReadyCallback    callback,
                                                                 gpointer               user_data);
gboolean          rapport_ticket_session_delete_draft_finish    (RapportTicketSession  *self,
                                                                 GAsyncResult          *result,
                                                                 GError               **error);
void              rapport_ticket_session_append_to_draft_async  (RapportTicketSession  *self,
                                                                 RapportVisibility      visibility,
                                                                 const char            *text,
                                                                 GCancellable          *cancellable,
                                                                 GAsyncReadyCallback    callback,
                                                                 gpointer               user_data);
gboolean          rapport_ticket_session_append_to_draft_finish (RapportTicketSession  *self,
                                                                 GAsyncResult          *result,
                                                                 GError               **error);

/* Suggestions. The agent inserted @candidate (a canned response, an article or a past reply)
 * into the draft: the session remembers it (a copy) for as long as that draft lives. When the
 * draft goes with a public reply queued through rapport_ticket_session_enqueue_message_async(),
 * each stored candidate remembered then (a past reply is not one) counts as used on the ticket
 * (rapport_store_record_use()), and an article of the account's backend (one with a remote id)
 * is linked to the ticket on the server by an outbox op of kind "link"
 * (rapport_outbox_enqueue_link()) queued right after the reply, when the account's provider can
 * link articles (rapport_provider_can_link_articles()). Both happen in the background; a
 * failure is logged. Candidates inserted after Send was pressed stay for the next reply.
 * Forgotten without being counted when the draft is deleted or saved empty, or goes with an
 * internal note. A candidate inserted twice counts once. */
void              rapport_ticket_session_use_candidate (RapportTicketSession *self,
                                                        RapportCandidate     *candidate);

/* The collision check, before a reply or note is queued: pulls now (at most
 * RAPPORT_TICKET_SESSION_REFRESH_TIMEOUT_S seconds; skipped offline, then the cache is used) and
 * returns the ticket's messages that the session has not published yet and that are not the
 * agent's own (author = the account's user, or the local message of one of the ticket's ops)
 * nor system events, oldest first (element-type RapportMessage). Empty: nothing new (or the
 * messages were not loaded yet: nothing to compare with). The messages returned count as seen
 * from then on, and a reload publishes them. */
void              rapport_ticket_session_check_collisions_async  (RapportTicketSession  *self,
                                                                  GCancellable          *cancellable,
                                                                  GAsyncReadyCallback    callback,
                                                                  gpointer               user_data);
GPtrArray        *rapport_ticket_session_check_collisions_finish (RapportTicketSession  *self,
                                                                  GAsyncResult          *result,
                                                                  GError               **error);

/* The people a ticket of the account can be assigned to (rapport_store_list_assignees()). */
void              rapport_ticket_session_list_assignees_async  (RapportTicketSession  *self,
                                                                GCancellable          *cancellable,
                                                                GAsyncReadyCallback    callback,
                                                                gpointer               user_data);
GPtrArray        *rapport_ticket_session_list_assignees_finish (RapportTicketSession  *self,
                                                                GAsyncResult          *result,
                                                                GError               **error);

G_END_DECLS
