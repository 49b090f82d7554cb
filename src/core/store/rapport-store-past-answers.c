/* rapport-store-past-answers.c
 *
 * The past-answers index (0006-suggestions.sql): how solved tickets were answered, added from
 * files and tests, and kept up to date with the cache's own solved tickets, incrementally.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rapport-store"

#include "config.h"

#include "rapport-ranker-private.h"
#include "rapport-store-private.h"
#include "rapport-store-suggest.h"
#include "rapport-store-suggest-private.h"

/* A past answer's question is read up to this many bytes of the customer's words. */
#define QUESTION_MAX_BYTES (16 * 1024)
/* Indexing the cache's solved tickets: tickets per transaction. */
#define INDEX_BATCH        100

/* A key names the account's own candidate first, else the workspace's. */
static const char *sql_answer_candidate =
  "SELECT id FROM candidates WHERE ifnull (account_id, 0) IN (0, ?2) AND key = ?1 "
  "ORDER BY ifnull (account_id, 0) DESC LIMIT 1";
static const char *sql_past_delete_ticket = "DELETE FROM past_answers WHERE ticket_id = ?1";
static const char *sql_past_insert =
  "INSERT INTO past_answers (account_id, ticket_id, key, subject, question, reply, "
  "reply_message_id, answer_key, candidate_id, channel, tags, answered_at) "
  "VALUES (nullif (?1, 0), nullif (?2, 0), ?3, ?4, ?5, ?6, nullif (?7, 0), ?8, nullif (?9, 0), "
  "?10, ?11, ?12)";
/* Where the last run of an account stopped: its solved tickets are read in (updated_at, id)
 * order, so a run reads only what changed since (a new reply moves a ticket's updated_at). Kept
 * in sync_state as "<updated_at>:<id>". */
#define INDEX_RESOURCE "past-answers"
static const char *sql_index_accounts = "SELECT id FROM accounts ORDER BY id";
static const char *sql_index_mark_get =
  "SELECT cursor FROM sync_state WHERE account_id = ?1 AND resource = '" INDEX_RESOURCE "'";
static const char *sql_index_mark_set =
  "INSERT INTO sync_state (account_id, resource, cursor, updated_at) "
  "VALUES (?1, '" INDEX_RESOURCE "', ?2, ?3) "
  "ON CONFLICT (account_id, resource) DO UPDATE SET cursor = excluded.cursor, "
  "updated_at = excluded.updated_at";
/* The account's solved and closed tickets (is_open = 0) after the mark, through the index
 * tickets_open (account_id, is_open, updated_at), with their last public reply from the team
 * and the reply their past answer holds now. */
static const char *sql_index_pending =
  "SELECT t.id, t.account_id, t.remote_id, t.subject, t.channel, t.tags, t.solved_at, "
  "r.id, r.body, r.created_at, t.updated_at, p.reply_message_id "
  "FROM tickets t "
  "LEFT JOIN messages r ON r.id = (SELECT m.id FROM messages m WHERE m.ticket_id = t.id "
  "AND m.direction = 'out' AND m.visibility = 'public' AND m.author_kind <> 'system' "
  "ORDER BY m.created_at DESC, m.id DESC LIMIT 1) "
  "LEFT JOIN past_answers p ON p.ticket_id = t.id "
  "WHERE t.account_id = ?1 AND t.is_open = 0 AND (t.updated_at, t.id) > (?2, ?3) "
  "ORDER BY t.updated_at, t.id LIMIT ?4";
static const char *sql_past_texts =
  "SELECT subject, question, tags FROM past_answers WHERE ticket_id = ?1";
static const char *sql_past_of_account = "SELECT id FROM past_answers WHERE account_id = ?1";
static const char *sql_past_texts_by_id =
  "SELECT subject, question, tags FROM past_answers WHERE id = ?1";
static const char *sql_past_delete_account = "DELETE FROM past_answers WHERE account_id = ?1";

