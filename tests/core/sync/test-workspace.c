/* test-workspace.c
 *
 * The workspace against a scripted helpdesk: a provider whose pulls and posts answer after a
 * delay on the main context, with the outcome of each call taken from a script (success,
 * NETWORK, RATE_LIMITED with Retry-After, AUTH_REQUIRED, FORBIDDEN, SERVER_ERROR, INSECURE).
 * Every pull is recorded with the time it was asked for.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rapport-test-workspace"

#include "config.h"

#include <locale.h>
#include <string.h>

#include "rapport-outbox.h"
#include "rapport-test-data.h"
#include "rapport-workspace.h"

/* ---------------------------------------------------------------------------------------------
 * The scripted provider
 * ------------------------------------------------------------------------------------------- */

typedef enum
{
  STEP_OK,
  STEP_NETWORK,
  STEP_RATE_LIMITED,   /* " (retry after 1 s)" */
  STEP_AUTH,
  STEP_FORBIDDEN,
  STEP_SERVER_ERROR,
  STEP_INSECURE,
} Outcome;

typedef struct
{
  Outcome outcome;
  guint   delay_ms;
} Step;

/* One answer of fetch_authority: @answer when @outcome is STEP_OK. */
typedef struct
{
  Outcome           outcome;
  RapportAuthority *answer;
} AuthorityStep;

static void
authority_step_free (AuthorityStep *step)
{
  g_clear_pointer (&step->answer, rapport_authority_free);
  g_free (step);
}

#define SCRIPT_TYPE_PROVIDER (script_provider_get_type ())
G_DECLARE_FINAL_TYPE (ScriptProvider, script_provider, SCRIPT, PROVIDER, GObject)

struct _ScriptProvider
{
  GObject   parent_instance;

  GQueue    pulls;           /* Step *, one per pull; then STEP_OK after delay_ms */
  GQueue    posts;           /* Outcome, one per post; then STEP_OK */
  GQueue    authorities;     /* AuthorityStep *, one per fetch_authority; then NOT_SUPPORTED */
  guint     delay_ms;
  gboolean  ignore_cancel;   /* answers after the delay even when cancelled */

  guint     n_pulls;
  guint     n_posts;
  guint     n_authorities;
  guint     pending;         /* answers not delivered yet */
  GArray   *pull_times;      /* monotonic µs of each pull call */
  GPtrArray *pull_cursors;   /* the cursor of each pull call ("" for NULL) */
  guint     next_id;
};

static void script_provider_iface_init (RapportProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ScriptProvider, script_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (RAPPORT_TYPE_PROVIDER,
                                                      script_provider_iface_init))

static void
script_provider_finalize (GObject *object)
{
  ScriptProvider *self = SCRIPT_PROVIDER (object);

  g_assert_cmpuint (self->pending, ==, 0);
  g_queue_clear_full (&self->pulls, g_free);
  g_queue_clear (&self->posts);
  g_queue_clear_full (&self->authorities, (GDestroyNotify) authority_step_free);
  g_array_unref (self->pull_times);
  g_ptr_array_unref (self->pull_cursors);

  G_OBJECT_CLASS (script_provider_parent_class)->finalize (object);
}

static void
script_provider_class_init (ScriptProviderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = script_provider_finalize;
}

static void
script_provider_init (ScriptProvider *self)
{
  g_queue_init (&self->pulls);
  g_queue_init (&self->posts);
  g_queue_init (&self->authorities);
  self->delay_ms = 5;
  self->pull_times = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->pull_cursors = g_ptr_array_new_with_free_func (g_free);
  self->next_id = 1;
}

static void
script_pull (ScriptProvider *self,
             Outcome         outcome,
             guint           delay_ms)
{
  Step *step = g_new0 (Step, 1);

  step->outcome = outcome;
  step->delay_ms = delay_ms;
  g_queue_push_tail (&self->pulls, step);
}

/* The next fetch_authority answers @role (may decide when supervisor), no role when @role is
 * RAPPORT_N_ROLES, or fails with @outcome. */
static void
script_authority (ScriptProvider *self,
                  Outcome         outcome,
                  guint           role)
{
  AuthorityStep *step = g_new0 (AuthorityStep, 1);

  step->outcome = outcome;
  if (outcome == STEP_OK)
    {
      step->answer = rapport_authority_new ();
      step->answer->has_role = role < RAPPORT_N_ROLES;
      step->answer->role = role < RAPPORT_N_ROLES ? (RapportRole) role : RAPPORT_ROLE_AGENT;
      step->answer->may_decide = role == RAPPORT_ROLE_SUPERVISOR;
      step->answer->source = RAPPORT_POLICY_SOURCE_SERVER;
    }
  g_queue_push_tail (&self->authorities, step);
}

static GError *
outcome_error (Outcome outcome)
{
  switch (outcome)
    {
    case STEP_NETWORK:
      return g_error_new_literal (RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_NETWORK,
                                  "Connection refused");
    case STEP_RATE_LIMITED:
      return g_error_new_literal (RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_RATE_LIMITED,
                                  "Too many requests (retry after 1 s)");
    case STEP_AUTH:
      return g_error_new_literal (RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_AUTH_REQUIRED,
                                  "The token expired");
    case STEP_FORBIDDEN:
      return g_error_new_literal (RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_FORBIDDEN,
                                  "No right to see tickets");
    case STEP_SERVER_ERROR:
      return g_error_new_literal (RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_SERVER_ERROR,
                                  "HTTP 502 Bad Gateway");
    case STEP_INSECURE:
      return g_error_new_literal (RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INSECURE,
                                  "Refusing to send the API token [host example.com]");
    case STEP_OK:
    default:
      g_assert_not_reached ();
    }
}

/* An answer on its way back: delivered by its timeout, or early by the caller's
 * cancellation (unless ignore_cancel). */
typedef struct
{
  ScriptProvider *self;
  GTask          *task;
  GSource        *timeout;
  GSource        *cancel;
  gpointer        value;
  GDestroyNotify  value_free;
  GError         *error;
} Answer;

