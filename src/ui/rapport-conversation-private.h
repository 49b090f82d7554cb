/* rapport-conversation-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-conversation.h"

G_BEGIN_DECLS

/* The collision check, for the composer inside the conversation. Before a reply or note on
 * @ticket_id is queued: pull now (at most RAPPORT_CONVERSATION_REFRESH_TIMEOUT_S seconds;
 * skipped offline), then look in the store for messages of the ticket that the conversation
 * has not shown the agent yet and that are not the agent's own. If there are any, the
 * conversation shows them and asks: "Cancel" (the result is FALSE) or "Send Anyway" (TRUE).
 * TRUE at once when there is nothing to check against (no workspace, another ticket). */
#define RAPPORT_CONVERSATION_REFRESH_TIMEOUT_S 5

void     _rapport_conversation_check_collisions_async  (RapportConversation  *self,
                                                        gint64                ticket_id,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
gboolean _rapport_conversation_check_collisions_finish (RapportConversation  *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);

G_END_DECLS
