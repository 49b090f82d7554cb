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
#include "rt-test-util.h"

#include <string.h>

#define N_CUSTOMERS   12
#define WAIT_SECONDS  RAPPORT_RT_TEST_WAIT_SECONDS

static const RapportRtTestTicket seed[N_CUSTOMERS] = {
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
  char        *agent_token;  /* secret: sam.agent's */
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

static void
seed_server (void)
{
  gint64 begin = g_get_monotonic_time ();

  for (guint i = 0; i < N_CUSTOMERS; i++)
    rapport_rt_test_create_user (seed[i].email, seed[i].real_name);

  for (guint i = 0; i < N_CUSTOMERS; i++)
    world.ticket_ids[i] = rapport_rt_test_create_ticket (&seed[i]);

  for (guint i = 0; i < G_N_ELEMENTS (seed_messages); i++)
    rapport_rt_test_add_message (world.ticket_ids[seed_messages[i].ticket],
                                 seed_messages[i].comment, seed_messages[i].html,
                                 seed_messages[i].content);

  rapport_rt_test_set_status (world.ticket_ids[6], "resolved");
  rapport_rt_test_set_status (world.ticket_ids[8], "stalled");

  g_print ("# seeded %u customers, %u tickets, %u replies and comments in %.1f s\n",
           N_CUSTOMERS, N_CUSTOMERS, (guint) G_N_ELEMENTS (seed_messages),
           (double) (g_get_monotonic_time () - begin) / G_USEC_PER_SEC);
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

/* One full pull; returns its seconds and counts its requests into *requests. */
static double
sync_now (guint *requests)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 begin = g_get_monotonic_time ();
  guint before = world.requests;
  gint64 pages;

  rapport_sync_engine_pull_async (world.engine, NULL, rapport_rt_test_on_result_cb, &result);
  pages = rapport_sync_engine_pull_finish (world.engine, rapport_rt_test_wait_for (&result),
                                           &error);
  g_assert_no_error (error);
  g_assert_cmpint (pages, >=, 0);

  *requests = world.requests - before;
  return (double) (g_get_monotonic_time () - begin) / G_USEC_PER_SEC;
}

static GPtrArray *
stored_tickets (void)
{
  return rapport_rt_test_stored_tickets (world.store, world.account_id);
}

/* The text Rapport shows for a seeded body: HTML as text, the rest as sent. */
static gboolean
body_matches (const char *stored,
              const char *server)
{
  g_autofree char *a = rapport_rt_test_stripped (stored);
  g_autofree char *b = rapport_rt_test_stripped (server);

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
      RapportRtServerTicket *server = rapport_rt_test_read_ticket (id);
      RapportTicket *ticket = rapport_rt_test_find_ticket (tickets, id);
      g_autoptr(GPtrArray) messages = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(RapportCustomer) customer = NULL;
      RapportChannel channel = RAPPORT_CHANNEL_EMAIL;
      gint64 customer_id;

      g_test_message ("ticket %" G_GUINT64_FORMAT, id);
      g_assert_nonnull (ticket);
      g_assert_cmpstr (rapport_ticket_get_subject (ticket), ==, server->subject);
      g_assert_cmpint (rapport_ticket_get_status (ticket), ==,
                       rapport_rt_test_status_of (server->status));
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

      rapport_rt_server_ticket_free (server);
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
  RapportRtCpuSample cpu_before, cpu_after;
  double seconds;

  rapport_rt_test_cpu_sample (&cpu_before);
  seconds = sync_now (&requests);
  rapport_rt_test_cpu_sample (&cpu_after);
  g_print ("# initial sync: %.2f s, %u requests\n", seconds, requests);
  rapport_rt_test_cpu_print ("initial sync CPU", &cpu_before, &cpu_after);

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
  RapportRtTestTicket extra = { seed[0].email, seed[0].real_name, "Second order, also cold",
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
  rapport_rt_test_add_message (world.ticket_ids[10], FALSE, FALSE,
                               "Attached is the copy of invoice 8812.");
  rapport_rt_test_set_status (world.ticket_ids[11], "stalled");
  world.extra_ticket = rapport_rt_test_create_ticket (&extra);

  seconds = sync_now (&requests);
  g_print ("# incremental sync after 3 changes: %.2f s, %u requests\n", seconds, requests);

  after = stored_tickets ();
  g_assert_cmpuint (after->len, ==, N_CUSTOMERS + 1);
  ticket = rapport_rt_test_find_ticket (after, world.ticket_ids[11]);
  g_assert_cmpint (rapport_ticket_get_status (ticket), ==, RAPPORT_TICKET_STATUS_ON_HOLD);
  ticket = rapport_rt_test_find_ticket (after, world.ticket_ids[10]);
  messages = rapport_store_list_messages (world.store, rapport_ticket_get_id (ticket), NULL,
                                          &error);
  g_assert_no_error (error);
  g_assert_cmpuint (messages->len, ==, 2);
  ticket = rapport_rt_test_find_ticket (after, world.extra_ticket);
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
  RapportRtServerTicket *server = rapport_rt_test_read_ticket (ticket_id);
  g_autofree char *wanted = rapport_rt_test_stripped (body);
  guint n = 0;

  for (guint i = 0; i < server->bodies->len; i++)
    {
      g_autofree char *have = rapport_rt_test_stripped (server->bodies->pdata[i]);

      if (strcmp (have, wanted) == 0)
        n++;
    }
  rapport_rt_server_ticket_free (server);
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
  g_autofree char *wanted = rapport_rt_test_stripped (body);
  guint n = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < messages->len; i++)
    {
      g_autofree char *have =
        rapport_rt_test_stripped (rapport_message_get_body (messages->pdata[i]));

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
  RapportTicket *ticket = rapport_rt_test_find_ticket (tickets, world.ticket_ids[3]);
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
  ticket = rapport_rt_test_find_ticket (after, world.ticket_ids[3]);
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
  RapportTicket *ticket = rapport_rt_test_find_ticket (tickets, world.ticket_ids[5]);
  RapportRtServerTicket *server;
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

  server = rapport_rt_test_read_ticket (world.ticket_ids[5]);
  g_assert_cmpstr (server->status, ==, "stalled");
  g_assert_cmpstr (server->owner, ==, "lee.agent");
  rapport_rt_server_ticket_free (server);

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

    server = rapport_rt_test_read_ticket (world.ticket_ids[5]);
    g_assert_cmpstr (server->status, ==, "stalled");
    g_assert_cmpstr (server->owner, ==, "lee.agent");
    rapport_rt_server_ticket_free (server);
  }

  /* The next pull keeps them. */
  sync_now (&requests);
  after = stored_tickets ();
  ticket = rapport_rt_test_find_ticket (after, world.ticket_ids[5]);
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
    RapportTicket *unowned = rapport_rt_test_find_ticket (after, world.ticket_ids[7]);

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

    server = rapport_rt_test_read_ticket (world.ticket_ids[7]);
    g_assert_cmpstr (server->status, ==, "resolved");
    g_assert_null (server->owner);
    rapport_rt_server_ticket_free (server);

    sync_now (&requests);
    last = stored_tickets ();
    unowned = rapport_rt_test_find_ticket (last, world.ticket_ids[7]);
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

  rapport_rt_test_start_server ();
  world.agent_token = rapport_rt_test_read_secret ("token-sam");
  seed_server ();

  world.store_dir = g_dir_make_tmp ("rapport-rt-store-XXXXXX", &error);
  g_assert_no_error (error);
  db = g_build_filename (world.store_dir, "cache.db", NULL);
  world.store = rapport_store_new (db);
  g_assert_true (rapport_store_open (world.store, NULL, &error));
  g_assert_no_error (error);

  world.provider = rapport_rt_provider_new (rapport_rt_test_get_url (), world.agent_token,
                                            &error);
  g_assert_no_error (error);
  rapport_rt_provider_set_queue (RAPPORT_RT_PROVIDER (world.provider), "Support");
  g_signal_connect (rapport_rt_provider_get_session (RAPPORT_RT_PROVIDER (world.provider)),
                    "request-queued", G_CALLBACK (on_request_queued), NULL);

  rapport_provider_whoami_async (world.provider, NULL, rapport_rt_test_on_result_cb, &result);
  account = rapport_provider_whoami_finish (world.provider, rapport_rt_test_wait_for (&result),
                                            &error);
  g_assert_no_error (error);
  g_assert_true (rapport_store_add_account (world.store, account, NULL, &error));
  g_assert_no_error (error);
  world.account_id = rapport_account_get_id (account);

  world.engine = rapport_sync_engine_new (world.store, world.provider, world.account_id);
}

static void
tear_down_world (void)
{
  g_clear_object (&world.engine);
  g_clear_object (&world.provider);
  if (world.store != NULL)
    rapport_store_close (world.store);
  g_clear_object (&world.store);

  rapport_rt_test_stop_server ();

  if (world.store_dir != NULL)
    rapport_rt_test_remove_tree (world.store_dir);

  rapport_rt_test_free_secret (g_steal_pointer (&world.agent_token));
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
