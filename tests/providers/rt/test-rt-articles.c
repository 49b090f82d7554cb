/* test-rt-articles.c — RT Articles: the parser on the captured answers of
 * tests/data/rt/articles and on hostile ones, and the provider's fetch_canned_content and
 * link_article against a loopback server that answers like RT.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-test-rt-articles"

#include "config.h"

#include <locale.h>
#include <string.h>

#include "rapport-provider.h"
#include "rapport-rt-articles-parser.h"
#include "rapport-rt-provider.h"
#include "rapport-test-server.h"

#define TOKEN_SAM "1-31-0e0b319dc88049977c625545f19966ff"
#define WEB_BASE  "https://rt.example.com/rt"
#define JSON_TYPE "application/json; charset=\"utf-8\""

static char *
fixture_text (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "rt", "articles", name,
                                                 NULL);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  return text;
}

static JsonNode *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

static JsonNode *
fixture (const char *name)
{
  g_autofree char *text = fixture_text (name);

  return parse (text);
}

static GHashTable *
classes_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/* The classes of the capture: 1 General, 2 Canned responses. */
static GHashTable *
captured_classes (void)
{
  g_autoptr(JsonNode) root = fixture ("classes-all.json");
  g_autoptr(GError) error = NULL;
  GHashTable *classes = classes_new ();

  g_assert_true (rapport_rt_parse_article_classes (root, classes, &error));
  g_assert_no_error (error);
  return classes;
}

/* ---------------------------------------------------------------------------------------------
 * Parser
 * ------------------------------------------------------------------------------------------- */

