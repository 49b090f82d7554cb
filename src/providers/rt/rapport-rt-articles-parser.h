/* rapport-rt-articles-parser.h
 *
 * Pure functions from Request Tracker 5 REST2 JSON about Articles (classes, articles, the
 * links of a ticket) to Rapport's suggestion candidates. No I/O; loose JSON accepted as in
 * rapport-rt-parser.h; anything else unexpected is RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE.
 * What RT offers for articles is recorded in docs/decisions/0008-rt-articles.md.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "rapport-candidate.h"

G_BEGIN_DECLS

/* The article custom field whose value is the article's text (RT's default class has it). */
#define RAPPORT_RT_ARTICLE_CONTENT_FIELD "Content"
/* An article's body is cut (at a character boundary) to this many bytes. */
#define RAPPORT_RT_ARTICLE_MAX_BODY      (64 * 1024 - 1)

/* An article id: a positive decimal number. */
gboolean          rapport_rt_is_article_id           (const char  *id);

/* Whether a class of this name holds canned responses rather than knowledge-base articles:
 * one of its words (split at anything but letters and digits, case ignored) is "canned",
 * "macro", "macros", "template", "templates", "response", "responses", "reply" or
 * "replies". */
gboolean          rapport_rt_article_class_is_canned (const char  *class_name);

/* A page of GET /classes/all?fields=Name,Disabled: adds each enabled class to @classes
 * (id → Name, both owned). An item without a usable id or name is skipped. */
gboolean          rapport_rt_parse_article_classes   (JsonNode    *root,
                                                      GHashTable  *classes,
                                                      GError     **error);

/* One item of GET /articles?fields=Name,Summary,Class,CustomFields,LastUpdated,Disabled as a
 * candidate: kind CANNED when its class (looked up in @classes) is canned, else ARTICLE;
 * key "rt-article-ID", remote id ID, title Name (else Summary), body the Content custom
 * field (HTML turned into text; cut to RAPPORT_RT_ARTICLE_MAX_BODY) or, without one, the
 * Summary; tags the class name; url @web_base + "/Articles/Article/Display.html?id=ID";
 * updated-at LastUpdated; account id 0. NULL without an error for an article to leave out
 * (disabled, of a class not in @classes, without a title or any text); NULL with @error for
 * an item that is not an article. */
RapportCandidate *rapport_rt_parse_article           (JsonNode    *item,
                                                      GHashTable  *classes,
                                                      const char  *web_base,
                                                      GError     **error);

/* The "URI" of an article record (GET /article/:id): "fsck.com-article://ORG/article/ID". */
char             *rapport_rt_parse_article_uri       (JsonNode    *article,
                                                      GError     **error);

/* Whether ticket record @ticket (GET /ticket/:id) refers to article @article_id (a
 * "refers-to" hyperlink of type "article"). */
gboolean          rapport_rt_ticket_refers_to_article (JsonNode   *ticket,
                                                       const char *article_id,
                                                       gboolean   *refers,
                                                       GError    **error);

G_END_DECLS
