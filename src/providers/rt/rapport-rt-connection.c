/* rapport-rt-connection.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-rt-connection"

#include "config.h"

#include "rapport-rt-connection.h"

#include "rapport-http.h"
#include "rapport-rt-parser.h"
#include "rapport-rt-provider.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#define API_PATH        "/REST/2.0/"
#define PROBE_PATH      API_PATH "rt"
/* Enough of the probe's answer to tell a web page from JSON; the rest is not read. */
#define PROBE_MAX_BODY  (64 * 1024)
/* How much of a typed address the sentences quote. */
#define MAX_QUOTED      120

typedef enum
{
  STEP_WHOAMI,
  STEP_QUEUES,
} Step;

typedef struct
{
  SoupSession     *session;
  RapportProvider *provider;
  RapportAccount  *account;
  SoupMessage     *msg;       /* the probe */
  GInputStream    *stream;
  guint8          *body;
  gsize            body_len;
  char            *base_url;  /* the normalized web address */
  char            *server;    /* "host[:port]" */
  char            *token;     /* secret: never logged, wiped in check_job_free() */
} CheckJob;

static void
check_job_free (CheckJob *job)
{
  rapport_http_wipe_secret (&job->token);
  g_clear_object (&job->stream);
  g_clear_object (&job->msg);
  g_clear_object (&job->account);
  g_clear_object (&job->provider);
  g_clear_object (&job->session);
  g_free (job->body);
  g_free (job->base_url);
  g_free (job->server);
  g_free (job);
}

static void return_problem (GTask                    *task,
                            RapportConnectionProblem  problem,
                            const char               *detail,
                            const char               *format,
                            ...) G_GNUC_PRINTF (4, 5);

/* Finishes @task with @problem and a sentence; @detail (developer text, never the token) goes
 * to the debug log. */
static void
return_problem (GTask                    *task,
                RapportConnectionProblem  problem,
                const char               *detail,
                const char               *format,
                ...)
{
  CheckJob *job = g_task_get_task_data (task);
  g_autofree char *sentence = NULL;
  va_list args;

  va_start (args, format);
  sentence = g_strdup_vprintf (format, args);
  va_end (args);

  g_debug ("Connection check of %s: problem %d: %s%s%s", job->base_url != NULL ?
           job->base_url : "(no address)", problem, sentence,
           detail != NULL ? " — " : "", detail != NULL ? detail : "");

  g_task_return_new_error (task, RAPPORT_CONNECTION_ERROR, problem, "%s", sentence);
}

/* A short quote of what the person typed, for sentences. */
static char *
quote_typed (const char *text)
{
  g_autofree char *start = NULL;

  if (g_utf8_strlen (text, -1) <= MAX_QUOTED)
    return g_strdup (text);
  start = g_utf8_substring (text, 0, MAX_QUOTED);
  return g_strconcat (start, "…", NULL);
}

/* ------------------------------------------------------------------------------------ */
/* Step 1: what can be checked without the network                                      */

/* Letters (also non-ASCII: internationalized names), digits, dots, hyphens, underscores; or
 * an IP address. GUri accepts spaces and most punctuation in host names. */
