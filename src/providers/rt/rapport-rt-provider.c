/* rapport-rt-provider.c
 *
 * RapportRtProvider: the GObject, its construction and properties, the RapportProvider
 * interface table, and whoami. The other methods live in rapport-rt-pull.c,
 * rapport-rt-ticket.c and rapport-rt-write.c (see rapport-rt-provider-private.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-rt-provider"

#include "config.h"

#include "rapport-rt-provider.h"

#include "rapport-account.h"
#include "rapport-http.h"
#include "rapport-rt-provider-private.h"

#include <string.h>

#define API_SUFFIX            "/REST/2.0"

static void rapport_rt_provider_iface_init (RapportProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RapportRtProvider, rapport_rt_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (RAPPORT_TYPE_PROVIDER,
                                                      rapport_rt_provider_iface_init))

enum
{
  PROP_0,
  PROP_BASE_URL,
  PROP_QUEUE,
  PROP_SUPERVISORS_GROUP,
  PROP_PAGE_SIZE,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ------------------------------------------------------------------------------------ */
/* whoami                                                                                */

typedef struct
{
  char          *user_id;
  RapportRtUser *user;
  guint          group_index;
  gboolean       supervisor;
} WhoamiJob;

static void
whoami_job_free (WhoamiJob *job)
{
  g_free (job->user_id);
  g_clear_pointer (&job->user, rapport_rt_user_free);
  g_free (job);
}

static void whoami_next_group (GTask *task);

static void
whoami_return (GTask *task)
{
  RapportRtProvider *self = g_task_get_source_object (task);
  WhoamiJob *job = g_task_get_task_data (task);
  g_autoptr(GUri) uri = g_uri_parse (self->base_url, SOUP_HTTP_URI_FLAGS, NULL);
  RapportAccount *account;

  account = rapport_account_new (RAPPORT_RT_PROVIDER_KIND, self->base_url,
                                 uri != NULL && g_uri_get_host (uri) != NULL ?
                                 g_uri_get_host (uri) : self->base_url);
  rapport_account_set_user_remote_id (account, job->user->name);
  rapport_account_set_user_name (account, job->user->real_name != NULL ? job->user->real_name :
                                          job->user->name);
  rapport_account_set_role (account, job->supervisor ? "supervisor" : "agent");

  g_task_return_pointer (task, account, g_object_unref);
}

static void
on_group_cb (GTask      *task,
             RtResponse *response,
             GError     *error)
{
  g_autoptr(RtResponse) r = response;
  RapportRtProvider *self = g_task_get_source_object (task);
  WhoamiJob *job = g_task_get_task_data (task);
  const char *group_id = job->user->memberships[job->group_index];
  g_autofree char *name = NULL;

  if (error != NULL)
    {
      if (g_error_matches (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_NOT_FOUND) ||
          g_error_matches (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_FORBIDDEN))
        {
          g_message ("RT group %s of user “%s” could not be read, so it cannot grant the "
                     "supervisor role: %s", group_id, job->user->name, error->message);
          g_error_free (error);
          job->group_index++;
          whoami_next_group (task);
          return;
        }
      g_task_return_error (task, error);
      return;
    }

  name = rapport_rt_parse_name (r->root, "group", &error);
  if (name == NULL)
    {
      g_prefix_error (&error, "Reading RT group %s: ", group_id);
      g_task_return_error (task, error);
      return;
    }

  if (_rapport_rt_names_equal (name, self->supervisors_group))
    {
      job->supervisor = TRUE;
      whoami_return (task);
      return;
    }

  job->group_index++;
  whoami_next_group (task);
}

static void
whoami_next_group (GTask *task)
{
  WhoamiJob *job = g_task_get_task_data (task);
  const char *group_id;
  g_autofree char *path = NULL;

  if (job->user->memberships == NULL || job->user->memberships[job->group_index] == NULL)
    {
      whoami_return (task);
      return;
    }

  group_id = job->user->memberships[job->group_index];
  if (!_rapport_rt_is_numeric_id (group_id))
    {
      g_autofree char *quoted_id = rapport_http_quote (group_id, 40);

      g_task_return_new_error (task, RAPPORT_PROVIDER_ERROR,
                               RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE,
                               "RT lists a membership in group “%s”, which is not a group id",
                               quoted_id);
      return;
    }

  path = g_strdup_printf ("group/%s", group_id);
  _rapport_rt_get (task, path, NULL, NULL, on_group_cb);
}

