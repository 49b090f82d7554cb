/* test-store-toolkit.c
 *
 * The store toolkit (rapport-store-private.h): statement cache, step helpers and their error
 * mapping, transactions, the thread runner and the message writer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rapport-test-store-toolkit"

#include "config.h"

#include <locale.h>
#include <sqlite3.h>
#include <string.h>

#include "rapport-store.h"
#include "rapport-store-private.h"
#include "rapport-test-data.h"

typedef struct
{
  char         *dir;
  RapportStore *store;
  gint64        account_id;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = test_make_tmp_dir ();
  fixture->store = test_open_store (fixture->dir, &fixture->account_id);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;

  rapport_store_close (fixture->store);
  g_assert_finalize_object (g_steal_pointer (&fixture->store));
  test_remove_tree (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
}

/* One integer from @sql with @id bound to ?1, through the toolkit (the store locked). */
static gint64
locked_int (RapportStore *store,
            const char   *sql,
            gint64        id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportStoreStmt) stmt = _rapport_store_prepare (store, sql, &error);

  g_assert_no_error (error);
  sqlite3_bind_int64 (stmt, 1, id);
  g_assert_cmpint (_rapport_store_step (stmt, "Testing", &error), ==, SQLITE_ROW);
  g_assert_no_error (error);

  return sqlite3_column_int64 (stmt, 0);
}

static gint64
query_int (RapportStore *store,
           const char   *sql,
           gint64        id)
{
  g_autoptr(GError) error = NULL;
  gint64 value;

  g_assert_nonnull (_rapport_store_lock (store, NULL, &error));
  g_assert_no_error (error);
  value = locked_int (store, sql, id);
  _rapport_store_unlock (store);

  return value;
}

static const char *sql_echo = "SELECT ?1";
static const char *sql_count_accounts = "SELECT COUNT (*) FROM accounts WHERE id >= ?1";
static const char *sql_add_account =
  "INSERT INTO accounts (provider_kind, display_name, created_at) VALUES (?1, ?2, 0)";
static const char *sql_ticket_count =
  "SELECT message_count FROM tickets WHERE id = ?1";
static const char *sql_ticket_of =
  "SELECT id FROM tickets WHERE remote_id = ?1";
static const char *sql_local_state =
  "SELECT COUNT (*) FROM messages WHERE id = ?1 AND offline_state = 'locally-created' "
  "AND outbox_id = 42";
static const char *sql_message_exists =
  "SELECT COUNT (*) FROM messages WHERE id = ?1";

static void
test_prepare (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *first, *second;

  g_assert_nonnull (_rapport_store_lock (fixture->store, NULL, &error));
  g_assert_no_error (error);

  first = _rapport_store_prepare (fixture->store, sql_echo, &error);
  g_assert_no_error (error);
  g_assert_nonnull (first);
  _rapport_store_bind_text (first, 1, "bound");
  g_assert_cmpint (_rapport_store_step (first, "Echoing", &error), ==, SQLITE_ROW);
  g_assert_cmpstr (_rapport_store_column_text (first, 0), ==, "bound");

  /* The same SQL string: the same statement, reset, its bindings cleared. */
  second = _rapport_store_prepare (fixture->store, sql_echo, &error);
  g_assert_no_error (error);
  g_assert_true (second == first);
  g_assert_cmpint (_rapport_store_step (second, "Echoing", &error), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_type (second, 0), ==, SQLITE_NULL);
  _rapport_store_stmt_release (second);

  /* Empty text and ids ≤ 0 bind as NULL. */
  {
    g_autoptr(RapportStoreStmt) stmt = _rapport_store_prepare (fixture->store, sql_echo, &error);

    _rapport_store_bind_text_or_null (stmt, 1, "");
    g_assert_cmpint (_rapport_store_step (stmt, "Echoing", &error), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_type (stmt, 0), ==, SQLITE_NULL);
  }
  {
    g_autoptr(RapportStoreStmt) stmt = _rapport_store_prepare (fixture->store, sql_echo, &error);

    _rapport_store_bind_id_or_null (stmt, 1, 0);
    g_assert_cmpint (_rapport_store_step (stmt, "Echoing", &error), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_type (stmt, 0), ==, SQLITE_NULL);
  }
  {
    g_autoptr(RapportStoreStmt) stmt = _rapport_store_prepare (fixture->store, sql_echo, &error);

    _rapport_store_bind_id_or_null (stmt, 1, 7);
    g_assert_cmpint (_rapport_store_step (stmt, "Echoing", &error), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int64 (stmt, 0), ==, 7);
  }

  _rapport_store_unlock (fixture->store);
}

