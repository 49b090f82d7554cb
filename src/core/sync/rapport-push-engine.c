/* rapport-push-engine.c
 *
 * The push engine's scheduling: the object, scanning the outbox (first in first out per
 * ticket), timers, recovery of interrupted sends. An op's turn is in
 * rapport-push-engine-op.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rapport-push"

#include "config.h"

#include "rapport-push-engine.h"
#include "rapport-enums.h"
#include "rapport-push-engine-private.h"

#define DEFAULT_BACKOFF_BASE_MS 2000u
#define DEFAULT_BACKOFF_CAP_MS  (5u * 60u * 1000u)
#define STORE_RETRY_MS          1000u   /* after the store itself failed a scan */

G_DEFINE_FINAL_TYPE (RapportPushEngine, rapport_push_engine, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STORE,
  PROP_PROVIDER,
  PROP_ACCOUNT_ID,
  PROP_RUNNING,
  PROP_ONLINE,
  PROP_BLOCKED_REASON,
  PROP_BACKOFF_BASE_MS,
  PROP_BACKOFF_CAP_MS,
  PROP_SETTLE_MS,
  N_PROPS
};

enum {
  OP_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* ---------------------------------------------------------------------------------------------
 * Jobs: one step of the engine's work on the store, run on the store's runner.
 * ------------------------------------------------------------------------------------------- */

RapportPushJob *
_rapport_push_job_new (RapportPushEngine     *self,
                       const RapportOutboxOp *op)
{
  RapportPushJob *job = g_new0 (RapportPushJob, 1);

  job->self = g_object_ref (self);
  job->store = g_object_ref (self->store);
  job->account_id = self->account_id;
  job->settle_ms = self->settle_ms;
  job->op = op != NULL ? rapport_outbox_op_copy (op) : NULL;
  job->now = _rapport_outbox_now_ms ();

  return job;
}

void
_rapport_push_job_free (RapportPushJob *job)
{
  g_clear_object (&job->self);
  g_clear_object (&job->store);
  g_clear_pointer (&job->op, rapport_outbox_op_free);
  g_clear_object (&job->answer);
  g_clear_pointer (&job->evidence, g_ptr_array_unref);
  g_clear_error (&job->failure);
  g_clear_pointer (&job->user_remote_id, g_free);
  g_clear_pointer (&job->pending, g_ptr_array_unref);
  g_free (job);
}

static gpointer
run_job (RapportStore  *store,
         gpointer       data,
         GCancellable  *cancellable,
         GError       **error)
{
  RapportPushJob *job = data;

  return RAPPORT_STORE_WORK_BOOLEAN (job->work (job, error));
}

void
_rapport_push_job_run (RapportPushJob      *job,
                       RapportPushJobWork   work,
                       GAsyncReadyCallback  callback)
{
  job->work = work;
  _rapport_store_run_async (job->store, job->self, _rapport_push_job_run, run_job, job,
                            (GDestroyNotify) _rapport_push_job_free, NULL, NULL, callback, NULL);
}

gboolean
_rapport_push_job_finish (RapportPushEngine  *self,
                          GAsyncResult       *result,
                          GError            **error)
{
  return _rapport_store_run_finish_boolean (self, result, _rapport_push_job_run, error);
}

RapportPushJob *
_rapport_push_job_of (GAsyncResult *result)
{
  return _rapport_store_run_get_data (result);
}

/* ---------------------------------------------------------------------------------------------
 * State reporting, timers
 * ------------------------------------------------------------------------------------------- */

void
_rapport_push_engine_report_state (RapportPushEngine  *self,
                                   gint64              op_id,
                                   RapportOutboxState  state)
{
  gpointer known;

  if (g_hash_table_lookup_extended (self->known_states, &op_id, NULL, &known) &&
      GPOINTER_TO_INT (known) == (int) state)
    return;

  if (rapport_outbox_state_is_terminal (state))
    g_hash_table_remove (self->known_states, &op_id);
  else
    g_hash_table_insert (self->known_states, g_memdup2 (&op_id, sizeof op_id),
                         GINT_TO_POINTER (state));

  g_debug ("Op %" G_GINT64_FORMAT " is %s", op_id, rapport_outbox_state_to_string (state));
  g_signal_emit (self, signals[OP_CHANGED], 0, op_id, state);
}

void
_rapport_push_engine_set_online (RapportPushEngine *self,
                                 gboolean           online)
{
  if (self->online == online)
    return;

  self->online = online;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ONLINE]);
}

