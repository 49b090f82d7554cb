/* rapport-outbox.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "rapport-message.h"
#include "rapport-money-action.h"
#include "rapport-provider.h"
#include "rapport-store.h"
#include "rapport-ticket.h"
#include "rapport-types.h"

G_BEGIN_DECLS

#define RAPPORT_OUTBOX_ERROR (rapport_outbox_error_quark ())
GQuark rapport_outbox_error_quark (void);

typedef enum
{
  RAPPORT_OUTBOX_ERROR_EMPTY_BODY,    /* the reply or note has no text (only white space) */
  RAPPORT_OUTBOX_ERROR_NO_CHANGES,    /* an update that changes no field */
  RAPPORT_OUTBOX_ERROR_NOT_FOUND,     /* no such op, ticket or draft */
  RAPPORT_OUTBOX_ERROR_ALREADY_SENT,  /* undo after the undo-send window: it is being sent */
  RAPPORT_OUTBOX_ERROR_WRONG_STATE,   /* retry / discard of an op that has not failed */
  RAPPORT_OUTBOX_ERROR_EMPTY_REASON,  /* a money action without a reason (only white space) */
  RAPPORT_OUTBOX_ERROR_INVALID_AMOUNT, /* a money action of zero, a negative amount or an
                                       * unknown currency */
  RAPPORT_OUTBOX_ERROR_NOT_PENDING,   /* a decision on an action that awaits none (not synced,
                                       * no approval, decided already, or decision queued) */
  RAPPORT_OUTBOX_ERROR_UNRESOLVED_PLACEHOLDER, /* a reply that holds what looks like an
                                                * unfilled placeholder ("{{order_number}}":
                                                * rapport_template_find_unresolved()) */
} RapportOutboxError;

typedef enum
{
  RAPPORT_OUTBOX_KIND_REPLY,  /*< nick=reply >*/
  RAPPORT_OUTBOX_KIND_NOTE,   /*< nick=note >*/
  RAPPORT_OUTBOX_KIND_UPDATE, /*< nick=update >*/
  RAPPORT_OUTBOX_KIND_MONEY,    /*< nick=money >*/    /* create a refund or credit */
  RAPPORT_OUTBOX_KIND_DECISION, /*< nick=decision >*/ /* approve or reject an approval */
  RAPPORT_OUTBOX_KIND_LINK,     /*< nick=link >*/     /* an article used on the ticket */
} RapportOutboxKind;

/* held → ready → in_flight → done | failed | unknown (→ ready or done after verification);
 * cancelled: a failed op the agent discarded. */
typedef enum
{
  RAPPORT_OUTBOX_STATE_HELD,      /*< nick=held >*/
  RAPPORT_OUTBOX_STATE_READY,     /*< nick=ready >*/
  RAPPORT_OUTBOX_STATE_IN_FLIGHT, /*< nick=in_flight >*/
  RAPPORT_OUTBOX_STATE_DONE,      /*< nick=done >*/
  RAPPORT_OUTBOX_STATE_FAILED,    /*< nick=failed >*/
  RAPPORT_OUTBOX_STATE_UNKNOWN,   /*< nick=unknown >*/
  RAPPORT_OUTBOX_STATE_CANCELLED, /*< nick=cancelled >*/
} RapportOutboxState;

/* The undo-send window the UI uses unless the agent set another (milliseconds). */
#define RAPPORT_OUTBOX_DEFAULT_HOLD_MS 10000u

/* How far before the first attempt a server-side message may be dated and still count as the
 * effect of an op whose outcome was unknown (clocks of client and server differ). */
#define RAPPORT_OUTBOX_CLOCK_SKEW_S 120

