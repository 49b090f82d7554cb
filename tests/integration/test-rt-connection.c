/* test-rt-connection.c
 *
 * The "Add account" connection check against a real Request Tracker 5 (rt-server.sh, started
 * through rt-test-util): the tokens rt-server.sh makes work and give the right user and role;
 * a token of the right form with another secret, an address with a path RT does not have, and
 * https:// to RT's plain HTTP port each give their problem. The fakes of
 * tests/providers/rt/test-rt-connection.c cover the rest (403, no queue, web pages …).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-test-rt-connection"

#include "config.h"

#include <string.h>

#include "rapport-http.h"
#include "rapport-rt-connection.h"
#include "rt-test-util.h"

static RapportAccount *
check (const char   *url,
       const char   *token,
       SoupSession  *session,
       GError      **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  rapport_rt_check_connection_async (url, token, session, NULL, rapport_rt_test_on_result_cb,
                                     &result);
  return rapport_rt_check_connection_finish (rapport_rt_test_wait_for (&result), error);
}

static void
test_tokens (void)
{
  const char *url = rapport_rt_test_get_url ();
  static const struct
  {
    const char *secret;
    const char *user;
    const char *name;
    const char *role;
  } users[] = {
    { "token-sam", "sam.agent", "Sam Rivera", "agent" },
    { "token-supervisor", "rio.supervisor", "Rio Okafor", "supervisor" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (users); i++)
    {
      char *token = rapport_rt_test_read_secret (users[i].secret);
      g_autoptr(GError) error = NULL;
      g_autoptr(RapportAccount) account = NULL;
      gint64 begin = g_get_monotonic_time ();

      account = check (url, token, NULL, &error);
      rapport_rt_test_free_secret (token);
      g_assert_no_error (error);
      g_print ("# %s: checked in %.2f s\n", users[i].user,
               (double) (g_get_monotonic_time () - begin) / G_USEC_PER_SEC);

      g_assert_cmpstr (rapport_account_get_provider_kind (account), ==, "rt");
      g_assert_cmpstr (rapport_account_get_base_url (account), ==, url);
      g_assert_cmpstr (rapport_account_get_user_remote_id (account), ==, users[i].user);
      g_assert_cmpstr (rapport_account_get_user_name (account), ==, users[i].name);
      g_assert_cmpstr (rapport_account_get_role (account), ==, users[i].role);
    }
}

static void
test_wrong_secret (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportAccount) account = NULL;

  /* sam.agent's user id, not his secret. */
  account = check (rapport_rt_test_get_url (), "1-31-00000000000000000000000000000000", NULL,
                   &error);
  g_assert_null (account);
  g_assert_error (error, RAPPORT_CONNECTION_ERROR, RAPPORT_CONNECTION_PROBLEM_BAD_TOKEN);
  g_assert_cmpstr (error->message, ==,
                   "Request Tracker did not accept the token. Check that you copied all of it "
                   "and that it has not been revoked.");
}

static void
test_wrong_path (void)
{
  const char *url = rapport_rt_test_get_url ();
  char *token = rapport_rt_test_read_secret ("token-sam");
  g_autofree char *typed = g_strdup_printf ("%s/rt", url);
  g_autofree char *expected = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportAccount) account = NULL;

  /* RT's web interface sends paths it does not know to its login page. */
  account = check (typed, token, NULL, &error);
  rapport_rt_test_free_secret (token);
  g_assert_null (account);
  g_assert_error (error, RAPPORT_CONNECTION_ERROR, RAPPORT_CONNECTION_PROBLEM_INVALID_URL);
  expected = g_strdup_printf ("Request Tracker is at %s, not at %s: the server sends Rapport to "
                              "its login page. Enter that address instead.", url, typed);
  g_assert_cmpstr (error->message, ==, expected);
}

static void
test_https_to_plain_port (void)
{
  const char *url = rapport_rt_test_get_url ();
  char *token = rapport_rt_test_read_secret ("token-sam");
  g_autoptr(SoupSession) session = rapport_http_session_new (3);
  g_autofree char *https = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportAccount) account = NULL;

  /* RT's server (Starlet) waits for a request line, so the TLS hello gets no answer. */
  g_assert_true (g_str_has_prefix (url, "http://"));
  https = g_strconcat ("https://", url + strlen ("http://"), NULL);
  account = check (https, token, session, &error);
  rapport_rt_test_free_secret (token);
  g_assert_null (account);
  g_assert_error (error, RAPPORT_CONNECTION_ERROR, RAPPORT_CONNECTION_PROBLEM_TLS);
  g_assert_nonnull (strstr (error->message, "did not set up a secure (HTTPS) connection"));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_setenv ("TZ", "UTC", TRUE);
  g_unsetenv ("http_proxy");
  g_unsetenv ("https_proxy");
  g_unsetenv ("HTTP_PROXY");
  g_unsetenv ("HTTPS_PROXY");
  g_unsetenv ("all_proxy");
  g_unsetenv ("ALL_PROXY");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rapport/integration/rt-connection/tokens", test_tokens);
  g_test_add_func ("/rapport/integration/rt-connection/wrong-secret", test_wrong_secret);
  g_test_add_func ("/rapport/integration/rt-connection/wrong-path", test_wrong_path);
  g_test_add_func ("/rapport/integration/rt-connection/https-to-plain-port",
                   test_https_to_plain_port);

  rapport_rt_test_start_server ();
  status = g_test_run ();
  rapport_rt_test_stop_server ();

  return status;
}
