/* rapport-outbox-op-decision.c
 *
 * The decision operation: a supervisor approves or rejects the approval request of a money
 * action, with a note, at the revision (ETag) the store held when they decided.
 *
 * Local effect: the ledger row is marked as having a decision queued; its state does not
 * change (no money moves before the decision is verified). Push: decide_approval() with the
 * ETag: a request that changed meanwhile fails the op (CONFLICT) with the server's values
 * kept. Completion: the approval as the server read it back is recorded on the row and
 * verified there (rapport_approval_check(): a supervisor, not the requester, the same
 * request, amount, currency and customer, after the request); a decision that does not pass
 * is kept as an invalid decision. Deciding twice is refused by the ETag, but an attempt
 * whose outcome is unknown is still looked for first: the approval decided by this user
 * with this decision, no earlier than the first attempt minus the clock skew. Back-out: the
 * mark goes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rapport-outbox"

#include "config.h"

#include "rapport-outbox-private.h"

#include <json-glib/json-glib.h>

static char *
decision_encode (const RapportOutboxOp *op)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "action_id");
  json_builder_add_int_value (builder, op->action_id);
  json_builder_set_member_name (builder, "decision");
  json_builder_add_string_value (builder, rapport_decision_to_string (op->decision));
  json_builder_set_member_name (builder, "approval");
  json_builder_add_string_value (builder, op->approval_remote_id);
  if (op->approval_etag != NULL)
    {
      json_builder_set_member_name (builder, "etag");
      json_builder_add_string_value (builder, op->approval_etag);
    }
  if (op->note != NULL)
    {
      json_builder_set_member_name (builder, "note");
      json_builder_add_string_value (builder, op->note);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);

  return json_to_string (root, FALSE);
}

static void
decision_decode (RapportOutboxOp *op,
                 const char      *json)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *object = _rapport_outbox_parse_payload (json, &parser);

  if (object == NULL)
    return;

  op->action_id = json_object_get_int_member_with_default (object, "action_id", 0);
  if (!rapport_decision_from_string (json_object_get_string_member_with_default (object,
                                                                                 "decision", ""),
                                     &op->decision))
    g_warning ("Decision op %" G_GINT64_FORMAT " names an unknown decision", op->id);
  g_free (op->approval_remote_id);
  op->approval_remote_id = g_strdup (json_object_get_string_member_with_default (object,
                                                                                 "approval",
                                                                                 NULL));
  g_free (op->approval_etag);
  op->approval_etag = g_strdup (json_object_get_string_member_with_default (object, "etag",
                                                                            NULL));
  g_free (op->note);
  op->note = g_strdup (json_object_get_string_member_with_default (object, "note", NULL));
}

/* NOT_PENDING unless @action awaits a decision that is not queued already. */
static gboolean
require_awaiting (RapportMoneyAction  *action,
                  GError             **error)
{
  if (!rapport_money_action_get_pending_sync (action) &&
      rapport_money_action_awaits_decision (action) &&
      !rapport_money_action_get_decision_pending (action))
    return TRUE;

  g_set_error (error, RAPPORT_OUTBOX_ERROR, RAPPORT_OUTBOX_ERROR_NOT_PENDING,
               "Money action %" G_GINT64_FORMAT " awaits no decision (state %s%s%s)",
               rapport_money_action_get_id (action),
               rapport_action_state_to_string (rapport_money_action_get_state (action)),
               rapport_money_action_get_pending_sync (action) ? ", not synced" : "",
               rapport_money_action_get_decision_pending (action) ? ", decision queued" : "");
  return FALSE;
}

static gboolean
decision_apply_local (RapportStore        *store,
                      RapportStoreWriter  *writer,
                      RapportOutboxOp     *op,
                      GError             **error)
{
  g_autoptr(RapportMoneyAction) action = _rapport_store_load_money_action (store, op->action_id,
                                                                           error);

  /* Checked again inside the transaction: a pull or another decision may have come between
   * the enqueue's read and now. */
  if (action == NULL || !require_awaiting (action, error))
    return FALSE;

  if (g_strcmp0 (rapport_money_action_get_approval_remote_id (action),
                 op->approval_remote_id) != 0)
    {
      g_set_error (error, RAPPORT_OUTBOX_ERROR, RAPPORT_OUTBOX_ERROR_NOT_PENDING,
                   "Money action %" G_GINT64_FORMAT " has another approval now",
                   op->action_id);
      return FALSE;
    }

  return _rapport_outbox_run_ids (store, "UPDATE actions SET decision_outbox_id = ?2 "
                                         "WHERE id = ?1",
                                  "Queueing a decision", 2, op->action_id, op->id, 0, error);
}

