/* rapport-http.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-http"

#include "config.h"

#include "rapport-http.h"

#include "rapport-text.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#define USER_AGENT          "Rapport/" PACKAGE_VERSION " (+https://github.com/rapportdesk/rapport)"
#define IDLE_TIMEOUT        60
#define MAX_CONNS           4
#define MAX_CONNS_PER_HOST  2
#define READ_CHUNK          (64 * 1024)
#define MAX_ERROR_BODY      (64 * 1024)
#define MAX_URI_IN_MESSAGE  400
/* The most characters of the server's own words (an error message, a redirect target, a page
 * title) a developer message quotes. */
#define MAX_SAID_IN_MESSAGE 300
#define MAX_LOCATION_IN_MESSAGE 200
#define MAX_TITLE_IN_MESSAGE 80
#define MAX_HOST_LENGTH     255
#define RETRY_AFTER_PREFIX  "(retry after "
/* RFC 6585; SoupStatus has no name for it. */
#define HTTP_TOO_MANY_REQUESTS 429

const char *
rapport_http_user_agent (void)
{
  return USER_AGENT;
}

/**
 * rapport_http_session_new:
 * @timeout_seconds: I/O timeout, 0 for %RAPPORT_HTTP_DEFAULT_TIMEOUT
 *
 * Returns: (transfer full): a new session
 */
SoupSession *
rapport_http_session_new (guint timeout_seconds)
{
  return soup_session_new_with_options ("timeout", timeout_seconds > 0 ? timeout_seconds :
                                                   RAPPORT_HTTP_DEFAULT_TIMEOUT,
                                        "idle-timeout", IDLE_TIMEOUT,
                                        "user-agent", USER_AGENT,
                                        "max-conns", MAX_CONNS,
                                        "max-conns-per-host", MAX_CONNS_PER_HOST,
                                        NULL);
}

/* ------------------------------------------------------------------------------------ */
/* Error mapping                                                                         */

RapportProviderError
rapport_http_error_code_for_status (guint    status,
                                    gboolean has_retry_after)
{
  switch (status)
    {
    case SOUP_STATUS_UNAUTHORIZED:
    case SOUP_STATUS_PROXY_AUTHENTICATION_REQUIRED:
      return RAPPORT_PROVIDER_ERROR_AUTH_REQUIRED;
    case SOUP_STATUS_FORBIDDEN:
      return RAPPORT_PROVIDER_ERROR_FORBIDDEN;
    case SOUP_STATUS_NOT_FOUND:
    case SOUP_STATUS_GONE:
      return RAPPORT_PROVIDER_ERROR_NOT_FOUND;
    case SOUP_STATUS_CONFLICT:
    case SOUP_STATUS_PRECONDITION_FAILED:
      return RAPPORT_PROVIDER_ERROR_CONFLICT;
    case HTTP_TOO_MANY_REQUESTS:
      return RAPPORT_PROVIDER_ERROR_RATE_LIMITED;
    case SOUP_STATUS_SERVICE_UNAVAILABLE:
      return has_retry_after ? RAPPORT_PROVIDER_ERROR_RATE_LIMITED :
                               RAPPORT_PROVIDER_ERROR_SERVER_ERROR;
    case SOUP_STATUS_REQUEST_TIMEOUT:
      return RAPPORT_PROVIDER_ERROR_NETWORK;
    default:
      break;
    }

  if (status >= 300 && status < 400)
    return RAPPORT_PROVIDER_ERROR_REDIRECTED;
  if (status >= 400 && status < 500)
    return RAPPORT_PROVIDER_ERROR_INVALID_INPUT;
  if (status >= 500 && status < 600)
    return RAPPORT_PROVIDER_ERROR_SERVER_ERROR;

  return RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE;
}

