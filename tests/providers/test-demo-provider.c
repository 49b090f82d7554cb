/* test-demo-provider.c — the demo helpdesk behind the provider contract
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-test-demo-provider"

#include "config.h"

#include <locale.h>

#include "rapport-demo.h"
#include "rapport-demo-provider.h"
#include "rapport-test-compare.h"

#define ANCHOR G_GINT64_CONSTANT (1795392000)

static void
on_result_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
  g_main_context_wakeup (NULL);
}

static GAsyncResult *
wait_for_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static RapportSyncPage *
pull (RapportProvider  *provider,
      const char       *cursor,
      GCancellable     *cancellable,
      GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  rapport_provider_pull_changes_async (provider, cursor, cancellable, on_result_cb, &result);
  return rapport_provider_pull_changes_finish (provider, wait_for_result (&result), error);
}

static GPtrArray *
fetch_history (RapportProvider  *provider,
               const char       *ticket_remote_id,
               GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  rapport_provider_fetch_ticket_history_async (provider, ticket_remote_id, NULL, on_result_cb,
                                               &result);
  return rapport_provider_fetch_ticket_history_finish (provider, wait_for_result (&result), error);
}

static void
test_new_destroy (void)
{
  RapportProvider *provider = rapport_demo_provider_new (3, 10, ANCHOR);
  guint seed = 0, n_customers = 0, page_size = 0;
  gint64 anchor = 0;

  g_assert_true (RAPPORT_IS_PROVIDER (provider));
  g_assert_true (RAPPORT_IS_DEMO_PROVIDER (provider));
  g_assert_cmpstr (rapport_provider_get_kind (provider), ==, "demo");

  g_object_get (provider,
                "seed", &seed,
                "n-customers", &n_customers,
                "anchor-time", &anchor,
                "page-size", &page_size,
                NULL);
  g_assert_cmpuint (seed, ==, 3);
  g_assert_cmpuint (n_customers, ==, 10);
  g_assert_cmpint (anchor, ==, ANCHOR);
  g_assert_cmpuint (page_size, ==, 10000);

  g_assert_finalize_object (provider);
}

static void
test_account_round_trip (void)
{
  g_autoptr(RapportAccount) account = rapport_demo_provider_new_account (20261122, 50,
                                                                        1795392000);
  g_autoptr(GError) error = NULL;
  RapportProvider *provider;
  guint seed = 0, n_customers = 0;
  gint64 anchor = 0;

  g_assert_cmpstr (rapport_account_get_provider_kind (account), ==, "demo");
  g_assert_cmpstr (rapport_account_get_base_url (account), ==,
                   "demo:workspace?seed=20261122&customers=50&anchor=1795392000");
  g_assert_cmpstr (rapport_account_get_display_name (account), ==, "Demo workspace");
  g_assert_cmpstr (rapport_account_get_user_remote_id (account), ==, RAPPORT_DEMO_AGENT_REMOTE_ID);
  g_assert_cmpstr (rapport_account_get_user_name (account), ==, RAPPORT_DEMO_AGENT_NAME);
  g_assert_cmpstr (rapport_account_get_role (account), ==, "agent");

  provider = rapport_demo_provider_new_for_account (account, &error);
  g_assert_no_error (error);
  g_object_get (provider, "seed", &seed, "n-customers", &n_customers, "anchor-time", &anchor,
                NULL);
  g_assert_cmpuint (seed, ==, 20261122);
  g_assert_cmpuint (n_customers, ==, 50);
  g_assert_cmpint (anchor, ==, 1795392000);
  g_assert_finalize_object (provider);

  /* extremes survive the round trip */
  {
    g_autoptr(RapportAccount) extreme = rapport_demo_provider_new_account (G_MAXUINT32, 1, 0);
    g_autoptr(RapportProvider) again = NULL;

    again = rapport_demo_provider_new_for_account (extreme, &error);
    g_assert_no_error (error);
    g_object_get (again, "seed", &seed, "n-customers", &n_customers, "anchor-time", &anchor,
                  NULL);
    g_assert_cmpuint (seed, ==, G_MAXUINT32);
    g_assert_cmpuint (n_customers, ==, 1);
    g_assert_cmpint (anchor, ==, 0);
  }

  /* keys in another order are fine */
  {
    g_autoptr(RapportAccount) reordered =
      rapport_account_new ("demo", "demo:workspace?anchor=5&seed=6&customers=7", "Demo");
    g_autoptr(RapportProvider) again = rapport_demo_provider_new_for_account (reordered, &error);

    g_assert_no_error (error);
    g_object_get (again, "seed", &seed, "n-customers", &n_customers, "anchor-time", &anchor,
                  NULL);
    g_assert_cmpuint (seed, ==, 6);
    g_assert_cmpuint (n_customers, ==, 7);
    g_assert_cmpint (anchor, ==, 5);
  }
}

