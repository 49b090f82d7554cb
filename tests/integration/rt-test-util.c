/* rt-test-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-test-rt"

#include "config.h"

#include "rt-test-util.h"

#include "rapport-http.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

typedef struct
{
  char        *workdir;
  gboolean     own_workdir;
  char        *url;
  char        *root_token;  /* secret */
  int          server_pid;  /* the process group leader, 0 when unknown */
  SoupSession *session;
} Server;

static Server server;

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
stop_server_at_exit (void)
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

char *
rapport_rt_test_secret_path (const char *name)
{
  return g_build_filename (server.workdir, name, NULL);
}

char *
rapport_rt_test_read_secret (const char *name)
{
  g_autofree char *path = rapport_rt_test_secret_path (name);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return g_strstrip (text);
}

void
rapport_rt_test_free_secret (char *secret)
{
  if (secret == NULL)
    return;
  memset (secret, 0, strlen (secret));
  g_free (secret);
}

void
rapport_rt_test_start_server (void)
{
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "integration", "rt-server.sh",
                                                   NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *pid_path = NULL;
  g_autofree char *pid_text = NULL;
  const char *start_argv[] = { script, "start", NULL, NULL };
  const char *workdir = g_getenv ("RAPPORT_RT_WORKDIR");
  gint64 begin = g_get_monotonic_time ();
  int wait_status = 0;

  g_assert_null (server.workdir);
  if (workdir != NULL && workdir[0] != '\0')
    {
      server.workdir = g_strdup (workdir);
    }
  else
    {
      server.workdir = g_dir_make_tmp ("rapport-rt-XXXXXX", &error);
      g_assert_no_error (error);
      server.own_workdir = TRUE;
    }
  start_argv[2] = server.workdir;

  stop_argv[0] = g_strdup (script);
  stop_argv[1] = g_strdup ("stop");
  stop_argv[2] = g_strdup (server.workdir);
  stop_argv[3] = NULL;

  /* Whatever happens from here on, the server is stopped. */
  server_started = 1;
  atexit (stop_server_at_exit);
  signal (SIGABRT, on_abort);
  signal (SIGTERM, on_abort);
  signal (SIGSEGV, on_abort);

  if (!g_spawn_sync (NULL, (char **) start_argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL,
                     &wait_status, &error))
    g_error ("Could not run rt-server.sh: %s", error->message);
  if (!g_spawn_check_wait_status (wait_status, &error))
    g_error ("rt-server.sh start failed (RT must run for this suite; tools/test installs it): "
             "%s", error->message);

  server.url = g_strstrip (g_steal_pointer (&out));
  g_assert_true (g_str_has_prefix (server.url, "http://127.0.0.1:"));
  server.root_token = rapport_rt_test_read_secret ("token-root");
  server.session = rapport_http_session_new (60);

  pid_path = g_build_filename (server.workdir, "server.pid", NULL);
  if (g_file_get_contents (pid_path, &pid_text, NULL, NULL))
    server.server_pid = (int) g_ascii_strtoll (pid_text, NULL, 10);

  g_print ("# RT started at %s in %.1f s\n", server.url,
           (double) (g_get_monotonic_time () - begin) / G_USEC_PER_SEC);
}

void
rapport_rt_test_stop_server (void)
{
  g_clear_object (&server.session);
  stop_server_at_exit ();

  if (server.own_workdir && server.workdir != NULL)
    rapport_rt_test_remove_tree (server.workdir);

  rapport_rt_test_free_secret (g_steal_pointer (&server.root_token));
  g_clear_pointer (&server.url, g_free);
  g_clear_pointer (&server.workdir, g_free);
}

const char *
rapport_rt_test_get_url (void)
{
  return server.url;
}

const char *
rapport_rt_test_get_workdir (void)
{
  return server.workdir;
}

/* ------------------------------------------------------------------------------------ */
/* REST2 as root                                                                         */

JsonNode *
rapport_rt_test_request (const char  *method,
                         const char  *path,
                         const char  *body,
                         guint        expected_status,
                         char       **location)
{
  g_autofree char *uri = g_strconcat (server.url, "/REST/2.0/", path, NULL);
  g_autofree char *authorization = g_strconcat ("token ", server.root_token, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  g_assert_nonnull (msg);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                authorization);
  memset (authorization, 0, strlen (authorization));
  if (body != NULL || strcmp (method, "GET") != 0)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body != NULL ? body : "{}",
                                             body != NULL ? strlen (body) : 2);
      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }

  answer = soup_session_send_and_read (server.session, msg, NULL, &error);
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

