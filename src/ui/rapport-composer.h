/* rapport-composer.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "rapport-outbox.h"
#include "rapport-ticket.h"
#include "rapport-workspace.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_COMPOSER (rapport_composer_get_type ())
G_DECLARE_FINAL_TYPE (RapportComposer, rapport_composer, RAPPORT, COMPOSER, GtkWidget)

/* The agent's writing side of a conversation: a public reply or an internal note (two linked
 * toggle buttons; note mode is tinted like internal notes), a multi-line text view (accessible
 * name "Reply" or "Internal note") and a Send button ("Send" / "Add Note"; Ctrl+Return).
 *
 * Send: inside a RapportConversation, the conversation first looks for messages that arrived
 * since the agent opened the ticket (collision check) and may ask; then the text is queued in
 * the durable outbox (rapport_outbox_enqueue_message_async) with the undo-send window of
 * GSettings key "undo-send-seconds", the text view is emptied at once, and a toast ("Reply
 * queued" / "Note queued") offers Undo for the length of the window. Undo takes the op back
 * and puts its text into the composer again ("Already sent" when it was too late).
 *
 * Drafts: saved about 700 ms after the last change, when the ticket changes and when the
 * composer is unmapped or destroyed (empty text deletes the draft); restored, with their
 * visibility, when a ticket is set. Store writes of one composer run one after another, in
 * the order they were asked for.
 *
 * When the workspace cannot write (rapport_workspace_get_can_write()), the composer says so
 * and Send is disabled.
 *
 * Properties: "workspace" (RapportWorkspace), "ticket" (RapportTicket; only its id is used),
 *   "visibility" (RapportVisibility), "sending" (read-only: the check before queueing runs).
 * Signals: "queued" (RapportOutboxOp *op): a reply or note was queued. */
GtkWidget         *rapport_composer_new            (void);
RapportWorkspace  *rapport_composer_get_workspace  (RapportComposer   *self);
void               rapport_composer_set_workspace  (RapportComposer   *self,
                                                    RapportWorkspace  *workspace);
RapportTicket     *rapport_composer_get_ticket     (RapportComposer   *self);
void               rapport_composer_set_ticket     (RapportComposer   *self,
                                                    RapportTicket     *ticket);
RapportVisibility  rapport_composer_get_visibility (RapportComposer   *self);
void               rapport_composer_set_visibility (RapportComposer   *self,
                                                    RapportVisibility  visibility);
gboolean           rapport_composer_get_sending    (RapportComposer   *self);
/* The text being written (transfer full). */
char              *rapport_composer_dup_text       (RapportComposer   *self);

/* Takes back the held op @op_id (a reply or note on @ticket_id of @account_id) and gives its
 * text back to the composer; says "Already sent" when the undo-send window is over. */
void               rapport_composer_undo           (RapportComposer   *self,
                                                    gint64             op_id,
                                                    gint64             account_id,
                                                    gint64             ticket_id,
                                                    RapportVisibility  visibility);
/* Gives @text (of a reply or note taken back from the outbox) back to the agent: into the
 * text view when @ticket_id of @account_id is the composer's ticket (after the text already
 * there), or else into that ticket's draft. */
void               rapport_composer_restore_text   (RapportComposer   *self,
                                                    gint64             account_id,
                                                    gint64             ticket_id,
                                                    RapportVisibility  visibility,
                                                    const char        *text);

G_END_DECLS