static gboolean
host_is_plausible (const char *host)
{
  if (host == NULL || host[0] == '\0')
    return FALSE;
  if (g_hostname_is_ip_address (host))
    return TRUE;

  for (const guchar *p = (const guchar *) host; *p != '\0'; p++)
    if (*p < 0x80 && !g_ascii_isalnum (*p) && *p != '.' && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

/* The address with https:// added when the scheme is missing, or %NULL after returning the
 * problem. */
static char *
check_address (GTask      *task,
               const char *typed)
{
  g_autofree char *text = g_strstrip (g_strdup (typed != NULL ? typed : ""));
  g_autofree char *with_scheme = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) error = NULL;
  const char *scheme;

  if (text[0] == '\0')
    {
      return_problem (task, RAPPORT_CONNECTION_PROBLEM_INVALID_URL, NULL, "%s",
                      _("Enter the address of your Request Tracker server, for example "
                        "https://rt.example.com."));
      return NULL;
    }

  /* "rt.example.com/rt": people rarely type the scheme. */
  with_scheme = strstr (text, "://") == NULL ? g_strconcat ("https://", text, NULL) :
                                               g_strdup (text);

  uri = g_uri_parse (with_scheme, SOUP_HTTP_URI_FLAGS, &error);
  if (uri == NULL || !host_is_plausible (g_uri_get_host (uri)))
    {
      g_autofree char *quoted = quote_typed (text);

      return_problem (task, RAPPORT_CONNECTION_PROBLEM_INVALID_URL,
                      error != NULL ? error->message : "no host name",
                      /* Translators: %s is what the person typed as the server address */
                      _("“%s” is not a valid web address. Enter the address you open Request "
                        "Tracker with in a browser, for example https://rt.example.com."),
                      quoted);
      return NULL;
    }

  scheme = g_uri_get_scheme (uri);
  if (g_strcmp0 (scheme, "https") != 0 && g_strcmp0 (scheme, "http") != 0)
    {
      return_problem (task, RAPPORT_CONNECTION_PROBLEM_INVALID_URL, scheme, "%s",
                      _("The address must start with https://."));
      return NULL;
    }

  /* The token would cross the network in clear text: plain http only to this computer. */
  if (!rapport_http_may_send_token (uri))
    {
      return_problem (task, RAPPORT_CONNECTION_PROBLEM_INVALID_URL, "plain http to a remote host",
                      "%s",
                      _("Rapport sends the API token only over an encrypted connection. Use the "
                        "server’s https:// address."));
      return NULL;
    }

  if (g_uri_get_userinfo (uri) != NULL || g_uri_get_query (uri) != NULL ||
      g_uri_get_fragment (uri) != NULL)
    {
      return_problem (task, RAPPORT_CONNECTION_PROBLEM_INVALID_URL, NULL, "%s",
                      _("Enter the address without a user name, password, “?” or “#” part, "
                        "for example https://rt.example.com."));
      return NULL;
    }

  return g_steal_pointer (&with_scheme);
}

/* The token without surrounding spaces, or %NULL after returning the problem. */
static char *
check_token (GTask      *task,
             const char *typed)
{
  char *copy = g_strdup (typed != NULL ? typed : "");
  char *token;
  g_autofree char *user_id = NULL;
  g_autoptr(GError) error = NULL;

  /* g_strstrip() moves the text forward in place and would leave the token's last bytes
   * behind its new end, where rapport_http_wipe_secret() does not look: strip a copy, wipe the whole one. */
  token = g_strdup (g_strstrip (copy));
  explicit_bzero (copy, strlen (typed != NULL ? typed : ""));
  g_free (copy);

  if (token[0] == '\0')
    {
      rapport_http_wipe_secret (&token);
      return_problem (task, RAPPORT_CONNECTION_PROBLEM_BAD_TOKEN, NULL, "%s",
                      _("Enter the API token."));
      return NULL;
    }

  user_id = rapport_rt_token_get_user_id (token, &error);
  if (user_id == NULL)
    {
      rapport_http_wipe_secret (&token);
      return_problem (task, RAPPORT_CONNECTION_PROBLEM_BAD_TOKEN, error->message, "%s",
                      _("This is not a Request Tracker auth token: those look like “1-23-” "
                        "followed by 32 letters and digits. Copy the whole token again from "
                        "Request Tracker."));
      return NULL;
    }

  return token;
}

/* ------------------------------------------------------------------------------------ */
/* Steps 3 and 4: with the token                                                         */

static void
return_provider_problem (GTask  *task,
                         GError *error,
                         Step    step)
{
  CheckJob *job = g_task_get_task_data (task);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, error);
      return;
    }

  if (error->domain == RAPPORT_PROVIDER_ERROR)
    {
      switch ((RapportProviderError) error->code)
        {
        case RAPPORT_PROVIDER_ERROR_AUTH_REQUIRED:
          return_problem (task, RAPPORT_CONNECTION_PROBLEM_BAD_TOKEN, error->message, "%s",
                          _("Request Tracker did not accept the token. Check that you copied "
                            "all of it and that it has not been revoked."));
          g_error_free (error);
          return;

        case RAPPORT_PROVIDER_ERROR_FORBIDDEN:
          if (step == STEP_QUEUES)
            return_problem (task, RAPPORT_CONNECTION_PROBLEM_NO_RIGHTS, error->message,
                            /* Translators: %s is a Request Tracker user name */
                            _("The Request Tracker user “%s” cannot see any queue, so Rapport "
                              "would show no tickets. Ask a Request Tracker administrator to "
                              "make the user privileged and to grant it the SeeQueue and "
                              "ShowTicket rights."),
                            rapport_account_get_user_remote_id (job->account));
          else
            return_problem (task, RAPPORT_CONNECTION_PROBLEM_NO_RIGHTS, error->message, "%s",
                            _("Request Tracker accepted the token but does not let its user "
                              "read their own account (HTTP 403). Ask a Request Tracker "
                              "administrator to check the user’s rights."));
          g_error_free (error);
          return;

        case RAPPORT_PROVIDER_ERROR_NETWORK:
          return_problem (task, RAPPORT_CONNECTION_PROBLEM_UNREACHABLE, error->message,
                          /* Translators: %s is a server ("rt.example.com") */
                          _("The connection to %s failed while the account was being checked. "
                            "Check your network connection, then try again."),
                          job->server);
          g_error_free (error);
          return;

        case RAPPORT_PROVIDER_ERROR_RATE_LIMITED:
          return_problem (task, RAPPORT_CONNECTION_PROBLEM_OTHER, error->message,
                          /* Translators: %s is a server ("rt.example.com") */
                          _("%s is receiving too many requests right now. Try again in a "
                            "minute."),
                          job->server);
          g_error_free (error);
          return;

        case RAPPORT_PROVIDER_ERROR_SERVER_ERROR:
          return_problem (task, RAPPORT_CONNECTION_PROBLEM_OTHER, error->message,
                          /* Translators: %s is a server ("rt.example.com") */
                          _("%s reported an error of its own while the account was being "
                            "checked. Try again later; if this goes on, tell its "
                            "administrator."),
                          job->server);
          g_error_free (error);
          return;

        case RAPPORT_PROVIDER_ERROR_TLS:
          return_problem (task, RAPPORT_CONNECTION_PROBLEM_TLS, error->message,
                          /* Translators: %s is a server ("rt.example.com") */
                          _("The secure connection to %s failed while the account was being "
                            "checked. Try again; if this goes on, ask its administrator about "
                            "its certificate."),
                          job->server);
          g_error_free (error);
          return;

        case RAPPORT_PROVIDER_ERROR_SIGN_IN_PAGE:
        case RAPPORT_PROVIDER_ERROR_REDIRECTED:
          return_problem (task, RAPPORT_CONNECTION_PROBLEM_NOT_RT, error->message,
                          /* Translators: %s is a server ("rt.example.com") */
                          _("A sign-in page or a redirect answered instead of Request "
                            "Tracker’s API at %s: a single sign-on service or proxy is in "
                            "front of it. Ask its administrator to let API tokens through to "
                            "/REST/2.0/."),
                          job->server);
          g_error_free (error);
          return;

        case RAPPORT_PROVIDER_ERROR_NOT_FOUND:
        case RAPPORT_PROVIDER_ERROR_CONFLICT:
        case RAPPORT_PROVIDER_ERROR_INVALID_INPUT:
        case RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE:
        case RAPPORT_PROVIDER_ERROR_OUTCOME_UNKNOWN:
        case RAPPORT_PROVIDER_ERROR_INSECURE:
        default:
          break;
        }
    }

  return_problem (task, RAPPORT_CONNECTION_PROBLEM_OTHER, error->message,
                  /* Translators: %s is a server ("rt.example.com") */
                  _("Request Tracker at %s sent an answer Rapport does not understand. Check "
                    "that the server runs Request Tracker 5 or later."),
                  job->server);
  g_error_free (error);
}

