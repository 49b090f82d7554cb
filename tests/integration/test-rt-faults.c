/* test-rt-faults.c
 *
 * Rapport's outbox against a real Request Tracker 5 through a fault-injecting proxy
 * (rapport-fault-proxy.c): a few hundred replies, notes and status/owner changes across several
 * tickets are queued in a RapportStore and sent by a RapportPushEngine while the proxy breaks
 * 10 % of the requests (connection dropped after RT acted, 500 before and after, 429 with
 * Retry-After, answers held past the client's timeout, bodies cut short); pulls go through the
 * proxy too. Then the server is read directly, not through the proxy: every reply and note is
 * there exactly once, every ticket has the status and owner of its last change, and a fresh
 * full sync into a second store gives the same cache, field by field. Last, the proxy takes the
 * Subject out of one ticket's answers: a sync through it sets that ticket aside and stores the
 * others, and the next sync, with the answers whole again, reads it and forgets it.
 *
 * RAPPORT_FAULT_SEED (a number) replays another fault plan; the default one is fixed. The
 * request threads make the plan's order only partly reproducible.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-test-rt-faults"

#include "config.h"

#include "rapport-fault-proxy.h"
#include "rapport-http.h"
#include "rapport-outbox.h"
#include "rapport-push-engine.h"
#include "rapport-rt-provider.h"
#include "rapport-store.h"
#include "rapport-sync-engine.h"
#include "rt-test-util.h"

#include <glib/gstdio.h>
#include <string.h>

#define N_TICKETS         8
#define N_OPS             200   /* the last N_TICKETS are one final change per ticket */
#define BATCH             50    /* ops queued between two pulls */
#define FAULT_RATE        0.10
#define CLIENT_TIMEOUT_S  2     /* the proxy's stalls last longer */
#define STALL_MS          3000
#define DRAIN_SECONDS     420
#define PULL_SECONDS      180   /* for one pull to succeed through the faults */
#define DEFAULT_SEED      20261123u

static const RapportRtTestTicket seed[N_TICKETS] = {
  { "ada.moreau@example.com", "Ada Moreau", "Parcel lost in transit",
    "My parcel has not moved for nine days.", "email", "sam.agent" },
  { "bruno.silva@example.com", "Bruno Silva", "Refund for order 5521",
    "I returned the blender two weeks ago.", "chat", NULL },
  { "chloe.dubois@example.com", "Chloé Dubois", "Mot de passe oublié",
    "Je ne reçois pas le courriel de réinitialisation.", "web", "sam.agent" },
  { "dmitri.volkov@example.com", "Dmitri Volkov", "Invoice address wrong",
    "The invoice shows my old address.", NULL, NULL },
  { "eva.lindgren@example.com", "Eva Lindgren", "Damaged lamp",
    "The lamp arrived with a cracked shade.", "phone", NULL },
  { "farid.haddad@example.com", "Farid Haddad", "Subscription upgrade",
    "How do I move to the yearly plan?", "social", "sam.agent" },
  { "greta.koch@example.com", "Greta Koch", "Lieferzeit",
    "Wann kommt meine Bestellung an?", "email", NULL },
  { "hana.sato@example.com", "Hana Sato", "Two accounts",
    "I have two accounts by mistake; please merge them.", NULL, "sam.agent" },
};

typedef struct
{
  RapportOutboxKind    kind;
  guint                ticket;  /* index into seed */
  char                *body;    /* reply, note */
  RapportTicketStatus  status;  /* update */
  const char          *owner;   /* update: NULL for Nobody */
  gint64               op_id;
} PlannedOp;

typedef struct
{
  RapportFaultProxy *proxy;
  char              *agent_token;  /* secret: sam.agent's */
  guint64            ticket_ids[N_TICKETS];
  gint64             local_ids[N_TICKETS];  /* in the cache that goes through the proxy */
  char              *store_dir;

  /* The cache that goes through the proxy */
  RapportStore      *store;
  RapportProvider   *provider;
  RapportSyncEngine *engine;
  gint64             account_id;
  guint              requests;
  guint              pulls;
  guint              pull_failures;
  gboolean           pulling;        /* a background pull is running */
  GHashTable        *unknown_ops;    /* (gint64 *) ids of ops whose outcome was unknown */

  /* The fresh cache, synced directly */
  RapportStore      *fresh;
  gint64             fresh_account_id;

  PlannedOp          ops[N_OPS];
  gint64             begin;
} World;

static World world;

/* ------------------------------------------------------------------------------------ */

static void
on_request_queued (SoupSession *session,
                   SoupMessage *msg,
                   gpointer     user_data)
{
  guint *counter = user_data;

  (*counter)++;
}

static void
on_push_op_changed_cb (RapportPushEngine  *push,
                       gint64              op_id,
                       RapportOutboxState  state,
                       gpointer            user_data)
{
  /* The engine reports states as it schedules too, so count ops, not reports. */
  if (state == RAPPORT_OUTBOX_STATE_UNKNOWN)
    g_hash_table_add (world.unknown_ops, g_memdup2 (&op_id, sizeof op_id));
}

