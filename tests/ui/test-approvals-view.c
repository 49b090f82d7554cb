/* test-approvals-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "rapport-approvals-view.h"
#include "rapport-history-row.h"
#include "rapport-money-summary-view.h"
#include "rapport-money-text.h"
#include "rapport-request-context.h"
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

  /* Names and notes from the helpdesk: overrides dropped, right-to-left names isolated (the
   * decision notification says the same body). */
  {
    g_autoptr(RapportMoneyAction) spoof = make_request (3, RAPPORT_MONEY_KIND_REFUND, 7500,
                                                        "Chlo\u00E9", "Sam\u202E Rivera",
                                                        "\u202Etwice");
    g_autofree char *spoof_awaiting = NULL;
    g_autofree char *spoof_body = NULL;

    spoof_awaiting = rapport_money_text_awaiting (spoof, &format);
    g_assert_cmpstr (spoof_awaiting, ==,
                     "Awaiting approval: $75.00 refund requested by Sam Rivera — twice");
    rapport_money_action_set_decision (spoof, RAPPORT_DECISION_APPROVE, "dana",
                                       "\u05D3\u05E0\u05D4\u202E", g_get_real_time (),
                                       "ok\u202E fine\n");
    rapport_money_action_set_decision_check (spoof, RAPPORT_APPROVAL_CHECK_VALID);
    rapport_money_action_set_state (spoof, RAPPORT_ACTION_STATE_APPROVED);
    spoof_body = rapport_money_text_decided_body (spoof);
    g_assert_cmpstr (spoof_body, ==, "\u2068\u05D3\u05E0\u05D4\u2069: ok fine");
  }
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
  rapport_test_save_window_png (window, path);

  g_free (d.note);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* ---------------------------------------------------------------------------------------------
 * The customer's context, from the demo workspace's cache
 * ------------------------------------------------------------------------------------------- */

#define LIAM_KEY "liam.lopez@lopez-garage.example"

/* The first open ticket of @customer_name among @account's. */
static RapportTicket *
find_ticket_of (RapportStore   *store,
                RapportAccount *account,
                const char     *customer_name)
{
  g_autoptr(GPtrArray) tickets = rapport_test_load_open_tickets (store, account);

  for (guint i = 0; i < tickets->len; i++)
    if (g_strcmp0 (rapport_ticket_get_customer_name (tickets->pdata[i]), customer_name) == 0)
      return g_object_ref (tickets->pdata[i]);

  g_assert_not_reached ();
}

/* Lee asks for a $75.00 refund for Liam, an hour ago: the newest request. */
static void
pull_request_for_liam (RapportStore   *store,
                       RapportAccount *account,
                       RapportTicket  *ticket)
{
  g_autoptr(RapportSyncPage) page = rapport_sync_page_new ();
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (page->money_actions,
                   rapport_test_money_request_new ("m-liam", rapport_ticket_get_remote_id (ticket),
                                                   LIAM_KEY, 7500,
                                                   "Garage door remote broken twice",
                                                   "lee.agent", "Lee Fontaine",
                                                   g_get_real_time () -
                                                   G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC));
  g_assert_true (rapport_store_apply_page (store, rapport_account_get_id (account), page, NULL,
                                           &error));
  g_assert_no_error (error);
}

typedef struct
{
  RapportApprovalsView  *view;
  RapportRequestContext *context;
  gint64                 customer_id;
} Shows;

static gboolean
context_shows (gpointer user_data)
{
  Shows *shows = user_data;

  return rapport_approvals_view_get_count (shows->view) == 3 &&
         rapport_request_context_get_customer_id (shows->context) == shows->customer_id &&
         !rapport_request_context_get_loading (shows->context);
}

/* The rows of @list (accessible labels), in order. */
static GPtrArray *
row_labels (GtkWidget *list)
{
  GPtrArray *labels = g_ptr_array_new ();

  for (GtkWidget *child = gtk_widget_get_first_child (list);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_BOX_ROW (child))
      g_ptr_array_add (labels, (gpointer) rapport_test_get_accessible_label (child));

  return labels;
}

