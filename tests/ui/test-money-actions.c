/* test-money-actions.c
 *
 * Refund… and Credit… on a ticket, end to end inside the client: the ticket menu, the dialog
 * fed by the session's authority and histories, the request queued through the session, and
 * what the conversation header and the customer panel then show. The workspace is never
 * started: nothing reaches the provider, whose only answer is the user's authority.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-money-actions"

#include "config.h"

#include <sqlite3.h>

#include "rapport-conversation.h"
#include "rapport-customer-panel.h"
#include "rapport-money-actions.h"
#include "rapport-money-dialog.h"
#include "rapport-money-summary-view.h"
#include "rapport-outbox.h"
#include "rapport-test-hooks.h"
#include "rapport-ui-test-util.h"
#include "rapport-window.h"
#include "rapport-workspace.h"

/* ---------------------------------------------------------------------------------------------
 * A helpdesk that records money actions and says who the user is; nothing else answers.
 * ------------------------------------------------------------------------------------------- */

#define MONEY_TYPE_PROVIDER (money_provider_get_type ())
G_DECLARE_FINAL_TYPE (MoneyProvider, money_provider, MONEY, PROVIDER, GObject)

struct _MoneyProvider
{
  GObject  parent_instance;
  gboolean approvals;   /* its capabilities include APPROVALS */
  gboolean supervisor;  /* the user may decide approvals */
};

static void money_provider_iface_init (RapportProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MoneyProvider, money_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (RAPPORT_TYPE_PROVIDER,
                                                      money_provider_iface_init))

static void
money_provider_class_init (MoneyProviderClass *klass)
{
}

static void
money_provider_init (MoneyProvider *self)
{
}

static const char *
money_get_kind (RapportProvider *provider)
{
  return "demo";
}

static RapportProviderCapabilities
money_get_capabilities (RapportProvider *provider)
{
  return RAPPORT_PROVIDER_CAPABILITY_WRITES |
         (MONEY_PROVIDER (provider)->approvals ? RAPPORT_PROVIDER_CAPABILITY_APPROVALS : 0);
}

