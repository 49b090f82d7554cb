/* test-rt-connection.c
 *
 * The "Add account" connection check against loopback servers (rapport-fake-rt.c): an RT that
 * accepts the token, refuses it or the user, web servers that are not RT, redirects, server
 * errors, a closed port, a server that never answers, an unknown host name (a resolver that
 * knows no name: no DNS query leaves the machine), a self-signed HTTPS server, and input that
 * is wrong before anything is sent.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-test-rt-connection"

#include "config.h"

#include "rapport-connection.h"
#include "rapport-fake-rt.h"
#include "rapport-http.h"
#include "rapport-rt-connection.h"

#include <string.h>

#define TOKEN RAPPORT_FAKE_RT_TOKEN

/* The sentences the tests compare in full (the test runs untranslated, in C.UTF-8). */
#define BAD_TOKEN_SENTENCE \
  "Request Tracker did not accept the token. Check that you copied all of it and that it has " \
  "not been revoked."

typedef struct
{
  GMainContext  *context;
  RapportFakeRt *rt;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->context = g_main_context_new ();
  g_main_context_push_thread_default (f->context);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer (&f->rt, rapport_fake_rt_free);
  while (g_main_context_iteration (f->context, FALSE))
    ;
  g_main_context_pop_thread_default (f->context);
  g_main_context_unref (f->context);
}

static void
on_result_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

static RapportAccount *
check_with (const char    *url,
            const char    *token,
            SoupSession   *session,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  rapport_rt_check_connection_async (url, token, session, cancellable, on_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (g_main_context_get_thread_default (), TRUE);
  return rapport_rt_check_connection_finish (result, error);
}

static RapportAccount *
check (const char  *url,
       const char  *token,
       GError     **error)
{
  return check_with (url, token, NULL, NULL, error);
}

/* Checks @url with @token, expects @problem, and returns the sentence. The sentence never
 * holds the token, and is one line of text. */
static char *
expect_problem (const char               *url,
                const char               *token,
                RapportConnectionProblem  problem)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportAccount) account = check (url, token, &error);

  g_assert_null (account);
  g_assert_error (error, RAPPORT_CONNECTION_ERROR, (gint) problem);
  g_assert_cmpint (rapport_connection_problem_from_error (error), ==, problem);
  g_test_message ("%s → %s", url != NULL ? url : "(null)", error->message);
  g_assert_null (strstr (error->message, TOKEN));
  g_assert_null (strchr (error->message, '\n'));
  g_assert_true (g_str_has_suffix (error->message, "."));
  return g_strdup (error->message);
}

static guint
count_requests (RapportFakeRt *rt)
{
  g_autoptr(GPtrArray) requests = rapport_fake_rt_get_requests (rt);

  return requests->len;
}

/* The token never reached the server. */
static void
assert_token_not_sent (RapportFakeRt *rt)
{
  g_autoptr(GPtrArray) requests = rapport_fake_rt_get_requests (rt);

  for (guint i = 0; i < requests->len; i++)
    {
      RapportFakeRtRequest *r = requests->pdata[i];

      g_assert_null (r->authorization);
      g_assert_true (r->query == NULL || strstr (r->query, TOKEN) == NULL);
    }
}

