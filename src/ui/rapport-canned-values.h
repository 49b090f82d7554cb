/* rapport-canned-values.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "rapport-store.h"

G_BEGIN_DECLS

/* The values of the template variables (rapport-template.h) for a ticket of the cache, as
 * rapport_template_render() takes them, for the canned responses manager's preview: a table
 * from a variable's name to its text.
 *
 *   customer.name        the ticket's customer name
 *   customer.first_name  its first word (none when the name is an e-mail address)
 *   ticket.id            the ticket's number in the helpdesk (its remote id)
 *   agent.first_name     the first word of @account's user name
 *   last_contact         "I see you contacted us on 3 November about “Invoice”." from the
 *                        customer's latest message on another ticket (@history: the
 *                        customer's history, element-type RapportHistoryEntry, newest first)
 *
 * A value that is not known is left out (the template then falls back or leaves a hole).
 * @account and @history may be NULL. */
GHashTable *rapport_canned_values_new         (RapportTicket  *ticket,
                                               RapportAccount *account,
                                               GPtrArray      *history,
                                               gint64          now);

/* Reads @ticket's customer history from @store, then makes the values as above. */
void        rapport_canned_values_load_async  (RapportStore   *store,
                                               RapportTicket  *ticket,
                                               RapportAccount *account,
                                               gint64          now,
                                               GCancellable   *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer        user_data);
GHashTable *rapport_canned_values_load_finish (RapportStore   *store,
                                               GAsyncResult   *result,
                                               GError        **error);

G_END_DECLS