gboolean
rapport_http_parse_retry_after (const char *value,
                                gint64      now_unix,
                                guint      *seconds)
{
  g_autofree char *text = NULL;
  g_autoptr(GDateTime) date = NULL;
  gboolean all_digits = TRUE;

  g_return_val_if_fail (seconds != NULL, FALSE);

  *seconds = 0;
  if (value == NULL)
    return FALSE;

  text = g_strstrip (g_strdup (value));
  if (text[0] == '\0')
    return FALSE;

  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      all_digits = FALSE;

  if (all_digits)
    {
      guint64 delay = 0;

      for (const char *p = text; *p != '\0' && delay <= RAPPORT_HTTP_MAX_RETRY_AFTER; p++)
        delay = delay * 10 + (guint64) (*p - '0');

      *seconds = (guint) MIN (delay, (guint64) RAPPORT_HTTP_MAX_RETRY_AFTER);
      return TRUE;
    }

  date = soup_date_time_new_from_http_string (text);
  if (date == NULL)
    return FALSE;

  {
    gint64 delay = g_date_time_to_unix (date) - now_unix;

    *seconds = delay <= 0 ? 0 : (guint) MIN (delay, (gint64) RAPPORT_HTTP_MAX_RETRY_AFTER);
  }
  return TRUE;
}

/* The certificate problems, most telling first. The texts are English for developer messages
 * and marked for translation for the user-facing variant. */
static const struct
{
  GTlsCertificateFlags  flag;
  const char           *text;
} tls_error_descriptions[] = {
  /* Translators: completes “the server's certificate is …” */
  { G_TLS_CERTIFICATE_UNKNOWN_CA, N_("signed by an unknown authority") },
  /* Translators: completes “the server's certificate is …” */
  { G_TLS_CERTIFICATE_BAD_IDENTITY, N_("issued for another host name") },
  /* Translators: completes “the server's certificate is …” */
  { G_TLS_CERTIFICATE_NOT_ACTIVATED, N_("not valid yet") },
  /* Translators: completes “the server's certificate is …” */
  { G_TLS_CERTIFICATE_EXPIRED, N_("expired") },
  /* Translators: completes “the server's certificate is …” */
  { G_TLS_CERTIFICATE_REVOKED, N_("revoked") },
  /* Translators: completes “the server's certificate is …” */
  { G_TLS_CERTIFICATE_INSECURE, N_("using an insecure algorithm") },
  /* Translators: completes “the server's certificate is …” */
  { G_TLS_CERTIFICATE_GENERIC_ERROR, N_("invalid") },
};

static char *
describe_tls_errors (GTlsCertificateFlags flags,
                     gboolean             translate)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (tls_error_descriptions); i++)
    {
      const char *description = tls_error_descriptions[i].text;

      if ((flags & tls_error_descriptions[i].flag) == 0)
        continue;
      if (text->len > 0)
        /* Translators: separates the problems of a certificate: “expired, revoked” */
        g_string_append (text, translate ? _(", ") : ", ");
      g_string_append (text, translate ? _(description) : description);
    }

  if (text->len == 0)
    /* Translators: completes “the server's certificate is …” */
    g_string_append (text, translate ? _("not trusted") : "not trusted");

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/**
 * rapport_http_describe_tls_errors:
 *
 * Returns: (transfer full): a comma-separated description
 */
char *
rapport_http_describe_tls_errors (GTlsCertificateFlags flags)
{
  return describe_tls_errors (flags, FALSE);
}

/**
 * rapport_http_describe_tls_errors_translated:
 *
 * Returns: (transfer full): a comma-separated description in the user's language
 */
char *
rapport_http_describe_tls_errors_translated (GTlsCertificateFlags flags)
{
  return describe_tls_errors (flags, TRUE);
}

/* "GET https://host/path?query", without any password, shortened when very long. */
static char *
describe_request (SoupMessage *msg)
{
  GUri *uri = soup_message_get_uri (msg);
  g_autofree char *text = uri != NULL ? g_uri_to_string_partial (uri, G_URI_HIDE_PASSWORD) :
                                        g_strdup ("(no URL)");

  if (g_utf8_strlen (text, -1) > MAX_URI_IN_MESSAGE)
    {
      char *cut = g_utf8_offset_to_pointer (text, MAX_URI_IN_MESSAGE);

      *cut = '\0';
      return g_strdup_printf ("%s %s…", soup_message_get_method (msg), text);
    }

  return g_strdup_printf ("%s %s", soup_message_get_method (msg), text);
}

