/* rapport-store-writer.c
 *
 * The one writer of messages (see rapport-store-private.h): a message row, its document in
 * the search index (messages_fts) and its ticket's denormalized message count and preview
 * change together, in the caller's transaction.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rapport-store"

#include "config.h"

#include "rapport-store-private.h"
#include "rapport-ticket-private.h"

#define MESSAGE_VALUES "?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11"
#define MESSAGE_COLUMNS \
  "ticket_id, remote_id, channel, direction, visibility, author_kind, author_name, " \
  "author_remote_id, author_customer_id, body, created_at"
#define MESSAGE_SET \
  "channel = ?3, direction = ?4, visibility = ?5, author_kind = ?6, author_name = ?7, " \
  "author_remote_id = ?8, author_customer_id = ?9, body = ?10, created_at = ?11"
#define MESSAGE_DIFFERS \
  "(channel IS NOT ?3 OR direction IS NOT ?4 OR visibility IS NOT ?5 OR author_kind IS NOT ?6 " \
  "OR author_name IS NOT ?7 OR author_remote_id IS NOT ?8 OR author_customer_id IS NOT ?9 " \
  "OR body IS NOT ?10 OR created_at IS NOT ?11)"

static const char *sql_message_insert =
  "INSERT INTO messages (" MESSAGE_COLUMNS ") VALUES (" MESSAGE_VALUES ") "
  "ON CONFLICT (ticket_id, remote_id) DO NOTHING";
static const char *sql_message_insert_local =
  "INSERT INTO messages (" MESSAGE_COLUMNS ", offline_state, outbox_id) "
  "VALUES (" MESSAGE_VALUES ", 'locally-created', ?12) "
  "ON CONFLICT (ticket_id, remote_id) DO NOTHING";
static const char *sql_message_existing =
  "SELECT id, body, created_at FROM messages WHERE ticket_id = ?1 AND remote_id = ?2";
static const char *sql_message_update =
  "UPDATE messages SET " MESSAGE_SET " "
  "WHERE ticket_id = ?1 AND remote_id = ?2 AND " MESSAGE_DIFFERS;
static const char *sql_message_doc =
  "SELECT ticket_id, created_at, body FROM messages WHERE id = ?1";
static const char *sql_message_delete =
  "DELETE FROM messages WHERE id = ?1";
static const char *sql_fts_insert =
  "INSERT INTO messages_fts (rowid, text) VALUES (?1, ?2)";
static const char *sql_fts_delete =
  "INSERT INTO messages_fts (messages_fts, rowid, text) VALUES ('delete', ?1, ?2)";
static const char *sql_ticket_message_docs =
  "SELECT id, created_at, body FROM messages WHERE ticket_id = ?1";
static const char *sql_ticket_stats =
  "SELECT COUNT (*), (SELECT body FROM messages WHERE ticket_id = ?1 AND visibility = 'public' "
  "ORDER BY created_at DESC, id DESC LIMIT 1) FROM messages WHERE ticket_id = ?1";
static const char *sql_ticket_set_stats =
  "UPDATE tickets SET message_count = ?2, last_message_preview = ?3 "
  "WHERE id = ?1 AND (message_count IS NOT ?2 OR last_message_preview IS NOT ?3)";

/* A document queued for the search index. Its text is the row's, written through
 * _rapport_store_bind_text () (which refuses text the store does not keep) or read back with
 * _rapport_store_column_text (): it is bound as it is, not checked a second time. */
typedef struct
{
  gint64      key;
  const char *text; /* borrowed until the flush */
} FtsDoc;

/* What the writer did to one ticket's messages, so that the count and preview of a ticket
 * inserted in this transaction are computed without reading its messages back. */
typedef struct
{
  const char *newest_public_body; /* borrowed until the flush */
  const char *written_body;       /* the body the ticket row was inserted with, borrowed */
  gint64      newest_public_at;
  gint64      newest_public_id;
  guint       n_inserted;
  guint       n_written;          /* the count the ticket row was inserted with */
  guint       created : 1;     /* inserted in this transaction */
  guint       needs_query : 1; /* an existing ticket, or a message changed: count in SQL */
} TicketStats;

struct _RapportStoreWriter
{
  RapportStore *store;
  GHashTable   *tickets; /* gint64* local id → TicketStats: messages changed */
  GArray       *pending; /* FtsDoc to insert, sorted before insertion */
};

