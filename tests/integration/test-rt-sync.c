/* test-rt-sync.c
 *
 * Rapport against a real Request Tracker 5 on 127.0.0.1: starts a throwaway RT with
 * rt-server.sh in a private work dir, seeds it over REST2, and checks the real
 * RapportRtProvider, RapportSyncEngine, RapportStore, RapportOutbox and RapportPushEngine
 * against what the server holds. The tests run in order and share the server and the store.
 *
 * Secrets: the API tokens are read from their 0600 files in the work dir; they are never
 * put on a command line, logged or printed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-test-rt-sync"

#include "config.h"

#include "rapport-http.h"
#include "rapport-outbox.h"
#include "rapport-push-engine.h"
#include "rapport-rt-provider.h"
#include "rapport-store.h"
#include "rapport-sync-engine.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define N_CUSTOMERS   12
#define WAIT_SECONDS  90

typedef struct
{
  const char *email;
  const char *real_name;
  const char *subject;
  const char *content;
  const char *channel;  /* NULL: no Channel value */
  const char *owner;    /* NULL: Nobody */
} SeedTicket;

static const SeedTicket seed[N_CUSTOMERS] = {
  { "zoe.angstrom@example.com", "Zoë Ångström", "Café order arrived cold",
    "My café crème order arrived cold — can you help?", "chat", "sam.agent" },
  { "francois.lefevre@example.com", "François Lefèvre", "Facture en double",
    "I was charged twice for invoice 2231.", "phone", "sam.agent" },
  { "jose.nunez@example.com", "José Núñez", "Cannot log in",
    "The login page says my password is wrong.", "social", "lee.agent" },
  { "bjork.gudmundsdottir@example.com", "Björk Guðmundsdóttir", "Broken kettle",
    "The kettle I bought stopped heating after two days.", "web", "sam.agent" },
  { "marta.kowalska@example.com", "Marta Kowalska", "Delivery address change",
    "Please deliver to ul. Żółkiewskiego 5 instead.", "email", NULL },
  { "hiro.tanaka@example.com", "Hiro Tanaka", "Bulk discount",
    "Do you offer a discount for 40 chairs?", "chat", NULL },
  { "amelie.poulain@example.com", "Amélie Poulain", "Thank you",
    "Just wanted to say the new garden gnome is perfect.", NULL, "lee.agent" },
  { "soren.kierkegaard@example.com", "Søren Kierkegaard", "Missing manual",
    "The box had no manual in it.", NULL, NULL },
  { "ines.garcia@example.com", "Inês García", "Wrong colour",
    "I ordered blue and got green.", NULL, NULL },
  { "lukas.muller@example.com", "Lukas Müller", "Rückgabe",
    "How do I return the drill?", NULL, NULL },
  { "nadia.haddad@example.com", "Nadia Haddad", "Invoice copy",
    "Could you send me a copy of my last invoice?", NULL, NULL },
  { "oskar.lindqvist@example.com", "Oskar Lindqvist", "Account deletion",
    "Please delete my account and data.", NULL, NULL },
};

/* Agent replies and comments made while seeding: ticket index, kind, content type, body. */
typedef struct
{
  guint       ticket;
  gboolean    comment;
  gboolean    html;
  const char *content;
  const char *text;      /* what Rapport must show */
} SeedMessage;

static const SeedMessage seed_messages[] = {
  { 1, FALSE, FALSE, "We refunded the second charge.", "We refunded the second charge." },
  { 3, FALSE, FALSE, "A replacement kettle is on its way.",
    "A replacement kettle is on its way." },
  { 5, FALSE, FALSE, "Yes: 10 % from 20 chairs.", "Yes: 10 % from 20 chairs." },
  { 7, FALSE, FALSE, "Here is the PDF manual link.", "Here is the PDF manual link." },
  { 2, FALSE, TRUE, "<p>Hello <b>José</b>,</p><p>please reset your password &amp; retry.</p>",
    NULL },
  { 4, TRUE, FALSE, "Checked with the courier: address change is possible.",
    "Checked with the courier: address change is possible." },
  { 6, FALSE, FALSE, "Glad you like it!", "Glad you like it!" },
};

/* ------------------------------------------------------------------------------------ */
/* The server                                                                            */

typedef struct
{
  char        *workdir;
  gboolean     own_workdir;
  char        *url;
  char        *root_token;   /* secret */
  char        *agent_token;  /* secret: sam.agent's */
  SoupSession *seeder;
  guint64      ticket_ids[N_CUSTOMERS + 1];
  guint64      extra_ticket; /* created after the first sync */

  /* Rapport */
  char              *store_dir;
  RapportStore      *store;
  RapportProvider   *provider;
  RapportSyncEngine *engine;
  gint64             account_id;
  guint              requests;
} World;

static World world;

/* Precomputed for the abort path, where nothing may allocate. */
static char *stop_argv[4];
static volatile sig_atomic_t server_started;

static void
stop_server_from_signal (void)
{
  pid_t pid;

  if (!server_started)
    return;
  server_started = 0;

  pid = fork ();
  if (pid == 0)
    {
      execv (stop_argv[0], stop_argv);
      _exit (127);
    }
  if (pid > 0)
    waitpid (pid, NULL, 0);
}

