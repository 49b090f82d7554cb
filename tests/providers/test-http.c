/* test-http.c
 *
 * rapport-http.c, the one SoupSession factory and its error mapping, against a SoupServer on
 * 127.0.0.1 (port 0) that runs in its own thread (and, for answers a SoupServer cannot give,
 * a raw socket on loopback). No network.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-test-http"

#include "config.h"

#include "rapport-http.h"
#include "rapport-test-server.h"

#include <string.h>

#define JSON_TYPE "application/json"

/* ------------------------------------------------------------------------------------ */
/* The loopback server                                                                   */

typedef struct
{
  RapportTestServer *server;
  GMutex             lock;

  /* under lock */
  guint              n_requests;
  char              *user_agent; /* of the last request */
  char              *accept;     /* of the last request */
} Server;

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

/* A body of @size bytes of valid JSON: a string of spaces and "x". */
static char *
json_of_size (gsize size)
{
  char *text = g_malloc (size + 1);

  g_assert_cmpuint (size, >=, 2);
  memset (text, 'x', size);
  text[0] = '"';
  text[size - 1] = '"';
  text[size] = '\0';
  return text;
}

/* Bodies a hostile or broken server sends (nested: a deep array behind a way around a
 * bracket count; the error bodies stay under the 64 KiB read of an error page). */
#define DEEP_LEVELS 30000

static char *
hostile_body (const char *name)
{
  g_autoptr(GString) text = g_string_new (NULL);
  const char *prefix = NULL;

  if (g_str_equal (name, "surrogate"))
    return g_strdup ("{\"message\": \"Invoice \\udcff overdue\", "
                     "\"subject\": \"Invoice \\udcff overdue\", "
                     "\"body\": \"before\\u0000after\", "
                     "\"pair\": \"\\ud83d\\ude00\"}");
  if (g_str_equal (name, "comment"))
    prefix = "{\"message\": \"hidden\" /*\"*/, \"a\": ";
  else if (g_str_equal (name, "quote"))
    prefix = "{\"message\": 'hidden\"', \"a\": ";
  else if (g_str_equal (name, "deep"))
    prefix = "{\"message\": \"hidden\", \"a\": ";
  else
    return NULL;

  g_string_append (text, prefix);
  for (guint i = 0; i < DEEP_LEVELS; i++)
    g_string_append_c (text, '[');
  for (guint i = 0; i < DEEP_LEVELS; i++)
    g_string_append_c (text, ']');
  g_string_append_c (text, '}');
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Paths:
 *   /json            200 {"ok": true}
 *   /vendor-json     200 application/vnd.test+json
 *   /status/N        N with {"message": "server words"} (N = 204 and 304: no body)
 *   /status-empty/N  N with no body
 *   /retry/N/V       N with Retry-After: V and a JSON body
 *   /redirect        302 to /json
 *   /html            200 text/html
 *   /plain           200 text/plain
 *   /sso-json        200 application/json holding a login page
 *   /redirect-away   302 to https://sso.example.com/login
 *   /long-words      500 with a JSON message of 400 "é"
 *   /latin1          200 application/json; charset=iso-8859-1
 *   /utf8-charset    200 application/json; charset=UTF-8
 *   /malformed       200 "{not json"
 *   /empty           200 application/json, empty
 *   /size/N          200 a JSON string of N bytes, with a Content-Length
 *   /chunked/N       200 the same, chunked (no Content-Length)
 *   /error-page/N    500 text/html of N bytes
 *   /truncated       200 that announces twice the bytes it sends, then closes
 *   /stall           never answers
 *   /hostile/NAME    200 the JSON text hostile_bodies[NAME]
 *   /error/NAME      500 with the same as its JSON body */
static void
on_request_cb (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  Server *self = user_data;
  SoupMessageHeaders *request_headers = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *response_headers = soup_server_message_get_response_headers (msg);
  g_auto(GStrv) parts = g_strsplit (path, "/", -1);
  guint n_parts = g_strv_length (parts);
  guint number = n_parts > 2 ? (guint) g_ascii_strtoull (parts[2], NULL, 10) : 0;
  g_autofree char *hostile = NULL;

  g_mutex_lock (&self->lock);
  self->n_requests++;
  g_free (self->user_agent);
  self->user_agent = g_strdup (soup_message_headers_get_one (request_headers, "User-Agent"));
  g_free (self->accept);
  self->accept = g_strdup (soup_message_headers_get_one (request_headers, "Accept"));
  g_mutex_unlock (&self->lock);

  if (g_str_equal (path, "/json"))
    {
      respond (msg, 200, JSON_TYPE, "{\"ok\": true}");
    }
  else if (g_str_equal (path, "/vendor-json"))
    {
      respond (msg, 200, "application/vnd.test+json", "[1, 2, 3]");
    }
  else if (g_str_equal (parts[1], "status") && n_parts == 3)
    {
      if (number == 204 || number == 304)
        respond (msg, number, NULL, NULL);
      else
        respond (msg, number, JSON_TYPE, "{\"message\": \"  server words  \"}");
    }
  else if (g_str_equal (parts[1], "status-empty") && n_parts == 3)
    {
      respond (msg, number, NULL, NULL);
    }
  else if (g_str_equal (parts[1], "retry") && n_parts == 4)
    {
      soup_message_headers_replace (response_headers, "Retry-After", parts[3]);
      respond (msg, number, JSON_TYPE, "{\"error\": \"slow down\"}");
    }
  else if (g_str_equal (path, "/redirect"))
    {
      soup_message_headers_replace (response_headers, "Location", "/json");
      respond (msg, 302, NULL, NULL);
    }
  else if (g_str_equal (path, "/html"))
    {
      respond (msg, 200, "text/html", "<html><body>Log in</body></html>");
    }
  else if (g_str_equal (path, "/plain"))
    {
      respond (msg, 200, "text/plain", "ok");
    }
  else if (g_str_equal (path, "/sso-json"))
    {
      respond (msg, 200, JSON_TYPE, "\xEF\xBB\xBF \r\n<!DOCTYPE html><html><head><title>Single "
                                    "sign-on</title></head><body>Log in</body></html>");
    }
  else if (g_str_equal (path, "/redirect-away"))
    {
      soup_message_headers_replace (response_headers, "Location",
                                    "https://sso.example.com/login?rd=%2Fjson");
      respond (msg, 302, "text/html", "<a href=\"https://sso.example.com/login\">Moved</a>");
    }
  else if (g_str_equal (path, "/long-words"))
    {
      g_autoptr(GString) body = g_string_new ("{\"message\": \"");

      for (guint i = 0; i < 400; i++)
        g_string_append (body, "é");
      g_string_append (body, "\"}");
      respond (msg, 500, JSON_TYPE, body->str);
    }
  else if (g_str_equal (path, "/latin1"))
    {
      respond (msg, 200, JSON_TYPE "; charset=iso-8859-1", "{\"ok\": true}");
    }
  else if (g_str_equal (path, "/utf8-charset"))
    {
      respond (msg, 200, JSON_TYPE "; charset=UTF-8", "{\"ok\": true}");
    }
  else if (g_str_equal (path, "/malformed"))
    {
      respond (msg, 200, JSON_TYPE, "{not json");
    }
  else if (g_str_equal (path, "/empty"))
    {
      respond (msg, 200, JSON_TYPE, "");
    }
  else if (g_str_equal (parts[1], "size") && n_parts == 3)
    {
      g_autofree char *body = json_of_size (number);

      respond (msg, 200, JSON_TYPE, body);
    }
  else if (g_str_equal (parts[1], "chunked") && n_parts == 3)
    {
      g_autofree char *body = json_of_size (number);
      SoupMessageBody *response_body = soup_server_message_get_response_body (msg);

      soup_server_message_set_status (msg, 200, NULL);
      soup_message_headers_set_encoding (response_headers, SOUP_ENCODING_CHUNKED);
      soup_message_headers_set_content_type (response_headers, JSON_TYPE, NULL);
      soup_message_body_append (response_body, SOUP_MEMORY_COPY, body, strlen (body));
      soup_message_body_complete (response_body);
    }
  else if (g_str_equal (parts[1], "error-page") && n_parts == 3)
    {
      g_autofree char *body = g_strnfill (number, 'e');

      respond (msg, 500, "text/html", body);
    }
  else if (g_str_equal (path, "/truncated"))
    {
      g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);
      const char *body = "{\"cut\": \"short";
      g_autofree char *head = g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Type: " JSON_TYPE "\r\n"
                                               "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                                               "Connection: close\r\n\r\n", strlen (body) * 2);
      GOutputStream *out = g_io_stream_get_output_stream (stream);

      g_output_stream_write_all (out, head, strlen (head), NULL, NULL, NULL);
      g_output_stream_write_all (out, body, strlen (body), NULL, NULL, NULL);
      g_io_stream_close (stream, NULL, NULL);
    }
  else if ((g_str_equal (parts[1], "hostile") || g_str_equal (parts[1], "error")) &&
           n_parts == 3 && (hostile = hostile_body (parts[2])) != NULL)
    {
      respond (msg, g_str_equal (parts[1], "error") ? 500 : 200, JSON_TYPE, hostile);
    }
  else if (g_str_equal (path, "/stall"))
    {
      soup_server_message_pause (msg);
    }
  else
    {
      respond (msg, 404, JSON_TYPE, "{\"message\": \"no such test path\"}");
    }
}

