/* rapport-rt-request.c
 *
 * The requests of RapportRtProvider: small helpers for ids, queries and names, and the GETs
 * to RT's REST2 API (token, If-None-Match, ETag, RT's login redirect explained).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-rt-provider"

#include "config.h"

#include "rapport-rt-provider-private.h"

#include "rapport-http.h"

#include <string.h>

/* ------------------------------------------------------------------------------------ */
/* Small helpers                                                                         */

gboolean
_rapport_rt_is_numeric_id (const char *text)
{
  if (text == NULL || text[0] == '\0' || strlen (text) > 20)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return TRUE;
}

guint64
_rapport_rt_parse_uint64 (const char *text)
{
  return _rapport_rt_is_numeric_id (text) ? g_ascii_strtoull (text, NULL, 10) : 0;
}

void
_rapport_rt_query_add (GString    *query,
                       const char *key,
                       const char *value)
{
  g_autofree char *k = g_uri_escape_string (key, NULL, FALSE);
  g_autofree char *v = g_uri_escape_string (value, NULL, FALSE);

  if (query->len > 0)
    g_string_append_c (query, '&');
  g_string_append_printf (query, "%s=%s", k, v);
}

static void
query_add_uint (GString    *query,
                const char *key,
                guint64     value)
{
  g_autofree char *text = g_strdup_printf ("%" G_GUINT64_FORMAT, value);

  _rapport_rt_query_add (query, key, text);
}

/* The usual paging of a collection request, always ordered by id. */
void
_rapport_rt_query_add_paging (GString    *query,
                              const char *order,
                              guint       per_page,
                              guint       page)
{
  _rapport_rt_query_add (query, "orderby", "id");
  _rapport_rt_query_add (query, "order", order);
  query_add_uint (query, "per_page", per_page);
  query_add_uint (query, "page", page);
}

gboolean
_rapport_rt_names_equal (const char *a,
                         const char *b)
{
  g_autofree char *fa = NULL;
  g_autofree char *fb = NULL;

  if (a == NULL || b == NULL)
    return FALSE;

  fa = g_utf8_casefold (a, -1);
  fb = g_utf8_casefold (b, -1);
  return strcmp (fa, fb) == 0;
}

/* ------------------------------------------------------------------------------------ */
/* Requests                                                                              */

void
_rapport_rt_response_free (RtResponse *response)
{
  if (response == NULL)
    return;

  g_free (response->etag);
  g_clear_pointer (&response->root, json_node_unref);
  g_free (response);
}


typedef struct
{
  GTask          *task;
  SoupMessage    *msg;
  RtResponseFunc  func;
} RtCall;

SoupMessage *
_rapport_rt_new_request (RapportRtProvider  *self,
                         const char         *path,
                         GString            *query,
                         const char         *if_none_match,
                         GError            **error)
{
  g_autofree char *text = NULL;
  g_autofree char *authorization = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) local_error = NULL;
  SoupMessageHeaders *headers;
  SoupMessage *msg;

  text = g_strconcat (self->api_base, path,
                      query != NULL && query->len > 0 ? "?" : "",
                      query != NULL ? query->str : "", NULL);

  uri = g_uri_parse (text, SOUP_HTTP_URI_FLAGS, &local_error);
  if (uri == NULL)
    {
      g_set_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_INPUT,
                   "Could not build an RT request URL for “%s”: %s", path, local_error->message);
      return NULL;
    }

  /* Whatever the account's address says: the token never crosses a network in clear text. */
  if (!rapport_http_may_send_token (uri))
    {
      g_propagate_error (error, rapport_http_error_insecure (uri));
      return NULL;
    }

  msg = soup_message_new_from_uri (SOUP_METHOD_GET, uri);
  headers = soup_message_get_request_headers (msg);

  authorization = g_strconcat ("token ", self->token, NULL);
  soup_message_headers_replace (headers, "Authorization", authorization);
  rapport_http_wipe_secret (&authorization);

  if (if_none_match != NULL)
    {
      g_autofree char *quoted = g_strdup_printf ("\"%s\"", if_none_match);
      soup_message_headers_replace (headers, "If-None-Match", quoted);
    }

  return msg;
}

/* RT answers a failed login of a browser-like client with a redirect to its login page. */
GError *
_rapport_rt_explain_redirect (SoupMessage *msg,
                              GError      *error)
{
  guint status = soup_message_get_status (msg);
  const char *location;

  if (!SOUP_STATUS_IS_REDIRECTION (status))
    return error;

  location = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Location");
  if (location != NULL && (strcmp (location, "/") == 0 || strstr (location, "/NoAuth/") != NULL))
    {
      GError *auth = g_error_new (RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_AUTH_REQUIRED,
                                  "RT sent its login page instead of an API answer: %s",
                                  error->message);
      g_error_free (error);
      return auth;
    }

  return error;
}

static char *
strip_etag (const char *etag)
{
  gsize len;

  if (etag == NULL)
    return NULL;

  if (g_str_has_prefix (etag, "W/"))
    etag += 2;
  len = strlen (etag);
  if (len >= 2 && etag[0] == '"' && etag[len - 1] == '"')
    return g_strndup (etag + 1, len - 2);
  return g_strdup (etag);
}

static void
on_rt_call_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  RtCall *call = user_data;
  GError *error = NULL;
  RtResponse *response = NULL;
  JsonNode *root;

  root = rapport_http_send_json_finish (SOUP_SESSION (source), result, &error);
  if (root == NULL)
    {
      error = _rapport_rt_explain_redirect (call->msg, error);
      if (soup_message_get_status (call->msg) != SOUP_STATUS_NONE)
        {
          response = g_new0 (RtResponse, 1);
          response->status = soup_message_get_status (call->msg);
        }
    }
  else
    {
      SoupMessageHeaders *headers = soup_message_get_response_headers (call->msg);

      response = g_new0 (RtResponse, 1);
      response->status = soup_message_get_status (call->msg);
      response->etag = strip_etag (soup_message_headers_get_one (headers, "ETag"));
      if (response->status == SOUP_STATUS_NOT_MODIFIED)
        json_node_unref (root);
      else
        response->root = root;
    }

  call->func (call->task, response, error);

  g_object_unref (call->task);
  g_object_unref (call->msg);
  g_free (call);
}

/* Sends @msg (consumed) for the operation @task; @func continues it. */
static void
rt_call (GTask          *task,
         SoupMessage    *msg,
         RtResponseFunc  func)
{
  RapportRtProvider *self = g_task_get_source_object (task);
  RtCall *call = g_new0 (RtCall, 1);

  call->task = g_object_ref (task);
  call->msg = msg;
  call->func = func;

  rapport_http_send_json_async (self->session, msg, 0, g_task_get_cancellable (task),
                                on_rt_call_cb, call);
}

/* Builds and sends a GET; a failure to build finishes @func with the error. */
void
_rapport_rt_get (GTask          *task,
                 const char     *path,
                 GString        *query,
                 const char     *if_none_match,
                 RtResponseFunc  func)
{
  RapportRtProvider *self = g_task_get_source_object (task);
  GError *error = NULL;
  SoupMessage *msg = _rapport_rt_new_request (self, path, query, if_none_match, &error);

  if (msg == NULL)
    {
      func (task, NULL, error);
      return;
    }

  rt_call (task, msg, func);
}