static void
on_abort (int signum)
{
  stop_server_from_signal ();
  signal (signum, SIG_DFL);
  raise (signum);
}

static void
stop_server (void)
{
  g_autoptr(GError) error = NULL;
  int wait_status = 0;

  if (!server_started)
    return;
  server_started = 0;

  if (!g_spawn_sync (NULL, stop_argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL,
                     &wait_status, &error))
    g_printerr ("rt-server.sh stop could not run: %s\n", error->message);
  else if (!g_spawn_check_wait_status (wait_status, &error))
    g_printerr ("rt-server.sh stop failed: %s\n", error->message);
}

static char *
read_secret (const char *name)
{
  g_autofree char *path = g_build_filename (world.workdir, name, NULL);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return g_strstrip (text);
}

static void
start_server (void)
{
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "integration", "rt-server.sh",
                                                   NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  const char *start_argv[] = { script, "start", world.workdir, NULL };
  gint64 begin = g_get_monotonic_time ();
  int wait_status = 0;

  stop_argv[0] = g_strdup (script);
  stop_argv[1] = g_strdup ("stop");
  stop_argv[2] = g_strdup (world.workdir);
  stop_argv[3] = NULL;

  /* Whatever happens from here on, the server is stopped. */
  server_started = 1;
  atexit (stop_server);
  signal (SIGABRT, on_abort);
  signal (SIGTERM, on_abort);
  signal (SIGSEGV, on_abort);

  if (!g_spawn_sync (NULL, (char **) start_argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL,
                     &wait_status, &error))
    g_error ("Could not run rt-server.sh: %s", error->message);
  if (!g_spawn_check_wait_status (wait_status, &error))
    g_error ("rt-server.sh start failed (RT must run for this suite; tools/test installs it): "
             "%s", error->message);

  world.url = g_strstrip (g_steal_pointer (&out));
  g_assert_true (g_str_has_prefix (world.url, "http://127.0.0.1:"));
  world.root_token = read_secret ("token-root");
  world.agent_token = read_secret ("token-sam");
  g_print ("# RT started at %s in %.1f s\n", world.url,
           (double) (g_get_monotonic_time () - begin) / G_USEC_PER_SEC);
}

/* ------------------------------------------------------------------------------------ */
/* REST2 as root, for seeding and for reading the server's state                        */

static JsonNode *
rt_request (const char  *method,
            const char  *path,
            const char  *body,
            guint        expected_status,
            char       **location)
{
  g_autofree char *uri = g_strconcat (world.url, "/REST/2.0/", path, NULL);
  g_autofree char *authorization = g_strconcat ("token ", world.root_token, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  g_assert_nonnull (msg);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                authorization);
  if (body != NULL || strcmp (method, "GET") != 0)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body != NULL ? body : "{}",
                                             body != NULL ? strlen (body) : 2);
      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }

  answer = soup_session_send_and_read (world.seeder, msg, NULL, &error);
  g_assert_no_error (error);
  if (soup_message_get_status (msg) != expected_status)
    g_error ("%s %s: HTTP %u, expected %u: %.*s", method, path, soup_message_get_status (msg),
             expected_status, (int) MIN (g_bytes_get_size (answer), 400),
             (const char *) g_bytes_get_data (answer, NULL));

  if (location != NULL)
    *location = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                        "Location"));

  root = rapport_http_parse_json (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer),
                                  path, &error);
  g_assert_no_error (error);
  return root;
}

static char *
json_body (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  return json_to_string (root, FALSE);
}

static guint64
created_ticket_id (JsonNode *root)
{
  JsonObject *object = json_node_get_object (root);
  JsonNode *id = json_object_get_member (object, "id");

  if (json_node_get_value_type (id) == G_TYPE_STRING)
    return g_ascii_strtoull (json_node_get_string (id), NULL, 10);
  return (guint64) json_node_get_int (id);
}

static guint64
create_ticket (const SeedTicket *t)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *body = NULL;
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "Queue");
  json_builder_add_string_value (b, "Support");
  json_builder_set_member_name (b, "Subject");
  json_builder_add_string_value (b, t->subject);
  json_builder_set_member_name (b, "Requestor");
  json_builder_add_string_value (b, t->email);
  json_builder_set_member_name (b, "Content");
  json_builder_add_string_value (b, t->content);
  json_builder_set_member_name (b, "ContentType");
  json_builder_add_string_value (b, "text/plain");
  if (t->owner != NULL)
    {
      json_builder_set_member_name (b, "Owner");
      json_builder_add_string_value (b, t->owner);
    }
  if (t->channel != NULL)
    {
      json_builder_set_member_name (b, "CustomFields");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "Channel");
      json_builder_add_string_value (b, t->channel);
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
  body = json_body (b);

  root = rt_request ("POST", "ticket", body, SOUP_STATUS_CREATED, NULL);
  return created_ticket_id (root);
}

