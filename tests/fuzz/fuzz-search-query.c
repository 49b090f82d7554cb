/* fuzz-search-query.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Search queries: what a user types in the search field becomes an FTS5 query
 * (_rapport_store_build_fts_query()). Whatever was typed, the query must be storable text that
 * SQLite's FTS5 accepts — a syntax error would show as a failed search — on both full-text
 * tables the store searches (the messages' and the suggestions', with their own tokenizers).
 * The input's first line is what was typed, the rest a stored text a hit shows a snippet of:
 * the snippet must be valid UTF-8, and the match offsets in it must lie in order on
 * character boundaries (the view marks the match up with them).
 */
#define G_LOG_DOMAIN "rapport-fuzz-search-query"

#include "config.h"

#include "rapport-fuzz.h"
#include "rapport-store-private.h"
#include "rapport-text.h"

#include <sqlite3.h>
#include <string.h>

static sqlite3 *db;
static sqlite3_stmt *queries[2];

static void
exec_or_die (const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

static void
open_tables (void)
{
  static const char * const selects[] = {
    "SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?1",
    "SELECT rowid FROM candidates_fts WHERE candidates_fts MATCH ?1",
  };

  if (sqlite3_open (":memory:", &db) != SQLITE_OK)
    g_error ("cannot open an in-memory database");
  /* The tokenizers of src/core/store/sql/0001-initial.sql and 0006-suggestions.sql. */
  exec_or_die ("CREATE VIRTUAL TABLE messages_fts USING fts5 (text, "
               "tokenize = 'unicode61 remove_diacritics 2')");
  exec_or_die ("CREATE VIRTUAL TABLE candidates_fts USING fts5 (title, body, "
               "tokenize = 'porter unicode61 remove_diacritics 2')");
  exec_or_die ("INSERT INTO messages_fts (text) VALUES ('Die Rechnung für März ist falsch')");
  exec_or_die ("INSERT INTO candidates_fts (title, body) "
               "VALUES ('Refunds', 'How to refund an order paid twice')");

  for (guint i = 0; i < G_N_ELEMENTS (selects); i++)
    if (sqlite3_prepare_v2 (db, selects[i], -1, &queries[i], NULL) != SQLITE_OK)
      g_error ("%s: %s", selects[i], sqlite3_errmsg (db));
}

static void
check_snippet (const char *typed,
               const char *text)
{
  g_autofree char *snippet = NULL;
  int start, end;
  gsize length;

  snippet = _rapport_store_build_search_snippet (typed, text, &start, &end);
  if (snippet == NULL)
    return;

  rapport_fuzz_assert_utf8 (snippet, -1);
  length = strlen (snippet);
  if (start == -1 && end == -1)
    return;
  if (start < 0 || end <= start || (gsize) end > length ||
      !g_utf8_validate (snippet, start, NULL) || !g_utf8_validate (snippet, end, NULL))
    g_error ("match %d..%d in a snippet of %" G_GSIZE_FORMAT " bytes", start, end, length);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *typed = NULL;
  g_autofree char *query = NULL;
  char *newline;

  if (db == NULL)
    open_tables ();

  if (!rapport_text_is_storable ((const char *) data, (gssize) size))
    return 0;
  typed = rapport_fuzz_strndup (data, size);

  newline = strchr (typed, '\n');
  if (newline != NULL)
    {
      *newline = '\0';
      check_snippet (typed, newline + 1);
    }

  query = _rapport_store_build_fts_query (typed);
  if (query == NULL)
    return 0;
  if (!rapport_text_is_storable (query, -1))
    g_error ("the query for \"%s\" is not storable text", typed);

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      int rc;

      sqlite3_bind_text (queries[i], 1, query, -1, SQLITE_STATIC);
      while ((rc = sqlite3_step (queries[i])) == SQLITE_ROW)
        ;
      if (rc != SQLITE_DONE)
        g_error ("\"%s\" became \"%s\", which FTS5 refuses: %s", typed, query,
                 sqlite3_errmsg (db));
      sqlite3_reset (queries[i]);
      sqlite3_clear_bindings (queries[i]);
    }

  return 0;
}
