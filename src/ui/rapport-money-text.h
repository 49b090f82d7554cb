/* rapport-money-text.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "rapport-money-action.h"

G_BEGIN_DECLS

/* The sentences several views say about one money action (plain text, translated). */

/* "$75.00 refund requested by Sam Rivera — Charged twice" (no reason: without the dash). */
char *rapport_money_text_request  (RapportMoneyAction       *action,
                                   const RapportMoneyFormat *format);
/* "Awaiting approval: $75.00 refund requested by Sam Rivera — Charged twice". */
char *rapport_money_text_awaiting (RapportMoneyAction       *action,
                                   const RapportMoneyFormat *format);
/* The title and body of the notification to the requester once their request is decided:
 * "Refund of $75.00 approved" / "Credit of $30.00 rejected", and "Dana Lee: <note>" (or who
 * decided, without a note). */
char *rapport_money_text_decided_title (RapportMoneyAction       *action,
                                        const RapportMoneyFormat *format);
char *rapport_money_text_decided_body  (RapportMoneyAction       *action);
/* Whether @action awaits a supervisor's decision: the helpdesk said so, or it is not synced
 * yet and the provisional verdict was "needs approval"; rejected, cancelled or decided ones
 * do not. */
gboolean rapport_money_text_is_awaiting (RapportMoneyAction *action);

G_END_DECLS
