/* test-ticket-session-money.c
 *
 * The money side of a ticket session: the user's authority from the provider (never from a
 * local setting), the policy from the settings for a backend that does not enforce it, the
 * customer's ledger and its summary, the live verdict, and the money and decision actions.
 * The workspace is never started: nothing is sent.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-test-ticket-session-money"

#include "config.h"

#include "rapport-outbox.h"
#include "rapport-test-data.h"
#include "rapport-ticket-session.h"
#include "rapport-workspace.h"

#define CHLOE "chloe.silva@northwind-bakery.example"
#define US(s) ((gint64) (s) * G_USEC_PER_SEC)

/* ---------------------------------------------------------------------------------------------
 * A provider that knows the user's role and enforces nothing
 * ------------------------------------------------------------------------------------------- */

#define ROLE_TYPE_PROVIDER (role_provider_get_type ())
G_DECLARE_FINAL_TYPE (RoleProvider, role_provider, ROLE, PROVIDER, GObject)

struct _RoleProvider
{
  GObject parent_instance;
  guint   n_authority;
};

static void role_provider_iface_init (RapportProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RoleProvider, role_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (RAPPORT_TYPE_PROVIDER,
                                                      role_provider_iface_init))

static void
role_provider_class_init (RoleProviderClass *klass)
{
}

static void
role_provider_init (RoleProvider *self)
{
}

static const char *
role_get_kind (RapportProvider *provider)
{
  return "demo";
}

static RapportProviderCapabilities
role_get_capabilities (RapportProvider *provider)
{
  return RAPPORT_PROVIDER_CAPABILITY_APPROVALS | RAPPORT_PROVIDER_CAPABILITY_DEMO;
}

static void
role_fetch_authority_async (RapportProvider     *provider,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (provider, cancellable, callback, user_data);
  RapportAuthority *authority = rapport_authority_new ();

  ROLE_PROVIDER (provider)->n_authority++;
  authority->has_role = TRUE;
  authority->role = RAPPORT_ROLE_AGENT;
  /* A server policy that this backend does not enforce: ignored. */
  authority->policy = rapport_policy_new_default ();
  g_task_return_pointer (task, authority, (GDestroyNotify) rapport_authority_free);
}

static RapportAuthority *
role_fetch_authority_finish (RapportProvider  *provider,
                             GAsyncResult     *result,
                             GError          **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
role_provider_iface_init (RapportProviderInterface *iface)
{
  iface->get_kind = role_get_kind;
  iface->get_capabilities = role_get_capabilities;
  iface->fetch_authority_async = role_fetch_authority_async;
  iface->fetch_authority_finish = role_fetch_authority_finish;
}

/* ---------------------------------------------------------------------------------------------
 * Fixture
 * ------------------------------------------------------------------------------------------- */

typedef struct
{
  char             *dir;
  RapportStore     *store;
  gint64            account_id;
  RapportAccount   *account;
  RoleProvider     *provider;
  RapportWorkspace *workspace;
  GSettings        *settings;
} Fixture;

static void
apply (Fixture         *fixture,
       RapportSyncPage *page)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (rapport_store_apply_page (fixture->store, fixture->account_id, page, NULL,
                                           &error));
  g_assert_no_error (error);
}

