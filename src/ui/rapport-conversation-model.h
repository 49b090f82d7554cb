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

/* A GListModel of RapportConversationItem over a ticket's messages, oldest first: the newest
 * items only, as many as were asked for. A list view (GTK 4.8 makes a row for each of up to 200
 * items at once) then costs what is near the view, not the whole page read from the store;
 * rapport_conversation_model_show_older() reveals more at the start, as the reader goes up.
 *
 * rapport_conversation_model_set_messages() groups the messages again (a run of system events
 * is found over the whole array, so a run cut by the start of a page grows when the older page
 * comes) and changes only the items that differ: an item that shows the same message(s) with
 * the same content keeps its object, and "items-changed" covers just the range between the
 * unchanged start and the unchanged end. What was shown stays shown from the same oldest item,
 * with the newer items after it; the items of an older page stay hidden until asked for. The
 * first set shows the newest rapport_conversation_model_set_initial() items (all by default). */
RapportConversationModel *rapport_conversation_model_new          (void);
void                      rapport_conversation_model_set_messages (RapportConversationModel *self,
                                                                   GPtrArray                *messages);
void                      rapport_conversation_model_set_initial  (RapportConversationModel *self,
                                                                   guint                     n_items);
/* The next rapport_conversation_model_set_messages() is a first one (another ticket). */
void                      rapport_conversation_model_restart      (RapportConversationModel *self);
/* The items before the first one shown. */
guint                     rapport_conversation_model_get_n_hidden (RapportConversationModel *self);
/* Shows up to @n_items more older items (inserted at the start); returns how many. */
guint                     rapport_conversation_model_show_older   (RapportConversationModel *self,
                                                                   guint                     n_items);

G_END_DECLS
