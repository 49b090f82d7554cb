/* test-store-full.c
 *
 * A full disk: the store says so (RAPPORT_STORE_ERROR_FULL) when a pull's page or a queued
 * reply does not fit, keeps what it had, and works again once there is room. The disk is
 * made full with PRAGMA max_page_count (SQLite answers SQLITE_FULL as it does for ENOSPC).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rapport-test-store-full"

#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "rapport-outbox.h"
#include "rapport-store.h"
#include "rapport-store-private.h"
#include "rapport-test-data.h"
#include "store-test-fixture.h"

/* Large enough to need new pages whatever the free pages of the file. */
#define BIG_BODY_BYTES (512 * 1024)

/* The shared store fixture, with the story page applied. */
static void
full_set_up (Fixture       *fixture,
             gconstpointer  data)
{
  fixture_set_up (fixture, data);
  apply_story (fixture);
}

/* One integer from @sql (with @text bound to ?1 when not NULL), the store locked. */
static gint64
query_int (RapportStore *store,
           const char   *sql,
           const char   *text)
{
  g_autoptr(GError) error = NULL;
  gint64 value;

  g_assert_nonnull (_rapport_store_lock (store, NULL, &error));
  g_assert_no_error (error);
  {
    g_autoptr(RapportStoreStmt) stmt = _rapport_store_prepare (store, sql, &error);

    g_assert_no_error (error);
    if (text != NULL)
      sqlite3_bind_text (stmt, 1, text, -1, SQLITE_TRANSIENT);
    g_assert_cmpint (_rapport_store_step (stmt, "Testing", &error), ==, SQLITE_ROW);
    g_assert_no_error (error);
    value = sqlite3_column_int64 (stmt, 0);
  }
  _rapport_store_unlock (store);

  return value;
}

/* No room for one more page in the database file (0: as much as SQLite allows). */
static void
set_room (RapportStore *store,
          gboolean      full)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;

  if (full)
    sql = g_strdup_printf ("PRAGMA max_page_count = %" G_GINT64_FORMAT,
                           query_int (store, "PRAGMA page_count", NULL));
  else
    sql = g_strdup ("PRAGMA max_page_count = 4294967294");

  g_assert_nonnull (_rapport_store_lock (store, NULL, &error));
  g_assert_true (_rapport_store_exec (store, sql, "Limiting the database", &error));
  g_assert_no_error (error);
  _rapport_store_unlock (store);
}

static char *
big_body (void)
{
  char *body = g_malloc (BIG_BODY_BYTES + 1);

  memset (body, 'x', BIG_BODY_BYTES);
  body[BIG_BODY_BYTES] = '\0';
  return body;
}

/* A pull's page that does not fit: FULL, the page not applied, the cache as it was. */
static void
test_cache_full (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(RapportSyncPage) page = rapport_sync_page_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *body = big_body ();
  gint64 messages = query_int (fixture->store, "SELECT COUNT (*) FROM messages", NULL);

  test_add_message (page, "m-big", "1001", RAPPORT_CHANNEL_EMAIL, RAPPORT_DIRECTION_INBOUND,
                    RAPPORT_VISIBILITY_PUBLIC, "Chloé Silva", "c-chloe", body,
                    TEST_ANCHOR + TEST_HOUR);

  set_room (fixture->store, TRUE);
  g_assert_false (rapport_store_apply_page (fixture->store, fixture->account_id, page, NULL,
                                            &error));
  g_test_message ("cache: %s", error->message);
  g_assert_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_FULL);
  g_assert_nonnull (strstr (error->message, "no space left for the database"));
  g_clear_error (&error);
  g_assert_cmpint (query_int (fixture->store, "SELECT COUNT (*) FROM messages", NULL), ==,
                   messages);

  /* Room again: the same page goes in. */
  set_room (fixture->store, FALSE);
  g_assert_true (rapport_store_apply_page (fixture->store, fixture->account_id, page, NULL,
                                           &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (fixture->store, "SELECT COUNT (*) FROM messages", NULL), ==,
                   messages + 1);
}

/* A reply that does not fit in the outbox: FULL, nothing half-written; queued once there is
 * room. */
static void
test_outbox_full (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportOutboxOp) op = NULL;
  g_autofree char *body = big_body ();
  gint64 ticket_id = query_int (fixture->store,
                                "SELECT id FROM tickets WHERE remote_id = ?1", "1001");

  set_room (fixture->store, TRUE);
  op = rapport_outbox_enqueue_message (fixture->store, fixture->account_id, ticket_id,
                                       RAPPORT_VISIBILITY_PUBLIC, body, 0, NULL, &error);
  g_test_message ("outbox: %s", error != NULL ? error->message : "(none)");
  g_assert_null (op);
  g_assert_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_FULL);
  g_clear_error (&error);
  g_assert_cmpint (query_int (fixture->store, "SELECT COUNT (*) FROM outbox", NULL), ==, 0);

  set_room (fixture->store, FALSE);
  op = rapport_outbox_enqueue_message (fixture->store, fixture->account_id, ticket_id,
                                       RAPPORT_VISIBILITY_PUBLIC, body, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (op);
  g_assert_cmpint (query_int (fixture->store, "SELECT COUNT (*) FROM outbox", NULL), ==, 1);
}

/* The one mapping: SQLITE_FULL, whatever the extended code, is FULL. */
static void
test_mapping (void)
{
  g_autoptr(GError) full = NULL;
  g_autoptr(GError) other = NULL;

  _rapport_store_set_error (&full, NULL, SQLITE_FULL, "Writing");
  g_assert_error (full, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_FULL);
  g_assert_true (g_str_has_prefix (full->message, "Writing: no space left for the database ("));

  _rapport_store_set_error (&other, NULL, SQLITE_IOERR_WRITE, "Writing");
  g_assert_error (other, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_FAILED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rapport/store/full/mapping", test_mapping);
  g_test_add ("/rapport/store/full/cache", Fixture, NULL,
              full_set_up, test_cache_full, fixture_tear_down);
  g_test_add ("/rapport/store/full/outbox", Fixture, NULL,
              full_set_up, test_outbox_full, fixture_tear_down);

  return g_test_run ();
}