static RapportMoneyAction *
record (const char         *remote_id,
        gint64              minor,
        gint64              created_at_s,
        RapportActionState  state,
        const char         *approval)
{
  RapportMoneyAction *action = rapport_money_action_new ();
  RapportMoney amount = { minor, "USD" };

  rapport_money_action_set_remote_id (action, remote_id);
  rapport_money_action_set_ticket_remote_id (action, "1002");
  rapport_money_action_set_customer_key (action, CHLOE);
  rapport_money_action_set_kind (action, RAPPORT_MONEY_KIND_REFUND);
  rapport_money_action_set_amount (action, &amount);
  rapport_money_action_set_reason (action, "Late delivery");
  rapport_money_action_set_requester (action, "lee.agent", "Lee");
  rapport_money_action_set_created_at (action, US (created_at_s));
  rapport_money_action_set_server_state (action, state);
  rapport_money_action_set_verdict (action, approval != NULL ? RAPPORT_VERDICT_NEEDS_APPROVAL
                                                             : RAPPORT_VERDICT_ALLOWED,
                                    RAPPORT_VERDICT_REASON_NONE);
  if (approval != NULL)
    rapport_money_action_set_approval (action, approval, "\"1\"");

  return action;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(RapportSyncPage) page = test_story_page ();
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GError) error = NULL;

  fixture->dir = test_make_tmp_dir ();
  fixture->store = test_open_store (fixture->dir, &fixture->account_id);
  apply (fixture, page);
  accounts = rapport_store_list_accounts (fixture->store, NULL, &error);
  g_assert_no_error (error);
  fixture->account = g_object_ref (accounts->pdata[0]);
  fixture->settings = rapport_policy_settings_new ();
  g_assert_nonnull (fixture->settings);
  g_settings_reset (fixture->settings, RAPPORT_POLICY_SETTINGS_KEY);
  fixture->provider = g_object_new (ROLE_TYPE_PROVIDER, NULL);
  fixture->workspace = rapport_workspace_new (fixture->store, fixture->account,
                                              RAPPORT_PROVIDER (fixture->provider));
  test_run_for (20);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_settings_reset (fixture->settings, RAPPORT_POLICY_SETTINGS_KEY);
  g_clear_object (&fixture->settings);
  g_assert_finalize_object (g_steal_pointer (&fixture->workspace));
  /* Calls the workspace started hold the provider until they complete (slowly under the
   * sanitizers), and the store's answers are delivered from the main loop. */
  test_run_for (5);
  TEST_WAIT_FOR (g_atomic_int_get (&G_OBJECT (fixture->provider)->ref_count) == 1, 10000);
  g_assert_finalize_object (g_steal_pointer (&fixture->provider));
  g_clear_object (&fixture->account);
  rapport_store_close (fixture->store);
  TEST_WAIT_FOR (g_atomic_int_get (&G_OBJECT (fixture->store)->ref_count) == 1, 10000);
  g_assert_finalize_object (g_steal_pointer (&fixture->store));
  test_remove_tree (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
}

