/* rapport-http.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "rapport-json-gate.h"
#include "rapport-provider.h"

G_BEGIN_DECLS

/* Seconds of silence before a request fails with RAPPORT_PROVIDER_ERROR_NETWORK. */
#define RAPPORT_HTTP_DEFAULT_TIMEOUT   30
/* Largest JSON body rapport_http_send_json_async() accepts by default: all the JSON gate lets
 * through (a larger max_bytes is not honoured; every body is parsed with
 * rapport_http_parse_json()). */
#define RAPPORT_HTTP_DEFAULT_MAX_BODY  RAPPORT_JSON_GATE_MAX_SIZE
/* Longest Retry-After Rapport honours; longer waits are capped to this. */
#define RAPPORT_HTTP_MAX_RETRY_AFTER   86400u

/* "Rapport/<version> (+https://github.com/rapportdesk/rapport)": never browser-like (RT
 * answers a browser-like agent's failed login with a redirect to its web login page). */
const char  *rapport_http_user_agent (void);

/* The one SoupSession factory of Rapport: @timeout_seconds of I/O silence (0 = the default),
 * an idle-connection timeout, Rapport's User-Agent and a small connection limit (servers like
 * RT spend a lot of CPU per request). TLS certificates are always verified with the system
 * trust store; no HTTP cache (conditional requests are the providers' own, explicit choice),
 * no cookie jar. Use it from the thread whose main context creates it. */
SoupSession *rapport_http_session_new (guint timeout_seconds);

/* Maps an HTTP status to a provider error code:
 * 401, 407 AUTH_REQUIRED; 403 FORBIDDEN; 404, 410 NOT_FOUND; 409, 412 CONFLICT;
 * 429 RATE_LIMITED; 503 RATE_LIMITED with a Retry-After; 408 NETWORK; other 4xx
 * INVALID_INPUT; 3xx REDIRECTED (redirects are never followed); other 5xx SERVER_ERROR;
 * anything else INVALID_RESPONSE. */
RapportProviderError rapport_http_error_code_for_status (guint    status,
                                                         gboolean has_retry_after);

/* Parses a Retry-After value: delay-seconds or an HTTP-date (a date in the past is 0),
 * relative to @now_unix. The result is capped at RAPPORT_HTTP_MAX_RETRY_AFTER. */
gboolean     rapport_http_parse_retry_after  (const char   *value,
                                              gint64        now_unix,
                                              guint        *seconds);

/* RATE_LIMITED errors end with " (retry after N s)" when the server said how long to wait;
 * rapport_provider_error_get_retry_after () (core) reads N back. */

/* Whether a token may be sent to @uri: over https, or over plain http only to this computer
 * (localhost, 127.0.0.0/8 or ::1), where it does not cross a network in clear text. */
gboolean     rapport_http_may_send_token     (GUri         *uri);

/* Overwrites the NUL-terminated secret *@secret (an API token, an Authorization header) with
 * zeros, frees it and sets *@secret to NULL. NULL is allowed. */
void         rapport_http_wipe_secret        (char        **secret);
/* A readable list of what is wrong with a certificate ("signed by an unknown authority,
 * expired"), in English for developer messages; the _translated variant is the same list in
 * the user's language, for sentences shown to people. Both complete "the certificate is …". */
char        *rapport_http_describe_tls_errors            (GTlsCertificateFlags flags);
char        *rapport_http_describe_tls_errors_translated (GTlsCertificateFlags flags);

/* Text from a server (valid UTF-8 or not; %NULL is "") as a message quotes it: one line
 * (rapport_text_clean_label()), at most @max_chars characters, cut at a character boundary
 * with "…" (rapport_text_cut()). Never cut server text by bytes. */
char        *rapport_http_quote              (const char   *text,
                                              gsize         max_chars);

/* The error for a finished @msg whose status is not 2xx (nor 304): the code from
 * rapport_http_error_code_for_status(), a developer message naming the method, the URL and
 * the status, and the server's own message (one line, cut at a character boundary) when
 * @body is JSON with a "message", "error" or "description" string. A redirect names its
 * Location and ends with its target's host (rapport_provider_error_get_host()). */
GError      *rapport_http_error_from_status  (SoupMessage  *msg,
                                              GBytes       *body);

/* The provider error for a transport failure of @msg (libsoup, GIO, resolver or TLS error):
 * G_IO_ERROR_CANCELLED is returned as is; a TLS failure is TLS, naming the certificate's
 * problems and ending with the host; everything else (no route, the name not resolved, the
 * connection refused or cut, a timeout) is NETWORK with a message naming the URL and the
 * cause. */
GError      *rapport_http_error_from_transport (SoupMessage  *msg,
                                                const GError *error);

/* Whether an answer with @content_type (nullable) and the body @data (@size bytes) is a web
 * page (an HTML or XHTML Content-Type, or a body that opens like HTML) rather than API data:
 * what a sign-in page or a single sign-on proxy in front of an API sends. */
gboolean     rapport_http_is_web_page        (const char   *content_type,
                                              const guint8 *data,
                                              gsize         size);
/* The SIGN_IN_PAGE error for the web page (@content_type, @data) that answered @msg: the
 * request, the status, the page's title (cut) and the host. */
GError      *rapport_http_error_web_page     (SoupMessage  *msg,
                                              const char   *content_type,
                                              const guint8 *data,
                                              gsize         size);
/* The INSECURE error for a token that would go to @uri, which rapport_http_may_send_token()
 * refuses: names the address (no user name, query or fragment) and ends with the host. */
GError      *rapport_http_error_insecure     (GUri         *uri);

/* Parses a JSON text from outside (a server's answer or error body, JSON a server sent inside
 * a string, a file): the one way such text reaches json-glib. The text goes through
 * rapport_json_gate_check() first (strict RFC 8259, valid UTF-8, at most
 * RAPPORT_JSON_GATE_MAX_SIZE bytes, RAPPORT_JSON_GATE_MAX_DEPTH levels and
 * RAPPORT_JSON_GATE_MAX_VALUES values; lone surrogate and NUL escapes read as U+FFFD), so
 * every string of the tree is valid UTF-8 without NUL. An empty text, or one the gate refuses
 * ("@what: malformed JSON (comment at byte 3)"), is INVALID_RESPONSE naming @what. Safe to call
 * from any thread; no recursion deeper than the depth bound. */
JsonNode    *rapport_http_parse_json         (const char   *data,
                                              gsize         length,
                                              const char   *what,
                                              GError      **error);

/* Sends @msg (redirects are not followed) and reads its JSON answer, at most @max_bytes of it
 * (0 = RAPPORT_HTTP_DEFAULT_MAX_BODY), parsing in a worker thread. The finish function
 * returns the root node; a JSON null node for 204 and 304 (check the status on @msg). Errors:
 * INSECURE without sending when @msg carries an Authorization header that
 * rapport_http_may_send_token() refuses for its URL; non-2xx statuses as
 * rapport_http_error_from_status(), transport failures as
 * rapport_http_error_from_transport(), a body cut short (NETWORK), a web page
 * (SIGN_IN_PAGE, rapport_http_is_web_page()), a body over the limit, a Content-Type that is
 * not JSON, a charset other than UTF-8, an empty body or malformed JSON (INVALID_RESPONSE). */
void         rapport_http_send_json_async    (SoupSession         *session,
                                              SoupMessage         *msg,
                                              gsize                max_bytes,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
JsonNode    *rapport_http_send_json_finish   (SoupSession         *session,
                                              GAsyncResult        *result,
                                              GError             **error);

G_END_DECLS
