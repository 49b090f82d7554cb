/* rapport-ranker.c
 *
 * The ranker of suggested replies: the ticket's most informative terms, BM25 over the
 * candidates and over the past answers (whose answers vote), the boosts, the floor, and each
 * suggestion's explanation. Runs on the store's connection, locked (rapport-store-suggest.c
 * calls it on the store's worker). docs/suggestions.md, "Ranking", gives the formula.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rapport-ranker"

#include "config.h"

#include <math.h>
#include <string.h>

#include "rapport-ranker-private.h"
#include "rapport-suggestion-private.h"
#include "rapport-template.h"

/* The most distinct terms one text may bring (a bound on memory for hostile input). */
#define MAX_DISTINCT_TERMS 4096
/* A subject, and one text read for an explanation or for detection, are cut after this. */
#define MAX_SHORT_INPUT    1024
#define MAX_EXPLAIN_INPUT  (8 * 1024)
#define MAX_REPLY_INPUT    (16 * 1024)
/* The voters whose words explain a suggestion. */
#define MAX_VOTERS         3
/* Detection: the terms of a reply searched for, the candidates compared, the share of a
 * candidate's literal text the reply must hold, the shortest literal line that counts. */
#define DETECT_TERMS       12
#define DETECT_SHORTLIST   8
#define DETECT_MIN_SHARE   0.7
#define DETECT_MIN_CHARS   12

static const char *sql_fts5_api = "SELECT fts5 (?1)";
static const char *sql_df = "SELECT df FROM suggest_terms WHERE idx = ?1 AND term = ?2";
static const char *sql_df_add =
  "INSERT INTO suggest_terms (idx, term, df) VALUES (?1, ?2, ?3) "
  "ON CONFLICT (idx, term) DO UPDATE SET df = max (df + excluded.df, 0)";
/* The LIMIT is inside the FTS query ordered by rank: FTS5 keeps only the best rows. */
static const char *sql_match_candidates =
  "SELECT rowid, rank FROM candidates_fts WHERE candidates_fts MATCH ?1 "
  "ORDER BY rank, rowid LIMIT ?2";
static const char *sql_match_past =
  "SELECT f.rowid, f.rank, ifnull (p.candidate_id, 0), ifnull (p.ticket_id, 0), "
  "p.reply IS NOT NULL AND p.reply <> '' "
  "FROM (SELECT rowid, rank FROM past_answers_fts WHERE past_answers_fts MATCH ?1 "
  "ORDER BY rank LIMIT ?2) f JOIN past_answers p ON p.id = f.rowid ORDER BY f.rank, f.rowid";
static const char *sql_candidate_row =
  "SELECT " RAPPORT_CANDIDATE_COLUMNS ", uses, last_used_at, body_text "
  "FROM candidates WHERE id = ?1";
static const char *sql_past_row =
  "SELECT id, ifnull (account_id, 0), ifnull (ticket_id, 0), key, subject, question, reply, "
  "channel, answered_at FROM past_answers WHERE id = ?1";
static const char *sql_past_text =
  "SELECT subject, question, tags FROM past_answers WHERE id = ?1";

/* ---------------------------------------------------------------------------------------------
 * Text
 * ------------------------------------------------------------------------------------------- */

/* The length of the longest prefix of @text, at most @max bytes, that ends on a character
 * boundary; *@more is set when @text goes on after it. Reads at most @max + 4 bytes. */
static gsize
bounded_length (const char *text,
                gsize       max,
                gboolean   *more)
{
  gsize len = strnlen (text, max + 4);

  *more = len > max;
  if (len <= max)
    return len;

  len = max;
  while (len > 0 && ((guchar) text[len] & 0xC0) == 0x80)
    len--;

  return len;
}

/* Appends to @out what @text holds, up to @out's length @max: its lines but the quoted ones
 * when @skip_quoted. FALSE with RAPPORT_STORE_ERROR_INVALID when what is read is not UTF-8. */
static gboolean
append_text (GString     *out,
             const char  *text,
             gsize        max,
             gboolean     skip_quoted,
             GError     **error)
{
  gboolean more;
  gsize len;
  const char *p, *end;

  if (text == NULL || out->len >= max)
    return TRUE;

  len = bounded_length (text, max - out->len, &more);
  if (!g_utf8_validate_len (text, len, NULL))
    {
      g_set_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_INVALID,
                   "The ticket's text is not valid UTF-8");
      return FALSE;
    }

  if (out->len > 0)
    g_string_append_c (out, '\n');

  end = text + len;
  for (p = text; p < end;)
    {
      const char *eol = memchr (p, '\n', end - p);
      const char *line_end = eol != NULL ? eol : end;
      const char *q = p;

      while (q < line_end && (*q == ' ' || *q == '\t'))
        q++;
      if (!skip_quoted || q >= line_end || *q != '>')
        {
          g_string_append_len (out, p, line_end - p);
          g_string_append_c (out, '\n');
        }
      p = eol != NULL ? eol + 1 : end;
    }

  if (out->len > max)
    {
      gsize cut = max;

      while (cut > 0 && ((guchar) out->str[cut] & 0xC0) == 0x80)
        cut--;
      g_string_truncate (out, cut);
    }

  return TRUE;
}