static void
on_queues_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CheckJob *job = g_task_get_task_data (task);
  g_auto(RapportRtPageInfo) info = { 0 };
  g_autoptr(JsonNode) root = NULL;
  GError *error = NULL;

  root = rapport_http_send_json_finish (SOUP_SESSION (source), result, &error);
  if (root == NULL || !rapport_rt_parse_page_info (root, &info, &error))
    {
      return_provider_problem (task, error, STEP_QUEUES);
      return;
    }

  if (info.count == 0)
    {
      return_problem (task, RAPPORT_CONNECTION_PROBLEM_NO_RIGHTS, "GET queues/all: no item",
                      /* Translators: %s is a Request Tracker user name */
                      _("The Request Tracker user “%s” cannot see any queue, so Rapport would "
                        "show no tickets. Ask a Request Tracker administrator to make the user "
                        "privileged and to grant it the SeeQueue and ShowTicket rights."),
                      rapport_account_get_user_remote_id (job->account));
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&job->account), g_object_unref);
}

static void
check_queues (GTask *task)
{
  CheckJob *job = g_task_get_task_data (task);
  g_autofree char *url = g_strconcat (job->base_url, API_PATH "queues/all?per_page=1", NULL);
  g_autofree char *authorization = NULL;
  g_autoptr(SoupMessage) msg = soup_message_new (SOUP_METHOD_GET, url);

  if (msg == NULL)
    {
      return_problem (task, RAPPORT_CONNECTION_PROBLEM_INVALID_URL, url,
                      /* Translators: %s is a web address */
                      _("“%s” is not a valid web address. Enter the address you open Request "
                        "Tracker with in a browser, for example https://rt.example.com."),
                      job->base_url);
      return;
    }

  authorization = g_strconcat ("token ", job->token, NULL);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                authorization);
  rapport_http_wipe_secret (&authorization);

  rapport_http_send_json_async (job->session, msg, 0, g_task_get_cancellable (task),
                                on_queues_cb, g_object_ref (task));
}

