/* rapport-customer-panel.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "rapport-ticket-session.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_CUSTOMER_PANEL (rapport_customer_panel_get_type ())
G_DECLARE_FINAL_TYPE (RapportCustomerPanel, rapport_customer_panel, RAPPORT, CUSTOMER_PANEL, GtkWidget)

/* The customer beside a ticket: name, organization, ticket counts, last contact, identities
 * (email, phone, chat, social) and the unified history of every interaction on every channel,
 * newest first. It shows what its RapportTicketSession loaded (the session reloads when the
 * store changes); the rows of the session's ticket are marked. Switching to a session of
 * another ticket of the same customer keeps the customer shown until the new one is loaded.
 *
 * Properties: "session" (RapportTicketSession, NULL = none), "loading" (read-only boolean:
 * the session loads), "customer" (read-only RapportCustomer shown, NULL until loaded). */
GtkWidget            *rapport_customer_panel_new                   (void);
RapportTicketSession *rapport_customer_panel_get_session           (RapportCustomerPanel *self);
void                  rapport_customer_panel_set_session           (RapportCustomerPanel *self,
                                                                    RapportTicketSession *session);
/* The session's customer id (0 = none or not known yet) and ticket id (0 = none). */
gint64                rapport_customer_panel_get_customer_id       (RapportCustomerPanel *self);
gint64                rapport_customer_panel_get_current_ticket_id (RapportCustomerPanel *self);
gboolean              rapport_customer_panel_get_loading           (RapportCustomerPanel *self);
RapportCustomer      *rapport_customer_panel_get_customer          (RapportCustomerPanel *self);

G_END_DECLS
