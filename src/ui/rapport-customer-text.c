/* rapport-customer-text.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-customer-text"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-customer-text.h"

#include "rapport-ui-util.h"

char *
rapport_customer_text_name (RapportCustomer *customer)
{
  char *name;

  g_return_val_if_fail (RAPPORT_IS_CUSTOMER (customer), NULL);

  name = rapport_ui_bidi_safe (rapport_customer_get_display_name (customer));
  return name != NULL ? name : g_strdup (_("Unknown customer"));
}

char *
rapport_customer_text_organization (RapportCustomer *customer)
{
  g_return_val_if_fail (RAPPORT_IS_CUSTOMER (customer), NULL);

  return rapport_ui_bidi_safe (rapport_customer_get_organization (customer));
}

char *
rapport_customer_text_counts (RapportCustomer *customer)
{
  g_autofree char *tickets = NULL;
  g_autofree char *open = NULL;
  guint n_tickets;
  guint n_open;

  g_return_val_if_fail (RAPPORT_IS_CUSTOMER (customer), NULL);

  n_tickets = rapport_customer_get_ticket_count (customer);
  n_open = rapport_customer_get_open_ticket_count (customer);
  tickets = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u ticket", "%u tickets", n_tickets),
                             n_tickets);
  open = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u open", "%u open", n_open), n_open);
  /* Translators: ticket counts of a customer, e.g. "5 tickets · 2 open" */
  return g_strdup_printf (_("%s · %s"), tickets, open);
}

char *
rapport_customer_text_last_contact (RapportCustomer *customer,
                                    gint64           now)
{
  g_autofree char *ago = NULL;
  g_autofree char *subject = NULL;
  gint64 last;

  g_return_val_if_fail (RAPPORT_IS_CUSTOMER (customer), NULL);

  last = rapport_customer_get_last_contact (customer);
  if (last <= 0)
    return g_strdup (_("No contact yet"));

  if (last > now + 60)
    {
      /* A date to come (a cache from before dates were checked): said as it is. */
      g_autofree char *when = rapport_ui_format_message_time (last, now);

      /* Translators: a last contact dated after now: "Last contact on 3 Nov 2099, 10:02" */
      return g_strdup_printf (_("Last contact on %s"), when);
    }

  ago = rapport_ui_format_duration_ago (last, now);
  subject = rapport_ui_bidi_safe (rapport_customer_get_last_contact_subject (customer));
  if (subject != NULL)
    /* Translators: "Last contact 2 hours ago about Cancel my subscription" */
    return g_strdup_printf (_("Last contact %s ago about %s"), ago, subject);

  /* Translators: "Last contact 2 hours ago" */
  return g_strdup_printf (_("Last contact %s ago"), ago);
}
