/* rapport-request-context.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "rapport-money-action.h"
#include "rapport-store.h"

G_BEGIN_DECLS

#define RAPPORT_REQUEST_CONTEXT_HISTORY_PAGE 50

#define RAPPORT_TYPE_REQUEST_CONTEXT (rapport_request_context_get_type ())
G_DECLARE_FINAL_TYPE (RapportRequestContext, rapport_request_context,
                      RAPPORT, REQUEST_CONTEXT, GtkWidget)

/* What a supervisor needs to decide a refund or credit request, about its customer, from the
 * cache (so also offline): who the customer is (name, organization, ticket counts, last
 * contact), their refunds and credits (the money summary over the policy's window) and the
 * earlier ones one by one with their state (list "Previous refunds and credits", each row
 * "Refund, $40.00, done, 3 Nov: <reason>"), their unified history across channels (list
 * "History of <name>", the rows of the customer panel; those of the request's ticket marked;
 * RAPPORT_REQUEST_CONTEXT_HISTORY_PAGE entries at first, a page more each time "Show More
 * History" is pressed),
 * and their identities (list "Identities of <name>"). Rows of a ticket open it
 * (win.open-ticket).
 *
 * It reads the store with the customer panel's queries (rapport_store_load_customer(),
 * rapport_store_customer_history_page(), rapport_store_list_customer_actions()) and shows their
 * results together, only while they are the selected request's customer's: another
 * customer's context is cleared at once, the same customer's stays until the new read.
 *
 * Properties: "loading" (read-only boolean), "customer-id" (read-only int64: the customer
 * shown, 0 = none). */
GtkWidget *rapport_request_context_new             (void);
/* Shows the context of @request (NULL: none) read from @store (NULL: nothing to read), with
 * the money summary over @window_days days. Reads again when called again. */
void       rapport_request_context_set_request     (RapportRequestContext *self,
                                                    RapportStore          *store,
                                                    RapportMoneyAction    *request,
                                                    guint                  window_days);
gboolean   rapport_request_context_get_loading     (RapportRequestContext *self);
gint64     rapport_request_context_get_customer_id (RapportRequestContext *self);

G_END_DECLS
