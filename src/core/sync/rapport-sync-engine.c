/* rapport-sync-engine.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-sync-engine"

#include "config.h"

#include "rapport-sync-engine.h"

/* The pull, for one account, is a pipeline of two branches that overlap by one page:
 *
 *   store.get_cursor (account, resource)                → C0
 *   provider.pull_changes (C0)                          → page 1
 *   store.apply_page (page 1)  ‖  provider.pull_changes (page 1's next_cursor) → page 2
 *   store.apply_page (page 2)  ‖  provider.pull_changes (page 2's next_cursor) → page 3
 *   …                             until a page says has_more = FALSE
 *
 * While the store's worker applies page N, page N+1 is already on its way from the provider
 * (generated in a worker for the demo, a network round trip for real backends), so a pull
 * takes about as long as the slower branch instead of the sum of both. At most one page is
 * fetched ahead: page N+2 is asked for only once page N+1's apply has started, so at most
 * two pages are in memory.
 *
 * Pages are still applied one at a time and in order, each in one transaction together with
 * its own next_cursor, so the stored cursor is always the last applied page's: a crash or a
 * cancellation leaves the store there, and the next pull resumes from it, losing nothing
 * and repeating nothing. A page fetched ahead and never applied is simply asked for again.
 *
 * The resource name is the provider's kind ("demo", "rt" …); a page that names another
 * resource is an error, since its cursor would be stored where the next pull does not look.
 * A page with nothing in it and no new cursor (judged against the cursor it was asked with)
 * is not applied, so pulling an up-to-date account writes nothing and emits no "changed";
 * such a page that still claims has_more would loop forever and is an error.
 *
 * Records set aside. Before the first page, the records earlier pulls set aside (a record
 * the backend could not read, or the store refused: RapportSyncPage) are read from the store
 * and, when the provider can, asked for again by id (at most RAPPORT_SYNC_MAX_RETRIED, the
 * least recently tried first): the answer is a page without a cursor, applied before the
 * others like any page, in which the records that now read replace their entries and those
 * that still do not keep them. Pages meanwhile go on from the stored cursor, which a bad
 * record never holds back.
 *
 * Progress counts customer records, emitted after each applied page: "progress" reports the
 * records pulled so far in this pull against (records pulled before the page + the page's
 * total_hint), where a backend's total_hint is what it still has to send from that page on
 * (the demo provider knows it exactly; 0 = unknown, reported as a total of 0).
 *
 * Stopping. Both branches run with an internal GCancellable chained to the caller's. The
 * first error is the one reported, once ("sync-finished" and the task's result), and the
 * task returns only when both branches are idle:
 *   - the store fails to apply a page: the internal cancellable stops the provider's request
 *     and the page fetched ahead, if any, is dropped;
 *   - the provider fails (or sends a page that cannot be accepted): nothing more is asked
 *     for or applied; the page already in the store's worker is complete and valid, so its
 *     apply is let finish and commit with its cursor (cancelling it would only throw that
 *     work away and pull the page again next time);
 *   - the caller cancels: both branches are cancelled, in the running store or provider call
 *     or between steps; pages already committed stay, each with its cursor.
 * Errors after the first are not reported to the caller: the cancellations the stop itself
 * causes are expected, anything else is logged with g_warning. */

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

  /* Stops both branches; cancelled with the caller's cancellable or on a store error. */
  GCancellable    *cancellable;
  GCancellable    *caller_cancellable;  /* owned ref, nullable */
  gulong           caller_cancelled_id;

  /* apply branch */
  RapportSyncPage *applying;      /* in the store's worker */
  RapportSyncPage *prefetched;    /* accepted from the provider, waiting for the store */

  /* fetch branch */
  char            *fetch_cursor;  /* after the last accepted page (at first: the stored one) */
  gboolean         fetching;      /* a pull_changes call is running (or, first, the retry of
                                   * the records set aside) */
  gboolean         provider_done; /* the provider said it has nothing more */

  GError          *error;         /* the first error: nothing new starts once it is set */
  gint64           pages_applied;
  guint64          items_done;
} PullState;

static void
pull_state_free (PullState *state)
{
  /* finish_pull() disconnected already; this only matters if the task never returned. */
  g_cancellable_disconnect (state->caller_cancellable, state->caller_cancelled_id);

  g_free (state->resource);
  g_clear_object (&state->cancellable);
  g_clear_object (&state->caller_cancellable);
  g_clear_pointer (&state->applying, rapport_sync_page_free);
  g_clear_pointer (&state->prefetched, rapport_sync_page_free);
  g_free (state->fetch_cursor);
  g_clear_error (&state->error);
  g_free (state);
}

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

static void
replace_string (char       **slot,
                const char  *value)
{
  char *copy = g_strdup (value);

  g_free (*slot);
  *slot = copy;
}

/* Ends the pull, once both branches are idle: clears "syncing", emits "sync-finished", and
 * returns the task's result. */
