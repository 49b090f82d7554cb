/* rapport-money-action.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-approval-check.h"
#include "rapport-policy.h"
#include "rapport-types.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_MONEY_ACTION (rapport_money_action_get_type ())
G_DECLARE_FINAL_TYPE (RapportMoneyAction, rapport_money_action, RAPPORT, MONEY_ACTION, GObject)

/* One refund or credit: a row of the `actions` ledger, or the helpdesk's record of it as a
 * provider returns it. Providers and the store build it with the setters; once handed to a
 * list, a session or a widget it is not changed any more (the properties are read-only and
 * not notified: a reload brings a new object).
 *
 * Properties (all read-only):
 *   "id" int64: actions.id (0: not from the store);
 *   "account-id" int64;
 *   "remote-id": the helpdesk's record (RT: the money ticket's id); NULL while pending sync;
 *   "ticket-id" int64: the customer's ticket (tickets.id, 0 when not cached);
 *   "ticket-remote-id": the customer's ticket on the helpdesk;
 *   "customer-id" int64: customers.id (0 when not known locally);
 *   "customer-key": how the record names the customer (normalized: trimmed, lower case);
 *   "kind" RapportMoneyKind (int); "amount-minor" int64 + "currency" (ISO 4217);
 *   "reason"; "order-reference" (NULL: none);
 *   "requester-remote-id", "requester-name" (who asked; name NULL when unknown);
 *   "created-at" int64: µs since the Unix epoch (the server's; the enqueue time while pending);
 *   "state" RapportActionState (int): what Rapport holds as true — an approved state only
 *     after the decision was verified (rapport_approval_check()); "server-state" (int):
 *     what the helpdesk itself says;
 *   "pending-sync": queued in the outbox, not on the helpdesk yet ("outbox-id" int64 its op);
 *     the verdict is then the client's, provisional;
 *   "verdict" RapportVerdict (int), "verdict-reason" RapportVerdictReason (int): the
 *     server's verdict (the client's while pending sync);
 *   "approval-remote-id", "approval-etag": the approval request, when one exists;
 *   "decision" RapportDecision (int), "decided-by" (remote id), "decided-by-name",
 *     "decided-at" int64 (µs), "decision-note": the last decision recorded on it;
 *   "decision-valid": it passed rapport_approval_check() (FALSE when there is none);
 *   "decision-check" RapportApprovalCheck (int): why it did not (UNDECIDED when none);
 *   "decision-pending": the signed-in user's decision is queued in the outbox;
 *   "customer-name", "ticket-subject": context filled by the store's reads for lists (the
 *     Approvals view); NULL elsewhere. */
RapportMoneyAction *rapport_money_action_new (void);

gint64               rapport_money_action_get_id                  (RapportMoneyAction *self);
gint64               rapport_money_action_get_account_id          (RapportMoneyAction *self);
const char          *rapport_money_action_get_remote_id           (RapportMoneyAction *self);
gint64               rapport_money_action_get_ticket_id           (RapportMoneyAction *self);
const char          *rapport_money_action_get_ticket_remote_id    (RapportMoneyAction *self);
gint64               rapport_money_action_get_customer_id         (RapportMoneyAction *self);
const char          *rapport_money_action_get_customer_key        (RapportMoneyAction *self);
RapportMoneyKind     rapport_money_action_get_kind                (RapportMoneyAction *self);
/* The amount (never NULL; borrowed). */
const RapportMoney  *rapport_money_action_get_amount              (RapportMoneyAction *self);
const char          *rapport_money_action_get_reason              (RapportMoneyAction *self);
const char          *rapport_money_action_get_order_reference     (RapportMoneyAction *self);
const char          *rapport_money_action_get_requester_remote_id (RapportMoneyAction *self);
const char          *rapport_money_action_get_requester_name      (RapportMoneyAction *self);
gint64               rapport_money_action_get_created_at          (RapportMoneyAction *self);
RapportActionState   rapport_money_action_get_state               (RapportMoneyAction *self);
RapportActionState   rapport_money_action_get_server_state        (RapportMoneyAction *self);
gboolean             rapport_money_action_get_pending_sync        (RapportMoneyAction *self);
gint64               rapport_money_action_get_outbox_id           (RapportMoneyAction *self);
RapportVerdict       rapport_money_action_get_verdict             (RapportMoneyAction *self);
RapportVerdictReason rapport_money_action_get_verdict_reason      (RapportMoneyAction *self);
const char          *rapport_money_action_get_approval_remote_id  (RapportMoneyAction *self);
const char          *rapport_money_action_get_approval_etag       (RapportMoneyAction *self);
RapportDecision      rapport_money_action_get_decision            (RapportMoneyAction *self);
const char          *rapport_money_action_get_decided_by          (RapportMoneyAction *self);
const char          *rapport_money_action_get_decided_by_name     (RapportMoneyAction *self);
gint64               rapport_money_action_get_decided_at          (RapportMoneyAction *self);
const char          *rapport_money_action_get_decision_note       (RapportMoneyAction *self);
gboolean             rapport_money_action_get_decision_valid      (RapportMoneyAction *self);
RapportApprovalCheck rapport_money_action_get_decision_check      (RapportMoneyAction *self);
gboolean             rapport_money_action_get_decision_pending    (RapportMoneyAction *self);
const char          *rapport_money_action_get_customer_name       (RapportMoneyAction *self);
const char          *rapport_money_action_get_ticket_subject      (RapportMoneyAction *self);