static gboolean
has_row_with_prefix (GPtrArray  *labels,
                     const char *prefix)
{
  for (guint i = 0; i < labels->len; i++)
    if (g_str_has_prefix (labels->pdata[i], prefix))
      return TRUE;

  return FALSE;
}

/* Every history row of @list is about one of @customer's tickets (by the customer of the
 * entries' tickets in @store), and they are as many as the store's history of @customer. */
static void
assert_history_of (GtkWidget    *list,
                   RapportStore *store,
                   gint64        customer_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) history = rapport_store_customer_history (store, customer_id, NULL, &error);
  guint n = 0;

  g_assert_no_error (error);
  for (GtkWidget *child = gtk_widget_get_first_child (list);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *row = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (child));
      RapportHistoryEntry *entry;
      g_autoptr(GPtrArray) tickets = NULL;
      gint64 ticket_id;

      if (!RAPPORT_IS_HISTORY_ROW (row))
        continue;
      entry = rapport_history_row_get_entry (RAPPORT_HISTORY_ROW (row));
      ticket_id = rapport_history_entry_get_ticket_id (entry);
      tickets = rapport_store_load_tickets (store, &ticket_id, 1, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (tickets->len, ==, 1);
      g_assert_cmpint (rapport_ticket_get_customer_id (tickets->pdata[0]), ==, customer_id);
      n++;
    }
  /* A long history shows its first page, and a way to the next. */
  g_assert_cmpuint (n, ==, MIN (history->len, RAPPORT_REQUEST_CONTEXT_HISTORY_PAGE));
  g_assert_cmpuint (n, >, 0);
}

static const char *
summary_text (RapportRequestContext *context)
{
  g_autoptr(GPtrArray) views = rapport_test_find_widgets (GTK_WIDGET (context),
                                                          RAPPORT_TYPE_MONEY_SUMMARY_VIEW);

  g_assert_cmpuint (views->len, ==, 1);
  return rapport_money_summary_view_get_text (views->pdata[0]);
}

