/* rapport-rt-provider.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "rapport-provider.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_RT_PROVIDER (rapport_rt_provider_get_type ())
G_DECLARE_FINAL_TYPE (RapportRtProvider, rapport_rt_provider, RAPPORT, RT_PROVIDER, GObject)

/* The provider kind of Request Tracker accounts. */
#define RAPPORT_RT_PROVIDER_KIND "rt"
/* What it can do: replies, notes and ticket changes; RT has no "pending" status (a ticket
 * set to it would read back open), and no approvals, canned responses or knowledge base yet. */
/* Articles (CANNED_RESPONSES, KNOWLEDGE_BASE): RT 5 has them; a provider drops them while the
 * user can read none (rapport-rt-articles.c). */
#define RAPPORT_RT_PROVIDER_CAPABILITIES (RAPPORT_PROVIDER_CAPABILITY_WRITES |           \
                                          RAPPORT_PROVIDER_CAPABILITY_APPROVALS |        \
                                          RAPPORT_PROVIDER_CAPABILITY_ENFORCES_LIMITS |  \
                                          RAPPORT_PROVIDER_CAPABILITY_CANNED_RESPONSES | \
                                          RAPPORT_PROVIDER_CAPABILITY_KNOWLEDGE_BASE)

/* The default name of the RT group whose members get the "supervisor" role. */
#define RAPPORT_RT_DEFAULT_SUPERVISORS_GROUP "Supervisors"
/* RT caps per_page at 100. */
#define RAPPORT_RT_MAX_PAGE_SIZE 100

/* Request Tracker 5 over its REST2 API (pull side).
 *
 * @base_url is RT's web address ("https://rt.example.com", "https://example.com/rt"), or its
 * REST2 root ("…/REST/2.0"); http or https, without credentials, query or fragment.
 * @token is an RT auth token ("1-<user id>-<hex>"); it is kept in memory only, sent only in
 * the Authorization header, never logged and wiped when the provider is finalized.
 * Invalid arguments are RAPPORT_PROVIDER_ERROR_INVALID_INPUT.
 *
 * Properties:
 *   "base-url"           string, construct-only: the normalized web address (no /REST/2.0);
 *   "queue"              string or NULL (all queues the token's user can see): the RT queue
 *                        (name or id) this account syncs;
 *   "supervisors-group"  string, the RT group that makes its members supervisors;
 *   "page-size"          uint 1…100 (default 100): per_page of every collection request;
 *   "session"            SoupSession (default: rapport_http_session_new (0)).
 * Set them before the first pull.
 *
 * Cursors (opaque to the sync engine):
 *   NULL            nothing synced yet;
 *   "full:W:T"      first sync in progress: tickets up to id T are in, and W is the newest
 *                   transaction id seen when the first sync started;
 *   "<N>"           incremental: every visible ticket transaction up to id N is in. */
RapportProvider *rapport_rt_provider_new               (const char         *base_url,
                                                        const char         *token,
                                                        GError            **error);

const char      *rapport_rt_provider_get_base_url      (RapportRtProvider  *self);
const char      *rapport_rt_provider_get_queue         (RapportRtProvider  *self);
void             rapport_rt_provider_set_queue         (RapportRtProvider  *self,
                                                        const char         *queue);
const char      *rapport_rt_provider_get_supervisors_group (RapportRtProvider *self);
void             rapport_rt_provider_set_supervisors_group (RapportRtProvider *self,
                                                            const char        *group);
guint            rapport_rt_provider_get_page_size     (RapportRtProvider  *self);
void             rapport_rt_provider_set_page_size     (RapportRtProvider  *self,
                                                        guint               page_size);
SoupSession     *rapport_rt_provider_get_session       (RapportRtProvider  *self);
void             rapport_rt_provider_set_session       (RapportRtProvider  *self,
                                                        SoupSession        *session);

/* The numeric user id inside an RT 5 auth token ("1-<user id>-<hex>"), or %NULL with
 * RAPPORT_PROVIDER_ERROR_INVALID_INPUT (the message never contains the token). */
char            *rapport_rt_token_get_user_id          (const char         *token,
                                                        GError            **error);

G_END_DECLS
