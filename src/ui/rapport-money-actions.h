/* rapport-money-actions.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "rapport-ticket-session.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_MONEY_ACTIONS (rapport_money_actions_get_type ())
G_DECLARE_FINAL_TYPE (RapportMoneyActions, rapport_money_actions, RAPPORT, MONEY_ACTIONS, GtkWidget)

/* The ticket menu of the ticket actions: "Refund…" and "Credit…", which open a
 * RapportMoneyDialog for the session's ticket (the policy and role of the workspace's
 * authority, the customer's and the agent's recent actions as the session loaded them, offline
 * while the workspace is) and queue what the agent confirms through the session
 * (rapport_ticket_session_request_money_async()); the outcome is a toast. Shown only when the
 * account's provider records money actions (RAPPORT_PROVIDER_CAPABILITY_APPROVALS) and can
 * write; the UI never asks which backend it is.
 *
 * Beside the menu, when requests of this ticket have been decided (whatever the account may
 * write): a button saying "Approved", "Rejected" or "Not Valid" for the newest decision (its
 * accessible name: "Refund of $80.00 approved"), whose popover and tooltip (its accessible
 * description) give every decision with who decided and their note ("Vic Supervisor:
 * <note>"), or say that a decision did not pass verification.
 *
 * Actions (shortcuts work anywhere in its window):
 *   money.refund   Ctrl+Shift+R
 *   money.credit   Ctrl+Shift+C
 *
 * Properties: "session" (RapportTicketSession, NULL = no ticket), "available" (read-only: money
 * actions are possible on this ticket). */
GtkWidget            *rapport_money_actions_new           (void);
RapportTicketSession *rapport_money_actions_get_session   (RapportMoneyActions  *self);
void                  rapport_money_actions_set_session   (RapportMoneyActions  *self,
                                                           RapportTicketSession *session);
gboolean              rapport_money_actions_get_available (RapportMoneyActions  *self);
/* The dialog open now (NULL when none), for tests. */
GtkWindow            *rapport_money_actions_get_dialog    (RapportMoneyActions  *self);

G_END_DECLS