static gboolean
on_timeout_cb (gpointer user_data)
{
  gboolean *done = user_data;

  *done = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop for @ms: the push engine's timers and callbacks go on meanwhile. */
static void
run_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, on_timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static RapportStore *
open_store (const char *name)
{
  g_autofree char *path = g_build_filename (world.store_dir, name, NULL);
  g_autoptr(GError) error = NULL;
  RapportStore *store = rapport_store_new (path);

  g_assert_true (rapport_store_open (store, NULL, &error));
  g_assert_no_error (error);
  return store;
}

static gint64
add_account (RapportStore    *store,
             RapportProvider *provider)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(RapportAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  rapport_provider_whoami_async (provider, NULL, rapport_rt_test_on_result_cb, &result);
  account = rapport_provider_whoami_finish (provider, rapport_rt_test_wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_true (rapport_store_add_account (store, account, NULL, &error));
  g_assert_no_error (error);
  return rapport_account_get_id (account);
}

/* Pulls until one pull succeeds (faults make some fail: a pull stops at its first failed
 * request, keeping the pages it applied); returns how many failed. */
static guint
pull_until_done (RapportSyncEngine *engine)
{
  gint64 deadline = g_get_monotonic_time () + PULL_SECONDS * G_USEC_PER_SEC;

  for (guint attempt = 1;; attempt++)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;
      gint64 pages;

      rapport_sync_engine_pull_async (engine, NULL, rapport_rt_test_on_result_cb, &result);
      pages = rapport_sync_engine_pull_finish (engine, rapport_rt_test_wait_for (&result),
                                               &error);
      if (pages >= 0)
        return attempt - 1;

      g_test_message ("pull attempt %u failed: %s", attempt, error->message);
      if (g_get_monotonic_time () > deadline)
        g_error ("No pull succeeded in %u attempts over %d s; the last error: %s", attempt,
                 PULL_SECONDS, error->message);
      run_for (MAX (500, rapport_provider_error_get_retry_after (error) * 1000));
    }
}

static void
on_background_pull_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (rapport_sync_engine_pull_finish (RAPPORT_SYNC_ENGINE (source), result, &error) >= 0)
    {
      world.pulls++;
    }
  else
    {
      g_test_message ("background pull failed: %s", error->message);
      world.pull_failures++;
    }
  world.pulling = FALSE;
}

/* Starts a pull while the engine sends, unless one is running: the app pulls whenever it
 * likes, whatever the outbox does. A failed pull is not repeated here; the next one goes on
 * from the pages the failed one applied. */
static void
pull_in_background (void)
{
  if (world.pulling)
    return;
  world.pulling = TRUE;
  rapport_sync_engine_pull_async (world.engine, NULL, on_background_pull_cb, NULL);
}

static guint
count_pending (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pending = rapport_outbox_list_pending (world.store, world.account_id,
                                                              &error);

  g_assert_no_error (error);
  return pending->len;
}

/* ------------------------------------------------------------------------------------ */
/* The plan                                                                              */

static void
plan_ops (void)
{
  static const RapportTicketStatus statuses[] = {
    RAPPORT_TICKET_STATUS_OPEN, RAPPORT_TICKET_STATUS_ON_HOLD, RAPPORT_TICKET_STATUS_SOLVED,
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (DEFAULT_SEED);

  for (guint i = 0; i < N_OPS; i++)
    {
      PlannedOp *op = &world.ops[i];
      gboolean final = i >= N_OPS - N_TICKETS;
      gint32 roll = g_rand_int_range (rand, 0, 10);

      op->ticket = final ? i - (N_OPS - N_TICKETS)
                         : (guint) g_rand_int_range (rand, 0, N_TICKETS);
      if (final || roll >= 8)
        {
          op->kind = RAPPORT_OUTBOX_KIND_UPDATE;
          op->status = statuses[g_rand_int_range (rand, 0, G_N_ELEMENTS (statuses))];
          op->owner = g_rand_boolean (rand) ? "sam.agent" : NULL;
        }
      else
        {
          op->kind = roll < 5 ? RAPPORT_OUTBOX_KIND_REPLY : RAPPORT_OUTBOX_KIND_NOTE;
          /* Unique, several lines, not ASCII only. */
          op->body = g_strdup_printf ("%s %u for “%s” — fault test.\nLine two: ✓ çà %u",
                                      op->kind == RAPPORT_OUTBOX_KIND_REPLY ? "Reply" : "Note",
                                      i, seed[op->ticket].subject, i * 7919);
        }
    }
}

static void
enqueue_op (PlannedOp *op)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportOutboxOp) queued = NULL;
  gint64 ticket_id = world.local_ids[op->ticket];

  if (op->kind == RAPPORT_OUTBOX_KIND_UPDATE)
    {
      g_autoptr(RapportTicketChanges) changes = rapport_ticket_changes_new ();

      changes->fields = RAPPORT_TICKET_FIELD_STATUS | RAPPORT_TICKET_FIELD_ASSIGNEE;
      changes->status = op->status;
      changes->assignee_remote_id = g_strdup (op->owner);
      queued = rapport_outbox_enqueue_update (world.store, world.account_id, ticket_id, changes,
                                              NULL, &error);
    }
  else
    {
      queued = rapport_outbox_enqueue_message (world.store, world.account_id, ticket_id,
                                               op->kind == RAPPORT_OUTBOX_KIND_REPLY ?
                                                 RAPPORT_VISIBILITY_PUBLIC :
                                                 RAPPORT_VISIBILITY_INTERNAL,
                                               op->body, 0, NULL, &error);
    }
  g_assert_no_error (error);
  op->op_id = queued->id;
}

