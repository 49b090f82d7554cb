/* rapport-store-messages.c
 *
 * Reads of long tickets: the newest page of a ticket's messages with their bodies cut, and one
 * message's whole body.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rapport-store"

#include "config.h"

#include "rapport-store.h"
#include "rapport-store-private.h"

/* The newest ?2 messages, put back in time order. The inner query finds them by the ticket's
 * rows of the (ticket_id, remote_id) index and sorts only their times; the bodies of the page
 * alone are read, and substr () on TEXT counts characters, so the cut never falls inside a
 * UTF-8 sequence. */
static const char *sql_message_page =
  "SELECT m.id, m.remote_id, t.remote_id, m.channel, m.direction, m.visibility, m.author_kind, "
  "m.author_name, m.author_remote_id, m.author_customer_id, substr (m.body, 1, ?3), "
  "m.created_at, length (m.body) "
  "FROM (SELECT id FROM messages WHERE ticket_id = ?1 ORDER BY created_at DESC, id DESC "
  "LIMIT ?2) p "
  "JOIN messages m ON m.id = p.id JOIN tickets t ON t.id = m.ticket_id "
  "ORDER BY m.created_at, m.id";
static const char *sql_message_body =
  "SELECT body FROM messages WHERE id = ?1";

GPtrArray *
rapport_store_list_recent_messages (RapportStore  *self,
                                    gint64         ticket_id,
                                    guint          limit,
                                    gboolean      *complete,
                                    GCancellable  *cancellable,
                                    GError       **error)
{
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(RapportStoreStmt) stmt = NULL;
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);
  g_return_val_if_fail (limit > 0 && limit < G_MAXINT, NULL);

  if (_rapport_store_lock (self, cancellable, error) == NULL)
    return NULL;

  stmt = _rapport_store_prepare (self, sql_message_page, error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, ticket_id);
      /* One more than asked: whether there is an older one. */
      sqlite3_bind_int64 (stmt, 2, (sqlite3_int64) limit + 1);
      sqlite3_bind_int (stmt, 3, RAPPORT_MESSAGE_BODY_PREVIEW_CHARS);
      while ((rc = _rapport_store_step (stmt, "Listing a page of messages", error)) == SQLITE_ROW)
        {
          RapportMessage *message = _rapport_store_message_from_row (stmt, ticket_id);
          gint64 length = sqlite3_column_int64 (stmt, 12);

          rapport_message_set_body_length (message, length);
          rapport_message_set_body_truncated (message, length > RAPPORT_MESSAGE_BODY_PREVIEW_CHARS);
          g_ptr_array_add (messages, message);
        }
      ok = rc == SQLITE_DONE;
    }
  g_clear_pointer (&stmt, _rapport_store_stmt_release);

  _rapport_store_unlock (self);

  if (!ok)
    return NULL;

  if (complete != NULL)
    *complete = messages->len <= limit;
  if (messages->len > limit)
    g_ptr_array_remove_index (messages, 0);

  return g_steal_pointer (&messages);
}

char *
rapport_store_load_message_body (RapportStore  *self,
                                 gint64         message_id,
                                 GCancellable  *cancellable,
                                 GError       **error)
{
  g_autoptr(RapportStoreStmt) stmt = NULL;
  char *body = NULL;
  int rc = 0;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);

  if (_rapport_store_lock (self, cancellable, error) == NULL)
    return NULL;

  stmt = _rapport_store_prepare (self, sql_message_body, error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, message_id);
      rc = _rapport_store_step (stmt, "Loading a message body", error);
      if (rc == SQLITE_ROW)
        body = g_strdup (_rapport_store_column_text (stmt, 0) ?: "");
      else if (rc == SQLITE_DONE)
        g_set_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_NOT_FOUND,
                     "There is no message %" G_GINT64_FORMAT, message_id);
    }
  g_clear_pointer (&stmt, _rapport_store_stmt_release);

  _rapport_store_unlock (self);

  return body;
}

/* ---------------------------------------------------------------------------------------------
 * Asynchronous wrappers
 * ------------------------------------------------------------------------------------------- */

typedef struct
{
  gint64   ticket_id;
  guint    limit;
  gboolean complete;
} PageCall;

static gpointer
list_recent_messages_work (RapportStore  *self,
                           gpointer       data,
                           GCancellable  *cancellable,
                           GError       **error)
{
  PageCall *call = data;

  return rapport_store_list_recent_messages (self, call->ticket_id, call->limit,
                                             &call->complete, cancellable, error);
}

void
rapport_store_list_recent_messages_async (RapportStore        *self,
                                          gint64               ticket_id,
                                          guint                limit,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  PageCall *call;

  g_return_if_fail (RAPPORT_IS_STORE (self));
  g_return_if_fail (limit > 0 && limit < G_MAXINT);

  call = g_new0 (PageCall, 1);
  call->ticket_id = ticket_id;
  call->limit = limit;
  _rapport_store_run_async (self, self, rapport_store_list_recent_messages_async,
                            list_recent_messages_work, call, g_free,
                            (GDestroyNotify) g_ptr_array_unref, cancellable, callback, user_data);
}

/**
 * rapport_store_list_recent_messages_finish:
 * @complete: (out) (optional): whether the ticket's oldest message is in
 *
 * Returns: (transfer container) (element-type RapportMessage): the messages, oldest first
 */
GPtrArray *
rapport_store_list_recent_messages_finish (RapportStore  *self,
                                           GAsyncResult  *result,
                                           gboolean      *complete,
                                           GError       **error)
{
  GPtrArray *messages;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);

  messages = _rapport_store_run_finish (self, result, rapport_store_list_recent_messages_async,
                                        error);
  if (complete != NULL)
    *complete = messages != NULL && ((PageCall *) _rapport_store_run_get_data (result))->complete;

  return messages;
}

static gpointer
load_message_body_work (RapportStore  *self,
                        gpointer       data,
                        GCancellable  *cancellable,
                        GError       **error)
{
  return rapport_store_load_message_body (self, *(gint64 *) data, cancellable, error);
}

void
rapport_store_load_message_body_async (RapportStore        *self,
                                       gint64               message_id,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_return_if_fail (RAPPORT_IS_STORE (self));

  _rapport_store_run_async (self, self, rapport_store_load_message_body_async,
                            load_message_body_work, g_memdup2 (&message_id, sizeof message_id),
                            g_free, g_free, cancellable, callback, user_data);
}

/**
 * rapport_store_load_message_body_finish:
 *
 * Returns: (transfer full): the whole body
 */
char *
rapport_store_load_message_body_finish (RapportStore  *self,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);

  return _rapport_store_run_finish (self, result, rapport_store_load_message_body_async, error);
}
