/* rapport-candidate.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-types.h"

G_BEGIN_DECLS

/* What a suggestion candidate is. Stored as the nick. */
typedef enum
{
  RAPPORT_CANDIDATE_CANNED,  /*< nick=canned >*/  /* a canned response (the team's, or the backend's) */
  RAPPORT_CANDIDATE_ARTICLE, /*< nick=article >*/ /* a knowledge-base article */
  RAPPORT_CANDIDATE_PAST_REPLY, /*< nick=past-reply >*/ /* a past public reply of a solved ticket */
} RapportCandidateKind;

/* Channel masks: bit (1 << RapportChannel). 0 means "every channel". */
#define RAPPORT_CHANNEL_MASK(channel) (1u << (guint) (channel))

#define RAPPORT_TYPE_CANDIDATE (rapport_candidate_get_type ())
G_DECLARE_FINAL_TYPE (RapportCandidate, rapport_candidate, RAPPORT, CANDIDATE, GObject)

/* Something the ranker can suggest: a canned response or an article (stored in the cache's
 * `candidates` table), or a past reply (read from the past-answers index, never stored as a
 * candidate). Its body is a template (rapport-template.h) that may hold placeholders;
 * @short_body, when set, is the form for short channels (chat, social), same content.
 *
 * Identity: (account-id, key). account-id 0 = the workspace's own (made in the canned
 * responses manager, local); otherwise the account whose backend supplied it, with its
 * remote-id (RT: the article id) — such candidates are replaced on each sync of that account
 * and are read-only in the manager.
 *
 * Properties (read-write, construct): "id" int64 (candidates.id, 0 until stored; for
 * PAST_REPLY the past answer's id), "account-id" int64, "remote-id" (nullable), "key",
 * "kind" RapportCandidateKind, "title", "body", "short-body" (nullable), "tags" GStrv
 * (lower-case, never NULL once constructed), "channels" uint (mask), "url" (nullable, an
 * article's web link), "updated-at" int64 (unix seconds). */
RapportCandidate    *rapport_candidate_new            (RapportCandidateKind kind,
                                                       const char          *key,
                                                       const char          *title,
                                                       const char          *body);
RapportCandidate    *rapport_candidate_copy           (RapportCandidate    *self);

gint64               rapport_candidate_get_id         (RapportCandidate    *self);
void                 rapport_candidate_set_id         (RapportCandidate    *self,
                                                       gint64               id);
gint64               rapport_candidate_get_account_id (RapportCandidate    *self);
const char          *rapport_candidate_get_remote_id  (RapportCandidate    *self);
void                 rapport_candidate_set_remote     (RapportCandidate    *self,
                                                       gint64               account_id,
                                                       const char          *remote_id);
const char          *rapport_candidate_get_key        (RapportCandidate    *self);
RapportCandidateKind rapport_candidate_get_kind       (RapportCandidate    *self);
const char          *rapport_candidate_get_title      (RapportCandidate    *self);
void                 rapport_candidate_set_title      (RapportCandidate    *self,
                                                       const char          *title);
const char          *rapport_candidate_get_body       (RapportCandidate    *self);
void                 rapport_candidate_set_body       (RapportCandidate    *self,
                                                       const char          *body);
const char          *rapport_candidate_get_short_body (RapportCandidate    *self);
void                 rapport_candidate_set_short_body (RapportCandidate    *self,
                                                       const char          *short_body);
/* The body for @channel: the short form for chat and social when there is one, else the
 * full body. */
const char          *rapport_candidate_get_body_for_channel (RapportCandidate *self,
                                                             RapportChannel    channel);
const char * const  *rapport_candidate_get_tags       (RapportCandidate    *self);
/* Lower-cases, trims, drops empty and duplicate tags, sorts. */
void                 rapport_candidate_set_tags       (RapportCandidate    *self,
                                                       const char * const  *tags);
guint                rapport_candidate_get_channels   (RapportCandidate    *self);
void                 rapport_candidate_set_channels   (RapportCandidate    *self,
                                                       guint                channels);
gboolean             rapport_candidate_fits_channel   (RapportCandidate    *self,
                                                       RapportChannel       channel);
const char          *rapport_candidate_get_url        (RapportCandidate    *self);
void                 rapport_candidate_set_url        (RapportCandidate    *self,
                                                       const char          *url);
gint64               rapport_candidate_get_updated_at (RapportCandidate    *self);
void                 rapport_candidate_set_updated_at (RapportCandidate    *self,
                                                       gint64               updated_at);

const char          *rapport_candidate_kind_to_string   (RapportCandidateKind kind);
gboolean             rapport_candidate_kind_from_string (const char          *str,
                                                         RapportCandidateKind *kind);

G_END_DECLS
