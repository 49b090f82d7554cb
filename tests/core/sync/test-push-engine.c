/* test-push-engine.c
 *
 * The push engine against a scripted fake helpdesk: a provider whose server is a table of
 * messages per ticket, whose answers come back after a delay on the main context, and whose
 * faults are scripted per call (or drawn at random). Every call is recorded.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rapport-test-push-engine"

#include "config.h"

#include <locale.h>
#include <sqlite3.h>
#include <string.h>

#include "rapport-outbox.h"
#include "rapport-push-engine.h"
#include "rapport-test-data.h"

/* ---------------------------------------------------------------------------------------------
 * The fake provider
 * ------------------------------------------------------------------------------------------- */

typedef enum
{
  FAULT_NONE,
  FAULT_NETWORK,            /* nothing reached the server */
  FAULT_RATE_LIMITED,       /* refused; retry_after_s in the message when set */
  FAULT_UNKNOWN_RECORDED,   /* the server did it, the answer was lost */
  FAULT_UNKNOWN_LOST,       /* the request was lost, outcome unknown to the client */
  FAULT_BAD_ANSWER,         /* the server did it, the answer was garbage (INVALID_RESPONSE) */
  FAULT_NOT_FOUND,          /* permanent */
  FAULT_AUTH,               /* token expired */
  FAULT_SERVER_FAILED,      /* the server did it, then failed (SERVER_ERROR, a 5xx) */
  N_FAULTS
} Fault;

#define FAKE_TYPE_PROVIDER (fake_provider_get_type ())
G_DECLARE_FINAL_TYPE (FakeProvider, fake_provider, FAKE, PROVIDER, GObject)

struct _FakeProvider
{
  GObject     parent_instance;

  GHashTable *server;          /* ticket remote id → GPtrArray of RapportMessage */
  GHashTable *tickets;         /* ticket remote id → RapportTicket (server's values) */
  GHashTable *gone;            /* ticket remote ids that answer NOT_FOUND */
  GQueue      faults;          /* scripted, one per write call */
  GRand      *rand;            /* random faults when set: 10 % of each kind but AUTH */
  guint       retry_after_s;
  guint       delay_ms;
  gboolean    keep_status;     /* answers 200 to a status change but keeps the old one (RT) */

  guint       n_posts;
  guint       n_updates;
  guint       n_fetches;
  guint       active;
  guint       max_active;
  GHashTable *active_per_ticket; /* remote id → count */
  guint       max_per_ticket;
  GPtrArray  *post_log;        /* "ticket|body" of every post call, in call order */
  GArray     *post_times;      /* monotonic µs of every post call */
  guint       next_id;
};

static void fake_provider_iface_init (RapportProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FakeProvider, fake_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (RAPPORT_TYPE_PROVIDER,
                                                      fake_provider_iface_init))

static void
fake_provider_finalize (GObject *object)
{
  FakeProvider *self = FAKE_PROVIDER (object);

  g_hash_table_unref (self->server);
  g_hash_table_unref (self->tickets);
  g_hash_table_unref (self->gone);
  g_hash_table_unref (self->active_per_ticket);
  g_queue_clear (&self->faults);
  g_clear_pointer (&self->rand, g_rand_free);
  g_ptr_array_unref (self->post_log);
  g_array_unref (self->post_times);

  G_OBJECT_CLASS (fake_provider_parent_class)->finalize (object);
}

static void
fake_provider_class_init (FakeProviderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fake_provider_finalize;
}

static void
fake_provider_init (FakeProvider *self)
{
  self->server = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) g_ptr_array_unref);
  self->tickets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->gone = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->active_per_ticket = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_queue_init (&self->faults);
  self->post_log = g_ptr_array_new_with_free_func (g_free);
  self->post_times = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->delay_ms = 2;
  self->next_id = 100;
}

static GPtrArray *
server_messages (FakeProvider *self,
                 const char   *ticket)
{
  GPtrArray *messages = g_hash_table_lookup (self->server, ticket);

  if (messages == NULL)
    {
      messages = g_ptr_array_new_with_free_func (g_object_unref);
      g_hash_table_insert (self->server, g_strdup (ticket), messages);
    }

  return messages;
}

/* How many messages with @body the server holds on any ticket. */
static guint
server_count (FakeProvider *self,
              const char   *body)
{
  GHashTableIter iter;
  gpointer value;
  guint n = 0;

  g_hash_table_iter_init (&iter, self->server);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      GPtrArray *messages = value;

      for (guint i = 0; i < messages->len; i++)
        n += g_strcmp0 (rapport_message_get_body (messages->pdata[i]), body) == 0;
    }

  return n;
}

static RapportMessage *
server_record (FakeProvider      *self,
               const char        *ticket,
               RapportVisibility  visibility,
               const char        *body)
{
  RapportMessage *message = rapport_message_new ();
  g_autofree char *id = g_strdup_printf ("S-%u", self->next_id++);

  rapport_message_set_remote_id (message, id);
  rapport_message_set_ticket_remote_id (message, ticket);
  rapport_message_set_channel (message, RAPPORT_CHANNEL_EMAIL);
  rapport_message_set_direction (message, RAPPORT_DIRECTION_OUTBOUND);
  rapport_message_set_visibility (message, visibility);
  rapport_message_set_author_kind (message, RAPPORT_AUTHOR_AGENT);
  rapport_message_set_author_name (message, "Sam Rivera (server)");
  rapport_message_set_author_remote_id (message, TEST_AGENT);
  /* The server re-wraps: a trailing newline, as RT does. */
  rapport_message_set_body (message, body);
  rapport_message_set_created_at (message, g_get_real_time () / G_USEC_PER_SEC);
  g_ptr_array_add (server_messages (self, ticket), g_object_ref (message));

  return message;
}

static Fault
next_fault (FakeProvider *self)
{
  if (!g_queue_is_empty (&self->faults))
    return GPOINTER_TO_INT (g_queue_pop_head (&self->faults));

  if (self->rand != NULL)
    {
      gint32 draw = g_rand_int_range (self->rand, 0, 100);

      /* 0–9 NETWORK, 10–19 RATE_LIMITED, … 50–59 NOT_FOUND, 60–99 none. */
      if (draw < 10 * (FAULT_NOT_FOUND))
        return (Fault) (draw / 10 + 1);
    }

  return FAULT_NONE;
}

