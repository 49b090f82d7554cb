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
 * rows of the (ticket_id, remote_id) index and sorts only their times. The bodies are not
 * among the columns: each is read through a blob handle (read_body ()). */
static const char *sql_message_page =
  "SELECT m.id, m.remote_id, t.remote_id, m.channel, m.direction, m.visibility, m.author_kind, "
  "m.author_name, m.author_remote_id, m.author_customer_id, NULL, m.created_at "
  "FROM (SELECT id FROM messages WHERE ticket_id = ?1 ORDER BY created_at DESC, id DESC "
  "LIMIT ?2) p "
  "JOIN messages m ON m.id = p.id JOIN tickets t ON t.id = m.ticket_id "
  "ORDER BY m.created_at, m.id";

/* Bytes of a long body read at a time, to count its characters. */
#define BODY_CHUNK_BYTES (64 * 1024)

/* Counts the characters of @bytes as SQLite's length () and substr () do on TEXT (a byte from
 * 0xc0 up starts a character with the 0x80…0xbf bytes after it; any other byte is one), going
 * on from *@in_sequence. The offset of the byte that starts character @cut_at (counting from
 * *@n_chars) goes into *@cut when it is met and *@cut is still -1. */
static void
count_chars (const guchar *bytes,
             gsize         n_bytes,
             gboolean     *in_sequence,
             gint64       *n_chars,
             gint64        cut_at,
             gssize       *cut)
{
  for (gsize i = 0; i < n_bytes; i++)
    {
      if ((bytes[i] & 0xc0) == 0x80 && *in_sequence)
        continue;
      if (*n_chars == cut_at && *cut < 0)
        *cut = (gssize) i;
      (*n_chars)++;
      *in_sequence = bytes[i] >= 0xc0;
    }
}

/* Points *@blob (NULL: a new handle) at the body of message @id; its size in bytes, or -1
 * with @error set. */
static int
open_body (RapportStore  *self,
           sqlite3_blob **blob,
           gint64         id,
           GError       **error)
{
  int rc = *blob == NULL ? sqlite3_blob_open (self->db, "main", "messages", "body", id, 0, blob)
                         : sqlite3_blob_reopen (*blob, id);

  if (rc != SQLITE_OK)
    {
      _rapport_store_set_error (error, self->db, rc, "Reading a message body");
      return -1;
    }

  return sqlite3_blob_bytes (*blob);
}

/* The text of @head (@n_head bytes read, owned) up to @cut (or all of it when @cut is -1), as
 * the store hands out text: an older cache's invalid UTF-8 and NULs repaired, as
 * _rapport_store_column_text () does for a column, a character cut in two included. */
static char *
head_to_text (guchar *head,
              int     n_head,
              gssize  cut)
{
  int end = cut >= 0 ? (int) cut : n_head;

  if (G_UNLIKELY (!rapport_text_is_storable ((const char *) head, end)))
    {
      char *repaired = rapport_text_make_storable ((const char *) head, end);

      g_free (head);
      return repaired;
    }
  head[end] = '\0';
  return (char *) head;
}

char *
_rapport_store_read_body_start (RapportStore  *self,
                                sqlite3_blob **blob,
                                gint64         id,
                                GError       **error)
{
  g_autofree guchar *head = NULL;
  gboolean in_sequence = FALSE;
  gint64 n_chars = 0;
  gssize cut = -1;
  int size = open_body (self, blob, id, error);
  int n_head, rc;

  if (size < 0)
    return NULL;

  n_head = MIN (size, 4 * RAPPORT_MESSAGE_BODY_PREVIEW_CHARS);
  head = g_malloc (n_head + 1);
  rc = sqlite3_blob_read (*blob, head, n_head, 0);
  if (rc != SQLITE_OK)
    {
      _rapport_store_set_error (error, self->db, rc, "Reading a message body");
      return NULL;
    }
  count_chars (head, n_head, &in_sequence, &n_chars, RAPPORT_MESSAGE_BODY_PREVIEW_CHARS, &cut);

  return head_to_text (g_steal_pointer (&head), n_head, cut);
}

/* The body of @message (its row id), cut to its first RAPPORT_MESSAGE_BODY_PREVIEW_CHARS
 * characters, with "body-length" and "body-truncated". Read through *@blob (opened on the
 * first message, moved to the next ones): of a long body, the start once and the rest a chunk
 * at a time, only to count its characters; SQLite never holds the whole value at once (substr
 * () and length () each did, twice 10 MB for the largest). */
static gboolean
read_body (RapportStore    *self,
           sqlite3_blob   **blob,
           RapportMessage  *message,
           GError         **error)
{
  gint64 id = rapport_message_get_id (message);
  g_autofree guchar *head = NULL;
  g_autofree char *text = NULL;
  gboolean in_sequence = FALSE;
  gint64 n_chars = 0;
  gssize cut = -1;
  int size = open_body (self, blob, id, error);
  int n_head;
  int rc;

  if (size < 0)
    return FALSE;

  /* A character is at most 4 bytes: the preview is within the first 4 × its characters. */
  n_head = MIN (size, 4 * RAPPORT_MESSAGE_BODY_PREVIEW_CHARS);
  head = g_malloc (n_head + 1);
  rc = sqlite3_blob_read (*blob, head, n_head, 0);
  for (int offset = n_head; rc == SQLITE_OK && offset < size; offset += BODY_CHUNK_BYTES)
    {
      guchar chunk[BODY_CHUNK_BYTES];
      int n = MIN (BODY_CHUNK_BYTES, size - offset);

      if (offset == n_head)
        count_chars (head, n_head, &in_sequence, &n_chars, RAPPORT_MESSAGE_BODY_PREVIEW_CHARS,
                     &cut);
      rc = sqlite3_blob_read (*blob, chunk, n, offset);
      if (rc == SQLITE_OK)
        count_chars (chunk, n, &in_sequence, &n_chars, RAPPORT_MESSAGE_BODY_PREVIEW_CHARS, &cut);
    }
  if (rc != SQLITE_OK)
    {
      _rapport_store_set_error (error, self->db, rc, "Reading a message body");
      return FALSE;
    }
  if (n_head == size)
    count_chars (head, n_head, &in_sequence, &n_chars, RAPPORT_MESSAGE_BODY_PREVIEW_CHARS, &cut);

  text = head_to_text (g_steal_pointer (&head), n_head, cut);
  rapport_message_set_body (message, text);
  rapport_message_set_body_length (message, n_chars);
  rapport_message_set_body_truncated (message, n_chars > RAPPORT_MESSAGE_BODY_PREVIEW_CHARS);

  return TRUE;
}
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
  sqlite3_blob *blob = NULL;
  gboolean ok = FALSE;
  int rc = SQLITE_OK;

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
      while ((rc = _rapport_store_step (stmt, "Listing a page of messages", error)) == SQLITE_ROW)
        g_ptr_array_add (messages, _rapport_store_message_from_row (stmt, ticket_id));
      ok = rc == SQLITE_DONE;
    }
  g_clear_pointer (&stmt, _rapport_store_stmt_release);
  for (guint i = 0; ok && i < messages->len; i++)
    ok = read_body (self, &blob, g_ptr_array_index (messages, i), error);
  if (blob != NULL)
    sqlite3_blob_close (blob);

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
