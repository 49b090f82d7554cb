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
      _rapport_store_forget_notes (stmt);
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

/* What this thread noted on the statements it uses (see _rapport_store_refuse_text ()). */
typedef struct
{
  sqlite3_stmt *stmt;
  int           refused;  /* a parameter whose text was refused, or 0 */
  char         *repaired; /* a column's text repaired, or NULL */
} StmtNote;

static void
stmt_note_clear (gpointer data)
{
  StmtNote *note = data;

  g_free (note->repaired);
}

static GPrivate stmt_notes = G_PRIVATE_INIT ((GDestroyNotify) g_array_unref);

static void
add_note (const StmtNote *note)
{
  GArray *notes = g_private_get (&stmt_notes);

  if (notes == NULL)
    {
      notes = g_array_new (FALSE, FALSE, sizeof (StmtNote));
      g_array_set_clear_func (notes, stmt_note_clear);
      g_private_set (&stmt_notes, notes);
    }

  g_array_append_vals (notes, note, 1);
}

/* Drops @stmt's notes; returns the lowest parameter refused on it, 0 for none. */
static int
take_notes (sqlite3_stmt *stmt)
{
  GArray *notes = g_private_get (&stmt_notes);
  int refused = 0;

  if (notes == NULL)
    return 0;

  for (guint i = notes->len; i > 0; i--)
    {
      StmtNote *note = &g_array_index (notes, StmtNote, i - 1);

      if (note->stmt != stmt)
        continue;
      if (note->refused > 0 && (refused == 0 || note->refused < refused))
        refused = note->refused;
      g_array_remove_index_fast (notes, i - 1);
    }

  return refused;
}

void
_rapport_store_refuse_text (sqlite3_stmt *stmt,
                            int           index)
{
  StmtNote note = { stmt, index, NULL };

  sqlite3_bind_null (stmt, index);
  add_note (&note);
}

const char *
_rapport_store_repair_column_text (sqlite3_stmt *stmt,
                                   int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);
  int bytes = sqlite3_column_bytes (stmt, column);
  StmtNote note = { stmt, 0, rapport_text_make_storable (text, bytes) };

  g_debug ("Column %d (%s) of “%.120s” holds text that is not valid UTF-8 or holds a NUL; "
           "read with U+FFFD in place of the bad bytes", column,
           sqlite3_column_name (stmt, column), sqlite3_sql (stmt));
  add_note (&note);

  return note.repaired;
}

void
_rapport_store_forget_notes (sqlite3_stmt *stmt)
{
  take_notes (stmt);
}

int
_rapport_store_step (sqlite3_stmt  *stmt,
                     const char    *what,
                     GError       **error)
{
  int refused = take_notes (stmt);
  int rc;

  if (G_UNLIKELY (refused > 0))
    {
      const char *name = sqlite3_bind_parameter_name (stmt, refused);

      g_set_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_INVALID,
                   "%s: refused text that is not valid UTF-8 (parameter %d%s%s of “%.120s”); "
                   "the store keeps only valid text", what, refused,
                   name != NULL ? " " : "", name != NULL ? name : "", sqlite3_sql (stmt));
      return 0;
    }

  rc = sqlite3_step (stmt);

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
