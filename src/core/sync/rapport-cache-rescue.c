/* rapport-cache-rescue.c
 *
 * A damaged cache at start. Most of the cache comes back from the server with a full pull;
 * what does not — the accounts, the outbox, the drafts — is copied, row by row and as far as
 * SQLite can still read it, into a fresh cache built beside the damaged file. Only once the
 * fresh cache is complete is the damaged file moved aside and the fresh one put in its place:
 * a crash during the rescue leaves the damaged file where it was, and the next start rescues
 * it again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rapport-rescue"

#include "config.h"

#include "rapport-cache-rescue.h"
#include "rapport-outbox-private.h"
#include "rapport-store-private.h"
#include "rapport-text.h"

#include <errno.h>
#include <glib/gstdio.h>

/* The files SQLite keeps beside a database in WAL mode. */
static const char * const file_suffixes[] = { "", "-wal", "-shm" };

/* What is read of the damaged file. The column lists name what every schema version from
 * 0002 on has; a file whose tables lack them reads as unreadable. */
static const char *sql_old_accounts =
  "SELECT id, provider_kind, base_url, display_name, user_remote_id, user_name, role, "
  "created_at FROM accounts ORDER BY id";
static const char *sql_old_outbox =
  "SELECT id, account_id, ticket_id, ticket_remote_id, kind, state, body, changes, body_hash, "
  "hold_until, not_before, attempts, first_attempt_at, last_error, error_code, "
  "remote_message_id, created_at, updated_at FROM outbox ORDER BY id";
static const char *sql_old_drafts =
  "SELECT account_id, ticket_id, visibility, body, updated_at FROM drafts";
static const char *sql_old_ticket =
  "SELECT remote_id, subject, status, priority, channel, queue, created_at, updated_at, "
  "solved_at FROM tickets WHERE id = ?1 AND account_id = ?2";

/* What is written into the fresh cache. */
static const char *sql_account_insert =
  "INSERT INTO accounts (id, provider_kind, base_url, display_name, user_remote_id, user_name, "
  "role, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, COALESCE (?8, ?9))";
static const char *sql_op_insert =
  "INSERT INTO outbox (id, account_id, ticket_id, ticket_remote_id, kind, state, body, changes, "
  "body_hash, hold_until, not_before, attempts, first_attempt_at, last_error, error_code, "
  "remote_message_id, created_at, updated_at) "
  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)";
static const char *sql_draft_insert =
  "INSERT OR REPLACE INTO drafts (account_id, ticket_id, visibility, body, updated_at) "
  "VALUES (?1, ?2, COALESCE (?3, 'public'), ?4, COALESCE (?5, ?6))";
static const char *sql_ticket_find =
  "SELECT id FROM tickets WHERE account_id = ?1 AND remote_id = ?2";

/* The columns of sql_old_outbox. */
enum {
  OP_ID, OP_ACCOUNT, OP_TICKET, OP_TICKET_REMOTE, OP_KIND, OP_STATE, OP_BODY, OP_CHANGES,
  OP_BODY_HASH, OP_HOLD_UNTIL, OP_NOT_BEFORE, OP_ATTEMPTS, OP_FIRST_ATTEMPT, OP_LAST_ERROR,
  OP_ERROR_CODE, OP_REMOTE_MESSAGE, OP_CREATED, OP_UPDATED, OP_N_COLUMNS
};

/* The kinds of ops, as outbox.kind names them, and what the report counts them as. */
static const struct
{
  const char       *name;
  RapportCacheItem  item;
} op_kinds[] = {
  { "reply", RAPPORT_CACHE_ITEM_REPLY },
  { "note", RAPPORT_CACHE_ITEM_NOTE },
  { "update", RAPPORT_CACHE_ITEM_UPDATE },
  { "money", RAPPORT_CACHE_ITEM_MONEY },
  { "decision", RAPPORT_CACHE_ITEM_DECISION },
  { "link", RAPPORT_CACHE_ITEM_LINK },
};

