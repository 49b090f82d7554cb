/* rapport-ranker.c
 *
 * The ranker of suggested replies: BM25 over the candidates and over the past answers (whose
 * answers vote), the boosts, the floor, the gate, and each suggestion's explanation; and which
 * candidate a past reply used. Runs on the store's connection, locked (rapport-store-suggest.c
 * calls it on the store's worker); its terms come from rapport-ranker-terms.c.
 * docs/suggestions.md, "Ranking", gives the formula.
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

/* A subject (and the tags) and a reply read for detection are cut after this. */
#define MAX_SHORT_INPUT    1024
#define MAX_REPLY_INPUT    (16 * 1024)
/* The voters whose words explain a suggestion. */
#define MAX_VOTERS         3
/* Detection: the terms of a reply searched for, the candidates compared, the share of a
 * candidate's literal text the reply must hold. */
#define DETECT_TERMS       12
#define DETECT_SHORTLIST   8
#define DETECT_MIN_SHARE   0.7
/* Detection of an article: the web addresses of a reply looked up, and the literal characters
 * an article's first paragraph needs to stand for it. */
#define DETECT_MAX_URLS    8
#define DETECT_MIN_PARAGRAPH 40

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

/* The final score of @scored (its candidate loaded) and its reasons: @total_votes is the
 * votes of every candidate. */
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

/* Locked. Adds to @tokens the words of @scored's own text (for a candidate) and of its best
 * voters (for a past reply: its own ticket). */
static gboolean
gather_tokens (RapportStore           *self,
               RapportRankerTokenizer *tokenizer,
               Scored                 *scored,
               GHashTable             *tokens,
               GError                **error)
{
  if (scored->past_reply)
    {
      scored->voters[0] = scored->id;
      scored->n_voters = 1;
    }
  else
    {
      _rapport_ranker_add_tokens (tokens, tokenizer, scored->index_text);
    }

  for (guint i = 0; i < scored->n_voters; i++)
    {
      g_autoptr(RapportStoreStmt) stmt = _rapport_store_prepare (self, sql_past_text, error);
      int rc;

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, scored->voters[i]);
      rc = _rapport_store_step (stmt, "Reading a similar ticket", error);
      if (rc == 0)
        return FALSE;
      if (rc != SQLITE_ROW)
        continue;
      for (int column = 0; column < 3; column++)
        _rapport_ranker_add_tokens (tokens, tokenizer, _rapport_store_column_text (stmt, column));
    }
  return TRUE;
}

/* The share of the ticket's informative mass (@terms' info, plus @unknown_mass: the terms no
 * index holds) that @tokens hold; or, when larger, the share of the mass of its subject's and
 * tags' terms (@unknown_emphasised of them unknown). */
static double
coverage (GHashTable *tokens,
          GPtrArray  *terms,
          double      unknown_mass,
          double      unknown_emphasised)
{
  double matched = 0.0, total = unknown_mass;
  double matched_emphasised = 0.0, total_emphasised = unknown_emphasised;

  for (guint i = 0; i < terms->len; i++)
    {
      const RapportRankerTerm *term = g_ptr_array_index (terms, i);
      gboolean held = g_hash_table_contains (tokens, term->token);

      total += term->info;
      matched += held ? term->info : 0.0;
      if (term->emphasised)
        {
          total_emphasised += term->info;
          matched_emphasised += held ? term->info : 0.0;
        }
    }
  return MAX (total > 0.0 ? matched / total : 0.0,
              total_emphasised > 0.0 ? matched_emphasised / total_emphasised : 0.0);
}