static void
test_errors (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  g_assert_nonnull (_rapport_store_lock (fixture->store, NULL, &error));

  /* A NOT NULL column left NULL: SQLITE_CONSTRAINT. */
  {
    g_autoptr(RapportStoreStmt) stmt = _rapport_store_prepare (fixture->store, sql_add_account,
                                                               &error);

    g_assert_no_error (error);
    _rapport_store_bind_text (stmt, 1, NULL);
    g_assert_false (_rapport_store_step_done (stmt, "Adding an account", &error));
    g_assert_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_CONSTRAINT);
    g_assert_true (g_str_has_prefix (error->message, "Adding an account: "));
    g_clear_error (&error);
  }

  g_assert_false (_rapport_store_exec (fixture->store, "SELECT * FROM no_such_table",
                                       "Reading", &error));
  g_assert_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_FAILED);
  g_clear_error (&error);

  _rapport_store_unlock (fixture->store);

  /* A cancelled call does not even lock; a closed store is not open. */
  g_cancellable_cancel (cancellable);
  g_assert_null (_rapport_store_lock (fixture->store, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  _rapport_store_set_error (&error, NULL, SQLITE_INTERRUPT, "Waiting");
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  _rapport_store_set_error (&error, NULL, SQLITE_NOTADB, "Opening");
  g_assert_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_CORRUPT);
  g_clear_error (&error);

  rapport_store_close (fixture->store);
  g_assert_null (_rapport_store_begin (fixture->store, NULL, "Writing", &error));
  g_assert_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_NOT_OPEN);
  g_clear_error (&error);
  g_assert_true (rapport_store_open (fixture->store, NULL, &error));
  g_assert_no_error (error);
}

static gboolean
add_account_locked (RapportStore *store,
                    const char   *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportStoreStmt) stmt = _rapport_store_prepare (store, sql_add_account, &error);

  g_assert_no_error (error);
  _rapport_store_bind_text (stmt, 1, "demo");
  _rapport_store_bind_text (stmt, 2, name);
  g_assert_true (_rapport_store_step_done (stmt, "Adding an account", &error));
  g_assert_no_error (error);

  return _rapport_store_inserted_id (store) > 0;
}

static void
test_transactions (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 before = query_int (fixture->store, sql_count_accounts, 0);

  /* Not ok: rolled back, and the caller's error stands. */
  g_assert_nonnull (_rapport_store_begin (fixture->store, NULL, "Writing", &error));
  g_assert_true (add_account_locked (fixture->store, "Rolled back"));
  g_assert_false (_rapport_store_end (fixture->store, FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (fixture->store, sql_count_accounts, 0), ==, before);

  /* Ok: committed. */
  g_assert_nonnull (_rapport_store_begin (fixture->store, NULL, "Writing", &error));
  g_assert_true (add_account_locked (fixture->store, "Committed"));
  g_assert_true (_rapport_store_end (fixture->store, TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (fixture->store, sql_count_accounts, 0), ==, before + 1);

  /* A rollback outside a transaction does nothing. */
  g_assert_nonnull (_rapport_store_lock (fixture->store, NULL, &error));
  _rapport_store_rollback (fixture->store);
  _rapport_store_unlock (fixture->store);
}

/* ---------------------------------------------------------------------------------------------
 * The thread runner
 * ------------------------------------------------------------------------------------------- */

typedef struct
{
  gint64   min_id;
  gint64   counted;
  gboolean fail;
  gboolean null_result;
  GThread *thread;
} CountCall;

static gpointer
count_work (RapportStore  *store,
            gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  CountCall *call = data;

  call->thread = g_thread_self ();

  if (call->fail)
    {
      g_set_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_NOT_FOUND, "Asked to fail");
      return NULL;
    }

  if (call->null_result)
    return NULL;

  if (_rapport_store_lock (store, cancellable, error) == NULL)
    return NULL;
  call->counted = locked_int (store, sql_count_accounts, call->min_id);
  _rapport_store_unlock (store);

  return g_strdup_printf ("%" G_GINT64_FORMAT, call->counted);
}

typedef struct
{
  gboolean  done;
  GObject  *source;
  char     *result;
  GError   *error;
  CountCall call; /* a copy of the run's data, read in the callback */
} RunResult;

static void
on_count_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  RunResult *out = user_data;

  out->source = source;
  out->result = _rapport_store_run_finish (source, result, count_work, &out->error);
  out->call = *(CountCall *) _rapport_store_run_get_data (result);
  out->done = TRUE;
}

