/* rapport-conversation-model.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "rapport-message.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_CONVERSATION_ITEM (rapport_conversation_item_get_type ())
G_DECLARE_FINAL_TYPE (RapportConversationItem, rapport_conversation_item, RAPPORT,
                      CONVERSATION_ITEM, GObject)

/* One item of a conversation: a message, or a run of two or more system events in a row
 * (shown as one collapsed "N system events" line). */
guint           rapport_conversation_item_get_n_messages (RapportConversationItem *self);
RapportMessage *rapport_conversation_item_get_message    (RapportConversationItem *self,
                                                          guint                    index);
/* TRUE for a run of system events. */
gboolean        rapport_conversation_item_is_run         (RapportConversationItem *self);

#define RAPPORT_TYPE_CONVERSATION_MODEL (rapport_conversation_model_get_type ())
G_DECLARE_FINAL_TYPE (RapportConversationModel, rapport_conversation_model, RAPPORT,
                      CONVERSATION_MODEL, GObject)

/* A GListModel of RapportConversationItem over a ticket's messages, oldest first.
 *
 * rapport_conversation_model_set_messages() groups the messages again (a run of system events
 * is found over the whole array, so a run cut by the start of a page grows when the older page
 * comes) and changes only the items that differ: an item that shows the same message(s) with
 * the same content keeps its object, and "items-changed" covers just the range between the
 * unchanged start and the unchanged end (an older page is one insertion at the start). */
RapportConversationModel *rapport_conversation_model_new          (void);
void                      rapport_conversation_model_set_messages (RapportConversationModel *self,
                                                                   GPtrArray                *messages);
/* The position of the item showing message @message_id, or G_MAXUINT. */
guint                     rapport_conversation_model_find_message (RapportConversationModel *self,
                                                                   gint64                    message_id);

G_END_DECLS
