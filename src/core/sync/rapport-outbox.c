/* rapport-outbox.c
 *
 * The store side of the durable outbox: every local change and its op in one transaction.
 * What an op does depends on its kind (rapport-outbox-private.h): this file keeps the queue
 * (states, order, retries) and dispatches to the kind for the rest. The SQL lives beside the
 * API and runs through the store toolkit (rapport-store-private.h): cached statements, one
 * transaction per call, messages through the store's writer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rapport-outbox"

#include "config.h"

#include "rapport-outbox.h"
#include "rapport-outbox-private.h"
#include "rapport-store-private.h"

G_DEFINE_QUARK (rapport-outbox-error-quark, rapport_outbox_error)

G_DEFINE_BOXED_TYPE (RapportOutboxOp, rapport_outbox_op, rapport_outbox_op_copy,
                     rapport_outbox_op_free)

#define OP_COLUMNS \
  "id, account_id, ticket_id, ticket_remote_id, kind, state, body, changes, body_hash, " \
  "hold_until, not_before, attempts, first_attempt_at, last_error, error_code, " \
  "local_message_id, remote_message_id, created_at, updated_at"

#define PENDING_STATES "('held', 'ready', 'in_flight', 'unknown')"

static const char * const state_names[] = {
  [RAPPORT_OUTBOX_STATE_HELD] = "held",
  [RAPPORT_OUTBOX_STATE_READY] = "ready",
  [RAPPORT_OUTBOX_STATE_IN_FLIGHT] = "in_flight",
  [RAPPORT_OUTBOX_STATE_DONE] = "done",
  [RAPPORT_OUTBOX_STATE_FAILED] = "failed",
  [RAPPORT_OUTBOX_STATE_UNKNOWN] = "unknown",
  [RAPPORT_OUTBOX_STATE_CANCELLED] = "cancelled",
};

/* The operation kinds. Adding one: its module (rapport-outbox-op-*.c), its value in
 * RapportOutboxKind and its entry here. */
static const RapportOutboxOpClass * const op_classes[] = {
  [RAPPORT_OUTBOX_KIND_REPLY] = &_rapport_outbox_reply_class,
  [RAPPORT_OUTBOX_KIND_NOTE] = &_rapport_outbox_note_class,
  [RAPPORT_OUTBOX_KIND_UPDATE] = &_rapport_outbox_update_class,
  [RAPPORT_OUTBOX_KIND_MONEY] = &_rapport_outbox_money_class,
  [RAPPORT_OUTBOX_KIND_DECISION] = &_rapport_outbox_decision_class,
  [RAPPORT_OUTBOX_KIND_LINK] = &_rapport_outbox_link_class,
};

const RapportOutboxOpClass *
_rapport_outbox_op_get_class (const RapportOutboxOp *op)
{
  g_assert ((guint) op->kind < G_N_ELEMENTS (op_classes));

  return op_classes[op->kind];
}

/* ---------------------------------------------------------------------------------------------
 * Ops
 * ------------------------------------------------------------------------------------------- */

RapportOutboxOp *
rapport_outbox_op_copy (const RapportOutboxOp *op)
{
  RapportOutboxOp *copy;

  g_return_val_if_fail (op != NULL, NULL);

  copy = g_memdup2 (op, sizeof *op);
  copy->ticket_remote_id = g_strdup (op->ticket_remote_id);
  copy->body = g_strdup (op->body);
  copy->changes = op->changes != NULL ? rapport_ticket_changes_copy (op->changes) : NULL;
  copy->body_hash = g_strdup (op->body_hash);
  copy->last_error = g_strdup (op->last_error);
  copy->remote_message_id = g_strdup (op->remote_message_id);
  copy->reason = g_strdup (op->reason);
  copy->order_reference = g_strdup (op->order_reference);
  copy->customer_key = g_strdup (op->customer_key);
  copy->approval_remote_id = g_strdup (op->approval_remote_id);
  copy->approval_etag = g_strdup (op->approval_etag);
  copy->note = g_strdup (op->note);
  copy->article_remote_id = g_strdup (op->article_remote_id);

  return copy;
}

void
rapport_outbox_op_free (RapportOutboxOp *op)
{
  if (op == NULL)
    return;

  g_free (op->ticket_remote_id);
  g_free (op->body);
  g_clear_pointer (&op->changes, rapport_ticket_changes_free);
  g_free (op->body_hash);
  g_free (op->last_error);
  g_free (op->remote_message_id);
  g_free (op->reason);
  g_free (op->order_reference);
  g_free (op->customer_key);
  g_free (op->approval_remote_id);
  g_free (op->approval_etag);
  g_free (op->note);
  g_free (op->article_remote_id);
  g_free (op);
}

gboolean
rapport_outbox_state_is_terminal (RapportOutboxState state)
{
  return state == RAPPORT_OUTBOX_STATE_DONE ||
         state == RAPPORT_OUTBOX_STATE_FAILED ||
         state == RAPPORT_OUTBOX_STATE_CANCELLED;
}