static Server *
server_new (void)
{
  Server *self = g_new0 (Server, 1);

  g_mutex_init (&self->lock);
  self->server = rapport_test_server_new ("rapport-test-http", FALSE, on_request_cb, self);

  return self;
}

static void
server_free (Server *self)
{
  rapport_test_server_free (self->server);
  g_free (self->user_agent);
  g_free (self->accept);
  g_mutex_clear (&self->lock);
  g_free (self);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Server, server_free)

static char *
server_url (Server     *self,
            const char *path)
{
  return rapport_test_server_get_url (self->server, path);
}

static guint
server_n_requests (Server *self)
{
  guint n;

  g_mutex_lock (&self->lock);
  n = self->n_requests;
  g_mutex_unlock (&self->lock);
  return n;
}

/* ------------------------------------------------------------------------------------ */
/* Sending                                                                               */

static void
on_sent_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

/* Sends @msg with rapport_http_send_json_async() and waits for the answer. */
static JsonNode *
send_message (SoupSession   *session,
              SoupMessage   *msg,
              gsize          max_bytes,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  rapport_http_send_json_async (session, msg, max_bytes, cancellable, on_sent_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return rapport_http_send_json_finish (session, result, error);
}

/* GET @path on @server with a new default session. */
static JsonNode *
get_json (Server      *server,
          const char  *path,
          gsize        max_bytes,
          GError     **error)
{
  g_autoptr(SoupSession) session = rapport_http_session_new (0);
  g_autofree char *url = server_url (server, path);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);

  return send_message (session, msg, max_bytes, NULL, error);
}

/* ------------------------------------------------------------------------------------ */

static void
test_session (void)
{
  g_autoptr(SoupSession) session = rapport_http_session_new (0);
  g_autoptr(SoupSession) quick = rapport_http_session_new (5);
  const char *agent = rapport_http_user_agent ();

  /* Rapport's own agent, never a browser's. */
  g_assert_true (g_str_has_prefix (agent, "Rapport/" PACKAGE_VERSION " "));
  g_assert_null (strstr (agent, "Mozilla"));
  g_assert_cmpstr (soup_session_get_user_agent (session), ==, agent);

  g_assert_cmpuint (soup_session_get_timeout (session), ==, RAPPORT_HTTP_DEFAULT_TIMEOUT);
  g_assert_cmpuint (soup_session_get_timeout (quick), ==, 5);
  g_assert_cmpuint (soup_session_get_idle_timeout (session), >, 0);
  g_assert_cmpuint (soup_session_get_max_conns (session), <=, 4);
  g_assert_cmpuint (soup_session_get_max_conns_per_host (session), <=, 2);
  g_assert_cmpuint (soup_session_get_max_conns_per_host (session), >=, 1);

  /* No cookies and no cache; certificates checked against the system's trust store. */
  g_assert_null (soup_session_get_feature (session, SOUP_TYPE_COOKIE_JAR));
  g_assert_null (soup_session_get_feature (session, SOUP_TYPE_CACHE));
  g_assert_nonnull (soup_session_get_tls_database (session));

  g_assert_finalize_object (g_steal_pointer (&session));
}