static void
add_message (guint64     ticket_id,
             gboolean    comment,
             gboolean    html,
             const char *content)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *body = NULL;
  g_autofree char *path = NULL;
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "Content");
  json_builder_add_string_value (b, content);
  json_builder_set_member_name (b, "ContentType");
  json_builder_add_string_value (b, html ? "text/html" : "text/plain");
  json_builder_end_object (b);
  body = json_body (b);

  path = g_strdup_printf ("ticket/%" G_GUINT64_FORMAT "/%s", ticket_id,
                          comment ? "comment" : "correspond");
  root = rt_request ("POST", path, body, SOUP_STATUS_CREATED, NULL);
}

static void
set_status (guint64     ticket_id,
            const char *status)
{
  g_autofree char *path = g_strdup_printf ("ticket/%" G_GUINT64_FORMAT, ticket_id);
  g_autofree char *body = g_strdup_printf ("{\"Status\":\"%s\"}", status);
  g_autoptr(JsonNode) root = rt_request ("PUT", path, body, SOUP_STATUS_OK, NULL);
}

static void
seed_server (void)
{
  gint64 begin = g_get_monotonic_time ();

  for (guint i = 0; i < N_CUSTOMERS; i++)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autofree char *body = NULL;
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "Name");
      json_builder_add_string_value (b, seed[i].email);
      json_builder_set_member_name (b, "EmailAddress");
      json_builder_add_string_value (b, seed[i].email);
      json_builder_set_member_name (b, "RealName");
      json_builder_add_string_value (b, seed[i].real_name);
      json_builder_end_object (b);
      body = json_body (b);
      root = rt_request ("POST", "user", body, SOUP_STATUS_CREATED, NULL);
    }

  for (guint i = 0; i < N_CUSTOMERS; i++)
    world.ticket_ids[i] = create_ticket (&seed[i]);

  for (guint i = 0; i < G_N_ELEMENTS (seed_messages); i++)
    add_message (world.ticket_ids[seed_messages[i].ticket], seed_messages[i].comment,
                 seed_messages[i].html, seed_messages[i].content);

  set_status (world.ticket_ids[6], "resolved");
  set_status (world.ticket_ids[8], "stalled");

  g_print ("# seeded %u customers, %u tickets, %u replies and comments in %.1f s\n",
           N_CUSTOMERS, N_CUSTOMERS, (guint) G_N_ELEMENTS (seed_messages),
           (double) (g_get_monotonic_time () - begin) / G_USEC_PER_SEC);
}

/* ------------------------------------------------------------------------------------ */
/* The server's state                                                                    */

typedef struct
{
  char      *subject;
  char      *status;
  char      *owner;     /* NULL for Nobody */
  char      *requestor;
  char      *channel;   /* NULL when unset */
  GPtrArray *types;     /* (element-type utf8) Create / Correspond / Comment, oldest first */
  GPtrArray *bodies;    /* (element-type utf8) the text part of each, same order */
} ServerTicket;

static void
server_ticket_free (ServerTicket *t)
{
  g_free (t->subject);
  g_free (t->status);
  g_free (t->owner);
  g_free (t->requestor);
  g_free (t->channel);
  g_ptr_array_unref (t->types);
  g_ptr_array_unref (t->bodies);
  g_free (t);
}

static const char *
ref_id (JsonNode *node)
{
  JsonObject *object;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  object = json_node_get_object (node);
  return json_object_get_string_member_with_default (object, "id", NULL);
}

static const char *
string_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* Reads one ticket as root: the record, then its messages and their text bodies. */
static ServerTicket *
read_server_ticket (guint64 id)
{
  g_autofree char *path = g_strdup_printf ("ticket/%" G_GUINT64_FORMAT, id);
  g_autofree char *history_path = NULL;
  g_autofree char *parts_path = NULL;
  g_autoptr(JsonNode) record = rt_request ("GET", path, NULL, SOUP_STATUS_OK, NULL);
  g_autoptr(JsonNode) history = NULL;
  g_autoptr(JsonNode) parts = NULL;
  g_autoptr(GHashTable) first_part = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                            g_free);
  ServerTicket *t = g_new0 (ServerTicket, 1);
  JsonObject *object = json_node_get_object (record);
  JsonArray *array;

  t->types = g_ptr_array_new_with_free_func (g_free);
  t->bodies = g_ptr_array_new_with_free_func (g_free);
  t->subject = g_strdup (string_member (object, "Subject"));
  t->status = g_strdup (string_member (object, "Status"));
  if (g_strcmp0 (ref_id (json_object_get_member (object, "Owner")), "Nobody") != 0)
    t->owner = g_strdup (ref_id (json_object_get_member (object, "Owner")));
  array = json_object_get_array_member (object, "Requestor");
  if (array != NULL && json_array_get_length (array) > 0)
    t->requestor = g_strdup (ref_id (json_array_get_element (array, 0)));
  array = json_object_get_array_member (object, "CustomFields");
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *cf = json_array_get_object_element (array, i);
      JsonArray *values = json_object_get_array_member (cf, "values");

      if (g_strcmp0 (string_member (cf, "name"), "Channel") == 0 && values != NULL &&
          json_array_get_length (values) > 0)
        t->channel = g_strdup (json_array_get_string_element (values, 0));
    }

  /* Text parts without a file name, by transaction: the first is the message body. */
  parts_path = g_strdup_printf ("ticket/%" G_GUINT64_FORMAT "/attachments?per_page=100&"
                                "orderby=id&fields=TransactionId,ContentType,Filename,Content",
                                id);
  parts = rt_request ("GET", parts_path, NULL, SOUP_STATUS_OK, NULL);
  array = json_object_get_array_member (json_node_get_object (parts), "items");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *part = json_array_get_object_element (array, i);
      const char *type = string_member (part, "ContentType");
      const char *txn = string_member (part, "TransactionId");
      const char *filename = string_member (part, "Filename");
      const char *content = string_member (part, "Content");

      if (txn == NULL || type == NULL || !g_str_has_prefix (type, "text/") ||
          (filename != NULL && filename[0] != '\0') || content == NULL ||
          g_hash_table_contains (first_part, txn))
        continue;
      g_hash_table_insert (first_part, g_strdup (txn), g_strdup (content));
    }

  history_path = g_strdup_printf ("ticket/%" G_GUINT64_FORMAT "/history?per_page=100&"
                                  "orderby=id&fields=Type", id);
  history = rt_request ("GET", history_path, NULL, SOUP_STATUS_OK, NULL);
  array = json_object_get_array_member (json_node_get_object (history), "items");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *txn = json_array_get_object_element (array, i);
      const char *type = string_member (txn, "Type");
      const char *txn_id = string_member (txn, "id");

      if (g_strcmp0 (type, "Create") != 0 && g_strcmp0 (type, "Correspond") != 0 &&
          g_strcmp0 (type, "Comment") != 0)
        continue;
      g_ptr_array_add (t->types, g_strdup (type));
      g_ptr_array_add (t->bodies, g_strdup (txn_id != NULL ?
                                            g_hash_table_lookup (first_part, txn_id) : NULL));
    }

  return t;
}

