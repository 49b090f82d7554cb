/* test-demo-provider.c — the demo helpdesk behind the provider contract
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-test-demo-provider"

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>

#include "rapport-demo.h"
#include "rapport-demo-provider.h"
#include "rapport-outbox.h"
#include "rapport-push-engine.h"
#include "rapport-sync-engine.h"
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
    "demo:workspace?seed=1&customers=50&shapes=heavy",
    "demo:workspace?seed=1&customers=50&anchor=2&shapes=light",
    "demo:workspace?seed=1&customers=50&anchor=2&shapes=heavy&shapes=heavy",
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

/* The benchmark's heavy shapes: only when the account asks (its base URL says so), pulled
 * through the provider like the rest, counted, each found by its word alone. */
static void
test_heavy_shapes (void)
{
  const guint n = 40;
  g_autoptr(RapportAccount) account = rapport_demo_provider_new_heavy_account (11, n, ANCHOR);
  g_autoptr(RapportAccount) plain = rapport_demo_provider_new_account (11, n, ANCHOR);
  g_autoptr(RapportProvider) provider = NULL;
  g_autoptr(RapportProvider) plain_provider = NULL;
  g_autoptr(RapportDemo) demo = rapport_demo_new (11, n, ANCHOR);
  g_autoptr(RapportDemo) plain_demo = rapport_demo_new (11, n, ANCHOR);
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;
  RapportDemoTotals totals, plain_totals;
  guint found[RAPPORT_DEMO_N_HEAVY_SHAPES] = { 0, };
  guint64 tickets = 0, messages = 0;
  guint longest_thread = 0;
  gsize biggest_body = 0;
  gboolean heavy = FALSE;
  gboolean has_more = TRUE;

  g_assert_cmpstr (rapport_account_get_base_url (account), ==,
                   "demo:workspace?seed=11&customers=40&anchor=1795392000&shapes=heavy");
  provider = rapport_demo_provider_new_for_account (account, &error);
  g_assert_no_error (error);
  g_object_get (provider, "heavy-shapes", &heavy, NULL);
  g_assert_true (heavy);
  plain_provider = rapport_demo_provider_new_for_account (plain, &error);
  g_assert_no_error (error);
  g_object_get (plain_provider, "heavy-shapes", &heavy, NULL);
  g_assert_false (heavy);

  rapport_demo_set_heavy_shapes (demo, TRUE);
  while (has_more)
    {
      g_autoptr(RapportSyncPage) page = pull (provider, cursor, NULL, &error);
      g_autoptr(RapportSyncPage) expected = NULL;
      guint position = cursor != NULL ? (guint) g_ascii_strtoull (cursor, NULL, 10) : 0;
      guint run = 0;

      g_assert_no_error (error);
      /* Deterministic: the page is what the generator makes from the cursor. */
      rapport_demo_seek (demo, position);
      expected = rapport_demo_next_page (demo, 10000);
      rapport_test_assert_pages_equal (page, expected);

      for (guint i = 0; i < page->tickets->len; i++)
        {
          const char *subject = rapport_ticket_get_subject (g_ptr_array_index (page->tickets, i));

          for (guint k = 0; k < RAPPORT_DEMO_N_HEAVY_SHAPES; k++)
            {
              g_autofree char *word =
                g_strdup_printf ("(%s)", rapport_demo_get_heavy_shape (k)->word);

              found[k] += strstr (subject, word) != NULL;
            }
        }
      for (guint i = 0; i < page->messages->len; i++)
        {
          RapportMessage *message = g_ptr_array_index (page->messages, i);
          RapportMessage *previous = i > 0 ? g_ptr_array_index (page->messages, i - 1) : NULL;

          run = previous != NULL &&
                g_strcmp0 (rapport_message_get_ticket_remote_id (previous),
                           rapport_message_get_ticket_remote_id (message)) == 0 ? run + 1 : 1;
          longest_thread = MAX (longest_thread, run);
          biggest_body = MAX (biggest_body, strlen (rapport_message_get_body (message)));
        }

      tickets += page->tickets->len;
      messages += page->messages->len;
      has_more = page->has_more;
      g_free (cursor);
      cursor = g_strdup (page->next_cursor);
    }

  rapport_demo_count (demo, 0, n, &totals);
  rapport_demo_count (plain_demo, 0, n, &plain_totals);
  g_assert_cmpuint (tickets, ==, totals.tickets);
  g_assert_cmpuint (messages, ==, totals.messages);
  g_assert_cmpuint (totals.messages, >, plain_totals.messages + 4 * 5000);
  g_assert_cmpuint (totals.remote_customers, ==, plain_totals.remote_customers);
  for (guint k = 0; k < RAPPORT_DEMO_N_HEAVY_SHAPES; k++)
    g_assert_cmpuint (found[k], ==, 1);
  g_assert_cmpuint (longest_thread, ==, 5000);
  g_assert_cmpuint (biggest_body, ==, 10 * 1024 * 1024);
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

/* ------------------------------------------------------------------------------------ */
/* The write side                                                                        */

static RapportMessage *
post (RapportProvider    *provider,
      const char         *ticket_remote_id,
      RapportVisibility   visibility,
      const char         *body,
      GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  rapport_provider_post_message_async (provider, ticket_remote_id, visibility, body, NULL,
                                       on_result_cb, &result);
  return rapport_provider_post_message_finish (provider, wait_for_result (&result), error);
}

static RapportTicket *
update (RapportProvider             *provider,
        const char                  *ticket_remote_id,
        const RapportTicketChanges  *changes,
        GError                     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  rapport_provider_update_ticket_async (provider, ticket_remote_id, changes, NULL, on_result_cb,
                                        &result);
  return rapport_provider_update_ticket_finish (provider, wait_for_result (&result), error);
}

static void
test_post_message (void)
{
  g_autoptr(RapportProvider) provider = rapport_demo_provider_new (RAPPORT_DEMO_DEFAULT_SEED, 50,
                                                                   ANCHOR);
  g_autoptr(RapportMessage) reply = NULL;
  g_autoptr(RapportMessage) note = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GError) error = NULL;
  gint64 before = g_get_real_time () / G_USEC_PER_SEC;
  gint64 after;

  g_assert_true (rapport_provider_can_write (provider));

  reply = post (provider, "1004", RAPPORT_VISIBILITY_PUBLIC, "The parcel left the depot.",
                &error);
  g_assert_no_error (error);
  note = post (provider, "1004", RAPPORT_VISIBILITY_INTERNAL, "Carrier confirmed by phone.",
               &error);
  g_assert_no_error (error);
  after = g_get_real_time () / G_USEC_PER_SEC;

  /* As a server records it. */
  g_assert_true (g_str_has_prefix (rapport_message_get_remote_id (reply), "demo-local-"));
  g_assert_true (g_str_has_prefix (rapport_message_get_remote_id (note), "demo-local-"));
  g_assert_cmpstr (rapport_message_get_remote_id (reply), !=,
                   rapport_message_get_remote_id (note));
  g_assert_cmpstr (rapport_message_get_ticket_remote_id (reply), ==, "1004");
  g_assert_cmpint (rapport_message_get_channel (reply), ==, RAPPORT_CHANNEL_SOCIAL);
  g_assert_cmpint (rapport_message_get_direction (reply), ==, RAPPORT_DIRECTION_OUTBOUND);
  g_assert_cmpint (rapport_message_get_visibility (reply), ==, RAPPORT_VISIBILITY_PUBLIC);
  g_assert_cmpint (rapport_message_get_visibility (note), ==, RAPPORT_VISIBILITY_INTERNAL);
  g_assert_cmpint (rapport_message_get_author_kind (reply), ==, RAPPORT_AUTHOR_AGENT);
  g_assert_cmpstr (rapport_message_get_author_remote_id (reply), ==, RAPPORT_DEMO_AGENT_REMOTE_ID);
  g_assert_cmpstr (rapport_message_get_author_name (reply), ==, RAPPORT_DEMO_AGENT_NAME);
  g_assert_cmpstr (rapport_message_get_body (reply), ==, "The parcel left the depot.");
  g_assert_cmpint (rapport_message_get_created_at (reply), >=, before);
  g_assert_cmpint (rapport_message_get_created_at (note), <=, after);

  /* The history lists them after the generated messages, for verification. */
  history = fetch_history (provider, "1004", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 5);
  rapport_test_assert_objects_equal (G_OBJECT (reply), g_ptr_array_index (history, 3));
  rapport_test_assert_objects_equal (G_OBJECT (note), g_ptr_array_index (history, 4));
  g_clear_pointer (&history, g_ptr_array_unref);

  /* Other tickets are not affected. */
  history = fetch_history (provider, "1005", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 1);
  g_clear_pointer (&history, g_ptr_array_unref);

  /* Refused: an unknown ticket, a blank text. */
  {
    static const char * const missing[] = { "1006", "50-1", "7-999", "abc", "" };

    for (guint i = 0; i < G_N_ELEMENTS (missing); i++)
      {
        g_autoptr(GError) local_error = NULL;
        g_autoptr(RapportMessage) message = post (provider, missing[i],
                                                  RAPPORT_VISIBILITY_PUBLIC, "Hello",
                                                  &local_error);

        g_assert_null (message);
        g_assert_error (local_error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_NOT_FOUND);
      }
  }
  {
    g_autoptr(GError) local_error = NULL;
    g_autoptr(RapportMessage) message = post (provider, "1004", RAPPORT_VISIBILITY_PUBLIC,
                                              " \n\t ", &local_error);

    g_assert_null (message);
    g_assert_error (local_error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_INPUT);
  }

  /* A provider of another demo agent's account posts as that agent. */
  {
    g_autoptr(RapportAccount) account = rapport_demo_provider_new_account (
      RAPPORT_DEMO_DEFAULT_SEED, 50, ANCHOR);
    g_autoptr(RapportProvider) lee = NULL;
    g_autoptr(RapportMessage) message = NULL;

    rapport_account_set_user_remote_id (account, "lee.agent");
    rapport_account_set_user_name (account, NULL);
    lee = rapport_demo_provider_new_for_account (account, &error);
    g_assert_no_error (error);
    message = post (lee, "1001", RAPPORT_VISIBILITY_PUBLIC, "Here is the invoice again.", &error);
    g_assert_no_error (error);
    g_assert_cmpstr (rapport_message_get_author_remote_id (message), ==, "lee.agent");
    g_assert_cmpstr (rapport_message_get_author_name (message), ==, "Lee Fontaine");
    g_assert_cmpint (rapport_message_get_channel (message), ==, RAPPORT_CHANNEL_EMAIL);
  }
}

