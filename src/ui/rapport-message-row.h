/* rapport-message-row.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "rapport-message.h"
#include "rapport-outbox.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_MESSAGE_ROW (rapport_message_row_get_type ())
G_DECLARE_FINAL_TYPE (RapportMessageRow, rapport_message_row, RAPPORT, MESSAGE_ROW, GtkWidget)

/* One message of a conversation: a customer message, a public reply (outbound, tinted with
 * the accent colour) or an internal note (tinted yellow, with a lock and an "Internal note"
 * tag). The body is always shown as plain text, at most RAPPORT_MESSAGE_BODY_PREVIEW_CHARS
 * characters of it: a longer body (or one the store cut, "body-truncated") shows its start and a
 * "Show whole message" button (action conversation.show-whole-message, the message id as int64
 * target). The accessible name is author, kind, channel, time and the start of the body (at most
 * 300 characters, then an ellipsis). A row is recycled: rapport_message_row_set_message() shows
 * another message and replaces the name.
 *
 * A reply or note still in the outbox (its local message row) shows the state of its op
 * under the body: "Sending in 8 s…" with Undo while held, "Sending…", "Waiting to send
 * (offline)", "Checking whether it was sent…", or "Not sent: <reason>" with Retry and Discard
 * (actions conversation.undo-op, conversation.retry-op, conversation.discard-op, each with
 * the op id as int64 target). The state is also the row's accessible description.
 *
 * Properties: "outbox-op" (RapportOutboxOp, NULL for a message that is not being sent),
 *   "online" (boolean, TRUE: when FALSE, waiting ops say they wait for the network). */
GtkWidget             *rapport_message_row_new            (RapportMessage        *message);
void                   rapport_message_row_set_message    (RapportMessageRow     *self,
                                                           RapportMessage        *message);
RapportMessage        *rapport_message_row_get_message    (RapportMessageRow     *self);
const RapportOutboxOp *rapport_message_row_get_outbox_op  (RapportMessageRow     *self);
void                   rapport_message_row_set_outbox_op  (RapportMessageRow     *self,
                                                           const RapportOutboxOp *op);
gboolean               rapport_message_row_get_online     (RapportMessageRow     *self);
void                   rapport_message_row_set_online     (RapportMessageRow     *self,
                                                           gboolean               online);

G_END_DECLS
