/* rapport-workspace.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-workspace"

#include "config.h"

#include "rapport-workspace.h"

#include "rapport-core-private.h"
#include "rapport-workspace-private.h"


/* How the workspace drives the pull.
 *
 * Every pull goes through the sync engine, and the workspace learns how a pull ended from the
 * engine's "sync-finished" signal, not from the callback of its own pull_async() call: so a
 * pull someone started on the engine directly (rapport_workspace_get_sync_engine()) counts
 * like one of ours, and a pull asked for while one runs simply joins it ("syncing" mirrors
 * the engine's, so there is never a second one to wait for).
 *
 * After a pull ended, one timer (self->timer) says when the next one runs: "sync-interval"
 * seconds after a success (or a cancelled pull), the backoff after a failure, none while
 * blocked or stopped. Whatever asks for a pull now (sync_now, refresh, network back) clears
 * that timer first; the pull's end sets it again.
 *
 * stop() cancels our running pull, but the engine reports its end only later. A pull asked
 * for meanwhile (start() again, a refresh) must not join a pull that is going to report
 * G_IO_ERROR_CANCELLED: it waits for that end ("draining") and then pulls afresh.
 *
 * The first pull waits for one read of the stored cursor, which says whether the account has
 * ever finished a pull ("first-sync"); reading it in parallel with the pull could see the
 * first page's cursor already.
 *
 * Lifetime: asynchronous calls carry a weak reference (never a strong one, so dropping the
 * workspace is never delayed by a pull), timers are destroyed in stop() and dispose(), and
 * the handlers on the engines and on the network monitor are disconnected in dispose(). */

#define DEFAULT_BACKOFF_BASE_MS 2000u
#define DEFAULT_BACKOFF_CAP_MS  (5u * 60u * 1000u)
#define MAX_SYNC_INTERVAL       (24u * 60u * 60u)


/* A rapport_workspace_refresh_async() call waiting for the end of a pull. */
typedef struct
{
  GTask   *task;
  GSource *cancel_source;  /* nullable: fires when the caller's cancellable is cancelled */
} Waiter;


G_DEFINE_FINAL_TYPE (RapportWorkspace, rapport_workspace, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_STORE,
  PROP_ACCOUNT,
  PROP_PROVIDER,
  PROP_SYNC_ENGINE,
  PROP_PUSH_ENGINE,
  PROP_ONLINE,
  PROP_SYNCING,
  PROP_PULL_PENDING,
  PROP_FIRST_SYNC,
  PROP_PROGRESS_DONE,
  PROP_PROGRESS_TOTAL,
  PROP_BLOCKED_REASON,
  PROP_LAST_ERROR,
  PROP_SET_ASIDE,
  PROP_CAN_WRITE,
  PROP_SYNC_INTERVAL,
  PROP_BACKOFF_BASE_MS,
  PROP_BACKOFF_CAP_MS,
  PROP_AUTHORITY,
  PROP_PULL_ERROR,
  N_PROPS
};

enum
{
  SIGNAL_SYNC_FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void pull_now (RapportWorkspace *self);

/* ---------------------------------------------------------------------------------------------
 * Weak references for asynchronous calls
 * ------------------------------------------------------------------------------------------- */

GWeakRef *
_rapport_workspace_weak_ref_new (gpointer object)
{
  GWeakRef *ref = g_new (GWeakRef, 1);

  g_weak_ref_init (ref, object);
  return ref;
}

/* Frees @ref; returns the workspace (a new reference) unless it is gone or being disposed. */
RapportWorkspace *
_rapport_workspace_weak_ref_steal (GWeakRef *ref)
{
  RapportWorkspace *self = g_weak_ref_get (ref);

  g_weak_ref_clear (ref);
  g_free (ref);

  if (self != NULL && g_cancellable_is_cancelled (self->cancellable))
    g_clear_object (&self);

  return self;
}

/* ---------------------------------------------------------------------------------------------
 * State
 * ------------------------------------------------------------------------------------------- */

static void
set_boolean (RapportWorkspace *self,
             gboolean         *field,
             gboolean          value,
             guint             prop_id)
{
  value = !!value;
  if (*field == value)
    return;

  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
set_online (RapportWorkspace *self,
            gboolean          online)
{
  set_boolean (self, &self->online, online, PROP_ONLINE);
}

static void
set_first_sync (RapportWorkspace *self,
                gboolean          first_sync)
{
  set_boolean (self, &self->first_sync, first_sync, PROP_FIRST_SYNC);
}

/* A pull was asked for and has not ended: the cursor is being read before it starts, or the
 * sync engine runs it. */
static void
update_pull_pending (RapportWorkspace *self)
{
  set_boolean (self, &self->pull_pending, self->pull_wanted || self->syncing,
               PROP_PULL_PENDING);
}

static void
set_progress (RapportWorkspace *self,
              guint64           done,
              guint64           total)
{
  if (self->progress_done != done)
    {
      self->progress_done = done;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS_DONE]);
    }

  if (self->progress_total != total)
    {
      self->progress_total = total;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS_TOTAL]);
    }
}

