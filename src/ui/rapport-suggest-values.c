/* rapport-suggest-values.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-suggest-values"

#include "config.h"

#include <glib/gi18n.h>
#include <gtk/gtk.h>

#include "rapport-suggest-values.h"

#include "rapport-history-entry.h"
#include "rapport-template.h"
#include "rapport-ui-util.h"

/* The first word of @name, or NULL when it has none or is an address rather than a name. */
static char *
first_word (const char *name)
{
  g_autofree char *copy = NULL;
  const char *end;

  if (name == NULL)
    return NULL;
  copy = g_strstrip (g_strdup (name));
  if (*copy == '\0' || strchr (copy, '@') != NULL)
    return NULL;

  for (end = copy; *end != '\0'; end = g_utf8_next_char (end))
    if (g_unichar_isspace (g_utf8_get_char (end)))
      break;

  return g_strndup (copy, end - copy);
}

char *
rapport_suggest_values_last_contact (RapportTicket *ticket,
                                     GPtrArray     *history,
                                     gint64         now)
{
  RapportHistoryEntry *previous = NULL;
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GDateTime) today = NULL;
  g_autofree char *date = NULL;
  g_autofree char *isolated = NULL;
  const char *subject;
  gint64 ticket_id = 0;
  gint64 opened = 0;

  g_return_val_if_fail (ticket == NULL || RAPPORT_IS_TICKET (ticket), NULL);

  if (history == NULL)
    return NULL;
  if (ticket != NULL)
    {
      ticket_id = rapport_ticket_get_id (ticket);
      opened = rapport_ticket_get_created_at (ticket);
    }

  /* Newest first: the first inbound message of another ticket, before this one. */
  for (guint i = 0; i < history->len && previous == NULL; i++)
    {
      RapportHistoryEntry *entry = g_ptr_array_index (history, i);

      /* A message without a date (unset, or not believable) cannot say when. */
      if (rapport_history_entry_get_direction (entry) == RAPPORT_DIRECTION_INBOUND &&
          rapport_history_entry_get_ticket_id (entry) != ticket_id &&
          rapport_history_entry_get_created_at (entry) > 0 &&
          (opened <= 0 || rapport_history_entry_get_created_at (entry) < opened))
        previous = entry;
    }
  if (previous == NULL)
    return NULL;

  when = g_date_time_new_from_unix_local (rapport_history_entry_get_created_at (previous));
  today = g_date_time_new_from_unix_local (now);
  if (when == NULL || today == NULL)
    return NULL;
  if (g_date_time_get_year (when) == g_date_time_get_year (today))
    /* Translators: the date in "I see you contacted us on 3 November …" (strftime format) */
    date = g_date_time_format (when, C_("last contact date", "%-d %B"));
  else
    /* Translators: the date in "I see you contacted us on 3 November 2024 …" (strftime format) */
    date = g_date_time_format (when, C_("last contact date", "%-d %B %Y"));
  if (date == NULL)
    return NULL;

  subject = rapport_history_entry_get_ticket_subject (previous);
  isolated = rapport_ui_bidi_safe (subject);
  if (isolated != NULL)
    {
      /* Translators: a sentence a suggested reply may hold ({{last_contact}}), written to the
       * customer: "I see you contacted us on 3 November about “Invoice for October”." */
      return g_strdup_printf (_("I see you contacted us on %s about “%s”."), date, isolated);
    }

  /* Translators: the same sentence for a ticket without a subject */
  return g_strdup_printf (_("I see you contacted us on %s."), date);
}

static void
put (GHashTable *values,
     const char *name,
     char       *value)
{
  if (value != NULL && !rapport_text_is_blank (value))
    g_hash_table_insert (values, (gpointer) name, g_strstrip (value));
  else
    g_free (value);
}

GHashTable *
rapport_suggest_values_collect (RapportTicket   *ticket,
                                RapportCustomer *customer,
                                RapportAccount  *account,
                                GPtrArray       *history,
                                gint64           now)
{
  GHashTable *values = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  g_return_val_if_fail (ticket == NULL || RAPPORT_IS_TICKET (ticket), values);
  g_return_val_if_fail (customer == NULL || RAPPORT_IS_CUSTOMER (customer), values);
  g_return_val_if_fail (account == NULL || RAPPORT_IS_ACCOUNT (account), values);

  if (customer != NULL || ticket != NULL)
    {
      /* Without the customer loaded, the name the ticket row holds. */
      const char *name = customer != NULL ? rapport_customer_get_display_name (customer)
                                          : rapport_ticket_get_customer_name (ticket);

      put (values, RAPPORT_TEMPLATE_VAR_CUSTOMER_NAME,
           name != NULL && strchr (name, '@') == NULL ? g_strdup (name) : NULL);
      put (values, RAPPORT_TEMPLATE_VAR_CUSTOMER_FIRST_NAME, first_word (name));
    }
  if (ticket != NULL)
    put (values, RAPPORT_TEMPLATE_VAR_TICKET_ID, g_strdup (rapport_ticket_get_remote_id (ticket)));
  if (account != NULL)
    put (values, RAPPORT_TEMPLATE_VAR_AGENT_FIRST_NAME,
         first_word (rapport_account_get_user_name (account)));
  put (values, RAPPORT_TEMPLATE_VAR_LAST_CONTACT,
       rapport_suggest_values_last_contact (ticket, history, now));

  return values;
}

GHashTable *
rapport_suggest_values_for_session (RapportTicketSession *session,
                                    gint64                now)
{
  g_return_val_if_fail (RAPPORT_IS_TICKET_SESSION (session), NULL);

  return rapport_suggest_values_collect (rapport_ticket_session_get_ticket (session),
                                         rapport_ticket_session_get_customer (session),
                                         rapport_ticket_session_get_account (session),
                                         rapport_ticket_session_get_history (session),
                                         now);
}

char *
rapport_suggest_render (RapportCandidate  *candidate,
                        RapportChannel     channel,
                        GHashTable        *values,
                        GPtrArray        **holes,
                        GError           **error)
{
  g_autoptr(RapportTemplate) template = NULL;
  const char *body;

  g_return_val_if_fail (RAPPORT_IS_CANDIDATE (candidate), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  body = rapport_candidate_get_body_for_channel (candidate, channel);
  template = rapport_template_parse (body != NULL ? body : "", error);
  if (template == NULL)
    return NULL;

  return rapport_template_render (template, values, holes);
}
