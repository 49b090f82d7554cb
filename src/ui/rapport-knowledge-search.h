/* rapport-knowledge-search.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "rapport-candidate.h"
#include "rapport-store.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_KNOWLEDGE_SEARCH (rapport_knowledge_search_get_type ())
G_DECLARE_FINAL_TYPE (RapportKnowledgeSearch, rapport_knowledge_search, RAPPORT,
                      KNOWLEDGE_SEARCH, GtkPopover)

/* The knowledge-base search of the composer (Ctrl+K): a popover with a search entry
 * ("Search articles and canned responses") over the store's knowledge search
 * (rapport_store_search_knowledge_async(); debounced, an older query's answer is dropped),
 * the results ("Articles and canned responses": title, kind in words, the first lines of the
 * body as plain text), "No articles match" when there are none, and two buttons.
 *
 * Keyboard: the focus stays in the entry; Up and Down move the selected result, Enter
 * inserts an excerpt of it, Alt+Enter a link to it, Escape closes. Activating a result (a
 * click, or Enter in the list) inserts its excerpt. A popover is a surface of its own: while
 * it is open, the draft under it keeps its text, cursor and selection, and the focus goes
 * back to the widget that had it when the popover closes.
 *
 * Signals:
 *   "chosen" (RapportCandidate *candidate, gboolean as_link): the agent chose @candidate,
 *     to insert as an excerpt or as a link. The popover closes right after.
 *
 * Properties: "store" (construct-only). */
RapportKnowledgeSearch *rapport_knowledge_search_new      (RapportStore           *store);
RapportStore           *rapport_knowledge_search_get_store (RapportKnowledgeSearch *self);

/* Opens the popover at @relative_to (pointing at @pointing_to, in @relative_to's coordinates,
 * e.g. the text cursor; NULL: the whole widget), with the entry focused and its text selected
 * so that typing replaces the last query, and searches again (the content may have changed).
 * The popover stays attached to @relative_to until it is opened at another widget or
 * @relative_to is hidden (another page, or its window closes): it then closes and detaches
 * itself. The caller keeps its own reference to the popover, and may unparent it. */
void                    rapport_knowledge_search_popup    (RapportKnowledgeSearch *self,
                                                           GtkWidget              *relative_to,
                                                           const GdkRectangle     *pointing_to);

/* Whether a link to @candidate can be inserted: it has a web address, or it is an article of
 * a helpdesk account (which the helpdesk links to the ticket). */
gboolean                rapport_knowledge_search_can_link (RapportCandidate       *candidate);

G_END_DECLS
