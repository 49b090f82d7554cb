/* test-outbox-money.c
 *
 * The money and decision outbox kinds, driven by the push engine against a scripted helpdesk
 * that keeps money records and approvals, evaluates a single limit itself, answers after a
 * delay on the main context, and fails calls as scripted. Nothing is created twice; a
 * decision moves money only once verified on the server's answer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-test-outbox-money"

#include "config.h"

#include <sqlite3.h>

#include "rapport-outbox.h"
#include "rapport-push-engine.h"
#include "rapport-test-data.h"

#define CHLOE "chloe.silva@northwind-bakery.example"
#define MAYA  "maya.supervisor"
#define LIMIT 5000   /* the server's single limit, minor units */

/* ---------------------------------------------------------------------------------------------
 * The scripted helpdesk
 * ------------------------------------------------------------------------------------------- */

typedef enum
{
  FAULT_NONE,
  FAULT_UNKNOWN_RECORDED,  /* done on the server, the answer was lost */
  FAULT_UNKNOWN_LOST,      /* never reached the server */
  FAULT_CONFLICT,          /* the approval changed meanwhile (412) */
  FAULT_NETWORK,
} Fault;

#define BANK_TYPE_PROVIDER (bank_provider_get_type ())
G_DECLARE_FINAL_TYPE (BankProvider, bank_provider, BANK, PROVIDER, GObject)

struct _BankProvider
{
  GObject    parent_instance;

  GPtrArray *actions;          /* RapportMoneyAction, the server's records */
  GPtrArray *approvals;        /* RapportApproval */
  GQueue     faults;
  char      *user;             /* who the token belongs to */
  gboolean   user_is_supervisor;
  guint      n_creates;
  guint      n_decides;
  guint      n_evidence;
  guint      next_id;
};

static void bank_provider_iface_init (RapportProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BankProvider, bank_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (RAPPORT_TYPE_PROVIDER,
                                                      bank_provider_iface_init))

static void
bank_provider_finalize (GObject *object)
{
  BankProvider *self = BANK_PROVIDER (object);

  g_ptr_array_unref (self->actions);
  g_ptr_array_unref (self->approvals);
  g_queue_clear (&self->faults);
  g_free (self->user);

  G_OBJECT_CLASS (bank_provider_parent_class)->finalize (object);
}

static void
bank_provider_class_init (BankProviderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bank_provider_finalize;
}

static void
bank_provider_init (BankProvider *self)
{
  self->actions = g_ptr_array_new_with_free_func (g_object_unref);
  self->approvals = g_ptr_array_new_with_free_func (g_object_unref);
  g_queue_init (&self->faults);
  self->user = g_strdup (TEST_AGENT);
  self->next_id = 500;
}

static Fault
next_fault (BankProvider *self)
{
  return GPOINTER_TO_INT (g_queue_pop_head (&self->faults));
}

static GError *
fault_error (Fault fault)
{
  switch (fault)
    {
    case FAULT_UNKNOWN_RECORDED:
    case FAULT_UNKNOWN_LOST:
      return g_error_new_literal (RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_OUTCOME_UNKNOWN,
                                  "Connection lost after the request was sent");
    case FAULT_CONFLICT:
      return g_error_new_literal (RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_CONFLICT,
                                  "The approval changed (412)");
    case FAULT_NETWORK:
      return g_error_new_literal (RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_NETWORK,
                                  "Connection refused");
    case FAULT_NONE:
    default:
      g_assert_not_reached ();
    }
}

typedef struct
{
  GTask          *task;
  gpointer        value;
  GDestroyNotify  value_free;
  GError         *error;
} Answer;

static gboolean
deliver_cb (gpointer data)
{
  Answer *answer = data;

  if (answer->error != NULL)
    g_task_return_error (answer->task, answer->error);
  else
    g_task_return_pointer (answer->task, answer->value, answer->value_free);
  g_object_unref (answer->task);
  g_free (answer);

  return G_SOURCE_REMOVE;
}

static void
answer_later (GTask          *task,
              gpointer        value,
              GDestroyNotify  value_free,
              GError         *error)
{
  Answer *answer = g_new0 (Answer, 1);

  answer->task = task;
  answer->value = value;
  answer->value_free = value_free;
  answer->error = error;
  g_timeout_add (2, deliver_cb, answer);
}

