/* rapport-store-suggest.c
 *
 * The suggestion content of the cache (0006-suggestions.sql): candidates, the past-answers
 * index, the team's uses, the knowledge search, and the entry points of the ranker
 * (rapport-ranker.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rapport-store"

#include "config.h"

#include <string.h>

#include "rapport-ranker-private.h"
#include "rapport-store-private.h"
#include "rapport-store-suggest.h"
#include "rapport-store-suggest-private.h"

/* The most results of a knowledge search. */
#define KNOWLEDGE_MAX      100

static const char *sql_candidate_by_id =
  "SELECT ifnull (account_id, 0) FROM candidates WHERE id = ?1";
static const char *sql_candidate_by_key =
  "SELECT id FROM candidates WHERE ifnull (account_id, 0) = ?1 AND key = ?2";
static const char *sql_candidate_insert =
  "INSERT INTO candidates (account_id, remote_id, key, kind, title, body, body_text, "
  "short_body, tags, channels, url, created_at, updated_at) "
  "VALUES (nullif (?1, 0), ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)";
/* The stored row when it already holds exactly this (an unset ?12 leaves updated_at aside). */
static const char *sql_candidate_same =
  "SELECT updated_at FROM candidates WHERE id = ?1 AND remote_id IS ?2 AND key = ?3 "
  "AND kind = ?4 AND title = ?5 AND body = ?6 AND body_text = ?7 AND short_body IS ?8 "
  "AND tags = ?9 AND channels = ?10 AND url IS ?11 AND (?12 <= 0 OR updated_at = ?12)";
static const char *sql_candidate_update =
  "UPDATE candidates SET remote_id = ?2, key = ?3, kind = ?4, title = ?5, body = ?6, "
  "body_text = ?7, short_body = ?8, tags = ?9, channels = ?10, url = ?11, updated_at = ?12 "
  "WHERE id = ?1";
/* Past answers that named this candidate before it existed. */
static const char *sql_candidate_link =
  "UPDATE past_answers SET candidate_id = ?1 "
  "WHERE candidate_id IS NULL AND answer_key = ?2 "
  "AND (?3 = 0 OR ifnull (account_id, 0) IN (0, ?3))";
static const char *sql_candidate_delete = "DELETE FROM candidates WHERE id = ?1";
/* What the index reads of a row (for suggest_terms). */
static const char *sql_candidate_texts =
  "SELECT title, tags, body_text FROM candidates WHERE id = ?1";
static const char *sql_candidate_list =
  "SELECT " RAPPORT_CANDIDATE_COLUMNS " FROM candidates "
  "ORDER BY kind = 'article', title, key, id";
static const char *sql_account_candidates =
  "SELECT id, key FROM candidates WHERE account_id = ?1";
static const char *sql_use_insert =
  "INSERT INTO suggestion_uses (candidate_id, ticket_id, used_at) VALUES (?1, ?2, ?3)";
static const char *sql_customer_messages =
  "SELECT body FROM messages WHERE ticket_id = ?1 AND direction = 'in' "
  "AND visibility = 'public' ORDER BY created_at, id LIMIT ?2";
static const char *sql_ticket_for_suggest =
  "SELECT subject, channel, tags FROM tickets WHERE id = ?1";
static const char *sql_knowledge_titles =
  "SELECT " RAPPORT_CANDIDATE_COLUMNS " FROM candidates WHERE kind = 'article' "
  "ORDER BY title, id LIMIT ?1";
static const char *sql_knowledge_search =
  "SELECT " RAPPORT_CANDIDATE_COLUMNS " FROM (SELECT rowid, rank FROM candidates_fts "
  "WHERE candidates_fts MATCH ?1 ORDER BY rank LIMIT ?2) f JOIN candidates c ON c.id = f.rowid "
  "ORDER BY f.rank, c.id";

/* ---------------------------------------------------------------------------------------------
 * Rows
 * ------------------------------------------------------------------------------------------- */