char *
_rapport_ranker_customer_text (const char * const *messages,
                               gsize               max_bytes,
                               GError            **error)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; messages != NULL && messages[i] != NULL; i++)
    {
      if (!append_text (text, messages[i], max_bytes, TRUE, error))
        return NULL;
    }

  while (text->len > 0 && g_ascii_isspace (text->str[text->len - 1]))
    g_string_truncate (text, text->len - 1);

  return g_string_free (g_steal_pointer (&text), FALSE);
}

char *
_rapport_ranker_body_text (const char *body)
{
  g_autoptr(RapportTemplate) template = NULL;
  g_autoptr(GString) text = NULL;

  if (body == NULL)
    return g_strdup ("");

  template = rapport_template_parse (body, NULL);
  if (template == NULL)
    return g_strdup (body);

  text = g_string_new (NULL);
  for (guint i = 0; i < rapport_template_get_n_segments (template); i++)
    {
      const RapportTemplateSegment *segment = rapport_template_get_segment (template, i);

      if (segment->kind != RAPPORT_TEMPLATE_SEGMENT_TEXT)
        {
          g_string_append_c (text, ' ');
          continue;
        }
      g_string_append (text, segment->text);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* @text with runs of white space as one space, trimmed. */
static char *
collapse_space (const char *text,
                gsize       len)
{
  GString *out = g_string_sized_new (len);
  gboolean space = FALSE;

  for (gsize i = 0; i < len; i++)
    {
      if (g_ascii_isspace (text[i]))
        {
          space = out->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_c (out, text[i]);
    }

  return g_string_free (out, FALSE);
}

double
_rapport_ranker_literal_coverage (const char *template_text,
                                  const char *reply)
{
  g_autoptr(RapportTemplate) template = NULL;
  g_autofree char *haystack = NULL;
  gsize total = 0, found = 0;

  if (template_text == NULL || reply == NULL)
    return 0.0;

  haystack = collapse_space (reply, strlen (reply));
  template = rapport_template_parse (template_text, NULL);

  for (guint i = 0; template == NULL || i < rapport_template_get_n_segments (template); i++)
    {
      const char *literal = template_text;
      g_auto(GStrv) lines = NULL;

      if (template != NULL)
        {
          const RapportTemplateSegment *segment = rapport_template_get_segment (template, i);

          if (segment->kind != RAPPORT_TEMPLATE_SEGMENT_TEXT)
            continue;
          literal = segment->text;
        }

      /* Line by line: an agent who edits one sentence keeps the others. */
      lines = g_strsplit (literal, "\n", -1);
      for (guint j = 0; lines[j] != NULL; j++)
        {
          g_autofree char *line = collapse_space (lines[j], strlen (lines[j]));
          glong n_chars = g_utf8_strlen (line, -1);

          if (n_chars < DETECT_MIN_CHARS)
            continue;
          total += n_chars;
          if (strstr (haystack, line) != NULL)
            found += n_chars;
        }

      if (template == NULL)
        break;
    }

  return total > 0 ? (double) found / (double) total : 0.0;
}

/* ---------------------------------------------------------------------------------------------
 * Tokens: the FTS5 tokenizer of the suggestion indexes itself, so that the ranker's terms
 * are exactly the indexes' (same folding, same stems)
 * ------------------------------------------------------------------------------------------- */

typedef struct
{
  fts5_tokenizer  api;
  Fts5Tokenizer  *tokenizer;
} Tokenizer;

static void
tokenizer_free (Tokenizer *tokenizer)
{
  if (tokenizer == NULL)
    return;

  if (tokenizer->tokenizer != NULL)
    tokenizer->api.xDelete (tokenizer->tokenizer);
  g_free (tokenizer);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Tokenizer, tokenizer_free)

/* Locked. The tokenizer of candidates_fts and past_answers_fts (0006-suggestions.sql:
 * 'porter unicode61 remove_diacritics 2'). */
static Tokenizer *
tokenizer_new (RapportStore  *self,
               GError       **error)
{
  static const char *args[] = { "unicode61", "remove_diacritics", "2" };
  g_autoptr(RapportStoreStmt) stmt = NULL;
  g_autoptr(Tokenizer) tokenizer = g_new0 (Tokenizer, 1);
  fts5_api *api = NULL;
  void *user_data = NULL;
  int rc;

  stmt = _rapport_store_prepare (self, sql_fts5_api, error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_pointer (stmt, 1, &api, "fts5_api_ptr", NULL);
  if (_rapport_store_step (stmt, "Finding the full-text engine", error) == 0)
    return NULL;
  if (api == NULL)
    {
      g_set_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_FAILED,
                   "SQLite has no full-text engine");
      return NULL;
    }

  rc = api->xFindTokenizer (api, "porter", &user_data, &tokenizer->api);
  if (rc == SQLITE_OK)
    rc = tokenizer->api.xCreate (user_data, args, G_N_ELEMENTS (args), &tokenizer->tokenizer);
  if (rc != SQLITE_OK)
    {
      _rapport_store_set_error (error, NULL, rc, "Creating the full-text tokenizer");
      return NULL;
    }

  return g_steal_pointer (&tokenizer);
}

typedef int (*TokenFunc) (void       *data,
                          int         flags,
                          const char *token,
                          int         n_token,
                          int         start,
                          int         end);

static void
tokenize (Tokenizer  *tokenizer,
          const char *text,
          gsize       len,
          TokenFunc   func,
          void       *data)
{
  if (len == 0)
    return;

  tokenizer->api.xTokenize (tokenizer->tokenizer, data, FTS5_TOKENIZE_DOCUMENT, text,
                            (int) MIN (len, (gsize) G_MAXINT), func);
}

/* Words that say nothing about what a ticket is about: English function words, and the
 * greetings and courtesies of support mail. Compared with the word as written, lower-cased
 * (the pieces unicode61 makes of "don't" are "don" and "t"). */
static const char * const stop_words[] = {
  "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any",
  "are", "aren", "as", "at", "be", "because", "been", "before", "being", "below", "best",
  "between", "both", "but", "by", "can", "cannot", "cheers", "could", "couldn", "day", "dear",
  "did", "didn", "do", "does", "doesn", "doing", "don", "down", "during", "each", "even",
  "ever", "few", "for", "from", "further", "get", "got", "had", "hadn", "has", "hasn", "have",
  "haven", "having", "he", "hello", "her", "here", "hers", "herself", "hey", "hi", "him",
  "himself", "his", "how", "however", "i", "if", "im", "in", "into", "is", "isn", "it", "its",
  "itself", "ive", "just", "kind", "let", "ll", "me", "more", "most", "much", "must", "my",
  "myself", "need", "no", "nor", "not", "now", "of", "off", "ok", "okay", "on", "once", "one",
  "only", "or", "other", "our", "ours", "ourselves", "out", "over", "own", "please", "re",
  "regards", "same", "shan", "she", "should", "shouldn", "since", "so", "some", "still",
  "such", "than", "thank", "thanks", "that", "the", "their", "theirs", "them", "themselves",
  "then", "there", "these", "they", "this", "those", "through", "to", "too", "under", "until",
  "up", "us", "ve", "very", "want", "was", "wasn", "we", "were", "weren", "what", "when",
  "where", "which", "while", "who", "whom", "why", "will", "with", "won", "would", "wouldn",
  "yes", "yet", "you", "your", "yours", "yourself", "yourselves",
};

static gboolean
is_stop_word (const char *folded)
{
  static GHashTable *words;

  if (g_once_init_enter (&words))
    {
      GHashTable *table = g_hash_table_new (g_str_hash, g_str_equal);

      for (guint i = 0; i < G_N_ELEMENTS (stop_words); i++)
        g_hash_table_add (table, (gpointer) stop_words[i]);
      g_once_init_leave (&words, table);
    }

  return g_hash_table_contains (words, folded);
}

static gboolean
has_letter (const char *text,
            gsize       len)
{
  for (const char *p = text; p < text + len; p = g_utf8_next_char (p))
    {
      if (g_unichar_isalpha (g_utf8_get_char (p)))
        return TRUE;
    }

  return FALSE;
}

/* ---------------------------------------------------------------------------------------------
 * Terms
 * ------------------------------------------------------------------------------------------- */

typedef struct
{
  char   *token;    /* as the indexes hold it (folded, stemmed) */
  char   *surface;  /* as the text wrote it, the first time */
  double  weight;   /* the occurrences' weights, summed */
  guint   position; /* order of first occurrence */
  gint64  df_c;     /* documents of candidates_fts holding it */
  gint64  df_p;     /* of past_answers_fts */
  double  info;     /* how telling it is: √weight × the larger idf */
} Term;

static void
term_free (Term *term)
{
  g_free (term->token);
  g_free (term->surface);
  g_free (term);
}

typedef struct
{
  GHashTable *by_token; /* token → Term (borrowed from terms) */
  GPtrArray  *terms;    /* Term, in order of first occurrence */
  const char *text;     /* being tokenized */
  double      weight;   /* of its occurrences */
} TermSet;

static void
term_set_init (TermSet *set)
{
  set->by_token = g_hash_table_new (g_str_hash, g_str_equal);
  set->terms = g_ptr_array_new_with_free_func ((GDestroyNotify) term_free);
}

static void
term_set_clear (TermSet *set)
{
  g_clear_pointer (&set->by_token, g_hash_table_unref);
  g_clear_pointer (&set->terms, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TermSet, term_set_clear)

static int
collect_term (void       *data,
              int         flags,
              const char *token,
              int         n_token,
              int         start,
              int         end)
{
  TermSet *set = data;
  const char *surface = set->text + start;
  gsize surface_len = end - start;
  g_autofree char *key = NULL;
  Term *term;

  if ((flags & FTS5_TOKEN_COLOCATED) != 0 || n_token < 2 || !has_letter (surface, surface_len))
    return SQLITE_OK;

  key = g_strndup (token, n_token);
  term = g_hash_table_lookup (set->by_token, key);
  if (term == NULL)
    {
      g_autofree char *folded = g_utf8_strdown (surface, surface_len);

      if (is_stop_word (folded) || set->terms->len >= MAX_DISTINCT_TERMS)
        return SQLITE_OK;

      term = g_new0 (Term, 1);
      term->token = g_steal_pointer (&key);
      term->surface = g_strndup (surface, surface_len);
      term->position = set->terms->len;
      g_ptr_array_add (set->terms, term);
      g_hash_table_insert (set->by_token, term->token, term);
    }
  term->weight += set->weight;

  return SQLITE_OK;
}

static void
term_set_add (TermSet    *set,
              Tokenizer  *tokenizer,
              const char *text,
              gsize       len,
              double      weight)
{
  set->text = text;
  set->weight = weight;
  tokenize (tokenizer, text, len, collect_term, set);
  set->text = NULL;
}

static int
compare_by_weight (gconstpointer a,
                   gconstpointer b)
{
  const Term *ta = *(const Term * const *) a;
  const Term *tb = *(const Term * const *) b;

  if (ta->weight != tb->weight)
    return ta->weight > tb->weight ? -1 : 1;

  return ta->position < tb->position ? -1 : ta->position > tb->position;
}

static int
compare_by_info (gconstpointer a,
                 gconstpointer b)
{
  const Term *ta = *(const Term * const *) a;
  const Term *tb = *(const Term * const *) b;

  if (ta->info != tb->info)
    return ta->info > tb->info ? -1 : 1;

  return strcmp (ta->token, tb->token);
}

/* Locked. How many documents of index @idx hold @token (the empty token: how many documents
 * the index has). */
static gboolean
document_frequency (RapportStore  *self,
                    int            idx,
                    const char    *token,
                    gint64        *df,
                    GError       **error)
{
  g_autoptr(RapportStoreStmt) stmt = _rapport_store_prepare (self, sql_df, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int (stmt, 1, idx);
  _rapport_store_bind_text (stmt, 2, token);
  rc = _rapport_store_step (stmt, "Reading a term's frequency", error);
  if (rc == 0)
    return FALSE;

  *df = rc == SQLITE_ROW ? MAX (sqlite3_column_int64 (stmt, 0), 0) : 0;

  return TRUE;
}

/* The idf of a term in @df of @n documents (always ≥ 0, 0 for a term no document holds). */
static double
idf (gint64 df,
     gint64 n)
{
  if (df <= 0 || n <= 0)
    return 0.0;

  return log (1.0 + ((double) (n - df) + 0.5) / ((double) df + 0.5));
}

/* Locked. The most telling terms of @set (borrowed, best first, at most @max_terms): the
 * @RAPPORT_RANKER_MAX_LOOKUPS heaviest are looked up in the candidates' index and, when
 * @n_past > 0, in the past answers'; terms neither holds are dropped. */
static GPtrArray *
select_terms (RapportStore  *self,
              TermSet       *set,
              gint64         n_candidates,
              gint64         n_past,
              guint          max_terms,
              GError       **error)
{
  g_autoptr(GPtrArray) lookups = g_ptr_array_new ();
  g_autoptr(GPtrArray) selected = g_ptr_array_new ();

  for (guint i = 0; i < set->terms->len; i++)
    g_ptr_array_add (lookups, g_ptr_array_index (set->terms, i));
  g_ptr_array_sort (lookups, compare_by_weight);
  if (lookups->len > RAPPORT_RANKER_MAX_LOOKUPS)
    g_ptr_array_set_size (lookups, RAPPORT_RANKER_MAX_LOOKUPS);

  for (guint i = 0; i < lookups->len; i++)
    {
      Term *term = g_ptr_array_index (lookups, i);

      if (n_candidates > 0 &&
          !document_frequency (self, RAPPORT_RANKER_INDEX_CANDIDATES, term->token, &term->df_c,
                               error))
        return NULL;
      if (n_past > 0 &&
          !document_frequency (self, RAPPORT_RANKER_INDEX_PAST, term->token, &term->df_p, error))
        return NULL;
      if (term->df_c == 0 && term->df_p == 0)
        continue;

      term->info = sqrt (term->weight) * MAX (idf (term->df_c, n_candidates),
                                              idf (term->df_p, n_past));
      g_ptr_array_add (selected, term);
    }

  g_ptr_array_sort (selected, compare_by_info);
  if (selected->len > max_terms)
    g_ptr_array_set_size (selected, max_terms);

  return g_steal_pointer (&selected);
}

/* An FTS5 query: the terms (best first) as the text wrote them, quoted, joined by OR, leaving
 * out the terms the index does not hold and those past the budget of postings. NULL when no
 * term is left. */
static char *
build_match (GPtrArray *terms,
             gboolean   past,
             gint64     budget)
{
  g_autoptr(GString) match = g_string_new (NULL);
  gint64 postings = 0;

  for (guint i = 0; i < terms->len; i++)
    {
      const Term *term = g_ptr_array_index (terms, i);
      gint64 df = past ? term->df_p : term->df_c;

      if (df == 0 || (match->len > 0 && postings + df > budget))
        continue;

      postings += df;
      if (match->len > 0)
        g_string_append (match, " OR ");
      g_string_append_c (match, '"');
      for (const char *p = term->surface; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (match, '"');
          g_string_append_c (match, *p);
        }
      g_string_append_c (match, '"');
    }

  if (match->len == 0)
    return NULL;

  return g_string_free (g_steal_pointer (&match), FALSE);
}

gboolean
_rapport_ranker_count_document (RapportStore        *self,
                                int                  idx,
                                const char * const  *texts,
                                int                  delta,
                                GError             **error)
{
  g_autoptr(Tokenizer) tokenizer = tokenizer_new (self, error);
  g_auto(TermSet) set = { 0 };
  gboolean more;

  if (tokenizer == NULL)
    return FALSE;

  term_set_init (&set);
  for (guint i = 0; texts[i] != NULL; i++)
    term_set_add (&set, tokenizer, texts[i], bounded_length (texts[i], G_MAXINT / 2, &more),
                  1.0);

  for (guint i = 0; i <= set.terms->len; i++)
    {
      g_autoptr(RapportStoreStmt) stmt = _rapport_store_prepare (self, sql_df_add, error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int (stmt, 1, idx);
      /* The empty term last: the index's number of documents. */
      _rapport_store_bind_text (stmt, 2, i < set.terms->len ?
                                         ((Term *) g_ptr_array_index (set.terms, i))->token : "");
      sqlite3_bind_int (stmt, 3, delta);
      if (!_rapport_store_step_done (stmt, "Counting a document's terms", error))
        return FALSE;
    }

  return TRUE;
}

/* ---------------------------------------------------------------------------------------------
 * Ranking
 * ------------------------------------------------------------------------------------------- */

typedef struct
{
  gint64                id;          /* candidates.id, or past_answers.id for a past reply */
  gboolean              past_reply;
  double                text;        /* 0…1 */
  double                votes;       /* the similar tickets' weights */
  guint                 similar_uses;
  gint64                voters[MAX_VOTERS];
  guint                 n_voters;
  double                score;
  RapportSuggestReason  reasons;
  RapportCandidate     *candidate;
  char                 *index_text;  /* what its own explanation terms are found in */
  guint                 uses;
  gint64                similar_ticket_id;
  char                 *similar_subject;
} Scored;

static void
scored_free (Scored *scored)
{
  g_clear_object (&scored->candidate);
  g_free (scored->index_text);
  g_free (scored->similar_subject);
  g_free (scored);
}

static Scored *
scored_lookup (GHashTable *table,
               GPtrArray  *all,
               gint64      id,
               gboolean    past_reply)
{
  gint64 key = past_reply ? -id : id;
  Scored *scored = g_hash_table_lookup (table, &key);

  if (scored == NULL)
    {
      scored = g_new0 (Scored, 1);
      scored->id = id;
      scored->past_reply = past_reply;
      g_ptr_array_add (all, scored);
      g_hash_table_insert (table, g_memdup2 (&key, sizeof key), scored);
    }

  return scored;
}

static int
compare_scored (gconstpointer a,
                gconstpointer b)
{
  const Scored *sa = *(const Scored * const *) a;
  const Scored *sb = *(const Scored * const *) b;
  int cmp;

  if (sa->score != sb->score)
    return sa->score > sb->score ? -1 : 1;

  cmp = strcmp (rapport_candidate_get_key (sa->candidate),
                rapport_candidate_get_key (sb->candidate));
  if (cmp != 0)
    return cmp;
  if (sa->past_reply != sb->past_reply)
    return sa->past_reply ? 1 : -1;

  return sa->id < sb->id ? -1 : sa->id > sb->id;
}

/* Locked. Fills @scored's candidate, uses and recency from its row; FALSE (no error) when
 * the row is gone. */
static gboolean
load_scored (RapportStore  *self,
             Scored        *scored,
             gint64        *last_used_at,
             gboolean      *found,
             GError       **error)
{
  g_autoptr(RapportStoreStmt) stmt = NULL;
  int rc;

  *found = FALSE;
  stmt = _rapport_store_prepare (self, scored->past_reply ? sql_past_row : sql_candidate_row,
                                 error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, scored->id);
  rc = _rapport_store_step (stmt, "Reading a suggestion", error);
  if (rc == 0)
    return FALSE;
  if (rc == SQLITE_DONE)
    return TRUE;

  *found = TRUE;
  if (!scored->past_reply)
    {
      scored->candidate = _rapport_store_candidate_from_row (stmt);
      scored->uses = (guint) CLAMP (sqlite3_column_int64 (stmt, RAPPORT_CANDIDATE_N_COLUMNS),
                                    0, G_MAXUINT);
      *last_used_at = sqlite3_column_int64 (stmt, RAPPORT_CANDIDATE_N_COLUMNS + 1);
      scored->index_text = g_strjoin (" ", rapport_candidate_get_title (scored->candidate),
                                      _rapport_store_column_text (stmt, 8),
                                      _rapport_store_column_text (stmt,
                                                                  RAPPORT_CANDIDATE_N_COLUMNS + 2),
                                      NULL);
    }
  else
    {
      const char *key = _rapport_store_column_text (stmt, 3);
      g_autofree char *own_key = NULL;
      g_autofree char *body = rapport_template_escape (_rapport_store_column_text (stmt, 6));
      RapportChannel channel = _rapport_store_channel_from_column (stmt, 7);

      if (key == NULL || *key == '\0')
        key = own_key = g_strdup_printf ("past-answer-%" G_GINT64_FORMAT, scored->id);

      scored->candidate = g_object_new (RAPPORT_TYPE_CANDIDATE,
                                        "kind", RAPPORT_CANDIDATE_PAST_REPLY,
                                        "id", scored->id,
                                        "account-id", sqlite3_column_int64 (stmt, 1),
                                        "key", key,
                                        "title", _rapport_store_column_text (stmt, 4),
                                        "body", body,
                                        "channels", RAPPORT_CHANNEL_MASK (channel),
                                        "updated-at", sqlite3_column_int64 (stmt, 8),
                                        NULL);
      scored->similar_ticket_id = sqlite3_column_int64 (stmt, 2);
      scored->similar_subject = g_strdup (_rapport_store_column_text (stmt, 4));
      *last_used_at = sqlite3_column_int64 (stmt, 8);
    }

  return TRUE;
}

/* The final score of @scored (its candidate loaded) and its reasons. */
static void
score (Scored                    *scored,
       const RapportSuggestQuery *query,
       double                     total_votes,
       gint64                     last_used_at)
{
  RapportCandidate *candidate = scored->candidate;
  double confidence = 1.0 - exp (-total_votes / RAPPORT_RANKER_VOTE_SCALE);
  double votes = total_votes > 0.0 ? scored->votes / total_votes * confidence : 0.0;
  double base, recency = 0.0;
  guint channels = rapport_candidate_get_channels (candidate);

  if (scored->past_reply)
    votes *= RAPPORT_RANKER_PAST_REPLY;
  base = RAPPORT_RANKER_W_TEXT * scored->text + RAPPORT_RANKER_W_VOTES * votes;

  if (scored->text >= RAPPORT_RANKER_TERMS_MIN)
    scored->reasons |= RAPPORT_SUGGEST_REASON_TERMS;
  if (scored->similar_uses > 0)
    scored->reasons |= RAPPORT_SUGGEST_REASON_SIMILAR_TICKETS;

  if (channels != 0 && rapport_candidate_fits_channel (candidate, query->channel))
    {
      base *= RAPPORT_RANKER_CHANNEL_FIT;
      scored->reasons |= RAPPORT_SUGGEST_REASON_CHANNEL_FIT;
    }
  else if (channels != 0)
    {
      base *= RAPPORT_RANKER_CHANNEL_MISS;
    }

  if (last_used_at > 0)
    {
      double age = (double) MAX (query->now - last_used_at, 0);

      recency = exp (-age / (RAPPORT_RANKER_RECENCY_DAYS * 86400.0));
      base *= 1.0 + RAPPORT_RANKER_RECENCY * recency;
      if (recency >= RAPPORT_RANKER_RECENT_MIN)
        scored->reasons |= RAPPORT_SUGGEST_REASON_RECENT;
    }

  base *= 1.0 + RAPPORT_RANKER_USE * log1p ((double) scored->uses);
  if (scored->uses >= RAPPORT_RANKER_TEAM_USE_MIN)
    scored->reasons |= RAPPORT_SUGGEST_REASON_TEAM_USE;

  scored->score = base;
}

static int
collect_token (void       *data,
               int         flags,
               const char *token,
               int         n_token,
               int         start,
               int         end)
{
  GHashTable *tokens = data;

  if ((flags & FTS5_TOKEN_COLOCATED) == 0 && n_token >= 2)
    g_hash_table_add (tokens, g_strndup (token, n_token));

  return SQLITE_OK;
}

static void
add_tokens (GHashTable *tokens,
            Tokenizer  *tokenizer,
            const char *text)
{
  gboolean more;

  if (text != NULL)
    tokenize (tokenizer, text, bounded_length (text, MAX_EXPLAIN_INPUT, &more), collect_token,
              tokens);
}

/* Locked. The query's terms that @scored's own text or its best voters' words hold, as the
 * ticket wrote them, most telling first. */
static GStrv
explain_terms (RapportStore  *self,
               Tokenizer     *tokenizer,
               Scored        *scored,
               GPtrArray     *terms,
               GError       **error)
{
  g_autoptr(GHashTable) tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  guint n = 0;

  if (scored->past_reply)
    {
      scored->voters[0] = scored->id;
      scored->n_voters = 1;
    }
  else
    {
      add_tokens (tokens, tokenizer, scored->index_text);
    }

  for (guint i = 0; i < scored->n_voters; i++)
    {
      g_autoptr(RapportStoreStmt) stmt = _rapport_store_prepare (self, sql_past_text, error);
      int rc;

      if (stmt == NULL)
        return NULL;
      sqlite3_bind_int64 (stmt, 1, scored->voters[i]);
      rc = _rapport_store_step (stmt, "Reading a similar ticket", error);
      if (rc == 0)
        return NULL;
      if (rc != SQLITE_ROW)
        continue;
      for (int column = 0; column < 3; column++)
        add_tokens (tokens, tokenizer, _rapport_store_column_text (stmt, column));
    }

  for (guint i = 0; i < terms->len && n < 5; i++)
    {
      const Term *term = g_ptr_array_index (terms, i);

      if (g_hash_table_contains (tokens, term->token))
        {
          g_strv_builder_add (builder, term->surface);
          n++;
        }
    }

  return g_strv_builder_end (builder);
}

GPtrArray *
_rapport_ranker_suggest (RapportStore              *self,
                         const RapportSuggestQuery *query,
                         guint                      max,
                         GError                   **error)
{
  g_autoptr(GPtrArray) suggestions = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func ((GDestroyNotify) scored_free);
  g_autoptr(GHashTable) by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                       NULL);
  g_autoptr(GPtrArray) terms = NULL;
  g_autoptr(GPtrArray) ranked = g_ptr_array_new ();
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(Tokenizer) tokenizer = NULL;
  g_auto(TermSet) set = { 0 };
  g_autofree char *tags = NULL;
  g_autofree char *messages = NULL;
  g_autofree char *match = NULL;
  gint64 n_candidates, n_past;
  double total_votes = 0.0;
  gsize subject_len, tags_len;

  max = MIN (max, RAPPORT_SUGGEST_MAX);

  /* The ticket's words: subject, tags, then the customer's messages, bounded. */
  if (!append_text (text, query->subject, MAX_SHORT_INPUT, FALSE, error))
    return NULL;
  subject_len = text->len;
  tags = query->tags != NULL ? g_strjoinv (" ", (char **) query->tags) : NULL;
  if (!append_text (text, tags, subject_len + MAX_SHORT_INPUT + 1, FALSE, error))
    return NULL;
  tags_len = text->len - subject_len;
  messages = _rapport_ranker_customer_text (query->messages, RAPPORT_RANKER_MAX_INPUT, error);
  if (messages == NULL)
    return NULL;

  if (max == 0)
    return g_steal_pointer (&suggestions);
  if (!document_frequency (self, RAPPORT_RANKER_INDEX_CANDIDATES, "", &n_candidates, error) ||
      !document_frequency (self, RAPPORT_RANKER_INDEX_PAST, "", &n_past, error))
    return NULL;
  if (n_candidates == 0 && n_past == 0)
    return g_steal_pointer (&suggestions);

  tokenizer = tokenizer_new (self, error);
  if (tokenizer == NULL)
    return NULL;

  term_set_init (&set);
  term_set_add (&set, tokenizer, text->str, subject_len, RAPPORT_RANKER_SUBJECT_WEIGHT);
  term_set_add (&set, tokenizer, text->str + subject_len, tags_len, RAPPORT_RANKER_TAG_WEIGHT);
  term_set_add (&set, tokenizer, messages, strlen (messages), 1.0);

  terms = select_terms (self, &set, n_candidates, n_past, RAPPORT_RANKER_MAX_TERMS, error);
  if (terms == NULL)
    return NULL;
  if (terms->len == 0)
    return g_steal_pointer (&suggestions);

  /* BM25 over the candidates. */
  match = build_match (terms, FALSE, RAPPORT_RANKER_CANDIDATE_POSTINGS);
  if (match != NULL)
    {
      g_autoptr(RapportStoreStmt) stmt = _rapport_store_prepare (self, sql_match_candidates,
                                                                 error);
      double scale = log (1.0 + (double) n_candidates) * RAPPORT_RANKER_TEXT_SCALE;
      int rc;

      if (stmt == NULL)
        return NULL;
      _rapport_store_bind_text (stmt, 1, match);
      sqlite3_bind_int (stmt, 2, RAPPORT_RANKER_SHORTLIST);
      while ((rc = _rapport_store_step (stmt, "Ranking candidates", error)) == SQLITE_ROW)
        {
          Scored *scored = scored_lookup (by_id, all, sqlite3_column_int64 (stmt, 0), FALSE);
          double bm25 = -sqlite3_column_double (stmt, 1);

          scored->text = 1.0 - exp (-MAX (bm25, 0.0) / scale);
        }
      if (rc == 0)
        return NULL;
    }
  g_clear_pointer (&match, g_free);

  /* BM25 over the past answers: the most similar tickets vote for their answer. */
  match = build_match (terms, TRUE, RAPPORT_RANKER_PAST_POSTINGS);
  if (match != NULL)
    {
      g_autoptr(RapportStoreStmt) stmt = _rapport_store_prepare (self, sql_match_past, error);
      double scale = log (1.0 + (double) n_past) * RAPPORT_RANKER_SIM_SCALE;
      guint n_neighbours = 0;
      int rc;

      if (stmt == NULL)
        return NULL;
      _rapport_store_bind_text (stmt, 1, match);
      sqlite3_bind_int (stmt, 2, RAPPORT_RANKER_NEIGHBOURS + 1);
      while ((rc = _rapport_store_step (stmt, "Finding similar tickets", error)) == SQLITE_ROW)
        {
          gint64 past_id = sqlite3_column_int64 (stmt, 0);
          double bm25 = -sqlite3_column_double (stmt, 1);
          gint64 candidate_id = sqlite3_column_int64 (stmt, 2);
          gint64 ticket_id = sqlite3_column_int64 (stmt, 3);
          gboolean has_reply = sqlite3_column_int (stmt, 4) != 0;
          double similarity = 1.0 - exp (-MAX (bm25, 0.0) / scale);
          double weight = similarity;
          Scored *scored;

          if (query->ticket_id != 0 && ticket_id == query->ticket_id)
            continue;
          if (++n_neighbours > RAPPORT_RANKER_NEIGHBOURS)
            break;
          if (candidate_id == 0 && !has_reply)
            continue;

          scored = scored_lookup (by_id, all, candidate_id != 0 ? candidate_id : past_id,
                                  candidate_id == 0);
          scored->votes += weight;
          scored->similar_uses++;
          if (scored->n_voters < MAX_VOTERS)
            scored->voters[scored->n_voters++] = past_id;
          total_votes += weight;
        }
      if (rc == 0)
        return NULL;
    }

  /* Load, score, and keep what clears the floor. */
  for (guint i = 0; i < all->len; i++)
    {
      Scored *scored = g_ptr_array_index (all, i);
      gint64 last_used_at = 0;
      gboolean found;

      if (!load_scored (self, scored, &last_used_at, &found, error))
        return NULL;
      if (!found)
        continue;

      score (scored, query, total_votes, last_used_at);
      if (scored->score >= RAPPORT_RANKER_FLOOR)
        g_ptr_array_add (ranked, scored);
    }

  g_ptr_array_sort (ranked, compare_scored);
  if (ranked->len > max)
    g_ptr_array_set_size (ranked, max);

  for (guint i = 0; i < ranked->len; i++)
    {
      Scored *scored = g_ptr_array_index (ranked, i);
      g_auto(GStrv) explained = explain_terms (self, tokenizer, scored, terms, error);

      if (explained == NULL)
        return NULL;

      g_ptr_array_add (suggestions,
                       _rapport_suggestion_new (scored->candidate, scored->score,
                                                scored->reasons,
                                                (const char * const *) explained,
                                                scored->similar_uses, scored->uses,
                                                scored->similar_ticket_id,
                                                scored->similar_subject));
    }

  return g_steal_pointer (&suggestions);
}

/* ---------------------------------------------------------------------------------------------
 * Which candidate a reply used
 * ------------------------------------------------------------------------------------------- */

static const char *sql_detect_row =
  "SELECT ifnull (account_id, 0), body, short_body FROM candidates WHERE id = ?1";

gint64
_rapport_ranker_detect_candidate (RapportStore  *self,
                                  const char    *reply,
                                  gint64         account_id,
                                  GError       **error)
{
  g_autoptr(Tokenizer) tokenizer = NULL;
  g_autoptr(GPtrArray) terms = NULL;
  g_autoptr(RapportStoreStmt) stmt = NULL;
  g_autoptr(GArray) shortlist = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_auto(TermSet) set = { 0 };
  g_autofree char *match = NULL;
  gint64 n_candidates, best = 0;
  double best_share = 0.0;
  gboolean more;
  int rc;

  if (reply == NULL || *reply == '\0')
    return 0;
  if (!document_frequency (self, RAPPORT_RANKER_INDEX_CANDIDATES, "", &n_candidates, error))
    return -1;
  if (n_candidates == 0)
    return 0;

  tokenizer = tokenizer_new (self, error);
  if (tokenizer == NULL)
    return -1;

  term_set_init (&set);
  term_set_add (&set, tokenizer, reply, bounded_length (reply, MAX_REPLY_INPUT, &more), 1.0);
  terms = select_terms (self, &set, n_candidates, 0, DETECT_TERMS, error);
  if (terms == NULL)
    return -1;

  match = build_match (terms, FALSE, RAPPORT_RANKER_CANDIDATE_POSTINGS);
  if (match == NULL)
    return 0;

  stmt = _rapport_store_prepare (self, sql_match_candidates, error);
  if (stmt == NULL)
    return -1;
  _rapport_store_bind_text (stmt, 1, match);
  sqlite3_bind_int (stmt, 2, DETECT_SHORTLIST);
  while ((rc = _rapport_store_step (stmt, "Finding the candidate of a reply", error)) ==
         SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (shortlist, id);
    }
  if (rc == 0)
    return -1;
  g_clear_pointer (&stmt, _rapport_store_stmt_release);

  for (guint i = 0; i < shortlist->len; i++)
    {
      gint64 id = g_array_index (shortlist, gint64, i);
      double share;

      stmt = _rapport_store_prepare (self, sql_detect_row, error);
      if (stmt == NULL)
        return -1;
      sqlite3_bind_int64 (stmt, 1, id);
      rc = _rapport_store_step (stmt, "Reading a candidate", error);
      if (rc == 0)
        return -1;
      if (rc == SQLITE_ROW &&
          (sqlite3_column_int64 (stmt, 0) == 0 || sqlite3_column_int64 (stmt, 0) == account_id))
        {
          share = MAX (_rapport_ranker_literal_coverage (_rapport_store_column_text (stmt, 1),
                                                         reply),
                       _rapport_ranker_literal_coverage (_rapport_store_column_text (stmt, 2),
                                                         reply));
          if (share >= DETECT_MIN_SHARE &&
              (share > best_share || (share == best_share && id < best)))
            {
              best = id;
              best_share = share;
            }
        }
      g_clear_pointer (&stmt, _rapport_store_stmt_release);
    }

  return best;
}
