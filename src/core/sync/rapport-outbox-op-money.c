/* rapport-outbox-op-money.c
 *
 * The money operation: a refund or credit for the customer of a ticket.
 *
 * Local effect: a ledger row (rapport-store-actions.c) shown at once, 'locally-created', with
 * the client's provisional verdict and state. Push: create_money_action(); the server
 * evaluates it (where it enforces the limits) and answers with its record. Completion: the
 * row becomes the server's record (or goes, when a pull brought that record first). Creating
 * it twice would move money twice, so an attempt whose outcome is unknown is looked for on
 * the server (fetch_money_evidence()): a record of the same requester, kind, amount,
 * currency, customer ticket and reason hash, created no earlier than the first attempt minus
 * the clock skew, not claimed by another op. Back-out: the local row goes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rapport-outbox"

#include "config.h"

#include "rapport-outbox-private.h"

#include <json-glib/json-glib.h>

/* ---------------------------------------------------------------------------------------------
 * The payload
 * ------------------------------------------------------------------------------------------- */

static char *
money_encode (const RapportOutboxOp *op)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "action_id");
  json_builder_add_int_value (builder, op->action_id);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, rapport_money_kind_to_string (op->money_kind));
  json_builder_set_member_name (builder, "amount_minor");
  json_builder_add_int_value (builder, op->amount.minor);
  json_builder_set_member_name (builder, "currency");
  json_builder_add_string_value (builder, op->amount.currency);
  json_builder_set_member_name (builder, "reason");
  json_builder_add_string_value (builder, op->reason);
  json_builder_set_member_name (builder, "verdict");
  json_builder_add_string_value (builder, rapport_verdict_to_string (op->verdict));
  json_builder_set_member_name (builder, "verdict_reason");
  json_builder_add_string_value (builder, rapport_verdict_reason_to_string (op->verdict_reason));
  if (op->order_reference != NULL)
    {
      json_builder_set_member_name (builder, "order_reference");
      json_builder_add_string_value (builder, op->order_reference);
    }
  if (op->customer_key != NULL)
    {
      json_builder_set_member_name (builder, "customer_key");
      json_builder_add_string_value (builder, op->customer_key);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);

  return json_to_string (root, FALSE);
}

JsonObject *
_rapport_outbox_parse_payload (const char  *json,
                               JsonParser **parser_out)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  if (!json_parser_load_from_data (parser, json, -1, &error))
    {
      g_warning ("Cannot parse the payload of an outbox op: %s", error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_warning ("The payload of an outbox op is not a JSON object");
      return NULL;
    }

  *parser_out = g_steal_pointer (&parser);

  return json_node_get_object (root);
}

static void
money_decode (RapportOutboxOp *op,
              const char      *json)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *object = _rapport_outbox_parse_payload (json, &parser);

  if (object == NULL)
    return;

  op->action_id = json_object_get_int_member_with_default (object, "action_id", 0);
  if (!rapport_money_kind_from_string (json_object_get_string_member_with_default (object,
                                                                                   "kind", ""),
                                       &op->money_kind))
    g_warning ("Outbox op %" G_GINT64_FORMAT " names an unknown money kind", op->id);
  op->amount.minor = json_object_get_int_member_with_default (object, "amount_minor", 0);
  g_strlcpy (op->amount.currency,
             json_object_get_string_member_with_default (object, "currency", ""),
             sizeof op->amount.currency);
  g_free (op->reason);
  op->reason = g_strdup (json_object_get_string_member_with_default (object, "reason", ""));
  if (!rapport_verdict_from_string (json_object_get_string_member_with_default (object,
                                                                               "verdict", ""),
                                    &op->verdict))
    op->verdict = RAPPORT_VERDICT_NEEDS_APPROVAL;
  if (!rapport_verdict_reason_from_string (
        json_object_get_string_member_with_default (object, "verdict_reason", ""),
        &op->verdict_reason))
    op->verdict_reason = RAPPORT_VERDICT_REASON_NONE;
  g_free (op->order_reference);
  op->order_reference = g_strdup (json_object_get_string_member_with_default (object,
                                                                              "order_reference",
                                                                              NULL));
  g_free (op->customer_key);
  op->customer_key = g_strdup (json_object_get_string_member_with_default (object,
                                                                           "customer_key",
                                                                           NULL));
}