static void
set_blocked_reason (RapportWorkspace *self,
                    const char       *reason)
{
  if (_rapport_set_str (&self->blocked_reason, reason))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BLOCKED_REASON]);
}

void
_rapport_workspace_notify_set_aside (RapportWorkspace *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SET_ASIDE]);
}

static void
set_last_error (RapportWorkspace *self,
                const char       *message)
{
  if (_rapport_set_str (&self->last_error, message))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
}

static void
set_pull_error (RapportWorkspace *self,
                const GError     *error)
{
  if (error == NULL && self->pull_error == NULL)
    return;
  if (error != NULL && self->pull_error != NULL &&
      error->domain == self->pull_error->domain && error->code == self->pull_error->code &&
      g_strcmp0 (error->message, self->pull_error->message) == 0)
    return;

  g_clear_error (&self->pull_error);
  if (error != NULL)
    self->pull_error = g_error_copy (error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PULL_ERROR]);
}

void
_rapport_workspace_set_last_error (RapportWorkspace *self,
                                   const char       *message)
{
  set_last_error (self, message);
}

/* The account's name as the user knows it, for sentences. */
static const char *
account_label (RapportWorkspace *self)
{
  const char *name = rapport_account_get_display_name (self->account);

  if (name == NULL || name[0] == '\0')
    name = rapport_account_get_base_url (self->account);
  if (name == NULL || name[0] == '\0')
    name = rapport_account_get_provider_kind (self->account);

  return name != NULL ? name : "";
}

/* Why background pulls stop after @error, for developers (the UI words it from
 * rapport_workspace_get_blocked_code()); NULL when they go on. */
static char *
describe_block (RapportWorkspace *self,
                const GError     *error)
{
  if (g_error_matches (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_AUTH_REQUIRED) ||
      g_error_matches (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_FORBIDDEN) ||
      g_error_matches (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INSECURE))
    {
      self->blocked_code = error->code;
      return g_strdup_printf ("%s: %s", account_label (self), error->message);
    }

  return NULL;
}

/* Whether @error came from something that answered at the server's address (so the network
 * works), as opposed to a failure to reach it or a refusal before anything was sent. */
static gboolean
server_answered (const GError *error)
{
  if (error->domain != RAPPORT_PROVIDER_ERROR)
    return FALSE;

  switch (error->code)
    {
    case RAPPORT_PROVIDER_ERROR_AUTH_REQUIRED:
    case RAPPORT_PROVIDER_ERROR_FORBIDDEN:
    case RAPPORT_PROVIDER_ERROR_NOT_FOUND:
    case RAPPORT_PROVIDER_ERROR_CONFLICT:
    case RAPPORT_PROVIDER_ERROR_RATE_LIMITED:
    case RAPPORT_PROVIDER_ERROR_INVALID_INPUT:
    case RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE:
    case RAPPORT_PROVIDER_ERROR_SIGN_IN_PAGE:
    case RAPPORT_PROVIDER_ERROR_REDIRECTED:
    case RAPPORT_PROVIDER_ERROR_TLS:
    case RAPPORT_PROVIDER_ERROR_SERVER_ERROR:
      return TRUE;

    case RAPPORT_PROVIDER_ERROR_NETWORK:
    case RAPPORT_PROVIDER_ERROR_OUTCOME_UNKNOWN:
    case RAPPORT_PROVIDER_ERROR_INSECURE:
    default:
      return FALSE;
    }
}

/* ---------------------------------------------------------------------------------------------
 * Timer
 * ------------------------------------------------------------------------------------------- */

static void
clear_timer (RapportWorkspace *self)
{
  if (self->timer != NULL)
    {
      g_source_destroy (self->timer);
      g_clear_pointer (&self->timer, g_source_unref);
    }
}

static gboolean
on_timer_cb (gpointer user_data)
{
  RapportWorkspace *self = user_data;

  g_clear_pointer (&self->timer, g_source_unref);
  pull_now (self);

  return G_SOURCE_REMOVE;
}

/* The next background pull, @delay_ms from now; nothing while stopped or blocked. */
static void
schedule_pull (RapportWorkspace *self,
               guint64           delay_ms)
{
  clear_timer (self);

  if (!self->started || self->blocked_reason != NULL)
    return;

  g_debug ("Next pull of account %" G_GINT64_FORMAT " in %" G_GUINT64_FORMAT " ms",
           self->account_id, delay_ms);

  self->timer = g_timeout_source_new ((guint) MIN (delay_ms, (guint64) G_MAXUINT));
  g_source_set_static_name (self->timer, "[rapport-workspace] pull");
  g_source_set_callback (self->timer, on_timer_cb, self, NULL);
  g_source_attach (self->timer, self->context);
}

/* Exponential backoff with jitter after @failures failed pulls in a row: a random wait
 * between half and all of base × 2^(failures − 1), at most the cap. */
