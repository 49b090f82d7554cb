/* test-money-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "rapport-money-dialog.h"
#include "rapport-test-hooks.h"
#include "rapport-ui-test-util.h"
#include "rapport-ui-util.h"

/* 2026-03-10T12:00:00Z */
#define NOW_US (G_GINT64_CONSTANT (1773144000) * G_USEC_PER_SEC)
#define DAY_US (G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC)
#define HOUR_US (G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC)

static const RapportMoneyFormat en_us = {
  .decimal = '.',
  .grouping = ',',
  .group_first = 3,
  .group_rest = 3,
  .position = RAPPORT_MONEY_SYMBOL_BEFORE,
};

static RapportMoneyDialog *
make_dialog (RapportMoneyKind kind,
             const char      *currency)
{
  RapportMoneyDialog *dialog;

  dialog = RAPPORT_MONEY_DIALOG (rapport_money_dialog_new (NULL, kind, currency));
  g_object_ref_sink (dialog);
  rapport_money_dialog_set_format (dialog, &en_us);
  rapport_money_dialog_set_now (dialog, NOW_US);

  return dialog;
}

static void
destroy_dialog (RapportMoneyDialog *dialog)
{
  gtk_window_destroy (GTK_WINDOW (dialog));
  rapport_test_release_and_wait (&dialog);
}

static AdwEntryRow *
find_row (RapportMoneyDialog *dialog,
          const char         *label)
{
  GtkWidget *row = rapport_test_find_by_accessible_label (GTK_WIDGET (dialog),
                                                          ADW_TYPE_ENTRY_ROW, label);

  g_assert_nonnull (row);
  return ADW_ENTRY_ROW (row);
}

static GtkButton *
find_confirm (RapportMoneyDialog *dialog)
{
  g_autoptr(GPtrArray) buttons = rapport_test_find_widgets (GTK_WIDGET (dialog), GTK_TYPE_BUTTON);

  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_actionable_get_action_name (buttons->pdata[i]), "money.confirm") == 0)
      return buttons->pdata[i];

  g_assert_not_reached ();
}

static void
type (RapportMoneyDialog *dialog,
      const char         *label,
      const char         *text)
{
  gtk_editable_set_text (GTK_EDITABLE (find_row (dialog, label)), text);
}

static gboolean
confirm_enabled (RapportMoneyDialog *dialog)
{
  return gtk_widget_is_sensitive (GTK_WIDGET (find_confirm (dialog)));
}

static void
test_money_dialog_new_destroy (void)
{
  RapportMoneyDialog *dialog = make_dialog (RAPPORT_MONEY_KIND_REFUND, "USD");

  g_assert_cmpint (rapport_money_dialog_get_kind (dialog), ==, RAPPORT_MONEY_KIND_REFUND);
  g_assert_cmpstr (rapport_money_dialog_get_currency (dialog), ==, "USD");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Refund");
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));

  destroy_dialog (dialog);
}