/* ---------------------------------------------------------------------------------------------
 * The operation
 * ------------------------------------------------------------------------------------------- */

/* How the record names the ticket's customer: the normalized address of their first e-mail
 * identity, else the ticket requester's remote id, else "". */
static char *
customer_key_of_ticket (RapportStore  *store,
                        gint64         ticket_id,
                        GError       **error)
{
  g_autoptr(RapportStoreStmt) stmt = NULL;
  int rc;

  stmt = _rapport_store_prepare (store, "SELECT COALESCE ((SELECT i.normalized FROM identities i "
                                        "WHERE i.customer_id = t.customer_id "
                                        "AND i.channel = 'email' AND i.normalized IS NOT NULL "
                                        "ORDER BY i.id LIMIT 1), t.requester_remote_id, '') "
                                        "FROM tickets t WHERE t.id = ?1", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, ticket_id);
  rc = _rapport_store_step (stmt, "Reading the customer of a ticket", error);
  if (rc == 0)
    return NULL;
  if (rc == SQLITE_DONE)
    return g_strdup ("");

  return rapport_customer_key_normalize (_rapport_store_column_text (stmt, 0));
}

static gboolean
account_user (RapportStore  *store,
              gint64         account_id,
              char         **remote_id,
              char         **name,
              GError       **error)
{
  g_autoptr(RapportStoreStmt) stmt = NULL;
  int rc;

  stmt = _rapport_store_prepare (store, "SELECT user_remote_id, user_name FROM accounts "
                                        "WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, account_id);
  rc = _rapport_store_step (stmt, "Reading the account's user", error);
  if (rc == 0)
    return FALSE;
  if (rc == SQLITE_ROW)
    {
      *remote_id = g_strdup (_rapport_store_column_text (stmt, 0));
      *name = g_strdup (_rapport_store_column_text (stmt, 1));
    }

  return TRUE;
}

/* The state a row shows while it waits for the server. */
static RapportActionState
provisional_state (RapportVerdict verdict)
{
  switch (verdict)
    {
    case RAPPORT_VERDICT_ALLOWED:
      return RAPPORT_ACTION_STATE_EXECUTED;
    case RAPPORT_VERDICT_DENIED:
      return RAPPORT_ACTION_STATE_REJECTED;
    case RAPPORT_VERDICT_NEEDS_APPROVAL:
    default:
      return RAPPORT_ACTION_STATE_PENDING_APPROVAL;
    }
}

/* The op's ledger row, shown while it waits for the server, created at @created_at_us, for
 * the customer op->customer_key names. */
static gboolean
insert_local_row (RapportStore     *store,
                  RapportOutboxOp  *op,
                  gint64            created_at_us,
                  GError          **error)
{
  g_autoptr(RapportMoneyAction) action = rapport_money_action_new ();
  g_autofree char *user = NULL;
  g_autofree char *user_name = NULL;

  if (!account_user (store, op->account_id, &user, &user_name, error))
    return FALSE;

  rapport_money_action_set_ticket_remote_id (action, op->ticket_remote_id);
  rapport_money_action_set_customer_key (action, op->customer_key);
  rapport_money_action_set_kind (action, op->money_kind);
  rapport_money_action_set_amount (action, &op->amount);
  rapport_money_action_set_reason (action, op->reason);
  rapport_money_action_set_order_reference (action, op->order_reference);
  rapport_money_action_set_requester (action, user, user_name);
  rapport_money_action_set_created_at (action, created_at_us);
  rapport_money_action_set_server_state (action, provisional_state (op->verdict));
  rapport_money_action_set_verdict (action, op->verdict, op->verdict_reason);

  op->action_id = _rapport_store_insert_money_action (store, op->account_id, action, op->id,
                                                      error);
  if (op->action_id == 0)
    return FALSE;

  return _rapport_outbox_store_payload (store, op, error);
}

static gboolean
money_apply_local (RapportStore        *store,
                   RapportStoreWriter  *writer,
                   RapportOutboxOp     *op,
                   GError             **error)
{
  g_free (op->customer_key);
  op->customer_key = customer_key_of_ticket (store, op->ticket_id, error);
  if (op->customer_key == NULL)
    return FALSE;

  return insert_local_row (store, op, g_get_real_time (), error);
}

/* The customer key is the one the op recorded (and sends): the rebuilt cache may not know
 * the ticket's customer yet. */
static gboolean
money_restore_local (RapportStore        *store,
                     RapportStoreWriter  *writer,
                     RapportOutboxOp     *op,
                     GError             **error)
{
  return insert_local_row (store, op, op->created_at * 1000, error);
}

static void
money_push (RapportProvider       *provider,
            const RapportOutboxOp *op,
            GCancellable          *cancellable,
            GAsyncReadyCallback    callback,
            gpointer               user_data)
{
  rapport_provider_create_money_action_async (provider, op->ticket_remote_id, op->money_kind,
                                              &op->amount, op->reason != NULL ? op->reason : "",
                                              op->order_reference,
                                              op->customer_key != NULL ? op->customer_key : "",
                                              cancellable, callback, user_data);
}

static GObject *
money_push_finish (RapportProvider  *provider,
                   GAsyncResult     *result,
                   GError          **error)
{
  return G_OBJECT (rapport_provider_create_money_action_finish (provider, result, error));
}

/* The ledger row of @op (its local row, or the row it became). */
static gint64
row_of_op (RapportStore     *store,
           RapportOutboxOp  *op,
           GError          **error)
{
  g_autoptr(RapportStoreStmt) stmt = NULL;
  int rc;

  stmt = _rapport_store_prepare (store, "SELECT id FROM actions WHERE outbox_id = ?1", error);
  if (stmt == NULL)
    return -1;

  sqlite3_bind_int64 (stmt, 1, op->id);
  rc = _rapport_store_step (stmt, "Reading the row of a money op", error);
  if (rc == 0)
    return -1;

  return rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
}

static gboolean
money_complete (RapportStore        *store,
                RapportStoreWriter  *writer,
                RapportOutboxOp     *op,
                GObject             *answer,
                GError             **error)
{
  RapportMoneyAction *record = RAPPORT_MONEY_ACTION (answer);
  gint64 local_row = row_of_op (store, op, error);
  gint64 row;

  if (local_row < 0)
    return FALSE;

  row = _rapport_store_upsert_money_action (store, op->account_id, record, local_row, error);
  if (row == 0)
    return FALSE;

  op->action_id = row;
  g_free (op->remote_message_id);
  op->remote_message_id = g_strdup (rapport_money_action_get_remote_id (record));

  return TRUE;
}

static void
on_money_evidence_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(RapportMoneyEvidence) evidence = NULL;
  GError *error = NULL;
  GPtrArray *found;

  evidence = rapport_provider_fetch_money_evidence_finish (RAPPORT_PROVIDER (source), result,
                                                           &error);
  if (evidence == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* One array of both: actions first, then approvals; the kinds pick by type. */
  found = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < evidence->actions->len; i++)
    g_ptr_array_add (found, g_object_ref (evidence->actions->pdata[i]));
  for (guint i = 0; i < evidence->approvals->len; i++)
    g_ptr_array_add (found, g_object_ref (evidence->approvals->pdata[i]));

  g_task_return_pointer (task, found, (GDestroyNotify) g_ptr_array_unref);
}

