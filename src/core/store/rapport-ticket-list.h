/* rapport-ticket-list.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "rapport-store.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_TICKET_LIST (rapport_ticket_list_get_type ())
G_DECLARE_FINAL_TYPE (RapportTicketList, rapport_ticket_list, RAPPORT, TICKET_LIST, GObject)

/* A lazy, store-backed GListModel of RapportTicket for one view of one account.
 *
 * It holds only the view's ticket ids (rapport_store_list_ticket_ids_async). get_item()
 * returns at once: a cached RapportTicket, or a placeholder ("loaded" FALSE) while the
 * rows around the position are fetched in one batch on the store's worker; the
 * placeholder is then filled in place (property notifications). Items are cached in a
 * bounded window so memory stays flat with 100k+ tickets.
 *
 * It reloads itself when the store emits "changed" for its account, keeping the items of
 * ids that stay and emitting minimal items-changed.
 *
 * Properties: "store" (construct-only), "account-id" (construct-only int64), "view"
 * (RapportView as int, read/write: changing it reloads), "loading" (boolean, read-only),
 * "n-items" (uint, read-only). Signal: "reloaded" after each reload finished. */
RapportTicketList *rapport_ticket_list_new      (RapportStore      *store,
                                                 gint64             account_id,
                                                 RapportView        view);
RapportView        rapport_ticket_list_get_view (RapportTicketList *self);
void               rapport_ticket_list_set_view (RapportTicketList *self,
                                                 RapportView        view);
gboolean           rapport_ticket_list_get_loading (RapportTicketList *self);
void               rapport_ticket_list_reload   (RapportTicketList *self);
/* Position of a ticket id in the current list, or G_MAXUINT. */
guint              rapport_ticket_list_find     (RapportTicketList *self,
                                                 gint64             ticket_id);

G_END_DECLS
