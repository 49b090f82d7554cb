/* rapport-search-row.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "rapport-search-hit.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_SEARCH_ROW (rapport_search_row_get_type ())
G_DECLARE_FINAL_TYPE (RapportSearchRow, rapport_search_row, RAPPORT, SEARCH_ROW, GtkWidget)

/* A full-text search result: ticket subject, customer, and the matching snippet with the
 * matched term highlighted through Pango attributes (the text itself stays plain). */
GtkWidget        *rapport_search_row_new     (void);
RapportSearchHit *rapport_search_row_get_hit (RapportSearchRow *self);
void              rapport_search_row_set_hit (RapportSearchRow *self,
                                              RapportSearchHit *hit);

G_END_DECLS