/* @host as an error message names it (RAPPORT_PROVIDER_ERROR_HOST_FORMAT): ASCII (an IDN
 * host in its xn-- form), only the characters of host names and address literals; %NULL when
 * it is none. */
static char *
message_host (const char *host)
{
  g_autofree char *ascii = NULL;
  gboolean literal;

  if (host == NULL || host[0] == '\0' || !g_utf8_validate (host, -1, NULL))
    return NULL;

  literal = g_hostname_is_ip_address (host);
  ascii = literal ? g_strdup (host) : g_hostname_to_ascii (host);
  if (ascii == NULL || ascii[0] == '\0' || strlen (ascii) > MAX_HOST_LENGTH)
    return NULL;

  for (const char *p = ascii; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr (".-_:", *p) == NULL)
      return NULL;

  /* An IPv6 literal is shown as in a URL. */
  if (strchr (ascii, ':') != NULL)
    return g_strdup_printf ("[%s]", ascii);

  return g_steal_pointer (&ascii);
}

/* Appends " [host NAME]" for the host of @uri, when it has a usable one. */
static void
append_host (GString *text,
             GUri    *uri)
{
  g_autofree char *host = uri != NULL ? message_host (g_uri_get_host (uri)) : NULL;

  if (host != NULL)
    g_string_append_printf (text, RAPPORT_PROVIDER_ERROR_HOST_FORMAT, host);
}

/**
 * rapport_http_quote:
 *
 * Returns: (transfer full): @text as a message quotes it
 */
char *
rapport_http_quote (const char *text,
                    gsize       max_chars)
{
  g_autofree char *label = NULL;

  if (text == NULL)
    return g_strdup ("");

  label = rapport_text_clean_label (text);
  return rapport_text_cut (label, max_chars);
}

/* The server's own words from an error body, if it is JSON with a message. */
static char *
server_message (GBytes *body)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *object;
  static const char * const keys[] = { "message", "error", "description" };
  gconstpointer data;
  gsize size;

  if (body == NULL)
    return NULL;

  data = g_bytes_get_data (body, &size);
  if (size == 0 || size > MAX_ERROR_BODY)
    return NULL;

  /* Through the same gate as every answer: an error body is the server's text too. Not JSON
   * (an HTML error page, a refused body) is no error here: the status speaks alone. */
  root = rapport_http_parse_json (data, size, "An error body", &error);
  if (root == NULL)
    {
      g_debug ("%s", error->message);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  object = json_node_get_object (root);

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      JsonNode *node = json_object_get_member (object, keys[i]);

      if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
          json_node_get_value_type (node) == G_TYPE_STRING)
        {
          g_autofree char *text = g_strstrip (g_strdup (json_node_get_string (node)));

          if (text[0] != '\0')
            return g_steal_pointer (&text);
        }
    }

  return NULL;
}

/**
 * rapport_http_error_from_status:
 *
 * Returns: (transfer full): the error
 */