static void
test_ok (Fixture       *f,
         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportAccount) account = NULL;
  g_autoptr(GPtrArray) requests = NULL;
  g_autofree char *url = NULL;
  g_autofree char *typed = NULL;
  RapportFakeRtRequest *probe;

  f->rt = rapport_fake_rt_new (RAPPORT_FAKE_RT_OK, FALSE);
  url = rapport_fake_rt_get_url (f->rt);

  /* As people paste them: spaces around, the REST2 root, a trailing slash, a token with a
   * line break after it. */
  typed = g_strdup_printf ("  %s/REST/2.0/ \n", url);
  account = check (typed, "\t" TOKEN "\n", &error);
  g_assert_no_error (error);
  g_assert_nonnull (account);
  g_assert_cmpint (rapport_account_get_id (account), ==, 0);
  g_assert_cmpstr (rapport_account_get_provider_kind (account), ==, "rt");
  g_assert_cmpstr (rapport_account_get_base_url (account), ==, url);
  g_assert_cmpstr (rapport_account_get_display_name (account), ==, "127.0.0.1");
  g_assert_cmpstr (rapport_account_get_user_remote_id (account), ==, "sam.agent");
  g_assert_cmpstr (rapport_account_get_user_name (account), ==, "Sam Rivera");
  g_assert_cmpstr (rapport_account_get_role (account), ==, "agent");

  /* The probe goes first, without the token; then whoami and the queues, with it. */
  requests = rapport_fake_rt_get_requests (f->rt);
  g_assert_cmpuint (requests->len, ==, 3);
  probe = requests->pdata[0];
  g_assert_cmpstr (probe->path, ==, "/REST/2.0/rt");
  g_assert_null (probe->authorization);
  g_assert_cmpstr (((RapportFakeRtRequest *) requests->pdata[1])->path, ==, "/REST/2.0/user/31");
  g_assert_cmpstr (((RapportFakeRtRequest *) requests->pdata[2])->path, ==,
                   "/REST/2.0/queues/all");
  for (guint i = 0; i < requests->len; i++)
    {
      RapportFakeRtRequest *r = requests->pdata[i];

      g_assert_true (g_str_has_prefix (r->user_agent, "Rapport/"));
      g_assert_true (r->query == NULL || strstr (r->query, TOKEN) == NULL);
      if (i > 0)
        g_assert_cmpstr (r->authorization, ==, "token " TOKEN);
    }
}

static void
test_bad_token (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *url = NULL;
  g_autofree char *sentence = NULL;

  f->rt = rapport_fake_rt_new (RAPPORT_FAKE_RT_BAD_TOKEN, FALSE);
  url = rapport_fake_rt_get_url (f->rt);

  sentence = expect_problem (url, TOKEN, RAPPORT_CONNECTION_PROBLEM_BAD_TOKEN);
  g_assert_cmpstr (sentence, ==, BAD_TOKEN_SENTENCE);

  /* With the right form but another secret, on a real RT: the same. */
  rapport_fake_rt_set_mode (f->rt, RAPPORT_FAKE_RT_OK);
  g_clear_pointer (&sentence, g_free);
  sentence = expect_problem (url, "1-31-00000000000000000000000000000000",
                             RAPPORT_CONNECTION_PROBLEM_BAD_TOKEN);
  g_assert_cmpstr (sentence, ==, BAD_TOKEN_SENTENCE);
}

static void
test_forbidden (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *url = NULL;
  g_autofree char *sentence = NULL;

  f->rt = rapport_fake_rt_new (RAPPORT_FAKE_RT_FORBIDDEN, FALSE);
  url = rapport_fake_rt_get_url (f->rt);

  sentence = expect_problem (url, TOKEN, RAPPORT_CONNECTION_PROBLEM_NO_RIGHTS);
  g_assert_nonnull (strstr (sentence, "HTTP 403"));
  g_assert_nonnull (strstr (sentence, "administrator"));
}

static void
test_no_queues (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *url = NULL;
  g_autofree char *sentence = NULL;

  f->rt = rapport_fake_rt_new (RAPPORT_FAKE_RT_NO_QUEUES, FALSE);
  url = rapport_fake_rt_get_url (f->rt);

  sentence = expect_problem (url, TOKEN, RAPPORT_CONNECTION_PROBLEM_NO_RIGHTS);
  g_assert_cmpstr (sentence, ==,
                   "The Request Tracker user “sam.agent” cannot see any queue, so Rapport would "
                   "show no tickets. Ask a Request Tracker administrator to make the user "
                   "privileged and to grant it the SeeQueue and ShowTicket rights.");
  g_assert_cmpuint (count_requests (f->rt), ==, 3);
}

