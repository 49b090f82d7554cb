/* rapport-ticket-list.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rapport-ticket-list"

#include "config.h"

#include "rapport-ticket-list.h"

/* How many rows around the requested ones one batch loads. */
#define WINDOW_MARGIN 50
/* At most this many tickets per batch. */
#define MAX_BATCH     200
/* Strong references kept to recently used tickets; anything else stays alive only while
 * someone (a row widget) holds it. */
#define RING_SIZE     512

/* A ticket handed out by the list, tracked with a weak reference so a row widget that still
 * shows it gets the update when its data arrives. */
typedef struct
{
  RapportTicketList *self;
  RapportTicket     *ticket; /* weak */
  gint64             id;
} AliveEntry;

struct _RapportTicketList
{
  GObject        parent_instance;

  /* owned */
  RapportStore  *store;
  GArray        *ids;             /* gint64, display order */
  GHashTable    *alive;           /* gint64* id → AliveEntry (weak) */
  RapportTicket *ring[RING_SIZE]; /* strong refs to recently used tickets */
  GCancellable  *cancellable;     /* cancelled on dispose */
  GCancellable  *reload_cancellable;
  GMainContext  *context;         /* where batches are scheduled */
  GSource       *load_source;

  gint64         account_id;
  RapportView    view;
  guint          ring_next;
  guint          generation;      /* bumped by every reload */
  guint          wanted_min;      /* rows asked for since the last batch */
  guint          wanted_max;
  guint          constructed : 1;
  guint          loading : 1;
  guint          reload_again : 1;
  guint          batch_in_flight : 1;
  guint          has_wanted : 1;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RapportTicketList, rapport_ticket_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_STORE,
  PROP_ACCOUNT_ID,
  PROP_VIEW,
  PROP_LOADING,
  PROP_N_ITEMS,
  N_PROPS
};

enum {
  RELOADED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void schedule_window_load (RapportTicketList *self);

/* ---------------------------------------------------------------------------------------------
 * The tickets handed out
 * ------------------------------------------------------------------------------------------- */

static void
on_ticket_finalized (gpointer  data,
                     GObject  *where_the_object_was)
{
  AliveEntry *entry = data;

  /* Frees @entry (the table's value destroy function). */
  g_hash_table_remove (entry->self->alive, &entry->id);
}

static RapportTicket *
lookup_alive (RapportTicketList *self,
              gint64             id)
{
  AliveEntry *entry = g_hash_table_lookup (self->alive, &id);

  return entry != NULL ? entry->ticket : NULL;
}

static void
track_alive (RapportTicketList *self,
             RapportTicket     *ticket)
{
  AliveEntry *entry = g_new0 (AliveEntry, 1);

  entry->self = self;
  entry->ticket = ticket;
  entry->id = rapport_ticket_get_id (ticket);
  g_object_weak_ref (G_OBJECT (ticket), on_ticket_finalized, entry);
  g_hash_table_replace (self->alive, &entry->id, entry);
}

static void
keep_recent (RapportTicketList *self,
             RapportTicket     *ticket)
{
  g_set_object (&self->ring[self->ring_next], ticket);
  self->ring_next = (self->ring_next + 1) % RING_SIZE;
}

static void
untrack_all (RapportTicketList *self)
{
  GHashTableIter iter;
  gpointer value;

  if (self->alive == NULL)
    return;

  g_hash_table_iter_init (&iter, self->alive);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      AliveEntry *entry = value;

      g_object_weak_unref (G_OBJECT (entry->ticket), on_ticket_finalized, entry);
    }

  g_hash_table_remove_all (self->alive);
}

/* ---------------------------------------------------------------------------------------------
 * Loading rows
 * ------------------------------------------------------------------------------------------- */

typedef struct
{
  RapportTicketList *self;
  guint              generation;
  gboolean           is_window;
} LoadData;

