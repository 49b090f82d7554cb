/* rapport-outbox-op-update.c
 *
 * The ticket update operation: new status, assignee or priority.
 *
 * Local effect: the ticket row takes the new values at once ("locally-modified"). Push:
 * update_ticket() with the changed fields; an answer that does not hold them fails the op.
 * Completion: the fields the op changed take the server's values. Setting fields again is
 * harmless, so an attempt whose outcome is unknown is simply sent again. Back-out: none, the
 * local values stay until the next pull brings the server's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rapport-outbox"

#include "config.h"

#include "rapport-outbox-private.h"

#include <json-glib/json-glib.h>

/* ---------------------------------------------------------------------------------------------
 * The payload: the changed fields as a JSON object
 * ------------------------------------------------------------------------------------------- */

static char *
update_encode (const RapportOutboxOp *op)
{
  const RapportTicketChanges *changes = op->changes;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  if (changes->fields & RAPPORT_TICKET_FIELD_STATUS)
    {
      json_builder_set_member_name (builder, "status");
      json_builder_add_string_value (builder, rapport_ticket_status_to_string (changes->status));
    }
  if (changes->fields & RAPPORT_TICKET_FIELD_ASSIGNEE)
    {
      json_builder_set_member_name (builder, "assignee");
      if (changes->assignee_remote_id != NULL)
        json_builder_add_string_value (builder, changes->assignee_remote_id);
      else
        json_builder_add_null_value (builder);
    }
  if (changes->fields & RAPPORT_TICKET_FIELD_PRIORITY)
    {
      json_builder_set_member_name (builder, "priority");
      json_builder_add_string_value (builder,
                                     rapport_ticket_priority_to_string (changes->priority));
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);

  return json_to_string (root, FALSE);
}

static void
read_changes (RapportTicketChanges *changes,
              const char           *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *object;
  JsonNode *root;

  if (!json_parser_load_from_data (parser, json, -1, &error))
    {
      g_warning ("Cannot parse the changes of an outbox op: %s", error->message);
      return;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_warning ("The changes of an outbox op are not a JSON object");
      return;
    }

  object = json_node_get_object (root);
  if (json_object_has_member (object, "status"))
    {
      if (rapport_ticket_status_from_string (json_object_get_string_member (object, "status"),
                                             &changes->status))
        changes->fields |= RAPPORT_TICKET_FIELD_STATUS;
      else
        g_warning ("An outbox op names an unknown ticket status");
    }
  if (json_object_has_member (object, "assignee"))
    {
      changes->fields |= RAPPORT_TICKET_FIELD_ASSIGNEE;
      if (!json_object_get_null_member (object, "assignee"))
        changes->assignee_remote_id = g_strdup (json_object_get_string_member (object,
                                                                               "assignee"));
    }
  if (json_object_has_member (object, "priority"))
    {
      if (rapport_ticket_priority_from_string (json_object_get_string_member (object,
                                                                              "priority"),
                                               &changes->priority))
        changes->fields |= RAPPORT_TICKET_FIELD_PRIORITY;
      else
        g_warning ("An outbox op names an unknown ticket priority");
    }
}

static void
update_decode (RapportOutboxOp *op,
               const char      *json)
{
  g_clear_pointer (&op->changes, rapport_ticket_changes_free);
  op->changes = rapport_ticket_changes_new ();
  read_changes (op->changes, json);
}

/* ---------------------------------------------------------------------------------------------
 * The operation
 * ------------------------------------------------------------------------------------------- */

