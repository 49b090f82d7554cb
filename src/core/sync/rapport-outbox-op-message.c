/* rapport-outbox-op-message.c
 *
 * The message operations: a public reply and an internal note. Both are one module and two
 * entries of the kind table, because they differ only in the visibility of the message they
 * post (each entry's class stands for one); queueing, pushing, completing, verifying and
 * backing out are the same for both.
 *
 * Local effect: a message row shown at once ("locally-created", author = the account's user,
 * remote id "rapport-local:<op>"), in the search index and the ticket's counts; the ticket's
 * draft goes. Completion: that row takes the server's id, time and author. Verification: a
 * message in the ticket's history by the same author with the same body hash, dated after the
 * first attempt. Back-out: the row goes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rapport-outbox"

#include "config.h"

#include "rapport-outbox-private.h"
#include "rapport-template.h"

#define LOCAL_REMOTE_ID_PREFIX "rapport-local:"

static RapportVisibility
visibility_of (const RapportOutboxOp *op)
{
  return _rapport_outbox_op_get_class (op) == &_rapport_outbox_note_class
           ? RAPPORT_VISIBILITY_INTERNAL : RAPPORT_VISIBILITY_PUBLIC;
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

/* ---------------------------------------------------------------------------------------------
 * The operation
 * ------------------------------------------------------------------------------------------- */

/* The message as the account's user wrote it, in the ticket's channel; NULL with @error set
 * when the ticket or the account is gone. */
static RapportMessage *
local_message (RapportStore     *store,
               RapportOutboxOp  *op,
               GError          **error)
{
  g_autoptr(RapportStoreStmt) stmt = NULL;
  g_autofree char *remote_id = NULL;
  RapportMessage *message;
  RapportChannel channel;

  stmt = _rapport_store_prepare (store, "SELECT t.channel, a.user_remote_id, a.user_name "
                                        "FROM tickets t JOIN accounts a ON a.id = t.account_id "
                                        "WHERE t.id = ?1", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, op->ticket_id);
  if (_rapport_store_step (stmt, "Reading an account", error) != SQLITE_ROW)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, RAPPORT_OUTBOX_ERROR, RAPPORT_OUTBOX_ERROR_NOT_FOUND,
                     "There is no account %" G_GINT64_FORMAT, op->account_id);
      return NULL;
    }

  if (!rapport_channel_from_string (_rapport_store_column_text (stmt, 0), &channel))
    channel = RAPPORT_CHANNEL_EMAIL;
  remote_id = g_strdup_printf (LOCAL_REMOTE_ID_PREFIX "%" G_GINT64_FORMAT, op->id);

  message = rapport_message_new ();
  rapport_message_set_remote_id (message, remote_id);
  rapport_message_set_ticket_remote_id (message, op->ticket_remote_id);
  rapport_message_set_channel (message, channel);
  rapport_message_set_direction (message, RAPPORT_DIRECTION_OUTBOUND);
  rapport_message_set_visibility (message, visibility_of (op));
  rapport_message_set_author_kind (message, RAPPORT_AUTHOR_AGENT);
  rapport_message_set_author_remote_id (message, _rapport_store_column_text (stmt, 1));
  rapport_message_set_author_name (message, _rapport_store_column_text (stmt, 2));
  rapport_message_set_body (message, op->body);
  rapport_message_set_created_at (message, op->created_at / 1000);

  return message;
}

static gboolean
message_apply_local (RapportStore        *store,
                     RapportStoreWriter  *writer,
                     RapportOutboxOp     *op,
                     GError             **error)
{
  g_autoptr(RapportMessage) message = local_message (store, op, error);

  if (message == NULL)
    return FALSE;

  op->local_message_id = _rapport_store_write_message (writer, op->ticket_id, message, 0, op->id,
                                                       error);

  /* Flushed here: the writer borrows the message's body until then. */
  return op->local_message_id != 0 &&
         _rapport_store_exec_ids (store, "UPDATE outbox SET local_message_id = ?2 WHERE id = ?1",
                                  "Linking the local message", 2, op->id, op->local_message_id,
                                  0, error) &&
         _rapport_drafts_delete_locked (store, op->account_id, op->ticket_id, error) &&
         _rapport_store_writer_flush (writer, error);
}

