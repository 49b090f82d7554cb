/* rapport-rt-connection.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "rapport-account.h"
#include "rapport-connection.h"

G_BEGIN_DECLS

/* Seconds of silence after which a connection check gives up (UNREACHABLE). */
#define RAPPORT_RT_CONNECTION_TIMEOUT 20

/* Checks that @base_url is a Request Tracker 5 whose REST2 API accepts @token, and finds out
 * exactly what is wrong when it is not (see RapportConnectionProblem). TLS certificates are
 * always verified; nothing is stored.
 *
 * @base_url: RT's web address as typed ("https://rt.example.com", "rt.example.com/rt" —
 *   without a scheme, https:// is assumed — or its REST2 root); surrounding spaces ignored.
 * @token: an RT auth token ("1-<user id>-<32 hex>"); surrounding spaces ignored. The check
 *   keeps a copy that it wipes when it finishes; it is sent only in Authorization headers,
 *   and only once the server has answered like RT (step 2); never logged.
 * @session: the session to use (a test's, or the application's), or %NULL for a new one
 *   from rapport_http_session_new (RAPPORT_RT_CONNECTION_TIMEOUT).
 *
 * Steps:
 *   1. the address and the token's form, locally (INVALID_URL, BAD_TOKEN);
 *   2. GET …/REST/2.0/rt without credentials: RT answers 401 with a JSON body (or 200 with its
 *      Version). Transport failures (UNREACHABLE, TLS), redirects (INVALID_URL when the same
 *      API lives at another address, else NOT_RT), web pages, 404s and other answers (NOT_RT),
 *      HTTP authentication or access rules in front of RT, server errors (OTHER, or UNREACHABLE
 *      for 502–504);
 *   3. the provider's whoami with the token (401 BAD_TOKEN, 403 NO_RIGHTS): the account;
 *   4. GET …/REST/2.0/queues/all: a user who sees no queue (unprivileged, or without SeeQueue)
 *      would see no ticket (NO_RIGHTS). RT 5.0.3 has no endpoint to list a user's rights, so
 *      ShowTicket and the rights to reply cannot be checked before the first sync.
 *
 * The finish function returns the account (not stored: id 0; provider kind "rt", the
 * normalized base URL, display name = host, user-remote-id = the RT user Name, user-name =
 * RealName or Name, role "agent" or "supervisor") or %NULL with a RAPPORT_CONNECTION_ERROR
 * (translated sentence as the message) or G_IO_ERROR_CANCELLED. Technical details of a
 * failure are logged with g_debug(). */
void            rapport_rt_check_connection_async  (const char          *base_url,
                                                    const char          *token,
                                                    SoupSession         *session,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
RapportAccount *rapport_rt_check_connection_finish (GAsyncResult        *result,
                                                    GError             **error);

G_END_DECLS
