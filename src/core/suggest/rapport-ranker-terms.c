/* rapport-ranker-terms.c
 *
 * What the ranker reads: the ticket's text (bounded, quoted lines out), its terms as the
 * suggestion indexes' own tokenizer makes them, their document frequencies (suggest_terms),
 * the most informative of them, and the FTS queries made of them; the literal text of a
 * template and how much of it a reply holds.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rapport-ranker"

#include "config.h"

#include <math.h>
#include <string.h>

#include "rapport-ranker-private.h"
#include "rapport-template.h"

/* The most distinct terms one text may bring (a bound on memory for hostile input). */
#define MAX_DISTINCT_TERMS 4096
/* The pairs of adjacent terms a text's set keeps (the first ones). */
#define MAX_PAIRS          256
/* A text read for an explanation is cut after this. */
#define MAX_EXPLAIN_INPUT  (8 * 1024)
/* The shortest literal line that counts when looking for a template in a reply. */
#define DETECT_MIN_CHARS   12

static const char *sql_fts5_api = "SELECT fts5 (?1)";
static const char *sql_df = "SELECT df FROM suggest_terms WHERE idx = ?1 AND term = ?2";
static const char *sql_df_add =
  "INSERT INTO suggest_terms (idx, term, df) VALUES (?1, ?2, ?3) "
  "ON CONFLICT (idx, term) DO UPDATE SET df = max (df + excluded.df, 0)";

/* ---------------------------------------------------------------------------------------------
 * Text
 * ------------------------------------------------------------------------------------------- */

/* The length of the longest prefix of @text, at most @max bytes, that ends on a character
 * boundary; *@more is set when @text goes on after it. Reads at most @max + 4 bytes. */
