/* test-rt-provider.c
 *
 * RapportRtProvider against a fake Request Tracker: a SoupServer on 127.0.0.1 (port 0) in its
 * own thread that answers from the fixtures captured from RT 5.0.3 in tests/data/rt, pages
 * them like RT does (per_page/page, no totals on transaction collections, optional rows hidden
 * after the LIMIT), and can be told to fail in the ways real servers fail.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-test-rt-provider"

#include "config.h"

#include "rapport-http.h"
#include "rapport-rt-parser.h"
#include "rapport-rt-provider.h"
#include "rapport-test-server.h"

#include <stdio.h>
#include <string.h>

#define CHLOE        "chloe.silva@northwind-bakery.example"
#define SOREN        "soren.agard@fjord-tools.example"
#define TOKEN_SAM    "1-31-0e0b319dc88049977c625545f19966ff"
#define TOKEN_RIO    "1-35-7f3a9c0d2b4e6f8091a2b3c4d5e6f708"
#define JSON_TYPE    "application/json; charset=\"utf-8\""
#define ERROR_TYPE   "application/json; charset=utf-8"

/* Captured from the same RT 5.0.3 test server (tests/integration/rt-server.sh) as the
 * fixtures, as the supervisor token's user reads itself and its group. */
static const char supervisor_json[] =
  "{\"LastUpdated\":\"2026-11-22T22:29:45Z\",\"Name\":\"rio.supervisor\",\"Privileged\":1,"
  "\"CustomFields\":[],\"Disabled\":\"0\",\"RealName\":\"Rio Okafor\","
  "\"EmailAddress\":\"rio.supervisor@helpdesk.example\",\"id\":35,"
  "\"Created\":\"2026-11-22T22:29:45Z\",\"Timezone\":\"UTC\","
  "\"Memberships\":[{\"_url\":\"http://127.0.0.1:36421/REST/2.0/group/37\",\"type\":\"group\","
  "\"id\":\"37\"}],\"Creator\":{\"id\":\"RT_System\",\"type\":\"user\"}}";
static const char group_json[] =
  "{\"Instance\":\"0\",\"CustomFields\":[],\"Name\":\"Supervisors\","
  "\"LastUpdated\":\"2026-11-22T22:29:45Z\",\"Domain\":\"UserDefined\","
  "\"Description\":\"May approve refunds and credits over an agent's limit\",\"Disabled\":\"0\","
  "\"Members\":[{\"type\":\"user\",\"id\":\"rio.supervisor\"}],"
  "\"Created\":\"2026-11-22T22:29:45Z\",\"id\":37}";

/* ------------------------------------------------------------------------------------ */
/* The fake RT                                                                           */

typedef enum
{
  OVERRIDE_RESPOND,  /* status, headers, body */
  OVERRIDE_STALL,    /* never answer */
  OVERRIDE_TRUNCATE, /* promise a body, send half, close */
  OVERRIDE_DROP,     /* read the request, close the connection without an answer */
} OverrideKind;

typedef struct
{
  OverrideKind  kind;
  guint         status;
  char         *reason;
  char         *content_type;
  char         *body;
  char         *header_name;
  char         *header_value;
} Override;

static void
override_free (Override *o)
{
  g_free (o->reason);
  g_free (o->content_type);
  g_free (o->body);
  g_free (o->header_name);
  g_free (o->header_value);
  g_free (o);
}

typedef struct
{
  char       *method;
  char       *path;          /* as sent (percent-encoded) */
  char       *raw_query;
  GHashTable *query;         /* decoded */
  char       *authorization;
  char       *user_agent;
  char       *if_none_match;
  gboolean    if_modified_since;
  gboolean    cookie;
  char       *content_type;
  char       *body;          /* the request body, NUL-terminated */
} Request;

static void
request_free (Request *r)
{
  g_free (r->method);
  g_free (r->path);
  g_free (r->raw_query);
  g_clear_pointer (&r->query, g_hash_table_unref);
  g_free (r->authorization);
  g_free (r->user_agent);
  g_free (r->if_none_match);
  g_free (r->content_type);
  g_free (r->body);
  g_free (r);
}

typedef struct
{
  RapportTestServer *server;
  GMutex             lock;

  /* under lock */
  GPtrArray         *requests;    /* (element-type Request) */
  GHashTable        *overrides;   /* path → Override */
  gboolean           hidden_rows; /* transactions: page over rows some of which are then
                                   * hidden */

  /* read-only after setup */
  JsonNode          *txns;        /* transactions.json */
  GHashTable        *fixtures;    /* file name → JsonNode */
} FakeRt;

static JsonNode *
load_fixture (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "rt", name, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gsize length;
  JsonNode *root;

  g_file_get_contents (path, &text, &length, &error);
  g_assert_no_error (error);
  root = rapport_http_parse_json (text, length, name, &error);
  g_assert_no_error (error);
  return root;
}

static JsonNode *
fixture (FakeRt     *rt,
         const char *name)
{
  JsonNode *node = g_hash_table_lookup (rt->fixtures, name);

  if (node == NULL)
    {
      node = load_fixture (name);
      g_hash_table_insert (rt->fixtures, g_strdup (name), node);
    }
  return node;
}

/* The fixture's headers sidecar, e.g. the ETag of ticket.json. */
static char *
sidecar_header (const char *name,
                const char *header)
{
  g_autoptr(JsonNode) root = load_fixture (name);
  JsonObject *headers = json_object_get_object_member (json_node_get_object (root), "headers");

  return g_strdup (json_object_get_string_member_with_default (headers, header, NULL));
}

static JsonNode *
deep_copy (JsonNode *node)
{
  g_autofree char *text = json_to_string (node, FALSE);

  return json_from_string (text, NULL);
}

static JsonArray *
items_of (JsonNode *page)
{
  return json_object_get_array_member (json_node_get_object (page), "items");
}

static guint64
id_of (JsonNode *item)
{
  JsonNode *id = json_object_get_member (json_node_get_object (item), "id");

  if (json_node_get_value_type (id) == G_TYPE_STRING)
    return g_ascii_strtoull (json_node_get_string (id), NULL, 10);
  return (guint64) json_node_get_int (id);
}

static const char *
object_id_of (JsonNode *item)
{
  return json_object_get_string_member_with_default (json_node_get_object (item), "ObjectId", "");
}

/* Ticket records of the fake, by id. Tickets 2 and 4 were not captured as records; their
 * search items carry the same fields. Ticket 5 is gone (404); 7 was merged into 6. */
static JsonNode *
ticket_record (FakeRt  *rt,
               guint64  id)
{
  switch (id)
    {
    case 1:
      return fixture (rt, "ticket.json");
    case 2:
      return json_array_get_element (items_of (fixture (rt, "search-page-1.json")), 1);
    case 3:
      return fixture (rt, "ticket-stalled-attachment.json");
    case 4:
      return json_array_get_element (items_of (fixture (rt, "search-page-2.json")), 1);
    case 6:
    case 7:
      return fixture (rt, "ticket-merged.json");
    default:
      return NULL;
    }
}

static const char *
ticket_etag (guint64 id)
{
  /* ticket.json's and ticket-merged.json's sidecars say 59 and 111; the others are the
   * newest visible transaction of the ticket in transactions.json. */
  switch (id)
    {
    case 1:
      return "59";
    case 2:
      return "71";
    case 3:
      return "85";
    case 4:
      return "90";
    case 6:
    case 7:
      return "111";
    default:
      return NULL;
    }
}

static const char *
real_name_of (const char *user)
{
  if (g_strcmp0 (user, "sam.agent") == 0)
    return "Sam Rivera";
  if (g_strcmp0 (user, "lee.agent") == 0)
    return "Lee Fontaine";
  if (g_strcmp0 (user, "Nobody") == 0)
    return "Nobody in particular";
  return NULL;
}

static guint
query_uint (GHashTable *query,
            const char *key,
            guint       fallback)
{
  const char *value = query != NULL ? g_hash_table_lookup (query, key) : NULL;

  return value != NULL ? (guint) g_ascii_strtoull (value, NULL, 10) : fallback;
}

/* A collection page: RT's paging fields, with totals (ticket searches) or null ones (what
 * agents get on transaction collections). */
static char *
page_json (JsonArray *page_items,
           guint      page,
           guint      per_page,
           gint64     total)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  guint count = json_array_get_length (page_items);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = 0; i < count; i++)
    json_builder_add_value (builder, deep_copy (json_array_get_element (page_items, i)));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "count");
  json_builder_add_int_value (builder, count);
  json_builder_set_member_name (builder, "page");
  json_builder_add_int_value (builder, page);
  json_builder_set_member_name (builder, "per_page");
  json_builder_add_int_value (builder, per_page);
  json_builder_set_member_name (builder, "total");
  if (total >= 0)
    json_builder_add_int_value (builder, total);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "pages");
  if (total >= 0)
    json_builder_add_int_value (builder, (total + per_page - 1) / per_page);
  else
    json_builder_add_null_value (builder);
  if (total >= 0 && (gint64) page * per_page < total)
    {
      /* Never to be followed: the provider pages with its own windows. */
      json_builder_set_member_name (builder, "next_page");
      json_builder_add_string_value (builder, "http://127.0.0.1:1/REST/2.0/tickets?follow=never");
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, TRUE);
}

/* The page of @items that the request's per_page and page select. */
static char *
collection (JsonArray  *items,
            GHashTable *query,
            gboolean    with_totals)
{
  guint per_page = MIN (query_uint (query, "per_page", 20), 100);
  guint page = MAX (query_uint (query, "page", 1), 1);
  guint total = json_array_get_length (items);
  g_autoptr(JsonArray) slice = json_array_new ();

  for (guint i = (page - 1) * per_page; i < total && i < page * per_page; i++)
    json_array_add_element (slice, deep_copy (json_array_get_element (items, i)));

  return page_json (slice, page, per_page, with_totals ? (gint64) total : -1);
}

/* "… id > 47 …" in a TicketSQL/TransactionSQL query; 0 without. */
static guint64
query_id_floor (GHashTable *query)
{
  const char *sql = query != NULL ? g_hash_table_lookup (query, "query") : NULL;
  const char *at;

  if (sql == NULL)
    return 0;
  at = g_str_has_prefix (sql, "id > ") ? sql : strstr (sql, " id > ");
  if (at == NULL)
    return 0;
  at = strstr (at, "> ") + 2;
  return g_ascii_strtoull (at, NULL, 10);
}

static void
respond (SoupServerMessage *msg,
         guint              status,
         const char        *content_type,
         const char        *body)
{
  soup_server_message_set_status (msg, status, NULL);
  if (body != NULL)
    soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY, body, strlen (body));
}

static void
respond_fixture (SoupServerMessage *msg,
                 guint              status,
                 FakeRt            *rt,
                 const char        *name)
{
  g_autofree char *text = json_to_string (fixture (rt, name), TRUE);

  respond (msg, status, status == 200 ? JSON_TYPE : ERROR_TYPE, text);
}