const char *
rapport_outbox_state_to_string (RapportOutboxState state)
{
  if ((guint) state >= G_N_ELEMENTS (state_names))
    return NULL;

  return state_names[state];
}

static gboolean
state_from_string (const char         *text,
                   RapportOutboxState *state)
{
  for (guint i = 0; i < G_N_ELEMENTS (state_names); i++)
    {
      if (g_strcmp0 (text, state_names[i]) == 0)
        {
          *state = i;
          return TRUE;
        }
    }

  return FALSE;
}

static gboolean
kind_from_string (const char        *text,
                  RapportOutboxKind *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (op_classes); i++)
    {
      if (g_strcmp0 (text, op_classes[i]->name) == 0)
        {
          *kind = i;
          return TRUE;
        }
    }

  return FALSE;
}

static RapportOutboxOp *
op_from_row (sqlite3_stmt *stmt)
{
  RapportOutboxOp *op = g_new0 (RapportOutboxOp, 1);
  const RapportOutboxOpClass *klass;

  op->id = sqlite3_column_int64 (stmt, 0);
  op->account_id = sqlite3_column_int64 (stmt, 1);
  op->ticket_id = sqlite3_column_int64 (stmt, 2);
  op->ticket_remote_id = g_strdup (_rapport_store_column_text (stmt, 3));
  if (!kind_from_string (_rapport_store_column_text (stmt, 4), &op->kind))
    g_warning ("Outbox op %" G_GINT64_FORMAT " has an unknown kind", op->id);
  if (!state_from_string (_rapport_store_column_text (stmt, 5), &op->state))
    g_warning ("Outbox op %" G_GINT64_FORMAT " has an unknown state", op->id);
  op->body = g_strdup (_rapport_store_column_text (stmt, 6));
  klass = _rapport_outbox_op_get_class (op);
  if (sqlite3_column_type (stmt, 7) != SQLITE_NULL && klass->decode != NULL)
    klass->decode (op, _rapport_store_column_text (stmt, 7));
  op->body_hash = g_strdup (_rapport_store_column_text (stmt, 8));
  op->hold_until = sqlite3_column_int64 (stmt, 9);
  op->not_before = sqlite3_column_int64 (stmt, 10);
  op->attempts = (guint) sqlite3_column_int (stmt, 11);
  op->first_attempt_at = sqlite3_column_int64 (stmt, 12);
  op->last_error = g_strdup (_rapport_store_column_text (stmt, 13));
  op->error_code = sqlite3_column_type (stmt, 14) == SQLITE_NULL ? -1
                                                                  : sqlite3_column_int (stmt, 14);
  op->local_message_id = sqlite3_column_int64 (stmt, 15);
  op->remote_message_id = g_strdup (_rapport_store_column_text (stmt, 16));
  op->created_at = sqlite3_column_int64 (stmt, 17);
  op->updated_at = sqlite3_column_int64 (stmt, 18);

  return op;
}

static RapportOutboxOp *
load_op (RapportStore *store,
         gint64    op_id,
         GError  **error)
{
  g_autoptr(RapportStoreStmt) stmt = NULL;
  int rc;

  stmt = _rapport_store_prepare (store, "SELECT " OP_COLUMNS " FROM outbox WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, op_id);
  rc = _rapport_store_step (stmt, "Reading an outbox op", error);
  if (rc == 0)
    return NULL;
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, RAPPORT_OUTBOX_ERROR, RAPPORT_OUTBOX_ERROR_NOT_FOUND,
                   "There is no outbox op %" G_GINT64_FORMAT, op_id);
      return NULL;
    }

  return op_from_row (stmt);
}

/* Every op @sql selects (OP_COLUMNS), with ?1 bound to @id. */
static GPtrArray *
load_ops (RapportStore  *store,
          GCancellable  *cancellable,
          const char    *sql,
          gint64         id,
          GError       **error)
{
  g_autoptr(GPtrArray) ops = NULL;
  g_autoptr(RapportStoreStmt) stmt = NULL;
  int rc = 0;

  if (_rapport_store_lock (store, cancellable, error) == NULL)
    return NULL;

  stmt = _rapport_store_prepare (store, sql, error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, id);
      ops = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_outbox_op_free);
      while ((rc = _rapport_store_step (stmt, "Listing outbox ops", error)) == SQLITE_ROW)
        g_ptr_array_add (ops, op_from_row (stmt));
    }
  g_clear_pointer (&stmt, _rapport_store_stmt_release);

  _rapport_store_unlock (store);

  return rc == SQLITE_DONE ? g_steal_pointer (&ops) : NULL;
}

