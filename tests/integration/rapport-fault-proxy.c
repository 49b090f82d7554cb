/* rapport-fault-proxy.c
 *
 * A loopback HTTP/1.1 proxy that injects faults between Rapport and a test server. See the
 * header for what it does; here is how.
 *
 * Each client connection is served on a thread of a GThreadedSocketService with blocking I/O:
 * read a request head and its Content-Length body, draw the fault, and either answer at once
 * (500 before, 429) or forward the request on a fresh upstream connection (Connection: close),
 * read the whole answer, and then pass it on, cut it, hold it or drop it. Answers are re-framed
 * with a Content-Length, so the client's connection can stay alive whatever framing the server
 * used.
 *
 * Everything the threads share lives in a reference-counted ProxyState that the "run" signal
 * handler owns a reference to: queued jobs hold the service, the service holds the handler, so
 * no thread ever sees freed state.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-fault-proxy"

#include "config.h"

#include "rapport-fault-proxy.h"

#include <libsoup/soup.h>
#include <string.h>

#define MAX_HEAD_BYTES     (64 * 1024)
#define MAX_BODY_BYTES     (64 * 1024 * 1024)
#define MAX_THREADS        32
#define SOCKET_TIMEOUT_S   120
#define STOP_TIMEOUT_S     30
#define DEFAULT_STALL_MS   5000

typedef struct
{
  GMutex          mutex;
  GCond           cond;

  /* Guarded by mutex */
  GRand          *rand;
  double          rate;
  guint           stall_ms;
  guint           post_delay_ms;
  guint           post_forward_delay_ms;
  RapportFaultRewrite rewrite;
  gpointer        rewrite_data;
  GPtrArray      *connections;   /* (element-type GSocketConnection): being served */
  guint           n_active;
  gboolean        stopping;

  /* Set once, before the service starts */
  GSocketClient  *upstream;
  char           *upstream_host;
  guint16         upstream_port;

  /* Atomic */
  gint            n_requests;
  gint            n_forwarded;
  gint            n_posts_forwarded;
  gint            n_holding;
  gint            n_holding_requests;
  gint            n_upstream_errors;
  gint            n_faults[RAPPORT_FAULT_N_KINDS];
} ProxyState;

struct _RapportFaultProxy
{
  GObject         parent_instance;

  /* The listener accepts in a main context of its own, run by a thread of its own, so the
   * proxy serves whether or not the caller's main loop runs. */
  GMainContext   *context;
  GMainLoop      *loop;
  GThread        *thread;
  GSocketService *service;
  ProxyState     *state;
  char           *url;
  guint32         seed;
  gboolean        stopped;
};

G_DEFINE_FINAL_TYPE (RapportFaultProxy, rapport_fault_proxy, G_TYPE_OBJECT)

static const char * const fault_names[RAPPORT_FAULT_N_KINDS] = {
  [RAPPORT_FAULT_NONE] = "none",
  [RAPPORT_FAULT_DROP] = "drop",
  [RAPPORT_FAULT_500_BEFORE] = "500-before",
  [RAPPORT_FAULT_500_AFTER] = "500-after",
  [RAPPORT_FAULT_429] = "429",
  [RAPPORT_FAULT_STALL] = "stall",
  [RAPPORT_FAULT_TRUNCATE] = "truncate",
};

const char *
rapport_fault_kind_to_string (RapportFaultKind kind)
{
  g_return_val_if_fail (kind < RAPPORT_FAULT_N_KINDS, NULL);

  return fault_names[kind];
}

/* ---------------------------------------------------------------------------------------------
 * Shared state
 * ------------------------------------------------------------------------------------------- */

static void
proxy_state_clear (ProxyState *state)
{
  g_mutex_clear (&state->mutex);
  g_cond_clear (&state->cond);
  g_rand_free (state->rand);
  g_ptr_array_unref (state->connections);
  g_clear_object (&state->upstream);
  g_free (state->upstream_host);
}

static void
proxy_state_unref (ProxyState *state)
{
  g_atomic_rc_box_release_full (state, (GDestroyNotify) proxy_state_clear);
}

static void
proxy_state_release (gpointer  data,
                     GClosure *closure)
{
  proxy_state_unref (data);
}

static gboolean
is_stopping (ProxyState *state)
{
  gboolean stopping;

  g_mutex_lock (&state->mutex);
  stopping = state->stopping;
  g_mutex_unlock (&state->mutex);
  return stopping;
}