RapportCandidate *
_rapport_store_candidate_from_row (sqlite3_stmt *stmt)
{
  g_auto(GStrv) tags = g_strsplit (_rapport_store_column_text (stmt, 8) != NULL ?
                                   _rapport_store_column_text (stmt, 8) : "", " ", -1);
  RapportCandidateKind kind = RAPPORT_CANDIDATE_CANNED;

  if (!rapport_candidate_kind_from_string (_rapport_store_column_text (stmt, 4), &kind))
    g_warning ("Unknown candidate kind “%s”", _rapport_store_column_text (stmt, 4));

  return g_object_new (RAPPORT_TYPE_CANDIDATE,
                       "id", sqlite3_column_int64 (stmt, 0),
                       "account-id", sqlite3_column_int64 (stmt, 1),
                       "remote-id", _rapport_store_column_text (stmt, 2),
                       "key", _rapport_store_column_text (stmt, 3),
                       "kind", kind,
                       "title", _rapport_store_column_text (stmt, 5),
                       "body", _rapport_store_column_text (stmt, 6),
                       "short-body", _rapport_store_column_text (stmt, 7),
                       "tags", tags,
                       "channels", (guint) sqlite3_column_int64 (stmt, 9),
                       "url", _rapport_store_column_text (stmt, 10),
                       "updated-at", sqlite3_column_int64 (stmt, 11),
                       NULL);
}

/* Locked. Every row of @stmt (bound, not stepped yet) as a candidate. */
static GPtrArray *
read_candidates (sqlite3_stmt  *stmt,
                 const char    *what,
                 GError       **error)
{
  g_autoptr(GPtrArray) candidates = g_ptr_array_new_with_free_func (g_object_unref);
  int rc;

  while ((rc = _rapport_store_step (stmt, what, error)) == SQLITE_ROW)
    g_ptr_array_add (candidates, _rapport_store_candidate_from_row (stmt));

  return rc == SQLITE_DONE ? g_steal_pointer (&candidates) : NULL;
}

gboolean
_rapport_store_check_utf8 (const char  *text,
            const char  *what,
            GError     **error)
{
  if (text == NULL || g_utf8_validate (text, -1, NULL))
    return TRUE;

  g_set_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_INVALID,
               "The %s is not valid UTF-8", what);
  return FALSE;
}

/* Tags as the indexes hold them: lower-case, space-separated, each tag's own spaces made
 * '-' so that a tag stays one word of the list. */
char *
_rapport_store_join_tags (const char * const *tags)
{
  g_autoptr(GString) joined = g_string_new (NULL);

  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    {
      g_autofree char *lower = NULL;

      if (!g_utf8_validate (tags[i], -1, NULL))
        continue;
      lower = g_utf8_strdown (tags[i], -1);
      g_strstrip (lower);
      if (*lower == '\0')
        continue;
      g_strdelimit (lower, " \t\n\r", '-');
      if (joined->len > 0)
        g_string_append_c (joined, ' ');
      g_string_append (joined, lower);
    }

  return g_string_free (g_steal_pointer (&joined), FALSE);
}

/* Locked, in a transaction. Counts the indexed texts of the row @sql reads for @id (if any)
 * @delta times in index @idx of suggest_terms. */
gboolean
_rapport_store_count_row (RapportStore  *self,
           const char    *sql,
           gint64         id,
           int            idx,
           int            delta,
           GError       **error)
{
  g_autoptr(RapportStoreStmt) stmt = _rapport_store_prepare (self, sql, error);
  g_auto(GStrv) texts = NULL;
  int rc;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, id);
  rc = _rapport_store_step (stmt, "Reading indexed text", error);
  if (rc == 0)
    return FALSE;
  if (rc == SQLITE_DONE)
    return TRUE;

  texts = g_new0 (char *, 4);
  for (int i = 0; i < 3; i++)
    texts[i] = g_strdup (_rapport_store_column_text (stmt, i) != NULL ?
                         _rapport_store_column_text (stmt, i) : "");
  g_clear_pointer (&stmt, _rapport_store_stmt_release);

  return _rapport_ranker_count_document (self, idx, (const char * const *) texts, delta, error);
}

GStrv
_rapport_store_customer_messages (RapportStore  *self,
                                  gint64         ticket_id,
                                  GError       **error)
{
  g_autoptr(RapportStoreStmt) stmt = _rapport_store_prepare (self, sql_customer_messages, error);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  int rc;

  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, ticket_id);
  sqlite3_bind_int (stmt, 2, RAPPORT_STORE_CUSTOMER_MESSAGES);
  while ((rc = _rapport_store_step (stmt, "Reading a ticket's messages", error)) == SQLITE_ROW)
    {
      const char *body = _rapport_store_column_text (stmt, 0);

      /* The cache holds UTF-8; a message that is not is left out, not the ticket. */
      if (body != NULL && g_utf8_validate (body, -1, NULL))
        g_strv_builder_add (builder, body);
    }
  if (rc == 0)
    return NULL;

  return g_strv_builder_end (builder);
}

