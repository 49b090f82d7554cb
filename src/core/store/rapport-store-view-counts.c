/* rapport-store-view-counts.c
 *
 * The views' counts of the tickets a sync page inserts (see rapport-store-private.h): added up
 * in memory and written to view_counts once per row.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rapport-store"

#include "config.h"

#include "rapport-store-private.h"

#include <string.h>

/* What view_counts (migration 0008) counts a ticket under, and how many inserted tickets are
 * counted there. */
typedef struct
{
  gint64   solved_slot;
  char    *assignee;
  gboolean is_open;
  gboolean assigned;
  gint64   n;
} ViewCount;

struct _RapportStoreViewCounts
{
  RapportStore *store;
  gint64        account_id;
  GHashTable   *counts; /* ViewCount → itself */
};

static const char *sql_view_count_add =
  "INSERT INTO view_counts (account_id, is_open, assigned, assignee, solved_slot, n) "
  "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO UPDATE SET n = n + excluded.n";

static void
view_count_free (ViewCount *count)
{
  g_free (count->assignee);
  g_free (count);
}

static guint
view_count_hash (gconstpointer data)
{
  const ViewCount *count = data;

  return g_str_hash (count->assignee) ^ g_int64_hash (&count->solved_slot) ^
         (count->is_open << 1) ^ count->assigned;
}

static gboolean
view_count_equal (gconstpointer a,
                  gconstpointer b)
{
  const ViewCount *count_a = a;
  const ViewCount *count_b = b;

  return count_a->solved_slot == count_b->solved_slot && count_a->is_open == count_b->is_open &&
         count_a->assigned == count_b->assigned &&
         strcmp (count_a->assignee, count_b->assignee) == 0;
}

RapportStoreViewCounts *
_rapport_store_view_counts_new (RapportStore *store,
                                gint64        account_id)
{
  RapportStoreViewCounts *counts = g_new0 (RapportStoreViewCounts, 1);

  counts->store = store;
  counts->account_id = account_id;
  counts->counts = g_hash_table_new_full (view_count_hash, view_count_equal,
                                          (GDestroyNotify) view_count_free, NULL);

  return counts;
}

void
_rapport_store_view_counts_free (RapportStoreViewCounts *counts)
{
  if (counts == NULL)
    return;

  g_clear_pointer (&counts->counts, g_hash_table_unref);
  g_free (counts);
}

void
_rapport_store_view_counts_add (RapportStoreViewCounts *counts,
                                RapportTicket          *ticket)
{
  const char *assignee = rapport_ticket_get_assignee_remote_id (ticket);
  gint64 solved_at = rapport_ticket_get_solved_at (ticket);
  ViewCount key = { 0, NULL, FALSE, FALSE, 0 };
  ViewCount *count;

  key.is_open = rapport_ticket_status_is_open (rapport_ticket_get_status (ticket));
  if (key.is_open)
    {
      /* The row holds NULL for "" (_rapport_store_bind_text_or_null ()). */
      key.assigned = assignee != NULL && assignee[0] != '\0';
      key.assignee = (char *) (key.assigned ? assignee : "");
    }
  else
    {
      /* solved_at >> 16 in SQL: rounded down, for times before 1970 too. */
      key.assignee = (char *) "";
      key.solved_slot = solved_at >= 0 ? solved_at / 65536 : -((-(solved_at + 1)) / 65536) - 1;
    }

  count = g_hash_table_lookup (counts->counts, &key);
  if (count == NULL)
    {
      count = g_memdup2 (&key, sizeof key);
      count->assignee = g_strdup (key.assignee);
      g_hash_table_add (counts->counts, count);
    }
  count->n++;
}

gboolean
_rapport_store_view_counts_flush (RapportStoreViewCounts  *counts,
                                  GError                 **error)
{
  GHashTableIter iter;
  ViewCount *count;

  g_hash_table_iter_init (&iter, counts->counts);
  while (g_hash_table_iter_next (&iter, (gpointer *) &count, NULL))
    {
      g_autoptr(RapportStoreStmt) stmt = _rapport_store_prepare (counts->store,
                                                                 sql_view_count_add, error);

      if (stmt == NULL)
        return FALSE;

      sqlite3_bind_int64 (stmt, 1, counts->account_id);
      sqlite3_bind_int (stmt, 2, count->is_open);
      sqlite3_bind_int (stmt, 3, count->assigned);
      _rapport_store_bind_text (stmt, 4, count->assignee);
      sqlite3_bind_int64 (stmt, 5, count->solved_slot);
      sqlite3_bind_int64 (stmt, 6, count->n);
      if (!_rapport_store_step_done (stmt, "Counting the views' tickets", error))
        return FALSE;
    }

  g_hash_table_remove_all (counts->counts);

  return TRUE;
}