gboolean
_rapport_outbox_store_payload (RapportStore     *store,
                               RapportOutboxOp  *op,
                               GError          **error)
{
  const RapportOutboxOpClass *klass = _rapport_outbox_op_get_class (op);
  g_autofree char *payload = klass->encode != NULL ? klass->encode (op) : NULL;
  g_autoptr(RapportStoreStmt) stmt = NULL;

  stmt = _rapport_store_prepare (store, "UPDATE outbox SET changes = ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, op->id);
  _rapport_store_bind_text (stmt, 2, payload);

  return _rapport_store_step_done (stmt, "Storing an op's payload", error);
}

gboolean
_rapport_outbox_same_user (const char *a,
                           const char *b)
{
  return a != NULL && b != NULL && a[0] != '\0' && g_ascii_strcasecmp (a, b) == 0;
}

gint64
_rapport_outbox_now_ms (void)
{
  return g_get_real_time () / 1000;
}

/* A write transaction of the outbox: _begin () with a writer for the kinds' messages. */
static RapportStoreWriter *
begin (RapportStore  *store,
       GCancellable  *cancellable,
       const char    *what,
       GError       **error)
{
  if (_rapport_store_begin (store, cancellable, what, error) == NULL)
    return NULL;

  return _rapport_store_writer_new (store, 1);
}

/* Flushes and frees @writer, then commits (or rolls back when @ok is FALSE or the flush
 * failed) and unlocks; returns whether it committed. */
static gboolean
end (RapportStore        *store,
     RapportStoreWriter  *writer,
     gboolean             ok,
     GError             **error)
{
  ok = ok && _rapport_store_writer_flush (writer, error);
  _rapport_store_writer_free (writer);

  return _rapport_store_end (store, ok, error);
}

/* ---------------------------------------------------------------------------------------------
 * Enqueue, undo
 * ------------------------------------------------------------------------------------------- */

static gboolean
lookup_ticket (RapportStore     *store,
               RapportOutboxOp  *op,
               GError          **error)
{
  g_autoptr(RapportStoreStmt) stmt = NULL;
  int rc;

  /* An op about a ticket the cache does not hold (a decision on another agent's request):
   * it names the ticket by its remote id only. */
  if (op->ticket_id == 0 && op->ticket_remote_id != NULL)
    return TRUE;

  stmt = _rapport_store_prepare (store, "SELECT remote_id FROM tickets "
                                        "WHERE id = ?1 AND account_id = ?2", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, op->ticket_id);
  sqlite3_bind_int64 (stmt, 2, op->account_id);
  rc = _rapport_store_step (stmt, "Reading a ticket", error);
  if (rc == 0)
    return FALSE;
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, RAPPORT_OUTBOX_ERROR, RAPPORT_OUTBOX_ERROR_NOT_FOUND,
                   "Account %" G_GINT64_FORMAT " has no ticket %" G_GINT64_FORMAT,
                   op->account_id, op->ticket_id);
      return FALSE;
    }

  g_free (op->ticket_remote_id);
  op->ticket_remote_id = g_strdup (_rapport_store_column_text (stmt, 0));

  return TRUE;
}

static gboolean
insert_op (RapportStore     *store,
           RapportOutboxOp  *op,
           guint             hold_ms,
           GError          **error)
{
  const RapportOutboxOpClass *klass = _rapport_outbox_op_get_class (op);
  g_autofree char *payload = klass->encode != NULL ? klass->encode (op) : NULL;
  g_autoptr(RapportStoreStmt) stmt = NULL;

  op->state = hold_ms > 0 ? RAPPORT_OUTBOX_STATE_HELD : RAPPORT_OUTBOX_STATE_READY;
  op->created_at = op->updated_at = _rapport_outbox_now_ms ();
  op->hold_until = hold_ms > 0 ? op->created_at + hold_ms : 0;

  stmt = _rapport_store_prepare (store, "INSERT INTO outbox (account_id, ticket_id, "
                                        "ticket_remote_id, kind, body, changes, body_hash, state, "
                                        "hold_until, created_at, updated_at) "
                                        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
                                 error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, op->account_id);
  sqlite3_bind_int64 (stmt, 2, op->ticket_id);
  _rapport_store_bind_text (stmt, 3, op->ticket_remote_id);
  _rapport_store_bind_text (stmt, 4, klass->name);
  _rapport_store_bind_text (stmt, 5, op->body);
  _rapport_store_bind_text (stmt, 6, payload);
  _rapport_store_bind_text (stmt, 7, op->body_hash);
  _rapport_store_bind_text (stmt, 8, rapport_outbox_state_to_string (op->state));
  sqlite3_bind_int64 (stmt, 9, op->hold_until);
  sqlite3_bind_int64 (stmt, 10, op->created_at);
  if (_rapport_store_step (stmt, "Queueing an outbox op", error) == 0)
    return FALSE;

  op->id = _rapport_store_inserted_id (store);

  return TRUE;
}

