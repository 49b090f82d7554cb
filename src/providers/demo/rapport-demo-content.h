/* rapport-demo-content.h
 *
 * The demo helpdesk's canned responses and articles (rapport-demo-suggest.h) through the
 * provider contract: fetch_canned_content() and link_article(), the links kept by the demo
 * server (rapport-demo-server.h) like its other writes. Used by rapport-demo-provider.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-demo-server.h"

G_BEGIN_DECLS

void       _rapport_demo_fetch_canned_content_async  (RapportProvider     *provider,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
GPtrArray *_rapport_demo_fetch_canned_content_finish (RapportProvider     *provider,
                                                      GAsyncResult        *result,
                                                      GError             **error);
/* An article that is not one of the demo's: NOT_FOUND. */
void       _rapport_demo_link_article_async          (RapportProvider     *provider,
                                                      RapportDemoServer   *server,
                                                      const char          *ticket_remote_id,
                                                      const char          *article_remote_id,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean   _rapport_demo_link_article_finish         (RapportProvider     *provider,
                                                      GAsyncResult        *result,
                                                      GError             **error);

G_END_DECLS