/* ------------------------------------------------------------------------------------ */
/* Comparing                                                                             */

static const char *
rt_status_name (RapportTicketStatus status)
{
  switch (status)
    {
    case RAPPORT_TICKET_STATUS_NEW:
      return "new";
    case RAPPORT_TICKET_STATUS_OPEN:
      return "open";
    case RAPPORT_TICKET_STATUS_ON_HOLD:
      return "stalled";
    case RAPPORT_TICKET_STATUS_SOLVED:
      return "resolved";
    case RAPPORT_TICKET_STATUS_CLOSED:
    default:
      return "rejected";
    }
}

static GPtrArray *
messages_of (RapportStore  *store,
             RapportTicket *ticket)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *messages = rapport_store_list_messages (store, rapport_ticket_get_id (ticket), NULL,
                                                     &error);

  g_assert_no_error (error);
  return messages;
}

static RapportMessage *
find_message (GPtrArray  *messages,
              const char *remote_id)
{
  for (guint i = 0; i < messages->len; i++)
    if (g_strcmp0 (rapport_message_get_remote_id (messages->pdata[i]), remote_id) == 0)
      return messages->pdata[i];
  return NULL;
}

static void
assert_messages_equal (RapportMessage *a,
                       RapportMessage *b)
{
  g_assert_cmpstr (rapport_message_get_remote_id (a), ==, rapport_message_get_remote_id (b));
  g_assert_cmpstr (rapport_message_get_ticket_remote_id (a), ==,
                   rapport_message_get_ticket_remote_id (b));
  g_assert_cmpint (rapport_message_get_channel (a), ==, rapport_message_get_channel (b));
  g_assert_cmpint (rapport_message_get_direction (a), ==, rapport_message_get_direction (b));
  g_assert_cmpint (rapport_message_get_visibility (a), ==, rapport_message_get_visibility (b));
  g_assert_cmpint (rapport_message_get_author_kind (a), ==, rapport_message_get_author_kind (b));
  g_assert_cmpstr (rapport_message_get_author_name (a), ==, rapport_message_get_author_name (b));
  g_assert_cmpstr (rapport_message_get_author_remote_id (a), ==,
                   rapport_message_get_author_remote_id (b));
  g_assert_cmpstr (rapport_message_get_body (a), ==, rapport_message_get_body (b));
  g_assert_cmpint (rapport_message_get_created_at (a), ==, rapport_message_get_created_at (b));
}

/* Every ticket and message of @a equals its twin in @b in every field that does not depend
 * on the store (local ids do). Returns the number of messages compared. */
