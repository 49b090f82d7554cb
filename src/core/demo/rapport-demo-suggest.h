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

G_END_DECLS
