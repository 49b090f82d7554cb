/* rapport-bench-money.c — the money rows of the benchmark: the policy, and a customer with a
 * long ledger
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Writes, through the store's pull path, a money ledger (one customer with a long history of
 * refunds and credits among many others) and times the policy and the customer's money
 * summary. Runs last, after every other row, so the ledger cannot change them.
 */
#define G_LOG_DOMAIN "rapport-bench"

#include "config.h"

#include <sqlite3.h>

#include "rapport-bench.h"
#include "rapport-policy.h"
#include "rapport-store-actions.h"
#define LEDGER_ACTIONS     5000  /* one customer's, over two years */
#define BACKGROUND_ACTIONS 20000 /* other customers', over the same two years */
#define AGENT_DAY_ACTIONS  500   /* of the background: one agent's, today */
#define LEDGER_PAGE_SIZE   5000  /* money actions per sync page */
#define CUSTOMER_RECENT    200   /* the customer's history given to the policy */
#define LEDGER_AGENT       "bench-agent-00"
#define LEDGER_SUPERVISOR  "bench-supervisor"

typedef struct
{
  gint64  customer_id;
  gint64  ticket_id;
  char   *ticket_remote_id;
  char   *customer_key;
} LedgerTicket;

static void
ledger_ticket_clear (LedgerTicket *ticket)
{
  g_free (ticket->ticket_remote_id);
  g_free (ticket->customer_key);
}

/* Tickets of @account_id with their customer and the customer's email, read through a
 * second, read-only connection: @customer_id's own (any one, when @own) or those of other
 * customers (every fifth ticket, at most @limit). */
static GArray *
query_ledger_tickets (const char *path,
                      gint64      account_id,
                      gint64      customer_id,
                      gboolean    own,
                      guint       limit)
{
  static const char *sql =
    "SELECT t.customer_id, t.id, t.remote_id, COALESCE ((SELECT i.normalized FROM identities i "
    "WHERE i.customer_id = t.customer_id AND i.channel = 'email' "
    "AND i.normalized IS NOT NULL ORDER BY i.id LIMIT 1), '') FROM tickets t "
    "WHERE t.account_id = ?1 AND t.customer_id IS NOT NULL "
    "AND ((?3 AND t.customer_id = ?2) OR (NOT ?3 AND t.customer_id <> ?2 AND t.id % 5 = 0)) "
    "ORDER BY t.id LIMIT ?4";
  GArray *tickets = g_array_new (FALSE, TRUE, sizeof (LedgerTicket));
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_array_set_clear_func (tickets, (GDestroyNotify) ledger_ticket_clear);
  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    g_error ("Could not open %s: %s", path, sqlite3_errmsg (db));
  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("Could not query %s: %s", path, sqlite3_errmsg (db));
  sqlite3_bind_int64 (stmt, 1, account_id);
  sqlite3_bind_int64 (stmt, 2, customer_id);
  sqlite3_bind_int (stmt, 3, own);
  sqlite3_bind_int (stmt, 4, (int) limit);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      LedgerTicket ticket = {
        sqlite3_column_int64 (stmt, 0),
        sqlite3_column_int64 (stmt, 1),
        g_strdup ((const char *) sqlite3_column_text (stmt, 2)),
        g_strdup ((const char *) sqlite3_column_text (stmt, 3)),
      };

      g_array_append_val (tickets, ticket);
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return tickets;
}

/* The customer of the ledger: the first with an email and no open ticket, so that the
 * app's first view never shows them. */