static void
test_not_rt (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *url = NULL;
  g_autofree char *expected = NULL;
  char *sentence;

  f->rt = rapport_fake_rt_new (RAPPORT_FAKE_RT_HTML, FALSE);
  url = rapport_fake_rt_get_url (f->rt);

  /* A web site answering 200 with a page. */
  sentence = expect_problem (url, TOKEN, RAPPORT_CONNECTION_PROBLEM_NOT_RT);
  expected = g_strdup_printf ("No Request Tracker found at %s: the server answers with a web "
                              "page instead of Request Tracker’s REST 2 API. Enter the address "
                              "you open Request Tracker with in a browser.", url);
  g_assert_cmpstr (sentence, ==, expected);
  g_free (sentence);

  /* A web server without RT at that path. */
  rapport_fake_rt_set_mode (f->rt, RAPPORT_FAKE_RT_NOT_FOUND);
  sentence = expect_problem (url, TOKEN, RAPPORT_CONNECTION_PROBLEM_NOT_RT);
  g_assert_nonnull (strstr (sentence, "HTTP 404"));
  g_assert_nonnull (strstr (sentence, url));
  g_free (sentence);

  /* Another JSON API. */
  rapport_fake_rt_set_mode (f->rt, RAPPORT_FAKE_RT_JSON_NOT_RT);
  sentence = expect_problem (url, TOKEN, RAPPORT_CONNECTION_PROBLEM_NOT_RT);
  g_assert_nonnull (strstr (sentence, "is not Request Tracker’s REST 2 API"));
  g_free (sentence);

  /* None of them ever saw the token: it is sent only once the server answered like RT. */
  g_assert_cmpuint (count_requests (f->rt), ==, 3);
  assert_token_not_sent (f->rt);
}

static void
test_redirect (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *url = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *sentence = NULL;

  f->rt = rapport_fake_rt_new (RAPPORT_FAKE_RT_REDIRECT, FALSE);
  url = rapport_fake_rt_get_url (f->rt);

  /* http:// that moved to https://: the sentence gives the address to use instead. */
  sentence = expect_problem (url, TOKEN, RAPPORT_CONNECTION_PROBLEM_INVALID_URL);
  expected = g_strdup_printf ("%s redirects to https://localhost:%u. Enter that address "
                              "instead.", url, rapport_fake_rt_get_port (f->rt));
  g_assert_cmpstr (sentence, ==, expected);
  g_assert_cmpuint (count_requests (f->rt), ==, 1);
  assert_token_not_sent (f->rt);
}