static void
run_count (Fixture      *fixture,
           GObject      *source,
           CountCall    *call,
           GCancellable *cancellable,
           RunResult    *out)
{
  _rapport_store_run_async (fixture->store, source, count_work, count_work,
                            g_memdup2 (call, sizeof *call), g_free, g_free, cancellable,
                            on_count_done_cb, out);
  test_wait_for (&out->done);
  g_assert_true (out->source == source);
}

static void
test_runner (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GObject) engine = g_object_new (G_TYPE_OBJECT, NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  CountCall call = { .min_id = 1 };
  RunResult out = { 0 };

  /* Any object can be the source; the work runs in another thread with the store. */
  run_count (fixture, engine, &call, NULL, &out);
  g_assert_no_error (out.error);
  g_assert_cmpint (out.call.counted, ==, 1);
  g_assert_cmpstr (out.result, ==, "1");
  g_assert_true (out.call.thread != g_thread_self ());
  g_clear_pointer (&out.result, g_free);

  /* An error. */
  memset (&out, 0, sizeof out);
  call.fail = TRUE;
  run_count (fixture, G_OBJECT (fixture->store), &call, NULL, &out);
  g_assert_error (out.error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_NOT_FOUND);
  g_assert_null (out.result);
  g_clear_error (&out.error);

  /* NULL without an error is a result. */
  memset (&out, 0, sizeof out);
  call.fail = FALSE;
  call.null_result = TRUE;
  run_count (fixture, engine, &call, NULL, &out);
  g_assert_no_error (out.error);
  g_assert_null (out.result);

  /* Cancelled before it ran. */
  memset (&out, 0, sizeof out);
  call.null_result = FALSE;
  g_cancellable_cancel (cancellable);
  run_count (fixture, engine, &call, cancellable, &out);
  g_assert_error (out.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (out.result);
  g_clear_error (&out.error);
}

static gpointer
boolean_work (RapportStore  *store,
              gpointer       data,
              GCancellable  *cancellable,
              GError       **error)
{
  gboolean ok = GPOINTER_TO_INT (data);

  if (!ok)
    g_set_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_INVALID, "Not ok");

  return RAPPORT_STORE_WORK_BOOLEAN (ok);
}

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
} BooleanResult;

static void
on_boolean_done_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  BooleanResult *out = user_data;

  out->ok = _rapport_store_run_finish_boolean (source, result, boolean_work, &out->error);
  out->done = TRUE;
}

static void
test_runner_boolean (Fixture       *fixture,
                     gconstpointer  data)
{
  BooleanResult out = { 0 };

  _rapport_store_run_async (fixture->store, fixture->store, boolean_work, boolean_work,
                            GINT_TO_POINTER (TRUE), NULL, NULL, NULL, on_boolean_done_cb, &out);
  test_wait_for (&out.done);
  g_assert_no_error (out.error);
  g_assert_true (out.ok);

  memset (&out, 0, sizeof out);
  _rapport_store_run_async (fixture->store, fixture->store, boolean_work, boolean_work,
                            GINT_TO_POINTER (FALSE), NULL, NULL, NULL, on_boolean_done_cb, &out);
  test_wait_for (&out.done);
  g_assert_error (out.error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_INVALID);
  g_assert_false (out.ok);
  g_clear_error (&out.error);
}