/* One queued change, as stored. Times are unix milliseconds. */
typedef struct
{
  gint64                id;
  gint64                account_id;
  gint64                ticket_id;
  char                 *ticket_remote_id;
  RapportOutboxKind     kind;
  RapportOutboxState    state;
  char                 *body;              /* reply / note */
  RapportTicketChanges *changes;           /* update */
  char                 *body_hash;
  gint64                hold_until;
  gint64                not_before;
  guint                 attempts;
  gint64                first_attempt_at;
  char                 *last_error;        /* developer message, NULL when none */
  int                   error_code;        /* RapportProviderError, -1 when none */
  gint64                local_message_id;  /* 0 when none */
  char                 *remote_message_id;
  gint64                created_at;
  gint64                updated_at;
  /* money and decision: the ledger row (actions.id) the op creates or decides */
  gint64                action_id;
  /* money */
  RapportMoneyKind      money_kind;
  RapportMoney          amount;
  char                 *reason;            /* body_hash holds its hash (rapport_outbox_body_hash) */
  char                 *order_reference;   /* NULL: none */
  char                 *customer_key;      /* normalized */
  RapportVerdict        verdict;           /* the client's provisional verdict and reason */
  RapportVerdictReason  verdict_reason;
  /* decision */
  RapportDecision       decision;
  char                 *approval_remote_id;
  char                 *approval_etag;     /* the revision the decision names */
  char                 *note;              /* NULL: none */
  /* remote_message_id holds the remote id of what the server recorded: the money action
   * (money) or the approval (decision). */
  /* link */
  char                 *article_remote_id; /* the article the reply used */
  gint64                after_op_id;       /* the reply it was queued with (0: none) */
} RapportOutboxOp;

#define RAPPORT_TYPE_OUTBOX_OP (rapport_outbox_op_get_type ())
GType            rapport_outbox_op_get_type (void) G_GNUC_CONST;
RapportOutboxOp *rapport_outbox_op_copy     (const RapportOutboxOp *op);
void             rapport_outbox_op_free     (RapportOutboxOp       *op);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportOutboxOp, rapport_outbox_op_free)

gboolean         rapport_outbox_state_is_terminal (RapportOutboxState state);
const char      *rapport_outbox_state_to_string   (RapportOutboxState state);

/* Lower-case hex SHA-256 of @body normalized: CRLF and CR become LF, Unicode NFC, white space
 * at the end of each line and blank lines at the start and the end removed. Two bodies that a
 * backend may have re-wrapped that way hash the same. */
char            *rapport_outbox_body_hash         (const char *body);

/* The store side of the outbox. Each call is one transaction; the _async functions run the
 * blocking one of the same name in a worker thread, so nothing blocks the main loop. Nothing
 * here touches the network: RapportPushEngine sends the ops. Every write emits the store's
 * "changed" signal for the account after commit.
 *
 * enqueue_message: a public reply (@visibility PUBLIC) or internal note on ticket @ticket_id
 * (tickets.id) of @account_id. In one transaction: the op (state "held" with hold_until =
 * now + @hold_ms, or "ready" when @hold_ms is 0), the local message row shown at once
 * (offline_state "locally-created", author = the account's user), and the removal of the
 * ticket's draft. Blank @body: RAPPORT_OUTBOX_ERROR_EMPTY_BODY. A reply whose @body holds an
 * unresolved placeholder (rapport_template_find_unresolved(); the message says where):
 * RAPPORT_OUTBOX_ERROR_UNRESOLVED_PLACEHOLDER, and nothing is written. Returns the new op. */
RapportOutboxOp *rapport_outbox_enqueue_message        (RapportStore        *store,
                                                        gint64               account_id,
                                                        gint64               ticket_id,
                                                        RapportVisibility    visibility,
                                                        const char          *body,
                                                        guint                hold_ms,
                                                        GCancellable        *cancellable,
                                                        GError             **error);