void
rapport_cache_rescue_free (RapportCacheRescue *rescue)
{
  if (rescue == NULL)
    return;

  g_free (rescue->reason);
  g_free (rescue->damaged_path);
  g_free (rescue);
}

gboolean
rapport_cache_rescue_lost_any (const RapportCacheRescue *rescue)
{
  g_return_val_if_fail (rescue != NULL, FALSE);

  if (rescue->unreadable != 0)
    return TRUE;

  for (guint i = 0; i < RAPPORT_CACHE_N_ITEMS; i++)
    {
      if (rescue->lost[i] > 0)
        return TRUE;
    }

  return FALSE;
}

/* ---------------------------------------------------------------------------------------------
 * Rows read from the damaged file
 * ------------------------------------------------------------------------------------------- */

typedef struct
{
  int            n;
  sqlite3_value *values[];
} Row;

static void
row_free (Row *row)
{
  for (int i = 0; i < row->n; i++)
    sqlite3_value_free (row->values[i]);
  g_free (row);
}

/* Whether the whole schema of @old can be read: then a table it does not name was not there. */
static gboolean
schema_is_whole (sqlite3 *old)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (old, "SELECT name FROM sqlite_schema", -1, &stmt, NULL);

  while (rc == SQLITE_OK || rc == SQLITE_ROW)
    rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);

  return rc == SQLITE_DONE;
}

/* The rows @sql returns (its ?1 and ?2 bound to @p1 and @p2), as far as they can be read;
 * *@complete says whether the reading reached the end (a table that a schema read whole does
 * not name has no rows to lose). */
static GPtrArray *
read_rows (sqlite3    *old,
           const char *sql,
           gint64      p1,
           gint64      p2,
           gboolean   *complete)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (old, sql, -1, &stmt, NULL);

  if (rc == SQLITE_OK)
    {
      if (sqlite3_bind_parameter_count (stmt) >= 1)
        sqlite3_bind_int64 (stmt, 1, p1);
      if (sqlite3_bind_parameter_count (stmt) >= 2)
        sqlite3_bind_int64 (stmt, 2, p2);

      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          int n = sqlite3_column_count (stmt);
          Row *row = g_malloc0 (sizeof (Row) + (gsize) n * sizeof (sqlite3_value *));

          row->n = n;
          for (int i = 0; i < n; i++)
            row->values[i] = sqlite3_value_dup (sqlite3_column_value (stmt, i));
          g_ptr_array_add (rows, row);
        }
    }

  *complete = rc == SQLITE_DONE ||
              (stmt == NULL && rc == SQLITE_ERROR && schema_is_whole (old));
  if (!*complete)
    g_message ("Reading the damaged cache stopped after %u rows of “%.40s…”: %s",
               rows->len, sql, sqlite3_errmsg (old));
  sqlite3_finalize (stmt);

  return rows;
}

static gboolean
row_is_null (Row  *row,
             int   column)
{
  return row->values[column] == NULL || sqlite3_value_type (row->values[column]) == SQLITE_NULL;
}

static gint64
row_int (Row  *row,
         int   column)
{
  return row_is_null (row, column) ? 0 : sqlite3_value_int64 (row->values[column]);
}

/* The text of @column made storable (rapport_text_make_storable()); NULL for NULL. */
static char *
row_text (Row  *row,
          int   column)
{
  sqlite3_value *value = row->values[column];

  if (row_is_null (row, column))
    return NULL;

  /* _text () before _bytes (): the length is the one of the text form. */
  {
    const char *text = (const char *) sqlite3_value_text (value);

    return rapport_text_make_storable (text, sqlite3_value_bytes (value));
  }
}

