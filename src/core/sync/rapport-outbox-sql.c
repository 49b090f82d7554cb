/* rapport-outbox-sql.c
 *
 * The SQL helpers of the outbox and its operation kinds, on the store's connection
 * (rapport-store-private.h): each statement prepared for the call and bound with
 * sqlite3_bind_*. All of them run with the store locked.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rapport-outbox"

#include "config.h"

#include "rapport-outbox-private.h"
#include "rapport-history-entry.h"
#include "rapport-store-private.h"

gint64
_rapport_outbox_now_ms (void)
{
  return g_get_real_time () / 1000;
}

OutboxStmt *
_rapport_outbox_prepare (sqlite3     *db,
                         const char  *sql,
                         GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      _rapport_store_set_error (error, db, rc, "Preparing an outbox statement");
      sqlite3_finalize (stmt);
      return NULL;
    }

  return stmt;
}

int
_rapport_outbox_step (sqlite3      *db,
                      sqlite3_stmt *stmt,
                      const char   *what,
                      GError      **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW || rc == SQLITE_DONE)
    return rc;

  _rapport_store_set_error (error, db, rc, what);
  return 0;
}

gboolean
_rapport_outbox_exec (sqlite3     *db,
                      const char  *sql,
                      const char  *what,
                      GError     **error)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      _rapport_store_set_error (error, db, rc, what);
      return FALSE;
    }

  return TRUE;
}

void
_rapport_outbox_bind_text (sqlite3_stmt *stmt,
                           int           index,
                           const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

const char *
_rapport_outbox_column_text (sqlite3_stmt *stmt,
                             int           column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

gboolean
_rapport_outbox_run_ids (sqlite3     *db,
                         const char  *sql,
                         const char  *what,
                         int          n_params,
                         gint64       p1,
                         gint64       p2,
                         gint64       p3,
                         GError     **error)
{
  g_autoptr(OutboxStmt) stmt = _rapport_outbox_prepare (db, sql, error);
  gint64 params[] = { p1, p2, p3 };

  if (stmt == NULL)
    return FALSE;

  for (int i = 0; i < n_params; i++)
    sqlite3_bind_int64 (stmt, i + 1, params[i]);

  return _rapport_outbox_step (db, stmt, what, error) != 0;
}

/* As apply_page does. */
gboolean
_rapport_outbox_refresh_ticket_stats (sqlite3  *db,
                                      gint64    ticket_id,
                                      GError  **error)
{
  g_autoptr(OutboxStmt) stats = NULL;
  g_autoptr(OutboxStmt) update = NULL;
  g_autofree char *preview = NULL;

  stats = _rapport_outbox_prepare (db, "SELECT COUNT (*), (SELECT body FROM messages "
                                       "WHERE ticket_id = ?1 AND visibility = 'public' "
                                       "ORDER BY created_at DESC, id DESC LIMIT 1) "
                                       "FROM messages WHERE ticket_id = ?1", error);
  if (stats == NULL)
    return FALSE;

  sqlite3_bind_int64 (stats, 1, ticket_id);
  if (_rapport_outbox_step (db, stats, "Counting messages", error) != SQLITE_ROW)
    return FALSE;

  if (sqlite3_column_type (stats, 1) != SQLITE_NULL)
    preview = rapport_summarize_body (_rapport_outbox_column_text (stats, 1));

  update = _rapport_outbox_prepare (db, "UPDATE tickets SET message_count = ?2, "
                                        "last_message_preview = ?3 WHERE id = ?1", error);
  if (update == NULL)
    return FALSE;

  sqlite3_bind_int64 (update, 1, ticket_id);
  sqlite3_bind_int64 (update, 2, sqlite3_column_int64 (stats, 0));
  _rapport_outbox_bind_text (update, 3, preview);

  return _rapport_outbox_step (db, update, "Updating a ticket's message count", error) != 0;
}

gboolean
_rapport_outbox_fts_insert (sqlite3     *db,
                            gint64       key,
                            const char  *text,
                            GError     **error)
{
  g_autoptr(OutboxStmt) stmt = _rapport_outbox_prepare (db, "INSERT INTO messages_fts (rowid, "
                                                            "text) VALUES (?1, ?2)", error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, key);
  _rapport_outbox_bind_text (stmt, 2, text != NULL ? text : "");

  return _rapport_outbox_step (db, stmt, "Indexing a message", error) != 0;
}

gboolean
_rapport_outbox_fts_delete (sqlite3     *db,
                            gint64       key,
                            const char  *old_text,
                            GError     **error)
{
  g_autoptr(OutboxStmt) stmt = NULL;

  stmt = _rapport_outbox_prepare (db, "INSERT INTO messages_fts (messages_fts, rowid, text) "
                                      "VALUES ('delete', ?1, ?2)", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, key);
  _rapport_outbox_bind_text (stmt, 2, old_text != NULL ? old_text : "");

  return _rapport_outbox_step (db, stmt, "Removing a message from the search index", error) != 0;
}

gboolean
_rapport_outbox_delete_message (sqlite3  *db,
                                gint64    message_id,
                                GError  **error)
{
  g_autoptr(OutboxStmt) stmt = NULL;
  gint64 key;
  int rc;

  if (message_id <= 0)
    return TRUE;

  stmt = _rapport_outbox_prepare (db, "SELECT created_at, body FROM messages WHERE id = ?1",
                                  error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, message_id);
  rc = _rapport_outbox_step (db, stmt, "Reading a message", error);
  if (rc == 0)
    return FALSE;
  if (rc == SQLITE_DONE)
    return TRUE;

  if (!_rapport_store_search_key (sqlite3_column_int64 (stmt, 0), message_id, 0, &key, error) ||
      !_rapport_outbox_fts_delete (db, key, _rapport_outbox_column_text (stmt, 1), error))
    return FALSE;

  return _rapport_outbox_run_ids (db, "DELETE FROM messages WHERE id = ?1",
                                  "Deleting a message", 1, message_id, 0, 0, error);
}
