/* rapport-fake-rt.c
 *
 * A small fake Request Tracker for connection checks: a SoupServer on loopback in its own
 * thread, answering like RT 5.0.3 (tests/data/rt, and the answers of a real RT recorded in
 * the comments) or like the things people mistake for it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-fake-rt"

#include "config.h"

#include "rapport-fake-rt.h"

#include "rapport-test-server.h"

#include <string.h>

#define JSON_TYPE   "application/json; charset=\"utf-8\""
#define ERROR_TYPE  "application/json; charset=utf-8"
#define HTML_TYPE   "text/html; charset=utf-8"

struct _RapportFakeRt
{
  RapportTestServer *server;
  GMutex             lock;

  /* read-only after start */
  char              *user_json;
  char              *version_json;

  /* under lock */
  RapportFakeRtMode  mode;
  GPtrArray         *requests;
};

static void
request_free (RapportFakeRtRequest *request)
{
  g_free (request->path);
  g_free (request->query);
  g_free (request->authorization);
  g_free (request->user_agent);
  g_free (request);
}

static char *
read_test_file (const char *dir,
                const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", dir, name, NULL);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

static void
respond (SoupServerMessage *msg,
         guint              status,
         const char        *content_type,
         const char        *body)
{
  soup_server_message_set_status (msg, status, NULL);
  if (body != NULL)
    soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY, body, strlen (body));
}

static const char html_page[] =
  "<!DOCTYPE html>\n<html lang=\"en\"><head><title>Welcome</title></head>"
  "<body><h1>It works!</h1></body></html>\n";

/* What a real RT 5.0.3 answers sam.agent (user 31) on the paths a connection check uses. */
static void
respond_like_rt (RapportFakeRt     *rt,
                 SoupServerMessage *msg,
                 const char        *path,
                 gboolean           authorized,
                 RapportFakeRtMode  mode)
{
  if (!authorized || mode == RAPPORT_FAKE_RT_BAD_TOKEN)
    {
      respond (msg, SOUP_STATUS_UNAUTHORIZED, ERROR_TYPE, "{\"message\":\"Unauthorized\"}");
      return;
    }

  if (strcmp (path, "/REST/2.0/rt") == 0)
    respond (msg, SOUP_STATUS_OK, JSON_TYPE, rt->version_json);
  else if (strcmp (path, "/REST/2.0/user/31") == 0)
    {
      if (mode == RAPPORT_FAKE_RT_FORBIDDEN)
        respond (msg, SOUP_STATUS_FORBIDDEN, ERROR_TYPE, "{\"message\":\"Forbidden\"}");
      else
        respond (msg, SOUP_STATUS_OK, JSON_TYPE, rt->user_json);
    }
  else if (strcmp (path, "/REST/2.0/queues/all") == 0)
    {
      guint port = rapport_test_server_get_port (rt->server);
      g_autofree char *body = NULL;

      /* Captured from RT 5.0.3: sam.agent sees General and Support; an unprivileged user
       * gets an empty page with null totals. */
      if (mode == RAPPORT_FAKE_RT_NO_QUEUES)
        body = g_strdup ("{\"total\":null,\"page\":1,\"pages\":null,\"count\":0,"
                         "\"per_page\":1,\"items\":[]}");
      else
        body = g_strdup_printf ("{\"count\":1,\"pages\":2,\"page\":1,\"total\":2,"
                                "\"items\":[{\"type\":\"queue\",\"_url\":"
                                "\"http://127.0.0.1:%u/REST/2.0/queue/1\",\"id\":\"1\"}],"
                                "\"per_page\":1,\"next_page\":"
                                "\"http://127.0.0.1:%u/REST/2.0/queues/all?per_page=1&page=2\"}",
                                port, port);
      respond (msg, SOUP_STATUS_OK, JSON_TYPE, body);
    }
  else
    respond (msg, SOUP_STATUS_NOT_FOUND, ERROR_TYPE, "{\"message\":\"Not Found\"}");
}

