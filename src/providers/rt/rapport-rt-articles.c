/* rapport-rt-articles.c: RT Articles as suggestion content (fetch_canned_content) and the
 * link RT's own reply form makes when an article is included (link_article). See
 * docs/decisions/0008-rt-articles.md for what REST2 offers and how it was verified.
 *
 * Fetch: the classes the user may see (GET /classes/all), then every article
 * (GET /articles, a JSON query on id > 0, 100 a page, at most RAPPORT_RT_ARTICLES_MAX_PAGES
 * pages), mapped by rapport_rt_parse_article(). A page with no item ends it: RT drops the rows
 * the user may not see after its SQL LIMIT, so a short page is not the last, and such
 * collections have no total. An RT whose REST2 has no articles (404), that refuses them
 * (403), or where the user sees no class, has none: an empty list, and the provider drops
 * CANNED_RESPONSES and KNOWLEDGE_BASE from its capabilities for
 * RAPPORT_RT_ARTICLES_RECHECK_S (rights may be granted later).
 *
 * Link: the article's URI (GET /article/:id), PUT /ticket/:id {"AddRefersTo": URI} (never
 * "RefersTo", which replaces every RefersTo link of the ticket), then the ticket read back:
 * RT answers 200 whether or not it linked, "Link already exists" when it was there.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-rt-provider"

#include "config.h"

#include "rapport-rt-provider-private.h"

#include "rapport-rt-articles-parser.h"
#include "rapport-http.h"

/* "id > 0": RT's JSON search needs a condition; an empty query finds nothing. */
#define ARTICLES_QUERY   "[{\"field\":\"id\",\"operator\":\">\",\"value\":0}]"
#define ARTICLES_FIELDS  "Name,Summary,Class,CustomFields,LastUpdated,Disabled"
#define CLASSES_FIELDS   "Name,Disabled"
#define ARTICLES_PER_PAGE 100u
#define CLASSES_MAX_PAGES 10u

/* ------------------------------------------------------------------------------------ */
/* Capabilities                                                                          */

RapportProviderCapabilities
_rapport_rt_provider_article_capabilities (RapportRtProvider *self)
{
  /* Until a fetch finds none, the server may have articles. */
  if (self->articles_missing_since != 0 &&
      g_get_monotonic_time () - self->articles_missing_since <
        (gint64) RAPPORT_RT_ARTICLES_RECHECK_S * G_USEC_PER_SEC)
    return RAPPORT_PROVIDER_CAPABILITY_NONE;

  return RAPPORT_PROVIDER_CAPABILITY_CANNED_RESPONSES | RAPPORT_PROVIDER_CAPABILITY_KNOWLEDGE_BASE;
}

/* ------------------------------------------------------------------------------------ */
/* fetch_canned_content                                                                  */

typedef struct
{
  GHashTable *classes;     /* class id → Name */
  GPtrArray  *candidates;  /* (element-type RapportCandidate) */
  guint       page;
  guint       skipped;     /* items that were not articles */
} FetchJob;

static void
fetch_job_free (FetchJob *job)
{
  g_hash_table_unref (job->classes);
  g_ptr_array_unref (job->candidates);
  g_free (job);
}

static void fetch_classes_page  (GTask *task);
static void fetch_articles_page (GTask *task);

/* The server has no articles for this user: an empty list, and no capability for now. */
static void
return_none (GTask      *task,
             const char *why)
{
  RapportRtProvider *self = g_task_get_source_object (task);
  FetchJob *job = g_task_get_task_data (task);

  g_debug ("RT has no articles for this user (%s)", why);
  self->articles_missing_since = g_get_monotonic_time ();
  g_task_return_pointer (task, g_ptr_array_ref (job->candidates),
                         (GDestroyNotify) g_ptr_array_unref);
}

/* 404: this REST2 has no such resource; 403: the user may not use it. */
static gboolean
is_absent (const GError *error)
{
  return g_error_matches (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_NOT_FOUND) ||
         g_error_matches (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_FORBIDDEN);
}

/* Ends @task when there is an @error (owned): with @absent_is_none, an absent resource is no
 * articles at all. Returns whether it did. */
static gboolean
end_on_error (GTask    *task,
              GError   *error,
              gboolean  absent_is_none)
{
  if (error == NULL)
    return FALSE;

  if (absent_is_none && is_absent (error))
    {
      g_autofree char *why = g_strdup (error->message);

      g_error_free (error);
      return_none (task, why);
    }
  else
    {
      g_task_return_error (task, error);
    }

  return TRUE;
}

