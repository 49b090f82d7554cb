/* rapport-suggestions-pane.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "rapport-suggest.h"
#include "rapport-ticket-session.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_SUGGESTIONS_PANE (rapport_suggestions_pane_get_type ())
G_DECLARE_FINAL_TYPE (RapportSuggestionsPane, rapport_suggestions_pane, RAPPORT, SUGGESTIONS_PANE,
                      GtkWidget)

/* The ranker's suggestions for the ticket of a RapportTicketSession, best first (at most
 * RAPPORT_SUGGEST_MAX), one row each: the title, where it comes from ("Canned response",
 * "Knowledge-base article", "Past reply to “…”"), why it matched ("Matches “refund” · Used on
 * 14 similar tickets") and the key that inserts it ("Alt+1" …). The pane is hidden when the
 * ranker has nothing to suggest.
 *
 * The ranker (rapport_store_suggest_for_ticket_async) is asked when a session is set and its
 * messages are loaded, and again when the customer's messages change or, a second after a
 * burst of changes of the cache, when its content may have (the rows stay when the answer is
 * the same); an answer for an older question is dropped.
 *
 * Keyboard: Enter on a row inserts it; Space on a row (or its Preview button) shows the text
 * as it would be inserted, with an Insert button. The composer binds Alt+1 … Alt+5.
 *
 * Properties: "session" (RapportTicketSession), "n-suggestions" (read-only uint: the rows
 *   shown).
 * Signals: "activated" (RapportCandidate *candidate): the agent chose a suggestion. */
GtkWidget            *rapport_suggestions_pane_new             (void);
RapportTicketSession *rapport_suggestions_pane_get_session     (RapportSuggestionsPane *self);
void                  rapport_suggestions_pane_set_session     (RapportSuggestionsPane *self,
                                                                RapportTicketSession   *session);
guint                 rapport_suggestions_pane_get_n_suggestions (RapportSuggestionsPane *self);
/* The suggestion of row @index (0-based), or NULL (transfer none). */
RapportSuggestion    *rapport_suggestions_pane_get_suggestion  (RapportSuggestionsPane *self,
                                                                guint                   index);
/* Emits "activated" for row @index; FALSE when there is no such row. */
gboolean              rapport_suggestions_pane_activate        (RapportSuggestionsPane *self,
                                                                guint                   index);
/* Shows the preview of row @index; FALSE when there is no such row. */
gboolean              rapport_suggestions_pane_preview         (RapportSuggestionsPane *self,
                                                                guint                   index);

/* The words of a row (plain text, translated). "Canned response", "Knowledge-base article",
 * "Past reply to “Card charged twice”". */
char                 *rapport_suggestion_text_source           (RapportSuggestion      *suggestion);
/* "Matches “refund”, “charged twice” · Used on 14 similar tickets"; "" when the ranker gave no
 * reason. */
char                 *rapport_suggestion_text_reasons          (RapportSuggestion      *suggestion);
/* "Suggestion 1: Refund policy, canned response. Matches “refund” · Used on 14 similar
 * tickets" (@index 0-based). */
char                 *rapport_suggestion_text_accessible       (RapportSuggestion      *suggestion,
                                                                guint                   index);

G_END_DECLS
