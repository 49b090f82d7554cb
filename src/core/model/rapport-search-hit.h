/* rapport-search-hit.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-types.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_SEARCH_HIT (rapport_search_hit_get_type ())
G_DECLARE_FINAL_TYPE (RapportSearchHit, rapport_search_hit, RAPPORT, SEARCH_HIT, GObject)

/* A full-text search result: a ticket, and the message that matched (message-id 0 when the
 * subject matched). "snippet" is plain text around the match (no markup); "match-start" and
 * "match-end" are byte offsets of the first matched term inside the snippet (-1 when none),
 * so the UI can highlight it with attributes, never with markup.
 *
 * Properties (read-only): "ticket-id" int64, "message-id" int64, "ticket-subject",
 *   "ticket-status" (int), "channel" (int), "customer-name", "snippet", "match-start" int,
 *   "match-end" int, "created-at" int64. */
RapportSearchHit   *rapport_search_hit_new (gint64               ticket_id,
                                            gint64               message_id,
                                            const char          *ticket_subject,
                                            RapportTicketStatus  ticket_status,
                                            RapportChannel       channel,
                                            const char          *customer_name,
                                            const char          *snippet,
                                            int                  match_start,
                                            int                  match_end,
                                            gint64               created_at);
gint64              rapport_search_hit_get_ticket_id      (RapportSearchHit *self);
gint64              rapport_search_hit_get_message_id     (RapportSearchHit *self);
const char         *rapport_search_hit_get_ticket_subject (RapportSearchHit *self);
RapportTicketStatus rapport_search_hit_get_ticket_status  (RapportSearchHit *self);
RapportChannel      rapport_search_hit_get_channel        (RapportSearchHit *self);
const char         *rapport_search_hit_get_customer_name  (RapportSearchHit *self);
const char         *rapport_search_hit_get_snippet        (RapportSearchHit *self);
int                 rapport_search_hit_get_match_start    (RapportSearchHit *self);
int                 rapport_search_hit_get_match_end      (RapportSearchHit *self);
gint64              rapport_search_hit_get_created_at     (RapportSearchHit *self);

G_END_DECLS
