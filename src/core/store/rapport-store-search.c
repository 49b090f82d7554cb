/* rapport-store-search.c
 *
 * Full-text search over ticket subjects and message bodies (messages_fts): the query
 * language, the newest-first lookup, one hit per ticket, and the snippets.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rapport-store"

#include "config.h"

#include "rapport-store.h"
#include "rapport-store-private.h"

#include <string.h>

#define SEARCH_PREFIX_MIN_CHARS 4 /* the last word of a query is a prefix from this length */
#define SEARCH_SNIPPET_BEFORE 4   /* words of context before the match */
#define SEARCH_SNIPPET_AFTER  12  /* and after it */

static const char *sql_search =
  "SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?1 ORDER BY rowid DESC";
static const char *sql_search_doc_message =
  "SELECT m.ticket_id, t.account_id FROM messages m JOIN tickets t ON t.id = m.ticket_id "
  "WHERE m.id = ?1";
static const char *sql_search_doc_ticket =
  "SELECT account_id FROM tickets WHERE id = ?1";
static const char *sql_search_hit_ticket =
  "SELECT t.subject, t.status, t.channel, c.display_name, t.created_at "
  "FROM tickets t LEFT JOIN customers c ON c.id = t.customer_id WHERE t.id = ?1";
static const char *sql_search_hit_message =
  "SELECT channel, created_at, body FROM messages WHERE id = ?1";

/* ---------------------------------------------------------------------------------------------
 * Search
 * ------------------------------------------------------------------------------------------- */

/* Search text is matched the way the FTS5 unicode61 tokenizer (remove_diacritics 2) sees it:
 * words are runs of letters and digits, compared without case and accents. */
static gboolean
is_word_char (gunichar c)
{
  return g_unichar_isalnum (c) || g_unichar_type (c) == G_UNICODE_PRIVATE_USE;
}

static char *
fold_word (const char *word,
           gsize       len)
{
  g_autofree char *decomposed = g_utf8_normalize (word, len, G_NORMALIZE_NFD);
  g_autoptr(GString) bare = NULL;

  if (decomposed == NULL)
    return g_utf8_strdown (word, len);

  bare = g_string_sized_new (len);
  for (const char *p = decomposed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_ismark (c))
        g_string_append_unichar (bare, c);
    }

  return g_utf8_strdown (bare->str, bare->len);
}

/* Finds the next word in [@p, @end); returns FALSE when there is none. */
static gboolean
next_word (const char  *p,
           const char  *end,
           const char **word_start,
           const char **word_end)
{
  while (p < end && !is_word_char (g_utf8_get_char (p)))
    p = g_utf8_next_char (p);

  if (p >= end)
    return FALSE;

  *word_start = p;
  while (p < end && is_word_char (g_utf8_get_char (p)))
    p = g_utf8_next_char (p);
  *word_end = p;

  return TRUE;
}

typedef struct
{
  char      *fts;         /* the FTS5 query, NULL when nothing is searchable */
  GPtrArray *words;       /* folded words of all terms, to find the match in a snippet */
  gboolean   last_prefix; /* the last word matches as a prefix */
} SearchQuery;