static void
on_whoami_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CheckJob *job = g_task_get_task_data (task);
  GError *error = NULL;

  job->account = rapport_provider_whoami_finish (RAPPORT_PROVIDER (source), result, &error);
  if (job->account == NULL)
    {
      return_provider_problem (task, error, STEP_WHOAMI);
      return;
    }

  check_queues (task);
}

/* ------------------------------------------------------------------------------------ */
/* Step 2: is there a Request Tracker at this address?                                   */

static gboolean
media_type_is (const char *type,
               const char *expected)
{
  return type != NULL && g_ascii_strcasecmp (type, expected) == 0;
}

static gboolean
is_json_type (const char *type)
{
  gsize len;

  if (type == NULL)
    return FALSE;
  if (media_type_is (type, "application/json"))
    return TRUE;
  len = strlen (type);
  return len > 5 && g_ascii_strcasecmp (type + len - 5, "+json") == 0;
}

static gboolean
looks_like_html (const char   *type,
                 const guint8 *body,
                 gsize         len)
{
  if (media_type_is (type, "text/html") || media_type_is (type, "application/xhtml+xml"))
    return TRUE;

  for (gsize i = 0; i < len; i++)
    {
      if (g_ascii_isspace (body[i]))
        continue;
      return body[i] == '<';
    }
  return FALSE;
}

/* A 2xx answer to GET /REST/2.0/rt: RT's {"Version": …}? */
static gboolean
is_rt_version (CheckJob *job)
{
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *version = NULL;
  g_autoptr(GError) error = NULL;

  root = rapport_http_parse_json ((const char *) job->body, job->body_len, "GET " PROBE_PATH,
                                  &error);
  if (root != NULL)
    version = rapport_rt_parse_version (root, &error);
  if (version == NULL)
    {
      g_debug ("Connection check of %s: not RT's answer to " PROBE_PATH ": %s", job->base_url,
               error->message);
      return FALSE;
    }

  g_debug ("Connection check of %s: Request Tracker %s", job->base_url, version);
  return TRUE;
}

/* @target's scheme, host, port and the first @path_len bytes of its path, without a trailing
 * slash: a web address like the ones the provider normalizes to. */
static char *
web_address (GUri  *target,
             gsize  path_len)
{
  g_autofree char *path = g_strndup (g_uri_get_path (target), path_len);
  g_autoptr(GUri) web = g_uri_build (SOUP_HTTP_URI_FLAGS, g_uri_get_scheme (target), NULL,
                                     g_uri_get_host (target), g_uri_get_port (target), path,
                                     NULL, NULL);
  char *text = g_uri_to_string (web);
  gsize len = strlen (text);

  while (len > 0 && text[len - 1] == '/')
    text[--len] = '\0';
  return text;
}

