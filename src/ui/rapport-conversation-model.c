/* rapport-conversation-model.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-conversation-model"

#include "config.h"

#include "rapport-conversation-model.h"

/* ---------------------------------------------------------------------------------------------
 * Items
 * ------------------------------------------------------------------------------------------- */

struct _RapportConversationItem
{
  GObject    parent_instance;

  /* owned */
  GPtrArray *messages;   /* (element-type RapportMessage) one, or a run of system events */
};

G_DEFINE_FINAL_TYPE (RapportConversationItem, rapport_conversation_item, G_TYPE_OBJECT)

static void
rapport_conversation_item_finalize (GObject *object)
{
  RapportConversationItem *self = (RapportConversationItem *)object;

  g_clear_pointer (&self->messages, g_ptr_array_unref);

  G_OBJECT_CLASS (rapport_conversation_item_parent_class)->finalize (object);
}

static void
rapport_conversation_item_class_init (RapportConversationItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rapport_conversation_item_finalize;
}

static void
rapport_conversation_item_init (RapportConversationItem *self)
{
}

static RapportConversationItem *
item_new (GPtrArray *messages,
          guint      first,
          guint      n)
{
  RapportConversationItem *self = g_object_new (RAPPORT_TYPE_CONVERSATION_ITEM, NULL);

  self->messages = g_ptr_array_new_full (n, g_object_unref);
  for (guint i = first; i < first + n; i++)
    g_ptr_array_add (self->messages, g_object_ref (g_ptr_array_index (messages, i)));

  return self;
}

guint
rapport_conversation_item_get_n_messages (RapportConversationItem *self)
{
  g_return_val_if_fail (RAPPORT_IS_CONVERSATION_ITEM (self), 0);

  return self->messages->len;
}

RapportMessage *
rapport_conversation_item_get_message (RapportConversationItem *self,
                                       guint                    index)
{
  g_return_val_if_fail (RAPPORT_IS_CONVERSATION_ITEM (self), NULL);
  g_return_val_if_fail (index < self->messages->len, NULL);

  return g_ptr_array_index (self->messages, index);
}

gboolean
rapport_conversation_item_is_run (RapportConversationItem *self)
{
  g_return_val_if_fail (RAPPORT_IS_CONVERSATION_ITEM (self), FALSE);

  return self->messages->len > 1;
}

static gboolean
same_message (RapportMessage *a,
              RapportMessage *b)
{
  return a == b ||
         (rapport_message_get_id (a) == rapport_message_get_id (b) &&
          rapport_message_get_created_at (a) == rapport_message_get_created_at (b) &&
          rapport_message_get_body_length (a) == rapport_message_get_body_length (b) &&
          g_strcmp0 (rapport_message_get_remote_id (a), rapport_message_get_remote_id (b)) == 0 &&
          g_strcmp0 (rapport_message_get_author_name (a), rapport_message_get_author_name (b)) == 0 &&
          g_strcmp0 (rapport_message_get_body (a), rapport_message_get_body (b)) == 0);
}

/* Whether @item shows messages @first … @first + @n - 1 of @messages as they are. */
static gboolean
item_shows (RapportConversationItem *item,
            GPtrArray               *messages,
            guint                    first,
            guint                    n)
{
  if (item->messages->len != n)
    return FALSE;

  for (guint i = 0; i < n; i++)
    if (!same_message (g_ptr_array_index (item->messages, i),
                       g_ptr_array_index (messages, first + i)))
      return FALSE;

  return TRUE;
}

/* ---------------------------------------------------------------------------------------------
 * The model
 * ------------------------------------------------------------------------------------------- */

struct _RapportConversationModel
{
  GObject     parent_instance;