static void
test_send_json (void)
{
  g_autoptr(Server) server = server_new ();
  g_autoptr(SoupSession) session = rapport_http_session_new (0);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *url = server_url (server, "/json");
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);

  root = send_message (session, msg, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  g_assert_true (json_object_get_boolean_member (json_node_get_object (root), "ok"));
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);

  /* The server saw Rapport's agent and a JSON Accept header. */
  g_mutex_lock (&server->lock);
  g_assert_cmpstr (server->user_agent, ==, rapport_http_user_agent ());
  g_assert_cmpstr (server->accept, ==, JSON_TYPE);
  g_mutex_unlock (&server->lock);

  /* An Accept of the caller's own is kept. */
  {
    g_autoptr(SoupMessage) own = soup_message_new ("GET", url);
    g_autoptr(JsonNode) again = NULL;

    soup_message_headers_replace (soup_message_get_request_headers (own), "Accept",
                                  "application/vnd.test+json");
    again = send_message (session, own, 0, NULL, &error);
    g_assert_no_error (error);
    g_mutex_lock (&server->lock);
    g_assert_cmpstr (server->accept, ==, "application/vnd.test+json");
    g_mutex_unlock (&server->lock);
  }
}

static void
test_content_types (void)
{
  g_autoptr(Server) server = server_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  /* +json types and an explicit UTF-8 are JSON. */
  root = get_json (server, "/vendor-json", 0, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (root));
  json_node_unref (root);
  root = get_json (server, "/utf8-charset", 0, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  json_node_unref (root);

  /* A web page (a login form in front of the API) is not: it is named as such. */
  g_assert_null (get_json (server, "/html", 0, &error));
  g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_SIGN_IN_PAGE);
  g_assert_nonnull (strstr (error->message, "a web page (Content-Type “text/html”)"));
  g_clear_error (&error);

  /* Nor is any other type. */
  g_assert_null (get_json (server, "/plain", 0, &error));
  g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE);
  g_assert_nonnull (strstr (error->message, "expected a JSON answer, got Content-Type “text/plain”"));
  g_clear_error (&error);

  g_assert_null (get_json (server, "/latin1", 0, &error));
  g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE);
  g_assert_nonnull (strstr (error->message, "charset “iso-8859-1”, expected UTF-8"));
  g_clear_error (&error);

  g_assert_null (get_json (server, "/malformed", 0, &error));
  g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE);
  g_assert_nonnull (strstr (error->message, "malformed JSON"));
  g_assert_nonnull (strstr (error->message, "/malformed"));
  g_clear_error (&error);

  g_assert_null (get_json (server, "/empty", 0, &error));
  g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE);
  g_assert_nonnull (strstr (error->message, "the JSON body is empty"));
}

static void
test_hostile_json (void)
{
  g_autoptr(Server) server = server_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;

  /* A lone surrogate and a NUL escape: valid text, nothing after them lost. */
  root = get_json (server, "/hostile/surrogate", 0, &error);
  g_assert_no_error (error);
  object = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (object, "subject"), ==,
                   "Invoice \xef\xbf\xbd overdue");
  g_assert_cmpstr (json_object_get_string_member (object, "body"), ==,
                   "before\xef\xbf\xbd" "after");
  g_assert_cmpstr (json_object_get_string_member (object, "pair"), ==, "\xf0\x9f\x98\x80");

  /* A deep array behind a comment or a single-quoted string: refused, named, no crash. */
  g_assert_null (get_json (server, "/hostile/comment", 0, &error));
  g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE);
  g_assert_nonnull (strstr (error->message, "/hostile/comment: malformed JSON (comment at byte 21)"));
  g_clear_error (&error);
  g_assert_null (get_json (server, "/hostile/quote", 0, &error));
  g_assert_nonnull (strstr (error->message, "malformed JSON (single-quoted string at byte 12)"));
  g_clear_error (&error);
  g_assert_null (get_json (server, "/hostile/deep", 0, &error));
  g_assert_nonnull (strstr (error->message, "malformed JSON (nested more than 512 levels at byte"));
  g_clear_error (&error);

  /* Error bodies go through the same gate: a deep one (json-glib recursed through all of it
   * on the main thread) or one json-glib would take is no JSON; the status speaks alone. */
  for (guint i = 0; i < 3; i++)
    {
      static const char * const paths[] = { "/error/deep", "/error/comment", "/error/quote" };

      g_assert_null (get_json (server, paths[i], 0, &error));
      g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_SERVER_ERROR);
      g_assert_nonnull (strstr (error->message, "HTTP 500"));
      g_assert_null (strstr (error->message, "hidden"));
      g_assert_null (strstr (error->message, "the server said"));
      g_clear_error (&error);
    }

  /* The server's words from an error body are valid text too. */
  g_assert_null (get_json (server, "/error/surrogate", 0, &error));
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_nonnull (strstr (error->message, "(the server said: Invoice \xef\xbf\xbd overdue)"));
  g_clear_error (&error);

  /* A larger limit than the gate's is not honoured: the gate's bound holds. */
  {
    g_autofree char *path = g_strdup_printf ("/size/%u", RAPPORT_JSON_GATE_MAX_SIZE + 1);
    g_autofree char *expected = g_strdup_printf ("larger than %u bytes",
                                                 RAPPORT_JSON_GATE_MAX_SIZE);

    g_assert_null (get_json (server, path, 2 * (gsize) RAPPORT_JSON_GATE_MAX_SIZE, &error));
    g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE);
    g_assert_nonnull (strstr (error->message, expected));
  }
}

static void
test_no_content (void)
{
  g_autoptr(Server) server = server_new ();
  g_autoptr(GError) error = NULL;

  /* 204 and 304 carry no body: a JSON null node. */
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(JsonNode) root = get_json (server, i == 0 ? "/status/204" : "/status/304", 0,
                                           &error);

      g_assert_no_error (error);
      g_assert_nonnull (root);
      g_assert_true (JSON_NODE_HOLDS_NULL (root));
    }
}