RapportOutboxOp *
_rapport_outbox_enqueue (RapportStore     *store,
                         RapportOutboxOp  *op,
                         guint             hold_ms,
                         GCancellable     *cancellable,
                         GError          **error)
{
  const RapportOutboxOpClass *klass = _rapport_outbox_op_get_class (op);
  RapportOutboxOp *stored = NULL;
  RapportStoreWriter *writer;

  writer = begin (store, cancellable, "Queueing an outbox op", error);
  if (writer == NULL)
    return NULL;

  if (lookup_ticket (store, op, error) &&
      insert_op (store, op, hold_ms, error) &&
      klass->apply_local (store, writer, op, error))
    stored = load_op (store, op->id, error);

  if (!end (store, writer, stored != NULL, error))
    {
      g_clear_pointer (&stored, rapport_outbox_op_free);
      return NULL;
    }

  _rapport_store_emit_changed (store, op->account_id);

  return stored;
}

gboolean
_rapport_outbox_restore_local (RapportStore        *store,
                               RapportStoreWriter  *writer,
                               gint64               op_id,
                               GError             **error)
{
  g_autoptr(RapportOutboxOp) op = load_op (store, op_id, error);
  const RapportOutboxOpClass *klass;

  if (op == NULL)
    return FALSE;

  klass = _rapport_outbox_op_get_class (op);
  if (klass->restore_local == NULL || op->state == RAPPORT_OUTBOX_STATE_DONE ||
      op->state == RAPPORT_OUTBOX_STATE_CANCELLED)
    return TRUE;

  return klass->restore_local (store, writer, op, error);
}

/**
 * rapport_outbox_undo:
 *
 * Returns: (transfer full): the text of the op taken back, or %NULL with @error set
 */
char *
rapport_outbox_undo (RapportStore  *store,
                     gint64         op_id,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(RapportOutboxOp) op = NULL;
  RapportStoreWriter *writer;
  gboolean ok;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);

  writer = begin (store, cancellable, "Taking back a message", error);
  if (writer == NULL)
    return NULL;

  op = load_op (store, op_id, error);
  ok = op != NULL;
  if (ok && (op->state != RAPPORT_OUTBOX_STATE_HELD || op->hold_until <= _rapport_outbox_now_ms ()))
    {
      g_set_error (error, RAPPORT_OUTBOX_ERROR, RAPPORT_OUTBOX_ERROR_ALREADY_SENT,
                   "Outbox op %" G_GINT64_FORMAT " is past its undo window (state %s)",
                   op_id, rapport_outbox_state_to_string (op->state));
      ok = FALSE;
    }

  ok = ok &&
       _rapport_outbox_op_get_class (op)->back_out (store, writer, op, error) &&
       _rapport_store_exec_ids (store, "DELETE FROM outbox WHERE id = ?1",
                                "Deleting an outbox op", 1, op_id, 0, 0, error);

  if (!end (store, writer, ok, error))
    return NULL;

  _rapport_store_emit_changed (store, op->account_id);

  return g_steal_pointer (&op->body);
}

/**
 * rapport_outbox_extend_hold:
 *
 * Returns: (transfer full): the op as stored, or %NULL with @error set
 */
RapportOutboxOp *
rapport_outbox_extend_hold (RapportStore  *store,
                            gint64         op_id,
                            gint64         until_ms,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_autoptr(RapportOutboxOp) op = NULL;
  RapportStoreWriter *writer;
  gboolean changed = FALSE;
  gboolean ok;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);

  writer = begin (store, cancellable, "Extending an undo-send window", error);
  if (writer == NULL)
    return NULL;

  /* Held is what the push engine never sends: it releases an op (held → ready) only once
   * its hold_until is over, in a transaction of its own, so a later hold_until written here
   * first keeps the op back, and an op released first is left alone. */
  op = load_op (store, op_id, error);
  ok = op != NULL;
  if (ok && op->state != RAPPORT_OUTBOX_STATE_HELD)
    {
      g_set_error (error, RAPPORT_OUTBOX_ERROR, RAPPORT_OUTBOX_ERROR_ALREADY_SENT,
                   "Outbox op %" G_GINT64_FORMAT " is no longer held (state %s)",
                   op_id, rapport_outbox_state_to_string (op->state));
      ok = FALSE;
    }

  if (ok && until_ms > op->hold_until)
    {
      ok = _rapport_store_exec_ids (store, "UPDATE outbox SET hold_until = ?2, updated_at = ?3 "
                                           "WHERE id = ?1",
                                    "Extending an undo-send window", 3, op_id, until_ms,
                                    _rapport_outbox_now_ms (), error);
      changed = ok;
      if (ok)
        op->hold_until = until_ms;
    }

  if (!end (store, writer, ok, error))
    return NULL;

  if (changed)
    _rapport_store_emit_changed (store, op->account_id);

  return g_steal_pointer (&op);
}

/* ---------------------------------------------------------------------------------------------
 * Listing, retry, discard
 * ------------------------------------------------------------------------------------------- */

/**
 * rapport_outbox_list_ops:
 *
 * Returns: (transfer full) (element-type RapportOutboxOp): the ticket's ops not done
 */