static void
unreachable_async (RapportProvider     *provider,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data,
                   gpointer             source_tag)
{
  g_autoptr(GTask) task = g_task_new (provider, NULL, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_return_new_error (task, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_NETWORK,
                           "The test helpdesk is not reachable");
}

static gpointer
unreachable_finish (RapportProvider  *provider,
                    GAsyncResult     *result,
                    GError          **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
money_whoami_async (RapportProvider     *provider,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  unreachable_async (provider, callback, user_data, money_whoami_async);
}

static void
money_pull_changes_async (RapportProvider     *provider,
                          const char          *cursor,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  unreachable_async (provider, callback, user_data, money_pull_changes_async);
}

static void
money_fetch_history_async (RapportProvider     *provider,
                           const char          *ticket_remote_id,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  unreachable_async (provider, callback, user_data, money_fetch_history_async);
}

static void
money_post_message_async (RapportProvider     *provider,
                          const char          *ticket_remote_id,
                          RapportVisibility    visibility,
                          const char          *body,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  unreachable_async (provider, callback, user_data, money_post_message_async);
}

static void
money_update_ticket_async (RapportProvider            *provider,
                           const char                 *ticket_remote_id,
                           const RapportTicketChanges *changes,
                           GCancellable               *cancellable,
                           GAsyncReadyCallback         callback,
                           gpointer                    user_data)
{
  unreachable_async (provider, callback, user_data, money_update_ticket_async);
}

/* The user is an agent (or a supervisor); the helpdesk keeps no policy of its own (the
 * settings' applies). */
static void
money_fetch_authority_async (RapportProvider     *provider,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (provider, cancellable, callback, user_data);
  RapportAuthority *authority = rapport_authority_new ();

  authority->has_role = TRUE;
  authority->role = MONEY_PROVIDER (provider)->supervisor ? RAPPORT_ROLE_SUPERVISOR
                                                          : RAPPORT_ROLE_AGENT;
  authority->may_decide = MONEY_PROVIDER (provider)->supervisor;
  authority->source = RAPPORT_POLICY_SOURCE_SERVER;
  g_task_set_source_tag (task, money_fetch_authority_async);
  g_task_return_pointer (task, authority, (GDestroyNotify) rapport_authority_free);
}

static void
money_provider_iface_init (RapportProviderInterface *iface)
{
  iface->get_kind = money_get_kind;
  iface->get_capabilities = money_get_capabilities;
  iface->whoami_async = money_whoami_async;
  iface->whoami_finish = (gpointer) unreachable_finish;
  iface->pull_changes_async = money_pull_changes_async;
  iface->pull_changes_finish = (gpointer) unreachable_finish;
  iface->fetch_ticket_history_async = money_fetch_history_async;
  iface->fetch_ticket_history_finish = (gpointer) unreachable_finish;
  iface->post_message_async = money_post_message_async;
  iface->post_message_finish = (gpointer) unreachable_finish;
  iface->update_ticket_async = money_update_ticket_async;
  iface->update_ticket_finish = (gpointer) unreachable_finish;
  iface->fetch_authority_async = money_fetch_authority_async;
  iface->fetch_authority_finish = (gpointer) unreachable_finish;
}

/* ---------------------------------------------------------------------------------------------
 * Fixture
 * ------------------------------------------------------------------------------------------- */

typedef struct
{
  char                 *dir;
  RapportStore         *store;
  RapportAccount       *account;
  RapportWorkspace     *workspace;
  RapportTicketSession *session;
  GtkWidget            *window;
  RapportMoneyActions  *actions;
  RapportConversation  *conversation;
  RapportCustomerPanel *panel;
} Fixture;

static gboolean
session_loaded (gpointer user_data)
{
  RapportTicketSession *session = user_data;

  return !rapport_ticket_session_get_loading (session) &&
         rapport_ticket_session_get_money_actions (session) != NULL &&
         rapport_ticket_session_get_agent_actions (session) != NULL;
}

enum {
  SETUP_APPROVALS = 1 << 0,
  SETUP_SUPERVISOR = 1 << 1,
};

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  guint setup = GPOINTER_TO_UINT (data);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) tickets = NULL;
  g_autoptr(MoneyProvider) provider = NULL;
  GtkWidget *box;

  fixture->dir = g_dir_make_tmp ("rapport-money-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->store = rapport_test_create_demo_store (fixture->dir, g_get_real_time () / G_USEC_PER_SEC,
                                                   &fixture->account);
  /* These tests start from an empty money ledger: the demo's story brings refunds, credits
   * and requests of its own. */
  {
    g_autofree char *path = g_build_filename (fixture->dir, "demo.sqlite", NULL);
    sqlite3 *db = NULL;

    g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
    sqlite3_busy_timeout (db, 5000);
    g_assert_cmpint (sqlite3_exec (db, "DELETE FROM actions", NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (db);
  }

  provider = g_object_new (MONEY_TYPE_PROVIDER, NULL);
  provider->approvals = (setup & SETUP_APPROVALS) != 0;
  provider->supervisor = (setup & SETUP_SUPERVISOR) != 0;
  fixture->workspace = rapport_workspace_new (fixture->store, fixture->account,
                                              RAPPORT_PROVIDER (provider));

  ids = rapport_store_list_ticket_ids (fixture->store, rapport_account_get_id (fixture->account),
                                       RAPPORT_VIEW_ALL_OPEN, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, >, 0);
  tickets = rapport_store_load_tickets (fixture->store, (const gint64 *) (gpointer) ids->data, 1,
                                        NULL, &error);
  g_assert_no_error (error);
  fixture->session = rapport_ticket_session_new (fixture->workspace, tickets->pdata[0]);
  rapport_test_wait_until (session_loaded, fixture->session, 10000, "the session to load");

  fixture->actions = RAPPORT_MONEY_ACTIONS (rapport_money_actions_new ());
  fixture->conversation = RAPPORT_CONVERSATION (rapport_conversation_new ());
  fixture->panel = RAPPORT_CUSTOMER_PANEL (rapport_customer_panel_new ());
  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (fixture->actions));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (fixture->conversation));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (fixture->panel));
  fixture->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1100, 700);
  gtk_window_set_child (GTK_WINDOW (fixture->window), box);
  g_object_ref (fixture->window);

  rapport_money_actions_set_session (fixture->actions, fixture->session);
  rapport_conversation_set_session (fixture->conversation, fixture->session);
  rapport_customer_panel_set_session (fixture->panel, fixture->session);
  gtk_window_present (GTK_WINDOW (fixture->window));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  rapport_test_release_and_wait (&fixture->window);
  rapport_test_release_and_wait (&fixture->session);
  rapport_test_release_and_wait (&fixture->workspace);
  g_clear_object (&fixture->account);
  rapport_test_release_and_wait (&fixture->store);
  rapport_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

