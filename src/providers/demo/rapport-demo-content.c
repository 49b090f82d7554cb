/* rapport-demo-content.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-demo-provider"

#include "config.h"

#include "rapport-demo-content.h"

#include "rapport-demo-suggest.h"
#include "rapport-http.h"

static void
fetch_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  if (g_task_return_error_if_cancelled (task))
    return;

  g_task_return_pointer (task, rapport_demo_suggest_candidates (),
                         (GDestroyNotify) g_ptr_array_unref);
}

void
_rapport_demo_fetch_canned_content_async (RapportProvider     *provider,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (provider, cancellable, callback, user_data);

  g_task_set_source_tag (task, _rapport_demo_fetch_canned_content_async);
  g_task_run_in_thread (task, fetch_thread);
}

GPtrArray *
_rapport_demo_fetch_canned_content_finish (RapportProvider  *provider,
                                           GAsyncResult     *result,
                                           GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  RapportDemoServer *server;
  char              *ticket_remote_id;
  char              *article_remote_id;
} LinkJob;

static void
link_job_free (LinkJob *job)
{
  _rapport_demo_server_unref (job->server);
  g_free (job->ticket_remote_id);
  g_free (job->article_remote_id);
  g_free (job);
}

/* Whether @remote_id is one of the demo's articles. */
static gboolean
is_demo_article (const char *remote_id)
{
  g_autoptr(GPtrArray) candidates = rapport_demo_suggest_candidates ();

  for (guint i = 0; i < candidates->len; i++)
    {
      RapportCandidate *candidate = g_ptr_array_index (candidates, i);

      if (rapport_candidate_get_kind (candidate) == RAPPORT_CANDIDATE_ARTICLE &&
          g_strcmp0 (rapport_candidate_get_remote_id (candidate), remote_id) == 0)
        return TRUE;
    }

  return FALSE;
}

static void
link_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LinkJob *job = task_data;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  if (job->ticket_remote_id[0] == '\0' || !is_demo_article (job->article_remote_id))
    {
      g_autofree char *quoted_article = rapport_http_quote (job->article_remote_id, 40);
      g_autofree char *quoted_ticket = rapport_http_quote (job->ticket_remote_id, 40);

      g_task_return_new_error (task, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_NOT_FOUND,
                               "The demo helpdesk has no article “%s” to link to ticket “%s”",
                               quoted_article, quoted_ticket);
      return;
    }

  if (!_rapport_demo_server_link_article (job->server, job->ticket_remote_id,
                                          job->article_remote_id, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
_rapport_demo_link_article_async (RapportProvider     *provider,
                                  RapportDemoServer   *server,
                                  const char          *ticket_remote_id,
                                  const char          *article_remote_id,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (provider, cancellable, callback, user_data);
  LinkJob *job = g_new0 (LinkJob, 1);

  g_task_set_source_tag (task, _rapport_demo_link_article_async);
  job->server = _rapport_demo_server_ref (server);
  job->ticket_remote_id = g_strdup (ticket_remote_id);
  job->article_remote_id = g_strdup (article_remote_id);
  g_task_set_task_data (task, job, (GDestroyNotify) link_job_free);
  g_task_run_in_thread (task, link_thread);
}

gboolean
_rapport_demo_link_article_finish (RapportProvider  *provider,
                                   GAsyncResult     *result,
                                   GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