gboolean
_rapport_store_search_key (gint64   created_at,
                           gint64   id,
                           int      kind,
                           gint64  *key,
                           GError **error)
{
  gint64 minute = CLAMP (created_at, 0, G_MAXINT64) / 60;

  if (id <= 0 || id > RAPPORT_SEARCH_KEY_ID_MASK)
    {
      g_set_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_FAILED,
                   "Row %" G_GINT64_FORMAT " is out of the range the search index can hold", id);
      return FALSE;
    }

  *key = (MIN (minute, G_MAXINT32) << 32) | ((gint64) kind << 31) | id;

  return TRUE;
}

RapportStoreWriter *
_rapport_store_writer_new (RapportStore *self,
                           guint         size_hint)
{
  RapportStoreWriter *writer = g_new0 (RapportStoreWriter, 1);

  g_assert (RAPPORT_IS_STORE (self));

  writer->store = self;
  writer->tickets = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  writer->pending = g_array_sized_new (FALSE, FALSE, sizeof (FtsDoc), MAX (size_hint, 16));

  return writer;
}

void
_rapport_store_writer_free (RapportStoreWriter *writer)
{
  if (writer == NULL)
    return;

  g_clear_pointer (&writer->tickets, g_hash_table_unref);
  g_clear_pointer (&writer->pending, g_array_unref);
  g_free (writer);
}

/* ---------------------------------------------------------------------------------------------
 * The search index
 * ------------------------------------------------------------------------------------------- */

static int
compare_fts_docs (gconstpointer a,
                  gconstpointer b)
{
  const FtsDoc *doc_a = a;
  const FtsDoc *doc_b = b;

  return (doc_a->key > doc_b->key) - (doc_a->key < doc_b->key);
}

/* FTS5 buffers inserted documents in memory only while their row ids increase, so the queued
 * documents are inserted at once, in row id order. */
static gboolean
flush_pending_fts (RapportStoreWriter  *writer,
                   GError             **error)
{
  if (writer->pending->len == 0)
    return TRUE;

  g_array_sort (writer->pending, compare_fts_docs);

  for (guint i = 0; i < writer->pending->len; i++)
    {
      const FtsDoc *doc = &g_array_index (writer->pending, FtsDoc, i);
      g_autoptr(RapportStoreStmt) stmt = _rapport_store_prepare (writer->store, sql_fts_insert,
                                                                 error);

      if (stmt == NULL)
        return FALSE;

      sqlite3_bind_int64 (stmt, 1, doc->key);
      sqlite3_bind_text (stmt, 2, doc->text != NULL ? doc->text : "", -1, SQLITE_STATIC);
      if (!_rapport_store_step_done (stmt, "Indexing text for search", error))
        return FALSE;
    }

  g_array_set_size (writer->pending, 0);

  return TRUE;
}

void
_rapport_store_writer_index (RapportStoreWriter *writer,
                             gint64              key,
                             const char         *text)
{
  FtsDoc doc = { key, text };

  g_array_append_val (writer->pending, doc);
}

gboolean
_rapport_store_writer_unindex (RapportStoreWriter  *writer,
                               gint64               key,
                               const char          *old_text,
                               GError             **error)
{
  g_autoptr(RapportStoreStmt) stmt = NULL;

  /* The document may still be waiting in the queue (the same object twice in a page). */
  if (!flush_pending_fts (writer, error))
    return FALSE;

  stmt = _rapport_store_prepare (writer->store, sql_fts_delete, error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, key);
  _rapport_store_bind_text (stmt, 2, old_text != NULL ? old_text : "");

  return _rapport_store_step_done (stmt, "Removing text from the search index", error);
}

