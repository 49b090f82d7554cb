/* rapport-history-row.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "rapport-history-entry.h"

G_BEGIN_DECLS

typedef struct _RapportHistoryItem RapportHistoryItem;

/* The longest ticket subject an entry's accessible name carries, in characters; a longer one
 * is cut with "…". */
#define RAPPORT_HISTORY_ROW_NAME_SUBJECT_CHARS 160

#define RAPPORT_TYPE_HISTORY_ROW (rapport_history_row_get_type ())
G_DECLARE_FINAL_TYPE (RapportHistoryRow, rapport_history_row, RAPPORT, HISTORY_ROW, GtkWidget)

/* One interaction in the customer's unified history: channel icon, ticket subject and status,
 * date and a one-line summary, with the same as its accessible name ("Email, <subject>,
 * <status>, <date>: <summary>"). A plain widget: a GtkListView's factory recycles it for
 * another entry with rapport_history_row_set_entry() (everything it shows, its name included,
 * is then the new entry's); in a GtkListBox it goes in a row (rapport_history_row_new_list_row()).
 * Opening the ticket (win.open-ticket) is its list's: rapport_history_row_open_ticket(). */
GtkWidget           *rapport_history_row_new         (RapportHistoryEntry *entry);
/* A GtkListBoxRow holding a history row of @entry, activating win.open-ticket with the entry's
 * ticket id. */
GtkWidget           *rapport_history_row_new_list_row (RapportHistoryEntry *entry);
RapportHistoryEntry *rapport_history_row_get_entry   (RapportHistoryRow   *self);
/* Shows @entry (NULL: nothing, for a row put aside). */
void                 rapport_history_row_set_entry   (RapportHistoryRow   *self,
                                                      RapportHistoryEntry *entry);
/* Marks the row as belonging to the ticket being shown. */
void                 rapport_history_row_set_current (RapportHistoryRow   *self,
                                                      gboolean             current);
gboolean             rapport_history_row_get_current (RapportHistoryRow   *self);
/* Opens the ticket of @entry in @widget's window (win.open-ticket). */
gboolean             rapport_history_row_open_ticket (GtkWidget           *widget,
                                                      RapportHistoryEntry *entry);
/* Shows the entry of @item, and the next one it holds ("notify::entry"), until another item or
 * NULL is set (a GtkListView's bind and unbind). */
void                 rapport_history_row_set_item    (RapportHistoryRow   *self,
                                                      RapportHistoryItem  *item);

#define RAPPORT_TYPE_HISTORY_ITEM (rapport_history_item_get_type ())
G_DECLARE_FINAL_TYPE (RapportHistoryItem, rapport_history_item, RAPPORT, HISTORY_ITEM, GObject)

/* An item of a history list's model: it holds one entry, and another one later. A list whose
 * items stay while their entries change keeps its rows: GtkListView makes rows again for items
 * that replace others, but rows bound to an item follow it (another customer's history shows
 * in the rows of the previous one). Property "entry" (RapportHistoryEntry, notified when it
 * changes). */
RapportHistoryItem  *rapport_history_item_new        (RapportHistoryEntry *entry);
RapportHistoryEntry *rapport_history_item_get_entry  (RapportHistoryItem  *self);
void                 rapport_history_item_set_entry  (RapportHistoryItem  *self,
                                                      RapportHistoryEntry *entry);

G_END_DECLS
