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
 * was answered with, before the boosts. */
#define RAPPORT_RANKER_FLOOR 0.20

/* Terms: at most this many of the ticket's most informative terms are searched for, chosen
 * among the first RAPPORT_RANKER_MAX_LOOKUPS distinct terms (by weight, then position),
 * read from at most RAPPORT_RANKER_MAX_INPUT bytes of its subject, tags and messages. */
#define RAPPORT_RANKER_MAX_TERMS   24
#define RAPPORT_RANKER_MAX_LOOKUPS 48
#define RAPPORT_RANKER_MAX_INPUT   (32 * 1024)

/* Where the terms count: a subject term weighs 2, a tag 1.5, a message word 1 (summed over
 * occurrences; the square root of the sum is the term's weight in the query). */
#define RAPPORT_RANKER_SUBJECT_WEIGHT 2.0
#define RAPPORT_RANKER_TAG_WEIGHT     1.5

/* The searches: the best RAPPORT_RANKER_SHORTLIST candidates by bm25, the
 * RAPPORT_RANKER_NEIGHBOURS most similar past tickets; a search skips the terms that would
 * make it read more than its budget of postings (document frequencies summed), keeping at
 * least the most informative term. */
#define RAPPORT_RANKER_SHORTLIST          40
#define RAPPORT_RANKER_NEIGHBOURS         20
#define RAPPORT_RANKER_CANDIDATE_POSTINGS 800
#define RAPPORT_RANKER_PAST_POSTINGS      1500

/* Combination: score = (W_TEXT × text + W_VOTES × votes) × channel × recency × use. */
#define RAPPORT_RANKER_W_TEXT        0.45
#define RAPPORT_RANKER_W_VOTES       0.55
#define RAPPORT_RANKER_TEXT_SCALE    2.0   /* text = 1 − exp (−bm25 / ln (1 + N) / this) */
#define RAPPORT_RANKER_SIM_SCALE     2.0   /* the same for a past ticket's similarity */
#define RAPPORT_RANKER_VOTE_SCALE    0.5   /* confidence = 1 − exp (−Σ weights / this) */
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
 * text (either form) is found the most in @reply, at least 70 % of it. 0 when none, -1 with
 * @error set. */
gint64     _rapport_ranker_detect_candidate  (RapportStore              *self,
                                              const char                *reply,
                                              gint64                     account_id,
                                              GError                   **error);

/* How much of @template_text's literal text (its segments of at least 12 characters) is
 * found in @reply: the share (0…1) of those characters, white space runs compared as one
 * space. Exposed for the tests. */
double     _rapport_ranker_literal_coverage  (const char                *template_text,
                                              const char                *reply);

G_END_DECLS