static void
serve_transactions (FakeRt            *rt,
                    SoupServerMessage *msg,
                    GHashTable        *query,
                    gboolean           hidden_rows)
{
  JsonArray *visible = items_of (rt->txns);
  guint64 floor_id = query_id_floor (query);
  gboolean desc = g_strcmp0 (g_hash_table_lookup (query, "order"), "DESC") == 0;
  guint per_page = MIN (query_uint (query, "per_page", 20), 100);
  guint page = MAX (query_uint (query, "page", 1), 1);
  g_autoptr(JsonArray) page_items = json_array_new ();
  g_autoptr(GHashTable) shown = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *body = NULL;

  for (guint i = 0; i < json_array_get_length (visible); i++)
    {
      JsonNode *item = json_array_get_element (visible, i);
      gint64 *key = g_new (gint64, 1);

      *key = (gint64) id_of (item);
      g_hash_table_insert (shown, key, item);
    }

  /* The SQL rows: the visible transactions, or (hidden_rows) every id from 48 to 111, those
   * missing from transactions.json being rows this user may not see. */
  for (gint64 id = 48; id <= 111; id++)
    if ((guint64) id > floor_id && (hidden_rows || g_hash_table_contains (shown, &id)))
      g_array_append_val (rows, id);

  for (guint i = (page - 1) * per_page; i < rows->len && i < page * per_page; i++)
    {
      gint64 id = g_array_index (rows, gint64, desc ? rows->len - 1 - i : i);

      /* Rights are checked after the LIMIT. */
      if (g_hash_table_contains (shown, &id))
        json_array_add_element (page_items, deep_copy (g_hash_table_lookup (shown, &id)));
    }

  body = page_json (page_items, page, per_page, -1);
  respond (msg, 200, JSON_TYPE, body);
}

static void
serve_search (FakeRt            *rt,
              SoupServerMessage *msg,
              GHashTable        *query)
{
  JsonNode *candidates[] = {
    json_array_get_element (items_of (fixture (rt, "search-page-1.json")), 0),
    json_array_get_element (items_of (fixture (rt, "search-page-1.json")), 1),
    json_array_get_element (items_of (fixture (rt, "search-page-2.json")), 0),
    json_array_get_element (items_of (fixture (rt, "search-page-2.json")), 1),
    fixture (rt, "ticket-merged.json"),
  };
  guint64 floor_id = query_id_floor (query);
  g_autoptr(JsonArray) items = json_array_new ();
  g_autofree char *body = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    if (id_of (candidates[i]) > floor_id)
      {
        JsonNode *copy = deep_copy (candidates[i]);
        JsonObject *queue = json_object_get_object_member (json_node_get_object (copy), "Queue");

        json_object_set_string_member (queue, "Name", "Support");
        json_array_add_element (items, copy);
      }

  body = collection (items, query, TRUE);
  respond (msg, 200, JSON_TYPE, body);
}

static void
serve_ticket (FakeRt            *rt,
              SoupServerMessage *msg,
              guint64            id,
              GHashTable        *query,
              const char        *if_none_match)
{
  JsonNode *record = ticket_record (rt, id);
  g_autoptr(JsonNode) copy = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *body = NULL;
  JsonObject *object;

  if (record == NULL)
    {
      respond_fixture (msg, 404, rt, "error-404.json");
      return;
    }

  etag = g_strdup_printf ("\"%s\"", ticket_etag (id));
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "ETag", etag);
  if (g_strcmp0 (if_none_match, etag) == 0)
    {
      soup_server_message_set_status (msg, 304, NULL);
      return;
    }

  copy = deep_copy (record);
  object = json_node_get_object (copy);
  if (query != NULL && g_hash_table_contains (query, "fields[Queue]"))
    json_object_set_string_member (json_object_get_object_member (object, "Queue"),
                                   "Name", "Support");
  if (query != NULL && g_hash_table_contains (query, "fields[Owner]"))
    {
      JsonObject *owner = json_object_get_object_member (object, "Owner");
      const char *name = json_object_get_string_member (owner, "id");

      json_object_set_string_member (owner, "Name", name);
      if (real_name_of (name) != NULL)
        json_object_set_string_member (owner, "RealName", real_name_of (name));
    }

  body = json_to_string (copy, TRUE);
  respond (msg, 200, JSON_TYPE, body);
}

static void
serve_history (FakeRt            *rt,
               SoupServerMessage *msg,
               guint64            id,
               GHashTable        *query)
{
  g_autoptr(JsonArray) items = json_array_new ();
  g_autofree char *body = NULL;
  JsonArray *source = NULL;

  if (id == 1)
    source = items_of (fixture (rt, "ticket-history.json"));
  else if (id == 2)
    source = items_of (fixture (rt, "ticket-history-expanded.json"));

  if (source != NULL)
    {
      for (guint i = 0; i < json_array_get_length (source); i++)
        json_array_add_element (items, deep_copy (json_array_get_element (source, i)));
    }
  else
    {
      /* From the transaction stream; a merged ticket's history holds its merged tickets'. */
      JsonArray *all = items_of (rt->txns);

      for (guint i = 0; i < json_array_get_length (all); i++)
        {
          JsonNode *item = json_array_get_element (all, i);
          guint64 object = g_ascii_strtoull (object_id_of (item), NULL, 10);

          if (object == id || (id == 6 && object == 7))
            json_array_add_element (items, deep_copy (item));
        }
    }

  body = collection (items, query, FALSE);
  respond (msg, 200, JSON_TYPE, body);
}

static void
serve_items (SoupServerMessage *msg,
             JsonNode          *page,
             GHashTable        *query)
{
  g_autoptr(JsonArray) items = json_array_new ();
  g_autofree char *body = NULL;

  for (guint i = 0; page != NULL && i < json_array_get_length (items_of (page)); i++)
    json_array_add_element (items, deep_copy (json_array_get_element (items_of (page), i)));

  body = collection (items, query, FALSE);
  respond (msg, 200, JSON_TYPE, body);
}

static void
serve_user (FakeRt            *rt,
            SoupServerMessage *msg,
            const char        *who)
{
  if (strcmp (who, "31") == 0 || strcmp (who, "sam.agent") == 0)
    respond_fixture (msg, 200, rt, "user-agent.json");
  else if (strcmp (who, "38") == 0 || strcmp (who, CHLOE) == 0)
    respond_fixture (msg, 200, rt, "user-customer.json");
  else if (strcmp (who, "40") == 0 || strcmp (who, SOREN) == 0)
    respond_fixture (msg, 200, rt, "user-customer-accents.json");
  else if (strcmp (who, "35") == 0 || strcmp (who, "rio.supervisor") == 0)
    respond (msg, 200, JSON_TYPE, supervisor_json);
  else
    respond_fixture (msg, 404, rt, "error-404.json");
}

static void
truncate_answer (SoupServerMessage *msg,
                 const char        *body)
{
  g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);
  g_autofree char *head = g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Type: " JSON_TYPE "\r\n"
                                           "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                                           "Connection: close\r\n\r\n", strlen (body) * 2);
  GOutputStream *out = g_io_stream_get_output_stream (stream);

  g_output_stream_write_all (out, head, strlen (head), NULL, NULL, NULL);
  g_output_stream_write_all (out, body, strlen (body), NULL, NULL, NULL);
  g_io_stream_close (stream, NULL, NULL);
}

/* RT answers a PUT with 200 and what it did, in words; refused values only in words too. */
static void
serve_update (SoupServerMessage *msg,
              guint64            id,
              const char        *body)
{
  g_autoptr(JsonNode) root = json_from_string (body, NULL);
  JsonObject *object = root != NULL && JSON_NODE_HOLDS_OBJECT (root) ?
                       json_node_get_object (root) : NULL;
  const char *status = object != NULL ?
                       json_object_get_string_member_with_default (object, "Status", NULL) : NULL;
  g_autofree char *answer = NULL;

  if (status != NULL && strcmp (status, "resolved") != 0)
    answer = g_strdup_printf ("[\"Ticket %" G_GUINT64_FORMAT ": Status '%s' isn't a valid status "
                              "for this ticket.\"]", id, status);
  else
    answer = g_strdup ("[\"That is already the current value\"]");
  respond (msg, 200, JSON_TYPE, answer);
}

/* A reply or comment on ticket 1 "records" the fixture's transaction of that kind, so the
 * read-back finds it in the captured history: 54 (Correspond), 53 (Comment). */
static void
serve_post (FakeRt            *rt,
            SoupServerMessage *msg,
            guint64            id,
            const char        *tail)
{
  const char *location = strcmp (tail, "/comment") == 0 ? "/REST/2.0/transaction/53" :
                                                          "/REST/2.0/transaction/54";

  if (id != 1)
    {
      respond_fixture (msg, 404, rt, "error-404.json");
      return;
    }

  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Location",
                                location);
  respond (msg, 201, ERROR_TYPE, strcmp (tail, "/comment") == 0 ? "[\"Comments added\"]" :
                                                                   "[\"Correspondence added\"]");
}

static void
on_request_cb (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  FakeRt *rt = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  Request *request = g_new0 (Request, 1);
  g_autofree char *decoded = g_uri_unescape_string (path, NULL);
  const char *rest;
  Override *override;
  gboolean hidden_rows;
  guint64 id;

  request->method = g_strdup (soup_server_message_get_method (msg));
  request->path = g_strdup (path);
  request->raw_query = g_strdup (g_uri_get_query (soup_server_message_get_uri (msg)));
  request->query = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (query != NULL)
    {
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, query);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_hash_table_insert (request->query, g_strdup (key), g_strdup (value));
    }
  request->authorization = g_strdup (soup_message_headers_get_one (headers, "Authorization"));
  request->user_agent = g_strdup (soup_message_headers_get_one (headers, "User-Agent"));
  request->if_none_match = g_strdup (soup_message_headers_get_one (headers, "If-None-Match"));
  request->if_modified_since = soup_message_headers_get_one (headers, "If-Modified-Since") != NULL;
  request->cookie = soup_message_headers_get_one (headers, "Cookie") != NULL;
  request->content_type = g_strdup (soup_message_headers_get_one (headers, "Content-Type"));
  {
    SoupMessageBody *body = soup_server_message_get_request_body (msg);
    g_autoptr(GBytes) bytes = soup_message_body_flatten (body);

    request->body = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  }

  g_mutex_lock (&rt->lock);
  g_ptr_array_add (rt->requests, request);
  override = g_hash_table_lookup (rt->overrides, decoded);
  hidden_rows = rt->hidden_rows;
  if (override != NULL)
    {
      switch (override->kind)
        {
        case OVERRIDE_STALL:
          soup_server_message_pause (msg);
          break;
        case OVERRIDE_TRUNCATE:
          truncate_answer (msg, override->body);
          break;
        case OVERRIDE_DROP:
          {
            g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);

            g_io_stream_close (stream, NULL, NULL);
          }
          break;
        case OVERRIDE_RESPOND:
        default:
          soup_server_message_set_status (msg, override->status, override->reason);
          if (override->header_name != NULL)
            soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                          override->header_name, override->header_value);
          if (override->body != NULL)
            soup_server_message_set_response (msg, override->content_type, SOUP_MEMORY_COPY,
                                              override->body, strlen (override->body));
          break;
        }
      g_mutex_unlock (&rt->lock);
      return;
    }
  g_mutex_unlock (&rt->lock);

  if (!g_str_has_prefix (decoded, "/REST/2.0/"))
    {
      respond_fixture (msg, 404, rt, "error-404.json");
      return;
    }
  rest = decoded + strlen ("/REST/2.0/");

  if (strcmp (rest, "rt") == 0)
    respond_fixture (msg, 200, rt, "rt.json");
  else if (strcmp (rest, "transactions") == 0)
    serve_transactions (rt, msg, query, hidden_rows);
  else if (strcmp (rest, "tickets") == 0)
    serve_search (rt, msg, query);
  else if (g_str_has_prefix (rest, "user/"))
    serve_user (rt, msg, rest + strlen ("user/"));
  else if (strcmp (rest, "group/37") == 0)
    respond (msg, 200, JSON_TYPE, group_json);
  else if (strcmp (rest, "queue/Support") == 0)
    respond_fixture (msg, 200, rt, "queue-support.json");
  else if (sscanf (rest, "ticket/%" G_GUINT64_FORMAT, &id) == 1)
    {
      const char *tail = strchr (rest + strlen ("ticket/"), '/');

      if (tail == NULL && strcmp (request->method, "PUT") == 0)
        serve_update (msg, id, request->body);
      else if (tail == NULL)
        serve_ticket (rt, msg, id, query, request->if_none_match);
      else if (strcmp (request->method, "POST") == 0 &&
               (strcmp (tail, "/correspond") == 0 || strcmp (tail, "/comment") == 0))
        serve_post (rt, msg, id, tail);
      else if (strcmp (tail, "/history") == 0 && ticket_record (rt, id) != NULL)
        serve_history (rt, msg, id, query);
      else if (strcmp (tail, "/attachments") == 0 && ticket_record (rt, id) != NULL)
        serve_items (msg, id == 1 ? fixture (rt, "ticket-attachments.json") :
                          id == 3 ? fixture (rt, "ticket-attachments-binary.json") : NULL, query);
      else
        respond_fixture (msg, 404, rt, "error-404.json");
    }
  else if (sscanf (rest, "transaction/%" G_GUINT64_FORMAT "/attachments", &id) == 1)
    serve_items (msg, id == 54 ? fixture (rt, "transaction-attachments.json") : NULL, query);
  else
    respond_fixture (msg, 404, rt, "error-404.json");
}

