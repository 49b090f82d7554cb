/* rapport-outbox.c
 *
 * The store side of the durable outbox: every local change and its op in one transaction.
 * The SQL lives here, on the store's connection (rapport-store-private.h), each statement
 * prepared for the call and bound with sqlite3_bind_*.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rapport-outbox"

#include "config.h"

#include "rapport-outbox.h"
#include "rapport-history-entry.h"
#include "rapport-store-private.h"

#include <json-glib/json-glib.h>
#include <string.h>

#define LOCAL_REMOTE_ID_PREFIX "rapport-local:"

G_DEFINE_QUARK (rapport-outbox-error-quark, rapport_outbox_error)

G_DEFINE_BOXED_TYPE (RapportOutboxOp, rapport_outbox_op, rapport_outbox_op_copy,
                     rapport_outbox_op_free)

typedef sqlite3_stmt OutboxStmt;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OutboxStmt, sqlite3_finalize)

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

static const char * const kind_names[] = {
  [RAPPORT_OUTBOX_KIND_REPLY] = "reply",
  [RAPPORT_OUTBOX_KIND_NOTE] = "note",
  [RAPPORT_OUTBOX_KIND_UPDATE] = "update",
};

/* ---------------------------------------------------------------------------------------------
 * Ops and small helpers
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

static gint64
now_ms (void)
{
  return g_get_real_time () / 1000;
}

/* The normalized form the body hash is taken of; "" for a blank body. */
static char *
normalize_body (const char *body)
{
  g_autofree char *nfc = g_utf8_normalize (body, -1, G_NORMALIZE_NFC);
  g_autoptr(GString) unified = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  int first = 0, last;

  if (nfc == NULL)
    return g_strdup ("");

  unified = g_string_new (nfc);
  g_string_replace (unified, "\r\n", "\n", 0);
  g_string_replace (unified, "\r", "\n", 0);

  lines = g_strsplit (unified->str, "\n", -1);
  last = (int) g_strv_length (lines) - 1;
  for (int i = 0; i <= last; i++)
    g_strchomp (lines[i]);

  while (first <= last && lines[first][0] == '\0')
    first++;
  while (last >= first && lines[last][0] == '\0')
    last--;

  for (int i = first; i <= last; i++)
    {
      if (i > first)
        g_string_append_c (out, '\n');
      g_string_append (out, lines[i]);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * rapport_outbox_body_hash:
 * @body: a reply or note
 *
 * Returns: (transfer full): the lower-case hex SHA-256 of the normalized @body
 */
char *
rapport_outbox_body_hash (const char *body)
{
  g_autofree char *normalized = NULL;

  g_return_val_if_fail (body != NULL, NULL);

  normalized = normalize_body (body);

  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, normalized, -1);
}

static char *
changes_to_json (const RapportTicketChanges *changes)
{
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

static RapportTicketChanges *
changes_from_json (const char *json)
{
  g_autoptr(RapportTicketChanges) changes = rapport_ticket_changes_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *object;
  JsonNode *root;

  if (!json_parser_load_from_data (parser, json, -1, &error))
    {
      g_warning ("Cannot parse the changes of an outbox op: %s", error->message);
      return g_steal_pointer (&changes);
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_warning ("The changes of an outbox op are not a JSON object");
      return g_steal_pointer (&changes);
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

  return g_steal_pointer (&changes);
}

/* ---------------------------------------------------------------------------------------------
 * SQL helpers: all run with the store locked.
 * ------------------------------------------------------------------------------------------- */

static OutboxStmt *
prepare (sqlite3     *db,
         const char  *sql,
         GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      _rapport_store_set_error (error, db, rc, "Preparing an outbox statement");
      sqlite3_finalize (stmt);
      return NULL;
    }

  return stmt;
}

/* Steps @stmt: SQLITE_ROW or SQLITE_DONE, or 0 with @error set. */
static int
step (sqlite3      *db,
      sqlite3_stmt *stmt,
      const char   *what,
      GError      **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW || rc == SQLITE_DONE)
    return rc;

  _rapport_store_set_error (error, db, rc, what);
  return 0;
}

static gboolean
exec (sqlite3     *db,
      const char  *sql,
      const char  *what,
      GError     **error)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      _rapport_store_set_error (error, db, rc, what);
      return FALSE;
    }

  return TRUE;
}

static void
rollback (sqlite3 *db)
{
  g_autoptr(GError) error = NULL;

  if (sqlite3_get_autocommit (db))
    return;

  if (!exec (db, "ROLLBACK", "Rolling back an outbox change", &error))
    g_warning ("%s", error->message);
}

static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

static const char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

static RapportOutboxOp *
op_from_row (sqlite3_stmt *stmt)
{
  RapportOutboxOp *op = g_new0 (RapportOutboxOp, 1);
  const char *kind = column_text (stmt, 4);

  op->id = sqlite3_column_int64 (stmt, 0);
  op->account_id = sqlite3_column_int64 (stmt, 1);
  op->ticket_id = sqlite3_column_int64 (stmt, 2);
  op->ticket_remote_id = g_strdup (column_text (stmt, 3));
  op->kind = RAPPORT_OUTBOX_KIND_REPLY;
  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    {
      if (g_strcmp0 (kind, kind_names[i]) == 0)
        op->kind = i;
    }
  if (!state_from_string (column_text (stmt, 5), &op->state))
    g_warning ("Outbox op %" G_GINT64_FORMAT " has an unknown state", op->id);
  op->body = g_strdup (column_text (stmt, 6));
  if (sqlite3_column_type (stmt, 7) != SQLITE_NULL)
    op->changes = changes_from_json (column_text (stmt, 7));
  op->body_hash = g_strdup (column_text (stmt, 8));
  op->hold_until = sqlite3_column_int64 (stmt, 9);
  op->not_before = sqlite3_column_int64 (stmt, 10);
  op->attempts = (guint) sqlite3_column_int (stmt, 11);
  op->first_attempt_at = sqlite3_column_int64 (stmt, 12);
  op->last_error = g_strdup (column_text (stmt, 13));
  op->error_code = sqlite3_column_type (stmt, 14) == SQLITE_NULL ? -1
                                                                  : sqlite3_column_int (stmt, 14);
  op->local_message_id = sqlite3_column_int64 (stmt, 15);
  op->remote_message_id = g_strdup (column_text (stmt, 16));
  op->created_at = sqlite3_column_int64 (stmt, 17);
  op->updated_at = sqlite3_column_int64 (stmt, 18);

  return op;
}

static RapportOutboxOp *
load_op (sqlite3  *db,
         gint64    op_id,
         GError  **error)
{
  g_autoptr(OutboxStmt) stmt = prepare (db, "SELECT " OP_COLUMNS " FROM outbox WHERE id = ?1",
                                        error);
  int rc;

  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, op_id);
  rc = step (db, stmt, "Reading an outbox op", error);
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