/* Each status, as a real answer with a JSON body, maps to its code and names the request. */
static void
test_status_errors (void)
{
  static const struct
  {
    guint                status;
    RapportProviderError code;
  } cases[] = {
    { 400, RAPPORT_PROVIDER_ERROR_INVALID_INPUT },
    { 401, RAPPORT_PROVIDER_ERROR_AUTH_REQUIRED },
    { 403, RAPPORT_PROVIDER_ERROR_FORBIDDEN },
    { 404, RAPPORT_PROVIDER_ERROR_NOT_FOUND },
    { 408, RAPPORT_PROVIDER_ERROR_NETWORK },
    { 409, RAPPORT_PROVIDER_ERROR_CONFLICT },
    { 410, RAPPORT_PROVIDER_ERROR_NOT_FOUND },
    { 412, RAPPORT_PROVIDER_ERROR_CONFLICT },
    { 422, RAPPORT_PROVIDER_ERROR_INVALID_INPUT },
    { 429, RAPPORT_PROVIDER_ERROR_RATE_LIMITED },
    { 500, RAPPORT_PROVIDER_ERROR_SERVER_ERROR },
    { 502, RAPPORT_PROVIDER_ERROR_SERVER_ERROR },
    { 503, RAPPORT_PROVIDER_ERROR_SERVER_ERROR },
    { 504, RAPPORT_PROVIDER_ERROR_SERVER_ERROR },
  };
  g_autoptr(Server) server = server_new ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/status/%u", cases[i].status);
      g_autofree char *url = server_url (server, path);
      g_autofree char *expected = g_strdup_printf ("GET %s: HTTP %u ", url, cases[i].status);
      g_autoptr(GError) error = NULL;

      g_test_message ("HTTP %u", cases[i].status);
      g_assert_null (get_json (server, path, 0, &error));
      g_assert_error (error, RAPPORT_PROVIDER_ERROR, (int) cases[i].code);
      g_assert_true (g_str_has_prefix (error->message, expected));
      /* The server's own words, trimmed. */
      g_assert_nonnull (strstr (error->message, "(the server said: server words)"));
      /* No wait asked for, none promised. */
      g_assert_cmpuint (rapport_provider_error_get_retry_after (error), ==, 0);
      g_assert_null (strstr (error->message, "retry after"));
    }

  /* Without a body, the message says so. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_null (get_json (server, "/status-empty/403", 0, &error));
    g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_FORBIDDEN);
    g_assert_true (g_str_has_suffix (error->message, "HTTP 403 Forbidden with an empty body"));
  }
}

static void
test_retry_after (void)
{
  g_autoptr(Server) server = server_new ();
  g_autoptr(GError) error = NULL;

  /* 429 with a delay: RATE_LIMITED, and the delay read back through core. */
  g_assert_null (get_json (server, "/retry/429/17", 0, &error));
  g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_RATE_LIMITED);
  g_assert_true (g_str_has_suffix (error->message, " (retry after 17 s)"));
  g_assert_nonnull (strstr (error->message, "(the server said: slow down)"));
  g_assert_cmpuint (rapport_provider_error_get_retry_after (error), ==, 17);
  g_clear_error (&error);

  /* 503 with a Retry-After is a rate limit too; without one (above), a server error. */
  g_assert_null (get_json (server, "/retry/503/120", 0, &error));
  g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_RATE_LIMITED);
  g_assert_cmpuint (rapport_provider_error_get_retry_after (error), ==, 120);
  g_clear_error (&error);

  /* A wait longer than a day is capped. */
  g_assert_null (get_json (server, "/retry/429/999999999", 0, &error));
  g_assert_cmpuint (rapport_provider_error_get_retry_after (error), ==,
                    RAPPORT_HTTP_MAX_RETRY_AFTER);
  g_clear_error (&error);

  /* An unreadable Retry-After on a 503 is no Retry-After. */
  g_assert_null (get_json (server, "/retry/503/soon", 0, &error));
  g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_SERVER_ERROR);
  g_assert_cmpuint (rapport_provider_error_get_retry_after (error), ==, 0);
}

static void
test_redirect (void)
{
  g_autoptr(Server) server = server_new ();
  g_autoptr(GError) error = NULL;

  /* Never followed: a redirect to a login page must not carry credentials along. */
  g_assert_null (get_json (server, "/redirect", 0, &error));
  g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_REDIRECTED);
  g_assert_nonnull (strstr (error->message, "HTTP 302"));
  g_assert_nonnull (strstr (error->message, "redirects are not followed (Location: /json)"));
  /* A relative Location stays on the server's host. */
  g_assert_true (g_str_has_suffix (error->message, " [host 127.0.0.1]"));
  {
    g_autofree char *host = rapport_provider_error_get_host (error);

    g_assert_cmpstr (host, ==, "127.0.0.1");
  }
  g_assert_cmpuint (server_n_requests (server), ==, 1);
}

/* What answers instead of the API is named, with its host; server words are cut at a
 * character boundary. */
static void
test_real_causes (void)
{
  g_autoptr(Server) server = server_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *host = NULL;

  /* A login page sent as JSON by a single sign-on proxy. */
  g_assert_null (get_json (server, "/sso-json", 0, &error));
  g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_SIGN_IN_PAGE);
  g_assert_nonnull (strstr (error->message, "HTTP 200, a web page (Content-Type "
                                            "“application/json”, title “Single sign-on”) "
                                            "answered instead of the API"));
  host = rapport_provider_error_get_host (error);
  g_assert_cmpstr (host, ==, "127.0.0.1");
  g_clear_pointer (&host, g_free);
  g_clear_error (&error);

  /* A redirect to another host: its target is named. */
  g_assert_null (get_json (server, "/redirect-away", 0, &error));
  g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_REDIRECTED);
  g_assert_nonnull (strstr (error->message, "(Location: https://sso.example.com/login?rd=%2Fjson)"));
  host = rapport_provider_error_get_host (error);
  g_assert_cmpstr (host, ==, "sso.example.com");
  g_clear_pointer (&host, g_free);
  g_clear_error (&error);

  /* A server error, its long words cut after 300 characters, never inside one. */
  g_assert_null (get_json (server, "/long-words", 0, &error));
  g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_SERVER_ERROR);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  {
    const char *said = strstr (error->message, "(the server said: ");
    const char *end;

    g_assert_nonnull (said);
    said += strlen ("(the server said: ");
    end = strstr (said, "…)");
    g_assert_nonnull (end);
    g_assert_cmpint (g_utf8_strlen (said, end - said), ==, 300);
  }
  g_assert_null (rapport_provider_error_get_host (error));
  g_clear_error (&error);

  /* Malformed JSON from a reachable server is not a network problem. */
  g_assert_null (get_json (server, "/malformed", 0, &error));
  g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE);
}