/* The three sentences, the button following the verdict. */
static void
test_money_dialog_verdicts (void)
{
  RapportMoneyDialog *dialog = make_dialog (RAPPORT_MONEY_KIND_REFUND, "USD");
  RapportPolicyEntry customer[] = {
    { RAPPORT_MONEY_KIND_REFUND, { 4000, "USD" }, RAPPORT_ACTION_STATE_EXECUTED, NOW_US - 10 * DAY_US },
  };
  RapportPolicyHistory customer_recent = { customer, G_N_ELEMENTS (customer) };
  RapportPolicyEvaluation evaluation;
  RapportMoney amount;

  /* Empty: a hint, nothing to confirm. */
  g_assert_cmpstr (rapport_money_dialog_get_verdict_text (dialog), ==, "Enter the amount in USD");
  g_assert_false (rapport_money_dialog_get_valid (dialog));
  g_assert_false (confirm_enabled (dialog));
  g_assert_cmpstr (gtk_button_get_label (find_confirm (dialog)), ==, "Refund");
  g_assert_false (rapport_money_dialog_get_amount (dialog, &amount));

  type (dialog, "Amount", "20");
  g_assert_cmpstr (rapport_money_dialog_get_verdict_text (dialog), ==,
                   "Within your limit (up to $50.00)");
  g_assert_true (rapport_money_dialog_get_valid (dialog));
  g_assert_cmpint (rapport_money_dialog_get_verdict (dialog), ==, RAPPORT_VERDICT_ALLOWED);
  g_assert_cmpstr (gtk_button_get_label (find_confirm (dialog)), ==, "Refund $20.00");
  /* No reason yet. */
  g_assert_false (confirm_enabled (dialog));
  type (dialog, "Reason", "   ");
  g_assert_false (confirm_enabled (dialog));
  type (dialog, "Reason", "Charged twice");
  g_assert_true (confirm_enabled (dialog));

  /* Exactly at the limit is within it. */
  type (dialog, "Amount", "$50.00");
  g_assert_cmpstr (rapport_money_dialog_get_verdict_text (dialog), ==,
                   "Within your limit (up to $50.00)");

  type (dialog, "Amount", "75");
  g_assert_cmpstr (rapport_money_dialog_get_verdict_text (dialog), ==,
                   "Needs supervisor approval: $75.00 is $25.00 over your refund limit");
  g_assert_cmpint (rapport_money_dialog_get_verdict (dialog), ==, RAPPORT_VERDICT_NEEDS_APPROVAL);
  g_assert_cmpstr (gtk_button_get_label (find_confirm (dialog)), ==, "Request Approval");
  g_assert_true (confirm_enabled (dialog));

  rapport_money_dialog_set_history (dialog, &customer_recent, NULL);
  type (dialog, "Amount", "50");
  g_assert_cmpstr (rapport_money_dialog_get_verdict_text (dialog), ==,
                   "Needs approval: this customer has received $40.00 in refunds in the last "
                   "30 days; this would make $90.00, over the $75.00 limit");
  g_assert_true (rapport_money_dialog_get_evaluation (dialog, &evaluation));
  g_assert_cmpint (evaluation.reason, ==, RAPPORT_VERDICT_REASON_CUSTOMER_WINDOW);
  g_assert_cmpstr (gtk_button_get_label (find_confirm (dialog)), ==, "Request Approval");
  g_assert_true (rapport_money_dialog_get_amount (dialog, &amount));
  g_assert_cmpint (amount.minor, ==, 5000);
  g_assert_cmpstr (amount.currency, ==, "USD");

  /* Once the entry has left the window, 50.00 is within the limit again. */
  customer[0].at_us = NOW_US - 30 * DAY_US;
  rapport_money_dialog_set_history (dialog, &customer_recent, NULL);
  g_assert_cmpstr (rapport_money_dialog_get_verdict_text (dialog), ==,
                   "Within your limit (up to $50.00)");

  /* A senior's limit is higher. */
  rapport_money_dialog_set_role (dialog, RAPPORT_ROLE_SENIOR);
  type (dialog, "Amount", "75");
  g_assert_cmpstr (rapport_money_dialog_get_verdict_text (dialog), ==,
                   "Within your limit (up to $200.00)");

  destroy_dialog (dialog);
}

static void
test_money_dialog_credit_and_day (void)
{
  RapportMoneyDialog *dialog = make_dialog (RAPPORT_MONEY_KIND_CREDIT, "USD");
  RapportPolicyEntry agent[] = {
    { RAPPORT_MONEY_KIND_REFUND, { 18000, "USD" }, RAPPORT_ACTION_STATE_EXECUTED, NOW_US - HOUR_US },
    { RAPPORT_MONEY_KIND_CREDIT, { 8000, "USD" }, RAPPORT_ACTION_STATE_PENDING_APPROVAL, NOW_US - HOUR_US },
  };
  RapportPolicyHistory agent_recent = { agent, G_N_ELEMENTS (agent) };

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Credit");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (find_row (dialog, "Amount"))),
                   ==, "_Amount in USD");

  type (dialog, "Amount", "30");
  g_assert_cmpstr (rapport_money_dialog_get_verdict_text (dialog), ==,
                   "Needs supervisor approval: $30.00 is $5.00 over your credit limit");

  type (dialog, "Amount", "12.50");
  g_assert_cmpstr (rapport_money_dialog_get_verdict_text (dialog), ==,
                   "Within your limit (up to $25.00)");
  g_assert_cmpstr (gtk_button_get_label (find_confirm (dialog)), ==, "Credit $12.50");

  /* The agent's day: 80.00 credited already (pending counts), 25.00 more is over 100.00. The
   * refunds of the day do not count toward credits. */
  rapport_money_dialog_set_history (dialog, NULL, &agent_recent);
  type (dialog, "Amount", "25");
  g_assert_cmpstr (rapport_money_dialog_get_verdict_text (dialog), ==,
                   "Needs approval: you have credited $80.00 today; this would make $105.00, "
                   "over your daily limit of $100.00");
  g_assert_cmpstr (gtk_button_get_label (find_confirm (dialog)), ==, "Request Approval");

  destroy_dialog (dialog);

  dialog = make_dialog (RAPPORT_MONEY_KIND_REFUND, "USD");
  rapport_money_dialog_set_history (dialog, NULL, &agent_recent);
  type (dialog, "Amount", "25");
  g_assert_cmpstr (rapport_money_dialog_get_verdict_text (dialog), ==,
                   "Needs approval: you have refunded $180.00 today; this would make $205.00, "
                   "over your daily limit of $200.00");
  destroy_dialog (dialog);
}

