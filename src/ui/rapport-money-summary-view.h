/* rapport-money-summary-view.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "rapport-money.h"
#include "rapport-store-actions.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_MONEY_SUMMARY_VIEW (rapport_money_summary_view_get_type ())
G_DECLARE_FINAL_TYPE (RapportMoneySummaryView, rapport_money_summary_view,
                      RAPPORT, MONEY_SUMMARY_VIEW, GtkWidget)

/* The customer panel's money summary: under the heading "Refunds and Credits", one line per
 * kind and currency the customer has, "Refunds: $120.00 to date, $40.00 in the last 30 days,
 * $75.00 awaiting approval", and a warning when decisions did not pass verification; "No
 * refunds or credits" when there are none. Hidden without a summary. Plain labels only.
 * The summary is read when set (nothing is kept of it). */
GtkWidget  *rapport_money_summary_view_new          (void);
void        rapport_money_summary_view_set_summary  (RapportMoneySummaryView   *self,
                                                     const RapportMoneySummary *summary);
/* How amounts are written; by default the C locale's monetary conventions. */
void        rapport_money_summary_view_set_format   (RapportMoneySummaryView   *self,
                                                     const RapportMoneyFormat  *format);
/* The lines shown now, joined with "\n" (for tests and the accessible description). */
const char *rapport_money_summary_view_get_text     (RapportMoneySummaryView   *self);

G_END_DECLS