void
_rapport_outbox_fetch_money_evidence (RapportProvider       *provider,
                                      const RapportOutboxOp *op,
                                      GCancellable          *cancellable,
                                      GAsyncReadyCallback    callback,
                                      gpointer               user_data)
{
  GTask *task = g_task_new (provider, cancellable, callback, user_data);

  g_task_set_source_tag (task, _rapport_outbox_fetch_money_evidence);
  rapport_provider_fetch_money_evidence_async (provider, op->ticket_remote_id, cancellable,
                                               on_money_evidence_cb, task);
}

GPtrArray *
_rapport_outbox_fetch_money_evidence_finish (RapportProvider  *provider,
                                             GAsyncResult     *result,
                                             GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static GObject *
money_find_effect (const RapportOutboxOp *op,
                   GPtrArray             *evidence,
                   const char            *user_remote_id,
                   GHashTable            *claimed)
{
  /* first_attempt_at is in ms, the records' times in µs. */
  gint64 earliest_us = (op->first_attempt_at - (gint64) RAPPORT_OUTBOX_CLOCK_SKEW_S * 1000) * 1000;

  for (guint i = 0; i < evidence->len; i++)
    {
      RapportMoneyAction *record;
      const RapportMoney *amount;
      const char *remote_id;
      g_autofree char *hash = NULL;

      if (!RAPPORT_IS_MONEY_ACTION (evidence->pdata[i]))
        continue;

      record = evidence->pdata[i];
      amount = rapport_money_action_get_amount (record);
      remote_id = rapport_money_action_get_remote_id (record);

      if (remote_id == NULL || g_hash_table_contains (claimed, remote_id) ||
          !_rapport_outbox_same_user (rapport_money_action_get_requester_remote_id (record),
                                      user_remote_id) ||
          rapport_money_action_get_kind (record) != op->money_kind ||
          amount->minor != op->amount.minor ||
          g_strcmp0 (amount->currency, op->amount.currency) != 0 ||
          g_strcmp0 (rapport_money_action_get_ticket_remote_id (record),
                     op->ticket_remote_id) != 0 ||
          rapport_money_action_get_created_at (record) < earliest_us)
        continue;

      hash = rapport_outbox_body_hash (rapport_money_action_get_reason (record) != NULL
                                       ? rapport_money_action_get_reason (record) : "");
      if (g_strcmp0 (hash, op->body_hash) == 0)
        return G_OBJECT (record);
    }

  return NULL;
}

static gboolean
money_back_out (RapportStore        *store,
                RapportStoreWriter  *writer,
                RapportOutboxOp     *op,
                GError             **error)
{
  return _rapport_store_exec_ids (store, "DELETE FROM actions WHERE outbox_id = ?1 "
                                         "AND offline_state = 'locally-created'",
                                  "Removing a queued money action", 1, op->id, 0, 0, error);
}

const RapportOutboxOpClass _rapport_outbox_money_class = {
  .name = "money",
  .effect_namespace = "money",
  .idempotent = FALSE,
  .encode = money_encode,
  .decode = money_decode,
  .apply_local = money_apply_local,
  .restore_local = money_restore_local,
  .push = money_push,
  .push_finish = money_push_finish,
  .complete = money_complete,
  .fetch_evidence = _rapport_outbox_fetch_money_evidence,
  .fetch_evidence_finish = _rapport_outbox_fetch_money_evidence_finish,
  .find_effect = money_find_effect,
  .back_out = money_back_out,
};

/* ---------------------------------------------------------------------------------------------
 * API
 * ------------------------------------------------------------------------------------------- */

/**
 * rapport_outbox_enqueue_money:
 *
 * Returns: (transfer full): the queued op, or %NULL with @error set
 */
RapportOutboxOp *
rapport_outbox_enqueue_money (RapportStore                   *store,
                              gint64                          account_id,
                              gint64                          ticket_id,
                              RapportMoneyKind                kind,
                              const RapportMoney             *amount,
                              const char                     *reason,
                              const char                     *order_reference,
                              const RapportPolicyEvaluation  *provisional,
                              GCancellable                   *cancellable,
                              GError                        **error)
{
  g_autoptr(RapportOutboxOp) op = NULL;
  g_autofree char *why = NULL;
  g_autofree char *reference = NULL;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);
  g_return_val_if_fail (amount != NULL, NULL);

  why = g_strstrip (g_strdup (reason != NULL ? reason : ""));
  if (why[0] == '\0')
    {
      g_set_error (error, RAPPORT_OUTBOX_ERROR, RAPPORT_OUTBOX_ERROR_EMPTY_REASON,
                   "A refund or credit needs a reason");
      return NULL;
    }
  if (amount->minor <= 0 || !rapport_currency_is_known (amount->currency) ||
      rapport_money_kind_to_string (kind) == NULL)
    {
      g_set_error (error, RAPPORT_OUTBOX_ERROR, RAPPORT_OUTBOX_ERROR_INVALID_AMOUNT,
                   "A refund or credit must be a positive amount of a known currency");
      return NULL;
    }
  reference = g_strstrip (g_strdup (order_reference != NULL ? order_reference : ""));

  op = g_new0 (RapportOutboxOp, 1);
  op->account_id = account_id;
  op->ticket_id = ticket_id;
  op->kind = RAPPORT_OUTBOX_KIND_MONEY;
  op->money_kind = kind;
  op->amount = *amount;
  op->reason = g_steal_pointer (&why);
  op->order_reference = reference[0] != '\0' ? g_steal_pointer (&reference) : NULL;
  op->body_hash = rapport_outbox_body_hash (op->reason);
  op->verdict = provisional != NULL ? provisional->verdict : RAPPORT_VERDICT_NEEDS_APPROVAL;
  op->verdict_reason = provisional != NULL ? provisional->reason : RAPPORT_VERDICT_REASON_NONE;

  /* A ticket without its ticket id would be named by remote id only: a money action always
   * belongs to a cached ticket. */
  if (ticket_id <= 0)
    {
      g_set_error (error, RAPPORT_OUTBOX_ERROR, RAPPORT_OUTBOX_ERROR_NOT_FOUND,
                   "A refund or credit needs a ticket");
      return NULL;
    }

  return _rapport_outbox_enqueue (store, op, 0, cancellable, error);
}