/* Binds @column of @row to parameter @index: text made storable, anything else as it was. */
static void
bind_column (sqlite3_stmt *stmt,
             int           index,
             Row          *row,
             int           column)
{
  if (row_is_null (row, column))
    sqlite3_bind_null (stmt, index);
  else if (sqlite3_value_type (row->values[column]) == SQLITE_TEXT)
    sqlite3_bind_text (stmt, index, row_text (row, column), -1, g_free);
  else
    sqlite3_bind_value (stmt, index, row->values[column]);
}

/* ---------------------------------------------------------------------------------------------
 * The rescue
 * ------------------------------------------------------------------------------------------- */

typedef struct
{
  sqlite3            *old;
  RapportStore       *fresh;
  RapportCacheRescue *report;
  GHashTable         *accounts;  /* the account ids kept (gint64*) */
  GHashTable         *tickets;   /* "account:old ticket id" → gint64* its id in the fresh cache */
  GPtrArray          *ops;       /* Row, read */
  GPtrArray          *drafts;    /* Row, read */
} Rescue;

static void
rescue_clear (Rescue *rescue)
{
  g_clear_pointer (&rescue->accounts, g_hash_table_unref);
  g_clear_pointer (&rescue->tickets, g_hash_table_unref);
  g_clear_pointer (&rescue->ops, g_ptr_array_unref);
  g_clear_pointer (&rescue->drafts, g_ptr_array_unref);
  if (rescue->old != NULL)
    sqlite3_close (rescue->old);
  rescue->old = NULL;
  g_clear_object (&rescue->fresh);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Rescue, rescue_clear)

static char *
ticket_key (gint64 account_id,
            gint64 ticket_id)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT, account_id, ticket_id);
}

static gint64
fresh_ticket_id (Rescue *rescue,
                 gint64  account_id,
                 gint64  old_ticket_id)
{
  g_autofree char *key = ticket_key (account_id, old_ticket_id);
  gint64 *id = g_hash_table_lookup (rescue->tickets, key);

  return id != NULL ? *id : 0;
}

static gboolean
account_kept (Rescue *rescue,
              gint64  account_id)
{
  return g_hash_table_contains (rescue->accounts, &account_id);
}

static gboolean
op_item (Row              *row,
         RapportCacheItem *item)
{
  g_autofree char *kind = row_text (row, OP_KIND);

  for (guint i = 0; i < G_N_ELEMENTS (op_kinds); i++)
    {
      if (g_strcmp0 (kind, op_kinds[i].name) == 0)
        {
          *item = op_kinds[i].item;
          return TRUE;
        }
    }

  return FALSE;
}

/* Whether the op still has something to do for the agent: waiting to be sent, or failed and
 * waiting for a retry or a discard. Done and taken-back ops are history. */
static gboolean
op_is_queued (Row *row)
{
  g_autofree char *state = row_text (row, OP_STATE);

  return g_strcmp0 (state, "done") != 0 && g_strcmp0 (state, "cancelled") != 0;
}

static gboolean
copy_accounts (Rescue  *rescue,
               GError **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  gboolean complete = FALSE;
  gboolean ok = TRUE;

  rows = read_rows (rescue->old, sql_old_accounts, 0, 0, &complete);
  if (!complete)
    rescue->report->unreadable |= RAPPORT_CACHE_PART_ACCOUNTS;

  if (_rapport_store_begin (rescue->fresh, NULL, "Rescuing the accounts", error) == NULL)
    return FALSE;

  for (guint i = 0; i < rows->len; i++)
    {
      Row *row = rows->pdata[i];
      g_autoptr(RapportStoreStmt) stmt = NULL;
      gint64 id = row_int (row, 0);

      stmt = _rapport_store_prepare (rescue->fresh, sql_account_insert, error);
      if (stmt == NULL)
        {
          ok = FALSE;
          break;
        }

      for (int column = 0; column < 8; column++)
        bind_column (stmt, column + 1, row, column);
      sqlite3_bind_int64 (stmt, 9, _rapport_store_now ());

      if (id > 0 && sqlite3_step (stmt) == SQLITE_DONE)
        {
          g_hash_table_add (rescue->accounts, g_memdup2 (&id, sizeof id));
          rescue->report->kept[RAPPORT_CACHE_ITEM_ACCOUNT]++;
        }
      else
        {
          g_message ("Account %" G_GINT64_FORMAT " of the damaged cache is not kept: %s", id,
                     sqlite3_errmsg (sqlite3_db_handle (stmt)));
          rescue->report->lost[RAPPORT_CACHE_ITEM_ACCOUNT]++;
        }
    }

  return _rapport_store_end (rescue->fresh, ok, error);
}

