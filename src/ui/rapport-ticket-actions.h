/* rapport-ticket-actions.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "rapport-ticket-session.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_TICKET_ACTIONS (rapport_ticket_actions_get_type ())
G_DECLARE_FINAL_TYPE (RapportTicketActions, rapport_ticket_actions, RAPPORT, TICKET_ACTIONS,
                      GtkWidget)

/* The ticket's status and assignee, and the controls to change them, for the content header
 * bar: a status menu ("Status"), "Take" (assign to me; shown while the ticket is not mine) and
 * an assignee popover ("Assign": search entry and list of the people the cache knows). Every
 * change is queued through the durable outbox by the session
 * (rapport_ticket_session_enqueue_update_async), which applies it to the ticket row at once and
 * then reloads the row into the session's ticket object, so every view of it updates. Nothing
 * here talks to the network or the store. Failures are shown as a toast of the
 * nearest AdwToastOverlay ancestor.
 *
 * Insensitive (with a tooltip saying why) without a ticket, or when the workspace cannot write.
 *
 * Actions (on this widget; shortcuts work anywhere in its window):
 *   ticket.set-status (s, stateful: the status nick, "open", "pending", "on-hold", "solved")
 *   ticket.take                   Ctrl+Shift+T
 *   ticket.assign (s)             remote id of the new assignee, "" = unassigned
 *   ticket.choose-status          Ctrl+Shift+S   opens the status menu
 *   ticket.choose-assignee        Ctrl+Shift+A   opens the assignee popover
 *
 * Properties: "session" (RapportTicketSession, NULL = no ticket; its ticket is followed through
 * its "status", "assignee-remote-id" and "assignee-name" notifications), "busy" (read-only: a
 * change is being queued). */
GtkWidget            *rapport_ticket_actions_new           (void);
RapportTicketSession *rapport_ticket_actions_get_session   (RapportTicketActions *self);
void                  rapport_ticket_actions_set_session   (RapportTicketActions *self,
                                                            RapportTicketSession *session);
/* The session's workspace and ticket (NULL without a session). */
RapportWorkspace     *rapport_ticket_actions_get_workspace (RapportTicketActions *self);
RapportTicket        *rapport_ticket_actions_get_ticket    (RapportTicketActions *self);
gboolean              rapport_ticket_actions_get_busy      (RapportTicketActions *self);

G_END_DECLS