static guint64
backoff_ms (RapportWorkspace *self,
            guint             failures)
{
  guint64 delay = MAX (self->backoff_base_ms, 1);
  guint64 cap = MAX (self->backoff_cap_ms, 1);

  for (guint i = 1; i < failures && delay < cap; i++)
    delay *= 2;
  delay = MIN (delay, cap);

  return delay / 2 + (guint64) g_random_int_range (0, (gint32) MAX (delay / 2, 1) + 1);
}

/* ---------------------------------------------------------------------------------------------
 * refresh_async() waiters
 * ------------------------------------------------------------------------------------------- */

static void
waiter_free (Waiter *waiter)
{
  if (waiter->cancel_source != NULL)
    {
      g_source_destroy (waiter->cancel_source);
      g_source_unref (waiter->cancel_source);
    }
  g_clear_object (&waiter->task);
  g_free (waiter);
}

/* Reports @error (NULL: success) to every refresh waiting now. */
static void
complete_waiters (RapportWorkspace *self,
                  const GError     *error)
{
  GQueue waiters = self->waiters;
  Waiter *waiter;

  /* Callbacks may call refresh_async() again: those wait for the next pull. */
  g_queue_init (&self->waiters);

  while ((waiter = g_queue_pop_head (&waiters)) != NULL)
    {
      GTask *task = g_steal_pointer (&waiter->task);

      waiter_free (waiter);
      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_boolean (task, TRUE);
      g_object_unref (task);
    }
}

static gboolean
on_waiter_cancelled_cb (GCancellable *cancellable,
                        gpointer      user_data)
{
  Waiter *waiter = user_data;
  RapportWorkspace *self = g_task_get_source_object (waiter->task);
  GTask *task;

  g_queue_remove (&self->waiters, waiter);
  task = g_steal_pointer (&waiter->task);
  waiter_free (waiter);

  /* Returns G_IO_ERROR_CANCELLED; the pull itself goes on for the others. */
  g_task_return_error_if_cancelled (task);
  g_object_unref (task);

  return G_SOURCE_REMOVE;
}

/* ---------------------------------------------------------------------------------------------
 * Pulling
 * ------------------------------------------------------------------------------------------- */

static void
on_pull_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(RapportWorkspace) self = _rapport_workspace_weak_ref_steal (user_data);
  g_autoptr(GError) error = NULL;

  /* The outcome is handled in on_sync_finished_cb(), for every pull of the engine. */
  if (rapport_sync_engine_pull_finish (RAPPORT_SYNC_ENGINE (source), result, &error) >= 0)
    return;

  if (g_error_matches (error, RAPPORT_SYNC_ERROR, RAPPORT_SYNC_ERROR_BUSY))
    g_debug ("A pull of account %" G_GINT64_FORMAT " was already running: joined it",
             self != NULL ? self->account_id : 0);
}

static void
start_pull (RapportWorkspace *self)
{
  if (self->pull_cancellable == NULL)
    self->pull_cancellable = g_cancellable_new ();

  self->own_pull = TRUE;

  rapport_sync_engine_pull_async (self->sync_engine, self->pull_cancellable, on_pull_cb,
                                  _rapport_workspace_weak_ref_new (self));
}

static void
on_get_cursor_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(RapportWorkspace) self = _rapport_workspace_weak_ref_steal (user_data);
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;

  cursor = rapport_store_get_cursor_finish (RAPPORT_STORE (source), result, &error);
  if (self == NULL)
    return;

  self->cursor_state = CURSOR_READ;

  if (error != NULL)
    g_warning ("Cannot tell whether account %" G_GINT64_FORMAT " was ever synchronized: %s",
               self->account_id, error->message);
  else if (cursor == NULL && !self->pulled_ok)
    set_first_sync (self, TRUE);

  if (self->pull_wanted)
    {
      self->pull_wanted = FALSE;
      pull_now (self);
    }
  update_pull_pending (self);
}

/* Pulls now, or joins the pull under way. */
static void
pull_now (RapportWorkspace *self)
{
  clear_timer (self);

  if (rapport_sync_engine_get_syncing (self->sync_engine))
    {
      /* Join it, unless it is a cancelled one on its way out. */
      if (self->draining)
        self->pull_after = TRUE;
      return;
    }

  switch (self->cursor_state)
    {
    case CURSOR_UNREAD:
      self->cursor_state = CURSOR_READING;
      self->pull_wanted = TRUE;
      update_pull_pending (self);
      rapport_store_get_cursor_async (self->store, self->account_id,
                                      rapport_provider_get_kind (self->provider),
                                      self->cancellable, on_get_cursor_cb,
                                      _rapport_workspace_weak_ref_new (self));
      break;

    case CURSOR_READING:
      self->pull_wanted = TRUE;
      update_pull_pending (self);
      break;

    case CURSOR_READ:
    default:
      start_pull (self);
      break;
    }
}