static FakeRt *
fake_rt_new (void)
{
  FakeRt *rt = g_new0 (FakeRt, 1);

  g_mutex_init (&rt->lock);
  rt->requests = g_ptr_array_new_with_free_func ((GDestroyNotify) request_free);
  rt->overrides = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) override_free);
  rt->fixtures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) json_node_unref);
  rt->txns = json_node_ref (fixture (rt, "transactions.json"));

  /* Load every fixture the handler may use before the server thread reads them. */
  {
    static const char * const names[] = {
      "ticket.json", "ticket-stalled-attachment.json", "ticket-merged.json",
      "search-page-1.json", "search-page-2.json", "ticket-history.json",
      "ticket-history-expanded.json", "ticket-attachments.json",
      "ticket-attachments-binary.json", "transaction-attachments.json", "user-agent.json",
      "user-customer.json", "user-customer-accents.json", "queue-support.json", "rt.json",
      "error-404.json",
    };

    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      fixture (rt, names[i]);
  }

  /* The ETags the fake sends are the captured ones. */
  {
    g_autofree char *etag1 = sidecar_header ("ticket.headers.json", "ETag");
    g_autofree char *etag7 = sidecar_header ("ticket-merged.headers.json", "ETag");
    g_autofree char *quoted1 = g_strdup_printf ("\"%s\"", ticket_etag (1));
    g_autofree char *quoted7 = g_strdup_printf ("\"%s\"", ticket_etag (7));

    g_assert_cmpstr (etag1, ==, quoted1);
    g_assert_cmpstr (etag7, ==, quoted7);
  }

  rt->server = rapport_test_server_new ("Plack::Handler::Starlet", FALSE, on_request_cb, rt);

  return rt;
}

static void
fake_rt_free (FakeRt *rt)
{
  rapport_test_server_free (rt->server);
  g_ptr_array_unref (rt->requests);
  g_hash_table_unref (rt->overrides);
  json_node_unref (rt->txns);
  g_hash_table_unref (rt->fixtures);
  g_mutex_clear (&rt->lock);
  g_free (rt);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FakeRt, fake_rt_free)

static char *
fake_rt_url (FakeRt     *rt,
             const char *scheme)
{
  return g_strdup_printf ("%s://127.0.0.1:%u", scheme, rapport_test_server_get_port (rt->server));
}

static void
fake_rt_override (FakeRt       *rt,
                  const char   *path,
                  OverrideKind  kind,
                  guint         status,
                  const char   *content_type,
                  const char   *body,
                  const char   *header_name,
                  const char   *header_value)
{
  Override *o = g_new0 (Override, 1);

  o->kind = kind;
  o->status = status;
  o->content_type = g_strdup (content_type);
  o->body = g_strdup (body);
  o->header_name = g_strdup (header_name);
  o->header_value = g_strdup (header_value);

  g_mutex_lock (&rt->lock);
  g_hash_table_replace (rt->overrides, g_strdup (path), o);
  g_mutex_unlock (&rt->lock);
}

static void
fake_rt_clear (FakeRt *rt)
{
  g_mutex_lock (&rt->lock);
  g_hash_table_remove_all (rt->overrides);
  g_ptr_array_set_size (rt->requests, 0);
  g_mutex_unlock (&rt->lock);
}

/* Copies of the requests so far (the server thread appends under the lock). */
static GPtrArray *
fake_rt_requests (FakeRt *rt)
{
  GPtrArray *copy = g_ptr_array_new ();

  g_mutex_lock (&rt->lock);
  for (guint i = 0; i < rt->requests->len; i++)
    g_ptr_array_add (copy, rt->requests->pdata[i]);
  g_mutex_unlock (&rt->lock);
  return copy;
}

static char *
fixture_body (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "rt", name, NULL);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

/* ------------------------------------------------------------------------------------ */
/* Running the provider                                                                  */

typedef struct
{
  GMainContext *context;
  FakeRt       *rt;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->context = g_main_context_new ();
  g_main_context_push_thread_default (f->context);
  f->rt = fake_rt_new ();
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer (&f->rt, fake_rt_free);
  while (g_main_context_iteration (f->context, FALSE))
    ;
  g_main_context_pop_thread_default (f->context);
  g_main_context_unref (f->context);
}

static RapportProvider *
new_provider (Fixture    *f,
              const char *token,
              guint       page_size)
{
  g_autofree char *url = fake_rt_url (f->rt, "http");
  g_autoptr(GError) error = NULL;
  RapportProvider *provider = rapport_rt_provider_new (url, token, &error);

  g_assert_no_error (error);
  g_assert_nonnull (provider);
  rapport_rt_provider_set_page_size (RAPPORT_RT_PROVIDER (provider), page_size);
  return provider;
}

static void
on_result_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (g_main_context_get_thread_default (), TRUE);
  return *slot;
}

static RapportSyncPage *
pull (RapportProvider  *provider,
      const char       *cursor,
      GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  rapport_provider_pull_changes_async (provider, cursor, NULL, on_result_cb, &result);
  return rapport_provider_pull_changes_finish (provider, wait_for (&result), error);
}

static RapportAccount *
whoami (RapportProvider  *provider,
        GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  rapport_provider_whoami_async (provider, NULL, on_result_cb, &result);
  return rapport_provider_whoami_finish (provider, wait_for (&result), error);
}

static GPtrArray *
fetch_history (RapportProvider  *provider,
               const char       *ticket_id,
               GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  rapport_provider_fetch_ticket_history_async (provider, ticket_id, NULL, on_result_cb, &result);
  return rapport_provider_fetch_ticket_history_finish (provider, wait_for (&result), error);
}

static gboolean
page_has_ticket (RapportSyncPage *page,
                 const char      *remote_id)
{
  for (guint i = 0; i < page->tickets->len; i++)
    if (g_strcmp0 (rapport_ticket_get_remote_id (page->tickets->pdata[i]), remote_id) == 0)
      return TRUE;
  return FALSE;
}

static guint
count_messages_of (GPtrArray  *messages,
                   const char *ticket_id)
{
  guint n = 0;

  for (guint i = 0; i < messages->len; i++)
    if (g_strcmp0 (rapport_message_get_ticket_remote_id (messages->pdata[i]), ticket_id) == 0)
      n++;
  return n;
}

static gboolean
is_collection_path (const char *path)
{
  return g_str_has_suffix (path, "/transactions") || g_str_has_suffix (path, "/tickets") ||
         g_str_has_suffix (path, "/history") || g_str_has_suffix (path, "/attachments");
}

/* What every request must look like. */
static void
assert_requests_well_formed (FakeRt     *rt,
                             const char *token)
{
  g_autoptr(GPtrArray) requests = fake_rt_requests (rt);
  g_autofree char *authorization = g_strdup_printf ("token %s", token);

  g_assert_cmpuint (requests->len, >, 0);
  for (guint i = 0; i < requests->len; i++)
    {
      Request *r = requests->pdata[i];

      g_assert_cmpstr (r->method, ==, "GET");
      g_assert_cmpstr (r->authorization, ==, authorization);
      g_assert_nonnull (r->user_agent);
      g_assert_true (g_str_has_prefix (r->user_agent, "Rapport/"));
      g_assert_null (strstr (r->user_agent, "Mozilla"));
      g_assert_false (r->if_modified_since);
      g_assert_false (r->cookie);
      /* The token only ever travels in the header. */
      g_assert_true (r->raw_query == NULL || strstr (r->raw_query, token) == NULL);
      g_assert_false (g_hash_table_contains (r->query, "token"));
      g_assert_false (g_hash_table_contains (r->query, "follow"));

      if (is_collection_path (r->path))
        {
          g_assert_cmpstr (g_hash_table_lookup (r->query, "orderby"), ==, "id");
          g_assert_nonnull (r->raw_query);
          g_assert_nonnull (strstr (r->raw_query, "orderby=id"));
        }
      if (g_str_has_suffix (r->path, "/transactions"))
        {
          const char *sql = g_hash_table_lookup (r->query, "query");

          g_assert_nonnull (strstr (sql, "ObjectType = 'RT::Ticket'"));
          g_assert_nonnull (strstr (sql, "Type != 'EmailRecord'"));
        }
    }
}

static guint
count_requests (FakeRt     *rt,
                const char *path_suffix,
                const char *key,
                const char *value)
{
  g_autoptr(GPtrArray) requests = fake_rt_requests (rt);
  guint n = 0;

  for (guint i = 0; i < requests->len; i++)
    {
      Request *r = requests->pdata[i];

      if (!g_str_has_suffix (r->path, path_suffix))
        continue;
      if (key != NULL && g_strcmp0 (g_hash_table_lookup (r->query, key), value) != 0)
        continue;
      n++;
    }
  return n;
}

static Request *
last_request (FakeRt     *rt,
              const char *path_suffix)
{
  g_autoptr(GPtrArray) requests = fake_rt_requests (rt);

  for (guint i = requests->len; i > 0; i--)
    if (g_str_has_suffix (((Request *) requests->pdata[i - 1])->path, path_suffix))
      return requests->pdata[i - 1];
  return NULL;
}

/* ------------------------------------------------------------------------------------ */
/* Tests                                                                                 */

static void
test_new_destroy (void)
{
  g_autoptr(GError) error = NULL;
  RapportProvider *provider = rapport_rt_provider_new ("https://rt.example.com/", TOKEN_SAM,
                                                       &error);
  RapportRtProvider *rt_provider = RAPPORT_RT_PROVIDER (provider);

  g_assert_no_error (error);
  g_assert_true (RAPPORT_IS_RT_PROVIDER (provider));
  g_assert_cmpstr (rapport_provider_get_kind (provider), ==, "rt");
  g_assert_cmpstr (rapport_rt_provider_get_base_url (RAPPORT_RT_PROVIDER (provider)), ==,
                   "https://rt.example.com");
  g_assert_cmpstr (rapport_rt_provider_get_supervisors_group (RAPPORT_RT_PROVIDER (provider)), ==,
                   "Supervisors");
  g_assert_cmpuint (rapport_rt_provider_get_page_size (RAPPORT_RT_PROVIDER (provider)), ==, 100);
  g_assert_null (rapport_rt_provider_get_queue (RAPPORT_RT_PROVIDER (provider)));
  g_assert_true (SOUP_IS_SESSION (rapport_rt_provider_get_session (rt_provider)));
  g_assert_finalize_object (provider);
}