void
_rapport_push_engine_set_blocked_reason (RapportPushEngine *self,
                                         const char        *reason)
{
  if (g_strcmp0 (self->blocked_reason, reason) == 0)
    return;

  g_free (self->blocked_reason);
  self->blocked_reason = g_strdup (reason);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BLOCKED_REASON]);
}

static void
clear_timer (RapportPushEngine *self)
{
  if (self->timer != NULL)
    {
      g_source_destroy (self->timer);
      g_clear_pointer (&self->timer, g_source_unref);
    }
  self->timer_due = 0;
}

static gboolean
on_timer_cb (gpointer user_data)
{
  RapportPushEngine *self = user_data;

  g_clear_pointer (&self->timer, g_source_unref);
  self->timer_due = 0;
  _rapport_push_engine_scan (self);

  return G_SOURCE_REMOVE;
}

/* Wakes the engine at @due (unix ms), unless it already wakes earlier. */
static void
wake_at (RapportPushEngine *self,
         gint64             due)
{
  gint64 delay;

  if (self->timer != NULL && self->timer_due <= due)
    return;

  clear_timer (self);

  delay = CLAMP (due - _rapport_outbox_now_ms (), 0, G_MAXUINT);
  self->timer = g_timeout_source_new ((guint) delay);
  self->timer_due = due;
  g_source_set_static_name (self->timer, "[rapport-push] wake");
  g_source_set_callback (self->timer, on_timer_cb, self, NULL);
  g_source_attach (self->timer, self->context);
}

/* ---------------------------------------------------------------------------------------------
 * Scanning the outbox
 * ------------------------------------------------------------------------------------------- */

static gboolean
scan_work (RapportPushJob  *job,
           GError         **error)
{
  if (rapport_outbox_release_held (job->store, job->account_id, job->now, error) < 0)
    return FALSE;

  job->pending = rapport_outbox_list_pending (job->store, job->account_id, error);

  return job->pending != NULL;
}

static void
scan_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  RapportPushEngine *self = RAPPORT_PUSH_ENGINE (source);
  RapportPushJob *job = _rapport_push_job_of (result);
  g_autoptr(GError) error = NULL;
  gint64 ticket = 0, next_wake = G_MAXINT64;
  gint64 now = _rapport_outbox_now_ms ();
  gboolean first = TRUE;

  self->scanning = FALSE;

  if (!_rapport_push_job_finish (self, result, &error))
    {
      g_warning ("Cannot read the outbox: %s", error->message);
      wake_at (self, now + STORE_RETRY_MS);
      return;
    }

  if (!self->running || self->blocked_reason != NULL)
    return;

  for (guint i = 0; i < job->pending->len; i++)
    {
      RapportOutboxOp *op = job->pending->pdata[i];

      /* Only the first op of each ticket may run. */
      if (!first && op->ticket_id == ticket)
        {
          _rapport_push_engine_report_state (self, op->id, op->state);
          continue;
        }
      first = FALSE;
      ticket = op->ticket_id;

      if (g_hash_table_contains (self->busy_tickets, &op->ticket_id))
        continue;

      _rapport_push_engine_report_state (self, op->id, op->state);

      switch (op->state)
        {
        case RAPPORT_OUTBOX_STATE_HELD:
          next_wake = MIN (next_wake, op->hold_until);
          break;

        case RAPPORT_OUTBOX_STATE_READY:
        case RAPPORT_OUTBOX_STATE_UNKNOWN:
          if (op->not_before > now)
            next_wake = MIN (next_wake, op->not_before);
          else if (self->n_in_flight < RAPPORT_PUSH_ENGINE_MAX_IN_FLIGHT)
            _rapport_push_engine_run_op (self, op);
          /* else: a finishing op scans again */
          break;

        case RAPPORT_OUTBOX_STATE_IN_FLIGHT:
        case RAPPORT_OUTBOX_STATE_DONE:
        case RAPPORT_OUTBOX_STATE_FAILED:
        case RAPPORT_OUTBOX_STATE_CANCELLED:
        default:
          /* in_flight without being ours: another engine of the same account is sending it.
           * It blocks the ticket's queue until recovered at the next start. */
          break;
        }
    }

  if (next_wake != G_MAXINT64)
    wake_at (self, next_wake);

  if (self->rescan)
    _rapport_push_engine_scan (self);
}