static void
apply_loaded_tickets (RapportTicketList *self,
                      GPtrArray         *tickets,
                      gboolean           stale)
{
  for (guint i = 0; i < tickets->len; i++)
    {
      RapportTicket *loaded = tickets->pdata[i];
      RapportTicket *ticket = lookup_alive (self, rapport_ticket_get_id (loaded));

      if (ticket == NULL)
        {
          /* Fetched ahead of need: keep it for when the row is shown. */
          if (!stale)
            {
              track_alive (self, loaded);
              keep_recent (self, loaded);
            }
          continue;
        }

      /* A batch requested before a reload must not overwrite the fresher data the reload's
       * refresh brings; it may still fill placeholders. */
      if (stale && rapport_ticket_get_loaded (ticket))
        continue;

      rapport_ticket_update_from (ticket, loaded);
    }
}

static void
load_tickets_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  LoadData *data = user_data;
  g_autoptr(RapportTicketList) self = data->self;
  g_autoptr(GPtrArray) tickets = NULL;
  g_autoptr(GError) error = NULL;
  gboolean is_window = data->is_window;
  guint generation = data->generation;

  g_free (data);

  tickets = rapport_store_load_tickets_finish (RAPPORT_STORE (object), result, &error);

  if (is_window)
    self->batch_in_flight = FALSE;

  /* Disposed meanwhile: nothing to fill in any more. */
  if (g_cancellable_is_cancelled (self->cancellable))
    return;

  if (tickets == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Cannot load tickets of view %s: %s",
                   rapport_view_to_string (self->view), error->message);
      return;
    }

  apply_loaded_tickets (self, tickets, generation != self->generation);

  /* Rows asked for while this batch was on its way. */
  if (is_window && self->has_wanted)
    schedule_window_load (self);
}

static void
load_ids (RapportTicketList *self,
          GArray            *ids,
          gboolean           is_window)
{
  LoadData *data = g_new0 (LoadData, 1);

  data->self = g_object_ref (self);
  data->generation = self->generation;
  data->is_window = is_window;

  if (is_window)
    self->batch_in_flight = TRUE;

  rapport_store_load_tickets_async (self->store,
                                    (const gint64 *) (gpointer) ids->data,
                                    ids->len,
                                    self->cancellable,
                                    load_tickets_cb,
                                    data);
}

static gboolean
needs_loading (RapportTicketList *self,
               gint64             id)
{
  RapportTicket *ticket = lookup_alive (self, id);

  return ticket == NULL || !rapport_ticket_get_loaded (ticket);
}

static gboolean
load_window_cb (gpointer user_data)
{
  RapportTicketList *self = user_data;
  g_autoptr(GArray) batch = NULL;
  guint wanted_min, wanted_max, position;

  g_clear_pointer (&self->load_source, g_source_unref);

  if (!self->has_wanted || self->batch_in_flight || self->ids->len == 0)
    return G_SOURCE_REMOVE;

  self->has_wanted = FALSE;

  wanted_min = self->wanted_min;
  wanted_max = MIN (self->wanted_max, self->ids->len - 1);
  if (wanted_min > wanted_max)
    return G_SOURCE_REMOVE;

  batch = g_array_new (FALSE, FALSE, sizeof (gint64));

  /* The rows asked for come first, top to bottom: a view may ask for more rows than one batch
   * holds (GtkListView realizes a few hundred at once), and the rest then goes in the next
   * batch rather than being forgotten. */
  for (position = wanted_min; position <= wanted_max && batch->len < MAX_BATCH; position++)
    {
      gint64 id = g_array_index (self->ids, gint64, position);

      if (needs_loading (self, id))
        g_array_append_val (batch, id);
    }

  if (position <= wanted_max)
    {
      self->has_wanted = TRUE;
      self->wanted_min = position;
      self->wanted_max = wanted_max;
    }
  else
    {
      /* Then a margin on both sides, so scrolling finds rows ready. */
      for (guint offset = 1; offset <= WINDOW_MARGIN && batch->len < MAX_BATCH; offset++)
        {
          if (wanted_min >= offset)
            {
              gint64 id = g_array_index (self->ids, gint64, wanted_min - offset);

              if (needs_loading (self, id))
                g_array_append_val (batch, id);
            }

          if ((guint64) wanted_max + offset < self->ids->len && batch->len < MAX_BATCH)
            {
              gint64 id = g_array_index (self->ids, gint64, wanted_max + offset);

              if (needs_loading (self, id))
                g_array_append_val (batch, id);
            }
        }
    }

  if (batch->len > 0)
    load_ids (self, batch, TRUE);

  return G_SOURCE_REMOVE;
}

