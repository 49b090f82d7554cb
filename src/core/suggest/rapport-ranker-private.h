/* rapport-ranker-private.h: the ranker of suggested replies and the text it reads, for the
 * store's suggestion functions (rapport-store-suggest.c) and the tests.
 *
 * The formula is documented in docs/suggestions.md ("Ranking"); the constants below are its
 * parameters.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-store-private.h"
#include "rapport-suggest.h"

G_BEGIN_DECLS

/* The score floor: a suggestion scoring less is not shown. Scores are about 0…1.3: 1.0 is
 * a candidate whose own text matches the ticket strongly and that every similar past ticket
 * was answered with, before the boosts. Calibrated with tools/suggest-eval --sweep
 * (docs/suggestions.md, "The floor"): the highest floor that hides no expected answer the
 * labelled set shows in its first three. */
#define RAPPORT_RANKER_FLOOR 0.20

/* The gate (docs/suggestions.md, "The gate"). A suggestion's coverage is the share of the
 * ticket's informative mass (the info of its terms, those no index holds included) that its
 * own text or its best voters' words hold, or the same share of its subject's and tags'
 * terms when larger. A suggestion covering less than RAPPORT_RANKER_COVERAGE_MIN is not
 * shown; a ticket gets no suggestion at all unless its nearest past ticket is
 * RAPPORT_RANKER_GATE_NEAREST similar or one of its first three suggestions covers
 * RAPPORT_RANKER_GATE_COVERAGE. Calibrated on the labelled set (keeping its answers) and
 * data/suggest/unrelated-set.json (tickets no candidate answers, hidden). */
#define RAPPORT_RANKER_COVERAGE_MIN   0.12
#define RAPPORT_RANKER_GATE_NEAREST   0.50
#define RAPPORT_RANKER_GATE_COVERAGE  0.25

/* Terms: at most this many of the ticket's most informative terms are searched for, chosen
 * among the first RAPPORT_RANKER_MAX_LOOKUPS distinct terms (by weight, then position),
 * read from at most RAPPORT_RANKER_MAX_INPUT bytes of its subject, tags and messages. */
#define RAPPORT_RANKER_MAX_TERMS   24
#define RAPPORT_RANKER_MAX_LOOKUPS 48
#define RAPPORT_RANKER_MAX_INPUT   (32 * 1024)

/* Where the terms count: a subject term weighs 2, a tag 1.5, a message word 1 (summed over
 * occurrences; the square root of the sum is the term's weight in choosing the query's
 * terms). A term of the subject or the tags is searched for RAPPORT_RANKER_EMPHASIS times:
 * FTS5's bm25 () sums over the query's phrases, so the ticket's title words count that many
 * times in both searches. */
#define RAPPORT_RANKER_SUBJECT_WEIGHT 2.0
#define RAPPORT_RANKER_TAG_WEIGHT     1.5
#define RAPPORT_RANKER_EMPHASIS       2

/* The searches: the best RAPPORT_RANKER_SHORTLIST candidates by bm25, the
 * RAPPORT_RANKER_NEIGHBOURS most similar past tickets; a search skips the terms that would
 * make it read more than its budget of postings (document frequencies summed), keeping at
 * least the most informative term. */
#define RAPPORT_RANKER_SHORTLIST          40
#define RAPPORT_RANKER_NEIGHBOURS         20
#define RAPPORT_RANKER_CANDIDATE_POSTINGS 800
#define RAPPORT_RANKER_PAST_POSTINGS      1500
/* Phrases: at most this many pairs of adjacent query terms are searched for as phrases too. */
#define RAPPORT_RANKER_MAX_PHRASES        4

/* Combination: score = (W_TEXT × text + W_VOTES × votes) × channel × recency × use. */
#define RAPPORT_RANKER_W_TEXT        0.45
#define RAPPORT_RANKER_W_VOTES       0.55
#define RAPPORT_RANKER_TEXT_SCALE    2.0   /* text = 1 − exp (−bm25 / ln (1 + N) / this) */
#define RAPPORT_RANKER_SIM_SCALE     2.0   /* the same for a past ticket's similarity */
#define RAPPORT_RANKER_VOTE_SCALE    0.5   /* confidence = 1 − exp (−Σ weights / this) */
#define RAPPORT_RANKER_VOTE_PRIOR    0.25  /* a vote for c counts sim / (1 + uses (c))^this */
#define RAPPORT_RANKER_PAST_REPLY    0.8   /* a past reply's votes count this much */
#define RAPPORT_RANKER_CHANNEL_FIT   1.15  /* written for the ticket's channel */
#define RAPPORT_RANKER_CHANNEL_MISS  0.6   /* written for other channels only */
#define RAPPORT_RANKER_RECENCY       0.10  /* × (1 + this × exp (−age / 30 days)) */
#define RAPPORT_RANKER_RECENCY_DAYS  30.0
#define RAPPORT_RANKER_USE           0.04  /* × (1 + this × ln (1 + uses)) */