/* ------------------------------------------------------------------------------------ */
/* Rapport                                                                               */

static void
on_request_queued (SoupSession *session,
                   SoupMessage *msg,
                   gpointer     user_data)
{
  world.requests++;
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
  gint64 deadline = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;

  while (*slot == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  return *slot;
}

/* One full pull; returns its seconds and counts its requests into *requests. */
static double
sync_now (guint *requests)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 begin = g_get_monotonic_time ();
  guint before = world.requests;
  gint64 pages;

  rapport_sync_engine_pull_async (world.engine, NULL, on_result_cb, &result);
  pages = rapport_sync_engine_pull_finish (world.engine, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpint (pages, >=, 0);

  *requests = world.requests - before;
  return (double) (g_get_monotonic_time () - begin) / G_USEC_PER_SEC;
}

static GPtrArray *
stored_tickets (void)
{
  GPtrArray *all = g_ptr_array_new_with_free_func (g_object_unref);
  const RapportView views[] = { RAPPORT_VIEW_ALL_OPEN, RAPPORT_VIEW_RECENTLY_SOLVED };

  for (guint v = 0; v < G_N_ELEMENTS (views); v++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) ids = rapport_store_list_ticket_ids (world.store, world.account_id,
                                                             views[v], NULL, &error);
      g_autoptr(GPtrArray) tickets = NULL;

      g_assert_no_error (error);
      tickets = rapport_store_load_tickets (world.store, (const gint64 *) ids->data, ids->len,
                                            NULL, &error);
      g_assert_no_error (error);
      for (guint i = 0; i < tickets->len; i++)
        g_ptr_array_add (all, g_object_ref (tickets->pdata[i]));
    }
  return all;
}

static RapportTicket *
stored_ticket (GPtrArray *tickets,
               guint64    remote_id)
{
  g_autofree char *id = g_strdup_printf ("%" G_GUINT64_FORMAT, remote_id);

  for (guint i = 0; i < tickets->len; i++)
    if (g_strcmp0 (rapport_ticket_get_remote_id (tickets->pdata[i]), id) == 0)
      return tickets->pdata[i];
  return NULL;
}

static RapportTicketStatus
status_of (const char *rt_status)
{
  if (g_strcmp0 (rt_status, "new") == 0)
    return RAPPORT_TICKET_STATUS_NEW;
  if (g_strcmp0 (rt_status, "open") == 0)
    return RAPPORT_TICKET_STATUS_OPEN;
  if (g_strcmp0 (rt_status, "stalled") == 0)
    return RAPPORT_TICKET_STATUS_ON_HOLD;
  if (g_strcmp0 (rt_status, "resolved") == 0)
    return RAPPORT_TICKET_STATUS_SOLVED;
  return RAPPORT_TICKET_STATUS_CLOSED;
}

static char *
stripped (const char *text)
{
  return g_strstrip (g_strdup (text != NULL ? text : ""));
}

/* The text Rapport shows for a seeded body: HTML as text, the rest as sent. */
static gboolean
body_matches (const char *stored,
              const char *server)
{
  g_autofree char *a = stripped (stored);
  g_autofree char *b = stripped (server);

  if (strcmp (a, b) == 0)
    return TRUE;

  /* The one HTML reply: its text, never its markup. */
  if (g_str_has_prefix (b, "<p>"))
    return strstr (a, "Hello José,") != NULL &&
           strstr (a, "please reset your password & retry.") != NULL && strchr (a, '<') == NULL;

  return FALSE;
}