/* A token never leaves in clear text for another computer, whoever built the message. */
static void
test_token_in_clear (void)
{
  g_autoptr(Server) server = server_new ();
  g_autoptr(SoupSession) session = rapport_http_session_new (0);
  g_autoptr(GError) error = NULL;
  g_autofree char *host = NULL;
  static const char * const refused[] = {
    "http://example.com/REST/2.0/user/31", "http://192.0.2.7/", "http://[2001:db8::1]:8080/x",
  };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", refused[i]);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                    "token 1-31-0e0b319dc88049977c625545f19966ff");
      g_assert_null (send_message (session, msg, 0, NULL, &error));
      g_test_message ("%s: %s", refused[i], error->message);
      g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INSECURE);
      g_assert_null (strstr (error->message, "0e0b319dc88049977c625545f19966ff"));
      /* Nothing was sent: no status. */
      g_assert_cmpuint (soup_message_get_status (msg), ==, 0);
      g_clear_error (&error);
    }

  {
    g_autoptr(SoupMessage) msg = soup_message_new ("GET", refused[0]);

    soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", "x");
    g_assert_null (send_message (session, msg, 0, NULL, &error));
    host = rapport_provider_error_get_host (error);
    g_assert_cmpstr (host, ==, "example.com");
    g_clear_error (&error);
  }

  /* To this computer over http, and without a token anywhere, requests go. */
  {
    g_autofree char *url = server_url (server, "/json");
    g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
    g_autoptr(JsonNode) root = NULL;

    soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", "x");
    root = send_message (session, msg, 0, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (server_n_requests (server), ==, 1);
  }
}

static void
test_quote (void)
{
  g_autofree char *cut = rapport_http_quote ("ééééé", 3);
  g_autofree char *lines = rapport_http_quote ("one\ntwo\u202Ethree", 40);
  g_autofree char *invalid = rapport_http_quote ("ab\xff\xfe", 40);
  g_autofree char *none = rapport_http_quote (NULL, 40);

  g_assert_cmpstr (cut, ==, "ééé…");
  g_assert_cmpstr (lines, ==, "one twothree");
  g_assert_true (g_utf8_validate (invalid, -1, NULL));
  g_assert_true (g_str_has_prefix (invalid, "ab"));
  g_assert_cmpstr (none, ==, "");
}

static void
test_body_limits (void)
{
  g_autoptr(Server) server = server_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  /* Exactly the limit passes, with and without a Content-Length. */
  root = get_json (server, "/size/1000", 1000, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (json_node_get_string (root)), ==, 998);
  json_node_unref (root);
  root = get_json (server, "/chunked/1000", 1000, &error);
  g_assert_no_error (error);
  json_node_unref (root);

  /* One byte more fails: by the announced length, or while reading. */
  g_assert_null (get_json (server, "/size/1001", 1000, &error));
  g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE);
  g_assert_nonnull (strstr (error->message, "larger than 1000 bytes (Content-Length 1001)"));
  g_clear_error (&error);

  g_assert_null (get_json (server, "/chunked/300000", 200000, &error));
  g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE);
  g_assert_nonnull (strstr (error->message, "the answer is larger than 200000 bytes"));
  g_clear_error (&error);

  /* 0 is the default limit. */
  root = get_json (server, "/chunked/300000", 0, &error);
  g_assert_no_error (error);
  json_node_unref (root);

  /* An error page larger than the limit still gives its status (its beginning is enough). */
  g_assert_null (get_json (server, "/error-page/300000", 1000, &error));
  g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_SERVER_ERROR);
  g_assert_nonnull (strstr (error->message, "HTTP 500"));
}

static void
test_truncated (void)
{
  g_autoptr(Server) server = server_new ();
  g_autoptr(GError) error = NULL;

  /* The connection closes before the announced length: the answer is incomplete. */
  g_assert_null (get_json (server, "/truncated", 0, &error));
  g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, "/truncated"));
}

static void
test_timeout (void)
{
  g_autoptr(Server) server = server_new ();
  g_autoptr(SoupSession) session = rapport_http_session_new (1);
  g_autofree char *url = server_url (server, "/stall");
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  gint64 elapsed;

  g_assert_null (send_message (session, msg, 0, NULL, &error));
  elapsed = g_get_monotonic_time () - start;
  g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, "the server did not answer in time"));
  g_assert_nonnull (strstr (error->message, url));
  g_assert_cmpint (elapsed, >=, G_USEC_PER_SEC / 2);
  g_assert_cmpint (elapsed, <, 20 * G_USEC_PER_SEC);
}