/* Locked, in a transaction. Deletes candidate @id and its terms' counts. */
static gboolean
remove_candidate (RapportStore  *self,
                  gint64         id,
                  GError       **error)
{
  return _rapport_store_count_row (self, sql_candidate_texts, id,
                                   RAPPORT_RANKER_INDEX_CANDIDATES, -1, error) &&
         _rapport_store_exec_ids (self, sql_candidate_delete, "Deleting a candidate", 1, id, 0,
                                  0, error);
}

/* Locked, in a transaction. Inserts or updates @candidate (by its id when it names a row of
 * its account, else by account and key) and links the past answers waiting for its key. */
/* Binds ?1 (@first: the row's id, or the account of a new row) … ?12 of the candidate
 * statements. */
static void
bind_candidate (sqlite3_stmt     *stmt,
                gint64            first,
                RapportCandidate *candidate,
                const char       *body_text,
                const char       *tags,
                gint64            updated_at)
{
  sqlite3_bind_int64 (stmt, 1, first);
  _rapport_store_bind_text_or_null (stmt, 2, rapport_candidate_get_remote_id (candidate));
  _rapport_store_bind_text (stmt, 3, rapport_candidate_get_key (candidate));
  _rapport_store_bind_text (stmt, 4,
                            rapport_candidate_kind_to_string (rapport_candidate_get_kind (candidate)));
  _rapport_store_bind_text (stmt, 5, rapport_candidate_get_title (candidate));
  _rapport_store_bind_text (stmt, 6, rapport_candidate_get_body (candidate));
  _rapport_store_bind_text (stmt, 7, body_text);
  _rapport_store_bind_text_or_null (stmt, 8, rapport_candidate_get_short_body (candidate));
  _rapport_store_bind_text (stmt, 9, tags);
  sqlite3_bind_int64 (stmt, 10, rapport_candidate_get_channels (candidate));
  _rapport_store_bind_text_or_null (stmt, 11, rapport_candidate_get_url (candidate));
  sqlite3_bind_int64 (stmt, 12, updated_at);
}

/* Locked, in a transaction. Inserts or updates @candidate by (account, key) and sets its id;
 * *@changed (may be NULL) says whether the row was written: a row that already holds exactly
 * this is left alone (a backend's content fetched again rewrites nothing, so its index and
 * term counts are not churned). */