static GPtrArray *
load_ops (sqlite3      *db,
          sqlite3_stmt *stmt,
          GError      **error)
{
  g_autoptr(GPtrArray) ops = NULL;
  int rc;

  ops = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_outbox_op_free);
  while ((rc = step (db, stmt, "Listing outbox ops", error)) == SQLITE_ROW)
    g_ptr_array_add (ops, op_from_row (stmt));

  return rc == SQLITE_DONE ? g_steal_pointer (&ops) : NULL;
}

/* Runs a statement of no rows with up to three int64 parameters bound (@n_params of them). */
static gboolean
run_ids (sqlite3     *db,
         const char  *sql,
         const char  *what,
         int          n_params,
         gint64       p1,
         gint64       p2,
         gint64       p3,
         GError     **error)
{
  g_autoptr(OutboxStmt) stmt = prepare (db, sql, error);
  gint64 params[] = { p1, p2, p3 };

  if (stmt == NULL)
    return FALSE;

  for (int i = 0; i < n_params; i++)
    sqlite3_bind_int64 (stmt, i + 1, params[i]);

  return step (db, stmt, what, error) != 0;
}

/* Refreshes the denormalized message count and preview of a ticket (as apply_page does). */
static gboolean
refresh_ticket_stats (sqlite3  *db,
                      gint64    ticket_id,
                      GError  **error)
{
  g_autoptr(OutboxStmt) stats = NULL;
  g_autoptr(OutboxStmt) update = NULL;
  g_autofree char *preview = NULL;

  stats = prepare (db, "SELECT COUNT (*), (SELECT body FROM messages WHERE ticket_id = ?1 AND "
                       "visibility = 'public' ORDER BY created_at DESC, id DESC LIMIT 1) "
                       "FROM messages WHERE ticket_id = ?1", error);
  if (stats == NULL)
    return FALSE;

  sqlite3_bind_int64 (stats, 1, ticket_id);
  if (step (db, stats, "Counting messages", error) != SQLITE_ROW)
    return FALSE;

  if (sqlite3_column_type (stats, 1) != SQLITE_NULL)
    preview = rapport_summarize_body (column_text (stats, 1));

  update = prepare (db, "UPDATE tickets SET message_count = ?2, last_message_preview = ?3 "
                        "WHERE id = ?1", error);
  if (update == NULL)
    return FALSE;

  sqlite3_bind_int64 (update, 1, ticket_id);
  sqlite3_bind_int64 (update, 2, sqlite3_column_int64 (stats, 0));
  bind_text (update, 3, preview);

  return step (db, update, "Updating a ticket's message count", error) != 0;
}

static gboolean
fts_insert (sqlite3     *db,
            gint64       key,
            const char  *text,
            GError     **error)
{
  g_autoptr(OutboxStmt) stmt = prepare (db, "INSERT INTO messages_fts (rowid, text) "
                                            "VALUES (?1, ?2)", error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, key);
  bind_text (stmt, 2, text != NULL ? text : "");

  return step (db, stmt, "Indexing a message", error) != 0;
}

static gboolean
fts_delete (sqlite3     *db,
            gint64       key,
            const char  *old_text,
            GError     **error)
{
  g_autoptr(OutboxStmt) stmt = prepare (db, "INSERT INTO messages_fts (messages_fts, rowid, "
                                            "text) VALUES ('delete', ?1, ?2)", error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, key);
  bind_text (stmt, 2, old_text != NULL ? old_text : "");

  return step (db, stmt, "Removing a message from the search index", error) != 0;
}

/* Deletes a message row with its search document. Absent: nothing to do. */
static gboolean
delete_message (sqlite3  *db,
                gint64    message_id,
                GError  **error)
{
  g_autoptr(OutboxStmt) stmt = NULL;
  gint64 key;
  int rc;

  if (message_id <= 0)
    return TRUE;

  stmt = prepare (db, "SELECT created_at, body FROM messages WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, message_id);
  rc = step (db, stmt, "Reading a message", error);
  if (rc == 0)
    return FALSE;
  if (rc == SQLITE_DONE)
    return TRUE;

  if (!_rapport_store_search_key (sqlite3_column_int64 (stmt, 0), message_id, 0, &key, error) ||
      !fts_delete (db, key, column_text (stmt, 1), error))
    return FALSE;

  return run_ids (db, "DELETE FROM messages WHERE id = ?1", "Deleting a message", 1,
                  message_id, 0, 0, error);
}

/* Locks the store and opens a write transaction. */
static sqlite3 *
begin (RapportStore  *store,
       GCancellable  *cancellable,
       const char    *what,
       GError       **error)
{
  sqlite3 *db = _rapport_store_lock (store, cancellable, error);

  if (db == NULL)
    return NULL;

  if (!exec (db, "BEGIN IMMEDIATE", what, error))
    {
      _rapport_store_unlock (store);
      return NULL;
    }

  return db;
}

/* Commits (or rolls back when @ok is FALSE) and unlocks; returns whether it committed. */
static gboolean
end (RapportStore  *store,
     sqlite3       *db,
     gboolean       ok,
     GError       **error)
{
  if (ok)
    ok = exec (db, "COMMIT", "Committing an outbox change", error);
  if (!ok)
    rollback (db);

  _rapport_store_unlock (store);

  return ok;
}

/* ---------------------------------------------------------------------------------------------
 * Enqueue, undo, updates
 * ------------------------------------------------------------------------------------------- */

typedef struct
{
  char           *remote_id;
  RapportChannel  channel;
} TicketRef;

static gboolean
lookup_ticket (sqlite3    *db,
               gint64      account_id,
               gint64      ticket_id,
               TicketRef  *ref,
               GError    **error)
{
  g_autoptr(OutboxStmt) stmt = prepare (db, "SELECT remote_id, channel FROM tickets "
                                            "WHERE id = ?1 AND account_id = ?2", error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, ticket_id);
  sqlite3_bind_int64 (stmt, 2, account_id);
  rc = step (db, stmt, "Reading a ticket", error);
  if (rc == 0)
    return FALSE;
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, RAPPORT_OUTBOX_ERROR, RAPPORT_OUTBOX_ERROR_NOT_FOUND,
                   "Account %" G_GINT64_FORMAT " has no ticket %" G_GINT64_FORMAT,
                   account_id, ticket_id);
      return FALSE;
    }

  ref->remote_id = g_strdup (column_text (stmt, 0));
  if (!rapport_channel_from_string (column_text (stmt, 1), &ref->channel))
    ref->channel = RAPPORT_CHANNEL_EMAIL;

  return TRUE;
}

