/* rapport-store-set-aside.c
 *
 * The records a pull set aside (table set_aside, migration 0009): kept with each page that
 * names them, forgotten when a later page reads them, listed for the next pull's retry and
 * for the user.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rapport-store"

#include "config.h"

#include "rapport-store.h"
#include "rapport-store-private.h"

static const char *sql_set_aside_any =
  "SELECT EXISTS (SELECT 1 FROM set_aside WHERE account_id = ?1)";
static const char *sql_set_aside_keep =
  "INSERT INTO set_aside (account_id, kind, remote_id, parent_remote_id, reason, first_seen_at, "
  "last_seen_at, attempts) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, 1) "
  "ON CONFLICT (account_id, kind, remote_id, parent_remote_id) DO UPDATE SET "
  "reason = excluded.reason, last_seen_at = excluded.last_seen_at, attempts = attempts + 1";
static const char *sql_set_aside_forget =
  "DELETE FROM set_aside WHERE account_id = ?1 AND kind = ?2 AND remote_id = ?3 "
  "AND parent_remote_id = ?4";
static const char *sql_set_aside_forget_record =
  "DELETE FROM set_aside WHERE account_id = ?1 AND kind = ?2 AND remote_id = ?3";
static const char *sql_set_aside_forget_children =
  "DELETE FROM set_aside WHERE account_id = ?1 AND kind = 'message' AND parent_remote_id = ?2";
static const char *sql_set_aside_list =
  "SELECT kind, remote_id, parent_remote_id, reason, first_seen_at, last_seen_at, attempts "
  "FROM set_aside WHERE account_id = ?1 "
  "ORDER BY last_seen_at, kind, parent_remote_id, remote_id";

static gboolean
forget (RapportStore       *self,
        const char         *sql,
        gint64              account_id,
        const char         *kind,
        const char         *remote_id,
        const char         *parent_remote_id,
        GError            **error)
{
  g_autoptr(RapportStoreStmt) stmt = _rapport_store_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, account_id);
  if (kind != NULL)
    {
      _rapport_store_bind_text (stmt, 2, kind);
      _rapport_store_bind_text (stmt, 3, remote_id != NULL ? remote_id : "");
      if (parent_remote_id != NULL)
        _rapport_store_bind_text (stmt, 4, parent_remote_id);
    }
  else
    {
      _rapport_store_bind_text (stmt, 2, parent_remote_id);
    }

  return _rapport_store_step_done (stmt, "Forgetting a record set aside", error);
}

static gboolean
keep (RapportStore           *self,
      gint64                  account_id,
      const RapportSetAside  *record,
      gint64                  now,
      GError                **error)
{
  g_autoptr(RapportStoreStmt) stmt = NULL;
  const char *kind = rapport_record_kind_to_string (record->kind);

  if (kind == NULL)
    {
      g_set_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_INVALID,
                   "A record set aside has an unknown kind %d", (int) record->kind);
      return FALSE;
    }

  stmt = _rapport_store_prepare (self, sql_set_aside_keep, error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, account_id);
  _rapport_store_bind_text (stmt, 2, kind);
  _rapport_store_bind_text (stmt, 3, record->remote_id != NULL ? record->remote_id : "");
  _rapport_store_bind_text (stmt, 4, record->parent_remote_id != NULL ?
                                     record->parent_remote_id : "");
  _rapport_store_bind_text (stmt, 5, record->reason != NULL ? record->reason : "");
  sqlite3_bind_int64 (stmt, 6, now);

  return _rapport_store_step_done (stmt, "Setting a record aside", error);
}

static char *
record_key (const RapportSetAside *record)
{
  return g_strdup_printf ("%d\x1f%s\x1f%s", (int) record->kind,
                          record->remote_id != NULL ? record->remote_id : "",
                          record->parent_remote_id != NULL ? record->parent_remote_id : "");
}

/* Locked, in the page's transaction: whether @account_id has records set aside. */
static int
any_set_aside (RapportStore  *self,
               gint64         account_id,
               GError       **error)
{
  g_autoptr(RapportStoreStmt) stmt = _rapport_store_prepare (self, sql_set_aside_any, error);

  if (stmt == NULL)
    return -1;

  sqlite3_bind_int64 (stmt, 1, account_id);
  if (_rapport_store_step (stmt, "Looking for records set aside", error) != SQLITE_ROW)
    return -1;

  return sqlite3_column_int (stmt, 0);
}