static guint
assert_caches_equal (RapportStore *a,
                     gint64        a_account,
                     RapportStore *b,
                     gint64        b_account)
{
  g_autoptr(GPtrArray) tickets_a = rapport_rt_test_stored_tickets (a, a_account);
  g_autoptr(GPtrArray) tickets_b = rapport_rt_test_stored_tickets (b, b_account);
  guint n_messages = 0;

  g_assert_cmpuint (tickets_a->len, ==, N_TICKETS);
  g_assert_cmpuint (tickets_b->len, ==, tickets_a->len);

  for (guint i = 0; i < tickets_a->len; i++)
    {
      RapportTicket *ta = tickets_a->pdata[i];
      RapportTicket *tb = rapport_rt_test_find_ticket (tickets_b,
                                                       g_ascii_strtoull (
                                                         rapport_ticket_get_remote_id (ta), NULL,
                                                         10));
      g_autoptr(GPtrArray) ma = NULL;
      g_autoptr(GPtrArray) mb = NULL;

      g_test_message ("comparing ticket %s", rapport_ticket_get_remote_id (ta));
      g_assert_nonnull (tb);
      g_assert_cmpstr (rapport_ticket_get_subject (ta), ==, rapport_ticket_get_subject (tb));
      g_assert_cmpint (rapport_ticket_get_status (ta), ==, rapport_ticket_get_status (tb));
      g_assert_cmpint (rapport_ticket_get_priority (ta), ==, rapport_ticket_get_priority (tb));
      g_assert_cmpint (rapport_ticket_get_channel (ta), ==, rapport_ticket_get_channel (tb));
      g_assert_cmpstr (rapport_ticket_get_customer_name (ta), ==,
                       rapport_ticket_get_customer_name (tb));
      g_assert_cmpstr (rapport_ticket_get_requester_remote_id (ta), ==,
                       rapport_ticket_get_requester_remote_id (tb));
      g_assert_cmpstr (rapport_ticket_get_assignee_remote_id (ta), ==,
                       rapport_ticket_get_assignee_remote_id (tb));
      g_assert_cmpstr (rapport_ticket_get_assignee_name (ta), ==,
                       rapport_ticket_get_assignee_name (tb));
      g_assert_cmpstr (rapport_ticket_get_queue (ta), ==, rapport_ticket_get_queue (tb));
      g_assert_true (g_strv_equal (rapport_ticket_get_tags (ta), rapport_ticket_get_tags (tb)));
      g_assert_cmpint (rapport_ticket_get_created_at (ta), ==, rapport_ticket_get_created_at (tb));
      g_assert_cmpint (rapport_ticket_get_updated_at (ta), ==, rapport_ticket_get_updated_at (tb));
      g_assert_cmpint (rapport_ticket_get_solved_at (ta), ==, rapport_ticket_get_solved_at (tb));
      g_assert_cmpuint (rapport_ticket_get_message_count (ta), ==,
                        rapport_ticket_get_message_count (tb));
      g_assert_cmpstr (rapport_ticket_get_last_message_preview (ta), ==,
                       rapport_ticket_get_last_message_preview (tb));

      ma = messages_of (a, ta);
      mb = messages_of (b, tb);
      g_assert_cmpuint (ma->len, ==, mb->len);
      for (guint m = 0; m < ma->len; m++)
        {
          RapportMessage *message = ma->pdata[m];
          RapportMessage *twin;

          g_assert_nonnull (rapport_message_get_remote_id (message));
          twin = find_message (mb, rapport_message_get_remote_id (message));
          g_assert_nonnull (twin);
          assert_messages_equal (message, twin);
          n_messages++;
        }
    }
  return n_messages;
}

static guint
count_body (GPtrArray  *bodies,
            GPtrArray  *types,
            const char *body,
            const char *type)
{
  g_autofree char *wanted = rapport_rt_test_stripped (body);
  guint n = 0;

  for (guint i = 0; i < bodies->len; i++)
    {
      g_autofree char *have = rapport_rt_test_stripped (bodies->pdata[i]);

      if (strcmp (have, wanted) == 0)
        {
          g_assert_cmpstr (types->pdata[i], ==, type);
          n++;
        }
    }
  return n;
}

/* ------------------------------------------------------------------------------------ */
/* Tests (in order; they share the server and the stores)                                */