static void
test_class_is_canned (void)
{
  static const struct { const char *name; gboolean canned; } cases[] = {
    { "Canned responses", TRUE },
    { "canned", TRUE },
    { "Templates", TRUE },
    { "Reply macros", TRUE },
    { "Support replies", TRUE },
    { "E-mail TEMPLATE", TRUE },
    { "Responses (billing)", TRUE },
    { "General", FALSE },
    { "FAQ", FALSE },
    { "Knowledge base", FALSE },
    { "Irresponsible replyers", FALSE },
    { "Cannedresponses", FALSE },
    { "", FALSE },
    { "Réponses", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s", cases[i].name);
      g_assert_cmpint (rapport_rt_article_class_is_canned (cases[i].name), ==, cases[i].canned);
    }
  g_assert_false (rapport_rt_article_class_is_canned (NULL));
  g_assert_false (rapport_rt_article_class_is_canned ("canned \xff"));
}

static void
test_classes (void)
{
  g_autoptr(GHashTable) classes = captured_classes ();
  g_autoptr(GHashTable) none = classes_new ();
  g_autoptr(JsonNode) empty = fixture ("classes-none.json");
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (g_hash_table_size (classes), ==, 2);
  g_assert_cmpstr (g_hash_table_lookup (classes, "1"), ==, "General");
  g_assert_cmpstr (g_hash_table_lookup (classes, "2"), ==, "Canned responses");

  /* A user without SeeClass: an empty page with null totals. */
  g_assert_true (rapport_rt_parse_article_classes (empty, none, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (none), ==, 0);
}

static void
test_classes_hostile (void)
{
  static const char * const broken[] = {
    "[]",
    "{\"items\": {}}",
    "{\"items\": \"\"}",
    "\"classes\"",
  };
  g_autoptr(GHashTable) classes = classes_new ();
  g_autoptr(JsonNode) odd = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (broken); i++)
    {
      g_autoptr(JsonNode) root = parse (broken[i]);

      g_assert_false (rapport_rt_parse_article_classes (root, classes, &error));
      g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE);
      g_clear_error (&error);
    }

  /* Items that are not usable classes are left out, the rest read. */
  odd = parse ("{\"items\": [1, null, \"x\", {\"Name\": \"No id\"}, {\"id\": \"4\"}, "
               "{\"id\": \"5\", \"Name\": \"\"}, {\"id\": \"6\", \"Name\": 7}, "
               "{\"id\": [], \"Name\": \"Array id\"}, "
               "{\"id\": 8, \"Name\": \"Off\", \"Disabled\": \"1\"}, "
               "{\"id\": 9, \"Name\": \"Templates\", \"Disabled\": 0}]}");
  g_assert_true (rapport_rt_parse_article_classes (odd, classes, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (classes), ==, 1);
  g_assert_cmpstr (g_hash_table_lookup (classes, "9"), ==, "Templates");
}

static RapportCandidate *
article_at (guint index)
{
  g_autoptr(JsonNode) root = fixture ("articles-page-1.json");
  g_autoptr(GHashTable) classes = captured_classes ();
  g_autoptr(GError) error = NULL;
  JsonArray *items = json_object_get_array_member (json_node_get_object (root), "items");
  RapportCandidate *candidate;

  candidate = rapport_rt_parse_article (json_array_get_element (items, index), classes,
                                        WEB_BASE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (candidate);
  return candidate;
}

static void
test_articles (void)
{
  g_autoptr(RapportCandidate) refund = article_at (0);
  g_autoptr(RapportCandidate) reset = article_at (1);
  g_autoptr(RapportCandidate) delivery = article_at (2);
  const char * const *tags;

  /* Class General: an article, with its RT page; Content is the body, as RT has it. */
  g_assert_cmpint (rapport_candidate_get_kind (refund), ==, RAPPORT_CANDIDATE_ARTICLE);
  g_assert_cmpstr (rapport_candidate_get_key (refund), ==, "rt-article-1");
  g_assert_cmpstr (rapport_candidate_get_remote_id (refund), ==, "1");
  g_assert_cmpint (rapport_candidate_get_account_id (refund), ==, 0);
  g_assert_cmpstr (rapport_candidate_get_title (refund), ==, "Refund policy");
  g_assert_cmpstr (rapport_candidate_get_body (refund), ==,
                   "Hi {{customer.first_name}},\n\nRefunds take 5 days.");
  g_assert_cmpstr (rapport_candidate_get_url (refund), ==,
                   WEB_BASE "/Articles/Article/Display.html?id=1");
  g_assert_cmpint (rapport_candidate_get_updated_at (refund), ==, 1796608085);
  tags = rapport_candidate_get_tags (refund);
  g_assert_cmpstr (tags[0], ==, "general");
  g_assert_null (tags[1]);

  /* Class "Canned responses": canned. */
  g_assert_cmpint (rapport_candidate_get_kind (reset), ==, RAPPORT_CANDIDATE_CANNED);
  g_assert_cmpstr (rapport_candidate_get_body (reset), ==, "Click Forgot password.");
  g_assert_cmpstr (rapport_candidate_get_tags (reset)[0], ==, "canned responses");

  /* HTML content becomes text. */
  g_assert_cmpint (rapport_candidate_get_kind (delivery), ==, RAPPORT_CANDIDATE_ARTICLE);
  g_assert_null (strchr (rapport_candidate_get_body (delivery), '<'));
  g_assert_nonnull (strstr (rapport_candidate_get_body (delivery), "Orders ship in 2 days."));
  g_assert_nonnull (strstr (rapport_candidate_get_body (delivery), "EU: 3 days"));
}

/* Parses @json as one article of the captured classes. */
static RapportCandidate *
parse_item (const char  *json,
            GError     **error)
{
  g_autoptr(JsonNode) node = parse (json);
  g_autoptr(GHashTable) classes = captured_classes ();

  return rapport_rt_parse_article (node, classes, WEB_BASE, error);
}

#define ITEM(extra) \
  "{\"id\": \"5\", \"Name\": \"Title\", \"Class\": {\"type\": \"class\", \"id\": \"1\"}, " \
  "\"LastUpdated\": \"2026-12-07T01:48:05Z\"" extra "}"
#define CONTENT(value) \
  ", \"CustomFields\": [{\"name\": \"Content\", \"id\": \"1\", \"values\": [" value "]}]"

static void
test_articles_hostile (void)
{
  static const char * const broken[] = {
    "[]",
    "\"article\"",
    "{}",                                                         /* no id */
    "{\"id\": \"abc\", \"Name\": \"x\"}",                          /* not an id */
    "{\"id\": \"0\", \"Name\": \"x\"}",
    "{\"id\": -3, \"Name\": \"x\"}",
    "{\"id\": \"5\", \"Class\": []}",                              /* class not a reference */
    "{\"id\": \"5\", \"Class\": {\"type\": \"ticket\", \"id\": \"1\"}}",
    ITEM (", \"Name\": 7"),                                        /* wrong types */
    ITEM (", \"Summary\": {}"),
    ITEM (", \"LastUpdated\": \"yesterday\""),
    ITEM (", \"CustomFields\": {}"),
    ITEM (", \"CustomFields\": [7]"),
    ITEM (", \"CustomFields\": [{\"name\": \"Content\", \"values\": \"text\"}]"),
    ITEM (CONTENT ("7")),
    ITEM (CONTENT ("null")),
  };
  static const char * const left_out[] = {
    ITEM (CONTENT ("\"  \"")),                                     /* no text at all */
    ITEM (""),
    "{\"id\": \"5\", \"Name\": \"x\", \"Class\": {\"type\": \"class\", \"id\": \"77\"}"
    CONTENT ("\"Text\"") "}",                                      /* a class not seen */
    "{\"id\": \"5\", \"Name\": \"x\"" CONTENT ("\"Text\"") "}",    /* no class */
    ITEM (", \"Disabled\": \"1\"" CONTENT ("\"Text\"")),
    "{\"id\": \"5\", \"Class\": {\"type\": \"class\", \"id\": \"1\"}"
    CONTENT ("\"Text\"") "}",                                      /* no title */
  };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (broken); i++)
    {
      g_autoptr(RapportCandidate) candidate = NULL;

      g_test_message ("broken: %s", broken[i]);
      candidate = parse_item (broken[i], &error);
      g_assert_null (candidate);
      g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE);
      g_clear_error (&error);
    }

  for (guint i = 0; i < G_N_ELEMENTS (left_out); i++)
    {
      g_autoptr(RapportCandidate) candidate = NULL;

      g_test_message ("left out: %s", left_out[i]);
      candidate = parse_item (left_out[i], &error);
      g_assert_no_error (error);
      g_assert_null (candidate);
    }
}