  /* owned */
  GPtrArray  *items;   /* (element-type RapportConversationItem) all of them */
  GHashTable *by_id;   /* first message id (gint64 *) → RapportConversationItem, borrowed */
  guint       first;   /* the first item shown: the model is items[first …] */
  guint       initial; /* how many newest items a first set_messages() shows */
  gboolean    fresh;   /* the next set_messages() is a first one */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RapportConversationModel, rapport_conversation_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
get_item_type (GListModel *model)
{
  return RAPPORT_TYPE_CONVERSATION_ITEM;
}

static guint
get_n_items (GListModel *model)
{
  RapportConversationModel *self = RAPPORT_CONVERSATION_MODEL (model);

  return self->items->len - self->first;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  RapportConversationModel *self = RAPPORT_CONVERSATION_MODEL (model);

  if (position >= self->items->len - self->first)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->items, self->first + position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
rapport_conversation_model_finalize (GObject *object)
{
  RapportConversationModel *self = (RapportConversationModel *)object;

  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->items, g_ptr_array_unref);

  G_OBJECT_CLASS (rapport_conversation_model_parent_class)->finalize (object);
}

static void
rapport_conversation_model_class_init (RapportConversationModelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rapport_conversation_model_finalize;
}

static void
rapport_conversation_model_init (RapportConversationModel *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->initial = G_MAXUINT;
}

RapportConversationModel *
rapport_conversation_model_new (void)
{
  return g_object_new (RAPPORT_TYPE_CONVERSATION_MODEL, NULL);
}

void
rapport_conversation_model_set_initial (RapportConversationModel *self,
                                        guint                     n_items)
{
  g_return_if_fail (RAPPORT_IS_CONVERSATION_MODEL (self));
  g_return_if_fail (n_items > 0);

  self->initial = n_items;
}

void
rapport_conversation_model_restart (RapportConversationModel *self)
{
  g_return_if_fail (RAPPORT_IS_CONVERSATION_MODEL (self));

  self->fresh = TRUE;
}

guint
rapport_conversation_model_get_n_hidden (RapportConversationModel *self)
{
  g_return_val_if_fail (RAPPORT_IS_CONVERSATION_MODEL (self), 0);

  return self->first;
}

guint
rapport_conversation_model_show_older (RapportConversationModel *self,
                                       guint                     n_items)
{
  guint n;

  g_return_val_if_fail (RAPPORT_IS_CONVERSATION_MODEL (self), 0);

  n = MIN (n_items, self->first);
  if (n == 0)
    return 0;

  self->first -= n;
  g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, n);

  return n;
}

static void
index_item (GHashTable              *by_id,
            RapportConversationItem *item)
{
  gint64 id = rapport_message_get_id (g_ptr_array_index (item->messages, 0));

  g_hash_table_insert (by_id, g_memdup2 (&id, sizeof id), item);
}

void
rapport_conversation_model_set_messages (RapportConversationModel *self,
                                         GPtrArray                *messages)
{
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GHashTable) by_id = NULL;
  guint n_old, n_new, prefix = 0, suffix = 0;
  guint first, kept = 0;
  guint i = 0;

  g_return_if_fail (RAPPORT_IS_CONVERSATION_MODEL (self));

  items = g_ptr_array_new_with_free_func (g_object_unref);
  by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  /* Group, keeping every item that shows the same messages as before. */
  while (messages != NULL && i < messages->len)
    {
      RapportMessage *message = g_ptr_array_index (messages, i);
      gint64 id = rapport_message_get_id (message);
      RapportConversationItem *old;
      guint run = 0;

      while (i + run < messages->len &&
             rapport_message_get_author_kind (g_ptr_array_index (messages, i + run)) ==
               RAPPORT_AUTHOR_SYSTEM)
        run++;
      if (run < 2)
        run = 1;

      old = g_hash_table_lookup (self->by_id, &id);
      if (old != NULL && item_shows (old, messages, i, run))
        g_ptr_array_add (items, g_object_ref (old));
      else
        g_ptr_array_add (items, item_new (messages, i, run));
      index_item (by_id, g_ptr_array_index (items, items->len - 1));
      i += run;
    }

  /* What was shown stays shown, from the same oldest item; newer items come with it. An
   * older page, or a run that changed at the start, stays hidden until asked for. */
  if (self->items->len == 0 || self->fresh)
    first = items->len - MIN (items->len, self->initial);
  else if (self->first < self->items->len &&
           g_ptr_array_find (items, g_ptr_array_index (self->items, self->first), &kept))
    first = kept;
  else
    first = items->len - MIN (items->len, self->items->len - self->first);

  n_old = self->items->len - self->first;
  n_new = items->len - first;
  while (prefix < n_old && prefix < n_new &&
         g_ptr_array_index (self->items, self->first + prefix) ==
           g_ptr_array_index (items, first + prefix))
    prefix++;
  while (suffix < n_old - prefix && suffix < n_new - prefix &&
         g_ptr_array_index (self->items, self->items->len - 1 - suffix) ==
           g_ptr_array_index (items, items->len - 1 - suffix))
    suffix++;

  g_clear_pointer (&self->items, g_ptr_array_unref);
  self->items = g_steal_pointer (&items);
  self->first = first;
  self->fresh = FALSE;
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  self->by_id = g_steal_pointer (&by_id);

  if (prefix != n_old || prefix != n_new)
    g_list_model_items_changed (G_LIST_MODEL (self), prefix, n_old - prefix - suffix,
                                n_new - prefix - suffix);
}