static void
message_push (RapportProvider       *provider,
              const RapportOutboxOp *op,
              GCancellable          *cancellable,
              GAsyncReadyCallback    callback,
              gpointer               user_data)
{
  rapport_provider_post_message_async (provider, op->ticket_remote_id, visibility_of (op),
                                       op->body, cancellable, callback, user_data);
}

static GObject *
message_push_finish (RapportProvider  *provider,
                     GAsyncResult     *result,
                     GError          **error)
{
  return G_OBJECT (rapport_provider_post_message_finish (provider, result, error));
}

/* The local row @message_id takes the server's remote id, time and author (its search
 * document moves with the time); *@gone when the row is no longer there. */
static gboolean
take_server_copy (RapportStore        *store,
                  RapportStoreWriter  *writer,
                  gint64               message_id,
                  RapportMessage      *sent,
                  gboolean            *gone,
                  GError             **error)
{
  g_autoptr(RapportStoreStmt) stmt = NULL;
  gint64 old_created, new_created, old_key, new_key;
  g_autofree char *body = NULL;
  int rc;

  stmt = _rapport_store_prepare (store, "SELECT created_at, body FROM messages WHERE id = ?1",
                                 error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, message_id);
  rc = _rapport_store_step (stmt, "Reading the local message", error);
  if (rc == 0)
    return FALSE;

  *gone = rc == SQLITE_DONE; /* with its ticket */
  if (*gone)
    return TRUE;

  old_created = sqlite3_column_int64 (stmt, 0);
  body = g_strdup (_rapport_store_column_text (stmt, 1));
  g_clear_pointer (&stmt, _rapport_store_stmt_release);

  new_created = rapport_message_get_created_at (sent) > 0 ? rapport_message_get_created_at (sent)
                                                          : old_created;
  if (!_rapport_store_search_key (old_created, message_id, RAPPORT_SEARCH_KIND_MESSAGE, &old_key,
                                  error) ||
      !_rapport_store_search_key (new_created, message_id, RAPPORT_SEARCH_KIND_MESSAGE, &new_key,
                                  error))
    return FALSE;

  stmt = _rapport_store_prepare (store, "UPDATE messages SET remote_id = ?2, created_at = ?3, "
                                        "author_remote_id = COALESCE (?4, author_remote_id), "
                                        "author_name = COALESCE (?5, author_name), "
                                        "offline_state = 'synced' WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, message_id);
  _rapport_store_bind_text (stmt, 2, rapport_message_get_remote_id (sent));
  sqlite3_bind_int64 (stmt, 3, new_created);
  _rapport_store_bind_text (stmt, 4, rapport_message_get_author_remote_id (sent));
  _rapport_store_bind_text (stmt, 5, rapport_message_get_author_name (sent));
  if (!_rapport_store_step_done (stmt, "Updating the sent message", error))
    return FALSE;

  if (new_key == old_key)
    return TRUE;

  /* Flushed here: the writer borrows @body until then. */
  if (!_rapport_store_writer_unindex (writer, old_key, body, error))
    return FALSE;
  _rapport_store_writer_index (writer, new_key, body);

  return _rapport_store_writer_flush (writer, error);
}

/* Sets *@message_id to the row of the server's copy (@remote_id) when a pull already brought
 * it, else to 0. */
static gboolean
find_server_copy (RapportStore     *store,
                  gint64            ticket_id,
                  const char       *remote_id,
                  gint64           *message_id,
                  GError          **error)
{
  g_autoptr(RapportStoreStmt) stmt = NULL;
  int rc;

  stmt = _rapport_store_prepare (store, "SELECT id FROM messages WHERE ticket_id = ?1 "
                                        "AND remote_id = ?2", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, ticket_id);
  _rapport_store_bind_text (stmt, 2, remote_id);
  rc = _rapport_store_step (stmt, "Looking for the server's copy", error);
  *message_id = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;

  return rc != 0;
}

static gboolean
message_complete (RapportStore        *store,
                  RapportStoreWriter  *writer,
                  RapportOutboxOp     *op,
                  GObject             *answer,
                  GError             **error)
{
  RapportMessage *sent = RAPPORT_MESSAGE (answer);
  const char *remote_id = rapport_message_get_remote_id (sent);
  gint64 message_id = op->local_message_id;
  gint64 existing;

  if (remote_id == NULL || remote_id[0] == '\0')
    {
      g_set_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE,
                   "The server's copy of outbox op %" G_GINT64_FORMAT " has no id", op->id);
      return FALSE;
    }

  if (!find_server_copy (store, op->ticket_id, remote_id, &existing, error))
    return FALSE;

  if (existing != 0 && existing != message_id)
    {
      /* A pull brought the server's copy first: it stays, the local row goes. */
      if (!_rapport_store_delete_message (writer, message_id, error) ||
          !_rapport_store_exec_ids (store, "UPDATE messages SET outbox_id = ?2 WHERE id = ?1",
                                    "Linking the server's copy", 2, existing, op->id, 0, error))
        return FALSE;
      message_id = existing;
    }
  else if (message_id != 0)
    {
      gboolean gone = FALSE;

      if (!take_server_copy (store, writer, message_id, sent, &gone, error))
        return FALSE;
      if (gone)
        message_id = 0;
    }

  g_free (op->remote_message_id);
  op->remote_message_id = g_strdup (remote_id);
  op->local_message_id = message_id;
  _rapport_store_writer_touch_ticket (writer, op->ticket_id);

  return TRUE;
}

