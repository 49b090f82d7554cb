/* rapport-approvals-view.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "rapport-approval-check.h"
#include "rapport-workspace.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_APPROVALS_VIEW (rapport_approvals_view_get_type ())
G_DECLARE_FINAL_TYPE (RapportApprovalsView, rapport_approvals_view, RAPPORT, APPROVALS_VIEW, GtkWidget)

/* The supervisor's inbox: the account's refunds and credits awaiting approval (list "Approval
 * requests", oldest first; each row "<customer>: $75.00 refund requested by Sam Rivera —
 * reason"), and for the selected one its ticket, order reference and the customer's context
 * (RapportRequestContext: who they are, their refunds and credits, previous ones and their
 * history across channels), then a note ("Note for the agent", kept while the list reloads)
 * and the buttons "Approve" and "Reject". A decision is queued through the durable outbox
 * (rapport_outbox_enqueue_decision_async()); until the helpdesk has it the row says
 * "Approval queued" or "Rejection queued" (also offline). Reads the workspace's store again
 * when it changes. The window shows it only to supervisors (the authority's may_decide).
 *
 * Keyboard: the list has the focus; Enter on a request moves to the note; Alt+A approves,
 * Alt+R rejects (also from the note).
 *
 * Signals: "decided" (gint64 action_id, gint decision (RapportDecision), const char *note):
 *   the supervisor decided; emitted before the decision is queued.
 * Properties: "workspace" (RapportWorkspace, NULL = none), "count" (read-only guint: the
 * requests without a queued decision, for the sidebar). */
GtkWidget        *rapport_approvals_view_new           (void);
RapportWorkspace *rapport_approvals_view_get_workspace (RapportApprovalsView *self);
void              rapport_approvals_view_set_workspace (RapportApprovalsView *self,
                                                        RapportWorkspace     *workspace);
guint             rapport_approvals_view_get_count     (RapportApprovalsView *self);
/* Shows @requests (element-type RapportMoneyAction, as rapport_store_list_pending_approvals()
 * returns them); the workspace does this itself on every change of its store. */
void              rapport_approvals_view_set_requests  (RapportApprovalsView *self,
                                                        GPtrArray            *requests);
/* Selects the request of ledger row @action_id; FALSE when it is not listed. */
gboolean          rapport_approvals_view_select        (RapportApprovalsView *self,
                                                        gint64                action_id);
/* The days of the customer window its money summary counts (the policy's; 30 by default). */
void              rapport_approvals_view_set_window_days (RapportApprovalsView *self,
                                                          guint                 window_days);
/* Decides the selected request with the note typed (what the buttons do). */
void              rapport_approvals_view_decide        (RapportApprovalsView *self,
                                                        RapportDecision       decision);

G_END_DECLS
