/* rapport-approval.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-approval-check.h"
#include "rapport-types.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_APPROVAL (rapport_approval_get_type ())
G_DECLARE_FINAL_TYPE (RapportApproval, rapport_approval, RAPPORT, APPROVAL, GObject)

/* The helpdesk's record of one approval request of a money action, with the facts of its
 * decision as the server's data show them (RT: an approval ticket in ___Approvals and the
 * transaction that resolved or rejected it). Providers build it (pull, decide_approval,
 * fetch_money_evidence); the store verifies it (rapport_approval_check()) against the
 * action before the action counts as approved. Not changed once handed over.
 *
 * Properties (read-only): "remote-id", "etag" (the revision a decision must name),
 *   "action-remote-id" (the money action it is for), "decision" RapportDecision (int; NONE
 *   while pending), "decided-by" (the backend's user id), "decided-by-name",
 *   "decider-is-supervisor" (from the server: RT group membership), "decided-at" int64 (µs),
 *   "note" (the decider's note, NULL when none), "amount-minor" int64 + "currency" and
 *   "customer-key": the request as the decision saw it (the action's values at that moment). */
RapportApproval *rapport_approval_new (const char *remote_id,
                                       const char *action_remote_id);

const char         *rapport_approval_get_remote_id             (RapportApproval *self);
const char         *rapport_approval_get_etag                  (RapportApproval *self);
const char         *rapport_approval_get_action_remote_id      (RapportApproval *self);
RapportDecision     rapport_approval_get_decision              (RapportApproval *self);
const char         *rapport_approval_get_decided_by            (RapportApproval *self);
const char         *rapport_approval_get_decided_by_name       (RapportApproval *self);
gboolean            rapport_approval_get_decider_is_supervisor (RapportApproval *self);
gint64              rapport_approval_get_decided_at            (RapportApproval *self);
const char         *rapport_approval_get_note                  (RapportApproval *self);
const RapportMoney *rapport_approval_get_amount                (RapportApproval *self);
const char         *rapport_approval_get_customer_key          (RapportApproval *self);

void rapport_approval_set_etag     (RapportApproval    *self,
                                    const char         *etag);
/* The decision and who made it (@decision NONE clears it). */
void rapport_approval_set_decision (RapportApproval    *self,
                                    RapportDecision     decision,
                                    const char         *decided_by,
                                    const char         *decided_by_name,
                                    gboolean            decider_is_supervisor,
                                    gint64              decided_at_us,
                                    const char         *note);
/* The request as the approval (or its decision) saw it; @customer_key stored normalized. */
void rapport_approval_set_request  (RapportApproval    *self,
                                    const RapportMoney *amount,
                                    const char         *customer_key);

/* The decision side of rapport_approval_check() (strings borrowed from @self). */
void                 rapport_approval_get_decision_facts (RapportApproval              *self,
                                                          RapportApprovalDecisionFacts *out);
/* rapport_approval_check() of @self against @action's request facts. */
RapportApprovalCheck rapport_approval_verify             (RapportApproval    *self,
                                                          RapportMoneyAction *action);

G_END_DECLS