typedef struct
{
  const char *currency;
  const char *text;
  const char *verdict;
} ParseCase;

static const ParseCase parse_cases[] = {
  { "USD", "-5", "The amount cannot be negative" },
  { "USD", "(5.00)", "The amount cannot be negative" },
  { "USD", "0", "The amount must be more than zero" },
  { "USD", "0.00", "The amount must be more than zero" },
  { "USD", "12.345", "Amounts in USD have at most 2 decimals" },
  { "JPY", "12.5", "Amounts in JPY have no decimals" },
  { "KWD", "1.2345", "Amounts in KWD have at most 3 decimals" },
  { "USD", "92233720368547758.08", "The amount is too large" },
  { "USD", "abc", "This is not an amount: write digits, as in $12.50" },
  { "JPY", "abc", "This is not an amount: write digits, as in ¥1,200" },
  { "USD", "1,50", "The separators are not where they belong: write the amount as in $12.50" },
  { "USD", "€5", "This account works in USD only: enter the amount in USD" },
  { "USD", "5 EUR", "This account works in USD only: enter the amount in USD" },
  { "USD", "  ", "Enter the amount in USD" },
};

static void
test_money_dialog_parse_errors (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (parse_cases); i++)
    {
      const ParseCase *c = &parse_cases[i];
      RapportMoneyDialog *dialog = make_dialog (RAPPORT_MONEY_KIND_REFUND, c->currency);

      g_test_message ("%s “%s”", c->currency, c->text);
      type (dialog, "Reason", "Charged twice");
      type (dialog, "Amount", c->text);
      g_assert_cmpstr (rapport_money_dialog_get_verdict_text (dialog), ==, c->verdict);
      g_assert_false (rapport_money_dialog_get_valid (dialog));
      g_assert_false (confirm_enabled (dialog));
      g_assert_cmpstr (gtk_button_get_label (find_confirm (dialog)), ==, "Refund");

      destroy_dialog (dialog);
    }
}

static void
test_money_dialog_denied (void)
{
  RapportMoneyDialog *dialog = make_dialog (RAPPORT_MONEY_KIND_REFUND, "EUR");

  /* The policy's limits are in USD: an action in EUR is not possible. */
  type (dialog, "Reason", "Charged twice");
  type (dialog, "Amount", "5");
  g_assert_cmpstr (rapport_money_dialog_get_verdict_text (dialog), ==,
                   "Not possible: the helpdesk's limits are not in EUR");
  g_assert_false (confirm_enabled (dialog));
  destroy_dialog (dialog);

  dialog = make_dialog (RAPPORT_MONEY_KIND_CREDIT, "USD");
  rapport_money_dialog_set_has_role (dialog, FALSE);
  type (dialog, "Reason", "Charged twice");
  type (dialog, "Amount", "5");
  g_assert_cmpstr (rapport_money_dialog_get_verdict_text (dialog), ==,
                   "Not possible: the helpdesk gives you no role that may credit");
  g_assert_false (rapport_money_dialog_get_valid (dialog));
  g_assert_false (confirm_enabled (dialog));
  rapport_money_dialog_set_has_role (dialog, TRUE);
  g_assert_true (confirm_enabled (dialog));
  destroy_dialog (dialog);
}

