/* rapport-workspace-set-aside.c
 *
 * The records set aside of a workspace's account ("set-aside"): the store's list, read at
 * start and after every pull that was not cancelled, for the UI to show.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-workspace"

#include "config.h"

#include "rapport-workspace-private.h"

static gboolean
same_records (GPtrArray *a,
              GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;

  for (guint i = 0; i < a->len; i++)
    {
      const RapportSetAside *x = a->pdata[i];
      const RapportSetAside *y = b->pdata[i];

      if (x->kind != y->kind || x->attempts != y->attempts ||
          g_strcmp0 (x->remote_id, y->remote_id) != 0 ||
          g_strcmp0 (x->parent_remote_id, y->parent_remote_id) != 0 ||
          g_strcmp0 (x->reason, y->reason) != 0)
        return FALSE;
    }

  return TRUE;
}

static void
on_list_set_aside_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(RapportWorkspace) self = _rapport_workspace_weak_ref_steal (user_data);
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;

  records = rapport_store_list_set_aside_finish (RAPPORT_STORE (source), result, &error);
  if (self == NULL)
    return;

  self->set_aside_reading = FALSE;

  if (records == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not read the records set aside for account %" G_GINT64_FORMAT ": %s",
                   self->account_id, error->message);
    }
  else if (self->set_aside == NULL || !same_records (self->set_aside, records))
    {
      g_clear_pointer (&self->set_aside, g_ptr_array_unref);
      self->set_aside = g_steal_pointer (&records);
      _rapport_workspace_notify_set_aside (self);
    }

  if (self->set_aside_again)
    _rapport_workspace_set_aside_refresh (self);
}

void
_rapport_workspace_set_aside_refresh (RapportWorkspace *self)
{
  if (self->set_aside_reading)
    {
      self->set_aside_again = TRUE;
      return;
    }

  self->set_aside_reading = TRUE;
  self->set_aside_again = FALSE;
  rapport_store_list_set_aside_async (self->store, self->account_id, self->cancellable,
                                      on_list_set_aside_cb,
                                      _rapport_workspace_weak_ref_new (self));
}

void
_rapport_workspace_set_aside_finalize (RapportWorkspace *self)
{
  g_clear_pointer (&self->set_aside, g_ptr_array_unref);
}

/**
 * rapport_workspace_get_set_aside:
 *
 * Returns: (transfer none) (element-type RapportSetAside): the records set aside for the
 *   account, as last read from the store (empty before the first read)
 */
GPtrArray *
rapport_workspace_get_set_aside (RapportWorkspace *self)
{
  g_return_val_if_fail (RAPPORT_IS_WORKSPACE (self), NULL);

  if (self->set_aside == NULL)
    self->set_aside = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_set_aside_free);

  return self->set_aside;
}
