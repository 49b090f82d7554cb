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

/* What the UI shows of an error: its message (valid UTF-8, server text quoted on one line) and
 * the host it names (nothing but host characters). */
static void
check_error (const GError *error)
{
  g_autofree char *host = rapport_provider_error_get_host (error);

  rapport_fuzz_assert_utf8 (error->message, -1);
  for (const char *p = host; p != NULL && *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("-.:[]_", *p) == NULL)
      g_error ("the host of an error holds byte 0x%02x", (guchar) *p);
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
  check_error (error);

  /* A sign-in page or proxy answering instead of the API: its title goes into the message. */
  {
    const char *content_type = soup_message_headers_get_content_type (headers, NULL);
    gsize body_size = 0;
    const guint8 *body_data = g_bytes_get_data (body, &body_size);

    if (rapport_http_is_web_page (content_type, body_data, body_size))
      {
        g_autoptr(GError) page_error = rapport_http_error_web_page (msg, content_type,
                                                                    body_data, body_size);

        g_assert (page_error != NULL && page_error->domain == RAPPORT_PROVIDER_ERROR);
        check_error (page_error);
      }
  }
  return 0;
}
