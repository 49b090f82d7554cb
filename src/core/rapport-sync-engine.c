/* rapport-sync-engine.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-sync-engine"

#include "config.h"

#include "rapport-sync-engine.h"

/* The pull loop, for one account:
 *
 *   store.get_cursor (account, resource)
 *   → provider.pull_changes (cursor) → page
 *   → store.apply_page (page)            (one transaction, with page->next_cursor)
 *   → "progress"
 *   → again while page->has_more
 *
 * The resource name is the provider's kind ("demo", "rt" …); a page that names another
 * resource is an error, since its cursor would be stored where the next pull does not look.
 * A page with nothing in it and no new cursor is not applied (so pulling an up-to-date
 * account writes nothing and emits no "changed").
 *
 * Progress counts customer records: "progress" reports the records pulled so far in this
 * pull against (records pulled before the page + the page's total_hint), where a backend's
 * total_hint is what it still has to send from that page on (the demo provider knows it
 * exactly; 0 = unknown, reported as a total of 0).
 *
 * Cancellation stops the loop between steps or inside the running store/provider call; the
 * pages already applied stay applied (each with its cursor), so the next pull resumes. */

G_DEFINE_QUARK (rapport-sync-error-quark, rapport_sync_error)

struct _RapportSyncEngine
{
  GObject parent_instance;

  /* owned refs */
  RapportStore    *store;
  RapportProvider *provider;

  gint64           account_id;
  gboolean         syncing;
};

G_DEFINE_FINAL_TYPE (RapportSyncEngine, rapport_sync_engine, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_STORE,
  PROP_PROVIDER,
  PROP_ACCOUNT_ID,
  PROP_SYNCING,
  N_PROPS
};

enum
{
  SIGNAL_PROGRESS,
  SIGNAL_SYNC_FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

typedef struct
{
  char            *resource;
  char            *cursor;
  RapportSyncPage *page;       /* the page being applied */
  gint64           pages_applied;
  guint64          items_done;
} PullState;

static void
pull_state_free (PullState *state)
{
  g_free (state->resource);
  g_free (state->cursor);
  g_clear_pointer (&state->page, rapport_sync_page_free);
  g_free (state);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PullState, pull_state_free)

static void
set_syncing (RapportSyncEngine *self,
             gboolean           syncing)
{
  syncing = !!syncing;
  if (self->syncing == syncing)
    return;

  self->syncing = syncing;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNCING]);
}

/* Ends the pull: clears "syncing", emits "sync-finished", and returns the task's result. */
static void
finish_pull (GTask  *task,
             GError *error)
{
  RapportSyncEngine *self = g_task_get_source_object (task);
  PullState *state = g_task_get_task_data (task);

  set_syncing (self, FALSE);
  g_signal_emit (self, signals[SIGNAL_SYNC_FINISHED], 0, error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, state->pages_applied);
}

static void pull_next_page (GTask *task);

static gboolean
page_is_empty (RapportSyncPage *page,
               const char      *cursor)
{
  return page->customers->len == 0 &&
         page->tickets->len == 0 &&
         page->messages->len == 0 &&
         page->deleted_ticket_ids->len == 0 &&
         (page->next_cursor == NULL || g_strcmp0 (page->next_cursor, cursor) == 0);
}