static gint64
enqueue_message_locked (sqlite3            *db,
                        gint64              account_id,
                        gint64              ticket_id,
                        RapportVisibility   visibility,
                        const char         *body,
                        guint               hold_ms,
                        GError            **error)
{
  g_autofree char *hash = rapport_outbox_body_hash (body);
  g_autofree char *ticket_remote_id = NULL;
  g_autofree char *local_remote_id = NULL;
  g_autofree char *user_remote_id = NULL;
  g_autofree char *user_name = NULL;
  TicketRef ref = { 0 };
  gint64 now = now_ms ();
  gint64 op_id, message_id, key;

  if (!lookup_ticket (db, account_id, ticket_id, &ref, error))
    return 0;
  ticket_remote_id = ref.remote_id;

  {
    g_autoptr(OutboxStmt) stmt = prepare (db, "SELECT user_remote_id, user_name FROM accounts "
                                              "WHERE id = ?1", error);

    if (stmt == NULL)
      return 0;
    sqlite3_bind_int64 (stmt, 1, account_id);
    if (step (db, stmt, "Reading an account", error) != SQLITE_ROW)
      {
        if (error != NULL && *error == NULL)
          g_set_error (error, RAPPORT_OUTBOX_ERROR, RAPPORT_OUTBOX_ERROR_NOT_FOUND,
                       "There is no account %" G_GINT64_FORMAT, account_id);
        return 0;
      }
    user_remote_id = g_strdup (column_text (stmt, 0));
    user_name = g_strdup (column_text (stmt, 1));
  }

  {
    g_autoptr(OutboxStmt) stmt = NULL;

    stmt = prepare (db, "INSERT INTO outbox (account_id, ticket_id, ticket_remote_id, kind, body, "
                        "body_hash, state, hold_until, created_at, updated_at) "
                        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)", error);
    if (stmt == NULL)
      return 0;

    sqlite3_bind_int64 (stmt, 1, account_id);
    sqlite3_bind_int64 (stmt, 2, ticket_id);
    bind_text (stmt, 3, ticket_remote_id);
    bind_text (stmt, 4, visibility == RAPPORT_VISIBILITY_INTERNAL ? "note" : "reply");
    bind_text (stmt, 5, body);
    bind_text (stmt, 6, hash);
    bind_text (stmt, 7, hold_ms > 0 ? "held" : "ready");
    sqlite3_bind_int64 (stmt, 8, hold_ms > 0 ? now + hold_ms : 0);
    sqlite3_bind_int64 (stmt, 9, now);
    if (step (db, stmt, "Queueing a message", error) == 0)
      return 0;
    op_id = sqlite3_last_insert_rowid (db);
  }

  local_remote_id = g_strdup_printf (LOCAL_REMOTE_ID_PREFIX "%" G_GINT64_FORMAT, op_id);

  {
    g_autoptr(OutboxStmt) stmt = NULL;

    stmt = prepare (db, "INSERT INTO messages (ticket_id, remote_id, channel, direction, "
                        "visibility, author_kind, author_name, author_remote_id, body, "
                        "created_at, offline_state, outbox_id) "
                        "VALUES (?1, ?2, ?3, 'out', ?4, 'agent', ?5, ?6, ?7, ?8, "
                        "'locally-created', ?9)", error);
    if (stmt == NULL)
      return 0;

    sqlite3_bind_int64 (stmt, 1, ticket_id);
    bind_text (stmt, 2, local_remote_id);
    bind_text (stmt, 3, rapport_channel_to_string (ref.channel));
    bind_text (stmt, 4, visibility == RAPPORT_VISIBILITY_INTERNAL ? "internal" : "public");
    bind_text (stmt, 5, user_name);
    bind_text (stmt, 6, user_remote_id);
    bind_text (stmt, 7, body);
    sqlite3_bind_int64 (stmt, 8, now / 1000);
    sqlite3_bind_int64 (stmt, 9, op_id);
    if (step (db, stmt, "Adding the local message", error) == 0)
      return 0;
    message_id = sqlite3_last_insert_rowid (db);
  }

  if (!_rapport_store_search_key (now / 1000, message_id, 0, &key, error) ||
      !fts_insert (db, key, body, error) ||
      !run_ids (db, "UPDATE outbox SET local_message_id = ?2 WHERE id = ?1",
                "Linking the local message", 2, op_id, message_id, 0, error) ||
      !run_ids (db, "DELETE FROM drafts WHERE account_id = ?1 AND ticket_id = ?2",
                "Deleting the draft", 2, account_id, ticket_id, 0, error) ||
      !refresh_ticket_stats (db, ticket_id, error))
    return 0;

  return op_id;
}

static gboolean
body_is_blank (const char  *body,
               GError     **error)
{
  g_autofree char *normalized = normalize_body (body);

  if (normalized[0] != '\0')
    return FALSE;

  g_set_error (error, RAPPORT_OUTBOX_ERROR, RAPPORT_OUTBOX_ERROR_EMPTY_BODY,
               "A reply or note needs some text");
  return TRUE;
}

/**
 * rapport_outbox_enqueue_message:
 *
 * Returns: (transfer full): the queued op, or %NULL with @error set
 */
RapportOutboxOp *
rapport_outbox_enqueue_message (RapportStore       *store,
                                gint64              account_id,
                                gint64              ticket_id,
                                RapportVisibility   visibility,
                                const char         *body,
                                guint               hold_ms,
                                GCancellable       *cancellable,
                                GError            **error)
{
  RapportOutboxOp *op = NULL;
  sqlite3 *db;
  gint64 op_id;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);
  g_return_val_if_fail (body != NULL, NULL);
  g_return_val_if_fail (g_utf8_validate (body, -1, NULL), NULL);

  if (body_is_blank (body, error))
    return NULL;

  db = begin (store, cancellable, "Queueing a message", error);
  if (db == NULL)
    return NULL;

  op_id = enqueue_message_locked (db, account_id, ticket_id, visibility, body, hold_ms, error);
  if (op_id != 0)
    op = load_op (db, op_id, error);
  if (!end (store, db, op != NULL, error))
    {
      g_clear_pointer (&op, rapport_outbox_op_free);
      return NULL;
    }

  _rapport_store_emit_changed (store, account_id);

  return op;
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
  sqlite3 *db;
  gboolean ok;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);

  db = begin (store, cancellable, "Taking back a message", error);
  if (db == NULL)
    return NULL;

  op = load_op (db, op_id, error);
  ok = op != NULL;
  if (ok && (op->state != RAPPORT_OUTBOX_STATE_HELD || op->hold_until <= now_ms ()))
    {
      g_set_error (error, RAPPORT_OUTBOX_ERROR, RAPPORT_OUTBOX_ERROR_ALREADY_SENT,
                   "Outbox op %" G_GINT64_FORMAT " is past its undo window (state %s)",
                   op_id, rapport_outbox_state_to_string (op->state));
      ok = FALSE;
    }

  ok = ok &&
       delete_message (db, op->local_message_id, error) &&
       run_ids (db, "DELETE FROM outbox WHERE id = ?1", "Deleting an outbox op", 1,
                op_id, 0, 0, error) &&
       refresh_ticket_stats (db, op->ticket_id, error);

  if (!end (store, db, ok, error))
    return NULL;

  _rapport_store_emit_changed (store, op->account_id);

  return g_steal_pointer (&op->body);
}