/* Sleeps @ms in small steps; returns early (FALSE) when the proxy stops. */
static gboolean
sleep_unless_stopping (ProxyState *state,
                       guint       ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      if (is_stopping (state))
        return FALSE;
      g_usleep (MIN (50 * 1000, end - g_get_monotonic_time () + 1));
    }
  return TRUE;
}

static RapportFaultKind
draw_fault (ProxyState *state)
{
  RapportFaultKind kind = RAPPORT_FAULT_NONE;

  g_mutex_lock (&state->mutex);
  if (g_rand_double (state->rand) < state->rate)
    kind = (RapportFaultKind) g_rand_int_range (state->rand, RAPPORT_FAULT_NONE + 1,
                                                RAPPORT_FAULT_N_KINDS);
  g_mutex_unlock (&state->mutex);
  return kind;
}

/* ---------------------------------------------------------------------------------------------
 * HTTP/1.1, just enough of it
 * ------------------------------------------------------------------------------------------- */

typedef struct
{
  char               *method;
  char               *path;
  SoupMessageHeaders *headers;
  GBytes             *body;
  gboolean            keep_alive;
} Request;

static void
request_clear (Request *request)
{
  g_clear_pointer (&request->method, g_free);
  g_clear_pointer (&request->path, g_free);
  g_clear_pointer (&request->headers, soup_message_headers_unref);
  g_clear_pointer (&request->body, g_bytes_unref);
}

typedef struct
{
  guint               status;
  char               *reason;
  SoupMessageHeaders *headers;
  GBytes             *body;
} Response;

static void
response_clear (Response *response)
{
  g_clear_pointer (&response->reason, g_free);
  g_clear_pointer (&response->headers, soup_message_headers_unref);
  g_clear_pointer (&response->body, g_bytes_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Request, request_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Response, response_clear)

static gssize
find_bytes (const guint8 *data,
            gsize         length,
            const char   *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; i + n <= length; i++)
    if (memcmp (data + i, needle, n) == 0)
      return (gssize) i;
  return -1;
}

/* Reads more into @buffer; FALSE at end of stream or on error. */
static gboolean
read_more (GInputStream *in,
           GByteArray   *buffer)
{
  guint8 chunk[16 * 1024];
  gssize n = g_input_stream_read (in, chunk, sizeof chunk, NULL, NULL);

  if (n <= 0)
    return FALSE;
  g_byte_array_append (buffer, chunk, (guint) n);
  return TRUE;
}

/* Until @buffer holds a whole head: returns its length (through the blank line), 0 when the
 * stream ended before any byte of it, -1 on errors and truncated or oversized heads. */
static gssize
read_head (GInputStream *in,
           GByteArray   *buffer)
{
  for (;;)
    {
      gssize end = find_bytes (buffer->data, buffer->len, "\r\n\r\n");

      if (end >= 0)
        return end + 4;
      if (buffer->len > MAX_HEAD_BYTES)
        return -1;
      if (!read_more (in, buffer))
        return buffer->len == 0 ? 0 : -1;
    }
}

static gboolean
read_at_least (GInputStream *in,
               GByteArray   *buffer,
               gsize         length)
{
  while (buffer->len < length)
    if (!read_more (in, buffer))
      return FALSE;
  return TRUE;
}

static gboolean
is_hop_by_hop (const char *name)
{
  static const char * const names[] = {
    "Connection", "Keep-Alive", "Proxy-Connection", "TE", "Trailer", "Transfer-Encoding",
    "Upgrade", "Content-Length",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_ascii_strcasecmp (name, names[i]) == 0)
      return TRUE;
  return FALSE;
}

static void
append_header (const char *name,
               const char *value,
               gpointer    user_data)
{
  GString *head = user_data;

  if (!is_hop_by_hop (name))
    g_string_append_printf (head, "%s: %s\r\n", name, value);
}

static gboolean
status_has_body (guint status)
{
  return status >= 200 && status != SOUP_STATUS_NO_CONTENT && status != SOUP_STATUS_NOT_MODIFIED;
}

/* Reads one request from the client. Returns 1 with @request filled, 0 at a clean end of the
 * connection, -1 when it must be closed (after answering @status_out when that is non-zero). */