static void
test_account_invalid (void)
{
  static const char * const bad[] = {
    "",
    "demo:workspace",
    "demo:workspace?",
    "demo:workspace?seed=1&customers=50",
    "demo:workspace?seed=1&customers=50&anchor=2&",
    "demo:workspace?seed=1&customers=50&anchor=2&anchor=3",
    "demo:workspace?seed=1&customers=50&seed=2",
    "demo:workspace?seed=1&customers=50&color=red",
    "demo:workspace?seed=-1&customers=50&anchor=2",
    "demo:workspace?seed=+1&customers=50&anchor=2",
    "demo:workspace?seed= 1&customers=50&anchor=2",
    "demo:workspace?seed=1 &customers=50&anchor=2",
    "demo:workspace?seed=01&customers=50&anchor=2",
    "demo:workspace?seed=0x1&customers=50&anchor=2",
    "demo:workspace?seed=1&customers=0&anchor=2",
    "demo:workspace?seed=1&customers=&anchor=2",
    "demo:workspace?seed=4294967296&customers=50&anchor=2",
    "demo:workspace?seed=1&customers=4294967296&anchor=2",
    "demo:workspace?seed=1&customers=50&anchor=9223372036854775808",
    "demo:workspace?seed=1&customers=50&anchor=99999999999999999999999",
    "demo:workspace?seed=1&customers=5e1&anchor=2",
    "demo:workspace?seed&customers=50&anchor=2",
    "demo:workspace?SEED=1&customers=50&anchor=2",
    "demo:workspaces?seed=1&customers=50&anchor=2",
    "demo://workspace?seed=1&customers=50&anchor=2",
    "https://example.com/?seed=1&customers=50&anchor=2",
    " demo:workspace?seed=1&customers=50&anchor=2",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(RapportAccount) account = rapport_account_new ("demo", bad[i], "Demo");
      g_autoptr(GError) error = NULL;
      g_autoptr(RapportProvider) provider = NULL;

      provider = rapport_demo_provider_new_for_account (account, &error);
      if (provider != NULL)
        g_error ("accepted bad base URL “%s”", bad[i]);
      g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_INPUT);
    }

  /* no base URL at all */
  {
    g_autoptr(RapportAccount) account = rapport_account_new ("demo", NULL, "Demo");
    g_autoptr(GError) error = NULL;

    g_assert_null (rapport_demo_provider_new_for_account (account, &error));
    g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_INPUT);
  }

  /* a valid URL on an account of another kind */
  {
    g_autoptr(RapportAccount) account =
      rapport_account_new ("rt", "demo:workspace?seed=1&customers=50&anchor=2", "RT");
    g_autoptr(GError) error = NULL;

    g_assert_null (rapport_demo_provider_new_for_account (account, &error));
    g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_INPUT);
  }
}

