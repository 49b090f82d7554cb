/* rapport-demo-suggest.h: the demo workspace's suggestion content and the labelled tickets
 * made from it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-candidate.h"

G_BEGIN_DECLS

/* The demo helpdesk's canned responses and knowledge-base articles (an online shop with
 * subscriptions): a new array (element-type RapportCandidate, transfer full) on each call,
 * always the same content in the same order (canned responses first). Each candidate has
 * account-id 0 until the caller sets it, the remote id "demo-canned-<key>" or
 * "demo-article-<key>", tags, a channel mask (0 for every channel), a short form for chat
 * (canned responses), a web link (articles) and updated-at 0. Every body is a template
 * (rapport-template.h). */
GPtrArray *rapport_demo_suggest_candidates (void);

/* Which of a topic's wordings the customers use. The history wordings are those of the
 * demo workspace's solved tickets; the test wordings are kept apart (other subjects, other
 * sentences) so that a ranker is measured on words it has not seen answered. */
typedef enum
{
  RAPPORT_DEMO_SUGGEST_WORDING_HISTORY,
  RAPPORT_DEMO_SUGGEST_WORDING_TEST,
} RapportDemoSuggestWording;

/* A ticket labelled with the candidate that answers it. @messages are the customer's,
 * oldest first. @tags are the ticket's as the team filed it (empty for test wordings: a
 * new ticket is not triaged yet). @reply is the team's answer, @expected filled in for
 * this customer on @channel; @answered_at is when it was sent (unix seconds). */
typedef struct
{
  char           *subject;
  RapportChannel  channel;
  GStrv           tags;
  GStrv           messages;
  char           *expected;
  char           *reply;
  gint64          answered_at;
} RapportDemoSuggestTicket;

void       rapport_demo_suggest_ticket_free (RapportDemoSuggestTicket *ticket);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportDemoSuggestTicket, rapport_demo_suggest_ticket_free)

/* @n labelled tickets (element-type RapportDemoSuggestTicket, transfer full) in @wording,
 * made like the demo workspace's: the same topics, people and texts, answered within the
 * year before @anchor_time. A pure function of its arguments. */
GPtrArray *rapport_demo_suggest_tickets     (guint32                    seed,
                                             guint                      n,
                                             RapportDemoSuggestWording  wording,
                                             gint64                     anchor_time);

G_END_DECLS
