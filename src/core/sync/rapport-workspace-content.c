/* rapport-workspace-content.c: what the workspace does for suggestions after a pull: the
 * backend's canned responses and articles fetched into the store, and the past-answers index
 * brought up to date. Neither ever holds up or fails the ticket sync.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-workspace"

#include "config.h"

#include "rapport-workspace.h"

#include "rapport-store-private.h"
#include "rapport-store-suggest.h"
#include "rapport-workspace-private.h"

/* ---------------------------------------------------------------------------------------------
 * The past-answers index
 * ------------------------------------------------------------------------------------------- */

static void index_past_answers (RapportWorkspace *self);

static void
on_indexed_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(RapportWorkspace) self = _rapport_workspace_weak_ref_steal (user_data);
  g_autoptr(GError) error = NULL;
  guint added;

  added = rapport_store_index_past_answers_finish (RAPPORT_STORE (source), result, &error);
  if (self == NULL)
    return;

  self->indexing = FALSE;
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Could not index the past answers of account %" G_GINT64_FORMAT ": %s",
               self->account_id, error->message);
  else if (added > 0)
    g_debug ("Indexed %u past answers of account %" G_GINT64_FORMAT, added, self->account_id);

  if (self->index_again)
    index_past_answers (self);
}

/* One run at a time: pulls that end meanwhile ask for one more run after it, not one each. */
static void
index_past_answers (RapportWorkspace *self)
{
  if (self->indexing)
    {
      self->index_again = TRUE;
      return;
    }

  self->indexing = TRUE;
  self->index_again = FALSE;
  rapport_store_index_past_answers_async (self->store, self->cancellable, on_indexed_cb,
                                          _rapport_workspace_weak_ref_new (self));
}

/* ---------------------------------------------------------------------------------------------
 * The backend's canned responses and articles
 * ------------------------------------------------------------------------------------------- */

/* Shown like a failed pull until a fetch succeeds; NULL: it did. */
static void
set_content_error (RapportWorkspace *self,
                   const char       *message)
{
  g_autofree char *shown = NULL;

  if (message != NULL)
    {
      shown = g_strdup_printf ("Canned responses and articles of account %" G_GINT64_FORMAT
                               " could not be read: %s", self->account_id, message);
      g_message ("%s", shown);
      _rapport_workspace_set_last_error (self, shown);
    }
  else if (self->content_error != NULL &&
           g_strcmp0 (rapport_workspace_get_last_error (self), self->content_error) == 0)
    {
      _rapport_workspace_set_last_error (self, NULL);
    }

  g_free (self->content_error);
  self->content_error = g_steal_pointer (&shown);
}

typedef struct
{
  gint64     account_id;
  GPtrArray *candidates;  /* (element-type RapportCandidate) */
} StoreData;

static void
store_data_free (gpointer data)
{
  StoreData *d = data;

  g_ptr_array_unref (d->candidates);
  g_free (d);
}

static gpointer
store_content_work (RapportStore  *store,
                    gpointer       data,
                    GCancellable  *cancellable,
                    GError       **error)
{
  StoreData *d = data;

  return RAPPORT_STORE_WORK_BOOLEAN (rapport_store_replace_account_candidates (store,
                                                                               d->account_id,
                                                                               d->candidates,
                                                                               error));
}

static void
on_content_stored_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  RapportWorkspace *self = RAPPORT_WORKSPACE (source);
  StoreData *d = _rapport_store_run_get_data (result);
  g_autoptr(GError) error = NULL;

  self->content_fetching = FALSE;
  if (!_rapport_store_run_finish_boolean (self, result, _rapport_workspace_content_after_pull,
                                          &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_content_error (self, error->message);
      return;
    }

  g_debug ("Stored %u canned responses and articles of account %" G_GINT64_FORMAT,
           d->candidates->len, self->account_id);
  set_content_error (self, NULL);
}

static void
on_content_fetched_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(RapportWorkspace) self = _rapport_workspace_weak_ref_steal (user_data);
  g_autoptr(GPtrArray) fetched = NULL;
  g_autoptr(GError) error = NULL;
  StoreData *d;

  fetched = rapport_provider_fetch_canned_content_finish (RAPPORT_PROVIDER (source), result,
                                                          &error);
  if (self == NULL)
    return;

  if (fetched == NULL)
    {
      self->content_fetching = FALSE;
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_content_error (self, error->message);
      return;
    }

  d = g_new0 (StoreData, 1);
  d->account_id = self->account_id;
  d->candidates = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < fetched->len; i++)
    {
      RapportCandidate *candidate = g_ptr_array_index (fetched, i);
      const char *remote_id = rapport_candidate_get_remote_id (candidate);

      /* The account's content is known by its remote ids. */
      if (remote_id == NULL || remote_id[0] == '\0')
        {
          g_message ("Leaving out “%s” of account %" G_GINT64_FORMAT ": it has no remote id",
                     rapport_candidate_get_key (candidate), self->account_id);
          continue;
        }
      rapport_candidate_set_remote (candidate, self->account_id, remote_id);
      g_ptr_array_add (d->candidates, g_object_ref (candidate));
    }

  _rapport_store_run_async (self->store, self, _rapport_workspace_content_after_pull,
                            store_content_work, d, store_data_free, NULL, self->cancellable,
                            on_content_stored_cb, NULL);
}

static void
fetch_content (RapportWorkspace *self)
{
  gint64 now = g_get_monotonic_time ();

  if (self->content_fetching || !rapport_provider_can_fetch_canned_content (self->provider))
    return;

  if (!self->content_wanted && self->content_fetched_at != 0 &&
      now - self->content_fetched_at <
        (gint64) RAPPORT_WORKSPACE_CONTENT_INTERVAL_S * G_USEC_PER_SEC)
    return;

  self->content_wanted = FALSE;
  self->content_fetching = TRUE;
  self->content_fetched_at = now;
  rapport_provider_fetch_canned_content_async (self->provider, self->cancellable,
                                               on_content_fetched_cb,
                                               _rapport_workspace_weak_ref_new (self));
}

static gboolean
on_index_timer_cb (gpointer user_data)
{
  RapportWorkspace *self = user_data;

  g_clear_pointer (&self->index_timer, g_source_unref);
  index_past_answers (self);

  return G_SOURCE_REMOVE;
}

void
_rapport_workspace_content_after_pull (RapportWorkspace *self)
{
  /* The first run can be long (a cache of a large helpdesk indexed for the first time): it
   * waits a moment, so that it does not compete with the window loading its first view. */
  if (!self->index_started)
    {
      self->index_started = TRUE;
      self->index_timer = g_timeout_source_new_seconds (RAPPORT_WORKSPACE_INDEX_DELAY_S);
      g_source_set_static_name (self->index_timer, "[rapport-workspace] first index");
      g_source_set_callback (self->index_timer, on_index_timer_cb, self, NULL);
      g_source_attach (self->index_timer, self->context);
    }
  else if (self->index_timer == NULL)
    index_past_answers (self);

  fetch_content (self);
}

/* stop() and dispose: the first run is not due any more (the next pull asks again). */
void
_rapport_workspace_content_stop (RapportWorkspace *self)
{
  if (self->index_timer != NULL)
    {
      g_source_destroy (self->index_timer);
      g_clear_pointer (&self->index_timer, g_source_unref);
      self->index_started = FALSE;
    }
}

void
_rapport_workspace_content_want (RapportWorkspace *self)
{
  self->content_wanted = TRUE;
}

void
_rapport_workspace_content_finalize (RapportWorkspace *self)
{
  g_clear_pointer (&self->content_error, g_free);
}