/* Where Request Tracker is, judging by a redirect's @target: the same REST2 path elsewhere
 * (http:// moved to https://, another host name), or RT's web login page, which RT's web
 * interface sends unknown paths under it to. %NULL when the target says neither. */
static char *
address_from_redirect (GUri     *target,
                       gboolean *login_page)
{
  const char *scheme = g_uri_get_scheme (target);
  const char *path = g_uri_get_path (target);
  const char *login;

  if ((g_strcmp0 (scheme, "https") != 0 && g_strcmp0 (scheme, "http") != 0) ||
      g_uri_get_host (target) == NULL || path == NULL)
    return NULL;

  if (g_str_has_suffix (path, PROBE_PATH))
    return web_address (target, strlen (path) - strlen (PROBE_PATH));

  login = strstr (path, "/NoAuth/Login.html");
  *login_page = login != NULL;
  if (login != NULL)
    return web_address (target, (gsize) (login - path));

  return NULL;
}

static void
return_redirect (GTask *task)
{
  CheckJob *job = g_task_get_task_data (task);
  SoupMessageHeaders *headers = soup_message_get_response_headers (job->msg);
  const char *location = soup_message_headers_get_one (headers, "Location");
  g_autoptr(GUri) target = NULL;
  g_autofree char *moved = NULL;
  gboolean login_page = FALSE;
  g_autofree char *quoted_location = rapport_http_quote (location != NULL ? location : "none",
                                                         200);
  g_autofree char *detail = g_strdup_printf ("HTTP %u, Location: %s",
                                             soup_message_get_status (job->msg),
                                             quoted_location);

  if (location != NULL)
    target = g_uri_parse_relative (soup_message_get_uri (job->msg), location, SOUP_HTTP_URI_FLAGS,
                                   NULL);
  if (target == NULL)
    {
      return_problem (task, RAPPORT_CONNECTION_PROBLEM_NOT_RT, detail,
                      /* Translators: %s is a web address */
                      _("No Request Tracker found at %s: the server sends Rapport somewhere "
                        "else instead of answering. Check the address."),
                      job->base_url);
      return;
    }

  moved = address_from_redirect (target, &login_page);
  if (moved != NULL && strcmp (moved, job->base_url) != 0 && login_page)
    {
      return_problem (task, RAPPORT_CONNECTION_PROBLEM_INVALID_URL, detail,
                      /* Translators: both %s are web addresses */
                      _("Request Tracker is at %s, not at %s: the server sends Rapport to its "
                        "login page. Enter that address instead."),
                      moved, job->base_url);
      return;
    }
  if (moved != NULL && strcmp (moved, job->base_url) != 0)
    {
      return_problem (task, RAPPORT_CONNECTION_PROBLEM_INVALID_URL, detail,
                      /* Translators: both %s are web addresses */
                      _("%s redirects to %s. Enter that address instead."),
                      job->base_url, moved);
      return;
    }

  {
    /* Without the query: a login page's "next" parameter means nothing to people. */
    g_autofree char *page = web_address (target, strlen (g_uri_get_path (target)));
    g_autofree char *quoted = quote_typed (page);

    return_problem (task, RAPPORT_CONNECTION_PROBLEM_NOT_RT, detail,
                    /* Translators: both %s are web addresses */
                    _("No Request Tracker found at %s: the server sends Rapport to %s instead. "
                      "Check the address."),
                    job->base_url, quoted);
  }
}