/* Forgets the entries of the records @page read (its retried ones, and every ticket, message,
 * customer, money action and approval it brings or deletes), then keeps @page's set_aside and @refused (the records
 * the store refused). The tickets, messages and customers in @skip (the refused ones, see
 * _rapport_store_set_aside_skip_key ()) are not counted as read. */
gboolean
_rapport_store_set_aside_apply (RapportStore     *self,
                                gint64            account_id,
                                RapportSyncPage  *page,
                                GPtrArray        *refused,
                                GHashTable       *skip,
                                GError          **error)
{
  gint64 now = _rapport_store_now ();
  g_autoptr(GHashTable) again = NULL;
  int any;

  any = any_set_aside (self, account_id, error);
  if (any < 0)
    return FALSE;

  /* The common case: nothing was set aside before, so nothing is to be forgotten. */
  if (any)
    {
      /* A retried record set aside again keeps its entry (and its count). */
      again = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      for (guint i = 0; page->set_aside != NULL && i < page->set_aside->len; i++)
        g_hash_table_add (again, record_key (page->set_aside->pdata[i]));
      for (guint i = 0; refused != NULL && i < refused->len; i++)
        g_hash_table_add (again, record_key (refused->pdata[i]));

      for (guint i = 0; page->retried != NULL && i < page->retried->len; i++)
        {
          RapportSetAside *record = page->retried->pdata[i];
          g_autofree char *key = record_key (record);

          if (g_hash_table_contains (again, key))
            continue;
          if (!forget (self, sql_set_aside_forget, account_id,
                       rapport_record_kind_to_string (record->kind), record->remote_id,
                       record->parent_remote_id != NULL ? record->parent_remote_id : "",
                       error))
            return FALSE;
        }

      for (guint i = 0; page->tickets != NULL && i < page->tickets->len; i++)
        {
          const char *id = rapport_ticket_get_remote_id (page->tickets->pdata[i]);
          g_autofree char *key = _rapport_store_set_aside_skip_key (RAPPORT_RECORD_TICKET, id);

          if (id != NULL && !g_hash_table_contains (skip, key) &&
              !forget (self, sql_set_aside_forget_record, account_id, "ticket", id, NULL, error))
            return FALSE;
        }

      for (guint i = 0; page->messages != NULL && i < page->messages->len; i++)
        {
          RapportMessage *message = page->messages->pdata[i];
          const char *id = rapport_message_get_remote_id (message);
          g_autofree char *key = _rapport_store_set_aside_skip_key (RAPPORT_RECORD_MESSAGE, id);
          g_autofree char *ticket_key =
            _rapport_store_set_aside_skip_key (RAPPORT_RECORD_TICKET,
                                               rapport_message_get_ticket_remote_id (message));

          if (id != NULL && !g_hash_table_contains (skip, key) &&
              !g_hash_table_contains (skip, ticket_key) &&
              !forget (self, sql_set_aside_forget_record, account_id, "message", id, NULL, error))
            return FALSE;
        }

      for (guint i = 0; page->customers != NULL && i < page->customers->len; i++)
        {
          const char *id = rapport_customer_get_remote_id (page->customers->pdata[i]);
          g_autofree char *key = _rapport_store_set_aside_skip_key (RAPPORT_RECORD_CUSTOMER, id);

          if (id != NULL && !g_hash_table_contains (skip, key) &&
              !forget (self, sql_set_aside_forget_record, account_id, "customer", id, NULL,
                       error))
            return FALSE;
        }

      /* A money record set aside is keyed by its money ticket, or by its approval's when
       * only that was named. */
      for (guint i = 0; page->money_actions != NULL && i < page->money_actions->len; i++)
        {
          const char *id = rapport_money_action_get_remote_id (page->money_actions->pdata[i]);
          g_autofree char *key = _rapport_store_set_aside_skip_key (RAPPORT_RECORD_MONEY, id);

          if (id != NULL && !g_hash_table_contains (skip, key) &&
              !forget (self, sql_set_aside_forget_record, account_id, "money", id, NULL, error))
            return FALSE;
        }

      for (guint i = 0; page->approvals != NULL && i < page->approvals->len; i++)
        {
          RapportApproval *approval = page->approvals->pdata[i];
          const char *id = rapport_approval_get_remote_id (approval);
          g_autofree char *key =
            _rapport_store_set_aside_skip_key (RAPPORT_RECORD_MONEY,
                                               rapport_approval_get_action_remote_id (approval));

          if (id != NULL && !g_hash_table_contains (skip, key) &&
              !forget (self, sql_set_aside_forget_record, account_id, "money", id, NULL, error))
            return FALSE;
        }

      for (guint i = 0; page->deleted_ticket_ids != NULL && i < page->deleted_ticket_ids->len; i++)
        {
          const char *id = page->deleted_ticket_ids->pdata[i];

          if (!forget (self, sql_set_aside_forget_record, account_id, "ticket", id, NULL, error) ||
              !forget (self, sql_set_aside_forget_children, account_id, NULL, NULL, id, error))
            return FALSE;
        }
    }

  for (guint i = 0; page->set_aside != NULL && i < page->set_aside->len; i++)
    {
      if (!keep (self, account_id, page->set_aside->pdata[i], now, error))
        return FALSE;
    }

  for (guint i = 0; refused != NULL && i < refused->len; i++)
    {
      if (!keep (self, account_id, refused->pdata[i], now, error))
        return FALSE;
    }

  return TRUE;
}