/* Any pull of the engine ended, ours or not. */
static void
on_sync_finished_cb (RapportSyncEngine *engine,
                     const GError      *error,
                     RapportWorkspace  *self)
{
  g_autoptr(RapportWorkspace) keep = g_object_ref (self);  /* waiters may drop the last ref */
  gboolean again = self->draining && (self->pull_after || !g_queue_is_empty (&self->waiters));

  self->last_pull_end = g_get_monotonic_time ();
  self->own_pull = FALSE;
  self->draining = FALSE;
  self->pull_after = FALSE;

  g_object_freeze_notify (G_OBJECT (self));

  if (error == NULL)
    {
      self->failures = 0;
      self->pulled_ok = TRUE;
      set_online (self, TRUE);
      /* Canned content that could not be read stays shown until it can. */
      set_last_error (self, self->content_error);
      set_pull_error (self, NULL);
      set_blocked_reason (self, NULL);
      set_first_sync (self, FALSE);
      schedule_pull (self, (guint64) self->sync_interval * 1000);
      _rapport_workspace_content_after_pull (self);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* stop(), dispose, or someone who cancelled a pull they started on the engine: no
       * news about the server. */
      if (!again)
        schedule_pull (self, (guint64) self->sync_interval * 1000);
    }
  else
    {
      g_autofree char *block = describe_block (self, error);

      set_last_error (self, error->message);
      set_pull_error (self, error);

      if (g_error_matches (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_NETWORK))
        set_online (self, FALSE);
      else if (server_answered (error))
        set_online (self, TRUE);

      if (block != NULL)
        {
          g_debug ("Background pulls of account %" G_GINT64_FORMAT " stop: %s",
                   self->account_id, error->message);
          set_blocked_reason (self, block);
          clear_timer (self);
        }
      else
        {
          guint64 delay;

          self->failures++;
          delay = MAX (backoff_ms (self, self->failures),
                       (guint64) rapport_provider_error_get_retry_after (error) * 1000);
          g_debug ("Pull %u of account %" G_GINT64_FORMAT " in a row failed: %s",
                   self->failures, self->account_id, error->message);
          schedule_pull (self, delay);
        }
    }

  g_object_thaw_notify (G_OBJECT (self));

  g_signal_emit (self, signals[SIGNAL_SYNC_FINISHED], 0, error);

  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    _rapport_workspace_set_aside_refresh (self);

  /* Refreshes asked for after stop() wait for the fresh pull. */
  if (again)
    pull_now (self);
  else
    complete_waiters (self, error);
}

static void
on_sync_progress_cb (RapportSyncEngine *engine,
                     guint64            done,
                     guint64            total,
                     RapportWorkspace  *self)
{
  set_progress (self, done, total);
}

static void
on_sync_syncing_cb (RapportSyncEngine *engine,
                    GParamSpec        *pspec,
                    RapportWorkspace  *self)
{
  gboolean syncing = rapport_sync_engine_get_syncing (engine);

  g_object_freeze_notify (G_OBJECT (self));
  if (syncing && !self->syncing)
    set_progress (self, 0, 0);
  set_boolean (self, &self->syncing, syncing, PROP_SYNCING);
  update_pull_pending (self);
  g_object_thaw_notify (G_OBJECT (self));
}

/* ---------------------------------------------------------------------------------------------
 * Push engine, network
 * ------------------------------------------------------------------------------------------- */

static void
on_push_online_cb (RapportPushEngine *engine,
                   GParamSpec        *pspec,
                   RapportWorkspace  *self)
{
  set_online (self, rapport_push_engine_get_online (engine));
}

static void
on_push_op_changed_cb (RapportPushEngine  *engine,
                       gint64              op_id,
                       RapportOutboxState  state,
                       RapportWorkspace   *self)
{
  /* The server took it. (Its "online" only says so when it was offline before.) */
  if (state == RAPPORT_OUTBOX_STATE_DONE)
    set_online (self, TRUE);
}

static void
on_network_changed_cb (GNetworkMonitor  *monitor,
                       gboolean          available,
                       RapportWorkspace *self)
{
  gboolean was_available = self->network_available;

  self->network_available = available;

  if (!available || !self->started || self->blocked_reason != NULL)
    return;

  /* Only the network coming back, or a change of it while the server could not be reached:
   * other changes (a new address, a VPN) come often and say nothing about the server. */
  if (was_available && self->online)
    return;

  /* While the server stays unreachable, changes of the network (routes, addresses) can come
   * in bursts: the backoff goes on growing, only the network really coming back resets it. */
  if (!was_available)
    self->failures = 0;

  g_debug ("The network changed: pulling account %" G_GINT64_FORMAT " and sending its outbox",
           self->account_id);
  pull_now (self);
  rapport_push_engine_kick (self->push_engine);
}

/* ---------------------------------------------------------------------------------------------
 * Public API
 * ------------------------------------------------------------------------------------------- */

/**
 * rapport_workspace_new:
 * @store: the open store
 * @account: a stored account (its id is set)
 * @provider: the backend of @account
 *
 * Returns: (transfer full): a stopped workspace; call rapport_workspace_start()
 */