void
_rapport_push_engine_scan (RapportPushEngine *self)
{
  if (!self->running || !self->started || self->blocked_reason != NULL)
    return;

  if (self->scanning)
    {
      self->rescan = TRUE;
      return;
    }

  self->scanning = TRUE;
  self->rescan = FALSE;
  _rapport_push_job_run (_rapport_push_job_new (self, NULL), scan_work, scan_cb);
}

static gboolean
recover_work (RapportPushJob  *job,
              GError         **error)
{
  g_autoptr(GPtrArray) accounts = rapport_store_list_accounts (job->store, NULL, error);

  if (accounts == NULL)
    return FALSE;

  for (guint i = 0; i < accounts->len; i++)
    {
      RapportAccount *account = accounts->pdata[i];

      if (rapport_account_get_id (account) == job->account_id)
        job->user_remote_id = g_strdup (rapport_account_get_user_remote_id (account));
    }

  return rapport_outbox_recover_in_flight (job->store, job->account_id, job->settle_ms,
                                           error) >= 0;
}

static void
recover_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  RapportPushEngine *self = RAPPORT_PUSH_ENGINE (source);
  RapportPushJob *job = _rapport_push_job_of (result);
  g_autoptr(GError) error = NULL;

  self->scanning = FALSE;

  if (!_rapport_push_job_finish (self, result, &error))
    {
      g_warning ("Cannot start sending the outbox of account %" G_GINT64_FORMAT ": %s",
                 self->account_id, error->message);
      _rapport_push_engine_set_blocked_reason (self, error->message);
      return;
    }

  if (job->user_remote_id == NULL)
    g_warning ("Account %" G_GINT64_FORMAT " has no user id: replies whose outcome is unknown "
               "cannot be found on the server and will be sent again", self->account_id);

  g_free (self->user_remote_id);
  self->user_remote_id = g_steal_pointer (&job->user_remote_id);
  self->started = TRUE;
  _rapport_push_engine_scan (self);
}

/* ---------------------------------------------------------------------------------------------
 * GObject
 * ------------------------------------------------------------------------------------------- */

static void
rapport_push_engine_dispose (GObject *object)
{
  RapportPushEngine *self = (RapportPushEngine *) object;

  g_cancellable_cancel (self->cancellable);
  clear_timer (self);

  G_OBJECT_CLASS (rapport_push_engine_parent_class)->dispose (object);
}

static void
rapport_push_engine_finalize (GObject *object)
{
  RapportPushEngine *self = (RapportPushEngine *) object;

  g_clear_object (&self->store);
  g_clear_object (&self->provider);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->user_remote_id, g_free);
  g_clear_pointer (&self->blocked_reason, g_free);
  g_clear_pointer (&self->busy_tickets, g_hash_table_unref);
  g_clear_pointer (&self->known_states, g_hash_table_unref);

  G_OBJECT_CLASS (rapport_push_engine_parent_class)->finalize (object);
}