/* Explanations: a text match counts from this text score, "recent" from this recency,
 * "the team uses it" from this many uses. */
#define RAPPORT_RANKER_TERMS_MIN     0.05
#define RAPPORT_RANKER_RECENT_MIN    0.5
#define RAPPORT_RANKER_TEAM_USE_MIN  5

/* The columns of a candidate's row, read by _rapport_store_candidate_from_row ()
 * (rapport-store-suggest.c): a query may add its own after them. */
#define RAPPORT_CANDIDATE_COLUMNS \
  "id, ifnull (account_id, 0), remote_id, key, kind, title, body, short_body, tags, channels, " \
  "url, updated_at"
#define RAPPORT_CANDIDATE_N_COLUMNS 12

RapportCandidate *_rapport_store_candidate_from_row (sqlite3_stmt *stmt);

/* The customer's words in @messages: every line but the quoted ones (starting with '>' after
 * optional white space), messages joined by a line break, cut at a character boundary after
 * @max_bytes. NULL with RAPPORT_STORE_ERROR_INVALID when a message is not UTF-8. */
char      *_rapport_ranker_customer_text     (const char * const *messages,
                                              gsize               max_bytes,
                                              GError            **error);

/* What the index reads of a template body: its literal text, placeholders left out (the body
 * itself when it does not parse). */
char      *_rapport_ranker_body_text         (const char         *body);

/* What the index reads of a candidate (its body_text column): the literal text of @body and,
 * after a line break, of @short_body (nullable), so that the words of either form find it. */
char      *_rapport_ranker_index_text        (const char         *body,
                                              const char         *short_body);

/* The indexes of suggest_terms. */
#define RAPPORT_RANKER_INDEX_CANDIDATES 0
#define RAPPORT_RANKER_INDEX_PAST       1

/* Locked, in a transaction. Adds @delta (1: a document written, -1: removed) to the document
 * frequency of each term of the document made of @texts (NULL-terminated, each UTF-8; the
 * columns its index reads) in index @idx of suggest_terms, and to that index's count. */
gboolean   _rapport_ranker_count_document    (RapportStore              *self,
                                              int                        idx,
                                              const char * const        *texts,
                                              int                        delta,
                                              GError                   **error);

/* Locked. The ranker: see rapport_store_suggest (). */
GPtrArray *_rapport_ranker_suggest           (RapportStore              *self,
                                              const RapportSuggestQuery *query,
                                              guint                      max,
                                              GError                   **error);

/* Locked. The candidate (of the workspace or of @account_id) whose text @reply holds: the
 * shortlist of candidates sharing its most informative terms, then the one whose literal
 * text (either form) is found the most in @reply, at least 70 % of it; failing that, the
 * article whose url is one of @reply's web addresses; failing that, the shortlisted article
 * whose first paragraph @reply holds (70 % of it). 0 when none, -1 with @error set. */
gint64     _rapport_ranker_detect_candidate  (RapportStore              *self,
                                              const char                *reply,
                                              gint64                     account_id,
                                              GError                   **error);

/* How much of @template_text's literal text (its segments of at least 12 characters) is
 * found in @reply: the share (0…1) of those characters, white space runs compared as one
 * space. Exposed for the tests. */
double     _rapport_ranker_literal_coverage  (const char                *template_text,
                                              const char                *reply);

/* ---------------------------------------------------------------------------------------------
 * Between the ranker's files (rapport-ranker-terms.c, rapport-ranker.c)
 * ------------------------------------------------------------------------------------------- */

/* The tokenizer of candidates_fts and past_answers_fts ('porter unicode61 remove_diacritics 2'),
 * so that the ranker's terms are exactly the indexes' (same folding, same stems). */
typedef struct
{
  fts5_tokenizer  api;
  Fts5Tokenizer  *tokenizer;
} RapportRankerTokenizer;

/* The FTS5 token callback. */
typedef int (*RapportRankerTokenFunc) (void       *data,
                                       int         flags,
                                       const char *token,
                                       int         n_token,
                                       int         start,
                                       int         end);

/* Locked. A new tokenizer on the store's connection. */
RapportRankerTokenizer *_rapport_ranker_tokenizer_new  (RapportStore           *self,
                                                       GError                **error);