GError *
rapport_http_error_from_status (SoupMessage *msg,
                                GBytes      *body)
{
  SoupMessageHeaders *headers;
  g_autofree char *request = NULL;
  g_autofree char *said = NULL;
  g_autoptr(GString) text = NULL;
  const char *retry_after, *reason, *location;
  guint status, delay = 0;
  gboolean has_retry_after;
  RapportProviderError code;

  g_return_val_if_fail (SOUP_IS_MESSAGE (msg), NULL);

  status = soup_message_get_status (msg);
  headers = soup_message_get_response_headers (msg);
  retry_after = headers != NULL ? soup_message_headers_get_one (headers, "Retry-After") : NULL;
  location = headers != NULL ? soup_message_headers_get_one (headers, "Location") : NULL;
  has_retry_after = rapport_http_parse_retry_after (retry_after,
                                                    g_get_real_time () / G_USEC_PER_SEC, &delay);
  code = rapport_http_error_code_for_status (status, has_retry_after);

  request = describe_request (msg);
  reason = soup_message_get_reason_phrase (msg);
  if (reason == NULL || reason[0] == '\0')
    reason = soup_status_get_phrase (status);

  text = g_string_new (NULL);
  g_string_append_printf (text, "%s: HTTP %u %s", request, status, reason != NULL ? reason : "");

  said = server_message (body);
  if (said != NULL)
    {
      g_autofree char *quoted = rapport_http_quote (said, MAX_SAID_IN_MESSAGE);

      g_string_append_printf (text, " (the server said: %s)", quoted);
    }
  else if (body == NULL || g_bytes_get_size (body) == 0)
    g_string_append (text, " with an empty body");

  if (code == RAPPORT_PROVIDER_ERROR_REDIRECTED)
    {
      g_autofree char *quoted = location != NULL ?
                                rapport_http_quote (location, MAX_LOCATION_IN_MESSAGE) : NULL;
      g_autoptr(GUri) target = NULL;

      g_string_append_printf (text, "; redirects are not followed (Location: %s)",
                              quoted != NULL ? quoted : "none");

      /* The target's host: where the API sends Rapport (a relative Location stays on the
       * API's host). */
      if (location != NULL && soup_message_get_uri (msg) != NULL)
        target = g_uri_parse_relative (soup_message_get_uri (msg), location,
                                       SOUP_HTTP_URI_FLAGS, NULL);
      append_host (text, target);
    }

  /* The form rapport_provider_error_get_retry_after () reads back. */
  if (code == RAPPORT_PROVIDER_ERROR_RATE_LIMITED && has_retry_after)
    g_string_append_printf (text, " " RETRY_AFTER_PREFIX "%u s)", delay);

  return g_error_new_literal (RAPPORT_PROVIDER_ERROR, code, text->str);
}

/**
 * rapport_http_error_from_transport:
 *
 * Returns: (transfer full): the error
 */
GError *
rapport_http_error_from_transport (SoupMessage  *msg,
                                   const GError *error)
{
  g_autofree char *request = NULL;

  g_return_val_if_fail (error != NULL, NULL);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);

  request = msg != NULL ? describe_request (msg) : g_strdup ("A request");

  if (error->domain == G_TLS_ERROR)
    {
      GTlsCertificateFlags flags = 0;

      if (msg != NULL)
        flags = soup_message_get_tls_peer_certificate_errors (msg);

      g_autoptr(GString) text = g_string_new (NULL);

      if (g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE) || flags != 0)
        {
          g_autofree char *problems = rapport_http_describe_tls_errors (flags);

          g_string_printf (text, "%s: the server's TLS certificate is %s (%s)",
                           request, problems, error->message);
        }
      else
        {
          g_string_printf (text, "%s: the TLS connection failed (%s); is the server speaking "
                           "HTTPS?", request, error->message);
        }

      append_host (text, msg != NULL ? soup_message_get_uri (msg) : NULL);
      return g_error_new_literal (RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_TLS,
                                  text->str);
    }

  if (error->domain == G_RESOLVER_ERROR)
    return g_error_new (RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_NETWORK,
                        "%s: the host name could not be resolved (%s)", request, error->message);

  if (error->domain == G_IO_ERROR)
    {
      const char *what;

      switch (error->code)
        {
        case G_IO_ERROR_TIMED_OUT:
          what = "the server did not answer in time";
          break;
        case G_IO_ERROR_CONNECTION_REFUSED:
          what = "the connection was refused";
          break;
        case G_IO_ERROR_HOST_UNREACHABLE:
        case G_IO_ERROR_NETWORK_UNREACHABLE:
          what = "the server cannot be reached";
          break;
        case G_IO_ERROR_PARTIAL_INPUT:
        case G_IO_ERROR_BROKEN_PIPE:
          what = "the connection was closed before the answer was complete";
          break;
        case G_IO_ERROR_PROXY_FAILED:
        case G_IO_ERROR_PROXY_AUTH_FAILED:
        case G_IO_ERROR_PROXY_NEED_AUTH:
        case G_IO_ERROR_PROXY_NOT_ALLOWED:
          what = "the proxy failed";
          break;
        default:
          what = "the request failed";
          break;
        }

      return g_error_new (RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_NETWORK,
                          "%s: %s (%s)", request, what, error->message);
    }

  return g_error_new (RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_NETWORK,
                      "%s: the request failed (%s)", request, error->message);
}

