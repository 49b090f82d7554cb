/* rapport-push-client.c
 *
 * A headless Rapport client for the kill test (test-rt-kill.c), built from the same core and
 * provider libraries as the app: it opens a store file, signs in to Request Tracker and syncs
 * when the store has no account yet, queues the replies and notes of a file when asked, and
 * runs a RapportPushEngine until the outbox is drained. Progress goes to stdout, one line per
 * event, flushed at once, so that whoever kills it knows how far it got.
 *
 *   rapport-push-client --store FILE --url URL --token-file FILE [--queue NAME]
 *                       [--enqueue FILE] [--pull-at-end] [--timeout SECONDS]
 *
 * The token is read from a file (never from the command line). Each line of the --enqueue
 * file is "TICKET<TAB>public|internal<TAB>BODY", BODY with C escapes (\n). Give --enqueue on the
 * first run only: a run that is killed and started again resumes the outbox it left.
 *
 * Exit status: 0 when the outbox was drained with every op done, 1 on errors or when an op
 * failed, 2 on bad usage.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-push-client"

#include "config.h"

#include "rapport-http.h"
#include "rapport-outbox.h"
#include "rapport-push-engine.h"
#include "rapport-rt-provider.h"
#include "rapport-store.h"
#include "rapport-sync-engine.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PULL_TRIES 20

typedef struct
{
  GMainLoop        *loop;
  RapportStore     *store;
  RapportProvider  *provider;
  gint64            account_id;
  GAsyncResult     *result;
  gboolean          drained;
  guint             n_failed;
} Client;

static void
say (const char *format,
     ...) G_GNUC_PRINTF (1, 2);

static void
say (const char *format,
     ...)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%H:%M:%S.%f");
  va_list args;

  /* Milliseconds, to line the events up with the server's log. */
  stamp[12] = '\0';
  printf ("%s ", stamp);
  va_start (args, format);
  vprintf (format, args);
  va_end (args);
  putchar ('\n');
  fflush (stdout);
}

static void
on_result_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Client *client = user_data;

  client->result = g_object_ref (result);
  g_main_loop_quit (client->loop);
}

static GAsyncResult *
wait_result (Client *client)
{
  if (client->result == NULL)
    g_main_loop_run (client->loop);
  return client->result;
}

static gboolean
on_timeout_quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

static gboolean
pull (Client   *client,
      GError  **error)
{
  g_autoptr(RapportSyncEngine) engine = rapport_sync_engine_new (client->store, client->provider,
                                                                 client->account_id);

  for (guint attempt = 1;; attempt++)
    {
      g_autoptr(GError) local_error = NULL;
      gint64 pages;

      g_clear_object (&client->result);
      rapport_sync_engine_pull_async (engine, NULL, on_result_cb, client);
      pages = rapport_sync_engine_pull_finish (engine, wait_result (client), &local_error);
      g_clear_object (&client->result);
      if (pages >= 0)
        {
          say ("pulled %" G_GINT64_FORMAT " pages", pages);
          return TRUE;
        }
      say ("pull failed: %s", local_error->message);
      if (attempt >= PULL_TRIES)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      g_timeout_add (1000, on_timeout_quit_cb, client->loop);
      g_main_loop_run (client->loop);
    }
}

/* The account of the store, signing in and syncing first when there is none. */
static gboolean
ensure_account (Client  *client,
                GError **error)
{
  g_autoptr(GPtrArray) accounts = rapport_store_list_accounts (client->store, NULL, error);
  g_autoptr(RapportAccount) account = NULL;

  if (accounts == NULL)
    return FALSE;
  if (accounts->len > 0)
    {
      client->account_id = rapport_account_get_id (accounts->pdata[0]);
      say ("account %" G_GINT64_FORMAT, client->account_id);
      return TRUE;
    }

  g_clear_object (&client->result);
  rapport_provider_whoami_async (client->provider, NULL, on_result_cb, client);
  account = rapport_provider_whoami_finish (client->provider, wait_result (client), error);
  g_clear_object (&client->result);
  if (account == NULL || !rapport_store_add_account (client->store, account, NULL, error))
    return FALSE;
  client->account_id = rapport_account_get_id (account);
  say ("signed in, account %" G_GINT64_FORMAT, client->account_id);

  return pull (client, error);
}

static gint64
local_ticket_id (Client     *client,
                 const char *remote_id)
{
  const RapportView views[] = { RAPPORT_VIEW_ALL_OPEN, RAPPORT_VIEW_RECENTLY_SOLVED };

  for (guint v = 0; v < G_N_ELEMENTS (views); v++)
    {
      g_autoptr(GArray) ids = rapport_store_list_ticket_ids (client->store, client->account_id,
                                                             views[v], NULL, NULL);
      g_autoptr(GPtrArray) tickets = NULL;

      if (ids == NULL)
        continue;
      tickets = rapport_store_load_tickets (client->store, (const gint64 *) ids->data, ids->len,
                                            NULL, NULL);
      for (guint i = 0; tickets != NULL && i < tickets->len; i++)
        if (g_strcmp0 (rapport_ticket_get_remote_id (tickets->pdata[i]), remote_id) == 0)
          return rapport_ticket_get_id (tickets->pdata[i]);
    }
  return 0;
}

