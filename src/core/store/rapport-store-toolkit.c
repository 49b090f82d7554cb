/* rapport-store-toolkit.c
 *
 * The store toolkit (see rapport-store-private.h): calls and their errors, the statement
 * cache, and the thread runner.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rapport-store"

#include "config.h"

#include "rapport-store-private.h"

#include <errno.h>

/* ---------------------------------------------------------------------------------------------
 * Errors: every SQLite failure becomes a GError here, and only here.
 * ------------------------------------------------------------------------------------------- */

void
_rapport_store_set_error (GError     **error,
                          sqlite3     *db,
                          int          rc,
                          const char  *what)
{
  const char *message = db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc);

  switch (rc & 0xff)
    {
    case SQLITE_INTERRUPT:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s: operation was cancelled", what);
      break;

    case SQLITE_CONSTRAINT:
      g_set_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_CONSTRAINT,
                   "%s: %s", what, message);
      break;

    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_LOCKED,
                   "%s: %s (another process holds the database)", what, message);
      break;

    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      _rapport_store_mark_suspect (db);
      g_set_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_CORRUPT,
                   "%s: %s", what, message);
      break;

    case SQLITE_FULL:
      g_set_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_FULL,
                   "%s: no space left for the database (%s)", what, message);
      break;

    case SQLITE_IOERR:
      /* Some writes (the journal, the WAL) report a full disk as an I/O error. */
      if (db != NULL && (sqlite3_system_errno (db) == ENOSPC ||
                         sqlite3_system_errno (db) == EDQUOT))
        {
          g_set_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_FULL,
                       "%s: no space left for the database (%s: %s)", what, message,
                       g_strerror (sqlite3_system_errno (db)));
          break;
        }
      g_set_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_FAILED,
                   "%s: %s (SQLite error %d)", what, message, rc);
      break;

    default:
      g_set_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_FAILED,
                   "%s: %s (SQLite error %d)", what, message, rc);
      break;
    }
}

/* ---------------------------------------------------------------------------------------------
 * Calls and transactions
 * ------------------------------------------------------------------------------------------- */

sqlite3 *
_rapport_store_lock (RapportStore  *self,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_assert (RAPPORT_IS_STORE (self));

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  g_mutex_lock (&self->mutex);

  /* Cancelled while it waited for the calls queued before it (an agent going through
   * tickets cancels the loads of each one left): nothing to do. */
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      g_mutex_unlock (&self->mutex);
      return NULL;
    }

  if (self->db == NULL)
    {
      g_mutex_unlock (&self->mutex);
      g_set_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_NOT_OPEN,
                   "The store at %s is not open", self->path);
      return NULL;
    }

  self->cancellable = cancellable;

  return self->db;
}

void
_rapport_store_unlock (RapportStore *self)
{
  self->cancellable = NULL;
  g_mutex_unlock (&self->mutex);
}

gboolean
_rapport_store_exec (RapportStore  *self,
                     const char    *sql,
                     const char    *what,
                     GError       **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      _rapport_store_set_error (error, self->db, rc, what);
      return FALSE;
    }

  return TRUE;
}

void
_rapport_store_rollback (RapportStore *self)
{
  g_autoptr(GError) error = NULL;

  if (sqlite3_get_autocommit (self->db))
    return;

  /* The rollback must not be interrupted by the cancellation that may have caused it. */
  self->cancellable = NULL;
  if (!_rapport_store_exec (self, "ROLLBACK", "Rolling back", &error))
    g_warning ("%s", error->message);
}

sqlite3 *
_rapport_store_begin (RapportStore  *self,
                      GCancellable  *cancellable,
                      const char    *what,
                      GError       **error)
{
  sqlite3 *db = _rapport_store_lock (self, cancellable, error);

  if (db == NULL)
    return NULL;

  if (!_rapport_store_exec (self, "BEGIN IMMEDIATE", what, error))
    {
      _rapport_store_unlock (self);
      return NULL;
    }

  return db;
}

gboolean
_rapport_store_end (RapportStore  *self,
                    gboolean       ok,
                    GError       **error)
{
  if (ok)
    ok = _rapport_store_exec (self, "COMMIT", "Committing", error);
  if (!ok)
    _rapport_store_rollback (self);

  _rapport_store_unlock (self);

  return ok;
}

