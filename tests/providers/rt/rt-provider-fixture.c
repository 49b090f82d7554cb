/* rt-provider-fixture.c
 *
 * A fake Request Tracker for the RapportRtProvider tests: a SoupServer on 127.0.0.1 (port 0)
 * in its own thread that answers from the fixtures captured from RT 5.0.3 in tests/data/rt,
 * pages them like RT does (per_page/page, no totals on transaction collections, optional rows
 * hidden after the LIMIT), and can be told to fail in the ways real servers fail. Then the
 * helpers that run the provider on the test's main context until it answers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-test-rt-provider"

#include "config.h"

#include "rt-provider-fixture.h"

#include "rapport-http.h"
#include "rapport-rt-parser.h"

#include <stdio.h>
#include <string.h>

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
  g_free (r->if_match);
  g_free (r->content_type);
  g_free (r->body);
  g_free (r);
}

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
  request->if_match = g_strdup (soup_message_headers_get_one (headers, "If-Match"));
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
  {
    /* "METHOD /path" overrides win over "/path" ones. */
    g_autofree char *keyed = g_strdup_printf ("%s %s", request->method, decoded);

    override = g_hash_table_lookup (rt->overrides, keyed);
  }
  if (override == NULL)
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
          /* Like RT: an If-None-Match naming the override's ETag gets 304. */
          if (override->header_name != NULL &&
              g_ascii_strcasecmp (override->header_name, "ETag") == 0 &&
              g_strcmp0 (request->if_none_match, override->header_value) == 0)
            {
              soup_server_message_set_status (msg, SOUP_STATUS_NOT_MODIFIED, NULL);
              soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                            "ETag", override->header_value);
              break;
            }
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

char *
fake_rt_url (FakeRt     *rt,
             const char *scheme)
{
  return g_strdup_printf ("%s://127.0.0.1:%u", scheme, rapport_test_server_get_port (rt->server));
}

void
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

void
fake_rt_clear (FakeRt *rt)
{
  g_mutex_lock (&rt->lock);
  g_hash_table_remove_all (rt->overrides);
  g_ptr_array_set_size (rt->requests, 0);
  g_mutex_unlock (&rt->lock);
}

/* Copies of the requests so far (the server thread appends under the lock). */
GPtrArray *
fake_rt_requests (FakeRt *rt)
{
  GPtrArray *copy = g_ptr_array_new ();

  g_mutex_lock (&rt->lock);
  for (guint i = 0; i < rt->requests->len; i++)
    g_ptr_array_add (copy, rt->requests->pdata[i]);
  g_mutex_unlock (&rt->lock);
  return copy;
}

char *
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

void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->context = g_main_context_new ();
  g_main_context_push_thread_default (f->context);
  f->rt = fake_rt_new ();
}

void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer (&f->rt, fake_rt_free);
  while (g_main_context_iteration (f->context, FALSE))
    ;
  g_main_context_pop_thread_default (f->context);
  g_main_context_unref (f->context);
}

RapportProvider *
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

void
on_result_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (g_main_context_get_thread_default (), TRUE);
  return *slot;
}

RapportSyncPage *
pull (RapportProvider  *provider,
      const char       *cursor,
      GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  rapport_provider_pull_changes_async (provider, cursor, NULL, on_result_cb, &result);
  return rapport_provider_pull_changes_finish (provider, wait_for (&result), error);
}

char *
edited_fixture (const char *name,
                int         item,
                void      (*edit) (JsonObject *object))
{
  g_autofree char *text = fixture_body (name);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *object;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));
  if (item >= 0)
    object = json_array_get_object_element (json_object_get_array_member (object, "items"),
                                            (guint) item);
  edit (object);

  return json_to_string (json_parser_get_root (parser), FALSE);
}

RapportSyncPage *
refetch (RapportProvider  *provider,
         GPtrArray        *records,
         GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  rapport_provider_refetch_records_async (provider, records, NULL, on_result_cb, &result);
  return rapport_provider_refetch_records_finish (provider, wait_for (&result), error);
}

RapportSetAside *
find_set_aside (GPtrArray         *records,
                RapportRecordKind  kind,
                const char        *remote_id)
{
  for (guint i = 0; i < records->len; i++)
    {
      RapportSetAside *record = records->pdata[i];

      if (record->kind == kind && g_strcmp0 (record->remote_id, remote_id) == 0)
        return record;
    }

  return NULL;
}

RapportAccount *
whoami (RapportProvider  *provider,
        GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  rapport_provider_whoami_async (provider, NULL, on_result_cb, &result);
  return rapport_provider_whoami_finish (provider, wait_for (&result), error);
}

GPtrArray *
fetch_history (RapportProvider  *provider,
               const char       *ticket_id,
               GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  rapport_provider_fetch_ticket_history_async (provider, ticket_id, NULL, on_result_cb, &result);
  return rapport_provider_fetch_ticket_history_finish (provider, wait_for (&result), error);
}

gboolean
page_has_ticket (RapportSyncPage *page,
                 const char      *remote_id)
{
  for (guint i = 0; i < page->tickets->len; i++)
    if (g_strcmp0 (rapport_ticket_get_remote_id (page->tickets->pdata[i]), remote_id) == 0)
      return TRUE;
  return FALSE;
}

guint
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
void
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

guint
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

Request *
last_request (FakeRt     *rt,
              const char *path_suffix)
{
  g_autoptr(GPtrArray) requests = fake_rt_requests (rt);

  for (guint i = requests->len; i > 0; i--)
    if (g_str_has_suffix (((Request *) requests->pdata[i - 1])->path, path_suffix))
      return requests->pdata[i - 1];
  return NULL;
}