/* The ticket an op or a draft names, from the damaged file when it can still be read there,
 * else a placeholder with @remote_id (NULL: none, the ticket is lost); its fields come back
 * with the next pull. */
static RapportTicket *
old_ticket (Rescue     *rescue,
            gint64      account_id,
            gint64      ticket_id,
            const char *remote_id)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(RapportTicket) ticket = NULL;
  gboolean complete = FALSE;

  rows = read_rows (rescue->old, sql_old_ticket, ticket_id, account_id, &complete);
  if (rows->len == 1 && !row_is_null (rows->pdata[0], 0))
    {
      Row *row = rows->pdata[0];
      g_autofree char *old_remote_id = row_text (row, 0);
      g_autofree char *subject = row_text (row, 1);
      g_autofree char *status_nick = row_text (row, 2);
      g_autofree char *priority_nick = row_text (row, 3);
      g_autofree char *channel_nick = row_text (row, 4);
      g_autofree char *queue = row_text (row, 5);
      RapportTicketStatus status = RAPPORT_TICKET_STATUS_OPEN;
      RapportTicketPriority priority = RAPPORT_TICKET_PRIORITY_NORMAL;
      RapportChannel channel = RAPPORT_CHANNEL_EMAIL;

      rapport_ticket_status_from_string (status_nick, &status);
      rapport_ticket_priority_from_string (priority_nick, &priority);
      rapport_channel_from_string (channel_nick, &channel);

      ticket = rapport_ticket_new ();
      rapport_ticket_set_remote_id (ticket, old_remote_id);
      rapport_ticket_set_subject (ticket, subject != NULL ? subject : "");
      rapport_ticket_set_status (ticket, status);
      rapport_ticket_set_priority (ticket, priority);
      rapport_ticket_set_channel (ticket, channel);
      rapport_ticket_set_queue (ticket, queue);
      rapport_ticket_set_created_at (ticket, row_int (row, 6));
      rapport_ticket_set_updated_at (ticket, row_int (row, 7));
      rapport_ticket_set_solved_at (ticket, row_int (row, 8));

      return g_steal_pointer (&ticket);
    }

  if (remote_id == NULL || remote_id[0] == '\0')
    return NULL;

  ticket = rapport_ticket_new ();
  rapport_ticket_set_remote_id (ticket, remote_id);
  rapport_ticket_set_subject (ticket, "");
  rapport_ticket_set_status (ticket, RAPPORT_TICKET_STATUS_OPEN);
  rapport_ticket_set_channel (ticket, RAPPORT_CHANNEL_EMAIL);

  return g_steal_pointer (&ticket);
}

/* Puts the tickets the queued ops and the drafts name into the fresh cache (a page per
 * account, through the store's own writer) and maps their old ids to the new ones. */