static void
rapport_push_engine_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  RapportPushEngine *self = RAPPORT_PUSH_ENGINE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_PROVIDER:
      g_value_set_object (value, self->provider);
      break;

    case PROP_ACCOUNT_ID:
      g_value_set_int64 (value, self->account_id);
      break;

    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;

    case PROP_ONLINE:
      g_value_set_boolean (value, self->online);
      break;

    case PROP_BLOCKED_REASON:
      g_value_set_string (value, self->blocked_reason);
      break;

    case PROP_BACKOFF_BASE_MS:
      g_value_set_uint (value, self->backoff_base_ms);
      break;

    case PROP_BACKOFF_CAP_MS:
      g_value_set_uint (value, self->backoff_cap_ms);
      break;

    case PROP_SETTLE_MS:
      g_value_set_uint (value, self->settle_ms);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_push_engine_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  RapportPushEngine *self = RAPPORT_PUSH_ENGINE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_PROVIDER:
      self->provider = g_value_dup_object (value);
      break;

    case PROP_ACCOUNT_ID:
      self->account_id = g_value_get_int64 (value);
      break;

    case PROP_BACKOFF_BASE_MS:
      rapport_push_engine_set_backoff_base_ms (self, g_value_get_uint (value));
      break;

    case PROP_BACKOFF_CAP_MS:
      rapport_push_engine_set_backoff_cap_ms (self, g_value_get_uint (value));
      break;

    case PROP_SETTLE_MS:
      rapport_push_engine_set_settle_ms (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_push_engine_class_init (RapportPushEngineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rapport_push_engine_dispose;
  object_class->finalize = rapport_push_engine_finalize;
  object_class->get_property = rapport_push_engine_get_property;
  object_class->set_property = rapport_push_engine_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         RAPPORT_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_PROVIDER] =
    g_param_spec_object ("provider", NULL, NULL,
                         RAPPORT_TYPE_PROVIDER,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_ACCOUNT_ID] =
    g_param_spec_int64 ("account-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_ONLINE] =
    g_param_spec_boolean ("online", NULL, NULL,
                          TRUE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_BLOCKED_REASON] =
    g_param_spec_string ("blocked-reason", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_BACKOFF_BASE_MS] =
    g_param_spec_uint ("backoff-base-ms", NULL, NULL,
                       1, G_MAXINT32, DEFAULT_BACKOFF_BASE_MS,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS));
  properties[PROP_BACKOFF_CAP_MS] =
    g_param_spec_uint ("backoff-cap-ms", NULL, NULL,
                       1, G_MAXINT32, DEFAULT_BACKOFF_CAP_MS,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS));
  properties[PROP_SETTLE_MS] =
    g_param_spec_uint ("settle-ms", NULL, NULL,
                       0, G_MAXINT32, RAPPORT_PUSH_ENGINE_DEFAULT_SETTLE_MS,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RapportPushEngine::op-changed:
   * @self: the engine
   * @op_id: the outbox op
   * @state: its new #RapportOutboxState, as recorded in the store
   */
  signals[OP_CHANGED] =
    g_signal_new ("op-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 2, G_TYPE_INT64, RAPPORT_TYPE_OUTBOX_STATE);
}

static void
rapport_push_engine_init (RapportPushEngine *self)
{
  self->context = g_main_context_ref_thread_default ();
  self->cancellable = g_cancellable_new ();
  self->online = TRUE;
  self->settle_ms = RAPPORT_PUSH_ENGINE_DEFAULT_SETTLE_MS;
  self->busy_tickets = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->known_states = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
}

/**
 * rapport_push_engine_new:
 *
 * Returns: (transfer full): a stopped engine; call rapport_push_engine_start()
 */
RapportPushEngine *
rapport_push_engine_new (RapportStore    *store,
                         RapportProvider *provider,
                         gint64           account_id)
{
  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);
  g_return_val_if_fail (RAPPORT_IS_PROVIDER (provider), NULL);
  g_return_val_if_fail (account_id > 0, NULL);

  return g_object_new (RAPPORT_TYPE_PUSH_ENGINE,
                       "store", store,
                       "provider", provider,
                       "account-id", account_id,
                       NULL);
}

static void
on_store_changed_cb (RapportPushEngine *self,
                     guint64            account_id)
{
  /* Something was enqueued, undone or retried: look again (coalesced while scanning). */
  if ((gint64) account_id == self->account_id)
    _rapport_push_engine_scan (self);
}

void
rapport_push_engine_start (RapportPushEngine *self)
{
  g_return_if_fail (RAPPORT_IS_PUSH_ENGINE (self));

  if (self->running)
    return;

  if (!self->connected)
    {
      g_signal_connect_object (self->store, "changed", G_CALLBACK (on_store_changed_cb), self,
                               G_CONNECT_SWAPPED);
      self->connected = TRUE;
    }

  self->running = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);

  if (self->started)
    {
      _rapport_push_engine_scan (self);
      return;
    }

  /* Recovery counts as a _rapport_push_engine_scan, so nothing runs before it is done. */
  self->scanning = TRUE;
  _rapport_push_job_run (_rapport_push_job_new (self, NULL), recover_work, recover_cb);
}