void
rapport_rt_test_create_user (const char *email,
                             const char *real_name)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *body = NULL;
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "Name");
  json_builder_add_string_value (b, email);
  json_builder_set_member_name (b, "EmailAddress");
  json_builder_add_string_value (b, email);
  json_builder_set_member_name (b, "RealName");
  json_builder_add_string_value (b, real_name);
  json_builder_end_object (b);
  body = json_body (b);
  root = rapport_rt_test_request ("POST", "user", body, SOUP_STATUS_CREATED, NULL);
}

guint64
rapport_rt_test_create_ticket (const RapportRtTestTicket *t)
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

  root = rapport_rt_test_request ("POST", "ticket", body, SOUP_STATUS_CREATED, NULL);
  return created_ticket_id (root);
}

void
rapport_rt_test_add_message (guint64     ticket_id,
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
  root = rapport_rt_test_request ("POST", path, body, SOUP_STATUS_CREATED, NULL);
}

void
rapport_rt_test_set_status (guint64     ticket_id,
                            const char *status)
{
  g_autofree char *path = g_strdup_printf ("ticket/%" G_GUINT64_FORMAT, ticket_id);
  g_autofree char *body = g_strdup_printf ("{\"Status\":\"%s\"}", status);
  g_autoptr(JsonNode) root = rapport_rt_test_request ("PUT", path, body, SOUP_STATUS_OK, NULL);
}

/* ------------------------------------------------------------------------------------ */
/* The server's state                                                                    */

void
rapport_rt_server_ticket_free (RapportRtServerTicket *t)
{
  if (t == NULL)
    return;
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

RapportRtServerTicket *
rapport_rt_test_read_ticket (guint64 id)
{
  g_autofree char *path = g_strdup_printf ("ticket/%" G_GUINT64_FORMAT, id);
  g_autofree char *history_path = NULL;
  g_autofree char *parts_path = NULL;
  g_autoptr(JsonNode) record = rapport_rt_test_request ("GET", path, NULL, SOUP_STATUS_OK, NULL);
  g_autoptr(JsonNode) history = NULL;
  g_autoptr(GHashTable) first_part = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                            g_free);
  RapportRtServerTicket *t = g_new0 (RapportRtServerTicket, 1);
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

  /* Text parts without a file name, by transaction: the first is the message body. Every
   * page, so that a ticket with many messages is read whole. */
  for (guint page = 1;; page++)
    {
      g_autoptr(JsonNode) parts = NULL;
      guint n;

      g_free (parts_path);
      parts_path = g_strdup_printf ("ticket/%" G_GUINT64_FORMAT "/attachments?per_page=100&"
                                    "page=%u&orderby=id&fields=TransactionId,ContentType,"
                                    "Filename,Content", id, page);
      parts = rapport_rt_test_request ("GET", parts_path, NULL, SOUP_STATUS_OK, NULL);
      array = json_object_get_array_member (json_node_get_object (parts), "items");
      n = json_array_get_length (array);
      for (guint i = 0; i < n; i++)
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
      if (n < 100)
        break;
    }

  for (guint page = 1;; page++)
    {
      guint n;

      g_free (history_path);
      history_path = g_strdup_printf ("ticket/%" G_GUINT64_FORMAT "/history?per_page=100&"
                                      "page=%u&orderby=id&fields=Type", id, page);
      g_clear_pointer (&history, json_node_unref);
      history = rapport_rt_test_request ("GET", history_path, NULL, SOUP_STATUS_OK, NULL);
      array = json_object_get_array_member (json_node_get_object (history), "items");
      n = json_array_get_length (array);
      for (guint i = 0; i < n; i++)
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
      if (n < 100)
        break;
    }

  return t;
}

/* ------------------------------------------------------------------------------------ */
/* Rapport                                                                               */