/* The query's terms that @tokens hold, as the ticket wrote them, most telling first. */
static GStrv
explain_terms (GHashTable *tokens,
               GPtrArray  *terms)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  guint n = 0;

  for (guint i = 0; i < terms->len && n < 5; i++)
    {
      const RapportRankerTerm *term = g_ptr_array_index (terms, i);

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
  g_autoptr(RapportRankerTokenizer) tokenizer = NULL;
  g_auto(RapportRankerTermSet) set = { 0 };
  g_autofree char *tags = NULL;
  g_autofree char *messages = NULL;
  g_autofree char *match = NULL;
  g_autofree gint64 *last_used = NULL;
  gint64 n_candidates, n_past;
  double total_votes = 0.0, unknown_mass = 0.0, nearest = 0.0, best_coverage = 0.0;
  double unknown_emphasised = 0.0;
  gsize subject_len, tags_len;

  max = MIN (max, RAPPORT_SUGGEST_MAX);

  /* The ticket's words: subject, tags, then the customer's messages, bounded. */
  if (!_rapport_ranker_append_text (text, query->subject, MAX_SHORT_INPUT, FALSE, error))
    return NULL;
  subject_len = text->len;
  tags = query->tags != NULL ? g_strjoinv (" ", (char **) query->tags) : NULL;
  if (!_rapport_ranker_append_text (text, tags, subject_len + MAX_SHORT_INPUT + 1, FALSE, error))
    return NULL;
  tags_len = text->len - subject_len;
  messages = _rapport_ranker_customer_text (query->messages, RAPPORT_RANKER_MAX_INPUT, error);
  if (messages == NULL)
    return NULL;

  if (max == 0)
    return g_steal_pointer (&suggestions);
  if (!_rapport_ranker_document_frequency (self, RAPPORT_RANKER_INDEX_CANDIDATES, "",
                                           &n_candidates, error) ||
      !_rapport_ranker_document_frequency (self, RAPPORT_RANKER_INDEX_PAST, "", &n_past, error))
    return NULL;
  if (n_candidates == 0 && n_past == 0)
    return g_steal_pointer (&suggestions);

  tokenizer = _rapport_ranker_tokenizer_new (self, error);
  if (tokenizer == NULL)
    return NULL;

  _rapport_ranker_term_set_init (&set);
  _rapport_ranker_term_set_add (&set, tokenizer, text->str, subject_len,
                                RAPPORT_RANKER_SUBJECT_WEIGHT);
  _rapport_ranker_term_set_add (&set, tokenizer, text->str + subject_len, tags_len,
                                RAPPORT_RANKER_TAG_WEIGHT);
  _rapport_ranker_term_set_add (&set, tokenizer, messages, strlen (messages), 1.0);

  terms = _rapport_ranker_select_terms (self, &set, n_candidates, n_past,
                                        RAPPORT_RANKER_MAX_TERMS, error);
  if (terms == NULL)
    return NULL;
  if (terms->len == 0)
    return g_steal_pointer (&suggestions);

  /* BM25 over the candidates. */
  match = _rapport_ranker_build_match (terms, set.pairs, FALSE,
                                       RAPPORT_RANKER_CANDIDATE_POSTINGS);
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
  match = _rapport_ranker_build_match (terms, set.pairs, TRUE, RAPPORT_RANKER_PAST_POSTINGS);
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
          nearest = MAX (nearest, similarity);
          if (candidate_id == 0 && !has_reply)
            continue;

          scored = scored_lookup (by_id, all, candidate_id != 0 ? candidate_id : past_id,
                                  candidate_id == 0);
          scored->votes += weight;
          scored->similar_uses++;
          if (scored->n_voters < MAX_VOTERS)
            scored->voters[scored->n_voters++] = past_id;
        }
      if (rc == 0)
        return NULL;
    }

  /* Load. A vote counts less for a candidate the team uses often: its answered tickets are
   * many among the similar ones by their number alone. Then score, and keep what clears the
   * floor (a row gone since the searches has no candidate). */
  last_used = g_new0 (gint64, all->len + 1);
  for (guint i = 0; i < all->len; i++)
    {
      Scored *scored = g_ptr_array_index (all, i);
      gboolean found;

      if (!load_scored (self, scored, &last_used[i], &found, error))
        return NULL;
      if (!found)
        continue;
      if (!scored->past_reply)
        scored->votes /= pow (1.0 + (double) scored->uses, RAPPORT_RANKER_VOTE_PRIOR);
      total_votes += scored->votes;
    }

  for (guint i = 0; i < all->len; i++)
    {
      Scored *scored = g_ptr_array_index (all, i);

      if (scored->candidate == NULL)
        continue;
      score (scored, query, total_votes, last_used[i]);
      if (scored->score >= RAPPORT_RANKER_FLOOR)
        g_ptr_array_add (ranked, scored);
    }

  g_ptr_array_sort (ranked, compare_scored);

  /* The ticket's informative terms that no index holds: their mass counts against every
   * suggestion's coverage. */
  for (guint i = 0; i < set.terms->len; i++)
    {
      const RapportRankerTerm *term = g_ptr_array_index (set.terms, i);

      if (term->looked_up && term->df_c == 0 && term->df_p == 0)
        {
          unknown_mass += term->info;
          unknown_emphasised += term->emphasised ? term->info : 0.0;
        }
    }

  /* The gate. A suggestion is shown only when the words it (its own text, its best voters)
   * shares with the ticket are RAPPORT_RANKER_COVERAGE_MIN of the ticket's informative mass;
   * and the ticket gets any only when its nearest past ticket or the best of its first three
   * suggestions is close enough (RAPPORT_RANKER_GATE_NEAREST, RAPPORT_RANKER_GATE_COVERAGE):
   * a ticket that shares a common word or two with some answer gets nothing. */
  for (guint i = 0; i < ranked->len && suggestions->len < max; i++)
    {
      Scored *scored = g_ptr_array_index (ranked, i);
      g_autoptr(GHashTable) tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                            NULL);
      g_auto(GStrv) explained = NULL;
      double covered;

      if (!gather_tokens (self, tokenizer, scored, tokens, error))
        return NULL;
      covered = coverage (tokens, terms, unknown_mass, unknown_emphasised);
      if (covered < RAPPORT_RANKER_COVERAGE_MIN)
        continue;
      if (suggestions->len < 3)
        best_coverage = MAX (best_coverage, covered);
      explained = explain_terms (tokens, terms);
      g_ptr_array_add (suggestions,
                       _rapport_suggestion_new (scored->candidate, scored->score,
                                                scored->reasons,
                                                (const char * const *) explained,
                                                scored->similar_uses, scored->uses,
                                                scored->similar_ticket_id,
                                                scored->similar_subject));
    }

  if (nearest < RAPPORT_RANKER_GATE_NEAREST && best_coverage < RAPPORT_RANKER_GATE_COVERAGE)
    g_ptr_array_set_size (suggestions, 0);

  return g_steal_pointer (&suggestions);
}