static void
on_apply_page_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RapportSyncEngine *self = g_task_get_source_object (task);
  PullState *state = g_task_get_task_data (task);
  g_autoptr(RapportSyncPage) page = g_steal_pointer (&state->page);
  g_autoptr(GError) error = NULL;
  guint64 total;

  if (!rapport_store_apply_page_finish (RAPPORT_STORE (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_prefix_error (&error, "Could not store a page pulled from “%s”: ", state->resource);
      finish_pull (task, g_steal_pointer (&error));
      return;
    }

  state->pages_applied++;
  total = page->total_hint > 0 ? state->items_done + page->total_hint : 0;
  state->items_done += page->customers->len;
  g_signal_emit (self, signals[SIGNAL_PROGRESS], 0, state->items_done,
                 total > 0 ? MAX (total, state->items_done) : (guint64) 0);

  if (page->next_cursor != NULL)
    {
      g_free (state->cursor);
      state->cursor = g_strdup (page->next_cursor);
    }

  if (!page->has_more)
    {
      finish_pull (task, NULL);
      return;
    }

  pull_next_page (g_steal_pointer (&task));
}

static void
on_pull_changes_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RapportSyncEngine *self = g_task_get_source_object (task);
  PullState *state = g_task_get_task_data (task);
  g_autoptr(RapportSyncPage) page = NULL;
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable;

  page = rapport_provider_pull_changes_finish (RAPPORT_PROVIDER (source), result, &error);
  if (page == NULL)
    {
      if (error == NULL)
        error = g_error_new (RAPPORT_SYNC_ERROR, RAPPORT_SYNC_ERROR_FAILED,
                             "The “%s” provider returned no page and no error",
                             state->resource);
      finish_pull (task, g_steal_pointer (&error));
      return;
    }

  if (page->resource == NULL)
    page->resource = g_strdup (state->resource);
  else if (g_strcmp0 (page->resource, state->resource) != 0)
    {
      finish_pull (task, g_error_new (RAPPORT_SYNC_ERROR, RAPPORT_SYNC_ERROR_FAILED,
                                      "The “%s” provider returned a page for resource “%s”",
                                      state->resource, page->resource));
      return;
    }

  if (page_is_empty (page, state->cursor))
    {
      if (page->has_more)
        {
          /* A backend that pages forward without data and without moving the cursor would
           * loop forever. */
          finish_pull (task, g_error_new (RAPPORT_SYNC_ERROR, RAPPORT_SYNC_ERROR_FAILED,
                                          "The “%s” provider returned an empty page that "
                                          "does not advance", state->resource));
          return;
        }
      finish_pull (task, NULL);
      return;
    }

  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      finish_pull (task, g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Sync was cancelled"));
      return;
    }

  state->page = g_steal_pointer (&page);
  cancellable = g_task_get_cancellable (task);
  rapport_store_apply_page_async (self->store, self->account_id, state->page, cancellable,
                                  on_apply_page_cb, g_steal_pointer (&task));
}

static void
pull_next_page (GTask *task)
{
  RapportSyncEngine *self = g_task_get_source_object (task);
  PullState *state = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  if (cancellable != NULL && g_cancellable_is_cancelled (cancellable))
    {
      finish_pull (task, g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Sync was cancelled"));
      g_object_unref (task);
      return;
    }

  rapport_provider_pull_changes_async (self->provider, state->cursor, cancellable,
                                       on_pull_changes_cb, task);
}

static void
on_get_cursor_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PullState *state = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  state->cursor = rapport_store_get_cursor_finish (RAPPORT_STORE (source), result, &error);
  if (error != NULL)
    {
      finish_pull (task, g_steal_pointer (&error));
      return;
    }

  pull_next_page (g_steal_pointer (&task));
}

/**
 * rapport_sync_engine_pull_async:
 * @self: a #RapportSyncEngine
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the pull finished
 * @user_data: data for @callback
 *
 * Pulls every page the provider has after the stored cursor. Fails at once with
 * RAPPORT_SYNC_ERROR_BUSY when a pull is already running.
 */
void
rapport_sync_engine_pull_async (RapportSyncEngine   *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  PullState *state;

  g_return_if_fail (RAPPORT_IS_SYNC_ENGINE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rapport_sync_engine_pull_async);

  if (self->syncing)
    {
      g_task_return_new_error (task, RAPPORT_SYNC_ERROR, RAPPORT_SYNC_ERROR_BUSY,
                               "A pull is already running for account %" G_GINT64_FORMAT,
                               self->account_id);
      return;
    }

  state = g_new0 (PullState, 1);
  state->resource = g_strdup (rapport_provider_get_kind (self->provider));
  g_task_set_task_data (task, state, (GDestroyNotify) pull_state_free);

  set_syncing (self, TRUE);

  rapport_store_get_cursor_async (self->store, self->account_id, state->resource, cancellable,
                                  on_get_cursor_cb, g_steal_pointer (&task));
}