static void
decision_push (RapportProvider       *provider,
               const RapportOutboxOp *op,
               GCancellable          *cancellable,
               GAsyncReadyCallback    callback,
               gpointer               user_data)
{
  rapport_provider_decide_approval_async (provider, op->approval_remote_id, op->decision,
                                          op->note, op->approval_etag, cancellable, callback,
                                          user_data);
}

static GObject *
decision_push_finish (RapportProvider  *provider,
                      GAsyncResult     *result,
                      GError          **error)
{
  return G_OBJECT (rapport_provider_decide_approval_finish (provider, result, error));
}

static gboolean
decision_check_answer (const RapportOutboxOp  *op,
                       GObject                *answer,
                       GError                **error)
{
  RapportApproval *approval = RAPPORT_APPROVAL (answer);

  if (g_strcmp0 (rapport_approval_get_remote_id (approval), op->approval_remote_id) == 0 &&
      rapport_approval_get_decision (approval) == op->decision)
    return TRUE;

  g_set_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_INPUT,
               "The server holds decision “%s” on approval %s instead of “%s” on %s",
               rapport_decision_to_string (rapport_approval_get_decision (approval)),
               rapport_approval_get_remote_id (approval),
               rapport_decision_to_string (op->decision), op->approval_remote_id);
  return FALSE;
}

static gboolean
decision_complete (RapportStore        *store,
                   RapportStoreWriter  *writer,
                   RapportOutboxOp     *op,
                   GObject             *answer,
                   GError             **error)
{
  RapportApproval *approval = RAPPORT_APPROVAL (answer);
  gint64 row;

  /* Recorded and verified on the server's data (rapport_approval_check()). */
  row = _rapport_store_apply_approval (store, op->account_id, approval, error);
  if (row < 0)
    return FALSE;

  g_free (op->remote_message_id);
  op->remote_message_id = g_strdup (rapport_approval_get_remote_id (approval));

  return _rapport_outbox_run_ids (store, "UPDATE actions SET decision_outbox_id = NULL "
                                         "WHERE id = ?1 AND decision_outbox_id = ?2",
                                  "Recording a decision", 2, op->action_id, op->id, 0, error);
}

static GObject *
decision_find_effect (const RapportOutboxOp *op,
                      GPtrArray             *evidence,
                      const char            *user_remote_id,
                      GHashTable            *claimed)
{
  gint64 earliest_us = (op->first_attempt_at - (gint64) RAPPORT_OUTBOX_CLOCK_SKEW_S * 1000) * 1000;

  for (guint i = 0; i < evidence->len; i++)
    {
      RapportApproval *approval;

      if (!RAPPORT_IS_APPROVAL (evidence->pdata[i]))
        continue;

      approval = evidence->pdata[i];
      if (g_strcmp0 (rapport_approval_get_remote_id (approval), op->approval_remote_id) == 0 &&
          !g_hash_table_contains (claimed, op->approval_remote_id) &&
          rapport_approval_get_decision (approval) == op->decision &&
          _rapport_outbox_same_user (rapport_approval_get_decided_by (approval),
                                     user_remote_id) &&
          rapport_approval_get_decided_at (approval) >= earliest_us)
        return G_OBJECT (approval);
    }

  return NULL;
}

static gboolean
decision_back_out (RapportStore        *store,
                   RapportStoreWriter  *writer,
                   RapportOutboxOp     *op,
                   GError             **error)
{
  return _rapport_outbox_run_ids (store, "UPDATE actions SET decision_outbox_id = NULL "
                                         "WHERE id = ?1 AND decision_outbox_id = ?2",
                                  "Taking back a decision", 2, op->action_id, op->id, 0, error);
}

const RapportOutboxOpClass _rapport_outbox_decision_class = {
  .name = "decision",
  .effect_namespace = "approval",
  .idempotent = FALSE,
  .encode = decision_encode,
  .decode = decision_decode,
  .apply_local = decision_apply_local,
  .push = decision_push,
  .push_finish = decision_push_finish,
  .check_answer = decision_check_answer,
  .complete = decision_complete,
  .fetch_evidence = _rapport_outbox_fetch_money_evidence,
  .fetch_evidence_finish = _rapport_outbox_fetch_money_evidence_finish,
  .find_effect = decision_find_effect,
  .back_out = decision_back_out,
};