/* ---------------------------------------------------------------------------------------------
 * Which candidate a reply used
 * ------------------------------------------------------------------------------------------- */

static const char *sql_detect_row =
  "SELECT ifnull (account_id, 0), body, short_body, kind = 'article' FROM candidates "
  "WHERE id = ?1";
static const char *sql_detect_url =
  "SELECT id FROM candidates WHERE kind = 'article' AND url = ?1 "
  "AND (account_id IS NULL OR account_id = ?2) ORDER BY id LIMIT 1";

/* The web addresses in @reply: from "http://" or "https://" up to white space, a quote or an
 * angle bracket, without the punctuation that ends a sentence after one; the first
 * DETECT_MAX_URLS. */
static GPtrArray *
reply_urls (const char *reply)
{
  GPtrArray *urls = g_ptr_array_new_with_free_func (g_free);
  const char *p = reply;

  while (urls->len < DETECT_MAX_URLS && (p = strstr (p, "http")) != NULL)
    {
      const char *start = p;
      const char *end;

      if (!g_str_has_prefix (p, "http://") && !g_str_has_prefix (p, "https://"))
        {
          p += strlen ("http");
          continue;
        }
      while (*p != '\0' && !g_ascii_isspace (*p) && strchr ("<>\"'", *p) == NULL)
        p++;
      end = p;
      while (strchr (".,;:!?)]}", end[-1]) != NULL)
        end--;
      g_ptr_array_add (urls, g_strndup (start, (gsize) (end - start)));
    }

  return urls;
}

/* The article (of the workspace or of @account_id) whose web address @reply links to: one of
 * the reply's addresses as it is, or without its query or fragment, or without a trailing
 * slash. 0 when none, -1 with @error set. */
