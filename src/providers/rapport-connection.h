/* rapport-connection.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* What a connection check (e.g. rapport_rt_check_connection_async()) found wrong with an
 * account's address and token. Errors of the RAPPORT_CONNECTION_ERROR domain carry one of
 * these as their code (never NONE) and, as their message, one translated sentence for the
 * person adding the account: what is wrong and what to do about it. */
#define RAPPORT_CONNECTION_ERROR (rapport_connection_error_quark ())
GQuark rapport_connection_error_quark (void);

typedef enum
{
  RAPPORT_CONNECTION_PROBLEM_NONE,        /* the account works */
  RAPPORT_CONNECTION_PROBLEM_INVALID_URL, /* the address is empty, malformed or moved */
  RAPPORT_CONNECTION_PROBLEM_UNREACHABLE, /* unknown host name, refused, timed out, 502–504 */
  RAPPORT_CONNECTION_PROBLEM_TLS,         /* certificate not trusted, or no TLS on the port */
  RAPPORT_CONNECTION_PROBLEM_NOT_RT,      /* answers, but not as the expected helpdesk API */
  RAPPORT_CONNECTION_PROBLEM_BAD_TOKEN,   /* malformed, or refused by the server (401) */
  RAPPORT_CONNECTION_PROBLEM_NO_RIGHTS,   /* accepted, but the user may not work there (403) */
  RAPPORT_CONNECTION_PROBLEM_OTHER,       /* server errors, rate limits, unexpected answers */
} RapportConnectionProblem;

/* The problem an error stands for: NONE for %NULL, the code of a RAPPORT_CONNECTION_ERROR,
 * OTHER for anything else (including G_IO_ERROR_CANCELLED, which callers ignore). */
RapportConnectionProblem rapport_connection_problem_from_error (const GError *error);

/* "host" or "host:port" (the port only when it is not the scheme's default): how the
 * sentences name a server. */
char   *rapport_connection_describe_server    (GUri         *uri);

/* Call before sending @msg: remembers how far its connection got, so that
 * rapport_connection_error_from_transport() can tell a TLS handshake that never finished (a
 * plain HTTP port that waits for a request) from a server that is silent. */
void    rapport_connection_watch                (SoupMessage  *msg);

/* The RAPPORT_CONNECTION_ERROR for a transport failure of @msg (as soup_session_send*()
 * reported it, before any mapping): UNREACHABLE for resolver errors, refused connections,
 * time-outs and unreachable networks; TLS for certificate problems (named, from
 * soup_message_get_tls_peer_certificate_errors()) and handshake failures. A copy of
 * G_IO_ERROR_CANCELLED is returned as is. */
GError *rapport_connection_error_from_transport (SoupMessage  *msg,
                                                 const GError *error);

G_END_DECLS