gboolean
_rapport_store_writer_unindex_ticket (RapportStoreWriter  *writer,
                                      gint64               ticket_id,
                                      gint64               created_at,
                                      const char          *subject,
                                      GError             **error)
{
  g_autoptr(GArray) keys = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(RapportStoreStmt) stmt = NULL;
  gint64 key;
  int rc;

  if (!_rapport_store_search_key (created_at, ticket_id, RAPPORT_SEARCH_KIND_TICKET, &key,
                                  error))
    return FALSE;
  g_array_append_val (keys, key);
  g_ptr_array_add (texts, g_strdup (subject));

  /* Read first, removed after: a removal flushes the writer's queue first. */
  stmt = _rapport_store_prepare (writer->store, sql_ticket_message_docs, error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, ticket_id);
  while ((rc = _rapport_store_step (stmt, "Reading a ticket's messages", error)) == SQLITE_ROW)
    {
      if (!_rapport_store_search_key (sqlite3_column_int64 (stmt, 1),
                                      sqlite3_column_int64 (stmt, 0),
                                      RAPPORT_SEARCH_KIND_MESSAGE, &key, error))
        return FALSE;
      g_array_append_val (keys, key);
      g_ptr_array_add (texts, g_strdup (_rapport_store_column_text (stmt, 2)));
    }
  if (rc == 0)
    return FALSE;
  g_clear_pointer (&stmt, _rapport_store_stmt_release);

  for (guint i = 0; i < keys->len; i++)
    {
      if (!_rapport_store_writer_unindex (writer, g_array_index (keys, gint64, i),
                                          texts->pdata[i], error))
        return FALSE;
    }

  return TRUE;
}

/* ---------------------------------------------------------------------------------------------
 * Tickets' counts
 * ------------------------------------------------------------------------------------------- */

static TicketStats *
ticket_stats (RapportStoreWriter *writer,
              gint64              ticket_id)
{
  TicketStats *stats = g_hash_table_lookup (writer->tickets, &ticket_id);

  if (stats == NULL)
    {
      stats = g_new0 (TicketStats, 1);
      stats->needs_query = TRUE;
      g_hash_table_insert (writer->tickets, g_memdup2 (&ticket_id, sizeof ticket_id), stats);
    }

  return stats;
}

void
_rapport_store_writer_touch_ticket (RapportStoreWriter *writer,
                                    gint64              ticket_id)
{
  ticket_stats (writer, ticket_id)->needs_query = TRUE;
}

void
_rapport_store_writer_created_ticket (RapportStoreWriter *writer,
                                      gint64              ticket_id,
                                      guint               n_written,
                                      const char         *written_body)
{
  TicketStats *stats = g_new0 (TicketStats, 1);

  stats->created = TRUE;
  stats->n_written = n_written;
  stats->written_body = written_body;
  g_hash_table_insert (writer->tickets, g_memdup2 (&ticket_id, sizeof ticket_id), stats);
}

void
_rapport_store_writer_forget_ticket (RapportStoreWriter *writer,
                                     gint64              ticket_id)
{
  g_hash_table_remove (writer->tickets, &ticket_id);
}

/* Refreshes the denormalized message count and preview of the tickets touched. */
static gboolean
update_ticket_stats (RapportStoreWriter  *writer,
                     GError             **error)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, writer->tickets);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gint64 ticket_id = *(gint64 *) key;
      TicketStats *stats = value;
      g_autofree char *preview = NULL;
      gint64 count;

      if (stats->created && !stats->needs_query && stats->n_inserted == stats->n_written &&
          g_strcmp0 (stats->newest_public_body, stats->written_body) == 0)
        continue; /* a new ticket inserted with the count and preview its messages gave */

      if (stats->created && !stats->needs_query)
        {
          /* Every message of a ticket inserted here came through the writer. */
          count = stats->n_inserted;
          if (stats->newest_public_body != NULL)
            preview = rapport_summarize_body (stats->newest_public_body);
        }
      else
        {
          g_autoptr(RapportStoreStmt) stmt = _rapport_store_prepare (writer->store,
                                                                     sql_ticket_stats, error);

          if (stmt == NULL)
            return FALSE;

          sqlite3_bind_int64 (stmt, 1, ticket_id);
          if (_rapport_store_step (stmt, "Counting messages", error) != SQLITE_ROW)
            return FALSE;

          count = sqlite3_column_int64 (stmt, 0);
          if (sqlite3_column_type (stmt, 1) != SQLITE_NULL)
            preview = rapport_summarize_body (_rapport_store_column_text (stmt, 1));
        }

      {
        g_autoptr(RapportStoreStmt) stmt = _rapport_store_prepare (writer->store,
                                                                   sql_ticket_set_stats, error);

        if (stmt == NULL)
          return FALSE;

        sqlite3_bind_int64 (stmt, 1, ticket_id);
        sqlite3_bind_int64 (stmt, 2, count);
        _rapport_store_bind_text (stmt, 3, preview);
        if (!_rapport_store_step_done (stmt, "Updating a ticket's message count", error))
          return FALSE;
      }
    }

  return TRUE;
}

