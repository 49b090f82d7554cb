/* store-test-fixture.c
 *
 * The fixture the store's tests share: a fresh store in a temporary folder with the demo
 * account, and the helpers that apply pages and read back through the public API.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rapport-test-store"

#include "config.h"

#include "store-test-fixture.h"
#include "rapport-test-data.h"

void
on_changed_cb (RapportStore *store,
               guint64       account_id,
               Fixture      *fixture)
{
  fixture->n_changed++;
  fixture->last_changed_account = (gint64) account_id;
}

void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = test_make_tmp_dir ();
  fixture->path = g_build_filename (fixture->dir, "rapport.db", NULL);
  fixture->store = test_open_store (fixture->dir, &fixture->account_id);
  g_signal_connect (fixture->store, "changed", G_CALLBACK (on_changed_cb), fixture);
}

void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  /* Deliver pending "changed" idles before the store goes. */
  while (g_main_context_iteration (NULL, FALSE))
    ;

  if (fixture->store != NULL)
    {
      g_signal_handlers_disconnect_by_func (fixture->store, on_changed_cb, fixture);
      rapport_store_close (fixture->store);
      g_assert_finalize_object (g_steal_pointer (&fixture->store));
    }

  test_remove_tree (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
  g_clear_pointer (&fixture->path, g_free);
}

/* A second, plain connection to the database file, to look at what the store wrote. */
sqlite3 *
open_raw (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);

  return db;
}

void
apply_page (Fixture         *fixture,
            RapportSyncPage *page)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (rapport_store_apply_page (fixture->store, fixture->account_id, page, NULL,
                                           &error));
  g_assert_no_error (error);
}

void
apply_story (Fixture *fixture)
{
  g_autoptr(RapportSyncPage) page = test_story_page ();

  apply_page (fixture, page);
}

GPtrArray *
load_ids (Fixture *fixture,
          GArray  *ids)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *tickets = rapport_store_load_tickets (fixture->store,
                                                   (const gint64 *) (gpointer) ids->data,
                                                   ids->len, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (tickets);

  return tickets;
}

/* Local id of a ticket by remote id, through the "All open" and "Recently solved" views
 * and a raw lookup for the others. */
gint64
find_ticket_id (Fixture    *fixture,
                const char *remote_id)
{
  sqlite3 *db = open_raw (fixture->path);
  sqlite3_stmt *stmt = NULL;
  gint64 id = 0;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT id FROM tickets WHERE remote_id = ?1", -1,
                                       &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, remote_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return id;
}

gint64
ticket_id_of (Fixture    *fixture,
              const char *remote_id)
{
  gint64 id = find_ticket_id (fixture, remote_id);

  g_assert_cmpint (id, >, 0);

  return id;
}

RapportTicket *
load_ticket (Fixture    *fixture,
             const char *remote_id)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) tickets = NULL;
  gint64 id = ticket_id_of (fixture, remote_id);

  g_array_append_val (ids, id);
  tickets = load_ids (fixture, ids);
  g_assert_cmpuint (tickets->len, ==, 1);

  return g_object_ref (tickets->pdata[0]);
}

GPtrArray *
search (Fixture    *fixture,
        const char *query,
        guint       limit)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *hits = rapport_store_search (fixture->store, fixture->account_id, query, limit,
                                          NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (hits);

  return hits;
}

RapportCustomer *
load_customer (Fixture *fixture,
               gint64   customer_id)
{
  g_autoptr(GError) error = NULL;
  RapportCustomer *customer = rapport_store_load_customer (fixture->store, customer_id, NULL,
                                                           &error);

  g_assert_no_error (error);
  g_assert_nonnull (customer);

  return customer;
}

void
exec_migrations (sqlite3            *db,
                 const char * const *files,
                 guint               n_files)
{
  for (guint i = 0; i < n_files; i++)
    {
      g_autofree char *name = g_strconcat ("/io/github/rapportdesk/Rapport/core/sql/", files[i],
                                           NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) sql = g_resources_lookup_data (name, G_RESOURCE_LOOKUP_FLAGS_NONE,
                                                       &error);

      g_assert_no_error (error);
      g_assert_cmpint (sqlite3_exec (db, g_bytes_get_data (sql, NULL), NULL, NULL, NULL), ==,
                       SQLITE_OK);
    }
}