static void
search_query_clear (SearchQuery *query)
{
  g_clear_pointer (&query->fts, g_free);
  g_clear_pointer (&query->words, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SearchQuery, search_query_clear)

static void
append_fts_term (GString    *fts,
                 const char *term,
                 gsize       len)
{
  if (fts->len > 0)
    g_string_append_c (fts, ' ');

  g_string_append_c (fts, '"');
  for (gsize i = 0; i < len; i++)
    {
      if (term[i] == '"')
        g_string_append (fts, "\"\"");
      else
        g_string_append_c (fts, term[i]);
    }
  g_string_append_c (fts, '"');
}

/* User text → FTS5 query of double-quoted terms. A "…" group stays one phrase; anything else
 * splits on white space. Quotes inside a term are doubled, so no FTS5 syntax (AND, NEAR,
 * column filters, *, ^) ever reaches the parser from the user. Terms without a letter or
 * digit are dropped. */
static void
parse_search_query (const char  *text,
                    SearchQuery *query)
{
  g_autoptr(GString) fts = g_string_new (NULL);
  g_autofree char *valid = NULL;
  const char *p;

  query->fts = NULL;
  query->words = g_ptr_array_new_with_free_func (g_free);
  query->last_prefix = FALSE;

  if (text == NULL)
    return;

  valid = g_utf8_make_valid (text, -1);

  for (p = valid; *p != '\0'; )
    {
      const char *start, *end, *word_start, *word_end, *q;
      gboolean has_word = FALSE;

      if (g_unichar_isspace (g_utf8_get_char (p)))
        {
          p = g_utf8_next_char (p);
          continue;
        }

      if (*p == '"')
        {
          /* An unterminated phrase runs to the end. */
          start = p + 1;
          end = strchr (start, '"');
          if (end == NULL)
            end = start + strlen (start);
          p = *end == '"' ? end + 1 : end;
        }
      else
        {
          start = p;
          while (*p != '\0' && *p != '"' && !g_unichar_isspace (g_utf8_get_char (p)))
            p = g_utf8_next_char (p);
          end = p;
        }

      for (q = start; next_word (q, end, &word_start, &word_end); q = word_end)
        {
          g_ptr_array_add (query->words, fold_word (word_start, word_end - word_start));
          has_word = TRUE;
        }

      if (has_word)
        append_fts_term (fts, start, end - start);
    }

  if (fts->len == 0)
    return;

  /* Prefix match on the last term, so results come while the user types; but only once its
   * last word has a few characters: FTS5 merges the lists of every word with the prefix
   * before returning the first row, and a one- to three-letter prefix ("a", "th", "the")
   * covers a large part of the index. Shorter words match exactly. */
  if (g_utf8_strlen (query->words->pdata[query->words->len - 1], -1) >= SEARCH_PREFIX_MIN_CHARS)
    {
      g_string_append_c (fts, '*');
      query->last_prefix = TRUE;
    }
  query->fts = g_string_free (g_steal_pointer (&fts), FALSE);
}

char *
_rapport_store_build_fts_query (const char *text)
{
  g_auto(SearchQuery) query = { 0 };

  parse_search_query (text, &query);

  return g_steal_pointer (&query.fts);
}

static gboolean
word_matches (const SearchQuery *query,
              const char        *folded)
{
  for (guint i = 0; i < query->words->len; i++)
    {
      const char *word = query->words->pdata[i];

      if (strcmp (folded, word) == 0)
        return TRUE;

      if (query->last_prefix && i == query->words->len - 1 && g_str_has_prefix (folded, word))
        return TRUE;
    }

  return FALSE;
}

/* Plain text around the first word of @text that matches the query, with runs of white space
 * collapsed and "…" where it was cut; the byte offsets of that word in the result. */
static char *
make_snippet (const SearchQuery *query,
              const char        *text,
              int               *match_start,
              int               *match_end)
{
  const char *ring[SEARCH_SNIPPET_BEFORE + 1] = { NULL };
  const char *text_end = text + strlen (text);
  const char *word_start, *word_end, *p, *from, *to;
  const char *match = NULL, *match_stop = NULL;
  g_autoptr(GString) snippet = g_string_new (NULL);
  guint n_words = 0, after = 0;
  gboolean pending_space = FALSE;

  *match_start = -1;
  *match_end = -1;

  /* Find the match, remembering where the few words before it start. */
  for (p = text; next_word (p, text_end, &word_start, &word_end); p = word_end)
    {
      g_autofree char *folded = fold_word (word_start, word_end - word_start);

      ring[n_words % G_N_ELEMENTS (ring)] = word_start;
      n_words++;

      if (word_matches (query, folded))
        {
          match = word_start;
          match_stop = word_end;
          break;
        }
    }

  if (match != NULL)
    {
      from = n_words > G_N_ELEMENTS (ring) ? ring[n_words % G_N_ELEMENTS (ring)] : text;
      p = match_stop;
    }
  else
    {
      from = text;
      p = text;
    }

  /* Extend to a few words after it (or from the start when nothing matched). */
  to = p;
  while (after < SEARCH_SNIPPET_AFTER && next_word (p, text_end, &word_start, &word_end))
    {
      to = word_end;
      p = word_end;
      after++;
    }
  if (after < SEARCH_SNIPPET_AFTER || !next_word (to, text_end, &word_start, &word_end))
    to = text_end;

  if (from > text)
    g_string_append (snippet, "…");

  for (p = from; p < to; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        {
          pending_space = snippet->len > 0;
          continue;
        }

      if (pending_space)
        {
          g_string_append_c (snippet, ' ');
          pending_space = FALSE;
        }

      if (p == match)
        *match_start = (int) snippet->len;
      g_string_append_unichar (snippet, c);
      if (g_utf8_next_char (p) == match_stop)
        *match_end = (int) snippet->len;
    }

  if (to < text_end)
    g_string_append (snippet, "…");

  return g_string_free (g_steal_pointer (&snippet), FALSE);
}

char *
_rapport_store_build_search_snippet (const char *query_text,
                                     const char *text,
                                     int        *match_start,
                                     int        *match_end)
{
  g_auto(SearchQuery) query = { 0 };

  parse_search_query (query_text, &query);
  if (query.fts == NULL)
    {
      *match_start = -1;
      *match_end = -1;
      return NULL;
    }

  return make_snippet (&query, text, match_start, match_end);
}

typedef struct
{
  gint64 key;
  gint64 ticket_id;
  gint64 message_id;
} SearchDoc;

static RapportSearchHit *
build_search_hit (RapportStore       *self,
                  const SearchQuery  *query,
                  const SearchDoc    *doc,
                  GError            **error)
{
  g_autofree char *subject = NULL;
  g_autofree char *customer_name = NULL;
  g_autofree char *snippet = NULL;
  RapportTicketStatus status;
  RapportChannel channel;
  gint64 created_at;
  int match_start, match_end;

  {
    g_autoptr(RapportStoreStmt) stmt = _rapport_store_prepare (self, sql_search_hit_ticket, error);

    if (stmt == NULL)
      return NULL;

    sqlite3_bind_int64 (stmt, 1, doc->ticket_id);
    if (_rapport_store_step (stmt, "Loading a search result", error) != SQLITE_ROW)
      return NULL;

    subject = g_strdup (_rapport_store_column_text (stmt, 0));
    status = _rapport_store_status_from_column (stmt, 1);
    channel = _rapport_store_channel_from_column (stmt, 2);
    customer_name = g_strdup (_rapport_store_column_text (stmt, 3));
    created_at = sqlite3_column_int64 (stmt, 4);
  }

  if (doc->message_id != 0)
    {
      g_autoptr(RapportStoreStmt) stmt = NULL;

      stmt = _rapport_store_prepare (self, sql_search_hit_message, error);
      if (stmt == NULL)
        return NULL;

      sqlite3_bind_int64 (stmt, 1, doc->message_id);
      if (_rapport_store_step (stmt, "Loading a search result", error) != SQLITE_ROW)
        return NULL;

      channel = _rapport_store_channel_from_column (stmt, 0);
      created_at = sqlite3_column_int64 (stmt, 1);
      snippet = make_snippet (query, _rapport_store_column_text (stmt, 2), &match_start,
                              &match_end);
    }
  else
    {
      snippet = make_snippet (query, subject, &match_start, &match_end);
    }

  return rapport_search_hit_new (doc->ticket_id, doc->message_id, subject, status, channel,
                                 customer_name, snippet, match_start, match_end, created_at);
}

/* Resolves an FTS row id to its ticket (and message). Returns FALSE on error; *@found is
 * FALSE when the document belongs to another account. */
static gboolean
resolve_search_doc (RapportStore  *self,
                    gint64         account_id,
                    SearchDoc     *doc,
                    gboolean      *found,
                    GError       **error)
{
  gboolean is_ticket = (doc->key & RAPPORT_SEARCH_KEY_TICKET) != 0;
  gint64 id = doc->key & RAPPORT_SEARCH_KEY_ID_MASK;
  g_autoptr(RapportStoreStmt) stmt = _rapport_store_prepare (self, is_ticket ? sql_search_doc_ticket
                                                        : sql_search_doc_message, error);
  int rc;

  *found = FALSE;
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, id);
  rc = _rapport_store_step (stmt, "Resolving a search result", error);
  if (rc == 0)
    return FALSE;
  if (rc == SQLITE_DONE)
    {
      g_warning ("The search index refers to a %s %" G_GINT64_FORMAT " that is gone",
                 is_ticket ? "ticket" : "message", id);
      return TRUE;
    }

  if (is_ticket)
    {
      doc->ticket_id = id;
      doc->message_id = 0;
      *found = sqlite3_column_int64 (stmt, 0) == account_id;
    }
  else
    {
      doc->message_id = id;
      doc->ticket_id = sqlite3_column_int64 (stmt, 0);
      *found = sqlite3_column_int64 (stmt, 1) == account_id;
    }

  return TRUE;
}

