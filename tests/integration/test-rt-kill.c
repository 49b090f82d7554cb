/* test-rt-kill.c
 *
 * kill -9 of Rapport in the middle of sending, against a real Request Tracker 5: the client
 * (rapport-push-client, the app's core and provider libraries without the UI) queues replies
 * and notes in a store file and sends them through rapport-fault-proxy, which holds every
 * answer to a POST for a while after RT has acted on it. The test watches the store file
 * (read-only) and the proxy, SIGKILLs the client at chosen points while an op is in flight —
 * once as soon as it is, twice while RT has recorded a reply whose answer the client has not
 * seen, and once while a reply is still on its way to RT (held by the proxy as by a busy
 * server; it arrives after the kill) — starts it again on the same store each time, and lets
 * the last run drain the outbox. Then the server, read directly, has every reply and note exactly once, the outbox
 * has every op done, and the cache has each message once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-test-rt-kill"

#include "config.h"

#include "rapport-fault-proxy.h"
#include "rapport-store.h"
#include "rt-test-util.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

#define N_TICKETS       4
#define N_MESSAGES      24
#define POST_DELAY_MS   1500
#define IN_TRANSIT_MS   3000
#define KILL_WAIT_S     120
#define RUN_TIMEOUT_S   240

static const RapportRtTestTicket seed[N_TICKETS] = {
  { "ines.moreno@example.com", "Inès Moreno", "Order never arrived",
    "Order 7781 was due last Monday.", "email", "sam.agent" },
  { "jonas.berg@example.com", "Jonas Berg", "Charged in the wrong currency",
    "I was charged in dollars instead of euros.", "chat", NULL },
  { "kemal.arslan@example.com", "Kemal Arslan", "Cannot change e-mail",
    "The settings page rejects my new address.", "web", "sam.agent" },
  { "lea.fischer@example.com", "Lea Fischer", "Rücksendung",
    "Das Paket war beschädigt.", NULL, NULL },
};

/* Where to kill: once at least @min_done ops are done and one is in flight; with
 * @wait_for_held, only while the proxy holds the answer to a POST RT has carried out; with
 * @in_transit, while the proxy holds a POST on its way to RT (for IN_TRANSIT_MS, as a busy
 * server would; it reaches RT after the kill); then @extra_ms later. */
typedef struct
{
  const char *what;
  guint       min_done;
  gboolean    wait_for_held;
  gboolean    in_transit;
  guint       extra_ms;
} KillPoint;

static const KillPoint kills[] = {
  { "as soon as the first op is in flight", 0, FALSE, FALSE, 0 },
  { "after 6 ops, while RT has recorded a message and its answer is held", 6, TRUE, FALSE, 200 },
  { "after 12 ops, later while an answer is held", 12, TRUE, FALSE, 900 },
  { "after 18 ops, while a message is on its way to RT, which gets it after the kill", 18,
    FALSE, TRUE, 200 },
};

typedef struct
{
  RapportFaultProxy *proxy;
  guint64            ticket_ids[N_TICKETS];
  char              *store_dir;
  char              *store_path;
  char              *log_path;
  char              *client;
  char              *bodies[N_MESSAGES];
  guint              ticket_of[N_MESSAGES];
  gboolean           internal[N_MESSAGES];
} World;

static World world;

/* ------------------------------------------------------------------------------------ */
/* Watching the store file, read-only                                                    */

/* Ops matching @where (a constant SQL condition, with @parameter as ?1), or -1 while the
 * store has no outbox yet. */