/* Distinct customers of the stored tickets. */
static guint
count_distinct_customers (void)
{
  g_autoptr(GPtrArray) tickets = stored_tickets ();
  g_autoptr(GArray) seen = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < tickets->len; i++)
    {
      gint64 id = rapport_ticket_get_customer_id (tickets->pdata[i]);
      gboolean found = FALSE;

      for (guint j = 0; j < seen->len; j++)
        found = found || g_array_index (seen, gint64, j) == id;
      if (!found)
        g_array_append_val (seen, id);
    }
  return seen->len;
}

/* Compares every seeded (and later created) ticket in the store with the server, field by
 * field; returns the number of messages compared. */
static guint
compare_with_server (guint *n_tickets_out,
                     guint *n_customers_out)
{
  g_autoptr(GPtrArray) tickets = stored_tickets ();
  guint n_expected = N_CUSTOMERS + (world.extra_ticket != 0 ? 1 : 0);
  guint n_messages = 0;

  g_assert_cmpuint (tickets->len, ==, n_expected);

  for (guint i = 0; i < n_expected; i++)
    {
      guint64 id = i < N_CUSTOMERS ? world.ticket_ids[i] : world.extra_ticket;
      ServerTicket *server = read_server_ticket (id);
      RapportTicket *ticket = stored_ticket (tickets, id);
      g_autoptr(GPtrArray) messages = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(RapportCustomer) customer = NULL;
      RapportChannel channel = RAPPORT_CHANNEL_EMAIL;
      gint64 customer_id;

      g_test_message ("ticket %" G_GUINT64_FORMAT, id);
      g_assert_nonnull (ticket);
      g_assert_cmpstr (rapport_ticket_get_subject (ticket), ==, server->subject);
      g_assert_cmpint (rapport_ticket_get_status (ticket), ==, status_of (server->status));
      g_assert_cmpstr (rapport_ticket_get_assignee_remote_id (ticket), ==, server->owner);
      g_assert_cmpstr (rapport_ticket_get_requester_remote_id (ticket), ==, server->requestor);
      if (server->channel != NULL)
        g_assert_true (rapport_channel_from_string (server->channel, &channel));
      g_assert_cmpint (rapport_ticket_get_channel (ticket), ==, channel);

      messages = rapport_store_list_messages (world.store, rapport_ticket_get_id (ticket), NULL,
                                              &error);
      g_assert_no_error (error);
      g_assert_cmpuint (messages->len, ==, server->types->len);
      for (guint m = 0; m < messages->len; m++)
        {
          RapportMessage *message = messages->pdata[m];
          gboolean comment = strcmp (server->types->pdata[m], "Comment") == 0;

          g_assert_cmpint (rapport_message_get_visibility (message), ==,
                           comment ? RAPPORT_VISIBILITY_INTERNAL : RAPPORT_VISIBILITY_PUBLIC);
          if (!body_matches (rapport_message_get_body (message), server->bodies->pdata[m]))
            g_error ("ticket %" G_GUINT64_FORMAT " message %u: stored “%s”, server “%s”", id, m,
                     rapport_message_get_body (message), (char *) server->bodies->pdata[m]);
          n_messages++;
        }

      customer_id = rapport_ticket_get_customer_id (ticket);
      g_assert_cmpint (customer_id, >, 0);
      customer = rapport_store_load_customer (world.store, customer_id, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (rapport_customer_get_remote_id (customer), ==, server->requestor);
      for (guint c = 0; c < N_CUSTOMERS; c++)
        if (strcmp (seed[c].email, server->requestor) == 0)
          g_assert_cmpstr (rapport_customer_get_display_name (customer), ==, seed[c].real_name);

      server_ticket_free (server);
    }

  *n_tickets_out = tickets->len;
  *n_customers_out = count_distinct_customers ();
  return n_messages;
}

/* ------------------------------------------------------------------------------------ */
/* Tests (in order; they share the server and the store)                                 */

static void
test_initial_sync (void)
{
  guint requests = 0, n_tickets = 0, n_customers = 0, n_messages;
  double seconds;

  seconds = sync_now (&requests);
  g_print ("# initial sync: %.2f s, %u requests\n", seconds, requests);

  n_messages = compare_with_server (&n_tickets, &n_customers);
  g_assert_cmpuint (n_tickets, ==, N_CUSTOMERS);
  g_assert_cmpuint (count_distinct_customers (), ==, N_CUSTOMERS);
  g_assert_cmpuint (n_messages, ==, N_CUSTOMERS + G_N_ELEMENTS (seed_messages));
  g_print ("# initial sync stored %u tickets, %u messages, %u customers\n", n_tickets,
           n_messages, count_distinct_customers ());
}

static void
test_incremental_sync (void)
{
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;
  SeedTicket extra = { seed[0].email, seed[0].real_name, "Second order, also cold",
                       "It happened again with today's order.", "chat", NULL };
  guint requests = 0, idle_requests = 0, n_tickets = 0, n_customers = 0, n_messages;
  double seconds;
  RapportTicket *ticket;

  /* Nothing changed: the cheapest possible pull. */
  seconds = sync_now (&idle_requests);
  g_print ("# incremental sync with nothing changed: %.2f s, %u requests\n", seconds,
           idle_requests);
  g_assert_cmpuint (idle_requests, >=, 1);
  g_assert_cmpuint (idle_requests, <=, 2);

  /* Server-side changes: a reply, a status change, a new ticket. */
  add_message (world.ticket_ids[10], FALSE, FALSE, "Attached is the copy of invoice 8812.");
  set_status (world.ticket_ids[11], "stalled");
  world.extra_ticket = create_ticket (&extra);

  seconds = sync_now (&requests);
  g_print ("# incremental sync after 3 changes: %.2f s, %u requests\n", seconds, requests);

  after = stored_tickets ();
  g_assert_cmpuint (after->len, ==, N_CUSTOMERS + 1);
  ticket = stored_ticket (after, world.ticket_ids[11]);
  g_assert_cmpint (rapport_ticket_get_status (ticket), ==, RAPPORT_TICKET_STATUS_ON_HOLD);
  ticket = stored_ticket (after, world.ticket_ids[10]);
  messages = rapport_store_list_messages (world.store, rapport_ticket_get_id (ticket), NULL,
                                          &error);
  g_assert_no_error (error);
  g_assert_cmpuint (messages->len, ==, 2);
  ticket = stored_ticket (after, world.extra_ticket);
  g_assert_nonnull (ticket);
  g_assert_cmpint (rapport_ticket_get_channel (ticket), ==, RAPPORT_CHANNEL_CHAT);

  /* Exactly those: everything else still equals the server. */
  n_messages = compare_with_server (&n_tickets, &n_customers);
  g_assert_cmpuint (n_messages, ==, N_CUSTOMERS + G_N_ELEMENTS (seed_messages) + 2);
  /* The new ticket's requester is an existing customer. */
  g_assert_cmpuint (count_distinct_customers (), ==, N_CUSTOMERS);
}

static RapportOutboxOp *
wait_for_op (gint64 op_id)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RapportOutboxOp) op = rapport_outbox_get_op (world.store, op_id, NULL, &error);

      g_assert_no_error (error);
      if (rapport_outbox_state_is_terminal (op->state))
        return g_steal_pointer (&op);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (20 * 1000);
    }
}

