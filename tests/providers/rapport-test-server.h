/* rapport-test-server.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef struct _RapportTestServer RapportTestServer;

/* A SoupServer on 127.0.0.1 (port 0) in a thread of its own, with its own main context, so
 * that a test can block or iterate its own context while the server answers. @callback
 * handles every path, in the server's thread (share data with the test under a lock).
 * @server_header is the Server header of the answers (%NULL: libsoup's own); with @tls the
 * server speaks HTTPS with the self-signed test certificate of tests/data/tls. A request the
 * callback pauses and never unpauses is dropped when the server is freed. */
RapportTestServer *rapport_test_server_new      (const char         *server_header,
                                                 gboolean            tls,
                                                 SoupServerCallback  callback,
                                                 gpointer            user_data);
void               rapport_test_server_free     (RapportTestServer  *self);
guint              rapport_test_server_get_port (RapportTestServer  *self);
/* "http://127.0.0.1:<port>" (https with TLS) followed by @path (%NULL for none). */
char              *rapport_test_server_get_url  (RapportTestServer  *self,
                                                 const char         *path);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportTestServer, rapport_test_server_free)

G_END_DECLS