/* Whether @data (@size bytes) opens like an HTML page, after white space and a BOM. */
static gboolean
opens_like_html (const guint8 *data,
                 gsize         size)
{
  static const char * const openings[] = { "<!doctype html", "<html", "<head", "<body" };
  gsize i = 0;

  if (size >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF)
    i = 3;
  while (i < size && g_ascii_isspace (data[i]))
    i++;

  for (guint k = 0; k < G_N_ELEMENTS (openings); k++)
    {
      gsize length = strlen (openings[k]);

      if (size - i >= length &&
          g_ascii_strncasecmp ((const char *) data + i, openings[k], length) == 0)
        return TRUE;
    }

  return FALSE;
}

gboolean
rapport_http_is_web_page (const char   *content_type,
                          const guint8 *data,
                          gsize         size)
{
  g_return_val_if_fail (data != NULL || size == 0, FALSE);

  if (content_type != NULL &&
      (g_ascii_strcasecmp (content_type, "text/html") == 0 ||
       g_ascii_strcasecmp (content_type, "application/xhtml+xml") == 0))
    return TRUE;

  return opens_like_html (data, size);
}

/* The text of the page's <title>, quoted for a message, or %NULL. */
static char *
page_title (const guint8 *data,
            gsize         size)
{
  g_autofree char *head = NULL;
  const char *start, *end;

  /* A web page's Content-Type with no body at all. */
  if (data == NULL || size == 0)
    return NULL;

  /* The title sits in the head: the beginning of the page is enough. */
  head = rapport_text_make_storable ((const char *) data, (gssize) MIN (size, (gsize) 16384));
  start = strstr (head, "<title");
  if (start == NULL)
    start = strstr (head, "<TITLE");
  if (start == NULL || (start = strchr (start, '>')) == NULL)
    return NULL;
  start++;
  end = strstr (start, "</");
  if (end == NULL)
    return NULL;

  {
    g_autofree char *title = g_strndup (start, (gsize) (end - start));
    g_autofree char *quoted = rapport_http_quote (title, MAX_TITLE_IN_MESSAGE);

    return quoted[0] != '\0' ? g_steal_pointer (&quoted) : NULL;
  }
}

GError *
rapport_http_error_web_page (SoupMessage  *msg,
                             const char   *content_type,
                             const guint8 *data,
                             gsize         size)
{
  g_autofree char *request = NULL;
  g_autofree char *title = NULL;
  g_autofree char *type = NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_val_if_fail (SOUP_IS_MESSAGE (msg), NULL);

  request = describe_request (msg);
  title = page_title (data, size);
  type = rapport_http_quote (content_type != NULL ? content_type : "none", 80);

  g_string_printf (text, "%s: HTTP %u, a web page (Content-Type “%s”", request,
                   soup_message_get_status (msg), type);
  if (title != NULL)
    g_string_append_printf (text, ", title “%s”", title);
  g_string_append (text, ") answered instead of the API: a sign-in page or a single sign-on "
                         "proxy in front of it?");
  append_host (text, soup_message_get_uri (msg));

  return g_error_new_literal (RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_SIGN_IN_PAGE,
                              text->str);
}

GError *
rapport_http_error_insecure (GUri *uri)
{
  g_autofree char *address = NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_val_if_fail (uri != NULL, NULL);

  address = g_uri_to_string_partial (uri, G_URI_HIDE_USERINFO | G_URI_HIDE_QUERY |
                                          G_URI_HIDE_FRAGMENT);
  g_string_printf (text, "Refusing to send the API token to %s: over plain http it would "
                   "cross the network in clear text (only https, or http to this computer)",
                   address);
  append_host (text, uri);

  return g_error_new_literal (RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INSECURE,
                              text->str);
}