static void
answer_deliver (Answer   *answer,
                gboolean  cancelled)
{
  GSource *sources[] = { answer->timeout, answer->cancel };

  for (guint i = 0; i < G_N_ELEMENTS (sources); i++)
    if (sources[i] != NULL)
      {
        g_source_destroy (sources[i]);
        g_source_unref (sources[i]);
      }

  if (cancelled)
    {
      g_clear_error (&answer->error);
      g_clear_pointer (&answer->value, answer->value_free);
      g_task_return_new_error (answer->task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Cancelled");
    }
  else if (answer->error != NULL)
    g_task_return_error (answer->task, answer->error);
  else
    g_task_return_pointer (answer->task, answer->value, answer->value_free);

  answer->self->pending--;
  g_object_unref (answer->task);
  g_object_unref (answer->self);
  g_free (answer);
}

static gboolean
on_answer_timeout_cb (gpointer data)
{
  answer_deliver (data, FALSE);
  return G_SOURCE_REMOVE;
}

static gboolean
on_answer_cancelled_cb (GCancellable *cancellable,
                        gpointer      data)
{
  answer_deliver (data, TRUE);
  return G_SOURCE_REMOVE;
}

static void
answer_later (ScriptProvider *self,
              GTask          *task,
              guint           delay_ms,
              gpointer        value,
              GDestroyNotify  value_free,
              GError         *error)
{
  Answer *answer = g_new0 (Answer, 1);
  GCancellable *cancellable = g_task_get_cancellable (task);

  answer->self = g_object_ref (self);
  answer->task = task;
  answer->value = value;
  answer->value_free = value_free;
  answer->error = error;
  self->pending++;

  answer->timeout = g_timeout_source_new (delay_ms);
  g_source_set_callback (answer->timeout, on_answer_timeout_cb, answer, NULL);
  g_source_attach (answer->timeout, NULL);

  if (cancellable != NULL && !self->ignore_cancel)
    {
      answer->cancel = g_cancellable_source_new (cancellable);
      g_source_set_callback (answer->cancel, G_SOURCE_FUNC (on_answer_cancelled_cb), answer,
                             NULL);
      g_source_attach (answer->cancel, NULL);
    }
}

static const char *
script_get_kind (RapportProvider *provider)
{
  return "script";
}

static RapportProviderCapabilities
script_get_capabilities (RapportProvider *provider)
{
  return RAPPORT_PROVIDER_CAPABILITY_WRITES;
}

static RapportProviderCapabilities
read_only_get_capabilities (RapportProvider *provider)
{
  return RAPPORT_PROVIDER_CAPABILITY_NONE;
}

static void
script_pull_changes_async (RapportProvider     *provider,
                           const char          *cursor,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  ScriptProvider *self = SCRIPT_PROVIDER (provider);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_autofree Step *step = g_queue_pop_head (&self->pulls);
  Outcome outcome = step != NULL ? step->outcome : STEP_OK;
  guint delay_ms = step != NULL ? step->delay_ms : self->delay_ms;
  gint64 now = g_get_monotonic_time ();

  self->n_pulls++;
  g_array_append_val (self->pull_times, now);
  g_ptr_array_add (self->pull_cursors, g_strdup (cursor != NULL ? cursor : ""));

  if (outcome == STEP_OK)
    {
      RapportSyncPage *page = rapport_sync_page_new ();
      g_autofree char *remote_id = g_strdup_printf ("customer-%u", self->n_pulls);
      g_autofree char *email = g_strdup_printf ("customer-%u@example.com", self->n_pulls);

      /* One customer record out of three still to send; a new cursor each time. */
      test_add_customer (page, remote_id, "Pat Example", NULL, "email", email, NULL);
      page->next_cursor = g_strdup_printf ("c%u", self->n_pulls);
      page->has_more = FALSE;
      page->total_hint = 3;
      answer_later (self, task, delay_ms, page, (GDestroyNotify) rapport_sync_page_free, NULL);
    }
  else
    {
      answer_later (self, task, delay_ms, NULL, NULL, outcome_error (outcome));
    }
}

static RapportSyncPage *
script_pull_changes_finish (RapportProvider  *provider,
                            GAsyncResult     *result,
                            GError          **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
script_post_message_async (RapportProvider     *provider,
                           const char          *ticket,
                           RapportVisibility    visibility,
                           const char          *body,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  ScriptProvider *self = SCRIPT_PROVIDER (provider);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Outcome outcome = GPOINTER_TO_INT (g_queue_pop_head (&self->posts));
  RapportMessage *message;
  g_autofree char *id = NULL;

  self->n_posts++;

  if (outcome != STEP_OK)
    {
      answer_later (self, task, self->delay_ms, NULL, NULL, outcome_error (outcome));
      return;
    }

  id = g_strdup_printf ("S-%u", self->next_id++);
  message = rapport_message_new ();
  rapport_message_set_remote_id (message, id);
  rapport_message_set_ticket_remote_id (message, ticket);
  rapport_message_set_direction (message, RAPPORT_DIRECTION_OUTBOUND);
  rapport_message_set_visibility (message, visibility);
  rapport_message_set_author_kind (message, RAPPORT_AUTHOR_AGENT);
  rapport_message_set_author_name (message, "Sam Rivera");
  rapport_message_set_author_remote_id (message, TEST_AGENT);
  rapport_message_set_body (message, body);
  rapport_message_set_created_at (message, g_get_real_time () / G_USEC_PER_SEC);
  answer_later (self, task, self->delay_ms, message, g_object_unref, NULL);
}

static void
script_fetch_authority_async (RapportProvider     *provider,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  ScriptProvider *self = SCRIPT_PROVIDER (provider);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  AuthorityStep *step = g_queue_pop_head (&self->authorities);

  self->n_authorities++;
  if (step == NULL)
    answer_later (self, task, self->delay_ms, NULL, NULL,
                  g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "No money here"));
  else if (step->outcome != STEP_OK)
    answer_later (self, task, self->delay_ms, NULL, NULL, outcome_error (step->outcome));
  else
    answer_later (self, task, self->delay_ms, g_steal_pointer (&step->answer),
                  (GDestroyNotify) rapport_authority_free, NULL);
  if (step != NULL)
    authority_step_free (step);
}

static RapportAuthority *
script_fetch_authority_finish (RapportProvider  *provider,
                               GAsyncResult     *result,
                               GError          **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static RapportMessage *
script_post_message_finish (RapportProvider  *provider,
                            GAsyncResult     *result,
                            GError          **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
script_update_ticket_async (RapportProvider            *provider,
                            const char                 *remote_id,
                            const RapportTicketChanges *changes,
                            GCancellable               *cancellable,
                            GAsyncReadyCallback         callback,
                            gpointer                    user_data)
{
  ScriptProvider *self = SCRIPT_PROVIDER (provider);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  RapportTicket *ticket = rapport_ticket_new ();

  rapport_ticket_set_remote_id (ticket, remote_id);
  rapport_ticket_set_status (ticket, changes->status);
  rapport_ticket_set_priority (ticket, changes->priority);
  rapport_ticket_set_assignee_remote_id (ticket, changes->assignee_remote_id);
  answer_later (self, task, self->delay_ms, ticket, g_object_unref, NULL);
}

static RapportTicket *
script_update_ticket_finish (RapportProvider  *provider,
                             GAsyncResult     *result,
                             GError          **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
script_provider_iface_init (RapportProviderInterface *iface)
{
  iface->get_kind = script_get_kind;
  iface->get_capabilities = script_get_capabilities;
  iface->pull_changes_async = script_pull_changes_async;
  iface->pull_changes_finish = script_pull_changes_finish;
  iface->post_message_async = script_post_message_async;
  iface->post_message_finish = script_post_message_finish;
  iface->update_ticket_async = script_update_ticket_async;
  iface->update_ticket_finish = script_update_ticket_finish;
  iface->fetch_authority_async = script_fetch_authority_async;
  iface->fetch_authority_finish = script_fetch_authority_finish;
}

/* A backend without a write side. */
#define READ_ONLY_TYPE_PROVIDER (read_only_provider_get_type ())
G_DECLARE_FINAL_TYPE (ReadOnlyProvider, read_only_provider, READ_ONLY, PROVIDER, GObject)

struct _ReadOnlyProvider
{
  GObject parent_instance;
};

static void
read_only_provider_iface_init (RapportProviderInterface *iface)
{
  iface->get_kind = script_get_kind;
  iface->get_capabilities = read_only_get_capabilities;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (ReadOnlyProvider, read_only_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (RAPPORT_TYPE_PROVIDER,
                                                      read_only_provider_iface_init))

static void
read_only_provider_class_init (ReadOnlyProviderClass *klass)
{
}

static void
read_only_provider_init (ReadOnlyProvider *self)
{
}

/* ---------------------------------------------------------------------------------------------
 * Fixture
 * ------------------------------------------------------------------------------------------- */

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

typedef struct
{
  char             *dir;
  RapportStore     *store;
  RapportAccount   *account;
  gint64            account_id;
  ScriptProvider   *provider;
  RapportWorkspace *workspace;

  /* what the workspace said */
  guint             n_finished;
  GPtrArray        *errors;          /* GError * or NULL per "sync-finished" */
  GArray           *finish_times;    /* monotonic µs per "sync-finished" */
  guint             n_syncing;       /* times "syncing" went TRUE */
  gboolean          first_sync_at_start; /* "first-sync" when "syncing" last went TRUE */
  guint             n_offline;       /* times "online" went FALSE */
  guint             n_online;        /* times "online" went TRUE */
  guint64           max_progress_done;
  guint64           max_progress_total;
} Fixture;

static void
error_free0 (gpointer error)
{
  if (error != NULL)
    g_error_free (error);
}

static void
on_sync_finished_cb (RapportWorkspace *workspace,
                     const GError     *error,
                     Fixture          *fixture)
{
  gint64 now = g_get_monotonic_time ();

  /* The properties say how the pull ended before the signal. */
  g_assert_false (rapport_workspace_get_syncing (workspace));
  if (error == NULL)
    {
      g_assert_null (rapport_workspace_get_last_error (workspace));
      g_assert_true (rapport_workspace_get_online (workspace));
      g_assert_false (rapport_workspace_get_first_sync (workspace));
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_assert_cmpstr (rapport_workspace_get_last_error (workspace), ==, error->message);
    }

  fixture->n_finished++;
  g_ptr_array_add (fixture->errors, error != NULL ? g_error_copy (error) : NULL);
  g_array_append_val (fixture->finish_times, now);
}

static void
on_notify_cb (RapportWorkspace *workspace,
              GParamSpec       *pspec,
              Fixture          *fixture)
{
  const char *name = g_param_spec_get_name (pspec);

  if (g_str_equal (name, "syncing") && rapport_workspace_get_syncing (workspace))
    {
      fixture->n_syncing++;
      fixture->first_sync_at_start = rapport_workspace_get_first_sync (workspace);
    }
  else if (g_str_equal (name, "online"))
    {
      if (rapport_workspace_get_online (workspace))
        fixture->n_online++;
      else
        fixture->n_offline++;
    }
  else if (g_str_equal (name, "progress-done") || g_str_equal (name, "progress-total"))
    {
      fixture->max_progress_done = MAX (fixture->max_progress_done,
                                        rapport_workspace_get_progress_done (workspace));
      fixture->max_progress_total = MAX (fixture->max_progress_total,
                                         rapport_workspace_get_progress_total (workspace));
    }
}

static RapportAccount *
load_account (RapportStore *store,
              gint64        account_id)
{
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GError) error = NULL;

  accounts = rapport_store_list_accounts (store, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < accounts->len; i++)
    if (rapport_account_get_id (accounts->pdata[i]) == account_id)
      return g_object_ref (accounts->pdata[i]);

  g_assert_not_reached ();
}

static RapportWorkspace *
make_workspace (Fixture *fixture)
{
  RapportWorkspace *workspace = rapport_workspace_new (fixture->store, fixture->account,
                                                       RAPPORT_PROVIDER (fixture->provider));

  g_object_set (workspace, "backoff-base-ms", 20, "backoff-cap-ms", 200, NULL);
  g_signal_connect (workspace, "sync-finished", G_CALLBACK (on_sync_finished_cb), fixture);
  g_signal_connect (workspace, "notify", G_CALLBACK (on_notify_cb), fixture);

  return workspace;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = test_make_tmp_dir ();
  fixture->store = test_open_store (fixture->dir, &fixture->account_id);
  fixture->account = load_account (fixture->store, fixture->account_id);
  fixture->provider = g_object_new (SCRIPT_TYPE_PROVIDER, NULL);
  fixture->errors = g_ptr_array_new_with_free_func (error_free0);
  fixture->finish_times = g_array_new (FALSE, FALSE, sizeof (gint64));
  fixture->workspace = make_workspace (fixture);
}

/* Drops @workspace and waits until its engines, and everything they started, are gone. */
static void
destroy_workspace (Fixture           *fixture,
                   RapportWorkspace **workspace)
{
  gpointer sync_engine = rapport_workspace_get_sync_engine (*workspace);
  gpointer push_engine = rapport_workspace_get_push_engine (*workspace);

  g_object_add_weak_pointer (sync_engine, &sync_engine);
  g_object_add_weak_pointer (push_engine, &push_engine);
  g_signal_handlers_disconnect_by_data (*workspace, fixture);
  g_assert_finalize_object (g_steal_pointer (workspace));
  WAIT_FOR (sync_engine == NULL && push_engine == NULL && fixture->provider->pending == 0, 5000);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->workspace != NULL)
    destroy_workspace (fixture, &fixture->workspace);
  run_for (5);
  g_assert_finalize_object (g_steal_pointer (&fixture->provider));
  g_clear_object (&fixture->account);
  rapport_store_close (fixture->store);
  g_assert_finalize_object (g_steal_pointer (&fixture->store));
  g_ptr_array_unref (fixture->errors);
  g_array_unref (fixture->finish_times);
  test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static const GError *
nth_error (Fixture *fixture,
           guint    i)
{
  g_assert_cmpuint (i, <, fixture->errors->len);
  return g_ptr_array_index (fixture->errors, i);
}

static gint64
pull_time (Fixture *fixture,
           guint    i)
{
  g_assert_cmpuint (i, <, fixture->provider->pull_times->len);
  return g_array_index (fixture->provider->pull_times, gint64, i);
}

static gint64
finish_time (Fixture *fixture,
             guint    i)
{
  g_assert_cmpuint (i, <, fixture->finish_times->len);
  return g_array_index (fixture->finish_times, gint64, i);
}

static void
on_refresh_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GError **slot = user_data;
  GError *error = NULL;

  if (rapport_workspace_refresh_finish (RAPPORT_WORKSPACE (source), result, &error))
    *slot = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_EXISTS, "success");  /* a marker */
  else
    *slot = error;
}

static gboolean
refresh_succeeded (GError *result)
{
  return g_error_matches (result, G_IO_ERROR, G_IO_ERROR_EXISTS);
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
  RapportAccount *account = load_account (store, account_id);
  ScriptProvider *provider = g_object_new (SCRIPT_TYPE_PROVIDER, NULL);
  ReadOnlyProvider *read_only = g_object_new (READ_ONLY_TYPE_PROVIDER, NULL);
  RapportWorkspace *workspace = rapport_workspace_new (store, account,
                                                       RAPPORT_PROVIDER (provider));
  RapportWorkspace *other = rapport_workspace_new (store, account,
                                                   RAPPORT_PROVIDER (read_only));
  g_autoptr(RapportSyncEngine) sync_engine = NULL;
  guint base = 0, cap = 0, interval = 0;
  gboolean can_write = FALSE;

  g_assert_true (rapport_workspace_get_store (workspace) == store);
  g_assert_true (rapport_workspace_get_account (workspace) == account);
  g_assert_cmpint (rapport_workspace_get_account_id (workspace), ==, account_id);
  g_assert_true (rapport_workspace_get_provider (workspace) == RAPPORT_PROVIDER (provider));
  g_assert_true (RAPPORT_IS_SYNC_ENGINE (rapport_workspace_get_sync_engine (workspace)));
  g_assert_true (RAPPORT_IS_PUSH_ENGINE (rapport_workspace_get_push_engine (workspace)));
  g_assert_true (rapport_workspace_get_online (workspace));
  g_assert_false (rapport_workspace_get_syncing (workspace));
  g_assert_false (rapport_workspace_get_first_sync (workspace));
  g_assert_cmpuint (rapport_workspace_get_progress_done (workspace), ==, 0);
  g_assert_cmpuint (rapport_workspace_get_progress_total (workspace), ==, 0);
  g_assert_null (rapport_workspace_get_blocked_reason (workspace));
  g_assert_null (rapport_workspace_get_last_error (workspace));
  g_assert_true (rapport_workspace_get_can_write (workspace));
  g_assert_false (rapport_workspace_get_can_write (other));
  g_assert_cmpuint (rapport_workspace_get_sync_interval (workspace), ==,
                    RAPPORT_WORKSPACE_DEFAULT_SYNC_INTERVAL);

  g_object_get (workspace,
                "backoff-base-ms", &base,
                "backoff-cap-ms", &cap,
                "sync-interval", &interval,
                "can-write", &can_write,
                "sync-engine", &sync_engine,
                NULL);
  g_assert_cmpuint (base, ==, 2000);
  g_assert_cmpuint (cap, ==, 300000);
  g_assert_cmpuint (interval, ==, 60);
  g_assert_true (can_write);
  g_assert_true (sync_engine == rapport_workspace_get_sync_engine (workspace));

  /* The backoff applies to the push engine too. */
  g_object_set (workspace, "backoff-base-ms", 7, "backoff-cap-ms", 70, NULL);
  g_assert_cmpuint (rapport_push_engine_get_backoff_base_ms (
                      rapport_workspace_get_push_engine (workspace)), ==, 7);
  g_assert_cmpuint (rapport_push_engine_get_backoff_cap_ms (
                      rapport_workspace_get_push_engine (workspace)), ==, 70);
  rapport_workspace_set_sync_interval (workspace, 5);
  g_assert_cmpuint (rapport_workspace_get_sync_interval (workspace), ==, 5);

  /* Never started: nothing was asked of the provider. */
  g_assert_cmpuint (provider->n_pulls, ==, 0);
  g_clear_object (&sync_engine);
  g_assert_finalize_object (workspace);
  g_assert_finalize_object (other);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (provider);
  g_assert_finalize_object (read_only);
  g_assert_finalize_object (account);
  rapport_store_close (store);
  g_assert_finalize_object (store);
  test_remove_tree (dir);
}

static void
test_start_pulls (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;
  RapportWorkspace *second;
  gint64 waited;

  fixture->provider->delay_ms = 30;
  rapport_workspace_set_sync_interval (fixture->workspace, 1);
  rapport_workspace_start (fixture->workspace);
  rapport_workspace_start (fixture->workspace);  /* idempotent */
  g_assert_true (rapport_push_engine_get_running (
                   rapport_workspace_get_push_engine (fixture->workspace)));

  WAIT_FOR (fixture->n_finished == 1, 5000);
  g_assert_cmpuint (fixture->provider->n_pulls, ==, 1);
  g_assert_null (nth_error (fixture, 0));
  g_assert_cmpuint (fixture->n_syncing, ==, 1);
  /* No cursor was stored: the first pull was the first sync; now it is not. */
  g_assert_true (fixture->first_sync_at_start);
  g_assert_false (rapport_workspace_get_first_sync (fixture->workspace));
  g_assert_false (rapport_workspace_get_syncing (fixture->workspace));
  /* Progress as the engine reported it: one record of three. */
  g_assert_cmpuint (fixture->max_progress_done, ==, 1);
  g_assert_cmpuint (fixture->max_progress_total, ==, 3);
  g_assert_cmpuint (rapport_workspace_get_progress_done (fixture->workspace), ==, 1);
  g_assert_cmpuint (rapport_workspace_get_progress_total (fixture->workspace), ==, 3);

  cursor = rapport_store_get_cursor (fixture->store, fixture->account_id, "script", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cursor, ==, "c1");

  /* The next pull comes sync-interval after the end of the previous one. */
  WAIT_FOR (fixture->n_finished == 2, 5000);
  g_assert_cmpuint (fixture->provider->n_pulls, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (fixture->provider->pull_cursors, 1), ==, "c1");
  waited = pull_time (fixture, 1) - finish_time (fixture, 0);
  g_assert_cmpint (waited, >=, 980 * 1000);
  g_assert_cmpint (waited, <, 3000 * 1000);
  g_assert_false (fixture->first_sync_at_start);

  /* A longer interval moves the waiting pull. */
  rapport_workspace_set_sync_interval (fixture->workspace, 3600);
  run_for (1500);
  g_assert_cmpuint (fixture->provider->n_pulls, ==, 2);
  rapport_workspace_set_sync_interval (fixture->workspace, 1);
  WAIT_FOR (fixture->n_finished == 3, 5000);

  /* A second workspace of the same account finds the cursor: not a first sync. */
  destroy_workspace (fixture, &fixture->workspace);
  second = make_workspace (fixture);
  fixture->first_sync_at_start = TRUE;
  rapport_workspace_start (second);
  WAIT_FOR (fixture->n_finished == 4, 5000);
  g_assert_null (nth_error (fixture, 3));
  g_assert_false (fixture->first_sync_at_start);
  g_assert_false (rapport_workspace_get_first_sync (second));
  fixture->workspace = second;
}

/* "pull-pending" covers a pull from the moment it is asked for (while the cursor is read, before
 * "syncing") until it ended; without it a view of an empty cache looked empty before the first
 * pull could fill it. */
static void
on_pull_pending_cb (RapportWorkspace *workspace,
                    GParamSpec       *pspec,
                    guint            *n_changes)
{
  /* While the engine pulls, a pull is pending. */
  g_assert_true (!rapport_workspace_get_syncing (workspace) ||
                 rapport_workspace_get_pull_pending (workspace));
  (*n_changes)++;
}

static void
test_pull_pending (Fixture       *fixture,
                   gconstpointer  data)
{
  guint n_changes = 0;

  g_signal_connect (fixture->workspace, "notify::pull-pending",
                    G_CALLBACK (on_pull_pending_cb), &n_changes);
  g_assert_false (rapport_workspace_get_pull_pending (fixture->workspace));

  fixture->provider->delay_ms = 30;
  rapport_workspace_start (fixture->workspace);
  /* At once, before the cursor was read and before the engine started. */
  g_assert_true (rapport_workspace_get_pull_pending (fixture->workspace));
  g_assert_false (rapport_workspace_get_syncing (fixture->workspace));

  WAIT_FOR (rapport_workspace_get_syncing (fixture->workspace), 5000);
  g_assert_true (rapport_workspace_get_pull_pending (fixture->workspace));
  WAIT_FOR (fixture->n_finished == 1, 5000);
  g_assert_false (rapport_workspace_get_pull_pending (fixture->workspace));
  /* TRUE once, FALSE once: no flicker between reading the cursor and pulling. */
  g_assert_cmpuint (n_changes, ==, 2);

  /* Asked for again, then stopped before it could start. */
  rapport_workspace_sync_now (fixture->workspace);
  g_assert_true (rapport_workspace_get_pull_pending (fixture->workspace));
  rapport_workspace_stop (fixture->workspace);
  WAIT_FOR (!rapport_workspace_get_pull_pending (fixture->workspace), 5000);

  g_signal_handlers_disconnect_by_func (fixture->workspace, on_pull_pending_cb, &n_changes);
}

static void
test_network_backoff (Fixture       *fixture,
                      gconstpointer  data)
{
  const guint n_failures = 4;

  for (guint i = 0; i < n_failures; i++)
    script_pull (fixture->provider, STEP_NETWORK, 2);

  rapport_workspace_start (fixture->workspace);

  WAIT_FOR (fixture->n_finished == 1, 5000);
  g_assert_error (nth_error (fixture, 0), RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_NETWORK);
  g_assert_false (rapport_workspace_get_online (fixture->workspace));
  g_assert_cmpstr (rapport_workspace_get_last_error (fixture->workspace), ==,
                   "Connection refused");
  g_assert_null (rapport_workspace_get_blocked_reason (fixture->workspace));
  g_assert_cmpuint (fixture->n_offline, ==, 1);

  /* Retried after a backoff that doubles (base 20 ms, half of it at least with jitter), then
   * a success brings the workspace back online. */
  WAIT_FOR (fixture->n_finished == n_failures + 1, 10000);
  g_assert_null (nth_error (fixture, n_failures));
  g_assert_true (rapport_workspace_get_online (fixture->workspace));
  g_assert_null (rapport_workspace_get_last_error (fixture->workspace));
  g_assert_cmpuint (fixture->n_offline, ==, 1);
  g_assert_cmpuint (fixture->n_online, ==, 1);
  g_assert_cmpuint (fixture->provider->n_pulls, ==, n_failures + 1);

  for (guint i = 1; i <= n_failures; i++)
    {
      gint64 waited = pull_time (fixture, i) - finish_time (fixture, i - 1);
      gint64 least = (gint64) MIN (20u << (i - 1), 200u) / 2 * 1000;

      g_test_message ("retry %u after %" G_GINT64_FORMAT " µs", i, waited);
      g_assert_cmpint (waited, >=, least - 1000);
      g_assert_cmpint (waited, <, 2000 * 1000);
    }

  /* The success reset the backoff: the next pull waits the interval (60 s), not 20 ms. */
  run_for (300);
  g_assert_cmpuint (fixture->provider->n_pulls, ==, n_failures + 1);
}

static void
test_rate_limited (Fixture       *fixture,
                   gconstpointer  data)
{
  gint64 waited;

  script_pull (fixture->provider, STEP_RATE_LIMITED, 2);
  rapport_workspace_start (fixture->workspace);

  WAIT_FOR (fixture->n_finished == 1, 5000);
  g_assert_error (nth_error (fixture, 0), RAPPORT_PROVIDER_ERROR,
                  RAPPORT_PROVIDER_ERROR_RATE_LIMITED);
  /* The server answered: still online. */
  g_assert_true (rapport_workspace_get_online (fixture->workspace));
  g_assert_cmpuint (fixture->n_offline, ==, 0);
  g_assert_null (rapport_workspace_get_blocked_reason (fixture->workspace));

  /* The backoff would be 10–20 ms; the server asked for 1 s. */
  WAIT_FOR (fixture->n_finished == 2, 5000);
  g_assert_null (nth_error (fixture, 1));
  waited = pull_time (fixture, 1) - finish_time (fixture, 0);
  g_test_message ("retried after %" G_GINT64_FORMAT " µs", waited);
  g_assert_cmpint (waited, >=, 980 * 1000);
  g_assert_cmpint (waited, <, 3000 * 1000);
}

static void
check_blocks (Fixture *fixture,
              Outcome  outcome,
              GQuark   domain,
              gint     code)
{
  const char *reason;

  script_pull (fixture->provider, outcome, 2);
  rapport_workspace_set_sync_interval (fixture->workspace, 1);
  rapport_workspace_start (fixture->workspace);

  WAIT_FOR (fixture->n_finished == 1, 5000);
  g_assert_error (nth_error (fixture, 0), domain, code);
  reason = rapport_workspace_get_blocked_reason (fixture->workspace);
  g_assert_nonnull (reason);
  /* Names the account and the cause; the code is what the UI words for the user. */
  g_assert_nonnull (strstr (reason, "Demo"));
  g_assert_nonnull (strstr (reason, nth_error (fixture, 0)->message));
  g_assert_cmpint (rapport_workspace_get_blocked_code (fixture->workspace), ==, code);
  g_assert_true (rapport_workspace_get_online (fixture->workspace));

  /* No background pull: neither the backoff (20 ms) nor the interval (1 s). */
  run_for (1500);
  g_assert_cmpuint (fixture->provider->n_pulls, ==, 1);
  rapport_workspace_start (fixture->workspace);
  run_for (50);
  g_assert_cmpuint (fixture->provider->n_pulls, ==, 1);

  /* sync_now() clears the reason at once and pulls. */
  rapport_workspace_sync_now (fixture->workspace);
  g_assert_null (rapport_workspace_get_blocked_reason (fixture->workspace));
  WAIT_FOR (fixture->n_finished == 2, 5000);
  g_assert_null (nth_error (fixture, 1));
  g_assert_cmpuint (fixture->provider->n_pulls, ==, 2);

  /* And background pulls resume. */
  WAIT_FOR (fixture->n_finished == 3, 5000);
}

static void
test_auth_blocks (Fixture       *fixture,
                  gconstpointer  data)
{
  check_blocks (fixture, STEP_AUTH, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_AUTH_REQUIRED);
}

static void
test_forbidden_blocks (Fixture       *fixture,
                       gconstpointer  data)
{
  check_blocks (fixture, STEP_FORBIDDEN, RAPPORT_PROVIDER_ERROR,
                RAPPORT_PROVIDER_ERROR_FORBIDDEN);
}

static void
test_insecure_blocks (Fixture       *fixture,
                      gconstpointer  data)
{
  check_blocks (fixture, STEP_INSECURE, RAPPORT_PROVIDER_ERROR,
                RAPPORT_PROVIDER_ERROR_INSECURE);
}

/* A server that answers with an error of its own is reachable: the workspace goes back
 * online, and "pull-error" says what went wrong until a pull succeeds. */
static void
test_server_error_online (Fixture       *fixture,
                          gconstpointer  data)
{
  const GError *problem;

  script_pull (fixture->provider, STEP_NETWORK, 2);
  script_pull (fixture->provider, STEP_SERVER_ERROR, 2);
  rapport_workspace_start (fixture->workspace);

  WAIT_FOR (fixture->n_finished == 1, 5000);
  g_assert_false (rapport_workspace_get_online (fixture->workspace));
  g_assert_error (rapport_workspace_get_pull_error (fixture->workspace), RAPPORT_PROVIDER_ERROR,
                  RAPPORT_PROVIDER_ERROR_NETWORK);

  WAIT_FOR (fixture->n_finished == 2, 5000);
  g_assert_true (rapport_workspace_get_online (fixture->workspace));
  problem = rapport_workspace_get_pull_error (fixture->workspace);
  g_assert_error (problem, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_SERVER_ERROR);
  g_assert_cmpstr (problem->message, ==, "HTTP 502 Bad Gateway");
  g_assert_null (rapport_workspace_get_blocked_reason (fixture->workspace));

  /* Retried after the backoff; the success clears it. */
  WAIT_FOR (fixture->n_finished == 3, 5000);
  g_assert_null (nth_error (fixture, 2));
  g_assert_null (rapport_workspace_get_pull_error (fixture->workspace));
  g_assert_true (rapport_workspace_get_online (fixture->workspace));
}

static void
test_refresh (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  GError *first = NULL, *second = NULL, *third = NULL, *cancelled = NULL;

  /* Not started: a refresh still pulls, and reports the pull's result. */
  rapport_workspace_refresh_async (fixture->workspace, NULL, on_refresh_cb, &first);
  WAIT_FOR (first != NULL, 5000);
  g_assert_true (refresh_succeeded (first));
  g_assert_cmpuint (fixture->provider->n_pulls, ==, 1);
  g_assert_cmpuint (fixture->n_finished, ==, 1);
  g_clear_error (&first);

  /* Not started: no background pull follows. */
  run_for (100);
  g_assert_cmpuint (fixture->provider->n_pulls, ==, 1);

  /* A failure is this refresh's failure. */
  script_pull (fixture->provider, STEP_NETWORK, 2);
  rapport_workspace_refresh_async (fixture->workspace, NULL, on_refresh_cb, &first);
  WAIT_FOR (first != NULL, 5000);
  g_assert_error (first, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_NETWORK);
  g_clear_error (&first);

  /* Refreshes during a pull join it: one pull, the same result for all. */
  script_pull (fixture->provider, STEP_OK, 200);
  rapport_workspace_start (fixture->workspace);
  WAIT_FOR (rapport_workspace_get_syncing (fixture->workspace), 5000);
  rapport_workspace_refresh_async (fixture->workspace, NULL, on_refresh_cb, &first);
  rapport_workspace_refresh_async (fixture->workspace, NULL, on_refresh_cb, &second);
  rapport_workspace_refresh_async (fixture->workspace, cancellable, on_refresh_cb, &cancelled);
  rapport_workspace_sync_now (fixture->workspace);  /* joins too */
  run_for (20);

  /* Cancelling one refresh ends its wait, not the pull. */
  g_cancellable_cancel (cancellable);
  WAIT_FOR (cancelled != NULL, 1000);
  g_assert_error (cancelled, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_true (rapport_workspace_get_syncing (fixture->workspace));
  g_assert_null (first);

  WAIT_FOR (first != NULL && second != NULL, 5000);
  g_assert_true (refresh_succeeded (first));
  g_assert_true (refresh_succeeded (second));
  g_assert_cmpuint (fixture->provider->n_pulls, ==, 3);
  g_assert_cmpuint (fixture->n_finished, ==, 3);

  /* An already cancelled refresh does not pull. */
  g_clear_error (&cancelled);
  rapport_workspace_refresh_async (fixture->workspace, cancellable, on_refresh_cb, &cancelled);
  WAIT_FOR (cancelled != NULL, 1000);
  g_assert_error (cancelled, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  run_for (20);
  g_assert_cmpuint (fixture->provider->n_pulls, ==, 3);

  /* A refresh after an idle time pulls again. */
  rapport_workspace_refresh_async (fixture->workspace, NULL, on_refresh_cb, &third);
  WAIT_FOR (third != NULL, 5000);
  g_assert_true (refresh_succeeded (third));
  g_assert_cmpuint (fixture->provider->n_pulls, ==, 4);

  g_clear_error (&first);
  g_clear_error (&second);
  g_clear_error (&third);
  g_clear_error (&cancelled);
}

static void
test_stop_in_flight (Fixture       *fixture,
                     gconstpointer  data)
{
  GError *refresh = NULL;

  script_pull (fixture->provider, STEP_OK, 60 * 1000);
  rapport_workspace_set_sync_interval (fixture->workspace, 1);
  rapport_workspace_start (fixture->workspace);
  WAIT_FOR (fixture->provider->n_pulls == 1, 5000);
  g_assert_true (rapport_workspace_get_syncing (fixture->workspace));
  rapport_workspace_refresh_async (fixture->workspace, NULL, on_refresh_cb, &refresh);

  rapport_workspace_stop (fixture->workspace);
  g_assert_false (rapport_push_engine_get_running (
                    rapport_workspace_get_push_engine (fixture->workspace)));
  /* The waiting refresh ends at once, the pull when the engine saw the cancellation. */
  WAIT_FOR (refresh != NULL, 1000);
  g_assert_error (refresh, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&refresh);
  WAIT_FOR (fixture->n_finished == 1, 5000);
  g_assert_error (nth_error (fixture, 0), G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (rapport_workspace_get_syncing (fixture->workspace));
  /* A cancelled pull says nothing about the server. */
  g_assert_null (rapport_workspace_get_last_error (fixture->workspace));
  g_assert_true (rapport_workspace_get_online (fixture->workspace));

  /* Stopped: no background pull. */
  run_for (1300);
  g_assert_cmpuint (fixture->provider->n_pulls, ==, 1);

  /* Started again: pulls at once. */
  script_pull (fixture->provider, STEP_OK, 60 * 1000);
  rapport_workspace_start (fixture->workspace);
  WAIT_FOR (fixture->provider->n_pulls == 2, 5000);

  /* Stopped and started again before the cancelled pull ended: neither the start nor a
   * refresh joins the cancelled pull; a fresh one follows it at once. */
  rapport_workspace_stop (fixture->workspace);
  rapport_workspace_start (fixture->workspace);
  WAIT_FOR (fixture->n_finished == 3, 5000);
  g_assert_error (nth_error (fixture, 1), G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (nth_error (fixture, 2));
  g_assert_cmpuint (fixture->provider->n_pulls, ==, 3);
  g_assert_cmpint (pull_time (fixture, 2) - finish_time (fixture, 1), <, 500 * 1000);

  script_pull (fixture->provider, STEP_OK, 60 * 1000);
  rapport_workspace_sync_now (fixture->workspace);
  WAIT_FOR (fixture->provider->n_pulls == 4, 5000);
  rapport_workspace_stop (fixture->workspace);
  rapport_workspace_refresh_async (fixture->workspace, NULL, on_refresh_cb, &refresh);
  WAIT_FOR (fixture->n_finished == 5, 5000);
  g_assert_error (nth_error (fixture, 3), G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (nth_error (fixture, 4));
  g_assert_cmpuint (fixture->provider->n_pulls, ==, 5);
  WAIT_FOR (refresh != NULL, 1000);
  g_assert_true (refresh_succeeded (refresh));
  g_clear_error (&refresh);

  /* Stopping before the first pull even began (the cursor read) fails a waiting refresh. */
  rapport_workspace_stop (fixture->workspace);
  destroy_workspace (fixture, &fixture->workspace);
  fixture->workspace = make_workspace (fixture);
  rapport_workspace_refresh_async (fixture->workspace, NULL, on_refresh_cb, &refresh);
  rapport_workspace_stop (fixture->workspace);
  WAIT_FOR (refresh != NULL, 1000);
  g_assert_error (refresh, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&refresh);
  run_for (100);
  g_assert_cmpuint (fixture->provider->n_pulls, ==, 5);
}

static void
test_dispose_in_flight (Fixture       *fixture,
                        gconstpointer  data)
{
  guint n_finished;

  /* A pull that watches its cancellable. */
  script_pull (fixture->provider, STEP_OK, 60 * 1000);
  rapport_workspace_start (fixture->workspace);
  WAIT_FOR (fixture->provider->n_pulls == 1, 5000);
  g_assert_true (rapport_workspace_get_syncing (fixture->workspace));
  n_finished = fixture->n_finished;
  destroy_workspace (fixture, &fixture->workspace);
  g_assert_cmpuint (fixture->n_finished, ==, n_finished);

  /* A pull that ends after the workspace is gone, and fails. */
  fixture->provider->ignore_cancel = TRUE;
  script_pull (fixture->provider, STEP_NETWORK, 100);
  fixture->workspace = make_workspace (fixture);
  rapport_workspace_start (fixture->workspace);
  WAIT_FOR (fixture->provider->n_pulls == 2, 5000);
  g_signal_handlers_disconnect_by_data (fixture->workspace, fixture);
  g_assert_finalize_object (g_steal_pointer (&fixture->workspace));
  WAIT_FOR (fixture->provider->pending == 0, 5000);
  run_for (200);
  g_assert_cmpuint (fixture->provider->n_pulls, ==, 2);

  /* Dropped right after start(), while the cursor is read. */
  fixture->workspace = make_workspace (fixture);
  rapport_workspace_start (fixture->workspace);
  destroy_workspace (fixture, &fixture->workspace);
  run_for (100);
  g_assert_cmpuint (fixture->provider->n_pulls, ==, 2);
}

static RapportOutboxState
op_state (Fixture *fixture,
          gint64   op_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportOutboxOp) op = rapport_outbox_get_op (fixture->store, op_id, NULL, &error);

  g_assert_no_error (error);
  return op->state;
}

typedef struct
{
  gint64   op_id;
  gboolean done;
} OpDone;

static void
on_op_changed_cb (RapportPushEngine  *engine,
                  gint64              op_id,
                  RapportOutboxState  state,
                  OpDone             *wait)
{
  if (op_id == wait->op_id && state == RAPPORT_OUTBOX_STATE_DONE)
    wait->done = TRUE;
}

static void
test_push_online (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(RapportSyncPage) story = test_story_page ();
  OpDone op_done = { 0, FALSE };
  gulong handler;
  g_autoptr(RapportOutboxOp) op = NULL;
  g_autoptr(GPtrArray) tickets = NULL;
  g_autoptr(GError) error = NULL;
  gint64 ticket_id = 0;

  g_assert_true (rapport_store_apply_page (fixture->store, fixture->account_id, story, NULL,
                                           &error));
  g_assert_no_error (error);
  {
    g_autoptr(GArray) ids = rapport_store_list_ticket_ids (fixture->store, fixture->account_id,
                                                           RAPPORT_VIEW_ALL_OPEN, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (ids->len, >, 0);
    ticket_id = g_array_index (ids, gint64, 0);
  }

  /* The first send fails for the network, the second goes through. */
  g_queue_push_tail (&fixture->provider->posts, GINT_TO_POINTER (STEP_NETWORK));
  g_queue_push_tail (&fixture->provider->posts, GINT_TO_POINTER (STEP_OK));
  op = rapport_outbox_enqueue_message (fixture->store, fixture->account_id, ticket_id,
                                       RAPPORT_VISIBILITY_PUBLIC, "Back online", 0, NULL, &error);
  g_assert_no_error (error);
  op_done.op_id = op->id;
  handler = g_signal_connect (rapport_workspace_get_push_engine (fixture->workspace),
                              "op-changed", G_CALLBACK (on_op_changed_cb), &op_done);

  /* Pulls keep failing (backoff capped at 200 ms) so only the push side can bring the
   * workspace back online. */
  for (guint i = 0; i < 100; i++)
    script_pull (fixture->provider, STEP_NETWORK, 2);
  rapport_workspace_start (fixture->workspace);

  WAIT_FOR (fixture->n_offline >= 1, 5000);
  g_assert_cmpuint (fixture->n_online, ==, 0);

  /* Only the send can set "online" again (every pull fails): it did. */
  WAIT_FOR (fixture->n_online >= 1, 5000);
  g_assert_cmpuint (fixture->provider->n_posts, ==, 2);
  WAIT_FOR (op_state (fixture, op->id) == RAPPORT_OUTBOX_STATE_DONE, 5000);
  /* The push engine says so on the main loop, which sets the workspace online once more:
   * only after that can a failed pull be the last word. */
  WAIT_FOR (op_done.done, 5000);
  g_signal_handler_disconnect (rapport_workspace_get_push_engine (fixture->workspace), handler);

  /* The next failed pull takes it offline again. */
  {
    guint n_offline = fixture->n_offline;

    WAIT_FOR (fixture->n_offline > n_offline, 5000);
    g_assert_false (rapport_workspace_get_online (fixture->workspace));
  }
}

static void
test_network_back (Fixture       *fixture,
                   gconstpointer  data)
{
  GNetworkMonitor *monitor = g_network_monitor_get_default ();
  guint n_pulls;

  /* Offline, with a long backoff ahead. */
  g_object_set (fixture->workspace, "backoff-base-ms", 60 * 1000, "backoff-cap-ms", 60 * 1000,
                NULL);
  script_pull (fixture->provider, STEP_NETWORK, 2);
  rapport_workspace_start (fixture->workspace);
  WAIT_FOR (fixture->n_finished == 1, 5000);
  g_assert_false (rapport_workspace_get_online (fixture->workspace));
  run_for (100);
  g_assert_cmpuint (fixture->provider->n_pulls, ==, 1);

  /* The network changed (back, or another one): pull at once. */
  g_signal_emit_by_name (monitor, "network-changed", TRUE);
  WAIT_FOR (fixture->n_finished == 2, 5000);
  g_assert_null (nth_error (fixture, 1));
  g_assert_true (rapport_workspace_get_online (fixture->workspace));

  /* Online and the network stays available: a change says nothing new. */
  n_pulls = fixture->provider->n_pulls;
  g_signal_emit_by_name (monitor, "network-changed", TRUE);
  run_for (100);
  g_assert_cmpuint (fixture->provider->n_pulls, ==, n_pulls);

  /* Gone, then back: pull. */
  g_signal_emit_by_name (monitor, "network-changed", FALSE);
  run_for (50);
  g_assert_cmpuint (fixture->provider->n_pulls, ==, n_pulls);
  g_signal_emit_by_name (monitor, "network-changed", TRUE);
  WAIT_FOR (fixture->n_finished == 3, 5000);
  g_assert_cmpuint (fixture->provider->n_pulls, ==, n_pulls + 1);

  /* Stopped: the network coming back does nothing. */
  rapport_workspace_stop (fixture->workspace);
  g_signal_emit_by_name (monitor, "network-changed", FALSE);
  g_signal_emit_by_name (monitor, "network-changed", TRUE);
  run_for (100);
  g_assert_cmpuint (fixture->provider->n_pulls, ==, n_pulls + 1);
}

/* A pull someone started on the engine directly counts as the workspace's. */
static void
test_engine_pull_counts (Fixture       *fixture,
                         gconstpointer  data)
{
  RapportSyncEngine *engine = rapport_workspace_get_sync_engine (fixture->workspace);
  GError *refresh = NULL;

  script_pull (fixture->provider, STEP_AUTH, 100);
  rapport_sync_engine_pull_async (engine, NULL, NULL, NULL);
  g_assert_true (rapport_workspace_get_syncing (fixture->workspace));
  /* ... and a refresh joins it. */
  rapport_workspace_refresh_async (fixture->workspace, NULL, on_refresh_cb, &refresh);
  WAIT_FOR (refresh != NULL, 5000);
  g_assert_error (refresh, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_AUTH_REQUIRED);
  g_clear_error (&refresh);
  g_assert_cmpuint (fixture->provider->n_pulls, ==, 1);
  g_assert_cmpuint (fixture->n_finished, ==, 1);
  g_assert_nonnull (rapport_workspace_get_blocked_reason (fixture->workspace));

  /* Blocked: start() does not pull. */
  rapport_workspace_start (fixture->workspace);
  run_for (100);
  g_assert_cmpuint (fixture->provider->n_pulls, ==, 1);
}

/* The role the store kept for the account, or RAPPORT_N_ROLES when it keeps none. */
static guint
kept_role (Fixture *fixture)
{
  g_autoptr(RapportAuthority) kept = NULL;
  g_autoptr(GError) error = NULL;

  kept = rapport_store_load_authority (fixture->store, fixture->account_id, NULL, &error);
  g_assert_no_error (error);
  return kept != NULL ? (guint) kept->role : RAPPORT_N_ROLES;
}

static void
on_authority_refreshed_cb (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  GError **slot = user_data;
  GError *error = NULL;

  if (rapport_workspace_refresh_authority_finish (RAPPORT_WORKSPACE (source), result, &error))
    *slot = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_EXISTS, "success");  /* a marker */
  else
    *slot = error;
}

static void
refresh_authority (Fixture *fixture)
{
  g_autoptr(GError) result = NULL;

  rapport_workspace_refresh_authority_async (fixture->workspace, NULL,
                                             on_authority_refreshed_cb, &result);
  WAIT_FOR (result != NULL, 5000);
  g_assert_true (refresh_succeeded (result));
}

/* The server's last answer outlives the workspace: a workspace started without the server has
 * the kept role (marked as kept, with the time of the answer) until the server answers again;
 * a fresh answer replaces it, and an answer without a role forgets it. */
static void
test_authority_kept (Fixture       *fixture,
                     gconstpointer  data)
{
  const RapportAuthority *authority;
  gint64 answered_at;

  /* Before any answer: no role, nothing kept. */
  authority = rapport_workspace_get_authority (fixture->workspace);
  g_assert_false (authority->has_role);
  g_assert_cmpint (authority->answered_at, ==, 0);

  /* Online: the server says supervisor; that answer is kept. */
  script_authority (fixture->provider, STEP_OK, RAPPORT_ROLE_SUPERVISOR);
  rapport_workspace_start (fixture->workspace);
  WAIT_FOR (rapport_workspace_get_authority (fixture->workspace)->has_role, 5000);
  authority = rapport_workspace_get_authority (fixture->workspace);
  g_assert_cmpint (authority->role, ==, RAPPORT_ROLE_SUPERVISOR);
  g_assert_true (authority->may_decide);
  g_assert_false (authority->from_cache);
  g_assert_cmpint (authority->answered_at, >, 0);
  answered_at = authority->answered_at;
  WAIT_FOR (kept_role (fixture) == RAPPORT_ROLE_SUPERVISOR, 5000);
  WAIT_FOR (fixture->n_finished == 1, 5000);
  destroy_workspace (fixture, &fixture->workspace);

  /* Started again without the server: the kept answer is in force, and says it is kept. */
  script_pull (fixture->provider, STEP_NETWORK, 5);
  script_authority (fixture->provider, STEP_NETWORK, 0);
  fixture->workspace = make_workspace (fixture);
  g_assert_false (rapport_workspace_get_authority (fixture->workspace)->has_role);
  rapport_workspace_start (fixture->workspace);
  WAIT_FOR (rapport_workspace_get_authority (fixture->workspace)->has_role, 5000);
  WAIT_FOR (fixture->provider->n_authorities == 2 && fixture->provider->pending == 0, 5000);
  authority = rapport_workspace_get_authority (fixture->workspace);
  g_assert_cmpint (authority->role, ==, RAPPORT_ROLE_SUPERVISOR);
  g_assert_true (authority->may_decide);
  g_assert_true (authority->from_cache);
  g_assert_cmpint (authority->answered_at, ==, answered_at);
  /* The roles come from the server, the policy still from the settings. */
  g_assert_nonnull (authority->policy);
  g_assert_cmpint (authority->source, !=, RAPPORT_POLICY_SOURCE_SERVER);

  /* The server answers again, with another role: it replaces the kept one. */
  script_authority (fixture->provider, STEP_OK, RAPPORT_ROLE_AGENT);
  refresh_authority (fixture);
  authority = rapport_workspace_get_authority (fixture->workspace);
  g_assert_true (authority->has_role);
  g_assert_cmpint (authority->role, ==, RAPPORT_ROLE_AGENT);
  g_assert_false (authority->may_decide);
  g_assert_false (authority->from_cache);
  WAIT_FOR (kept_role (fixture) == RAPPORT_ROLE_AGENT, 5000);

  /* A failure keeps the last answer; an answer without a role forgets it. */
  script_authority (fixture->provider, STEP_NETWORK, 0);
  rapport_workspace_refresh_authority_async (fixture->workspace, NULL, NULL, NULL);
  WAIT_FOR (fixture->provider->n_authorities == 4 && fixture->provider->pending == 0, 5000);
  g_assert_true (rapport_workspace_get_authority (fixture->workspace)->has_role);
  script_authority (fixture->provider, STEP_OK, RAPPORT_N_ROLES);
  refresh_authority (fixture);
  g_assert_false (rapport_workspace_get_authority (fixture->workspace)->has_role);
  WAIT_FOR (kept_role (fixture) == RAPPORT_N_ROLES, 5000);
  destroy_workspace (fixture, &fixture->workspace);

  /* Started once more without the server: nothing kept, no role. */
  script_authority (fixture->provider, STEP_NETWORK, 0);
  fixture->workspace = make_workspace (fixture);
  rapport_workspace_start (fixture->workspace);
  WAIT_FOR (fixture->provider->n_authorities == 6 && fixture->provider->pending == 0, 5000);
  run_for (20);
  g_assert_false (rapport_workspace_get_authority (fixture->workspace)->has_role);
  g_assert_cmpint (rapport_workspace_get_authority (fixture->workspace)->answered_at, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);

#define FIXTURE_TEST(path, func) \
  g_test_add ("/rapport/workspace/" path, Fixture, NULL, fixture_set_up, func, \
              fixture_tear_down)

  g_test_add_func ("/rapport/workspace/new-destroy", test_new_destroy);
  FIXTURE_TEST ("start-pulls", test_start_pulls);
  FIXTURE_TEST ("pull-pending", test_pull_pending);
  FIXTURE_TEST ("network-backoff", test_network_backoff);
  FIXTURE_TEST ("rate-limited", test_rate_limited);
  FIXTURE_TEST ("auth-blocks", test_auth_blocks);
  FIXTURE_TEST ("forbidden-blocks", test_forbidden_blocks);
  FIXTURE_TEST ("insecure-blocks", test_insecure_blocks);
  FIXTURE_TEST ("server-error-online", test_server_error_online);
  FIXTURE_TEST ("refresh", test_refresh);
  FIXTURE_TEST ("stop-in-flight", test_stop_in_flight);
  FIXTURE_TEST ("dispose-in-flight", test_dispose_in_flight);
  FIXTURE_TEST ("push-online", test_push_online);
  FIXTURE_TEST ("network-back", test_network_back);
  FIXTURE_TEST ("engine-pull-counts", test_engine_pull_counts);
  FIXTURE_TEST ("authority-kept", test_authority_kept);

  return g_test_run ();
}