void
rapport_push_engine_stop (RapportPushEngine *self)
{
  g_return_if_fail (RAPPORT_IS_PUSH_ENGINE (self));

  if (!self->running)
    return;

  self->running = FALSE;
  clear_timer (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

static gboolean
reset_backoff_work (RapportPushJob  *job,
                    GError         **error)
{
  return rapport_outbox_reset_backoff (job->store, job->account_id, job->settle_ms, error);
}

static void
reset_backoff_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  RapportPushEngine *self = RAPPORT_PUSH_ENGINE (source);
  g_autoptr(GError) error = NULL;

  if (!_rapport_push_job_finish (self, result, &error))
    g_warning ("Cannot reset the outbox backoff: %s", error->message);

  clear_timer (self);
  _rapport_push_engine_scan (self);
}

void
rapport_push_engine_kick (RapportPushEngine *self)
{
  g_return_if_fail (RAPPORT_IS_PUSH_ENGINE (self));

  _rapport_push_engine_set_blocked_reason (self, NULL);
  _rapport_push_job_run (_rapport_push_job_new (self, NULL), reset_backoff_work, reset_backoff_cb);
}

gboolean
rapport_push_engine_get_running (RapportPushEngine *self)
{
  g_return_val_if_fail (RAPPORT_IS_PUSH_ENGINE (self), FALSE);

  return self->running;
}

gboolean
rapport_push_engine_get_online (RapportPushEngine *self)
{
  g_return_val_if_fail (RAPPORT_IS_PUSH_ENGINE (self), FALSE);

  return self->online;
}

const char *
rapport_push_engine_get_blocked_reason (RapportPushEngine *self)
{
  g_return_val_if_fail (RAPPORT_IS_PUSH_ENGINE (self), NULL);

  return self->blocked_reason;
}

guint
rapport_push_engine_get_n_in_flight (RapportPushEngine *self)
{
  g_return_val_if_fail (RAPPORT_IS_PUSH_ENGINE (self), 0);

  return self->n_in_flight;
}

guint
rapport_push_engine_get_backoff_base_ms (RapportPushEngine *self)
{
  g_return_val_if_fail (RAPPORT_IS_PUSH_ENGINE (self), 0);

  return self->backoff_base_ms;
}

void
rapport_push_engine_set_backoff_base_ms (RapportPushEngine *self,
                                         guint              base_ms)
{
  g_return_if_fail (RAPPORT_IS_PUSH_ENGINE (self));
  g_return_if_fail (base_ms > 0);

  if (self->backoff_base_ms == base_ms)
    return;

  self->backoff_base_ms = base_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BACKOFF_BASE_MS]);
}

guint
rapport_push_engine_get_backoff_cap_ms (RapportPushEngine *self)
{
  g_return_val_if_fail (RAPPORT_IS_PUSH_ENGINE (self), 0);

  return self->backoff_cap_ms;
}

void
rapport_push_engine_set_backoff_cap_ms (RapportPushEngine *self,
                                        guint              cap_ms)
{
  g_return_if_fail (RAPPORT_IS_PUSH_ENGINE (self));
  g_return_if_fail (cap_ms > 0);

  if (self->backoff_cap_ms == cap_ms)
    return;

  self->backoff_cap_ms = cap_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BACKOFF_CAP_MS]);
}

guint
rapport_push_engine_get_settle_ms (RapportPushEngine *self)
{
  g_return_val_if_fail (RAPPORT_IS_PUSH_ENGINE (self), 0);

  return self->settle_ms;
}

void
rapport_push_engine_set_settle_ms (RapportPushEngine *self,
                                   guint              settle_ms)
{
  g_return_if_fail (RAPPORT_IS_PUSH_ENGINE (self));

  if (self->settle_ms == settle_ms)
    return;

  self->settle_ms = settle_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SETTLE_MS]);
}