static gboolean
update_apply_local (RapportStore        *store,
                    RapportStoreWriter  *writer,
                    RapportOutboxOp     *op,
                    GError             **error)
{
  const RapportTicketChanges *changes = op->changes;

  if (changes->fields & RAPPORT_TICKET_FIELD_STATUS)
    {
      /* solved_at follows, so the ticket moves to "Recently solved" at once (a pull brings
       * the server's own time later). */
      g_autoptr(RapportStoreStmt) stmt = NULL;

      stmt = _rapport_store_prepare (store, "UPDATE tickets SET status = ?2, solved_at = "
                                            "CASE WHEN ?4 THEN 0 WHEN is_open = 0 "
                                            "THEN solved_at ELSE ?3 END WHERE id = ?1", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, op->ticket_id);
      _rapport_store_bind_text (stmt, 2, rapport_ticket_status_to_string (changes->status));
      sqlite3_bind_int64 (stmt, 3, g_get_real_time () / G_USEC_PER_SEC);
      /* is_open (the generated column, read on the right of SET) is the old status's. */
      sqlite3_bind_int (stmt, 4, rapport_ticket_status_is_open (changes->status));
      if (_rapport_store_step (stmt, "Changing a ticket's status", error) == 0)
        return FALSE;
    }

  if (changes->fields & RAPPORT_TICKET_FIELD_ASSIGNEE)
    {
      g_autoptr(RapportStoreStmt) stmt = NULL;
      const char *assignee = changes->assignee_remote_id;

      stmt = _rapport_store_prepare (store, "UPDATE tickets SET assignee_remote_id = ?2, "
                                            "assignee_name = CASE WHEN assignee_remote_id IS ?2 "
                                            "THEN assignee_name ELSE NULL END WHERE id = ?1",
                                     error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, op->ticket_id);
      _rapport_store_bind_text (stmt, 2,
                                (assignee != NULL && assignee[0] != '\0') ? assignee : NULL);
      if (_rapport_store_step (stmt, "Changing a ticket's assignee", error) == 0)
        return FALSE;
    }

  if (changes->fields & RAPPORT_TICKET_FIELD_PRIORITY)
    {
      g_autoptr(RapportStoreStmt) stmt = NULL;

      stmt = _rapport_store_prepare (store, "UPDATE tickets SET priority = ?2 WHERE id = ?1",
                                     error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, op->ticket_id);
      _rapport_store_bind_text (stmt, 2, rapport_ticket_priority_to_string (changes->priority));
      if (_rapport_store_step (stmt, "Changing a ticket's priority", error) == 0)
        return FALSE;
    }

  return _rapport_store_exec_ids (store, "UPDATE tickets SET offline_state = 'locally-modified' "
                                         "WHERE id = ?1",
                                  "Marking a ticket changed", 1, op->ticket_id, 0, 0, error);
}

static void
update_push (RapportProvider       *provider,
             const RapportOutboxOp *op,
             GCancellable          *cancellable,
             GAsyncReadyCallback    callback,
             gpointer               user_data)
{
  g_autoptr(RapportTicketChanges) none = NULL;
  const RapportTicketChanges *changes = op->changes;

  if (changes == NULL)
    changes = none = rapport_ticket_changes_new ();

  rapport_provider_update_ticket_async (provider, op->ticket_remote_id, changes, cancellable,
                                        callback, user_data);
}

static GObject *
update_push_finish (RapportProvider  *provider,
                    GAsyncResult     *result,
                    GError          **error)
{
  return G_OBJECT (rapport_provider_update_ticket_finish (provider, result, error));
}

/* NULL when @server holds what @changes asked for, else what differs. */
static char *
describe_mismatch (const RapportTicketChanges *changes,
                   RapportTicket              *server)
{
  if ((changes->fields & RAPPORT_TICKET_FIELD_STATUS) &&
      rapport_ticket_get_status (server) != changes->status)
    return g_strdup_printf ("The server kept status “%s” instead of “%s”",
                            rapport_ticket_status_to_string (rapport_ticket_get_status (server)),
                            rapport_ticket_status_to_string (changes->status));

  if (changes->fields & RAPPORT_TICKET_FIELD_ASSIGNEE)
    {
      const char *want = changes->assignee_remote_id;
      const char *have = rapport_ticket_get_assignee_remote_id (server);

      if (want != NULL && want[0] == '\0')
        want = NULL;
      if (have != NULL && have[0] == '\0')
        have = NULL;
      if (g_strcmp0 (want, have) != 0)
        return g_strdup_printf ("The server kept assignee “%s” instead of “%s”",
                                have != NULL ? have : "(nobody)",
                                want != NULL ? want : "(nobody)");
    }

  if ((changes->fields & RAPPORT_TICKET_FIELD_PRIORITY) &&
      rapport_ticket_get_priority (server) != changes->priority)
    {
      RapportTicketPriority have = rapport_ticket_get_priority (server);

      return g_strdup_printf ("The server kept priority “%s” instead of “%s”",
                              rapport_ticket_priority_to_string (have),
                              rapport_ticket_priority_to_string (changes->priority));
    }

  return NULL;
}