gint64
_rapport_store_inserted_id (RapportStore *self)
{
  return sqlite3_changes (self->db) > 0 ? sqlite3_last_insert_rowid (self->db) : 0;
}

/* ---------------------------------------------------------------------------------------------
 * Statements
 * ------------------------------------------------------------------------------------------- */

sqlite3_stmt *
_rapport_store_prepare (RapportStore  *self,
                        const char    *sql,
                        GError       **error)
{
  sqlite3_stmt *stmt;

  g_assert (self->db != NULL);
  g_assert (sql != NULL);

  /* A direct (pointer) hash: no hashing of the SQL text on the hot path. */
  stmt = g_hash_table_lookup (self->stmts, sql);
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  {
    int rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);

    if (rc != SQLITE_OK)
      {
        _rapport_store_set_error (error, self->db, rc, "Preparing a statement");
        g_warning ("Cannot prepare a statement (%s): %s", sql, sqlite3_errmsg (self->db));
        sqlite3_finalize (stmt);
        return NULL;
      }
  }

  g_hash_table_insert (self->stmts, (gpointer) sql, stmt);

  return stmt;
}

int
_rapport_store_step (sqlite3_stmt  *stmt,
                     const char    *what,
                     GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW || rc == SQLITE_DONE)
    return rc;

  _rapport_store_set_error (error, sqlite3_db_handle (stmt), rc, what);
  return 0;
}

gboolean
_rapport_store_step_done (sqlite3_stmt  *stmt,
                          const char    *what,
                          GError       **error)
{
  return _rapport_store_step (stmt, what, error) != 0;
}

/* ---------------------------------------------------------------------------------------------
 * The thread runner
 * ------------------------------------------------------------------------------------------- */

typedef struct
{
  RapportStore     *store;
  RapportStoreWork  work;
  gpointer          data;
  GDestroyNotify    data_free;
  GDestroyNotify    result_free;
} StoreRun;

static void
store_run_free (StoreRun *run)
{
  if (run->data_free != NULL)
    g_clear_pointer (&run->data, run->data_free);
  g_clear_object (&run->store);
  g_free (run);
}

static void
store_run_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  StoreRun *run = task_data;
  GError *error = NULL;
  gpointer result = run->work (run->store, run->data, cancellable, &error);

  if (error != NULL)
    {
      if (result != NULL && run->result_free != NULL)
        run->result_free (result);
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, result, run->result_free);
}

void
_rapport_store_run_async (RapportStore        *store,
                          gpointer             source_object,
                          gpointer             source_tag,
                          RapportStoreWork     work,
                          gpointer             data,
                          GDestroyNotify       data_free,
                          GDestroyNotify       result_free,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  StoreRun *run;

  g_assert (RAPPORT_IS_STORE (store));
  g_assert (G_IS_OBJECT (source_object));
  g_assert (work != NULL);

  run = g_new0 (StoreRun, 1);
  run->store = g_object_ref (store);
  run->work = work;
  run->data = data;
  run->data_free = data_free;
  run->result_free = result_free;

  task = g_task_new (source_object, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, run, (GDestroyNotify) store_run_free);
  g_task_run_in_thread (task, store_run_thread);
}

gpointer
_rapport_store_run_finish (gpointer       source_object,
                           GAsyncResult  *result,
                           gpointer       source_tag,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, source_object), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
_rapport_store_run_finish_boolean (gpointer       source_object,
                                   GAsyncResult  *result,
                                   gpointer       source_tag,
                                   GError       **error)
{
  return _rapport_store_run_finish (source_object, result, source_tag, error) != NULL;
}

gpointer
_rapport_store_run_get_data (GAsyncResult *result)
{
  StoreRun *run;

  g_return_val_if_fail (G_IS_TASK (result), NULL);

  run = g_task_get_task_data (G_TASK (result));

  return run->data;
}

gboolean
_rapport_store_exec_ids (RapportStore  *store,
                         const char    *sql,
                         const char    *what,
                         int            n_params,
                         gint64         p1,
                         gint64         p2,
                         gint64         p3,
                         GError       **error)
{
  g_autoptr(RapportStoreStmt) stmt = _rapport_store_prepare (store, sql, error);
  gint64 params[] = { p1, p2, p3 };

  if (stmt == NULL)
    return FALSE;

  for (int i = 0; i < n_params; i++)
    sqlite3_bind_int64 (stmt, i + 1, params[i]);

  return _rapport_store_step_done (stmt, what, error);
}