static void
test_update_ticket (void)
{
  g_autoptr(RapportProvider) provider = rapport_demo_provider_new (RAPPORT_DEMO_DEFAULT_SEED, 50,
                                                                   ANCHOR);
  g_autoptr(RapportTicketChanges) changes = rapport_ticket_changes_new ();
  g_autoptr(RapportTicket) ticket = NULL;
  g_autoptr(GError) error = NULL;
  gint64 before = g_get_real_time () / G_USEC_PER_SEC;
  RapportTicket *generated = NULL;
  g_autoptr(RapportDemo) demo = rapport_demo_new (RAPPORT_DEMO_DEFAULT_SEED, 50, ANCHOR);
  g_autoptr(RapportSyncPage) page = NULL;

  rapport_demo_seek (demo, 0);
  page = rapport_demo_next_page (demo, 1);
  for (guint i = 0; i < page->tickets->len; i++)
    if (g_str_equal (rapport_ticket_get_remote_id (page->tickets->pdata[i]), "1005"))
      generated = page->tickets->pdata[i];
  g_assert_nonnull (generated);
  g_assert_cmpint (rapport_ticket_get_status (generated), ==, RAPPORT_TICKET_STATUS_OPEN);

  /* Solve it: the rest of the ticket is the generated one. */
  changes->fields = RAPPORT_TICKET_FIELD_STATUS;
  changes->status = RAPPORT_TICKET_STATUS_SOLVED;
  ticket = update (provider, "1005", changes, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rapport_ticket_get_remote_id (ticket), ==, "1005");
  g_assert_cmpint (rapport_ticket_get_status (ticket), ==, RAPPORT_TICKET_STATUS_SOLVED);
  g_assert_cmpint (rapport_ticket_get_solved_at (ticket), >=, before);
  g_assert_cmpint (rapport_ticket_get_updated_at (ticket), >=, before);
  g_assert_cmpstr (rapport_ticket_get_subject (ticket), ==, rapport_ticket_get_subject (generated));
  g_assert_cmpint (rapport_ticket_get_priority (ticket), ==,
                   rapport_ticket_get_priority (generated));
  g_assert_cmpstr (rapport_ticket_get_assignee_remote_id (ticket), ==, "sam.agent");
  g_assert_cmpstr (rapport_ticket_get_assignee_name (ticket), ==, "Sam Rivera");
  g_clear_object (&ticket);

  /* Assign: the earlier change stays (the server keeps what it was told). */
  changes->fields = RAPPORT_TICKET_FIELD_ASSIGNEE;
  changes->assignee_remote_id = g_strdup ("priya.agent");
  ticket = update (provider, "1005", changes, &error);
  g_assert_no_error (error);
  g_assert_cmpint (rapport_ticket_get_status (ticket), ==, RAPPORT_TICKET_STATUS_SOLVED);
  g_assert_cmpstr (rapport_ticket_get_assignee_remote_id (ticket), ==, "priya.agent");
  g_assert_cmpstr (rapport_ticket_get_assignee_name (ticket), ==, "Priya Natarajan");
  g_clear_object (&ticket);

  /* Reopen, unassign and raise the priority at once. */
  changes->fields = RAPPORT_TICKET_FIELD_STATUS | RAPPORT_TICKET_FIELD_ASSIGNEE |
                    RAPPORT_TICKET_FIELD_PRIORITY;
  changes->status = RAPPORT_TICKET_STATUS_OPEN;
  g_clear_pointer (&changes->assignee_remote_id, g_free);
  changes->priority = RAPPORT_TICKET_PRIORITY_URGENT;
  ticket = update (provider, "1005", changes, &error);
  g_assert_no_error (error);
  g_assert_cmpint (rapport_ticket_get_status (ticket), ==, RAPPORT_TICKET_STATUS_OPEN);
  g_assert_cmpint (rapport_ticket_get_solved_at (ticket), ==, 0);
  g_assert_null (rapport_ticket_get_assignee_remote_id (ticket));
  g_assert_null (rapport_ticket_get_assignee_name (ticket));
  g_assert_cmpint (rapport_ticket_get_priority (ticket), ==, RAPPORT_TICKET_PRIORITY_URGENT);
  g_clear_object (&ticket);

  /* Take it: assign to the signed-in agent. */
  changes->fields = RAPPORT_TICKET_FIELD_ASSIGNEE;
  changes->assignee_remote_id = g_strdup (RAPPORT_DEMO_AGENT_REMOTE_ID);
  ticket = update (provider, "1005", changes, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rapport_ticket_get_assignee_remote_id (ticket), ==,
                   RAPPORT_DEMO_AGENT_REMOTE_ID);
  g_assert_cmpstr (rapport_ticket_get_assignee_name (ticket), ==, RAPPORT_DEMO_AGENT_NAME);
  g_assert_cmpint (rapport_ticket_get_priority (ticket), ==, RAPPORT_TICKET_PRIORITY_URGENT);
  g_clear_object (&ticket);

  /* Refused: somebody the demo team does not know, an unknown ticket. */
  g_free (changes->assignee_remote_id);
  changes->assignee_remote_id = g_strdup ("mallory.agent");
  ticket = update (provider, "1005", changes, &error);
  g_assert_null (ticket);
  g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  changes->fields = RAPPORT_TICKET_FIELD_STATUS;
  ticket = update (provider, "1006", changes, &error);
  g_assert_null (ticket);
  g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* The refused change left the ticket alone. */
  changes->fields = 0;
  ticket = update (provider, "1005", changes, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rapport_ticket_get_assignee_remote_id (ticket), ==,
                   RAPPORT_DEMO_AGENT_REMOTE_ID);
  g_assert_cmpint (rapport_ticket_get_status (ticket), ==, RAPPORT_TICKET_STATUS_OPEN);
}

