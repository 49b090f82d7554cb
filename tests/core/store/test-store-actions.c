/* test-store-actions.c
 *
 * The money ledger of the cache: migration 0003 from a database at version 2 with queued ops
 * (every row and id kept, the new kinds admitted), money actions and approvals applied from
 * pages with every decision verified before money counts as approved, the reads of the
 * customer panel, the policy's histories and the Approvals view, and the money summary.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-test-store-actions"

#include "config.h"

#include <sqlite3.h>

#include "rapport-outbox.h"
#include "rapport-store-private.h"
#include "rapport-test-data.h"

#define CHLOE "chloe.silva@northwind-bakery.example"
#define MAYA  "maya.supervisor"
#define US(s) ((gint64) (s) * G_USEC_PER_SEC)

/* ---------------------------------------------------------------------------------------------
 * Helpers
 * ------------------------------------------------------------------------------------------- */

static gint64
query_int (sqlite3    *db,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return value;
}

static char *
query_text (sqlite3    *db,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);

  return value;
}

static void
exec_resource (sqlite3    *db,
               const char *name)
{
  g_autofree char *path = g_strconcat ("/io/github/rapportdesk/Rapport/core/sql/", name, NULL);
  g_autoptr(GBytes) sql = NULL;
  g_autoptr(GError) error = NULL;

  sql = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_exec (db, g_bytes_get_data (sql, NULL), NULL, NULL, NULL), ==,
                   SQLITE_OK);
}

/* A money action as a provider builds it. */
static RapportMoneyAction *
record (const char         *remote_id,
        const char         *ticket,
        RapportMoneyKind    kind,
        gint64              minor,
        const char         *currency,
        const char         *requester,
        gint64              created_at_s,
        RapportActionState  server_state,
        RapportVerdict      verdict,
        const char         *approval)
{
  RapportMoneyAction *action = rapport_money_action_new ();
  RapportMoney amount = { 0 };

  amount.minor = minor;
  g_strlcpy (amount.currency, currency, sizeof amount.currency);
  rapport_money_action_set_remote_id (action, remote_id);
  rapport_money_action_set_ticket_remote_id (action, ticket);
  rapport_money_action_set_customer_key (action, CHLOE);
  rapport_money_action_set_kind (action, kind);
  rapport_money_action_set_amount (action, &amount);
  rapport_money_action_set_reason (action, "Damaged in transit");
  rapport_money_action_set_order_reference (action, "ORD-1");
  rapport_money_action_set_requester (action, requester, "Someone");
  rapport_money_action_set_created_at (action, US (created_at_s));
  rapport_money_action_set_server_state (action, server_state);
  rapport_money_action_set_verdict (action, verdict,
                                    verdict == RAPPORT_VERDICT_ALLOWED
                                    ? RAPPORT_VERDICT_REASON_NONE
                                    : RAPPORT_VERDICT_REASON_SINGLE_LIMIT);
  if (approval != NULL)
    rapport_money_action_set_approval (action, approval, "\"etag-1\"");

  return action;
}

static RapportApproval *
decision (const char      *approval,
          const char      *action,
          RapportDecision  what,
          const char      *by,
          gboolean         supervisor,
          gint64           minor,
          gint64           at_s)
{
  RapportApproval *result = rapport_approval_new (approval, action);
  RapportMoney amount = { 0 };

  amount.minor = minor;
  g_strlcpy (amount.currency, "USD", sizeof amount.currency);
  rapport_approval_set_etag (result, "\"etag-2\"");
  rapport_approval_set_request (result, &amount, CHLOE);
  rapport_approval_set_decision (result, what, by, "A decider", supervisor, US (at_s),
                                 "Checked the order");

  return result;
}

static void
apply (RapportStore    *store,
       gint64           account_id,
       RapportSyncPage *page)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (rapport_store_apply_page (store, account_id, page, NULL, &error));
  g_assert_no_error (error);
}

static RapportMoneyAction *
find (GPtrArray  *actions,
      const char *remote_id)
{
  for (guint i = 0; i < actions->len; i++)
    if (g_strcmp0 (rapport_money_action_get_remote_id (actions->pdata[i]), remote_id) == 0)
      return actions->pdata[i];

  g_error ("No action %s", remote_id);
}

static void
count_changed (guint *n)
{
  (*n)++;
}