/* ------------------------------------------------------------------------------------ */
/* JSON                                                                                  */

/**
 * rapport_http_parse_json:
 *
 * Returns: (transfer full): the root node, or %NULL with @error set.
 */
JsonNode *
rapport_http_parse_json (const char  *data,
                         gsize        length,
                         const char  *what,
                         GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *repaired = NULL;
  guint n_repaired = 0;
  JsonNode *root;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (length == 0)
    {
      g_set_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE,
                   "%s: the JSON body is empty", what);
      return NULL;
    }

  /* json-glib sees nothing the gate has not checked: strict JSON within the bounds, with
   * the escapes that would decode to invalid text repaired. */
  if (!rapport_json_gate_check (data, length, &repaired, &n_repaired, &local_error))
    {
      g_set_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE,
                   "%s: malformed JSON (%s)", what, local_error->message);
      return NULL;
    }
  if (n_repaired > 0)
    g_debug ("%s: %u string escapes (lone surrogates, NUL) read as U+FFFD", what, n_repaired);

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, repaired != NULL ? repaired : data, (gssize) length,
                                   &local_error))
    {
      g_set_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE,
                   "%s: malformed JSON (%s)", what, local_error->message);
      return NULL;
    }

  root = json_parser_steal_root (parser);
  if (root == NULL)
    {
      g_set_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE,
                   "%s: the JSON body holds no value", what);
      return NULL;
    }

  return root;
}

typedef struct
{
  SoupMessage  *msg;
  GInputStream *stream;
  GByteArray   *body;
  gsize         limit;
  gboolean      success;
  char         *description;
} SendJson;

static void
send_json_free (SendJson *data)
{
  g_clear_object (&data->msg);
  g_clear_object (&data->stream);
  g_clear_pointer (&data->body, g_byte_array_unref);
  g_free (data->description);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SendJson, send_json_free)

static gboolean
is_json_content_type (const char *type)
{
  gsize len;

  if (type == NULL)
    return FALSE;

  if (g_ascii_strcasecmp (type, "application/json") == 0)
    return TRUE;

  len = strlen (type);
  return len > 5 && g_ascii_strcasecmp (type + len - 5, "+json") == 0;
}

/* The parse runs in a worker with its own task that holds only plain data: libsoup objects
 * must be released in the thread whose context sent the message. */
typedef struct
{
  GBytes *body;
  char   *description;
} ParseJob;

static void
parse_job_free (ParseJob *job)
{
  g_bytes_unref (job->body);
  g_free (job->description);
  g_free (job);
}

static void
parse_json_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  ParseJob *job = task_data;
  g_autoptr(GError) error = NULL;
  gconstpointer data;
  gsize size;
  JsonNode *root;

  if (g_task_return_error_if_cancelled (task))
    return;

  data = g_bytes_get_data (job->body, &size);
  root = rapport_http_parse_json (data, size, job->description, &error);
  if (root == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, root, (GDestroyNotify) json_node_unref);
}

static void
on_parsed_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  JsonNode *root;

  root = g_task_propagate_pointer (G_TASK (result), &error);
  if (root == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, root, (GDestroyNotify) json_node_unref);
}

