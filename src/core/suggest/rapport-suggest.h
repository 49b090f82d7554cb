/* rapport-suggest.h: ranked reply suggestions for a ticket, and the content they come from.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "rapport-candidate.h"
#include "rapport-types.h"

G_BEGIN_DECLS

/* Why a suggestion matched (flags; the UI words them). */
typedef enum
{
  RAPPORT_SUGGEST_REASON_NONE             = 0,
  RAPPORT_SUGGEST_REASON_TERMS            = 1 << 0, /* its own text shares terms with the ticket */
  RAPPORT_SUGGEST_REASON_SIMILAR_TICKETS  = 1 << 1, /* used on similar past tickets */
  RAPPORT_SUGGEST_REASON_CHANNEL_FIT      = 1 << 2, /* written for the ticket's channel */
  RAPPORT_SUGGEST_REASON_RECENT           = 1 << 3, /* used recently */
  RAPPORT_SUGGEST_REASON_TEAM_USE         = 1 << 4, /* the team uses it often */
} RapportSuggestReason;

#define RAPPORT_TYPE_SUGGESTION (rapport_suggestion_get_type ())
G_DECLARE_FINAL_TYPE (RapportSuggestion, rapport_suggestion, RAPPORT, SUGGESTION, GObject)

/* One ranked suggestion (read-only): "candidate" (RapportCandidate), "score" double (the
 * ranker's, comparable within one query only; ranking scores are not money), "reasons"
 * RapportSuggestReason flags, "terms" GStrv (the ticket's terms it matched, as the ticket
 * wrote them, at most 5, most telling first), "similar-uses" uint (how many similar past
 * tickets were answered with it), "uses" uint (how often the team used it at all),
 * "similar-ticket-id" int64 and "similar-subject" (a PAST_REPLY: the ticket it answered;
 * 0 / NULL otherwise). */
gint64                rapport_suggestion_get_candidate_id (RapportSuggestion *self);
RapportCandidate     *rapport_suggestion_get_candidate    (RapportSuggestion *self);
double                rapport_suggestion_get_score        (RapportSuggestion *self);
RapportSuggestReason  rapport_suggestion_get_reasons      (RapportSuggestion *self);
const char * const   *rapport_suggestion_get_terms        (RapportSuggestion *self);
guint                 rapport_suggestion_get_similar_uses (RapportSuggestion *self);
guint                 rapport_suggestion_get_uses         (RapportSuggestion *self);
gint64                rapport_suggestion_get_similar_ticket_id (RapportSuggestion *self);
const char           *rapport_suggestion_get_similar_subject   (RapportSuggestion *self);

/* What to rank for: a ticket as the customer wrote it. @messages: the customer's messages,
 * oldest first, NULL-terminated (quoted lines starting with '>' are ignored). @ticket_id:
 * the cache's ticket (its own past answer is never used), 0 for none. @now: unix seconds
 * (recency is measured from it, so results are deterministic). */
typedef struct
{
  const char         *subject;
  RapportChannel      channel;
  const char * const *tags;
  const char * const *messages;
  gint64              ticket_id;
  gint64              now;
} RapportSuggestQuery;

/* At most this many suggestions are returned. */
#define RAPPORT_SUGGEST_MAX 5

/* A past ticket and how it was answered, for the past-answers index: the customer's words,
 * and either the candidate used (@answer_key, a candidate key of the workspace or of
 * @account_id) or the agent's own reply (@reply), or both. */
typedef struct
{
  gint64              account_id;   /* 0 for data loaded from a file */
  gint64              ticket_id;    /* tickets.id, 0 for data loaded from a file */
  const char         *key;          /* external id ("h1"), may be NULL */
  const char         *subject;
  RapportChannel      channel;
  const char * const *tags;
  const char * const *messages;     /* the customer's, oldest first */
  const char         *answer_key;   /* may be NULL */
  const char         *reply;        /* may be NULL */
  gint64              answered_at;  /* unix seconds */
} RapportPastAnswer;

G_END_DECLS
