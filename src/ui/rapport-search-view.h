/* rapport-search-view.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "rapport-workspace.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_SEARCH_VIEW (rapport_search_view_get_type ())
G_DECLARE_FINAL_TYPE (RapportSearchView, rapport_search_view, RAPPORT, SEARCH_VIEW, GtkWidget)

/* Full-text search over the tickets of a workspace: a search bar (entry "Search tickets and
 * messages") above "content" (the ticket list). While the bar holds a query, the query's
 * outcome replaces the content: the list "Search results" (one row per ticket, its best match
 * highlighted), "No Results Found" or "Search Failed". A newer query makes the results of an
 * older one stale: they are dropped, never shown. Enter in the entry moves to the first
 * result; Escape, in the entry or the results, leaves the search.
 *
 * Properties: "workspace" (nullable; another workspace ends the search), "content" (the widget
 * shown when no query is entered), "search-mode-enabled" (the bar is shown; for a toggle
 * button), "searching" (read-only: the bar holds a query, and its outcome replaces the
 * content).
 * Signals: "searched" (guint n_tickets): the results of a query are shown;
 *   "ticket-selected" (gint64 ticket_id): a result was selected, its ticket is to be shown;
 *   "result-activated": a result was clicked or activated;
 *   "stopped": Escape (in the entry or the results) ended the search. */
GtkWidget        *rapport_search_view_new             (void);
RapportWorkspace *rapport_search_view_get_workspace   (RapportSearchView *self);
void              rapport_search_view_set_workspace   (RapportSearchView *self,
                                                       RapportWorkspace  *workspace);
GtkWidget        *rapport_search_view_get_content     (RapportSearchView *self);
void              rapport_search_view_set_content     (RapportSearchView *self,
                                                       GtkWidget         *content);
gboolean          rapport_search_view_get_search_mode (RapportSearchView *self);
void              rapport_search_view_set_search_mode (RapportSearchView *self,
                                                       gboolean           search_mode);
gboolean          rapport_search_view_get_searching   (RapportSearchView *self);
/* Shows the search bar, focuses the entry and selects its text (to type a new query over it).
 * Does nothing without a workspace. */
void              rapport_search_view_begin           (RapportSearchView *self);

G_END_DECLS