static void
test_articles_odd (void)
{
  g_autoptr(RapportCandidate) summary = NULL;
  g_autoptr(RapportCandidate) numeric = NULL;
  g_autoptr(RapportCandidate) controls = NULL;
  g_autoptr(RapportCandidate) big = NULL;
  g_autoptr(GString) json = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  const char *body;

  /* No Content: the Summary is the body; a missing CustomFields ("" in collections) too. */
  summary = parse_item (ITEM (", \"Summary\": \"Short answer\", \"CustomFields\": \"\""),
                        &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rapport_candidate_get_body (summary), ==, "Short answer");

  /* Ids and class as numbers; CRLF, control characters, a title on two lines. */
  numeric = parse_item ("{\"id\": 42, \"Name\": \"Two\\nlines\", \"Class\": 2, "
                        "\"CustomFields\": [{\"name\": \"content\", \"values\": "
                        "[\"A\\r\\nB\\u0007C\\rD\"]}]}", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rapport_candidate_get_remote_id (numeric), ==, "42");
  g_assert_cmpint (rapport_candidate_get_kind (numeric), ==, RAPPORT_CANDIDATE_CANNED);
  g_assert_cmpstr (rapport_candidate_get_title (numeric), ==, "Two lines");
  g_assert_cmpstr (rapport_candidate_get_body (numeric), ==, "A\nBC\nD");

  /* A body over the limit is cut at a character boundary. */
  g_string_append (json, "{\"id\": \"6\", \"Name\": \"Long\", "
                         "\"Class\": {\"type\": \"class\", \"id\": \"1\"}, "
                         "\"CustomFields\": [{\"name\": \"Content\", \"values\": [\"");
  for (guint i = 0; i < RAPPORT_RT_ARTICLE_MAX_BODY; i++)
    g_string_append (json, "é");
  g_string_append (json, "\"]}]}");
  big = parse_item (json->str, &error);
  g_assert_no_error (error);
  body = rapport_candidate_get_body (big);
  g_assert_cmpuint (strlen (body), <=, RAPPORT_RT_ARTICLE_MAX_BODY);
  g_assert_cmpuint (strlen (body), >, RAPPORT_RT_ARTICLE_MAX_BODY - 4);
  g_assert_true (g_utf8_validate (body, -1, NULL));
}