static int
read_request (GInputStream *in,
              GByteArray   *buffer,
              Request      *request,
              guint        *status_out)
{
  SoupHTTPVersion version = SOUP_HTTP_1_1;
  gssize head_length;
  goffset body_length = 0;
  guint status;

  *status_out = 0;
  head_length = read_head (in, buffer);
  if (head_length <= 0)
    return (int) head_length;

  request->headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  status = soup_headers_parse_request ((const char *) buffer->data, (int) head_length,
                                       request->headers, &request->method, &request->path,
                                       &version);
  if (status != SOUP_STATUS_OK)
    {
      *status_out = SOUP_STATUS_BAD_REQUEST;
      return -1;
    }

  switch (soup_message_headers_get_encoding (request->headers))
    {
    case SOUP_ENCODING_CONTENT_LENGTH:
      body_length = soup_message_headers_get_content_length (request->headers);
      break;
    case SOUP_ENCODING_NONE:
      break;
    case SOUP_ENCODING_UNRECOGNIZED:
    case SOUP_ENCODING_EOF:
    case SOUP_ENCODING_CHUNKED:
    case SOUP_ENCODING_BYTERANGES:
    default:
      *status_out = SOUP_STATUS_LENGTH_REQUIRED;
      return -1;
    }
  if (body_length < 0 || body_length > MAX_BODY_BYTES)
    {
      *status_out = SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE;
      return -1;
    }

  if (!read_at_least (in, buffer, (gsize) head_length + (gsize) body_length))
    return -1;
  request->body = g_bytes_new (buffer->data + head_length, (gsize) body_length);
  g_byte_array_remove_range (buffer, 0, (guint) (head_length + body_length));

  if (version == SOUP_HTTP_1_0)
    request->keep_alive = soup_message_headers_header_contains (request->headers, "Connection",
                                                                "keep-alive");
  else
    request->keep_alive = !soup_message_headers_header_contains (request->headers, "Connection",
                                                                 "close");
  return 1;
}

/* Decodes a chunked body; FALSE when it is malformed or cut short. */
static gboolean
decode_chunked (const guint8 *data,
                gsize         length,
                GByteArray   *out)
{
  gsize pos = 0;

  for (;;)
    {
      gssize line_end = find_bytes (data + pos, length - pos, "\r\n");
      g_autofree char *line = NULL;
      guint64 size;
      char *end = NULL;

      if (line_end < 0)
        return FALSE;
      line = g_strndup ((const char *) data + pos, (gsize) line_end);
      size = g_ascii_strtoull (line, &end, 16);
      if (end == line)
        return FALSE;
      pos += (gsize) line_end + 2;
      if (size == 0)
        return TRUE;  /* trailers, if any, are dropped */
      if (size > length - pos || size > MAX_BODY_BYTES)
        return FALSE;
      g_byte_array_append (out, data + pos, (guint) size);
      pos += (gsize) size;
      if (length - pos < 2)
        return FALSE;
      pos += 2;
    }
}

typedef enum
{
  FRAMING_NONE,     /* no body */
  FRAMING_LENGTH,   /* Content-Length */
  FRAMING_CHUNKED,
  FRAMING_EOF,      /* until the server closes the connection */
} Framing;

static Framing
framing_of (Request  *request,
            Response *response,
            gsize    *content_length)
{
  goffset length;

  if (strcmp (request->method, "HEAD") == 0 || !status_has_body (response->status))
    return FRAMING_NONE;

  switch (soup_message_headers_get_encoding (response->headers))
    {
    case SOUP_ENCODING_CHUNKED:
      return FRAMING_CHUNKED;
    case SOUP_ENCODING_CONTENT_LENGTH:
      length = soup_message_headers_get_content_length (response->headers);
      if (length < 0 || length > MAX_BODY_BYTES)
        return FRAMING_EOF;
      *content_length = (gsize) length;
      return FRAMING_LENGTH;
    case SOUP_ENCODING_NONE:
      return FRAMING_NONE;
    case SOUP_ENCODING_UNRECOGNIZED:
    case SOUP_ENCODING_EOF:
    case SOUP_ENCODING_BYTERANGES:
    default:
      return FRAMING_EOF;
    }
}