/* ---------------------------------------------------------------------------------------------
 * Tests
 * ------------------------------------------------------------------------------------------- */

static gboolean
authority_has_role (gpointer user_data)
{
  const RapportAuthority *authority = rapport_ticket_session_get_authority (user_data);

  return authority != NULL && authority->has_role;
}

static void
on_refreshed_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (rapport_workspace_refresh_authority_finish (RAPPORT_WORKSPACE (object), result,
                                                             &error));
  g_assert_no_error (error);
}

static void
type (GtkWidget  *dialog,
      const char *label,
      const char *text)
{
  GtkWidget *row = rapport_test_find_by_accessible_label (dialog, ADW_TYPE_ENTRY_ROW, label);

  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static gboolean
has_money_op (gpointer user_data)
{
  Fixture *fixture = user_data;
  g_autoptr(GPtrArray) ops = NULL;
  RapportTicket *ticket = rapport_ticket_session_get_ticket (fixture->session);

  ops = rapport_outbox_list_ops (fixture->store, rapport_ticket_get_id (ticket), NULL, NULL);
  for (guint i = 0; ops != NULL && i < ops->len; i++)
    if (((RapportOutboxOp *) ops->pdata[i])->kind == RAPPORT_OUTBOX_KIND_MONEY)
      return TRUE;

  return FALSE;
}

static gboolean
awaiting_shown (gpointer user_data)
{
  return rapport_test_find_label_with_prefix (user_data, "Awaiting approval: ") != NULL;
}

static void
test_refund_over_limit (Fixture       *fixture,
                        gconstpointer  data)
{
  GtkWindow *dialog;
  GtkLabel *awaiting;
  const char *summary;
  RapportMoneySummaryView *summary_view;
  g_autoptr(GPtrArray) views = NULL;

  g_assert_true (rapport_money_actions_get_available (fixture->actions));
  g_assert_nonnull (rapport_test_find_by_accessible_label (GTK_WIDGET (fixture->actions),
                                                           GTK_TYPE_MENU_BUTTON, "Ticket Menu"));

  /* Before the helpdesk said who the user is: no role, so nothing can be done. */
  rapport_test_activate_shortcut (GTK_WIDGET (fixture->actions), GDK_KEY_r,
                                  GDK_CONTROL_MASK | GDK_SHIFT_MASK);
  dialog = rapport_money_actions_get_dialog (fixture->actions);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (gtk_window_get_title (dialog), ==, "Refund");
  type (GTK_WIDGET (dialog), "Amount", "20");
  g_assert_cmpstr (rapport_money_dialog_get_verdict_text (RAPPORT_MONEY_DIALOG (dialog)), ==,
                   "Not possible: the helpdesk gives you no role that may refund");
  gtk_window_destroy (dialog);
  g_assert_null (rapport_money_actions_get_dialog (fixture->actions));

  rapport_workspace_refresh_authority_async (fixture->workspace, NULL, on_refreshed_cb, NULL);
  rapport_test_wait_until (authority_has_role, fixture->session, 5000, "the agent's role");

  /* The same dialog for a credit, by its key. */
  rapport_test_activate_shortcut (GTK_WIDGET (fixture->actions), GDK_KEY_c,
                                  GDK_CONTROL_MASK | GDK_SHIFT_MASK);
  dialog = rapport_money_actions_get_dialog (fixture->actions);
  g_assert_cmpstr (gtk_window_get_title (dialog), ==, "Credit");
  gtk_window_destroy (dialog);

  gtk_widget_activate_action (GTK_WIDGET (fixture->actions), "money.refund", NULL);
  dialog = rapport_money_actions_get_dialog (fixture->actions);
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (dialog) == GTK_WINDOW (fixture->window));
  type (GTK_WIDGET (dialog), "Amount", "75");
  type (GTK_WIDGET (dialog), "Reason", "Charged twice for March");
  g_assert_cmpstr (rapport_money_dialog_get_verdict_text (RAPPORT_MONEY_DIALOG (dialog)), ==,
                   "Needs supervisor approval: $75.00 is $25.00 over your refund limit");
  /* Not started, the workspace has not failed a pull: online, so no provisional note. */
  g_assert_null (rapport_money_dialog_get_offline_text (RAPPORT_MONEY_DIALOG (dialog)));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "money.confirm", NULL);
  g_assert_null (rapport_money_actions_get_dialog (fixture->actions));

  /* Queued in the outbox, and the ticket says it awaits a supervisor. */
  rapport_test_wait_until (has_money_op, fixture, 10000, "the money request in the outbox");
  rapport_test_wait_until (awaiting_shown, fixture->conversation, 10000, "the awaiting line");
  awaiting = rapport_test_find_label_with_prefix (GTK_WIDGET (fixture->conversation),
                                                  "Awaiting approval: ");
  g_assert_true (g_str_has_prefix (gtk_label_get_text (awaiting),
                                   "Awaiting approval: $75.00 refund requested by "));
  g_assert_true (g_str_has_suffix (gtk_label_get_text (awaiting), " — Charged twice for March"));

  /* The customer panel counts it as awaiting. */
  views = rapport_test_find_widgets (GTK_WIDGET (fixture->panel), RAPPORT_TYPE_MONEY_SUMMARY_VIEW);
  g_assert_cmpuint (views->len, ==, 1);
  summary_view = views->pdata[0];
  summary = rapport_money_summary_view_get_text (summary_view);
  g_assert_nonnull (summary);
  g_test_message ("summary: %s", summary);
  g_assert_cmpstr (summary, ==, "Refunds: none so far, $75.00 awaiting approval");

  /* The ticket with its request waiting, as a picture. */
  {
    g_autofree char *path = g_build_filename (UI_TEST_BUILDDIR, "money-ticket.png", NULL);
    g_autoptr(GError) error = NULL;

    for (guint tries = 0; ; tries++)
      {
        rapport_test_wait_for_frame (fixture->window);
        if (rapport_widget_save_png (fixture->window, path, &error))
          break;
        g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED);
        g_assert_cmpuint (tries, <, 10);
        g_clear_error (&error);
      }
    g_test_message ("%s", path);
  }
}