RapportWorkspace *
rapport_workspace_new (RapportStore    *store,
                       RapportAccount  *account,
                       RapportProvider *provider)
{
  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);
  g_return_val_if_fail (RAPPORT_IS_ACCOUNT (account), NULL);
  g_return_val_if_fail (rapport_account_get_id (account) > 0, NULL);
  g_return_val_if_fail (RAPPORT_IS_PROVIDER (provider), NULL);

  return g_object_new (RAPPORT_TYPE_WORKSPACE,
                       "store", store,
                       "account", account,
                       "provider", provider,
                       NULL);
}

RapportStore *
rapport_workspace_get_store (RapportWorkspace *self)
{
  g_return_val_if_fail (RAPPORT_IS_WORKSPACE (self), NULL);

  return self->store;
}

RapportAccount *
rapport_workspace_get_account (RapportWorkspace *self)
{
  g_return_val_if_fail (RAPPORT_IS_WORKSPACE (self), NULL);

  return self->account;
}

gint64
rapport_workspace_get_account_id (RapportWorkspace *self)
{
  g_return_val_if_fail (RAPPORT_IS_WORKSPACE (self), 0);

  return self->account_id;
}

RapportProvider *
rapport_workspace_get_provider (RapportWorkspace *self)
{
  g_return_val_if_fail (RAPPORT_IS_WORKSPACE (self), NULL);

  return self->provider;
}

RapportSyncEngine *
rapport_workspace_get_sync_engine (RapportWorkspace *self)
{
  g_return_val_if_fail (RAPPORT_IS_WORKSPACE (self), NULL);

  return self->sync_engine;
}

RapportPushEngine *
rapport_workspace_get_push_engine (RapportWorkspace *self)
{
  g_return_val_if_fail (RAPPORT_IS_WORKSPACE (self), NULL);

  return self->push_engine;
}

/**
 * rapport_workspace_start:
 *
 * Starts the push engine and the background pull (a pull at once, unless one runs already
 * or the workspace is blocked). Idempotent.
 */
void
rapport_workspace_start (RapportWorkspace *self)
{
  g_return_if_fail (RAPPORT_IS_WORKSPACE (self));
  g_return_if_fail (self->sync_engine != NULL);

  if (self->started)
    return;

  self->started = TRUE;
  rapport_push_engine_start (self->push_engine);
  _rapport_workspace_authority_start (self);
  _rapport_workspace_set_aside_refresh (self);

  if (self->blocked_reason == NULL)
    pull_now (self);
}

/**
 * rapport_workspace_stop:
 *
 * Stops the background pull and cancels a pull the workspace started (its "sync-finished"
 * reports G_IO_ERROR_CANCELLED); every refresh waiting now fails with G_IO_ERROR_CANCELLED
 * at once; stops the push engine scheduling sends (sends under way finish). A pull asked for
 * before the cancelled one ended runs after it.
 */
void
rapport_workspace_stop (RapportWorkspace *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (RAPPORT_IS_WORKSPACE (self));

  self->started = FALSE;
  self->pull_wanted = FALSE;
  self->pull_after = FALSE;
  clear_timer (self);
  _rapport_workspace_content_stop (self);
  update_pull_pending (self);

  if (self->pull_cancellable != NULL)
    {
      if (self->own_pull && rapport_sync_engine_get_syncing (self->sync_engine))
        self->draining = TRUE;
      g_cancellable_cancel (self->pull_cancellable);
      g_clear_object (&self->pull_cancellable);
    }

  if (self->push_engine != NULL)
    rapport_push_engine_stop (self->push_engine);

  /* Every refresh waiting now ends: the pull it waits for is cancelled, or will not start. */
  if (!g_queue_is_empty (&self->waiters))
    {
      error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "The workspace stopped");
      complete_waiters (self, error);
    }
}

/**
 * rapport_workspace_sync_now:
 *
 * Pulls now (or joins the pull under way) and kicks the push engine: clears
 * "blocked-reason" and the backoff of both.
 */
void
rapport_workspace_sync_now (RapportWorkspace *self)
{
  g_return_if_fail (RAPPORT_IS_WORKSPACE (self));
  g_return_if_fail (self->sync_engine != NULL);

  set_blocked_reason (self, NULL);
  self->failures = 0;
  _rapport_workspace_content_want (self);
  rapport_push_engine_kick (self->push_engine);
  _rapport_workspace_refresh_authority_in_background (self);
  pull_now (self);
}

/**
 * rapport_workspace_refresh_async:
 * @self: a #RapportWorkspace
 * @cancellable: (nullable): cancels the wait (the pull goes on for the others)
 * @callback: called when the pull ended
 * @user_data: data for @callback
 *
 * Pulls now, or joins the pull under way, and reports how it ended. Does not clear
 * "blocked-reason" (a success does).
 */
void
rapport_workspace_refresh_async (RapportWorkspace    *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Waiter *waiter;

  g_return_if_fail (RAPPORT_IS_WORKSPACE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rapport_workspace_refresh_async);

  if (g_task_return_error_if_cancelled (task))
    return;

  if (self->sync_engine == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               "The workspace is being destroyed");
      return;
    }

  waiter = g_new0 (Waiter, 1);
  waiter->task = g_steal_pointer (&task);
  if (cancellable != NULL)
    {
      waiter->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_static_name (waiter->cancel_source, "[rapport-workspace] refresh cancelled");
      g_source_set_callback (waiter->cancel_source, G_SOURCE_FUNC (on_waiter_cancelled_cb),
                             waiter, NULL);
      g_source_attach (waiter->cancel_source, self->context);
    }
  g_queue_push_tail (&self->waiters, waiter);

  pull_now (self);
}