static void
test_uri_and_links (void)
{
  g_autoptr(JsonNode) article = fixture ("article.json");
  g_autoptr(JsonNode) ticket = fixture ("ticket-linked.json");
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  static const char * const bad_articles[] = {
    "{\"URI\": \"Permission Denied\"}",
    "{\"URI\": 3}",
    "{}",
    "[]",
    "{\"URI\": \"fsck.com-article://x/article/1 2\"}",
    "{\"URI\": \"fsck.com-article://x/article/1\\n\"}",
  };
  static const char * const bad_tickets[] = {
    "{\"_hyperlinks\": {}}",
    "[]",
  };
  gboolean refers = TRUE;

  uri = rapport_rt_parse_article_uri (article, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (uri, ==, "fsck.com-article://rapport.test/article/3");

  for (guint i = 0; i < G_N_ELEMENTS (bad_articles); i++)
    {
      g_autoptr(JsonNode) node = parse (bad_articles[i]);
      g_autofree char *none = rapport_rt_parse_article_uri (node, &error);

      g_assert_null (none);
      g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE);
      g_clear_error (&error);
    }

  g_assert_true (rapport_rt_ticket_refers_to_article (ticket, "3", &refers, &error));
  g_assert_no_error (error);
  g_assert_true (refers);
  g_assert_true (rapport_rt_ticket_refers_to_article (ticket, "1", &refers, NULL));
  g_assert_true (refers);
  g_assert_true (rapport_rt_ticket_refers_to_article (ticket, "2", &refers, NULL));
  g_assert_false (refers);

  /* Odd links are not links to the article; a ticket without links refers to nothing. */
  {
    g_autoptr(JsonNode) odd = parse ("{\"_hyperlinks\": [7, {\"ref\": \"refers-to\"}, "
                                     "{\"ref\": \"refers-to\", \"type\": \"ticket\", "
                                     "\"id\": \"3\"}, {\"ref\": 3, \"type\": \"article\", "
                                     "\"id\": \"3\"}, {\"ref\": \"depends-on\", \"type\": "
                                     "\"article\", \"id\": \"3\"}]}");
    g_autoptr(JsonNode) bare = parse ("{\"id\": 1}");

    g_assert_true (rapport_rt_ticket_refers_to_article (odd, "3", &refers, &error));
    g_assert_no_error (error);
    g_assert_false (refers);
    g_assert_true (rapport_rt_ticket_refers_to_article (bare, "3", &refers, &error));
    g_assert_false (refers);
  }

  for (guint i = 0; i < G_N_ELEMENTS (bad_tickets); i++)
    {
      g_autoptr(JsonNode) node = parse (bad_tickets[i]);

      g_assert_false (rapport_rt_ticket_refers_to_article (node, "3", &refers, &error));
      g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE);
      g_clear_error (&error);
    }
}

/* ---------------------------------------------------------------------------------------------
 * The provider against a loopback RT
 * ------------------------------------------------------------------------------------------- */

typedef enum
{
  CLASSES_CAPTURED,
  CLASSES_NONE,       /* no SeeClass */
  CLASSES_MISSING,    /* a REST2 without articles: 404 */
  CLASSES_FORBIDDEN,
  CLASSES_BROKEN,     /* not a collection */
  CLASSES_ERROR,      /* 500 */
} ClassesMode;

typedef struct
{
  GMutex             lock;
  RapportTestServer *server;
  ClassesMode        classes;
  gboolean           endless;      /* /articles: 100 items on every page */
  gboolean           link_denied;  /* PUT answers "Permission denied" and links nothing */
  gboolean           linked;
  GPtrArray         *requests;     /* "METHOD /path?query" */
  GPtrArray         *put_bodies;
} FakeRt;

static void
respond (SoupServerMessage *msg,
         guint              status,
         const char        *body)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, JSON_TYPE, SOUP_MEMORY_COPY, body, strlen (body));
}

static void
respond_fixture (SoupServerMessage *msg,
                 guint              status,
                 const char        *name)
{
  g_autofree char *text = fixture_text (name);

  respond (msg, status, text);
}

/* A page of 100 articles of class 1, ids after (page - 1) * 100. */
static char *
endless_page (guint page)
{
  g_autoptr(GString) json = g_string_new ("{\"page\": ");

  g_string_append_printf (json, "%u, \"per_page\": 100, \"count\": 100, \"total\": null, "
                                "\"items\": [", page);
  for (guint i = 0; i < 100; i++)
    g_string_append_printf (json, "%s{\"id\": \"%u\", \"Name\": \"Article %u\", "
                                  "\"Class\": {\"type\": \"class\", \"id\": \"1\"}, "
                                  "\"CustomFields\": [{\"name\": \"Content\", "
                                  "\"values\": [\"Text %u\"]}]}",
                            i > 0 ? ", " : "", (page - 1) * 100 + i + 1,
                            (page - 1) * 100 + i + 1, (page - 1) * 100 + i + 1);
  g_string_append (json, "]}");
  return g_string_free (g_steal_pointer (&json), FALSE);
}