GPtrArray *
rapport_outbox_list_ops (RapportStore  *store,
                         gint64         ticket_id,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);

  return load_ops (store, cancellable, "SELECT " OP_COLUMNS " FROM outbox WHERE ticket_id = ?1 "
                                       "AND state NOT IN ('done', 'cancelled') ORDER BY id",
                   ticket_id, error);
}

/**
 * rapport_outbox_get_op:
 *
 * Returns: (transfer full): the op, or %NULL with @error set
 */
RapportOutboxOp *
rapport_outbox_get_op (RapportStore  *store,
                       gint64         op_id,
                       GCancellable  *cancellable,
                       GError       **error)
{
  RapportOutboxOp *op;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);

  if (_rapport_store_lock (store, cancellable, error) == NULL)
    return NULL;

  op = load_op (store, op_id, error);
  _rapport_store_unlock (store);

  return op;
}

static gboolean
require_failed (RapportOutboxOp  *op,
                GError          **error)
{
  if (op->state == RAPPORT_OUTBOX_STATE_FAILED)
    return TRUE;

  g_set_error (error, RAPPORT_OUTBOX_ERROR, RAPPORT_OUTBOX_ERROR_WRONG_STATE,
               "Outbox op %" G_GINT64_FORMAT " has not failed (state %s)",
               op->id, rapport_outbox_state_to_string (op->state));
  return FALSE;
}

gboolean
rapport_outbox_retry (RapportStore  *store,
                      gint64         op_id,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(RapportOutboxOp) op = NULL;
  RapportStoreWriter *writer;
  gboolean ok;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), FALSE);

  writer = begin (store, cancellable, "Retrying an outbox op", error);
  if (writer == NULL)
    return FALSE;

  op = load_op (store, op_id, error);
  ok = op != NULL && require_failed (op, error) &&
       _rapport_store_exec_ids (store, "UPDATE outbox SET state = 'ready', attempts = 0, "
                                       "not_before = 0, first_attempt_at = 0, last_error = NULL, "
                                       "error_code = NULL, updated_at = ?2 WHERE id = ?1",
                                "Retrying an outbox op", 2, op_id, _rapport_outbox_now_ms (), 0,
                                error);

  if (!end (store, writer, ok, error))
    return FALSE;

  _rapport_store_emit_changed (store, op->account_id);

  return TRUE;
}

/**
 * rapport_outbox_discard:
 *
 * Returns: (transfer full) (nullable): the text of the discarded op (%NULL for an update,
 *   with no error)
 */
char *
rapport_outbox_discard (RapportStore  *store,
                        gint64         op_id,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autoptr(RapportOutboxOp) op = NULL;
  RapportStoreWriter *writer;
  gboolean ok;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);

  writer = begin (store, cancellable, "Discarding an outbox op", error);
  if (writer == NULL)
    return NULL;

  op = load_op (store, op_id, error);
  ok = op != NULL && require_failed (op, error) &&
       _rapport_outbox_op_get_class (op)->back_out (store, writer, op, error) &&
       _rapport_store_exec_ids (store, "UPDATE outbox SET state = 'cancelled', "
                                       "local_message_id = NULL, updated_at = ?2 WHERE id = ?1",
                                "Discarding an outbox op", 2, op_id, _rapport_outbox_now_ms (), 0,
                                error);

  if (!end (store, writer, ok, error))
    return NULL;

  _rapport_store_emit_changed (store, op->account_id);

  return g_steal_pointer (&op->body);
}

/* ---------------------------------------------------------------------------------------------
 * For the push engine
 * ------------------------------------------------------------------------------------------- */

/**
 * rapport_outbox_list_pending:
 *
 * Returns: (transfer full) (element-type RapportOutboxOp): non-terminal ops
 */
GPtrArray *
rapport_outbox_list_pending (RapportStore  *store,
                             gint64         account_id,
                             GError       **error)
{
  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);

  return load_ops (store, NULL, "SELECT " OP_COLUMNS " FROM outbox WHERE account_id = ?1 "
                                "AND state IN " PENDING_STATES " ORDER BY ticket_id, id",
                   account_id, error);
}

/* Runs one UPDATE of the account's ops (?1 the account, ?2 now, ?3 @extra); returns the rows
 * changed or -1. */
static gint
update_account_ops (RapportStore  *store,
                    const char    *sql,
                    const char    *what,
                    gint64         account_id,
                    gint64         now,
                    gint64         extra,
                    GError       **error)
{
  sqlite3 *db = _rapport_store_lock (store, NULL, error);
  gint changed = -1;

  if (db == NULL)
    return -1;

  if (_rapport_store_exec_ids (store, sql, what, 3, account_id, now, extra, error))
    changed = sqlite3_changes (db);
  _rapport_store_unlock (store);

  if (changed > 0)
    _rapport_store_emit_changed (store, account_id);

  return changed;
}