static void
test_whoami (void)
{
  g_autoptr(RapportProvider) provider = rapport_demo_provider_new (9, 12, ANCHOR);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(RapportAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  rapport_provider_whoami_async (provider, NULL, on_result_cb, &result);
  account = rapport_provider_whoami_finish (provider, wait_for_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rapport_account_get_provider_kind (account), ==, "demo");
  g_assert_cmpstr (rapport_account_get_user_remote_id (account), ==, "sam.agent");
  g_assert_cmpstr (rapport_account_get_user_name (account), ==, "Sam Rivera");
  g_assert_cmpstr (rapport_account_get_role (account), ==, "agent");
  g_assert_cmpstr (rapport_account_get_base_url (account), ==,
                   "demo:workspace?seed=9&customers=12&anchor=1795392000");
}

static void
test_pull_all (void)
{
  const guint n = 60;
  g_autoptr(RapportProvider) provider = NULL;
  g_autoptr(RapportDemo) demo = rapport_demo_new (11, n, ANCHOR);
  g_autofree char *cursor = NULL;
  guint64 records = 0, tickets = 0, messages = 0;
  RapportDemoTotals totals;
  guint n_pages = 0;
  gboolean has_more = TRUE;

  provider = g_object_new (RAPPORT_TYPE_DEMO_PROVIDER,
                           "seed", 11, "n-customers", n, "anchor-time", ANCHOR,
                           "page-size", 150,
                           NULL);

  while (has_more)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RapportSyncPage) page = pull (provider, cursor, NULL, &error);
      g_autoptr(RapportSyncPage) expected = NULL;
      guint position = cursor != NULL ? (guint) g_ascii_strtoull (cursor, NULL, 10) : 0;

      g_assert_no_error (error);
      g_assert_nonnull (page);

      /* The page is exactly what the generator makes from the cursor. */
      rapport_demo_seek (demo, position);
      expected = rapport_demo_next_page (demo, 150);
      rapport_test_assert_pages_equal (page, expected);
      g_assert_cmpuint (page->total_hint, ==,
                        rapport_demo_count_remote_customers (demo, position, n));

      records += page->customers->len;
      tickets += page->tickets->len;
      messages += page->messages->len;
      has_more = page->has_more;
      g_free (cursor);
      cursor = g_strdup (page->next_cursor);
      n_pages++;
    }

  g_assert_cmpuint (n_pages, >, 3);
  g_assert_cmpstr (cursor, ==, "60");
  rapport_demo_count (demo, 0, n, &totals);
  g_assert_cmpuint (records, ==, totals.remote_customers);
  g_assert_cmpuint (tickets, ==, totals.tickets);
  g_assert_cmpuint (messages, ==, totals.messages);

  /* At the end: an empty page, nothing more, the same cursor. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(RapportSyncPage) page = pull (provider, cursor, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (page->customers->len, ==, 0);
    g_assert_cmpuint (page->tickets->len, ==, 0);
    g_assert_cmpuint (page->messages->len, ==, 0);
    g_assert_false (page->has_more);
    g_assert_cmpstr (page->next_cursor, ==, "60");
    g_assert_cmpstr (page->resource, ==, "demo");
  }
}

static void
test_pull_bad_cursor (void)
{
  g_autoptr(RapportProvider) provider = rapport_demo_provider_new (1, 50, ANCHOR);
  static const char * const bad[] = { "", "abc", "-1", "+3", "51", "007", "3 ", "1e2",
                                      "99999999999999999999999" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RapportSyncPage) page = pull (provider, bad[i], NULL, &error);

      g_assert_null (page);
      g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_INPUT);
    }
}

static void
test_pull_cancelled (void)
{
  g_autoptr(RapportProvider) provider = rapport_demo_provider_new (1, 50, ANCHOR);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportSyncPage) page = NULL;

  g_cancellable_cancel (cancellable);
  page = pull (provider, NULL, cancellable, &error);
  g_assert_null (page);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_fetch_ticket_history (void)
{
  g_autoptr(RapportProvider) provider = rapport_demo_provider_new (RAPPORT_DEMO_DEFAULT_SEED, 50,
                                                                   ANCHOR);
  g_autoptr(RapportDemo) demo = rapport_demo_new (RAPPORT_DEMO_DEFAULT_SEED, 50, ANCHOR);
  g_autoptr(RapportSyncPage) customer = NULL;
  static const char * const missing[] = { "1000", "1006", "0-1", "50-1", "7-0", "7-999", "abc",
                                          "7-", "-1", "7-1-1", "07-1", "" };

  /* A story ticket */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) messages = fetch_history (provider, "1004", &error);

    g_assert_no_error (error);
    g_assert_cmpuint (messages->len, ==, 3);
    for (guint i = 0; i < messages->len; i++)
      g_assert_cmpstr (rapport_message_get_ticket_remote_id (g_ptr_array_index (messages, i)),
                       ==, "1004");
    g_assert_true (g_str_has_prefix (rapport_message_get_body (g_ptr_array_index (messages, 0)),
                                     "@Northwind the sourdough starter kit"));
    g_assert_cmpint (rapport_message_get_visibility (g_ptr_array_index (messages, 1)), ==,
                     RAPPORT_VISIBILITY_INTERNAL);
  }

  /* Every ticket of a generated customer, against the generator */
  rapport_demo_seek (demo, 7);
  customer = rapport_demo_next_page (demo, 1);
  for (guint t = 0; t < customer->tickets->len; t++)
    {
      const char *ticket_id = rapport_ticket_get_remote_id (g_ptr_array_index (customer->tickets, t));
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) messages = fetch_history (provider, ticket_id, &error);
      guint k = 0;

      g_assert_no_error (error);
      for (guint m = 0; m < customer->messages->len; m++)
        {
          RapportMessage *expected = g_ptr_array_index (customer->messages, m);

          if (!g_str_equal (rapport_message_get_ticket_remote_id (expected), ticket_id))
            continue;
          g_assert_cmpuint (k, <, messages->len);
          rapport_test_assert_objects_equal (G_OBJECT (expected),
                                             g_ptr_array_index (messages, k));
          if (k > 0)
            g_assert_cmpint (rapport_message_get_created_at (g_ptr_array_index (messages, k)), >=,
                             rapport_message_get_created_at (g_ptr_array_index (messages, k - 1)));
          k++;
        }
      g_assert_cmpuint (k, ==, messages->len);
      g_assert_cmpuint (k, >, 0);
    }

  for (guint i = 0; i < G_N_ELEMENTS (missing); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) messages = fetch_history (provider, missing[i], &error);

      g_assert_null (messages);
      g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_NOT_FOUND);
    }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rapport/demo-provider/new-destroy", test_new_destroy);
  g_test_add_func ("/rapport/demo-provider/account-round-trip", test_account_round_trip);
  g_test_add_func ("/rapport/demo-provider/account-invalid", test_account_invalid);
  g_test_add_func ("/rapport/demo-provider/whoami", test_whoami);
  g_test_add_func ("/rapport/demo-provider/pull-all", test_pull_all);
  g_test_add_func ("/rapport/demo-provider/pull-bad-cursor", test_pull_bad_cursor);
  g_test_add_func ("/rapport/demo-provider/pull-cancelled", test_pull_cancelled);
  g_test_add_func ("/rapport/demo-provider/fetch-ticket-history", test_fetch_ticket_history);

  return g_test_run ();
}