/* ---------------------------------------------------------------------------------------------
 * Past answers
 * ------------------------------------------------------------------------------------------- */

/* Locked, in a transaction. Adds @answer (replacing the answer of its ticket, if any);
 * @reply_message_id: the message its reply is, 0 for none. */
static gboolean
insert_past_answer (RapportStore             *self,
                    const RapportPastAnswer  *answer,
                    gint64                    reply_message_id,
                    GError                  **error)
{
  g_autoptr(RapportStoreStmt) stmt = NULL;
  g_autofree char *question = NULL;
  g_autofree char *tags = NULL;
  gint64 candidate_id = 0;
  int rc;

  if (!_rapport_store_check_utf8 (answer->subject, "past ticket's subject", error) ||
      !_rapport_store_check_utf8 (answer->key, "past ticket's key", error) ||
      !_rapport_store_check_utf8 (answer->answer_key, "past ticket's answer", error) ||
      !_rapport_store_check_utf8 (answer->reply, "past ticket's reply", error))
    return FALSE;

  question = _rapport_ranker_customer_text (answer->messages, QUESTION_MAX_BYTES, error);
  if (question == NULL)
    return FALSE;
  tags = _rapport_store_join_tags (answer->tags);

  if (answer->answer_key != NULL && *answer->answer_key != '\0')
    {
      stmt = _rapport_store_prepare (self, sql_answer_candidate, error);
      if (stmt == NULL)
        return FALSE;
      _rapport_store_bind_text (stmt, 1, answer->answer_key);
      sqlite3_bind_int64 (stmt, 2, answer->account_id);
      rc = _rapport_store_step (stmt, "Finding an answer's candidate", error);
      if (rc == 0)
        return FALSE;
      if (rc == SQLITE_ROW)
        candidate_id = sqlite3_column_int64 (stmt, 0);
      g_clear_pointer (&stmt, _rapport_store_stmt_release);
    }
  else if (answer->reply != NULL)
    {
      candidate_id = _rapport_ranker_detect_candidate (self, answer->reply, answer->account_id,
                                                       error);
      if (candidate_id < 0)
        return FALSE;
    }

  if (answer->ticket_id > 0 &&
      (!_rapport_store_count_row (self, sql_past_texts, answer->ticket_id,
                                  RAPPORT_RANKER_INDEX_PAST, -1, error) ||
       !_rapport_store_exec_ids (self, sql_past_delete_ticket, "Replacing a past answer", 1,
                                 answer->ticket_id, 0, 0, error)))
    return FALSE;

  stmt = _rapport_store_prepare (self, sql_past_insert, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, answer->account_id);
  sqlite3_bind_int64 (stmt, 2, answer->ticket_id);
  _rapport_store_bind_text_or_null (stmt, 3, answer->key);
  _rapport_store_bind_text (stmt, 4, answer->subject != NULL ? answer->subject : "");
  _rapport_store_bind_text (stmt, 5, question);
  _rapport_store_bind_text_or_null (stmt, 6, answer->reply);
  sqlite3_bind_int64 (stmt, 7, reply_message_id);
  _rapport_store_bind_text_or_null (stmt, 8, answer->answer_key);
  sqlite3_bind_int64 (stmt, 9, candidate_id);
  _rapport_store_bind_text (stmt, 10, rapport_channel_to_string (answer->channel));
  _rapport_store_bind_text (stmt, 11, tags);
  sqlite3_bind_int64 (stmt, 12, answer->answered_at);
  if (!_rapport_store_step_done (stmt, "Adding a past answer", error))
    return FALSE;
  g_clear_pointer (&stmt, _rapport_store_stmt_release);

  {
    const char *texts[] = { answer->subject != NULL ? answer->subject : "", question, tags,
                            NULL };

    return _rapport_ranker_count_document (self, RAPPORT_RANKER_INDEX_PAST, texts, 1, error);
  }
}