static void
finish_pull (GTask  *task,
             GError *error)
{
  RapportSyncEngine *self = g_task_get_source_object (task);
  PullState *state = g_task_get_task_data (task);

  g_assert (!state->fetching);
  g_assert (state->applying == NULL);
  g_assert (state->prefetched == NULL);

  g_cancellable_disconnect (state->caller_cancellable, state->caller_cancelled_id);
  state->caller_cancelled_id = 0;

  set_syncing (self, FALSE);
  g_signal_emit (self, signals[SIGNAL_SYNC_FINISHED], 0, error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, state->pages_applied);
}

/* Records why the pull stops. Only the first error is reported; a later one is expected when
 * it is the cancellation the stop caused, and logged otherwise. */
static void
pull_fail (PullState *state,
           GError    *error)
{
  if (state->error == NULL)
    {
      state->error = error;
      return;
    }

  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Pulling “%s” had already stopped (%s); a further error is not reported: %s",
               state->resource, state->error->message, error->message);
  g_error_free (error);
}

static gboolean
page_is_empty (RapportSyncPage *page,
               const char      *cursor)
{
  return page->customers->len == 0 &&
         page->tickets->len == 0 &&
         page->messages->len == 0 &&
         page->deleted_ticket_ids->len == 0 &&
         page->money_actions->len == 0 &&
         page->approvals->len == 0 &&
         page->set_aside->len == 0 &&
         page->retried->len == 0 &&
         (page->next_cursor == NULL || g_strcmp0 (page->next_cursor, cursor) == 0);
}

static void pull_advance (GTask *task);

static void
on_apply_page_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RapportSyncEngine *self = g_task_get_source_object (task);
  PullState *state = g_task_get_task_data (task);
  g_autoptr(RapportSyncPage) page = g_steal_pointer (&state->applying);
  g_autoptr(GError) error = NULL;
  guint64 total;

  if (!rapport_store_apply_page_finish (RAPPORT_STORE (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_prefix_error (&error, "Could not store a page pulled from “%s”: ", state->resource);
      pull_fail (state, g_steal_pointer (&error));
      /* Stop the fetch branch: its page could not follow this one. */
      g_cancellable_cancel (state->cancellable);
      pull_advance (task);
      return;
    }

  state->pages_applied++;
  total = page->total_hint > 0 ? state->items_done + page->total_hint : 0;
  state->items_done += page->customers->len;

  g_signal_emit (self, signals[SIGNAL_PROGRESS], 0, state->items_done,
                 total > 0 ? MAX (total, state->items_done) : (guint64) 0);

  pull_advance (task);
}

static void
start_apply (GTask           *task,
             RapportSyncPage *page)
{
  RapportSyncEngine *self = g_task_get_source_object (task);
  PullState *state = g_task_get_task_data (task);

  g_assert (state->applying == NULL);

  state->applying = page;
  rapport_store_apply_page_async (self->store, self->account_id, state->applying,
                                  state->cancellable, on_apply_page_cb, g_object_ref (task));
}

/* Checks a page against the cursor it was asked with. Returns FALSE with @error when the
 * pull must stop; otherwise TRUE, with *apply telling whether the page has anything to
 * store. */
static gboolean
check_page (PullState        *state,
            RapportSyncPage  *page,
            gboolean         *apply,
            GError          **error)
{
  if (page->resource == NULL)
    page->resource = g_strdup (state->resource);
  else if (g_strcmp0 (page->resource, state->resource) != 0)
    {
      g_set_error (error, RAPPORT_SYNC_ERROR, RAPPORT_SYNC_ERROR_FAILED,
                   "The “%s” provider returned a page for resource “%s”",
                   state->resource, page->resource);
      return FALSE;
    }

  if (page_is_empty (page, state->fetch_cursor))
    {
      if (page->has_more)
        {
          /* A backend that pages forward without data and without moving the cursor would
           * loop forever. */
          g_set_error (error, RAPPORT_SYNC_ERROR, RAPPORT_SYNC_ERROR_FAILED,
                       "The “%s” provider returned an empty page that does not advance",
                       state->resource);
          return FALSE;
        }
      *apply = FALSE;
      return TRUE;
    }

  *apply = TRUE;
  return TRUE;
}

/* Takes a provider's answer (@page and @error owned, one of them set): a page of the pull, or
 * with @retry the page of the records set aside read again, which never moves the cursor. */
static void
accept_answer (GTask           *task,
               RapportSyncPage *page,
               GError          *error,
               gboolean         retry)
{
  PullState *state = g_task_get_task_data (task);
  g_autoptr(RapportSyncPage) owned_page = page;
  gboolean apply = FALSE;

  g_assert (state->fetching);
  state->fetching = FALSE;

  if (page == NULL)
    {
      if (error == NULL)
        error = g_error_new (RAPPORT_SYNC_ERROR, RAPPORT_SYNC_ERROR_FAILED,
                             "The “%s” provider returned no page and no error",
                             state->resource);
      else if (retry && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_prefix_error (&error, "Reading records set aside again: ");
      pull_fail (state, error);
    }
  else if (state->error != NULL)
    {
      /* Stopping: a page that arrived anyway is dropped; the next pull asks for it again. */
    }
  else
    {
      if (retry)
        {
          g_clear_pointer (&page->next_cursor, g_free);
          page->has_more = FALSE;
        }

      if (!check_page (state, page, &apply, &error))
        pull_fail (state, error);
      else if (!apply)
        state->provider_done = state->provider_done || !retry;
      else
        {
          g_assert (state->prefetched == NULL);
          if (!retry)
            {
              if (page->next_cursor != NULL)
                replace_string (&state->fetch_cursor, page->next_cursor);
              state->provider_done = !page->has_more;
            }
          state->prefetched = g_steal_pointer (&owned_page);
        }
    }

  pull_advance (task);
}

static void
on_pull_changes_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  RapportSyncPage *page;

  page = rapport_provider_pull_changes_finish (RAPPORT_PROVIDER (source), result, &error);
  accept_answer (task, page, error, FALSE);
}

static void
start_fetch (GTask *task)
{
  RapportSyncEngine *self = g_task_get_source_object (task);
  PullState *state = g_task_get_task_data (task);

  g_assert (!state->fetching);

  state->fetching = TRUE;
  rapport_provider_pull_changes_async (self->provider, state->fetch_cursor, state->cancellable,
                                       on_pull_changes_cb, g_object_ref (task));
}

/* Called after every event of either branch: starts what can start (the next apply, then
 * the next fetch, never more than one page ahead) and finishes the pull once both branches
 * are idle with nothing left to do. */
static void
pull_advance (GTask *task)
{
  PullState *state = g_task_get_task_data (task);

  if (state->error == NULL && g_cancellable_is_cancelled (state->cancellable))
    pull_fail (state, g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Sync was cancelled"));

  if (state->error != NULL)
    {
      g_clear_pointer (&state->prefetched, rapport_sync_page_free);
      if (!state->fetching && state->applying == NULL)
        finish_pull (task, g_steal_pointer (&state->error));
      return;
    }

  if (state->applying == NULL && state->prefetched != NULL)
    start_apply (task, g_steal_pointer (&state->prefetched));

  if (!state->fetching && state->prefetched == NULL && !state->provider_done)
    start_fetch (task);

  if (!state->fetching && state->applying == NULL)
    finish_pull (task, NULL);
}

static void
on_refetch_records_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  RapportSyncPage *page;

  page = rapport_provider_refetch_records_finish (RAPPORT_PROVIDER (source), result, &error);
  accept_answer (task, page, error, TRUE);
}

static void
on_list_set_aside_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RapportSyncEngine *self = g_task_get_source_object (task);
  PullState *state = g_task_get_task_data (task);
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;

  g_assert (state->fetching);

  records = rapport_store_list_set_aside_finish (RAPPORT_STORE (source), result, &error);
  if (records == NULL)
    pull_fail (state, g_steal_pointer (&error));

  if (records == NULL || records->len == 0 || state->error != NULL ||
      g_cancellable_is_cancelled (state->cancellable))
    {
      state->fetching = FALSE;
      pull_advance (task);
      return;
    }

  if (records->len > RAPPORT_SYNC_MAX_RETRIED)
    g_ptr_array_set_size (records, RAPPORT_SYNC_MAX_RETRIED);

  g_debug ("Reading %u records set aside for account %" G_GINT64_FORMAT " again",
           records->len, self->account_id);
  rapport_provider_refetch_records_async (self->provider, records, state->cancellable,
                                          on_refetch_records_cb, g_steal_pointer (&task));
}