static gboolean
update_check_answer (const RapportOutboxOp  *op,
                     GObject                *answer,
                     GError                **error)
{
  g_autofree char *mismatch = NULL;

  if (op->changes == NULL)
    return TRUE;

  mismatch = describe_mismatch (op->changes, RAPPORT_TICKET (answer));
  if (mismatch == NULL)
    return TRUE;

  g_set_error_literal (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_INPUT,
                       mismatch);
  return FALSE;
}

static gboolean
update_complete (RapportStore        *store,
                 RapportStoreWriter  *writer,
                 RapportOutboxOp     *op,
                 GObject             *answer,
                 GError             **error)
{
  RapportTicket *server = RAPPORT_TICKET (answer);
  const char *assignee = rapport_ticket_get_assignee_remote_id (server);
  g_autoptr(RapportStoreStmt) stmt = NULL;

  /* The server's values of the fields the op changed (the others come with the next pull),
   * unless a later local change of the ticket is still queued. */
  stmt = _rapport_store_prepare (store, "UPDATE tickets SET "
                                        "status = CASE WHEN (?7 & 1) != 0 THEN ?2 ELSE status END, "
                                        "priority = CASE WHEN (?7 & 4) != 0 THEN ?3 "
                                        "ELSE priority END, "
                                        "assignee_remote_id = CASE WHEN (?7 & 2) != 0 THEN ?4 "
                                        "ELSE assignee_remote_id END, "
                                        "assignee_name = CASE WHEN (?7 & 2) != 0 THEN "
                                        "COALESCE (?5, CASE WHEN assignee_remote_id IS ?4 "
                                        "THEN assignee_name ELSE NULL END) ELSE assignee_name END, "
                                        "updated_at = MAX (updated_at, ?6), "
                                        "offline_state = 'synced' "
                                        "WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM outbox WHERE "
                                        "ticket_id = ?1 AND id != ?8 AND kind = 'update' AND "
                                        "state IN ('held', 'ready', 'in_flight', 'unknown'))",
                                 error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, op->ticket_id);
  _rapport_store_bind_text (stmt, 2,
                            rapport_ticket_status_to_string (rapport_ticket_get_status (server)));
  _rapport_store_bind_text (stmt, 3, rapport_ticket_priority_to_string (
                                        rapport_ticket_get_priority (server)));
  _rapport_store_bind_text (stmt, 4, (assignee != NULL && assignee[0] != '\0') ? assignee : NULL);
  _rapport_store_bind_text (stmt, 5, rapport_ticket_get_assignee_name (server));
  sqlite3_bind_int64 (stmt, 6, rapport_ticket_get_updated_at (server));
  sqlite3_bind_int (stmt, 7, op->changes != NULL ? (int) op->changes->fields : 0);
  sqlite3_bind_int64 (stmt, 8, op->id);

  return _rapport_store_step_done (stmt, "Updating the ticket from the server", error);
}

static gboolean
update_back_out (RapportStore        *store,
                 RapportStoreWriter  *writer,
                 RapportOutboxOp     *op,
                 GError             **error)
{
  /* The ticket keeps the local values until the next pull brings the server's. */
  return TRUE;
}

/* No fetch_evidence: an update is idempotent, so an unknown attempt is sent again. */
const RapportOutboxOpClass _rapport_outbox_update_class = {
  .name = "update",
  .idempotent = TRUE,
  .encode = update_encode,
  .decode = update_decode,
  .apply_local = update_apply_local,
  .restore_local = update_apply_local,
  .push = update_push,
  .push_finish = update_push_finish,
  .check_answer = update_check_answer,
  .complete = update_complete,
  .back_out = update_back_out,
};

/* ---------------------------------------------------------------------------------------------
 * API
 * ------------------------------------------------------------------------------------------- */