static void
on_articles_page_cb (GTask      *task,
                     RtResponse *response,
                     GError     *error)
{
  RapportRtProvider *self = g_task_get_source_object (task);
  FetchJob *job = g_task_get_task_data (task);
  g_autoptr(RtResponse) r = response;
  JsonArray *items;

  if (end_on_error (task, error, job->page == 1))
    return;

  items = rapport_rt_page_get_items (r->root, &error);
  if (items == NULL)
    {
      g_prefix_error (&error, "RT articles, page %u: ", job->page);
      g_task_return_error (task, error);
      return;
    }

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      g_autoptr(GError) item_error = NULL;
      RapportCandidate *candidate;

      candidate = rapport_rt_parse_article (json_array_get_element (items, i), job->classes,
                                            rapport_rt_provider_get_base_url (self),
                                            &item_error);
      if (candidate != NULL)
        g_ptr_array_add (job->candidates, candidate);
      else if (item_error != NULL)
        {
          /* One broken article does not hide the others. */
          job->skipped++;
          g_message ("Leaving out an RT article: %s", item_error->message);
        }
    }

  if (json_array_get_length (items) == 0)
    {
      self->articles_missing_since = 0;
      g_debug ("Read %u RT articles (%u left out as broken)", job->candidates->len,
               job->skipped);
      g_task_return_pointer (task, g_ptr_array_ref (job->candidates),
                             (GDestroyNotify) g_ptr_array_unref);
      return;
    }

  if (job->page >= RAPPORT_RT_ARTICLES_MAX_PAGES)
    {
      self->articles_missing_since = 0;
      g_message ("RT has more articles than Rapport reads (%u pages of %u): the first %u are "
                 "used", RAPPORT_RT_ARTICLES_MAX_PAGES, ARTICLES_PER_PAGE,
                 job->candidates->len);
      g_task_return_pointer (task, g_ptr_array_ref (job->candidates),
                             (GDestroyNotify) g_ptr_array_unref);
      return;
    }

  job->page++;
  fetch_articles_page (task);
}

static void
fetch_articles_page (GTask *task)
{
  FetchJob *job = g_task_get_task_data (task);
  g_autoptr(GString) query = g_string_new (NULL);

  _rapport_rt_query_add (query, "query", ARTICLES_QUERY);
  _rapport_rt_query_add (query, "fields", ARTICLES_FIELDS);
  _rapport_rt_query_add_paging (query, "ASC", ARTICLES_PER_PAGE, job->page);
  _rapport_rt_get (task, "articles", query, NULL, on_articles_page_cb);
}

static void
on_classes_page_cb (GTask      *task,
                    RtResponse *response,
                    GError     *error)
{
  FetchJob *job = g_task_get_task_data (task);
  g_autoptr(RtResponse) r = response;
  JsonArray *items;

  if (end_on_error (task, error, TRUE))
    return;

  items = rapport_rt_page_get_items (r->root, &error);
  if (items == NULL || !rapport_rt_parse_article_classes (r->root, job->classes, &error))
    {
      g_prefix_error (&error, "RT article classes: ");
      g_task_return_error (task, error);
      return;
    }

  if (json_array_get_length (items) > 0 && job->page < CLASSES_MAX_PAGES)
    {
      job->page++;
      fetch_classes_page (task);
      return;
    }

  if (g_hash_table_size (job->classes) == 0)
    {
      return_none (task, "no enabled class it may see");
      return;
    }

  job->page = 1;
  fetch_articles_page (task);
}

static void
fetch_classes_page (GTask *task)
{
  FetchJob *job = g_task_get_task_data (task);
  g_autoptr(GString) query = g_string_new (NULL);

  _rapport_rt_query_add (query, "fields", CLASSES_FIELDS);
  _rapport_rt_query_add_paging (query, "ASC", ARTICLES_PER_PAGE, job->page);
  _rapport_rt_get (task, "classes/all", query, NULL, on_classes_page_cb);
}