/* Sends @request upstream and reads its whole answer. */
static gboolean
forward (ProxyState *state,
         Request    *request,
         Response   *response,
         GError    **error)
{
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GString) head = g_string_new (NULL);
  g_autoptr(GByteArray) answer = g_byte_array_new ();
  g_autoptr(GByteArray) body = g_byte_array_new ();
  GOutputStream *out;
  GInputStream *in;
  gssize head_length;
  gsize rest, content_length = 0;
  const guint8 *data;
  Framing framing;

  connection = g_socket_client_connect_to_host (state->upstream, state->upstream_host,
                                                state->upstream_port, NULL, error);
  if (connection == NULL)
    return FALSE;

  g_string_append_printf (head, "%s %s HTTP/1.1\r\n", request->method, request->path);
  soup_message_headers_foreach (request->headers, append_header, head);
  if (g_bytes_get_size (request->body) > 0 ||
      soup_message_headers_get_encoding (request->headers) == SOUP_ENCODING_CONTENT_LENGTH)
    g_string_append_printf (head, "Content-Length: %" G_GSIZE_FORMAT "\r\n",
                            g_bytes_get_size (request->body));
  g_string_append (head, "Connection: close\r\n\r\n");

  /* One write: a head and a body in two small segments would wait for the delayed ACK. */
  g_string_append_len (head, g_bytes_get_data (request->body, NULL),
                       (gssize) g_bytes_get_size (request->body));
  out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  if (!g_output_stream_write_all (out, head->str, head->len, NULL, NULL, error))
    return FALSE;

  if (strcmp (request->method, "POST") == 0)
    g_atomic_int_inc (&state->n_posts_forwarded);
  g_atomic_int_inc (&state->n_forwarded);

  /* Read until the answer is complete by its own framing (a server may keep the connection
   * open despite Connection: close), or until the server closes it. */
  in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  head_length = -1;
  framing = FRAMING_EOF;
  for (;;)
    {
      gboolean eof = FALSE;

      if (head_length < 0)
        {
          head_length = find_bytes (answer->data, answer->len, "\r\n\r\n");
          if (head_length >= 0)
            {
              head_length += 4;
              response->headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
              if (!soup_headers_parse_response ((const char *) answer->data, (int) head_length,
                                                response->headers, NULL, &response->status,
                                                &response->reason))
                {
                  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               "Malformed answer head");
                  return FALSE;
                }
              framing = framing_of (request, response, &content_length);
            }
        }

      if (head_length >= 0)
        {
          data = answer->data + head_length;
          rest = answer->len - (gsize) head_length;
          if (framing == FRAMING_NONE)
            break;
          if (framing == FRAMING_LENGTH && rest >= content_length)
            break;
          if (framing == FRAMING_CHUNKED)
            {
              g_byte_array_set_size (body, 0);
              if (decode_chunked (data, rest, body))
                break;
            }
        }

      {
        guint8 chunk[16 * 1024];
        gssize n = g_input_stream_read (in, chunk, sizeof chunk, NULL, error);

        if (n < 0)
          return FALSE;
        if (n == 0)
          eof = TRUE;
        else if (answer->len + (gsize) n > MAX_BODY_BYTES)
          {
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                         "The answer is too large");
            return FALSE;
          }
        else
          g_byte_array_append (answer, chunk, (guint) n);
      }

      if (eof)
        {
          if (head_length < 0 || framing != FRAMING_EOF)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT,
                           "The server closed the connection in the middle of its answer "
                           "(%u bytes)", answer->len);
              return FALSE;
            }
          break;
        }
    }

  data = answer->data + head_length;
  rest = answer->len - (gsize) head_length;
  switch (framing)
    {
    case FRAMING_NONE:
      break;
    case FRAMING_LENGTH:
      g_byte_array_append (body, data, (guint) content_length);
      break;
    case FRAMING_CHUNKED:
      break;  /* decoded above */
    case FRAMING_EOF:
    default:
      g_byte_array_append (body, data, (guint) rest);
      break;
    }

  response->body = g_byte_array_free_to_bytes (g_steal_pointer (&body));
  return TRUE;
}

/* Writes an answer head with a Content-Length of the whole @body, then @send_length bytes of
 * it. */
static gboolean
send_answer (GOutputStream      *out,
             guint               status,
             const char         *reason,
             SoupMessageHeaders *headers,
             const char         *extra_headers,
             GBytes             *body,
             gsize               send_length,
             gboolean            keep_alive)
{
  g_autoptr(GString) head = g_string_new (NULL);
  gsize length = body != NULL ? g_bytes_get_size (body) : 0;

  g_string_append_printf (head, "HTTP/1.1 %u %s\r\n", status,
                          reason != NULL ? reason : soup_status_get_phrase (status));
  if (headers != NULL)
    soup_message_headers_foreach (headers, append_header, head);
  if (extra_headers != NULL)
    g_string_append (head, extra_headers);
  if (status_has_body (status))
    g_string_append_printf (head, "Content-Length: %" G_GSIZE_FORMAT "\r\n", length);
  if (!keep_alive)
    g_string_append (head, "Connection: close\r\n");
  g_string_append (head, "\r\n");
  if (body != NULL && send_length > 0)
    g_string_append_len (head, g_bytes_get_data (body, NULL),
                         (gssize) MIN (send_length, length));

  /* One write, for the same reason as in forward(). */
  if (!g_output_stream_write_all (out, head->str, head->len, NULL, NULL, NULL))
    return FALSE;
  return g_output_stream_flush (out, NULL, NULL);
}