static GError *
fault_error (FakeProvider *self,
             Fault         fault)
{
  switch (fault)
    {
    case FAULT_NETWORK:
      return g_error_new_literal (RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_NETWORK,
                                  "Connection refused");
    case FAULT_RATE_LIMITED:
      if (self->retry_after_s > 0)
        return g_error_new (RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_RATE_LIMITED,
                            "Too many requests (retry after %u s)", self->retry_after_s);
      return g_error_new_literal (RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_RATE_LIMITED,
                                  "Too many requests");
    case FAULT_UNKNOWN_RECORDED:
    case FAULT_UNKNOWN_LOST:
      return g_error_new_literal (RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_OUTCOME_UNKNOWN,
                                  "Connection lost after the request was sent");
    case FAULT_BAD_ANSWER:
      return g_error_new_literal (RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE,
                                  "Truncated answer");
    case FAULT_NOT_FOUND:
      return g_error_new_literal (RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_NOT_FOUND,
                                  "No such ticket");
    case FAULT_AUTH:
      return g_error_new_literal (RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_AUTH_REQUIRED,
                                  "The token expired");
    case FAULT_SERVER_FAILED:
      return g_error_new_literal (RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_SERVER_ERROR,
                                  "HTTP 504 Gateway Timeout");
    case FAULT_NONE:
    case N_FAULTS:
    default:
      g_assert_not_reached ();
    }
}

/* An answer on its way back. */
typedef struct
{
  FakeProvider *self;
  GTask        *task;
  char         *ticket;
  gpointer      value;
  GDestroyNotify value_free;
  GError       *error;
  gboolean      is_write;
} Answer;

static gboolean
deliver_cb (gpointer data)
{
  Answer *answer = data;
  FakeProvider *self = answer->self;

  if (answer->is_write)
    {
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (self->active_per_ticket, answer->ticket));

      self->active--;
      g_hash_table_replace (self->active_per_ticket, g_strdup (answer->ticket),
                            GUINT_TO_POINTER (n - 1));
    }

  if (answer->error != NULL)
    g_task_return_error (answer->task, answer->error);
  else
    g_task_return_pointer (answer->task, answer->value, answer->value_free);

  g_object_unref (answer->task);
  g_free (answer->ticket);
  g_free (answer);

  return G_SOURCE_REMOVE;
}

static void
answer_later (FakeProvider *self,
              GTask        *task,
              const char   *ticket,
              gpointer      value,
              GError       *error,
              gboolean      is_write)
{
  Answer *answer = g_new0 (Answer, 1);

  answer->self = self;
  answer->task = task;
  answer->ticket = g_strdup (ticket);
  answer->value = value;
  answer->value_free = is_write ? g_object_unref : (GDestroyNotify) g_ptr_array_unref;
  answer->error = error;
  answer->is_write = is_write;

  if (is_write)
    {
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (self->active_per_ticket, ticket)) + 1;

      self->active++;
      self->max_active = MAX (self->max_active, self->active);
      g_hash_table_replace (self->active_per_ticket, g_strdup (ticket), GUINT_TO_POINTER (n));
      self->max_per_ticket = MAX (self->max_per_ticket, n);
    }

  g_timeout_add (self->delay_ms, deliver_cb, answer);
}

static const char *
fake_get_kind (RapportProvider *provider)
{
  return "fake";
}

static RapportProviderCapabilities
fake_get_capabilities (RapportProvider *provider)
{
  return RAPPORT_PROVIDER_CAPABILITY_WRITES;
}

static void
fake_post_message_async (RapportProvider     *provider,
                         const char          *ticket,
                         RapportVisibility    visibility,
                         const char          *body,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  FakeProvider *self = FAKE_PROVIDER (provider);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  gint64 now = g_get_monotonic_time ();
  RapportMessage *message = NULL;
  GError *error = NULL;
  Fault fault;

  self->n_posts++;
  g_ptr_array_add (self->post_log, g_strdup_printf ("%s|%s", ticket, body));
  g_array_append_val (self->post_times, now);

  fault = g_hash_table_contains (self->gone, ticket) ? FAULT_NOT_FOUND : next_fault (self);
  if (fault == FAULT_NONE)
    message = server_record (self, ticket, visibility, body);
  else if (fault == FAULT_UNKNOWN_RECORDED || fault == FAULT_BAD_ANSWER ||
           fault == FAULT_SERVER_FAILED)
    g_object_unref (server_record (self, ticket, visibility, body));

  if (fault != FAULT_NONE)
    error = fault_error (self, fault);

  answer_later (self, task, ticket, message, error, TRUE);
}

