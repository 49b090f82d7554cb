/* rapport-store-accounts.c
 *
 * Removing an account: what it holds that would be lost (its cached tickets, what it has not
 * sent yet, its drafts), and the removal of the account with everything the store keeps of it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rapport-store"

#include "config.h"

#include "rapport-store.h"
#include "rapport-store-private.h"
#include "rapport-store-suggest-private.h"

#include <string.h>

/* What has not reached the helpdesk: queued (held, ready), being sent or in doubt
 * (in_flight, unknown), or refused and kept for the agent (failed). */
#define UNSENT_STATES "('held', 'ready', 'in_flight', 'unknown', 'failed')"

static const char *sql_account_exists = "SELECT 1 FROM accounts WHERE id = ?1";
static const char *sql_count_tickets = "SELECT count (*) FROM tickets WHERE account_id = ?1";
static const char *sql_count_unsent =
  "SELECT total (kind IN ('reply', 'note')), total (kind NOT IN ('reply', 'note')) "
  "FROM outbox WHERE account_id = ?1 AND state IN " UNSENT_STATES;
static const char *sql_count_drafts = "SELECT count (*) FROM drafts WHERE account_id = ?1";
static const char *sql_account_tickets =
  "SELECT id, created_at, subject FROM tickets WHERE account_id = ?1";
static const char *sql_account_customers =
  "SELECT DISTINCT customer_id FROM customer_links WHERE account_id = ?1";
/* The account's ledger goes before its tickets: deleting a ticket sets the ticket_id of the
 * actions that name it to NULL, a walk over every action not deleted yet. */
static const char *sql_delete_actions = "DELETE FROM actions WHERE account_id = ?1";
/* Its tickets (their messages), customer links, outbox, drafts, records set aside, sync
 * cursors, authority and views' counts go with it, through their foreign keys and triggers. */
static const char *sql_delete_account = "DELETE FROM accounts WHERE id = ?1";
/* A customer another account still knows keeps a primary link, which keeps its name. */
static const char *sql_customer_promote_link =
  "UPDATE customer_links SET is_primary = 1 "
  "WHERE (account_id, remote_id) = (SELECT account_id, remote_id FROM customer_links "
  "WHERE customer_id = ?1 ORDER BY account_id, remote_id LIMIT 1) "
  "AND NOT EXISTS (SELECT 1 FROM customer_links WHERE customer_id = ?1 AND is_primary)";
/* A customer nothing names any more goes, with its identities. */
static const char *sql_customer_delete_orphan =
  "DELETE FROM customers WHERE id = ?1 "
  "AND NOT EXISTS (SELECT 1 FROM customer_links WHERE customer_id = ?1) "
  "AND NOT EXISTS (SELECT 1 FROM tickets WHERE customer_id = ?1) "
  "AND NOT EXISTS (SELECT 1 FROM actions WHERE customer_id = ?1)";
/* Words only the removed documents had. */
static const char *sql_forget_terms = "DELETE FROM suggest_terms WHERE df <= 0 AND term <> ''";

/* ---------------------------------------------------------------------------------------------
 * What an account holds
 * ------------------------------------------------------------------------------------------- */

/* Locked. */
static gboolean
account_exists (RapportStore  *self,
                gint64         account_id,
                GError       **error)
{
  g_autoptr(RapportStoreStmt) stmt = _rapport_store_prepare (self, sql_account_exists, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, account_id);
  rc = _rapport_store_step (stmt, "Finding an account", error);
  if (rc == SQLITE_DONE)
    g_set_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_NOT_FOUND,
                 "No account %" G_GINT64_FORMAT, account_id);

  return rc == SQLITE_ROW;
}

/* Locked. Runs @sql (one parameter: @account_id, one row) and reads its first @n_columns
 * columns into @counts. */
static gboolean
count (RapportStore  *self,
       const char    *sql,
       gint64         account_id,
       guint         *counts,
       int            n_columns,
       GError       **error)
{
  g_autoptr(RapportStoreStmt) stmt = _rapport_store_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, account_id);
  if (_rapport_store_step (stmt, "Counting an account's data", error) != SQLITE_ROW)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_FAILED,
                     "Counting an account's data returned no row");
      return FALSE;
    }

  for (int i = 0; i < n_columns; i++)
    counts[i] = (guint) CLAMP (sqlite3_column_int64 (stmt, i), 0, G_MAXUINT);

  return TRUE;
}

