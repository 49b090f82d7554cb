/* rapport-workspace-authority.c: the workspace's authority, what the user may do with money
 * (role, may decide) and the policy in force, resolved from the provider's last answer and the
 * policy settings; fetched at start and on sync-now, and again whenever the settings change.
 * The last answer is kept in the store, so that a start without the server still knows the
 * user's role (from_cache) until the server answers again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-workspace"

#include "config.h"

#include "rapport-workspace.h"

#include "rapport-workspace-private.h"

#include <string.h>

/* Whether two policies say the same (two policies parsed from the same text are equal). */
static gboolean
policy_equal (const RapportPolicy *a,
              const RapportPolicy *b)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL ||
      g_strcmp0 (rapport_policy_get_currency (a), rapport_policy_get_currency (b)) != 0 ||
      rapport_policy_get_customer_window_days (a) != rapport_policy_get_customer_window_days (b) ||
      g_strcmp0 (rapport_policy_get_agent_day_time_zone (a),
                 rapport_policy_get_agent_day_time_zone (b)) != 0)
    return FALSE;

  for (guint role = 0; role < RAPPORT_N_ROLES; role++)
    for (guint kind = 0; kind < RAPPORT_N_MONEY_KINDS; kind++)
      if (memcmp (rapport_policy_get_limits (a, role, kind),
                  rapport_policy_get_limits (b, role, kind), sizeof (RapportPolicyLimits)) != 0)
        return FALSE;

  return TRUE;
}

static gboolean
authority_equal (const RapportAuthority *a,
                 const RapportAuthority *b)
{
  return a->has_role == b->has_role &&
         (!a->has_role || a->role == b->role) &&
         a->may_decide == b->may_decide &&
         a->source == b->source &&
         a->locked == b->locked &&
         a->enforced == b->enforced &&
         a->answered_at == b->answered_at &&
         a->from_cache == b->from_cache &&
         g_strcmp0 (a->source_detail, b->source_detail) == 0 &&
         policy_equal (a->policy, b->policy);
}

/* Resolves the authority again from the provider's last answer and the settings; notifies
 * when anything changed. */
static void
resolve_authority (RapportWorkspace *self)
{
  RapportProviderCapabilities caps = rapport_provider_get_capabilities (self->provider);
  g_autoptr(RapportAuthority) old = g_steal_pointer (&self->authority);
  gboolean enforced = (caps & RAPPORT_PROVIDER_CAPABILITY_ENFORCES_LIMITS) != 0;

  self->authority = rapport_authority_resolve (self->server_authority, enforced,
                                               self->policy_settings);

  if (old == NULL || !authority_equal (old, self->authority))
    _rapport_workspace_notify_authority (self);
}

static void
on_policy_settings_changed_cb (GSettings        *settings,
                               const char       *key,
                               RapportWorkspace *self)
{
  resolve_authority (self);
}

void
_rapport_workspace_authority_constructed (RapportWorkspace *self)
{
  self->policy_settings = rapport_policy_settings_new ();
  if (self->policy_settings != NULL)
    g_signal_connect_object (self->policy_settings, "changed::" RAPPORT_POLICY_SETTINGS_KEY,
                             G_CALLBACK (on_policy_settings_changed_cb), self, 0);
  resolve_authority (self);
}

void
_rapport_workspace_authority_dispose (RapportWorkspace *self)
{
  if (self->policy_settings != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->policy_settings, self);
      g_clear_object (&self->policy_settings);
    }
}

static void save_server_authority (RapportWorkspace *self);

static void
on_authority_saved_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(RapportWorkspace) self = _rapport_workspace_weak_ref_steal (user_data);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = rapport_store_save_authority_finish (RAPPORT_STORE (source), result, &error);
  if (!ok && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_message ("Cannot keep the authority of account %" G_GINT64_FORMAT ": %s",
               self != NULL ? self->account_id : 0, error->message);

  if (self == NULL)
    return;

  self->authority_saving = FALSE;
  /* What the store holds now is not known: the next answer writes again. */
  if (!ok)
    self->authority_kept = TRUE;
  if (self->authority_save_again)
    save_server_authority (self);
}

/* Keeps the provider's last answer in the store (one write at a time, the last answer
 * last); an answer without a role, or none, forgets what was kept. */
static void
save_server_authority (RapportWorkspace *self)
{
  gboolean forget = self->server_authority == NULL || !self->server_authority->has_role;

  if (self->authority_saving)
    {
      self->authority_save_again = TRUE;
      return;
    }

  self->authority_save_again = FALSE;
  /* Nothing kept, nothing to forget. */
  if (forget && !self->authority_kept)
    return;

  self->authority_saving = TRUE;
  self->authority_kept = !forget;
  rapport_store_save_authority_async (self->store, self->account_id, self->server_authority,
                                      self->cancellable, on_authority_saved_cb,
                                      _rapport_workspace_weak_ref_new (self));
}

