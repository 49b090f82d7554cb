/* fuzz-http-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * HTTP error answers: the input is a response as it comes off the wire, a status line and
 * headers up to the first empty line, then the body. libsoup's own header parser reads the
 * head (as it does for a real answer); then Rapport reads what it takes from an error:
 * Retry-After (rapport_http_parse_retry_after()), the status's error code, the Location a
 * redirect names (whether a token may go there), and rapport_http_error_from_status() with
 * the headers and the body (the server's own message from a JSON error body).
 */
#define G_LOG_DOMAIN "rapport-fuzz-http-error"

#include "config.h"

#include "rapport-fuzz.h"
#include "rapport-http.h"

#include <string.h>

/* A fixed "now" keeps the inputs reproducible: Tue, 1 Dec 2026 00:00:00 GMT. */
#define FUZZ_NOW 1796083200

static void
copy_header_cb (const char *name,
                const char *value,
                gpointer    user_data)
{
  soup_message_headers_append (user_data, name, value);
}

static void
read_location (const char *location)
{
  g_autoptr(GUri) uri = NULL;

  if (location == NULL)
    return;

  uri = g_uri_parse (location, G_URI_FLAGS_NONE, NULL);
  if (uri != NULL)
    rapport_http_may_send_token (uri);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (
    SOUP_MESSAGE_HEADERS_RESPONSE);
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) params = NULL;
  g_autofree char *reason = NULL;
  const char *text = (const char *) data;
  const char *end;
  SoupHTTPVersion version;
  guint status = 0, delay = 0;
  gsize head_length;
  gboolean has_retry_after;

  if (size > G_MAXINT)
    return 0;

  end = g_strstr_len (text, (gssize) size, "\r\n\r\n");
  head_length = end != NULL ? (gsize) (end - text) + 2 : size;
  body = end != NULL ? g_bytes_new (end + 4, size - head_length - 2) : g_bytes_new (NULL, 0);

  if (!soup_headers_parse_response (text, (int) head_length, headers, &version, &status,
                                    &reason))
    return 0;

  has_retry_after = rapport_http_parse_retry_after (
    soup_message_headers_get_one (headers, "Retry-After"), FUZZ_NOW, &delay);
  if (delay > RAPPORT_HTTP_MAX_RETRY_AFTER)
    g_error ("Retry-After %u is over the cap", delay);
  rapport_http_error_code_for_status (status, has_retry_after);
  soup_message_headers_get_content_type (headers, &params);
  read_location (soup_message_headers_get_one (headers, "Location"));

  msg = soup_message_new ("GET", "https://rt.example.org/REST/2.0/ticket/1");
  soup_message_headers_foreach (headers, copy_header_cb, soup_message_get_response_headers (msg));
  error = rapport_http_error_from_status (msg, body);
  g_assert (error != NULL && error->domain == RAPPORT_PROVIDER_ERROR);
  return 0;
}
