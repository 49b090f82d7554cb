/* test-cache-rescue.c
 *
 * A damaged cache at start: garbage, truncation, a wrong schema, a newer schema, a locked file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rapport-test-cache-rescue"

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "rapport-cache-rescue.h"
#include "rapport-drafts.h"
#include "rapport-outbox.h"
#include "rapport-store.h"
#include "rapport-test-data.h"

typedef struct
{
  char   *dir;
  char   *path;
  gint64  account_id;
  gint64  reply_id;     /* ready */
  gint64  sent_id;      /* in flight when the cache broke */
  gint64  note_id;
  gint64  money_id;
  char   *sent_hash;
  gint64  sent_first_attempt;
} Fixture;

static gint64
ticket_id_of (RapportStore *store,
              gint64        account_id,
              const char   *remote_id)
{
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db = NULL;
  gint64 id = 0;

  g_assert_cmpint (sqlite3_open_v2 (rapport_store_get_path (store), &db, SQLITE_OPEN_READONLY,
                                    NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT id FROM tickets WHERE account_id = ?1 "
                                           "AND remote_id = ?2", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, account_id);
  sqlite3_bind_text (stmt, 2, remote_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return id;
}

/* A real cache: an account, the story's tickets, a queued reply, a reply in flight, a note,
 * a refund and a draft; closed. */
static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(RapportSyncPage) page = test_story_page ();
  g_autoptr(RapportStore) store = NULL;
  g_autoptr(RapportOutboxOp) reply = NULL;
  g_autoptr(RapportOutboxOp) sent = NULL;
  g_autoptr(RapportOutboxOp) note = NULL;
  g_autoptr(RapportOutboxOp) money = NULL;
  g_autoptr(RapportOutboxOp) in_flight = NULL;
  g_autoptr(GError) error = NULL;
  RapportMoney amount;

  fixture->dir = test_make_tmp_dir ();
  fixture->path = g_build_filename (fixture->dir, "rapport.db", NULL);
  store = test_open_store (fixture->dir, &fixture->account_id);
  g_assert_true (rapport_store_apply_page (store, fixture->account_id, page, NULL, &error));
  g_assert_no_error (error);

  reply = rapport_outbox_enqueue_message (store, fixture->account_id,
                                          ticket_id_of (store, fixture->account_id, "1004"),
                                          RAPPORT_VISIBILITY_PUBLIC, "Queued before the crash",
                                          0, NULL, &error);
  g_assert_no_error (error);
  sent = rapport_outbox_enqueue_message (store, fixture->account_id,
                                         ticket_id_of (store, fixture->account_id, "2001"),
                                         RAPPORT_VISIBILITY_PUBLIC, "Sent as the disk failed",
                                         0, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (rapport_outbox_begin_attempt (store, sent->id, g_get_real_time () / 1000,
                                               &error));
  note = rapport_outbox_enqueue_message (store, fixture->account_id,
                                         ticket_id_of (store, fixture->account_id, "1004"),
                                         RAPPORT_VISIBILITY_INTERNAL, "A note for later", 0,
                                         NULL, &error);
  g_assert_no_error (error);
  g_assert_true (rapport_money_init (&amount, 1250, "EUR", &error));
  money = rapport_outbox_enqueue_money (store, fixture->account_id,
                                        ticket_id_of (store, fixture->account_id, "1002"),
                                        RAPPORT_MONEY_KIND_REFUND, &amount, "Charged twice",
                                        NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (rapport_drafts_save (store, fixture->account_id,
                                      ticket_id_of (store, fixture->account_id, "3001"),
                                      RAPPORT_VISIBILITY_PUBLIC, "Half a thought", NULL,
                                      &error));
  g_assert_no_error (error);

  in_flight = rapport_outbox_get_op (store, sent->id, NULL, &error);
  g_assert_cmpint (in_flight->state, ==, RAPPORT_OUTBOX_STATE_IN_FLIGHT);
  fixture->reply_id = reply->id;
  fixture->sent_id = sent->id;
  fixture->note_id = note->id;
  fixture->money_id = money->id;
  fixture->sent_hash = g_strdup (in_flight->body_hash);
  fixture->sent_first_attempt = in_flight->first_attempt_at;

  rapport_store_close (store);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->sent_hash);
}

static void
run_sql (const char *path,
         const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

/* Opens the cache at @fixture's path as the application does. */
static RapportCacheRescue *
open_cache (Fixture       *fixture,
            RapportStore **store_out)
{
  g_autoptr(RapportStore) store = rapport_store_new (fixture->path);
  g_autoptr(GError) error = NULL;
  RapportCacheRescue *rescue = NULL;

  g_assert_true (rapport_cache_open (store, &rescue, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (rapport_store_get_schema_version (store), ==,
                    rapport_store_get_latest_schema_version ());

  if (store_out != NULL)
    *store_out = g_steal_pointer (&store);

  return rescue;
}

static guint
count_accounts (RapportStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) accounts = rapport_store_list_accounts (store, NULL, &error);

  g_assert_no_error (error);

  return accounts->len;
}

static guint
count_damaged_files (Fixture *fixture)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;
  guint n = 0;

  while ((name = g_dir_read_name (dir)) != NULL)
    n += g_str_has_prefix (name, "rapport.db.damaged-") && !g_str_has_suffix (name, "-wal") &&
         !g_str_has_suffix (name, "-shm");

  return n;
}

static void
assert_kept_aside (RapportCacheRescue *rescue,
                   const char         *contents,
                   gsize               length)
{
  g_autofree char *kept = NULL;
  gsize kept_length = 0;

  g_assert_nonnull (rescue->damaged_path);
  g_assert_true (g_file_get_contents (rescue->damaged_path, &kept, &kept_length, NULL));
  if (contents != NULL)
    {
      g_assert_cmpuint (kept_length, ==, length);
      g_assert_cmpmem (kept, kept_length, contents, length);
    }
}

/* The fixture's account, its two replies, its note, its refund and its draft are all kept. */
static void
assert_all_kept (RapportCacheRescue *rescue)
{
  g_assert_cmpuint (rescue->kept[RAPPORT_CACHE_ITEM_ACCOUNT], ==, 1);
  g_assert_cmpuint (rescue->kept[RAPPORT_CACHE_ITEM_REPLY], ==, 2);
  g_assert_cmpuint (rescue->kept[RAPPORT_CACHE_ITEM_NOTE], ==, 1);
  g_assert_cmpuint (rescue->kept[RAPPORT_CACHE_ITEM_MONEY], ==, 1);
  g_assert_cmpuint (rescue->kept[RAPPORT_CACHE_ITEM_DRAFT], ==, 1);
  g_assert_false (rapport_cache_rescue_lost_any (rescue));
}

static void
test_garbage (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(RapportCacheRescue) rescue = NULL;
  g_autoptr(RapportStore) store = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  g_autofree char *garbage = g_malloc (65536);

  for (guint i = 0; i < 65536; i++)
    garbage[i] = (char) g_rand_int_range (rand, 0, 256);
  g_assert_true (g_file_set_contents (fixture->path, garbage, 65536, NULL));

  rescue = open_cache (fixture, &store);
  g_assert_nonnull (rescue);
  g_assert_cmpint (rescue->damage, ==, RAPPORT_STORE_ERROR_CORRUPT);
  g_assert_cmpint (rescue->unreadable, ==, RAPPORT_CACHE_PART_ACCOUNTS |
                                           RAPPORT_CACHE_PART_OUTBOX | RAPPORT_CACHE_PART_DRAFTS);
  for (guint i = 0; i < RAPPORT_CACHE_N_ITEMS; i++)
    g_assert_cmpuint (rescue->kept[i], ==, 0);
  assert_kept_aside (rescue, garbage, 65536);
  g_assert_true (rapport_cache_rescue_lost_any (rescue));
  g_assert_cmpuint (count_accounts (store), ==, 0);
}

/* What the damaged file still shows of the queued ops: (id → body hash) of those SQLite reads,
 * and whether it read them all. (The fixture's one account is kept whenever it is read.) */
static GHashTable *
readable_ops (const char *path,
              gboolean   *complete)
{
  GHashTable *ops = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db = NULL;
  int rc;

  sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL);
  sqlite3_exec (db, "PRAGMA writable_schema = ON", NULL, NULL, NULL);
  rc = sqlite3_prepare_v2 (db, "SELECT id, body_hash FROM outbox "
                               "WHERE state NOT IN ('done', 'cancelled')", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);

          g_hash_table_insert (ops, g_memdup2 (&id, sizeof id),
                               g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
        }
    }
  *complete = rc == SQLITE_DONE;
  if (!*complete)
    g_test_message ("Reading %s: %s", path, sqlite3_errmsg (db));
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return ops;
}

static void
test_truncated (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  /* Fractions of the file, in tenths, and the last page cut off. */
  const guint cuts[] = { 1, 3, 5, 7, 9, 10 };

  g_assert_true (g_file_get_contents (fixture->path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 16384 * 4);

  for (guint c = 0; c < G_N_ELEMENTS (cuts); c++)
    {
      g_autoptr(RapportCacheRescue) rescue = NULL;
      g_autoptr(RapportStore) store = NULL;
      g_autoptr(GHashTable) readable = NULL;
      gsize cut = cuts[c] < 10 ? length * cuts[c] / 10 : length - 16384;
      gboolean complete = FALSE;
      GHashTableIter iter;
      gpointer key, value;
      guint kept_ops = 0;

      g_assert_true (g_file_set_contents (fixture->path, contents, cut, NULL));

      rescue = open_cache (fixture, &store);
      g_assert_nonnull (rescue);
      g_assert_cmpint (rescue->damage, ==, RAPPORT_STORE_ERROR_CORRUPT);
      assert_kept_aside (rescue, contents, cut);
      g_test_message ("Cut at %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT " bytes: kept %u "
                      "accounts, %u replies, %u notes, %u money, %u drafts; lost %u; "
                      "unreadable parts %#x", cut, length,
                      rescue->kept[RAPPORT_CACHE_ITEM_ACCOUNT],
                      rescue->kept[RAPPORT_CACHE_ITEM_REPLY],
                      rescue->kept[RAPPORT_CACHE_ITEM_NOTE],
                      rescue->kept[RAPPORT_CACHE_ITEM_MONEY],
                      rescue->kept[RAPPORT_CACHE_ITEM_DRAFT],
                      rescue->lost[RAPPORT_CACHE_ITEM_REPLY] +
                      rescue->lost[RAPPORT_CACHE_ITEM_NOTE] +
                      rescue->lost[RAPPORT_CACHE_ITEM_MONEY] +
                      rescue->lost[RAPPORT_CACHE_ITEM_DRAFT], rescue->unreadable);

      /* Every queued op SQLite can still read in the damaged file is in the rebuilt cache,
       * with its body hash. */
      readable = readable_ops (rescue->damaged_path, &complete);
      g_hash_table_iter_init (&iter, readable);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          g_autoptr(RapportOutboxOp) op = NULL;
          g_autoptr(GError) error = NULL;

          op = rapport_outbox_get_op (store, *(gint64 *) key, NULL, &error);
          g_assert_no_error (error);
          g_assert_cmpstr (op->body_hash, ==, value);
          kept_ops++;
        }
      g_assert_cmpuint (rescue->kept[RAPPORT_CACHE_ITEM_REPLY] +
                        rescue->kept[RAPPORT_CACHE_ITEM_NOTE] +
                        rescue->kept[RAPPORT_CACHE_ITEM_MONEY], >=, kept_ops);
      g_assert_cmpuint (count_accounts (store), ==, rescue->kept[RAPPORT_CACHE_ITEM_ACCOUNT]);

      /* Where the cut leaves the pages of the accounts, the drafts and the outbox (this
       * file's layout: the schema's last pages at 40 and 41 of 61, the outbox at 59), what
       * they hold is back. */
      if (cuts[c] >= 7)
        {
          g_assert_cmpuint (rescue->kept[RAPPORT_CACHE_ITEM_ACCOUNT], ==, 1);
          g_assert_cmpuint (rescue->kept[RAPPORT_CACHE_ITEM_DRAFT], ==, 1);
        }
      if (cuts[c] == 10)
        {
          g_assert_true (complete);
          g_assert_cmpuint (kept_ops, ==, 4);
          g_assert_cmpuint (rescue->kept[RAPPORT_CACHE_ITEM_REPLY], ==, 2);
          g_assert_cmpuint (rescue->kept[RAPPORT_CACHE_ITEM_NOTE], ==, 1);
          g_assert_cmpuint (rescue->kept[RAPPORT_CACHE_ITEM_MONEY], ==, 1);
          g_assert_false (rapport_cache_rescue_lost_any (rescue));
        }

      rapport_store_close (store);
      g_assert_cmpuint (count_damaged_files (fixture), ==, c + 1);
    }
}

/* Another program's SQLite file at the cache's place. */
static void
test_not_ours (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(RapportCacheRescue) rescue = NULL;
  g_autoptr(RapportStore) store = NULL;

  g_assert_cmpint (g_unlink (fixture->path), ==, 0);
  run_sql (fixture->path, "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); "
                          "INSERT INTO notes (text) VALUES ('shopping list');");

  rescue = open_cache (fixture, &store);
  g_assert_nonnull (rescue);
  g_assert_cmpint (rescue->damage, ==, RAPPORT_STORE_ERROR_NOT_OURS);
  /* Nothing of ours was in it: nothing is lost. */
  g_assert_false (rapport_cache_rescue_lost_any (rescue));
  g_assert_cmpuint (count_accounts (store), ==, 0);
  assert_kept_aside (rescue, NULL, 0);
  run_sql (rescue->damaged_path, "SELECT text FROM notes");
}

/* A cache of a newer Rapport: everything is kept, and the reply that was in flight is
 * verified on the server rather than sent twice. */
static void
test_newer_schema (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(RapportCacheRescue) rescue = NULL;
  g_autoptr(RapportStore) store = NULL;
  g_autoptr(RapportOutboxOp) sent = NULL;
  g_autoptr(RapportOutboxOp) done = NULL;
  g_autoptr(GPtrArray) pending = NULL;
  g_autoptr(GPtrArray) history = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = g_strdup_printf ("PRAGMA user_version = %u",
                                          rapport_store_get_latest_schema_version () + 1);
  g_autofree char *draft = NULL;
  RapportMessage *copy;
  gboolean found = FALSE;
  gint64 ticket;

  run_sql (fixture->path, sql);

  rescue = open_cache (fixture, &store);
  g_assert_nonnull (rescue);
  g_assert_cmpint (rescue->damage, ==, RAPPORT_STORE_ERROR_TOO_NEW);
  assert_all_kept (rescue);
  assert_kept_aside (rescue, NULL, 0);

  /* The account keeps its id (its token is found by its address and user anyway). */
  g_assert_cmpuint (count_accounts (store), ==, 1);

  /* The tickets the ops and the draft name are back, with what the cache knew of them. */
  ticket = ticket_id_of (store, fixture->account_id, "1004");
  g_assert_cmpint (ticket, >, 0);
  pending = rapport_outbox_list_ops (store, ticket, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pending->len, ==, 2);
  g_assert_cmpint (((RapportOutboxOp *) pending->pdata[0])->id, ==, fixture->reply_id);
  g_assert_cmpint (((RapportOutboxOp *) pending->pdata[0])->local_message_id, >, 0);
  g_assert_cmpint (((RapportOutboxOp *) pending->pdata[1])->id, ==, fixture->note_id);
  draft = rapport_drafts_load (store, fixture->account_id,
                               ticket_id_of (store, fixture->account_id, "3001"), NULL, NULL,
                               &error);
  g_assert_no_error (error);
  g_assert_cmpstr (draft, ==, "Half a thought");

  /* The refund's ledger row is shown again, for the customer the op recorded. */
  done = rapport_outbox_get_op (store, fixture->money_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (done->action_id, >, 0);
  g_assert_cmpstr (done->reason, ==, "Charged twice");
  g_clear_pointer (&done, rapport_outbox_op_free);

  /* The reply in flight keeps its attempt: recovered as unknown, found on the server by its
   * body hash, done without a second send. */
  sent = rapport_outbox_get_op (store, fixture->sent_id, NULL, &error);
  g_assert_cmpint (sent->state, ==, RAPPORT_OUTBOX_STATE_IN_FLIGHT);
  g_assert_cmpstr (sent->body_hash, ==, fixture->sent_hash);
  g_assert_cmpint (sent->first_attempt_at, ==, fixture->sent_first_attempt);
  g_assert_cmpint (rapport_outbox_recover_in_flight (store, fixture->account_id, 0, &error), ==,
                   1);
  copy = rapport_message_new ();
  rapport_message_set_remote_id (copy, "M-77");
  rapport_message_set_ticket_remote_id (copy, "2001");
  rapport_message_set_author_kind (copy, RAPPORT_AUTHOR_AGENT);
  rapport_message_set_author_remote_id (copy, TEST_AGENT);
  rapport_message_set_body (copy, "Sent as the disk failed");
  rapport_message_set_created_at (copy, fixture->sent_first_attempt / 1000 + 1);
  g_ptr_array_add (history, copy);
  g_assert_true (rapport_outbox_resolve_unknown (store, fixture->sent_id, TEST_AGENT, history,
                                                 &found, &error));
  g_assert_no_error (error);
  g_assert_true (found);
  done = rapport_outbox_get_op (store, fixture->sent_id, NULL, &error);
  g_assert_cmpint (done->state, ==, RAPPORT_OUTBOX_STATE_DONE);
  g_assert_cmpstr (done->remote_message_id, ==, "M-77");
  g_clear_pointer (&pending, g_ptr_array_unref);
  pending = rapport_outbox_list_pending (store, fixture->account_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pending->len, ==, 3);
}

/* A torn page in the middle of the file, in a table the server gives back: the start checks
 * only the tables a rescue keeps, so it opens; the query that meets the damage marks the file,
 * and the next start checks it whole and rescues it, keeping every queued op. */
static void
test_torn_page (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(RapportCacheRescue) rescue = NULL;
  g_autoptr(RapportStore) store = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *mark = g_strconcat (fixture->path, ".check", NULL);
  g_autofree char *torn = g_malloc (16384);
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db = NULL;
  gint64 ticket = 0;
  gint64 page;
  FILE *file;

  g_assert_cmpint (sqlite3_open_v2 (fixture->path, &db, SQLITE_OPEN_READONLY, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT pageno FROM dbstat WHERE name = 'messages' "
                                           "ORDER BY pageno DESC LIMIT 1", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  page = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  memset (torn, 0xab, 16384);
  file = fopen (fixture->path, "r+b");
  g_assert_nonnull (file);
  g_assert_cmpint (fseek (file, (long) ((page - 1) * 16384), SEEK_SET), ==, 0);
  g_assert_cmpuint (fwrite (torn, 1, 16384, file), ==, 16384);
  fclose (file);

  rescue = open_cache (fixture, &store);
  g_assert_null (rescue);
  g_assert_false (g_file_test (mark, G_FILE_TEST_EXISTS));

  ticket = ticket_id_of (store, fixture->account_id, "1004");
  messages = rapport_store_list_messages (store, ticket, NULL, &error);
  g_assert_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_CORRUPT);
  g_assert_null (messages);
  g_assert_true (g_file_test (mark, G_FILE_TEST_EXISTS));
  /* Dropped without rapport_store_close (), whose PRAGMA optimize would meet the damage too
   * and log it. */
  g_clear_object (&store);

  rescue = open_cache (fixture, &store);
  g_assert_nonnull (rescue);
  g_assert_cmpint (rescue->damage, ==, RAPPORT_STORE_ERROR_CORRUPT);
  assert_all_kept (rescue);
  /* The fresh cache was checked whole once, and found sound. */
  g_assert_false (g_file_test (mark, G_FILE_TEST_EXISTS));
}

/* Another process holds the file: not damage. Nothing is moved; the error says so. */
static void
test_locked (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(RapportStore) store = rapport_store_new (fixture->path);
  g_autoptr(RapportCacheRescue) rescue = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *other = NULL;

  g_assert_cmpint (sqlite3_open (fixture->path, &other), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other, "PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; "
                                        "UPDATE accounts SET role = role",
                                 NULL, NULL, NULL), ==, SQLITE_OK);

  g_assert_false (rapport_cache_open (store, &rescue, NULL, &error));
  g_assert_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_LOCKED);
  g_assert_null (rescue);
  g_assert_cmpuint (count_damaged_files (fixture), ==, 0);
  g_clear_error (&error);

  sqlite3_exec (other, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_close (other);

  g_clear_object (&store);
  rescue = open_cache (fixture, &store);
  g_assert_null (rescue);
  g_assert_cmpuint (count_accounts (store), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/cache-rescue/garbage", test_garbage);
  ADD ("/cache-rescue/truncated", test_truncated);
  ADD ("/cache-rescue/not-ours", test_not_ours);
  ADD ("/cache-rescue/newer-schema", test_newer_schema);
  ADD ("/cache-rescue/torn-page", test_torn_page);
  ADD ("/cache-rescue/locked", test_locked);

  return g_test_run ();
}