static void
finish_body (GTask *task)
{
  SendJson *data = g_task_get_task_data (task);
  SoupMessageHeaders *headers = soup_message_get_response_headers (data->msg);
  guint status = soup_message_get_status (data->msg);
  g_autoptr(GHashTable) params = NULL;
  const char *content_type;
  goffset declared = -1;

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH)
    declared = soup_message_headers_get_content_length (headers);

  if (!data->success)
    {
      g_autoptr(GBytes) body = g_bytes_new (data->body->data, data->body->len);

      g_task_return_error (task, rapport_http_error_from_status (data->msg, body));
      g_object_unref (task);
      return;
    }

  if (declared >= 0 && (guint64) declared != data->body->len)
    {
      g_task_return_new_error (task, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_NETWORK,
                               "%s: the answer was cut short (%u of %" G_GINT64_FORMAT " bytes)",
                               data->description, data->body->len, (gint64) declared);
      g_object_unref (task);
      return;
    }

  if (status == SOUP_STATUS_NO_CONTENT || status == SOUP_STATUS_NOT_MODIFIED)
    {
      g_task_return_pointer (task, json_node_new (JSON_NODE_NULL),
                             (GDestroyNotify) json_node_unref);
      g_object_unref (task);
      return;
    }

  content_type = soup_message_headers_get_content_type (headers, &params);
  if (rapport_http_is_web_page (content_type, data->body->data, data->body->len))
    {
      g_task_return_error (task, rapport_http_error_web_page (data->msg, content_type,
                                                              data->body->data,
                                                              data->body->len));
      g_object_unref (task);
      return;
    }

  if (!is_json_content_type (content_type))
    {
      g_task_return_new_error (task, RAPPORT_PROVIDER_ERROR,
                               RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE,
                               "%s: expected a JSON answer, got Content-Type “%s”",
                               data->description, content_type != NULL ? content_type : "none");
      g_object_unref (task);
      return;
    }

  if (params != NULL)
    {
      const char *charset = g_hash_table_lookup (params, "charset");

      if (charset != NULL && g_ascii_strcasecmp (charset, "utf-8") != 0 &&
          g_ascii_strcasecmp (charset, "utf8") != 0)
        {
          g_task_return_new_error (task, RAPPORT_PROVIDER_ERROR,
                                   RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE,
                                   "%s: JSON in charset “%s”, expected UTF-8",
                                   data->description, charset);
          g_object_unref (task);
          return;
        }
    }

  {
    ParseJob *job = g_new0 (ParseJob, 1);
    g_autoptr(GTask) parse = NULL;

    job->body = g_byte_array_free_to_bytes (g_steal_pointer (&data->body));
    job->description = g_strdup (data->description);
    g_clear_object (&data->stream);

    parse = g_task_new (NULL, g_task_get_cancellable (task), on_parsed_cb, task);
    g_task_set_source_tag (parse, parse_json_thread);
    g_task_set_task_data (parse, job, (GDestroyNotify) parse_job_free);
    g_task_run_in_thread (parse, parse_json_thread);
  }
}

static void
on_read_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SendJson *data = g_task_get_task_data (task);
  g_autoptr(GBytes) chunk = NULL;
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable;
  gsize size;

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);
  if (chunk == NULL)
    {
      g_task_return_error (task, rapport_http_error_from_transport (data->msg, error));
      return;
    }

  size = g_bytes_get_size (chunk);
  if (size == 0)
    {
      finish_body (g_steal_pointer (&task));
      return;
    }

  if (data->body->len + size > data->limit)
    {
      if (!data->success)
        {
          /* An error page: its beginning is all the message needs. */
          g_byte_array_append (data->body, g_bytes_get_data (chunk, NULL),
                               (guint) (data->limit - data->body->len));
          finish_body (g_steal_pointer (&task));
          return;
        }

      g_task_return_new_error (task, RAPPORT_PROVIDER_ERROR,
                               RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE,
                               "%s: the answer is larger than %" G_GSIZE_FORMAT " bytes",
                               data->description, data->limit);
      return;
    }

  g_byte_array_append (data->body, g_bytes_get_data (chunk, NULL), (guint) size);

  cancellable = g_task_get_cancellable (task);
  g_input_stream_read_bytes_async (data->stream, READ_CHUNK, G_PRIORITY_DEFAULT, cancellable,
                                   on_read_cb, g_steal_pointer (&task));
}