/* ---------------------------------------------------------------------------------------------
 * The message writer
 * ------------------------------------------------------------------------------------------- */

static gint64
ticket_of (Fixture    *fixture,
           const char *remote_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportStoreStmt) stmt = NULL;
  gint64 id;

  g_assert_nonnull (_rapport_store_lock (fixture->store, NULL, &error));
  stmt = _rapport_store_prepare (fixture->store, sql_ticket_of, &error);
  g_assert_no_error (error);
  _rapport_store_bind_text (stmt, 1, remote_id);
  g_assert_cmpint (_rapport_store_step (stmt, "Finding a ticket", &error), ==, SQLITE_ROW);
  id = sqlite3_column_int64 (stmt, 0);
  g_clear_pointer (&stmt, _rapport_store_stmt_release);
  _rapport_store_unlock (fixture->store);

  return id;
}

static guint
n_hits (Fixture    *fixture,
        const char *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = rapport_store_search (fixture->store, fixture->account_id, query,
                                                    10, NULL, &error);

  g_assert_no_error (error);

  return hits->len;
}

static RapportMessage *
local_reply (gint64 created_at)
{
  RapportMessage *message = rapport_message_new ();

  rapport_message_set_remote_id (message, "rapport-local:42");
  rapport_message_set_channel (message, RAPPORT_CHANNEL_EMAIL);
  rapport_message_set_direction (message, RAPPORT_DIRECTION_OUTBOUND);
  rapport_message_set_visibility (message, RAPPORT_VISIBILITY_PUBLIC);
  rapport_message_set_author_kind (message, RAPPORT_AUTHOR_AGENT);
  rapport_message_set_author_name (message, "Sam Agent");
  rapport_message_set_author_remote_id (message, TEST_AGENT);
  rapport_message_set_body (message, "Your kumquat marmalade is on its way");
  rapport_message_set_created_at (message, created_at);

  return message;
}