static void
test_construct (void)
{
  static const struct
  {
    const char *given;
    const char *normalized;
  } urls[] = {
    { "https://rt.example.com", "https://rt.example.com" },
    { "https://rt.example.com/", "https://rt.example.com" },
    { "http://127.0.0.1:8080/REST/2.0/", "http://127.0.0.1:8080" },
    { "https://example.com/rt/REST/2.0", "https://example.com/rt" },
    { "https://example.com/support/rt//", "https://example.com/support/rt" },
  };
  static const char * const bad_urls[] = {
    "", "rt.example.com", "ftp://rt.example.com", "https://", "https://user:pw@rt.example.com",
    "https://rt.example.com/?token=1", "https://rt.example.com/#x", "not a url at all",
  };
  static const char * const bad_tokens[] = {
    "", "1-31-abc def", "1-31-abc\r\nX-Injected: 1", "1-31-ab\tc", "1-31-é",
  };

  for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RapportProvider) provider = rapport_rt_provider_new (urls[i].given, TOKEN_SAM,
                                                                     &error);
      g_autofree char *base = NULL;

      g_assert_no_error (error);
      g_object_get (provider, "base-url", &base, NULL);
      g_assert_cmpstr (base, ==, urls[i].normalized);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad_urls); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RapportProvider) provider = rapport_rt_provider_new (bad_urls[i], TOKEN_SAM,
                                                                     &error);

      g_assert_null (provider);
      g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_INPUT);
      g_assert_null (strstr (error->message, TOKEN_SAM));
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad_tokens); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RapportProvider) provider = rapport_rt_provider_new ("https://rt.example.com",
                                                                     bad_tokens[i], &error);

      g_assert_null (provider);
      g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_INPUT);
      if (bad_tokens[i][0] != '\0')
        g_assert_null (strstr (error->message, bad_tokens[i]));
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(RapportProvider) provider = rapport_rt_provider_new ("https://rt.example.com",
                                                                   TOKEN_SAM, &error);
    RapportRtProvider *rt = RAPPORT_RT_PROVIDER (provider);

    rapport_rt_provider_set_queue (rt, "  Support ");
    g_assert_cmpstr (rapport_rt_provider_get_queue (rt), ==, "Support");
    rapport_rt_provider_set_queue (rt, "");
    g_assert_null (rapport_rt_provider_get_queue (rt));
    rapport_rt_provider_set_supervisors_group (rt, "Team leads");
    g_assert_cmpstr (rapport_rt_provider_get_supervisors_group (rt), ==, "Team leads");
    rapport_rt_provider_set_supervisors_group (rt, NULL);
    g_assert_cmpstr (rapport_rt_provider_get_supervisors_group (rt), ==, "Supervisors");
    g_object_set (provider, "page-size", 7, NULL);
    g_assert_cmpuint (rapport_rt_provider_get_page_size (rt), ==, 7);
  }
}

static void
test_token_user_id (void)
{
  static const char * const bad[] = {
    NULL, "", "1-31", "2-31-abcdef", "1-x-abcdef", "1-0-abcdef", "1-31-", "1-31-xyz",
    "1-31-abc-def", "token 1-31-abc",
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *user = rapport_rt_token_get_user_id (TOKEN_SAM, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (user, ==, "31");

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *none = rapport_rt_token_get_user_id (bad[i], &error);

      g_assert_null (none);
      g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_INPUT);
      if (bad[i] != NULL && bad[i][0] != '\0')
        g_assert_null (strstr (error->message, bad[i]));
      g_clear_error (&error);
    }
}

static void
test_http_helpers (void)
{
  static const struct
  {
    guint                status;
    gboolean             retry_after;
    RapportProviderError code;
  } statuses[] = {
    { 401, FALSE, RAPPORT_PROVIDER_ERROR_AUTH_REQUIRED },
    { 403, FALSE, RAPPORT_PROVIDER_ERROR_FORBIDDEN },
    { 404, FALSE, RAPPORT_PROVIDER_ERROR_NOT_FOUND },
    { 410, FALSE, RAPPORT_PROVIDER_ERROR_NOT_FOUND },
    { 409, FALSE, RAPPORT_PROVIDER_ERROR_CONFLICT },
    { 412, FALSE, RAPPORT_PROVIDER_ERROR_CONFLICT },
    { 429, FALSE, RAPPORT_PROVIDER_ERROR_RATE_LIMITED },
    { 503, TRUE, RAPPORT_PROVIDER_ERROR_RATE_LIMITED },
    { 503, FALSE, RAPPORT_PROVIDER_ERROR_NETWORK },
    { 502, FALSE, RAPPORT_PROVIDER_ERROR_NETWORK },
    { 504, FALSE, RAPPORT_PROVIDER_ERROR_NETWORK },
    { 408, FALSE, RAPPORT_PROVIDER_ERROR_NETWORK },
    { 400, FALSE, RAPPORT_PROVIDER_ERROR_INVALID_INPUT },
    { 415, FALSE, RAPPORT_PROVIDER_ERROR_INVALID_INPUT },
    { 500, FALSE, RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE },
    { 302, FALSE, RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE },
    { 100, FALSE, RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE },
  };
  const gint64 now = 1795305600; /* Sun, 22 Nov 2026 00:00:00 GMT */
  guint seconds;

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    g_assert_cmpint (rapport_http_error_code_for_status (statuses[i].status,
                                                         statuses[i].retry_after),
                     ==, statuses[i].code);

  g_assert_true (rapport_http_parse_retry_after ("120", now, &seconds));
  g_assert_cmpuint (seconds, ==, 120);
  g_assert_true (rapport_http_parse_retry_after (" 0 ", now, &seconds));
  g_assert_cmpuint (seconds, ==, 0);
  g_assert_true (rapport_http_parse_retry_after ("Sun, 22 Nov 2026 00:01:30 GMT", now, &seconds));
  g_assert_cmpuint (seconds, ==, 90);
  g_assert_true (rapport_http_parse_retry_after ("Sat, 21 Nov 2026 23:00:00 GMT", now, &seconds));
  g_assert_cmpuint (seconds, ==, 0);
  g_assert_true (rapport_http_parse_retry_after ("99999999999999999999999", now, &seconds));
  g_assert_cmpuint (seconds, ==, RAPPORT_HTTP_MAX_RETRY_AFTER);
  g_assert_false (rapport_http_parse_retry_after ("soon", now, &seconds));
  g_assert_false (rapport_http_parse_retry_after ("-5", now, &seconds));
  g_assert_false (rapport_http_parse_retry_after ("", now, &seconds));
  g_assert_false (rapport_http_parse_retry_after (NULL, now, &seconds));

  {
    g_autofree char *text = rapport_http_describe_tls_errors (G_TLS_CERTIFICATE_UNKNOWN_CA |
                                                              G_TLS_CERTIFICATE_EXPIRED);
    g_autofree char *none = rapport_http_describe_tls_errors (0);

    g_assert_cmpstr (text, ==, "signed by an unknown authority, expired");
    g_assert_cmpstr (none, ==, "not trusted");
  }

  {
    g_autoptr(GError) limited = g_error_new (RAPPORT_PROVIDER_ERROR,
                                             RAPPORT_PROVIDER_ERROR_RATE_LIMITED,
                                             "GET x: HTTP 429 (retry after 42 s)");
    g_autoptr(GError) other = g_error_new (RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_NETWORK,
                                           "GET x: (retry after 42 s)");
    g_autoptr(GError) no_hint = g_error_new (RAPPORT_PROVIDER_ERROR,
                                             RAPPORT_PROVIDER_ERROR_RATE_LIMITED,
                                             "GET x: HTTP 429");

    g_assert_cmpuint (rapport_provider_error_get_retry_after (limited), ==, 42);
    g_assert_cmpuint (rapport_provider_error_get_retry_after (other), ==, 0);
    g_assert_cmpuint (rapport_provider_error_get_retry_after (no_hint), ==, 0);
  }

  g_assert_true (g_str_has_prefix (rapport_http_user_agent (),
                                   "Rapport/" PACKAGE_VERSION " (+https://"));
  g_assert_null (strstr (rapport_http_user_agent (), "Mozilla"));

  {
    g_autoptr(SoupSession) session = rapport_http_session_new (0);
    g_autoptr(SoupSession) quick = rapport_http_session_new (3);
    g_autofree char *agent = NULL;
    guint timeout, idle, max_conns;

    g_object_get (session, "user-agent", &agent, "timeout", &timeout, "idle-timeout", &idle,
                  "max-conns", &max_conns, NULL);
    g_assert_cmpstr (agent, ==, rapport_http_user_agent ());
    g_assert_cmpuint (timeout, ==, RAPPORT_HTTP_DEFAULT_TIMEOUT);
    g_assert_cmpuint (idle, >, 0);
    g_assert_cmpuint (max_conns, <=, 4);
    g_assert_null (soup_session_get_feature (session, SOUP_TYPE_CACHE));
    g_assert_null (soup_session_get_feature (session, SOUP_TYPE_COOKIE_JAR));
    g_object_get (quick, "timeout", &timeout, NULL);
    g_assert_cmpuint (timeout, ==, 3);
  }
}

static void
test_whoami_agent (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(RapportProvider) provider = new_provider (f, TOKEN_SAM, 100);
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportAccount) account = whoami (provider, &error);
  g_autofree char *base = fake_rt_url (f->rt, "http");

  g_assert_no_error (error);
  g_assert_cmpstr (rapport_account_get_provider_kind (account), ==, "rt");
  g_assert_cmpstr (rapport_account_get_base_url (account), ==, base);
  g_assert_cmpstr (rapport_account_get_display_name (account), ==, "127.0.0.1");
  g_assert_cmpstr (rapport_account_get_user_remote_id (account), ==, "sam.agent");
  g_assert_cmpstr (rapport_account_get_user_name (account), ==, "Sam Rivera");
  g_assert_cmpstr (rapport_account_get_role (account), ==, "agent");

  g_assert_cmpuint (count_requests (f->rt, "/REST/2.0/user/31", NULL, NULL), ==, 1);
  assert_requests_well_formed (f->rt, TOKEN_SAM);
}