static void
on_request_cb (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  FakeRt *rt = user_data;
  const char *method = soup_server_message_get_method (msg);
  const char *page_text = query != NULL ? g_hash_table_lookup (query, "page") : NULL;
  guint page = page_text != NULL ? (guint) g_ascii_strtoull (page_text, NULL, 10) : 1;
  GUri *uri = soup_server_message_get_uri (msg);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&rt->lock);

  g_ptr_array_add (rt->requests, g_strdup_printf ("%s %s%s%s", method, path,
                                                  g_uri_get_query (uri) != NULL ? "?" : "",
                                                  g_uri_get_query (uri) != NULL ?
                                                  g_uri_get_query (uri) : ""));

  if (g_strcmp0 (path, "/rt/REST/2.0/classes/all") == 0)
    {
      switch (rt->classes)
        {
        case CLASSES_CAPTURED:
          if (page == 1)
            respond_fixture (msg, 200, "classes-all.json");
          else
            respond_fixture (msg, 200, "classes-none.json");
          break;
        case CLASSES_NONE:
          respond_fixture (msg, 200, "classes-none.json");
          break;
        case CLASSES_MISSING:
          respond (msg, 404, "{\"message\": \"Not Found\"}");
          break;
        case CLASSES_FORBIDDEN:
          respond (msg, 403, "{\"message\": \"Forbidden\"}");
          break;
        case CLASSES_BROKEN:
          respond (msg, 200, "{\"items\": \"none\"}");
          break;
        case CLASSES_ERROR:
        default:
          respond (msg, 500, "{\"message\": \"Internal Server Error\"}");
          break;
        }
    }
  else if (g_strcmp0 (path, "/rt/REST/2.0/articles") == 0)
    {
      if (rt->endless)
        {
          g_autofree char *body = endless_page (page);

          respond (msg, 200, body);
        }
      else if (page == 1)
        {
          /* One broken item among the captured ones. */
          g_autofree char *text = fixture_text ("articles-page-1.json");
          g_autoptr(GString) body = g_string_new (text);

          g_string_replace (body, "\"items\" : [", "\"items\" : [{\"id\": \"zz\"}, ", 1);
          respond (msg, 200, body->str);
        }
      else
        respond_fixture (msg, 200, "articles-page-2.json");
    }
  else if (g_strcmp0 (path, "/rt/REST/2.0/article/3") == 0)
    respond_fixture (msg, 200, "article.json");
  else if (g_strcmp0 (path, "/rt/REST/2.0/article/2") == 0)
    respond (msg, 403, "{\"message\": \"Forbidden\"}");
  else if (g_strcmp0 (path, "/rt/REST/2.0/ticket/1") == 0 && g_str_equal (method, "PUT"))
    {
      SoupMessageBody *request = soup_server_message_get_request_body (msg);

      g_ptr_array_add (rt->put_bodies, g_strndup (request->data, request->length));
      if (rt->link_denied)
        respond_fixture (msg, 200, "link-denied.json");
      else
        {
          respond_fixture (msg, 200, rt->linked ? "link-exists.json" : "link-added.json");
          rt->linked = TRUE;
        }
    }
  else if (g_strcmp0 (path, "/rt/REST/2.0/ticket/1") == 0)
    {
      g_autofree char *text = fixture_text ("ticket-linked.json");
      g_autoptr(GString) body = g_string_new (text);

      /* Before the link, the ticket refers to article 1 only. */
      if (!rt->linked)
        g_string_replace (body, "\"id\" : \"3\"", "\"id\" : \"1\"", 0);
      respond (msg, 200, body->str);
    }
  else
    respond (msg, 404, "{\"message\": \"Not Found\"}");
}

static FakeRt *
fake_rt_new (void)
{
  FakeRt *rt = g_new0 (FakeRt, 1);

  g_mutex_init (&rt->lock);
  rt->requests = g_ptr_array_new_with_free_func (g_free);
  rt->put_bodies = g_ptr_array_new_with_free_func (g_free);
  rt->server = rapport_test_server_new ("Plack::Handler::Starlet", FALSE, on_request_cb, rt);
  return rt;
}

static void
fake_rt_free (FakeRt *rt)
{
  rapport_test_server_free (rt->server);
  g_ptr_array_unref (rt->requests);
  g_ptr_array_unref (rt->put_bodies);
  g_mutex_clear (&rt->lock);
  g_free (rt);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FakeRt, fake_rt_free)

