/* rapport-conversation.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "rapport-store.h"
#include "rapport-workspace.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_CONVERSATION (rapport_conversation_get_type ())
G_DECLARE_FINAL_TYPE (RapportConversation, rapport_conversation, RAPPORT, CONVERSATION, GtkWidget)

/* A ticket's conversation: subject, status, channel, assignee, and every message oldest
 * first. Messages load from the store asynchronously; a new ticket cancels the stale load;
 * the conversation reloads quietly when the store changes. Runs of system events collapse
 * into one expandable line.
 *
 * With a workspace, the composer (RapportComposer) sits at the bottom. Replies and notes
 * still in the outbox show their state in their message row (Undo while held; Retry and
 * Discard when they failed); queued ticket updates are listed in an "Outbox" section below the
 * messages. The conversation reloads on the push engine's "op-changed" too. It remembers which
 * messages it has shown for the ticket: before the composer queues a reply or note, messages
 * that arrived since (from others) are shown and the agent is asked (collision check).
 *
 * Properties: "store", "workspace" (RapportWorkspace; sets the store too), "ticket"
 * (RapportTicket; it may be a placeholder that fills in later), "loading" (read-only
 * boolean). */
GtkWidget        *rapport_conversation_new           (void);
RapportStore     *rapport_conversation_get_store     (RapportConversation *self);
void              rapport_conversation_set_store     (RapportConversation *self,
                                                      RapportStore        *store);
RapportWorkspace *rapport_conversation_get_workspace (RapportConversation *self);
void              rapport_conversation_set_workspace (RapportConversation *self,
                                                      RapportWorkspace    *workspace);
RapportTicket *rapport_conversation_get_ticket  (RapportConversation *self);
void           rapport_conversation_set_ticket  (RapportConversation *self,
                                                 RapportTicket       *ticket);
gboolean       rapport_conversation_get_loading (RapportConversation *self);

G_END_DECLS