static void
emit_accounts (RapportStore *self,
               GArray       *accounts)
{
  for (guint i = 0; i < accounts->len; i++)
    {
      gboolean seen = FALSE;

      for (guint j = 0; j < i && !seen; j++)
        seen = g_array_index (accounts, gint64, j) == g_array_index (accounts, gint64, i);
      if (!seen)
        _rapport_store_emit_changed (self, g_array_index (accounts, gint64, i));
    }
}

gboolean
rapport_store_add_past_answers (RapportStore                     *self,
                                const RapportPastAnswer * const  *answers,
                                guint                             n_answers,
                                GError                          **error)
{
  g_autoptr(GArray) accounts = g_array_new (FALSE, FALSE, sizeof (gint64));
  gboolean ok = TRUE;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);
  g_return_val_if_fail (answers != NULL || n_answers == 0, FALSE);

  if (_rapport_store_begin (self, NULL, "Adding past answers", error) == NULL)
    return FALSE;

  for (guint i = 0; ok && i < n_answers; i++)
    {
      ok = insert_past_answer (self, answers[i], 0, error);
      g_array_append_val (accounts, answers[i]->account_id);
    }

  if (!_rapport_store_end (self, ok, error))
    return FALSE;

  emit_accounts (self, accounts);

  return TRUE;
}

/* A solved ticket to index, read before writing. */
typedef struct
{
  gint64  ticket_id;
  gint64  account_id;
  char   *remote_id;
  char   *subject;
  char   *channel;
  char   *tags;
  gint64  solved_at;
  gint64  reply_id;
  char   *reply;
  gint64  replied_at;
} PendingTicket;

static void
pending_ticket_clear (gpointer data)
{
  PendingTicket *pending = data;

  g_free (pending->remote_id);
  g_free (pending->subject);
  g_free (pending->channel);
  g_free (pending->tags);
  g_free (pending->reply);
}

/* Locked, in a transaction. Indexes @pending with its customer's public messages. */
static gboolean
index_ticket (RapportStore   *self,
              PendingTicket  *pending,
              GError        **error)
{
  g_auto(GStrv) messages = NULL;
  g_auto(GStrv) tags = _rapport_store_tags_from_json (pending->tags);
  RapportPastAnswer answer = { 0 };

  messages = _rapport_store_customer_messages (self, pending->ticket_id, error);
  if (messages == NULL)
    return FALSE;

  answer.account_id = pending->account_id;
  answer.ticket_id = pending->ticket_id;
  answer.key = pending->remote_id;
  answer.subject = pending->subject != NULL && g_utf8_validate (pending->subject, -1, NULL) ?
                   pending->subject : "";
  if (!rapport_channel_from_string (pending->channel, &answer.channel))
    answer.channel = RAPPORT_CHANNEL_EMAIL;
  answer.tags = (const char * const *) tags;
  answer.messages = (const char * const *) messages;
  answer.reply = pending->reply != NULL && g_utf8_validate (pending->reply, -1, NULL) ?
                 pending->reply : NULL;
  answer.answered_at = pending->solved_at > 0 ? pending->solved_at : pending->replied_at;

  return insert_past_answer (self, &answer, pending->reply_id, error);
}

typedef struct
{
  gint64 updated_at;
  gint64 ticket_id;
} IndexMark;

/* Locked. The mark of @account_id (0, 0 before its first run). */
static gboolean
read_mark (RapportStore  *self,
           gint64         account_id,
           IndexMark     *mark,
           GError       **error)
{
  g_autoptr(RapportStoreStmt) stmt = _rapport_store_prepare (self, sql_index_mark_get, error);
  int rc;

  mark->updated_at = 0;
  mark->ticket_id = 0;
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, account_id);
  rc = _rapport_store_step (stmt, "Reading the index mark", error);
  if (rc == SQLITE_ROW)
    {
      const char *text = _rapport_store_column_text (stmt, 0);
      g_auto(GStrv) parts = text != NULL ? g_strsplit (text, ":", 2) : NULL;

      /* Our own text; anything else starts the account over. */
      if (parts != NULL && g_strv_length (parts) == 2)
        {
          mark->updated_at = g_ascii_strtoll (parts[0], NULL, 10);
          mark->ticket_id = g_ascii_strtoll (parts[1], NULL, 10);
        }
      return TRUE;
    }

  return rc == SQLITE_DONE;
}