static gboolean
copy_tickets (Rescue  *rescue,
              GError **error)
{
  g_autoptr(GHashTable) pages = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                       (GDestroyNotify) rapport_sync_page_free);
  g_autoptr(GHashTable) wanted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GHashTableIter iter;
  gpointer key, value;
  gboolean ok = TRUE;

  /* (account, old ticket id) → the ticket's remote id as an op names it (NULL for a draft). */
  for (guint i = 0; i < rescue->ops->len; i++)
    {
      Row *row = rescue->ops->pdata[i];
      gint64 account_id = row_int (row, OP_ACCOUNT);
      gint64 ticket_id = row_int (row, OP_TICKET);

      if (ticket_id > 0 && account_kept (rescue, account_id) && op_is_queued (row))
        g_hash_table_replace (wanted, ticket_key (account_id, ticket_id),
                              row_text (row, OP_TICKET_REMOTE));
    }
  for (guint i = 0; i < rescue->drafts->len; i++)
    {
      Row *row = rescue->drafts->pdata[i];
      g_autofree char *draft_key = ticket_key (row_int (row, 0), row_int (row, 1));

      if (account_kept (rescue, row_int (row, 0)) && !g_hash_table_contains (wanted, draft_key))
        g_hash_table_insert (wanted, g_steal_pointer (&draft_key), NULL);
    }

  g_hash_table_iter_init (&iter, wanted);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gint64 account_id = 0, ticket_id = 0;
      RapportTicket *ticket;
      RapportSyncPage *page;

      if (sscanf (key, "%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT, &account_id, &ticket_id) != 2)
        continue;

      ticket = old_ticket (rescue, account_id, ticket_id, value);
      if (ticket == NULL)
        continue;

      /* The ticket's remote id, for the lookup of its new id below. */
      g_hash_table_iter_replace (&iter, g_strdup (rapport_ticket_get_remote_id (ticket)));

      page = g_hash_table_lookup (pages, &account_id);
      if (page == NULL)
        {
          page = rapport_sync_page_new ();
          g_hash_table_insert (pages, g_memdup2 (&account_id, sizeof account_id), page);
        }
      g_ptr_array_add (page->tickets, ticket);
    }

  g_hash_table_iter_init (&iter, pages);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (!rapport_store_apply_page (rescue->fresh, *(gint64 *) key, value, NULL, error))
        return FALSE;
    }

  if (_rapport_store_lock (rescue->fresh, NULL, error) == NULL)
    return FALSE;

  g_hash_table_iter_init (&iter, wanted);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autoptr(RapportStoreStmt) stmt = NULL;
      gint64 account_id = 0, ticket_id = 0;

      if (value == NULL ||
          sscanf (key, "%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT, &account_id, &ticket_id) != 2)
        continue;

      stmt = _rapport_store_prepare (rescue->fresh, sql_ticket_find, error);
      if (stmt == NULL)
        {
          ok = FALSE;
          break;
        }
      sqlite3_bind_int64 (stmt, 1, account_id);
      _rapport_store_bind_text (stmt, 2, value);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);

          g_hash_table_insert (rescue->tickets, g_strdup (key), g_memdup2 (&id, sizeof id));
        }
    }

  _rapport_store_unlock (rescue->fresh);

  return ok;
}

/* Locked, in a transaction. One op, its row as it was (but for its ticket's new id) and, for
 * an op still to do, its local effect; all or nothing. */
static gboolean
copy_op (Rescue  *rescue,
         Row     *row,
         gint64   ticket_id,
         GError **error)
{
  g_autoptr(RapportStoreStmt) stmt = NULL;
  RapportStoreWriter *writer;
  gboolean ok;

  if (!_rapport_store_exec (rescue->fresh, "SAVEPOINT rescue_op", "Rescuing an op", error))
    return FALSE;

  stmt = _rapport_store_prepare (rescue->fresh, sql_op_insert, error);
  ok = stmt != NULL;
  if (ok)
    {
      for (int column = 0; column < OP_N_COLUMNS; column++)
        bind_column (stmt, column + 1, row, column);
      sqlite3_bind_int64 (stmt, OP_TICKET + 1, ticket_id);
      ok = _rapport_store_step_done (stmt, "Rescuing an op", error);
    }
  g_clear_pointer (&stmt, _rapport_store_stmt_release);

  /* A writer of its own: what a failed op queued on it goes with it. */
  writer = _rapport_store_writer_new (rescue->fresh, 1);
  ok = ok &&
       _rapport_outbox_restore_local (rescue->fresh, writer, row_int (row, OP_ID), error) &&
       _rapport_store_writer_flush (writer, error);
  _rapport_store_writer_free (writer);

  if (!ok)
    {
      g_autoptr(GError) rollback_error = NULL;

      if (!_rapport_store_exec (rescue->fresh, "ROLLBACK TO rescue_op", "Rescuing an op",
                                &rollback_error))
        g_warning ("%s", rollback_error->message);
    }

  return _rapport_store_exec (rescue->fresh, "RELEASE rescue_op", "Rescuing an op",
                              ok ? error : NULL) && ok;
}