/**
 * rapport_store_count_account_contents:
 * @account_id: a stored account
 * @contents: (out caller-allocates): what it holds
 *
 * Counts what a removal of the account would lose. RAPPORT_STORE_ERROR_NOT_FOUND when there
 * is no such account.
 */
gboolean
rapport_store_count_account_contents (RapportStore           *self,
                                      gint64                  account_id,
                                      RapportAccountContents *contents,
                                      GCancellable           *cancellable,
                                      GError                **error)
{
  guint unsent[2] = { 0, 0 };
  gboolean ok;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);
  g_return_val_if_fail (contents != NULL, FALSE);

  memset (contents, 0, sizeof *contents);

  if (_rapport_store_lock (self, cancellable, error) == NULL)
    return FALSE;

  ok = account_exists (self, account_id, error) &&
       count (self, sql_count_tickets, account_id, &contents->n_tickets, 1, error) &&
       count (self, sql_count_unsent, account_id, unsent, 2, error) &&
       count (self, sql_count_drafts, account_id, &contents->n_drafts, 1, error);

  _rapport_store_unlock (self);

  contents->n_unsent_messages = unsent[0];
  contents->n_unsent_changes = unsent[1];

  return ok;
}

static gpointer
count_account_contents_work (RapportStore  *self,
                             gpointer       data,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_autofree RapportAccountContents *contents = g_new0 (RapportAccountContents, 1);

  if (!rapport_store_count_account_contents (self, *(gint64 *) data, contents, cancellable,
                                             error))
    return NULL;

  return g_steal_pointer (&contents);
}

void
rapport_store_count_account_contents_async (RapportStore        *self,
                                            gint64               account_id,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  g_return_if_fail (RAPPORT_IS_STORE (self));

  _rapport_store_run_async (self, self, rapport_store_count_account_contents_async,
                            count_account_contents_work,
                            g_memdup2 (&account_id, sizeof account_id), g_free, g_free,
                            cancellable, callback, user_data);
}

gboolean
rapport_store_count_account_contents_finish (RapportStore            *self,
                                             GAsyncResult            *result,
                                             RapportAccountContents  *contents,
                                             GError                 **error)
{
  g_autofree RapportAccountContents *counted = NULL;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);
  g_return_val_if_fail (contents != NULL, FALSE);

  counted = _rapport_store_run_finish (self, result, rapport_store_count_account_contents_async,
                                       error);
  if (counted == NULL)
    return FALSE;

  *contents = *counted;
  return TRUE;
}

/* ---------------------------------------------------------------------------------------------
 * Removal
 * ------------------------------------------------------------------------------------------- */

/* Locked, in a transaction. The ids that @sql (one parameter: @account_id) returns in its
 * first column, or NULL with @error set. */
static GArray *
read_ids (RapportStore  *self,
          const char    *sql,
          gint64         account_id,
          GError       **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(RapportStoreStmt) stmt = _rapport_store_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, account_id);
  while ((rc = _rapport_store_step (stmt, "Reading an account's rows", error)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }

  return rc == 0 ? NULL : g_steal_pointer (&ids);
}

/* Locked, in a transaction. The search index is contentless: the documents of the account's
 * tickets and messages are removed with the text they were indexed with, while the rows that
 * hold it are still there. */