static void
count_fault (ProxyState       *state,
             RapportFaultKind  kind)
{
  g_atomic_int_inc (&state->n_faults[kind]);
}

/* Serves one request; FALSE when the connection must be closed afterwards. */
static gboolean
serve_request (ProxyState    *state,
               GOutputStream *out,
               Request       *request)
{
  g_autoptr(GError) error = NULL;
  g_auto(Response) response = { 0 };
  RapportFaultKind kind;
  guint post_delay_ms, post_forward_delay_ms, stall_ms;
  RapportFaultRewrite rewrite;
  gpointer rewrite_data;
  gint64 forward_begin;
  gsize length;

  g_atomic_int_inc (&state->n_requests);
  kind = draw_fault (state);

  g_mutex_lock (&state->mutex);
  post_delay_ms = state->post_delay_ms;
  post_forward_delay_ms = state->post_forward_delay_ms;
  stall_ms = state->stall_ms;
  rewrite = state->rewrite;
  rewrite_data = state->rewrite_data;
  g_mutex_unlock (&state->mutex);

  /* Faults that never reach the server. */
  if (kind == RAPPORT_FAULT_500_BEFORE)
    {
      count_fault (state, kind);
      return send_answer (out, SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL, NULL, NULL, NULL, 0,
                          request->keep_alive) && request->keep_alive;
    }
  if (kind == RAPPORT_FAULT_429)
    {
      g_autoptr(GBytes) body = g_bytes_new_static ("{\"message\":\"Too Many Requests\"}", 31);

      count_fault (state, kind);
      return send_answer (out, 429, "Too Many Requests", NULL,
                          "Retry-After: 1\r\nContent-Type: application/json; charset=utf-8\r\n",
                          body, g_bytes_get_size (body), request->keep_alive) &&
             request->keep_alive;
    }

  /* A server busy elsewhere: the request reaches RT late, whether or not the client is still
   * there to hear the answer. */
  if (post_forward_delay_ms > 0 && strcmp (request->method, "POST") == 0)
    {
      gboolean slept;

      g_atomic_int_inc (&state->n_holding_requests);
      slept = sleep_unless_stopping (state, post_forward_delay_ms);
      g_atomic_int_add (&state->n_holding_requests, -1);
      if (!slept)
        return FALSE;
    }

  forward_begin = g_get_real_time ();
  if (!forward (state, request, &response, &error))
    {
      /* Not injected: the server itself failed. The client sees a 502. */
      g_atomic_int_inc (&state->n_upstream_errors);
      g_debug ("Forwarding %s %s failed: %s", request->method, request->path, error->message);
      send_answer (out, SOUP_STATUS_BAD_GATEWAY, NULL, NULL, NULL, NULL, 0, FALSE);
      return FALSE;
    }

  if (g_log_writer_default_would_drop (G_LOG_LEVEL_DEBUG, G_LOG_DOMAIN) == FALSE)
    {
      g_autoptr(GDateTime) sent = g_date_time_new_from_unix_utc (forward_begin / G_USEC_PER_SEC);
      g_autofree char *clock = g_date_time_format (sent, "%H:%M:%S");

      g_debug ("%s %.60s: forwarded at %s.%03d UTC, HTTP %u after %" G_GINT64_FORMAT " ms; "
               "fault: %s", request->method, request->path, clock,
               (int) (forward_begin / 1000 % 1000), response.status,
               (g_get_real_time () - forward_begin) / 1000, fault_names[kind]);
    }

  length = g_bytes_get_size (response.body);
  if (kind == RAPPORT_FAULT_TRUNCATE && (length == 0 || !status_has_body (response.status)))
    kind = RAPPORT_FAULT_DROP;  /* nothing to cut */

  switch (kind)
    {
    case RAPPORT_FAULT_DROP:
      count_fault (state, kind);
      return FALSE;

    case RAPPORT_FAULT_500_AFTER:
      count_fault (state, kind);
      return send_answer (out, SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL, NULL, NULL, NULL, 0,
                          request->keep_alive) && request->keep_alive;

    case RAPPORT_FAULT_STALL:
      count_fault (state, kind);
      sleep_unless_stopping (state, stall_ms);
      return FALSE;

    case RAPPORT_FAULT_TRUNCATE:
      count_fault (state, kind);
      send_answer (out, response.status, response.reason, response.headers, NULL, response.body,
                   length / 2, FALSE);
      return FALSE;

    case RAPPORT_FAULT_NONE:
      if (rewrite != NULL && SOUP_STATUS_IS_SUCCESSFUL (response.status) && length > 0)
        {
          GBytes *rewritten = rewrite (request->path, response.body, rewrite_data);

          if (rewritten != NULL)
            {
              g_bytes_unref (response.body);
              response.body = rewritten;
              length = g_bytes_get_size (response.body);
            }
        }
      if (post_delay_ms > 0 && strcmp (request->method, "POST") == 0)
        {
          gboolean slept;

          g_atomic_int_inc (&state->n_holding);
          slept = sleep_unless_stopping (state, post_delay_ms);
          g_atomic_int_add (&state->n_holding, -1);
          if (!slept)
            return FALSE;
        }
      return send_answer (out, response.status, response.reason, response.headers, NULL,
                          response.body, length, request->keep_alive) &&
             request->keep_alive;

    case RAPPORT_FAULT_500_BEFORE:
    case RAPPORT_FAULT_429:
    case RAPPORT_FAULT_N_KINDS:
    default:
      g_assert_not_reached ();
    }
}

