/* rapport-connection.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-connection"

#include "config.h"

#include "rapport-connection.h"

#include "rapport-http.h"

#include <glib/gi18n-lib.h>
#include <string.h>

G_DEFINE_QUARK (rapport-connection-error-quark, rapport_connection_error)

RapportConnectionProblem
rapport_connection_problem_from_error (const GError *error)
{
  if (error == NULL)
    return RAPPORT_CONNECTION_PROBLEM_NONE;

  if (error->domain == RAPPORT_CONNECTION_ERROR &&
      error->code > RAPPORT_CONNECTION_PROBLEM_NONE &&
      error->code <= RAPPORT_CONNECTION_PROBLEM_OTHER)
    return (RapportConnectionProblem) error->code;

  return RAPPORT_CONNECTION_PROBLEM_OTHER;
}

/**
 * rapport_connection_describe_server:
 *
 * Returns: (transfer full): the host, with the port when it is not the default
 */
char *
rapport_connection_describe_server (GUri *uri)
{
  const char *host;
  const char *scheme;
  int port;

  g_return_val_if_fail (uri != NULL, NULL);

  host = g_uri_get_host (uri);
  if (host == NULL || host[0] == '\0')
    return g_strdup ("?");

  scheme = g_uri_get_scheme (uri);
  port = g_uri_get_port (uri);
  if (port < 0 ||
      (port == 443 && g_strcmp0 (scheme, "https") == 0) ||
      (port == 80 && g_strcmp0 (scheme, "http") == 0))
    return g_strdup (host);

  /* An IPv6 literal needs its brackets back before a port. */
  if (strchr (host, ':') != NULL)
    return g_strdup_printf ("[%s]:%d", host, port);
  return g_strdup_printf ("%s:%d", host, port);
}

#define LAST_EVENT_KEY "rapport-connection-last-event"

static void
on_network_event_cb (SoupMessage        *msg,
                     GSocketClientEvent  event,
                     GIOStream          *connection,
                     gpointer            user_data)
{
  g_object_set_data (G_OBJECT (msg), LAST_EVENT_KEY, GINT_TO_POINTER ((int) event + 1));
}

void
rapport_connection_watch (SoupMessage *msg)
{
  g_return_if_fail (SOUP_IS_MESSAGE (msg));

  g_signal_connect (msg, "network-event", G_CALLBACK (on_network_event_cb), NULL);
}

/* Whether @msg's connection started a TLS handshake that did not finish. */
static gboolean
stuck_in_handshake (SoupMessage *msg)
{
  int last = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (msg), LAST_EVENT_KEY));

  return last == (int) G_SOCKET_CLIENT_TLS_HANDSHAKING + 1;
}

/**
 * rapport_connection_error_from_transport:
 *
 * Returns: (transfer full): the error
 */
