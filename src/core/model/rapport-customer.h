/* rapport-customer.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "rapport-identity.h"
#include "rapport-types.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_CUSTOMER (rapport_customer_get_type ())
G_DECLARE_FINAL_TYPE (RapportCustomer, rapport_customer, RAPPORT, CUSTOMER, GObject)

/* A person the team helps: a set of identities.
 *
 * From a provider (in a RapportSyncPage): "remote-id" is the backend's id of the person
 * (RT user name, Zendesk user id), identities are the addresses the backend knows.
 * From the store: "id" is the local id; ticket counts and last contact are filled in by
 * rapport_store_load_customer().
 *
 * Properties: "id" (int64), "remote-id", "display-name", "organization",
 * "identities" (GListModel of RapportIdentity, read-only), "ticket-count" (uint),
 * "open-ticket-count" (uint), "last-contact" (int64 unix seconds, 0 = never),
 * "last-contact-subject" (string, subject of the ticket of the newest inbound message). */
RapportCustomer *rapport_customer_new                      (void);
gint64           rapport_customer_get_id                   (RapportCustomer *self);
void             rapport_customer_set_id                   (RapportCustomer *self,
                                                            gint64           id);
const char      *rapport_customer_get_remote_id            (RapportCustomer *self);
void             rapport_customer_set_remote_id            (RapportCustomer *self,
                                                            const char      *remote_id);
const char      *rapport_customer_get_display_name         (RapportCustomer *self);
void             rapport_customer_set_display_name         (RapportCustomer *self,
                                                            const char      *display_name);
const char      *rapport_customer_get_organization         (RapportCustomer *self);
void             rapport_customer_set_organization         (RapportCustomer *self,
                                                            const char      *organization);
GListModel      *rapport_customer_get_identities           (RapportCustomer *self);
void             rapport_customer_add_identity             (RapportCustomer *self,
                                                            RapportIdentity *identity);
guint            rapport_customer_get_ticket_count         (RapportCustomer *self);
void             rapport_customer_set_ticket_count         (RapportCustomer *self,
                                                            guint            count);
guint            rapport_customer_get_open_ticket_count    (RapportCustomer *self);
void             rapport_customer_set_open_ticket_count    (RapportCustomer *self,
                                                            guint            count);
gint64           rapport_customer_get_last_contact         (RapportCustomer *self);
const char      *rapport_customer_get_last_contact_subject (RapportCustomer *self);
void             rapport_customer_set_last_contact         (RapportCustomer *self,
                                                            gint64           unix_time,
                                                            const char      *subject);

G_END_DECLS
