/* rapport-outbox-row.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "rapport-outbox.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_OUTBOX_ROW (rapport_outbox_row_get_type ())
G_DECLARE_FINAL_TYPE (RapportOutboxRow, rapport_outbox_row, RAPPORT, OUTBOX_ROW, GtkListBoxRow)

/* One queued ticket update (status, assignee, priority) in the "Outbox" section at the
 * bottom of a conversation: "Status → Solved · Waiting to send". A failed update says why and
 * offers Retry and Discard (actions conversation.retry-op and conversation.discard-op with the
 * op id as int64 target).
 *
 * @assignee_name: the name to show for the new assignee (NULL: the remote id is shown). */
GtkWidget             *rapport_outbox_row_new    (const RapportOutboxOp *op,
                                                  const char            *assignee_name);
const RapportOutboxOp *rapport_outbox_row_get_op (RapportOutboxRow      *self);
/* Offline, waiting ops say so instead of "Sending…". */
void                   rapport_outbox_row_set_online (RapportOutboxRow  *self,
                                                      gboolean           online);

/* Shared with the message rows: the translated sentence for the state of @op, e.g.
 * "Sending in 8 s…", "Sending…", "Waiting to send (offline)", "Will retry shortly",
 * "Checking whether it was sent…", "Not sent: the ticket was deleted on the helpdesk".
 * @now_ms: unix milliseconds. */
char                  *rapport_ui_outbox_state_text     (const RapportOutboxOp *op,
                                                         gboolean               online,
                                                         gint64                 now_ms);
/* Why a failed op was not sent, from its error code: "the ticket was deleted on the helpdesk",
 * "your account has no right to do this", "the helpdesk rejected it" … */
const char            *rapport_ui_outbox_failure_reason (const RapportOutboxOp *op);
/* Whether the state text of @op goes with a spinner (the op is being sent or about to be). */
gboolean               rapport_ui_outbox_op_is_busy     (const RapportOutboxOp *op,
                                                         gboolean               online,
                                                         gint64                 now_ms);

G_END_DECLS
