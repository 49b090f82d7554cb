/* rapport-history-row.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "rapport-history-entry.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_HISTORY_ROW (rapport_history_row_get_type ())
G_DECLARE_FINAL_TYPE (RapportHistoryRow, rapport_history_row, RAPPORT, HISTORY_ROW, GtkListBoxRow)

/* One interaction in the customer's unified history: channel icon, ticket subject and status,
 * date and a one-line summary. Activating it opens the ticket (action win.open-ticket). */
GtkWidget           *rapport_history_row_new       (RapportHistoryEntry *entry);
RapportHistoryEntry *rapport_history_row_get_entry (RapportHistoryRow   *self);
/* Marks the row as belonging to the ticket being shown. */
void                 rapport_history_row_set_current (RapportHistoryRow *self,
                                                      gboolean           current);

G_END_DECLS