static void
on_queue_cb (GTask      *task,
             RtResponse *response,
             GError     *error)
{
  g_autoptr(RtResponse) r = response;
  RapportRtProvider *self = g_task_get_source_object (task);
  g_autofree char *name = NULL;

  if (error != NULL)
    {
      g_prefix_error (&error, "The RT queue “%s” cannot be synced: ", self->queue);
      g_task_return_error (task, error);
      return;
    }

  name = rapport_rt_parse_name (r->root, "queue", &error);
  if (name == NULL)
    {
      g_prefix_error (&error, "Reading RT queue “%s”: ", self->queue);
      g_task_return_error (task, error);
      return;
    }

  if (!_rapport_rt_names_equal (name, self->queue))
    {
      g_task_return_new_error (task, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_INPUT,
                               "The RT queue is set as “%s” but RT calls it “%s”; use the name",
                               self->queue, name);
      return;
    }

  whoami_next_group (task);
}

static void
on_whoami_user_cb (GTask      *task,
                   RtResponse *response,
                   GError     *error)
{
  g_autoptr(RtResponse) r = response;
  RapportRtProvider *self = g_task_get_source_object (task);
  WhoamiJob *job = g_task_get_task_data (task);

  if (error != NULL)
    {
      g_prefix_error (&error, "Reading the RT user of the token (user %s): ", job->user_id);
      g_task_return_error (task, error);
      return;
    }

  job->user = rapport_rt_parse_user (r->root, &error);
  if (job->user == NULL)
    {
      g_prefix_error (&error, "Reading RT user %s: ", job->user_id);
      g_task_return_error (task, error);
      return;
    }

  if (job->user->id != NULL && strcmp (job->user->id, job->user_id) != 0)
    {
      g_task_return_new_error (task, RAPPORT_PROVIDER_ERROR,
                               RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE,
                               "RT answered a request for user %s with user %s",
                               job->user_id, job->user->id);
      return;
    }

  if (self->queue != NULL)
    {
      g_autofree char *escaped = g_uri_escape_string (self->queue, NULL, FALSE);
      g_autofree char *path = g_strdup_printf ("queue/%s", escaped);

      _rapport_rt_get (task, path, NULL, NULL, on_queue_cb);
      return;
    }

  whoami_next_group (task);
}

static void
rapport_rt_provider_whoami_async (RapportProvider     *provider,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  RapportRtProvider *self = RAPPORT_RT_PROVIDER (provider);
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  WhoamiJob *job;
  g_autofree char *path = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rapport_rt_provider_whoami_async);

  job = g_new0 (WhoamiJob, 1);
  g_task_set_task_data (task, job, (GDestroyNotify) whoami_job_free);

  job->user_id = rapport_rt_token_get_user_id (self->token, &error);
  if (job->user_id == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  path = g_strdup_printf ("user/%s", job->user_id);
  _rapport_rt_get (task, path, NULL, NULL, on_whoami_user_cb);
}