/**
 * rapport_workspace_refresh_finish:
 *
 * Returns: %TRUE when the pull succeeded; %FALSE with @error (the pull's error, or
 *   G_IO_ERROR_CANCELLED) otherwise.
 */
gboolean
rapport_workspace_refresh_finish (RapportWorkspace  *self,
                                  GAsyncResult      *result,
                                  GError           **error)
{
  g_return_val_if_fail (RAPPORT_IS_WORKSPACE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        rapport_workspace_refresh_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
rapport_workspace_get_online (RapportWorkspace *self)
{
  g_return_val_if_fail (RAPPORT_IS_WORKSPACE (self), FALSE);

  return self->online;
}

gboolean
rapport_workspace_get_syncing (RapportWorkspace *self)
{
  g_return_val_if_fail (RAPPORT_IS_WORKSPACE (self), FALSE);

  return self->syncing;
}

gboolean
rapport_workspace_get_pull_pending (RapportWorkspace *self)
{
  g_return_val_if_fail (RAPPORT_IS_WORKSPACE (self), FALSE);

  return self->pull_pending;
}

gboolean
rapport_workspace_get_first_sync (RapportWorkspace *self)
{
  g_return_val_if_fail (RAPPORT_IS_WORKSPACE (self), FALSE);

  return self->first_sync;
}

guint64
rapport_workspace_get_progress_done (RapportWorkspace *self)
{
  g_return_val_if_fail (RAPPORT_IS_WORKSPACE (self), 0);

  return self->progress_done;
}

guint64
rapport_workspace_get_progress_total (RapportWorkspace *self)
{
  g_return_val_if_fail (RAPPORT_IS_WORKSPACE (self), 0);

  return self->progress_total;
}

int
rapport_workspace_get_blocked_code (RapportWorkspace *self)
{
  g_return_val_if_fail (RAPPORT_IS_WORKSPACE (self), -1);

  return self->blocked_reason != NULL ? self->blocked_code : -1;
}

const char *
rapport_workspace_get_blocked_reason (RapportWorkspace *self)
{
  g_return_val_if_fail (RAPPORT_IS_WORKSPACE (self), NULL);

  return self->blocked_reason;
}

const GError *
rapport_workspace_get_pull_error (RapportWorkspace *self)
{
  g_return_val_if_fail (RAPPORT_IS_WORKSPACE (self), NULL);

  return self->pull_error;
}

const char *
rapport_workspace_get_last_error (RapportWorkspace *self)
{
  g_return_val_if_fail (RAPPORT_IS_WORKSPACE (self), NULL);

  return self->last_error;
}

gboolean
rapport_workspace_get_can_write (RapportWorkspace *self)
{
  g_return_val_if_fail (RAPPORT_IS_WORKSPACE (self), FALSE);

  return self->provider != NULL && rapport_provider_can_write (self->provider);
}

guint
rapport_workspace_get_sync_interval (RapportWorkspace *self)
{
  g_return_val_if_fail (RAPPORT_IS_WORKSPACE (self), 0);

  return self->sync_interval;
}

/**
 * rapport_workspace_set_sync_interval:
 * @seconds: from 1 to a day
 *
 * A waiting background pull (not a retry after a failure) is moved to @seconds after the end
 * of the previous pull.
 */
void
rapport_workspace_set_sync_interval (RapportWorkspace *self,
                                     guint             seconds)
{
  g_return_if_fail (RAPPORT_IS_WORKSPACE (self));
  g_return_if_fail (seconds > 0 && seconds <= MAX_SYNC_INTERVAL);

  if (self->sync_interval == seconds)
    return;

  self->sync_interval = seconds;

  if (self->timer != NULL && self->failures == 0)
    {
      gint64 due = self->last_pull_end + (gint64) seconds * G_USEC_PER_SEC;
      gint64 left = MAX (due - g_get_monotonic_time (), 0);

      schedule_pull (self, (guint64) (left / 1000));
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNC_INTERVAL]);
}

static void
set_backoff_base_ms (RapportWorkspace *self,
                     guint             base_ms)
{
  if (self->backoff_base_ms == base_ms)
    return;

  self->backoff_base_ms = base_ms;
  if (self->push_engine != NULL)
    rapport_push_engine_set_backoff_base_ms (self->push_engine, base_ms);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BACKOFF_BASE_MS]);
}

static void
set_backoff_cap_ms (RapportWorkspace *self,
                    guint             cap_ms)
{
  if (self->backoff_cap_ms == cap_ms)
    return;

  self->backoff_cap_ms = cap_ms;
  if (self->push_engine != NULL)
    rapport_push_engine_set_backoff_cap_ms (self->push_engine, cap_ms);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BACKOFF_CAP_MS]);
}

