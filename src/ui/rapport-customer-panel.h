/* rapport-customer-panel.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "rapport-store.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_CUSTOMER_PANEL (rapport_customer_panel_get_type ())
G_DECLARE_FINAL_TYPE (RapportCustomerPanel, rapport_customer_panel, RAPPORT, CUSTOMER_PANEL, GtkWidget)

/* The customer beside a ticket: name, organization, ticket counts, last contact, identities
 * (email, phone, chat, social) and the unified history of every interaction on every channel,
 * newest first. It loads from the store asynchronously, cancels stale loads when the customer
 * changes, and reloads when the store changes.
 *
 * Properties: "store", "customer-id" (int64, 0 = none), "current-ticket-id" (int64, the
 * ticket being shown; its history rows are marked), "loading" (read-only boolean),
 * "customer" (read-only RapportCustomer, NULL until loaded). */
GtkWidget       *rapport_customer_panel_new                   (void);
RapportStore    *rapport_customer_panel_get_store             (RapportCustomerPanel *self);
void             rapport_customer_panel_set_store             (RapportCustomerPanel *self,
                                                               RapportStore         *store);
gint64           rapport_customer_panel_get_customer_id       (RapportCustomerPanel *self);
void             rapport_customer_panel_set_customer_id       (RapportCustomerPanel *self,
                                                               gint64                customer_id);
gint64           rapport_customer_panel_get_current_ticket_id (RapportCustomerPanel *self);
void             rapport_customer_panel_set_current_ticket_id (RapportCustomerPanel *self,
                                                               gint64                ticket_id);
gboolean         rapport_customer_panel_get_loading           (RapportCustomerPanel *self);
RapportCustomer *rapport_customer_panel_get_customer          (RapportCustomerPanel *self);

G_END_DECLS