static guint
count_on_server (guint64     ticket_id,
                 const char *body)
{
  ServerTicket *server = read_server_ticket (ticket_id);
  g_autofree char *wanted = stripped (body);
  guint n = 0;

  for (guint i = 0; i < server->bodies->len; i++)
    {
      g_autofree char *have = stripped (server->bodies->pdata[i]);

      if (strcmp (have, wanted) == 0)
        n++;
    }
  server_ticket_free (server);
  return n;
}

static guint
count_in_cache (RapportTicket     *ticket,
                const char        *body,
                RapportVisibility  visibility)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) messages = rapport_store_list_messages (world.store,
                                                               rapport_ticket_get_id (ticket),
                                                               NULL, &error);
  g_autofree char *wanted = stripped (body);
  guint n = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < messages->len; i++)
    {
      g_autofree char *have = stripped (rapport_message_get_body (messages->pdata[i]));

      if (strcmp (have, wanted) == 0)
        {
          g_assert_cmpint (rapport_message_get_visibility (messages->pdata[i]), ==, visibility);
          n++;
        }
    }
  return n;
}

static void
test_reply_and_note (void)
{
  const char *reply = "Thanks, Björk — the replacement kettle ships today.";
  const char *note = "Internal: second kettle from this batch, tell QA.";
  g_autoptr(GPtrArray) tickets = stored_tickets ();
  g_autoptr(RapportPushEngine) push = NULL;
  g_autoptr(RapportOutboxOp) reply_op = NULL;
  g_autoptr(RapportOutboxOp) note_op = NULL;
  g_autoptr(RapportOutboxOp) reply_done = NULL;
  g_autoptr(RapportOutboxOp) note_done = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GError) error = NULL;
  RapportTicket *ticket = stored_ticket (tickets, world.ticket_ids[3]);
  guint requests = 0;

  g_assert_nonnull (ticket);
  push = rapport_push_engine_new (world.store, world.provider, world.account_id);
  rapport_push_engine_start (push);

  reply_op = rapport_outbox_enqueue_message (world.store, world.account_id,
                                             rapport_ticket_get_id (ticket),
                                             RAPPORT_VISIBILITY_PUBLIC, reply, 0, NULL, &error);
  g_assert_no_error (error);
  note_op = rapport_outbox_enqueue_message (world.store, world.account_id,
                                            rapport_ticket_get_id (ticket),
                                            RAPPORT_VISIBILITY_INTERNAL, note, 0, NULL, &error);
  g_assert_no_error (error);

  reply_done = wait_for_op (reply_op->id);
  note_done = wait_for_op (note_op->id);
  g_assert_cmpint (reply_done->state, ==, RAPPORT_OUTBOX_STATE_DONE);
  g_assert_cmpint (note_done->state, ==, RAPPORT_OUTBOX_STATE_DONE);
  g_assert_nonnull (reply_done->remote_message_id);
  g_assert_nonnull (note_done->remote_message_id);
  rapport_push_engine_stop (push);

  /* Once on the server, as sam.agent's reply and comment. */
  g_assert_cmpuint (count_on_server (world.ticket_ids[3], reply), ==, 1);
  g_assert_cmpuint (count_on_server (world.ticket_ids[3], note), ==, 1);

  /* Once in the cache after the next pull. */
  sync_now (&requests);
  after = stored_tickets ();
  ticket = stored_ticket (after, world.ticket_ids[3]);
  g_assert_cmpuint (count_in_cache (ticket, reply, RAPPORT_VISIBILITY_PUBLIC), ==, 1);
  g_assert_cmpuint (count_in_cache (ticket, note, RAPPORT_VISIBILITY_INTERNAL), ==, 1);
}