static void
serve_connection (ProxyState        *state,
                  GSocketConnection *connection)
{
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_autoptr(GByteArray) buffer = g_byte_array_new ();

  while (!is_stopping (state))
    {
      g_auto(Request) request = { 0 };
      guint status = 0;
      int read = read_request (in, buffer, &request, &status);

      if (read <= 0)
        {
          if (status != 0)
            send_answer (out, status, NULL, NULL, NULL, NULL, 0, FALSE);
          return;
        }
      if (!serve_request (state, out, &request))
        return;
    }
}

static gboolean
on_service_run_cb (GThreadedSocketService *service,
                   GSocketConnection      *connection,
                   GObject                *source_object,
                   gpointer                user_data)
{
  ProxyState *state = user_data;

  g_mutex_lock (&state->mutex);
  if (state->stopping)
    {
      g_mutex_unlock (&state->mutex);
      g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
      return TRUE;
    }
  state->n_active++;
  g_ptr_array_add (state->connections, g_object_ref (connection));
  g_mutex_unlock (&state->mutex);

  g_socket_set_timeout (g_socket_connection_get_socket (connection), SOCKET_TIMEOUT_S);
  serve_connection (state, connection);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);

  g_mutex_lock (&state->mutex);
  g_ptr_array_remove_fast (state->connections, connection);
  state->n_active--;
  g_cond_broadcast (&state->cond);
  g_mutex_unlock (&state->mutex);

  return TRUE;
}

/* ---------------------------------------------------------------------------------------------
 * RapportFaultProxy
 * ------------------------------------------------------------------------------------------- */