/* The demo account end to end: pull, then reply, note, take, change status, assign through
 * the outbox and the push engine, then pull again. */

static gint64
find_ticket (RapportStore   *store,
             gint64          account_id,
             RapportView     view,
             RapportTicket **out)
{
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) tickets = NULL;
  g_autoptr(GError) error = NULL;

  ids = rapport_store_list_ticket_ids (store, account_id, view, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, >, 0);
  tickets = rapport_store_load_tickets (store, (const gint64 *) (gpointer) ids->data, 1, NULL,
                                        &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tickets->len, ==, 1);
  *out = g_object_ref (tickets->pdata[0]);

  return rapport_ticket_get_id (*out);
}

static RapportTicket *
load_ticket (RapportStore *store,
             gint64        ticket_id)
{
  g_autoptr(GPtrArray) tickets = NULL;
  g_autoptr(GError) error = NULL;

  tickets = rapport_store_load_tickets (store, &ticket_id, 1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tickets->len, ==, 1);

  return g_object_ref (tickets->pdata[0]);
}

static gboolean
in_view (RapportStore *store,
         gint64        account_id,
         RapportView   view,
         gint64        ticket_id)
{
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;

  ids = rapport_store_list_ticket_ids (store, account_id, view, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == ticket_id)
      return TRUE;

  return FALSE;
}

static gint64
pull_all (RapportSyncEngine *engine)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 pages;

  rapport_sync_engine_pull_async (engine, NULL, on_result_cb, &result);
  pages = rapport_sync_engine_pull_finish (engine, wait_for_result (&result), &error);
  g_assert_no_error (error);

  return pages;
}

static RapportOutboxState
op_state (RapportStore *store,
          gint64        op_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportOutboxOp) op = rapport_outbox_get_op (store, op_id, NULL, &error);

  g_assert_no_error (error);
  return op->state;
}

static void
wait_done (RapportStore *store,
           gint64        op_id)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  RapportOutboxState state;

  while ((state = op_state (store, op_id)) != RAPPORT_OUTBOX_STATE_DONE)
    {
      g_assert_cmpint (state, !=, RAPPORT_OUTBOX_STATE_FAILED);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
}

static RapportMessage *
find_message (GPtrArray  *messages,
              const char *body,
              guint      *count)
{
  RapportMessage *found = NULL;

  *count = 0;
  for (guint i = 0; i < messages->len; i++)
    if (g_strcmp0 (rapport_message_get_body (messages->pdata[i]), body) == 0)
      {
        found = messages->pdata[i];
        (*count)++;
      }

  return found;
}