static void
test_login_page (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *url = NULL;
  g_autofree char *typed = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *sentence = NULL;

  f->rt = rapport_fake_rt_new (RAPPORT_FAKE_RT_LOGIN_PAGE, FALSE);
  url = rapport_fake_rt_get_url (f->rt);

  /* RT at the root, the address typed with /rt: RT's web interface sends the probe to its
   * login page, which tells where RT is. */
  typed = g_strdup_printf ("%s/rt", url);
  sentence = expect_problem (typed, TOKEN, RAPPORT_CONNECTION_PROBLEM_INVALID_URL);
  expected = g_strdup_printf ("Request Tracker is at %s, not at %s: the server sends Rapport to "
                              "its login page. Enter that address instead.", url, typed);
  g_assert_cmpstr (sentence, ==, expected);
  assert_token_not_sent (f->rt);

  /* And at that address, it works. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(RapportAccount) account = check (url, TOKEN, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (rapport_account_get_user_remote_id (account), ==, "sam.agent");
  }
}

/* A single sign-on proxy that lets the unauthenticated probe through, then answers the
 * requests with the token with its login page. */
static void
test_sso_after_probe (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *url = NULL;
  g_autofree char *sentence = NULL;

  f->rt = rapport_fake_rt_new (RAPPORT_FAKE_RT_SSO, FALSE);
  url = rapport_fake_rt_get_url (f->rt);

  sentence = expect_problem (url, TOKEN, RAPPORT_CONNECTION_PROBLEM_NOT_RT);
  g_assert_nonnull (strstr (sentence, "A sign-in page or a redirect answered instead of Request "
                                      "Tracker’s API at 127.0.0.1:"));
}

static void
test_server_errors (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *url = NULL;
  char *sentence;

  f->rt = rapport_fake_rt_new (RAPPORT_FAKE_RT_SERVER_ERROR, FALSE);
  url = rapport_fake_rt_get_url (f->rt);

  sentence = expect_problem (url, TOKEN, RAPPORT_CONNECTION_PROBLEM_OTHER);
  g_assert_nonnull (strstr (sentence, "internal error (HTTP 500)"));
  g_free (sentence);

  rapport_fake_rt_set_mode (f->rt, RAPPORT_FAKE_RT_UNAVAILABLE);
  sentence = expect_problem (url, TOKEN, RAPPORT_CONNECTION_PROBLEM_UNREACHABLE);
  g_assert_nonnull (strstr (sentence, "not available right now (HTTP 503)"));
  g_free (sentence);

  /* Basic authentication in front of RT: Rapport cannot get through it with a token. */
  rapport_fake_rt_set_mode (f->rt, RAPPORT_FAKE_RT_HTTP_AUTH);
  sentence = expect_problem (url, TOKEN, RAPPORT_CONNECTION_PROBLEM_OTHER);
  g_assert_nonnull (strstr (sentence, "asks for a user name and password"));
  g_free (sentence);

  assert_token_not_sent (f->rt);
}

static void
test_refused (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *sentence = NULL;
  guint port;

  /* A port that was free a moment ago, and nobody listens on. */
  g_socket_bind (socket, any, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (socket, NULL);

  url = g_strdup_printf ("http://127.0.0.1:%u", port);
  sentence = expect_problem (url, TOKEN, RAPPORT_CONNECTION_PROBLEM_UNREACHABLE);
  expected = g_strdup_printf ("127.0.0.1:%u refused the connection. Check the address and the "
                              "port, and that the server is running.", port);
  g_assert_cmpstr (sentence, ==, expected);
}

static void
test_timeout (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(SoupSession) session = rapport_http_session_new (1);
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportAccount) account = NULL;
  g_autofree char *url = NULL;
  gint64 start = g_get_monotonic_time ();

  f->rt = rapport_fake_rt_new (RAPPORT_FAKE_RT_STALL, FALSE);
  url = rapport_fake_rt_get_url (f->rt);

  account = check_with (url, TOKEN, session, NULL, &error);
  g_assert_null (account);
  g_assert_error (error, RAPPORT_CONNECTION_ERROR, RAPPORT_CONNECTION_PROBLEM_UNREACHABLE);
  g_assert_nonnull (strstr (error->message, "did not answer in time"));
  g_assert_cmpint (g_get_monotonic_time () - start, <, 20 * G_USEC_PER_SEC);
}

/* A resolver that knows no name, so the test sends no DNS query. */
#define TEST_TYPE_EMPTY_RESOLVER (test_empty_resolver_get_type ())
G_DECLARE_FINAL_TYPE (TestEmptyResolver, test_empty_resolver, TEST, EMPTY_RESOLVER, GResolver)

struct _TestEmptyResolver
{
  GResolver parent_instance;
  guint     lookups;
};

G_DEFINE_FINAL_TYPE (TestEmptyResolver, test_empty_resolver, G_TYPE_RESOLVER)

static void
empty_lookup_by_name_with_flags_async (GResolver                *resolver,
                                       const char               *hostname,
                                       GResolverNameLookupFlags  flags,
                                       GCancellable             *cancellable,
                                       GAsyncReadyCallback       callback,
                                       gpointer                  user_data)
{
  g_autoptr(GTask) task = g_task_new (resolver, cancellable, callback, user_data);

  TEST_EMPTY_RESOLVER (resolver)->lookups++;
  g_task_return_new_error (task, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND,
                           "No such host “%s”", hostname);
}

static void
empty_lookup_by_name_async (GResolver           *resolver,
                            const char          *hostname,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  empty_lookup_by_name_with_flags_async (resolver, hostname, G_RESOLVER_NAME_LOOKUP_FLAGS_DEFAULT,
                                         cancellable, callback, user_data);
}

static GList *
empty_lookup_by_name_finish (GResolver     *resolver,
                             GAsyncResult  *result,
                             GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static GList *
empty_lookup_by_name (GResolver     *resolver,
                      const char    *hostname,
                      GCancellable  *cancellable,
                      GError       **error)
{
  TEST_EMPTY_RESOLVER (resolver)->lookups++;
  g_set_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND, "No such host “%s”",
               hostname);
  return NULL;
}

static void
test_empty_resolver_class_init (TestEmptyResolverClass *klass)
{
  GResolverClass *resolver_class = G_RESOLVER_CLASS (klass);

  resolver_class->lookup_by_name = empty_lookup_by_name;
  resolver_class->lookup_by_name_async = empty_lookup_by_name_async;
  resolver_class->lookup_by_name_finish = empty_lookup_by_name_finish;
  resolver_class->lookup_by_name_with_flags_async = empty_lookup_by_name_with_flags_async;
  resolver_class->lookup_by_name_with_flags_finish = empty_lookup_by_name_finish;
}

static void
test_empty_resolver_init (TestEmptyResolver *self)
{
}

static void
test_unknown_host (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GResolver) system = g_resolver_get_default ();
  g_autoptr(TestEmptyResolver) empty = g_object_new (TEST_TYPE_EMPTY_RESOLVER, NULL);
  g_autofree char *sentence = NULL;

  g_resolver_set_default (G_RESOLVER (empty));
  sentence = expect_problem ("https://rt.example.invalid", TOKEN,
                             RAPPORT_CONNECTION_PROBLEM_UNREACHABLE);
  g_resolver_set_default (system);

  g_assert_cmpuint (empty->lookups, >, 0);
  g_assert_cmpstr (sentence, ==,
                   "The server name “rt.example.invalid” could not be found. Check the "
                   "address and your network connection.");
}

