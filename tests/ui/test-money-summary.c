/* test-money-summary.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rapport-money-summary-view.h"
#include "rapport-ui-test-util.h"

static const RapportMoneyFormat en_us = {
  .decimal = '.',
  .grouping = ',',
  .group_first = 3,
  .group_rest = 3,
  .position = RAPPORT_MONEY_SYMBOL_BEFORE,
};

static RapportMoneySummaryView *
make_view (void)
{
  RapportMoneySummaryView *view = RAPPORT_MONEY_SUMMARY_VIEW (rapport_money_summary_view_new ());

  g_object_ref_sink (view);
  rapport_money_summary_view_set_format (view, &en_us);
  return view;
}

static void
test_money_summary_new_destroy (void)
{
  RapportMoneySummaryView *view = make_view ();

  /* Without a summary (no customer, or an account without money actions): hidden. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (view)));
  g_assert_null (rapport_money_summary_view_get_text (view));
  g_assert_finalize_object (view);
}

static void
test_money_summary_lines (void)
{
  RapportMoneySummaryView *view = make_view ();
  RapportMoneyTotals usd = {
    .currency = "USD",
    .refunds = 12000, .refunds_window = 4000, .refunds_pending = 7500,
    .credits = 2500, .credits_window = 0, .credits_pending = 0,
    .n_refunds = 3, .n_credits = 1,
  };
  RapportMoneyTotals eur = {
    .currency = "EUR",
    .credits = 123456, .credits_window = 123456,
    .n_credits = 1,
  };
  RapportMoneyTotals jpy = {
    .currency = "JPY",
    .refunds_pending = 5000,
  };
  RapportMoneySummary summary = { .customer_id = 7, .window_days = 30 };

  /* A customer without any: said so. */
  summary.totals = g_array_new (FALSE, FALSE, sizeof (RapportMoneyTotals));
  rapport_money_summary_view_set_summary (view, &summary);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (view)));
  g_assert_cmpstr (rapport_money_summary_view_get_text (view), ==, "No refunds or credits");

  g_array_append_val (summary.totals, eur);
  g_array_append_val (summary.totals, usd);
  summary.n_invalid_decisions = 1;
  rapport_money_summary_view_set_summary (view, &summary);
  g_assert_cmpstr (rapport_money_summary_view_get_text (view), ==,
                   "Credits: €1,234.56 to date, €1,234.56 in the last 30 days\n"
                   "Refunds: $120.00 to date, $40.00 in the last 30 days, $75.00 awaiting approval\n"
                   "Credits: $25.00 to date, $0.00 in the last 30 days\n"
                   "1 decision did not pass verification and moved no money");
  g_assert_nonnull (rapport_test_find_label_with_prefix (GTK_WIDGET (view), "Refunds: $120.00"));

  /* Nothing moved yet, only a request waiting. */
  g_array_set_size (summary.totals, 0);
  g_array_append_val (summary.totals, jpy);
  summary.n_invalid_decisions = 0;
  rapport_money_summary_view_set_summary (view, &summary);
  g_assert_cmpstr (rapport_money_summary_view_get_text (view), ==,
                   "Refunds: none so far, ¥5,000 awaiting approval");

  /* One day, and a sum too large to add up. */
  g_array_set_size (summary.totals, 0);
  usd.saturated = TRUE;
  usd.refunds = G_MAXINT64;
  usd.refunds_pending = 0;
  g_array_append_val (summary.totals, usd);
  summary.window_days = 1;
  summary.n_invalid_decisions = 0;
  rapport_money_summary_view_set_summary (view, &summary);
  g_assert_cmpstr (rapport_money_summary_view_get_text (view), ==,
                   "Refunds: more than $92,233,720,368,547,758.07 to date, $40.00 in the last 1 day\n"
                   "Credits: $25.00 to date, $0.00 in the last 1 day");

  rapport_money_summary_view_set_summary (view, NULL);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (view)));

  g_array_unref (summary.totals);
  g_assert_finalize_object (view);
}

/* Bottom of @widget in @root's coordinates. */
static double
bottom_in (GtkWidget *widget,
           GtkWidget *root)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (widget, root, &bounds));
  return bounds.origin.y + bounds.size.height;
}

static double
top_in (GtkWidget *widget,
        GtkWidget *root)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (widget, root, &bounds));
  return bounds.origin.y;
}

/* In a narrow column (the customer panel's), a line that wraps makes the summary taller: what
 * comes after it starts below its last line, with the column's spacing. The summary is shown
 * only once the column was laid out without it, as in the panel. */
static void
test_money_summary_wraps (void)
{
  RapportMoneySummaryView *view = make_view ();
  RapportMoneyTotals usd = {
    .currency = "USD",
    .refunds = 2400, .refunds_window = 2400, .refunds_pending = 6000,
    .credits_pending = 3000,
    .n_refunds = 1,
  };
  RapportMoneySummary summary = { .customer_id = 7, .window_days = 30 };
  g_autoptr(GPtrArray) labels = NULL;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  GtkWidget *heading = gtk_label_new ("Identities");
  GtkWidget *last = NULL;
  int height;

  gtk_widget_set_valign (box, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (view));
  gtk_box_append (GTK_BOX (box), heading);
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_set_default_size (GTK_WINDOW (window), 300, 400);
  gtk_window_set_resizable (GTK_WINDOW (window), FALSE);
  gtk_widget_set_size_request (box, 300, -1);
  gtk_window_present (GTK_WINDOW (window));
  rapport_test_wait_for_frame (window);

  summary.totals = g_array_new (FALSE, FALSE, sizeof (RapportMoneyTotals));
  g_array_append_val (summary.totals, usd);
  rapport_money_summary_view_set_summary (view, &summary);
  rapport_test_wait_for_frame (window);
  rapport_test_wait_for_frame (window);

  labels = rapport_test_find_widgets (GTK_WIDGET (view), GTK_TYPE_LABEL);
  for (guint i = 0; i < labels->len; i++)
    {
      GtkWidget *label = labels->pdata[i];

      if (!gtk_widget_get_visible (label) || gtk_label_get_text (GTK_LABEL (label))[0] == '\0')
        continue;
      /* Each line gets the height its text needs at its width. */
      gtk_widget_measure (label, GTK_ORIENTATION_VERTICAL, gtk_widget_get_width (label),
                          &height, NULL, NULL, NULL);
      g_assert_cmpint (gtk_widget_get_height (label), >=, height);
      if (last == NULL || bottom_in (label, box) > bottom_in (last, box))
        last = label;
    }
  g_assert_nonnull (last);
  /* The refunds line is the one that wraps here. */
  g_assert_nonnull (rapport_test_find_label_with_prefix (GTK_WIDGET (view), "Refunds: $24.00"));
  g_assert_cmpfloat (top_in (heading, box), >=, bottom_in (last, box) + 18);

  g_array_unref (summary.totals);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (view);
}

int
main (int   argc,
      char *argv[])
{
  rapport_test_ui_init (&argc, &argv);

  g_test_add_func ("/rapport/ui/money-summary/new-destroy", test_money_summary_new_destroy);
  g_test_add_func ("/rapport/ui/money-summary/lines", test_money_summary_lines);
  g_test_add_func ("/rapport/ui/money-summary/wraps", test_money_summary_wraps);

  return g_test_run ();
}