static RapportAccount *
rapport_rt_provider_whoami_finish (RapportProvider  *provider,
                                   GAsyncResult     *result,
                                   GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static const char *
rapport_rt_provider_get_kind (RapportProvider *provider)
{
  return RAPPORT_RT_PROVIDER_KIND;
}

static RapportProviderCapabilities
rapport_rt_provider_get_capabilities (RapportProvider *provider)
{
  RapportRtProvider *self = RAPPORT_RT_PROVIDER (provider);
  RapportProviderCapabilities articles = RAPPORT_PROVIDER_CAPABILITY_CANNED_RESPONSES |
                                         RAPPORT_PROVIDER_CAPABILITY_KNOWLEDGE_BASE;

  return (RAPPORT_RT_PROVIDER_CAPABILITIES & ~articles) |
         _rapport_rt_provider_article_capabilities (self);
}

/* ------------------------------------------------------------------------------------ */
/* Construction                                                                          */

/**
 * rapport_rt_token_get_user_id:
 *
 * Returns: (transfer full): the user id, or %NULL with @error set.
 */
char *
rapport_rt_token_get_user_id (const char  *token,
                              GError     **error)
{
  g_auto(GStrv) parts = NULL;

  if (token != NULL)
    parts = g_strsplit (token, "-", -1);

  if (parts == NULL || g_strv_length (parts) != 3 || strcmp (parts[0], "1") != 0 ||
      !_rapport_rt_is_numeric_id (parts[1]) || _rapport_rt_parse_uint64 (parts[1]) == 0 ||
      parts[2][0] == '\0' ||
      strspn (parts[2], "0123456789abcdefABCDEF") != strlen (parts[2]))
    {
      g_set_error_literal (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_INPUT,
                           "The token is not an RT 5 auth token (expected “1-<user id>-<hex>”)");
      for (guint i = 0; parts != NULL && parts[i] != NULL; i++)
        rapport_http_wipe_secret (&parts[i]);
      return NULL;
    }

  {
    char *user_id = g_strdup (parts[1]);

    for (guint i = 0; parts[i] != NULL; i++)
      rapport_http_wipe_secret (&parts[i]);
    return user_id;
  }
}

static gboolean
token_is_sendable (const char *token)
{
  if (token == NULL || token[0] == '\0')
    return FALSE;
  for (const char *p = token; *p != '\0'; p++)
    if ((guchar) *p <= 0x20 || (guchar) *p >= 0x7F)
      return FALSE;
  return TRUE;
}

/* Normalizes the web address and derives the REST2 root from it. */
static gboolean
parse_base_url (const char  *base_url,
                char       **web_out,
                char       **api_out,
                GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GUri) web = NULL;
  const char *scheme;
  gsize len;

  if (base_url == NULL || base_url[0] == '\0')
    {
      g_set_error_literal (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_INPUT,
                           "The RT address is empty");
      return FALSE;
    }

  uri = g_uri_parse (base_url, SOUP_HTTP_URI_FLAGS, &local_error);
  if (uri == NULL)
    {
      g_autofree char *quoted_url = rapport_http_quote (base_url, 200);

      g_set_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_INPUT,
                   "The RT address “%s” is not a valid URL: %s", quoted_url,
                   local_error->message);
      return FALSE;
    }

  scheme = g_uri_get_scheme (uri);
  if (g_strcmp0 (scheme, "http") != 0 && g_strcmp0 (scheme, "https") != 0)
    {
      g_set_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_INPUT,
                   "The RT address must start with https:// or http://, not “%s”",
                   scheme != NULL ? scheme : "");
      return FALSE;
    }

  if (g_uri_get_host (uri) == NULL || g_uri_get_host (uri)[0] == '\0')
    {
      g_set_error_literal (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_INPUT,
                           "The RT address has no host name");
      return FALSE;
    }

  if (g_uri_get_userinfo (uri) != NULL || g_uri_get_query (uri) != NULL ||
      g_uri_get_fragment (uri) != NULL)
    {
      g_set_error_literal (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_INPUT,
                           "The RT address must not contain a user name, password, query or "
                           "fragment");
      return FALSE;
    }

  path = g_strdup (g_uri_get_path (uri));
  len = strlen (path);
  while (len > 0 && path[len - 1] == '/')
    path[--len] = '\0';
  if (g_str_has_suffix (path, API_SUFFIX))
    path[len - strlen (API_SUFFIX)] = '\0';

  web = g_uri_build (SOUP_HTTP_URI_FLAGS, scheme, NULL, g_uri_get_host (uri), g_uri_get_port (uri),
                     path, NULL, NULL);
  *web_out = g_uri_to_string (web);
  /* Scheme normalization turns an empty path into "/"; the address has none at its end. */
  len = strlen (*web_out);
  while (len > 0 && (*web_out)[len - 1] == '/')
    (*web_out)[--len] = '\0';
  *api_out = g_strconcat (*web_out, API_SUFFIX "/", NULL);
  return TRUE;
}

/**
 * rapport_rt_provider_new:
 *
 * Returns: (transfer full): a new provider, or %NULL with @error set.
 */
RapportProvider *
rapport_rt_provider_new (const char  *base_url,
                         const char  *token,
                         GError     **error)
{
  RapportRtProvider *self;
  g_autofree char *web = NULL;
  g_autofree char *api = NULL;

  if (!parse_base_url (base_url, &web, &api, error))
    return NULL;

  if (!token_is_sendable (token))
    {
      g_set_error_literal (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_INPUT,
                           "The RT token is empty or contains spaces or control characters");
      return NULL;
    }

  self = g_object_new (RAPPORT_TYPE_RT_PROVIDER, "base-url", web, NULL);
  self->api_base = g_steal_pointer (&api);
  self->token = g_strdup (token);

  return RAPPORT_PROVIDER (self);
}