static void
test_tls_self_signed (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *url = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *sentence = NULL;
  g_autofree char *typed = NULL;

  f->rt = rapport_fake_rt_new (RAPPORT_FAKE_RT_OK, TRUE);
  url = rapport_fake_rt_get_url (f->rt);

  sentence = expect_problem (url, TOKEN, RAPPORT_CONNECTION_PROBLEM_TLS);
  expected = g_strdup_printf ("The security certificate of 127.0.0.1:%u is not trusted: it is "
                              "signed by an unknown authority. Rapport only connects to servers "
                              "whose certificate it can verify; ask the server’s administrator "
                              "to fix the certificate.", rapport_fake_rt_get_port (f->rt));
  g_assert_cmpstr (sentence, ==, expected);

  /* Without a scheme, https:// is assumed: the same server, the same refusal. */
  typed = g_strdup_printf ("127.0.0.1:%u", rapport_fake_rt_get_port (f->rt));
  g_clear_pointer (&sentence, g_free);
  sentence = expect_problem (typed, TOKEN, RAPPORT_CONNECTION_PROBLEM_TLS);
  g_assert_cmpstr (sentence, ==, expected);

  /* The handshake failed before any request was made: nothing was sent. */
  g_assert_cmpuint (count_requests (f->rt), ==, 0);
}

/* A plain HTTP server that answers whatever it is sent, like a real one answers the bytes of a
 * TLS handshake: 400 Bad Request. */