static void
message_fetch_evidence (RapportProvider       *provider,
                        const RapportOutboxOp *op,
                        GCancellable          *cancellable,
                        GAsyncReadyCallback    callback,
                        gpointer               user_data)
{
  rapport_provider_fetch_ticket_history_async (provider, op->ticket_remote_id, cancellable,
                                               callback, user_data);
}

/* A message by @user_remote_id with the same body hash, created at or after the first attempt
 * (less the clock skew), not claimed by another op. */
static GObject *
message_find_effect (const RapportOutboxOp *op,
                     GPtrArray             *evidence,
                     const char            *user_remote_id,
                     GHashTable            *claimed)
{
  gint64 earliest = op->first_attempt_at / 1000 - RAPPORT_OUTBOX_CLOCK_SKEW_S;
  RapportVisibility visibility = visibility_of (op);

  if (op->body_hash == NULL)
    return NULL;

  for (guint i = 0; i < evidence->len; i++)
    {
      RapportMessage *message = evidence->pdata[i];
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
        return G_OBJECT (message);
    }

  return NULL;
}

static gboolean
message_back_out (RapportStore        *store,
                  RapportStoreWriter  *writer,
                  RapportOutboxOp     *op,
                  GError             **error)
{
  /* The ticket's counts follow when the caller flushes the writer. The articles a reply
   * used are linked only if it is sent. */
  return _rapport_store_delete_message (writer, op->local_message_id, error) &&
         (op->kind != RAPPORT_OUTBOX_KIND_REPLY ||
          _rapport_outbox_drop_links_after (store, op, error));
}

#define MESSAGE_OP_CLASS(kind_name)                                 \
  {                                                                 \
    .name = kind_name,                                              \
    .idempotent = FALSE,                                            \
    .apply_local = message_apply_local,                             \
    .restore_local = message_apply_local,                           \
    .push = message_push,                                           \
    .push_finish = message_push_finish,                             \
    .complete = message_complete,                                   \
    .fetch_evidence = message_fetch_evidence,                       \
    .fetch_evidence_finish = rapport_provider_fetch_ticket_history_finish, \
    .find_effect = message_find_effect,                             \
    .back_out = message_back_out,                                   \
  }