static void
test_money_dialog_offline (void)
{
  RapportMoneyDialog *dialog = make_dialog (RAPPORT_MONEY_KIND_REFUND, "USD");
  GtkLabel *note;

  g_assert_null (rapport_money_dialog_get_offline_text (dialog));
  note = rapport_test_find_label_with_prefix (GTK_WIDGET (dialog), "You are offline");
  g_assert_nonnull (note);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (note)));

  rapport_money_dialog_set_offline (dialog, TRUE);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (note)));
  g_assert_cmpstr (rapport_money_dialog_get_offline_text (dialog), ==,
                   "You are offline: this verdict is provisional. The helpdesk decides when "
                   "Rapport is back online and sends it.");

  /* Offline, a valid request may still be made: it waits in the outbox. */
  type (dialog, "Amount", "20");
  type (dialog, "Reason", "Charged twice");
  g_assert_true (confirm_enabled (dialog));

  rapport_money_dialog_set_offline (dialog, FALSE);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (note)));
  g_assert_null (rapport_money_dialog_get_offline_text (dialog));

  /* Online, with the limits kept from an earlier run and not confirmed yet: provisional too. */
  rapport_money_dialog_set_unconfirmed (dialog, TRUE);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (note)));
  g_assert_cmpstr (rapport_money_dialog_get_offline_text (dialog), ==,
                   "The helpdesk has not confirmed your limits yet: this verdict, from its last "
                   "answer, is provisional. The helpdesk decides when it gets the request.");
  /* Offline says so first. */
  rapport_money_dialog_set_offline (dialog, TRUE);
  g_assert_true (g_str_has_prefix (rapport_money_dialog_get_offline_text (dialog),
                                   "You are offline"));
  rapport_money_dialog_set_offline (dialog, FALSE);
  rapport_money_dialog_set_unconfirmed (dialog, FALSE);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (note)));
  destroy_dialog (dialog);
}

static void
test_money_dialog_accessible (void)
{
  RapportMoneyDialog *dialog = make_dialog (RAPPORT_MONEY_KIND_REFUND, "USD");
  GtkLabel *verdict;

  g_assert_nonnull (find_row (dialog, "Amount"));
  g_assert_nonnull (find_row (dialog, "Reason"));
  g_assert_nonnull (find_row (dialog, "Order reference"));

  /* The verdict label's accessible name is its text (the status it announces). */
  verdict = rapport_test_find_label_with_prefix (GTK_WIDGET (dialog), "Enter the amount in USD");
  g_assert_nonnull (verdict);
  g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (verdict)), ==,
                   GTK_ACCESSIBLE_ROLE_STATUS);
  g_assert_false (gtk_label_get_use_markup (verdict));

  /* The text the agent typed is shown as typed, never as markup. */
  type (dialog, "Amount", "<b>5</b>");
  g_assert_false (gtk_label_get_use_markup (verdict));
  g_assert_cmpstr (gtk_label_get_text (verdict), ==, rapport_money_dialog_get_verdict_text (dialog));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (verdict), "error"));

  type (dialog, "Amount", "75");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (verdict), "warning"));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (verdict), "error"));
  type (dialog, "Amount", "5");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (verdict), "success"));

  /* Cancel closes the window; the confirm button is the suggested action. */
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (find_confirm (dialog)), "suggested-action"));
  {
    g_autoptr(GPtrArray) buttons = rapport_test_find_widgets (GTK_WIDGET (dialog), GTK_TYPE_BUTTON);
    gboolean has_cancel = FALSE;

    for (guint i = 0; i < buttons->len; i++)
      if (g_strcmp0 (gtk_actionable_get_action_name (buttons->pdata[i]), "window.close") == 0 &&
          g_strcmp0 (gtk_button_get_label (buttons->pdata[i]), "_Cancel") == 0)
        has_cancel = TRUE;
    g_assert_true (has_cancel);
  }

  destroy_dialog (dialog);
}

typedef struct
{
  guint        n_confirmed;
  RapportMoney amount;
  char        *reason;
  char        *order;
} Confirmed;

static void
on_confirmed_cb (RapportMoneyDialog *dialog,
                 Confirmed          *c)
{
  c->n_confirmed++;
  g_assert_true (rapport_money_dialog_get_amount (dialog, &c->amount));
  c->reason = rapport_money_dialog_dup_reason (dialog);
  c->order = rapport_money_dialog_dup_order_reference (dialog);
}

static gboolean
is_null (gpointer user_data)
{
  return *(gpointer *) user_data == NULL;
}

