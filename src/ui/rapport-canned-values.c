/* rapport-canned-values.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-canned-values"

#include "config.h"

#include "rapport-canned-values.h"

#include "rapport-history-entry.h"
#include "rapport-suggest-values.h"
#include "rapport-template.h"

GHashTable *
rapport_canned_values_new (RapportTicket  *ticket,
                           RapportAccount *account,
                           GPtrArray      *history,
                           gint64          now)
{
  g_return_val_if_fail (RAPPORT_IS_TICKET (ticket), NULL);
  g_return_val_if_fail (!account || RAPPORT_IS_ACCOUNT (account), NULL);

  /* The same values the composer inserts with: a preview shows what the customer gets. */
  return rapport_suggest_values_collect (ticket, NULL, account, history, now);
}

typedef struct
{
  RapportTicket  *ticket;
  RapportAccount *account;
  gint64          now;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_clear_object (&data->ticket);
  g_clear_object (&data->account);
  g_free (data);
}

static void
on_history_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LoadData *data = g_task_get_task_data (task);
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GError) error = NULL;

  history = rapport_store_customer_history_finish (RAPPORT_STORE (object), result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task,
                         rapport_canned_values_new (data->ticket, data->account, history,
                                                    data->now),
                         (GDestroyNotify) g_hash_table_unref);
}

void
rapport_canned_values_load_async (RapportStore        *store,
                                  RapportTicket       *ticket,
                                  RapportAccount      *account,
                                  gint64               now,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadData *data;

  g_return_if_fail (RAPPORT_IS_STORE (store));
  g_return_if_fail (RAPPORT_IS_TICKET (ticket));
  g_return_if_fail (!account || RAPPORT_IS_ACCOUNT (account));

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, rapport_canned_values_load_async);
  data = g_new0 (LoadData, 1);
  data->ticket = g_object_ref (ticket);
  data->account = account != NULL ? g_object_ref (account) : NULL;
  data->now = now;
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);

  if (rapport_ticket_get_customer_id (ticket) <= 0)
    {
      g_task_return_pointer (task, rapport_canned_values_new (ticket, account, NULL, now),
                             (GDestroyNotify) g_hash_table_unref);
      return;
    }

  rapport_store_customer_history_async (store, rapport_ticket_get_customer_id (ticket),
                                        cancellable, on_history_cb, g_steal_pointer (&task));
}

GHashTable *
rapport_canned_values_load_finish (RapportStore  *store,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