void                    _rapport_ranker_tokenizer_free (RapportRankerTokenizer *tokenizer);
/* Calls @func for each token of the first @len bytes of @text. */
void                    _rapport_ranker_tokenize       (RapportRankerTokenizer *tokenizer,
                                                       const char             *text,
                                                       gsize                   len,
                                                       RapportRankerTokenFunc  func,
                                                       void                   *data);

/* A term of a text, and the set of them (stop words, tokens under two bytes and tokens
 * without a letter left out). */
typedef struct
{
  char   *token;    /* as the indexes hold it (folded, stemmed) */
  char   *surface;  /* as the text wrote it, the first time */
  double  weight;   /* the occurrences' weights, summed */
  guint   position; /* order of first occurrence */
  gint64  df_c;     /* documents of candidates_fts holding it */
  gint64  df_p;     /* of past_answers_fts */
  double  info;     /* how telling it is: √weight × the larger idf */
  gboolean emphasised; /* found in a part weighing more than 1 (subject, tags) */
  gboolean looked_up;  /* its document frequencies (and info) were looked up */
} RapportRankerTerm;

/* Two terms the text wrote next to each other, in that order. */
typedef struct
{
  RapportRankerTerm *first;
  RapportRankerTerm *second;
} RapportRankerPair;

typedef struct
{
  GHashTable        *by_token; /* token → RapportRankerTerm (borrowed from terms) */
  GPtrArray         *terms;    /* RapportRankerTerm, in order of first occurrence */
  GArray            *pairs;    /* RapportRankerPair, distinct, in order of first occurrence */
  RapportRankerTerm *previous; /* the term of the token just read (NULL: none, or dropped) */
  const char        *text;     /* being tokenized */
  double             weight;   /* of its occurrences */
} RapportRankerTermSet;

void       _rapport_ranker_term_set_init  (RapportRankerTermSet   *set);
void       _rapport_ranker_term_set_clear (RapportRankerTermSet   *set);
/* Adds the terms of the first @len bytes of @text, each occurrence weighing @weight. */
void       _rapport_ranker_term_set_add   (RapportRankerTermSet   *set,
                                           RapportRankerTokenizer *tokenizer,
                                           const char             *text,
                                           gsize                   len,
                                           double                  weight);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportRankerTokenizer, _rapport_ranker_tokenizer_free)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RapportRankerTermSet, _rapport_ranker_term_set_clear)

/* The length of the longest prefix of @text, at most @max bytes, that ends on a character
 * boundary; *@more is set when @text goes on after it. Reads at most @max + 4 bytes. */
gsize      _rapport_ranker_bounded_length (const char             *text,
                                           gsize                   max,
                                           gboolean               *more);

/* Appends to @out what @text (nullable) holds, until @out is @max bytes long: its lines but
 * the quoted ones when @skip_quoted. FALSE with RAPPORT_STORE_ERROR_INVALID when what is read
 * is not UTF-8. */
gboolean   _rapport_ranker_append_text    (GString                *out,
                                           const char             *text,
                                           gsize                   max,
                                           gboolean                skip_quoted,
                                           GError                **error);

/* Locked. How many documents of index @idx hold @token (the empty token: how many documents
 * the index has). */
gboolean   _rapport_ranker_document_frequency (RapportStore       *self,
                                               int                 idx,
                                               const char         *token,
                                               gint64             *df,
                                               GError            **error);

/* Locked. The most telling terms of @set (borrowed from it, best first, at most @max_terms):
 * the RAPPORT_RANKER_MAX_LOOKUPS heaviest looked up in the candidates' index and, when
 * @n_past > 0, in the past answers'; terms neither holds are dropped. */
GPtrArray *_rapport_ranker_select_terms   (RapportStore           *self,
                                           RapportRankerTermSet   *set,
                                           gint64                  n_candidates,
                                           gint64                  n_past,
                                           guint                   max_terms,
                                           GError                **error);

/* An FTS5 query: the terms (best first) as the text wrote them, quoted, joined by OR, an
 * emphasised term RAPPORT_RANKER_EMPHASIS times, leaving out the terms the index (@past: the
 * past answers') does not hold and those past the budget of postings (each repetition
 * counted); then, as phrases, the first RAPPORT_RANKER_MAX_PHRASES of @pairs (nullable) whose
 * two terms are searched. NULL when no term is left. */
char      *_rapport_ranker_build_match    (GPtrArray              *terms,
                                           GArray                 *pairs,
                                           gboolean                past,
                                           gint64                  budget);

/* Adds to @tokens (a set of strings it owns) the tokens of @text (nullable), read up to 8 KiB. */
void       _rapport_ranker_add_tokens     (GHashTable             *tokens,
                                           RapportRankerTokenizer *tokenizer,
                                           const char             *text);

G_END_DECLS