static void
test_whoami_supervisor (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(RapportProvider) provider = new_provider (f, TOKEN_RIO, 100);
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportAccount) account = NULL;

  account = whoami (provider, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rapport_account_get_user_remote_id (account), ==, "rio.supervisor");
  g_assert_cmpstr (rapport_account_get_user_name (account), ==, "Rio Okafor");
  g_assert_cmpstr (rapport_account_get_role (account), ==, "supervisor");
  g_assert_cmpuint (count_requests (f->rt, "/REST/2.0/group/37", NULL, NULL), ==, 1);
  g_clear_object (&account);

  /* Another group name makes the same user an agent. */
  rapport_rt_provider_set_supervisors_group (RAPPORT_RT_PROVIDER (provider), "Team leads");
  account = whoami (provider, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rapport_account_get_role (account), ==, "agent");
  g_clear_object (&account);

  /* A configured queue is checked on the way. */
  rapport_rt_provider_set_supervisors_group (RAPPORT_RT_PROVIDER (provider), NULL);
  rapport_rt_provider_set_queue (RAPPORT_RT_PROVIDER (provider), "Support");
  account = whoami (provider, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rapport_account_get_role (account), ==, "supervisor");
  g_assert_cmpuint (count_requests (f->rt, "/REST/2.0/queue/Support", NULL, NULL), ==, 1);
  g_clear_object (&account);

  rapport_rt_provider_set_queue (RAPPORT_RT_PROVIDER (provider), "Nope");
  account = whoami (provider, &error);
  g_assert_null (account);
  g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "Nope"));
  g_clear_error (&error);

  /* A group it cannot read does not make it a supervisor, and does not fail the sign-in. */
  rapport_rt_provider_set_queue (RAPPORT_RT_PROVIDER (provider), NULL);
  fake_rt_override (f->rt, "/REST/2.0/group/37", OVERRIDE_RESPOND, 403, ERROR_TYPE,
                    "{\"message\":\"Forbidden\"}", NULL, NULL);
  g_test_expect_message ("rapport-rt-provider", G_LOG_LEVEL_MESSAGE, "*group 37*Forbidden*");
  account = whoami (provider, &error);
  g_test_assert_expected_messages ();
  g_assert_no_error (error);
  g_assert_cmpstr (rapport_account_get_role (account), ==, "agent");

  assert_requests_well_formed (f->rt, TOKEN_RIO);
}

static void
check_first_sync_page (RapportSyncPage *page)
{
  g_assert_cmpstr (page->resource, ==, "rt");
  g_assert_cmpuint (page->deleted_ticket_ids->len, ==, 0);
}

static void
test_first_sync (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(RapportProvider) provider = new_provider (f, TOKEN_SAM, 2);
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportSyncPage) p1 = NULL;
  g_autoptr(RapportSyncPage) p2 = NULL;
  g_autoptr(RapportSyncPage) p3 = NULL;
  g_autoptr(RapportSyncPage) p4 = NULL;
  Request *search;

  rapport_rt_provider_set_queue (RAPPORT_RT_PROVIDER (provider), "Support");

  /* Page 1: the watermark, then tickets 1 and 2. */
  p1 = pull (provider, NULL, &error);
  g_assert_no_error (error);
  check_first_sync_page (p1);
  g_assert_cmpstr (p1->next_cursor, ==, "full:111:2");
  g_assert_true (p1->has_more);
  g_assert_cmpuint (p1->tickets->len, ==, 2);
  g_assert_cmpstr (rapport_ticket_get_remote_id (p1->tickets->pdata[0]), ==, "1");
  g_assert_cmpstr (rapport_ticket_get_remote_id (p1->tickets->pdata[1]), ==, "2");
  g_assert_cmpstr (rapport_ticket_get_assignee_name (p1->tickets->pdata[0]), ==, "Sam Rivera");
  g_assert_cmpstr (rapport_ticket_get_queue (p1->tickets->pdata[0]), ==, "Support");
  g_assert_cmpuint (count_messages_of (p1->messages, "1"), ==, 4);
  g_assert_cmpuint (count_messages_of (p1->messages, "2"), ==, 3);
  g_assert_cmpuint (p1->customers->len, ==, 1);
  g_assert_cmpstr (rapport_customer_get_remote_id (p1->customers->pdata[0]), ==, CHLOE);
  g_assert_cmpstr (rapport_customer_get_display_name (p1->customers->pdata[0]), ==, "Chloé Silva");
  {
    RapportMessage *reply = p1->messages->pdata[2];

    g_assert_cmpstr (rapport_message_get_remote_id (reply), ==, "54");
    g_assert_cmpstr (rapport_message_get_body (reply), ==,
                     "Hi Chloé,\n\nI have cancelled your subscription; it stays active until the "
                     "end of the month.\n\nBest regards,\nSam Rivera");
    g_assert_cmpint (rapport_message_get_direction (p1->messages->pdata[0]), ==,
                     RAPPORT_DIRECTION_INBOUND);
    g_assert_cmpint (rapport_message_get_author_kind (p1->messages->pdata[0]), ==,
                     RAPPORT_AUTHOR_CUSTOMER);
  }
  /* Ticket 2's parts are not in its attachment pages: each message was asked for alone. */
  g_assert_cmpuint (count_requests (f->rt, "/transaction/65/attachments", NULL, NULL), ==, 1);
  g_assert_cmpuint (count_requests (f->rt, "/transaction/68/attachments", NULL, NULL), ==, 1);

  search = last_request (f->rt, "/tickets");
  g_assert_cmpstr (g_hash_table_lookup (search->query, "query"), ==,
                   "Queue = 'Support' AND id > 0");
  g_assert_cmpstr (g_hash_table_lookup (search->query, "per_page"), ==, "2");
  g_assert_cmpstr (g_hash_table_lookup (search->query, "fields[Queue]"), ==, "Name");
  g_assert_nonnull (strstr (g_hash_table_lookup (search->query, "fields"), "CustomFields"));
  g_assert_cmpuint (count_requests (f->rt, "/transactions", "order", "DESC"), ==, 1);

  /* Page 2: tickets 3 and 4, Søren and Chloé. */
  p2 = pull (provider, p1->next_cursor, &error);
  g_assert_no_error (error);
  check_first_sync_page (p2);
  g_assert_cmpstr (p2->next_cursor, ==, "full:111:4");
  g_assert_true (page_has_ticket (p2, "3"));
  g_assert_true (page_has_ticket (p2, "4"));
  g_assert_cmpuint (p2->customers->len, ==, 2);
  g_assert_cmpuint (count_messages_of (p2->messages, "3"), ==, 2);
  g_assert_cmpuint (count_messages_of (p2->messages, "4"), ==, 1);
  search = last_request (f->rt, "/tickets");
  g_assert_cmpstr (g_hash_table_lookup (search->query, "query"), ==,
                   "Queue = 'Support' AND id > 2");

  /* Page 3: ticket 6 alone; the search's total says it was the last. */
  p3 = pull (provider, p2->next_cursor, &error);
  g_assert_no_error (error);
  check_first_sync_page (p3);
  g_assert_cmpuint (p3->tickets->len, ==, 1);
  g_assert_true (page_has_ticket (p3, "6"));
  /* Ticket 6's history holds merged ticket 7's Create. */
  g_assert_cmpuint (count_messages_of (p3->messages, "6"), ==, 2);
  g_assert_cmpstr (p3->next_cursor, ==, "111");
  g_assert_true (p3->has_more);

  /* Page 4: incremental from the watermark: nothing after it. */
  p4 = pull (provider, p3->next_cursor, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (p4->tickets->len + p4->messages->len + p4->customers->len, ==, 0);
  g_assert_cmpstr (p4->next_cursor, ==, "111");
  g_assert_false (p4->has_more);

  assert_requests_well_formed (f->rt, TOKEN_SAM);
}

static void
test_incremental (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(RapportProvider) provider = new_provider (f, TOKEN_SAM, 100);
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportSyncPage) page = pull (provider, "47", &error);
  g_autoptr(RapportSyncPage) done = NULL;
  const char * const tickets[] = { "1", "2", "3", "4", "6" };

  g_assert_no_error (error);
  g_assert_cmpstr (page->next_cursor, ==, "111");
  g_assert_true (page->has_more);
  g_assert_cmpuint (page->tickets->len, ==, G_N_ELEMENTS (tickets));
  for (guint i = 0; i < G_N_ELEMENTS (tickets); i++)
    g_assert_true (page_has_ticket (page, tickets[i]));
  /* 5 answers 404; 7 answers with 6, into which it was merged. */
  g_assert_cmpuint (page->deleted_ticket_ids->len, ==, 2);
  g_assert_cmpstr (page->deleted_ticket_ids->pdata[0], ==, "5");
  g_assert_cmpstr (page->deleted_ticket_ids->pdata[1], ==, "7");
  g_assert_cmpuint (count_messages_of (page->messages, "6"), ==, 2);
  g_assert_cmpuint (count_messages_of (page->messages, "7"), ==, 0);
  /* 7 was read once (to learn of the merge), 6 once. */
  g_assert_cmpuint (count_requests (f->rt, "/REST/2.0/ticket/7", NULL, NULL), ==, 1);
  g_assert_cmpuint (count_requests (f->rt, "/REST/2.0/ticket/6", NULL, NULL), ==, 1);
  {
    Request *txns = last_request (f->rt, "/transactions");

    g_assert_cmpstr (g_hash_table_lookup (txns->query, "query"), ==,
                     "ObjectType = 'RT::Ticket' AND Type != 'EmailRecord' AND "
                     "Type != 'CommentEmailRecord' AND id > 47");
    g_assert_cmpstr (g_hash_table_lookup (txns->query, "order"), ==, "ASC");
  }

  done = pull (provider, page->next_cursor, &error);
  g_assert_no_error (error);
  g_assert_false (done->has_more);
  g_assert_cmpstr (done->next_cursor, ==, "111");
  g_assert_cmpuint (done->tickets->len + done->deleted_ticket_ids->len, ==, 0);

  assert_requests_well_formed (f->rt, TOKEN_SAM);
}

static void
test_incremental_queue (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(RapportProvider) provider = new_provider (f, TOKEN_SAM, 100);
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportSyncPage) page = NULL;
  Request *txns;

  rapport_rt_provider_set_queue (RAPPORT_RT_PROVIDER (provider), "Support");
  page = pull (provider, "100", &error);
  g_assert_no_error (error);
  txns = last_request (f->rt, "/transactions");
  g_assert_nonnull (strstr (g_hash_table_lookup (txns->query, "query"),
                            "AND id > 100 AND (TicketQueue = 'Support' OR (Type = 'Set' AND "
                            "Field = 'Queue'))"));
  g_assert_true (page_has_ticket (page, "6"));

  /* The same ticket seen from a provider that syncs another queue is gone. */
  rapport_rt_provider_set_queue (RAPPORT_RT_PROVIDER (provider), "Sales");
  g_clear_pointer (&page, rapport_sync_page_free);
  page = pull (provider, "100", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->tickets->len, ==, 0);
  g_assert_cmpuint (page->deleted_ticket_ids->len, ==, 2);
  g_assert_cmpstr (page->deleted_ticket_ids->pdata[0], ==, "6");
  g_assert_cmpstr (page->deleted_ticket_ids->pdata[1], ==, "7");
}

static void
test_hidden_rows (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(RapportProvider) provider = new_provider (f, TOKEN_SAM, 3);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) deleted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *cursor = g_strdup ("47");
  guint pages = 0;
  gboolean more = TRUE;

  g_mutex_lock (&f->rt->lock);
  f->rt->hidden_rows = TRUE;
  g_mutex_unlock (&f->rt->lock);

  while (more)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RapportSyncPage) page = pull (provider, cursor, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (++pages, <, 40);
      for (guint i = 0; i < page->tickets->len; i++)
        g_hash_table_add (seen, g_strdup (rapport_ticket_get_remote_id (page->tickets->pdata[i])));
      for (guint i = 0; i < page->deleted_ticket_ids->len; i++)
        g_hash_table_add (deleted, g_strdup (page->deleted_ticket_ids->pdata[i]));

      /* The cursor never goes back. */
      g_assert_cmpuint (g_ascii_strtoull (page->next_cursor, NULL, 10), >=,
                        g_ascii_strtoull (cursor, NULL, 10));
      g_free (cursor);
      cursor = g_strdup (page->next_cursor);
      more = page->has_more;
    }

  g_assert_cmpstr (cursor, ==, "111");
  g_assert_cmpuint (g_hash_table_size (seen), ==, 5);
  g_assert_true (g_hash_table_contains (seen, "1"));
  g_assert_true (g_hash_table_contains (seen, "2"));
  g_assert_true (g_hash_table_contains (seen, "3"));
  g_assert_true (g_hash_table_contains (seen, "4"));
  g_assert_true (g_hash_table_contains (seen, "6"));
  g_assert_true (g_hash_table_contains (deleted, "5"));
  g_assert_true (g_hash_table_contains (deleted, "7"));

  /* Rows 60-62 after cursor 59 are all hidden: page 1 was empty mid-stream; the provider
   * probed the newest rows and scanned on instead of stopping. */
  g_assert_cmpuint (count_requests (f->rt, "/transactions", "order", "DESC"), >=, 1);
  g_assert_cmpuint (count_requests (f->rt, "/transactions", "page", "2"), >=, 1);
  g_test_message ("%u pages for 25 visible transactions among 64 rows", pages);

  assert_requests_well_formed (f->rt, TOKEN_SAM);
}

