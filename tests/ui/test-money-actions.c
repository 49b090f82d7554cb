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

#include "rapport-conversation.h"
#include "rapport-customer-panel.h"
#include "rapport-money-actions.h"
#include "rapport-money-dialog.h"
#include "rapport-money-summary-view.h"
#include "rapport-outbox.h"
#include "rapport-ui-test-util.h"
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

/* The user is an agent; the helpdesk keeps no policy of its own (the settings' applies). */
static void
money_fetch_authority_async (RapportProvider     *provider,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (provider, cancellable, callback, user_data);
  RapportAuthority *authority = rapport_authority_new ();

  authority->has_role = TRUE;
  authority->role = RAPPORT_ROLE_AGENT;
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

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  gboolean approvals = GPOINTER_TO_INT (data);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) tickets = NULL;
  g_autoptr(MoneyProvider) provider = NULL;
  GtkWidget *box;

  fixture->dir = g_dir_make_tmp ("rapport-money-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->store = rapport_test_create_demo_store (fixture->dir, g_get_real_time () / G_USEC_PER_SEC,
                                                   &fixture->account);

  provider = g_object_new (MONEY_TYPE_PROVIDER, NULL);
  provider->approvals = approvals;
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
  g_assert_nonnull (strstr (summary, "$75.00 awaiting approval"));
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

int
main (int   argc,
      char *argv[])
{
  rapport_test_ui_init (&argc, &argv);

  g_test_add ("/rapport/ui/money-actions/refund-over-limit", Fixture, GINT_TO_POINTER (TRUE),
              fixture_set_up, test_refund_over_limit, fixture_tear_down);
  g_test_add ("/rapport/ui/money-actions/no-approvals", Fixture, GINT_TO_POINTER (FALSE),
              fixture_set_up, test_no_approvals, fixture_tear_down);

  return g_test_run ();
}