const RapportOutboxOpClass _rapport_outbox_reply_class = MESSAGE_OP_CLASS ("reply");
const RapportOutboxOpClass _rapport_outbox_note_class = MESSAGE_OP_CLASS ("note");

/* ---------------------------------------------------------------------------------------------
 * API
 * ------------------------------------------------------------------------------------------- */

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
  g_autoptr(RapportOutboxOp) op = NULL;
  g_autofree char *normalized = NULL;
  RapportTemplateSpan hole;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);
  g_return_val_if_fail (body != NULL, NULL);
  g_return_val_if_fail (g_utf8_validate (body, -1, NULL), NULL);

  normalized = normalize_body (body);
  if (normalized[0] == '\0')
    {
      g_set_error (error, RAPPORT_OUTBOX_ERROR, RAPPORT_OUTBOX_ERROR_EMPTY_BODY,
                   "A reply or note needs some text");
      return NULL;
    }

  /* No reply goes out with a hole in it ("Hi {{customer.first_name}}"), whatever path it took
   * here. Internal notes are not checked: the customer never reads them, and agents write
   * about templates in them ("the {{order_number}} field of the refund answer is unclear"). */
  if (visibility != RAPPORT_VISIBILITY_INTERNAL &&
      rapport_template_find_unresolved (body, 0, &hole))
    {
      g_set_error (error, RAPPORT_OUTBOX_ERROR, RAPPORT_OUTBOX_ERROR_UNRESOLVED_PLACEHOLDER,
                   "The reply holds an unresolved placeholder at character %" G_GSIZE_FORMAT,
                   hole.char_offset);
      return NULL;
    }

  op = g_new0 (RapportOutboxOp, 1);
  op->account_id = account_id;
  op->ticket_id = ticket_id;
  op->kind = visibility == RAPPORT_VISIBILITY_INTERNAL ? RAPPORT_OUTBOX_KIND_NOTE
                                                       : RAPPORT_OUTBOX_KIND_REPLY;
  op->body = g_strdup (body);
  op->body_hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, normalized, -1);

  return _rapport_outbox_enqueue (store, op, hold_ms, cancellable, error);
}

typedef struct
{
  gint64             account_id;
  gint64             ticket_id;
  RapportVisibility  visibility;
  char              *body;
  guint              hold_ms;
} EnqueueData;

static void
enqueue_data_free (gpointer data)
{
  EnqueueData *d = data;

  g_free (d->body);
  g_free (d);
}

static gpointer
enqueue_message_work (RapportStore  *store,
                      gpointer       data,
                      GCancellable  *cancellable,
                      GError       **error)
{
  EnqueueData *d = data;

  return rapport_outbox_enqueue_message (store, d->account_id, d->ticket_id, d->visibility,
                                         d->body, d->hold_ms, cancellable, error);
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
  EnqueueData *data;

  g_return_if_fail (body != NULL);

  data = g_new0 (EnqueueData, 1);
  data->account_id = account_id;
  data->ticket_id = ticket_id;
  data->visibility = visibility;
  data->body = g_strdup (body);
  data->hold_ms = hold_ms;
  _rapport_store_run_async (store, store, rapport_outbox_enqueue_message_async,
                            enqueue_message_work, data, enqueue_data_free,
                            (GDestroyNotify) rapport_outbox_op_free, cancellable, callback,
                            user_data);
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
  return _rapport_store_run_finish (store, result, rapport_outbox_enqueue_message_async, error);
}

gboolean
rapport_outbox_complete_message (RapportStore    *store,
                                 gint64           op_id,
                                 RapportMessage  *sent,
                                 GError         **error)
{
  g_return_val_if_fail (RAPPORT_IS_STORE (store), FALSE);
  g_return_val_if_fail (RAPPORT_IS_MESSAGE (sent), FALSE);

  return rapport_outbox_complete (store, op_id, G_OBJECT (sent), error);
}