static void
test_write_end_to_end (void)
{
  static const char * const reply_body = "Thanks for the details, I am on it.";
  static const char * const note_body = "Customer is on the annual plan.";
  g_autoptr(RapportAccount) account = rapport_demo_provider_new_account (RAPPORT_DEMO_DEFAULT_SEED,
                                                                        50, ANCHOR);
  g_autoptr(RapportStore) store = rapport_store_new (":memory:");
  g_autoptr(RapportProvider) provider = NULL;
  g_autoptr(RapportSyncEngine) sync_engine = NULL;
  g_autoptr(RapportPushEngine) push_engine = NULL;
  g_autoptr(RapportTicket) ticket = NULL;
  g_autoptr(RapportTicketChanges) changes = rapport_ticket_changes_new ();
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *reply_remote_id = NULL;
  g_autofree char *cursor = NULL;
  gpointer weak_push = NULL;
  RapportMessage *message;
  gint64 account_id, ticket_id;
  guint n_messages, count;

  g_assert_true (rapport_store_open (store, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (rapport_store_add_account (store, account, NULL, &error));
  g_assert_no_error (error);
  account_id = rapport_account_get_id (account);
  provider = rapport_demo_provider_new_for_account (account, &error);
  g_assert_no_error (error);

  sync_engine = rapport_sync_engine_new (store, provider, account_id);
  g_assert_cmpint (pull_all (sync_engine), >, 0);
  cursor = rapport_store_get_cursor (store, account_id, "demo", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cursor, ==, "50");

  push_engine = rapport_push_engine_new (store, provider, account_id);
  rapport_push_engine_start (push_engine);

  /* An unassigned open ticket. */
  ticket_id = find_ticket (store, account_id, RAPPORT_VIEW_UNASSIGNED, &ticket);
  g_assert_false (in_view (store, account_id, RAPPORT_VIEW_MY_OPEN, ticket_id));
  messages = rapport_store_list_messages (store, ticket_id, NULL, &error);
  g_assert_no_error (error);
  n_messages = messages->len;
  g_clear_pointer (&messages, g_ptr_array_unref);

  /* Reply and note. */
  {
    g_autoptr(RapportOutboxOp) reply = NULL;
    g_autoptr(RapportOutboxOp) note = NULL;

    reply = rapport_outbox_enqueue_message (store, account_id, ticket_id,
                                            RAPPORT_VISIBILITY_PUBLIC, reply_body, 0, NULL,
                                            &error);
    g_assert_no_error (error);
    note = rapport_outbox_enqueue_message (store, account_id, ticket_id,
                                           RAPPORT_VISIBILITY_INTERNAL, note_body, 0, NULL,
                                           &error);
    g_assert_no_error (error);
    wait_done (store, reply->id);
    wait_done (store, note->id);
  }

  messages = rapport_store_list_messages (store, ticket_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (messages->len, ==, n_messages + 2);
  message = find_message (messages, reply_body, &count);
  g_assert_cmpuint (count, ==, 1);
  g_assert_true (g_str_has_prefix (rapport_message_get_remote_id (message), "demo-local-"));
  g_assert_cmpstr (rapport_message_get_author_remote_id (message), ==, "sam.agent");
  g_assert_cmpint (rapport_message_get_visibility (message), ==, RAPPORT_VISIBILITY_PUBLIC);
  reply_remote_id = g_strdup (rapport_message_get_remote_id (message));
  message = find_message (messages, note_body, &count);
  g_assert_cmpuint (count, ==, 1);
  g_assert_true (g_str_has_prefix (rapport_message_get_remote_id (message), "demo-local-"));
  g_assert_cmpint (rapport_message_get_visibility (message), ==, RAPPORT_VISIBILITY_INTERNAL);
  g_clear_pointer (&messages, g_ptr_array_unref);

  /* The server's history has them too: an unknown outcome could be verified. */
  history = fetch_history (provider, rapport_ticket_get_remote_id (ticket), &error);
  g_assert_no_error (error);
  message = find_message (history, reply_body, &count);
  g_assert_cmpuint (count, ==, 1);
  g_assert_cmpstr (rapport_message_get_remote_id (message), ==, reply_remote_id);

  /* Take it. */
  {
    g_autoptr(RapportOutboxOp) take = NULL;
    g_autoptr(RapportTicket) taken = NULL;

    changes->fields = RAPPORT_TICKET_FIELD_ASSIGNEE;
    changes->assignee_remote_id = g_strdup (RAPPORT_DEMO_AGENT_REMOTE_ID);
    take = rapport_outbox_enqueue_update (store, account_id, ticket_id, changes, NULL, &error);
    g_assert_no_error (error);
    wait_done (store, take->id);
    taken = load_ticket (store, ticket_id);
    g_assert_cmpstr (rapport_ticket_get_assignee_remote_id (taken), ==, "sam.agent");
    g_assert_cmpstr (rapport_ticket_get_assignee_name (taken), ==, "Sam Rivera");
    g_assert_true (in_view (store, account_id, RAPPORT_VIEW_MY_OPEN, ticket_id));
  }

  /* Change the status, then assign to a colleague: both stay. */
  {
    g_autoptr(RapportOutboxOp) status = NULL;
    g_autoptr(RapportOutboxOp) assign = NULL;
    g_autoptr(RapportTicket) updated = NULL;

    changes->fields = RAPPORT_TICKET_FIELD_STATUS;
    changes->status = RAPPORT_TICKET_STATUS_PENDING;
    status = rapport_outbox_enqueue_update (store, account_id, ticket_id, changes, NULL, &error);
    g_assert_no_error (error);
    changes->fields = RAPPORT_TICKET_FIELD_ASSIGNEE;
    g_free (changes->assignee_remote_id);
    changes->assignee_remote_id = g_strdup ("lee.agent");
    assign = rapport_outbox_enqueue_update (store, account_id, ticket_id, changes, NULL, &error);
    g_assert_no_error (error);
    wait_done (store, status->id);
    wait_done (store, assign->id);

    updated = load_ticket (store, ticket_id);
    g_assert_cmpint (rapport_ticket_get_status (updated), ==, RAPPORT_TICKET_STATUS_PENDING);
    g_assert_cmpstr (rapport_ticket_get_assignee_remote_id (updated), ==, "lee.agent");
    g_assert_cmpstr (rapport_ticket_get_assignee_name (updated), ==, "Lee Fontaine");
    g_assert_false (in_view (store, account_id, RAPPORT_VIEW_MY_OPEN, ticket_id));
  }

  /* A later pull brings nothing: the posted messages and the changes stay, once. */
  g_assert_cmpint (pull_all (sync_engine), ==, 0);
  messages = rapport_store_list_messages (store, ticket_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (messages->len, ==, n_messages + 2);
  find_message (messages, reply_body, &count);
  g_assert_cmpuint (count, ==, 1);
  find_message (messages, note_body, &count);
  g_assert_cmpuint (count, ==, 1);
  {
    g_autoptr(RapportTicket) after = load_ticket (store, ticket_id);

    g_assert_cmpint (rapport_ticket_get_status (after), ==, RAPPORT_TICKET_STATUS_PENDING);
    g_assert_cmpstr (rapport_ticket_get_assignee_remote_id (after), ==, "lee.agent");
  }

  /* Wind down: the push engine's jobs hold the store. */
  rapport_push_engine_stop (push_engine);
  weak_push = push_engine;
  g_object_add_weak_pointer (G_OBJECT (push_engine), &weak_push);
  g_clear_object (&push_engine);
  while (weak_push != NULL)
    {
      /* The last job may drop the engine in its worker thread: poll, do not block. */
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
  g_clear_object (&sync_engine);
  rapport_store_close (store);
}

/* Money ------------------------------------------------------------------------------- */

static RapportMoneyAction *
create_money (RapportProvider  *provider,
              const char       *ticket_remote_id,
              RapportMoneyKind  kind,
              const char       *amount_wire,
              const char       *customer_key,
              GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  RapportMoney amount;

  g_assert_true (rapport_money_parse_wire (&amount, amount_wire, "USD", NULL));
  rapport_provider_create_money_action_async (provider, ticket_remote_id, kind, &amount,
                                              "Parcel lost", NULL, customer_key, NULL,
                                              on_result_cb, &result);
  return rapport_provider_create_money_action_finish (provider, wait_for_result (&result), error);
}

static RapportApproval *
decide_money (RapportProvider  *provider,
              const char       *approval_id,
              RapportDecision   decision,
              const char       *etag,
              GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  rapport_provider_decide_approval_async (provider, approval_id, decision, "Checked", etag, NULL,
                                          on_result_cb, &result);
  return rapport_provider_decide_approval_finish (provider, wait_for_result (&result), error);
}

static RapportAuthority *
fetch_authority (RapportProvider *provider)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  RapportAuthority *authority;

  rapport_provider_fetch_authority_async (provider, NULL, on_result_cb, &result);
  authority = rapport_provider_fetch_authority_finish (provider, wait_for_result (&result),
                                                       &error);
  g_assert_no_error (error);
  return authority;
}

static RapportProvider *
provider_for_account (RapportAccount *account)
{
  g_autoptr(GError) error = NULL;
  RapportProvider *provider = rapport_demo_provider_new_for_account (account, &error);

  g_assert_no_error (error);
  return provider;
}

static void
test_money_seeded (void)
{
  g_autoptr(RapportProvider) provider = rapport_demo_provider_new (41, 10, ANCHOR);
  g_autofree char *cursor = NULL;
  gboolean has_more = TRUE;
  guint executed = 0, pending = 0;

  /* Only the last page carries money; it holds the story's past refund and two requests
   * waiting for a supervisor, each with its approval. */
  while (has_more)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RapportSyncPage) page = pull (provider, cursor, NULL, &error);

      g_assert_no_error (error);
      has_more = page->has_more;
      g_free (cursor);
      cursor = g_strdup (page->next_cursor);
      if (has_more)
        {
          g_assert_cmpuint (page->money_actions->len, ==, 0);
          continue;
        }

      g_assert_cmpuint (page->money_actions->len, ==, 3);
      g_assert_cmpuint (page->approvals->len, ==, 2);
      for (guint i = 0; i < page->money_actions->len; i++)
        {
          RapportMoneyAction *action = page->money_actions->pdata[i];

          g_assert_cmpstr (rapport_money_action_get_customer_key (action), ==,
                           "chloe.silva@northwind-bakery.example");
          g_assert_cmpint (rapport_money_action_get_created_at (action), <, ANCHOR * G_USEC_PER_SEC);
          if (rapport_money_action_get_server_state (action) == RAPPORT_ACTION_STATE_EXECUTED)
            {
              executed++;
              g_assert_cmpstr (rapport_money_action_get_ticket_remote_id (action), ==, "1002");
            }
          else if (rapport_money_action_awaits_decision (action))
            pending++;
        }
      for (guint i = 0; i < page->approvals->len; i++)
        g_assert_cmpint (rapport_approval_get_decision (page->approvals->pdata[i]), ==,
                         RAPPORT_DECISION_NONE);
    }

  g_assert_cmpuint (executed, ==, 1);
  g_assert_cmpuint (pending, ==, 2);

  /* At the end a pull stays empty until someone records money or decides. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(RapportSyncPage) again = pull (provider, cursor, NULL, &error);
    g_autoptr(RapportSyncPage) after = NULL;
    g_autoptr(RapportMoneyAction) action = NULL;

    g_assert_no_error (error);
    g_assert_cmpuint (again->money_actions->len, ==, 0);
    g_assert_cmpuint (again->approvals->len, ==, 0);

    action = create_money (provider, "1-1", RAPPORT_MONEY_KIND_CREDIT, "5.00", "x@example.com",
                           &error);
    g_assert_no_error (error);
    after = pull (provider, cursor, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (after->money_actions->len, ==, 4);
    g_assert_nonnull (rapport_money_action_get_remote_id (action));
  }
}

static void
test_money_authority (void)
{
  g_autoptr(RapportAccount) agent_account = rapport_demo_provider_new_account (42, 10, ANCHOR);
  g_autoptr(RapportAccount) supervisor_account =
    rapport_demo_provider_new_supervisor_account (42, 10, ANCHOR);
  g_autoptr(RapportProvider) agent = provider_for_account (agent_account);
  g_autoptr(RapportProvider) supervisor = provider_for_account (supervisor_account);
  g_autoptr(RapportAuthority) as_agent = fetch_authority (agent);
  g_autoptr(RapportAuthority) as_supervisor = fetch_authority (supervisor);
  RapportProviderCapabilities caps = rapport_provider_get_capabilities (agent);

  /* The demo records approvals but cannot enforce a rule on a server it does not have. */
  g_assert_true ((caps & RAPPORT_PROVIDER_CAPABILITY_APPROVALS) != 0);
  g_assert_true ((caps & RAPPORT_PROVIDER_CAPABILITY_ENFORCES_LIMITS) == 0);
  g_assert_true (rapport_provider_can_handle_money (agent));

  g_assert_true (as_agent->has_role);
  g_assert_cmpint (as_agent->role, ==, RAPPORT_ROLE_AGENT);
  g_assert_false (as_agent->may_decide);
  g_assert_false (as_agent->enforced);
  g_assert_null (as_agent->policy);

  g_assert_cmpint (as_supervisor->role, ==, RAPPORT_ROLE_SUPERVISOR);
  g_assert_true (as_supervisor->may_decide);
  g_assert_cmpstr (rapport_account_get_base_url (supervisor_account), ==,
                   rapport_account_get_base_url (agent_account));
  g_assert_cmpstr (rapport_account_get_user_remote_id (supervisor_account), ==,
                   RAPPORT_DEMO_SUPERVISOR_REMOTE_ID);
}

static void
test_money_decisions (void)
{
  g_autoptr(RapportAccount) agent_account = rapport_demo_provider_new_account (43, 10, ANCHOR);
  g_autoptr(RapportAccount) supervisor_account =
    rapport_demo_provider_new_supervisor_account (43, 10, ANCHOR);
  g_autoptr(RapportProvider) agent = provider_for_account (agent_account);
  g_autoptr(RapportProvider) supervisor = provider_for_account (supervisor_account);
  g_autoptr(RapportMoneyAction) within = NULL;
  g_autoptr(RapportMoneyAction) over = NULL;
  g_autoptr(RapportMoneyAction) own = NULL;
  g_autoptr(RapportApproval) decided = NULL;
  g_autoptr(GError) error = NULL;
  const char *approval_id;

  within = create_money (agent, "1-1", RAPPORT_MONEY_KIND_REFUND, "20.00", "Ines@Example.com ",
                         &error);
  g_assert_no_error (error);
  g_assert_cmpint (rapport_money_action_get_server_state (within), ==,
                   RAPPORT_ACTION_STATE_EXECUTED);
  g_assert_cmpint (rapport_money_action_get_verdict (within), ==, RAPPORT_VERDICT_ALLOWED);
  g_assert_cmpstr (rapport_money_action_get_customer_key (within), ==, "ines@example.com");
  g_assert_cmpstr (rapport_money_action_get_requester_remote_id (within), ==,
                   RAPPORT_DEMO_AGENT_REMOTE_ID);

  over = create_money (agent, "1-1", RAPPORT_MONEY_KIND_REFUND, "60.00", "ines@example.com",
                       &error);
  g_assert_no_error (error);
  g_assert_cmpint (rapport_money_action_get_server_state (over), ==,
                   RAPPORT_ACTION_STATE_PENDING_APPROVAL);
  g_assert_cmpint (rapport_money_action_get_verdict_reason (over), ==,
                   RAPPORT_VERDICT_REASON_SINGLE_LIMIT);
  approval_id = rapport_money_action_get_approval_remote_id (over);
  g_assert_nonnull (approval_id);
  g_assert_cmpstr (rapport_money_action_get_approval_etag (over), ==, "1");

  /* The agent may not decide; the supervisor not with another revision. */
  decided = decide_money (agent, approval_id, RAPPORT_DECISION_APPROVE, "1", &error);
  g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_FORBIDDEN);
  g_clear_error (&error);
  decided = decide_money (supervisor, approval_id, RAPPORT_DECISION_APPROVE, "7", &error);
  g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_CONFLICT);
  g_clear_error (&error);
  decided = decide_money (supervisor, "demo-approval-999", RAPPORT_DECISION_APPROVE, "1", &error);
  g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_NOT_FOUND);
  g_clear_error (&error);

  decided = decide_money (supervisor, approval_id, RAPPORT_DECISION_APPROVE, "1", &error);
  g_assert_no_error (error);
  g_assert_cmpint (rapport_approval_get_decision (decided), ==, RAPPORT_DECISION_APPROVE);
  g_assert_cmpstr (rapport_approval_get_decided_by (decided), ==,
                   RAPPORT_DEMO_SUPERVISOR_REMOTE_ID);
  g_assert_cmpstr (rapport_approval_get_note (decided), ==, "Checked");
  g_assert_cmpint (rapport_approval_verify (decided, over), ==, RAPPORT_APPROVAL_CHECK_VALID);

  /* Once decided, the revision moved on: a second decision conflicts. */
  g_clear_object (&decided);
  decided = decide_money (supervisor, approval_id, RAPPORT_DECISION_REJECT, "1", &error);
  g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_CONFLICT);
  g_clear_error (&error);

  /* What the agent's side reads back for the ticket. */
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(RapportMoneyEvidence) evidence = NULL;
    RapportMoneyAction *approved = NULL;

    rapport_provider_fetch_money_evidence_async (agent, "1-1", NULL, on_result_cb, &result);
    evidence = rapport_provider_fetch_money_evidence_finish (agent, wait_for_result (&result),
                                                             &error);
    g_assert_no_error (error);
    g_assert_cmpuint (evidence->actions->len, ==, 2);
    g_assert_cmpuint (evidence->approvals->len, ==, 1);
    for (guint i = 0; i < evidence->actions->len; i++)
      if (g_strcmp0 (rapport_money_action_get_remote_id (evidence->actions->pdata[i]),
                     rapport_money_action_get_remote_id (over)) == 0)
        approved = evidence->actions->pdata[i];
    g_assert_nonnull (approved);
    g_assert_cmpint (rapport_money_action_get_server_state (approved), ==,
                     RAPPORT_ACTION_STATE_APPROVED);
    g_assert_cmpint (rapport_approval_verify (evidence->approvals->pdata[0], approved), ==,
                     RAPPORT_APPROVAL_CHECK_VALID);
  }

  /* A supervisor's own request over their limit needs another supervisor. */
  own = create_money (supervisor, "1-1", RAPPORT_MONEY_KIND_REFUND, "2500.00", "ines@example.com",
                      &error);
  g_assert_no_error (error);
  g_assert_cmpint (rapport_money_action_get_server_state (own), ==,
                   RAPPORT_ACTION_STATE_PENDING_APPROVAL);
  decided = decide_money (supervisor, rapport_money_action_get_approval_remote_id (own),
                          RAPPORT_DECISION_APPROVE, "1", &error);
  g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_FORBIDDEN);
  g_clear_error (&error);

  /* Not a ticket of the workspace. */
  g_assert_null (create_money (agent, "nope", RAPPORT_MONEY_KIND_CREDIT, "1.00", "x", &error));
  g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_INPUT);
}

