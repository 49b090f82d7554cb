/* rapport-view-row.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "rapport-types.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_VIEW_ROW (rapport_view_row_get_type ())
G_DECLARE_FINAL_TYPE (RapportViewRow, rapport_view_row, RAPPORT, VIEW_ROW, GtkListBoxRow)

/* A row of the views sidebar: icon, name and ticket count (a separate label). */
GtkWidget   *rapport_view_row_new       (RapportView     view);
RapportView  rapport_view_row_get_view  (RapportViewRow *self);
/* @count < 0 hides the count (not known yet). */
void         rapport_view_row_set_count (RapportViewRow *self,
                                         gint64          count);

G_END_DECLS