static gint64
query_ledger_customer (const char *path,
                       gint64      account_id)
{
  static const char *sql =
    "SELECT t.customer_id FROM tickets t WHERE t.account_id = ?1 "
    "AND t.customer_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM tickets o "
    "WHERE o.customer_id = t.customer_id AND o.is_open) AND EXISTS (SELECT 1 FROM identities i "
    "WHERE i.customer_id = t.customer_id AND i.channel = 'email' AND i.normalized IS NOT NULL) "
    "ORDER BY t.id LIMIT 1";
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value = 0;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    g_error ("Could not open %s: %s", path, sqlite3_errmsg (db));
  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("Could not query %s: %s", path, sqlite3_errmsg (db));
  sqlite3_bind_int64 (stmt, 1, account_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

static const char * const ledger_reasons[] = {
  "Parcel lost in transit", "Charged twice", "Late delivery", "Damaged on arrival",
  "Goodwill for the outage", "Wrong size sent", "Subscription renewed after cancelling",
  "Promo code not applied",
};

/* Adds to @page one money action of @ticket created at @created_us by @requester, in one of
 * the states a helpdesk's ledger holds, with its approval when it needed one. */
static void
add_ledger_action (RapportSyncPage    *page,
                   GRand              *rand,
                   const char         *remote_id,
                   const LedgerTicket *ticket,
                   const char         *requester,
                   gint64              created_us)
{
  g_autoptr(RapportMoneyAction) action = rapport_money_action_new ();
  g_autofree char *order = g_strdup_printf ("order %u", g_rand_int_range (rand, 1000, 99999));
  g_autofree char *approval_id = NULL;
  RapportMoneyKind kind = g_rand_int_range (rand, 0, 5) < 3 ? RAPPORT_MONEY_KIND_REFUND
                                                            : RAPPORT_MONEY_KIND_CREDIT;
  RapportMoney amount = { 0, "USD" };
  int draw = g_rand_int_range (rand, 0, 100);
  RapportActionState server_state = RAPPORT_ACTION_STATE_EXECUTED;
  RapportDecision decision = RAPPORT_DECISION_NONE;
  gboolean by_supervisor = TRUE;

  /* 70 % within the limits; the rest went through an approval: approved, rejected,
   * awaiting a decision, cancelled, or "approved" by someone who may not (an invalid
   * decision, which moves no money). */
  if (draw < 70)
    amount.minor = g_rand_int_range (rand, 100, 2501);
  else
    amount.minor = g_rand_int_range (rand, 5001, 30001);
  if (draw >= 70)
    {
      approval_id = g_strdup_printf ("%s-approval", remote_id);
      if (draw < 80)
        server_state = RAPPORT_ACTION_STATE_APPROVED, decision = RAPPORT_DECISION_APPROVE;
      else if (draw < 85)
        server_state = RAPPORT_ACTION_STATE_REJECTED, decision = RAPPORT_DECISION_REJECT;
      else if (draw < 90)
        server_state = RAPPORT_ACTION_STATE_PENDING_APPROVAL;
      else if (draw < 95)
        server_state = RAPPORT_ACTION_STATE_CANCELLED;
      else
        server_state = RAPPORT_ACTION_STATE_APPROVED, decision = RAPPORT_DECISION_APPROVE,
        by_supervisor = FALSE;
    }

  rapport_money_action_set_remote_id (action, remote_id);
  rapport_money_action_set_ticket_remote_id (action, ticket->ticket_remote_id);
  rapport_money_action_set_customer_key (action, ticket->customer_key);
  rapport_money_action_set_kind (action, kind);
  rapport_money_action_set_amount (action, &amount);
  rapport_money_action_set_reason (action,
                                   ledger_reasons[g_rand_int_range (rand, 0,
                                                                    G_N_ELEMENTS (ledger_reasons))]);
  rapport_money_action_set_order_reference (action, g_rand_boolean (rand) ? order : NULL);
  rapport_money_action_set_requester (action, requester, requester);
  rapport_money_action_set_created_at (action, created_us);
  rapport_money_action_set_server_state (action, server_state);
  rapport_money_action_set_verdict (action,
                                    approval_id != NULL ? RAPPORT_VERDICT_NEEDS_APPROVAL
                                                        : RAPPORT_VERDICT_ALLOWED,
                                    approval_id != NULL ? RAPPORT_VERDICT_REASON_SINGLE_LIMIT
                                                        : RAPPORT_VERDICT_REASON_NONE);
  if (approval_id != NULL)
    {
      RapportApproval *approval = rapport_approval_new (approval_id, remote_id);

      rapport_money_action_set_approval (action, approval_id, "1");
      rapport_approval_set_etag (approval, "1");
      rapport_approval_set_request (approval, &amount, ticket->customer_key);
      if (decision != RAPPORT_DECISION_NONE)
        rapport_approval_set_decision (approval, decision,
                                       by_supervisor ? LEDGER_SUPERVISOR : requester,
                                       by_supervisor ? LEDGER_SUPERVISOR : requester,
                                       by_supervisor, created_us + G_TIME_SPAN_HOUR,
                                       "Checked the order");
      g_ptr_array_add (page->approvals, approval);
    }
  g_ptr_array_add (page->money_actions, g_steal_pointer (&action));
}

/* The store logs each decision that does not pass verification; the ledger holds hundreds on
 * purpose, so while this points to a counter they are counted instead of printed. */
static guint *store_messages_counted;

GLogWriterOutput
rapport_bench_log_writer (GLogLevelFlags   log_level,
                          const GLogField *fields,
                          gsize            n_fields,
                          gpointer         user_data)
{
  if (store_messages_counted != NULL && (log_level & G_LOG_LEVEL_MESSAGE) != 0)
    {
      for (gsize i = 0; i < n_fields; i++)
        {
          if (g_strcmp0 (fields[i].key, "GLIB_DOMAIN") == 0 && fields[i].length < 0 &&
              g_strcmp0 (fields[i].value, "rapport-store") == 0)
            {
              (*store_messages_counted)++;
              return G_LOG_WRITER_HANDLED;
            }
        }
    }
  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

/* Applies @page and starts a new one. */
static void
apply_ledger_page (RapportStore     *store,
                   gint64            account_id,
                   RapportSyncPage **page)
{
  g_autoptr(GError) error = NULL;

  if ((*page)->money_actions->len == 0)
    return;
  if (!rapport_store_apply_page (store, account_id, *page, NULL, &error))
    g_error ("Could not apply a ledger page: %s", error->message);
  rapport_sync_page_free (*page);
  *page = rapport_sync_page_new ();
}

/* Writes, through the store's pull path (sync pages of money actions and approvals), the
 * ledger of @customer_id (LEDGER_ACTIONS over the two years before @now_us) and a background
 * of BACKGROUND_ACTIONS over other customers, AGENT_DAY_ACTIONS of them by LEDGER_AGENT
 * since @day_start_us. The remote ids are fixed: applied again (--reuse), it updates. */
static void
build_ledger (RapportStore *store,
              const char   *db_path,
              gint64        account_id,
              gint64        customer_id,
              gint64        now_us,
              gint64        day_start_us)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (8080);
  g_autoptr(GArray) own = query_ledger_tickets (db_path, account_id, customer_id, TRUE, 1000);
  g_autoptr(GArray) others = query_ledger_tickets (db_path, account_id, customer_id, FALSE,
                                                   4000);
  RapportSyncPage *page = rapport_sync_page_new ();
  gint64 span_us = 730 * G_TIME_SPAN_DAY;
  gint64 started = g_get_monotonic_time ();
  guint n_messages = 0;

  if (own->len == 0 || others->len == 0)
    g_error ("The store has no tickets to hang a ledger on");

  g_printerr ("Writing a ledger of %u money actions for customer %" G_GINT64_FORMAT
              " (%u tickets) and %u over other customers, through apply_page…\n",
              LEDGER_ACTIONS, customer_id, own->len, BACKGROUND_ACTIONS);

  store_messages_counted = &n_messages;
  /* One action in five is the customer's, so that their rows lie among the others' as
   * pulls over time would leave them. */
  G_STATIC_ASSERT (BACKGROUND_ACTIONS == 4 * LEDGER_ACTIONS);
  for (guint i = 0; i < LEDGER_ACTIONS + BACKGROUND_ACTIONS; i++)
    {
      g_autofree char *remote_id = g_strdup_printf ("bench-money-%u", i);
      g_autofree char *requester = NULL;
      const LedgerTicket *ticket;
      gint64 created_us;

      if (i % 5 == 0)
        {
          guint n = i / 5;

          /* evenly over the two years, oldest first, the last one a minute ago */
          ticket = &g_array_index (own, LedgerTicket, g_rand_int_range (rand, 0, own->len));
          created_us = now_us - G_TIME_SPAN_MINUTE -
                       span_us / LEDGER_ACTIONS * (LEDGER_ACTIONS - 1 - n);
          requester = g_strdup_printf ("bench-agent-%02d", g_rand_int_range (rand, 1, 40));
        }
      else
        {
          guint n = i - i / 5 - 1;

          ticket = &g_array_index (others, LedgerTicket, g_rand_int_range (rand, 0, others->len));
          if (n < AGENT_DAY_ACTIONS)
            {
              created_us = day_start_us + (now_us - day_start_us) / AGENT_DAY_ACTIONS * n;
              requester = g_strdup (LEDGER_AGENT);
            }
          else
            {
              created_us = now_us - (gint64) (g_rand_double (rand) * span_us);
              requester = g_strdup_printf ("bench-agent-%02d", g_rand_int_range (rand, 1, 40));
            }
        }
      add_ledger_action (page, rand, remote_id, ticket, requester, created_us);
      if (page->money_actions->len == LEDGER_PAGE_SIZE)
        apply_ledger_page (store, account_id, &page);
    }
  apply_ledger_page (store, account_id, &page);
  rapport_sync_page_free (page);
  store_messages_counted = NULL;

  g_printerr ("  written in %.1f s (the store logged %u decisions that do not count)\n",
              (g_get_monotonic_time () - started) / 1e6, n_messages);
}

void
rapport_bench_run_money (RapportStore *store,
                         const char   *db_path,
                         gint64        account_id,
                         guint         n_samples)
{
  g_autoptr(RapportPolicy) policy = rapport_policy_new_default ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (4343);
  g_autoptr(GArray) policy_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) summary_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) list_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) recent_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) ticket = NULL;
  g_autoptr(GPtrArray) customer_actions = NULL;
  g_autoptr(GPtrArray) agent_actions = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree RapportPolicyEntry *customer_entries = NULL;
  g_autofree RapportPolicyEntry *agent_entries = NULL;
  g_autofree char *policy_metric = NULL;
  g_autofree char *summary_metric = NULL;
  g_autofree char *list_metric = NULL;
  g_autofree char *recent_metric = NULL;
  RapportPolicyHistory customer_recent, agent_recent;
  guint verdicts[RAPPORT_VERDICT_DENIED + 1] = { 0, };
  gint64 now_us = g_get_real_time ();
  gint64 day_start_us = rapport_policy_get_day_start (policy, now_us);
  gint64 customer_id = query_ledger_customer (db_path, account_id);
  guint n_policy = MAX (n_samples * 50, 1000);
  guint window_days = rapport_policy_get_customer_window_days (policy);
  guint n_recent = 0;
  gsize n;

  if (customer_id <= 0)
    g_error ("The store has no customer without open tickets");
  /* Today's actions of LEDGER_AGENT need a few seconds of today. */
  if (now_us - day_start_us < AGENT_DAY_ACTIONS)
    day_start_us = now_us - AGENT_DAY_ACTIONS;

  build_ledger (store, db_path, account_id, customer_id, now_us, day_start_us);
  /* The ticket the customer's recent actions are read for, as when it opens. */
  ticket = query_ledger_tickets (db_path, account_id, customer_id, TRUE, 1);

  /* The policy's histories, as the refund dialog reads them from the store. */
  customer_actions = rapport_store_list_customer_actions (store, customer_id, NULL, &error);
  if (customer_actions == NULL)
    g_error ("list_customer_actions: %s", error->message);
  agent_actions = rapport_store_list_agent_actions (store, account_id, LEDGER_AGENT,
                                                    day_start_us, NULL, &error);
  if (agent_actions == NULL)
    g_error ("list_agent_actions: %s", error->message);
  if (customer_actions->len < LEDGER_ACTIONS || agent_actions->len < AGENT_DAY_ACTIONS)
    g_error ("The ledger holds %u actions of the customer and %u of the agent today, "
             "expected %u and %u", customer_actions->len, agent_actions->len, LEDGER_ACTIONS,
             AGENT_DAY_ACTIONS);
  g_ptr_array_set_size (customer_actions, CUSTOMER_RECENT);
  customer_entries = rapport_money_actions_to_policy_entries (customer_actions, &n);
  customer_recent = (RapportPolicyHistory) { customer_entries, n };
  agent_entries = rapport_money_actions_to_policy_entries (agent_actions, &n);
  agent_recent = (RapportPolicyHistory) { agent_entries, n };

  g_printerr ("Timing the policy (%u samples; %zu customer and %zu agent entries) and the "
              "ledger reads (%u samples)…\n", n_policy, customer_recent.n_entries,
              agent_recent.n_entries, n_samples);

  for (guint i = 0; i < n_policy; i++)
    {
      RapportPolicyAction action = {
        g_rand_int_range (rand, 0, RAPPORT_N_ROLES),
        g_rand_int_range (rand, 0, RAPPORT_N_MONEY_KINDS),
        { g_rand_int_range (rand, 1, 30001), "USD" },
      };
      RapportPolicyEvaluation out;
      gint64 t0 = g_get_monotonic_time ();
      double ms;

      verdicts[rapport_policy_evaluate (policy, &action, &customer_recent, &agent_recent,
                                        now_us, &out)]++;
      ms = (g_get_monotonic_time () - t0) / 1000.0;
      g_array_append_val (policy_ms, ms);
    }

  for (guint i = 0; i < n_samples; i++)
    {
      g_autoptr(RapportMoneySummary) summary = NULL;
      g_autoptr(GPtrArray) actions = NULL;
      gint64 t0 = g_get_monotonic_time ();
      double ms;

      summary = rapport_store_money_summary (store, customer_id, window_days, now_us, NULL,
                                             &error);
      ms = (g_get_monotonic_time () - t0) / 1000.0;
      if (summary == NULL)
        g_error ("money_summary: %s", error->message);
      g_array_append_val (summary_ms, ms);

      t0 = g_get_monotonic_time ();
      actions = rapport_store_list_customer_actions (store, customer_id, NULL, &error);
      ms = (g_get_monotonic_time () - t0) / 1000.0;
      if (actions == NULL)
        g_error ("list_customer_actions: %s", error->message);
      g_array_append_val (list_ms, ms);
      g_clear_pointer (&actions, g_ptr_array_unref);

      t0 = g_get_monotonic_time ();
      actions = rapport_store_list_recent_customer_actions (
        store, customer_id, now_us - (gint64) window_days * G_TIME_SPAN_DAY,
        g_array_index (ticket, LedgerTicket, 0).ticket_id, NULL, &error);
      ms = (g_get_monotonic_time () - t0) / 1000.0;
      if (actions == NULL)
        g_error ("list_recent_customer_actions: %s", error->message);
      g_array_append_val (recent_ms, ms);
      n_recent = actions->len;
    }

  g_printerr ("  verdicts: %u allowed, %u need approval, %u denied\n",
              verdicts[RAPPORT_VERDICT_ALLOWED], verdicts[RAPPORT_VERDICT_NEEDS_APPROVAL],
              verdicts[RAPPORT_VERDICT_DENIED]);

  policy_metric = g_strdup_printf ("Policy evaluation (default policy; the customer's last %u "
                                   "actions, the agent's %u of the day)", CUSTOMER_RECENT,
                                   AGENT_DAY_ACTIONS);
  summary_metric = g_strdup_printf ("money_summary of a customer with %u actions over two years "
                                    "(%u in the ledger)", LEDGER_ACTIONS,
                                    LEDGER_ACTIONS + BACKGROUND_ACTIONS);
  list_metric = g_strdup_printf ("list_customer_actions of that customer (%u actions)",
                                 LEDGER_ACTIONS);
  recent_metric = g_strdup_printf ("list_recent_customer_actions of that customer, as a ticket "
                                   "opens (the %u-day window and the ticket's: %u actions)",
                                   window_days, n_recent);
  /* The target for the policy and the summary: p95 ≤ 1 ms. The lists' is that of the
   * customer's history (one frame): the whole ledger is what the Approvals view reads, the
   * recent actions what the ticket session reads, with the summary, when a ticket opens. */
  rapport_bench_add_latency_row_precise (policy_metric, policy_ms, -1, 1, 3);
  rapport_bench_add_latency_row (summary_metric, summary_ms, -1, 1);
  rapport_bench_add_latency_row (list_metric, list_ms, -1, 16);
  rapport_bench_add_latency_row (recent_metric, recent_ms, -1, 16);
}