/* The provider's answer (transfer full; NULL: it has no fetch_authority): in force from now,
 * as of now, and kept for the next start. */
static void
take_server_authority (RapportWorkspace *self,
                       RapportAuthority *answer)
{
  g_clear_pointer (&self->server_authority, rapport_authority_free);
  self->server_authority = answer;
  self->authority_answered = TRUE;
  if (answer != NULL)
    {
      answer->answered_at = g_get_real_time () / G_USEC_PER_SEC;
      answer->from_cache = FALSE;
    }
  resolve_authority (self);
  save_server_authority (self);
}

static void
on_kept_authority_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(RapportWorkspace) self = _rapport_workspace_weak_ref_steal (user_data);
  g_autoptr(RapportAuthority) kept = NULL;
  g_autoptr(GError) error = NULL;

  kept = rapport_store_load_authority_finish (RAPPORT_STORE (source), result, &error);
  if (self == NULL)
    return;

  if (error != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error != NULL)
    g_message ("Cannot read the kept authority of account %" G_GINT64_FORMAT ": %s",
               self->account_id, error->message);
  if (error == NULL && kept == NULL)
    return;

  /* Something is kept (maybe unreadable): the server's answer replaces or forgets it. */
  self->authority_kept = TRUE;
  if (self->authority_answered)
    {
      /* The server answered first: its answer is newer than what was kept. */
      save_server_authority (self);
      return;
    }
  if (kept == NULL)
    return;

  g_clear_pointer (&self->server_authority, rapport_authority_free);
  self->server_authority = g_steal_pointer (&kept);
  resolve_authority (self);
}

void
_rapport_workspace_authority_start (RapportWorkspace *self)
{
  if (!self->authority_answered)
    rapport_store_load_authority_async (self->store, self->account_id, self->cancellable,
                                        on_kept_authority_cb,
                                        _rapport_workspace_weak_ref_new (self));
  _rapport_workspace_refresh_authority_in_background (self);
}

static void
on_fetch_authority_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(RapportAuthority) answer = NULL;
  g_autoptr(GError) error = NULL;

  answer = rapport_provider_fetch_authority_finish (RAPPORT_PROVIDER (source), result, &error);
  if (answer == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED))
    {
      /* The last answer (or the settings' policy without a role) stays. */
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    return;

  take_server_authority (g_task_get_source_object (task), g_steal_pointer (&answer));
  g_task_return_boolean (task, TRUE);
}

/**
 * rapport_workspace_refresh_authority_async:
 * @self: a #RapportWorkspace
 * @cancellable: (nullable): a #GCancellable
 * @callback: called once the provider answered
 * @user_data: data for @callback
 *
 * Asks the provider for the user's authority now.
 */
void
rapport_workspace_refresh_authority_async (RapportWorkspace    *self,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (RAPPORT_IS_WORKSPACE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rapport_workspace_refresh_authority_async);
  rapport_provider_fetch_authority_async (self->provider, cancellable, on_fetch_authority_cb,
                                          task);
}

gboolean
rapport_workspace_refresh_authority_finish (RapportWorkspace  *self,
                                            GAsyncResult      *result,
                                            GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The background refresh holds only a weak reference: it keeps no workspace alive. */
static void
on_background_authority_cb (GObject      *source,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  g_autoptr(RapportWorkspace) self = _rapport_workspace_weak_ref_steal (user_data);
  g_autoptr(RapportAuthority) answer = NULL;
  g_autoptr(GError) error = NULL;

  answer = rapport_provider_fetch_authority_finish (RAPPORT_PROVIDER (source), result, &error);
  if (self == NULL)
    return;

  if (answer == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_message ("Cannot read the authority of account %" G_GINT64_FORMAT ": %s",
                   self->account_id, error->message);
      return;
    }

  take_server_authority (self, g_steal_pointer (&answer));
}

void
_rapport_workspace_refresh_authority_in_background (RapportWorkspace *self)
{
  rapport_provider_fetch_authority_async (self->provider, self->cancellable,
                                          on_background_authority_cb,
                                          _rapport_workspace_weak_ref_new (self));
}

/**
 * rapport_workspace_get_authority:
 *
 * Returns: (transfer none): what the user may do with money, and the policy in force
 */
const RapportAuthority *
rapport_workspace_get_authority (RapportWorkspace *self)
{
  g_return_val_if_fail (RAPPORT_IS_WORKSPACE (self), NULL);

  return self->authority;
}
