/* rapport-customer-text.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "rapport-customer.h"

G_BEGIN_DECLS

/* The sentences several views say about one customer (plain text, translated). */

/* The display name, bidi-safe (rapport_ui_bidi_safe()), or "Unknown customer". */
char       *rapport_customer_text_name         (RapportCustomer *customer);
/* The organization, bidi-safe, or NULL when there is none. */
char       *rapport_customer_text_organization (RapportCustomer *customer);
/* "5 tickets · 2 open". */
char       *rapport_customer_text_counts       (RapportCustomer *customer);
/* "Last contact 2 hours ago about Cancel my subscription" (at @now, seconds since the epoch;
 * the subject bidi-safe), "Last contact 2 hours ago" without a subject, "Last contact on 3 Nov
 * 2099, 10:02" for a date after @now, or "No contact yet". */
char       *rapport_customer_text_last_contact (RapportCustomer *customer,
                                                gint64           now);

G_END_DECLS
