/* rapport-ticket-row.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "rapport-ticket.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_TICKET_ROW (rapport_ticket_row_get_type ())
G_DECLARE_FINAL_TYPE (RapportTicketRow, rapport_ticket_row, RAPPORT, TICKET_ROW, GtkWidget)

/* One ticket of the ticket list: customer, subject, preview, channel, status, time.
 * It follows the ticket's property notifications, so a lazy placeholder item fills in place
 * when its row has been fetched. */
GtkWidget     *rapport_ticket_row_new        (void);
RapportTicket *rapport_ticket_row_get_ticket (RapportTicketRow *self);
void           rapport_ticket_row_set_ticket (RapportTicketRow *self,
                                              RapportTicket    *ticket);

G_END_DECLS