void
rapport_rt_test_on_result_cb (GObject      *source,
                              GAsyncResult *result,
                              gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

GAsyncResult *
rapport_rt_test_wait_for (GAsyncResult **slot)
{
  gint64 deadline = g_get_monotonic_time () + RAPPORT_RT_TEST_WAIT_SECONDS * G_USEC_PER_SEC;

  while (*slot == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  return *slot;
}

GPtrArray *
rapport_rt_test_stored_tickets (RapportStore *store,
                                gint64        account_id)
{
  GPtrArray *all = g_ptr_array_new_with_free_func (g_object_unref);
  const RapportView views[] = { RAPPORT_VIEW_ALL_OPEN, RAPPORT_VIEW_RECENTLY_SOLVED };

  for (guint v = 0; v < G_N_ELEMENTS (views); v++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) ids = rapport_store_list_ticket_ids (store, account_id, views[v], NULL,
                                                             &error);
      g_autoptr(GPtrArray) tickets = NULL;

      g_assert_no_error (error);
      tickets = rapport_store_load_tickets (store, (const gint64 *) ids->data, ids->len, NULL,
                                            &error);
      g_assert_no_error (error);
      for (guint i = 0; i < tickets->len; i++)
        g_ptr_array_add (all, g_object_ref (tickets->pdata[i]));
    }
  return all;
}

RapportTicket *
rapport_rt_test_find_ticket (GPtrArray *tickets,
                             guint64    remote_id)
{
  g_autofree char *id = g_strdup_printf ("%" G_GUINT64_FORMAT, remote_id);

  for (guint i = 0; i < tickets->len; i++)
    if (g_strcmp0 (rapport_ticket_get_remote_id (tickets->pdata[i]), id) == 0)
      return tickets->pdata[i];
  return NULL;
}

RapportTicketStatus
rapport_rt_test_status_of (const char *rt_status)
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

char *
rapport_rt_test_stripped (const char *text)
{
  return g_strstrip (g_strdup (text != NULL ? text : ""));
}

void
rapport_rt_test_remove_tree (const char *path)
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
        rapport_rt_test_remove_tree (child);
      else
        g_remove (child);
    }
  g_rmdir (path);
}

/* ------------------------------------------------------------------------------------ */
/* CPU                                                                                   */

/* utime + stime + cutime + cstime of every process in process group @pgid, in clock ticks;
 * -1 when /proc has none. */
static gint64
group_cpu_ticks (int pgid)
{
  g_autoptr(GDir) proc = g_dir_open ("/proc", 0, NULL);
  const char *name;
  gint64 total = 0;
  guint found = 0;

  if (proc == NULL || pgid <= 0)
    return -1;

  while ((name = g_dir_read_name (proc)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *text = NULL;
      g_auto(GStrv) fields = NULL;
      const char *after;

      if (!g_ascii_isdigit (name[0]))
        continue;
      path = g_build_filename ("/proc", name, "stat", NULL);
      if (!g_file_get_contents (path, &text, NULL, NULL))
        continue;
      /* "pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt
       * utime stime cutime cstime …": fields after the command name, which may hold spaces. */
      after = strrchr (text, ')');
      if (after == NULL)
        continue;
      fields = g_strsplit (after + 2, " ", 0);
      if (g_strv_length (fields) < 15)
        continue;
      if (g_ascii_strtoll (fields[2], NULL, 10) != pgid)
        continue;
      found++;
      for (guint i = 11; i <= 14; i++)
        total += g_ascii_strtoll (fields[i], NULL, 10);
    }

  return found > 0 ? total : -1;
}

void
rapport_rt_test_cpu_sample (RapportRtCpuSample *sample)
{
  struct rusage usage;
  gint64 ticks;

  g_assert_cmpint (getrusage (RUSAGE_SELF, &usage), ==, 0);
  sample->wall_us = g_get_monotonic_time ();
  sample->client_cpu_us = (gint64) usage.ru_utime.tv_sec * G_USEC_PER_SEC + usage.ru_utime.tv_usec +
                          (gint64) usage.ru_stime.tv_sec * G_USEC_PER_SEC + usage.ru_stime.tv_usec;
  ticks = group_cpu_ticks (server.server_pid);
  sample->server_cpu_us = ticks < 0 ? -1 : ticks * G_USEC_PER_SEC / sysconf (_SC_CLK_TCK);
}

void
rapport_rt_test_cpu_print (const char               *what,
                           const RapportRtCpuSample *before,
                           const RapportRtCpuSample *after)
{
  double wall = (double) (after->wall_us - before->wall_us) / G_USEC_PER_SEC;
  double client = (double) (after->client_cpu_us - before->client_cpu_us) / G_USEC_PER_SEC;

  if (wall <= 0)
    wall = 1e-6;

  if (before->server_cpu_us >= 0 && after->server_cpu_us >= 0)
    {
      double rt = (double) (after->server_cpu_us - before->server_cpu_us) / G_USEC_PER_SEC;

      g_print ("# %s: wall %.2f s, client CPU %.3f s (%.1f %% of wall), RT CPU %.2f s "
               "(%.1f %% of wall; %u cores)\n", what, wall, client, 100.0 * client / wall, rt,
               100.0 * rt / wall, g_get_num_processors ());
    }
  else
    {
      g_print ("# %s: wall %.2f s, client CPU %.3f s (%.1f %% of wall), RT CPU unknown\n", what,
               wall, client, 100.0 * client / wall);
    }
}
