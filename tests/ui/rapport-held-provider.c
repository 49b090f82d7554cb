/* rapport-held-provider.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-held-provider"

#include "config.h"

#include "rapport-held-provider.h"

#include "rapport-sync-page.h"
#include "rapport-ui-test-util.h"

struct _RapportHeldProvider
{
  GObject  parent_instance;

  GQueue   waiting;        /* GTask *, oldest first */
  guint    n_customers;    /* sent so far, for their remote ids */
  guint    n_pages;
};

static void rapport_held_provider_iface_init (RapportProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RapportHeldProvider, rapport_held_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (RAPPORT_TYPE_PROVIDER,
                                                      rapport_held_provider_iface_init))

static void
rapport_held_provider_finalize (GObject *object)
{
  RapportHeldProvider *self = RAPPORT_HELD_PROVIDER (object);

  g_assert_cmpuint (g_queue_get_length (&self->waiting), ==, 0);

  G_OBJECT_CLASS (rapport_held_provider_parent_class)->finalize (object);
}

static void
rapport_held_provider_class_init (RapportHeldProviderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rapport_held_provider_finalize;
}

static void
rapport_held_provider_init (RapportHeldProvider *self)
{
  g_queue_init (&self->waiting);
}

static const char *
held_get_kind (RapportProvider *provider)
{
  return "held";
}

static void
held_pull_changes_async (RapportProvider     *provider,
                         const char          *cursor,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  RapportHeldProvider *self = RAPPORT_HELD_PROVIDER (provider);
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, held_pull_changes_async);
  g_queue_push_tail (&self->waiting, task);
}

static RapportSyncPage *
held_pull_changes_finish (RapportProvider  *provider,
                          GAsyncResult     *result,
                          GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
rapport_held_provider_iface_init (RapportProviderInterface *iface)
{
  iface->get_kind = held_get_kind;
  iface->pull_changes_async = held_pull_changes_async;
  iface->pull_changes_finish = held_pull_changes_finish;
}

RapportProvider *
rapport_held_provider_new (void)
{
  return g_object_new (RAPPORT_TYPE_HELD_PROVIDER, NULL);
}

guint
rapport_held_provider_get_n_waiting (RapportHeldProvider *self)
{
  g_return_val_if_fail (RAPPORT_IS_HELD_PROVIDER (self), 0);

  return g_queue_get_length (&self->waiting);
}

static GTask *
pop_waiting (RapportHeldProvider *self)
{
  GTask *task = g_queue_pop_head (&self->waiting);

  g_assert_nonnull (task);

  return task;
}

void
rapport_held_provider_answer_page (RapportHeldProvider *self,
                                   guint                n_customers,
                                   guint64              total_hint,
                                   gboolean             has_more)
{
  g_autoptr(GTask) task = NULL;
  RapportSyncPage *page;

  g_return_if_fail (RAPPORT_IS_HELD_PROVIDER (self));

  task = pop_waiting (self);
  page = rapport_sync_page_new ();
  for (guint i = 0; i < n_customers; i++)
    {
      RapportCustomer *customer = rapport_customer_new ();
      g_autoptr(RapportIdentity) identity = NULL;
      g_autofree char *remote_id = g_strdup_printf ("customer-%u", ++self->n_customers);
      g_autofree char *email = g_strdup_printf ("%s@example.com", remote_id);

      rapport_customer_set_remote_id (customer, remote_id);
      rapport_customer_set_display_name (customer, remote_id);
      identity = rapport_identity_new (RAPPORT_CHANNEL_EMAIL, email);
      rapport_customer_add_identity (customer, identity);
      g_ptr_array_add (page->customers, customer);
    }
  page->next_cursor = g_strdup_printf ("page-%u", ++self->n_pages);
  page->has_more = has_more;
  page->total_hint = total_hint;

  g_task_return_pointer (task, page, (GDestroyNotify) rapport_sync_page_free);
}

void
rapport_held_provider_answer_error (RapportHeldProvider *self,
                                    RapportProviderError code)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (RAPPORT_IS_HELD_PROVIDER (self));

  task = pop_waiting (self);
  g_task_return_new_error (task, RAPPORT_PROVIDER_ERROR, code, "Scripted failure %d", code);
}

void
rapport_held_provider_answer_gerror (RapportHeldProvider *self,
                                     const GError        *error)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (RAPPORT_IS_HELD_PROVIDER (self));
  g_return_if_fail (error != NULL);

  task = pop_waiting (self);
  g_task_return_error (task, g_error_copy (error));
}

void
rapport_held_provider_cancel_all (RapportHeldProvider *self)
{
  g_return_if_fail (RAPPORT_IS_HELD_PROVIDER (self));

  while (!g_queue_is_empty (&self->waiting))
    {
      g_autoptr(GTask) task = pop_waiting (self);

      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Cancelled");
    }
}

static gboolean
pull_waiting (gpointer user_data)
{
  return rapport_held_provider_get_n_waiting (user_data) > 0;
}

void
rapport_held_provider_wait_for_pull (RapportHeldProvider *self)
{
  g_return_if_fail (RAPPORT_IS_HELD_PROVIDER (self));

  rapport_test_wait_until (pull_waiting, self, 5000, "a pull");
}

RapportWorkspace *
rapport_held_workspace_new (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "rapport.sqlite", NULL);
  g_autoptr(RapportStore) store = rapport_store_new (path);
  g_autoptr(RapportAccount) account = rapport_account_new ("held", NULL, "Helpdesk Test");
  g_autoptr(RapportProvider) provider = rapport_held_provider_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (rapport_store_open (store, NULL, &error));
  g_assert_no_error (error);
  rapport_account_set_user_remote_id (account, "sam.agent");
  rapport_account_set_user_name (account, "Sam Rivera");
  g_assert_true (rapport_store_add_account (store, account, NULL, &error));
  g_assert_no_error (error);

  return rapport_workspace_new (store, account, provider);
}

RapportHeldProvider *
rapport_held_workspace_get_provider (RapportWorkspace *workspace)
{
  return RAPPORT_HELD_PROVIDER (rapport_workspace_get_provider (workspace));
}

void
rapport_held_workspace_release (RapportWorkspace **workspace)
{
  RapportHeldProvider *provider = g_object_ref (rapport_held_workspace_get_provider (*workspace));
  RapportStore *store = g_object_ref (rapport_workspace_get_store (*workspace));

  rapport_workspace_stop (*workspace);
  rapport_held_provider_cancel_all (provider);
  rapport_test_release_and_wait (workspace);
  rapport_test_release_and_wait (&provider);
  rapport_test_release_and_wait (&store);
}