typedef struct
{
  char         *dir;
  RapportStore *store;
  gint64        account_id;
  gint64        chloe;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(RapportSyncPage) page = test_story_page ();
  g_autoptr(RapportTicket) ticket = NULL;

  fixture->dir = test_make_tmp_dir ();
  fixture->store = test_open_store (fixture->dir, &fixture->account_id);
  apply (fixture->store, fixture->account_id, page);
  ticket = test_load_ticket (fixture->store, fixture->account_id, "1002");
  fixture->chloe = rapport_ticket_get_customer_id (ticket);
  g_assert_cmpint (fixture->chloe, >, 0);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  rapport_store_close (fixture->store);
  g_assert_finalize_object (g_steal_pointer (&fixture->store));
  test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

/* ---------------------------------------------------------------------------------------------
 * Migration
 * ------------------------------------------------------------------------------------------- */

static void
test_migration_from_v2 (void)
{
  g_autofree char *dir = test_make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "rapport.db", NULL);
  g_autoptr(RapportStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *changes = NULL;
  g_autofree char *body = NULL;
  sqlite3 *db;

  /* A database as version 2 left it, with queued and finished ops. */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  exec_resource (db, "0001-initial.sql");
  exec_resource (db, "0002-outbox.sql");
  g_assert_cmpint (sqlite3_exec (db,
                                 "INSERT INTO accounts (id, provider_kind, user_remote_id, "
                                 "created_at) VALUES (1, 'rt', 'sam.agent', 1);"
                                 "INSERT INTO tickets (id, account_id, remote_id, subject, "
                                 "status, channel) VALUES (7, 1, 'T7', 'Old', 'open', 'email');"
                                 "INSERT INTO outbox (id, account_id, ticket_id, "
                                 "ticket_remote_id, kind, body, body_hash, state, hold_until, "
                                 "not_before, attempts, first_attempt_at, last_error, "
                                 "error_code, local_message_id, remote_message_id, created_at, "
                                 "updated_at) VALUES "
                                 "(5, 1, 7, 'T7', 'reply', 'Hello', 'h5', 'unknown', 0, 99, 2, "
                                 "1000, 'lost', 8, 70, NULL, 900, 1100),"
                                 "(9, 1, 7, 'T7', 'note', 'Done', 'h9', 'done', 0, 0, 1, 2000, "
                                 "NULL, NULL, NULL, 'M9', 1900, 2100);"
                                 "INSERT INTO outbox (id, account_id, ticket_id, "
                                 "ticket_remote_id, kind, changes, state, created_at, "
                                 "updated_at) VALUES (12, 1, 7, 'T7', 'update', "
                                 "'{\"status\":\"solved\"}', 'failed', 3000, 3100);"
                                 "PRAGMA user_version = 2;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = rapport_store_new (path);
  g_assert_true (rapport_store_open (store, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (rapport_store_get_schema_version (store), ==,
                    rapport_store_get_latest_schema_version ());
  rapport_store_close (store);

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (query_int (db, "PRAGMA user_version"), ==,
                   (int) rapport_store_get_latest_schema_version ());

  /* Every row, with its id and every column. */
  g_assert_cmpint (query_int (db, "SELECT COUNT (*) FROM outbox"), ==, 3);
  g_assert_cmpint (query_int (db, "SELECT COUNT (*) FROM outbox WHERE id = 5 AND "
                                  "account_id = 1 AND ticket_id = 7 AND ticket_remote_id = 'T7' "
                                  "AND kind = 'reply' AND body_hash = 'h5' AND "
                                  "state = 'unknown' AND not_before = 99 AND attempts = 2 AND "
                                  "first_attempt_at = 1000 AND last_error = 'lost' AND "
                                  "error_code = 8 AND local_message_id = 70 AND "
                                  "remote_message_id IS NULL AND created_at = 900 AND "
                                  "updated_at = 1100"), ==, 1);
  body = query_text (db, "SELECT body FROM outbox WHERE id = 5");
  g_assert_cmpstr (body, ==, "Hello");
  g_assert_cmpint (query_int (db, "SELECT COUNT (*) FROM outbox WHERE id = 9 AND "
                                  "state = 'done' AND remote_message_id = 'M9'"), ==, 1);
  changes = query_text (db, "SELECT changes FROM outbox WHERE id = 12");
  g_assert_cmpstr (changes, ==, "{\"status\":\"solved\"}");

  /* The indexes are back; the new kinds are admitted, others still refused. */
  g_assert_cmpint (query_int (db, "SELECT COUNT (*) FROM sqlite_schema WHERE type = 'index' "
                                  "AND tbl_name = 'outbox' AND name IN ('outbox_pending', "
                                  "'outbox_ticket')"), ==, 2);
  g_assert_cmpint (query_int (db, "SELECT COUNT (*) FROM sqlite_schema WHERE name = "
                                  "'outbox_new'"), ==, 0);
  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO outbox (account_id, ticket_id, "
                                     "ticket_remote_id, kind, state, created_at, updated_at) "
                                     "VALUES (1, 7, 'T7', 'money', 'ready', 1, 1), "
                                     "(1, 7, 'T7', 'decision', 'ready', 1, 1)",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO outbox (account_id, ticket_id, "
                                     "ticket_remote_id, kind, state, created_at, updated_at) "
                                     "VALUES (1, 7, 'T7', 'refund', 'ready', 1, 1)",
                                 NULL, NULL, NULL), ==, SQLITE_CONSTRAINT);
  /* New rows take ids after the kept ones. */
  g_assert_cmpint (query_int (db, "SELECT MIN (id) FROM outbox WHERE kind = 'money'"), >, 12);

  /* The ledger, with its indexes. */
  g_assert_cmpint (query_int (db, "SELECT COUNT (*) FROM sqlite_schema WHERE type = 'index' "
                                  "AND tbl_name = 'actions' AND name IN ('actions_customer', "
                                  "'actions_requester', 'actions_pending', 'actions_remote')"),
                   ==, 4);
  g_assert_cmpint (query_int (db, "SELECT COUNT (*) FROM pragma_foreign_key_check"), ==, 0);
  sqlite3_close (db);

  /* The store uses the rebuilt table. */
  store = rapport_store_new (path);
  g_assert_true (rapport_store_open (store, NULL, &error));
  {
    g_autoptr(RapportOutboxOp) op = rapport_outbox_get_op (store, 5, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (op->body, ==, "Hello");
    g_assert_cmpint (op->state, ==, RAPPORT_OUTBOX_STATE_UNKNOWN);
  }
  rapport_store_close (store);

  test_remove_tree (dir);
}

/* ---------------------------------------------------------------------------------------------
 * Applying pages: verification of decisions
 * ------------------------------------------------------------------------------------------- */

static void
test_apply_and_verify (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(RapportSyncPage) page = rapport_sync_page_new ();
  g_autoptr(RapportSyncPage) decisions = rapport_sync_page_new ();
  g_autoptr(GPtrArray) actions = NULL;
  g_autoptr(GPtrArray) pending = NULL;
  g_autoptr(GError) error = NULL;
  RapportMoneyAction *a;
  guint n_changed = 0;
  guint count = 99;

  /* M1 within the limit; M2…M6 over it, each with an approval. */
  g_ptr_array_add (page->money_actions,
                   record ("M1", "1002", RAPPORT_MONEY_KIND_REFUND, 2000, "USD", TEST_AGENT,
                           TEST_ANCHOR - TEST_DAY, RAPPORT_ACTION_STATE_EXECUTED,
                           RAPPORT_VERDICT_ALLOWED, NULL));
  for (guint i = 2; i <= 6; i++)
    {
      g_autofree char *id = g_strdup_printf ("M%u", i);
      g_autofree char *approval = g_strdup_printf ("A%u", i);

      g_ptr_array_add (page->money_actions,
                       record (id, "1002", RAPPORT_MONEY_KIND_REFUND, 7500, "USD", TEST_AGENT,
                               TEST_ANCHOR - TEST_HOUR * i, RAPPORT_ACTION_STATE_PENDING_APPROVAL,
                               RAPPORT_VERDICT_NEEDS_APPROVAL, approval));
    }
  apply (fixture->store, fixture->account_id, page);

  pending = rapport_store_list_pending_approvals (fixture->store, fixture->account_id, NULL,
                                                  &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pending->len, ==, 5);
  /* Oldest first, with the customer's context. */
  g_assert_cmpstr (rapport_money_action_get_remote_id (pending->pdata[0]), ==, "M6");
  g_assert_cmpstr (rapport_money_action_get_customer_name (pending->pdata[0]), ==, "Chloé Silva");
  g_assert_cmpstr (rapport_money_action_get_ticket_subject (pending->pdata[0]), ==,
                   "Charged twice for March");
  g_assert_true (rapport_money_action_awaits_decision (pending->pdata[0]));
  g_assert_true (rapport_store_count_pending_approvals (fixture->store, fixture->account_id,
                                                        &count, NULL, &error));
  g_assert_cmpuint (count, ==, 5);

  /* The server says approved for every one; only M2's decision passes verification. */
  for (guint i = 2; i <= 6; i++)
    {
      g_autofree char *id = g_strdup_printf ("M%u", i);
      g_autofree char *approval = g_strdup_printf ("A%u", i);

      RapportMoneyAction *pulled = record (id, "1002", RAPPORT_MONEY_KIND_REFUND, 7500, "USD",
                                           TEST_AGENT, TEST_ANCHOR - TEST_HOUR * i,
                                           RAPPORT_ACTION_STATE_APPROVED,
                                           RAPPORT_VERDICT_NEEDS_APPROVAL, approval);

      /* The decided approval's revision, as the approvals below carry it. */
      rapport_money_action_set_approval (pulled, approval, "\"etag-2\"");
      g_ptr_array_add (decisions->money_actions, pulled);
    }
  g_ptr_array_add (decisions->approvals,
                   decision ("A2", "M2", RAPPORT_DECISION_APPROVE, MAYA, TRUE, 7500, TEST_ANCHOR));
  g_ptr_array_add (decisions->approvals,
                   decision ("A3", "M3", RAPPORT_DECISION_APPROVE, TEST_AGENT, TRUE, 7500,
                             TEST_ANCHOR));
  g_ptr_array_add (decisions->approvals,
                   decision ("A4", "M4", RAPPORT_DECISION_APPROVE, "lee.agent", FALSE, 7500,
                             TEST_ANCHOR));
  g_ptr_array_add (decisions->approvals,
                   decision ("A5", "M5", RAPPORT_DECISION_APPROVE, MAYA, TRUE, 2000,
                             TEST_ANCHOR));
  g_ptr_array_add (decisions->approvals,
                   decision ("A6", "M6", RAPPORT_DECISION_REJECT, MAYA, TRUE, 7500, TEST_ANCHOR));
  /* An approval of an action this account does not hold is skipped. */
  g_ptr_array_add (decisions->approvals,
                   decision ("A9", "M9", RAPPORT_DECISION_APPROVE, MAYA, TRUE, 7500, TEST_ANCHOR));
  apply (fixture->store, fixture->account_id, decisions);
  /* Applying the same page again changes nothing: no "changed" for it. */
  test_run_for (20);
  g_signal_connect_swapped (fixture->store, "changed", G_CALLBACK (count_changed), &n_changed);
  apply (fixture->store, fixture->account_id, decisions);
  test_run_for (20);
  g_assert_cmpuint (n_changed, ==, 0);
  g_signal_handlers_disconnect_by_data (fixture->store, &n_changed);

  actions = rapport_store_list_customer_actions (fixture->store, fixture->chloe, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (actions->len, ==, 6);

  a = find (actions, "M1");
  g_assert_cmpint (rapport_money_action_get_state (a), ==, RAPPORT_ACTION_STATE_EXECUTED);
  g_assert_true (rapport_money_action_moves_money (a));

  a = find (actions, "M2");
  g_assert_cmpint (rapport_money_action_get_state (a), ==, RAPPORT_ACTION_STATE_APPROVED);
  g_assert_true (rapport_money_action_get_decision_valid (a));
  g_assert_cmpstr (rapport_money_action_get_decided_by (a), ==, MAYA);
  g_assert_cmpstr (rapport_money_action_get_decision_note (a), ==, "Checked the order");
  g_assert_cmpstr (rapport_money_action_get_approval_etag (a), ==, "\"etag-2\"");
  g_assert_cmpint (rapport_money_action_get_decided_at (a), ==, US (TEST_ANCHOR));

  /* By the requester, by a non-supervisor, for another amount: invalid, no money moves,
   * whatever the server's state says. */
  a = find (actions, "M3");
  g_assert_cmpint (rapport_money_action_get_server_state (a), ==, RAPPORT_ACTION_STATE_APPROVED);
  g_assert_cmpint (rapport_money_action_get_state (a), ==, RAPPORT_ACTION_STATE_PENDING_APPROVAL);
  g_assert_false (rapport_money_action_get_decision_valid (a));
  g_assert_cmpint (rapport_money_action_get_decision_check (a), ==,
                   RAPPORT_APPROVAL_CHECK_BY_REQUESTER);
  g_assert_false (rapport_money_action_moves_money (a));

  a = find (actions, "M4");
  g_assert_cmpint (rapport_money_action_get_state (a), ==, RAPPORT_ACTION_STATE_PENDING_APPROVAL);
  g_assert_cmpint (rapport_money_action_get_decision_check (a), ==,
                   RAPPORT_APPROVAL_CHECK_NOT_SUPERVISOR);

  a = find (actions, "M5");
  g_assert_cmpint (rapport_money_action_get_state (a), ==, RAPPORT_ACTION_STATE_PENDING_APPROVAL);
  g_assert_cmpint (rapport_money_action_get_decision_check (a), ==,
                   RAPPORT_APPROVAL_CHECK_OTHER_AMOUNT);

  a = find (actions, "M6");
  g_assert_cmpint (rapport_money_action_get_state (a), ==, RAPPORT_ACTION_STATE_REJECTED);
  g_assert_true (rapport_money_action_get_decision_valid (a));

  /* Still waiting for a valid decision: M3, M4, M5. */
  g_assert_true (rapport_store_count_pending_approvals (fixture->store, fixture->account_id,
                                                        &count, NULL, &error));
  g_assert_cmpuint (count, ==, 3);
}

/* An action pulled again without its approval keeps the verified decision; a later server
 * state that stops it (cancelled) wins over an approval. */
static void
test_pull_again_keeps_decision (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(RapportSyncPage) first = rapport_sync_page_new ();
  g_autoptr(RapportSyncPage) again = rapport_sync_page_new ();
  g_autoptr(RapportSyncPage) cancelled = rapport_sync_page_new ();
  g_autoptr(GPtrArray) actions = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (first->money_actions,
                   record ("M1", "1002", RAPPORT_MONEY_KIND_CREDIT, 9000, "USD", TEST_AGENT,
                           TEST_ANCHOR - TEST_HOUR, RAPPORT_ACTION_STATE_APPROVED,
                           RAPPORT_VERDICT_NEEDS_APPROVAL, "A1"));
  g_ptr_array_add (first->approvals,
                   decision ("A1", "M1", RAPPORT_DECISION_APPROVE, MAYA, TRUE, 9000,
                             TEST_ANCHOR));
  apply (fixture->store, fixture->account_id, first);

  g_ptr_array_add (again->money_actions,
                   record ("M1", "1002", RAPPORT_MONEY_KIND_CREDIT, 9000, "USD", TEST_AGENT,
                           TEST_ANCHOR - TEST_HOUR, RAPPORT_ACTION_STATE_APPROVED,
                           RAPPORT_VERDICT_NEEDS_APPROVAL, NULL));
  apply (fixture->store, fixture->account_id, again);
  actions = rapport_store_list_customer_actions (fixture->store, fixture->chloe, NULL, &error);
  g_assert_cmpint (rapport_money_action_get_state (actions->pdata[0]), ==,
                   RAPPORT_ACTION_STATE_APPROVED);
  g_assert_cmpstr (rapport_money_action_get_approval_remote_id (actions->pdata[0]), ==, "A1");
  g_clear_pointer (&actions, g_ptr_array_unref);

  g_ptr_array_add (cancelled->money_actions,
                   record ("M1", "1002", RAPPORT_MONEY_KIND_CREDIT, 9000, "USD", TEST_AGENT,
                           TEST_ANCHOR - TEST_HOUR, RAPPORT_ACTION_STATE_CANCELLED,
                           RAPPORT_VERDICT_NEEDS_APPROVAL, NULL));
  apply (fixture->store, fixture->account_id, cancelled);
  actions = rapport_store_list_customer_actions (fixture->store, fixture->chloe, NULL, &error);
  g_assert_cmpint (rapport_money_action_get_state (actions->pdata[0]), ==,
                   RAPPORT_ACTION_STATE_CANCELLED);
}

/* The rule of what Rapport holds as true, case by case. */
/* A database as version 10 left it, with a record set aside: migration 0011 keeps it and
 * admits money records. */
static void
test_migration_set_aside_money (void)
{
  g_autofree char *dir = test_make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "rapport.db", NULL);
  g_autoptr(RapportStore) store = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  static const char * const files[] = {
    "0001-initial.sql", "0002-outbox.sql", "0003-actions.sql", "0004-authority.sql",
    "0005-ledger-totals.sql", "0006-suggestions.sql", "0007-history-index.sql",
    "0008-views-and-ingest.sql", "0009-set-aside.sql", "0010-believable-dates.sql",
  };
  sqlite3 *db;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    exec_resource (db, files[i]);
  g_assert_cmpint (sqlite3_exec (db,
                                 "INSERT INTO accounts (id, provider_kind, user_remote_id, "
                                 "created_at) VALUES (1, 'rt', 'sam.agent', 1);"
                                 "INSERT INTO set_aside (account_id, kind, remote_id, "
                                 "parent_remote_id, reason, first_seen_at, last_seen_at, "
                                 "attempts) VALUES (1, 'message', '67', '2', 'no Created', 10, "
                                 "20, 3);"
                                 "PRAGMA user_version = 10;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  /* Version 10 refuses the new kind. */
  g_assert_cmpint (sqlite3_exec (db,
                                 "INSERT INTO set_aside (account_id, kind, remote_id, reason, "
                                 "first_seen_at, last_seen_at) VALUES (1, 'money', '7', 'x', "
                                 "1, 1)", NULL, NULL, NULL), ==, SQLITE_CONSTRAINT);
  sqlite3_close (db);

  store = rapport_store_new (path);
  g_assert_true (rapport_store_open (store, NULL, &error));
  g_assert_no_error (error);
  records = rapport_store_list_set_aside (store, 1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 1);
  g_assert_cmpint (((RapportSetAside *) records->pdata[0])->kind, ==, RAPPORT_RECORD_MESSAGE);
  g_assert_cmpstr (((RapportSetAside *) records->pdata[0])->parent_remote_id, ==, "2");
  g_assert_cmpstr (((RapportSetAside *) records->pdata[0])->reason, ==, "no Created");
  g_assert_cmpuint (((RapportSetAside *) records->pdata[0])->attempts, ==, 3);
  g_assert_cmpint (((RapportSetAside *) records->pdata[0])->first_seen_at, ==, 10);
  rapport_store_close (store);

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "INSERT INTO set_aside (account_id, kind, remote_id, reason, "
                                 "first_seen_at, last_seen_at) VALUES (1, 'money', '7', 'x', "
                                 "1, 1)", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  test_remove_tree (dir);
}

/* A money record and an approval set aside are kept with their page, and forgotten when a
 * later page brings the action or the approval; meanwhile the action the store holds keeps
 * its verified state. */
static void
test_set_aside_money (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) actions = NULL;

  {
    g_autoptr(RapportSyncPage) page = rapport_sync_page_new ();

    page->resource = g_strdup ("rt");
    g_ptr_array_add (page->money_actions,
                     record ("M2", "1002", RAPPORT_MONEY_KIND_REFUND, 7500, "USD", TEST_AGENT,
                             TEST_ANCHOR - TEST_HOUR, RAPPORT_ACTION_STATE_PENDING_APPROVAL,
                             RAPPORT_VERDICT_NEEDS_APPROVAL, "A2"));
    g_ptr_array_add (page->set_aside,
                     rapport_set_aside_new (RAPPORT_RECORD_MONEY, "M1", NULL,
                                            "RT money ticket M1 has no valid amount"));
    g_ptr_array_add (page->set_aside,
                     rapport_set_aside_new (RAPPORT_RECORD_MONEY, "A3", NULL,
                                            "Reading RT money record A3: no Status"));
    apply (fixture->store, fixture->account_id, page);
  }
  records = rapport_store_list_set_aside (fixture->store, fixture->account_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 2);
  for (guint i = 0; i < records->len; i++)
    g_assert_cmpint (((RapportSetAside *) records->pdata[i])->kind, ==, RAPPORT_RECORD_MONEY);
  g_clear_pointer (&records, g_ptr_array_unref);

  /* The approval of M2 does not read: M2 is set aside whole, and stays pending. */
  {
    g_autoptr(RapportSyncPage) page = rapport_sync_page_new ();

    page->resource = g_strdup ("rt");
    g_ptr_array_add (page->set_aside,
                     rapport_set_aside_new (RAPPORT_RECORD_MONEY, "M2", NULL,
                                            "Reading the history of RT approval A2: …"));
    apply (fixture->store, fixture->account_id, page);
  }
  actions = rapport_store_list_customer_actions (fixture->store, fixture->chloe, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (rapport_money_action_get_state (find (actions, "M2")), ==,
                   RAPPORT_ACTION_STATE_PENDING_APPROVAL);

  /* M1 reads now; M3 arrives with its approval A3; M2's approval reads. */
  {
    g_autoptr(RapportSyncPage) page = rapport_sync_page_new ();

    page->resource = g_strdup ("rt");
    g_ptr_array_add (page->money_actions,
                     record ("M1", "1002", RAPPORT_MONEY_KIND_REFUND, 2000, "USD", TEST_AGENT,
                             TEST_ANCHOR - TEST_DAY, RAPPORT_ACTION_STATE_EXECUTED,
                             RAPPORT_VERDICT_ALLOWED, NULL));
    g_ptr_array_add (page->money_actions,
                     record ("M3", "1002", RAPPORT_MONEY_KIND_REFUND, 7500, "USD", TEST_AGENT,
                             TEST_ANCHOR - TEST_HOUR, RAPPORT_ACTION_STATE_PENDING_APPROVAL,
                             RAPPORT_VERDICT_NEEDS_APPROVAL, "A3"));
    g_ptr_array_add (page->approvals, rapport_approval_new ("A3", "M3"));
    g_ptr_array_add (page->retried,
                     rapport_set_aside_new (RAPPORT_RECORD_MONEY, "M2", NULL, "x"));
    apply (fixture->store, fixture->account_id, page);
  }
  records = rapport_store_list_set_aside (fixture->store, fixture->account_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 0);
  g_clear_pointer (&records, g_ptr_array_unref);

  /* The store refuses M4 (text it does not keep): set aside with its approval, whose decision
   * is never recorded; M5 of the same page is stored. */
  {
    g_autoptr(RapportSyncPage) page = rapport_sync_page_new ();
    RapportMoneyAction *bad;

    page->resource = g_strdup ("rt");
    bad = record ("M4", "1002", RAPPORT_MONEY_KIND_REFUND, 7500, "USD", TEST_AGENT,
                  TEST_ANCHOR - TEST_HOUR, RAPPORT_ACTION_STATE_PENDING_APPROVAL,
                  RAPPORT_VERDICT_NEEDS_APPROVAL, "A4");
    rapport_money_action_set_reason (bad, "Damaged\xff");
    g_ptr_array_add (page->money_actions, bad);
    g_ptr_array_add (page->money_actions,
                     record ("M5", "1002", RAPPORT_MONEY_KIND_CREDIT, 500, "USD", TEST_AGENT,
                             TEST_ANCHOR - TEST_HOUR, RAPPORT_ACTION_STATE_EXECUTED,
                             RAPPORT_VERDICT_ALLOWED, NULL));
    g_ptr_array_add (page->approvals,
                     decision ("A4", "M4", RAPPORT_DECISION_APPROVE, MAYA, TRUE, 7500,
                               TEST_ANCHOR));
    apply (fixture->store, fixture->account_id, page);
  }
  records = rapport_store_list_set_aside (fixture->store, fixture->account_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 1);
  g_assert_cmpint (((RapportSetAside *) records->pdata[0])->kind, ==, RAPPORT_RECORD_MONEY);
  g_assert_cmpstr (((RapportSetAside *) records->pdata[0])->remote_id, ==, "M4");
  g_clear_pointer (&actions, g_ptr_array_unref);
  actions = rapport_store_list_customer_actions (fixture->store, fixture->chloe, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (actions->len, ==, 4);
  for (guint i = 0; i < actions->len; i++)
    g_assert_cmpstr (rapport_money_action_get_remote_id (actions->pdata[i]), !=, "M4");
  g_assert_cmpint (rapport_money_action_get_state (find (actions, "M5")), ==,
                   RAPPORT_ACTION_STATE_EXECUTED);
}

static void
test_settle (void)
{
  const struct
  {
    RapportActionState server;
    gboolean           needs;
    RapportDecision    decision;
    gboolean           valid;
    RapportActionState expect;
  } cases[] = {
    { RAPPORT_ACTION_STATE_EXECUTED, FALSE, RAPPORT_DECISION_NONE, FALSE,
      RAPPORT_ACTION_STATE_EXECUTED },
    { RAPPORT_ACTION_STATE_EXECUTED, TRUE, RAPPORT_DECISION_NONE, FALSE,
      RAPPORT_ACTION_STATE_PENDING_APPROVAL },
    { RAPPORT_ACTION_STATE_APPROVED, TRUE, RAPPORT_DECISION_APPROVE, FALSE,
      RAPPORT_ACTION_STATE_PENDING_APPROVAL },
    { RAPPORT_ACTION_STATE_APPROVED, TRUE, RAPPORT_DECISION_APPROVE, TRUE,
      RAPPORT_ACTION_STATE_APPROVED },
    { RAPPORT_ACTION_STATE_PENDING_APPROVAL, TRUE, RAPPORT_DECISION_APPROVE, TRUE,
      RAPPORT_ACTION_STATE_APPROVED },
    { RAPPORT_ACTION_STATE_PENDING_APPROVAL, TRUE, RAPPORT_DECISION_REJECT, TRUE,
      RAPPORT_ACTION_STATE_REJECTED },
    { RAPPORT_ACTION_STATE_PENDING_APPROVAL, TRUE, RAPPORT_DECISION_REJECT, FALSE,
      RAPPORT_ACTION_STATE_PENDING_APPROVAL },
    { RAPPORT_ACTION_STATE_REJECTED, TRUE, RAPPORT_DECISION_APPROVE, TRUE,
      RAPPORT_ACTION_STATE_REJECTED },
    { RAPPORT_ACTION_STATE_CANCELLED, FALSE, RAPPORT_DECISION_NONE, FALSE,
      RAPPORT_ACTION_STATE_CANCELLED },
    { RAPPORT_ACTION_STATE_APPROVED, FALSE, RAPPORT_DECISION_NONE, FALSE,
      RAPPORT_ACTION_STATE_APPROVED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpint (_rapport_store_settle_action_state (cases[i].server, cases[i].needs,
                                                         cases[i].decision, cases[i].valid),
                     ==, cases[i].expect);
}

/* An action of a ticket the cache does not hold yet: matched to the customer by its e-mail,
 * linked to the ticket when the ticket comes. */
static void
test_unlinked_then_linked (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(RapportSyncPage) page = rapport_sync_page_new ();
  g_autoptr(RapportSyncPage) later = rapport_sync_page_new ();
  g_autoptr(GPtrArray) actions = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (page->money_actions,
                   record ("M1", "1099", RAPPORT_MONEY_KIND_REFUND, 1000, "USD", "lee.agent",
                           TEST_ANCHOR - TEST_HOUR, RAPPORT_ACTION_STATE_EXECUTED,
                           RAPPORT_VERDICT_ALLOWED, NULL));
  apply (fixture->store, fixture->account_id, page);

  actions = rapport_store_list_customer_actions (fixture->store, fixture->chloe, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (actions->len, ==, 1);
  g_assert_cmpint (rapport_money_action_get_ticket_id (actions->pdata[0]), ==, 0);
  g_clear_pointer (&actions, g_ptr_array_unref);

  test_add_ticket (later, "1099", "Late ticket", RAPPORT_TICKET_STATUS_OPEN,
                   RAPPORT_CHANNEL_EMAIL, CHLOE, NULL, TEST_ANCHOR, TEST_ANCHOR, 0);
  apply (fixture->store, fixture->account_id, later);

  actions = rapport_store_list_customer_actions (fixture->store, fixture->chloe, NULL, &error);
  g_assert_cmpint (rapport_money_action_get_ticket_id (actions->pdata[0]), >, 0);
}

/* ---------------------------------------------------------------------------------------------
 * Reads and the summary
 * ------------------------------------------------------------------------------------------- */

static void
test_reads_and_summary (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(RapportSyncPage) page = rapport_sync_page_new ();
  g_autoptr(GPtrArray) actions = NULL;
  g_autoptr(GPtrArray) agent = NULL;
  g_autoptr(RapportMoneySummary) summary = NULL;
  g_autofree RapportPolicyEntry *entries = NULL;
  g_autoptr(GError) error = NULL;
  const RapportMoneyTotals *usd;
  const RapportMoneyTotals *eur;
  gsize n_entries = 0;

  /* Refunds 20.00 (2 days ago), 30.00 (40 days ago), a pending 75.00 (an hour ago), a
   * rejected 500.00; a credit 10.00 today; a refund in EUR; one by another agent. */
  g_ptr_array_add (page->money_actions,
                   record ("R1", "1002", RAPPORT_MONEY_KIND_REFUND, 2000, "USD", TEST_AGENT,
                           TEST_ANCHOR - 2 * TEST_DAY, RAPPORT_ACTION_STATE_EXECUTED,
                           RAPPORT_VERDICT_ALLOWED, NULL));
  g_ptr_array_add (page->money_actions,
                   record ("R2", "1001", RAPPORT_MONEY_KIND_REFUND, 3000, "USD", TEST_AGENT,
                           TEST_ANCHOR - 40 * TEST_DAY, RAPPORT_ACTION_STATE_EXECUTED,
                           RAPPORT_VERDICT_ALLOWED, NULL));
  g_ptr_array_add (page->money_actions,
                   record ("R3", "1002", RAPPORT_MONEY_KIND_REFUND, 7500, "USD", TEST_AGENT,
                           TEST_ANCHOR - TEST_HOUR, RAPPORT_ACTION_STATE_PENDING_APPROVAL,
                           RAPPORT_VERDICT_NEEDS_APPROVAL, "A3"));
  g_ptr_array_add (page->money_actions,
                   record ("R4", "1002", RAPPORT_MONEY_KIND_REFUND, 50000, "USD", TEST_AGENT,
                           TEST_ANCHOR - TEST_HOUR, RAPPORT_ACTION_STATE_REJECTED,
                           RAPPORT_VERDICT_DENIED, NULL));
  g_ptr_array_add (page->money_actions,
                   record ("C1", "1003", RAPPORT_MONEY_KIND_CREDIT, 1000, "USD", "lee.agent",
                           TEST_ANCHOR - TEST_MINUTE, RAPPORT_ACTION_STATE_EXECUTED,
                           RAPPORT_VERDICT_ALLOWED, NULL));
  g_ptr_array_add (page->money_actions,
                   record ("E1", "1002", RAPPORT_MONEY_KIND_REFUND, 1234, "EUR", TEST_AGENT,
                           TEST_ANCHOR - TEST_DAY, RAPPORT_ACTION_STATE_EXECUTED,
                           RAPPORT_VERDICT_ALLOWED, NULL));
  apply (fixture->store, fixture->account_id, page);

  actions = rapport_store_list_customer_actions (fixture->store, fixture->chloe, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (actions->len, ==, 6);
  /* Newest first. */
  g_assert_cmpstr (rapport_money_action_get_remote_id (actions->pdata[0]), ==, "C1");
  g_assert_cmpstr (rapport_money_action_get_remote_id (actions->pdata[5]), ==, "R2");
  g_assert_cmpstr (rapport_money_action_get_order_reference (actions->pdata[0]), ==, "ORD-1");

  /* The agent's since a day ago: R3, R4 (not C1: another agent; not R1, E1: older). */
  agent = rapport_store_list_agent_actions (fixture->store, fixture->account_id, TEST_AGENT,
                                            US (TEST_ANCHOR - TEST_DAY + 1), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (agent->len, ==, 2);

  summary = rapport_store_money_summary (fixture->store, fixture->chloe, 30, US (TEST_ANCHOR),
                                         NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summary->totals->len, ==, 2);
  eur = &g_array_index (summary->totals, RapportMoneyTotals, 0);
  g_assert_cmpstr (eur->currency, ==, "EUR");
  g_assert_cmpint (eur->refunds, ==, 1234);
  usd = rapport_money_summary_get_totals (summary, "USD");
  g_assert_nonnull (usd);
  g_assert_cmpint (usd->refunds, ==, 5000);
  g_assert_cmpint (usd->refunds_window, ==, 2000);
  g_assert_cmpint (usd->refunds_pending, ==, 7500);
  g_assert_cmpint (usd->credits, ==, 1000);
  g_assert_cmpint (usd->credits_window, ==, 1000);
  g_assert_cmpuint (usd->n_refunds, ==, 2);
  g_assert_cmpuint (usd->n_credits, ==, 1);
  g_assert_false (usd->saturated);
  g_assert_cmpuint (summary->n_pending_approval, ==, 1);
  g_assert_null (rapport_money_summary_get_totals (summary, "JPY"));

  entries = rapport_money_actions_to_policy_entries (actions, &n_entries);
  g_assert_cmpuint (n_entries, ==, 6);
  g_assert_cmpint (entries[0].kind, ==, RAPPORT_MONEY_KIND_CREDIT);
  g_assert_cmpint (entries[0].at_us, ==, US (TEST_ANCHOR - TEST_MINUTE));
}

static void
test_summary_window_and_saturation (void)
{
  g_autoptr(GPtrArray) actions = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(RapportMoneySummary) summary = NULL;
  g_autoptr(RapportMoneySummary) copy = NULL;
  const RapportMoneyTotals *usd;

  /* Exactly 30 days old: out of the window (as in the policy); a µs younger: in. */
  g_ptr_array_add (actions, record ("R1", "1", RAPPORT_MONEY_KIND_REFUND, G_MAXINT64 - 10, "USD",
                                    TEST_AGENT, TEST_ANCHOR - 30 * TEST_DAY,
                                    RAPPORT_ACTION_STATE_EXECUTED, RAPPORT_VERDICT_ALLOWED,
                                    NULL));
  g_ptr_array_add (actions, record ("R2", "1", RAPPORT_MONEY_KIND_REFUND, 100, "USD",
                                    TEST_AGENT, TEST_ANCHOR - 30 * TEST_DAY,
                                    RAPPORT_ACTION_STATE_EXECUTED, RAPPORT_VERDICT_ALLOWED,
                                    NULL));
  rapport_money_action_set_created_at (actions->pdata[1], US (TEST_ANCHOR - 30 * TEST_DAY) + 1);
  /* Zero and negative records move nothing. */
  g_ptr_array_add (actions, record ("R3", "1", RAPPORT_MONEY_KIND_REFUND, -500, "USD",
                                    TEST_AGENT, TEST_ANCHOR, RAPPORT_ACTION_STATE_EXECUTED,
                                    RAPPORT_VERDICT_ALLOWED, NULL));

  summary = rapport_money_summary_compute (7, actions, 30, US (TEST_ANCHOR));
  usd = rapport_money_summary_get_totals (summary, "USD");
  g_assert_cmpint (usd->refunds_window, ==, 100);
  g_assert_cmpint (usd->refunds, ==, G_MAXINT64);
  g_assert_true (usd->saturated);
  g_assert_cmpint (summary->window_start_us, ==, US (TEST_ANCHOR - 30 * TEST_DAY));
  g_assert_cmpint (summary->customer_id, ==, 7);

  copy = rapport_money_summary_copy (summary);
  g_assert_cmpint (rapport_money_summary_get_totals (copy, "USD")->refunds, ==, G_MAXINT64);
}

/* The same workspace as an agent and as a supervisor: two accounts, each with its copy of
 * the workspace's actions. The customer's history counts each action once, the decided copy;
 * an action of another helpdesk with the same remote id is another action. */
static void
test_one_workspace_two_accounts (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(RapportSyncPage) story = test_story_page ();
  g_autoptr(RapportSyncPage) other_story = test_story_page ();
  g_autoptr(RapportSyncPage) agent_page = rapport_sync_page_new ();
  g_autoptr(RapportSyncPage) supervisor_page = rapport_sync_page_new ();
  g_autoptr(RapportSyncPage) other_page = rapport_sync_page_new ();
  g_autoptr(RapportAccount) supervisor = rapport_account_new ("demo", NULL, "Demo (supervisor)");
  g_autoptr(RapportAccount) other = rapport_account_new ("rt", "https://rt.example.com", "RT");
  g_autoptr(RapportMoneySummary) summary = NULL;
  g_autoptr(GPtrArray) actions = NULL;
  g_autoptr(GError) error = NULL;
  RapportMoneyAction *approved = NULL;
  const RapportMoneyTotals *usd;
  guint n_r1 = 0, n_r3 = 0;

  rapport_account_set_user_remote_id (supervisor, MAYA);
  rapport_account_set_role (supervisor, "supervisor");
  g_assert_true (rapport_store_add_account (fixture->store, supervisor, NULL, &error));
  g_assert_no_error (error);
  rapport_account_set_user_remote_id (other, TEST_AGENT);
  g_assert_true (rapport_store_add_account (fixture->store, other, NULL, &error));
  g_assert_no_error (error);

  /* An executed refund and a pending one, seen by both accounts of the workspace. */
  for (guint i = 0; i < 2; i++)
    {
      RapportSyncPage *page = i == 0 ? agent_page : supervisor_page;

      g_ptr_array_add (page->money_actions,
                       record ("R1", "1002", RAPPORT_MONEY_KIND_REFUND, 2000, "USD", TEST_AGENT,
                               TEST_ANCHOR - 2 * TEST_DAY, RAPPORT_ACTION_STATE_EXECUTED,
                               RAPPORT_VERDICT_ALLOWED, NULL));
      g_ptr_array_add (page->money_actions,
                       record ("R3", "1002", RAPPORT_MONEY_KIND_REFUND, 7500, "USD", TEST_AGENT,
                               TEST_ANCHOR - TEST_HOUR,
                               i == 0 ? RAPPORT_ACTION_STATE_PENDING_APPROVAL
                                      : RAPPORT_ACTION_STATE_APPROVED,
                               RAPPORT_VERDICT_NEEDS_APPROVAL, "A3"));
    }
  /* The supervisor's copy has her decision; the agent has not pulled it yet. */
  g_ptr_array_add (supervisor_page->approvals,
                   decision ("A3", "R3", RAPPORT_DECISION_APPROVE, MAYA, TRUE, 7500, TEST_ANCHOR));
  g_ptr_array_add (other_page->money_actions,
                   record ("R1", "1002", RAPPORT_MONEY_KIND_REFUND, 1000, "USD", TEST_AGENT,
                           TEST_ANCHOR - TEST_DAY, RAPPORT_ACTION_STATE_EXECUTED,
                           RAPPORT_VERDICT_ALLOWED, NULL));

  apply (fixture->store, fixture->account_id, agent_page);
  apply (fixture->store, rapport_account_get_id (supervisor), story);
  apply (fixture->store, rapport_account_get_id (supervisor), supervisor_page);
  apply (fixture->store, rapport_account_get_id (other), other_story);
  apply (fixture->store, rapport_account_get_id (other), other_page);

  actions = rapport_store_list_customer_actions (fixture->store, fixture->chloe, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < actions->len; i++)
    {
      RapportMoneyAction *a = actions->pdata[i];

      g_assert_cmpint (rapport_money_action_get_customer_id (a), ==, fixture->chloe);
      if (g_strcmp0 (rapport_money_action_get_remote_id (a), "R1") == 0)
        n_r1++;
      if (g_strcmp0 (rapport_money_action_get_remote_id (a), "R3") == 0)
        {
          n_r3++;
          approved = a;
        }
    }
  /* R1 of the workspace once, R1 of the other helpdesk once; R3 once, approved. */
  g_assert_cmpuint (n_r1, ==, 2);
  g_assert_cmpuint (n_r3, ==, 1);
  g_assert_cmpuint (actions->len, ==, 3);
  g_assert_cmpint (rapport_money_action_get_state (approved), ==, RAPPORT_ACTION_STATE_APPROVED);
  g_assert_cmpint (rapport_money_action_get_account_id (approved), ==,
                   rapport_account_get_id (supervisor));

  summary = rapport_store_money_summary (fixture->store, fixture->chloe, 30,
                                         US (TEST_ANCHOR), NULL, &error);
  g_assert_no_error (error);
  usd = rapport_money_summary_get_totals (summary, "USD");
  g_assert_nonnull (usd);
  g_assert_cmpint (usd->refunds, ==, 2000 + 1000 + 7500);
  g_assert_cmpint (usd->refunds_pending, ==, 0);
  g_assert_cmpuint (usd->n_refunds, ==, 3);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store-actions/migration-from-v2", test_migration_from_v2);
  g_test_add_func ("/store-actions/migration-set-aside-money", test_migration_set_aside_money);
  g_test_add ("/store-actions/set-aside-money", Fixture, NULL, fixture_set_up,
              test_set_aside_money, fixture_tear_down);
  g_test_add_func ("/store-actions/settle", test_settle);
  g_test_add_func ("/store-actions/summary-window-and-saturation",
                   test_summary_window_and_saturation);
  g_test_add ("/store-actions/apply-and-verify", Fixture, NULL, fixture_set_up,
              test_apply_and_verify, fixture_tear_down);
  g_test_add ("/store-actions/pull-again-keeps-decision", Fixture, NULL, fixture_set_up,
              test_pull_again_keeps_decision, fixture_tear_down);
  g_test_add ("/store-actions/unlinked-then-linked", Fixture, NULL, fixture_set_up,
              test_unlinked_then_linked, fixture_tear_down);
  g_test_add ("/store-actions/one-workspace-two-accounts", Fixture, NULL, fixture_set_up,
              test_one_workspace_two_accounts, fixture_tear_down);
  g_test_add ("/store-actions/reads-and-summary", Fixture, NULL, fixture_set_up,
              test_reads_and_summary, fixture_tear_down);

  return g_test_run ();
}
