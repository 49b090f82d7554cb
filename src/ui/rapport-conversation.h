/* rapport-conversation.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "rapport-ticket-session.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_CONVERSATION (rapport_conversation_get_type ())
G_DECLARE_FINAL_TYPE (RapportConversation, rapport_conversation, RAPPORT, CONVERSATION, GtkWidget)

/* A ticket's conversation: subject, status, channel, assignee above a list of its messages,
 * oldest first, as its RapportTicketSession loaded them (the session reloads when the store
 * changes). The list is a GtkListView over a RapportConversationModel, its rows recycled: it
 * opens at the newest message and asks the session for the older page
 * (rapport_ticket_session_load_older_messages()) when the view nears the top, keeping the
 * message in view in place. Runs of system events collapse into one expandable line. A long
 * body shows its start and "Show Whole Message", which opens a RapportMessageWindow.
 *
 * The composer (RapportComposer) sits at the bottom and writes through the same session, with
 * the collision check. Replies and notes still in the outbox show their state in their message
 * row (Undo while held; Retry and Discard when they failed); queued ticket updates are listed
 * in an "Outbox" section below the list, always in sight.
 *
 * Properties: "session" (RapportTicketSession, NULL = no ticket), "loading" (read-only boolean:
 * the session loads). */
GtkWidget            *rapport_conversation_new           (void);
RapportTicketSession *rapport_conversation_get_session   (RapportConversation  *self);
void                  rapport_conversation_set_session   (RapportConversation  *self,
                                                          RapportTicketSession *session);
/* The session's store, workspace and ticket (NULL without a session). */
RapportStore         *rapport_conversation_get_store     (RapportConversation  *self);
RapportWorkspace     *rapport_conversation_get_workspace (RapportConversation  *self);
RapportTicket        *rapport_conversation_get_ticket    (RapportConversation  *self);
gboolean              rapport_conversation_get_loading   (RapportConversation  *self);
/* Focuses the composer to write a reply (rapport_composer_start_reply()); FALSE without a
 * ticket. */
gboolean              rapport_conversation_start_reply   (RapportConversation  *self);
/* The same in Internal note mode (rapport_composer_start_note()). */
gboolean              rapport_conversation_start_note    (RapportConversation  *self);
/* Saves the composer's text as the ticket's draft now (rapport_composer_save_draft()). */
void                  rapport_conversation_save_draft    (RapportConversation  *self);

G_END_DECLS