gint
rapport_outbox_release_held (RapportStore  *store,
                             gint64         account_id,
                             gint64         now,
                             GError       **error)
{
  g_return_val_if_fail (RAPPORT_IS_STORE (store), -1);

  return update_account_ops (store, "UPDATE outbox SET state = 'ready', updated_at = ?2 "
                                    "WHERE account_id = ?1 AND state = 'held' "
                                    "AND hold_until <= ?2",
                             "Ending undo windows", account_id, now, 0, error);
}

gint
rapport_outbox_recover_in_flight (RapportStore  *store,
                                  gint64         account_id,
                                  guint          settle_ms,
                                  GError       **error)
{
  g_return_val_if_fail (RAPPORT_IS_STORE (store), -1);

  /* updated_at of an in_flight op is when its attempt began (begin_attempt). */
  return update_account_ops (store, "UPDATE outbox SET state = 'unknown', "
                                    "not_before = MAX (not_before, updated_at + ?3), "
                                    "updated_at = ?2 "
                                    "WHERE account_id = ?1 AND state = 'in_flight'",
                             "Recovering interrupted sends", account_id,
                             _rapport_outbox_now_ms (), settle_ms, error);
}

gboolean
rapport_outbox_reset_backoff (RapportStore  *store,
                              gint64         account_id,
                              guint          settle_ms,
                              GError       **error)
{
  g_return_val_if_fail (RAPPORT_IS_STORE (store), FALSE);

  /* An unknown op keeps its settle time: updated_at is when its send failed (or a later
   * failure to read the history), and the server may still be working on the request until
   * @settle_ms after that. */
  return update_account_ops (store, "UPDATE outbox SET "
                                    "not_before = CASE state WHEN 'unknown' THEN "
                                    "MIN (not_before, updated_at + ?3) ELSE 0 END, "
                                    "updated_at = CASE state WHEN 'unknown' THEN "
                                    "updated_at ELSE ?2 END "
                                    "WHERE account_id = ?1 AND state IN ('ready', 'unknown') "
                                    "AND not_before > 0",
                             "Resetting backoff", account_id, _rapport_outbox_now_ms (),
                             settle_ms, error) >= 0;
}

gboolean
rapport_outbox_begin_attempt (RapportStore  *store,
                              gint64         op_id,
                              gint64         now,
                              GError       **error)
{
  gint changed = -1;
  sqlite3 *db;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), FALSE);

  db = _rapport_store_lock (store, NULL, error);
  if (db == NULL)
    return FALSE;

  if (_rapport_store_exec_ids (store, "UPDATE outbox SET state = 'in_flight', "
                                      "attempts = attempts + 1, "
                                      "first_attempt_at = CASE first_attempt_at WHEN 0 THEN ?2 "
                                      "ELSE first_attempt_at END, updated_at = ?2 "
                                      "WHERE id = ?1 AND state = 'ready'",
                               "Starting to send an op", 2, op_id, now, 0, error))
    changed = sqlite3_changes (db);
  _rapport_store_unlock (store);

  return changed > 0;
}

gboolean
rapport_outbox_record_failure (RapportStore        *store,
                               gint64               op_id,
                               RapportOutboxState   state,
                               const GError        *failure,
                               gint64               not_before,
                               GError             **error)
{
  g_autoptr(RapportStoreStmt) stmt = NULL;
  g_autoptr(RapportOutboxOp) op = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), FALSE);
  g_return_val_if_fail (state == RAPPORT_OUTBOX_STATE_READY ||
                        state == RAPPORT_OUTBOX_STATE_UNKNOWN ||
                        state == RAPPORT_OUTBOX_STATE_FAILED, FALSE);

  if (_rapport_store_lock (store, NULL, error) == NULL)
    return FALSE;

  op = load_op (store, op_id, error);
  if (op != NULL)
    stmt = _rapport_store_prepare (store, "UPDATE outbox SET state = ?2, last_error = ?3, "
                                          "error_code = ?4, not_before = ?5, updated_at = ?6 "
                                          "WHERE id = ?1 AND state IN ('in_flight', 'unknown')",
                                   error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, op_id);
      _rapport_store_bind_text (stmt, 2, rapport_outbox_state_to_string (state));
      _rapport_store_bind_text (stmt, 3, failure != NULL ? failure->message : NULL);
      if (failure != NULL && failure->domain == RAPPORT_PROVIDER_ERROR)
        sqlite3_bind_int (stmt, 4, failure->code);
      else
        sqlite3_bind_null (stmt, 4);
      sqlite3_bind_int64 (stmt, 5, not_before);
      sqlite3_bind_int64 (stmt, 6, _rapport_outbox_now_ms ());
      ok = _rapport_store_step (stmt, "Recording a failed send", error) != 0;
    }
  g_clear_pointer (&stmt, _rapport_store_stmt_release);
  _rapport_store_unlock (store);

  if (ok)
    _rapport_store_emit_changed (store, op->account_id);

  return ok;
}

