/* test-approvals-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "rapport-approvals-view.h"
#include "rapport-money-text.h"
#include "rapport-test-hooks.h"
#include "rapport-ui-test-util.h"
#include "rapport-ui-util.h"

static RapportMoneyAction *
make_request (gint64           id,
              RapportMoneyKind kind,
              gint64           minor,
              const char      *customer,
              const char      *requester,
              const char      *reason)
{
  RapportMoneyAction *action = rapport_money_action_new ();
  RapportMoney amount;

  g_assert_true (rapport_money_init (&amount, minor, "USD", NULL));
  rapport_money_action_set_id (action, id);
  rapport_money_action_set_remote_id (action, "m-1");
  rapport_money_action_set_ticket_id (action, 10 + id);
  rapport_money_action_set_ticket_remote_id (action, "1005");
  rapport_money_action_set_kind (action, kind);
  rapport_money_action_set_amount (action, &amount);
  rapport_money_action_set_reason (action, reason);
  rapport_money_action_set_requester (action, "sam", requester);
  rapport_money_action_set_created_at (action, g_get_real_time ());
  rapport_money_action_set_server_state (action, RAPPORT_ACTION_STATE_PENDING_APPROVAL);
  rapport_money_action_set_state (action, RAPPORT_ACTION_STATE_PENDING_APPROVAL);
  rapport_money_action_set_approval (action, "a-1", "\"1\"");
  rapport_money_action_set_context (action, customer, "Charged twice for March");

  return action;
}

static GPtrArray *
make_requests (void)
{
  GPtrArray *requests = g_ptr_array_new_with_free_func (g_object_unref);

  g_ptr_array_add (requests, make_request (1, RAPPORT_MONEY_KIND_REFUND, 7500, "Chloé Silva",
                                           "Sam Rivera", "Charged twice for March"));
  g_ptr_array_add (requests, make_request (2, RAPPORT_MONEY_KIND_CREDIT, 3000, "Liam López",
                                           "Ana Ruiz", "Late delivery"));
  return requests;
}

static void
test_money_text (void)
{
  g_autoptr(RapportMoneyAction) action = make_request (1, RAPPORT_MONEY_KIND_REFUND, 7500,
                                                       "Chloé Silva", "Sam Rivera",
                                                       "Charged twice for March");
  RapportMoneyFormat format;
  g_autofree char *awaiting = NULL;
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;

  rapport_money_format_init_from_locale (&format);
  awaiting = rapport_money_text_awaiting (action, &format);
  g_assert_cmpstr (awaiting, ==,
                   "Awaiting approval: $75.00 refund requested by Sam Rivera — Charged twice for March");
  g_assert_true (rapport_money_text_is_awaiting (action));

  /* Decided and verified: no longer awaiting; the notification words it. */
  rapport_money_action_set_decision (action, RAPPORT_DECISION_APPROVE, "dana", "Dana Lee",
                                     g_get_real_time (), "Fine, long-time customer");
  rapport_money_action_set_decision_check (action, RAPPORT_APPROVAL_CHECK_VALID);
  rapport_money_action_set_state (action, RAPPORT_ACTION_STATE_APPROVED);
  g_assert_false (rapport_money_text_is_awaiting (action));
  title = rapport_money_text_decided_title (action, &format);
  body = rapport_money_text_decided_body (action);
  g_assert_cmpstr (title, ==, "Refund of $75.00 approved");
  g_assert_cmpstr (body, ==, "Dana Lee: Fine, long-time customer");
}

typedef struct
{
  guint   n_decided;
  gint64  action_id;
  int     decision;
  char   *note;
} Decided;

static void
on_decided_cb (RapportApprovalsView *view,
               gint64                action_id,
               int                   decision,
               const char           *note,
               Decided              *d)
{
  d->n_decided++;
  d->action_id = action_id;
  d->decision = decision;
  g_free (d->note);
  d->note = g_strdup (note);
}

/* Whether the button of approvals.<name> can be pressed (it follows the action). */
static gboolean
action_enabled (GtkWidget  *widget,
                const char *name)
{
  g_autoptr(GPtrArray) buttons = rapport_test_find_widgets (widget, GTK_TYPE_BUTTON);
  g_autofree char *action = g_strconcat ("approvals.", name, NULL);

  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_actionable_get_action_name (buttons->pdata[i]), action) == 0)
      return gtk_widget_is_sensitive (buttons->pdata[i]);

  g_assert_not_reached ();
}