static void
on_get_cursor_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RapportSyncEngine *self = g_task_get_source_object (task);
  PullState *state = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  state->fetch_cursor = rapport_store_get_cursor_finish (RAPPORT_STORE (source), result,
                                                        &error);
  if (error != NULL)
    pull_fail (state, g_steal_pointer (&error));

  if (state->error == NULL && rapport_provider_can_refetch_records (self->provider))
    {
      state->fetching = TRUE;
      rapport_store_list_set_aside_async (self->store, self->account_id, state->cancellable,
                                          on_list_set_aside_cb, g_steal_pointer (&task));
      return;
    }

  pull_advance (task);
}

static void
on_caller_cancelled_cb (GCancellable *caller_cancellable,
                        gpointer      user_data)
{
  /* May run in any thread; cancelling is thread-safe. */
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

/**
 * rapport_sync_engine_pull_async:
 * @self: a #RapportSyncEngine
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the pull finished
 * @user_data: data for @callback
 *
 * Pulls every page the provider has after the stored cursor, fetching the next page while
 * the previous one is applied. Fails at once with RAPPORT_SYNC_ERROR_BUSY when a pull is
 * already running.
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
  state->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    {
      state->caller_cancellable = g_object_ref (cancellable);
      /* Returns 0 (after calling the handler) when @cancellable is cancelled already. */
      state->caller_cancelled_id = g_cancellable_connect (cancellable,
                                                          G_CALLBACK (on_caller_cancelled_cb),
                                                          g_object_ref (state->cancellable),
                                                          g_object_unref);
    }
  g_task_set_task_data (task, state, (GDestroyNotify) pull_state_free);

  set_syncing (self, TRUE);

  rapport_store_get_cursor_async (self->store, self->account_id, state->resource,
                                  state->cancellable, on_get_cursor_cb, g_steal_pointer (&task));
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
