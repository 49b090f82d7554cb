/* test-store-accounts.c
 *
 * Removing an account: what it would lose, counted; everything the store keeps of it gone,
 * the other account's data untouched.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rapport-test-store"

#include "config.h"

#include "rapport-drafts.h"
#include "rapport-outbox.h"
#include "rapport-store-suggest.h"
#include "rapport-test-data.h"
#include "store-test-fixture.h"

/* What the removed account alone had: a customer no other account knows, and a word. */
#define OWN_CUSTOMER "only.here@example.com"
#define OWN_WORD     "zanzibarian"

/* One number from the database file, through a connection of its own. */
static gint64
query_int (Fixture    *fixture,
           const char *sql,
           gint64      param)
{
  sqlite3 *db = open_raw (fixture->path);
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_bind_parameter_count (stmt) > 0)
    sqlite3_bind_int64 (stmt, 1, param);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return value;
}

/* Every table that holds rows of an account, by its account_id. */
static const char * const account_tables[] = {
  "tickets", "customer_links", "sync_state", "outbox", "drafts", "actions",
  "account_authority", "candidates", "past_answers", "set_aside", "view_counts",
};

static gint64
count_rows (Fixture    *fixture,
            const char *table,
            gint64      account_id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM %s WHERE account_id = ?1",
                                          table);

  return query_int (fixture, sql, account_id);
}

static gint64
add_account (Fixture    *fixture,
             const char *name)
{
  g_autoptr(RapportAccount) account = rapport_account_new ("demo", NULL, name);
  g_autoptr(GError) error = NULL;

  rapport_account_set_user_remote_id (account, TEST_AGENT);
  g_assert_true (rapport_store_add_account (fixture->store, account, NULL, &error));
  g_assert_no_error (error);

  return rapport_account_get_id (account);
}

/* The story, a queued reply, a draft and a canned response; with @own_ticket, a ticket of a
 * customer only this account has, and a word only it uses. */
static void
fill_account (Fixture *fixture,
              gint64   account_id,
              gboolean own_ticket)
{
  g_autoptr(RapportSyncPage) story = test_story_page ();
  g_autoptr(RapportCandidate) candidate = NULL;
  g_autoptr(GPtrArray) candidates = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(RapportOutboxOp) reply = NULL;
  g_autoptr(GError) error = NULL;
  gint64 ticket_id;

  g_assert_true (rapport_store_apply_page (fixture->store, account_id, story, NULL, &error));
  g_assert_no_error (error);

  if (own_ticket)
    {
      g_autoptr(RapportSyncPage) page = rapport_sync_page_new ();

      page->resource = g_strdup ("tickets");
      test_add_customer (page, "own-1", "Only Here", NULL, "email", OWN_CUSTOMER, NULL);
      test_add_ticket (page, "9001", "A " OWN_WORD " parcel", RAPPORT_TICKET_STATUS_OPEN,
                       RAPPORT_CHANNEL_EMAIL, "own-1", NULL, TEST_ANCHOR, TEST_ANCHOR, 0);
      test_add_message (page, "m-9001", "9001", RAPPORT_CHANNEL_EMAIL, RAPPORT_DIRECTION_INBOUND,
                        RAPPORT_VISIBILITY_PUBLIC, "Only Here", "own-1",
                        "Where is my " OWN_WORD " parcel?", TEST_ANCHOR);
      g_assert_true (rapport_store_apply_page (fixture->store, account_id, page, NULL, &error));
      g_assert_no_error (error);
    }

  ticket_id = query_int (fixture, "SELECT min (id) FROM tickets WHERE account_id = ?1",
                         account_id);
  reply = rapport_outbox_enqueue_message (fixture->store, account_id, ticket_id,
                                          RAPPORT_VISIBILITY_PUBLIC, "On its way.", 60000, NULL,
                                          &error);
  g_assert_no_error (error);
  g_assert_nonnull (reply);
  g_assert_true (rapport_drafts_save (fixture->store, account_id, ticket_id + 1,
                                      RAPPORT_VISIBILITY_INTERNAL, "Half a note", NULL, &error));
  g_assert_no_error (error);

  candidate = rapport_candidate_new (RAPPORT_CANDIDATE_CANNED, "refund-policy", "Refund policy",
                                     own_ticket ? "Refunds take " OWN_WORD " days."
                                                : "Refunds take five days.");
  g_ptr_array_add (candidates, g_steal_pointer (&candidate));
  g_assert_true (rapport_store_replace_account_candidates (fixture->store, account_id,
                                                           candidates, &error));
  g_assert_no_error (error);
}