static gboolean
apply_changes_locally (sqlite3                     *db,
                       gint64                       ticket_id,
                       const RapportTicketChanges  *changes,
                       GError                     **error)
{
  if (changes->fields & RAPPORT_TICKET_FIELD_STATUS)
    {
      /* solved_at follows, so the ticket moves to "Recently solved" at once (a pull brings
       * the server's own time later). */
      g_autoptr(OutboxStmt) stmt = prepare (db, "UPDATE tickets SET status = ?2, solved_at = "
                                                "CASE WHEN ?4 THEN 0 WHEN is_open = 0 "
                                                "THEN solved_at ELSE ?3 END "
                                                "WHERE id = ?1",
                                            error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, ticket_id);
      bind_text (stmt, 2, rapport_ticket_status_to_string (changes->status));
      sqlite3_bind_int64 (stmt, 3, g_get_real_time () / G_USEC_PER_SEC);
      /* is_open (the generated column, read on the right of SET) is the old status's. */
      sqlite3_bind_int (stmt, 4, rapport_ticket_status_is_open (changes->status));
      if (step (db, stmt, "Changing a ticket's status", error) == 0)
        return FALSE;
    }

  if (changes->fields & RAPPORT_TICKET_FIELD_ASSIGNEE)
    {
      g_autoptr(OutboxStmt) stmt = NULL;
      const char *assignee = changes->assignee_remote_id;

      stmt = prepare (db, "UPDATE tickets SET assignee_remote_id = ?2, assignee_name = "
                          "CASE WHEN assignee_remote_id IS ?2 THEN assignee_name ELSE NULL END "
                          "WHERE id = ?1", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, ticket_id);
      bind_text (stmt, 2, (assignee != NULL && assignee[0] != '\0') ? assignee : NULL);
      if (step (db, stmt, "Changing a ticket's assignee", error) == 0)
        return FALSE;
    }

  if (changes->fields & RAPPORT_TICKET_FIELD_PRIORITY)
    {
      g_autoptr(OutboxStmt) stmt = prepare (db, "UPDATE tickets SET priority = ?2 WHERE id = ?1",
                                            error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, ticket_id);
      bind_text (stmt, 2, rapport_ticket_priority_to_string (changes->priority));
      if (step (db, stmt, "Changing a ticket's priority", error) == 0)
        return FALSE;
    }

  return run_ids (db, "UPDATE tickets SET offline_state = 'locally-modified' WHERE id = ?1",
                  "Marking a ticket changed", 1, ticket_id, 0, 0, error);
}

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
  g_autofree char *json = NULL;
  RapportOutboxOp *op = NULL;
  TicketRef ref = { 0 };
  g_autofree char *ticket_remote_id = NULL;
  gint64 op_id = 0;
  sqlite3 *db;
  gboolean ok;

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

  json = changes_to_json (changes);

  db = begin (store, cancellable, "Queueing a ticket update", error);
  if (db == NULL)
    return NULL;

  ok = lookup_ticket (db, account_id, ticket_id, &ref, error);
  ticket_remote_id = ref.remote_id;

  if (ok)
    {
      g_autoptr(OutboxStmt) stmt = NULL;
      gint64 now = now_ms ();

      stmt = prepare (db, "INSERT INTO outbox (account_id, ticket_id, ticket_remote_id, kind, "
                          "changes, state, created_at, updated_at) "
                          "VALUES (?1, ?2, ?3, 'update', ?4, 'ready', ?5, ?5)", error);
      ok = stmt != NULL;
      if (ok)
        {
          sqlite3_bind_int64 (stmt, 1, account_id);
          sqlite3_bind_int64 (stmt, 2, ticket_id);
          bind_text (stmt, 3, ticket_remote_id);
          bind_text (stmt, 4, json);
          sqlite3_bind_int64 (stmt, 5, now);
          ok = step (db, stmt, "Queueing a ticket update", error) != 0;
          op_id = sqlite3_last_insert_rowid (db);
        }
    }

  ok = ok && apply_changes_locally (db, ticket_id, changes, error);
  if (ok)
    op = load_op (db, op_id, error);

  if (!end (store, db, op != NULL, error))
    {
      g_clear_pointer (&op, rapport_outbox_op_free);
      return NULL;
    }

  _rapport_store_emit_changed (store, account_id);

  return op;
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
  g_autoptr(OutboxStmt) stmt = NULL;
  GPtrArray *ops = NULL;
  sqlite3 *db;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);

  db = _rapport_store_lock (store, cancellable, error);
  if (db == NULL)
    return NULL;

  stmt = prepare (db, "SELECT " OP_COLUMNS " FROM outbox WHERE ticket_id = ?1 "
                      "AND state NOT IN ('done', 'cancelled') ORDER BY id", error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, ticket_id);
      ops = load_ops (db, stmt, error);
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  _rapport_store_unlock (store);

  return ops;
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
  sqlite3 *db;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);

  db = _rapport_store_lock (store, cancellable, error);
  if (db == NULL)
    return NULL;

  op = load_op (db, op_id, error);
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
  sqlite3 *db;
  gboolean ok;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), FALSE);

  db = begin (store, cancellable, "Retrying an outbox op", error);
  if (db == NULL)
    return FALSE;

  op = load_op (db, op_id, error);
  ok = op != NULL && require_failed (op, error) &&
       run_ids (db, "UPDATE outbox SET state = 'ready', attempts = 0, not_before = 0, "
                    "first_attempt_at = 0, last_error = NULL, error_code = NULL, "
                    "updated_at = ?2 WHERE id = ?1",
                "Retrying an outbox op", 2, op_id, now_ms (), 0, error);

  if (!end (store, db, ok, error))
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
  sqlite3 *db;
  gboolean ok;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);

  db = begin (store, cancellable, "Discarding an outbox op", error);
  if (db == NULL)
    return NULL;

  op = load_op (db, op_id, error);
  ok = op != NULL && require_failed (op, error) &&
       delete_message (db, op->local_message_id, error) &&
       run_ids (db, "UPDATE outbox SET state = 'cancelled', local_message_id = NULL, "
                    "updated_at = ?2 WHERE id = ?1",
                "Discarding an outbox op", 2, op_id, now_ms (), 0, error) &&
       refresh_ticket_stats (db, op->ticket_id, error);

  if (!end (store, db, ok, error))
    return NULL;

  _rapport_store_emit_changed (store, op->account_id);

  return g_steal_pointer (&op->body);
}

/* ---------------------------------------------------------------------------------------------
 * Drafts
 * ------------------------------------------------------------------------------------------- */