static void
test_writer (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(RapportSyncPage) page = test_story_page ();
  g_autoptr(RapportMessage) message = NULL;
  g_autoptr(RapportTicket) ticket = NULL;
  g_autoptr(GError) error = NULL;
  gint64 ticket_id, message_id, count;

  g_assert_true (rapport_store_apply_page (fixture->store, fixture->account_id, page, NULL,
                                           &error));
  g_assert_no_error (error);
  ticket_id = ticket_of (fixture, "1005");
  count = query_int (fixture->store, sql_ticket_count, ticket_id);
  g_assert_cmpuint (n_hits (fixture, "kumquat"), ==, 0);

  /* A local reply: row, search document and count in one transaction. */
  message = local_reply (TEST_ANCHOR);
  g_assert_nonnull (_rapport_store_begin (fixture->store, NULL, "Writing", &error));
  {
    g_autoptr(RapportStoreWriter) writer = _rapport_store_writer_new (fixture->store, 1);

    message_id = _rapport_store_write_message (writer, ticket_id, message, 0, 42, &error);
    g_assert_no_error (error);
    g_assert_cmpint (message_id, >, 0);
    g_assert_true (_rapport_store_writer_flush (writer, &error));
    g_assert_no_error (error);
  }
  g_assert_true (_rapport_store_end (fixture->store, TRUE, &error));
  g_assert_no_error (error);

  g_assert_cmpint (query_int (fixture->store, sql_local_state, message_id), ==, 1);
  g_assert_cmpint (query_int (fixture->store, sql_ticket_count, ticket_id), ==, count + 1);
  g_assert_cmpuint (n_hits (fixture, "kumquat"), ==, 1);

  /* The same remote id again, changed: the row is updated and re-indexed, not added. */
  rapport_message_set_body (message, "Your quince marmalade is on its way");
  rapport_message_set_created_at (message, TEST_ANCHOR + TEST_HOUR);
  g_assert_nonnull (_rapport_store_begin (fixture->store, NULL, "Writing", &error));
  {
    g_autoptr(RapportStoreWriter) writer = _rapport_store_writer_new (fixture->store, 1);

    g_assert_cmpint (_rapport_store_write_message (writer, ticket_id, message, 0, 42, &error),
                     ==, message_id);
    g_assert_true (_rapport_store_writer_flush (writer, &error));
  }
  g_assert_true (_rapport_store_end (fixture->store, TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (fixture->store, sql_ticket_count, ticket_id), ==, count + 1);
  g_assert_cmpuint (n_hits (fixture, "kumquat"), ==, 0);
  g_assert_cmpuint (n_hits (fixture, "quince"), ==, 1);

  /* The preview follows the newest public message. */
  {
    g_autoptr(GPtrArray) tickets = rapport_store_load_tickets (fixture->store, &ticket_id, 1,
                                                               NULL, &error);

    g_assert_no_error (error);
    ticket = g_object_ref (tickets->pdata[0]);
    g_assert_cmpstr (rapport_ticket_get_last_message_preview (ticket), ==,
                     "Your quince marmalade is on its way");
  }

  /* The delete: row, document and count; a second delete finds nothing to do. */
  g_assert_nonnull (_rapport_store_begin (fixture->store, NULL, "Deleting", &error));
  {
    g_autoptr(RapportStoreWriter) writer = _rapport_store_writer_new (fixture->store, 0);

    g_assert_true (_rapport_store_delete_message (writer, message_id, &error));
    g_assert_no_error (error);
    g_assert_true (_rapport_store_delete_message (writer, message_id, &error));
    g_assert_no_error (error);
    g_assert_true (_rapport_store_writer_flush (writer, &error));
    g_assert_no_error (error);
  }
  g_assert_true (_rapport_store_end (fixture->store, TRUE, &error));
  g_assert_no_error (error);

  g_assert_cmpint (query_int (fixture->store, sql_message_exists, message_id), ==, 0);
  g_assert_cmpint (query_int (fixture->store, sql_ticket_count, ticket_id), ==, count);
  g_assert_cmpuint (n_hits (fixture, "quince"), ==, 0);
}

static void
test_writer_invalid (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(RapportSyncPage) page = test_story_page ();
  g_autoptr(RapportMessage) message = local_reply (TEST_ANCHOR);
  g_autoptr(GError) error = NULL;
  gint64 ticket_id;

  g_assert_true (rapport_store_apply_page (fixture->store, fixture->account_id, page, NULL,
                                           &error));
  ticket_id = ticket_of (fixture, "1005");

  g_assert_nonnull (_rapport_store_begin (fixture->store, NULL, "Writing", &error));
  {
    g_autoptr(RapportStoreWriter) writer = _rapport_store_writer_new (fixture->store, 0);

    rapport_message_set_remote_id (message, "");
    g_assert_cmpint (_rapport_store_write_message (writer, ticket_id, message, 0, 0, &error),
                     ==, 0);
    g_assert_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_INVALID);
    g_clear_error (&error);

    rapport_message_set_remote_id (message, "m-1");
    rapport_message_set_channel (message, (RapportChannel) 99);
    g_assert_cmpint (_rapport_store_write_message (writer, ticket_id, message, 0, 0, &error),
                     ==, 0);
    g_assert_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_INVALID);
    g_clear_error (&error);
  }
  g_assert_false (_rapport_store_end (fixture->store, FALSE, &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/rapport/store/toolkit/" path, Fixture, NULL, fixture_set_up, func, \
              fixture_tear_down)

  ADD ("prepare", test_prepare);
  ADD ("errors", test_errors);
  ADD ("transactions", test_transactions);
  ADD ("runner", test_runner);
  ADD ("runner-boolean", test_runner_boolean);
  ADD ("writer", test_writer);
  ADD ("writer-invalid", test_writer_invalid);

#undef ADD

  return g_test_run ();
}
