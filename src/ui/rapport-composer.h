/* rapport-composer.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "rapport-candidate.h"
#include "rapport-ticket-session.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_COMPOSER (rapport_composer_get_type ())
G_DECLARE_FINAL_TYPE (RapportComposer, rapport_composer, RAPPORT, COMPOSER, GtkWidget)

/* The agent's writing side of a conversation: a public reply or an internal note (two linked
 * toggle buttons; note mode is tinted like internal notes and says "Internal note — not sent to
 * the customer"), a multi-line text view (accessible name "Reply" or "Internal note") and a
 * Send button ("Send" / "Add Note"; Ctrl+Return, as the hint below the text says for the mode).
 * It writes on the ticket of its RapportTicketSession, through the session only. Each ticket
 * starts in Reply mode; only its own draft, saved as a note, brings note mode back.
 *
 * Send: with "check-collisions" (the conversation sets it), the session first looks for
 * messages that arrived since the agent opened the ticket and the composer may ask (the dialog
 * "New messages since you opened this ticket"); then the text is queued in the durable outbox
 * (rapport_ticket_session_enqueue_message_async) with the undo-send window of GSettings key
 * "undo-send-seconds", and the text view is emptied at once (the text view's own undo cannot
 * bring it back). In place of the hint, the composer then counts the window down ("Sending the
 * reply in 8 s…" / "Adding the note in 8 s…") with the button "Undo"; Ctrl+Z anywhere in the
 * window does the same (action composer.undo-send: the newest send still in its window). The
 * window counts from the first frame that shows it (the op's hold is extended to then, see
 * rapport_outbox_extend_hold()). Undo takes the op back and puts its text into the composer
 * again ("Already sent" when it was too late). Without a window, a toast says "Reply queued" /
 * "Note queued".
 *
 * Drafts: saved about 700 ms after the last change, when the session changes and when the
 * composer is unmapped or destroyed (empty text deletes the draft); restored, with their
 * visibility, when a session is set. The session runs the writes in the order they were asked
 * for, and holds the application until they are done.
 *
 * When the workspace cannot write (rapport_workspace_get_can_write()), the composer says so
 * and Send is disabled.
 *
 * Suggestions (RapportSuggestionsPane) sit above the text: Alt+1 … Alt+5, or Enter on a row,
 * insert one (rapport_composer_insert_candidate()); Ctrl+K opens the knowledge search
 * (RapportKnowledgeSearch) at the cursor, whose choice goes in the same way (an excerpt: the
 * first paragraph, rendered; a link: the title and address). Hints (RapportComposerHints) on a
 * public reply sit below it.
 *
 * Properties: "session" (RapportTicketSession), "visibility" (RapportVisibility), "sending"
 *   (read-only: the check before queueing runs), "check-collisions" (boolean, FALSE).
 * Signals: "queued" (RapportOutboxOp *op): a reply or note was queued. */
GtkWidget            *rapport_composer_new                  (void);
RapportTicketSession *rapport_composer_get_session          (RapportComposer      *self);
void                  rapport_composer_set_session          (RapportComposer      *self,
                                                             RapportTicketSession *session);
/* Saves the text as the session's draft now, rather than after the pause that follows
 * typing (nothing while it is sent, or before the draft was loaded). */
void                  rapport_composer_save_draft           (RapportComposer      *self);
/* The session's workspace and ticket (NULL without a session). */
RapportWorkspace     *rapport_composer_get_workspace        (RapportComposer      *self);
RapportTicket        *rapport_composer_get_ticket           (RapportComposer      *self);
gboolean              rapport_composer_get_check_collisions (RapportComposer      *self);
void                  rapport_composer_set_check_collisions (RapportComposer      *self,
                                                             gboolean              check_collisions);
RapportVisibility     rapport_composer_get_visibility       (RapportComposer      *self);
void                  rapport_composer_set_visibility       (RapportComposer      *self,
                                                             RapportVisibility     visibility);
gboolean              rapport_composer_get_sending          (RapportComposer      *self);
/* The text being written (transfer full). */
char                 *rapport_composer_dup_text             (RapportComposer      *self);

/* Takes back the held op @op_id (a reply or note of @session's ticket) and gives its text back
 * to the agent; says "Already sent" when the undo-send window is over. */
void                  rapport_composer_undo                 (RapportComposer      *self,
                                                             RapportTicketSession *session,
                                                             gint64                op_id,
                                                             RapportVisibility     visibility);
/* Gives @text (of a reply or note taken back from the outbox) back to the agent: into the
 * text view when @session is the composer's (after the text already there), or else at the
 * end of that session's ticket's draft. */
void                  rapport_composer_restore_text         (RapportComposer      *self,
                                                             RapportTicketSession *session,
                                                             RapportVisibility     visibility,
                                                             const char           *text);

/* Puts the keyboard focus in the text to write a reply: an empty composer switches to Reply
 * (a draft keeps its mode, shown by the toggles: a note's text never turns into a reply by a
 * key). */
void                  rapport_composer_start_reply          (RapportComposer      *self);
/* Puts the keyboard focus in the text in Internal note mode (text already there becomes a
 * note: it can only go to fewer people). */
void                  rapport_composer_start_note           (RapportComposer      *self);

/* Inserts @candidate (a suggestion, a canned response) at the cursor, in place of the selection,
 * as one step of undo: its body for the ticket's channel, filled with the values of
 * rapport_suggest_values_for_session(); fields the agent must fill stay as placeholders and the
 * first is selected. Tells the session the candidate was used. */
void                  rapport_composer_insert_candidate     (RapportComposer      *self,
                                                             RapportCandidate     *candidate);

G_END_DECLS