gboolean
rapport_outbox_save_draft (RapportStore       *store,
                           gint64              account_id,
                           gint64              ticket_id,
                           RapportVisibility   visibility,
                           const char         *body,
                           GCancellable       *cancellable,
                           GError            **error)
{
  g_autoptr(OutboxStmt) stmt = NULL;
  sqlite3 *db;
  gboolean ok = FALSE;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), FALSE);
  g_return_val_if_fail (body != NULL, FALSE);

  /* An emptied composer has no draft. */
  if (body[0] == '\0')
    return rapport_outbox_delete_draft (store, account_id, ticket_id, cancellable, error);

  db = _rapport_store_lock (store, cancellable, error);
  if (db == NULL)
    return FALSE;

  stmt = prepare (db, "INSERT INTO drafts (account_id, ticket_id, visibility, body, updated_at) "
                      "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (account_id, ticket_id) DO UPDATE "
                      "SET visibility = excluded.visibility, body = excluded.body, "
                      "updated_at = excluded.updated_at", error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, account_id);
      sqlite3_bind_int64 (stmt, 2, ticket_id);
      bind_text (stmt, 3, visibility == RAPPORT_VISIBILITY_INTERNAL ? "internal" : "public");
      bind_text (stmt, 4, body);
      sqlite3_bind_int64 (stmt, 5, now_ms () / 1000);
      ok = step (db, stmt, "Saving a draft", error) != 0;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  _rapport_store_unlock (store);

  return ok;
}

/**
 * rapport_outbox_load_draft:
 * @visibility: (out) (optional): the draft's visibility
 *
 * Returns: (transfer full) (nullable): the draft, %NULL when there is none or on error
 */
char *
rapport_outbox_load_draft (RapportStore       *store,
                           gint64              account_id,
                           gint64              ticket_id,
                           RapportVisibility  *visibility,
                           GCancellable       *cancellable,
                           GError            **error)
{
  g_autoptr(OutboxStmt) stmt = NULL;
  char *body = NULL;
  sqlite3 *db;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);

  db = _rapport_store_lock (store, cancellable, error);
  if (db == NULL)
    return NULL;

  stmt = prepare (db, "SELECT body, visibility FROM drafts WHERE account_id = ?1 "
                      "AND ticket_id = ?2", error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, account_id);
      sqlite3_bind_int64 (stmt, 2, ticket_id);
      if (step (db, stmt, "Loading a draft", error) == SQLITE_ROW)
        {
          body = g_strdup (column_text (stmt, 0));
          if (visibility != NULL)
            *visibility = g_strcmp0 (column_text (stmt, 1), "internal") == 0
                            ? RAPPORT_VISIBILITY_INTERNAL : RAPPORT_VISIBILITY_PUBLIC;
        }
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  _rapport_store_unlock (store);

  return body;
}

gboolean
rapport_outbox_delete_draft (RapportStore  *store,
                             gint64         account_id,
                             gint64         ticket_id,
                             GCancellable  *cancellable,
                             GError       **error)
{
  sqlite3 *db;
  gboolean ok;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), FALSE);

  db = _rapport_store_lock (store, cancellable, error);
  if (db == NULL)
    return FALSE;

  ok = run_ids (db, "DELETE FROM drafts WHERE account_id = ?1 AND ticket_id = ?2",
                "Deleting a draft", 2, account_id, ticket_id, 0, error);
  _rapport_store_unlock (store);

  return ok;
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
  g_autoptr(OutboxStmt) stmt = NULL;
  GPtrArray *ops = NULL;
  sqlite3 *db;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);

  db = _rapport_store_lock (store, NULL, error);
  if (db == NULL)
    return NULL;

  stmt = prepare (db, "SELECT " OP_COLUMNS " FROM outbox WHERE account_id = ?1 "
                      "AND state IN " PENDING_STATES " ORDER BY ticket_id, id", error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, account_id);
      ops = load_ops (db, stmt, error);
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  _rapport_store_unlock (store);

  return ops;
}

/* Runs one UPDATE of the account's ops (?1 the account, ?2 @now and, when @n_params is 3,
 * ?3 @extra); returns the rows changed or -1. */
static gint
update_account_ops_with (RapportStore  *store,
                         const char    *sql,
                         const char    *what,
                         int            n_params,
                         gint64         account_id,
                         gint64         now,
                         gint64         extra,
                         GError       **error)
{
  sqlite3 *db = _rapport_store_lock (store, NULL, error);
  gint changed = -1;

  if (db == NULL)
    return -1;

  if (run_ids (db, sql, what, n_params, account_id, now, extra, error))
    changed = sqlite3_changes (db);
  _rapport_store_unlock (store);

  if (changed > 0)
    _rapport_store_emit_changed (store, account_id);

  return changed;
}

static gint
update_account_ops (RapportStore  *store,
                    const char    *sql,
                    const char    *what,
                    gint64         account_id,
                    gint64         now,
                    GError       **error)
{
  return update_account_ops_with (store, sql, what, 2, account_id, now, 0, error);
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
                             "Ending undo windows", account_id, now, error);
}

gint
rapport_outbox_recover_in_flight (RapportStore  *store,
                                  gint64         account_id,
                                  guint          settle_ms,
                                  GError       **error)
{
  g_return_val_if_fail (RAPPORT_IS_STORE (store), -1);

  /* updated_at of an in_flight op is when its attempt began (begin_attempt). */
  return update_account_ops_with (store, "UPDATE outbox SET state = 'unknown', "
                                         "not_before = MAX (not_before, updated_at + ?3), "
                                         "updated_at = ?2 "
                                         "WHERE account_id = ?1 AND state = 'in_flight'",
                                  "Recovering interrupted sends", 3, account_id, now_ms (),
                                  settle_ms, error);
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
  return update_account_ops_with (store, "UPDATE outbox SET "
                                         "not_before = CASE state WHEN 'unknown' THEN "
                                         "MIN (not_before, updated_at + ?3) ELSE 0 END, "
                                         "updated_at = CASE state WHEN 'unknown' THEN "
                                         "updated_at ELSE ?2 END "
                                         "WHERE account_id = ?1 AND state IN ('ready', 'unknown') "
                                         "AND not_before > 0",
                                  "Resetting backoff", 3, account_id, now_ms (), settle_ms,
                                  error) >= 0;
}

gboolean
rapport_outbox_begin_attempt (RapportStore  *store,
                              gint64         op_id,
                              gint64         now,
                              GError       **error)
{
  sqlite3 *db;
  gint changed = -1;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), FALSE);

  db = _rapport_store_lock (store, NULL, error);
  if (db == NULL)
    return FALSE;

  if (run_ids (db, "UPDATE outbox SET state = 'in_flight', attempts = attempts + 1, "
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
  g_autoptr(OutboxStmt) stmt = NULL;
  g_autoptr(RapportOutboxOp) op = NULL;
  sqlite3 *db;
  gboolean ok = FALSE;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), FALSE);
  g_return_val_if_fail (state == RAPPORT_OUTBOX_STATE_READY ||
                        state == RAPPORT_OUTBOX_STATE_UNKNOWN ||
                        state == RAPPORT_OUTBOX_STATE_FAILED, FALSE);

  db = _rapport_store_lock (store, NULL, error);
  if (db == NULL)
    return FALSE;

  op = load_op (db, op_id, error);
  if (op != NULL)
    stmt = prepare (db, "UPDATE outbox SET state = ?2, last_error = ?3, error_code = ?4, "
                        "not_before = ?5, updated_at = ?6 "
                        "WHERE id = ?1 AND state IN ('in_flight', 'unknown')", error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, op_id);
      bind_text (stmt, 2, rapport_outbox_state_to_string (state));
      bind_text (stmt, 3, failure != NULL ? failure->message : NULL);
      if (failure != NULL && failure->domain == RAPPORT_PROVIDER_ERROR)
        sqlite3_bind_int (stmt, 4, failure->code);
      else
        sqlite3_bind_null (stmt, 4);
      sqlite3_bind_int64 (stmt, 5, not_before);
      sqlite3_bind_int64 (stmt, 6, now_ms ());
      ok = step (db, stmt, "Recording a failed send", error) != 0;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  _rapport_store_unlock (store);

  if (ok)
    _rapport_store_emit_changed (store, op->account_id);

  return ok;
}