GPtrArray *
rapport_store_search (RapportStore  *self,
                      gint64         account_id,
                      const char    *query,
                      guint          limit,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(GPtrArray) hits = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) docs = g_array_new (FALSE, FALSE, sizeof (SearchDoc));
  g_autoptr(GHashTable) seen_tickets = NULL;
  g_auto(SearchQuery) parsed = { 0 };
  gboolean ok = TRUE;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);

  parse_search_query (query, &parsed);
  if (parsed.fts == NULL || limit == 0)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      return g_steal_pointer (&hits);
    }

  if (_rapport_store_lock (self, cancellable, error) == NULL)
    return NULL;

  seen_tickets = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  /* Newest documents first; one hit per ticket (its newest matching subject or message). */
  {
    g_autoptr(RapportStoreStmt) stmt = _rapport_store_prepare (self, sql_search, error);

    int rc = SQLITE_DONE;

    ok = stmt != NULL;
    if (ok)
      {
        _rapport_store_bind_text (stmt, 1, parsed.fts);
        while (docs->len < limit &&
               (rc = _rapport_store_step (stmt, "Searching", error)) == SQLITE_ROW)
          {
            SearchDoc doc = { sqlite3_column_int64 (stmt, 0), 0, 0 };
            gboolean found;

            ok = resolve_search_doc (self, account_id, &doc, &found, error);
            if (!ok)
              break;

            if (found && !g_hash_table_contains (seen_tickets, &doc.ticket_id))
              {
                g_hash_table_add (seen_tickets, g_memdup2 (&doc.ticket_id, sizeof doc.ticket_id));
                g_array_append_val (docs, doc);
              }
          }
        ok = ok && rc != 0;
      }
  }

  for (guint i = 0; ok && i < docs->len; i++)
    {
      RapportSearchHit *hit = build_search_hit (self, &parsed,
                                                &g_array_index (docs, SearchDoc, i), error);

      ok = hit != NULL;
      if (ok)
        g_ptr_array_add (hits, hit);
    }

  _rapport_store_unlock (self);

  return ok ? g_steal_pointer (&hits) : NULL;
}