gsize
_rapport_ranker_bounded_length (const char *text,
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
gboolean
_rapport_ranker_append_text (GString     *out,
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

  len = _rapport_ranker_bounded_length (text, max - out->len, &more);
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
      if (!_rapport_ranker_append_text (text, messages[i], max_bytes, TRUE, error))
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

char *
_rapport_ranker_index_text (const char *body,
                            const char *short_body)
{
  g_autofree char *body_text = _rapport_ranker_body_text (body);
  g_autofree char *short_text = NULL;

  if (short_body == NULL || *short_body == '\0')
    return g_steal_pointer (&body_text);

  short_text = _rapport_ranker_body_text (short_body);

  return g_strconcat (body_text, "\n", short_text, NULL);
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


void
_rapport_ranker_tokenizer_free (RapportRankerTokenizer *tokenizer)
{
  if (tokenizer == NULL)
    return;

  if (tokenizer->tokenizer != NULL)
    tokenizer->api.xDelete (tokenizer->tokenizer);
  g_free (tokenizer);
}


/* Locked. The tokenizer of candidates_fts and past_answers_fts (0006-suggestions.sql:
 * 'porter unicode61 remove_diacritics 2'). */
RapportRankerTokenizer *
_rapport_ranker_tokenizer_new (RapportStore  *self,
                               GError       **error)
{
  static const char *args[] = { "unicode61", "remove_diacritics", "2" };
  g_autoptr(RapportStoreStmt) stmt = NULL;
  g_autoptr(RapportRankerTokenizer) tokenizer = g_new0 (RapportRankerTokenizer, 1);
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


void
_rapport_ranker_tokenize (RapportRankerTokenizer  *tokenizer,
                          const char *text,
                          gsize       len,
                          RapportRankerTokenFunc func,
                          void       *data)
{
  if (len == 0)
    return;

  tokenizer->api.xTokenize (tokenizer->tokenizer, data, FTS5_TOKENIZE_DOCUMENT, text,
                            (int) MIN (len, (gsize) G_MAXINT), func);
}

/* Words that say nothing about what a ticket is about: English function words and common
 * fillers ("already", "really", "something"), and the greetings and courtesies of support
 * mail ("good morning", "thanks in advance", "looking forward to hearing from you"). Compared with the word as written, lower-cased
 * (the pieces unicode61 makes of "don't" are "don" and "t"). */
static const char * const stop_words[] = {
  "a", "about", "above", "advance", "after", "afternoon", "again", "against", "all", "already",
  "also", "am", "an", "and", "any", "anymore", "anything", "are", "aren", "as", "at", "be",
  "because", "been", "before", "being", "below", "best", "between", "both", "but", "by", "can",
  "cannot", "cheers", "could", "couldn", "day", "dear", "did", "didn", "do", "does", "doesn",
  "doing", "don", "down", "during", "each", "else", "even", "evening", "ever", "few", "for",
  "forward", "from", "further", "get", "good", "got", "had", "hadn", "has", "hasn", "have",
  "haven", "having", "he", "hearing", "hello", "her", "here", "hers", "herself", "hey", "hi",
  "him", "himself", "his", "hope", "how", "however", "i", "if", "im", "in", "into", "is", "isn",
  "it", "its", "itself", "ive", "just", "kind", "know", "let", "like", "ll", "looking", "maybe",
  "me", "more", "morning", "most", "much", "must", "my", "myself", "need", "no", "nor", "not",
  "now", "of", "off", "ok", "okay", "on", "once", "one", "only", "or", "other", "our", "ours",
  "ourselves", "out", "over", "own", "please", "re", "really", "regards", "same", "shan", "she",
  "should", "shouldn", "since", "sincerely", "so", "some", "something", "still", "such", "than",
  "thank", "thanks", "that", "the", "their", "theirs", "them", "themselves", "then", "there",
  "these", "they", "think", "this", "those", "through", "to", "too", "under", "until", "up", "us",
  "ve", "very", "want", "was", "wasn", "we", "were", "weren", "what", "when", "where", "which",
  "while", "who", "whom", "why", "will", "with", "won", "would", "wouldn", "yes", "yet", "you",
  "your", "yours", "yourself", "yourselves",
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


static void
term_free (RapportRankerTerm *term)
{
  g_free (term->token);
  g_free (term->surface);
  g_free (term);
}


void
_rapport_ranker_term_set_init (RapportRankerTermSet *set)
{
  set->by_token = g_hash_table_new (g_str_hash, g_str_equal);
  set->terms = g_ptr_array_new_with_free_func ((GDestroyNotify) term_free);
  set->pairs = g_array_new (FALSE, FALSE, sizeof (RapportRankerPair));
}

void
_rapport_ranker_term_set_clear (RapportRankerTermSet *set)
{
  g_clear_pointer (&set->by_token, g_hash_table_unref);
  g_clear_pointer (&set->terms, g_ptr_array_unref);
  g_clear_pointer (&set->pairs, g_array_unref);
}

/* Records that @set->previous and @term were written next to each other. */
static void
add_pair (RapportRankerTermSet *set,
          RapportRankerTerm    *term)
{
  RapportRankerPair pair = { set->previous, term };

  if (pair.first == NULL || pair.first == term || set->pairs->len >= MAX_PAIRS)
    return;
  for (guint i = 0; i < set->pairs->len; i++)
    {
      const RapportRankerPair *known = &g_array_index (set->pairs, RapportRankerPair, i);

      if (known->first == pair.first && known->second == pair.second)
        return;
    }
  g_array_append_val (set->pairs, pair);
}


static int
collect_term (void       *data,
              int         flags,
              const char *token,
              int         n_token,
              int         start,
              int         end)
{
  RapportRankerTermSet *set = data;
  const char *surface = set->text + start;
  gsize surface_len = end - start;
  g_autofree char *key = NULL;
  RapportRankerTerm *term;

  if ((flags & FTS5_TOKEN_COLOCATED) != 0)
    return SQLITE_OK;
  if (n_token < 2 || !has_letter (surface, surface_len))
    {
      set->previous = NULL;
      return SQLITE_OK;
    }

  key = g_strndup (token, n_token);
  term = g_hash_table_lookup (set->by_token, key);
  if (term == NULL)
    {
      g_autofree char *folded = g_utf8_strdown (surface, surface_len);

      if (is_stop_word (folded) || set->terms->len >= MAX_DISTINCT_TERMS)
        {
          set->previous = NULL;
          return SQLITE_OK;
        }

      term = g_new0 (RapportRankerTerm, 1);
      term->token = g_steal_pointer (&key);
      term->surface = g_strndup (surface, surface_len);
      term->position = set->terms->len;
      g_ptr_array_add (set->terms, term);
      g_hash_table_insert (set->by_token, term->token, term);
    }
  term->weight += set->weight;
  if (set->weight > 1.0)
    term->emphasised = TRUE;
  add_pair (set, term);
  set->previous = term;

  return SQLITE_OK;
}

void
_rapport_ranker_term_set_add (RapportRankerTermSet    *set,
                              RapportRankerTokenizer  *tokenizer,
                              const char *text,
                              gsize       len,
                              double      weight)
{
  set->text = text;
  set->weight = weight;
  set->previous = NULL;
  _rapport_ranker_tokenize (tokenizer, text, len, collect_term, set);
  set->text = NULL;
  set->previous = NULL;
}

static int
compare_by_weight (gconstpointer a,
                   gconstpointer b)
{
  const RapportRankerTerm *ta = *(const RapportRankerTerm * const *) a;
  const RapportRankerTerm *tb = *(const RapportRankerTerm * const *) b;

  if (ta->weight != tb->weight)
    return ta->weight > tb->weight ? -1 : 1;

  return ta->position < tb->position ? -1 : ta->position > tb->position;
}

static int
compare_by_info (gconstpointer a,
                 gconstpointer b)
{
  const RapportRankerTerm *ta = *(const RapportRankerTerm * const *) a;
  const RapportRankerTerm *tb = *(const RapportRankerTerm * const *) b;

  if (ta->info != tb->info)
    return ta->info > tb->info ? -1 : 1;

  return strcmp (ta->token, tb->token);
}

/* Locked. How many documents of index @idx hold @token (the empty token: how many documents
 * the index has). */
gboolean
_rapport_ranker_document_frequency (RapportStore  *self,
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
GPtrArray *
_rapport_ranker_select_terms (RapportStore  *self,
                              RapportRankerTermSet       *set,
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
      RapportRankerTerm *term = g_ptr_array_index (lookups, i);

      if (n_candidates > 0 &&
          !_rapport_ranker_document_frequency (self, RAPPORT_RANKER_INDEX_CANDIDATES,
                                               term->token, &term->df_c, error))
        return NULL;
      if (n_past > 0 &&
          !_rapport_ranker_document_frequency (self, RAPPORT_RANKER_INDEX_PAST, term->token,
                                               &term->df_p, error))
        return NULL;
      /* A term neither index holds is kept out, its info (as telling as a term held once)
       * left for the ranker's coverage. */
      term->looked_up = TRUE;
      if (term->df_c == 0 && term->df_p == 0)
        {
          term->info = sqrt (term->weight) * MAX (idf (1, n_candidates), idf (1, n_past));
          continue;
        }
      term->info = sqrt (term->weight) * MAX (idf (term->df_c, n_candidates),
                                              idf (term->df_p, n_past));
      g_ptr_array_add (selected, term);
    }

  g_ptr_array_sort (selected, compare_by_info);
  if (selected->len > max_terms)
    g_ptr_array_set_size (selected, max_terms);

  return g_steal_pointer (&selected);
}

/* Appends to @match the FTS5 phrase of @first (and @second, nullable, after a space), its
 * quotes doubled. */
static void
append_quoted (GString    *match,
               const char *first,
               const char *second)
{
  g_string_append_c (match, '"');
  for (const char *p = first; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (match, '"');
      g_string_append_c (match, *p);
    }
  if (second != NULL)
    {
      g_string_append_c (match, ' ');
      for (const char *p = second; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (match, '"');
          g_string_append_c (match, *p);
        }
    }
  g_string_append_c (match, '"');
}

char *
_rapport_ranker_build_match (GPtrArray *terms,
                             GArray    *pairs,
                             gboolean   past,
                             gint64     budget)
{
  g_autoptr(GString) match = g_string_new (NULL);
  g_autoptr(GHashTable) searched = g_hash_table_new (NULL, NULL);
  gint64 postings = 0;
  guint n_phrases = 0;

  for (guint i = 0; i < terms->len; i++)
    {
      RapportRankerTerm *term = g_ptr_array_index (terms, i);
      gint64 df = past ? term->df_p : term->df_c;
      int repeat = term->emphasised ? RAPPORT_RANKER_EMPHASIS : 1;

      if (df == 0 || (match->len > 0 && postings + df > budget))
        continue;

      if (match->len > 0 && postings + df * repeat > budget)
        repeat = 1;
      postings += df * repeat;
      g_hash_table_add (searched, term);
      for (int r = 0; r < repeat; r++)
        {
          if (match->len > 0)
            g_string_append (match, " OR ");
          append_quoted (match, term->surface, NULL);
        }
    }

  if (match->len == 0)
    return NULL;

  /* The phrases: two searched terms the ticket wrote next to each other, in that order. */
  for (guint i = 0; pairs != NULL && i < pairs->len && n_phrases < RAPPORT_RANKER_MAX_PHRASES;
       i++)
    {
      const RapportRankerPair *pair = &g_array_index (pairs, RapportRankerPair, i);

      if (!g_hash_table_contains (searched, pair->first) ||
          !g_hash_table_contains (searched, pair->second))
        continue;
      g_string_append (match, " OR ");
      append_quoted (match, pair->first->surface, pair->second->surface);
      n_phrases++;
    }

  return g_string_free (g_steal_pointer (&match), FALSE);
}

gboolean
_rapport_ranker_count_document (RapportStore        *self,
                                int                  idx,
                                const char * const  *texts,
                                int                  delta,
                                GError             **error)
{
  g_autoptr(RapportRankerTokenizer) tokenizer = _rapport_ranker_tokenizer_new (self, error);
  g_auto(RapportRankerTermSet) set = { 0 };
  gboolean more;

  if (tokenizer == NULL)
    return FALSE;

  _rapport_ranker_term_set_init (&set);
  for (guint i = 0; texts[i] != NULL; i++)
    _rapport_ranker_term_set_add (&set, tokenizer, texts[i],
                                  _rapport_ranker_bounded_length (texts[i], G_MAXINT / 2, &more),
                                  1.0);

  for (guint i = 0; i <= set.terms->len; i++)
    {
      g_autoptr(RapportStoreStmt) stmt = _rapport_store_prepare (self, sql_df_add, error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int (stmt, 1, idx);
      /* The empty term last: the index's number of documents. */
      _rapport_store_bind_text (stmt, 2, i < set.terms->len ?
                                         ((RapportRankerTerm *) set.terms->pdata[i])->token : "");
      sqlite3_bind_int (stmt, 3, delta);
      if (!_rapport_store_step_done (stmt, "Counting a document's terms", error))
        return FALSE;
    }

  return TRUE;
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

void
_rapport_ranker_add_tokens (GHashTable *tokens,
                            RapportRankerTokenizer  *tokenizer,
                            const char *text)
{
  gboolean more;

  if (text != NULL)
    _rapport_ranker_tokenize (tokenizer, text,
                              _rapport_ranker_bounded_length (text, MAX_EXPLAIN_INPUT, &more),
                              collect_token, tokens);
}