static void
test_money_dialog_confirm (void)
{
  RapportMoneyDialog *dialog = make_dialog (RAPPORT_MONEY_KIND_REFUND, "USD");
  Confirmed c = { 0, };
  RapportMoneyDialog *weak = dialog;

  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &weak);
  g_signal_connect (dialog, "confirmed", G_CALLBACK (on_confirmed_cb), &c);
  gtk_window_present (GTK_WINDOW (dialog));

  /* Enter in an incomplete form moves on; nothing is confirmed. */
  type (dialog, "Amount", "1,234.5");
  g_signal_emit_by_name (find_row (dialog, "Amount"), "entry-activated");
  g_assert_cmpuint (c.n_confirmed, ==, 0);

  type (dialog, "Order reference", "  A-1009 ");
  type (dialog, "Reason", " Charged twice for March ");
  g_signal_emit_by_name (find_row (dialog, "Reason"), "entry-activated");
  g_assert_cmpuint (c.n_confirmed, ==, 1);
  g_assert_cmpint (c.amount.minor, ==, 123450);
  g_assert_cmpstr (c.reason, ==, "Charged twice for March");
  g_assert_cmpstr (c.order, ==, "A-1009");

  /* The dialog closed itself: once the test's reference goes, it is finalized. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_object_unref (dialog);
  rapport_test_wait_until (is_null, &weak, 5000, "the dialog finalized");
  g_free (c.reason);
  g_free (c.order);
}

static void
save_picture (RapportMoneyDialog *dialog,
              const char         *name)
{
  g_autofree char *path = g_build_filename (UI_TEST_BUILDDIR, name, NULL);
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  for (guint tries = 0; ; tries++)
    {
      rapport_test_wait_for_frame (GTK_WIDGET (dialog));
      if (rapport_widget_save_png (GTK_WIDGET (dialog), path, &error))
        break;
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED);
      g_assert_cmpuint (tries, <, 10);
      g_clear_error (&error);
    }
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_test_message ("%s: %" G_GINT64_FORMAT " bytes", path, (gint64) st.st_size);
}

static void
test_money_dialog_screenshot (void)
{
  RapportMoneyDialog *dialog = make_dialog (RAPPORT_MONEY_KIND_REFUND, "USD");
  RapportPolicyEntry customer[] = {
    { RAPPORT_MONEY_KIND_REFUND, { 4000, "USD" }, RAPPORT_ACTION_STATE_EXECUTED, NOW_US - 10 * DAY_US },
  };
  RapportPolicyHistory customer_recent = { customer, G_N_ELEMENTS (customer) };

  /* The entry rows animate their titles when they get text: take the pictures at rest. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  gtk_window_present (GTK_WINDOW (dialog));
  type (dialog, "Amount", "20");
  type (dialog, "Reason", "Charged twice for March");
  save_picture (dialog, "money-dialog-allowed.png");

  rapport_money_dialog_set_history (dialog, &customer_recent, NULL);
  rapport_money_dialog_set_offline (dialog, TRUE);
  type (dialog, "Amount", "50");
  type (dialog, "Order reference", "A-1009");
  save_picture (dialog, "money-dialog-approval.png");

  type (dialog, "Amount", "12.345");
  save_picture (dialog, "money-dialog-error.png");

  destroy_dialog (dialog);
}

int
main (int   argc,
      char *argv[])
{
  rapport_test_ui_init (&argc, &argv);

  g_test_add_func ("/rapport/ui/money-dialog/new-destroy", test_money_dialog_new_destroy);
  g_test_add_func ("/rapport/ui/money-dialog/verdicts", test_money_dialog_verdicts);
  g_test_add_func ("/rapport/ui/money-dialog/credit-and-day", test_money_dialog_credit_and_day);
  g_test_add_func ("/rapport/ui/money-dialog/parse-errors", test_money_dialog_parse_errors);
  g_test_add_func ("/rapport/ui/money-dialog/denied", test_money_dialog_denied);
  g_test_add_func ("/rapport/ui/money-dialog/offline", test_money_dialog_offline);
  g_test_add_func ("/rapport/ui/money-dialog/accessible", test_money_dialog_accessible);
  g_test_add_func ("/rapport/ui/money-dialog/confirm", test_money_dialog_confirm);
  g_test_add_func ("/rapport/ui/money-dialog/screenshot", test_money_dialog_screenshot);

  return g_test_run ();
}