void
_rapport_rt_provider_fetch_canned_content_async (RapportProvider     *provider,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data)
{
  RapportRtProvider *self = RAPPORT_RT_PROVIDER (provider);
  g_autoptr(GTask) task = NULL;
  FetchJob *job;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, _rapport_rt_provider_fetch_canned_content_async);

  job = g_new0 (FetchJob, 1);
  job->classes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  job->candidates = g_ptr_array_new_with_free_func (g_object_unref);
  job->page = 1;
  g_task_set_task_data (task, job, (GDestroyNotify) fetch_job_free);

  fetch_classes_page (task);
}

GPtrArray *
_rapport_rt_provider_fetch_canned_content_finish (RapportProvider  *provider,
                                                  GAsyncResult     *result,
                                                  GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------------------------ */
/* link_article                                                                          */

typedef struct
{
  char *ticket_id;
  char *article_id;
  char *said;       /* RT's answer to the PUT */
} LinkJob;

static void
link_job_free (LinkJob *job)
{
  g_free (job->ticket_id);
  g_free (job->article_id);
  g_free (job->said);
  g_free (job);
}

static void
on_link_read_back_cb (GTask      *task,
                      RtResponse *response,
                      GError     *error)
{
  LinkJob *job = g_task_get_task_data (task);
  g_autoptr(RtResponse) r = response;
  gboolean refers = FALSE;

  if (error != NULL ||
      !rapport_rt_ticket_refers_to_article (r->root, job->article_id, &refers, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  if (!refers)
    {
      /* RT answers 200 with its reason (rights: ModifyTicket on the ticket, ModifyArticle on
       * the article's class). */
      g_task_return_new_error (task, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_FORBIDDEN,
                               "RT did not link article %s to ticket %s: %s", job->article_id,
                               job->ticket_id, job->said != NULL ? job->said : "");
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
on_link_written_cb (GTask       *task,
                    SoupMessage *msg,
                    JsonNode    *root,
                    GError      *error)
{
  LinkJob *job = g_task_get_task_data (task);
  g_autofree char *path = NULL;

  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  job->said = _rapport_rt_join_messages (root);
  json_node_unref (root);

  path = g_strdup_printf ("ticket/%s", job->ticket_id);
  _rapport_rt_get (task, path, NULL, NULL, on_link_read_back_cb);
}

static void
on_link_article_read_cb (GTask      *task,
                         RtResponse *response,
                         GError     *error)
{
  LinkJob *job = g_task_get_task_data (task);
  g_autoptr(RtResponse) r = response;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) request = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *path = NULL;

  if (error != NULL || (uri = rapport_rt_parse_article_uri (r->root, &error)) == NULL)
    {
      g_prefix_error (&error, "RT article %s: ", job->article_id);
      g_task_return_error (task, error);
      return;
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "AddRefersTo");
  json_builder_add_string_value (builder, uri);
  json_builder_end_object (builder);
  request = json_builder_get_root (builder);

  path = g_strdup_printf ("ticket/%s", job->ticket_id);
  _rapport_rt_write (task, SOUP_METHOD_PUT, path, request, NULL, on_link_written_cb);
}

void
_rapport_rt_provider_link_article_async (RapportProvider     *provider,
                                         const char          *ticket_remote_id,
                                         const char          *article_remote_id,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  RapportRtProvider *self = RAPPORT_RT_PROVIDER (provider);
  g_autoptr(GTask) task = NULL;
  g_autofree char *path = NULL;
  LinkJob *job;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, _rapport_rt_provider_link_article_async);

  if (!_rapport_rt_is_numeric_id (ticket_remote_id) ||
      !rapport_rt_is_article_id (article_remote_id))
    {
      g_autofree char *quoted_ticket = rapport_http_quote (ticket_remote_id, 40);
      g_autofree char *quoted_article = rapport_http_quote (article_remote_id, 40);

      g_task_return_new_error (task, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_INPUT,
                               "“%s” and “%s” are not an RT ticket and article",
                               quoted_ticket, quoted_article);
      return;
    }

  job = g_new0 (LinkJob, 1);
  job->ticket_id = g_strdup (ticket_remote_id);
  job->article_id = g_strdup (article_remote_id);
  g_task_set_task_data (task, job, (GDestroyNotify) link_job_free);

  path = g_strdup_printf ("article/%s", article_remote_id);
  _rapport_rt_get (task, path, NULL, NULL, on_link_article_read_cb);
}

gboolean
_rapport_rt_provider_link_article_finish (RapportProvider  *provider,
                                          GAsyncResult     *result,
                                          GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