static gboolean
write_candidate (RapportStore      *self,
                 RapportCandidate  *candidate,
                 gboolean          *changed,
                 GError           **error)
{
  g_autoptr(RapportStoreStmt) stmt = NULL;
  g_autofree char *body_text = NULL;
  g_autofree char *tags = NULL;
  gint64 account_id = rapport_candidate_get_account_id (candidate);
  gint64 id = 0, updated_at;
  const char *key = rapport_candidate_get_key (candidate);
  RapportCandidateKind kind = rapport_candidate_get_kind (candidate);
  int rc;

  if (key == NULL || *key == '\0' ||
      (kind != RAPPORT_CANDIDATE_CANNED && kind != RAPPORT_CANDIDATE_ARTICLE))
    {
      g_set_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_INVALID,
                   "A stored candidate needs a key and is a canned response or an article");
      return FALSE;
    }
  if (!_rapport_store_check_utf8 (key, "candidate's key", error) ||
      !_rapport_store_check_utf8 (rapport_candidate_get_remote_id (candidate),
                                  "candidate's remote id", error) ||
      !_rapport_store_check_utf8 (rapport_candidate_get_title (candidate), "candidate's title",
                                  error) ||
      !_rapport_store_check_utf8 (rapport_candidate_get_body (candidate), "candidate's body",
                                  error) ||
      !_rapport_store_check_utf8 (rapport_candidate_get_short_body (candidate),
                                  "candidate's short body", error) ||
      !_rapport_store_check_utf8 (rapport_candidate_get_url (candidate), "candidate's link",
                                  error))
    return FALSE;

  if (rapport_candidate_get_id (candidate) > 0)
    {
      stmt = _rapport_store_prepare (self, sql_candidate_by_id, error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, rapport_candidate_get_id (candidate));
      rc = _rapport_store_step (stmt, "Finding a candidate", error);
      if (rc == 0)
        return FALSE;
      if (rc == SQLITE_ROW && sqlite3_column_int64 (stmt, 0) == account_id)
        id = rapport_candidate_get_id (candidate);
      g_clear_pointer (&stmt, _rapport_store_stmt_release);
    }
  if (id == 0)
    {
      stmt = _rapport_store_prepare (self, sql_candidate_by_key, error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, account_id);
      _rapport_store_bind_text (stmt, 2, key);
      rc = _rapport_store_step (stmt, "Finding a candidate", error);
      if (rc == 0)
        return FALSE;
      if (rc == SQLITE_ROW)
        id = sqlite3_column_int64 (stmt, 0);
      g_clear_pointer (&stmt, _rapport_store_stmt_release);
    }

  updated_at = rapport_candidate_get_updated_at (candidate);
  body_text = _rapport_ranker_index_text (rapport_candidate_get_body (candidate),
                                          rapport_candidate_get_short_body (candidate));
  tags = _rapport_store_join_tags (rapport_candidate_get_tags (candidate));

  if (changed != NULL)
    *changed = TRUE;
  if (id != 0)
    {
      stmt = _rapport_store_prepare (self, sql_candidate_same, error);
      if (stmt == NULL)
        return FALSE;
      bind_candidate (stmt, id, candidate, body_text, tags, updated_at);
      rc = _rapport_store_step (stmt, "Comparing a candidate", error);
      if (rc == 0)
        return FALSE;
      if (rc == SQLITE_ROW)
        {
          rapport_candidate_set_id (candidate, id);
          rapport_candidate_set_updated_at (candidate, sqlite3_column_int64 (stmt, 0));
          if (changed != NULL)
            *changed = FALSE;
          return TRUE;
        }
      g_clear_pointer (&stmt, _rapport_store_stmt_release);
    }

  if (updated_at <= 0)
    updated_at = _rapport_store_now ();

  if (id != 0 &&
      !_rapport_store_count_row (self, sql_candidate_texts, id, RAPPORT_RANKER_INDEX_CANDIDATES,
                                 -1, error))
    return FALSE;

  stmt = _rapport_store_prepare (self, id != 0 ? sql_candidate_update : sql_candidate_insert,
                                 error);
  if (stmt == NULL)
    return FALSE;
  bind_candidate (stmt, id != 0 ? id : account_id, candidate, body_text, tags, updated_at);
  if (!_rapport_store_step_done (stmt, "Saving a candidate", error))
    return FALSE;
  g_clear_pointer (&stmt, _rapport_store_stmt_release);

  if (id == 0)
    id = _rapport_store_inserted_id (self);
  {
    const char *texts[] = { rapport_candidate_get_title (candidate), tags, body_text, NULL };

    if (!_rapport_ranker_count_document (self, RAPPORT_RANKER_INDEX_CANDIDATES, texts, 1,
                                         error))
      return FALSE;
  }

  stmt = _rapport_store_prepare (self, sql_candidate_link, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  _rapport_store_bind_text (stmt, 2, key);
  sqlite3_bind_int64 (stmt, 3, account_id);
  if (!_rapport_store_step_done (stmt, "Linking past answers", error))
    return FALSE;

  rapport_candidate_set_id (candidate, id);
  rapport_candidate_set_updated_at (candidate, updated_at);

  return TRUE;
}

/* ---------------------------------------------------------------------------------------------
 * Candidates
 * ------------------------------------------------------------------------------------------- */

static gboolean
save_candidate (RapportStore      *self,
                RapportCandidate  *candidate,
                GCancellable      *cancellable,
                GError           **error)
{
  gboolean ok;

  if (_rapport_store_begin (self, cancellable, "Saving a candidate", error) == NULL)
    return FALSE;

  ok = write_candidate (self, candidate, NULL, error);

  if (!_rapport_store_end (self, ok, error))
    return FALSE;

  _rapport_store_emit_changed (self, rapport_candidate_get_account_id (candidate));

  return TRUE;
}

gboolean
rapport_store_save_candidate (RapportStore      *self,
                              RapportCandidate  *candidate,
                              GError           **error)
{
  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);
  g_return_val_if_fail (RAPPORT_IS_CANDIDATE (candidate), FALSE);

  return save_candidate (self, candidate, NULL, error);
}

/* The worker saves a copy: the caller's candidate gets its id and time back in _finish (),
 * on the caller's thread, where its "notify" handlers run. */