static void
on_request_cb (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  RapportFakeRt *rt = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  RapportFakeRtRequest *request = g_new0 (RapportFakeRtRequest, 1);
  RapportFakeRtMode mode;
  gboolean authorized;

  request->path = g_strdup (path);
  request->query = g_strdup (g_uri_get_query (soup_server_message_get_uri (msg)));
  request->authorization = g_strdup (soup_message_headers_get_one (headers, "Authorization"));
  request->user_agent = g_strdup (soup_message_headers_get_one (headers, "User-Agent"));
  authorized = g_strcmp0 (request->authorization, "token " RAPPORT_FAKE_RT_TOKEN) == 0;

  g_mutex_lock (&rt->lock);
  g_ptr_array_add (rt->requests, request);
  mode = rt->mode;
  g_mutex_unlock (&rt->lock);

  switch (mode)
    {
    case RAPPORT_FAKE_RT_OK:
    case RAPPORT_FAKE_RT_BAD_TOKEN:
    case RAPPORT_FAKE_RT_FORBIDDEN:
    case RAPPORT_FAKE_RT_NO_QUEUES:
      respond_like_rt (rt, msg, path, authorized, mode);
      break;
    case RAPPORT_FAKE_RT_HTML:
      respond (msg, SOUP_STATUS_OK, HTML_TYPE, html_page);
      break;
    case RAPPORT_FAKE_RT_NOT_FOUND:
      respond (msg, SOUP_STATUS_NOT_FOUND, HTML_TYPE,
               "<html><head><title>404 Not Found</title></head><body>Not Found</body></html>");
      break;
    case RAPPORT_FAKE_RT_JSON_NOT_RT:
      respond (msg, SOUP_STATUS_OK, "application/json", "{\"status\":\"ok\"}");
      break;
    case RAPPORT_FAKE_RT_REDIRECT:
      {
        g_autofree char *location = g_strdup_printf ("https://localhost:%u%s",
                                                     rapport_test_server_get_port (rt->server),
                                                     path);

        soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                      "Location", location);
        respond (msg, SOUP_STATUS_MOVED_PERMANENTLY, HTML_TYPE, "<html>Moved</html>");
      }
      break;
    case RAPPORT_FAKE_RT_LOGIN_PAGE:
      if (g_str_has_prefix (path, "/REST/2.0/"))
        respond_like_rt (rt, msg, path, authorized, RAPPORT_FAKE_RT_OK);
      else
        {
          /* What RT 5.0.3 answered for /rt/REST/2.0/rt (relative Location, as here). */
          soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                        "Location",
                                        "/NoAuth/Login.html?next=81b5d332a00c8e50972571a6103b744b");
          respond (msg, SOUP_STATUS_FOUND, HTML_TYPE, "<html>Found</html>");
        }
      break;
    case RAPPORT_FAKE_RT_SERVER_ERROR:
      /* RT 5.0.3's answer to a request it crashes on: 500, empty body. */
      soup_server_message_set_status (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL);
      break;
    case RAPPORT_FAKE_RT_UNAVAILABLE:
      respond (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, HTML_TYPE, "<html>Maintenance</html>");
      break;
    case RAPPORT_FAKE_RT_HTTP_AUTH:
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "WWW-Authenticate", "Basic realm=\"intranet\"");
      respond (msg, SOUP_STATUS_UNAUTHORIZED, HTML_TYPE, "<html>Authorization Required</html>");
      break;
    case RAPPORT_FAKE_RT_SSO:
      if (request->authorization == NULL)
        respond_like_rt (rt, msg, path, authorized, RAPPORT_FAKE_RT_OK);
      else
        respond (msg, SOUP_STATUS_OK, HTML_TYPE,
                 "<!DOCTYPE html><html><head><title>Sign in</title></head><body><form>"
                 "</form></body></html>");
      break;
    case RAPPORT_FAKE_RT_STALL:
    default:
      soup_server_message_pause (msg);
      break;
    }
}

RapportFakeRt *
rapport_fake_rt_new (RapportFakeRtMode mode,
                     gboolean          tls)
{
  RapportFakeRt *rt = g_new0 (RapportFakeRt, 1);

  g_mutex_init (&rt->lock);
  rt->mode = mode;
  rt->requests = g_ptr_array_new_with_free_func ((GDestroyNotify) request_free);
  rt->user_json = read_test_file ("rt", "user-agent.json");
  rt->version_json = read_test_file ("rt", "rt.json");
  rt->server = rapport_test_server_new ("Plack::Handler::Starlet", tls, on_request_cb, rt);

  return rt;
}

void
rapport_fake_rt_free (RapportFakeRt *rt)
{
  rapport_test_server_free (rt->server);
  g_ptr_array_unref (rt->requests);
  g_free (rt->user_json);
  g_free (rt->version_json);
  g_mutex_clear (&rt->lock);
  g_free (rt);
}

void
rapport_fake_rt_set_mode (RapportFakeRt     *rt,
                          RapportFakeRtMode  mode)
{
  g_mutex_lock (&rt->lock);
  rt->mode = mode;
  g_mutex_unlock (&rt->lock);
}

guint
rapport_fake_rt_get_port (RapportFakeRt *rt)
{
  return rapport_test_server_get_port (rt->server);
}

char *
rapport_fake_rt_get_url (RapportFakeRt *rt)
{
  return rapport_test_server_get_url (rt->server, NULL);
}

GPtrArray *
rapport_fake_rt_get_requests (RapportFakeRt *rt)
{
  GPtrArray *copy = g_ptr_array_new_with_free_func ((GDestroyNotify) request_free);

  g_mutex_lock (&rt->lock);
  for (guint i = 0; i < rt->requests->len; i++)
    {
      RapportFakeRtRequest *r = rt->requests->pdata[i];
      RapportFakeRtRequest *c = g_new0 (RapportFakeRtRequest, 1);

      c->path = g_strdup (r->path);
      c->query = g_strdup (r->query);
      c->authorization = g_strdup (r->authorization);
      c->user_agent = g_strdup (r->user_agent);
      g_ptr_array_add (copy, c);
    }
  g_mutex_unlock (&rt->lock);
  return copy;
}