static void
test_remove_account (Fixture       *fixture,
                     gconstpointer  data)
{
  gint64 removed = fixture->account_id;
  gint64 kept = add_account (fixture, "Kept");
  gint64 kept_counts[G_N_ELEMENTS (account_tables)];
  RapportAccountContents contents;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GError) error = NULL;
  gint64 kept_messages, kept_customers, own_customer;

  fill_account (fixture, removed, TRUE);
  fill_account (fixture, kept, FALSE);
  rapport_store_index_past_answers (fixture->store, &error);
  g_assert_no_error (error);

  /* What a removal would lose: its tickets, the reply not sent yet, the draft. */
  g_assert_true (rapport_store_count_account_contents (fixture->store, removed, &contents, NULL,
                                                       &error));
  g_assert_no_error (error);
  g_assert_cmpuint (contents.n_tickets, ==, count_rows (fixture, "tickets", removed));
  g_assert_cmpuint (contents.n_tickets, >, 1);
  g_assert_cmpuint (contents.n_unsent_messages, ==, 1);
  g_assert_cmpuint (contents.n_unsent_changes, ==, 0);
  g_assert_cmpuint (contents.n_drafts, ==, 1);

  own_customer = query_int (fixture, "SELECT customer_id FROM identities WHERE address = '"
                            OWN_CUSTOMER "'", 0);
  g_assert_cmpint (own_customer, >, 0);
  for (guint i = 0; i < G_N_ELEMENTS (account_tables); i++)
    kept_counts[i] = count_rows (fixture, account_tables[i], kept);
  kept_messages = query_int (fixture, "SELECT count (*) FROM messages m JOIN tickets t "
                             "ON t.id = m.ticket_id WHERE t.account_id = ?1", kept);
  kept_customers = query_int (fixture, "SELECT count (DISTINCT customer_id) FROM customer_links "
                              "WHERE account_id = ?1", kept);
  g_assert_cmpint (count_rows (fixture, "candidates", removed), ==, 1);
  g_assert_cmpint (count_rows (fixture, "past_answers", removed), >, 0);
  hits = search (fixture, OWN_WORD, 10);
  g_assert_cmpuint (hits->len, >, 0);
  g_clear_pointer (&hits, g_ptr_array_unref);

  fixture->n_changed = 0;
  g_assert_true (rapport_store_remove_account (fixture->store, removed, NULL, &error));
  g_assert_no_error (error);

  /* The account and every row of it are gone. */
  accounts = rapport_store_list_accounts (fixture->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (accounts->len, ==, 1);
  g_assert_cmpint (rapport_account_get_id (accounts->pdata[0]), ==, kept);
  for (guint i = 0; i < G_N_ELEMENTS (account_tables); i++)
    {
      g_test_message ("%s", account_tables[i]);
      g_assert_cmpint (count_rows (fixture, account_tables[i], removed), ==, 0);
    }
  g_assert_cmpint (query_int (fixture, "SELECT count (*) FROM messages WHERE ticket_id NOT IN "
                              "(SELECT id FROM tickets)", 0), ==, 0);

  /* Its customer, whom no other account knows, with their identities; its words, in every
   * index. */
  g_assert_cmpint (query_int (fixture, "SELECT count (*) FROM customers WHERE id = ?1",
                              own_customer), ==, 0);
  g_assert_cmpint (query_int (fixture, "SELECT count (*) FROM identities WHERE customer_id = ?1",
                              own_customer), ==, 0);
  g_assert_cmpint (query_int (fixture, "SELECT count (*) FROM messages_fts WHERE messages_fts "
                              "MATCH '" OWN_WORD "'", 0), ==, 0);
  g_assert_cmpint (query_int (fixture, "SELECT count (*) FROM candidates_fts WHERE "
                              "candidates_fts MATCH 'zanzibarian'", 0), ==, 0);
  g_assert_cmpint (query_int (fixture, "SELECT count (*) FROM suggest_terms WHERE term LIKE "
                              "'zanzibar%'", 0), ==, 0);
  hits = search (fixture, OWN_WORD, 10);
  g_assert_cmpuint (hits->len, ==, 0);

  /* The other account is untouched: the customers it shares keep their primary link. */
  for (guint i = 0; i < G_N_ELEMENTS (account_tables); i++)
    g_assert_cmpint (count_rows (fixture, account_tables[i], kept), ==, kept_counts[i]);
  g_assert_cmpint (query_int (fixture, "SELECT count (*) FROM messages m JOIN tickets t "
                              "ON t.id = m.ticket_id WHERE t.account_id = ?1", kept), ==,
                   kept_messages);
  g_assert_cmpint (query_int (fixture, "SELECT count (*) FROM customers", 0), ==, kept_customers);
  g_assert_cmpint (query_int (fixture, "SELECT count (*) FROM (SELECT customer_id FROM "
                              "customer_links GROUP BY customer_id HAVING max (is_primary) = 0)",
                              0), ==, 0);
  g_clear_pointer (&hits, g_ptr_array_unref);
  hits = rapport_store_search (fixture->store, kept, "sourdough", 10, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, >, 0);
  g_assert_true (rapport_store_count_account_contents (fixture->store, kept, &contents, NULL,
                                                       &error));
  g_assert_no_error (error);
  g_assert_cmpuint (contents.n_unsent_messages, ==, 1);
  g_assert_cmpuint (contents.n_drafts, ==, 1);

  /* Once only: the account is no longer there. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (fixture->n_changed, >=, 1);
  g_assert_cmpint (fixture->last_changed_account, ==, removed);
  g_assert_false (rapport_store_remove_account (fixture->store, removed, NULL, &error));
  g_assert_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (rapport_store_count_account_contents (fixture->store, removed, &contents, NULL,
                                                        &error));
  g_assert_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_NOT_FOUND);
}

static void
on_result_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* The asynchronous calls run on the store's worker and report on the caller's context. */
static void
test_remove_account_async (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  RapportAccountContents contents = { 0 };

  apply_story (fixture);

  rapport_store_count_account_contents_async (fixture->store, fixture->account_id, NULL,
                                              on_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (rapport_store_count_account_contents_finish (fixture->store, result, &contents,
                                                              &error));
  g_assert_no_error (error);
  g_assert_cmpuint (contents.n_tickets, ==, count_rows (fixture, "tickets", fixture->account_id));
  g_assert_cmpuint (contents.n_unsent_messages, ==, 0);
  g_clear_object (&result);

  rapport_store_remove_account_async (fixture->store, fixture->account_id, NULL, on_result_cb,
                                      &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (rapport_store_remove_account_finish (fixture->store, result, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (fixture, "SELECT count (*) FROM accounts", 0), ==, 0);
  g_assert_cmpint (query_int (fixture, "SELECT count (*) FROM tickets", 0), ==, 0);
  g_assert_cmpint (query_int (fixture, "SELECT count (*) FROM customers", 0), ==, 0);
  g_assert_cmpint (query_int (fixture, "SELECT count (*) FROM messages_fts WHERE messages_fts "
                              "MATCH 'sourdough'", 0), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/rapport/store/accounts/remove", Fixture, NULL, fixture_set_up,
              test_remove_account, fixture_tear_down);
  g_test_add ("/rapport/store/accounts/remove-async", Fixture, NULL, fixture_set_up,
              test_remove_account_async, fixture_tear_down);

  return g_test_run ();
}