const char *
rapport_rt_provider_get_base_url (RapportRtProvider *self)
{
  g_return_val_if_fail (RAPPORT_IS_RT_PROVIDER (self), NULL);

  return self->base_url;
}

const char *
rapport_rt_provider_get_queue (RapportRtProvider *self)
{
  g_return_val_if_fail (RAPPORT_IS_RT_PROVIDER (self), NULL);

  return self->queue;
}

void
rapport_rt_provider_set_queue (RapportRtProvider *self,
                               const char        *queue)
{
  g_autofree char *copy = NULL;

  g_return_if_fail (RAPPORT_IS_RT_PROVIDER (self));

  if (queue != NULL)
    {
      copy = g_strstrip (g_strdup (queue));
      if (copy[0] == '\0')
        g_clear_pointer (&copy, g_free);
    }

  if (g_strcmp0 (copy, self->queue) == 0)
    return;

  g_free (self->queue);
  self->queue = g_steal_pointer (&copy);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUEUE]);
}

const char *
rapport_rt_provider_get_supervisors_group (RapportRtProvider *self)
{
  g_return_val_if_fail (RAPPORT_IS_RT_PROVIDER (self), NULL);

  return self->supervisors_group;
}

void
rapport_rt_provider_set_supervisors_group (RapportRtProvider *self,
                                           const char        *group)
{
  const char *value;

  g_return_if_fail (RAPPORT_IS_RT_PROVIDER (self));

  value = group != NULL && group[0] != '\0' ? group : RAPPORT_RT_DEFAULT_SUPERVISORS_GROUP;
  if (g_strcmp0 (value, self->supervisors_group) == 0)
    return;

  g_free (self->supervisors_group);
  self->supervisors_group = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUPERVISORS_GROUP]);
}

guint
rapport_rt_provider_get_page_size (RapportRtProvider *self)
{
  g_return_val_if_fail (RAPPORT_IS_RT_PROVIDER (self), 0);

  return self->page_size;
}

void
rapport_rt_provider_set_page_size (RapportRtProvider *self,
                                   guint              page_size)
{
  g_return_if_fail (RAPPORT_IS_RT_PROVIDER (self));
  g_return_if_fail (page_size >= 1 && page_size <= RAPPORT_RT_MAX_PAGE_SIZE);

  if (self->page_size == page_size)
    return;

  self->page_size = page_size;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE_SIZE]);
}

/**
 * rapport_rt_provider_get_session:
 *
 * Returns: (transfer none): the session the provider sends its requests with
 */
SoupSession *
rapport_rt_provider_get_session (RapportRtProvider *self)
{
  g_return_val_if_fail (RAPPORT_IS_RT_PROVIDER (self), NULL);

  return self->session;
}