static void
schedule_window_load (RapportTicketList *self)
{
  if (self->load_source != NULL || self->batch_in_flight)
    return;

  /* Coalesces the get_item () calls of one frame into one batch. */
  self->load_source = g_idle_source_new ();
  g_source_set_priority (self->load_source, G_PRIORITY_DEFAULT_IDLE);
  g_source_set_static_name (self->load_source, "[rapport-ticket-list] load");
  g_source_set_callback (self->load_source, load_window_cb, self, NULL);
  g_source_attach (self->load_source, self->context);
}

static void
want_position (RapportTicketList *self,
               guint              position)
{
  if (!self->has_wanted)
    {
      self->wanted_min = position;
      self->wanted_max = position;
      self->has_wanted = TRUE;
    }
  else
    {
      self->wanted_min = MIN (self->wanted_min, position);
      self->wanted_max = MAX (self->wanted_max, position);
    }

  schedule_window_load (self);
}

/* Loads again every ticket still alive, so rows on screen show the data just committed. */
static void
refresh_alive (RapportTicketList *self)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->alive);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      AliveEntry *entry = value;

      if (rapport_ticket_get_loaded (entry->ticket))
        g_array_append_val (ids, entry->id);
    }

  for (guint start = 0; start < ids->len; start += MAX_BATCH)
    {
      g_autoptr(GArray) batch = g_array_new (FALSE, FALSE, sizeof (gint64));

      g_array_append_vals (batch, &g_array_index (ids, gint64, start),
                           MIN (MAX_BATCH, ids->len - start));
      load_ids (self, batch, FALSE);
    }
}

/* ---------------------------------------------------------------------------------------------
 * Reloading the ids
 * ------------------------------------------------------------------------------------------- */