static gpointer
run_accept_loop (gpointer data)
{
  RapportFaultProxy *self = data;

  g_main_context_push_thread_default (self->context);
  g_main_loop_run (self->loop);
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

/* In the accept thread: stop accepting and end the loop. */
static gboolean
stop_accepting (gpointer data)
{
  RapportFaultProxy *self = data;

  g_socket_service_stop (self->service);
  g_socket_listener_close (G_SOCKET_LISTENER (self->service));
  g_main_loop_quit (self->loop);
  return G_SOURCE_REMOVE;
}

void
rapport_fault_proxy_stop (RapportFaultProxy *self)
{
  ProxyState *state;
  gint64 deadline;

  g_return_if_fail (RAPPORT_IS_FAULT_PROXY (self));

  if (self->stopped)
    return;
  self->stopped = TRUE;
  state = self->state;

  if (self->thread != NULL)
    {
      g_main_context_invoke (self->context, stop_accepting, self);
      g_thread_join (g_steal_pointer (&self->thread));
    }

  deadline = g_get_monotonic_time () + STOP_TIMEOUT_S * G_USEC_PER_SEC;
  g_mutex_lock (&state->mutex);
  state->stopping = TRUE;
  for (guint i = 0; i < state->connections->len; i++)
    g_socket_shutdown (g_socket_connection_get_socket (state->connections->pdata[i]), TRUE, TRUE,
                       NULL);
  while (state->n_active > 0)
    if (!g_cond_wait_until (&state->cond, &state->mutex, deadline))
      break;
  if (state->n_active > 0)
    g_printerr ("rapport-fault-proxy: %u connection threads still running after %d s\n",
                state->n_active, STOP_TIMEOUT_S);
  g_mutex_unlock (&state->mutex);
}

static void
rapport_fault_proxy_dispose (GObject *object)
{
  RapportFaultProxy *self = RAPPORT_FAULT_PROXY (object);

  if (self->service != NULL)
    rapport_fault_proxy_stop (self);
  g_clear_object (&self->service);
  g_clear_pointer (&self->loop, g_main_loop_unref);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (rapport_fault_proxy_parent_class)->dispose (object);
}

static void
rapport_fault_proxy_finalize (GObject *object)
{
  RapportFaultProxy *self = RAPPORT_FAULT_PROXY (object);

  g_clear_pointer (&self->state, proxy_state_unref);
  g_free (self->url);

  G_OBJECT_CLASS (rapport_fault_proxy_parent_class)->finalize (object);
}

static void
rapport_fault_proxy_class_init (RapportFaultProxyClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rapport_fault_proxy_dispose;
  object_class->finalize = rapport_fault_proxy_finalize;
}

static void
rapport_fault_proxy_init (RapportFaultProxy *self)
{
}

RapportFaultProxy *
rapport_fault_proxy_new (const char  *upstream_url,
                         guint32      seed,
                         GError     **error)
{
  g_autoptr(RapportFaultProxy) self = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GInetAddress) loopback = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  ProxyState *state;

  g_return_val_if_fail (upstream_url != NULL, NULL);

  uri = g_uri_parse (upstream_url, G_URI_FLAGS_NONE, error);
  if (uri == NULL)
    return NULL;
  if (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 || g_uri_get_host (uri) == NULL ||
      g_uri_get_port (uri) <= 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "The upstream must be http://HOST:PORT, not %s", upstream_url);
      return NULL;
    }

  self = g_object_new (RAPPORT_TYPE_FAULT_PROXY, NULL);
  self->seed = seed;

  state = g_atomic_rc_box_new0 (ProxyState);
  g_mutex_init (&state->mutex);
  g_cond_init (&state->cond);
  state->rand = g_rand_new_with_seed (seed);
  state->stall_ms = DEFAULT_STALL_MS;
  state->connections = g_ptr_array_new_with_free_func (g_object_unref);
  state->upstream = g_socket_client_new ();
  g_socket_client_set_timeout (state->upstream, SOCKET_TIMEOUT_S);
  g_socket_client_set_enable_proxy (state->upstream, FALSE);
  state->upstream_host = g_strdup (g_uri_get_host (uri));
  state->upstream_port = (guint16) g_uri_get_port (uri);
  self->state = state;

  /* Accepting starts in the thread-default context of whoever adds the address or starts
   * the service: make that the proxy's own. */
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  g_main_context_push_thread_default (self->context);

  self->service = g_threaded_socket_service_new (MAX_THREADS);
  g_socket_service_stop (self->service);
  g_signal_connect_data (self->service, "run", G_CALLBACK (on_service_run_cb),
                         g_atomic_rc_box_acquire (state), proxy_state_release, 0);

  loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  address = g_inet_socket_address_new (loopback, 0);
  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (self->service), address,
                                      G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL, &bound,
                                      error))
    {
      g_main_context_pop_thread_default (self->context);
      self->stopped = TRUE;
      return NULL;
    }

  self->url = g_strdup_printf ("http://127.0.0.1:%u",
                               g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_socket_service_start (self->service);
  g_main_context_pop_thread_default (self->context);

  self->thread = g_thread_new ("rapport-fault-proxy", run_accept_loop, self);

  return g_steal_pointer (&self);
}

const char *
rapport_fault_proxy_get_url (RapportFaultProxy *self)
{
  g_return_val_if_fail (RAPPORT_IS_FAULT_PROXY (self), NULL);

  return self->url;
}

guint32
rapport_fault_proxy_get_seed (RapportFaultProxy *self)
{
  g_return_val_if_fail (RAPPORT_IS_FAULT_PROXY (self), 0);

  return self->seed;
}

void
rapport_fault_proxy_set_rate (RapportFaultProxy *self,
                              double             rate)
{
  g_return_if_fail (RAPPORT_IS_FAULT_PROXY (self));
  g_return_if_fail (rate >= 0.0 && rate <= 1.0);

  g_mutex_lock (&self->state->mutex);
  self->state->rate = rate;
  g_mutex_unlock (&self->state->mutex);
}