static void
test_cancel (void)
{
  g_autoptr(Server) server = server_new ();
  g_autoptr(SoupSession) session = rapport_http_session_new (0);
  g_autofree char *url = server_url (server, "/stall");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(SoupMessage) early = soup_message_new ("GET", url);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  /* Cancelled while the server keeps it waiting. */
  rapport_http_send_json_async (session, msg, 0, cancellable, on_sent_cb, &result);
  while (server_n_requests (server) == 0)
    g_main_context_iteration (NULL, FALSE);
  g_cancellable_cancel (cancellable);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (rapport_http_send_json_finish (session, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  /* Cancelled before it starts. */
  g_assert_null (send_message (session, early, 0, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_refused (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(SoupSession) session = rapport_http_session_new (0);
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  /* A port that was free a moment ago, now closed: nothing listens there. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                         &error);
  g_assert_no_error (error);
  g_assert_true (g_socket_bind (socket, any, FALSE, &error));
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  url = g_strdup_printf ("http://127.0.0.1:%u/json",
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_assert_true (g_socket_close (socket, &error));

  msg = soup_message_new ("GET", url);
  g_assert_null (send_message (session, msg, 0, NULL, &error));
  g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, "the connection was refused"));
  g_assert_true (g_str_has_prefix (error->message, "GET http://127.0.0.1:"));
}

/* ------------------------------------------------------------------------------------ */
/* The pure functions                                                                    */

static void
test_code_for_status (void)
{
  static const struct
  {
    guint                status;
    gboolean             has_retry_after;
    RapportProviderError code;
  } cases[] = {
    { 401, FALSE, RAPPORT_PROVIDER_ERROR_AUTH_REQUIRED },
    { 407, FALSE, RAPPORT_PROVIDER_ERROR_AUTH_REQUIRED },
    { 403, FALSE, RAPPORT_PROVIDER_ERROR_FORBIDDEN },
    { 404, FALSE, RAPPORT_PROVIDER_ERROR_NOT_FOUND },
    { 410, FALSE, RAPPORT_PROVIDER_ERROR_NOT_FOUND },
    { 409, FALSE, RAPPORT_PROVIDER_ERROR_CONFLICT },
    { 412, FALSE, RAPPORT_PROVIDER_ERROR_CONFLICT },
    { 429, FALSE, RAPPORT_PROVIDER_ERROR_RATE_LIMITED },
    { 429, TRUE, RAPPORT_PROVIDER_ERROR_RATE_LIMITED },
    { 503, TRUE, RAPPORT_PROVIDER_ERROR_RATE_LIMITED },
    { 503, FALSE, RAPPORT_PROVIDER_ERROR_SERVER_ERROR },
    { 408, FALSE, RAPPORT_PROVIDER_ERROR_NETWORK },
    { 502, FALSE, RAPPORT_PROVIDER_ERROR_SERVER_ERROR },
    { 504, FALSE, RAPPORT_PROVIDER_ERROR_SERVER_ERROR },
    { 400, FALSE, RAPPORT_PROVIDER_ERROR_INVALID_INPUT },
    { 405, FALSE, RAPPORT_PROVIDER_ERROR_INVALID_INPUT },
    { 422, TRUE, RAPPORT_PROVIDER_ERROR_INVALID_INPUT },
    { 499, FALSE, RAPPORT_PROVIDER_ERROR_INVALID_INPUT },
    { 500, FALSE, RAPPORT_PROVIDER_ERROR_SERVER_ERROR },
    { 500, TRUE, RAPPORT_PROVIDER_ERROR_SERVER_ERROR },
    { 501, FALSE, RAPPORT_PROVIDER_ERROR_SERVER_ERROR },
    { 599, FALSE, RAPPORT_PROVIDER_ERROR_SERVER_ERROR },
    { 301, FALSE, RAPPORT_PROVIDER_ERROR_REDIRECTED },
    { 302, FALSE, RAPPORT_PROVIDER_ERROR_REDIRECTED },
    { 600, FALSE, RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE },
    { 200, FALSE, RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE },
    { 0, FALSE, RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%u %s", cases[i].status, cases[i].has_retry_after ? "with" : "without");
      g_assert_cmpint (rapport_http_error_code_for_status (cases[i].status,
                                                          cases[i].has_retry_after),
                       ==, cases[i].code);
    }
}

static void
test_parse_retry_after (void)
{
  const gint64 now = 1795392000; /* Mon, 23 Nov 2026 00:00:00 GMT */
  guint seconds = 99;

  g_assert_true (rapport_http_parse_retry_after ("17", now, &seconds));
  g_assert_cmpuint (seconds, ==, 17);
  g_assert_true (rapport_http_parse_retry_after (" 0 ", now, &seconds));
  g_assert_cmpuint (seconds, ==, 0);
  g_assert_true (rapport_http_parse_retry_after ("86401", now, &seconds));
  g_assert_cmpuint (seconds, ==, RAPPORT_HTTP_MAX_RETRY_AFTER);
  g_assert_true (rapport_http_parse_retry_after ("99999999999999999999999999", now, &seconds));
  g_assert_cmpuint (seconds, ==, RAPPORT_HTTP_MAX_RETRY_AFTER);

  /* HTTP dates, relative to now; the past is 0. */
  g_assert_true (rapport_http_parse_retry_after ("Mon, 23 Nov 2026 00:02:00 GMT", now, &seconds));
  g_assert_cmpuint (seconds, ==, 120);
  g_assert_true (rapport_http_parse_retry_after ("Sun, 22 Nov 2026 00:00:00 GMT", now, &seconds));
  g_assert_cmpuint (seconds, ==, 0);
  g_assert_true (rapport_http_parse_retry_after ("Mon, 30 Nov 2026 00:00:00 GMT", now, &seconds));
  g_assert_cmpuint (seconds, ==, RAPPORT_HTTP_MAX_RETRY_AFTER);

  /* Anything else is not a Retry-After. */
  for (guint i = 0; i < 6; i++)
    {
      static const char * const bad[] = { "", "   ", "soon", "-5", "1.5", "12s" };

      seconds = 99;
      g_assert_false (rapport_http_parse_retry_after (bad[i], now, &seconds));
      g_assert_cmpuint (seconds, ==, 0);
    }
  g_assert_false (rapport_http_parse_retry_after (NULL, now, &seconds));
}

static void
test_parse_json (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) deep = g_string_new (NULL);
  JsonNode *root;

  root = rapport_http_parse_json ("{\"a\": [1, 2]}", 13, "Test answer", &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  json_node_unref (root);

  /* Only @length bytes are read. */
  root = rapport_http_parse_json ("[1]garbage", 3, "Test answer", &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (root));
  json_node_unref (root);

  g_assert_null (rapport_http_parse_json ("", 0, "Test answer", &error));
  g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE);
  g_assert_cmpstr (error->message, ==, "Test answer: the JSON body is empty");
  g_clear_error (&error);

  g_assert_null (rapport_http_parse_json ("[\"\xff\"]", 5, "Test answer", &error));
  g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE);
  g_assert_cmpstr (error->message, ==, "Test answer: malformed JSON (invalid UTF-8 at byte 2)");
  g_clear_error (&error);

  g_assert_null (rapport_http_parse_json ("{\"a\": }", 7, "Test answer", &error));
  g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE);
  g_assert_cmpstr (error->message, ==, "Test answer: malformed JSON (unexpected “}” at byte 6)");
  g_clear_error (&error);

  /* What json-glib takes beyond JSON is refused by the gate before it. */
  g_assert_null (rapport_http_parse_json ("[1] // c", 8, "Test answer", &error));
  g_assert_cmpstr (error->message, ==, "Test answer: malformed JSON (comment at byte 4)");
  g_clear_error (&error);
  g_assert_null (rapport_http_parse_json ("['a']", 5, "Test answer", &error));
  g_assert_cmpstr (error->message, ==,
                   "Test answer: malformed JSON (single-quoted string at byte 1)");
  g_clear_error (&error);
  g_assert_null (rapport_http_parse_json ("[1]\n[2]", 7, "Test answer", &error));
  g_assert_cmpstr (error->message, ==,
                   "Test answer: malformed JSON (data after the JSON value at byte 4)");
  g_clear_error (&error);

  /* The escapes json-glib would decode to invalid text come out as U+FFFD; the text after a
   * NUL escape is kept, proper surrogate pairs too. */
  {
    static const char text[] = "[\"x\\udcff y\", \"a\\u0000b\", \"\\ud83d\\ude00\"]";
    JsonArray *array;

    root = rapport_http_parse_json (text, sizeof text - 1, "Test answer", &error);
    g_assert_no_error (error);
    array = json_node_get_array (root);
    g_assert_cmpstr (json_array_get_string_element (array, 0), ==, "x\xef\xbf\xbd y");
    g_assert_cmpstr (json_array_get_string_element (array, 1), ==, "a\xef\xbf\xbd" "b");
    g_assert_cmpstr (json_array_get_string_element (array, 2), ==, "\xf0\x9f\x98\x80");
    json_node_unref (root);
  }

  /* 512 levels are fine; 513 are refused before json-glib recurses into them. */
  for (guint i = 0; i < 512; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < 512; i++)
    g_string_append_c (deep, ']');
  root = rapport_http_parse_json (deep->str, deep->len, "Test answer", &error);
  g_assert_no_error (error);
  json_node_unref (root);

  g_string_prepend_c (deep, '{');
  g_string_insert (deep, 1, "\"k\": ");
  g_string_append_c (deep, '}');
  g_assert_null (rapport_http_parse_json (deep->str, deep->len, "Test answer", &error));
  g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE);
  g_assert_cmpstr (error->message, ==,
                   "Test answer: malformed JSON (nested more than 512 levels at byte 517)");
  g_clear_error (&error);

  /* Brackets inside strings (escaped quotes too) do not count. */
  {
    g_autoptr(GString) text = g_string_new ("[\"\\\"");

    for (guint i = 0; i < 1000; i++)
      g_string_append (text, "[{");
    g_string_append (text, "\"]");
    root = rapport_http_parse_json (text->str, text->len, "Test answer", &error);
    g_assert_no_error (error);
    g_assert_true (JSON_NODE_HOLDS_ARRAY (root));
    json_node_unref (root);
  }
}

static void
test_error_from_transport (void)
{
  g_autoptr(SoupMessage) msg = soup_message_new ("POST",
                                                 "https://agent:hunter2@rt.example.com/REST/2.0/ticket");
  static const struct
  {
    GQuark      domain;
    int         code;
    const char *says;
  } cases[] = {
    { 0, G_IO_ERROR_TIMED_OUT, "the server did not answer in time" },
    { 0, G_IO_ERROR_CONNECTION_REFUSED, "the connection was refused" },
    { 0, G_IO_ERROR_HOST_UNREACHABLE, "the server cannot be reached" },
    { 0, G_IO_ERROR_NETWORK_UNREACHABLE, "the server cannot be reached" },
    { 0, G_IO_ERROR_PARTIAL_INPUT, "the connection was closed before the answer was complete" },
    { 0, G_IO_ERROR_BROKEN_PIPE, "the connection was closed before the answer was complete" },
    { 0, G_IO_ERROR_PROXY_FAILED, "the proxy failed" },
    { 0, G_IO_ERROR_PROXY_NEED_AUTH, "the proxy failed" },
    { 0, G_IO_ERROR_FAILED, "the request failed" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) cause = g_error_new_literal (G_IO_ERROR, cases[i].code, "cause text");
      g_autoptr(GError) error = rapport_http_error_from_transport (msg, cause);
      g_autofree char *expected = g_strdup_printf ("%s (cause text)", cases[i].says);

      g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_NETWORK);
      g_assert_true (g_str_has_prefix (error->message, "POST https://agent@rt.example.com/"));
      g_assert_true (g_str_has_suffix (error->message, expected));
      /* Never the password. */
      g_assert_null (strstr (error->message, "hunter2"));
    }

  /* Cancellation stays cancellation. */
  {
    g_autoptr(GError) cause = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "stop");
    g_autoptr(GError) error = rapport_http_error_from_transport (msg, cause);

    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_true (error != cause);
  }

  /* The resolver, TLS, any other domain; a failure without a message. */
  {
    g_autoptr(GError) resolver = g_error_new_literal (G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND,
                                                      "no such host");
    g_autoptr(GError) bad_cert = g_error_new_literal (G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE,
                                                      "unacceptable");
    g_autoptr(GError) handshake = g_error_new_literal (G_TLS_ERROR, G_TLS_ERROR_MISC,
                                                       "wrong version");
    g_autoptr(GError) other = g_error_new_literal (G_FILE_ERROR, G_FILE_ERROR_NOENT, "odd");
    g_autoptr(GError) e1 = rapport_http_error_from_transport (msg, resolver);
    g_autoptr(GError) e2 = rapport_http_error_from_transport (msg, bad_cert);
    g_autoptr(GError) e3 = rapport_http_error_from_transport (msg, handshake);
    g_autoptr(GError) e4 = rapport_http_error_from_transport (NULL, other);

    g_assert_error (e1, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_NETWORK);
    g_assert_true (g_str_has_suffix (e1->message, "the host name could not be resolved (no such host)"));
    g_assert_error (e2, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_TLS);
    g_assert_true (g_str_has_suffix (e2->message,
                                     "the server's TLS certificate is not trusted (unacceptable) "
                                     "[host rt.example.com]"));
    g_assert_error (e3, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_TLS);
    g_assert_nonnull (strstr (e3->message, "the TLS connection failed (wrong version); is the "
                                           "server speaking HTTPS?"));
    g_assert_error (e4, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_NETWORK);
    g_assert_cmpstr (e4->message, ==, "A request: the request failed (odd)");
  }

  /* A very long address is cut in messages. */
  {
    g_autoptr(GString) url = g_string_new ("https://rt.example.com/");
    g_autoptr(SoupMessage) long_msg = NULL;
    g_autoptr(GError) cause = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "late");
    g_autoptr(GError) error = NULL;

    for (guint i = 0; i < 1000; i++)
      g_string_append_c (url, 'a');
    long_msg = soup_message_new ("GET", url->str);
    error = rapport_http_error_from_transport (long_msg, cause);
    g_assert_true (g_str_has_suffix (error->message,
                                     "aaa…: the server did not answer in time (late)"));
    g_assert_cmpuint (g_utf8_strlen (error->message, -1), <, 500);
  }
}