/* The op is done; its local message becomes the server's (see the header). */
static gboolean
complete_message_locked (sqlite3          *db,
                         RapportOutboxOp  *op,
                         RapportMessage   *sent,
                         GError          **error)
{
  const char *remote_id = rapport_message_get_remote_id (sent);
  gint64 message_id = op->local_message_id;
  gint64 existing = 0;
  int rc;

  if (remote_id == NULL || remote_id[0] == '\0')
    {
      g_set_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE,
                   "The server's copy of outbox op %" G_GINT64_FORMAT " has no id", op->id);
      return FALSE;
    }

  {
    g_autoptr(OutboxStmt) stmt = prepare (db, "SELECT id FROM messages WHERE ticket_id = ?1 "
                                              "AND remote_id = ?2", error);

    if (stmt == NULL)
      return FALSE;
    sqlite3_bind_int64 (stmt, 1, op->ticket_id);
    bind_text (stmt, 2, remote_id);
    rc = step (db, stmt, "Looking for the server's copy", error);
    if (rc == 0)
      return FALSE;
    if (rc == SQLITE_ROW)
      existing = sqlite3_column_int64 (stmt, 0);
  }

  if (existing != 0 && existing != message_id)
    {
      /* A pull brought the server's copy first: it stays, the local row goes. */
      if (!delete_message (db, message_id, error) ||
          !run_ids (db, "UPDATE messages SET outbox_id = ?2 WHERE id = ?1",
                    "Linking the server's copy", 2, existing, op->id, 0, error))
        return FALSE;
      message_id = existing;
    }
  else if (message_id != 0)
    {
      g_autoptr(OutboxStmt) read = prepare (db, "SELECT created_at, body FROM messages "
                                                "WHERE id = ?1", error);
      gint64 old_created, new_created, old_key, new_key;
      g_autofree char *body = NULL;

      if (read == NULL)
        return FALSE;
      sqlite3_bind_int64 (read, 1, message_id);
      rc = step (db, read, "Reading the local message", error);
      if (rc == 0)
        return FALSE;

      if (rc == SQLITE_DONE)
        {
          message_id = 0; /* gone with its ticket */
        }
      else
        {
          g_autoptr(OutboxStmt) update = NULL;

          old_created = sqlite3_column_int64 (read, 0);
          body = g_strdup (column_text (read, 1));
          new_created = rapport_message_get_created_at (sent) > 0
                          ? rapport_message_get_created_at (sent) : old_created;

          if (!_rapport_store_search_key (old_created, message_id, 0, &old_key, error) ||
              !_rapport_store_search_key (new_created, message_id, 0, &new_key, error))
            return FALSE;

          update = prepare (db, "UPDATE messages SET remote_id = ?2, created_at = ?3, "
                                "author_remote_id = COALESCE (?4, author_remote_id), "
                                "author_name = COALESCE (?5, author_name), "
                                "offline_state = 'synced' WHERE id = ?1", error);
          if (update == NULL)
            return FALSE;
          sqlite3_bind_int64 (update, 1, message_id);
          bind_text (update, 2, remote_id);
          sqlite3_bind_int64 (update, 3, new_created);
          bind_text (update, 4, rapport_message_get_author_remote_id (sent));
          bind_text (update, 5, rapport_message_get_author_name (sent));
          if (step (db, update, "Updating the sent message", error) == 0)
            return FALSE;

          if (new_key != old_key &&
              (!fts_delete (db, old_key, body, error) || !fts_insert (db, new_key, body, error)))
            return FALSE;
        }
    }

  {
    g_autoptr(OutboxStmt) stmt = NULL;

    stmt = prepare (db, "UPDATE outbox SET state = 'done', remote_message_id = ?2, "
                        "local_message_id = ?3, updated_at = ?4 WHERE id = ?1", error);
    if (stmt == NULL)
      return FALSE;
    sqlite3_bind_int64 (stmt, 1, op->id);
    bind_text (stmt, 2, remote_id);
    if (message_id != 0)
      sqlite3_bind_int64 (stmt, 3, message_id);
    else
      sqlite3_bind_null (stmt, 3);
    sqlite3_bind_int64 (stmt, 4, now_ms ());
    if (step (db, stmt, "Marking an op done", error) == 0)
      return FALSE;
  }

  return refresh_ticket_stats (db, op->ticket_id, error);
}

gboolean
rapport_outbox_complete_message (RapportStore    *store,
                                 gint64           op_id,
                                 RapportMessage  *sent,
                                 GError         **error)
{
  g_autoptr(RapportOutboxOp) op = NULL;
  sqlite3 *db;
  gboolean ok;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), FALSE);
  g_return_val_if_fail (RAPPORT_IS_MESSAGE (sent), FALSE);

  db = begin (store, NULL, "Completing an op", error);
  if (db == NULL)
    return FALSE;

  op = load_op (db, op_id, error);
  ok = op != NULL && complete_message_locked (db, op, sent, error);

  if (!end (store, db, ok, error))
    return FALSE;

  _rapport_store_emit_changed (store, op->account_id);

  return TRUE;
}