static gboolean
copy_ops (Rescue  *rescue,
          GError **error)
{
  if (_rapport_store_begin (rescue->fresh, NULL, "Rescuing the outbox", error) == NULL)
    return FALSE;

  for (guint i = 0; i < rescue->ops->len; i++)
    {
      Row *row = rescue->ops->pdata[i];
      gint64 account_id = row_int (row, OP_ACCOUNT);
      gint64 old_ticket_id = row_int (row, OP_TICKET);
      gboolean queued = op_is_queued (row);
      g_autoptr(GError) op_error = NULL;
      RapportCacheItem item;
      gint64 ticket_id;

      if (!op_item (row, &item))
        {
          g_message ("Outbox op %" G_GINT64_FORMAT " of the damaged cache is of a kind this "
                     "version does not know: not kept", row_int (row, OP_ID));
          continue;
        }

      /* An op keeps its ticket when the fresh cache has it; a done op of a ticket it does not
       * have names none (ticket 0), as ops about tickets the cache does not hold do. */
      ticket_id = old_ticket_id > 0 ? fresh_ticket_id (rescue, account_id, old_ticket_id) : 0;

      if (account_kept (rescue, account_id) && (ticket_id > 0 || old_ticket_id == 0 || !queued) &&
          copy_op (rescue, row, ticket_id, &op_error))
        {
          if (queued)
            rescue->report->kept[item]++;
          continue;
        }

      if (op_error != NULL)
        g_message ("Outbox op %" G_GINT64_FORMAT " of the damaged cache is not kept: %s",
                   row_int (row, OP_ID), op_error->message);
      if (queued)
        rescue->report->lost[item]++;
    }

  return _rapport_store_end (rescue->fresh, TRUE, error);
}

static gboolean
copy_drafts (Rescue  *rescue,
             GError **error)
{
  if (_rapport_store_begin (rescue->fresh, NULL, "Rescuing the drafts", error) == NULL)
    return FALSE;

  for (guint i = 0; i < rescue->drafts->len; i++)
    {
      Row *row = rescue->drafts->pdata[i];
      gint64 account_id = row_int (row, 0);
      gint64 ticket_id = fresh_ticket_id (rescue, account_id, row_int (row, 1));
      g_autoptr(RapportStoreStmt) stmt = NULL;

      if (!account_kept (rescue, account_id) || ticket_id == 0 || row_is_null (row, 3))
        {
          rescue->report->lost[RAPPORT_CACHE_ITEM_DRAFT]++;
          continue;
        }

      stmt = _rapport_store_prepare (rescue->fresh, sql_draft_insert, error);
      if (stmt == NULL)
        return _rapport_store_end (rescue->fresh, FALSE, NULL);

      sqlite3_bind_int64 (stmt, 1, account_id);
      sqlite3_bind_int64 (stmt, 2, ticket_id);
      bind_column (stmt, 3, row, 2);
      bind_column (stmt, 4, row, 3);
      bind_column (stmt, 5, row, 4);
      sqlite3_bind_int64 (stmt, 6, _rapport_store_now ());

      if (sqlite3_step (stmt) == SQLITE_DONE)
        rescue->report->kept[RAPPORT_CACHE_ITEM_DRAFT]++;
      else
        rescue->report->lost[RAPPORT_CACHE_ITEM_DRAFT]++;
    }

  return _rapport_store_end (rescue->fresh, TRUE, error);
}