static gboolean
on_plain_http_run_cb (GThreadedSocketService *service,
                      GSocketConnection      *connection,
                      GObject                *source_object,
                      gpointer                user_data)
{
  static const char answer[] = "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\n"
                               "Content-Length: 11\r\nConnection: close\r\n\r\nBad Request";
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  guint *hellos = user_data;
  char buffer[512];

  if (g_input_stream_read (in, buffer, sizeof buffer, NULL, NULL) > 0)
    g_atomic_int_inc (hellos);
  g_output_stream_write_all (out, answer, sizeof answer - 1, NULL, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  return TRUE;
}

static void
test_tls_plain_server (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GSocketService) service = g_threaded_socket_service_new (1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *sentence = NULL;
  guint port;
  guint hellos = 0;

  g_socket_listener_add_address (G_SOCKET_LISTENER (service), any, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error);
  g_assert_no_error (error);
  g_signal_connect (service, "run", G_CALLBACK (on_plain_http_run_cb), &hellos);
  g_socket_service_start (service);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));

  /* https:// to a port that speaks plain HTTP: only the handshake's first bytes went out. */
  url = g_strdup_printf ("https://127.0.0.1:%u", port);
  sentence = expect_problem (url, TOKEN, RAPPORT_CONNECTION_PROBLEM_TLS);
  /* GnuTLS reports a plain answer as G_TLS_ERROR_NOT_TLS or as a handshake error, depending on
   * what the first bytes look like; both sentences send the person to the address and port. */
  expected = g_strdup_printf ("127.0.0.1:%u", port);
  g_assert_nonnull (strstr (sentence, expected));
  g_assert_nonnull (strstr (sentence, "HTTPS"));
  g_assert_nonnull (strstr (sentence, "Check the address and the port"));
  g_assert_cmpuint (g_atomic_int_get (&hellos), ==, 1);

  g_socket_service_stop (service);
  g_socket_listener_close (G_SOCKET_LISTENER (service));
}

/* A port that accepts connections and never says anything (like RT's own server, Starlet,
 * which waits for a request line and so never answers a TLS hello). */
static gboolean
on_silent_run_cb (GThreadedSocketService *service,
                  GSocketConnection      *connection,
                  GObject                *source_object,
                  gpointer                user_data)
{
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  char buffer[512];

  /* Until the client gives up and closes. */
  while (g_input_stream_read (in, buffer, sizeof buffer, NULL, NULL) > 0)
    ;
  return TRUE;
}

static void
test_tls_silent_server (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GSocketService) service = g_threaded_socket_service_new (2);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(SoupSession) session = rapport_http_session_new (1);
  g_autoptr(RapportAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *expected = NULL;
  guint port;

  g_socket_listener_add_address (G_SOCKET_LISTENER (service), any, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error);
  g_assert_no_error (error);
  g_signal_connect (service, "run", G_CALLBACK (on_silent_run_cb), NULL);
  g_socket_service_start (service);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));

  /* The handshake never finishes: a TLS problem, not "did not answer". */
  url = g_strdup_printf ("https://127.0.0.1:%u", port);
  account = check_with (url, TOKEN, session, NULL, &error);
  g_assert_null (account);
  g_assert_error (error, RAPPORT_CONNECTION_ERROR, RAPPORT_CONNECTION_PROBLEM_TLS);
  expected = g_strdup_printf ("127.0.0.1:%u did not set up a secure (HTTPS) connection: it may "
                              "not speak HTTPS on this port. Check the address and the port.",
                              port);
  g_assert_cmpstr (error->message, ==, expected);
  g_clear_error (&error);
  g_clear_object (&account);

  /* Over plain HTTP the same silence is a server that does not answer. */
  g_free (url);
  url = g_strdup_printf ("http://127.0.0.1:%u", port);
  account = check_with (url, TOKEN, session, NULL, &error);
  g_assert_null (account);
  g_assert_error (error, RAPPORT_CONNECTION_ERROR, RAPPORT_CONNECTION_PROBLEM_UNREACHABLE);
  g_assert_nonnull (strstr (error->message, "did not answer in time"));

  g_socket_service_stop (service);
  g_socket_listener_close (G_SOCKET_LISTENER (service));
}