static void
on_refreshed_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (rapport_workspace_refresh_authority_finish (RAPPORT_WORKSPACE (source), result,
                                                             &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static void
refresh_authority (Fixture *fixture)
{
  gboolean done = FALSE;

  rapport_workspace_refresh_authority_async (fixture->workspace, NULL, on_refreshed_cb, &done);
  test_wait_for (&done);
}

static void
on_op_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  RapportOutboxOp **out = user_data;
  g_autoptr(GError) error = NULL;

  if (g_async_result_is_tagged (result, rapport_ticket_session_request_money_async))
    *out = rapport_ticket_session_request_money_finish (RAPPORT_TICKET_SESSION (source), result,
                                                        &error);
  else
    *out = rapport_ticket_session_decide_finish (RAPPORT_TICKET_SESSION (source), result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (*out);
}

/* ---------------------------------------------------------------------------------------------
 * Tests
 * ------------------------------------------------------------------------------------------- */

static void
test_authority (Fixture       *fixture,
                gconstpointer  data)
{
  const RapportAuthority *authority = rapport_workspace_get_authority (fixture->workspace);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GString) strict = NULL;
  g_autoptr(GError) error = NULL;
  guint notified = 0;

  /* Before the server said anything: no role, no deciding; the settings' (default) policy. */
  g_assert_nonnull (authority);
  g_assert_false (authority->has_role);
  g_assert_false (authority->may_decide);
  g_assert_false (authority->enforced);
  g_assert_cmpint (authority->source, ==, RAPPORT_POLICY_SOURCE_DEFAULTS);

  refresh_authority (fixture);
  authority = rapport_workspace_get_authority (fixture->workspace);
  g_assert_true (authority->has_role);
  g_assert_cmpint (authority->role, ==, RAPPORT_ROLE_AGENT);
  /* Not enforced by this backend: the settings decide, not the server's copy. */
  g_assert_cmpint (authority->source, ==, RAPPORT_POLICY_SOURCE_DEFAULTS);
  g_assert_cmpuint (fixture->provider->n_authority, ==, 1);

  /* An administrator's policy arrives through the settings: followed at once. */
  bytes = g_resources_lookup_data ("/io/github/rapportdesk/Rapport/authority/policy-defaults.json",
                                   G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  g_assert_no_error (error);
  strict = g_string_new_len (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_string_replace (strict, "\"50.00\"", "\"10.00\"", 1);
  g_signal_connect_swapped (fixture->workspace, "notify::authority",
                            G_CALLBACK (g_atomic_int_inc), &notified);
  g_assert_true (rapport_policy_settings_store (fixture->settings, strict->str, &error));
  g_assert_no_error (error);
  TEST_WAIT_FOR (notified > 0, 2000);
  authority = rapport_workspace_get_authority (fixture->workspace);
  g_assert_cmpint (authority->source, ==, RAPPORT_POLICY_SOURCE_SETTINGS);
  g_assert_cmpint (rapport_policy_get_limits (authority->policy, RAPPORT_ROLE_AGENT,
                                              RAPPORT_MONEY_KIND_REFUND)->single, ==, 1000);
  g_signal_handlers_disconnect_by_data (fixture->workspace, &notified);
}

static void
test_money_of_the_customer (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(RapportTicket) ticket = test_load_ticket (fixture->store, fixture->account_id,
                                                      "1002");
  g_autoptr(RapportSyncPage) page = rapport_sync_page_new ();
  RapportTicketSession *session;
  RapportPolicyEvaluation evaluation;
  RapportMoney fifty = { 5000, "USD" };
  RapportMoney thirty = { 3000, "USD" };
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  const RapportMoneySummary *summary;
  const RapportMoneyTotals *usd;

  /* 40.00 refunded two days ago. */
  g_ptr_array_add (page->money_actions,
                   record ("M1", 4000, now - 2 * TEST_DAY, RAPPORT_ACTION_STATE_EXECUTED, NULL));
  apply (fixture, page);

  session = rapport_ticket_session_new (fixture->workspace, ticket);
  TEST_WAIT_FOR (!rapport_ticket_session_get_loading (session) &&
                 rapport_ticket_session_get_money_actions (session) != NULL, 5000);

  g_assert_cmpuint (rapport_ticket_session_get_money_actions (session)->len, ==, 1);
  g_assert_nonnull (rapport_ticket_session_get_agent_actions (session));
  g_assert_cmpuint (rapport_ticket_session_get_agent_actions (session)->len, ==, 0);
  summary = rapport_ticket_session_get_money_summary (session);
  g_assert_nonnull (summary);
  g_assert_cmpuint (summary->window_days, ==, 30);
  usd = rapport_money_summary_get_totals (summary, "USD");
  g_assert_cmpint (usd->refunds_window, ==, 4000);

  /* No role yet: denied, whatever the amount. */
  g_assert_cmpint (rapport_ticket_session_evaluate_money (session, RAPPORT_MONEY_KIND_REFUND,
                                                          &thirty, US (now), &evaluation),
                   ==, RAPPORT_VERDICT_DENIED);
  g_assert_cmpint (evaluation.reason, ==, RAPPORT_VERDICT_REASON_ROLE);

  refresh_authority (fixture);
  g_assert_true (rapport_ticket_session_get_authority (session)->has_role);

  /* 40.00 + 50.00 over the 75.00 customer window; 30.00 fits. */
  g_assert_cmpint (rapport_ticket_session_evaluate_money (session, RAPPORT_MONEY_KIND_REFUND,
                                                          &fifty, US (now), &evaluation),
                   ==, RAPPORT_VERDICT_NEEDS_APPROVAL);
  g_assert_cmpint (evaluation.reason, ==, RAPPORT_VERDICT_REASON_CUSTOMER_WINDOW);
  g_assert_cmpint (evaluation.customer_total.minor, ==, 4000);
  g_assert_cmpint (rapport_ticket_session_evaluate_money (session, RAPPORT_MONEY_KIND_REFUND,
                                                          &thirty, US (now), &evaluation),
                   ==, RAPPORT_VERDICT_ALLOWED);

  g_assert_finalize_object (session);
}

static void
test_request_and_decide (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(RapportTicket) ticket = test_load_ticket (fixture->store, fixture->account_id,
                                                      "1002");
  g_autoptr(RapportSyncPage) page = rapport_sync_page_new ();
  g_autoptr(RapportOutboxOp) money = NULL;
  g_autoptr(RapportOutboxOp) decision = NULL;
  RapportTicketSession *session;
  RapportMoney thirty = { 3000, "USD" };
  RapportMoneyAction *pending_one = NULL;
  RapportMoneyAction *newest;
  GPtrArray *actions;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_ptr_array_add (page->money_actions,
                   record ("M7", 9000, now - TEST_HOUR, RAPPORT_ACTION_STATE_PENDING_APPROVAL,
                           "A7"));
  apply (fixture, page);
  refresh_authority (fixture);

  session = rapport_ticket_session_new (fixture->workspace, ticket);
  TEST_WAIT_FOR (!rapport_ticket_session_get_loading (session) &&
                 rapport_ticket_session_get_money_actions (session) != NULL, 5000);

  rapport_ticket_session_request_money_async (session, RAPPORT_MONEY_KIND_REFUND, &thirty,
                                              "Late delivery", NULL, NULL, on_op_cb, &money);
  TEST_WAIT_FOR (money != NULL, 5000);
  g_assert_cmpint (money->kind, ==, RAPPORT_OUTBOX_KIND_MONEY);
  /* 30.00 alone fits, but 90.00 is awaiting approval in the window: provisional. */
  g_assert_cmpint (money->verdict, ==, RAPPORT_VERDICT_NEEDS_APPROVAL);

  TEST_WAIT_FOR ((actions = rapport_ticket_session_get_money_actions (session)) != NULL &&
                 actions->len == 2 &&
                 rapport_ticket_session_get_agent_actions (session)->len == 1, 5000);
  newest = actions->pdata[0];
  g_assert_true (rapport_money_action_get_pending_sync (newest));
  g_assert_cmpint (rapport_money_action_get_verdict (newest), ==, RAPPORT_VERDICT_NEEDS_APPROVAL);
  g_assert_cmpint (rapport_ticket_session_get_money_summary (session)->n_pending_approval, ==, 1);

  pending_one = actions->pdata[1];
  g_assert_true (rapport_money_action_awaits_decision (pending_one));
  rapport_ticket_session_decide_async (session, rapport_money_action_get_id (pending_one),
                                       RAPPORT_DECISION_APPROVE, "Fine", NULL, on_op_cb,
                                       &decision);
  TEST_WAIT_FOR (decision != NULL, 5000);
  g_assert_cmpint (decision->kind, ==, RAPPORT_OUTBOX_KIND_DECISION);
  g_assert_cmpstr (decision->approval_remote_id, ==, "A7");

  TEST_WAIT_FOR ((actions = rapport_ticket_session_get_money_actions (session)) != NULL &&
                 actions->len == 2 &&
                 rapport_money_action_get_decision_pending (actions->pdata[1]), 5000);
  /* Nothing moves before the server's decision is verified. */
  g_assert_cmpint (rapport_money_action_get_state (actions->pdata[1]), ==,
                   RAPPORT_ACTION_STATE_PENDING_APPROVAL);

  g_assert_finalize_object (session);
}

/* A ticket loads the summary of the whole ledger, but only the actions of the policy's window
 * and those of the ticket itself. */
static void
test_loads_the_window_not_the_ledger (Fixture       *fixture,
                                      gconstpointer  data)
{
  g_autoptr(RapportTicket) ticket = test_load_ticket (fixture->store, fixture->account_id,
                                                      "1002");
  g_autoptr(RapportSyncPage) page = rapport_sync_page_new ();
  RapportTicketSession *session;
  GPtrArray *actions;
  const RapportMoneySummary *summary;
  const RapportMoneyTotals *usd;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  RapportMoneyAction *elsewhere;

  /* 40.00 two days ago; 30.00 two months ago on another ticket of the customer; 90.00 three
   * months ago on this ticket, still awaiting a decision. */
  g_ptr_array_add (page->money_actions,
                   record ("M1", 4000, now - 2 * TEST_DAY, RAPPORT_ACTION_STATE_EXECUTED, NULL));
  elsewhere = record ("M2", 3000, now - 60 * TEST_DAY, RAPPORT_ACTION_STATE_EXECUTED, NULL);
  rapport_money_action_set_ticket_remote_id (elsewhere, "1005");
  g_ptr_array_add (page->money_actions, elsewhere);
  g_ptr_array_add (page->money_actions,
                   record ("M3", 9000, now - 90 * TEST_DAY, RAPPORT_ACTION_STATE_PENDING_APPROVAL,
                           "A3"));
  apply (fixture, page);

  session = rapport_ticket_session_new (fixture->workspace, ticket);
  TEST_WAIT_FOR (!rapport_ticket_session_get_loading (session) &&
                 rapport_ticket_session_get_money_actions (session) != NULL, 5000);

  actions = rapport_ticket_session_get_money_actions (session);
  g_assert_cmpuint (actions->len, ==, 2);
  g_assert_cmpstr (rapport_money_action_get_remote_id (actions->pdata[0]), ==, "M1");
  g_assert_cmpstr (rapport_money_action_get_remote_id (actions->pdata[1]), ==, "M3");

  summary = rapport_ticket_session_get_money_summary (session);
  g_assert_nonnull (summary);
  usd = rapport_money_summary_get_totals (summary, "USD");
  g_assert_cmpint (usd->refunds, ==, 7000);
  g_assert_cmpint (usd->refunds_window, ==, 4000);
  g_assert_cmpint (usd->refunds_pending, ==, 9000);
  g_assert_cmpuint (summary->n_pending_approval, ==, 1);

  g_assert_finalize_object (session);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);

#define FIXTURE_TEST(path, func) \
  g_test_add ("/rapport/ticket-session-money/" path, Fixture, NULL, fixture_set_up, func, \
              fixture_tear_down)

  FIXTURE_TEST ("authority", test_authority);
  FIXTURE_TEST ("money-of-the-customer", test_money_of_the_customer);
  FIXTURE_TEST ("request-and-decide", test_request_and_decide);
  FIXTURE_TEST ("loads-the-window-not-the-ledger", test_loads_the_window_not_the_ledger);

  return g_test_run ();
}