static gpointer
save_candidate_work (RapportStore  *self,
                     gpointer       data,
                     GCancellable  *cancellable,
                     GError       **error)
{
  GPtrArray *candidates = data;

  return RAPPORT_STORE_WORK_BOOLEAN (save_candidate (self, g_ptr_array_index (candidates, 1),
                                                     cancellable, error));
}

void
rapport_store_save_candidate_async (RapportStore        *self,
                                    RapportCandidate    *candidate,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  GPtrArray *data;

  g_return_if_fail (RAPPORT_IS_STORE (self));
  g_return_if_fail (RAPPORT_IS_CANDIDATE (candidate));

  data = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (data, g_object_ref (candidate));
  g_ptr_array_add (data, rapport_candidate_copy (candidate));

  _rapport_store_run_async (self, self, rapport_store_save_candidate_async, save_candidate_work,
                            data, (GDestroyNotify) g_ptr_array_unref, NULL, cancellable,
                            callback, user_data);
}

gboolean
rapport_store_save_candidate_finish (RapportStore  *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  GPtrArray *data;
  RapportCandidate *saved;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);

  if (!_rapport_store_run_finish_boolean (self, result, rapport_store_save_candidate_async,
                                          error))
    return FALSE;

  data = _rapport_store_run_get_data (result);
  saved = g_ptr_array_index (data, 1);
  rapport_candidate_set_id (g_ptr_array_index (data, 0), rapport_candidate_get_id (saved));
  rapport_candidate_set_updated_at (g_ptr_array_index (data, 0),
                                    rapport_candidate_get_updated_at (saved));

  return TRUE;
}

static gboolean
delete_candidate (RapportStore  *self,
                  gint64         candidate_id,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autoptr(RapportStoreStmt) stmt = NULL;
  gint64 account_id = 0;
  gboolean ok = FALSE;
  int rc;

  if (_rapport_store_begin (self, cancellable, "Deleting a candidate", error) == NULL)
    return FALSE;

  stmt = _rapport_store_prepare (self, sql_candidate_by_id, error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, candidate_id);
      rc = _rapport_store_step (stmt, "Finding a candidate", error);
      if (rc == SQLITE_ROW)
        {
          account_id = sqlite3_column_int64 (stmt, 0);
          ok = TRUE;
        }
      else if (rc == SQLITE_DONE)
        {
          g_set_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_NOT_FOUND,
                       "No candidate %" G_GINT64_FORMAT, candidate_id);
        }
    }
  g_clear_pointer (&stmt, _rapport_store_stmt_release);

  ok = ok && remove_candidate (self, candidate_id, error);

  if (!_rapport_store_end (self, ok, error))
    return FALSE;

  _rapport_store_emit_changed (self, account_id);

  return TRUE;
}

gboolean
rapport_store_delete_candidate (RapportStore  *self,
                                gint64         candidate_id,
                                GError       **error)
{
  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);

  return delete_candidate (self, candidate_id, NULL, error);
}

static gpointer
delete_candidate_work (RapportStore  *self,
                       gpointer       data,
                       GCancellable  *cancellable,
                       GError       **error)
{
  return RAPPORT_STORE_WORK_BOOLEAN (delete_candidate (self, *(gint64 *) data, cancellable,
                                                       error));
}

void
rapport_store_delete_candidate_async (RapportStore        *self,
                                      gint64               candidate_id,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (RAPPORT_IS_STORE (self));

  _rapport_store_run_async (self, self, rapport_store_delete_candidate_async,
                            delete_candidate_work, g_memdup2 (&candidate_id, sizeof candidate_id),
                            g_free, NULL, cancellable, callback, user_data);
}

gboolean
rapport_store_delete_candidate_finish (RapportStore  *self,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);

  return _rapport_store_run_finish_boolean (self, result, rapport_store_delete_candidate_async,
                                            error);
}

static GPtrArray *
list_candidates (RapportStore  *self,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(RapportStoreStmt) stmt = NULL;
  GPtrArray *candidates = NULL;

  if (_rapport_store_lock (self, cancellable, error) == NULL)
    return NULL;

  stmt = _rapport_store_prepare (self, sql_candidate_list, error);
  if (stmt != NULL)
    candidates = read_candidates (stmt, "Listing candidates", error);
  g_clear_pointer (&stmt, _rapport_store_stmt_release);

  _rapport_store_unlock (self);

  return candidates;
}

/**
 * rapport_store_list_candidates:
 *
 * Returns: (transfer container) (element-type RapportCandidate): canned responses, then
 *   articles, each by title
 */