static void
test_approvals_view (void)
{
  RapportApprovalsView *view = RAPPORT_APPROVALS_VIEW (rapport_approvals_view_new ());
  g_autoptr(GPtrArray) requests = make_requests ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  GtkWidget *window;
  GtkWidget *list;
  GtkWidget *row;
  GtkWidget *note;
  GtkButton *approve = NULL;
  Decided d = { 0, };
  g_autoptr(GPtrArray) buttons = NULL;

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 980, 620);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  g_signal_connect (view, "decided", G_CALLBACK (on_decided_cb), &d);

  /* Nothing waits: a status page says so. */
  g_assert_cmpuint (rapport_approvals_view_get_count (view), ==, 0);
  g_assert_nonnull (rapport_test_find_label_with_prefix (GTK_WIDGET (view),
                                                         "No Requests Awaiting Approval"));

  rapport_approvals_view_set_requests (view, requests);
  g_assert_cmpuint (rapport_approvals_view_get_count (view), ==, 2);
  list = rapport_test_find_by_accessible_label (GTK_WIDGET (view), GTK_TYPE_LIST_BOX,
                                                "Approval requests");
  g_assert_nonnull (list);
  row = rapport_test_find_by_accessible_label (list, GTK_TYPE_LIST_BOX_ROW,
                                               "Chloé Silva: $75.00 refund requested by Sam Rivera "
                                               "— Charged twice for March");
  g_assert_nonnull (row);
  g_assert_nonnull (rapport_test_find_by_accessible_label (list, GTK_TYPE_LIST_BOX_ROW,
                                                           "Liam López: $30.00 credit requested by "
                                                           "Ana Ruiz — Late delivery"));

  /* The oldest is selected and shown. */
  g_assert_true (gtk_list_box_row_is_selected (GTK_LIST_BOX_ROW (row)));
  g_assert_nonnull (rapport_test_find_label_with_prefix (GTK_WIDGET (view),
                                                         "$75.00 refund for Chloé Silva"));
  g_assert_nonnull (rapport_test_find_label_with_prefix (GTK_WIDGET (view),
                                                         "Ticket #1005: Charged twice for March"));
  g_assert_true (action_enabled (GTK_WIDGET (view), "approve"));
  g_assert_true (action_enabled (GTK_WIDGET (view), "reject"));

  buttons = rapport_test_find_widgets (GTK_WIDGET (view), GTK_TYPE_BUTTON);
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_button_get_label (buttons->pdata[i]), "_Approve") == 0)
      approve = buttons->pdata[i];
  g_assert_nonnull (approve);
  g_assert_true (gtk_button_get_use_underline (approve));

  /* Enter on a request goes to the note; the decision takes it. */
  gtk_window_present (GTK_WINDOW (window));
  rapport_test_wait_for_frame (window);
  note = rapport_test_find_by_accessible_label (GTK_WIDGET (view), ADW_TYPE_ENTRY_ROW,
                                                "Note for the agent");
  g_assert_nonnull (note);
  g_signal_emit_by_name (list, "row-activated", row);
  g_assert_true (gtk_widget_is_ancestor (gtk_window_get_focus (GTK_WINDOW (window)), note) ||
                 gtk_window_get_focus (GTK_WINDOW (window)) == note);
  gtk_editable_set_text (GTK_EDITABLE (note), "  Fine, long-time customer ");
  gtk_widget_activate_action (GTK_WIDGET (view), "approvals.approve", NULL);
  g_assert_cmpuint (d.n_decided, ==, 1);
  g_assert_cmpint (d.action_id, ==, 1);
  g_assert_cmpint (d.decision, ==, RAPPORT_DECISION_APPROVE);
  g_assert_cmpstr (d.note, ==, "Fine, long-time customer");

  /* Once queued (the store marks it), the row says so, the count drops and it cannot be decided
   * again. */
  rapport_money_action_set_decision_pending (g_ptr_array_index (requests, 0), TRUE);
  rapport_money_action_set_decision (g_ptr_array_index (requests, 0), RAPPORT_DECISION_APPROVE,
                                     NULL, NULL, 0, "Fine, long-time customer");
  rapport_approvals_view_set_requests (view, requests);
  g_assert_cmpuint (rapport_approvals_view_get_count (view), ==, 1);
  g_assert_nonnull (rapport_test_find_by_accessible_label (list, GTK_TYPE_LIST_BOX_ROW,
                                                           "Chloé Silva: $75.00 refund requested by "
                                                           "Sam Rivera — Charged twice for March, "
                                                           "Approval queued"));
  g_assert_false (action_enabled (GTK_WIDGET (view), "approve"));
  gtk_widget_activate_action (GTK_WIDGET (view), "approvals.reject", NULL);
  g_assert_cmpuint (d.n_decided, ==, 1);

  /* The other one can be rejected. */
  g_assert_true (rapport_approvals_view_select (view, 2));
  g_assert_true (action_enabled (GTK_WIDGET (view), "reject"));
  rapport_approvals_view_decide (view, RAPPORT_DECISION_REJECT);
  g_assert_cmpuint (d.n_decided, ==, 2);
  g_assert_cmpint (d.decision, ==, RAPPORT_DECISION_REJECT);
  g_assert_cmpstr (d.note, ==, "");
  g_assert_false (rapport_approvals_view_select (view, 99));

  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  g_assert_true (rapport_approvals_view_select (view, 1));
  path = g_build_filename (UI_TEST_BUILDDIR, "approvals-view.png", NULL);
  for (guint tries = 0; ; tries++)
    {
      rapport_test_wait_for_frame (window);
      if (rapport_widget_save_png (window, path, &error))
        break;
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED);
      g_assert_cmpuint (tries, <, 10);
      g_clear_error (&error);
    }
  g_test_message ("%s", path);

  g_free (d.note);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  rapport_test_ui_init (&argc, &argv);

  g_test_add_func ("/rapport/ui/approvals/money-text", test_money_text);
  g_test_add_func ("/rapport/ui/approvals/view", test_approvals_view);

  return g_test_run ();
}