gboolean
rapport_outbox_complete_update (RapportStore   *store,
                                gint64          op_id,
                                RapportTicket  *server_ticket,
                                GError        **error)
{
  g_autoptr(RapportOutboxOp) op = NULL;
  sqlite3 *db;
  gboolean ok;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), FALSE);
  g_return_val_if_fail (RAPPORT_IS_TICKET (server_ticket), FALSE);

  db = begin (store, NULL, "Completing a ticket update", error);
  if (db == NULL)
    return FALSE;

  op = load_op (db, op_id, error);
  ok = op != NULL &&
       run_ids (db, "UPDATE outbox SET state = 'done', updated_at = ?2 WHERE id = ?1",
                "Marking an op done", 2, op_id, now_ms (), 0, error);

  if (ok)
    {
      g_autoptr(OutboxStmt) stmt = NULL;
      const char *assignee = rapport_ticket_get_assignee_remote_id (server_ticket);

      /* The server's values of the fields the op changed (the others come with the next
       * pull), unless a later local change of the ticket is still queued. */
      stmt = prepare (db, "UPDATE tickets SET "
                          "status = CASE WHEN (?7 & 1) != 0 THEN ?2 ELSE status END, "
                          "priority = CASE WHEN (?7 & 4) != 0 THEN ?3 ELSE priority END, "
                          "assignee_remote_id = CASE WHEN (?7 & 2) != 0 THEN ?4 "
                          "ELSE assignee_remote_id END, "
                          "assignee_name = CASE WHEN (?7 & 2) != 0 THEN "
                          "COALESCE (?5, CASE WHEN assignee_remote_id IS ?4 "
                          "THEN assignee_name ELSE NULL END) ELSE assignee_name END, "
                          "updated_at = MAX (updated_at, ?6), offline_state = 'synced' "
                          "WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM outbox WHERE "
                          "ticket_id = ?1 AND kind = 'update' AND state IN " PENDING_STATES ")",
                      error);
      ok = stmt != NULL;
      if (ok)
        {
          sqlite3_bind_int64 (stmt, 1, op->ticket_id);
          bind_text (stmt, 2,
                     rapport_ticket_status_to_string (rapport_ticket_get_status (server_ticket)));
          bind_text (stmt, 3, rapport_ticket_priority_to_string (
                                rapport_ticket_get_priority (server_ticket)));
          bind_text (stmt, 4, (assignee != NULL && assignee[0] != '\0') ? assignee : NULL);
          bind_text (stmt, 5, rapport_ticket_get_assignee_name (server_ticket));
          sqlite3_bind_int64 (stmt, 6, rapport_ticket_get_updated_at (server_ticket));
          sqlite3_bind_int (stmt, 7, op->changes != NULL ? (int) op->changes->fields : 0);
          ok = step (db, stmt, "Updating the ticket from the server", error) != 0;
        }
    }

  if (!end (store, db, ok, error))
    return FALSE;

  _rapport_store_emit_changed (store, op->account_id);

  return TRUE;
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
  g_autoptr(GHashTable) claimed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  RapportMessage *match = NULL;
  gboolean ok;
  sqlite3 *db;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), FALSE);
  g_return_val_if_fail (history != NULL, FALSE);
  g_return_val_if_fail (found != NULL, FALSE);

  *found = FALSE;

  db = begin (store, NULL, "Verifying an op", error);
  if (db == NULL)
    return FALSE;

  op = load_op (db, op_id, error);
  ok = op != NULL;

  /* Not (or no longer) waiting for verification: nothing to decide. */
  if (ok && op->state != RAPPORT_OUTBOX_STATE_UNKNOWN)
    return end (store, db, TRUE, error);

  if (ok)
    {
      g_autoptr(OutboxStmt) stmt = NULL;
      int rc;

      stmt = prepare (db, "SELECT remote_message_id FROM outbox WHERE ticket_id = ?1 "
                          "AND id != ?2 AND remote_message_id IS NOT NULL", error);
      ok = stmt != NULL;
      if (ok)
        {
          sqlite3_bind_int64 (stmt, 1, op->ticket_id);
          sqlite3_bind_int64 (stmt, 2, op->id);
          while ((rc = step (db, stmt, "Reading claimed messages", error)) == SQLITE_ROW)
            g_hash_table_add (claimed, g_strdup (column_text (stmt, 0)));
          ok = rc == SQLITE_DONE;
        }
    }

  if (ok && op->kind != RAPPORT_OUTBOX_KIND_UPDATE && op->body_hash != NULL)
    {
      RapportVisibility visibility = op->kind == RAPPORT_OUTBOX_KIND_NOTE
                                       ? RAPPORT_VISIBILITY_INTERNAL : RAPPORT_VISIBILITY_PUBLIC;
      gint64 earliest = op->first_attempt_at / 1000 - RAPPORT_OUTBOX_CLOCK_SKEW_S;

      for (guint i = 0; i < history->len && match == NULL; i++)
        {
          RapportMessage *message = history->pdata[i];
          const char *remote_id = rapport_message_get_remote_id (message);
          const char *body = rapport_message_get_body (message);
          g_autofree char *hash = NULL;

          if (remote_id == NULL || g_hash_table_contains (claimed, remote_id) ||
              g_strcmp0 (rapport_message_get_author_remote_id (message), user_remote_id) != 0 ||
              rapport_message_get_visibility (message) != visibility ||
              rapport_message_get_created_at (message) < earliest)
            continue;

          hash = rapport_outbox_body_hash (body != NULL ? body : "");
          if (g_strcmp0 (hash, op->body_hash) == 0)
            match = message;
        }
    }

  if (ok && match != NULL)
    {
      ok = complete_message_locked (db, op, match, error);
      *found = ok;
    }
  else if (ok)
    {
      ok = run_ids (db, "UPDATE outbox SET state = 'ready', updated_at = ?2 "
                        "WHERE id = ?1 AND state = 'unknown'",
                    "Returning an op to the queue", 2, op_id, now_ms (), 0, error);
    }

  if (!end (store, db, ok, error))
    {
      *found = FALSE;
      return FALSE;
    }

  _rapport_store_emit_changed (store, op->account_id);

  return TRUE;
}

/* ---------------------------------------------------------------------------------------------
 * Async wrappers: the blocking call in a worker thread.
 * ------------------------------------------------------------------------------------------- */

typedef struct _CallData CallData;
typedef gpointer (*CallWork) (RapportStore  *store,
                              CallData      *data,
                              GCancellable  *cancellable,
                              GError       **error);

struct _CallData
{
  CallWork              work;
  GDestroyNotify        result_free;
  gint64                account_id;
  gint64                ticket_id;
  gint64                op_id;
  RapportVisibility     visibility;
  char                 *body;
  guint                 hold_ms;
  RapportTicketChanges *changes;
};

static void
call_data_free (CallData *data)
{
  g_free (data->body);
  g_clear_pointer (&data->changes, rapport_ticket_changes_free);
  g_free (data);
}

static void
call_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  CallData *data = task_data;
  g_autoptr(GError) error = NULL;
  gpointer result = data->work (source, data, cancellable, &error);

  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, result, data->result_free);
}

static CallData *
call_new (CallWork        work,
          GDestroyNotify  result_free)
{
  CallData *data = g_new0 (CallData, 1);

  data->work = work;
  data->result_free = result_free;

  return data;
}

static void
call_run (RapportStore        *store,
          CallData            *data,
          gpointer             source_tag,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (store, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, data, (GDestroyNotify) call_data_free);
  g_task_run_in_thread (task, call_thread);
}