GPtrArray *
rapport_store_list_candidates (RapportStore  *self,
                               GError       **error)
{
  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);

  return list_candidates (self, NULL, error);
}

static gpointer
list_candidates_work (RapportStore  *self,
                      gpointer       data,
                      GCancellable  *cancellable,
                      GError       **error)
{
  return list_candidates (self, cancellable, error);
}

void
rapport_store_list_candidates_async (RapportStore        *self,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (RAPPORT_IS_STORE (self));

  _rapport_store_run_async (self, self, rapport_store_list_candidates_async,
                            list_candidates_work, NULL, NULL,
                            (GDestroyNotify) g_ptr_array_unref, cancellable, callback,
                            user_data);
}

GPtrArray *
rapport_store_list_candidates_finish (RapportStore  *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);

  return _rapport_store_run_finish (self, result, rapport_store_list_candidates_async, error);
}

/* Locked, in a transaction. */
static gboolean
replace_account_candidates (RapportStore  *self,
                            gint64         account_id,
                            GPtrArray     *candidates,
                            gboolean      *changed,
                            GError       **error)
{
  g_autoptr(GHashTable) gone = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(RapportStoreStmt) stmt = NULL;
  GHashTableIter iter;
  gpointer value;
  int rc;

  /* What the account has now: whatever is not supplied again goes, with its uses. */
  stmt = _rapport_store_prepare (self, sql_account_candidates, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, account_id);
  while ((rc = _rapport_store_step (stmt, "Reading an account's candidates", error)) ==
         SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_hash_table_insert (gone, g_strdup (_rapport_store_column_text (stmt, 1)),
                           g_memdup2 (&id, sizeof id));
    }
  if (rc == 0)
    return FALSE;
  g_clear_pointer (&stmt, _rapport_store_stmt_release);

  for (guint i = 0; candidates != NULL && i < candidates->len; i++)
    {
      RapportCandidate *candidate = g_ptr_array_index (candidates, i);
      gboolean written;

      g_return_val_if_fail (RAPPORT_IS_CANDIDATE (candidate), FALSE);

      /* A surviving key keeps its row (and so its uses). */
      rapport_candidate_set_id (candidate, 0);
      rapport_candidate_set_remote (candidate, account_id,
                                    rapport_candidate_get_remote_id (candidate));
      if (!write_candidate (self, candidate, &written, error))
        return FALSE;
      *changed |= written;
      g_hash_table_remove (gone, rapport_candidate_get_key (candidate));
    }

  g_hash_table_iter_init (&iter, gone);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      if (!remove_candidate (self, *(gint64 *) value, error))
        return FALSE;
      *changed = TRUE;
    }

  return TRUE;
}

gboolean
_rapport_store_remove_account_candidates (RapportStore  *self,
                                          gint64         account_id,
                                          GError       **error)
{
  gboolean changed = FALSE;

  return replace_account_candidates (self, account_id, NULL, &changed, error);
}

gboolean
rapport_store_replace_account_candidates (RapportStore  *self,
                                          gint64         account_id,
                                          GPtrArray     *candidates,
                                          GError       **error)
{
  gboolean ok, changed = FALSE;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);
  g_return_val_if_fail (account_id > 0, FALSE);

  if (_rapport_store_begin (self, NULL, "Replacing an account's candidates", error) == NULL)
    return FALSE;

  ok = replace_account_candidates (self, account_id, candidates, &changed, error);

  if (!_rapport_store_end (self, ok, error))
    return FALSE;

  /* The same content fetched again: nothing to show anew. */
  if (changed)
    _rapport_store_emit_changed (self, account_id);

  return TRUE;
}

/* ---------------------------------------------------------------------------------------------
 * Uses
 * ------------------------------------------------------------------------------------------- */

typedef struct
{
  gint64 candidate_id;
  gint64 ticket_id;
  gint64 used_at;
} UseData;