static void
set_loading (RapportTicketList *self,
             gboolean           loading)
{
  loading = !!loading;
  if (self->loading == loading)
    return;

  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
replace_ids (RapportTicketList *self,
             GArray            *new_ids)
{
  GArray *old_ids = self->ids;
  guint old_len = old_ids->len;
  guint new_len = new_ids->len;
  guint prefix = 0, suffix = 0, removed, added;

  while (prefix < old_len && prefix < new_len &&
         g_array_index (old_ids, gint64, prefix) == g_array_index (new_ids, gint64, prefix))
    prefix++;

  while (suffix < old_len - prefix && suffix < new_len - prefix &&
         g_array_index (old_ids, gint64, old_len - 1 - suffix) ==
         g_array_index (new_ids, gint64, new_len - 1 - suffix))
    suffix++;

  removed = old_len - prefix - suffix;
  added = new_len - prefix - suffix;

  self->ids = g_array_ref (new_ids);
  g_array_unref (old_ids);

  if (removed > 0 || added > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), prefix, removed, added);

  if (old_len != new_len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static void reload (RapportTicketList *self);

static void
list_ticket_ids_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(RapportTicketList) self = user_data;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;

  ids = rapport_store_list_ticket_ids_finish (RAPPORT_STORE (object), result, &error);

  /* A reload that was replaced (view changed) or a list that was disposed. */
  if (g_task_get_cancellable (G_TASK (result)) != self->reload_cancellable ||
      g_cancellable_is_cancelled (self->cancellable))
    return;

  if (ids == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      g_warning ("Cannot list the tickets of view %s: %s",
                 rapport_view_to_string (self->view), error->message);
    }
  else
    {
      self->generation++;
      replace_ids (self, ids);
      refresh_alive (self);
    }

  g_clear_object (&self->reload_cancellable);

  if (self->reload_again)
    {
      reload (self);
      return;
    }

  set_loading (self, FALSE);
  g_signal_emit (self, signals[RELOADED], 0);
}

static void
reload (RapportTicketList *self)
{
  self->reload_again = FALSE;
  self->reload_cancellable = g_cancellable_new ();
  set_loading (self, TRUE);

  rapport_store_list_ticket_ids_async (self->store,
                                       self->account_id,
                                       self->view,
                                       self->reload_cancellable,
                                       list_ticket_ids_cb,
                                       g_object_ref (self));
}

static void
on_store_changed_cb (RapportTicketList *self,
                     guint64            account_id,
                     RapportStore      *store)
{
  if ((gint64) account_id != self->account_id)
    return;

  rapport_ticket_list_reload (self);
}

/* ---------------------------------------------------------------------------------------------
 * GListModel
 * ------------------------------------------------------------------------------------------- */

static GType
rapport_ticket_list_get_item_type (GListModel *model)
{
  return RAPPORT_TYPE_TICKET;
}

static guint
rapport_ticket_list_get_n_items (GListModel *model)
{
  RapportTicketList *self = RAPPORT_TICKET_LIST (model);

  return self->ids->len;
}

static gpointer
rapport_ticket_list_get_item (GListModel *model,
                              guint       position)
{
  RapportTicketList *self = RAPPORT_TICKET_LIST (model);
  RapportTicket *ticket;
  gint64 id;

  if (position >= self->ids->len)
    return NULL;

  id = g_array_index (self->ids, gint64, position);
  ticket = lookup_alive (self, id);

  if (ticket == NULL)
    {
      g_autoptr(RapportTicket) placeholder = rapport_ticket_new_placeholder (id);

      track_alive (self, placeholder);
      keep_recent (self, placeholder);
      ticket = placeholder;
    }
  else
    {
      keep_recent (self, ticket);
    }

  if (!rapport_ticket_get_loaded (ticket))
    want_position (self, position);

  return g_object_ref (ticket);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = rapport_ticket_list_get_item_type;
  iface->get_n_items = rapport_ticket_list_get_n_items;
  iface->get_item = rapport_ticket_list_get_item;
}

/* ---------------------------------------------------------------------------------------------
 * GObject
 * ------------------------------------------------------------------------------------------- */

static void
rapport_ticket_list_constructed (GObject *object)
{
  RapportTicketList *self = (RapportTicketList *) object;

  G_OBJECT_CLASS (rapport_ticket_list_parent_class)->constructed (object);

  g_assert (RAPPORT_IS_STORE (self->store));

  self->constructed = TRUE;

  g_signal_connect_object (self->store, "changed",
                           G_CALLBACK (on_store_changed_cb), self,
                           G_CONNECT_SWAPPED);

  reload (self);
}

static void
rapport_ticket_list_dispose (GObject *object)
{
  RapportTicketList *self = (RapportTicketList *) object;

  g_cancellable_cancel (self->cancellable);
  if (self->reload_cancellable != NULL)
    g_cancellable_cancel (self->reload_cancellable);
  if (self->load_source != NULL)
    {
      g_source_destroy (self->load_source);
      g_clear_pointer (&self->load_source, g_source_unref);
    }
  untrack_all (self);
  for (guint i = 0; i < RING_SIZE; i++)
    g_clear_object (&self->ring[i]);
  g_clear_object (&self->reload_cancellable);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (rapport_ticket_list_parent_class)->dispose (object);
}

static void
rapport_ticket_list_finalize (GObject *object)
{
  RapportTicketList *self = (RapportTicketList *) object;

  g_clear_pointer (&self->alive, g_hash_table_unref);
  g_clear_pointer (&self->ids, g_array_unref);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (rapport_ticket_list_parent_class)->finalize (object);
}

static void
rapport_ticket_list_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  RapportTicketList *self = RAPPORT_TICKET_LIST (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_ACCOUNT_ID:
      g_value_set_int64 (value, self->account_id);
      break;

    case PROP_VIEW:
      g_value_set_int (value, self->view);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    case PROP_N_ITEMS:
      g_value_set_uint (value, self->ids->len);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_ticket_list_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  RapportTicketList *self = RAPPORT_TICKET_LIST (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_ACCOUNT_ID:
      self->account_id = g_value_get_int64 (value);
      break;

    case PROP_VIEW:
      /* At construction the first reload happens in constructed (). */
      if (!self->constructed)
        self->view = (RapportView) g_value_get_int (value);
      else
        rapport_ticket_list_set_view (self, (RapportView) g_value_get_int (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_ticket_list_class_init (RapportTicketListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = rapport_ticket_list_constructed;
  object_class->dispose = rapport_ticket_list_dispose;
  object_class->finalize = rapport_ticket_list_finalize;
  object_class->get_property = rapport_ticket_list_get_property;
  object_class->set_property = rapport_ticket_list_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         RAPPORT_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_ACCOUNT_ID] =
    g_param_spec_int64 ("account-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_VIEW] =
    g_param_spec_int ("view", NULL, NULL,
                      RAPPORT_VIEW_MY_OPEN, RAPPORT_VIEW_RECENTLY_SOLVED, RAPPORT_VIEW_MY_OPEN,
                      (G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY |
                       G_PARAM_STATIC_STRINGS));

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RapportTicketList::reloaded:
   *
   * Emitted when a reload of the view's ids finished (successfully or not).
   */
  signals[RELOADED] =
    g_signal_new ("reloaded",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 0);
}

static void
rapport_ticket_list_init (RapportTicketList *self)
{
  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->alive = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);
  self->cancellable = g_cancellable_new ();
  self->context = g_main_context_ref_thread_default ();
}

/**
 * rapport_ticket_list_new:
 * @store: an open store
 * @account_id: the account whose tickets to list
 * @view: the view
 *
 * Returns: (transfer full): a new list; it starts loading at once
 */
RapportTicketList *
rapport_ticket_list_new (RapportStore *store,
                         gint64        account_id,
                         RapportView   view)
{
  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);

  return g_object_new (RAPPORT_TYPE_TICKET_LIST,
                       "store", store,
                       "account-id", account_id,
                       "view", (int) view,
                       NULL);
}

RapportView
rapport_ticket_list_get_view (RapportTicketList *self)
{
  g_return_val_if_fail (RAPPORT_IS_TICKET_LIST (self), RAPPORT_VIEW_MY_OPEN);

  return self->view;
}

void
rapport_ticket_list_set_view (RapportTicketList *self,
                              RapportView        view)
{
  g_return_if_fail (RAPPORT_IS_TICKET_LIST (self));

  if (self->view == view)
    return;

  self->view = view;

  /* The ids of the old view are of no use any more. */
  if (self->reload_cancellable != NULL)
    {
      g_cancellable_cancel (self->reload_cancellable);
      g_clear_object (&self->reload_cancellable);
    }
  self->has_wanted = FALSE;
  reload (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW]);
}

gboolean
rapport_ticket_list_get_loading (RapportTicketList *self)
{
  g_return_val_if_fail (RAPPORT_IS_TICKET_LIST (self), FALSE);

  return self->loading;
}

/**
 * rapport_ticket_list_reload:
 * @self: a #RapportTicketList
 *
 * Fetches the view's ids again and updates the list with minimal changes. While a reload is
 * running, another one follows it.
 */
void
rapport_ticket_list_reload (RapportTicketList *self)
{
  g_return_if_fail (RAPPORT_IS_TICKET_LIST (self));

  if (self->reload_cancellable != NULL)
    {
      self->reload_again = TRUE;
      return;
    }

  reload (self);
}

guint
rapport_ticket_list_find (RapportTicketList *self,
                          gint64             ticket_id)
{
  g_return_val_if_fail (RAPPORT_IS_TICKET_LIST (self), G_MAXUINT);

  for (guint i = 0; i < self->ids->len; i++)
    {
      if (g_array_index (self->ids, gint64, i) == ticket_id)
        return i;
    }

  return G_MAXUINT;
}