void             rapport_outbox_enqueue_message_async  (RapportStore        *store,
                                                        gint64               account_id,
                                                        gint64               ticket_id,
                                                        RapportVisibility    visibility,
                                                        const char          *body,
                                                        guint                hold_ms,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
RapportOutboxOp *rapport_outbox_enqueue_message_finish (RapportStore        *store,
                                                        GAsyncResult        *result,
                                                        GError             **error);

/* Queues the link of article @article_remote_id to ticket @ticket_id of @account_id on the
 * server (kind "link", state "ready", provider link_article()), after public reply
 * @after_op_id that used it (0: none). No local effect. Idempotent: an attempt whose outcome
 * is unknown is sent again. Taking back or discarding that reply drops the link while it
 * waits. No such ticket: NOT_FOUND. */
RapportOutboxOp *rapport_outbox_enqueue_link           (RapportStore        *store,
                                                        gint64               account_id,
                                                        gint64               ticket_id,
                                                        const char          *article_remote_id,
                                                        gint64               after_op_id,
                                                        GCancellable        *cancellable,
                                                        GError             **error);

/* Takes back a held reply or note: deletes the op and its local message and returns the text
 * (for the composer). Once the window is over: RAPPORT_OUTBOX_ERROR_ALREADY_SENT. */
char            *rapport_outbox_undo                   (RapportStore        *store,
                                                        gint64               op_id,
                                                        GCancellable        *cancellable,
                                                        GError             **error);
void             rapport_outbox_undo_async             (RapportStore        *store,
                                                        gint64               op_id,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
char            *rapport_outbox_undo_finish            (RapportStore        *store,
                                                        GAsyncResult        *result,
                                                        GError             **error);

/* Keeps a held reply or note held until @until_ms (unix ms) at least: the undo-send window
 * counts from when the agent could see it, not from when the op was queued. Never shortens
 * the window. Returns the op as stored. An op no longer held (the engine released it, or it
 * was sent): RAPPORT_OUTBOX_ERROR_ALREADY_SENT, and nothing changes; none: NOT_FOUND. */
RapportOutboxOp *rapport_outbox_extend_hold            (RapportStore        *store,
                                                        gint64               op_id,
                                                        gint64               until_ms,
                                                        GCancellable        *cancellable,
                                                        GError             **error);
void             rapport_outbox_extend_hold_async      (RapportStore        *store,
                                                        gint64               op_id,
                                                        gint64               until_ms,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
RapportOutboxOp *rapport_outbox_extend_hold_finish     (RapportStore        *store,
                                                        GAsyncResult        *result,
                                                        GError             **error);

/* Applies @changes to the ticket row at once (offline_state "locally-modified") and queues
 * them, state "ready", in one transaction. */
RapportOutboxOp *rapport_outbox_enqueue_update         (RapportStore               *store,
                                                        gint64                      account_id,
                                                        gint64                      ticket_id,
                                                        const RapportTicketChanges *changes,
                                                        GCancellable               *cancellable,
                                                        GError                    **error);
void             rapport_outbox_enqueue_update_async   (RapportStore               *store,
                                                        gint64                      account_id,
                                                        gint64                      ticket_id,
                                                        const RapportTicketChanges *changes,
                                                        GCancellable               *cancellable,
                                                        GAsyncReadyCallback         callback,
                                                        gpointer                    user_data);
RapportOutboxOp *rapport_outbox_enqueue_update_finish  (RapportStore               *store,
                                                        GAsyncResult               *result,
                                                        GError                    **error);

/* Queues a refund or credit for the customer of ticket @ticket_id of @account_id. In one
 * transaction: the op (state "ready") and its ledger row, shown at once (pending-sync, state
 * from @provisional's verdict: ALLOWED → executed, NEEDS_APPROVAL → pending_approval, DENIED →
 * rejected; requester = the account's user; customer-key = the normalized address of the
 * ticket customer's first e-mail identity, else its requester's remote id). @provisional is
 * the client's evaluation (rapport_policy_evaluate()); NULL: treated as NEEDS_APPROVAL.
 * Blank @reason: EMPTY_REASON; @amount not positive or of an unknown currency:
 * INVALID_AMOUNT; no such ticket: NOT_FOUND. The push sends it once: when the outcome is
 * unknown it is looked for on the server (same requester, kind, amount, currency, customer
 * ticket and reason hash, created no earlier than the first attempt minus
 * RAPPORT_OUTBOX_CLOCK_SKEW_S) before it is sent again. Done: the row becomes the server's
 * record. */
RapportOutboxOp *rapport_outbox_enqueue_money          (RapportStore                  *store,
                                                        gint64                         account_id,
                                                        gint64                         ticket_id,
                                                        RapportMoneyKind               kind,
                                                        const RapportMoney            *amount,
                                                        const char                    *reason,
                                                        const char                    *order_reference,
                                                        const RapportPolicyEvaluation *provisional,
                                                        GCancellable                  *cancellable,
                                                        GError                       **error);
void             rapport_outbox_enqueue_money_async    (RapportStore                  *store,
                                                        gint64                         account_id,
                                                        gint64                         ticket_id,
                                                        RapportMoneyKind               kind,
                                                        const RapportMoney            *amount,
                                                        const char                    *reason,
                                                        const char                    *order_reference,
                                                        const RapportPolicyEvaluation *provisional,
                                                        GCancellable                  *cancellable,
                                                        GAsyncReadyCallback            callback,
                                                        gpointer                       user_data);
RapportOutboxOp *rapport_outbox_enqueue_money_finish   (RapportStore                  *store,
                                                        GAsyncResult                  *result,
                                                        GError                       **error);

/* Queues a decision (@decision APPROVE or REJECT, @note may be NULL) on the approval of ledger
 * row @action_id, with the approval's etag as the store holds it. In one transaction: the op
 * (state "ready") and the row's decision-pending mark; the action's state does not change
 * (no money moves before the decision is verified on the server's data). An action that
 * awaits no decision (rapport_money_action_awaits_decision() FALSE, or a decision queued):
 * NOT_PENDING. Done: the approval as the server read it back is verified
 * (rapport_approval_check()) and the row takes the decision, valid or not. A changed
 * approval (CONFLICT) fails the op; the row keeps the server's values. */
RapportOutboxOp *rapport_outbox_enqueue_decision        (RapportStore        *store,
                                                         gint64               account_id,
                                                         gint64               action_id,
                                                         RapportDecision      decision,
                                                         const char          *note,
                                                         GCancellable        *cancellable,
                                                         GError             **error);
void             rapport_outbox_enqueue_decision_async  (RapportStore        *store,
                                                         gint64               account_id,
                                                         gint64               action_id,
                                                         RapportDecision      decision,
                                                         const char          *note,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
RapportOutboxOp *rapport_outbox_enqueue_decision_finish (RapportStore        *store,
                                                         GAsyncResult        *result,
                                                         GError             **error);

/* Every op of a ticket that is not done or cancelled, oldest first (element-type
 * RapportOutboxOp): what the conversation shows as sending, held or failed. */
GPtrArray       *rapport_outbox_list_ops               (RapportStore        *store,
                                                        gint64               ticket_id,
                                                        GCancellable        *cancellable,
                                                        GError             **error);
void             rapport_outbox_list_ops_async         (RapportStore        *store,
                                                        gint64               ticket_id,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
GPtrArray       *rapport_outbox_list_ops_finish        (RapportStore        *store,
                                                        GAsyncResult        *result,
                                                        GError             **error);

/* One op by id; RAPPORT_OUTBOX_ERROR_NOT_FOUND when absent. */
RapportOutboxOp *rapport_outbox_get_op                 (RapportStore        *store,
                                                        gint64               op_id,
                                                        GCancellable        *cancellable,
                                                        GError             **error);

/* A failed op goes back to "ready" (attempts and backoff reset; the engine sends it again
 * after the ops queued before it). */
gboolean         rapport_outbox_retry                  (RapportStore        *store,
                                                        gint64               op_id,
                                                        GCancellable        *cancellable,
                                                        GError             **error);
void             rapport_outbox_retry_async            (RapportStore        *store,
                                                        gint64               op_id,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
gboolean         rapport_outbox_retry_finish           (RapportStore        *store,
                                                        GAsyncResult        *result,
                                                        GError             **error);

/* A failed op becomes "cancelled" and its local message row goes; the text is returned (NULL
 * for an update) so the UI can offer it back. Local ticket changes of a discarded update stay
 * until the next pull brings the server's values. */
char            *rapport_outbox_discard                (RapportStore        *store,
                                                        gint64               op_id,
                                                        GCancellable        *cancellable,
                                                        GError             **error);
void             rapport_outbox_discard_async          (RapportStore        *store,
                                                        gint64               op_id,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
char            *rapport_outbox_discard_finish         (RapportStore        *store,
                                                        GAsyncResult        *result,
                                                        GError             **error);

/* For the push engine (blocking; it runs them on its own worker tasks). */

/* Non-terminal ops of an account in FIFO order per ticket: (ticket_id, id). */
GPtrArray       *rapport_outbox_list_pending           (RapportStore        *store,
                                                        gint64               account_id,
                                                        GError             **error);
/* held → ready for every op whose window is over at @now_ms; returns how many. */
gint             rapport_outbox_release_held           (RapportStore        *store,
                                                        gint64               account_id,
                                                        gint64               now_ms,
                                                        GError             **error);
/* Crash recovery: every in_flight op becomes unknown, to be looked for on the server no
 * sooner than @settle_ms after its attempt began (the server may still be carrying out a
 * request the previous run sent just before it died); returns how many. */
gint             rapport_outbox_recover_in_flight      (RapportStore        *store,
                                                        gint64               account_id,
                                                        guint                settle_ms,
                                                        GError             **error);
/* ready → in_flight, attempts + 1, first_attempt_at set once. FALSE without error when the
 * op is no longer ready (undone, discarded). */
gboolean         rapport_outbox_begin_attempt          (RapportStore        *store,
                                                        gint64               op_id,
                                                        gint64               now_ms,
                                                        GError             **error);
/* in_flight → @state (ready, unknown or failed) with the error and the backoff kept. */
gboolean         rapport_outbox_record_failure         (RapportStore        *store,
                                                        gint64               op_id,
                                                        RapportOutboxState   state,
                                                        const GError        *failure,
                                                        gint64               not_before_ms,
                                                        GError             **error);
/* in_flight/unknown → done: the op's kind completes its local effect with @answer (what the
 * provider returned for the push: a RapportMessage for a reply or note, a RapportTicket for an
 * update), in one transaction. */
gboolean         rapport_outbox_complete               (RapportStore        *store,
                                                        gint64               op_id,
                                                        GObject             *answer,
                                                        GError             **error);
/* complete() of a reply or note: the local message row takes the server's remote id, created
 * time and author (or goes, when a pull already brought the server's copy), ticket stats are
 * refreshed. */
gboolean         rapport_outbox_complete_message       (RapportStore        *store,
                                                        gint64               op_id,
                                                        RapportMessage      *sent,
                                                        GError             **error);
/* complete() of an update: the fields the op changed take the values the server holds (the
 * others are left to the next pull). */
gboolean         rapport_outbox_complete_update        (RapportStore        *store,
                                                        gint64               op_id,
                                                        RapportTicket       *server_ticket,
                                                        GError             **error);
/* unknown op: its kind looks in @history (the server data its effect would show in: the
 * ticket's messages for a reply or note) for its effect — for a reply or note, a message by
 * @user_remote_id with the same body hash, created at or after first_attempt_at minus
 * RAPPORT_OUTBOX_CLOCK_SKEW_S, not claimed by another op. Found: completes the op like
 * complete() and sets *@found. Not found (always, for an update: it is sent again): the op
 * goes back to ready. */
gboolean         rapport_outbox_resolve_unknown        (RapportStore        *store,
                                                        gint64               op_id,
                                                        const char          *user_remote_id,
                                                        GPtrArray           *history,
                                                        gboolean            *found,
                                                        GError             **error);
/* Try now: not_before = 0 for the account's ready ops; an unknown op waits no longer than
 * @settle_ms after its send failed (the server may still be carrying it out). */
gboolean         rapport_outbox_reset_backoff          (RapportStore        *store,
                                                        gint64               account_id,
                                                        guint                settle_ms,
                                                        GError             **error);

G_END_DECLS