static void
test_describe_tls_errors (void)
{
  g_autofree char *none = rapport_http_describe_tls_errors (0);
  g_autofree char *two = rapport_http_describe_tls_errors (G_TLS_CERTIFICATE_EXPIRED |
                                                           G_TLS_CERTIFICATE_UNKNOWN_CA);
  g_autofree char *all = rapport_http_describe_tls_errors (G_TLS_CERTIFICATE_VALIDATE_ALL);
  g_autofree char *translated = rapport_http_describe_tls_errors_translated (G_TLS_CERTIFICATE_BAD_IDENTITY |
                                                                            G_TLS_CERTIFICATE_REVOKED);

  g_assert_cmpstr (none, ==, "not trusted");
  /* The most telling first, whatever the order of the flags. */
  g_assert_cmpstr (two, ==, "signed by an unknown authority, expired");
  g_assert_cmpstr (all, ==, "signed by an unknown authority, issued for another host name, "
                            "not valid yet, expired, revoked, using an insecure algorithm, invalid");
  /* In the C locale of the tests, the same words. */
  g_assert_cmpstr (translated, ==, "issued for another host name, revoked");
}

static void
test_may_send_token (void)
{
  static const struct
  {
    const char *url;
    gboolean    allowed;
  } cases[] = {
    { "https://rt.example.com", TRUE },
    { "https://192.0.2.7:8443/rt", TRUE },
    { "http://127.0.0.1:8080", TRUE },
    { "http://127.1.2.3/rt", TRUE },
    { "http://localhost", TRUE },
    { "http://LOCALHOST:80/rt", TRUE },
    { "http://[::1]:8080", TRUE },
    { "http://rt.example.com", FALSE },
    { "http://192.0.2.7", FALSE },
    { "http://10.0.0.1", FALSE },
    { "http://[::2]", FALSE },
    { "http://localhost.example.com", FALSE },
    { "http://127.0.0.1.example.com", FALSE },
    { "ftp://localhost", FALSE },
    { "ws://127.0.0.1", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GUri) uri = g_uri_parse (cases[i].url, SOUP_HTTP_URI_FLAGS, &error);

      g_assert_no_error (error);
      g_test_message ("%s", cases[i].url);
      g_assert_cmpint (rapport_http_may_send_token (uri), ==, cases[i].allowed);
    }
}