/* "<path>.damaged-YYYYMMDD-HHMMSS", with a counter when that is taken. */
static char *
aside_path (const char *path)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  char *aside = g_strdup_printf ("%s.damaged-%s", path, stamp);

  for (guint i = 2; g_file_test (aside, G_FILE_TEST_EXISTS); i++)
    {
      g_free (aside);
      aside = g_strdup_printf ("%s.damaged-%s-%u", path, stamp, i);
    }

  return aside;
}

static gboolean
move_file (const char  *from,
           const char  *to,
           GError     **error)
{
  if (g_rename (from, to) == 0)
    return TRUE;

  {
    int saved_errno = errno;

    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                 "Cannot move %s to %s: %s", from, to, g_strerror (saved_errno));
  }

  return FALSE;
}

static void
remove_files (const char *path)
{
  for (guint i = 0; i < G_N_ELEMENTS (file_suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, file_suffixes[i], NULL);

      if (g_unlink (file) != 0 && errno != ENOENT)
        g_warning ("Cannot remove %s: %s", file, g_strerror (errno));
    }
}

/* Keeps the damaged files aside and puts the fresh cache at @path. */
static gboolean
swap_files (const char   *path,
            const char   *fresh_path,
            char        **damaged_path,
            GError      **error)
{
  g_autofree char *aside = aside_path (path);

  for (guint i = 0; i < G_N_ELEMENTS (file_suffixes); i++)
    {
      g_autofree char *from = g_strconcat (path, file_suffixes[i], NULL);
      g_autofree char *to = g_strconcat (aside, file_suffixes[i], NULL);

      if (g_file_test (from, G_FILE_TEST_EXISTS) && !move_file (from, to, error))
        return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (file_suffixes); i++)
    {
      g_autofree char *from = g_strconcat (fresh_path, file_suffixes[i], NULL);
      g_autofree char *to = g_strconcat (path, file_suffixes[i], NULL);

      if (g_file_test (from, G_FILE_TEST_EXISTS) && !move_file (from, to, error))
        return FALSE;
    }

  *damaged_path = g_steal_pointer (&aside);

  return TRUE;
}