static void
test_push_through_faults (void)
{
  g_autoptr(RapportPushEngine) push = NULL;
  g_autofree char *faults = NULL;
  guint requests_before, n_replies = 0, n_notes = 0, n_updates = 0, n_attempts = 0;
  guint n_retried = 0, n_faults, n_requests;
  gint64 deadline, begin = g_get_monotonic_time ();
  double seconds;

  plan_ops ();
  world.unknown_ops = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  push = rapport_push_engine_new (world.store, world.provider, world.account_id);
  rapport_push_engine_set_backoff_base_ms (push, 100);
  rapport_push_engine_set_backoff_cap_ms (push, 2000);
  /* RT on loopback has finished a request long before 2 s; the proxy's faults after
   * forwarding come once RT answered. (rt-kill keeps the default, 15 s.) */
  rapport_push_engine_set_settle_ms (push, 2000);
  g_signal_connect (push, "op-changed", G_CALLBACK (on_push_op_changed_cb), NULL);
  rapport_push_engine_start (push);

  requests_before = rapport_fault_proxy_get_n_requests (world.proxy);
  rapport_fault_proxy_set_rate (world.proxy, FAULT_RATE);

  /* Queued in batches, as an agent would, with pulls going on meanwhile. */
  for (guint i = 0; i < N_OPS; i++)
    {
      enqueue_op (&world.ops[i]);
      if ((i + 1) % BATCH == 0)
        {
          pull_in_background ();
          run_for (1000);
        }
    }

  deadline = g_get_monotonic_time () + DRAIN_SECONDS * G_USEC_PER_SEC;
  for (guint pending = count_pending (); pending > 0 || world.pulling;
       pending = count_pending ())
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("%u of %u ops still pending after %d s (faults: %s)", pending, N_OPS,
                 DRAIN_SECONDS, rapport_fault_proxy_describe_faults (world.proxy));
      run_for (250);
    }
  seconds = (double) (g_get_monotonic_time () - begin) / G_USEC_PER_SEC;
  rapport_push_engine_stop (push);

  /* One more pull, through the faults too, so the cache has everything. */
  world.pull_failures += pull_until_done (world.engine);
  world.pulls++;
  rapport_fault_proxy_set_rate (world.proxy, 0);

  for (guint i = 0; i < N_OPS; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RapportOutboxOp) done = rapport_outbox_get_op (world.store, world.ops[i].op_id,
                                                               NULL, &error);

      g_assert_no_error (error);
      if (done->state != RAPPORT_OUTBOX_STATE_DONE)
        g_error ("op %u (%s) ended %s after %u attempts: %s", i,
                 done->kind == RAPPORT_OUTBOX_KIND_UPDATE ? "update" : "message",
                 rapport_outbox_state_to_string (done->state), done->attempts,
                 done->last_error != NULL ? done->last_error : "");
      n_attempts += done->attempts;
      if (done->attempts > 1)
        n_retried++;
      switch (done->kind)
        {
        case RAPPORT_OUTBOX_KIND_REPLY:
          n_replies++;
          break;
        case RAPPORT_OUTBOX_KIND_NOTE:
          n_notes++;
          break;
        case RAPPORT_OUTBOX_KIND_UPDATE:
        default:
          n_updates++;
          break;
        }
    }

  n_requests = rapport_fault_proxy_get_n_requests (world.proxy) - requests_before;
  n_faults = rapport_fault_proxy_get_n_faults_total (world.proxy);
  faults = rapport_fault_proxy_describe_faults (world.proxy);
  g_print ("# operations: %u (%u replies, %u notes, %u status/owner changes) on %u tickets, "
           "all done\n", N_OPS, n_replies, n_notes, n_updates, N_TICKETS);
  g_print ("# send attempts: %u; ops sent more than once: %u; ops whose outcome was unknown at "
           "some point (looked up in RT's history before anything was sent again): %u\n",
           n_attempts, n_retried, g_hash_table_size (world.unknown_ops));
  g_print ("# requests through the proxy with faults on: %u; faults injected: %u (%.1f %%): "
           "%s\n", n_requests, n_faults, 100.0 * n_faults / MAX (n_requests, 1), faults);
  g_print ("# pulls through the proxy during the pushes and after: %u succeeded, %u failed (a "
           "pull stops at its first failed request)\n", world.pulls, world.pull_failures);
  g_print ("# push phase (queue, send, drain, with %u pulls): %.1f s\n", world.pulls, seconds);

  /* The plan was applied: about 10 %, every kind of fault. */
  for (guint kind = RAPPORT_FAULT_NONE + 1; kind < RAPPORT_FAULT_N_KINDS; kind++)
    g_assert_cmpuint (rapport_fault_proxy_get_n_faults (world.proxy, kind), >, 0);
  g_assert_cmpfloat ((double) n_faults / n_requests, >, 0.05);
  g_assert_cmpfloat ((double) n_faults / n_requests, <, 0.15);
  g_assert_cmpuint (rapport_fault_proxy_get_n_upstream_errors (world.proxy), ==, 0);
  g_assert_cmpuint (n_attempts, >, N_OPS);
}

static void
test_server_has_each_once (void)
{
  guint duplicates = 0, losses = 0, n_messages = 0;

  for (guint t = 0; t < N_TICKETS; t++)
    {
      g_autoptr(RapportRtServerTicket) server = rapport_rt_test_read_ticket (world.ticket_ids[t]);
      const PlannedOp *last_update = NULL;

      for (guint i = 0; i < N_OPS; i++)
        {
          const PlannedOp *op = &world.ops[i];
          guint n;

          if (op->ticket != t)
            continue;
          if (op->kind == RAPPORT_OUTBOX_KIND_UPDATE)
            {
              last_update = op;
              continue;
            }

          n = count_body (server->bodies, server->types, op->body,
                          op->kind == RAPPORT_OUTBOX_KIND_REPLY ? "Correspond" : "Comment");
          if (n == 0)
            {
              losses++;
              g_test_message ("lost on ticket %" G_GUINT64_FORMAT ": %s", world.ticket_ids[t],
                              op->body);
            }
          else if (n > 1)
            {
              duplicates += n - 1;
              g_test_message ("%u times on ticket %" G_GUINT64_FORMAT ": %s", n,
                              world.ticket_ids[t], op->body);
            }
          n_messages++;
        }

      /* The last change of each ticket is the last op queued for it. */
      g_assert_nonnull (last_update);
      g_assert_cmpstr (server->status, ==, rt_status_name (last_update->status));
      g_assert_cmpstr (server->owner, ==, last_update->owner);
    }

  g_print ("# server, read directly: %u replies and notes, %u duplicates, %u losses\n",
           n_messages, duplicates, losses);
  g_assert_cmpuint (duplicates, ==, 0);
  g_assert_cmpuint (losses, ==, 0);
}