static void
test_wipe_secret (void)
{
  char *secret = g_strdup ("1-31-0e0b319dc88049977c625545f19966ff");
  char *empty = g_strdup ("");
  char *none = NULL;

  rapport_http_wipe_secret (&secret);
  g_assert_null (secret);
  rapport_http_wipe_secret (&empty);
  g_assert_null (empty);
  rapport_http_wipe_secret (&none);
  g_assert_null (none);

  g_test_expect_message ("rapport-http", G_LOG_LEVEL_CRITICAL, "*secret != NULL*");
  rapport_http_wipe_secret (NULL);
  g_test_assert_expected_messages ();
}

/* A web page's Content-Type with no body (a proxy's empty 503, say): a sign-in page error
 * without a title, not a read of the missing body (found by the http-error fuzz harness). */
static void
test_web_page_without_body (void)
{
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", "https://rt.example.org/REST/2.0/ticket/1");
  g_autoptr(GError) error = NULL;

  g_assert_true (rapport_http_is_web_page ("text/html", NULL, 0));
  error = rapport_http_error_web_page (msg, "text/html", NULL, 0);
  g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_SIGN_IN_PAGE);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_clear_error (&error);

  error = rapport_http_error_web_page (msg, "text/html", (const guint8 *) "", 0);
  g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_SIGN_IN_PAGE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  /* The loopback server must be reached directly, whatever proxy the machine has. */
  g_unsetenv ("http_proxy");
  g_unsetenv ("HTTP_PROXY");
  g_unsetenv ("all_proxy");
  g_unsetenv ("ALL_PROXY");
  g_setenv ("LANGUAGE", "C", TRUE);

  g_test_add_func ("/rapport/http/session", test_session);
  g_test_add_func ("/rapport/http/send-json", test_send_json);
  g_test_add_func ("/rapport/http/content-types", test_content_types);
  g_test_add_func ("/rapport/http/hostile-json", test_hostile_json);
  g_test_add_func ("/rapport/http/no-content", test_no_content);
  g_test_add_func ("/rapport/http/status-errors", test_status_errors);
  g_test_add_func ("/rapport/http/retry-after", test_retry_after);
  g_test_add_func ("/rapport/http/redirect", test_redirect);
  g_test_add_func ("/rapport/http/real-causes", test_real_causes);
  g_test_add_func ("/rapport/http/token-in-clear", test_token_in_clear);
  g_test_add_func ("/rapport/http/quote", test_quote);
  g_test_add_func ("/rapport/http/body-limits", test_body_limits);
  g_test_add_func ("/rapport/http/truncated", test_truncated);
  g_test_add_func ("/rapport/http/timeout", test_timeout);
  g_test_add_func ("/rapport/http/cancel", test_cancel);
  g_test_add_func ("/rapport/http/refused", test_refused);
  g_test_add_func ("/rapport/http/code-for-status", test_code_for_status);
  g_test_add_func ("/rapport/http/parse-retry-after", test_parse_retry_after);
  g_test_add_func ("/rapport/http/parse-json", test_parse_json);
  g_test_add_func ("/rapport/http/error-from-transport", test_error_from_transport);
  g_test_add_func ("/rapport/http/describe-tls-errors", test_describe_tls_errors);
  g_test_add_func ("/rapport/http/may-send-token", test_may_send_token);
  g_test_add_func ("/rapport/http/wipe-secret", test_wipe_secret);
  g_test_add_func ("/rapport/http/web-page-without-body", test_web_page_without_body);

  return g_test_run ();
}
