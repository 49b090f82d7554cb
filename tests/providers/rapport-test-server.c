/* rapport-test-server.c
 *
 * The loopback SoupServer of the provider tests (see the header).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-test-server"

#include "config.h"

#include "rapport-test-server.h"

struct _RapportTestServer
{
  GThread            *thread;
  GMainContext       *context;
  GMainLoop          *loop;
  SoupServer         *server;
  GMutex              lock;
  GCond               ready;

  /* read-only after start */
  char               *server_header;
  gboolean            tls;
  SoupServerCallback  callback;
  gpointer            user_data;

  /* under lock until started */
  gboolean            started;
  guint               port;
};

static gpointer
server_thread (gpointer data)
{
  RapportTestServer *self = data;
  SoupServerListenOptions options = SOUP_SERVER_LISTEN_IPV4_ONLY;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GError) error = NULL;
  GSList *uris;

  g_main_context_push_thread_default (self->context);

  if (self->tls)
    {
      g_autofree char *cert_path = g_test_build_filename (G_TEST_DIST, "data", "tls",
                                                          "test-only-server.crt", NULL);
      g_autofree char *key_path = g_test_build_filename (G_TEST_DIST, "data", "tls",
                                                         "test-only-server.key", NULL);

      certificate = g_tls_certificate_new_from_files (cert_path, key_path, &error);
      g_assert_no_error (error);
      options |= SOUP_SERVER_LISTEN_HTTPS;
    }

  self->server = soup_server_new ("tls-certificate", certificate, NULL);
  if (self->server_header != NULL)
    g_object_set (self->server, "server-header", self->server_header, NULL);
  soup_server_add_handler (self->server, NULL, self->callback, self->user_data, NULL);
  soup_server_listen_local (self->server, 0, options, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (self->server);
  g_assert_nonnull (uris);

  g_mutex_lock (&self->lock);
  self->port = (guint) g_uri_get_port (uris->data);
  self->started = TRUE;
  g_cond_signal (&self->ready);
  g_mutex_unlock (&self->lock);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  g_main_loop_run (self->loop);

  soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  while (g_main_context_iteration (self->context, FALSE))
    ;
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

/**
 * rapport_test_server_new:
 *
 * Returns: (transfer full): a server that listens already
 */
RapportTestServer *
rapport_test_server_new (const char         *server_header,
                         gboolean            tls,
                         SoupServerCallback  callback,
                         gpointer            user_data)
{
  RapportTestServer *self = g_new0 (RapportTestServer, 1);

  g_mutex_init (&self->lock);
  g_cond_init (&self->ready);
  self->server_header = g_strdup (server_header);
  self->tls = tls;
  self->callback = callback;
  self->user_data = user_data;
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->thread = g_thread_new ("test-server", server_thread, self);

  g_mutex_lock (&self->lock);
  while (!self->started)
    g_cond_wait (&self->ready, &self->lock);
  g_mutex_unlock (&self->lock);

  return self;
}

static gboolean
quit_loop_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

void
rapport_test_server_free (RapportTestServer *self)
{
  if (self == NULL)
    return;

  /* Quit from inside the server's loop: a g_main_loop_quit() before the thread entered
   * g_main_loop_run() (a test that sent nothing) would be lost. */
  g_main_context_invoke (self->context, quit_loop_cb, self->loop);
  g_thread_join (self->thread);
  g_main_loop_unref (self->loop);
  g_main_context_unref (self->context);
  g_free (self->server_header);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->ready);
  g_free (self);
}

guint
rapport_test_server_get_port (RapportTestServer *self)
{
  return self->port;
}

/**
 * rapport_test_server_get_url:
 *
 * Returns: (transfer full): the server's address followed by @path
 */
char *
rapport_test_server_get_url (RapportTestServer *self,
                             const char        *path)
{
  return g_strdup_printf ("%s://127.0.0.1:%u%s", self->tls ? "https" : "http", self->port,
                          path != NULL ? path : "");
}
