/* rapport-message-row.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "rapport-message.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_MESSAGE_ROW (rapport_message_row_get_type ())
G_DECLARE_FINAL_TYPE (RapportMessageRow, rapport_message_row, RAPPORT, MESSAGE_ROW, GtkListBoxRow)

/* One message of a conversation: a customer message, a public reply (outbound, tinted with
 * the accent colour) or an internal note (tinted yellow, with a lock and an "Internal note"
 * tag). The body is always shown as plain text. */
GtkWidget      *rapport_message_row_new         (RapportMessage    *message);
RapportMessage *rapport_message_row_get_message (RapportMessageRow *self);

G_END_DECLS