void
rapport_rt_provider_set_session (RapportRtProvider *self,
                                 SoupSession       *session)
{
  g_return_if_fail (RAPPORT_IS_RT_PROVIDER (self));
  g_return_if_fail (session == NULL || SOUP_IS_SESSION (session));

  if (session == NULL)
    {
      g_autoptr(SoupSession) fresh = rapport_http_session_new (0);

      if (g_set_object (&self->session, fresh))
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
      return;
    }

  if (g_set_object (&self->session, session))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

static void
rapport_rt_provider_dispose (GObject *object)
{
  RapportRtProvider *self = RAPPORT_RT_PROVIDER (object);

  g_clear_object (&self->session);

  G_OBJECT_CLASS (rapport_rt_provider_parent_class)->dispose (object);
}

static void
rapport_rt_provider_finalize (GObject *object)
{
  RapportRtProvider *self = RAPPORT_RT_PROVIDER (object);

  rapport_http_wipe_secret (&self->token);
  g_free (self->base_url);
  g_free (self->api_base);
  g_free (self->queue);
  g_free (self->supervisors_group);
  g_free (self->pending_cursor);
  g_clear_pointer (&self->etags, g_hash_table_unref);
  g_clear_pointer (&self->pending_etags, g_hash_table_unref);
  g_clear_pointer (&self->user_kinds, g_hash_table_unref);

  G_OBJECT_CLASS (rapport_rt_provider_parent_class)->finalize (object);
}

static void
rapport_rt_provider_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  RapportRtProvider *self = RAPPORT_RT_PROVIDER (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;
    case PROP_QUEUE:
      g_value_set_string (value, self->queue);
      break;
    case PROP_SUPERVISORS_GROUP:
      g_value_set_string (value, self->supervisors_group);
      break;
    case PROP_PAGE_SIZE:
      g_value_set_uint (value, self->page_size);
      break;
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_rt_provider_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  RapportRtProvider *self = RAPPORT_RT_PROVIDER (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      self->base_url = g_value_dup_string (value);
      break;
    case PROP_QUEUE:
      rapport_rt_provider_set_queue (self, g_value_get_string (value));
      break;
    case PROP_SUPERVISORS_GROUP:
      rapport_rt_provider_set_supervisors_group (self, g_value_get_string (value));
      break;
    case PROP_PAGE_SIZE:
      rapport_rt_provider_set_page_size (self, g_value_get_uint (value));
      break;
    case PROP_SESSION:
      rapport_rt_provider_set_session (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_rt_provider_class_init (RapportRtProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rapport_rt_provider_dispose;
  object_class->finalize = rapport_rt_provider_finalize;
  object_class->get_property = rapport_rt_provider_get_property;
  object_class->set_property = rapport_rt_provider_set_property;

  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_QUEUE] =
    g_param_spec_string ("queue", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUPERVISORS_GROUP] =
    g_param_spec_string ("supervisors-group", NULL, NULL, RAPPORT_RT_DEFAULT_SUPERVISORS_GROUP,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAGE_SIZE] =
    g_param_spec_uint ("page-size", NULL, NULL, 1, RAPPORT_RT_MAX_PAGE_SIZE,
                       RAPPORT_RT_MAX_PAGE_SIZE,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, SOUP_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rapport_rt_provider_iface_init (RapportProviderInterface *iface)
{
  iface->get_kind = rapport_rt_provider_get_kind;
  iface->get_capabilities = rapport_rt_provider_get_capabilities;
  iface->whoami_async = rapport_rt_provider_whoami_async;
  iface->whoami_finish = rapport_rt_provider_whoami_finish;
  iface->pull_changes_async = _rapport_rt_provider_pull_changes_async;
  iface->pull_changes_finish = _rapport_rt_provider_pull_changes_finish;
  iface->fetch_ticket_history_async = _rapport_rt_provider_fetch_ticket_history_async;
  iface->refetch_records_async = _rapport_rt_provider_refetch_records_async;
  iface->refetch_records_finish = _rapport_rt_provider_refetch_records_finish;
  iface->fetch_ticket_history_finish = _rapport_rt_provider_fetch_ticket_history_finish;
  iface->post_message_async = _rapport_rt_provider_post_message_async;
  iface->post_message_finish = _rapport_rt_provider_post_message_finish;
  iface->update_ticket_async = _rapport_rt_provider_update_ticket_async;
  iface->update_ticket_finish = _rapport_rt_provider_update_ticket_finish;
  iface->create_money_action_async = _rapport_rt_provider_create_money_action_async;
  iface->create_money_action_finish = _rapport_rt_provider_create_money_action_finish;
  iface->decide_approval_async = _rapport_rt_provider_decide_approval_async;
  iface->decide_approval_finish = _rapport_rt_provider_decide_approval_finish;
  iface->fetch_authority_async = _rapport_rt_provider_fetch_authority_async;
  iface->fetch_authority_finish = _rapport_rt_provider_fetch_authority_finish;
  iface->fetch_money_evidence_async = _rapport_rt_provider_fetch_money_evidence_async;
  iface->fetch_money_evidence_finish = _rapport_rt_provider_fetch_money_evidence_finish;
  iface->fetch_canned_content_async = _rapport_rt_provider_fetch_canned_content_async;
  iface->fetch_canned_content_finish = _rapport_rt_provider_fetch_canned_content_finish;
  iface->link_article_async = _rapport_rt_provider_link_article_async;
  iface->link_article_finish = _rapport_rt_provider_link_article_finish;
}

static void
rapport_rt_provider_init (RapportRtProvider *self)
{
  self->session = rapport_http_session_new (0);
  self->supervisors_group = g_strdup (RAPPORT_RT_DEFAULT_SUPERVISORS_GROUP);
  self->page_size = RAPPORT_RT_MAX_PAGE_SIZE;
  self->etags = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->pending_etags = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->user_kinds = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}