static int
count_ops_where (const char *where,
                 const char *parameter)
{
  g_autofree char *sql = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int n = -1;

  if (!g_file_test (world.store_path, G_FILE_TEST_EXISTS))
    return -1;
  if (sqlite3_open_v2 (world.store_path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    goto out;
  sqlite3_busy_timeout (db, 2000);
  sql = g_strconcat ("SELECT COUNT (*) FROM outbox WHERE ", where, NULL);
  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    goto out;
  if (parameter != NULL)
    sqlite3_bind_text (stmt, 1, parameter, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int (stmt, 0);

out:
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

/* Ops in @state (all with NULL). */
static int
count_ops (const char *state)
{
  return count_ops_where (state != NULL ? "state = ?1" : "1", state);
}

/* ------------------------------------------------------------------------------------ */
/* The client                                                                            */

static GSubprocess *
spawn_client (gboolean first)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autofree char *token_file = rapport_rt_test_secret_path ("token-sam");
  g_autofree char *enqueue = g_build_filename (world.store_dir, "messages.txt", NULL);
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  /* Its progress and errors go to one log, appended to by every run. */
  {
    int fd = g_open (world.log_path, O_WRONLY | O_CREAT | O_APPEND, 0600);

    g_assert_cmpint (fd, >=, 0);
    g_subprocess_launcher_take_stderr_fd (launcher, dup (fd));
    g_subprocess_launcher_take_stdout_fd (launcher, fd);
  }

  g_ptr_array_add (args, world.client);
  g_ptr_array_add (args, (char *) "--store");
  g_ptr_array_add (args, world.store_path);
  g_ptr_array_add (args, (char *) "--url");
  g_ptr_array_add (args, (char *) rapport_fault_proxy_get_url (world.proxy));
  g_ptr_array_add (args, (char *) "--token-file");
  g_ptr_array_add (args, token_file);
  g_ptr_array_add (args, (char *) "--queue");
  g_ptr_array_add (args, (char *) "Support");
  g_ptr_array_add (args, (char *) "--timeout");
  g_ptr_array_add (args, (char *) G_STRINGIFY (RUN_TIMEOUT_S));
  if (first)
    {
      g_ptr_array_add (args, (char *) "--enqueue");
      g_ptr_array_add (args, enqueue);
    }
  else
    {
      g_ptr_array_add (args, (char *) "--pull-at-end");
    }
  g_ptr_array_add (args, NULL);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) args->pdata, &error);
  g_assert_no_error (error);
  return process;
}

static gboolean
client_exited (GSubprocess *process)
{
  return g_subprocess_get_identifier (process) == NULL;
}

static void
print_log (gsize max_bytes)
{
  g_autofree char *text = NULL;

  if (g_file_get_contents (world.log_path, &text, NULL, NULL))
    {
      gsize length = strlen (text);

      g_printerr ("--- rapport-push-client log%s ---\n%s\n", length > max_bytes ? " (end)" : "",
                  text + (length > max_bytes ? length - max_bytes : 0));
    }
}

static void
print_log_tail (void)
{
  print_log (4000);
}

/* Waits for @point, kills the client with SIGKILL and reports what was going on. Returns
 * whether a POST had reached RT, or was on its way there, and the client never saw the
 * answer. */
static gboolean
kill_at (GSubprocess     *process,
         const KillPoint *point,
         guint            index)
{
  g_autoptr(GError) error = NULL;
  gint64 deadline = g_get_monotonic_time () + KILL_WAIT_S * G_USEC_PER_SEC;
  int in_flight, done;
  guint holding, in_transit;

  for (;;)
    {
      if (client_exited (process))
        {
          print_log_tail ();
          g_error ("The client ended before kill %u (%s)", index + 1, point->what);
        }
      if (g_get_monotonic_time () > deadline)
        {
          print_log_tail ();
          g_error ("Kill point %u (%s) not reached within %d s", index + 1, point->what,
                   KILL_WAIT_S);
        }

      done = count_ops ("done");
      in_flight = count_ops ("in_flight");
      if (done >= (int) point->min_done && in_flight > 0 &&
          (!point->wait_for_held || rapport_fault_proxy_get_n_holding (world.proxy) > 0) &&
          (!point->in_transit || rapport_fault_proxy_get_n_holding_requests (world.proxy) > 0))
        break;
      g_usleep (5 * 1000);
    }

  if (point->extra_ms > 0)
    g_usleep (point->extra_ms * 1000);

  holding = rapport_fault_proxy_get_n_holding (world.proxy);
  in_transit = rapport_fault_proxy_get_n_holding_requests (world.proxy);
  g_subprocess_send_signal (process, SIGKILL);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (process));
  g_assert_cmpint (g_subprocess_get_term_sig (process), ==, SIGKILL);

  g_print ("# kill %u (%s): %d ops done, %d in flight, %u POST answers held by the proxy "
           "(RT had carried them out), %u POSTs on their way to RT, %u POSTs reached RT so "
           "far\n", index + 1, point->what, count_ops ("done"), count_ops ("in_flight"),
           holding, in_transit, rapport_fault_proxy_get_n_posts_forwarded (world.proxy));
  return holding > 0 || in_transit > 0;
}

/* ------------------------------------------------------------------------------------ */