static gpointer
propagate (RapportProvider  *provider,
           GAsyncResult     *result,
           GError          **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static const char *
bank_get_kind (RapportProvider *provider)
{
  return "bank";
}

static RapportProviderCapabilities
bank_get_capabilities (RapportProvider *provider)
{
  return RAPPORT_PROVIDER_CAPABILITY_APPROVALS | RAPPORT_PROVIDER_CAPABILITY_ENFORCES_LIMITS;
}

static RapportMoneyAction *
copy_action (RapportMoneyAction *action)
{
  RapportMoneyAction *copy = rapport_money_action_new ();

  rapport_money_action_set_remote_id (copy, rapport_money_action_get_remote_id (action));
  rapport_money_action_set_ticket_remote_id (copy,
                                             rapport_money_action_get_ticket_remote_id (action));
  rapport_money_action_set_customer_key (copy, rapport_money_action_get_customer_key (action));
  rapport_money_action_set_kind (copy, rapport_money_action_get_kind (action));
  rapport_money_action_set_amount (copy, rapport_money_action_get_amount (action));
  rapport_money_action_set_reason (copy, rapport_money_action_get_reason (action));
  rapport_money_action_set_order_reference (copy,
                                            rapport_money_action_get_order_reference (action));
  rapport_money_action_set_requester (copy, rapport_money_action_get_requester_remote_id (action),
                                      rapport_money_action_get_requester_name (action));
  rapport_money_action_set_created_at (copy, rapport_money_action_get_created_at (action));
  rapport_money_action_set_server_state (copy, rapport_money_action_get_server_state (action));
  rapport_money_action_set_verdict (copy, rapport_money_action_get_verdict (action),
                                    rapport_money_action_get_verdict_reason (action));
  rapport_money_action_set_approval (copy, rapport_money_action_get_approval_remote_id (action),
                                     rapport_money_action_get_approval_etag (action));

  return copy;
}

static void
bank_create_money_action_async (RapportProvider     *provider,
                                const char          *ticket,
                                RapportMoneyKind     kind,
                                const RapportMoney  *amount,
                                const char          *reason,
                                const char          *order_reference,
                                const char          *customer_key,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  BankProvider *self = BANK_PROVIDER (provider);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Fault fault = next_fault (self);
  RapportMoneyAction *action;
  g_autofree char *id = NULL;

  self->n_creates++;
  if (fault == FAULT_UNKNOWN_LOST || fault == FAULT_NETWORK)
    {
      answer_later (task, NULL, NULL, fault_error (fault));
      return;
    }

  id = g_strdup_printf ("M%u", self->next_id++);
  action = rapport_money_action_new ();
  rapport_money_action_set_remote_id (action, id);
  rapport_money_action_set_ticket_remote_id (action, ticket);
  rapport_money_action_set_customer_key (action, customer_key);
  rapport_money_action_set_kind (action, kind);
  rapport_money_action_set_amount (action, amount);
  rapport_money_action_set_reason (action, reason);
  rapport_money_action_set_order_reference (action, order_reference);
  rapport_money_action_set_requester (action, self->user, "Server name");
  rapport_money_action_set_created_at (action, g_get_real_time ());
  if (amount->minor > LIMIT)
    {
      g_autofree char *approval_id = g_strdup_printf ("A%u", self->next_id++);
      RapportApproval *approval = rapport_approval_new (approval_id, id);

      rapport_money_action_set_server_state (action, RAPPORT_ACTION_STATE_PENDING_APPROVAL);
      rapport_money_action_set_verdict (action, RAPPORT_VERDICT_NEEDS_APPROVAL,
                                        RAPPORT_VERDICT_REASON_SINGLE_LIMIT);
      rapport_money_action_set_approval (action, approval_id, "\"1\"");
      rapport_approval_set_etag (approval, "\"1\"");
      rapport_approval_set_request (approval, amount, customer_key);
      g_ptr_array_add (self->approvals, approval);
    }
  else
    {
      rapport_money_action_set_server_state (action, RAPPORT_ACTION_STATE_EXECUTED);
      rapport_money_action_set_verdict (action, RAPPORT_VERDICT_ALLOWED,
                                        RAPPORT_VERDICT_REASON_NONE);
    }
  g_ptr_array_add (self->actions, action);

  if (fault == FAULT_UNKNOWN_RECORDED)
    answer_later (task, NULL, NULL, fault_error (fault));
  else
    answer_later (task, copy_action (action), g_object_unref, NULL);
}

static RapportApproval *
find_approval (BankProvider *self,
               const char   *remote_id)
{
  for (guint i = 0; i < self->approvals->len; i++)
    if (g_strcmp0 (rapport_approval_get_remote_id (self->approvals->pdata[i]), remote_id) == 0)
      return self->approvals->pdata[i];

  return NULL;
}

static RapportApproval *
copy_approval (RapportApproval *approval)
{
  RapportApproval *copy = rapport_approval_new (rapport_approval_get_remote_id (approval),
                                                rapport_approval_get_action_remote_id (approval));

  rapport_approval_set_etag (copy, rapport_approval_get_etag (approval));
  rapport_approval_set_request (copy, rapport_approval_get_amount (approval),
                                rapport_approval_get_customer_key (approval));
  rapport_approval_set_decision (copy, rapport_approval_get_decision (approval),
                                 rapport_approval_get_decided_by (approval),
                                 rapport_approval_get_decided_by_name (approval),
                                 rapport_approval_get_decider_is_supervisor (approval),
                                 rapport_approval_get_decided_at (approval),
                                 rapport_approval_get_note (approval));

  return copy;
}

static void
bank_decide_approval_async (RapportProvider     *provider,
                            const char          *approval_id,
                            RapportDecision      decision,
                            const char          *note,
                            const char          *etag,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  BankProvider *self = BANK_PROVIDER (provider);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  RapportApproval *approval = find_approval (self, approval_id);
  Fault fault = next_fault (self);

  self->n_decides++;
  g_assert_nonnull (approval);

  if (fault == FAULT_UNKNOWN_LOST || fault == FAULT_NETWORK)
    {
      answer_later (task, NULL, NULL, fault_error (fault));
      return;
    }
  if (fault == FAULT_CONFLICT || g_strcmp0 (etag, rapport_approval_get_etag (approval)) != 0)
    {
      answer_later (task, NULL, NULL, fault_error (FAULT_CONFLICT));
      return;
    }

  /* The helpdesk records who decided and whether they are in the supervisors group. */
  rapport_approval_set_decision (approval, decision, self->user, "Server name",
                                 self->user_is_supervisor, g_get_real_time (), note);
  rapport_approval_set_etag (approval, "\"2\"");

  if (fault == FAULT_UNKNOWN_RECORDED)
    answer_later (task, NULL, NULL, fault_error (fault));
  else
    answer_later (task, copy_approval (approval), g_object_unref, NULL);
}

static void
bank_fetch_money_evidence_async (RapportProvider     *provider,
                                 const char          *ticket,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  BankProvider *self = BANK_PROVIDER (provider);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  RapportMoneyEvidence *evidence = rapport_money_evidence_new ();

  self->n_evidence++;
  for (guint i = 0; i < self->actions->len; i++)
    if (g_strcmp0 (rapport_money_action_get_ticket_remote_id (self->actions->pdata[i]),
                   ticket) == 0)
      g_ptr_array_add (evidence->actions, copy_action (self->actions->pdata[i]));
  for (guint i = 0; i < self->approvals->len; i++)
    g_ptr_array_add (evidence->approvals, copy_approval (self->approvals->pdata[i]));

  answer_later (task, evidence, (GDestroyNotify) rapport_money_evidence_free, NULL);
}

static void
bank_provider_iface_init (RapportProviderInterface *iface)
{
  iface->get_kind = bank_get_kind;
  iface->get_capabilities = bank_get_capabilities;
  iface->create_money_action_async = bank_create_money_action_async;
  iface->create_money_action_finish = (gpointer) propagate;
  iface->decide_approval_async = bank_decide_approval_async;
  iface->decide_approval_finish = (gpointer) propagate;
  iface->fetch_money_evidence_async = bank_fetch_money_evidence_async;
  iface->fetch_money_evidence_finish = (gpointer) propagate;
}

static void
script (BankProvider *self,
        Fault         fault)
{
  g_queue_push_tail (&self->faults, GINT_TO_POINTER (fault));
}

/* ---------------------------------------------------------------------------------------------
 * Fixture
 * ------------------------------------------------------------------------------------------- */

typedef struct
{
  char              *dir;
  char              *path;
  RapportStore      *store;
  gint64             account_id;
  sqlite3           *raw;
  BankProvider      *provider;
  RapportPushEngine *engine;
} Fixture;

static gint64
query_int (sqlite3    *db,
           const char *sql,
           gint64      param)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, param);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return value;
}