static guint
n_requests (FakeRt     *rt,
            const char *prefix)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&rt->lock);
  guint n = 0;

  for (guint i = 0; i < rt->requests->len; i++)
    if (g_str_has_prefix (rt->requests->pdata[i], prefix))
      n++;
  return n;
}

static RapportProvider *
provider_for (FakeRt *rt)
{
  g_autofree char *url = rapport_test_server_get_url (rt->server, "/rt");
  g_autoptr(GError) error = NULL;
  RapportProvider *provider = rapport_rt_provider_new (url, TOKEN_SAM, &error);

  g_assert_no_error (error);
  return provider;
}

static void
on_result_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GPtrArray *
fetch (RapportProvider  *provider,
       GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  rapport_provider_fetch_canned_content_async (provider, NULL, on_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return rapport_provider_fetch_canned_content_finish (provider, result, error);
}

static gboolean
link_article (RapportProvider  *provider,
              const char       *ticket,
              const char       *article,
              GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  rapport_provider_link_article_async (provider, ticket, article, NULL, on_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return rapport_provider_link_article_finish (provider, result, error);
}

/* The classes, then the articles until a page without items; a broken item is left out, the
 * others read; RT's own page is the url. */
static void
test_provider_fetch (void)
{
  g_autoptr(FakeRt) rt = fake_rt_new ();
  g_autoptr(RapportProvider) provider = provider_for (rt);
  g_autoptr(GPtrArray) content = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  g_assert_true (rapport_provider_can_fetch_canned_content (provider));
  g_assert_true (rapport_provider_can_link_articles (provider));

  g_test_expect_message ("rapport-rt-provider", G_LOG_LEVEL_MESSAGE, "Leaving out an RT article*");
  content = fetch (provider, &error);
  g_test_assert_expected_messages ();
  g_assert_no_error (error);
  g_assert_cmpuint (content->len, ==, 3);
  g_assert_cmpstr (rapport_candidate_get_remote_id (content->pdata[0]), ==, "1");
  g_assert_cmpint (rapport_candidate_get_kind (content->pdata[1]), ==, RAPPORT_CANDIDATE_CANNED);
  url = rapport_test_server_get_url (rt->server, "/rt/Articles/Article/Display.html?id=3");
  g_assert_cmpstr (rapport_candidate_get_url (content->pdata[2]), ==, url);

  g_assert_cmpuint (n_requests (rt, "GET /rt/REST/2.0/classes/all?"), ==, 2);
  g_assert_cmpuint (n_requests (rt, "GET /rt/REST/2.0/articles?"), ==, 2);
  g_assert_cmpuint (n_requests (rt, "GET /rt/REST/2.0/articles?query=%5B%7B%22field%22%3A%22id"
                                    "%22%2C%22operator%22%3A%22%3E%22%2C%22value%22%3A0%7D%5D"
                                    "&fields=Name%2CSummary%2CClass%2CCustomFields%2CLastUpdated"
                                    "%2CDisabled&orderby=id&order=ASC&per_page=100&page=1"),
                    ==, 1);
}

/* No articles for this user, or none at all: an empty list and no capability for now; a
 * server error or a broken answer is an error. */
static void
test_provider_fetch_none (void)
{
  static const ClassesMode none[] = { CLASSES_NONE, CLASSES_MISSING, CLASSES_FORBIDDEN };
  static const ClassesMode failing[] = { CLASSES_BROKEN, CLASSES_ERROR };

  for (guint i = 0; i < G_N_ELEMENTS (none); i++)
    {
      g_autoptr(FakeRt) rt = fake_rt_new ();
      g_autoptr(RapportProvider) provider = provider_for (rt);
      g_autoptr(GPtrArray) content = NULL;
      g_autoptr(GError) error = NULL;

      rt->classes = none[i];
      content = fetch (provider, &error);
      g_assert_no_error (error);
      g_assert_nonnull (content);
      g_assert_cmpuint (content->len, ==, 0);
      g_assert_cmpuint (n_requests (rt, "GET /rt/REST/2.0/articles"), ==, 0);
      g_assert_false (rapport_provider_can_fetch_canned_content (provider));
      g_assert_false (rapport_provider_can_link_articles (provider));
      /* The rest of what RT does is still there. */
      g_assert_true (rapport_provider_can_write (provider));
    }

  for (guint i = 0; i < G_N_ELEMENTS (failing); i++)
    {
      g_autoptr(FakeRt) rt = fake_rt_new ();
      g_autoptr(RapportProvider) provider = provider_for (rt);
      g_autoptr(GPtrArray) content = NULL;
      g_autoptr(GError) error = NULL;

      rt->classes = failing[i];
      content = fetch (provider, &error);
      g_assert_null (content);
      g_assert_nonnull (error);
      g_assert_true (error->domain == RAPPORT_PROVIDER_ERROR);
      g_assert_true (rapport_provider_can_fetch_canned_content (provider));
    }
}

/* An RT that never stops giving articles is read up to the bound. */
static void
test_provider_fetch_bounded (void)
{
  g_autoptr(FakeRt) rt = fake_rt_new ();
  g_autoptr(RapportProvider) provider = provider_for (rt);
  g_autoptr(GPtrArray) content = NULL;
  g_autoptr(GError) error = NULL;

  rt->endless = TRUE;
  g_test_expect_message ("rapport-rt-provider", G_LOG_LEVEL_MESSAGE,
                         "RT has more articles than Rapport reads*");
  content = fetch (provider, &error);
  g_test_assert_expected_messages ();
  g_assert_no_error (error);
  g_assert_cmpuint (content->len, ==, 5000);
  g_assert_cmpuint (n_requests (rt, "GET /rt/REST/2.0/articles?"), ==, 50);
}

/* The link as RT's reply form makes it: AddRefersTo with the article's URI (never RefersTo,
 * which would drop the ticket's other links), read back; twice is fine. */
static void
test_provider_link (void)
{
  g_autoptr(FakeRt) rt = fake_rt_new ();
  g_autoptr(RapportProvider) provider = provider_for (rt);
  g_autoptr(GError) error = NULL;

  g_assert_true (link_article (provider, "1", "3", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (rt->put_bodies->len, ==, 1);
  g_assert_cmpstr (rt->put_bodies->pdata[0], ==,
                   "{\"AddRefersTo\":\"fsck.com-article://rapport.test/article/3\"}");
  g_assert_cmpuint (n_requests (rt, "GET /rt/REST/2.0/ticket/1"), ==, 1);

  g_assert_true (link_article (provider, "1", "3", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (rt->put_bodies->len, ==, 2);

  /* Ids that are not RT's, an article the user may not see. */
  g_assert_false (link_article (provider, "1", "3 OR 1=1", &error));
  g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (link_article (provider, "x", "3", &error));
  g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (link_article (provider, "1", "2", &error));
  g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_FORBIDDEN);
  g_clear_error (&error);
  g_assert_cmpuint (rt->put_bodies->len, ==, 2);
}

/* RT answers 200 when it refuses: the read-back tells, with RT's words. */
static void
test_provider_link_denied (void)
{
  g_autoptr(FakeRt) rt = fake_rt_new ();
  g_autoptr(RapportProvider) provider = provider_for (rt);
  g_autoptr(GError) error = NULL;

  rt->link_denied = TRUE;
  g_assert_false (link_article (provider, "1", "3", &error));
  g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_FORBIDDEN);
  g_assert_nonnull (strstr (error->message, "Permission denied"));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rapport/rt-articles/class-is-canned", test_class_is_canned);
  g_test_add_func ("/rapport/rt-articles/classes", test_classes);
  g_test_add_func ("/rapport/rt-articles/classes-hostile", test_classes_hostile);
  g_test_add_func ("/rapport/rt-articles/articles", test_articles);
  g_test_add_func ("/rapport/rt-articles/articles-hostile", test_articles_hostile);
  g_test_add_func ("/rapport/rt-articles/articles-odd", test_articles_odd);
  g_test_add_func ("/rapport/rt-articles/uri-and-links", test_uri_and_links);
  g_test_add_func ("/rapport/rt-articles/provider-fetch", test_provider_fetch);
  g_test_add_func ("/rapport/rt-articles/provider-fetch-none", test_provider_fetch_none);
  g_test_add_func ("/rapport/rt-articles/provider-fetch-bounded", test_provider_fetch_bounded);
  g_test_add_func ("/rapport/rt-articles/provider-link", test_provider_link);
  g_test_add_func ("/rapport/rt-articles/provider-link-denied", test_provider_link_denied);

  return g_test_run ();
}