void
_rapport_workspace_notify_authority (RapportWorkspace *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTHORITY]);
}

/* ---------------------------------------------------------------------------------------------
 * GObject
 * ------------------------------------------------------------------------------------------- */

static void
rapport_workspace_constructed (GObject *object)
{
  RapportWorkspace *self = RAPPORT_WORKSPACE (object);

  G_OBJECT_CLASS (rapport_workspace_parent_class)->constructed (object);

  g_assert (self->store != NULL && self->account != NULL && self->provider != NULL);

  self->account_id = rapport_account_get_id (self->account);

  self->sync_engine = rapport_sync_engine_new (self->store, self->provider, self->account_id);
  g_signal_connect_object (self->sync_engine, "sync-finished",
                           G_CALLBACK (on_sync_finished_cb), self, 0);
  g_signal_connect_object (self->sync_engine, "progress",
                           G_CALLBACK (on_sync_progress_cb), self, 0);
  g_signal_connect_object (self->sync_engine, "notify::syncing",
                           G_CALLBACK (on_sync_syncing_cb), self, 0);

  self->push_engine = rapport_push_engine_new (self->store, self->provider, self->account_id);
  rapport_push_engine_set_backoff_base_ms (self->push_engine, self->backoff_base_ms);
  rapport_push_engine_set_backoff_cap_ms (self->push_engine, self->backoff_cap_ms);
  g_signal_connect_object (self->push_engine, "notify::online",
                           G_CALLBACK (on_push_online_cb), self, 0);
  g_signal_connect_object (self->push_engine, "op-changed",
                           G_CALLBACK (on_push_op_changed_cb), self, 0);

  self->monitor = g_object_ref (g_network_monitor_get_default ());
  self->network_available = g_network_monitor_get_network_available (self->monitor);
  g_signal_connect_object (self->monitor, "network-changed",
                           G_CALLBACK (on_network_changed_cb), self, 0);

  _rapport_workspace_authority_constructed (self);
}

static void
rapport_workspace_dispose (GObject *object)
{
  RapportWorkspace *self = RAPPORT_WORKSPACE (object);
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (self->cancellable);
  self->started = FALSE;
  self->pull_wanted = FALSE;
  clear_timer (self);
  _rapport_workspace_content_stop (self);

  if (self->pull_cancellable != NULL)
    {
      g_cancellable_cancel (self->pull_cancellable);
      g_clear_object (&self->pull_cancellable);
    }

  if (self->monitor != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->monitor, self);
      g_clear_object (&self->monitor);
    }

  _rapport_workspace_authority_dispose (self);

  if (self->sync_engine != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->sync_engine, self);
      g_clear_object (&self->sync_engine);
    }

  if (self->push_engine != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->push_engine, self);
      rapport_push_engine_stop (self->push_engine);
      g_clear_object (&self->push_engine);
    }

  if (!g_queue_is_empty (&self->waiters))
    {
      error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                   "The workspace is being destroyed");
      complete_waiters (self, error);
    }

  G_OBJECT_CLASS (rapport_workspace_parent_class)->dispose (object);
}

static void
rapport_workspace_finalize (GObject *object)
{
  RapportWorkspace *self = RAPPORT_WORKSPACE (object);

  g_assert (g_queue_is_empty (&self->waiters));
  g_assert (self->timer == NULL);

  g_clear_object (&self->store);
  g_clear_object (&self->account);
  g_clear_object (&self->provider);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->blocked_reason, g_free);
  g_clear_pointer (&self->last_error, g_free);
  g_clear_error (&self->pull_error);
  _rapport_workspace_content_finalize (self);
  _rapport_workspace_set_aside_finalize (self);
  g_clear_pointer (&self->server_authority, rapport_authority_free);
  g_clear_pointer (&self->authority, rapport_authority_free);

  G_OBJECT_CLASS (rapport_workspace_parent_class)->finalize (object);
}