/* A helpdesk that does not record money actions: no ticket menu, no keys. */
static void
test_no_approvals (Fixture       *fixture,
                   gconstpointer  data)
{
  GtkWidget *menu = rapport_test_find_by_accessible_label (GTK_WIDGET (fixture->actions),
                                                          GTK_TYPE_MENU_BUTTON, "Ticket Menu");

  g_assert_false (rapport_money_actions_get_available (fixture->actions));
  g_assert_false (gtk_widget_get_visible (menu));
  gtk_widget_activate_action (GTK_WIDGET (fixture->actions), "money.refund", NULL);
  g_assert_null (rapport_money_actions_get_dialog (fixture->actions));

  /* Without a session either. */
  rapport_money_actions_set_session (fixture->actions, NULL);
  g_assert_false (rapport_money_actions_get_available (fixture->actions));
}

/* A request over the limit as a pull brings it: synced, awaiting a decision. */
static void
pull_request (Fixture *fixture)
{
  g_autoptr(RapportSyncPage) page = rapport_sync_page_new ();
  g_autoptr(GError) error = NULL;
  RapportTicket *ticket = rapport_ticket_session_get_ticket (fixture->session);
  RapportMoneyAction *action = rapport_money_action_new ();
  RapportMoney amount;

  g_assert_true (rapport_money_init (&amount, 7500, "USD", NULL));
  rapport_money_action_set_remote_id (action, "m-9");
  rapport_money_action_set_ticket_remote_id (action, rapport_ticket_get_remote_id (ticket));
  rapport_money_action_set_kind (action, RAPPORT_MONEY_KIND_REFUND);
  rapport_money_action_set_amount (action, &amount);
  rapport_money_action_set_reason (action, "Charged twice for March");
  rapport_money_action_set_requester (action, "sam.agent", "Sam Rivera");
  rapport_money_action_set_created_at (action, g_get_real_time () - G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC);
  rapport_money_action_set_server_state (action, RAPPORT_ACTION_STATE_PENDING_APPROVAL);
  rapport_money_action_set_verdict (action, RAPPORT_VERDICT_NEEDS_APPROVAL,
                                    RAPPORT_VERDICT_REASON_SINGLE_LIMIT);
  rapport_money_action_set_approval (action, "a-9", "\"1\"");
  g_ptr_array_add (page->money_actions, action);

  g_assert_true (rapport_store_apply_page (fixture->store,
                                           rapport_account_get_id (fixture->account), page,
                                           NULL, &error));
  g_assert_no_error (error);
}