static void
on_sent_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SendJson *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;
  GCancellable *cancellable;
  guint status;

  data->stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (data->stream == NULL)
    {
      g_task_return_error (task, rapport_http_error_from_transport (data->msg, error));
      return;
    }

  status = soup_message_get_status (data->msg);
  data->success = SOUP_STATUS_IS_SUCCESSFUL (status) || status == SOUP_STATUS_NOT_MODIFIED;
  if (!data->success)
    data->limit = MIN (data->limit, MAX_ERROR_BODY);

  headers = soup_message_get_response_headers (data->msg);
  if (data->success &&
      soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      (guint64) soup_message_headers_get_content_length (headers) > data->limit)
    {
      g_task_return_new_error (task, RAPPORT_PROVIDER_ERROR,
                               RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE,
                               "%s: the answer is larger than %" G_GSIZE_FORMAT " bytes "
                               "(Content-Length %" G_GINT64_FORMAT ")",
                               data->description, data->limit,
                               (gint64) soup_message_headers_get_content_length (headers));
      return;
    }

  cancellable = g_task_get_cancellable (task);
  g_input_stream_read_bytes_async (data->stream, READ_CHUNK, G_PRIORITY_DEFAULT, cancellable,
                                   on_read_cb, g_steal_pointer (&task));
}

void
rapport_http_send_json_async (SoupSession         *session,
                              SoupMessage         *msg,
                              gsize                max_bytes,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SoupMessageHeaders *request_headers;
  SendJson *data;

  g_return_if_fail (SOUP_IS_SESSION (session));
  g_return_if_fail (SOUP_IS_MESSAGE (msg));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (session, cancellable, callback, user_data);
  g_task_set_source_tag (task, rapport_http_send_json_async);

  data = g_new0 (SendJson, 1);
  data->msg = g_object_ref (msg);
  data->body = g_byte_array_new ();
  /* Never more than the JSON gate lets through: a larger body is refused while it is read. */
  data->limit = max_bytes > 0 ? MIN (max_bytes, RAPPORT_JSON_GATE_MAX_SIZE) :
                                RAPPORT_HTTP_DEFAULT_MAX_BODY;
  data->description = describe_request (msg);
  g_task_set_task_data (task, data, (GDestroyNotify) send_json_free);

  request_headers = soup_message_get_request_headers (msg);

  /* Whoever built @msg: a token never goes out in clear text. */
  if (soup_message_headers_get_one (request_headers, "Authorization") != NULL &&
      !rapport_http_may_send_token (soup_message_get_uri (msg)))
    {
      g_task_return_error (task, rapport_http_error_insecure (soup_message_get_uri (msg)));
      return;
    }

  if (soup_message_headers_get_one (request_headers, "Accept") == NULL)
    soup_message_headers_replace (request_headers, "Accept", "application/json");

  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);

  soup_session_send_async (session, msg, G_PRIORITY_DEFAULT, cancellable, on_sent_cb,
                           g_steal_pointer (&task));
}

/**
 * rapport_http_send_json_finish:
 *
 * Returns: (transfer full): the JSON root (a null node for 204/304), or %NULL with @error set.
 */
JsonNode *
rapport_http_send_json_finish (SoupSession   *session,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (SOUP_IS_SESSION (session), NULL);
  g_return_val_if_fail (g_task_is_valid (result, session), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rapport_http_send_json_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* 127.0.0.0/8, ::1 or localhost. */
static gboolean
host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (host == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  address = g_inet_address_new_from_string (host);

  return address != NULL && g_inet_address_get_is_loopback (address);
}

gboolean
rapport_http_may_send_token (GUri *uri)
{
  const char *scheme;

  g_return_val_if_fail (uri != NULL, FALSE);

  scheme = g_uri_get_scheme (uri);
  if (scheme != NULL && g_ascii_strcasecmp (scheme, "https") == 0)
    return TRUE;

  return scheme != NULL && g_ascii_strcasecmp (scheme, "http") == 0 &&
         host_is_loopback (g_uri_get_host (uri));
}

void
rapport_http_wipe_secret (char **secret)
{
  volatile char *p;

  g_return_if_fail (secret != NULL);

  if (*secret == NULL)
    return;

  /* volatile: the stores must happen although the memory is freed next. */
  for (p = *secret; *p != '\0'; p++)
    *p = '\0';
  g_clear_pointer (secret, g_free);
}