static RapportCacheRescue *
rescue_file (const char    *path,
             const GError  *damage,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(RapportCacheRescue) report = g_new0 (RapportCacheRescue, 1);
  g_autofree char *fresh_path = g_strconcat (path, ".rescued", NULL);
  g_auto(Rescue) rescue = { 0 };
  gboolean complete = FALSE;
  gboolean ok;

  g_message ("The cache %s is damaged (%s): rescuing it", path, damage->message);

  report->damage = damage->code;
  report->reason = g_strdup (damage->message);

  rescue.report = report;
  rescue.accounts = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  rescue.tickets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  /* A rescue cut short before leaves its fresh cache behind: it starts again. */
  remove_files (fresh_path);
  rescue.fresh = rapport_store_new (fresh_path);
  if (!rapport_store_open (rescue.fresh, cancellable, error))
    return NULL;

  /* Read-only: nothing is written to the damaged file (SQLite still reads its -wal). A file
   * that cannot even be opened reads as empty: every part unreadable. */
  if (sqlite3_open_v2 (path, &rescue.old, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK)
    {
      sqlite3_busy_timeout (rescue.old, 1000);
      /* A schema naming a root page past the end of the file (a truncated file) fails to
       * load as a whole; writable_schema loads it anyway, and the tables whose pages are
       * still there can be read. */
      sqlite3_exec (rescue.old, "PRAGMA writable_schema = ON", NULL, NULL, NULL);
    }

  ok = copy_accounts (&rescue, error);

  if (ok)
    {
      rescue.ops = read_rows (rescue.old, sql_old_outbox, 0, 0, &complete);
      if (!complete)
        report->unreadable |= RAPPORT_CACHE_PART_OUTBOX;
      rescue.drafts = read_rows (rescue.old, sql_old_drafts, 0, 0, &complete);
      if (!complete)
        report->unreadable |= RAPPORT_CACHE_PART_DRAFTS;
    }

  ok = ok && !g_cancellable_set_error_if_cancelled (cancellable, error) &&
       copy_tickets (&rescue, error) &&
       copy_ops (&rescue, error) &&
       copy_drafts (&rescue, error);

  if (rescue.old != NULL)
    sqlite3_close (rescue.old);
  rescue.old = NULL;
  rapport_store_close (rescue.fresh);

  /* Another program's file holds none of our tables: nothing of ours was in it to lose. */
  if (report->damage == RAPPORT_STORE_ERROR_NOT_OURS)
    report->unreadable = 0;

  if (!ok || !swap_files (path, fresh_path, &report->damaged_path, error))
    {
      remove_files (fresh_path);
      return NULL;
    }

  g_message ("The damaged cache was kept at %s", report->damaged_path);

  return g_steal_pointer (&report);
}

static gboolean
is_damage (const GError *error)
{
  return error->domain == RAPPORT_STORE_ERROR &&
         (error->code == RAPPORT_STORE_ERROR_CORRUPT ||
          error->code == RAPPORT_STORE_ERROR_NOT_OURS ||
          error->code == RAPPORT_STORE_ERROR_TOO_NEW);
}

gboolean
rapport_cache_open (RapportStore        *store,
                    RapportCacheRescue **rescue,
                    GCancellable        *cancellable,
                    GError             **error)
{
  g_autoptr(RapportCacheRescue) report = NULL;
  g_autoptr(GError) damage = NULL;
  const char *path;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), FALSE);
  g_return_val_if_fail (rescue != NULL, FALSE);

  *rescue = NULL;
  path = rapport_store_get_path (store);

  if (rapport_store_open (store, cancellable, &damage))
    return TRUE;

  if (!is_damage (damage) || g_strcmp0 (path, ":memory:") == 0)
    {
      g_propagate_error (error, g_steal_pointer (&damage));
      return FALSE;
    }

  report = rescue_file (path, damage, cancellable, error);
  if (report == NULL || !rapport_store_open (store, cancellable, error))
    return FALSE;

  *rescue = g_steal_pointer (&report);

  return TRUE;
}

static gpointer
open_work (RapportStore  *store,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  RapportCacheRescue *rescue = NULL;

  rapport_cache_open (store, &rescue, cancellable, error);

  return rescue;
}

void
rapport_cache_open_async (RapportStore        *store,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_return_if_fail (RAPPORT_IS_STORE (store));

  _rapport_store_run_async (store, store, rapport_cache_open_async, open_work, NULL, NULL,
                            (GDestroyNotify) rapport_cache_rescue_free, cancellable, callback,
                            user_data);
}

/**
 * rapport_cache_open_finish:
 * @rescue: (out) (transfer full) (nullable): what a rescue did, %NULL when none was needed
 *
 * Returns: whether the store is open
 */
gboolean
rapport_cache_open_finish (RapportStore        *store,
                           GAsyncResult        *result,
                           RapportCacheRescue **rescue,
                           GError             **error)
{
  GError *local = NULL;
  RapportCacheRescue *report;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), FALSE);
  g_return_val_if_fail (rescue != NULL, FALSE);

  report = _rapport_store_run_finish (store, result, rapport_cache_open_async, &local);
  if (local != NULL)
    {
      g_propagate_error (error, local);
      *rescue = NULL;
      return FALSE;
    }

  *rescue = report;

  return TRUE;
}