GError *
rapport_connection_error_from_transport (SoupMessage  *msg,
                                         const GError *error)
{
  g_autofree char *server = NULL;
  GUri *uri;

  g_return_val_if_fail (SOUP_IS_MESSAGE (msg), NULL);
  g_return_val_if_fail (error != NULL, NULL);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);

  uri = soup_message_get_uri (msg);
  server = uri != NULL ? rapport_connection_describe_server (uri) : g_strdup ("?");

  if (error->domain == G_TLS_ERROR)
    {
      GTlsCertificateFlags flags = soup_message_get_tls_peer_certificate_errors (msg);

      if (g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE) || flags != 0)
        {
          g_autofree char *problems = rapport_http_describe_tls_errors_translated (flags);

          return g_error_new (RAPPORT_CONNECTION_ERROR, RAPPORT_CONNECTION_PROBLEM_TLS,
                              /* Translators: the first %s is a server ("rt.example.com"), the
                               * second what is wrong with its certificate ("expired") */
                              _("The security certificate of %s is not trusted: it is %s. "
                                "Rapport only connects to servers whose certificate it can "
                                "verify; ask the server’s administrator to fix the certificate."),
                              server, problems);
        }

      if (g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_NOT_TLS))
        return g_error_new (RAPPORT_CONNECTION_ERROR, RAPPORT_CONNECTION_PROBLEM_TLS,
                            /* Translators: %s is a server ("rt.example.com:8443") */
                            _("%s does not answer secure (HTTPS) connections. Check the "
                              "address and the port."),
                            server);

      return g_error_new (RAPPORT_CONNECTION_ERROR, RAPPORT_CONNECTION_PROBLEM_TLS,
                          /* Translators: %s is a server, the second %s the technical cause */
                          _("A secure (HTTPS) connection to %s could not be set up (%s). Check "
                            "the address and the port: the server may not speak HTTPS there."),
                          server, error->message);
    }

  /* A plain HTTP server that waits for a request line never answers a TLS hello. */
  if (stuck_in_handshake (msg) && error->domain == G_IO_ERROR &&
      (error->code == G_IO_ERROR_TIMED_OUT || error->code == G_IO_ERROR_CONNECTION_CLOSED ||
       error->code == G_IO_ERROR_BROKEN_PIPE || error->code == G_IO_ERROR_PARTIAL_INPUT))
    return g_error_new (RAPPORT_CONNECTION_ERROR, RAPPORT_CONNECTION_PROBLEM_TLS,
                        /* Translators: %s is a server ("rt.example.com:8080") */
                        _("%s did not set up a secure (HTTPS) connection: it may not speak "
                          "HTTPS on this port. Check the address and the port."),
                        server);

  if (error->domain == G_RESOLVER_ERROR)
    {
      const char *host = uri != NULL ? g_uri_get_host (uri) : NULL;

      return g_error_new (RAPPORT_CONNECTION_ERROR, RAPPORT_CONNECTION_PROBLEM_UNREACHABLE,
                          /* Translators: %s is a host name ("rt.example.com") */
                          _("The server name “%s” could not be found. Check the address and "
                            "your network connection."),
                          host != NULL ? host : server);
    }

  if (error->domain == G_IO_ERROR)
    {
      switch (error->code)
        {
        case G_IO_ERROR_CONNECTION_REFUSED:
          return g_error_new (RAPPORT_CONNECTION_ERROR, RAPPORT_CONNECTION_PROBLEM_UNREACHABLE,
                              /* Translators: %s is a server ("rt.example.com:8080") */
                              _("%s refused the connection. Check the address and the port, "
                                "and that the server is running."),
                              server);
        case G_IO_ERROR_TIMED_OUT:
          return g_error_new (RAPPORT_CONNECTION_ERROR, RAPPORT_CONNECTION_PROBLEM_UNREACHABLE,
                              /* Translators: %s is a server ("rt.example.com") */
                              _("%s did not answer in time. Check the address and your network "
                                "connection, then try again."),
                              server);
        case G_IO_ERROR_HOST_UNREACHABLE:
        case G_IO_ERROR_NETWORK_UNREACHABLE:
        case G_IO_ERROR_HOST_NOT_FOUND:
          return g_error_new (RAPPORT_CONNECTION_ERROR, RAPPORT_CONNECTION_PROBLEM_UNREACHABLE,
                              /* Translators: %s is a server ("rt.example.com") */
                              _("%s cannot be reached from this computer. Check your network "
                                "connection."),
                              server);
        case G_IO_ERROR_PROXY_FAILED:
        case G_IO_ERROR_PROXY_AUTH_FAILED:
        case G_IO_ERROR_PROXY_NEED_AUTH:
        case G_IO_ERROR_PROXY_NOT_ALLOWED:
          return g_error_new (RAPPORT_CONNECTION_ERROR, RAPPORT_CONNECTION_PROBLEM_UNREACHABLE,
                              /* Translators: %s is a server, the second %s the technical cause */
                              _("The network proxy did not let Rapport connect to %s (%s). "
                                "Check the proxy settings."),
                              server, error->message);
        default:
          break;
        }
    }

  return g_error_new (RAPPORT_CONNECTION_ERROR, RAPPORT_CONNECTION_PROBLEM_UNREACHABLE,
                      /* Translators: %s is a server, the second %s the technical cause */
                      _("Rapport could not connect to %s (%s). Check the address and your "
                        "network connection."),
                      server, error->message);
}