static void
test_cache_has_each_once (void)
{
  g_autoptr(GPtrArray) tickets = rapport_rt_test_stored_tickets (world.store, world.account_id);

  g_assert_cmpuint (tickets->len, ==, N_TICKETS);
  for (guint t = 0; t < N_TICKETS; t++)
    {
      RapportTicket *ticket = rapport_rt_test_find_ticket (tickets, world.ticket_ids[t]);
      g_autoptr(GPtrArray) messages = messages_of (world.store, ticket);
      g_autoptr(RapportRtServerTicket) server = rapport_rt_test_read_ticket (world.ticket_ids[t]);

      /* As many messages as the server has, each with its server id. */
      g_assert_cmpuint (messages->len, ==, server->types->len);
      for (guint m = 0; m < messages->len; m++)
        g_assert_nonnull (rapport_message_get_remote_id (messages->pdata[m]));

      for (guint i = 0; i < N_OPS; i++)
        {
          const PlannedOp *op = &world.ops[i];
          g_autofree char *wanted = NULL;
          guint n = 0;

          if (op->ticket != t || op->kind == RAPPORT_OUTBOX_KIND_UPDATE)
            continue;
          wanted = rapport_rt_test_stripped (op->body);
          for (guint m = 0; m < messages->len; m++)
            {
              g_autofree char *have =
                rapport_rt_test_stripped (rapport_message_get_body (messages->pdata[m]));

              if (strcmp (have, wanted) == 0)
                n++;
            }
          g_assert_cmpuint (n, ==, 1);
        }

      g_assert_cmpint (rapport_ticket_get_status (ticket), ==,
                       rapport_rt_test_status_of (server->status));
      g_assert_cmpstr (rapport_ticket_get_assignee_remote_id (ticket), ==, server->owner);
    }
}

static void
test_fresh_sync_equals_cache (void)
{
  g_autoptr(RapportProvider) provider = NULL;
  g_autoptr(RapportSyncEngine) engine = NULL;
  g_autoptr(GError) error = NULL;
  RapportRtCpuSample before, after;
  guint requests = 0, failures, n_messages;

  /* Directly, without the proxy: the reference. */
  world.fresh = open_store ("fresh.db");
  provider = rapport_rt_provider_new (rapport_rt_test_get_url (), world.agent_token, &error);
  g_assert_no_error (error);
  rapport_rt_provider_set_queue (RAPPORT_RT_PROVIDER (provider), "Support");
  g_signal_connect (rapport_rt_provider_get_session (RAPPORT_RT_PROVIDER (provider)),
                    "request-queued", G_CALLBACK (on_request_queued), &requests);
  world.fresh_account_id = add_account (world.fresh, provider);
  engine = rapport_sync_engine_new (world.fresh, provider, world.fresh_account_id);

  requests = 0;
  rapport_rt_test_cpu_sample (&before);
  failures = pull_until_done (engine);
  rapport_rt_test_cpu_sample (&after);
  g_assert_cmpuint (failures, ==, 0);
  g_print ("# fresh full sync, direct: %.2f s, %u requests\n",
           (double) (after.wall_us - before.wall_us) / G_USEC_PER_SEC, requests);
  rapport_rt_test_cpu_print ("fresh full sync CPU", &before, &after);

  n_messages = assert_caches_equal (world.store, world.account_id, world.fresh,
                                    world.fresh_account_id);
  g_print ("# the cache synced through the faults equals a fresh sync: %u tickets, %u messages "
           "compared field by field\n", N_TICKETS, n_messages);
  g_print ("# wall time of the whole test: %.1f s\n",
           (double) (g_get_monotonic_time () - world.begin) / G_USEC_PER_SEC);
}

/* ------------------------------------------------------------------------------------ */
/* A record that does not read                                                           */

/* Whether @path (with its query) asks for the tickets search or for ticket @id itself. */
static gboolean
is_ticket_read (const char *path,
                guint64     id)
{
  g_autofree char *own = g_strdup_printf ("/REST/2.0/ticket/%" G_GUINT64_FORMAT, id);
  const char *at;

  if (strstr (path, "/REST/2.0/tickets?") != NULL)
    return TRUE;
  at = strstr (path, own);
  return at != NULL && (at[strlen (own)] == '?' || at[strlen (own)] == '\0');
}

static gboolean
has_id (JsonObject *object,
        guint64     id)
{
  JsonNode *node = json_object_get_member (object, "id");

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_ascii_strtoull (json_node_get_string (node), NULL, 10) == id;
  return json_node_get_value_type (node) == G_TYPE_INT64 &&
         (guint64) json_node_get_int (node) == id;
}