static void
classify_probe (GTask *task)
{
  CheckJob *job = g_task_get_task_data (task);
  SoupMessageHeaders *headers = soup_message_get_response_headers (job->msg);
  const char *type = soup_message_headers_get_content_type (headers, NULL);
  guint status = soup_message_get_status (job->msg);
  g_autofree char *detail = g_strdup_printf ("GET " PROBE_PATH " without credentials: HTTP %u, "
                                             "Content-Type %s", status,
                                             type != NULL ? type : "none");

  /* RT's answers: 401 and {"message":"Unauthorized"} (every REST2 path wants credentials),
   * or its version where anonymous access is allowed. */
  if ((status == SOUP_STATUS_UNAUTHORIZED && is_json_type (type)) ||
      (SOUP_STATUS_IS_SUCCESSFUL (status) && is_json_type (type) && is_rt_version (job)))
    {
      rapport_provider_whoami_async (job->provider, g_task_get_cancellable (task), on_whoami_cb,
                                     g_object_ref (task));
      return;
    }

  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      if (looks_like_html (type, job->body, job->body_len))
        return_problem (task, RAPPORT_CONNECTION_PROBLEM_NOT_RT, detail,
                        /* Translators: %s is a web address */
                        _("No Request Tracker found at %s: the server answers with a web page "
                          "instead of Request Tracker’s REST 2 API. Enter the address you open "
                          "Request Tracker with in a browser."),
                        job->base_url);
      else
        return_problem (task, RAPPORT_CONNECTION_PROBLEM_NOT_RT, detail,
                        /* Translators: %s is a web address */
                        _("No Request Tracker found at %s: the server’s answer is not Request "
                          "Tracker’s REST 2 API. Enter the address you open Request Tracker "
                          "with in a browser."),
                        job->base_url);
      return;
    }

  if (SOUP_STATUS_IS_REDIRECTION (status))
    {
      return_redirect (task);
      return;
    }

  switch (status)
    {
    case SOUP_STATUS_UNAUTHORIZED:
    case SOUP_STATUS_PROXY_AUTHENTICATION_REQUIRED:
      return_problem (task, RAPPORT_CONNECTION_PROBLEM_OTHER, detail,
                      /* Translators: %s is a server ("rt.example.com") */
                      _("%s asks for a user name and password before Request Tracker can be "
                        "reached. Rapport can only sign in with a Request Tracker auth token."),
                      job->server);
      return;

    case SOUP_STATUS_FORBIDDEN:
      return_problem (task, RAPPORT_CONNECTION_PROBLEM_OTHER, detail,
                      /* Translators: %s is a server ("rt.example.com") */
                      _("%s refuses access (HTTP 403) before Request Tracker can check the "
                        "token. The server may accept only some networks; ask its "
                        "administrator."),
                      job->server);
      return;

    case 429:
      return_problem (task, RAPPORT_CONNECTION_PROBLEM_OTHER, detail,
                      /* Translators: %s is a server ("rt.example.com") */
                      _("%s is receiving too many requests right now. Try again in a minute."),
                      job->server);
      return;

    case SOUP_STATUS_BAD_GATEWAY:
    case SOUP_STATUS_SERVICE_UNAVAILABLE:
    case SOUP_STATUS_GATEWAY_TIMEOUT:
      return_problem (task, RAPPORT_CONNECTION_PROBLEM_UNREACHABLE, detail,
                      /* Translators: %s is a server ("rt.example.com"), %u an HTTP status */
                      _("%s is not available right now (HTTP %u). Try again later."),
                      job->server, status);
      return;

    default:
      break;
    }

  if (status >= 500)
    {
      return_problem (task, RAPPORT_CONNECTION_PROBLEM_OTHER, detail,
                      /* Translators: %s is a server ("rt.example.com"), %u an HTTP status */
                      _("%s had an internal error (HTTP %u). Try again later, or ask its "
                        "administrator."),
                      job->server, status);
      return;
    }

  if (status == SOUP_STATUS_NOT_FOUND || status == SOUP_STATUS_GONE)
    {
      return_problem (task, RAPPORT_CONNECTION_PROBLEM_NOT_RT, detail,
                      /* Translators: %s is a web address */
                      _("No Request Tracker found at %s: the server has no Request Tracker "
                        "REST 2 API there (HTTP 404). Enter the address you open Request "
                        "Tracker with in a browser; Rapport needs Request Tracker 5 or later."),
                      job->base_url);
      return;
    }

  return_problem (task, RAPPORT_CONNECTION_PROBLEM_NOT_RT, detail,
                  /* Translators: %s is a web address, %u an HTTP status */
                  _("No Request Tracker found at %s: the server gives an unexpected answer "
                    "(HTTP %u). Enter the address you open Request Tracker with in a browser."),
                  job->base_url, status);
}