static void
test_invalid_input (Fixture       *f,
                    gconstpointer  data)
{
  static const char * const bad_urls[] = {
    "",
    "   ",
    "ftp://rt.example.com",
    "https://sam:secret@rt.example.com",
    "https://rt.example.com/?page=1",
    "https://rt.example.com/#top",
    "https://",
    "https://rt example com",
    /* The token would cross the network in clear text. */
    "http://rt.example.com",
    "http://192.0.2.10:8080/rt",
  };
  static const char * const bad_tokens[] = {
    "",
    " \n",
    "hello",
    "1-31-0e0b319dc88049977c625545f19966ff extra",
    "2-31-0e0b319dc88049977c625545f19966ff",
    "1-x-0e0b319dc88049977c625545f19966ff",
    "1-31-not-hex",
  };
  g_autofree char *url = NULL;

  f->rt = rapport_fake_rt_new (RAPPORT_FAKE_RT_OK, FALSE);
  url = rapport_fake_rt_get_url (f->rt);

  for (guint i = 0; i < G_N_ELEMENTS (bad_urls); i++)
    {
      g_autofree char *sentence = expect_problem (bad_urls[i], TOKEN,
                                                  RAPPORT_CONNECTION_PROBLEM_INVALID_URL);

      g_assert_null (strstr (sentence, "secret"));
    }

  {
    g_autofree char *sentence = expect_problem (url, bad_tokens[0],
                                                RAPPORT_CONNECTION_PROBLEM_BAD_TOKEN);

    g_assert_cmpstr (sentence, ==, "Enter the API token.");
  }
  for (guint i = 1; i < G_N_ELEMENTS (bad_tokens); i++)
    {
      g_autofree char *sentence = expect_problem (url, bad_tokens[i],
                                                  RAPPORT_CONNECTION_PROBLEM_BAD_TOKEN);

      if (i > 1)
        g_assert_true (g_str_has_prefix (sentence, "This is not a Request Tracker auth token"));
    }

  /* Nothing was sent for any of them. */
  g_assert_cmpuint (count_requests (f->rt), ==, 0);
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportAccount) account = NULL;
  g_autofree char *url = NULL;

  f->rt = rapport_fake_rt_new (RAPPORT_FAKE_RT_STALL, FALSE);
  url = rapport_fake_rt_get_url (f->rt);

  rapport_rt_check_connection_async (url, TOKEN, NULL, cancellable, on_result_cb, &result);
  /* The server thread counts the request; nothing wakes this context when it does. */
  while (count_requests (f->rt) == 0)
    {
      g_main_context_iteration (f->context, FALSE);
      g_usleep (1000);
    }
  g_cancellable_cancel (cancellable);
  while (result == NULL)
    g_main_context_iteration (f->context, TRUE);

  account = rapport_rt_check_connection_finish (result, &error);
  g_assert_null (account);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (rapport_connection_problem_from_error (error), ==,
                   RAPPORT_CONNECTION_PROBLEM_OTHER);
}