/**
 * rapport_outbox_enqueue_update:
 *
 * Returns: (transfer full): the queued op, or %NULL with @error set
 */
RapportOutboxOp *
rapport_outbox_enqueue_update (RapportStore                *store,
                               gint64                       account_id,
                               gint64                       ticket_id,
                               const RapportTicketChanges  *changes,
                               GCancellable                *cancellable,
                               GError                     **error)
{
  const RapportTicketField known = RAPPORT_TICKET_FIELD_STATUS | RAPPORT_TICKET_FIELD_ASSIGNEE |
                                   RAPPORT_TICKET_FIELD_PRIORITY;
  g_autoptr(RapportOutboxOp) op = NULL;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);
  g_return_val_if_fail (changes != NULL, NULL);

  if ((changes->fields & known) == 0)
    {
      g_set_error (error, RAPPORT_OUTBOX_ERROR, RAPPORT_OUTBOX_ERROR_NO_CHANGES,
                   "A ticket update must change a field");
      return NULL;
    }
  if (((changes->fields & RAPPORT_TICKET_FIELD_STATUS) &&
       rapport_ticket_status_to_string (changes->status) == NULL) ||
      ((changes->fields & RAPPORT_TICKET_FIELD_PRIORITY) &&
       rapport_ticket_priority_to_string (changes->priority) == NULL))
    {
      g_set_error (error, RAPPORT_OUTBOX_ERROR, RAPPORT_OUTBOX_ERROR_NO_CHANGES,
                   "A ticket update names an invalid status or priority");
      return NULL;
    }

  op = g_new0 (RapportOutboxOp, 1);
  op->account_id = account_id;
  op->ticket_id = ticket_id;
  op->kind = RAPPORT_OUTBOX_KIND_UPDATE;
  op->changes = rapport_ticket_changes_copy (changes);

  return _rapport_outbox_enqueue (store, op, 0, cancellable, error);
}

typedef struct
{
  gint64                account_id;
  gint64                ticket_id;
  RapportTicketChanges *changes;
} EnqueueData;

static void
enqueue_data_free (gpointer data)
{
  EnqueueData *d = data;

  rapport_ticket_changes_free (d->changes);
  g_free (d);
}

static gpointer
enqueue_update_work (RapportStore  *store,
                     gpointer       data,
                     GCancellable  *cancellable,
                     GError       **error)
{
  EnqueueData *d = data;

  return rapport_outbox_enqueue_update (store, d->account_id, d->ticket_id, d->changes,
                                        cancellable, error);
}

void
rapport_outbox_enqueue_update_async (RapportStore               *store,
                                     gint64                      account_id,
                                     gint64                      ticket_id,
                                     const RapportTicketChanges *changes,
                                     GCancellable               *cancellable,
                                     GAsyncReadyCallback         callback,
                                     gpointer                    user_data)
{
  EnqueueData *data;

  g_return_if_fail (changes != NULL);

  data = g_new0 (EnqueueData, 1);
  data->account_id = account_id;
  data->ticket_id = ticket_id;
  data->changes = rapport_ticket_changes_copy (changes);
  _rapport_store_run_async (store, store, rapport_outbox_enqueue_update_async,
                            enqueue_update_work, data, enqueue_data_free,
                            (GDestroyNotify) rapport_outbox_op_free, cancellable, callback,
                            user_data);
}

/**
 * rapport_outbox_enqueue_update_finish:
 *
 * Returns: (transfer full): the queued op, or %NULL with @error set
 */
RapportOutboxOp *
rapport_outbox_enqueue_update_finish (RapportStore  *store,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return _rapport_store_run_finish (store, result, rapport_outbox_enqueue_update_async, error);
}

gboolean
rapport_outbox_complete_update (RapportStore   *store,
                                gint64          op_id,
                                RapportTicket  *server_ticket,
                                GError        **error)
{
  g_return_val_if_fail (RAPPORT_IS_STORE (store), FALSE);
  g_return_val_if_fail (RAPPORT_IS_TICKET (server_ticket), FALSE);

  return rapport_outbox_complete (store, op_id, G_OBJECT (server_ticket), error);
}