static void
on_probe_read_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CheckJob *job = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  /* A body longer than PROBE_MAX_BODY is left unread: the connection is then closed. */
  if (!g_input_stream_read_all_finish (G_INPUT_STREAM (source), result, &job->body_len, &error))
    {
      GError *problem = rapport_connection_error_from_transport (job->msg, error);

      g_debug ("Connection check of %s: reading " PROBE_PATH ": %s", job->base_url,
               error->message);
      g_task_return_error (task, problem);
      return;
    }
  g_clear_object (&job->stream);

  classify_probe (task);
}

static void
on_probe_sent_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CheckJob *job = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable;

  job->stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (job->stream == NULL)
    {
      GError *problem = rapport_connection_error_from_transport (job->msg, error);

      g_debug ("Connection check of %s: GET " PROBE_PATH ": %s", job->base_url,
               error->message);
      g_task_return_error (task, problem);
      return;
    }

  cancellable = g_task_get_cancellable (task);
  job->body = g_malloc (PROBE_MAX_BODY);
  g_input_stream_read_all_async (job->stream, job->body, PROBE_MAX_BODY, G_PRIORITY_DEFAULT,
                                 cancellable, on_probe_read_cb, g_steal_pointer (&task));
}

/* ------------------------------------------------------------------------------------ */
/* Public                                                                                */

void
rapport_rt_check_connection_async (const char          *base_url,
                                   const char          *token,
                                   SoupSession         *session,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *address = NULL;
  g_autofree char *probe_url = NULL;
  g_autoptr(GUri) web = NULL;
  CheckJob *job;

  g_return_if_fail (session == NULL || SOUP_IS_SESSION (session));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, rapport_rt_check_connection_async);
  job = g_new0 (CheckJob, 1);
  g_task_set_task_data (task, job, (GDestroyNotify) check_job_free);

  address = check_address (task, base_url);
  if (address == NULL)
    return;

  job->token = check_token (task, token);
  if (job->token == NULL)
    return;

  job->provider = rapport_rt_provider_new (address, job->token, &error);
  if (job->provider == NULL)
    {
      g_autofree char *quoted = quote_typed (address);

      return_problem (task, RAPPORT_CONNECTION_PROBLEM_INVALID_URL, error->message,
                      /* Translators: %s is what the person typed as the server address */
                      _("“%s” is not a valid web address. Enter the address you open Request "
                        "Tracker with in a browser, for example https://rt.example.com."),
                      quoted);
      return;
    }

  job->session = session != NULL ? g_object_ref (session) :
                                   rapport_http_session_new (RAPPORT_RT_CONNECTION_TIMEOUT);
  rapport_rt_provider_set_session (RAPPORT_RT_PROVIDER (job->provider), job->session);

  job->base_url = g_strdup (rapport_rt_provider_get_base_url (RAPPORT_RT_PROVIDER (job->provider)));
  web = g_uri_parse (job->base_url, SOUP_HTTP_URI_FLAGS, NULL);
  job->server = web != NULL ? rapport_connection_describe_server (web) : g_strdup (job->base_url);

  probe_url = g_strconcat (job->base_url, PROBE_PATH, NULL);
  job->msg = soup_message_new (SOUP_METHOD_GET, probe_url);
  if (job->msg == NULL)
    {
      g_autofree char *quoted = quote_typed (address);

      return_problem (task, RAPPORT_CONNECTION_PROBLEM_INVALID_URL, probe_url,
                      /* Translators: %s is what the person typed as the server address */
                      _("“%s” is not a valid web address. Enter the address you open Request "
                        "Tracker with in a browser, for example https://rt.example.com."),
                      quoted);
      return;
    }
  soup_message_headers_replace (soup_message_get_request_headers (job->msg), "Accept",
                                "application/json");
  soup_message_add_flags (job->msg, SOUP_MESSAGE_NO_REDIRECT);
  rapport_connection_watch (job->msg);

  soup_session_send_async (job->session, job->msg, G_PRIORITY_DEFAULT, cancellable,
                           on_probe_sent_cb, g_steal_pointer (&task));
}

/**
 * rapport_rt_check_connection_finish:
 *
 * Returns: (transfer full): the account, or %NULL with @error set
 */
RapportAccount *
rapport_rt_check_connection_finish (GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        rapport_rt_check_connection_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