static gboolean
record_use (RapportStore  *self,
            const UseData *use,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(RapportStoreStmt) stmt = NULL;
  gint64 account_id = 0;
  gboolean ok = FALSE;
  int rc;

  if (_rapport_store_begin (self, cancellable, "Recording a use", error) == NULL)
    return FALSE;

  stmt = _rapport_store_prepare (self, sql_candidate_by_id, error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, use->candidate_id);
      rc = _rapport_store_step (stmt, "Finding a candidate", error);
      if (rc == SQLITE_ROW)
        {
          account_id = sqlite3_column_int64 (stmt, 0);
          ok = TRUE;
        }
      else if (rc == SQLITE_DONE)
        {
          g_set_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_NOT_FOUND,
                       "No candidate %" G_GINT64_FORMAT, use->candidate_id);
        }
    }
  g_clear_pointer (&stmt, _rapport_store_stmt_release);

  ok = ok && _rapport_store_exec_ids (self, sql_use_insert, "Recording a use", 3,
                                      use->candidate_id, use->ticket_id, use->used_at, error);

  if (!_rapport_store_end (self, ok, error))
    return FALSE;

  _rapport_store_emit_changed (self, account_id);

  return TRUE;
}

gboolean
rapport_store_record_use (RapportStore  *self,
                          gint64         candidate_id,
                          gint64         ticket_id,
                          gint64         used_at,
                          GError       **error)
{
  UseData use = { candidate_id, ticket_id, used_at };

  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);

  return record_use (self, &use, NULL, error);
}

static gpointer
record_use_work (RapportStore  *self,
                 gpointer       data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  return RAPPORT_STORE_WORK_BOOLEAN (record_use (self, data, cancellable, error));
}

void
rapport_store_record_use_async (RapportStore        *self,
                                gint64               candidate_id,
                                gint64               ticket_id,
                                gint64               used_at,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  UseData use = { candidate_id, ticket_id, used_at };

  g_return_if_fail (RAPPORT_IS_STORE (self));

  _rapport_store_run_async (self, self, rapport_store_record_use_async, record_use_work,
                            g_memdup2 (&use, sizeof use), g_free, NULL, cancellable, callback,
                            user_data);
}

gboolean
rapport_store_record_use_finish (RapportStore  *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);

  return _rapport_store_run_finish_boolean (self, result, rapport_store_record_use_async,
                                            error);
}

/* ---------------------------------------------------------------------------------------------
 * The ranker
 * ------------------------------------------------------------------------------------------- */

/**
 * rapport_store_suggest:
 *
 * Returns: (transfer container) (element-type RapportSuggestion): best first
 */
GPtrArray *
rapport_store_suggest (RapportStore               *self,
                       const RapportSuggestQuery  *query,
                       guint                       max,
                       GError                    **error)
{
  GPtrArray *suggestions;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  if (_rapport_store_lock (self, NULL, error) == NULL)
    return NULL;

  suggestions = _rapport_ranker_suggest (self, query, max, error);

  _rapport_store_unlock (self);

  return suggestions;
}

typedef struct
{
  gint64 ticket_id;
  guint  max;
  gint64 now;
} SuggestData;

/* Locked. The ticket's subject, channel, tags and customer messages, ranked. */
static GPtrArray *
suggest_for_ticket (RapportStore       *self,
                    const SuggestData  *data,
                    GError            **error)
{
  g_autoptr(RapportStoreStmt) stmt = NULL;
  g_autofree char *subject = NULL;
  g_auto(GStrv) tags = NULL;
  g_auto(GStrv) messages = NULL;
  RapportSuggestQuery query = { 0 };
  int rc;

  stmt = _rapport_store_prepare (self, sql_ticket_for_suggest, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, data->ticket_id);
  rc = _rapport_store_step (stmt, "Reading a ticket", error);
  if (rc == 0)
    return NULL;
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_NOT_FOUND,
                   "No ticket %" G_GINT64_FORMAT, data->ticket_id);
      return NULL;
    }
  subject = g_strdup (_rapport_store_column_text (stmt, 0));
  query.channel = _rapport_store_channel_from_column (stmt, 1);
  tags = _rapport_store_tags_from_json (_rapport_store_column_text (stmt, 2));
  g_clear_pointer (&stmt, _rapport_store_stmt_release);

  messages = _rapport_store_customer_messages (self, data->ticket_id, error);
  if (messages == NULL)
    return NULL;

  query.subject = subject;
  query.tags = (const char * const *) tags;
  query.messages = (const char * const *) messages;
  query.ticket_id = data->ticket_id;
  query.now = data->now;

  return _rapport_ranker_suggest (self, &query, data->max, error);
}

static gpointer
suggest_for_ticket_work (RapportStore  *self,
                         gpointer       data,
                         GCancellable  *cancellable,
                         GError       **error)
{
  GPtrArray *suggestions;

  if (_rapport_store_lock (self, cancellable, error) == NULL)
    return NULL;

  suggestions = suggest_for_ticket (self, data, error);

  _rapport_store_unlock (self);

  return suggestions;
}