/* The op's kind completes its local effect with @answer, then the op is done. */
static gboolean
complete_locked (RapportStore        *store,
                 RapportStoreWriter  *writer,
                 RapportOutboxOp     *op,
                 GObject             *answer,
                 GError             **error)
{
  g_autoptr(RapportStoreStmt) stmt = NULL;

  if (!_rapport_outbox_op_get_class (op)->complete (store, writer, op, answer, error))
    return FALSE;

  stmt = _rapport_store_prepare (store, "UPDATE outbox SET state = 'done', remote_message_id = ?2, "
                                        "local_message_id = ?3, updated_at = ?4 WHERE id = ?1",
                                 error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, op->id);
  _rapport_store_bind_text (stmt, 2, op->remote_message_id);
  _rapport_store_bind_id_or_null (stmt, 3, op->local_message_id);
  sqlite3_bind_int64 (stmt, 4, _rapport_outbox_now_ms ());

  return _rapport_store_step (stmt, "Marking an op done", error) != 0;
}

gboolean
rapport_outbox_complete (RapportStore  *store,
                         gint64         op_id,
                         GObject       *answer,
                         GError       **error)
{
  g_autoptr(RapportOutboxOp) op = NULL;
  RapportStoreWriter *writer;
  gboolean ok;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), FALSE);
  g_return_val_if_fail (G_IS_OBJECT (answer), FALSE);

  writer = begin (store, NULL, "Completing an op", error);
  if (writer == NULL)
    return FALSE;

  op = load_op (store, op_id, error);
  ok = op != NULL && complete_locked (store, writer, op, answer, error);

  if (!end (store, writer, ok, error))
    return FALSE;

  _rapport_store_emit_changed (store, op->account_id);

  return TRUE;
}

/* The remote ids the other ops of @op's ticket own, among those of the same namespace (a
 * message's id may equal a money record's). */
static GHashTable *
claimed_remote_ids (RapportStore     *store,
                    RapportOutboxOp  *op,
                    GError          **error)
{
  g_autoptr(GHashTable) claimed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(RapportStoreStmt) stmt = NULL;
  const char *namespace = _rapport_outbox_op_get_class (op)->effect_namespace;
  int rc;

  stmt = _rapport_store_prepare (store, "SELECT remote_message_id, kind FROM outbox "
                                        "WHERE ticket_id = ?1 AND id != ?2 "
                                        "AND remote_message_id IS NOT NULL", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, op->ticket_id);
  sqlite3_bind_int64 (stmt, 2, op->id);
  while ((rc = _rapport_store_step (stmt, "Reading claimed messages", error)) == SQLITE_ROW)
    {
      RapportOutboxKind kind;

      if (kind_from_string (_rapport_store_column_text (stmt, 1), &kind) &&
          g_strcmp0 (op_classes[kind]->effect_namespace, namespace) == 0)
        g_hash_table_add (claimed, g_strdup (_rapport_store_column_text (stmt, 0)));
    }

  return rc == SQLITE_DONE ? g_steal_pointer (&claimed) : NULL;
}

gboolean
rapport_outbox_resolve_unknown (RapportStore  *store,
                                gint64         op_id,
                                const char    *user_remote_id,
                                GPtrArray     *history,
                                gboolean      *found,
                                GError       **error)
{
  g_autoptr(RapportOutboxOp) op = NULL;
  g_autoptr(GHashTable) claimed = NULL;
  const RapportOutboxOpClass *klass;
  RapportStoreWriter *writer;
  GObject *match = NULL;
  gboolean ok;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), FALSE);
  g_return_val_if_fail (history != NULL, FALSE);
  g_return_val_if_fail (found != NULL, FALSE);

  *found = FALSE;

  writer = begin (store, NULL, "Verifying an op", error);
  if (writer == NULL)
    return FALSE;

  op = load_op (store, op_id, error);
  ok = op != NULL;

  /* Not (or no longer) waiting for verification: nothing to decide. */
  if (ok && op->state != RAPPORT_OUTBOX_STATE_UNKNOWN)
    return end (store, writer, TRUE, error);

  if (ok)
    {
      claimed = claimed_remote_ids (store, op, error);
      ok = claimed != NULL;
    }

  if (ok)
    {
      klass = _rapport_outbox_op_get_class (op);
      if (klass->find_effect != NULL)
        match = klass->find_effect (op, history, user_remote_id, claimed);
    }

  if (ok && match != NULL)
    {
      ok = complete_locked (store, writer, op, match, error);
      *found = ok;
    }
  else if (ok)
    {
      ok = _rapport_store_exec_ids (store, "UPDATE outbox SET state = 'ready', updated_at = ?2 "
                                           "WHERE id = ?1 AND state = 'unknown'",
                                    "Returning an op to the queue", 2, op_id,
                                    _rapport_outbox_now_ms (), 0, error);
    }

  if (!end (store, writer, ok, error))
    {
      *found = FALSE;
      return FALSE;
    }

  _rapport_store_emit_changed (store, op->account_id);

  return TRUE;
}

