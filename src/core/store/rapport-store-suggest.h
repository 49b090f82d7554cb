/* rapport-store-suggest.h: the suggestion content of the cache (candidates, the past-answers
 * index, uses) and the ranker's entry points.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "rapport-candidate.h"
#include "rapport-suggest.h"

G_BEGIN_DECLS

/* Like the rest of rapport-store.h: blocking functions for worker threads, tools and tests,
 * _async ones (run on the store's worker) for the UI. Each write emits the store's
 * "changed" signal with the account id concerned (0 for the workspace's own content). */

/* Inserts or updates @candidate by (account-id, key); sets its id. */
gboolean   rapport_store_save_candidate        (RapportStore      *self,
                                                RapportCandidate  *candidate,
                                                GError           **error);
void       rapport_store_save_candidate_async  (RapportStore      *self,
                                                RapportCandidate  *candidate,
                                                GCancellable      *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer           user_data);
gboolean   rapport_store_save_candidate_finish (RapportStore      *self,
                                                GAsyncResult      *result,
                                                GError           **error);
gboolean   rapport_store_delete_candidate        (RapportStore    *self,
                                                  gint64           candidate_id,
                                                  GError         **error);
void       rapport_store_delete_candidate_async  (RapportStore    *self,
                                                  gint64           candidate_id,
                                                  GCancellable    *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer         user_data);
gboolean   rapport_store_delete_candidate_finish (RapportStore    *self,
                                                  GAsyncResult    *result,
                                                  GError         **error);
/* Every stored candidate (element-type RapportCandidate), sorted by kind then title. */
GPtrArray *rapport_store_list_candidates        (RapportStore     *self,
                                                 GError          **error);
void       rapport_store_list_candidates_async  (RapportStore     *self,
                                                 GCancellable     *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer          user_data);
GPtrArray *rapport_store_list_candidates_finish (RapportStore     *self,
                                                 GAsyncResult     *result,
                                                 GError          **error);
/* The backend's content of @account_id after a fetch: @candidates (element-type
 * RapportCandidate, each with that account and a remote id) replace what the account had;
 * uses of a candidate that stays (same key) are kept. One transaction. */
gboolean   rapport_store_replace_account_candidates (RapportStore *self,
                                                     gint64        account_id,
                                                     GPtrArray    *candidates,
                                                     GError      **error);

/* Adds past answers (element-type is the struct, pointers to RapportPastAnswer) to the
 * index; for tools and tests, and for the cache's own solved tickets. */
gboolean   rapport_store_add_past_answers      (RapportStore             *self,
                                                const RapportPastAnswer * const *answers,
                                                guint                     n_answers,
                                                GError                  **error);
/* Brings the past-answers index up to date with the cache: every solved ticket with a public
 * reply from the team not indexed yet (incremental; re-indexes a ticket whose last reply
 * changed). Returns how many were added. */
guint      rapport_store_index_past_answers    (RapportStore     *self,
                                                GError          **error);
void       rapport_store_index_past_answers_async  (RapportStore *self,
                                                    GCancellable *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer      user_data);
guint      rapport_store_index_past_answers_finish (RapportStore *self,
                                                    GAsyncResult *result,
                                                    GError      **error);

/* The agent used @candidate_id on ticket @ticket_id (a reply holding it was queued). */
gboolean   rapport_store_record_use            (RapportStore     *self,
                                                gint64            candidate_id,
                                                gint64            ticket_id,
                                                gint64            used_at,
                                                GError          **error);
void       rapport_store_record_use_async      (RapportStore     *self,
                                                gint64            candidate_id,
                                                gint64            ticket_id,
                                                gint64            used_at,
                                                GCancellable     *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer          user_data);
gboolean   rapport_store_record_use_finish     (RapportStore     *self,
                                                GAsyncResult     *result,
                                                GError          **error);

/* The ranker: at most @max (≤ RAPPORT_SUGGEST_MAX) suggestions for @query, best first
 * (element-type RapportSuggestion); empty when nothing clears the score floor.
 * Deterministic: same cache, same query, same result. */
GPtrArray *rapport_store_suggest               (RapportStore              *self,
                                                const RapportSuggestQuery *query,
                                                guint                      max,
                                                GError                   **error);
/* The same for a cached ticket: reads its subject, channel, tags and customer messages. */
void       rapport_store_suggest_for_ticket_async  (RapportStore     *self,
                                                    gint64            ticket_id,
                                                    guint             max,
                                                    gint64            now,
                                                    GCancellable     *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer          user_data);
GPtrArray *rapport_store_suggest_for_ticket_finish (RapportStore     *self,
                                                    GAsyncResult     *result,
                                                    GError          **error);

/* Knowledge-base search for the composer (Ctrl+K): articles and canned responses whose
 * title, body or tags match @text (prefix match on the last word), best first, at most
 * @max (element-type RapportCandidate). Empty @text lists articles by title. */
GPtrArray *rapport_store_search_knowledge        (RapportStore    *self,
                                                  const char      *text,
                                                  guint            max,
                                                  GError         **error);
void       rapport_store_search_knowledge_async  (RapportStore    *self,
                                                  const char      *text,
                                                  guint            max,
                                                  GCancellable    *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer         user_data);
GPtrArray *rapport_store_search_knowledge_finish (RapportStore    *self,
                                                  GAsyncResult    *result,
                                                  GError         **error);

G_END_DECLS