/* The key of a refused record in the skip set of a page's apply. */
char *
_rapport_store_set_aside_skip_key (RapportRecordKind  kind,
                                   const char        *remote_id)
{
  return g_strdup_printf ("%d:%s", (int) kind, remote_id != NULL ? remote_id : "");
}

/**
 * rapport_store_list_set_aside:
 *
 * Returns: (transfer full) (element-type RapportSetAside): the records set aside for
 *   @account_id, the least recently tried first, or %NULL with @error set
 */
GPtrArray *
rapport_store_list_set_aside (RapportStore  *self,
                              gint64         account_id,
                              GCancellable  *cancellable,
                              GError       **error)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(RapportStoreStmt) stmt = NULL;
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);

  if (_rapport_store_lock (self, cancellable, error) == NULL)
    return NULL;

  records = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_set_aside_free);
  stmt = _rapport_store_prepare (self, sql_set_aside_list, error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, account_id);
      while ((rc = _rapport_store_step (stmt, "Listing the records set aside", error)) ==
             SQLITE_ROW)
        {
          RapportRecordKind kind;
          RapportSetAside *record;

          if (!rapport_record_kind_from_string (_rapport_store_column_text (stmt, 0), &kind))
            continue; /* the table's CHECK admits only known kinds */

          record = rapport_set_aside_new (kind, _rapport_store_column_text (stmt, 1),
                                          _rapport_store_column_text (stmt, 2),
                                          _rapport_store_column_text (stmt, 3));
          record->first_seen_at = sqlite3_column_int64 (stmt, 4);
          record->last_seen_at = sqlite3_column_int64 (stmt, 5);
          record->attempts = (guint) CLAMP (sqlite3_column_int64 (stmt, 6), 0, G_MAXUINT);
          g_ptr_array_add (records, record);
        }
      ok = rc == SQLITE_DONE;
    }
  g_clear_pointer (&stmt, _rapport_store_stmt_release);

  _rapport_store_unlock (self);

  return ok ? g_steal_pointer (&records) : NULL;
}

static gpointer
list_set_aside_work (RapportStore  *self,
                     gpointer       data,
                     GCancellable  *cancellable,
                     GError       **error)
{
  return rapport_store_list_set_aside (self, *(gint64 *) data, cancellable, error);
}

void
rapport_store_list_set_aside_async (RapportStore        *self,
                                    gint64               account_id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (RAPPORT_IS_STORE (self));

  _rapport_store_run_async (self, self, rapport_store_list_set_aside_async, list_set_aside_work,
                            g_memdup2 (&account_id, sizeof account_id), g_free,
                            (GDestroyNotify) g_ptr_array_unref, cancellable, callback,
                            user_data);
}

/**
 * rapport_store_list_set_aside_finish:
 *
 * Returns: (transfer full) (element-type RapportSetAside): as rapport_store_list_set_aside()
 */
GPtrArray *
rapport_store_list_set_aside_finish (RapportStore  *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);

  return _rapport_store_run_finish (self, result, rapport_store_list_set_aside_async, error);
}
