/* rapport-decision-notifier.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "rapport-workspace.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_DECISION_NOTIFIER (rapport_decision_notifier_get_type ())
G_DECLARE_FINAL_TYPE (RapportDecisionNotifier, rapport_decision_notifier,
                      RAPPORT, DECISION_NOTIFIER, GObject)

/* Tells the signed-in agent, with a desktop notification (GNotification of @application, id
 * "money-decision-<ledger id>"), when a supervisor decided one of their refund or credit
 * requests: "Refund of $75.00 approved", "Dana Lee: <note>" ("Decided by Dana Lee" without a
 * note); a decision that did not pass verification says that it moved no money. A click opens
 * the request's ticket: default action "app.open-ticket" with the target (account id, the
 * helpdesk's ticket id) "(xs)" (none without a ticket id: the click shows Rapport). It reads the agent's
 * actions of the workspace's store whenever the store changes for the account.
 *
 * Once per decision: the decisions the cache already holds when the notifier starts are what
 * the agent could see before (in an earlier run they were notified as they arrived), so they
 * are only remembered; every decision that appears after that is notified once and
 * remembered. The cache is the memory across runs: nothing else is stored.
 *
 * Signals: "notified" (gint64 action_id, const char *title, const char *body), after sending. */
RapportDecisionNotifier *rapport_decision_notifier_new (GApplication     *application,
                                                        RapportWorkspace *workspace);

G_END_DECLS