/* One batch of @account_id: reads up to INDEX_BATCH of its solved tickets after @mark,
 * indexes those with a team reply not indexed yet, and moves the mark past them, in one
 * transaction. Returns how many were read (0: the account is done), -1 with @error set; adds
 * how many were indexed to *@added. */
static int
index_batch (RapportStore  *self,
             gint64         account_id,
             IndexMark     *mark,
             guint         *added,
             GArray        *accounts,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(GArray) pending = g_array_new (FALSE, TRUE, sizeof (PendingTicket));
  g_autoptr(RapportStoreStmt) stmt = NULL;
  IndexMark next = *mark;
  guint n_read = 0;
  gboolean ok = TRUE;
  int rc;

  g_array_set_clear_func (pending, pending_ticket_clear);

  if (_rapport_store_begin (self, cancellable, "Indexing solved tickets", error) == NULL)
    return -1;

  stmt = _rapport_store_prepare (self, sql_index_pending, error);
  ok = stmt != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, account_id);
      sqlite3_bind_int64 (stmt, 2, mark->updated_at);
      sqlite3_bind_int64 (stmt, 3, mark->ticket_id);
      sqlite3_bind_int (stmt, 4, INDEX_BATCH);
      while ((rc = _rapport_store_step (stmt, "Finding solved tickets", error)) == SQLITE_ROW)
        {
          gint64 reply_id = sqlite3_column_int64 (stmt, 7);

          n_read++;
          next.ticket_id = sqlite3_column_int64 (stmt, 0);
          next.updated_at = sqlite3_column_int64 (stmt, 10);

          /* No reply from the team, or indexed with this reply already. */
          if (reply_id == 0 || sqlite3_column_int64 (stmt, 11) == reply_id)
            continue;

          {
            PendingTicket ticket = {
              .ticket_id = next.ticket_id,
              .account_id = sqlite3_column_int64 (stmt, 1),
              .remote_id = g_strdup (_rapport_store_column_text (stmt, 2)),
              .subject = g_strdup (_rapport_store_column_text (stmt, 3)),
              .channel = g_strdup (_rapport_store_column_text (stmt, 4)),
              .tags = g_strdup (_rapport_store_column_text (stmt, 5)),
              .solved_at = sqlite3_column_int64 (stmt, 6),
              .reply_id = reply_id,
              .reply = g_strdup (_rapport_store_column_text (stmt, 8)),
              .replied_at = sqlite3_column_int64 (stmt, 9),
            };

            g_array_append_val (pending, ticket);
          }
        }
      ok = rc == SQLITE_DONE;
    }
  g_clear_pointer (&stmt, _rapport_store_stmt_release);

  for (guint i = 0; ok && i < pending->len; i++)
    {
      PendingTicket *ticket = &g_array_index (pending, PendingTicket, i);

      ok = index_ticket (self, ticket, error);
      g_array_append_val (accounts, ticket->account_id);
    }

  if (ok && n_read > 0)
    {
      g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT,
                                               next.updated_at, next.ticket_id);

      stmt = _rapport_store_prepare (self, sql_index_mark_set, error);
      ok = stmt != NULL;
      if (ok)
        {
          sqlite3_bind_int64 (stmt, 1, account_id);
          _rapport_store_bind_text (stmt, 2, text);
          sqlite3_bind_int64 (stmt, 3, g_get_real_time () / G_USEC_PER_SEC);
          ok = _rapport_store_step (stmt, "Keeping the index mark", error) == SQLITE_DONE;
        }
      g_clear_pointer (&stmt, _rapport_store_stmt_release);
    }

  if (!_rapport_store_end (self, ok, error))
    return -1;

  *mark = next;
  *added += pending->len;

  return (int) n_read;
}