static void
test_status_and_owner (void)
{
  g_autoptr(GPtrArray) tickets = stored_tickets ();
  g_autoptr(RapportPushEngine) push = NULL;
  g_autoptr(RapportTicketChanges) changes = rapport_ticket_changes_new ();
  g_autoptr(RapportOutboxOp) op = NULL;
  g_autoptr(RapportOutboxOp) done = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GError) error = NULL;
  RapportTicket *ticket = stored_ticket (tickets, world.ticket_ids[5]);
  ServerTicket *server;
  guint requests = 0;

  g_assert_nonnull (ticket);
  push = rapport_push_engine_new (world.store, world.provider, world.account_id);
  rapport_push_engine_start (push);

  changes->fields = RAPPORT_TICKET_FIELD_STATUS | RAPPORT_TICKET_FIELD_ASSIGNEE;
  changes->status = RAPPORT_TICKET_STATUS_ON_HOLD;
  changes->assignee_remote_id = g_strdup ("lee.agent");
  op = rapport_outbox_enqueue_update (world.store, world.account_id,
                                      rapport_ticket_get_id (ticket), changes, NULL, &error);
  g_assert_no_error (error);
  done = wait_for_op (op->id);
  if (done->state != RAPPORT_OUTBOX_STATE_DONE)
    g_error ("the update ended %s: %s", rapport_outbox_state_to_string (done->state),
             done->last_error != NULL ? done->last_error : "");
  rapport_push_engine_stop (push);

  server = read_server_ticket (world.ticket_ids[5]);
  g_assert_cmpstr (server->status, ==, "stalled");
  g_assert_cmpstr (server->owner, ==, "lee.agent");
  server_ticket_free (server);

  /* sam.agent may not take lee.agent's ticket away: RT answers 200 and refuses in words;
   * the read-back turns that into a failed op with RT's message, and nothing changes. */
  {
    g_autoptr(RapportPushEngine) again = rapport_push_engine_new (world.store, world.provider,
                                                                  world.account_id);
    g_autoptr(RapportTicketChanges) unassign = rapport_ticket_changes_new ();
    g_autoptr(RapportOutboxOp) op2 = NULL;
    g_autoptr(RapportOutboxOp) done2 = NULL;

    rapport_push_engine_start (again);
    unassign->fields = RAPPORT_TICKET_FIELD_ASSIGNEE;
    op2 = rapport_outbox_enqueue_update (world.store, world.account_id,
                                         rapport_ticket_get_id (ticket), unassign, NULL,
                                         &error);
    g_assert_no_error (error);
    done2 = wait_for_op (op2->id);
    rapport_push_engine_stop (again);
    g_assert_cmpint (done2->state, ==, RAPPORT_OUTBOX_STATE_FAILED);
    g_assert_cmpint (done2->error_code, ==, RAPPORT_PROVIDER_ERROR_INVALID_INPUT);
    g_assert_nonnull (strstr (done2->last_error, "You can only reassign tickets"));

    server = read_server_ticket (world.ticket_ids[5]);
    g_assert_cmpstr (server->status, ==, "stalled");
    g_assert_cmpstr (server->owner, ==, "lee.agent");
    server_ticket_free (server);
  }

  /* The next pull keeps them. */
  sync_now (&requests);
  after = stored_tickets ();
  ticket = stored_ticket (after, world.ticket_ids[5]);
  g_assert_cmpint (rapport_ticket_get_status (ticket), ==, RAPPORT_TICKET_STATUS_ON_HOLD);
  g_assert_cmpstr (rapport_ticket_get_assignee_remote_id (ticket), ==, "lee.agent");

  /* sam.agent may take an unowned ticket and give it back. */
  {
    g_autoptr(RapportTicketChanges) take = rapport_ticket_changes_new ();
    g_autoptr(RapportTicketChanges) give_back = rapport_ticket_changes_new ();
    g_autoptr(RapportPushEngine) third = rapport_push_engine_new (world.store, world.provider,
                                                                  world.account_id);
    g_autoptr(RapportOutboxOp) op3 = NULL;
    g_autoptr(RapportOutboxOp) op4 = NULL;
    g_autoptr(RapportOutboxOp) done3 = NULL;
    g_autoptr(RapportOutboxOp) done4 = NULL;
    g_autoptr(GPtrArray) last = NULL;
    RapportTicket *unowned = stored_ticket (after, world.ticket_ids[7]);

    g_assert_null (rapport_ticket_get_assignee_remote_id (unowned));
    rapport_push_engine_start (third);
    take->fields = RAPPORT_TICKET_FIELD_ASSIGNEE | RAPPORT_TICKET_FIELD_STATUS;
    take->assignee_remote_id = g_strdup ("sam.agent");
    take->status = RAPPORT_TICKET_STATUS_SOLVED;
    op3 = rapport_outbox_enqueue_update (world.store, world.account_id,
                                         rapport_ticket_get_id (unowned), take, NULL, &error);
    g_assert_no_error (error);
    give_back->fields = RAPPORT_TICKET_FIELD_ASSIGNEE;
    op4 = rapport_outbox_enqueue_update (world.store, world.account_id,
                                         rapport_ticket_get_id (unowned), give_back, NULL,
                                         &error);
    g_assert_no_error (error);
    done3 = wait_for_op (op3->id);
    done4 = wait_for_op (op4->id);
    rapport_push_engine_stop (third);
    g_assert_cmpint (done3->state, ==, RAPPORT_OUTBOX_STATE_DONE);
    if (done4->state != RAPPORT_OUTBOX_STATE_DONE)
      g_error ("giving the ticket back ended %s: %s",
               rapport_outbox_state_to_string (done4->state),
               done4->last_error != NULL ? done4->last_error : "");

    server = read_server_ticket (world.ticket_ids[7]);
    g_assert_cmpstr (server->status, ==, "resolved");
    g_assert_null (server->owner);
    server_ticket_free (server);

    sync_now (&requests);
    last = stored_tickets ();
    unowned = stored_ticket (last, world.ticket_ids[7]);
    g_assert_cmpint (rapport_ticket_get_status (unowned), ==, RAPPORT_TICKET_STATUS_SOLVED);
    g_assert_null (rapport_ticket_get_assignee_remote_id (unowned));
  }
}