/* ---------------------------------------------------------------------------------------------
 * API
 * ------------------------------------------------------------------------------------------- */

/**
 * rapport_outbox_enqueue_decision:
 *
 * Returns: (transfer full): the queued op, or %NULL with @error set
 */
RapportOutboxOp *
rapport_outbox_enqueue_decision (RapportStore     *store,
                                 gint64            account_id,
                                 gint64            action_id,
                                 RapportDecision   decision,
                                 const char       *note,
                                 GCancellable     *cancellable,
                                 GError          **error)
{
  g_autoptr(RapportMoneyAction) action = NULL;
  g_autoptr(RapportOutboxOp) op = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);
  g_return_val_if_fail (decision == RAPPORT_DECISION_APPROVE ||
                        decision == RAPPORT_DECISION_REJECT, NULL);

  action = rapport_store_get_money_action (store, action_id, cancellable, error);
  if (action == NULL)
    {
      if (error != NULL && g_error_matches (*error, RAPPORT_STORE_ERROR,
                                            RAPPORT_STORE_ERROR_NOT_FOUND))
        {
          g_clear_error (error);
          g_set_error (error, RAPPORT_OUTBOX_ERROR, RAPPORT_OUTBOX_ERROR_NOT_FOUND,
                       "There is no money action %" G_GINT64_FORMAT, action_id);
        }
      return NULL;
    }
  if (rapport_money_action_get_account_id (action) != account_id)
    {
      g_set_error (error, RAPPORT_OUTBOX_ERROR, RAPPORT_OUTBOX_ERROR_NOT_FOUND,
                   "Account %" G_GINT64_FORMAT " has no money action %" G_GINT64_FORMAT,
                   account_id, action_id);
      return NULL;
    }
  if (!require_awaiting (action, error))
    return NULL;

  text = g_strstrip (g_strdup (note != NULL ? note : ""));

  op = g_new0 (RapportOutboxOp, 1);
  op->account_id = account_id;
  op->ticket_id = rapport_money_action_get_ticket_id (action);
  op->ticket_remote_id = g_strdup (rapport_money_action_get_ticket_remote_id (action));
  op->kind = RAPPORT_OUTBOX_KIND_DECISION;
  op->action_id = action_id;
  op->decision = decision;
  op->approval_remote_id = g_strdup (rapport_money_action_get_approval_remote_id (action));
  op->approval_etag = g_strdup (rapport_money_action_get_approval_etag (action));
  op->note = text[0] != '\0' ? g_steal_pointer (&text) : NULL;

  return _rapport_outbox_enqueue (store, op, 0, cancellable, error);
}

typedef struct
{
  gint64           account_id;
  gint64           action_id;
  RapportDecision  decision;
  char            *note;
} EnqueueData;

static void
enqueue_data_free (gpointer data)
{
  EnqueueData *d = data;

  g_free (d->note);
  g_free (d);
}

static gpointer
enqueue_decision_work (RapportStore  *store,
                       gpointer       data,
                       GCancellable  *cancellable,
                       GError       **error)
{
  EnqueueData *d = data;

  return rapport_outbox_enqueue_decision (store, d->account_id, d->action_id, d->decision,
                                          d->note, cancellable, error);
}

void
rapport_outbox_enqueue_decision_async (RapportStore        *store,
                                       gint64               account_id,
                                       gint64               action_id,
                                       RapportDecision      decision,
                                       const char          *note,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  EnqueueData *data = g_new0 (EnqueueData, 1);

  data->account_id = account_id;
  data->action_id = action_id;
  data->decision = decision;
  data->note = g_strdup (note);
  _rapport_store_run_async (store, store, rapport_outbox_enqueue_decision_async,
                            enqueue_decision_work, data, enqueue_data_free,
                            (GDestroyNotify) rapport_outbox_op_free, cancellable, callback,
                            user_data);
}

/**
 * rapport_outbox_enqueue_decision_finish:
 *
 * Returns: (transfer full): the queued op, or %NULL with @error set
 */
RapportOutboxOp *
rapport_outbox_enqueue_decision_finish (RapportStore  *store,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  return _rapport_store_run_finish (store, result, rapport_outbox_enqueue_decision_async, error);
}