/* ---------------------------------------------------------------------------------------------
 * Async wrappers: the blocking call in a worker thread (the store's runner).
 * ------------------------------------------------------------------------------------------- */

/* An op (or ticket) id as the data of a run. */
static gint64 *
op_id_new (gint64 op_id)
{
  return g_memdup2 (&op_id, sizeof op_id);
}

static gpointer
undo_work (RapportStore  *store,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  return rapport_outbox_undo (store, *(gint64 *) data, cancellable, error);
}

void
rapport_outbox_undo_async (RapportStore        *store,
                           gint64               op_id,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  _rapport_store_run_async (store, store, rapport_outbox_undo_async, undo_work,
                            op_id_new (op_id), g_free, g_free, cancellable, callback, user_data);
}

/**
 * rapport_outbox_undo_finish:
 *
 * Returns: (transfer full): the text taken back, or %NULL with @error set
 */
char *
rapport_outbox_undo_finish (RapportStore  *store,
                            GAsyncResult  *result,
                            GError       **error)
{
  return _rapport_store_run_finish (store, result, rapport_outbox_undo_async, error);
}

typedef struct
{
  gint64 op_id;
  gint64 until_ms;
} ExtendHold;

static gpointer
extend_hold_work (RapportStore  *store,
                  gpointer       data,
                  GCancellable  *cancellable,
                  GError       **error)
{
  ExtendHold *extend = data;

  return rapport_outbox_extend_hold (store, extend->op_id, extend->until_ms, cancellable, error);
}

void
rapport_outbox_extend_hold_async (RapportStore        *store,
                                  gint64               op_id,
                                  gint64               until_ms,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  ExtendHold *extend = g_new0 (ExtendHold, 1);

  extend->op_id = op_id;
  extend->until_ms = until_ms;
  _rapport_store_run_async (store, store, rapport_outbox_extend_hold_async, extend_hold_work,
                            extend, g_free, (GDestroyNotify) rapport_outbox_op_free,
                            cancellable, callback, user_data);
}

/**
 * rapport_outbox_extend_hold_finish:
 *
 * Returns: (transfer full): the op as stored, or %NULL with @error set
 */
RapportOutboxOp *
rapport_outbox_extend_hold_finish (RapportStore  *store,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return _rapport_store_run_finish (store, result, rapport_outbox_extend_hold_async, error);
}

static gpointer
list_ops_work (RapportStore  *store,
               gpointer       data,
               GCancellable  *cancellable,
               GError       **error)
{
  return rapport_outbox_list_ops (store, *(gint64 *) data, cancellable, error);
}

void
rapport_outbox_list_ops_async (RapportStore        *store,
                               gint64               ticket_id,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  _rapport_store_run_async (store, store, rapport_outbox_list_ops_async, list_ops_work,
                            op_id_new (ticket_id), g_free, (GDestroyNotify) g_ptr_array_unref,
                            cancellable, callback, user_data);
}

/**
 * rapport_outbox_list_ops_finish:
 *
 * Returns: (transfer full) (element-type RapportOutboxOp): the ops, or %NULL with @error set
 */
GPtrArray *
rapport_outbox_list_ops_finish (RapportStore  *store,
                                GAsyncResult  *result,
                                GError       **error)
{
  return _rapport_store_run_finish (store, result, rapport_outbox_list_ops_async, error);
}

static gpointer
retry_work (RapportStore  *store,
            gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  return RAPPORT_STORE_WORK_BOOLEAN (rapport_outbox_retry (store, *(gint64 *) data, cancellable,
                                                           error));
}

void
rapport_outbox_retry_async (RapportStore        *store,
                            gint64               op_id,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  _rapport_store_run_async (store, store, rapport_outbox_retry_async, retry_work,
                            op_id_new (op_id), g_free, NULL, cancellable, callback, user_data);
}

gboolean
rapport_outbox_retry_finish (RapportStore  *store,
                             GAsyncResult  *result,
                             GError       **error)
{
  return _rapport_store_run_finish_boolean (store, result, rapport_outbox_retry_async, error);
}

static gpointer
discard_work (RapportStore  *store,
              gpointer       data,
              GCancellable  *cancellable,
              GError       **error)
{
  return rapport_outbox_discard (store, *(gint64 *) data, cancellable, error);
}

void
rapport_outbox_discard_async (RapportStore        *store,
                              gint64               op_id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  _rapport_store_run_async (store, store, rapport_outbox_discard_async, discard_work,
                            op_id_new (op_id), g_free, g_free, cancellable, callback, user_data);
}

/**
 * rapport_outbox_discard_finish:
 *
 * Returns: (transfer full) (nullable): the text kept, %NULL for an update or on error
 */
char *
rapport_outbox_discard_finish (RapportStore  *store,
                               GAsyncResult  *result,
                               GError       **error)
{
  return _rapport_store_run_finish (store, result, rapport_outbox_discard_async, error);
}