/**
 * rapport_sync_engine_pull_finish:
 *
 * Returns: the number of pages applied, or -1 with @error set.
 */
gint64
rapport_sync_engine_pull_finish (RapportSyncEngine  *self,
                                 GAsyncResult       *result,
                                 GError            **error)
{
  g_return_val_if_fail (RAPPORT_IS_SYNC_ENGINE (self), -1);
  g_return_val_if_fail (g_task_is_valid (result, self), -1);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        rapport_sync_engine_pull_async, -1);

  return g_task_propagate_int (G_TASK (result), error);
}

gboolean
rapport_sync_engine_get_syncing (RapportSyncEngine *self)
{
  g_return_val_if_fail (RAPPORT_IS_SYNC_ENGINE (self), FALSE);

  return self->syncing;
}

static void
rapport_sync_engine_dispose (GObject *object)
{
  RapportSyncEngine *self = RAPPORT_SYNC_ENGINE (object);

  g_clear_object (&self->store);
  g_clear_object (&self->provider);

  G_OBJECT_CLASS (rapport_sync_engine_parent_class)->dispose (object);
}

static void
rapport_sync_engine_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  RapportSyncEngine *self = RAPPORT_SYNC_ENGINE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_PROVIDER:
      g_value_set_object (value, self->provider);
      break;

    case PROP_ACCOUNT_ID:
      g_value_set_int64 (value, self->account_id);
      break;

    case PROP_SYNCING:
      g_value_set_boolean (value, self->syncing);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_sync_engine_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  RapportSyncEngine *self = RAPPORT_SYNC_ENGINE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_PROVIDER:
      self->provider = g_value_dup_object (value);
      break;

    case PROP_ACCOUNT_ID:
      self->account_id = g_value_get_int64 (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_sync_engine_class_init (RapportSyncEngineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rapport_sync_engine_dispose;
  object_class->get_property = rapport_sync_engine_get_property;
  object_class->set_property = rapport_sync_engine_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         RAPPORT_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROVIDER] =
    g_param_spec_object ("provider", NULL, NULL,
                         RAPPORT_TYPE_PROVIDER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACCOUNT_ID] =
    g_param_spec_int64 ("account-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SYNCING] =
    g_param_spec_boolean ("syncing", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RapportSyncEngine::progress:
   * @items_done: customer records pulled so far in this pull
   * @items_total_hint: expected total for this pull, 0 when unknown
   */
  signals[SIGNAL_PROGRESS] =
    g_signal_new ("progress",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_UINT64, G_TYPE_UINT64);

  /**
   * RapportSyncEngine::sync-finished:
   * @error: (nullable): why the pull stopped, %NULL on success
   */
  signals[SIGNAL_SYNC_FINISHED] =
    g_signal_new ("sync-finished",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
rapport_sync_engine_init (RapportSyncEngine *self)
{
}

/**
 * rapport_sync_engine_new:
 *
 * Returns: (transfer full): a sync engine pulling @provider's changes for @account_id
 *   into @store.
 */
RapportSyncEngine *
rapport_sync_engine_new (RapportStore    *store,
                         RapportProvider *provider,
                         gint64           account_id)
{
  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);
  g_return_val_if_fail (RAPPORT_IS_PROVIDER (provider), NULL);
  g_return_val_if_fail (account_id > 0, NULL);

  return g_object_new (RAPPORT_TYPE_SYNC_ENGINE,
                       "store", store,
                       "provider", provider,
                       "account-id", account_id,
                       NULL);
}
