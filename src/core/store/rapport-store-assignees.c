/* rapport-store-assignees.c
 *
 * The people tickets can be assigned to: RapportAssignee, and the list of them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rapport-store"

#include "config.h"

#include "rapport-store.h"
#include "rapport-store-private.h"

static const char *sql_account_identity =
  "SELECT user_remote_id, user_name FROM accounts WHERE id = ?1";

/* Each distinct assignee through the tickets_assignee index, then one name the cache holds
 * for them (a locally changed assignee has none until the server answers). */
static const char *sql_assignee_list =
  "SELECT a.remote_id, (SELECT t.assignee_name FROM tickets t WHERE t.account_id = ?1 "
  "AND t.assignee_remote_id = a.remote_id AND t.assignee_name IS NOT NULL "
  "AND t.assignee_name != '' LIMIT 1) "
  "FROM (SELECT DISTINCT assignee_remote_id AS remote_id FROM tickets "
  "WHERE account_id = ?1 AND assignee_remote_id IS NOT NULL) a";

/* ---------------------------------------------------------------------------------------------
 * Assignees
 * ------------------------------------------------------------------------------------------- */

G_DEFINE_BOXED_TYPE (RapportAssignee, rapport_assignee, rapport_assignee_copy,
                     rapport_assignee_free)

/**
 * rapport_assignee_new:
 * @remote_id: the backend's id of the person
 * @name: (nullable): their display name; @remote_id when %NULL or empty
 *
 * Returns: (transfer full): a new assignee
 */
RapportAssignee *
rapport_assignee_new (const char *remote_id,
                      const char *name)
{
  RapportAssignee *assignee;

  g_return_val_if_fail (remote_id != NULL && *remote_id != '\0', NULL);

  assignee = g_new0 (RapportAssignee, 1);
  assignee->remote_id = g_strdup (remote_id);
  assignee->name = g_strdup (name != NULL && *name != '\0' ? name : remote_id);

  return assignee;
}

RapportAssignee *
rapport_assignee_copy (const RapportAssignee *assignee)
{
  g_return_val_if_fail (assignee != NULL, NULL);

  return rapport_assignee_new (assignee->remote_id, assignee->name);
}

void
rapport_assignee_free (RapportAssignee *assignee)
{
  if (assignee == NULL)
    return;

  g_free (assignee->remote_id);
  g_free (assignee->name);
  g_free (assignee);
}

typedef struct
{
  RapportAssignee *assignee;
  char            *key;      /* collation key of the case-folded name */
} SortableAssignee;

static int
compare_sortable_assignees (gconstpointer a,
                            gconstpointer b)
{
  const SortableAssignee *sa = a;
  const SortableAssignee *sb = b;
  int cmp = strcmp (sa->key, sb->key);

  return cmp != 0 ? cmp : strcmp (sa->assignee->remote_id, sb->assignee->remote_id);
}

/* Sorts @assignees by name as the user's locale orders it, ignoring case; the remote id breaks
 * ties, so the order is stable. */
static void
sort_assignees (GPtrArray *assignees)
{
  g_autoptr(GArray) sortable = g_array_sized_new (FALSE, FALSE, sizeof (SortableAssignee),
                                                  assignees->len);

  for (guint i = 0; i < assignees->len; i++)
    {
      RapportAssignee *assignee = g_ptr_array_index (assignees, i);
      g_autofree char *folded = g_utf8_casefold (assignee->name, -1);
      SortableAssignee item = { assignee, g_utf8_collate_key (folded, -1) };

      g_array_append_val (sortable, item);
    }

  g_array_sort (sortable, compare_sortable_assignees);

  for (guint i = 0; i < sortable->len; i++)
    {
      SortableAssignee *item = &g_array_index (sortable, SortableAssignee, i);

      assignees->pdata[i] = item->assignee;
      g_free (item->key);
    }
}

GPtrArray *
rapport_store_list_assignees (RapportStore  *self,
                              gint64         account_id,
                              GCancellable  *cancellable,
                              GError       **error)
{
  g_autoptr(GPtrArray) assignees = NULL;
  g_autoptr(RapportStoreStmt) stmt = NULL;
  g_autofree char *user_id = NULL;
  g_autofree char *user_name = NULL;
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);

  if (_rapport_store_lock (self, cancellable, error) == NULL)
    return NULL;

  assignees = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_assignee_free);
  stmt = _rapport_store_prepare (self, sql_account_identity, error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, account_id);
      rc = _rapport_store_step (stmt, "Reading an account", error);
      if (rc == SQLITE_ROW)
        {
          user_id = g_strdup (_rapport_store_column_text (stmt, 0));
          user_name = g_strdup (_rapport_store_column_text (stmt, 1));
          ok = TRUE;
        }
      else if (rc == SQLITE_DONE)
        {
          g_set_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_NOT_FOUND,
                       "No account %" G_GINT64_FORMAT, account_id);
        }
    }
  g_clear_pointer (&stmt, _rapport_store_stmt_release);

  /* The signed-in user comes first (their own name wins), then everyone assigned a ticket. */
  if (ok && user_id != NULL && *user_id != '\0')
    g_ptr_array_add (assignees, rapport_assignee_new (user_id, user_name));

  if (ok)
    {
      ok = FALSE;
      stmt = _rapport_store_prepare (self, sql_assignee_list, error);
    }
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, account_id);
      while ((rc = _rapport_store_step (stmt, "Listing assignees", error)) == SQLITE_ROW)
        {
          const char *remote_id = _rapport_store_column_text (stmt, 0);

          if (remote_id == NULL || *remote_id == '\0' || g_strcmp0 (remote_id, user_id) == 0)
            continue;
          g_ptr_array_add (assignees,
                           rapport_assignee_new (remote_id, _rapport_store_column_text (stmt, 1)));
        }
      ok = rc == SQLITE_DONE;
    }
  g_clear_pointer (&stmt, _rapport_store_stmt_release);

  _rapport_store_unlock (self);

  if (!ok)
    return NULL;

  sort_assignees (assignees);

  return g_steal_pointer (&assignees);
}

/* ---------------------------------------------------------------------------------------------
 * The asynchronous wrapper, through the store's thread runner
 * ------------------------------------------------------------------------------------------- */

static gpointer
list_assignees_work (RapportStore  *self,
                     gpointer       data,
                     GCancellable  *cancellable,
                     GError       **error)
{
  return rapport_store_list_assignees (self, *(gint64 *) data, cancellable, error);
}

void
rapport_store_list_assignees_async (RapportStore        *self,
                                    gint64               account_id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (RAPPORT_IS_STORE (self));

  _rapport_store_run_async (self, self, rapport_store_list_assignees_async, list_assignees_work,
                            g_memdup2 (&account_id, sizeof account_id), g_free,
                            (GDestroyNotify) g_ptr_array_unref, cancellable, callback, user_data);
}

/**
 * rapport_store_list_assignees_finish:
 *
 * Returns: (transfer container) (element-type RapportAssignee): sorted by name
 */
GPtrArray *
rapport_store_list_assignees_finish (RapportStore  *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);

  return _rapport_store_run_finish (self, result, rapport_store_list_assignees_async, error);
}