/* Both sides of the demo in one store, as a newcomer would add them: the agent's account and
 * the supervisor's account of one workspace sync side by side, and the supervisor's
 * Approvals list holds the story's waiting requests. */
static void
test_money_two_accounts (void)
{
  g_autoptr(RapportAccount) agent_account = rapport_demo_provider_new_account (44, 10, ANCHOR);
  g_autoptr(RapportAccount) supervisor_account =
    rapport_demo_provider_new_supervisor_account (44, 10, ANCHOR);
  g_autoptr(RapportStore) store = rapport_store_new (":memory:");
  g_autoptr(RapportProvider) agent = NULL;
  g_autoptr(RapportProvider) supervisor = NULL;
  g_autoptr(RapportSyncEngine) agent_sync = NULL;
  g_autoptr(RapportSyncEngine) supervisor_sync = NULL;
  g_autoptr(GPtrArray) pending = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (rapport_store_open (store, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (rapport_store_add_account (store, agent_account, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (rapport_store_add_account (store, supervisor_account, NULL, &error));
  g_assert_no_error (error);
  agent = provider_for_account (agent_account);
  supervisor = provider_for_account (supervisor_account);

  agent_sync = rapport_sync_engine_new (store, agent,
                                        rapport_account_get_id (agent_account));
  supervisor_sync = rapport_sync_engine_new (store, supervisor,
                                             rapport_account_get_id (supervisor_account));
  g_assert_cmpint (pull_all (agent_sync), >, 0);
  g_assert_cmpint (pull_all (supervisor_sync), >, 0);

  pending = rapport_store_list_pending_approvals (store,
                                                  rapport_account_get_id (supervisor_account),
                                                  NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pending->len, ==, 2);
  g_assert_cmpstr (rapport_money_action_get_ticket_remote_id (pending->pdata[0]), ==, "1004");
  g_assert_cmpstr (rapport_money_action_get_ticket_subject (pending->pdata[0]), !=, NULL);

  g_clear_object (&agent_sync);
  g_clear_object (&supervisor_sync);
  rapport_store_close (store);
}

/* ---------------------------------------------------------------------------------------------
 * The demo server's file
 * ------------------------------------------------------------------------------------------- */

static RapportProvider *
provider_in (RapportAccount *account,
             const char     *dir)
{
  g_autoptr(GError) error = NULL;
  RapportProvider *provider = rapport_demo_provider_new_for_account_in (account, dir, &error);

  g_assert_no_error (error);
  return provider;
}

/* Drops the last reference to @provider, once the worker threads of its calls let go of their
 * tasks, and with it the demo server's memory. */
static void
drop_provider (RapportProvider *provider)
{
  gpointer weak = provider;
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  g_object_add_weak_pointer (G_OBJECT (provider), &weak);
  while (G_OBJECT (provider)->ref_count > 1)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
  g_object_unref (provider);
  g_assert_null (weak);
}

static char *
read_text (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  return text;
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_assert_cmpint (g_remove (path), ==, 0);
    }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* What the accounts write to the demo server is in its file before the server answers, and a
 * server made again from the file (after a restart) still has it: the approval is still
 * pending and the supervisor can decide it, the customer's refunds still count, the replies
 * and the ticket's updates are still there. */
static void
test_state_kept (void)
{
  g_autofree char *dir = g_dir_make_tmp ("rapport-demo-server-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "45-10-1795392000.json", NULL);
  g_autoptr(RapportAccount) agent_account = rapport_demo_provider_new_account (45, 10, ANCHOR);
  g_autoptr(RapportAccount) supervisor_account =
    rapport_demo_provider_new_supervisor_account (45, 10, ANCHOR);
  g_autoptr(RapportTicketChanges) changes = rapport_ticket_changes_new ();
  g_autoptr(RapportMoneyAction) within = NULL;
  g_autoptr(RapportMoneyAction) over = NULL;
  g_autoptr(RapportMoneyAction) again = NULL;
  g_autoptr(RapportApproval) decided = NULL;
  g_autoptr(RapportMessage) posted = NULL;
  g_autoptr(RapportTicket) ticket = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *approval_id = NULL;
  g_autofree char *text = NULL;
  RapportProvider *agent;
  RapportProvider *supervisor;
  gboolean found = FALSE;

  g_assert_nonnull (dir);
  agent = provider_in (agent_account, dir);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  /* Within the limit, then over it: pending, with an approval. */
  within = create_money (agent, "2-1", RAPPORT_MONEY_KIND_REFUND, "40.00", "ada@example.com",
                         &error);
  g_assert_no_error (error);
  g_assert_cmpint (rapport_money_action_get_server_state (within), ==,
                   RAPPORT_ACTION_STATE_EXECUTED);
  over = create_money (agent, "1-1", RAPPORT_MONEY_KIND_REFUND, "60.00", "ines@example.com",
                       &error);
  g_assert_no_error (error);
  g_assert_cmpint (rapport_money_action_get_server_state (over), ==,
                   RAPPORT_ACTION_STATE_PENDING_APPROVAL);
  approval_id = g_strdup (rapport_money_action_get_approval_remote_id (over));

  /* In the file as soon as the server answered. */
  text = read_text (path);
  g_assert_nonnull (strstr (text, approval_id));

  posted = post (agent, "1-1", RAPPORT_VISIBILITY_INTERNAL, "Kept across restarts", &error);
  g_assert_no_error (error);
  changes->fields = RAPPORT_TICKET_FIELD_PRIORITY;
  changes->priority = RAPPORT_TICKET_PRIORITY_URGENT;
  ticket = update (agent, "1-1", changes, &error);
  g_assert_no_error (error);
  g_clear_object (&ticket);

  /* Quit: nothing of the server stays in memory. */
  drop_provider (agent);

  /* Started again: the supervisor decides the request made before the restart. */
  supervisor = provider_in (supervisor_account, dir);
  decided = decide_money (supervisor, approval_id, RAPPORT_DECISION_APPROVE, "1", &error);
  g_assert_no_error (error);
  g_assert_cmpint (rapport_approval_get_decision (decided), ==, RAPPORT_DECISION_APPROVE);
  g_assert_cmpint (rapport_approval_verify (decided, over), ==, RAPPORT_APPROVAL_CHECK_VALID);

  /* The agent's side, in the same run: the customer's earlier refund still counts (40.00 +
   * 40.00 is over the 75.00 a customer may get in 30 days). */
  agent = provider_in (agent_account, dir);
  again = create_money (agent, "2-1", RAPPORT_MONEY_KIND_REFUND, "40.00", "ada@example.com",
                        &error);
  g_assert_no_error (error);
  g_assert_cmpint (rapport_money_action_get_server_state (again), ==,
                   RAPPORT_ACTION_STATE_PENDING_APPROVAL);
  g_assert_cmpint (rapport_money_action_get_verdict_reason (again), ==,
                   RAPPORT_VERDICT_REASON_CUSTOMER_WINDOW);
  drop_provider (agent);
  drop_provider (supervisor);

  /* Once more: the decision, the note and the ticket's update are kept too. */
  agent = provider_in (agent_account, dir);
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(RapportMoneyEvidence) evidence = NULL;

    rapport_provider_fetch_money_evidence_async (agent, "1-1", NULL, on_result_cb, &result);
    evidence = rapport_provider_fetch_money_evidence_finish (agent, wait_for_result (&result),
                                                             &error);
    g_assert_no_error (error);
    g_assert_cmpuint (evidence->actions->len, ==, 1);
    g_assert_cmpint (rapport_money_action_get_server_state (evidence->actions->pdata[0]), ==,
                     RAPPORT_ACTION_STATE_APPROVED);
    g_assert_cmpuint (evidence->approvals->len, ==, 1);
    g_assert_cmpstr (rapport_approval_get_note (evidence->approvals->pdata[0]), ==, "Checked");
  }

  history = fetch_history (agent, "1-1", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < history->len; i++)
    if (g_strcmp0 (rapport_message_get_remote_id (history->pdata[i]),
                   rapport_message_get_remote_id (posted)) == 0)
      {
        g_assert_cmpstr (rapport_message_get_body (history->pdata[i]), ==,
                         "Kept across restarts");
        g_assert_cmpint (rapport_message_get_visibility (history->pdata[i]), ==,
                         RAPPORT_VISIBILITY_INTERNAL);
        found = TRUE;
      }
  g_assert_true (found);

  /* The next update starts from the kept one. */
  changes->fields = RAPPORT_TICKET_FIELD_STATUS;
  changes->status = RAPPORT_TICKET_STATUS_SOLVED;
  ticket = update (agent, "1-1", changes, &error);
  g_assert_no_error (error);
  g_assert_cmpint (rapport_ticket_get_priority (ticket), ==, RAPPORT_TICKET_PRIORITY_URGENT);
  g_assert_cmpint (rapport_ticket_get_status (ticket), ==, RAPPORT_TICKET_STATUS_SOLVED);
  drop_provider (agent);

  remove_dir (dir);
}

/* A well-formed executed refund of 5.00 USD in the demo server's file, with the id @id. */
#define DEMO_ENTRY(id) \
  "{\"id\": \"" id "\", \"ticket\": \"1-1\", \"customer_key\": \"a@example.com\", " \
  "\"reason\": \"x\", \"requester\": \"sam.agent\", \"kind\": \"refund\", " \
  "\"amount\": \"5.00\", \"currency\": \"USD\", \"created_us\": 1, " \
  "\"state\": \"executed\", \"verdict\": \"allowed\", \"verdict_reason\": \"none\", " \
  "\"revision\": 0, \"decision\": \"none\", \"decided_at_us\": 0}"

/* A file that does not read is set aside with a clear message and the demo starts afresh;
 * it is never a crash, and never silently overwritten. */
static void
test_state_damaged (void)
{
  static const char * const damaged[] = {
    "{\"format\": 1, \"workspace\": ",                                   /* cut short */
    "[1, 2, 3]",                                                        /* not an object */
    "{\"format\": 1, \"workspace\": {\"seed\": 46, \"customers\": 10, \"anchor\": 1}, "
    "\"money\": {\"next_id\": 1, \"revision\": 1, \"entries\": []}, \"messages\": [], "
    "\"tickets\": []}",                                                 /* another workspace */
    "{\"format\": 1, \"workspace\": {\"seed\": 46, \"customers\": 10, \"anchor\": 1795392000}, "
    "\"money\": {\"next_id\": 1, \"revision\": 1, \"entries\": [{\"id\": \"demo-money-1\", "
    "\"ticket\": \"1-1\", \"customer_key\": \"a@example.com\", \"reason\": \"x\", "
    "\"requester\": \"sam.agent\", \"kind\": \"refund\", \"amount\": \"-5.00\", "
    "\"currency\": \"USD\", \"created_us\": 1, \"state\": \"executed\", \"verdict\": "
    "\"allowed\", \"verdict_reason\": \"none\", \"revision\": 0, \"decision\": \"none\", "
    "\"decided_at_us\": 0}]}, \"messages\": [], \"tickets\": []}",       /* a negative amount */
    "{\"format\": 1, \"workspace\": {\"seed\": 46, \"customers\": 10, \"anchor\": 1795392000}, "
    "\"money\": {\"next_id\": 1, \"revision\": 1, \"entries\": ["
    DEMO_ENTRY ("demo-money-1") ", " DEMO_ENTRY ("demo-money-1")
    "]}, \"messages\": [], \"tickets\": []}",                       /* an id twice */
    "{\"format\": 1, \"workspace\": {\"seed\": 46, \"customers\": 10, \"anchor\": 1795392000}, "
    "\"money\": {\"next_id\": 1, \"revision\": 1, \"entries\": ["
    DEMO_ENTRY ("demo-money-2")
    "]}, \"messages\": [], \"tickets\": []}",                       /* an id not given out */
    "{\"format\": 2}",                                                  /* a newer format */
    "{\"format\": 1, \"workspace\": {\"seed\": 46, \"customers\": 10, \"anchor\": 1795392000}, "
    "\"money\": {\"next_id\": 1, \"revision\": 1, \"entries\": []}, \"messages\": [], "
    "\"tickets\": []} // json-glib takes it",                          /* not strict JSON */
  };
  g_autofree char *dir = g_dir_make_tmp ("rapport-demo-server-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "46-10-1795392000.json", NULL);
  g_autoptr(RapportAccount) account = rapport_demo_provider_new_account (46, 10, ANCHOR);

  for (guint i = 0; i < G_N_ELEMENTS (damaged); i++)
    {
      g_autoptr(RapportSyncPage) page = NULL;
      g_autoptr(RapportMoneyAction) action = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *kept = NULL;
      g_autofree char *text = NULL;
      g_autofree char *aside = NULL;
      g_autoptr(GDir) listing = NULL;
      const char *name;
      RapportProvider *provider;

      g_assert_true (g_file_set_contents (path, damaged[i], -1, NULL));
      provider = provider_in (account, dir);

      g_test_expect_message ("rapport-demo-provider", G_LOG_LEVEL_WARNING,
                             "The demo server's file *cannot be read*moved to*.damaged*");
      page = pull (provider, NULL, NULL, &error);
      g_test_assert_expected_messages ();
      g_assert_no_error (error);
      /* A fresh demo: the story's ledger (its refund and its two waiting requests). */
      g_assert_cmpuint (page->money_actions->len, ==, 3);
      g_assert_cmpuint (page->approvals->len, ==, 2);

      /* The damaged file is kept aside as it was, under a name of its own (the only one:
       * the previous round's was removed). */
      g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
      listing = g_dir_open (dir, 0, NULL);
      g_assert_nonnull (listing);
      while ((name = g_dir_read_name (listing)) != NULL)
        if (g_str_has_prefix (name, "46-10-1795392000.json.damaged-"))
          {
            g_assert_null (aside);
            aside = g_build_filename (dir, name, NULL);
          }
      g_assert_nonnull (aside);
      kept = read_text (aside);
      g_assert_cmpstr (kept, ==, damaged[i]);
      g_assert_cmpint (g_remove (aside), ==, 0);

      /* The fresh demo works and keeps what is written to it. */
      action = create_money (provider, "1-1", RAPPORT_MONEY_KIND_CREDIT, "5.00",
                             "ines@example.com", &error);
      g_assert_no_error (error);
      text = read_text (path);
      g_assert_nonnull (strstr (text, rapport_money_action_get_remote_id (action)));
      drop_provider (provider);
      g_assert_cmpint (g_remove (path), ==, 0);
    }

  remove_dir (dir);
}

/* A write the demo server cannot keep is not made: the provider fails (as the network would,
 * so the outbox tries again) and the server holds what it held before. */
static void
test_state_unwritable (void)
{
  g_autofree char *dir = g_dir_make_tmp ("rapport-demo-server-XXXXXX", NULL);
  g_autofree char *blocker = g_build_filename (dir, "not-a-folder", NULL);
  g_autofree char *state_dir = g_build_filename (blocker, "demo-server", NULL);
  g_autoptr(RapportAccount) account = rapport_demo_provider_new_account (47, 10, ANCHOR);
  g_autoptr(RapportMoneyAction) action = NULL;
  g_autoptr(RapportMessage) message = NULL;
  g_autoptr(RapportSyncPage) page = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GError) error = NULL;
  RapportProvider *provider;
  guint n_messages;

  /* The folder cannot be made: a file stands where its parent should be. */
  g_assert_true (g_file_set_contents (blocker, "", -1, NULL));
  provider = provider_in (account, state_dir);

  /* Nor can the file be read: the demo starts afresh, and says so. */
  g_test_expect_message ("rapport-demo-provider", G_LOG_LEVEL_WARNING,
                         "The demo server's file *cannot be read*");
  history = fetch_history (provider, "1-1", &error);
  g_test_assert_expected_messages ();
  g_assert_no_error (error);
  n_messages = history->len;
  g_clear_pointer (&history, g_ptr_array_unref);

  action = create_money (provider, "1-1", RAPPORT_MONEY_KIND_REFUND, "10.00", "ines@example.com",
                         &error);
  g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_NETWORK);
  g_assert_null (action);
  g_clear_error (&error);
  message = post (provider, "1-1", RAPPORT_VISIBILITY_PUBLIC, "Lost?", &error);
  g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_NETWORK);
  g_assert_null (message);
  g_clear_error (&error);

  /* Nothing of either is on the server. */
  history = fetch_history (provider, "1-1", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, n_messages);
  page = pull (provider, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->money_actions->len, ==, 3);

  drop_provider (provider);
  remove_dir (dir);
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
  g_test_add_func ("/rapport/demo-provider/heavy-shapes", test_heavy_shapes);
  g_test_add_func ("/rapport/demo-provider/pull-bad-cursor", test_pull_bad_cursor);
  g_test_add_func ("/rapport/demo-provider/pull-cancelled", test_pull_cancelled);
  g_test_add_func ("/rapport/demo-provider/fetch-ticket-history", test_fetch_ticket_history);
  g_test_add_func ("/rapport/demo-provider/post-message", test_post_message);
  g_test_add_func ("/rapport/demo-provider/update-ticket", test_update_ticket);
  g_test_add_func ("/rapport/demo-provider/write-end-to-end", test_write_end_to_end);
  g_test_add_func ("/rapport/demo-provider/money-seeded", test_money_seeded);
  g_test_add_func ("/rapport/demo-provider/money-authority", test_money_authority);
  g_test_add_func ("/rapport/demo-provider/money-decisions", test_money_decisions);
  g_test_add_func ("/rapport/demo-provider/money-two-accounts", test_money_two_accounts);
  g_test_add_func ("/rapport/demo-provider/state-kept", test_state_kept);
  g_test_add_func ("/rapport/demo-provider/state-damaged", test_state_damaged);
  g_test_add_func ("/rapport/demo-provider/state-unwritable", test_state_unwritable);

  return g_test_run ();
}