static gboolean
unindex_tickets (RapportStore  *self,
                 gint64         account_id,
                 GError       **error)
{
  g_autoptr(RapportStoreWriter) writer = _rapport_store_writer_new (self, 0);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) subjects = g_ptr_array_new_with_free_func (g_free);

  {
    g_autoptr(RapportStoreStmt) stmt = _rapport_store_prepare (self, sql_account_tickets, error);
    int rc;

    if (stmt == NULL)
      return FALSE;

    sqlite3_bind_int64 (stmt, 1, account_id);
    while ((rc = _rapport_store_step (stmt, "Reading an account's tickets", error)) ==
           SQLITE_ROW)
      {
        gint64 id = sqlite3_column_int64 (stmt, 0);
        gint64 created_at = sqlite3_column_int64 (stmt, 1);

        g_array_append_val (ids, id);
        g_array_append_val (times, created_at);
        g_ptr_array_add (subjects, g_strdup (_rapport_store_column_text (stmt, 2)));
      }
    if (rc == 0)
      return FALSE;
  }

  for (guint i = 0; i < ids->len; i++)
    if (!_rapport_store_writer_unindex_ticket (writer, g_array_index (ids, gint64, i),
                                               g_array_index (times, gint64, i),
                                               subjects->pdata[i], error))
      return FALSE;

  return _rapport_store_writer_flush (writer, error);
}

/* Locked, in a transaction, after the account's links went. */
static gboolean
settle_customers (RapportStore  *self,
                  GArray        *customers,
                  GError       **error)
{
  for (guint i = 0; i < customers->len; i++)
    {
      gint64 id = g_array_index (customers, gint64, i);

      if (!_rapport_store_exec_ids (self, sql_customer_promote_link, "Keeping a customer's name",
                                    1, id, 0, 0, error) ||
          !_rapport_store_exec_ids (self, sql_customer_delete_orphan, "Deleting a customer", 1,
                                    id, 0, 0, error))
        return FALSE;
    }

  return TRUE;
}

/**
 * rapport_store_remove_account:
 * @account_id: a stored account
 *
 * Deletes the account and everything the store keeps of it, in one transaction: its tickets
 * and messages with their search documents, its customers that no other account knows (with
 * their identities), its ledger, its outbox and drafts, its records set aside, its sync
 * cursors and authority, its suggestion content (candidates with their uses, past answers,
 * and the term counts of both). Other accounts' data stays; so do two things of the account's
 * that are shared with them: the identities its pages added to a customer another account
 * knows too (identities belong to customers, not accounts), and the uses of workspace-wide
 * candidates on its tickets. Emits "changed" for the account.
 * RAPPORT_STORE_ERROR_NOT_FOUND when there is no such account.
 */
gboolean
rapport_store_remove_account (RapportStore  *self,
                              gint64         account_id,
                              GCancellable  *cancellable,
                              GError       **error)
{
  g_autoptr(GArray) customers = NULL;
  gboolean ok;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);

  if (_rapport_store_begin (self, cancellable, "Removing an account", error) == NULL)
    return FALSE;

  ok = account_exists (self, account_id, error) &&
       unindex_tickets (self, account_id, error) &&
       _rapport_store_remove_account_candidates (self, account_id, error) &&
       _rapport_store_remove_account_past_answers (self, account_id, error) &&
       (customers = read_ids (self, sql_account_customers, account_id, error)) != NULL &&
       _rapport_store_exec_ids (self, sql_delete_actions, "Deleting an account's ledger", 1,
                                account_id, 0, 0, error) &&
       _rapport_store_exec_ids (self, sql_delete_account, "Deleting an account", 1, account_id,
                                0, 0, error) &&
       settle_customers (self, customers, error) &&
       _rapport_store_exec (self, sql_forget_terms, "Forgetting unused terms", error);

  if (!_rapport_store_end (self, ok, error))
    return FALSE;

  _rapport_store_emit_changed (self, account_id);

  return TRUE;
}

static gpointer
remove_account_work (RapportStore  *self,
                     gpointer       data,
                     GCancellable  *cancellable,
                     GError       **error)
{
  return RAPPORT_STORE_WORK_BOOLEAN (rapport_store_remove_account (self, *(gint64 *) data,
                                                                   cancellable, error));
}

void
rapport_store_remove_account_async (RapportStore        *self,
                                    gint64               account_id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (RAPPORT_IS_STORE (self));

  _rapport_store_run_async (self, self, rapport_store_remove_account_async, remove_account_work,
                            g_memdup2 (&account_id, sizeof account_id), g_free, NULL,
                            cancellable, callback, user_data);
}

gboolean
rapport_store_remove_account_finish (RapportStore  *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);

  return _rapport_store_run_finish_boolean (self, result, rapport_store_remove_account_async,
                                            error);
}