/* ------------------------------------------------------------------------------------ */

static void
set_up_world (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(RapportAccount) account = NULL;
  g_autofree char *db = NULL;
  const char *workdir = g_getenv ("RAPPORT_RT_WORKDIR");

  if (workdir != NULL && workdir[0] != '\0')
    {
      world.workdir = g_strdup (workdir);
    }
  else
    {
      world.workdir = g_dir_make_tmp ("rapport-rt-XXXXXX", &error);
      g_assert_no_error (error);
      world.own_workdir = TRUE;
    }

  world.seeder = rapport_http_session_new (60);
  start_server ();
  seed_server ();

  world.store_dir = g_dir_make_tmp ("rapport-rt-store-XXXXXX", &error);
  g_assert_no_error (error);
  db = g_build_filename (world.store_dir, "cache.db", NULL);
  world.store = rapport_store_new (db);
  g_assert_true (rapport_store_open (world.store, NULL, &error));
  g_assert_no_error (error);

  world.provider = rapport_rt_provider_new (world.url, world.agent_token, &error);
  g_assert_no_error (error);
  rapport_rt_provider_set_queue (RAPPORT_RT_PROVIDER (world.provider), "Support");
  g_signal_connect (rapport_rt_provider_get_session (RAPPORT_RT_PROVIDER (world.provider)),
                    "request-queued", G_CALLBACK (on_request_queued), NULL);

  rapport_provider_whoami_async (world.provider, NULL, on_result_cb, &result);
  account = rapport_provider_whoami_finish (world.provider, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_true (rapport_store_add_account (world.store, account, NULL, &error));
  g_assert_no_error (error);
  world.account_id = rapport_account_get_id (account);

  world.engine = rapport_sync_engine_new (world.store, world.provider, world.account_id);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_remove (path);
      return;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_remove (child);
    }
  g_rmdir (path);
}

static void
tear_down_world (void)
{
  g_clear_object (&world.engine);
  g_clear_object (&world.provider);
  if (world.store != NULL)
    rapport_store_close (world.store);
  g_clear_object (&world.store);
  g_clear_object (&world.seeder);

  stop_server ();

  if (world.store_dir != NULL)
    remove_tree (world.store_dir);
  if (world.own_workdir)
    remove_tree (world.workdir);

  if (world.root_token != NULL)
    memset (world.root_token, 0, strlen (world.root_token));
  if (world.agent_token != NULL)
    memset (world.agent_token, 0, strlen (world.agent_token));
  g_free (world.root_token);
  g_free (world.agent_token);
  g_free (world.url);
  g_free (world.workdir);
  g_free (world.store_dir);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rapport/integration/rt/initial-sync", test_initial_sync);
  g_test_add_func ("/rapport/integration/rt/incremental-sync", test_incremental_sync);
  g_test_add_func ("/rapport/integration/rt/reply-and-note", test_reply_and_note);
  g_test_add_func ("/rapport/integration/rt/status-and-owner", test_status_and_owner);

  set_up_world ();
  status = g_test_run ();
  tear_down_world ();

  return status;
}