/* ---------------------------------------------------------------------------------------------
 * The asynchronous wrapper, through the store's thread runner
 * ------------------------------------------------------------------------------------------- */

typedef struct
{
  gint64  account_id;
  char   *query;
  guint   limit;
} SearchCall;

static void
search_call_free (SearchCall *call)
{
  g_free (call->query);
  g_free (call);
}

static gpointer
search_work (RapportStore  *self,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  SearchCall *call = data;

  return rapport_store_search (self, call->account_id, call->query, call->limit,
                               cancellable, error);
}

void
rapport_store_search_async (RapportStore        *self,
                            gint64               account_id,
                            const char          *query,
                            guint                limit,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  SearchCall *call;

  g_return_if_fail (RAPPORT_IS_STORE (self));

  call = g_new0 (SearchCall, 1);
  call->account_id = account_id;
  call->query = g_strdup (query);
  call->limit = limit;
  _rapport_store_run_async (self, self, rapport_store_search_async, search_work,
                            call, (GDestroyNotify) search_call_free,
                            (GDestroyNotify) g_ptr_array_unref, cancellable, callback, user_data);
}

/**
 * rapport_store_search_finish:
 *
 * Returns: (transfer container) (element-type RapportSearchHit): newest first
 */
GPtrArray *
rapport_store_search_finish (RapportStore  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);

  return _rapport_store_run_finish (self, result, rapport_store_search_async, error);
}

