/* rapport-suggest-eval-private.h: what the two files of tools/suggest-eval share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-candidate.h"
#include "rapport-template.h"

G_BEGIN_DECLS

/* Bounds on what a labelled set may hold; a file past them is refused, not truncated. */
#define SUGGEST_EVAL_MAX_FILE_BYTES  (64 * 1024 * 1024)
#define SUGGEST_EVAL_MAX_CANDIDATES  20000
#define SUGGEST_EVAL_MAX_HISTORY     200000
#define SUGGEST_EVAL_MAX_TESTS       20000
#define SUGGEST_EVAL_MAX_MESSAGES    50
#define SUGGEST_EVAL_MAX_TAGS        32
#define SUGGEST_EVAL_MAX_ID_BYTES    200
#define SUGGEST_EVAL_MAX_TAG_BYTES   200
#define SUGGEST_EVAL_MAX_TEXT_BYTES  RAPPORT_TEMPLATE_MAX_SIZE

/* A history or test ticket of a labelled set. */
typedef struct
{
  char           *id;
  char           *subject;
  RapportChannel  channel;
  GStrv           tags;
  GStrv           messages;
  char           *answer;       /* history: the candidate used (may be NULL); tests: expected,
                                 * NULL when nothing should be shown */
  char           *reply;        /* history only, may be NULL */
  gint64          answered_at;  /* history only */
} SuggestEvalTicket;

void _suggest_eval_ticket_free (SuggestEvalTicket *ticket);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SuggestEvalTicket, _suggest_eval_ticket_free)

typedef struct
{
  GPtrArray  *candidates;     /* RapportCandidate */
  GPtrArray  *history;        /* SuggestEvalTicket */
  GPtrArray  *tests;          /* SuggestEvalTicket */
  GHashTable *history_answer; /* history id → its answer (or NULL) */
} SuggestEvalSet;

void _suggest_eval_set_free (SuggestEvalSet *set);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SuggestEvalSet, _suggest_eval_set_free)

/* Reads the labelled set at @path (docs/suggestions.md, "Evaluating the ranker"). NULL with
 * G_IO_ERROR_INVALID_DATA naming the entry and the key when the file cannot be used, or
 * another G_IO_ERROR when it cannot be read. */
SuggestEvalSet *_suggest_eval_read      (const char  *path,
                                         GError     **error);

/* Writes the labelled set made from the demo generator to @path: the demo candidates,
 * @n_history history tickets in the history wording and @n_tests tests in the test wording. */
gboolean        _suggest_eval_write_demo_set (const char  *path,
                                              guint        n_history,
                                              guint        n_tests,
                                              GError     **error);

G_END_DECLS