static void
test_etags (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(RapportProvider) provider = new_provider (f, TOKEN_SAM, 100);
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportSyncPage) first = NULL;
  g_autoptr(RapportSyncPage) retry = NULL;
  g_autoptr(RapportSyncPage) end = NULL;
  g_autoptr(RapportSyncPage) again = NULL;
  Request *ticket1;

  /* The page is pulled but, as far as the provider knows, not stored: a retry from the same
   * cursor must not trust its ETags. */
  first = pull (provider, "47", &error);
  g_assert_no_error (error);
  retry = pull (provider, "47", &error);
  g_assert_no_error (error);
  g_assert_true (page_has_ticket (retry, "1"));
  ticket1 = last_request (f->rt, "/REST/2.0/ticket/1");
  g_assert_null (ticket1->if_none_match);

  /* The engine comes back with the page's cursor: the page is stored, its ETags count. */
  end = pull (provider, retry->next_cursor, &error);
  g_assert_no_error (error);
  g_assert_false (end->has_more);

  /* A later pull that sees ticket 1 change again asks conditionally, and 304 skips it. */
  fake_rt_clear (f->rt);
  again = pull (provider, "47", &error);
  g_assert_no_error (error);
  ticket1 = last_request (f->rt, "/REST/2.0/ticket/1");
  g_assert_cmpstr (ticket1->if_none_match, ==, "\"59\"");
  g_assert_false (page_has_ticket (again, "1"));
  g_assert_cmpuint (count_messages_of (again->messages, "1"), ==, 0);
  g_assert_cmpuint (count_requests (f->rt, "/REST/2.0/ticket/1/history", NULL, NULL), ==, 0);
  /* Ticket 6's ETag (learned through 7's merge too) is known as well. */
  g_assert_false (page_has_ticket (again, "6"));
  g_assert_cmpstr (last_request (f->rt, "/REST/2.0/ticket/6")->if_none_match, ==, "\"111\"");
  /* Deleted tickets stay deleted. */
  g_assert_cmpuint (again->deleted_ticket_ids->len, ==, 2);

  assert_requests_well_formed (f->rt, TOKEN_SAM);
}

static void
test_fetch_history (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(RapportProvider) provider = new_provider (f, TOKEN_SAM, 100);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) messages = fetch_history (provider, "1", &error);
  g_autoptr(GPtrArray) merged = NULL;
  g_autoptr(GPtrArray) missing = NULL;
  g_autoptr(GPtrArray) invalid = NULL;
  Request *history, *attachments;

  g_assert_no_error (error);
  g_assert_cmpuint (messages->len, ==, 4);
  g_assert_cmpstr (rapport_message_get_remote_id (messages->pdata[0]), ==, "48");
  g_assert_cmpstr (rapport_message_get_body (messages->pdata[0]), ==,
                   "Hello,\nplease cancel my subscription before it renews on the 1st.\n"
                   "Merci, Chloé");
  g_assert_cmpint (rapport_message_get_visibility (messages->pdata[1]), ==,
                   RAPPORT_VISIBILITY_INTERNAL);
  g_assert_cmpstr (rapport_message_get_remote_id (messages->pdata[3]), ==, "57");
  g_assert_cmpint (rapport_message_get_author_kind (messages->pdata[3]), ==,
                   RAPPORT_AUTHOR_CUSTOMER);

  history = last_request (f->rt, "/ticket/1/history");
  g_assert_nonnull (strstr (g_hash_table_lookup (history->query, "query"), "EmailRecord"));
  g_assert_cmpstr (g_hash_table_lookup (history->query, "fields[Creator]"), ==, "Name,RealName");
  /* The ETag (59) bounds the history: one page, no empty page after it. */
  g_assert_cmpuint (count_requests (f->rt, "/ticket/1/history", NULL, NULL), ==, 1);
  /* A part of the newest message (57) was on the first attachments page: done. */
  g_assert_cmpuint (count_requests (f->rt, "/ticket/1/attachments", NULL, NULL), ==, 1);
  attachments = last_request (f->rt, "/ticket/1/attachments");
  g_assert_nonnull (strstr (g_hash_table_lookup (attachments->query, "query"), "STARTSWITH"));

  merged = fetch_history (provider, "7", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (merged->len, ==, 2);
  g_assert_cmpuint (count_messages_of (merged, "6"), ==, 2);

  missing = fetch_history (provider, "999999", &error);
  g_assert_null (missing);
  g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_NOT_FOUND);
  g_clear_error (&error);

  invalid = fetch_history (provider, "../user/31", &error);
  g_assert_null (invalid);
  g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  assert_requests_well_formed (f->rt, TOKEN_SAM);
}

typedef struct
{
  guint                 status;
  const char           *content_type;
  const char           *fixture_name; /* body from tests/data/rt, or … */
  const char           *body;         /* … this */
  const char           *header_name;
  const char           *header_value;
  RapportProviderError  code;
  const char           *fragment;
} ErrorCase;

static void
test_errors (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) soon = g_date_time_add_seconds (now, 120);
  g_autofree char *http_date = soup_date_time_to_string (soon, SOUP_DATE_HTTP);
  const ErrorCase cases[] = {
    { 401, ERROR_TYPE, "error-401.json", NULL, NULL, NULL,
      RAPPORT_PROVIDER_ERROR_AUTH_REQUIRED,
      "HTTP 401 Unauthorized (the server said: Unauthorized)" },
    { 403, ERROR_TYPE, "error-403.json", NULL, NULL, NULL,
      RAPPORT_PROVIDER_ERROR_FORBIDDEN, "Forbidden" },
    { 404, ERROR_TYPE, "error-404.json", NULL, NULL, NULL,
      RAPPORT_PROVIDER_ERROR_NOT_FOUND, "(the server said: Not Found)" },
    { 500, NULL, NULL, NULL, NULL, NULL,
      RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE,
      "HTTP 500 Internal Server Error with an empty body" },
    { 429, ERROR_TYPE, NULL, "{\"message\":\"Slow down\"}", "Retry-After", "30",
      RAPPORT_PROVIDER_ERROR_RATE_LIMITED, "Slow down" },
    { 503, "text/plain", NULL, "maintenance", "Retry-After", http_date,
      RAPPORT_PROVIDER_ERROR_RATE_LIMITED, "HTTP 503" },
    { 503, "text/plain", NULL, "maintenance", NULL, NULL,
      RAPPORT_PROVIDER_ERROR_NETWORK, "HTTP 503" },
    { 200, JSON_TYPE, NULL, "{\"Name\": \"sam.agent\", ", NULL, NULL,
      RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE, "malformed JSON" },
    { 200, "text/html; charset=utf-8", NULL, "<html>Login</html>", NULL, NULL,
      RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE, "Content-Type “text/html”" },
    { 200, "application/json; charset=iso-8859-1", NULL, "{\"Name\":\"x\"}", NULL, NULL,
      RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE, "iso-8859-1" },
    { 200, JSON_TYPE, NULL, "", NULL, NULL,
      RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE, "empty" },
    { 200, JSON_TYPE, NULL, "[1, 2]", NULL, NULL,
      RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE, "expected a JSON object" },
    { 200, JSON_TYPE, NULL, "{\"Name\": 31}", NULL, NULL,
      RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE, "“Name” is a number" },
    { 302, "text/plain", NULL, "Login required", "Location", "/",
      RAPPORT_PROVIDER_ERROR_AUTH_REQUIRED, "login page" },
    { 301, "text/plain", NULL, "Moved", "Location", "https://elsewhere.example/",
      RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE, "redirects are not followed" },
    { 400, ERROR_TYPE, "error-400-query.json", NULL, NULL, NULL,
      RAPPORT_PROVIDER_ERROR_INVALID_INPUT, "Wrong query" },
  };
  g_autoptr(RapportProvider) provider = new_provider (f, TOKEN_SAM, 100);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const ErrorCase *c = &cases[i];
      g_autofree char *body = c->fixture_name != NULL ? fixture_body (c->fixture_name) :
                                                        g_strdup (c->body);
      g_autoptr(GError) error = NULL;
      g_autoptr(RapportAccount) account = NULL;

      fake_rt_override (f->rt, "/REST/2.0/user/31", OVERRIDE_RESPOND, c->status,
                        c->content_type, body, c->header_name, c->header_value);
      account = whoami (provider, &error);

      g_assert_null (account);
      if (!g_error_matches (error, RAPPORT_PROVIDER_ERROR, (int) c->code) ||
          strstr (error->message, c->fragment) == NULL)
        g_error ("case %u (HTTP %u): expected code %d with “%s”, got %d: %s", i, c->status,
                 c->code, c->fragment, error != NULL ? error->code : -1,
                 error != NULL ? error->message : "(no error)");
      /* Developer messages name the request (or the record), never the token. */
      g_assert_true (strstr (error->message, "/REST/2.0/user/31") != NULL ||
                     strstr (error->message, "RT user 31") != NULL);
      g_assert_null (strstr (error->message, TOKEN_SAM));
      g_assert_null (strstr (error->message, "0e0b319dc88049977c625545f19966ff"));

      if (c->status == 429)
        g_assert_cmpuint (rapport_provider_error_get_retry_after (error), ==, 30);
      if (c->code == RAPPORT_PROVIDER_ERROR_RATE_LIMITED && c->status == 503)
        {
          guint after = rapport_provider_error_get_retry_after (error);

          g_assert_cmpuint (after, >=, 100);
          g_assert_cmpuint (after, <=, 120);
        }
    }

  /* The same mapping on a pull. */
  {
    g_autofree char *body = fixture_body ("error-400-query.json");
    g_autoptr(GError) error = NULL;
    g_autoptr(RapportSyncPage) page = NULL;

    fake_rt_override (f->rt, "/REST/2.0/transactions", OVERRIDE_RESPOND, 400, ERROR_TYPE, body,
                      NULL, NULL);
    page = pull (provider, "47", &error);
    g_assert_null (page);
    g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_INPUT);
    g_assert_nonnull (strstr (error->message, "Wrong query"));
  }

  /* A body cut short: the connection closed before Content-Length bytes came. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(RapportAccount) account = NULL;

    fake_rt_override (f->rt, "/REST/2.0/user/31", OVERRIDE_TRUNCATE, 200, NULL,
                      "{\"Name\":\"sam.agent\",\"RealName\":\"Sam", NULL, NULL);
    account = whoami (provider, &error);
    g_assert_null (account);
    g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_NETWORK);
    g_test_message ("truncated body: %s", error->message);
  }

  /* A bad cursor is the caller's mistake. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(RapportSyncPage) page = pull (provider, "full:abc", &error);

    g_assert_null (page);
    g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_INPUT);
  }

  /* After all that, the provider still works. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(RapportAccount) account = NULL;

    fake_rt_clear (f->rt);
    account = whoami (provider, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (rapport_account_get_user_remote_id (account), ==, "sam.agent");
  }
}

static void
test_stalled (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(RapportProvider) provider = new_provider (f, TOKEN_SAM, 100);
  g_autoptr(SoupSession) quick = rapport_http_session_new (1);
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportAccount) account = NULL;
  gint64 start;

  rapport_rt_provider_set_session (RAPPORT_RT_PROVIDER (provider), quick);
  fake_rt_override (f->rt, "/REST/2.0/user/31", OVERRIDE_STALL, 0, NULL, NULL, NULL, NULL);

  start = g_get_monotonic_time ();
  account = whoami (provider, &error);
  g_assert_null (account);
  g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, "did not answer in time"));
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
}

/* What Apache, nginx or Starlet do with a TLS hello on a plain HTTP port: a 400 in clear. */
static gboolean
on_plain_http_run_cb (GThreadedSocketService *service,
                      GSocketConnection      *connection,
                      GObject                *source,
                      gpointer                user_data)
{
  static const char answer[] = "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\n"
                               "Content-Length: 11\r\nConnection: close\r\n\r\nBad Request";
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  guint *hellos = user_data;
  char buffer[512];

  if (g_input_stream_read (in, buffer, sizeof buffer, NULL, NULL) > 0)
    g_atomic_int_inc (hellos);
  g_output_stream_write_all (out, answer, sizeof answer - 1, NULL, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  return TRUE;
}

static void
test_tls (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(GSocketService) service = g_threaded_socket_service_new (1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportProvider) provider = NULL;
  g_autoptr(RapportAccount) account = NULL;
  g_autofree char *url = NULL;
  guint hellos = 0;

  g_socket_listener_add_address (G_SOCKET_LISTENER (service), any, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error);
  g_assert_no_error (error);
  g_signal_connect (service, "run", G_CALLBACK (on_plain_http_run_cb), &hellos);
  g_socket_service_start (service);

  /* https:// to a plain HTTP server: the handshake fails, nothing is sent in clear text. */
  url = g_strdup_printf ("https://127.0.0.1:%u",
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  provider = rapport_rt_provider_new (url, TOKEN_SAM, &error);
  g_assert_no_error (error);
  account = whoami (provider, &error);
  g_test_message ("TLS failure: %s", error != NULL ? error->message : "(none)");
  g_assert_null (account);
  g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, "TLS"));
  g_assert_null (strstr (error->message, TOKEN_SAM));
  g_assert_cmpuint (g_atomic_int_get (&hellos), ==, 1);

  g_socket_service_stop (service);
  g_socket_listener_close (G_SOCKET_LISTENER (service));
}