static void
write_messages (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *path = g_build_filename (world.store_dir, "messages.txt", NULL);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < N_MESSAGES; i++)
    {
      g_auto(GStrv) lines = NULL;
      g_autofree char *escaped = NULL;

      world.ticket_of[i] = i % N_TICKETS;
      world.internal[i] = i % 3 == 2;
      world.bodies[i] = g_strdup_printf ("%s %u — kill test for “%s”.\nSecond line ✓ %u",
                                         world.internal[i] ? "Note" : "Reply", i,
                                         seed[world.ticket_of[i]].subject, i * 104729);
      /* The client reads C escapes; the bodies have no backslash or tab of their own. */
      lines = g_strsplit (world.bodies[i], "\n", -1);
      escaped = g_strjoinv ("\\n", lines);
      g_string_append_printf (text, "%" G_GUINT64_FORMAT "\t%s\t%s\n",
                              world.ticket_ids[world.ticket_of[i]],
                              world.internal[i] ? "internal" : "public", escaped);
    }

  g_file_set_contents (path, text->str, (gssize) text->len, &error);
  g_assert_no_error (error);
}

static void
test_kill_mid_send (void)
{
  g_autoptr(GSubprocess) last = NULL;
  g_autoptr(GError) error = NULL;
  gint64 deadline, begin = g_get_monotonic_time ();
  guint recorded_unseen = 0, duplicates = 0, losses = 0;

  write_messages ();

  for (guint k = 0; k < G_N_ELEMENTS (kills); k++)
    {
      g_autoptr(GSubprocess) process = NULL;

      rapport_fault_proxy_set_post_forward_delay_ms (world.proxy,
                                                     kills[k].in_transit ? IN_TRANSIT_MS : 0);
      process = spawn_client (k == 0);
      if (kill_at (process, &kills[k], k))
        recorded_unseen++;
    }
  /* What is on its way goes on to RT; nothing new is held. */
  rapport_fault_proxy_set_post_forward_delay_ms (world.proxy, 0);

  /* The last run drains the outbox and pulls. */
  last = spawn_client (FALSE);
  deadline = g_get_monotonic_time () + (RUN_TIMEOUT_S + 30) * G_USEC_PER_SEC;
  while (!client_exited (last))
    {
      if (g_get_monotonic_time () > deadline)
        {
          g_subprocess_force_exit (last);
          print_log_tail ();
          g_error ("The last run did not end within %d s", RUN_TIMEOUT_S + 30);
        }
      g_usleep (50 * 1000);
    }
  g_subprocess_wait (last, NULL, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_if_exited (last) || g_subprocess_get_exit_status (last) != 0)
    {
      print_log_tail ();
      g_error ("The last run of the client failed");
    }

  g_print ("# %u kills, %u of them while RT had, or was about to get, a message the client "
           "never heard back about; all sent in %.1f s\n", (guint) G_N_ELEMENTS (kills),
           recorded_unseen, (double) (g_get_monotonic_time () - begin) / G_USEC_PER_SEC);
  g_assert_cmpuint (recorded_unseen, >=, 3);

  /* The outbox: every op done. */
  g_assert_cmpint (count_ops (NULL), ==, N_MESSAGES);
  g_assert_cmpint (count_ops ("done"), ==, N_MESSAGES);
  g_print ("# outbox: %d ops done, %d of them sent more than once (RT had not got the first "
           "send)\n", count_ops ("done"), count_ops_where ("attempts > 1", NULL));

  /* The server, read directly: each exactly once, as a reply or a comment. */
  for (guint t = 0; t < N_TICKETS; t++)
    {
      g_autoptr(RapportRtServerTicket) server = rapport_rt_test_read_ticket (world.ticket_ids[t]);

      for (guint i = 0; i < N_MESSAGES; i++)
        {
          g_autofree char *wanted = NULL;
          guint n = 0;

          if (world.ticket_of[i] != t)
            continue;
          wanted = rapport_rt_test_stripped (world.bodies[i]);
          for (guint m = 0; m < server->bodies->len; m++)
            {
              g_autofree char *have = rapport_rt_test_stripped (server->bodies->pdata[m]);

              if (strcmp (have, wanted) == 0)
                {
                  g_assert_cmpstr (server->types->pdata[m], ==,
                                   world.internal[i] ? "Comment" : "Correspond");
                  n++;
                }
            }
          if (n == 0)
            losses++;
          else
            duplicates += n - 1;
          if (n != 1)
            g_test_message ("%u times on the server: %s", n, world.bodies[i]);
        }
    }
  g_print ("# server, read directly: %u messages sent, %u duplicates, %u losses\n", N_MESSAGES,
           duplicates, losses);
  if (duplicates > 0 || losses > 0)
    print_log (G_MAXSIZE);
  g_assert_cmpuint (duplicates, ==, 0);
  g_assert_cmpuint (losses, ==, 0);

  /* The cache: each once, with its server id. */
  {
    g_autoptr(RapportStore) store = rapport_store_new (world.store_path);
    g_autoptr(GPtrArray) accounts = NULL;
    g_autoptr(GPtrArray) tickets = NULL;
    gint64 account_id;

    g_assert_true (rapport_store_open (store, NULL, &error));
    g_assert_no_error (error);
    accounts = rapport_store_list_accounts (store, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (accounts->len, ==, 1);
    account_id = rapport_account_get_id (accounts->pdata[0]);
    tickets = rapport_rt_test_stored_tickets (store, account_id);

    for (guint i = 0; i < N_MESSAGES; i++)
      {
        RapportTicket *ticket = rapport_rt_test_find_ticket (tickets,
                                                             world.ticket_ids[world.ticket_of[i]]);
        g_autoptr(GPtrArray) messages = NULL;
        g_autofree char *wanted = rapport_rt_test_stripped (world.bodies[i]);
        guint n = 0;

        g_assert_nonnull (ticket);
        messages = rapport_store_list_messages (store, rapport_ticket_get_id (ticket), NULL,
                                                &error);
        g_assert_no_error (error);
        for (guint m = 0; m < messages->len; m++)
          {
            g_autofree char *have =
              rapport_rt_test_stripped (rapport_message_get_body (messages->pdata[m]));

            if (strcmp (have, wanted) == 0)
              {
                g_assert_nonnull (rapport_message_get_remote_id (messages->pdata[m]));
                n++;
              }
          }
        g_assert_cmpuint (n, ==, 1);
      }
    rapport_store_close (store);
  }
}

/* ------------------------------------------------------------------------------------ */

static void
set_up_world (void)
{
  g_autoptr(GError) error = NULL;
  gint64 begin;

  rapport_rt_test_start_server ();

  begin = g_get_monotonic_time ();
  for (guint i = 0; i < N_TICKETS; i++)
    rapport_rt_test_create_user (seed[i].email, seed[i].real_name);
  for (guint i = 0; i < N_TICKETS; i++)
    world.ticket_ids[i] = rapport_rt_test_create_ticket (&seed[i]);
  g_print ("# seeded %u customers and tickets in %.1f s\n", N_TICKETS,
           (double) (g_get_monotonic_time () - begin) / G_USEC_PER_SEC);

  world.proxy = rapport_fault_proxy_new (rapport_rt_test_get_url (), 1, &error);
  g_assert_no_error (error);
  rapport_fault_proxy_set_post_delay_ms (world.proxy, POST_DELAY_MS);

  /* In the server's work dir, which run-test.sh removes however the test ends. */
  world.store_dir = g_build_filename (rapport_rt_test_get_workdir (), "client", NULL);
  g_assert_cmpint (g_mkdir_with_parents (world.store_dir, 0700), ==, 0);
  world.store_path = g_build_filename (world.store_dir, "cache.db", NULL);
  world.log_path = g_build_filename (world.store_dir, "client.log", NULL);
  world.client = g_test_build_filename (G_TEST_BUILT, "integration", "rapport-push-client",
                                        NULL);
  g_assert_true (g_file_test (world.client, G_FILE_TEST_IS_EXECUTABLE));
}

static void
tear_down_world (void)
{
  rapport_fault_proxy_stop (world.proxy);
  g_clear_object (&world.proxy);
  rapport_rt_test_stop_server ();

  if (world.store_dir != NULL)
    rapport_rt_test_remove_tree (world.store_dir);
  g_free (world.store_dir);
  g_free (world.store_path);
  g_free (world.log_path);
  g_free (world.client);
  for (guint i = 0; i < N_MESSAGES; i++)
    g_free (world.bodies[i]);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rapport/integration/rt-kill/kill-mid-send", test_kill_mid_send);

  set_up_world ();
  status = g_test_run ();
  tear_down_world ();

  return status;
}