static gpointer
call_finish (RapportStore  *store,
             GAsyncResult  *result,
             gpointer       source_tag,
             GError       **error)
{
  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Booleans travel as a non-NULL pointer. */
#define BOOLEAN_RESULT(ok) ((ok) ? GINT_TO_POINTER (1) : NULL)

static gpointer
enqueue_message_work (RapportStore *store, CallData *d, GCancellable *c, GError **error)
{
  return rapport_outbox_enqueue_message (store, d->account_id, d->ticket_id, d->visibility,
                                         d->body, d->hold_ms, c, error);
}

void
rapport_outbox_enqueue_message_async (RapportStore        *store,
                                      gint64               account_id,
                                      gint64               ticket_id,
                                      RapportVisibility    visibility,
                                      const char          *body,
                                      guint                hold_ms,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  CallData *data;

  g_return_if_fail (body != NULL);

  data = call_new (enqueue_message_work, (GDestroyNotify) rapport_outbox_op_free);

  data->account_id = account_id;
  data->ticket_id = ticket_id;
  data->visibility = visibility;
  data->body = g_strdup (body);
  data->hold_ms = hold_ms;
  call_run (store, data, rapport_outbox_enqueue_message_async, cancellable, callback, user_data);
}

/**
 * rapport_outbox_enqueue_message_finish:
 *
 * Returns: (transfer full): the queued op, or %NULL with @error set
 */
RapportOutboxOp *
rapport_outbox_enqueue_message_finish (RapportStore  *store,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  return call_finish (store, result, rapport_outbox_enqueue_message_async, error);
}

static gpointer
undo_work (RapportStore *store, CallData *d, GCancellable *c, GError **error)
{
  return rapport_outbox_undo (store, d->op_id, c, error);
}

void
rapport_outbox_undo_async (RapportStore        *store,
                           gint64               op_id,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  CallData *data = call_new (undo_work, g_free);

  data->op_id = op_id;
  call_run (store, data, rapport_outbox_undo_async, cancellable, callback, user_data);
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
  return call_finish (store, result, rapport_outbox_undo_async, error);
}

static gpointer
enqueue_update_work (RapportStore *store, CallData *d, GCancellable *c, GError **error)
{
  return rapport_outbox_enqueue_update (store, d->account_id, d->ticket_id, d->changes, c, error);
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
  CallData *data;

  g_return_if_fail (changes != NULL);

  data = call_new (enqueue_update_work, (GDestroyNotify) rapport_outbox_op_free);

  data->account_id = account_id;
  data->ticket_id = ticket_id;
  data->changes = rapport_ticket_changes_copy (changes);
  call_run (store, data, rapport_outbox_enqueue_update_async, cancellable, callback, user_data);
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
  return call_finish (store, result, rapport_outbox_enqueue_update_async, error);
}

static gpointer
list_ops_work (RapportStore *store, CallData *d, GCancellable *c, GError **error)
{
  return rapport_outbox_list_ops (store, d->ticket_id, c, error);
}

void
rapport_outbox_list_ops_async (RapportStore        *store,
                               gint64               ticket_id,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  CallData *data = call_new (list_ops_work, (GDestroyNotify) g_ptr_array_unref);

  data->ticket_id = ticket_id;
  call_run (store, data, rapport_outbox_list_ops_async, cancellable, callback, user_data);
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
  return call_finish (store, result, rapport_outbox_list_ops_async, error);
}

static gpointer
retry_work (RapportStore *store, CallData *d, GCancellable *c, GError **error)
{
  return BOOLEAN_RESULT (rapport_outbox_retry (store, d->op_id, c, error));
}

void
rapport_outbox_retry_async (RapportStore        *store,
                            gint64               op_id,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  CallData *data = call_new (retry_work, NULL);

  data->op_id = op_id;
  call_run (store, data, rapport_outbox_retry_async, cancellable, callback, user_data);
}

gboolean
rapport_outbox_retry_finish (RapportStore  *store,
                             GAsyncResult  *result,
                             GError       **error)
{
  return call_finish (store, result, rapport_outbox_retry_async, error) != NULL;
}

static gpointer
discard_work (RapportStore *store, CallData *d, GCancellable *c, GError **error)
{
  return rapport_outbox_discard (store, d->op_id, c, error);
}

void
rapport_outbox_discard_async (RapportStore        *store,
                              gint64               op_id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  CallData *data = call_new (discard_work, g_free);

  data->op_id = op_id;
  call_run (store, data, rapport_outbox_discard_async, cancellable, callback, user_data);
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
  return call_finish (store, result, rapport_outbox_discard_async, error);
}

static gpointer
save_draft_work (RapportStore *store, CallData *d, GCancellable *c, GError **error)
{
  return BOOLEAN_RESULT (rapport_outbox_save_draft (store, d->account_id, d->ticket_id,
                                                    d->visibility, d->body, c, error));
}

void
rapport_outbox_save_draft_async (RapportStore        *store,
                                 gint64               account_id,
                                 gint64               ticket_id,
                                 RapportVisibility    visibility,
                                 const char          *body,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  CallData *data;

  g_return_if_fail (body != NULL);

  data = call_new (save_draft_work, NULL);

  data->account_id = account_id;
  data->ticket_id = ticket_id;
  data->visibility = visibility;
  data->body = g_strdup (body);
  call_run (store, data, rapport_outbox_save_draft_async, cancellable, callback, user_data);
}

gboolean
rapport_outbox_save_draft_finish (RapportStore  *store,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return call_finish (store, result, rapport_outbox_save_draft_async, error) != NULL;
}

static gpointer
load_draft_work (RapportStore *store, CallData *d, GCancellable *c, GError **error)
{
  return rapport_outbox_load_draft (store, d->account_id, d->ticket_id, &d->visibility, c, error);
}

void
rapport_outbox_load_draft_async (RapportStore        *store,
                                 gint64               account_id,
                                 gint64               ticket_id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  CallData *data = call_new (load_draft_work, g_free);

  data->account_id = account_id;
  data->ticket_id = ticket_id;
  call_run (store, data, rapport_outbox_load_draft_async, cancellable, callback, user_data);
}

/**
 * rapport_outbox_load_draft_finish:
 * @visibility: (out) (optional): the draft's visibility
 *
 * Returns: (transfer full) (nullable): the draft; %NULL when there is none (no error) or on
 *   error
 */
char *
rapport_outbox_load_draft_finish (RapportStore       *store,
                                  GAsyncResult       *result,
                                  RapportVisibility  *visibility,
                                  GError            **error)
{
  char *body = call_finish (store, result, rapport_outbox_load_draft_async, error);

  if (body != NULL && visibility != NULL)
    *visibility = ((CallData *) g_task_get_task_data (G_TASK (result)))->visibility;

  return body;
}

static gpointer
delete_draft_work (RapportStore *store, CallData *d, GCancellable *c, GError **error)
{
  return BOOLEAN_RESULT (rapport_outbox_delete_draft (store, d->account_id, d->ticket_id, c,
                                                      error));
}

void
rapport_outbox_delete_draft_async (RapportStore        *store,
                                   gint64               account_id,
                                   gint64               ticket_id,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  CallData *data = call_new (delete_draft_work, NULL);

  data->account_id = account_id;
  data->ticket_id = ticket_id;
  call_run (store, data, rapport_outbox_delete_draft_async, cancellable, callback, user_data);
}

gboolean
rapport_outbox_delete_draft_finish (RapportStore  *store,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return call_finish (store, result, rapport_outbox_delete_draft_async, error) != NULL;
}