static void
test_refused (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportProvider) provider = NULL;
  g_autoptr(RapportAccount) account = NULL;
  g_autofree char *url = NULL;

  /* A port that was free a moment ago, and nobody listens on. */
  g_socket_bind (socket, any, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  url = g_strdup_printf ("http://127.0.0.1:%u",
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_socket_close (socket, NULL);

  provider = rapport_rt_provider_new (url, TOKEN_SAM, &error);
  g_assert_no_error (error);
  account = whoami (provider, &error);
  g_assert_null (account);
  g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, "refused"));
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(RapportProvider) provider = new_provider (f, TOKEN_SAM, 100);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportSyncPage) page = NULL;
  g_autoptr(RapportSyncPage) after = NULL;

  /* Ticket 3 never answers; cancel while the pull waits for it. */
  fake_rt_override (f->rt, "/REST/2.0/ticket/3", OVERRIDE_STALL, 0, NULL, NULL, NULL, NULL);
  rapport_provider_pull_changes_async (provider, "47", cancellable, on_result_cb, &result);
  while (count_requests (f->rt, "/REST/2.0/ticket/3", NULL, NULL) == 0)
    {
      /* The request shows up in the server's thread: do not block in this one. */
      g_main_context_iteration (g_main_context_get_thread_default (), FALSE);
      g_usleep (1000);
    }
  g_cancellable_cancel (cancellable);

  page = rapport_provider_pull_changes_finish (provider, wait_for (&result), &error);
  g_assert_null (page);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  /* The provider is free for the next pull. */
  fake_rt_clear (f->rt);
  after = pull (provider, "47", &error);
  g_assert_no_error (error);
  g_assert_true (page_has_ticket (after, "3"));
}

/* Writes ------------------------------------------------------------------------------- */

static RapportMessage *
post (RapportProvider    *provider,
      const char         *ticket_id,
      RapportVisibility   visibility,
      const char         *body,
      GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  rapport_provider_post_message_async (provider, ticket_id, visibility, body, NULL,
                                       on_result_cb, &result);
  return rapport_provider_post_message_finish (provider, wait_for (&result), error);
}

static RapportTicket *
update (RapportProvider             *provider,
        const char                  *ticket_id,
        const RapportTicketChanges  *changes,
        GError                     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  rapport_provider_update_ticket_async (provider, ticket_id, changes, NULL, on_result_cb,
                                        &result);
  return rapport_provider_update_ticket_finish (provider, wait_for (&result), error);
}

static Request *
first_request_with_method (FakeRt     *rt,
                           const char *method)
{
  g_autoptr(GPtrArray) requests = fake_rt_requests (rt);

  for (guint i = 0; i < requests->len; i++)
    if (g_strcmp0 (((Request *) requests->pdata[i])->method, method) == 0)
      return requests->pdata[i];
  return NULL;
}

static void
assert_json_body (Request    *request,
                  const char *member,
                  const char *expected)
{
  g_autoptr(JsonNode) root = json_from_string (request->body, NULL);
  JsonObject *object;

  g_assert_nonnull (root);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  object = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member_with_default (object, member, NULL), ==,
                   expected);
}

static void
test_post_reply (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(RapportProvider) provider = new_provider (f, TOKEN_SAM, 100);
  g_autoptr(RapportMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  Request *request;

  message = post (provider, "1", RAPPORT_VISIBILITY_PUBLIC, "Refund sent — 19,00 €", &error);
  g_assert_no_error (error);
  g_assert_nonnull (message);

  request = first_request_with_method (f->rt, "POST");
  g_assert_nonnull (request);
  g_assert_cmpstr (request->path, ==, "/REST/2.0/ticket/1/correspond");
  g_assert_cmpstr (request->content_type, ==, "application/json");
  g_assert_cmpstr (request->authorization, ==, "token " TOKEN_SAM);
  assert_json_body (request, "Content", "Refund sent — 19,00 €");
  assert_json_body (request, "ContentType", "text/plain");
  g_assert_cmpuint (count_requests (f->rt, "/correspond", NULL, NULL), ==, 1);

  /* The message as the pull side numbers it: the transaction of the Location header. */
  g_assert_cmpstr (rapport_message_get_remote_id (message), ==, "54");
  g_assert_cmpstr (rapport_message_get_ticket_remote_id (message), ==, "1");
  g_assert_cmpstr (rapport_message_get_author_remote_id (message), ==, "sam.agent");
  g_assert_cmpint (rapport_message_get_author_kind (message), ==, RAPPORT_AUTHOR_AGENT);
  g_assert_cmpint (rapport_message_get_visibility (message), ==, RAPPORT_VISIBILITY_PUBLIC);
  g_assert_cmpint (rapport_message_get_created_at (message), >, 0);
}

static void
test_post_note (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(RapportProvider) provider = new_provider (f, TOKEN_SAM, 100);
  g_autoptr(RapportMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  Request *request;

  message = post (provider, "1", RAPPORT_VISIBILITY_INTERNAL, "Checked with billing", &error);
  g_assert_no_error (error);

  request = first_request_with_method (f->rt, "POST");
  g_assert_cmpstr (request->path, ==, "/REST/2.0/ticket/1/comment");
  g_assert_cmpstr (request->content_type, ==, "application/json");
  assert_json_body (request, "Content", "Checked with billing");
  g_assert_cmpuint (count_requests (f->rt, "/correspond", NULL, NULL), ==, 0);

  g_assert_cmpstr (rapport_message_get_remote_id (message), ==, "53");
  g_assert_cmpint (rapport_message_get_visibility (message), ==, RAPPORT_VISIBILITY_INTERNAL);
}

static void
test_post_empty (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(RapportProvider) provider = new_provider (f, TOKEN_SAM, 100);
  const char *bodies[] = { "", "   \n\t " };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RapportMessage) message = post (provider, "1", RAPPORT_VISIBILITY_PUBLIC,
                                                bodies[i], &error);

      g_assert_null (message);
      g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_INPUT);
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(RapportMessage) message = post (provider, "1; DROP", RAPPORT_VISIBILITY_PUBLIC,
                                              "hello", &error);

    g_assert_null (message);
    g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_INPUT);
  }

  /* Nothing reached the server. */
  {
    g_autoptr(GPtrArray) requests = fake_rt_requests (f->rt);

    g_assert_cmpuint (requests->len, ==, 0);
  }
}

typedef struct
{
  OverrideKind          kind;
  guint                 status;
  const char           *header_name;
  const char           *header_value;
  RapportProviderError  code;
  guint                 retry_after;
} WriteErrorCase;

static void
test_post_errors (Fixture       *f,
                  gconstpointer  data)
{
  const WriteErrorCase cases[] = {
    { OVERRIDE_RESPOND, 401, NULL, NULL, RAPPORT_PROVIDER_ERROR_AUTH_REQUIRED, 0 },
    { OVERRIDE_RESPOND, 403, NULL, NULL, RAPPORT_PROVIDER_ERROR_FORBIDDEN, 0 },
    { OVERRIDE_RESPOND, 404, NULL, NULL, RAPPORT_PROVIDER_ERROR_NOT_FOUND, 0 },
    { OVERRIDE_RESPOND, 409, NULL, NULL, RAPPORT_PROVIDER_ERROR_CONFLICT, 0 },
    { OVERRIDE_RESPOND, 412, NULL, NULL, RAPPORT_PROVIDER_ERROR_CONFLICT, 0 },
    { OVERRIDE_RESPOND, 429, "Retry-After", "7", RAPPORT_PROVIDER_ERROR_RATE_LIMITED, 7 },
    { OVERRIDE_RESPOND, 503, "Retry-After", "12", RAPPORT_PROVIDER_ERROR_RATE_LIMITED, 12 },
    { OVERRIDE_RESPOND, 503, NULL, NULL, RAPPORT_PROVIDER_ERROR_RATE_LIMITED, 0 },
    { OVERRIDE_RESPOND, 500, NULL, NULL, RAPPORT_PROVIDER_ERROR_OUTCOME_UNKNOWN, 0 },
    { OVERRIDE_RESPOND, 502, NULL, NULL, RAPPORT_PROVIDER_ERROR_OUTCOME_UNKNOWN, 0 },
    { OVERRIDE_TRUNCATE, 0, NULL, NULL, RAPPORT_PROVIDER_ERROR_OUTCOME_UNKNOWN, 0 },
    { OVERRIDE_DROP, 0, NULL, NULL, RAPPORT_PROVIDER_ERROR_OUTCOME_UNKNOWN, 0 },
  };
  g_autoptr(RapportProvider) provider = new_provider (f, TOKEN_SAM, 100);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const WriteErrorCase *c = &cases[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(RapportMessage) message = NULL;

      g_test_message ("case %u: status %u, kind %d", i, c->status, c->kind);
      fake_rt_clear (f->rt);
      fake_rt_override (f->rt, "/REST/2.0/ticket/1/correspond", c->kind, c->status,
                        ERROR_TYPE, c->kind == OVERRIDE_RESPOND ? "{\"message\":\"No\"}" :
                                    "[\"Correspondence added\"]",
                        c->header_name, c->header_value);

      message = post (provider, "1", RAPPORT_VISIBILITY_PUBLIC, "Hello", &error);
      g_assert_null (message);
      g_assert_error (error, RAPPORT_PROVIDER_ERROR, (gint) c->code);
      g_assert_cmpuint (rapport_provider_error_get_retry_after (error), ==, c->retry_after);
      g_assert_cmpuint (count_requests (f->rt, "/correspond", NULL, NULL), >=, 1);
    }
}