void
rapport_store_suggest_for_ticket_async (RapportStore        *self,
                                        gint64               ticket_id,
                                        guint                max,
                                        gint64               now,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  SuggestData data = { ticket_id, max, now };

  g_return_if_fail (RAPPORT_IS_STORE (self));

  _rapport_store_run_async (self, self, rapport_store_suggest_for_ticket_async,
                            suggest_for_ticket_work, g_memdup2 (&data, sizeof data), g_free,
                            (GDestroyNotify) g_ptr_array_unref, cancellable, callback,
                            user_data);
}

/**
 * rapport_store_suggest_for_ticket_finish:
 *
 * Returns: (transfer container) (element-type RapportSuggestion): best first
 */
GPtrArray *
rapport_store_suggest_for_ticket_finish (RapportStore  *self,
                                         GAsyncResult  *result,
                                         GError       **error)
{
  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);

  return _rapport_store_run_finish (self, result, rapport_store_suggest_for_ticket_async,
                                    error);
}

/* ---------------------------------------------------------------------------------------------
 * Knowledge search
 * ------------------------------------------------------------------------------------------- */

typedef struct
{
  char  *text;
  guint  max;
} KnowledgeData;

static void
knowledge_data_free (KnowledgeData *data)
{
  g_free (data->text);
  g_free (data);
}

static GPtrArray *
search_knowledge (RapportStore  *self,
                  const char    *text,
                  guint          max,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autoptr(RapportStoreStmt) stmt = NULL;
  g_autofree char *fts = NULL;
  GPtrArray *candidates = NULL;
  gboolean blank;

  if (!_rapport_store_check_utf8 (text, "search text", error))
    return NULL;

  max = MIN (max, KNOWLEDGE_MAX);
  blank = TRUE;
  for (const char *p = text; p != NULL && *p != '\0' && blank; p = g_utf8_next_char (p))
    blank = g_unichar_isspace (g_utf8_get_char (p));
  if (!blank)
    {
      fts = _rapport_store_build_fts_query (text);
      if (fts == NULL)
        return g_ptr_array_new_with_free_func (g_object_unref);
    }

  if (_rapport_store_lock (self, cancellable, error) == NULL)
    return NULL;

  stmt = _rapport_store_prepare (self, blank ? sql_knowledge_titles : sql_knowledge_search,
                                 error);
  if (stmt != NULL)
    {
      if (blank)
        {
          sqlite3_bind_int (stmt, 1, (int) max);
        }
      else
        {
          _rapport_store_bind_text (stmt, 1, fts);
          sqlite3_bind_int (stmt, 2, (int) max);
        }
      candidates = read_candidates (stmt, "Searching the knowledge base", error);
    }
  g_clear_pointer (&stmt, _rapport_store_stmt_release);

  _rapport_store_unlock (self);

  return candidates;
}

/**
 * rapport_store_search_knowledge:
 *
 * Returns: (transfer container) (element-type RapportCandidate): best first
 */
GPtrArray *
rapport_store_search_knowledge (RapportStore  *self,
                                const char    *text,
                                guint          max,
                                GError       **error)
{
  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);

  return search_knowledge (self, text, max, NULL, error);
}

static gpointer
search_knowledge_work (RapportStore  *self,
                       gpointer       data,
                       GCancellable  *cancellable,
                       GError       **error)
{
  KnowledgeData *knowledge = data;

  return search_knowledge (self, knowledge->text, knowledge->max, cancellable, error);
}

void
rapport_store_search_knowledge_async (RapportStore        *self,
                                      const char          *text,
                                      guint                max,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  KnowledgeData *data;

  g_return_if_fail (RAPPORT_IS_STORE (self));

  data = g_new0 (KnowledgeData, 1);
  data->text = g_strdup (text);
  data->max = max;

  _rapport_store_run_async (self, self, rapport_store_search_knowledge_async,
                            search_knowledge_work, data, (GDestroyNotify) knowledge_data_free,
                            (GDestroyNotify) g_ptr_array_unref, cancellable, callback,
                            user_data);
}

GPtrArray *
rapport_store_search_knowledge_finish (RapportStore  *self,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);

  return _rapport_store_run_finish (self, result, rapport_store_search_knowledge_async, error);
}