static gboolean
enqueue_file (Client      *client,
              const char  *path,
              GError     **error)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  guint n = 0;

  if (!g_file_get_contents (path, &text, NULL, error))
    return FALSE;

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;
      g_autoptr(RapportOutboxOp) op = NULL;
      g_autofree char *body = NULL;
      RapportVisibility visibility;
      gint64 ticket_id;

      if (lines[i][0] == '\0')
        continue;
      fields = g_strsplit (lines[i], "\t", 3);
      if (g_strv_length (fields) != 3)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s:%u: not TICKET<TAB>"
                       "public|internal<TAB>BODY", path, i + 1);
          return FALSE;
        }
      ticket_id = local_ticket_id (client, fields[0]);
      if (ticket_id == 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "%s:%u: no ticket %s in the "
                       "store", path, i + 1, fields[0]);
          return FALSE;
        }
      visibility = strcmp (fields[1], "internal") == 0 ? RAPPORT_VISIBILITY_INTERNAL
                                                       : RAPPORT_VISIBILITY_PUBLIC;
      body = g_strcompress (fields[2]);
      op = rapport_outbox_enqueue_message (client->store, client->account_id, ticket_id,
                                           visibility, body, 0, NULL, error);
      if (op == NULL)
        return FALSE;
      say ("queued op %" G_GINT64_FORMAT " on ticket %s", op->id, fields[0]);
      n++;
    }
  say ("queued %u ops", n);
  return TRUE;
}

static void
on_push_op_changed_cb (RapportPushEngine  *push,
                       gint64              op_id,
                       RapportOutboxState  state,
                       gpointer            user_data)
{
  Client *client = user_data;

  if (state == RAPPORT_OUTBOX_STATE_FAILED)
    client->n_failed++;
  say ("op %" G_GINT64_FORMAT " %s", op_id, rapport_outbox_state_to_string (state));
}

static gboolean
on_check_drained_cb (gpointer user_data)
{
  Client *client = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pending = rapport_outbox_list_pending (client->store, client->account_id,
                                                              &error);

  if (pending == NULL)
    {
      say ("cannot read the outbox: %s", error->message);
      return G_SOURCE_CONTINUE;
    }
  if (pending->len > 0)
    return G_SOURCE_CONTINUE;

  client->drained = TRUE;
  g_main_loop_quit (client->loop);
  return G_SOURCE_REMOVE;
}

static char *
read_token (const char  *path,
            GError     **error)
{
  char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, error))
    return NULL;
  return g_strstrip (text);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *store_path = NULL;
  g_autofree char *url = NULL;
  g_autofree char *token_file = NULL;
  g_autofree char *queue = NULL;
  g_autofree char *enqueue = NULL;
  gboolean pull_at_end = FALSE;
  int timeout = 300;
  GOptionEntry entries[] = {
    { "store", 0, 0, G_OPTION_ARG_FILENAME, &store_path, "The store file", "FILE" },
    { "url", 0, 0, G_OPTION_ARG_STRING, &url, "RT's address", "URL" },
    { "token-file", 0, 0, G_OPTION_ARG_FILENAME, &token_file, "A file with the RT token",
      "FILE" },
    { "queue", 0, 0, G_OPTION_ARG_STRING, &queue, "The RT queue", "NAME" },
    { "enqueue", 0, 0, G_OPTION_ARG_FILENAME, &enqueue, "Replies and notes to queue", "FILE" },
    { "pull-at-end", 0, 0, G_OPTION_ARG_NONE, &pull_at_end, "Pull once the outbox is drained",
      NULL },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout, "Give up after this long", "SECONDS" },
    { NULL },
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- send Rapport's outbox to RT");
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportPushEngine) push = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(RapportStore) store = NULL;
  g_autoptr(RapportProvider) provider = NULL;
  g_autoptr(SoupSession) session = NULL;
  char *token;
  Client client = { 0 };
  guint check_id, timeout_id;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || store_path == NULL ||
      url == NULL || token_file == NULL || timeout <= 0)
    {
      g_printerr ("%s\n", error != NULL ? error->message :
                  "--store, --url and --token-file are required");
      return 2;
    }

  loop = g_main_loop_new (NULL, FALSE);
  client.loop = loop;

  store = rapport_store_new (store_path);
  if (!rapport_store_open (store, NULL, &error))
    {
      g_printerr ("Cannot open %s: %s\n", store_path, error->message);
      return 1;
    }
  client.store = store;

  token = read_token (token_file, &error);
  if (token == NULL)
    {
      g_printerr ("Cannot read the token: %s\n", error->message);
      return 1;
    }
  provider = rapport_rt_provider_new (url, token, &error);
  memset (token, 0, strlen (token));
  g_free (token);
  if (provider == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  if (queue != NULL)
    rapport_rt_provider_set_queue (RAPPORT_RT_PROVIDER (provider), queue);
  session = rapport_http_session_new (10);
  rapport_rt_provider_set_session (RAPPORT_RT_PROVIDER (provider), session);
  client.provider = provider;

  say ("started, pid %d", (int) getpid ());
  if (!ensure_account (&client, &error) ||
      (enqueue != NULL && !enqueue_file (&client, enqueue, &error)))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  push = rapport_push_engine_new (store, provider, client.account_id);
  rapport_push_engine_set_backoff_base_ms (push, 200);
  rapport_push_engine_set_backoff_cap_ms (push, 2000);
  g_signal_connect (push, "op-changed", G_CALLBACK (on_push_op_changed_cb), &client);
  rapport_push_engine_start (push);
  say ("sending");

  check_id = g_timeout_add (200, on_check_drained_cb, &client);
  timeout_id = g_timeout_add_seconds ((guint) timeout, on_timeout_quit_cb, loop);
  g_main_loop_run (loop);
  if (!client.drained)
    {
      g_source_remove (check_id);
      g_printerr ("The outbox was not drained within %d s\n", timeout);
      return 1;
    }
  g_source_remove (timeout_id);
  rapport_push_engine_stop (push);
  say ("drained, %u ops failed in this run", client.n_failed);

  if (pull_at_end && !pull (&client, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  rapport_store_close (store);
  say ("done");
  return client.n_failed > 0 ? 1 : 0;
}