static void
test_post_timeout (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(RapportProvider) provider = new_provider (f, TOKEN_SAM, 100);
  g_autoptr(SoupSession) session = rapport_http_session_new (1);
  g_autoptr(RapportMessage) message = NULL;
  g_autoptr(GError) error = NULL;

  /* The request went out; the answer never comes. */
  rapport_rt_provider_set_session (RAPPORT_RT_PROVIDER (provider), session);
  fake_rt_override (f->rt, "/REST/2.0/ticket/1/comment", OVERRIDE_STALL, 0, NULL, NULL, NULL,
                    NULL);
  message = post (provider, "1", RAPPORT_VISIBILITY_INTERNAL, "Hello", &error);
  g_assert_null (message);
  g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_OUTCOME_UNKNOWN);
}

static void
test_post_refused (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportProvider) provider = NULL;
  g_autoptr(RapportMessage) message = NULL;
  g_autofree char *url = NULL;

  g_socket_bind (socket, any, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  url = g_strdup_printf ("http://127.0.0.1:%u",
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_socket_close (socket, NULL);

  /* Nothing was sent: safe to retry. */
  provider = rapport_rt_provider_new (url, TOKEN_SAM, &error);
  g_assert_no_error (error);
  message = post (provider, "1", RAPPORT_VISIBILITY_PUBLIC, "Hello", &error);
  g_assert_null (message);
  g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_NETWORK);
}

static void
test_update (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(RapportProvider) provider = new_provider (f, TOKEN_SAM, 100);
  g_autoptr(RapportTicketChanges) changes = rapport_ticket_changes_new ();
  g_autoptr(RapportTicket) ticket = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  Request *request;

  changes->fields = RAPPORT_TICKET_FIELD_STATUS | RAPPORT_TICKET_FIELD_ASSIGNEE |
                    RAPPORT_TICKET_FIELD_PRIORITY;
  changes->status = RAPPORT_TICKET_STATUS_SOLVED;
  changes->assignee_remote_id = g_strdup ("sam.agent");
  changes->priority = RAPPORT_TICKET_PRIORITY_LOW;

  ticket = update (provider, "1", changes, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ticket);
  g_assert_cmpstr (rapport_ticket_get_remote_id (ticket), ==, "1");
  g_assert_cmpint (rapport_ticket_get_status (ticket), ==, RAPPORT_TICKET_STATUS_SOLVED);

  request = first_request_with_method (f->rt, "PUT");
  g_assert_nonnull (request);
  g_assert_cmpstr (request->path, ==, "/REST/2.0/ticket/1");
  g_assert_cmpstr (request->content_type, ==, "application/json");
  root = json_from_string (request->body, NULL);
  g_assert_nonnull (root);
  object = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (object, "Status"), ==, "resolved");
  g_assert_cmpstr (json_object_get_string_member (object, "Owner"), ==, "sam.agent");
  g_assert_cmpint (json_object_get_int_member (object, "Priority"), ==, 10);
  g_assert_cmpuint (json_object_get_size (object), ==, 3);

  /* Read back after the PUT. */
  g_assert_cmpuint (count_requests (f->rt, "/REST/2.0/ticket/1", NULL, NULL), ==, 2);
}

static void
test_update_only_named (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(RapportProvider) provider = new_provider (f, TOKEN_SAM, 100);
  g_autoptr(RapportTicketChanges) changes = rapport_ticket_changes_new ();
  g_autoptr(RapportTicket) ticket = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;

  /* Unassigning is Owner "Nobody"; the ticket reads back owned by sam.agent: refused. */
  changes->fields = RAPPORT_TICKET_FIELD_ASSIGNEE;
  ticket = update (provider, "1", changes, &error);
  g_assert_null (ticket);
  g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_INPUT);

  root = json_from_string (first_request_with_method (f->rt, "PUT")->body, NULL);
  object = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (object, "Owner"), ==, "Nobody");
  g_assert_false (json_object_has_member (object, "Status"));
  g_assert_false (json_object_has_member (object, "Priority"));
}

static void
test_update_refused (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(RapportProvider) provider = new_provider (f, TOKEN_SAM, 100);
  g_autoptr(RapportTicketChanges) changes = rapport_ticket_changes_new ();
  g_autoptr(RapportTicket) ticket = NULL;
  g_autoptr(GError) error = NULL;

  /* RT answers 200 with words; the ticket reads back "resolved". */
  changes->fields = RAPPORT_TICKET_FIELD_STATUS;
  changes->status = RAPPORT_TICKET_STATUS_ON_HOLD;
  ticket = update (provider, "1", changes, &error);
  g_assert_null (ticket);
  g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "Status 'stalled' isn't a valid status"));
  assert_json_body (first_request_with_method (f->rt, "PUT"), "Status", "stalled");
}

static void
test_update_errors (Fixture       *f,
                    gconstpointer  data)
{
  const WriteErrorCase cases[] = {
    { OVERRIDE_RESPOND, 401, NULL, NULL, RAPPORT_PROVIDER_ERROR_AUTH_REQUIRED, 0 },
    { OVERRIDE_RESPOND, 403, NULL, NULL, RAPPORT_PROVIDER_ERROR_FORBIDDEN, 0 },
    { OVERRIDE_RESPOND, 404, NULL, NULL, RAPPORT_PROVIDER_ERROR_NOT_FOUND, 0 },
    { OVERRIDE_RESPOND, 412, NULL, NULL, RAPPORT_PROVIDER_ERROR_CONFLICT, 0 },
    { OVERRIDE_RESPOND, 429, "Retry-After", "3", RAPPORT_PROVIDER_ERROR_RATE_LIMITED, 3 },
    { OVERRIDE_RESPOND, 503, NULL, NULL, RAPPORT_PROVIDER_ERROR_RATE_LIMITED, 0 },
    { OVERRIDE_TRUNCATE, 0, NULL, NULL, RAPPORT_PROVIDER_ERROR_OUTCOME_UNKNOWN, 0 },
    { OVERRIDE_DROP, 0, NULL, NULL, RAPPORT_PROVIDER_ERROR_OUTCOME_UNKNOWN, 0 },
  };
  g_autoptr(RapportProvider) provider = new_provider (f, TOKEN_SAM, 100);
  g_autoptr(RapportTicketChanges) changes = rapport_ticket_changes_new ();

  changes->fields = RAPPORT_TICKET_FIELD_PRIORITY;
  changes->priority = RAPPORT_TICKET_PRIORITY_HIGH;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const WriteErrorCase *c = &cases[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(RapportTicket) ticket = NULL;

      g_test_message ("case %u: status %u, kind %d", i, c->status, c->kind);
      fake_rt_clear (f->rt);
      fake_rt_override (f->rt, "/REST/2.0/ticket/1", c->kind, c->status, ERROR_TYPE,
                        c->kind == OVERRIDE_RESPOND ? "{\"message\":\"No\"}" : "[\"Done\"]",
                        c->header_name, c->header_value);

      ticket = update (provider, "1", changes, &error);
      g_assert_null (ticket);
      g_assert_error (error, RAPPORT_PROVIDER_ERROR, (gint) c->code);
      g_assert_cmpuint (rapport_provider_error_get_retry_after (error), ==, c->retry_after);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rapport/rt-provider/new-destroy", test_new_destroy);
  g_test_add_func ("/rapport/rt-provider/construct", test_construct);
  g_test_add_func ("/rapport/rt-provider/token-user-id", test_token_user_id);
  g_test_add_func ("/rapport/rt-provider/http-helpers", test_http_helpers);
  g_test_add ("/rapport/rt-provider/whoami-agent", Fixture, NULL,
              fixture_set_up, test_whoami_agent, fixture_tear_down);
  g_test_add ("/rapport/rt-provider/whoami-supervisor", Fixture, NULL,
              fixture_set_up, test_whoami_supervisor, fixture_tear_down);
  g_test_add ("/rapport/rt-provider/first-sync", Fixture, NULL,
              fixture_set_up, test_first_sync, fixture_tear_down);
  g_test_add ("/rapport/rt-provider/incremental", Fixture, NULL,
              fixture_set_up, test_incremental, fixture_tear_down);
  g_test_add ("/rapport/rt-provider/incremental-queue", Fixture, NULL,
              fixture_set_up, test_incremental_queue, fixture_tear_down);
  g_test_add ("/rapport/rt-provider/hidden-rows", Fixture, NULL,
              fixture_set_up, test_hidden_rows, fixture_tear_down);
  g_test_add ("/rapport/rt-provider/etags", Fixture, NULL,
              fixture_set_up, test_etags, fixture_tear_down);
  g_test_add ("/rapport/rt-provider/fetch-history", Fixture, NULL,
              fixture_set_up, test_fetch_history, fixture_tear_down);
  g_test_add ("/rapport/rt-provider/errors", Fixture, NULL,
              fixture_set_up, test_errors, fixture_tear_down);
  g_test_add ("/rapport/rt-provider/stalled", Fixture, NULL,
              fixture_set_up, test_stalled, fixture_tear_down);
  g_test_add ("/rapport/rt-provider/tls", Fixture, NULL,
              fixture_set_up, test_tls, fixture_tear_down);
  g_test_add ("/rapport/rt-provider/connection-refused", Fixture, NULL,
              fixture_set_up, test_refused, fixture_tear_down);
  g_test_add ("/rapport/rt-provider/post-reply", Fixture, NULL,
              fixture_set_up, test_post_reply, fixture_tear_down);
  g_test_add ("/rapport/rt-provider/post-note", Fixture, NULL,
              fixture_set_up, test_post_note, fixture_tear_down);
  g_test_add ("/rapport/rt-provider/post-empty", Fixture, NULL,
              fixture_set_up, test_post_empty, fixture_tear_down);
  g_test_add ("/rapport/rt-provider/post-errors", Fixture, NULL,
              fixture_set_up, test_post_errors, fixture_tear_down);
  g_test_add ("/rapport/rt-provider/post-timeout", Fixture, NULL,
              fixture_set_up, test_post_timeout, fixture_tear_down);
  g_test_add ("/rapport/rt-provider/post-refused", Fixture, NULL,
              fixture_set_up, test_post_refused, fixture_tear_down);
  g_test_add ("/rapport/rt-provider/update", Fixture, NULL,
              fixture_set_up, test_update, fixture_tear_down);
  g_test_add ("/rapport/rt-provider/update-only-named", Fixture, NULL,
              fixture_set_up, test_update_only_named, fixture_tear_down);
  g_test_add ("/rapport/rt-provider/update-refused", Fixture, NULL,
              fixture_set_up, test_update_refused, fixture_tear_down);
  g_test_add ("/rapport/rt-provider/update-errors", Fixture, NULL,
              fixture_set_up, test_update_errors, fixture_tear_down);
  g_test_add ("/rapport/rt-provider/cancel", Fixture, NULL,
              fixture_set_up, test_cancel, fixture_tear_down);

  return g_test_run ();
}