/* The ticket (*@user_data, a guint64 id) without its Subject, in its record and in searches. */
static GBytes *
drop_subject_cb (const char *path,
                 GBytes     *body,
                 gpointer    user_data)
{
  guint64 id = *(guint64 *) user_data;
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize size = 0;
  const char *data = g_bytes_get_data (body, &size);
  JsonObject *root;
  gboolean changed = FALSE;
  char *text;

  if (!is_ticket_read (path, id) ||
      !json_parser_load_from_data (parser, data, (gssize) size, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;

  root = json_node_get_object (json_parser_get_root (parser));
  if (has_id (root, id) && json_object_has_member (root, "Subject"))
    {
      json_object_remove_member (root, "Subject");
      changed = TRUE;
    }
  if (json_object_has_member (root, "items") &&
      JSON_NODE_HOLDS_ARRAY (json_object_get_member (root, "items")))
    {
      JsonArray *items = json_object_get_array_member (root, "items");

      for (guint i = 0; i < json_array_get_length (items); i++)
        {
          JsonNode *item = json_array_get_element (items, i);

          if (JSON_NODE_HOLDS_OBJECT (item) && has_id (json_node_get_object (item), id) &&
              json_object_has_member (json_node_get_object (item), "Subject"))
            {
              json_object_remove_member (json_node_get_object (item), "Subject");
              changed = TRUE;
            }
        }
    }

  if (!changed)
    return NULL;

  text = json_to_string (json_parser_get_root (parser), FALSE);
  return g_bytes_new_take (text, strlen (text));
}

static GPtrArray *
set_aside_of (RapportStore *store,
              gint64        account_id)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *records = rapport_store_list_set_aside (store, account_id, NULL, &error);

  g_assert_no_error (error);
  return records;
}

static void
test_bad_record_set_aside (void)
{
  g_autoptr(RapportStore) store = open_store ("bad-record.db");
  g_autoptr(RapportProvider) provider = NULL;
  g_autoptr(RapportSyncEngine) engine = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) tickets = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *bad_id = NULL;
  g_autoptr(GPtrArray) reference = NULL;
  static guint64 target;
  RapportSetAside *record;
  gint64 account_id;

  /* What a sync shows (the fresh sync of the test before): one of its tickets goes bad. */
  g_assert_nonnull (world.fresh);
  reference = rapport_rt_test_stored_tickets (world.fresh, world.fresh_account_id);
  g_assert_cmpuint (reference->len, >, 1);
  target = g_ascii_strtoull (rapport_ticket_get_remote_id (reference->pdata[0]), NULL, 10);
  bad_id = g_strdup_printf ("%" G_GUINT64_FORMAT, target);
  rapport_fault_proxy_set_rate (world.proxy, 0);
  provider = rapport_rt_provider_new (rapport_fault_proxy_get_url (world.proxy),
                                      world.agent_token, &error);
  g_assert_no_error (error);
  rapport_rt_provider_set_queue (RAPPORT_RT_PROVIDER (provider), "Support");
  account_id = add_account (store, provider);
  engine = rapport_sync_engine_new (store, provider, account_id);

  /* That ticket has no Subject: the sync succeeds without it. */
  rapport_fault_proxy_set_rewrite (world.proxy, drop_subject_cb, &target);
  g_assert_cmpuint (pull_until_done (engine), ==, 0);
  rapport_fault_proxy_set_rewrite (world.proxy, NULL, NULL);

  tickets = rapport_rt_test_stored_tickets (store, account_id);
  g_assert_cmpuint (tickets->len, ==, reference->len - 1);
  g_assert_null (rapport_rt_test_find_ticket (tickets, target));
  records = set_aside_of (store, account_id);
  g_assert_cmpuint (records->len, ==, 1);
  record = records->pdata[0];
  g_assert_cmpint (record->kind, ==, RAPPORT_RECORD_TICKET);
  g_assert_cmpstr (record->remote_id, ==, bad_id);
  g_assert_nonnull (strstr (record->reason, "Subject"));
  g_print ("# a ticket without its Subject was set aside (%s); the other %u tickets synced\n",
           record->reason, reference->len - 1);
  g_clear_pointer (&records, g_ptr_array_unref);
  g_clear_pointer (&tickets, g_ptr_array_unref);

  /* The answers are whole again: the next sync reads it by id and forgets it. */
  g_assert_cmpuint (pull_until_done (engine), ==, 0);
  tickets = rapport_rt_test_stored_tickets (store, account_id);
  g_assert_cmpuint (tickets->len, ==, reference->len);
  g_assert_nonnull (rapport_rt_test_find_ticket (tickets, target));
  records = set_aside_of (store, account_id);
  g_assert_cmpuint (records->len, ==, 0);

  rapport_store_close (store);
}

/* ------------------------------------------------------------------------------------ */

