/* rapport-canned-values.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-canned-values"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-canned-values.h"

#include "rapport-history-entry.h"
#include "rapport-template.h"

/* The first word of @name, or NULL when there is none or @name is an e-mail address. */
static char *
first_name_of (const char *name)
{
  g_autofree char *trimmed = NULL;
  const char *end;

  if (name == NULL || strchr (name, '@') != NULL)
    return NULL;

  trimmed = g_strstrip (g_strdup (name));
  if (*trimmed == '\0')
    return NULL;

  for (end = trimmed; *end != '\0'; end = g_utf8_next_char (end))
    if (g_unichar_isspace (g_utf8_get_char (end)))
      break;

  return g_strndup (trimmed, end - trimmed);
}

static char *
format_last_contact (RapportHistoryEntry *entry,
                     gint64               now)
{
  g_autoptr(GDateTime) then = NULL;
  g_autoptr(GDateTime) today = NULL;
  g_autofree char *date = NULL;
  const char *subject = rapport_history_entry_get_ticket_subject (entry);

  then = g_date_time_new_from_unix_local (rapport_history_entry_get_created_at (entry));
  today = g_date_time_new_from_unix_local (now);
  if (then == NULL || today == NULL)
    return NULL;

  if (g_date_time_get_year (then) == g_date_time_get_year (today))
    /* Translators: the day of an earlier contact, in a sentence to the customer; see
     * g_date_time_format() */
    date = g_date_time_format (then, C_("last contact", "%-d %B"));
  else
    /* Translators: the day of an earlier contact in another year; see g_date_time_format() */
    date = g_date_time_format (then, C_("last contact", "%-d %B %Y"));

  if (subject != NULL && *subject != '\0')
    /* Translators: a sentence of a reply to the customer; the first %s is a day
     * ("3 November"), the second the subject of that ticket */
    return g_strdup_printf (_("I see you contacted us on %s about “%s”."), date, subject);

  /* Translators: a sentence of a reply to the customer; %s is a day ("3 November") */
  return g_strdup_printf (_("I see you contacted us on %s."), date);
}

GHashTable *
rapport_canned_values_new (RapportTicket  *ticket,
                           RapportAccount *account,
                           GPtrArray      *history,
                           gint64          now)
{
  GHashTable *values;
  const char *customer_name;
  const char *ticket_id;
  char *first_name;

  g_return_val_if_fail (RAPPORT_IS_TICKET (ticket), NULL);
  g_return_val_if_fail (!account || RAPPORT_IS_ACCOUNT (account), NULL);

  values = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  customer_name = rapport_ticket_get_customer_name (ticket);
  if (customer_name != NULL && *customer_name != '\0')
    g_hash_table_insert (values, (gpointer) RAPPORT_TEMPLATE_VAR_CUSTOMER_NAME,
                         g_strdup (customer_name));
  first_name = first_name_of (customer_name);
  if (first_name != NULL)
    g_hash_table_insert (values, (gpointer) RAPPORT_TEMPLATE_VAR_CUSTOMER_FIRST_NAME, first_name);

  ticket_id = rapport_ticket_get_remote_id (ticket);
  if (ticket_id != NULL && *ticket_id != '\0')
    g_hash_table_insert (values, (gpointer) RAPPORT_TEMPLATE_VAR_TICKET_ID, g_strdup (ticket_id));

  first_name = first_name_of (account != NULL ? rapport_account_get_user_name (account) : NULL);
  if (first_name != NULL)
    g_hash_table_insert (values, (gpointer) RAPPORT_TEMPLATE_VAR_AGENT_FIRST_NAME, first_name);

  for (guint i = 0; history != NULL && i < history->len; i++)
    {
      RapportHistoryEntry *entry = g_ptr_array_index (history, i);
      char *sentence;

      if (rapport_history_entry_get_ticket_id (entry) == rapport_ticket_get_id (ticket) ||
          rapport_history_entry_get_direction (entry) != RAPPORT_DIRECTION_INBOUND)
        continue;

      sentence = format_last_contact (entry, now);
      if (sentence != NULL)
        g_hash_table_insert (values, (gpointer) RAPPORT_TEMPLATE_VAR_LAST_CONTACT, sentence);
      break;
    }

  return values;
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