void
rapport_fault_proxy_set_stall_ms (RapportFaultProxy *self,
                                  guint              stall_ms)
{
  g_return_if_fail (RAPPORT_IS_FAULT_PROXY (self));

  g_mutex_lock (&self->state->mutex);
  self->state->stall_ms = stall_ms;
  g_mutex_unlock (&self->state->mutex);
}

void
rapport_fault_proxy_set_post_delay_ms (RapportFaultProxy *self,
                                       guint              delay_ms)
{
  g_return_if_fail (RAPPORT_IS_FAULT_PROXY (self));

  g_mutex_lock (&self->state->mutex);
  self->state->post_delay_ms = delay_ms;
  g_mutex_unlock (&self->state->mutex);
}

guint
rapport_fault_proxy_get_n_requests (RapportFaultProxy *self)
{
  g_return_val_if_fail (RAPPORT_IS_FAULT_PROXY (self), 0);

  return (guint) g_atomic_int_get (&self->state->n_requests);
}

guint
rapport_fault_proxy_get_n_forwarded (RapportFaultProxy *self)
{
  g_return_val_if_fail (RAPPORT_IS_FAULT_PROXY (self), 0);

  return (guint) g_atomic_int_get (&self->state->n_forwarded);
}

guint
rapport_fault_proxy_get_n_posts_forwarded (RapportFaultProxy *self)
{
  g_return_val_if_fail (RAPPORT_IS_FAULT_PROXY (self), 0);

  return (guint) g_atomic_int_get (&self->state->n_posts_forwarded);
}

guint
rapport_fault_proxy_get_n_faults (RapportFaultProxy *self,
                                  RapportFaultKind   kind)
{
  g_return_val_if_fail (RAPPORT_IS_FAULT_PROXY (self), 0);
  g_return_val_if_fail (kind < RAPPORT_FAULT_N_KINDS, 0);

  return (guint) g_atomic_int_get (&self->state->n_faults[kind]);
}

guint
rapport_fault_proxy_get_n_faults_total (RapportFaultProxy *self)
{
  guint total = 0;

  g_return_val_if_fail (RAPPORT_IS_FAULT_PROXY (self), 0);

  for (guint kind = RAPPORT_FAULT_NONE + 1; kind < RAPPORT_FAULT_N_KINDS; kind++)
    total += (guint) g_atomic_int_get (&self->state->n_faults[kind]);
  return total;
}

guint
rapport_fault_proxy_get_n_upstream_errors (RapportFaultProxy *self)
{
  g_return_val_if_fail (RAPPORT_IS_FAULT_PROXY (self), 0);

  return (guint) g_atomic_int_get (&self->state->n_upstream_errors);
}

void
rapport_fault_proxy_set_post_forward_delay_ms (RapportFaultProxy *self,
                                               guint              delay_ms)
{
  g_return_if_fail (RAPPORT_IS_FAULT_PROXY (self));

  g_mutex_lock (&self->state->mutex);
  self->state->post_forward_delay_ms = delay_ms;
  g_mutex_unlock (&self->state->mutex);
}

void
rapport_fault_proxy_set_rewrite (RapportFaultProxy   *self,
                                 RapportFaultRewrite  func,
                                 gpointer             user_data)
{
  g_return_if_fail (RAPPORT_IS_FAULT_PROXY (self));

  g_mutex_lock (&self->state->mutex);
  self->state->rewrite = func;
  self->state->rewrite_data = user_data;
  g_mutex_unlock (&self->state->mutex);
}

guint
rapport_fault_proxy_get_n_holding_requests (RapportFaultProxy *self)
{
  g_return_val_if_fail (RAPPORT_IS_FAULT_PROXY (self), 0);

  return (guint) g_atomic_int_get (&self->state->n_holding_requests);
}

guint
rapport_fault_proxy_get_n_holding (RapportFaultProxy *self)
{
  g_return_val_if_fail (RAPPORT_IS_FAULT_PROXY (self), 0);

  return (guint) g_atomic_int_get (&self->state->n_holding);
}

char *
rapport_fault_proxy_describe_faults (RapportFaultProxy *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_val_if_fail (RAPPORT_IS_FAULT_PROXY (self), NULL);

  for (guint kind = RAPPORT_FAULT_NONE + 1; kind < RAPPORT_FAULT_N_KINDS; kind++)
    g_string_append_printf (text, "%s%s %u", text->len > 0 ? ", " : "", fault_names[kind],
                            rapport_fault_proxy_get_n_faults (self, kind));
  g_string_append_printf (text, "; upstream errors %d",
                          g_atomic_int_get (&self->state->n_upstream_errors));
  return g_string_free (g_steal_pointer (&text), FALSE);
}