static gint64
detect_article_url (RapportStore  *self,
                    const char    *reply,
                    gint64         account_id,
                    GError       **error)
{
  g_autoptr(GPtrArray) urls = reply_urls (reply);

  for (guint i = 0; i < urls->len; i++)
    {
      g_autofree char *bare = g_strdup (g_ptr_array_index (urls, i));
      g_autofree char *trimmed = NULL;
      const char *variants[3];

      bare[strcspn (bare, "?#")] = '\0';
      trimmed = g_strdup (bare);
      if (g_str_has_suffix (trimmed, "/"))
        trimmed[strlen (trimmed) - 1] = '\0';
      variants[0] = g_ptr_array_index (urls, i);
      variants[1] = bare;
      variants[2] = trimmed;

      for (guint j = 0; j < G_N_ELEMENTS (variants); j++)
        {
          g_autoptr(RapportStoreStmt) stmt = NULL;
          gint64 id = 0;
          int rc;

          if (j > 0 && g_str_equal (variants[j], variants[j - 1]))
            continue;
          stmt = _rapport_store_prepare (self, sql_detect_url, error);
          if (stmt == NULL)
            return -1;
          _rapport_store_bind_text (stmt, 1, variants[j]);
          sqlite3_bind_int64 (stmt, 2, account_id);
          rc = _rapport_store_step (stmt, "Finding the article of a link", error);
          if (rc == 0)
            return -1;
          if (rc == SQLITE_ROW)
            id = sqlite3_column_int64 (stmt, 0);
          if (id > 0)
            return id;
        }
    }

  return 0;
}

/* The literal text of an article's first paragraph (up to its first blank line) when the body
 * has more than one and that paragraph holds at least DETECT_MIN_PARAGRAPH characters of
 * literal text; NULL otherwise. */
static char *
first_paragraph (const char *body)
{
  g_autofree char *copy = g_strstrip (g_strdup (body != NULL ? body : ""));
  g_autofree char *literal = NULL;
  char *blank = strstr (copy, "\n\n");

  if (blank == NULL)
    return NULL;
  *blank = '\0';
  literal = _rapport_ranker_body_text (copy);
  if (g_utf8_strlen (literal, -1) < DETECT_MIN_PARAGRAPH)
    return NULL;

  return g_steal_pointer (&copy);
}

gint64
_rapport_ranker_detect_candidate (RapportStore  *self,
                                  const char    *reply,
                                  gint64         account_id,
                                  GError       **error)
{
  g_autoptr(RapportRankerTokenizer) tokenizer = NULL;
  g_autoptr(GPtrArray) terms = NULL;
  g_autoptr(RapportStoreStmt) stmt = NULL;
  g_autoptr(GArray) shortlist = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_auto(RapportRankerTermSet) set = { 0 };
  g_autofree char *match = NULL;
  gint64 n_candidates, best = 0, best_excerpt = 0;
  double best_share = 0.0, best_excerpt_share = 0.0;
  gboolean more;
  int rc;

  if (reply == NULL || *reply == '\0')
    return 0;
  if (!_rapport_ranker_document_frequency (self, RAPPORT_RANKER_INDEX_CANDIDATES, "",
                                           &n_candidates, error))
    return -1;
  if (n_candidates == 0)
    return 0;

  tokenizer = _rapport_ranker_tokenizer_new (self, error);
  if (tokenizer == NULL)
    return -1;

  _rapport_ranker_term_set_init (&set);
  _rapport_ranker_term_set_add (&set, tokenizer, reply,
                                _rapport_ranker_bounded_length (reply, MAX_REPLY_INPUT, &more),
                                1.0);
  terms = _rapport_ranker_select_terms (self, &set, n_candidates, 0, DETECT_TERMS, error);
  if (terms == NULL)
    return -1;

  match = _rapport_ranker_build_match (terms, set.pairs, FALSE, RAPPORT_RANKER_CANDIDATE_POSTINGS);
  if (match == NULL)
    return detect_article_url (self, reply, account_id, error);

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
          if (sqlite3_column_int (stmt, 3))
            {
              g_autofree char *paragraph = first_paragraph (_rapport_store_column_text (stmt,
                                                                                        1));

              share = paragraph != NULL ? _rapport_ranker_literal_coverage (paragraph, reply)
                                        : 0.0;
              if (share >= DETECT_MIN_SHARE &&
                  (share > best_excerpt_share ||
                   (share == best_excerpt_share && id < best_excerpt)))
                {
                  best_excerpt = id;
                  best_excerpt_share = share;
                }
            }
        }
      g_clear_pointer (&stmt, _rapport_store_stmt_release);
    }

  /* A candidate's whole text first (a canned response that links an article is that
   * response), then an article's link, then an article's first paragraph. */
  if (best == 0)
    best = detect_article_url (self, reply, account_id, error);
  if (best == 0)
    best = best_excerpt;

  return best;
}