static void
set_up_world (void)
{
  g_autoptr(GError) error = NULL;
  const char *seed_text = g_getenv ("RAPPORT_FAULT_SEED");
  guint32 fault_seed = DEFAULT_SEED;
  SoupSession *session;
  gint64 begin;
  guint failures, requests;

  world.begin = g_get_monotonic_time ();
  rapport_rt_test_start_server ();
  world.agent_token = rapport_rt_test_read_secret ("token-sam");

  begin = g_get_monotonic_time ();
  for (guint i = 0; i < N_TICKETS; i++)
    rapport_rt_test_create_user (seed[i].email, seed[i].real_name);
  for (guint i = 0; i < N_TICKETS; i++)
    world.ticket_ids[i] = rapport_rt_test_create_ticket (&seed[i]);
  g_print ("# seeded %u customers and tickets in %.1f s\n", N_TICKETS,
           (double) (g_get_monotonic_time () - begin) / G_USEC_PER_SEC);

  if (seed_text != NULL && seed_text[0] != '\0')
    fault_seed = (guint32) g_ascii_strtoull (seed_text, NULL, 10);
  world.proxy = rapport_fault_proxy_new (rapport_rt_test_get_url (), fault_seed, &error);
  g_assert_no_error (error);
  rapport_fault_proxy_set_stall_ms (world.proxy, STALL_MS);
  g_print ("# fault proxy at %s, seed %u, rate %.0f %% once the ops are queued; client timeout "
           "%d s, stalls %d ms\n", rapport_fault_proxy_get_url (world.proxy), fault_seed,
           FAULT_RATE * 100, CLIENT_TIMEOUT_S, STALL_MS);

  /* In the server's work dir, which run-test.sh removes however the test ends. */
  world.store_dir = g_build_filename (rapport_rt_test_get_workdir (), "stores", NULL);
  g_assert_cmpint (g_mkdir_with_parents (world.store_dir, 0700), ==, 0);
  world.store = open_store ("cache.db");

  world.provider = rapport_rt_provider_new (rapport_fault_proxy_get_url (world.proxy),
                                            world.agent_token, &error);
  g_assert_no_error (error);
  rapport_rt_provider_set_queue (RAPPORT_RT_PROVIDER (world.provider), "Support");
  session = rapport_http_session_new (CLIENT_TIMEOUT_S);
  rapport_rt_provider_set_session (RAPPORT_RT_PROVIDER (world.provider), session);
  g_signal_connect (session, "request-queued", G_CALLBACK (on_request_queued), &world.requests);
  g_object_unref (session);

  /* Set-up without faults: the account and a first sync. */
  world.account_id = add_account (world.store, world.provider);
  world.engine = rapport_sync_engine_new (world.store, world.provider, world.account_id);
  requests = world.requests;
  begin = g_get_monotonic_time ();
  failures = pull_until_done (world.engine);
  g_assert_cmpuint (failures, ==, 0);
  g_print ("# first sync through the proxy (no faults yet): %.2f s, %u requests\n",
           (double) (g_get_monotonic_time () - begin) / G_USEC_PER_SEC,
           world.requests - requests);

  /* Local ids never change; a ticket solved locally leaves the views until a pull. */
  {
    g_autoptr(GPtrArray) tickets = rapport_rt_test_stored_tickets (world.store,
                                                                   world.account_id);

    g_assert_cmpuint (tickets->len, ==, N_TICKETS);
    for (guint i = 0; i < N_TICKETS; i++)
      {
        RapportTicket *ticket = rapport_rt_test_find_ticket (tickets, world.ticket_ids[i]);

        g_assert_nonnull (ticket);
        world.local_ids[i] = rapport_ticket_get_id (ticket);
      }
  }
}

static void
tear_down_world (void)
{
  g_print ("# client requests counted by libsoup: %u; through the proxy: %u, of which %u "
           "reached RT\n", world.requests, rapport_fault_proxy_get_n_requests (world.proxy),
           rapport_fault_proxy_get_n_forwarded (world.proxy));

  g_clear_object (&world.engine);
  g_clear_object (&world.provider);
  if (world.store != NULL)
    rapport_store_close (world.store);
  g_clear_object (&world.store);
  if (world.fresh != NULL)
    rapport_store_close (world.fresh);
  g_clear_object (&world.fresh);
  rapport_fault_proxy_stop (world.proxy);
  g_clear_object (&world.proxy);

  rapport_rt_test_stop_server ();

  if (world.store_dir != NULL)
    rapport_rt_test_remove_tree (world.store_dir);
  g_free (world.store_dir);
  for (guint i = 0; i < N_OPS; i++)
    g_free (world.ops[i].body);
  g_clear_pointer (&world.unknown_ops, g_hash_table_unref);
  rapport_rt_test_free_secret (g_steal_pointer (&world.agent_token));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rapport/integration/rt-faults/push-through-faults",
                   test_push_through_faults);
  g_test_add_func ("/rapport/integration/rt-faults/server-has-each-once",
                   test_server_has_each_once);
  g_test_add_func ("/rapport/integration/rt-faults/cache-has-each-once",
                   test_cache_has_each_once);
  g_test_add_func ("/rapport/integration/rt-faults/fresh-sync-equals-cache",
                   test_fresh_sync_equals_cache);
  g_test_add_func ("/rapport/integration/rt-faults/bad-record-set-aside",
                   test_bad_record_set_aside);

  set_up_world ();
  status = g_test_run ();
  tear_down_world ();

  return status;
}