static gint64
ticket_id_of (Fixture    *fixture,
              const char *remote_id)
{
  g_autoptr(RapportTicket) ticket = test_load_ticket (fixture->store, fixture->account_id,
                                                      remote_id);

  return rapport_ticket_get_id (ticket);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(RapportSyncPage) page = test_story_page ();
  g_autoptr(GError) error = NULL;

  fixture->dir = test_make_tmp_dir ();
  fixture->path = g_build_filename (fixture->dir, "rapport.db", NULL);
  fixture->store = test_open_store (fixture->dir, &fixture->account_id);
  g_assert_true (rapport_store_apply_page (fixture->store, fixture->account_id, page, NULL,
                                           &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open_v2 (fixture->path, &fixture->raw, SQLITE_OPEN_READWRITE, NULL),
                   ==, SQLITE_OK);
  fixture->provider = g_object_new (BANK_TYPE_PROVIDER, NULL);
  fixture->engine = rapport_push_engine_new (fixture->store,
                                             RAPPORT_PROVIDER (fixture->provider),
                                             fixture->account_id);
  rapport_push_engine_set_backoff_base_ms (fixture->engine, 5);
  rapport_push_engine_set_backoff_cap_ms (fixture->engine, 40);
  rapport_push_engine_set_settle_ms (fixture->engine, 20);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gpointer weak = fixture->engine;

  rapport_push_engine_stop (fixture->engine);
  g_object_add_weak_pointer (G_OBJECT (fixture->engine), &weak);
  g_clear_object (&fixture->engine);
  TEST_WAIT_FOR (weak == NULL, 5000);
  test_run_for (5);
  g_assert_finalize_object (g_steal_pointer (&fixture->provider));
  sqlite3_close (fixture->raw);
  rapport_store_close (fixture->store);
  g_assert_finalize_object (g_steal_pointer (&fixture->store));
  test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

static RapportOutboxState
op_state (Fixture *fixture,
          gint64   op_id)
{
  g_autoptr(RapportOutboxOp) op = rapport_outbox_get_op (fixture->store, op_id, NULL, NULL);

  return op != NULL ? op->state : RAPPORT_OUTBOX_STATE_CANCELLED;
}

static RapportOutboxOp *
request (Fixture          *fixture,
         RapportMoneyKind  kind,
         gint64            minor,
         RapportVerdict    provisional)
{
  RapportPolicyEvaluation evaluation = { 0 };
  RapportMoney amount = { minor, "USD" };
  g_autoptr(GError) error = NULL;
  RapportOutboxOp *op;

  evaluation.verdict = provisional;
  evaluation.reason = provisional == RAPPORT_VERDICT_ALLOWED ? RAPPORT_VERDICT_REASON_NONE
                                                             : RAPPORT_VERDICT_REASON_SINGLE_LIMIT;
  op = rapport_outbox_enqueue_money (fixture->store, fixture->account_id,
                                     ticket_id_of (fixture, "1002"), kind, &amount,
                                     "  Damaged in transit ", "ORD-7", &evaluation, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (op);

  return op;
}

static RapportMoneyAction *
action_of_op (Fixture         *fixture,
              RapportOutboxOp *op)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportOutboxOp) now = rapport_outbox_get_op (fixture->store, op->id, NULL, &error);
  RapportMoneyAction *action;

  g_assert_no_error (error);
  action = rapport_store_get_money_action (fixture->store, now->action_id, NULL, &error);
  g_assert_no_error (error);

  return action;
}

/* ---------------------------------------------------------------------------------------------
 * Money actions
 * ------------------------------------------------------------------------------------------- */

static void
test_enqueue_checks (Fixture       *fixture,
                     gconstpointer  data)
{
  RapportMoney zero = { 0, "USD" };
  RapportMoney unknown = { 100, "XXQ" };
  RapportMoney fine = { 100, "USD" };
  gint64 ticket = ticket_id_of (fixture, "1002");
  g_autoptr(GError) error = NULL;

  g_assert_null (rapport_outbox_enqueue_money (fixture->store, fixture->account_id, ticket,
                                               RAPPORT_MONEY_KIND_REFUND, &fine, " \n ", NULL,
                                               NULL, NULL, &error));
  g_assert_error (error, RAPPORT_OUTBOX_ERROR, RAPPORT_OUTBOX_ERROR_EMPTY_REASON);
  g_clear_error (&error);

  g_assert_null (rapport_outbox_enqueue_money (fixture->store, fixture->account_id, ticket,
                                               RAPPORT_MONEY_KIND_REFUND, &zero, "Why", NULL,
                                               NULL, NULL, &error));
  g_assert_error (error, RAPPORT_OUTBOX_ERROR, RAPPORT_OUTBOX_ERROR_INVALID_AMOUNT);
  g_clear_error (&error);

  g_assert_null (rapport_outbox_enqueue_money (fixture->store, fixture->account_id, ticket,
                                               RAPPORT_MONEY_KIND_REFUND, &unknown, "Why", NULL,
                                               NULL, NULL, &error));
  g_assert_error (error, RAPPORT_OUTBOX_ERROR, RAPPORT_OUTBOX_ERROR_INVALID_AMOUNT);
  g_clear_error (&error);

  g_assert_null (rapport_outbox_enqueue_money (fixture->store, fixture->account_id, 999999,
                                               RAPPORT_MONEY_KIND_REFUND, &fine, "Why", NULL,
                                               NULL, NULL, &error));
  g_assert_error (error, RAPPORT_OUTBOX_ERROR, RAPPORT_OUTBOX_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Nothing was written by the refused ones. */
  g_assert_cmpint (query_int (fixture->raw, "SELECT COUNT (*) FROM actions WHERE ?1", 1), ==, 0);
  g_assert_cmpint (query_int (fixture->raw, "SELECT COUNT (*) FROM outbox WHERE ?1", 1), ==, 0);
}

static void
test_local_row_then_server_record (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(RapportOutboxOp) op = request (fixture, RAPPORT_MONEY_KIND_REFUND, 4000,
                                           RAPPORT_VERDICT_ALLOWED);
  g_autoptr(RapportMoneyAction) local = action_of_op (fixture, op);
  g_autoptr(RapportMoneyAction) synced = NULL;
  g_autoptr(RapportOutboxOp) done = NULL;

  /* Shown at once, before any network: pending sync, the client's provisional verdict. */
  g_assert_cmpint (op->kind, ==, RAPPORT_OUTBOX_KIND_MONEY);
  g_assert_cmpint (op->state, ==, RAPPORT_OUTBOX_STATE_READY);
  g_assert_cmpstr (op->reason, ==, "Damaged in transit");
  g_assert_cmpstr (op->customer_key, ==, CHLOE);
  g_assert_true (rapport_money_action_get_pending_sync (local));
  g_assert_null (rapport_money_action_get_remote_id (local));
  g_assert_cmpint (rapport_money_action_get_verdict (local), ==, RAPPORT_VERDICT_ALLOWED);
  g_assert_cmpint (rapport_money_action_get_state (local), ==, RAPPORT_ACTION_STATE_EXECUTED);
  g_assert_cmpstr (rapport_money_action_get_requester_remote_id (local), ==, TEST_AGENT);
  g_assert_cmpstr (rapport_money_action_get_customer_key (local), ==, CHLOE);
  g_assert_cmpint (rapport_money_action_get_outbox_id (local), ==, op->id);

  rapport_push_engine_start (fixture->engine);
  TEST_WAIT_FOR (op_state (fixture, op->id) == RAPPORT_OUTBOX_STATE_DONE, 5000);

  done = rapport_outbox_get_op (fixture->store, op->id, NULL, NULL);
  g_assert_cmpuint (fixture->provider->n_creates, ==, 1);
  g_assert_cmpstr (done->remote_message_id, ==, "M500");
  synced = action_of_op (fixture, done);
  g_assert_false (rapport_money_action_get_pending_sync (synced));
  g_assert_cmpstr (rapport_money_action_get_remote_id (synced), ==, "M500");
  g_assert_cmpstr (rapport_money_action_get_requester_name (synced), ==, "Server name");
  g_assert_cmpint (rapport_money_action_get_state (synced), ==, RAPPORT_ACTION_STATE_EXECUTED);
  g_assert_cmpint (query_int (fixture->raw, "SELECT COUNT (*) FROM actions WHERE ?1", 1), ==, 1);
}

static void
test_over_limit_needs_approval (Fixture       *fixture,
                                gconstpointer  data)
{
  /* The client thought it allowed (an old policy); the server decides. */
  g_autoptr(RapportOutboxOp) op = request (fixture, RAPPORT_MONEY_KIND_CREDIT, 7500,
                                           RAPPORT_VERDICT_ALLOWED);
  g_autoptr(RapportMoneyAction) synced = NULL;
  g_autoptr(GPtrArray) pending = NULL;
  g_autoptr(GError) error = NULL;

  rapport_push_engine_start (fixture->engine);
  TEST_WAIT_FOR (op_state (fixture, op->id) == RAPPORT_OUTBOX_STATE_DONE, 5000);

  synced = action_of_op (fixture, op);
  g_assert_cmpint (rapport_money_action_get_state (synced), ==,
                   RAPPORT_ACTION_STATE_PENDING_APPROVAL);
  g_assert_cmpint (rapport_money_action_get_verdict (synced), ==, RAPPORT_VERDICT_NEEDS_APPROVAL);
  g_assert_cmpstr (rapport_money_action_get_approval_remote_id (synced), ==, "A501");
  g_assert_true (rapport_money_action_awaits_decision (synced));
  pending = rapport_store_list_pending_approvals (fixture->store, fixture->account_id, NULL,
                                                  &error);
  g_assert_cmpuint (pending->len, ==, 1);
}

static void
test_unknown_recorded_not_sent_twice (Fixture       *fixture,
                                      gconstpointer  data)
{
  g_autoptr(RapportOutboxOp) op = request (fixture, RAPPORT_MONEY_KIND_REFUND, 4000,
                                           RAPPORT_VERDICT_ALLOWED);
  g_autoptr(RapportMoneyAction) synced = NULL;

  script (fixture->provider, FAULT_UNKNOWN_RECORDED);
  rapport_push_engine_start (fixture->engine);
  TEST_WAIT_FOR (op_state (fixture, op->id) == RAPPORT_OUTBOX_STATE_DONE, 5000);

  g_assert_cmpuint (fixture->provider->n_creates, ==, 1);
  g_assert_cmpuint (fixture->provider->n_evidence, ==, 1);
  g_assert_cmpuint (fixture->provider->actions->len, ==, 1);
  synced = action_of_op (fixture, op);
  g_assert_cmpstr (rapport_money_action_get_remote_id (synced), ==, "M500");
  g_assert_false (rapport_money_action_get_pending_sync (synced));
}

static void
test_unknown_lost_sent_again (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(RapportOutboxOp) op = request (fixture, RAPPORT_MONEY_KIND_REFUND, 4000,
                                           RAPPORT_VERDICT_ALLOWED);
  RapportMoney same = { 4000, "USD" };
  g_autoptr(RapportMoneyAction) other = rapport_money_action_new ();

  /* Another agent's record of the same amount on the same ticket is not this op's effect. */
  rapport_money_action_set_remote_id (other, "M1");
  rapport_money_action_set_ticket_remote_id (other, "1002");
  rapport_money_action_set_kind (other, RAPPORT_MONEY_KIND_REFUND);
  rapport_money_action_set_amount (other, &same);
  rapport_money_action_set_reason (other, "Damaged in transit");
  rapport_money_action_set_requester (other, "lee.agent", "Lee");
  rapport_money_action_set_created_at (other, g_get_real_time ());
  g_ptr_array_add (fixture->provider->actions, g_object_ref (other));

  script (fixture->provider, FAULT_UNKNOWN_LOST);
  rapport_push_engine_start (fixture->engine);
  TEST_WAIT_FOR (op_state (fixture, op->id) == RAPPORT_OUTBOX_STATE_DONE, 5000);

  g_assert_cmpuint (fixture->provider->n_creates, ==, 2);
  g_assert_cmpuint (fixture->provider->n_evidence, ==, 1);
  /* The other agent's and ours, once. */
  g_assert_cmpuint (fixture->provider->actions->len, ==, 2);
}

static void
test_discard_removes_local_row (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(RapportOutboxOp) op = request (fixture, RAPPORT_MONEY_KIND_REFUND, 4000,
                                           RAPPORT_VERDICT_ALLOWED);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_assert_cmpint (query_int (fixture->raw, "SELECT COUNT (*) FROM actions WHERE outbox_id = ?1",
                              op->id), ==, 1);
  g_assert_cmpint (sqlite3_exec (fixture->raw, "UPDATE outbox SET state = 'failed'", NULL, NULL,
                                 NULL), ==, SQLITE_OK);
  text = rapport_outbox_discard (fixture->store, op->id, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (text);
  g_assert_cmpint (query_int (fixture->raw, "SELECT COUNT (*) FROM actions WHERE ?1", 1), ==, 0);
  g_assert_cmpint (op_state (fixture, op->id), ==, RAPPORT_OUTBOX_STATE_CANCELLED);
}

/* ---------------------------------------------------------------------------------------------
 * Decisions
 * ------------------------------------------------------------------------------------------- */

/* A pending approval, created by the agent; then the token becomes the supervisor's. */
static RapportMoneyAction *
pending_approval (Fixture *fixture)
{
  g_autoptr(RapportOutboxOp) op = request (fixture, RAPPORT_MONEY_KIND_REFUND, 9000,
                                           RAPPORT_VERDICT_NEEDS_APPROVAL);

  rapport_push_engine_start (fixture->engine);
  TEST_WAIT_FOR (op_state (fixture, op->id) == RAPPORT_OUTBOX_STATE_DONE, 5000);

  return action_of_op (fixture, op);
}

static RapportOutboxOp *
decide (Fixture            *fixture,
        RapportMoneyAction *action,
        RapportDecision     decision)
{
  g_autoptr(GError) error = NULL;
  RapportOutboxOp *op;

  op = rapport_outbox_enqueue_decision (fixture->store, fixture->account_id,
                                        rapport_money_action_get_id (action), decision,
                                        "Order checked ", NULL, &error);
  g_assert_no_error (error);

  return op;
}

static void
test_decision_by_supervisor (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(RapportMoneyAction) action = pending_approval (fixture);
  g_autoptr(RapportMoneyAction) marked = NULL;
  g_autoptr(RapportMoneyAction) after = NULL;
  g_autoptr(RapportOutboxOp) op = NULL;
  g_autoptr(RapportOutboxOp) again = NULL;
  g_autoptr(GError) error = NULL;
  guint count = 99;

  g_free (fixture->provider->user);
  fixture->provider->user = g_strdup (MAYA);
  fixture->provider->user_is_supervisor = TRUE;

  rapport_push_engine_stop (fixture->engine);
  op = decide (fixture, action, RAPPORT_DECISION_APPROVE);
  g_assert_cmpint (op->kind, ==, RAPPORT_OUTBOX_KIND_DECISION);
  g_assert_cmpstr (op->approval_remote_id, ==, "A501");
  g_assert_cmpstr (op->approval_etag, ==, "\"1\"");
  g_assert_cmpstr (op->note, ==, "Order checked");

  /* Queued: marked, no money moved, out of the Approvals count, not decidable twice. */
  marked = rapport_store_get_money_action (fixture->store, rapport_money_action_get_id (action),
                                           NULL, &error);
  g_assert_true (rapport_money_action_get_decision_pending (marked));
  g_assert_cmpint (rapport_money_action_get_state (marked), ==,
                   RAPPORT_ACTION_STATE_PENDING_APPROVAL);
  g_assert_true (rapport_store_count_pending_approvals (fixture->store, fixture->account_id,
                                                        &count, NULL, &error));
  g_assert_cmpuint (count, ==, 0);
  again = rapport_outbox_enqueue_decision (fixture->store, fixture->account_id,
                                           rapport_money_action_get_id (action),
                                           RAPPORT_DECISION_REJECT, NULL, NULL, &error);
  g_assert_error (error, RAPPORT_OUTBOX_ERROR, RAPPORT_OUTBOX_ERROR_NOT_PENDING);
  g_assert_null (again);
  g_clear_error (&error);

  rapport_push_engine_start (fixture->engine);
  TEST_WAIT_FOR (op_state (fixture, op->id) == RAPPORT_OUTBOX_STATE_DONE, 5000);

  after = rapport_store_get_money_action (fixture->store, rapport_money_action_get_id (action),
                                          NULL, &error);
  g_assert_cmpint (rapport_money_action_get_state (after), ==, RAPPORT_ACTION_STATE_APPROVED);
  g_assert_true (rapport_money_action_get_decision_valid (after));
  g_assert_false (rapport_money_action_get_decision_pending (after));
  g_assert_cmpstr (rapport_money_action_get_decided_by (after), ==, MAYA);
  g_assert_cmpstr (rapport_money_action_get_decision_note (after), ==, "Order checked");
  g_assert_cmpstr (rapport_money_action_get_approval_etag (after), ==, "\"2\"");
  g_assert_cmpuint (fixture->provider->n_decides, ==, 1);
}

/* The token's user is the requester and not a supervisor: the server took the decision, the
 * client keeps it as invalid and no money moves. */
static void
test_decision_not_verified (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(RapportMoneyAction) action = pending_approval (fixture);
  g_autoptr(RapportMoneyAction) after = NULL;
  g_autoptr(RapportOutboxOp) op = NULL;
  g_autoptr(GError) error = NULL;

  op = decide (fixture, action, RAPPORT_DECISION_APPROVE);
  TEST_WAIT_FOR (op_state (fixture, op->id) == RAPPORT_OUTBOX_STATE_DONE, 5000);

  after = rapport_store_get_money_action (fixture->store, rapport_money_action_get_id (action),
                                          NULL, &error);
  g_assert_cmpint (rapport_money_action_get_state (after), ==,
                   RAPPORT_ACTION_STATE_PENDING_APPROVAL);
  g_assert_false (rapport_money_action_get_decision_valid (after));
  g_assert_cmpint (rapport_money_action_get_decision (after), ==, RAPPORT_DECISION_APPROVE);
  g_assert_cmpint (rapport_money_action_get_decision_check (after), ==,
                   RAPPORT_APPROVAL_CHECK_NOT_SUPERVISOR);
  g_assert_false (rapport_money_action_moves_money (after));
}

static void
test_decision_conflict (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(RapportMoneyAction) action = pending_approval (fixture);
  g_autoptr(RapportMoneyAction) after = NULL;
  g_autoptr(RapportOutboxOp) op = NULL;
  g_autoptr(RapportOutboxOp) failed = NULL;
  g_autoptr(GError) error = NULL;

  fixture->provider->user_is_supervisor = TRUE;
  script (fixture->provider, FAULT_CONFLICT);
  op = decide (fixture, action, RAPPORT_DECISION_REJECT);
  TEST_WAIT_FOR (op_state (fixture, op->id) == RAPPORT_OUTBOX_STATE_FAILED, 5000);

  failed = rapport_outbox_get_op (fixture->store, op->id, NULL, NULL);
  g_assert_cmpint (failed->error_code, ==, RAPPORT_PROVIDER_ERROR_CONFLICT);
  after = rapport_store_get_money_action (fixture->store, rapport_money_action_get_id (action),
                                          NULL, &error);
  g_assert_cmpint (rapport_money_action_get_state (after), ==,
                   RAPPORT_ACTION_STATE_PENDING_APPROVAL);
  /* A failed decision no longer counts as queued: the supervisor may decide again. */
  g_assert_false (rapport_money_action_get_decision_pending (after));
  g_assert_true (rapport_money_action_awaits_decision (after));
}

static void
test_decision_unknown_recorded (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(RapportMoneyAction) action = pending_approval (fixture);
  g_autoptr(RapportMoneyAction) after = NULL;
  g_autoptr(RapportOutboxOp) op = NULL;
  g_autoptr(GError) error = NULL;

  g_free (fixture->provider->user);
  fixture->provider->user = g_strdup (MAYA);
  fixture->provider->user_is_supervisor = TRUE;
  script (fixture->provider, FAULT_UNKNOWN_RECORDED);

  /* The push engine knows the user from the store's account: make the supervisor's. */
  g_assert_cmpint (sqlite3_exec (fixture->raw, "UPDATE accounts SET user_remote_id = "
                                               "'maya.supervisor'", NULL, NULL, NULL), ==,
                   SQLITE_OK);
  rapport_push_engine_stop (fixture->engine);
  g_clear_object (&fixture->engine);
  fixture->engine = rapport_push_engine_new (fixture->store,
                                             RAPPORT_PROVIDER (fixture->provider),
                                             fixture->account_id);
  rapport_push_engine_set_settle_ms (fixture->engine, 20);
  rapport_push_engine_start (fixture->engine);

  op = decide (fixture, action, RAPPORT_DECISION_APPROVE);
  TEST_WAIT_FOR (op_state (fixture, op->id) == RAPPORT_OUTBOX_STATE_DONE, 5000);

  g_assert_cmpuint (fixture->provider->n_decides, ==, 1);
  after = rapport_store_get_money_action (fixture->store, rapport_money_action_get_id (action),
                                          NULL, &error);
  g_assert_cmpint (rapport_money_action_get_state (after), ==, RAPPORT_ACTION_STATE_APPROVED);
}

static void
test_decision_on_executed (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(RapportOutboxOp) op = request (fixture, RAPPORT_MONEY_KIND_REFUND, 1000,
                                           RAPPORT_VERDICT_ALLOWED);
  g_autoptr(RapportMoneyAction) local = action_of_op (fixture, op);
  g_autoptr(RapportMoneyAction) synced = NULL;
  g_autoptr(RapportOutboxOp) decision = NULL;
  g_autoptr(GError) error = NULL;

  /* Not synced yet: nothing to decide. */
  decision = rapport_outbox_enqueue_decision (fixture->store, fixture->account_id,
                                              rapport_money_action_get_id (local),
                                              RAPPORT_DECISION_APPROVE, NULL, NULL, &error);
  g_assert_error (error, RAPPORT_OUTBOX_ERROR, RAPPORT_OUTBOX_ERROR_NOT_PENDING);
  g_clear_error (&error);

  rapport_push_engine_start (fixture->engine);
  TEST_WAIT_FOR (op_state (fixture, op->id) == RAPPORT_OUTBOX_STATE_DONE, 5000);
  synced = action_of_op (fixture, op);
  decision = rapport_outbox_enqueue_decision (fixture->store, fixture->account_id,
                                              rapport_money_action_get_id (synced),
                                              RAPPORT_DECISION_APPROVE, NULL, NULL, &error);
  g_assert_error (error, RAPPORT_OUTBOX_ERROR, RAPPORT_OUTBOX_ERROR_NOT_PENDING);
  g_clear_error (&error);

  decision = rapport_outbox_enqueue_decision (fixture->store, fixture->account_id, 424242,
                                              RAPPORT_DECISION_APPROVE, NULL, NULL, &error);
  g_assert_error (error, RAPPORT_OUTBOX_ERROR, RAPPORT_OUTBOX_ERROR_NOT_FOUND);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/outbox-money/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("enqueue-checks", test_enqueue_checks);
  ADD ("local-row-then-server-record", test_local_row_then_server_record);
  ADD ("over-limit-needs-approval", test_over_limit_needs_approval);
  ADD ("unknown-recorded-not-sent-twice", test_unknown_recorded_not_sent_twice);
  ADD ("unknown-lost-sent-again", test_unknown_lost_sent_again);
  ADD ("discard-removes-local-row", test_discard_removes_local_row);
  ADD ("decision-by-supervisor", test_decision_by_supervisor);
  ADD ("decision-not-verified", test_decision_not_verified);
  ADD ("decision-conflict", test_decision_conflict);
  ADD ("decision-unknown-recorded", test_decision_unknown_recorded);
  ADD ("decision-on-executed", test_decision_on_executed);

  return g_test_run ();
}
