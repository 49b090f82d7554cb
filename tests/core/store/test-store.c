/* test-store.c
 *
 * Opening, migrations, applying pages (customers linked across backend people, cursors),
 * cancellation and the asynchronous API. (What the store reads back: test-store-reads.c.)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rapport-test-store"

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <sqlite3.h>
#include <string.h>

#include "rapport-store.h"
#include "rapport-test-data.h"
#include "store-test-fixture.h"

static void
drain_main_context (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static gint64
query_int (sqlite3    *db,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return value;
}

/* ---------------------------------------------------------------------------------------------
 * Opening and migrations
 * ------------------------------------------------------------------------------------------- */

static void
test_new_destroy (void)
{
  RapportStore *store = rapport_store_new (":memory:");
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (rapport_store_get_path (store), ==, ":memory:");
  g_assert_cmpuint (rapport_store_get_schema_version (store), ==, 0);
  g_assert_true (rapport_store_open (store, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (rapport_store_get_schema_version (store), ==,
                    rapport_store_get_latest_schema_version ());

  g_assert_finalize_object (store);
}

static void
test_not_open (void)
{
  g_autoptr(RapportStore) store = rapport_store_new (":memory:");
  g_autoptr(GError) error = NULL;
  guint counts[RAPPORT_N_VIEWS];

  g_assert_false (rapport_store_count_views (store, 1, counts, NULL, &error));
  g_assert_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_NOT_OPEN);
}

static void
test_migrations (void)
{
  g_autofree char *dir = test_make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "nested", "deeper", "rapport.db", NULL);
  g_autoptr(RapportStore) store = rapport_store_new (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *parent = g_path_get_dirname (path);
  GStatBuf st;
  sqlite3 *db;
  guint latest = rapport_store_get_latest_schema_version ();

  g_assert_cmpuint (latest, >=, 1);
  g_assert_true (rapport_store_open (store, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (rapport_store_get_schema_version (store), ==, latest);

  /* The parent folders were made, private. */
  g_assert_cmpint (g_stat (parent, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);

  db = open_raw (path);
  g_assert_cmpint (query_int (db, "PRAGMA user_version"), ==, latest);
  g_assert_cmpint (query_int (db, "SELECT COUNT (*) FROM sqlite_schema WHERE name IN "
                                  "('accounts', 'customers', 'customer_links', 'identities', "
                                  "'tickets', 'messages', 'messages_fts', 'sync_state')"), ==, 8);
  g_assert_cmpint (query_int (db, "SELECT COUNT (*) FROM sqlite_schema WHERE name IN "
                                  "('outbox', 'drafts')"), ==, 2);
  sqlite3_close (db);

  /* Opening again is a no-op. */
  g_assert_true (rapport_store_open (store, NULL, &error));
  g_assert_no_error (error);

  rapport_store_close (store);
  test_remove_tree (dir);
}

static void
test_reopen (void)
{
  g_autofree char *dir = test_make_tmp_dir ();
  g_autofree char *path = NULL;
  g_autoptr(RapportStore) store = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;
  gint64 account_id;
  sqlite3 *db;

  store = test_open_store (dir, &account_id);
  {
    g_autoptr(RapportSyncPage) page = test_story_page ();

    g_assert_true (rapport_store_apply_page (store, account_id, page, NULL, &error));
    g_assert_no_error (error);
  }
  path = g_strdup (rapport_store_get_path (store));
  rapport_store_close (store);
  g_assert_cmpuint (rapport_store_get_schema_version (store), ==, 0);
  g_clear_object (&store);

  db = open_raw (path);
  g_assert_cmpint (query_int (db, "SELECT journal_mode = 'wal' FROM pragma_journal_mode"), ==, 1);
  sqlite3_close (db);

  store = rapport_store_new (path);
  g_assert_true (rapport_store_open (store, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (rapport_store_get_schema_version (store),
                    ==, rapport_store_get_latest_schema_version ());

  accounts = rapport_store_list_accounts (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (accounts->len, ==, 1);
  g_assert_cmpstr (rapport_account_get_user_remote_id (accounts->pdata[0]), ==, TEST_AGENT);
  g_assert_cmpstr (rapport_account_get_provider_kind (accounts->pdata[0]), ==, "demo");
  g_assert_cmpstr (rapport_account_get_role (accounts->pdata[0]), ==, "agent");

  cursor = rapport_store_get_cursor (store, account_id, "tickets", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cursor, ==, "cursor-1");

  rapport_store_close (store);
  db = open_raw (path);
  g_assert_cmpint (query_int (db, "PRAGMA user_version"), ==,
                   rapport_store_get_latest_schema_version ());
  g_assert_cmpint (query_int (db, "SELECT COUNT (*) FROM tickets"), ==, 9);
  sqlite3_close (db);

  test_remove_tree (dir);
}

static void
test_too_new (void)
{
  g_autofree char *dir = test_make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "future.db", NULL);
  g_autofree char *pragma = NULL;
  g_autofree char *expected_version = NULL;
  g_autoptr(RapportStore) store = NULL;
  g_autoptr(GError) error = NULL;
  guint latest = rapport_store_get_latest_schema_version ();
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  pragma = g_strdup_printf ("PRAGMA user_version = %u", latest + 1);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE from_the_future (x)", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, pragma, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = rapport_store_new (path);
  g_assert_false (rapport_store_open (store, NULL, &error));
  g_assert_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_TOO_NEW);
  expected_version = g_strdup_printf ("%u", latest + 1);
  g_assert_nonnull (strstr (error->message, expected_version));
  g_assert_cmpuint (rapport_store_get_schema_version (store), ==, 0);

  /* Refused without touching it. */
  db = open_raw (path);
  g_assert_cmpint (query_int (db, "PRAGMA user_version"), ==, latest + 1);
  g_assert_cmpint (query_int (db, "SELECT COUNT (*) FROM sqlite_schema "
                                  "WHERE name = 'tickets'"), ==, 0);
  sqlite3_close (db);

  test_remove_tree (dir);
}

static void
test_corrupt (void)
{
  g_autofree char *dir = test_make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "garbage.db", NULL);
  g_autoptr(GString) garbage = g_string_new (NULL);
  g_autoptr(RapportStore) store = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 1000; i++)
    g_string_append (garbage, "This is not a database. ");
  g_assert_true (g_file_set_contents (path, garbage->str, garbage->len, &error));
  g_assert_no_error (error);

  store = rapport_store_new (path);
  g_assert_false (rapport_store_open (store, NULL, &error));
  g_assert_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_CORRUPT);

  test_remove_tree (dir);
}

/* ---------------------------------------------------------------------------------------------
 * Applying pages
 * ------------------------------------------------------------------------------------------- */

typedef struct
{
  gint64 customers;
  gint64 links;
  gint64 identities;
  gint64 tickets;
  gint64 messages;
  gint64 fts_instances;
  gint64 fts_docs;
} Counts;

static void
count_rows (const char *path,
            Counts     *counts)
{
  sqlite3 *db = open_raw (path);

  counts->customers = query_int (db, "SELECT COUNT (*) FROM customers");
  counts->links = query_int (db, "SELECT COUNT (*) FROM customer_links");
  counts->identities = query_int (db, "SELECT COUNT (*) FROM identities");
  counts->tickets = query_int (db, "SELECT COUNT (*) FROM tickets");
  counts->messages = query_int (db, "SELECT COUNT (*) FROM messages");
  g_assert_cmpint (sqlite3_exec (db, "CREATE VIRTUAL TABLE temp.vocab USING "
                                     "fts5vocab (main, 'messages_fts', 'instance')",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  counts->fts_instances = query_int (db, "SELECT COUNT (*) FROM temp.vocab");
  counts->fts_docs = query_int (db, "SELECT COUNT (DISTINCT doc) FROM temp.vocab");
  /* The index is consistent (structure and against its content). */
  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO messages_fts (messages_fts, rank) "
                                     "VALUES ('integrity-check', 1)", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  sqlite3_close (db);
}

static void
test_apply_page_twice (Fixture       *fixture,
                       gconstpointer  data)
{
  Counts first, second;
  guint counts[RAPPORT_N_VIEWS];
  g_autoptr(GError) error = NULL;

  apply_story (fixture);
  drain_main_context ();
  g_assert_cmpuint (fixture->n_changed, >=, 1);
  g_assert_cmpint (fixture->last_changed_account, ==, fixture->account_id);

  count_rows (fixture->path, &first);
  g_assert_cmpint (first.customers, ==, 3);   /* Chloé, Liam, Nora */
  g_assert_cmpint (first.links, ==, 5);       /* one per backend person */
  g_assert_cmpint (first.tickets, ==, 9);
  g_assert_cmpint (first.messages, ==, 19);
  g_assert_cmpint (first.fts_docs, ==, 9 + 19);

  fixture->n_changed = 0;
  apply_story (fixture);
  drain_main_context ();
  count_rows (fixture->path, &second);

  g_assert_cmpint (second.customers, ==, first.customers);
  g_assert_cmpint (second.links, ==, first.links);
  g_assert_cmpint (second.identities, ==, first.identities);
  g_assert_cmpint (second.tickets, ==, first.tickets);
  g_assert_cmpint (second.messages, ==, first.messages);
  g_assert_cmpint (second.fts_instances, ==, first.fts_instances);
  g_assert_cmpint (second.fts_docs, ==, first.fts_docs);
  /* Nothing changed, so nobody is told about a change. */
  g_assert_cmpuint (fixture->n_changed, ==, 0);

  g_assert_true (rapport_store_count_views (fixture->store, fixture->account_id, counts, NULL,
                                            &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts[RAPPORT_VIEW_ALL_OPEN], ==, 5);
}

static void
test_apply_page_update (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(RapportSyncPage) page = rapport_sync_page_new ();
  g_autoptr(RapportTicket) ticket = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;
  RapportTicket *changed;
  Counts counts;

  apply_story (fixture);

  /* The backend renames ticket 3002, solves it, edits a message and adds one. */
  changed = test_add_ticket (page, "3002", "Parcel sent to an outdated address",
                             RAPPORT_TICKET_STATUS_SOLVED, RAPPORT_CHANNEL_EMAIL, "nora",
                             TEST_AGENT, TEST_ANCHOR - 5 * TEST_DAY, TEST_ANCHOR - TEST_HOUR,
                             TEST_ANCHOR - TEST_HOUR);
  rapport_ticket_set_queue (changed, "Logistics");
  test_add_message (page, "m3002-1", "3002", RAPPORT_CHANNEL_EMAIL, RAPPORT_DIRECTION_INBOUND,
                    RAPPORT_VISIBILITY_PUBLIC, "Nora Jensen", "nora",
                    "My parcel went to my previous address; please redirect it.",
                    TEST_ANCHOR - 5 * TEST_DAY);
  test_add_message (page, "m3002-2", "3002", RAPPORT_CHANNEL_EMAIL, RAPPORT_DIRECTION_OUTBOUND,
                    RAPPORT_VISIBILITY_PUBLIC, "Sam Rivera", TEST_AGENT,
                    "Redirected: it arrives on Friday.", TEST_ANCHOR - TEST_HOUR);
  apply_page (fixture, page);
  apply_page (fixture, page);

  ticket = load_ticket (fixture, "3002");
  g_assert_cmpstr (rapport_ticket_get_subject (ticket), ==, "Parcel sent to an outdated address");
  g_assert_cmpint (rapport_ticket_get_status (ticket), ==, RAPPORT_TICKET_STATUS_SOLVED);
  g_assert_cmpstr (rapport_ticket_get_queue (ticket), ==, "Logistics");
  g_assert_cmpuint (rapport_ticket_get_message_count (ticket), ==, 2);
  g_assert_cmpstr (rapport_ticket_get_last_message_preview (ticket), ==,
                   "Redirected: it arrives on Friday.");
  g_assert_true (rapport_ticket_get_loaded (ticket));

  messages = rapport_store_list_messages (fixture->store, rapport_ticket_get_id (ticket), NULL,
                                          &error);
  g_assert_no_error (error);
  g_assert_cmpuint (messages->len, ==, 2);
  g_assert_cmpstr (rapport_message_get_body (messages->pdata[0]), ==,
                   "My parcel went to my previous address; please redirect it.");

  /* The search index follows: old words are gone, new ones are found. */
  hits = search (fixture, "Storgata", 10);
  g_assert_cmpuint (hits->len, ==, 0);
  g_clear_pointer (&hits, g_ptr_array_unref);
  hits = search (fixture, "outdated", 10);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpint (rapport_search_hit_get_message_id (hits->pdata[0]), ==, 0);
  g_clear_pointer (&hits, g_ptr_array_unref);
  hits = search (fixture, "wrong delivery", 10);
  g_assert_cmpuint (hits->len, ==, 0);

  count_rows (fixture->path, &counts);
  g_assert_cmpint (counts.messages, ==, 20);
  g_assert_cmpint (counts.fts_docs, ==, 9 + 20);
}

static void
test_apply_page_delete (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(RapportSyncPage) page = rapport_sync_page_new ();
  g_autoptr(GPtrArray) hits = NULL;
  Counts counts;

  apply_story (fixture);

  g_ptr_array_add (page->deleted_ticket_ids, g_strdup ("1004"));
  g_ptr_array_add (page->deleted_ticket_ids, g_strdup ("no-such-ticket"));
  apply_page (fixture, page);

  count_rows (fixture->path, &counts);
  g_assert_cmpint (counts.tickets, ==, 8);
  g_assert_cmpint (counts.messages, ==, 16);
  g_assert_cmpint (counts.fts_docs, ==, 8 + 16);

  hits = search (fixture, "sourdough", 10);
  g_assert_cmpuint (hits->len, ==, 0);
}

static void
test_apply_page_refused (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(RapportSyncPage) page = rapport_sync_page_new ();
  g_autoptr(GPtrArray) set_aside = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;
  RapportSetAside *record;
  Counts counts;

  page->resource = g_strdup ("tickets");
  page->next_cursor = g_strdup ("stored");
  test_add_customer (page, "someone", "Some One", NULL, "email", "some@one.example", NULL);
  test_add_ticket (page, "77", "A ticket", RAPPORT_TICKET_STATUS_OPEN, RAPPORT_CHANNEL_EMAIL,
                   "someone", NULL, TEST_ANCHOR, TEST_ANCHOR, 0);
  test_add_message (page, "m-dangling", "no-such-ticket", RAPPORT_CHANNEL_EMAIL,
                    RAPPORT_DIRECTION_INBOUND, RAPPORT_VISIBILITY_PUBLIC, "Some One", "someone",
                    "Hello", TEST_ANCHOR);

  /* The refused message is set aside; the customer, the ticket and the cursor are stored. */
  g_assert_true (rapport_store_apply_page (fixture->store, fixture->account_id, page, NULL,
                                           &error));
  g_assert_no_error (error);

  count_rows (fixture->path, &counts);
  g_assert_cmpint (counts.customers, ==, 1);
  g_assert_cmpint (counts.tickets, ==, 1);
  g_assert_cmpint (counts.messages, ==, 0);
  g_assert_cmpint (counts.fts_docs, ==, 1);
  cursor = rapport_store_get_cursor (fixture->store, fixture->account_id, "tickets", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cursor, ==, "stored");

  set_aside = rapport_store_list_set_aside (fixture->store, fixture->account_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (set_aside->len, ==, 1);
  record = set_aside->pdata[0];
  g_assert_cmpint (record->kind, ==, RAPPORT_RECORD_MESSAGE);
  g_assert_cmpstr (record->remote_id, ==, "m-dangling");
  g_assert_cmpstr (record->parent_remote_id, ==, "no-such-ticket");
  g_assert_nonnull (strstr (record->reason, "not in the store"));
  g_assert_cmpuint (record->attempts, ==, 1);

  /* A page for an account that does not exist violates a constraint. */
  g_ptr_array_set_size (page->messages, 0);
  g_assert_false (rapport_store_apply_page (fixture->store, fixture->account_id + 100, page,
                                            NULL, &error));
  g_assert_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_CONSTRAINT);
}

static GPtrArray *
list_set_aside (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *records = rapport_store_list_set_aside (fixture->store, fixture->account_id, NULL,
                                                     &error);

  g_assert_no_error (error);
  return records;
}

/* Kept with the page, counted again when set aside again, forgotten when a page reads the
 * record, retries it, or deletes its ticket; a refused ticket waits with its messages. */
static void
test_set_aside (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) records = NULL;
  Counts counts;

  {
    g_autoptr(RapportSyncPage) page = rapport_sync_page_new ();

    page->resource = g_strdup ("tickets");
    page->next_cursor = g_strdup ("1");
    test_add_ticket (page, "10", "Good", RAPPORT_TICKET_STATUS_OPEN, RAPPORT_CHANNEL_EMAIL,
                     NULL, NULL, TEST_ANCHOR, TEST_ANCHOR, 0);
    /* No remote id: refused by the store, with its message. */
    test_add_ticket (page, "", "Nameless", RAPPORT_TICKET_STATUS_OPEN, RAPPORT_CHANNEL_EMAIL,
                     NULL, NULL, TEST_ANCHOR, TEST_ANCHOR, 0);
    test_add_message (page, "m-nameless", "", RAPPORT_CHANNEL_EMAIL, RAPPORT_DIRECTION_INBOUND,
                      RAPPORT_VISIBILITY_PUBLIC, "A", NULL, "Hi", TEST_ANCHOR);
    /* A message of ticket 10 without an id: refused, and not counted on its ticket. */
    test_add_message (page, "", "10", RAPPORT_CHANNEL_EMAIL, RAPPORT_DIRECTION_INBOUND,
                      RAPPORT_VISIBILITY_PUBLIC, "A", NULL, "Lost", TEST_ANCHOR);
    g_ptr_array_add (page->set_aside,
                     rapport_set_aside_new (RAPPORT_RECORD_TICKET, "11", NULL,
                                            "“Subject” is missing"));
    g_ptr_array_add (page->set_aside,
                     rapport_set_aside_new (RAPPORT_RECORD_MESSAGE, "501", "10",
                                            "“Created” is a number, expected a date"));
    g_ptr_array_add (page->set_aside,
                     rapport_set_aside_new (RAPPORT_RECORD_CUSTOMER, "eve", NULL,
                                            "bad\xff bytes"));
    apply_page (fixture, page);
  }

  count_rows (fixture->path, &counts);
  g_assert_cmpint (counts.tickets, ==, 1);
  g_assert_cmpint (counts.messages, ==, 0);
  {
    sqlite3 *db = open_raw (fixture->path);

    g_assert_cmpint (query_int (db, "SELECT message_count FROM tickets WHERE remote_id = '10'"),
                     ==, 0);
    sqlite3_close (db);
  }
  records = list_set_aside (fixture);
  g_assert_cmpuint (records->len, ==, 5);
  for (guint i = 0; i < records->len; i++)
    {
      RapportSetAside *record = records->pdata[i];

      g_assert_true (g_utf8_validate (record->reason, -1, NULL));
      g_assert_cmpuint (record->attempts, ==, 1);
      g_assert_cmpint (record->first_seen_at, >, 0);
    }
  g_clear_pointer (&records, g_ptr_array_unref);

  /* A retry that reads ticket 11, still not message 501, and customer eve again. */
  {
    g_autoptr(RapportSyncPage) page = rapport_sync_page_new ();

    page->resource = g_strdup ("tickets");
    test_add_ticket (page, "11", "Now with a subject", RAPPORT_TICKET_STATUS_OPEN,
                     RAPPORT_CHANNEL_EMAIL, NULL, NULL, TEST_ANCHOR, TEST_ANCHOR, 0);
    g_ptr_array_add (page->retried,
                     rapport_set_aside_new (RAPPORT_RECORD_TICKET, "11", NULL, "x"));
    g_ptr_array_add (page->retried,
                     rapport_set_aside_new (RAPPORT_RECORD_MESSAGE, "501", "10", "x"));
    g_ptr_array_add (page->retried,
                     rapport_set_aside_new (RAPPORT_RECORD_CUSTOMER, "eve", NULL, "x"));
    g_ptr_array_add (page->set_aside,
                     rapport_set_aside_new (RAPPORT_RECORD_MESSAGE, "501", "10",
                                            "“Created” is still a number"));
    g_ptr_array_add (page->set_aside,
                     rapport_set_aside_new (RAPPORT_RECORD_CUSTOMER, "eve", NULL,
                                            "still bad"));
    apply_page (fixture, page);
  }

  records = list_set_aside (fixture);
  g_assert_cmpuint (records->len, ==, 4);
  for (guint i = 0; i < records->len; i++)
    {
      RapportSetAside *record = records->pdata[i];

      g_assert_true (record->kind != RAPPORT_RECORD_TICKET || record->remote_id[0] == '\0');
      if (record->kind == RAPPORT_RECORD_MESSAGE && record->remote_id[0] != '\0')
        {
          g_assert_cmpstr (record->remote_id, ==, "501");
          g_assert_cmpstr (record->reason, ==, "“Created” is still a number");
        }
    }
  g_clear_pointer (&records, g_ptr_array_unref);

  /* Set aside again by a normal page: counted. Then eve reads, and ticket 10 is deleted. */
  {
    g_autoptr(RapportSyncPage) page = rapport_sync_page_new ();

    page->resource = g_strdup ("tickets");
    g_ptr_array_add (page->set_aside,
                     rapport_set_aside_new (RAPPORT_RECORD_MESSAGE, "501", "10", "again"));
    apply_page (fixture, page);
  }
  records = list_set_aside (fixture);
  for (guint i = 0; i < records->len; i++)
    {
      RapportSetAside *record = records->pdata[i];

      if (record->kind == RAPPORT_RECORD_MESSAGE)
        g_assert_cmpuint (record->attempts, ==, record->remote_id[0] != '\0' ? 3 : 1);
    }
  g_clear_pointer (&records, g_ptr_array_unref);

  {
    g_autoptr(RapportSyncPage) page = rapport_sync_page_new ();

    page->resource = g_strdup ("tickets");
    test_add_customer (page, "eve", "Eve", NULL, "email", "eve@example.com", NULL);
    g_ptr_array_add (page->deleted_ticket_ids, g_strdup ("10"));
    apply_page (fixture, page);
  }
  records = list_set_aside (fixture);
  g_assert_cmpuint (records->len, ==, 1);
  g_assert_cmpint (((RapportSetAside *) records->pdata[0])->kind, ==, RAPPORT_RECORD_TICKET);
  g_assert_cmpstr (((RapportSetAside *) records->pdata[0])->remote_id, ==, "");
}

static void
test_cursor (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(RapportSyncPage) page = rapport_sync_page_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;

  cursor = rapport_store_get_cursor (fixture->store, fixture->account_id, "tickets", NULL, &error);
  g_assert_no_error (error);
  g_assert_null (cursor);

  page->resource = g_strdup ("tickets");
  page->next_cursor = g_strdup ("42");
  apply_page (fixture, page);
  cursor = rapport_store_get_cursor (fixture->store, fixture->account_id, "tickets", NULL, &error);
  g_assert_cmpstr (cursor, ==, "42");
  g_clear_pointer (&cursor, g_free);

  /* NULL keeps the stored cursor. */
  g_clear_pointer (&page->next_cursor, g_free);
  apply_page (fixture, page);
  cursor = rapport_store_get_cursor (fixture->store, fixture->account_id, "tickets", NULL, &error);
  g_assert_cmpstr (cursor, ==, "42");
  g_clear_pointer (&cursor, g_free);

  cursor = rapport_store_get_cursor (fixture->store, fixture->account_id, "users", NULL, &error);
  g_assert_no_error (error);
  g_assert_null (cursor);
}

/* ---------------------------------------------------------------------------------------------
 * Customers
 * ------------------------------------------------------------------------------------------- */

static void
test_identity_linking_email (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(RapportTicket) by_email = NULL;
  g_autoptr(RapportTicket) by_chat = NULL;
  g_autoptr(RapportCustomer) chloe = NULL;
  GListModel *identities;
  const char *expected[][2] = {
    { "email", "chloe.silva@northwind-bakery.example" },
    { "phone", "+33 6 12 34 56 78" },
    { "chat", "chloe.silva" },
    { "social", "@ChloeBakes" },
  };

  apply_story (fixture);

  /* 1005 was opened by her email person, 1004 by her chat person: one customer. */
  by_email = load_ticket (fixture, "1005");
  by_chat = load_ticket (fixture, "1004");
  g_assert_cmpint (rapport_ticket_get_customer_id (by_email), >, 0);
  g_assert_cmpint (rapport_ticket_get_customer_id (by_email), ==,
                   rapport_ticket_get_customer_id (by_chat));
  g_assert_cmpstr (rapport_ticket_get_customer_name (by_chat), ==, "Chloé Silva");

  chloe = load_customer (fixture, rapport_ticket_get_customer_id (by_email));
  g_assert_cmpstr (rapport_customer_get_display_name (chloe), ==, "Chloé Silva");
  g_assert_cmpstr (rapport_customer_get_organization (chloe), ==, "Northwind Bakery");
  g_assert_cmpstr (rapport_customer_get_remote_id (chloe), ==,
                   "chloe.silva@northwind-bakery.example");

  /* The union of both people's identities; the second spelling of the email is the same
   * identity, not another one. Ordered email, phone, chat, social. */
  identities = rapport_customer_get_identities (chloe);
  g_assert_cmpuint (g_list_model_get_n_items (identities), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(RapportIdentity) identity = g_list_model_get_item (identities, i);

      g_assert_cmpstr (rapport_channel_to_string (rapport_identity_get_channel (identity)), ==,
                       expected[i][0]);
      g_assert_cmpstr (rapport_identity_get_address (identity), ==, expected[i][1]);
      g_assert_cmpint (rapport_identity_get_customer_id (identity), ==,
                       rapport_customer_get_id (chloe));
      g_assert_cmpint (rapport_identity_get_id (identity), >, 0);
    }
}

static void
test_identity_linking_phone (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(RapportTicket) by_email = NULL;
  g_autoptr(RapportTicket) by_phone = NULL;
  g_autoptr(RapportTicket) nora_ticket = NULL;
  g_autoptr(RapportCustomer) liam = NULL;
  g_autoptr(RapportCustomer) nora = NULL;

  apply_story (fixture);

  /* "+34 612 345 678" and "0034 612-345-678" are one E.164 number. */
  by_email = load_ticket (fixture, "2002");
  by_phone = load_ticket (fixture, "2001");
  g_assert_cmpint (rapport_ticket_get_customer_id (by_email), ==,
                   rapport_ticket_get_customer_id (by_phone));

  liam = load_customer (fixture, rapport_ticket_get_customer_id (by_phone));
  g_assert_cmpstr (rapport_customer_get_display_name (liam), ==, "Liam López");
  g_assert_cmpuint (g_list_model_get_n_items (rapport_customer_get_identities (liam)), ==, 2);
  g_assert_cmpuint (rapport_customer_get_ticket_count (liam), ==, 2);
  g_assert_cmpuint (rapport_customer_get_open_ticket_count (liam), ==, 1);

  /* A national number links nothing but is kept. */
  nora_ticket = load_ticket (fixture, "3001");
  nora = load_customer (fixture, rapport_ticket_get_customer_id (nora_ticket));
  g_assert_cmpint (rapport_customer_get_id (nora), !=, rapport_customer_get_id (liam));
  g_assert_cmpuint (g_list_model_get_n_items (rapport_customer_get_identities (nora)), ==, 2);
}

static void
test_requester_described_later (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(RapportSyncPage) first = rapport_sync_page_new ();
  g_autoptr(RapportSyncPage) second = rapport_sync_page_new ();
  g_autoptr(RapportTicket) ticket = NULL;
  g_autoptr(RapportTicket) reloaded = NULL;
  Counts counts;

  test_add_ticket (first, "500", "Who am I?", RAPPORT_TICKET_STATUS_OPEN, RAPPORT_CHANNEL_WEB,
                   "late.person", NULL, TEST_ANCHOR, TEST_ANCHOR, 0);
  apply_page (fixture, first);
  ticket = load_ticket (fixture, "500");
  g_assert_cmpint (rapport_ticket_get_customer_id (ticket), >, 0);
  g_assert_cmpstr (rapport_ticket_get_customer_name (ticket), ==, "late.person");

  test_add_customer (second, "late.person", "Late Person", "Later Ltd",
                     "email", "late@later.example", NULL);
  apply_page (fixture, second);
  reloaded = load_ticket (fixture, "500");
  g_assert_cmpint (rapport_ticket_get_customer_id (reloaded), ==,
                   rapport_ticket_get_customer_id (ticket));
  g_assert_cmpstr (rapport_ticket_get_customer_name (reloaded), ==, "Late Person");

  count_rows (fixture->path, &counts);
  g_assert_cmpint (counts.customers, ==, 1);
}

/* ---------------------------------------------------------------------------------------------
 * Cancellation and the asynchronous API
 * ------------------------------------------------------------------------------------------- */

typedef struct
{
  gboolean  done;
  GError   *error;
  gpointer  result;
  gboolean  ok;
  guint     counts[RAPPORT_N_VIEWS];
} AsyncResult;

static void
on_history_done_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  AsyncResult *async = user_data;

  async->result = rapport_store_customer_history_finish (RAPPORT_STORE (object), result,
                                                         &async->error);
  async->done = TRUE;
}

static gboolean
cancel_cb (gpointer data)
{
  g_cancellable_cancel (data);

  return G_SOURCE_REMOVE;
}

static void
test_cancel_long_query (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(RapportSyncPage) page = rapport_sync_page_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(RapportTicket) ticket = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  AsyncResult async = { 0 };
  const guint n_messages = 40000;

  /* One customer with a very long history. */
  test_add_customer (page, "talkative", "Talkative Customer", NULL,
                     "email", "talk@ative.example", NULL);
  test_add_ticket (page, "t-1", "Endless thread", RAPPORT_TICKET_STATUS_OPEN,
                   RAPPORT_CHANNEL_CHAT, "talkative", NULL, TEST_ANCHOR - n_messages,
                   TEST_ANCHOR, 0);
  for (guint i = 0; i < n_messages; i++)
    {
      g_autofree char *remote_id = g_strdup_printf ("talk-%u", i);
      g_autofree char *body = g_strdup_printf ("> earlier text\nMessage number %u in a very long "
                                               "conversation about everything.", i);

      test_add_message (page, remote_id, "t-1", RAPPORT_CHANNEL_CHAT, RAPPORT_DIRECTION_INBOUND,
                        RAPPORT_VISIBILITY_PUBLIC, "Talkative Customer", "talkative", body,
                        TEST_ANCHOR - n_messages + i);
    }
  apply_page (fixture, page);
  ticket = load_ticket (fixture, "t-1");

  /* Cancelled while it runs on the worker. */
  rapport_store_customer_history_async (fixture->store, rapport_ticket_get_customer_id (ticket),
                                        cancellable, on_history_done_cb, &async);
  g_timeout_add (1, cancel_cb, cancellable);
  test_wait_for (&async.done);
  g_assert_error (async.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (async.result);
  g_clear_error (&async.error);

  /* An already cancelled call fails at once, without running. */
  entries = rapport_store_customer_history (fixture->store,
                                            rapport_ticket_get_customer_id (ticket),
                                            cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (entries);
  g_clear_error (&error);

  /* The store is still usable afterwards, and the history is complete. */
  entries = rapport_store_customer_history (fixture->store,
                                            rapport_ticket_get_customer_id (ticket),
                                            NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, n_messages);
  g_assert_cmpstr (rapport_history_entry_get_summary (entries->pdata[0]), ==,
                   "Message number 39999 in a very long conversation about everything.");
}

static void
on_bool_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  AsyncResult *async = user_data;
  GTask *task = G_TASK (result);

  if (g_task_get_source_tag (task) == rapport_store_open_async)
    async->ok = rapport_store_open_finish (RAPPORT_STORE (object), result, &async->error);
  else if (g_task_get_source_tag (task) == rapport_store_add_account_async)
    async->ok = rapport_store_add_account_finish (RAPPORT_STORE (object), result, &async->error);
  else if (g_task_get_source_tag (task) == rapport_store_apply_page_async)
    async->ok = rapport_store_apply_page_finish (RAPPORT_STORE (object), result, &async->error);
  else if (g_task_get_source_tag (task) == rapport_store_count_views_async)
    async->ok = rapport_store_count_views_finish (RAPPORT_STORE (object), result, async->counts,
                                                  &async->error);
  else
    g_assert_not_reached ();

  async->done = TRUE;
}

static void
on_pointer_done_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  AsyncResult *async = user_data;
  RapportStore *store = RAPPORT_STORE (object);
  gpointer tag = g_task_get_source_tag (G_TASK (result));

  if (tag == rapport_store_list_accounts_async)
    async->result = rapport_store_list_accounts_finish (store, result, &async->error);
  else if (tag == rapport_store_get_cursor_async)
    async->result = rapport_store_get_cursor_finish (store, result, &async->error);
  else if (tag == rapport_store_list_ticket_ids_async)
    async->result = rapport_store_list_ticket_ids_finish (store, result, &async->error);
  else if (tag == rapport_store_load_tickets_async)
    async->result = rapport_store_load_tickets_finish (store, result, &async->error);
  else if (tag == rapport_store_list_messages_async)
    async->result = rapport_store_list_messages_finish (store, result, &async->error);
  else if (tag == rapport_store_load_customer_async)
    async->result = rapport_store_load_customer_finish (store, result, &async->error);
  else if (tag == rapport_store_customer_history_async)
    async->result = rapport_store_customer_history_finish (store, result, &async->error);
  else if (tag == rapport_store_search_async)
    async->result = rapport_store_search_finish (store, result, &async->error);
  else
    g_assert_not_reached ();

  async->done = TRUE;
}

static void
reset (AsyncResult *async)
{
  g_assert_no_error (async->error);
  async->done = FALSE;
  async->ok = FALSE;
  async->result = NULL;
}

static void
test_async (void)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autofree char *dir = test_make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "async", "rapport.db", NULL);
  g_autoptr(RapportStore) store = NULL;
  g_autoptr(RapportAccount) account = rapport_account_new ("demo", NULL, "Demo");
  g_autoptr(RapportSyncPage) page = test_story_page ();
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) tickets = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(RapportCustomer) customer = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autofree char *cursor = NULL;
  AsyncResult async = { 0 };
  Fixture changes = { 0 };
  gint64 account_id;

  /* The store lives on a private main context: "changed" and callbacks come there. */
  g_main_context_push_thread_default (context);
  store = rapport_store_new (path);
  g_signal_connect (store, "changed", G_CALLBACK (on_changed_cb), &changes);

  rapport_store_open_async (store, NULL, on_bool_done_cb, &async);
  test_wait_for (&async.done);
  g_assert_true (async.ok);
  reset (&async);

  rapport_account_set_user_remote_id (account, TEST_AGENT);
  rapport_store_add_account_async (store, account, NULL, on_bool_done_cb, &async);
  test_wait_for (&async.done);
  g_assert_true (async.ok);
  reset (&async);
  account_id = rapport_account_get_id (account);
  g_assert_cmpint (account_id, >, 0);

  rapport_store_list_accounts_async (store, NULL, on_pointer_done_cb, &async);
  test_wait_for (&async.done);
  accounts = async.result;
  g_assert_cmpuint (accounts->len, ==, 1);
  reset (&async);

  while (g_main_context_iteration (context, FALSE))
    ;
  changes.n_changed = 0;
  rapport_store_apply_page_async (store, account_id, page, NULL, on_bool_done_cb, &async);
  test_wait_for (&async.done);
  g_assert_true (async.ok);
  reset (&async);
  while (changes.n_changed == 0)
    g_main_context_iteration (context, TRUE);
  g_assert_cmpint (changes.last_changed_account, ==, account_id);

  rapport_store_get_cursor_async (store, account_id, "tickets", NULL, on_pointer_done_cb, &async);
  test_wait_for (&async.done);
  cursor = async.result;
  g_assert_cmpstr (cursor, ==, "cursor-1");
  reset (&async);

  rapport_store_count_views_async (store, account_id, NULL, on_bool_done_cb, &async);
  test_wait_for (&async.done);
  g_assert_true (async.ok);
  g_assert_cmpuint (async.counts[RAPPORT_VIEW_MY_OPEN], ==, 3);
  g_assert_cmpuint (async.counts[RAPPORT_VIEW_RECENTLY_SOLVED], ==, 2);
  reset (&async);

  rapport_store_list_ticket_ids_async (store, account_id, RAPPORT_VIEW_MY_OPEN, NULL,
                                       on_pointer_done_cb, &async);
  test_wait_for (&async.done);
  ids = async.result;
  g_assert_cmpuint (ids->len, ==, 3);
  reset (&async);

  rapport_store_load_tickets_async (store, (const gint64 *) (gpointer) ids->data, ids->len, NULL,
                                    on_pointer_done_cb, &async);
  test_wait_for (&async.done);
  tickets = async.result;
  g_assert_cmpuint (tickets->len, ==, 3);
  g_assert_cmpstr (rapport_ticket_get_remote_id (tickets->pdata[0]), ==, "1005");
  reset (&async);

  rapport_store_list_messages_async (store, rapport_ticket_get_id (tickets->pdata[0]), NULL,
                                     on_pointer_done_cb, &async);
  test_wait_for (&async.done);
  messages = async.result;
  g_assert_cmpuint (messages->len, ==, 1);
  reset (&async);

  rapport_store_load_customer_async (store, rapport_ticket_get_customer_id (tickets->pdata[0]),
                                     NULL, on_pointer_done_cb, &async);
  test_wait_for (&async.done);
  customer = async.result;
  g_assert_cmpstr (rapport_customer_get_display_name (customer), ==, "Chloé Silva");
  reset (&async);

  rapport_store_customer_history_async (store, rapport_customer_get_id (customer), NULL,
                                        on_pointer_done_cb, &async);
  test_wait_for (&async.done);
  history = async.result;
  g_assert_cmpuint (history->len, ==, 13);
  reset (&async);

  rapport_store_search_async (store, account_id, "sourdough starter", 20, NULL,
                              on_pointer_done_cb, &async);
  test_wait_for (&async.done);
  hits = async.result;
  g_assert_cmpuint (hits->len, ==, 1);
  reset (&async);

  g_signal_handlers_disconnect_by_func (store, on_changed_cb, &changes);
  rapport_store_close (store);
  g_assert_finalize_object (g_steal_pointer (&store));
  while (g_main_context_iteration (context, FALSE))
    ;
  g_main_context_pop_thread_default (context);

  test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/rapport/store/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/rapport/store/new-destroy", test_new_destroy);
  g_test_add_func ("/rapport/store/not-open", test_not_open);
  g_test_add_func ("/rapport/store/migrations", test_migrations);
  g_test_add_func ("/rapport/store/reopen", test_reopen);
  g_test_add_func ("/rapport/store/too-new", test_too_new);
  g_test_add_func ("/rapport/store/corrupt", test_corrupt);
  ADD ("apply-page-twice", test_apply_page_twice);
  ADD ("apply-page-update", test_apply_page_update);
  ADD ("apply-page-delete", test_apply_page_delete);
  ADD ("apply-page-refused", test_apply_page_refused);
  ADD ("set-aside", test_set_aside);
  ADD ("cursor", test_cursor);
  ADD ("identity-linking-email", test_identity_linking_email);
  ADD ("identity-linking-phone", test_identity_linking_phone);
  ADD ("requester-described-later", test_requester_described_later);
  ADD ("cancel-long-query", test_cancel_long_query);
  g_test_add_func ("/rapport/store/async", test_async);

#undef ADD

  return g_test_run ();
}