static RapportMessage *
fake_post_message_finish (RapportProvider  *provider,
                          GAsyncResult     *result,
                          GError          **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static RapportTicket *
server_ticket (FakeProvider *self,
               const char   *remote_id)
{
  RapportTicket *ticket = g_hash_table_lookup (self->tickets, remote_id);

  if (ticket == NULL)
    {
      ticket = rapport_ticket_new ();
      rapport_ticket_set_remote_id (ticket, remote_id);
      rapport_ticket_set_status (ticket, RAPPORT_TICKET_STATUS_OPEN);
      rapport_ticket_set_priority (ticket, RAPPORT_TICKET_PRIORITY_NORMAL);
      g_hash_table_insert (self->tickets, g_strdup (remote_id), ticket);
    }

  return ticket;
}

static void
fake_update_ticket_async (RapportProvider            *provider,
                          const char                 *remote_id,
                          const RapportTicketChanges *changes,
                          GCancellable               *cancellable,
                          GAsyncReadyCallback         callback,
                          gpointer                    user_data)
{
  FakeProvider *self = FAKE_PROVIDER (provider);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  RapportTicket *ticket = server_ticket (self, remote_id);
  RapportTicket *copy = NULL;
  GError *error = NULL;
  Fault fault;

  self->n_updates++;

  fault = g_hash_table_contains (self->gone, remote_id) ? FAULT_NOT_FOUND : next_fault (self);
  if (fault == FAULT_NONE || fault == FAULT_UNKNOWN_RECORDED || fault == FAULT_BAD_ANSWER ||
      fault == FAULT_SERVER_FAILED)
    {
      if ((changes->fields & RAPPORT_TICKET_FIELD_STATUS) && !self->keep_status)
        rapport_ticket_set_status (ticket, changes->status);
      if (changes->fields & RAPPORT_TICKET_FIELD_ASSIGNEE)
        rapport_ticket_set_assignee_remote_id (ticket, changes->assignee_remote_id);
      if (changes->fields & RAPPORT_TICKET_FIELD_PRIORITY)
        rapport_ticket_set_priority (ticket, changes->priority);
    }

  if (fault == FAULT_NONE)
    {
      copy = rapport_ticket_new ();
      rapport_ticket_update_from (copy, ticket);
    }
  else
    {
      error = fault_error (self, fault);
    }

  answer_later (self, task, remote_id, copy, error, TRUE);
}

static RapportTicket *
fake_update_ticket_finish (RapportProvider  *provider,
                           GAsyncResult     *result,
                           GError          **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
fake_fetch_ticket_history_async (RapportProvider     *provider,
                                 const char          *ticket,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  FakeProvider *self = FAKE_PROVIDER (provider);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  GPtrArray *messages = server_messages (self, ticket);
  GPtrArray *copy = g_ptr_array_new_with_free_func (g_object_unref);

  self->n_fetches++;

  for (guint i = 0; i < messages->len; i++)
    g_ptr_array_add (copy, g_object_ref (messages->pdata[i]));

  /* Reads fail too in the random runs (never after the effect, so just NETWORK). */
  if (self->rand != NULL && g_rand_int_range (self->rand, 0, 100) < 10)
    {
      g_ptr_array_unref (copy);
      answer_later (self, task, ticket, NULL, fault_error (self, FAULT_NETWORK), FALSE);
      return;
    }

  answer_later (self, task, ticket, copy, NULL, FALSE);
}

static GPtrArray *
fake_fetch_ticket_history_finish (RapportProvider  *provider,
                                  GAsyncResult     *result,
                                  GError          **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
fake_provider_iface_init (RapportProviderInterface *iface)
{
  iface->get_kind = fake_get_kind;
  iface->get_capabilities = fake_get_capabilities;
  iface->post_message_async = fake_post_message_async;
  iface->post_message_finish = fake_post_message_finish;
  iface->update_ticket_async = fake_update_ticket_async;
  iface->update_ticket_finish = fake_update_ticket_finish;
  iface->fetch_ticket_history_async = fake_fetch_ticket_history_async;
  iface->fetch_ticket_history_finish = fake_fetch_ticket_history_finish;
}

static void
script (FakeProvider *self,
        Fault         fault)
{
  g_queue_push_tail (&self->faults, GINT_TO_POINTER (fault));
}

/* ---------------------------------------------------------------------------------------------
 * Fixture
 * ------------------------------------------------------------------------------------------- */

typedef struct
{
  char              *dir;
  char              *path;
  RapportStore      *store;
  gint64             account_id;
  sqlite3           *raw;
  FakeProvider      *provider;
  RapportPushEngine *engine;
  GHashTable        *last_state;  /* op id → last "op-changed" state */
  guint              n_op_changed;
  gboolean           was_offline;
} Fixture;

/* Iterates the main context until @cond holds; fails the test after @ms. */
#define WAIT_FOR(cond, ms) \
  G_STMT_START { \
    gint64 deadline_ = g_get_monotonic_time () + \
                       (gint64) (ms) * 1000 * rapport_test_time_scale (); \
    while (!(cond)) \
      { \
        if (g_get_monotonic_time () > deadline_) \
          g_error ("Timed out after %d ms waiting for %s", (int) (ms), #cond); \
        if (!g_main_context_iteration (NULL, FALSE)) \
          g_usleep (500); \
      } \
  } G_STMT_END

static void
run_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (500);
    }
}

static gint64
query_int (sqlite3    *db,
           const char *sql,
           const char *param)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (param != NULL)
    sqlite3_bind_text (stmt, 1, param, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return value;
}

static gint64
ticket_id_of (Fixture    *fixture,
              const char *remote_id)
{
  return query_int (fixture->raw, "SELECT id FROM tickets WHERE remote_id = ?1", remote_id);
}

static void
on_op_changed_cb (RapportPushEngine  *engine,
                  gint64              op_id,
                  RapportOutboxState  state,
                  Fixture            *fixture)
{
  fixture->n_op_changed++;
  g_hash_table_insert (fixture->last_state, g_memdup2 (&op_id, sizeof op_id),
                       GINT_TO_POINTER (state));
}

static void
on_online_cb (RapportPushEngine *engine,
              GParamSpec        *pspec,
              Fixture           *fixture)
{
  if (!rapport_push_engine_get_online (engine))
    fixture->was_offline = TRUE;
}

static void
make_engine (Fixture *fixture)
{
  fixture->engine = rapport_push_engine_new (fixture->store, RAPPORT_PROVIDER (fixture->provider),
                                             fixture->account_id);
  rapport_push_engine_set_backoff_base_ms (fixture->engine, 5);
  rapport_push_engine_set_backoff_cap_ms (fixture->engine, 40);
  rapport_push_engine_set_settle_ms (fixture->engine, 20);
  g_signal_connect (fixture->engine, "op-changed", G_CALLBACK (on_op_changed_cb), fixture);
  g_signal_connect (fixture->engine, "notify::online", G_CALLBACK (on_online_cb), fixture);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(RapportSyncPage) page = test_story_page ();
  g_autoptr(GError) error = NULL;

  fixture->dir = test_make_tmp_dir ();
  fixture->path = g_build_filename (fixture->dir, "rapport.db", NULL);
  fixture->store = test_open_store (fixture->dir, &fixture->account_id);
  g_assert_true (rapport_store_apply_page (fixture->store, fixture->account_id, page, NULL,
                                           &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open_v2 (fixture->path, &fixture->raw, SQLITE_OPEN_READWRITE, NULL),
                   ==, SQLITE_OK);
  fixture->provider = g_object_new (FAKE_TYPE_PROVIDER, NULL);
  fixture->last_state = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  make_engine (fixture);
}

/* Drops the engine and waits until every job of it has finished and it is gone. */
static void
destroy_engine (Fixture *fixture)
{
  gpointer weak = fixture->engine;

  rapport_push_engine_stop (fixture->engine);
  g_object_add_weak_pointer (G_OBJECT (fixture->engine), &weak);
  g_signal_handlers_disconnect_by_data (fixture->engine, fixture);
  g_clear_object (&fixture->engine);
  WAIT_FOR (weak == NULL, 5000);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->engine != NULL)
    destroy_engine (fixture);
  run_for (5);
  g_assert_finalize_object (g_steal_pointer (&fixture->provider));
  sqlite3_close (fixture->raw);
  rapport_store_close (fixture->store);
  g_assert_finalize_object (g_steal_pointer (&fixture->store));
  g_hash_table_unref (fixture->last_state);
  test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

static RapportOutboxOp *
enqueue (Fixture           *fixture,
         const char        *ticket,
         RapportVisibility  visibility,
         const char        *body,
         guint              hold_ms)
{
  g_autoptr(GError) error = NULL;
  RapportOutboxOp *op;

  op = rapport_outbox_enqueue_message (fixture->store, fixture->account_id,
                                       ticket_id_of (fixture, ticket), visibility, body, hold_ms,
                                       NULL, &error);
  g_assert_no_error (error);

  return op;
}

static void
op_free (gpointer op)
{
  rapport_outbox_op_free (op);
}

static RapportOutboxOp *
get_op (Fixture *fixture,
        gint64   op_id)
{
  g_autoptr(GError) error = NULL;
  RapportOutboxOp *op = rapport_outbox_get_op (fixture->store, op_id, NULL, &error);

  g_assert_no_error (error);

  return op;
}

static RapportOutboxState
op_state (Fixture *fixture,
          gint64   op_id)
{
  g_autoptr(RapportOutboxOp) op = get_op (fixture, op_id);

  return op->state;
}

static gboolean
all_done (Fixture   *fixture,
          GPtrArray *ops)
{
  for (guint i = 0; i < ops->len; i++)
    {
      if (op_state (fixture, ((RapportOutboxOp *) ops->pdata[i])->id) != RAPPORT_OUTBOX_STATE_DONE)
        return FALSE;
    }

  return TRUE;
}

static gint64
count_body (Fixture    *fixture,
            const char *body)
{
  return query_int (fixture->raw, "SELECT COUNT (*) FROM messages WHERE body = ?1", body);
}

/* ---------------------------------------------------------------------------------------------
 * Tests
 * ------------------------------------------------------------------------------------------- */

static void
test_new_destroy (void)
{
  g_autofree char *dir = test_make_tmp_dir ();
  gint64 account_id;
  RapportStore *store = test_open_store (dir, &account_id);
  FakeProvider *provider = g_object_new (FAKE_TYPE_PROVIDER, NULL);
  RapportPushEngine *engine = rapport_push_engine_new (store, RAPPORT_PROVIDER (provider),
                                                       account_id);

  g_assert_false (rapport_push_engine_get_running (engine));
  g_assert_true (rapport_push_engine_get_online (engine));
  g_assert_null (rapport_push_engine_get_blocked_reason (engine));
  g_assert_cmpuint (rapport_push_engine_get_n_in_flight (engine), ==, 0);
  g_assert_cmpuint (rapport_push_engine_get_backoff_base_ms (engine), ==, 2000);
  g_assert_finalize_object (engine);
  g_assert_finalize_object (provider);

  while (g_main_context_iteration (NULL, FALSE))
    ;
  rapport_store_close (store);
  g_assert_finalize_object (store);
  test_remove_tree (dir);
}

static void
test_send_reply (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(RapportOutboxOp) op = enqueue (fixture, "1001", RAPPORT_VISIBILITY_PUBLIC,
                                           "Your refund is on its way.", 0);
  g_autoptr(RapportOutboxOp) done = NULL;
  g_autoptr(RapportTicketChanges) changes = rapport_ticket_changes_new ();
  g_autoptr(RapportOutboxOp) update = NULL;
  g_autoptr(GError) error = NULL;

  rapport_push_engine_start (fixture->engine);
  g_assert_true (rapport_push_engine_get_running (fixture->engine));
  WAIT_FOR (op_state (fixture, op->id) == RAPPORT_OUTBOX_STATE_DONE, 5000);

  done = get_op (fixture, op->id);
  g_assert_cmpuint (fixture->provider->n_posts, ==, 1);
  g_assert_cmpuint (done->attempts, ==, 1);
  g_assert_nonnull (done->remote_message_id);
  g_assert_cmpint (query_int (fixture->raw, "SELECT COUNT (*) FROM messages WHERE remote_id = ?1 "
                                            "AND offline_state = 'synced'",
                              done->remote_message_id), ==, 1);
  g_assert_cmpint (count_body (fixture, "Your refund is on its way."), ==, 1);
  WAIT_FOR (GPOINTER_TO_INT (g_hash_table_lookup (fixture->last_state, &op->id)) ==
            RAPPORT_OUTBOX_STATE_DONE, 1000);

  /* A ticket update goes the same way and the ticket takes the server's values. */
  changes->fields = RAPPORT_TICKET_FIELD_STATUS | RAPPORT_TICKET_FIELD_PRIORITY;
  changes->status = RAPPORT_TICKET_STATUS_PENDING;
  changes->priority = RAPPORT_TICKET_PRIORITY_URGENT;
  update = rapport_outbox_enqueue_update (fixture->store, fixture->account_id,
                                          ticket_id_of (fixture, "1001"), changes, NULL, &error);
  g_assert_no_error (error);
  WAIT_FOR (op_state (fixture, update->id) == RAPPORT_OUTBOX_STATE_DONE, 5000);
  g_assert_cmpuint (fixture->provider->n_updates, ==, 1);
  g_assert_cmpint (query_int (fixture->raw, "SELECT status = 'pending' AND priority = 'urgent' "
                                            "AND offline_state = 'synced' FROM tickets "
                                            "WHERE remote_id = ?1", "1001"), ==, 1);
}

static void
test_hold_then_send (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(RapportOutboxOp) kept = enqueue (fixture, "1001", RAPPORT_VISIBILITY_PUBLIC,
                                             "After the window", 300);
  g_autoptr(RapportOutboxOp) undone = enqueue (fixture, "1002", RAPPORT_VISIBILITY_PUBLIC,
                                               "Taken back", 300);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gint64 sent_at;

  rapport_push_engine_start (fixture->engine);
  run_for (100);
  g_assert_cmpuint (fixture->provider->n_posts, ==, 0);
  g_assert_cmpint (op_state (fixture, kept->id), ==, RAPPORT_OUTBOX_STATE_HELD);

  text = rapport_outbox_undo (fixture->store, undone->id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, "Taken back");

  WAIT_FOR (op_state (fixture, kept->id) == RAPPORT_OUTBOX_STATE_DONE, 5000);
  sent_at = g_get_real_time () / 1000;
  g_assert_cmpint (sent_at, >=, kept->hold_until);
  g_assert_cmpuint (fixture->provider->n_posts, ==, 1);
  g_assert_cmpstr (fixture->provider->post_log->pdata[0], ==, "1001|After the window");

  /* Too late now. */
  g_clear_pointer (&text, g_free);
  text = rapport_outbox_undo (fixture->store, kept->id, NULL, &error);
  g_assert_error (error, RAPPORT_OUTBOX_ERROR, RAPPORT_OUTBOX_ERROR_ALREADY_SENT);
  g_assert_null (text);
  g_assert_cmpint (server_count (fixture->provider, "Taken back"), ==, 0);
}

/* A window extended while the engine waits for its first end (the agent saw it late): the
 * engine sends it at the new end, not before. */
static void
test_extended_hold (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(RapportOutboxOp) op = enqueue (fixture, "1001", RAPPORT_VISIBILITY_PUBLIC,
                                           "Seen late", 300);
  g_autoptr(RapportOutboxOp) extended = NULL;
  g_autoptr(GError) error = NULL;
  gint64 until;

  rapport_push_engine_start (fixture->engine);
  run_for (100);
  g_assert_cmpint (op_state (fixture, op->id), ==, RAPPORT_OUTBOX_STATE_HELD);

  until = g_get_real_time () / 1000 + 1200;
  extended = rapport_outbox_extend_hold (fixture->store, op->id, until, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (extended->hold_until, ==, until);

  /* Past the first end: still held, nothing sent. */
  run_for (600);
  g_assert_cmpint (op_state (fixture, op->id), ==, RAPPORT_OUTBOX_STATE_HELD);
  g_assert_cmpuint (fixture->provider->n_posts, ==, 0);

  WAIT_FOR (op_state (fixture, op->id) == RAPPORT_OUTBOX_STATE_DONE, 5000);
  g_assert_cmpint (g_get_real_time () / 1000, >=, until);
  g_assert_cmpuint (fixture->provider->n_posts, ==, 1);
}

static void
test_fifo (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GPtrArray) ops = g_ptr_array_new_with_free_func (op_free);
  const char *tickets[] = { "1001", "2001" };
  guint next[2] = { 0, 0 };

  fixture->provider->delay_ms = 20;
  for (guint i = 0; i < 3; i++)
    {
      for (guint t = 0; t < 2; t++)
        {
          g_autofree char *body = g_strdup_printf ("%s #%u", tickets[t], i);

          g_ptr_array_add (ops, enqueue (fixture, tickets[t], RAPPORT_VISIBILITY_PUBLIC, body, 0));
        }
    }

  rapport_push_engine_start (fixture->engine);
  WAIT_FOR (all_done (fixture, ops), 5000);

  g_assert_cmpuint (fixture->provider->n_posts, ==, 6);
  g_assert_cmpuint (fixture->provider->max_per_ticket, ==, 1);
  /* Both tickets were worked at the same time. */
  g_assert_cmpuint (fixture->provider->max_active, ==, 2);

  for (guint i = 0; i < fixture->provider->post_log->len; i++)
    {
      const char *entry = fixture->provider->post_log->pdata[i];
      guint t = g_str_has_prefix (entry, "2001") ? 1 : 0;
      g_autofree char *expected = g_strdup_printf ("%s|%s #%u", tickets[t], tickets[t], next[t]++);

      g_assert_cmpstr (entry, ==, expected);
    }
}

static void
test_concurrency_cap (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) ops = g_ptr_array_new_with_free_func (op_free);
  const char *tickets[] = { "1001", "1002", "1003", "2001", "3001" };

  fixture->provider->delay_ms = 30;
  for (guint t = 0; t < G_N_ELEMENTS (tickets); t++)
    g_ptr_array_add (ops, enqueue (fixture, tickets[t], RAPPORT_VISIBILITY_INTERNAL, tickets[t],
                                   0));

  rapport_push_engine_start (fixture->engine);
  WAIT_FOR (rapport_push_engine_get_n_in_flight (fixture->engine) == 2, 5000);
  WAIT_FOR (all_done (fixture, ops), 5000);

  g_assert_cmpuint (fixture->provider->n_posts, ==, 5);
  g_assert_cmpuint (fixture->provider->max_active, ==, RAPPORT_PUSH_ENGINE_MAX_IN_FLIGHT);
}

static void
test_permanent_error (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(RapportOutboxOp) lost = enqueue (fixture, "1001", RAPPORT_VISIBILITY_PUBLIC,
                                             "To a deleted ticket", 0);
  g_autoptr(RapportOutboxOp) behind = enqueue (fixture, "1001", RAPPORT_VISIBILITY_PUBLIC,
                                               "Behind the failed one", 0);
  g_autoptr(RapportOutboxOp) other = enqueue (fixture, "2001", RAPPORT_VISIBILITY_PUBLIC,
                                              "Elsewhere", 0);
  g_autoptr(RapportOutboxOp) failed = NULL;

  g_hash_table_add (fixture->provider->gone, g_strdup ("1001"));
  rapport_push_engine_start (fixture->engine);

  WAIT_FOR (op_state (fixture, other->id) == RAPPORT_OUTBOX_STATE_DONE, 5000);
  WAIT_FOR (op_state (fixture, behind->id) == RAPPORT_OUTBOX_STATE_FAILED, 5000);

  failed = get_op (fixture, lost->id);
  g_assert_cmpint (failed->state, ==, RAPPORT_OUTBOX_STATE_FAILED);
  g_assert_cmpint (failed->error_code, ==, RAPPORT_PROVIDER_ERROR_NOT_FOUND);
  g_assert_cmpstr (failed->last_error, ==, "No such ticket");
  g_assert_cmpstr (failed->body, ==, "To a deleted ticket");
  /* The text stays visible on the ticket. */
  g_assert_cmpint (count_body (fixture, "To a deleted ticket"), ==, 1);
  g_assert_cmpuint (fixture->provider->n_posts, ==, 3);
  g_assert_true (rapport_push_engine_get_online (fixture->engine));
}

static void
test_network_backoff (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(RapportOutboxOp) op = enqueue (fixture, "1001", RAPPORT_VISIBILITY_PUBLIC,
                                           "Through a flaky network", 0);
  g_autoptr(RapportOutboxOp) second = enqueue (fixture, "1001", RAPPORT_VISIBILITY_PUBLIC,
                                               "Second in line", 0);
  g_autoptr(RapportOutboxOp) done = NULL;

  script (fixture->provider, FAULT_NETWORK);
  script (fixture->provider, FAULT_NETWORK);
  rapport_push_engine_start (fixture->engine);

  WAIT_FOR (op_state (fixture, second->id) == RAPPORT_OUTBOX_STATE_DONE, 5000);
  g_assert_cmpint (op_state (fixture, op->id), ==, RAPPORT_OUTBOX_STATE_DONE);
  done = get_op (fixture, op->id);
  g_assert_cmpuint (done->attempts, ==, 3);
  g_assert_cmpuint (fixture->provider->n_posts, ==, 4);
  /* The op behind never overtook the one in backoff. */
  g_assert_cmpstr (fixture->provider->post_log->pdata[2], ==, "1001|Through a flaky network");
  g_assert_cmpstr (fixture->provider->post_log->pdata[3], ==, "1001|Second in line");
  g_assert_cmpuint (server_count (fixture->provider, "Through a flaky network"), ==, 1);
  g_assert_true (fixture->was_offline);
  g_assert_true (rapport_push_engine_get_online (fixture->engine));
  /* The second retry waited longer than the first (base 5 ms, doubled, half jitter). */
  g_assert_cmpint (g_array_index (fixture->provider->post_times, gint64, 1) -
                   g_array_index (fixture->provider->post_times, gint64, 0), >=, 2500);
  g_assert_cmpint (g_array_index (fixture->provider->post_times, gint64, 2) -
                   g_array_index (fixture->provider->post_times, gint64, 1), >=, 5000);
}

static void
test_rate_limited (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(RapportOutboxOp) op = enqueue (fixture, "1001", RAPPORT_VISIBILITY_PUBLIC,
                                           "Slow down", 0);
  gint64 waited;

  fixture->provider->retry_after_s = 1;
  script (fixture->provider, FAULT_RATE_LIMITED);
  rapport_push_engine_start (fixture->engine);

  WAIT_FOR (op_state (fixture, op->id) == RAPPORT_OUTBOX_STATE_DONE, 5000);
  g_assert_cmpuint (fixture->provider->n_posts, ==, 2);
  waited = g_array_index (fixture->provider->post_times, gint64, 1) -
           g_array_index (fixture->provider->post_times, gint64, 0);
  g_assert_cmpint (waited, >=, G_USEC_PER_SEC);
  g_assert_cmpuint (server_count (fixture->provider, "Slow down"), ==, 1);
}

static void
test_retry_after_parser (void)
{
  g_autoptr(GError) with = g_error_new_literal (RAPPORT_PROVIDER_ERROR,
                                                RAPPORT_PROVIDER_ERROR_RATE_LIMITED,
                                                "Too many requests (retry after 17 s)");
  g_autoptr(GError) without = g_error_new_literal (RAPPORT_PROVIDER_ERROR,
                                                   RAPPORT_PROVIDER_ERROR_RATE_LIMITED,
                                                   "Too many requests (retry after soon)");
  g_autoptr(GError) other = g_error_new_literal (RAPPORT_PROVIDER_ERROR,
                                                 RAPPORT_PROVIDER_ERROR_NETWORK,
                                                 "Down (retry after 5 s)");
  g_autoptr(GError) huge = g_error_new_literal (RAPPORT_PROVIDER_ERROR,
                                                RAPPORT_PROVIDER_ERROR_RATE_LIMITED,
                                                "x (retry after 99999999999999999999 s)");

  g_assert_cmpuint (rapport_provider_error_get_retry_after (with), ==, 17);
  g_assert_cmpuint (rapport_provider_error_get_retry_after (without), ==, 0);
  g_assert_cmpuint (rapport_provider_error_get_retry_after (other), ==, 0);
  g_assert_cmpuint (rapport_provider_error_get_retry_after (huge), ==, 86400);
  g_assert_cmpuint (rapport_provider_error_get_retry_after (NULL), ==, 0);
}

static void
test_unknown_recorded (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(RapportOutboxOp) op = enqueue (fixture, "1001", RAPPORT_VISIBILITY_INTERNAL,
                                           "Recorded, answer lost", 0);
  g_autoptr(RapportOutboxOp) done = NULL;

  script (fixture->provider, FAULT_UNKNOWN_RECORDED);
  rapport_push_engine_start (fixture->engine);

  WAIT_FOR (op_state (fixture, op->id) == RAPPORT_OUTBOX_STATE_DONE, 5000);
  done = get_op (fixture, op->id);
  g_assert_cmpuint (fixture->provider->n_posts, ==, 1);
  g_assert_cmpuint (fixture->provider->n_fetches, ==, 1);
  g_assert_cmpuint (server_count (fixture->provider, "Recorded, answer lost"), ==, 1);
  g_assert_cmpint (count_body (fixture, "Recorded, answer lost"), ==, 1);
  g_assert_cmpint (query_int (fixture->raw, "SELECT COUNT (*) FROM messages WHERE remote_id = ?1",
                              done->remote_message_id), ==, 1);
}

/* A server error after the server did it (a gateway timing out while the helpdesk works):
 * looked for before anything is sent again, so one copy. */
static void
test_server_error_recorded (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(RapportOutboxOp) op = enqueue (fixture, "1001", RAPPORT_VISIBILITY_PUBLIC,
                                           "Behind a slow gateway", 0);

  script (fixture->provider, FAULT_SERVER_FAILED);
  rapport_push_engine_start (fixture->engine);

  WAIT_FOR (op_state (fixture, op->id) == RAPPORT_OUTBOX_STATE_DONE, 5000);
  g_assert_cmpuint (fixture->provider->n_posts, ==, 1);
  g_assert_cmpuint (fixture->provider->n_fetches, ==, 1);
  g_assert_cmpuint (server_count (fixture->provider, "Behind a slow gateway"), ==, 1);
  g_assert_cmpint (count_body (fixture, "Behind a slow gateway"), ==, 1);
  /* A server that answers is not offline. */
  g_assert_true (rapport_push_engine_get_online (fixture->engine));
}

static void
test_unknown_lost (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(RapportOutboxOp) op = enqueue (fixture, "1001", RAPPORT_VISIBILITY_PUBLIC,
                                           "Never arrived", 0);

  script (fixture->provider, FAULT_UNKNOWN_LOST);
  rapport_push_engine_start (fixture->engine);

  WAIT_FOR (op_state (fixture, op->id) == RAPPORT_OUTBOX_STATE_DONE, 5000);
  g_assert_cmpuint (fixture->provider->n_posts, ==, 2);
  g_assert_cmpuint (fixture->provider->n_fetches, ==, 1);
  g_assert_cmpuint (server_count (fixture->provider, "Never arrived"), ==, 1);
  g_assert_cmpint (count_body (fixture, "Never arrived"), ==, 1);
}

static void
test_auth_blocks (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(RapportOutboxOp) op = enqueue (fixture, "1001", RAPPORT_VISIBILITY_PUBLIC,
                                           "After signing in again", 0);

  script (fixture->provider, FAULT_AUTH);
  rapport_push_engine_start (fixture->engine);

  WAIT_FOR (rapport_push_engine_get_blocked_reason (fixture->engine) != NULL &&
            op_state (fixture, op->id) == RAPPORT_OUTBOX_STATE_READY, 5000);
  run_for (100);
  g_assert_cmpuint (fixture->provider->n_posts, ==, 1);
  g_assert_cmpstr (rapport_push_engine_get_blocked_reason (fixture->engine), ==,
                   "The token expired");

  rapport_push_engine_kick (fixture->engine);
  g_assert_null (rapport_push_engine_get_blocked_reason (fixture->engine));
  WAIT_FOR (op_state (fixture, op->id) == RAPPORT_OUTBOX_STATE_DONE, 5000);
  g_assert_cmpuint (fixture->provider->n_posts, ==, 2);
  g_assert_cmpuint (server_count (fixture->provider, "After signing in again"), ==, 1);
}

static void
test_update_refused (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(RapportTicketChanges) changes = rapport_ticket_changes_new ();
  g_autoptr(RapportOutboxOp) op = NULL;
  g_autoptr(RapportOutboxOp) failed = NULL;
  g_autoptr(GError) error = NULL;

  fixture->provider->keep_status = TRUE;
  changes->fields = RAPPORT_TICKET_FIELD_STATUS;
  changes->status = RAPPORT_TICKET_STATUS_CLOSED;
  op = rapport_outbox_enqueue_update (fixture->store, fixture->account_id,
                                      ticket_id_of (fixture, "2001"), changes, NULL, &error);
  g_assert_no_error (error);
  rapport_push_engine_start (fixture->engine);

  WAIT_FOR (op_state (fixture, op->id) == RAPPORT_OUTBOX_STATE_FAILED, 5000);
  failed = get_op (fixture, op->id);
  g_assert_cmpint (failed->error_code, ==, RAPPORT_PROVIDER_ERROR_INVALID_INPUT);
  g_assert_cmpstr (failed->last_error, ==, "The server kept status “open” instead of “closed”");
  g_assert_cmpuint (fixture->provider->n_updates, ==, 1);
}

/* A send interrupted by a crash: the op is in_flight in the file when the store is closed. */
static void
crash_recovery (Fixture  *fixture,
                gboolean  server_has_it)
{
  g_autoptr(RapportOutboxOp) op = enqueue (fixture, "1001", RAPPORT_VISIBILITY_PUBLIC,
                                           "Sent just before the crash", 0);
  g_autoptr(GError) error = NULL;

  g_assert_true (rapport_outbox_begin_attempt (fixture->store, op->id, g_get_real_time () / 1000,
                                               &error));
  g_assert_no_error (error);
  if (server_has_it)
    g_object_unref (server_record (fixture->provider, "1001", RAPPORT_VISIBILITY_PUBLIC,
                                   "Sent just before the crash\n"));

  /* "Crash": the engine never saw it, the store goes away with the op in_flight. */
  destroy_engine (fixture);
  sqlite3_close (fixture->raw);
  rapport_store_close (fixture->store);
  g_assert_finalize_object (g_steal_pointer (&fixture->store));

  fixture->store = rapport_store_new (fixture->path);
  g_assert_true (rapport_store_open (fixture->store, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open_v2 (fixture->path, &fixture->raw, SQLITE_OPEN_READWRITE, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (op_state (fixture, op->id), ==, RAPPORT_OUTBOX_STATE_IN_FLIGHT);

  make_engine (fixture);
  rapport_push_engine_start (fixture->engine);
  WAIT_FOR (op_state (fixture, op->id) == RAPPORT_OUTBOX_STATE_DONE, 5000);

  g_assert_cmpuint (fixture->provider->n_fetches, ==, 1);
  g_assert_cmpuint (fixture->provider->n_posts, ==, server_has_it ? 0 : 1);
  g_assert_cmpuint (server_count (fixture->provider, "Sent just before the crash\n") +
                    server_count (fixture->provider, "Sent just before the crash"), ==, 1);
  g_assert_cmpint (query_int (fixture->raw, "SELECT COUNT (*) FROM messages "
                                            "WHERE body LIKE 'Sent just before the crash%'",
                              NULL), ==, 1);
}

static void
test_crash_recovery_sent (Fixture       *fixture,
                          gconstpointer  data)
{
  crash_recovery (fixture, TRUE);
}

static void
test_crash_recovery_not_sent (Fixture       *fixture,
                              gconstpointer  data)
{
  crash_recovery (fixture, FALSE);
}

/* "Try now" (sync now, network back) clears backoffs, but not the settle time of an op whose
 * outcome is unknown: the server may still be working on it. */
static void
test_kick_keeps_settle (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(RapportOutboxOp) op = enqueue (fixture, "1001", RAPPORT_VISIBILITY_PUBLIC,
                                           "Answer lost, then a kick", 0);
  gint64 failed_at;

  rapport_push_engine_set_settle_ms (fixture->engine, 800);
  script (fixture->provider, FAULT_UNKNOWN_LOST);
  rapport_push_engine_start (fixture->engine);

  WAIT_FOR (op_state (fixture, op->id) == RAPPORT_OUTBOX_STATE_UNKNOWN, 5000);
  failed_at = g_get_monotonic_time ();
  rapport_push_engine_kick (fixture->engine);
  run_for (400);
  g_assert_cmpuint (fixture->provider->n_fetches, ==, 0);

  WAIT_FOR (op_state (fixture, op->id) == RAPPORT_OUTBOX_STATE_DONE, 5000);
  g_assert_cmpint (g_get_monotonic_time () - failed_at, >=, 700 * 1000);
  g_assert_cmpuint (fixture->provider->n_fetches, ==, 1);
  g_assert_cmpuint (server_count (fixture->provider, "Answer lost, then a kick"), ==, 1);
}

typedef struct
{
  Fixture *fixture;
  gboolean landed;
} LateLanding;

static gboolean
land_late_cb (gpointer user_data)
{
  LateLanding *late = user_data;

  g_object_unref (server_record (late->fixture->provider, "1001", RAPPORT_VISIBILITY_PUBLIC,
                                 "Still on its way when the client died"));
  late->landed = TRUE;

  return G_SOURCE_REMOVE;
}

/* The client dies while its request is still on the way; the server records it only after
 * the restarted client began looking. The engine waits "settle-ms" from the attempt before
 * it reads the history, so it finds the reply instead of posting it a second time. */
static void
test_crash_recovery_late_landing (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(RapportOutboxOp) op = enqueue (fixture, "1001", RAPPORT_VISIBILITY_PUBLIC,
                                           "Still on its way when the client died", 0);
  g_autoptr(GError) error = NULL;
  LateLanding late = { fixture, FALSE };
  gint64 began = g_get_real_time () / 1000;
  gint64 finished;

  g_assert_true (rapport_outbox_begin_attempt (fixture->store, op->id, began, &error));
  g_assert_no_error (error);
  destroy_engine (fixture);

  make_engine (fixture);
  rapport_push_engine_set_settle_ms (fixture->engine, 800);
  rapport_push_engine_start (fixture->engine);
  g_timeout_add (300, land_late_cb, &late);

  WAIT_FOR (op_state (fixture, op->id) == RAPPORT_OUTBOX_STATE_DONE, 5000);
  finished = g_get_real_time () / 1000;

  g_assert_true (late.landed);
  g_assert_cmpint (finished - began, >=, 800);
  g_assert_cmpuint (fixture->provider->n_posts, ==, 0);
  g_assert_cmpuint (fixture->provider->n_fetches, ==, 1);
  g_assert_cmpuint (server_count (fixture->provider, "Still on its way when the client died"), ==, 1);
}

/* 200 random ops over every ticket, 10 % of each fault kind on each write call (and network
 * failures of history reads). Failed ops are retried until everything is done. */
static void
test_random_faults (Fixture       *fixture,
                    gconstpointer  data)
{
  const char *tickets[] = { "1001", "1002", "1003", "1004", "1005", "2001", "2002", "3001",
                            "3002" };
  g_autoptr(GPtrArray) ops = g_ptr_array_new_with_free_func (op_free);
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261122);
  gint64 deadline = g_get_monotonic_time () +
                    (gint64) 60 * G_USEC_PER_SEC * rapport_test_time_scale ();
  guint n_failed_seen = 0;
  guint n_messages = 0;

  fixture->provider->rand = g_rand_new_with_seed (4242);
  fixture->provider->delay_ms = 1;
  rapport_push_engine_start (fixture->engine);

  for (guint i = 0; i < 200; i++)
    {
      const char *ticket = tickets[g_rand_int_range (rand, 0, G_N_ELEMENTS (tickets))];
      gint32 kind = g_rand_int_range (rand, 0, 10);
      g_autoptr(GError) error = NULL;
      RapportOutboxOp *op;

      if (kind == 0)
        {
          g_autoptr(RapportTicketChanges) changes = rapport_ticket_changes_new ();

          changes->fields = RAPPORT_TICKET_FIELD_PRIORITY;
          changes->priority = (RapportTicketPriority) g_rand_int_range (rand, 0, 4);
          op = rapport_outbox_enqueue_update (fixture->store, fixture->account_id,
                                              ticket_id_of (fixture, ticket), changes, NULL,
                                              &error);
          g_assert_no_error (error);
        }
      else
        {
          g_autofree char *body = g_strdup_printf ("Random op %u on %s", i, ticket);

          op = enqueue (fixture, ticket, kind < 6 ? RAPPORT_VISIBILITY_PUBLIC
                                                  : RAPPORT_VISIBILITY_INTERNAL,
                        body, g_rand_int_range (rand, 0, 3));
          n_messages++;
        }
      g_ptr_array_add (ops, op);

      if (i % 20 == 0)
        run_for (2);
    }

  /* Drain; retry what failed permanently (the fake's NOT_FOUND is transient in truth). */
  while (TRUE)
    {
      guint n_done = 0;

      for (guint i = 0; i < ops->len; i++)
        {
          RapportOutboxOp *op = ops->pdata[i];
          RapportOutboxState state = op_state (fixture, op->id);

          if (state == RAPPORT_OUTBOX_STATE_DONE)
            {
              n_done++;
            }
          else if (state == RAPPORT_OUTBOX_STATE_FAILED)
            {
              g_autoptr(GError) error = NULL;

              g_assert_true (rapport_outbox_retry (fixture->store, op->id, NULL, &error));
              g_assert_no_error (error);
              n_failed_seen++;
            }
        }

      if (n_done == ops->len)
        break;
      if (g_get_monotonic_time () > deadline)
        g_error ("Only %u of %u ops done after %u s", n_done, ops->len,
                 60 * rapport_test_time_scale ());
      run_for (20);
    }

  g_test_message ("%u write calls, %u history reads, %u permanent failures retried",
                  fixture->provider->n_posts + fixture->provider->n_updates,
                  fixture->provider->n_fetches, n_failed_seen);
  g_assert_cmpuint (n_failed_seen, >, 0);
  g_assert_cmpuint (fixture->provider->n_fetches, >, 0);

  /* Every reply and note exactly once on the server and once in the cache, with its id. */
  for (guint i = 0; i < ops->len; i++)
    {
      RapportOutboxOp *op = ops->pdata[i];
      g_autoptr(RapportOutboxOp) done = NULL;

      if (op->kind == RAPPORT_OUTBOX_KIND_UPDATE)
        continue;

      done = get_op (fixture, op->id);
      g_assert_cmpuint (server_count (fixture->provider, op->body), ==, 1);
      g_assert_cmpint (count_body (fixture, op->body), ==, 1);
      g_assert_cmpint (query_int (fixture->raw, "SELECT COUNT (*) FROM messages WHERE "
                                                "remote_id = ?1 AND offline_state = 'synced'",
                                  done->remote_message_id), ==, 1);
    }
  g_assert_cmpint (query_int (fixture->raw, "SELECT COUNT (*) FROM messages "
                                            "WHERE offline_state != 'synced'", NULL), ==, 0);
  g_assert_cmpuint (fixture->provider->n_posts, >, n_messages);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);

#define FIXTURE_TEST(path, func) \
  g_test_add ("/rapport/push-engine/" path, Fixture, NULL, fixture_set_up, func, \
              fixture_tear_down)

  g_test_add_func ("/rapport/push-engine/new-destroy", test_new_destroy);
  g_test_add_func ("/rapport/push-engine/retry-after-parser", test_retry_after_parser);
  FIXTURE_TEST ("send-reply", test_send_reply);
  FIXTURE_TEST ("hold-then-send", test_hold_then_send);
  FIXTURE_TEST ("extended-hold", test_extended_hold);
  FIXTURE_TEST ("fifo-per-ticket", test_fifo);
  FIXTURE_TEST ("concurrency-cap", test_concurrency_cap);
  FIXTURE_TEST ("permanent-error", test_permanent_error);
  FIXTURE_TEST ("network-backoff", test_network_backoff);
  FIXTURE_TEST ("rate-limited", test_rate_limited);
  FIXTURE_TEST ("unknown-recorded", test_unknown_recorded);
  FIXTURE_TEST ("server-error-recorded", test_server_error_recorded);
  FIXTURE_TEST ("unknown-lost", test_unknown_lost);
  FIXTURE_TEST ("auth-blocks", test_auth_blocks);
  FIXTURE_TEST ("update-refused", test_update_refused);
  FIXTURE_TEST ("crash-recovery/sent", test_crash_recovery_sent);
  FIXTURE_TEST ("crash-recovery/not-sent", test_crash_recovery_not_sent);
  FIXTURE_TEST ("crash-recovery/late-landing", test_crash_recovery_late_landing);
  FIXTURE_TEST ("kick-keeps-settle", test_kick_keeps_settle);
  FIXTURE_TEST ("random-faults", test_random_faults);

  return g_test_run ();
}