/* Whether the action moves (or has moved) money: state executed or approved. */
gboolean             rapport_money_action_moves_money             (RapportMoneyAction *self);
/* Waiting for a supervisor: state pending_approval with an approval request. */
gboolean             rapport_money_action_awaits_decision         (RapportMoneyAction *self);
/* The action as one past entry of the policy's histories (kind, amount, state, created-at). */
void                 rapport_money_action_to_policy_entry         (RapportMoneyAction *self,
                                                                   RapportPolicyEntry *out);
/* The request side of rapport_approval_check() (strings borrowed from @self). */
void                 rapport_money_action_get_request_facts       (RapportMoneyAction *self,
                                                                   RapportApprovalRequestFacts *out);

/* Setters, for providers and the store while building (no notification). */
void rapport_money_action_set_id                  (RapportMoneyAction *self, gint64 id);
void rapport_money_action_set_account_id          (RapportMoneyAction *self, gint64 account_id);
void rapport_money_action_set_remote_id           (RapportMoneyAction *self, const char *remote_id);
void rapport_money_action_set_ticket_id           (RapportMoneyAction *self, gint64 ticket_id);
void rapport_money_action_set_ticket_remote_id    (RapportMoneyAction *self, const char *remote_id);
void rapport_money_action_set_customer_id         (RapportMoneyAction *self, gint64 customer_id);
/* Stored normalized (rapport_customer_key_normalize()). */
void rapport_money_action_set_customer_key        (RapportMoneyAction *self, const char *key);
void rapport_money_action_set_kind                (RapportMoneyAction *self, RapportMoneyKind kind);
void rapport_money_action_set_amount              (RapportMoneyAction *self, const RapportMoney *amount);
void rapport_money_action_set_reason              (RapportMoneyAction *self, const char *reason);
void rapport_money_action_set_order_reference     (RapportMoneyAction *self, const char *reference);
void rapport_money_action_set_requester           (RapportMoneyAction *self,
                                                   const char         *remote_id,
                                                   const char         *name);
void rapport_money_action_set_created_at          (RapportMoneyAction *self, gint64 created_at_us);
/* Sets the server's state and, until a decision is applied, the state too. */
void rapport_money_action_set_server_state        (RapportMoneyAction *self, RapportActionState state);
void rapport_money_action_set_state               (RapportMoneyAction *self, RapportActionState state);
void rapport_money_action_set_pending_sync        (RapportMoneyAction *self,
                                                   gboolean            pending,
                                                   gint64              outbox_id);
void rapport_money_action_set_verdict             (RapportMoneyAction  *self,
                                                   RapportVerdict       verdict,
                                                   RapportVerdictReason reason);
void rapport_money_action_set_approval            (RapportMoneyAction *self,
                                                   const char         *approval_remote_id,
                                                   const char         *etag);
void rapport_money_action_set_decision            (RapportMoneyAction   *self,
                                                   RapportDecision       decision,
                                                   const char           *decided_by,
                                                   const char           *decided_by_name,
                                                   gint64                decided_at_us,
                                                   const char           *note);
void rapport_money_action_set_decision_check      (RapportMoneyAction   *self,
                                                   RapportApprovalCheck  check);
void rapport_money_action_set_decision_pending    (RapportMoneyAction *self, gboolean pending);
void rapport_money_action_set_context             (RapportMoneyAction *self,
                                                   const char         *customer_name,
                                                   const char         *ticket_subject);

G_END_DECLS