gboolean
_rapport_store_writer_flush (RapportStoreWriter  *writer,
                             GError             **error)
{
  if (!flush_pending_fts (writer, error) ||
      !update_ticket_stats (writer, error))
    return FALSE;

  g_hash_table_remove_all (writer->tickets);

  return TRUE;
}

/* ---------------------------------------------------------------------------------------------
 * Messages
 * ------------------------------------------------------------------------------------------- */

static const char *
direction_to_string (RapportDirection direction)
{
  return direction == RAPPORT_DIRECTION_OUTBOUND ? "out" : "in";
}

static const char *
visibility_to_string (RapportVisibility visibility)
{
  return visibility == RAPPORT_VISIBILITY_INTERNAL ? "internal" : "public";
}

static const char *
author_kind_to_string (RapportAuthorKind kind)
{
  switch (kind)
    {
    case RAPPORT_AUTHOR_AGENT:
      return "agent";

    case RAPPORT_AUTHOR_SYSTEM:
      return "system";

    case RAPPORT_AUTHOR_CUSTOMER:
    default:
      return "customer";
    }
}

/* The text indexed for a message; must equal what is stored (NULL is stored as ""). */
static const char *
message_body (RapportMessage *message)
{
  const char *body = rapport_message_get_body (message);

  return body != NULL ? body : "";
}

static void
bind_message (sqlite3_stmt   *stmt,
              gint64          ticket_id,
              RapportMessage *message,
              gint64          author_customer_id)
{
  sqlite3_bind_int64 (stmt, 1, ticket_id);
  _rapport_store_bind_text (stmt, 2, rapport_message_get_remote_id (message));
  _rapport_store_bind_text (stmt, 3,
                            rapport_channel_to_string (rapport_message_get_channel (message)));
  _rapport_store_bind_text (stmt, 4,
                            direction_to_string (rapport_message_get_direction (message)));
  _rapport_store_bind_text (stmt, 5,
                            visibility_to_string (rapport_message_get_visibility (message)));
  _rapport_store_bind_text (stmt, 6,
                            author_kind_to_string (rapport_message_get_author_kind (message)));
  _rapport_store_bind_text (stmt, 7, rapport_message_get_author_name (message));
  _rapport_store_bind_text_or_null (stmt, 8, rapport_message_get_author_remote_id (message));
  _rapport_store_bind_id_or_null (stmt, 9, author_customer_id);
  _rapport_store_bind_text (stmt, 10, message_body (message));
  sqlite3_bind_int64 (stmt, 11, rapport_message_get_created_at (message));
}

/* Updates the existing message of @message's remote id, re-indexing its body when it or its
 * time changed. Returns its row id, 0 with @error set. */
static gint64
update_message (RapportStoreWriter  *writer,
                gint64               ticket_id,
                RapportMessage      *message,
                gint64               author_customer_id,
                GError             **error)
{
  RapportStore *self = writer->store;
  const char *body = message_body (message);
  g_autofree char *old_body = NULL;
  gint64 message_id, old_created_at, old_key, key;
  gboolean reindex;

  {
    g_autoptr(RapportStoreStmt) stmt = _rapport_store_prepare (self, sql_message_existing,
                                                               error);

    if (stmt == NULL)
      return 0;

    sqlite3_bind_int64 (stmt, 1, ticket_id);
    _rapport_store_bind_text (stmt, 2, rapport_message_get_remote_id (message));

    if (_rapport_store_step (stmt, "Reading a message", error) != SQLITE_ROW)
      {
        if (error != NULL && *error == NULL)
          g_set_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_FAILED,
                       "Message %s was neither added nor found",
                       rapport_message_get_remote_id (message));
        return 0;
      }

    message_id = sqlite3_column_int64 (stmt, 0);
    old_body = g_strdup (_rapport_store_column_text (stmt, 1));
    old_created_at = sqlite3_column_int64 (stmt, 2);
  }

  if (!_rapport_store_search_key (old_created_at, message_id, RAPPORT_SEARCH_KIND_MESSAGE,
                                  &old_key, error) ||
      !_rapport_store_search_key (rapport_message_get_created_at (message), message_id,
                                  RAPPORT_SEARCH_KIND_MESSAGE, &key, error))
    return 0;

  reindex = key != old_key || g_strcmp0 (old_body, body) != 0;
  if (reindex && !_rapport_store_writer_unindex (writer, old_key, old_body, error))
    return 0;

  {
    g_autoptr(RapportStoreStmt) stmt = _rapport_store_prepare (self, sql_message_update, error);

    if (stmt == NULL)
      return 0;

    bind_message (stmt, ticket_id, message, author_customer_id);
    if (!_rapport_store_step_done (stmt, "Updating a message", error))
      return 0;

    if (sqlite3_changes (self->db) > 0)
      _rapport_store_writer_touch_ticket (writer, ticket_id);
  }

  if (reindex)
    _rapport_store_writer_index (writer, key, body);

  return message_id;
}