typedef struct
{
  gint64                   account_id;
  gint64                   ticket_id;
  RapportMoneyKind         kind;
  RapportMoney             amount;
  char                    *reason;
  char                    *order_reference;
  gboolean                 has_provisional;
  RapportPolicyEvaluation  provisional;
} EnqueueData;

static void
enqueue_data_free (gpointer data)
{
  EnqueueData *d = data;

  g_free (d->reason);
  g_free (d->order_reference);
  g_free (d);
}

static gpointer
enqueue_money_work (RapportStore  *store,
                    gpointer       data,
                    GCancellable  *cancellable,
                    GError       **error)
{
  EnqueueData *d = data;

  return rapport_outbox_enqueue_money (store, d->account_id, d->ticket_id, d->kind, &d->amount,
                                       d->reason, d->order_reference,
                                       d->has_provisional ? &d->provisional : NULL, cancellable,
                                       error);
}

void
rapport_outbox_enqueue_money_async (RapportStore                  *store,
                                    gint64                         account_id,
                                    gint64                         ticket_id,
                                    RapportMoneyKind               kind,
                                    const RapportMoney            *amount,
                                    const char                    *reason,
                                    const char                    *order_reference,
                                    const RapportPolicyEvaluation *provisional,
                                    GCancellable                  *cancellable,
                                    GAsyncReadyCallback            callback,
                                    gpointer                       user_data)
{
  EnqueueData *data;

  g_return_if_fail (amount != NULL);

  data = g_new0 (EnqueueData, 1);
  data->account_id = account_id;
  data->ticket_id = ticket_id;
  data->kind = kind;
  data->amount = *amount;
  data->reason = g_strdup (reason);
  data->order_reference = g_strdup (order_reference);
  data->has_provisional = provisional != NULL;
  if (provisional != NULL)
    data->provisional = *provisional;
  _rapport_store_run_async (store, store, rapport_outbox_enqueue_money_async,
                            enqueue_money_work, data, enqueue_data_free,
                            (GDestroyNotify) rapport_outbox_op_free, cancellable, callback,
                            user_data);
}

/**
 * rapport_outbox_enqueue_money_finish:
 *
 * Returns: (transfer full): the queued op, or %NULL with @error set
 */
RapportOutboxOp *
rapport_outbox_enqueue_money_finish (RapportStore  *store,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return _rapport_store_run_finish (store, result, rapport_outbox_enqueue_money_async, error);
}