static gboolean
row_visible (gpointer user_data)
{
  return gtk_widget_get_visible (GTK_WIDGET (user_data));
}

static gboolean
count_is (RapportApprovalsView *view,
          guint                 count)
{
  return rapport_approvals_view_get_count (view) == count;
}

static gboolean
count_is_one (gpointer user_data)
{
  return count_is (user_data, 1);
}

static gboolean
count_is_zero (gpointer user_data)
{
  return count_is (user_data, 0);
}

static gboolean
queued_shown (gpointer user_data)
{
  return rapport_test_find_label_with_prefix (user_data, "Approval queued") != NULL;
}

static GtkWidget *
find_approvals_row (RapportWindow *window)
{
  GtkWidget *views = rapport_test_find_by_accessible_label (GTK_WIDGET (window), GTK_TYPE_LIST_BOX,
                                                           "Views");
  GtkWidget *row;

  g_assert_nonnull (views);
  row = rapport_test_find_by_accessible_label (views, GTK_TYPE_LIST_BOX_ROW, "Approvals");
  g_assert_nonnull (row);
  return row;
}

/* An agent has no Approvals entry, whatever the cache holds. */
static void
test_approvals_agent (Fixture       *fixture,
                      gconstpointer  data)
{
  RapportWindow *window = rapport_window_new (NULL);

  pull_request (fixture);
  rapport_window_set_workspace (window, fixture->workspace);
  rapport_workspace_refresh_authority_async (fixture->workspace, NULL, on_refreshed_cb, NULL);
  rapport_test_wait_until (authority_has_role, fixture->session, 5000, "the agent's role");
  g_assert_false (gtk_widget_get_visible (find_approvals_row (window)));
  g_assert_null (rapport_approvals_view_get_workspace (rapport_window_get_approvals_view (window)));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A request of sam.agent on the session's ticket, decided by a supervisor with @note, as a
 * pull brings it. */
static void
pull_decided_request (Fixture    *fixture,
                      const char *note)
{
  g_autoptr(RapportSyncPage) page = rapport_sync_page_new ();
  g_autoptr(GError) error = NULL;
  RapportTicket *ticket = rapport_ticket_session_get_ticket (fixture->session);
  RapportMoneyAction *action = rapport_money_action_new ();
  RapportApproval *approval = rapport_approval_new ("a-5", "m-5");
  gint64 requested = g_get_real_time () - G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC;
  RapportMoney amount;

  g_assert_true (rapport_money_init (&amount, 7500, "USD", NULL));
  rapport_money_action_set_remote_id (action, "m-5");
  rapport_money_action_set_ticket_remote_id (action, rapport_ticket_get_remote_id (ticket));
  rapport_money_action_set_customer_key (action, "chloe@example.com");
  rapport_money_action_set_kind (action, RAPPORT_MONEY_KIND_REFUND);
  rapport_money_action_set_amount (action, &amount);
  rapport_money_action_set_reason (action, "Charged twice for March");
  rapport_money_action_set_requester (action, "sam.agent", "Sam Rivera");
  rapport_money_action_set_created_at (action, requested);
  rapport_money_action_set_server_state (action, RAPPORT_ACTION_STATE_APPROVED);
  rapport_money_action_set_verdict (action, RAPPORT_VERDICT_NEEDS_APPROVAL,
                                    RAPPORT_VERDICT_REASON_SINGLE_LIMIT);
  rapport_money_action_set_approval (action, "a-5", "\"2\"");
  g_ptr_array_add (page->money_actions, action);

  rapport_approval_set_request (approval, &amount, "chloe@example.com");
  rapport_approval_set_decision (approval, RAPPORT_DECISION_APPROVE, "vic.supervisor",
                                 "Vic Supervisor", TRUE, requested + 60 * G_USEC_PER_SEC, note);
  g_ptr_array_add (page->approvals, approval);

  g_assert_true (rapport_store_apply_page (fixture->store,
                                           rapport_account_get_id (fixture->account), page,
                                           NULL, &error));
  g_assert_no_error (error);
}

static gboolean
decision_shown (gpointer user_data)
{
  GtkWidget *button = rapport_test_find_by_accessible_label (user_data, GTK_TYPE_MENU_BUTTON,
                                                             "Refund of $75.00 approved");

  return button != NULL && gtk_widget_get_visible (button);
}

/* The ticket shows the decisions on its requests, with the supervisor's note. */
static void
test_decision_on_ticket (Fixture       *fixture,
                         gconstpointer  data)
{
  GtkLabel *details;
  GtkWidget *button;

  /* Awaiting approval: no decision on the ticket. */
  pull_request (fixture);
  rapport_test_wait_until (awaiting_shown, fixture->window, 5000, "the awaiting request");
  g_assert_false (decision_shown (fixture->window));

  pull_decided_request (fixture, "Fine, long-time customer");
  rapport_test_wait_until (decision_shown, fixture->window, 5000, "the decision on the ticket");
  button = rapport_test_find_by_accessible_label (fixture->window, GTK_TYPE_MENU_BUTTON,
                                                  "Refund of $75.00 approved");
  g_assert_nonnull (rapport_test_find_label_with_prefix (button, "Approved"));
  details = rapport_test_find_label_with_prefix (button, "Refund of $75.00 approved\n");
  g_assert_nonnull (details);
  g_assert_cmpstr (gtk_label_get_text (details), ==,
                   "Refund of $75.00 approved\nVic Supervisor: Fine, long-time customer");

  /* No ticket: nothing shown. */
  rapport_money_actions_set_session (fixture->actions, NULL);
  g_assert_false (gtk_widget_get_visible (button));
}

static void
test_approvals_supervisor (Fixture       *fixture,
                           gconstpointer  data)
{
  RapportWindow *window = rapport_window_new (NULL);
  RapportApprovalsView *view = rapport_window_get_approvals_view (window);
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *row;
  GtkWidget *list;
  GtkWidget *note;

  pull_request (fixture);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 760);
  rapport_window_set_workspace (window, fixture->workspace);
  gtk_window_present (GTK_WINDOW (window));

  /* Only once the helpdesk says the user may decide. */
  row = find_approvals_row (window);
  g_assert_false (gtk_widget_get_visible (row));
  rapport_workspace_refresh_authority_async (fixture->workspace, NULL, on_refreshed_cb, NULL);
  rapport_test_wait_until (row_visible, row, 5000, "the Approvals entry");
  rapport_test_wait_until (count_is_one, view, 10000, "one request to decide");
  g_assert_nonnull (rapport_test_find_label_with_prefix (row, "1"));

  /* The entry shows the pane, keyboard first: the request, then the note. */
  gtk_list_box_select_row (GTK_LIST_BOX (gtk_widget_get_parent (row)), GTK_LIST_BOX_ROW (row));
  g_assert_true (gtk_widget_get_visible (gtk_widget_get_parent (GTK_WIDGET (view))));
  list = rapport_test_find_by_accessible_label (GTK_WIDGET (view), GTK_TYPE_LIST_BOX,
                                                "Approval requests");
  row = rapport_test_find_by_accessible_label (list, GTK_TYPE_LIST_BOX_ROW,
                                               "Chloé Silva: $75.00 refund requested by Sam "
                                               "Rivera — Charged twice for March");
  g_assert_nonnull (row);
  g_assert_nonnull (rapport_test_find_label_with_prefix (GTK_WIDGET (view),
                                                         "$75.00 refund requested by Sam Rivera"));

  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  path = g_build_filename (UI_TEST_BUILDDIR, "approvals-window.png", NULL);
  for (guint tries = 0; ; tries++)
    {
      rapport_test_wait_for_frame (GTK_WIDGET (window));
      if (rapport_widget_save_png (GTK_WIDGET (window), path, &error))
        break;
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED);
      g_assert_cmpuint (tries, <, 10);
      g_clear_error (&error);
    }
  g_test_message ("%s", path);

  note = rapport_test_find_by_accessible_label (GTK_WIDGET (view), ADW_TYPE_ENTRY_ROW,
                                                "Note for the agent");
  gtk_editable_set_text (GTK_EDITABLE (note), "Fine, long-time customer");
  gtk_widget_activate_action (GTK_WIDGET (view), "approvals.approve", NULL);

  /* Queued: the row says so and the count drops; nothing was sent (not started). */
  rapport_test_wait_until (count_is_zero, view, 10000, "the decision queued");
  rapport_test_wait_until (queued_shown, view, 10000, "the queued decision on the row");

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  rapport_test_ui_init (&argc, &argv);

  g_test_add ("/rapport/ui/money-actions/refund-over-limit", Fixture,
              GUINT_TO_POINTER (SETUP_APPROVALS),
              fixture_set_up, test_refund_over_limit, fixture_tear_down);
  g_test_add ("/rapport/ui/money-actions/no-approvals", Fixture, GUINT_TO_POINTER (0),
              fixture_set_up, test_no_approvals, fixture_tear_down);
  g_test_add ("/rapport/ui/money-actions/approvals-agent", Fixture,
              GUINT_TO_POINTER (SETUP_APPROVALS),
              fixture_set_up, test_approvals_agent, fixture_tear_down);
  g_test_add ("/rapport/ui/money-actions/approvals-supervisor", Fixture,
              GUINT_TO_POINTER (SETUP_APPROVALS | SETUP_SUPERVISOR),
              fixture_set_up, test_approvals_supervisor, fixture_tear_down);
  g_test_add ("/rapport/ui/money-actions/decision-on-ticket", Fixture, GUINT_TO_POINTER (0),
              fixture_set_up, test_decision_on_ticket, fixture_tear_down);

  return g_test_run ();
}