gint64
_rapport_store_write_message (RapportStoreWriter  *writer,
                              gint64               ticket_id,
                              RapportMessage      *message,
                              gint64               author_customer_id,
                              gint64               outbox_id,
                              GError             **error)
{
  RapportStore *self = writer->store;
  const char *remote_id = rapport_message_get_remote_id (message);
  const char *body = message_body (message);
  gint64 created_at = rapport_message_get_created_at (message);
  gint64 message_id, key;
  TicketStats *stats;

  g_assert (RAPPORT_IS_MESSAGE (message));

  if (remote_id == NULL || remote_id[0] == '\0')
    {
      g_set_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_INVALID,
                   "A message has no remote id");
      return 0;
    }

  if (rapport_channel_to_string (rapport_message_get_channel (message)) == NULL)
    {
      g_set_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_INVALID,
                   "Message %s has an invalid channel", remote_id);
      return 0;
    }

  {
    g_autoptr(RapportStoreStmt) stmt = NULL;

    stmt = _rapport_store_prepare (self, outbox_id > 0 ? sql_message_insert_local
                                                       : sql_message_insert, error);
    if (stmt == NULL)
      return 0;

    bind_message (stmt, ticket_id, message, author_customer_id);
    if (outbox_id > 0)
      sqlite3_bind_int64 (stmt, 12, outbox_id);
    if (!_rapport_store_step_done (stmt, "Adding a message", error))
      return 0;

    message_id = _rapport_store_inserted_id (self);
  }

  /* Nothing inserted: the message exists. */
  if (message_id == 0)
    return update_message (writer, ticket_id, message, author_customer_id, error);

  if (!_rapport_store_search_key (created_at, message_id, RAPPORT_SEARCH_KIND_MESSAGE, &key,
                                  error))
    return 0;

  _rapport_store_writer_index (writer, key, body);

  stats = ticket_stats (writer, ticket_id);
  stats->n_inserted++;
  if (rapport_message_get_visibility (message) == RAPPORT_VISIBILITY_PUBLIC &&
      (stats->newest_public_body == NULL ||
       created_at > stats->newest_public_at ||
       (created_at == stats->newest_public_at && message_id > stats->newest_public_id)))
    {
      stats->newest_public_body = body;
      stats->newest_public_at = created_at;
      stats->newest_public_id = message_id;
    }

  return message_id;
}

gboolean
_rapport_store_delete_message (RapportStoreWriter  *writer,
                               gint64               message_id,
                               GError             **error)
{
  RapportStore *self = writer->store;
  g_autofree char *body = NULL;
  gint64 ticket_id, key;

  if (message_id <= 0)
    return TRUE;

  {
    g_autoptr(RapportStoreStmt) stmt = _rapport_store_prepare (self, sql_message_doc, error);
    int rc;

    if (stmt == NULL)
      return FALSE;

    sqlite3_bind_int64 (stmt, 1, message_id);
    rc = _rapport_store_step (stmt, "Reading a message", error);
    if (rc == 0)
      return FALSE;
    if (rc == SQLITE_DONE)
      return TRUE; /* already gone */

    ticket_id = sqlite3_column_int64 (stmt, 0);
    body = g_strdup (_rapport_store_column_text (stmt, 2));
    if (!_rapport_store_search_key (sqlite3_column_int64 (stmt, 1), message_id,
                                    RAPPORT_SEARCH_KIND_MESSAGE, &key, error))
      return FALSE;
  }

  if (!_rapport_store_writer_unindex (writer, key, body, error))
    return FALSE;

  {
    g_autoptr(RapportStoreStmt) stmt = _rapport_store_prepare (self, sql_message_delete, error);

    if (stmt == NULL)
      return FALSE;

    sqlite3_bind_int64 (stmt, 1, message_id);
    if (!_rapport_store_step_done (stmt, "Deleting a message", error))
      return FALSE;
  }

  _rapport_store_writer_touch_ticket (writer, ticket_id);

  return TRUE;
}