static void
rapport_workspace_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  RapportWorkspace *self = RAPPORT_WORKSPACE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;

    case PROP_PROVIDER:
      g_value_set_object (value, self->provider);
      break;

    case PROP_SYNC_ENGINE:
      g_value_set_object (value, self->sync_engine);
      break;

    case PROP_PUSH_ENGINE:
      g_value_set_object (value, self->push_engine);
      break;

    case PROP_ONLINE:
      g_value_set_boolean (value, self->online);
      break;

    case PROP_SYNCING:
      g_value_set_boolean (value, self->syncing);
      break;

    case PROP_PULL_PENDING:
      g_value_set_boolean (value, self->pull_pending);
      break;

    case PROP_FIRST_SYNC:
      g_value_set_boolean (value, self->first_sync);
      break;

    case PROP_PROGRESS_DONE:
      g_value_set_uint64 (value, self->progress_done);
      break;

    case PROP_PROGRESS_TOTAL:
      g_value_set_uint64 (value, self->progress_total);
      break;

    case PROP_BLOCKED_REASON:
      g_value_set_string (value, self->blocked_reason);
      break;

    case PROP_LAST_ERROR:
      g_value_set_string (value, self->last_error);
      break;

    case PROP_PULL_ERROR:
      g_value_set_boxed (value, self->pull_error);
      break;

    case PROP_SET_ASIDE:
      g_value_set_boxed (value, rapport_workspace_get_set_aside (self));
      break;

    case PROP_CAN_WRITE:
      g_value_set_boolean (value, rapport_workspace_get_can_write (self));
      break;

    case PROP_SYNC_INTERVAL:
      g_value_set_uint (value, self->sync_interval);
      break;

    case PROP_BACKOFF_BASE_MS:
      g_value_set_uint (value, self->backoff_base_ms);
      break;

    case PROP_BACKOFF_CAP_MS:
      g_value_set_uint (value, self->backoff_cap_ms);
      break;

    case PROP_AUTHORITY:
      g_value_set_boxed (value, self->authority);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_workspace_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  RapportWorkspace *self = RAPPORT_WORKSPACE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_ACCOUNT:
      self->account = g_value_dup_object (value);
      break;

    case PROP_PROVIDER:
      self->provider = g_value_dup_object (value);
      break;

    case PROP_SYNC_INTERVAL:
      rapport_workspace_set_sync_interval (self, g_value_get_uint (value));
      break;

    case PROP_BACKOFF_BASE_MS:
      set_backoff_base_ms (self, g_value_get_uint (value));
      break;

    case PROP_BACKOFF_CAP_MS:
      set_backoff_cap_ms (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_workspace_class_init (RapportWorkspaceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = rapport_workspace_constructed;
  object_class->dispose = rapport_workspace_dispose;
  object_class->finalize = rapport_workspace_finalize;
  object_class->get_property = rapport_workspace_get_property;
  object_class->set_property = rapport_workspace_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         RAPPORT_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL,
                         RAPPORT_TYPE_ACCOUNT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROVIDER] =
    g_param_spec_object ("provider", NULL, NULL,
                         RAPPORT_TYPE_PROVIDER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SYNC_ENGINE] =
    g_param_spec_object ("sync-engine", NULL, NULL,
                         RAPPORT_TYPE_SYNC_ENGINE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PUSH_ENGINE] =
    g_param_spec_object ("push-engine", NULL, NULL,
                         RAPPORT_TYPE_PUSH_ENGINE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ONLINE] =
    g_param_spec_boolean ("online", NULL, NULL,
                          TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SYNCING] =
    g_param_spec_boolean ("syncing", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PULL_PENDING] =
    g_param_spec_boolean ("pull-pending", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FIRST_SYNC] =
    g_param_spec_boolean ("first-sync", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROGRESS_DONE] =
    g_param_spec_uint64 ("progress-done", NULL, NULL,
                         0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROGRESS_TOTAL] =
    g_param_spec_uint64 ("progress-total", NULL, NULL,
                         0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BLOCKED_REASON] =
    g_param_spec_string ("blocked-reason", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_ERROR] =
    g_param_spec_string ("last-error", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PULL_ERROR] =
    g_param_spec_boxed ("pull-error", NULL, NULL,
                        G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SET_ASIDE] =
    g_param_spec_boxed ("set-aside", NULL, NULL,
                        G_TYPE_PTR_ARRAY,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_WRITE] =
    g_param_spec_boolean ("can-write", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SYNC_INTERVAL] =
    g_param_spec_uint ("sync-interval", NULL, NULL,
                       1, MAX_SYNC_INTERVAL, RAPPORT_WORKSPACE_DEFAULT_SYNC_INTERVAL,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BACKOFF_BASE_MS] =
    g_param_spec_uint ("backoff-base-ms", NULL, NULL,
                       1, G_MAXINT32, DEFAULT_BACKOFF_BASE_MS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BACKOFF_CAP_MS] =
    g_param_spec_uint ("backoff-cap-ms", NULL, NULL,
                       1, G_MAXINT32, DEFAULT_BACKOFF_CAP_MS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_AUTHORITY] =
    g_param_spec_boxed ("authority", NULL, NULL, RAPPORT_TYPE_AUTHORITY,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RapportWorkspace::sync-finished:
   * @self: the workspace
   * @error: (nullable): why the pull failed, %NULL on success
   *
   * After each pull of the account's sync engine ended, once the workspace's properties
   * ("online", "last-error", "blocked-reason", "first-sync") say how.
   */
  signals[SIGNAL_SYNC_FINISHED] =
    g_signal_new ("sync-finished",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
rapport_workspace_init (RapportWorkspace *self)
{
  self->context = g_main_context_ref_thread_default ();
  self->cancellable = g_cancellable_new ();
  g_queue_init (&self->waiters);
  self->online = TRUE;
  self->sync_interval = RAPPORT_WORKSPACE_DEFAULT_SYNC_INTERVAL;
  self->backoff_base_ms = DEFAULT_BACKOFF_BASE_MS;
  self->backoff_cap_ms = DEFAULT_BACKOFF_CAP_MS;
}
