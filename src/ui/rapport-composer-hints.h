/* rapport-composer-hints.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "rapport-hints.h"
#include "rapport-ticket-session.h"

G_BEGIN_DECLS

/* Hints are checked this long after the last change of the text. */
#define RAPPORT_COMPOSER_HINTS_DELAY_MS 300

#define RAPPORT_TYPE_COMPOSER_HINTS (rapport_composer_hints_get_type ())
G_DECLARE_FINAL_TYPE (RapportComposerHints, rapport_composer_hints, RAPPORT, COMPOSER_HINTS,
                      GtkWidget)

/* Clarity and empathy hints (rapport_hints_check()) on the reply written in a text view, shown
 * below it: one quiet row per hint, never blocking anything. The draft is checked
 * RAPPORT_COMPOSER_HINTS_DELAY_MS after the agent stops typing (the engine reads at most
 * RAPPORT_HINTS_MAX_CHARS of it), with the ticket's channel, the customer's messages from the
 * session, and the jargon list of the GSettings key "hints-jargon" (empty: the engine's
 * default list). The span of each hint is underlined in the text (a text tag).
 *
 * Each row words its hint, with a "Use “…”" button for a negative phrase that has a rewrite
 * (it replaces the span; a slot in the rewrite is selected to be filled in), and a dismiss
 * button: a dismissed kind stays dismissed for that ticket's draft, until a reply of it is
 * queued (rapport_composer_hints_forget_dismissed()).
 *
 * Properties: "session" (RapportTicketSession), "active" (boolean, TRUE: a public reply is
 * being written; an internal note gets no hints), "n-hints" (read-only uint: the rows shown). */
GtkWidget            *rapport_composer_hints_new              (GtkTextView          *text_view);
void                  rapport_composer_hints_set_session      (RapportComposerHints *self,
                                                               RapportTicketSession *session);
void                  rapport_composer_hints_set_active       (RapportComposerHints *self,
                                                               gboolean              active);
guint                 rapport_composer_hints_get_n_hints      (RapportComposerHints *self);
/* Checks the text now rather than after the delay. */
void                  rapport_composer_hints_check_now        (RapportComposerHints *self);
/* Shows again the kinds dismissed on the draft of ticket @ticket_id. */
void                  rapport_composer_hints_forget_dismissed (RapportComposerHints *self,
                                                               gint64                ticket_id);

/* The sentence a row shows for @hint (plain text, translated). */
char                 *rapport_composer_hints_describe         (const RapportHint    *hint);

G_END_DECLS