static void
test_approvals_context (void)
{
  g_autoptr(RapportStore) store = NULL;
  g_autoptr(RapportAccount) account = NULL;
  g_autoptr(RapportWorkspace) workspace = NULL;
  g_autoptr(RapportTicket) liam_ticket = NULL;
  g_autoptr(RapportTicket) chloe_ticket = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) previous = NULL;
  g_autoptr(GPtrArray) requests = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  RapportApprovalsView *view;
  RapportRequestContext *context;
  GtkWidget *window;
  GtkWidget *list;
  GtkWidget *note;
  gint64 chloe_id;
  gint64 liam_id;
  gint64 liam_request = 0;
  gint64 chloe_request;
  Shows shows;
  guint n_current = 0;

  dir = g_dir_make_tmp ("rapport-approvals-XXXXXX", &error);
  g_assert_no_error (error);
  store = rapport_test_create_demo_store (dir, g_get_real_time () / G_USEC_PER_SEC, &account);
  chloe_ticket = find_ticket_of (store, account, "Chloé Silva");
  chloe_id = rapport_ticket_get_customer_id (chloe_ticket);
  liam_ticket = find_ticket_of (store, account, "Liam López");
  liam_id = rapport_ticket_get_customer_id (liam_ticket);
  g_assert_cmpint (chloe_id, !=, liam_id);
  pull_request_for_liam (store, account, liam_ticket);
  requests = rapport_store_list_pending_approvals (store, rapport_account_get_id (account), NULL,
                                                   &error);
  g_assert_no_error (error);
  g_assert_cmpuint (requests->len, ==, 3);
  chloe_request = rapport_money_action_get_id (requests->pdata[0]);
  g_assert_cmpint (rapport_money_action_get_customer_id (requests->pdata[0]), ==, chloe_id);
  liam_request = rapport_money_action_get_id (requests->pdata[2]);
  g_assert_cmpint (rapport_money_action_get_customer_id (requests->pdata[2]), ==, liam_id);

  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  view = RAPPORT_APPROVALS_VIEW (rapport_approvals_view_new ());
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 900);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  workspace = rapport_test_create_demo_workspace (store, account);
  rapport_approvals_view_set_workspace (view, workspace);
  gtk_window_present (GTK_WINDOW (window));

  /* The oldest request is Chloé's $60.00 refund: her context, from the cache. */
  {
    g_autoptr(GPtrArray) contexts = rapport_test_find_widgets (GTK_WIDGET (view),
                                                               RAPPORT_TYPE_REQUEST_CONTEXT);

    g_assert_cmpuint (contexts->len, ==, 1);
    context = contexts->pdata[0];
  }
  shows = (Shows) { view, context, chloe_id };
  rapport_test_wait_until (context_shows, &shows, 10000, "Chloé's context");
  g_assert_nonnull (rapport_test_find_label_with_prefix (GTK_WIDGET (view),
                                                         "$60.00 refund for Chloé Silva"));
  g_assert_nonnull (rapport_test_find_label_with_prefix (GTK_WIDGET (context), "Chloé Silva"));
  g_assert_nonnull (rapport_test_find_label_with_prefix (GTK_WIDGET (context),
                                                         "Northwind Bakery · 5 tickets · 2 open"));
  g_assert_nonnull (rapport_test_find_label_with_prefix (GTK_WIDGET (context),
                                                         "Last contact 2 hours ago about Cancel "
                                                         "my subscription before renewal"));
  list = rapport_test_find_by_accessible_label (GTK_WIDGET (context), GTK_TYPE_LIST_BOX,
                                                "Identities of Chloé Silva");
  g_assert_nonnull (list);
  g_assert_nonnull (rapport_test_find_by_accessible_label (list, GTK_TYPE_LIST_BOX_ROW,
                                                           "Phone: +33 6 12 34 56 78"));

  /* Her refunds and credits: the summary, then the earlier ones without the request. */
  g_assert_cmpstr (summary_text (context), ==,
                   "Refunds: $24.00 to date, $24.00 in the last 30 days, $60.00 awaiting approval\n"
                   "Credits: none so far, $30.00 awaiting approval");
  list = rapport_test_find_by_accessible_label (GTK_WIDGET (context), GTK_TYPE_LIST_BOX,
                                                "Previous refunds and credits");
  g_assert_nonnull (list);
  previous = row_labels (list);
  g_assert_cmpuint (previous->len, ==, 2);
  g_assert_true (has_row_with_prefix (previous, "Credit, $30.00, awaiting approval, "));
  g_assert_true (has_row_with_prefix (previous, "Refund, $24.00, done, "));
  g_assert_false (has_row_with_prefix (previous, "Refund, $60.00"));

  /* Her history across channels, the request's ticket marked. */
  list = rapport_test_find_by_accessible_label (GTK_WIDGET (context), GTK_TYPE_LIST_BOX,
                                                "History of Chloé Silva");
  g_assert_nonnull (list);
  assert_history_of (list, store, chloe_id);
  g_assert_nonnull (rapport_test_find_label_with_prefix (GTK_WIDGET (context), "13 interactions"));
  for (GtkWidget *child = gtk_widget_get_first_child (list);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_has_css_class (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (child)),
                                  "current"))
      {
        GtkWidget *row = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (child));
        RapportHistoryEntry *entry = rapport_history_row_get_entry (RAPPORT_HISTORY_ROW (row));

        g_assert_cmpint (rapport_history_entry_get_ticket_id (entry), ==,
                         rapport_money_action_get_ticket_id (requests->pdata[0]));
        n_current++;
      }
  g_assert_cmpuint (n_current, >, 0);

  /* One name per list and per row of the context, for the keyboard and the screen reader. */
  {
    g_autoptr(GPtrArray) lists = rapport_test_find_widgets (GTK_WIDGET (context),
                                                            GTK_TYPE_LIST_BOX);

    g_assert_cmpuint (lists->len, ==, 3);
    for (guint i = 0; i < lists->len; i++)
      {
        g_autoptr(GPtrArray) rows = rapport_test_find_widgets (lists->pdata[i],
                                                               GTK_TYPE_LIST_BOX_ROW);

        g_assert_nonnull (rapport_test_get_accessible_label (lists->pdata[i]));
        for (guint j = 0; j < rows->len; j++)
          g_assert_nonnull (rapport_test_get_accessible_label (rows->pdata[j]));
      }
  }

  path = g_build_filename (UI_TEST_BUILDDIR, "approvals-context.png", NULL);
  rapport_test_save_window_png (window, path);

  /* Liam's request: his context only, none of Chloé's. */
  g_assert_true (rapport_approvals_view_select (view, liam_request));
  shows.customer_id = liam_id;
  rapport_test_wait_until (context_shows, &shows, 10000, "Liam's context");
  g_assert_null (rapport_test_find_by_accessible_label (GTK_WIDGET (context), GTK_TYPE_LIST_BOX,
                                                        "History of Chloé Silva"));
  g_assert_null (rapport_test_find_label_with_prefix (GTK_WIDGET (context), "Northwind"));
  list = rapport_test_find_by_accessible_label (GTK_WIDGET (context), GTK_TYPE_LIST_BOX,
                                                "History of Liam López");
  g_assert_nonnull (list);
  assert_history_of (list, store, liam_id);
  g_assert_cmpstr (summary_text (context), ==, "Refunds: none so far, $75.00 awaiting approval");
  g_clear_pointer (&previous, g_ptr_array_unref);
  previous = row_labels (rapport_test_find_by_accessible_label (GTK_WIDGET (context),
                                                                GTK_TYPE_LIST_BOX,
                                                                "Previous refunds and credits"));
  g_assert_cmpuint (previous->len, ==, 1);
  g_assert_cmpstr (previous->pdata[0], ==, "None before this one");

  /* Quickly from Chloé to Liam and back: the read for Liam does not land on Chloé's request. */
  g_assert_true (rapport_approvals_view_select (view, chloe_request));
  g_assert_true (rapport_approvals_view_select (view, liam_request));
  g_assert_true (rapport_approvals_view_select (view, chloe_request));
  shows.customer_id = chloe_id;
  rapport_test_wait_until (context_shows, &shows, 10000, "Chloé's context again");
  list = rapport_test_find_by_accessible_label (GTK_WIDGET (context), GTK_TYPE_LIST_BOX,
                                                "History of Chloé Silva");
  g_assert_nonnull (list);
  assert_history_of (list, store, chloe_id);
  g_assert_null (rapport_test_find_by_accessible_label (GTK_WIDGET (context), GTK_TYPE_LIST_BOX,
                                                        "History of Liam López"));

  /* A note being typed stays while the list reloads (a sync), not when another is chosen. */
  note = rapport_test_find_by_accessible_label (GTK_WIDGET (view), ADW_TYPE_ENTRY_ROW,
                                                "Note for the agent");
  gtk_editable_set_text (GTK_EDITABLE (note), "Long-time customer");
  rapport_approvals_view_set_requests (view, requests);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (note)), ==, "Long-time customer");
  g_assert_true (rapport_approvals_view_select (view, liam_request));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (note)), ==, "");

  gtk_window_destroy (GTK_WINDOW (window));
  rapport_test_release_and_wait (&workspace);
  rapport_test_release_and_wait (&store);
  rapport_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  rapport_test_ui_init (&argc, &argv);

  g_test_add_func ("/rapport/ui/approvals/money-text", test_money_text);
  g_test_add_func ("/rapport/ui/approvals/view", test_approvals_view);
  g_test_add_func ("/rapport/ui/approvals/context", test_approvals_context);

  return g_test_run ();
}