static void
test_helpers (void)
{
  g_autoptr(GError) other = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "x");
  g_autoptr(GError) tls = g_error_new_literal (RAPPORT_CONNECTION_ERROR,
                                               RAPPORT_CONNECTION_PROBLEM_TLS, "x");
  static const struct
  {
    const char *uri;
    const char *server;
  } servers[] = {
    { "https://rt.example.com", "rt.example.com" },
    { "https://rt.example.com:443/rt", "rt.example.com" },
    { "http://rt.example.com:80", "rt.example.com" },
    { "http://rt.example.com:443", "rt.example.com:443" },
    { "https://127.0.0.1:8443", "127.0.0.1:8443" },
    { "https://[::1]:8443", "[::1]:8443" },
  };

  g_assert_cmpint (rapport_connection_problem_from_error (NULL), ==,
                   RAPPORT_CONNECTION_PROBLEM_NONE);
  g_assert_cmpint (rapport_connection_problem_from_error (other), ==,
                   RAPPORT_CONNECTION_PROBLEM_OTHER);
  g_assert_cmpint (rapport_connection_problem_from_error (tls), ==,
                   RAPPORT_CONNECTION_PROBLEM_TLS);

  for (guint i = 0; i < G_N_ELEMENTS (servers); i++)
    {
      g_autoptr(GUri) uri = g_uri_parse (servers[i].uri, SOUP_HTTP_URI_FLAGS, NULL);
      g_autofree char *server = rapport_connection_describe_server (uri);

      g_assert_cmpstr (server, ==, servers[i].server);
    }

  /* Certificate problems in the user's language (untranslated here) and for developers. */
  {
    g_autofree char *people = rapport_http_describe_tls_errors_translated (
      G_TLS_CERTIFICATE_UNKNOWN_CA | G_TLS_CERTIFICATE_EXPIRED);
    g_autofree char *developers = rapport_http_describe_tls_errors (
      G_TLS_CERTIFICATE_UNKNOWN_CA | G_TLS_CERTIFICATE_EXPIRED);

    g_assert_cmpstr (people, ==, "signed by an unknown authority, expired");
    g_assert_cmpstr (developers, ==, people);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "UTC", TRUE);
  /* The loopback servers must be reached directly, whatever proxy the machine has. */
  g_unsetenv ("http_proxy");
  g_unsetenv ("https_proxy");
  g_unsetenv ("HTTP_PROXY");
  g_unsetenv ("HTTPS_PROXY");
  g_unsetenv ("all_proxy");
  g_unsetenv ("ALL_PROXY");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rapport/rt-connection/helpers", test_helpers);
  g_test_add ("/rapport/rt-connection/ok", Fixture, NULL,
              fixture_set_up, test_ok, fixture_tear_down);
  g_test_add ("/rapport/rt-connection/bad-token", Fixture, NULL,
              fixture_set_up, test_bad_token, fixture_tear_down);
  g_test_add ("/rapport/rt-connection/forbidden", Fixture, NULL,
              fixture_set_up, test_forbidden, fixture_tear_down);
  g_test_add ("/rapport/rt-connection/no-queues", Fixture, NULL,
              fixture_set_up, test_no_queues, fixture_tear_down);
  g_test_add ("/rapport/rt-connection/not-rt", Fixture, NULL,
              fixture_set_up, test_not_rt, fixture_tear_down);
  g_test_add ("/rapport/rt-connection/redirect", Fixture, NULL,
              fixture_set_up, test_redirect, fixture_tear_down);
  g_test_add ("/rapport/rt-connection/login-page", Fixture, NULL,
              fixture_set_up, test_login_page, fixture_tear_down);
  g_test_add ("/rapport/rt-connection/server-errors", Fixture, NULL,
              fixture_set_up, test_server_errors, fixture_tear_down);
  g_test_add ("/rapport/rt-connection/sso-after-probe", Fixture, NULL,
              fixture_set_up, test_sso_after_probe, fixture_tear_down);
  g_test_add ("/rapport/rt-connection/refused", Fixture, NULL,
              fixture_set_up, test_refused, fixture_tear_down);
  g_test_add ("/rapport/rt-connection/timeout", Fixture, NULL,
              fixture_set_up, test_timeout, fixture_tear_down);
  g_test_add ("/rapport/rt-connection/unknown-host", Fixture, NULL,
              fixture_set_up, test_unknown_host, fixture_tear_down);
  g_test_add ("/rapport/rt-connection/tls-self-signed", Fixture, NULL,
              fixture_set_up, test_tls_self_signed, fixture_tear_down);
  g_test_add ("/rapport/rt-connection/tls-plain-server", Fixture, NULL,
              fixture_set_up, test_tls_plain_server, fixture_tear_down);
  g_test_add ("/rapport/rt-connection/tls-silent-server", Fixture, NULL,
              fixture_set_up, test_tls_silent_server, fixture_tear_down);
  g_test_add ("/rapport/rt-connection/invalid-input", Fixture, NULL,
              fixture_set_up, test_invalid_input, fixture_tear_down);
  g_test_add ("/rapport/rt-connection/cancel", Fixture, NULL,
              fixture_set_up, test_cancel, fixture_tear_down);

  return g_test_run ();
}