static guint
index_past_answers (RapportStore  *self,
                    GCancellable  *cancellable,
                    gboolean      *ok,
                    GError       **error)
{
  g_autoptr(GArray) accounts = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint added = 0;
  int n = 0;

  /* The accounts, then batches of each, so that the store serves other calls between them. */
  if (_rapport_store_lock (self, cancellable, error) == NULL)
    {
      *ok = FALSE;
      return 0;
    }
  {
    g_autoptr(RapportStoreStmt) stmt = _rapport_store_prepare (self, sql_index_accounts, error);
    int rc = SQLITE_ERROR;

    while (stmt != NULL &&
           (rc = _rapport_store_step (stmt, "Listing the accounts", error)) == SQLITE_ROW)
      {
        gint64 id = sqlite3_column_int64 (stmt, 0);

        g_array_append_val (ids, id);
      }
    if (rc != SQLITE_DONE)
      n = -1;
  }
  _rapport_store_unlock (self);

  for (guint i = 0; n >= 0 && i < ids->len; i++)
    {
      gint64 account_id = g_array_index (ids, gint64, i);
      IndexMark mark;

      if (_rapport_store_lock (self, cancellable, error) == NULL)
        {
          n = -1;
          break;
        }
      if (!read_mark (self, account_id, &mark, error))
        n = -1;
      _rapport_store_unlock (self);
      if (n < 0)
        break;

      while ((n = index_batch (self, account_id, &mark, &added, accounts, cancellable,
                               error)) > 0)
        ;
    }

  *ok = n >= 0;
  emit_accounts (self, accounts);

  return added;
}

guint
rapport_store_index_past_answers (RapportStore  *self,
                                  GError       **error)
{
  gboolean ok;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), 0);

  return index_past_answers (self, NULL, &ok, error);
}

static gpointer
index_past_answers_work (RapportStore  *self,
                         gpointer       data,
                         GCancellable  *cancellable,
                         GError       **error)
{
  gboolean ok;
  guint added = index_past_answers (self, cancellable, &ok, error);

  return ok ? g_memdup2 (&added, sizeof added) : NULL;
}

void
rapport_store_index_past_answers_async (RapportStore        *self,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_return_if_fail (RAPPORT_IS_STORE (self));

  _rapport_store_run_async (self, self, rapport_store_index_past_answers_async,
                            index_past_answers_work, NULL, NULL, g_free, cancellable, callback,
                            user_data);
}

/* How many were added; 0 with @error set on failure. */
guint
rapport_store_index_past_answers_finish (RapportStore  *self,
                                         GAsyncResult  *result,
                                         GError       **error)
{
  g_autofree guint *added = NULL;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), 0);

  added = _rapport_store_run_finish (self, result, rapport_store_index_past_answers_async,
                                     error);

  return added != NULL ? *added : 0;
}


gboolean
_rapport_store_remove_account_past_answers (RapportStore  *self,
                                            gint64         account_id,
                                            GError       **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(RapportStoreStmt) stmt = NULL;
  int rc;

  stmt = _rapport_store_prepare (self, sql_past_of_account, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, account_id);
  while ((rc = _rapport_store_step (stmt, "Reading an account's past answers", error)) ==
         SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  if (rc == 0)
    return FALSE;
  g_clear_pointer (&stmt, _rapport_store_stmt_release);

  /* Their terms no longer count: the words of a removed account's tickets leave the store. */
  for (guint i = 0; i < ids->len; i++)
    if (!_rapport_store_count_row (self, sql_past_texts_by_id, g_array_index (ids, gint64, i),
                                   RAPPORT_RANKER_INDEX_PAST, -1, error))
      return FALSE;

  return _rapport_store_exec_ids (self, sql_past_delete_account,
                                  "Deleting an account's past answers", 1, account_id, 0, 0,
                                  error);
}
